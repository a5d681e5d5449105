/*
 * Internal: the string table. Every string of a database lives in one
 * growing arena and is named by a 32-bit offset (in units of
 * STRTAB_UNIT bytes, so that the arena may pass 4 GiB; offset 0 is the
 * empty string and means "absent"). A hash set over the arena interns
 * values (ids, references, dates, languages, tokens); each carries one
 * 32-bit tag, which the model uses to map a record id to its handle
 * without a second table. The tag is kept in the arena beside its
 * string, so that a string known by its offset (a reference, at every
 * commit) has its tag one memory access away, not two.
 *
 * Text (names, titles, URLs) is read by offset only and never looked up,
 * so it is not in the set: strtab_intern_text shares a text with an
 * identical one only while a small cache remembers it (the repeated
 * publishers, sectors, places), and otherwise adds it again. The set that
 * every reference is looked up in then holds half the strings it would.
 *
 * Strings added after a mark can be removed again (strtab_rollback), which
 * is how a failed batch leaves the table as it was.
 */
#ifndef IEDU_SRC_STRTAB_H
#define IEDU_SRC_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Bytes before each string: its 32-bit tag and hash (see strtab.c). */
#define STRTAB_HDR 8

/* What an offset counts: every string starts at an even byte. */
#define STRTAB_UNIT 2

/*
 * Zero bytes always present after the last string, so that a reader may
 * load any string 8 bytes at a time up to its NUL (the export's scan)
 * without reading past the arena or reading bytes never written.
 */
#define STRTAB_PAD 8

/*
 * A slot of the set: the string's offset, and its key. The key of a
 * string of at most STRTAB_KEY bytes (but one of exactly STRTAB_KEY bytes
 * whose last is 0xFF) is the string itself, zero-padded, so that finding
 * it reads the slot alone; the key of a longer one is its hash, its first
 * STRTAB_KEY - 5 bytes and a last byte of 0xFF, which no key of the first
 * form ends with, and finding it reads the arena too.
 */
#define STRTAB_KEY 12

typedef struct strtab_slot {
	uint32_t off; /* 0: empty slot */
	unsigned char key[STRTAB_KEY];
} strtab_slot;

/* An entry of the text cache (strtab_intern_text); off 0: empty. */
typedef struct strtab_memo {
	uint32_t hash, off;
} strtab_memo;

#define STRTAB_MEMO 16384 /* entries of the text cache, a power of two */

typedef struct strtab {
	char *buf;
	size_t len, cap;    /* bytes; len a multiple of STRTAB_UNIT */
	size_t ahead;	    /* iedu__ahead's mark in buf */
	strtab_slot *slots; /* 64-byte aligned in slots_mem */
	void *slots_mem;
	size_t nslots, used; /* nslots a power of two */
	strtab_memo *memo;   /* STRTAB_MEMO entries */
	size_t memo_end;     /* no entry names a string at or past it */
} strtab;

int strtab_init(strtab *st);
void strtab_free(strtab *st);

/* The string at off (NUL-terminated; the STRTAB_PAD bytes after the
 * arena's last NUL are readable and zero). */
static inline const char *strtab_get(const strtab *st, uint32_t off)
{
	return st->buf + (size_t)off * STRTAB_UNIT;
}

/* Length of the string at off. */
size_t strtab_strlen(const strtab *st, uint32_t off);

/*
 * Interns len bytes of s (which must not contain NUL) and stores its
 * offset in *off. Returns 0, IEDU_ENOMEM, or IEDU_ELIMIT when the arena
 * would pass its limit (8 GiB with a 64-bit size_t, else SIZE_MAX); the
 * table is unchanged on failure.
 */
int strtab_intern(strtab *st, const char *s, size_t len, uint32_t *off);

/* The same for a caller that has h = strtab_hash(s, len) at hand. */
int strtab_intern_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			 uint32_t *off);

/*
 * Adds text (above): the offset of an identical text that the cache
 * remembers, else of a new copy. Never found by strtab_find, never
 * tagged. Returns as strtab_intern does.
 */
int strtab_intern_text(strtab *st, const char *s, size_t len, uint32_t *off);
int strtab_intern_text_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			      uint32_t *off);

/* The offset of s (len bytes, any bytes) if interned, not as text, else
 * 0; its tag in *tag if not NULL. */
uint32_t strtab_find(const strtab *st, const char *s, size_t len,
		     uint32_t *tag);

/* The tag of an interned string (by offset, not 0): read, or set. */
static inline uint32_t strtab_tag_get(const strtab *st, uint32_t off)
{
	uint32_t tag;

	memcpy(&tag, strtab_get(st, off) - STRTAB_HDR, sizeof tag);
	return tag;
}

static inline void strtab_tag_set(strtab *st, uint32_t off, uint32_t tag)
{
	memcpy(st->buf + (size_t)off * STRTAB_UNIT - STRTAB_HDR, &tag,
	       sizeof tag);
}

/*
 * Two stages of a lookup that is coming, for a caller that knows several
 * strings at once (the attributes of an element): first the slot of each
 * string's hash, then, once those have arrived, the string in the arena
 * that the slot names. Hints only: nothing is read that is not there.
 */
static inline void strtab_prefetch_value(const strtab *st, uint32_t h)
{
	__builtin_prefetch(&st->slots[h & (st->nslots - 1)]);
}

static inline void strtab_prefetch_candidate(const strtab *st, uint32_t h)
{
	const strtab_slot *sl = &st->slots[h & (st->nslots - 1)];
	uint32_t kh;

	/* only a long string is read in the arena (strtab_slot) */
	memcpy(&kh, sl->key, sizeof kh);
	if (sl->key[STRTAB_KEY - 1] == 0xFF && kh == h)
		__builtin_prefetch(strtab_get(st, sl->off));
}

/* Start loading the string at off (what strtab_get(st, off) points to). */
static inline void strtab_prefetch_string(const strtab *st, uint32_t off)
{
	__builtin_prefetch(strtab_get(st, off));
}

/* Start loading what strtab_tag_get(st, off) reads. */
static inline void strtab_prefetch_tag(const strtab *st, uint32_t off)
{
	__builtin_prefetch(strtab_get(st, off) - STRTAB_HDR);
}

/* The current end of the arena, to pass to strtab_rollback later. */
static inline size_t strtab_mark(const strtab *st)
{
	return st->len;
}

/* Removes every string interned at or after mark. */
void strtab_rollback(strtab *st, size_t mark);

uint32_t strtab_hash(const char *s, size_t len);

#endif
