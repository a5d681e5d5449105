/*
 * libiedu - following references in both directions.
 *
 * Every reference from one record to another is indexed both ways when a
 * batch commits, so each query below costs time in proportion to its
 * answer. Results are record handles grouped by kind (in iedu_kind
 * order; only IEDU_QUERY_CITING_SOURCE mixes kinds) and, within a kind, in
 * the order the records were added.
 * Read-only and thread-safe in the sense of database.h.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_QUERIES_H
#define IEDU_QUERIES_H

#include "iedu/common.h"

IEDU_BEGIN_DECLS

/* What to ask of a target record; the comment names target and result. */
typedef enum iedu_query {
	IEDU_QUERY_NONE = 0,
	IEDU_QUERY_MEMBERS_OF_BODY = 1,   /* organization -> memberships (body) */
	IEDU_QUERY_BODIES_OF_MEMBER = 2,  /* organization -> memberships (member) */
	IEDU_QUERY_RELATIONS_FROM = 3,    /* organization -> relations (from) */
	IEDU_QUERY_RELATIONS_TO = 4,      /* organization -> relations (to) */
	IEDU_QUERY_AGREEMENTS_OF_PARTY = 5, /* organization -> agreements (party) */
	IEDU_QUERY_AGREEMENTS_AT_EVENT = 6, /* event -> agreements (event) */
	IEDU_QUERY_EVENTS_OF_BODY = 7,    /* organization -> events (body) */
	IEDU_QUERY_EVENTS_OF_HOST = 8,    /* organization -> events (hosts) */
	IEDU_QUERY_EVENTS_OF_PARTICIPANT = 9, /* person or organization -> events */
	IEDU_QUERY_POSTS_OF_PERSON = 10,  /* person -> posts (person) */
	IEDU_QUERY_POSTS_IN_ORG = 11,     /* organization -> posts (org) */
	IEDU_QUERY_STATISTICS_OF_SUBJECT = 12, /* any record -> statistics (subject) */
	IEDU_QUERY_CITING_SOURCE = 13,    /* source -> records of any kind (cite) */
	IEDU_QUERY_DESIGNATIONS_OF_ORG = 14, /* organization -> designations (org) */
	IEDU_QUERY_DESIGNATIONS_BY_ISSUER = 15, /* organization -> designations (issuer) */
	IEDU_QUERY_SOURCES_BY_ISSUER = 16 /* organization -> sources (issuer) */
} iedu_query;

/*
 * Runs a query about target. Writes up to cap handles to out (out may be
 * NULL when cap is 0) and the full number of results to *count, so a
 * caller can ask for the count first. A record that refers to the target
 * twice in the same way (a source cited twice) is listed once.
 * IEDU_EINVAL for an unknown query; IEDU_EKIND when target is not of a
 * kind the query takes; IEDU_ENOTFOUND when target is not a record.
 */
IEDU_API int iedu_db_query(size_t *count, iedu_handle *out, size_t cap,
			   const iedu_db *db, iedu_query query,
			   iedu_handle target);

/*
 * The designations of a programme (a token such as
 * "national-city-consortium"), in the order added; as iedu_db_query.
 */
IEDU_API int iedu_db_designations_of_programme(size_t *count,
					       iedu_handle *out, size_t cap,
					       const iedu_db *db,
					       const char *programme);

IEDU_END_DECLS

#endif
