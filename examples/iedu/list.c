/* iedu list: the records of a kind in the order readers of a language expect.
 */
#include <string.h>

#include "iedu.h"

static const char list_help[] =
    "Usage: iedu list KIND [--type TYPE] [--lang LANG] [--locale LOCALE]\n"
    "                      [--strength primary|secondary|tertiary]\n"
    "                      [--format table|tsv] [--data FILE]...\n"
    "\n"
    "Lists the records of KIND (organization, person, source, ...) sorted\n"
    "by name: the name (or title, label) in LANG, else one in a related\n"
    "language (zh for zh-Hans), else the first, else the id; equal names\n"
    "by id.\n"
    "\n"
    "Options:\n"
    "  --type TYPE        only records of this type (organization, source,\n"
    "                     relation, event, agreement)\n"
    "  --lang LANG        the name language (default: the locale's)\n"
    "  --locale LOCALE    the ICU collation locale: zh (pinyin),\n"
    "                     zh@collation=stroke, zh-Hant, en, ... (default:\n"
    "                     the root order)\n"
    "  --strength S       primary ignores case, width and accents; secondary\n"
    "                     ignores case and width; tertiary (the default)\n"
    "  --format F         table (default: aligned columns with a header) or\n"
    "                     tsv (id, type, name; no header)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused; 2 on a usage\n"
    "error.\n";

static const char *const strengths[] = {NULL, "primary", "secondary",
					"tertiary"};

typedef struct list_args {
	iedu_kind kind;
	const char *type, *lang, *locale;
	iedu_strength strength;
	cli_format format;
	char **files;
	int nfiles;
} list_args;

/* The value of option argv[*i], advancing *i; NULL (after a usage
 * message) when it is missing. */
static const char *value(int argc, char **argv, int *i, const char *prev)
{
	if (prev) {
		cli_usage_error("list", "%s given twice", argv[*i]);
		return NULL;
	}
	if (*i + 1 >= argc) {
		cli_usage_error("list", "%s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

/* Parses the arguments; EXIT_OK, or EXIT_USAGE after a message. */
static int parse(list_args *a, int argc, char **argv)
{
	const char *strength = NULL, *format = NULL, *v;
	int i, k;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = strcmp(o, "--type") == 0	   ? &a->type
				    : strcmp(o, "--lang") == 0	   ? &a->lang
				    : strcmp(o, "--locale") == 0   ? &a->locale
				    : strcmp(o, "--strength") == 0 ? &strength
				    : strcmp(o, "--format") == 0   ? &format
								   : NULL;

		if (slot) {
			if (!(v = value(argc, argv, &i, *slot)))
				return EXIT_USAGE;
			*slot = v;
		} else if (strcmp(o, "--data") == 0) {
			if (!(v = value(argc, argv, &i, NULL)))
				return EXIT_USAGE;
			a->files[a->nfiles++] = (char *)v;
		} else if (o[0] == '-' && o[1] != '\0') {
			return cli_usage_error("list", "unknown option '%s'",
					       o);
		} else if (a->kind != IEDU_KIND_NONE) {
			return cli_usage_error("list",
					       "one KIND expected, got '%s' "
					       "as well",
					       o);
		} else if ((a->kind = iedu_kind_from_name(o)) ==
			   IEDU_KIND_NONE) {
			return cli_usage_error(
			    "list",
			    "'%s' is not a record kind; expected one of "
			    "source, organization, person, membership, post, "
			    "relation, designation, event, agreement, "
			    "statistic",
			    o);
		}
	}
	if (a->kind == IEDU_KIND_NONE)
		return cli_usage_error("list", "no KIND given");
	if (format && cli_parse_format("list", format, &a->format) != 0)
		return EXIT_USAGE;
	if (strength) {
		for (k = 1; k <= 3 && strcmp(strength, strengths[k]) != 0; k++)
			;
		if (k > 3)
			return cli_usage_error(
			    "list",
			    "--strength '%s' is not a strength; expected "
			    "primary, secondary or tertiary",
			    strength);
		a->strength = (iedu_strength)k;
	}
	return EXIT_OK;
}

/* Prints the listing; EXIT_OK, or the status of a failure. */
static int print_list(const iedu_db *db, const list_args *a)
{
	const char *lang;
	static const char *const header[] = {"ID", "TYPE", "NAME"};
	iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
	iedu_collator *coll = NULL;
	iedu_handle *h = NULL;
	cli_table t;
	size_t n = 0, i;
	int rc;

	/* a malformed locale or type is a usage error: the user mistyped */
	if (iedu_collator_new(&coll, a->locale, a->strength) != IEDU_OK) {
		cli_print_error();
		return EXIT_USAGE;
	}
	/* one language for the order and the names, so each row shows the
	 * text it was sorted by */
	lang = a->lang ? a->lang : iedu_collator_language(coll);
	o.kind = a->kind;
	o.collator = coll;
	o.lang = lang;
	o.type = a->type;
	if ((rc = iedu_db_sorted(&h, &n, db, &o)) != IEDU_OK) {
		cli_print_error();
		iedu_collator_free(coll);
		return rc == IEDU_EVALUE || rc == IEDU_EINVAL ? EXIT_USAGE
							      : EXIT_REFUSED;
	}
	cli_table_init(&t, 3);
	for (i = 0; i < n; i++) {
		const char *row[3];
		row[0] = iedu_record_id(db, h[i]);
		row[1] = iedu_record_attr(db, h[i], IEDU_ATTR_TYPE);
		row[2] = iedu_record_display_name(db, h[i], lang);
		if (cli_table_add(&t, row) != 0) {
			fprintf(stderr, "iedu list: out of memory\n");
			rc = -1;
			break;
		}
	}
	if (rc == IEDU_OK)
		cli_table_print(&t, stdout, a->format,
				a->format == CLI_TABLE ? header : NULL);
	cli_table_free(&t);
	iedu_free(h);
	iedu_collator_free(coll);
	return rc == IEDU_OK ? EXIT_OK : EXIT_REFUSED;
}

int cmd_list(int argc, char **argv)
{
	list_args a = {IEDU_KIND_NONE,	       NULL,	  NULL, NULL,
		       IEDU_STRENGTH_TERTIARY, CLI_TABLE, NULL, 0};
	cli_input *inputs = NULL;
	iedu_db *db = NULL;
	int i, rc;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(list_help, stdout);
			return EXIT_OK;
		}
	a.files = calloc((size_t)argc, sizeof *a.files);
	if (!a.files) {
		fprintf(stderr, "iedu list: out of memory\n");
		return EXIT_REFUSED;
	}
	if ((rc = parse(&a, argc, argv)) != EXIT_OK) {
		free(a.files);
		return rc;
	}
	inputs = calloc((size_t)a.nfiles + 1, sizeof *inputs);
	if (!inputs || iedu_db_new(&db) != IEDU_OK) {
		fprintf(stderr, "iedu list: out of memory\n");
		rc = EXIT_REFUSED;
	} else if (cli_load(db, inputs, a.files, a.nfiles) != 0) {
		rc = EXIT_REFUSED;
	} else {
		rc = print_list(db, &a);
	}
	iedu_db_free(db);
	free(inputs);
	free(a.files);
	return rc;
}
