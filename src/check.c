/*
 * Consistency findings: doubts that a check reports rather than refuses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iedu/check.h"
#include "iedu/database.h"
#include "iedu/errors.h"
#include "iedu/queries.h"
#include "iedu/records.h"
#include "iedu/values.h"
#include "alloc.h"
#include "decimal.h"
#include "error.h"
#include "fold.h"
#include "model.h"

typedef struct finding {
	iedu_finding_code code;
	iedu_handle record;
	const char *field; /* static */
	size_t msg;	   /* offset into text */
} finding;

struct iedu_findings {
	finding *items;
	size_t n, cap;
	char *text;
	size_t len, textcap;
};

static const char *const finding_names[] = {
    NULL,	  "member-count",	"parts-short",
    "date-order", "event-after-source", "same-identifier",
    "uscc-check", "same-name"};

const char *iedu_finding_name(iedu_finding_code code)
{
	return code >= 1 && code <= IEDU_FINDING_SAME_NAME ? finding_names[code]
							   : NULL;
}

static int add(iedu_findings *f, iedu_finding_code code, iedu_handle rec,
	       const char *field, const char *fmt, ...) IEDU_PRINTF(5, 6);

static int add(iedu_findings *f, iedu_finding_code code, iedu_handle rec,
	       const char *field, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	if (iedu__grow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items,
		       "recording a finding") != 0 ||
	    iedu__grow((void **)&f->text, &f->textcap, f->len + n + 1, 1,
		       "recording a finding") != 0)
		return iedu__error_nomem("recording a finding");
	memcpy(f->text + f->len, buf, n + 1);
	f->items[f->n].code = code;
	f->items[f->n].record = rec;
	f->items[f->n].field = field;
	f->items[f->n].msg = f->len;
	f->len += n + 1;
	f->n++;
	return 0;
}

static int check_dates(iedu_findings *f, const iedu_db *db, iedu_kind k,
		       iedu_attr from, iedu_attr until)
{
	uint32_t i, n = iedu_db_count(db, k);
	char what[300];
	int rc;

	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, k, i);
		iedu_date a = iedu_record_date(db, h, from);
		iedu_date b = iedu_record_date(db, h, until);
		if (!a || !b || !iedu_date_before(b, a))
			continue;
		model_describe(what, sizeof what, db, h);
		if ((rc = add(
			 f, IEDU_FINDING_DATE_ORDER, h, iedu_attr_name(until),
			 "%s: %s %s is before %s %s", what,
			 iedu_attr_name(until), iedu_record_attr(db, h, until),
			 iedu_attr_name(from),
			 iedu_record_attr(db, h, from))) != 0)
			return rc;
	}
	return 0;
}

static int handle_cmp(const void *x, const void *y)
{
	iedu_handle a = *(const iedu_handle *)x, b = *(const iedu_handle *)y;

	return a < b ? -1 : a > b;
}

/* The parts of an exact total that sum to less than it. */
static int check_parts(iedu_findings *f, const iedu_db *db, iedu_handle h,
		       const char *what)
{
	uint32_t c, n = iedu_record_child_count(db, h, IEDU_CHILD_PART);
	const char *val = iedu_record_attr(db, h, IEDU_ATTR_VALUE);
	const char **parts;
	char sumtext[64];
	int cmp = 0;

	if (!n ||
	    strcmp(iedu_record_attr(db, h, IEDU_ATTR_QUALIFIER), "exact") != 0)
		return 0;
	parts = iedu__malloc(n * sizeof *parts);
	if (!parts)
		return iedu__error_nomem("checking the parts of a statistic");
	for (c = 0; c < n; c++)
		parts[c] = iedu_record_child_attr(db, h, IEDU_CHILD_PART, c,
						  IEDU_ATTR_VALUE);
	decimal_sum_compare(&cmp, sumtext, sizeof sumtext, val, parts, n);
	iedu__free(parts);
	if (cmp >= 0)
		return 0;
	if (n == 1)
		return add(f, IEDU_FINDING_PARTS_SHORT, h, "part",
			   "%s: its only part is %s, less than the exact "
			   "total %s",
			   what, sumtext, val);
	return add(f, IEDU_FINDING_PARTS_SHORT, h, "part",
		   "%s: its %u parts sum to %s, less than the exact total %s",
		   what, (unsigned)n, sumtext, val);
}

/* A body's member-units figure against its distinct recorded members. */
static int check_member_count(iedu_findings *f, const iedu_db *db,
			      iedu_handle h, const char *what)
{
	const char *q = iedu_record_attr(db, h, IEDU_ATTR_QUALIFIER);
	const char *ind = iedu_record_attr(db, h, IEDU_ATTR_INDICATOR);
	const char *val = iedu_record_attr(db, h, IEDU_ATTR_VALUE);
	iedu_handle s = iedu_record_ref(db, h, IEDU_ATTR_SUBJECT);
	size_t nm = 0, k, distinct = 0;
	char subj[300], phrase[16];
	iedu_handle *ms;
	int differs, cmp;

	if (!ind || strcmp(ind, "member-units") != 0 || !s ||
	    iedu_record_kind(db, s) != IEDU_KIND_ORGANIZATION)
		return 0;
	iedu_db_query(&nm, NULL, 0, db, IEDU_QUERY_MEMBERS_OF_BODY, s);
	ms = iedu__malloc((nm ? nm : 1) * sizeof *ms);
	if (!ms)
		return iedu__error_nomem("checking member counts");
	iedu_db_query(&nm, ms, nm, db, IEDU_QUERY_MEMBERS_OF_BODY, s);
	/* count distinct members: an org may hold two memberships */
	for (k = 0; k < nm; k++)
		ms[k] = iedu_record_ref(db, ms[k], IEDU_ATTR_MEMBER);
	qsort(ms, nm, sizeof *ms, handle_cmp);
	for (k = 0; k < nm; k++)
		distinct += k == 0 || ms[k] != ms[k - 1];
	iedu__free(ms);
	/* cmp: the stated figure against the recorded count */
	cmp = decimal_compare_count(val, distinct);
	differs = strcmp(q, "exact") == 0	? cmp != 0
		  : strcmp(q, "more-than") == 0 ? cmp >= 0
		  : strcmp(q, "at-least") == 0	? cmp > 0
		  : strcmp(q, "less-than") == 0 ? cmp <= 0
		  : strcmp(q, "at-most") == 0	? cmp < 0
						: 0;
	if (!differs)
		return 0;
	/* "more-than" reads "more than " */
	phrase[0] = '\0';
	if (strcmp(q, "exact") != 0) {
		snprintf(phrase, sizeof phrase, "%s ", q);
		phrase[strcspn(phrase, "-")] = ' ';
	}
	model_describe(subj, sizeof subj, db, s);
	return add(f, IEDU_FINDING_MEMBER_COUNT, h, "value",
		   "%s states %s%s member units of %s; %zu %s recorded", what,
		   phrase, val, subj, distinct,
		   distinct == 1 ? "member is" : "members are");
}

static int check_statistics(iedu_findings *f, const iedu_db *db)
{
	uint32_t i, n = iedu_db_count(db, IEDU_KIND_STATISTIC);
	char what[300];
	int rc;

	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_STATISTIC, i);
		model_describe(what, sizeof what, db, h);
		if ((rc = check_parts(f, db, h, what)) != 0 ||
		    (rc = check_member_count(f, db, h, what)) != 0)
			return rc;
	}
	return 0;
}

/* Whether the index-th cite of h names a source an earlier cite names. */
static int cited_before(const iedu_db *db, iedu_handle h, uint32_t index,
			iedu_handle source)
{
	uint32_t c;

	for (c = 0; c < index; c++)
		if (iedu_record_child_ref(db, h, IEDU_CHILD_CITE, c,
					  IEDU_ATTR_SOURCE) == source)
			return 1;
	return 0;
}

static int check_events(iedu_findings *f, const iedu_db *db)
{
	uint32_t i, n = iedu_db_count(db, IEDU_KIND_EVENT), c, nc;
	char what[300];
	int rc;

	for (i = 0; i < n; i++) {
		iedu_handle h = iedu_db_record_at(db, IEDU_KIND_EVENT, i);
		iedu_date d = iedu_record_date(db, h, IEDU_ATTR_DATE);
		nc = iedu_record_child_count(db, h, IEDU_CHILD_CITE);
		for (c = 0; c < nc; c++) {
			iedu_handle s = iedu_record_child_ref(
			    db, h, IEDU_CHILD_CITE, c, IEDU_ATTR_SOURCE);
			iedu_date p =
			    iedu_record_date(db, s, IEDU_ATTR_PUBLISHED);
			if (!p || !iedu_date_before(p, d) ||
			    cited_before(db, h, c, s))
				continue;
			model_describe(what, sizeof what, db, h);
			if ((rc = add(
				 f, IEDU_FINDING_EVENT_AFTER_SOURCE, h, "date",
				 "%s is dated %s, but source '%s', which "
				 "reports it, was published on %s",
				 what, iedu_record_attr(db, h, IEDU_ATTR_DATE),
				 iedu_record_id(db, s),
				 iedu_record_attr(db, s,
						  IEDU_ATTR_PUBLISHED))) != 0)
				return rc;
		}
	}
	return 0;
}

typedef struct ident {
	const char *scheme, *value;
	iedu_handle org;
} ident;

static int ident_cmp(const void *x, const void *y)
{
	const ident *a = x, *b = y;
	int c = strcmp(a->scheme, b->scheme);

	if (!c)
		c = strcmp(a->value, b->value);
	if (!c)
		c = a->org < b->org ? -1 : a->org > b->org;
	return c;
}

static int check_identifiers(iedu_findings *f, const iedu_db *db)
{
	uint32_t i, n = iedu_db_count(db, IEDU_KIND_ORGANIZATION), c, nc;
	ident *ids = NULL;
	size_t nids = 0, cap = 0, k, first;
	char what[300], other[300];
	int rc = 0;

	for (i = 0; i < n; i++) {
		iedu_handle h =
		    iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, i);
		nc = iedu_record_child_count(db, h, IEDU_CHILD_IDENTIFIER);
		for (c = 0; c < nc; c++) {
			const char *sch = iedu_record_child_attr(
			    db, h, IEDU_CHILD_IDENTIFIER, c, IEDU_ATTR_SCHEME);
			const char *v = iedu_record_child_text(
			    db, h, IEDU_CHILD_IDENTIFIER, c);
			if (iedu__grow((void **)&ids, &cap, nids + 1,
				       sizeof *ids,
				       "collecting identifiers") != 0) {
				rc =
				    iedu__error_nomem("collecting identifiers");
				goto out;
			}
			ids[nids].scheme = sch;
			ids[nids].value = v;
			ids[nids].org = h;
			nids++;
			if (strcmp(sch, "uscc") == 0 &&
			    iedu_uscc_verify(v, strlen(v)) == 0) {
				model_describe(what, sizeof what, db, h);
				if ((rc = add(f, IEDU_FINDING_USCC_CHECK, h,
					      "identifier",
					      "%s: uscc %s ends in '%c'; its "
					      "check character per GB "
					      "32100-2015 is '%c'",
					      what, v, v[17],
					      iedu_uscc_check_char(v))) != 0)
					goto out;
			}
		}
	}
	if (nids)
		qsort(ids, nids, sizeof *ids, ident_cmp);
	/* each later holder of an identifier is compared with the first */
	for (k = 1, first = 0; k < nids; k++) {
		if (strcmp(ids[k].scheme, ids[first].scheme) != 0 ||
		    strcmp(ids[k].value, ids[first].value) != 0) {
			first = k;
			continue;
		}
		if (ids[k].org == ids[k - 1].org)
			continue;
		model_describe(what, sizeof what, db, ids[k].org);
		model_describe(other, sizeof other, db, ids[first].org);
		if ((rc = add(f, IEDU_FINDING_SAME_IDENTIFIER, ids[k].org,
			      "identifier",
			      "%s has the %s identifier %s, as "
			      "does %s",
			      what, ids[k].scheme, ids[k].value, other)) != 0)
			goto out;
	}
out:
	iedu__free(ids);
	return rc;
}

typedef struct folded_name {
	const char *key; /* folded: equal keys are equal at primary strength */
	const char *text;
	iedu_handle org;
	iedu_child child;
} folded_name;

static int folded_name_cmp(const void *x, const void *y)
{
	const folded_name *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (!c)
		c = a->org < b->org ? -1 : a->org > b->org;
	if (!c)
		c = a->child < b->child ? -1 : a->child > b->child;
	return c ? c : strcmp(a->text, b->text);
}

/* A pair of organisations reported once, however many names they share. */
typedef struct name_pair {
	iedu_handle later, first;
	size_t a, b; /* the names: of later, of first */
} name_pair;

static int name_pair_cmp(const void *x, const void *y)
{
	const name_pair *a = x, *b = y;

	if (a->later != b->later)
		return a->later < b->later ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->a < b->a ? -1 : a->a > b->a;
}

/* The folded names and aliases of every organisation, in *out. */
static int fold_org_names(folded_name **out, size_t *n, char **arena,
			  const iedu_db *db)
{
	static const iedu_child kinds[] = {IEDU_CHILD_NAME, IEDU_CHILD_ALIAS};
	uint32_t i, count = iedu_db_count(db, IEDU_KIND_ORGANIZATION), c, nc;
	size_t cap = 0, len = 0, acap = 0, k;
	textbuf f = {NULL, 0, 0};
	int rc = 0, w;

	*out = NULL;
	*n = 0;
	*arena = NULL;
	for (i = 0; i < count && rc == 0; i++) {
		iedu_handle h =
		    iedu_db_record_at(db, IEDU_KIND_ORGANIZATION, i);
		for (w = 0; w < 2 && rc == 0; w++) {
			nc = iedu_record_child_count(db, h, kinds[w]);
			for (c = 0; c < nc && rc == 0; c++) {
				const char *t =
				    iedu_record_child_text(db, h, kinds[w], c);
				if (!t || (rc = fold_text(&f, t, strlen(t),
							  FOLD_DIRECT)) != 0)
					continue;
				if (iedu__grow((void **)out, &cap, *n + 1,
					       sizeof **out,
					       "comparing names") != 0 ||
				    iedu__grow((void **)arena, &acap,
					       len + f.len + 1, 1,
					       "comparing names") != 0) {
					rc = IEDU_ENOMEM;
					break;
				}
				memcpy(*arena + len, f.p, f.len + 1);
				/* offsets now, pointers once the arena stops
				 * moving */
				(*out)[*n].key = (const char *)(uintptr_t)len;
				(*out)[*n].text = t;
				(*out)[*n].org = h;
				(*out)[*n].child = kinds[w];
				(*n)++;
				len += f.len + 1;
			}
		}
	}
	textbuf_free(&f);
	for (k = 0; k < *n; k++)
		(*out)[k].key = *arena + (uintptr_t)(*out)[k].key;
	return rc;
}

/*
 * Organisations whose names or aliases are equal once folded (case, width
 * and accents ignored, as at ICU primary strength): each later holder of
 * a name is compared with the first, and a pair is reported once.
 */
static int check_names(iedu_findings *f, const iedu_db *db)
{
	folded_name *names = NULL;
	name_pair *pairs = NULL;
	size_t n = 0, np = 0, cap = 0, k, first;
	char *arena = NULL, what[300], other[300];
	int rc;

	if ((rc = fold_org_names(&names, &n, &arena, db)) != 0)
		goto out;
	if (n)
		qsort(names, n, sizeof *names, folded_name_cmp);
	for (k = 1, first = 0; k < n; k++) {
		if (strcmp(names[k].key, names[first].key) != 0) {
			first = k;
			continue;
		}
		if (names[k].org == names[first].org)
			continue;
		if (iedu__grow((void **)&pairs, &cap, np + 1, sizeof *pairs,
			       "comparing names") != 0) {
			rc = IEDU_ENOMEM;
			goto out;
		}
		pairs[np].later = names[k].org;
		pairs[np].first = names[first].org;
		pairs[np].a = k;
		pairs[np].b = first;
		np++;
	}
	if (np)
		qsort(pairs, np, sizeof *pairs, name_pair_cmp);
	for (k = 0; k < np; k++) {
		const folded_name *a = &names[pairs[k].a],
				  *b = &names[pairs[k].b];
		if (k > 0 && pairs[k].later == pairs[k - 1].later &&
		    pairs[k].first == pairs[k - 1].first)
			continue;
		model_describe(what, sizeof what, db, a->org);
		model_describe(other, sizeof other, db, b->org);
		if (strcmp(a->text, b->text) == 0)
			rc = add(f, IEDU_FINDING_SAME_NAME, a->org,
				 iedu_child_name(a->child),
				 "%s has the %s '%s', as does %s (its %s)",
				 what, iedu_child_name(a->child), a->text,
				 other, iedu_child_name(b->child));
		else
			rc = add(f, IEDU_FINDING_SAME_NAME, a->org,
				 iedu_child_name(a->child),
				 "%s has the %s '%s', equal ignoring case, "
				 "width and accents to the %s '%s' of %s",
				 what, iedu_child_name(a->child), a->text,
				 iedu_child_name(b->child), b->text, other);
		if (rc != 0)
			goto out;
	}
out:
	iedu__free(names);
	iedu__free(pairs);
	iedu__free(arena);
	return rc;
}

static int finding_cmp(const void *x, const void *y)
{
	const finding *a = x, *b = y;

	if (a->record != b->record)
		return a->record < b->record ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return a->msg < b->msg ? -1 : a->msg > b->msg;
}

int iedu_db_check(iedu_findings **out, const iedu_db *db)
{
	iedu_findings *f;
	int rc;

	if (!out || !db) {
		if (out)
			*out = NULL;
		return iedu__error(IEDU_EINVAL, "iedu_db_check: %s is NULL",
				   !out ? "out" : "db");
	}
	*out = NULL;
	f = iedu__calloc(1, sizeof *f);
	if (!f)
		return iedu__error_nomem("checking the database");
	if ((rc = check_dates(f, db, IEDU_KIND_ORGANIZATION, IEDU_ATTR_FOUNDED,
			      IEDU_ATTR_DISSOLVED)) != 0 ||
	    (rc = check_dates(f, db, IEDU_KIND_MEMBERSHIP, IEDU_ATTR_FROM,
			      IEDU_ATTR_UNTIL)) != 0 ||
	    (rc = check_dates(f, db, IEDU_KIND_POST, IEDU_ATTR_FROM,
			      IEDU_ATTR_UNTIL)) != 0 ||
	    (rc = check_dates(f, db, IEDU_KIND_RELATION, IEDU_ATTR_SINCE,
			      IEDU_ATTR_UNTIL)) != 0 ||
	    (rc = check_dates(f, db, IEDU_KIND_EVENT, IEDU_ATTR_DATE,
			      IEDU_ATTR_UNTIL)) != 0 ||
	    (rc = check_statistics(f, db)) != 0 ||
	    (rc = check_events(f, db)) != 0 ||
	    (rc = check_identifiers(f, db)) != 0 ||
	    (rc = check_names(f, db)) != 0) {
		iedu_findings_free(f);
		return rc;
	}
	if (f->n)
		qsort(f->items, f->n, sizeof *f->items, finding_cmp);
	*out = f;
	return IEDU_OK;
}

size_t iedu_findings_count(const iedu_findings *f)
{
	return f ? f->n : 0;
}

iedu_finding_code iedu_findings_code(const iedu_findings *f, size_t i)
{
	return f && i < f->n ? f->items[i].code : IEDU_FINDING_NONE;
}

iedu_handle iedu_findings_record(const iedu_findings *f, size_t i)
{
	return f && i < f->n ? f->items[i].record : IEDU_NONE;
}

const char *iedu_findings_field(const iedu_findings *f, size_t i)
{
	return f && i < f->n ? f->items[i].field : NULL;
}

const char *iedu_findings_message(const iedu_findings *f, size_t i)
{
	return f && i < f->n ? f->text + f->items[i].msg : NULL;
}

void iedu_findings_free(iedu_findings *f)
{
	if (!f)
		return;
	iedu__free(f->items);
	iedu__free(f->text);
	iedu__free(f);
}
