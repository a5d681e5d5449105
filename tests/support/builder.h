/*
 * Building records through the batch API in tests, with attributes given
 * as name/value string pairs ended by NULL: a failing call fails the test
 * with libiedu's message.
 */
#ifndef IEDU_TEST_BUILDER_H
#define IEDU_TEST_BUILDER_H

#include <stdarg.h>

#include <iedu.h>

/* Sets name/value attribute pairs (NULL-terminated) on the open element. */
void build_set_pairs(iedu_batch *b, va_list ap);

/* Opens a record and sets its attributes: name, value, ..., NULL. */
void build_record(iedu_batch *b, iedu_kind kind, ...);

/* Ends the open record or child. */
void build_end(iedu_batch *b);

/* A whole child: text (or NULL), then attributes: name, value, ..., NULL. */
void build_child(iedu_batch *b, iedu_child c, const char *text, ...);

/* A child <name xml:lang="zh">text</name>. */
void build_name_zh(iedu_batch *b, const char *text);

#endif
