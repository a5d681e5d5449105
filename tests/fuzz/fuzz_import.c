/*
 * Fuzz target: import a document from memory, fed to the push parser in
 * chunks whose size the input chooses, once as it is and once with one
 * allocation failing, as libxml2's own fuzz/xml.c does. Input layout:
 *
 *   byte 0     chunk size (index into chunks[] below, modulo its length);
 *              bit 7 set: the failure is sticky (every allocation from
 *              the chosen one on fails)
 *   bytes 1-2  the allocation to fail, little endian, counted over
 *              libiedu's allocator and libxml2's and ICU's hooks
 *              (tests/support/deps/); 0: none
 *   the rest   the document
 *
 * Properties checked:
 *  - a failed import leaves the database empty and sets an error message;
 *  - an import that succeeds round-trips: export, import the export into
 *    a fresh database, export again, and the two exports are identical;
 *  - imported with a parsing thread (iedu_db_set_import_threads), the
 *    document gives the same result: the same export, or the same error
 *    (code, message, file, line, column, record and field);
 *  - with an allocation failing, the import succeeds with the same export
 *    as without, or fails; a failure of libiedu's own allocator (none of
 *    libxml2's or ICU's failed) is reported as IEDU_ENOMEM or as the
 *    error the document gives anyway. A failure inside libxml2 or ICU may
 *    surface as another error: libxml2 2.9.14 does not always say that
 *    it ran out of memory. A document that declares an encoding other
 *    than UTF-8 or UTF-16 has only libiedu's allocations failed (see
 *    foreign_encoding).
 *
 * Built as a libFuzzer binary under clang (IEDU_FUZZ=ON) and always as
 * the replay program that runs a corpus through the same function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/encoding.h>

#include <iedu.h>
#include "xml_reader.h"
#include "../support/failing_alloc.h"
#include "../support/deps/dep_alloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "%s (last error: %s)\n", what,
		iedu_error_message(iedu_error_last()));
	abort();
}

/*
 * Hooks in, and everything libxml2 and ICU set up once per process done
 * before any allocation can fail: ICU keeps the error of a failed one-time
 * initialisation for good, which would fail every later input.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char warm[] =
	    "<iedu xmlns=\"urn:iedu:1\" version=\"1\">"
	    "<source id=\"s\" type=\"news\" xml:lang=\"en\"><title "
	    "xml:lang=\"en\">Cafe\xcc\x81</title></source></iedu>";
	iedu_db *db;

	(void)argc;
	(void)argv;
	if (dep_alloc_install() != 0 ||
	    iedu_allocator_set(c_malloc, c_realloc, c_free, &cnt) != IEDU_OK)
		die("installing the failing allocators");
	if (iedu_db_new(&db) != IEDU_OK ||
	    iedu_xml_import_memory(db, warm, sizeof warm - 1, "warm") !=
		IEDU_OK)
		die("warming up");
	iedu_db_free(db);
	return 0;
}

static int import(iedu_db **db, const uint8_t *data, size_t size, size_t chunk)
{
	int rc;

	if (iedu_db_new(db) != IEDU_OK)
		die("creating a database");
	rc = iedu__xml_import_chunked(*db, data, size, "fuzz", chunk);
	if (rc == IEDU_OK)
		return rc;
	if (iedu_db_count(*db, IEDU_KIND_NONE) != 0)
		die("a failed import left records behind");
	if (!iedu_error_message(iedu_error_last())[0])
		die("a failed import set no message");
	return rc;
}

/*
 * Whether the document is in an encoding other than UTF-8 (or UTF-16,
 * which libxml2 converts itself), by its first four bytes (UCS-4 in any
 * byte order, EBCDIC) or by its declaration. libxml2 2.9.14 converts the
 * others through iconv or ICU and leaks the encoding handler when an
 * allocation fails while it switches to it (found here three times: a
 * declared UTF-7, "\0\0\0<", UCS-4 by its first bytes, and a declared
 * "UTF-8-"; nothing in how libiedu calls libxml2 avoids it), so for those
 * documents only libiedu's own allocations are failed. A declared name
 * counts as UTF-8 or UTF-16 only when it is one of their names exactly.
 */
static int foreign_encoding(const uint8_t *data, size_t size)
{
	static const char key[] = "encoding";
	size_t n = size < 256 ? size : 256, i, j;

	if (size >= 4) {
		xmlCharEncoding e = xmlDetectCharEncoding(data, 4);
		if (e != XML_CHAR_ENCODING_NONE &&
		    e != XML_CHAR_ENCODING_UTF8 &&
		    e != XML_CHAR_ENCODING_UTF16LE &&
		    e != XML_CHAR_ENCODING_UTF16BE)
			return 1;
	}

	for (i = 0; i + sizeof key - 1 <= n; i++) {
		static const char *const own[] = {"UTF-8",    "UTF8",
						  "UTF-16",   "UTF16",
						  "UTF-16LE", "UTF-16BE"};
		size_t end, k, m;
		if (memcmp(data + i, key, sizeof key - 1) != 0)
			continue;
		for (j = i + sizeof key - 1;
		     j < n && data[j] != '"' && data[j] != '\''; j++)
			;
		for (end = j + 1; end < n && data[end] != data[j]; end++)
			;
		if (end >= n)
			return 1; /* no whole name in sight: assume the worst */
		/* the name, exactly, without regard to case */
		for (k = 0; k < sizeof own / sizeof own[0]; k++) {
			size_t len = strlen(own[k]);
			if (end - j - 1 != len)
				continue;
			for (m = 0; m < len; m++) {
				unsigned char c = data[j + 1 + m];
				if (c >= 'a' && c <= 'z')
					c = (unsigned char)(c - 'a' + 'A');
				if (c != (unsigned char)own[k][m])
					break;
			}
			if (m == len)
				return 0;
		}
		return 1;
	}
	return 0;
}

/* The last error as one line of text, to compare two imports by. */
static char *error_text(int rc)
{
	const iedu_error *e = iedu_error_last();
	const char *id = iedu_error_record_id(e), *field = iedu_error_field(e);
	const char *file = iedu_error_file(e), *msg = iedu_error_message(e);
	size_t n = strlen(msg) + (id ? strlen(id) : 0) +
		   (field ? strlen(field) : 0) + (file ? strlen(file) : 0) + 96;
	char *t = malloc(n);

	if (!t)
		die("out of memory");
	snprintf(t, n, "%d|%s|%s|%u|%u|%d|%s|%s", rc, msg, file ? file : "-",
		 (unsigned)iedu_error_line(e), (unsigned)iedu_error_column(e),
		 (int)iedu_error_record_kind(e), id ? id : "-",
		 field ? field : "-");
	return t;
}

/*
 * The same import with a parsing thread: the same export (x1, n1) or the
 * same error (err).
 */
static void check_threaded(const uint8_t *data, size_t size, size_t chunk,
			   int rc, const char *err, const char *x1, size_t n1)
{
	iedu_db *db;
	char *x = NULL, *t;
	size_t n = 0;
	int rc2;

	if (iedu_db_new(&db) != IEDU_OK ||
	    iedu_db_set_import_threads(db, 2) != IEDU_OK)
		die("creating a database");
	rc2 = iedu__xml_import_chunked(db, data, size, "fuzz", chunk);
	if (rc2 != IEDU_OK) {
		t = error_text(rc2);
		if (!err || strcmp(t, err) != 0) {
			fprintf(stderr, "one thread: %s\ntwo threads: %s\n",
				err ? err : "OK", t);
			die("a threaded import failed otherwise");
		}
		free(t);
		if (iedu_db_count(db, IEDU_KIND_NONE) != 0)
			die("a failed threaded import left records behind");
	} else {
		if (rc != IEDU_OK)
			die("a bad document imported with a parsing thread");
		if (iedu_xml_export_memory(&x, &n, db) != IEDU_OK)
			die("export after a threaded import failed");
		if (n != n1 || memcmp(x, x1, n) != 0)
			die("a threaded import imported something else");
	}
	iedu_free(x);
	iedu_db_free(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = {1, 2, 3, 5, 16, 64, 512, 4096, 65536};
	iedu_db *db = NULL, *db2 = NULL, *db3 = NULL;
	char *x1 = NULL, *x2 = NULL, *x3 = NULL;
	size_t n1 = 0, n2 = 0, n3 = 0, chunk, fail_at;
	char *err;
	int rc, rc3, sticky;

	if (size < 3)
		return 0;
	chunk = chunks[(data[0] & 0x7f) % (sizeof chunks / sizeof chunks[0])];
	sticky = (data[0] & 0x80) != 0;
	fail_at = (size_t)data[1] | (size_t)data[2] << 8;
	data += 3;
	size -= 3;

	rc = import(&db, data, size, chunk);
	err = rc == IEDU_OK ? NULL : error_text(rc);
	if (rc == IEDU_OK) {
		if (iedu_xml_export_memory(&x1, &n1, db) != IEDU_OK ||
		    iedu_db_new(&db2) != IEDU_OK ||
		    iedu_xml_import_memory(db2, x1, n1, "export") != IEDU_OK ||
		    iedu_xml_export_memory(&x2, &n2, db2) != IEDU_OK)
			die("round trip failed");
		if (n1 != n2 || memcmp(x1, x2, n1) != 0)
			die("round trip changed the export");
	}

	check_threaded(data, size, chunk, rc, err, x1, n1);
	free(err);
	if (fail_at) {
		cnt.calls = 0;
		cnt.failures = 0;
		cnt.fail_at = fail_at;
		cnt.sticky = sticky;
		dep_alloc_failures = 0;
		dep_alloc_armed = !foreign_encoding(data, size);
		if (iedu_db_new(&db3) == IEDU_OK)
			rc3 = iedu__xml_import_chunked(db3, data, size, "fuzz",
						       chunk);
		else
			rc3 = IEDU_ENOMEM;
		dep_alloc_armed = 0;
		cnt.fail_at = 0;
		cnt.sticky = 0;
		if (rc3 == IEDU_OK) {
			if (rc != IEDU_OK)
				die("an allocation failure made a bad "
				    "document import");
			if (iedu_xml_export_memory(&x3, &n3, db3) != IEDU_OK)
				die("export after an import failed");
			if (n1 != n3 || memcmp(x1, x3, n1) != 0)
				die("an allocation failure changed what "
				    "was imported");
		} else {
			if (db3 && iedu_db_count(db3, IEDU_KIND_NONE) != 0)
				die("a failed import left records behind");
			if (!iedu_error_message(iedu_error_last())[0])
				die("a failed import set no message");
			if (!dep_alloc_failures && rc3 != IEDU_ENOMEM &&
			    rc3 != rc)
				die("libiedu's allocator failed, and the "
				    "import said something else than "
				    "IEDU_ENOMEM");
		}
	}

	iedu_free(x1);
	iedu_free(x2);
	iedu_free(x3);
	iedu_db_free(db3);
	iedu_db_free(db2);
	iedu_db_free(db);
	return 0;
}
