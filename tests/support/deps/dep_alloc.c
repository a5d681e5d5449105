/* Failing allocation hooks for libxml2 and ICU (dep_alloc.h). */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>
#include <unicode/uclean.h>

#include "../failing_alloc.h"
#include "dep_alloc.h"

int dep_alloc_armed;
size_t dep_alloc_failures;
size_t dep_alloc_xml_failures;

static int fail_now(void)
{
	if (!dep_alloc_armed || !c_should_fail(&cnt))
		return 0;
	/* atomic: a threaded import allocates from two threads */
	__atomic_add_fetch(&dep_alloc_failures, 1, __ATOMIC_RELAXED);
	return 1;
}

static int xml_fail_now(void)
{
	if (!fail_now())
		return 0;
	__atomic_add_fetch(&dep_alloc_xml_failures, 1, __ATOMIC_RELAXED);
	return 1;
}

static void *x_malloc(size_t size)
{
	return xml_fail_now() ? NULL : malloc(size);
}

static void *x_realloc(void *ptr, size_t size)
{
	return xml_fail_now() ? NULL : realloc(ptr, size);
}

static char *x_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = x_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static void *U_CALLCONV u_malloc(const void *ctx, size_t size)
{
	(void)ctx;
	return fail_now() ? NULL : malloc(size);
}

static void *U_CALLCONV u_realloc(const void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return fail_now() ? NULL : realloc(ptr, size);
}

static void U_CALLCONV u_free(const void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

int dep_alloc_install(void)
{
	UErrorCode st = U_ZERO_ERROR;

	/* blocks from before the hooks came from malloc too: free() fits */
	if (xmlMemSetup(free, x_malloc, x_realloc, x_strdup) != 0)
		return -1;
	u_setMemoryFunctions(NULL, u_malloc, u_realloc, u_free, &st);
	return U_FAILURE(st) ? -1 : 0;
}
