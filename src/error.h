/*
 * Internal: setting the calling thread's last error.
 *
 * Error state lives in a fixed thread-local block, so reporting an error
 * never allocates (an out-of-memory error can always be reported).
 */
#ifndef IEDU_SRC_ERROR_H
#define IEDU_SRC_ERROR_H

#include <stdint.h>
#include "iedu/common.h"
#include "iedu/errors.h"

#if defined(__GNUC__)
#define IEDU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IEDU_PRINTF(f, a)
#endif

/*
 * Sets the last error and returns code. kind/record_id/field may be
 * IEDU_KIND_NONE/NULL. The message (printf-style) should say what is
 * wrong and what was expected; it must not repeat the location, which
 * iedu__error_locate() adds. Any location from a previous error is
 * cleared.
 */
int iedu__error_set(int code, iedu_kind kind, const char *record_id,
		    const char *field, const char *fmt, ...) IEDU_PRINTF(5, 6);

/* Shorthand for an error with no record: iedu__error_set(code, 0, NULL, NULL,
 * ...). */
int iedu__error(int code, const char *fmt, ...) IEDU_PRINTF(2, 3);

/* Out of memory, while doing what (e.g. "growing the string arena"). */
int iedu__error_nomem(const char *what);

/*
 * Adds a location to the current last error: the message is prefixed with
 * "FILE:LINE:COLUMN: error: " (file may be NULL: "LINE:COLUMN: error: ").
 */
void iedu__error_locate(const char *file, uint32_t line, uint32_t column);

/*
 * Amends the current last error's record and field when they are not set
 * yet (used by layers that know the record while lower layers do not),
 * prefixing the message with a description of the record and field.
 */
void iedu__error_context(iedu_kind kind, const char *record_id,
			 const char *field);

/*
 * The same for a record that may have no id: ordinal (its 1-based position
 * among the records of its kind, 0 when unknown) names it then, as in
 * "membership #3".
 */
void iedu__error_context_n(iedu_kind kind, const char *record_id,
			   uint32_t ordinal, const char *field);

#endif
