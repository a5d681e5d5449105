/*
 * libiedu - the replaceable allocator.
 *
 * Every allocation the library makes goes through one set of functions.
 * By default they are the C library's malloc, realloc and free.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_ALLOC_H
#define IEDU_ALLOC_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

/*
 * Allocation functions, each receiving the user pointer given with them.
 * realloc_fn(NULL, n) must behave as malloc_fn(n); free_fn(NULL) must do
 * nothing. A failing allocation returns NULL; the library then fails the
 * operation with IEDU_ENOMEM and leaves its objects as they were. They
 * must return (no longjmp, no C++ exception) and must not call back into
 * libiedu: a threaded import calls realloc_fn with a lock of its own
 * held.
 */
typedef void *(*iedu_malloc_fn)(size_t size, void *user);
typedef void *(*iedu_realloc_fn)(void *ptr, size_t size, void *user);
typedef void (*iedu_free_fn)(void *ptr, void *user);

/*
 * Replaces the allocator for the whole process; all three functions NULL
 * restores the default. Returns IEDU_EINVAL when only some are NULL.
 * Not thread-safe: call it before any other libiedu call, or when no
 * libiedu object exists and no other thread is inside the library.
 * Memory is always freed by the allocator that allocated it, so objects
 * must not outlive the allocator that made them.
 */
IEDU_API int iedu_allocator_set(iedu_malloc_fn malloc_fn,
				iedu_realloc_fn realloc_fn,
				iedu_free_fn free_fn, void *user);

/*
 * Frees memory that the library allocated and handed to the caller (the
 * functions that do so say so). NULL is allowed. Thread-safe.
 */
IEDU_API void iedu_free(void *ptr);

IEDU_END_DECLS

#endif
