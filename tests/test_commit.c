/*
 * A commit split between two threads. A database with two import threads
 * resolves and indexes the references of a commit of COMMIT_SPLIT staged
 * records or more in two threads (commit.c); white-box, this test lowers
 * that threshold (db->commit_split) so that documents of a few thousand
 * records take that path, and checks that it gives what the one-thread
 * commit gives: the same database (export), the same answer to every
 * query of every record, the same first error, message for message, and
 * on a failed allocation an untouched database.
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

#include <iedu.h>

#include "model.h"
#include "support/failing_alloc.h"
#include "support/sbuf.h"

/*
 * Organizations, and memberships and relations between them. More than
 * 512 organizations, so that targets fall in both halves of the indexing
 * (blocks of 256 by index); the walk visits the source, the
 * organizations, the memberships, then the relations, so its middle
 * (record 1,700 of 3,401) is membership 999.
 */
#define NORGS 700
#define NMEMBERSHIPS 2000

/*
 * The document: memberships bad_a and bad_b (-1: none) name a member that
 * does not exist ("nobody-<n>"); kind_error: membership kind_error's body
 * is the source, not an organization.
 */
static char *document(size_t *len, const char *prefix, int bad_a, int bad_b,
		      int kind_error)
{
	sbuf s = {NULL, 0, 0};
	int i;

	sbuf_put(&s, "<?xml version='1.0' encoding='UTF-8'?>\n"
		     "<iedu xmlns='urn:iedu:1' version='1'>\n"
		     "<source id='%ssrc' type='report'>"
		     "<title xml:lang='en'>A report</title></source>\n",
		 prefix);
	for (i = 0; i < NORGS; i++)
		sbuf_put(&s,
			 "<organization id='%sorg-%d' type='enterprise'>"
			 "<name xml:lang='zh'>机构%d</name>"
			 "<cite source='%ssrc'/></organization>\n",
			 prefix, i, i, prefix);
	for (i = 0; i < NMEMBERSHIPS; i++) {
		int member = (i * 37) % NORGS;
		int body = (member + 1 + i % 5) % NORGS;
		char m[32], bd[32];
		if (i == bad_a || i == bad_b)
			snprintf(m, sizeof m, "nobody-%d", i);
		else
			snprintf(m, sizeof m, "%sorg-%d", prefix, member);
		if (i == kind_error)
			snprintf(bd, sizeof bd, "%ssrc", prefix);
		else
			snprintf(bd, sizeof bd, "%sorg-%d", prefix, body);
		sbuf_put(&s,
			 "<membership member='%s' body='%s' role='member'>"
			 "<cite source='%ssrc'/></membership>\n",
			 m, bd, prefix);
	}
	for (i = 0; i < NORGS; i++)
		sbuf_put(&s,
			 "<relation from='%sorg-%d' to='%sorg-%d' "
			 "type='partner-of'/>\n",
			 prefix, i, prefix, (i * 7 + 3) % NORGS);
	sbuf_put(&s, "</iedu>\n");
	*len = s.n;
	return s.p;
}

/* A database whose commits are split (split) or not. */
static iedu_db *new_db(int split)
{
	iedu_db *db = NULL;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_db_set_import_threads(db, split ? 2 : 1),
			 IEDU_OK);
	db->commit_split = split ? 1 : UINT32_MAX;
	return db;
}

static char *export(const iedu_db *db)
{
	char *out = NULL, *copy;
	size_t len;

	assert_int_equal(iedu_xml_export_memory(&out, &len, db), IEDU_OK);
	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, out, len + 1);
	iedu_free(out);
	return copy;
}

/* Every query of every record, as text: "kind index query: ids". */
static char *all_queries(const iedu_db *db)
{
	sbuf s = {NULL, 0, 0};
	iedu_handle out[4096];
	int k, q;

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		uint32_t i, n = iedu_db_count(db, (iedu_kind)k);
		for (i = 0; i < n; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			for (q = 1; q <= IEDU_QUERY_SOURCES_BY_ISSUER; q++) {
				size_t c, j;
				if (iedu_db_query(&c, out, 4096, db,
						  (iedu_query)q, h) != IEDU_OK)
					continue; /* not a target of q */
				assert_true(c <= 4096);
				sbuf_put(&s, "%d %u %d:", k, (unsigned)i, q);
				for (j = 0; j < c; j++)
					sbuf_put(&s, " %s",
						 iedu_record_id(db, out[j]));
				sbuf_put(&s, "\n");
			}
		}
	}
	return s.p;
}

/* Query q of the record with id gives exactly the records at want[]. */
static void assert_query(const iedu_db *db, iedu_query q, const char *id,
			 iedu_kind kind, const uint32_t *want, size_t n)
{
	iedu_handle target, out[16];
	size_t c, i;

	assert_int_equal(iedu_db_lookup(&target, db, id), IEDU_OK);
	assert_int_equal(iedu_db_query(&c, out, 16, db, q, target), IEDU_OK);
	assert_int_equal(c, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(iedu_record_kind(db, out[i]), kind);
		assert_int_equal(iedu_record_index(db, out[i]), want[i]);
	}
}

static void test_same_database(void **state)
{
	size_t len1, len2;
	char *doc1 = document(&len1, "", -1, -1, -1);
	/* a second document: the arrays grow past the first one's */
	char *doc2 = document(&len2, "b-", -1, -1, -1);
	iedu_db *one = new_db(0), *two = new_db(1);
	char *e1, *e2, *q1, *q2;
	/* org-0 (a target of the first half, index < 256) is the member of
	 * memberships 0, 700 and 1400; org-300 (of the second) the member of
	 * 500, 1200 and 1900 and the body of 8, 708 and 1408 */
	static const uint32_t of0[] = {0, 700, 1400},
			      of300[] = {500, 1200, 1900},
			      in300[] = {8, 708, 1408};
	int i;

	(void)state;
	assert_int_equal(iedu_xml_import_memory(one, doc1, len1, "a"),
			 IEDU_OK);
	assert_int_equal(one->commit_threads, 0);
	assert_int_equal(iedu_xml_import_memory(two, doc1, len1, "a"),
			 IEDU_OK);
	assert_int_equal(two->commit_threads, 3);
	for (i = 0; i < 2; i++) {
		iedu_db *db = i ? two : one;
		assert_query(db, IEDU_QUERY_BODIES_OF_MEMBER, "org-0",
			     IEDU_KIND_MEMBERSHIP, of0, 3);
		assert_query(db, IEDU_QUERY_BODIES_OF_MEMBER, "org-300",
			     IEDU_KIND_MEMBERSHIP, of300, 3);
		assert_query(db, IEDU_QUERY_MEMBERS_OF_BODY, "org-300",
			     IEDU_KIND_MEMBERSHIP, in300, 3);
	}
	assert_int_equal(iedu_xml_import_memory(one, doc2, len2, "b"),
			 IEDU_OK);
	assert_int_equal(iedu_xml_import_memory(two, doc2, len2, "b"),
			 IEDU_OK);
	e1 = export(one);
	e2 = export(two);
	assert_string_equal(e1, e2);
	q1 = all_queries(one);
	q2 = all_queries(two);
	assert_string_equal(q1, q2);
	free(e1);
	free(e2);
	free(q1);
	free(q2);
	free(doc1);
	free(doc2);
	iedu_db_free(one);
	iedu_db_free(two);
}

/* Records added to lists that earlier commits started. */
static void test_adds_to_earlier_lists(void **state)
{
	size_t len;
	char *doc = document(&len, "", -1, -1, -1);
	iedu_db *one = new_db(0), *two = new_db(1);
	iedu_batch *b;
	char *q1, *q2;
	static const uint32_t after300[] = {500, 1200, 1900, 2400};
	int i;

	(void)state;
	assert_int_equal(iedu_xml_import_memory(one, doc, len, "a"), IEDU_OK);
	assert_int_equal(iedu_xml_import_memory(two, doc, len, "a"), IEDU_OK);
	for (i = 0; i < 2; i++) {
		iedu_db *db = i ? two : one;
		int j;
		assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
		for (j = 0; j < 600; j++) {
			char m[32], bd[32];
			snprintf(m, sizeof m, "org-%d", (j * 13) % NORGS);
			snprintf(bd, sizeof bd, "org-%d", (j * 13 + 5) % NORGS);
			assert_int_equal(
			    iedu_batch_record(b, IEDU_KIND_MEMBERSHIP), IEDU_OK);
			assert_int_equal(
			    iedu_batch_set(b, IEDU_ATTR_MEMBER, m, IEDU_NUL),
			    IEDU_OK);
			assert_int_equal(
			    iedu_batch_set(b, IEDU_ATTR_BODY, bd, IEDU_NUL),
			    IEDU_OK);
			assert_int_equal(
			    iedu_batch_set(b, IEDU_ATTR_ROLE, "chair", IEDU_NUL),
			    IEDU_OK);
			assert_int_equal(iedu_batch_end(b), IEDU_OK);
		}
		assert_int_equal(iedu_batch_commit(b), IEDU_OK);
		assert_int_equal(db->commit_threads, i ? 3 : 0);
		iedu_batch_free(b);
		/* org-300's list: the document's three, then the batch's
		 * membership 400 (record 2,400) */
		assert_query(db, IEDU_QUERY_BODIES_OF_MEMBER, "org-300",
			     IEDU_KIND_MEMBERSHIP, after300, 4);
	}
	q1 = all_queries(one);
	q2 = all_queries(two);
	assert_string_equal(q1, q2);
	free(q1);
	free(q2);
	free(doc);
	iedu_db_free(one);
	iedu_db_free(two);
}

/*
 * Imports a bad document into a database with one organization and
 * checks the error, which names membership n (1-based) and is located at
 * its start tag (line, column), and that nothing changed.
 */
static void check_error(int split, const char *doc, size_t len, int code,
			const char *message, const char *field, uint32_t n,
			uint32_t line, uint32_t column)
{
	iedu_db *db = new_db(split);
	const iedu_error *e;
	const char *base = "<iedu xmlns='urn:iedu:1' version='1'>"
			   "<organization id='kept' type='enterprise'>"
			   "<name xml:lang='zh'>留</name></organization>"
			   "</iedu>";
	char *before, *after, want[512];

	assert_int_equal(
	    iedu_xml_import_memory(db, base, strlen(base), "base"), IEDU_OK);
	before = export(db);
	assert_int_equal(iedu_xml_import_memory(db, doc, len, "doc.xml"),
			 code);
	e = iedu_error_last();
	snprintf(want, sizeof want,
		 "doc.xml:%u:%u: error: membership #%u: %s: %s",
		 (unsigned)line, (unsigned)column, (unsigned)n, field,
		 message);
	assert_int_equal(iedu_error_code(e), code);
	assert_string_equal(iedu_error_message(e), want);
	assert_int_equal(iedu_error_record_kind(e), IEDU_KIND_MEMBERSHIP);
	assert_string_equal(iedu_error_field(e), field);
	assert_string_equal(iedu_error_file(e), "doc.xml");
	assert_int_equal(iedu_error_line(e), line);
	assert_int_equal(iedu_error_column(e), column);
	after = export(db);
	assert_string_equal(before, after);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_MEMBERSHIP), 0);
	free(before);
	free(after);
	iedu_db_free(db);
}

/*
 * Membership i (from 0) is on line 3 + NORGS + i + 1 of the document
 * (the XML declaration, <iedu>, the source, the organizations before
 * it), and its error's column is the length of its start tag:
 * "<membership member='" (20), the member, "' body='" (8), the body,
 * "' role='member'>" (16).
 */
#define LINE_OF(i) ((uint32_t)(3 + NORGS + (i) + 1))
#define COLUMN_OF(member, body) ((uint32_t)(44 + strlen(member) + strlen(body)))

static void test_first_error_in_either_half(void **state)
{
	size_t len;
	char *doc;
	int split;

	(void)state;
	for (split = 0; split < 2; split++) {
		/* one in each half: the first is reported (membership 100:
		 * member org-200, body org-201) */
		doc = document(&len, "", 100, 1900, -1);
		check_error(split, doc, len, IEDU_EREF,
			    "no record has the id 'nobody-100'; expected the "
			    "id of an organization in the database or in the "
			    "same document",
			    "member", 101, LINE_OF(100),
			    COLUMN_OF("nobody-100", "org-201"));
		free(doc);
		/* in the second half alone (1900: org-300, org-301) */
		doc = document(&len, "", 1900, -1, -1);
		check_error(split, doc, len, IEDU_EREF,
			    "no record has the id 'nobody-1900'; expected the "
			    "id of an organization in the database or in the "
			    "same document",
			    "member", 1901, LINE_OF(1900),
			    COLUMN_OF("nobody-1900", "org-301"));
		free(doc);
		/* a record of the wrong kind in the first half (500:
		 * org-300, then the source), a missing one in the second */
		doc = document(&len, "", 1950, -1, 500);
		check_error(split, doc, len, IEDU_EKIND,
			    "'src' is a source; expected the id of an "
			    "organization",
			    "body", 501, LINE_OF(500),
			    COLUMN_OF("org-300", "src"));
		free(doc);
	}
}

/*
 * Every allocation of a split import failing in turn, once: the import
 * fails with IEDU_ENOMEM and the database is as it was, or it succeeds
 * and equals the import that had every allocation; nothing leaks.
 */
static void test_allocation_failures(void **state)
{
	size_t len, fail_at, failed = 0;
	char *doc = document(&len, "", -1, -1, -1), *want, *before;
	iedu_db *db;

	(void)state;
	db = new_db(1);
	assert_int_equal(iedu_xml_import_memory(db, doc, len, "a"), IEDU_OK);
	want = export(db);
	iedu_db_free(db);
	for (fail_at = 1;; fail_at++) {
		int rc;
		char *got;
		memset(&cnt, 0, sizeof cnt);
		assert_int_equal(iedu_allocator_set(c_malloc, c_realloc,
						    c_free, &cnt),
				 IEDU_OK);
		db = new_db(1);
		before = export(db);
		cnt.fail_at = cnt.calls + fail_at;
		rc = iedu_xml_import_memory(db, doc, len, "a");
		cnt.fail_at = 0;
		got = export(db);
		if (rc == IEDU_ENOMEM) {
			assert_string_equal(got, before);
			failed++;
		} else {
			assert_int_equal(rc, IEDU_OK);
			assert_string_equal(got, want);
		}
		free(got);
		free(before);
		iedu_db_free(db);
		assert_int_equal(cnt.allocs, cnt.frees);
		assert_int_equal(iedu_allocator_set(NULL, NULL, NULL, NULL),
				 IEDU_OK);
		/* past the last allocation: nothing failed */
		if (cnt.failures == 0)
			break;
	}
	assert_true(failed > 0);
	free(want);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_database),
	    cmocka_unit_test(test_adds_to_earlier_lists),
	    cmocka_unit_test(test_first_error_in_either_half),
	    cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
