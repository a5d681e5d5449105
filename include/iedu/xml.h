/*
 * libiedu - reading and writing iedu XML v1.
 *
 * Reading streams the document through libxml2's SAX2 push parser; no
 * tree is built. Hostile input is expected: a <!DOCTYPE> is refused, no
 * entity beyond the five predefined ones and character references is
 * expanded, no file or network access is made, and the limits below are
 * enforced. An import is all-or-nothing: when it fails the database is
 * exactly as before. Errors read "FILE:LINE:COLUMN: error: MESSAGE" and
 * name the record id when one is known (errors.h).
 *
 * Limits of the reader (each exceeded gives IEDU_ELIMIT):
 *   element nesting (foreign elements included)      64
 *   text of one element, value of one attribute       1 MiB
 *   attributes on one element (foreign included)      64
 * (An id longer than the spec's 128 characters is a malformed value,
 * IEDU_EVALUE, like any other.)
 *
 * The document: root <iedu xmlns="urn:iedu:1" version="1">; a version
 * "1.N" is read as version 1, any other major version is IEDU_EVERSION; a
 * wrong root element or namespace is IEDU_EPARSE. Elements and attributes
 * of other namespaces are ignored; elements in no namespace, and
 * prefixed attributes of the iedu namespace, are refused (IEDU_EUNKNOWN).
 * Comments and processing instructions are ignored. Beyond the spec, the
 * reader (like the batch API) requires a name on every organization and
 * person and a title on every source and post.
 *
 * Writing produces the canonical form of the spec's Export section:
 * export, import, export gives identical bytes.
 *
 * Thread safety: imports modify the database (one thread, no readers);
 * exports only read it. Imports into different databases may run in
 * parallel threads. libxml2 is initialised once, thread-safely, on first
 * use; the library never calls xmlCleanupParser() or xmlMemSetup().
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_XML_H
#define IEDU_XML_H

#include <stdio.h>

#include "iedu/common.h"

IEDU_BEGIN_DECLS

/*
 * Imports the iedu XML document at path into db. Several documents may be
 * imported into one database; an id already in the database is an error;
 * references may name records already there. IEDU_EIO when the file
 * cannot be read, IEDU_EPARSE when it is not well-formed XML, and the
 * batch errors (batch.h) for invalid records.
 */
IEDU_API int iedu_xml_import_file(iedu_db *db, const char *path);

/*
 * Imports len bytes of data. name (may be NULL) is the name errors give
 * for the input, e.g. "<memory>".
 */
IEDU_API int iedu_xml_import_memory(iedu_db *db, const void *data, size_t len,
				    const char *name);

/*
 * Imports everything readable from fd (a file, pipe or socket), or from
 * fp, up to end of file. The descriptor or stream is not closed.
 */
IEDU_API int iedu_xml_import_fd(iedu_db *db, int fd, const char *name);
IEDU_API int iedu_xml_import_stream(iedu_db *db, FILE *fp, const char *name);

/*
 * How many threads an import into db may use (new in 1.1; symbol version
 * IEDU_1.1). 1, the default: everything happens in the calling thread.
 * 2: libxml2 parses the document in a thread that the import starts and
 * joins before it returns, while the calling thread checks and stores
 * what it parses; and the commit of 16,384 records or more (an import's,
 * or an iedu_batch_commit's into db) resolves and indexes its references
 * in two threads, the second started and joined by the commit. A large
 * import then takes some 40-50 % less time and a little more CPU time
 * (docs/performance.md). The result is the same either way, database and
 * error alike (message, file, line, column, record, field), and no
 * thread touches db after the call returns. A number above 2 counts as
 * 2: the storing is one thread's work. Setting it counts as modifying db
 * (docs/threading.md).
 *
 * Only memory (iedu_xml_import_memory) and regular files (by path or
 * descriptor) are read in the second thread. A pipe, socket or terminal
 * descriptor and a FILE * are read in the calling thread alone, as with
 * 1: a read there may wait for the other end, and a stream may be locked
 * by its caller. If the thread cannot be started (no memory for its
 * buffers, no thread), the import runs in the calling thread alone.
 *
 * With 2, the allocator of iedu_allocator_set is also called from the
 * second thread, so it must be thread-safe (the default one is); that
 * thread blocks every signal, and the parsing thread sets libxml2's error
 * handlers for itself only. IEDU_EINVAL when db is NULL or nthreads is 0.
 */
IEDU_API int iedu_db_set_import_threads(iedu_db *db, uint32_t nthreads);

/*
 * How many threads an export of db may use (new in 1.1; symbol version
 * IEDU_1.1). 1, the default: everything happens in the calling thread.
 * 2: a kind of more than 1,024 records is written in shares of 1,024
 * records taken in turn, the odd ones by a second thread that the export
 * starts and joins before it returns, into buffers of its own that the
 * calling thread copies into the sink in order; a kind of more than 4,096
 * records is also sorted in two halves at once. The bytes written are the
 * same either way, and so are the errors; the sink (memory, FILE *, the
 * file's descriptor) is only ever written by the calling thread. A large
 * export then takes some 40 % less time (docs/performance.md). A number
 * above 2 counts as 2. Setting it counts as modifying db
 * (docs/threading.md); exports may still run at once in many threads,
 * each with its own second thread.
 *
 * The second thread holds at most two buffers of 4 MiB: a share it
 * cannot hold (records with texts of many kilobytes) or finds no memory
 * for is written by the calling thread. If the thread cannot be started
 * (no memory for its buffers, no thread), the export runs in the calling
 * thread alone. With 2, the allocator of iedu_allocator_set is also
 * called from the second thread, so it must be thread-safe (the default
 * one is); that thread blocks every signal. IEDU_EINVAL when db is NULL
 * or nthreads is 0.
 */
IEDU_API int iedu_db_set_export_threads(iedu_db *db, uint32_t nthreads);

/*
 * Writes db as canonical iedu XML to path, atomically: into a temporary
 * file in the same directory, flushed and synced, then renamed over path
 * and the directory synced. On any failure an error is returned, the
 * temporary file is removed and a previous file at path is left intact.
 */
IEDU_API int iedu_xml_export_file(const iedu_db *db, const char *path);

/*
 * Writes db as canonical iedu XML into a new buffer: *out (NUL-terminated,
 * freed by the caller with iedu_free()) and its length *len without the NUL.
 */
IEDU_API int iedu_xml_export_memory(char **out, size_t *len, const iedu_db *db);

/*
 * Writes db as canonical iedu XML to fp, checking every write; fp is
 * flushed but not closed.
 */
IEDU_API int iedu_xml_export_stream(const iedu_db *db, FILE *fp);

IEDU_END_DECLS

#endif
