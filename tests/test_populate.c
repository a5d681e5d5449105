/*
 * Prefaulting (alloc.h: iedu__populate, iedu__ahead, and iedu__calloc of
 * a large block): the mark moves exactly as documented, no byte of the
 * array changes, the pages asked for are mapped afterwards and the pages
 * beyond are not, a large calloc is still zero where the allocator
 * reused written memory, and a range the system refuses is ignored with
 * errno left as it was. With a prefaulter in use, the range queued for
 * another thread is exactly the one documented, mapped only when served,
 * first in first out across the counters' wrap, dropped when the queue
 * is full, void once its array has moved, and harmless when refused.
 */
#define _DEFAULT_SOURCE /* mincore, MAP_ANONYMOUS */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "iedu/alloc.h"
#include "alloc.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define MIB ((size_t)1 << 20)

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/*
 * A fresh anonymous mapping of size bytes, never touched, in pages of the
 * base size (where transparent huge pages are "always", populating one
 * page would map its whole 2 MiB).
 */
static char *fresh(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
#ifdef MADV_NOHUGEPAGE
	(void)madvise(p, size, MADV_NOHUGEPAGE);
#endif
	return p;
}

/* How many of the pages of [p, p + len) are resident. */
static size_t resident(const char *p, size_t len)
{
	size_t ps = page_size(), n = (len + ps - 1) / ps, i, count = 0;
	unsigned char vec[4096];

	assert_true(n <= sizeof vec);
	assert_int_equal(mincore((void *)(uintptr_t)p, len, vec), 0);
	for (i = 0; i < n; i++)
		count += vec[i] & 1;
	return count;
}

/* Does this kernel populate at all (Linux 5.14 and later)? */
static int kernel_populates(void)
{
	char *p = fresh(page_size());
	int ok = madvise(p, page_size(), MADV_POPULATE_WRITE) == 0;

	munmap(p, page_size());
	return ok;
}

static void test_mark_moves_as_documented(void **state)
{
	size_t cap = 4 * MIB, done = 0;
	char *p = fresh(cap);

	(void)state;
	/* below the mark: nothing to do, the mark stays */
	done = 1000;
	iedu__ahead(p, cap, 1000, &done);
	assert_int_equal(done, 1000);
	iedu__ahead(p, cap, 10, &done);
	assert_int_equal(done, 1000);
	/* past it: IEDU_AHEAD beyond end */
	iedu__ahead(p, cap, 1001, &done);
	assert_int_equal(done, 1001 + IEDU_AHEAD);
	/* near the end of the array: capped at cap */
	iedu__ahead(p, cap, cap - 10, &done);
	assert_int_equal(done, cap);
	/* an array smaller than IEDU_AHEAD: all of it */
	done = 0;
	iedu__ahead(p, 4096, 1, &done);
	assert_int_equal(done, 4096);
	/* end past cap (a caller's mistake) stays within cap */
	done = 0;
	iedu__populate(p, MIB, 2 * MIB, &done);
	assert_int_equal(done, MIB);
	munmap(p, cap);
}

static void test_pages_asked_for_are_mapped(void **state)
{
	size_t ps = page_size(), cap = 4 * MIB, done = 0;
	char *p = fresh(cap);

	(void)state;
	if (!kernel_populates()) {
		munmap(p, cap);
		skip();
	}
	assert_int_equal(resident(p, cap), 0);
	iedu__ahead(p, cap, 3 * ps + 5, &done);
	assert_int_equal(done, 3 * ps + 5 + IEDU_AHEAD);
	/* every whole page below the mark, and not one beyond */
	assert_int_equal(resident(p, cap), (3 * ps + 5 + IEDU_AHEAD) / ps);
	assert_int_equal(resident(p, (3 * ps + 5 + IEDU_AHEAD) / ps * ps),
			 (3 * ps + 5 + IEDU_AHEAD) / ps);
	/* the next call starts where the last one stopped */
	iedu__ahead(p, cap, 2 * MIB, &done);
	assert_int_equal(done, 2 * MIB + IEDU_AHEAD);
	assert_int_equal(resident(p, cap), (2 * MIB + IEDU_AHEAD) / ps);
	munmap(p, cap);
}

static void test_contents_never_change(void **state)
{
	size_t cap = 3 * MIB + 123, i, done = 0;
	unsigned char *p = iedu__malloc(cap);

	(void)state;
	assert_non_null(p);
	for (i = 0; i < cap; i++)
		p[i] = (unsigned char)(i * 131 + 7);
	/* in steps that start and stop inside pages, then to the end */
	for (i = 1; i < cap; i += 777777)
		iedu__ahead(p, cap, i, &done);
	iedu__ahead(p, cap, cap, &done);
	assert_int_equal(done, cap);
	for (i = 0; i < cap; i++)
		if (p[i] != (unsigned char)(i * 131 + 7))
			fail_msg("byte %zu changed", i);
	iedu__free(p);
}

static void test_large_calloc_is_zero(void **state)
{
	size_t n = 3 * MIB / sizeof(uint32_t), i;
	uint32_t *v;

	(void)state;
	/* a block the allocator hands out again after writing to it */
	v = iedu__malloc(n * sizeof *v);
	assert_non_null(v);
	memset(v, 0xA5, n * sizeof *v);
	iedu__free(v);
	v = iedu__calloc(n, sizeof *v);
	assert_non_null(v);
	/* populating maps pages but clears nothing: the zeroes are calloc's */
	for (i = 0; i < n; i++)
		if (v[i] != 0)
			fail_msg("element %zu is %u, not 0", i, (unsigned)v[i]);
	iedu__free(v);
}

static void test_refused_range_is_ignored(void **state)
{
	size_t ps = page_size(), done = 0;
	char *p = fresh(4 * ps);

	(void)state;
	/* the last two pages are gone: the call fails (ENOMEM) and is
	 * ignored; errno is the caller's */
	assert_int_equal(munmap(p + 2 * ps, 2 * ps), 0);
	errno = 12345;
	iedu__populate(p, 4 * ps, 4 * ps, &done);
	assert_int_equal(errno, 12345);
	assert_int_equal(done, 4 * ps);
	/* memory that cannot be written: refused too, and ignored */
	{
		char *r = fresh(2 * ps);
		assert_int_equal(mprotect(r, 2 * ps, PROT_READ), 0);
		done = 0;
		errno = 23456;
		iedu__populate(r, 2 * ps, 2 * ps, &done);
		assert_int_equal(errno, 23456);
		assert_int_equal(done, 2 * ps);
		assert_int_equal(resident(r, 2 * ps), 0);
		munmap(r, 2 * ps);
	}
	/* and later calls still populate: no refusal of a range turns it
	 * off */
	if (kernel_populates()) {
		char *q = fresh(4 * ps);
		done = 0;
		iedu__populate(q, 4 * ps, 4 * ps, &done);
		assert_int_equal(resident(q, 4 * ps), 4);
		munmap(q, 4 * ps);
	}
	munmap(p, 2 * ps);
}

/* The range a prefaulter is asked for after iedu__populate moved the
 * mark to stop (alloc.h): IEDU_AHEAD bytes, ending IEDU_PREFAULT_LEAD
 * past stop, in whole pages. */
static void queued_range(const char *p, size_t stop, size_t *from, size_t *to)
{
	uintptr_t at = (uintptr_t)p + stop + IEDU_PREFAULT_LEAD - IEDU_AHEAD;
	size_t ps = page_size();

	*from = (size_t)((at & ~(uintptr_t)(ps - 1)) - (uintptr_t)p);
	*to =
	    (size_t)(((at + IEDU_AHEAD) & ~(uintptr_t)(ps - 1)) - (uintptr_t)p);
}

static void pf_init(iedu__prefaulter *pf)
{
	assert_int_equal(iedu__prefaulter_init(pf), 0);
	assert_int_equal(pf->head, 0);
	assert_int_equal(pf->tail, 0);
}

/*
 * An empty prefaulter and a fresh mapping of cap bytes; skips the test
 * where the kernel does not populate (nothing is ever queued there).
 */
static char *pf_setup(iedu__prefaulter *pf, size_t cap)
{
	if (!kernel_populates())
		skip();
	pf_init(pf);
	return fresh(cap);
}

static void pf_teardown(iedu__prefaulter *pf, char *p, size_t cap)
{
	iedu__prefaulter_destroy(pf);
	munmap(p, cap);
}

static void test_prefaulter_maps_the_lead_when_served(void **state)
{
	size_t ps = page_size(), cap = 8 * MIB, done = 0, from, to;
	iedu__prefaulter pf;
	char *p;

	(void)state;
	p = pf_setup(&pf, cap);
	assert_null(iedu__prefaulter_use(&pf));
	iedu__ahead(p, cap, 3 * ps + 5, &done);
	assert_ptr_equal(iedu__prefaulter_use(NULL), &pf);
	assert_int_equal(done, 3 * ps + 5 + IEDU_AHEAD);
	queued_range(p, done, &from, &to);
	assert_int_equal(to - from, IEDU_AHEAD);
	/* the filling thread mapped its own range, and nothing queued */
	assert_int_equal(resident(p, cap), done / ps);
	assert_int_equal(resident(p + from, to - from), 0);
	/* served: exactly the queued pages, once */
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	assert_int_equal(resident(p + from, to - from), (to - from) / ps);
	assert_int_equal(resident(p, cap), done / ps + (to - from) / ps);
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	pf_teardown(&pf, p, cap);
}

static void test_prefaulter_queues_only_within_cap(void **state)
{
	size_t ps = page_size(), done = 0;
	/* the lead's end one byte past cap */
	size_t cap = IEDU_AHEAD + IEDU_PREFAULT_LEAD + 4 * ps;
	iedu__prefaulter pf;
	char *p;

	(void)state;
	p = pf_setup(&pf, cap);
	iedu__prefaulter_use(&pf);
	iedu__ahead(p, cap, 4 * ps + 1, &done);
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	/* one byte less and it fits */
	done = 0;
	iedu__ahead(p, cap, 4 * ps, &done);
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	assert_int_equal(resident(p + cap - IEDU_AHEAD, IEDU_AHEAD),
			 IEDU_AHEAD / ps);
	/* no prefaulter in use: nothing is queued */
	iedu__prefaulter_use(NULL);
	done = 0;
	iedu__ahead(p, cap, 1, &done);
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	pf_teardown(&pf, p, cap);
}

/* Queues the range of mark i (each a step of IEDU_AHEAD further on),
 * then gives back what the calling thread mapped for itself. */
static void queue_step(char *p, size_t cap, size_t i)
{
	size_t done = i * IEDU_AHEAD;

	iedu__ahead(p, cap, done + 1, &done);
	assert_int_equal(madvise(p, cap, MADV_DONTNEED), 0);
}

/* Whether the range queued for mark i is wholly mapped (1), not at all
 * (0); fails if partly. */
static int step_mapped(const char *p, size_t i)
{
	size_t from, to, n;

	queued_range(p, i * IEDU_AHEAD + 1 + IEDU_AHEAD, &from, &to);
	n = resident(p + from, to - from);
	if (n != 0 && n != (to - from) / page_size())
		fail_msg("range of step %zu partly mapped: %zu pages", i, n);
	return n != 0;
}

static void test_prefaulter_is_fifo_and_drops_when_full(void **state)
{
	size_t i, n = IEDU_PREFAULT_SLOTS + 3;
	size_t cap = (n + 2) * IEDU_AHEAD + IEDU_PREFAULT_LEAD;
	iedu__prefaulter pf;
	char *p;

	(void)state;
	p = pf_setup(&pf, cap);
	iedu__prefaulter_use(&pf);
	for (i = 0; i < n; i++)
		queue_step(p, cap, i);
	iedu__prefaulter_use(NULL);
	/* served in the order queued: each serve maps the next step's */
	for (i = 0; i < IEDU_PREFAULT_SLOTS; i++) {
		assert_int_equal(iedu__prefaulter_serve(&pf), 1);
		if (!step_mapped(p, i))
			fail_msg("serve %zu did not map step %zu", i, i);
		if (i + 1 < n && step_mapped(p, i + 1))
			fail_msg("serve %zu mapped step %zu too", i, i + 1);
		assert_int_equal(madvise(p, cap, MADV_DONTNEED), 0);
	}
	/* the queue held IEDU_PREFAULT_SLOTS; the last three were dropped */
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	for (i = IEDU_PREFAULT_SLOTS; i < n; i++)
		assert_false(step_mapped(p, i));
	pf_teardown(&pf, p, cap);
}

static void test_prefaulter_counters_wrap(void **state)
{
	size_t i, cap = 8 * IEDU_AHEAD + IEDU_PREFAULT_LEAD;
	iedu__prefaulter pf;
	char *p;

	(void)state;
	p = pf_setup(&pf, cap);
	/* two before the counters wrap */
	pf.head = pf.tail = UINT32_MAX - 1;
	iedu__prefaulter_use(&pf);
	for (i = 0; i < 4; i++)
		queue_step(p, cap, i);
	iedu__prefaulter_use(NULL);
	assert_int_equal(pf.head, 2);
	for (i = 0; i < 4; i++) {
		assert_int_equal(iedu__prefaulter_serve(&pf), 1);
		assert_true(step_mapped(p, i));
		assert_int_equal(madvise(p, cap, MADV_DONTNEED), 0);
	}
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	assert_int_equal(pf.tail, 2);
	pf_teardown(&pf, p, cap);
}

/*
 * An allocator whose realloc moves every block it cannot keep in place
 * and leaves the old one mapped (unmapped at the test's end), so that
 * the test can see whether a serve still maps pages of the old block.
 */
#define MOVER_HDR 64
static char *mover_old[8];
static size_t mover_old_size[8], mover_nold;

static void *mover_malloc(size_t size, void *user)
{
	size_t total = size + MOVER_HDR;
	char *p = mmap(NULL, total, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)user;
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	(void)madvise(p, total, MADV_NOHUGEPAGE);
#endif
	memcpy(p, &total, sizeof total);
	return p + MOVER_HDR;
}

static void mover_free(void *ptr, void *user)
{
	size_t total;

	(void)user;
	if (!ptr)
		return;
	memcpy(&total, (char *)ptr - MOVER_HDR, sizeof total);
	munmap((char *)ptr - MOVER_HDR, total);
}

static void *mover_realloc(void *ptr, size_t size, void *user)
{
	size_t total;
	char *q;

	if (!ptr)
		return mover_malloc(size, user);
	memcpy(&total, (char *)ptr - MOVER_HDR, sizeof total);
	if (size + MOVER_HDR <= total)
		return ptr; /* kept in place */
	q = mover_malloc(size, user);
	if (!q)
		return NULL;
	if (mover_nold == 8) {
		mover_free(q, user);
		return NULL; /* the test asks for fewer moves */
	}
	memcpy(q, ptr, total - MOVER_HDR);
	mover_old[mover_nold] = (char *)ptr - MOVER_HDR;
	mover_old_size[mover_nold++] = total;
	return q;
}

/* The block a test holds from the mover, freed by the teardown. */
static char *mover_live;

static int mover_setup(void **state)
{
	(void)state;
	mover_nold = 0;
	mover_live = NULL;
	return iedu_allocator_set(mover_malloc, mover_realloc, mover_free,
				  NULL);
}

/* Also after a failed assertion: no prefaulter, no mapping, the
 * default allocator. */
static int mover_teardown(void **state)
{
	size_t i;

	(void)state;
	iedu__prefaulter_use(NULL);
	iedu__free(mover_live);
	mover_live = NULL;
	for (i = 0; i < mover_nold; i++)
		munmap(mover_old[i], mover_old_size[i]);
	mover_nold = 0;
	return iedu_allocator_set(NULL, NULL, NULL, NULL);
}

static void test_prefaulter_voids_ranges_of_a_moved_array(void **state)
{
	size_t cap = 4 * MIB, done = 0, from, to;
	iedu__prefaulter pf;
	char *p, *q;

	(void)state;
	if (!kernel_populates())
		skip();
	pf_init(&pf);
	iedu__prefaulter_use(&pf);
	p = mover_live = iedu__malloc(cap);
	assert_non_null(p);
	iedu__ahead(p, cap, 1, &done);
	queued_range(p, done, &from, &to);
	/* kept in place: the range queued before is served */
	q = iedu__realloc_array(p, cap, cap - 1);
	assert_ptr_equal(q, p);
	assert_int_equal(pf.gen, 0);
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	assert_int_equal(resident(p + from, to - from),
			 (to - from) / page_size());
	/* unmapped again (the block's header, in its first page, stays) */
	assert_int_equal(madvise(p + from, to - from, MADV_DONTNEED), 0);
	assert_int_equal(resident(p + from, to - from), 0);
	/* queued again, then the array moves: the range is voided */
	done = 0;
	iedu__ahead(p, cap, 1, &done);
	q = iedu__realloc_array(p, cap, 2 * cap);
	assert_non_null(q);
	mover_live = q;
	assert_int_equal(mover_nold, 1);
	assert_ptr_equal(mover_old[0], p - MOVER_HDR);
	assert_int_equal(pf.gen, 1);
	/* the copy read the old pages (mapping the zero page): undone */
	assert_int_equal(madvise(p + from, to - from, MADV_DONTNEED), 0);
	assert_int_equal(resident(p + from, to - from), 0);
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	assert_int_equal(resident(p + from, to - from), 0);
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	/* the moved array's own ranges are served again */
	done = 0;
	iedu__ahead(q, 2 * cap, 1, &done);
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	queued_range(q, done, &from, &to);
	assert_int_equal(resident(q + from, to - from),
			 (to - from) / page_size());
	iedu__prefaulter_use(NULL);
	iedu__prefaulter_destroy(&pf);
}

/* iedu__grow of an array of 8-byte elements to hold need; its block is
 * the test's to free (mover_live). */
static void grow_to(uint64_t **a, size_t *cap, size_t need)
{
	assert_int_equal(
	    iedu__grow((void **)a, cap, need, sizeof **a, "a test array"), 0);
	assert_true(*cap >= need);
}

static void test_grow_voids_only_for_a_large_array(void **state)
{
	size_t big_cap = 0, small_cap = 0;
	uint64_t *big = NULL, *small = NULL;
	iedu__prefaulter pf;

	(void)state;
	pf_init(&pf);
	iedu__prefaulter_use(&pf);
	/* an array of IEDU_PREFAULT_LEAD bytes moves: every range queued
	 * before is void */
	grow_to(&big, &big_cap, IEDU_PREFAULT_LEAD / sizeof *big);
	mover_live = (char *)big;
	assert_int_equal(big_cap * sizeof *big, IEDU_PREFAULT_LEAD);
	assert_int_equal(pf.gen, 0); /* allocated, not moved */
	grow_to(&big, &big_cap, big_cap + 1);
	mover_live = (char *)big;
	assert_int_equal(mover_nold, 1);
	assert_int_equal(pf.gen, 1);
	/* a smaller one moves too, but nothing of it was ever queued */
	grow_to(&small, &small_cap, 16);
	grow_to(&small, &small_cap, small_cap + 1);
	assert_int_equal(mover_nold, 2);
	assert_int_equal(pf.gen, 1);
	iedu__free(small);
	/* and without a prefaulter nothing is counted */
	iedu__prefaulter_use(NULL);
	grow_to(&big, &big_cap, big_cap + 1);
	mover_live = (char *)big;
	assert_int_equal(mover_nold, 3);
	assert_int_equal(pf.gen, 1);
	iedu__prefaulter_destroy(&pf);
}

static void test_prefaulter_refused_range_is_ignored(void **state)
{
	size_t cap = 4 * MIB, done = 0;
	iedu__prefaulter pf;
	char *p;

	(void)state;
	p = pf_setup(&pf, cap);
	iedu__prefaulter_use(&pf);
	iedu__ahead(p, cap, 1, &done);
	iedu__prefaulter_use(NULL);
	/* the memory is gone before the range is served (not a case the
	 * library makes, but the system's refusal must be harmless) */
	assert_int_equal(munmap(p, cap), 0);
	errno = 34567;
	assert_int_equal(iedu__prefaulter_serve(&pf), 1);
	assert_int_equal(errno, 34567);
	assert_int_equal(iedu__prefaulter_serve(&pf), 0);
	iedu__prefaulter_destroy(&pf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mark_moves_as_documented),
	    cmocka_unit_test(test_pages_asked_for_are_mapped),
	    cmocka_unit_test(test_contents_never_change),
	    cmocka_unit_test(test_large_calloc_is_zero),
	    cmocka_unit_test(test_refused_range_is_ignored),
	    cmocka_unit_test(test_prefaulter_maps_the_lead_when_served),
	    cmocka_unit_test(test_prefaulter_queues_only_within_cap),
	    cmocka_unit_test(test_prefaulter_is_fifo_and_drops_when_full),
	    cmocka_unit_test(test_prefaulter_counters_wrap),
	    cmocka_unit_test_setup_teardown(
		test_prefaulter_voids_ranges_of_a_moved_array, mover_setup,
		mover_teardown),
	    cmocka_unit_test_setup_teardown(
		test_grow_voids_only_for_a_large_array, mover_setup,
		mover_teardown),
	    cmocka_unit_test(test_prefaulter_refused_range_is_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
