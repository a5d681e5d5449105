/*
 * The record builder: the sequence of calls that describes records, and
 * the checks of each element as a whole when it ends. Used by the public
 * batch API and by the XML reader alike.
 */
#include <stdio.h>
#include <string.h>

#include "iedu/errors.h"
#include "iedu/values.h"
#include "alloc.h"
#include "batch.h"
#include "decimal.h"
#include "error.h"

static const char *cur_id(const iedu_batch *b)
{
	return (b->attr_set & 1u) ? strtab_get(&b->db->strings, b->attrs[0])
				  : NULL;
}

/* Adds the open record (and field) to the last error, and the location. */
static int fail(iedu_batch *b, int rc, const char *field)
{
	if (rc == IEDU_ENOMEM)
		return rc;
	if (b->rec_open)
		iedu__error_context_n(b->kind, cur_id(b),
				      b->db->kinds[b->kind].count +
					  b->staged[b->kind] + 1,
				      field);
	else
		iedu__error_context(IEDU_KIND_NONE, NULL, field);
	if (!b->located)
		return rc;
	/* what ending an element finds wrong is reported at its start tag */
	if (b->ending == ENDING_CHILD)
		iedu__error_locate(b->file, b->child_line, b->child_column);
	else if (b->ending == ENDING_RECORD)
		iedu__error_locate(b->file, b->rec_line, b->rec_column);
	else
		iedu__error_locate(b->file, b->line, b->column);
	return rc;
}

void batch_locate_error(const iedu_batch *b, iedu_handle h)
{
	size_t i;

	if (!b->located)
		return;
	for (i = 0; i < b->nlocs; i++)
		if (b->locs[i].rec == h) {
			iedu__error_locate(b->file, b->locs[i].line,
					   b->locs[i].column);
			return;
		}
}

uint32_t iedu__batch_prefetch_value(const iedu_batch *b, const char *s,
				    size_t len)
{
	uint32_t h = strtab_hash(s, len);

	iedu__batch_prefetch_hash(b, h);
	return h;
}

void iedu__batch_prefetch_hash(const iedu_batch *b, uint32_t hash)
{
	strtab_prefetch_value(&b->db->strings, hash);
}

void iedu__batch_prefetch_candidate(const iedu_batch *b, uint32_t hash)
{
	strtab_prefetch_candidate(&b->db->strings, hash);
}

void iedu__batch_locate(iedu_batch *b, const char *file, uint32_t line,
			uint32_t column)
{
	b->located = 1;
	b->file = file;
	b->line = line;
	b->column = column;
}

int iedu_batch_new(iedu_batch **out, iedu_db *db)
{
	iedu_batch *b;

	if (!out || !db) {
		if (out)
			*out = NULL;
		return iedu__error(IEDU_EINVAL, "iedu_batch_new: %s is NULL",
				   !out ? "out" : "db");
	}
	*out = NULL;
	if (db->batch)
		return iedu__error(IEDU_EBUSY,
				   "iedu_batch_new: the database already has "
				   "an open batch; commit or free it first");
	b = iedu__calloc(1, sizeof *b);
	if (!b)
		return iedu__error_nomem("creating a batch");
	b->db = db;
	b->str_mark = strtab_mark(&db->strings);
	b->child_mark = db->nchildren;
	b->list_mark = db->nlists;
	db->batch = b;
	*out = b;
	return IEDU_OK;
}

static int check_usable(const iedu_batch *b, const char *fn)
{
	if (!b)
		return iedu__error(IEDU_EINVAL, "%s: batch is NULL", fn);
	if (b->spent)
		return iedu__error(IEDU_ESTATE,
				   "%s: the batch was already committed (or "
				   "its commit failed); open a new batch",
				   fn);
	return 0;
}

int iedu_batch_record(iedu_batch *b, iedu_kind kind)
{
	int rc;

	if ((rc = check_usable(b, "iedu_batch_record")) != 0)
		return rc;
	if (b->rec_open)
		return fail(b,
			    iedu__error(IEDU_ESTATE,
					"iedu_batch_record: the record is "
					"still open; end it first"),
			    NULL);
	if (kind < 1 || kind > IEDU_KIND_COUNT)
		return iedu__error(IEDU_EINVAL,
				   "iedu_batch_record: %d is not a record "
				   "kind; expected an iedu_kind from 1 to %d",
				   (int)kind, IEDU_KIND_COUNT);
	if (b->db->kinds[kind].count + b->staged[kind] >= MAX_PER_KIND)
		return iedu__error(IEDU_ELIMIT,
				   "a database holds at most %u records of "
				   "each kind; %s records are full",
				   (unsigned)MAX_PER_KIND,
				   iedu_kind_name(kind));
	b->rec_open = 1;
	b->kind = kind;
	b->attr_set = 0;
	memset(b->attrs, 0, sizeof b->attrs);
	b->rec_first_child = b->db->nchildren;
	b->rec_str_mark = strtab_mark(&b->db->strings);
	b->rec_list_mark = b->db->nlists;
	b->rec_line = b->line;
	b->rec_column = b->column;
	return IEDU_OK;
}

int iedu_batch_child(iedu_batch *b, iedu_child child)
{
	char list[256];
	const kind_spec *ks;
	size_t n = 0;
	int rc, i;

	if ((rc = check_usable(b, "iedu_batch_child")) != 0)
		return rc;
	if (!b->rec_open)
		return iedu__error(IEDU_ESTATE,
				   "iedu_batch_child: no record is open; call "
				   "iedu_batch_record first");
	if (b->child_open)
		return fail(b,
			    iedu__error(IEDU_ESTATE,
					"iedu_batch_child: <%s> is still "
					"open; end it before opening another "
					"child",
					iedu_child_name(b->child.type)),
			    NULL);
	if (child < 1 || child > IEDU_CHILD_COUNT)
		return iedu__error(IEDU_EINVAL,
				   "iedu_batch_child: %d is not a child "
				   "element; expected an iedu_child from 1 "
				   "to %d",
				   (int)child, IEDU_CHILD_COUNT);
	if (schema_kind_child(b->kind, child) < 0) {
		ks = &schema_kinds[b->kind];
		list[0] = '\0';
		for (i = 0; i < ks->nchildren; i++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
					      i ? ", " : "",
					      iedu_child_name(ks->children[i]));
		return fail(b,
			    iedu__error(IEDU_EUNKNOWN,
					"<%s> is not allowed in %s %s; "
					"expected one of %s",
					iedu_child_name(child),
					schema_article(b->kind),
					iedu_kind_name(b->kind), list),
			    iedu_child_name(child));
	}
	b->child_open = 1;
	b->child_str_mark = strtab_mark(&b->db->strings);
	b->child_list_mark = b->db->nlists;
	b->child_line = b->line;
	b->child_column = b->column;
	memset(&b->child, 0, sizeof b->child);
	b->child.type = (uint8_t)child;
	b->child_set = 0;
	return IEDU_OK;
}

static void attr_list(char *list, size_t size, const attr_spec *attrs, int n)
{
	size_t o = 0;
	int i;

	list[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, size - o, "%s%s", i ? ", " : "",
				      iedu_attr_name(attrs[i].attr));
	if (n == 0)
		snprintf(list, size, "none");
}

/*
 * The field an attribute error names: "name/@xml:lang" on a child, the
 * attribute's name on a record. Built only when an error needs it, since
 * iedu_batch_set runs for every attribute of an import.
 */
static const char *attr_field(char *buf, size_t size, const iedu_batch *b,
			      iedu_attr attr)
{
	if (!b->child_open)
		return iedu_attr_name(attr);
	snprintf(buf, size, "%s/@%s", iedu_child_name(b->child.type),
		 iedu_attr_name(attr));
	return buf;
}

int iedu_batch_set(iedu_batch *b, iedu_attr attr, const char *value, size_t len)
{
	int rc;

	if ((rc = check_usable(b, "iedu_batch_set")) != 0)
		return rc;
	if (!b->rec_open)
		return iedu__error(IEDU_ESTATE,
				   "iedu_batch_set: no record is open; call "
				   "iedu_batch_record first");
	if (attr < 1 || attr > IEDU_ATTR_COUNT)
		return iedu__error(IEDU_EINVAL,
				   "iedu_batch_set: %d is not an attribute; "
				   "expected an iedu_attr from 1 to %d",
				   (int)attr, IEDU_ATTR_COUNT);
	if (!value)
		return iedu__error(IEDU_EINVAL,
				   "iedu_batch_set: value is NULL");
	if (len == IEDU_NUL)
		len = strlen(value);
	return iedu__batch_set(b, attr, value, len);
}

int iedu__batch_set(iedu_batch *b, iedu_attr attr, const char *value,
		    size_t len)
{
	char field[64], list[256];
	const attr_spec *specs, *spec;
	int nspecs, i, rc;
	uint32_t v, *set, *slot;

	if (b->child_open) {
		const child_spec *cs = &schema_children[b->child.type];
		specs = cs->attrs;
		nspecs = cs->nattrs;
		i = schema_child_attr(b->child.type, attr);
		set = &b->child_set;
		slot = i >= 0 ? &b->child.v[i] : NULL;
	} else {
		specs = schema_kinds[b->kind].attrs;
		nspecs = schema_kinds[b->kind].nattrs;
		i = schema_kind_attr(b->kind, attr);
		set = &b->attr_set;
		slot = i >= 0 ? &b->attrs[i] : NULL;
	}
	if (i < 0) {
		attr_list(list, sizeof list, specs, nspecs);
		return fail(b,
			    iedu__error(IEDU_EUNKNOWN,
					"'%s' is not an attribute of <%s>; "
					"expected one of %s",
					iedu_attr_name(attr),
					b->child_open
					    ? iedu_child_name(b->child.type)
					    : iedu_kind_name(b->kind),
					list),
			    attr_field(field, sizeof field, b, attr));
	}
	if (*set & (1u << i))
		return fail(b,
			    iedu__error(IEDU_EDUPLICATE,
					"the attribute is given twice; "
					"expected it once"),
			    attr_field(field, sizeof field, b, attr));
	spec = &specs[i];
	if ((rc = parse_attr(b, spec, value, len, &v)) != 0)
		return fail(b, rc, attr_field(field, sizeof field, b, attr));
	*slot = v;
	*set |= 1u << i;
	return IEDU_OK;
}

int iedu_batch_text(iedu_batch *b, const char *text, size_t len)
{
	const child_spec *cs;
	const char *t;
	size_t tl;
	uint32_t off;
	int rc, stable = 0;

	if ((rc = check_usable(b, "iedu_batch_text")) != 0)
		return rc;
	if (!b->child_open)
		return fail(b,
			    iedu__error(IEDU_ESTATE,
					"iedu_batch_text: no child element "
					"is open; text belongs to a child "
					"such as <name>"),
			    NULL);
	if (!text)
		return iedu__error(IEDU_EINVAL,
				   "iedu_batch_text: text is NULL");
	if (len == IEDU_NUL)
		len = strlen(text);
	cs = &schema_children[b->child.type];
	if ((rc = batch_text_check(b, text, len, &stable)) != 0)
		return fail(b, rc, iedu_child_name(b->child.type));
	tl = len;
	t = text_trim(text, &tl);
	if (cs->text == TEXT_NONE) {
		if (tl == 0)
			return IEDU_OK;
		return fail(b,
			    iedu__error(IEDU_EUNKNOWN,
					"<%s> takes no text content; expected "
					"only attributes",
					iedu_child_name(b->child.type)),
			    iedu_child_name(b->child.type));
	}
	if (b->child_set & (1u << CHILD_TEXT))
		return fail(b,
			    iedu__error(IEDU_EDUPLICATE,
					"the text is given twice; expected "
					"it once"),
			    iedu_child_name(b->child.type));
	if (tl == 0) {
		if (cs->text == TEXT_OPTIONAL)
			return IEDU_OK;
		return fail(b,
			    iedu__error(IEDU_EVALUE,
					"the text is empty; expected the "
					"%s as text",
					iedu_child_name(b->child.type)),
			    iedu_child_name(b->child.type));
	}
	if ((!stable && (rc = text_nfc(&t, &tl, t, tl, &b->scratch)) != 0) ||
	    (rc = batch_intern_text(b, t, tl, &off)) != 0)
		return fail(b, rc, iedu_child_name(b->child.type));
	b->child.v[CHILD_TEXT] = off;
	b->child_set |= 1u << CHILD_TEXT;
	return IEDU_OK;
}

static const char *str(const iedu_batch *b, uint32_t off)
{
	return strtab_get(&b->db->strings, off);
}

/* Checks an identifier's value against its scheme. */
static int check_identifier(iedu_batch *b)
{
	const char *scheme = str(b, b->child.v[0]);
	const char *val = str(b, b->child.v[CHILD_TEXT]);
	size_t len = strlen(val), i;

	if (strcmp(scheme, "uscc") == 0) {
		int rc = iedu_uscc_check_form(val, len);
		if (rc)
			return fail(b, rc, "identifier");
	} else if (strcmp(scheme, "moe-school") == 0) {
		for (i = 0; i < len && val[i] >= '0' && val[i] <= '9'; i++)
			;
		if (len != 10 || i != len)
			return fail(b,
				    iedu__error(IEDU_EVALUE,
						"'%.40s' is not a moe-school "
						"code; expected 10 digits",
						val),
				    "identifier");
	}
	return 0;
}

static int end_child(iedu_batch *b)
{
	const child_spec *cs = &schema_children[b->child.type];
	const char *cname = iedu_child_name(b->child.type);
	iedu_db *db = b->db;
	char field[64];
	size_t k;
	int i, rc;

	for (i = 0; i < cs->nattrs; i++)
		if ((cs->attrs[i].flags & A_REQUIRED) &&
		    !(b->child_set & (1u << i))) {
			snprintf(field, sizeof field, "%s/@%s", cname,
				 iedu_attr_name(cs->attrs[i].attr));
			return fail(
			    b,
			    iedu__error(IEDU_EMISSING,
					"the attribute is missing; "
					"<%s> requires %s",
					cname,
					iedu_attr_name(cs->attrs[i].attr)),
			    field);
		}
	if (cs->text == TEXT_REQUIRED && !(b->child_set & (1u << CHILD_TEXT)))
		return fail(b,
			    iedu__error(IEDU_EMISSING,
					"<%s> has no text; expected the %s "
					"as text",
					cname, cname),
			    cname);
	switch (b->child.type) {
	case IEDU_CHILD_LOCATION:
	case IEDU_CHILD_PLACE: {
		int lang_i = schema_child_attr(b->child.type, IEDU_ATTR_LANG);
		int div_i =
		    schema_child_attr(b->child.type, IEDU_ATTR_DIVISION);
		int has_text = (b->child_set >> CHILD_TEXT) & 1;
		if (has_text && !(b->child_set & (1u << lang_i))) {
			snprintf(field, sizeof field, "%s/@xml:lang", cname);
			return fail(b,
				    iedu__error(IEDU_EMISSING,
						"the attribute is missing; "
						"<%s> with text requires "
						"xml:lang",
						cname),
				    field);
		}
		if (!has_text && !(b->child_set & (1u << div_i)))
			return fail(b,
				    iedu__error(IEDU_EMISSING,
						"<%s> is empty; expected a "
						"division code, the place "
						"in words, or both",
						cname),
				    cname);
		break;
	}
	case IEDU_CHILD_PARTICIPANT: {
		int both = (b->child_set & 3u) == 3u,
		    none = !(b->child_set & 3u);
		if (both || none)
			return fail(
			    b,
			    iedu__error(both ? IEDU_ECONSTRAINT : IEDU_EMISSING,
					"<participant> has %s; "
					"expected exactly one of "
					"person and org",
					both ? "both person and org"
					     : "neither person nor "
					       "org"),
			    "participant");
		break;
	}
	case IEDU_CHILD_IDENTIFIER:
		if ((rc = check_identifier(b)) != 0)
			return rc;
		break;
	default:
		break;
	}
	/* one per language; unique part keys */
	for (k = b->rec_first_child; k < db->nchildren; k++) {
		const child_rec *o = &db->children[k];
		if (o->type != b->child.type)
			continue;
		if (cs->one_per_lang && o->v[0] == b->child.v[0])
			return fail(b,
				    iedu__error(IEDU_EDUPLICATE,
						"a <%s> in '%s' is already "
						"given ('%.80s'); expected at "
						"most one %s per language",
						cname, str(b, o->v[0]),
						str(b, o->v[CHILD_TEXT]),
						cname),
				    cname);
		if (b->child.type == IEDU_CHILD_PART &&
		    o->v[0] == b->child.v[0])
			return fail(b,
				    iedu__error(IEDU_EDUPLICATE,
						"a <part> with key '%s' is "
						"already given; expected each "
						"key once",
						str(b, o->v[0])),
				    "part/@key");
	}
	if ((rc = iedu__grow((void **)&db->children, &db->children_cap,
			     db->nchildren + 1, sizeof *db->children,
			     "adding a child element")) != 0)
		return rc;
	iedu__ahead(db->children, db->children_cap * sizeof *db->children,
		    (db->nchildren + 1) * sizeof *db->children,
		    &db->children_ahead);
	db->children[db->nchildren++] = b->child;
	b->child_open = 0;
	return IEDU_OK;
}

/* The value texts of the open record's parts, in *out (caller frees). */
static int part_values(const iedu_batch *b, const char ***out, size_t *n)
{
	const iedu_db *db = b->db;
	const char **v;
	size_t k;

	*n = 0;
	for (k = b->rec_first_child; k < db->nchildren; k++)
		*n += db->children[k].type == IEDU_CHILD_PART;
	v = iedu__malloc((*n ? *n : 1) * sizeof *v);
	if (!v)
		return iedu__error_nomem("checking a statistic");
	*n = 0;
	for (k = b->rec_first_child; k < db->nchildren; k++)
		if (db->children[k].type == IEDU_CHILD_PART)
			v[(*n)++] = str(b, db->children[k].v[1]);
	*out = v;
	return 0;
}

static int check_statistic(iedu_batch *b)
{
	char sumtext[64];
	iedu_db *db = b->db;
	int subj = schema_kind_attr(IEDU_KIND_STATISTIC, IEDU_ATTR_SUBJECT);
	int scope = schema_kind_attr(IEDU_KIND_STATISTIC, IEDU_ATTR_SCOPE);
	int value = schema_kind_attr(IEDU_KIND_STATISTIC, IEDU_ATTR_VALUE);
	int unit = schema_kind_attr(IEDU_KIND_STATISTIC, IEDU_ATTR_UNIT);
	int qual = schema_kind_attr(IEDU_KIND_STATISTIC, IEDU_ATTR_QUALIFIER);
	const char *total = str(b, b->attrs[value]);
	const char **parts = NULL;
	size_t k, nparts;
	int percent, cmp, rc;

	if (!(b->attr_set & ((1u << subj) | (1u << scope))))
		return fail(b,
			    iedu__error(IEDU_EMISSING,
					"neither subject nor scope is given; "
					"expected a subject (the id of the "
					"record counted), a scope (CN or a "
					"division code), or both"),
			    "subject");
	percent = (b->attr_set & (1u << unit)) &&
		  strcmp(str(b, b->attrs[unit]), "percent") == 0;
	if (percent && (decimal_compare(total, "0") < 0 ||
			decimal_compare(total, "100") > 0))
		return fail(b,
			    iedu__error(IEDU_ECONSTRAINT,
					"%s percent is out of range; expected "
					"a value from 0 to 100",
					total),
			    "value");
	if ((rc = part_values(b, &parts, &nparts)) != 0)
		return rc;
	for (k = 0; percent && k < nparts; k++)
		if (decimal_compare(parts[k], "0") < 0 ||
		    decimal_compare(parts[k], "100") > 0) {
			size_t i, seen = 0;
			const char *key = "";
			/* the key of the k-th part, for the message */
			for (i = b->rec_first_child; i < db->nchildren; i++)
				if (db->children[i].type == IEDU_CHILD_PART &&
				    seen++ == k)
					key = str(b, db->children[i].v[0]);
			rc = iedu__error(IEDU_ECONSTRAINT,
					 "part '%s' is %s percent, out of "
					 "range; expected a value from 0 to "
					 "100",
					 key, parts[k]);
			iedu__free(parts);
			return fail(b, rc, "part/@value");
		}
	/*
	 * Parts of a percentage are shares of the whole, not of the stated
	 * figure, so only counts are checked against their total. A
	 * qualifier other than exact is stored as nonzero.
	 */
	cmp = 0;
	if (nparts && !b->attrs[qual] && !percent)
		decimal_sum_compare(&cmp, sumtext, sizeof sumtext, total, parts,
				    nparts);
	iedu__free(parts);
	if (cmp > 0)
		return fail(b,
			    iedu__error(IEDU_ECONSTRAINT,
					"the parts sum to %s, more than the "
					"exact total %s; expected parts that "
					"sum to at most the total",
					sumtext, total),
			    "part");
	return 0;
}

static int count_children(const iedu_batch *b, iedu_child type)
{
	size_t k;
	int n = 0;

	for (k = b->rec_first_child; k < b->db->nchildren; k++)
		n += b->db->children[k].type == type;
	return n;
}

/* Canonical order of a record's children: schema order, texts by language. */
static int child_before(const iedu_batch *b, const child_rec *x,
			const child_rec *y)
{
	int px = schema_kind_child(b->kind, x->type);
	int py = schema_kind_child(b->kind, y->type);
	int lx, ly;

	if (px != py)
		return px < py;
	lx = schema_child_attr(x->type, IEDU_ATTR_LANG);
	ly = schema_child_attr(y->type, IEDU_ATTR_LANG);
	if (lx >= 0 && ly >= 0 && schema_children[x->type].text != TEXT_NONE)
		return strcmp(str(b, x->v[lx]), str(b, y->v[ly])) < 0;
	return 0;
}

static void sort_children(iedu_batch *b)
{
	size_t n = b->db->nchildren - b->rec_first_child, i, j;
	child_rec *c;

	if (n < 2) /* nothing to sort; children is still NULL in a new db */
		return;
	c = b->db->children + b->rec_first_child;
	/* insertion sort: stable, and linear on input already in order */
	for (i = 1; i < n; i++) {
		child_rec t = c[i];
		for (j = i; j > 0 && child_before(b, &t, &c[j - 1]); j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
}

static int end_record(iedu_batch *b)
{
	const kind_spec *ks = &schema_kinds[b->kind];
	iedu_db *db = b->db;
	kind_store *st = &db->kinds[b->kind];
	iedu_handle h;
	uint32_t *rec;
	int i, rc;

	for (i = 0; i < ks->nattrs; i++)
		if ((ks->attrs[i].flags & A_REQUIRED) &&
		    !(b->attr_set & (1u << i)))
			return fail(
			    b,
			    iedu__error(IEDU_EMISSING,
					"the attribute is missing; "
					"<%s> requires %s",
					iedu_kind_name(b->kind),
					iedu_attr_name(ks->attrs[i].attr)),
			    iedu_attr_name(ks->attrs[i].attr));
	if (ks->min_names && count_children(b, ks->name_child) < ks->min_names)
		return fail(b,
			    iedu__error(IEDU_EMISSING,
					"no <%s> is given; expected at least "
					"one, in any language",
					iedu_child_name(ks->name_child)),
			    iedu_child_name(ks->name_child));
	switch (b->kind) {
	case IEDU_KIND_STATISTIC:
		if ((rc = check_statistic(b)) != 0)
			return rc;
		break;
	case IEDU_KIND_AGREEMENT: {
		int n = count_children(b, IEDU_CHILD_PARTY);
		if (n < 2)
			return fail(b,
				    iedu__error(IEDU_EMISSING,
						"%d <party> given; expected "
						"at least two",
						n),
				    "party");
		break;
	}
	case IEDU_KIND_MEMBERSHIP:
	case IEDU_KIND_RELATION: {
		/* member and body, or from and to, are attributes 1 and 2 */
		int x = 1;
		int type = schema_kind_attr(IEDU_KIND_RELATION, IEDU_ATTR_TYPE);
		/* part of itself: the shortest part-of cycle ("part-of" is 1)
		 */
		if (b->attrs[x] == b->attrs[x + 1] &&
		    b->kind == IEDU_KIND_RELATION && b->attrs[type] == 1)
			return fail(
			    b,
			    iedu__error(IEDU_ECYCLE,
					"part-of relations form a cycle: "
					"%s -> %s; expected a hierarchy in "
					"which no organization is part of "
					"itself",
					str(b, b->attrs[x]),
					str(b, b->attrs[x])),
			    "to");
		if (b->attrs[x] == b->attrs[x + 1])
			return fail(
			    b,
			    iedu__error(IEDU_ECONSTRAINT,
					"%s and %s are both '%s'; expected "
					"two different organizations",
					iedu_attr_name(ks->attrs[x].attr),
					iedu_attr_name(ks->attrs[x + 1].attr),
					str(b, b->attrs[x])),
			    iedu_attr_name(ks->attrs[x + 1].attr));
		break;
	}
	default:
		break;
	}
	h = make_handle(b->kind, st->count + b->staged[b->kind]);
	if (b->attr_set & 1u) {
		uint32_t tag = strtab_tag_get(&db->strings, b->attrs[0]);
		if (tag) {
			char what[300];
			model_describe(what, sizeof what, db, tag);
			return fail(
			    b,
			    iedu__error(
				IEDU_EDUPLICATE,
				"the id is already used by %s %s; "
				"expected an id no other record has",
				what,
				handle_index(tag) <
					db->kinds[handle_kind(tag)].count
				    ? "in the database"
				: b->located ? "earlier in this document"
					     : "earlier in this batch"),
			    "id");
		}
	}
	if ((rc = iedu__grow((void **)&st->slots, &st->cap,
			     ((size_t)handle_index(h) + 1) * st->stride,
			     sizeof *st->slots, "adding a record")) != 0)
		return rc;
	iedu__ahead(st->slots, st->cap * sizeof *st->slots,
		    ((size_t)handle_index(h) + 1) * st->stride *
			sizeof *st->slots,
		    &st->ahead);
	if (b->located &&
	    (rc = iedu__grow((void **)&b->locs, &b->locs_cap, b->nlocs + 1,
			     sizeof *b->locs, "adding a record")) != 0)
		return rc;
	if (b->located)
		iedu__ahead(b->locs, b->locs_cap * sizeof *b->locs,
			    (b->nlocs + 1) * sizeof *b->locs, &b->locs_ahead);
	sort_children(b);
	rec = st->slots + (size_t)handle_index(h) * st->stride;
	rec[REC_FIRST_CHILD] = (uint32_t)b->rec_first_child;
	rec[REC_NCHILDREN] = (uint32_t)(db->nchildren - b->rec_first_child);
	memcpy(rec + REC_ATTR0, b->attrs, ks->nattrs * sizeof *rec);
	if (b->attr_set & 1u)
		strtab_tag_set(&db->strings, b->attrs[0], h);
	if (b->located) {
		b->locs[b->nlocs].rec = h;
		b->locs[b->nlocs].line = b->rec_line;
		b->locs[b->nlocs].column = b->rec_column;
		b->nlocs++;
	}
	b->staged[b->kind]++;
	b->nrecords++;
	b->rec_open = 0;
	return IEDU_OK;
}

int iedu_batch_end(iedu_batch *b)
{
	int rc;

	if ((rc = check_usable(b, "iedu_batch_end")) != 0)
		return rc;
	if (b->child_open) {
		b->ending = ENDING_CHILD;
		rc = end_child(b);
	} else if (b->rec_open) {
		b->ending = ENDING_RECORD;
		rc = end_record(b);
	} else {
		return iedu__error(
		    IEDU_ESTATE, "iedu_batch_end: no record or child is open");
	}
	b->ending = ENDING_NONE;
	return rc;
}

int iedu_batch_discard(iedu_batch *b)
{
	iedu_db *db;
	int rc;

	if ((rc = check_usable(b, "iedu_batch_discard")) != 0)
		return rc;
	db = b->db;
	/*
	 * Strings and lists added since the element opened belong to it
	 * alone (ids are only claimed when a record ends), so they go too.
	 */
	if (b->child_open) {
		strtab_rollback(&db->strings, b->child_str_mark);
		db->nlists = b->child_list_mark;
		b->child_open = 0;
		return IEDU_OK;
	}
	if (b->rec_open) {
		strtab_rollback(&db->strings, b->rec_str_mark);
		db->nlists = b->rec_list_mark;
		db->nchildren = b->rec_first_child;
		b->rec_open = 0;
		return IEDU_OK;
	}
	return iedu__error(IEDU_ESTATE,
			   "iedu_batch_discard: no record or child is open");
}

uint32_t iedu_batch_count(const iedu_batch *b)
{
	return b ? b->nrecords : 0;
}

int iedu_batch_commit(iedu_batch *b)
{
	int rc;

	if ((rc = check_usable(b, "iedu_batch_commit")) != 0)
		return rc;
	if (b->rec_open)
		return fail(b,
			    iedu__error(IEDU_ESTATE,
					"iedu_batch_commit: %s is still open; "
					"end it before committing",
					b->child_open ? "a child element"
						      : "the record"),
			    NULL);
	rc = batch_commit(b);
	if (rc)
		batch_rollback(b);
	b->spent = 1;
	b->db->batch = NULL;
	return rc;
}

void iedu_batch_free(iedu_batch *b)
{
	if (!b)
		return;
	if (!b->spent) {
		batch_rollback(b);
		b->db->batch = NULL;
	}
	textbuf_free(&b->scratch);
	iedu__free(b->locs);
	iedu__free(b);
}
