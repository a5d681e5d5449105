/* iedu find: records whose names match a query, in Han, English or pinyin. */
#include <errno.h>
#include <string.h>

#include "iedu.h"

static const char find_help[] =
    "Usage: iedu find QUERY [--kind KIND] [--limit N] [--format table|tsv]\n"
    "                       [--data FILE]...\n"
    "\n"
    "Finds the records whose names, titles, labels or aliases match QUERY,\n"
    "ignoring case, width and accents. A query in Latin letters also\n"
    "matches the pinyin of Han names, with or without spaces and tone\n"
    "marks ('zhongnan daxue', 'zhong lü', 'Zhōnglǚ'; v or ü for ü).\n"
    "Results come exact matches first, then prefix, then substring matches;\n"
    "names before aliases; the name itself before its pinyin; then in\n"
    "Chinese (pinyin) collation order; one row per record.\n"
    "\n"
    "Options:\n"
    "  --kind KIND        only records of KIND (organization, person, ...)\n"
    "  --limit N          at most N results (default: all)\n"
    "  --format F         table (default: aligned columns with a header) or\n"
    "                     tsv (id, kind, matched text, how; no header)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "How it matched: exact, prefix or substring, with '+pinyin' when the\n"
    "match was through the text's pinyin.\n"
    "\n"
    "Exit status: 0 on success (also when nothing matches); 1 when any\n"
    "file is refused; 2 on a usage error.\n";

typedef struct find_args {
	const char *query;
	iedu_kind kind;
	size_t limit;
	cli_format format;
} find_args;

static int parse_limit(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || v > SIZE_MAX)
		return cli_usage_error("find",
				       "--limit '%s' is not a number; expected "
				       "a count of results (0: all)",
				       s);
	*out = (size_t)v;
	return 0;
}

/* The subcommand's own arguments; EXIT_OK, or EXIT_USAGE after a message. */
static int parse(find_args *f, const cli_args *a, const char *kind,
		 const char *limit)
{
	if (a->noperands == 0)
		return cli_usage_error("find", "no QUERY given");
	if (a->noperands > 1)
		return cli_usage_error("find",
				       "one QUERY expected, got '%s' as well; "
				       "quote a query with spaces",
				       a->operands[1]);
	f->query = a->operands[0];
	f->format = a->format;
	if (kind && cli_parse_kind("find", "--kind ", kind, &f->kind) != 0)
		return EXIT_USAGE;
	if (limit && parse_limit(limit, &f->limit) != 0)
		return EXIT_USAGE;
	return EXIT_OK;
}

/* Prints the matches; EXIT_OK, or the status of a failure. */
static int print_matches(const iedu_db *db, const find_args *a)
{
	static const char *const header[] = {"ID", "KIND", "MATCHED", "HOW"};
	iedu_matches *m = NULL;
	cli_table t;
	size_t i;
	int rc;

	if ((rc = iedu_db_find(&m, db, a->query, a->kind, a->limit)) !=
	    IEDU_OK) {
		cli_print_error();
		/* an empty or malformed query is the user's to fix */
		return rc == IEDU_EVALUE ? EXIT_USAGE : EXIT_REFUSED;
	}
	cli_table_init(&t, 4);
	for (i = 0; i < iedu_matches_count(m); i++) {
		iedu_handle h = iedu_matches_record(m, i);
		char how[32];
		const char *row[4];

		snprintf(how, sizeof how, "%s%s",
			 iedu_match_how_name(iedu_matches_how(m, i)),
			 iedu_matches_via_pinyin(m, i) ? "+pinyin" : "");
		row[0] = iedu_record_id(db, h);
		row[1] = iedu_kind_name(iedu_record_kind(db, h));
		row[2] = iedu_matches_text(m, i);
		row[3] = how;
		if (cli_table_add(&t, row) != 0) {
			fprintf(stderr, "iedu find: out of memory\n");
			rc = -1;
			break;
		}
	}
	if (rc == IEDU_OK)
		cli_table_print(&t, stdout, a->format,
				a->format == CLI_TABLE ? header : NULL);
	cli_table_free(&t);
	iedu_matches_free(m);
	return rc == IEDU_OK ? EXIT_OK : EXIT_REFUSED;
}

int cmd_find(int argc, char **argv)
{
	const char *kind = NULL, *limit = NULL;
	const cli_option options[] = {
	    {"--kind", &kind}, {"--limit", &limit}, {NULL, NULL}};
	find_args f = {NULL, IEDU_KIND_NONE, 0, CLI_TABLE};
	iedu_db *db = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(&a, "find", argc, argv, options, CLI_FORMAT)) ==
	    CLI_HELP) {
		fputs(find_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if ((rc = parse(&f, &a, kind, limit)) == EXIT_OK &&
	    (rc = cli_open(&db, &a, "find")) == EXIT_OK)
		rc = print_matches(db, &f);
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
