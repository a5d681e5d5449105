/*
 * Internal: checking and normalising text (UTF-8, XML characters, NFC).
 */
#ifndef IEDU_SRC_TEXT_H
#define IEDU_SRC_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer owned by its user (scratch space). */
typedef struct textbuf {
	char *p;
	size_t len, cap;
} textbuf;

void textbuf_free(textbuf *b);

/*
 * Checks that len bytes of s are well-formed UTF-8 holding only characters
 * XML 1.0 allows (no NUL, no C0 control but tab, LF and CR, no surrogate,
 * no U+FFFE/U+FFFF). Returns 0, or IEDU_EVALUE with a message naming the
 * byte offset and what was found there.
 */
int text_check(const char *s, size_t len);

/*
 * text_check, and *stable (when not NULL, and the text passes) 1 when
 * every character is NFC-stable (text_nfc_stable): the text is NFC, and
 * stays NFC once trimmed, without asking text_nfc.
 */
int text_check_stable(const char *s, size_t len, int *stable);

/*
 * 1 when s is text that text_check_stable certainly accepts and finds
 * stable: tab, line breaks and other characters of at most three bytes
 * for which text_nfc_stable holds, well formed (U+0020-U+02FF, CJK
 * punctuation and ideographs, the full-width forms); 0 when it cannot
 * tell so quickly (which says nothing against s). Reports no error: the
 * XML import's parsing thread asks it of every value, so that the
 * importing thread need not check those again.
 */
int text_quick_stable(const char *s, size_t len);

/* s[0..*len) without leading and trailing XML white space. */
const char *text_trim(const char *s, size_t *len);

/*
 * The NFC form of len bytes of checked UTF-8 s: *out is s itself when it
 * is already NFC, else the normalised text in scratch. Returns 0 or an
 * error (IEDU_ENOMEM, or IEDU_ERROR when ICU fails). Text that
 * text_check_stable found stable is NFC: callers need not ask.
 */
int text_nfc(const char **out, size_t *outlen, const char *s, size_t len,
	     textbuf *scratch);

/*
 * 1 when the character cp leaves any text NFC that is NFC without it
 * (text_nfc skips ICU for text made only of such characters), else 0.
 * Inline: text_check_stable asks it of every Han character.
 */
static inline int text_nfc_stable(uint32_t cp)
{
	/* Below U+0300 nothing composes with what precedes or reorders.
	 * The others have no canonical decomposition, combining class 0 and
	 * compose with nothing: U+3000-U+3029 (ideographic space and
	 * punctuation, before the tone marks U+302A-U+302F), the CJK Unified
	 * Ideographs and the full-width ASCII forms. test_text checks every
	 * one of them against ICU's NFC data. */
	return cp < 0x300 || (cp >= 0x3000 && cp <= 0x3029) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xFF01 && cp <= 0xFF5E);
}

#endif
