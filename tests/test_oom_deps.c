/*
 * Allocation failures inside libiedu's dependencies: test_oom fails
 * libiedu's own allocations; here libxml2's and ICU's fail too, through
 * their process-wide hooks (support/deps/), which count into the same
 * counter as libiedu's allocator. The Nth allocation of any of the three
 * fails, once and from N on, for N = 1, 1 + STEP, 1 + 2 STEP, ... until
 * the operation completes with nothing failed, over: import of the
 * bundled dataset (from a file, on top of a small document), export to
 * memory, the first sorted listings with the "zh" collator (which build
 * the sort keys), the first iedu_db_find with pinyin queries (which
 * builds the search index) and check.
 *
 * Each iteration asserts that the call succeeds, or fails with a
 * message; with IEDU_ENOMEM when an allocation failed, its message
 * saying what was being done (a failure of libxml2's may surface as
 * another error: see assert_status); that a success gives the result
 * computed with nothing failing; that a failed import leaves the
 * database exporting byte for byte as before; and that no libiedu block
 * leaks. Leaks inside libxml2 and ICU are LeakSanitizer's to find (the
 * ASan stage of CI). Two ICU functions get no failure, for ICU's own
 * bugs: see utrans_openU below.
 *
 * ICU and libxml2 set themselves up once per process (libxml2's parser,
 * ICU's data, its NFC and case-folding instances, the zh collation data,
 * the transliterator registry) and ICU keeps the failure of a one-time
 * set-up for good: main() installs the hooks before the first libxml2
 * or ICU call and warms all of that (warm()) before any failure is
 * armed.
 *
 * Steps: every allocation of the import (~150), the export, the
 * listings (~30) and the check (~20) fails in turn. The first find makes
 * ~6700 (most of them ICU's, writing out the transliteration rules that
 * the romaniser reads its contexts from), each iteration builds the
 * index again (~10 ms, ~40 ms under ASan), so it fails every
 * STEP_FIND-th: about 270 iterations per mode, which keeps the program
 * at ~20 s under ASan. IEDU_OOM_EVERY=1 in the environment fails every
 * allocation of every operation (a few minutes). main() prints each
 * operation's number of allocations and iterations.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dlfcn.h>
#include <unicode/utrans.h>

#include <iedu.h>
#include "support/failing_alloc.h"
#include "support/oom_common.h"
#include "support/deps/dep_alloc.h"

/* the first find fails every STEP_FIND-th allocation (see above) */
#define STEP_FIND 25

/* ---- the counters: libiedu's allocator and the dependencies' hooks ---- */

/*
 * Two ICU functions get no failure: when one of their allocations fails,
 * ICU 72 goes on as if it had not, and no way of calling them avoids
 * that. utrans_openU may then report U_INVALID_ID, or return a
 * transliterator that crashes when used (Transliterator::
 * createBasicInstance ignores the status TransliteratorAlias::create
 * sets; CompoundTransliterator::init leaves its count set with no
 * array). utrans_transUChars may return the text untransliterated, with
 * no error (StringMatcher::replace ignores a failed UnicodeString::copy),
 * so a name would be indexed without its pinyin. Their allocations
 * neither fail nor count: these definitions take the place of ICU's for
 * libiedu's calls (the dynamic linker looks in the program first) and
 * call ICU's with the hooks disarmed.
 */
#define NAME_OF(f)  NAME_OF_(f)
#define NAME_OF_(f) #f

static void *icu_function(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		fprintf(stderr, "no %s in ICU: %s\n", name, dlerror());
		abort();
	}
	return f;
}

UTransliterator *utrans_openU(const UChar *id, int32_t id_len,
			      UTransDirection dir, const UChar *rules,
			      int32_t rules_len, UParseError *pe,
			      UErrorCode *st)
{
	typedef UTransliterator *fn(const UChar *, int32_t, UTransDirection,
				    const UChar *, int32_t, UParseError *,
				    UErrorCode *);
	static fn *icu;
	int armed = dep_alloc_armed;
	UTransliterator *t;

	if (!icu)
		*(void **)&icu = icu_function(NAME_OF(utrans_openU));
	dep_alloc_armed = 0;
	t = icu(id, id_len, dir, rules, rules_len, pe, st);
	dep_alloc_armed = armed;
	return t;
}

void utrans_transUChars(const UTransliterator *trans, UChar *text, int32_t *len,
			int32_t cap, int32_t start, int32_t *limit,
			UErrorCode *st)
{
	typedef void fn(const UTransliterator *, UChar *, int32_t *, int32_t,
			int32_t, int32_t *, UErrorCode *);
	static fn *icu;
	int armed = dep_alloc_armed;

	if (!icu)
		*(void **)&icu = icu_function(NAME_OF(utrans_transUChars));
	dep_alloc_armed = 0;
	icu(trans, text, len, cap, start, limit, st);
	dep_alloc_armed = armed;
}

/* what was armed last, for the messages (disarm() clears cnt's) */
static size_t armed_at;
static int armed_sticky;

static void arm(size_t n, int sticky)
{
	armed_at = n;
	armed_sticky = sticky;
	cnt.calls = 0;
	cnt.failures = 0;
	cnt.fail_at = n;
	cnt.sticky = sticky;
	dep_alloc_failures = 0;
	dep_alloc_xml_failures = 0;
	dep_alloc_armed = 1;
}

static void disarm(void)
{
	dep_alloc_armed = 0;
	cnt.fail_at = 0;
	cnt.sticky = 0;
}

static size_t live(void)
{
	return cnt.allocs - cnt.frees;
}

/* iterations where libxml2 ran out of memory and said something else */
static size_t xml_other_errors;

/*
 * rc is a success, or an error with a message: IEDU_ENOMEM saying what
 * was being done when an allocation failed. libxml2 2.9.14 does not
 * always report its own allocation failures as such: a name or value it
 * could not copy can come out as a malformed-document error (EPARSE), or
 * a missing attribute or text (the reader is given NULL). That is
 * accepted only when a libxml2 allocation did fail; a failure of
 * libiedu's or ICU's must be IEDU_ENOMEM.
 */
static void assert_status(int rc, const char *call)
{
	const iedu_error *err = iedu_error_last();
	const char *msg = iedu_error_message(err);
	static const char nomem[] = "out of memory while ";

	if (rc == IEDU_OK)
		return;
	if (!msg || !*msg)
		fail_msg("%s returned %d with no message", call, rc);
	if (cnt.failures == 0)
		fail_msg("%s returned %d (%s) with no allocation failed: %s",
			 call, rc, iedu_strerror(rc), msg);
	if (rc != IEDU_ENOMEM) {
		if (dep_alloc_xml_failures == 0)
			fail_msg("%s returned %d (%s) under allocation failure "
				 "%zu%s (%zu of libxml2's or ICU's, none of "
				 "libxml2's): %s",
				 call, rc, iedu_strerror(rc), armed_at,
				 armed_sticky ? " and on" : "",
				 dep_alloc_failures, msg);
		xml_other_errors++;
		return;
	}
	assert_int_equal(iedu_error_code(err), IEDU_ENOMEM);
	/* after the location and the record when there are ones */
	if (strstr(msg, nomem) == NULL ||
	    strlen(strstr(msg, nomem)) < sizeof nomem + 4)
		fail_msg("%s: ENOMEM message does not say what was being "
			 "done: \"%s\"",
			 call, msg);
}

static void differs(const char *call)
{
	fail_msg("%s succeeded with another result than with nothing failing "
		 "(allocation failure %zu%s)",
		 call, armed_at, armed_sticky ? " and on" : "");
}

/* ---- helpers with no failure armed ---- */

static void assert_exports(const iedu_db *db, const char *expected, size_t len,
			   const char *what)
{
	size_t n;
	char *x;

	disarm();
	oom_ok(iedu_xml_export_memory(&x, &n, db), "export");
	if (n != len || memcmp(x, expected, n) != 0)
		fail_msg("%s: the database changed (allocation failure %zu%s)",
			 what, armed_at, armed_sticky ? " and on" : "");
	iedu_free(x);
}

/*
 * What the first find runs over: building the index over the dataset
 * opens ICU's transliterators and romanises every name, several thousand
 * allocations of ICU's and libiedu's, each an iteration that builds it
 * again. These records cover what the index holds (Han names with a
 * reading that depends on the context, a personal name, Latin names, an
 * alias in pinyin); the later finds, and the index over the dataset
 * without ICU failing, are test_oom's.
 */
static const char small_doc[] =
    "<iedu xmlns='urn:iedu:1' version='1'>"
    "<source id='s' type='news' published='2024-07-02'>"
    "<title xml:lang='zh'>共同体成立大会在重庆举行</title></source>"
    "<organization id='csu' type='university'>"
    "<name xml:lang='zh'>中南大学</name>"
    "<name xml:lang='en'>Central South University</name>"
    "<cite source='s'/></organization>"
    "<organization id='cq' type='vocational-school'>"
    "<name xml:lang='zh'>重庆工业职业技术学院</name>"
    "<alias xml:lang='zh-Latn-pinyin' kind='transliteration'>"
    "Chongqing Gongye</alias><cite source='s'/></organization>"
    "<person id='p'><name xml:lang='zh'>吕长江</name>"
    "<cite source='s'/></person></iedu>";

static iedu_db *small_db(void)
{
	return oom_db_of(small_doc, "small");
}

/* ---- the driver ---- */

typedef struct op_ctx op_ctx;

struct op_ctx {
	const char *name;
	iedu_db *(*fresh)(void); /* each iteration's database (NULL: db) */
	iedu_db *db;
	size_t step;
	const char *before; /* a mutation's export before the call */
	size_t before_len;
	int (*run)(op_ctx *c); /* the call; checks a success's result */
	const void *expected;
};

/* The number of allocations the operation makes, all of them counted. */
static size_t allocations(op_ctx *c)
{
	size_t n;

	if (c->fresh)
		c->db = c->fresh();
	arm(0, 0);
	oom_ok(c->run(c), c->name);
	n = cnt.calls;
	disarm();
	if (c->fresh) {
		iedu_db_free(c->db);
		c->db = NULL;
	}
	return n;
}

static size_t fail_every(op_ctx *c, int sticky)
{
	size_t n, iterations = 0, base = live();
	double t0 = oom_cpu_seconds();
	int rc;

	for (n = 1;; n += c->step) {
		if (c->fresh)
			c->db = c->fresh();
		arm(n, sticky);
		rc = c->run(c);
		disarm();
		iterations++;
		assert_status(rc, c->name);
		if (rc != IEDU_OK && c->before)
			assert_exports(c->db, c->before, c->before_len,
				       c->name);
		if (c->fresh) {
			iedu_db_free(c->db);
			c->db = NULL;
		}
		if (live() != base)
			fail_msg("%s: %zu libiedu blocks leaked at allocation "
				 "failure %zu%s",
				 c->name, live() - base, n,
				 sticky ? " and on" : "");
		if (cnt.failures == 0) {
			assert_int_equal(rc, IEDU_OK);
			break;
		}
	}
	print_message("%s, %s: %zu iterations, %.2f s CPU\n", c->name,
		      sticky ? "from N on" : "once", iterations,
		      oom_cpu_seconds() - t0);
	return iterations;
}

static void fail_both(op_ctx *c)
{
	size_t total = allocations(c);

	if (getenv("IEDU_OOM_EVERY"))
		c->step = 1;
	print_message("%s: %zu allocations (libiedu's, libxml2's and ICU's), "
		      "every %zu%s failed\n",
		      c->name, total, c->step, c->step == 1 ? "st" : "th");
	assert_true(total > 0);
	assert_true(fail_every(c, 0) >= 2);
	assert_true(fail_every(c, 1) >= 2);
}

/* ---- import ---- */

static int run_import(op_ctx *c)
{
	int rc = iedu_xml_import_file(c->db, OOM_DATASET);

	if (rc == IEDU_OK)
		assert_exports(c->db, c->expected, strlen(c->expected),
			       c->name);
	return rc;
}

/* The dataset's import on a database made by fresh(), every failure. */
static void fail_import(const char *name, iedu_db *(*fresh)(void))
{
	op_ctx c = {.name = name, .fresh = fresh, .step = 1, .run = run_import};
	iedu_db *db = oom_db_with_base();
	char *expected;
	size_t len;

	c.before = oom_export_copy(db, &c.before_len);
	oom_ok(iedu_xml_import_file(db, OOM_DATASET),
	       "the dataset on the base");
	expected = oom_export_copy(db, &len);
	iedu_db_free(db);
	c.expected = expected;
	xml_other_errors = 0;
	fail_both(&c);
	print_message("%s: %zu failures of libxml2's reported as another "
		      "error than IEDU_ENOMEM\n",
		      c.name, xml_other_errors);
	free(expected);
	free((char *)c.before);
}

/*
 * With a parsing thread too: libxml2 allocates in that thread, and a
 * failure there reaches the importing thread as an event.
 */
static iedu_db *base_two_threads(void)
{
	iedu_db *db = oom_db_with_base();

	oom_ok(iedu_db_set_import_threads(db, 2), "allowing two threads");
	return db;
}

static void test_import(void **state)
{
	(void)state;
	fail_import("importing the dataset", oom_db_with_base);
	fail_import("importing the dataset with two threads",
		    base_two_threads);
}

/* ---- reads ---- */

static int run_export(op_ctx *c)
{
	const char *expected = c->expected;
	char *x = (char *)1;
	size_t n = 7;
	int rc = iedu_xml_export_memory(&x, &n, c->db);

	if (rc == IEDU_OK) {
		if (n != strlen(expected) || memcmp(x, expected, n) != 0)
			differs(c->name);
		iedu_free(x);
	} else {
		assert_null(x);
	}
	return rc;
}

static void test_export(void **state)
{
	iedu_db *db = oom_db_with_dataset();
	op_ctx c = {.name = "exporting to memory",
		    .db = db,
		    .step = 1,
		    .run = run_export};
	size_t len;
	char *expected = oom_export_copy(db, &len);

	(void)state;
	c.expected = expected;
	fail_both(&c);
	free(expected);
	iedu_db_free(db);
}

/* The collator is opened under the failure too. */
static int run_sorted(op_ctx *c)
{
	char *const *expected = c->expected;
	char *got[OOM_NSORTED];
	size_t k;
	int rc = oom_sorted_listings(c->db, got);

	for (k = 0; k < OOM_NSORTED; k++)
		if (got[k]) {
			if (strcmp(got[k], expected[k]) != 0)
				differs(c->name);
			free(got[k]);
		}
	return rc;
}

static void test_sorted(void **state)
{
	char *expected[OOM_NSORTED];
	op_ctx c = {.name = "the first sorted listings (zh)",
		    .fresh = oom_db_with_dataset,
		    .step = 1,
		    .run = run_sorted,
		    .expected = expected};
	iedu_db *db = oom_db_with_dataset();
	size_t k;

	(void)state;
	oom_ok(oom_sorted_listings(db, expected), "sorted listings");
	for (k = 0; k < OOM_NSORTED; k++)
		assert_true(strtoul(expected[k], NULL, 10) > 1);
	iedu_db_free(db);
	fail_both(&c);
	for (k = 0; k < OOM_NSORTED; k++)
		free(expected[k]);
}

/* Pinyin, with and without spaces and tones, and Han. */
static const char *const queries[] = {"zhongnan daxue", "chongqing",
				      "lü changjiang", "重庆"};
#define NQUERIES (sizeof queries / sizeof queries[0])

static int run_find(op_ctx *c)
{
	char *const *expected = c->expected;
	size_t q;
	int rc = IEDU_OK;

	for (q = 0; q < NQUERIES && rc == IEDU_OK; q++) {
		iedu_matches *m = (iedu_matches *)1;

		rc = iedu_db_find(&m, c->db, queries[q], IEDU_KIND_NONE, 0);
		if (rc == IEDU_OK) {
			char *got = oom_matches_text(m);
			if (strcmp(got, expected[q]) != 0)
				differs(c->name);
			free(got);
			iedu_matches_free(m);
		} else {
			assert_null(m);
		}
	}
	return rc;
}

static void test_find(void **state)
{
	char *expected[NQUERIES];
	op_ctx c = {.name = "the first finds (building the index)",
		    .fresh = small_db,
		    .step = STEP_FIND,
		    .run = run_find,
		    .expected = expected};
	iedu_db *db = small_db();
	size_t q;

	(void)state;
	for (q = 0; q < NQUERIES; q++) {
		iedu_matches *m;

		oom_ok(iedu_db_find(&m, db, queries[q], IEDU_KIND_NONE, 0),
		       queries[q]);
		assert_true(iedu_matches_count(m) > 0);
		expected[q] = oom_matches_text(m);
		iedu_matches_free(m);
	}
	iedu_db_free(db);
	fail_both(&c);
	for (q = 0; q < NQUERIES; q++)
		free(expected[q]);
}

static int run_check(op_ctx *c)
{
	iedu_findings *f = (iedu_findings *)1;
	int rc = iedu_db_check(&f, c->db);

	if (rc == IEDU_OK) {
		char *got = oom_findings_text(f);
		if (strcmp(got, c->expected) != 0)
			differs(c->name);
		free(got);
		iedu_findings_free(f);
	} else {
		assert_null(f);
	}
	return rc;
}

static void test_check(void **state)
{
	iedu_db *db = oom_db_with_dataset();
	op_ctx c = {.name = "checking", .db = db, .step = 1, .run = run_check};
	iedu_findings *f;
	char *expected;

	(void)state;
	oom_ok(iedu_db_check(&f, db), "check");
	expected = oom_findings_text(f);
	iedu_findings_free(f);
	c.expected = expected;
	fail_both(&c);
	free(expected);
	iedu_db_free(db);
}

/* ---- setup ---- */

/* A failed assertion leaves the failure armed: the next test needs memory. */
static int disarm_after(void **state)
{
	(void)state;
	disarm();
	return 0;
}

/*
 * Everything libxml2 and ICU set up once per process, done with nothing
 * failing: the parser, ICU's data and NFC instance (import), the zh
 * collation data (a listing), the transliterators and the search's
 * normalisers and collator (a find).
 */
static int warm(void)
{
	iedu_db *db = oom_db_with_dataset();
	iedu_collator *coll;
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_handle *h;
	iedu_matches *m;
	iedu_findings *f;
	size_t n;
	int rc;

	rc = iedu_collator_new(&coll, "zh", IEDU_STRENGTH_TERTIARY);
	if (rc == IEDU_OK) {
		o.kind = IEDU_KIND_ORGANIZATION;
		o.collator = coll;
		rc = iedu_db_sorted(&h, &n, db, &o);
		iedu_collator_free(coll);
	}
	if (rc == IEDU_OK) {
		iedu_free(h);
		rc = iedu_db_find(&m, db, "zhongnan", IEDU_KIND_NONE, 0);
	}
	if (rc == IEDU_OK) {
		iedu_matches_free(m);
		rc = iedu_db_check(&f, db);
	}
	if (rc == IEDU_OK)
		iedu_findings_free(f);
	iedu_db_free(db);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_import, disarm_after),
	    cmocka_unit_test_teardown(test_export, disarm_after),
	    cmocka_unit_test_teardown(test_sorted, disarm_after),
	    cmocka_unit_test_teardown(test_find, disarm_after),
	    cmocka_unit_test_teardown(test_check, disarm_after),
	};
	int failed;

	memset(&cnt, 0, sizeof cnt);
	if (dep_alloc_install() != 0 ||
	    iedu_allocator_set(c_malloc, c_realloc, c_free, &cnt) != IEDU_OK) {
		fprintf(stderr, "installing the failing allocators failed\n");
		return 1;
	}
	if (warm() != IEDU_OK) {
		fprintf(stderr, "warming up failed: %s\n",
			iedu_error_message(iedu_error_last()));
		return 1;
	}
	failed = cmocka_run_group_tests_name("dependencies", tests, NULL, NULL);
	if (live() != 0) {
		fprintf(stderr, "%zu libiedu blocks leaked\n", live());
		failed++;
	}
	return failed != 0 || iedu_allocator_set(NULL, NULL, NULL, NULL) != 0;
}
