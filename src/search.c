/*
 * Finding records by name: the search index and iedu_db_find.
 *
 * Every name, title, label and alias becomes an entry keyed by its folded
 * text (fold.c); a name holding Han characters also becomes a second entry
 * keyed by its folded pinyin (pinyin.c), with the bytes that begin a
 * syllable marked. Within a segment of the index the entries are numbered
 * in rank order: names before aliases, direct before pinyin, then the
 * collation order of the stored text ("zh" collator) and the record id.
 * The ranking of results is thus an integer comparison, and a lookup that
 * yields entry numbers in ascending order yields them best first.
 *
 * Per record kind, and separately for direct and pinyin entries, a part
 * holds:
 *   - the entry numbers sorted by key: an exact match is an equal range, a
 *     prefix match the range of keys that begin with the query; minima of
 *     blocks of 16, 256, ... entries find the best-ranked entries of a
 *     range in O(limit log n) without walking it;
 *   - postings of n-grams of the keys (a Han character alone and each pair
 *     of Han characters; three characters of anything else), each list in
 *     ascending entry number: a substring match walks the shortest list of
 *     the query's n-grams, best first, and verifies each key. A pinyin
 *     substring must begin at a syllable, so "nan" finds 中南 (zhong|nan)
 *     but "ongn" does not.
 *
 * The index is built on the first find and covers the records then
 * committed; a find after a commit that added records builds a segment for
 * the new ones (and rebuilds all segments into one when there would be
 * more than SEGMENTS_MAX). Results from several segments are merged by the
 * same rank, comparing the texts with the collator.
 *
 * Thread safety: building or extending happens under db->lock; afterwards
 * finds only read the index, which stays unchanged until a commit adds
 * records, and commits do not run while the database is read (database.h).
 * The collator is used only through ICU's const functions, which ICU
 * allows from many threads at once; the transliterators are used only
 * under the lock.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "iedu/errors.h"
#include "iedu/records.h"
#include "iedu/search.h"
#include "alloc.h"
#include "error.h"
#include "fold.h"
#include "model.h"
#include "pinyin.h"

#define SEGMENTS_MAX 8
#define BLOCK	     16
#define LEVELS_MAX   10
#define LISTS_MAX    3

typedef struct entry {
	iedu_handle rec;
	uint32_t key;	 /* offset of the folded key in the segment's keys */
	uint32_t bits;	 /* pinyin: offset of the syllable-start bitmap */
	uint32_t text;	 /* the stored text, in db->strings */
	uint16_t cindex; /* among the record's children of that type */
	uint8_t child;
	uint8_t pinyin;
} entry;

typedef struct part {
	uint32_t n;
	/* level 0: entry numbers sorted by key; level j: minima of blocks
	 * of BLOCK of level j - 1 */
	uint32_t *level[LEVELS_MAX];
	uint32_t len[LEVELS_MAX];
	int nlevels;
	/* n-gram -> postings[start[s] .. start[s] + count[s]) */
	uint64_t *grams; /* 0: an empty slot */
	uint32_t *start, *count;
	size_t gcap, gused;
	uint32_t *postings;
} part;

typedef struct segment {
	entry *e;
	uint32_t n;
	char *keys;
	size_t klen, kcap;
	part parts[IEDU_KIND_COUNT + 1][2]; /* [kind][pinyin] */
} segment;

struct search_index {
	segment *segs;
	size_t nsegs;
	uint32_t covered[IEDU_KIND_COUNT + 1];
	romaniser rom;
	UCollator *coll;
};

typedef struct match {
	iedu_handle rec;
	const char *text;
	uint8_t child, how, pinyin;
} match;

struct iedu_matches {
	match *m;
	size_t n, cap;
};

/* ---- n-grams ---- */

/* A Han character, a pair of them, or three code points of 21 bits:
 * the three shapes never collide as numbers (no code point is 0). */
static size_t grams_of(uint64_t **out, size_t *cap, uint32_t **cps,
		       size_t *cpcap, const char *key, size_t len)
{
	size_t n = 0, i = 0, k, g = 0;

	while (i < len) {
		if (iedu__grow((void **)cps, cpcap, n + 1, sizeof **cps,
			       "cutting names into n-grams") != 0)
			return (size_t)-1;
		(*cps)[n++] = fold_next_cp(key, &i);
	}
	if (iedu__grow((void **)out, cap, 2 * n + 1, sizeof **out,
		       "cutting names into n-grams") != 0)
		return (size_t)-1;
	for (k = 0; k < n; k++) {
		uint64_t c = (*cps)[k];
		if (fold_is_han((uint32_t)c)) {
			(*out)[g++] = c;
			if (k + 1 < n && fold_is_han((*cps)[k + 1]))
				(*out)[g++] = c << 21 | (*cps)[k + 1];
		} else if (k + 2 < n) {
			(*out)[g++] = c << 42 | (uint64_t)(*cps)[k + 1] << 21 |
				      (*cps)[k + 2];
		}
	}
	return g;
}

/*
 * Pinyin has few letters, so its trigrams are weak: "lia", "iao" and
 * "ing" are in a tenth of all long titles. A pinyin key therefore also
 * has every run of LONG_GRAM bytes as a gram (bit 63 set: the other
 * shapes never reach it), and a pinyin query of LONG_GRAM bytes or more
 * looks up all of its runs: "angxin" (广信) is rare where "liaoni" (辽宁)
 * is not.
 */
#define LONG_GRAM 6

static uint64_t long_gram(const char *p)
{
	uint64_t g = (uint64_t)1 << 63;
	int i;

	for (i = 0; i < LONG_GRAM; i++)
		g |= (uint64_t)(unsigned char)p[i] << (8 * i);
	return g;
}

/* Appends the long grams of a pinyin key or query to g[0..n); the new n,
 * or (size_t)-1 when out of memory. */
static size_t long_grams(uint64_t **g, size_t *gcap, size_t n, const char *key,
			 size_t len)
{
	size_t i;

	if (len < LONG_GRAM)
		return n;
	if (iedu__grow((void **)g, gcap, n + len - LONG_GRAM + 1, sizeof **g,
		       "cutting names into n-grams") != 0)
		return (size_t)-1;
	for (i = 0; i + LONG_GRAM <= len; i++)
		(*g)[n++] = long_gram(key + i);
	return n;
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * Sorts and removes duplicates; the new count. A query's grams: the
 * index's keys go through distinct() (below), which need not sort.
 */
static size_t unique(uint64_t *g, size_t n)
{
	size_t i, k = 0;

	if (n < 2)
		return n;
	if (n > 64) {
		qsort(g, n, sizeof *g, u64_cmp);
	} else {
		/* a name has a few dozen: cheaper than qsort's calls */
		for (i = 1; i < n; i++) {
			uint64_t x = g[i];
			for (k = i; k > 0 && g[k - 1] > x; k--)
				g[k] = g[k - 1];
			g[k] = x;
		}
		k = 0;
	}
	for (i = 0; i < n; i++)
		if (i == 0 || g[i] != g[k - 1])
			g[k++] = g[i];
	return k;
}

/*
 * A gram's home slot in a table of a power of two: the product's high
 * half folded into the low, so that every bit of the gram counts (the
 * low bits of a product see only the low bits of the gram: a trigram's
 * first code point, bits 42 up, moved no slot of a table below 2^22,
 * and every "?ng" started its probe at the same place).
 */
static size_t gram_hash(uint64_t g)
{
	uint64_t h = g * 0x9E3779B97F4A7C15ull;

	return (size_t)(h ^ h >> 32);
}

/*
 * The scratch of cutting the index's keys into distinct grams: the grams
 * and code points of one key, and a set of the grams seen in it (a slot
 * holds a gram when its stamp is the key's, so the set is never cleared
 * between keys).
 */
typedef struct gram_scratch {
	uint64_t *g;
	size_t gcap;
	uint32_t *cps;
	size_t cpcap;
	uint64_t *seen;
	uint32_t *stamp;
	size_t scap; /* a power of two, or 0 */
	uint32_t now;
} gram_scratch;

static void gram_scratch_free(gram_scratch *x)
{
	iedu__free(x->g);
	iedu__free(x->cps);
	iedu__free(x->seen);
	iedu__free(x->stamp);
}

/*
 * Removes duplicates from x->g[0, n), in no particular order (the index
 * files each gram of a key once, whatever their order: only a query's
 * grams are sorted, by unique); the new count, or (size_t)-1 when out of
 * memory. Linear: each key's grams were sorted before, a third of
 * building the index at 200,000 organisations.
 */
static size_t distinct(gram_scratch *x, size_t n)
{
	size_t i, k = 0, mask;

	if (n <= 64)
		return unique(x->g, n);
	if (x->scap < 2 * n) {
		size_t cap = x->scap ? x->scap : 256;
		while (cap < 2 * n)
			cap *= 2;
		iedu__free(x->seen);
		iedu__free(x->stamp);
		x->seen = cap <= SIZE_MAX / sizeof *x->seen
			      ? iedu__malloc(cap * sizeof *x->seen)
			      : NULL;
		x->stamp = iedu__calloc(cap, sizeof *x->stamp);
		x->scap = x->seen && x->stamp ? cap : 0;
		x->now = 0;
		if (!x->scap) {
			(void)iedu__error_nomem("cutting names into n-grams");
			return (size_t)-1;
		}
	} else if (x->now == UINT32_MAX) {
		memset(x->stamp, 0, x->scap * sizeof *x->stamp);
		x->now = 0;
	}
	x->now++;
	mask = x->scap - 1;
	for (i = 0; i < n; i++) {
		uint64_t v = x->g[i];
		size_t j = gram_hash(v) & mask;
		while (x->stamp[j] == x->now && x->seen[j] != v)
			j = (j + 1) & mask;
		if (x->stamp[j] != x->now) {
			x->stamp[j] = x->now;
			x->seen[j] = v;
			x->g[k++] = v;
		}
	}
	return k;
}

static size_t gram_slot(const part *p, uint64_t g)
{
	size_t i = gram_hash(g) & (p->gcap - 1);

	while (p->grams[i] && p->grams[i] != g)
		i = (i + 1) & (p->gcap - 1);
	return i;
}

static int gram_grow(part *p)
{
	part q;
	size_t i;

	memset(&q, 0, sizeof q);
	q.gcap = p->gcap ? p->gcap * 2 : 4096;
	q.grams = iedu__calloc(q.gcap, sizeof *q.grams);
	q.count = iedu__calloc(q.gcap, sizeof *q.count);
	if (!q.grams || !q.count) {
		iedu__free(q.grams);
		iedu__free(q.count);
		return iedu__error_nomem("building the search index");
	}
	for (i = 0; i < p->gcap; i++) {
		if (p->grams[i]) {
			size_t k = gram_slot(&q, p->grams[i]);
			q.grams[k] = p->grams[i];
			q.count[k] = p->count[i];
		}
	}
	iedu__free(p->grams);
	iedu__free(p->count);
	p->grams = q.grams;
	p->count = q.count;
	p->gcap = q.gcap;
	return 0;
}

/* ---- building ---- */

static void part_free(part *p)
{
	int j;

	for (j = 0; j < p->nlevels; j++)
		iedu__free(p->level[j]);
	iedu__free(p->grams);
	iedu__free(p->start);
	iedu__free(p->count);
	iedu__free(p->postings);
	memset(p, 0, sizeof *p);
}

static void segment_free(segment *s)
{
	int k, f;

	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		for (f = 0; f < 2; f++)
			part_free(&s->parts[k][f]);
	iedu__free(s->e);
	iedu__free(s->keys);
	memset(s, 0, sizeof *s);
}

void search_index_free(struct search_index *index)
{
	size_t i;

	if (!index)
		return;
	for (i = 0; i < index->nsegs; i++)
		segment_free(&index->segs[i]);
	iedu__free(index->segs);
	romaniser_free(&index->rom);
	if (index->coll)
		ucol_close(index->coll);
	iedu__free(index);
}

/* Appends n bytes and a NUL to the key arena; *off is where they start. */
static int put_key(segment *s, const char *p, size_t n, uint32_t *off)
{
	if (s->klen + n + 1 > UINT32_MAX)
		return iedu__error(IEDU_ELIMIT,
				   "the search index's keys exceed 4 GiB: "
				   "expected fewer or shorter names");
	if (iedu__grow((void **)&s->keys, &s->kcap, s->klen + n + 1, 1,
		       "building the search index") != 0)
		return IEDU_ENOMEM;
	*off = (uint32_t)s->klen;
	if (n)
		memcpy(s->keys + s->klen, p, n);
	s->keys[s->klen + n] = '\0';
	s->klen += n + 1;
	return 0;
}

static int indexed_child(unsigned c)
{
	return c == IEDU_CHILD_NAME || c == IEDU_CHILD_TITLE ||
	       c == IEDU_CHILD_LABEL || c == IEDU_CHILD_ALIAS;
}

/* One stored text while a segment is built. */
typedef struct text_item {
	const char *sortkey; /* NUL-terminated ICU sort key */
	const char *id;
	uint32_t direct, pinyin; /* entry numbers; pinyin UINT32_MAX: none */
	uint16_t cindex;
	uint8_t child;
} text_item;

static int text_cmp(const void *x, const void *y)
{
	const text_item *a = x, *b = y;
	int c = strcmp(a->sortkey, b->sortkey);

	if (!c)
		c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
	if (!c)
		c = a->child != b->child
			? (a->child < b->child ? -1 : 1)
			: (a->cindex > b->cindex) - (a->cindex < b->cindex);
	if (!c)
		c = (a->direct > b->direct) - (a->direct < b->direct);
	return c;
}

/* Appends the sort key of text to keys (NUL-terminated); *off. */
static int sort_key(textbuf *keys, textbuf *u16, const UCollator *coll,
		    const char *text, uint32_t *off)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t len = strlen(text);
	int32_t ulen = 0, n;

	if (len > INT32_MAX / 4 ||
	    iedu__grow((void **)&u16->p, &u16->cap, (len + 1) * sizeof(UChar),
		       1, "ranking names for search") != 0)
		return iedu__error_nomem("ranking names for search");
	u_strFromUTF8((UChar *)u16->p, (int32_t)len + 1, &ulen, text,
		      (int32_t)len, &st);
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU could not convert the name '%.100s' "
				   "for ranking (%s)",
				   text, u_errorName(st));
	for (;;) {
		size_t room = keys->cap - keys->len;
		/* no arithmetic on NULL: ICU measures into a NULL buffer */
		n = ucol_getSortKey(
		    coll, (UChar *)u16->p, ulen,
		    keys->p ? (uint8_t *)keys->p + keys->len : NULL,
		    room > INT32_MAX ? INT32_MAX : (int32_t)room);
		/* ucol_getSortKey gives no status; with valid arguments
		 * it fails only when it runs out of memory */
		if (n <= 0)
			return iedu__error(IEDU_ENOMEM,
					   "out of memory while computing the "
					   "sort key of the name '%.100s'",
					   text);
		if ((size_t)n <= room)
			break;
		if (iedu__grow((void **)&keys->p, &keys->cap,
			       keys->len + (size_t)n, 1,
			       "ranking names for search") != 0)
			return IEDU_ENOMEM;
	}
	*off = (uint32_t)keys->len;
	keys->len += (size_t)n;
	return 0;
}

/* What a segment is built from. */
typedef struct builder {
	const iedu_db *db;
	struct search_index *idx;
	segment *s;
	text_item *texts;
	size_t ntexts, tcap, ecap;
	textbuf folded, pkey, pbits, sortkeys, u16;
	uint32_t *skoff;
	size_t skcap;
} builder;

static int add_entry(builder *b, iedu_handle rec, uint32_t key, uint32_t bits,
		     uint32_t text, unsigned child, unsigned cindex, int pinyin)
{
	segment *s = b->s;
	entry *e;

	if (s->n == UINT32_MAX ||
	    iedu__grow((void **)&s->e, &b->ecap, (size_t)s->n + 1, sizeof *e,
		       "building the search index") != 0)
		return IEDU_ENOMEM;
	e = &s->e[s->n++];
	e->rec = rec;
	e->key = key;
	e->bits = bits;
	e->text = text;
	e->child = (uint8_t)child;
	e->cindex = (uint16_t)cindex;
	e->pinyin = (uint8_t)pinyin;
	return 0;
}

/* The entries of one text: direct, and pinyin when it has Han. */
static int add_text(builder *b, iedu_kind kind, iedu_handle rec,
		    const child_rec *c, unsigned cindex)
{
	const char *text = strtab_get(&b->db->strings, c->v[CHILD_TEXT]);
	size_t len = strlen(text);
	segment *s = b->s;
	text_item *t;
	uint32_t key = 0, bits = 0, skoff = 0;
	int rc, has;

	if ((rc = fold_text(&b->folded, text, len, FOLD_DIRECT)) != 0)
		return rc;
	if (b->folded.len == 0)
		return 0;
	if ((rc = put_key(s, b->folded.p, b->folded.len, &key)) != 0 ||
	    (rc = sort_key(&b->sortkeys, &b->u16, b->idx->coll, text,
			   &skoff)) != 0 ||
	    (rc = iedu__grow((void **)&b->texts, &b->tcap, b->ntexts + 1,
			     sizeof *b->texts, "building the search index")) !=
		0 ||
	    (rc = iedu__grow((void **)&b->skoff, &b->skcap, b->ntexts + 1,
			     sizeof *b->skoff, "building the search index")) !=
		0)
		return rc;
	t = &b->texts[b->ntexts];
	b->skoff[b->ntexts++] = skoff;
	t->id = model_id(b->db, rec);
	t->child = c->type;
	t->cindex = (uint16_t)cindex;
	t->direct = s->n;
	t->pinyin = UINT32_MAX;
	if ((rc = add_entry(b, rec, key, 0, c->v[CHILD_TEXT], c->type, cindex,
			    0)) != 0)
		return rc;
	rc = romaniser_key(
	    &b->idx->rom, &b->pkey, &b->pbits, &has, b->folded.p, b->folded.len,
	    kind == IEDU_KIND_PERSON && c->type == IEDU_CHILD_NAME
		? ROMAN_PERSONAL
		: ROMAN_PLAIN);
	if (rc != 0 || !has || b->pkey.len == 0)
		return rc;
	if ((rc = put_key(s, b->pkey.p, b->pkey.len, &key)) != 0 ||
	    (rc = put_key(s, b->pbits.p, b->pbits.len, &bits)) != 0)
		return rc;
	t->pinyin = s->n;
	return add_entry(b, rec, key, bits, c->v[CHILD_TEXT], c->type, cindex,
			 1);
}

/* Renumbers the entries in rank order. */
static int rank_entries(builder *b)
{
	segment *s = b->s;
	size_t i, at[4] = {0, 0, 0, 0}, start[4];
	entry *sorted;
	int c;

	for (i = 0; i < b->ntexts; i++)
		b->texts[i].sortkey = b->sortkeys.p + b->skoff[i];
	if (b->ntexts)
		qsort(b->texts, b->ntexts, sizeof *b->texts, text_cmp);
	sorted = iedu__malloc(((size_t)s->n + 1) * sizeof *sorted);
	if (!sorted)
		return iedu__error_nomem("ranking names for search");
	/* classes: name, name's pinyin, alias, alias's pinyin */
	for (i = 0; i < s->n; i++)
		at[(s->e[i].child == IEDU_CHILD_ALIAS) * 2 + s->e[i].pinyin]++;
	for (c = 0, i = 0; c < 4; c++) {
		start[c] = i;
		i += at[c];
	}
	for (i = 0; i < b->ntexts; i++) {
		const text_item *t = &b->texts[i];
		int alias = t->child == IEDU_CHILD_ALIAS;
		sorted[start[alias * 2]++] = s->e[t->direct];
		if (t->pinyin != UINT32_MAX)
			sorted[start[alias * 2 + 1]++] = s->e[t->pinyin];
	}
	iedu__free(s->e);
	s->e = sorted;
	return 0;
}

typedef struct key_item {
	uint64_t prefix; /* the first 8 bytes, big-endian */
	const char *key;
	uint32_t id;
} key_item;

static int key_item_cmp(const void *x, const void *y)
{
	const key_item *a = x, *b = y;
	int c;

	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	c = strcmp(a->key, b->key);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static uint64_t prefix8(const char *k)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v = v << 8 | (unsigned char)k[i];
		if (!k[i]) {
			v <<= 8 * (7 - i);
			break;
		}
	}
	return v;
}

static int build_levels(part *p, key_item *items)
{
	uint32_t i;
	int j;

	p->level[0] = iedu__malloc((size_t)p->n * sizeof(uint32_t));
	if (!p->level[0])
		return iedu__error_nomem("building the search index");
	for (i = 0; i < p->n; i++)
		p->level[0][i] = items[i].id;
	p->len[0] = p->n;
	p->nlevels = 1;
	for (j = 1; j < LEVELS_MAX && p->len[j - 1] > BLOCK; j++) {
		uint32_t n = (p->len[j - 1] + BLOCK - 1) / BLOCK;
		p->level[j] = iedu__malloc((size_t)n * sizeof(uint32_t));
		if (!p->level[j])
			return iedu__error_nomem("building the search index");
		for (i = 0; i < n; i++) {
			uint32_t k, m = UINT32_MAX;
			for (k = i * BLOCK;
			     k < (i + 1) * BLOCK && k < p->len[j - 1]; k++)
				if (p->level[j - 1][k] < m)
					m = p->level[j - 1][k];
			p->level[j][i] = m;
		}
		p->len[j] = n;
		p->nlevels = j + 1;
	}
	return 0;
}

/* Counts (fill 0) or files (fill 1) the n-grams of the part's entries. */
static int pass_grams(builder *b, part *p, iedu_kind kind, int pinyin, int fill,
		      gram_scratch *x)
{
	const segment *s = b->s;
	uint32_t id;
	int rc;

	for (id = 0; id < s->n; id++) {
		const entry *e = &s->e[id];
		const char *key = s->keys + e->key;
		size_t n, k, len;

		if (handle_kind(e->rec) != kind || e->pinyin != pinyin)
			continue;
		len = strlen(key);
		n = grams_of(&x->g, &x->gcap, &x->cps, &x->cpcap, key, len);
		if (n != (size_t)-1 && pinyin)
			n = long_grams(&x->g, &x->gcap, n, key, len);
		if (n != (size_t)-1)
			n = distinct(x, n);
		if (n == (size_t)-1)
			return IEDU_ENOMEM; /* the message says where */
		for (k = 0; k < n; k++) {
			size_t slot;
			if (!fill && (p->gused + 1) * 2 > p->gcap &&
			    (rc = gram_grow(p)) != 0)
				return rc;
			slot = gram_slot(p, x->g[k]);
			if (fill) {
				p->postings[p->start[slot] + p->count[slot]++] =
				    id;
			} else {
				p->gused += !p->grams[slot];
				p->grams[slot] = x->g[k];
				p->count[slot]++;
			}
		}
	}
	return 0;
}

static int build_grams(builder *b, part *p, iedu_kind kind, int pinyin)
{
	gram_scratch x;
	size_t i, total = 0;
	int rc;

	memset(&x, 0, sizeof x);
	if ((rc = gram_grow(p)) != 0 ||
	    (rc = pass_grams(b, p, kind, pinyin, 0, &x)) != 0)
		goto out;
	p->start = iedu__malloc(p->gcap * sizeof *p->start);
	if (!p->start) {
		rc = iedu__error_nomem("building the search index");
		goto out;
	}
	for (i = 0; i < p->gcap; i++) {
		p->start[i] = (uint32_t)total;
		total += p->count[i];
		p->count[i] = 0;
	}
	if (total > UINT32_MAX) {
		rc = iedu__error(IEDU_ELIMIT,
				 "the search index's n-grams exceed 2^32: "
				 "expected fewer names");
		goto out;
	}
	p->postings = iedu__malloc((total ? total : 1) * sizeof *p->postings);
	if (!p->postings) {
		rc = iedu__error_nomem("building the search index");
		goto out;
	}
	rc = pass_grams(b, p, kind, pinyin, 1, &x);
out:
	gram_scratch_free(&x);
	return rc;
}

static int build_part(builder *b, iedu_kind kind, int pinyin)
{
	segment *s = b->s;
	part *p = &s->parts[kind][pinyin];
	key_item *items;
	uint32_t id, n = 0;
	int rc;

	for (id = 0; id < s->n; id++)
		n += handle_kind(s->e[id].rec) == kind &&
		     s->e[id].pinyin == pinyin;
	if (n == 0)
		return 0;
	items = iedu__malloc((size_t)n * sizeof *items);
	if (!items)
		return iedu__error_nomem("building the search index");
	for (id = 0, n = 0; id < s->n; id++) {
		if (handle_kind(s->e[id].rec) != kind ||
		    s->e[id].pinyin != pinyin)
			continue;
		items[n].key = s->keys + s->e[id].key;
		items[n].prefix = prefix8(items[n].key);
		items[n].id = id;
		n++;
	}
	qsort(items, n, sizeof *items, key_item_cmp);
	p->n = n;
	rc = build_levels(p, items);
	iedu__free(items);
	if (rc == 0)
		rc = build_grams(b, p, kind, pinyin);
	return rc;
}

/* Builds into s the entries of the records from[kind] onwards. */
static int build_segment(struct search_index *idx, segment *s,
			 const iedu_db *db, const uint32_t *from)
{
	builder b;
	int rc = 0, k, f;

	memset(&b, 0, sizeof b);
	memset(s, 0, sizeof *s);
	b.db = db;
	b.idx = idx;
	b.s = s;
	for (k = 1; k <= IEDU_KIND_COUNT && rc == 0; k++) {
		const kind_store *ks = &db->kinds[k];
		uint32_t i;

		for (i = from[k]; i < ks->count && rc == 0; i++) {
			const uint32_t *r = ks->slots + (size_t)i * ks->stride;
			unsigned seen[IEDU_CHILD_COUNT + 1] = {0};
			uint32_t c;

			for (c = 0; c < r[REC_NCHILDREN] && rc == 0; c++) {
				const child_rec *cr =
				    &db->children[r[REC_FIRST_CHILD] + c];
				if (!indexed_child(cr->type) ||
				    !cr->v[CHILD_TEXT]) {
					seen[cr->type]++;
					continue;
				}
				rc = add_text(&b, (iedu_kind)k,
					      make_handle((iedu_kind)k, i), cr,
					      seen[cr->type]++);
			}
		}
	}
	if (rc == 0)
		rc = rank_entries(&b);
	for (k = 1; k <= IEDU_KIND_COUNT && rc == 0; k++)
		for (f = 0; f < 2 && rc == 0; f++)
			rc = build_part(&b, (iedu_kind)k, f);
	iedu__free(b.texts);
	iedu__free(b.skoff);
	textbuf_free(&b.folded);
	textbuf_free(&b.pkey);
	textbuf_free(&b.pbits);
	textbuf_free(&b.sortkeys);
	textbuf_free(&b.u16);
	if (rc != 0)
		segment_free(s);
	return rc;
}

static int index_new(struct search_index **out)
{
	struct search_index *idx = iedu__calloc(1, sizeof *idx);
	UErrorCode st = U_ZERO_ERROR;
	int rc;

	*out = NULL;
	if (!idx)
		return iedu__error_nomem("creating the search index");
	if ((rc = romaniser_init(&idx->rom)) != 0) {
		iedu__free(idx);
		return rc;
	}
	idx->coll = ucol_open("zh", &st);
	if (U_FAILURE(st)) {
		search_index_free(idx);
		if (st == U_MEMORY_ALLOCATION_ERROR)
			return iedu__error_nomem("opening the 'zh' collator "
						 "that ranks search results");
		return iedu__error(IEDU_ERROR,
				   "ICU could not open the 'zh' collator that "
				   "ranks search results (%s)",
				   u_errorName(st));
	}
	*out = idx;
	return 0;
}

/* Brings the index up to the committed records; called under db->lock. */
static int index_update(iedu_db *db)
{
	struct search_index *idx = db->search;
	uint32_t from[IEDU_KIND_COUNT + 1] = {0};
	segment s, *segs;
	int k, stale = 0, rc;
	size_t i;

	if (!idx) {
		if ((rc = index_new(&idx)) != 0)
			return rc;
		db->search = idx;
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		stale |= idx->covered[k] != db->kinds[k].count;
	if (!stale)
		return 0;
	/* a segment for the new records, or one for all of them */
	if (idx->nsegs < SEGMENTS_MAX)
		memcpy(from, idx->covered, sizeof from);
	if ((rc = build_segment(idx, &s, db, from)) != 0)
		return rc;
	if (idx->nsegs >= SEGMENTS_MAX) {
		for (i = 0; i < idx->nsegs; i++)
			segment_free(&idx->segs[i]);
		idx->nsegs = 0;
	}
	if (s.n) {
		segs =
		    iedu__realloc(idx->segs, (idx->nsegs + 1) * sizeof *segs);
		if (!segs) {
			segment_free(&s);
			return iedu__error_nomem("extending the search index");
		}
		idx->segs = segs;
		segs[idx->nsegs++] = s;
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		idx->covered[k] = db->kinds[k].count;
	return 0;
}

/* ---- finding ---- */

/*
 * Whether the folded query q[0..qn) is inside the entry's key (for
 * pinyin, from the start of a syllable). A direct key is scanned with
 * strchr and strncmp, cheaper than strstr's set-up for a key of a few
 * dozen bytes; pinyin, of few letters, has the query's first letter
 * everywhere, where strstr's skipping pays.
 */
static int contains(const segment *s, const entry *e, const char *q, size_t qn)
{
	const char *k = s->keys + e->key, *at = k;
	const unsigned char *bits = (const unsigned char *)s->keys + e->bits;

	if (!e->pinyin) {
		while ((at = strchr(at, q[0])) != NULL) {
			if (strncmp(at, q, qn) == 0)
				return 1;
			at++;
		}
		return 0;
	}
	while ((at = strstr(at, q)) != NULL) {
		size_t i = (size_t)(at - k);
		if (bits[i / 8] >> (i % 8) & 1)
			return 1;
		at++;
	}
	return 0;
}

enum { IT_RANGE, IT_POSTINGS, IT_SCAN };

typedef struct heap_item {
	uint32_t value, index;
	uint32_t level;
} heap_item;

/* The entries of one part that match in one way, in rank order. */
typedef struct iter {
	const segment *s;
	const part *p;
	iedu_kind kind;
	int pinyin, type;
	const char *q;
	size_t qn;
	heap_item *heap; /* IT_RANGE */
	size_t nheap, hcap;
	/* IT_POSTINGS: the shortest lists of the query's n-grams, shortest
	 * first; a candidate of the first must be in the others */
	const uint32_t *list[LISTS_MAX];
	uint32_t len[LISTS_MAX], at[LISTS_MAX];
	int nlists;
	uint32_t pos, n; /* IT_POSTINGS (in list[0]), IT_SCAN */
	uint32_t head;	 /* the current entry */
	int has_head;
} iter;

static int heap_push(iter *it, uint32_t level, uint32_t index)
{
	heap_item x = {it->p->level[level][index], index, level};
	size_t i = it->nheap;

	if (iedu__grow((void **)&it->heap, &it->hcap, i + 1, sizeof x,
		       "searching names") != 0)
		return IEDU_ENOMEM;
	while (i > 0 && it->heap[(i - 1) / 2].value > x.value) {
		it->heap[i] = it->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	it->heap[i] = x;
	it->nheap++;
	return 0;
}

static heap_item heap_pop(iter *it)
{
	heap_item top = it->heap[0], x = it->heap[--it->nheap];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < it->nheap) {
		if (c + 1 < it->nheap &&
		    it->heap[c + 1].value < it->heap[c].value)
			c++;
		if (it->heap[c].value >= x.value)
			break;
		it->heap[i] = it->heap[c];
		i = c;
	}
	if (it->nheap)
		it->heap[i] = x;
	return top;
}

/* Covers [lo, hi) of level 0 with the fewest whole blocks. */
static int range_init(iter *it, uint32_t lo, uint32_t hi)
{
	uint32_t j = 0;
	int rc;

	while (lo < hi) {
		if ((int)j == it->p->nlevels - 1) {
			for (; lo < hi; lo++)
				if ((rc = heap_push(it, j, lo)) != 0)
					return rc;
			break;
		}
		while (lo < hi && lo % BLOCK)
			if ((rc = heap_push(it, j, lo++)) != 0)
				return rc;
		while (lo < hi && hi % BLOCK)
			if ((rc = heap_push(it, j, --hi)) != 0)
				return rc;
		lo /= BLOCK;
		hi /= BLOCK;
		j++;
	}
	return 0;
}

/* Whether id is in the other lists: their cursors only move forward,
 * by doubling steps and then halving, as ids come in ascending order. */
static int in_lists(iter *it, uint32_t id)
{
	int j;

	for (j = 1; j < it->nlists; j++) {
		const uint32_t *l = it->list[j];
		uint32_t lo = it->at[j], step = 1, hi;

		while (lo + step < it->len[j] && l[lo + step] < id) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < it->len[j] ? lo + step : it->len[j];
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (l[mid] < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		it->at[j] = lo;
		if (lo == it->len[j]) {
			it->pos = it->n; /* no later id can be in all */
			return 0;
		}
		if (l[lo] != id)
			return 0;
	}
	return 1;
}

/* Moves to the next entry; 0, or an error. */
static int iter_next(iter *it)
{
	int rc;

	it->has_head = 0;
	switch (it->type) {
	case IT_RANGE:
		while (it->nheap) {
			heap_item x = heap_pop(it);
			uint32_t c, end;
			if (x.level == 0) {
				it->head = x.value;
				it->has_head = 1;
				return 0;
			}
			end = (x.index + 1) * BLOCK;
			if (end > it->p->len[x.level - 1])
				end = it->p->len[x.level - 1];
			for (c = x.index * BLOCK; c < end; c++)
				if ((rc = heap_push(it, x.level - 1, c)) != 0)
					return rc;
		}
		return 0;
	case IT_POSTINGS:
		while (it->pos < it->n) {
			uint32_t id = it->list[0][it->pos++];
			if (in_lists(it, id) &&
			    contains(it->s, &it->s->e[id], it->q, it->qn)) {
				it->head = id;
				it->has_head = 1;
				return 0;
			}
		}
		return 0;
	default:
		while (it->pos < it->s->n) {
			uint32_t id = it->pos++;
			const entry *e = &it->s->e[id];
			if (handle_kind(e->rec) == it->kind &&
			    e->pinyin == it->pinyin &&
			    contains(it->s, e, it->q, it->qn)) {
				it->head = id;
				it->has_head = 1;
				return 0;
			}
		}
		return 0;
	}
}

/* The first position in the part's sorted keys where cmp(key) >= 0. */
static uint32_t bound(const iter *it, int prefix_end, int after_equal)
{
	uint32_t lo = 0, hi = it->p->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *k =
		    it->s->keys + it->s->e[it->p->level[0][mid]].key;
		int c =
		    prefix_end ? strncmp(k, it->q, it->qn) : strcmp(k, it->q);
		if (c < 0 || (c == 0 && (after_equal || prefix_end)))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The query as matched against direct and pinyin keys. */
typedef struct query {
	textbuf q[2];
	uint64_t *grams[2];
	size_t ngrams[2];
	int han; /* a Han query is not matched against pinyin */
} query;

static int iter_init(iter *it, const query *qy, const segment *s,
		     iedu_kind kind, int pinyin, iedu_match_how how)
{
	const part *p = &s->parts[kind][pinyin];
	size_t g;

	memset(it, 0, sizeof *it);
	it->s = s;
	it->p = p;
	it->kind = kind;
	it->pinyin = pinyin;
	it->q = qy->q[pinyin].p;
	it->qn = qy->q[pinyin].len;
	if (p->n == 0)
		return 0;
	if (how != IEDU_MATCH_SUBSTRING) {
		uint32_t lo = bound(it, 0, 0), eq = bound(it, 0, 1);
		it->type = IT_RANGE;
		if (how == IEDU_MATCH_EXACT)
			return range_init(it, lo, eq);
		return range_init(it, eq, bound(it, 1, 0));
	}
	if (qy->ngrams[pinyin] == 0) {
		it->type = IT_SCAN;
		return 0;
	}
	it->type = IT_POSTINGS;
	for (g = 0; g < qy->ngrams[pinyin]; g++) {
		size_t slot = gram_slot(p, qy->grams[pinyin][g]);
		uint32_t len = p->count[slot];
		int j;

		if (!p->grams[slot]) {
			it->n = 0;
			return 0;
		}
		/* keep the LISTS_MAX shortest, in order */
		for (j = it->nlists; j > 0 && it->len[j - 1] > len; j--)
			if (j < LISTS_MAX) {
				it->list[j] = it->list[j - 1];
				it->len[j] = it->len[j - 1];
			}
		if (j < LISTS_MAX) {
			it->list[j] = p->postings + p->start[slot];
			it->len[j] = len;
			if (it->nlists < LISTS_MAX)
				it->nlists++;
		}
	}
	it->n = it->len[0];
	return 0;
}

/* Ranks heads of two iterators: <0 when a's comes first. */
static int head_cmp(const struct search_index *idx, const iedu_db *db,
		    const iter *a, const iter *b)
{
	const entry *x, *y;
	UErrorCode st = U_ZERO_ERROR;
	const char *ix, *iy;
	int c;

	if (a->s == b->s)
		return a->head < b->head ? -1 : a->head > b->head;
	x = &a->s->e[a->head];
	y = &b->s->e[b->head];
	c = (x->child == IEDU_CHILD_ALIAS) - (y->child == IEDU_CHILD_ALIAS);
	if (!c)
		c = x->pinyin - y->pinyin;
	if (!c)
		c = ucol_strcollUTF8(
		    idx->coll, strtab_get(&db->strings, x->text), -1,
		    strtab_get(&db->strings, y->text), -1, &st);
	if (!c) {
		ix = model_id(db, x->rec);
		iy = model_id(db, y->rec);
		c = strcmp(ix ? ix : "", iy ? iy : "");
	}
	if (!c)
		c = x->child != y->child ? x->child - y->child
					 : x->cindex - y->cindex;
	return c;
}

/* The records already in the results. */
typedef struct seen_set {
	iedu_handle *h;
	size_t cap, used;
} seen_set;

/* 1 when h was not in the set (and adds it), 0 when it was, or <0. */
static int seen_add(seen_set *s, iedu_handle h)
{
	size_t i;

	if ((s->used + 1) * 2 > s->cap) {
		seen_set g = {NULL, s->cap ? s->cap * 2 : 64, s->used};
		g.h = iedu__calloc(g.cap, sizeof *g.h);
		if (!g.h)
			return iedu__error_nomem("searching names");
		for (i = 0; i < s->cap; i++) {
			size_t k;
			if (!s->h[i])
				continue;
			k = (s->h[i] * 2654435761u) & (g.cap - 1);
			while (g.h[k])
				k = (k + 1) & (g.cap - 1);
			g.h[k] = s->h[i];
		}
		iedu__free(s->h);
		*s = g;
	}
	i = (h * 2654435761u) & (s->cap - 1);
	while (s->h[i] && s->h[i] != h)
		i = (i + 1) & (s->cap - 1);
	if (s->h[i])
		return 0;
	s->h[i] = h;
	s->used++;
	return 1;
}

static int add_match(iedu_matches *m, const iedu_db *db, const entry *e,
		     iedu_match_how how)
{
	match *x;

	if (iedu__grow((void **)&m->m, &m->cap, m->n + 1, sizeof *m->m,
		       "returning search results") != 0)
		return IEDU_ENOMEM;
	x = &m->m[m->n++];
	x->rec = e->rec;
	x->text = strtab_get(&db->strings, e->text);
	x->child = e->child;
	x->how = (uint8_t)how;
	x->pinyin = e->pinyin;
	return 0;
}

/* Adds the matches of one way, best first, until limit. */
static int find_phase(iedu_matches *m, seen_set *seen, const iedu_db *db,
		      const struct search_index *idx, const query *qy,
		      iedu_kind kind, size_t limit, iedu_match_how how)
{
	iter *its;
	size_t n = 0, i, k;
	int rc = 0, f;

	/* a better way has filled the limit: every iterator would walk to
	 * its first match for nothing (a long walk where there is none) */
	if (limit != 0 && m->n >= limit)
		return 0;
	its = iedu__calloc(idx->nsegs * 2 * IEDU_KIND_COUNT + 1, sizeof *its);
	if (!its)
		return iedu__error_nomem("searching names");
	for (i = 0; i < idx->nsegs && rc == 0; i++) {
		for (k = 1; k <= IEDU_KIND_COUNT && rc == 0; k++) {
			if (kind != IEDU_KIND_NONE && (iedu_kind)k != kind)
				continue;
			for (f = 0; f < 2 && rc == 0; f++) {
				if (f && (qy->han || qy->q[1].len == 0))
					continue;
				iter *it = &its[n++];
				if ((rc = iter_init(it, qy, &idx->segs[i],
						    (iedu_kind)k, f, how)) == 0)
					rc = iter_next(it);
			}
		}
	}
	while (rc == 0 && (limit == 0 || m->n < limit)) {
		iter *best = NULL;
		const entry *e;

		for (i = 0; i < n; i++)
			if (its[i].has_head &&
			    (!best || head_cmp(idx, db, &its[i], best) < 0))
				best = &its[i];
		if (!best)
			break;
		e = &best->s->e[best->head];
		rc = seen_add(seen, e->rec);
		if (rc > 0)
			rc = add_match(m, db, e, how);
		if (rc == 0)
			rc = iter_next(best);
	}
	for (i = 0; i < n; i++)
		iedu__free(its[i].heap);
	iedu__free(its);
	return rc < 0 ? rc : 0;
}

static void query_free(query *qy)
{
	int f;

	for (f = 0; f < 2; f++) {
		textbuf_free(&qy->q[f]);
		iedu__free(qy->grams[f]);
	}
}

static int query_init(query *qy, const char *text)
{
	size_t len = strlen(text), i = 0, gcap = 0, cpcap = 0, n;
	uint32_t *cps = NULL;
	int rc, f;

	memset(qy, 0, sizeof *qy);
	if ((rc = text_check(text, len)) != 0)
		return rc;
	if ((rc = fold_text(&qy->q[0], text, len, FOLD_DIRECT)) != 0 ||
	    (rc = fold_text(&qy->q[1], text, len, FOLD_PINYIN)) != 0)
		return rc;
	if (qy->q[0].len == 0)
		return iedu__error(IEDU_EVALUE,
				   "iedu_db_find: the query is empty or only "
				   "white space: expected a name or part of "
				   "one");
	while (i < qy->q[0].len)
		qy->han |= fold_is_han(fold_next_cp(qy->q[0].p, &i));
	for (f = 0; f < 2; f++) {
		gcap = 0;
		n = grams_of(&qy->grams[f], &gcap, &cps, &cpcap, qy->q[f].p,
			     qy->q[f].len);
		if (n != (size_t)-1 && f == 1)
			n = long_grams(&qy->grams[1], &gcap, n, qy->q[1].p,
				       qy->q[1].len);
		if (n == (size_t)-1) {
			iedu__free(cps);
			return IEDU_ENOMEM;
		}
		qy->ngrams[f] = unique(qy->grams[f], n);
	}
	iedu__free(cps);
	return 0;
}

int iedu_db_find(iedu_matches **out, const iedu_db *db, const char *query_text,
		 iedu_kind kind, size_t limit)
{
	/* the index is derived data: building it changes nothing a caller
	 * sees of the database, hence the const cast */
	iedu_db *mdb = (iedu_db *)db;
	iedu_matches *m = NULL;
	seen_set seen = {NULL, 0, 0};
	query qy;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !db || !query_text)
		return iedu__error(IEDU_EINVAL, "iedu_db_find: %s is NULL",
				   !out	 ? "out"
				   : !db ? "db"
					 : "query");
	if (kind < IEDU_KIND_NONE || kind > IEDU_KIND_COUNT)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_find: kind %d is not a record "
				   "kind: expected 0 (any) or 1 (source) to "
				   "%d (statistic)",
				   (int)kind, IEDU_KIND_COUNT);
	if ((rc = query_init(&qy, query_text)) != 0)
		goto out;
	pthread_mutex_lock(&mdb->lock);
	rc = index_update(mdb);
	pthread_mutex_unlock(&mdb->lock);
	if (rc != 0)
		goto out;
	m = iedu__calloc(1, sizeof *m);
	if (!m) {
		rc = iedu__error_nomem("returning search results");
		goto out;
	}
	if ((rc = find_phase(m, &seen, db, db->search, &qy, kind, limit,
			     IEDU_MATCH_EXACT)) != 0 ||
	    (rc = find_phase(m, &seen, db, db->search, &qy, kind, limit,
			     IEDU_MATCH_PREFIX)) != 0 ||
	    (rc = find_phase(m, &seen, db, db->search, &qy, kind, limit,
			     IEDU_MATCH_SUBSTRING)) != 0)
		goto out;
	*out = m;
	m = NULL;
out:
	iedu_matches_free(m);
	iedu__free(seen.h);
	query_free(&qy);
	return rc;
}

size_t iedu_matches_count(const iedu_matches *m)
{
	return m ? m->n : 0;
}

iedu_handle iedu_matches_record(const iedu_matches *m, size_t i)
{
	return m && i < m->n ? m->m[i].rec : IEDU_NONE;
}

const char *iedu_matches_text(const iedu_matches *m, size_t i)
{
	return m && i < m->n ? m->m[i].text : NULL;
}

iedu_child iedu_matches_child(const iedu_matches *m, size_t i)
{
	return m && i < m->n ? (iedu_child)m->m[i].child : IEDU_CHILD_NONE;
}

iedu_match_how iedu_matches_how(const iedu_matches *m, size_t i)
{
	return m && i < m->n ? (iedu_match_how)m->m[i].how : IEDU_MATCH_NONE;
}

int iedu_matches_via_pinyin(const iedu_matches *m, size_t i)
{
	return m && i < m->n ? m->m[i].pinyin : 0;
}

const char *iedu_match_how_name(iedu_match_how how)
{
	static const char *const names[] = {NULL, "exact", "prefix",
					    "substring"};

	return how >= IEDU_MATCH_EXACT && how <= IEDU_MATCH_SUBSTRING
		   ? names[how]
		   : NULL;
}

void iedu_matches_free(iedu_matches *m)
{
	if (!m)
		return;
	iedu__free(m->m);
	iedu__free(m);
}
