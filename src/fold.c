/*
 * Folding text for search: the equality of folded text approximates ICU's
 * primary strength without computing collation keys, so that names can be
 * compared, sorted and cut into n-grams as plain bytes.
 *
 * Most names need no ICU at all: ASCII only needs lower case and white
 * space collapsed, and Han ideographs outside the compatibility blocks have
 * no decomposition and no case. Everything else takes the full way:
 * NFKC_Casefold (case, width, compatibility forms, default ignorables),
 * then NFD, then nonspacing marks dropped (accents and tone marks).
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"
#include "fold.h"

uint32_t fold_next_cp(const char *s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	uint32_t c = p[0];

	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if (c < 0xE0) {
		*i += 2;
		return ((c & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if (c < 0xF0) {
		*i += 3;
		return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		       (p[2] & 0x3F);
	}
	*i += 4;
	return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
	       ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

int fold_put_cp(textbuf *b, uint32_t cp)
{
	unsigned char *o;

	if (iedu__grow((void **)&b->p, &b->cap, b->len + 5, 1,
		       "folding text for search") != 0)
		return IEDU_ENOMEM;
	o = (unsigned char *)b->p + b->len;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		b->len += 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		b->len += 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		b->len += 3;
	} else {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		b->len += 4;
	}
	b->p[b->len] = '\0';
	return 0;
}

int fold_is_han(uint32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;

	if (cp < 0x2E80)
		return 0;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
		return 1;
	return uscript_getScript((UChar32)cp, &st) == USCRIPT_HAN;
}

/* 1 when folding leaves cp as it is (apart from ASCII case). */
static int plain_cp(uint32_t cp)
{
	return cp < 0x80 || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0x20000 && cp < 0x2F800) ||
	       (cp >= 0x30000 && cp < 0x40000);
}

static int ascii_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int ascii_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* The folding after normalisation, one code point at a time. */
typedef struct folder {
	textbuf *out;
	fold_mode mode;
	int space; /* a white space run is pending (FOLD_DIRECT) */
} folder;

static int emit(folder *f, uint32_t cp, int is_space, int is_alnum)
{
	int rc;

	if (is_space) {
		f->space = f->out->len > 0;
		return 0;
	}
	if (f->mode == FOLD_PINYIN && !is_alnum)
		return 0;
	if (f->space && f->mode == FOLD_DIRECT) {
		if ((rc = fold_put_cp(f->out, ' ')) != 0)
			return rc;
	}
	f->space = 0;
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	return fold_put_cp(f->out, cp);
}

/* Normalises src[0..n) with norm into *dst (capacity *cap); *dlen. */
static int normalize(UChar **dst, size_t *cap, int32_t *dlen,
		     const UNormalizer2 *norm, const UChar *src, int32_t n)
{
	for (;;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t len =
		    unorm2_normalize(norm, src, n, *dst, (int32_t)*cap, &st);
		if (U_SUCCESS(st) && len < (int32_t)*cap) {
			*dlen = len;
			return 0;
		}
		if (st == U_MEMORY_ALLOCATION_ERROR)
			return iedu__error_nomem("normalising text for search");
		if (st != U_BUFFER_OVERFLOW_ERROR &&
		    st != U_STRING_NOT_TERMINATED_WARNING && U_FAILURE(st))
			return iedu__error(IEDU_ERROR,
					   "ICU could not normalise text for "
					   "search (%s)",
					   u_errorName(st));
		if (iedu__grow((void **)dst, cap, (size_t)len + 1,
			       sizeof(UChar), "folding text for search") != 0)
			return IEDU_ENOMEM;
	}
}

static int fold_icu(folder *f, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	UChar *a = NULL, *b = NULL;
	size_t acap = len + 1, bcap = 3 * len + 16;
	int32_t alen = 0, blen = 0, i = 0;
	int rc = 0;

	if (st == U_MEMORY_ALLOCATION_ERROR)
		return iedu__error_nomem("loading ICU's normalisation data "
					 "for search");
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU has no normalisation data for search "
				   "(%s)",
				   u_errorName(st));
	if (len > INT32_MAX / 4)
		return iedu__error(IEDU_ELIMIT,
				   "text of %zu bytes is too long to search",
				   len);
	a = iedu__malloc(acap * sizeof *a);
	b = iedu__malloc(bcap * sizeof *b);
	if (!a || !b) {
		rc = iedu__error_nomem("folding text for search");
		goto out;
	}
	u_strFromUTF8(a, (int32_t)acap, &alen, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		rc = iedu__error(IEDU_ERROR,
				 "ICU could not convert text for search (%s)",
				 u_errorName(st));
		goto out;
	}
	if ((rc = normalize(&b, &bcap, &blen, nfkc_cf, a, alen)) != 0 ||
	    (rc = normalize(&a, &acap, &alen, nfd, b, blen)) != 0)
		goto out;
	while (i < alen) {
		UChar32 c;
		int8_t type;

		U16_NEXT(a, i, alen, c);
		type = u_charType(c);
		if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) {
			/* ü is typed "v" in pinyin */
			if (f->mode == FOLD_PINYIN && c == 0x308 &&
			    f->out->len > 0 &&
			    f->out->p[f->out->len - 1] == 'u')
				f->out->p[f->out->len - 1] = 'v';
			continue;
		}
		if ((rc = emit(f, (uint32_t)c, u_isUWhiteSpace(c),
			       u_isalnum(c))) != 0)
			goto out;
	}
out:
	iedu__free(a);
	iedu__free(b);
	return rc;
}

int fold_text(textbuf *out, const char *s, size_t len, fold_mode mode)
{
	folder f = {out, mode, 0};
	size_t i = 0;
	int rc;

	out->len = 0;
	if (iedu__grow((void **)&out->p, &out->cap, len + 1, 1,
		       "folding text for search") != 0)
		return IEDU_ENOMEM;
	out->p[0] = '\0';
	while (i < len) {
		if (!plain_cp(fold_next_cp(s, &i))) {
			out->len = 0;
			out->p[0] = '\0';
			return fold_icu(&f, s, len);
		}
	}
	for (i = 0; i < len;) {
		uint32_t c = fold_next_cp(s, &i);
		if ((rc = emit(&f, c, ascii_space(c),
			       c < 0x80 ? ascii_alnum(c) : 1)) != 0)
			return rc;
	}
	return 0;
}
