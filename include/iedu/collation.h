/*
 * libiedu - collation: names in the order their readers expect.
 *
 * A collator orders text by the rules of an ICU locale: "zh" (pinyin),
 * "zh@collation=stroke" (stroke count), "zh-Hant", "en", or any other ICU
 * locale, at a strength (primary ignores case, width and accents).
 * Listings sort by sort keys, computed once per (collator, kind, language)
 * and cached on the database with the collator's version, so a listing
 * repeated after no change costs a copy.
 *
 * Thread safety: a collator may be used from many threads at once (it is
 * read-only after creation; the library clones ICU state per call where
 * ICU requires it). Listings only read the database; their cache is
 * guarded by a lock inside the database.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_COLLATION_H
#define IEDU_COLLATION_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

typedef struct iedu_collator iedu_collator;

typedef enum iedu_strength {
	IEDU_STRENGTH_PRIMARY = 1,   /* base letters only */
	IEDU_STRENGTH_SECONDARY = 2, /* and accents */
	IEDU_STRENGTH_TERTIARY = 3   /* and case and width (the default) */
} iedu_strength;

/*
 * Opens a collator for an ICU locale string (NULL or "" is the root
 * locale) at a strength. IEDU_EVALUE when the locale is malformed,
 * IEDU_EINVAL for an unknown strength. A well-formed locale ICU has no
 * rules for falls back to its parent or the root, as ICU does; see
 * iedu_collator_locale() for the rules actually used.
 */
IEDU_API int iedu_collator_new(iedu_collator **out, const char *locale,
			       iedu_strength strength);

/* NULL is allowed. */
IEDU_API void iedu_collator_free(iedu_collator *coll);

/* The locale whose rules ICU actually uses ("zh", "root", ...). Owned by coll. */
IEDU_API const char *iedu_collator_locale(const iedu_collator *coll);

/* The collator's version as text ("153.112.40.0"): keys of different versions never mix. */
IEDU_API const char *iedu_collator_version(const iedu_collator *coll);

IEDU_API iedu_strength iedu_collator_strength(const iedu_collator *coll);

/*
 * The language a listing with this collator prefers for names when none
 * is asked for: the BCP 47 language-script-region of the locale ("zh" for
 * "zh@collation=stroke", "zh-Hant" for "zh-Hant"), "" for the root locale.
 * Owned by coll.
 */
IEDU_API const char *iedu_collator_language(const iedu_collator *coll);

/*
 * Compares two NUL-terminated UTF-8 strings: <0, 0 or >0. Strings that
 * are canonically equivalent (NFC and NFD spellings) compare equal.
 */
IEDU_API int iedu_collator_compare(const iedu_collator *coll, const char *a,
				   const char *b);

/* What to list. Set version to IEDU_LIST_OPTIONS_VERSION; grows only at the end. */
typedef struct iedu_list_options {
	uint32_t version;
	iedu_kind kind;           /* required */
	const char *lang;         /* name language; NULL: the collator's language */
	const iedu_collator *collator; /* NULL: the root collator, tertiary */
	const char *type;         /* keep records of this type token; NULL: all */
	const char *level;        /* organizations of this level; NULL: all */
	uint32_t roles;           /* memberships with any of these iedu_role bits; 0: all */
} iedu_list_options;

#define IEDU_LIST_OPTIONS_VERSION 1
#define IEDU_LIST_OPTIONS_INIT {IEDU_LIST_OPTIONS_VERSION, IEDU_KIND_NONE, NULL, NULL, NULL, NULL, 0}

/* Initialises opts for the given version (IEDU_LIST_OPTIONS_VERSION). */
IEDU_API int iedu_list_options_init(iedu_list_options *opts, uint32_t version);

/*
 * The records of a kind, sorted by their name in a language: the name
 * (organization, person, event), title (source, post, agreement) or label
 * (statistic) in opts->lang, else their first such text in another
 * language, else their id; records with no such text (memberships,
 * relations, designations) sort by id. Ties are broken by id (byte order).
 * *out is a new array of *count handles that the caller frees with
 * iedu_free(); NULL when *count is 0.
 */
IEDU_API int iedu_db_sorted(iedu_handle **out, size_t *count,
			    const iedu_db *db, const iedu_list_options *opts);

/*
 * The text a listing sorted the record by (see iedu_db_sorted) for a
 * language: owned by the database.
 */
IEDU_API const char *iedu_record_display_name(const iedu_db *db,
					      iedu_handle rec,
					      const char *lang);

IEDU_END_DECLS

#endif
