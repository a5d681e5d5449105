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

void sbuf_put(sbuf *s, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(s->p + s->n, s->cap - s->n, fmt, ap);
		va_end(ap);
		assert_true(k >= 0);
		if ((size_t)k < s->cap - s->n)
			break;
		s->cap = s->cap * 2 + (size_t)k + 64;
		s->p = realloc(s->p, s->cap);
		assert_non_null(s->p);
	}
	s->n += (size_t)k;
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
