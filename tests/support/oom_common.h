/*
 * What the allocation-failure tests (test_oom, test_oom_deps) share: a
 * growing text buffer for results turned into text, the export of a
 * database copied into memory the test owns, and the databases the
 * imports are tried on.
 */
#ifndef IEDU_TEST_OOM_COMMON_H
#define IEDU_TEST_OOM_COMMON_H

#include <stddef.h>

#include <iedu.h>

#define OOM_DATASET IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"

/* Fails the test with libiedu's message unless rc is IEDU_OK. */
void oom_ok(int rc, const char *what);

/* A growing NUL-terminated text (p NULL until the first put). */
typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

void sbuf_put(sbuf *s, const char *fmt, ...);

/* The export of db in memory the test owns (free()), and its length. */
char *oom_export_copy(const iedu_db *db, size_t *len);

/* A small document the dataset is imported on top of: none of the
 * dataset's ids. */
extern const char oom_base_doc[];

/* A new database holding doc (named name in messages). */
iedu_db *oom_db_of(const char *doc, const char *name);

/* A new database holding oom_base_doc, or the bundled dataset. */
iedu_db *oom_db_with_base(void);
iedu_db *oom_db_with_dataset(void);

/* The findings as text, one line each, for comparing results. */
char *oom_findings_text(const iedu_findings *f);

/* The process's CPU time in seconds. */
double oom_cpu_seconds(void);

#endif
