/*
 * Several threads reading one database at once, through the public API:
 * lookups and record accessors, queries, sorted listings (through one
 * shared collator and through collators of their own), find, check and
 * export to memory. The threads start together on a fresh database, so
 * they also race to build its search index and its cache of listings.
 * Every result must equal the one computed by one thread alone on an
 * identical database, and each thread's errors stay its own.
 *
 * Meant for a ThreadSanitizer build (-DIEDU_SANITIZE=thread), where a
 * data race fails the test; under any other build it checks the results.
 * docs/threading.md states which calls are safe from which threads.
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

#include "support/sbuf.h"

#define DATASET IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"
#define NTHREADS 4
#define ROUNDS 3

/* ---- what a thread computes; everything goes into one text ---- */

static const char *const queries[] = {"zhongnan daxue", "中南", "TONGJI",
				      "lü", "youse jinshu", "Chinalco"};
static const char *const locales[] = {"zh", "zh@collation=stroke", "en",
				      ""};

/* Failures are written into the text too, so that they compare unequal. */
static void status(sbuf *s, int rc, const char *what)
{
	if (rc != IEDU_OK)
		sbuf_put(s, "FAILED %s: %d %s\n", what, rc,
		    iedu_error_message(iedu_error_last()));
}

static void lookups(sbuf *s, const iedu_db *db)
{
	int k, a;
	uint32_t i, j;

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		uint32_t n = iedu_db_count(db, (iedu_kind)k);
		for (i = 0; i < n; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			const char *id = iedu_record_id(db, h);
			sbuf_put(s, "%u %s", (unsigned)h, id ? id : "-");
			if (id) {
				iedu_handle found = IEDU_NONE;
				status(s, iedu_db_lookup(&found, db, id),
				       "lookup");
				if (found != h)
					sbuf_put(s, " LOOKUP MISMATCH");
			}
			for (a = 1; a <= IEDU_ATTR_COUNT; a++) {
				const char *v =
				    iedu_record_attr(db, h, (iedu_attr)a);
				if (v)
					sbuf_put(s, " %d=%s", a, v);
			}
			for (j = 0; j < iedu_record_child_count(
					    db, h, IEDU_CHILD_NAME);
			     j++)
				sbuf_put(s, " <%s>", iedu_record_child_text(
						    db, h, IEDU_CHILD_NAME, j));
			sbuf_put(s, " [%s]\n",
			    iedu_record_display_name(db, h, "zh"));
		}
	}
}

static void queries_of(sbuf *s, const iedu_db *db)
{
	uint32_t i, n = iedu_db_count(db, IEDU_KIND_ORGANIZATION);
	int q;

	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, i);
		for (q = IEDU_QUERY_MEMBERS_OF_BODY;
		     q <= IEDU_QUERY_SOURCES_BY_ISSUER; q++) {
			iedu_handle out[64];
			size_t count = 0, x;
			if (iedu_db_query(&count, out, 64, db, (iedu_query)q,
					  h) != IEDU_OK)
				continue;
			sbuf_put(s, "q%d %u:", q, (unsigned)h);
			for (x = 0; x < count && x < 64; x++)
				sbuf_put(s, " %u", (unsigned)out[x]);
			sbuf_put(s, "\n");
		}
	}
}

static void listing(sbuf *s, const iedu_db *db, const iedu_collator *coll,
		    iedu_kind kind)
{
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_handle *h = NULL;
	size_t n = 0, i;

	o.kind = kind;
	o.collator = coll;
	status(s, iedu_db_sorted(&h, &n, db, &o), "sorted");
	sbuf_put(s, "sorted %d %s:", (int)kind,
	    coll ? iedu_collator_locale(coll) : "root");
	for (i = 0; i < n; i++)
		sbuf_put(s, " %u", (unsigned)h[i]);
	sbuf_put(s, "\n");
	iedu_free(h);
}

static void listings(sbuf *s, const iedu_db *db, const iedu_collator *shared)
{
	size_t l;

	listing(s, db, shared, IEDU_KIND_ORGANIZATION);
	listing(s, db, shared, IEDU_KIND_PERSON);
	listing(s, db, NULL, IEDU_KIND_SOURCE);
	for (l = 0; l < sizeof locales / sizeof locales[0]; l++) {
		iedu_collator *c = NULL;
		status(s,
		       iedu_collator_new(&c, locales[l],
					 IEDU_STRENGTH_TERTIARY),
		       "collator");
		listing(s, db, c, IEDU_KIND_ORGANIZATION);
		iedu_collator_free(c);
	}
}

static void finds(sbuf *s, const iedu_db *db)
{
	size_t q, i;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		iedu_matches *m = NULL;
		status(s, iedu_db_find(&m, db, queries[q], IEDU_KIND_NONE, 0),
		       "find");
		sbuf_put(s, "find %s:", queries[q]);
		for (i = 0; i < iedu_matches_count(m); i++)
			sbuf_put(s, " %u/%s/%d", (unsigned)iedu_matches_record(m, i),
			    iedu_matches_text(m, i),
			    (int)iedu_matches_how(m, i));
		sbuf_put(s, "\n");
		iedu_matches_free(m);
	}
}

static void check_and_export(sbuf *s, const iedu_db *db)
{
	iedu_findings *f = NULL;
	char *x = NULL;
	size_t n = 0, i;

	status(s, iedu_db_check(&f, db), "check");
	for (i = 0; i < iedu_findings_count(f); i++)
		sbuf_put(s, "finding %s\n", iedu_findings_message(f, i));
	iedu_findings_free(f);
	status(s, iedu_xml_export_memory(&x, &n, db), "export");
	sbuf_put(s, "export %zu\n%s", n, x ? x : "");
	iedu_free(x);
}

/* One round, in an order that depends on the thread: all of it. */
static void everything(sbuf *s, const iedu_db *db, const iedu_collator *shared,
		       int order)
{
	sbuf part[5] = {{NULL, 0, 0}};
	int i;

	for (i = 0; i < 5; i++) {
		switch ((i + order) % 5) {
		case 0: finds(&part[0], db); break;
		case 1: listings(&part[1], db, shared); break;
		case 2: lookups(&part[2], db); break;
		case 3: queries_of(&part[3], db); break;
		default: check_and_export(&part[4], db);
		}
	}
	for (i = 0; i < 5; i++) {
		sbuf_put(s, "%s", part[i].p ? part[i].p : "");
		free(part[i].p);
	}
}

/* ---- the threads ---- */

typedef struct job {
	const iedu_db *db;
	const iedu_collator *shared;
	int order;
	pthread_barrier_t *start;
	sbuf result[ROUNDS];
	char own_error[256];
} job;

static void *reader(void *arg)
{
	job *j = arg;
	char id[32];
	iedu_handle h;
	int r;

	pthread_barrier_wait(j->start);
	for (r = 0; r < ROUNDS; r++)
		everything(&j->result[r], j->db, j->shared, j->order + r);
	/* an error of this thread's own, which no other thread changes */
	snprintf(id, sizeof id, "no-such-id-%d", j->order);
	if (iedu_db_lookup(&h, j->db, id) == IEDU_ENOTFOUND)
		snprintf(j->own_error, sizeof j->own_error, "%s",
			 iedu_error_message(iedu_error_last()));
	return NULL;
}

static iedu_db *load(void)
{
	iedu_db *db;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	if (iedu_xml_import_file(db, DATASET) != IEDU_OK)
		fail_msg("%s", iedu_error_message(iedu_error_last()));
	return db;
}

static void readers_agree(void **state)
{
	iedu_db *alone = load(), *shared_db = load();
	iedu_collator *coll;
	sbuf expected = {NULL, 0, 0};
	pthread_barrier_t start;
	pthread_t t[NTHREADS];
	job *jobs = calloc(NTHREADS, sizeof *jobs);
	int i, r;

	(void)state;
	assert_non_null(jobs);
	assert_int_equal(iedu_collator_new(&coll, "zh", IEDU_STRENGTH_TERTIARY),
			 IEDU_OK);
	everything(&expected, alone, coll, 0);
	assert_null(strstr(expected.p, "FAILED"));

	assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
	for (i = 0; i < NTHREADS; i++) {
		jobs[i].db = shared_db;
		jobs[i].shared = coll;
		jobs[i].order = i;
		jobs[i].start = &start;
		assert_int_equal(pthread_create(&t[i], NULL, reader, &jobs[i]),
				 0);
	}
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);

	for (i = 0; i < NTHREADS; i++) {
		char msg[64];
		for (r = 0; r < ROUNDS; r++) {
			if (jobs[i].result[r].n != expected.n ||
			    memcmp(jobs[i].result[r].p, expected.p,
				   expected.n) != 0)
				fail_msg("thread %d, round %d: results differ "
					 "from one thread's alone",
					 i, r);
			free(jobs[i].result[r].p);
		}
		snprintf(msg, sizeof msg, "no record has the id 'no-such-id-%d'",
			 i);
		assert_non_null(strstr(jobs[i].own_error, msg));
	}
	free(expected.p);
	free(jobs);
	iedu_collator_free(coll);
	iedu_db_free(shared_db);
	iedu_db_free(alone);
}

/*
 * Imports into separate databases, one per thread, at once: each gets
 * the same records, and a bad document's error goes to its own thread
 * (the reader captures libxml2's errors per parse).
 */
typedef struct import_job {
	pthread_barrier_t *start;
	int bad;
	int rc;
	char message[512];
	char *export;
	size_t export_len;
} import_job;

static void *importer(void *arg)
{
	static const char bad_doc[] = "<iedu xmlns='urn:iedu:1' version='1'>"
				      "<organization id='x' type='university'>"
				      "<name xml:lang='zh'>甲</name></organization>"
				      "<oops/></iedu>";
	import_job *j = arg;
	iedu_db *db;
	int r;

	pthread_barrier_wait(j->start);
	for (r = 0; r < ROUNDS; r++) {
		if (iedu_db_new(&db) != IEDU_OK)
			return NULL;
		if (j->bad) {
			j->rc = iedu_xml_import_memory(db, bad_doc,
						       sizeof bad_doc - 1,
						       "bad");
			snprintf(j->message, sizeof j->message, "%s",
				 iedu_error_message(iedu_error_last()));
		} else {
			j->rc = iedu_xml_import_file(db, DATASET);
			iedu_free(j->export);
			j->export = NULL;
			if (j->rc == IEDU_OK)
				j->rc = iedu_xml_export_memory(
				    &j->export, &j->export_len, db);
		}
		iedu_db_free(db);
	}
	return NULL;
}

static void imports_at_once(void **state)
{
	iedu_db *alone = load();
	char *expected;
	size_t expected_len;
	pthread_barrier_t start;
	pthread_t t[NTHREADS];
	import_job jobs[NTHREADS];
	int i;

	(void)state;
	assert_int_equal(iedu_xml_export_memory(&expected, &expected_len, alone),
			 IEDU_OK);
	memset(jobs, 0, sizeof jobs);
	assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
	for (i = 0; i < NTHREADS; i++) {
		jobs[i].start = &start;
		jobs[i].bad = i % 2;
		assert_int_equal(
		    pthread_create(&t[i], NULL, importer, &jobs[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (i = 0; i < NTHREADS; i++) {
		if (jobs[i].bad) {
			assert_int_equal(jobs[i].rc, IEDU_EUNKNOWN);
			if (strncmp(jobs[i].message, "bad:1:", 6) != 0 ||
			    !strstr(jobs[i].message,
				    "error: unknown element <oops>"))
				fail_msg("thread %d: %s", i, jobs[i].message);
		} else {
			assert_int_equal(jobs[i].rc, IEDU_OK);
			assert_int_equal(jobs[i].export_len, expected_len);
			assert_memory_equal(jobs[i].export, expected,
					    expected_len);
			iedu_free(jobs[i].export);
		}
	}
	iedu_free(expected);
	iedu_db_free(alone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readers_agree),
		cmocka_unit_test(imports_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
