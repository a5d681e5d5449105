/*
 * Tests of finding records by name, through the public API: real names
 * from the source reports (the nonferrous-metals community's founding
 * conference at Southwest Aluminium, the Laiwu steel conference, the
 * Shanghai promotion meeting at Tongji University) found by Han, English
 * and pinyin queries; folding of case, width, accents and normalisation
 * forms; personal names with polyphonic surnames; astral-plane and mixed
 * Han/Latin names; the exact ranking; kind filters and limits; the index
 * extended after a second commit; finds from four threads at once; and
 * every failure with its exact message.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <iedu.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- building records ---- */

static void ok(int rc, const char *what)
{
	if (rc != IEDU_OK)
		fail_msg("%s: %s", what, iedu_error_message(iedu_error_last()));
}

static void set(iedu_batch *b, const char *attr, const char *value)
{
	ok(iedu_batch_set(b, iedu_attr_from_name(attr), value, IEDU_NUL), attr);
}

static void text(iedu_batch *b, iedu_child c, const char *lang,
		 const char *kind, const char *s)
{
	ok(iedu_batch_child(b, c), "child");
	set(b, "xml:lang", lang);
	if (kind)
		set(b, "kind", kind);
	ok(iedu_batch_text(b, s, IEDU_NUL), "text");
	ok(iedu_batch_end(b), "ending a child");
}

/* An organisation: id, zh name, en name (or NULL), then aliases as
 * (lang, kind, text) triples, NULL-terminated. */
static void org(iedu_batch *b, const char *id, const char *zh, const char *en,
		...)
{
	const char *lang;
	va_list ap;

	ok(iedu_batch_record(b, IEDU_KIND_ORGANIZATION), "record");
	set(b, "id", id);
	set(b, "type", "enterprise");
	text(b, IEDU_CHILD_NAME, "zh", NULL, zh);
	if (en)
		text(b, IEDU_CHILD_NAME, "en", NULL, en);
	va_start(ap, en);
	while ((lang = va_arg(ap, const char *)) != NULL) {
		const char *kind = va_arg(ap, const char *);
		text(b, IEDU_CHILD_ALIAS, lang, kind, va_arg(ap, const char *));
	}
	va_end(ap);
	ok(iedu_batch_end(b), "ending a record");
}

static void person(iedu_batch *b, const char *id, const char *zh,
		   const char *en)
{
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", id);
	text(b, IEDU_CHILD_NAME, "zh", NULL, zh);
	if (en)
		text(b, IEDU_CHILD_NAME, "en", NULL, en);
	ok(iedu_batch_end(b), "ending a record");
}

static void commit(iedu_batch *b)
{
	ok(iedu_batch_commit(b), "commit");
	iedu_batch_free(b);
}

/* The organisations and people of the reports, and a few more people
 * whose surnames read differently as surnames. */
static void add_reports(iedu_db *db)
{
	iedu_batch *b;

	ok(iedu_batch_new(&b, db), "batch");
	org(b, "chinalco", "中国铝业集团有限公司",
	    "Aluminum Corporation of China", "zh", "short", "中铝集团", "zh",
	    "short", "中铝", "en", "acronym", "Chinalco", NULL);
	org(b, "chalco", "中国铝业股份有限公司",
	    "Aluminum Corporation of China "
	    "Limited",
	    "zh", "short", "中铝股份", NULL);
	org(b, "chinalco-hi", "中铝高端制造股份有限公司", NULL, "zh", "short",
	    "中铝高端", NULL);
	org(b, "zzri", "中铝郑州有色金属研究院有限公司", NULL, "zh", "short",
	    "郑州研究院", NULL);
	org(b, "swa", "西南铝业（集团）有限责任公司",
	    "Southwest Aluminum (Group) Co., Ltd.", "zh", "short", "西南铝",
	    "en", "acronym", "SWA", NULL);
	org(b, "csu", "中南大学", "Central South University", NULL);
	org(b, "cqu", "重庆大学", "Chongqing University", NULL);
	org(b, "tongji", "同济大学", "Tongji University", NULL);
	org(b, "lzre", "兰州资源环境职业技术大学",
	    "Lanzhou Resources and Environment Voc-Tech University", NULL);
	org(b, "sjtu", "上海交通大学", "Shanghai Jiao Tong University", NULL);
	org(b, "ustb", "北京科技大学",
	    "University of Science and Technology Beijing", NULL);
	org(b, "china-copper", "中国铜业有限公司", NULL, "zh", "short",
	    "中国铜业", NULL);
	org(b, "shagang", "江苏沙钢集团有限公司",
	    "Jiangsu Shagang Group Co., Ltd.", NULL);
	org(b, "laiwu", "莱芜职业技术学院",
	    "Laiwu Vocational and Technical College", NULL);
	org(b, "comac", "中国商用飞机有限责任公司",
	    "Commercial Aircraft Corporation of China, Ltd.", "en", "acronym",
	    "COMAC", NULL);
	org(b, "moe", "教育部", "Ministry of Education", NULL);
	org(b, "swa-lab", "中铝-SWA联合实验室", NULL, NULL);
	org(b, "yoshinoya", "𠮷野家", NULL, NULL);
	person(b, "wu-yan", "吴岩", "Wu Yan");
	person(b, "wang-shilei", "王石磊", "Wang Shilei");
	person(b, "shan-tianfang", "单田芳", NULL);
	person(b, "zeng-guofan", "曾国藩", NULL);
	person(b, "xie-jin", "解缙", NULL);
	person(b, "qiu-ying", "仇英", NULL);
	commit(b);
}

static iedu_db *reports_db(void)
{
	iedu_db *db;

	ok(iedu_db_new(&db), "iedu_db_new");
	add_reports(db);
	return db;
}

/* ---- expectations ---- */

/* One expected result: record id, matched text, how, via pinyin. */
typedef struct want {
	const char *id, *text;
	iedu_match_how how;
	int pinyin;
} want;

/* The results as text, one per line, into buf (at least 256 bytes). */
static const char *describe(char *buf, size_t size, const iedu_db *db,
			    const iedu_matches *m)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < iedu_matches_count(m) && n < size - 200; i++)
		n += (size_t)snprintf(
		    buf + n, size - n, "\n  %s '%s' %s%s",
		    iedu_record_id(db, iedu_matches_record(m, i)),
		    iedu_matches_text(m, i),
		    iedu_match_how_name(iedu_matches_how(m, i)),
		    iedu_matches_via_pinyin(m, i) ? "+pinyin" : "");
	return buf;
}

static void expect(const iedu_db *db, const char *query, iedu_kind kind,
		   size_t limit, const want *w, size_t n)
{
	iedu_matches *m = NULL;
	char buf[4096];
	size_t i;

	ok(iedu_db_find(&m, db, query, kind, limit), query);
	if (iedu_matches_count(m) != n)
		fail_msg("'%s': %zu results, expected %zu:%s", query,
			 iedu_matches_count(m), n,
			 describe(buf, sizeof buf, db, m));
	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_matches_record(m, i);
		if (strcmp(iedu_record_id(db, h), w[i].id) != 0 ||
		    strcmp(iedu_matches_text(m, i), w[i].text) != 0 ||
		    iedu_matches_how(m, i) != w[i].how ||
		    iedu_matches_via_pinyin(m, i) != w[i].pinyin)
			fail_msg("'%s': result %zu differs; got:%s", query, i,
				 describe(buf, sizeof buf, db, m));
	}
	assert_int_equal(iedu_matches_record(m, n), IEDU_NONE);
	assert_null(iedu_matches_text(m, n));
	assert_int_equal(iedu_matches_how(m, n), IEDU_MATCH_NONE);
	iedu_matches_free(m);
}

#define EXPECT(db, q, kind, limit, ...)                                        \
	do {                                                                   \
		const want w_[] = {__VA_ARGS__};                               \
		expect(db, q, kind, limit, w_, COUNT(w_));                     \
	} while (0)

static void expect_none(const iedu_db *db, const char *query, iedu_kind kind)
{
	expect(db, query, kind, 0, NULL, 0);
}

#define EX  IEDU_MATCH_EXACT
#define PRE IEDU_MATCH_PREFIX
#define SUB IEDU_MATCH_SUBSTRING

/* ---- cross-script queries ---- */

static void test_pinyin_queries(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	/* with or without spaces; the whole pinyin is an exact match */
	EXPECT(db, "zhongnan daxue", 0, 0, {"csu", "中南大学", EX, 1});
	EXPECT(db, "zhongnandaxue", 0, 0, {"csu", "中南大学", EX, 1});
	EXPECT(db, "xinan lv", 0, 0, {"swa", "西南铝", EX, 1});
	/* 重 alone is zhòng, but Han-Latin reads 重庆 as chóng qìng, and
	 * the index romanises such names whole */
	EXPECT(db, "chongqing daxue", 0, 0, {"cqu", "重庆大学", EX, 1});
	expect_none(db, "zhongqing daxue", 0);
	/* a substring of pinyin begins at a syllable */
	EXPECT(db, "nan", 0, 0, {"swa", "西南铝业（集团）有限责任公司", SUB, 1},
	       {"csu", "中南大学", SUB, 1});
	expect_none(db, "ongn", 0);
	iedu_db_free(db);
}

/* "zhonglv", "zhong lü", "Zhōnglǚ" (NFC and NFD) and "ZHONG LV" agree. */
static void test_pinyin_spellings(void **state)
{
	static const char *const spellings[] = {
	    "zhonglv",	"zhong lü",
	    "Zhōnglǚ",	"Zho\xcc\x84nglu\xcc\x88\xcc\x8c",
	    "ZHONG LV", "zhong-lü"};
	iedu_db *db = reports_db();
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(spellings); i++)
		EXPECT(db, spellings[i], 0, 0, {"chinalco", "中铝", EX, 1},
		       {"swa-lab", "中铝-SWA联合实验室", PRE, 1},
		       {"chinalco-hi", "中铝高端制造股份有限公司", PRE, 1},
		       {"zzri", "中铝郑州有色金属研究院有限公司", PRE, 1},
		       {"chalco", "中铝股份", PRE, 1});
	iedu_db_free(db);
}

static void test_english_queries(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	EXPECT(db, "aluminum corporation", 0, 0,
	       {"chinalco", "Aluminum Corporation of China", PRE, 0},
	       {"chalco", "Aluminum Corporation of China Limited", PRE, 0});
	/* the English name, not the pinyin of 同济大学 (direct first) */
	EXPECT(db, "TONGJI", 0, 0, {"tongji", "Tongji University", PRE, 0});
	EXPECT(db, "of china", 0, 0,
	       {"chinalco", "Aluminum Corporation of China", SUB, 0},
	       {"chalco", "Aluminum Corporation of China Limited", SUB, 0},
	       {"comac", "Commercial Aircraft Corporation of China, Ltd.", SUB,
		0});
	/* accents and case are ignored on both sides */
	EXPECT(db, "ÇÖMÁC", 0, 0, {"comac", "COMAC", EX, 0});
	iedu_db_free(db);
}

static void test_han_queries(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	EXPECT(db, "中南", 0, 0, {"csu", "中南大学", PRE, 0});
	/* in "zh" collation order: běi, chóng, lán, shàng, tóng, zhōng */
	EXPECT(db, "大学", 0, 0, {"ustb", "北京科技大学", SUB, 0},
	       {"cqu", "重庆大学", SUB, 0},
	       {"lzre", "兰州资源环境职业技术大学", SUB, 0},
	       {"sjtu", "上海交通大学", SUB, 0}, {"tongji", "同济大学", SUB, 0},
	       {"csu", "中南大学", SUB, 0});
	/* lái before lán */
	EXPECT(db, "职业技术", 0, 0, {"laiwu", "莱芜职业技术学院", SUB, 0},
	       {"lzre", "兰州资源环境职业技术大学", SUB, 0});
	iedu_db_free(db);
}

/* Full-width Latin is its ASCII; NFD text is its NFC. */
static void test_folding(void **state)
{
	iedu_db *db = reports_db();
	iedu_batch *b;

	(void)state;
	EXPECT(db, "ＳＷＡ", 0, 0, {"swa", "SWA", EX, 0},
	       {"swa-lab", "中铝-SWA联合实验室", SUB, 0});
	EXPECT(db, "swa", 0, 0, {"swa", "SWA", EX, 0},
	       {"swa-lab", "中铝-SWA联合实验室", SUB, 0});
	ok(iedu_batch_new(&b, db), "batch");
	/* stored in NFD: the library stores it in NFC */
	org(b, "lujia", "铝加网", "Lu\xcc\x88jia\xcc\x80 Net", NULL);
	commit(b);
	EXPECT(db, "Lüjià Net", 0, 0, {"lujia", "Lüjià Net", EX, 0});
	EXPECT(db, "Lu\xcc\x88jia\xcc\x80", 0, 0,
	       {"lujia", "Lüjià Net", PRE, 0});
	EXPECT(db, "LUJIA NET", 0, 0, {"lujia", "Lüjià Net", EX, 0});
	/* the pinyin of 铝加网 is lǚ jiā wǎng: "lv", not "lu" */
	EXPECT(db, "lvjiawang", 0, 0, {"lujia", "铝加网", EX, 1});
	iedu_db_free(db);
}

/* Surnames read as surnames: Han-Latin/Names for personal names only. */
static void test_personal_names(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	EXPECT(db, "shan tianfang", 0, 0, {"shan-tianfang", "单田芳", EX, 1});
	EXPECT(db, "zeng guofan", 0, 0, {"zeng-guofan", "曾国藩", EX, 1});
	EXPECT(db, "xie jin", 0, 0, {"xie-jin", "解缙", EX, 1});
	EXPECT(db, "qiu ying", 0, 0, {"qiu-ying", "仇英", EX, 1});
	expect_none(db, "dan tianfang", 0);
	expect_none(db, "ceng guofan", 0);
	EXPECT(db, "wu yan", 0, 0, {"wu-yan", "Wu Yan", EX, 0});
	EXPECT(db, "wang shilei", 0, 0, {"wang-shilei", "Wang Shilei", EX, 0});
	iedu_db_free(db);
}

static void test_astral_and_mixed(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	/* U+20BB7 (a variant of 吉) has no Han-Latin reading */
	EXPECT(db, "𠮷", 0, 0, {"yoshinoya", "𠮷野家", PRE, 0});
	EXPECT(db, "野家", 0, 0, {"yoshinoya", "𠮷野家", SUB, 0});
	EXPECT(db, "𠮷野家", 0, 0, {"yoshinoya", "𠮷野家", EX, 0});
	/* Latin inside a Han name stays a word of its pinyin */
	EXPECT(db, "zhonglv swa", 0, 0,
	       {"swa-lab", "中铝-SWA联合实验室", PRE, 1});
	EXPECT(db, "swa lianhe", 0, 0,
	       {"swa-lab", "中铝-SWA联合实验室", SUB, 1});
	EXPECT(db, "SWA联合", 0, 0, {"swa-lab", "中铝-SWA联合实验室", SUB, 0});
	iedu_db_free(db);
}

/* ---- ranking, filters, limits ---- */

/* Exact, then prefix, then substring; names before aliases. */
static void test_ranking(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	EXPECT(db, "中铝", 0, 0, {"chinalco", "中铝", EX, 0},
	       {"swa-lab", "中铝-SWA联合实验室", PRE, 0},
	       {"chinalco-hi", "中铝高端制造股份有限公司", PRE, 0},
	       {"zzri", "中铝郑州有色金属研究院有限公司", PRE, 0},
	       {"chalco", "中铝股份", PRE, 0});
	/* a name's substring match comes before an alias's */
	EXPECT(db, "郑州", 0, 0, {"zzri", "郑州研究院", PRE, 0});
	EXPECT(db, "铜业", 0, 0, {"china-copper", "中国铜业有限公司", SUB, 0});
	/* xī before zhōng; then gǔ before jí */
	EXPECT(db, "铝业", 0, 0,
	       {"swa", "西南铝业（集团）有限责任公司", SUB, 0},
	       {"chalco", "中国铝业股份有限公司", SUB, 0},
	       {"chinalco", "中国铝业集团有限公司", SUB, 0});
	/* Han sorts before Latin in "zh" collation; English names in
	 * alphabetical order */
	EXPECT(db, "univ", 0, 0,
	       {"ustb", "University of Science and Technology Beijing", PRE, 0},
	       {"csu", "Central South University", SUB, 0},
	       {"cqu", "Chongqing University", SUB, 0},
	       {"lzre", "Lanzhou Resources and Environment Voc-Tech University",
		SUB, 0},
	       {"sjtu", "Shanghai Jiao Tong University", SUB, 0},
	       {"tongji", "Tongji University", SUB, 0});
	iedu_db_free(db);
}

static void test_kind_and_limit(void **state)
{
	iedu_db *db = reports_db();

	(void)state;
	EXPECT(db, "wu yan", IEDU_KIND_PERSON, 0, {"wu-yan", "Wu Yan", EX, 0});
	expect_none(db, "wu yan", IEDU_KIND_ORGANIZATION);
	expect_none(db, "大学", IEDU_KIND_PERSON);
	EXPECT(db, "大学", IEDU_KIND_ORGANIZATION, 2,
	       {"ustb", "北京科技大学", SUB, 0}, {"cqu", "重庆大学", SUB, 0});
	EXPECT(db, "中铝", 0, 1, {"chinalco", "中铝", EX, 0});
	EXPECT(db, "中铝", 0, 2, {"chinalco", "中铝", EX, 0},
	       {"swa-lab", "中铝-SWA联合实验室", PRE, 0});
	iedu_db_free(db);
}

/* Records committed after the first find are found, in rank order. */
static void test_extended(void **state)
{
	iedu_db *db = reports_db();
	iedu_batch *b;

	(void)state;
	EXPECT(db, "中南", 0, 0, {"csu", "中南大学", PRE, 0});
	ok(iedu_batch_new(&b, db), "batch");
	org(b, "tsinghua", "清华大学", "Tsinghua University", NULL);
	org(b, "csu-xiangya", "中南大学湘雅医院", NULL, NULL);
	commit(b);
	EXPECT(db, "中南", 0, 0, {"csu", "中南大学", PRE, 0},
	       {"csu-xiangya", "中南大学湘雅医院", PRE, 0});
	EXPECT(db, "大学", IEDU_KIND_ORGANIZATION, 0,
	       {"ustb", "北京科技大学", SUB, 0}, {"cqu", "重庆大学", SUB, 0},
	       {"lzre", "兰州资源环境职业技术大学", SUB, 0},
	       {"tsinghua", "清华大学", SUB, 0},
	       {"sjtu", "上海交通大学", SUB, 0}, {"tongji", "同济大学", SUB, 0},
	       {"csu", "中南大学", SUB, 0},
	       {"csu-xiangya", "中南大学湘雅医院", SUB, 0});
	EXPECT(db, "qinghua", 0, 0, {"tsinghua", "清华大学", PRE, 1});
	iedu_db_free(db);
}

/* ---- threads ---- */

static const char *const thread_queries[] = {
    "zhonglv", "大学", "中铝",	 "aluminum",  "a",    "nan",
    "zh",      "swa",  "wu yan", "chongqing", "职业", "of"};

/* A result list as one string, to compare. */
static void results_of(char *buf, size_t size, const iedu_db *db, const char *q)
{
	iedu_matches *m = NULL;

	if (iedu_db_find(&m, db, q, 0, 0) != IEDU_OK) {
		snprintf(buf, size, "error: %s",
			 iedu_error_message(iedu_error_last()));
		return;
	}
	describe(buf, size, db, m);
	iedu_matches_free(m);
}

typedef struct thread_arg {
	const iedu_db *db;
	char (*expected)[4096];
	int failures;
} thread_arg;

static void *finder(void *p)
{
	thread_arg *a = p;
	char got[4096];
	size_t i;
	int round;

	for (round = 0; round < 5; round++)
		for (i = 0; i < COUNT(thread_queries); i++) {
			results_of(got, sizeof got, a->db, thread_queries[i]);
			a->failures += strcmp(got, a->expected[i]) != 0;
		}
	return NULL;
}

static void test_threads(void **state)
{
	static char expected[COUNT(thread_queries)][4096];
	iedu_db *db1 = reports_db(), *db2 = reports_db();
	pthread_t t[4];
	thread_arg a[4];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(thread_queries); i++)
		results_of(expected[i], sizeof expected[i], db1,
			   thread_queries[i]);
	/* db2 has no index yet: the threads race to build it */
	for (i = 0; i < 4; i++) {
		a[i].db = db2;
		a[i].expected = expected;
		a[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, finder, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(a[i].failures, 0);
	}
	iedu_db_free(db1);
	iedu_db_free(db2);
}

/* ---- romanisation ---- */

static void expect_pinyin(const char *text, int personal, const char *want)
{
	char *out = NULL;

	ok(iedu_pinyin(&out, text, personal), text);
	assert_string_equal(out, want);
	iedu_free(out);
}

static void test_pinyin_helper(void **state)
{
	(void)state;
	expect_pinyin("中南大学", 0, "zhōng nán dà xué");
	expect_pinyin("西南铝", 0, "xī nán lǚ");
	expect_pinyin("重庆大学", 0, "chóng qìng dà xué");
	expect_pinyin("重", 0, "zhòng");
	expect_pinyin("单田芳", 1, "shàn tián fāng");
	expect_pinyin("单田芳", 0, "dān tián fāng");
	expect_pinyin("曾国藩", 1, "zēng guó fān");
	expect_pinyin("中铝 SWA", 0, "zhōng lǚ swa");
	expect_pinyin("", 0, "");
}

/* ---- errors ---- */

static void expect_error(int rc, int code, const char *message)
{
	assert_int_equal(rc, code);
	assert_int_equal(iedu_error_code(iedu_error_last()), code);
	assert_string_equal(iedu_error_message(iedu_error_last()), message);
}

static void test_errors(void **state)
{
	iedu_db *db = reports_db();
	iedu_matches *m = (iedu_matches *)1;
	char *s = (char *)1;

	(void)state;
	expect_error(iedu_db_find(&m, db, "", 0, 0), IEDU_EVALUE,
		     "iedu_db_find: the query is empty or only white space: "
		     "expected a name or part of one");
	assert_null(m);
	expect_error(iedu_db_find(&m, db, " \t\xe3\x80\x80", 0, 0), IEDU_EVALUE,
		     "iedu_db_find: the query is empty or only white space: "
		     "expected a name or part of one");
	expect_error(iedu_db_find(&m, db, "ab\xff", 0, 0), IEDU_EVALUE,
		     "invalid UTF-8 byte 0xFF at byte 3; expected UTF-8 text");
	expect_error(iedu_db_find(&m, db, NULL, 0, 0), IEDU_EINVAL,
		     "iedu_db_find: query is NULL");
	expect_error(iedu_db_find(&m, NULL, "a", 0, 0), IEDU_EINVAL,
		     "iedu_db_find: db is NULL");
	expect_error(iedu_db_find(NULL, db, "a", 0, 0), IEDU_EINVAL,
		     "iedu_db_find: out is NULL");
	expect_error(iedu_db_find(&m, db, "a", (iedu_kind)11, 0), IEDU_EINVAL,
		     "iedu_db_find: kind 11 is not a record kind: expected 0 "
		     "(any) or 1 (source) to 10 (statistic)");
	assert_null(m);
	expect_error(iedu_pinyin(&s, NULL, 0), IEDU_EINVAL,
		     "iedu_pinyin: text is NULL");
	assert_null(s);
	expect_error(iedu_pinyin(NULL, "a", 0), IEDU_EINVAL,
		     "iedu_pinyin: out is NULL");
	expect_error(iedu_pinyin(&s, "\xc3", 0), IEDU_EVALUE,
		     "truncated UTF-8 sequence at byte 1; expected UTF-8 text");
	/* the accessors are NULL-safe */
	assert_int_equal(iedu_matches_count(NULL), 0);
	assert_int_equal(iedu_matches_record(NULL, 0), IEDU_NONE);
	assert_null(iedu_matches_text(NULL, 0));
	assert_int_equal(iedu_matches_child(NULL, 0), IEDU_CHILD_NONE);
	assert_int_equal(iedu_matches_via_pinyin(NULL, 0), 0);
	iedu_matches_free(NULL);
	assert_string_equal(iedu_match_how_name(IEDU_MATCH_EXACT), "exact");
	assert_string_equal(iedu_match_how_name(IEDU_MATCH_PREFIX), "prefix");
	assert_string_equal(iedu_match_how_name(IEDU_MATCH_SUBSTRING),
			    "substring");
	assert_null(iedu_match_how_name(IEDU_MATCH_NONE));
	assert_null(iedu_match_how_name((iedu_match_how)4));
	iedu_db_free(db);
}

/* The child a match came from. */
static void test_child(void **state)
{
	iedu_db *db = reports_db();
	iedu_matches *m = NULL;

	(void)state;
	ok(iedu_db_find(&m, db, "chinalco", 0, 0), "find");
	assert_int_equal(iedu_matches_count(m), 1);
	assert_int_equal(iedu_matches_child(m, 0), IEDU_CHILD_ALIAS);
	iedu_matches_free(m);
	ok(iedu_db_find(&m, db, "中南大学", 0, 0), "find");
	assert_int_equal(iedu_matches_child(m, 0), IEDU_CHILD_NAME);
	iedu_matches_free(m);
	/* an empty database finds nothing */
	{
		iedu_db *empty;
		ok(iedu_db_new(&empty), "db");
		ok(iedu_db_find(&m, empty, "a", 0, 0), "find");
		assert_non_null(m);
		assert_int_equal(iedu_matches_count(m), 0);
		iedu_matches_free(m);
		iedu_db_free(empty);
	}
	iedu_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pinyin_queries),
	    cmocka_unit_test(test_pinyin_spellings),
	    cmocka_unit_test(test_english_queries),
	    cmocka_unit_test(test_han_queries),
	    cmocka_unit_test(test_folding),
	    cmocka_unit_test(test_personal_names),
	    cmocka_unit_test(test_astral_and_mixed),
	    cmocka_unit_test(test_ranking),
	    cmocka_unit_test(test_kind_and_limit),
	    cmocka_unit_test(test_extended),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_pinyin_helper),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
