/*
 * Tests' allocator for iedu_allocator_set: counts blocks allocated and
 * freed (a leak is allocs != frees once everything is freed) and fails the
 * fail_at-th malloc/realloc call, once or (sticky) from then on — the
 * SQLite method of failing every allocation in turn.
 */
#ifndef IEDU_TEST_FAILING_ALLOC_H
#define IEDU_TEST_FAILING_ALLOC_H

#include <stddef.h>

typedef struct counter {
	size_t calls;	 /* malloc and realloc calls since armed */
	size_t allocs;	 /* blocks allocated (malloc, realloc of NULL) */
	size_t frees;	 /* blocks freed */
	size_t fail_at;	 /* 0: never fail; else the call that fails */
	int sticky;	 /* fail every call from fail_at on */
	size_t failures; /* calls failed since armed */
} counter;

/* The counter the tests install: iedu_allocator_set(c_malloc, c_realloc,
 * c_free, &cnt). */
extern counter cnt;

/* Counts one call on c; nonzero: this call is to fail. */
int c_should_fail(counter *c);

void *c_malloc(size_t size, void *user);
void *c_realloc(void *ptr, size_t size, void *user);
void c_free(void *ptr, void *user);

#endif
