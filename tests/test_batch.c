/*
 * Tests of adding records through the batch API, public API only: every
 * record kind with all its attributes and children read back in canonical
 * form; reference resolution and part-of cycles at commit; every
 * validation error with its exact code and message; call-sequence and
 * argument errors; and all-or-nothing commits and rollbacks.
 *
 * Messages are compared softly: a test reports every message that
 * differs (with its line) and fails in its teardown, so one run shows
 * them all.
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

#define SRC "src-lvjia-2024-07-05"

/* ---- checking results ---- */

static int soft_failures;

static int check_soft(void **state)
{
	int n = soft_failures;

	(void)state;
	soft_failures = 0;
	if (n)
		print_error("%d message(s) differed\n", n);
	return n ? -1 : 0;
}

#define T(fn) cmocka_unit_test_teardown(fn, check_soft)

static const char *last_message(void)
{
	return iedu_error_message(iedu_error_last());
}

#define OK(call) ok_((call), #call, __LINE__)
static void ok_(int rc, const char *what, int line)
{
	if (rc != IEDU_OK)
		fail_msg("line %d: %s returned %d: %s", line, what, rc,
			 last_message());
}

/* The call failed with code; the last error has it and message msg. */
#define EXPECT(call, code, msg) expect_((call), (code), (msg), __LINE__)
static void expect_(int rc, int code, const char *msg, int line)
{
	if (rc != code)
		fail_msg("line %d: returned %d (%s), expected %d (%s): %s",
			 line, rc, iedu_strerror(rc), code, iedu_strerror(code),
			 last_message());
	assert_int_equal(iedu_error_code(iedu_error_last()), code);
	if (strcmp(last_message(), msg) != 0) {
		print_error("line %d: message\n  got      \"%s\"\n  expected "
			    "\"%s\"\n",
			    line, last_message(), msg);
		soft_failures++;
	}
}

/* The last error's record id (NULL: none), kind and field. */
#define CONTEXT(id, kind, field) context_((id), (kind), (field), __LINE__)
static void context_(const char *id, iedu_kind kind, const char *field,
		     int line)
{
	const iedu_error *e = iedu_error_last();
	const char *got_id = iedu_error_record_id(e);
	const char *got_field = iedu_error_field(e);

	if (!id != !got_id || (id && strcmp(id, got_id) != 0) ||
	    !field != !got_field || (field && strcmp(field, got_field) != 0) ||
	    iedu_error_record_kind(e) != kind)
		fail_msg("line %d: context is (%s, %s, %s), expected "
			 "(%s, %s, %s)",
			 line, got_id ? got_id : "NULL",
			 iedu_kind_name(iedu_error_record_kind(e))
			     ? iedu_kind_name(iedu_error_record_kind(e))
			     : "NONE",
			 got_field ? got_field : "NULL", id ? id : "NULL",
			 iedu_kind_name(kind) ? iedu_kind_name(kind) : "NONE",
			 field ? field : "NULL");
	assert_null(iedu_error_file(e));
	assert_int_equal(iedu_error_line(e), 0);
}

/* ---- building records ---- */

/* Opens a record and sets its attributes: name, value, ..., NULL. */
static void rec(iedu_batch *b, iedu_kind kind, ...)
{
	va_list ap;

	OK(iedu_batch_record(b, kind));
	va_start(ap, kind);
	build_set_pairs(b, ap);
	va_end(ap);
}

/* Opens a child and sets its attributes, leaving it open. */
static void open_kid(iedu_batch *b, iedu_child c, ...)
{
	va_list ap;

	OK(iedu_batch_child(b, c));
	va_start(ap, c);
	build_set_pairs(b, ap);
	va_end(ap);
}

/* A whole child: text (or NULL), then attributes: name, value, ..., NULL. */
static void kid(iedu_batch *b, iedu_child c, const char *text, ...)
{
	va_list ap;

	OK(iedu_batch_child(b, c));
	va_start(ap, text);
	build_set_pairs(b, ap);
	va_end(ap);
	if (text)
		OK(iedu_batch_text(b, text, IEDU_NUL));
	build_end(b);
}

static void name_zh(iedu_batch *b, const char *text)
{
	kid(b, IEDU_CHILD_NAME, text, "xml:lang", "zh", NULL);
}

static void org(iedu_batch *b, const char *id, const char *type,
		const char *name)
{
	rec(b, IEDU_KIND_ORGANIZATION, "id", id, "type", type, NULL);
	name_zh(b, name);
	build_end(b);
}

static void person(iedu_batch *b, const char *id, const char *name)
{
	rec(b, IEDU_KIND_PERSON, "id", id, NULL);
	name_zh(b, name);
	build_end(b);
}

static void part_of(iedu_batch *b, const char *from, const char *to)
{
	rec(b, IEDU_KIND_RELATION, "from", from, "to", to, "type", "part-of",
	    NULL);
	build_end(b);
}

static iedu_batch *batch(iedu_db *db)
{
	iedu_batch *b = NULL;

	OK(iedu_batch_new(&b, db));
	assert_non_null(b);
	return b;
}

static void commit(iedu_batch *b)
{
	if (iedu_batch_commit(b) != IEDU_OK)
		fail_msg("commit: %s", last_message());
	iedu_batch_free(b);
}

static iedu_handle find(const iedu_db *db, const char *id)
{
	iedu_handle h = IEDU_NONE;

	if (iedu_db_lookup(&h, db, id) != IEDU_OK)
		fail_msg("lookup '%s': %s", id, last_message());
	return h;
}

static void assert_not_found(const iedu_db *db, const char *id)
{
	iedu_handle h = 123;

	assert_int_equal(iedu_db_lookup(&h, db, id), IEDU_ENOTFOUND);
	assert_int_equal(h, IEDU_NONE);
}

/*
 * A committed database to refer to: two sources, five organizations, a
 * person and an event.
 */
static iedu_db *base_db(void)
{
	iedu_db *db = NULL;
	iedu_batch *b;

	OK(iedu_db_new(&db));
	b = batch(db);
	rec(b, IEDU_KIND_SOURCE, "id", SRC, "type", "news", NULL);
	kid(b, IEDU_CHILD_TITLE,
	    "国家有色金属行业产教融合共同体成立大会在西南铝举行", "xml:lang",
	    "zh", NULL);
	build_end(b);
	rec(b, IEDU_KIND_SOURCE, "id", "moe-2023-23", "type", "policy", NULL);
	kid(b, IEDU_CHILD_TITLE, "第一批市域产教联合体名单", "xml:lang", "zh",
	    NULL);
	build_end(b);
	org(b, "chinalco", "enterprise", "中国铝业集团有限公司");
	org(b, "nf-community", "community", "国家有色金属行业产教融合共同体");
	org(b, "csu", "university", "中南大学");
	org(b, "moe", "government", "教育部");
	org(b, "swa", "enterprise", "西南铝业（集团）有限责任公司");
	person(b, "wu-yan", "吴岩");
	rec(b, IEDU_KIND_EVENT, "id", "ev-nf-founding", "type", "conference",
	    "date", "2024-07-02", NULL);
	build_end(b);
	commit(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 9);
	return db;
}

/* ==== 1. every kind with everything, read back ==== */

/*
 * Every kind with all its attributes and children, in one batch, records
 * before the records they name (forward references), children in
 * non-canonical order.
 */
static iedu_db *full_db(void)
{
	iedu_db *db = NULL;
	iedu_batch *b;

	OK(iedu_db_new(&db));
	b = batch(db);

	rec(b, IEDU_KIND_SOURCE, "id", SRC, "type", "news", "published",
	    "2024-07-05", "url", "https://example.org/article", "xml:lang",
	    "ZH", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", "moe-2023-23", NULL);
	kid(b, IEDU_CHILD_ISSUER, NULL, "org", "moe", NULL);
	kid(b, IEDU_CHILD_PUBLISHER, "铝加网", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_TITLE,
	    "  国家有色金属行业产教融合共同体成立大会在西南铝举行\n",
	    "xml:lang", "zh", NULL);
	build_end(b);

	rec(b, IEDU_KIND_ORGANIZATION, "id", "chinalco", "type", "enterprise",
	    "level", "national", "founded", "2001-02-23", "dissolved", "2099",
	    NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, "locator", " 第2段 ",
	    "quote", "中铝集团", NULL);
	kid(b, IEDU_CHILD_LOCATION, "北京市海淀区", "division", "110108",
	    "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_IDENTIFIER, "91110000710931141J", "scheme", "uscc",
	    NULL);
	kid(b, IEDU_CHILD_SECTOR, "nonferrous metals", "xml:lang", "en", NULL);
	kid(b, IEDU_CHILD_ALIAS, "中铝集团", "xml:lang", "zh", "kind", "short",
	    NULL);
	kid(b, IEDU_CHILD_ALIAS, "Chinalco", "xml:lang", "en", "kind",
	    "acronym", NULL);
	kid(b, IEDU_CHILD_NAME, "中国铝业集团有限公司", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_NAME, "Aluminum Corporation of China", "xml:lang",
	    "en", NULL);
	build_end(b);

	rec(b, IEDU_KIND_ORGANIZATION, "id", "nf-community", "type",
	    "community", "level", "national", "founded", "2024-07-02", NULL);
	kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体", "xml:lang",
	    "zh", NULL);
	kid(b, IEDU_CHILD_ALIAS, "有色金属产教融合共同体", "xml:lang", "zh",
	    "kind", "short", NULL);
	kid(b, IEDU_CHILD_LOCATION, NULL, "division", "500107", NULL);
	build_end(b);

	rec(b, IEDU_KIND_ORGANIZATION, "id", "csu", "type", "university", NULL);
	kid(b, IEDU_CHILD_NAME, "中南大学", "xml:lang", "zh-hans", NULL);
	kid(b, IEDU_CHILD_NAME, "中南大學", "xml:lang", "ZH-hant", NULL);
	kid(b, IEDU_CHILD_NAME, "Central South University", "xml:lang", "en",
	    NULL);
	kid(b, IEDU_CHILD_IDENTIFIER, "4143010533", "scheme", "moe-school",
	    NULL);
	build_end(b);

	org(b, "moe", "government", "教育部");
	org(b, "swa", "enterprise", "西南铝业（集团）有限责任公司");

	rec(b, IEDU_KIND_PERSON, "id", "wu-yan", NULL);
	kid(b, IEDU_CHILD_NAME, "Wu Yan", "xml:lang", "en", NULL);
	kid(b, IEDU_CHILD_NAME, "吴岩", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, NULL);
	build_end(b);

	rec(b, IEDU_KIND_MEMBERSHIP, "id", "m-chinalco", "member", "chinalco",
	    "body", "nf-community", "role", "chair lead", "from", "2024-07-02",
	    "until", "2027-07", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, "quote", "牵头单位", NULL);
	build_end(b);
	rec(b, IEDU_KIND_MEMBERSHIP, "member", "csu", "body", "nf-community",
	    "role", "  member\tvice-chair council  ", NULL);
	build_end(b);

	rec(b, IEDU_KIND_POST, "person", "wu-yan", "org", "moe", "from", "2018",
	    "until", "2024-12", NULL);
	kid(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_TITLE, "Vice Minister of Education", "xml:lang", "en",
	    NULL);
	build_end(b);

	rec(b, IEDU_KIND_RELATION, "id", "rel-swa", "from", "swa", "to",
	    "chinalco", "type", "part-of", "since", "2007", "until",
	    "2030-01-01", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, NULL);
	build_end(b);

	rec(b, IEDU_KIND_DESIGNATION, "id", "des-csu", "org", "csu",
	    "programme", "national-city-consortium", "batch", "1", "date",
	    "2023-10-11", "issuer", "moe", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", "moe-2023-23", NULL);
	build_end(b);

	rec(b, IEDU_KIND_EVENT, "id", "ev-nf-founding", "type", "conference",
	    "date", "2024-07-02", "until", "2024-07-03", "hosts",
	    " chinalco  csu ", "body", "nf-community", NULL);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, "mode", "total", "value", "260",
	    "qualifier", "more-than", NULL);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, "person", "wu-yan", "role",
	    "speaker", NULL);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, "org", "csu", "role", "signatory",
	    NULL);
	kid(b, IEDU_CHILD_PLACE, "重庆市西南铝", "xml:lang", "zh", "division",
	    "500107", NULL);
	kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体成立大会",
	    "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, NULL);
	build_end(b);

	rec(b, IEDU_KIND_AGREEMENT, "id", "ag-zhitongche", "type", "framework",
	    "signed", "2024-07-02", "event", "ev-nf-founding", NULL);
	kid(b, IEDU_CHILD_TITLE, "“中铝直通车”项目共建框架协议", "xml:lang",
	    "zh", NULL);
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "swa", NULL);
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "csu", NULL);
	build_end(b);

	rec(b, IEDU_KIND_STATISTIC, "id", "st-nf-members", "indicator",
	    "member-units", "subject", "nf-community", "date", "2024-07-02",
	    "value", "157", "unit", "organization", NULL);
	kid(b, IEDU_CHILD_LABEL, "member units", "xml:lang", "en", NULL);
	kid(b, IEDU_CHILD_PART, NULL, "key", "enterprise", "value", "88", NULL);
	kid(b, IEDU_CHILD_PART, NULL, "key", "university", "value", "19", NULL);
	kid(b, IEDU_CHILD_PART, NULL, "key", "vocational-school", "value", "33",
	    NULL);
	kid(b, IEDU_CHILD_PART, NULL, "key", "research-institute", "value",
	    "16", NULL);
	kid(b, IEDU_CHILD_PART, NULL, "key", "association", "value", "1", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, "quote", "157家成员单位",
	    NULL);
	build_end(b);
	rec(b, IEDU_KIND_STATISTIC, "id", "st-majors", "indicator",
	    "vocational-majors", "scope", "CN", "date", "2025-05", "value",
	    "1400", "qualifier", "more-than", "unit", "major", "status",
	    "target", NULL);
	build_end(b);

	rec(b, IEDU_KIND_SOURCE, "id", "moe-2023-23", "type", "policy", NULL);
	kid(b, IEDU_CHILD_TITLE, "第一批市域产教联合体名单", "xml:lang", "zh",
	    NULL);
	build_end(b);

	assert_int_equal(iedu_batch_count(b), 17);
	commit(b);
	return db;
}

static void test_source_read_back(void **state)
{
	iedu_db *db = full_db();
	iedu_handle s = find(db, SRC);

	(void)state;
	assert_int_equal(iedu_record_kind(db, s), IEDU_KIND_SOURCE);
	assert_int_equal(iedu_record_index(db, s), 0);
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_SOURCE, 0), s);
	assert_string_equal(iedu_record_id(db, s), SRC);
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_TYPE), "news");
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_PUBLISHED),
			    "2024-07-05");
	assert_int_equal(iedu_record_date(db, s, IEDU_ATTR_PUBLISHED),
			 20240705);
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_URL),
			    "https://example.org/article");
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_LANG), "zh");
	/* not an attribute of a source */
	assert_null(iedu_record_attr(db, s, IEDU_ATTR_LEVEL));
	assert_int_equal(iedu_record_child_count(db, s, IEDU_CHILD_TITLE), 1);
	assert_string_equal(
	    iedu_record_child_text(db, s, IEDU_CHILD_TITLE, 0),
	    "国家有色金属行业产教融合共同体成立大会在西南铝举行");
	assert_string_equal(
	    iedu_record_text(db, s, IEDU_CHILD_TITLE, "zh"),
	    "国家有色金属行业产教融合共同体成立大会在西南铝举行");
	assert_string_equal(iedu_record_text(db, s, IEDU_CHILD_PUBLISHER, "zh"),
			    "铝加网");
	assert_int_equal(iedu_record_child_count(db, s, IEDU_CHILD_ISSUER), 1);
	assert_int_equal(
	    iedu_record_child_ref(db, s, IEDU_CHILD_ISSUER, 0, IEDU_ATTR_ORG),
	    find(db, "moe"));
	assert_string_equal(
	    iedu_record_child_attr(db, s, IEDU_CHILD_ISSUER, 0, IEDU_ATTR_ORG),
	    "moe");
	assert_null(iedu_record_child_text(db, s, IEDU_CHILD_ISSUER, 0));
	assert_int_equal(
	    iedu_record_child_ref(db, s, IEDU_CHILD_CITE, 0, IEDU_ATTR_SOURCE),
	    find(db, "moe-2023-23"));
	/* the second source was added last, so it has index 1 */
	assert_int_equal(iedu_record_index(db, find(db, "moe-2023-23")), 1);
	iedu_db_free(db);
}

static void test_organization_read_back(void **state)
{
	iedu_db *db = full_db();
	iedu_handle o = find(db, "chinalco");

	(void)state;
	assert_int_equal(iedu_db_count(db, IEDU_KIND_ORGANIZATION), 5);
	assert_int_equal(iedu_record_index(db, o), 0);
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_TYPE),
			    "enterprise");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_LEVEL),
			    "national");
	assert_int_equal(iedu_record_date(db, o, IEDU_ATTR_FOUNDED), 20010223);
	assert_int_equal(iedu_record_date(db, o, IEDU_ATTR_DISSOLVED),
			 20990000);
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_DISSOLVED),
			    "2099");
	/* names sorted by language: en before zh */
	assert_int_equal(iedu_record_child_count(db, o, IEDU_CHILD_NAME), 2);
	assert_string_equal(iedu_record_child_text(db, o, IEDU_CHILD_NAME, 0),
			    "Aluminum Corporation of China");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_NAME, 0, IEDU_ATTR_LANG),
	    "en");
	assert_string_equal(iedu_record_child_text(db, o, IEDU_CHILD_NAME, 1),
			    "中国铝业集团有限公司");
	assert_null(iedu_record_child_text(db, o, IEDU_CHILD_NAME, 2));
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh"),
			    "中国铝业集团有限公司");
	assert_null(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh-Hans"));
	/* aliases by language too, with their kind */
	assert_int_equal(iedu_record_child_count(db, o, IEDU_CHILD_ALIAS), 2);
	assert_string_equal(iedu_record_child_text(db, o, IEDU_CHILD_ALIAS, 0),
			    "Chinalco");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_ALIAS, 0, IEDU_ATTR_KIND),
	    "acronym");
	assert_string_equal(iedu_record_child_text(db, o, IEDU_CHILD_ALIAS, 1),
			    "中铝集团");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_ALIAS, 1, IEDU_ATTR_KIND),
	    "short");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_SECTOR, "en"),
			    "nonferrous metals");
	assert_string_equal(
	    iedu_record_child_text(db, o, IEDU_CHILD_IDENTIFIER, 0),
	    "91110000710931141J");
	assert_string_equal(iedu_record_child_attr(db, o, IEDU_CHILD_IDENTIFIER,
						   0, IEDU_ATTR_SCHEME),
			    "uscc");
	assert_string_equal(
	    iedu_record_child_text(db, o, IEDU_CHILD_LOCATION, 0),
	    "北京市海淀区");
	assert_string_equal(iedu_record_child_attr(db, o, IEDU_CHILD_LOCATION,
						   0, IEDU_ATTR_DIVISION),
			    "110108");
	/* cite: locator trimmed */
	assert_string_equal(iedu_record_child_attr(db, o, IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_LOCATOR),
			    "第2段");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_CITE, 0, IEDU_ATTR_QUOTE),
	    "中铝集团");
	assert_int_equal(
	    iedu_record_child_ref(db, o, IEDU_CHILD_CITE, 0, IEDU_ATTR_SOURCE),
	    find(db, SRC));

	/* an organization with only a division, and no level/founded */
	o = find(db, "nf-community");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_TYPE),
			    "community");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh"),
			    "国家有色金属行业产教融合共同体");
	assert_null(iedu_record_child_text(db, o, IEDU_CHILD_LOCATION, 0));
	assert_null(iedu_record_child_attr(db, o, IEDU_CHILD_LOCATION, 0,
					   IEDU_ATTR_LANG));
	assert_string_equal(iedu_record_child_attr(db, o, IEDU_CHILD_LOCATION,
						   0, IEDU_ATTR_DIVISION),
			    "500107");
	assert_null(iedu_record_attr(db, find(db, "csu"), IEDU_ATTR_LEVEL));
	assert_int_equal(
	    iedu_record_date(db, find(db, "csu"), IEDU_ATTR_FOUNDED), 0);
	iedu_db_free(db);
}

static void test_language_tags_canonical_and_sorted(void **state)
{
	iedu_db *db = full_db();
	iedu_handle o = find(db, "csu");

	(void)state;
	assert_int_equal(iedu_record_child_count(db, o, IEDU_CHILD_NAME), 3);
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_NAME, 0, IEDU_ATTR_LANG),
	    "en");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_NAME, 1, IEDU_ATTR_LANG),
	    "zh-Hans");
	assert_string_equal(
	    iedu_record_child_attr(db, o, IEDU_CHILD_NAME, 2, IEDU_ATTR_LANG),
	    "zh-Hant");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh-Hans"),
			    "中南大学");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh-Hant"),
			    "中南大學");
	assert_null(iedu_record_text(db, o, IEDU_CHILD_NAME, "ZH-hant"));
	assert_string_equal(
	    iedu_record_child_text(db, o, IEDU_CHILD_IDENTIFIER, 0),
	    "4143010533");
	assert_string_equal(iedu_record_attr(db, find(db, SRC), IEDU_ATTR_LANG),
			    "zh");
	iedu_db_free(db);
}

static void test_person_membership_post_read_back(void **state)
{
	iedu_db *db = full_db();
	iedu_handle p = find(db, "wu-yan"), m, m2, post;

	(void)state;
	assert_string_equal(iedu_record_text(db, p, IEDU_CHILD_NAME, "zh"),
			    "吴岩");
	assert_string_equal(iedu_record_text(db, p, IEDU_CHILD_NAME, "en"),
			    "Wu Yan");
	assert_string_equal(iedu_record_child_text(db, p, IEDU_CHILD_NAME, 0),
			    "Wu Yan");
	assert_int_equal(iedu_record_child_count(db, p, IEDU_CHILD_CITE), 1);

	m = find(db, "m-chinalco");
	assert_int_equal(iedu_record_kind(db, m), IEDU_KIND_MEMBERSHIP);
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 0), m);
	assert_int_equal(iedu_record_ref(db, m, IEDU_ATTR_MEMBER),
			 find(db, "chinalco"));
	assert_int_equal(iedu_record_ref(db, m, IEDU_ATTR_BODY),
			 find(db, "nf-community"));
	assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_MEMBER),
			    "chinalco");
	assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_ROLE),
			    "lead chair");
	assert_int_equal(iedu_record_roles(db, m),
			 IEDU_ROLE_LEAD | IEDU_ROLE_CHAIR);
	assert_int_equal(iedu_record_date(db, m, IEDU_ATTR_FROM), 20240702);
	assert_int_equal(iedu_record_date(db, m, IEDU_ATTR_UNTIL), 20270700);
	assert_string_equal(
	    iedu_record_child_attr(db, m, IEDU_CHILD_CITE, 0, IEDU_ATTR_QUOTE),
	    "牵头单位");
	assert_null(iedu_record_child_attr(db, m, IEDU_CHILD_CITE, 0,
					   IEDU_ATTR_LOCATOR));

	m2 = iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 1);
	assert_int_equal(iedu_record_index(db, m2), 1);
	assert_null(iedu_record_id(db, m2));
	assert_string_equal(iedu_record_attr(db, m2, IEDU_ATTR_ROLE),
			    "vice-chair council member");
	assert_int_equal(iedu_record_roles(db, m2), IEDU_ROLE_VICE_CHAIR |
							IEDU_ROLE_COUNCIL |
							IEDU_ROLE_MEMBER);
	assert_null(iedu_record_attr(db, m2, IEDU_ATTR_FROM));
	assert_int_equal(iedu_record_roles(db, p), 0);

	post = iedu_db_record_at(db, IEDU_KIND_POST, 0);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_POST), 1);
	assert_null(iedu_record_id(db, post));
	assert_int_equal(iedu_record_ref(db, post, IEDU_ATTR_PERSON), p);
	assert_int_equal(iedu_record_ref(db, post, IEDU_ATTR_ORG),
			 find(db, "moe"));
	assert_int_equal(iedu_record_date(db, post, IEDU_ATTR_FROM), 20180000);
	assert_string_equal(iedu_record_attr(db, post, IEDU_ATTR_UNTIL),
			    "2024-12");
	assert_string_equal(
	    iedu_record_child_text(db, post, IEDU_CHILD_TITLE, 0),
	    "Vice Minister of Education");
	assert_string_equal(iedu_record_text(db, post, IEDU_CHILD_TITLE, "zh"),
			    "副部长");
	iedu_db_free(db);
}

static void test_relation_designation_read_back(void **state)
{
	iedu_db *db = full_db();
	iedu_handle r = find(db, "rel-swa"), d = find(db, "des-csu");

	(void)state;
	assert_int_equal(iedu_record_ref(db, r, IEDU_ATTR_FROM),
			 find(db, "swa"));
	assert_int_equal(iedu_record_ref(db, r, IEDU_ATTR_TO),
			 find(db, "chinalco"));
	assert_string_equal(iedu_record_attr(db, r, IEDU_ATTR_TO), "chinalco");
	assert_string_equal(iedu_record_attr(db, r, IEDU_ATTR_TYPE), "part-of");
	assert_int_equal(iedu_record_date(db, r, IEDU_ATTR_SINCE), 20070000);
	assert_int_equal(iedu_record_date(db, r, IEDU_ATTR_UNTIL), 20300101);
	/* a relation has no 'date' */
	assert_int_equal(iedu_record_date(db, r, IEDU_ATTR_DATE), 0);

	assert_int_equal(iedu_record_ref(db, d, IEDU_ATTR_ORG),
			 find(db, "csu"));
	assert_int_equal(iedu_record_ref(db, d, IEDU_ATTR_ISSUER),
			 find(db, "moe"));
	assert_string_equal(iedu_record_attr(db, d, IEDU_ATTR_PROGRAMME),
			    "national-city-consortium");
	assert_string_equal(iedu_record_attr(db, d, IEDU_ATTR_BATCH), "1");
	assert_int_equal(iedu_record_date(db, d, IEDU_ATTR_DATE), 20231011);
	/* a token is not a reference */
	assert_int_equal(iedu_record_ref(db, d, IEDU_ATTR_PROGRAMME),
			 IEDU_NONE);
	assert_int_equal(
	    iedu_record_child_ref(db, d, IEDU_CHILD_CITE, 0, IEDU_ATTR_SOURCE),
	    find(db, "moe-2023-23"));
	iedu_db_free(db);
}

static void test_event_agreement_read_back(void **state)
{
	iedu_db *db = full_db();
	iedu_handle e = find(db, "ev-nf-founding"),
		    a = find(db, "ag-zhitongche");
	iedu_handle hosts[4] = {0, 0, 0, 0};
	size_t n = 99;

	(void)state;
	assert_string_equal(iedu_record_attr(db, e, IEDU_ATTR_TYPE),
			    "conference");
	assert_int_equal(iedu_record_date(db, e, IEDU_ATTR_DATE), 20240702);
	assert_int_equal(iedu_record_date(db, e, IEDU_ATTR_UNTIL), 20240703);
	assert_string_equal(iedu_record_attr(db, e, IEDU_ATTR_HOSTS),
			    "chinalco csu");
	OK(iedu_record_refs(&n, hosts, 4, db, e, IEDU_ATTR_HOSTS));
	assert_int_equal(n, 2);
	assert_int_equal(hosts[0], find(db, "chinalco"));
	assert_int_equal(hosts[1], find(db, "csu"));
	assert_int_equal(hosts[2], IEDU_NONE);
	/* counting only */
	n = 0;
	OK(iedu_record_refs(&n, NULL, 0, db, e, IEDU_ATTR_HOSTS));
	assert_int_equal(n, 2);
	assert_int_equal(iedu_record_ref(db, e, IEDU_ATTR_HOSTS), IEDU_NONE);
	assert_int_equal(iedu_record_ref(db, e, IEDU_ATTR_BODY),
			 find(db, "nf-community"));
	assert_string_equal(iedu_record_text(db, e, IEDU_CHILD_NAME, "zh"),
			    "国家有色金属行业产教融合共同体成立大会");
	assert_string_equal(iedu_record_child_text(db, e, IEDU_CHILD_PLACE, 0),
			    "重庆市西南铝");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_PLACE, 0,
						   IEDU_ATTR_DIVISION),
			    "500107");
	assert_int_equal(iedu_record_child_count(db, e, IEDU_CHILD_PARTICIPANT),
			 2);
	assert_int_equal(iedu_record_child_ref(db, e, IEDU_CHILD_PARTICIPANT, 0,
					       IEDU_ATTR_PERSON),
			 find(db, "wu-yan"));
	assert_int_equal(iedu_record_child_ref(db, e, IEDU_CHILD_PARTICIPANT, 0,
					       IEDU_ATTR_ORG),
			 IEDU_NONE);
	assert_string_equal(iedu_record_child_attr(db, e,
						   IEDU_CHILD_PARTICIPANT, 0,
						   IEDU_ATTR_ROLE),
			    "speaker");
	assert_int_equal(iedu_record_child_ref(db, e, IEDU_CHILD_PARTICIPANT, 1,
					       IEDU_ATTR_ORG),
			 find(db, "csu"));
	assert_string_equal(iedu_record_child_attr(db, e,
						   IEDU_CHILD_PARTICIPANT, 1,
						   IEDU_ATTR_ROLE),
			    "signatory");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   0, IEDU_ATTR_MODE),
			    "total");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   0, IEDU_ATTR_VALUE),
			    "260");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   0, IEDU_ATTR_QUALIFIER),
			    "more-than");
	assert_int_equal(iedu_record_child_count(db, e, IEDU_CHILD_CITE), 1);

	assert_string_equal(iedu_record_attr(db, a, IEDU_ATTR_TYPE),
			    "framework");
	assert_int_equal(iedu_record_date(db, a, IEDU_ATTR_SIGNED), 20240702);
	assert_int_equal(iedu_record_ref(db, a, IEDU_ATTR_EVENT), e);
	assert_string_equal(iedu_record_text(db, a, IEDU_CHILD_TITLE, "zh"),
			    "“中铝直通车”项目共建框架协议");
	/* parties in the order given */
	assert_int_equal(iedu_record_child_count(db, a, IEDU_CHILD_PARTY), 3);
	assert_int_equal(
	    iedu_record_child_ref(db, a, IEDU_CHILD_PARTY, 0, IEDU_ATTR_ORG),
	    find(db, "chinalco"));
	assert_int_equal(
	    iedu_record_child_ref(db, a, IEDU_CHILD_PARTY, 1, IEDU_ATTR_ORG),
	    find(db, "swa"));
	assert_int_equal(
	    iedu_record_child_ref(db, a, IEDU_CHILD_PARTY, 2, IEDU_ATTR_ORG),
	    find(db, "csu"));
	iedu_db_free(db);
}

static void test_statistic_read_back(void **state)
{
	static const char *const keys[] = {"enterprise", "university",
					   "vocational-school",
					   "research-institute", "association"};
	static const char *const values[] = {"88", "19", "33", "16", "1"};
	iedu_db *db = full_db();
	iedu_handle s = find(db, "st-nf-members"), t = find(db, "st-majors");
	uint32_t i;

	(void)state;
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_INDICATOR),
			    "member-units");
	assert_int_equal(iedu_record_ref(db, s, IEDU_ATTR_SUBJECT),
			 find(db, "nf-community"));
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_VALUE), "157");
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_UNIT),
			    "organization");
	/* defaults of the spec */
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_QUALIFIER),
			    "exact");
	assert_string_equal(iedu_record_attr(db, s, IEDU_ATTR_STATUS),
			    "reported");
	assert_null(iedu_record_attr(db, s, IEDU_ATTR_SCOPE));
	assert_string_equal(iedu_record_text(db, s, IEDU_CHILD_LABEL, "en"),
			    "member units");
	assert_int_equal(iedu_record_child_count(db, s, IEDU_CHILD_PART), 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(iedu_record_child_attr(db, s,
							   IEDU_CHILD_PART, i,
							   IEDU_ATTR_KEY),
				    keys[i]);
		assert_string_equal(iedu_record_child_attr(db, s,
							   IEDU_CHILD_PART, i,
							   IEDU_ATTR_VALUE),
				    values[i]);
	}
	assert_string_equal(
	    iedu_record_child_attr(db, s, IEDU_CHILD_CITE, 0, IEDU_ATTR_QUOTE),
	    "157家成员单位");

	assert_string_equal(iedu_record_attr(db, t, IEDU_ATTR_SCOPE), "CN");
	assert_int_equal(iedu_record_ref(db, t, IEDU_ATTR_SUBJECT), IEDU_NONE);
	assert_int_equal(iedu_record_date(db, t, IEDU_ATTR_DATE), 20250500);
	assert_string_equal(iedu_record_attr(db, t, IEDU_ATTR_QUALIFIER),
			    "more-than");
	assert_string_equal(iedu_record_attr(db, t, IEDU_ATTR_STATUS),
			    "target");
	assert_int_equal(iedu_record_child_count(db, t, IEDU_CHILD_LABEL), 0);
	iedu_db_free(db);
}

static void test_text_trimmed_and_nfc(void **state)
{
	iedu_db *db = NULL;
	iedu_batch *b;
	iedu_handle o;

	(void)state;
	OK(iedu_db_new(&db));
	b = batch(db);
	/* lengths count bytes: only "csu" of "csu-extra" is the id */
	OK(iedu_batch_record(b, IEDU_KIND_ORGANIZATION));
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "csu-extra", 3));
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "university", IEDU_NUL));
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "fr", NULL);
	OK(iedu_batch_text(b, " \t Universite\xCC\x81  Centre-Sud\r\n",
			   IEDU_NUL));
	build_end(b);
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	OK(iedu_batch_text(b, "中南大学（本部）", strlen("中南大学")));
	build_end(b);
	build_end(b);
	rec(b, IEDU_KIND_STATISTIC, "id", "st", "indicator", "x", "scope",
	    "430000", "value", "-12.50", "qualifier", "exact", "status",
	    "reported", NULL);
	build_end(b);
	commit(b);
	assert_not_found(db, "csu-extra");
	o = find(db, "csu");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "fr"),
			    "Universit\xC3\xA9  Centre-Sud");
	assert_string_equal(iedu_record_text(db, o, IEDU_CHILD_NAME, "zh"),
			    "中南大学");
	o = find(db, "st");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_VALUE), "-12.50");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_QUALIFIER),
			    "exact");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_STATUS),
			    "reported");
	assert_string_equal(iedu_record_attr(db, o, IEDU_ATTR_SCOPE), "430000");
	iedu_db_free(db);
}

/* ==== 2. references ==== */

static void two_parties(iedu_batch *b, const char *first)
{
	kid(b, IEDU_CHILD_PARTY, NULL, "org", first, NULL);
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
}

static void ref_member(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_MEMBERSHIP, "member", t, "body", "nf-community",
	    "role", "member", NULL);
}

static void ref_body(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_MEMBERSHIP, "id", "m1", "member", "csu", "body", t,
	    "role", "member", NULL);
}

static void ref_post_person(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_POST, "person", t, "org", "moe", NULL);
	kid(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
}

static void ref_post_org(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_POST, "person", "wu-yan", "org", t, NULL);
	kid(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
}

static void ref_rel_from(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_RELATION, "from", t, "to", "chinalco", "type",
	    "part-of", NULL);
}

static void ref_rel_to(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_RELATION, "id", "r1", "from", "swa", "to", t, "type",
	    "supervised-by", NULL);
}

static void ref_des_org(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_DESIGNATION, "org", t, "programme", "pilot", NULL);
}

static void ref_des_issuer(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_DESIGNATION, "org", "csu", "programme", "pilot",
	    "issuer", t, NULL);
}

static void ref_hosts2(iedu_batch *b, const char *t)
{
	char hosts[64];

	snprintf(hosts, sizeof hosts, "chinalco %s", t);
	rec(b, IEDU_KIND_EVENT, "id", "ev2", "type", "meeting", "date", "2024",
	    "hosts", hosts, NULL);
}

static void ref_event_body(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_EVENT, "id", "ev2", "type", "meeting", "date", "2024",
	    "body", t, NULL);
}

static void ref_agreement_event(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_AGREEMENT, "id", "ag1", "type", "research", "event", t,
	    NULL);
	two_parties(b, "csu");
}

static void ref_subject(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_STATISTIC, "id", "st1", "indicator", "member-units",
	    "subject", t, "value", "157", NULL);
}

static void ref_cite(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_PERSON, "id", "p1", NULL);
	name_zh(b, "吴岩");
	kid(b, IEDU_CHILD_CITE, NULL, "source", t, NULL);
}

static void ref_participant_person(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_EVENT, "id", "ev2", "type", "meeting", "date", "2024",
	    NULL);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, "person", t, NULL);
}

static void ref_participant_org(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_EVENT, "id", "ev2", "type", "meeting", "date", "2024",
	    NULL);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, "org", t, "role", "guide", NULL);
}

static void ref_party(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_AGREEMENT, "id", "ag1", "type", "cooperation", NULL);
	two_parties(b, t);
}

static void ref_source_issuer(iedu_batch *b, const char *t)
{
	rec(b, IEDU_KIND_SOURCE, "id", "src2", "type", "policy", NULL);
	kid(b, IEDU_CHILD_TITLE, "通知", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_ISSUER, NULL, "org", t, NULL);
}

typedef struct ref_case {
	void (*build)(iedu_batch *b, const char *target);
	const char *wrong; /* an id of the wrong kind, or NULL */
	iedu_kind kind;
	const char *id;
	const char *field;
	const char *dangling_msg;
	const char *wrong_msg;
} ref_case;

#define ORG_EXPECTED "expected the id of an organization"
#define NO_NOPE	     "no record has the id 'nope'; "
#define IN_DB	     " in the database or in the same batch"

static const ref_case ref_cases[] = {
    {ref_member, "wu-yan", IEDU_KIND_MEMBERSHIP, NULL, "member",
     "membership #1: member: " NO_NOPE ORG_EXPECTED IN_DB,
     "membership #1: member: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_body, SRC, IEDU_KIND_MEMBERSHIP, "m1", "body",
     "membership 'm1': body: " NO_NOPE ORG_EXPECTED IN_DB,
     "membership 'm1': body: '" SRC "' is a source; " ORG_EXPECTED},
    {ref_post_person, "csu", IEDU_KIND_POST, NULL, "person",
     "post #1: person: " NO_NOPE "expected the id of a person" IN_DB,
     "post #1: person: 'csu' is an organization; expected the id of "
     "a person"},
    {ref_post_org, "wu-yan", IEDU_KIND_POST, NULL, "org",
     "post #1: org: " NO_NOPE ORG_EXPECTED IN_DB,
     "post #1: org: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_rel_from, "ev-nf-founding", IEDU_KIND_RELATION, NULL, "from",
     "relation #1: from: " NO_NOPE ORG_EXPECTED IN_DB,
     "relation #1: from: 'ev-nf-founding' is an event; " ORG_EXPECTED},
    {ref_rel_to, "wu-yan", IEDU_KIND_RELATION, "r1", "to",
     "relation 'r1': to: " NO_NOPE ORG_EXPECTED IN_DB,
     "relation 'r1': to: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_des_org, "wu-yan", IEDU_KIND_DESIGNATION, NULL, "org",
     "designation #1: org: " NO_NOPE ORG_EXPECTED IN_DB,
     "designation #1: org: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_des_issuer, "moe-2023-23", IEDU_KIND_DESIGNATION, NULL, "issuer",
     "designation #1: issuer: " NO_NOPE ORG_EXPECTED IN_DB,
     "designation #1: issuer: 'moe-2023-23' is a source; " ORG_EXPECTED},
    {ref_hosts2, "wu-yan", IEDU_KIND_EVENT, "ev2", "hosts",
     "event 'ev2': hosts: " NO_NOPE ORG_EXPECTED IN_DB,
     "event 'ev2': hosts: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_event_body, "ev-nf-founding", IEDU_KIND_EVENT, "ev2", "body",
     "event 'ev2': body: " NO_NOPE ORG_EXPECTED IN_DB,
     "event 'ev2': body: 'ev-nf-founding' is an event; " ORG_EXPECTED},
    {ref_agreement_event, "chinalco", IEDU_KIND_AGREEMENT, "ag1", "event",
     "agreement 'ag1': event: " NO_NOPE "expected the id of an event" IN_DB,
     "agreement 'ag1': event: 'chinalco' is an organization; expected the "
     "id of an event"},
    {ref_subject, NULL, IEDU_KIND_STATISTIC, "st1", "subject",
     "statistic 'st1': subject: " NO_NOPE "expected the id of a record" IN_DB,
     NULL},
    {ref_cite, "chinalco", IEDU_KIND_PERSON, "p1", "cite/@source",
     "person 'p1': cite/@source: " NO_NOPE "expected the id of a source" IN_DB,
     "person 'p1': cite/@source: 'chinalco' is an organization; expected "
     "the id of a source"},
    {ref_participant_person, "csu", IEDU_KIND_EVENT, "ev2",
     "participant/@person",
     "event 'ev2': participant/@person: " NO_NOPE
     "expected the id of a person" IN_DB,
     "event 'ev2': participant/@person: 'csu' is an organization; "
     "expected the id of a person"},
    {ref_participant_org, "wu-yan", IEDU_KIND_EVENT, "ev2", "participant/@org",
     "event 'ev2': participant/@org: " NO_NOPE ORG_EXPECTED IN_DB,
     "event 'ev2': participant/@org: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_party, "wu-yan", IEDU_KIND_AGREEMENT, "ag1", "party/@org",
     "agreement 'ag1': party/@org: " NO_NOPE ORG_EXPECTED IN_DB,
     "agreement 'ag1': party/@org: 'wu-yan' is a person; " ORG_EXPECTED},
    {ref_source_issuer, SRC, IEDU_KIND_SOURCE, "src2", "issuer/@org",
     "source 'src2': issuer/@org: " NO_NOPE ORG_EXPECTED IN_DB,
     "source 'src2': issuer/@org: '" SRC "' is a source; " ORG_EXPECTED},
};

/* Builds a case's record naming target after a valid organization. */
static int commit_case(iedu_db *db, const ref_case *c, const char *target)
{
	iedu_batch *b = batch(db);
	int rc;

	org(b, "staged-org", "other", "暂存单位");
	c->build(b, target);
	build_end(b);
	rc = iedu_batch_commit(b);
	iedu_batch_free(b);
	return rc;
}

static void test_reference_dangling(void **state)
{
	iedu_db *db = base_db();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ref_cases / sizeof *ref_cases; i++) {
		const ref_case *c = &ref_cases[i];
		EXPECT(commit_case(db, c, "nope"), IEDU_EREF, c->dangling_msg);
		CONTEXT(c->id, c->kind, c->field);
		assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 9);
		assert_not_found(db, "staged-org");
	}
	iedu_db_free(db);
}

static void test_reference_wrong_kind(void **state)
{
	iedu_db *db = base_db();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ref_cases / sizeof *ref_cases; i++) {
		const ref_case *c = &ref_cases[i];
		if (!c->wrong)
			continue;
		EXPECT(commit_case(db, c, c->wrong), IEDU_EKIND, c->wrong_msg);
		CONTEXT(c->id, c->kind, c->field);
		assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 9);
	}
	iedu_db_free(db);
}

/* The same records commit when each reference names the staged organization
 * (kinds that accept one) or a committed record of the right kind. */
static void test_reference_valid_each(void **state)
{
	static const char *const right[] = {
	    "staged-org", "staged-org", "wu-yan",	  "staged-org",
	    "staged-org", "staged-org", "staged-org",	  "staged-org",
	    "staged-org", "staged-org", "ev-nf-founding", "staged-org",
	    SRC,	  "wu-yan",	"staged-org",	  "staged-org",
	    "staged-org"};
	size_t i;

	(void)state;
	assert_int_equal(sizeof right / sizeof *right,
			 sizeof ref_cases / sizeof *ref_cases);
	for (i = 0; i < sizeof ref_cases / sizeof *ref_cases; i++) {
		iedu_db *db = base_db();
		OK(commit_case(db, &ref_cases[i], right[i]));
		assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 11);
		iedu_db_free(db);
	}
}

static void test_statistic_subject_any_kind(void **state)
{
	static const char *const subjects[] = {
	    SRC, "csu", "wu-yan", "ev-nf-founding", "m1", "st-other"};
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	char id[16];
	size_t i;

	(void)state;
	rec(b, IEDU_KIND_MEMBERSHIP, "id", "m1", "member", "csu", "body",
	    "nf-community", "role", "member", NULL);
	build_end(b);
	for (i = 0; i < sizeof subjects / sizeof *subjects; i++) {
		snprintf(id, sizeof id, "st%zu", i);
		rec(b, IEDU_KIND_STATISTIC, "id", id, "indicator", "count",
		    "subject", subjects[i], "value", "1", NULL);
		build_end(b);
	}
	rec(b, IEDU_KIND_STATISTIC, "id", "st-other", "indicator", "count",
	    "scope", "CN", "value", "2", NULL);
	build_end(b);
	commit(b);
	for (i = 0; i < sizeof subjects / sizeof *subjects; i++) {
		snprintf(id, sizeof id, "st%zu", i);
		assert_int_equal(
		    iedu_record_ref(db, find(db, id), IEDU_ATTR_SUBJECT),
		    find(db, subjects[i]));
	}
	iedu_db_free(db);
}

static void test_forward_and_earlier_batch_references(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle m;

	(void)state;
	/* names a record staged later in the batch and one committed before */
	rec(b, IEDU_KIND_MEMBERSHIP, "member", "zhuzhou-poly", "body",
	    "nf-community", "role", "member", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", "src-later", NULL);
	build_end(b);
	org(b, "zhuzhou-poly", "vocational-school", "湖南有色金属职业技术学院");
	rec(b, IEDU_KIND_SOURCE, "id", "src-later", "type", "web", NULL);
	kid(b, IEDU_CHILD_TITLE, "Members", "xml:lang", "en", NULL);
	build_end(b);
	commit(b);
	m = iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 0);
	assert_int_equal(iedu_record_ref(db, m, IEDU_ATTR_MEMBER),
			 find(db, "zhuzhou-poly"));
	assert_int_equal(iedu_record_ref(db, m, IEDU_ATTR_BODY),
			 find(db, "nf-community"));
	assert_int_equal(
	    iedu_record_child_ref(db, m, IEDU_CHILD_CITE, 0, IEDU_ATTR_SOURCE),
	    find(db, "src-later"));
	/* a third batch names records of both earlier batches */
	b = batch(db);
	rec(b, IEDU_KIND_RELATION, "from", "zhuzhou-poly", "to", "chinalco",
	    "type", "partner-of", NULL);
	build_end(b);
	commit(b);
	assert_int_equal(
	    iedu_record_ref(db, iedu_db_record_at(db, IEDU_KIND_RELATION, 0),
			    IEDU_ATTR_FROM),
	    find(db, "zhuzhou-poly"));
	iedu_db_free(db);
}

static void test_reference_to_discarded_batch(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	org(b, "gone", "other", "未提交");
	iedu_batch_free(b);
	b = batch(db);
	ref_member(b, "gone");
	build_end(b);
	EXPECT(
	    iedu_batch_commit(b), IEDU_EREF,
	    "membership #1: member: no record has the id 'gone'; " ORG_EXPECTED
		IN_DB);
	iedu_batch_free(b);
	iedu_db_free(db);
}

/* ---- part-of cycles ---- */

static void test_part_of_self(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	rec(b, IEDU_KIND_RELATION, "id", "r-self", "from", "swa", "to", "swa",
	    "type", "part-of", NULL);
	EXPECT(iedu_batch_end(b), IEDU_ECYCLE,
	       "relation 'r-self': to: part-of relations form a cycle: swa -> "
	       "swa; expected a hierarchy in which no organization is part of "
	       "itself");
	CONTEXT("r-self", IEDU_KIND_RELATION, "to");
	iedu_batch_free(b);

	/* other relations and memberships need two organizations too */
	b = batch(db);
	rec(b, IEDU_KIND_RELATION, "from", "swa", "to", "swa", "type",
	    "partner-of", NULL);
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "relation #1: to: from and to are both 'swa'; expected two "
	       "different organizations");
	iedu_batch_free(b);
	b = batch(db);
	rec(b, IEDU_KIND_MEMBERSHIP, "member", "nf-community", "body",
	    "nf-community", "role", "member", NULL);
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "membership #1: body: member and body are both 'nf-community'; "
	       "expected two different organizations");
	CONTEXT(NULL, IEDU_KIND_MEMBERSHIP, "body");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_part_of_two_cycle(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	part_of(b, "swa", "chinalco");
	rec(b, IEDU_KIND_RELATION, "id", "r-back", "from", "chinalco", "to",
	    "swa", "type", "part-of", NULL);
	build_end(b);
	EXPECT(iedu_batch_commit(b), IEDU_ECYCLE,
	       "relation 'r-back': to: part-of relations form a cycle: "
	       "chinalco "
	       "-> swa "
	       "-> chinalco; expected a hierarchy in which no organization is "
	       "part of itself");
	iedu_batch_free(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_RELATION), 0);

	/* other types may loop */
	b = batch(db);
	part_of(b, "swa", "chinalco");
	rec(b, IEDU_KIND_RELATION, "from", "chinalco", "to", "swa", "type",
	    "partner-of", NULL);
	build_end(b);
	rec(b, IEDU_KIND_RELATION, "from", "chinalco", "to", "swa", "type",
	    "supervised-by", NULL);
	build_end(b);
	commit(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_RELATION), 3);
	iedu_db_free(db);
}

static void test_part_of_cycle_across_batches(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	part_of(b, "swa", "chinalco");
	part_of(b, "chinalco", "moe");
	/* a diamond is not a cycle */
	part_of(b, "csu", "moe");
	part_of(b, "swa", "csu");
	commit(b);
	b = batch(db);
	rec(b, IEDU_KIND_RELATION, "id", "r-close", "from", "moe", "to", "swa",
	    "type", "part-of", NULL);
	build_end(b);
	EXPECT(iedu_batch_commit(b), IEDU_ECYCLE,
	       "relation 'r-close': to: part-of relations form a cycle: moe -> "
	       "swa -> chinalco -> moe; expected a hierarchy in which no "
	       "organization is part of itself");
	CONTEXT("r-close", IEDU_KIND_RELATION, "to");
	iedu_batch_free(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_RELATION), 4);
	assert_not_found(db, "r-close");
	/* extending the hierarchy upwards is fine */
	b = batch(db);
	part_of(b, "moe", "nf-community");
	commit(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_RELATION), 5);
	iedu_db_free(db);
}

/* ==== 3. validation errors ==== */

/* A batch on the base database with a record of kind open, id set if given. */
static iedu_batch *open_record(iedu_db *db, iedu_kind kind, const char *id)
{
	iedu_batch *b = batch(db);

	OK(iedu_batch_record(b, kind));
	if (id)
		OK(iedu_batch_set(b, IEDU_ATTR_ID, id, IEDU_NUL));
	return b;
}

/*
 * Every printable ASCII character in an id, as its second byte and as
 * its 128th: accepted exactly when it is one of A-Z a-z 0-9 . _ : -,
 * and reported at its byte otherwise (the check tests the whole id
 * before it looks for the position); tab, line breaks and DEL (the other
 * control characters are refused by the text check first) and a
 * character above ASCII are refused as well.
 */
static void test_id_every_character(void **state)
{
	static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz"
				      "0123456789._:-";
	static const char tail[] = "; expected only A-Z a-z 0-9 . _ : -";
	iedu_db *db = NULL;
	int c, at, k, accepted = 0;

	(void)state;
	OK(iedu_db_new(&db));
	for (at = 0; at < 2; at++)
		for (c = 0x20; c < 0x7F; c++) {
			char id[129];
			size_t len = at ? 128 : 3;
			iedu_batch *b = open_record(db, IEDU_KIND_PERSON, NULL);
			int rc;
			memset(id, 'a', sizeof id);
			id[len - 1] = '9';
			id[at ? 127 : 1] = (char)c;
			rc = iedu_batch_set(b, IEDU_ATTR_ID, id, len);
			if (strchr(allowed, c)) {
				OK(rc);
				accepted++;
			} else {
				/* the quote stops after 40 bytes */
				char want[160];
				if (at)
					snprintf(want, sizeof want,
						 "person #1: id: id '%.40s...' "
						 "has '%c' at byte 128%s",
						 id, c, tail);
				else
					snprintf(want, sizeof want,
						 "person #1: id: id 'a%c9' has "
						 "'%c' at byte 2%s",
						 c, c, tail);
				EXPECT(rc, IEDU_EVALUE, want);
			}
			iedu_batch_free(b);
		}
	assert_int_equal(accepted, 2 * (int)(sizeof allowed - 1));
	/* the control characters that text may hold reach the id check */
	for (k = 0; k < 4; k++) {
		static const char ctl[] = {0x09, 0x0A, 0x0D, 0x7F};
		char id[3] = {'a', ctl[k], '9'}, want[128];
		iedu_batch *b = open_record(db, IEDU_KIND_PERSON, NULL);
		snprintf(want, sizeof want,
			 "person #1: id: id 'a\\x%02X9' has U+%04X at byte 2%s",
			 (unsigned)ctl[k], (unsigned)ctl[k], tail);
		EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, id, 3), IEDU_EVALUE,
		       want);
		iedu_batch_free(b);
	}
	{
		iedu_batch *b = open_record(db, IEDU_KIND_PERSON, NULL);
		EXPECT(
		    iedu_batch_set(b, IEDU_ATTR_ID, "wu\xC3\xA9", 4),
		    IEDU_EVALUE,
		    "person #1: id: id 'wu\xC3\xA9' has '\xC3\xA9' at byte 3; "
		    "expected only A-Z a-z 0-9 . _ : -");
		EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, "wu~yan", IEDU_NUL),
		       IEDU_EVALUE,
		       "person #1: id: id 'wu~yan' has '~' at byte 3; "
		       "expected only A-Z a-z 0-9 . _ : -");
		iedu_batch_free(b);
	}
	iedu_db_free(db);
}

typedef struct value_case {
	iedu_kind kind;
	const char *id;
	iedu_child child; /* IEDU_CHILD_NONE: an attribute of the record */
	iedu_attr attr;
	const char *bad, *good;
	int code;
	const char *field;
	const char *msg;
} value_case;

#define A129                                                                   \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"     \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const value_case value_cases[] = {
    /* ids */
    {IEDU_KIND_ORGANIZATION, NULL, 0, IEDU_ATTR_ID, "-chinalco", "chinalco",
     IEDU_EVALUE, "id",
     "organization #6: id: id '-chinalco' starts with '-'; expected "
     "a letter or digit first"},
    {IEDU_KIND_PERSON, NULL, 0, IEDU_ATTR_ID, "wu yan", "wu-yan", IEDU_EVALUE,
     "id",
     "person #2: id: id 'wu yan' has ' ' at byte 3; expected only "
     "A-Z a-z 0-9 . _ : -"},
    {IEDU_KIND_PERSON, NULL, 0, IEDU_ATTR_ID, "", "wu-yan", IEDU_EVALUE, "id",
     "person #2: id: empty id; expected 1-128 characters from A-Z "
     "a-z 0-9 . _ : -"},
    {IEDU_KIND_PERSON, NULL, 0, IEDU_ATTR_ID, "吴岩", "wu-yan", IEDU_EVALUE,
     "id",
     "person #2: id: id '吴岩' starts with '吴'; expected a letter or "
     "digit first"},
    {IEDU_KIND_PERSON, NULL, 0, IEDU_ATTR_ID, A129, "wu-yan", IEDU_EVALUE, "id",
     "person #2: id: id "
     "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 129 "
     "characters long; expected at most 128"},
    {IEDU_KIND_MEMBERSHIP, NULL, 0, IEDU_ATTR_MEMBER, "chinalco csu",
     "chinalco", IEDU_EVALUE, "member",
     "membership #1: member: id 'chinalco csu' has ' ' at byte 9; "
     "expected only A-Z a-z 0-9 . _ : -"},
    {IEDU_KIND_EVENT, "ev1", 0, IEDU_ATTR_HOSTS, "chinalco csu chinalco",
     "chinalco csu", IEDU_EDUPLICATE, "hosts",
     "event 'ev1': hosts: id 'chinalco' is listed twice; expected "
     "each id once"},
    {IEDU_KIND_EVENT, "ev1", 0, IEDU_ATTR_HOSTS, "chinalco c/u", "chinalco csu",
     IEDU_EVALUE, "hosts",
     "event 'ev1': hosts: id 'c/u' has '/' at byte 2; expected "
     "only A-Z a-z 0-9 . _ : -"},
    {IEDU_KIND_EVENT, "ev1", 0, IEDU_ATTR_HOSTS, " ", "csu", IEDU_EVALUE,
     "hosts",
     "event 'ev1': hosts: no id given; expected one or more ids "
     "separated by spaces"},
    /* tokens */
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_PROGRAMME, "national city",
     "national-city-consortium", IEDU_EVALUE, "programme",
     "designation #1: programme: token 'national city' has ' ' at "
     "byte 9; expected only A-Z a-z 0-9 . _ : -"},
    {IEDU_KIND_STATISTIC, "st1", 0, IEDU_ATTR_UNIT, "家", "organization",
     IEDU_EVALUE, "unit",
     "statistic 'st1': unit: token '家' starts with '家'; expected "
     "a letter or digit first"},
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_IDENTIFIER,
     IEDU_ATTR_SCHEME, "", "uscc", IEDU_EVALUE, "identifier/@scheme",
     "organization 'chinalco': identifier/@scheme: empty token; "
     "expected 1-128 characters from A-Z a-z 0-9 . _ : -"},
    /* enumerations */
    {IEDU_KIND_ORGANIZATION, "chinalco", 0, IEDU_ATTR_TYPE, "company",
     "enterprise", IEDU_EVALUE, "type",
     "organization 'chinalco': type: 'company' is not allowed; "
     "expected one of enterprise, university, vocational-school, "
     "research-institute, government, association, media, "
     "community, consortium, alliance, education-group, other"},
    {IEDU_KIND_ORGANIZATION, "chinalco", 0, IEDU_ATTR_TYPE, "Enterprise",
     "enterprise", IEDU_EVALUE, "type",
     "organization 'chinalco': type: 'Enterprise' is not allowed; "
     "expected one of enterprise, university, vocational-school, "
     "research-institute, government, association, media, "
     "community, consortium, alliance, education-group, other"},
    {IEDU_KIND_ORGANIZATION, "chinalco", 0, IEDU_ATTR_LEVEL, "central",
     "national", IEDU_EVALUE, "level",
     "organization 'chinalco': level: 'central' is not allowed; "
     "expected one of national, provincial, municipal, county"},
    {IEDU_KIND_SOURCE, "s1", 0, IEDU_ATTR_TYPE, "blog", "web", IEDU_EVALUE,
     "type",
     "source 's1': type: 'blog' is not allowed; expected one of "
     "news, policy, report, web, broadcast, other"},
    {IEDU_KIND_RELATION, NULL, 0, IEDU_ATTR_TYPE, "part of", "part-of",
     IEDU_EVALUE, "type",
     "relation #1: type: 'part of' is not allowed; expected one of "
     "part-of, supervised-by, successor-of, partner-of"},
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_ALIAS, IEDU_ATTR_KIND,
     "nickname", "short", IEDU_EVALUE, "alias/@kind",
     "organization 'chinalco': alias/@kind: 'nickname' is not "
     "allowed; expected one of short, former, acronym, "
     "translation, transliteration, other"},
    {IEDU_KIND_EVENT, "ev1", IEDU_CHILD_ATTENDANCE, IEDU_ATTR_MODE, "hybrid",
     "onsite", IEDU_EVALUE, "attendance/@mode",
     "event 'ev1': attendance/@mode: 'hybrid' is not allowed; "
     "expected one of total, onsite, online"},
    {IEDU_KIND_EVENT, "ev1", IEDU_CHILD_ATTENDANCE, IEDU_ATTR_QUALIFIER,
     "approx", "about", IEDU_EVALUE, "attendance/@qualifier",
     "event 'ev1': attendance/@qualifier: 'approx' is not "
     "allowed; expected one of exact, more-than, at-least, about, "
     "less-than, at-most"},
    {IEDU_KIND_STATISTIC, "st1", 0, IEDU_ATTR_STATUS, "goal", "target",
     IEDU_EVALUE, "status",
     "statistic 'st1': status: 'goal' is not allowed; expected "
     "one of reported, estimate, target"},
    {IEDU_KIND_AGREEMENT, "ag1", 0, IEDU_ATTR_TYPE, "mou", "framework",
     IEDU_EVALUE, "type",
     "agreement 'ag1': type: 'mou' is not allowed; expected one "
     "of framework, cooperation, research, overseas-schooling, "
     "talent-training, other"},
    /* roles */
    {IEDU_KIND_MEMBERSHIP, NULL, 0, IEDU_ATTR_ROLE, "lead boss", "lead",
     IEDU_EVALUE, "role",
     "membership #1: role: 'boss' is not a role; expected one or "
     "more of lead, chair, executive-vice-chair, vice-chair, "
     "standing-council, council, secretariat, supporting, member"},
    {IEDU_KIND_MEMBERSHIP, NULL, 0, IEDU_ATTR_ROLE, "lead chair lead",
     "lead chair", IEDU_EDUPLICATE, "role",
     "membership #1: role: role 'lead' is given twice; expected "
     "each role once"},
    {IEDU_KIND_MEMBERSHIP, NULL, 0, IEDU_ATTR_ROLE, " \t", "member",
     IEDU_EVALUE, "role",
     "membership #1: role: no role given; expected one or more "
     "roles separated by spaces"},
    /* dates */
    {IEDU_KIND_ORGANIZATION, "chinalco", 0, IEDU_ATTR_FOUNDED, "2023-02-29",
     "2024-02-29", IEDU_EVALUE, "founded",
     "organization 'chinalco': founded: '2023-02-29' is not a "
     "calendar date: February 2023 has 28 days"},
    {IEDU_KIND_EVENT, "ev1", 0, IEDU_ATTR_DATE, "2024/07/02", "2024-07-02",
     IEDU_EVALUE, "date",
     "event 'ev1': date: '2024/07/02' is not a date: '/' at byte "
     "5; expected YYYY, YYYY-MM or YYYY-MM-DD"},
    {IEDU_KIND_MEMBERSHIP, NULL, 0, IEDU_ATTR_FROM, "2024-13", "2024-12",
     IEDU_EVALUE, "from",
     "membership #1: from: '2024-13' is not a date: month 13 is out "
     "of range 01-12"},
    {IEDU_KIND_POST, NULL, 0, IEDU_ATTR_UNTIL, "", "2024", IEDU_EVALUE, "until",
     "post #1: until: '' is not a date: the text is empty; expected "
     "YYYY, YYYY-MM or YYYY-MM-DD"},
    /* numbers */
    {IEDU_KIND_STATISTIC, "st1", 0, IEDU_ATTR_VALUE, "1,400", "1400",
     IEDU_EVALUE, "value",
     "statistic 'st1': value: '1,400' is not a number: ',' at "
     "byte 2; expected digits with an optional sign and fraction, "
     "like 157, -3 or 12.5"},
    {IEDU_KIND_STATISTIC, "st1", IEDU_CHILD_PART, IEDU_ATTR_VALUE, "12.",
     "12.5", IEDU_EVALUE, "part/@value",
     "statistic 'st1': part/@value: '12.' is not a number: no "
     "digit after '.'; expected digits with an optional sign and "
     "fraction, like 157, -3 or 12.5"},
    {IEDU_KIND_EVENT, "ev1", IEDU_CHILD_ATTENDANCE, IEDU_ATTR_VALUE, "260人",
     "260", IEDU_EVALUE, "attendance/@value",
     "event 'ev1': attendance/@value: '260人' is not a number: "
     "byte \\xE4 at byte 4; expected digits with an optional sign "
     "and fraction, like 157, -3 or 12.5"},
    /* batch: a positive integer */
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_BATCH, "01", "1", IEDU_EVALUE,
     "batch",
     "designation #1: batch: '01' is not a positive integer; "
     "expected digits without leading zeros, from 1"},
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_BATCH, "0", "2", IEDU_EVALUE,
     "batch",
     "designation #1: batch: '0' is not a positive integer; "
     "expected digits without leading zeros, from 1"},
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_BATCH, "-1", "2", IEDU_EVALUE,
     "batch",
     "designation #1: batch: '-1' is not a positive integer; "
     "expected digits such as 1 or 12"},
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_BATCH, "", "2", IEDU_EVALUE,
     "batch",
     "designation #1: batch: '' is not a positive integer; expected "
     "digits without leading zeros, from 1"},
    {IEDU_KIND_DESIGNATION, NULL, 0, IEDU_ATTR_BATCH, "2147483648",
     "2147483647", IEDU_EVALUE, "batch",
     "designation #1: batch: '2147483648' is too large; expected at "
     "most 2147483647"},
    /* urls */
    {IEDU_KIND_SOURCE, "s1", 0, IEDU_ATTR_URL, "example.org/article",
     "https://example.org/article", IEDU_EVALUE, "url",
     "source 's1': url: 'example.org/article' is not an absolute "
     "URL; expected a scheme such as https: followed by the rest"},
    {IEDU_KIND_SOURCE, "s1", 0, IEDU_ATTR_URL, "https://example.org/a b",
     "https://example.org/a%20b", IEDU_EVALUE, "url",
     "source 's1': url: URL 'https://example.org/a b' contains "
     "white space at byte 22; expected spaces written as %20"},
    {IEDU_KIND_SOURCE, "s1", 0, IEDU_ATTR_URL, "https:", "https://x.cn",
     IEDU_EVALUE, "url",
     "source 's1': url: 'https:' is not an absolute URL; expected "
     "a scheme such as https: followed by the rest"},
    /* language tags */
    {IEDU_KIND_SOURCE, "s1", 0, IEDU_ATTR_LANG, "zh_CN", "zh-CN", IEDU_EVALUE,
     "xml:lang",
     "source 's1': xml:lang: 'zh_CN' is not a language tag; "
     "expected a BCP 47 tag such as zh, zh-Hans, zh-Hant or en"},
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_NAME, IEDU_ATTR_LANG, "",
     "zh", IEDU_EVALUE, "name/@xml:lang",
     "organization 'chinalco': name/@xml:lang: '' is not a "
     "language tag; expected a BCP 47 tag such as zh, zh-Hans, "
     "zh-Hant or en"},
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_NAME, IEDU_ATTR_LANG, "zh-",
     "zh", IEDU_EVALUE, "name/@xml:lang",
     "organization 'chinalco': name/@xml:lang: 'zh-' is not a "
     "language tag; expected a BCP 47 tag such as zh, zh-Hans, "
     "zh-Hant or en"},
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_NAME, IEDU_ATTR_LANG,
     "中文", "zh", IEDU_EVALUE, "name/@xml:lang",
     "organization 'chinalco': name/@xml:lang: '中文' is not a "
     "language tag; expected a BCP 47 tag such as zh, zh-Hans, "
     "zh-Hant or en"},
    /* divisions and scopes */
    {IEDU_KIND_ORGANIZATION, "chinalco", IEDU_CHILD_LOCATION,
     IEDU_ATTR_DIVISION, "50010", "500107", IEDU_EVALUE, "location/@division",
     "organization 'chinalco': location/@division: '50010' is not "
     "a division code; expected 6 digits (GB/T 2260), such as "
     "500107"},
    {IEDU_KIND_EVENT, "ev1", IEDU_CHILD_PLACE, IEDU_ATTR_DIVISION, "CN",
     "500107", IEDU_EVALUE, "place/@division",
     "event 'ev1': place/@division: 'CN' is not a division code; "
     "expected 6 digits (GB/T 2260), such as 500107"},
    {IEDU_KIND_STATISTIC, "st1", 0, IEDU_ATTR_SCOPE, "China", "CN", IEDU_EVALUE,
     "scope",
     "statistic 'st1': scope: 'China' is not a scope; expected CN "
     "or a 6-digit division code"},
    {IEDU_KIND_STATISTIC, "st1", 0, IEDU_ATTR_SCOPE, "cn", "CN", IEDU_EVALUE,
     "scope",
     "statistic 'st1': scope: 'cn' is not a scope; expected CN or "
     "a 6-digit division code"},
    /* free text, UTF-8 and control characters */
    {IEDU_KIND_PERSON, "wu-yan", IEDU_CHILD_CITE, IEDU_ATTR_LOCATOR, " \n ",
     "第2段", IEDU_EVALUE, "cite/@locator",
     "person 'wu-yan': cite/@locator: empty value; expected some "
     "text"},
    {IEDU_KIND_PERSON, "wu-yan", IEDU_CHILD_CITE, IEDU_ATTR_QUOTE,
     "157\xE5\xAE", "157家", IEDU_EVALUE, "cite/@quote",
     "person 'wu-yan': cite/@quote: truncated UTF-8 sequence at "
     "byte 4; expected UTF-8 text"},
    {IEDU_KIND_PERSON, "wu-yan", IEDU_CHILD_CITE, IEDU_ATTR_QUOTE, "ab\xFF",
     "ab", IEDU_EVALUE, "cite/@quote",
     "person 'wu-yan': cite/@quote: invalid UTF-8 byte 0xFF at "
     "byte 3; expected UTF-8 text"},
    {IEDU_KIND_PERSON, "wu-yan", IEDU_CHILD_CITE, IEDU_ATTR_LOCATOR, "第\x01段",
     "第2段", IEDU_EVALUE, "cite/@locator",
     "person 'wu-yan': cite/@locator: control character U+0001 at "
     "byte 4; expected text without control characters other than "
     "tab and line breaks"},
    {IEDU_KIND_ORGANIZATION, NULL, 0, IEDU_ATTR_ID, "csu\x7F", "csu",
     IEDU_EVALUE, "id",
     "organization #6: id: id 'csu\\x7F' has U+007F at byte 4; "
     "expected only A-Z a-z 0-9 . _ : -"},
};

static void test_malformed_values(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof value_cases / sizeof *value_cases; i++) {
		const value_case *c = &value_cases[i];
		iedu_db *db = base_db();
		iedu_batch *b = open_record(db, c->kind, c->id);
		if (c->child)
			OK(iedu_batch_child(b, c->child));
		EXPECT(iedu_batch_set(b, c->attr, c->bad, IEDU_NUL), c->code,
		       c->msg);
		CONTEXT(c->id, c->kind, c->field);
		/* nothing was set: the corrected value is accepted */
		OK(iedu_batch_set(b, c->attr, c->good, IEDU_NUL));
		iedu_batch_free(b);
		assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 9);
		iedu_db_free(db);
	}
}

static void test_unknown_attribute(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	EXPECT(iedu_batch_set(b, IEDU_ATTR_URL, "https://x.cn", IEDU_NUL),
	       IEDU_EUNKNOWN,
	       "organization 'zz-org': url: 'url' is not an attribute of "
	       "<organization>; expected one of id, type, level, founded, "
	       "dissolved");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "url");
	/* xml:lang belongs to a source and to texts, not an organization */
	EXPECT(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL), IEDU_EUNKNOWN,
	       "organization 'zz-org': xml:lang: 'xml:lang' is not an "
	       "attribute of <organization>; expected one of id, type, "
	       "level, founded, dissolved");
	OK(iedu_batch_child(b, IEDU_CHILD_NAME));
	EXPECT(iedu_batch_set(b, IEDU_ATTR_KIND, "short", IEDU_NUL),
	       IEDU_EUNKNOWN,
	       "organization 'zz-org': name/@kind: 'kind' is not an "
	       "attribute of <name>; expected one of xml:lang");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name/@kind");
	OK(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL));
	OK(iedu_batch_text(b, "株洲市域产教联合体", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	build_end(b);
	commit(b);
	assert_string_equal(
	    iedu_record_text(db, find(db, "zz-org"), IEDU_CHILD_NAME, "zh"),
	    "株洲市域产教联合体");
	iedu_db_free(db);
}

static void test_unknown_child(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	EXPECT(iedu_batch_child(b, IEDU_CHILD_PARTY), IEDU_EUNKNOWN,
	       "organization 'zz-org': party: <party> is not allowed in an "
	       "organization; expected one of name, alias, sector, "
	       "identifier, location, cite");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "party");
	iedu_batch_free(b);
	b = open_record(db, IEDU_KIND_MEMBERSHIP, NULL);
	EXPECT(iedu_batch_child(b, IEDU_CHILD_NAME), IEDU_EUNKNOWN,
	       "membership #1: name: <name> is not allowed in a membership; "
	       "expected one of cite");
	CONTEXT(NULL, IEDU_KIND_MEMBERSHIP, "name");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_text_in_child_without_text(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_EVENT, "ev1");

	(void)state;
	open_kid(b, IEDU_CHILD_PARTICIPANT, "person", "wu-yan", NULL);
	EXPECT(iedu_batch_text(b, "吴岩", IEDU_NUL), IEDU_EUNKNOWN,
	       "event 'ev1': participant: <participant> takes no text "
	       "content; expected only attributes");
	CONTEXT("ev1", IEDU_KIND_EVENT, "participant");
	/* white space alone is no text (as between XML tags) */
	OK(iedu_batch_text(b, " \n\t", IEDU_NUL));
	build_end(b);
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_duplicate_attribute(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	EXPECT(iedu_batch_set(b, IEDU_ATTR_TYPE, "community", IEDU_NUL),
	       IEDU_EDUPLICATE,
	       "organization 'zz-org': type: the attribute is given twice; "
	       "expected it once");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "type");
	/* even the same value */
	EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, "zz-org", IEDU_NUL),
	       IEDU_EDUPLICATE,
	       "organization 'zz-org': id: the attribute is given twice; "
	       "expected it once");
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	EXPECT(iedu_batch_set(b, IEDU_ATTR_LANG, "en", IEDU_NUL),
	       IEDU_EDUPLICATE,
	       "organization 'zz-org': name/@xml:lang: the attribute is "
	       "given twice; expected it once");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name/@xml:lang");
	OK(iedu_batch_text(b, "株洲市域产教联合体", IEDU_NUL));
	EXPECT(iedu_batch_text(b, "株洲", IEDU_NUL), IEDU_EDUPLICATE,
	       "organization 'zz-org': name: the text is given twice; "
	       "expected it once");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name");
	build_end(b);
	build_end(b);
	commit(b);
	/* the first values stand */
	assert_string_equal(
	    iedu_record_attr(db, find(db, "zz-org"), IEDU_ATTR_TYPE),
	    "consortium");
	assert_string_equal(
	    iedu_record_text(db, find(db, "zz-org"), IEDU_CHILD_NAME, "zh"),
	    "株洲市域产教联合体");
	iedu_db_free(db);
}

static void test_empty_and_bad_text(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	EXPECT(iedu_batch_text(b, " \r\n ", IEDU_NUL), IEDU_EVALUE,
	       "organization 'zz-org': name: the text is empty; expected "
	       "the name as text");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name");
	EXPECT(iedu_batch_text(b, "株洲\x1B", IEDU_NUL), IEDU_EVALUE,
	       "organization 'zz-org': name: control character U+001B at "
	       "byte 7; expected text without control characters other than "
	       "tab and line breaks");
	EXPECT(iedu_batch_text(b, "\xC0\xAF", 2), IEDU_EVALUE,
	       "organization 'zz-org': name: invalid UTF-8 byte 0xC0 at "
	       "byte 1; expected UTF-8 text");
	EXPECT(iedu_batch_text(b, "\xED\xA0\x80", IEDU_NUL), IEDU_EVALUE,
	       "organization 'zz-org': name: encoded surrogate U+D800 at "
	       "byte 1; expected UTF-8 text");
	OK(iedu_batch_text(b, "株洲", IEDU_NUL));
	build_end(b);
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_missing_record_attribute(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	name_zh(b, "株洲市域产教联合体");
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': type: the attribute is missing; "
	       "<organization> requires type");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "type");
	/* the record stays open: supply the attribute and end it */
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	build_end(b);
	/* a missing id */
	OK(iedu_batch_record(b, IEDU_KIND_PERSON));
	name_zh(b, "吴岩");
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "person #2: id: the attribute is missing; <person> requires id");
	CONTEXT(NULL, IEDU_KIND_PERSON, "id");
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "wu-yan-2", IEDU_NUL));
	build_end(b);
	/* id-less kinds: their references and role */
	OK(iedu_batch_record(b, IEDU_KIND_MEMBERSHIP));
	OK(iedu_batch_set(b, IEDU_ATTR_MEMBER, "csu", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_BODY, "zz-org", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "membership #1: role: the attribute is missing; <membership> "
	       "requires role");
	OK(iedu_batch_set(b, IEDU_ATTR_ROLE, "member", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_record(b, IEDU_KIND_EVENT));
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "ev1", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "launch", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "event 'ev1': date: the attribute is missing; <event> "
	       "requires date");
	OK(iedu_batch_set(b, IEDU_ATTR_DATE, "2023-10", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_record(b, IEDU_KIND_STATISTIC));
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "st1", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_VALUE, "157", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_SUBJECT, "zz-org", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "statistic 'st1': indicator: the attribute is missing; "
	       "<statistic> requires indicator");
	OK(iedu_batch_set(b, IEDU_ATTR_INDICATOR, "member-units", IEDU_NUL));
	build_end(b);
	commit(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 14);
	iedu_db_free(db);
}

static void test_missing_child_attribute(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	OK(iedu_batch_child(b, IEDU_CHILD_NAME));
	OK(iedu_batch_text(b, "株洲市域产教联合体", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': name/@xml:lang: the attribute is "
	       "missing; <name> requires xml:lang");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name/@xml:lang");
	OK(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_child(b, IEDU_CHILD_CITE));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': cite/@source: the attribute is "
	       "missing; <cite> requires source");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "cite/@source");
	OK(iedu_batch_set(b, IEDU_ATTR_SOURCE, SRC, IEDU_NUL));
	build_end(b);
	open_kid(b, IEDU_CHILD_IDENTIFIER, "scheme", "uscc", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': identifier: <identifier> has no "
	       "text; expected the identifier as text");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "identifier");
	OK(iedu_batch_text(b, "91430200MA4L16XXXX", IEDU_NUL));
	build_end(b);
	/* a located place in words needs its language */
	open_kid(b, IEDU_CHILD_LOCATION, "division", "430200", NULL);
	OK(iedu_batch_text(b, "株洲市", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': location/@xml:lang: the attribute is "
	       "missing; <location> with text requires xml:lang");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "location/@xml:lang");
	OK(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	build_end(b);
	commit(b);
	assert_int_equal(iedu_record_child_count(db, find(db, "zz-org"),
						 IEDU_CHILD_LOCATION),
			 1);
	iedu_db_free(db);
}

static void test_missing_name(void **state)
{
	static const struct {
		iedu_kind kind;
		const char *id;
		const char *msg;
	} cases[] = {
	    {IEDU_KIND_SOURCE, "s1",
	     "source 's1': title: no <title> is given; expected at least "
	     "one, in any language"},
	    {IEDU_KIND_ORGANIZATION, "o1",
	     "organization 'o1': name: no <name> is given; expected at "
	     "least one, in any language"},
	    {IEDU_KIND_PERSON, "p1",
	     "person 'p1': name: no <name> is given; expected at least "
	     "one, in any language"},
	    {IEDU_KIND_POST, NULL,
	     "post #1: title: no <title> is given; expected at least one, "
	     "in any language"},
	};
	iedu_db *db = base_db();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		iedu_batch *b = open_record(db, cases[i].kind, cases[i].id);
		if (cases[i].kind == IEDU_KIND_SOURCE)
			OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "web", IEDU_NUL));
		if (cases[i].kind == IEDU_KIND_ORGANIZATION)
			OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "media",
					  IEDU_NUL));
		if (cases[i].kind == IEDU_KIND_POST) {
			OK(iedu_batch_set(b, IEDU_ATTR_PERSON, "wu-yan",
					  IEDU_NUL));
			OK(iedu_batch_set(b, IEDU_ATTR_ORG, "moe", IEDU_NUL));
		}
		/* a name-like child of another kind does not count */
		kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, NULL);
		EXPECT(iedu_batch_end(b), IEDU_EMISSING, cases[i].msg);
		iedu_batch_free(b);
	}
	iedu_db_free(db);
}

static void test_one_name_per_language(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	name_zh(b, "株洲市域产教联合体");
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "ZH", NULL);
	OK(iedu_batch_text(b, "株洲轨道交通产教联合体", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "organization 'zz-org': name: a <name> in 'zh' is already "
	       "given ('株洲市域产教联合体'); expected at most one name per "
	       "language");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "name");
	iedu_batch_free(b);
	/* aliases may share a language; zh and zh-Hans are different */
	b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "consortium", IEDU_NUL));
	name_zh(b, "株洲市域产教联合体");
	kid(b, IEDU_CHILD_NAME, "株洲市域产教联合体", "xml:lang", "zh-Hans",
	    NULL);
	kid(b, IEDU_CHILD_ALIAS, "株洲联合体", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_ALIAS, "株洲轨交联合体", "xml:lang", "zh", NULL);
	build_end(b);
	commit(b);
	assert_int_equal(
	    iedu_record_child_count(db, find(db, "zz-org"), IEDU_CHILD_ALIAS),
	    2);
	/* titles and labels likewise */
	b = open_record(db, IEDU_KIND_POST, NULL);
	OK(iedu_batch_set(b, IEDU_ATTR_PERSON, "wu-yan", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_ORG, "moe", IEDU_NUL));
	kid(b, IEDU_CHILD_TITLE, "副部长", "xml:lang", "zh", NULL);
	open_kid(b, IEDU_CHILD_TITLE, "xml:lang", "zh", NULL);
	OK(iedu_batch_text(b, "部长", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "post #1: title: a <title> in 'zh' is already given ('副部长'); "
	       "expected at most one title per language");
	CONTEXT(NULL, IEDU_KIND_POST, "title");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static iedu_batch *open_statistic(iedu_db *db, const char *value,
				  const char *unit, const char *qualifier)
{
	iedu_batch *b = open_record(db, IEDU_KIND_STATISTIC, "st1");

	OK(iedu_batch_set(b, IEDU_ATTR_INDICATOR, "member-units", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_SUBJECT, "nf-community", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_VALUE, value, IEDU_NUL));
	if (unit)
		OK(iedu_batch_set(b, IEDU_ATTR_UNIT, unit, IEDU_NUL));
	if (qualifier)
		OK(iedu_batch_set(b, IEDU_ATTR_QUALIFIER, qualifier, IEDU_NUL));
	return b;
}

static void part(iedu_batch *b, const char *key, const char *value)
{
	kid(b, IEDU_CHILD_PART, NULL, "key", key, "value", value, NULL);
}

static void test_duplicate_part_key(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_statistic(db, "157", "organization", NULL);

	(void)state;
	part(b, "enterprise", "88");
	open_kid(b, IEDU_CHILD_PART, "key", "enterprise", "value", "19", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "statistic 'st1': part/@key: a <part> with key 'enterprise' "
	       "is already given; expected each key once");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "part/@key");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_parts_over_exact_total(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_statistic(db, "157", "organization", NULL);

	(void)state;
	part(b, "enterprise", "88");
	part(b, "university", "19");
	part(b, "vocational-school", "33");
	part(b, "research-institute", "16");
	part(b, "association", "2");
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': part: the parts sum to 158, more than the "
	       "exact total 157; expected parts that sum to at most the "
	       "total");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "part");
	iedu_batch_free(b);

	/* fractions are compared exactly at a common scale */
	b = open_statistic(db, "12.5", NULL, NULL);
	part(b, "a", "6.25");
	part(b, "b", "6.26");
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': part: the parts sum to 12.51, more than "
	       "the exact total 12.5; expected parts that sum to at most "
	       "the total");
	iedu_batch_free(b);

	/*
	 * beyond 64 bits at a common scale: 10^7 at scale 13 is 10^20, where
	 * a long double would lose the last unit; the check must not
	 */
	b = open_statistic(db, "10000000", NULL, NULL);
	part(b, "a", "10000000");
	part(b, "b", "0.0000000000001");
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': part: the parts sum to "
	       "10000000.0000000000001, more than the exact total 10000000; "
	       "expected parts that sum to at most the total");
	iedu_batch_free(b);
	b = open_statistic(db, "-3", NULL, NULL);
	part(b, "a", "-1.5");
	part(b, "b", "-1.5");
	build_end(b);
	iedu_batch_free(b);

	/* equal to the total, less than it, or a total that is not exact */
	b = open_statistic(db, "12.5", NULL, NULL);
	part(b, "a", "6.25");
	part(b, "b", "6.25");
	build_end(b);
	iedu_batch_free(b);
	b = open_statistic(db, "157", NULL, NULL);
	part(b, "enterprise", "88");
	build_end(b);
	iedu_batch_free(b);
	b = open_statistic(db, "150", NULL, "more-than");
	part(b, "enterprise", "88");
	part(b, "university", "88");
	build_end(b);
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_percent_out_of_range(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_statistic(db, "100.5", "percent", NULL);

	(void)state;
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': value: 100.5 percent is out of range; "
	       "expected a value from 0 to 100");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "value");
	iedu_batch_free(b);
	b = open_statistic(db, "-1", "percent", NULL);
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': value: -1 percent is out of range; "
	       "expected a value from 0 to 100");
	iedu_batch_free(b);
	b = open_statistic(db, "95", "percent", NULL);
	part(b, "engineering", "101");
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "statistic 'st1': part/@value: part 'engineering' is 101 "
	       "percent, out of range; expected a value from 0 to 100");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "part/@value");
	iedu_batch_free(b);
	/* the bounds are allowed */
	b = open_statistic(db, "100", "percent", NULL);
	part(b, "engineering", "0");
	part(b, "medicine", "100.0");
	build_end(b);
	commit(b);
	iedu_db_free(db);
}

static void test_statistic_needs_subject_or_scope(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_STATISTIC, "st1");

	(void)state;
	OK(iedu_batch_set(b, IEDU_ATTR_INDICATOR, "vocational-majors",
			  IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_VALUE, "1400", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "statistic 'st1': subject: neither subject nor scope is "
	       "given; expected a subject (the id of the record counted), a "
	       "scope (CN or a division code), or both");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "subject");
	OK(iedu_batch_set(b, IEDU_ATTR_SCOPE, "CN", IEDU_NUL));
	build_end(b);
	commit(b);
	iedu_db_free(db);
}

static void test_agreement_needs_two_parties(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_AGREEMENT, "ag1");

	(void)state;
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "talent-training", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "agreement 'ag1': party: 0 <party> given; expected at least "
	       "two");
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "chinalco", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "agreement 'ag1': party: 1 <party> given; expected at least "
	       "two");
	CONTEXT("ag1", IEDU_KIND_AGREEMENT, "party");
	kid(b, IEDU_CHILD_PARTY, NULL, "org", "csu", NULL);
	build_end(b);
	commit(b);
	assert_int_equal(
	    iedu_record_child_count(db, find(db, "ag1"), IEDU_CHILD_PARTY), 2);
	iedu_db_free(db);
}

static void test_participant_person_or_org(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_EVENT, "ev1");

	(void)state;
	open_kid(b, IEDU_CHILD_PARTICIPANT, "person", "wu-yan", "org", "moe",
		 NULL);
	EXPECT(iedu_batch_end(b), IEDU_ECONSTRAINT,
	       "event 'ev1': participant: <participant> has both person and "
	       "org; expected exactly one of person and org");
	CONTEXT("ev1", IEDU_KIND_EVENT, "participant");
	iedu_batch_free(b);
	b = open_record(db, IEDU_KIND_EVENT, "ev1");
	open_kid(b, IEDU_CHILD_PARTICIPANT, "role", "guide", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "event 'ev1': participant: <participant> has neither person "
	       "nor org; expected exactly one of person and org");
	CONTEXT("ev1", IEDU_KIND_EVENT, "participant");
	OK(iedu_batch_set(b, IEDU_ATTR_ORG, "moe", IEDU_NUL));
	build_end(b);
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_location_needs_division_or_text(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");

	(void)state;
	open_kid(b, IEDU_CHILD_LOCATION, "xml:lang", "zh", NULL);
	/* white space is no place in words */
	OK(iedu_batch_text(b, "  ", IEDU_NUL));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "organization 'zz-org': location: <location> is empty; "
	       "expected a division code, the place in words, or both");
	CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "location");
	OK(iedu_batch_text(b, "湖南省株洲市", IEDU_NUL));
	build_end(b);
	iedu_batch_free(b);
	b = open_record(db, IEDU_KIND_EVENT, "ev1");
	OK(iedu_batch_child(b, IEDU_CHILD_PLACE));
	EXPECT(iedu_batch_end(b), IEDU_EMISSING,
	       "event 'ev1': place: <place> is empty; expected a division "
	       "code, the place in words, or both");
	CONTEXT("ev1", IEDU_KIND_EVENT, "place");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_identifier_forms(void **state)
{
	static const struct {
		const char *scheme, *value, *msg;
	} bad[] = {
	    {"uscc", "9111000071093114",
	     "organization 'zz-org': identifier: '9111000071093114' is "
	     "not a unified social credit code: it is 16 characters long; "
	     "expected 18 characters"},
	    {"uscc", "91110000710931141j",
	     "organization 'zz-org': identifier: '91110000710931141j' is "
	     "not a unified social credit code: 'j' at position 18 is "
	     "lower case; expected upper case, from 0-9, A-H, J-N, P-R, "
	     "T, U or W-Y (I, O, S, V and Z are not used)"},
	    {"uscc", "91110000710931141I",
	     "organization 'zz-org': identifier: '91110000710931141I' is "
	     "not a unified social credit code: 'I' at position 18; "
	     "expected a character from 0-9, A-H, J-N, P-R, T, U or W-Y "
	     "(I, O, S, V and Z are not used)"},
	    {"moe-school", "414301053",
	     "organization 'zz-org': identifier: '414301053' is not a "
	     "moe-school code; expected 10 digits"},
	    {"moe-school", "41430105X3",
	     "organization 'zz-org': identifier: '41430105X3' is not a "
	     "moe-school code; expected 10 digits"},
	};
	static const struct {
		const char *scheme, *value;
	} good[] = {
	    /* the form only: a wrong check character is a finding */
	    {"uscc", "91110000710931141A"}, {"moe-school", "4143010533"},
	    {"ror", "00f1zfq44"},	    {"wikidata", "Q2893409"},
	    {"local", "任意 value"},
	};
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		open_kid(b, IEDU_CHILD_IDENTIFIER, "scheme", bad[i].scheme,
			 NULL);
		OK(iedu_batch_text(b, bad[i].value, IEDU_NUL));
		EXPECT(iedu_batch_end(b), IEDU_EVALUE, bad[i].msg);
		CONTEXT("zz-org", IEDU_KIND_ORGANIZATION, "identifier");
		iedu_batch_free(b);
		b = open_record(db, IEDU_KIND_ORGANIZATION, "zz-org");
	}
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "enterprise", IEDU_NUL));
	name_zh(b, "某公司");
	for (i = 0; i < sizeof good / sizeof *good; i++)
		kid(b, IEDU_CHILD_IDENTIFIER, good[i].value, "scheme",
		    good[i].scheme, NULL);
	build_end(b);
	commit(b);
	assert_int_equal(iedu_record_child_count(db, find(db, "zz-org"),
						 IEDU_CHILD_IDENTIFIER),
			 5);
	assert_string_equal(iedu_record_child_text(db, find(db, "zz-org"),
						   IEDU_CHILD_IDENTIFIER, 4),
			    "任意 value");
	iedu_db_free(db);
}

static void test_duplicate_id(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	/* in the database */
	rec(b, IEDU_KIND_ORGANIZATION, "id", "csu", "type", "university", NULL);
	name_zh(b, "中南大学");
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "organization 'csu': id: the id is already used by "
	       "organization 'csu' in the database; expected an id no other "
	       "record has");
	CONTEXT("csu", IEDU_KIND_ORGANIZATION, "id");
	iedu_batch_free(b);
	/* across kinds: one id space */
	b = batch(db);
	rec(b, IEDU_KIND_EVENT, "id", "wu-yan", "type", "visit", "date", "2024",
	    NULL);
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "event 'wu-yan': id: the id is already used by person "
	       "'wu-yan' in the database; expected an id no other record has");
	iedu_batch_free(b);
	/* earlier in the batch */
	b = batch(db);
	person(b, "chen-bao", "陈宝生");
	rec(b, IEDU_KIND_STATISTIC, "id", "chen-bao", "indicator", "x", "scope",
	    "CN", "value", "1", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "statistic 'chen-bao': id: the id is already used by person "
	       "'chen-bao' earlier in this batch; expected an id no other "
	       "record has");
	CONTEXT("chen-bao", IEDU_KIND_STATISTIC, "id");
	iedu_batch_free(b);
	/* optional ids are unique too */
	b = batch(db);
	rec(b, IEDU_KIND_MEMBERSHIP, "id", "m1", "member", "csu", "body",
	    "nf-community", "role", "member", NULL);
	build_end(b);
	rec(b, IEDU_KIND_RELATION, "id", "m1", "from", "swa", "to", "chinalco",
	    "type", "part-of", NULL);
	EXPECT(iedu_batch_end(b), IEDU_EDUPLICATE,
	       "relation 'm1': id: the id is already used by membership "
	       "'m1' earlier in this batch; expected an id no other record "
	       "has");
	iedu_batch_free(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 9);
	iedu_db_free(db);
}

/* ---- more canonical forms and boundaries ---- */

static void test_roles_canonical_any_order(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle m;

	(void)state;
	rec(b, IEDU_KIND_MEMBERSHIP, "member", "csu", "body", "nf-community",
	    "role",
	    "member supporting secretariat council standing-council "
	    "vice-chair executive-vice-chair chair lead",
	    NULL);
	build_end(b);
	commit(b);
	m = iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 0);
	assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_ROLE),
			    "lead chair executive-vice-chair vice-chair "
			    "standing-council council secretariat supporting "
			    "member");
	assert_int_equal(iedu_record_roles(db, m), 0x1FF);
	iedu_db_free(db);
}

/* One role, bare or with white space around it, is stored as the token. */
static void test_roles_single(void **state)
{
	static const char *const given[] = {"chair", " chair", "chair\t",
					    "\n chair \r", "member"};
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	char id[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof given / sizeof given[0]; i++) {
		snprintf(id, sizeof id, "m-%zu", i);
		rec(b, IEDU_KIND_MEMBERSHIP, "id", id, "member", "csu", "body",
		    "nf-community", "role", given[i], NULL);
		build_end(b);
	}
	commit(b);
	for (i = 0; i < sizeof given / sizeof given[0]; i++) {
		iedu_handle m =
		    iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, (uint32_t)i);
		assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_ROLE),
				    i == 4 ? "member" : "chair");
		assert_int_equal(iedu_record_roles(db, m),
				 i == 4 ? IEDU_ROLE_MEMBER : IEDU_ROLE_CHAIR);
	}
	iedu_db_free(db);
}

static void test_language_tag_case(void **state)
{
	static const char *const tags[][2] = {
	    {"ZH-hans", "zh-Hans"},	  {"EN-us", "en-US"},
	    {"zh-hant-tw", "zh-Hant-TW"}, {"SR-LATN-RS", "sr-Latn-RS"},
	    {"DE-ch-1996", "de-CH-1996"}, {"yue", "yue"},
	};
	iedu_db *db = NULL;
	size_t i;

	(void)state;
	OK(iedu_db_new(&db));
	for (i = 0; i < sizeof tags / sizeof *tags; i++) {
		iedu_batch *b = batch(db);
		char id[16];
		snprintf(id, sizeof id, "s%zu", i);
		rec(b, IEDU_KIND_SOURCE, "id", id, "type", "web", "xml:lang",
		    tags[i][0], NULL);
		kid(b, IEDU_CHILD_TITLE, "t", "xml:lang", tags[i][0], NULL);
		build_end(b);
		commit(b);
		assert_string_equal(
		    iedu_record_attr(db, find(db, id), IEDU_ATTR_LANG),
		    tags[i][1]);
		assert_string_equal(iedu_record_text(db, find(db, id),
						     IEDU_CHILD_TITLE,
						     tags[i][1]),
				    "t");
	}
	iedu_db_free(db);
}

static void test_nfc_in_attributes_and_text(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_PERSON, "p1");
	iedu_handle p;

	(void)state;
	kid(b, IEDU_CHILD_NAME, "Caf\x65\xCC\x81 Ho\xCC\x88he", "xml:lang",
	    "fr", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", SRC, "quote",
	    "\te\xCC\x81t\xC3\xA9 ", "locator", "\xE2\x84\xAB", NULL);
	build_end(b);
	commit(b);
	p = find(db, "p1");
	assert_string_equal(iedu_record_text(db, p, IEDU_CHILD_NAME, "fr"),
			    "Caf\xC3\xA9 H\xC3\xB6he");
	assert_string_equal(
	    iedu_record_child_attr(db, p, IEDU_CHILD_CITE, 0, IEDU_ATTR_QUOTE),
	    "\xC3\xA9t\xC3\xA9");
	/* ANGSTROM SIGN is A WITH RING ABOVE in NFC */
	assert_string_equal(iedu_record_child_attr(db, p, IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_LOCATOR),
			    "\xC3\x85");
	iedu_db_free(db);
}

static void test_id_forms_accepted(void **state)
{
	char id128[129];
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	memset(id128, 'x', 128);
	id128[128] = '\0';
	person(b, id128, "甲");
	person(b, "9a", "乙");
	person(b, "a.b_c:d-E", "丙");
	commit(b);
	assert_string_equal(iedu_record_id(db, find(db, id128)), id128);
	find(db, "9a");
	find(db, "a.b_c:d-E");
	/* ids are case-sensitive */
	assert_not_found(db, "A.B_C:D-E");
	iedu_db_free(db);
}

static void test_embedded_nul_refused(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_PERSON, NULL);

	(void)state;
	EXPECT(
	    iedu_batch_set(b, IEDU_ATTR_ID, "ab\0c", 4), IEDU_EVALUE,
	    "person #2: id: control character U+0000 at byte 3; expected "
	    "text without control characters other than tab and line breaks");
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	EXPECT(
	    iedu_batch_text(b, "吴\0岩", 7), IEDU_EVALUE,
	    "person #2: name: control character U+0000 at byte 4; expected "
	    "text without control characters other than tab and line breaks");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_dates_and_numbers_accepted(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle o, e;

	(void)state;
	rec(b, IEDU_KIND_ORGANIZATION, "id", "o1", "type", "other", "founded",
	    "2024-02-29", "dissolved", "2000-02-29", NULL);
	name_zh(b, "某");
	build_end(b);
	rec(b, IEDU_KIND_EVENT, "id", "ev1", "type", "other", "date", "0001",
	    "until", "9999-12-31", NULL);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, "mode", "onsite", "value", "+5",
	    NULL);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, "mode", "online", "value", "-0.25",
	    "qualifier", "about", NULL);
	build_end(b);
	commit(b);
	o = find(db, "o1");
	assert_int_equal(iedu_record_date(db, o, IEDU_ATTR_FOUNDED), 20240229);
	assert_int_equal(iedu_record_date(db, o, IEDU_ATTR_DISSOLVED),
			 20000229);
	e = find(db, "ev1");
	assert_int_equal(iedu_record_date(db, e, IEDU_ATTR_DATE), 10000);
	assert_int_equal(iedu_record_date(db, e, IEDU_ATTR_UNTIL), 99991231);
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   0, IEDU_ATTR_VALUE),
			    "+5");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   0, IEDU_ATTR_QUALIFIER),
			    "exact");
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_ATTENDANCE,
						   1, IEDU_ATTR_QUALIFIER),
			    "about");
	iedu_db_free(db);
}

static void test_date_and_number_limits(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_ORGANIZATION, "o1");

	(void)state;
	EXPECT(iedu_batch_set(b, IEDU_ATTR_FOUNDED, "1900-02-29", IEDU_NUL),
	       IEDU_EVALUE,
	       "organization 'o1': founded: '1900-02-29' is not a calendar "
	       "date: February 1900 has 28 days");
	EXPECT(iedu_batch_set(b, IEDU_ATTR_FOUNDED, "0000", IEDU_NUL),
	       IEDU_EVALUE,
	       "organization 'o1': founded: '0000' is not a date: year 0000 "
	       "is out of range 0001-9999");
	EXPECT(
	    iedu_batch_set(b, IEDU_ATTR_FOUNDED, "2024-07-02T10:00", IEDU_NUL),
	    IEDU_EVALUE,
	    "organization 'o1': founded: '2024-07-02T10:00' is not a "
	    "date: 'T' at byte 11 after the day; expected YYYY, YYYY-MM "
	    "or YYYY-MM-DD with nothing after it");
	iedu_batch_free(b);
	b = open_record(db, IEDU_KIND_STATISTIC, "st1");
	EXPECT(
	    iedu_batch_set(b, IEDU_ATTR_VALUE, "1234567890123456789", IEDU_NUL),
	    IEDU_ELIMIT,
	    "statistic 'st1': value: '1234567890123456789' has 19 "
	    "digits; a number may have at most 18");
	CONTEXT("st1", IEDU_KIND_STATISTIC, "value");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_urls_accepted(void **state)
{
	static const char *const urls[] = {
	    "https://www.moe.gov.cn/srcsite/A07/202310/t20231011.html",
	    "http://example.org", "urn:isbn:9787040000000",
	    "mailto:office@example.org"};
	iedu_db *db = NULL;
	size_t i;

	(void)state;
	OK(iedu_db_new(&db));
	for (i = 0; i < sizeof urls / sizeof *urls; i++) {
		iedu_batch *b = batch(db);
		char id[16];
		snprintf(id, sizeof id, "s%zu", i);
		rec(b, IEDU_KIND_SOURCE, "id", id, "type", "web", "url",
		    urls[i], NULL);
		kid(b, IEDU_CHILD_TITLE, "t", "xml:lang", "zh", NULL);
		build_end(b);
		commit(b);
		assert_string_equal(
		    iedu_record_attr(db, find(db, id), IEDU_ATTR_URL), urls[i]);
	}
	iedu_db_free(db);
}

static void test_batch_count_and_indices_across_batches(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	assert_int_equal(iedu_batch_count(b), 0);
	person(b, "p1", "甲");
	OK(iedu_batch_record(b, IEDU_KIND_PERSON));
	/* a record that fails to end is not counted */
	assert_int_equal(iedu_batch_end(b), IEDU_EMISSING);
	assert_int_equal(iedu_batch_count(b), 1);
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "p2", IEDU_NUL));
	name_zh(b, "乙");
	build_end(b);
	assert_int_equal(iedu_batch_count(b), 2);
	commit(b);
	/* the base has one person: the new ones follow it */
	assert_int_equal(iedu_record_index(db, find(db, "wu-yan")), 0);
	assert_int_equal(iedu_record_index(db, find(db, "p1")), 1);
	assert_int_equal(iedu_record_index(db, find(db, "p2")), 2);
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_PERSON, 2),
			 find(db, "p2"));
	assert_int_equal(iedu_db_record_at(db, IEDU_KIND_PERSON, 3), IEDU_NONE);
	assert_int_equal(iedu_record_index(db, IEDU_NONE), UINT32_MAX);
	iedu_db_free(db);
}

static void test_hosts_single_and_truncated(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle out[1] = {0}, e;
	size_t n = 0;

	(void)state;
	rec(b, IEDU_KIND_EVENT, "id", "ev1", "type", "signing", "date", "2024",
	    "hosts", "moe\tcsu\nchinalco", NULL);
	build_end(b);
	rec(b, IEDU_KIND_EVENT, "id", "ev2", "type", "signing", "date", "2024",
	    NULL);
	build_end(b);
	commit(b);
	e = find(db, "ev1");
	assert_string_equal(iedu_record_attr(db, e, IEDU_ATTR_HOSTS),
			    "moe csu chinalco");
	OK(iedu_record_refs(&n, out, 1, db, e, IEDU_ATTR_HOSTS));
	assert_int_equal(n, 3);
	assert_int_equal(out[0], find(db, "moe"));
	/* no hosts */
	n = 9;
	OK(iedu_record_refs(&n, out, 1, db, find(db, "ev2"), IEDU_ATTR_HOSTS));
	assert_int_equal(n, 0);
	assert_null(iedu_record_attr(db, find(db, "ev2"), IEDU_ATTR_HOSTS));
	/* not a list */
	assert_int_equal(iedu_record_refs(&n, out, 1, db, e, IEDU_ATTR_BODY),
			 IEDU_EINVAL);
	iedu_db_free(db);
}

static void test_new_batch_after_commit_without_free(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db), *b2;

	(void)state;
	person(b, "p1", "甲");
	OK(iedu_batch_commit(b));
	b2 = batch(db);
	person(b2, "p2", "乙");
	/* freeing the spent batch does not touch the open one */
	iedu_batch_free(b);
	commit(b2);
	find(db, "p1");
	find(db, "p2");
	iedu_db_free(db);
}

static void test_optional_text_may_be_blank(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_EVENT, "ev1");
	iedu_handle e;

	(void)state;
	OK(iedu_batch_set(b, IEDU_ATTR_TYPE, "visit", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_DATE, "2024-07", IEDU_NUL));
	open_kid(b, IEDU_CHILD_PLACE, "division", "430200", NULL);
	OK(iedu_batch_text(b, " \n ", IEDU_NUL));
	build_end(b);
	build_end(b);
	commit(b);
	e = find(db, "ev1");
	assert_int_equal(iedu_record_child_count(db, e, IEDU_CHILD_PLACE), 1);
	assert_null(iedu_record_child_text(db, e, IEDU_CHILD_PLACE, 0));
	assert_string_equal(iedu_record_child_attr(db, e, IEDU_CHILD_PLACE, 0,
						   IEDU_ATTR_DIVISION),
			    "430200");
	iedu_db_free(db);
}

/* ---- call sequence and arguments ---- */

static void test_state_set_without_record(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, "x", IEDU_NUL), IEDU_ESTATE,
	       "iedu_batch_set: no record is open; call iedu_batch_record "
	       "first");
	CONTEXT(NULL, IEDU_KIND_NONE, NULL);
	EXPECT(iedu_batch_text(b, "x", IEDU_NUL), IEDU_ESTATE,
	       "iedu_batch_text: no child element is open; text belongs to "
	       "a child such as <name>");
	EXPECT(iedu_batch_end(b), IEDU_ESTATE,
	       "iedu_batch_end: no record or child is open");
	/* still usable */
	person(b, "chen-bao", "陈宝生");
	commit(b);
	find(db, "chen-bao");
	iedu_db_free(db);
}

static void test_state_child_without_record(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	EXPECT(iedu_batch_child(b, IEDU_CHILD_NAME), IEDU_ESTATE,
	       "iedu_batch_child: no record is open; call iedu_batch_record "
	       "first");
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_state_nested_elements(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_PERSON, "chen-bao");

	(void)state;
	EXPECT(iedu_batch_record(b, IEDU_KIND_PERSON), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_record: the record is still "
	       "open; end it first");
	CONTEXT("chen-bao", IEDU_KIND_PERSON, NULL);
	EXPECT(iedu_batch_text(b, "陈宝生", IEDU_NUL), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_text: no child element is "
	       "open; text belongs to a child such as <name>");
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	EXPECT(iedu_batch_child(b, IEDU_CHILD_CITE), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_child: <name> is still open; "
	       "end it before opening another child");
	EXPECT(iedu_batch_record(b, IEDU_KIND_SOURCE), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_record: the record is still "
	       "open; end it first");
	OK(iedu_batch_text(b, "陈宝生", IEDU_NUL));
	build_end(b);
	build_end(b);
	commit(b);
	assert_string_equal(
	    iedu_record_text(db, find(db, "chen-bao"), IEDU_CHILD_NAME, "zh"),
	    "陈宝生");
	iedu_db_free(db);
}

static void test_state_commit_with_open_element(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = open_record(db, IEDU_KIND_PERSON, "chen-bao");

	(void)state;
	OK(iedu_batch_child(b, IEDU_CHILD_NAME));
	EXPECT(iedu_batch_commit(b), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_commit: a child element is "
	       "still open; end it before committing");
	OK(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL));
	OK(iedu_batch_text(b, "陈宝生", IEDU_NUL));
	build_end(b);
	EXPECT(iedu_batch_commit(b), IEDU_ESTATE,
	       "person 'chen-bao': iedu_batch_commit: the record is still "
	       "open; end it before committing");
	CONTEXT("chen-bao", IEDU_KIND_PERSON, NULL);
	assert_int_equal(iedu_batch_count(b), 0);
	/* the batch is not spent: end the record and commit */
	build_end(b);
	assert_int_equal(iedu_batch_count(b), 1);
	commit(b);
	find(db, "chen-bao");
	iedu_db_free(db);
}

static void test_state_use_after_commit(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	person(b, "chen-bao", "陈宝生");
	OK(iedu_batch_commit(b));
	EXPECT(iedu_batch_record(b, IEDU_KIND_PERSON), IEDU_ESTATE,
	       "iedu_batch_record: the batch was already committed (or its "
	       "commit failed); open a new batch");
	EXPECT(iedu_batch_child(b, IEDU_CHILD_NAME), IEDU_ESTATE,
	       "iedu_batch_child: the batch was already committed (or its "
	       "commit failed); open a new batch");
	EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, "x", IEDU_NUL), IEDU_ESTATE,
	       "iedu_batch_set: the batch was already committed (or its "
	       "commit failed); open a new batch");
	EXPECT(iedu_batch_text(b, "x", IEDU_NUL), IEDU_ESTATE,
	       "iedu_batch_text: the batch was already committed (or its "
	       "commit failed); open a new batch");
	EXPECT(iedu_batch_end(b), IEDU_ESTATE,
	       "iedu_batch_end: the batch was already committed (or its "
	       "commit failed); open a new batch");
	EXPECT(iedu_batch_commit(b), IEDU_ESTATE,
	       "iedu_batch_commit: the batch was already committed (or its "
	       "commit failed); open a new batch");
	iedu_batch_free(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_PERSON), 2);
	iedu_db_free(db);
}

static void test_state_use_after_failed_commit(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	ref_member(b, "nope");
	build_end(b);
	assert_int_equal(iedu_batch_commit(b), IEDU_EREF);
	EXPECT(iedu_batch_record(b, IEDU_KIND_PERSON), IEDU_ESTATE,
	       "iedu_batch_record: the batch was already committed (or its "
	       "commit failed); open a new batch");
	/* the database is free for a new batch even before the old is freed */
	iedu_batch *b2 = batch(db);
	person(b2, "chen-bao", "陈宝生");
	commit(b2);
	iedu_batch_free(b);
	find(db, "chen-bao");
	iedu_db_free(db);
}

static void test_busy(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db), *b2 = (iedu_batch *)&b;

	(void)state;
	EXPECT(iedu_batch_new(&b2, db), IEDU_EBUSY,
	       "iedu_batch_new: the database already has an open batch; "
	       "commit or free it first");
	assert_null(b2);
	iedu_batch_free(b);
	b = batch(db);
	iedu_batch_free(b);
	iedu_db_free(db);
}

static void test_invalid_arguments(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = (iedu_batch *)&db;

	(void)state;
	EXPECT(iedu_batch_new(NULL, db), IEDU_EINVAL,
	       "iedu_batch_new: out is NULL");
	EXPECT(iedu_batch_new(&b, NULL), IEDU_EINVAL,
	       "iedu_batch_new: db is NULL");
	assert_null(b);
	EXPECT(iedu_batch_record(NULL, IEDU_KIND_PERSON), IEDU_EINVAL,
	       "iedu_batch_record: batch is NULL");
	EXPECT(iedu_batch_child(NULL, IEDU_CHILD_NAME), IEDU_EINVAL,
	       "iedu_batch_child: batch is NULL");
	EXPECT(iedu_batch_set(NULL, IEDU_ATTR_ID, "x", IEDU_NUL), IEDU_EINVAL,
	       "iedu_batch_set: batch is NULL");
	EXPECT(iedu_batch_text(NULL, "x", IEDU_NUL), IEDU_EINVAL,
	       "iedu_batch_text: batch is NULL");
	EXPECT(iedu_batch_end(NULL), IEDU_EINVAL,
	       "iedu_batch_end: batch is NULL");
	EXPECT(iedu_batch_commit(NULL), IEDU_EINVAL,
	       "iedu_batch_commit: batch is NULL");
	assert_int_equal(iedu_batch_count(NULL), 0);
	iedu_batch_free(NULL);

	b = batch(db);
	EXPECT(iedu_batch_record(b, IEDU_KIND_NONE), IEDU_EINVAL,
	       "iedu_batch_record: 0 is not a record kind; expected an "
	       "iedu_kind from 1 to 10");
	EXPECT(iedu_batch_record(b, (iedu_kind)(IEDU_KIND_COUNT + 1)),
	       IEDU_EINVAL,
	       "iedu_batch_record: 11 is not a record kind; expected an "
	       "iedu_kind from 1 to 10");
	OK(iedu_batch_record(b, IEDU_KIND_PERSON));
	EXPECT(iedu_batch_set(b, IEDU_ATTR_NONE, "x", IEDU_NUL), IEDU_EINVAL,
	       "iedu_batch_set: 0 is not an attribute; expected an "
	       "iedu_attr from 1 to 39");
	EXPECT(
	    iedu_batch_set(b, (iedu_attr)(IEDU_ATTR_COUNT + 1), "x", IEDU_NUL),
	    IEDU_EINVAL,
	    "iedu_batch_set: 40 is not an attribute; expected an "
	    "iedu_attr from 1 to 39");
	EXPECT(iedu_batch_set(b, IEDU_ATTR_ID, NULL, 0), IEDU_EINVAL,
	       "iedu_batch_set: value is NULL");
	EXPECT(iedu_batch_child(b, IEDU_CHILD_NONE), IEDU_EINVAL,
	       "iedu_batch_child: 0 is not a child element; expected an "
	       "iedu_child from 1 to 15");
	EXPECT(iedu_batch_child(b, (iedu_child)(IEDU_CHILD_COUNT + 1)),
	       IEDU_EINVAL,
	       "iedu_batch_child: 16 is not a child element; expected an "
	       "iedu_child from 1 to 15");
	OK(iedu_batch_child(b, IEDU_CHILD_NAME));
	EXPECT(iedu_batch_text(b, NULL, 0), IEDU_EINVAL,
	       "iedu_batch_text: text is NULL");
	OK(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL));
	OK(iedu_batch_text(b, "陈宝生", IEDU_NUL));
	build_end(b);
	OK(iedu_batch_set(b, IEDU_ATTR_ID, "chen-bao", IEDU_NUL));
	build_end(b);
	commit(b);
	find(db, "chen-bao");
	iedu_db_free(db);
}

/* ==== 4. all or nothing ==== */

/* Counts of every kind, and a committed record's strings. */
typedef struct snapshot {
	uint32_t count[IEDU_KIND_COUNT + 1];
} snapshot;

static void take(snapshot *s, const iedu_db *db)
{
	int k;

	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		s->count[k] = iedu_db_count(db, (iedu_kind)k);
}

static void assert_unchanged(const snapshot *s, const iedu_db *db)
{
	iedu_handle h;
	int k;

	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		assert_int_equal(iedu_db_count(db, (iedu_kind)k), s->count[k]);
	h = find(db, "chinalco");
	assert_string_equal(iedu_record_id(db, h), "chinalco");
	assert_string_equal(iedu_record_attr(db, h, IEDU_ATTR_TYPE),
			    "enterprise");
	assert_string_equal(iedu_record_text(db, h, IEDU_CHILD_NAME, "zh"),
			    "中国铝业集团有限公司");
	assert_int_equal(iedu_record_child_count(db, h, IEDU_CHILD_NAME), 1);
	h = find(db, SRC);
	assert_string_equal(
	    iedu_record_text(db, h, IEDU_CHILD_TITLE, "zh"),
	    "国家有色金属行业产教融合共同体成立大会在西南铝举行");
	assert_int_equal(iedu_record_kind(db, find(db, "wu-yan")),
			 IEDU_KIND_PERSON);
}

/* Stages a record of every kind (new ids, new strings) into b. */
static void stage_everything(iedu_batch *b)
{
	rec(b, IEDU_KIND_SOURCE, "id", "new-src", "type", "report", NULL);
	kid(b, IEDU_CHILD_TITLE, "新报告", "xml:lang", "zh", NULL);
	build_end(b);
	rec(b, IEDU_KIND_ORGANIZATION, "id", "new-org", "type", "alliance",
	    NULL);
	kid(b, IEDU_CHILD_NAME, "新联盟", "xml:lang", "zh", NULL);
	kid(b, IEDU_CHILD_CITE, NULL, "source", "new-src", NULL);
	build_end(b);
	person(b, "new-person", "新人");
	rec(b, IEDU_KIND_MEMBERSHIP, "id", "new-m", "member", "new-org", "body",
	    "nf-community", "role", "supporting", NULL);
	build_end(b);
	rec(b, IEDU_KIND_POST, "id", "new-post", "person", "new-person", "org",
	    "new-org", NULL);
	kid(b, IEDU_CHILD_TITLE, "秘书长", "xml:lang", "zh", NULL);
	build_end(b);
	rec(b, IEDU_KIND_RELATION, "id", "new-rel", "from", "new-org", "to",
	    "chinalco", "type", "part-of", NULL);
	build_end(b);
	rec(b, IEDU_KIND_DESIGNATION, "id", "new-des", "org", "new-org",
	    "programme", "model-group", NULL);
	build_end(b);
	rec(b, IEDU_KIND_EVENT, "id", "new-ev", "type", "launch", "date",
	    "2025", "hosts", "new-org chinalco", NULL);
	build_end(b);
	rec(b, IEDU_KIND_AGREEMENT, "id", "new-ag", "type", "other", "event",
	    "new-ev", NULL);
	two_parties(b, "new-org");
	build_end(b);
	rec(b, IEDU_KIND_STATISTIC, "id", "new-st", "indicator", "members",
	    "subject", "new-org", "value", "3", NULL);
	build_end(b);
}

static const char *const staged_ids[] = {
    "new-src", "new-org", "new-person", "new-m",  "new-post",
    "new-rel", "new-des", "new-ev",	"new-ag", "new-st"};

static void assert_none_staged(const iedu_db *db)
{
	size_t i;

	for (i = 0; i < sizeof staged_ids / sizeof *staged_ids; i++)
		assert_not_found(db, staged_ids[i]);
}

/* Commits the same records again, and a second time they are duplicates. */
static void assert_can_add_again(iedu_db *db, const snapshot *before)
{
	iedu_batch *b = batch(db);
	size_t i;
	int k;

	stage_everything(b);
	commit(b);
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		assert_int_equal(iedu_db_count(db, (iedu_kind)k),
				 before->count[k] + 1);
	for (i = 0; i < sizeof staged_ids / sizeof *staged_ids; i++)
		assert_int_equal(iedu_record_kind(db, find(db, staged_ids[i])),
				 (iedu_kind)(i + 1));
	assert_string_equal(
	    iedu_record_text(db, find(db, "new-org"), IEDU_CHILD_NAME, "zh"),
	    "新联盟");
	assert_int_equal(
	    iedu_record_ref(db, find(db, "new-rel"), IEDU_ATTR_FROM),
	    find(db, "new-org"));
}

static void test_rollback_on_failed_commit(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	snapshot before;

	(void)state;
	take(&before, db);
	stage_everything(b);
	/* the last record names nothing */
	ref_member(b, "nope");
	build_end(b);
	assert_int_equal(iedu_batch_count(b), 11);
	assert_int_equal(iedu_batch_commit(b), IEDU_EREF);
	assert_unchanged(&before, db);
	assert_none_staged(db);
	iedu_batch_free(b);
	assert_unchanged(&before, db);
	assert_can_add_again(db, &before);
	iedu_db_free(db);
}

static void test_rollback_on_cycle(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	snapshot before;

	(void)state;
	take(&before, db);
	stage_everything(b);
	part_of(b, "chinalco", "new-org");
	EXPECT(iedu_batch_commit(b), IEDU_ECYCLE,
	       "relation #2: to: part-of relations form a cycle: chinalco -> "
	       "new-org -> chinalco; expected a hierarchy in which no "
	       "organization is part of itself");
	iedu_batch_free(b);
	assert_unchanged(&before, db);
	assert_none_staged(db);
	assert_can_add_again(db, &before);
	iedu_db_free(db);
}

static void test_rollback_on_free(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	snapshot before;

	(void)state;
	take(&before, db);
	stage_everything(b);
	/* and a record left open, with a child open */
	rec(b, IEDU_KIND_PERSON, "id", "half-person", NULL);
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	iedu_batch_free(b);
	assert_unchanged(&before, db);
	assert_none_staged(db);
	assert_not_found(db, "half-person");
	assert_can_add_again(db, &before);
	iedu_db_free(db);
}

static void test_rollback_after_earlier_failures(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	snapshot before;

	(void)state;
	take(&before, db);
	/* failed calls in between change nothing */
	rec(b, IEDU_KIND_ORGANIZATION, "id", "new-org", NULL);
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_TYPE, "firm", IEDU_NUL),
			 IEDU_EVALUE);
	assert_int_equal(iedu_batch_end(b), IEDU_EMISSING);
	iedu_batch_free(b);
	assert_unchanged(&before, db);
	assert_can_add_again(db, &before);
	/* now they are taken */
	b = batch(db);
	org(b, "x-org", "other", "某");
	rec(b, IEDU_KIND_ORGANIZATION, "id", "new-org", "type", "other", NULL);
	name_zh(b, "新联盟");
	assert_int_equal(iedu_batch_end(b), IEDU_EDUPLICATE);
	iedu_batch_free(b);
	assert_not_found(db, "x-org");
	iedu_db_free(db);
}

/* An id first used as a reference in a failed batch is not a record after. */
static void test_rollback_keeps_ids_free(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	/* "later-org" is staged, then a reference fails */
	org(b, "later-org", "other", "某单位");
	ref_member(b, "later-org");
	build_end(b);
	ref_body(b, "nope");
	build_end(b);
	assert_int_equal(iedu_batch_commit(b), IEDU_EREF);
	iedu_batch_free(b);
	assert_not_found(db, "later-org");
	b = batch(db);
	ref_member(b, "later-org");
	build_end(b);
	EXPECT(iedu_batch_commit(b), IEDU_EREF,
	       "membership #1: member: no record has the id "
	       "'later-org'; " ORG_EXPECTED IN_DB);
	iedu_batch_free(b);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_MEMBERSHIP), 0);
	iedu_db_free(db);
}

static void test_failed_call_leaves_batch_usable(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle m;

	(void)state;
	OK(iedu_batch_record(b, IEDU_KIND_MEMBERSHIP));
	assert_int_equal(
	    iedu_batch_set(b, IEDU_ATTR_MEMBER, "chinalco csu", IEDU_NUL),
	    IEDU_EVALUE);
	assert_int_equal(
	    iedu_batch_set(b, IEDU_ATTR_ROLE, "lead boss", IEDU_NUL),
	    IEDU_EVALUE);
	assert_int_equal(
	    iedu_batch_set(b, IEDU_ATTR_URL, "https://x.cn", IEDU_NUL),
	    IEDU_EUNKNOWN);
	assert_int_equal(iedu_batch_child(b, IEDU_CHILD_NAME), IEDU_EUNKNOWN);
	OK(iedu_batch_set(b, IEDU_ATTR_MEMBER, "chinalco", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_BODY, "nf-community", IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_ROLE, "chair lead", IEDU_NUL));
	OK(iedu_batch_child(b, IEDU_CHILD_CITE));
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_LOCATOR, " ", IEDU_NUL),
			 IEDU_EVALUE);
	assert_int_equal(iedu_batch_end(b), IEDU_EMISSING);
	OK(iedu_batch_set(b, IEDU_ATTR_SOURCE, SRC, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_LOCATOR, "第1段", IEDU_NUL));
	build_end(b);
	build_end(b);
	commit(b);
	m = iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, 0);
	assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_MEMBER),
			    "chinalco");
	assert_string_equal(iedu_record_attr(db, m, IEDU_ATTR_ROLE),
			    "lead chair");
	assert_string_equal(iedu_record_child_attr(db, m, IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_LOCATOR),
			    "第1段");
	iedu_db_free(db);
}

static void test_success_keeps_last_error(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	iedu_error_clear();
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);
	assert_string_equal(last_message(), "");
	rec(b, IEDU_KIND_PERSON, "id", "p1", NULL);
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_TYPE, "x", IEDU_NUL),
			 IEDU_EUNKNOWN);
	name_zh(b, "某人");
	build_end(b);
	commit(b);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_EUNKNOWN);
	iedu_db_free(db);
}

/* A failure no later call can mend: discard the element and go on. */
static void test_discard_after_unmendable_failure(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);
	iedu_handle h;

	(void)state;
	/* a second name in one language: drop that child, keep the record */
	rec(b, IEDU_KIND_ORGANIZATION, "id", "ccmc", "type", "enterprise",
	    NULL);
	name_zh(b, "中国有色矿业集团有限公司");
	open_kid(b, IEDU_CHILD_NAME, "xml:lang", "zh", NULL);
	OK(iedu_batch_text(b, "中色集团", IEDU_NUL));
	assert_int_equal(iedu_batch_end(b), IEDU_EDUPLICATE);
	OK(iedu_batch_discard(b));
	kid(b, IEDU_CHILD_ALIAS, "中色集团", "xml:lang", "zh", "kind", "short",
	    NULL);
	build_end(b);
	/* a duplicate id: drop the whole record with its children */
	rec(b, IEDU_KIND_ORGANIZATION, "id", "csu", "type", "university", NULL);
	name_zh(b, "中南大学（重复）");
	assert_int_equal(iedu_batch_end(b), IEDU_EDUPLICATE);
	OK(iedu_batch_discard(b));
	EXPECT(iedu_batch_discard(b), IEDU_ESTATE,
	       "iedu_batch_discard: no record or child is open");
	assert_int_equal(iedu_batch_count(b), 1);
	commit(b);
	h = find(db, "ccmc");
	assert_int_equal(iedu_record_child_count(db, h, IEDU_CHILD_NAME), 1);
	assert_string_equal(iedu_record_child_text(db, h, IEDU_CHILD_ALIAS, 0),
			    "中色集团");
	assert_string_equal(
	    iedu_record_text(db, find(db, "csu"), IEDU_CHILD_NAME, "zh"),
	    "中南大学");
	assert_int_equal(iedu_db_count(db, IEDU_KIND_ORGANIZATION), 6);
	iedu_db_free(db);
}

/* Freeing a database with a batch still open frees the batch too. */
static void test_db_free_with_open_batch(void **state)
{
	iedu_db *db = base_db();
	iedu_batch *b = batch(db);

	(void)state;
	rec(b, IEDU_KIND_PERSON, "id", "p1", NULL);
	name_zh(b, "某人");
	build_end(b);
	rec(b, IEDU_KIND_PERSON, "id", "p2", NULL);
	/* no iedu_batch_free: the sanitizers' leak check is the assertion */
	iedu_db_free(db);
}

/* MAIN_MARK */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_source_read_back),
	    T(test_organization_read_back),
	    T(test_language_tags_canonical_and_sorted),
	    T(test_person_membership_post_read_back),
	    T(test_relation_designation_read_back),
	    T(test_event_agreement_read_back),
	    T(test_statistic_read_back),
	    T(test_text_trimmed_and_nfc),
	    T(test_id_every_character),
	    T(test_reference_dangling),
	    T(test_reference_wrong_kind),
	    T(test_reference_valid_each),
	    T(test_statistic_subject_any_kind),
	    T(test_forward_and_earlier_batch_references),
	    T(test_reference_to_discarded_batch),
	    T(test_part_of_self),
	    T(test_part_of_two_cycle),
	    T(test_part_of_cycle_across_batches),
	    T(test_malformed_values),
	    T(test_unknown_attribute),
	    T(test_unknown_child),
	    T(test_text_in_child_without_text),
	    T(test_duplicate_attribute),
	    T(test_empty_and_bad_text),
	    T(test_missing_record_attribute),
	    T(test_missing_child_attribute),
	    T(test_missing_name),
	    T(test_one_name_per_language),
	    T(test_duplicate_part_key),
	    T(test_parts_over_exact_total),
	    T(test_percent_out_of_range),
	    T(test_statistic_needs_subject_or_scope),
	    T(test_agreement_needs_two_parties),
	    T(test_participant_person_or_org),
	    T(test_location_needs_division_or_text),
	    T(test_identifier_forms),
	    T(test_duplicate_id),
	    T(test_roles_canonical_any_order),
	    T(test_roles_single),
	    T(test_language_tag_case),
	    T(test_nfc_in_attributes_and_text),
	    T(test_id_forms_accepted),
	    T(test_embedded_nul_refused),
	    T(test_dates_and_numbers_accepted),
	    T(test_date_and_number_limits),
	    T(test_urls_accepted),
	    T(test_batch_count_and_indices_across_batches),
	    T(test_hosts_single_and_truncated),
	    T(test_new_batch_after_commit_without_free),
	    T(test_optional_text_may_be_blank),
	    T(test_state_set_without_record),
	    T(test_state_child_without_record),
	    T(test_state_nested_elements),
	    T(test_state_commit_with_open_element),
	    T(test_state_use_after_commit),
	    T(test_state_use_after_failed_commit),
	    T(test_busy),
	    T(test_invalid_arguments),
	    T(test_rollback_on_failed_commit),
	    T(test_rollback_on_cycle),
	    T(test_rollback_on_free),
	    T(test_rollback_after_earlier_failures),
	    T(test_rollback_keeps_ids_free),
	    T(test_failed_call_leaves_batch_usable),
	    T(test_success_keeps_last_error),
	    T(test_discard_after_unmendable_failure),
	    T(test_db_free_with_open_batch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
