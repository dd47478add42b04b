/* proxyhooks report: the dashboard's figures for a terminal or a script. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/hooks/report.h"
#include "proxyhooks/base/util.h"

static const char report_help[] =
    "usage: proxyhooks report [--since DURATION|TIME] [--format text|json]\n"
    "What the dashboard shows: events per hour for the last 24 hours and per\n"
    "day since --since (default: the last 30 days), by hook and decision; the\n"
    "rules that blocked most and the latest blocked interactions since then;\n"
    "the participant directory's size; the policy's state; the spool's backlog;\n"
    "signature failures in the last hour. Times are in the configured timezone.\n"
    "Exit 1 when the store could not be read (what could be is still shown).\n";

int
cli_report(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_source src;
	struct report *report = NULL;
	struct policy_watch *policy = NULL;
	struct error err = { 0 };
	struct config *config;
	int64_t now = util_now_ms(), since = 0;
	char *json;
	int c, as_json = 0, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's':
			if (util_parse_since(optarg, now, &since, &err) < 0)
				return cli_usage("--since: %s", err.message);
			if (since <= 0)
				since = 1;	/* 0 would mean the default */
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				as_json = 0;
			else if (strcmp(optarg, "json") == 0)
				as_json = 1;
			else
				return cli_usage("--format: '%s' is not text or json", optarg);
			break;
		case 'h':
			fputs(report_help, stdout);
			return 0;
		default:
			return cli_usage("report: unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("report: unexpected argument '%s'", argv[optind]);
	if ((config = cli_config(cli)) == NULL || cli_data_user(cli, config) < 0)
		return 1;
	memset(&src, 0, sizeof(src));
	src.config = config;
	/* Unavailable is a figure too: the rest is still reported. */
	if (store_open_timeout(config->database, config->store_timeout_ms, &cli->store, &err) < 0) {
		cli->store = NULL;
		src.store_error = err.message;
	}
	cli_store_spooled(cli, cli->store);
	src.store = cli->store;
	if (config->policy_file != NULL &&
	    (policy = policy_watch_new(config->policy_file, config->cache_dir)) == NULL) {
		fprintf(stderr, "proxyhooks: out of memory\n");
		return 1;
	}
	src.policy = policy;
	src.now_ms = now;
	src.since_ms = since;
	if (report_collect(&src, &report, &err) < 0) {
		fprintf(stderr, "proxyhooks: report: %s\n", err.message);
		goto out;
	}
	if (as_json) {
		if ((json = report_json(report)) == NULL) {
			fprintf(stderr, "proxyhooks: report: out of memory\n");
			goto out;
		}
		puts(json);
		free(json);
	} else
		report_write_text(report, stdout);
	if (fflush(stdout) != 0) {
		perror("proxyhooks: report");
		goto out;
	}
	rc = report->store_error != NULL ? 1 : 0;
	if (report->store_error != NULL)
		fprintf(stderr, "proxyhooks: report: %s\n", report->store_error);
out:
	report_free(report);
	policy_watch_free(policy);
	return rc;
}
