/*
 * The string table's hash: its word-at-a-time tail (one overlapping load,
 * two 4-byte loads, or three single bytes) must give exactly what a plain
 * byte-by-byte reading of the same definition gives, at every length and
 * alignment; interning is by content, whether a string is kept whole in
 * its slot's key (up to 12 bytes) or not; text is kept apart from values
 * and shared through the cache only; a rollback forgets both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "iedu/errors.h"
#include "strtab.h"

/* The definition, one byte at a time. */
static uint32_t reference_hash(const unsigned char *p, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
	size_t i;

	while (len >= 8) {
		uint64_t w = 0;
		for (i = 0; i < 8; i++)
			w |= (uint64_t)p[i] << (8 * i);
		h ^= w;
		h *= 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	if (len) {
		uint64_t w = 0;
		for (i = 0; i < len; i++)
			w |= (uint64_t)p[i] << (8 * i);
		h ^= w;
		h *= 0x94D049BB133111EBull;
		h ^= h >> 29;
	}
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return (uint32_t)h;
}

static void test_hash_every_length_and_alignment(void **state)
{
	unsigned char buf[64 + 8];
	size_t off, len, i;
	uint32_t seed = 12345;

	(void)state;
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	skip(); /* the hash reads words in the host's order */
#endif
	for (i = 0; i < sizeof buf; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16); /* high bits, and 0x80+ */
	}
	for (off = 0; off < 8; off++)
		for (len = 0; len <= 64; len++)
			if (strtab_hash((const char *)buf + off, len) !=
			    reference_hash(buf + off, len))
				fail_msg("length %zu at offset %zu", len, off);
	/* the length is part of the hash: "a" and "a\0" differ */
	assert_int_not_equal(strtab_hash("a", 1), strtab_hash("a\0", 2));
	assert_int_equal(strtab_hash("", 0), reference_hash(buf, 0));
}

static void test_intern_by_content(void **state)
{
	strtab st;
	uint32_t a, b, c;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "新华社报道", 15, &a), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "xx新华社报道", 17, &b), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "xx新华社报道" + 2, 15, &c),
			 IEDU_OK);
	assert_int_equal(a, c);
	assert_int_not_equal(a, b);
	assert_string_equal(strtab_get(&st, a), "新华社报道");
	assert_int_equal(strtab_find(&st, "新华社报道", 15, NULL), a);
	assert_int_equal(strtab_find(&st, "新华社", 9, NULL), 0);
	strtab_free(&st);
}

/* Tags live beside their strings, each its own; rollback forgets both. */
static void test_tags(void **state)
{
	strtab st;
	uint32_t a, b, c, tag = 7;
	size_t mark;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "org-1", 5, &a), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "org-22", 6, &b), IEDU_OK);
	assert_int_equal(strtab_tag_get(&st, a), 0);
	strtab_tag_set(&st, a, 0x10000001u);
	strtab_tag_set(&st, b, 0x20000002u);
	assert_int_equal(strtab_tag_get(&st, a), 0x10000001u);
	assert_int_equal(strtab_tag_get(&st, b), 0x20000002u);
	assert_int_equal(strtab_find(&st, "org-22", 6, &tag), b);
	assert_int_equal(tag, 0x20000002u);
	/* the strings are untouched by their neighbours' tags */
	assert_string_equal(strtab_get(&st, a), "org-1");
	assert_string_equal(strtab_get(&st, b), "org-22");
	mark = strtab_mark(&st);
	assert_int_equal(strtab_intern(&st, "org-3", 5, &c), IEDU_OK);
	strtab_tag_set(&st, c, 3);
	strtab_rollback(&st, mark);
	assert_int_equal(strtab_find(&st, "org-3", 5, &tag), 0);
	assert_int_equal(tag, 0);
	assert_int_equal(strtab_intern(&st, "org-3", 5, &c), IEDU_OK);
	assert_int_equal(strtab_tag_get(&st, c), 0);
	assert_int_equal(strtab_find(&st, "org-1", 5, &tag), a);
	assert_int_equal(tag, 0x10000001u);
	strtab_free(&st);
}

/* A distinct string for n: its length cycles through 2..40. */
static size_t make_string(char *buf, unsigned n)
{
	size_t len = 1 + n % 40, i;
	int k = snprintf(buf, 64, "%u:", n);

	for (i = (size_t)k; i < len; i++)
		buf[i] = (char)('a' + (n + i) % 26);
	return len > (size_t)k ? len : (size_t)k;
}

#define MANY 13000 /* five growths: at 768, 1536, 3072, 6144, 12288 */

/*
 * Thirteen thousand strings of every length from 2 to 40 (so kept whole
 * in the key and not), through five growths of the set: each is found at
 * the offset interning gave it, and interning it again gives that offset.
 * Then a rollback of the last half removes exactly those (from within
 * the probe runs of the others, whose short keys are rehashed to move
 * them back), and the first half is found as before.
 */
static void test_keys_across_growth(void **state)
{
	static uint32_t offs[MANY];
	size_t mark = 0, nslots;
	strtab st;
	char buf[64];
	unsigned n;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	for (n = 0; n < MANY; n++) {
		size_t len = make_string(buf, n);
		if (n == MANY / 2)
			mark = strtab_mark(&st);
		assert_int_equal(strtab_intern(&st, buf, len, &offs[n]),
				 IEDU_OK);
	}
	assert_int_equal(st.used, MANY);
	assert_int_equal(st.nslots, 32768);
	for (n = 0; n < MANY; n++) {
		size_t len = make_string(buf, n);
		uint32_t again;
		assert_int_equal(strtab_find(&st, buf, len, NULL), offs[n]);
		assert_int_equal(strtab_intern(&st, buf, len, &again), IEDU_OK);
		assert_int_equal(again, offs[n]);
		assert_memory_equal(strtab_get(&st, offs[n]), buf, len);
		assert_int_equal(strtab_get(&st, offs[n])[len], '\0');
	}
	assert_int_equal(st.used, MANY);
	nslots = st.nslots;
	strtab_rollback(&st, mark);
	assert_int_equal(st.used, MANY / 2);
	assert_int_equal(st.nslots, nslots);
	for (n = 0; n < MANY; n++) {
		size_t len = make_string(buf, n);
		assert_int_equal(strtab_find(&st, buf, len, NULL),
				 n < MANY / 2 ? offs[n] : 0);
	}
	strtab_free(&st);
}

/*
 * Strings that differ only past the bytes a key holds, or only in their
 * length, or that are exactly 12 bytes with a last byte of 0xFF (which
 * ends every key of a longer string) are told apart.
 */
static void test_keys_at_the_edges(void **state)
{
	const char *v[] = {
	    "ent-5302931",	    /* 11 bytes */
	    "ent-53029312",	    /* 12 */
	    "ent-530293123",	    /* 13 */
	    "ent-530293124",	    /* 13, differs in the last byte only */
	    "ent-5302931234567890", /* its first 13 bytes are a 13-byte one's */
	    "ent-5302931\xFF",	    /* 12, last byte 0xFF */
	    "ent-5302931\xFE",	    /* 12 */
	    "ent-5302931\xFF\xFF",  /* 13 */
	    "",
	};
	uint32_t off[sizeof v / sizeof v[0]], again;
	size_t i, j, n = sizeof v / sizeof v[0];
	strtab st;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(
		    strtab_intern(&st, v[i], strlen(v[i]), &off[i]), IEDU_OK);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			assert_int_not_equal(off[i], off[j]);
		assert_int_equal(strtab_find(&st, v[i], strlen(v[i]), NULL),
				 off[i]);
		assert_int_equal(strtab_intern(&st, v[i], strlen(v[i]), &again),
				 IEDU_OK);
		assert_int_equal(again, off[i]);
		assert_string_equal(strtab_get(&st, off[i]), v[i]);
	}
	assert_int_equal(strtab_find(&st, "ent-53029", 9, NULL), 0);
	/* a NUL is in no string: not "ent-5302931" and its padding */
	assert_int_equal(strtab_find(&st, "ent-5302931\0", 12, NULL), 0);
	assert_int_equal(strtab_find(&st, "ent-5302931\xFF\xFF\xFF", 14, NULL),
			 0);
	strtab_free(&st);
}

/*
 * A string of 12 bytes that spells out a longer string's key (its hash,
 * its first 7 bytes, 0xFF) is not taken for that string, even when both
 * start their search at the same slot (found by trying URLs in turn).
 */
static void test_key_lookalike(void **state)
{
	char longer[64], look[12];
	uint32_t h = 0, a, b;
	size_t len = 0;
	unsigned u;
	strtab st;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	for (u = 0; u < 1000000; u++) {
		len =
		    (size_t)snprintf(longer, sizeof longer,
				     "https://www.example.cn/news/%u.html", u);
		h = strtab_hash(longer, len);
		memcpy(look, &h, 4);
		memcpy(look + 4, longer, 7);
		look[11] = (char)0xFF;
		if (((strtab_hash(look, sizeof look) ^ h) & (st.nslots - 1)) ==
		    0)
			break;
	}
	assert_true(u < 1000000);
	assert_int_equal(strtab_intern(&st, longer, len, &a), IEDU_OK);
	assert_int_equal(strtab_find(&st, look, sizeof look, NULL), 0);
	assert_int_equal(strtab_intern(&st, look, sizeof look, &b), IEDU_OK);
	assert_int_not_equal(a, b);
	assert_memory_equal(strtab_get(&st, b), look, sizeof look);
	assert_int_equal(strtab_find(&st, longer, len, NULL), a);
	assert_int_equal(strtab_find(&st, look, sizeof look, NULL), b);
	strtab_free(&st);
}

/*
 * Text is not in the set: never found, never the same string as a value
 * of the same bytes, and shared with an identical text only while the
 * cache remembers it (not after another text of the same cache entry).
 */
static void test_text(void **state)
{
	uint32_t a, b, c, d, x, y, z, h1;
	char t2[32];
	unsigned u;
	size_t len2 = 0;
	strtab st;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "zh", 2, &a), IEDU_OK);
	assert_int_equal(strtab_intern_text(&st, "北京市", 9, &b), IEDU_OK);
	assert_int_equal(strtab_intern_text(&st, "北京市", 9, &c), IEDU_OK);
	assert_int_equal(b, c);
	assert_string_equal(strtab_get(&st, b), "北京市");
	assert_int_equal(strtab_find(&st, "北京市", 9, NULL), 0);
	assert_int_equal(strtab_intern_text(&st, "zh", 2, &d), IEDU_OK);
	assert_int_not_equal(a, d);
	assert_string_equal(strtab_get(&st, d), "zh");
	assert_int_equal(strtab_find(&st, "zh", 2, NULL), a);
	/* a text of the same cache entry: the first is added again */
	h1 = strtab_hash("天津市", 9);
	for (u = 0; u < 1000000; u++) {
		len2 = (size_t)snprintf(t2, sizeof t2, "text %u", u);
		if (((strtab_hash(t2, len2) ^ h1) & (STRTAB_MEMO - 1)) == 0)
			break;
	}
	assert_true(u < 1000000);
	assert_int_equal(strtab_intern_text(&st, "天津市", 9, &x), IEDU_OK);
	assert_int_equal(strtab_intern_text(&st, t2, len2, &y), IEDU_OK);
	assert_int_equal(strtab_intern_text(&st, "天津市", 9, &z), IEDU_OK);
	assert_int_not_equal(x, z);
	assert_string_equal(strtab_get(&st, x), "天津市");
	assert_string_equal(strtab_get(&st, z), "天津市");
	assert_string_equal(strtab_get(&st, y), t2);
	strtab_free(&st);
}

/*
 * A rollback over values and text removes the values from the set and
 * makes the cache forget the text past the mark (not the text before
 * it): the same text interned again is written again, and what comes
 * after does not overwrite it.
 */
static void test_rollback_text(void **state)
{
	uint32_t a, e, e2, f, g, k, k2;
	size_t mark, used;
	strtab st;

	(void)state;
	assert_int_equal(strtab_init(&st), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "zh", 2, &a), IEDU_OK);
	assert_int_equal(strtab_intern_text(&st, "北京市", 9, &k), IEDU_OK);
	used = st.used;
	mark = strtab_mark(&st);
	assert_int_equal(strtab_intern_text(&st, "天津市", 9, &e), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "org-9", 5, &f), IEDU_OK);
	assert_int_equal(strtab_intern(&st, "org-10", 6, &g), IEDU_OK);
	assert_int_equal(f,
			 (mark + STRTAB_HDR + 10 + STRTAB_HDR) / STRTAB_UNIT);
	assert_int_equal(st.used, used + 2);
	strtab_rollback(&st, mark);
	assert_int_equal(strtab_mark(&st), mark);
	assert_int_equal(st.used, used);
	assert_int_equal(strtab_find(&st, "org-9", 5, NULL), 0);
	assert_int_equal(strtab_find(&st, "org-10", 6, NULL), 0);
	assert_int_equal(strtab_find(&st, "zh", 2, NULL), a);
	assert_int_equal(strtab_intern_text(&st, "天津市", 9, &e2), IEDU_OK);
	assert_true(strtab_mark(&st) > mark);
	assert_int_equal(strtab_intern(&st, "org-11", 6, &g), IEDU_OK);
	assert_int_not_equal(g, e2);
	assert_string_equal(strtab_get(&st, e2), "天津市");
	assert_string_equal(strtab_get(&st, g), "org-11");
	/* text from before the mark is still remembered */
	assert_int_equal(strtab_intern_text(&st, "北京市", 9, &k2), IEDU_OK);
	assert_int_equal(k2, k);
	strtab_free(&st);
}

/* The arena's limit is its size in bytes, 8 GiB with 64-bit sizes. */
static void test_arena_limit(void **state)
{
	uint32_t off = 0;
	size_t len;
	strtab st;

	(void)state;
	if (SIZE_MAX / STRTAB_UNIT <= UINT32_MAX)
		skip(); /* a 32-bit address space runs out first */
	assert_int_equal(strtab_init(&st), IEDU_OK);
	len = st.len;
	st.len = (size_t)UINT32_MAX * STRTAB_UNIT - 20; /* not touched */
	assert_int_equal(strtab_intern(&st, "org-12345678", 12, &off),
			 IEDU_ELIMIT);
	assert_string_equal(iedu_error_message(iedu_error_last()),
			    "the string arena is full: a database holds at "
			    "most 8 GiB of strings");
	assert_int_equal(strtab_intern_text(&st, "org-12345678", 12, &off),
			 IEDU_ELIMIT);
	assert_int_equal(st.used, 0);
	st.len = len;
	strtab_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_every_length_and_alignment),
	    cmocka_unit_test(test_intern_by_content),
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_keys_across_growth),
	    cmocka_unit_test(test_keys_at_the_edges),
	    cmocka_unit_test(test_key_lookalike),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_rollback_text),
	    cmocka_unit_test(test_arena_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
