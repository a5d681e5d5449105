/*
 * I/O failures, through the public API: reading input that is gone, a
 * directory, unreadable, opened for writing only, cut short, or that
 * fails with EIO half-way (a pseudo-terminal whose other side closed, a
 * stream whose read function fails); writing when the file size limit is
 * reached at every interesting offset (the first byte, the writer's
 * buffer boundaries, the last byte), to a stream that cannot be written,
 * to odd paths. Every failure: the exact error, the database as before,
 * no temporary file left, the previous file intact.
 *
 * test_xml_reader covers a missing file and a directory by path;
 * test_xml_writer covers /dev/full, a missing, read-only or non-directory
 * directory, the rename failing and one write failing half-way.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* fopencookie, posix_openpt */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <iedu.h>
#include "support/files.h"

#define DATASET IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"

/* ---- helpers ---- */

static void ok(int rc, const char *what)
{
	if (rc != IEDU_OK)
		fail_msg("%s: %s", what, iedu_error_message(iedu_error_last()));
}

static void assert_error(int rc, int code, const char *message)
{
	const iedu_error *err = iedu_error_last();

	if (rc != code)
		fail_msg("status %d (%s), expected %d: %s", rc,
			 iedu_strerror(rc), code, iedu_error_message(err));
	assert_int_equal(iedu_error_code(err), code);
	assert_string_equal(iedu_error_message(err), message);
}

/* The names in dir (dot files included), sorted, joined by spaces. */
static void assert_dir_lists(const char *dir, const char *expected)
{
	char names[16][256], got[16 * 257] = "", t[256];
	struct dirent *e;
	size_t n = 0, i, j;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(n < 16);
		snprintf(names[n++], sizeof names[0], "%s", e->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			strcpy(t, names[j]);
			strcpy(names[j], names[j - 1]);
			strcpy(names[j - 1], t);
		}
	for (i = 0; i < n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, names[i]);
	}
	assert_string_equal(got, expected);
}

/* ---- the database, and that a failure left it as it was ---- */

typedef struct fixture {
	iedu_db *db;
	char *before; /* its export */
	size_t before_len;
	char *doc; /* the dataset's bytes */
	size_t doc_len;
	char *dir; /* a fresh temporary directory */
} fixture;

/* A document of base records: the dataset is imported on top of them. */
static const char base_doc[] =
    "<iedu xmlns='urn:iedu:1' version='1'>"
    "<organization id='base-org' type='university'>"
    "<name xml:lang='zh'>基础大学</name></organization></iedu>";

/* The read tests run twice: imports in one thread, then in two (main). */
static unsigned import_threads = 1;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	ok(iedu_db_new(&f->db), "iedu_db_new");
	ok(iedu_db_set_import_threads(f->db, import_threads), "threads");
	ok(iedu_xml_import_memory(f->db, base_doc, sizeof base_doc - 1, "base"),
	   "base");
	ok(iedu_xml_export_memory(&f->before, &f->before_len, f->db), "export");
	f->doc = file_slurp(DATASET, &f->doc_len);
	f->dir = file_tmpdir("io");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	iedu_db_free(f->db);
	iedu_free(f->before);
	free(f->doc);
	file_rm_tree(f->dir);
	free(f);
	return 0;
}

static void assert_unchanged(const fixture *f)
{
	char *x;
	size_t n;

	ok(iedu_xml_export_memory(&x, &n, f->db), "export");
	assert_int_equal(n, f->before_len);
	assert_memory_equal(x, f->before, n);
	iedu_free(x);
}

/* ---- reading ---- */

static void read_removed_file(void **state)
{
	fixture *f = *state;
	char *path = file_join(f->dir, "gone.xml"), expect[512];

	file_write(path, f->doc, f->doc_len);
	assert_int_equal(unlink(path), 0);
	snprintf(expect, sizeof expect,
		 "cannot open '%s': No such file or directory", path);
	assert_error(iedu_xml_import_file(f->db, path), IEDU_EIO, expect);
	assert_unchanged(f);
	free(path);
}

/* By path the library sees the directory; by descriptor, read fails. */
static void read_directory(void **state)
{
	fixture *f = *state;
	char expect[512];
	int fd;

	snprintf(expect, sizeof expect,
		 "cannot read '%s': it is a directory; expected an XML file",
		 f->dir);
	assert_error(iedu_xml_import_file(f->db, f->dir), IEDU_EIO, expect);
	fd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_error(iedu_xml_import_fd(f->db, fd, "a directory"), IEDU_EIO,
		     "cannot read 'a directory': Is a directory");
	close(fd);
	assert_unchanged(f);
}

static void read_unreadable_file(void **state)
{
	fixture *f = *state;
	char *path, expect[512];

	if (geteuid() == 0)
		skip(); /* root reads it anyway */
	path = file_join(f->dir, "locked.xml");
	file_write(path, f->doc, f->doc_len);
	assert_int_equal(chmod(path, 0), 0);
	snprintf(expect, sizeof expect, "cannot open '%s': Permission denied",
		 path);
	assert_error(iedu_xml_import_file(f->db, path), IEDU_EIO, expect);
	assert_unchanged(f);
	free(path);
}

/* A descriptor or stream opened for writing only: read gives EBADF. */
static void read_write_only(void **state)
{
	fixture *f = *state;
	char *path = file_join(f->dir, "w.xml");
	FILE *fp;
	int fd;

	file_write(path, f->doc, f->doc_len);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_error(iedu_xml_import_fd(f->db, fd, "w"), IEDU_EIO,
		     "cannot read 'w': Bad file descriptor");
	close(fd);
	fp = fopen(path, "a");
	assert_non_null(fp);
	assert_error(iedu_xml_import_stream(f->db, fp, "w"), IEDU_EIO,
		     "cannot read 'w': Bad file descriptor");
	fclose(fp);
	assert_unchanged(f);
	/* the file itself imports */
	ok(iedu_xml_import_file(f->db, path), "import");
	free(path);
}

/*
 * A pseudo-terminal whose other side wrote part of a document and
 * closed: read returns the bytes, then fails with EIO. Records already
 * parsed are not committed.
 */
static void read_error_mid_fd(void **state)
{
	fixture *f = *state;
	struct termios t;
	int m, s;
	const size_t part = 3000; /* several records, less than a pty holds */

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
		if (m >= 0)
			close(m);
		skip(); /* no pseudo-terminals here */
	}
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	assert_true(s >= 0);
	assert_int_equal(tcgetattr(s, &t), 0);
	cfmakeraw(&t);
	assert_int_equal(tcsetattr(s, TCSANOW, &t), 0);
	assert_int_equal(write(s, f->doc, part), (ssize_t)part);
	close(s);
	assert_error(iedu_xml_import_fd(f->db, m, "pty"), IEDU_EIO,
		     "cannot read 'pty': Input/output error");
	close(m);
	assert_unchanged(f);
}

/* A stream whose read function fails after a given number of bytes. */
typedef struct failing_source {
	const char *data;
	size_t len, pos, fail_at;
	int err;
} failing_source;

static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
	failing_source *src = cookie;
	size_t n;

	if (src->pos >= src->fail_at) {
		errno = src->err;
		return -1;
	}
	n = src->fail_at - src->pos;
	if (n > size)
		n = size;
	if (n > src->len - src->pos)
		n = src->len - src->pos;
	memcpy(buf, src->data + src->pos, n);
	src->pos += n;
	return (ssize_t)n;
}

static void read_error_mid_stream(void **state)
{
	static const size_t at[] = {0, 1, 4, 5, 100, 4096, 9000, 20000};
	fixture *f = *state;
	cookie_io_functions_t io = {failing_read, NULL, NULL, NULL};
	size_t i;

	assert_true(f->doc_len > 20000);
	for (i = 0; i < sizeof at / sizeof at[0]; i++) {
		failing_source src = {f->doc, f->doc_len, 0, at[i], EIO};
		FILE *fp = fopencookie(&src, "r", io);

		assert_non_null(fp);
		assert_error(iedu_xml_import_stream(f->db, fp, "flaky"),
			     IEDU_EIO,
			     "cannot read 'flaky': Input/output error");
		fclose(fp);
		assert_unchanged(f);
	}
}

/*
 * A pipe whose writer stops early: the input ends inside the document.
 * The error says so, where, and nothing is added.
 */
static void read_truncated_pipe(void **state)
{
	static const struct {
		const char *cut_after; /* the input ends after this text */
		const char *message;   /* with the line and column of the end */
	} cases[] = {
	    {"</source>",
	     "truncated:18:12: error: the document ends inside <iedu>; "
	     "expected the rest of the document up to </iedu>"},
	    {"<title xml:lang=\"zh\">国家有色金属",
	     "truncated:20:32: error: source 'src-nf-zh': title: the "
	     "document ends inside <title>; expected the rest of the "
	     "document up to </iedu>"},
	    /* inside a tag libxml2 reports what it was reading */
	    {"<source id=\"src-nf-zh\" type=\"news\" publ",
	     "truncated:19:42: error: malformed XML: Specification mandates "
	     "value for attribute publ"},
	};
	fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *end = strstr(f->doc, cases[i].cut_after);
		size_t len;
		int fds[2];

		assert_non_null(end);
		len = (size_t)(end - f->doc) + strlen(cases[i].cut_after);
		assert_int_equal(pipe(fds), 0);
		/* less than a pipe holds: no writer thread needed */
		assert_int_equal(write(fds[1], f->doc, len), (ssize_t)len);
		close(fds[1]);
		assert_error(iedu_xml_import_fd(f->db, fds[0], "truncated"),
			     IEDU_EPARSE, cases[i].message);
		close(fds[0]);
		assert_unchanged(f);
	}
}

/* ---- writing ---- */

/* Runs export_file with the file size limit at limit bytes. */
static int export_limited(const iedu_db *db, const char *path, rlim_t limit)
{
	struct rlimit saved, small;
	void (*old_handler)(int);
	int rc;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < limit)
		skip();
	small = saved;
	small.rlim_cur = limit;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = iedu_xml_export_file(db, path);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old_handler);
	return rc;
}

static int export_stream_limited(const iedu_db *db, FILE *fp, rlim_t limit)
{
	struct rlimit saved, small;
	void (*old_handler)(int);
	int rc;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = limit;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = iedu_xml_export_stream(db, fp);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old_handler);
	return rc;
}

/* The fixture's database with the dataset and enough more to span buffers. */
static void make_big(fixture *f)
{
	iedu_batch *b;
	char id[32];
	int i;

	ok(iedu_xml_import_memory(f->db, f->doc, f->doc_len, "dataset"),
	   "dataset");
	ok(iedu_batch_new(&b, f->db), "batch");
	for (i = 0; i < 6000; i++) {
		snprintf(id, sizeof id, "big-%05d", i);
		ok(iedu_batch_record(b, IEDU_KIND_ORGANIZATION), "record");
		ok(iedu_batch_set(b, IEDU_ATTR_ID, id, IEDU_NUL), "id");
		ok(iedu_batch_set(b, IEDU_ATTR_TYPE, "enterprise", IEDU_NUL),
		   "type");
		ok(iedu_batch_child(b, IEDU_CHILD_NAME), "name");
		ok(iedu_batch_set(b, IEDU_ATTR_LANG, "zh", IEDU_NUL), "lang");
		ok(iedu_batch_text(b, "中铝郑州有色金属研究院有限公司",
				   IEDU_NUL),
		   "text");
		ok(iedu_batch_end(b), "end name");
		ok(iedu_batch_end(b), "end record");
	}
	ok(iedu_batch_commit(b), "commit");
	iedu_batch_free(b);
	iedu_free(f->before);
	ok(iedu_xml_export_memory(&f->before, &f->before_len, f->db), "export");
}

/*
 * The size limit reached at the first byte, around the writer's buffer
 * (256 KiB) boundaries, and at the last byte: the previous file is
 * intact and no temporary file is left. At exactly the document's size
 * the export succeeds.
 */
static void write_fails_at_every_boundary(void **state)
{
	fixture *f = *state;
	char *path = file_join(f->dir, "out.xml"), expect[512];
	static const char old[] = "the previous file";
	rlim_t limits[12];
	size_t i, n = 0;
	const rlim_t buf = 256 * 1024;

	make_big(f);
	assert_true(f->before_len > 2 * buf + 1);
	limits[n++] = 0;
	limits[n++] = 1;
	limits[n++] = 4096;
	limits[n++] = buf - 1;
	limits[n++] = buf;
	limits[n++] = buf + 1;
	limits[n++] = 2 * buf;
	limits[n++] = f->before_len - 1;
	file_write(path, old, sizeof old - 1);
	snprintf(expect, sizeof expect, "cannot write '%s': File too large",
		 path);
	for (i = 0; i < n; i++) {
		assert_error(export_limited(f->db, path, limits[i]), IEDU_EIO,
			     expect);
		file_assert_holds(path, old, sizeof old - 1);
		assert_dir_lists(f->dir, "out.xml");
	}
	ok(export_limited(f->db, path, f->before_len), "export at the limit");
	file_assert_holds(path, f->before, f->before_len);
	assert_dir_lists(f->dir, "out.xml");
	free(path);
}

/* A document smaller than the buffer fails at its one, final write. */
static void write_fails_at_the_end(void **state)
{
	fixture *f = *state;
	char *path = file_join(f->dir, "small.xml"), expect[512];

	assert_true(f->before_len > 100);
	snprintf(expect, sizeof expect, "cannot write '%s': File too large",
		 path);
	assert_error(export_limited(f->db, path, 100), IEDU_EIO, expect);
	assert_dir_lists(f->dir, "");
	free(path);
}

/* A stream into a file that reaches the size limit. */
static void stream_fails(void **state)
{
	fixture *f = *state;
	char *path = file_join(f->dir, "stream.xml");
	FILE *fp;

	/* small: the library's one write succeeds into stdio's buffer */
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_error(export_stream_limited(f->db, fp, 10), IEDU_EIO,
		     "cannot flush the stream: File too large");
	fclose(fp);

	make_big(f);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_error(export_stream_limited(f->db, fp, 300 * 1024), IEDU_EIO,
		     "cannot write to the stream: File too large");
	fclose(fp);

	/* a stream opened for reading */
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_error(iedu_xml_export_stream(f->db, fp), IEDU_EIO,
		     "cannot write to the stream: Bad file descriptor");
	fclose(fp);
	free(path);
}

/* Paths that name no file to write: no temporary file is left. */
static void odd_paths(void **state)
{
	fixture *f = *state;
	char *slash = file_join(f->dir, ""), *sub = file_join(f->dir, "sub"),
	     *sub_slash = file_join(f->dir, "sub/"), expect[512], cwd[4096];

	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(expect, sizeof expect, "cannot replace '%s': Not a directory",
		 sub_slash);
	assert_error(iedu_xml_export_file(f->db, sub_slash), IEDU_EIO, expect);
	assert_dir_lists(f->dir, "sub");
	assert_dir_lists(sub, "");

	snprintf(expect, sizeof expect, "cannot replace '%s': Not a directory",
		 slash);
	assert_error(iedu_xml_export_file(f->db, slash), IEDU_EIO, expect);
	assert_dir_lists(f->dir, "sub");

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	assert_error(iedu_xml_export_file(f->db, ""), IEDU_EIO,
		     "cannot replace '': No such file or directory");
	assert_int_equal(chdir(cwd), 0);
	assert_dir_lists(f->dir, "sub");
	free(slash);
	free(sub);
	free(sub_slash);
}

/*
 * A directory that can be written but not read: the temporary file is
 * made, the directory cannot be opened to sync it; the temporary file
 * goes and the previous file stays.
 */
static void unreadable_directory(void **state)
{
	fixture *f = *state;
	char *path, expect[512];
	static const char old[] = "old";

	if (geteuid() == 0)
		skip(); /* root opens it anyway */
	path = file_join(f->dir, "out.xml");
	file_write(path, old, sizeof old - 1);
	assert_int_equal(chmod(f->dir, 0300), 0);
	snprintf(expect, sizeof expect,
		 "cannot open the directory '%s': Permission denied", f->dir);
	assert_error(iedu_xml_export_file(f->db, path), IEDU_EIO, expect);
	assert_int_equal(chmod(f->dir, 0700), 0);
	file_assert_holds(path, old, sizeof old - 1);
	assert_dir_lists(f->dir, "out.xml");
	free(path);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(read_removed_file),
	    T(read_directory),
	    T(read_unreadable_file),
	    T(read_write_only),
	    T(read_error_mid_fd),
	    T(read_error_mid_stream),
	    T(read_truncated_pipe),
	    T(write_fails_at_every_boundary),
	    T(write_fails_at_the_end),
	    T(stream_fails),
	    T(odd_paths),
	    T(unreadable_directory),
	};

	const struct CMUnitTest reads[] = {
	    T(read_removed_file),     T(read_directory),
	    T(read_unreadable_file),  T(read_write_only),
	    T(read_error_mid_fd),     T(read_error_mid_stream),
	    T(read_truncated_pipe),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	import_threads = 2;
	failed += cmocka_run_group_tests_name("reads, two threads", reads,
					      NULL, NULL);
	return failed;
}
