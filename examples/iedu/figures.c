/* Stated figures in words: "more than 1,400", "70%", "about 150 (target)". */
#include <string.h>

#include "iedu.h"

/* Writes number text with thousands separators in its integer part. */
static size_t grouped(char *buf, size_t size, const char *num)
{
	const char *digits = num + (*num == '-' || *num == '+');
	size_t int_len = strcspn(digits, "."), o = 0, i;

	if (*num == '-' && o + 1 < size)
		buf[o++] = '-';
	for (i = 0; i < int_len && o + 2 < size; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	for (i = int_len; digits[i] && o + 1 < size; i++)
		buf[o++] = digits[i];
	buf[o] = '\0';
	return o;
}

const char *cli_figure(char *buf, size_t size, const char *value,
		       const char *qualifier, const char *unit)
{
	static const struct {
		const char *token, *words;
	} q[] = {{"more-than", "more than "},
		 {"at-least", "at least "},
		 {"about", "about "},
		 {"less-than", "less than "},
		 {"at-most", "at most "}};
	const char *words = "";
	size_t i, o;

	for (i = 0; qualifier && i < sizeof q / sizeof q[0]; i++)
		if (strcmp(qualifier, q[i].token) == 0)
			words = q[i].words;
	o = (size_t)snprintf(buf, size, "%s", words);
	if (o < size)
		o += grouped(buf + o, size - o, value ? value : "?");
	if (unit && strcmp(unit, "percent") == 0 && o + 1 < size) {
		buf[o++] = '%';
		buf[o] = '\0';
	}
	return buf;
}
