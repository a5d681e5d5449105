/*
 * Internal: romanising Han names into folded pinyin for the search index.
 */
#ifndef IEDU_SRC_PINYIN_H
#define IEDU_SRC_PINYIN_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utrans.h>

#include "text.h"

/* a character (with its context) -> folded reading, open addressing */
typedef struct reading_map {
	uint64_t *cps; /* the character, or character, next and position
			  (see reading_key); 0: an empty slot */
	uint32_t *val; /* offset << 8 | length, into the arena; length 0:
			  the character has no reading */
	size_t cap, used;
} reading_map;

enum { ROMAN_PLAIN, ROMAN_PERSONAL };

/*
 * ICU's transliterators cost about 6 µs a character and 20 µs a name, so
 * each distinct character is romanised once and its folded reading kept.
 * Not thread-safe: the search index uses one under the database's lock.
 */
typedef struct romaniser {
	UTransliterator *tr[2]; /* Han-Latin, Han-Latin/Names */
	reading_map map[2];
	textbuf arena;
	/* per transliterator, sorted: characters whose reading depends on
	 * their neighbours (a rule such as {重}' '?庆 > chóng, or, for
	 * surnames, ﷑{单} > shàn at the start of a name); these are read
	 * per (character, next character, first of its run or not) */
	uint32_t *context[2];
	size_t ncontext[2];
} romaniser;

/* Opens the transliterators. 0, IEDU_ENOMEM or IEDU_ERROR. */
int romaniser_init(romaniser *r);
void romaniser_free(romaniser *r);

/*
 * The folded pinyin of a name, given its FOLD_DIRECT folding. Writes the
 * key to key and, to bits, a bitmap of the key's bytes that begin a
 * syllable or a word (bit i of byte i / 8). *has is 0 when the name has no
 * Han character with a reading (then there is no pinyin to index). which:
 * ROMAN_PLAIN or ROMAN_PERSONAL.
 */
int romaniser_key(romaniser *r, textbuf *key, textbuf *bits, int *has,
		  const char *folded, size_t flen, int which);

#endif
