/* The tests' counting, failing allocator (failing_alloc.h). */
#include <stdlib.h>

#include "failing_alloc.h"

counter cnt;

int c_should_fail(counter *c)
{
	c->calls++;
	if (c->fail_at &&
	    (c->calls == c->fail_at || (c->sticky && c->calls > c->fail_at))) {
		c->failures++;
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
		c->allocs++;
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
		c->allocs++;
	return p;
}

void c_free(void *ptr, void *user)
{
	counter *c = user;

	if (ptr)
		c->frees++;
	free(ptr);
}
