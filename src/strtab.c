/*
 * The string table: an arena of NUL-terminated strings addressed by 32-bit
 * offsets, and an open-addressing (linear probing) hash set over it. The
 * set keeps each string's hash so that growing it never rereads the arena.
 *
 * The arena keeps each string's tag and hash too, in the 8 bytes before
 * it:
 *
 *     tag(4) hash(4) string NUL tag(4) hash(4) string NUL ... zero(PAD)
 *
 * so that the tag of a string known by its offset (every reference at
 * every commit) is read where the string is, and its slot (to remove it
 * again) is found without measuring the string or hashing it again, by
 * comparing offsets alone. Both are read and written with memcpy: the
 * arena aligns nothing.
 */
#include <string.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"
#include "strtab.h"

#define ARENA_MAX ((size_t)UINT32_MAX)

uint32_t strtab_hash(const char *s, size_t len)
{
	/* 64-bit multiply-xorshift over 8-byte words: fast, well mixed. */
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
	const unsigned char *p = (const unsigned char *)s;

	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h ^= w;
		h *= 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	if (len) {
		/*
		 * The last 1-7 bytes as a little-endian word, zero above. Not
		 * by memcpy into a zeroed word: bytes stored one at a time and
		 * loaded as a word stall the load (no store forwarding), which
		 * made the hash a tenth of an import. The result is the same.
		 */
		uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (p - (const unsigned char *)s >= 8) {
			memcpy(&w, p + len - 8, 8);
			w >>= 8 * (8 - len);
		} else if (len >= 4) {
			uint32_t lo, hi;
			memcpy(&lo, p, 4);
			memcpy(&hi, p + len - 4, 4);
			w = (uint64_t)lo | (uint64_t)hi << (8 * (len - 4));
		} else {
			w = (uint64_t)p[0] | (uint64_t)p[len / 2] << (8 * (len / 2)) |
			    (uint64_t)p[len - 1] << (8 * (len - 1));
		}
#else
		w = 0; /* the main loop's words are in the host's order too */
		memcpy(&w, p, len);
#endif
		h ^= w;
		h *= 0x94D049BB133111EBull;
		h ^= h >> 29;
	}
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return (uint32_t)h;
}

int strtab_init(strtab *st)
{
	memset(st, 0, sizeof *st);
	st->cap = 4096;
	st->buf = iedu__malloc(st->cap);
	if (!st->buf)
		return iedu__error_nomem("creating the string arena");
	memset(st->buf, 0, 1 + STRTAB_PAD);
	st->len = 1;
	st->nslots = 1024;
	st->slots = iedu__calloc(st->nslots, sizeof *st->slots);
	if (!st->slots) {
		iedu__free(st->buf);
		st->buf = NULL;
		return iedu__error_nomem("creating the string index");
	}
	return 0;
}

void strtab_free(strtab *st)
{
	iedu__free(st->buf);
	iedu__free(st->slots);
	memset(st, 0, sizeof *st);
}

size_t strtab_strlen(const strtab *st, uint32_t off)
{
	return strlen(st->buf + off);
}

static size_t probe(const strtab *st, const char *s, size_t len, uint32_t h)
{
	size_t mask = st->nslots - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		const strtab_slot *sl = &st->slots[i];
		if (sl->off == 0)
			return i;
		if (sl->hash == h && memcmp(st->buf + sl->off, s, len) == 0 &&
		    st->buf[sl->off + len] == '\0')
			return i;
	}
}

static int rehash(strtab *st, size_t nslots)
{
	strtab_slot *ns = iedu__calloc(nslots, sizeof *ns);
	size_t i, mask = nslots - 1;

	if (!ns)
		return iedu__error_nomem("growing the string index");
	for (i = 0; i < st->nslots; i++) {
		size_t j;
		if (st->slots[i].off == 0)
			continue;
		for (j = st->slots[i].hash & mask; ns[j].off;
		     j = (j + 1) & mask)
			;
		ns[j] = st->slots[i];
	}
	iedu__free(st->slots);
	st->slots = ns;
	st->nslots = nslots;
	return 0;
}

/*
 * Makes room in the arena for a string of len bytes, its header, its NUL
 * and the padding after it.
 */
static int reserve(strtab *st, size_t len)
{
	size_t room = ARENA_MAX - st->len, ncap = st->cap, need;
	char *nb;

	if (len >= room || room - len <= STRTAB_HDR + STRTAB_PAD)
		return iedu__error(IEDU_ELIMIT,
				   "the string arena is full: a database holds "
				   "at most 4 GiB of distinct strings");
	need = st->len + STRTAB_HDR + len + 1 + STRTAB_PAD;
	if (need <= st->cap) {
		iedu__ahead(st->buf, st->cap, need, &st->ahead);
		return 0;
	}
	/* need <= ARENA_MAX; capped before doubling, so a 32-bit size_t
	 * cannot wrap */
	while (ncap < need)
		ncap = ncap > ARENA_MAX / 2 ? ARENA_MAX : ncap * 2;
	nb = iedu__realloc(st->buf, ncap);
	if (!nb)
		return iedu__error_nomem("growing the string arena");
	st->buf = nb;
	st->cap = ncap;
	iedu__ahead(st->buf, st->cap, need, &st->ahead);
	return 0;
}

int strtab_intern(strtab *st, const char *s, size_t len, uint32_t *off)
{
	return strtab_intern_hashed(st, s, len, strtab_hash(s, len), off);
}

int strtab_intern_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			 uint32_t *off)
{
	size_t i = probe(st, s, len, h);
	int rc;

	if (st->slots[i].off) {
		*off = st->slots[i].off;
		return 0;
	}
	if ((rc = reserve(st, len)) != 0)
		return rc;
	/*
	 * At most three quarters full. Each slot keeps its string's hash, so
	 * a probe past another string costs a compare of four bytes, most
	 * often in a line already loaded (eight slots a line), while every
	 * slot is memory that must be touched once: at 1,000,000
	 * organisations a limit of one half doubled the index to 256 MiB for
	 * the last 1 % of its 8.5 million strings.
	 */
	if ((st->used + 1) * 4 > st->nslots * 3) {
		if ((rc = rehash(st, st->nslots * 2)) != 0)
			return rc;
		i = probe(st, s, len, h);
	}
	memset(st->buf + st->len, 0, 4); /* the tag */
	memcpy(st->buf + st->len + 4, &h, 4);
	*off = (uint32_t)(st->len + STRTAB_HDR);
	memcpy(st->buf + *off, s, len);
	memset(st->buf + *off + len, 0, 1 + STRTAB_PAD);
	st->len = *off + len + 1;
	st->slots[i].hash = h;
	st->slots[i].off = *off;
	st->used++;
	return 0;
}

uint32_t strtab_find(const strtab *st, const char *s, size_t len, uint32_t *tag)
{
	size_t i = probe(st, s, len, strtab_hash(s, len));

	if (tag)
		*tag = st->slots[i].off ? strtab_tag_get(st, st->slots[i].off)
					: 0;
	return st->slots[i].off;
}

/*
 * The slot of the string at off, found by the hash before it and compared
 * by offset alone: every string of the arena is in the set once.
 */
static size_t slot_of(const strtab *st, uint32_t off)
{
	size_t mask = st->nslots - 1, i;
	uint32_t h;

	memcpy(&h, st->buf + off - 4, sizeof h);
	for (i = h & mask; st->slots[i].off != off && st->slots[i].off;
	     i = (i + 1) & mask)
		;
	return i;
}

/* Removes slot i, shifting back the entries of its probe run. */
static void remove_slot(strtab *st, size_t i)
{
	size_t mask = st->nslots - 1, j = i;

	for (;;) {
		size_t home;
		j = (j + 1) & mask;
		if (st->slots[j].off == 0)
			break;
		home = st->slots[j].hash & mask;
		/* move j into the hole at i unless its home lies in (i, j] */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			st->slots[i] = st->slots[j];
			i = j;
		}
	}
	st->slots[i].off = 0;
	st->slots[i].hash = 0;
	st->used--;
}

void strtab_rollback(strtab *st, size_t mark)
{
	size_t p = mark;

	while (p < st->len) {
		size_t off = p + STRTAB_HDR;
		remove_slot(st, slot_of(st, (uint32_t)off));
		p = off + strlen(st->buf + off) + 1;
	}
	st->len = mark;
	memset(st->buf + mark, 0, STRTAB_PAD);
}
