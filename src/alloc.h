/*
 * Internal: the one allocator every allocation goes through.
 */
#ifndef IEDU_SRC_ALLOC_H
#define IEDU_SRC_ALLOC_H

#include <stddef.h>

void *iedu__malloc(size_t size);
void *iedu__realloc(void *ptr, size_t size);
void iedu__free(void *ptr);
/* calloc-like: n * size bytes, zeroed; NULL on overflow or failure */
void *iedu__calloc(size_t n, size_t size);
/* a copy of len bytes of s plus a NUL, or NULL */
char *iedu__strndup(const char *s, size_t len);

/*
 * Grows *array (elements of elem_size bytes, capacity *cap) so that it can
 * hold at least need elements; doubles. Returns 0 or IEDU_ENOMEM, the last
 * error saying "out of memory while <what>"; on failure *array and *cap
 * are unchanged.
 */
int iedu__grow(void **array, size_t *cap, size_t need, size_t elem_size,
	       const char *what);

#endif
