/*
 * libiedu - consistency findings.
 *
 * Some doubts about a dataset are not reasons to refuse it: sources
 * disagree, real codes fail their check character, lists are incomplete.
 * iedu_db_check() reports them as findings.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_CHECK_H
#define IEDU_CHECK_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

typedef enum iedu_finding_code {
	IEDU_FINDING_NONE = 0,
	/* a body's stated member-units figure differs from its memberships */
	IEDU_FINDING_MEMBER_COUNT = 1,
	/* the exact parts of a breakdown sum to less than its exact total */
	IEDU_FINDING_PARTS_SHORT = 2,
	/* an until (or dissolved) date before its from (since, founded) date */
	IEDU_FINDING_DATE_ORDER = 3,
	/* an event dated after a source that reports it was published */
	IEDU_FINDING_EVENT_AFTER_SOURCE = 4,
	/* two organisations with the same identifier */
	IEDU_FINDING_SAME_IDENTIFIER = 5,
	/* a uscc identifier whose check character does not verify */
	IEDU_FINDING_USCC_CHECK = 6,
	/* two organisations whose names or aliases are equal at primary
	 * strength (ignoring case, width and accents) */
	IEDU_FINDING_SAME_NAME = 7
} iedu_finding_code;

/* A list of findings. Opaque; read it through the accessors. */
typedef struct iedu_findings iedu_findings;

/*
 * Checks the whole database and returns its findings in *out (possibly
 * none), ordered by record kind, then record, then code. The caller owns
 * the list and frees it with iedu_findings_free(). Read-only on db and
 * thread-safe in the sense of database.h.
 */
IEDU_API int iedu_db_check(iedu_findings **out, const iedu_db *db);

IEDU_API size_t iedu_findings_count(const iedu_findings *findings);

/* Per finding, 0 <= index < count (0, IEDU_NONE or NULL outside): */
IEDU_API iedu_finding_code iedu_findings_code(const iedu_findings *findings,
					      size_t index);
/* the record it is about */
IEDU_API iedu_handle iedu_findings_record(const iedu_findings *findings,
					  size_t index);
/* the XML name of the field concerned, or NULL */
IEDU_API const char *iedu_findings_field(const iedu_findings *findings,
					 size_t index);
/* a complete sentence naming the record, the values and the doubt */
IEDU_API const char *iedu_findings_message(const iedu_findings *findings,
					   size_t index);

/* A short static name of a finding code ("uscc-check"), or NULL. */
IEDU_API const char *iedu_finding_name(iedu_finding_code code);

/* NULL is allowed. */
IEDU_API void iedu_findings_free(iedu_findings *findings);

IEDU_END_DECLS

#endif
