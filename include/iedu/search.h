/*
 * libiedu - finding records by name, across scripts.
 *
 * A query is matched against every name, title, label and alias, after
 * folding both sides the same way: Unicode NFC, case, width and accents
 * ignored (ICU primary strength). A query in Latin letters is also
 * matched against the pinyin of Han names, with or without spaces and
 * tone marks ("zhonglv", "zhong lü" and "Zhōngnán" all work; "v" or "ü"
 * for ü); personal names are romanised with ICU's Han-Latin/Names rules
 * (曾 zeng, 单 shan). An index built on first use (and extended as records
 * are added) keeps a query from scanning every name.
 *
 * Results are ranked: exact matches before prefix matches before substring
 * matches; names before aliases; the same name in a Han text before its
 * pinyin; then in collation order of the matched text and by id.
 *
 * Thread safety: searches only read the database; the index is built
 * under a lock inside the database, so searches may run from many threads.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_SEARCH_H
#define IEDU_SEARCH_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

typedef enum iedu_match_how {
	IEDU_MATCH_NONE = 0,
	IEDU_MATCH_EXACT = 1,     /* the whole folded text */
	IEDU_MATCH_PREFIX = 2,    /* the text begins with the query */
	IEDU_MATCH_SUBSTRING = 3  /* the query is inside the text */
} iedu_match_how;

/* The search results: opaque; read them through the accessors. */
typedef struct iedu_matches iedu_matches;

/*
 * Finds records whose names match query (NUL-terminated UTF-8), of one
 * kind (IEDU_KIND_NONE: any), at most limit results (0: no limit). The
 * caller owns *out and frees it with iedu_matches_free(). An empty or
 * all-space query is IEDU_EVALUE.
 */
IEDU_API int iedu_db_find(iedu_matches **out, const iedu_db *db,
			  const char *query, iedu_kind kind, size_t limit);

IEDU_API size_t iedu_matches_count(const iedu_matches *m);
/* Per result, 0 <= i < count: */
IEDU_API iedu_handle iedu_matches_record(const iedu_matches *m, size_t i);
/* the text that matched (a name or alias, as stored) */
IEDU_API const char *iedu_matches_text(const iedu_matches *m, size_t i);
/* which child held it: IEDU_CHILD_NAME, _TITLE, _LABEL or _ALIAS */
IEDU_API iedu_child iedu_matches_child(const iedu_matches *m, size_t i);
IEDU_API iedu_match_how iedu_matches_how(const iedu_matches *m, size_t i);
/* 1 when the match was through the text's pinyin, 0 when direct */
IEDU_API int iedu_matches_via_pinyin(const iedu_matches *m, size_t i);
/* "exact", "prefix", "substring" */
IEDU_API const char *iedu_match_how_name(iedu_match_how how);
IEDU_API void iedu_matches_free(iedu_matches *m);

/*
 * The pinyin of text as the index uses it: lower case, syllables separated
 * by spaces, tone marks kept ("zhōng nán dà xué"); personal: use the rules
 * for personal names. *out is freed with iedu_free().
 */
IEDU_API int iedu_pinyin(char **out, const char *text, int personal);

IEDU_END_DECLS

#endif
