/*
 * iedu summary: what the data holds, by record kind and type, and each
 * collaborative body with its lead units, its stated member count and the
 * memberships recorded.
 */
#include <string.h>

#include "iedu.h"

static const char summary_help[] =
    "Usage: iedu summary [--lang LANG] [--format table|tsv] [--data FILE]...\n"
    "\n"
    "Counts the records by kind and type, then lists each collaborative\n"
    "body (community, consortium, alliance, education group) with its lead\n"
    "units, the member count a source states for it, and the number of\n"
    "members recorded.\n"
    "\n"
    "Options:\n"
    "  --lang LANG        the language of names (default: zh)\n"
    "  --format F         table (default) or tsv; tsv rows begin with\n"
    "                     'records' (kind, type, count) or 'body' (id, name,\n"
    "                     level, lead units, stated, recorded)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused; 2 on a usage\n"
    "error.\n";

static const char *const body_types[] = {"community", "consortium", "alliance",
					 "education-group", NULL};

static int is_body(const char *type)
{
	size_t i;

	for (i = 0; type && body_types[i]; i++)
		if (strcmp(type, body_types[i]) == 0)
			return 1;
	return 0;
}

/* Counts by (kind, type) in kind order, types in first-seen order. */
static int count_records(cli_table *t, const iedu_db *db)
{
	int k;

	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		uint32_t n = iedu_db_count(db, (iedu_kind)k), i, j;
		const char **types = calloc(n + 1, sizeof *types);
		uint32_t *counts = calloc(n + 1, sizeof *counts), ntypes = 0;

		if (!types || !counts) {
			free(types);
			free(counts);
			return -1;
		}
		for (i = 0; i < n; i++) {
			iedu_handle h = iedu_db_record_at(db, (iedu_kind)k, i);
			const char *type =
			    iedu_record_attr(db, h, IEDU_ATTR_TYPE);
			for (j = 0; j < ntypes; j++)
				if ((!type && !types[j]) ||
				    (type && types[j] &&
				     strcmp(type, types[j]) == 0))
					break;
			if (j == ntypes)
				types[ntypes++] = type;
			counts[j]++;
		}
		for (j = 0; j < ntypes; j++) {
			char num[16];
			const char *row[4];
			snprintf(num, sizeof num, "%u", (unsigned)counts[j]);
			row[0] = "records";
			row[1] = iedu_kind_name((iedu_kind)k);
			row[2] = types[j] ? types[j] : "-";
			row[3] = num;
			if (cli_table_add(t, row) != 0) {
				free(types);
				free(counts);
				return -1;
			}
		}
		free(types);
		free(counts);
	}
	return 0;
}

/* Appends text to buf (of size) with a separator when not first. */
static void join(char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n ? ", " : "", text);
}

static int handle_cmp(const void *x, const void *y)
{
	iedu_handle a = *(const iedu_handle *)x, b = *(const iedu_handle *)y;

	return a < b ? -1 : a > b;
}

/* One row per collaborative body. */
static int list_bodies(cli_table *t, const iedu_db *db, const char *lang)
{
	uint32_t n = iedu_db_count(db, IEDU_KIND_ORGANIZATION), i;

	for (i = 0; i < n; i++) {
		iedu_handle body =
		    iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, i);
		char leads[1024] = "", stated[64] = "-", recorded[16];
		iedu_handle *ms = NULL;
		size_t nm = 0, k, distinct = 0;
		const char *row[7];

		if (!is_body(iedu_record_attr(db, body, IEDU_ATTR_TYPE)))
			continue;
		iedu_db_query(&nm, NULL, 0, db, IEDU_QUERY_MEMBERS_OF_BODY,
			      body);
		ms = calloc(nm + 1, sizeof *ms);
		if (!ms)
			return -1;
		iedu_db_query(&nm, ms, nm, db, IEDU_QUERY_MEMBERS_OF_BODY,
			      body);
		for (k = 0; k < nm; k++) {
			iedu_handle m =
			    iedu_record_ref(db, ms[k], IEDU_ATTR_MEMBER);
			if (iedu_record_roles(db, ms[k]) & IEDU_ROLE_LEAD)
				join(leads, sizeof leads,
				     iedu_record_display_name(db, m, lang));
			ms[k] = m;
		}
		qsort(ms, nm, sizeof *ms, handle_cmp);
		for (k = 0; k < nm; k++)
			distinct += k == 0 || ms[k] != ms[k - 1];
		free(ms);
		/* the stated figure: a member-units statistic about the body */
		iedu_db_query(&nm, NULL, 0, db,
			      IEDU_QUERY_STATISTICS_OF_SUBJECT, body);
		ms = calloc(nm + 1, sizeof *ms);
		if (!ms)
			return -1;
		iedu_db_query(&nm, ms, nm, db, IEDU_QUERY_STATISTICS_OF_SUBJECT,
			      body);
		for (k = 0; k < nm; k++) {
			const char *ind =
			    iedu_record_attr(db, ms[k], IEDU_ATTR_INDICATOR);
			if (strcmp(ind, "member-units") != 0)
				continue;
			cli_figure(
			    stated, sizeof stated,
			    iedu_record_attr(db, ms[k], IEDU_ATTR_VALUE),
			    iedu_record_attr(db, ms[k], IEDU_ATTR_QUALIFIER),
			    NULL);
			break;
		}
		free(ms);
		snprintf(recorded, sizeof recorded, "%zu", distinct);
		row[0] = "body";
		row[1] = iedu_record_id(db, body);
		row[2] = iedu_record_display_name(db, body, lang);
		row[3] = iedu_record_attr(db, body, IEDU_ATTR_LEVEL);
		row[4] = leads[0] ? leads : "-";
		row[5] = stated;
		row[6] = recorded;
		if (!row[3])
			row[3] = "-";
		if (cli_table_add(t, row) != 0)
			return -1;
	}
	return 0;
}

/* Prints a table without its first column (the tsv section name). */
static void print_section(const cli_table *t, cli_format format,
			  const char *const *header)
{
	cli_table view = *t;
	size_t r, c;

	if (format == CLI_TSV) {
		cli_table_print(t, stdout, CLI_TSV, NULL);
		return;
	}
	view.ncols = t->ncols - 1;
	view.cells = malloc(t->nrows * view.ncols * sizeof *view.cells + 1);
	if (!view.cells)
		return;
	for (r = 0; r < t->nrows; r++)
		for (c = 1; c < t->ncols; c++)
			view.cells[r * view.ncols + c - 1] =
			    t->cells[r * t->ncols + c];
	cli_table_print(&view, stdout, CLI_TABLE, header);
	free(view.cells);
}

int cmd_summary(int argc, char **argv)
{
	static const char *const rec_header[] = {"KIND", "TYPE", "COUNT"};
	static const char *const body_header[] = {
	    "BODY", "NAME", "LEVEL", "LEAD UNITS", "STATED", "RECORDED"};
	cli_table records, bodies;
	iedu_db *db;
	cli_args a;
	int rc;

	if ((rc = cli_parse(&a, "summary", argc, argv, NULL,
			    CLI_LANG | CLI_FORMAT)) == CLI_HELP) {
		fputs(summary_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if (a.noperands) {
		rc = cli_usage_error("summary", "unexpected operand '%s'",
				     a.operands[0]);
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(&db, &a, "summary")) != EXIT_OK) {
		cli_args_free(&a);
		return rc;
	}
	cli_table_init(&records, 4);
	cli_table_init(&bodies, 7);
	if (count_records(&records, db) != 0 ||
	    list_bodies(&bodies, db, a.lang ? a.lang : "zh") != 0) {
		fprintf(stderr, "iedu summary: out of memory\n");
		rc = EXIT_REFUSED;
	} else {
		if (a.format == CLI_TABLE)
			printf("Records: %u\n\n",
			       (unsigned)iedu_db_count(db, IEDU_KIND_NONE));
		print_section(&records, a.format, rec_header);
		if (a.format == CLI_TABLE)
			printf("\nCollaborative bodies: %zu\n\n", bodies.nrows);
		print_section(&bodies, a.format, body_header);
	}
	cli_table_free(&records);
	cli_table_free(&bodies);
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
