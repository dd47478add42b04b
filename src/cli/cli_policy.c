/* cli_policy: `proxyhooks policy check|test|stats`, the policy from a terminal. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/policy/policy.h"
#include "proxyhooks/store/store.h"
#include "proxyhooks/base/util.h"

/* The hook whose recorded events a limit rule counts. */
#define CLI_POLICY_COUNTED_HOOK "intercept"

static const char cli_policy_help[] =
    "usage: proxyhooks policy check [FILE]\n"
    "       proxyhooks policy test [--from N] [--to N] [--type voice|message] [--body TEXT]\n"
    "                              [--media] [--participant SID] [--session SID]\n"
    "                              [--service SID] [--at TIME]\n"
    "       proxyhooks policy stats [--since D]\n"
    "\n"
    "  check   load the policy file (default: policy_file from the configuration)\n"
    "          and report every error as FILE:LINE: reason\n"
    "  test    decide for one made-up interaction, as the intercept hook would\n"
    "  stats   how often each rule matched and blocked\n"
    "\n"
    "See proxyhooks-policy(5) for the file's grammar.\n";

static const char cli_policy_check_help[] =
    "usage: proxyhooks policy check [FILE]\n"
    "\n"
    "Load FILE (default: policy_file from the configuration) with every @ list it\n"
    "names. Prints \"FILE: ok (N rules)\" and exits 0, or prints each error as\n"
    "FILE:LINE: reason on standard error and exits 1.\n";

static const char cli_policy_test_help[] =
    "usage: proxyhooks policy test [options]\n"
    "\n"
    "Decide for one interaction with the configured policy, exactly as the\n"
    "intercept hook would, and print the decision and the rule that made it:\n"
    "    block  policy.conf:2: block body phone\n"
    "    allow  (default)\n"
    "\n"
    "  --from N          the inbound participant's number (E.164)\n"
    "  --to N            the other participant's number\n"
    "  --type T          voice or message (default: message when --body or\n"
    "                    --media is given, else none)\n"
    "  --body TEXT       the message text\n"
    "  --media           the message has attachments\n"
    "  --participant SID the inbound participant (KP...); without --from its\n"
    "                    number, session and service come from the participant\n"
    "                    directory, and without --to the other participant's number\n"
    "  --session SID     the session (KC...)\n"
    "  --service SID     the service (KS...)\n"
    "  --at TIME         when: 2026-11-30T22:15:00Z, or 2h for two hours ago\n"
    "                    (default: now)\n"
    "\n"
    "Limit rules count the interactions recorded in the store. Exits 0 when a\n"
    "decision was printed, 1 on errors, 2 on usage errors.\n";

static const char cli_policy_stats_help[] =
    "usage: proxyhooks policy stats [--since D]\n"
    "\n"
    "How often each rule decided an interaction and how often it blocked (or\n"
    "would have, when observing), most used first. Rules of the current policy\n"
    "that never matched are listed with zeros.\n"
    "\n"
    "  --since D   only since then: a duration (30m, 2h, 7d) or an ISO time\n"
    "              (default: everything recorded)\n";

/* The configured policy file and cache directory; 0, or -1 after printing why. */
static int
cli_policy_configured(struct cli *cli, const char **path, const char **cache_dir)
{
	struct config *config;

	if ((config = cli_config(cli)) == NULL || cli_data_user(cli, config) < 0)
		return -1;
	if (config->policy_file == NULL || config->policy_file[0] == '\0') {
		fprintf(stderr, "proxyhooks: %s: no policy_file is set\n", config->path);
		return -1;
	}
	*path = config->policy_file;
	*cache_dir = config->cache_dir;
	return 0;
}

static void
cli_policy_print_errors(const struct policy_errors *errors)
{
	size_t i;

	for (i = 0; i < errors->count; i++)
		fprintf(stderr, "%s\n", errors->messages[i]);
}

static int
cli_policy_check(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct policy_errors errors;
	struct policy *policy = NULL;
	const char *path, *cache_dir = NULL;
	size_t rules;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(cli_policy_check_help, stdout);
			return 0;
		default:
			return cli_usage("policy check: unknown option");
		}
	}
	if (argc - optind > 1)
		return cli_usage("policy check: one file at most");
	/* A file named on the command line is checked without the
	 * configuration, so that a new policy can be tried anywhere. */
	if (argc - optind == 1)
		path = argv[optind];
	else if (cli_policy_configured(cli, &path, &cache_dir) == -1)
		return 1;
	if (policy_load(path, cache_dir, &policy, &errors) == -1) {
		cli_policy_print_errors(&errors);
		policy_errors_free(&errors);
		return 1;
	}
	rules = policy_rule_count(policy);
	printf("%s: ok (%zu rule%s)\n", path, rules, rules == 1 ? "" : "s");
	policy_free(policy);
	return 0;
}

/* Limit rules count recorded intercept events, as the hook does. */
static int
cli_policy_count(void *arg, const char *by, const char *value, int64_t since_ms,
    int64_t *out)
{
	struct cli *cli = arg;
	struct store *store;
	struct error err;

	if ((store = cli_store(cli)) == NULL)
		return -1;
	error_clear(&err);
	if (store_event_count(store, CLI_POLICY_COUNTED_HOOK,
	    strcmp(by, "session") == 0 ? "session_sid" : "participant_sid", value, since_ms,
	    out, &err) == -1) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* What the participant directory knows about one participant and the other
 * one in its session. */
struct cli_policy_lookup {
	const char *participant_sid;
	char       *other_number;
	int         others;
};

static int
cli_policy_other(void *arg, const struct participant *p)
{
	struct cli_policy_lookup *lookup = arg;

	if (p->sid == NULL || strcasecmp(p->sid, lookup->participant_sid) == 0)
		return 0;
	lookup->others++;
	if (lookup->other_number == NULL && p->number != NULL)
		lookup->other_number = strdup(p->number);
	return 0;
}

/* Fill from (and session, service, to when not given) from the directory. */
static int
cli_policy_directory(struct cli *cli, const char *participant_sid, int want_to, char **from,
    char **to, char **session_sid, char **service_sid)
{
	struct cli_policy_lookup lookup;
	struct participant p;
	struct store *store;
	struct error err;
	int found;

	if ((store = cli_store(cli)) == NULL)
		return -1;
	error_clear(&err);
	if ((found = store_participant_get(store, participant_sid, &p, &err)) == -1) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return -1;
	}
	if (found == 0) {
		fprintf(stderr, "proxyhooks: note: participant %s is not in the directory; "
		    "its number is unknown\n", participant_sid);
		return 0;
	}
	/* The strings of p live until the next store call: copy them now. */
	if ((p.number != NULL && (*from = strdup(p.number)) == NULL) ||
	    (*session_sid == NULL && p.session_sid != NULL &&
	    (*session_sid = strdup(p.session_sid)) == NULL) ||
	    (*service_sid == NULL && p.service_sid != NULL &&
	    (*service_sid = strdup(p.service_sid)) == NULL)) {
		fprintf(stderr, "proxyhooks: out of memory\n");
		return -1;
	}
	if (!want_to || *session_sid == NULL)
		return 0;
	memset(&lookup, 0, sizeof(lookup));
	lookup.participant_sid = participant_sid;
	error_clear(&err);
	if (store_participants(store, *session_sid, cli_policy_other, &lookup, &err) == -1) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		free(lookup.other_number);
		return -1;
	}
	*to = lookup.other_number;
	return 0;
}

static int
cli_policy_test(struct cli *cli, int argc, char **argv)
{
	enum { OPT_FROM = 256, OPT_TO, OPT_TYPE, OPT_BODY, OPT_MEDIA, OPT_PARTICIPANT,
	    OPT_SESSION, OPT_SERVICE, OPT_AT };
	static const struct option options[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "body", required_argument, NULL, OPT_BODY },
		{ "media", no_argument, NULL, OPT_MEDIA },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "service", required_argument, NULL, OPT_SERVICE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct policy_errors errors;
	struct policy_decision decision;
	struct policy_input in;
	struct policy *policy = NULL;
	struct error err;
	const char *path, *cache_dir, *at = NULL;
	char *from = NULL, *to = NULL, *session_sid = NULL, *service_sid = NULL;
	int ch, rc = 1;

	memset(&in, 0, sizeof(in));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case OPT_FROM:
			in.from = optarg;
			break;
		case OPT_TO:
			in.to = optarg;
			break;
		case OPT_TYPE:
			if (strcasecmp(optarg, "voice") != 0 && strcasecmp(optarg, "message") != 0)
				return cli_usage("policy test: --type is voice or message, not '%s'",
				    optarg);
			in.type = optarg;
			break;
		case OPT_BODY:
			in.body = optarg;
			in.body_len = strlen(optarg);
			break;
		case OPT_MEDIA:
			in.media = 1;
			break;
		case OPT_PARTICIPANT:
			in.participant_sid = optarg;
			break;
		case OPT_SESSION:
			in.session_sid = optarg;
			break;
		case OPT_SERVICE:
			in.service_sid = optarg;
			break;
		case OPT_AT:
			at = optarg;
			break;
		case 'h':
			fputs(cli_policy_test_help, stdout);
			return 0;
		default:
			return cli_usage("policy test: unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("policy test: unexpected '%s'", argv[optind]);
	/* Only messages have text or attachments. */
	if (in.type == NULL && (in.body != NULL || in.media))
		in.type = "message";
	in.at_ms = util_now_ms();
	error_clear(&err);
	if (at != NULL && util_parse_since(at, in.at_ms, &in.at_ms, &err) == -1)
		return cli_usage("policy test: --at: %s", err.message);
	if (cli_policy_configured(cli, &path, &cache_dir) == -1)
		return 1;
	if (policy_load(path, cache_dir, &policy, &errors) == -1) {
		cli_policy_print_errors(&errors);
		policy_errors_free(&errors);
		return 1;
	}
	if (in.participant_sid != NULL && in.from == NULL && policy_needs_numbers(policy)) {
		if ((in.session_sid != NULL && (session_sid = strdup(in.session_sid)) == NULL) ||
		    (in.service_sid != NULL && (service_sid = strdup(in.service_sid)) == NULL)) {
			fprintf(stderr, "proxyhooks: out of memory\n");
			goto fail;
		}
		if (cli_policy_directory(cli, in.participant_sid, in.to == NULL, &from, &to,
		    &session_sid, &service_sid) == -1)
			goto fail;
		in.from = from;
		if (in.to == NULL)
			in.to = to;
		in.session_sid = session_sid;
		in.service_sid = service_sid;
	}
	in.count = cli_policy_count;
	in.count_arg = cli;
	error_clear(&err);
	if (policy_decide(policy, &in, &decision, &err) == -1) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		goto fail;
	}
	if (decision.matched)
		cli_printf("%s  %s:%u: %s\n", decision.redact ? "redact" : decision.block ? "block" :
		    "allow", decision.file,
		    decision.line, decision.text);
	if (decision.matched && decision.found[0] != '\0')
		printf("found  %s\n", decision.found);
	if (!decision.matched)
		printf("%s  (default)\n", decision.block ? "block" : "allow");
	if (decision.needed_from || decision.needed_to)
		fprintf(stderr, "proxyhooks: note: the %s number%s unknown: rules naming %s "
		    "were skipped (give %s)\n",
		    decision.needed_from && decision.needed_to ? "from and to" :
		    decision.needed_from ? "from" : "to",
		    decision.needed_from && decision.needed_to ? "s are" : " is",
		    decision.needed_from && decision.needed_to ? "them" : "it",
		    decision.needed_from ? "--from or --participant" :
		    "--to, or --participant with a known session");
	rc = 0;
fail:
	free(from);
	free(to);
	free(session_sid);
	free(service_sid);
	policy_free(policy);
	return rc;
}

struct cli_policy_stat {
	char    *rule;
	int64_t  matched;
	int64_t  blocked;
};

struct cli_policy_stats {
	struct cli_policy_stat *rows;
	size_t                  count;
	int                     failed;
};

static int
cli_policy_stats_add(struct cli_policy_stats *stats, const char *rule, int64_t matched,
    int64_t blocked)
{
	struct cli_policy_stat *grown;

	grown = realloc(stats->rows, (stats->count + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	stats->rows = grown;
	if ((grown[stats->count].rule = strdup(rule ? rule : "(none)")) == NULL)
		return -1;
	grown[stats->count].matched = matched;
	grown[stats->count].blocked = blocked;
	stats->count++;
	return 0;
}

static int
cli_policy_stats_row(void *arg, const struct rule_stat *stat)
{
	struct cli_policy_stats *stats = arg;

	if (cli_policy_stats_add(stats, stat->rule, stat->matched, stat->blocked) == -1) {
		stats->failed = 1;
		return 1;
	}
	return 0;
}

/* A rule's "FILE:LINE: text": the length of FILE and the LINE, or -1. */
static int
cli_policy_rule_place(const char *rule, size_t *file_len, unsigned long *line)
{
	const char *p;
	char *end;

	for (p = strchr(rule, ':'); p != NULL; p = strchr(p + 1, ':')) {
		if (p[1] < '0' || p[1] > '9')
			continue;
		*line = strtoul(p + 1, &end, 10);
		if (*end == ':') {
			*file_len = (size_t)(p - rule);
			return 0;
		}
	}
	return -1;
}

/* Most matched first; then by file, and by line as a number (8 before 11). */
static int
cli_policy_stats_order(const void *a, const void *b)
{
	const struct cli_policy_stat *x = a, *y = b;
	size_t xlen, ylen;
	unsigned long xline, yline;
	int c;

	if (x->matched != y->matched)
		return x->matched > y->matched ? -1 : 1;
	if (cli_policy_rule_place(x->rule, &xlen, &xline) == 0 &&
	    cli_policy_rule_place(y->rule, &ylen, &yline) == 0) {
		c = strncmp(x->rule, y->rule, xlen < ylen ? xlen : ylen);
		if (c == 0 && xlen != ylen)
			c = xlen < ylen ? -1 : 1;
		if (c == 0 && xline != yline)
			c = xline < yline ? -1 : 1;
		if (c != 0)
			return c;
	}
	return strcmp(x->rule, y->rule);
}

/* Rules of the current policy that no event names, so that a rule that
 * never fires shows up as such. */
static void
cli_policy_stats_unused(struct cli *cli, struct cli_policy_stats *stats)
{
	struct policy *policy = NULL;
	const char *path, *cache_dir, *file, *text;
	unsigned line;
	char *rule;
	size_t i, j;
	int block;

	if (cli_policy_configured(cli, &path, &cache_dir) == -1 ||
	    policy_load(path, cache_dir, &policy, NULL) == -1)
		return;
	for (i = 0; i < policy_rule_count(policy); i++) {
		policy_rule(policy, i, &file, &line, &text, &block);
		if (asprintf(&rule, "%s:%u: %s", file, line, text) == -1)
			break;
		for (j = 0; j < stats->count; j++)
			if (strcmp(stats->rows[j].rule, rule) == 0)
				break;
		if (j == stats->count && cli_policy_stats_add(stats, rule, 0, 0) == -1)
			stats->failed = 1;
		free(rule);
	}
	policy_free(policy);
}

static int
cli_policy_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "since", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_policy_stats stats;
	struct store *store;
	struct error err;
	int64_t since_ms = 0;
	size_t i;
	int ch, rc = 1;

	memset(&stats, 0, sizeof(stats));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "s:h", options, NULL)) != -1) {
		switch (ch) {
		case 's':
			error_clear(&err);
			if (util_parse_since(optarg, util_now_ms(), &since_ms, &err) == -1)
				return cli_usage("policy stats: --since: %s", err.message);
			break;
		case 'h':
			fputs(cli_policy_stats_help, stdout);
			return 0;
		default:
			return cli_usage("policy stats: unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("policy stats: unexpected '%s'", argv[optind]);
	if ((store = cli_store(cli)) == NULL)
		return 1;
	error_clear(&err);
	if (store_rule_stats(store, since_ms, cli_policy_stats_row, &stats, &err) == -1) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		goto fail;
	}
	cli_policy_stats_unused(cli, &stats);
	if (stats.failed) {
		fprintf(stderr, "proxyhooks: out of memory\n");
		goto fail;
	}
	qsort(stats.rows, stats.count, sizeof(*stats.rows), cli_policy_stats_order);
	printf("%10s %10s  %s\n", "MATCHED", "BLOCKED", "RULE");
	for (i = 0; i < stats.count; i++)
		cli_printf("%10" PRId64 " %10" PRId64 "  %s\n", stats.rows[i].matched,
		    stats.rows[i].blocked, stats.rows[i].rule);
	rc = 0;
fail:
	for (i = 0; i < stats.count; i++)
		free(stats.rows[i].rule);
	free(stats.rows);
	return rc;
}

static const struct cli_policy_command {
	const char *name;
	int       (*run)(struct cli *, int, char **);
} cli_policy_commands[] = {
	{ "check", cli_policy_check },
	{ "test", cli_policy_test },
	{ "stats", cli_policy_stats },
};

int
cli_policy(struct cli *cli, int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return cli_usage("policy: which one? check, test or stats");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(cli_policy_help, stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cli_policy_commands) / sizeof(cli_policy_commands[0]); i++)
		if (strcmp(argv[1], cli_policy_commands[i].name) == 0)
			return cli_policy_commands[i].run(cli, argc - 1, argv + 1);
	return cli_usage("policy: unknown subcommand '%s' (check, test or stats)", argv[1]);
}
