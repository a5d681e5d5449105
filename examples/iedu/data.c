/*
 * The data a subcommand works on: the files given with --data, or the
 * bundled dataset of the source reports, compiled into the program so
 * that it needs no installed file.
 */
#include <string.h>

#include "iedu.h"

extern const unsigned char iedu_bundled_dataset[];
extern const size_t iedu_bundled_dataset_size;

int cli_load(iedu_db *db, cli_input *inputs, char **paths, int n)
{
	int k;

	if (n > 0)
		return cli_import(db, inputs, paths, n);
	inputs[0].path = CLI_BUNDLED_NAME;
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		inputs[0].first[k] = iedu_db_count(db, (iedu_kind)k);
	if (iedu_xml_import_memory(db, iedu_bundled_dataset,
				   iedu_bundled_dataset_size,
				   CLI_BUNDLED_NAME) != IEDU_OK) {
		cli_print_error();
		return 1;
	}
	for (k = 1; k <= IEDU_KIND_COUNT; k++)
		inputs[0].end[k] = iedu_db_count(db, (iedu_kind)k);
	return 0;
}
