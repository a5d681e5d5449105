/*
 * Allocation failures over every operation, through the public API:
 * SQLite's and expat's method. A test allocator fails the Nth allocation,
 * once and from N on, for every N from 1 until the operation completes
 * with nothing failed, over: import of the bundled dataset (from a file)
 * and of a generated document (from memory), export to memory, sorted
 * listings with a zh collator and find (each the first call, which fills
 * the database's cache or builds its index, and a later one), check, and
 * records added through a batch.
 *
 * Each iteration asserts that the call succeeds or returns IEDU_ENOMEM
 * with a message saying what was being done, that the result of a
 * success is the one computed with nothing failing, that nothing leaks
 * (as many blocks freed as allocated once everything is freed), and that
 * after a failed import or add the database exports byte for byte as
 * before. test_alloc does the same over building a database from
 * scratch; here the inputs are documents and the bundled dataset.
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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <iedu.h>
#include "support/failing_alloc.h"
#include "support/oom_common.h"

/* ---- the counting, failing allocator ---- */

/* counter, cnt, c_malloc, c_realloc, c_free: support/failing_alloc.h */

static void arm(size_t n, int sticky)
{
	cnt.calls = 0;
	cnt.failures = 0;
	cnt.fail_at = n;
	cnt.sticky = sticky;
}

static void disarm(void)
{
	cnt.fail_at = 0;
	cnt.sticky = 0;
}

static size_t live(void)
{
	return cnt.allocs - cnt.frees;
}

/* rc is a success, or IEDU_ENOMEM from an injected failure with a message. */
static void assert_ok_or_nomem(int rc, const char *call)
{
	const iedu_error *err = iedu_error_last();
	const char *msg = iedu_error_message(err);
	static const char prefix[] = "out of memory while ";
	static const char located[] = ": error: out of memory while ";

	if (rc == IEDU_OK)
		return;
	if (rc != IEDU_ENOMEM)
		fail_msg("%s returned %d (%s) under allocation failure %zu%s: "
			 "%s",
			 call, rc, iedu_strerror(rc), cnt.fail_at,
			 cnt.sticky ? " and on" : "", msg);
	if (cnt.failures == 0)
		fail_msg("%s returned IEDU_ENOMEM with no allocation failed",
			 call);
	assert_int_equal(iedu_error_code(err), IEDU_ENOMEM);
	/* after a location when there is one: "FILE:LINE:COL: error: " */
	if (strstr(msg, located) != NULL)
		msg = strstr(msg, located) + sizeof located - 1 -
		      (sizeof prefix - 1);
	if (strncmp(msg, prefix, sizeof prefix - 1) != 0 ||
	    strlen(msg) < sizeof prefix + 4)
		fail_msg("%s: ENOMEM message does not say what was being "
			 "done: \"%s\"",
			 call, msg);
}

/* ---- helpers with no failure armed ---- */

typedef struct bytes {
	char *p;
	size_t n;
} bytes;

/* The export of db, in memory the test owns (not the library's). */
static bytes export_of(const iedu_db *db)
{
	bytes b;

	b.p = oom_export_copy(db, &b.n);
	return b;
}

static void assert_exports(const iedu_db *db, const bytes *expected,
			   const char *what)
{
	char *x;
	size_t n;
	size_t fail_at = cnt.fail_at;
	int sticky = cnt.sticky;

	disarm();
	oom_ok(iedu_xml_export_memory(&x, &n, db), "export");
	if (n != expected->n || memcmp(x, expected->p, n) != 0)
		fail_msg("%s: the database changed (allocation failure %zu%s)",
			 what, fail_at, sticky ? " and on" : "");
	iedu_free(x);
}

/* ---- a generated document: every kind, referring to the dataset ---- */

/*
 * norgs colleges, members of a body; standalone: its references outside
 * it name oom_base_doc's records instead of the dataset's.
 */
static char *generated_doc(size_t *len, int norgs, int standalone)
{
	const char *org = standalone ? "base-org" : "chinalco";
	const char *gov = standalone ? "base-org" : "moe";
	const char *src = standalone ? "base-src" : "src-nf-zh";
	static const char *const han[] = {"北京", "上海", "重庆",
					  "兰州", "长沙", "济南"};
	static const char *const types[] = {"university", "enterprise",
					    "vocational-school",
					    "research-institute"};
	sbuf s = {NULL, 0, 0};
	int i;

	sbuf_put(&s,
		 "<?xml version='1.0' encoding='UTF-8'?>\n"
		 "<iedu xmlns='urn:iedu:1' version='1'>\n"
		 "<source id='g-src' type='report' published='2025-03'>"
		 "<title xml:lang='zh'>生成的报告</title>"
		 "<title xml:lang='en'>A generated report</title>"
		 "<publisher xml:lang='en'>Generator &amp; Co.</publisher>"
		 "<issuer org='%s'/></source>\n"
		 "<organization id='g-body' type='community' level='national' "
		 "founded='2024-07-02'>"
		 "<name xml:lang='zh'>生成产教融合共同体</name>"
		 "<name xml:lang='en'>Generated Community</name>"
		 "<alias xml:lang='en' kind='acronym'>GC</alias>"
		 /* keys of more than 64 n-grams: the index's set of a
		    key's grams, not the sort of a few dozen */
		 "<alias xml:lang='zh'>国家有色金属行业产教融合共同体秘书处"
		 "联络办公室</alias>"
		 "<alias xml:lang='en'>Generated Community of Industry and "
		 "Education Integration for the Nonferrous Metals</alias>"
		 "<sector xml:lang='zh'>有色金属</sector>"
		 "<cite source='g-src' locator='p. 1' quote='共同体'/>"
		 "<cite source='%s'/></organization>\n",
		 gov, src);
	for (i = 0; i < norgs; i++) {
		sbuf_put(
		    &s,
		    "<organization id='g-org-%d' type='%s'>"
		    "<name xml:lang='zh'>%s第%d产教融合学院</name>"
		    "<name xml:lang='en'>Generated College No. %d</name>"
		    "<alias xml:lang='zh-Latn-pinyin' kind='transliteration'>"
		    "Chanjiao %d</alias>"
		    "<identifier scheme='uscc'>91110000710931141J</identifier>"
		    "<location division='500107' xml:lang='zh'>重庆市九龙坡区"
		    "</location><cite source='g-src'/></organization>\n",
		    i, types[i % 4], han[i % 6], i, i, i);
		sbuf_put(
		    &s,
		    "<membership member='g-org-%d' body='g-body' role='%s' "
		    "from='2024-07-02'%s><cite source='g-src'/></membership>\n",
		    i, i == 0 ? "lead chair" : "member",
		    i % 3 == 0 ? " until='2024-07-01'" : "");
	}
	sbuf_put(
	    &s,
	    "<person id='g-person'><name xml:lang='zh'>生成人</name>"
	    "<name xml:lang='en'>Sheng Chengren</name>"
	    "<cite source='g-src'/></person>\n"
	    "<post person='g-person' org='g-org-1'>"
	    "<title xml:lang='zh'>校长</title></post>\n"
	    "<relation from='g-org-2' to='%s' type='part-of'/>\n"
	    "<relation from='g-org-3' to='g-org-1' type='partner-of'/>\n"
	    "<designation id='g-des' org='g-body' "
	    "programme='national-industry-community' batch='1' issuer='%s'/>\n"
	    "<event id='g-ev' type='conference' date='2025-05-01' "
	    "hosts='g-org-0 %s' body='g-body'>"
	    "<name xml:lang='zh'>生成大会</name>"
	    "<place xml:lang='zh' division='500107'>重庆市</place>"
	    "<participant person='g-person' role='speaker'/>"
	    "<participant org='g-org-4' role='signatory'/>"
	    "<attendance mode='total' value='260' qualifier='more-than'/>"
	    "<cite source='g-src'/></event>\n"
	    "<agreement id='g-ag' type='framework' signed='2025-05-01' "
	    "event='g-ev'><title xml:lang='zh'>共建框架协议</title>"
	    "<party org='g-org-0'/><party org='%s'/></agreement>\n"
	    "<statistic id='g-st' indicator='member-units' subject='g-body' "
	    "date='2025-05' value='%d' unit='organization'>"
	    "<label xml:lang='zh'>成员单位</label>"
	    "<part key='enterprise' value='3'/><part key='university' "
	    "value='3'/><cite source='g-src' quote='成员单位'/></statistic>\n"
	    "</iedu>\n",
	    org, gov, org, org, norgs + 5);
	*len = s.n;
	return s.p;
}

/* oom_base_doc and a standalone generated document with 5 organisations. */
static iedu_db *small_db(void)
{
	iedu_db *db = oom_db_with_base();
	size_t len;
	char *doc = generated_doc(&len, 5, 1);

	oom_ok(iedu_xml_import_memory(db, doc, len, "generated"),
	       "importing the standalone generated document");
	free(doc);
	return db;
}

/* ---- the driver ---- */

/*
 * One operation under test: run() makes the call with a failure armed
 * and returns its status; on success it checks the result against the
 * one recorded with nothing failing and frees it.
 */
typedef struct op_ctx op_ctx;
typedef int (*op_run)(op_ctx *c);

struct op_ctx {
	const char *name;
	iedu_db *db;	 /* the database the call works on */
	bytes before;	 /* its export before the call */
	int mutates;	 /* a failure must leave the export unchanged */
	void *reference; /* the result with nothing failing */
	op_run run;
};

/*
 * Fails allocation n (and, sticky, every one after it) for n = 1, 2, ...
 * until the call completes with nothing failed. fresh() makes the
 * database each iteration starts from (NULL: c->db is kept and reused,
 * and must not grow).
 */
static size_t fail_every(op_ctx *c, iedu_db *(*fresh)(void), int sticky)
{
	size_t n, base = live();
	double t0 = oom_cpu_seconds();
	int rc;

	for (n = 1;; n++) {
		if (fresh)
			c->db = fresh();
		arm(n, sticky);
		rc = c->run(c);
		disarm();
		assert_ok_or_nomem(rc, c->name);
		if (rc != IEDU_OK && c->mutates)
			assert_exports(c->db, &c->before, c->name);
		if (fresh) {
			iedu_db_free(c->db);
			c->db = NULL;
			if (live() != base)
				fail_msg("%s: %zu blocks leaked at allocation "
					 "failure %zu%s",
					 c->name, live() - base, n,
					 sticky ? " and on" : "");
		} else if (live() != base) {
			fail_msg("%s: %zu blocks more live after allocation "
				 "failure %zu%s",
				 c->name, live() - base, n,
				 sticky ? " and on" : "");
		}
		if (cnt.failures == 0) {
			assert_int_equal(rc, IEDU_OK);
			break;
		}
	}
	print_message("%s, %s: %zu iterations, %.2f s CPU\n", c->name,
		      sticky ? "from N on" : "once", n, oom_cpu_seconds() - t0);
	return n;
}

/* Both modes; the database of a fresh() start leaks nothing either. */
static void fail_both(op_ctx *c, iedu_db *(*fresh)(void), size_t min_n)
{
	assert_true(fail_every(c, fresh, 0) >= min_n);
	assert_true(fail_every(c, fresh, 1) >= min_n);
}

/* ---- import ---- */

static bytes dataset_on_base;	/* oom_base_doc, then the dataset */
static bytes generated_on_data; /* the dataset, then the document */
static char *gen_doc;
static size_t gen_len;

static int run_import_dataset(op_ctx *c)
{
	int rc = iedu_xml_import_file(c->db, OOM_DATASET);

	if (rc == IEDU_OK)
		assert_exports(c->db, &dataset_on_base, c->name);
	return rc;
}

static int run_import_generated(op_ctx *c)
{
	int rc = iedu_xml_import_memory(c->db, gen_doc, gen_len, "generated");

	if (rc == IEDU_OK)
		assert_exports(c->db, &generated_on_data, c->name);
	return rc;
}

static int setup_imports(void **state)
{
	iedu_db *db;

	(void)state;
	gen_doc = generated_doc(&gen_len, 12, 0);
	db = oom_db_with_base();
	oom_ok(iedu_xml_import_file(db, OOM_DATASET),
	       "the dataset on the base");
	dataset_on_base = export_of(db);
	iedu_db_free(db);
	db = oom_db_with_dataset();
	oom_ok(iedu_xml_import_memory(db, gen_doc, gen_len, "generated"),
	       "the generated document on the dataset");
	generated_on_data = export_of(db);
	iedu_db_free(db);
	return 0;
}

static int teardown_imports(void **state)
{
	(void)state;
	free(gen_doc);
	free(dataset_on_base.p);
	free(generated_on_data.p);
	return 0;
}

/*
 * An import under every allocation failure: run on a database made by
 * fresh(); each failure must leave it as start() makes it.
 */
static void fail_import(const char *name, op_run run, iedu_db *(*start)(void),
			iedu_db *(*fresh)(void), size_t min_n)
{
	op_ctx c = {name, NULL, {NULL, 0}, 1, NULL, run};
	iedu_db *db = start();

	c.before = export_of(db);
	iedu_db_free(db);
	fail_both(&c, fresh, min_n);
	free(c.before.p);
	assert_int_equal(live(), 0);
}

/*
 * The same imports with a parsing thread (iedu_db_set_import_threads):
 * its state and blocks come from the allocator too (when they cannot,
 * the import runs in one thread), and the counts are atomic.
 */
static iedu_db *two_threads(iedu_db *db)
{
	oom_ok(iedu_db_set_import_threads(db, 2), "allowing two threads");
	return db;
}

static iedu_db *base_two_threads(void)
{
	return two_threads(oom_db_with_base());
}

static iedu_db *dataset_two_threads(void)
{
	return two_threads(oom_db_with_dataset());
}

static void test_import_dataset(void **state)
{
	(void)state;
	fail_import("importing the dataset", run_import_dataset,
		    oom_db_with_base, oom_db_with_base, 20);
	fail_import("importing the dataset with two threads",
		    run_import_dataset, oom_db_with_base, base_two_threads, 20);
}

static void test_import_generated(void **state)
{
	(void)state;
	fail_import("importing a generated document", run_import_generated,
		    oom_db_with_dataset, oom_db_with_dataset, 10);
	fail_import("importing a generated document with two threads",
		    run_import_generated, oom_db_with_dataset,
		    dataset_two_threads, 10);
}

/*
 * An event larger than a block (a 300 kB quote) takes a block of its own:
 * when that allocation fails, the import says so where the quote is,
 * like any other out-of-memory error while reading. Swept over every
 * allocation with one thread, where the order of allocations is fixed.
 */
static void test_import_oversized_event(void **state)
{
	static const char head[] = "<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n"
				   "<source id=\"s\" type=\"news\">\n"
				   "<title xml:lang=\"en\">S</title>\n"
				   "<cite source=\"s\" quote=\"";
	static const char tail[] = "\"/></source></iedu>";
	size_t q = 300000, len = sizeof head - 1 + q + sizeof tail - 1, n;
	char *doc = malloc(len);
	int found = 0;

	(void)state;
	assert_non_null(doc);
	memcpy(doc, head, sizeof head - 1);
	memset(doc + sizeof head - 1, 'q', q);
	memcpy(doc + sizeof head - 1 + q, tail, sizeof tail - 1);
	for (n = 1;; n++) {
		iedu_db *db = NULL;
		int rc;
		oom_ok(iedu_db_new(&db), "a database");
		arm(n, 0);
		rc = iedu_xml_import_memory(db, doc, len, "big.xml");
		disarm();
		assert_ok_or_nomem(rc, "importing a 300 kB quote");
		if (rc != IEDU_OK &&
		    strstr(iedu_error_message(iedu_error_last()),
			   "recording XML events")) {
			/* the parser's position: the end of that start tag */
			assert_string_equal(
			    iedu_error_message(iedu_error_last()),
			    "big.xml:4:300026: error: out of memory while "
			    "recording XML events");
			found++;
		}
		iedu_db_free(db);
		if (rc == IEDU_OK && cnt.failures == 0)
			break;
	}
	assert_int_equal(found, 1);
	free(doc);
	assert_int_equal(live(), 0);
}

/* ---- reads of the dataset ---- */

static iedu_db *dataset; /* shared by the read-only operations */

static int setup_dataset(void **state)
{
	(void)state;
	dataset = oom_db_with_dataset();
	return 0;
}

static int teardown_dataset(void **state)
{
	(void)state;
	iedu_db_free(dataset);
	dataset = NULL;
	return live() == 0 ? 0 : -1;
}

static int run_export(op_ctx *c)
{
	const bytes *expected = c->reference;
	char *x = (char *)1;
	size_t n = 7;
	int rc = iedu_xml_export_memory(&x, &n, c->db);

	if (rc == IEDU_OK) {
		assert_int_equal(n, expected->n);
		assert_memory_equal(x, expected->p, n);
		iedu_free(x);
	} else {
		assert_null(x);
	}
	return rc;
}

static void test_export(void **state)
{
	bytes expected = export_of(dataset);
	op_ctx c = {"exporting to memory",
		    dataset,
		    {NULL, 0},
		    0,
		    &expected,
		    run_export};

	(void)state;
	fail_both(&c, NULL, 2);
	free(expected.p);
}

/* The listing of a kind as the ids, one per line. */
/* The collator is opened under the failure too. */
static int run_sorted(op_ctx *c)
{
	char **expected = c->reference;
	char *got[OOM_NSORTED];
	size_t k;
	int rc = oom_sorted_listings(c->db, got);

	for (k = 0; k < OOM_NSORTED; k++)
		if (got[k]) {
			assert_string_equal(got[k], expected[k]);
			free(got[k]);
		}
	return rc;
}

static void test_sorted(void **state)
{
	char *expected[OOM_NSORTED];
	op_ctx c = {"a sorted listing", dataset,   {NULL, 0}, 0,
		    expected,		run_sorted};
	size_t k;

	(void)state;
	oom_ok(oom_sorted_listings(dataset, expected), "sorted listings");
	for (k = 0; k < OOM_NSORTED; k++)
		assert_true(strtoul(expected[k], NULL, 10) > 0);
	/* the first listings of a database fill its cache of sort keys */
	c.name = "a first sorted listing";
	fail_both(&c, oom_db_with_dataset, 20);
	/* later ones use it */
	c.name = "a sorted listing";
	c.db = dataset;
	fail_both(&c, NULL, 5);
	for (k = 0; k < OOM_NSORTED; k++)
		free(expected[k]);
}

/* The dataset's names and the generated ones (chanjiao, 产教, College). */
static const char *const queries[] = {
    "zhongnan daxue", "中南",	  "TONGJI", "lü",
    "youse jinshu",   "chanjiao", "产教",   "college",
    /* more than 64 grams: a query's grams sorted with qsort */
    "guojiayousejinshuhangyechanjiaoronghegongtongti"};
#define NQUERIES (sizeof queries / sizeof queries[0])

/* The expected results of queries on the database run_find searches. */
static char *find_expected[NQUERIES];

static void expect_finds(const iedu_db *db)
{
	size_t q;

	for (q = 0; q < NQUERIES; q++) {
		iedu_matches *m;
		oom_ok(iedu_db_find(&m, db, queries[q], IEDU_KIND_NONE, 0),
		       queries[q]);
		find_expected[q] = oom_matches_text(m);
		iedu_matches_free(m);
	}
}

static void forget_finds(void)
{
	size_t q;

	for (q = 0; q < NQUERIES; q++) {
		free(find_expected[q]);
		find_expected[q] = NULL;
	}
}

static int run_find(op_ctx *c)
{
	size_t q;
	int rc = IEDU_OK;

	for (q = 0; q < NQUERIES && rc == IEDU_OK; q++) {
		iedu_matches *m = (iedu_matches *)1;

		rc = iedu_db_find(&m, c->db, queries[q], IEDU_KIND_NONE, 0);
		if (rc == IEDU_OK) {
			char *got = oom_matches_text(m);
			assert_string_equal(got, find_expected[q]);
			free(got);
			iedu_matches_free(m);
		} else {
			assert_null(m);
		}
	}
	if (rc != IEDU_OK && !cnt.sticky) {
		/* with memory again, the index (re)builds and finds */
		iedu_matches *m;
		char *got;

		disarm();
		oom_ok(iedu_db_find(&m, c->db, queries[0], IEDU_KIND_NONE, 0),
		       "find after a failure");
		got = oom_matches_text(m);
		assert_string_equal(got, find_expected[0]);
		free(got);
		iedu_matches_free(m);
		rc = IEDU_ENOMEM;
	}
	return rc;
}

/*
 * The first find builds the index: a fresh database every iteration.
 * Each build opens ICU's transliterators again (~30 ms), and over the
 * dataset that is ~1300 iterations per mode, so it runs over a database
 * of 17 records with names in Han and Latin script (~550 iterations); a
 * later find (index built) runs over the dataset. After a failure the
 * once mode finds again, with memory: the index builds then.
 */
static void test_find_first(void **state)
{
	op_ctx c = {"the first find (building the index)",
		    NULL,
		    {NULL, 0},
		    0,
		    NULL,
		    run_find};
	iedu_db *db = small_db();

	(void)state;
	expect_finds(db);
	iedu_db_free(db);
	fail_both(&c, small_db, 5);
	forget_finds();
}

static void test_find_later(void **state)
{
	op_ctx c = {"a later find", dataset, {NULL, 0}, 0, NULL, run_find};

	(void)state;
	expect_finds(dataset);
	fail_both(&c, NULL, 2);
	forget_finds();
}

static int run_check(op_ctx *c)
{
	iedu_findings *f = (iedu_findings *)1;
	int rc = iedu_db_check(&f, c->db);

	if (rc == IEDU_OK) {
		char *got = oom_findings_text(f);
		assert_string_equal(got, (const char *)c->reference);
		free(got);
		iedu_findings_free(f);
	} else {
		assert_null(f);
	}
	return rc;
}

static void test_check(void **state)
{
	op_ctx c = {"checking", dataset, {NULL, 0}, 0, NULL, run_check};
	iedu_findings *f;
	char *expected;

	(void)state;
	oom_ok(iedu_db_check(&f, dataset), "check");
	expected = oom_findings_text(f);
	iedu_findings_free(f);
	c.reference = expected;
	fail_both(&c, NULL, 2);
	free(expected);
}

/* ---- the add API: a batch of records referring to the dataset ---- */

static int add_records(iedu_batch *b)
{
	static const struct {
		char type; /* R record, C child, A attribute, T text, E end */
		const char *what;
		const char *value;
	} ops[] = {
	    {'R', "organization", NULL},
	    {'A', "id", "add-college"},
	    {'A', "type", "vocational-school"},
	    {'C', "name", NULL},
	    {'A', "xml:lang", "zh"},
	    {'T', NULL, "新增职业技术学院"},
	    {'E', NULL, NULL},
	    {'C', "alias", NULL},
	    {'A', "xml:lang", "en"},
	    {'A', "kind", "translation"},
	    {'T', NULL, "Added Vocational College"},
	    {'E', NULL, NULL},
	    {'C', "cite", NULL},
	    {'A', "source", "src-nf-zh"},
	    {'E', NULL, NULL},
	    {'E', NULL, NULL},
	    {'R', "membership", NULL},
	    {'A', "member", "add-college"},
	    {'A', "body", "nf-community"},
	    {'A', "role", "member"},
	    {'A', "from", "2024-07-02"},
	    {'E', NULL, NULL},
	    {'R', "relation", NULL},
	    {'A', "from", "add-college"},
	    {'A', "to", "chinalco"},
	    {'A', "type", "part-of"},
	    {'E', NULL, NULL},
	    {'R', "statistic", NULL},
	    {'A', "id", "add-st"},
	    {'A', "indicator", "students"},
	    {'A', "subject", "add-college"},
	    {'A', "value", "1200"},
	    {'C', "part", NULL},
	    {'A', "key", "year-1"},
	    {'A', "value", "400"},
	    {'E', NULL, NULL},
	    {'E', NULL, NULL},
	};
	size_t i;
	int rc = IEDU_OK;

	for (i = 0; i < sizeof ops / sizeof ops[0] && rc == IEDU_OK; i++) {
		switch (ops[i].type) {
		case 'R':
			rc = iedu_batch_record(
			    b, iedu_kind_from_name(ops[i].what));
			break;
		case 'C':
			rc = iedu_batch_child(
			    b, iedu_child_from_name(ops[i].what));
			break;
		case 'A':
			rc = iedu_batch_set(b, iedu_attr_from_name(ops[i].what),
					    ops[i].value, IEDU_NUL);
			break;
		case 'T':
			rc = iedu_batch_text(b, ops[i].value, IEDU_NUL);
			break;
		default:
			rc = iedu_batch_end(b);
		}
	}
	return rc;
}

static bytes added;

static int run_add(op_ctx *c)
{
	iedu_batch *b = (iedu_batch *)1;
	int rc = iedu_batch_new(&b, c->db);

	if (rc != IEDU_OK) {
		assert_null(b);
		return rc;
	}
	rc = add_records(b);
	if (rc == IEDU_OK)
		rc = iedu_batch_commit(b);
	iedu_batch_free(b);
	if (rc == IEDU_OK && added.p)
		assert_exports(c->db, &added, c->name);
	return rc;
}

static void test_add(void **state)
{
	op_ctx c = {"adding records", NULL, {NULL, 0}, 1, NULL, run_add};
	iedu_db *db = oom_db_with_dataset();

	(void)state;
	c.before = export_of(db);
	c.db = db;
	oom_ok(run_add(&c), "adding with nothing failing");
	added = export_of(db);
	iedu_db_free(db);
	fail_both(&c, oom_db_with_dataset, 3);
	free(c.before.p);
	free(added.p);
	assert_int_equal(live(), 0);
}

/* ---- setup ---- */

/* A failed assertion leaves the failure armed: the next test needs memory. */
static int disarm_after(void **state)
{
	(void)state;
	disarm();
	return 0;
}

static int install(void **state)
{
	(void)state;
	memset(&cnt, 0, sizeof cnt);
	return iedu_allocator_set(c_malloc, c_realloc, c_free, &cnt);
}

static int uninstall(void **state)
{
	(void)state;
	if (live() != 0)
		return -1;
	return iedu_allocator_set(NULL, NULL, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest imports[] = {
	    cmocka_unit_test_teardown(test_import_dataset, disarm_after),
	    cmocka_unit_test_teardown(test_import_generated, disarm_after),
	    cmocka_unit_test_teardown(test_import_oversized_event,
				      disarm_after),
	    cmocka_unit_test_teardown(test_add, disarm_after),
	};
	const struct CMUnitTest reads[] = {
	    cmocka_unit_test_teardown(test_export, disarm_after),
	    cmocka_unit_test_teardown(test_sorted, disarm_after),
	    cmocka_unit_test_teardown(test_find_first, disarm_after),
	    cmocka_unit_test_teardown(test_find_later, disarm_after),
	    cmocka_unit_test_teardown(test_check, disarm_after),
	};
	int failed;

	if (install(NULL) != 0)
		return 1;
	failed = cmocka_run_group_tests_name("imports", imports, setup_imports,
					     teardown_imports);
	failed += cmocka_run_group_tests_name("reads", reads, setup_dataset,
					      teardown_dataset);
	failed += uninstall(NULL) != 0;
	return failed != 0;
}
