/*
 * iedu show: one record with all its fields, and everything that points
 * at it, grouped.
 */
#include <string.h>

#include "iedu.h"

static const char show_help[] =
    "Usage: iedu show ID [--lang LANG] [--data FILE]...\n"
    "\n"
    "Prints the record ID with all its attributes and child elements, then\n"
    "every record that refers to it, grouped: members and memberships,\n"
    "parts and other relations, agreements, events, posts, statistics,\n"
    "designations and citations.\n"
    "\n"
    "Options:\n"
    "  --lang LANG        the language of names (default: zh)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused or no record has\n"
    "the id; 2 on a usage error.\n";

/* What points at a record, under which heading. */
static const struct {
	iedu_query query;
	const char *heading;
} groups[] = {
    {IEDU_QUERY_MEMBERS_OF_BODY, "Members"},
    {IEDU_QUERY_BODIES_OF_MEMBER, "Member of"},
    {IEDU_QUERY_RELATIONS_TO, "Related to it (parts and others)"},
    {IEDU_QUERY_RELATIONS_FROM, "Its relations"},
    {IEDU_QUERY_AGREEMENTS_OF_PARTY, "Agreements"},
    {IEDU_QUERY_AGREEMENTS_AT_EVENT, "Agreements signed"},
    {IEDU_QUERY_EVENTS_OF_BODY, "Events of the body"},
    {IEDU_QUERY_EVENTS_OF_HOST, "Events hosted"},
    {IEDU_QUERY_EVENTS_OF_PARTICIPANT, "Events taken part in"},
    {IEDU_QUERY_POSTS_IN_ORG, "People"},
    {IEDU_QUERY_POSTS_OF_PERSON, "Posts"},
    {IEDU_QUERY_STATISTICS_OF_SUBJECT, "Statistics"},
    {IEDU_QUERY_DESIGNATIONS_OF_ORG, "Designations"},
    {IEDU_QUERY_DESIGNATIONS_BY_ISSUER, "Designations issued"},
    {IEDU_QUERY_SOURCES_BY_ISSUER, "Documents issued"},
    {IEDU_QUERY_CITING_SOURCE, "Records citing it"},
};

/* A reference's value with the name of what it names. */
static void print_ref(const iedu_db *db, const char *label, iedu_handle to,
		      const char *lang)
{
	char line[1024];

	printf("  %s: %s\n", label,
	       cli_describe(line, sizeof line, db, to, lang));
}

/* "name (zh): text", "cite: source=... quote=...": one child element. */
static void print_child(const iedu_db *db, iedu_handle h, iedu_child c,
			uint32_t i, const char *lang)
{
	const char *text = iedu_record_child_text(db, h, c, i);
	const char *tag = iedu_record_child_attr(db, h, c, i, IEDU_ATTR_LANG);
	char line[1024];
	int a;

	printf("  %s", iedu_child_name(c));
	if (tag && text)
		printf(" (%s)", tag);
	printf(":");
	if (text)
		printf(" %s", text);
	for (a = 1; a <= IEDU_ATTR_COUNT; a++) {
		const char *v =
		    iedu_record_child_attr(db, h, c, i, (iedu_attr)a);
		iedu_handle to =
		    iedu_record_child_ref(db, h, c, i, (iedu_attr)a);
		if (!v || (a == IEDU_ATTR_LANG && text))
			continue;
		if (to)
			v = cli_describe(line, sizeof line, db, to, lang);
		printf(" %s=%s", iedu_attr_name((iedu_attr)a), v);
	}
	printf("\n");
}

static void print_fields(const iedu_db *db, iedu_handle h, const char *lang)
{
	int a, c;

	printf("%s %s\n", iedu_kind_name(iedu_record_kind(db, h)),
	       iedu_record_id(db, h) ? iedu_record_id(db, h) : "(no id)");
	for (a = IEDU_ATTR_TYPE; a <= IEDU_ATTR_COUNT; a++) {
		const char *v = iedu_record_attr(db, h, (iedu_attr)a);
		iedu_handle to = iedu_record_ref(db, h, (iedu_attr)a);
		size_t nrefs = 0, k;

		if (!v)
			continue;
		if (to) {
			print_ref(db, iedu_attr_name((iedu_attr)a), to, lang);
		} else if (iedu_record_refs(&nrefs, NULL, 0, db, h,
					    (iedu_attr)a) == IEDU_OK &&
			   nrefs) {
			iedu_handle *refs = calloc(nrefs, sizeof *refs);
			if (!refs)
				continue;
			iedu_record_refs(&nrefs, refs, nrefs, db, h,
					 (iedu_attr)a);
			for (k = 0; k < nrefs; k++)
				print_ref(db, iedu_attr_name((iedu_attr)a),
					  refs[k], lang);
			free(refs);
		} else {
			printf("  %s: %s\n", iedu_attr_name((iedu_attr)a), v);
		}
	}
	for (c = 1; c <= IEDU_CHILD_COUNT; c++) {
		uint32_t n = iedu_record_child_count(db, h, (iedu_child)c), i;
		for (i = 0; i < n; i++)
			print_child(db, h, (iedu_child)c, i, lang);
	}
}

static void print_group(const iedu_db *db, iedu_handle h, size_t g,
			const char *lang)
{
	iedu_handle *hs;
	size_t n = 0, i;
	char line[2048];

	if (iedu_db_query(&n, NULL, 0, db, groups[g].query, h) != IEDU_OK ||
	    n == 0)
		return;
	hs = calloc(n, sizeof *hs);
	if (!hs)
		return;
	iedu_db_query(&n, hs, n, db, groups[g].query, h);
	printf("\n%s (%zu)\n", groups[g].heading, n);
	for (i = 0; i < n; i++)
		printf("  %s\n",
		       cli_describe(line, sizeof line, db, hs[i], lang));
	free(hs);
}

int cmd_show(int argc, char **argv)
{
	iedu_handle h;
	iedu_db *db;
	cli_args a;
	size_t g;
	int rc;

	if ((rc = cli_parse(&a, "show", argc, argv, NULL, CLI_LANG)) ==
	    CLI_HELP) {
		fputs(show_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if (a.noperands != 1) {
		rc = cli_usage_error("show", a.noperands ? "one ID expected"
							 : "no ID given");
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(&db, &a, "show")) == EXIT_OK &&
	    (rc = cli_find_record(&h, db, "show", a.operands[0])) == EXIT_OK) {
		const char *lang = a.lang ? a.lang : "zh";
		print_fields(db, h, lang);
		for (g = 0; g < sizeof groups / sizeof groups[0]; g++)
			print_group(db, h, g, lang);
	}
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
