/*
 * A queue of byte blocks between two threads; see blockq.h. One mutex
 * guards it, taken once per block (128 KiB of events); each side has a
 * condition variable and is signalled only when it waits. The producer
 * is usually the faster side and waits for a free block: it is woken once
 * half the pool is free again, not at every block, since each wake is a
 * system call in the consumer's thread (2 % of the importing thread's
 * time at 1,000,000 organisations when every release woke it).
 */
#include <string.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "blockq.h"

static bq_block *block_new(size_t size, int pooled)
{
	bq_block *b;

	if (size > SIZE_MAX - sizeof *b)
		return NULL;
	b = iedu__malloc(sizeof *b + size);
	if (!b)
		return NULL;
	b->next = NULL;
	b->len = 0;
	b->cap = size;
	b->pooled = pooled;
	return b;
}

static void free_chain(bq_block *b)
{
	while (b) {
		bq_block *next = b->next;
		iedu__free(b);
		b = next;
	}
}

int bq_init(blockq *q, size_t nblocks, size_t block_size)
{
	size_t i;

	memset(q, 0, sizeof *q);
	q->block_size = block_size;
	for (i = 0; i < nblocks; i++) {
		bq_block *b = block_new(block_size, 1);
		if (!b) {
			free_chain(q->free);
			q->free = NULL;
			return IEDU_ENOMEM;
		}
		b->next = q->free;
		q->free = b;
	}
	q->nfree = nblocks;
	q->wake_at = nblocks / 2 ? nblocks / 2 : 1;
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		free_chain(q->free);
		q->free = NULL;
		return IEDU_ENOMEM;
	}
	if (pthread_cond_init(&q->can_take, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		free_chain(q->free);
		q->free = NULL;
		return IEDU_ENOMEM;
	}
	if (pthread_cond_init(&q->can_get, NULL) != 0) {
		pthread_cond_destroy(&q->can_take);
		pthread_mutex_destroy(&q->mu);
		free_chain(q->free);
		q->free = NULL;
		return IEDU_ENOMEM;
	}
	return 0;
}

void bq_destroy(blockq *q)
{
	free_chain(q->full);
	free_chain(q->free);
	pthread_cond_destroy(&q->can_take);
	pthread_cond_destroy(&q->can_get);
	pthread_mutex_destroy(&q->mu);
	memset(q, 0, sizeof *q);
}

bq_block *bq_get(blockq *q, size_t need, int *nomem)
{
	bq_block *b = NULL;
	int idle = q->idle != NULL;

	*nomem = 0;
	if (need > q->block_size) {
		/* one oversized block in flight at a time */
		int got = 0;
		pthread_mutex_lock(&q->mu);
		while (!q->stopped && q->big) {
			q->producer_waits = 1;
			pthread_cond_wait(&q->can_get, &q->mu);
		}
		q->producer_waits = 0;
		if (!q->stopped)
			q->big = got = 1;
		pthread_mutex_unlock(&q->mu);
		if (!got)
			return NULL;
		b = block_new(need, 0);
		if (!b) {
			*nomem = 1;
			pthread_mutex_lock(&q->mu);
			q->big = 0;
			pthread_mutex_unlock(&q->mu);
		}
		return b;
	}
	pthread_mutex_lock(&q->mu);
	while (!q->stopped && !q->free) {
		if (idle) {
			pthread_mutex_unlock(&q->mu);
			idle = q->idle(q->idle_arg);
			pthread_mutex_lock(&q->mu);
			continue;
		}
		q->producer_waits = 1;
		pthread_cond_wait(&q->can_get, &q->mu);
		q->producer_waits = 0;
		idle = q->idle != NULL; /* more may have come meanwhile */
	}
	if (!q->stopped) {
		b = q->free;
		q->free = b->next;
		q->nfree--;
		b->next = NULL;
		b->len = 0;
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

void bq_post(blockq *q, bq_block *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = NULL;
	if (q->full_tail)
		q->full_tail->next = b;
	else
		q->full = b;
	q->full_tail = b;
	if (q->consumer_waits)
		pthread_cond_signal(&q->can_take);
	pthread_mutex_unlock(&q->mu);
}

void bq_close(blockq *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_signal(&q->can_take);
	pthread_mutex_unlock(&q->mu);
}

int bq_stopped(blockq *q)
{
	return __atomic_load_n(&q->stopped, __ATOMIC_ACQUIRE);
}

bq_block *bq_take(blockq *q)
{
	bq_block *b;

	pthread_mutex_lock(&q->mu);
	while (!q->full && !q->closed) {
		q->consumer_waits = 1;
		pthread_cond_wait(&q->can_take, &q->mu);
	}
	q->consumer_waits = 0;
	b = q->full;
	if (b) {
		q->full = b->next;
		if (!q->full)
			q->full_tail = NULL;
		b->next = NULL;
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

void bq_release(blockq *q, bq_block *b)
{
	if (!b->pooled) {
		iedu__free(b);
		pthread_mutex_lock(&q->mu);
		q->big = 0;
		if (q->producer_waits)
			pthread_cond_signal(&q->can_get);
		pthread_mutex_unlock(&q->mu);
		return;
	}
	pthread_mutex_lock(&q->mu);
	b->next = q->free;
	q->free = b;
	q->nfree++;
	/*
	 * A waiting producer has no block, and every block of the pool is
	 * posted or being read: they all come back here, so the wake_at-th
	 * of them is certain to come.
	 */
	if (q->producer_waits && q->nfree >= q->wake_at)
		pthread_cond_signal(&q->can_get);
	pthread_mutex_unlock(&q->mu);
}

void bq_stop(blockq *q)
{
	pthread_mutex_lock(&q->mu);
	__atomic_store_n(&q->stopped, 1, __ATOMIC_RELEASE);
	pthread_cond_signal(&q->can_get);
	pthread_mutex_unlock(&q->mu);
}
