/*
 * The database handle: creation, destruction, counting and looking up
 * records.
 */
#include <stdio.h>
#include <string.h>

#include "iedu/batch.h"
#include "iedu/database.h"
#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"
#include "model.h"

int iedu_db_new(iedu_db **out)
{
	iedu_db *db;
	int k, rc;

	if (!out)
		return iedu__error(IEDU_EINVAL, "iedu_db_new: out is NULL");
	*out = NULL;
	db = iedu__calloc(1, sizeof *db);
	if (!db)
		return iedu__error_nomem("creating a database");
	if ((rc = strtab_init(&db->strings)) != 0) {
		iedu__free(db);
		return rc;
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		db->kinds[k].stride = REC_ATTR0 + schema_kinds[k].nattrs;
	db->commit_split = COMMIT_SPLIT;
	if (pthread_mutex_init(&db->lock, NULL) != 0) {
		strtab_free(&db->strings);
		iedu__free(db);
		return iedu__error(IEDU_ERROR,
				   "cannot create the database's lock");
	}
	*out = db;
	return IEDU_OK;
}

void iedu_db_free(iedu_db *db)
{
	int k;

	if (!db)
		return;
	iedu_batch_free(db->batch);
	sort_cache_free(db->sort_cache);
	search_index_free(db->search);
	pthread_mutex_destroy(&db->lock);
	strtab_free(&db->strings);
	for (k = 0; k <= IEDU_KIND_COUNT; k++) {
		iedu__free(db->kinds[k].slots);
		iedu__free(db->adj[k].head);
		iedu__free(db->adj[k].tail);
	}
	iedu__free(db->children);
	iedu__free(db->lists);
	iedu__free(db->edges);
	iedu__free(db);
}

uint32_t iedu_db_count(const iedu_db *db, iedu_kind kind)
{
	uint32_t n = 0;
	int k;

	if (!db)
		return 0;
	if (kind == IEDU_KIND_NONE) {
		for (k = 1; k <= IEDU_KIND_COUNT; k++)
			n += db->kinds[k].count;
		return n;
	}
	if (kind < 1 || kind > IEDU_KIND_COUNT)
		return 0;
	return db->kinds[kind].count;
}

iedu_handle iedu_db_record_at(const iedu_db *db, iedu_kind kind, uint32_t index)
{
	if (!db || kind < 1 || kind > IEDU_KIND_COUNT ||
	    index >= db->kinds[kind].count)
		return IEDU_NONE;
	return make_handle(kind, index);
}

int iedu_db_lookup(iedu_handle *out, const iedu_db *db, const char *id)
{
	uint32_t tag = 0, off;

	if (out)
		*out = IEDU_NONE;
	if (!out || !db || !id)
		return iedu__error(IEDU_EINVAL, "iedu_db_lookup: %s is NULL",
				   !out	 ? "out"
				   : !db ? "db"
					 : "id");
	off = strtab_find(&db->strings, id, strlen(id), &tag);
	if (!off || !tag || !model_record(db, tag))
		/* the id asked for is what the error is about */
		return iedu__error_set(IEDU_ENOTFOUND, IEDU_KIND_NONE, id, NULL,
				       "no record has the id '%.128s'", id);
	*out = tag;
	return IEDU_OK;
}

const uint32_t *model_record(const iedu_db *db, iedu_handle h)
{
	iedu_kind k = handle_kind(h);
	uint32_t i = handle_index(h);

	if (!db || k < 1 || k > IEDU_KIND_COUNT || i >= db->kinds[k].count)
		return NULL;
	return db->kinds[k].slots + (size_t)i * db->kinds[k].stride;
}

uint32_t *model_record_any(iedu_db *db, iedu_handle h)
{
	iedu_kind k = handle_kind(h);

	return db->kinds[k].slots +
	       (size_t)handle_index(h) * db->kinds[k].stride;
}

const char *model_id(const iedu_db *db, iedu_handle h)
{
	iedu_kind k = handle_kind(h);
	const uint32_t *r =
	    db->kinds[k].slots + (size_t)handle_index(h) * db->kinds[k].stride;

	return r[REC_ATTR0] ? strtab_get(&db->strings, r[REC_ATTR0]) : NULL;
}

void model_describe(char *buf, size_t size, const iedu_db *db, iedu_handle h)
{
	const char *id = model_id(db, h);

	if (id)
		snprintf(buf, size, "%s '%s'", iedu_kind_name(handle_kind(h)),
			 id);
	else
		snprintf(buf, size, "%s #%u", iedu_kind_name(handle_kind(h)),
			 (unsigned)handle_index(h) + 1);
}

int model_set_threads(iedu_db *db, int which, uint32_t nthreads, const char *fn)
{
	unsigned n = nthreads > 2 ? 2 : (unsigned)nthreads;

	if (!db || !nthreads)
		return iedu__error(IEDU_EINVAL,
				   "%s: %s; expected a database and 1 or 2 "
				   "threads",
				   fn, !db ? "db is NULL" : "nthreads is 0");
	if (which == MODEL_IMPORT_THREADS)
		db->import_threads = n;
	else
		db->export_threads = n;
	return IEDU_OK;
}
