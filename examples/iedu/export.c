/* iedu export: import files and write them as one canonical document. */
#include <string.h>

#include "iedu.h"

static const char export_help[] =
    "Usage: iedu export [FILE]... [-o OUT]\n"
    "\n"
    "Imports every FILE (iedu XML v1) into one database, or the bundled\n"
    "dataset of the source reports when no FILE is given, and writes it as\n"
    "canonical iedu XML to OUT, or to standard output without -o. OUT is\n"
    "replaced atomically: it is either the complete new document or left\n"
    "as it was.\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused or writing\n"
    "fails, in which case nothing is written; 2 on a usage error.\n";

int cmd_export(int argc, char **argv)
{
	const char *out = NULL;
	cli_input *inputs;
	char **files;
	iedu_db *db = NULL;
	int i, nfiles = 0, rc = EXIT_OK;

	files = calloc((size_t)argc, sizeof *files);
	if (!files) {
		fprintf(stderr, "iedu export: out of memory\n");
		return EXIT_REFUSED;
	}
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(export_help, stdout);
			free(files);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "-o") == 0 ||
		    strcmp(argv[i], "--output") == 0) {
			if (i + 1 >= argc || out) {
				free(files);
				return cli_usage_error(
				    "export", out ? "-o given twice"
						  : "-o needs a file name");
			}
			out = argv[++i];
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			free(files);
			return cli_usage_error("export", "unknown option '%s'",
					       argv[i]);
		}
		files[nfiles++] = argv[i];
	}
	inputs = calloc(nfiles ? (size_t)nfiles : 1, sizeof *inputs);
	if (!inputs || iedu_db_new(&db) != IEDU_OK) {
		fprintf(stderr, "iedu export: out of memory\n");
		free(files);
		free(inputs);
		return EXIT_REFUSED;
	}
	/* as for the import (cli_import): the bytes are the same */
	if (cli_load(db, inputs, files, nfiles) != 0)
		rc = EXIT_REFUSED;
	else if (iedu_db_set_export_threads(db, 2) != IEDU_OK ||
		 (out ? iedu_xml_export_file(db, out)
		      : iedu_xml_export_stream(db, stdout)) != IEDU_OK) {
		cli_print_error();
		rc = EXIT_REFUSED;
	}
	iedu_db_free(db);
	free(inputs);
	free(files);
	return rc;
}
