/*
 * Internal: the shape of iedu XML v1 as tables. Which attributes and
 * children each record kind has, of which value type, in which canonical
 * order, and which are required. The builder validates with these tables,
 * the getters read through them and the writer walks them, so the shape
 * of the format is written down once.
 */
#ifndef IEDU_SRC_SCHEMA_H
#define IEDU_SRC_SCHEMA_H

#include <stdint.h>
#include "iedu/common.h"

typedef enum vtype {
	VT_ID = 1,   /* record id */
	VT_ENUM,     /* one token of a fixed list */
	VT_ROLES,    /* space-separated membership roles */
	VT_DATE,     /* partial date */
	VT_REF,	     /* one reference */
	VT_REFLIST,  /* space-separated references */
	VT_TOKEN,    /* free token: [A-Za-z0-9._:-], like an id */
	VT_POSINT,   /* positive integer */
	VT_NUMBER,   /* decimal number */
	VT_FREE,     /* free text (trimmed, NFC) */
	VT_URL,	     /* absolute URI */
	VT_LANG,     /* BCP 47 language tag */
	VT_DIVISION, /* 6-digit GB/T 2260 code */
	VT_SCOPE     /* "CN" or a division code */
} vtype;

enum { A_REQUIRED = 1 };

/* bit k set: a reference may name a record of kind k */
#define KIND_BIT(k) (1u << (k))
#define ANY_KIND    0x7FEu

typedef struct attr_spec {
	uint8_t attr;  /* iedu_attr */
	uint8_t vt;    /* vtype */
	uint8_t flags; /* A_REQUIRED */
	uint8_t deflt; /* VT_ENUM: index + 1 of the default token, or 0 */
	uint16_t ref_kinds;
	const char *const *tokens; /* VT_ENUM, VT_ROLES: NULL-terminated */
} attr_spec;

enum { TEXT_NONE = 0, TEXT_REQUIRED, TEXT_OPTIONAL };

#define CHILD_MAX_ATTRS 3

typedef struct child_spec {
	uint8_t child;	      /* iedu_child */
	uint8_t text;	      /* TEXT_* */
	uint8_t one_per_lang; /* at most one per xml:lang in a record */
	uint8_t nattrs;
	attr_spec attrs[CHILD_MAX_ATTRS];
} child_spec;

#define KIND_MAX_ATTRS	  10
#define KIND_MAX_CHILDREN 6

typedef struct kind_spec {
	uint8_t nattrs; /* attrs[0] is always the id */
	uint8_t nchildren;
	uint8_t min_names;  /* required count of the record's name-like child */
	uint8_t name_child; /* that child (name, title, label), or 0 */
	attr_spec attrs[KIND_MAX_ATTRS];
	uint8_t children[KIND_MAX_CHILDREN]; /* iedu_child, canonical order */
} kind_spec;

extern const kind_spec schema_kinds[IEDU_KIND_COUNT + 1];
extern const child_spec schema_children[IEDU_CHILD_COUNT + 1];
extern const char *const schema_role_tokens[];
extern const char *const schema_qualifier_tokens[];

/* The positions below, by table (schema.c); filled by schema_pos_init. */
extern int8_t schema_pos_kind_attr[IEDU_KIND_COUNT + 1][IEDU_ATTR_COUNT + 1];
extern int8_t schema_pos_child_attr[IEDU_CHILD_COUNT + 1][IEDU_ATTR_COUNT + 1];
extern int8_t schema_pos_kind_child[IEDU_KIND_COUNT + 1][IEDU_CHILD_COUNT + 1];
extern int schema_pos_ready;
void schema_pos_init(void);

/* table[row][col] of a table of ncols columns, or -1 out of its range. */
static inline int schema_pos(const int8_t *table, int row, int nrows, int col,
			     int ncols)
{
	if ((unsigned)row >= (unsigned)nrows ||
	    (unsigned)col >= (unsigned)ncols)
		return -1;
	if (!__atomic_load_n(&schema_pos_ready, __ATOMIC_ACQUIRE))
		schema_pos_init();
	return table[(size_t)row * (size_t)ncols + (size_t)col];
}

/* The position of attr in the kind's (or child's) table, or -1. */
static inline int schema_kind_attr(iedu_kind kind, iedu_attr attr)
{
	return schema_pos(&schema_pos_kind_attr[0][0], (int)kind,
			  IEDU_KIND_COUNT + 1, (int)attr, IEDU_ATTR_COUNT + 1);
}

static inline int schema_child_attr(iedu_child child, iedu_attr attr)
{
	return schema_pos(&schema_pos_child_attr[0][0], (int)child,
			  IEDU_CHILD_COUNT + 1, (int)attr, IEDU_ATTR_COUNT + 1);
}

/* The position of child in the kind's canonical order, or -1. */
static inline int schema_kind_child(iedu_kind kind, iedu_child child)
{
	return schema_pos(&schema_pos_kind_child[0][0], (int)kind,
			  IEDU_KIND_COUNT + 1, (int)child,
			  IEDU_CHILD_COUNT + 1);
}

/* Index of token in a NULL-terminated list, or -1. */
int schema_token_index(const char *const *tokens, const char *s, size_t len);

/* "organization", "membership", ...: an article for messages ("an"/"a"). */
const char *schema_article(iedu_kind kind);

#endif
