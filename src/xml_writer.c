/*
 * The canonical writer of iedu XML v1 (the spec's Export section). It
 * reads the model directly and writes bytes through one buffer: no
 * libxml2, no per-record allocation, no printf, so the output does not
 * depend on the locale and export is much faster than parsing.
 *
 * The canonical form, byte for byte:
 *
 *  - The document is
 *	<?xml version="1.0" encoding="UTF-8"?>\n
 *	<iedu xmlns="urn:iedu:1" version="1">\n
 *	...records...
 *	</iedu>\n
 *    (an empty database has no line between the root's tags).
 *  - Records are grouped by kind in enum order: source, organization,
 *    person, membership, post, relation, designation, event, agreement,
 *    statistic. Within a kind they are sorted by id in byte order
 *    (strcmp), except:
 *	membership   by body id, member id, from, id
 *	post         by org id, person id, from, id
 *	relation     by from id, to id, type token, id
 *	designation  by programme, batch (numerically), org id, id
 *    An absent value sorts before any present one. Records still equal
 *    keep the order they were added in.
 *  - A record is one line at two spaces, `  <organization id="x" ...>`,
 *    each child on its own line at four spaces, then `  </organization>`;
 *    a record without children is one self-closing line
 *    `  <membership member="a" body="b" role="lead chair"/>`.
 *  - A child is `    <name xml:lang="zh">TEXT</name>` when it has text,
 *    else `    <cite source="s" quote="q"/>`. Children come in the
 *    schema's order (texts by language), as the model stores them.
 *  - Attributes come in the order of the schema tables (schema.c), always
 *    in double quotes. Absent attributes are omitted, and so is an
 *    enumeration equal to its default (qualifier="exact",
 *    status="reported" are never written).
 *  - Escaping: in text & < > CR become &amp; &lt; &gt; &#13;; in attribute
 *    values & < " TAB LF CR become &amp; &lt; &quot; &#9; &#10; &#13;
 *    (so a reader's attribute-value normalisation gives them back).
 *    Every other byte is written as stored: valid NFC UTF-8.
 *  - The output ends with a newline.
 *
 * Sinks: a growing memory buffer; a FILE * (each fwrite and the final
 * fflush checked); a file written atomically: a temporary file beside it
 * (mkstemp) written with write(2), fsync'd, given the mode of the file it
 * replaces (or 0666 less the umask), renamed over the path, and the
 * directory fsync'd. Any failure before the rename removes the temporary
 * file and leaves a previous file untouched; a failure to sync the
 * directory after the rename is still reported, with the new file in
 * place. Errors are IEDU_EIO naming what failed, on which path, and why.
 *
 * Export only reads the database and keeps no static mutable state, so
 * any number of threads may export the same database at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "iedu/errors.h"
#include "iedu/xml.h"
#include "alloc.h"
#include "error.h"
#include "model.h"
#include "thread.h"

/* The buffer of the stream and file sinks; the memory sink starts so. */
#define WRITE_BUFFER_SIZE (256u * 1024u)

/* ---- the buffered writer ---------------------------------------------- */

typedef struct writer writer;

struct writer {
	char *buf;
	size_t len, cap;
	/* Makes room: empties the buffer into the sink, or grows it. */
	int (*drain)(writer *w);
	int rc; /* sticky: once a write failed, the rest are skipped */
	int fd;
	FILE *fp;
	const char *path; /* for messages */
};

/* Copies n bytes into the buffer, draining it as often as needed. */
static void put_slow(writer *w, const char *s, size_t n)
{
	while (n > w->cap - w->len) {
		size_t k = w->cap - w->len;

		if (w->rc)
			return;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
		if ((w->rc = w->drain(w)) != 0)
			return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void put(writer *w, const char *s, size_t n)
{
	if (n <= w->cap - w->len) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	} else
		put_slow(w, s, n);
}

#define PUT_LIT(w, lit) put((w), (lit), sizeof(lit) - 1)

/*
 * Makes at least need bytes of room (need at most WRITE_BUFFER_SIZE);
 * 0 when there is, else the sticky error.
 */
static inline int room(writer *w, size_t need)
{
	while (w->cap - w->len < need) {
		if (w->rc)
			return w->rc;
		if ((w->rc = w->drain(w)) != 0)
			return w->rc;
	}
	return 0;
}

/*
 * A piece of markup written for every record, child or attribute (`  <kind`,
 * ` name="`, `</child>\n`), padded so that it is copied as one fixed-size
 * block whatever its length: no strlen, no call to memcpy.
 */
#define PIECE 32

typedef struct piece {
	char s[PIECE];
	size_t n;
} piece;

typedef struct markup {
	piece attr[IEDU_ATTR_COUNT + 1];    /* ` name="` */
	piece open[IEDU_KIND_COUNT + 1];    /* `  <kind` */
	piece close[IEDU_KIND_COUNT + 1];   /* `  </kind>\n` */
	piece c_open[IEDU_CHILD_COUNT + 1]; /* `    <child` */
	piece c_close[IEDU_CHILD_COUNT + 1]; /* `</child>\n` */
} markup;

/* p = a name b; the names are the schema's, all far shorter than PIECE. */
static void piece_set(piece *p, const char *a, const char *name, const char *b)
{
	size_t la = strlen(a), ln = strlen(name), lb = strlen(b);

	memset(p->s, 0, PIECE);
	p->n = la + ln + lb;
	if (p->n > PIECE)
		p->n = PIECE; /* not reached: see the tables in schema.c */
	memcpy(p->s, a, la);
	memcpy(p->s + la, name, ln < PIECE - la ? ln : PIECE - la);
	if (la + ln < PIECE)
		memcpy(p->s + la + ln, b,
		       lb < PIECE - la - ln ? lb : PIECE - la - ln);
}

static void markup_init(markup *m)
{
	int i;

	memset(m, 0, sizeof *m);
	for (i = 1; i <= IEDU_ATTR_COUNT; i++)
		piece_set(&m->attr[i], " ", iedu_attr_name((iedu_attr)i),
			  "=\"");
	for (i = 1; i <= IEDU_KIND_COUNT; i++) {
		piece_set(&m->open[i], "  <", iedu_kind_name((iedu_kind)i), "");
		piece_set(&m->close[i], "  </", iedu_kind_name((iedu_kind)i),
			  ">\n");
	}
	for (i = 1; i <= IEDU_CHILD_COUNT; i++) {
		piece_set(&m->c_open[i], "    <",
			  iedu_child_name((iedu_child)i), "");
		piece_set(&m->c_close[i], "</", iedu_child_name((iedu_child)i),
			  ">\n");
	}
}

static inline void put_piece(writer *w, const piece *p)
{
	if (room(w, PIECE))
		return;
	memcpy(w->buf + w->len, p->s, PIECE);
	w->len += p->n;
}

/* The bytes escaped in text and in attribute values. */
enum { ESC_TEXT = 1, ESC_ATTR = 2 };

static void put_reference(writer *w, unsigned char c)
{
	switch (c) {
	case '\t':
		PUT_LIT(w, "&#9;");
		break;
	case '\n':
		PUT_LIT(w, "&#10;");
		break;
	case '\r':
		PUT_LIT(w, "&#13;");
		break;
	case '"':
		PUT_LIT(w, "&quot;");
		break;
	case '&':
		PUT_LIT(w, "&amp;");
		break;
	case '<':
		PUT_LIT(w, "&lt;");
		break;
	default: /* '>' */
		PUT_LIT(w, "&gt;");
		break;
	}
}

/*
 * Eight bytes at a time: the bytes of x that end a run, the NUL and the
 * bytes to escape, each marked by the high bit of its byte. The classic
 * "has a zero byte" test applied to x XOR each such byte; a marked byte
 * may be a false one only above a true one, so the lowest mark is exact,
 * which is all the scan uses.
 */
#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t zero_byte(uint64_t v)
{
	return (v - ONES) & ~v & HIGHS;
}

static inline uint64_t run_ends(uint64_t x, unsigned char mask)
{
	uint64_t m = zero_byte(x) | zero_byte(x ^ (ONES * '&')) |
		     zero_byte(x ^ (ONES * '<')) | zero_byte(x ^ (ONES * '\r'));

	if (mask == ESC_ATTR)
		m |= zero_byte(x ^ (ONES * '"')) |
		     zero_byte(x ^ (ONES * '\t')) |
		     zero_byte(x ^ (ONES * '\n'));
	else
		m |= zero_byte(x ^ (ONES * '>'));
	return m;
}

/* The number of bytes of the word s points at before its first marked one
 * (m, not 0, from run_ends). */
static inline size_t first_marked(const char *s, uint64_t m, unsigned char mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	(void)s;
	(void)mask;
	return (size_t)__builtin_ctzll(m) >> 3;
#else
	static const unsigned char esc_class[256] = {
	    ['\t'] = ESC_ATTR,
	    ['\n'] = ESC_ATTR,
	    ['\r'] = ESC_TEXT | ESC_ATTR,
	    ['"'] = ESC_ATTR,
	    ['&'] = ESC_TEXT | ESC_ATTR,
	    ['<'] = ESC_TEXT | ESC_ATTR,
	    ['>'] = ESC_TEXT,
	};
	size_t k = 0;

	(void)m;
	while (s[k] && !(esc_class[(unsigned char)s[k]] & mask))
		k++;
	return k;
#endif
}

/*
 * Writes the arena string s up to its NUL, escaping the bytes of class
 * mask. The string is read and copied eight bytes at a time, which the
 * zero padding after the arena's last string makes safe (strtab.h); each
 * word is stored whole and the length advanced by the bytes that belong,
 * so a string costs neither a strlen nor a call to memcpy.
 */
static inline void put_escaped(writer *w, const char *s, unsigned char mask)
{
	for (;;) {
		uint64_t x, m;
		size_t k;

		if (room(w, 8))
			return;
		memcpy(&x, s, 8);
		memcpy(w->buf + w->len, &x, 8);
		if (!(m = run_ends(x, mask))) {
			w->len += 8;
			s += 8;
			continue;
		}
		k = first_marked(s, m, mask);
		w->len += k;
		s += k;
		if (!*s)
			return;
		put_reference(w, (unsigned char)*s++);
	}
}

/* ---- values ------------------------------------------------------------ */

/*
 * The string an attribute is written with (and sorted by), or NULL when
 * it is not written: absent, an enumeration at its default, a reference
 * to a record without an id. All but the enumerations' tokens are arena
 * strings.
 */
static const char *value_string(const iedu_db *db, const attr_spec *spec,
				uint32_t v)
{
	if (!v)
		return NULL;
	switch ((vtype)spec->vt) {
	case VT_ENUM:
		return v == spec->deflt ? NULL : spec->tokens[v - 1];
	case VT_REF:
		return model_id(db, v);
	case VT_REFLIST:
		/* v is the index + 1 of [n, joined string, handles...] */
		return strtab_get(&db->strings, db->lists[v]);
	default:
		return strtab_get(&db->strings, v);
	}
}

static void put_value(writer *w, const iedu_db *db, const markup *mk,
		      const attr_spec *spec, uint32_t v)
{
	const char *s = value_string(db, spec, v);

	if (!s)
		return;
	put_piece(w, &mk->attr[spec->attr]);
	if (spec->vt == VT_ENUM) /* a token of the schema, not in the arena:
				    nothing to escape, no padding after it */
		put(w, s, strlen(s));
	else
		put_escaped(w, s, ESC_ATTR);
	PUT_LIT(w, "\"");
}

static void write_child(writer *w, const iedu_db *db, const markup *mk,
			const child_rec *c)
{
	const child_spec *cs = &schema_children[c->type];
	int i;

	put_piece(w, &mk->c_open[c->type]);
	for (i = 0; i < cs->nattrs; i++)
		put_value(w, db, mk, &cs->attrs[i], c->v[i]);
	if (cs->text == TEXT_NONE || !c->v[CHILD_TEXT]) {
		PUT_LIT(w, "/>\n");
		return;
	}
	PUT_LIT(w, ">");
	put_escaped(w, strtab_get(&db->strings, c->v[CHILD_TEXT]), ESC_TEXT);
	put_piece(w, &mk->c_close[c->type]);
}

static void write_record(writer *w, const iedu_db *db, const markup *mk,
			 iedu_kind kind, const uint32_t *r)
{
	const kind_spec *ks = &schema_kinds[kind];
	uint32_t i;

	put_piece(w, &mk->open[kind]);
	for (i = 0; i < ks->nattrs; i++)
		put_value(w, db, mk, &ks->attrs[i], r[REC_ATTR0 + i]);
	if (!r[REC_NCHILDREN]) {
		PUT_LIT(w, "/>\n");
		return;
	}
	PUT_LIT(w, ">\n");
	for (i = 0; i < r[REC_NCHILDREN]; i++)
		write_child(w, db, mk, &db->children[r[REC_FIRST_CHILD] + i]);
	put_piece(w, &mk->close[kind]);
}

/* ---- record order ------------------------------------------------------ */

#define SORT_KEYS 4

/* The sort keys of a kind: attributes compared in turn. */
typedef struct sort_spec {
	uint8_t attr[SORT_KEYS]; /* iedu_attr; 0 ends */
	uint8_t numeric;	 /* bit i: key i is a positive integer */
} sort_spec;

static const sort_spec sort_specs[IEDU_KIND_COUNT + 1] = {
    [IEDU_KIND_MEMBERSHIP] = {{IEDU_ATTR_BODY, IEDU_ATTR_MEMBER, IEDU_ATTR_FROM,
			       IEDU_ATTR_ID},
			      0},
    [IEDU_KIND_POST] = {{IEDU_ATTR_ORG, IEDU_ATTR_PERSON, IEDU_ATTR_FROM,
			 IEDU_ATTR_ID},
			0},
    [IEDU_KIND_RELATION] = {{IEDU_ATTR_FROM, IEDU_ATTR_TO, IEDU_ATTR_TYPE,
			     IEDU_ATTR_ID},
			    0},
    [IEDU_KIND_DESIGNATION] = {{IEDU_ATTR_PROGRAMME, IEDU_ATTR_BATCH,
				IEDU_ATTR_ORG, IEDU_ATTR_ID},
			       1u << 1},
};

/*
 * How the records of one kind are compared. A key that references records
 * of one kind exported before (sorted by id, so their export order is the
 * order of their ids) is compared by that order, rank[target][index], a
 * number, instead of by the id's string, which would be a random access
 * into another kind's records and then into the arena; the other keys by
 * their strings. The index breaks ties: the order is total.
 */
typedef struct sort_ctx {
	const iedu_db *db;
	const kind_store *st;
	const kind_spec *ks;
	uint32_t *const *rank;
	int pos[SORT_KEYS];	       /* attribute position, -1: none */
	iedu_kind target[SORT_KEYS]; /* ranked keys: the kind named */
	uint8_t numeric;	       /* bit i: key i is a positive integer */
	uint8_t ranked;		       /* bit i: key i is compared by rank */
} sort_ctx;

/*
 * One record to sort: its index and the first 16 bytes of its keys in an
 * encoding that compares as the keys do, so that most comparisons are two
 * integer comparisons and touch neither the record nor the arena. Keys
 * are encoded in turn until the 16 bytes are full or a key cannot be: a
 * rank as 4 bytes big-endian; a string as its bytes and a NUL (absent: the
 * NUL alone, which sorts first as an absent value must; a present key is
 * never empty: ids, references, tokens and dates have at least one byte,
 * and offset 0 is how the model says absent); a number is not
 * encoded, nor anything after it. The encoding of each key is prefix-free
 * and ordered as the key, so equal encodings leave the order to the keys
 * not (wholly) encoded, and unequal ones decide it.
 */
typedef struct sort_item {
	uint64_t prefix[2]; /* big-endian */
	uint32_t index;
} sort_item;

static const uint32_t *record_at(const kind_store *st, uint32_t index)
{
	return st->slots + (size_t)index * st->stride;
}

/* Key i of record r: its rank (1 + position, 0 absent) or its string. */
static uint32_t key_rank(const sort_ctx *c, const uint32_t *r, int i)
{
	uint32_t v = r[REC_ATTR0 + c->pos[i]];

	return v ? c->rank[c->target[i]][handle_index(v)] : 0;
}

static const char *key_string(const sort_ctx *c, const uint32_t *r, int i)
{
	return c->pos[i] < 0 ? NULL
			     : value_string(c->db, &c->ks->attrs[c->pos[i]],
					    r[REC_ATTR0 + c->pos[i]]);
}

static void item_init(sort_item *it, const sort_ctx *c, uint32_t index)
{
	const uint32_t *r = record_at(c->st, index);
	unsigned char b[16] = {0};
	size_t n = 0;
	int i, j;

	for (i = 0; i < SORT_KEYS && c->pos[i] >= 0 && n < sizeof b; i++) {
		if (c->ranked & (1u << i)) {
			uint32_t k = key_rank(c, r, i);
			if (sizeof b - n < 4)
				break;
			b[n++] = (unsigned char)(k >> 24);
			b[n++] = (unsigned char)(k >> 16);
			b[n++] = (unsigned char)(k >> 8);
			b[n++] = (unsigned char)k;
		} else if (c->numeric & (1u << i)) {
			break;
		} else {
			const char *s = key_string(c, r, i);
			while (s && *s && n < sizeof b)
				b[n++] = (unsigned char)*s++;
			if (n == sizeof b)
				break;
			b[n++] = 0;
		}
	}
	it->prefix[0] = it->prefix[1] = 0;
	for (j = 0; j < 16; j++)
		it->prefix[j / 8] = it->prefix[j / 8] << 8 | b[j];
	it->index = index;
}

/* The comparison of the keys themselves, when the prefixes are equal. */
static int compare_keys(const sort_ctx *c, const sort_item *a,
			const sort_item *b)
{
	const uint32_t *ra = record_at(c->st, a->index),
		       *rb = record_at(c->st, b->index);
	int i, d;

	for (i = 0; i < SORT_KEYS && c->pos[i] >= 0; i++) {
		const char *x, *y;
		if (c->ranked & (1u << i)) {
			uint32_t p = key_rank(c, ra, i), q = key_rank(c, rb, i);
			if (p != q)
				return p < q ? -1 : 1;
			continue;
		}
		x = key_string(c, ra, i);
		y = key_string(c, rb, i);
		if (x == y)
			continue;
		if (!x || !y)
			return x ? 1 : -1;
		if (c->numeric & (1u << i)) {
			/* positive integers without leading zeros (parse.c) */
			size_t lx = strlen(x), ly = strlen(y);
			if (lx != ly)
				return lx < ly ? -1 : 1;
		}
		if ((d = strcmp(x, y)) != 0)
			return d;
	}
	return a->index < b->index ? -1 : a->index > b->index;
}

static inline int item_before(const sort_ctx *c, const sort_item *a,
			      const sort_item *b)
{
	if (a->prefix[0] != b->prefix[0])
		return a->prefix[0] < b->prefix[0];
	if (a->prefix[1] != b->prefix[1])
		return a->prefix[1] < b->prefix[1];
	return compare_keys(c, a, b) < 0;
}

/*
 * Sorts items[0, n) with tmp[0, n) as scratch: insertion sort of runs of
 * 16, then bottom-up merges; O(n log n) comparisons whatever the input,
 * with the comparison inlined (qsort's call per comparison was a third of
 * the sort).
 */
#define RUN 16

static void sort_items(const sort_ctx *c, sort_item *items, sort_item *tmp,
		       uint32_t n)
{
	sort_item *from = items, *to = tmp, *t;
	uint32_t lo, width;

	for (lo = 0; lo < n; lo += RUN) {
		uint32_t hi = n - lo < RUN ? n : lo + RUN, i;
		for (i = lo + 1; i < hi; i++) {
			sort_item x = items[i];
			uint32_t j = i;
			while (j > lo && item_before(c, &x, &items[j - 1])) {
				items[j] = items[j - 1];
				j--;
			}
			items[j] = x;
		}
	}
	for (width = RUN; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			uint32_t mid = n - lo < width ? n : lo + width;
			uint32_t hi = n - mid < width ? n : mid + width;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = item_before(c, &from[j], &from[i])
					      ? from[j++]
					      : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != items)
		memcpy(items, from, (size_t)n * sizeof *items);
}

/* The kind an attribute references when it is exactly one, else 0. */
static iedu_kind single_ref_kind(const attr_spec *a)
{
	unsigned m = a->ref_kinds;
	iedu_kind k;

	if (a->vt != VT_REF || !m || (m & (m - 1)))
		return IEDU_KIND_NONE;
	for (k = 0; !(m & 1u); k++)
		m >>= 1;
	return k;
}

/*
 * Fills items[from, to) with the records of those indexes and sorts them
 * (tmp: as many items of scratch at the same positions).
 */
static void sort_range(const sort_ctx *c, sort_item *items, sort_item *tmp,
		       uint32_t from, uint32_t to)
{
	uint32_t n;

	for (n = from; n < to; n++)
		item_init(&items[n], c, n);
	/* records imported from canonical XML are already in order */
	for (n = from + 1; n < to; n++)
		if (item_before(c, &items[n], &items[n - 1])) {
			sort_items(c, items + from, tmp + from, to - from);
			break;
		}
}

/* The two sorted halves items[0, half) and items[half, n), merged. */
static void merge_halves(const sort_ctx *c, sort_item *items, sort_item *tmp,
			 uint32_t half, uint32_t n)
{
	uint32_t i = 0, j = half, k = 0;

	if (!item_before(c, &items[half], &items[half - 1]))
		return; /* in order already */
	while (i < half && j < n)
		tmp[k++] = item_before(c, &items[j], &items[i]) ? items[j++]
								: items[i++];
	while (i < half)
		tmp[k++] = items[i++];
	/* items[j, n) are in place */
	memcpy(items, tmp, (size_t)k * sizeof *items);
}

/* The second thread (below): half of a sort, and waiting for it. */
typedef struct helper helper;
static void helper_sort(helper *h, const sort_ctx *c, sort_item *items,
			sort_item *tmp, uint32_t from, uint32_t to);
static void helper_sorted(helper *h);

/* Kinds of more records than this are sorted in two halves with two threads. */
#define SORT_SPLIT 4096

/*
 * Fills items with the records of kind and sorts them canonically (tmp:
 * as many items of scratch); rank[k], where not NULL, gives 1 + the export
 * position of each record of kind k (sorted by id). With the second
 * thread h (not NULL), a large kind's halves are filled and sorted at
 * once, one by each thread, then merged.
 */
static void sort_kind(sort_item *items, sort_item *tmp, const iedu_db *db,
		      iedu_kind kind, uint32_t *const *rank, helper *h)
{
	static const sort_spec by_id = {{IEDU_ATTR_ID}, 0};
	const sort_spec *sp =
	    sort_specs[kind].attr[0] ? &sort_specs[kind] : &by_id;
	sort_ctx c;
	uint32_t n, half;
	int i;

	c.db = db;
	c.st = &db->kinds[kind];
	c.ks = &schema_kinds[kind];
	c.rank = rank;
	c.numeric = sp->numeric;
	c.ranked = 0;
	for (i = 0; i < SORT_KEYS; i++) {
		c.pos[i] = sp->attr[i]
			       ? schema_kind_attr(kind, (iedu_attr)sp->attr[i])
			       : -1;
		c.target[i] = c.pos[i] < 0
				  ? IEDU_KIND_NONE
				  : single_ref_kind(&c.ks->attrs[c.pos[i]]);
		if (c.target[i] && rank[c.target[i]])
			c.ranked |= (uint8_t)(1u << i);
	}
	n = c.st->count;
	if (!h || n <= SORT_SPLIT) {
		sort_range(&c, items, tmp, 0, n);
		return;
	}
	half = n / 2;
	helper_sort(h, &c, items, tmp, half, n);
	sort_range(&c, items, tmp, 0, half);
	helper_sorted(h);
	merge_halves(&c, items, tmp, half, n);
}

/*
 * Sorted order visits records, their children and their strings all over
 * memory, and a reference is written as the id of the record it names:
 * a record slot of another kind, then its id in the arena. Fetching all
 * of it some records ahead, one link of each chain per stage, hides most
 * of the cache misses:
 *
 *   n + AHEAD      the record's slot
 *   n + AHEAD/2    its values (strings, the slots of the records it
 *                  names, reference lists) and its children
 *   n + AHEAD/4    the ids of the records it names; its children's
 *                  values and texts
 *   n + AHEAD/8    the ids of the records its children name
 */
#define AHEAD 16

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static inline const uint32_t *slot_of(const iedu_db *db, iedu_handle h)
{
	const kind_store *t = &db->kinds[handle_kind(h)];

	return t->slots + (size_t)handle_index(h) * t->stride;
}

/* Stage 0: the values' strings and the slots they name; stage 1: the ids
 * of the records named. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void
prefetch_values(const iedu_db *db, const attr_spec *attrs, int nattrs,
		const uint32_t *v, int stage)
{
	int i;

	for (i = 0; i < nattrs; i++) {
		uint32_t x = v[i];
		if (!x)
			continue;
		switch ((vtype)attrs[i].vt) {
		case VT_ENUM:
			break;
		case VT_REF:
			if (stage == 0)
				PREFETCH(slot_of(db, x));
			else
				PREFETCH(strtab_get(&db->strings,
						    slot_of(db, x)[REC_ATTR0]));
			break;
		case VT_REFLIST:
			if (stage == 0)
				PREFETCH(&db->lists[x]);
			else
				PREFETCH(
				    strtab_get(&db->strings, db->lists[x]));
			break;
		default:
			if (stage == 0)
				PREFETCH(strtab_get(&db->strings, x));
			break;
		}
	}
}

/*
 * Always inlined: GCC finds a function that only prefetches free of side
 * effects and drops calls to it.
 */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void
prefetch_ahead(const iedu_db *db, iedu_kind kind, const kind_store *st,
	       const sort_item *items, uint32_t n, uint32_t end)
{
	const kind_spec *ks = &schema_kinds[kind];
	const uint32_t *r;
	uint32_t i;

	if (n + AHEAD < end)
		PREFETCH(st->slots +
			 (size_t)items[n + AHEAD].index * st->stride);
	if (n + AHEAD / 2 < end) {
		r = st->slots + (size_t)items[n + AHEAD / 2].index * st->stride;
		prefetch_values(db, ks->attrs, ks->nattrs, r + REC_ATTR0, 0);
		if (r[REC_NCHILDREN])
			PREFETCH(&db->children[r[REC_FIRST_CHILD]]);
	}
	if (n + AHEAD / 4 < end) {
		r = st->slots + (size_t)items[n + AHEAD / 4].index * st->stride;
		prefetch_values(db, ks->attrs, ks->nattrs, r + REC_ATTR0, 1);
		for (i = 0; i < r[REC_NCHILDREN]; i++) {
			const child_rec *c =
			    &db->children[r[REC_FIRST_CHILD] + i];
			const child_spec *cs = &schema_children[c->type];
			prefetch_values(db, cs->attrs, cs->nattrs, c->v, 0);
			if (c->v[CHILD_TEXT])
				PREFETCH(
				    strtab_get(&db->strings, c->v[CHILD_TEXT]));
		}
	}
	if (n + AHEAD / 8 < end) {
		r = st->slots + (size_t)items[n + AHEAD / 8].index * st->stride;
		for (i = 0; i < r[REC_NCHILDREN]; i++) {
			const child_rec *c =
			    &db->children[r[REC_FIRST_CHILD] + i];
			const child_spec *cs = &schema_children[c->type];
			prefetch_values(db, cs->attrs, cs->nattrs, c->v, 1);
		}
	}
}

/* ---- records ---------------------------------------------------------- */

/* Writes the records of kind at positions from to to of items. */
static void write_range(writer *w, const iedu_db *db, const markup *mk,
			iedu_kind kind, const sort_item *items, uint32_t from,
			uint32_t to)
{
	const kind_store *st = &db->kinds[kind];
	uint32_t n;

	/* the slots of the first records: the stages ahead start later */
	for (n = from; n < to && n < from + AHEAD; n++)
		PREFETCH(st->slots + (size_t)items[n].index * st->stride);
	for (n = from; n < to && !w->rc; n++) {
		prefetch_ahead(db, kind, st, items, n, to);
		write_record(w, db, mk, kind,
			     st->slots + (size_t)items[n].index * st->stride);
	}
}

/* ---- the second thread ------------------------------------------------- */

/*
 * With iedu_db_set_export_threads(db, 2), a kind of more than
 * SHARE_RECORDS records is written in shares of SHARE_RECORDS, taken in
 * turn: the calling thread writes the even shares into the sink as with
 * one thread, a second thread the odd ones into buffers of its own
 * (SHARE_BUFS, so that it can write the next while one waits), which the
 * calling thread copies into the sink after each even share. The bytes
 * are the same and in the same order. While it writes, the second thread
 * only reads the database, the markup and the kind's sorted order, none
 * of which changes until it has handed over the kind's last share: the
 * calling thread sorts the next kind only after copying that share.
 *
 * A share buffer grows to at most SHARE_BUF_MAX. A share that needs more
 * (records with texts of many kilobytes), or one the second thread found
 * no memory for, is handed over unwritten and the calling thread writes
 * it into the sink itself: the errors are the one-thread export's, and
 * the second thread holds at most SHARE_BUFS * SHARE_BUF_MAX bytes.
 */
#define SHARE_RECORDS 1024
#define SHARE_BUFS    2
#define SHARE_BUF_MAX ((size_t)4 << 20)

typedef struct share {
	writer w; /* a memory writer (drain_share) */
	int full; /* written, or given up (w.rc), not yet taken */
} share;

/*
 * Grows a share buffer; IEDU_ELIMIT past SHARE_BUF_MAX. A failure is
 * only a signal to the calling thread (above): the message iedu__grow
 * leaves in the second thread's last error is never read.
 */
static int drain_share(writer *w)
{
	if (w->cap >= SHARE_BUF_MAX)
		return IEDU_ELIMIT;
	return iedu__grow((void **)&w->buf, &w->cap, w->cap + 1, 1,
			  "writing XML in the export's second thread");
}

/*
 * A job of the second thread. A sort fills and sorts sort_items[from, to)
 * with the context sort and scratch tmp (it writes those items: the
 * calling thread sorts the other half meanwhile); a kind's writing
 * writes the odd shares of the count records of kind in items.
 */
typedef struct job {
	enum { JOB_WRITE, JOB_SORT } type;
	iedu_kind kind;
	const sort_item *items;
	uint32_t count;
	const sort_ctx *sort;
	sort_item *sort_items, *tmp;
	uint32_t from, to;
} job;

struct helper {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* signalled at every change below */
	const iedu_db *db;
	const markup *mk;
	/*
	 * The last job handed over; jobs counts them, done the sorts
	 * finished (a kind's writing is finished when its last share has
	 * been taken).
	 */
	job j;
	unsigned jobs, done;
	int stop; /* no more jobs: the end, or the sink failed */
	share sh[SHARE_BUFS];
};

static uint32_t shares_of(uint32_t count)
{
	return count / SHARE_RECORDS + (count % SHARE_RECORDS != 0);
}

/* Writes share s (SHARE_RECORDS records from s * SHARE_RECORDS on, fewer
 * at the end) of job j's kind. */
static void write_share(writer *w, const iedu_db *db, const markup *mk,
		      const job *j, uint32_t s)
{
	uint32_t from = s * SHARE_RECORDS, end = from + SHARE_RECORDS;

	write_range(w, db, mk, j->kind, j->items, from,
		    end < j->count ? end : j->count);
}

static void *helper_main(void *arg)
{
	helper *h = arg;
	unsigned seen = 0;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		job j;
		uint32_t s;
		while (!h->stop && h->jobs == seen)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->stop)
			break;
		seen = h->jobs;
		j = h->j;
		if (j.type == JOB_SORT) {
			pthread_mutex_unlock(&h->mu);
			sort_range(j.sort, j.sort_items, j.tmp, j.from, j.to);
			pthread_mutex_lock(&h->mu);
			h->done = seen;
			pthread_cond_broadcast(&h->cv);
			continue;
		}
		for (s = 1; s < shares_of(j.count) && !h->stop; s += 2) {
			share *b = &h->sh[(s / 2) % SHARE_BUFS];
			while (!h->stop && b->full)
				pthread_cond_wait(&h->cv, &h->mu);
			if (h->stop)
				break;
			/* b is empty: the calling thread leaves it alone */
			pthread_mutex_unlock(&h->mu);
			b->w.len = 0;
			b->w.rc = 0;
			write_share(&b->w, h->db, h->mk, &j, s);
			pthread_mutex_lock(&h->mu);
			b->full = 1;
			pthread_cond_broadcast(&h->cv);
		}
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/*
 * The second thread, started; NULL if the database asks for one thread,
 * or there is no memory or no thread for it (the export then runs in the
 * calling thread alone, to the same bytes).
 */
static helper *helper_start(const iedu_db *db, const markup *mk)
{
	helper *h;
	int i;

	if (db->export_threads < 2 || !(h = iedu__calloc(1, sizeof *h)))
		return NULL;
	h->db = db;
	h->mk = mk;
	for (i = 0; i < SHARE_BUFS; i++) {
		h->sh[i].w.cap = WRITE_BUFFER_SIZE;
		h->sh[i].w.drain = drain_share;
		if (!(h->sh[i].w.buf = iedu__malloc(WRITE_BUFFER_SIZE)))
			goto fail;
	}
	if (pthread_mutex_init(&h->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&h->cv, NULL) != 0) {
		pthread_mutex_destroy(&h->mu);
		goto fail;
	}
	if (iedu__thread_start(&h->tid, helper_main, h) != 0) {
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
		goto fail;
	}
	return h;
fail:
	for (i = 0; i < SHARE_BUFS; i++)
		iedu__free(h->sh[i].w.buf);
	iedu__free(h);
	return NULL;
}

/* Hands the second thread job j. */
static void helper_post(helper *h, const job *j)
{
	pthread_mutex_lock(&h->mu);
	h->j = *j;
	h->jobs++;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Sets *flag (a field of h) to value and tells the second thread. */
static void helper_set(helper *h, int *flag, int value)
{
	pthread_mutex_lock(&h->mu);
	*flag = value;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Hands the second thread the sort of items[from, to). */
static void helper_sort(helper *h, const sort_ctx *c, sort_item *items,
			sort_item *tmp, uint32_t from, uint32_t to)
{
	job j = {JOB_SORT, IEDU_KIND_NONE, NULL, 0, c, items, tmp, from, to};

	helper_post(h, &j);
}

/* Waits until the second thread has finished the sort it was handed. */
static void helper_sorted(helper *h)
{
	pthread_mutex_lock(&h->mu);
	while (h->done != h->jobs)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

/* Stops the second thread, waits for it and frees it. */
static void helper_end(helper *h)
{
	int i;

	if (!h)
		return;
	helper_set(h, &h->stop, 1);
	pthread_join(h->tid, NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	for (i = 0; i < SHARE_BUFS; i++)
		iedu__free(h->sh[i].w.buf);
	iedu__free(h);
}

/*
 * Writes the count records of kind in items into w: the even shares
 * here, the odd ones by the second thread, copied in after each even
 * share (or written here when it gave one up). On a failure of the sink
 * the second thread is stopped.
 */
static void write_shared(writer *w, helper *h, const markup *mk, iedu_kind kind,
			 const sort_item *items, uint32_t count)
{
	job j = {JOB_WRITE, kind, items, count, NULL, NULL, NULL, 0, 0};
	uint32_t s, n = shares_of(count);

	helper_post(h, &j);
	for (s = 0; s < n && !w->rc; s += 2) {
		share *b;
		write_share(w, h->db, mk, &j, s);
		if (s + 1 >= n || w->rc)
			break;
		b = &h->sh[((s + 1) / 2) % SHARE_BUFS];
		pthread_mutex_lock(&h->mu);
		while (!b->full)
			pthread_cond_wait(&h->cv, &h->mu);
		pthread_mutex_unlock(&h->mu);
		if (b->w.rc) /* given up: written here (above) */
			write_share(w, h->db, mk, &j, s + 1);
		else
			put(w, b->w.buf, b->w.len);
		helper_set(h, &b->full, 0);
	}
	if (w->rc) /* the rest is not wanted */
		helper_set(h, &h->stop, 1);
}

/* ---- the document ------------------------------------------------------ */

static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n";
static const char tail[] = "</iedu>\n";

/* Writes the whole document into w; the caller drains what is left. */
static int write_document(writer *w, const iedu_db *db)
{
	sort_item *items = NULL, *scratch = NULL; /* NULL: no records */
	uint32_t *rank[IEDU_KIND_COUNT + 1] = {NULL};
	helper *h = NULL;
	markup mk;
	uint32_t most = 0, n;
	int k;

	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		if (db->kinds[k].count > most)
			most = db->kinds[k].count;
	/* the items of the largest kind and as many of scratch */
	if (most) {
		if (!(items = iedu__calloc(2 * (size_t)most, sizeof *items)))
			return w->rc =
				   iedu__error_nomem("sorting records for export");
		scratch = items + most;
	}
	markup_init(&mk);
	if (most > SHARE_RECORDS)
		h = helper_start(db, &mk);
	PUT_LIT(w, head);
	for (k = 1; k <= IEDU_KIND_COUNT && !w->rc; k++) {
		const kind_store *st = &db->kinds[k];
		sort_kind(items, scratch, db, (iedu_kind)k, rank, h);
		/* the order of a kind sorted by id, for the kinds after it
		 * that sort by references to it; none when memory is short:
		 * they compare the ids instead */
		if (!sort_specs[k].attr[0] && st->count &&
		    (rank[k] = iedu__malloc(st->count * sizeof *rank[k])))
			for (n = 0; n < st->count; n++)
				rank[k][items[n].index] = n + 1;
		if (h && st->count > SHARE_RECORDS)
			write_shared(w, h, &mk, (iedu_kind)k, items, st->count);
		else
			write_range(w, db, &mk, (iedu_kind)k, items, 0,
				    st->count);
	}
	PUT_LIT(w, tail);
	helper_end(h);
	iedu__free(items);
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		iedu__free(rank[k]);
	return w->rc;
}

/* Allocates the buffer of a sink that drains by writing. */
static int writer_open(writer *w)
{
	w->len = 0;
	w->cap = WRITE_BUFFER_SIZE;
	w->rc = 0;
	if (!(w->buf = iedu__malloc(w->cap)))
		return iedu__error_nomem("allocating the export buffer");
	return IEDU_OK;
}

/* strerror(err), thread-safely, into buf. */
static const char *errstr(char *buf, size_t size, int err)
{
	if (strerror_r(err, buf, size) != 0)
		snprintf(buf, size, "error %d", err);
	return buf;
}

#define ERRBUF 128

/* ---- memory ------------------------------------------------------------ */

static int drain_grow(writer *w)
{
	return iedu__grow((void **)&w->buf, &w->cap, w->cap + 1, 1,
			  "writing XML to memory");
}

int iedu_xml_export_memory(char **out, size_t *len, const iedu_db *db)
{
	writer w = {0};
	int rc;

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !len || !db)
		return iedu__error(IEDU_EINVAL,
				   "iedu_xml_export_memory: %s is NULL",
				   !out	  ? "out"
				   : !len ? "len"
					  : "db");
	if ((rc = writer_open(&w)) != 0)
		return rc;
	w.drain = drain_grow;
	if (write_document(&w, db) == 0)
		put(&w, "", 1);
	if ((rc = w.rc) != 0) {
		iedu__free(w.buf);
		return rc;
	}
	*out = w.buf;
	*len = w.len - 1;
	return IEDU_OK;
}

/* ---- FILE * ------------------------------------------------------------ */

static int stream_error(const char *what, int err)
{
	char eb[ERRBUF];

	return iedu__error(IEDU_EIO, "cannot %s the stream: %s", what,
			   err ? errstr(eb, sizeof eb, err)
			       : "the stream reports an error");
}

static int drain_stream(writer *w)
{
	errno = 0;
	if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
		return stream_error("write to", errno);
	w->len = 0;
	return IEDU_OK;
}

int iedu_xml_export_stream(const iedu_db *db, FILE *fp)
{
	writer w = {0};
	int rc;

	if (!db || !fp)
		return iedu__error(IEDU_EINVAL,
				   "iedu_xml_export_stream: %s is NULL",
				   !db ? "db" : "fp");
	if ((rc = writer_open(&w)) != 0)
		return rc;
	w.fp = fp;
	w.drain = drain_stream;
	if ((rc = write_document(&w, db)) == 0 && w.len)
		rc = drain_stream(&w);
	iedu__free(w.buf);
	if (rc)
		return rc;
	errno = 0;
	if (fflush(fp) != 0)
		return stream_error("flush", errno);
	return IEDU_OK;
}

/* ---- atomic file ------------------------------------------------------- */

static int path_error(const char *what, const char *path, int err)
{
	char eb[ERRBUF];

	return iedu__error(IEDU_EIO, "cannot %s '%s': %s", what, path,
			   errstr(eb, sizeof eb, err));
}

static int drain_fd(writer *w)
{
	const char *p = w->buf;
	size_t n = w->len;

	while (n) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return path_error("write", w->path, errno);
		}
		p += k;
		n -= (size_t)k;
	}
	w->len = 0;
	return IEDU_OK;
}

/*
 * The process's umask without changing it (umask(2) can only be read by
 * setting it, which races with other threads creating files): Linux shows
 * it in /proc/self/status. When that cannot be read, 077: the file keeps
 * the owner-only mode mkstemp gave it rather than guessing wider access.
 */
static mode_t current_umask(void)
{
	char buf[1024];
	const char *p;
	ssize_t n = -1;
	mode_t mask = 0;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		do
			n = read(fd, buf, sizeof buf - 1);
		while (n < 0 && errno == EINTR);
		close(fd);
	}
	if (n <= 0)
		return 077;
	buf[n] = '\0';
	if (!(p = strstr(buf, "\nUmask:")))
		return 077;
	for (p += 7; *p == ' ' || *p == '\t'; p++)
		;
	if (*p < '0' || *p > '7')
		return 077;
	for (; *p >= '0' && *p <= '7'; p++)
		mask = (mode_t)(mask * 8 + (mode_t)(*p - '0'));
	return mask & 0777;
}

/* The mode for path: that of the file it replaces, else 0666 & ~umask. */
static mode_t target_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	return 0666 & ~current_umask();
}

/*
 * Names the files of an atomic export of path: *tmp the template of the
 * temporary file ("<path>.XXXXXX") and *dir the directory holding both.
 */
static int name_files(char **tmp, char **dir, const char *path)
{
	static const char suffix[] = ".XXXXXX";
	const char *slash = strrchr(path, '/');
	size_t plen = strlen(path);

	*tmp = iedu__malloc(plen + sizeof suffix);
	if (!slash)
		*dir = iedu__strndup(".", 1);
	else
		*dir = iedu__strndup(
		    path, slash == path ? 1 : (size_t)(slash - path));
	if (!*tmp || !*dir) {
		iedu__free(*tmp);
		iedu__free(*dir);
		return iedu__error_nomem("naming the files of an export");
	}
	memcpy(*tmp, path, plen);
	memcpy(*tmp + plen, suffix, sizeof suffix);
	return IEDU_OK;
}

/*
 * Everything that can fail before the rename is done before it, so that a
 * failure leaves the previous file; only syncing the directory comes after.
 */
int iedu_xml_export_file(const iedu_db *db, const char *path)
{
	writer w = {0};
	char *tmp, *dir, eb[ERRBUF];
	int dir_fd = -1, rc;
	mode_t mode;

	if (!db || !path)
		return iedu__error(IEDU_EINVAL,
				   "iedu_xml_export_file: %s is NULL",
				   !db ? "db" : "path");
	if ((rc = name_files(&tmp, &dir, path)) != 0)
		return rc;
	if ((rc = writer_open(&w)) != 0)
		goto out;
	w.drain = drain_fd;
	w.path = path;
	if ((w.fd = mkstemp(tmp)) < 0) {
		rc = path_error("create a temporary file beside", path, errno);
		goto out;
	}
	/* mkstemp cannot set close-on-exec atomically; narrow the window */
	(void)fcntl(w.fd, F_SETFD, FD_CLOEXEC);
	mode = target_mode(path);
	if ((dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		rc = path_error("open the directory", dir, errno);
	if (!rc && (rc = write_document(&w, db)) == 0 && w.len)
		rc = drain_fd(&w);
	if (!rc && fsync(w.fd) != 0)
		rc = path_error("sync", path, errno);
	if (!rc && fchmod(w.fd, mode) != 0)
		rc = path_error("set the mode of", path, errno);
	if (close(w.fd) != 0 && !rc)
		rc = path_error("close", path, errno);
	if (!rc && rename(tmp, path) != 0)
		rc = path_error("replace", path, errno);
	if (rc)
		unlink(tmp);
	/* some file systems cannot sync a directory: nothing more to do */
	else if (fsync(dir_fd) != 0 && errno != EINVAL && errno != ENOTSUP)
		rc = iedu__error(IEDU_EIO,
				 "wrote '%s' but cannot sync its directory "
				 "'%s': %s",
				 path, dir, errstr(eb, sizeof eb, errno));
out:
	if (dir_fd >= 0)
		close(dir_fd);
	iedu__free(w.buf);
	iedu__free(tmp);
	iedu__free(dir);
	return rc;
}

int iedu_db_set_export_threads(iedu_db *db, uint32_t nthreads)
{
	return model_set_threads(db, MODEL_EXPORT_THREADS, nthreads,
				 "iedu_db_set_export_threads");
}
