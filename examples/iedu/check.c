/* iedu check: import files into one database and report what is wrong. */
#include <string.h>

#include "iedu.h"

static const char check_help[] =
    "Usage: iedu check [FILE]...\n"
    "\n"
    "Imports every FILE (iedu XML v1) into one database, or the bundled\n"
    "dataset of the source reports when no FILE is given, and reports:\n"
    "  - each refused file's error on stderr, as FILE:LINE:COLUMN: error: ...\n"
    "  - each consistency finding on stdout, as FILE: warning: MESSAGE\n"
    "Later files may refer to records of earlier ones.\n"
    "\n"
    "Exit status: 0 when every file imports (findings are only warnings),\n"
    "1 when any file is refused, 2 on a usage error.\n";

int cmd_check(int argc, char **argv)
{
	iedu_findings *f = NULL;
	cli_input *inputs;
	iedu_db *db = NULL;
	int i, refused, nfiles = 0;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(check_help, stdout);
			return EXIT_OK;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("check", "unknown option '%s'",
					       argv[i]);
		nfiles++;
	}
	inputs = calloc(nfiles ? (size_t)nfiles : 1, sizeof *inputs);
	if (!inputs || iedu_db_new(&db) != IEDU_OK) {
		fprintf(stderr, "iedu check: out of memory\n");
		free(inputs);
		return EXIT_REFUSED;
	}
	refused = cli_load(db, inputs, argv + 1, nfiles);
	if (iedu_db_check(&f, db) != IEDU_OK) {
		cli_print_error();
		refused++;
	}
	for (k = 0; k < iedu_findings_count(f); k++) {
		const char *file = cli_input_of(db, inputs, nfiles ? nfiles : 1,
						iedu_findings_record(f, k));
		printf("%s: warning: %s [%s]\n", file ? file : "-",
		       iedu_findings_message(f, k),
		       iedu_finding_name(iedu_findings_code(f, k)));
	}
	iedu_findings_free(f);
	iedu_db_free(db);
	free(inputs);
	return refused ? EXIT_REFUSED : EXIT_OK;
}
