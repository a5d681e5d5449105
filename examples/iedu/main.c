/*
 * iedu - the command-line program of libiedu: checks, exports and explores
 * industry-education integration data in iedu XML v1.
 */
#include <string.h>

#include "iedu.h"

static const char main_help[] =
    "Usage: iedu COMMAND [ARGS]...\n"
    "\n"
    "Commands:\n"
    "  summary                 counts, and each collaborative body\n"
    "  show ID                 one record and everything pointing at it\n"
    "  list KIND [OPTIONS]     the records of a kind, sorted by name\n"
    "  find QUERY [OPTIONS]    records by name, in Han, English or pinyin\n"
    "  stats [OPTIONS]         the stated figures, in words\n"
    "  graph [ID] [OPTIONS]    the collaboration network as Graphviz DOT\n"
    "  check [FILE]...         import files and report errors and findings\n"
    "  export [FILE]... [-o OUT]  write the data as one canonical document\n"
    "\n"
    "Without --data FILE (or FILE), a command works on the bundled dataset\n"
    "of the source reports.\n"
    "\n"
    "Options:\n"
    "  -h, --help              this help; 'iedu COMMAND --help' for a command\n"
    "  --version               the program's and the library's versions\n";

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	if (cli_is_help(argv[1])) {
		fputs(main_help, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("iedu %s (libiedu %s)\n", IEDU_VERSION_STRING,
		       iedu_version_string());
		return EXIT_OK;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "find") == 0)
		return cmd_find(argc - 1, argv + 1);
	if (strcmp(argv[1], "summary") == 0)
		return cmd_summary(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "stats") == 0)
		return cmd_stats(argc - 1, argv + 1);
	if (strcmp(argv[1], "graph") == 0)
		return cmd_graph(argc - 1, argv + 1);
	return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
