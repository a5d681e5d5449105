/*
 * libiedu - the database: one handle that owns every record of a dataset.
 *
 * Thread safety: a database may be read (every function taking a
 * const iedu_db *) from any number of threads at once, provided no thread
 * modifies it (a batch open on it, iedu_db_free) at the same time. The
 * caller serialises modifications.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_DATABASE_H
#define IEDU_DATABASE_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

/*
 * Creates an empty database in *out. The caller owns it and frees it with
 * iedu_db_free(). IEDU_ENOMEM on failure (*out is then NULL).
 */
IEDU_API int iedu_db_new(iedu_db **out);

/*
 * Frees the database and everything it owns: every string and handle
 * obtained from it becomes invalid. A batch still open on it is discarded
 * and freed as iedu_batch_free() would, and its pointer becomes invalid
 * too. NULL is allowed.
 */
IEDU_API void iedu_db_free(iedu_db *db);

/* The number of records of a kind (IEDU_KIND_NONE: of all kinds). */
IEDU_API uint32_t iedu_db_count(const iedu_db *db, iedu_kind kind);

/*
 * The handle of the index-th record of a kind, 0 <= index < count, in the
 * order records were added; IEDU_NONE when out of range.
 */
IEDU_API iedu_handle iedu_db_record_at(const iedu_db *db, iedu_kind kind,
				       uint32_t index);

/*
 * Finds the record whose id is the NUL-terminated string id. IEDU_ENOTFOUND
 * (and *out = IEDU_NONE) when there is none, with the id asked for as the
 * error's iedu_error_record_id; IEDU_EINVAL for NULL arguments.
 */
IEDU_API int iedu_db_lookup(iedu_handle *out, const iedu_db *db,
			    const char *id);

IEDU_END_DECLS

#endif
