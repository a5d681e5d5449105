/*
 * Allocation failures injected into libiedu's dependencies through their
 * process-wide hooks: libxml2's xmlMemSetup and ICU's
 * u_setMemoryFunctions. For test and fuzz programs only; the library
 * itself never touches these hooks (they belong to the host program).
 *
 * While dep_alloc_armed is nonzero, every malloc and realloc of libxml2
 * and ICU is one call of the failing allocator's counter (cnt, from
 * failing_alloc.h), so that "fail the Nth allocation" counts libiedu's,
 * libxml2's and ICU's allocations in the order they happen.
 */
#ifndef IEDU_TEST_DEP_ALLOC_H
#define IEDU_TEST_DEP_ALLOC_H

#include <stddef.h>

/* Nonzero: libxml2 and ICU allocations count and may fail. */
extern int dep_alloc_armed;

/* How many libxml2 and ICU allocations the hooks have failed (a part of
 * cnt.failures, which counts libiedu's too). */
extern size_t dep_alloc_failures;

/* How many of those were libxml2's (the rest are ICU's). */
extern size_t dep_alloc_xml_failures;

/* Installs the hooks; once, before the program's first libxml2 or ICU
 * call. Returns 0, or -1 if either library refused them. */
int dep_alloc_install(void);

#endif
