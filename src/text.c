/*
 * Text checks and Unicode normalisation. NFC goes through ICU's unorm2
 * on UTF-16, after a quick check. The check that reads the text anyway
 * (text_check_stable) also tells whether it is made only of characters
 * that are NFC whatever surrounds them (text_nfc_stable: below U+0300,
 * and the CJK ideographs, punctuation and full-width forms that make up
 * Chinese names); such text is NFC already, and its callers skip text_nfc.
 */
#include <stdint.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

void textbuf_free(textbuf *b)
{
	iedu__free(b->p);
	memset(b, 0, sizeof *b);
}

static int textbuf_reserve(textbuf *b, size_t n)
{
	return iedu__grow((void **)&b->p, &b->cap, n, 1, "normalising text");
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 1 when the 8 bytes of w are ASCII, none below a space. */
static inline int plain_word(uint64_t w)
{
	return !(w & HIGHS) && !((w - ONES * 0x20) & ~w & HIGHS);
}

/* 1 when the 8 bytes at p are ASCII, none below a space. */
static inline int plain8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return plain_word(w);
}

/*
 * The same of the 1-7 bytes at p, in one word: two overlapping words of
 * four bytes, or the first, middle and last byte among spaces.
 */
static inline int plain_short(const unsigned char *p, size_t len)
{
	uint32_t a, b;

	if (len < 4)
		return plain_word((ONES * 0x20 & ~0xFFFFFFull) | p[0] |
				  (uint64_t)p[len / 2] << 8 |
				  (uint64_t)p[len - 1] << 16);
	memcpy(&a, p, 4);
	memcpy(&b, p + len - 4, 4);
	return plain_word(a | (uint64_t)b << 32);
}

int text_check(const char *s, size_t len)
{
	return text_check_stable(s, len, NULL);
}

int text_check_stable(const char *s, size_t len, int *stable)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0; /* messages count bytes from 1 */
	int st = 1;

	/* most values are short and ASCII (ids, dates, numbers, codes) */
	if (len && len < 8 && plain_short(p, len))
		i = len;
	while (i < len) {
		unsigned c = p[i];
		uint32_t cp;
		size_t n, k;

		/* eight ASCII bytes, none below a space: nothing to check */
		if (len - i >= 8) {
			if (plain8(p + i)) {
				i += 8;
				continue;
			}
		} else if (len >= 8 && plain8(p + len - 8)) {
			/* fewer than eight left: the last eight bytes, which
			 * hold them, in one test (repeated at each byte left
			 * when it fails: a flag to skip it cost more) */
			break;
		}
		/* three-byte characters that need none of the checks below,
		 * U+1000-U+CFFF (Han among them) with their bytes well
		 * formed, in a loop of their own: a Chinese name is a run
		 * of them */
		if (c >= 0xE1 && c <= 0xEC) {
			size_t j = i;
			while (len - j >= 3 && p[j] >= 0xE1 && p[j] <= 0xEC &&
			       (p[j + 1] & 0xC0) == 0x80 &&
			       (p[j + 2] & 0xC0) == 0x80) {
				if (st)
					st = text_nfc_stable(
					    (uint32_t)(p[j] & 0x0F) << 12 |
					    (uint32_t)(p[j + 1] & 0x3F) << 6 |
					    (uint32_t)(p[j + 2] & 0x3F));
				j += 3;
			}
			if (j > i) {
				i = j;
				continue;
			}
		}
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return iedu__error(
				    IEDU_EVALUE,
				    "control character U+%04X at byte %zu; "
				    "expected text without control characters "
				    "other than tab and line breaks",
				    c, i + 1);
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			cp = c & 0x07;
		} else {
			return iedu__error(IEDU_EVALUE,
					   "invalid UTF-8 byte 0x%02X at byte "
					   "%zu; expected UTF-8 text",
					   c, i + 1);
		}
		if (len - i < n)
			return iedu__error(IEDU_EVALUE,
					   "truncated UTF-8 sequence at byte "
					   "%zu; expected UTF-8 text",
					   i + 1);
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return iedu__error(
				    IEDU_EVALUE,
				    "invalid UTF-8 sequence at byte %zu; "
				    "expected UTF-8 text",
				    i + 1);
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF)
			return iedu__error(
			    IEDU_EVALUE,
			    "overlong or out-of-range UTF-8 "
			    "sequence at byte %zu; expected UTF-8 "
			    "text",
			    i + 1);
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return iedu__error(IEDU_EVALUE,
					   "encoded surrogate U+%04X at byte "
					   "%zu; expected UTF-8 text",
					   (unsigned)cp, i + 1);
		if (cp == 0xFFFE || cp == 0xFFFF)
			return iedu__error(IEDU_EVALUE,
					   "noncharacter U+%04X at byte %zu is "
					   "not allowed in XML text",
					   (unsigned)cp, i + 1);
		if (st)
			st = text_nfc_stable(cp);
		i += n;
	}
	if (stable)
		*stable = st;
	return 0;
}

/* 1 when the three bytes at p are one of U+4E00-U+9FFF, well formed. */
static inline int han3(const unsigned char *p)
{
	unsigned v = (unsigned)p[0] << 8 | p[1];

	return v - 0xE4B8u <= 0xE9BFu - 0xE4B8u && (p[1] & 0xC0) == 0x80 &&
	       (p[2] & 0xC0) == 0x80;
}

int text_quick_stable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	/* as in text_check_stable: a short ASCII value in one word test,
	 * fewer than eight bytes left as the last eight when there are */
	if (len && len < 8 && plain_short(p, len))
		return 1;
	while (i < len) {
		unsigned c = p[i];
		uint32_t cp;
		if (len - i >= 8) {
			if (plain8(p + i)) {
				i += 8;
				continue;
			}
		} else if (len >= 8 && plain8(p + len - 8)) {
			return 1;
		}
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return 0;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (len - i < 2 || (p[i + 1] & 0xC0) != 0x80)
				return 0;
			cp = (uint32_t)(c & 0x1F) << 6 | (p[i + 1] & 0x3F);
			if (!text_nfc_stable(cp))
				return 0;
			i += 2;
		} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
			/* a run of the ideographs U+4E00-U+9FFF (E4 B8 80 to
			 * E9 BF BF), a Chinese name, in a loop of its own */
			size_t j = i;
			while (len - j >= 3 && han3(p + j))
				j += 3;
			if (j > i) {
				i = j;
				continue;
			}
			/* not E0 (overlong forms) nor ED (surrogates); the
			 * noncharacters U+FFFE and U+FFFF are not stable */
			if (len - i < 3 || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80)
				return 0;
			cp = (uint32_t)(c & 0x0F) << 12 |
			     (uint32_t)(p[i + 1] & 0x3F) << 6 |
			     (uint32_t)(p[i + 2] & 0x3F);
			if (!text_nfc_stable(cp))
				return 0;
			i += 3;
		} else {
			return 0;
		}
	}
	return 1;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *text_trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n && is_xml_space(*s)) {
		s++;
		n--;
	}
	while (n && is_xml_space(s[n - 1]))
		n--;
	*len = n;
	return s;
}

int text_nfc(const char **out, size_t *outlen, const char *s, size_t len,
	     textbuf *scratch)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	int32_t n16 = 0, m16, n8 = 0, cap16;
	UChar *u, *v;
	char *o;

	*out = s;
	*outlen = len;
	if (len > INT32_MAX / 20)
		return iedu__error(IEDU_ELIMIT,
				   "text of %zu bytes is too long to normalise",
				   len);
	nfc = unorm2_getNFCInstance(&st);
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return iedu__error_nomem("loading ICU's NFC data");
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU could not load its NFC data: %s",
				   u_errorName(st));
	/*
	 * One reservation for all three forms: the UTF-16 input (len + 1
	 * units), its NFC form (at most 3x as many units) and that form's
	 * UTF-8 (at most 3 bytes a unit).
	 */
	cap16 = (int32_t)len + 1;
	if (textbuf_reserve(scratch, (size_t)cap16 * (2 + 6 + 9) + 1) != 0)
		return iedu__error_nomem("normalising text to Unicode NFC");
	u = (UChar *)(void *)scratch->p;
	v = u + cap16;
	o = (char *)(v + 3 * cap16);
	u_strFromUTF8(u, cap16, &n16, s, (int32_t)len, &st);
	if (U_FAILURE(st))
		return iedu__error(IEDU_EVALUE,
				   "ICU could not read the text as UTF-8: %s",
				   u_errorName(st));
	if (unorm2_quickCheck(nfc, u, n16, &st) == UNORM_YES && U_SUCCESS(st))
		return 0;
	st = U_ZERO_ERROR;
	m16 = unorm2_normalize(nfc, u, n16, v, 3 * cap16, &st);
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return iedu__error_nomem("normalising text to Unicode NFC");
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU could not normalise text: %s",
				   u_errorName(st));
	u_strToUTF8(o, 9 * cap16 + 1, &n8, v, m16, &st);
	if (U_FAILURE(st))
		return iedu__error(IEDU_ERROR,
				   "ICU could not convert normalised text to "
				   "UTF-8: %s",
				   u_errorName(st));
	*out = o;
	*outlen = (size_t)n8;
	return 0;
}
