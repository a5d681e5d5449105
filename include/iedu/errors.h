/*
 * libiedu - status codes and error details.
 *
 * Every function that can fail returns an int: 0 (IEDU_OK) or one of the
 * negative IEDU_E* codes below. A code is never reused for another meaning.
 * When a call fails it also records the details of the failure in the
 * calling thread's "last error", read with iedu_error_last(). A successful
 * call leaves the last error as it was; iedu_error_clear() resets it.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_ERRORS_H
#define IEDU_ERRORS_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

typedef enum iedu_status {
	IEDU_OK = 0,
	IEDU_ERROR = -1,      /* an error with no more specific code */
	IEDU_ENOMEM = -2,     /* an allocation failed; nothing was changed */
	IEDU_EINVAL = -3,     /* a bad argument: NULL, out of range, wrong handle */
	IEDU_ESTATE = -4,     /* a call out of sequence (e.g. no open record) */
	IEDU_EBUSY = -5,      /* the database already has an open batch */
	IEDU_ENOTFOUND = -6,  /* no record with that id or handle */
	IEDU_EVALUE = -7,     /* a value is malformed (date, number, id, token, text) */
	IEDU_EMISSING = -8,   /* a required attribute, text or child is missing */
	IEDU_EDUPLICATE = -9, /* an id, a language or a key given twice */
	IEDU_EREF = -10,      /* a reference names no record */
	IEDU_EKIND = -11,     /* a reference names a record of the wrong kind */
	IEDU_ECYCLE = -12,    /* part-of relations would form a cycle */
	IEDU_ECONSTRAINT = -13, /* values that contradict each other */
	IEDU_EUNKNOWN = -14,  /* an attribute or child the record does not have */
	IEDU_ELIMIT = -15,    /* a size limit of the library was exceeded */
	IEDU_EIO = -16,       /* reading or writing a file failed */
	IEDU_EPARSE = -17,    /* input is not well-formed */
	IEDU_EVERSION = -18   /* a format version this library does not read */
} iedu_status;

/*
 * A short static description of a status code ("out of memory"); a
 * description saying the code is unknown for a value that is not one.
 * Thread-safe.
 */
IEDU_API const char *iedu_strerror(int code);

/* The details of a failure. Opaque; read it through the accessors. */
typedef struct iedu_error iedu_error;

/*
 * The calling thread's last error. Never NULL: before any failure (or
 * after iedu_error_clear()) it has code IEDU_OK and an empty message.
 * The object belongs to the thread and stays valid until the thread's
 * next failing libiedu call or iedu_error_clear(); copy what you need.
 */
IEDU_API const iedu_error *iedu_error_last(void);

/* Resets the calling thread's last error to IEDU_OK. */
IEDU_API void iedu_error_clear(void);

/* The status code of the error. */
IEDU_API int iedu_error_code(const iedu_error *err);

/*
 * The complete message: what was wrong, in which record and field, and
 * what was expected. When the error has a location it begins with it, in
 * the form "FILE:LINE:COLUMN: error: " (a compiler's form). Never NULL.
 */
IEDU_API const char *iedu_error_message(const iedu_error *err);

/*
 * The id of the record the error is about, or NULL when unknown or the
 * record has no id.
 */
IEDU_API const char *iedu_error_record_id(const iedu_error *err);

/* The kind of that record, or IEDU_KIND_NONE. */
IEDU_API iedu_kind iedu_error_record_kind(const iedu_error *err);

/*
 * The field: the XML name of the attribute, child element or
 * child attribute ("founded", "name", "cite/@source"), or NULL.
 */
IEDU_API const char *iedu_error_field(const iedu_error *err);

/* Where in the input: file name (NULL when none), 1-based line and column (0 when none). */
IEDU_API const char *iedu_error_file(const iedu_error *err);
IEDU_API uint32_t iedu_error_line(const iedu_error *err);
IEDU_API uint32_t iedu_error_column(const iedu_error *err);

IEDU_END_DECLS

#endif
