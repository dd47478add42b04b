/*
 * cli: the operator's command, `proxyhooks SUBCOMMAND ...`. Each subcommand
 * group lives in its own src/cli_*.c and is listed in the table in src/cli/cli.c.
 * Exit status: 0 success, 1 failure (a check that failed, an error), 2 usage.
 */
#ifndef PROXYHOOKS_CLI_H
#define PROXYHOOKS_CLI_H

#include "proxyhooks/base/utf8.h"
#include "proxyhooks/web/config.h"
#include "proxyhooks/store/store.h"

struct cli {
	const char    *config_path;	/* -c FILE, else $PROXYHOOKS_CONF, else the default */
	struct config *config;		/* loaded on first use by cli_config() */
	struct store  *store;		/* opened on first use by cli_store() */
	const char    *program;		/* argv[0] */
	int            argc;		/* the command and its arguments */
	char         **argv;
	int            data_user_checked;
};

/* Load the configuration once; on error print "proxyhooks: FILE:LINE: ..."
 * to stderr and return NULL. */
struct config *cli_config(struct cli *cli);
/* Open the store once (after the configuration); NULL after printing why. */
struct store *cli_store(struct cli *cli);
/* Before a command reads events: store those waiting in the spool when a
 * CGI request of the intercept left its event there for a later process
 * (src/hooks/hooks.c; DATABASE-directory says so); a failure is a warning
 * on stderr, and the command reads what the store has. */
void cli_store_spooled(struct cli *cli, struct store *store);
/* Run as root, before a command's first file in the data's folders (the
 * database's, spool_dir, cache_dir): become the folders' owner when it is
 * another user, so that what the command creates there is the hooks' to
 * use (src/cli/cli_user.c). Owners that differ, or a switch that fails:
 * -1 after printing the exact `sudo -u USER proxyhooks ...` to run. */
int cli_data_user(struct cli *cli, const struct config *config);
/* What config check warns about on stderr: the signed URL taken from the
 * Host header (no public_base_url), an auth token file others can read
 * or that cannot be read. */
void cli_config_warn(const struct config *config);
/* Print "proxyhooks: message" and a hint to use --help; returns 2. */
/* Every table and CSV line the CLI prints that holds a stored or received
 * string goes through this: the strings' control characters escaped
 * (utf8.h), so that nothing stored can drive the operator's terminal or
 * break a table's lines. JSON output is printed exact. */
#define cli_printf(...) utf8_fprintf(stdout, __VA_ARGS__)
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* argv[0] is the subcommand's own name ("events", "policy", ...). */
int cli_events(struct cli *cli, int argc, char **argv);
int cli_config_command(struct cli *cli, int argc, char **argv);
int cli_policy(struct cli *cli, int argc, char **argv);
int cli_participants(struct cli *cli, int argc, char **argv);
/* participants fetch SERVICE_SID SESSION_SID (src/cli/cli_lookup.c). */
int cli_participants_fetch(struct cli *cli, int argc, char **argv);
int cli_sign(struct cli *cli, int argc, char **argv);
int cli_send(struct cli *cli, int argc, char **argv);

#endif
