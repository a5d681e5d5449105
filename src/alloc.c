/*
 * The replaceable allocator. Process-wide, like SQLite's and libgit2's:
 * a host program that counts or limits memory replaces it once at start.
 */
/* madvise is not POSIX (posix_madvise has no MADV_POPULATE_WRITE) */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "iedu/alloc.h"
#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"

static void *default_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user)
{
	(void)user;
	return realloc(ptr, size);
}

static void default_free(void *ptr, void *user)
{
	(void)user;
	free(ptr);
}

static iedu_malloc_fn a_malloc = default_malloc;
static iedu_realloc_fn a_realloc = default_realloc;
static iedu_free_fn a_free = default_free;
static void *a_user;

int iedu_allocator_set(iedu_malloc_fn malloc_fn, iedu_realloc_fn realloc_fn,
		       iedu_free_fn free_fn, void *user)
{
	if (!malloc_fn && !realloc_fn && !free_fn) {
		a_malloc = default_malloc;
		a_realloc = default_realloc;
		a_free = default_free;
		a_user = NULL;
		return IEDU_OK;
	}
	if (!malloc_fn || !realloc_fn || !free_fn)
		return iedu__error(
		    IEDU_EINVAL,
		    "iedu_allocator_set: malloc, realloc and free "
		    "must be given together (all three, or all NULL "
		    "for the default)");
	a_malloc = malloc_fn;
	a_realloc = realloc_fn;
	a_free = free_fn;
	a_user = user;
	return IEDU_OK;
}

void iedu_free(void *ptr)
{
	iedu__free(ptr);
}

void *iedu__malloc(size_t size)
{
	return a_malloc(size ? size : 1, a_user);
}

void *iedu__realloc(void *ptr, size_t size)
{
	return a_realloc(ptr, size ? size : 1, a_user);
}

void iedu__free(void *ptr)
{
	if (ptr)
		a_free(ptr, a_user);
}

void *iedu__calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = iedu__malloc(n * size);
	if (p)
		iedu__clear(p, n * size);
	return p;
}

void iedu__map(void *p, size_t n)
{
	if (n >= IEDU_AHEAD) {
		size_t done = 0;
		iedu__populate(p, n, n, &done);
	}
}

void iedu__clear(void *p, size_t n)
{
	iedu__map(p, n);
	memset(p, 0, n);
}

#ifdef __linux__
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

static pthread_once_t populate_once = PTHREAD_ONCE_INIT;
static int populate_works;
static uintptr_t page_size;

/*
 * Whether this kernel populates at all, asked once of a page of our own:
 * a refusal of some caller's range (memory a replaced allocator mapped
 * with flags that forbid it) says nothing about the next range.
 */
static void populate_probe(void)
{
	void *p;

	page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	populate_works = madvise(p, page_size, MADV_POPULATE_WRITE) == 0;
	munmap(p, page_size);
}
#endif

static _Thread_local iedu__prefaulter *prefaulter;

int iedu__prefaulter_init(iedu__prefaulter *pf)
{
	memset(pf, 0, sizeof *pf);
	return pthread_mutex_init(&pf->mu, NULL) == 0 ? 0 : IEDU_ENOMEM;
}

void iedu__prefaulter_destroy(iedu__prefaulter *pf)
{
	pthread_mutex_destroy(&pf->mu);
}

iedu__prefaulter *iedu__prefaulter_use(iedu__prefaulter *pf)
{
	iedu__prefaulter *before = prefaulter;

	prefaulter = pf;
	return before;
}

#ifdef __linux__
/* The start of the page holding a (page_size known: populate_probe). */
static uintptr_t page_down(uintptr_t a)
{
	return a & ~(page_size - 1);
}

/*
 * Queues [from, to) for the serving thread; dropped when the queue is
 * full (the filling thread then maps it itself, as without help).
 */
static void prefault_post(iedu__prefaulter *pf, uintptr_t from, uintptr_t to)
{
	unsigned head = pf->head; /* only this thread writes it */
	unsigned tail = __atomic_load_n(&pf->tail, __ATOMIC_ACQUIRE);
	unsigned i = head % IEDU_PREFAULT_SLOTS;

	if (head - tail >= IEDU_PREFAULT_SLOTS)
		return;
	pf->from[i] = from;
	pf->to[i] = to;
	pf->gen_of[i] = pf->gen; /* only this thread writes gen */
	__atomic_store_n(&pf->head, head + 1, __ATOMIC_RELEASE);
}
#endif

int iedu__prefaulter_serve(iedu__prefaulter *pf)
{
#ifdef __linux__
	unsigned tail = pf->tail; /* only this thread writes it */
	unsigned head = __atomic_load_n(&pf->head, __ATOMIC_ACQUIRE);
	unsigned i = tail % IEDU_PREFAULT_SLOTS, gen;
	uintptr_t from, to;
	int saved;

	if (tail == head)
		return 0;
	from = pf->from[i];
	to = pf->to[i];
	gen = pf->gen_of[i];
	__atomic_store_n(&pf->tail, tail + 1, __ATOMIC_RELEASE);
	saved = errno;
	pthread_mutex_lock(&pf->mu);
	if (gen == pf->gen) /* else its array has moved */
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
	pthread_mutex_unlock(&pf->mu);
	errno = saved;
	return 1;
#else
	(void)pf; /* nothing is ever queued */
	return 0;
#endif
}

void *iedu__realloc_array(void *ptr, size_t old_size, size_t size)
{
	iedu__prefaulter *pf = prefaulter;
	uintptr_t was = (uintptr_t)ptr; /* ptr is indeterminate once moved */
	void *p;

	/* a smaller array never had a range queued (iedu__populate) */
	if (!pf || old_size < IEDU_PREFAULT_LEAD)
		return iedu__realloc(ptr, size);
	pthread_mutex_lock(&pf->mu);
	p = iedu__realloc(ptr, size);
	if (p && (uintptr_t)p != was)
		pf->gen++;
	pthread_mutex_unlock(&pf->mu);
	return p;
}

void iedu__populate(void *base, size_t cap, size_t end, size_t *done)
{
	size_t stop = cap < IEDU_AHEAD || end > cap - IEDU_AHEAD
			  ? cap
			  : end + IEDU_AHEAD;
#ifdef __linux__
	int saved = errno;

	if (pthread_once(&populate_once, populate_probe) == 0 &&
	    populate_works) {
		uintptr_t from = page_down((uintptr_t)base + *done);
		uintptr_t to = page_down((uintptr_t)base + stop);
		/* the page holding base + *done may be partly another
		 * block's: populating it is harmless, it only maps what is
		 * there; a failure only costs the faults it would have
		 * spared */
		if (to > from)
			(void)madvise((void *)from, to - from,
				      MADV_POPULATE_WRITE);
		if (prefaulter && cap - stop >= IEDU_PREFAULT_LEAD) {
			/* the step of IEDU_AHEAD bytes that ends
			 * IEDU_PREFAULT_LEAD past this one, within cap */
			uintptr_t at = (uintptr_t)base + stop +
				       IEDU_PREFAULT_LEAD - IEDU_AHEAD;
			prefault_post(prefaulter, page_down(at),
				      page_down(at + IEDU_AHEAD));
		}
	}
	errno = saved;
#else
	(void)base;
#endif
	*done = stop;
}

char *iedu__strndup(const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = iedu__malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int iedu__grow(void **array, size_t *cap, size_t need, size_t elem_size,
	       const char *what)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem_size)
			return iedu__error_nomem(what);
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem_size)
		return iedu__error_nomem(what);
	p = iedu__realloc_array(*array, *cap * elem_size, ncap * elem_size);
	if (!p)
		return iedu__error_nomem(what);
	*array = p;
	*cap = ncap;
	return 0;
}
