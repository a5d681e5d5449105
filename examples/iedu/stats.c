/* iedu stats: the stated figures, with their qualifiers in words. */
#include <string.h>

#include "iedu.h"

static const char stats_help[] =
    "Usage: iedu stats [--subject ID] [--indicator NAME] [--lang LANG]\n"
    "                  [--format table|tsv] [--data FILE]...\n"
    "\n"
    "Lists the statistics: what each counts (indicator), what it is about\n"
    "(a record, or a scope such as CN), the figure in words (\"more than\n"
    "1,400\", \"70%\"), its unit, date and status, and its breakdown.\n"
    "\n"
    "Options:\n"
    "  --subject ID       only figures about this record\n"
    "  --indicator NAME   only figures of this indicator (member-units, ...)\n"
    "  --lang LANG        the language of names (default: zh)\n"
    "  --format F         table (default) or tsv (id, indicator, about,\n"
    "                     figure, unit, date, status, parts)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused or the subject\n"
    "is not found; 2 on a usage error.\n";

/* "enterprise 88, university 19, ..." */
static void parts_of(char *buf, size_t size, const iedu_db *db, iedu_handle h)
{
	uint32_t n = iedu_record_child_count(db, h, IEDU_CHILD_PART), i;
	size_t o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o < size; i++) {
		char fig[64];
		cli_figure(fig, sizeof fig,
			   iedu_record_child_attr(db, h, IEDU_CHILD_PART, i,
						  IEDU_ATTR_VALUE),
			   NULL, NULL);
		o += (size_t)snprintf(
		    buf + o, size - o, "%s%s %s", i ? ", " : "",
		    iedu_record_child_attr(db, h, IEDU_CHILD_PART, i,
					   IEDU_ATTR_KEY),
		    fig);
	}
}

static int list_stats(cli_table *t, const iedu_db *db, iedu_handle subject,
		      const char *indicator, const char *lang)
{
	uint32_t n = iedu_db_count(db, IEDU_KIND_STATISTIC), i;

	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_STATISTIC, i);
		iedu_handle s = iedu_record_ref(db, h, IEDU_ATTR_SUBJECT);
		const char *ind = iedu_record_attr(db, h, IEDU_ATTR_INDICATOR);
		const char *unit = iedu_record_attr(db, h, IEDU_ATTR_UNIT);
		char about[512], fig[64], parts[1024];
		const char *row[8];

		if ((subject && s != subject) ||
		    (indicator && strcmp(ind, indicator) != 0))
			continue;
		if (s)
			cli_describe(about, sizeof about, db, s, lang);
		else
			snprintf(about, sizeof about, "%s",
				 iedu_record_attr(db, h, IEDU_ATTR_SCOPE));
		cli_figure(fig, sizeof fig,
			   iedu_record_attr(db, h, IEDU_ATTR_VALUE),
			   iedu_record_attr(db, h, IEDU_ATTR_QUALIFIER), unit);
		parts_of(parts, sizeof parts, db, h);
		row[0] = iedu_record_id(db, h);
		row[1] = ind;
		row[2] = about;
		row[3] = fig;
		row[4] = unit && strcmp(unit, "percent") != 0 ? unit : "-";
		row[5] = iedu_record_attr(db, h, IEDU_ATTR_DATE);
		row[6] = iedu_record_attr(db, h, IEDU_ATTR_STATUS);
		row[7] = parts[0] ? parts : "-";
		if (!row[5])
			row[5] = "-";
		if (cli_table_add(t, row) != 0)
			return -1;
	}
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	static const char *const header[] = {"ID",     "INDICATOR", "ABOUT",
					     "FIGURE", "UNIT",	    "DATE",
					     "STATUS", "PARTS"};
	const char *subject_id = NULL, *indicator = NULL;
	const cli_option options[] = {{"--subject", &subject_id},
				      {"--indicator", &indicator},
				      {NULL, NULL}};
	iedu_handle subject = IEDU_NONE;
	iedu_db *db = NULL;
	cli_table t;
	cli_args a;
	int rc;

	if ((rc = cli_parse(&a, "stats", argc, argv, options,
			    CLI_LANG | CLI_FORMAT)) == CLI_HELP) {
		fputs(stats_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if (a.noperands) {
		rc = cli_usage_error("stats", "unexpected operand '%s'",
				     a.operands[0]);
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(&db, &a, "stats")) == EXIT_OK && subject_id)
		rc = cli_find_record(&subject, db, "stats", subject_id);
	if (rc == EXIT_OK) {
		cli_table_init(&t, 8);
		if (list_stats(&t, db, subject, indicator,
			       a.lang ? a.lang : "zh") != 0) {
			fprintf(stderr, "iedu stats: out of memory\n");
			rc = EXIT_REFUSED;
		} else {
			cli_table_print(&t, stdout, a.format,
					a.format == CLI_TABLE ? header : NULL);
		}
		cli_table_free(&t);
	}
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
