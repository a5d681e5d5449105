/*
 * Internal: the string table. Every string of a database lives once in
 * one growing arena and is named by its 32-bit offset (offset 0 is the
 * empty string and means "absent"). A hash set over the arena interns
 * strings; each interned string carries one 32-bit tag, which the model
 * uses to map a record id to its handle without a second table. The tag
 * is kept in the arena beside its string, so that a string known by its
 * offset (a reference, at every commit) has its tag one memory access
 * away, not two (the string's hash, then its slot).
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

/*
 * Zero bytes always present after the last string, so that a reader may
 * load any string 8 bytes at a time up to its NUL (the export's scan)
 * without reading past the arena or reading bytes never written.
 */
#define STRTAB_PAD 8

typedef struct strtab_slot {
	uint32_t hash;
	uint32_t off; /* 0: empty slot */
} strtab_slot;

typedef struct strtab {
	char *buf;
	size_t len, cap;
	size_t ahead; /* iedu__ahead's mark in buf */
	strtab_slot *slots;
	size_t nslots, used; /* nslots a power of two */
} strtab;

int strtab_init(strtab *st);
void strtab_free(strtab *st);

/* The string at off (NUL-terminated; the STRTAB_PAD bytes after the
 * arena's last NUL are readable and zero). */
static inline const char *strtab_get(const strtab *st, uint32_t off)
{
	return st->buf + off;
}

/* Length of the string at off. */
size_t strtab_strlen(const strtab *st, uint32_t off);

/*
 * Interns len bytes of s (which must not contain NUL) and stores its
 * offset in *off. Returns 0, IEDU_ENOMEM, or IEDU_ELIMIT when the arena
 * would pass 4 GiB; the table is unchanged on failure.
 */
int strtab_intern(strtab *st, const char *s, size_t len, uint32_t *off);

/* The same for a caller that has h = strtab_hash(s, len) at hand. */
int strtab_intern_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			 uint32_t *off);

/* The offset of s if interned, else 0; the slot's tag in *tag if not NULL. */
uint32_t strtab_find(const strtab *st, const char *s, size_t len,
		     uint32_t *tag);

/* The tag of an interned string (by offset, not 0): read, or set. */
static inline uint32_t strtab_tag_get(const strtab *st, uint32_t off)
{
	uint32_t tag;

	memcpy(&tag, st->buf + off - STRTAB_HDR, sizeof tag);
	return tag;
}

static inline void strtab_tag_set(strtab *st, uint32_t off, uint32_t tag)
{
	memcpy(st->buf + off - STRTAB_HDR, &tag, sizeof tag);
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

	if (sl->hash == h)
		__builtin_prefetch(st->buf + sl->off);
}

/* Start loading the string at off (what strtab_get(st, off) points to). */
static inline void strtab_prefetch_string(const strtab *st, uint32_t off)
{
	__builtin_prefetch(st->buf + off);
}

/* Start loading what strtab_tag_get(st, off) reads. */
static inline void strtab_prefetch_tag(const strtab *st, uint32_t off)
{
	__builtin_prefetch(st->buf + off - STRTAB_HDR);
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
