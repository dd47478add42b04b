/* proxyhooks participants fetch: fill the directory for a session ahead
 * of time from Twilio's API, so that its first interaction needs no lookup. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/store/lookup.h"
#include "proxyhooks/base/util.h"

/* An operator at a terminal can wait longer than an intercept can. */
#define CLI_LOOKUP_TIMEOUT_MS 10000

static const char fetch_help[] =
    "usage: proxyhooks participants fetch [--timeout-ms MS] SERVICE_SID SESSION_SID\n"
    "Ask Twilio for the session's participants and store their numbers in the\n"
    "directory (credentials: account_sid or api_key_sid in proxyhooks.conf).\n"
    "--timeout-ms bounds the whole exchange (default 10000).\n";

static int
fetch_print(void *arg, const struct participant *p)
{
	(void)arg;
	cli_printf("%-34s %-16s %s\n", p->sid, p->number, p->friendly_name ? p->friendly_name : "");
	return 0;
}

int
cli_participants_fetch(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct error err = { 0 };
	struct config *config;
	struct store *store;
	struct lookup *lookup = NULL;
	const char *service_sid, *session_sid;
	long timeout_ms = CLI_LOOKUP_TIMEOUT_MS;
	size_t stored = 0;
	int c, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 't':
			if (util_parse_long(optarg, 10, 600000, &timeout_ms) < 0)
				return cli_usage("participants fetch: --timeout-ms '%s' is not a "
				    "number of milliseconds from 10 to 600000", optarg);
			break;
		case 'h':
			fputs(fetch_help, stdout);
			return 0;
		default:
			return cli_usage("participants fetch: unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage("participants fetch: SERVICE_SID and SESSION_SID are required");
	service_sid = argv[optind];
	session_sid = argv[optind + 1];
	if (!util_sid_valid(service_sid, "KS"))
		return cli_usage("participants fetch: '%s' is not KS followed by 32 hex digits",
		    service_sid);
	if (!util_sid_valid(session_sid, "KC"))
		return cli_usage("participants fetch: '%s' is not KC followed by 32 hex digits",
		    session_sid);
	if ((config = cli_config(cli)) == NULL || (store = cli_store(cli)) == NULL)
		return 1;
	if (lookup_new(config, &lookup, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		goto done;
	}
	if (lookup == NULL) {
		fprintf(stderr, "proxyhooks: participants fetch: no Twilio credentials in %s: set "
		    "account_sid (with auth_token_file), or api_key_sid and api_key_secret_file\n",
		    config->path ? config->path : "the configuration");
		goto done;
	}
	if (lookup_session_all(lookup, store, service_sid, session_sid, timeout_ms, &stored,
	    &err) < 0) {
		fprintf(stderr, "proxyhooks: participants fetch: %s\n", err.message);
		if (stored > 0)
			fprintf(stderr, "proxyhooks: %zu participant(s) stored before that\n", stored);
		goto done;
	}
	if (store_participants(store, session_sid, fetch_print, NULL, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		goto done;
	}
	cli_printf("%zu participant(s) of %s stored\n", stored, session_sid);
	rc = 0;
done:
	lookup_free(lookup);
	return rc;
}
