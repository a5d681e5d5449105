/*
 * libiedu - the value types of iedu XML v1: partial dates, decimal numbers
 * and unified social credit codes.
 *
 * Everything here is a pure function over its arguments: no allocation and
 * no static mutable state, so it is thread-safe. Failing calls leave their
 * out-parameters untouched.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include "iedu/values.h"
#include "iedu/errors.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

/*
 * Input may be any bytes, of any length, without a NUL, so messages quote
 * at most this many bytes of it.
 */
#define QUOTE_MAX_BYTES 40
/* At most 4 characters (\xNN) a byte, then quotes and "... (N bytes)". */
#define QUOTE_SIZE (QUOTE_MAX_BYTES * 4 + 64)

/* Bytes a message shows as they are: printable ASCII but ' and \. */
static int is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\'' && c != '\\';
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1fu;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Writes text as a single-quoted string for a message: printable ASCII and
 * well-formed UTF-8 as they are, every other byte (and the quote and
 * backslash themselves) as \xNN, so the message is valid UTF-8 and
 * unambiguous. Longer input is cut at a character boundary and followed by
 * its length.
 */
static const char *quote(char out[QUOTE_SIZE], const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, o = 0, seq;

	out[o++] = '\'';
	while (i < len) {
		seq = is_plain(s[i]) ? 1 : utf8_sequence_length(s + i, len - i);
		if (i + (seq ? seq : 1) > QUOTE_MAX_BYTES)
			break;
		if (seq) {
			memcpy(out + o, s + i, seq);
			o += seq;
			i += seq;
		} else {
			o += (size_t)snprintf(out + o, QUOTE_SIZE - o,
					      "\\x%02X", s[i]);
			i++;
		}
	}
	out[o++] = '\'';
	if (i < len)
		snprintf(out + o, QUOTE_SIZE - o, "... (%zu bytes)", len);
	else
		out[o] = '\0';
	return out;
}

/* One byte as a message shows what was found: 'x', or byte \xNN. */
static const char *describe_byte(char out[16], unsigned char c)
{
	if (is_plain(c))
		snprintf(out, 16, "'%c'", c);
	else
		snprintf(out, 16, "byte \\x%02X", c);
	return out;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* ---- dates ---------------------------------------------------------- */

#define DATE_FORMS "YYYY, YYYY-MM or YYYY-MM-DD"

static const char *const month_names[12] = {
    "January", "February", "March",	"April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static int is_leap_year(uint32_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static uint32_t days_in_month(uint32_t year, uint32_t month)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30,
					       31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

static int date_is_valid(iedu_date date)
{
	uint32_t year = date / 10000, month = date / 100 % 100,
		 day = date % 100;

	if (year < 1 || year > 9999 || month > 12)
		return 0;
	if (month == 0)
		return day == 0;
	return day <= days_in_month(year, month);
}

static uint32_t digits_value(const char *s, size_t n)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (uint32_t)(s[i] - '0');
	return v;
}

int iedu_date_parse(iedu_date *out, const char *text, size_t len)
{
	/* The shape all three forms share: YYYY-MM-DD cut after 4, 7 or 10. */
	static const char shape[] = "9999-99-99";
	char q[QUOTE_SIZE], found[16];
	uint32_t year, month = 0, day = 0;
	size_t i;

	if (out == NULL || (text == NULL && len != 0))
		return iedu__error(IEDU_EINVAL, "iedu_date_parse: %s is NULL",
				   out == NULL ? "out" : "text");
	if (len == 0)
		return iedu__error(IEDU_EVALUE, "'' is not a date: the text is "
						"empty; expected " DATE_FORMS);
	for (i = 0; i < len && i < 10; i++) {
		unsigned char c = (unsigned char)text[i];

		if (shape[i] == '9' ? !is_digit(c) : c != '-')
			return iedu__error(IEDU_EVALUE,
					   "%s is not a date: %s at byte %zu; "
					   "expected " DATE_FORMS,
					   quote(q, text, len),
					   describe_byte(found, c), i + 1);
	}
	if (len > 10)
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a date: %s at byte 11 after the day; "
		    "expected " DATE_FORMS " with nothing after it",
		    quote(q, text, len),
		    describe_byte(found, (unsigned char)text[10]));
	if (len != 4 && len != 7 && len != 10)
		return iedu__error(IEDU_EVALUE,
				   "%s is not a date: it ends after %zu bytes; "
				   "expected " DATE_FORMS,
				   quote(q, text, len), len);

	year = digits_value(text, 4);
	if (len >= 7)
		month = digits_value(text + 5, 2);
	if (len == 10)
		day = digits_value(text + 8, 2);
	if (year == 0)
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a date: year 0000 is out of range 0001-9999",
		    quote(q, text, len));
	if (len >= 7 && (month < 1 || month > 12))
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a date: month %02u is out of range 01-12",
		    quote(q, text, len), (unsigned)month);
	if (len == 10 && (day < 1 || day > 31))
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a date: day %02u is out of range 01-31",
		    quote(q, text, len), (unsigned)day);
	if (len == 10 && day > days_in_month(year, month))
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a calendar date: %s %04u has %u days",
		    quote(q, text, len), month_names[month - 1], (unsigned)year,
		    (unsigned)days_in_month(year, month));
	*out = year * 10000 + month * 100 + day;
	return IEDU_OK;
}

int iedu_date_make(iedu_date *out, uint32_t year, uint32_t month, uint32_t day)
{
	if (out == NULL)
		return iedu__error(IEDU_EINVAL, "iedu_date_make: out is NULL");
	if (year < 1 || year > 9999)
		return iedu__error(
		    IEDU_EVALUE, "not a date: year %lu is out of range 1-9999",
		    (unsigned long)year);
	if (month > 12)
		return iedu__error(IEDU_EVALUE,
				   "not a date: month %lu is out of range 1-12 "
				   "(0 when not known)",
				   (unsigned long)month);
	if (month == 0 && day != 0)
		return iedu__error(IEDU_EVALUE,
				   "not a date: day %lu given without a month; "
				   "a day needs a month",
				   (unsigned long)day);
	if (month != 0 && day > 31)
		return iedu__error(IEDU_EVALUE,
				   "not a date: day %lu is out of range 1-31 "
				   "(0 when not known)",
				   (unsigned long)day);
	if (month != 0 && day > days_in_month(year, month))
		return iedu__error(IEDU_EVALUE,
				   "%04u-%02u-%02u is not a calendar date: %s "
				   "%04u has %u days",
				   (unsigned)year, (unsigned)month,
				   (unsigned)day, month_names[month - 1],
				   (unsigned)year,
				   (unsigned)days_in_month(year, month));
	*out = year * 10000 + month * 100 + day;
	return IEDU_OK;
}

/* The getters answer 0 (IEDU_DATE_NONE) for a value that is not a date. */
uint32_t iedu_date_year(iedu_date date)
{
	return date_is_valid(date) ? date / 10000 : 0;
}

uint32_t iedu_date_month(iedu_date date)
{
	return date_is_valid(date) ? date / 100 % 100 : 0;
}

uint32_t iedu_date_day(iedu_date date)
{
	return date_is_valid(date) ? date % 100 : 0;
}

iedu_date_precision iedu_date_precision_of(iedu_date date)
{
	if (!date_is_valid(date))
		return IEDU_DATE_NONE;
	if (date % 10000 == 0)
		return IEDU_DATE_YEAR;
	if (date % 100 == 0)
		return IEDU_DATE_MONTH;
	return IEDU_DATE_DAY;
}

int iedu_date_format(char *buf, size_t size, iedu_date date)
{
	char text[16];
	int n;

	if (buf == NULL)
		return iedu__error(IEDU_EINVAL,
				   "iedu_date_format: buf is NULL");
	if (!date_is_valid(date))
		return iedu__error(
		    IEDU_EINVAL,
		    "%lu is not a valid date value (YYYY*10000 + MM*100 + DD, "
		    "0 for a missing month or day)",
		    (unsigned long)date);
	/* YYYY-MM-DD cut after the year or the month for a partial date. */
	snprintf(text, sizeof text, "%04u-%02u-%02u", (unsigned)(date / 10000),
		 (unsigned)(date / 100 % 100), (unsigned)(date % 100));
	n = date % 10000 == 0 ? 4 : date % 100 == 0 ? 7 : 10;
	text[n] = '\0';
	if ((size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return iedu__error(
		    IEDU_ELIMIT,
		    "the date %s needs a buffer of %d bytes; %zu given", text,
		    n + 1, size);
	}
	memcpy(buf, text, (size_t)n + 1);
	return n;
}

/*
 * With 0 for a missing month or day, numeric order of the packed values is
 * the documented order: the year compares first, then a missing month (0)
 * before January, then a missing day before the 1st.
 */
int iedu_date_compare(iedu_date a, iedu_date b)
{
	return (a > b) - (a < b);
}

/* The first and last day a (valid) date may denote, packed. */
static iedu_date date_first_day(iedu_date date)
{
	if (date % 10000 == 0)
		return date + 101;
	if (date % 100 == 0)
		return date + 1;
	return date;
}

static iedu_date date_last_day(iedu_date date)
{
	if (date % 10000 == 0)
		return date + 1231;
	if (date % 100 == 0)
		return date + days_in_month(date / 10000, date / 100 % 100);
	return date;
}

/* Invalid values (0, no date, among them) are before nothing, after nothing. */
int iedu_date_before(iedu_date a, iedu_date b)
{
	if (!date_is_valid(a) || !date_is_valid(b))
		return 0;
	return date_last_day(a) < date_first_day(b);
}

/* ---- numbers -------------------------------------------------------- */

/*
 * The form is [+-]?D+(.D+)? : the spec's "optional sign" admits '+' as well
 * as '-'; a point needs digits on both sides ("0.5", not ".5" or "5.").
 * 18 digits in all (leading zeros count) always fit an int64_t.
 */
#define NUMBER_MAX_DIGITS 18
#define NUMBER_FORM                                                            \
	"expected digits with an optional sign and fraction, like 157, -3 or " \
	"12.5"

int iedu_number_parse(int64_t *mantissa, uint32_t *scale, const char *text,
		      size_t len)
{
	char q[QUOTE_SIZE], found[16];
	size_t i = 0, digits = 0, int_digits = 0;
	int negative = 0, has_point = 0;
	int64_t value = 0;

	if (mantissa == NULL || scale == NULL || (text == NULL && len != 0))
		return iedu__error(IEDU_EINVAL, "iedu_number_parse: %s is NULL",
				   mantissa == NULL ? "mantissa"
				   : scale == NULL  ? "scale"
						    : "text");
	if (len == 0)
		return iedu__error(
		    IEDU_EVALUE,
		    "'' is not a number: the text is empty; " NUMBER_FORM);
	if (text[0] == '+' || text[0] == '-') {
		negative = text[0] == '-';
		i = 1;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (is_digit(c)) {
			digits++;
			if (digits <= NUMBER_MAX_DIGITS)
				value = value * 10 + (c - '0');
		} else if (c == '.' && !has_point && digits > 0) {
			has_point = 1;
			int_digits = digits;
		} else if (c == '.' && !has_point) {
			return iedu__error(IEDU_EVALUE,
					   "%s is not a number: no digit "
					   "before '.'; " NUMBER_FORM,
					   quote(q, text, len));
		} else {
			return iedu__error(
			    IEDU_EVALUE,
			    "%s is not a number: %s at byte %zu; " NUMBER_FORM,
			    quote(q, text, len), describe_byte(found, c),
			    i + 1);
		}
	}
	if (digits == 0)
		return iedu__error(IEDU_EVALUE,
				   "%s is not a number: no digits after the "
				   "sign; " NUMBER_FORM,
				   quote(q, text, len));
	if (has_point && text[len - 1] == '.')
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a number: no digit after '.'; " NUMBER_FORM,
		    quote(q, text, len));
	if (digits > NUMBER_MAX_DIGITS)
		return iedu__error(
		    IEDU_ELIMIT,
		    "%s has %zu digits; a number may have at most %d",
		    quote(q, text, len), digits, NUMBER_MAX_DIGITS);
	if (!has_point)
		int_digits = digits;
	*mantissa = negative ? -value : value;
	*scale = (uint32_t)(digits - int_digits);
	return IEDU_OK;
}

/* ---- unified social credit codes (GB 32100-2015) --------------------- */

#define USCC_LENGTH  18
#define USCC_CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"
#define USCC_CHARSET_TEXT                                                      \
	"0-9, A-H, J-N, P-R, T, U or W-Y (I, O, S, V and Z are not used)"

/* The value of a code character (its index in the set), or -1. */
static int uscc_value(unsigned char c)
{
	static const char set[] = USCC_CHARSET;
	const char *p;

	if (c == '\0')
		return -1;
	p = memchr(set, c, sizeof set - 1);
	return p ? (int)(p - set) : -1;
}

/* fn names the public function for an argument error. */
static int uscc_check_form(const char *fn, const char *code, size_t len)
{
	char q[QUOTE_SIZE], found[16];
	size_t i, non_ascii = 0;

	if (code == NULL && len != 0)
		return iedu__error(IEDU_EINVAL, "%s: code is NULL", fn);
	if (len != USCC_LENGTH) {
		for (i = 0; i < len; i++)
			non_ascii += (unsigned char)code[i] >= 0x80;
		return iedu__error(IEDU_EVALUE,
				   "%s is not a unified social credit code: it "
				   "is %zu %s long; expected 18 characters",
				   quote(q, code, len), len,
				   non_ascii  ? "bytes"
				   : len == 1 ? "character"
					      : "characters");
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)code[i];

		if (uscc_value(c) >= 0)
			continue;
		if (c >= 'a' && c <= 'z')
			return iedu__error(
			    IEDU_EVALUE,
			    "%s is not a unified social credit code: '%c' at "
			    "position %zu is lower case; expected upper case, "
			    "from " USCC_CHARSET_TEXT,
			    quote(q, code, len), c, i + 1);
		return iedu__error(
		    IEDU_EVALUE,
		    "%s is not a unified social credit code: %s at position "
		    "%zu; expected a character from " USCC_CHARSET_TEXT,
		    quote(q, code, len), describe_byte(found, c), i + 1);
	}
	return IEDU_OK;
}

int iedu_uscc_check_form(const char *code, size_t len)
{
	return uscc_check_form("iedu_uscc_check_form", code, len);
}

char iedu_uscc_check_char(const char *code17)
{
	static const char set[] = USCC_CHARSET;
	static const unsigned char weights[17] = {
	    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	uint32_t sum = 0, check;
	size_t i;

	if (code17 == NULL)
		return 0;
	/* Stops at the first byte outside the set, so a NUL ends the read. */
	for (i = 0; i < 17; i++) {
		int v = uscc_value((unsigned char)code17[i]);

		if (v < 0)
			return 0;
		sum += (uint32_t)v * weights[i];
	}
	check = (31 - sum % 31) % 31;
	return set[check];
}

int iedu_uscc_verify(const char *code, size_t len)
{
	int rc = uscc_check_form("iedu_uscc_verify", code, len);

	if (rc != IEDU_OK)
		return rc;
	return iedu_uscc_check_char(code) == code[17];
}
