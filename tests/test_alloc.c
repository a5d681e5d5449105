/*
 * Tests of the replaceable allocator and of the error API, through the
 * public API.
 *
 * A counting allocator proves that every allocation goes through the
 * library's allocator and is freed. Then SQLite's and expat's method:
 * fail the Nth allocation, for every N from 1 until the operation
 * succeeds, once and from N on, over building a database and over
 * checking one. Each failure must be IEDU_ENOMEM with a message saying
 * what was being done, must leave the database exactly as it was, and
 * must leak nothing.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iedu.h>
#include "support/failing_alloc.h"

/* ---- the counting, failing allocator ---- */

/* counter, cnt, c_malloc, c_realloc, c_free: support/failing_alloc.h */

static int install(void **state)
{
	(void)state;
	memset(&cnt, 0, sizeof cnt);
	return iedu_allocator_set(c_malloc, c_realloc, c_free, &cnt);
}

static int uninstall(void **state)
{
	(void)state;
	return iedu_allocator_set(NULL, NULL, NULL, NULL);
}

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

/* Messages of the ENOMEM errors seen, to show once at the end. */
static char nomem_seen[64][160];
static size_t n_nomem_seen;

/* rc is a success, or IEDU_ENOMEM from an injected failure with a message. */
static void assert_ok_or_nomem(int rc, const char *call)
{
	const iedu_error *err = iedu_error_last();
	const char *msg = iedu_error_message(err);
	static const char prefix[] = "out of memory while ";
	size_t i;

	if (rc == IEDU_OK)
		return;
	if (rc != IEDU_ENOMEM)
		fail_msg("%s returned %d (%s) under allocation failure %zu: %s",
			 call, rc, iedu_strerror(rc), cnt.fail_at, msg);
	assert_true(cnt.failures > 0);
	assert_int_equal(iedu_error_code(err), IEDU_ENOMEM);
	if (strncmp(msg, prefix, sizeof prefix - 1) != 0 ||
	    strlen(msg) < sizeof prefix + 4)
		fail_msg("%s: ENOMEM message does not say what was being "
			 "done: \"%s\"",
			 call, msg);
	for (i = 0; i < n_nomem_seen; i++)
		if (strcmp(nomem_seen[i], msg) == 0)
			return;
	if (n_nomem_seen < 64)
		snprintf(nomem_seen[n_nomem_seen++], sizeof nomem_seen[0],
			 "%s", msg);
}

/* ---- the records: a table of builder calls ---- */

typedef struct op {
	char type; /* R record, C child, A attribute, T text, E end */
	int what;  /* kind, child or attribute */
	const char *value;
} op;

#define R(k) {'R', IEDU_KIND_##k, NULL}
#define C(c) {'C', IEDU_CHILD_##c, NULL}
#define A(a, v) {'A', IEDU_ATTR_##a, v}
#define T(v) {'T', 0, v}
#define E {'E', 0, NULL}
#define NAME(text) C(NAME), A(LANG, "zh"), T(text), E
#define CITE(src) C(CITE), A(SOURCE, src), E
#define ORG(id, type, name) R(ORGANIZATION), A(ID, id), A(TYPE, type), NAME(name)

/* Committed first, before any allocation fails. */
static const op base_ops[] = {
	R(SOURCE), A(ID, "src-lvjia"), A(TYPE, "news"),
	A(PUBLISHED, "2024-07-05"), C(TITLE), A(LANG, "zh"),
	T("国家有色金属行业产教融合共同体成立大会在西南铝举行"), E, E,
	ORG("nf-community", "community", "国家有色金属行业产教融合共同体"),
	CITE("src-lvjia"), E,
	ORG("chinalco", "enterprise", "中国铝业集团有限公司"), C(IDENTIFIER),
	A(SCHEME, "uscc"), T("91110000710931141J"), E, E,
	ORG("moe", "government", "中华人民共和国教育部"), E,
	R(STATISTIC), A(ID, "st-nf-members"), A(INDICATOR, "member-units"),
	A(SUBJECT, "nf-community"), A(VALUE, "157"), C(PART),
	A(KEY, "enterprise"), A(VALUE, "88"), E, CITE("src-lvjia"), E,
};

/* ~17 records of every kind, referring to each other and to the base. */
static const op batch_ops[] = {
	ORG("csu", "university", "中南大学"), E,
	ORG("lzre", "vocational-school", "兰州资源环境职业技术大学"),
	C(ALIAS), A(LANG, "en"), A(KIND, "translation"),
	/* not NFC: normalised through the scratch buffer */
	T("Lanzhou Resources and Environment Voc-Tech Unive\xcc\x81rsity"), E,
	E,
	ORG("swa", "enterprise", "西南铝业（集团）有限责任公司"),
	C(IDENTIFIER), A(SCHEME, "uscc"), T("91110000100001720X"), E,
	C(LOCATION), A(DIVISION, "500107"), A(LANG, "zh"), T("重庆市九龙坡区"),
	E, E,
	ORG("zzri", "research-institute", "中铝郑州有色金属研究院有限公司"),
	C(IDENTIFIER), A(SCHEME, "uscc"), T("91110000100001720X"), E, E,
	R(PERSON), A(ID, "wu-yan"), NAME("吴岩"), C(NAME), A(LANG, "en"),
	T("Wu Yan"), E, CITE("src-lvjia"), E,
	R(MEMBERSHIP), A(MEMBER, "chinalco"), A(BODY, "nf-community"),
	A(ROLE, "lead chair"), A(FROM, "2024-07-02"), CITE("src-lvjia"), E,
	R(MEMBERSHIP), A(MEMBER, "csu"), A(BODY, "nf-community"),
	A(ROLE, "lead"), E,
	R(MEMBERSHIP), A(MEMBER, "lzre"), A(BODY, "nf-community"),
	A(ROLE, "lead"), E,
	R(MEMBERSHIP), A(MEMBER, "swa"), A(BODY, "nf-community"),
	A(ROLE, "vice-chair"), A(FROM, "2024-07-02"), A(UNTIL, "2024-07-01"),
	E,
	R(POST), A(PERSON, "wu-yan"), A(ORG, "moe"), C(TITLE), A(LANG, "zh"),
	T("副部长"), E, E,
	R(RELATION), A(FROM, "swa"), A(TO, "chinalco"), A(TYPE, "part-of"), E,
	R(RELATION), A(FROM, "zzri"), A(TO, "chinalco"), A(TYPE, "part-of"),
	E,
	R(DESIGNATION), A(ID, "des-nf"), A(ORG, "nf-community"),
	A(PROGRAMME, "national-industry-community"), A(BATCH, "1"),
	A(ISSUER, "moe"), E,
	R(EVENT), A(ID, "ev-nf-founding"), A(TYPE, "conference"),
	A(DATE, "2024-07-06"), A(HOSTS, "chinalco swa"),
	A(BODY, "nf-community"), NAME("国家有色金属行业产教融合共同体成立大会"),
	C(PLACE), A(LANG, "zh"), A(DIVISION, "500107"), T("重庆市西南铝"), E,
	C(PARTICIPANT), A(PERSON, "wu-yan"), A(ROLE, "speaker"), E,
	C(PARTICIPANT), A(ORG, "csu"), A(ROLE, "signatory"), E,
	C(ATTENDANCE), A(MODE, "total"), A(VALUE, "260"),
	A(QUALIFIER, "more-than"), E, CITE("src-lvjia"), E,
	R(AGREEMENT), A(ID, "ag-zhitongche"), A(TYPE, "framework"),
	A(SIGNED, "2024-07-02"), A(EVENT, "ev-nf-founding"), C(TITLE),
	A(LANG, "zh"), T("“中铝直通车”项目共建框架协议"), E, C(PARTY),
	A(ORG, "chinalco"), E, C(PARTY), A(ORG, "lzre"), E, E,
	R(STATISTIC), A(ID, "st-parts"), A(INDICATOR, "member-units"),
	A(SUBJECT, "nf-community"), A(DATE, "2024-07-02"), A(VALUE, "157"),
	A(UNIT, "organization"), C(LABEL), A(LANG, "en"), T("member units"), E,
	C(PART), A(KEY, "enterprise"), A(VALUE, "88"), E, C(PART),
	A(KEY, "university"), A(VALUE, "19"), E, C(CITE),
	A(SOURCE, "src-lvjia"), A(QUOTE, "157家成员单位"), E, E,
	R(SOURCE), A(ID, "moe-2024"), A(TYPE, "policy"),
	A(PUBLISHED, "2024-06-20"), C(TITLE), A(LANG, "zh"),
	T("第一批国家级行业产教融合共同体名单"), E, C(ISSUER), A(ORG, "moe"), E,
	E,
};

#define NOPS(a) (sizeof a / sizeof a[0])

/*
 * A statistic with enough distinct part keys, and a title long enough,
 * that the string table's arena and index must grow.
 */
#define NPARTS 600
static char part_keys[NPARTS][8];
static char long_title[6000];
static op many_ops[6 + 5 + NPARTS * 4 + 1];

static void make_many_ops(void)
{
	op *o = many_ops;
	int i;

	memset(long_title, 'a', sizeof long_title - 1);
	*o++ = (op)R(STATISTIC);
	*o++ = (op)A(ID, "st-many");
	*o++ = (op)A(INDICATOR, "parts");
	*o++ = (op)A(SCOPE, "CN");
	*o++ = (op)A(VALUE, "600");
	*o++ = (op)C(LABEL);
	*o++ = (op)A(LANG, "en");
	*o++ = (op)T(long_title);
	*o++ = (op)E;
	for (i = 0; i < NPARTS; i++) {
		snprintf(part_keys[i], sizeof part_keys[i], "k%d", i);
		*o++ = (op)C(PART);
		*o++ = (op)A(KEY, part_keys[i]);
		*o++ = (op)A(VALUE, "1");
		*o++ = (op)E;
	}
	*o++ = (op)E;
	assert_true(o <= many_ops + NOPS(many_ops));
}

#define NMANY (9 + NPARTS * 4 + 1)

static int do_op(iedu_batch *b, const op *o)
{
	switch (o->type) {
	case 'R': return iedu_batch_record(b, (iedu_kind)o->what);
	case 'C': return iedu_batch_child(b, (iedu_child)o->what);
	case 'A': return iedu_batch_set(b, (iedu_attr)o->what, o->value,
					IEDU_NUL);
	case 'T': return iedu_batch_text(b, o->value, IEDU_NUL);
	default: return iedu_batch_end(b);
	}
}

/*
 * Runs ops on b. A call that fails (with IEDU_ENOMEM) is retried when
 * retry is set, else its status is returned.
 */
static int run_ops(iedu_batch *b, const op *ops, size_t n, int retry)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = do_op(b, &ops[i]);
		if (rc == IEDU_OK)
			continue;
		assert_ok_or_nomem(rc, "a batch call");
		if (!retry)
			return rc;
		/* a failed call changed nothing: it can be made again */
		rc = do_op(b, &ops[i]);
		if (rc != IEDU_OK)
			fail_msg("op %zu failed again: %s", i,
				 iedu_error_message(iedu_error_last()));
	}
	return IEDU_OK;
}

/* Adds ops in one batch and commits, with no allocation failing. */
static void add_all(iedu_db *db, const op *ops, size_t n)
{
	iedu_batch *b;

	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	if (run_ops(b, ops, n, 0) != IEDU_OK ||
	    iedu_batch_commit(b) != IEDU_OK)
		fail_msg("%s", iedu_error_message(iedu_error_last()));
	iedu_batch_free(b);
}

/* Adds the records of batch_ops and many_ops in one batch. */
static void add_batch(iedu_db *db)
{
	iedu_batch *b;

	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	if (run_ops(b, batch_ops, NOPS(batch_ops), 0) != IEDU_OK ||
	    run_ops(b, many_ops, NMANY, 0) != IEDU_OK ||
	    iedu_batch_commit(b) != IEDU_OK)
		fail_msg("%s", iedu_error_message(iedu_error_last()));
	iedu_batch_free(b);
}

/* ---- a fingerprint of a database: everything readable ---- */

typedef struct text {
	char buf[1 << 17];
	size_t len;
} text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t->len += (size_t)vsnprintf(t->buf + t->len, sizeof t->buf - t->len,
				    fmt, ap);
	va_end(ap);
	assert_true(t->len < sizeof t->buf);
}

static void fingerprint(text *t, const iedu_db *db)
{
	int k, a, c, q;
	uint32_t i, j;

	t->len = 0;
	t->buf[0] = '\0';
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		uint32_t n = iedu_db_count(db, (iedu_kind)k);
		put(t, "%s %u\n", iedu_kind_name((iedu_kind)k), (unsigned)n);
		for (i = 0; i < n; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			const char *id = iedu_record_id(db, h);
			if (id) {
				iedu_handle found = IEDU_NONE;
				assert_int_equal(iedu_db_lookup(&found, db, id),
						 IEDU_OK);
				assert_int_equal(found, h);
			}
			put(t, " %u", (unsigned)h);
			for (a = 1; a <= IEDU_ATTR_COUNT; a++) {
				const char *v =
				    iedu_record_attr(db, h, (iedu_attr)a);
				if (v)
					put(t, " %s=%s",
					    iedu_attr_name((iedu_attr)a), v);
			}
			for (c = 1; c <= IEDU_CHILD_COUNT; c++) {
				uint32_t nc = iedu_record_child_count(
				    db, h, (iedu_child)c);
				for (j = 0; j < nc; j++) {
					const char *tx = iedu_record_child_text(
					    db, h, (iedu_child)c, j);
					put(t, " <%s", iedu_child_name(
							   (iedu_child)c));
					for (a = 1; a <= IEDU_ATTR_COUNT; a++) {
						const char *v =
						    iedu_record_child_attr(
							db, h, (iedu_child)c,
							j, (iedu_attr)a);
						if (v)
							put(t, " %s=%s",
							    iedu_attr_name(
								(iedu_attr)a),
							    v);
					}
					put(t, ">%s", tx ? tx : "");
				}
			}
			for (q = 1; q <= IEDU_QUERY_SOURCES_BY_ISSUER; q++) {
				iedu_handle out[32];
				size_t nq = 0, x;
				if (iedu_db_query(&nq, out, 32, db,
						  (iedu_query)q, h) != IEDU_OK)
					continue;
				assert_true(nq <= 32);
				put(t, " q%d:", q);
				for (x = 0; x < nq; x++)
					put(t, "%u,", (unsigned)out[x]);
			}
			put(t, "\n");
		}
	}
}

static void fingerprint_findings(text *t, const iedu_findings *f)
{
	size_t i;

	t->len = 0;
	t->buf[0] = '\0';
	for (i = 0; i < iedu_findings_count(f); i++)
		put(t, "%d %u %s %s\n", (int)iedu_findings_code(f, i),
		    (unsigned)iedu_findings_record(f, i),
		    iedu_findings_field(f, i), iedu_findings_message(f, i));
}

static text before, after, reference;

/*
 * The database the operations build when nothing fails, in one batch or
 * in two (query results differ: a batch's records are indexed by kind).
 */
static void build_reference(int one_batch)
{
	iedu_db *db;
	iedu_batch *b;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	if (one_batch) {
		assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
		assert_int_equal(run_ops(b, base_ops, NOPS(base_ops), 0),
				 IEDU_OK);
		assert_int_equal(run_ops(b, batch_ops, NOPS(batch_ops), 0),
				 IEDU_OK);
		assert_int_equal(run_ops(b, many_ops, NMANY, 0), IEDU_OK);
		assert_int_equal(iedu_batch_commit(b), IEDU_OK);
		iedu_batch_free(b);
	} else {
		add_all(db, base_ops, NOPS(base_ops));
		add_batch(db);
	}
	fingerprint(&reference, db);
	iedu_db_free(db);
}

/* ---- the counting allocator ---- */

static iedu_handle lzre(const iedu_db *db)
{
	iedu_handle h = IEDU_NONE;

	assert_int_equal(iedu_db_lookup(&h, db, "lzre"), IEDU_OK);
	return h;
}

static void test_every_allocation_counted(void **state)
{
	iedu_db *db;
	iedu_findings *f;
	size_t n0;

	(void)state;
	assert_int_equal(cnt.allocs, 0);
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_true(cnt.allocs > 0);
	n0 = cnt.allocs;
	add_all(db, base_ops, NOPS(base_ops));
	add_batch(db);
	assert_true(cnt.allocs > n0);
	/* normalised to NFC (through a scratch buffer) */
	assert_string_equal(iedu_record_child_text(db, lzre(db),
						   IEDU_CHILD_ALIAS, 0),
			    "Lanzhou Resources and Environment Voc-Tech "
			    "Univ\xc3\xa9rsity");
	assert_int_equal(iedu_db_check(&f, db), IEDU_OK);
	assert_true(iedu_findings_count(f) > 0);
	iedu_findings_free(f);
	assert_true(live() > 0);
	iedu_db_free(db);
	assert_int_equal(cnt.allocs, cnt.frees);
	assert_int_equal(cnt.failures, 0);
	iedu_free(NULL);
}

static void test_allocator_set_partial(void **state)
{
	size_t n;
	iedu_db *db;

	(void)state;
	assert_int_equal(iedu_allocator_set(c_malloc, NULL, NULL, &cnt),
			 IEDU_EINVAL);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "iedu_allocator_set: malloc, realloc and free must "
			    "be given together (all three, or all NULL for the "
			    "default)");
	assert_int_equal(iedu_allocator_set(NULL, c_realloc, c_free, &cnt),
			 IEDU_EINVAL);
	assert_int_equal(iedu_allocator_set(c_malloc, c_realloc, NULL, &cnt),
			 IEDU_EINVAL);
	assert_int_equal(iedu_allocator_set(NULL, NULL, c_free, NULL),
			 IEDU_EINVAL);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_EINVAL);

	/* the allocator in place is kept */
	n = cnt.allocs;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_true(cnt.allocs > n);
	iedu_db_free(db);
	assert_int_equal(cnt.allocs, cnt.frees);

	/* all NULL restores the default: nothing more is counted */
	assert_int_equal(iedu_allocator_set(NULL, NULL, NULL, NULL), IEDU_OK);
	n = cnt.calls;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	add_all(db, base_ops, NOPS(base_ops));
	iedu_db_free(db);
	assert_int_equal(cnt.calls, n);

	/* and a new one can be set again */
	assert_int_equal(iedu_allocator_set(c_malloc, c_realloc, c_free, &cnt),
			 IEDU_OK);
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_true(cnt.calls > n);
	iedu_db_free(db);
	assert_int_equal(cnt.allocs, cnt.frees);
}

/* ---- failing the Nth allocation ---- */

/* (a) from nothing: a database, a batch, its records, the commit. */
static void build_failing(int sticky)
{
	size_t n;

	build_reference(1);
	for (n = 1;; n++) {
		iedu_db *db = (iedu_db *)1;
		iedu_batch *b = NULL;
		int rc;

		arm(n, sticky);
		rc = iedu_db_new(&db);
		assert_ok_or_nomem(rc, "iedu_db_new");
		if (rc != IEDU_OK) {
			assert_null(db);
			assert_int_equal(live(), 0);
			continue;
		}
		rc = iedu_batch_new(&b, db);
		assert_ok_or_nomem(rc, "iedu_batch_new");
		if (rc == IEDU_OK)
			rc = run_ops(b, base_ops, NOPS(base_ops), !sticky);
		if (rc == IEDU_OK)
			rc = run_ops(b, batch_ops, NOPS(batch_ops), !sticky);
		if (rc == IEDU_OK)
			rc = run_ops(b, many_ops, NMANY, !sticky);
		if (rc == IEDU_OK) {
			rc = iedu_batch_commit(b);
			assert_ok_or_nomem(rc, "iedu_batch_commit");
		}
		iedu_batch_free(b);
		if (rc == IEDU_OK) {
			fingerprint(&after, db);
			assert_string_equal(after.buf, reference.buf);
		} else {
			assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
		}
		iedu_db_free(db);
		assert_int_equal(live(), 0);
		if (cnt.failures == 0) {
			assert_int_equal(rc, IEDU_OK);
			break;
		}
	}
	disarm();
	assert_true(n > 10);
}

static void test_build_fail_once(void **state)
{
	(void)state;
	build_failing(0);
}

static void test_build_fail_from_n(void **state)
{
	(void)state;
	build_failing(1);
}

/*
 * (a) on a database that has records: a batch of records that refer to
 * them, and the commit. After a failure the database is exactly as
 * before, and the same records then commit.
 */
static void add_failing(int sticky)
{
	size_t n;

	build_reference(0);
	for (n = 1;; n++) {
		iedu_db *db;
		iedu_batch *b = (iedu_batch *)1;
		int rc;

		disarm();
		assert_int_equal(iedu_db_new(&db), IEDU_OK);
		add_all(db, base_ops, NOPS(base_ops));
		fingerprint(&before, db);

		arm(n, sticky);
		rc = iedu_batch_new(&b, db);
		assert_ok_or_nomem(rc, "iedu_batch_new");
		if (rc != IEDU_OK)
			assert_null(b);
		if (rc == IEDU_OK)
			rc = run_ops(b, batch_ops, NOPS(batch_ops), !sticky);
		if (rc == IEDU_OK)
			rc = run_ops(b, many_ops, NMANY, !sticky);
		if (rc == IEDU_OK) {
			rc = iedu_batch_commit(b);
			assert_ok_or_nomem(rc, "iedu_batch_commit");
			/* the batch is spent either way */
			assert_int_equal(iedu_batch_commit(b), IEDU_ESTATE);
		}
		iedu_batch_free(b);
		disarm();

		if (rc == IEDU_OK) {
			fingerprint(&after, db);
			assert_string_equal(after.buf, reference.buf);
		} else {
			iedu_handle h = 7;
			fingerprint(&after, db);
			assert_string_equal(after.buf, before.buf);
			assert_int_equal(iedu_db_lookup(&h, db, "csu"),
					 IEDU_ENOTFOUND);
			assert_int_equal(h, IEDU_NONE);
			/* with memory again, the same records go in */
			add_batch(db);
			fingerprint(&after, db);
			assert_string_equal(after.buf, reference.buf);
		}
		iedu_db_free(db);
		assert_int_equal(live(), 0);
		if (cnt.failures == 0)
			break;
	}
	assert_true(n > 20);
}

static void test_add_fail_once(void **state)
{
	(void)state;
	add_failing(0);
}

static void test_add_fail_from_n(void **state)
{
	(void)state;
	add_failing(1);
}

/* (b) checking a database with findings. */
static void check_failing(int sticky)
{
	iedu_db *db;
	iedu_findings *f;
	size_t n, base;

	disarm();
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	add_all(db, base_ops, NOPS(base_ops));
	add_batch(db);
	assert_int_equal(iedu_db_check(&f, db), IEDU_OK);
	/*
	 * uscc-check x2, same-identifier, date-order, event-after-source,
	 * member-count x2, parts-short x2
	 */
	assert_int_equal(iedu_findings_count(f), 9);
	fingerprint_findings(&reference, f);
	iedu_findings_free(f);
	fingerprint(&before, db);
	base = live();

	for (n = 1;; n++) {
		int rc;

		f = (iedu_findings *)1;
		arm(n, sticky);
		rc = iedu_db_check(&f, db);
		disarm();
		assert_ok_or_nomem(rc, "iedu_db_check");
		if (rc == IEDU_OK) {
			fingerprint_findings(&after, f);
			assert_string_equal(after.buf, reference.buf);
			iedu_findings_free(f);
		} else {
			assert_null(f);
		}
		assert_int_equal(live(), base);
		if (cnt.failures == 0)
			break;
	}
	assert_true(n > 2);
	fingerprint(&after, db);
	assert_string_equal(after.buf, before.buf);
	iedu_db_free(db);
	assert_int_equal(live(), 0);
}

static void test_check_fail_once(void **state)
{
	(void)state;
	check_failing(0);
}

static void test_check_fail_from_n(void **state)
{
	(void)state;
	check_failing(1);
}

static void test_nomem_messages(void **state)
{
	size_t i;

	(void)state;
	assert_true(n_nomem_seen > 0);
	for (i = 0; i < n_nomem_seen; i++)
		print_message("ENOMEM: %s\n", nomem_seen[i]);
}

/* ---- the error API ---- */

static void test_strerror(void **state)
{
	static const struct {
		int code;
		const char *text;
	} codes[] = {
		{IEDU_OK, "success"},
		{IEDU_ERROR, "error"},
		{IEDU_ENOMEM, "out of memory"},
		{IEDU_EINVAL, "invalid argument"},
		{IEDU_ESTATE, "call out of sequence"},
		{IEDU_EBUSY, "database has an open batch"},
		{IEDU_ENOTFOUND, "not found"},
		{IEDU_EVALUE, "malformed value"},
		{IEDU_EMISSING, "required item missing"},
		{IEDU_EDUPLICATE, "duplicate"},
		{IEDU_EREF, "reference to no record"},
		{IEDU_EKIND, "reference to a record of the wrong kind"},
		{IEDU_ECYCLE, "part-of cycle"},
		{IEDU_ECONSTRAINT, "contradictory values"},
		{IEDU_EUNKNOWN, "unknown attribute or element"},
		{IEDU_ELIMIT, "limit exceeded"},
		{IEDU_EIO, "input/output error"},
		{IEDU_EPARSE, "malformed input"},
		{IEDU_EVERSION, "unsupported format version"},
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		assert_int_equal(codes[i].code, -(int)i);
		assert_string_equal(iedu_strerror(codes[i].code),
				    codes[i].text);
		/* each description is distinct */
		for (j = 0; j < i; j++)
			assert_string_not_equal(iedu_strerror(codes[i].code),
						iedu_strerror(codes[j].code));
	}
	assert_string_equal(iedu_strerror(-19), "unknown status code");
	assert_string_equal(iedu_strerror(1), "unknown status code");
	assert_string_equal(iedu_strerror(INT_MIN), "unknown status code");
	assert_string_equal(iedu_strerror(INT_MAX), "unknown status code");
}

static void assert_clear(void)
{
	const iedu_error *err = iedu_error_last();

	assert_non_null(err);
	assert_int_equal(iedu_error_code(err), IEDU_OK);
	assert_string_equal(iedu_error_message(err), "");
	assert_null(iedu_error_record_id(err));
	assert_int_equal(iedu_error_record_kind(err), IEDU_KIND_NONE);
	assert_null(iedu_error_field(err));
	assert_null(iedu_error_file(err));
	assert_int_equal(iedu_error_line(err), 0);
	assert_int_equal(iedu_error_column(err), 0);
}

static void test_error_clear(void **state)
{
	iedu_db *db;
	iedu_batch *b;
	const iedu_error *err;

	(void)state;
	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_batch_new(&b, db), IEDU_OK);
	assert_int_equal(iedu_batch_record(b, IEDU_KIND_ORGANIZATION), IEDU_OK);
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_ID, "chinalco", IEDU_NUL),
			 IEDU_OK);
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_FOUNDED, "2023-02-29",
					IEDU_NUL),
			 IEDU_EVALUE);
	err = iedu_error_last();
	assert_int_equal(iedu_error_code(err), IEDU_EVALUE);
	assert_string_equal(iedu_error_record_id(err), "chinalco");
	assert_int_equal(iedu_error_record_kind(err), IEDU_KIND_ORGANIZATION);
	assert_string_equal(iedu_error_field(err), "founded");
	assert_true(strlen(iedu_error_message(err)) > 0);

	iedu_error_clear();
	assert_clear();
	/* the same object, now cleared */
	assert_ptr_equal(iedu_error_last(), err);
	iedu_error_clear();
	assert_clear();

	/* a success leaves the last error as it was */
	assert_int_equal(iedu_db_lookup(NULL, db, "x"), IEDU_EINVAL);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
	assert_int_equal(iedu_batch_set(b, IEDU_ATTR_TYPE, "enterprise",
					IEDU_NUL),
			 IEDU_OK);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_EINVAL);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "iedu_db_lookup: out is NULL");
	iedu_batch_free(b);
	iedu_db_free(db);

	/* accessors of no error */
	assert_int_equal(iedu_error_code(NULL), IEDU_EINVAL);
	assert_string_equal(iedu_error_message(NULL), "");
	assert_null(iedu_error_record_id(NULL));
	assert_null(iedu_error_field(NULL));
	assert_null(iedu_error_file(NULL));
	assert_int_equal(iedu_error_line(NULL), 0);
	assert_int_equal(iedu_error_column(NULL), 0);
	assert_int_equal(iedu_error_record_kind(NULL), IEDU_KIND_NONE);
}

typedef struct thread_result {
	int code_at_start;
	char message_at_start[64];
	int own_code;
	char own_message[128];
} thread_result;

static pthread_barrier_t barrier;

/* Thread B: sees no error of A, makes its own, which A does not see. */
static void *thread_b(void *arg)
{
	thread_result *r = arg;
	const iedu_error *err = iedu_error_last();
	iedu_handle h;

	r->code_at_start = iedu_error_code(err);
	snprintf(r->message_at_start, sizeof r->message_at_start, "%s",
		 iedu_error_message(err));
	r->own_code = iedu_db_lookup(&h, NULL, "x");
	pthread_barrier_wait(&barrier); /* B's error is set */
	pthread_barrier_wait(&barrier); /* A has looked at its own */
	snprintf(r->own_message, sizeof r->own_message, "%s",
		 iedu_error_message(iedu_error_last()));
	return NULL;
}

static void test_error_per_thread(void **state)
{
	pthread_t t;
	thread_result r;
	iedu_findings *f;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(iedu_db_check(&f, NULL), IEDU_EINVAL);
	assert_int_equal(pthread_barrier_init(&barrier, NULL, 2), 0);
	assert_int_equal(pthread_create(&t, NULL, thread_b, &r), 0);
	pthread_barrier_wait(&barrier);
	/* B has failed meanwhile: this thread's error is still its own */
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_EINVAL);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "iedu_db_check: db is NULL");
	iedu_error_clear();
	pthread_barrier_wait(&barrier);
	assert_int_equal(pthread_join(t, NULL), 0);
	pthread_barrier_destroy(&barrier);

	assert_int_equal(r.code_at_start, IEDU_OK);
	assert_string_equal(r.message_at_start, "");
	assert_int_equal(r.own_code, IEDU_EINVAL);
	/* clearing here did not clear B's */
	assert_string_equal(r.own_message, "iedu_db_lookup: db is NULL");
	assert_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_allocation_counted,
						install, uninstall),
		cmocka_unit_test_setup_teardown(test_allocator_set_partial,
						install, uninstall),
		cmocka_unit_test_setup_teardown(test_build_fail_once, install,
						uninstall),
		cmocka_unit_test_setup_teardown(test_build_fail_from_n,
						install, uninstall),
		cmocka_unit_test_setup_teardown(test_add_fail_once, install,
						uninstall),
		cmocka_unit_test_setup_teardown(test_add_fail_from_n, install,
						uninstall),
		cmocka_unit_test_setup_teardown(test_check_fail_once, install,
						uninstall),
		cmocka_unit_test_setup_teardown(test_check_fail_from_n,
						install, uninstall),
		cmocka_unit_test(test_nomem_messages),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_error_clear),
		cmocka_unit_test(test_error_per_thread),
	};

	make_many_ops();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
