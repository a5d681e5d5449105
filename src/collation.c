/*
 * Collators and sorted listings.
 *
 * A listing sorts by ICU sort keys rather than by ucol_strcoll in the
 * comparisons: a key is computed once per record and compared with plain
 * byte comparisons, which on a million Han names is about twice as fast
 * (issue 4). The keys are sorted eight bytes at a time (radix passes over
 * the 64-bit chunk, then the runs that share a chunk by the next one), so
 * the comparisons touch the key arena only where keys share a prefix.
 *
 * The sorted order of all records of a kind is cached on the database per
 * (collator rules, strength, ICU collator version, kind, language) with
 * the record count it covers; a listing with filters walks that order and
 * keeps the records that pass, so a repeated listing is a copy. Records
 * are only ever added, so a changed count is the one sign that an order
 * is stale.
 *
 * Thread safety: a collator's UCollator is only used through ICU's const
 * C functions (ucol_strcollUTF8, ucol_getSortKey, ucol_getLocaleByType).
 * ICU guarantees that a service object may be used concurrently by
 * threads that only call const APIs ("Thread-safe const APIs" in the ICU
 * User Guide, ICU Architectural Design:
 * https://unicode-org.github.io/icu/userguide/icu/design#thread-safe-const-apis;
 * RuleBasedCollator has honoured it since ICU 53), so one collator serves
 * many threads without a clone per call. The cache is guarded by db->lock;
 * keys are computed outside the lock, so one thread's long first listing
 * does not hold up others.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "iedu/collation.h"
#include "iedu/errors.h"
#include "iedu/records.h"
#include "alloc.h"
#include "error.h"
#include "model.h"

struct iedu_collator {
	UCollator *uc;
	iedu_strength strength;
	/* the ICU locale ID ucol_open was given: with its keywords, it
	 * names the rules, where the actual locale may not (a "kn=true"
	 * keyword changes the order but not the actual locale) */
	char requested[ULOC_FULLNAME_CAPACITY];
	char actual[ULOC_FULLNAME_CAPACITY];
	char version[U_MAX_VERSION_STRING_LENGTH];
	/* BCP 47 language-script-region of the locale: the name language
	 * a listing prefers when none is asked for; "" for the root */
	char lang[ULOC_FULLNAME_CAPACITY];
};

/* At most this many sorted orders are kept per database; the least
 * recently used goes first. A listing never needs more than one, so this
 * only bounds the memory of a program that lists in many languages. */
#define SORT_CACHE_MAX 16

typedef struct sorted_order {
	/* requested locale, strength, collator version, kind, language: the
	 * version is part of the key, so orders computed by two versions of
	 * the rules (whose keys may differ) never mix */
	char *key;
	uint32_t covered; /* the kind's record count when it was computed */
	uint32_t *index;  /* record indexes, sorted */
	uint64_t used;	  /* for least-recently-used eviction */
} sorted_order;

struct sort_cache {
	sorted_order orders[SORT_CACHE_MAX];
	size_t count;
	uint64_t clock;
};

static void order_clear(sorted_order *o)
{
	iedu__free(o->key);
	iedu__free(o->index);
	memset(o, 0, sizeof *o);
}

void sort_cache_free(struct sort_cache *cache)
{
	size_t i;

	if (!cache)
		return;
	for (i = 0; i < cache->count; i++)
		order_clear(&cache->orders[i]);
	iedu__free(cache);
}

/* ---- collators ---- */

/*
 * The ICU locale ID for a user's locale string, in id. Both ICU IDs
 * ("zh@collation=stroke", "en_US") and BCP 47 tags ("zh-Hant",
 * "zh-u-co-stroke") are accepted; ICU itself accepts almost any string
 * (and falls back to the root), so a malformed one is caught here by
 * converting it to or from a well-formed BCP 47 tag. Returns IEDU_OK,
 * IEDU_EVALUE (malformed) or IEDU_ENOMEM (ICU ran out of memory).
 */
static int locale_id(char *id, size_t size, const char *locale)
{
	UErrorCode st = U_ZERO_ERROR;
	char tag[ULOC_FULLNAME_CAPACITY];
	int32_t parsed = 0, n;
	size_t len = strlen(locale);
	int ok;

	if (len >= size)
		goto malformed;
	if (strcmp(locale, "root") == 0) {
		id[0] = '\0';
		return IEDU_OK;
	}
	if (strpbrk(locale, "_@")) {
		n = uloc_canonicalize(locale, id, (int32_t)size, &st);
		ok = U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING &&
		     n > 0;
		if (ok) {
			uloc_toLanguageTag(id, tag, (int32_t)sizeof tag, 1,
					   &st);
			ok = U_SUCCESS(st) &&
			     st != U_STRING_NOT_TERMINATED_WARNING;
		}
	} else {
		n = uloc_forLanguageTag(locale, id, (int32_t)size, &parsed,
					&st);
		ok = U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING &&
		     n > 0 && (size_t)parsed == len;
	}
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return iedu__error(IEDU_ENOMEM,
				   "out of memory while reading the locale "
				   "'%.200s'",
				   locale);
	if (ok)
		return IEDU_OK;
malformed:
	return iedu__error(
	    IEDU_EVALUE,
	    "iedu_collator_new: locale '%.200s' is malformed: expected "
	    "an ICU locale ID such as 'zh', 'zh@collation=stroke' or "
	    "'en_US', or a BCP 47 tag such as 'zh-Hant'",
	    locale);
}

/*
 * "zh-Hant-TW" from the ICU ID "zh_Hant_TW@collation=stroke". Returns
 * IEDU_OK or IEDU_ENOMEM.
 */
static int locale_lang(char *lang, size_t size, const char *id)
{
	char part[ULOC_FULLNAME_CAPACITY];
	UErrorCode st = U_ZERO_ERROR;
	size_t n = 0, k;
	int i;

	lang[0] = '\0';
	for (i = 0; i < 3; i++) {
		int32_t len;

		st = U_ZERO_ERROR;
		len = i == 0   ? uloc_getLanguage(id, part, sizeof part, &st)
		      : i == 1 ? uloc_getScript(id, part, sizeof part, &st)
			       : uloc_getCountry(id, part, sizeof part, &st);
		if (st == U_MEMORY_ALLOCATION_ERROR)
			return iedu__error_nomem("reading the language of a "
						 "locale");
		if (U_FAILURE(st) || len <= 0 || (i > 0 && n == 0))
			continue;
		k = (size_t)len;
		if (n + k + 2 > size)
			return IEDU_OK;
		if (n)
			lang[n++] = '-';
		memcpy(lang + n, part, k);
		n += k;
		lang[n] = '\0';
	}
	return IEDU_OK;
}

int iedu_collator_new(iedu_collator **out, const char *locale,
		      iedu_strength strength)
{
	static const UColAttributeValue icu_strength[] = {
	    UCOL_DEFAULT, UCOL_PRIMARY, UCOL_SECONDARY, UCOL_TERTIARY};
	iedu_collator *c;
	UErrorCode st = U_ZERO_ERROR;
	UVersionInfo v;
	const char *actual = NULL;
	int rc;

	if (!out)
		return iedu__error(IEDU_EINVAL,
				   "iedu_collator_new: out is NULL");
	*out = NULL;
	if (strength < IEDU_STRENGTH_PRIMARY ||
	    strength > IEDU_STRENGTH_TERTIARY)
		return iedu__error(IEDU_EINVAL,
				   "iedu_collator_new: strength %d is unknown: "
				   "expected 1 (primary), 2 (secondary) or 3 "
				   "(tertiary)",
				   (int)strength);
	c = iedu__calloc(1, sizeof *c);
	if (!c)
		return iedu__error_nomem("creating a collator");
	if (locale && *locale &&
	    (rc = locale_id(c->requested, sizeof c->requested, locale)) !=
		IEDU_OK) {
		iedu__free(c);
		return rc;
	}
	c->uc = ucol_open(c->requested, &st);
	if (U_SUCCESS(st))
		ucol_setStrength(c->uc, icu_strength[strength]);
	/* canonically equivalent spellings (NFC and NFD) must compare
	 * equal; the root turns the check off for speed */
	if (U_SUCCESS(st))
		ucol_setAttribute(c->uc, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
	if (U_SUCCESS(st))
		actual = ucol_getLocaleByType(c->uc, ULOC_ACTUAL_LOCALE, &st);
	if (U_FAILURE(st))
		rc =
		    st == U_MEMORY_ALLOCATION_ERROR
			? iedu__error(IEDU_ENOMEM,
				      "out of memory while opening a collator "
				      "for the locale '%.200s'",
				      locale ? locale : "")
			: iedu__error(IEDU_ERROR,
				      "iedu_collator_new: ICU could not open "
				      "a collator for the locale '%.200s' (%s)",
				      locale ? locale : "", u_errorName(st));
	else
		rc = locale_lang(c->lang, sizeof c->lang, c->requested);
	if (rc != IEDU_OK) {
		ucol_close(c->uc);
		iedu__free(c);
		return rc;
	}
	c->strength = strength;
	snprintf(c->actual, sizeof c->actual, "%s",
		 actual && *actual ? actual : "root");
	ucol_getVersion(c->uc, v);
	u_versionToString(v, c->version);
	*out = c;
	return IEDU_OK;
}

void iedu_collator_free(iedu_collator *coll)
{
	if (!coll)
		return;
	ucol_close(coll->uc);
	iedu__free(coll);
}

const char *iedu_collator_locale(const iedu_collator *coll)
{
	return coll ? coll->actual : NULL;
}

const char *iedu_collator_version(const iedu_collator *coll)
{
	return coll ? coll->version : NULL;
}

iedu_strength iedu_collator_strength(const iedu_collator *coll)
{
	return coll ? coll->strength : IEDU_STRENGTH_TERTIARY;
}

const char *iedu_collator_language(const iedu_collator *coll)
{
	return coll ? coll->lang : "";
}

int iedu_collator_compare(const iedu_collator *coll, const char *a,
			  const char *b)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r;

	if (!coll)
		return 0;
	r = ucol_strcollUTF8(coll->uc, a ? a : "", -1, b ? b : "", -1, &st);
	return U_FAILURE(st) ? 0 : (int)r;
}

/* ---- display names ---- */

static const char *str(const iedu_db *db, uint32_t off)
{
	return off ? strtab_get(&db->strings, off) : NULL;
}

/* The length of a language tag's primary subtag ("zh" of "zh-Hans"). */
static size_t primary_len(const char *tag)
{
	return strcspn(tag, "-_");
}

static int ascii_casecmp_n(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return x - y;
		if (!x)
			return 0;
	}
	return 0;
}

/*
 * The arena offset of the text a record sorts by: its name-like child in
 * lang (language tags compare without regard to case, as BCP 47 says),
 * else one whose primary language subtag matches ("zh" for "zh-Hans" and
 * the reverse), else the first in canonical order, else the id; 0 for a
 * record with neither.
 */
static uint32_t display_off(const iedu_db *db, const uint32_t *r,
			    iedu_kind kind, const char *lang)
{
	iedu_child nc = (iedu_child)schema_kinds[kind].name_child;
	uint32_t primary = 0, first = 0;
	size_t plen = lang ? primary_len(lang) : 0;
	uint32_t i;

	for (i = 0; nc && i < r[REC_NCHILDREN]; i++) {
		const child_rec *c = &db->children[r[REC_FIRST_CHILD] + i];
		const char *tag;

		if (c->type != nc)
			continue;
		if (!first)
			first = c->v[CHILD_TEXT];
		if (!plen)
			break;
		tag = str(db, c->v[0]); /* xml:lang, the only attribute */
		if (!tag)
			continue;
		if (ascii_casecmp_n(tag, lang, SIZE_MAX) == 0)
			return c->v[CHILD_TEXT];
		if (!primary && primary_len(tag) == plen &&
		    ascii_casecmp_n(tag, lang, plen) == 0)
			primary = c->v[CHILD_TEXT];
	}
	if (primary)
		return primary;
	if (first)
		return first;
	return r[REC_ATTR0];
}

/* The text at a display_off offset; "" for a record with neither. */
static const char *display_at(const iedu_db *db, uint32_t off)
{
	return off ? strtab_get(&db->strings, off) : "";
}

static const char *display_text(const iedu_db *db, const uint32_t *r,
				iedu_kind kind, const char *lang)
{
	return display_at(db, display_off(db, r, kind, lang));
}

const char *iedu_record_display_name(const iedu_db *db, iedu_handle rec,
				     const char *lang)
{
	const uint32_t *r = model_record(db, rec);

	if (!r)
		return NULL;
	return display_text(db, r, handle_kind(rec),
			    lang && *lang ? lang : NULL);
}

/* ---- sorting by keys ---- */

/*
 * One record being sorted: eight bytes of its key from the current depth
 * (big-endian, so integer order is byte order; zero after the key's end),
 * where its key starts in the arena, and its index. ICU sort keys hold
 * no zero byte but their terminator, so a chunk whose last byte is zero
 * holds the end of its key.
 */
typedef struct sort_item {
	uint64_t chunk;
	uint32_t key;
	uint32_t index;
} sort_item;

typedef struct sorter {
	const iedu_db *db;
	iedu_kind kind;
	const uint8_t *arena;
	sort_item *tmp;
} sorter;

static uint64_t key_chunk(const uint8_t *p)
{
	uint64_t c = 0;
	int i;

	for (i = 0; i < 8; i++) {
		c = c << 8 | p[i];
		if (!p[i])
			return c << (8 * (7 - i));
	}
	return c;
}

/* The id of the kind's record at index, or "" for one without. */
static const char *sorter_id(const sorter *s, uint32_t index)
{
	const kind_store *ks = &s->db->kinds[s->kind];

	return display_at(s->db,
			  ks->slots[(size_t)index * ks->stride + REC_ATTR0]);
}

/*
 * Equal keys: by id (byte order), then by index (records without id).
 * Each item's chunk holds its id's first 8 bytes (ties_prepare), so the
 * ids themselves are read only where those are the same.
 */
static int tie_cmp(const sorter *s, const sort_item *a, const sort_item *b)
{
	int c;

	if (a->chunk != b->chunk)
		return a->chunk < b->chunk ? -1 : 1;
	/* the same 8 bytes, and more after them */
	if ((a->chunk & 0xFF) && (c = strcmp(sorter_id(s, a->index) + 8,
					     sorter_id(s, b->index) + 8)) != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sets each item's chunk to its id's first 8 bytes, for tie_cmp. */
static void ties_prepare(const sorter *s, sort_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i].chunk =
		    key_chunk((const uint8_t *)sorter_id(s, v[i].index));
}

/* A stable merge sort of items whose keys are equal, by tie_cmp. */
static void sort_ties(const sorter *s, sort_item *v, sort_item *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	if (n < 8) {
		for (i = 1; i < n; i++) {
			sort_item x = v[i];
			for (j = i; j > 0 && tie_cmp(s, &x, &v[j - 1]) < 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	sort_ties(s, v, tmp, h);
	sort_ties(s, v + h, tmp + h, n - h);
	while (i < h && j < n)
		tmp[k++] = tie_cmp(s, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

/* Sorts by chunk: 3-way quicksort (runs of equal chunks are the rule). */
static void sort_chunks_small(sort_item *v, size_t n)
{
	while (n > 12) {
		uint64_t a = v[0].chunk, b = v[n / 2].chunk, c = v[n - 1].chunk;
		uint64_t p = a < b ? (b < c   ? b
				      : a < c ? c
					      : a)
				   : (a < c   ? a
				      : b < c ? c
					      : b);
		size_t lt = 0, i = 0, gt = n;

		while (i < gt) {
			sort_item x = v[i];
			if (x.chunk < p) {
				v[i++] = v[lt];
				v[lt++] = x;
			} else if (x.chunk > p) {
				v[i] = v[--gt];
				v[gt] = x;
			} else {
				i++;
			}
		}
		/* recurse into the smaller side, loop on the larger */
		if (lt < n - gt) {
			sort_chunks_small(v, lt);
			v += gt;
			n -= gt;
		} else {
			sort_chunks_small(v + gt, n - gt);
			n = lt;
		}
	}
	for (size_t i = 1; i < n; i++) {
		sort_item x = v[i];
		size_t j;
		for (j = i; j > 0 && v[j - 1].chunk > x.chunk; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Sorts by chunk: LSD radix, one pass per byte that is not the same in
 * every item (Han keys share their lead bytes, so passes are skipped). */
static void sort_chunks(sort_item *v, sort_item *tmp, size_t n)
{
	size_t count[8][256];
	sort_item *from = v, *to = tmp;
	size_t i;
	int d;

	if (n < 256) {
		sort_chunks_small(v, n);
		return;
	}
	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++)
		for (d = 0; d < 8; d++)
			count[d][(v[i].chunk >> (8 * d)) & 0xFF]++;
	for (d = 0; d < 8; d++) {
		size_t *c = count[d], sum = 0;
		int b;

		if (c[(from[0].chunk >> (8 * d)) & 0xFF] == n)
			continue;
		for (b = 0; b < 256; b++) {
			size_t t = c[b];
			c[b] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++)
			to[c[(from[i].chunk >> (8 * d)) & 0xFF]++] = from[i];
		sort_item *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
}

/* Sorts v by the keys from depth on: by this chunk, then each run that
 * shares it by the next chunk, until keys end; equal keys by tie_cmp. */
static void sort_keys(const sorter *s, sort_item *v, sort_item *tmp, size_t n,
		      size_t depth)
{
	size_t i, j;

	sort_chunks(v, tmp, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].chunk == v[i].chunk; j++)
			;
		if (j - i < 2)
			continue;
		if ((v[i].chunk & 0xFF) == 0) {
			ties_prepare(s, v + i, j - i);
			sort_ties(s, v + i, tmp + i, j - i);
			continue;
		}
		for (size_t k = i; k < j; k++)
			v[k].chunk = key_chunk(s->arena + v[k].key + depth + 8);
		sort_keys(s, v + i, tmp + i, j - i, depth + 8);
	}
}

/* What keys are built from: UTF-16 scratch and the key arena. */
typedef struct keybuf {
	UChar *u16;
	size_t u16cap;
	uint8_t *arena;
	size_t len, cap;
} keybuf;

/* Appends the sort key of text to the arena; *off is where it starts. */
static int append_key(keybuf *kb, const UCollator *uc, const char *text,
		      uint32_t *off)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0, klen;
	size_t tlen = strlen(text);

	/* UTF-16 needs at most one unit per UTF-8 byte */
	if (iedu__grow((void **)&kb->u16, &kb->u16cap, tlen + 1, sizeof(UChar),
		       "converting a name for sorting") != 0)
		return IEDU_ENOMEM;
	u_strFromUTF8Lenient(kb->u16, (int32_t)kb->u16cap, &ulen, text,
			     (int32_t)tlen, &st);
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU could not convert the name '%.100s' "
				   "for sorting (%s)",
				   text, u_errorName(st));
	for (;;) {
		size_t room = kb->cap - kb->len;
		klen = ucol_getSortKey(uc, kb->u16, ulen, kb->arena + kb->len,
				       room > INT32_MAX ? INT32_MAX
							: (int32_t)room);
		/* ICU gives no status here; with these arguments it fails
		 * only when it runs out of memory */
		if (klen <= 0)
			return iedu__error(IEDU_ENOMEM,
					   "out of memory while computing the "
					   "sort key of the name '%.100s'",
					   text);
		/* 8 spare bytes: a chunk is read 8 bytes at a time */
		if ((size_t)klen + 8 <= room)
			break;
		if (kb->len + (size_t)klen + 8 > UINT32_MAX)
			return iedu__error(IEDU_ELIMIT,
					   "the sort keys of a listing exceed "
					   "4 GiB: expected fewer or shorter "
					   "names");
		if (iedu__grow((void **)&kb->arena, &kb->cap,
			       kb->len + (size_t)klen + 8, 1,
			       "storing the sort keys of a listing") != 0)
			return IEDU_ENOMEM;
	}
	*off = (uint32_t)kb->len;
	kb->len += (size_t)klen;
	return IEDU_OK;
}

/* How many records ahead a listing asks for the text it will need. */
#define SORT_AHEAD 16

/* The record indexes of a kind sorted by display text in lang. */
static int build_order(uint32_t **out, const iedu_db *db, iedu_kind kind,
		       const iedu_collator *coll, const char *lang)
{
	const kind_store *ks = &db->kinds[kind];
	uint32_t n = ks->count, i;
	keybuf kb = {NULL, 0, NULL, 0, 0};
	sort_item *items = NULL;
	sorter s = {db, kind, NULL, NULL};
	uint32_t *order = NULL;
	int rc = IEDU_OK;

	*out = NULL;
	/* every item is written before it is read (the second half is the
	 * sort's scratch), so nothing is cleared */
	items = (size_t)n * 2 > SIZE_MAX / sizeof *items
		    ? NULL
		    : iedu__malloc((size_t)n * 2 * sizeof *items);
	order = iedu__malloc((size_t)n * sizeof *order);
	/* a Han name's key is about 4 bytes a character */
	if (!items || !order ||
	    iedu__grow((void **)&kb.arena, &kb.cap, (size_t)n * 32 + 64, 1,
		       "storing the sort keys of a listing") != 0) {
		rc = iedu__error_nomem("sorting records by name");
		goto done;
	}
	/*
	 * First where each record's text is (its slots and children lie in
	 * order), kept in order until the sorted indexes replace it; then
	 * the texts, which lie wherever the arena has them: each asked for
	 * SORT_AHEAD records before it is read.
	 */
	for (i = 0; i < n; i++)
		order[i] = display_off(db, ks->slots + (size_t)i * ks->stride,
				       kind, lang);
	for (i = 0; i < n; i++) {
		if (i + SORT_AHEAD < n)
			strtab_prefetch_string(&db->strings,
					       order[i + SORT_AHEAD]);
		if ((rc = append_key(&kb, coll->uc, display_at(db, order[i]),
				     &items[i].key)) != IEDU_OK)
			goto done;
		items[i].index = i;
	}
	for (i = 0; i < n; i++)
		items[i].chunk = key_chunk(kb.arena + items[i].key);
	s.arena = kb.arena;
	sort_keys(&s, items, items + n, n, 0);
	for (i = 0; i < n; i++)
		order[i] = items[i].index;
	*out = order;
	order = NULL;
done:
	iedu__free(order);
	iedu__free(items);
	iedu__free(kb.u16);
	iedu__free(kb.arena);
	return rc;
}

/* ---- the cache ---- */

/* "locale|strength|version|kind|lang": what decides a sorted order. */
static char *order_key(const iedu_collator *c, iedu_kind kind, const char *lang)
{
	size_t len =
	    strlen(c->requested) + strlen(c->version) + strlen(lang) + 32;
	char *k = iedu__malloc(len);

	if (k)
		snprintf(k, len, "%s|%d|%s|%d|%s", c->requested,
			 (int)c->strength, c->version, (int)kind, lang);
	return k;
}

static sorted_order *cache_find(struct sort_cache *cache, const char *key)
{
	size_t i;

	for (i = 0; cache && i < cache->count; i++)
		if (strcmp(cache->orders[i].key, key) == 0)
			return &cache->orders[i];
	return NULL;
}

/*
 * Stores a computed order (taking index and key) unless an order at least
 * as fresh is there already (another thread computed it meanwhile).
 * Returns the stored order, or NULL when there was no memory for the
 * cache (the listing goes on without it).
 */
static sorted_order *cache_store(iedu_db *db, char **key, uint32_t **index,
				 uint32_t covered)
{
	struct sort_cache *cache = db->sort_cache;
	sorted_order *o = cache_find(cache, *key);
	size_t i;

	if (o && o->covered == covered)
		return o;
	if (!cache) {
		cache = iedu__calloc(1, sizeof *cache);
		if (!cache)
			return NULL;
		db->sort_cache = cache;
	}
	if (!o && cache->count < SORT_CACHE_MAX) {
		o = &cache->orders[cache->count++];
	} else if (!o) {
		o = &cache->orders[0];
		for (i = 1; i < cache->count; i++)
			if (cache->orders[i].used < o->used)
				o = &cache->orders[i];
	}
	order_clear(o);
	o->key = *key;
	o->covered = covered;
	o->index = *index;
	*key = NULL;
	*index = NULL;
	return o;
}

/* ---- listing ---- */

int iedu_list_options_init(iedu_list_options *opts, uint32_t version)
{
	static const iedu_list_options init = IEDU_LIST_OPTIONS_INIT;

	if (!opts)
		return iedu__error(IEDU_EINVAL,
				   "iedu_list_options_init: opts is NULL");
	if (version != IEDU_LIST_OPTIONS_VERSION)
		return iedu__error(IEDU_EINVAL,
				   "iedu_list_options_init: version %u is "
				   "unknown: expected %d "
				   "(IEDU_LIST_OPTIONS_VERSION)",
				   (unsigned)version,
				   IEDU_LIST_OPTIONS_VERSION);
	*opts = init;
	return IEDU_OK;
}

/* The filters of a listing, checked and turned into stored values. */
typedef struct filter {
	int type_attr; /* position of the type attribute, or -1 */
	uint32_t type; /* token index + 1 */
	int level_attr;
	uint32_t level;
	uint32_t roles;
} filter;

/* "a, b, c": the tokens of an enumeration, for messages. */
static void token_list(char *buf, size_t size, const char *const *tokens)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; tokens[i] && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
				      tokens[i]);
}

/* Checks a token filter on attribute attr of kind; *pos, *value. */
static int enum_filter(int *pos, uint32_t *value, iedu_kind kind,
		       iedu_attr attr, const char *token)
{
	const attr_spec *spec;
	char allowed[512];
	int i, t;

	*pos = -1;
	if (!token)
		return IEDU_OK;
	i = schema_kind_attr(kind, attr);
	if (i < 0 || schema_kinds[kind].attrs[i].vt != VT_ENUM)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_sorted: %s records have no %s: "
				   "expected no %s filter for them",
				   iedu_kind_name(kind), iedu_attr_name(attr),
				   iedu_attr_name(attr));
	spec = &schema_kinds[kind].attrs[i];
	t = schema_token_index(spec->tokens, token, strlen(token));
	if (t < 0) {
		token_list(allowed, sizeof allowed, spec->tokens);
		return iedu__error(IEDU_EVALUE,
				   "iedu_db_sorted: '%.100s' is not %s %s %s: "
				   "expected one of %s",
				   token, schema_article(kind),
				   iedu_kind_name(kind), iedu_attr_name(attr),
				   allowed);
	}
	*pos = i;
	*value = (uint32_t)t + 1;
	return IEDU_OK;
}

static int check_options(filter *f, const iedu_list_options *o)
{
	uint32_t all_roles = 0;
	int i, rc;

	if (o->version < 1 || o->version > IEDU_LIST_OPTIONS_VERSION)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_sorted: options version %u is "
				   "unknown: expected %d "
				   "(IEDU_LIST_OPTIONS_VERSION)",
				   (unsigned)o->version,
				   IEDU_LIST_OPTIONS_VERSION);
	if (o->kind < 1 || o->kind > IEDU_KIND_COUNT)
		return iedu__error(
		    IEDU_EINVAL,
		    "iedu_db_sorted: kind %d is not a record "
		    "kind: expected 1 (source) to %d (statistic)",
		    (int)o->kind, IEDU_KIND_COUNT);
	if ((rc = enum_filter(&f->type_attr, &f->type, o->kind, IEDU_ATTR_TYPE,
			      o->type)) != IEDU_OK)
		return rc;
	if (o->level && o->kind != IEDU_KIND_ORGANIZATION)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_sorted: a level filter applies "
				   "only to organizations, not to %s records",
				   iedu_kind_name(o->kind));
	if ((rc = enum_filter(&f->level_attr, &f->level, o->kind,
			      IEDU_ATTR_LEVEL, o->level)) != IEDU_OK)
		return rc;
	if (o->roles && o->kind != IEDU_KIND_MEMBERSHIP)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_sorted: a role filter applies only "
				   "to memberships, not to %s records",
				   iedu_kind_name(o->kind));
	for (i = 0; schema_role_tokens[i]; i++)
		all_roles |= 1u << i;
	if (o->roles & ~all_roles)
		return iedu__error(IEDU_EINVAL,
				   "iedu_db_sorted: roles 0x%x has bits that "
				   "name no role: expected IEDU_ROLE_* bits "
				   "(within 0x%x)",
				   (unsigned)o->roles, (unsigned)all_roles);
	f->roles = o->roles;
	return IEDU_OK;
}

static int passes(const iedu_db *db, iedu_kind kind, const filter *f,
		  uint32_t index)
{
	const kind_store *ks = &db->kinds[kind];
	const uint32_t *r = ks->slots + (size_t)index * ks->stride;

	if (f->type_attr >= 0 && r[REC_ATTR0 + f->type_attr] != f->type)
		return 0;
	if (f->level_attr >= 0 && r[REC_ATTR0 + f->level_attr] != f->level)
		return 0;
	if (f->roles &&
	    !(iedu_record_roles(db, make_handle(kind, index)) & f->roles))
		return 0;
	return 1;
}

/* *out: the records of order[0..n) that pass f, as handles. */
static int select_records(iedu_handle **out, size_t *count, const iedu_db *db,
			  iedu_kind kind, const filter *f,
			  const uint32_t *order, uint32_t n)
{
	iedu_handle *h;
	size_t k = 0;
	uint32_t i;

	if (n == 0)
		return IEDU_OK;
	h = iedu__malloc((size_t)n * sizeof *h);
	if (!h)
		return iedu__error_nomem("returning a sorted listing");
	for (i = 0; i < n; i++)
		if (passes(db, kind, f, order[i]))
			h[k++] = make_handle(kind, order[i]);
	if (k == 0) {
		iedu__free(h);
		return IEDU_OK;
	}
	*out = h;
	*count = k;
	return IEDU_OK;
}

int iedu_db_sorted(iedu_handle **out, size_t *count, const iedu_db *db,
		   const iedu_list_options *opts)
{
	/* the cache is derived data: filling it does not change what the
	 * caller sees of the database, hence the const cast */
	iedu_db *mdb = (iedu_db *)db;
	iedu_collator *root = NULL;
	const iedu_collator *coll;
	const sorted_order *o;
	uint32_t *index = NULL, n;
	const char *lang;
	char *key = NULL;
	filter f;
	int rc;

	if (out)
		*out = NULL;
	if (count)
		*count = 0;
	if (!out || !count || !db || !opts)
		return iedu__error(IEDU_EINVAL, "iedu_db_sorted: %s is NULL",
				   !out	    ? "out"
				   : !count ? "count"
				   : !db    ? "db"
					    : "opts");
	if ((rc = check_options(&f, opts)) != IEDU_OK)
		return rc;
	coll = opts->collator;
	if (!coll) {
		if ((rc = iedu_collator_new(&root, NULL,
					    IEDU_STRENGTH_TERTIARY)) != IEDU_OK)
			return rc;
		coll = root;
	}
	lang = opts->lang ? opts->lang : coll->lang;
	n = db->kinds[opts->kind].count;
	if (n == 0)
		goto done;
	key = order_key(coll, opts->kind, lang);
	if (!key) {
		rc = iedu__error_nomem("sorting records by name");
		goto done;
	}

	pthread_mutex_lock(&mdb->lock);
	o = cache_find(mdb->sort_cache, key);
	if (o && o->covered == n) {
		mdb->sort_cache->orders[o - mdb->sort_cache->orders].used =
		    ++mdb->sort_cache->clock;
		rc =
		    select_records(out, count, db, opts->kind, &f, o->index, n);
		pthread_mutex_unlock(&mdb->lock);
		goto done;
	}
	pthread_mutex_unlock(&mdb->lock);

	/* computed outside the lock: listings of other orders go on */
	if ((rc = build_order(&index, db, opts->kind, coll,
			      *lang ? lang : NULL)) != IEDU_OK)
		goto done;

	pthread_mutex_lock(&mdb->lock);
	o = cache_store(mdb, &key, &index, n);
	if (o) {
		mdb->sort_cache->orders[o - mdb->sort_cache->orders].used =
		    ++mdb->sort_cache->clock;
		rc =
		    select_records(out, count, db, opts->kind, &f, o->index, n);
	} else {
		rc = select_records(out, count, db, opts->kind, &f, index, n);
	}
	pthread_mutex_unlock(&mdb->lock);
done:
	iedu__free(index);
	iedu__free(key);
	iedu_collator_free(root);
	return rc;
}
