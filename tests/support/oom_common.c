/* Shared by the allocation-failure tests (oom_common.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oom_common.h"

void oom_ok(int rc, const char *what)
{
	if (rc != IEDU_OK)
		fail_msg("%s: %s", what, iedu_error_message(iedu_error_last()));
}

const iedu_kind oom_sorted_kinds[OOM_NSORTED] = {
    IEDU_KIND_ORGANIZATION, IEDU_KIND_PERSON, IEDU_KIND_SOURCE,
    IEDU_KIND_MEMBERSHIP};

int oom_sorted_listings(const iedu_db *db, char *got[OOM_NSORTED])
{
	iedu_collator *coll = (iedu_collator *)1;
	size_t k, i;
	int rc = iedu_collator_new(&coll, "zh", IEDU_STRENGTH_TERTIARY);

	for (k = 0; k < OOM_NSORTED; k++)
		got[k] = NULL;
	if (rc != IEDU_OK) {
		assert_null(coll);
		return rc;
	}
	for (k = 0; k < OOM_NSORTED && rc == IEDU_OK; k++) {
		iedu_list_options o = IEDU_LIST_OPTIONS_INIT;
		iedu_handle *h = (iedu_handle *)1;
		size_t n = 7;
		sbuf s = {NULL, 0, 0};

		o.kind = oom_sorted_kinds[k];
		o.collator = coll;
		rc = iedu_db_sorted(&h, &n, db, &o);
		if (rc != IEDU_OK) {
			assert_null(h);
			assert_int_equal(n, 0);
			break;
		}
		sbuf_put(&s, "%zu\n", n);
		for (i = 0; i < n; i++) {
			const char *id = iedu_record_id(db, h[i]);
			sbuf_put(&s, "%u %s\n", (unsigned)h[i], id ? id : "-");
		}
		got[k] = s.p;
		iedu_free(h);
	}
	iedu_collator_free(coll);
	return rc;
}

char *oom_matches_text(const iedu_matches *m)
{
	sbuf s = {NULL, 0, 0};
	size_t i;

	sbuf_put(&s, "%zu\n", iedu_matches_count(m));
	for (i = 0; i < iedu_matches_count(m); i++)
		sbuf_put(&s, "%u %s %d %s %d\n",
			 (unsigned)iedu_matches_record(m, i),
			 iedu_matches_text(m, i), (int)iedu_matches_child(m, i),
			 iedu_match_how_name(iedu_matches_how(m, i)),
			 iedu_matches_via_pinyin(m, i));
	return s.p;
}

char *oom_export_copy(const iedu_db *db, size_t *len)
{
	char *x, *copy;
	size_t n;

	oom_ok(iedu_xml_export_memory(&x, &n, db), "export");
	copy = malloc(n + 1);
	assert_non_null(copy);
	memcpy(copy, x, n + 1);
	iedu_free(x);
	*len = n;
	return copy;
}

const char oom_base_doc[] =
    "<iedu xmlns='urn:iedu:1' version='1'>"
    "<source id='base-src' type='news' published='2024-01-02'>"
    "<title xml:lang='zh'>基础来源</title></source>"
    "<organization id='base-org' type='university'>"
    "<name xml:lang='zh'>基础大学</name><cite source='base-src'/>"
    "</organization></iedu>";

iedu_db *oom_db_of(const char *doc, const char *name)
{
	iedu_db *db;

	oom_ok(iedu_db_new(&db), "iedu_db_new");
	oom_ok(iedu_xml_import_memory(db, doc, strlen(doc), name), name);
	return db;
}

iedu_db *oom_db_with_base(void)
{
	return oom_db_of(oom_base_doc, "base");
}

iedu_db *oom_db_with_dataset(void)
{
	iedu_db *db;

	oom_ok(iedu_db_new(&db), "iedu_db_new");
	oom_ok(iedu_xml_import_file(db, OOM_DATASET), "importing the dataset");
	return db;
}

char *oom_findings_text(const iedu_findings *f)
{
	sbuf s = {NULL, 0, 0};
	size_t i;

	sbuf_put(&s, "%zu\n", iedu_findings_count(f));
	for (i = 0; i < iedu_findings_count(f); i++) {
		const char *field = iedu_findings_field(f, i);
		sbuf_put(&s, "%d %u %s %s\n", (int)iedu_findings_code(f, i),
			 (unsigned)iedu_findings_record(f, i),
			 field ? field : "-", iedu_findings_message(f, i));
	}
	return s.p;
}

double oom_cpu_seconds(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}
