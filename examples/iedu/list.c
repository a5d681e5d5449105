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
} list_args;

/* The subcommand's own arguments; EXIT_OK, or EXIT_USAGE after a message. */
static int parse(list_args *l, const cli_args *a, const char *strength)
{
	int k;

	if (a->noperands == 0)
		return cli_usage_error("list", "no KIND given");
	if (a->noperands > 1)
		return cli_usage_error("list",
				       "one KIND expected, got '%s' as well",
				       a->operands[1]);
	if (cli_parse_kind("list", "", a->operands[0], &l->kind) != 0)
		return EXIT_USAGE;
	l->lang = a->lang;
	l->format = a->format;
	if (strength) {
		for (k = 1; k <= 3 && strcmp(strength, strengths[k]) != 0; k++)
			;
		if (k > 3)
			return cli_usage_error(
			    "list",
			    "--strength '%s' is not a strength; expected "
			    "primary, secondary or tertiary",
			    strength);
		l->strength = (iedu_strength)k;
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
	list_args l = {IEDU_KIND_NONE,	       NULL,	 NULL, NULL,
		       IEDU_STRENGTH_TERTIARY, CLI_TABLE};
	const char *strength = NULL;
	const cli_option options[] = {{"--type", &l.type},
				      {"--locale", &l.locale},
				      {"--strength", &strength},
				      {NULL, NULL}};
	iedu_db *db = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(&a, "list", argc, argv, options,
			    CLI_LANG | CLI_FORMAT)) == CLI_HELP) {
		fputs(list_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if ((rc = parse(&l, &a, strength)) == EXIT_OK &&
	    (rc = cli_open(&db, &a, "list")) == EXIT_OK)
		rc = print_list(db, &l);
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
