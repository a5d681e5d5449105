/*
 * Internal: the reader's entry point for tests and fuzzing, which choose
 * the size of the chunks fed to the push parser.
 */
#ifndef IEDU_SRC_XML_READER_H
#define IEDU_SRC_XML_READER_H

#include <stddef.h>
#include "iedu/common.h"

int iedu__xml_import_chunked(iedu_db *db, const void *data, size_t len,
			     const char *name, size_t chunk);

#endif
