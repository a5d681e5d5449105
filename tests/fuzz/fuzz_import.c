/*
 * Fuzz target: import a document from memory, fed to the push parser in
 * chunks whose size the input's first byte chooses; when it imports,
 * check the round-trip property: export, import the export into a fresh
 * database, export again, and the two exports are identical.
 *
 * Built as a libFuzzer binary under clang (IEDU_FUZZ=ON) and always as
 * the replay program that runs a corpus through the same function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iedu.h>
#include "xml_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = {1, 2, 3, 5, 16, 64, 512, 4096, 65536};
	iedu_db *db = NULL, *db2 = NULL;
	char *x1 = NULL, *x2 = NULL;
	size_t n1 = 0, n2 = 0, chunk;

	if (size < 1)
		return 0;
	chunk = chunks[data[0] % (sizeof chunks / sizeof chunks[0])];
	data++;
	size--;
	if (iedu_db_new(&db) != IEDU_OK)
		abort();
	if (iedu__xml_import_chunked(db, data, size, "fuzz", chunk) == IEDU_OK) {
		if (iedu_xml_export_memory(&x1, &n1, db) != IEDU_OK ||
		    iedu_db_new(&db2) != IEDU_OK ||
		    iedu_xml_import_memory(db2, x1, n1, "export") != IEDU_OK ||
		    iedu_xml_export_memory(&x2, &n2, db2) != IEDU_OK) {
			fprintf(stderr, "round trip failed: %s\n",
				iedu_error_message(iedu_error_last()));
			abort();
		}
		if (n1 != n2 || memcmp(x1, x2, n1) != 0) {
			fprintf(stderr, "round trip changed the export\n");
			abort();
		}
	} else if (iedu_db_count(db, IEDU_KIND_NONE) != 0) {
		fprintf(stderr, "a failed import left records behind\n");
		abort();
	}
	iedu_free(x1);
	iedu_free(x2);
	iedu_db_free(db2);
	iedu_db_free(db);
	return 0;
}
