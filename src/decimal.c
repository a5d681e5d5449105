/*
 * Exact decimal comparisons and sums. Each number is parsed into a
 * mantissa and a scale by iedu_number_parse and brought to the largest
 * scale of the numbers involved; the products fit in 128 bits (10^18 *
 * 10^17), and a sum that would overflow is far beyond any total, so its
 * sign decides the comparison.
 */
#include <stdio.h>
#include <string.h>

#include "iedu/values.h"
#include "decimal.h"

/* GCC and Clang on 64-bit targets; __extension__ keeps -pedantic quiet */
__extension__ typedef __int128 wide;
__extension__ typedef unsigned __int128 uwide;

static int parse(const char *s, int64_t *m, uint32_t *scale)
{
	return s && iedu_number_parse(m, scale, s, strlen(s)) == 0 ? 0 : -1;
}

static wide scaled(int64_t m, uint32_t from, uint32_t to)
{
	wide v = m;

	for (; from < to; from++)
		v *= 10;
	return v;
}

static int sign(wide a, wide b)
{
	return a < b ? -1 : a > b;
}

/* Writes v / 10^scale as decimal text. */
static void format(char *buf, size_t size, wide v, uint32_t scale)
{
	char digits[64];
	size_t n = 0, o = 0, i;
	int neg = v < 0;
	uwide u = neg ? -(uwide)v : (uwide)v;

	do {
		digits[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	while (n <= scale)
		digits[n++] = '0';
	if (neg && o + 1 < size)
		buf[o++] = '-';
	for (i = n; i > 0 && o + 1 < size; i--) {
		if (i == scale && o + 1 < size)
			buf[o++] = '.';
		if (o + 1 < size)
			buf[o++] = digits[i - 1];
	}
	if (size)
		buf[o < size ? o : size - 1] = '\0';
}

int decimal_sum_compare(int *cmp, char *buf, size_t size, const char *total,
			const char *const *parts, size_t n)
{
	int64_t tm, m;
	uint32_t ts, s, scale;
	wide sum = 0, t;
	size_t i;
	int overflow = 0;

	if (parse(total, &tm, &ts) != 0)
		return -1;
	scale = ts;
	for (i = 0; i < n; i++) {
		if (parse(parts[i], &m, &s) != 0)
			return -1;
		if (s > scale)
			scale = s;
	}
	for (i = 0; i < n; i++) {
		parse(parts[i], &m, &s);
		if (!overflow &&
		    __builtin_add_overflow(sum, scaled(m, s, scale), &sum))
			overflow = m < 0 ? -1 : 1;
	}
	t = scaled(tm, ts, scale);
	*cmp = overflow ? overflow : sign(sum, t);
	if (overflow)
		snprintf(buf, size, "%s", overflow < 0 ? "-(too large)"
						       : "(too large)");
	else
		format(buf, size, sum, scale);
	return 0;
}

int decimal_compare(const char *a, const char *b)
{
	int64_t am, bm;
	uint32_t as, bs, scale;

	if (parse(a, &am, &as) != 0 || parse(b, &bm, &bs) != 0)
		return 0;
	scale = as > bs ? as : bs;
	return sign(scaled(am, as, scale), scaled(bm, bs, scale));
}

int decimal_compare_count(const char *a, uint64_t n)
{
	int64_t am;
	uint32_t as, k;
	wide v = (wide)n;

	if (parse(a, &am, &as) != 0)
		return 0;
	for (k = 0; k < as; k++)
		v *= 10;
	return sign((wide)am, v);
}
