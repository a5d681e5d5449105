/*
 * libiedu - adding records: the batch.
 *
 * A batch stages records and adds them to the database all at once, or
 * not at all. Records are described the way iedu XML v1 writes them:
 * open a record of a kind, set its attributes (values as text, exactly as
 * they would appear in XML), open and end its child elements, end it.
 * The XML reader is built on the same calls, so both give the same
 * validation and the same error messages.
 *
 *	iedu_batch *b;
 *	iedu_batch_new(&b, db);
 *	iedu_batch_record(b, IEDU_KIND_ORGANIZATION);
 *	iedu_batch_set(b, IEDU_ATTR_ID, "swa", IEDU_NUL);
 *	iedu_batch_set(b, IEDU_ATTR_TYPE, "enterprise", IEDU_NUL);
 *	iedu_batch_child(b, IEDU_CHILD_NAME);
 *	iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL);
 *	iedu_batch_text(b, "西南铝业（集团）有限责任公司", IEDU_NUL);
 *	iedu_batch_end(b);                  (ends the name)
 *	iedu_batch_end(b);                  (ends the organization)
 *	rc = iedu_batch_commit(b);
 *	iedu_batch_free(b);
 *
 * What is checked, and when:
 *  - iedu_batch_set / iedu_batch_text: that the attribute or text belongs
 *    to the open element, is given once, and is well-formed (ids, tokens,
 *    enumerations, dates, numbers, language tags, division codes,
 *    identifiers by scheme, UTF-8 without control characters). Text is
 *    trimmed of leading and trailing white space and normalised to NFC.
 *  - iedu_batch_end: what the element needs as a whole (required
 *    attributes and children, one name per language, unique part keys,
 *    parts of an exact total summing to no more than it, percent values
 *    within 0-100, at least two parties, ...). Ids must be unique in the
 *    database and the batch, checked when the record ends.
 *  - iedu_batch_commit: that every reference names a record, staged or
 *    already in the database, of the right kind, and that part-of
 *    relations form no cycle.
 * A call that fails changes nothing in the batch and records its details
 * in the last error (errors.h): the caller may correct and go on (set the
 * missing attribute, add the missing child), drop the open element with
 * iedu_batch_discard() (the way out of a failure no later call can mend,
 * such as a duplicate id or a second name in one language), or free the
 * batch. A commit that fails leaves the database exactly as it was.
 *
 * One batch at a time per database. A batch and its database are used by
 * one thread at a time, and the database is not read by other threads
 * while a batch is open on it.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_BATCH_H
#define IEDU_BATCH_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

typedef struct iedu_batch iedu_batch;

/* Pass as a length to mean "the string is NUL-terminated". */
#define IEDU_NUL ((size_t)-1)

/*
 * Opens a batch on db. The caller owns it and must free it with
 * iedu_batch_free() before freeing db. IEDU_EBUSY when db already has an
 * open batch.
 */
IEDU_API int iedu_batch_new(iedu_batch **out, iedu_db *db);

/* Opens a record of a kind. IEDU_ESTATE when a record is open. */
IEDU_API int iedu_batch_record(iedu_batch *batch, iedu_kind kind);

/*
 * Opens a child element of the open record. IEDU_ESTATE when no record
 * or another child is open; IEDU_EUNKNOWN when records of this kind have
 * no such child.
 */
IEDU_API int iedu_batch_child(iedu_batch *batch, iedu_child child);

/*
 * Sets an attribute of the innermost open element (the child if one is
 * open, else the record) from len bytes of value (IEDU_NUL: up to the
 * NUL). IEDU_EUNKNOWN when the element has no such attribute,
 * IEDU_EDUPLICATE when it is already set, IEDU_EVALUE when the value is
 * malformed.
 */
IEDU_API int iedu_batch_set(iedu_batch *batch, iedu_attr attr,
			    const char *value, size_t len);

/*
 * Sets the text content of the open child element. IEDU_ESTATE when no
 * child is open, IEDU_EUNKNOWN when the child has no text,
 * IEDU_EDUPLICATE when the text is already set.
 */
IEDU_API int iedu_batch_text(iedu_batch *batch, const char *text, size_t len);

/*
 * Ends the innermost open element and checks it as a whole. On failure
 * the element stays open.
 */
IEDU_API int iedu_batch_end(iedu_batch *batch);

/*
 * Drops the innermost open element: the open child, else the open record
 * with the children it has. IEDU_ESTATE when nothing is open.
 */
IEDU_API int iedu_batch_discard(iedu_batch *batch);

/* The number of records ended in the batch so far. */
IEDU_API uint32_t iedu_batch_count(const iedu_batch *batch);

/*
 * Resolves and checks the batch's references and adds its records to the
 * database. On success the records are in the database; on failure the
 * database is exactly as it was. Either way the batch is spent: further
 * calls on it return IEDU_ESTATE. IEDU_ESTATE as well when an element is
 * still open.
 */
IEDU_API int iedu_batch_commit(iedu_batch *batch);

/*
 * Frees the batch; records not committed are discarded and the database
 * is left as it was before the batch. NULL is allowed.
 */
IEDU_API void iedu_batch_free(iedu_batch *batch);

IEDU_END_DECLS

#endif
