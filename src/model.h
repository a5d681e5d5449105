/*
 * Internal: the in-memory model. Records of each kind live in one dense
 * array of 32-bit slots (stride = 2 + the kind's attribute count): slot 0
 * and 1 are the first child and the child count, the rest the attributes
 * in schema order. Every string is an offset into the string table; a
 * reference is a record handle; an enumeration is its token index + 1;
 * a list of references is an index into the list pool. Children of all
 * records share one array, each record's children contiguous and in
 * canonical order. Reverse references live in per-target edge lists.
 *
 * A handle is (kind << 28) | index.
 */
#ifndef IEDU_SRC_MODEL_H
#define IEDU_SRC_MODEL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "iedu/common.h"
#include "schema.h"
#include "strtab.h"

#define HANDLE_KIND_SHIFT 28
#define HANDLE_INDEX_MASK 0x0FFFFFFFu
#define MAX_PER_KIND	  HANDLE_INDEX_MASK

#define REC_FIRST_CHILD 0
#define REC_NCHILDREN	1
#define REC_ATTR0	2

typedef struct child_rec {
	uint8_t type; /* iedu_child */
	uint8_t pad[3];
	uint32_t v[CHILD_MAX_ATTRS + 1]; /* attrs in schema order, then text */
} child_rec;

#define CHILD_TEXT CHILD_MAX_ATTRS

typedef struct kind_store {
	uint32_t *slots;
	size_t cap;	/* in slots */
	uint32_t count; /* committed records */
	uint32_t stride;
	size_t ahead; /* iedu__ahead's mark in slots, in bytes */
} kind_store;

/* A reverse reference: record `from` refers to the list's owner via `via`. */
typedef struct edge {
	uint32_t from;
	uint32_t
	    next; /* index + 1 of the next edge of the same target; 0 ends */
	uint32_t via;
} edge;

/* via codes: a record attribute, or a child's attribute */
#define VIA_ATTR(a)	((uint32_t)(a))
#define VIA_CHILD(c, a) (((uint32_t)(c) << 8) | (uint32_t)(a))

/*
 * Staged records from which a commit into a database with two import
 * threads resolves and indexes references in two threads (commit.c):
 * below it, starting a thread costs more than it saves.
 */
#define COMMIT_SPLIT 16384

typedef struct adjacency {
	uint32_t *head, *tail; /* per record of the kind: edge index + 1 */
	size_t cap;
} adjacency;

struct iedu_batch;
struct sort_cache;   /* collation.c */
struct search_index; /* search.c */

struct iedu_db {
	strtab strings;
	kind_store kinds[IEDU_KIND_COUNT + 1];
	child_rec *children;
	size_t nchildren, children_cap, children_ahead;
	uint32_t *lists; /* [n, joined-string offset, handle...] */
	size_t nlists, lists_cap, lists_ahead;
	edge *edges;
	size_t nedges, edges_cap;
	adjacency adj[IEDU_KIND_COUNT + 1];
	struct iedu_batch *batch;
	unsigned import_threads; /* iedu_db_set_import_threads; 0 is 1 */
	unsigned export_threads; /* iedu_db_set_export_threads; 0 is 1 */
	/*
	 * With two import threads, a commit of at least this many staged
	 * records is split between two threads (COMMIT_SPLIT; white-box
	 * tests lower it).
	 */
	uint32_t commit_split;
	/*
	 * Imports use the reader's callbacks directly, without events (the
	 * path of an import whose event memory cannot be had; white-box
	 * tests set it to run every test that way too).
	 */
	int import_direct;
	/* how the last commit ran: bit 0 resolving, bit 1 indexing in two
	 * threads (white-box tests) */
	unsigned commit_threads;
	/*
	 * Derived data built on first use by read-only queries (sorted
	 * listings, the search index): guarded by lock, since readers may run
	 * in many threads. Each knows how many records it covers and is
	 * extended or rebuilt when a commit has added more.
	 */
	pthread_mutex_t lock;
	struct sort_cache *sort_cache;
	struct search_index *search;
};

/* Frees the derived data (collation.c, search.c); called by iedu_db_free. */
void sort_cache_free(struct sort_cache *cache);
void search_index_free(struct search_index *index);

static inline iedu_handle make_handle(iedu_kind kind, uint32_t index)
{
	return ((uint32_t)kind << HANDLE_KIND_SHIFT) | index;
}

static inline iedu_kind handle_kind(iedu_handle h)
{
	return (iedu_kind)(h >> HANDLE_KIND_SHIFT);
}

static inline uint32_t handle_index(iedu_handle h)
{
	return h & HANDLE_INDEX_MASK;
}

/* The slots of a committed record, or NULL when h is not one. */
const uint32_t *model_record(const iedu_db *db, iedu_handle h);

/* Slots of record h including staged records (for the batch). */
uint32_t *model_record_any(iedu_db *db, iedu_handle h);

/* The id string of any record (committed or staged), or NULL. */
const char *model_id(const iedu_db *db, iedu_handle h);

/* A phrase naming a record for messages: "organization 'swa'". */
void model_describe(char *buf, size_t size, const iedu_db *db, iedu_handle h);

/*
 * The setters of how many threads an import or an export of db may use
 * (iedu_db_set_import_threads, iedu_db_set_export_threads, named by fn in
 * the error): 1 or 2, more counting as 2; IEDU_EINVAL when db is NULL or
 * nthreads is 0.
 */
enum { MODEL_IMPORT_THREADS, MODEL_EXPORT_THREADS };
int model_set_threads(iedu_db *db, int which, uint32_t nthreads,
		      const char *fn);

#endif
