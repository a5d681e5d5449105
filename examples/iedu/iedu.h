/*
 * The iedu command-line program: what the subcommands share. Uses only
 * the installed public API of libiedu.
 */
#ifndef IEDU_CLI_H
#define IEDU_CLI_H

#include <stdio.h>
#include <stdlib.h>

#include <iedu.h>

/* Exit statuses of every subcommand. */
enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* One input file and the records it added: per kind, [first, end). */
typedef struct cli_input {
	const char *path;
	uint32_t first[IEDU_KIND_COUNT + 1];
	uint32_t end[IEDU_KIND_COUNT + 1];
} cli_input;

/*
 * Imports each of n paths into db, in order, recording in inputs[i] which
 * records each added. Prints every refused file's error on stderr and goes
 * on with the next file. Returns the number of files refused.
 */
int cli_import(iedu_db *db, cli_input *inputs, char **paths, int n);

/* The name errors and findings give the bundled dataset. */
#define CLI_BUNDLED_NAME "reports.xml (bundled)"

/*
 * Imports the n files (as cli_import), or the bundled dataset when n is 0
 * (inputs must then have room for one entry). Returns the number of
 * inputs refused.
 */
int cli_load(iedu_db *db, cli_input *inputs, char **paths, int n);

/* The input that added record h, or NULL. */
const char *cli_input_of(const iedu_db *db, const cli_input *inputs, int n,
			 iedu_handle h);

/* Prints the last libiedu error as one line on stderr. */
void cli_print_error(void);

/* "iedu: " + message on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* 1 when arg is -h or --help. */
int cli_is_help(const char *arg);

/* ---- lists (table.c) ---- */

typedef enum cli_format { CLI_TABLE = 0, CLI_TSV = 1 } cli_format;

/* Rows of ncols text cells, copied in. */
typedef struct cli_table {
	size_t ncols, nrows, cap;
	char **cells;
} cli_table;

void cli_table_init(cli_table *t, size_t ncols);
/* Adds a row of ncols cells (NULL prints as empty); -1 when out of memory. */
int cli_table_add(cli_table *t, const char *const *cells);
/*
 * Prints the rows: as tab-separated values (no header), or as a table
 * with the header (may be NULL) and columns aligned by display width.
 */
void cli_table_print(const cli_table *t, FILE *out, cli_format format,
		     const char *const *header);
void cli_table_free(cli_table *t);

/* The columns s takes in a terminal: Han characters 2, combining marks 0. */
size_t cli_display_width(const char *s);

/* Parses a --format argument; EXIT_USAGE with a message when unknown. */
int cli_parse_format(const char *cmd, const char *arg, cli_format *out);

/*
 * A stated figure in words (figures.c): qualifier and thousands
 * separators, "%" for percent: "more than 1,400", "70%". Returns buf.
 */
const char *cli_figure(char *buf, size_t size, const char *value,
		       const char *qualifier, const char *unit);

/*
 * One line about a record (describe.c): "name [id]", or for a tie the
 * records it joins ("中铝集团 [chinalco] in ... : lead chair").
 */
const char *cli_describe(char *buf, size_t size, const iedu_db *db,
			 iedu_handle h, const char *lang);

/* ---- arguments (args.c) ---- */

/* A subcommand's own option that takes a value: "--depth" and where to put it.
 */
typedef struct cli_option {
	const char *name;
	const char **value;
} cli_option;

typedef struct cli_args {
	char **files; /* --data FILE, in order */
	int nfiles;
	char **operands; /* what is not an option, in order */
	int noperands;
	const char *lang;  /* --lang (with CLI_LISTS) */
	cli_format format; /* --format (with CLI_LISTS) */
} cli_args;

/* what a subcommand takes beside --data: --lang, --format */
enum { CLI_LANG = 1, CLI_FORMAT = 2 };
#define CLI_HELP (-1) /* cli_parse: -h or --help was given */

/*
 * Parses argv[1..argc): --data, with CLI_LANG --lang, with CLI_FORMAT
 * --format, the
 * options (terminated by a NULL name; NULL for none), and operands.
 * EXIT_OK; CLI_HELP; or EXIT_USAGE after printing why (a is then freed).
 */
int cli_parse(cli_args *a, const char *cmd, int argc, char **argv,
	      const cli_option *options, unsigned flags);
void cli_args_free(cli_args *a);

/* A record kind by name; EXIT_USAGE after a message naming what ("--kind "). */
int cli_parse_kind(const char *cmd, const char *what, const char *name,
		   iedu_kind *out);

/* Opens a database with the files of a, or the bundled dataset. */
int cli_open(iedu_db **db, const cli_args *a, const char *cmd);

/* Looks up a record by id; EXIT_REFUSED after a message when none. */
int cli_find_record(iedu_handle *out, const iedu_db *db, const char *cmd,
		    const char *id);

int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_find(int argc, char **argv);

#endif
