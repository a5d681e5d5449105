/*
 * White-box tests of the schema's position tables (schema.h): every
 * position is the one a search of the kind's or child's list finds, out
 * of range is -1, and the tables are filled once however many threads
 * ask first.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>

#include "schema.h"

/* The first index of v in the n entries of a list, or -1. */
static int search(const uint8_t *list, size_t stride, int n, int v)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[(size_t)i * stride] == v)
			return i;
	return -1;
}

static void check_all(void)
{
	int k, c, a;

	for (k = -1; k <= IEDU_KIND_COUNT + 1; k++)
		for (a = -1; a <= IEDU_ATTR_COUNT + 1; a++) {
			int want = -1;
			if (k >= 1 && k <= IEDU_KIND_COUNT)
				want = search(&schema_kinds[k].attrs[0].attr,
					      sizeof(attr_spec),
					      schema_kinds[k].nattrs, a);
			assert_int_equal(
			    schema_kind_attr((iedu_kind)k, (iedu_attr)a), want);
		}
	for (k = -1; k <= IEDU_KIND_COUNT + 1; k++)
		for (c = -1; c <= IEDU_CHILD_COUNT + 1; c++) {
			int want = -1;
			if (k >= 1 && k <= IEDU_KIND_COUNT)
				want = search(schema_kinds[k].children, 1,
					      schema_kinds[k].nchildren, c);
			assert_int_equal(
			    schema_kind_child((iedu_kind)k, (iedu_child)c),
			    want);
		}
	for (c = -1; c <= IEDU_CHILD_COUNT + 1; c++)
		for (a = -1; a <= IEDU_ATTR_COUNT + 1; a++) {
			int want = -1;
			if (c >= 1 && c <= IEDU_CHILD_COUNT)
				want = search(&schema_children[c].attrs[0].attr,
					      sizeof(attr_spec),
					      schema_children[c].nattrs, a);
			assert_int_equal(
			    schema_child_attr((iedu_child)c, (iedu_attr)a),
			    want);
		}
}

static void *first_use(void *arg)
{
	int *pos = arg;

	*pos = schema_kind_attr(IEDU_KIND_MEMBERSHIP, IEDU_ATTR_ROLE);
	return NULL;
}

/* Run first in the program: the tables are still empty. */
static void test_first_use_from_threads(void **state)
{
	pthread_t tid[4];
	int pos[4], i;

	(void)state;
	assert_int_equal(__atomic_load_n(&schema_pos_ready, __ATOMIC_ACQUIRE),
			 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(
		    pthread_create(&tid[i], NULL, first_use, &pos[i]), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(
		    pos[i],
		    search(&schema_kinds[IEDU_KIND_MEMBERSHIP].attrs[0].attr,
			   sizeof(attr_spec),
			   schema_kinds[IEDU_KIND_MEMBERSHIP].nattrs,
			   IEDU_ATTR_ROLE));
		assert_true(pos[i] > 0);
	}
	assert_int_equal(__atomic_load_n(&schema_pos_ready, __ATOMIC_ACQUIRE),
			 1);
}

static void test_positions_are_the_lists(void **state)
{
	(void)state;
	check_all();
	/* a few by hand: the id is always first */
	assert_int_equal(schema_kind_attr(IEDU_KIND_ORGANIZATION, IEDU_ATTR_ID),
			 0);
	assert_int_equal(
	    schema_kind_attr(IEDU_KIND_ORGANIZATION, IEDU_ATTR_MEMBER), -1);
	assert_int_equal(
	    schema_kind_child(IEDU_KIND_ORGANIZATION, IEDU_CHILD_NAME), 0);
	assert_int_equal(schema_child_attr(IEDU_CHILD_CITE, IEDU_ATTR_SOURCE),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_use_from_threads),
	    cmocka_unit_test(test_positions_are_the_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
