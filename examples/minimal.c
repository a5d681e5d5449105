/*
 * The smallest complete libiedu program: create a database, add one
 * organisation through a batch, look it up by id and print it.
 *
 *	cc minimal.c $(pkg-config --cflags --libs libiedu)
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>

#include <iedu.h>

#define ORG_ID "nf-community"

/* Prints why a call failed, from the calling thread's last error. */
static int report(const char *what, int rc)
{
	fprintf(stderr, "minimal: %s: %s: %s\n", what, iedu_strerror(rc),
		iedu_error_message(iedu_error_last()));
	return rc;
}

/* Adds a name child in one language. */
static int add_name(iedu_batch *batch, const char *lang, const char *text)
{
	int rc = iedu_batch_child(batch, IEDU_CHILD_NAME);

	if (rc == IEDU_OK)
		rc = iedu_batch_set(batch, IEDU_ATTR_LANG, lang, IEDU_NUL);
	if (rc == IEDU_OK)
		rc = iedu_batch_text(batch, text, IEDU_NUL);
	if (rc == IEDU_OK)
		rc = iedu_batch_end(batch);
	return rc;
}

/* Adds the organisation in one batch: all of it or nothing. */
static int add_organization(iedu_db *db)
{
	iedu_batch *batch = NULL;
	int rc = iedu_batch_new(&batch, db);

	if (rc == IEDU_OK)
		rc = iedu_batch_record(batch, IEDU_KIND_ORGANIZATION);
	if (rc == IEDU_OK)
		rc = iedu_batch_set(batch, IEDU_ATTR_ID, ORG_ID, IEDU_NUL);
	if (rc == IEDU_OK)
		rc = iedu_batch_set(batch, IEDU_ATTR_TYPE, "community", IEDU_NUL);
	if (rc == IEDU_OK)
		rc = add_name(batch, "zh", "国家有色金属行业产教融合共同体");
	if (rc == IEDU_OK)
		rc = add_name(batch, "en",
			      "Industry-Education Integration Community of "
			      "the National Nonferrous Metals Industry");
	if (rc == IEDU_OK)
		rc = iedu_batch_end(batch);
	if (rc == IEDU_OK)
		rc = iedu_batch_commit(batch);
	if (rc != IEDU_OK)
		report("adding " ORG_ID, rc);
	iedu_batch_free(batch);
	return rc;
}

/* Looks the organisation up by id and prints one line about it. */
static int print_organization(const iedu_db *db)
{
	iedu_handle org = IEDU_NONE;
	uint32_t count = iedu_db_count(db, IEDU_KIND_ORGANIZATION);
	const char *id, *name;
	int rc = iedu_db_lookup(&org, db, ORG_ID);

	if (rc != IEDU_OK)
		return report("looking up " ORG_ID, rc);
	id = iedu_record_id(db, org);
	name = iedu_record_text(db, org, IEDU_CHILD_NAME, "zh");
	if (id == NULL || name == NULL) {
		fprintf(stderr, "minimal: %s lacks its id or zh name\n", ORG_ID);
		return IEDU_ERROR;
	}
	printf("libiedu %s: %" PRIu32 " organization%s: %s \"%s\"\n",
	       iedu_version_string(), count, count == 1 ? "" : "s",
	       id, name);
	return IEDU_OK;
}

int main(void)
{
	iedu_db *db = NULL;
	int rc = iedu_db_new(&db);

	if (rc != IEDU_OK) {
		report("creating the database", rc);
		return 1;
	}
	rc = add_organization(db);
	if (rc == IEDU_OK)
		rc = print_organization(db);
	iedu_db_free(db);
	return rc == IEDU_OK ? 0 : 1;
}
