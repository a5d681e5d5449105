/*
 * Internal: folding text for search. Both a query and the names it is
 * matched against go through the same folding, so that equality of folded
 * text stands for equality at ICU primary strength: case, width (full-width
 * Latin), compatibility forms and accents are ignored.
 */
#ifndef IEDU_SRC_FOLD_H
#define IEDU_SRC_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

typedef enum fold_mode {
	/* white space runs become one space, punctuation is kept */
	FOLD_DIRECT,
	/* only letters and digits are kept, and ü (u + diaeresis) is "v",
	 * the way pinyin is typed: "Zhōng lǚ" -> "zhonglv" */
	FOLD_PINYIN
} fold_mode;

/*
 * Folds len bytes of valid UTF-8 s into out (NUL-terminated, out->len
 * excludes the NUL): NFKC case folding, canonical decomposition, and
 * nonspacing marks dropped; leading and trailing white space is dropped.
 * Returns 0, IEDU_ENOMEM or IEDU_ERROR (ICU failed).
 */
int fold_text(textbuf *out, const char *s, size_t len, fold_mode mode);

/* The code point at s (valid UTF-8), advancing *i past it. */
uint32_t fold_next_cp(const char *s, size_t *i);

/* Appends the UTF-8 form of cp to b. */
int fold_put_cp(textbuf *b, uint32_t cp);

/* 1 for a Han character (ideographs of every CJK block, 〇 and the like). */
int fold_is_han(uint32_t cp);

#endif
