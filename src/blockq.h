/*
 * Internal: a queue of byte blocks from one producer thread to one
 * consumer thread (the threaded XML import: libxml2's events, recorded by
 * the parsing thread, replayed by the importing one). A one-thread import
 * uses it as a pool of one block, which it fills, replays and releases
 * in turn, so bq_get never waits there. A fixed pool of
 * blocks circulates, so the producer waits when the consumer falls
 * behind; a block larger than the pool's is allocated for one oversized
 * item and freed after it, so what is in flight is the pool and at most
 * one such item at a time.
 */
#ifndef IEDU_SRC_BLOCKQ_H
#define IEDU_SRC_BLOCKQ_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bq_block {
	struct bq_block *next;
	size_t len, cap; /* bytes used, bytes of data */
	int pooled;	 /* 0: allocated for one oversized item */
	uint64_t data[]; /* 8-byte aligned */
} bq_block;

typedef struct blockq {
	pthread_mutex_t mu;
	pthread_cond_t can_take; /* the consumer waits: nothing posted */
	pthread_cond_t can_get;	 /* the producer waits: no block free */
	bq_block *full, *full_tail; /* posted, in order */
	bq_block *free;		    /* the pool's blocks not in use */
	size_t nfree, wake_at; /* free blocks; how many wake the producer */
	int producer_waits, consumer_waits;
	size_t block_size;
	int big;     /* an oversized block is in flight (producer's side) */
	int closed;  /* the producer posted its last block */
	int stopped; /* the consumer wants no more */
	/*
	 * What the producer does instead of waiting for a free block, lock
	 * released, until it returns 0 (nothing to do) or a block is free;
	 * then it waits, and once woken (half the pool free, or stopped)
	 * does it again while no block is free. NULL: it only waits.
	 */
	int (*idle)(void *arg);
	void *idle_arg;
} blockq;

/*
 * A queue with a pool of nblocks blocks of block_size bytes: 0, or
 * IEDU_ENOMEM without an error message (the caller decides what a
 * failure means: the import runs in one thread instead).
 */
int bq_init(blockq *q, size_t nblocks, size_t block_size);
/* Frees every block, posted or not. Neither thread may use q any more. */
void bq_destroy(blockq *q);

/*
 * Producer: an empty block of at least need bytes, waiting for one of the
 * pool's, or for the oversized block in flight to be released; NULL when
 * the consumer has stopped the queue, or (with *nomem set) when an
 * oversized block cannot be allocated.
 */
bq_block *bq_get(blockq *q, size_t need, int *nomem);
void bq_post(blockq *q, bq_block *b);
void bq_close(blockq *q);
/* Producer: 1 once the consumer has stopped the queue (no lock). */
int bq_stopped(blockq *q);

/* Consumer: the next posted block, waiting; NULL once closed and empty. */
bq_block *bq_take(blockq *q);
void bq_release(blockq *q, bq_block *b);
/* Consumer: asks the producer to stop; posted blocks are still taken. */
void bq_stop(blockq *q);

#endif
