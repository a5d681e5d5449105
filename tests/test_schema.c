/*
 * Tests of the RELAX NG schema (schema/iedu-1.rng) against the reader, with
 * libxml2's RELAX NG validator used directly:
 *  - every document of tests/data/xml/good, nonferrous.xml and the bundled
 *    dataset (examples/data/reports.xml) is valid;
 *  - every document of tests/data/xml/bad is invalid (or not XML), but for
 *    those listed in bad/schema-inexpressible.txt (what a grammar cannot
 *    say: ids and references, per-language uniqueness, sums, limits, a
 *    DOCTYPE, well-formedness...); a listed document that is well-formed
 *    and has no DOCTYPE must be valid, or the entry is stale;
 *  - the canonical export of every good document is valid;
 *  - a table of small documents on which reader and schema agree, for the
 *    lexical rules the schema spells out as patterns.
 * The directories are read at run time, so new corpus files are picked up.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include <iedu.h>

#define GOOD_DIR IEDU_TEST_DATA_DIR "/xml/good"
#define BAD_DIR IEDU_TEST_DATA_DIR "/xml/bad"

/* Valid documents outside good/: a sample, and the bundled dataset. */
static const char *const extra_documents[] = {
    IEDU_TEST_DATA_DIR "/xml/nonferrous.xml",
    IEDU_TEST_DATA_DIR "/../../examples/data/reports.xml"};
#define NEXTRA (sizeof extra_documents / sizeof extra_documents[0])
#define INEXPRESSIBLE BAD_DIR "/schema-inexpressible.txt"
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define MAX_FILES 1024
#define MSG_SIZE 512

static xmlRelaxNGPtr schema;

/* The first error reported, for the failure message. */
typedef struct first_error {
	char msg[MSG_SIZE];
} first_error;

static void keep_first(void *data, xmlErrorPtr e)
{
	first_error *fe = data;
	size_t n;

	if (fe->msg[0] || !e)
		return;
	snprintf(fe->msg, sizeof fe->msg, "line %d: %s", e->line,
		 e->message ? e->message : "error");
	n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
}

static int setup(void **state)
{
	first_error fe = {{0}};
	xmlRelaxNGParserCtxtPtr pc;

	(void)state;
	pc = xmlRelaxNGNewParserCtxt(IEDU_SCHEMA_FILE);
	if (!pc)
		return -1;
	xmlRelaxNGSetParserStructuredErrors(pc, keep_first, &fe);
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (!schema) {
		fprintf(stderr, "%s: %s\n", IEDU_SCHEMA_FILE, fe.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xmlRelaxNGFree(schema);
	return 0;
}

/* 1 when doc is valid; else 0 and the reason in fe. NULL: not XML. */
static int validate(xmlDocPtr doc, first_error *fe)
{
	xmlRelaxNGValidCtxtPtr vc;
	int rc;

	if (!doc) {
		if (!fe->msg[0])
			snprintf(fe->msg, sizeof fe->msg, "not well-formed");
		return 0;
	}
	vc = xmlRelaxNGNewValidCtxt(schema);
	assert_non_null(vc);
	xmlRelaxNGSetValidStructuredErrors(vc, keep_first, fe);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	assert_true(rc >= 0); /* < 0: an internal error of the validator */
	return rc == 0;
}

/*
 * 1 valid, 0 invalid, -1 not well-formed. *doctype: the document has a
 * DOCTYPE (whose entities may be left unexpanded in the tree).
 */
static int validate_file(const char *path, first_error *fe, int *doctype)
{
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	xmlDocPtr doc;
	int ok;

	assert_non_null(pc);
	doc = xmlCtxtReadFile(pc, path, NULL, PARSE_OPTIONS);
	if (!doc && pc->lastError.message)
		keep_first(fe, &pc->lastError);
	xmlFreeParserCtxt(pc);
	*doctype = doc && xmlGetIntSubset(doc) != NULL;
	ok = doc ? validate(doc, fe) : -1;
	xmlFreeDoc(doc);
	return ok;
}

static int validate_memory(const char *data, size_t len, first_error *fe)
{
	xmlDocPtr doc = xmlReadMemory(data, (int)len, "memory.xml", NULL,
				      PARSE_OPTIONS);
	int ok = validate(doc, fe);

	xmlFreeDoc(doc);
	return ok;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml files of dir, sorted; returns how many (0 without dir). */
static size_t list_xml(const char *dir, char **names, size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		assert_true(n < max);
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

static void join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	assert_true(n > 0 && (size_t)n < size);
}

static void test_good_documents_are_valid(void **state)
{
	char *names[MAX_FILES], path[4096];
	size_t n = list_xml(GOOD_DIR, names, MAX_FILES), i, failures = 0;
	first_error fe = {{0}};
	int doctype;

	(void)state;
	assert_true(n > 0);
	for (i = 0; i < n + NEXTRA; i++) {
		if (i < n)
			join(path, sizeof path, GOOD_DIR, names[i]);
		else
			snprintf(path, sizeof path, "%s", extra_documents[i - n]);
		fe.msg[0] = '\0';
		if (validate_file(path, &fe, &doctype) != 1) {
			print_error("%s is invalid: %s\n", path, fe.msg);
			failures++;
		}
	}
	free_names(names, n);
	assert_int_equal(failures, 0);
}

/* The names listed in the inexpressible file ("NAME<tab>reason" lines). */
static size_t read_inexpressible(char **names, size_t max)
{
	char line[1024];
	FILE *f = fopen(INEXPRESSIBLE, "r");
	size_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		size_t len = strcspn(line, "\t\r\n");
		if (len == 0 || line[0] == '#')
			continue;
		line[len] = '\0';
		assert_true(n < max);
		names[n] = strdup(line);
		assert_non_null(names[n]);
		n++;
	}
	fclose(f);
	return n;
}

static int listed(char **list, size_t n, const char *file)
{
	size_t i, len = strlen(file) - 4; /* without ".xml" */

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncmp(list[i], file, len) == 0)
			return 1;
	return 0;
}

static void test_bad_documents_are_invalid(void **state)
{
	char *names[MAX_FILES], *skip[MAX_FILES], path[4096], file[1024];
	size_t n = list_xml(BAD_DIR, names, MAX_FILES);
	size_t nskip = read_inexpressible(skip, MAX_FILES), i, failures = 0;
	first_error fe = {{0}};

	(void)state;
	for (i = 0; i < n; i++) {
		int valid, doctype;
		join(path, sizeof path, BAD_DIR, names[i]);
		fe.msg[0] = '\0';
		valid = validate_file(path, &fe, &doctype);
		if (listed(skip, nskip, names[i])) {
			/*
			 * Stale: a plain document that the schema refuses.
			 * Not well-formed ones are listed too, and the
			 * entities of a DOCTYPE may be left unexpanded.
			 */
			if (valid == 0 && !doctype) {
				print_error("%s is listed as inexpressible but "
					    "the schema refuses it (%s); "
					    "remove it from the list\n",
					    path, fe.msg);
				failures++;
			}
		} else if (valid == 1) {
			print_error("%s is valid under the schema but the "
				    "reader refuses it; tighten the schema "
				    "or list it in %s\n",
				    path, INEXPRESSIBLE);
			failures++;
		}
	}
	/* every name listed is a document of the corpus */
	for (i = 0; i < nskip; i++) {
		int k = snprintf(file, sizeof file, "%s.xml", skip[i]);
		assert_true(k > 0 && (size_t)k < sizeof file);
		if (!bsearch(&(const char *){file}, names, n, sizeof *names,
			     by_name)) {
			print_error("%s lists '%s', which is not in %s\n",
				    INEXPRESSIBLE, skip[i], BAD_DIR);
			failures++;
		}
	}
	free_names(names, n);
	free_names(skip, nskip);
	assert_int_equal(failures, 0);
}

/* Imports path, exports it and validates the export. */
static int export_is_valid(const char *path, first_error *fe)
{
	iedu_db *db;
	char *out = NULL;
	size_t len = 0;
	int ok;

	assert_int_equal(iedu_db_new(&db), IEDU_OK);
	if (path && iedu_xml_import_file(db, path) != IEDU_OK)
		fail_msg("importing %s: %s", path,
			 iedu_error_message(iedu_error_last()));
	if (iedu_xml_export_memory(&out, &len, db) != IEDU_OK)
		fail_msg("exporting %s: %s", path ? path : "an empty database",
			 iedu_error_message(iedu_error_last()));
	ok = validate_memory(out, len, fe);
	iedu_free(out);
	iedu_db_free(db);
	return ok;
}

static void test_exports_are_valid(void **state)
{
	char *names[MAX_FILES], path[4096];
	size_t n = list_xml(GOOD_DIR, names, MAX_FILES), i, failures = 0;
	first_error fe = {{0}};

	(void)state;
	if (!export_is_valid(NULL, &fe)) {
		print_error("the export of an empty database is invalid: %s\n",
			    fe.msg);
		failures++;
	}
	for (i = 0; i < n + NEXTRA; i++) {
		if (i < n)
			join(path, sizeof path, GOOD_DIR, names[i]);
		else
			snprintf(path, sizeof path, "%s", extra_documents[i - n]);
		fe.msg[0] = '\0';
		if (!export_is_valid(path, &fe)) {
			print_error("the export of %s is invalid: %s\n", path,
				    fe.msg);
			failures++;
		}
	}
	free_names(names, n);
	assert_int_equal(failures, 0);
}

/*
 * Small documents: a record (or several) after records that references
 * may name, and whether reader and schema both take it. They pin the
 * patterns of the schema to the reader's lexical rules.
 */
static const struct agreement_case {
	const char *records;
	int ok;
} agreement_cases[] = {
	/* ids and tokens */
	{"<person id='a_b.c:d-9'><name xml:lang='en'>P</name></person>", 1},
	{"<person id='-a'><name xml:lang='en'>P</name></person>", 0},
	{"<person id='a b'><name xml:lang='en'>P</name></person>", 0},
	{"<person id=' a'><name xml:lang='en'>P</name></person>", 0},
	{"<person id='\xC3\xA9'><name xml:lang='en'>P</name></person>", 0},
	{"<person id='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'>"
	 "<name xml:lang='en'>P</name></person>", 1},
	{"<person id='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'>"
	 "<name xml:lang='en'>P</name></person>", 0},
	{"<person id='p2'/>", 0},
	/* dates */
	{"<event id='v' type='meeting' date='2024-02-29'/>", 1},
	{"<event id='v' type='meeting' date='2000-02-29'/>", 1},
	{"<event id='v' type='meeting' date='0400-02-29'/>", 1},
	{"<event id='v' type='meeting' date='1900-02-29'/>", 0},
	{"<event id='v' type='meeting' date='2023-02-29'/>", 0},
	{"<event id='v' type='meeting' date='2024-04-31'/>", 0},
	{"<event id='v' type='meeting' date='2024-13'/>", 0},
	{"<event id='v' type='meeting' date='0000'/>", 0},
	{"<event id='v' type='meeting' date='2024-07-02 '/>", 0},
	{"<event id='v' type='meeting' date='2024-7-2'/>", 0},
	{"<event id='v' type='meeting' date='2024' until='2025-12'/>", 1},
	{"<event id='v' type='meeting'/>", 0},
	/* numbers */
	{"<statistic id='v' indicator='i' scope='CN' value='+12.5'/>", 1},
	{"<statistic id='v' indicator='i' scope='CN' "
	 "value='123456789012345678'/>", 1},
	{"<statistic id='v' indicator='i' scope='CN' "
	 "value='12345678901234567.89'/>", 0},
	{"<statistic id='v' indicator='i' scope='CN' value='.5'/>", 0},
	{"<statistic id='v' indicator='i' scope='CN' value='5.'/>", 0},
	{"<statistic id='v' indicator='i' scope='CN' value='1e3'/>", 0},
	/* percentages and their parts */
	{"<statistic id='v' indicator='i' scope='CN' value='100.0' "
	 "unit='percent'><part key='a' value='-0'/></statistic>", 1},
	{"<statistic id='v' indicator='i' scope='CN' value='100.01' "
	 "unit='percent'/>", 0},
	{"<statistic id='v' indicator='i' scope='CN' value='50' "
	 "unit='percent'><part key='a' value='101'/></statistic>", 0},
	{"<statistic id='v' indicator='i' scope='CN' value='150' "
	 "unit='percents'/>", 1},
	/* subject and/or scope */
	{"<statistic id='v' indicator='i' subject='o1' scope='500107' "
	 "value='1'/>", 1},
	{"<statistic id='v' indicator='i' value='1'/>", 0},
	{"<statistic id='v' indicator='i' scope='cn' value='1'/>", 0},
	/* positive integers */
	{"<designation org='o1' programme='p' batch='2147483647'/>", 1},
	{"<designation org='o1' programme='p' batch='2147483648'/>", 0},
	{"<designation org='o1' programme='p' batch='01'/>", 0},
	{"<designation org='o1' programme='p' batch='0'/>", 0},
	/* enumerations are exact */
	{"<relation from='o1' to='o2' type='part-of '/>", 0},
	{"<organization id='v' type='Enterprise'><name xml:lang='en'>V</name>"
	 "</organization>", 0},
	{"<membership member='o1' body='o2' role=' lead\tchair '/>", 1},
	{"<membership member='o1' body='o2' role='leader'/>", 0},
	{"<membership member='o1' body='o2' role=' '/>", 0},
	{"<event id='v' type='meeting' date='2024' hosts=' o1  o2 '/>", 1},
	{"<event id='v' type='meeting' date='2024' hosts='o1,o2'/>", 0},
	/* URLs and language tags */
	{"<source id='v' type='web' url='mailto:a@b.org'><title xml:lang='en'>T"
	 "</title></source>", 1},
	{"<source id='v' type='web' url='https:'><title xml:lang='en'>T</title>"
	 "</source>", 0},
	{"<source id='v' type='web' url='//example.org'><title xml:lang='en'>T"
	 "</title></source>", 0},
	{"<source id='v' type='web' url='https://a.org/a b'><title "
	 "xml:lang='en'>T</title></source>", 0},
	{"<source id='v' type='web' xml:lang='zh-hant-TW'><title "
	 "xml:lang='en'>T</title></source>", 1},
	{"<source id='v' type='web'><title xml:lang='en_US'>T</title></source>",
	 0},
	{"<source id='v' type='web'><title xml:lang='e'>T</title></source>", 0},
	{"<source id='v' type='web'><title>T</title></source>", 0},
	{"<source id='v' type='web'/>", 0},
	/* text: trimmed, then not empty */
	{"<source id='v' type='web'><title xml:lang='en'> &#10;T\t</title>"
	 "</source>", 1},
	{"<source id='v' type='web'><title xml:lang='en'><![CDATA[ ]]></title>"
	 "</source>", 0},
	{"<source id='v' type='web'><title xml:lang='en'>T</title>T</source>",
	 0},
	/* identifiers */
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<identifier scheme='uscc'> 91110000710931141J\n</identifier>"
	 "</organization>", 1},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<identifier scheme='uscc'>91110000710931141I</identifier>"
	 "</organization>", 0},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<identifier scheme='moe-school'>414301053</identifier>"
	 "</organization>", 0},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<identifier scheme='ror'>any text</identifier></organization>", 1},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<identifier scheme='a b'>x</identifier></organization>", 0},
	/* locations and places */
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<location division='500107'/></organization>", 1},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<location>Chongqing</location></organization>", 0},
	{"<organization id='v' type='other'><name xml:lang='en'>V</name>"
	 "<location xml:lang='en'> </location></organization>", 0},
	{"<event id='v' type='meeting' date='2024'><place division='50010'/>"
	 "</event>", 0},
	/* participants, parties */
	{"<event id='v' type='meeting' date='2024'><participant person='p1' "
	 "org='o1'/></event>", 0},
	{"<event id='v' type='meeting' date='2024'><participant role='x'/>"
	 "</event>", 0},
	{"<agreement id='v' type='other'><party org='o1'/><title "
	 "xml:lang='en'>A</title><party org='o2'/></agreement>", 1},
	{"<agreement id='v' type='other'><party org='o1'/></agreement>", 0},
	/* the extension point */
	{"<x:r a='1'><organization/></x:r><person id='v' x:a='1' "
	 "xml:space='preserve'><x:n>t</x:n><name xml:lang='en'>P<x:b/></name>"
	 "</person>",
	 1},
	{"<person id='v' a='1'><name xml:lang='en'>P</name></person>", 0},
	{"<person id='v' i:a='1'><name xml:lang='en'>P</name></person>", 0},
	{"<person id='v' xml:lang='en'><name xml:lang='en'>P</name></person>",
	 0},
	{"<person id='v'><nickname xml:lang='en'>P</nickname></person>", 0},
	{"<person xmlns='' id='v'/>", 0},
	{"<cite source='s1'/>", 0},
};

static const char agreement_head[] =
	"<iedu xmlns='urn:iedu:1' xmlns:i='urn:iedu:1' xmlns:x='urn:example:x' "
	"version='1'>"
	"<source id='s1' type='news'><title xml:lang='en'>S</title></source>"
	"<organization id='o1' type='other'><name xml:lang='en'>O</name>"
	"</organization>"
	"<organization id='o2' type='other'><name xml:lang='en'>O</name>"
	"</organization>"
	"<person id='p1'><name xml:lang='en'>P</name></person>";

static void test_reader_and_schema_agree(void **state)
{
	char doc[2048];
	size_t i, failures = 0;

	(void)state;
	for (i = 0; i < sizeof agreement_cases / sizeof *agreement_cases;
	     i++) {
		const struct agreement_case *c = &agreement_cases[i];
		first_error fe = {{0}};
		iedu_db *db;
		int n, read, valid;

		n = snprintf(doc, sizeof doc, "%s%s</iedu>", agreement_head,
			     c->records);
		assert_true(n > 0 && (size_t)n < sizeof doc);
		assert_int_equal(iedu_db_new(&db), IEDU_OK);
		read = iedu_xml_import_memory(db, doc, (size_t)n, "case") ==
		       IEDU_OK;
		iedu_db_free(db);
		valid = validate_memory(doc, (size_t)n, &fe);
		if (read != c->ok || valid != c->ok) {
			print_error("case %zu: %s\n  expected %s; the reader %s "
				    "it, the schema %s it%s%s\n",
				    i, c->records,
				    c->ok ? "valid" : "invalid",
				    read ? "takes" : "refuses",
				    valid ? "takes" : "refuses",
				    fe.msg[0] ? ": " : "", fe.msg);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_documents_are_valid),
		cmocka_unit_test(test_bad_documents_are_invalid),
		cmocka_unit_test(test_exports_are_valid),
		cmocka_unit_test(test_reader_and_schema_agree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
