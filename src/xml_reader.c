/*
 * The iedu XML v1 reader: libxml2's SAX2 push parser feeding the record
 * builder. Streaming (no tree), chunked from memory, a descriptor or a
 * FILE *, with hostile input in mind:
 *  - a <!DOCTYPE> stops the parser at once, so no DTD is read and no
 *    entity can be declared; only the five predefined entities and
 *    character references exist, and libxml2 substitutes nothing else;
 *  - XML_PARSE_NONET and no DTD loading: no file or network access;
 *  - libxml2 2.9.14 does not enforce its own depth and size limits with
 *    custom SAX2 handlers, so this reader enforces its own (xml.h);
 *  - errors go to a structured handler on the parser, never to stderr.
 * libxml2 2.9.14 with entity substitution off hands an attribute written
 * a&amp;b (or a&#38;b) to the callback as "a&#38;b"; every other reference
 * arrives decoded. attr_value() decodes that one form exactly once.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#if defined(__x86_64__)
#include <emmintrin.h> /* _mm_stream_si64, _mm_sfence */
#endif
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "iedu/errors.h"
#include "iedu/xml.h"
#include "alloc.h"
#include "batch.h"
#include "blockq.h"
#include "error.h"
#include "model.h"
#include "thread.h"
#include "xml_reader.h"

#define IEDU_NS	  "urn:iedu:1"
#define XML_NS	  "http://www.w3.org/XML/1998/namespace"
#define MAX_DEPTH 64
#define MAX_TEXT  ((size_t)1 << 20)
#define MAX_ATTRS 64
/* bytes the parsing thread copies of a value over MAX_TEXT */
#define EV_KEEP 64
#define CHUNK	  65536

enum { S_PROLOG, S_ROOT, S_RECORD, S_CHILD, S_DONE };

/*
 * What a name means, remembered by its pointer: libxml2 hands element and
 * attribute names and namespace URIs to the callbacks as strings of the
 * parser's dictionary, which live (unchanged, one pointer per distinct
 * string) as long as the parser; its own SAX2 tree builder keeps them
 * without copying for that reason. A document uses a few dozen names
 * millions of times, so a pointer compare or few replaces the name
 * lookups.
 */
#define MEMO_BITS  7
#define MEMO_PROBE 4 /* slots looked at before the first is replaced */

typedef struct name_memo {
	const xmlChar *local, *uri; /* local NULL: empty */
	int a, b;
} name_memo;

typedef struct reader {
	iedu_db *db;
	iedu_batch *b;
	xmlParserCtxtPtr ctxt;
	const char *name;
	int rc;
	int state;
	int depth, skip_depth;
	iedu_kind kind;
	iedu_child child;
	const xmlChar *iedu_uri; /* the dictionary's urn:iedu:1, once seen */
	name_memo elements[1 << MEMO_BITS];   /* kind, child */
	name_memo attributes[1 << MEMO_BITS]; /* attr_of() */
	textbuf text;
	textbuf value;
	/*
	 * With events (every import whose event memory could be had): the
	 * parsing thread, or the recording state of a one-thread import
	 * (pt->inl), and while events are replayed here (replay), the
	 * position and declared encoding that the event carries in place of
	 * the parser's.
	 */
	struct parse_thread *pt;
	int replay;
	uint32_t ev_line, ev_column;
	const char *ev_encoding;
	/*
	 * What the parsing thread found of the last text event replayed
	 * (clean: text_quick_stable; hash: of it trimmed, 0 for none); it
	 * holds for the open child's text when that came in that one piece
	 * (text_hinted).
	 */
	int ev_clean;
	uint32_t ev_hash;
	int text_hinted;
	/* the thread's libxml2 error handlers, restored after the import */
	xmlGenericErrorFunc old_generic;
	void *old_generic_ctx;
	xmlStructuredErrorFunc old_structured;
	void *old_structured_ctx;
} reader;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

static uint32_t ctxt_line(xmlParserCtxtPtr ctxt)
{
	int l = ctxt ? xmlSAX2GetLineNumber(ctxt) : 0;
	return l > 0 ? (uint32_t)l : 0;
}

static uint32_t ctxt_column(xmlParserCtxtPtr ctxt)
{
	int c = ctxt ? xmlSAX2GetColumnNumber(ctxt) : 0;
	return c > 0 ? (uint32_t)c : 0;
}

static uint32_t cur_line(const reader *r)
{
	return r->replay ? r->ev_line : ctxt_line(r->ctxt);
}

static uint32_t cur_column(const reader *r)
{
	return r->replay ? r->ev_column : ctxt_column(r->ctxt);
}

static void thread_stop(reader *r);

/* Records the first error and stops the parser. */
static void stop(reader *r, int rc)
{
	if (r->rc)
		return;
	r->rc = rc;
	if (r->replay)
		thread_stop(r);
	else if (r->ctxt)
		xmlStopParser(r->ctxt);
}

/* An error found by the reader itself, at the parser's position. */
static void fail_here(reader *r, int rc)
{
	if (r->rc)
		return;
	iedu__error_locate(r->name, cur_line(r), cur_column(r));
	stop(r, rc);
}

/* The id of the open record, or NULL. */
static const char *open_id(const reader *r)
{
	return r->b && (r->b->attr_set & 1u)
		   ? strtab_get(&r->db->strings, r->b->attrs[0])
		   : NULL;
}

/*
 * Prefixes the current error with the open record and child, if any, as
 * the builder does, so that every error inside a record names it.
 */
static void in_record_context(const reader *r)
{
	if (r->state == S_RECORD)
		iedu__error_context(r->kind, open_id(r), NULL);
	else if (r->state == S_CHILD)
		iedu__error_context(r->kind, open_id(r),
				    iedu_child_name(r->child));
}

/*
 * An error about the open record (kind, id and field prefixed to the
 * message as the builder does), at the parser's position.
 */
static void record_error(reader *r, int rc, const char *field, const char *fmt,
			 ...) IEDU_PRINTF(4, 5);

static void record_error(reader *r, int rc, const char *field, const char *fmt,
			 ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	iedu__error(rc, "%s", msg);
	iedu__error_context(r->kind, open_id(r), field);
	fail_here(r, rc);
}

static void locate(reader *r)
{
	iedu__batch_locate(r->b, r->name, cur_line(r), cur_column(r));
}

static int buf_append(textbuf *t, const char *p, size_t n)
{
	if (iedu__grow((void **)&t->p, &t->cap, t->len + n + 1, 1,
		       "reading XML text") != 0)
		return IEDU_ENOMEM;
	memcpy(t->p + t->len, p, n);
	t->len += n;
	return 0;
}

/*
 * The attribute's value, len bytes at at[3], with libxml2's "&#38;"
 * decoded (in r->value). A value over the limit is refused by its length
 * alone: the parsing thread copies only its first bytes.
 */
static int attr_value(reader *r, const xmlChar **at, size_t len, const char **v,
		      size_t *n)
{
	const char *s, *e, *amp;

	*v = NULL;
	*n = len;
	if (len > MAX_TEXT)
		return iedu__error(IEDU_ELIMIT,
				   "the value of attribute '%s' is %zu bytes "
				   "long; the limit is 1 MiB",
				   (const char *)at[0], *n);
	s = (const char *)at[3];
	e = s + len;
	*v = s;
	amp = memchr(s, '&', len);
	if (!amp)
		return 0;
	r->value.len = 0;
	while (amp) {
		if (buf_append(&r->value, s, (size_t)(amp - s)) != 0)
			return iedu__error_nomem("reading an attribute");
		if (e - amp >= 5 && memcmp(amp, "&#38;", 5) == 0) {
			if (buf_append(&r->value, "&", 1) != 0)
				return iedu__error_nomem(
				    "reading an attribute");
			s = amp + 5;
		} else {
			if (buf_append(&r->value, "&", 1) != 0)
				return iedu__error_nomem(
				    "reading an attribute");
			s = amp + 1;
		}
		amp = memchr(s, '&', (size_t)(e - s));
	}
	if (buf_append(&r->value, s, (size_t)(e - s)) != 0)
		return iedu__error_nomem("reading an attribute");
	*v = r->value.p;
	*n = r->value.len;
	return 0;
}

/*
 * iedu_attr of an attribute, 0 for one to ignore, -1 for an unknown one,
 * -2 for a prefixed one in the iedu namespace (i:type): not another
 * namespace, so not the extension point, and not the unprefixed name
 * either.
 */
static int attr_of(const xmlChar **at)
{
	const char *local = (const char *)at[0], *uri = (const char *)at[2];
	iedu_attr a;

	if (uri) {
		if (strcmp(uri, XML_NS) == 0 && strcmp(local, "lang") == 0)
			return IEDU_ATTR_LANG;
		if (strcmp(uri, IEDU_NS) == 0)
			return -2;
		return 0; /* another namespace: the extension point */
	}
	a = iedu_attr_from_name(local);
	return a == IEDU_ATTR_NONE || a == IEDU_ATTR_LANG ? -1 : (int)a;
}

/*
 * The memo entry of (local, uri): found among the MEMO_PROBE slots from
 * its hash on, else the first empty one of them, else the first (which
 * it then replaces). A table of one slot per hash lost one attribute
 * lookup in seven to two names used in turn that shared a slot.
 */
static name_memo *memo_of(name_memo *memo, const xmlChar *local,
			  const xmlChar *uri, int *hit)
{
	uint64_t k =
	    (uint64_t)(uintptr_t)local ^ ((uint64_t)(uintptr_t)uri << 17);
	size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - MEMO_BITS)),
	       i;

	for (i = 0; i < MEMO_PROBE; i++) {
		name_memo *m = &memo[(h + i) & ((1u << MEMO_BITS) - 1)];
		if (m->local == local && m->uri == uri) {
			*hit = 1;
			return m;
		}
		if (!m->local) {
			*hit = 0;
			return m;
		}
	}
	*hit = 0;
	return &memo[h];
}

/* attr_of(), remembered for the attribute's name and namespace. */
static int attr_of_memo(reader *r, const xmlChar **at)
{
	int hit;
	name_memo *m = memo_of(r->attributes, at[0], at[2], &hit);

	if (!hit) {
		m->local = at[0];
		m->uri = at[2];
		m->a = attr_of(at);
	}
	return m->a;
}

/* The element's record kind and child element, remembered by name. */
static const name_memo *element_of(reader *r, const xmlChar *local)
{
	int hit;
	name_memo *m = memo_of(r->elements, local, NULL, &hit);

	if (!hit) {
		m->local = local;
		m->a = iedu_kind_from_name((const char *)local);
		m->b = iedu_child_from_name((const char *)local);
	}
	return m;
}

/* 1 when uri is urn:iedu:1; uri not NULL. */
static int is_iedu_ns(reader *r, const xmlChar *uri)
{
	if (uri == r->iedu_uri)
		return 1;
	if (strcmp((const char *)uri, IEDU_NS) != 0)
		return 0;
	r->iedu_uri = uri;
	return 1;
}

/* Appends ", name" (or the first name) to a list of names. */
static void list_add(char *list, size_t size, size_t *o, const char *name)
{
	int k;

	if (*o >= size)
		return;
	k = snprintf(list + *o, size - *o, "%s%s", *o ? ", " : "", name);
	*o += k > 0 ? (size_t)k : 0;
}

/*
 * An attribute the element does not take; qname is how the document
 * wrote it ("website", "i:type"); prefixed: it is in the iedu namespace.
 */
static void unknown_attr(reader *r, const char *qname, const char *element,
			 int on_child, int prefixed)
{
	char list[256];
	const attr_spec *specs;
	size_t o = 0;
	int n, i;

	if (on_child) {
		specs = schema_children[r->child].attrs;
		n = schema_children[r->child].nattrs;
	} else {
		specs = schema_kinds[r->kind].attrs;
		n = schema_kinds[r->kind].nattrs;
	}
	list[0] = '\0';
	for (i = 0; i < n; i++)
		list_add(list, sizeof list, &o, iedu_attr_name(specs[i].attr));
	if (prefixed)
		record_error(r, IEDU_EUNKNOWN, qname,
			     "attribute '%s' on <%s> is in the iedu namespace; "
			     "expected it without a prefix, one of %s",
			     qname, element, list);
	else
		record_error(r, IEDU_EUNKNOWN, qname,
			     "unknown attribute '%s' on <%s>; expected one of "
			     "%s",
			     qname, element, list);
}

/* An element in the iedu namespace that the open record does not have. */
static void unknown_child(reader *r, const char *local)
{
	const kind_spec *k = &schema_kinds[r->kind];
	char list[256];
	size_t o = 0;
	int i;

	list[0] = '\0';
	for (i = 0; i < k->nchildren; i++)
		list_add(list, sizeof list, &o,
			 iedu_child_name(k->children[i]));
	record_error(
	    r, IEDU_EUNKNOWN, local,
	    "<%s> is not an element of iedu XML v1; expected one of %s", local,
	    list);
}

static void unknown_attr_at(reader *r, const xmlChar **x, const char *element,
			    int on_child, int a)
{
	char qname[256];

	if (a == -2) {
		snprintf(qname, sizeof qname, "%s:%s", (const char *)x[1],
			 (const char *)x[0]);
		unknown_attr(r, qname, element, on_child, 1);
	} else {
		unknown_attr(r, (const char *)x[0], element, on_child, 0);
	}
}

/* The length of attribute i's value: lens[i], or from libxml2's pointers. */
static size_t value_len(const xmlChar **at, const uint32_t *lens, int i)
{
	return lens ? lens[i] : (size_t)(at[5 * i + 4] - at[5 * i + 3]);
}

/*
 * What the parsing thread found of an attribute's value, replayed:
 * text_quick_stable vouched for it (clean), and its strtab_hash (0: none).
 */
typedef struct value_hint {
	uint32_t hash;
	int clean;
} value_hint;

/*
 * Sets the element's attributes through the builder, the id first; with
 * the parsing thread's hints for values passed as they were recorded.
 * The caller has located the builder at the element (every attribute is
 * at its start tag) and opened its record or child, and each attribute's
 * name is looked up once.
 */
static void set_attrs(reader *r, int nattrs, const xmlChar **at,
		      const uint32_t *lens, const value_hint *hints,
		      const char *element, int on_child)
{
	int codes[MAX_ATTRS];
	int pass, i, a, rc, has_id = 0;

	for (i = 0; i < nattrs; i++) {
		codes[i] = attr_of_memo(r, at + 5 * i);
		has_id |= codes[i] == IEDU_ATTR_ID;
	}
	for (pass = !has_id; pass < 2 && !r->rc; pass++)
		for (i = 0; i < nattrs && !r->rc; i++) {
			const xmlChar **x = at + 5 * i;
			const char *v;
			size_t n;
			a = codes[i];
			if (a == 0 || (pass == 0) != (a == IEDU_ATTR_ID))
				continue;
			if (a < 0) {
				unknown_attr_at(r, x, element, on_child, a);
				continue;
			}
			if ((rc = attr_value(r, x, value_len(at, lens, i), &v,
					     &n)) != 0) {
				iedu__error_context(r->kind, open_id(r),
						    (const char *)x[0]);
				fail_here(r, rc);
				return;
			}
			if (hints && v == (const char *)x[3])
				iedu__batch_hint(r->b, hints[i].clean ? v : NULL,
						 n, hints[i].hash ? v : NULL, n,
						 hints[i].hash);
			rc = iedu__batch_set(r->b, (iedu_attr)a, v, n);
			if (hints)
				iedu__batch_hint(r->b, NULL, 0, NULL, 0, 0);
			if (rc != 0)
				stop(r, rc);
		}
}

static void start_root(reader *r, const char *local, const char *uri,
		       int nattrs, const xmlChar **at, const uint32_t *lens)
{
	const char *version = NULL;
	size_t vlen = 0;
	int i;

	if (!uri || strcmp(uri, IEDU_NS) != 0 || strcmp(local, "iedu") != 0) {
		iedu__error(IEDU_EPARSE,
			    "the root element is <%s> in %s%s%s; expected "
			    "<iedu xmlns=\"urn:iedu:1\" version=\"1\">",
			    local, uri ? "namespace '" : "no namespace",
			    uri ? uri : "", uri ? "'" : "");
		fail_here(r, IEDU_EPARSE);
		return;
	}
	for (i = 0; i < nattrs; i++) {
		const xmlChar **x = at + 5 * i;
		const char *xuri = (const char *)x[2];
		if (xuri && strcmp(xuri, IEDU_NS) != 0 &&
		    !(strcmp(xuri, XML_NS) == 0 &&
		      strcmp((const char *)x[0], "lang") == 0))
			continue; /* another namespace: the extension point */
		if (xuri || strcmp((const char *)x[0], "version") != 0) {
			iedu__error(IEDU_EUNKNOWN,
				    "unknown attribute '%s%s%s' on <iedu>; "
				    "expected only version",
				    x[1] ? (const char *)x[1] : "",
				    x[1] ? ":" : "", (const char *)x[0]);
			fail_here(r, IEDU_EUNKNOWN);
			return;
		}
		version = (const char *)x[3];
		vlen = value_len(at, lens, i);
	}
	if (!version) {
		iedu__error(IEDU_EMISSING,
			    "<iedu> has no version attribute; expected "
			    "version=\"1\"");
		fail_here(r, IEDU_EMISSING);
		return;
	}
	/*
	 * major version 1: "1" or "1.<digits>", at most 64 characters (the
	 * parsing thread keeps only the first 64 bytes of a longer value)
	 */
	if (!(vlen >= 1 && vlen <= EV_KEEP && version[0] == '1' &&
	      (vlen == 1 || (vlen > 2 && version[1] == '.' &&
			     strspn(version + 2, "0123456789") == vlen - 2)))) {
		iedu__error(IEDU_EVERSION,
			    "document version '%.*s' is not supported; this "
			    "library reads iedu XML version 1",
			    (int)(vlen > 40 ? 40 : vlen), version);
		fail_here(r, IEDU_EVERSION);
		return;
	}
	r->state = S_ROOT;
}

/*
 * Most attribute values are interned as they stand, and each lookup in the
 * string table is a cache miss or two at scale (the slot, then the string
 * it names): asking for all of an element's at once overlaps them.
 */
static void prefetch_values(const reader *r, int n, const xmlChar **at,
			    const uint32_t *lens)
{
	uint32_t h[MAX_ATTRS];
	int i;

	for (i = 0; i < n; i++) {
		size_t len = value_len(at, lens, i);
		h[i] = len <= MAX_TEXT
			   ? iedu__batch_prefetch_value(
				 r->b, (const char *)at[5 * i + 3], len)
			   : 0;
	}
	for (i = 0; i < n; i++)
		iedu__batch_prefetch_candidate(r->b, h[i]);
}

/*
 * A start tag: its name, namespace and attributes as libxml2 gives them
 * (5 pointers each); lens: the values' lengths when they are not given by
 * the pointers (events replayed from the parsing thread).
 */
static void start_element(reader *r, const xmlChar *localname,
			  const xmlChar *URI, int nb_attributes,
			  const xmlChar **attributes, const uint32_t *lens,
			  const value_hint *hints)
{
	const char *local = (const char *)localname, *uri = (const char *)URI;
	int rc;

	if (r->rc)
		return;
	if (++r->depth > MAX_DEPTH) {
		iedu__error(IEDU_ELIMIT,
			    "<%s> is nested %d elements deep; the limit is %d",
			    local, r->depth, MAX_DEPTH);
		in_record_context(r);
		fail_here(r, IEDU_ELIMIT);
		return;
	}
	if (nb_attributes > MAX_ATTRS) {
		iedu__error(IEDU_ELIMIT,
			    "<%s> has %d attributes; the limit is %d", local,
			    nb_attributes, MAX_ATTRS);
		in_record_context(r);
		fail_here(r, IEDU_ELIMIT);
		return;
	}
	if (r->skip_depth)
		return;
	if (!r->replay) /* replayed events were prefetched (replay_block) */
		prefetch_values(r, nb_attributes, attributes, lens);
	if (r->state == S_PROLOG) {
		start_root(r, local, uri, nb_attributes, attributes, lens);
		return;
	}
	if (uri && !is_iedu_ns(r, URI)) {
		r->skip_depth = r->depth; /* the extension point: ignored */
		return;
	}
	if (!uri) {
		iedu__error(IEDU_EUNKNOWN,
			    "element <%s> is in no namespace; expected an "
			    "element of urn:iedu:1 (or of another namespace, "
			    "which is ignored)",
			    local);
		fail_here(r, IEDU_EUNKNOWN);
		return;
	}
	switch (r->state) {
	case S_ROOT:
		r->kind = (iedu_kind)element_of(r, localname)->a;
		if (!r->kind) {
			iedu__error(IEDU_EUNKNOWN,
				    "unknown element <%s>; expected a record: "
				    "source, organization, person, membership, "
				    "post, relation, designation, event, "
				    "agreement or statistic",
				    local);
			fail_here(r, IEDU_EUNKNOWN);
			return;
		}
		locate(r);
		if ((rc = iedu_batch_record(r->b, r->kind)) != 0) {
			stop(r, rc);
			return;
		}
		r->state = S_RECORD;
		set_attrs(r, nb_attributes, attributes, lens, hints, local, 0);
		return;
	case S_RECORD:
		r->child = (iedu_child)element_of(r, localname)->b;
		locate(r);
		if (!r->child) {
			unknown_child(r, local);
			return;
		}
		if ((rc = iedu_batch_child(r->b, r->child)) != 0) {
			stop(r, rc);
			return;
		}
		r->text.len = 0;
		set_attrs(r, nb_attributes, attributes, lens, hints, local, 1);
		r->state = S_CHILD;
		return;
	case S_CHILD:
		record_error(r, IEDU_EUNKNOWN, iedu_child_name(r->child),
			     "element <%s> inside <%s>; expected no element "
			     "there",
			     local, iedu_child_name(r->child));
		return;
	default:
		iedu__error(IEDU_EPARSE, "element <%s> after the root element",
			    local);
		fail_here(r, IEDU_EPARSE);
	}
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *URI, int nb_namespaces,
		     const xmlChar **namespaces, int nb_attributes,
		     int nb_defaulted, const xmlChar **attributes)
{
	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	start_element(ctx, localname, URI, nb_attributes, attributes, NULL,
		      NULL);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		   const xmlChar *URI)
{
	reader *r = ctx;
	int rc = 0;

	(void)localname;
	(void)prefix;
	(void)URI;
	if (r->rc)
		return;
	if (r->skip_depth) {
		if (r->depth == r->skip_depth)
			r->skip_depth = 0;
		r->depth--;
		return;
	}
	r->depth--;
	switch (r->state) {
	case S_CHILD:
		locate(r);
		if (r->text.len) {
			if (r->text_hinted) {
				size_t tl = r->text.len;
				const char *t = text_trim(r->text.p, &tl);
				iedu__batch_hint(
				    r->b, r->ev_clean ? r->text.p : NULL,
				    r->text.len, r->ev_hash ? t : NULL, tl,
				    r->ev_hash);
			}
			rc = iedu_batch_text(r->b, r->text.p, r->text.len);
			iedu__batch_hint(r->b, NULL, 0, NULL, 0, 0);
		}
		if (!rc)
			rc = iedu_batch_end(r->b);
		r->state = S_RECORD;
		break;
	case S_RECORD:
		locate(r);
		rc = iedu_batch_end(r->b);
		r->state = S_ROOT;
		break;
	case S_ROOT:
		r->state = S_DONE;
		break;
	default:
		break;
	}
	if (rc)
		stop(r, rc);
}

static int all_space(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			return 0;
	return 1;
}

/* The number of characters in n bytes of UTF-8. */
static uint32_t utf8_chars(const char *p, size_t n)
{
	uint32_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xC0) != 0x80;
	return c;
}

/*
 * Locates the current error at the first non-space character of text p,
 * n bytes that end at the parser's position (libxml2 reports character
 * data when it reaches the next markup), rather than at that markup.
 * When the line is known but not the column, the parser's position stays.
 */
static void locate_text(reader *r, const char *p, size_t n)
{
	uint32_t line = cur_line(r), column = cur_column(r), nl = 0;
	size_t i = 0, j;

	while (i < n && all_space(p + i, 1))
		i++;
	for (j = i; j < n; j++)
		nl += p[j] == '\n';
	if (!nl && column > utf8_chars(p + i, n - i)) {
		column -= utf8_chars(p + i, n - i);
	} else if (nl && line > nl) {
		for (j = i; j > 0 && p[j - 1] != '\n'; j--)
			;
		if (j > 0) {
			line -= nl;
			column = utf8_chars(p + j, i - j) + 1;
		}
	}
	iedu__error_locate(r->name, line, column);
	stop(r, IEDU_EUNKNOWN);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	reader *r = ctx;
	const char *p = (const char *)ch;
	size_t n = (size_t)len;

	if (r->rc || r->skip_depth)
		return;
	if (r->state == S_CHILD) {
		if (r->text.len + n > MAX_TEXT) {
			record_error(
			    r, IEDU_ELIMIT, iedu_child_name(r->child),
			    "the text of <%s> exceeds 1 MiB, the limit",
			    iedu_child_name(r->child));
			return;
		}
		/* hints hold for text that came in one piece */
		r->text_hinted = r->replay && r->text.len == 0;
		if (buf_append(&r->text, p, n) != 0)
			fail_here(r, iedu__error_nomem("reading text"));
		return;
	}
	/* replayed text over the limit has no bytes: only inside a child */
	if (!p || all_space(p, n))
		return;
	if (r->state == S_RECORD) {
		iedu__error(IEDU_EUNKNOWN,
			    "text directly inside <%s>; expected only child "
			    "elements",
			    iedu_kind_name(r->kind));
		in_record_context(r);
	} else {
		iedu__error(IEDU_EUNKNOWN,
			    "text outside the records; expected "
			    "only record elements inside <iedu>");
	}
	locate_text(r, p, n);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
		       const xmlChar *sys)
{
	reader *r = ctx;

	(void)name;
	(void)ext;
	(void)sys;
	iedu__error(IEDU_EPARSE,
		    "a <!DOCTYPE> declaration is not allowed; iedu XML has no "
		    "DTD and expands no entities");
	fail_here(r, IEDU_EPARSE);
}

/* libxml2's message on one line: trailing white space cut, newlines "; ". */
static void one_line(char *msg, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s != '\n') {
			msg[n++] = *s;
		} else if (s[1] && n) {
			msg[n++] = ';';
			msg[n++] = ' ';
		}
	}
	while (n && msg[n - 1] == ' ')
		n--;
	msg[n] = '\0';
}

/*
 * The message for a libxml2 error: in the reader's words where the plain
 * libxml2 text would not say what was expected, else libxml2's own.
 */
static int describe_xml_error(const reader *r, const xmlError *e)
{
	char msg[512], bytes[64];

	one_line(msg, sizeof msg, e->message ? e->message : "error");
	switch (e->code) {
	case XML_ERR_NO_MEMORY:
		return iedu__error_nomem("parsing XML (libxml2 could not "
					 "allocate memory)");
	case XML_ERR_DOCUMENT_EMPTY:
	case XML_ERR_DOCUMENT_END:
		if (r->state == S_PROLOG)
			iedu__error(IEDU_EPARSE,
				    "the document has no root element; "
				    "expected <iedu xmlns=\"urn:iedu:1\" "
				    "version=\"1\">");
		else if (r->state == S_DONE)
			iedu__error(IEDU_EPARSE,
				    "content after the end of the root "
				    "element; expected nothing but comments, "
				    "processing instructions and white space "
				    "after </iedu>");
		else
			iedu__error(
			    IEDU_EPARSE,
			    "the document ends inside <%s>; expected "
			    "the rest of the document up to </iedu>",
			    r->state == S_CHILD	   ? iedu_child_name(r->child)
			    : r->state == S_RECORD ? iedu_kind_name(r->kind)
						   : "iedu");
		return IEDU_EPARSE;
	case XML_ERR_INVALID_CHAR:
		if (strncmp(msg, "xmlParseCharRef", 15) == 0) {
			iedu__error(
			    IEDU_EPARSE,
			    "the character reference to U+%04X names a "
			    "character XML 1.0 does not allow; expected "
			    "tab, line feed, carriage return or a "
			    "character from U+0020",
			    (unsigned)e->int1);
			return IEDU_EPARSE;
		}
		if (e->str1 && strncmp(e->str1, "Bytes: ", 7) == 0) {
			one_line(bytes, sizeof bytes, e->str1 + 7);
			iedu__error(
			    IEDU_EPARSE,
			    "the input is not valid in its encoding "
			    "(bytes %s); expected UTF-8, or the "
			    "encoding named in <?xml ... encoding=...?>",
			    bytes);
			return IEDU_EPARSE;
		}
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		iedu__error(IEDU_EPARSE,
			    "the entity &%s; is not defined; expected only "
			    "&amp; &lt; &gt; &quot; &apos; or a character "
			    "reference such as &#xA0;",
			    e->str1 ? e->str1 : "");
		return IEDU_EPARSE;
	case XML_ERR_TAG_NAME_MISMATCH:
		iedu__error(IEDU_EPARSE,
			    "the end tag </%s> does not match the start tag "
			    "<%s> of line %d; expected </%s>",
			    e->str2 ? e->str2 : "", e->str1 ? e->str1 : "",
			    e->int1, e->str1 ? e->str1 : "");
		return IEDU_EPARSE;
	case XML_ERR_ATTRIBUTE_REDEFINED:
		iedu__error(IEDU_EPARSE,
			    "the attribute '%s' is given twice on one element; "
			    "expected each attribute once",
			    e->str1 ? e->str1 : "");
		return IEDU_EPARSE;
	case XML_I18N_CONV_FAILED:
		iedu__error(IEDU_EPARSE,
			    "the input is not valid in its declared encoding "
			    "%s(%s); expected text in that encoding",
			    r->replay ? (r->ev_encoding ? r->ev_encoding : "")
			    : r->ctxt && r->ctxt->encoding
				? (const char *)r->ctxt->encoding
				: "",
			    msg);
		return IEDU_EPARSE;
	default:
		break;
	}
	return iedu__error(IEDU_EPARSE, "malformed XML: %s", msg);
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	reader *r = ctx;
	int rc;

	if (r->rc || !e || e->level == XML_ERR_WARNING)
		return;
	rc = describe_xml_error(r, e);
	in_record_context(r);
	/* errors raised outside the parser (encoding) carry no position */
	iedu__error_locate(
	    r->name, e->line > 0 ? (uint32_t)e->line : cur_line(r),
	    e->line > 0 && e->int2 > 0 ? (uint32_t)e->int2 : cur_column(r));
	/*
	 * Only record it: this may run inside libxml2 (e.g. while it switches
	 * encodings), where halting the parser crashes 2.9.14. The feeding
	 * loop stops at the next chunk; libxml2 stops itself on fatal errors.
	 */
	r->rc = rc;
}

/*
 * libxml2 reports some errors (encoding conversion, I/O) outside the
 * parser's own handler, through the calling thread's global handlers,
 * which print to stderr by default. For the length of an import they are
 * pointed here, then restored: they are per-thread in libxml2, so other
 * threads of the host program are not affected.
 */
static void on_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Points this thread's libxml2 error handlers at fn, with ctx. */
static void route_errors(void *ctx, xmlStructuredErrorFunc fn)
{
	xmlSetGenericErrorFunc(ctx, on_generic);
	xmlSetStructuredErrorFunc(ctx, fn);
}

static void capture_errors(reader *r)
{
	r->old_generic = xmlGenericError;
	r->old_generic_ctx = xmlGenericErrorContext;
	r->old_structured = xmlStructuredError;
	r->old_structured_ctx = xmlStructuredErrorContext;
	route_errors(r, on_xml_error);
}

static void restore_errors(const reader *r)
{
	xmlSetGenericErrorFunc(r->old_generic_ctx, r->old_generic);
	xmlSetStructuredErrorFunc(r->old_structured_ctx, r->old_structured);
}

/*
 * A push parser with handlers sax and their context ctx. Neither a file
 * name nor the first bytes for libxml2 here: messages take the reader's
 * name, and libxml2 detects the encoding from the first bytes fed. libxml2
 * 2.9.14 leaks its first input when it cannot copy a file name, and the
 * encoding handler it creates from bytes given here when a later
 * allocation of the same call fails.
 */
static xmlParserCtxtPtr new_parser(xmlSAXHandler *sax, void *ctx)
{
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(sax, ctx, NULL, 0, NULL);

	if (ctxt)
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	return ctxt;
}

/* The callbacks an import sets, and nothing else (no entity, no DTD). */
static void set_handlers(xmlSAXHandler *sax, startElementNsSAX2Func start,
			 endElementNsSAX2Func end, charactersSAXFunc text,
			 internalSubsetSAXFunc doctype, xmlStructuredErrorFunc error)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = start;
	sax->endElementNs = end;
	sax->characters = text;
	sax->cdataBlock = text;
	sax->internalSubset = doctype;
	sax->serror = error;
}

static void reader_handlers(xmlSAXHandler *sax)
{
	set_handlers(sax, on_start, on_end, on_text, on_doctype, on_xml_error);
}

/* ---- input ---- */

/* Where the bytes come from: memory in chunks, a descriptor, a FILE *. */
typedef struct source {
	enum { SRC_MEMORY, SRC_FD, SRC_STREAM } type;
	const char *p; /* memory: what is left, len bytes */
	size_t len, chunk;
	int fd;
	FILE *fp;
	char *buf; /* descriptor, stream: CHUNK bytes */
} source;

/*
 * The next piece of the input in *p and *n, *last set at its end.
 * Returns 0, or the errno value of a failed read.
 */
static int source_read(source *s, const char **p, size_t *n, int *last)
{
	ssize_t k;
	size_t m;

	switch (s->type) {
	case SRC_MEMORY:
		m = s->len > s->chunk ? s->chunk : s->len;
		*p = s->p;
		*n = m;
		*last = m == s->len;
		s->p += m;
		s->len -= m;
		return 0;
	case SRC_FD:
		do
			k = read(s->fd, s->buf, CHUNK);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			return errno ? errno : EIO;
		*p = s->buf;
		*n = (size_t)k;
		*last = k == 0;
		return 0;
	default:
		m = fread(s->buf, 1, CHUNK, s->fp);
		if (m < CHUNK && ferror(s->fp))
			return errno ? errno : EIO;
		*p = s->buf;
		*n = m;
		*last = m < CHUNK;
		return 0;
	}
}

/* ---- the parsing thread ---- */

/*
 * With two threads (iedu_db_set_import_threads), libxml2 parses in a
 * thread of its own, whose callbacks only record what they are given as
 * events in blocks of memory; the importing thread replays the events
 * through the same callbacks as a one-thread import, in the same order.
 * So every check, message and position is the same either way, the
 * database is only ever touched by the importing thread, and parsing
 * (about a fifth of an import) overlaps with building.
 *
 * The parsing thread copies what libxml2 hands over only for the length
 * of a callback (attribute values, text) and keeps names as pointers:
 * they are strings of the parser's dictionary, which lives until the
 * parser is freed, after the thread has ended. White space between
 * records and between children is dropped there: outside a child it is
 * ignored anyway.
 *
 * With one thread the import records events all the same and replays
 * each block in the same thread as soon as it is full or the parser has
 * taken a chunk (run_inline): replaying a block at a time, the reader
 * asks for the string table's slots and strings of the values several
 * elements ahead, where the parser's callbacks could ask only for those
 * of one element. At 1,000,000 organisations 12.94-14.17 s against
 * 15.73-16.11 s for the callbacks alone (three alternating rounds; bare
 * parse 4.44-4.53 s). Only when the events' memory (128 KiB and the
 * recording state) cannot be had does an import use the reader's
 * callbacks directly.
 */
#define EV_BLOCK  (128 * 1024)
#define EV_BLOCKS 8

enum { EV_START = 1, EV_END, EV_TEXT, EV_DOCTYPE, EV_XML_ERROR, EV_READ_ERROR };

/*
 * Events are kept small: the parsing thread writes every byte of them and
 * the importing thread reads it from the other core's cache, and the
 * parsing thread took 5.5 s for a million organisations when its events
 * were drained unread against 10 s when they were read, at about three
 * times the document's bytes.
 */
typedef struct ev_head {
	uint32_t size; /* of the whole event, a multiple of 8 */
	uint16_t type;
	uint16_t nattrs; /* start: attributes recorded (0 over the limit) */
	uint32_t line, column;
	/* not in an end event, which is EV_SHORT bytes long */
	uint32_t n; /* start: attributes given; text: bytes; read: errno */
	uint32_t hash; /* text: strtab_hash of it trimmed, a hint (0: none) */
} ev_head;

#define EV_SHORT offsetof(ev_head, n)
/* every event is EV_SHORT bytes or the whole head at least (ev_head_init) */
_Static_assert(sizeof(ev_head) == EV_SHORT + 8, "ev_head: two fields after n");

/* A text event's nattrs: over MAX_TEXT (no bytes kept), or vouched for by
 * text_quick_stable. */
#define EV_TEXT_OVER  1
#define EV_TEXT_CLEAN 2

typedef struct ev_start {
	const xmlChar *local, *uri;
} ev_start;

/*
 * Then, for each attribute recorded, an ev_attr; then, for each of those
 * flagged EV_NS, its prefix and namespace URI (two pointers; most
 * attributes have neither); then each value and a NUL. A value over
 * MAX_TEXT is kept to its first EV_KEEP bytes (kept_len).
 */
typedef struct ev_attr {
	const xmlChar *local;
	uint32_t len;  /* the value's length, at most EV_LEN_MAX; | flags */
	uint32_t hash; /* strtab_hash of the value, a hint (0: none) */
} ev_attr;

#define EV_NS	   0x80000000u /* a prefix and a URI follow */
#define EV_CLEAN   0x40000000u /* text_quick_stable vouched for the value */
#define EV_LEN_MAX 0x3FFFFFFFu

/*
 * Events up to EV_STAGE bytes are built in a buffer of the parsing
 * thread's own and then written to their block with non-temporal stores,
 * which do not first fetch the lines they fill: the block's lines were
 * last read by the other core, and fetching them back for each write was
 * what made writing events cost more than parsing. On x86-64 (SSE2 is
 * part of it); elsewhere events are written in place.
 */
#define EV_STAGE 4096
#if defined(__x86_64__)
#define EV_STREAM 1
#else
#define EV_STREAM 0
#endif

/* then the strings, each with its NUL */
typedef struct ev_xml_error {
	int code, level, int1, int2, line, unused;
	uint32_t len[4]; /* message, str1, str2, encoding: 0 NULL, else 1+ */
} ev_xml_error;

/* The attributes of a start event, after its ev_start. */
static inline ev_attr *ev_attrs(const ev_head *e)
{
	return (ev_attr *)(uintptr_t)((const ev_start *)(const void *)(e + 1) +
				      1);
}

typedef struct parse_thread {
	blockq q;
	pthread_t tid;
	/*
	 * One thread (iedu_db_set_import_threads 1, or a source the parsing
	 * thread may not read): the reader that replays each block in this
	 * thread as soon as it is full, or the parser has taken a chunk
	 * (inline_flush). Else NULL, and blocks go to the importing thread.
	 */
	struct reader *inl;
	xmlParserCtxtPtr ctxt;
	source *src;
	bq_block *cur; /* the block being filled */
	int depth;
	int halted; /* no more events: an error recorded, or stopped */
	int nomem;  /* an event too large for a block found no memory */
	uint32_t nomem_line, nomem_column; /* where the parser was then */
	char *stage_to; /* where the staged event goes (ev_stage), or NULL */
	size_t stage_len;
	uint64_t stage[EV_STAGE / 8];
	iedu__prefaulter pf; /* pages the parsing thread maps when idle */
	int pf_ready;	     /* pf initialised (threaded only) */
} parse_thread;

/*
 * Stops recording; in a SAX callback (in_callback) the parser too. Not in
 * libxml2's error callbacks: halting the parser there crashes 2.9.14 (see
 * on_xml_error); the feeding loop stops at the next chunk instead.
 */
static void halt(parse_thread *pt, int in_callback)
{
	if (!pt->halted && in_callback)
		xmlStopParser(pt->ctxt);
	pt->halted = 1;
}

/* Orders the streamed events before the block is posted. */
static void ev_fence(void)
{
#if EV_STREAM
	_mm_sfence();
#endif
}

static int inline_flush(parse_thread *pt);

/* Writes the staged event to its block. */
static void ev_flush(parse_thread *pt)
{
#if EV_STREAM
	size_t i;

	if (!pt->stage_to)
		return;
	for (i = 0; i < pt->stage_len / 8; i++)
		_mm_stream_si64((long long *)(void *)(pt->stage_to + 8 * i),
				(long long)pt->stage[i]);
	pt->stage_to = NULL;
#else
	(void)pt;
#endif
}

static void ev_head_init(parse_thread *pt, ev_head *e, size_t size, int type)
{
	/* field by field: a memset of a size not known here is a call */
	e->size = (uint32_t)size;
	e->type = (uint16_t)type;
	e->nattrs = 0;
	if (size >= sizeof *e) {
		e->n = 0;
		e->hash = 0;
	}
	e->line = ctxt_line(pt->ctxt);
	e->column = ctxt_column(pt->ctxt);
}

/*
 * Recording stops: there is no room for an event (nomem: no memory for
 * it, kept with the parser's position), or the replay stopped it.
 */
static void no_room(parse_thread *pt, int nomem, int in_callback)
{
	if (nomem && !pt->nomem) {
		pt->nomem = 1;
		pt->nomem_line = ctxt_line(pt->ctxt);
		pt->nomem_column = ctxt_column(pt->ctxt);
	}
	halt(pt, in_callback);
}

/* Room for an event of size bytes (a multiple of 8); NULL: halted. */
static char *ev_reserve(parse_thread *pt, size_t size, int in_callback)
{
	char *p;
	int nomem;

	if (pt->halted)
		return NULL;
	if (bq_stopped(&pt->q) || size > UINT32_MAX) {
		no_room(pt, size > UINT32_MAX, in_callback);
		return NULL;
	}
	if (!pt->cur || pt->cur->cap - pt->cur->len < size) {
		if (pt->inl) {
			if (inline_flush(pt)) {
				halt(pt, in_callback);
				return NULL;
			}
		} else if (pt->cur) {
			ev_fence();
			bq_post(&pt->q, pt->cur);
		}
		pt->cur = bq_get(&pt->q, size, &nomem);
		if (!pt->cur) {
			no_room(pt, nomem, in_callback);
			return NULL;
		}
	}
	p = (char *)pt->cur->data + pt->cur->len;
	pt->cur->len += size;
	return p;
}

/* An event of size bytes, its head filled in, in place; NULL: halted. */
static ev_head *ev_new(parse_thread *pt, size_t size, int type,
		       int in_callback)
{
	ev_head *e;

	size = (size + 7) & ~(size_t)7;
	if (!(e = (ev_head *)(void *)ev_reserve(pt, size, in_callback)))
		return NULL;
	ev_head_init(pt, e, size, type);
	return e;
}

/*
 * The same, from a SAX callback, built in the stage when it fits there
 * (the caller then calls ev_flush), else in place.
 */
static ev_head *ev_stage(parse_thread *pt, size_t size, int type)
{
	ev_head *e;
	char *p;

	size = (size + 7) & ~(size_t)7;
	if (!EV_STREAM || pt->inl || size > EV_STAGE)
		return ev_new(pt, size, type, 1);
	if (!(p = ev_reserve(pt, size, 1)))
		return NULL;
	pt->stage_to = p;
	pt->stage_len = size;
	e = (ev_head *)(void *)pt->stage;
	ev_head_init(pt, e, size, type);
	return e;
}

static size_t kept_len(size_t len)
{
	return len > MAX_TEXT ? EV_KEEP : len;
}

static void pt_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *URI, int nb_namespaces,
		     const xmlChar **namespaces, int nb_attributes,
		     int nb_defaulted, const xmlChar **at)
{
	parse_thread *pt = ctx;
	size_t size = sizeof(ev_head) + sizeof(ev_start);
	int i, nns = 0, n = nb_attributes <= MAX_ATTRS ? nb_attributes : 0;
	ev_head *e;
	ev_attr *ea;
	const xmlChar **ns;
	char *v;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	pt->depth++;
	for (i = 0; i < n; i++) {
		nns += at[5 * i + 1] || at[5 * i + 2];
		size += sizeof(ev_attr) +
			kept_len((size_t)(at[5 * i + 4] - at[5 * i + 3])) + 1;
	}
	size += (size_t)nns * 2 * sizeof(void *);
	if (!(e = ev_stage(pt, size, EV_START)))
		return;
	e->nattrs = (uint16_t)n;
	e->n = (uint32_t)nb_attributes;
	((ev_start *)(void *)(e + 1))->local = localname;
	((ev_start *)(void *)(e + 1))->uri = URI;
	ea = ev_attrs(e);
	ns = (const xmlChar **)(void *)(ea + n);
	v = (char *)(ns + 2 * nns);
	for (i = 0; i < n; i++) {
		const xmlChar **x = at + 5 * i;
		size_t len = (size_t)(x[4] - x[3]), kept = kept_len(len);
		ea[i].local = x[0];
		ea[i].len = (uint32_t)(len > EV_LEN_MAX ? EV_LEN_MAX : len);
		ea[i].hash = kept == len ? strtab_hash((const char *)x[3], len)
					 : 0;
		if (kept == len && text_quick_stable((const char *)x[3], len))
			ea[i].len |= EV_CLEAN;
		if (x[1] || x[2]) {
			ea[i].len |= EV_NS;
			*ns++ = x[1];
			*ns++ = x[2];
		}
		memcpy(v, x[3], kept);
		v[kept] = '\0';
		v += kept + 1;
	}
	ev_flush(pt);
}

static void pt_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		   const xmlChar *URI)
{
	parse_thread *pt = ctx;

	(void)localname;
	(void)prefix;
	(void)URI;
	pt->depth--;
	if (ev_stage(pt, EV_SHORT, EV_END))
		ev_flush(pt);
}

static void pt_text(void *ctx, const xmlChar *ch, int len)
{
	parse_thread *pt = ctx;
	ev_head *e;

	/* outside a child (depth 3), white space is ignored */
	if (pt->depth < 3 && all_space((const char *)ch, (size_t)len))
		return;
	/*
	 * Inside a child, text over the limit is refused by its length
	 * alone (or ignored in another namespace): its bytes are not copied
	 * (EV_TEXT_OVER). libxml2 hands a CDATA section over in one piece.
	 */
	if (pt->depth >= 3 && (size_t)len > MAX_TEXT) {
		if ((e = ev_new(pt, sizeof(ev_head), EV_TEXT, 1)) != NULL) {
			e->nattrs = EV_TEXT_OVER;
			e->n = (uint32_t)len;
		}
		return;
	}
	if (!(e = ev_stage(pt, sizeof(ev_head) + (size_t)len, EV_TEXT)))
		return;
	e->n = (uint32_t)len;
	if (text_quick_stable((const char *)ch, (size_t)len))
		e->nattrs = EV_TEXT_CLEAN;
	memcpy(e + 1, ch, (size_t)len);
	{
		size_t tl = (size_t)len;
		const char *t = text_trim((const char *)ch, &tl);
		e->hash = tl ? strtab_hash(t, tl) : 0;
	}
	ev_flush(pt);
}

static void pt_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
		       const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	ev_new(ctx, sizeof(ev_head), EV_DOCTYPE, 1);
	halt(ctx, 1); /* as on_doctype: no DTD is read */
}

static void pt_xml_error(void *ctx, xmlErrorPtr err)
{
	parse_thread *pt = ctx;
	const char *str[4];
	size_t size = sizeof(ev_head) + sizeof(ev_xml_error), len[4];
	ev_xml_error *x;
	ev_head *e;
	char *o;
	int i;

	if (pt->halted || !err || err->level == XML_ERR_WARNING)
		return;
	str[0] = err->message;
	str[1] = err->str1;
	str[2] = err->str2;
	str[3] = pt->ctxt && pt->ctxt->encoding
		     ? (const char *)pt->ctxt->encoding
		     : NULL;
	for (i = 0; i < 4; i++) {
		len[i] = str[i] ? strlen(str[i]) : 0;
		if (len[i] > 4096)
			len[i] = 4096; /* messages are cut to far less */
		size += str[i] ? len[i] + 1 : 0;
	}
	if (!(e = ev_new(pt, size, EV_XML_ERROR, 0)))
		return;
	x = (ev_xml_error *)(void *)(e + 1);
	memset(x, 0, sizeof *x); /* a block's bytes are reused */
	x->code = err->code;
	x->level = (int)err->level;
	x->int1 = err->int1;
	x->int2 = err->int2;
	x->line = err->line;
	o = (char *)(x + 1);
	for (i = 0; i < 4; i++) {
		if (!str[i])
			continue;
		x->len[i] = (uint32_t)len[i] + 1;
		memcpy(o, str[i], len[i]);
		o[len[i]] = '\0';
		o += len[i] + 1;
	}
	halt(pt, 0); /* the first error is the one reported */
}

static void thread_handlers(xmlSAXHandler *sax)
{
	set_handlers(sax, pt_start, pt_end, pt_text, pt_doctype, pt_xml_error);
}

/*
 * Reads the whole input into the parser, whose callbacks record events
 * (thread_handlers); with one thread, the events of each chunk are
 * replayed after it, so that an error is found as soon as without events
 * (a pipe's writer may wait for the answer to its first record).
 */
static void pt_run(parse_thread *pt)
{
	while (!pt->halted && !bq_stopped(&pt->q)) {
		const char *p;
		size_t n;
		int last, err = source_read(pt->src, &p, &n, &last);
		if (err) {
			ev_head *e = ev_new(pt, sizeof(ev_head), EV_READ_ERROR,
					    0);
			if (e)
				e->n = (uint32_t)err;
			halt(pt, 0);
			break;
		}
		while (!pt->halted && !bq_stopped(&pt->q) && (n || last)) {
			size_t k = n > CHUNK ? CHUNK : n;
			int fin = last && k == n;
			xmlParseChunk(pt->ctxt, p, (int)k, fin);
			if (pt->inl && inline_flush(pt))
				halt(pt, 0);
			p += k;
			n -= k;
			if (fin)
				break;
		}
		if (last)
			break;
	}
}

static void *pt_main(void *arg)
{
	parse_thread *pt = arg;

	/* this thread's libxml2 error handlers (see capture_errors) */
	route_errors(pt, pt_xml_error);
	pt_run(pt);
	if (pt->cur) {
		ev_fence();
		bq_post(&pt->q, pt->cur);
	}
	pt->cur = NULL;
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	bq_close(&pt->q);
	return NULL;
}

static void thread_stop(reader *r)
{
	bq_stop(&r->pt->q);
}

/* Replays one event of the parsing thread through the reader. */
static void replay(reader *r, const ev_head *e)
{
	r->ev_line = e->line;
	r->ev_column = e->column;
	switch (e->type) {
	case EV_START: {
		const ev_start *st = (const void *)(e + 1);
		const ev_attr *ea = ev_attrs(e);
		const xmlChar *const *ns = (const void *)(ea + e->nattrs);
		const char *v;
		const xmlChar *at[5 * MAX_ATTRS];
		uint32_t lens[MAX_ATTRS];
		value_hint hints[MAX_ATTRS];
		int i;
		for (i = 0; i < e->nattrs; i++) {
			at[5 * i] = ea[i].local;
			hints[i].hash = ea[i].hash;
			hints[i].clean = (ea[i].len & EV_CLEAN) != 0;
			if (ea[i].len & EV_NS) {
				at[5 * i + 1] = *ns++;
				at[5 * i + 2] = *ns++;
			} else {
				at[5 * i + 1] = at[5 * i + 2] = NULL;
			}
		}
		v = (const char *)ns;
		for (i = 0; i < e->nattrs; i++) {
			size_t len = ea[i].len & EV_LEN_MAX, kept = kept_len(len);
			at[5 * i + 3] = (const xmlChar *)v;
			at[5 * i + 4] = (const xmlChar *)v + kept;
			lens[i] = (uint32_t)len;
			v += kept + 1;
		}
		start_element(r, st->local, st->uri, (int)e->n, at, lens,
			      hints);
		break;
	}
	case EV_END:
		on_end(r, NULL, NULL, NULL);
		break;
	case EV_TEXT:
		r->ev_clean = e->nattrs == EV_TEXT_CLEAN;
		r->ev_hash = e->hash;
		on_text(r,
			e->nattrs == EV_TEXT_OVER ? NULL
						  : (const xmlChar *)(e + 1),
			(int)e->n);
		break;
	case EV_DOCTYPE:
		on_doctype(r, NULL, NULL, NULL);
		break;
	case EV_XML_ERROR: {
		const ev_xml_error *x = (const void *)(e + 1);
		const char *o = (const char *)(x + 1), *str[4];
		xmlError err;
		int i;
		for (i = 0; i < 4; i++) {
			str[i] = x->len[i] ? o : NULL;
			o += x->len[i];
		}
		memset(&err, 0, sizeof err);
		err.code = x->code;
		err.level = (xmlErrorLevel)x->level;
		err.int1 = x->int1;
		err.int2 = x->int2;
		err.line = x->line;
		err.message = (char *)(uintptr_t)str[0];
		err.str1 = (char *)(uintptr_t)str[1];
		err.str2 = (char *)(uintptr_t)str[2];
		r->ev_encoding = str[3];
		on_xml_error(r, &err);
		break;
	}
	case EV_READ_ERROR:
		if (!r->rc) {
			iedu__error(IEDU_EIO, "cannot read '%s': %s", r->name,
				    strerror((int)e->n));
			r->rc = IEDU_EIO;
		}
		break;
	default:
		break;
	}
}

/*
 * Most values are interned as they stand, and at scale each lookup in the
 * string table waits for memory: for the slot its hash names, and for a
 * string of over 12 bytes, then for the string that slot holds
 * (strtab.h). With the events of a whole block at hand, the importing
 * thread asks for the slots of the values AHEAD_FAR events ahead and for
 * the candidate strings of those AHEAD_NEAR ahead, so that by the time a
 * value is interned both have arrived; the parsing thread has hashed each
 * value (a hint only: a value that is stored in another form, or is text,
 * which is not in the set, prefetches in vain). Text events are not
 * prefetched for: the text cache (strtab_intern_text) is small.
 * Not further: at 32 and 16 the import of 200,000 organisations took
 * 3.8 % longer (11 of 12 alternating runs; 64 and 32 were no better).
 *
 * The walkers read the events themselves first, and those the parsing
 * thread wrote past the caches (ev_flush): at 1,000,000 organisations a
 * quarter of the replay's samples waited on the far walker's first load
 * of an event. So the block's lines are asked for AHEAD_BYTES ahead of
 * the far walker, in order: 1,000,000 organisations with two threads
 * 7.18-8.07 s against 7.23-8.03 s (medians 7.28 and 7.53, seven
 * alternating rounds); 4096 bytes were no better.
 */
#define AHEAD_FAR   16
#define AHEAD_NEAR  8
#define AHEAD_BYTES 2048
#define LINE_BYTES  64

/* Stage 1 (the slot) or 2 (the candidate) for a value's hash; 0: none. */
static void prefetch_hash(const reader *r, uint32_t h, int candidate)
{
	if (!h)
		return;
	if (candidate)
		iedu__batch_prefetch_candidate(r->b, h);
	else
		iedu__batch_prefetch_hash(r->b, h);
}

/* Prefetches for the event at p, before end; the event after it. */
static const char *prefetch_event(const reader *r, const char *p,
				  const char *end, int candidate)
{
	const ev_head *e = (const void *)p;
	int i;

	if (p >= end)
		return p;
	if (e->type == EV_START)
		for (i = 0; i < e->nattrs; i++)
			prefetch_hash(r, ev_attrs(e)[i].hash, candidate);
	return p + e->size;
}

/* Replays the len bytes of events at data, until the first error. */
static void replay_block(reader *r, const char *data, size_t len)
{
	const char *end = data + len, *p = data, *far = data, *near = data;
	size_t line = 0; /* the next of the block's lines to ask for */
	int k;

	for (k = 0; k < AHEAD_FAR; k++)
		far = prefetch_event(r, far, end, 0);
	for (k = 0; k < AHEAD_NEAR; k++)
		near = prefetch_event(r, near, end, 1);
	while (p < end && !r->rc) {
		const ev_head *e = (const void *)p;
		size_t lim = (size_t)(far - data) + AHEAD_BYTES;
		for (; line < len && line < lim; line += LINE_BYTES)
			__builtin_prefetch(data + line);
		far = prefetch_event(r, far, end, 0);
		near = prefetch_event(r, near, end, 1);
		replay(r, e);
		p += e->size;
	}
}

/*
 * After the last event: positions are the parser's again, and an event
 * that could not be recorded fails the import, where it was in the
 * document, unless something before it failed first.
 */
static void events_done(reader *r)
{
	const parse_thread *pt = r->pt;

	r->replay = 0;
	if (!r->rc && pt->nomem) {
		r->rc = iedu__error_nomem("recording XML events");
		iedu__error_locate(r->name, pt->nomem_line, pt->nomem_column);
	}
}

/* Replays the parsing thread's events until it ends, then joins it. */
static void consume(reader *r)
{
	parse_thread *pt = r->pt;
	bq_block *b;
	iedu__prefaulter *before =
	    iedu__prefaulter_use(pt->pf_ready ? &pt->pf : NULL);

	r->replay = 1;
	while ((b = bq_take(&pt->q)) != NULL) {
		replay_block(r, (const char *)b->data, b->len);
		bq_release(&pt->q, b);
		if (r->rc)
			bq_stop(&pt->q); /* the rest is drained unread */
	}
	iedu__prefaulter_use(before);
	pthread_join(pt->tid, NULL);
	events_done(r);
}

/*
 * With one thread: replays the block being filled and gives it back; 1
 * when the import has failed (recording stops).
 */
static int inline_flush(parse_thread *pt)
{
	bq_block *b = pt->cur;

	pt->cur = NULL;
	if (b) {
		replay_block(pt->inl, (const char *)b->data, b->len);
		bq_release(&pt->q, b);
	}
	return pt->inl->rc != 0;
}

/*
 * Starts an import: the batch and the parser, with the reader's own
 * callbacks (begin_events then gives the parser recording callbacks).
 */
static int begin(reader *r, iedu_db *db, const char *name)
{
	xmlSAXHandler sax; /* the parser keeps its own copy */
	int rc;

	memset(r, 0, sizeof *r);
	if (!db)
		return iedu__error(IEDU_EINVAL, "import: db is NULL");
	pthread_once(&xml_once, xml_init);
	reader_handlers(&sax);
	r->db = db;
	r->name = name;
	if ((rc = iedu_batch_new(&r->b, db)) != 0)
		return rc;
	capture_errors(r);
	/*
	 * With a parsing thread too, the parser is created with the reader's
	 * handlers, so that its errors here are reported as without; then
	 * its callbacks become the thread's (the parser keeps a copy).
	 */
	r->ctxt = new_parser(&sax, r);
	if (!r->ctxt) {
		restore_errors(r);
		iedu_batch_free(r->b);
		r->b = NULL;
		return r->rc ? r->rc
			     : iedu__error_nomem("creating an XML parser");
	}
	return 0;
}

/* Parses n bytes; last: this is the end of the input. */
static int feed(reader *r, const char *p, size_t n, int last)
{
	while (!r->rc && (n || last)) {
		size_t k = n > CHUNK ? CHUNK : n;
		int fin = last && k == n;
		xmlParseChunk(r->ctxt, p, (int)k, fin);
		p += k;
		n -= k;
		if (fin)
			break;
	}
	return r->rc;
}

/* Reads the whole input into the parser, in this thread. */
static void pump(reader *r, source *src)
{
	while (!r->rc) {
		const char *p;
		size_t n;
		int last, err = source_read(src, &p, &n, &last);
		if (err) {
			iedu__error(IEDU_EIO, "cannot read '%s': %s", r->name,
				    strerror(err));
			r->rc = IEDU_EIO;
			break;
		}
		feed(r, p, n, last);
		if (last)
			break;
	}
}

/* Frees the parser, the batch and the parsing thread's queue. */
static void end_reader(reader *r)
{
	iedu_batch_free(r->b);
	if (r->ctxt) {
		if (r->ctxt->myDoc)
			xmlFreeDoc(r->ctxt->myDoc);
		xmlFreeParserCtxt(r->ctxt);
	}
	restore_errors(r);
	textbuf_free(&r->text);
	textbuf_free(&r->value);
	if (r->pt) {
		iedu__free(r->pt->cur); /* NULL unless nothing was replayed */
		bq_destroy(&r->pt->q);
		if (r->pt->pf_ready)
			iedu__prefaulter_destroy(&r->pt->pf);
		iedu__free(r->pt);
		r->pt = NULL;
	}
}

/* Commits when everything parsed; frees the parser and the batch. */
static int finish(reader *r)
{
	int rc = r->rc;

	if (!rc && r->state != S_DONE) {
		/* libxml2 reports truncation itself; this is the backstop */
		iedu__error(IEDU_EPARSE,
			    "the document ends before </iedu>; expected the "
			    "rest of the document");
		iedu__error_locate(r->name, cur_line(r), cur_column(r));
		rc = IEDU_EPARSE;
	}
	if (!rc)
		rc = iedu_batch_commit(r->b);
	end_reader(r);
	return rc;
}

/* The parsing thread's work while the importing thread is behind. */
static int prefault_idle(void *arg)
{
	return iedu__prefaulter_serve(arg);
}

/*
 * Starts an import from src whose parser records events: replayed by the
 * parsing thread's consumer when threaded (the thread started here), else
 * in this thread as they come (inline). 1 if it could not be started (no
 * memory for its state and blocks, or no thread), and the import is to
 * run with the reader's own callbacks, as if none had been asked for.
 */
static int begin_events(reader *r, iedu_db *db, const char *name, source *src,
			int threaded)
{
	parse_thread *pt = iedu__calloc(1, sizeof *pt);
	int rc;

	if (!pt)
		return 1;
	/* inline, one block is filled and replayed at a time */
	if (bq_init(&pt->q, threaded ? EV_BLOCKS : 1, EV_BLOCK) != 0) {
		iedu__free(pt);
		return 1;
	}
	if ((rc = begin(r, db, name)) != 0) {
		bq_destroy(&pt->q);
		iedu__free(pt);
		return rc;
	}
	thread_handlers(r->ctxt->sax);
	r->ctxt->userData = pt;
	r->pt = pt;
	pt->ctxt = r->ctxt;
	pt->src = src;
	if (!threaded) {
		pt->inl = r;
		return 0;
	}
	/* without a lock for it, the parsing thread waits as it did */
	if (iedu__prefaulter_init(&pt->pf) == 0) {
		pt->pf_ready = 1;
		pt->q.idle = prefault_idle;
		pt->q.idle_arg = &pt->pf;
	}
	if (iedu__thread_start(&pt->tid, pt_main, pt) != 0) {
		end_reader(r);
		return 1;
	}
	return 0;
}

/*
 * The import in this thread alone, through events all the same: a block
 * of them at hand lets the replay ask for the string table's slots and
 * strings ahead (replay_block), as the importing thread does. libxml2's
 * errors outside the parser are recorded as events too, in order.
 */
static void run_inline(reader *r)
{
	parse_thread *pt = r->pt;

	route_errors(pt, pt_xml_error);
	r->replay = 1;
	pt_run(pt);
	inline_flush(pt);
	route_errors(r, on_xml_error); /* as begin left them */
	events_done(r);
}

/*
 * Whether src may be read by the parsing thread: memory, or a descriptor
 * of a regular file, whose reads end. A pipe, socket or terminal is read
 * in the calling thread: there a read may wait for the other end, which
 * may be waiting for the import's answer (an error in the first record
 * is returned at once), and a FILE * may be locked by its caller
 * (flockfile) or read through callbacks (fopencookie) that expect the
 * caller's thread.
 */
static int threadable(const source *src)
{
	struct stat st;

	if (src->type == SRC_MEMORY)
		return 1;
	return src->type == SRC_FD && fstat(src->fd, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* Imports from src into db, with the threads that db allows. */
static int import_source(iedu_db *db, source *src, const char *name)
{
	reader r;
	int rc;

	if (db && !db->import_direct) {
		int threaded = db->import_threads >= 2 && threadable(src);
		rc = begin_events(&r, db, name, src, threaded);
		if (rc == 1 && threaded) { /* no thread: events all the same */
			threaded = 0;
			rc = begin_events(&r, db, name, src, 0);
		}
		if (rc == 0) {
			if (threaded)
				consume(&r);
			else
				run_inline(&r);
			return finish(&r);
		}
		if (rc != 1)
			return rc;
	}
	if ((rc = begin(&r, db, name)) != 0)
		return rc;
	pump(&r, src);
	return finish(&r);
}

int iedu__xml_import_chunked(iedu_db *db, const void *data, size_t len,
			     const char *name, size_t chunk)
{
	source src;

	if (!data && len)
		return iedu__error(IEDU_EINVAL, "import: data is NULL");
	memset(&src, 0, sizeof src);
	src.type = SRC_MEMORY;
	src.p = data ? data : ""; /* no arithmetic on NULL */
	src.len = len;
	src.chunk = chunk ? chunk : CHUNK;
	return import_source(db, &src, name ? name : "<memory>");
}

int iedu_xml_import_memory(iedu_db *db, const void *data, size_t len,
			   const char *name)
{
	return iedu__xml_import_chunked(db, data, len, name, CHUNK);
}

/* Reads through read(2) into the parser; name for messages. */
static int import_fd(iedu_db *db, int fd, const char *name)
{
	source src;
	int rc;

	memset(&src, 0, sizeof src);
	src.type = SRC_FD;
	src.fd = fd;
	src.buf = iedu__malloc(CHUNK);
	if (!src.buf)
		return iedu__error_nomem("reading an XML file");
	rc = import_source(db, &src, name);
	iedu__free(src.buf);
	return rc;
}

int iedu_xml_import_fd(iedu_db *db, int fd, const char *name)
{
	char fallback[32];

	if (!db) /* before reading anything from fd */
		return iedu__error(IEDU_EINVAL, "import: db is NULL");
	if (fd < 0)
		return iedu__error(IEDU_EINVAL,
				   "import: %d is not a file "
				   "descriptor",
				   fd);
	if (!name) {
		snprintf(fallback, sizeof fallback, "<fd %d>", fd);
		name = fallback;
	}
	return import_fd(db, fd, name);
}

int iedu_xml_import_file(iedu_db *db, const char *path)
{
	struct stat st;
	int fd, rc;

	if (!db || !path)
		return iedu__error(IEDU_EINVAL, "import: %s is NULL",
				   !db ? "db" : "path");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return iedu__error(IEDU_EIO, "cannot open '%s': %s", path,
				   strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return iedu__error(IEDU_EIO,
				   "cannot read '%s': it is a directory; "
				   "expected an XML file",
				   path);
	}
	rc = import_fd(db, fd, path);
	close(fd);
	return rc;
}

int iedu_db_set_import_threads(iedu_db *db, uint32_t nthreads)
{
	return model_set_threads(db, MODEL_IMPORT_THREADS, nthreads,
				 "iedu_db_set_import_threads");
}

int iedu_xml_import_stream(iedu_db *db, FILE *fp, const char *name)
{
	source src;
	int rc;

	if (!db || !fp)
		return iedu__error(IEDU_EINVAL, "import: %s is NULL",
				   !db ? "db" : "fp");
	memset(&src, 0, sizeof src);
	src.type = SRC_STREAM;
	src.fp = fp;
	src.buf = iedu__malloc(CHUNK);
	if (!src.buf)
		return iedu__error_nomem("reading an XML stream");
	rc = import_source(db, &src, name ? name : "<stream>");
	iedu__free(src.buf);
	return rc;
}
