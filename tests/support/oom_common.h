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

#include "sbuf.h"

#define OOM_DATASET IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"

/* Fails the test with libiedu's message unless rc is IEDU_OK. */
void oom_ok(int rc, const char *what);


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

/* The kinds the sorted-listing tests list, and how many. */
#define OOM_NSORTED 4
extern const iedu_kind oom_sorted_kinds[OOM_NSORTED];

/*
 * Opens a "zh" collator and lists db's oom_sorted_kinds in turn, stopping
 * at the first failure, which it returns (after asserting that the failed
 * call cleared its outputs). Each listing done is got[k] as text (the
 * count, then "handle id" lines; free()); those not done are NULL.
 */
int oom_sorted_listings(const iedu_db *db, char *got[OOM_NSORTED]);

/* The matches of a find as text, one line each, for comparing results. */
char *oom_matches_text(const iedu_matches *m);

/* The findings as text, one line each, for comparing results. */
char *oom_findings_text(const iedu_findings *f);

/* The process's CPU time in seconds. */
double oom_cpu_seconds(void);

#endif
