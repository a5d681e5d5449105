/*
 * Arguments every subcommand that reads data shares: --data FILE
 * (repeatable), and, where it lists things, --lang and --format; plus the
 * subcommand's own options with a value, and its operands.
 */
#include <string.h>

#include "iedu.h"

void cli_args_free(cli_args *a)
{
	free(a->files);
	free(a->operands);
	memset(a, 0, sizeof *a);
}

/* The value after option argv[*i]; NULL after a message when missing. */
static const char *value_of(const char *cmd, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		cli_usage_error(cmd, "%s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

int cli_parse(cli_args *a, const char *cmd, int argc, char **argv,
	      const cli_option *options, unsigned flags)
{
	const char *format = NULL;
	int i;

	memset(a, 0, sizeof *a);
	a->files = calloc((size_t)argc + 1, sizeof *a->files);
	a->operands = calloc((size_t)argc + 1, sizeof *a->operands);
	if (!a->files || !a->operands) {
		cli_args_free(a);
		fprintf(stderr, "iedu %s: out of memory\n", cmd);
		return EXIT_REFUSED;
	}
	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *v, **slot = NULL;
		const cli_option *opt;

		if (strcmp(o, "--") == 0) { /* the rest are operands */
			while (++i < argc)
				a->operands[a->noperands++] = argv[i];
			break;
		}
		if (cli_is_help(o))
			return CLI_HELP;
		if (strcmp(o, "--data") == 0) {
			if (!(v = value_of(cmd, argc, argv, &i)))
				goto usage;
			a->files[a->nfiles++] = (char *)v;
			continue;
		}
		if ((flags & CLI_LANG) && strcmp(o, "--lang") == 0)
			slot = &a->lang;
		else if ((flags & CLI_FORMAT) && strcmp(o, "--format") == 0)
			slot = &format;
		for (opt = options; !slot && opt && opt->name; opt++)
			if (strcmp(o, opt->name) == 0)
				slot = opt->value;
		if (slot) {
			if (*slot) {
				cli_usage_error(cmd, "%s given twice", o);
				goto usage;
			}
			if (!(v = value_of(cmd, argc, argv, &i)))
				goto usage;
			*slot = v;
		} else if (o[0] == '-' && o[1] != '\0') {
			cli_usage_error(cmd, "unknown option '%s'", o);
			goto usage;
		} else {
			a->operands[a->noperands++] = (char *)o;
		}
	}
	if (format && cli_parse_format(cmd, format, &a->format) != 0)
		goto usage;
	return EXIT_OK;
usage:
	cli_args_free(a);
	return EXIT_USAGE;
}

int cli_open(iedu_db **db, const cli_args *a, const char *cmd)
{
	cli_input *inputs = calloc((size_t)a->nfiles + 1, sizeof *inputs);

	*db = NULL;
	if (!inputs || iedu_db_new(db) != IEDU_OK) {
		fprintf(stderr, "iedu %s: out of memory\n", cmd);
		free(inputs);
		return EXIT_REFUSED;
	}
	if (cli_load(*db, inputs, a->files, a->nfiles) != 0) {
		free(inputs);
		iedu_db_free(*db);
		*db = NULL;
		return EXIT_REFUSED;
	}
	free(inputs);
	return EXIT_OK;
}

int cli_find_record(iedu_handle *out, const iedu_db *db, const char *cmd,
		    const char *id)
{
	if (iedu_db_lookup(out, db, id) == IEDU_OK)
		return EXIT_OK;
	fprintf(stderr,
		"iedu %s: no record has the id '%s'; expected the id "
		"of a record in the data (see 'iedu find')\n",
		cmd, id);
	return EXIT_REFUSED;
}

int cli_parse_kind(const char *cmd, const char *what, const char *name,
		   iedu_kind *out)
{
	if ((*out = iedu_kind_from_name(name)) != IEDU_KIND_NONE)
		return EXIT_OK;
	return cli_usage_error(cmd,
			       "%s'%s' is not a record kind; expected one of "
			       "source, organization, person, membership, "
			       "post, relation, designation, event, agreement, "
			       "statistic",
			       what, name);
}
