/*
 * Fuzz target: search queries. The bundled dataset is imported once;
 * each input is a query: its first byte chooses the kind filter, the
 * limit and whether iedu_pinyin (plain or personal) also romanises it,
 * the rest is the query text. Whatever the bytes, the call succeeds or
 * fails with a status and a message, and every result respects the
 * filter and the limit and is a name or alias of its record.
 *
 * Built as a libFuzzer binary under clang (IEDU_FUZZ=ON) and always as
 * the replay program that runs a corpus through the same function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iedu.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "%s (last error: %s)\n", what,
		iedu_error_message(iedu_error_last()));
	abort();
}

static const iedu_db *dataset(void)
{
	static iedu_db *db;

	if (!db) {
		if (iedu_db_new(&db) != IEDU_OK ||
		    iedu_xml_import_file(db, IEDU_FUZZ_DATASET) != IEDU_OK)
			die("cannot import the dataset " IEDU_FUZZ_DATASET);
	}
	return db;
}

/* A failure: a status, and the last error says the same with a message. */
static void check_failure(int rc, const char *call)
{
	const iedu_error *err = iedu_error_last();

	if (rc >= 0 || iedu_error_code(err) != rc ||
	    iedu_error_message(err)[0] == '\0') {
		fprintf(stderr, "%s: status %d with last error %d '%s'\n", call,
			rc, iedu_error_code(err), iedu_error_message(err));
		abort();
	}
}

/* The result's text is among its record's texts of that child. */
static int is_text_of(const iedu_db *db, iedu_handle rec, iedu_child child,
		      const char *text)
{
	uint32_t i, n = iedu_record_child_count(db, rec, child);

	for (i = 0; i < n; i++) {
		const char *t = iedu_record_child_text(db, rec, child, i);
		if (t && strcmp(t, text) == 0)
			return 1;
	}
	return 0;
}

static void check_matches(const iedu_db *db, const iedu_matches *m,
			  iedu_kind kind, size_t limit)
{
	size_t i, n = iedu_matches_count(m);

	if (limit && n > limit)
		die("more results than the limit");
	for (i = 0; i < n; i++) {
		iedu_handle rec = iedu_matches_record(m, i);
		iedu_child child = iedu_matches_child(m, i);
		iedu_match_how how = iedu_matches_how(m, i);
		const char *text = iedu_matches_text(m, i);

		if (iedu_record_kind(db, rec) == IEDU_KIND_NONE)
			die("a result is no record");
		if (kind != IEDU_KIND_NONE && iedu_record_kind(db, rec) != kind)
			die("a result of another kind");
		if (!text || !is_text_of(db, rec, child, text))
			die("a result's text is not its record's");
		if (how < IEDU_MATCH_EXACT || how > IEDU_MATCH_SUBSTRING ||
		    !iedu_match_how_name(how))
			die("a result matched in no known way");
		if (iedu_matches_via_pinyin(m, i) != 0 &&
		    iedu_matches_via_pinyin(m, i) != 1)
			die("via_pinyin is not 0 or 1");
		/* exact first, then prefix, then substring */
		if (i && how < iedu_matches_how(m, i - 1))
			die("results out of rank");
	}
	if (iedu_matches_record(m, n) != IEDU_NONE ||
	    iedu_matches_text(m, n) != NULL)
		die("a result past the end");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t limits[] = {0, 1, 3};
	const iedu_db *db = dataset();
	iedu_matches *m = NULL;
	iedu_kind kind;
	size_t limit;
	char *q;
	int rc, pinyin;

	if (size < 1)
		return 0;
	/* bits 0-3: kind (0-10, 11-15 any); 4-5: limit; 6-7: pinyin */
	kind = (iedu_kind)(data[0] & 15);
	if (kind > IEDU_KIND_COUNT)
		kind = IEDU_KIND_NONE;
	limit = limits[((data[0] >> 4) & 3) % 3];
	pinyin = data[0] >> 6;
	q = malloc(size);
	if (!q)
		return 0;
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';

	rc = iedu_db_find(&m, db, q, kind, limit);
	if (rc == IEDU_OK)
		check_matches(db, m, kind, limit);
	else
		check_failure(rc, "iedu_db_find");
	iedu_matches_free(m);

	/* ICU opens its transliterator per call: one input in four */
	if (pinyin == 3) {
		char *p = NULL;
		rc = iedu_pinyin(&p, q, data[0] & 1);
		if (rc == IEDU_OK) {
			if (!p)
				die("iedu_pinyin succeeded with no text");
		} else {
			check_failure(rc, "iedu_pinyin");
			if (p)
				die("iedu_pinyin failed with a text");
		}
		iedu_free(p);
	}
	free(q);
	return 0;
}
