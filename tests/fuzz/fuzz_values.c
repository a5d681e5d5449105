/*
 * Fuzz target: the value parsers. The input is parsed as a date, a
 * number and a unified social credit code, and its first four bytes are
 * taken as a packed date. Properties: a parsed date formats back to the
 * same text and parses back to the same value; its parts rebuild it; a
 * formatted date parses back; the orders agree (before implies earlier);
 * a parsed number has at most 18 digits; the code's form check, verify
 * and check character agree.
 *
 * Built as a libFuzzer binary under clang (IEDU_FUZZ=ON) and always as
 * the replay program that runs a corpus through the same function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iedu.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "%s: '%.*s' (last error: %s)\n", what, (int)size,
		(const char *)data, iedu_error_message(iedu_error_last()));
	abort();
}

/* d is a valid date: it formats, parses back and rebuilds from its parts. */
static void round_trip(iedu_date d, const uint8_t *data, size_t size)
{
	char buf[11], small[4];
	iedu_date back = 0, made = 0;
	int n;

	n = iedu_date_format(buf, sizeof buf, d);
	if (n < 4 || n > 10 || (size_t)n != strlen(buf))
		die("a valid date does not format", data, size);
	if (iedu_date_parse(&back, buf, (size_t)n) != IEDU_OK || back != d)
		die("a formatted date does not parse back", data, size);
	if (iedu_date_make(&made, iedu_date_year(d), iedu_date_month(d),
			   iedu_date_day(d)) != IEDU_OK ||
	    made != d)
		die("a date's parts do not rebuild it", data, size);
	if (iedu_date_precision_of(d) != (iedu_date_day(d)     ? IEDU_DATE_DAY
					  : iedu_date_month(d) ? IEDU_DATE_MONTH
							       : IEDU_DATE_YEAR))
		die("precision disagrees with the parts", data, size);
	if (iedu_date_format(small, sizeof small, d) != IEDU_ELIMIT)
		die("a date formats into 4 bytes", data, size);
	if (iedu_date_compare(d, d) != 0 || iedu_date_before(d, d))
		die("a date is not equal to itself", data, size);
}

static void check_date(const uint8_t *data, size_t size)
{
	iedu_date d = 12345, packed;
	char buf[11];
	int rc = iedu_date_parse(&d, (const char *)data, size);

	if (rc == IEDU_OK) {
		round_trip(d, data, size);
		/* the text was canonical: it formats back to itself */
		if (iedu_date_format(buf, sizeof buf, d) != (int)size ||
		    memcmp(buf, data, size) != 0)
			die("a parsed date formats differently", data, size);
	} else if (rc != IEDU_EVALUE) {
		die("iedu_date_parse: neither a date nor IEDU_EVALUE", data,
		    size);
	}

	if (size < 8)
		return;
	memcpy(&d, data, 4);
	memcpy(&packed, data + 4, 4);
	if (iedu_date_format(buf, sizeof buf, d) >= 0)
		round_trip(d, data, size);
	if (iedu_date_format(buf, sizeof buf, d) >= 0 &&
	    iedu_date_format(buf, sizeof buf, packed) >= 0) {
		int c = iedu_date_compare(d, packed);
		int r = iedu_date_compare(packed, d);
		if ((c > 0) != (r < 0) || (c == 0) != (r == 0))
			die("compare is not antisymmetric", data, size);
		if ((c == 0) != (d == packed))
			die("compare: equal is not the same date", data, size);
		if (iedu_date_before(d, packed) && c >= 0)
			die("before but not earlier", data, size);
		if (iedu_date_before(d, packed) && iedu_date_before(packed, d))
			die("each before the other", data, size);
	}
}

static void check_number(const uint8_t *data, size_t size)
{
	int64_t mantissa = 0;
	uint32_t scale = 99;
	int rc = iedu_number_parse(&mantissa, &scale, (const char *)data, size);

	if (rc == IEDU_OK) {
		if (scale > 18 || mantissa > 999999999999999999LL ||
		    mantissa < -999999999999999999LL)
			die("a number of more than 18 digits", data, size);
	} else if (rc != IEDU_EVALUE && rc != IEDU_ELIMIT) {
		die("iedu_number_parse: an unexpected status", data, size);
	}
}

static void check_uscc(const uint8_t *data, size_t size)
{
	const char *code = (const char *)data;
	int form = iedu_uscc_check_form(code, size);
	int verify = iedu_uscc_verify(code, size);
	char code17[18], c;

	if (form != IEDU_OK && form != IEDU_EVALUE)
		die("iedu_uscc_check_form: an unexpected status", data, size);
	if ((form == IEDU_EVALUE) != (verify == IEDU_EVALUE))
		die("check_form and verify disagree on the form", data, size);
	if (form != IEDU_OK)
		return;
	if (verify != 0 && verify != 1)
		die("iedu_uscc_verify: not 0 or 1", data, size);
	memcpy(code17, code, 17);
	code17[17] = '\0';
	c = iedu_uscc_check_char(code17);
	if (c == 0)
		die("no check character for a well-formed code", data, size);
	if ((c == code[17]) != (verify == 1))
		die("verify disagrees with the check character", data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_date(data, size);
	check_number(data, size);
	check_uscc(data, size);
	return 0;
}
