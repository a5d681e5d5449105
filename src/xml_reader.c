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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

#include "iedu/errors.h"
#include "iedu/xml.h"
#include "alloc.h"
#include "batch.h"
#include "error.h"
#include "xml_reader.h"

#define IEDU_NS "urn:iedu:1"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define MAX_DEPTH 64
#define MAX_TEXT ((size_t)1 << 20)
#define MAX_ATTRS 64
#define CHUNK 65536

enum { S_PROLOG, S_ROOT, S_RECORD, S_CHILD, S_DONE };

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
	textbuf text;
	textbuf value;
} reader;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

static uint32_t cur_line(const reader *r)
{
	int l = r->ctxt ? xmlSAX2GetLineNumber(r->ctxt) : 0;
	return l > 0 ? (uint32_t)l : 0;
}

static uint32_t cur_column(const reader *r)
{
	int c = r->ctxt ? xmlSAX2GetColumnNumber(r->ctxt) : 0;
	return c > 0 ? (uint32_t)c : 0;
}

/* Records the first error and stops the parser. */
static void stop(reader *r, int rc)
{
	if (r->rc)
		return;
	r->rc = rc;
	if (r->ctxt)
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
 * An error about the open record (kind, id and field prefixed to the
 * message as the builder does), at the parser's position.
 */
static void record_error(reader *r, int rc, const char *field,
			 const char *fmt, ...) IEDU_PRINTF(4, 5);

static void record_error(reader *r, int rc, const char *field,
			 const char *fmt, ...)
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
	if (iedu__grow((void **)&t->p, &t->cap, t->len + n + 1, 1) != 0)
		return IEDU_ENOMEM;
	memcpy(t->p + t->len, p, n);
	t->len += n;
	return 0;
}

/* The attribute's value with libxml2's "&#38;" decoded, in r->value. */
static int attr_value(reader *r, const xmlChar **at, const char **v,
		      size_t *n)
{
	const char *s = (const char *)at[3], *e = (const char *)at[4], *amp;

	*v = s;
	*n = (size_t)(e - s);
	if (*n > MAX_TEXT)
		return iedu__error(IEDU_ELIMIT,
				   "the value of attribute '%s' is %zu bytes "
				   "long; the limit is 1 MiB",
				   (const char *)at[0], *n);
	amp = memchr(s, '&', *n);
	if (!amp)
		return 0;
	r->value.len = 0;
	while (amp) {
		if (buf_append(&r->value, s, (size_t)(amp - s)) != 0)
			return iedu__error_nomem("reading an attribute");
		if (e - amp >= 5 && memcmp(amp, "&#38;", 5) == 0) {
			if (buf_append(&r->value, "&", 1) != 0)
				return iedu__error_nomem("reading an attribute");
			s = amp + 5;
		} else {
			if (buf_append(&r->value, "&", 1) != 0)
				return iedu__error_nomem("reading an attribute");
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

/* iedu_attr of an attribute, 0 for one to ignore, -1 for an unknown one. */
static int attr_of(const xmlChar **at)
{
	const char *local = (const char *)at[0], *uri = (const char *)at[2];
	iedu_attr a;

	if (uri) {
		if (strcmp(uri, XML_NS) == 0 && strcmp(local, "lang") == 0)
			return IEDU_ATTR_LANG;
		return 0; /* another namespace: the extension point */
	}
	a = iedu_attr_from_name(local);
	return a == IEDU_ATTR_NONE || a == IEDU_ATTR_LANG ? -1 : (int)a;
}

static void unknown_attr(reader *r, const char *name, const char *element,
			 int on_child)
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
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
				      i ? ", " : "",
				      iedu_attr_name(specs[i].attr));
	record_error(r, IEDU_EUNKNOWN, name,
		     "unknown attribute '%s' on <%s>; expected one of %s", name,
		     element, list);
}

/* Sets the element's attributes through the builder, the id first. */
static void set_attrs(reader *r, int nattrs, const xmlChar **at,
		      const char *element, int on_child)
{
	int pass, i, a, rc;

	for (pass = 0; pass < 2 && !r->rc; pass++)
		for (i = 0; i < nattrs && !r->rc; i++) {
			const xmlChar **x = at + 5 * i;
			const char *v;
			size_t n;
			a = attr_of(x);
			if (a == 0 || (pass == 0) != (a == IEDU_ATTR_ID))
				continue;
			if (a < 0) {
				if (pass == 1)
					unknown_attr(r, (const char *)x[0],
						     element, on_child);
				continue;
			}
			if ((rc = attr_value(r, x, &v, &n)) != 0) {
				fail_here(r, rc);
				return;
			}
			locate(r);
			if ((rc = iedu_batch_set(r->b, (iedu_attr)a, v, n)) != 0)
				stop(r, rc);
		}
}

static void start_root(reader *r, const char *local, const char *uri,
		       int nattrs, const xmlChar **at)
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
		if (x[2])
			continue;
		if (strcmp((const char *)x[0], "version") != 0) {
			iedu__error(IEDU_EUNKNOWN,
				    "unknown attribute '%s' on <iedu>; expected "
				    "only version",
				    (const char *)x[0]);
			fail_here(r, IEDU_EUNKNOWN);
			return;
		}
		version = (const char *)x[3];
		vlen = (size_t)(x[4] - x[3]);
	}
	if (!version) {
		iedu__error(IEDU_EMISSING,
			    "<iedu> has no version attribute; expected "
			    "version=\"1\"");
		fail_here(r, IEDU_EMISSING);
		return;
	}
	/* major version 1: "1" or "1.<digits>" */
	if (!(vlen >= 1 && version[0] == '1' &&
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

static void on_start(void *ctx, const xmlChar *localname,
		     const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces,
		     int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	reader *r = ctx;
	const char *local = (const char *)localname, *uri = (const char *)URI;
	int rc;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (r->rc)
		return;
	if (++r->depth > MAX_DEPTH) {
		iedu__error(IEDU_ELIMIT,
			    "elements are nested more than %d deep; the limit "
			    "is %d",
			    MAX_DEPTH, MAX_DEPTH);
		fail_here(r, IEDU_ELIMIT);
		return;
	}
	if (r->skip_depth)
		return;
	if (nb_attributes > MAX_ATTRS) {
		iedu__error(IEDU_ELIMIT,
			    "<%s> has %d attributes; the limit is %d", local,
			    nb_attributes, MAX_ATTRS);
		fail_here(r, IEDU_ELIMIT);
		return;
	}
	if (r->state == S_PROLOG) {
		start_root(r, local, uri, nb_attributes, attributes);
		return;
	}
	if (uri && strcmp(uri, IEDU_NS) != 0) {
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
		r->kind = iedu_kind_from_name(local);
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
		set_attrs(r, nb_attributes, attributes, local, 0);
		return;
	case S_RECORD:
		r->child = iedu_child_from_name(local);
		locate(r);
		if (!r->child) {
			record_error(r, IEDU_EUNKNOWN, local,
				     "unknown element <%s>; expected an element "
				     "of iedu XML v1",
				     local);
			return;
		}
		if ((rc = iedu_batch_child(r->b, r->child)) != 0) {
			stop(r, rc);
			return;
		}
		r->text.len = 0;
		set_attrs(r, nb_attributes, attributes, local, 1);
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

static void on_end(void *ctx, const xmlChar *localname,
		   const xmlChar *prefix, const xmlChar *URI)
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
		if (r->text.len)
			rc = iedu_batch_text(r->b, r->text.p, r->text.len);
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

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	reader *r = ctx;
	const char *p = (const char *)ch;
	size_t n = (size_t)len;

	if (r->rc || r->skip_depth)
		return;
	if (r->state == S_CHILD) {
		if (r->text.len + n > MAX_TEXT) {
			record_error(r, IEDU_ELIMIT, iedu_child_name(r->child),
				     "the text of <%s> exceeds 1 MiB, the limit",
				     iedu_child_name(r->child));
			return;
		}
		if (buf_append(&r->text, p, n) != 0)
			fail_here(r, iedu__error_nomem("reading text"));
		return;
	}
	if (all_space(p, n))
		return;
	if (r->state == S_RECORD) {
		record_error(r, IEDU_EUNKNOWN, NULL,
			     "text directly inside <%s>; expected only child "
			     "elements",
			     iedu_kind_name(r->kind));
		return;
	}
	iedu__error(IEDU_EUNKNOWN, "text outside the records; expected only "
				   "record elements inside <iedu>");
	fail_here(r, IEDU_EUNKNOWN);
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

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	reader *r = ctx;
	char msg[512];
	size_t n;

	if (r->rc || !e || e->level == XML_ERR_WARNING)
		return;
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->code == XML_ERR_DOCUMENT_END && r->state != S_DONE &&
	    r->state != S_PROLOG)
		iedu__error(IEDU_EPARSE,
			    "the document ends inside <%s>; expected the rest "
			    "of the document up to </iedu>",
			    r->state == S_CHILD    ? iedu_child_name(r->child)
			    : r->state == S_RECORD ? iedu_kind_name(r->kind)
						   : "iedu");
	else if (e->code == XML_ERR_DOCUMENT_END && r->state == S_PROLOG)
		iedu__error(IEDU_EPARSE,
			    "the document has no root element; expected <iedu "
			    "xmlns=\"urn:iedu:1\" version=\"1\">");
	else
		iedu__error(IEDU_EPARSE, "malformed XML: %s", msg);
	iedu__error_locate(r->name, e->line > 0 ? (uint32_t)e->line : 0,
			   e->int2 > 0 ? (uint32_t)e->int2 : 0);
	stop(r, IEDU_EPARSE);
}

static int begin(reader *r, iedu_db *db, const char *name, const char *first,
		 size_t n)
{
	xmlSAXHandler sax; /* the parser keeps its own copy */
	int rc;

	memset(r, 0, sizeof *r);
	if (!db)
		return iedu__error(IEDU_EINVAL, "import: db is NULL");
	pthread_once(&xml_once, xml_init);
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.internalSubset = on_doctype;
	sax.serror = on_xml_error;
	r->db = db;
	r->name = name;
	if ((rc = iedu_batch_new(&r->b, db)) != 0)
		return rc;
	r->ctxt = xmlCreatePushParserCtxt(&sax, r, first, (int)n, name);
	if (!r->ctxt) {
		iedu_batch_free(r->b);
		r->b = NULL;
		return iedu__error_nomem("creating an XML parser");
	}
	xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
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
	iedu_batch_free(r->b);
	if (r->ctxt) {
		if (r->ctxt->myDoc)
			xmlFreeDoc(r->ctxt->myDoc);
		xmlFreeParserCtxt(r->ctxt);
	}
	textbuf_free(&r->text);
	textbuf_free(&r->value);
	return rc;
}

int iedu__xml_import_chunked(iedu_db *db, const void *data, size_t len,
			     const char *name, size_t chunk)
{
	const char *p = data;
	size_t first = len < 4 ? len : 4;
	reader r;
	int rc;

	if (!data && len)
		return iedu__error(IEDU_EINVAL, "import: data is NULL");
	if (!chunk)
		chunk = CHUNK;
	if ((rc = begin(&r, db, name ? name : "<memory>", p, first)) != 0)
		return rc;
	p += first;
	len -= first;
	while (!r.rc) {
		size_t k = len > chunk ? chunk : len;
		feed(&r, p, k, k == len);
		p += k;
		len -= k;
		if (!len)
			break;
	}
	return finish(&r);
}

int iedu_xml_import_memory(iedu_db *db, const void *data, size_t len,
			   const char *name)
{
	return iedu__xml_import_chunked(db, data, len, name, CHUNK);
}

/* Reads through read(2) into the parser; name for messages. */
static int import_fd(iedu_db *db, int fd, const char *name)
{
	char *buf;
	reader r;
	ssize_t n;
	size_t have = 0;
	int rc;

	buf = iedu__malloc(CHUNK);
	if (!buf)
		return iedu__error_nomem("reading an XML file");
	/* the first bytes go to the parser's creation: encoding detection */
	while (have < 4) {
		n = read(fd, buf + have, 4 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = iedu__error(IEDU_EIO, "cannot read '%s': %s", name,
					 strerror(errno));
			iedu__free(buf);
			return rc;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if ((rc = begin(&r, db, name, buf, have)) != 0) {
		iedu__free(buf);
		return rc;
	}
	while (!r.rc) {
		n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			iedu__error(IEDU_EIO, "cannot read '%s': %s", name,
				    strerror(errno));
			r.rc = IEDU_EIO;
			break;
		}
		feed(&r, buf, (size_t)n, n == 0);
		if (n == 0)
			break;
	}
	iedu__free(buf);
	return finish(&r);
}

int iedu_xml_import_fd(iedu_db *db, int fd, const char *name)
{
	char fallback[32];

	if (fd < 0)
		return iedu__error(IEDU_EINVAL, "import: %d is not a file "
				   "descriptor", fd);
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

int iedu_xml_import_stream(iedu_db *db, FILE *fp, const char *name)
{
	char *buf;
	reader r;
	size_t n;
	int rc;

	if (!db || !fp)
		return iedu__error(IEDU_EINVAL, "import: %s is NULL",
				   !db ? "db" : "fp");
	if (!name)
		name = "<stream>";
	buf = iedu__malloc(CHUNK);
	if (!buf)
		return iedu__error_nomem("reading an XML stream");
	n = fread(buf, 1, 4, fp);
	if (n < 4 && ferror(fp)) {
		iedu__free(buf);
		return iedu__error(IEDU_EIO, "cannot read '%s': %s", name,
				   strerror(errno));
	}
	if ((rc = begin(&r, db, name, buf, n)) != 0) {
		iedu__free(buf);
		return rc;
	}
	while (!r.rc) {
		n = fread(buf, 1, CHUNK, fp);
		if (n < CHUNK && ferror(fp)) {
			iedu__error(IEDU_EIO, "cannot read '%s': %s", name,
				    strerror(errno));
			r.rc = IEDU_EIO;
			break;
		}
		feed(&r, buf, n, n < CHUNK);
		if (n < CHUNK)
			break;
	}
	iedu__free(buf);
	return finish(&r);
}
