/*
 * The block queue's idle work (blockq.h: idle, idle_arg): a producer
 * with no free block calls it, lock released, until it reports nothing
 * to do or a block is free, and only then waits; a block freed during
 * the idle work is taken at once; woken with no block free (an oversized
 * block given back), it tries the idle work again; a stop during it ends
 * the wait with no block; a queue without idle work waits as before. The
 * idle work is always called with the queue's lock released. The exact
 * counts of calls assume no spurious wake of the condition variable,
 * which POSIX allows: one would make a count higher and fail the test
 * (none has been seen here).
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "blockq.h"

typedef struct idle_log {
	blockq *q;
	bq_block *give_back; /* released on call number release_at */
	int calls, release_at, stop_at, busy_until;
	int alone; /* no other thread uses the queue */
} idle_log;

/* Busy (1) for the first busy_until calls; releases or stops the queue
 * on the calls named, as another thread would. */
static int idle_work(void *arg)
{
	idle_log *log = arg;

	/* called with the queue's lock released (where no other thread
	 * may be holding it) */
	if (log->alone) {
		assert_int_equal(pthread_mutex_trylock(&log->q->mu), 0);
		pthread_mutex_unlock(&log->q->mu);
	}
	__atomic_add_fetch(&log->calls, 1, __ATOMIC_SEQ_CST);
	if (log->calls == log->release_at)
		bq_release(log->q, log->give_back);
	if (log->calls == log->stop_at)
		bq_stop(log->q);
	return log->calls <= log->busy_until;
}

/* A queue of one block, taken by the producer: the next bq_get has none. */
static bq_block *one_taken(blockq *q, idle_log *log)
{
	bq_block *b;
	int nomem;

	assert_int_equal(bq_init(q, 1, 64), 0);
	memset(log, 0, sizeof *log);
	log->q = q;
	q->idle = idle_work;
	q->idle_arg = log;
	b = bq_get(q, 16, &nomem);
	assert_non_null(b);
	assert_int_equal(nomem, 0);
	/* a free block: no idle work */
	assert_int_equal(log->calls, 0);
	return b;
}

static void test_idle_until_a_block_is_free(void **state)
{
	blockq q;
	idle_log log;
	bq_block *b = one_taken(&q, &log), *again;
	int nomem;

	(void)state;
	log.alone = 1;
	log.give_back = b;
	log.release_at = 3;
	log.busy_until = 100;
	again = bq_get(&q, 16, &nomem);
	/* called three times: the block freed in the third is taken */
	assert_ptr_equal(again, b);
	assert_int_equal(log.calls, 3);
	bq_release(&q, again);
	bq_destroy(&q);
}

static void test_stop_during_idle_work(void **state)
{
	blockq q;
	idle_log log;
	bq_block *b = one_taken(&q, &log);
	int nomem;

	(void)state;
	log.alone = 1;
	log.stop_at = 2;
	log.busy_until = 100;
	assert_null(bq_get(&q, 16, &nomem));
	assert_int_equal(nomem, 0);
	assert_int_equal(log.calls, 2);
	bq_release(&q, b);
	bq_destroy(&q);
}

/* Waits (polling, under the lock) until the producer waits. */
static void until_producer_waits(blockq *q)
{
	int waits = 0;

	while (!waits) {
		pthread_mutex_lock(&q->mu);
		waits = q->producer_waits;
		pthread_mutex_unlock(&q->mu);
		if (!waits)
			sched_yield();
	}
}

typedef struct releaser {
	blockq *q;
	bq_block *b;
} releaser;

/* The consumer: gives the block back once the producer waits. */
static void *release_when_waiting(void *arg)
{
	releaser *r = arg;

	until_producer_waits(r->q);
	bq_release(r->q, r->b);
	return NULL;
}

/*
 * The producer's bq_get while fn runs in another thread (the consumer):
 * the block it gets must be want, after exactly calls calls of the idle
 * work. Gives it back and destroys the queue.
 */
static void get_beside(blockq *q, idle_log *log, void *(*fn)(void *), void *arg,
		       bq_block *want, int calls)
{
	pthread_t tid;
	bq_block *got;
	int nomem;

	assert_int_equal(pthread_create(&tid, NULL, fn, arg), 0);
	got = bq_get(q, 16, &nomem);
	assert_int_equal(pthread_join(tid, NULL), 0);
	assert_ptr_equal(got, want);
	assert_int_equal(nomem, 0);
	assert_int_equal(log->calls, calls);
	bq_release(q, got);
	bq_destroy(q);
}

static void test_waits_when_nothing_to_do(void **state)
{
	blockq q;
	idle_log log;
	bq_block *b = one_taken(&q, &log);
	releaser r = {&q, b};

	(void)state;
	log.busy_until = 1; /* one range's work, then nothing */
	/* busy once, idle once, then the wait; woken with a block free,
	 * so not called again */
	get_beside(&q, &log, release_when_waiting, &r, b, 2);
}

typedef struct two_releases {
	blockq *q;
	bq_block *big, *pooled;
	idle_log *log;
} two_releases;

/*
 * The consumer: gives back the oversized block, which wakes the waiting
 * producer with no pooled block free; once it has tried its idle work
 * again and waits again, gives back the pooled block.
 */
static void *release_big_then_pooled(void *arg)
{
	two_releases *r = arg;

	struct timespec t0, t;

	until_producer_waits(r->q);
	bq_release(r->q, r->big);
	/* at most 10 s: a producer that does not try again fails the test
	 * (one call) instead of hanging it */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (__atomic_load_n(&r->log->calls, __ATOMIC_SEQ_CST) < 2) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 10)
			break;
		sched_yield();
	}
	until_producer_waits(r->q);
	bq_release(r->q, r->pooled);
	return NULL;
}

static void test_idle_again_after_a_wake_without_a_block(void **state)
{
	blockq q;
	idle_log log;
	bq_block *b = one_taken(&q, &log);
	two_releases r;
	int nomem;

	(void)state;
	r.big = bq_get(&q, 1000, &nomem); /* oversized: allocated, no wait */
	assert_non_null(r.big);
	assert_int_equal(log.calls, 0);
	r.q = &q;
	r.pooled = b;
	r.log = &log;
	/* nothing to do each time: called before the first wait, and after
	 * the wake by the oversized block */
	get_beside(&q, &log, release_big_then_pooled, &r, b, 2);
}

static void test_no_idle_work_waits(void **state)
{
	blockq q;
	idle_log log;
	bq_block *b = one_taken(&q, &log);
	releaser r = {&q, b};

	(void)state;
	q.idle = NULL;
	get_beside(&q, &log, release_when_waiting, &r, b, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_until_a_block_is_free),
	    cmocka_unit_test(test_stop_during_idle_work),
	    cmocka_unit_test(test_waits_when_nothing_to_do),
	    cmocka_unit_test(test_idle_again_after_a_wake_without_a_block),
	    cmocka_unit_test(test_no_idle_work_waits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
