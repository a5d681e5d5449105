/*
 * Internal: the helper threads an import and an export start (the
 * parsing thread, the commit's second half, the export's second writer).
 * Each is joined before the call that started it returns, so the host
 * program never sees them.
 */
#ifndef IEDU_SRC_THREAD_H
#define IEDU_SRC_THREAD_H

#include <pthread.h>

/*
 * Starts fn(arg) in a new thread with every signal blocked, so that no
 * signal of the host program is delivered to it. The pthread_create
 * result: 0, or an error number (the caller then does the work itself).
 */
int iedu__thread_start(pthread_t *tid, void *(*fn)(void *), void *arg);

#endif
