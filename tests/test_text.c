/*
 * The text checks and NFC (src/text.c), white-box: the fast paths agree
 * with the byte-by-byte check and with ICU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <iedu.h>
#include "text.h"

/*
 * Every character text_nfc lets past ICU is NFC-stable by ICU's own data:
 * combining class 0, quick check YES, and not a character that another
 * can compose with (a string of it after a base is NFC too).
 */
static void nfc_stable_set_agrees_with_icu(void **state)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	uint32_t cp, stable = 0;

	(void)state;
	assert_true(U_SUCCESS(st));
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		UChar u[4];
		int32_t n = 0;
		if (!text_nfc_stable(cp))
			continue;
		stable++;
		assert_int_equal(unorm2_getCombiningClass(nfc, (UChar32)cp), 0);
		assert_false(unorm2_hasBoundaryBefore(nfc, (UChar32)cp) == 0);
		/* the character alone, and after a base letter */
		u[n++] = 'a';
		U16_APPEND_UNSAFE(u, n, (UChar32)cp);
		st = U_ZERO_ERROR;
		assert_int_equal(unorm2_quickCheck(nfc, u + 1, n - 1, &st),
				 UNORM_YES);
		assert_int_equal(unorm2_quickCheck(nfc, u, n, &st), UNORM_YES);
		assert_true(U_SUCCESS(st));
	}
	/* U+0000-U+02FF, U+3000-U+3029, U+4E00-U+9FFF, U+FF01-U+FF5E */
	assert_int_equal(stable, 0x300 + 0x2A + 0x5200 + 0x5E);
	assert_false(text_nfc_stable(0x302A)); /* an ideographic tone mark */
	assert_false(text_nfc_stable(0x0301)); /* COMBINING ACUTE ACCENT */
	assert_false(text_nfc_stable(0xF900)); /* a compatibility ideograph */
}

static void assert_nfc(const char *in, const char *want, int same)
{
	textbuf scratch = {NULL, 0, 0};
	const char *out = NULL;
	size_t n = 0;

	assert_int_equal(text_check(in, strlen(in)), 0);
	assert_int_equal(text_nfc(&out, &n, in, strlen(in), &scratch), 0);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
	if (same)
		assert_ptr_equal(out, in);
	textbuf_free(&scratch);
}

static void nfc_of_names(void **state)
{
	(void)state;
	/* ASCII, Latin-1, Han, full-width parentheses: returned as given */
	assert_nfc("Tianjin Vocational Institute", "Tianjin Vocational Institute",
		   1);
	assert_nfc("Caf\xc3\xa9", "Caf\xc3\xa9", 1);
	assert_nfc("天津职业技术师范大学（筹）", "天津职业技术师范大学（筹）", 1);
	assert_nfc("中国\u3000职业教育、产教融合", "中国\u3000职业教育、产教融合",
		   1);
	/* a combining accent after a base composes */
	assert_nfc("Cafe\xcc\x81", "Caf\xc3\xa9", 0);
	/* a compatibility ideograph is replaced by its unified one */
	assert_nfc("\xef\xa4\x80", "\xe8\xb1\x88", 0);
	/* Han followed by a combining mark: not skipped */
	assert_nfc("中\xcc\x81", "中\xcc\x81", 0);
	/* ANGSTROM SIGN in a Han name */
	assert_nfc("中\xe2\x84\xab", "中\xc3\x85", 0);
}

/* The 8-byte ASCII path reports what the byte loop reports, where it did. */
static void check_finds_the_byte_it_did(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		int rc;
		const char *message;
	} cases[] = {
	    {"0123456789abcdef", 16, 0, NULL},
	    {"0123456\t89ab\ncd\r", 16, 0, NULL},
	    {"01234567\x01" "9abcdef", 16, IEDU_EVALUE,
	     "control character U+0001 at byte 9; expected text without "
	     "control characters other than tab and line breaks"},
	    {"0123456\x1f", 8, IEDU_EVALUE,
	     "control character U+001F at byte 8; expected text without "
	     "control characters other than tab and line breaks"},
	    {"0123456789abcde\xff", 16, IEDU_EVALUE,
	     "invalid UTF-8 byte 0xFF at byte 16; expected UTF-8 text"},
	    {"01234567\x00" "9abcdef", 16, IEDU_EVALUE,
	     "control character U+0000 at byte 9; expected text without "
	     "control characters other than tab and line breaks"},
	    {"abcdefg\xe4\xb8\xad" "hijklmnop", 18, 0, NULL},
	    {"abcdefg\xe4\xb8", 9, IEDU_EVALUE,
	     "truncated UTF-8 sequence at byte 8; expected UTF-8 text"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = text_check(cases[i].text, cases[i].len);
		assert_int_equal(rc, cases[i].rc);
		if (cases[i].message)
			assert_string_equal(
			    iedu_error_message(iedu_error_last()),
			    cases[i].message);
	}
}

/*
 * Every place a bad byte can sit, against the three ways of reading: the
 * 8-byte steps, the last eight bytes tested at once (fewer than eight
 * left), and a run of Han characters. The message names the byte.
 */
static void check_finds_every_position(void **state)
{
	static const char *const bad[] = {"\x01", "\x1f", "\xff", "\xc0"};
	static const char *const said[] = {
	    "control character U+0001 at byte %zu; expected text without "
	    "control characters other than tab and line breaks",
	    "control character U+001F at byte %zu; expected text without "
	    "control characters other than tab and line breaks",
	    "invalid UTF-8 byte 0xFF at byte %zu; expected UTF-8 text",
	    "invalid UTF-8 byte 0xC0 at byte %zu; expected UTF-8 text"};
	char text[64], want[160];
	size_t len, pos, b, k;

	(void)state;
	for (b = 0; b < 4; b++)
		for (len = 1; len <= 24; len++)
			for (pos = 0; pos < len; pos++) {
				/* ASCII around the bad byte */
				for (k = 0; k < len; k++)
					text[k] = (char)('a' + k % 26);
				text[pos] = bad[b][0];
				assert_int_equal(text_check(text, len),
						 IEDU_EVALUE);
				snprintf(want, sizeof want, said[b], pos + 1);
				assert_string_equal(
				    iedu_error_message(iedu_error_last()), want);
				/* after a run of Han characters (中) */
				for (k = 0; k < pos / 3 * 3; k += 3)
					memcpy(text + k, "\xe4\xb8\xad", 3);
				for (; k < len; k++)
					text[k] = (char)('a' + k % 26);
				text[pos / 3 * 3] = bad[b][0];
				assert_int_equal(text_check(text, len),
						 IEDU_EVALUE);
				snprintf(want, sizeof want, said[b],
					 pos / 3 * 3 + 1);
				assert_string_equal(
				    iedu_error_message(iedu_error_last()), want);
			}
	/* a Han run cut short at the end, by one byte and by two */
	for (len = 1; len <= 8; len++) {
		for (k = 0; k < 3 * len; k += 3)
			memcpy(text + k, "\xe4\xb8\xad", 3);
		for (b = 1; b <= 2; b++) {
			assert_int_equal(text_check(text, 3 * len - b),
					 IEDU_EVALUE);
			snprintf(want, sizeof want,
				 "truncated UTF-8 sequence at byte %zu; "
				 "expected UTF-8 text",
				 3 * len - 2);
			assert_string_equal(
			    iedu_error_message(iedu_error_last()), want);
		}
		/* and with its last continuation byte not one */
		text[3 * len - 1] = 'x';
		assert_int_equal(text_check(text, 3 * len), IEDU_EVALUE);
		snprintf(want, sizeof want,
			 "invalid UTF-8 sequence at byte %zu; expected UTF-8 "
			 "text",
			 3 * len - 2);
		assert_string_equal(iedu_error_message(iedu_error_last()),
				    want);
	}
}

/*
 * What text_quick_stable vouches for, text_check_stable accepts and finds
 * stable: every sequence of one and two bytes, every three-byte sequence
 * with a lead byte 0xE0-0xEF, each alone and after eight ASCII bytes; and
 * it vouches for the texts the import sees most (names, ids, dates).
 */
static void quick_check_vouches_only_for_good_text(void **state)
{
	unsigned char t[16];
	size_t pre, n, vouched = 0;
	unsigned a, b, c;

	(void)state;
	for (pre = 0; pre <= 8; pre += 8) {
		memset(t, 'x', pre);
		for (a = 0; a < 256; a++)
			for (b = 0; b < 256; b++) {
				t[pre] = (unsigned char)a;
				t[pre + 1] = (unsigned char)b;
				for (n = 1; n <= 2; n++) {
					int stable = -1;
					if (!text_quick_stable((char *)t,
							       pre + n))
						continue;
					vouched++;
					assert_int_equal(
					    text_check_stable((char *)t,
							      pre + n, &stable),
					    0);
					assert_int_equal(stable, 1);
				}
				if (a < 0xE0 || a > 0xEF)
					continue;
				for (c = 0; c < 256; c++) {
					int stable = -1;
					t[pre + 2] = (unsigned char)c;
					if (!text_quick_stable((char *)t,
							       pre + 3))
						continue;
					vouched++;
					assert_int_equal(
					    text_check_stable((char *)t,
							      pre + 3, &stable),
					    0);
					assert_int_equal(stable, 1);
				}
			}
	}
	/*
	 * What it vouches for, counted, for each prefix: one byte (99: 0x20
	 * to 0x7F, tab, LF, CR; once for each second byte), two ASCII bytes,
	 * U+0080-U+02FF (10 lead bytes x 64), the ideographs U+4E00-U+9FFF,
	 * U+3000-U+3029, U+FF01-U+FF5E.
	 */
	assert_int_equal(vouched, 2 * (256 * 99 + 99 * 99 + 10 * 64 + 20992 +
				       42 + 94));
	assert_int_equal(text_quick_stable("天津职业技术师范大学（筹）",
					   strlen("天津职业技术师范大学（筹）")),
			 1);
	assert_int_equal(text_quick_stable("ent-462577", 10), 1);
	assert_int_equal(text_quick_stable("Caf\xc3\xa9", 5), 1);
	assert_int_equal(text_quick_stable("Cafe\xcc\x81", 6), 0);
	assert_int_equal(text_quick_stable("\xe1\x80\x80", 3), 0);
	assert_int_equal(text_quick_stable("a\x01", 2), 0);
	assert_int_equal(text_quick_stable("\xe4\xb8", 2), 0);
}

/*
 * Plain ASCII of every length from 1 to 24 is vouched for, with one byte
 * at any position replaced by one the word tests must catch (a control
 * character, a byte of 0x80 or more, DEL's neighbour 0x80, a lone lead
 * byte) it is not, and a tab or DEL anywhere is still vouched for (a tab
 * by the byte loop): the word tests for short values and for the last
 * bytes of longer ones give the byte loop's answer.
 */
static void quick_check_words_match_the_byte_loop(void **state)
{
	static const unsigned char bad[] = {0x00, 0x01, 0x1F, 0x80, 0xC3,
					    0xE4, 0xFF};
	unsigned char t[32];
	size_t len, at, k;

	(void)state;
	for (len = 1; len <= 24; len++) {
		for (k = 0; k < len; k++)
			t[k] = (unsigned char)(0x20 + (k * 7) % 0x60);
		assert_int_equal(text_quick_stable((char *)t, len), 1);
		for (at = 0; at < len; at++) {
			unsigned char was = t[at];
			for (k = 0; k < sizeof bad; k++) {
				t[at] = bad[k];
				assert_int_equal(
				    text_quick_stable((char *)t, len), 0);
			}
			t[at] = '\t';
			assert_int_equal(text_quick_stable((char *)t, len), 1);
			t[at] = 0x7F;
			assert_int_equal(text_quick_stable((char *)t, len), 1);
			t[at] = was;
		}
	}
	/* runs of ideographs, ending at the range's ends and past them */
	static const struct {
		const char *text;
		int stable;
	} runs[] = {
	    {"\xe4\xb8\x80\xe9\xbf\xbf", 1},	/* U+4E00 U+9FFF */
	    {"\xe4\xb8\x80\xe4\xb7\xbf", 0},	/* U+4DFF */
	    {"\xe4\xb8\x80\xea\x80\x80", 0},	/* U+A000 */
	    {"\xe4\xb8\x80\xe4\xb8", 0},		/* cut short */
	    {"\xe4\xb8\x80\xe4\xb8\x41", 0},	/* not a continuation */
	    {"\xe4\xb8\x80\xe4\xf8\x80", 0},
	    {"\xe4\xb8\x80\xe3\x80\x81" "a", 1}, /* U+3001, ASCII */
	};
	for (k = 0; k < sizeof runs / sizeof *runs; k++)
		assert_int_equal(
		    text_quick_stable(runs[k].text, strlen(runs[k].text)),
		    runs[k].stable);
}

/* text_check_stable says stable exactly when every character is. */
static void check_tells_stable_text(void **state)
{
	static const struct {
		const char *text;
		int stable;
	} cases[] = {
	    {"", 1},
	    {"Tianjin Vocational Institute", 1},
	    {"Caf\xc3\xa9 \xc9\x90", 1},          /* U+00E9, U+0250 */
	    {"天津职业技术师范大学（筹）", 1},
	    {"\xe3\x80\x80\xe3\x80\xa9", 1},      /* U+3000, U+3029 */
	    {"中国\xe3\x80\xaa", 0},                 /* U+302A, a tone mark */
	    {"Cafe\xcc\x81", 0},                      /* U+0301 */
	    {"\xce\xa9", 0},                          /* U+03A9, not listed */
	    {"\xef\xa4\x80", 0},                     /* U+F900 */
	    {"\xef\xbd\x9e\xef\xbd\x9f", 0},      /* U+FF5E, U+FF5F */
	    {"\xf0\xa0\x80\x80", 0},                /* U+20000 */
	    {"abcdefgh中国ijklmnop\xe1\x80\x80", 0}, /* U+1000 */
	    {"中国中国中国中国中国中国\xe1\x80\x80", 0}, /* a run, then U+1000 */
	    {"中国中国中国中国中国中国\xe3\x80\xaa", 0}, /* a run, then U+302A */
	    {"中国中国中国中国中国中国abc", 1},
	    {"abcdefghi中", 1}, /* the last eight bytes hold a Han byte */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int stable = -1;
		assert_int_equal(text_check_stable(cases[i].text,
						   strlen(cases[i].text),
						   &stable),
				 0);
		assert_int_equal(stable, cases[i].stable);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nfc_stable_set_agrees_with_icu),
	    cmocka_unit_test(nfc_of_names),
	    cmocka_unit_test(check_finds_the_byte_it_did),
	    cmocka_unit_test(check_finds_every_position),
	    cmocka_unit_test(quick_check_vouches_only_for_good_text),
	    cmocka_unit_test(quick_check_words_match_the_byte_loop),
	    cmocka_unit_test(check_tells_stable_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
