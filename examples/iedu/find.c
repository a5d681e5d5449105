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
	char **files;
	int nfiles;
} find_args;

/* The value of option argv[*i], advancing *i; NULL after a usage message. */
static const char *value(int argc, char **argv, int *i, int given)
{
	if (given) {
		cli_usage_error("find", "%s given twice", argv[*i]);
		return NULL;
	}
	if (*i + 1 >= argc) {
		cli_usage_error("find", "%s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

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

/* Parses the arguments; EXIT_OK, or EXIT_USAGE after a message. */
static int parse(find_args *a, int argc, char **argv)
{
	const char *kind = NULL, *limit = NULL, *format = NULL, *v;
	int i;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = strcmp(o, "--kind") == 0	 ? &kind
				    : strcmp(o, "--limit") == 0	 ? &limit
				    : strcmp(o, "--format") == 0 ? &format
								 : NULL;

		if (slot) {
			if (!(v = value(argc, argv, &i, *slot != NULL)))
				return EXIT_USAGE;
			*slot = v;
		} else if (strcmp(o, "--data") == 0) {
			if (!(v = value(argc, argv, &i, 0)))
				return EXIT_USAGE;
			a->files[a->nfiles++] = (char *)v;
		} else if (o[0] == '-' && o[1] == '-') {
			return cli_usage_error("find", "unknown option '%s'",
					       o);
		} else if (a->query) {
			return cli_usage_error("find",
					       "one QUERY expected, got '%s' "
					       "as well; quote a query with "
					       "spaces",
					       o);
		} else {
			a->query = o;
		}
	}
	if (!a->query)
		return cli_usage_error("find", "no QUERY given");
	if (kind && (a->kind = iedu_kind_from_name(kind)) == IEDU_KIND_NONE)
		return cli_usage_error(
		    "find",
		    "--kind '%s' is not a record kind; expected one of "
		    "source, organization, person, membership, post, "
		    "relation, designation, event, agreement, statistic",
		    kind);
	if (limit && parse_limit(limit, &a->limit) != 0)
		return EXIT_USAGE;
	if (format && cli_parse_format("find", format, &a->format) != 0)
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
	find_args a = {NULL, IEDU_KIND_NONE, 0, CLI_TABLE, NULL, 0};
	cli_input *inputs = NULL;
	iedu_db *db = NULL;
	int i, rc;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(find_help, stdout);
			return EXIT_OK;
		}
	a.files = calloc((size_t)argc, sizeof *a.files);
	if (!a.files) {
		fprintf(stderr, "iedu find: out of memory\n");
		return EXIT_REFUSED;
	}
	if ((rc = parse(&a, argc, argv)) != EXIT_OK) {
		free(a.files);
		return rc;
	}
	inputs = calloc((size_t)a.nfiles + 1, sizeof *inputs);
	if (!inputs || iedu_db_new(&db) != IEDU_OK) {
		fprintf(stderr, "iedu find: out of memory\n");
		rc = EXIT_REFUSED;
	} else if (cli_load(db, inputs, a.files, a.nfiles) != 0) {
		rc = EXIT_REFUSED;
	} else {
		rc = print_matches(db, &a);
	}
	iedu_db_free(db);
	free(inputs);
	free(a.files);
	return rc;
}
