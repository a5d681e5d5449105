/*
 * Internal: the one allocator every allocation goes through.
 */
#ifndef IEDU_SRC_ALLOC_H
#define IEDU_SRC_ALLOC_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * Prefaulting ahead of an array that is filled in order (the string
 * arena, the record and child arrays of an import). The first write to a
 * fresh page costs a page fault; on a virtualised machine that is several
 * times the cost of clearing the page (12 us against 3.4 us a page on
 * the benchmark machine). iedu__ahead asks the system for the next pages
 * in one call instead, MADV_POPULATE_WRITE, which maps them for writing
 * without changing a byte.
 *
 * *done is the caller's mark of how far the array (base, cap bytes) has
 * been populated; it starts at 0 and stays valid when the array is
 * reallocated (what was written moves or is copied with it). When end
 * (the bytes about to be used) passes it, the pages up to IEDU_AHEAD bytes
 * beyond end, within cap, are populated and *done moves there. A hint
 * only: errors are ignored, and where the system has no such call (before
 * Linux 5.14, asked once of a page of its own; or not Linux) it does
 * nothing. The memory it maps is at most IEDU_AHEAD bytes beyond what
 * each array holds (with a prefaulter, below, IEDU_AHEAD +
 * IEDU_PREFAULT_LEAD).
 */
#define IEDU_AHEAD ((size_t)512 * 1024)

void iedu__populate(void *base, size_t cap, size_t end, size_t *done);

/*
 * Maps n bytes at p, memory just taken from the allocator and about to be
 * filled, in one call when they are IEDU_AHEAD or more (the commit's edge
 * lists); a hint, as iedu__populate.
 */
void iedu__map(void *p, size_t n);

/*
 * Zeroes n bytes at p, memory just taken from the allocator, mapped first
 * by iedu__map (iedu__calloc, the commit's list ends).
 */
void iedu__clear(void *p, size_t n);

/*
 * A second thread's help with the mapping (the threaded import, whose
 * parsing thread would otherwise wait whenever the importing thread is
 * behind). The thread that fills the arrays names a prefaulter
 * (iedu__prefaulter_use); each time iedu__populate then maps pages for
 * that thread, it also queues the IEDU_AHEAD bytes that end
 * IEDU_PREFAULT_LEAD bytes past its new mark (when the array's capacity
 * reaches that far), and another thread maps them instead of waiting
 * (iedu__prefaulter_serve). When the filling thread reaches them it asks
 * for them as before and finds them mapped (a walk of the page table,
 * not a page cleared), or maps what is not. A range is dropped when
 * IEDU_PREFAULT_SLOTS are waiting: the filling thread maps it itself, as
 * without help. Only on Linux, where iedu__populate works at all. With
 * a prefaulter, what is mapped beyond what an array holds is at most
 * IEDU_AHEAD + IEDU_PREFAULT_LEAD bytes.
 *
 * A range is never served once its array has moved: the filling thread
 * grows the arrays it populates through iedu__realloc_array, which, for
 * an array large enough to have had ranges queued, reallocates under the
 * prefaulter's lock and, when the block moves, voids every range queued
 * before (a serve checks under the same lock). Such an array is not
 * freed while the prefaulter is served (an import frees or truncates
 * them only after its parsing thread has ended).
 */
#define IEDU_PREFAULT_SLOTS 256
#define IEDU_PREFAULT_LEAD  (4 * IEDU_AHEAD)
_Static_assert((IEDU_PREFAULT_SLOTS & (IEDU_PREFAULT_SLOTS - 1)) == 0,
	       "IEDU_PREFAULT_SLOTS must be a power of two");

typedef struct iedu__prefaulter {
	uintptr_t from[IEDU_PREFAULT_SLOTS], to[IEDU_PREFAULT_SLOTS];
	unsigned gen_of[IEDU_PREFAULT_SLOTS]; /* gen when queued */
	unsigned head, tail; /* posted, served; atomics, one thread each */
	unsigned gen;	     /* written by the filling thread under mu */
	pthread_mutex_t mu;  /* a serve, and a move of a large array */
} iedu__prefaulter;

/* An empty queue: 0, or IEDU_ENOMEM without a message. */
int iedu__prefaulter_init(iedu__prefaulter *pf);
void iedu__prefaulter_destroy(iedu__prefaulter *pf);

/* Makes pf (or NULL: none) the calling thread's prefaulter; the one
 * before it. */
iedu__prefaulter *iedu__prefaulter_use(iedu__prefaulter *pf);

/*
 * Maps one queued range (unless its array has moved since), in a thread
 * other than the filling one: 1 if there was one, 0 if the queue was
 * empty.
 */
int iedu__prefaulter_serve(iedu__prefaulter *pf);

/*
 * iedu__realloc of an array of old_size bytes (iedu__grow's, and the
 * string arena's): under the calling thread's prefaulter's lock when it
 * has one and the array is IEDU_PREFAULT_LEAD bytes or more (only such
 * an array can have had ranges queued), voiding them if the block moves.
 * An array that iedu__populate maps must grow through it, with the cap
 * given to iedu__populate as its old_size.
 */
void *iedu__realloc_array(void *ptr, size_t old_size, size_t size);

static inline void iedu__ahead(void *base, size_t cap, size_t end,
			       size_t *done)
{
	if (end > *done)
		iedu__populate(base, cap, end, done);
}

#endif
