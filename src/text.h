/*
 * Internal: checking and normalising text (UTF-8, XML characters, NFC).
 */
#ifndef IEDU_SRC_TEXT_H
#define IEDU_SRC_TEXT_H

#include <stddef.h>

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

/* s[0..*len) without leading and trailing XML white space. */
const char *text_trim(const char *s, size_t *len);

/*
 * The NFC form of len bytes of checked UTF-8 s: *out is s itself when it
 * is already NFC, else the normalised text in scratch. Returns 0 or an
 * error (IEDU_ENOMEM, or IEDU_ERROR when ICU fails).
 */
int text_nfc(const char **out, size_t *outlen, const char *s, size_t len,
	     textbuf *scratch);

#endif
