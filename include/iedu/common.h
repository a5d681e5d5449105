/*
 * libiedu - common definitions shared by every public header.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_COMMON_H
#define IEDU_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define IEDU_BEGIN_DECLS extern "C" {
#define IEDU_END_DECLS }
#else
#define IEDU_BEGIN_DECLS
#define IEDU_END_DECLS
#endif

/* IEDU_API marks every exported function; everything else is hidden. */
#if defined(IEDU_STATIC)
#define IEDU_API
#elif defined(_WIN32)
#if defined(IEDU_BUILDING)
#define IEDU_API __declspec(dllexport)
#else
#define IEDU_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define IEDU_API __attribute__((visibility("default")))
#else
#define IEDU_API
#endif

/*
 * IEDU_DEPRECATED marks a function that a later major release removes;
 * its comment names the replacement. Define IEDU_NO_DEPRECATION_WARNINGS
 * to silence the warnings while migrating.
 */
#if defined(IEDU_NO_DEPRECATION_WARNINGS)
#define IEDU_DEPRECATED(msg)
#elif defined(__GNUC__) && (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5))
#define IEDU_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
#define IEDU_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#define IEDU_DEPRECATED(msg)
#endif

IEDU_BEGIN_DECLS

/*
 * A record handle: a 32-bit value naming one record of one database.
 * 0 (IEDU_NONE) names no record. A handle stays valid for the life of its
 * database; it is meaningless in another database.
 */
typedef uint32_t iedu_handle;
#define IEDU_NONE ((iedu_handle)0)

/* The database: an opaque handle that owns every record and string. */
typedef struct iedu_db iedu_db;

/* The ten record kinds of iedu XML v1, in the spec's (and export's) order. */
typedef enum iedu_kind {
	IEDU_KIND_NONE = 0,
	IEDU_KIND_SOURCE = 1,
	IEDU_KIND_ORGANIZATION = 2,
	IEDU_KIND_PERSON = 3,
	IEDU_KIND_MEMBERSHIP = 4,
	IEDU_KIND_POST = 5,
	IEDU_KIND_RELATION = 6,
	IEDU_KIND_DESIGNATION = 7,
	IEDU_KIND_EVENT = 8,
	IEDU_KIND_AGREEMENT = 9,
	IEDU_KIND_STATISTIC = 10
} iedu_kind;
#define IEDU_KIND_COUNT 10

/*
 * Attributes, named after their XML names. One enum serves records and
 * their child elements; which attribute belongs where is the spec's.
 * IEDU_ATTR_LANG is xml:lang.
 */
typedef enum iedu_attr {
	IEDU_ATTR_NONE = 0,
	IEDU_ATTR_ID = 1,
	IEDU_ATTR_TYPE = 2,
	IEDU_ATTR_LANG = 3,
	IEDU_ATTR_PUBLISHED = 4,
	IEDU_ATTR_URL = 5,
	IEDU_ATTR_LEVEL = 6,
	IEDU_ATTR_FOUNDED = 7,
	IEDU_ATTR_DISSOLVED = 8,
	IEDU_ATTR_MEMBER = 9,
	IEDU_ATTR_BODY = 10,
	IEDU_ATTR_ROLE = 11,
	IEDU_ATTR_FROM = 12,
	IEDU_ATTR_UNTIL = 13,
	IEDU_ATTR_PERSON = 14,
	IEDU_ATTR_ORG = 15,
	IEDU_ATTR_TO = 16,
	IEDU_ATTR_SINCE = 17,
	IEDU_ATTR_PROGRAMME = 18,
	IEDU_ATTR_BATCH = 19,
	IEDU_ATTR_DATE = 20,
	IEDU_ATTR_ISSUER = 21,
	IEDU_ATTR_HOSTS = 22,
	IEDU_ATTR_SIGNED = 23,
	IEDU_ATTR_EVENT = 24,
	IEDU_ATTR_INDICATOR = 25,
	IEDU_ATTR_SUBJECT = 26,
	IEDU_ATTR_SCOPE = 27,
	IEDU_ATTR_VALUE = 28,
	IEDU_ATTR_QUALIFIER = 29,
	IEDU_ATTR_UNIT = 30,
	IEDU_ATTR_STATUS = 31,
	IEDU_ATTR_KIND = 32,
	IEDU_ATTR_SCHEME = 33,
	IEDU_ATTR_DIVISION = 34,
	IEDU_ATTR_SOURCE = 35,
	IEDU_ATTR_LOCATOR = 36,
	IEDU_ATTR_QUOTE = 37,
	IEDU_ATTR_MODE = 38,
	IEDU_ATTR_KEY = 39
} iedu_attr;
#define IEDU_ATTR_COUNT 39

/* Child elements of records, named after their XML names. */
typedef enum iedu_child {
	IEDU_CHILD_NONE = 0,
	IEDU_CHILD_NAME = 1,
	IEDU_CHILD_TITLE = 2,
	IEDU_CHILD_LABEL = 3,
	IEDU_CHILD_PUBLISHER = 4,
	IEDU_CHILD_ALIAS = 5,
	IEDU_CHILD_SECTOR = 6,
	IEDU_CHILD_IDENTIFIER = 7,
	IEDU_CHILD_LOCATION = 8,
	IEDU_CHILD_ISSUER = 9,
	IEDU_CHILD_PLACE = 10,
	IEDU_CHILD_PARTICIPANT = 11,
	IEDU_CHILD_ATTENDANCE = 12,
	IEDU_CHILD_PARTY = 13,
	IEDU_CHILD_PART = 14,
	IEDU_CHILD_CITE = 15
} iedu_child;
#define IEDU_CHILD_COUNT 15

/* Membership roles as bits, for iedu_record_roles(). */
typedef enum iedu_role {
	IEDU_ROLE_LEAD = 1u << 0,
	IEDU_ROLE_CHAIR = 1u << 1,
	IEDU_ROLE_EXECUTIVE_VICE_CHAIR = 1u << 2,
	IEDU_ROLE_VICE_CHAIR = 1u << 3,
	IEDU_ROLE_STANDING_COUNCIL = 1u << 4,
	IEDU_ROLE_COUNCIL = 1u << 5,
	IEDU_ROLE_SECRETARIAT = 1u << 6,
	IEDU_ROLE_SUPPORTING = 1u << 7,
	IEDU_ROLE_MEMBER = 1u << 8
} iedu_role;

/*
 * XML names of kinds, attributes and children ("organization",
 * "xml:lang", "cite"); NULL for a value out of range. The strings are
 * static. Thread-safe.
 */
IEDU_API const char *iedu_kind_name(iedu_kind kind);
IEDU_API const char *iedu_attr_name(iedu_attr attr);
IEDU_API const char *iedu_child_name(iedu_child child);

/*
 * The reverse: the enum value for an XML name, or 0 (the _NONE value) for
 * an unknown name. Thread-safe.
 */
IEDU_API iedu_kind iedu_kind_from_name(const char *name);
IEDU_API iedu_attr iedu_attr_from_name(const char *name);
IEDU_API iedu_child iedu_child_from_name(const char *name);

/*
 * The name of one role bit ("vice-chair" for IEDU_ROLE_VICE_CHAIR), NULL
 * for anything but a single known bit; and the bit of a role name, 0 for
 * an unknown one. Thread-safe.
 */
IEDU_API const char *iedu_role_name(uint32_t role);
IEDU_API uint32_t iedu_role_from_name(const char *name);

/*
 * What the format allows: 1 when records of kind have the attribute (or
 * the child element), when child elements of that kind have the
 * attribute, 0 otherwise. The attributes and children a record has are
 * these, present or absent. Thread-safe.
 */
IEDU_API int iedu_kind_has_attr(iedu_kind kind, iedu_attr attr);
IEDU_API int iedu_kind_has_child(iedu_kind kind, iedu_child child);
IEDU_API int iedu_child_has_attr(iedu_child child, iedu_attr attr);

IEDU_END_DECLS

#endif
