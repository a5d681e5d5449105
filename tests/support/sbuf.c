#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sbuf.h"

void sbuf_put(sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(s->p + s->n, s->cap - s->n, fmt, ap);
		va_end(ap);
		if (k < 0) {
			fprintf(stderr, "sbuf_put: cannot format '%s'\n", fmt);
			abort();
		}
		if ((size_t)k < s->cap - s->n)
			break;
		s->cap = s->cap * 2 + (size_t)k + 64;
		s->p = realloc(s->p, s->cap);
		if (!s->p) {
			fprintf(stderr, "sbuf_put: out of memory (%zu bytes)\n",
				s->cap);
			abort();
		}
	}
	s->n += (size_t)k;
}
