/*
 * The string table's hash: its word-at-a-time tail (one overlapping load,
 * two 4-byte loads, or three single bytes) must give exactly what a plain
 * byte-by-byte reading of the same definition gives, at every length and
 * alignment; and interning is by content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_every_length_and_alignment),
		cmocka_unit_test(test_intern_by_content),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
