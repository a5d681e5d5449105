/*
 * Internal: the batch (record builder and staging area). Staged records
 * live in the database's own arrays past their committed counts; commit
 * makes them visible, rollback truncates the arrays back to the marks.
 */
#ifndef IEDU_SRC_BATCH_H
#define IEDU_SRC_BATCH_H

#include "iedu/batch.h"
#include "model.h"
#include "text.h"

typedef struct rec_loc {
	iedu_handle rec;
	uint32_t line, column;
} rec_loc;

struct iedu_batch {
	iedu_db *db;
	int spent;
	/* what rollback restores */
	size_t str_mark, child_mark, list_mark;
	uint32_t staged[IEDU_KIND_COUNT + 1];
	uint32_t nrecords;
	/* the open record */
	int rec_open;
	iedu_kind kind;
	uint32_t attrs[KIND_MAX_ATTRS];
	uint32_t attr_set; /* bit i: attrs[i] given */
	size_t rec_first_child;
	size_t rec_str_mark, rec_list_mark; /* for iedu_batch_discard */
	uint32_t rec_line, rec_column;
	/* the open child */
	int child_open;
	uint32_t child_line, child_column;
	size_t child_str_mark, child_list_mark;
	child_rec child;
	uint32_t child_set; /* bit i: attribute i given; bit CHILD_TEXT: text */
	textbuf scratch;
	/* which element iedu_batch_end is checking, for error locations */
	enum { ENDING_NONE, ENDING_CHILD, ENDING_RECORD } ending;
	/* input location, set by the XML reader */
	int located;
	const char *file;
	uint32_t line, column;
	rec_loc *locs;
	size_t nlocs, locs_cap, locs_ahead;
	/*
	 * What the XML import's parsing thread already found of the bytes
	 * the next builder call gets (iedu__batch_hint): checked text that
	 * is NFC-stable (text_quick_stable), and the hash of the bytes it
	 * will intern. Each is used only for exactly those bytes (the same
	 * pointer and length) and cleared after the call.
	 */
	const char *hint_clean;
	size_t hint_clean_len;
	const char *hint_hashed;
	size_t hint_hashed_len;
	uint32_t hint_hash;
};

/*
 * Sets the hints for the next builder call (clean: the bytes
 * text_quick_stable vouched for, or NULL; hashed: the bytes whose
 * strtab_hash is hash, or NULL); iedu__batch_hint(b, NULL, 0, NULL, 0, 0)
 * clears them.
 */
static inline void iedu__batch_hint(iedu_batch *b, const char *clean,
				    size_t clean_len, const char *hashed,
				    size_t hashed_len, uint32_t hash)
{
	b->hint_clean = clean;
	b->hint_clean_len = clean_len;
	b->hint_hashed = hashed;
	b->hint_hashed_len = hashed_len;
	b->hint_hash = hash;
}

/* text_check_stable, unless a hint already vouched for these bytes. */
static inline int batch_text_check(const iedu_batch *b, const char *s,
				   size_t len, int *stable)
{
	if (s == b->hint_clean && len == b->hint_clean_len && s) {
		*stable = 1;
		return 0;
	}
	return text_check_stable(s, len, stable);
}

/* strtab_hash(s, len), or the hinted hash of exactly those bytes. */
static inline uint32_t batch_hash(const iedu_batch *b, const char *s,
				  size_t len)
{
	if (s == b->hint_hashed && len == b->hint_hashed_len && s)
		return b->hint_hash;
	return strtab_hash(s, len);
}

/* Interns s into the database's strings, with a hinted hash if any. */
static inline int batch_intern(const iedu_batch *b, const char *s,
			       size_t len, uint32_t *off)
{
	return strtab_intern_hashed(&b->db->strings, s, len,
				    batch_hash(b, s, len), off);
}

/* The same for text: names, titles, URLs (strtab_intern_text). */
static inline int batch_intern_text(const iedu_batch *b, const char *s,
				    size_t len, uint32_t *off)
{
	return strtab_intern_text_hashed(&b->db->strings, s, len,
					 batch_hash(b, s, len), off);
}

/*
 * Hints for values about to be set (see strtab_prefetch_value): stage 1
 * for each value returns its hash, stage 2 takes the hashes once stage 1
 * has been asked for all of them.
 */
uint32_t iedu__batch_prefetch_value(const iedu_batch *b, const char *s,
				    size_t len);
void iedu__batch_prefetch_candidate(const iedu_batch *b, uint32_t hash);
/* Stage 1 for a value whose strtab_hash is known. */
void iedu__batch_prefetch_hash(const iedu_batch *b, uint32_t hash);

/*
 * iedu_batch_set for a caller that has already made the checks
 * iedu_batch_set makes of its arguments: a usable batch with a record
 * open, attr from 1 to IEDU_ATTR_COUNT, value not NULL and len not
 * IEDU_NUL (the XML reader, for every attribute of an import).
 */
int iedu__batch_set(iedu_batch *b, iedu_attr attr, const char *value,
		    size_t len);

/*
 * Sets the input location of what the next builder calls describe; errors
 * they report carry it. file must outlive the batch.
 */
void iedu__batch_locate(iedu_batch *b, const char *file, uint32_t line,
			uint32_t column);

/* Value parsing (parse.c): checks and interns one attribute value. */
int parse_attr(iedu_batch *b, const attr_spec *spec, const char *value,
	       size_t len, uint32_t *out);

/* Checks an id's or token's form; 0 or IEDU_EVALUE with a message. */
int parse_check_id(const char *s, size_t len, const char *what);

/* Commit and rollback (commit.c). */
int batch_commit(iedu_batch *b);
void batch_rollback(iedu_batch *b);

/* Adds the batch's location of record h (or the current one) to the last error.
 */
void batch_locate_error(const iedu_batch *b, iedu_handle h);

#endif
