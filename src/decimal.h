/*
 * Internal: exact arithmetic on iedu numbers (at most 18 digits, scale at
 * most 17; see iedu_number_parse). Brought to a common scale a number
 * needs at most 35 digits, so sums and comparisons are done exactly in
 * 128-bit integers, never in floating point.
 */
#ifndef IEDU_SRC_DECIMAL_H
#define IEDU_SRC_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Compares the sum of n numbers (as text) with total: *cmp is <0, 0 or
 * >0 as the sum is less than, equal to or more than the total, and the
 * sum is written as decimal text into buf. Returns 0, or -1 when a text
 * is not a number.
 */
int decimal_sum_compare(int *cmp, char *buf, size_t size, const char *total,
			const char *const *parts, size_t n);

/* <0, 0 or >0 as the number a is less than, equal to or more than b (text). */
int decimal_compare(const char *a, const char *b);

/* <0, 0 or >0 as the number a is less than, equal to or more than n. */
int decimal_compare_count(const char *a, uint64_t n);

#endif
