/*
 * iedu graph: the collaboration network as Graphviz DOT. Organisations
 * are nodes (collaborative bodies as boxes), agreements are notes joined
 * to their parties, memberships are edges from member to body labelled
 * with the roles, and relations (part-of and the others) are edges
 * between organisations.
 */
#include <string.h>

#include "iedu.h"

static const char graph_help[] =
    "Usage: iedu graph [ID] [--depth N] [--lang LANG] [--data FILE]...\n"
    "\n"
    "Writes the collaboration network as Graphviz DOT on standard output:\n"
    "  iedu graph | dot -Tsvg > map.svg\n"
    "With ID (an organization or an agreement), only what lies within N\n"
    "steps of it (a membership, a relation or a party to an agreement is\n"
    "one step).\n"
    "\n"
    "Options:\n"
    "  --depth N          steps from ID (default 2; 0 is ID alone)\n"
    "  --lang LANG        the language of names (default: zh)\n"
    "  --data FILE        the iedu XML v1 files to read (repeatable); without\n"
    "                     it, the bundled dataset of the source reports\n"
    "\n"
    "Exit status: 0 on success; 1 when any file is refused or ID is not\n"
    "found; 2 on a usage error.\n";

enum { E_MEMBER, E_RELATION, E_PARTY };

typedef struct gedge {
	iedu_handle a, b, via; /* a -> b, through record via */
	int kind;
} gedge;

typedef struct graph {
	gedge *e;
	size_t n, cap;
} graph;

static int add_edge(graph *g, iedu_handle a, iedu_handle b, iedu_handle via,
		    int kind)
{
	if (g->n == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 256;
		gedge *ne = realloc(g->e, ncap * sizeof *ne);
		if (!ne)
			return -1;
		g->e = ne;
		g->cap = ncap;
	}
	g->e[g->n].a = a;
	g->e[g->n].b = b;
	g->e[g->n].via = via;
	g->e[g->n].kind = kind;
	g->n++;
	return 0;
}

static int collect(graph *g, const iedu_db *db)
{
	uint32_t i, n, p, np;

	n = iedu_db_count(db, IEDU_KIND_MEMBERSHIP);
	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_MEMBERSHIP, i);
		if (add_edge(g, iedu_record_ref(db, h, IEDU_ATTR_MEMBER),
			     iedu_record_ref(db, h, IEDU_ATTR_BODY), h,
			     E_MEMBER) != 0)
			return -1;
	}
	n = iedu_db_count(db, IEDU_KIND_RELATION);
	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_RELATION, i);
		if (add_edge(g, iedu_record_ref(db, h, IEDU_ATTR_FROM),
			     iedu_record_ref(db, h, IEDU_ATTR_TO), h,
			     E_RELATION) != 0)
			return -1;
	}
	n = iedu_db_count(db, IEDU_KIND_AGREEMENT);
	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_AGREEMENT, i);
		np = iedu_record_child_count(db, h, IEDU_CHILD_PARTY);
		for (p = 0; p < np; p++)
			if (add_edge(g,
				     iedu_record_child_ref(db, h,
							   IEDU_CHILD_PARTY, p,
							   IEDU_ATTR_ORG),
				     h, h, E_PARTY) != 0)
				return -1;
	}
	return 0;
}

/* Handles in a growing array, for the set of nodes kept. */
typedef struct nodeset {
	iedu_handle *h;
	size_t n, cap;
} nodeset;

static int has(const nodeset *s, iedu_handle h)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->h[i] == h)
			return 1;
	return 0;
}

static int put(nodeset *s, iedu_handle h)
{
	if (has(s, h))
		return 0;
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		iedu_handle *nh = realloc(s->h, ncap * sizeof *nh);
		if (!nh)
			return -1;
		s->h = nh;
		s->cap = ncap;
	}
	s->h[s->n++] = h;
	return 0;
}

/* The nodes within depth steps of start (all nodes when start is NONE). */
static int reach(nodeset *keep, const graph *g, iedu_handle start, long depth)
{
	size_t i, from = 0, to;
	long d;

	if (!start) {
		for (i = 0; i < g->n; i++)
			if (put(keep, g->e[i].a) != 0 ||
			    put(keep, g->e[i].b) != 0)
				return -1;
		return 0;
	}
	if (put(keep, start) != 0)
		return -1;
	for (d = 0; d < depth; d++) {
		to = keep->n;
		for (i = 0; i < g->n; i++) {
			size_t k;
			for (k = from; k < to; k++) {
				iedu_handle x = keep->h[k];
				if ((g->e[i].a == x &&
				     put(keep, g->e[i].b) != 0) ||
				    (g->e[i].b == x &&
				     put(keep, g->e[i].a) != 0))
					return -1;
			}
		}
		from = to;
	}
	return 0;
}

/* A DOT string: quotes and backslashes escaped. */
static void dot_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
	putchar('"');
}

static const char *node_id(char *buf, size_t size, const iedu_db *db,
			   iedu_handle h)
{
	snprintf(buf, size, "%s", iedu_record_id(db, h));
	return buf;
}

static int is_body(const char *type)
{
	return type && (strcmp(type, "community") == 0 ||
			strcmp(type, "consortium") == 0 ||
			strcmp(type, "alliance") == 0 ||
			strcmp(type, "education-group") == 0);
}

static void print_dot(const iedu_db *db, const graph *g, const nodeset *keep,
		      const char *lang)
{
	char id[256], id2[256], label[1024];
	size_t i;

	printf("digraph iedu {\n");
	printf("  graph [rankdir=LR, fontname=\"Noto Sans CJK SC\"];\n");
	printf("  node [fontname=\"Noto Sans CJK SC\"];\n");
	printf("  edge [fontname=\"Noto Sans CJK SC\", fontsize=10];\n");
	for (i = 0; i < keep->n; i++) {
		iedu_handle h = keep->h[i];
		printf("  ");
		dot_string(node_id(id, sizeof id, db, h));
		printf(" [label=");
		if (iedu_record_kind(db, h) == IEDU_KIND_AGREEMENT) {
			int titled = iedu_record_child_count(
					 db, h, IEDU_CHILD_TITLE) != 0;
			snprintf(label, sizeof label, "%s agreement%s%s",
				 iedu_record_attr(db, h, IEDU_ATTR_TYPE),
				 titled ? "\n" : "",
				 titled ? iedu_record_display_name(db, h, lang)
					: "");
			dot_string(label);
			printf(", shape=note]\n");
			continue;
		}
		dot_string(iedu_record_display_name(db, h, lang));
		if (is_body(iedu_record_attr(db, h, IEDU_ATTR_TYPE)))
			printf(", shape=box, style=filled, "
			       "fillcolor=\"#dbe9f6\"");
		printf("]\n");
	}
	for (i = 0; i < g->n; i++) {
		const gedge *e = &g->e[i];
		if (!has(keep, e->a) || !has(keep, e->b))
			continue;
		printf("  ");
		dot_string(node_id(id, sizeof id, db, e->a));
		printf(" -> ");
		dot_string(node_id(id2, sizeof id2, db, e->b));
		if (e->kind == E_MEMBER) {
			printf(" [label=");
			dot_string(
			    iedu_record_attr(db, e->via, IEDU_ATTR_ROLE));
			printf("]\n");
		} else if (e->kind == E_RELATION) {
			printf(" [label=");
			dot_string(
			    iedu_record_attr(db, e->via, IEDU_ATTR_TYPE));
			printf(", style=dashed]\n");
		} else {
			printf(" [arrowhead=none, style=dotted]\n");
		}
	}
	printf("}\n");
}

int cmd_graph(int argc, char **argv)
{
	const char *depth_text = NULL;
	const cli_option options[] = {{"--depth", &depth_text}, {NULL, NULL}};
	iedu_handle start = IEDU_NONE;
	nodeset keep = {NULL, 0, 0};
	graph g = {NULL, 0, 0};
	iedu_db *db = NULL;
	long depth = 2;
	cli_args a;
	char *end;
	int rc;

	if ((rc = cli_parse(&a, "graph", argc, argv, options, CLI_LANG)) ==
	    CLI_HELP) {
		fputs(graph_help, stdout);
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	if (depth_text) {
		depth = strtol(depth_text, &end, 10);
		if (*end || depth < 0 || depth > 1000 || end == depth_text) {
			rc = cli_usage_error("graph",
					     "--depth '%s' is not a number of "
					     "steps; expected 0 to 1000",
					     depth_text);
			cli_args_free(&a);
			return rc;
		}
	}
	if (a.noperands > 1) {
		rc = cli_usage_error("graph", "one ID expected");
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(&db, &a, "graph")) == EXIT_OK && a.noperands) {
		rc = cli_find_record(&start, db, "graph", a.operands[0]);
		if (rc == EXIT_OK &&
		    iedu_record_kind(db, start) != IEDU_KIND_ORGANIZATION &&
		    iedu_record_kind(db, start) != IEDU_KIND_AGREEMENT) {
			fprintf(stderr,
				"iedu graph: '%s' is %s; expected an "
				"organization or an agreement\n",
				a.operands[0],
				iedu_kind_name(iedu_record_kind(db, start)));
			rc = EXIT_REFUSED;
		}
	}
	if (rc == EXIT_OK) {
		if (collect(&g, db) != 0 ||
		    reach(&keep, &g, start, depth) != 0) {
			fprintf(stderr, "iedu graph: out of memory\n");
			rc = EXIT_REFUSED;
		} else {
			print_dot(db, &g, &keep, a.lang ? a.lang : "zh");
		}
	}
	free(g.e);
	free(keep.h);
	iedu_db_free(db);
	cli_args_free(&a);
	return rc;
}
