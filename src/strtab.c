/*
 * The string table: an arena of NUL-terminated strings addressed by 32-bit
 * offsets in units of STRTAB_UNIT bytes, an open-addressing (linear
 * probing) hash set over the values among them, and a small cache of
 * recent text (strtab.h). Each slot holds a string's key: a string of up
 * to 12 bytes is compared, and its hash recomputed when the set grows,
 * from the slot alone; a longer one keeps its hash there, so that growing
 * the set never rereads the arena.
 *
 * At 1,000,000 organisations most lookups are of references (12 million)
 * and of short repeated values, and each used to read the arena after the
 * slot: a second cache and TLB miss for every reference. With the short
 * strings' bytes in 16-byte slots and text out of the set (which then
 * holds 4.1 million strings, not 8.5, in as many bytes as its 8-byte
 * slots took), a two-thread import took 6.78-7.12 s against 7.70-7.84 s
 * (three alternating rounds; bare parse 4.45-4.52 s), one thread
 * 13.05-13.29 s against 13.70-14.07 s. Text in a set of its own gave
 * nothing back (8.25-8.64 s against 7.51-8.65 s). Text not shared costs
 * arena: 438 MB against 372 MB at 1,000,000, which is why offsets count
 * units of two bytes and the arena may grow to 8 GiB with a 64-bit size_t
 * (10,000,000 organisations took 3.9 GB of the 4 GiB that byte offsets
 * allowed; 10,000,000 imported with two threads in 104.7 s, peak RSS
 * 14,832,232 KiB).
 *
 * The arena keeps each string's tag and hash too, in the 8 bytes before
 * it, and starts each at an even byte:
 *
 *     tag(4) hash(4) string NUL [0] tag(4) hash(4) string NUL ... zero(PAD)
 *
 * so that the tag of a string known by its offset (every reference at
 * every commit) is read where the string is, and its slot (to remove it
 * again) is found without hashing it again, by comparing offsets alone
 * (removing it rehashes the short keys that follow it in its run). Both are
 * read and written with memcpy: the arena aligns nothing to more than two
 * bytes.
 */
#include <string.h>

#include "iedu/errors.h"
#include "alloc.h"
#include "error.h"
#include "strtab.h"

#if SIZE_MAX / STRTAB_UNIT > UINT32_MAX
#define ARENA_MAX ((size_t)UINT32_MAX * STRTAB_UNIT)
#else
#define ARENA_MAX SIZE_MAX
#endif

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

/* A set of nslots zeroed slots, 64-byte aligned (a slot never straddles
 * two cache lines); the block to free in *mem. */
static strtab_slot *slots_new(size_t nslots, void **mem)
{
	size_t extra = 64 / sizeof(strtab_slot);

	if (nslots > SIZE_MAX / sizeof(strtab_slot) - extra ||
	    !(*mem = iedu__calloc(nslots + extra, sizeof(strtab_slot))))
		return NULL;
	return (strtab_slot *)(((uintptr_t)*mem + 63) & ~(uintptr_t)63);
}

int strtab_init(strtab *st)
{
	memset(st, 0, sizeof *st);
	st->cap = 4096;
	st->buf = iedu__malloc(st->cap);
	st->nslots = 1024;
	st->slots = slots_new(st->nslots, &st->slots_mem);
	st->memo = iedu__calloc(STRTAB_MEMO, sizeof *st->memo);
	if (!st->buf || !st->slots || !st->memo) {
		strtab_free(st);
		return iedu__error_nomem("creating the string table");
	}
	memset(st->buf, 0, STRTAB_UNIT + STRTAB_PAD);
	st->len = STRTAB_UNIT; /* offset 0: the empty string */
	return 0;
}

void strtab_free(strtab *st)
{
	iedu__free(st->buf);
	iedu__free(st->slots_mem);
	iedu__free(st->memo);
	memset(st, 0, sizeof *st);
}

size_t strtab_strlen(const strtab *st, uint32_t off)
{
	return strlen(strtab_get(st, off));
}

/* Whether s (len bytes) is kept whole in its key (strtab_slot). */
static int key_whole(const char *s, size_t len)
{
	return len < STRTAB_KEY ||
	       (len == STRTAB_KEY && (unsigned char)s[len - 1] != 0xFF);
}

/* The key of s, whose hash is h. */
static void make_key(unsigned char *key, const char *s, size_t len, uint32_t h)
{
	if (key_whole(s, len)) {
		memset(key, 0, STRTAB_KEY);
		memcpy(key, s, len);
	} else {
		memcpy(key, &h, 4);
		memcpy(key + 4, s, STRTAB_KEY - 5);
		key[STRTAB_KEY - 1] = 0xFF;
	}
}

/* The hash of the string in slot sl (not empty). */
static uint32_t slot_hash(const strtab_slot *sl)
{
	uint32_t h;
	size_t n;

	if (sl->key[STRTAB_KEY - 1] == 0xFF) {
		memcpy(&h, sl->key, sizeof h);
		return h;
	}
	for (n = 0; n < STRTAB_KEY && sl->key[n]; n++)
		;
	return strtab_hash((const char *)sl->key, n);
}

static int key_eq(const unsigned char *a, const unsigned char *b)
{
	uint64_t x, y;
	uint32_t u, v;

	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	memcpy(&u, a + 8, 4);
	memcpy(&v, b + 8, 4);
	return ((x ^ y) | (uint64_t)(u ^ v)) == 0;
}

/* Whether the string at off is s (len bytes). */
static int same(const strtab *st, uint32_t off, const char *s, size_t len)
{
	const char *t = strtab_get(st, off);

	return memcmp(t, s, len) == 0 && t[len] == '\0';
}

/* The slot of s (key: its key, h: its hash), or the empty one to fill. */
static size_t probe(const strtab *st, const char *s, size_t len, uint32_t h,
		    const unsigned char *key)
{
	size_t mask = st->nslots - 1, i = h & mask;
	int whole = key_whole(s, len);

	for (;; i = (i + 1) & mask) {
		const strtab_slot *sl = &st->slots[i];
		if (sl->off == 0)
			return i;
		if (key_eq(sl->key, key) &&
		    (whole || same(st, sl->off, s, len)))
			return i;
	}
}

static int rehash(strtab *st, size_t nslots)
{
	void *mem;
	strtab_slot *ns = slots_new(nslots, &mem);
	size_t i, mask = nslots - 1;

	if (!ns)
		return iedu__error_nomem("growing the string index");
	for (i = 0; i < st->nslots; i++) {
		size_t j;
		if (st->slots[i].off == 0)
			continue;
		for (j = slot_hash(&st->slots[i]) & mask; ns[j].off;
		     j = (j + 1) & mask)
			;
		ns[j] = st->slots[i];
	}
	iedu__free(st->slots_mem);
	st->slots_mem = mem;
	st->slots = ns;
	st->nslots = nslots;
	return 0;
}

/* Bytes a string of len bytes takes in the arena after its header. */
static size_t body_size(size_t len)
{
	return (len + 1 + STRTAB_UNIT - 1) / STRTAB_UNIT * STRTAB_UNIT;
}

/*
 * Makes room in the arena for a string of len bytes, its header, its NUL
 * (and the byte that makes the next start even), and the padding after.
 */
static int reserve(strtab *st, size_t len)
{
	size_t room = ARENA_MAX - st->len, ncap = st->cap, need;
	char *nb;

	if (len >= room || room - len <= STRTAB_HDR + STRTAB_UNIT + STRTAB_PAD)
		return iedu__error(IEDU_ELIMIT,
				   "the string arena is full: a database holds "
				   "at most %zu GiB of strings",
				   ARENA_MAX / 1024 / 1024 / 1024 + 1);
	need = st->len + STRTAB_HDR + body_size(len) + STRTAB_PAD;
	if (need <= st->cap) {
		iedu__ahead(st->buf, st->cap, need, &st->ahead);
		return 0;
	}
	/* need <= ARENA_MAX; capped before doubling, so a 32-bit size_t
	 * cannot wrap */
	while (ncap < need)
		ncap = ncap > ARENA_MAX / 2 ? ARENA_MAX : ncap * 2;
	nb = iedu__realloc_array(st->buf, st->cap, ncap);
	if (!nb)
		return iedu__error_nomem("growing the string arena");
	st->buf = nb;
	st->cap = ncap;
	iedu__ahead(st->buf, st->cap, need, &st->ahead);
	return 0;
}

/* Writes s (len bytes, hash h) at the arena's end, reserved; its offset. */
static uint32_t put(strtab *st, const char *s, size_t len, uint32_t h)
{
	size_t at = st->len + STRTAB_HDR;

	memset(st->buf + st->len, 0, 4); /* the tag */
	memcpy(st->buf + st->len + 4, &h, 4);
	memcpy(st->buf + at, s, len);
	memset(st->buf + at + len, 0, body_size(len) - len + STRTAB_PAD);
	st->len = at + body_size(len);
	return (uint32_t)(at / STRTAB_UNIT);
}

int strtab_intern(strtab *st, const char *s, size_t len, uint32_t *off)
{
	return strtab_intern_hashed(st, s, len, strtab_hash(s, len), off);
}

int strtab_intern_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			 uint32_t *off)
{
	unsigned char key[STRTAB_KEY];
	size_t i;
	int rc;

	make_key(key, s, len, h);
	i = probe(st, s, len, h, key);
	if (st->slots[i].off) {
		*off = st->slots[i].off;
		return 0;
	}
	if ((rc = reserve(st, len)) != 0)
		return rc;
	/*
	 * At most three quarters full. A probe past another string costs a
	 * compare of its key, most often in a line already loaded (four
	 * slots a line), while every slot is memory that must be touched
	 * once: at 1,000,000 organisations a limit of one half doubled the
	 * index to 256 MiB for the last 1 % of its 8.5 million strings
	 * (with text in it, in 8-byte slots).
	 */
	if ((st->used + 1) * 4 > st->nslots * 3) {
		if ((rc = rehash(st, st->nslots * 2)) != 0)
			return rc;
		i = probe(st, s, len, h, key);
	}
	*off = put(st, s, len, h);
	st->slots[i].off = *off;
	memcpy(st->slots[i].key, key, STRTAB_KEY);
	st->used++;
	return 0;
}

int strtab_intern_text(strtab *st, const char *s, size_t len, uint32_t *off)
{
	return strtab_intern_text_hashed(st, s, len, strtab_hash(s, len), off);
}

/*
 * The cache is direct-mapped by hash and remembers the last text of each
 * hash: a text that recurs among the next few thousand is shared (97 % of
 * publishers, 85-89 % of sectors and places, by the interval at which
 * they recur in the generated documents), one that does not costs a look
 * at 8 bytes that are most often in the cache.
 */
int strtab_intern_text_hashed(strtab *st, const char *s, size_t len, uint32_t h,
			      uint32_t *off)
{
	strtab_memo *m = &st->memo[h & (STRTAB_MEMO - 1)];
	int rc;

	if (m->off && m->hash == h && same(st, m->off, s, len)) {
		*off = m->off;
		return 0;
	}
	if ((rc = reserve(st, len)) != 0)
		return rc;
	*off = put(st, s, len, h);
	m->hash = h;
	m->off = *off;
	st->memo_end = st->len;
	return 0;
}

uint32_t strtab_find(const strtab *st, const char *s, size_t len, uint32_t *tag)
{
	unsigned char key[STRTAB_KEY];
	uint32_t h;
	size_t i;

	if (memchr(s, '\0', len)) { /* no string in the table has a NUL */
		if (tag)
			*tag = 0;
		return 0;
	}
	h = strtab_hash(s, len);
	make_key(key, s, len, h);
	i = probe(st, s, len, h, key);
	if (tag)
		*tag = st->slots[i].off ? strtab_tag_get(st, st->slots[i].off)
					: 0;
	return st->slots[i].off;
}

/*
 * The slot of the string at off, found by the hash before it and compared
 * by offset alone: a value is in the set once; for text, the empty slot
 * that ends the search.
 */
static size_t slot_of(const strtab *st, uint32_t off)
{
	size_t mask = st->nslots - 1, i;
	uint32_t h;

	memcpy(&h, strtab_get(st, off) - 4, sizeof h);
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
		home = slot_hash(&st->slots[j]) & mask;
		/* move j into the hole at i unless its home lies in (i, j] */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			st->slots[i] = st->slots[j];
			i = j;
		}
	}
	memset(&st->slots[i], 0, sizeof st->slots[i]);
	st->used--;
}

/*
 * Walks the strings past mark, removing the values from the set; then, if
 * the cache remembers text past mark, makes it forget that text (a look
 * at its 16,384 entries: a discarded record that added text costs that).
 */
void strtab_rollback(strtab *st, size_t mark)
{
	size_t p = mark, i;

	while (p < st->len) {
		size_t at = p + STRTAB_HDR;
		uint32_t off = (uint32_t)(at / STRTAB_UNIT);
		i = slot_of(st, off);
		if (st->slots[i].off == off) /* a value, not text */
			remove_slot(st, i);
		p = at + body_size(strlen(st->buf + at));
	}
	if (st->memo_end > mark) {
		for (i = 0; i < STRTAB_MEMO; i++)
			if ((size_t)st->memo[i].off * STRTAB_UNIT >= mark)
				memset(&st->memo[i], 0, sizeof st->memo[i]);
		st->memo_end = mark;
	}
	st->len = mark;
	memset(st->buf + mark, 0, STRTAB_PAD);
}
