/*
 * Tests of the canonical XML writer through the public API: databases are
 * built with the batch API and the exported bytes compared exactly. Also
 * that each expected document imports back to a database exporting the
 * same bytes (export, import, export), the three sinks (memory, stream,
 * atomic file) giving identical bytes, the atomic file's failures leaving
 * a previous file intact and no temporary file behind, allocation
 * failures, and NULL arguments.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iedu.h>
#include "support/files.h"

#define HEAD                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n"
#define TAIL "</iedu>\n"

/* ---- building databases ------------------------------------------------ */

static void ok_at(int rc, int line)
{
	if (rc != IEDU_OK)
		fail_msg("line %d: status %d: %s", line, rc,
			 iedu_error_message(iedu_error_last()));
}

#define OK(call) ok_at((call), __LINE__)

/* Sets (iedu_attr, const char *) pairs up to a 0 attribute. */
static void set_pairs(iedu_batch *b, va_list ap)
{
	int attr;

	while ((attr = va_arg(ap, int)) != 0) {
		const char *value = va_arg(ap, const char *);
		OK(iedu_batch_set(b, (iedu_attr)attr, value, IEDU_NUL));
	}
}

/* Opens a record and sets its attributes; end it with end(). */
static void rec(iedu_batch *b, iedu_kind kind, ...)
{
	va_list ap;

	OK(iedu_batch_record(b, kind));
	va_start(ap, kind);
	set_pairs(b, ap);
	va_end(ap);
}

/* Adds a whole child: attributes, then text when not NULL. */
static void kid(iedu_batch *b, iedu_child child, const char *text, ...)
{
	va_list ap;

	OK(iedu_batch_child(b, child));
	va_start(ap, text);
	set_pairs(b, ap);
	va_end(ap);
	if (text)
		OK(iedu_batch_text(b, text, IEDU_NUL));
	OK(iedu_batch_end(b));
}

static void end(iedu_batch *b)
{
	OK(iedu_batch_end(b));
}

/* An organisation with one Chinese name. */
static void org(iedu_batch *b, const char *id, const char *name)
{
	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, id, IEDU_ATTR_TYPE,
	    "enterprise", 0);
	kid(b, IEDU_CHILD_NAME, name, IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

typedef void (*build_fn)(iedu_batch *b);

static iedu_db *make_db(build_fn build)
{
	iedu_batch *b;
	iedu_db *db;

	OK(iedu_db_new(&db));
	OK(iedu_batch_new(&b, db));
	build(b);
	OK(iedu_batch_commit(b));
	iedu_batch_free(b);
	return db;
}

/* ---- comparing output -------------------------------------------------- */

static void assert_export(const iedu_db *db, const char *expected)
{
	char *out = NULL;
	size_t len = 0;

	OK(iedu_xml_export_memory(&out, &len, db));
	assert_non_null(out);
	assert_string_equal(out, expected);
	assert_int_equal(len, strlen(expected));
	assert_int_equal(out[len], '\0');
	iedu_free(out);
}

/* Canonical output imports back to a database that exports the same. */
static void assert_round_trip(const char *xml)
{
	iedu_db *db;

	OK(iedu_db_new(&db));
	OK(iedu_xml_import_memory(db, xml, strlen(xml), "<export>"));
	assert_export(db, xml);
	iedu_db_free(db);
}

/* build's database exports exactly expected, and round-trips. */
static void assert_build_exports(build_fn build, const char *expected)
{
	iedu_db *db = make_db(build);

	assert_export(db, expected);
	iedu_db_free(db);
	assert_round_trip(expected);
}

static void assert_last_error(int code, const char *message)
{
	const iedu_error *err = iedu_error_last();

	assert_int_equal(iedu_error_code(err), code);
	assert_string_equal(iedu_error_message(err), message);
}

/* ---- one record of every kind ------------------------------------------ */

static void build_every_kind(iedu_batch *b)
{
	/* added out of canonical order on purpose */
	rec(b, IEDU_KIND_STATISTIC, IEDU_ATTR_ID, "st-nf-members",
	    IEDU_ATTR_INDICATOR, "member-units", IEDU_ATTR_SUBJECT,
	    "nf-community", IEDU_ATTR_SCOPE, "500107", IEDU_ATTR_DATE,
	    "2024-07-02", IEDU_ATTR_VALUE, "157", IEDU_ATTR_QUALIFIER, "about",
	    IEDU_ATTR_UNIT, "organization", IEDU_ATTR_STATUS, "estimate", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1", 0);
	kid(b, IEDU_CHILD_LABEL, "member units", IEDU_ATTR_LANG, "en", 0);
	kid(b, IEDU_CHILD_PART, NULL, IEDU_ATTR_KEY, "enterprise",
	    IEDU_ATTR_VALUE, "88", 0);
	kid(b, IEDU_CHILD_PART, NULL, IEDU_ATTR_KEY, "university",
	    IEDU_ATTR_VALUE, "19", 0);
	kid(b, IEDU_CHILD_PART, NULL, IEDU_ATTR_KEY, "vocational-school",
	    IEDU_ATTR_VALUE, "33", 0);
	kid(b, IEDU_CHILD_PART, NULL, IEDU_ATTR_KEY, "research-institute",
	    IEDU_ATTR_VALUE, "16", 0);
	kid(b, IEDU_CHILD_PART, NULL, IEDU_ATTR_KEY, "association",
	    IEDU_ATTR_VALUE, "1", 0);
	end(b);

	rec(b, IEDU_KIND_AGREEMENT, IEDU_ATTR_ID, "ag-zhitongche",
	    IEDU_ATTR_TYPE, "framework", IEDU_ATTR_SIGNED, "2024-07-02",
	    IEDU_ATTR_EVENT, "ev-nf-founding", 0);
	kid(b, IEDU_CHILD_TITLE, "“中铝直通车”项目共建框架协议", IEDU_ATTR_LANG,
	    "zh", 0);
	kid(b, IEDU_CHILD_PARTY, NULL, IEDU_ATTR_ORG, "chinalco", 0);
	kid(b, IEDU_CHILD_PARTY, NULL, IEDU_ATTR_ORG, "moe", 0);
	kid(b, IEDU_CHILD_PARTY, NULL, IEDU_ATTR_ORG, "swa", 0);
	end(b);

	rec(b, IEDU_KIND_EVENT, IEDU_ATTR_ID, "ev-nf-founding", IEDU_ATTR_TYPE,
	    "conference", IEDU_ATTR_DATE, "2024-07-02", IEDU_ATTR_UNTIL,
	    "2024-07-03", IEDU_ATTR_HOSTS, "chinalco moe", IEDU_ATTR_BODY,
	    "nf-community", 0);
	kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体成立大会",
	    IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_PLACE, "重庆市西南铝", IEDU_ATTR_DIVISION, "500107",
	    IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, IEDU_ATTR_ROLE, "speaker",
	    IEDU_ATTR_PERSON, "wu-yan", 0);
	kid(b, IEDU_CHILD_PARTICIPANT, NULL, IEDU_ATTR_ORG, "chinalco",
	    IEDU_ATTR_ROLE, "signatory", 0);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, IEDU_ATTR_QUALIFIER, "more-than",
	    IEDU_ATTR_VALUE, "260", IEDU_ATTR_MODE, "total", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1", 0);
	end(b);

	rec(b, IEDU_KIND_DESIGNATION, IEDU_ATTR_ISSUER, "moe", IEDU_ATTR_DATE,
	    "2024-07", IEDU_ATTR_BATCH, "1", IEDU_ATTR_PROGRAMME,
	    "national-community", IEDU_ATTR_ORG, "nf-community", IEDU_ATTR_ID,
	    "d-1", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1", 0);
	end(b);

	rec(b, IEDU_KIND_RELATION, IEDU_ATTR_ID, "r-1", IEDU_ATTR_FROM, "swa",
	    IEDU_ATTR_TO, "chinalco", IEDU_ATTR_TYPE, "part-of",
	    IEDU_ATTR_SINCE, "2000", IEDU_ATTR_UNTIL, "2030-12-31", 0);
	end(b);

	rec(b, IEDU_KIND_POST, IEDU_ATTR_ID, "p-1", IEDU_ATTR_PERSON, "wu-yan",
	    IEDU_ATTR_ORG, "moe", IEDU_ATTR_FROM, "2018", IEDU_ATTR_UNTIL,
	    "2025-01", 0);
	kid(b, IEDU_CHILD_TITLE, "副部长", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_TITLE, "Vice Minister of Education", IEDU_ATTR_LANG,
	    "en", 0);
	end(b);

	rec(b, IEDU_KIND_MEMBERSHIP, IEDU_ATTR_UNTIL, "2029", IEDU_ATTR_FROM,
	    "2024-07-02", IEDU_ATTR_ROLE, "lead chair", IEDU_ATTR_BODY,
	    "nf-community", IEDU_ATTR_MEMBER, "chinalco", IEDU_ATTR_ID, "m-1",
	    0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1", 0);
	end(b);

	rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, "wu-yan", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1", 0);
	kid(b, IEDU_CHILD_NAME, "吴岩", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_NAME, "Wu Yan", IEDU_ATTR_LANG, "en", 0);
	end(b);

	org(b, "swa", "西南铝业（集团）有限责任公司");

	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, "nf-community",
	    IEDU_ATTR_TYPE, "community", IEDU_ATTR_LEVEL, "national",
	    IEDU_ATTR_FOUNDED, "2024-07-02", IEDU_ATTR_DISSOLVED, "2030", 0);
	kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体",
	    IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "src-1",
	    IEDU_ATTR_QUOTE, "157家成员单位", 0);
	end(b);

	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, "moe", IEDU_ATTR_TYPE,
	    "government", IEDU_ATTR_LEVEL, "national", 0);
	kid(b, IEDU_CHILD_NAME, "教育部", IEDU_ATTR_LANG, "zh", 0);
	end(b);

	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_FOUNDED, "2001-02-21",
	    IEDU_ATTR_ID, "chinalco", IEDU_ATTR_TYPE, "enterprise", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_QUOTE, "中铝集团",
	    IEDU_ATTR_LOCATOR, "第2段", IEDU_ATTR_SOURCE, "src-1", 0);
	kid(b, IEDU_CHILD_LOCATION, "北京市海淀区", IEDU_ATTR_LANG, "zh",
	    IEDU_ATTR_DIVISION, "110108", 0);
	kid(b, IEDU_CHILD_IDENTIFIER, "91110000710931141J", IEDU_ATTR_SCHEME,
	    "uscc", 0);
	kid(b, IEDU_CHILD_SECTOR, "有色金属", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_ALIAS, "中铝", IEDU_ATTR_KIND, "short",
	    IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_NAME, "中国铝业集团有限公司", IEDU_ATTR_LANG, "zh",
	    0);
	kid(b, IEDU_CHILD_NAME, "Aluminum Corporation of China", IEDU_ATTR_LANG,
	    "en", 0);
	end(b);

	rec(b, IEDU_KIND_SOURCE, IEDU_ATTR_ID, "src-1", IEDU_ATTR_TYPE, "news",
	    IEDU_ATTR_PUBLISHED, "2024-07-05", IEDU_ATTR_URL,
	    "https://example.org/article", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_ISSUER, NULL, IEDU_ATTR_ORG, "moe", 0);
	kid(b, IEDU_CHILD_PUBLISHER, "铝加网", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_TITLE,
	    "国家有色金属行业产教融合共同体成立大会在西南铝举行",
	    IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

static const char every_kind_xml[] = HEAD
    "  <source id=\"src-1\" type=\"news\" published=\"2024-07-05\" "
    "url=\"https://example.org/article\" xml:lang=\"zh\">\n"
    "    <title xml:lang=\"zh\">"
    "国家有色金属行业产教融合共同体成立大会在西南铝举行</title>\n"
    "    <publisher xml:lang=\"zh\">铝加网</publisher>\n"
    "    <issuer org=\"moe\"/>\n"
    "  </source>\n"
    "  <organization id=\"chinalco\" type=\"enterprise\" "
    "founded=\"2001-02-21\">\n"
    "    <name xml:lang=\"en\">Aluminum Corporation of China</name>\n"
    "    <name xml:lang=\"zh\">中国铝业集团有限公司</name>\n"
    "    <alias xml:lang=\"zh\" kind=\"short\">中铝</alias>\n"
    "    <sector xml:lang=\"zh\">有色金属</sector>\n"
    "    <identifier scheme=\"uscc\">91110000710931141J</identifier>\n"
    "    <location division=\"110108\" xml:lang=\"zh\">"
    "北京市海淀区</location>\n"
    "    <cite source=\"src-1\" locator=\"第2段\" quote=\"中铝集团\"/>\n"
    "  </organization>\n"
    "  <organization id=\"moe\" type=\"government\" level=\"national\">\n"
    "    <name xml:lang=\"zh\">教育部</name>\n"
    "  </organization>\n"
    "  <organization id=\"nf-community\" type=\"community\" "
    "level=\"national\" founded=\"2024-07-02\" dissolved=\"2030\">\n"
    "    <name xml:lang=\"zh\">国家有色金属行业产教融合共同体</name>\n"
    "    <cite source=\"src-1\" quote=\"157家成员单位\"/>\n"
    "  </organization>\n"
    "  <organization id=\"swa\" type=\"enterprise\">\n"
    "    <name xml:lang=\"zh\">西南铝业（集团）有限责任公司</name>\n"
    "  </organization>\n"
    "  <person id=\"wu-yan\">\n"
    "    <name xml:lang=\"en\">Wu Yan</name>\n"
    "    <name xml:lang=\"zh\">吴岩</name>\n"
    "    <cite source=\"src-1\"/>\n"
    "  </person>\n"
    "  <membership id=\"m-1\" member=\"chinalco\" body=\"nf-community\" "
    "role=\"lead chair\" from=\"2024-07-02\" until=\"2029\">\n"
    "    <cite source=\"src-1\"/>\n"
    "  </membership>\n"
    "  <post id=\"p-1\" person=\"wu-yan\" org=\"moe\" from=\"2018\" "
    "until=\"2025-01\">\n"
    "    <title xml:lang=\"en\">Vice Minister of Education</title>\n"
    "    <title xml:lang=\"zh\">副部长</title>\n"
    "  </post>\n"
    "  <relation id=\"r-1\" from=\"swa\" to=\"chinalco\" type=\"part-of\" "
    "since=\"2000\" until=\"2030-12-31\"/>\n"
    "  <designation id=\"d-1\" org=\"nf-community\" "
    "programme=\"national-community\" batch=\"1\" date=\"2024-07\" "
    "issuer=\"moe\">\n"
    "    <cite source=\"src-1\"/>\n"
    "  </designation>\n"
    "  <event id=\"ev-nf-founding\" type=\"conference\" date=\"2024-07-02\" "
    "until=\"2024-07-03\" hosts=\"chinalco moe\" body=\"nf-community\">\n"
    "    <name xml:lang=\"zh\">国家有色金属行业产教融合共同体成立大会</name>\n"
    "    <place xml:lang=\"zh\" division=\"500107\">重庆市西南铝</place>\n"
    "    <participant person=\"wu-yan\" role=\"speaker\"/>\n"
    "    <participant org=\"chinalco\" role=\"signatory\"/>\n"
    "    <attendance mode=\"total\" value=\"260\" qualifier=\"more-than\"/>\n"
    "    <cite source=\"src-1\"/>\n"
    "  </event>\n"
    "  <agreement id=\"ag-zhitongche\" type=\"framework\" "
    "signed=\"2024-07-02\" event=\"ev-nf-founding\">\n"
    "    <title xml:lang=\"zh\">“中铝直通车”项目共建框架协议</title>\n"
    "    <party org=\"chinalco\"/>\n"
    "    <party org=\"moe\"/>\n"
    "    <party org=\"swa\"/>\n"
    "  </agreement>\n"
    "  <statistic id=\"st-nf-members\" indicator=\"member-units\" "
    "subject=\"nf-community\" scope=\"500107\" date=\"2024-07-02\" "
    "value=\"157\" qualifier=\"about\" unit=\"organization\" "
    "status=\"estimate\">\n"
    "    <label xml:lang=\"en\">member units</label>\n"
    "    <part key=\"enterprise\" value=\"88\"/>\n"
    "    <part key=\"university\" value=\"19\"/>\n"
    "    <part key=\"vocational-school\" value=\"33\"/>\n"
    "    <part key=\"research-institute\" value=\"16\"/>\n"
    "    <part key=\"association\" value=\"1\"/>\n"
    "    <cite source=\"src-1\"/>\n"
    "  </statistic>\n" TAIL;

static void every_kind(void **state)
{
	(void)state;
	assert_build_exports(build_every_kind, every_kind_xml);
}

static void build_nothing(iedu_batch *b)
{
	(void)b;
}

static void empty_database(void **state)
{
	(void)state;
	assert_build_exports(build_nothing, HEAD TAIL);
}

/* ---- escaping ---------------------------------------------------------- */

#define SPECIALS "A&B<C>D\"E'F\tG\nH\rI]]>J"

static void build_specials(iedu_batch *b)
{
	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, "o", IEDU_ATTR_TYPE,
	    "other", 0);
	kid(b, IEDU_CHILD_NAME, SPECIALS, IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_NAME, "&&<<>>\r\r.", IEDU_ATTR_LANG, "en", 0);
	kid(b, IEDU_CHILD_LOCATION, NULL, IEDU_ATTR_DIVISION, "500107", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "s", IEDU_ATTR_LOCATOR,
	    SPECIALS, IEDU_ATTR_QUOTE, "\"\"&&<<\t\t\n\n.", 0);
	end(b);
	rec(b, IEDU_KIND_SOURCE, IEDU_ATTR_ID, "s", IEDU_ATTR_TYPE, "web",
	    IEDU_ATTR_URL, "https://example.org/?a=1&b=<2>&c=\"3\"", 0);
	kid(b, IEDU_CHILD_TITLE, "&", IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

static void escaping(void **state)
{
	(void)state;
	assert_build_exports(
	    build_specials, HEAD
	    "  <source id=\"s\" type=\"web\" "
	    "url=\"https://example.org/"
	    "?a=1&amp;b=&lt;2>&amp;c=&quot;3&quot;\">\n"
	    "    <title xml:lang=\"zh\">&amp;</title>\n"
	    "  </source>\n"
	    "  <organization id=\"o\" type=\"other\">\n"
	    "    <name "
	    "xml:lang=\"en\">&amp;&amp;&lt;&lt;&gt;&gt;&#13;&#13;.</name>\n"
	    "    <name xml:lang=\"zh\">"
	    "A&amp;B&lt;C&gt;D\"E'F\tG\nH&#13;I]]&gt;J</name>\n"
	    "    <location division=\"500107\"/>\n"
	    "    <cite source=\"s\" "
	    "locator=\"A&amp;B&lt;C>D&quot;E'F&#9;G&#10;H&#13;I]]>J\" "
	    "quote=\"&quot;&quot;&amp;&amp;&lt;&lt;&#9;&#9;&#10;&#10;.\"/>\n"
	    "  </organization>\n" TAIL);
}

/*
 * The writer reads strings 8 bytes at a time: specials on either side of
 * a word's edge, strings of exactly 8 and 16 bytes, a special as the last
 * byte and the first.
 */
static void build_word_edges(iedu_batch *b)
{
	rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, "o", IEDU_ATTR_TYPE,
	    "other", 0);
	kid(b, IEDU_CHILD_NAME, "1234567&89abcdef<ghijklmn>", IEDU_ATTR_LANG,
	    "zh", 0);
	kid(b, IEDU_CHILD_NAME, "12345678", IEDU_ATTR_LANG, "en", 0);
	kid(b, IEDU_CHILD_ALIAS, "0123456789abcdef", IEDU_ATTR_LANG, "en", 0);
	kid(b, IEDU_CHILD_ALIAS, "&1234567890abcde&", IEDU_ATTR_LANG, "zh", 0);
	kid(b, IEDU_CHILD_CITE, NULL, IEDU_ATTR_SOURCE, "s", IEDU_ATTR_LOCATOR,
	    "abcdefg\"hijklmno\tpqrstuvw\nx", IEDU_ATTR_QUOTE, "\"", 0);
	end(b);
	rec(b, IEDU_KIND_SOURCE, IEDU_ATTR_ID, "s", IEDU_ATTR_TYPE, "web", 0);
	kid(b, IEDU_CHILD_TITLE, "t", IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

static void escaping_at_word_edges(void **state)
{
	(void)state;
	assert_build_exports(
	    build_word_edges,
	    HEAD "  <source id=\"s\" type=\"web\">\n"
		 "    <title xml:lang=\"zh\">t</title>\n"
		 "  </source>\n"
		 "  <organization id=\"o\" type=\"other\">\n"
		 "    <name xml:lang=\"en\">12345678</name>\n"
		 "    <name xml:lang=\"zh\">"
		 "1234567&amp;89abcdef&lt;ghijklmn&gt;</name>\n"
		 "    <alias xml:lang=\"en\">0123456789abcdef</alias>\n"
		 "    <alias xml:lang=\"zh\">&amp;1234567890abcde&amp;</alias>\n"
		 "    <cite source=\"s\" "
		 "locator=\"abcdefg&quot;hijklmno&#9;pqrstuvw&#10;x\" "
		 "quote=\"&quot;\"/>\n"
		 "  </organization>\n" TAIL);
}

/* ---- order ------------------------------------------------------------- */

static void build_ids_reversed(iedu_batch *b)
{
	static const char *const ids[] = {"b", "a.1", "a-2", "a",
					  "B", "9",   "10"};
	size_t i;

	for (i = 0; i < sizeof ids / sizeof *ids; i++)
		org(b, ids[i], "名");
	rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, "p2", 0);
	kid(b, IEDU_CHILD_NAME, "乙", IEDU_ATTR_LANG, "zh", 0);
	end(b);
	rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, "p1", 0);
	kid(b, IEDU_CHILD_NAME, "甲", IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

#define ORG_LINE(id)                                                           \
	"  <organization id=\"" id "\" type=\"enterprise\">\n"                 \
	"    <name xml:lang=\"zh\">名</name>\n"                               \
	"  </organization>\n"

static void ids_in_byte_order(void **state)
{
	(void)state;
	assert_build_exports(
	    build_ids_reversed,
	    HEAD ORG_LINE("10") ORG_LINE("9") ORG_LINE("B") ORG_LINE("a")
		ORG_LINE("a-2") ORG_LINE("a.1")
		    ORG_LINE("b") "  <person id=\"p1\">\n"
				  "    <name xml:lang=\"zh\">甲</name>\n"
				  "  </person>\n"
				  "  <person id=\"p2\">\n"
				  "    <name xml:lang=\"zh\">乙</name>\n"
				  "  </person>\n" TAIL);
}

static void member(iedu_batch *b, const char *id, const char *body,
		   const char *m, const char *role, const char *from)
{
	OK(iedu_batch_record(b, IEDU_KIND_MEMBERSHIP));
	if (id)
		OK(iedu_batch_set(b, IEDU_ATTR_ID, id, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_BODY, body, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_MEMBER, m, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_ROLE, role, IEDU_NUL));
	if (from)
		OK(iedu_batch_set(b, IEDU_ATTR_FROM, from, IEDU_NUL));
	end(b);
}

static void build_memberships(iedu_batch *b)
{
	org(b, "b1", "名");
	org(b, "b2", "名");
	org(b, "m1", "名");
	org(b, "m2", "名");
	member(b, NULL, "b2", "m1", "council", NULL);
	member(b, NULL, "b1", "m2", "member", "2020");
	member(b, NULL, "b1", "m2", "member", NULL);
	member(b, NULL, "b1", "m1", "chair", "2021");
	member(b, NULL, "b1", "m2", "member", "2019-05");
	member(b, NULL, "b2", "m1", "member", NULL); /* equal: kept second */
	member(b, "x", "b1", "m2", "lead", "2020");
	member(b, "w", "b1", "m2", "lead", "2020");
}

#define MS(attrs) "  <membership " attrs "/>\n"

static void memberships_by_body_member_from(void **state)
{
	(void)state;
	assert_build_exports(
	    build_memberships,
	    HEAD ORG_LINE("b1") ORG_LINE("b2") ORG_LINE("m1") ORG_LINE("m2") MS(
		"member=\"m1\" body=\"b1\" role=\"chair\" from=\"2021\"")
		MS("member=\"m2\" body=\"b1\" role=\"member\"") MS(
		    "member=\"m2\" body=\"b1\" role=\"member\" "
		    "from=\"2019-05\"") MS("member=\"m2\" body=\"b1\" "
					   "role=\"member\" from=\"2020\"")
		    MS("id=\"w\" member=\"m2\" body=\"b1\" role=\"lead\" "
		       "from=\"2020\"") MS("id=\"x\" member=\"m2\" body=\"b1\" "
					   "role=\"lead\" from=\"2020\"")
			MS("member=\"m1\" body=\"b2\" role=\"council\"")
			    MS("member=\"m1\" body=\"b2\" role=\"member\"")
				TAIL);
}

static void post(iedu_batch *b, const char *org_id, const char *person,
		 const char *from, const char *title)
{
	OK(iedu_batch_record(b, IEDU_KIND_POST));
	OK(iedu_batch_set(b, IEDU_ATTR_ORG, org_id, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_PERSON, person, IEDU_NUL));
	if (from)
		OK(iedu_batch_set(b, IEDU_ATTR_FROM, from, IEDU_NUL));
	kid(b, IEDU_CHILD_TITLE, title, IEDU_ATTR_LANG, "zh", 0);
	end(b);
}

static void relation(iedu_batch *b, const char *from, const char *to,
		     const char *type)
{
	rec(b, IEDU_KIND_RELATION, IEDU_ATTR_FROM, from, IEDU_ATTR_TO, to,
	    IEDU_ATTR_TYPE, type, 0);
	end(b);
}

static void build_posts_relations(iedu_batch *b)
{
	org(b, "o1", "名");
	org(b, "o2", "名");
	rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, "pa", 0);
	kid(b, IEDU_CHILD_NAME, "甲", IEDU_ATTR_LANG, "zh", 0);
	end(b);
	rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, "pb", 0);
	kid(b, IEDU_CHILD_NAME, "乙", IEDU_ATTR_LANG, "zh", 0);
	end(b);
	post(b, "o2", "pa", NULL, "一");
	post(b, "o1", "pb", "2020", "二");
	post(b, "o1", "pb", "2019", "三");
	post(b, "o1", "pa", "2022", "四");
	/* the type token in byte order, not in the order of the list */
	relation(b, "o2", "o1", "supervised-by");
	relation(b, "o2", "o1", "successor-of");
	relation(b, "o1", "o2", "partner-of");
	relation(b, "o1", "o2", "part-of");
}

#define POST(attrs, title)                                                     \
	"  <post " attrs ">\n"                                                 \
	"    <title xml:lang=\"zh\">" title "</title>\n"                       \
	"  </post>\n"
#define REL(from, to, type)                                                    \
	"  <relation from=\"" from "\" to=\"" to "\" type=\"" type "\"/>\n"

static void posts_and_relations(void **state)
{
	(void)state;
	assert_build_exports(
	    build_posts_relations,
	    HEAD ORG_LINE("o1") ORG_LINE(
		"o2") "  <person id=\"pa\">\n"
		      "    <name xml:lang=\"zh\">甲</name>\n"
		      "  </person>\n"
		      "  <person id=\"pb\">\n"
		      "    <name xml:lang=\"zh\">乙</name>\n"
		      "  </person>\n" POST(
			  "person=\"pa\" org=\"o1\" from=\"2022\"", "四")
			  POST("person=\"pb\" org=\"o1\" from=\"2019\"", "三")
			      POST("person=\"pb\" org=\"o1\" from=\"2020\"",
				   "二") POST("person=\"pa\" org=\"o2\"", "一")
				  REL("o1", "o2", "part-of")
				      REL("o1", "o2", "partner-of")
					  REL("o2", "o1", "successor-of")
					      REL("o2", "o1", "supervised-by")
						  TAIL);
}

static void designation(iedu_batch *b, const char *programme, const char *batch,
			const char *org_id)
{
	OK(iedu_batch_record(b, IEDU_KIND_DESIGNATION));
	OK(iedu_batch_set(b, IEDU_ATTR_PROGRAMME, programme, IEDU_NUL));
	if (batch)
		OK(iedu_batch_set(b, IEDU_ATTR_BATCH, batch, IEDU_NUL));
	OK(iedu_batch_set(b, IEDU_ATTR_ORG, org_id, IEDU_NUL));
	end(b);
}

static void build_designations(iedu_batch *b)
{
	org(b, "a", "名");
	org(b, "z", "名");
	designation(b, "pilot", "10", "a");
	designation(b, "pilot", "2", "z");
	designation(b, "pilot", "2", "a");
	designation(b, "pilot", NULL, "z");
	designation(b, "pilot", "100", "a");
	designation(b, "model", "9", "z");
}

#define DES(attrs) "  <designation " attrs "/>\n"

static void designations_by_programme_batch_org(void **state)
{
	(void)state;
	assert_build_exports(
	    build_designations,
	    HEAD ORG_LINE("a") ORG_LINE("z")
		DES("org=\"z\" programme=\"model\" batch=\"9\"")
		    DES("org=\"z\" programme=\"pilot\"") DES(
			"org=\"a\" programme=\"pilot\" batch=\"2\"")
			DES("org=\"z\" programme=\"pilot\" batch=\"2\"") DES(
			    "org=\"a\" programme=\"pilot\" batch=\"10\"")
			    DES("org=\"a\" programme=\"pilot\" batch=\"100\"")
				TAIL);
}

/*
 * Records are sorted by the first 16 bytes of their keys, then by the
 * keys themselves: ids equal in their first 16 bytes and longer, or
 * ending at the 16th; programmes so, before a numeric batch.
 */
static void build_long_keys(iedu_batch *b)
{
	static const char *const ids[] = {
	    "0123456789abcdefg", "0123456789abcdef0", "0123456789abcdef",
	    "0123456789abcdef-", "0123456789abcde"};
	size_t i;

	for (i = 0; i < sizeof ids / sizeof *ids; i++)
		org(b, ids[i], "名");
	designation(b, "programme-of-sixteen-b", "2", "0123456789abcde");
	designation(b, "programme-of-sixteen-a", "10", "0123456789abcde");
	designation(b, "programme-of-sixt", "9", "0123456789abcde");
	designation(b, "programme-of-sixteen-a", "9", "0123456789abcde");
	designation(b, "programme-of-sixteen", "3", "0123456789abcde");
}

static void keys_past_the_prefix(void **state)
{
	(void)state;
	assert_build_exports(
	    build_long_keys,
	    HEAD ORG_LINE("0123456789abcde") ORG_LINE("0123456789abcdef")
		ORG_LINE("0123456789abcdef-") ORG_LINE("0123456789abcdef0")
		    ORG_LINE("0123456789abcdefg")
			DES("org=\"0123456789abcde\" "
			    "programme=\"programme-of-sixt\" batch=\"9\"")
			    DES("org=\"0123456789abcde\" "
				"programme=\"programme-of-sixteen\" "
				"batch=\"3\"")
				DES("org=\"0123456789abcde\" "
				    "programme=\"programme-of-sixteen-a\" "
				    "batch=\"9\"")
				    DES("org=\"0123456789abcde\" "
					"programme=\"programme-of-sixteen-a\" "
					"batch=\"10\"")
					DES("org=\"0123456789abcde\" "
					    "programme=\"programme-of-sixteen-"
					    "b\" batch=\"2\"") TAIL);
}

/* ---- defaults ---------------------------------------------------------- */

static void build_defaults(iedu_batch *b)
{
	rec(b, IEDU_KIND_STATISTIC, IEDU_ATTR_ID, "st-1", IEDU_ATTR_INDICATOR,
	    "member-units", IEDU_ATTR_SCOPE, "CN", IEDU_ATTR_VALUE, "157",
	    IEDU_ATTR_QUALIFIER, "exact", IEDU_ATTR_STATUS, "reported", 0);
	end(b);
	rec(b, IEDU_KIND_STATISTIC, IEDU_ATTR_ID, "st-2", IEDU_ATTR_INDICATOR,
	    "vocational-majors", IEDU_ATTR_SCOPE, "CN", IEDU_ATTR_DATE,
	    "2025-05", IEDU_ATTR_VALUE, "1400", IEDU_ATTR_QUALIFIER,
	    "more-than", IEDU_ATTR_UNIT, "major", IEDU_ATTR_STATUS, "target",
	    0);
	end(b);
	rec(b, IEDU_KIND_EVENT, IEDU_ATTR_ID, "ev", IEDU_ATTR_TYPE, "meeting",
	    IEDU_ATTR_DATE, "2024", 0);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, IEDU_ATTR_MODE, "onsite",
	    IEDU_ATTR_VALUE, "12.5", IEDU_ATTR_QUALIFIER, "exact", 0);
	kid(b, IEDU_CHILD_ATTENDANCE, NULL, IEDU_ATTR_MODE, "online",
	    IEDU_ATTR_VALUE, "-3", 0);
	end(b);
}

static void defaults_omitted(void **state)
{
	(void)state;
	assert_build_exports(
	    build_defaults,
	    HEAD "  <event id=\"ev\" type=\"meeting\" date=\"2024\">\n"
		 "    <attendance mode=\"onsite\" value=\"12.5\"/>\n"
		 "    <attendance mode=\"online\" value=\"-3\"/>\n"
		 "  </event>\n"
		 "  <statistic id=\"st-1\" indicator=\"member-units\" "
		 "scope=\"CN\" value=\"157\"/>\n"
		 "  <statistic id=\"st-2\" indicator=\"vocational-majors\" "
		 "scope=\"CN\" date=\"2025-05\" value=\"1400\" "
		 "qualifier=\"more-than\" unit=\"major\" "
		 "status=\"target\"/>\n" TAIL);
}

/* ---- files and streams ------------------------------------------------- */

/* The names in dir, sorted and joined by spaces. */
static char *list_dir(const char *dir)
{
	char names[64][64], *out, *tmp;
	struct dirent *e;
	size_t n = 0, i, j;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(n < 64 && strlen(e->d_name) < 64);
		strcpy(names[n++], e->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[64];
			strcpy(t, names[j]);
			strcpy(names[j], names[j - 1]);
			strcpy(names[j - 1], t);
		}
	out = calloc(1, n * 65 + 1);
	assert_non_null(out);
	for (i = 0, tmp = out; i < n; i++)
		tmp += sprintf(tmp, "%s%s", i ? " " : "", names[i]);
	return out;
}

static void assert_dir_lists(const char *dir, const char *names)
{
	char *got = list_dir(dir);

	assert_string_equal(got, names);
	free(got);
}

static void sinks_agree(void **state)
{
	iedu_db *db = make_db(build_every_kind);
	char *mem, *dir = file_tmpdir("writer"),
		   *path = file_join(dir, "out.xml"), *from_stream, *from_file;
	size_t mem_len, stream_len, file_len;
	FILE *fp;

	(void)state;
	OK(iedu_xml_export_memory(&mem, &mem_len, db));
	assert_int_equal(mem_len, strlen(every_kind_xml));

	fp = tmpfile();
	assert_non_null(fp);
	OK(iedu_xml_export_stream(db, fp));
	/* the stream is flushed and left open at its end */
	assert_int_equal(ftell(fp), (long)mem_len);
	rewind(fp);
	from_stream = malloc(mem_len + 1);
	assert_non_null(from_stream);
	stream_len = fread(from_stream, 1, mem_len + 1, fp);
	fclose(fp);
	assert_int_equal(stream_len, mem_len);
	assert_memory_equal(from_stream, mem, mem_len);

	OK(iedu_xml_export_file(db, path));
	from_file = file_slurp(path, &file_len);
	assert_int_equal(file_len, mem_len);
	assert_memory_equal(from_file, mem, mem_len);
	assert_dir_lists(dir, "out.xml");

	/* again over the existing file */
	free(from_file);
	OK(iedu_xml_export_file(db, path));
	from_file = file_slurp(path, &file_len);
	assert_int_equal(file_len, mem_len);
	assert_memory_equal(from_file, mem, mem_len);
	assert_dir_lists(dir, "out.xml");

	free(from_file);
	free(from_stream);
	iedu_free(mem);
	free(path);
	file_rm_tree(dir);
	iedu_db_free(db);
}

/* A path without a directory writes in the current directory. */
static void file_in_current_directory(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *dir = file_tmpdir("writer"), cwd[4096];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	OK(iedu_xml_export_file(db, "here.xml"));
	assert_int_equal(chdir(cwd), 0);
	assert_dir_lists(dir, "here.xml");
	{
		char *p = file_join(dir, "here.xml");
		file_assert_holds(p, HEAD TAIL, strlen(HEAD TAIL));
		free(p);
	}
	file_rm_tree(dir);
	iedu_db_free(db);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void file_modes(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *dir = file_tmpdir("writer"), *fresh = file_join(dir, "fresh.xml"),
	     *fresh2 = file_join(dir, "fresh2.xml"),
	     *old = file_join(dir, "old.xml");
	mode_t saved = umask(022);

	(void)state;
	OK(iedu_xml_export_file(db, fresh));
	assert_int_equal(mode_of(fresh), 0644);
	umask(027);
	OK(iedu_xml_export_file(db, fresh2));
	assert_int_equal(mode_of(fresh2), 0640);
	umask(022);

	/* an existing file keeps its mode */
	file_write(old, "old", strlen("old"));
	assert_int_equal(chmod(old, 0604), 0);
	OK(iedu_xml_export_file(db, old));
	assert_int_equal(mode_of(old), 0604);
	file_assert_holds(old, HEAD TAIL, strlen(HEAD TAIL));
	umask(saved);

	free(fresh);
	free(fresh2);
	free(old);
	file_rm_tree(dir);
	iedu_db_free(db);
}

static void missing_directory(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *dir = file_tmpdir("writer"),
	     *path = file_join(dir, "missing/out.xml"), message[512];

	(void)state;
	assert_int_equal(iedu_xml_export_file(db, path), IEDU_EIO);
	snprintf(message, sizeof message,
		 "cannot create a temporary file beside '%s': No such file or "
		 "directory",
		 path);
	assert_last_error(IEDU_EIO, message);
	assert_dir_lists(dir, "");
	free(path);
	file_rm_tree(dir);
	iedu_db_free(db);
}

static void directory_is_a_file(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *dir = file_tmpdir("writer"), *file = file_join(dir, "file"),
	     *path = file_join(dir, "file/out.xml"), message[512];

	(void)state;
	file_write(file, "old", strlen("old"));
	assert_int_equal(iedu_xml_export_file(db, path), IEDU_EIO);
	snprintf(message, sizeof message,
		 "cannot create a temporary file beside '%s': Not a directory",
		 path);
	assert_last_error(IEDU_EIO, message);
	assert_dir_lists(dir, "file");
	file_assert_holds(file, "old", strlen("old"));
	free(file);
	free(path);
	file_rm_tree(dir);
	iedu_db_free(db);
}

static void read_only_directory(void **state)
{
	iedu_db *db;
	char *dir, *path, message[512];

	(void)state;
	if (geteuid() == 0)
		skip(); /* root writes into a 0555 directory anyway */
	db = make_db(build_nothing);
	dir = file_tmpdir("writer");
	path = file_join(dir, "out.xml");
	file_write(path, "old", strlen("old"));
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(iedu_xml_export_file(db, path), IEDU_EIO);
	snprintf(message, sizeof message,
		 "cannot create a temporary file beside '%s': Permission "
		 "denied",
		 path);
	assert_last_error(IEDU_EIO, message);
	file_assert_holds(path, "old", strlen("old"));
	assert_dir_lists(dir, "out.xml");
	free(path);
	file_rm_tree(dir);
	iedu_db_free(db);
}

/* The rename fails (a directory is in the way): nothing is left behind. */
static void rename_fails(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *dir = file_tmpdir("writer"), *path = file_join(dir, "taken"),
	     *inner = file_join(dir, "taken/keep"), message[512];

	(void)state;
	assert_int_equal(mkdir(path, 0700), 0);
	file_write(inner, "old", strlen("old"));
	assert_int_equal(iedu_xml_export_file(db, path), IEDU_EIO);
	snprintf(message, sizeof message, "cannot replace '%s': Is a directory",
		 path);
	assert_last_error(IEDU_EIO, message);
	assert_dir_lists(dir, "taken");
	file_assert_holds(inner, "old", strlen("old"));
	free(inner);
	free(path);
	file_rm_tree(dir);
	iedu_db_free(db);
}

static void build_many(iedu_batch *b)
{
	char id[32];
	int i;

	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "org-%05d", i);
		rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, id, IEDU_ATTR_TYPE,
		    "university", 0);
		kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体",
		    IEDU_ATTR_LANG, "zh", 0);
		kid(b, IEDU_CHILD_NAME, "A & B <university>", IEDU_ATTR_LANG,
		    "en", 0);
		end(b);
	}
}

/*
 * A write fails half-way (the file size limit of limit bytes: write gives
 * EFBIG): the previous file is intact and the temporary file is gone.
 */
static void assert_file_too_large(const iedu_db *db, rlim_t limit)
{
	char *dir = file_tmpdir("writer"), *path = file_join(dir, "out.xml"),
	     message[512];
	struct rlimit saved, small;
	void (*old_handler)(int);
	int rc;

	file_write(path, "old", strlen("old"));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = limit;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = iedu_xml_export_file(db, path);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old_handler);

	assert_int_equal(rc, IEDU_EIO);
	snprintf(message, sizeof message, "cannot write '%s': File too large",
		 path);
	assert_last_error(IEDU_EIO, message);
	file_assert_holds(path, "old", strlen("old"));
	assert_dir_lists(dir, "out.xml");
	free(path);
	file_rm_tree(dir);
}

static void write_fails_midway(void **state)
{
	iedu_db *db = make_db(build_many);

	(void)state;
	assert_file_too_large(db, 100000);
	iedu_db_free(db);
}

static void stream_to_dev_full(void **state)
{
	iedu_db *small = make_db(build_every_kind), *big = make_db(build_many);
	FILE *fp;

	(void)state;
	/* a small document fails when the stream is flushed */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	assert_int_equal(iedu_xml_export_stream(small, fp), IEDU_EIO);
	assert_last_error(IEDU_EIO, "cannot flush the stream: No space left "
				    "on device");
	fclose(fp);

	/* a big one already when the writer hands over a full buffer */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	assert_int_equal(iedu_xml_export_stream(big, fp), IEDU_EIO);
	assert_last_error(IEDU_EIO, "cannot write to the stream: No space "
				    "left on device");
	fclose(fp);
	iedu_db_free(small);
	iedu_db_free(big);
}

#define BIG_START                                                                          \
	"  <organization id=\"org-00000\" type=\"university\">\n"                          \
	"    <name xml:lang=\"en\">A &amp; B &lt;university&gt;</name>\n"                  \
	"    <name xml:lang=\"zh\">国家有色金属行业产教融合共同体</name>\n" \
	"  </organization>\n"                                                              \
	"  <organization id=\"org-00001\" type=\"university\">\n"

/* The export of db to a file and to a stream is expected (len bytes). */
static void assert_file_and_stream(const iedu_db *db, const char *expected,
				   size_t len)
{
	char *dir = file_tmpdir("writer"), *path = file_join(dir, "out.xml"),
	     *got;
	size_t got_len;
	FILE *fp;

	OK(iedu_xml_export_file(db, path));
	got = file_slurp(path, &got_len);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, expected, len);
	free(got);
	fp = tmpfile();
	assert_non_null(fp);
	OK(iedu_xml_export_stream(db, fp));
	rewind(fp);
	got = malloc(len + 1);
	assert_non_null(got);
	assert_int_equal(fread(got, 1, len + 1, fp), len);
	assert_memory_equal(got, expected, len);
	fclose(fp);
	free(got);
	free(path);
	file_rm_tree(dir);
}

/* Bigger than the writer's buffer: memory, stream and file agree. */
static void big_document(void **state)
{
	iedu_db *db = make_db(build_many);
	char *mem;
	size_t mem_len;

	(void)state;
	OK(iedu_xml_export_memory(&mem, &mem_len, db));
	assert_true(mem_len > 3 * 256 * 1024);
	assert_memory_equal(mem, HEAD BIG_START, strlen(HEAD BIG_START));
	assert_file_and_stream(db, mem, mem_len);
	iedu_free(mem);
	iedu_db_free(db);
}

/* ---- threads ----------------------------------------------------------- */

typedef struct export_job {
	const iedu_db *db;
	char *out;
	size_t len;
	int rc;
} export_job;

static void *export_thread(void *arg)
{
	export_job *job = arg;

	job->rc = iedu_xml_export_memory(&job->out, &job->len, job->db);
	return NULL;
}

/* Four threads export db at once; each gets expected. */
static void assert_concurrent_exports(const iedu_db *db, const char *expected,
				      size_t expected_len)
{
	export_job jobs[4];
	pthread_t threads[4];
	int i;

	for (i = 0; i < 4; i++) {
		jobs[i].db = db;
		assert_int_equal(
		    pthread_create(&threads[i], NULL, export_thread, &jobs[i]),
		    0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		OK(jobs[i].rc);
		assert_int_equal(jobs[i].len, expected_len);
		assert_memory_equal(jobs[i].out, expected, expected_len);
		iedu_free(jobs[i].out);
	}
}

/* Exports only read the database: several threads at once agree. */
static void concurrent_exports(void **state)
{
	iedu_db *db = make_db(build_many);
	char *expected;
	size_t expected_len;

	(void)state;
	OK(iedu_xml_export_memory(&expected, &expected_len, db));
	assert_concurrent_exports(db, expected, expected_len);
	iedu_free(expected);
	iedu_db_free(db);
}

/*
 * Kinds around the second thread's shares of 1,024 records and its sorts
 * of halves (kinds of more than 4,096): organisations in four full shares
 * and a few over, sorted in halves by id (every 29th with a long English
 * name, so that a share outgrows its first buffer); memberships in four
 * shares and part of a fifth, sorted in halves by the ranks of the
 * organisations they name; persons in exactly two shares; posts in
 * exactly one share (written by the calling thread alone).
 */
#define SHARE 1024 /* SHARE_RECORDS; kinds of more than 4 * SHARE are
			  sorted in halves (SORT_SPLIT, src/xml_writer.c) */

static void build_shares(iedu_batch *b)
{
	char id[32], other[32], from[16], name[4200];
	int i;

	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	for (i = 0; i < 4 * SHARE + 5; i++) {
		/* ids out of byte order, so that the kind is sorted */
		snprintf(id, sizeof id, "org-%d", (i * 7919) % (4 * SHARE + 5));
		rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, id, IEDU_ATTR_TYPE,
		    i % 2 ? "university" : "enterprise", 0);
		kid(b, IEDU_CHILD_NAME, "国家有色金属行业产教融合共同体",
		    IEDU_ATTR_LANG, "zh", 0);
		kid(b, IEDU_CHILD_NAME, i % 29 ? "A & B <university>" : name,
		    IEDU_ATTR_LANG, "en", 0);
		end(b);
	}
	for (i = 0; i < 2 * SHARE; i++) {
		snprintf(id, sizeof id, "p-%d", 2 * SHARE - 1 - i);
		rec(b, IEDU_KIND_PERSON, IEDU_ATTR_ID, id, 0);
		kid(b, IEDU_CHILD_NAME, "张三", IEDU_ATTR_LANG, "zh", 0);
		end(b);
	}
	for (i = 0; i < 4 * SHARE + 100; i++) {
		snprintf(id, sizeof id, "org-%d", i % 17);
		snprintf(other, sizeof other, "org-%d", 100 + (i * 31) % 2900);
		snprintf(from, sizeof from, "%d", 2000 + i % 25);
		member(b, NULL, id, other, i % 5 ? "member" : "chair", from);
	}
	for (i = 0; i < SHARE; i++) {
		snprintf(id, sizeof id, "org-%d", i % 13);
		snprintf(other, sizeof other, "p-%d", i);
		post(b, id, other, NULL, "校长");
	}
}

static void set_export_threads(iedu_db *db, unsigned n)
{
	OK(iedu_db_set_export_threads(db, n));
}

/* One thread and two give the same bytes, to every sink. */
static void two_threads_same_bytes(void **state)
{
	iedu_db *db = make_db(build_shares), *again;
	char *one, *two;
	const char *p;
	size_t one_len, two_len;

	(void)state;
	set_export_threads(db, 1);
	OK(iedu_xml_export_memory(&one, &one_len, db));
	set_export_threads(db, 2);
	OK(iedu_xml_export_memory(&two, &two_len, db));
	assert_int_equal(two_len, one_len);
	assert_memory_equal(two, one, one_len);
	iedu_free(two);
	assert_true(one_len > 4 * 256 * 1024);
	/* the first and last organisations in byte order of their ids */
	p = strstr(one, "<organization ");
	assert_non_null(p);
	assert_memory_equal(p, "<organization id=\"org-0\" ",
			    strlen("<organization id=\"org-0\" "));
	p = strstr(one, "<organization id=\"org-999\" ");
	assert_non_null(p);
	assert_null(strstr(p + 1, "<organization "));
	assert_file_and_stream(db, one, one_len);
	/* more than two counts as two */
	set_export_threads(db, 64);
	OK(iedu_xml_export_memory(&two, &two_len, db));
	assert_int_equal(two_len, one_len);
	assert_memory_equal(two, one, one_len);
	iedu_free(two);
	/* records already in canonical order: halves sorted, not merged */
	OK(iedu_db_new(&again));
	OK(iedu_xml_import_memory(again, one, one_len, "canonical"));
	set_export_threads(again, 2);
	OK(iedu_xml_export_memory(&two, &two_len, again));
	assert_int_equal(two_len, one_len);
	assert_memory_equal(two, one, one_len);
	iedu_db_free(again);
	iedu_free(one);
	iedu_free(two);
	iedu_db_free(db);
}

/* Organisations whose shares are more than the second thread may hold. */
static void build_big_shares(iedu_batch *b)
{
	char id[32], name[4200];
	int i;

	memset(name, 'y', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	for (i = 0; i < 2 * SHARE + 50; i++) {
		snprintf(id, sizeof id, "big-%d", (i * 7919) % (2 * SHARE + 50));
		rec(b, IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID, id, IEDU_ATTR_TYPE,
		    "enterprise", 0);
		kid(b, IEDU_CHILD_NAME, name, IEDU_ATTR_LANG, "en", 0);
		end(b);
	}
}

/*
 * A share of 1,024 such records (4.3 MB) is more than a buffer of the
 * second thread holds (4 MiB): the calling thread writes it itself.
 */
static void two_threads_big_shares(void **state)
{
	iedu_db *db = make_db(build_big_shares);
	char *one, *two;
	size_t one_len, two_len;

	(void)state;
	OK(iedu_xml_export_memory(&one, &one_len, db));
	assert_true(one_len > (size_t)2 * SHARE * 4200);
	set_export_threads(db, 2);
	OK(iedu_xml_export_memory(&two, &two_len, db));
	assert_int_equal(two_len, one_len);
	assert_memory_equal(two, one, one_len);
	iedu_free(one);
	iedu_free(two);
	iedu_db_free(db);
}

/* Exports with two threads each, from four threads at once, agree. */
static void two_threads_concurrent(void **state)
{
	iedu_db *db = make_db(build_shares);
	char *expected;
	size_t expected_len;

	(void)state;
	OK(iedu_xml_export_memory(&expected, &expected_len, db));
	set_export_threads(db, 2);
	assert_concurrent_exports(db, expected, expected_len);
	iedu_free(expected);
	iedu_db_free(db);
}

/* A sink that fails stops both threads with the one-thread error. */
static void two_threads_sink_fails(void **state)
{
	iedu_db *db = make_db(build_shares);
	FILE *fp;

	(void)state;
	set_export_threads(db, 2);
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	assert_int_equal(iedu_xml_export_stream(db, fp), IEDU_EIO);
	assert_last_error(IEDU_EIO, "cannot write to the stream: No space "
				    "left on device");
	fclose(fp);
	assert_file_too_large(db, 600000); /* past the first shares */
	iedu_db_free(db);
}

static void export_threads_arguments(void **state)
{
	iedu_db *db = make_db(build_nothing);

	(void)state;
	assert_int_equal(iedu_db_set_export_threads(NULL, 2), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_set_export_threads: db is NULL; expected a "
			  "database and 1 or 2 threads");
	assert_int_equal(iedu_db_set_export_threads(db, 0), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "iedu_db_set_export_threads: nthreads is 0; expected "
			  "a database and 1 or 2 threads");
	OK(iedu_db_set_export_threads(db, 2));
	assert_export(db, HEAD TAIL);
	iedu_db_free(db);
}

/* ---- allocation failures ----------------------------------------------- */

typedef struct alloc_state {
	long countdown; /* allocations left before one fails; <0: none fails */
	int once;	/* only that one fails, not every one after it */
	int others;	/* every allocation of threads but main fails */
	pthread_t main;
} alloc_state;

/*
 * Whether this allocation is to fail. Atomic, for the export's second
 * thread allocates too: when the countdown reaches 0, that allocation
 * fails and, unless once, every one after it until the test sets it
 * again.
 */
static int t_fails(alloc_state *s)
{
	long c = __atomic_load_n(&s->countdown, __ATOMIC_RELAXED);

	if (s->others && !pthread_equal(pthread_self(), s->main))
		return 1;
	while (c > 0 &&
	       !__atomic_compare_exchange_n(&s->countdown, &c, c - 1, 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (c == 0 && s->once)
		__atomic_store_n(&s->countdown, -1, __ATOMIC_RELAXED);
	return c == 0;
}

static void *t_malloc(size_t n, void *user)
{
	return t_fails(user) ? NULL : malloc(n);
}

static void *t_realloc(void *p, size_t n, void *user)
{
	return t_fails(user) ? NULL : realloc(p, n);
}

static void t_free(void *p, void *user)
{
	(void)user;
	free(p);
}

static void allocation_failures(void **state)
{
	alloc_state s = {-1, 0, 0, pthread_self()};
	iedu_db *db;
	char *out, *expected, *dir = file_tmpdir("writer"),
			      *path = file_join(dir, "out.xml");
	size_t len, expected_len;
	long i;
	int rc;

	(void)state;
	OK(iedu_allocator_set(t_malloc, t_realloc, t_free, &s));
	db = make_db(build_many);
	OK(iedu_xml_export_memory(&expected, &expected_len, db));
	for (i = 0;; i++) {
		s.countdown = i;
		rc = iedu_xml_export_memory(&out, &len, db);
		s.countdown = -1;
		if (rc == IEDU_OK)
			break;
		assert_int_equal(rc, IEDU_ENOMEM);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	assert_true(i > 2); /* the sort array, the buffer, its growth */
	assert_int_equal(len, expected_len);
	assert_memory_equal(out, expected, len);
	iedu_free(out);

	file_write(path, "old", strlen("old"));
	for (i = 0;; i++) {
		s.countdown = i;
		rc = iedu_xml_export_file(db, path);
		s.countdown = -1;
		if (rc == IEDU_OK)
			break;
		assert_int_equal(rc, IEDU_ENOMEM);
		file_assert_holds(path, "old", strlen("old"));
		assert_dir_lists(dir, "out.xml");
	}
	file_assert_holds(path, expected, strlen(expected));

	iedu_free(expected);
	iedu_db_free(db);
	free(path);
	file_rm_tree(dir);
}

/*
 * The same with two threads, over a database whose shares outgrow the
 * second thread's first buffer. Every failure is IEDU_ENOMEM with nothing
 * returned; when the second thread's own allocations fail, the calling
 * thread writes its shares; when the second thread cannot be had (its
 * state not allocated), the export runs in one thread.
 */
static void allocation_failures_two_threads(void **state)
{
	alloc_state s = {-1, 0, 0, pthread_self()};
	iedu_db *db;
	char *out, *expected;
	size_t len, expected_len;
	long i;
	int rc, rc2;
	FILE *fp;

	(void)state;
	OK(iedu_allocator_set(t_malloc, t_realloc, t_free, &s));
	db = make_db(build_shares);
	OK(iedu_xml_export_memory(&expected, &expected_len, db));
	set_export_threads(db, 2);
	for (i = 0;; i++) {
		__atomic_store_n(&s.countdown, i, __ATOMIC_RELAXED);
		rc = iedu_xml_export_memory(&out, &len, db);
		__atomic_store_n(&s.countdown, -1, __ATOMIC_RELAXED);
		if (rc == IEDU_OK)
			break;
		assert_int_equal(rc, IEDU_ENOMEM);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	assert_true(i > 4); /* the sort array, the second thread, buffers */
	assert_int_equal(len, expected_len);
	assert_memory_equal(out, expected, len);
	iedu_free(out);

	/*
	 * The second thread's buffers cannot grow: the calling thread
	 * writes the shares it gives up, to memory and to a stream.
	 */
	s.others = 1;
	rc = iedu_xml_export_memory(&out, &len, db);
	fp = tmpfile();
	assert_non_null(fp);
	rc2 = iedu_xml_export_stream(db, fp);
	s.others = 0;
	OK(rc);
	assert_int_equal(len, expected_len);
	assert_memory_equal(out, expected, len);
	iedu_free(out);
	OK(rc2);
	rewind(fp);
	out = malloc(expected_len + 1);
	assert_non_null(out);
	assert_int_equal(fread(out, 1, expected_len + 1, fp), expected_len);
	assert_memory_equal(out, expected, expected_len);
	free(out);
	fclose(fp);

	/*
	 * The second thread's state, then each of its two buffers, is not
	 * there (allocations 3 to 5, after the sink's buffer and the sort
	 * array): the export runs in one thread, to the same bytes.
	 */
	for (i = 2; i <= 4; i++) {
		s.once = 1;
		__atomic_store_n(&s.countdown, i, __ATOMIC_RELAXED);
		rc = iedu_xml_export_memory(&out, &len, db);
		/* one did fail */
		assert_int_equal(
		    __atomic_load_n(&s.countdown, __ATOMIC_RELAXED), -1);
		s.once = 0;
		OK(rc);
		assert_int_equal(len, expected_len);
		assert_memory_equal(out, expected, len);
		iedu_free(out);
	}
	iedu_free(expected);
	iedu_db_free(db);
}

/* Restores the default allocator even when the test failed half-way. */
static int default_allocator(void **state)
{
	(void)state;
	return iedu_allocator_set(NULL, NULL, NULL, NULL);
}

/* ---- arguments --------------------------------------------------------- */

static void null_arguments(void **state)
{
	iedu_db *db = make_db(build_nothing);
	char *out = (char *)"untouched";
	size_t len = 7;

	(void)state;
	assert_int_equal(iedu_xml_export_memory(NULL, &len, db), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_memory: out is NULL");
	assert_int_equal(len, 0);
	assert_int_equal(iedu_xml_export_memory(&out, NULL, db), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_memory: len is NULL");
	assert_null(out);
	assert_int_equal(iedu_xml_export_memory(&out, &len, NULL), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_memory: db is NULL");

	assert_int_equal(iedu_xml_export_stream(NULL, stdout), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_stream: db is NULL");
	assert_int_equal(iedu_xml_export_stream(db, NULL), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_stream: fp is NULL");

	assert_int_equal(iedu_xml_export_file(NULL, "x.xml"), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_file: db is NULL");
	assert_int_equal(iedu_xml_export_file(db, NULL), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_xml_export_file: path is NULL");
	iedu_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_kind),
	    cmocka_unit_test(empty_database),
	    cmocka_unit_test(escaping),
	    cmocka_unit_test(escaping_at_word_edges),
	    cmocka_unit_test(ids_in_byte_order),
	    cmocka_unit_test(keys_past_the_prefix),
	    cmocka_unit_test(memberships_by_body_member_from),
	    cmocka_unit_test(posts_and_relations),
	    cmocka_unit_test(designations_by_programme_batch_org),
	    cmocka_unit_test(defaults_omitted),
	    cmocka_unit_test(sinks_agree),
	    cmocka_unit_test(file_in_current_directory),
	    cmocka_unit_test(file_modes),
	    cmocka_unit_test(missing_directory),
	    cmocka_unit_test(directory_is_a_file),
	    cmocka_unit_test(read_only_directory),
	    cmocka_unit_test(rename_fails),
	    cmocka_unit_test(write_fails_midway),
	    cmocka_unit_test(stream_to_dev_full),
	    cmocka_unit_test(big_document),
	    cmocka_unit_test(concurrent_exports),
	    cmocka_unit_test(two_threads_same_bytes),
	    cmocka_unit_test(two_threads_big_shares),
	    cmocka_unit_test(two_threads_concurrent),
	    cmocka_unit_test(two_threads_sink_fails),
	    cmocka_unit_test(export_threads_arguments),
	    cmocka_unit_test_teardown(allocation_failures, default_allocator),
	    cmocka_unit_test_teardown(allocation_failures_two_threads,
				      default_allocator),
	    cmocka_unit_test(null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
