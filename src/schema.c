/*
 * The tables of iedu XML v1 (see ../shared/spec/iedu-xml-1.md). Attribute
 * and child orders here are the canonical orders of export.
 */
#include <pthread.h>
#include <string.h>

#include "schema.h"

static const char *const kind_names[] = {
	NULL, "source", "organization", "person", "membership", "post",
	"relation", "designation", "event", "agreement", "statistic"};

static const char *const attr_names[] = {
	NULL,        "id",        "type",     "xml:lang",  "published",
	"url",       "level",     "founded",  "dissolved", "member",
	"body",      "role",      "from",     "until",     "person",
	"org",       "to",        "since",    "programme", "batch",
	"date",      "issuer",    "hosts",    "signed",    "event",
	"indicator", "subject",   "scope",    "value",     "qualifier",
	"unit",      "status",    "kind",     "scheme",    "division",
	"source",    "locator",   "quote",    "mode",      "key"};

static const char *const child_names[] = {
	NULL,       "name",        "title",      "label",  "publisher",
	"alias",    "sector",      "identifier", "location", "issuer",
	"place",    "participant", "attendance", "party",  "part",
	"cite"};

static const char *const source_types[] = {
	"news", "policy", "report", "web", "broadcast", "other", NULL};
static const char *const org_types[] = {
	"enterprise", "university", "vocational-school", "research-institute",
	"government", "association", "media", "community", "consortium",
	"alliance", "education-group", "other", NULL};
static const char *const levels[] = {
	"national", "provincial", "municipal", "county", NULL};
static const char *const alias_kinds[] = {
	"short", "former", "acronym", "translation", "transliteration",
	"other", NULL};
const char *const schema_role_tokens[] = {
	"lead", "chair", "executive-vice-chair", "vice-chair",
	"standing-council", "council", "secretariat", "supporting", "member",
	NULL};
static const char *const relation_types[] = {
	"part-of", "supervised-by", "successor-of", "partner-of", NULL};
static const char *const event_types[] = {
	"conference", "meeting", "signing", "launch", "broadcast", "visit",
	"other", NULL};
static const char *const attendance_modes[] = {
	"total", "onsite", "online", NULL};
static const char *const agreement_types[] = {
	"framework", "cooperation", "research", "overseas-schooling",
	"talent-training", "other", NULL};
const char *const schema_qualifier_tokens[] = {
	"exact", "more-than", "at-least", "about", "less-than", "at-most",
	NULL};
static const char *const statuses[] = {
	"reported", "estimate", "target", NULL};

#define ORG KIND_BIT(IEDU_KIND_ORGANIZATION)
#define PERSON KIND_BIT(IEDU_KIND_PERSON)
#define SOURCE KIND_BIT(IEDU_KIND_SOURCE)
#define EVENT KIND_BIT(IEDU_KIND_EVENT)

#define ID_REQ {IEDU_ATTR_ID, VT_ID, A_REQUIRED, 0, 0, NULL}
#define ID_OPT {IEDU_ATTR_ID, VT_ID, 0, 0, 0, NULL}
#define ENUM(a, t, f) {a, VT_ENUM, f, 0, 0, t}
#define ENUM_DEF(a, t, d) {a, VT_ENUM, 0, d, 0, t}
#define TYPED(a, vt, f) {a, vt, f, 0, 0, NULL}
#define REF(a, k, f) {a, VT_REF, f, 0, k, NULL}

const kind_spec schema_kinds[IEDU_KIND_COUNT + 1] = {
	{0, 0, 0, 0, {{0, 0, 0, 0, 0, NULL}}, {0}},
	[IEDU_KIND_SOURCE] = {
		5, 4, 1, IEDU_CHILD_TITLE,
		{ID_REQ, ENUM(IEDU_ATTR_TYPE, source_types, A_REQUIRED),
		 TYPED(IEDU_ATTR_PUBLISHED, VT_DATE, 0),
		 TYPED(IEDU_ATTR_URL, VT_URL, 0),
		 TYPED(IEDU_ATTR_LANG, VT_LANG, 0)},
		{IEDU_CHILD_TITLE, IEDU_CHILD_PUBLISHER, IEDU_CHILD_ISSUER,
		 IEDU_CHILD_CITE}},
	[IEDU_KIND_ORGANIZATION] = {
		5, 6, 1, IEDU_CHILD_NAME,
		{ID_REQ, ENUM(IEDU_ATTR_TYPE, org_types, A_REQUIRED),
		 ENUM(IEDU_ATTR_LEVEL, levels, 0),
		 TYPED(IEDU_ATTR_FOUNDED, VT_DATE, 0),
		 TYPED(IEDU_ATTR_DISSOLVED, VT_DATE, 0)},
		{IEDU_CHILD_NAME, IEDU_CHILD_ALIAS, IEDU_CHILD_SECTOR,
		 IEDU_CHILD_IDENTIFIER, IEDU_CHILD_LOCATION, IEDU_CHILD_CITE}},
	[IEDU_KIND_PERSON] = {
		1, 2, 1, IEDU_CHILD_NAME,
		{ID_REQ},
		{IEDU_CHILD_NAME, IEDU_CHILD_CITE}},
	[IEDU_KIND_MEMBERSHIP] = {
		6, 1, 0, 0,
		{ID_OPT, REF(IEDU_ATTR_MEMBER, ORG, A_REQUIRED),
		 REF(IEDU_ATTR_BODY, ORG, A_REQUIRED),
		 {IEDU_ATTR_ROLE, VT_ROLES, A_REQUIRED, 0, 0, schema_role_tokens},
		 TYPED(IEDU_ATTR_FROM, VT_DATE, 0),
		 TYPED(IEDU_ATTR_UNTIL, VT_DATE, 0)},
		{IEDU_CHILD_CITE}},
	[IEDU_KIND_POST] = {
		5, 2, 1, IEDU_CHILD_TITLE,
		{ID_OPT, REF(IEDU_ATTR_PERSON, PERSON, A_REQUIRED),
		 REF(IEDU_ATTR_ORG, ORG, A_REQUIRED),
		 TYPED(IEDU_ATTR_FROM, VT_DATE, 0),
		 TYPED(IEDU_ATTR_UNTIL, VT_DATE, 0)},
		{IEDU_CHILD_TITLE, IEDU_CHILD_CITE}},
	[IEDU_KIND_RELATION] = {
		6, 1, 0, 0,
		{ID_OPT, REF(IEDU_ATTR_FROM, ORG, A_REQUIRED),
		 REF(IEDU_ATTR_TO, ORG, A_REQUIRED),
		 ENUM(IEDU_ATTR_TYPE, relation_types, A_REQUIRED),
		 TYPED(IEDU_ATTR_SINCE, VT_DATE, 0),
		 TYPED(IEDU_ATTR_UNTIL, VT_DATE, 0)},
		{IEDU_CHILD_CITE}},
	[IEDU_KIND_DESIGNATION] = {
		6, 1, 0, 0,
		{ID_OPT, REF(IEDU_ATTR_ORG, ORG, A_REQUIRED),
		 TYPED(IEDU_ATTR_PROGRAMME, VT_TOKEN, A_REQUIRED),
		 TYPED(IEDU_ATTR_BATCH, VT_POSINT, 0),
		 TYPED(IEDU_ATTR_DATE, VT_DATE, 0),
		 REF(IEDU_ATTR_ISSUER, ORG, 0)},
		{IEDU_CHILD_CITE}},
	[IEDU_KIND_EVENT] = {
		6, 5, 0, IEDU_CHILD_NAME,
		{ID_REQ, ENUM(IEDU_ATTR_TYPE, event_types, A_REQUIRED),
		 TYPED(IEDU_ATTR_DATE, VT_DATE, A_REQUIRED),
		 TYPED(IEDU_ATTR_UNTIL, VT_DATE, 0),
		 {IEDU_ATTR_HOSTS, VT_REFLIST, 0, 0, ORG, NULL},
		 REF(IEDU_ATTR_BODY, ORG, 0)},
		{IEDU_CHILD_NAME, IEDU_CHILD_PLACE, IEDU_CHILD_PARTICIPANT,
		 IEDU_CHILD_ATTENDANCE, IEDU_CHILD_CITE}},
	[IEDU_KIND_AGREEMENT] = {
		4, 3, 0, IEDU_CHILD_TITLE,
		{ID_REQ, ENUM(IEDU_ATTR_TYPE, agreement_types, A_REQUIRED),
		 TYPED(IEDU_ATTR_SIGNED, VT_DATE, 0),
		 REF(IEDU_ATTR_EVENT, EVENT, 0)},
		{IEDU_CHILD_TITLE, IEDU_CHILD_PARTY, IEDU_CHILD_CITE}},
	[IEDU_KIND_STATISTIC] = {
		9, 3, 0, IEDU_CHILD_LABEL,
		{ID_REQ, TYPED(IEDU_ATTR_INDICATOR, VT_TOKEN, A_REQUIRED),
		 REF(IEDU_ATTR_SUBJECT, ANY_KIND, 0),
		 TYPED(IEDU_ATTR_SCOPE, VT_SCOPE, 0),
		 TYPED(IEDU_ATTR_DATE, VT_DATE, 0),
		 TYPED(IEDU_ATTR_VALUE, VT_NUMBER, A_REQUIRED),
		 ENUM_DEF(IEDU_ATTR_QUALIFIER, schema_qualifier_tokens, 1),
		 TYPED(IEDU_ATTR_UNIT, VT_TOKEN, 0),
		 ENUM_DEF(IEDU_ATTR_STATUS, statuses, 1)},
		{IEDU_CHILD_LABEL, IEDU_CHILD_PART, IEDU_CHILD_CITE}},
};

#define LANG_REQ TYPED(IEDU_ATTR_LANG, VT_LANG, A_REQUIRED)
#define LANG_OPT TYPED(IEDU_ATTR_LANG, VT_LANG, 0)

const child_spec schema_children[IEDU_CHILD_COUNT + 1] = {
	{0, 0, 0, 0, {{0, 0, 0, 0, 0, NULL}}},
	[IEDU_CHILD_NAME] = {IEDU_CHILD_NAME, TEXT_REQUIRED, 1, 1, {LANG_REQ}},
	[IEDU_CHILD_TITLE] = {IEDU_CHILD_TITLE, TEXT_REQUIRED, 1, 1, {LANG_REQ}},
	[IEDU_CHILD_LABEL] = {IEDU_CHILD_LABEL, TEXT_REQUIRED, 1, 1, {LANG_REQ}},
	[IEDU_CHILD_PUBLISHER] = {IEDU_CHILD_PUBLISHER, TEXT_REQUIRED, 1, 1,
				  {LANG_REQ}},
	[IEDU_CHILD_ALIAS] = {IEDU_CHILD_ALIAS, TEXT_REQUIRED, 0, 2,
			      {LANG_REQ, ENUM(IEDU_ATTR_KIND, alias_kinds, 0)}},
	[IEDU_CHILD_SECTOR] = {IEDU_CHILD_SECTOR, TEXT_REQUIRED, 0, 1,
			       {LANG_REQ}},
	[IEDU_CHILD_IDENTIFIER] = {IEDU_CHILD_IDENTIFIER, TEXT_REQUIRED, 0, 1,
				   {TYPED(IEDU_ATTR_SCHEME, VT_TOKEN,
					  A_REQUIRED)}},
	[IEDU_CHILD_LOCATION] = {IEDU_CHILD_LOCATION, TEXT_OPTIONAL, 0, 2,
				 {TYPED(IEDU_ATTR_DIVISION, VT_DIVISION, 0),
				  LANG_OPT}},
	[IEDU_CHILD_ISSUER] = {IEDU_CHILD_ISSUER, TEXT_NONE, 0, 1,
			       {REF(IEDU_ATTR_ORG, ORG, A_REQUIRED)}},
	[IEDU_CHILD_PLACE] = {IEDU_CHILD_PLACE, TEXT_OPTIONAL, 0, 2,
			      {LANG_OPT,
			       TYPED(IEDU_ATTR_DIVISION, VT_DIVISION, 0)}},
	[IEDU_CHILD_PARTICIPANT] = {IEDU_CHILD_PARTICIPANT, TEXT_NONE, 0, 3,
				    {REF(IEDU_ATTR_PERSON, PERSON, 0),
				     REF(IEDU_ATTR_ORG, ORG, 0),
				     TYPED(IEDU_ATTR_ROLE, VT_TOKEN, 0)}},
	[IEDU_CHILD_ATTENDANCE] = {IEDU_CHILD_ATTENDANCE, TEXT_NONE, 0, 3,
				   {ENUM(IEDU_ATTR_MODE, attendance_modes,
					 A_REQUIRED),
				    TYPED(IEDU_ATTR_VALUE, VT_NUMBER,
					  A_REQUIRED),
				    ENUM_DEF(IEDU_ATTR_QUALIFIER,
					     schema_qualifier_tokens, 1)}},
	[IEDU_CHILD_PARTY] = {IEDU_CHILD_PARTY, TEXT_NONE, 0, 1,
			      {REF(IEDU_ATTR_ORG, ORG, A_REQUIRED)}},
	[IEDU_CHILD_PART] = {IEDU_CHILD_PART, TEXT_NONE, 0, 2,
			     {TYPED(IEDU_ATTR_KEY, VT_TOKEN, A_REQUIRED),
			      TYPED(IEDU_ATTR_VALUE, VT_NUMBER, A_REQUIRED)}},
	[IEDU_CHILD_CITE] = {IEDU_CHILD_CITE, TEXT_NONE, 0, 3,
			     {REF(IEDU_ATTR_SOURCE, SOURCE, A_REQUIRED),
			      TYPED(IEDU_ATTR_LOCATOR, VT_FREE, 0),
			      TYPED(IEDU_ATTR_QUOTE, VT_FREE, 0)}},
};

/*
 * Positions by table: the builder asks for them at every attribute and
 * child of an import (millions of times), and a search of the kind's list
 * was a call, a loop and a mispredicted exit each time. Filled once from
 * the lists above, the first time any is asked for.
 */
int8_t schema_pos_kind_attr[IEDU_KIND_COUNT + 1][IEDU_ATTR_COUNT + 1];
int8_t schema_pos_child_attr[IEDU_CHILD_COUNT + 1][IEDU_ATTR_COUNT + 1];
int8_t schema_pos_kind_child[IEDU_KIND_COUNT + 1][IEDU_CHILD_COUNT + 1];
int schema_pos_ready;

static pthread_once_t pos_once = PTHREAD_ONCE_INIT;

static void pos_fill(void)
{
	int k, c, i;

	memset(schema_pos_kind_attr, -1, sizeof schema_pos_kind_attr);
	memset(schema_pos_child_attr, -1, sizeof schema_pos_child_attr);
	memset(schema_pos_kind_child, -1, sizeof schema_pos_kind_child);
	for (k = 1; k <= IEDU_KIND_COUNT; k++) {
		const kind_spec *ks = &schema_kinds[k];
		/* the first of a repeated entry, as a search would find */
		for (i = ks->nattrs - 1; i >= 0; i--)
			schema_pos_kind_attr[k][ks->attrs[i].attr] = (int8_t)i;
		for (i = ks->nchildren - 1; i >= 0; i--)
			schema_pos_kind_child[k][ks->children[i]] = (int8_t)i;
	}
	for (c = 1; c <= IEDU_CHILD_COUNT; c++) {
		const child_spec *cs = &schema_children[c];
		for (i = cs->nattrs - 1; i >= 0; i--)
			schema_pos_child_attr[c][cs->attrs[i].attr] = (int8_t)i;
	}
	__atomic_store_n(&schema_pos_ready, 1, __ATOMIC_RELEASE);
}

void schema_pos_init(void)
{
	pthread_once(&pos_once, pos_fill);
}

int schema_token_index(const char *const *tokens, const char *s, size_t len)
{
	int i;

	for (i = 0; tokens[i]; i++)
		if (strlen(tokens[i]) == len && memcmp(tokens[i], s, len) == 0)
			return i;
	return -1;
}

const char *schema_article(iedu_kind kind)
{
	return kind == IEDU_KIND_ORGANIZATION || kind == IEDU_KIND_EVENT ||
			       kind == IEDU_KIND_AGREEMENT
		   ? "an"
		   : "a";
}

const char *iedu_kind_name(iedu_kind kind)
{
	return kind >= 1 && kind <= IEDU_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *iedu_attr_name(iedu_attr attr)
{
	return attr >= 1 && attr <= IEDU_ATTR_COUNT ? attr_names[attr] : NULL;
}

const char *iedu_child_name(iedu_child child)
{
	return child >= 1 && child <= IEDU_CHILD_COUNT ? child_names[child]
						       : NULL;
}

iedu_kind iedu_kind_from_name(const char *name)
{
	int i;

	for (i = 1; name && i <= IEDU_KIND_COUNT; i++)
		if (strcmp(kind_names[i], name) == 0)
			return (iedu_kind)i;
	return IEDU_KIND_NONE;
}

iedu_attr iedu_attr_from_name(const char *name)
{
	int i;

	for (i = 1; name && i <= IEDU_ATTR_COUNT; i++)
		if (strcmp(attr_names[i], name) == 0)
			return (iedu_attr)i;
	return IEDU_ATTR_NONE;
}

iedu_child iedu_child_from_name(const char *name)
{
	int i;

	for (i = 1; name && i <= IEDU_CHILD_COUNT; i++)
		if (strcmp(child_names[i], name) == 0)
			return (iedu_child)i;
	return IEDU_CHILD_NONE;
}

const char *iedu_role_name(uint32_t role)
{
	int i;

	for (i = 0; schema_role_tokens[i]; i++)
		if (role == 1u << i)
			return schema_role_tokens[i];
	return NULL;
}

uint32_t iedu_role_from_name(const char *name)
{
	int i = name ? schema_token_index(schema_role_tokens, name,
					  strlen(name))
		     : -1;

	return i >= 0 ? 1u << i : 0;
}

int iedu_kind_has_attr(iedu_kind kind, iedu_attr attr)
{
	return schema_kind_attr(kind, attr) >= 0;
}

int iedu_kind_has_child(iedu_kind kind, iedu_child child)
{
	return schema_kind_child(kind, child) >= 0;
}

int iedu_child_has_attr(iedu_child child, iedu_attr attr)
{
	return schema_child_attr(child, attr) >= 0;
}
