/*
 * Queries over the reverse-reference index: each is a walk of the
 * target's edge list, keeping edges of one referring kind and one or two
 * ways of referring.
 */
#include <string.h>

#include "iedu/errors.h"
#include "iedu/queries.h"
#include "error.h"
#include "model.h"

typedef struct query_spec {
	uint16_t targets;  /* kinds the target may be */
	uint8_t from_kind; /* kind of the results, 0: any */
	uint32_t via[2];   /* ways of referring; 0 unused */
	const char *target_desc;
} query_spec;

#define ORG    KIND_BIT(IEDU_KIND_ORGANIZATION)
#define PERSON KIND_BIT(IEDU_KIND_PERSON)

static const query_spec queries[] = {
    {0, 0, {0, 0}, NULL},
    [IEDU_QUERY_MEMBERS_OF_BODY] = {ORG,
				    IEDU_KIND_MEMBERSHIP,
				    {VIA_ATTR(IEDU_ATTR_BODY), 0},
				    "an organization"},
    [IEDU_QUERY_BODIES_OF_MEMBER] = {ORG,
				     IEDU_KIND_MEMBERSHIP,
				     {VIA_ATTR(IEDU_ATTR_MEMBER), 0},
				     "an organization"},
    [IEDU_QUERY_RELATIONS_FROM] = {ORG,
				   IEDU_KIND_RELATION,
				   {VIA_ATTR(IEDU_ATTR_FROM), 0},
				   "an organization"},
    [IEDU_QUERY_RELATIONS_TO] = {ORG,
				 IEDU_KIND_RELATION,
				 {VIA_ATTR(IEDU_ATTR_TO), 0},
				 "an organization"},
    [IEDU_QUERY_AGREEMENTS_OF_PARTY] = {ORG,
					IEDU_KIND_AGREEMENT,
					{VIA_CHILD(IEDU_CHILD_PARTY,
						   IEDU_ATTR_ORG),
					 0},
					"an organization"},
    [IEDU_QUERY_AGREEMENTS_AT_EVENT] = {KIND_BIT(IEDU_KIND_EVENT),
					IEDU_KIND_AGREEMENT,
					{VIA_ATTR(IEDU_ATTR_EVENT), 0},
					"an event"},
    [IEDU_QUERY_EVENTS_OF_BODY] = {ORG,
				   IEDU_KIND_EVENT,
				   {VIA_ATTR(IEDU_ATTR_BODY), 0},
				   "an organization"},
    [IEDU_QUERY_EVENTS_OF_HOST] = {ORG,
				   IEDU_KIND_EVENT,
				   {VIA_ATTR(IEDU_ATTR_HOSTS), 0},
				   "an organization"},
    [IEDU_QUERY_EVENTS_OF_PARTICIPANT] =
	{ORG | PERSON,
	 IEDU_KIND_EVENT,
	 {VIA_CHILD(IEDU_CHILD_PARTICIPANT, IEDU_ATTR_PERSON),
	  VIA_CHILD(IEDU_CHILD_PARTICIPANT, IEDU_ATTR_ORG)},
	 "a person or an organization"},
    [IEDU_QUERY_POSTS_OF_PERSON] = {PERSON,
				    IEDU_KIND_POST,
				    {VIA_ATTR(IEDU_ATTR_PERSON), 0},
				    "a person"},
    [IEDU_QUERY_POSTS_IN_ORG] = {ORG,
				 IEDU_KIND_POST,
				 {VIA_ATTR(IEDU_ATTR_ORG), 0},
				 "an organization"},
    [IEDU_QUERY_STATISTICS_OF_SUBJECT] = {ANY_KIND,
					  IEDU_KIND_STATISTIC,
					  {VIA_ATTR(IEDU_ATTR_SUBJECT), 0},
					  "a record"},
    [IEDU_QUERY_CITING_SOURCE] = {KIND_BIT(IEDU_KIND_SOURCE),
				  0,
				  {VIA_CHILD(IEDU_CHILD_CITE, IEDU_ATTR_SOURCE),
				   0},
				  "a source"},
    [IEDU_QUERY_DESIGNATIONS_OF_ORG] = {ORG,
					IEDU_KIND_DESIGNATION,
					{VIA_ATTR(IEDU_ATTR_ORG), 0},
					"an organization"},
    [IEDU_QUERY_DESIGNATIONS_BY_ISSUER] = {ORG,
					   IEDU_KIND_DESIGNATION,
					   {VIA_ATTR(IEDU_ATTR_ISSUER), 0},
					   "an organization"},
    [IEDU_QUERY_SOURCES_BY_ISSUER] = {ORG,
				      IEDU_KIND_SOURCE,
				      {VIA_CHILD(IEDU_CHILD_ISSUER,
						 IEDU_ATTR_ORG),
				       0},
				      "an organization"},
};

#define NQUERIES (sizeof queries / sizeof queries[0])

int iedu_db_query(size_t *count, iedu_handle *out, size_t cap,
		  const iedu_db *db, iedu_query query, iedu_handle target)
{
	const query_spec *q;
	const adjacency *a;
	uint32_t e, last = IEDU_NONE;
	size_t n = 0;

	if (!count || !db || (cap && !out)) {
		if (count)
			*count = 0;
		return iedu__error(IEDU_EINVAL, "iedu_db_query: %s is NULL",
				   !count ? "count"
				   : !db  ? "db"
					  : "out");
	}
	*count = 0;
	if (query < 1 || (size_t)query >= NQUERIES)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_query: %d is not a query",
				   (int)query);
	q = &queries[query];
	if (!model_record(db, target))
		return iedu__error(
		    IEDU_ENOTFOUND,
		    "iedu_db_query: handle %u is not a record of "
		    "this database",
		    (unsigned)target);
	if (!((q->targets >> handle_kind(target)) & 1)) {
		char what[300];
		model_describe(what, sizeof what, db, target);
		return iedu__error(IEDU_EKIND,
				   "iedu_db_query: this query takes %s; %s is "
				   "not one",
				   q->target_desc, what);
	}
	a = &db->adj[handle_kind(target)];
	for (e = a->head ? a->head[handle_index(target)] : 0; e;
	     e = db->edges[e - 1].next) {
		const edge *ed = &db->edges[e - 1];
		if ((q->from_kind && handle_kind(ed->from) != q->from_kind) ||
		    (ed->via != q->via[0] && ed->via != q->via[1]) ||
		    ed->from == last)
			continue;
		last = ed->from;
		if (n < cap)
			out[n] = ed->from;
		n++;
	}
	*count = n;
	return IEDU_OK;
}

int iedu_db_designations_of_programme(size_t *count, iedu_handle *out,
				      size_t cap, const iedu_db *db,
				      const char *programme)
{
	const kind_store *ks;
	uint32_t off, i;
	int pi = schema_kind_attr(IEDU_KIND_DESIGNATION, IEDU_ATTR_PROGRAMME);
	size_t n = 0;

	if (!count || !db || !programme || (cap && !out)) {
		if (count)
			*count = 0;
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_designations_of_programme: %s is "
				   "NULL",
				   !count	? "count"
				   : !db	? "db"
				   : !programme ? "programme"
						: "out");
	}
	*count = 0;
	off = strtab_find(&db->strings, programme, strlen(programme), NULL);
	if (!off)
		return IEDU_OK;
	ks = &db->kinds[IEDU_KIND_DESIGNATION];
	for (i = 0; i < ks->count; i++) {
		if (ks->slots[(size_t)i * ks->stride + REC_ATTR0 + pi] != off)
			continue;
		if (n < cap)
			out[n] = make_handle(IEDU_KIND_DESIGNATION, i);
		n++;
	}
	*count = n;
	return IEDU_OK;
}
