/*
 * libiedu - reading records.
 *
 * Records are read through enum-driven getters rather than structs, so
 * that records can gain fields without changing the ABI. Every string
 * returned is NUL-terminated UTF-8 (NFC) owned by the database and valid
 * until the database is freed. All functions are read-only and thread-safe
 * in the sense of database.h. A getter given a handle that is not a record
 * of the database returns NULL, 0 or IEDU_NONE.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_RECORDS_H
#define IEDU_RECORDS_H

#include "iedu/common.h"
#include "iedu/values.h"

IEDU_BEGIN_DECLS

/* The kind of a record, or IEDU_KIND_NONE for an invalid handle. */
IEDU_API iedu_kind iedu_record_kind(const iedu_db *db, iedu_handle rec);

/*
 * The record's position among the records of its kind: the index for
 * which iedu_db_record_at() returns it. UINT32_MAX for an invalid handle.
 */
IEDU_API uint32_t iedu_record_index(const iedu_db *db, iedu_handle rec);

/* The record's id, or NULL when it has none (membership, post, ...). */
IEDU_API const char *iedu_record_id(const iedu_db *db, iedu_handle rec);

/*
 * The value of an attribute of the record as iedu XML writes it: tokens
 * and dates as written, a reference as the id it names, a list of
 * references or roles space-separated in canonical order. NULL when the
 * record does not have the attribute. The defaults of the spec are
 * returned when the attribute was not given: "exact" for qualifier,
 * "reported" for a statistic's status.
 */
IEDU_API const char *iedu_record_attr(const iedu_db *db, iedu_handle rec,
				      iedu_attr attr);

/*
 * The record a reference attribute names (member, body, person, org,
 * from/to of a relation, issuer, body, event, subject); IEDU_NONE when the
 * attribute is absent or is not a single reference.
 */
IEDU_API iedu_handle iedu_record_ref(const iedu_db *db, iedu_handle rec,
				     iedu_attr attr);

/*
 * The records a list-of-references attribute names (hosts), in the order
 * given. Writes up to cap handles to out and the full count to *count.
 * IEDU_EINVAL when the attribute is not a list of references.
 */
IEDU_API int iedu_record_refs(size_t *count, iedu_handle *out, size_t cap,
			      const iedu_db *db, iedu_handle rec,
			      iedu_attr attr);

/* A date attribute; IEDU_NONE-like 0 when absent or not a date. */
IEDU_API iedu_date iedu_record_date(const iedu_db *db, iedu_handle rec,
				    iedu_attr attr);

/* A membership's roles as a mask of iedu_role bits; 0 for other records. */
IEDU_API uint32_t iedu_record_roles(const iedu_db *db, iedu_handle rec);

/*
 * Child elements of the record, of one kind, in canonical order (texts by
 * language tag). The count, then per index 0 <= i < count: its text
 * content (NULL when it has none), the value of one of its attributes
 * (as iedu_record_attr), or the record one of its reference attributes
 * names.
 */
IEDU_API uint32_t iedu_record_child_count(const iedu_db *db, iedu_handle rec,
					  iedu_child child);
IEDU_API const char *iedu_record_child_text(const iedu_db *db,
					    iedu_handle rec, iedu_child child,
					    uint32_t index);
IEDU_API const char *iedu_record_child_attr(const iedu_db *db,
					    iedu_handle rec, iedu_child child,
					    uint32_t index, iedu_attr attr);
IEDU_API iedu_handle iedu_record_child_ref(const iedu_db *db,
					   iedu_handle rec, iedu_child child,
					   uint32_t index, iedu_attr attr);

/*
 * The text of the record's name, title or label (child NAME, TITLE, LABEL,
 * PUBLISHER or SECTOR) in the language lang, compared exactly ("zh" does
 * not match "zh-Hans"); NULL when it has none in that language.
 */
IEDU_API const char *iedu_record_text(const iedu_db *db, iedu_handle rec,
				      iedu_child child, const char *lang);

IEDU_END_DECLS

#endif
