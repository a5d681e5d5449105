/* What the subcommands share: importing inputs, printing errors. */
#include <stdarg.h>
#include <string.h>

#include "iedu.h"

void cli_print_error(void)
{
	fprintf(stderr, "%s\n", iedu_error_message(iedu_error_last()));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "iedu%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'iedu %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_import(iedu_db *db, cli_input *inputs, char **paths, int n)
{
	int i, k, refused = 0;

	/*
	 * A program, not a library, may choose threads for its user: libxml2
	 * parses large files in a second thread; the result is the same.
	 */
	if (iedu_db_set_import_threads(db, 2) != IEDU_OK) {
		cli_print_error();
		return n;
	}
	for (i = 0; i < n; i++) {
		inputs[i].path = paths[i];
		for (k = 1; k <= IEDU_KIND_COUNT; k++)
			inputs[i].first[k] = iedu_db_count(db, (iedu_kind)k);
		if (iedu_xml_import_file(db, paths[i]) != IEDU_OK) {
			cli_print_error();
			refused++;
		}
		for (k = 1; k <= IEDU_KIND_COUNT; k++)
			inputs[i].end[k] = iedu_db_count(db, (iedu_kind)k);
	}
	return refused;
}

const char *cli_input_of(const iedu_db *db, const cli_input *inputs, int n,
			 iedu_handle h)
{
	iedu_kind k = iedu_record_kind(db, h);
	uint32_t idx = iedu_record_index(db, h);
	int i;

	for (i = 0; k != IEDU_KIND_NONE && i < n; i++)
		if (idx >= inputs[i].first[k] && idx < inputs[i].end[k])
			return inputs[i].path;
	return NULL;
}
