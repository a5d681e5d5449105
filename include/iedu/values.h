/*
 * libiedu - the value types of iedu XML v1: partial dates, decimal
 * numbers and unified social credit codes. Pure functions; thread-safe.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_VALUES_H
#define IEDU_VALUES_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

/*
 * A partial date that keeps its precision: YYYY, YYYY-MM or YYYY-MM-DD,
 * years 0001-9999 of the proleptic Gregorian calendar. Packed as
 * YYYY * 10000 + MM * 100 + DD with 0 for a missing month or day, so
 * "2024" is 20240000 and "2024-07" is 20240700. 0 is no date.
 */
typedef uint32_t iedu_date;

typedef enum iedu_date_precision {
	IEDU_DATE_NONE = 0,
	IEDU_DATE_YEAR = 1,
	IEDU_DATE_MONTH = 2,
	IEDU_DATE_DAY = 3
} iedu_date_precision;

/*
 * Parses exactly len bytes of text as a date. Leap years are honoured.
 * IEDU_EVALUE (with the reason in the last error, e.g. "2023-02-29 is not
 * a calendar date: February 2023 has 28 days") when it is not one.
 */
IEDU_API int iedu_date_parse(iedu_date *out, const char *text, size_t len);

/*
 * Builds a date from its parts; month and day 0 when not known (a day
 * needs a month). IEDU_EVALUE when the parts do not form a date.
 */
IEDU_API int iedu_date_make(iedu_date *out, uint32_t year, uint32_t month,
			    uint32_t day);

IEDU_API uint32_t iedu_date_year(iedu_date date);
IEDU_API uint32_t iedu_date_month(iedu_date date); /* 0 when not known */
IEDU_API uint32_t iedu_date_day(iedu_date date);   /* 0 when not known */
IEDU_API iedu_date_precision iedu_date_precision_of(iedu_date date);

/*
 * Writes the date as YYYY, YYYY-MM or YYYY-MM-DD and a NUL into buf
 * (11 bytes are always enough). Returns the length without the NUL, or
 * IEDU_EINVAL for an invalid date or IEDU_ELIMIT when buf is too small.
 */
IEDU_API int iedu_date_format(char *buf, size_t size, iedu_date date);

/*
 * A total order for sorting: earlier first; a partial date sorts before
 * the more precise dates it contains ("2024" < "2024-01" < "2024-01-01").
 * Returns <0, 0 or >0.
 */
IEDU_API int iedu_date_compare(iedu_date a, iedu_date b);

/*
 * 1 when a certainly ends before b begins: every day a may denote is
 * earlier than every day b may denote ("2024-06" is before "2024-07-02";
 * "2024" is not before "2024-07-02"). 0 otherwise.
 */
IEDU_API int iedu_date_before(iedu_date a, iedu_date b);

/*
 * A decimal number as iedu XML writes it: an optional sign, digits, an
 * optional fraction ("157", "-3", "12.5"), at most 18 digits in all.
 * Parsed into value = mantissa / 10^scale, exactly. IEDU_EVALUE when the
 * text is not such a number, IEDU_ELIMIT when it has too many digits.
 */
IEDU_API int iedu_number_parse(int64_t *mantissa, uint32_t *scale,
			       const char *text, size_t len);

/*
 * Checks the form of a unified social credit code (GB 32100-2015):
 * exactly 18 characters from 0-9 and A-H, J-N, P-R, T, U, W-Y.
 * IEDU_EVALUE when it has another form.
 */
IEDU_API int iedu_uscc_check_form(const char *code, size_t len);

/*
 * 1 when the 18th character of a well-formed code is the check character
 * that GB 32100-2015 computes from the first 17, 0 when it is not,
 * IEDU_EVALUE when the code is not well-formed.
 */
IEDU_API int iedu_uscc_verify(const char *code, size_t len);

/*
 * The check character GB 32100-2015 computes for the first 17 characters
 * of code, or 0 when they are not from the code's character set.
 */
IEDU_API char iedu_uscc_check_char(const char *code17);

IEDU_END_DECLS

#endif
