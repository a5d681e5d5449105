/* The tests' counting, failing allocator (failing_alloc.h). */
#include <stdlib.h>

#include "failing_alloc.h"

counter cnt;

/*
 * The counts are atomic: a threaded import (iedu_db_set_import_threads)
 * allocates from its parsing thread too, and a split commit from both of
 * its threads; where two threads allocate at once, which of their calls
 * is the fail_at-th is up to the scheduler.
 */
int c_should_fail(counter *c)
{
	size_t n = __atomic_add_fetch(&c->calls, 1, __ATOMIC_RELAXED);

	if (c->fail_at && (n == c->fail_at || (c->sticky && n > c->fail_at))) {
		__atomic_add_fetch(&c->failures, 1, __ATOMIC_RELAXED);
		return 1;
	}
	return 0;
}

void *c_malloc(size_t size, void *user)
{
	counter *c = user;
	void *p;

	if (c_should_fail(c))
		return NULL;
	p = malloc(size);
	if (p)
		__atomic_add_fetch(&c->allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void *c_realloc(void *ptr, size_t size, void *user)
{
	counter *c = user;
	void *p;

	if (c_should_fail(c))
		return NULL;
	p = realloc(ptr, size);
	if (p && !ptr)
		__atomic_add_fetch(&c->allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void c_free(void *ptr, void *user)
{
	counter *c = user;

	if (ptr)
		__atomic_add_fetch(&c->frees, 1, __ATOMIC_RELAXED);
	free(ptr);
}
