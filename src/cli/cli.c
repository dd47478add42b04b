/* proxyhooks: the operator's command. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/hooks/report.h"
#include "proxyhooks/web/tokens.h"

struct command {
	const char *name;
	int       (*run)(struct cli *, int, char **);
	const char *summary;
};

static const struct command commands[] = {
	{ "events", cli_events, "events [--hook H] [--since D] [--until D] [--decision D] [--rule T]\n"
	    "         [--session KC] [--participant KP] [--grep T] [--limit N] [--offset N]\n"
	    "         [--format table|json|csv]" },
	{ "config", cli_config_command, "config check" },
	{ "policy", cli_policy, "policy check [FILE] | test [...] | stats [--since D]" },
	{ "participants", cli_participants, "participants add|import|list|remove|fetch ..." },
	{ "sign", cli_sign, "sign URL [name=value ...]" },
	{ "send", cli_send, "send HOOK URL [name=value ...]" },
	{ "purge", cli_purge, "purge [--older-than D] [--dry-run]" },
	{ "spool", cli_spool, "spool status | replay" },
	{ "report", cli_report, "report [--since D] [--format text|json]" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: proxyhooks [-c FILE] COMMAND [ARGS]\n\n"
	    "The operator's command for the proxyhooks webhooks. The configuration is\n"
	    "-c FILE, else $PROXYHOOKS_CONF, else %s.\n\ncommands:\n", config_default_path());
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %s\n", commands[i].summary);
	fprintf(fp, "\n'proxyhooks COMMAND --help' for one command; proxyhooks(1) for all.\n");
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("proxyhooks: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n(try 'proxyhooks --help')\n", stderr);
	return 2;
}

struct config *
cli_config(struct cli *cli)
{
	struct error err = { 0 };

	if (cli->config != NULL)
		return cli->config;
	if (config_load(cli->config_path, &cli->config, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		cli->config = NULL;
		return NULL;
	}
	log_set_level((enum log_level)cli->config->log_level);
	return cli->config;
}

void
cli_config_warn(const struct config *config)
{
	struct tokens tokens;
	struct error err = { 0 };

	if (config->validate_signatures && config->public_base_url == NULL)
		fprintf(stderr, "proxyhooks: warning: no public_base_url: the URL checked against "
		    "X-Twilio-Signature is built from the Host header each client sends; set "
		    "public_base_url to the address Twilio calls\n");
	if (config->validate_signatures && config->auth_token_file != NULL) {
		memset(&tokens, 0, sizeof(tokens));
		if (tokens_load(config->auth_token_file, &tokens, &err) < 0)
			fprintf(stderr, "proxyhooks: warning: %s\n", err.message);
		else if (tokens.world_readable)
			fprintf(stderr, "proxyhooks: warning: %s can be read by other users: "
			    "chmod o-r it\n", config->auth_token_file);
		tokens_free(&tokens);
	}
}

struct store *
cli_store(struct cli *cli)
{
	struct error err = { 0 };

	if (cli->store != NULL)
		return cli->store;
	if (cli_config(cli) == NULL || cli_data_user(cli, cli->config) < 0)
		return NULL;
	if (store_open(cli->config->database, &cli->store, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		cli->store = NULL;
		return NULL;
	}
	return cli->store;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	const char *env;
	size_t i;
	int argi = 1, rc;

	log_init("proxyhooks");
	memset(&cli, 0, sizeof(cli));
	env = getenv("PROXYHOOKS_CONF");
	cli.config_path = env != NULL && *env != '\0' ? env : config_default_path();
	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "-c") == 0 && argi + 1 < argc) {
			cli.config_path = argv[argi + 1];
			argi += 2;
		} else if (strncmp(argv[argi], "--config=", 9) == 0) {
			cli.config_path = argv[argi] + 9;
			argi++;
		} else if (strcmp(argv[argi], "-h") == 0 || strcmp(argv[argi], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[argi], "--version") == 0) {
			printf("proxyhooks %s\n", PACKAGE_VERSION);
			return 0;
		} else
			return cli_usage("unknown option %s", argv[argi]);
	}
	if (argi >= argc) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[argi], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return cli_usage("unknown command '%s'", argv[argi]);
	cli.program = argv[0];
	cli.argc = argc - argi;
	cli.argv = argv + argi;
	rc = commands[i].run(&cli, argc - argi, argv + argi);
	store_close(cli.store);
	config_free(cli.config);
	return rc;
}
