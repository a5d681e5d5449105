/*
 * Tests of the value types through the public API: partial dates, decimal
 * numbers and unified social credit codes, with the exact status code and
 * message of every failure.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <iedu.h>

#define DATE_FORMS "expected YYYY, YYYY-MM or YYYY-MM-DD"
#define NUMBER_FORM \
	"expected digits with an optional sign and fraction, like 157, -3 or 12.5"
#define USCC_SET \
	"0-9, A-H, J-N, P-R, T, U or W-Y (I, O, S, V and Z are not used)"

static void assert_last_error(int code, const char *message)
{
	const iedu_error *err = iedu_error_last();

	assert_int_equal(iedu_error_code(err), code);
	assert_string_equal(iedu_error_message(err), message);
}

/* Parses a NUL-terminated string (its NUL is not passed). */
static int parse_date(iedu_date *out, const char *text)
{
	return iedu_date_parse(out, text, strlen(text));
}

static int parse_number(int64_t *mantissa, uint32_t *scale, const char *text)
{
	return iedu_number_parse(mantissa, scale, text, strlen(text));
}

static void assert_date(const char *text, iedu_date expected)
{
	iedu_date d = 0;

	iedu_error_clear();
	assert_int_equal(parse_date(&d, text), IEDU_OK);
	assert_int_equal(d, expected);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);
}

/* A refused date: status, message, and the out-parameter untouched. */
static void assert_bad_date(const char *text, size_t len, int code,
			    const char *message)
{
	iedu_date d = 12345;

	iedu_error_clear();
	assert_int_equal(iedu_date_parse(&d, text, len), code);
	assert_int_equal(d, 12345);
	assert_last_error(code, message);
}

static void assert_number(const char *text, int64_t mantissa, uint32_t scale)
{
	int64_t m = 999;
	uint32_t s = 999;

	iedu_error_clear();
	assert_int_equal(parse_number(&m, &s, text), IEDU_OK);
	assert_true(m == mantissa);
	assert_int_equal(s, scale);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);
}

static void assert_bad_number(const char *text, size_t len, int code,
			      const char *message)
{
	int64_t m = 999;
	uint32_t s = 999;

	iedu_error_clear();
	assert_int_equal(iedu_number_parse(&m, &s, text, len), code);
	assert_true(m == 999);
	assert_int_equal(s, 999);
	assert_last_error(code, message);
}

static void assert_bad_uscc(const char *code, size_t len, const char *message)
{
	iedu_error_clear();
	assert_int_equal(iedu_uscc_check_form(code, len), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE, message);
	iedu_error_clear();
	assert_int_equal(iedu_uscc_verify(code, len), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE, message);
}

/* ---- dates ---------------------------------------------------------- */

static void date_parse_valid(void **state)
{
	(void)state;
	assert_date("2024", 20240000);
	assert_date("2024-07", 20240700);
	assert_date("2024-07-02", 20240702);
	assert_date("0001", 10000);
	assert_date("0001-01-01", 10101);
	assert_date("9999-12-31", 99991231);
	assert_date("1970-01", 19700100);
}

static void date_parse_reads_exactly_len_bytes(void **state)
{
	static const char text[] = { '2', '0', '2', '4', '-', '0', '7',
				     '-', '0', '2' }; /* no NUL */
	iedu_date d = 0;

	(void)state;
	assert_int_equal(iedu_date_parse(&d, text, 4), IEDU_OK);
	assert_int_equal(d, 20240000);
	assert_int_equal(iedu_date_parse(&d, text, 7), IEDU_OK);
	assert_int_equal(d, 20240700);
	assert_int_equal(iedu_date_parse(&d, text, sizeof text), IEDU_OK);
	assert_int_equal(d, 20240702);
	assert_int_equal(iedu_date_parse(&d, "2024-07-02xyz", 10), IEDU_OK);
	assert_int_equal(d, 20240702);
}

static void date_parse_leap_years(void **state)
{
	(void)state;
	assert_date("2024-02-29", 20240229);
	assert_date("2000-02-29", 20000229);
	assert_date("1600-02-29", 16000229);
	assert_date("0004-02-29", 40229);
	assert_date("2023-02-28", 20230228);
	assert_bad_date("2023-02-29", 10, IEDU_EVALUE,
			"'2023-02-29' is not a calendar date: February 2023 has 28 days");
	assert_bad_date("1900-02-29", 10, IEDU_EVALUE,
			"'1900-02-29' is not a calendar date: February 1900 has 28 days");
	assert_bad_date("2100-02-29", 10, IEDU_EVALUE,
			"'2100-02-29' is not a calendar date: February 2100 has 28 days");
	assert_bad_date("2024-02-30", 10, IEDU_EVALUE,
			"'2024-02-30' is not a calendar date: February 2024 has 29 days");
}

static void date_parse_ranges(void **state)
{
	(void)state;
	assert_bad_date("0000", 4, IEDU_EVALUE,
			"'0000' is not a date: year 0000 is out of range 0001-9999");
	assert_bad_date("0000-01-01", 10, IEDU_EVALUE,
			"'0000-01-01' is not a date: year 0000 is out of range 0001-9999");
	assert_bad_date("2024-13", 7, IEDU_EVALUE,
			"'2024-13' is not a date: month 13 is out of range 01-12");
	assert_bad_date("2024-00", 7, IEDU_EVALUE,
			"'2024-00' is not a date: month 00 is out of range 01-12");
	assert_bad_date("2024-99-01", 10, IEDU_EVALUE,
			"'2024-99-01' is not a date: month 99 is out of range 01-12");
	assert_bad_date("2024-01-00", 10, IEDU_EVALUE,
			"'2024-01-00' is not a date: day 00 is out of range 01-31");
	assert_bad_date("2024-01-32", 10, IEDU_EVALUE,
			"'2024-01-32' is not a date: day 32 is out of range 01-31");
	assert_bad_date("2024-04-31", 10, IEDU_EVALUE,
			"'2024-04-31' is not a calendar date: April 2024 has 30 days");
	assert_bad_date("2024-06-31", 10, IEDU_EVALUE,
			"'2024-06-31' is not a calendar date: June 2024 has 30 days");
	assert_bad_date("2024-09-31", 10, IEDU_EVALUE,
			"'2024-09-31' is not a calendar date: September 2024 has 30 days");
	assert_bad_date("2024-11-31", 10, IEDU_EVALUE,
			"'2024-11-31' is not a calendar date: November 2024 has 30 days");
	assert_date("2024-01-31", 20240131);
	assert_date("2024-12-31", 20241231);
}

static void date_parse_malformed(void **state)
{
	(void)state;
	assert_bad_date("", 0, IEDU_EVALUE,
			"'' is not a date: the text is empty; " DATE_FORMS);
	assert_bad_date("24-07-02", 8, IEDU_EVALUE,
			"'24-07-02' is not a date: '-' at byte 3; " DATE_FORMS);
	assert_bad_date("2024-7-2", 8, IEDU_EVALUE,
			"'2024-7-2' is not a date: '-' at byte 7; " DATE_FORMS);
	assert_bad_date("2024/07/02", 10, IEDU_EVALUE,
			"'2024/07/02' is not a date: '/' at byte 5; " DATE_FORMS);
	assert_bad_date("20240702", 8, IEDU_EVALUE,
			"'20240702' is not a date: '0' at byte 5; " DATE_FORMS);
	assert_bad_date("+2024", 5, IEDU_EVALUE,
			"'+2024' is not a date: '+' at byte 1; " DATE_FORMS);
	assert_bad_date("-2024", 5, IEDU_EVALUE,
			"'-2024' is not a date: '-' at byte 1; " DATE_FORMS);
	assert_bad_date(" 2024", 5, IEDU_EVALUE,
			"' 2024' is not a date: ' ' at byte 1; " DATE_FORMS);
	assert_bad_date("12024", 5, IEDU_EVALUE,
			"'12024' is not a date: '4' at byte 5; " DATE_FORMS);
	assert_bad_date("2024-", 5, IEDU_EVALUE,
			"'2024-' is not a date: it ends after 5 bytes; " DATE_FORMS);
	assert_bad_date("2024-0", 6, IEDU_EVALUE,
			"'2024-0' is not a date: it ends after 6 bytes; " DATE_FORMS);
	assert_bad_date("2024-07-", 8, IEDU_EVALUE,
			"'2024-07-' is not a date: it ends after 8 bytes; " DATE_FORMS);
	assert_bad_date("2024-07-2", 9, IEDU_EVALUE,
			"'2024-07-2' is not a date: it ends after 9 bytes; " DATE_FORMS);
	assert_bad_date("202", 3, IEDU_EVALUE,
			"'202' is not a date: it ends after 3 bytes; " DATE_FORMS);
	assert_bad_date("2024 ", 5, IEDU_EVALUE,
			"'2024 ' is not a date: ' ' at byte 5; " DATE_FORMS);
	assert_bad_date("2024-07-02 ", 11, IEDU_EVALUE,
			"'2024-07-02 ' is not a date: ' ' at byte 11 after the day; " DATE_FORMS
			" with nothing after it");
	assert_bad_date("2024-07-02T10:00", 16, IEDU_EVALUE,
			"'2024-07-02T10:00' is not a date: 'T' at byte 11 after the day; " DATE_FORMS
			" with nothing after it");
	assert_bad_date("2024-07-022", 11, IEDU_EVALUE,
			"'2024-07-022' is not a date: '2' at byte 11 after the day; " DATE_FORMS
			" with nothing after it");
}

/* Bytes that are not printable are shown as \xNN; long input is cut. */
static void date_parse_quotes_any_bytes_safely(void **state)
{
	char big[1000];

	(void)state;
	assert_bad_date("2024\0", 5, IEDU_EVALUE,
			"'2024\\x00' is not a date: byte \\x00 at byte 5; " DATE_FORMS);
	assert_bad_date("20\n24", 5, IEDU_EVALUE,
			"'20\\x0A24' is not a date: byte \\x0A at byte 3; " DATE_FORMS);
	assert_bad_date("2024\xff", 5, IEDU_EVALUE,
			"'2024\\xFF' is not a date: byte \\xFF at byte 5; " DATE_FORMS);
	assert_bad_date("'2024'", 6, IEDU_EVALUE,
			"'\\x272024\\x27' is not a date: byte \\x27 at byte 1; " DATE_FORMS);
	assert_bad_date("20\\24", 5, IEDU_EVALUE,
			"'20\\x5C24' is not a date: byte \\x5C at byte 3; " DATE_FORMS);
	/* well-formed UTF-8 is kept: "２０２４年" */
	assert_bad_date("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94\xe5\xb9\xb4",
			15, IEDU_EVALUE,
			"'\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94\xe5\xb9\xb4' is not a date: byte \\xEF at byte 1; " DATE_FORMS);
	/* a truncated UTF-8 sequence is escaped byte by byte */
	assert_bad_date("\xe5\xb9", 2, IEDU_EVALUE,
			"'\\xE5\\xB9' is not a date: byte \\xE5 at byte 1; " DATE_FORMS);

	memset(big, '7', sizeof big);
	assert_bad_date(big, sizeof big, IEDU_EVALUE,
			"'7777777777777777777777777777777777777777'... (1000 bytes)"
			" is not a date: '7' at byte 5; " DATE_FORMS);
	/* a multi-byte character is not cut in half at the 40-byte limit */
	memset(big, '\'', 39);
	memcpy(big + 39, "\xe5\xb9\xb4", 3);
	assert_bad_date(big, 42, IEDU_EVALUE,
			"'\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27"
			"\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27"
			"\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27"
			"\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27\\x27'... (42 bytes)"
			" is not a date: byte \\x27 at byte 1; " DATE_FORMS);
}

static void date_parse_bad_arguments(void **state)
{
	iedu_date d = 12345;

	(void)state;
	iedu_error_clear();
	assert_int_equal(iedu_date_parse(NULL, "2024", 4), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_date_parse: out is NULL");
	iedu_error_clear();
	assert_int_equal(iedu_date_parse(&d, NULL, 4), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_date_parse: text is NULL");
	assert_int_equal(d, 12345);
	assert_bad_date(NULL, 0, IEDU_EVALUE,
			"'' is not a date: the text is empty; " DATE_FORMS);
}

static void date_make_valid_and_invalid(void **state)
{
	iedu_date d = 12345;

	(void)state;
	iedu_error_clear();
	assert_int_equal(iedu_date_make(&d, 2024, 0, 0), IEDU_OK);
	assert_int_equal(d, 20240000);
	assert_int_equal(iedu_date_make(&d, 2024, 7, 0), IEDU_OK);
	assert_int_equal(d, 20240700);
	assert_int_equal(iedu_date_make(&d, 2024, 7, 2), IEDU_OK);
	assert_int_equal(d, 20240702);
	assert_int_equal(iedu_date_make(&d, 2024, 2, 29), IEDU_OK);
	assert_int_equal(d, 20240229);
	assert_int_equal(iedu_date_make(&d, 1, 1, 1), IEDU_OK);
	assert_int_equal(d, 10101);
	assert_int_equal(iedu_date_make(&d, 9999, 12, 31), IEDU_OK);
	assert_int_equal(d, 99991231);
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);

	d = 12345;
	assert_int_equal(iedu_date_make(&d, 0, 1, 1), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE, "not a date: year 0 is out of range 1-9999");
	assert_int_equal(iedu_date_make(&d, 10000, 0, 0), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "not a date: year 10000 is out of range 1-9999");
	assert_int_equal(iedu_date_make(&d, 4294967295u, 0, 0), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "not a date: year 4294967295 is out of range 1-9999");
	assert_int_equal(iedu_date_make(&d, 2024, 13, 1), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "not a date: month 13 is out of range 1-12 (0 when not known)");
	assert_int_equal(iedu_date_make(&d, 2024, 0, 5), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "not a date: day 5 given without a month; a day needs a month");
	assert_int_equal(iedu_date_make(&d, 2024, 1, 32), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "not a date: day 32 is out of range 1-31 (0 when not known)");
	assert_int_equal(iedu_date_make(&d, 2023, 2, 29), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "2023-02-29 is not a calendar date: February 2023 has 28 days");
	assert_int_equal(iedu_date_make(&d, 1900, 2, 29), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "1900-02-29 is not a calendar date: February 1900 has 28 days");
	assert_int_equal(iedu_date_make(&d, 2024, 4, 31), IEDU_EVALUE);
	assert_last_error(IEDU_EVALUE,
			  "2024-04-31 is not a calendar date: April 2024 has 30 days");
	assert_int_equal(d, 12345);

	iedu_error_clear();
	assert_int_equal(iedu_date_make(NULL, 2024, 1, 1), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_date_make: out is NULL");
}

static void date_getters(void **state)
{
	(void)state;
	assert_int_equal(iedu_date_year(20240000), 2024);
	assert_int_equal(iedu_date_month(20240000), 0);
	assert_int_equal(iedu_date_day(20240000), 0);
	assert_int_equal(iedu_date_precision_of(20240000), IEDU_DATE_YEAR);

	assert_int_equal(iedu_date_year(20240700), 2024);
	assert_int_equal(iedu_date_month(20240700), 7);
	assert_int_equal(iedu_date_day(20240700), 0);
	assert_int_equal(iedu_date_precision_of(20240700), IEDU_DATE_MONTH);

	assert_int_equal(iedu_date_year(20240702), 2024);
	assert_int_equal(iedu_date_month(20240702), 7);
	assert_int_equal(iedu_date_day(20240702), 2);
	assert_int_equal(iedu_date_precision_of(20240702), IEDU_DATE_DAY);

	assert_int_equal(iedu_date_year(10101), 1);
	assert_int_equal(iedu_date_precision_of(10101), IEDU_DATE_DAY);

	/* 0 (no date) and values that are not dates give 0 / NONE */
	assert_int_equal(iedu_date_year(0), 0);
	assert_int_equal(iedu_date_month(0), 0);
	assert_int_equal(iedu_date_day(0), 0);
	assert_int_equal(iedu_date_precision_of(0), IEDU_DATE_NONE);
	assert_int_equal(iedu_date_precision_of(20231300), IEDU_DATE_NONE);
	assert_int_equal(iedu_date_precision_of(20230229), IEDU_DATE_NONE);
	assert_int_equal(iedu_date_precision_of(20240005), IEDU_DATE_NONE);
	assert_int_equal(iedu_date_precision_of(100000000), IEDU_DATE_NONE);
	assert_int_equal(iedu_date_year(20230229), 0);
	assert_int_equal(iedu_date_month(20231300), 0);
	assert_int_equal(iedu_date_day(20240005), 0);
}

static void date_format_round_trip(void **state)
{
	static const char *const texts[] = { "2024", "2024-07", "2024-07-02",
					     "0001", "0001-01-01",
					     "9999-12-31", "2000-02-29" };
	char buf[11];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		iedu_date d = 0;

		assert_int_equal(parse_date(&d, texts[i]), IEDU_OK);
		assert_int_equal(iedu_date_format(buf, sizeof buf, d),
				 (int)strlen(texts[i]));
		assert_string_equal(buf, texts[i]);
	}
}

static void date_format_buffer_sizes(void **state)
{
	char buf[16];

	(void)state;
	/* exactly enough: the length plus the NUL */
	assert_int_equal(iedu_date_format(buf, 5, 20240000), 4);
	assert_string_equal(buf, "2024");
	assert_int_equal(iedu_date_format(buf, 8, 20240700), 7);
	assert_string_equal(buf, "2024-07");
	assert_int_equal(iedu_date_format(buf, 11, 20240702), 10);
	assert_string_equal(buf, "2024-07-02");

	/* one byte short: ELIMIT and an empty string */
	memset(buf, 'x', sizeof buf);
	iedu_error_clear();
	assert_int_equal(iedu_date_format(buf, 4, 20240000), IEDU_ELIMIT);
	assert_int_equal(buf[0], '\0');
	assert_last_error(IEDU_ELIMIT,
			  "the date 2024 needs a buffer of 5 bytes; 4 given");
	assert_int_equal(iedu_date_format(buf, 7, 20240700), IEDU_ELIMIT);
	assert_last_error(IEDU_ELIMIT,
			  "the date 2024-07 needs a buffer of 8 bytes; 7 given");
	assert_int_equal(iedu_date_format(buf, 10, 20240702), IEDU_ELIMIT);
	assert_last_error(IEDU_ELIMIT,
			  "the date 2024-07-02 needs a buffer of 11 bytes; 10 given");
	memset(buf, 'x', sizeof buf);
	assert_int_equal(iedu_date_format(buf, 0, 20240702), IEDU_ELIMIT);
	assert_int_equal(buf[0], 'x');
	assert_last_error(IEDU_ELIMIT,
			  "the date 2024-07-02 needs a buffer of 11 bytes; 0 given");
}

static void date_format_invalid(void **state)
{
	char buf[16];

	(void)state;
	iedu_error_clear();
	assert_int_equal(iedu_date_format(buf, sizeof buf, 0), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "0 is not a valid date value (YYYY*10000 + MM*100 + DD, 0 for a missing month or day)");
	assert_int_equal(iedu_date_format(buf, sizeof buf, 20230229),
			 IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL,
			  "20230229 is not a valid date value (YYYY*10000 + MM*100 + DD, 0 for a missing month or day)");
	assert_int_equal(iedu_date_format(buf, sizeof buf, 20241300),
			 IEDU_EINVAL);
	assert_int_equal(iedu_date_format(buf, sizeof buf, 20240007),
			 IEDU_EINVAL);
	assert_int_equal(iedu_date_format(buf, sizeof buf, 4294967295u),
			 IEDU_EINVAL);
	assert_int_equal(iedu_date_format(NULL, 11, 20240702), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_date_format: buf is NULL");
}

static void date_compare_order(void **state)
{
	/* in ascending order */
	static const char *const sorted[] = {
		"0001",       "0001-01",    "0001-01-01", "2023",
		"2023-12",    "2023-12-31", "2024",       "2024-01",
		"2024-01-01", "2024-01-31", "2024-02",    "2024-02-01",
		"2024-02-29", "2024-07",    "2024-07-01", "2024-07-02",
		"2024-12-31", "2025",       "9999-12-31"
	};
	const size_t n = sizeof sorted / sizeof sorted[0];
	size_t i, j;

	(void)state;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			iedu_date a = 0, b = 0;
			int c;

			assert_int_equal(parse_date(&a, sorted[i]), IEDU_OK);
			assert_int_equal(parse_date(&b, sorted[j]), IEDU_OK);
			c = iedu_date_compare(a, b);
			if (i < j)
				assert_true(c < 0);
			else if (i > j)
				assert_true(c > 0);
			else
				assert_int_equal(c, 0);
		}
	}
	assert_int_equal(iedu_date_compare(20240000, 20240000), 0);
	assert_int_equal(iedu_date_compare(0, 10000) < 0, 1);
}

static void date_before_truth_table(void **state)
{
	static const struct {
		const char *a, *b;
		int before;
	} cases[] = {
		/* the header's examples */
		{ "2024-06", "2024-07-02", 1 },
		{ "2024", "2024-07-02", 0 },
		/* days */
		{ "2024-07-01", "2024-07-02", 1 },
		{ "2024-07-02", "2024-07-02", 0 },
		{ "2024-07-03", "2024-07-02", 0 },
		/* a month against its own days, and its neighbours */
		{ "2024-07", "2024-07-15", 0 },
		{ "2024-07-15", "2024-07", 0 },
		{ "2024-07", "2024-07-01", 0 },
		{ "2024-07-31", "2024-07", 0 },
		{ "2024-06-30", "2024-07", 1 },
		{ "2024-07", "2024-08-01", 1 },
		{ "2024-07-31", "2024-08", 1 },
		{ "2024-07", "2024-07", 0 },
		{ "2024-07", "2024-08", 1 },
		{ "2024-08", "2024-07", 0 },
		/* February's last day in a leap year and a common year */
		{ "2024-02", "2024-02-29", 0 },
		{ "2024-02", "2024-03-01", 1 },
		{ "2023-02", "2023-02-28", 0 },
		{ "2023-02", "2023-03", 1 },
		/* years */
		{ "2023", "2024", 1 },
		{ "2024", "2024", 0 },
		{ "2024", "2023", 0 },
		{ "2023-12-31", "2024", 1 },
		{ "2024", "2025-01-01", 1 },
		{ "2023", "2024-01", 1 },
		{ "2024", "2024-12", 0 },
		{ "2024-01", "2024", 0 },
		{ "2024-12", "2025", 1 },
		{ "2024-12-31", "2025-01", 1 },
		{ "2024-01-01", "2024", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		iedu_date a = 0, b = 0;

		assert_int_equal(parse_date(&a, cases[i].a), IEDU_OK);
		assert_int_equal(parse_date(&b, cases[i].b), IEDU_OK);
		if (iedu_date_before(a, b) != cases[i].before)
			fail_msg("iedu_date_before(%s, %s) should be %d",
				 cases[i].a, cases[i].b, cases[i].before);
	}
	/* no date, or a value that is not a date, is before nothing */
	assert_int_equal(iedu_date_before(0, 20240702), 0);
	assert_int_equal(iedu_date_before(20240702, 0), 0);
	assert_int_equal(iedu_date_before(20231300, 20240000), 0);
	assert_int_equal(iedu_date_before(20230000, 20241300), 0);
}

/* ---- numbers -------------------------------------------------------- */

static void number_valid(void **state)
{
	(void)state;
	assert_number("157", 157, 0);
	assert_number("70", 70, 0);
	assert_number("12.5", 125, 1);
	assert_number("12.50", 1250, 2);
	assert_number("-3", -3, 0);
	assert_number("+3", 3, 0);
	assert_number("0", 0, 0);
	assert_number("-0", 0, 0);
	assert_number("0.5", 5, 1);
	assert_number("-0.05", -5, 2);
	assert_number("007", 7, 0);
	assert_number("1400", 1400, 0);
	assert_number("123456789012345678", INT64_C(123456789012345678), 0);
	assert_number("-999999999999999999", -INT64_C(999999999999999999), 0);
	assert_number("0.00000000000000001", 1, 17);
	assert_number("1.23456789012345678", INT64_C(123456789012345678), 17);
	assert_number("+00000000000000000.1", 1, 1);
}

static void number_reads_exactly_len_bytes(void **state)
{
	int64_t m = 0;
	uint32_t s = 0;

	(void)state;
	assert_int_equal(iedu_number_parse(&m, &s, "12.5xyz", 4), IEDU_OK);
	assert_true(m == 125);
	assert_int_equal(s, 1);
	assert_int_equal(iedu_number_parse(&m, &s, "12.5", 2), IEDU_OK);
	assert_true(m == 12);
	assert_int_equal(s, 0);
}

static void number_too_many_digits(void **state)
{
	(void)state;
	assert_bad_number("1234567890123456789", 19, IEDU_ELIMIT,
			  "'1234567890123456789' has 19 digits; a number may have at most 18");
	assert_bad_number("-0000000000000000001", 20, IEDU_ELIMIT,
			  "'-0000000000000000001' has 19 digits; a number may have at most 18");
	assert_bad_number("123456789.0123456789", 20, IEDU_ELIMIT,
			  "'123456789.0123456789' has 19 digits; a number may have at most 18");
	assert_bad_number("99999999999999999999999999999999999999999999", 44,
			  IEDU_ELIMIT,
			  "'9999999999999999999999999999999999999999'... (44 bytes) has 44 digits; a number may have at most 18");
}

static void number_malformed(void **state)
{
	(void)state;
	assert_bad_number("", 0, IEDU_EVALUE,
			  "'' is not a number: the text is empty; " NUMBER_FORM);
	assert_bad_number(NULL, 0, IEDU_EVALUE,
			  "'' is not a number: the text is empty; " NUMBER_FORM);
	assert_bad_number("-", 1, IEDU_EVALUE,
			  "'-' is not a number: no digits after the sign; " NUMBER_FORM);
	assert_bad_number("+", 1, IEDU_EVALUE,
			  "'+' is not a number: no digits after the sign; " NUMBER_FORM);
	assert_bad_number(".5", 2, IEDU_EVALUE,
			  "'.5' is not a number: no digit before '.'; " NUMBER_FORM);
	assert_bad_number("-.5", 3, IEDU_EVALUE,
			  "'-.5' is not a number: no digit before '.'; " NUMBER_FORM);
	assert_bad_number(".", 1, IEDU_EVALUE,
			  "'.' is not a number: no digit before '.'; " NUMBER_FORM);
	assert_bad_number("5.", 2, IEDU_EVALUE,
			  "'5.' is not a number: no digit after '.'; " NUMBER_FORM);
	assert_bad_number("1,400", 5, IEDU_EVALUE,
			  "'1,400' is not a number: ',' at byte 2; " NUMBER_FORM);
	assert_bad_number("12,5", 4, IEDU_EVALUE,
			  "'12,5' is not a number: ',' at byte 3; " NUMBER_FORM);
	assert_bad_number("1e5", 3, IEDU_EVALUE,
			  "'1e5' is not a number: 'e' at byte 2; " NUMBER_FORM);
	assert_bad_number("1.5E+3", 6, IEDU_EVALUE,
			  "'1.5E+3' is not a number: 'E' at byte 4; " NUMBER_FORM);
	assert_bad_number(" 157", 4, IEDU_EVALUE,
			  "' 157' is not a number: ' ' at byte 1; " NUMBER_FORM);
	assert_bad_number("157 ", 4, IEDU_EVALUE,
			  "'157 ' is not a number: ' ' at byte 4; " NUMBER_FORM);
	assert_bad_number("1 400", 5, IEDU_EVALUE,
			  "'1 400' is not a number: ' ' at byte 2; " NUMBER_FORM);
	assert_bad_number("- 3", 3, IEDU_EVALUE,
			  "'- 3' is not a number: ' ' at byte 2; " NUMBER_FORM);
	assert_bad_number("--3", 3, IEDU_EVALUE,
			  "'--3' is not a number: '-' at byte 2; " NUMBER_FORM);
	assert_bad_number("+-3", 3, IEDU_EVALUE,
			  "'+-3' is not a number: '-' at byte 2; " NUMBER_FORM);
	assert_bad_number("3-", 2, IEDU_EVALUE,
			  "'3-' is not a number: '-' at byte 2; " NUMBER_FORM);
	assert_bad_number("1.2.3", 5, IEDU_EVALUE,
			  "'1.2.3' is not a number: '.' at byte 4; " NUMBER_FORM);
	assert_bad_number("0x1F", 4, IEDU_EVALUE,
			  "'0x1F' is not a number: 'x' at byte 2; " NUMBER_FORM);
	assert_bad_number("12%", 3, IEDU_EVALUE,
			  "'12%' is not a number: '%' at byte 3; " NUMBER_FORM);
	assert_bad_number("1\0", 2, IEDU_EVALUE,
			  "'1\\x00' is not a number: byte \\x00 at byte 2; " NUMBER_FORM);
	assert_bad_number("\xe5\x8d\x81", 3, IEDU_EVALUE,
			  "'\xe5\x8d\x81' is not a number: byte \\xE5 at byte 1; " NUMBER_FORM);
}

static void number_bad_arguments(void **state)
{
	int64_t m = 0;
	uint32_t s = 0;

	(void)state;
	iedu_error_clear();
	assert_int_equal(iedu_number_parse(NULL, &s, "1", 1), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_number_parse: mantissa is NULL");
	assert_int_equal(iedu_number_parse(&m, NULL, "1", 1), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_number_parse: scale is NULL");
	assert_int_equal(iedu_number_parse(&m, &s, NULL, 1), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_number_parse: text is NULL");
}

/* ---- unified social credit codes ------------------------------------ */

/* Real codes of registered organisations; each verifies. */
static const char *const real_codes[] = {
	"914403001922038216", /* Huawei Technologies Co., Ltd. */
	"91440300708461136T", /* Shenzhen Tencent Computer Systems Co., Ltd. */
	"91310110666007217T",
	"91230184MA1BUFLT44",
	"92371000MA3MXH0E3W", /* 92: an individual business */
	"91110000710931141J", /* the spec's example */
};

static void uscc_real_codes_verify(void **state)
{
	size_t i;

	(void)state;
	iedu_error_clear();
	for (i = 0; i < sizeof real_codes / sizeof real_codes[0]; i++) {
		assert_int_equal(iedu_uscc_check_form(real_codes[i], 18),
				 IEDU_OK);
		assert_int_equal(iedu_uscc_verify(real_codes[i], 18), 1);
		assert_int_equal(iedu_uscc_check_char(real_codes[i]),
				 real_codes[i][17]);
	}
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);
}

static void uscc_mutations_fail(void **state)
{
	char code[19];
	size_t i;

	(void)state;
	iedu_error_clear();
	/* some early pilot codes really fail the check: well-formed, verify 0 */
	assert_int_equal(iedu_uscc_check_form("91350211M00013FA1N", 18), IEDU_OK);
	assert_int_equal(iedu_uscc_verify("91350211M00013FA1N", 18), 0);
	assert_int_equal(iedu_uscc_check_char("91350211M00013FA1N"), '3');

	/* a wrong check character */
	assert_int_equal(iedu_uscc_verify("91310110666007217U", 18), 0);
	assert_int_equal(iedu_uscc_verify("914403001922038217", 18), 0);
	/* two neighbours swapped */
	assert_int_equal(iedu_uscc_verify("91310110666007271T", 18), 0);
	assert_int_equal(iedu_uscc_check_char("91310110666007271"), 'E');

	/* any single substitution is caught (31 is prime, no weight is 0) */
	for (i = 0; i < 17; i++) {
		memcpy(code, real_codes[0], sizeof code);
		code[i] = code[i] == '0' ? '1' : '0';
		assert_int_equal(iedu_uscc_verify(code, 18), 0);
	}
	assert_int_equal(iedu_error_code(iedu_error_last()), IEDU_OK);
}

static void uscc_check_char(void **state)
{
	(void)state;
	assert_int_equal(iedu_uscc_check_char("91440300708461136"), 'T');
	assert_int_equal(iedu_uscc_check_char("91440300708461136T"), 'T');
	/* a sum that is a multiple of 31 gives check value 31, written 0 */
	assert_int_equal(iedu_uscc_check_char("9131011066600721K"), '0');
	assert_int_equal(iedu_uscc_verify("9131011066600721K0", 18), 1);
	/* check value 30, the last character of the set */
	assert_int_equal(iedu_uscc_check_char("9131011066600721X"), 'Y');
	assert_int_equal(iedu_uscc_verify("9131011066600721XY", 18), 1);
	/* characters outside the set, a short string, NULL */
	assert_int_equal(iedu_uscc_check_char("9131011066600721I"), 0);
	assert_int_equal(iedu_uscc_check_char("91310110666007z17"), 0);
	assert_int_equal(iedu_uscc_check_char("9131"), 0);
	assert_int_equal(iedu_uscc_check_char(""), 0);
	assert_int_equal(iedu_uscc_check_char(NULL), 0);
}

static void uscc_bad_form(void **state)
{
	(void)state;
	assert_bad_uscc("91440300708461136", 17,
			"'91440300708461136' is not a unified social credit code: it is 17 characters long; expected 18 characters");
	assert_bad_uscc("91440300708461136T1", 19,
			"'91440300708461136T1' is not a unified social credit code: it is 19 characters long; expected 18 characters");
	assert_bad_uscc("", 0,
			"'' is not a unified social credit code: it is 0 characters long; expected 18 characters");
	assert_bad_uscc("9", 1,
			"'9' is not a unified social credit code: it is 1 character long; expected 18 characters");
	assert_bad_uscc("\xe7\xbb\x9f\xe4\xb8\x80", 6,
			"'\xe7\xbb\x9f\xe4\xb8\x80' is not a unified social credit code: it is 6 bytes long; expected 18 characters");
	assert_bad_uscc("91440300708461136t", 18,
			"'91440300708461136t' is not a unified social credit code: 't' at position 18 is lower case; expected upper case, from " USCC_SET);
	assert_bad_uscc("91230184ma1buflt44", 18,
			"'91230184ma1buflt44' is not a unified social credit code: 'm' at position 9 is lower case; expected upper case, from " USCC_SET);
	assert_bad_uscc("9144030070846I136T", 18,
			"'9144030070846I136T' is not a unified social credit code: 'I' at position 14; expected a character from " USCC_SET);
	assert_bad_uscc("O1440300708461136T", 18,
			"'O1440300708461136T' is not a unified social credit code: 'O' at position 1; expected a character from " USCC_SET);
	assert_bad_uscc("91440300708461136S", 18,
			"'91440300708461136S' is not a unified social credit code: 'S' at position 18; expected a character from " USCC_SET);
	assert_bad_uscc("9144030070846113VT", 18,
			"'9144030070846113VT' is not a unified social credit code: 'V' at position 17; expected a character from " USCC_SET);
	assert_bad_uscc("9144030070846113ZT", 18,
			"'9144030070846113ZT' is not a unified social credit code: 'Z' at position 17; expected a character from " USCC_SET);
	assert_bad_uscc("91440300-708461136", 18,
			"'91440300-708461136' is not a unified social credit code: '-' at position 9; expected a character from " USCC_SET);
	assert_bad_uscc("9144030070846" "\0" "136T", 18,
			"'9144030070846\\x00136T' is not a unified social credit code: byte \\x00 at position 14; expected a character from " USCC_SET);

	iedu_error_clear();
	assert_int_equal(iedu_uscc_check_form(NULL, 18), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_uscc_check_form: code is NULL");
	iedu_error_clear();
	assert_int_equal(iedu_uscc_verify(NULL, 18), IEDU_EINVAL);
	assert_last_error(IEDU_EINVAL, "iedu_uscc_verify: code is NULL");
}

/* ---- the last error ------------------------------------------------- */

static void success_leaves_last_error_alone(void **state)
{
	iedu_date d = 0;
	int64_t m = 0;
	uint32_t s = 0;
	char buf[11];

	(void)state;
	iedu_error_clear();
	assert_int_equal(parse_date(&d, "2024-07-02"), IEDU_OK);
	assert_int_equal(iedu_date_make(&d, 2024, 7, 2), IEDU_OK);
	assert_int_equal(iedu_date_format(buf, sizeof buf, d), 10);
	assert_int_equal(parse_number(&m, &s, "12.5"), IEDU_OK);
	assert_int_equal(iedu_uscc_check_form(real_codes[0], 18), IEDU_OK);
	assert_int_equal(iedu_uscc_verify(real_codes[0], 18), 1);
	assert_int_equal(iedu_uscc_verify("91350211M00013FA1N", 18), 0);
	assert_last_error(IEDU_OK, "");

	/* a failure stays the last error through later successes */
	assert_int_equal(parse_date(&d, "2024-13"), IEDU_EVALUE);
	assert_int_equal(parse_date(&d, "2024-12"), IEDU_OK);
	assert_int_equal(parse_number(&m, &s, "1"), IEDU_OK);
	assert_int_equal(iedu_uscc_verify(real_codes[1], 18), 1);
	assert_last_error(IEDU_EVALUE,
			  "'2024-13' is not a date: month 13 is out of range 01-12");
	iedu_error_clear();
	assert_last_error(IEDU_OK, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_parse_valid),
		cmocka_unit_test(date_parse_reads_exactly_len_bytes),
		cmocka_unit_test(date_parse_leap_years),
		cmocka_unit_test(date_parse_ranges),
		cmocka_unit_test(date_parse_malformed),
		cmocka_unit_test(date_parse_quotes_any_bytes_safely),
		cmocka_unit_test(date_parse_bad_arguments),
		cmocka_unit_test(date_make_valid_and_invalid),
		cmocka_unit_test(date_getters),
		cmocka_unit_test(date_format_round_trip),
		cmocka_unit_test(date_format_buffer_sizes),
		cmocka_unit_test(date_format_invalid),
		cmocka_unit_test(date_compare_order),
		cmocka_unit_test(date_before_truth_table),
		cmocka_unit_test(number_valid),
		cmocka_unit_test(number_reads_exactly_len_bytes),
		cmocka_unit_test(number_too_many_digits),
		cmocka_unit_test(number_malformed),
		cmocka_unit_test(number_bad_arguments),
		cmocka_unit_test(uscc_real_codes_verify),
		cmocka_unit_test(uscc_mutations_fail),
		cmocka_unit_test(uscc_check_char),
		cmocka_unit_test(uscc_bad_form),
		cmocka_unit_test(success_leaves_last_error_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
