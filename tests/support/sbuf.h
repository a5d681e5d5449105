/*
 * A growing NUL-terminated text for tests that turn results into text to
 * compare them (test_oom, test_oom_deps, test_threads). Safe to use from
 * any thread: it reports failure with abort(), not with cmocka's asserts,
 * which belong to the test's own thread.
 */
#ifndef IEDU_TEST_SBUF_H
#define IEDU_TEST_SBUF_H

#include <stddef.h>

/* p is NULL until the first put; the owner free()s it. */
typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

/* Appends printf-style text; aborts with a message if it cannot. */
void sbuf_put(sbuf *s, const char *fmt, ...);

#endif
