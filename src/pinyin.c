/*
 * Romanisation: ICU's Han-Latin transliterator for names of organisations
 * and Han-Latin/Names for personal names, whose surnames read differently
 * (曾 zēng, 单 shàn, 解 xiè, 区 ōu, 仇 qiú).
 *
 * The index romanises a character once: Han-Latin reads a character the
 * same wherever it stands, except for the few that its rules give a
 * context ({重}' '?庆 > chóng, against zhòng alone; for personal names,
 * ﷑{单} > shàn when the character begins a name). Those characters are
 * found in the transliterator's own rules, and each is romanised once per
 * (character, the Han character after it, whether a Han character comes
 * before it): ICU's contexts are no wider than that, so the index's pinyin
 * is ICU's, at a small fraction of the cost of romanising names whole.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "iedu/errors.h"
#include "iedu/search.h"
#include "alloc.h"
#include "error.h"
#include "fold.h"
#include "pinyin.h"

static const char *const roman_ids[2] = {"Han-Latin", "Han-Latin/Names"};

static int open_translit(UTransliterator **out, int which)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[32];

	u_uastrcpy(id, roman_ids[which]);
	*out = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		*out = NULL;
		if (st == U_MEMORY_ALLOCATION_ERROR)
			return iedu__error(IEDU_ENOMEM,
					   "out of memory while opening the %s "
					   "transliterator",
					   roman_ids[which]);
		return iedu__error(IEDU_ERROR,
				   "ICU could not open the %s transliterator "
				   "(%s)",
				   roman_ids[which], u_errorName(st));
	}
	return 0;
}

/*
 * The romanised text u[0..ulen) as UTF-8 in out, after the ICU calls
 * that made it left st; text (the input) for messages.
 */
static int romanised_utf8(textbuf *out, const UChar *u, int32_t ulen,
			  UErrorCode st, const char *text)
{
	int32_t n8 = 0;

	if (U_SUCCESS(st))
		u_strToUTF8(NULL, 0, &n8, u, ulen, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR)
		st = U_ZERO_ERROR;
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return iedu__error_nomem("romanising a name");
	if (U_FAILURE(st))
		return iedu__error(
		    IEDU_ERROR, "ICU could not romanise the text '%.100s' (%s)",
		    text, u_errorName(st));
	if (iedu__grow((void **)&out->p, &out->cap, (size_t)n8 + 1, 1,
		       "romanising a name") != 0)
		return IEDU_ENOMEM;
	u_strToUTF8(out->p, n8 + 1, NULL, u, ulen, &st);
	out->len = (size_t)n8;
	return 0;
}
/* Transliterates s[0..len) (valid UTF-8) into out (UTF-8, NUL-terminated). */
static int transliterate(textbuf *out, const UTransliterator *t, const char *s,
			 size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	size_t cap = 8 * len + 16;
	int32_t ulen = 0, limit;
	int rc;

	if (len > INT32_MAX / 16)
		return iedu__error(IEDU_ELIMIT,
				   "text of %zu bytes is too long to romanise",
				   len);
	for (;;) {
		u = iedu__malloc(cap * sizeof *u);
		if (!u)
			return iedu__error_nomem("romanising a name");
		st = U_ZERO_ERROR;
		u_strFromUTF8(u, (int32_t)cap, &ulen, s, (int32_t)len, &st);
		limit = ulen;
		if (U_SUCCESS(st))
			utrans_transUChars(t, u, &ulen, (int32_t)cap, 0, &limit,
					   &st);
		if (st != U_BUFFER_OVERFLOW_ERROR)
			break;
		iedu__free(u);
		cap *= 2;
	}
	/* the arguments are valid: an illegal argument is the text ICU
	 * could not allocate (a bogus string) */
	if (st == U_ILLEGAL_ARGUMENT_ERROR)
		st = U_MEMORY_ALLOCATION_ERROR;
	rc = romanised_utf8(out, u, ulen, st, s);
	iedu__free(u);
	return rc;
}

static int cp_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * utrans_toRules's failure: the rule text is built in a string that, when
 * ICU cannot allocate it, becomes bogus and is reported as
 * U_ILLEGAL_ARGUMENT_ERROR; find_context's arguments are valid, so that
 * is ICU running out of memory too.
 */
static int rules_error(int which, UErrorCode st)
{
	if (st == U_MEMORY_ALLOCATION_ERROR || st == U_ILLEGAL_ARGUMENT_ERROR)
		return iedu__error_nomem("reading transliteration rules");
	return iedu__error(IEDU_ERROR,
			   "ICU could not give the rules of %s (%s)",
			   roman_ids[which], u_errorName(st));
}

/* Adds to the set the Han characters a rule of t reads in a context:
 * those written alone between braces, as in "{重}' '?庆 > chóng;". */
static int find_context(romaniser *r, int which, const UTransliterator *t)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t cap = 0, n = r->ncontext[which];
	int32_t len = utrans_toRules(t, 0, NULL, 0, &st), i;
	UChar *u;

	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return rules_error(which, st);
	u = iedu__malloc(((size_t)len + 1) * sizeof *u);
	if (!u)
		return iedu__error_nomem("reading transliteration rules");
	st = U_ZERO_ERROR;
	utrans_toRules(t, 0, u, len + 1, &st);
	cap = n;
	for (i = 0; U_SUCCESS(st) && i + 2 < len; i++) {
		int32_t k = i + 1;
		UChar32 c;

		if (u[i] != '{')
			continue;
		U16_NEXT(u, k, len, c);
		if (k >= len || u[k] != '}' || !fold_is_han((uint32_t)c))
			continue;
		if (iedu__grow((void **)&r->context[which], &cap, n + 1,
			       sizeof(uint32_t),
			       "reading transliteration rules") != 0) {
			iedu__free(u);
			return IEDU_ENOMEM;
		}
		r->context[which][n++] = (uint32_t)c;
	}
	iedu__free(u);
	if (U_FAILURE(st))
		return rules_error(which, st);
	if (n)
		qsort(r->context[which], n, sizeof(uint32_t), cp_cmp);
	r->ncontext[which] = n;
	return 0;
}

int romaniser_init(romaniser *r)
{
	int rc, w;

	memset(r, 0, sizeof *r);
	for (w = ROMAN_PLAIN; w <= ROMAN_PERSONAL; w++)
		if ((rc = open_translit(&r->tr[w], w)) != 0)
			goto fail;
	/* Han-Latin/Names ends in Han-Latin: its contexts count too */
	if ((rc = find_context(r, ROMAN_PLAIN, r->tr[ROMAN_PLAIN])) != 0 ||
	    (rc = find_context(r, ROMAN_PERSONAL, r->tr[ROMAN_PLAIN])) != 0 ||
	    (rc = find_context(r, ROMAN_PERSONAL, r->tr[ROMAN_PERSONAL])) != 0)
		goto fail;
	/* the arena's offset 0 is never a reading */
	if (iedu__grow((void **)&r->arena.p, &r->arena.cap, 64, 1,
		       "romanising names") != 0) {
		rc = IEDU_ENOMEM;
		goto fail;
	}
	r->arena.len = 1;
	return 0;
fail:
	romaniser_free(r);
	return rc;
}

void romaniser_free(romaniser *r)
{
	int w;

	for (w = ROMAN_PLAIN; w <= ROMAN_PERSONAL; w++) {
		if (r->tr[w])
			utrans_close(r->tr[w]);
		iedu__free(r->map[w].cps);
		iedu__free(r->map[w].val);
		iedu__free(r->context[w]);
	}
	textbuf_free(&r->arena);
	memset(r, 0, sizeof *r);
}

static int in_context(const romaniser *r, int which, uint32_t cp)
{
	return r->ncontext[which] &&
	       bsearch(&cp, r->context[which], r->ncontext[which],
		       sizeof(uint32_t), cp_cmp) != NULL;
}

static size_t slot_of(const reading_map *m, uint64_t cp)
{
	size_t i = (size_t)((cp * 0x9E3779B97F4A7C15ull) >> 24) & (m->cap - 1);

	while (m->cps[i] && m->cps[i] != cp)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int map_grow(reading_map *m)
{
	reading_map g = {NULL, NULL, m->cap ? m->cap * 2 : 1024, m->used};
	size_t i;

	g.cps = iedu__calloc(g.cap, sizeof *g.cps);
	g.val = iedu__calloc(g.cap, sizeof *g.val);
	if (!g.cps || !g.val) {
		iedu__free(g.cps);
		iedu__free(g.val);
		return iedu__error_nomem("romanising names");
	}
	for (i = 0; i < m->cap; i++) {
		if (m->cps[i]) {
			size_t k = slot_of(&g, m->cps[i]);
			g.cps[k] = m->cps[i];
			g.val[k] = m->val[i];
		}
	}
	iedu__free(m->cps);
	iedu__free(m->val);
	*m = g;
	return 0;
}

/*
 * The folded reading of the Han character cp: *s, *n (0: none). For a
 * character with a context, next is the Han character after it (0: none)
 * and inner says whether a Han character comes before it; ICU reads it
 * in "一" cp next (inner) or cp next, and the word for cp is kept.
 */
static int reading(romaniser *r, int which, uint32_t cp, uint32_t next,
		   int inner, int context, const char **s, size_t *n)
{
	reading_map *m = &r->map[which];
	textbuf src = {NULL, 0, 0}, out = {NULL, 0, 0}, self = {NULL, 0, 0};
	textbuf folded = {NULL, 0, 0};
	uint64_t key =
	    context ? cp | (uint64_t)next << 21 | (uint64_t)(inner + 1) << 42
		    : cp;
	size_t k, off, i = 0, word = context && inner;
	int rc;

	if (m->cap && m->cps[k = slot_of(m, key)]) {
		*s = r->arena.p + (m->val[k] >> 8);
		*n = m->val[k] & 0xFF;
		return 0;
	}
	if ((m->used + 1) * 2 > m->cap && (rc = map_grow(m)) != 0)
		return rc;
	if (((rc = word ? fold_put_cp(&src, 0x4E00) : 0)) != 0 ||
	    (rc = fold_put_cp(&src, cp)) != 0 ||
	    (rc = context && next ? fold_put_cp(&src, next) : 0) != 0 ||
	    (rc = transliterate(&out, r->tr[which], src.p, src.len)) != 0)
		goto done;
	/* the word-th space-separated word is cp's: unless it came through
	 * unchanged, it is the reading */
	while (word && i < out.len)
		word -= out.p[i++] == ' ';
	for (k = i; k < out.len && out.p[k] != ' '; k++)
		;
	self.len = 0;
	if ((rc = fold_put_cp(&self, cp)) != 0)
		goto done;
	if (k - i != self.len || memcmp(out.p + i, self.p, k - i) != 0)
		rc = fold_text(&folded, out.p + i, k - i, FOLD_PINYIN);
done:
	textbuf_free(&src);
	textbuf_free(&out);
	textbuf_free(&self);
	if (rc != 0) {
		textbuf_free(&folded);
		return rc;
	}
	/* a reading is a syllable: "zhuang" is the longest */
	if (folded.len > 0xFF)
		folded.len = 0xFF;
	off = r->arena.len;
	if (off + folded.len + 1 > UINT32_MAX >> 8 ||
	    iedu__grow((void **)&r->arena.p, &r->arena.cap,
		       off + folded.len + 1, 1, "romanising names") != 0) {
		textbuf_free(&folded);
		return iedu__error_nomem("romanising names");
	}
	if (folded.len)
		memcpy(r->arena.p + off, folded.p, folded.len);
	r->arena.len += folded.len;
	textbuf_free(&folded);
	k = slot_of(m, key);
	m->cps[k] = key;
	m->val[k] = (uint32_t)(off << 8) | (uint32_t)(r->arena.len - off);
	m->used++;
	*s = r->arena.p + off;
	*n = r->arena.len - off;
	return 0;
}

/* Appends n bytes of s to key, marking the first as a syllable start. */
static int append(textbuf *key, textbuf *bits, const char *s, size_t n,
		  int start)
{
	size_t need = key->len + n + 1;

	if (iedu__grow((void **)&key->p, &key->cap, need, 1,
		       "romanising a name") != 0 ||
	    iedu__grow((void **)&bits->p, &bits->cap, need / 8 + 1, 1,
		       "romanising a name") != 0)
		return IEDU_ENOMEM;
	while (bits->len < need / 8 + 1)
		bits->p[bits->len++] = 0;
	if (start && n)
		bits->p[key->len / 8] |= (char)(1u << (key->len % 8));
	memcpy(key->p + key->len, s, n);
	key->len += n;
	key->p[key->len] = '\0';
	return 0;
}

int romaniser_key(romaniser *r, textbuf *key, textbuf *bits, int *has,
		  const char *folded, size_t flen, int which)
{
	size_t i = 0;
	uint32_t prev = 0;
	int rc, word = 0;

	key->len = 0;
	bits->len = 0;
	*has = 0;
	while (i < flen) {
		size_t at = i, n = 0, j;
		uint32_t c = fold_next_cp(folded, &i), next = 0;
		int han = fold_is_han(c), context;
		const char *s = NULL;

		if (han) {
			*has = 1;
			context = in_context(r, which, c);
			j = i;
			if (context && j < flen &&
			    !fold_is_han(next = fold_next_cp(folded, &j)))
				next = 0;
			rc = reading(r, which, c, next, fold_is_han(prev),
				     context, &s, &n);
			prev = c;
			if (rc != 0)
				return rc;
			if (n) {
				if ((rc = append(key, bits, s, n, 1)) != 0)
					return rc;
				word = 0;
				continue;
			}
		} else {
			prev = c;
			if (!u_isalnum((UChar32)c)) {
				word = 0;
				continue;
			}
		}
		/* a letter or digit, or Han with no reading, as folded */
		if ((rc = append(key, bits, folded + at, i - at, !word)) != 0)
			return rc;
		word = 1;
	}
	if (!*has) {
		key->len = 0;
		bits->len = 0;
	}
	return 0;
}

int iedu_pinyin(char **out, const char *text, int personal)
{
	UTransliterator *t = NULL;
	textbuf nfc = {NULL, 0, 0}, res = {NULL, 0, 0}, low = {NULL, 0, 0};
	const char *s;
	size_t len, n;
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	int32_t ulen = 0;
	int rc, stable = 0;

	if (out)
		*out = NULL;
	if (!out || !text)
		return iedu__error(IEDU_EINVAL, "iedu_pinyin: %s is NULL",
				   !out ? "out" : "text");
	len = strlen(text);
	s = text;
	n = len;
	if ((rc = text_check_stable(text, len, &stable)) != 0 ||
	    (!stable && (rc = text_nfc(&s, &n, text, len, &nfc)) != 0) ||
	    (rc = open_translit(&t, personal ? ROMAN_PERSONAL : ROMAN_PLAIN)) !=
		0 ||
	    (rc = transliterate(&res, t, s, n)) != 0)
		goto out;
	/* lower case: Latin letters in the name come through as written */
	u = iedu__malloc((res.len + 1) * sizeof *u);
	if (!u) {
		rc = iedu__error_nomem("romanising a name");
		goto out;
	}
	u_strFromUTF8(u, (int32_t)res.len + 1, &ulen, res.p, (int32_t)res.len,
		      &st);
	if (U_SUCCESS(st))
		ulen = u_strToLower(u, ulen, u, ulen, "", &st);
	/* lower case may grow the text (İ): then keep the case as it was */
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		u_strFromUTF8(u, (int32_t)res.len + 1, &ulen, res.p,
			      (int32_t)res.len, &st);
	}
	if ((rc = romanised_utf8(&low, u, ulen, st, text)) != 0)
		goto out;
	*out = low.p; /* allocated by libiedu's allocator: iedu_free() */
	low.p = NULL;
out:
	if (t)
		utrans_close(t);
	iedu__free(u);
	textbuf_free(&nfc);
	textbuf_free(&res);
	textbuf_free(&low);
	return rc;
}
