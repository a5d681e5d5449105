/*
 * Tests of following references both ways, through the public API: every
 * iedu_query over a dataset about the nonferrous-metals community
 * (国家有色金属行业产教融合共同体), with exact result lists in the order
 * the records were added; counting first, truncation, de-duplication and
 * every failure with its exact message; records committed in a later
 * batch; the database's counting and lookup; and the names of kinds,
 * attributes and children.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <iedu.h>
#include "support/builder.h"

#define END_OF_LIST ((iedu_handle)0xFFFFFFFFu)
#define SENTINEL    ((iedu_handle)0xDEADBEEFu)
#define MAX_RESULTS 32

/* ---- building records ---- */

static void cite(iedu_batch *b, const char *source, const char *locator)
{
	if (locator)
		build_child(b, IEDU_CHILD_CITE, NULL, "source", source,
			    "locator", locator, NULL);
	else
		build_child(b, IEDU_CHILD_CITE, NULL, "source", source, NULL);
}

static void org(iedu_batch *b, const char *id, const char *type,
		const char *name)
{
	build_record(b, IEDU_KIND_ORGANIZATION, "id", id, "type", type, NULL);
	build_name_zh(b, name);
}

static void membership(iedu_batch *b, const char *member, const char *body,
		       const char *role)
{
	build_record(b, IEDU_KIND_MEMBERSHIP, "member", member, "body", body,
		     "role", role, NULL);
}

static void commit(iedu_batch *b)
{
	if (iedu_batch_commit(b) != IEDU_OK)
		fail_msg("commit: %s", iedu_error_message(iedu_error_last()));
	iedu_batch_free(b);
}

#define SRC "src-lvjia-2024-07-05"

/*
 * The first batch. Records of each kind are added in this order; the
 * comments give each id-less record its index.
 */
static void add_first_batch(iedu_db *db)
{
	iedu_batch *b;

	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);

	/* sources */
	build_record(b, IEDU_KIND_SOURCE, "id", SRC, "type", "news",
		     "published", "2024-07-05", "url",
		     "https://example.org/article", "xml:lang", "zh", NULL);
	build_child(b, IEDU_CHILD_TITLE,
		    "国家有色金属行业产教融合共同体成立大会在西南铝举行",
		    "xml:lang", "zh", NULL);
	build_child(b, IEDU_CHILD_PUBLISHER, "铝加网", "xml:lang", "zh", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_SOURCE, "id", "moe-2023-23", "type", "policy",
		     "published", "2023-10-11", NULL);
	build_child(b, IEDU_CHILD_TITLE,
		    "教育部办公厅关于公布第一批市域产教联合体名单的通知",
		    "xml:lang", "zh", NULL);
	build_child(b, IEDU_CHILD_ISSUER, NULL, "org", "moe", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_SOURCE, "id", "moe-2024-communities", "type",
		     "policy", "published", "2024-06-20", NULL);
	build_child(b, IEDU_CHILD_TITLE, "第一批国家级行业产教融合共同体名单",
		    "xml:lang", "zh", NULL);
	build_child(b, IEDU_CHILD_ISSUER, NULL, "org", "moe", NULL);
	build_end(b);

	/* organizations */
	build_record(b, IEDU_KIND_ORGANIZATION, "id", "nf-community", "type",
		     "community", "level", "national", "founded", "2024-07-02",
		     NULL);
	build_name_zh(b, "国家有色金属行业产教融合共同体");
	build_child(b, IEDU_CHILD_NAME,
		    "Industry–Education Integration Community of the National "
		    "Nonferrous Metals Industry",
		    "xml:lang", "en", NULL);
	build_child(b, IEDU_CHILD_ALIAS, "有色金属产教融合共同体", "xml:lang",
		    "zh", "kind", "short", NULL);
	cite(b, SRC, "第1段");
	cite(b, SRC, "第3段");
	cite(b, "moe-2024-communities", NULL);
	build_end(b);
	org(b, "chinalco", "enterprise", "中国铝业集团有限公司");
	build_child(b, IEDU_CHILD_ALIAS, "中铝集团", "xml:lang", "zh", "kind",
		    "short", NULL);
	build_child(b, IEDU_CHILD_IDENTIFIER, "91110000710931141J", "scheme",
		    "uscc", NULL);
	cite(b, SRC, NULL);
	build_end(b);
	org(b, "csu", "university", "中南大学");
	build_end(b);
	org(b, "lzre", "vocational-school", "兰州资源环境职业技术大学");
	build_end(b);
	org(b, "swa", "enterprise", "西南铝业（集团）有限责任公司");
	build_end(b);
	org(b, "zzri", "research-institute", "中铝郑州有色金属研究院有限公司");
	build_end(b);
	org(b, "nf-talent-centre", "association", "中国有色金属工业人才中心");
	build_end(b);
	org(b, "moe", "government", "中华人民共和国教育部");
	build_end(b);
	org(b, "zhuzhou-consortium", "consortium", "株洲轨道交通产教联合体");
	build_end(b);
	org(b, "suzhou-consortium", "consortium", "苏州工业园区市域产教联合体");
	build_end(b);

	/* persons */
	build_record(b, IEDU_KIND_PERSON, "id", "wu-yan", NULL);
	build_name_zh(b, "吴岩");
	build_child(b, IEDU_CHILD_NAME, "Wu Yan", "xml:lang", "en", NULL);
	cite(b, SRC, NULL);
	build_end(b);
	build_record(b, IEDU_KIND_PERSON, "id", "duan-xiangdong", NULL);
	build_name_zh(b, "段向东");
	build_end(b);

	/* memberships #0-#6 */
	membership(b, "chinalco", "nf-community", "lead chair");
	build_child(b, IEDU_CHILD_CITE, NULL, "source", SRC, "quote",
		    "牵头单位", NULL);
	build_end(b);
	membership(b, "csu", "nf-community", "lead");
	build_end(b);
	membership(b, "lzre", "nf-community", "lead");
	build_end(b);
	membership(b, "swa", "nf-community", "vice-chair");
	build_end(b);
	membership(b, "zzri", "nf-community", "vice-chair");
	build_end(b);
	membership(b, "nf-talent-centre", "nf-community", "secretariat");
	build_end(b);
	membership(b, "csu", "zhuzhou-consortium", "member");
	build_end(b);

	/* posts #0-#1 */
	build_record(b, IEDU_KIND_POST, "person", "wu-yan", "org", "moe", NULL);
	build_child(b, IEDU_CHILD_TITLE, "Vice Minister of Education",
		    "xml:lang", "en", NULL);
	build_child(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_POST, "person", "duan-xiangdong", "org",
		     "chinalco", NULL);
	build_child(b, IEDU_CHILD_TITLE, "董事长", "xml:lang", "zh", NULL);
	build_end(b);

	/* relations #0-#2 */
	build_record(b, IEDU_KIND_RELATION, "from", "swa", "to", "chinalco",
		     "type", "part-of", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_RELATION, "from", "zzri", "to", "chinalco",
		     "type", "part-of", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_RELATION, "from", "lzre", "to", "csu", "type",
		     "partner-of", "since", "2024", NULL);
	build_end(b);

	/* designations #0-#2 */
	build_record(b, IEDU_KIND_DESIGNATION, "org", "zhuzhou-consortium",
		     "programme", "national-city-consortium", "batch", "1",
		     "date", "2023-10-11", "issuer", "moe", NULL);
	cite(b, "moe-2023-23", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_DESIGNATION, "org", "suzhou-consortium",
		     "programme", "national-city-consortium", "batch", "1",
		     "issuer", "moe", NULL);
	cite(b, "moe-2023-23", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_DESIGNATION, "org", "nf-community",
		     "programme", "national-industry-community", "batch", "1",
		     "issuer", "moe", NULL);
	cite(b, "moe-2024-communities", NULL);
	build_end(b);

	/* events */
	build_record(b, IEDU_KIND_EVENT, "id", "ev-nf-founding", "type",
		     "conference", "date", "2024-07-02", "hosts", "chinalco",
		     "body", "nf-community", NULL);
	build_name_zh(b, "国家有色金属行业产教融合共同体成立大会");
	build_child(b, IEDU_CHILD_PLACE, "重庆市西南铝", "xml:lang", "zh",
		    "division", "500107", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "wu-yan", "role",
		    "speaker", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "org", "csu", "role",
		    "signatory", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "org", "lzre", "role",
		    "signatory", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "duan-xiangdong",
		    "role", "speaker", NULL);
	build_child(b, IEDU_CHILD_ATTENDANCE, NULL, "mode", "total", "value",
		    "260", "qualifier", "more-than", NULL);
	cite(b, SRC, NULL);
	build_end(b);
	build_record(b, IEDU_KIND_EVENT, "id", "ev-nf-council", "type",
		     "meeting", "date", "2024-07-02", "hosts", "chinalco csu",
		     "body", "nf-community", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "wu-yan", "role",
		    "guide", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "org", "chinalco", "role",
		    "organizer", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "wu-yan", "role",
		    "speaker", NULL);
	build_end(b);

	/* agreements */
	build_record(b, IEDU_KIND_AGREEMENT, "id", "ag-zhitongche", "type",
		     "framework", "signed", "2024-07-02", "event",
		     "ev-nf-founding", NULL);
	build_child(b, IEDU_CHILD_TITLE, "“中铝直通车”项目共建框架协议",
		    "xml:lang", "zh", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "lzre", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "nf-talent-centre", NULL);
	cite(b, SRC, NULL);
	build_end(b);
	build_record(b, IEDU_KIND_AGREEMENT, "id", "ag-csu-chinalco", "type",
		     "cooperation", "event", "ev-nf-founding", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "csu", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
	build_end(b);

	/* statistics */
	build_record(b, IEDU_KIND_STATISTIC, "id", "st-nf-members", "indicator",
		     "member-units", "subject", "nf-community", "date",
		     "2024-07-02", "value", "157", "unit", "organization",
		     NULL);
	build_child(b, IEDU_CHILD_LABEL, "member units", "xml:lang", "en",
		    NULL);
	build_child(b, IEDU_CHILD_PART, NULL, "key", "enterprise", "value",
		    "88", NULL);
	build_child(b, IEDU_CHILD_PART, NULL, "key", "university", "value",
		    "19", NULL);
	build_child(b, IEDU_CHILD_PART, NULL, "key", "vocational-school",
		    "value", "33", NULL);
	build_child(b, IEDU_CHILD_PART, NULL, "key", "research-institute",
		    "value", "16", NULL);
	build_child(b, IEDU_CHILD_PART, NULL, "key", "association", "value",
		    "1", NULL);
	build_child(b, IEDU_CHILD_CITE, NULL, "source", SRC, "quote",
		    "157家成员单位", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_STATISTIC, "id", "st-founding-attendance",
		     "indicator", "attendees", "subject", "ev-nf-founding",
		     "value", "260", "qualifier", "more-than", "unit", "person",
		     NULL);
	cite(b, SRC, NULL);
	build_end(b);

	assert_int_equal(iedu_batch_count(b), 36);
	commit(b);
}

/* The second batch: records that refer to records of the first. */
static void add_second_batch(iedu_db *db)
{
	iedu_batch *b;

	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	/* added in an order other than the kinds' */
	build_record(b, IEDU_KIND_STATISTIC, "id", "st-nf-members-2025",
		     "indicator", "member-units", "subject", "nf-community",
		     "date", "2025", "value", "170", "qualifier", "about",
		     NULL);
	cite(b, SRC, NULL);
	build_end(b);
	membership(b, "cq-polytechnic", "nf-community", "member");
	cite(b, SRC, NULL);
	build_end(b);
	org(b, "cq-polytechnic", "vocational-school", "重庆工业职业技术学院");
	cite(b, SRC, NULL);
	build_end(b);
	build_record(b, IEDU_KIND_RELATION, "from", "cq-polytechnic", "to",
		     "chinalco", "type", "partner-of", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_EVENT, "id", "ev-nf-2025", "type", "meeting",
		     "date", "2025-03-01", "hosts", "swa chinalco", "body",
		     "nf-community", NULL);
	build_child(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "wu-yan", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_AGREEMENT, "id", "ag-cq", "type",
		     "talent-training", "event", "ev-nf-founding", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "cq-polytechnic", NULL);
	build_child(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
	build_end(b);
	build_record(b, IEDU_KIND_DESIGNATION, "org", "cq-polytechnic",
		     "programme", "national-city-consortium", "issuer", "moe",
		     NULL);
	build_end(b);
	commit(b);
}

/* ---- fixtures ---- */

static int setup_one(void **state)
{
	iedu_db *db;

	if (iedu_db_new(&db) != IEDU_OK)
		return -1;
	add_first_batch(db);
	*state = db;
	return 0;
}

static int setup_two(void **state)
{
	if (setup_one(state) != 0)
		return -1;
	add_second_batch(*state);
	return 0;
}

static int teardown(void **state)
{
	iedu_db_free(*state);
	return 0;
}

/* ---- helpers ---- */

static iedu_handle id(const iedu_db *db, const char *s)
{
	iedu_handle h = 12345;

	if (iedu_db_lookup(&h, db, s) != IEDU_OK)
		fail_msg("no record '%s': %s", s,
			 iedu_error_message(iedu_error_last()));
	assert_int_not_equal(h, IEDU_NONE);
	return h;
}

static iedu_handle nth(const iedu_db *db, iedu_kind kind, uint32_t index)
{
	iedu_handle h = iedu_db_record_at(db, kind, index);

	assert_int_not_equal(h, IEDU_NONE);
	return h;
}

static void assert_last_error(int code, const char *message)
{
	const iedu_error *err = iedu_error_last();

	assert_int_equal(iedu_error_code(err), code);
	assert_string_equal(iedu_error_message(err), message);
}

/*
 * Runs a query and checks its result list exactly (expected ends with
 * END_OF_LIST), counting first, then with room for exactly the results.
 */
static void expect_list(const iedu_db *db, iedu_query q, iedu_handle target,
			const iedu_handle *expected)
{
	iedu_handle out[MAX_RESULTS + 1];
	size_t n = 0, count = 99, i;

	while (expected[n] != END_OF_LIST)
		n++;
	assert_int_equal(iedu_db_query(&count, NULL, 0, db, q, target),
			 IEDU_OK);
	assert_int_equal(count, n);
	for (i = 0; i <= MAX_RESULTS; i++)
		out[i] = SENTINEL;
	count = 99;
	assert_int_equal(iedu_db_query(&count, out, n, db, q, target), IEDU_OK);
	assert_int_equal(count, n);
	for (i = 0; i < n; i++)
		if (out[i] != expected[i])
			fail_msg(
			    "query %d of %s: result %zu is %s #%u, "
			    "expected %s #%u",
			    (int)q, iedu_record_id(db, target), i,
			    iedu_kind_name(iedu_record_kind(db, out[i])),
			    (unsigned)out[i],
			    iedu_kind_name(iedu_record_kind(db, expected[i])),
			    (unsigned)expected[i]);
	assert_int_equal(out[n], SENTINEL);
}

#define EXPECT(db, q, target, ...)                                             \
	do {                                                                   \
		const iedu_handle expected_[] = {__VA_ARGS__};                 \
		expect_list(db, q, target, expected_);                         \
	} while (0)

#define MEMB(i)	 nth(db, IEDU_KIND_MEMBERSHIP, i)
#define POST(i)	 nth(db, IEDU_KIND_POST, i)
#define REL(i)	 nth(db, IEDU_KIND_RELATION, i)
#define DESIG(i) nth(db, IEDU_KIND_DESIGNATION, i)
#define ID(s)	 id(db, s)
#define END	 END_OF_LIST

/* ---- every query, both ways ---- */

static void test_members_and_bodies(void **state)
{
	const iedu_db *db = *state;
	uint32_t i;

	EXPECT(db, IEDU_QUERY_MEMBERS_OF_BODY, ID("nf-community"), MEMB(0),
	       MEMB(1), MEMB(2), MEMB(3), MEMB(4), MEMB(5), END);
	EXPECT(db, IEDU_QUERY_MEMBERS_OF_BODY, ID("zhuzhou-consortium"),
	       MEMB(6), END);
	EXPECT(db, IEDU_QUERY_MEMBERS_OF_BODY, ID("chinalco"), END);
	EXPECT(db, IEDU_QUERY_BODIES_OF_MEMBER, ID("csu"), MEMB(1), MEMB(6),
	       END);
	EXPECT(db, IEDU_QUERY_BODIES_OF_MEMBER, ID("chinalco"), MEMB(0), END);
	EXPECT(db, IEDU_QUERY_BODIES_OF_MEMBER, ID("nf-community"), END);

	/* the other way: each membership names its member and body */
	for (i = 0; i < 6; i++)
		assert_int_equal(iedu_record_ref(db, MEMB(i), IEDU_ATTR_BODY),
				 ID("nf-community"));
	assert_int_equal(iedu_record_ref(db, MEMB(0), IEDU_ATTR_MEMBER),
			 ID("chinalco"));
	assert_int_equal(iedu_record_ref(db, MEMB(1), IEDU_ATTR_MEMBER),
			 ID("csu"));
	assert_int_equal(iedu_record_ref(db, MEMB(2), IEDU_ATTR_MEMBER),
			 ID("lzre"));
	assert_int_equal(iedu_record_ref(db, MEMB(6), IEDU_ATTR_BODY),
			 ID("zhuzhou-consortium"));
	assert_string_equal(iedu_record_attr(db, MEMB(0), IEDU_ATTR_ROLE),
			    "lead chair");
	assert_int_equal(iedu_record_roles(db, MEMB(0)),
			 IEDU_ROLE_LEAD | IEDU_ROLE_CHAIR);
	assert_int_equal(iedu_record_roles(db, MEMB(3)), IEDU_ROLE_VICE_CHAIR);
	assert_int_equal(iedu_record_roles(db, MEMB(4)), IEDU_ROLE_VICE_CHAIR);
	assert_int_equal(iedu_record_roles(db, MEMB(5)), IEDU_ROLE_SECRETARIAT);
	assert_int_equal(iedu_record_roles(db, ID("chinalco")), 0);
}

static void test_relations(void **state)
{
	const iedu_db *db = *state;

	EXPECT(db, IEDU_QUERY_RELATIONS_FROM, ID("swa"), REL(0), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_FROM, ID("zzri"), REL(1), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_FROM, ID("lzre"), REL(2), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_FROM, ID("chinalco"), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_TO, ID("chinalco"), REL(0), REL(1),
	       END);
	EXPECT(db, IEDU_QUERY_RELATIONS_TO, ID("csu"), REL(2), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_TO, ID("swa"), END);

	assert_int_equal(iedu_record_ref(db, REL(0), IEDU_ATTR_FROM),
			 ID("swa"));
	assert_int_equal(iedu_record_ref(db, REL(0), IEDU_ATTR_TO),
			 ID("chinalco"));
	assert_int_equal(iedu_record_ref(db, REL(1), IEDU_ATTR_FROM),
			 ID("zzri"));
	assert_int_equal(iedu_record_ref(db, REL(1), IEDU_ATTR_TO),
			 ID("chinalco"));
	assert_string_equal(iedu_record_attr(db, REL(1), IEDU_ATTR_TYPE),
			    "part-of");
	assert_string_equal(iedu_record_attr(db, REL(2), IEDU_ATTR_TO), "csu");
	assert_string_equal(iedu_record_attr(db, REL(2), IEDU_ATTR_SINCE),
			    "2024");
}

static void test_agreements(void **state)
{
	const iedu_db *db = *state;
	iedu_handle ag = ID("ag-zhitongche");

	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("chinalco"), ag,
	       ID("ag-csu-chinalco"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("lzre"), ag, END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("nf-talent-centre"), ag,
	       END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("csu"),
	       ID("ag-csu-chinalco"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("moe"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_AT_EVENT, ID("ev-nf-founding"), ag,
	       ID("ag-csu-chinalco"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_AT_EVENT, ID("ev-nf-council"), END);

	assert_int_equal(iedu_record_ref(db, ag, IEDU_ATTR_EVENT),
			 ID("ev-nf-founding"));
	assert_int_equal(iedu_record_child_count(db, ag, IEDU_CHILD_PARTY), 3);
	assert_int_equal(
	    iedu_record_child_ref(db, ag, IEDU_CHILD_PARTY, 0, IEDU_ATTR_ORG),
	    ID("chinalco"));
	assert_int_equal(
	    iedu_record_child_ref(db, ag, IEDU_CHILD_PARTY, 1, IEDU_ATTR_ORG),
	    ID("lzre"));
	assert_int_equal(
	    iedu_record_child_ref(db, ag, IEDU_CHILD_PARTY, 2, IEDU_ATTR_ORG),
	    ID("nf-talent-centre"));
	assert_int_equal(
	    iedu_record_child_ref(db, ag, IEDU_CHILD_PARTY, 3, IEDU_ATTR_ORG),
	    IEDU_NONE);
}

static void test_events(void **state)
{
	const iedu_db *db = *state;
	iedu_handle founding = ID("ev-nf-founding");
	iedu_handle council = ID("ev-nf-council");
	iedu_handle hosts[3] = {SENTINEL, SENTINEL, SENTINEL};
	size_t n = 0;

	EXPECT(db, IEDU_QUERY_EVENTS_OF_BODY, ID("nf-community"), founding,
	       council, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_BODY, ID("chinalco"), END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_HOST, ID("chinalco"), founding, council,
	       END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_HOST, ID("csu"), council, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_HOST, ID("nf-community"), END);
	/* wu-yan takes part in the council twice: listed once */
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("wu-yan"), founding,
	       council, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("duan-xiangdong"),
	       founding, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("csu"), founding, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("lzre"), founding, END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("chinalco"), council,
	       END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("moe"), END);

	assert_int_equal(iedu_record_ref(db, founding, IEDU_ATTR_BODY),
			 ID("nf-community"));
	assert_int_equal(
	    iedu_record_refs(&n, hosts, 3, db, council, IEDU_ATTR_HOSTS),
	    IEDU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hosts[0], ID("chinalco"));
	assert_int_equal(hosts[1], ID("csu"));
	assert_int_equal(hosts[2], SENTINEL);
	assert_string_equal(iedu_record_attr(db, council, IEDU_ATTR_HOSTS),
			    "chinalco csu");
	/* counting first, truncation, failures */
	n = 99;
	assert_int_equal(
	    iedu_record_refs(&n, NULL, 0, db, council, IEDU_ATTR_HOSTS),
	    IEDU_OK);
	assert_int_equal(n, 2);
	hosts[0] = hosts[1] = SENTINEL;
	assert_int_equal(
	    iedu_record_refs(&n, hosts, 1, db, council, IEDU_ATTR_HOSTS),
	    IEDU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hosts[1], SENTINEL);
	assert_int_equal(
	    iedu_record_refs(&n, hosts, 3, db, council, IEDU_ATTR_BODY),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_record_refs: event has no list "
				       "of references named 'body'");
	n = 99;
	assert_int_equal(
	    iedu_record_refs(&n, hosts, 3, NULL, council, IEDU_ATTR_HOSTS),
	    IEDU_EINVAL);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EINVAL, "iedu_record_refs: db is NULL");
	assert_int_equal(
	    iedu_record_refs(&n, hosts, 3, db, IEDU_NONE, IEDU_ATTR_HOSTS),
	    IEDU_ENOTFOUND);
	assert_last_error(IEDU_ENOTFOUND, "iedu_record_refs: handle 0 is not "
					  "a record of this database");
	assert_int_equal(iedu_record_child_ref(db, founding,
					       IEDU_CHILD_PARTICIPANT, 0,
					       IEDU_ATTR_PERSON),
			 ID("wu-yan"));
	assert_int_equal(iedu_record_child_ref(db, founding,
					       IEDU_CHILD_PARTICIPANT, 1,
					       IEDU_ATTR_ORG),
			 ID("csu"));
	assert_int_equal(iedu_record_child_ref(db, founding,
					       IEDU_CHILD_PARTICIPANT, 1,
					       IEDU_ATTR_PERSON),
			 IEDU_NONE);
	assert_string_equal(iedu_record_child_attr(db, founding,
						   IEDU_CHILD_ATTENDANCE, 0,
						   IEDU_ATTR_QUALIFIER),
			    "more-than");
}

static void test_posts(void **state)
{
	const iedu_db *db = *state;

	EXPECT(db, IEDU_QUERY_POSTS_OF_PERSON, ID("wu-yan"), POST(0), END);
	EXPECT(db, IEDU_QUERY_POSTS_OF_PERSON, ID("duan-xiangdong"), POST(1),
	       END);
	EXPECT(db, IEDU_QUERY_POSTS_IN_ORG, ID("moe"), POST(0), END);
	EXPECT(db, IEDU_QUERY_POSTS_IN_ORG, ID("chinalco"), POST(1), END);
	EXPECT(db, IEDU_QUERY_POSTS_IN_ORG, ID("csu"), END);

	assert_int_equal(iedu_record_ref(db, POST(0), IEDU_ATTR_PERSON),
			 ID("wu-yan"));
	assert_int_equal(iedu_record_ref(db, POST(0), IEDU_ATTR_ORG),
			 ID("moe"));
	assert_string_equal(
	    iedu_record_text(db, POST(0), IEDU_CHILD_TITLE, "zh"), "副部长");
	assert_string_equal(
	    iedu_record_text(db, ID("wu-yan"), IEDU_CHILD_NAME, "zh"), "吴岩");
	/* texts in canonical order: by language tag */
	assert_string_equal(iedu_record_child_attr(db, POST(0),
						   IEDU_CHILD_TITLE, 0,
						   IEDU_ATTR_LANG),
			    "en");
	assert_string_equal(
	    iedu_record_child_text(db, POST(0), IEDU_CHILD_TITLE, 1), "副部长");
}

static void test_statistics(void **state)
{
	const iedu_db *db = *state;
	iedu_handle st = ID("st-nf-members");

	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, ID("nf-community"), st,
	       END);
	/* a subject of any kind */
	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, ID("ev-nf-founding"),
	       ID("st-founding-attendance"), END);
	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, ID("wu-yan"), END);
	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, MEMB(0), END);
	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, st, END);

	assert_int_equal(iedu_record_ref(db, st, IEDU_ATTR_SUBJECT),
			 ID("nf-community"));
	assert_string_equal(iedu_record_attr(db, st, IEDU_ATTR_VALUE), "157");
	assert_string_equal(iedu_record_attr(db, st, IEDU_ATTR_QUALIFIER),
			    "exact");
	assert_string_equal(iedu_record_attr(db, st, IEDU_ATTR_STATUS),
			    "reported");
	assert_int_equal(iedu_record_child_count(db, st, IEDU_CHILD_PART), 5);
}

static void test_citing_source(void **state)
{
	const iedu_db *db = *state;
	iedu_handle src = ID(SRC);

	/* nf-community cites the source twice: listed once */
	EXPECT(db, IEDU_QUERY_CITING_SOURCE, src, ID("nf-community"),
	       ID("chinalco"), ID("wu-yan"), MEMB(0), ID("ev-nf-founding"),
	       ID("ag-zhitongche"), ID("st-nf-members"),
	       ID("st-founding-attendance"), END);
	EXPECT(db, IEDU_QUERY_CITING_SOURCE, ID("moe-2023-23"), DESIG(0),
	       DESIG(1), END);
	EXPECT(db, IEDU_QUERY_CITING_SOURCE, ID("moe-2024-communities"),
	       ID("nf-community"), DESIG(2), END);

	assert_int_equal(
	    iedu_record_child_count(db, ID("nf-community"), IEDU_CHILD_CITE),
	    3);
	assert_int_equal(iedu_record_child_ref(db, ID("nf-community"),
					       IEDU_CHILD_CITE, 1,
					       IEDU_ATTR_SOURCE),
			 src);
	assert_string_equal(iedu_record_child_attr(db, ID("nf-community"),
						   IEDU_CHILD_CITE, 1,
						   IEDU_ATTR_LOCATOR),
			    "第3段");
	assert_string_equal(iedu_record_child_attr(db, ID("st-nf-members"),
						   IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_QUOTE),
			    "157家成员单位");
}

static void test_designations(void **state)
{
	const iedu_db *db = *state;

	EXPECT(db, IEDU_QUERY_DESIGNATIONS_OF_ORG, ID("zhuzhou-consortium"),
	       DESIG(0), END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_OF_ORG, ID("suzhou-consortium"),
	       DESIG(1), END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_OF_ORG, ID("nf-community"), DESIG(2),
	       END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_OF_ORG, ID("moe"), END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_BY_ISSUER, ID("moe"), DESIG(0),
	       DESIG(1), DESIG(2), END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_BY_ISSUER, ID("zhuzhou-consortium"),
	       END);

	assert_int_equal(iedu_record_ref(db, DESIG(0), IEDU_ATTR_ORG),
			 ID("zhuzhou-consortium"));
	assert_int_equal(iedu_record_ref(db, DESIG(0), IEDU_ATTR_ISSUER),
			 ID("moe"));
	assert_string_equal(iedu_record_attr(db, DESIG(1), IEDU_ATTR_PROGRAMME),
			    "national-city-consortium");
}

static void test_sources_by_issuer(void **state)
{
	const iedu_db *db = *state;

	EXPECT(db, IEDU_QUERY_SOURCES_BY_ISSUER, ID("moe"), ID("moe-2023-23"),
	       ID("moe-2024-communities"), END);
	EXPECT(db, IEDU_QUERY_SOURCES_BY_ISSUER, ID("chinalco"), END);

	assert_int_equal(iedu_record_child_ref(db, ID("moe-2023-23"),
					       IEDU_CHILD_ISSUER, 0,
					       IEDU_ATTR_ORG),
			 ID("moe"));
	assert_string_equal(iedu_record_child_attr(db, ID("moe-2023-23"),
						   IEDU_CHILD_ISSUER, 0,
						   IEDU_ATTR_ORG),
			    "moe");
}

static void test_programme(void **state)
{
	const iedu_db *db = *state;
	iedu_handle out[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
	size_t n = 99;

	assert_int_equal(iedu_db_designations_of_programme(
			     &n, NULL, 0, db, "national-city-consortium"),
			 IEDU_OK);
	assert_int_equal(n, 2);
	n = 99;
	assert_int_equal(iedu_db_designations_of_programme(
			     &n, out, 4, db, "national-city-consortium"),
			 IEDU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], DESIG(0));
	assert_int_equal(out[1], DESIG(1));
	assert_int_equal(out[2], SENTINEL);

	/* truncated */
	out[0] = out[1] = SENTINEL;
	assert_int_equal(iedu_db_designations_of_programme(
			     &n, out, 1, db, "national-city-consortium"),
			 IEDU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], DESIG(0));
	assert_int_equal(out[1], SENTINEL);

	assert_int_equal(iedu_db_designations_of_programme(
			     &n, out, 4, db, "national-industry-community"),
			 IEDU_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], DESIG(2));

	/* unknown programmes, including strings the database holds */
	n = 99;
	assert_int_equal(iedu_db_designations_of_programme(
			     &n, out, 4, db, "national-pilot-city"),
			 IEDU_OK);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(
	    iedu_db_designations_of_programme(&n, out, 4, db, "moe"), IEDU_OK);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(iedu_db_designations_of_programme(&n, out, 4, db, ""),
			 IEDU_OK);
	assert_int_equal(n, 0);

	n = 99;
	assert_int_equal(
	    iedu_db_designations_of_programme(NULL, out, 4, db, "x"),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_designations_of_programme: count is NULL");
	assert_int_equal(
	    iedu_db_designations_of_programme(&n, out, 4, NULL, "x"),
	    IEDU_EINVAL);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_designations_of_programme: db is NULL");
	assert_int_equal(
	    iedu_db_designations_of_programme(&n, out, 4, db, NULL),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_designations_of_programme: programme is "
			  "NULL");
	assert_int_equal(
	    iedu_db_designations_of_programme(&n, NULL, 4, db, "x"),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_designations_of_programme: out is NULL");
}

/* ---- counting first, truncation ---- */

static void test_count_first_and_truncation(void **state)
{
	const iedu_db *db = *state;
	iedu_handle out[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
	iedu_handle body = ID("nf-community");
	size_t n = 99;

	assert_int_equal(
	    iedu_db_query(&n, NULL, 0, db, IEDU_QUERY_MEMBERS_OF_BODY, body),
	    IEDU_OK);
	assert_int_equal(n, 6);
	/* cap 0 with an out array writes nothing */
	n = 99;
	assert_int_equal(
	    iedu_db_query(&n, out, 0, db, IEDU_QUERY_MEMBERS_OF_BODY, body),
	    IEDU_OK);
	assert_int_equal(n, 6);
	assert_int_equal(out[0], SENTINEL);
	/* cap below the count: the first cap results, the full count */
	n = 99;
	assert_int_equal(
	    iedu_db_query(&n, out, 3, db, IEDU_QUERY_MEMBERS_OF_BODY, body),
	    IEDU_OK);
	assert_int_equal(n, 6);
	assert_int_equal(out[0], MEMB(0));
	assert_int_equal(out[1], MEMB(1));
	assert_int_equal(out[2], MEMB(2));
	assert_int_equal(out[3], SENTINEL);
	/* truncation with de-duplication: counts distinct records */
	out[0] = out[1] = out[2] = SENTINEL;
	assert_int_equal(
	    iedu_db_query(&n, out, 1, db, IEDU_QUERY_CITING_SOURCE, ID(SRC)),
	    IEDU_OK);
	assert_int_equal(n, 8);
	assert_int_equal(out[0], ID("nf-community"));
	assert_int_equal(out[1], SENTINEL);
	assert_int_equal(
	    iedu_db_query(&n, out, 2, db, IEDU_QUERY_CITING_SOURCE, ID(SRC)),
	    IEDU_OK);
	assert_int_equal(n, 8);
	assert_int_equal(out[0], ID("nf-community"));
	assert_int_equal(out[1], ID("chinalco"));
	assert_int_equal(out[2], SENTINEL);
}

/* ---- failures ---- */

static void test_query_errors(void **state)
{
	const iedu_db *db = *state;
	iedu_handle out[4];
	iedu_handle chinalco = ID("chinalco");
	char msg[200];
	size_t n;

	/* wrong kind of target */
	n = 99;
	iedu_error_clear();
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, IEDU_QUERY_POSTS_OF_PERSON, chinalco),
	    IEDU_EKIND);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes a person; "
			  "organization 'chinalco' is not one");
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_MEMBERS_OF_BODY,
				       ID("wu-yan")),
			 IEDU_EKIND);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes an organization; "
			  "person 'wu-yan' is not one");
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_EVENTS_OF_PARTICIPANT,
				       MEMB(2)),
			 IEDU_EKIND);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes a person or an "
			  "organization; membership #3 is not one");
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_AGREEMENTS_AT_EVENT,
				       chinalco),
			 IEDU_EKIND);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes an event; "
			  "organization 'chinalco' is not one");
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, IEDU_QUERY_CITING_SOURCE, chinalco),
	    IEDU_EKIND);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes a source; "
			  "organization 'chinalco' is not one");
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_SOURCES_BY_ISSUER, ID(SRC)),
			 IEDU_EKIND);
	assert_last_error(IEDU_EKIND,
			  "iedu_db_query: this query takes an organization; "
			  "source '" SRC "' is not one");

	/* not a record */
	n = 99;
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_MEMBERS_OF_BODY, IEDU_NONE),
			 IEDU_ENOTFOUND);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_ENOTFOUND,
			  "iedu_db_query: handle 0 is not a record of this "
			  "database");
	/* one past the last organization */
	{
		iedu_handle past =
		    chinalco - 1 + iedu_db_count(db, IEDU_KIND_ORGANIZATION);
		assert_int_equal(iedu_record_kind(db, past), IEDU_KIND_NONE);
		assert_int_equal(iedu_db_query(&n, out, 4, db,
					       IEDU_QUERY_MEMBERS_OF_BODY,
					       past),
				 IEDU_ENOTFOUND);
		snprintf(msg, sizeof msg,
			 "iedu_db_query: handle %u is not a record of this "
			 "database",
			 (unsigned)past);
		assert_last_error(IEDU_ENOTFOUND, msg);
	}
	assert_int_equal(iedu_db_query(&n, out, 4, db,
				       IEDU_QUERY_MEMBERS_OF_BODY, 0xFFFFFFFFu),
			 IEDU_ENOTFOUND);
	assert_last_error(IEDU_ENOTFOUND,
			  "iedu_db_query: handle 4294967295 is not a record "
			  "of this database");

	/* unknown queries */
	n = 99;
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, IEDU_QUERY_NONE, chinalco),
	    IEDU_EINVAL);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: 0 is not a query");
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, (iedu_query)17, chinalco),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: 17 is not a query");
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, (iedu_query)-1, chinalco),
	    IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: -1 is not a query");

	/* NULL arguments */
	assert_int_equal(iedu_db_query(NULL, out, 4, db,
				       IEDU_QUERY_MEMBERS_OF_BODY, chinalco),
			 IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: count is NULL");
	n = 99;
	assert_int_equal(iedu_db_query(&n, out, 4, NULL,
				       IEDU_QUERY_MEMBERS_OF_BODY, chinalco),
			 IEDU_EINVAL);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: db is NULL");
	n = 99;
	assert_int_equal(iedu_db_query(&n, NULL, 1, db,
				       IEDU_QUERY_MEMBERS_OF_BODY, chinalco),
			 IEDU_EINVAL);
	assert_int_equal(n, 0);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: out is NULL");

	/* a success leaves the last error as it was */
	assert_int_equal(
	    iedu_db_query(&n, out, 4, db, IEDU_QUERY_MEMBERS_OF_BODY, chinalco),
	    IEDU_OK);
	assert_last_error(IEDU_EINVAL, "iedu_db_query: out is NULL");
}

/* A handle of one database means nothing in another. */
static void test_handle_of_other_db(void **state)
{
	const iedu_db *db = *state;
	iedu_db *empty;
	size_t n = 99;

	assert_int_equal(iedu_db_new(&empty), IEDU_OK);
	assert_int_equal(iedu_db_query(&n, NULL, 0, empty,
				       IEDU_QUERY_MEMBERS_OF_BODY,
				       ID("nf-community")),
			 IEDU_ENOTFOUND);
	assert_int_equal(n, 0);
	assert_int_equal(iedu_record_kind(empty, ID("nf-community")),
			 IEDU_KIND_NONE);
	iedu_db_free(empty);
}

/* ---- two batches ---- */

static void test_second_batch(void **state)
{
	const iedu_db *db = *state;
	iedu_handle cq = ID("cq-polytechnic");
	iedu_handle st2 = ID("st-nf-members-2025");

	assert_int_equal(iedu_db_count(db, IEDU_KIND_MEMBERSHIP), 8);
	EXPECT(db, IEDU_QUERY_MEMBERS_OF_BODY, ID("nf-community"), MEMB(0),
	       MEMB(1), MEMB(2), MEMB(3), MEMB(4), MEMB(5), MEMB(7), END);
	EXPECT(db, IEDU_QUERY_BODIES_OF_MEMBER, cq, MEMB(7), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_TO, ID("chinalco"), REL(0), REL(1),
	       REL(3), END);
	EXPECT(db, IEDU_QUERY_RELATIONS_FROM, cq, REL(3), END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_BODY, ID("nf-community"),
	       ID("ev-nf-founding"), ID("ev-nf-council"), ID("ev-nf-2025"),
	       END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_HOST, ID("chinalco"),
	       ID("ev-nf-founding"), ID("ev-nf-council"), ID("ev-nf-2025"),
	       END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_HOST, ID("swa"), ID("ev-nf-2025"), END);
	EXPECT(db, IEDU_QUERY_EVENTS_OF_PARTICIPANT, ID("wu-yan"),
	       ID("ev-nf-founding"), ID("ev-nf-council"), ID("ev-nf-2025"),
	       END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_AT_EVENT, ID("ev-nf-founding"),
	       ID("ag-zhitongche"), ID("ag-csu-chinalco"), ID("ag-cq"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, ID("chinalco"),
	       ID("ag-zhitongche"), ID("ag-csu-chinalco"), ID("ag-cq"), END);
	EXPECT(db, IEDU_QUERY_AGREEMENTS_OF_PARTY, cq, ID("ag-cq"), END);
	EXPECT(db, IEDU_QUERY_STATISTICS_OF_SUBJECT, ID("nf-community"),
	       ID("st-nf-members"), st2, END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_BY_ISSUER, ID("moe"), DESIG(0),
	       DESIG(1), DESIG(2), DESIG(3), END);
	EXPECT(db, IEDU_QUERY_DESIGNATIONS_OF_ORG, cq, DESIG(3), END);
	/*
	 * Records of the second batch come after those of the first; within
	 * the batch, kinds come in their order (organization, membership,
	 * statistic) whatever the order they were added in.
	 */
	EXPECT(db, IEDU_QUERY_CITING_SOURCE, ID(SRC), ID("nf-community"),
	       ID("chinalco"), ID("wu-yan"), MEMB(0), ID("ev-nf-founding"),
	       ID("ag-zhitongche"), ID("st-nf-members"),
	       ID("st-founding-attendance"), cq, MEMB(7), st2, END);
	{
		iedu_handle out[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
		size_t n = 0;
		assert_int_equal(
		    iedu_db_designations_of_programme(
			&n, out, 4, db, "national-city-consortium"),
		    IEDU_OK);
		assert_int_equal(n, 3);
		assert_int_equal(out[0], DESIG(0));
		assert_int_equal(out[1], DESIG(1));
		assert_int_equal(out[2], DESIG(3));
		assert_int_equal(out[3], SENTINEL);
	}
}

/* Staged records are not seen until commit, nor after the batch is freed. */
static void test_uncommitted_batch(void **state)
{
	iedu_db *db = *state;
	iedu_batch *b;
	iedu_handle h;
	size_t n = 99;

	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	org(b, "gxu", "university", "广西大学");
	build_end(b);
	membership(b, "gxu", "nf-community", "member");
	build_end(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_ORGANIZATION), 10);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_MEMBERSHIP), 7);
	assert_int_equal(iedu_db_lookup(&h, db, "gxu"), IEDU_ENOTFOUND);
	iedu_batch_free(b);

	assert_int_equal(iedu_db_lookup(&h, db, "gxu"), IEDU_ENOTFOUND);
	assert_int_equal(h, IEDU_NONE);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 36);
	assert_int_equal(iedu_db_query(&n, NULL, 0, db,
				       IEDU_QUERY_MEMBERS_OF_BODY,
				       ID("nf-community")),
			 IEDU_OK);
	assert_int_equal(n, 6);

	/* the same records then commit normally */
	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	org(b, "gxu", "university", "广西大学");
	build_end(b);
	membership(b, "gxu", "nf-community", "member");
	build_end(b);
	commit(b);
	EXPECT(db, IEDU_QUERY_MEMBERS_OF_BODY, ID("nf-community"), MEMB(0),
	       MEMB(1), MEMB(2), MEMB(3), MEMB(4), MEMB(5), MEMB(7), END);
	EXPECT(db, IEDU_QUERY_BODIES_OF_MEMBER, ID("gxu"), MEMB(7), END);
}

/* ---- the database: counting, indexing, looking up ---- */

static void test_db_count_and_record_at(void **state)
{
	const iedu_db *db = *state;
	static const uint32_t counts[IEDU_KIND_COUNT + 1] = {36, 3, 10, 2, 7, 2,
							     3,	 3, 2,	2, 2};
	int k;

	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		assert_int_equal(iedu_db_count(db, (iedu_kind)k), counts[k]);
	assert_int_equal(iedu_db_count(db, (iedu_kind)(IEDU_KIND_COUNT + 1)),
			 0);
	assert_int_equal(iedu_db_count(db, (iedu_kind)-1), 0);
	assert_int_equal(iedu_db_count(NULL, IEDU_KIND_NONE), 0);
	assert_int_equal(iedu_db_count(NULL, IEDU_KIND_SOURCE), 0);

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		uint32_t i;
		for (i = 0; i < counts[k]; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			assert_int_not_equal(h, IEDU_NONE);
			assert_int_equal(iedu_record_kind(db, h), k);
		}
		assert_int_equal(iedu_db_record_at(db, (iedu_kind)k, counts[k]),
				 IEDU_NONE);
		assert_int_equal(
		    iedu_db_record_at(db, (iedu_kind)k, UINT32_MAX), IEDU_NONE);
	}
	/* in the order added */
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, 0),
			 ID("nf-community"));
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, 9),
			 ID("suzhou-consortium"));
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_SOURCE, 2),
			 ID("moe-2024-communities"));
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_NONE, 0), IEDU_NONE);
	assert_int_equal(iedu_db_record_at(db, (iedu_kind)11, 0), IEDU_NONE);
	assert_int_equal(iedu_db_record_at(NULL, IEDU_KIND_SOURCE, 0),
			 IEDU_NONE);
	assert_null(iedu_record_id(db, MEMB(0)));
	assert_string_equal(iedu_record_id(db, ID("moe")), "moe");
}

static void test_db_lookup(void **state)
{
	const iedu_db *db = *state;
	iedu_handle h = SENTINEL;

	assert_int_equal(iedu_db_lookup(&h, db, "ev-nf-founding"), IEDU_OK);
	assert_int_equal(iedu_record_kind(db, h), IEDU_KIND_EVENT);
	assert_string_equal(iedu_record_id(db, h), "ev-nf-founding");

	/* strings the database holds that are no record's id */
	h = SENTINEL;
	assert_int_equal(iedu_db_lookup(&h, db, "national-city-consortium"),
			 IEDU_ENOTFOUND);
	assert_int_equal(h, IEDU_NONE);
	assert_last_error(IEDU_ENOTFOUND,
			  "no record has the id 'national-city-consortium'");
	assert_string_equal(iedu_error_record_id(iedu_error_last()),
			    "national-city-consortium");
	assert_int_equal(iedu_error_record_kind(iedu_error_last()),
			 IEDU_KIND_NONE);
	assert_int_equal(iedu_db_lookup(&h, db, "zh"), IEDU_ENOTFOUND);
	assert_int_equal(iedu_db_lookup(&h, db, "吴岩"), IEDU_ENOTFOUND);
	assert_int_equal(iedu_db_lookup(&h, db, ""), IEDU_ENOTFOUND);
	assert_last_error(IEDU_ENOTFOUND, "no record has the id ''");
	/* exact: no prefix, no case folding */
	assert_int_equal(iedu_db_lookup(&h, db, "MOE"), IEDU_ENOTFOUND);
	assert_int_equal(iedu_db_lookup(&h, db, "mo"), IEDU_ENOTFOUND);
	assert_int_equal(iedu_db_lookup(&h, db, "moe "), IEDU_ENOTFOUND);

	h = SENTINEL;
	assert_int_equal(iedu_db_lookup(&h, NULL, "moe"), IEDU_EINVAL);
	assert_int_equal(h, IEDU_NONE);
	assert_last_error(IEDU_EINVAL, "iedu_db_lookup: db is NULL");
	h = SENTINEL;
	assert_int_equal(iedu_db_lookup(&h, db, NULL), IEDU_EINVAL);
	assert_int_equal(h, IEDU_NONE);
	assert_last_error(IEDU_EINVAL, "iedu_db_lookup: id is NULL");
	assert_int_equal(iedu_db_lookup(NULL, db, "moe"), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_db_lookup: out is NULL");
}

static void test_db_empty(void **state)
{
	iedu_db *db;
	iedu_handle h = SENTINEL;
	size_t n = 99;
	int k;

	(void)state;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	for (k = 0; k <= IEDU_KIND_COUNT; k++) {
		assert_int_equal(iedu_db_count(db, (iedu_kind)k), 0);
		assert_int_equal(iedu_db_record_at(db, (iedu_kind)k, 0),
				 IEDU_NONE);
	}
	assert_int_equal(iedu_db_lookup(&h, db, "moe"), IEDU_ENOTFOUND);
	assert_int_equal(h, IEDU_NONE);
	assert_int_equal(iedu_db_designations_of_programme(
			     &n, NULL, 0, db, "national-city-consortium"),
			 IEDU_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    iedu_db_query(&n, NULL, 0, db, IEDU_QUERY_MEMBERS_OF_BODY,
			  (iedu_handle)IEDU_KIND_ORGANIZATION << 28),
	    IEDU_ENOTFOUND);
	iedu_db_free(db);
	iedu_db_free(NULL);
	assert_int_equal(iedu_db_new(NULL), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_db_new: out is NULL");
}

/* ---- names ---- */

static void test_kind_names(void **state)
{
	static const char *const names[] = {
	    NULL,	  "source",    "organization", "person",
	    "membership", "post",      "relation",     "designation",
	    "event",	  "agreement", "statistic"};
	int k;

	(void)state;
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		assert_string_equal(iedu_kind_name((iedu_kind)k), names[k]);
		assert_int_equal(iedu_kind_from_name(names[k]), k);
	}
	assert_null(iedu_kind_name(IEDU_KIND_NONE));
	assert_null(iedu_kind_name((iedu_kind)(IEDU_KIND_COUNT + 1)));
	assert_null(iedu_kind_name((iedu_kind)-1));
	assert_int_equal(iedu_kind_from_name(NULL), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name(""), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name("Organization"), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name("organisation"), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name("organization "), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name("iedu"), IEDU_KIND_NONE);
	assert_int_equal(iedu_kind_from_name("name"), IEDU_KIND_NONE);
}

static void test_attr_names(void **state)
{
	static const char *const names[] = {
	    NULL,	 "id",	    "type",    "xml:lang",  "published",
	    "url",	 "level",   "founded", "dissolved", "member",
	    "body",	 "role",    "from",    "until",	    "person",
	    "org",	 "to",	    "since",   "programme", "batch",
	    "date",	 "issuer",  "hosts",   "signed",    "event",
	    "indicator", "subject", "scope",   "value",	    "qualifier",
	    "unit",	 "status",  "kind",    "scheme",    "division",
	    "source",	 "locator", "quote",   "mode",	    "key"};
	int a;

	(void)state;
	assert_int_equal(sizeof names / sizeof names[0], IEDU_ATTR_COUNT + 1);
	for (a = 1; a <= IEDU_ATTR_COUNT; a++) {
		assert_string_equal(iedu_attr_name((iedu_attr)a), names[a]);
		assert_int_equal(iedu_attr_from_name(names[a]), a);
	}
	assert_int_equal(IEDU_ATTR_LANG, iedu_attr_from_name("xml:lang"));
	assert_null(iedu_attr_name(IEDU_ATTR_NONE));
	assert_null(iedu_attr_name((iedu_attr)(IEDU_ATTR_COUNT + 1)));
	assert_null(iedu_attr_name((iedu_attr)-1));
	assert_int_equal(iedu_attr_from_name(NULL), IEDU_ATTR_NONE);
	assert_int_equal(iedu_attr_from_name(""), IEDU_ATTR_NONE);
	assert_int_equal(iedu_attr_from_name("lang"), IEDU_ATTR_NONE);
	assert_int_equal(iedu_attr_from_name("ID"), IEDU_ATTR_NONE);
	assert_int_equal(iedu_attr_from_name("program"), IEDU_ATTR_NONE);
	assert_int_equal(iedu_attr_from_name("name"), IEDU_ATTR_NONE);
}

static void test_child_names(void **state)
{
	static const char *const names[] = {
	    NULL,	  "name",   "title",  "label",
	    "publisher",  "alias",  "sector", "identifier",
	    "location",	  "issuer", "place",  "participant",
	    "attendance", "party",  "part",   "cite"};
	int c;

	(void)state;
	assert_int_equal(sizeof names / sizeof names[0], IEDU_CHILD_COUNT + 1);
	for (c = 1; c <= IEDU_CHILD_COUNT; c++) {
		assert_string_equal(iedu_child_name((iedu_child)c), names[c]);
		assert_int_equal(iedu_child_from_name(names[c]), c);
	}
	assert_null(iedu_child_name(IEDU_CHILD_NONE));
	assert_null(iedu_child_name((iedu_child)(IEDU_CHILD_COUNT + 1)));
	assert_null(iedu_child_name((iedu_child)-1));
	assert_int_equal(iedu_child_from_name(NULL), IEDU_CHILD_NONE);
	assert_int_equal(iedu_child_from_name(""), IEDU_CHILD_NONE);
	assert_int_equal(iedu_child_from_name("Name"), IEDU_CHILD_NONE);
	assert_int_equal(iedu_child_from_name("parties"), IEDU_CHILD_NONE);
	assert_int_equal(iedu_child_from_name("organization"), IEDU_CHILD_NONE);
	assert_int_equal(iedu_child_from_name("id"), IEDU_CHILD_NONE);
}

/* Role bits by name and back, for bindings and filters. */
static void test_role_names(void **state)
{
	static const char *const names[] = {"lead",
					    "chair",
					    "executive-vice-chair",
					    "vice-chair",
					    "standing-council",
					    "council",
					    "secretariat",
					    "supporting",
					    "member"};
	uint32_t i;

	(void)state;
	for (i = 0; i < 9; i++) {
		assert_string_equal(iedu_role_name(1u << i), names[i]);
		assert_int_equal(iedu_role_from_name(names[i]), 1u << i);
	}
	assert_int_equal(IEDU_ROLE_VICE_CHAIR,
			 iedu_role_from_name("vice-chair"));
	assert_null(iedu_role_name(0));
	assert_null(iedu_role_name(IEDU_ROLE_LEAD | IEDU_ROLE_CHAIR));
	assert_null(iedu_role_name(1u << 9));
	assert_int_equal(iedu_role_from_name("president"), 0);
	assert_int_equal(iedu_role_from_name("Lead"), 0);
	assert_int_equal(iedu_role_from_name(NULL), 0);
}

/* What each kind and child may have, as the spec's tables say. */
static void test_schema_introspection(void **state)
{
	(void)state;
	assert_true(
	    iedu_kind_has_attr(IEDU_KIND_ORGANIZATION, IEDU_ATTR_FOUNDED));
	assert_false(iedu_kind_has_attr(IEDU_KIND_PERSON, IEDU_ATTR_TYPE));
	assert_true(iedu_kind_has_attr(IEDU_KIND_MEMBERSHIP, IEDU_ATTR_ID));
	assert_true(iedu_kind_has_attr(IEDU_KIND_RELATION, IEDU_ATTR_SINCE));
	assert_false(iedu_kind_has_attr(IEDU_KIND_MEMBERSHIP, IEDU_ATTR_SINCE));
	assert_false(iedu_kind_has_attr(IEDU_KIND_NONE, IEDU_ATTR_ID));
	assert_false(iedu_kind_has_attr((iedu_kind)99, IEDU_ATTR_ID));
	assert_true(
	    iedu_kind_has_child(IEDU_KIND_EVENT, IEDU_CHILD_ATTENDANCE));
	assert_false(iedu_kind_has_child(IEDU_KIND_PERSON, IEDU_CHILD_ALIAS));
	assert_true(iedu_kind_has_child(IEDU_KIND_SOURCE, IEDU_CHILD_CITE));
	assert_true(iedu_child_has_attr(IEDU_CHILD_CITE, IEDU_ATTR_QUOTE));
	assert_false(iedu_child_has_attr(IEDU_CHILD_NAME, IEDU_ATTR_KIND));
	assert_true(iedu_child_has_attr(IEDU_CHILD_ALIAS, IEDU_ATTR_KIND));
	assert_false(iedu_child_has_attr((iedu_child)0, IEDU_ATTR_LANG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_members_and_bodies, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_relations, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_agreements, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_events, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_posts, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_statistics, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_citing_source, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_designations, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_sources_by_issuer, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_programme, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_count_first_and_truncation,
					    setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_query_errors, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_handle_of_other_db, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_second_batch, setup_two,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_uncommitted_batch, setup_one,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_db_count_and_record_at,
					    setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_db_lookup, setup_one,
					    teardown),
	    cmocka_unit_test(test_db_empty),
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test(test_attr_names),
	    cmocka_unit_test(test_child_names),
	    cmocka_unit_test(test_role_names),
	    cmocka_unit_test(test_schema_introspection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
