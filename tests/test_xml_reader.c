/*
 * Tests of the XML reader against the corpus of tests/data/xml:
 *  - every document of good/ (and nonferrous.xml) imports from a file,
 *    memory, a pipe, a FILE * and in chunks of 1, 2, 3, 7 and 4096 bytes,
 *    with the same records (the same canonical export) every way;
 *  - every document of bad/ fails with exactly the status code and the
 *    message of its .err file (line 1: message, line 2: "code N"), fed in
 *    several chunk sizes, and leaves the database empty;
 *  - references (&amp; &lt; &#38; &#x4E2D;) decode exactly once in
 *    attributes and text; imports are all-or-nothing; several documents
 *    go into one database; the limits; files, directories and errors.
 * White-box: it includes xml_reader.h to choose chunk sizes.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iedu.h>

#include "model.h"
#include "support/files.h"
#include "xml_reader.h"

#define XML_DIR IEDU_TEST_DATA_DIR "/xml"
#define MAX_FILES 512
#define MIN_BAD 45
#define MIB ((size_t)1 << 20)

static const size_t chunk_sizes[] = {1, 2, 3, 7, 4096};
#define NCHUNKS (sizeof chunk_sizes / sizeof chunk_sizes[0])

/* ---- helpers ---------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, sorted; returns how many. */
static size_t list_dir(const char *dir, const char *suffix, char **names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, sl = strlen(suffix);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		assert_true(n < MAX_FILES);
		names[n] = strdup(e->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	return n;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
}

/*
 * Every test runs three times (main): with imports in the calling thread
 * (which records libxml2's events and replays them), with a parsing
 * thread (iedu_db_set_import_threads), and with the reader's callbacks
 * called by libxml2 directly (white-box: db->import_direct, the path of
 * an import whose event memory cannot be had). All must give the same
 * databases and the same errors, message for message.
 */
static unsigned import_threads = 1;
static int import_direct;

static iedu_db *new_db(void)
{
	iedu_db *db = NULL;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	assert_int_equal(iedu_db_set_import_threads(db, import_threads),
			 IEDU_OK);
	db->import_direct = import_direct;
	return db;
}

/* The canonical export of db (malloc'd copy, NUL-terminated). */
static char *export(const iedu_db *db, size_t *len)
{
	char *out = NULL, *copy;

	assert_int_equal(iedu_xml_export_memory(&out, len, db), IEDU_OK);
	copy = malloc(*len + 1);
	assert_non_null(copy);
	memcpy(copy, out, *len + 1);
	iedu_free(out);
	return copy;
}

static void counts(const iedu_db *db, uint32_t out[IEDU_KIND_COUNT + 1])
{
	int k;

	for (k = 0; k <= IEDU_KIND_COUNT; k++)
		out[k] = iedu_db_count(db, (iedu_kind)k);
}

/* What a database holds: its counts and its export. */
typedef struct snapshot {
	uint32_t counts[IEDU_KIND_COUNT + 1];
	char *xml;
	size_t len;
} snapshot;

static void take(snapshot *s, const iedu_db *db)
{
	counts(db, s->counts);
	s->xml = export(db, &s->len);
}

static void assert_same(const snapshot *a, const iedu_db *db,
			const char *what)
{
	snapshot b;

	take(&b, db);
	if (memcmp(a->counts, b.counts, sizeof a->counts) != 0 ||
	    a->len != b.len || memcmp(a->xml, b.xml, a->len) != 0) {
		print_error("%s: the database differs\n--- expected:\n%s\n"
			    "--- got:\n%s\n",
			    what, a->xml, b.xml);
		fail();
	}
	free(b.xml);
}

static void assert_error(int rc, int code, const char *message)
{
	const iedu_error *err = iedu_error_last();

	assert_int_equal(rc, code);
	assert_int_equal(iedu_error_code(err), code);
	assert_string_equal(iedu_error_message(err), message);
}

static int import_string(iedu_db *db, const char *xml, size_t chunk)
{
	return iedu__xml_import_chunked(db, xml, strlen(xml), "t.xml", chunk);
}

/* ---- pipes ------------------------------------------------------------ */

typedef struct pipe_writer {
	int fd;
	const char *data;
	size_t len;
} pipe_writer;

static void *write_pipe(void *arg)
{
	pipe_writer *w = arg;
	size_t done = 0;

	while (done < w->len) {
		ssize_t n = write(w->fd, w->data + done, w->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(w->fd);
	return NULL;
}

/* Imports data through a pipe written by another thread. */
static int import_pipe(iedu_db *db, const char *data, size_t len,
		       const char *name)
{
	pipe_writer w;
	pthread_t t;
	int fds[2], rc;

	assert_int_equal(pipe(fds), 0);
	w.fd = fds[1];
	w.data = data;
	w.len = len;
	assert_int_equal(pthread_create(&t, NULL, write_pipe, &w), 0);
	rc = iedu_xml_import_fd(db, fds[0], name);
	/* a reader that stopped early leaves the writer blocked: drain */
	{
		char sink[4096];
		while (read(fds[0], sink, sizeof sink) > 0)
			;
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	close(fds[0]);
	return rc;
}

/* ---- good documents --------------------------------------------------- */

/* Imports good document path every way; each gives the same database. */
static void check_good(const char *path, const char *name)
{
	iedu_db *db = new_db();
	snapshot first;
	size_t len, i;
	char *data = file_slurp(path, &len);
	FILE *f;
	int fd, rc;

	rc = iedu_xml_import_file(db, path);
	if (rc != IEDU_OK) {
		print_error("%s: %s\n", path,
			    iedu_error_message(iedu_error_last()));
		fail();
	}
	take(&first, db);
	assert_true(first.counts[IEDU_KIND_NONE] > 0);
	iedu_db_free(db);

	db = new_db();
	assert_int_equal(iedu_xml_import_memory(db, data, len, name), IEDU_OK);
	assert_same(&first, db, "memory");
	iedu_db_free(db);

	db = new_db();
	assert_int_equal(import_pipe(db, data, len, name), IEDU_OK);
	assert_same(&first, db, "pipe");
	iedu_db_free(db);

	db = new_db();
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(iedu_xml_import_fd(db, fd, NULL), IEDU_OK);
	close(fd);
	assert_same(&first, db, "fd");
	iedu_db_free(db);

	db = new_db();
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(iedu_xml_import_stream(db, f, name), IEDU_OK);
	fclose(f);
	assert_same(&first, db, "stream");
	iedu_db_free(db);

	for (i = 0; i < NCHUNKS; i++) {
		db = new_db();
		rc = iedu__xml_import_chunked(db, data, len, name,
					      chunk_sizes[i]);
		if (rc != IEDU_OK) {
			print_error("%s in chunks of %zu: %s\n", path,
				    chunk_sizes[i],
				    iedu_error_message(iedu_error_last()));
			fail();
		}
		assert_same(&first, db, "chunked");
		iedu_db_free(db);
	}

	/* the canonical export reads back to itself */
	db = new_db();
	assert_int_equal(iedu_xml_import_memory(db, first.xml, first.len,
						"export"),
			 IEDU_OK);
	assert_same(&first, db, "export imported again");
	iedu_db_free(db);

	free(first.xml);
	free(data);
}

static void test_good_documents(void **state)
{
	char *names[MAX_FILES], path[4096];
	size_t n = list_dir(XML_DIR "/good", ".xml", names), i;

	(void)state;
	assert_true(n >= 8);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/good/%s", XML_DIR, names[i]);
		check_good(path, names[i]);
	}
	check_good(XML_DIR "/nonferrous.xml", "nonferrous.xml");
	free_names(names, n);
}

static const char *text_of(const iedu_db *db, const char *id,
			   iedu_child child, const char *lang)
{
	iedu_handle h;

	assert_int_equal(iedu_db_lookup(&h, db, id), IEDU_OK);
	return iedu_record_text(db, h, child, lang);
}

static iedu_db *import_good(const char *file)
{
	char path[4096];
	iedu_db *db = new_db();

	snprintf(path, sizeof path, "%s/good/%s", XML_DIR, file);
	assert_int_equal(iedu_xml_import_file(db, path), IEDU_OK);
	return db;
}

/* What the encodings, NFD, trimming and CDATA documents store. */
static void test_good_values(void **state)
{
	iedu_db *db;
	iedu_handle h;

	(void)state;
	db = import_good("latin1.xml");
	assert_string_equal(text_of(db, "org-latin1", IEDU_CHILD_NAME, "de"),
			    "Technische Universit\xC3\xA4t M\xC3\xBCnchen");
	iedu_db_free(db);

	db = import_good("gb18030.xml");
	assert_string_equal(text_of(db, "org-gb", IEDU_CHILD_NAME, "zh"),
			    "重庆工业职业技术学院");
	iedu_db_free(db);

	db = import_good("utf16le-bom.xml");
	assert_string_equal(text_of(db, "p-utf16", IEDU_CHILD_NAME, "zh"),
			    "张三");
	assert_string_equal(text_of(db, "src-utf16", IEDU_CHILD_TITLE, "zh"),
			    "\xF0\xA0\x80\x80 outside the BMP");
	iedu_db_free(db);

	db = import_good("nfd.xml");
	assert_string_equal(text_of(db, "p-nfd", IEDU_CHILD_NAME, "fr"),
			    "Ren\xC3\xA9 Caf\xC3\xA9");
	assert_string_equal(text_of(db, "p-nfd", IEDU_CHILD_NAME, "ko"),
			    "\xEA\xB0\x81");
	iedu_db_free(db);

	db = import_good("whitespace.xml");
	assert_string_equal(text_of(db, "org-ws", IEDU_CHILD_NAME, "en"),
			    "Spaced   Out\tEnterprise");
	assert_int_equal(iedu_db_lookup(&h, db, "org-ws"), IEDU_OK);
	assert_string_equal(iedu_record_child_text(db, h, IEDU_CHILD_ALIAS, 0),
			    "tabbed");
	assert_string_equal(
		iedu_record_child_text(db, h, IEDU_CHILD_LOCATION, 0),
		"line one\nline two");
	iedu_db_free(db);

	db = import_good("cdata-charrefs.xml");
	assert_string_equal(text_of(db, "src-q", IEDU_CHILD_TITLE, "en"),
			    "R&D <cooperation> & \"training\"");
	assert_string_equal(text_of(db, "org-amp", IEDU_CHILD_NAME, "zh"),
			    "前中后中");
	assert_int_equal(iedu_db_lookup(&h, db, "src-q"), IEDU_OK);
	assert_string_equal(iedu_record_attr(db, h, IEDU_ATTR_URL),
			    "https://example.org/a?x=1&y=2");
	iedu_db_free(db);

	db = import_good("extensions.xml");
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 2);
	assert_int_equal(iedu_db_lookup(&h, db, "ignored"), IEDU_ENOTFOUND);
	iedu_db_free(db);

	db = import_good("all-kinds.xml");
	{
		int k;
		for (k = 1; k <= IEDU_KIND_COUNT; k++)
			assert_true(iedu_db_count(db, (iedu_kind)k) > 0);
	}
	iedu_db_free(db);
}

/*
 * libxml2 hands "a&amp;b" in an attribute to the reader as "a&#38;b"; the
 * reader decodes that once. Each form must arrive exactly once decoded,
 * in attributes and in text, whatever the chunk boundaries.
 */
static void test_references_decode_once(void **state)
{
	static const char doc[] =
		"<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n"
		"<source id=\"s\" type=\"news\"><title xml:lang=\"en\">S</title>"
		"</source>\n"
		"<organization id=\"o\" type=\"enterprise\">"
		"<name xml:lang=\"en\">a&amp;b &lt; &#38; &#x4E2D; &amp;#38; "
		"&amp;amp; &#x26;lt;</name>"
		"<cite source=\"s\" quote=\"a&amp;b &lt; &#38; &#x4E2D; &amp;#38; "
		"&amp;amp; &#x26;lt;\" locator=\"&#38;&#38;&amp;&amp;\"/>"
		"<cite source=\"s\" quote=\"&#38;#38;\" locator=\"x&#38;\"/>"
		"</organization>\n</iedu>\n";
	const char *expect = "a&b < & 中 &#38; &amp; &lt;";
	size_t chunk;

	(void)state;
	for (chunk = 1; chunk <= 9; chunk++) {
		iedu_db *db = new_db();
		iedu_handle h;
		assert_int_equal(import_string(db, doc, chunk), IEDU_OK);
		assert_int_equal(iedu_db_lookup(&h, db, "o"), IEDU_OK);
		assert_string_equal(
			iedu_record_text(db, h, IEDU_CHILD_NAME, "en"), expect);
		assert_int_equal(iedu_record_child_count(db, h, IEDU_CHILD_CITE),
				 2);
		assert_string_equal(iedu_record_child_attr(db, h,
							   IEDU_CHILD_CITE, 0,
							   IEDU_ATTR_QUOTE),
				    expect);
		assert_string_equal(iedu_record_child_attr(db, h,
							   IEDU_CHILD_CITE, 0,
							   IEDU_ATTR_LOCATOR),
				    "&&&&");
		assert_string_equal(iedu_record_child_attr(db, h,
							   IEDU_CHILD_CITE, 1,
							   IEDU_ATTR_QUOTE),
				    "&#38;");
		assert_string_equal(iedu_record_child_attr(db, h,
							   IEDU_CHILD_CITE, 1,
							   IEDU_ATTR_LOCATOR),
				    "x&");
		iedu_db_free(db);
	}
}

/*
 * Free-text values are stored NFC, in attributes and in text, whether or
 * not the two-thread import's parsing thread vouched for them (it vouches
 * for ASCII, Han and the like, which need no NFC pass; NFD text it leaves
 * to the importing thread).
 */
static void test_values_stored_nfc(void **state)
{
	static const char doc[] =
		"<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n"
		"<source id=\"s\" type=\"news\"><title xml:lang=\"fr\">"
		"Cafe\xCC\x81 Rene\xCC\x81</title></source>\n"
		"<organization id=\"o\" type=\"enterprise\">"
		"<name xml:lang=\"zh\">天津职业技术师范大学</name>"
		"<name xml:lang=\"en\">Tianjin Vocational</name>"
		"<cite source=\"s\" quote=\"Cafe\xCC\x81 au lait\" "
		"locator=\"第5段\"/>"
		"<cite source=\"s\" quote=\"e\xCC\x81\xCC\x81\" locator=\"p. 3\"/>"
		"</organization>\n</iedu>\n";
	iedu_db *db = new_db();
	iedu_handle h;

	(void)state;
	assert_int_equal(import_string(db, doc, sizeof doc), IEDU_OK);
	assert_int_equal(iedu_db_lookup(&h, db, "o"), IEDU_OK);
	assert_string_equal(iedu_record_child_attr(db, h, IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_QUOTE),
			    "Caf\xC3\xA9 au lait");
	assert_string_equal(iedu_record_child_attr(db, h, IEDU_CHILD_CITE, 0,
						   IEDU_ATTR_LOCATOR),
			    "第5段");
	assert_string_equal(iedu_record_child_attr(db, h, IEDU_CHILD_CITE, 1,
						   IEDU_ATTR_QUOTE),
			    "\xC3\xA9\xCC\x81");
	assert_string_equal(iedu_record_child_attr(db, h, IEDU_CHILD_CITE, 1,
						   IEDU_ATTR_LOCATOR),
			    "p. 3");
	assert_string_equal(iedu_record_text(db, h, IEDU_CHILD_NAME, "zh"),
			    "天津职业技术师范大学");
	assert_int_equal(iedu_db_lookup(&h, db, "s"), IEDU_OK);
	assert_string_equal(iedu_record_text(db, h, IEDU_CHILD_TITLE, "fr"),
			    "Caf\xC3\xA9 Ren\xC3\xA9");
	iedu_db_free(db);
}

/* ---- bad documents ---------------------------------------------------- */

/* Reads NAME.err: the message (line 1) and the code (line 2, "code N"). */
static void read_expected(const char *path, char *message, size_t size,
			  int *code)
{
	size_t len;
	char *text = file_slurp(path, &len), *nl = strchr(text, '\n');

	assert_non_null(nl);
	*nl = '\0';
	assert_true((size_t)(nl - text) < size);
	memcpy(message, text, (size_t)(nl - text) + 1);
	if (sscanf(nl + 1, "code %d", code) != 1) {
		print_error("%s: line 2 is not \"code N\"\n", path);
		fail();
	}
	free(text);
}

static void test_bad_documents(void **state)
{
	char *names[MAX_FILES], *errs[MAX_FILES];
	char path[4096], name[1024], message[2048];
	size_t n = list_dir(XML_DIR "/bad", ".xml", names);
	size_t nerr = list_dir(XML_DIR "/bad", ".err", errs), i, c, failures = 0;
	const size_t sizes[] = {0, 1, 7};

	(void)state;
	assert_true(n >= MIN_BAD);
	assert_int_equal(n, nerr); /* one .err beside each document */
	for (i = 0; i < n; i++) {
		size_t len, base = strlen(names[i]) - 4;
		char *data;
		int code;

		assert_memory_equal(names[i], errs[i], base);
		snprintf(path, sizeof path, "%s/bad/%s", XML_DIR, errs[i]);
		read_expected(path, message, sizeof message, &code);
		snprintf(path, sizeof path, "%s/bad/%s", XML_DIR, names[i]);
		snprintf(name, sizeof name, "bad/%s", names[i]);
		data = file_slurp(path, &len);
		for (c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
			iedu_db *db = new_db();
			const iedu_error *err;
			int rc = iedu__xml_import_chunked(db, data, len, name,
							  sizes[c]);
			err = iedu_error_last();
			if (rc != code || iedu_error_code(err) != code ||
			    strcmp(iedu_error_message(err), message) != 0) {
				print_error("%s (chunks of %zu):\n"
					    "  expected %d %s\n"
					    "  got      %d %s\n",
					    name, sizes[c], code, message, rc,
					    iedu_error_message(err));
				failures++;
			}
			assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
			iedu_db_free(db);
		}
		free(data);
	}
	free_names(names, n);
	free_names(errs, nerr);
	assert_int_equal(failures, 0);
}

/* Every name in schema-inexpressible.txt is a bad document. */
static void test_inexpressible_list(void **state)
{
	size_t len, count = 0;
	char *text = file_slurp(XML_DIR "/bad/schema-inexpressible.txt", &len);
	char *line, *save = NULL, path[4096];

	(void)state;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		struct stat st;
		assert_non_null(tab); /* NAME<tab>reason */
		assert_true(tab[1] != '\0');
		*tab = '\0';
		snprintf(path, sizeof path, "%s/bad/%s.xml", XML_DIR, line);
		if (stat(path, &st) != 0) {
			print_error("%s: no such document\n", path);
			fail();
		}
		count++;
	}
	assert_true(count > 0);
	free(text);
}

/* ---- limits, built in memory ------------------------------------------ */

/* A document with one person whose name is n bytes of 'a'. */
static char *long_text_doc(size_t n, size_t *len)
{
	static const char head[] = "<iedu xmlns=\"urn:iedu:1\" version=\"1\">"
				   "<person id=\"p\"><name xml:lang=\"en\">";
	static const char tail[] = "</name></person></iedu>";
	char *doc = malloc(sizeof head + n + sizeof tail);

	assert_non_null(doc);
	memcpy(doc, head, sizeof head - 1);
	memset(doc + sizeof head - 1, 'a', n);
	memcpy(doc + sizeof head - 1 + n, tail, sizeof tail);
	*len = sizeof head - 1 + n + sizeof tail - 1;
	return doc;
}

static void test_text_limit(void **state)
{
	iedu_db *db = new_db();
	size_t len;
	char *doc = long_text_doc(MIB + 1, &len);

	(void)state;
	assert_error(iedu__xml_import_chunked(db, doc, len, "big.xml", 0),
		     IEDU_ELIMIT,
		     "big.xml:1:1048650: error: person 'p': name: the text of "
		     "<name> exceeds 1 MiB, the limit");
	assert_string_equal(iedu_error_field(iedu_error_last()), "name");
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
	free(doc);

	/* exactly 1 MiB is within the limit */
	doc = long_text_doc(MIB, &len);
	assert_int_equal(iedu__xml_import_chunked(db, doc, len, "big.xml", 0),
			 IEDU_OK);
	assert_int_equal(strlen(text_of(db, "p", IEDU_CHILD_NAME, "en")), MIB);
	free(doc);
	iedu_db_free(db);
}

static void test_attribute_value_limit(void **state)
{
	static const char head[] = "<iedu xmlns=\"urn:iedu:1\" version=\"1\">"
				   "<source id=\"s\" type=\"news\"><title "
				   "xml:lang=\"en\">S</title><cite source=\"s\" "
				   "quote=\"";
	static const char tail[] = "\"/></source></iedu>";
	size_t n = MIB + 1, len = sizeof head - 1 + n + sizeof tail - 1;
	char *doc = malloc(len + 1);
	iedu_db *db = new_db();
	const iedu_error *err;

	(void)state;
	assert_non_null(doc);
	memcpy(doc, head, sizeof head - 1);
	memset(doc + sizeof head - 1, 'q', n);
	memcpy(doc + sizeof head - 1 + n, tail, sizeof tail);
	assert_int_equal(iedu__xml_import_chunked(db, doc, len, "big.xml", 0),
			 IEDU_ELIMIT);
	err = iedu_error_last();
	assert_string_equal(iedu_error_message(err),
			    "big.xml:1:1048697: error: source 's': quote: the "
			    "value of attribute 'quote' is 1048577 bytes long; "
			    "the limit is 1 MiB");
	assert_string_equal(iedu_error_record_id(err), "s");
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
	free(doc);
	iedu_db_free(db);
}

/* A document with depth-1 nested foreign elements under the root. */
static char *nested_doc(int depth)
{
	char *doc = malloc((size_t)depth * 40 + 200);
	size_t o = 0;
	int i;

	assert_non_null(doc);
	o += (size_t)sprintf(doc + o, "<iedu xmlns=\"urn:iedu:1\" version=\"1\" "
				      "xmlns:x=\"urn:x\">");
	for (i = 1; i < depth; i++)
		o += (size_t)sprintf(doc + o, "<x:e>");
	for (i = 1; i < depth; i++)
		o += (size_t)sprintf(doc + o, "</x:e>");
	sprintf(doc + o, "</iedu>");
	return doc;
}

static void test_nesting_limit(void **state)
{
	iedu_db *db = new_db();
	char *doc;

	(void)state;
	doc = nested_doc(64);
	assert_int_equal(import_string(db, doc, 0), IEDU_OK);
	free(doc);
	doc = nested_doc(65);
	assert_error(import_string(db, doc, 0), IEDU_ELIMIT,
		     "t.xml:1:373: error: <e> is nested 65 elements deep; the "
		     "limit is 64");
	free(doc);
	/* deep nesting inside a record names the record */
	assert_error(import_string(db,
				   "<iedu xmlns='urn:iedu:1' version='1'>"
				   "<person id='p' xmlns:x='urn:x'>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a><x:a>"
				   "<x:a><x:a><x:a><x:a><x:a><x:a><x:a>",
				   0),
		     IEDU_ELIMIT,
		     "t.xml:1:383: error: person 'p': <a> is nested 65 elements "
		     "deep; the limit is 64");
	iedu_db_free(db);
}

/* An element with n attributes: foreign ones on a record or ignored element. */
static char *attrs_doc(int n, int on_foreign)
{
	char *doc = malloc((size_t)n * 16 + 300);
	size_t o = 0;
	int i;

	assert_non_null(doc);
	o += (size_t)sprintf(doc + o, "<iedu xmlns=\"urn:iedu:1\" version=\"1\" "
				      "xmlns:x=\"urn:x\">");
	o += (size_t)sprintf(doc + o, on_foreign ? "<x:e" : "<person id=\"p\"");
	for (i = on_foreign ? 0 : 1; i < n; i++)
		o += (size_t)sprintf(doc + o, " x:a%d=\"\"", i);
	sprintf(doc + o, on_foreign ? "/></iedu>"
				    : "><name xml:lang=\"en\">P</name>"
				      "</person></iedu>");
	return doc;
}

static void test_attribute_count_limit(void **state)
{
	iedu_db *db;
	char *doc;
	int foreign;

	(void)state;
	for (foreign = 0; foreign <= 1; foreign++) {
		db = new_db();
		doc = attrs_doc(64, foreign);
		assert_int_equal(import_string(db, doc, 0), IEDU_OK);
		free(doc);
		iedu_db_free(db);
		db = new_db();
		doc = attrs_doc(65, foreign);
		assert_int_equal(import_string(db, doc, 3), IEDU_ELIMIT);
		assert_non_null(strstr(iedu_error_message(iedu_error_last()),
				       "has 65 attributes; the limit is 64"));
		free(doc);
		iedu_db_free(db);
	}
}

/* ---- all-or-nothing and several documents ---------------------------- */

static void test_failed_import_changes_nothing(void **state)
{
	static const char *const docs[] = {
		/* many good records, then a dangling reference at commit */
		"<iedu xmlns='urn:iedu:1' version='1'>"
		"<organization id='n1' type='enterprise'><name xml:lang='en'>N1"
		"</name></organization>"
		"<organization id='n2' type='enterprise'><name xml:lang='en'>N2"
		"</name></organization>"
		"<membership member='n1' body='n2' role='member'/>"
		"<membership member='n1' body='nobody' role='member'/></iedu>",
		/* a record that clashes with the database */
		"<iedu xmlns='urn:iedu:1' version='1'>"
		"<person id='p-new'><name xml:lang='en'>P</name></person>"
		"<person id='swa'><name xml:lang='en'>P</name></person></iedu>",
		/* a part-of cycle through a committed relation */
		"<iedu xmlns='urn:iedu:1' version='1'>"
		"<relation from='chinalco' to='swa' type='part-of'/></iedu>",
		/* not well-formed after a good record */
		"<iedu xmlns='urn:iedu:1' version='1'>"
		"<person id='p-2'><name xml:lang='en'>P</name></person><oops",
		"",
	};
	char *names[MAX_FILES], path[4096];
	iedu_db *db = new_db();
	snapshot before;
	size_t i, n;

	(void)state;
	assert_int_equal(iedu_xml_import_file(db, XML_DIR "/nonferrous.xml"),
			 IEDU_OK);
	take(&before, db);
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		assert_true(import_string(db, docs[i], 5) < 0);
		assert_same(&before, db, docs[i]);
	}
	/* every bad document, imported into a database that is not empty */
	n = list_dir(XML_DIR "/bad", ".xml", names);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/bad/%s", XML_DIR, names[i]);
		assert_true(iedu_xml_import_file(db, path) < 0);
		assert_same(&before, db, names[i]);
	}
	free_names(names, n);
	/* and the database still takes a good document */
	assert_int_equal(import_string(db,
				       "<iedu xmlns='urn:iedu:1' version='1'>"
				       "<person id='p-ok'><name xml:lang='en'>"
				       "P</name></person></iedu>",
				       0),
			 IEDU_OK);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_PERSON),
			 before.counts[IEDU_KIND_PERSON] + 1);
	free(before.xml);
	iedu_db_free(db);
}

static void test_several_documents(void **state)
{
	static const char second[] =
		"<iedu xmlns='urn:iedu:1' version='1'>\n"
		"  <organization id='csu' type='university'>"
		"<name xml:lang='zh'>中南大学</name><cite source='src-lvjia'/>"
		"</organization>\n"
		"  <membership id='m-csu' member='csu' body='nf-community'"
		" role='vice-chair'/>\n"
		"  <relation from='csu' to='chinalco' type='partner-of'/>\n"
		"</iedu>\n";
	iedu_db *db = new_db();
	iedu_handle m, org;
	uint32_t total;
	const iedu_error *err;

	(void)state;
	assert_int_equal(iedu_xml_import_file(db, XML_DIR "/nonferrous.xml"),
			 IEDU_OK);
	total = iedu_db_count(db, IEDU_KIND_NONE);
	/* a second document referring to records of the first */
	assert_int_equal(iedu_xml_import_memory(db, second, sizeof second - 1,
						"second.xml"),
			 IEDU_OK);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), total + 3);
	assert_int_equal(iedu_db_lookup(&m, db, "m-csu"), IEDU_OK);
	assert_int_equal(iedu_db_lookup(&org, db, "nf-community"), IEDU_OK);
	assert_int_equal(iedu_record_ref(db, m, IEDU_ATTR_BODY), org);

	/* the same id in a third document is refused, naming both */
	assert_int_equal(
		import_string(db,
			      "<iedu xmlns='urn:iedu:1' version='1'>\n"
			      "  <person id='wu'><name xml:lang='en'>Wu</name>"
			      "</person>\n"
			      "  <person id='swa'><name xml:lang='en'>S</name>"
			      "</person>\n</iedu>\n",
			      0),
		IEDU_EDUPLICATE);
	err = iedu_error_last();
	assert_string_equal(iedu_error_file(err), "t.xml");
	assert_int_equal(iedu_error_line(err), 3);
	assert_string_equal(iedu_error_record_id(err), "swa");
	assert_int_equal(iedu_error_record_kind(err), IEDU_KIND_PERSON);
	assert_string_equal(iedu_error_field(err), "id");
	assert_non_null(strstr(iedu_error_message(err), "organization 'swa'"));
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), total + 3);
	assert_int_equal(iedu_db_lookup(&m, db, "wu"), IEDU_ENOTFOUND);
	iedu_db_free(db);
}

/* ---- files, descriptors, streams and arguments ----------------------- */

static void test_files(void **state)
{
	char dir[] = "/tmp/iedu-test-xml-XXXXXX", path[256], expect[512];
	iedu_db *db = new_db();
	FILE *f;
	int rc;

	(void)state;
	assert_non_null(mkdtemp(dir));

	snprintf(expect, sizeof expect,
		 "cannot read '%s': it is a directory; expected an XML file",
		 dir);
	assert_error(iedu_xml_import_file(db, dir), IEDU_EIO, expect);

	snprintf(path, sizeof path, "%s/missing.xml", dir);
	snprintf(expect, sizeof expect,
		 "cannot open '%s': No such file or directory", path);
	assert_error(iedu_xml_import_file(db, path), IEDU_EIO, expect);

	snprintf(path, sizeof path, "%s/locked.xml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<iedu xmlns='urn:iedu:1' version='1'/>", f);
	fclose(f);
	assert_int_equal(chmod(path, 0), 0);
	if (geteuid() != 0) { /* root reads it anyway */
		snprintf(expect, sizeof expect,
			 "cannot open '%s': Permission denied", path);
		assert_error(iedu_xml_import_file(db, path), IEDU_EIO, expect);
	}
	assert_int_equal(chmod(path, 0600), 0);

	/* errors in a file carry its path as given */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<iedu xmlns='urn:iedu:1' version='1'>\n<person/></iedu>", f);
	fclose(f);
	rc = iedu_xml_import_file(db, path);
	assert_int_equal(rc, IEDU_EMISSING);
	assert_string_equal(iedu_error_file(iedu_error_last()), path);
	assert_int_equal(iedu_error_line(iedu_error_last()), 2);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	iedu_db_free(db);
}

static void test_fd_and_stream_names(void **state)
{
	static const char bad[] = "<iedu xmlns='urn:iedu:1' version='1'><x:y "
				  "xmlns:x='urn:x'/><x/>";
	static const char what[] =
		":1:62: error: unknown element <x>; expected a record: source, "
		"organization, person, membership, post, relation, designation, "
		"event, agreement or statistic";
	iedu_db *db = new_db();
	int fds[2];
	char expect[256];
	FILE *f;

	(void)state;
	/* a small document through a pipe, no thread needed */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], bad, sizeof bad - 1),
			 (ssize_t)(sizeof bad - 1));
	close(fds[1]);
	snprintf(expect, sizeof expect, "<fd %d>%s", fds[0], what);
	assert_error(iedu_xml_import_fd(db, fds[0], NULL), IEDU_EUNKNOWN,
		     expect);
	close(fds[0]);

	f = tmpfile();
	assert_non_null(f);
	fputs(bad, f);
	rewind(f);
	snprintf(expect, sizeof expect, "<stream>%s", what);
	assert_error(iedu_xml_import_stream(db, f, NULL), IEDU_EUNKNOWN,
		     expect);
	fclose(f);

	snprintf(expect, sizeof expect, "<memory>%s", what);
	assert_error(iedu_xml_import_memory(db, bad, sizeof bad - 1, NULL),
		     IEDU_EUNKNOWN, expect);
	iedu_db_free(db);
}

static void test_arguments(void **state)
{
	static const char doc[] = "<iedu xmlns='urn:iedu:1' version='1'/>";
	iedu_db *db = new_db();

	(void)state;
	assert_error(iedu_xml_import_memory(NULL, doc, sizeof doc - 1, "x"),
		     IEDU_EINVAL, "import: db is NULL");
	assert_error(iedu_xml_import_memory(db, NULL, 5, "x"), IEDU_EINVAL,
		     "import: data is NULL");
	assert_error(iedu_xml_import_memory(db, NULL, 0, "x"), IEDU_EPARSE,
		     "x:1:1: error: the document has no root element; "
		     "expected <iedu xmlns=\"urn:iedu:1\" version=\"1\">");
	assert_error(iedu_xml_import_file(NULL, "x"), IEDU_EINVAL,
		     "import: db is NULL");
	assert_error(iedu_xml_import_file(db, NULL), IEDU_EINVAL,
		     "import: path is NULL");
	assert_error(iedu_xml_import_fd(db, -1, "x"), IEDU_EINVAL,
		     "import: -1 is not a file descriptor");
	{
		/* a NULL db reads nothing from the descriptor */
		int fds[2];
		char c;
		assert_int_equal(pipe(fds), 0);
		assert_int_equal(write(fds[1], "<", 1), 1);
		close(fds[1]);
		assert_error(iedu_xml_import_fd(NULL, fds[0], "x"),
			     IEDU_EINVAL, "import: db is NULL");
		assert_int_equal(read(fds[0], &c, 1), 1);
		close(fds[0]);
	}
	assert_error(iedu_xml_import_stream(db, NULL, "x"), IEDU_EINVAL,
		     "import: fp is NULL");
	/* an empty document is a valid, empty import */
	assert_int_equal(iedu_xml_import_memory(db, doc, sizeof doc - 1, "x"),
			 IEDU_OK);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
	iedu_db_free(db);
}

/* The version attribute: major version 1 with any minor version. */
static void test_versions(void **state)
{
	static const struct {
		const char *version;
		int rc;
	} cases[] = {
		{"1", IEDU_OK},     {"1.0", IEDU_OK},  {"1.12", IEDU_OK},
		{"2", IEDU_EVERSION}, {"0", IEDU_EVERSION},
		{"1.", IEDU_EVERSION}, {"01", IEDU_EVERSION},
		{" 1", IEDU_EVERSION}, {"1.x", IEDU_EVERSION},
		{"", IEDU_EVERSION}, {"10", IEDU_EVERSION},
	};
	char doc[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		iedu_db *db = new_db();
		snprintf(doc, sizeof doc,
			 "<iedu xmlns='urn:iedu:1' version='%s'/>",
			 cases[i].version);
		if (import_string(db, doc, 0) != cases[i].rc) {
			print_error("version '%s': %s\n", cases[i].version,
				    iedu_error_message(iedu_error_last()));
			fail();
		}
		iedu_db_free(db);
	}
}

/* Location, record and field accessors for a few bad documents. */
static void test_error_accessors(void **state)
{
	static const struct {
		const char *file;
		int code;
		uint32_t line, column;
		iedu_kind kind;
		const char *id, *field;
	} cases[] = {
		{"dup-lang-name", IEDU_EDUPLICATE, 6, 24,
		 IEDU_KIND_ORGANIZATION, "org-a", "name"},
		{"missing-cite-source", IEDU_EMISSING, 5, 25,
		 IEDU_KIND_ORGANIZATION, "org-a", "cite/@source"},
		{"unknown-attribute", IEDU_EUNKNOWN, 3, 75,
		 IEDU_KIND_ORGANIZATION, "org-a", "website"},
		{"wrong-kind-member", IEDU_EKIND, 5, 54, IEDU_KIND_MEMBERSHIP,
		 NULL, "member"},
		{"date-feb29", IEDU_EVALUE, 3, 66, IEDU_KIND_ORGANIZATION,
		 "org-a", "founded"},
		{"text-in-record", IEDU_EUNKNOWN, 5, 5, IEDU_KIND_ORGANIZATION,
		 "org-a", NULL},
		{"truncated-in-record", IEDU_EPARSE, 4, 25,
		 IEDU_KIND_ORGANIZATION, "org-a", "name"},
		{"xxe", IEDU_EPARSE, 2, 16, IEDU_KIND_NONE, NULL, NULL},
		{"deep-nesting", IEDU_ELIMIT, 3, 2105, IEDU_KIND_NONE, NULL,
		 NULL},
	};
	char path[4096], name[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		iedu_db *db = new_db();
		const iedu_error *err;
		size_t len;
		char *data;

		snprintf(path, sizeof path, "%s/bad/%s.xml", XML_DIR,
			 cases[i].file);
		snprintf(name, sizeof name, "bad/%s.xml", cases[i].file);
		data = file_slurp(path, &len);
		assert_int_equal(iedu__xml_import_chunked(db, data, len, name,
							  2),
				 cases[i].code);
		err = iedu_error_last();
		assert_int_equal(iedu_error_code(err), cases[i].code);
		assert_string_equal(iedu_error_file(err), name);
		assert_int_equal(iedu_error_line(err), cases[i].line);
		assert_int_equal(iedu_error_column(err), cases[i].column);
		assert_int_equal(iedu_error_record_kind(err), cases[i].kind);
		if (cases[i].id)
			assert_string_equal(iedu_error_record_id(err),
					    cases[i].id);
		else
			assert_null(iedu_error_record_id(err));
		if (cases[i].field)
			assert_string_equal(iedu_error_field(err),
					    cases[i].field);
		else
			assert_null(iedu_error_field(err));
		free(data);
		iedu_db_free(db);
	}
}

/* What the reader accepts that a strict reading might not. */
static void test_accepted_forms(void **state)
{
	static const char *const docs[] = {
		/* white space only inside an element without text */
		"<iedu xmlns='urn:iedu:1' version='1'><source id='s' "
		"type='news'><title xml:lang='en'>S</title><cite source='s'>\n "
		"</cite></source></iedu>",
		/* xml:space and xml:base are XML's own, ignored */
		"<iedu xmlns='urn:iedu:1' version='1'><person id='p' "
		"xml:space='preserve'><name xml:lang='en' xml:base='http://x/'>"
		"P</name></person></iedu>",
		/* a foreign element inside text: ignored, the text joined */
		"<iedu xmlns='urn:iedu:1' version='1' xmlns:x='urn:x'><person "
		"id='p'><name xml:lang='en'>A<x:b>B</x:b>C</name></person>"
		"</iedu>",
		/* a prefixed iedu namespace */
		"<i:iedu xmlns:i='urn:iedu:1' version='1'><i:person id='p'>"
		"<i:name xml:lang='en'>P</i:name></i:person></i:iedu>",
		/* a byte order mark before UTF-8 */
		"\xEF\xBB\xBF<iedu xmlns='urn:iedu:1' version='1'/>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		iedu_db *db = new_db();
		if (import_string(db, docs[i], 1) != IEDU_OK) {
			print_error("%s\n%s\n", docs[i],
				    iedu_error_message(iedu_error_last()));
			fail();
		}
		iedu_db_free(db);
	}
	{
		iedu_db *db = new_db();
		assert_int_equal(import_string(db, docs[2], 0), IEDU_OK);
		assert_string_equal(text_of(db, "p", IEDU_CHILD_NAME, "en"),
				    "AC");
		iedu_db_free(db);
	}
}

static void test_import_threads_arguments(void **state)
{
	iedu_db *db = new_db();
	static const char doc[] = "<iedu xmlns=\"urn:iedu:1\" version=\"1\"/>";

	(void)state;
	assert_error(iedu_db_set_import_threads(NULL, 2), IEDU_EINVAL,
		     "iedu_db_set_import_threads: db is NULL; expected a "
		     "database and 1 or 2 threads");
	assert_error(iedu_db_set_import_threads(db, 0), IEDU_EINVAL,
		     "iedu_db_set_import_threads: nthreads is 0; expected a "
		     "database and 1 or 2 threads");
	/* more than 2 counts as 2 */
	assert_int_equal(iedu_db_set_import_threads(db, 64), IEDU_OK);
	assert_int_equal(import_string(db, doc, 0), IEDU_OK);
	iedu_db_free(db);
}

/*
 * A document of n sources, each with a title and a cite; source bad (if
 * not 0) has an unknown type. One title is long: more than a block of
 * the parsing thread's events.
 */
static char *sources_doc(size_t n, size_t bad, size_t *len)
{
	size_t cap = n * 200 + 400000, o = 0, i;
	char *doc = malloc(cap);

	assert_non_null(doc);
	o += (size_t)snprintf(doc + o, cap - o,
			      "<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n");
	for (i = 1; i <= n; i++) {
		o += (size_t)snprintf(
		    doc + o, cap - o,
		    "  <source id=\"s%zu\" type=\"%s\" xml:lang=\"zh\">\n"
		    "    <title xml:lang=\"zh\">第%zu号报道",
		    i, i == bad ? "rumour" : "news", i);
		if (i == n / 2) {
			memset(doc + o, 'x', 300000);
			o += 300000;
		}
		o += (size_t)snprintf(doc + o, cap - o,
				      "</title>\n    <cite source=\"s%zu\"/>\n"
				      "  </source>\n",
				      i > 1 ? i - 1 : n);
	}
	o += (size_t)snprintf(doc + o, cap - o, "</iedu>\n");
	assert_true(o < cap);
	*len = o;
	return doc;
}

/*
 * Documents of many blocks of events: the same database from one thread
 * and from two; the first error wherever it is, the parsing thread
 * stopped when it comes early.
 */
static void test_many_blocks(void **state)
{
	const size_t n = 20000;
	size_t len, one_len, i;
	char *doc = sources_doc(n, 0, &len), *one, *two;
	iedu_db *db1, *db2;
	const size_t bad[] = {1, n / 2 + 1, n};
	const char *expect[] = {
	    "big.xml:2:46: error: source 's1': type: 'rumour' is not allowed; "
	    "expected one of news, policy, report, web, broadcast, other",
	    "big.xml:40002:50: error: source 's10001': type: 'rumour' is not "
	    "allowed; expected one of news, policy, report, web, broadcast, "
	    "other",
	    "big.xml:79998:50: error: source 's20000': type: 'rumour' is not "
	    "allowed; expected one of news, policy, report, web, broadcast, "
	    "other"};

	(void)state;
	db1 = new_db();
	assert_int_equal(iedu_db_set_import_threads(db1, 1), IEDU_OK);
	assert_int_equal(
	    iedu__xml_import_chunked(db1, doc, len, "big.xml", 0), IEDU_OK);
	db2 = new_db();
	assert_int_equal(iedu_db_set_import_threads(db2, 2), IEDU_OK);
	assert_int_equal(
	    iedu__xml_import_chunked(db2, doc, len, "big.xml", 0), IEDU_OK);
	assert_int_equal(iedu_db_count(db2, IEDU_KIND_SOURCE), n);
	one = export(db1, &one_len);
	two = export(db2, &len);
	assert_int_equal(len, one_len);
	assert_memory_equal(one, two, len);
	free(one);
	free(two);
	iedu_db_free(db1);
	iedu_db_free(db2);
	free(doc);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		iedu_db *db = new_db();
		doc = sources_doc(n, bad[i], &len);
		assert_error(
		    iedu__xml_import_chunked(db, doc, len, "big.xml", 0),
		    IEDU_EVALUE, expect[i]);
		assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);
		iedu_db_free(db);
		free(doc);
	}
}

/* An empty document whose version is "1." and zeros; its length. */
static size_t version_doc(char *doc, size_t cap, size_t zeros)
{
	size_t o = (size_t)snprintf(doc, cap, "<iedu xmlns=\"urn:iedu:1\" "
					      "version=\"1.");

	assert_true(o + zeros + 3 < cap);
	memset(doc + o, '0', zeros);
	o += zeros;
	return o + (size_t)snprintf(doc + o, cap - o, "\"/>");
}

/*
 * Events larger than a block of the parsing thread's: a 300 kB quote is
 * kept (one oversized block); a 2 MB CDATA section in a child is refused
 * once its pieces pass 1 MiB (libxml2 2.9.14 hands it over in pieces of
 * a few hundred bytes); a version of more than 64 characters is refused
 * in either mode (the thread keeps only 64 bytes of a long value).
 */
static void test_oversized_events(void **state)
{
	static const char head[] = "<iedu xmlns=\"urn:iedu:1\" version=\"1\">"
				   "<source id=\"s\" type=\"news\"><title "
				   "xml:lang=\"en\">";
	size_t n = 300000, cap = 2 * MIB + 400, o = 0;
	char *doc = malloc(cap);
	iedu_db *db = new_db();
	const char *q;

	(void)state;
	assert_non_null(doc);
	o += (size_t)snprintf(doc, cap, "%sS</title><cite source=\"s\" "
					"quote=\"",
			      head);
	memset(doc + o, 'q', n);
	o += n;
	o += (size_t)snprintf(doc + o, cap - o, "\"/></source></iedu>");
	assert_int_equal(iedu__xml_import_chunked(db, doc, o, "big.xml", 0),
			 IEDU_OK);
	assert_int_equal(iedu_db_count(db, IEDU_KIND_SOURCE), 1);
	{
		iedu_handle h;
		assert_int_equal(iedu_db_lookup(&h, db, "s"), IEDU_OK);
		assert_int_equal(iedu_record_child_count(db, h, IEDU_CHILD_CITE),
				 1);
		q = iedu_record_child_attr(db, h, IEDU_CHILD_CITE, 0,
					   IEDU_ATTR_QUOTE);
		assert_non_null(q);
		assert_int_equal(strlen(q), n);
	}
	iedu_db_free(db);

	db = new_db();
	o = (size_t)snprintf(doc, cap, "%s<![CDATA[", head);
	memset(doc + o, 'c', 2 * MIB);
	o += 2 * MIB;
	o += (size_t)snprintf(doc + o, cap - o,
			      "]]></title></source></iedu>");
	assert_error(iedu__xml_import_chunked(db, doc, o, "big.xml", 0),
		     IEDU_ELIMIT,
		     "big.xml:1:395: error: source 's': title: the text of "
		     "<title> exceeds 1 MiB, the limit");
	assert_int_equal(iedu_db_count(db, IEDU_KIND_NONE), 0);

	o = version_doc(doc, cap, 63);
	assert_error(iedu__xml_import_chunked(db, doc, o, "v.xml", 0),
		     IEDU_EVERSION,
		     "v.xml:1:101: error: document version "
		     "'1.00000000000000000000000000000000000000' is not "
		     "supported; this library reads iedu XML version 1");
	/* 64 characters are still a version */
	o = version_doc(doc, cap, 62);
	assert_int_equal(iedu__xml_import_chunked(db, doc, o, "v.xml", 0),
			 IEDU_OK);
	iedu_db_free(db);
	free(doc);
}

/*
 * A pipe is read in the calling thread even with two threads allowed: an
 * error in the first record is returned while the writer still holds the
 * pipe open (the parsing thread would wait in read(2) for more).
 */
static void test_pipe_answers_early(void **state)
{
	static const char doc[] =
	    "<iedu xmlns=\"urn:iedu:1\" version=\"2\">\n";
	iedu_db *db = new_db();
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], doc, sizeof doc - 1),
			 (ssize_t)(sizeof doc - 1));
	assert_error(iedu_xml_import_fd(db, fds[0], "pipe"), IEDU_EVERSION,
		     "pipe:1:37: error: document version '2' is not "
		     "supported; this library reads iedu XML version 1");
	close(fds[1]);
	close(fds[0]);
	iedu_db_free(db);
}

static int one_thread(void **state)
{
	(void)state;
	import_threads = 1;
	import_direct = 0;
	return 0;
}

static int two_threads(void **state)
{
	(void)state;
	import_threads = 2;
	import_direct = 0;
	return 0;
}

static int direct_callbacks(void **state)
{
	(void)state;
	import_threads = 1;
	import_direct = 1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_threads_arguments),
		cmocka_unit_test(test_many_blocks),
		cmocka_unit_test(test_oversized_events),
		cmocka_unit_test(test_pipe_answers_early),
		cmocka_unit_test(test_good_documents),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_references_decode_once),
		cmocka_unit_test(test_values_stored_nfc),
		cmocka_unit_test(test_bad_documents),
		cmocka_unit_test(test_inexpressible_list),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_attribute_value_limit),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_attribute_count_limit),
		cmocka_unit_test(test_failed_import_changes_nothing),
		cmocka_unit_test(test_several_documents),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_fd_and_stream_names),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_error_accessors),
		cmocka_unit_test(test_accepted_forms),
	};

	int failed;

	failed = cmocka_run_group_tests_name("one thread", tests, one_thread,
					     NULL);
	failed += cmocka_run_group_tests_name("two threads", tests,
					      two_threads, NULL);
	failed += cmocka_run_group_tests_name("direct callbacks", tests,
					      direct_callbacks, NULL);
	return failed;
}
