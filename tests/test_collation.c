/*
 * Tests of collation and sorted listings, through the public API: real
 * institution names from the source reports (the nonferrous-metals
 * community's founding conference, the Laiwu steel conference, the
 * Shanghai promotion meeting at Tongji University) in pinyin, stroke and
 * English order; canonical equivalence, strengths, an astral-plane Han
 * character, mixed Han/Latin names; the display-name fallback, ties,
 * filters, the cache, listings from four threads at once, and every
 * failure with its exact message.
 *
 * The expected orders were computed with ucol_strcollUTF8 in a separate
 * program (not with the library's sort keys) and checked by hand: pinyin
 * by syllable and tone, stroke by total strokes and then radical, English
 * letter by letter.
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
#include <stdlib.h>
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

static void child(iedu_batch *b, iedu_child c, const char *lang,
		  const char *text)
{
	ok(iedu_batch_child(b, c), "child");
	if (lang)
		set(b, "xml:lang", lang);
	ok(iedu_batch_text(b, text, IEDU_NUL), "text");
	ok(iedu_batch_end(b), "ending a child");
}

static void name(iedu_batch *b, const char *lang, const char *text)
{
	child(b, IEDU_CHILD_NAME, lang, text);
}

static void org_open(iedu_batch *b, const char *id, const char *type,
		     const char *level)
{
	ok(iedu_batch_record(b, IEDU_KIND_ORGANIZATION), "record");
	set(b, "id", id);
	set(b, "type", type);
	if (level)
		set(b, "level", level);
}

static void end(iedu_batch *b)
{
	ok(iedu_batch_end(b), "ending a record");
}

static void commit(iedu_batch *b)
{
	ok(iedu_batch_commit(b), "commit");
	iedu_batch_free(b);
}

/* The names of the reports, with English names where the reports give
 * them (some with a typographic apostrophe or an en dash, as printed). */
static const struct org {
	const char *id, *zh, *en, *type, *level;
} orgs[] = {
    {"chinalco", "中国铝业集团有限公司", "Aluminum Corporation of China",
     "enterprise", "national"},
    {"csu", "中南大学", NULL, "university", NULL},
    {"lzre", "兰州资源环境职业技术大学", NULL, "vocational-school", NULL},
    {"nftc", "有色金属工业人才中心", NULL, "other", NULL},
    {"nfc", "中色股份", NULL, "enterprise", NULL},
    {"bgrimm", "矿冶集团", NULL, "enterprise", NULL},
    {"nwimr", "西北有色院", NULL, "research-institute", NULL},
    {"chalco", "中铝股份", NULL, "enterprise", NULL},
    {"sdedu", "山东省教育厅", NULL, "government", "provincial"},
    {"zri", "郑州研究院", NULL, "research-institute", NULL},
    {"sjtu", "上海交通大学", NULL, "university", NULL},
    {"cncopper", "中国铜业", NULL, "enterprise", NULL},
    {"chalco-hd", "中铝高端", NULL, "enterprise", NULL},
    {"cqu-mse", "重庆大学材料学院", NULL, "university", NULL},
    {"swa", "西南铝", NULL, "enterprise", NULL},
    {"cqu", "重庆大学", NULL, "university", NULL},
    {"moe", "教育部", "Ministry of Education", "government", "national"},
    {"sasac", "国务院国资委",
     "State-owned Assets Supervision and Administration Commission of the "
     "State Council",
     "government", "national"},
    {"cmmbwu", "中国机械冶金建材工会",
     "Chinese Machinery, Metallurgical and Building Material Workers’ Union",
     "association", "national"},
    {"laiwu-poly", "莱芜职业技术学院", "Laiwu Vocational and Technical College",
     "vocational-school", NULL},
    {"tongji", "同济大学", "Tongji University", "university", NULL},
    {"shagang", "江苏沙钢集团有限公司", "Jiangsu Shagang Group Co., Ltd.",
     "enterprise", NULL},
    {"ustb", "北京科技大学", "Beijing University of Science and Technology",
     "university", NULL},
    {"chongqing", "重庆市", "Chongqing Municipality", "government",
     "provincial"},
    {"jiulongpo", "重庆市九龙坡区", NULL, "government", "county"},
    {"acftu", "全国总工会", NULL, "association", "national"},
    {"lvjia", "铝加网", NULL, "media", NULL},
    {"gocpc", "中共中央办公厅", NULL, "government", "national"},
    {"gosc", "国务院办公厅", NULL, "government", "national"},
    {"nfmc", "国家有色金属行业产教融合共同体",
     "Industry–Education Integration Community of the National Nonferrous "
     "Metals Industry",
     "community", "national"},
    {"smec", "上海市教育委员会", "Shanghai Municipal Education Commission",
     "government", "provincial"},
    {"smdrc", "上海市发展和改革委员会",
     "Shanghai Municipal Development and Reform Commission", "government",
     "provincial"},
    {"comac", "中国商用飞机有限责任公司",
     "Commercial Aircraft Corporation of China, Ltd.", "enterprise", NULL},
    {"usst", "上海理工大学", "Shanghai University of Science and Technology",
     "university", NULL},
    {"sdju", "上海电机学院", "Shanghai Dianji University", "university", NULL},
    {"sppc", "上海出版印刷高等专科学校",
     "Shanghai Publishing and Printing College", "vocational-school", NULL},
    {"saes", "上海市教育科学研究院", "Shanghai Academy of Educational Sciences",
     "research-institute", NULL},
    {"xinhuanet", "新华网", "Xinhuanet", "media", NULL},
    {"workercn", "中工网", "China Industrial Network", "media", NULL},
};

static iedu_db *real_db(void)
{
	iedu_batch *b;
	iedu_db *db;
	size_t i;

	ok(iedu_db_new(&db), "iedu_db_new");
	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	for (i = 0; i < COUNT(orgs); i++) {
		org_open(b, orgs[i].id, orgs[i].type, orgs[i].level);
		name(b, "zh", orgs[i].zh);
		if (orgs[i].en)
			name(b, "en", orgs[i].en);
		end(b);
	}
	commit(b);
	return db;
}

static int setup_real(void **state)
{
	*state = real_db();
	return 0;
}

static int teardown_db(void **state)
{
	iedu_db_free(*state);
	return 0;
}

/* ---- listing ---- */

static iedu_collator *collator(const char *locale, iedu_strength strength)
{
	iedu_collator *c = NULL;

	ok(iedu_collator_new(&c, locale, strength), "iedu_collator_new");
	return c;
}

/* Lists and checks the ids against expected (n of them). */
static void assert_listing(const iedu_db *db, const iedu_list_options *o,
			   const char *const *expected, size_t n)
{
	iedu_handle *h = NULL;
	size_t count = 99, i;

	ok(iedu_db_sorted(&h, &count, db, o), "iedu_db_sorted");
	for (i = 0; i < count && i < n; i++)
		if (strcmp(iedu_record_id(db, h[i]), expected[i]) != 0)
			fail_msg("position %zu: '%s' (%s), expected '%s'", i,
				 iedu_record_id(db, h[i]),
				 iedu_record_display_name(db, h[i], o->lang),
				 expected[i]);
	assert_int_equal(count, n);
	if (n == 0)
		assert_null(h);
	iedu_free(h);
}

static void list_in(const iedu_db *db, const char *locale, const char *lang,
		    const char *const *expected, size_t n)
{
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *c = collator(locale, IEDU_STRENGTH_TERTIARY);

	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = c;
	o.lang = lang;
	assert_listing(db, &o, expected, n);
	iedu_collator_free(c);
}

/*
 * Pinyin. 重庆 sorts under chóng: CLDR's pinyin rules hold 重庆 as a
 * contraction, since 重 alone sorts as zhòng. Within 中: 工 gōng before
 * 共 gòng (tone), then 国 guó, 铝 lǚ, 南 nán, 色 sè.
 */
static const char *const pinyin_order[] = {
    "ustb",	  /* 北京科技大学 bei */
    "cqu",	  /* 重庆大学 chong qing da */
    "cqu-mse",	  /* 重庆大学材料学院 */
    "chongqing",  /* 重庆市 chong qing shi */
    "jiulongpo",  /* 重庆市九龙坡区 */
    "nfmc",	  /* 国家有色金属行业产教融合共同体 guo jia */
    "gosc",	  /* 国务院办公厅 guo wu yuan ban */
    "sasac",	  /* 国务院国资委 guo wu yuan guo */
    "shagang",	  /* 江苏沙钢集团有限公司 jiang */
    "moe",	  /* 教育部 jiao */
    "bgrimm",	  /* 矿冶集团 kuang */
    "laiwu-poly", /* 莱芜职业技术学院 lai */
    "lzre",	  /* 兰州资源环境职业技术大学 lan */
    "lvjia",	  /* 铝加网 lü */
    "acftu",	  /* 全国总工会 quan */
    "sdedu",	  /* 山东省教育厅 shan */
    "sppc",	  /* 上海出版印刷高等专科学校 shang hai chu */
    "sdju",	  /* 上海电机学院 shang hai dian */
    "sjtu",	  /* 上海交通大学 shang hai jiao */
    "usst",	  /* 上海理工大学 shang hai li */
    "smdrc",	  /* 上海市发展和改革委员会 shang hai shi fa */
    "saes",	  /* 上海市教育科学研究院 ... jiao yu ke */
    "smec",	  /* 上海市教育委员会 ... jiao yu wei */
    "tongji",	  /* 同济大学 tong */
    "nwimr",	  /* 西北有色院 xi bei */
    "swa",	  /* 西南铝 xi nan */
    "xinhuanet",  /* 新华网 xin */
    "nftc",	  /* 有色金属工业人才中心 you */
    "zri",	  /* 郑州研究院 zheng */
    "workercn",	  /* 中工网 zhong gong1 */
    "gocpc",	  /* 中共中央办公厅 zhong gong4 */
    "cmmbwu",	  /* 中国机械冶金建材工会 zhong guo ji */
    "chinalco",	  /* 中国铝业集团有限公司 zhong guo lü */
    "comac",	  /* 中国商用飞机有限责任公司 zhong guo shang */
    "cncopper",	  /* 中国铜业 zhong guo tong */
    "chalco-hd",  /* 中铝高端 zhong lü gao */
    "chalco",	  /* 中铝股份 zhong lü gu */
    "csu",	  /* 中南大学 zhong nan */
    "nfc",	  /* 中色股份 zhong se */
};

/*
 * Stroke order, as ICU counts strokes: the Unihan total for the form
 * (艹 counts 4 in the stroke rules, so 莱 has 11 like 教 and 铝), then
 * the radical. 上 3 (一), 山 3 (山), 中 4, 兰 5 (八), 北 5 (匕), 全 6 (入),
 * 同 6 (口), 有 6 (月), 江 6 (水), 西 6 (襾), 国 8 (囗), 矿 8 (石),
 * 郑 8 (邑), 重 9, 教 11 (攴), 莱 11 (艸), 铝 11 (金), 新 13.
 */
static const char *const stroke_order[] = {
    "sppc",	  /* 上海出版印刷高等专科学校: 出 5 (凵) */
    "smdrc",	  /* 上海市发展和改革委员会: 市 5 (巾), 发 5 */
    "smec",	  /* 上海市教育委员会: 委 8 */
    "saes",	  /* 上海市教育科学研究院: 科 9 */
    "sdju",	  /* 上海电机学院: 电 5 (田) */
    "sjtu",	  /* 上海交通大学: 交 6 */
    "usst",	  /* 上海理工大学: 理 11 */
    "sdedu",	  /* 山东省教育厅 */
    "workercn",	  /* 中工网: 工 3 */
    "gocpc",	  /* 中共中央办公厅: 共 6 (八) */
    "nfc",	  /* 中色股份: 色 6 (色) */
    "cmmbwu",	  /* 中国机械冶金建材工会: 国 8, 机 6 */
    "comac",	  /* 中国商用飞机有限责任公司: 商 11 (口) */
    "cncopper",	  /* 中国铜业: 铜 11 (金) */
    "chinalco",	  /* 中国铝业集团有限公司: 铝 11 (金) */
    "csu",	  /* 中南大学: 南 9 */
    "chalco",	  /* 中铝股份: 铝 11, 股 8 */
    "chalco-hd",  /* 中铝高端: 高 10 */
    "lzre",	  /* 兰州资源环境职业技术大学 */
    "ustb",	  /* 北京科技大学 */
    "acftu",	  /* 全国总工会 */
    "tongji",	  /* 同济大学 */
    "nftc",	  /* 有色金属工业人才中心 */
    "shagang",	  /* 江苏沙钢集团有限公司 */
    "nwimr",	  /* 西北有色院: 北 5 */
    "swa",	  /* 西南铝: 南 9 */
    "gosc",	  /* 国务院办公厅: 务 5, 办 4 */
    "sasac",	  /* 国务院国资委: 国 8 */
    "nfmc",	  /* 国家有色金属行业产教融合共同体: 家 10 */
    "bgrimm",	  /* 矿冶集团 */
    "zri",	  /* 郑州研究院 */
    "cqu",	  /* 重庆大学 */
    "cqu-mse",	  /* 重庆大学材料学院 */
    "chongqing",  /* 重庆市: 市 5 after 大 3 */
    "jiulongpo",  /* 重庆市九龙坡区 */
    "moe",	  /* 教育部 */
    "laiwu-poly", /* 莱芜职业技术学院 */
    "lvjia",	  /* 铝加网 */
    "xinhuanet",  /* 新华网 */
};

/*
 * English: the English names in letter order; records with no English
 * name fall back to their Chinese one, and Han sorts after Latin in "en"
 * (the root order: radical, then strokes).
 */
static const char *const english_order[] = {
    "chinalco",	  /* Aluminum Corporation of China */
    "ustb",	  /* Beijing University of Science and Technology */
    "workercn",	  /* China Industrial Network */
    "cmmbwu",	  /* Chinese Machinery, Metallurgical and ... Union */
    "chongqing",  /* Chongqing Municipality */
    "comac",	  /* Commercial Aircraft Corporation of China, Ltd. */
    "nfmc",	  /* Industry–Education Integration Community ... */
    "shagang",	  /* Jiangsu Shagang Group Co., Ltd. */
    "laiwu-poly", /* Laiwu Vocational and Technical College */
    "moe",	  /* Ministry of Education */
    "saes",	  /* Shanghai Academy of Educational Sciences */
    "sdju",	  /* Shanghai Dianji University */
    "smdrc",	  /* Shanghai Municipal Development and Reform ... */
    "smec",	  /* Shanghai Municipal Education Commission */
    "sppc",	  /* Shanghai Publishing and Printing College */
    "usst",	  /* Shanghai University of Science and Technology */
    "sasac",	  /* State-owned Assets Supervision and ... */
    "tongji",	  /* Tongji University */
    "xinhuanet",  /* Xinhuanet */
    "sjtu",	  /* 上海交通大学: 上 (一 +2) */
    "gocpc",	  /* 中共中央办公厅: 中 (丨 +3), 共 */
    "csu",	  /* 中南大学: 南 */
    "cncopper",	  /* 中国铜业: 国 */
    "nfc",	  /* 中色股份: 色 */
    "chalco",	  /* 中铝股份: 铝, 股 */
    "chalco-hd",  /* 中铝高端: 高 */
    "acftu",	  /* 全国总工会: 入 */
    "lzre",	  /* 兰州资源环境职业技术大学: 八 */
    "gosc",	  /* 国务院办公厅: 囗 */
    "sdedu",	  /* 山东省教育厅: 山 */
    "nftc",	  /* 有色金属工业人才中心: 月 */
    "bgrimm",	  /* 矿冶集团: 石 */
    "nwimr",	  /* 西北有色院: 襾 */
    "swa",	  /* 西南铝 */
    "zri",	  /* 郑州研究院: 邑 */
    "cqu",	  /* 重庆大学: 里 */
    "cqu-mse",	  /* 重庆大学材料学院 */
    "jiulongpo",  /* 重庆市九龙坡区 */
    "lvjia",	  /* 铝加网: 金 */
};

static void test_pinyin_order(void **state)
{
	assert_true(COUNT(orgs) >= 30);
	assert_int_equal(COUNT(pinyin_order), COUNT(orgs));
	list_in(*state, "zh", NULL, pinyin_order, COUNT(pinyin_order));
	/* the same rules through a BCP 47 tag, and with the language given */
	list_in(*state, "zh-Hans", "zh", pinyin_order, COUNT(pinyin_order));
}

static void test_stroke_order(void **state)
{
	assert_int_equal(COUNT(stroke_order), COUNT(orgs));
	list_in(*state, "zh@collation=stroke", NULL, stroke_order,
		COUNT(stroke_order));
	list_in(*state, "zh-u-co-stroke", "zh", stroke_order,
		COUNT(stroke_order));
	/* zh-Hant uses the stroke rules */
	list_in(*state, "zh-Hant", "zh", stroke_order, COUNT(stroke_order));
}

static void test_english_order(void **state)
{
	assert_int_equal(COUNT(english_order), COUNT(orgs));
	list_in(*state, "en", NULL, english_order, COUNT(english_order));
	list_in(*state, "en_US", "en", english_order, COUNT(english_order));
}

/*
 * No collator: the root rules; no language: the first name in canonical
 * order, where texts are sorted by language tag ("en" before "zh"). For
 * these records that is the English order.
 */
static void test_default_collator(void **state)
{
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;

	o.kind = IEDU_KIND_ORGANIZATION;
	assert_listing(*state, &o, english_order, COUNT(english_order));
}

/* ---- collators ---- */

static void test_collator_properties(void **state)
{
	iedu_collator *c;
	(void)state;

	c = collator("zh", IEDU_STRENGTH_PRIMARY);
	assert_string_equal(iedu_collator_locale(c), "zh");
	assert_int_equal(iedu_collator_strength(c), IEDU_STRENGTH_PRIMARY);
	assert_non_null(strchr(iedu_collator_version(c), '.'));
	iedu_collator_free(c);

	c = collator("zh@collation=stroke", IEDU_STRENGTH_TERTIARY);
	assert_string_equal(iedu_collator_locale(c), "zh@collation=stroke");
	iedu_collator_free(c);

	c = collator(NULL, IEDU_STRENGTH_TERTIARY);
	assert_string_equal(iedu_collator_locale(c), "root");
	iedu_collator_free(c);
	c = collator("", IEDU_STRENGTH_SECONDARY);
	assert_string_equal(iedu_collator_locale(c), "root");
	assert_int_equal(iedu_collator_strength(c), IEDU_STRENGTH_SECONDARY);
	iedu_collator_free(c);

	/* well-formed but without rules of its own: ICU's fallback */
	c = collator("xx", IEDU_STRENGTH_TERTIARY);
	assert_string_equal(iedu_collator_locale(c), "root");
	iedu_collator_free(c);
	c = collator("en", IEDU_STRENGTH_TERTIARY);
	assert_string_equal(iedu_collator_locale(c), "root");
	iedu_collator_free(c);

	iedu_collator_free(NULL);
	assert_null(iedu_collator_locale(NULL));
	assert_null(iedu_collator_version(NULL));
}

/* NFC and NFD spellings compare equal, at every strength. */
static void test_canonical_equivalence(void **state)
{
	static const iedu_strength s[] = {IEDU_STRENGTH_PRIMARY,
					  IEDU_STRENGTH_SECONDARY,
					  IEDU_STRENGTH_TERTIARY};
	size_t i;
	(void)state;

	for (i = 0; i < COUNT(s); i++) {
		iedu_collator *c = collator("en", s[i]);
		/* é precomposed and as e + U+0301 */
		assert_int_equal(
		    iedu_collator_compare(c, "Caf\xC3\xA9", "Cafe\xCC\x81"), 0);
		/* ǚ precomposed and u + U+0308 + U+030C */
		assert_int_equal(
		    iedu_collator_compare(c, "l\xC7\x9A", "lu\xCC\x88\xCC\x8C"),
		    0);
		/* Hangul syllable 한 and its conjoining jamo */
		assert_int_equal(iedu_collator_compare(c, "\xED\x95\x9C",
						       "\xE1\x84\x92\xE1\x85"
						       "\xA1\xE1\x86\xAB"),
				 0);
		assert_true(iedu_collator_compare(c, "Cafe", "Caf\xC3\xA9") <
				0 ||
			    s[i] == IEDU_STRENGTH_PRIMARY);
		iedu_collator_free(c);
	}
}

static void test_strengths(void **state)
{
	iedu_collator *p = collator("en", IEDU_STRENGTH_PRIMARY);
	iedu_collator *s = collator("en", IEDU_STRENGTH_SECONDARY);
	iedu_collator *t = collator("en", IEDU_STRENGTH_TERTIARY);
	(void)state;

	/* case */
	assert_int_equal(iedu_collator_compare(p, "Tongji", "tongji"), 0);
	assert_int_equal(iedu_collator_compare(s, "Tongji", "tongji"), 0);
	assert_true(iedu_collator_compare(t, "tongji", "Tongji") < 0);
	/* accents */
	assert_int_equal(
	    iedu_collator_compare(p, "Zh\xC5\x8Dngn\xC3\xA1n", "zhongnan"), 0);
	assert_true(
	    iedu_collator_compare(s, "zhongnan", "zh\xC5\x8Dngn\xC3\xA1n") < 0);
	assert_true(
	    iedu_collator_compare(t, "zhongnan", "Zh\xC5\x8Dngn\xC3\xA1n") < 0);
	/* width: ＣＳＵ (fullwidth) is CSU at primary and secondary */
	assert_int_equal(iedu_collator_compare(p,
					       "\xEF\xBC\xA3\xEF\xBC\xB3"
					       "\xEF\xBC\xB5",
					       "csu"),
			 0);
	assert_true(iedu_collator_compare(t, "CSU",
					  "\xEF\xBC\xA3\xEF\xBC\xB3"
					  "\xEF\xBC\xB5") < 0);
	/* base letters always count */
	assert_true(iedu_collator_compare(p, "Tongji", "Tongxi") < 0);
	assert_true(iedu_collator_compare(p, "\xE4\xB8\xAD", "") > 0);
	iedu_collator_free(p);
	iedu_collator_free(s);
	iedu_collator_free(t);
}

/* At primary strength names that differ only in case tie, and go by id. */
static void test_primary_ties_by_id(void **state)
{
	static const char *const primary[] = {"a-tongji", "b-tongji",
					      "c-tongji"};
	static const char *const tertiary[] = {"c-tongji", "a-tongji",
					       "b-tongji"};
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_batch *b;
	iedu_db *db;
	(void)state;

	ok(iedu_db_new(&db), "iedu_db_new");
	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	org_open(b, "b-tongji", "university", NULL);
	name(b, "en", "TONGJI UNIVERSITY");
	end(b);
	org_open(b, "c-tongji", "university", NULL);
	name(b, "en", "tongji university");
	end(b);
	org_open(b, "a-tongji", "university", NULL);
	name(b, "en", "Tongji University");
	end(b);
	commit(b);

	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = collator("en", IEDU_STRENGTH_PRIMARY);
	assert_listing(db, &o, primary, COUNT(primary));
	iedu_collator_free((iedu_collator *)o.collator);
	/* tertiary: lower case first, as ICU orders case by default */
	o.collator = collator("en", IEDU_STRENGTH_TERTIARY);
	assert_listing(db, &o, tertiary, COUNT(tertiary));
	iedu_collator_free((iedu_collator *)o.collator);
	iedu_db_free(db);
}

/* Equal names (the same text) are ordered by id, not by insertion. */
static void test_ties_by_id(void **state)
{
	static const char *const order[] = {"csu", "csu-2", "csu-b", "csu.a"};
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_batch *b;
	iedu_db *db;
	(void)state;

	ok(iedu_db_new(&db), "iedu_db_new");
	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	/* byte order of ids: '-' (0x2D) < '.' (0x2E) */
	org_open(b, "csu.a", "university", NULL);
	name(b, "zh", "中南大学");
	end(b);
	org_open(b, "csu-b", "university", NULL);
	name(b, "zh", "中南大学");
	end(b);
	org_open(b, "csu", "university", NULL);
	name(b, "zh", "中南大学");
	end(b);
	org_open(b, "csu-2", "university", NULL);
	name(b, "zh", "中南大学");
	end(b);
	commit(b);
	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = collator("zh", IEDU_STRENGTH_TERTIARY);
	assert_listing(db, &o, order, COUNT(order));
	iedu_collator_free((iedu_collator *)o.collator);
	iedu_db_free(db);
}

/* Builds organizations named names[i] with ids ids[i]. */
static iedu_db *named_db(const char *const *ids, const char *const *names,
			 size_t n)
{
	iedu_batch *b;
	iedu_db *db;
	size_t i;

	ok(iedu_db_new(&db), "iedu_db_new");
	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	for (i = 0; i < n; i++) {
		org_open(b, ids[i], "other", NULL);
		name(b, "zh", names[i]);
		end(b);
	}
	commit(b);
	return db;
}

/*
 * More ties than the insertion sort takes (eight), with ids that share
 * their first eight bytes and differ after them, end at the eighth byte
 * or within it: the ties are told apart by those bytes first, then by
 * the rest of the ids, as strcmp orders them.
 */
static void test_ties_by_long_id(void **state)
{
	static const char *const ids[] = {
	    "zhongnan-b", "zhongnan",	"zhongnan0",	"zhongnan-a-2",
	    "zhongnam-z", "zhongnao",	"zhong",	"zhongnan.1",
	    "zhongnan-",  "zhongnan-a", "zhongnan-a-10"};
	static const char *const order[] = {
	    "zhong",	  "zhongnam-z",	   "zhongnan",	   "zhongnan-",
	    "zhongnan-a", "zhongnan-a-10", "zhongnan-a-2", "zhongnan-b",
	    "zhongnan.1", "zhongnan0",	   "zhongnao"};
	const char *names[COUNT(ids)];
	iedu_db *db;
	size_t i;
	(void)state;

	for (i = 0; i < COUNT(ids); i++)
		names[i] = "中南大学";
	db = named_db(ids, names, COUNT(ids));
	list_in(db, "zh", NULL, order, COUNT(order));
	list_in(db, "en", NULL, order, COUNT(order));
	iedu_db_free(db);
}

/*
 * 𠀀 (U+20000, outside the BMP, four bytes of UTF-8) has no pinyin or
 * stroke rule of its own and sorts after every Han character that has;
 * in the root order (radical 一, 1 stroke) it comes right after 一.
 */
static void test_astral_han(void **state)
{
	static const char *const ids[] = {"astral", "ustb", "csu", "cqu",
					  "faw"};
	static const char *const names[] = {
	    "\xF0\xA0\x80\x80\xE5\xA4\xA7\xE5\xAD\xA6", /* 𠀀大学 */
	    "北京科技大学", "中南大学", "重庆大学", "一汽"};
	static const char *const pinyin[] = {"ustb", "cqu", "faw", "csu",
					     "astral"};
	static const char *const stroke[] = {"faw", "csu", "ustb", "cqu",
					     "astral"};
	static const char *const root[] = {"faw", "astral", "csu", "ustb",
					   "cqu"};
	iedu_db *db = named_db(ids, names, COUNT(ids));
	iedu_db *db2;
	const char *r[COUNT(ids)];
	const char *n[COUNT(ids)];
	size_t i;
	(void)state;

	list_in(db, "zh", NULL, pinyin, COUNT(pinyin));
	list_in(db, "zh@collation=stroke", NULL, stroke, COUNT(stroke));
	list_in(db, "en", NULL, root, COUNT(root));
	/* the same place when added in the reverse order */
	for (i = 0; i < COUNT(ids); i++) {
		r[i] = ids[COUNT(ids) - 1 - i];
		n[i] = names[COUNT(ids) - 1 - i];
	}
	db2 = named_db(r, n, COUNT(ids));
	list_in(db2, "zh", NULL, pinyin, COUNT(pinyin));
	iedu_db_free(db2);
	iedu_db_free(db);
}

/*
 * Mixed Han and Latin: the zh rules put Han before Latin letters (they
 * reorder Han first), digits before both; the root rules (en) put Latin
 * first.
 */
static void test_mixed_scripts(void **state)
{
	static const char *const ids[] = {"chalco", "abb-cn", "chalco-e",
					  "3m-cn", "abb"};
	static const char *const names[] = {"中铝股份", "ABB中国有限公司",
					    "中铝e商", "3M中国", "abb中国"};
	static const char *const zh[] = {"3m-cn", "chalco", "chalco-e", "abb",
					 "abb-cn"};
	static const char *const en[] = {"3m-cn", "abb", "abb-cn", "chalco-e",
					 "chalco"};
	iedu_db *db = named_db(ids, names, COUNT(ids));
	(void)state;

	list_in(db, "zh", NULL, zh, COUNT(zh));
	list_in(db, "en", NULL, en, COUNT(en));
	iedu_db_free(db);
}

/*
 * Polyphonic characters: the rules give each character one reading,
 * except for the words they list. 重庆 is listed (chóng qìng); 长沙 is
 * not, so 长 sorts as zhǎng, after 张家口 (zhāng). These pin ICU's
 * behaviour so that a change in its data shows.
 */
static void test_polyphonic(void **state)
{
	iedu_collator *c = collator("zh", IEDU_STRENGTH_PRIMARY);
	(void)state;

	assert_true(iedu_collator_compare(c, "重庆", "冲") > 0);
	assert_true(iedu_collator_compare(c, "重庆", "北京") > 0);
	assert_true(iedu_collator_compare(c, "重庆", "广州") < 0);
	assert_true(iedu_collator_compare(c, "重", "中") > 0);
	assert_true(iedu_collator_compare(c, "长沙", "张家口") > 0);
	assert_true(iedu_collator_compare(c, "长沙", "郑州") < 0);
	iedu_collator_free(c);
}

/* ---- display names ---- */

static void test_display_fallback(void **state)
{
	/* requested language, else same primary language, else first name
	 * in canonical (document) order, else the id */
	static const char *const want_hans[] = {"e-none", "b-zh", "d-hant",
						"a-hans", "c-en"};
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_handle h;
	iedu_batch *b;
	iedu_db *db;
	(void)state;

	ok(iedu_db_new(&db), "iedu_db_new");
	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", "a-hans");
	name(b, "en", "Alpha");
	name(b, "zh", "乙");
	name(b, "zh-Hans", "甲");
	end(b);
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", "b-zh");
	name(b, "en", "Beta");
	name(b, "zh", "乙");
	end(b);
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", "c-en");
	name(b, "en", "Gamma");
	end(b);
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", "d-hant");
	name(b, "de", "Delta");
	name(b, "zh-Hant", "丙");
	end(b);
	/* an event may have no name: it sorts by its id */
	ok(iedu_batch_record(b, IEDU_KIND_EVENT), "record");
	set(b, "id", "conf-2024-07-02");
	set(b, "type", "conference");
	set(b, "date", "2024-07-02");
	end(b);
	ok(iedu_batch_record(b, IEDU_KIND_PERSON), "record");
	set(b, "id", "e-none");
	name(b, "EN", "\xE4\xB8\x80"); /* 一 */
	end(b);
	commit(b);

	ok(iedu_db_lookup(&h, db, "a-hans"), "lookup");
	assert_string_equal(iedu_record_display_name(db, h, "zh-Hans"), "甲");
	assert_string_equal(iedu_record_display_name(db, h, "zh-hans"), "甲");
	assert_string_equal(iedu_record_display_name(db, h, "zh"), "乙");
	/* "zh-Hant" finds no exact match: the first zh name */
	assert_string_equal(iedu_record_display_name(db, h, "zh-Hant"), "乙");
	assert_string_equal(iedu_record_display_name(db, h, "en"), "Alpha");
	assert_string_equal(iedu_record_display_name(db, h, "fr"), "Alpha");
	assert_string_equal(iedu_record_display_name(db, h, NULL), "Alpha");
	ok(iedu_db_lookup(&h, db, "d-hant"), "lookup");
	/* "zh" finds "zh-Hant" through the primary language */
	assert_string_equal(iedu_record_display_name(db, h, "zh"), "丙");
	assert_string_equal(iedu_record_display_name(db, h, "zh-Hans"), "丙");
	assert_string_equal(iedu_record_display_name(db, h, "en"), "Delta");
	ok(iedu_db_lookup(&h, db, "e-none"), "lookup");
	/* language tags match without regard to case */
	assert_string_equal(iedu_record_display_name(db, h, "en"), "一");
	ok(iedu_db_lookup(&h, db, "conf-2024-07-02"), "lookup");
	assert_string_equal(iedu_record_display_name(db, h, "zh"),
			    "conf-2024-07-02");
	assert_null(iedu_record_display_name(db, IEDU_NONE, "zh"));
	assert_null(iedu_record_display_name(NULL, h, "zh"));

	/* stroke order: 一 1, 乙 1, 丙 5 (一), 甲 5 (田), then Latin */
	o.kind = IEDU_KIND_PERSON;
	o.lang = "zh-Hans";
	o.collator = collator("zh@collation=stroke", IEDU_STRENGTH_TERTIARY);
	assert_listing(db, &o, want_hans, COUNT(want_hans));
	iedu_collator_free((iedu_collator *)o.collator);
	iedu_db_free(db);
}

/* Memberships have no name: they sort by id, id-less ones first. */
static void add_memberships(iedu_db *db)
{
	static const struct {
		const char *id, *member, *role;
	} m[] = {
	    {"m-chinalco", "chinalco", "lead chair"},
	    {"m-csu", "csu", "lead vice-chair"},
	    {NULL, "nftc", "vice-chair"},
	    {"m-lzre", "lzre", "lead vice-chair"},
	    {"m-swa", "swa", "member"},
	    {NULL, "chalco", "member"},
	};
	iedu_batch *b;
	size_t i;

	ok(iedu_batch_new(&b, db), "iedu_batch_new");
	org_open(b, "nfmc-body", "community", "national");
	name(b, "zh", "国家有色金属行业产教融合共同体理事会");
	end(b);
	for (i = 0; i < COUNT(m); i++) {
		ok(iedu_batch_record(b, IEDU_KIND_MEMBERSHIP), "record");
		if (m[i].id)
			set(b, "id", m[i].id);
		set(b, "member", m[i].member);
		set(b, "body", "nfmc-body");
		set(b, "role", m[i].role);
		end(b);
	}
	commit(b);
}

static void test_filters(void **state)
{
	static const char *const universities[] = {
	    "ustb", "cqu", "cqu-mse", "sdju", "sjtu", "usst", "tongji", "csu"};
	static const char *const national[] = {"nfmc",	 "gosc",    "sasac",
					       "moe",	 "acftu",   "gocpc",
					       "cmmbwu", "chinalco"};
	static const char *const provincial_gov[] = {"chongqing", "sdedu",
						     "smdrc", "smec"};
	static const char *const none[] = {NULL};
	static const char *const with_id[] = {"m-chinalco", "m-csu", "m-lzre",
					      "m-swa"};
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *zh = collator("zh", IEDU_STRENGTH_TERTIARY);
	iedu_handle *h = NULL;
	iedu_db *db = *state;
	size_t n = 0, i;

	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = zh;
	o.type = "university";
	assert_listing(db, &o, universities, COUNT(universities));
	o.type = NULL;
	o.level = "national";
	assert_listing(db, &o, national, COUNT(national));
	o.type = "government";
	o.level = "provincial";
	assert_listing(db, &o, provincial_gov, COUNT(provincial_gov));
	o.type = "alliance";
	o.level = NULL;
	assert_listing(db, &o, none, 0);

	add_memberships(db);
	o = (iedu_list_options)IEDU_LIST_OPTIONS_INIT;
	o.kind = IEDU_KIND_MEMBERSHIP;
	o.collator = zh;
	ok(iedu_db_sorted(&h, &n, db, &o), "iedu_db_sorted");
	assert_int_equal(n, 6);
	/* the two id-less memberships first, in the order they were added */
	assert_null(iedu_record_id(db, h[0]));
	assert_string_equal(iedu_record_attr(db, h[0], IEDU_ATTR_MEMBER),
			    "nftc");
	assert_string_equal(iedu_record_attr(db, h[1], IEDU_ATTR_MEMBER),
			    "chalco");
	assert_string_equal(iedu_record_display_name(db, h[0], NULL), "");
	for (i = 2; i < n; i++)
		assert_string_equal(iedu_record_id(db, h[i]), with_id[i - 2]);
	iedu_free(h);

	o.roles = IEDU_ROLE_LEAD;
	{
		static const char *const leads[] = {"m-chinalco", "m-csu",
						    "m-lzre"};
		assert_listing(db, &o, leads, COUNT(leads));
	}
	o.roles = IEDU_ROLE_CHAIR | IEDU_ROLE_MEMBER;
	ok(iedu_db_sorted(&h, &n, db, &o), "iedu_db_sorted");
	assert_int_equal(n, 3);
	assert_string_equal(iedu_record_attr(db, h[0], IEDU_ATTR_MEMBER),
			    "chalco");
	assert_string_equal(iedu_record_id(db, h[1]), "m-chinalco");
	assert_string_equal(iedu_record_id(db, h[2]), "m-swa");
	iedu_free(h);
	iedu_collator_free(zh);
}

/* ---- the cache ---- */

static void test_cache(void **state)
{
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *zh = collator("zh", IEDU_STRENGTH_TERTIARY);
	iedu_collator *zh2 = collator("zh", IEDU_STRENGTH_TERTIARY);
	iedu_handle *a = NULL, *b = NULL;
	iedu_db *db = *state;
	iedu_batch *batch;
	size_t na = 0, nb = 0, i;
	const char *expected[COUNT(pinyin_order) + 2];

	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = zh;
	ok(iedu_db_sorted(&a, &na, db, &o), "first listing");
	/* a second collator of the same rules shares the cached order */
	o.collator = zh2;
	ok(iedu_db_sorted(&b, &nb, db, &o), "second listing");
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na * sizeof *a);
	assert_true(a != b);
	iedu_free(a);
	iedu_free(b);

	/* a commit adds records: the next listing has them in place */
	ok(iedu_batch_new(&batch, db), "iedu_batch_new");
	org_open(batch, "cqut", "university", NULL);
	name(batch, "zh", "重庆理工大学"); /* chong qing li */
	end(batch);
	org_open(batch, "ahnu", "university", NULL);
	name(batch, "zh", "安徽师范大学"); /* an: first */
	end(batch);
	commit(batch);
	expected[0] = "ahnu";
	for (i = 0, na = 1; i < COUNT(pinyin_order); i++) {
		expected[na++] = pinyin_order[i];
		if (strcmp(pinyin_order[i], "cqu-mse") == 0)
			expected[na++] = "cqut";
	}
	assert_listing(db, &o, expected, na);
	o.collator = zh;
	assert_listing(db, &o, expected, na);

	/* many languages and collators: older orders make room */
	for (i = 0; i < 40; i++) {
		char lang[16];
		snprintf(lang, sizeof lang, "x%02zu", i);
		o.lang = lang;
		ok(iedu_db_sorted(&a, &na, db, &o), "listing");
		iedu_free(a);
	}
	o.lang = NULL;
	assert_listing(db, &o, expected, COUNT(expected));
	iedu_collator_free(zh);
	iedu_collator_free(zh2);
}

/* ---- threads ---- */

typedef struct lister {
	const iedu_db *db;
	const char *locale;
	const char *lang;
	iedu_handle *result;
	size_t count;
	int failures;
} lister;

static void *list_many(void *arg)
{
	lister *l = arg;
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *c = NULL;
	int round;

	if (iedu_collator_new(&c, l->locale, IEDU_STRENGTH_TERTIARY) != 0) {
		l->failures++;
		return NULL;
	}
	o.kind = IEDU_KIND_ORGANIZATION;
	o.collator = c;
	o.lang = l->lang;
	for (round = 0; round < 50; round++) {
		iedu_handle *h = NULL;
		size_t n = 0;
		if (iedu_db_sorted(&h, &n, l->db, &o) != IEDU_OK ||
		    n != l->count || memcmp(h, l->result, n * sizeof *h) != 0)
			l->failures++;
		/* the collator is shared by every round; compare too */
		if (iedu_collator_compare(c, "中南大学", "中南大学") != 0)
			l->failures++;
		iedu_free(h);
	}
	iedu_collator_free(c);
	return NULL;
}

static void test_threads(void **state)
{
	lister l[4] = {{NULL, "zh", NULL, NULL, 0, 0},
		       {NULL, "zh@collation=stroke", "zh", NULL, 0, 0},
		       {NULL, "en", NULL, NULL, 0, 0},
		       {NULL, "", "en", NULL, 0, 0}};
	iedu_db *db = *state, *fresh = real_db();
	pthread_t t[4];
	size_t i;

	/* single-threaded results on one database, then four threads on a
	 * fresh one (so they also race to fill its cache) */
	for (i = 0; i < 4; i++) {
		iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
		iedu_collator *c =
		    collator(l[i].locale, IEDU_STRENGTH_TERTIARY);
		o.kind = IEDU_KIND_ORGANIZATION;
		o.collator = c;
		o.lang = l[i].lang;
		ok(iedu_db_sorted(&l[i].result, &l[i].count, db, &o), "list");
		iedu_collator_free(c);
		l[i].db = fresh;
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, list_many, &l[i]),
				 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(l[i].failures, 0);
		iedu_free(l[i].result);
	}
	iedu_db_free(fresh);
}

/* ---- errors ---- */

static void assert_error(int rc, int code, const char *message)
{
	assert_int_equal(rc, code);
	assert_int_equal(iedu_error_code(iedu_error_last()), code);
	assert_string_equal(iedu_error_message(iedu_error_last()), message);
}

static void test_collator_errors(void **state)
{
	iedu_collator *c = (iedu_collator *)state;

	assert_error(iedu_collator_new(&c, "x!y", IEDU_STRENGTH_TERTIARY),
		     IEDU_EVALUE,
		     "iedu_collator_new: locale 'x!y' is malformed: expected "
		     "an ICU locale ID such as 'zh', 'zh@collation=stroke' or "
		     "'en_US', or a BCP 47 tag such as 'zh-Hant'");
	assert_null(c);
	assert_error(
	    iedu_collator_new(&c, "en--US", IEDU_STRENGTH_TERTIARY),
	    IEDU_EVALUE,
	    "iedu_collator_new: locale 'en--US' is malformed: expected "
	    "an ICU locale ID such as 'zh', 'zh@collation=stroke' or "
	    "'en_US', or a BCP 47 tag such as 'zh-Hant'");
	assert_int_equal(
	    iedu_collator_new(&c, "toolonglanguage", IEDU_STRENGTH_TERTIARY),
	    IEDU_EVALUE);
	assert_int_equal(
	    iedu_collator_new(&c, "zh_Hans@collation=", IEDU_STRENGTH_TERTIARY),
	    IEDU_EVALUE);
	assert_error(iedu_collator_new(&c, "zh", (iedu_strength)4), IEDU_EINVAL,
		     "iedu_collator_new: strength 4 is unknown: expected 1 "
		     "(primary), 2 (secondary) or 3 (tertiary)");
	assert_error(iedu_collator_new(&c, "zh", (iedu_strength)0), IEDU_EINVAL,
		     "iedu_collator_new: strength 0 is unknown: expected 1 "
		     "(primary), 2 (secondary) or 3 (tertiary)");
	assert_error(iedu_collator_new(NULL, "zh", IEDU_STRENGTH_PRIMARY),
		     IEDU_EINVAL, "iedu_collator_new: out is NULL");
}

static void test_list_errors(void **state)
{
	iedu_list_options o;
	iedu_handle *h = (iedu_handle *)state;
	iedu_db *db = *state;
	size_t n = 7;

	assert_error(iedu_list_options_init(&o, 2), IEDU_EINVAL,
		     "iedu_list_options_init: version 2 is unknown: expected "
		     "1 (IEDU_LIST_OPTIONS_VERSION)");
	assert_error(iedu_list_options_init(NULL, 1), IEDU_EINVAL,
		     "iedu_list_options_init: opts is NULL");
	ok(iedu_list_options_init(&o, IEDU_LIST_OPTIONS_VERSION), "init");
	assert_int_equal(o.version, IEDU_LIST_OPTIONS_VERSION);
	assert_int_equal(o.kind, IEDU_KIND_NONE);
	assert_null(o.collator);

	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: kind 0 is not a record kind: expected 1 "
		     "(source) to 10 (statistic)");
	assert_null(h);
	assert_int_equal(n, 0);
	o.kind = IEDU_KIND_ORGANIZATION;
	o.type = "college";
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EVALUE,
		     "iedu_db_sorted: 'college' is not an organization type: "
		     "expected one of enterprise, university, "
		     "vocational-school, research-institute, government, "
		     "association, media, community, consortium, alliance, "
		     "education-group, other");
	o.type = NULL;
	o.level = "city";
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EVALUE,
		     "iedu_db_sorted: 'city' is not an organization level: "
		     "expected one of national, provincial, municipal, county");
	o.level = NULL;
	o.roles = IEDU_ROLE_CHAIR;
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: a role filter applies only to "
		     "memberships, not to organization records");
	o.roles = 0;
	o.kind = IEDU_KIND_PERSON;
	o.type = "university";
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: person records have no type: expected "
		     "no type filter for them");
	o.type = NULL;
	o.level = "national";
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: a level filter applies only to "
		     "organizations, not to person records");
	o.level = NULL;
	o.kind = IEDU_KIND_MEMBERSHIP;
	o.roles = 1u << 12;
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: roles 0x1000 has bits that name no "
		     "role: expected IEDU_ROLE_* bits (within 0x1ff)");
	o.roles = 0;
	o.kind = IEDU_KIND_SOURCE;
	o.type = "newspaper";
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EVALUE,
		     "iedu_db_sorted: 'newspaper' is not a source type: "
		     "expected one of news, policy, report, web, broadcast, "
		     "other");
	o.type = NULL;
	o.version = 2;
	assert_error(iedu_db_sorted(&h, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: options version 2 is unknown: expected "
		     "1 (IEDU_LIST_OPTIONS_VERSION)");
	o.version = IEDU_LIST_OPTIONS_VERSION;
	assert_error(iedu_db_sorted(NULL, &n, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: out is NULL");
	assert_error(iedu_db_sorted(&h, NULL, db, &o), IEDU_EINVAL,
		     "iedu_db_sorted: count is NULL");
	assert_error(iedu_db_sorted(&h, &n, NULL, &o), IEDU_EINVAL,
		     "iedu_db_sorted: db is NULL");
	assert_error(iedu_db_sorted(&h, &n, db, NULL), IEDU_EINVAL,
		     "iedu_db_sorted: opts is NULL");

	/* an empty kind is an empty listing */
	o.kind = IEDU_KIND_STATISTIC;
	n = 7;
	ok(iedu_db_sorted(&h, &n, db, &o), "empty");
	assert_int_equal(n, 0);
	assert_null(h);
}

/* ---- allocation failures ---- */

/* Fails the fail_at-th call (and, sticky, every later one); counts. */
typedef struct failing {
	size_t calls, fail_at, live;
	int sticky;
} failing;

static void *f_malloc(size_t size, void *user)
{
	failing *f = user;
	void *p;

	if (++f->calls == f->fail_at ||
	    (f->sticky && f->fail_at && f->calls > f->fail_at))
		return NULL;
	if ((p = malloc(size)) != NULL)
		f->live++;
	return p;
}

static void *f_realloc(void *ptr, size_t size, void *user)
{
	failing *f = user;
	void *p;

	if (++f->calls == f->fail_at ||
	    (f->sticky && f->fail_at && f->calls > f->fail_at))
		return NULL;
	if ((p = realloc(ptr, size)) != NULL && !ptr)
		f->live++;
	return p;
}

static void f_free(void *ptr, void *user)
{
	failing *f = user;

	if (ptr)
		f->live--;
	free(ptr);
}

/*
 * Fails every allocation of a first listing in turn (once, and from then
 * on): each failure is IEDU_ENOMEM with an empty result, and the listing
 * that finally succeeds is the right one. Nothing leaks.
 */
static void test_allocation_failures(void **state)
{
	failing f = {0, 0, 0, 0};
	int sticky;
	(void)state;

	ok(iedu_allocator_set(f_malloc, f_realloc, f_free, &f), "allocator");
	for (sticky = 0; sticky < 2; sticky++) {
		size_t n;

		for (n = 1;; n++) {
			iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
			iedu_db *db = real_db();
			iedu_collator *c =
			    collator("zh", IEDU_STRENGTH_TERTIARY);
			iedu_handle *h = (iedu_handle *)&f;
			size_t count = 99;
			int rc;

			o.kind = IEDU_KIND_ORGANIZATION;
			o.collator = c;
			f.calls = 0;
			f.fail_at = n;
			f.sticky = sticky;
			rc = iedu_db_sorted(&h, &count, db, &o);
			f.fail_at = 0;
			if (rc == IEDU_OK) {
				assert_int_equal(count, COUNT(pinyin_order));
				iedu_free(h);
				/* a listing cached or not, the next is right */
				assert_listing(db, &o, pinyin_order,
					       COUNT(pinyin_order));
			} else {
				assert_int_equal(rc, IEDU_ENOMEM);
				assert_null(h);
				assert_int_equal(count, 0);
				assert_non_null(strstr(
				    iedu_error_message(iedu_error_last()),
				    "out of memory while"));
			}
			iedu_collator_free(c);
			iedu_db_free(db);
			assert_int_equal(f.live, 0);
			if (rc == IEDU_OK && f.calls < n)
				break;
		}
		assert_true(n > 3);
	}
	/* a collator's own allocation */
	f.calls = 0;
	f.fail_at = 1;
	{
		iedu_collator *c = NULL;
		assert_error(iedu_collator_new(&c, "zh", IEDU_STRENGTH_PRIMARY),
			     IEDU_ENOMEM,
			     "out of memory while creating a collator");
		assert_null(c);
	}
	f.fail_at = 0;
	ok(iedu_allocator_set(NULL, NULL, NULL, NULL), "allocator");
	assert_int_equal(f.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pinyin_order, setup_real,
					    teardown_db),
	    cmocka_unit_test_setup_teardown(test_stroke_order, setup_real,
					    teardown_db),
	    cmocka_unit_test_setup_teardown(test_english_order, setup_real,
					    teardown_db),
	    cmocka_unit_test_setup_teardown(test_default_collator, setup_real,
					    teardown_db),
	    cmocka_unit_test(test_collator_properties),
	    cmocka_unit_test(test_canonical_equivalence),
	    cmocka_unit_test(test_strengths),
	    cmocka_unit_test(test_primary_ties_by_id),
	    cmocka_unit_test(test_ties_by_id),
	    cmocka_unit_test(test_ties_by_long_id),
	    cmocka_unit_test(test_astral_han),
	    cmocka_unit_test(test_mixed_scripts),
	    cmocka_unit_test(test_polyphonic),
	    cmocka_unit_test(test_display_fallback),
	    cmocka_unit_test_setup_teardown(test_filters, setup_real,
					    teardown_db),
	    cmocka_unit_test_setup_teardown(test_cache, setup_real,
					    teardown_db),
	    cmocka_unit_test_setup_teardown(test_threads, setup_real,
					    teardown_db),
	    cmocka_unit_test(test_collator_errors),
	    cmocka_unit_test_setup_teardown(test_list_errors, setup_real,
					    teardown_db),
	    cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
