/*
 * Reading records through the schema tables.
 */
#include <string.h>

#include "iedu/errors.h"
#include "iedu/records.h"
#include "error.h"
#include "model.h"

static const char *str(const iedu_db *db, uint32_t off)
{
	return off ? strtab_get(&db->strings, off) : NULL;
}

/* The string form of a stored value of type spec. */
static const char *value_string(const iedu_db *db, const attr_spec *spec,
				uint32_t v)
{
	switch ((vtype)spec->vt) {
	case VT_ENUM:
		if (v)
			return spec->tokens[v - 1];
		return spec->deflt ? spec->tokens[spec->deflt - 1] : NULL;
	case VT_REF:
		return v ? model_id(db, v) : NULL;
	case VT_REFLIST:
		return v ? str(db, db->lists[v]) : NULL;
	default:
		return str(db, v);
	}
}

iedu_kind iedu_record_kind(const iedu_db *db, iedu_handle rec)
{
	return model_record(db, rec) ? handle_kind(rec) : IEDU_KIND_NONE;
}

uint32_t iedu_record_index(const iedu_db *db, iedu_handle rec)
{
	return model_record(db, rec) ? handle_index(rec) : UINT32_MAX;
}

const char *iedu_record_id(const iedu_db *db, iedu_handle rec)
{
	const uint32_t *r = model_record(db, rec);

	return r ? str(db, r[REC_ATTR0]) : NULL;
}

const char *iedu_record_attr(const iedu_db *db, iedu_handle rec, iedu_attr attr)
{
	const uint32_t *r = model_record(db, rec);
	int i;

	if (!r || (i = schema_kind_attr(handle_kind(rec), attr)) < 0)
		return NULL;
	return value_string(db, &schema_kinds[handle_kind(rec)].attrs[i],
			    r[REC_ATTR0 + i]);
}

iedu_handle iedu_record_ref(const iedu_db *db, iedu_handle rec, iedu_attr attr)
{
	const uint32_t *r = model_record(db, rec);
	int i;

	if (!r || (i = schema_kind_attr(handle_kind(rec), attr)) < 0 ||
	    schema_kinds[handle_kind(rec)].attrs[i].vt != VT_REF)
		return IEDU_NONE;
	return r[REC_ATTR0 + i];
}

int iedu_record_refs(size_t *count, iedu_handle *out, size_t cap,
		     const iedu_db *db, iedu_handle rec, iedu_attr attr)
{
	const uint32_t *r = model_record(db, rec), *l;
	size_t n;
	int i;

	if (!count || !db || (cap && !out)) {
		if (count)
			*count = 0;
		return iedu__error(IEDU_EINVAL, "iedu_record_refs: %s is NULL",
				   !count ? "count"
				   : !db  ? "db"
					  : "out");
	}
	*count = 0;
	if (!r)
		return iedu__error(
		    IEDU_ENOTFOUND,
		    "iedu_record_refs: handle %u is not a record "
		    "of this database",
		    (unsigned)rec);
	i = schema_kind_attr(handle_kind(rec), attr);
	if (i < 0 || schema_kinds[handle_kind(rec)].attrs[i].vt != VT_REFLIST)
		return iedu__error(IEDU_EINVAL,
				   "iedu_record_refs: %s has no list of "
				   "references named '%s'",
				   iedu_kind_name(handle_kind(rec)),
				   iedu_attr_name(attr) ? iedu_attr_name(attr)
							: "?");
	if (!r[REC_ATTR0 + i])
		return IEDU_OK;
	l = &db->lists[r[REC_ATTR0 + i] - 1];
	*count = l[0];
	for (n = 0; n < l[0] && n < cap; n++)
		out[n] = l[2 + n];
	return IEDU_OK;
}

iedu_date iedu_record_date(const iedu_db *db, iedu_handle rec, iedu_attr attr)
{
	const uint32_t *r = model_record(db, rec);
	const char *s;
	iedu_date d;
	int i;

	if (!r || (i = schema_kind_attr(handle_kind(rec), attr)) < 0 ||
	    schema_kinds[handle_kind(rec)].attrs[i].vt != VT_DATE ||
	    !r[REC_ATTR0 + i])
		return 0;
	s = str(db, r[REC_ATTR0 + i]);
	return iedu_date_parse(&d, s, strlen(s)) == 0 ? d : 0;
}

uint32_t iedu_record_roles(const iedu_db *db, iedu_handle rec)
{
	const char *s = iedu_record_attr(db, rec, IEDU_ATTR_ROLE);
	uint32_t mask = 0;

	while (s && *s) {
		size_t n = strcspn(s, " ");
		int r = schema_token_index(schema_role_tokens, s, n);
		if (r >= 0)
			mask |= 1u << r;
		s += n + (s[n] == ' ');
	}
	return mask;
}

/* The index-th child of a type, or NULL. */
static const child_rec *child_at(const iedu_db *db, iedu_handle rec,
				 iedu_child type, uint32_t index)
{
	const uint32_t *r = model_record(db, rec);
	uint32_t i, n = 0;

	if (!r)
		return NULL;
	for (i = 0; i < r[REC_NCHILDREN]; i++) {
		const child_rec *c = &db->children[r[REC_FIRST_CHILD] + i];
		if (c->type == type && n++ == index)
			return c;
	}
	return NULL;
}

uint32_t iedu_record_child_count(const iedu_db *db, iedu_handle rec,
				 iedu_child child)
{
	const uint32_t *r = model_record(db, rec);
	uint32_t i, n = 0;

	if (!r)
		return 0;
	for (i = 0; i < r[REC_NCHILDREN]; i++)
		n += db->children[r[REC_FIRST_CHILD] + i].type == child;
	return n;
}

const char *iedu_record_child_text(const iedu_db *db, iedu_handle rec,
				   iedu_child child, uint32_t index)
{
	const child_rec *c = child_at(db, rec, child, index);

	return c ? str(db, c->v[CHILD_TEXT]) : NULL;
}

const char *iedu_record_child_attr(const iedu_db *db, iedu_handle rec,
				   iedu_child child, uint32_t index,
				   iedu_attr attr)
{
	const child_rec *c = child_at(db, rec, child, index);
	int i;

	if (!c || (i = schema_child_attr(child, attr)) < 0)
		return NULL;
	return value_string(db, &schema_children[child].attrs[i], c->v[i]);
}

iedu_handle iedu_record_child_ref(const iedu_db *db, iedu_handle rec,
				  iedu_child child, uint32_t index,
				  iedu_attr attr)
{
	const child_rec *c = child_at(db, rec, child, index);
	int i;

	if (!c || (i = schema_child_attr(child, attr)) < 0 ||
	    schema_children[child].attrs[i].vt != VT_REF)
		return IEDU_NONE;
	return c->v[i];
}

const char *iedu_record_text(const iedu_db *db, iedu_handle rec,
			     iedu_child child, const char *lang)
{
	const uint32_t *r = model_record(db, rec);
	int li = schema_child_attr(child, IEDU_ATTR_LANG);
	uint32_t i;

	if (!r || !lang || li < 0 || schema_children[child].text == TEXT_NONE)
		return NULL;
	for (i = 0; i < r[REC_NCHILDREN]; i++) {
		const child_rec *c = &db->children[r[REC_FIRST_CHILD] + i];
		if (c->type == child && c->v[li] &&
		    strcmp(str(db, c->v[li]), lang) == 0)
			return str(db, c->v[CHILD_TEXT]);
	}
	return NULL;
}
