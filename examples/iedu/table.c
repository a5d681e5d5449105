/*
 * Output of lists: tab-separated values, or a table aligned by display
 * width (a Han character takes two columns of a terminal, a combining mark
 * none), which byte or code point counts would misalign.
 */
#include <string.h>

#include "iedu.h"

/* The columns a code point occupies (East Asian Width, roughly wcwidth). */
static int cp_width(uint32_t c)
{
	if (c == 0)
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	    (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	    (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

size_t cli_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (p && *p) {
		uint32_t c = *p;
		int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, i;
		if (n > 1)
			c &= 0x3F >> (n - 1);
		for (i = 1; i < n && (p[i] & 0xC0) == 0x80; i++)
			c = (c << 6) | (p[i] & 0x3F);
		w += (size_t)cp_width(c);
		p += i;
	}
	return w;
}

void cli_table_init(cli_table *t, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
}

int cli_table_add(cli_table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		char **nc = realloc(t->cells, ncap * t->ncols * sizeof *nc);
		if (!nc)
			return -1;
		t->cells = nc;
		t->cap = ncap;
	}
	for (i = 0; i < t->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *copy = malloc(strlen(c) + 1);
		if (!copy) {
			while (i--)
				free(t->cells[t->nrows * t->ncols + i]);
			return -1;
		}
		memcpy(copy, c, strlen(c) + 1);
		t->cells[t->nrows * t->ncols + i] = copy;
	}
	t->nrows++;
	return 0;
}

/* A cell in tsv: tabs and line breaks would break the columns. */
static void put_tsv(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void cli_table_print(const cli_table *t, FILE *out, cli_format format,
		     const char *const *header)
{
	size_t *width, r, c;

	if (format == CLI_TSV) {
		for (r = 0; r < t->nrows; r++)
			for (c = 0; c < t->ncols; c++) {
				put_tsv(out, t->cells[r * t->ncols + c]);
				fputc(c + 1 < t->ncols ? '\t' : '\n', out);
			}
		return;
	}
	width = calloc(t->ncols, sizeof *width);
	if (!width)
		return;
	for (c = 0; header && c < t->ncols; c++)
		width[c] = cli_display_width(header[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t w =
			    cli_display_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < t->nrows + (header ? 1 : 0); r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s =
			    header ? (r == 0 ? header[c]
					     : t->cells[(r - 1) * t->ncols + c])
				   : t->cells[r * t->ncols + c];
			fputs(s, out);
			if (c + 1 < t->ncols) {
				size_t pad =
				    width[c] - cli_display_width(s) + 2;
				while (pad--)
					fputc(' ', out);
			}
		}
		fputc('\n', out);
	}
	free(width);
}

void cli_table_free(cli_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

int cli_parse_format(const char *cmd, const char *arg, cli_format *out)
{
	if (strcmp(arg, "table") == 0)
		*out = CLI_TABLE;
	else if (strcmp(arg, "tsv") == 0)
		*out = CLI_TSV;
	else
		return cli_usage_error(
		    cmd,
		    "--format '%s' is not a format; expected "
		    "table or tsv",
		    arg);
	return 0;
}
