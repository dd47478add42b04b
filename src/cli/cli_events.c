/* proxyhooks events, proxyhooks config: read what was recorded, check the configuration. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/base/util.h"
#include "proxyhooks/store/spool.h"

enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV };

struct events_out {
	enum format format;
	long        count;
};

static void
csv_field(const char *v, int last)
{
	const char *p;
	char *shown = v != NULL ? utf8_escaped(v) : NULL;

	v = shown != NULL ? shown : "";
	if (strpbrk(v, ",\"") != NULL) {
		putchar('"');
		for (p = v; *p != '\0'; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	} else
		fputs(v, stdout);
	putchar(last ? '\n' : ',');
	free(shown);
}

/* One JSON object: our fields, then every posted parameter under its own
 * name (a repeated name becomes an array of its values). */
static int
event_json(const struct event_row *row)
{
	json_t *obj = json_object(), *params, *pair, *old;
	char when[40], *text;
	size_t i;

	util_format_ms(row->received_ms, when, sizeof(when));
	params = json_loads(row->params_json, 0, NULL);
	json_array_foreach(params, i, pair) {
		const char *name = json_string_value(json_array_get(pair, 0));
		json_t *value = json_array_get(pair, 1);

		if (name == NULL || value == NULL)
			continue;
		if ((old = json_object_get(obj, name)) == NULL)
			json_object_set(obj, name, value);
		else if (json_is_array(old))
			json_array_append(old, value);
		else
			json_object_set_new(obj, name, json_pack("[OO]", old, value));
	}
	json_decref(params);
	/* Ours last, so that they win over a posted parameter of the same name. */
	json_object_set_new(obj, "id", json_integer(row->id));
	json_object_set_new(obj, "hook", json_string(row->hook));
	json_object_set_new(obj, "received_at", json_string(when));
	if (row->idempotency_token != NULL)
		json_object_set_new(obj, "idempotency_token", json_string(row->idempotency_token));
	if (row->event_key != NULL)
		json_object_set_new(obj, "event_key", json_string(row->event_key));
	if (store_params_redacted(row->params_json))
		json_object_set_new(obj, "redacted", json_true());
	if (row->decision != NULL)
		json_object_set_new(obj, "decision", json_string(row->decision));
	if (row->rule != NULL)
		json_object_set_new(obj, "rule", json_string(row->rule));
	if (row->found != NULL)
		json_object_set_new(obj, "found", json_string(row->found));
	if (row->decision_us >= 0)
		json_object_set_new(obj, "decision_us", json_integer(row->decision_us));
	if (row->response != NULL)
		json_object_set_new(obj, "response", json_string(row->response));
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	if (text == NULL)
		return -1;
	puts(text);
	free(text);
	return 0;
}

static int
print_event(void *arg, const struct event_row *row)
{
	struct events_out *out = arg;
	char when[40], id[32];

	util_format_ms(row->received_ms, when, sizeof(when));
	switch (out->format) {
	case FORMAT_JSON:
		if (event_json(row) < 0)
			return -1;
		break;
	case FORMAT_CSV:
		snprintf(id, sizeof(id), "%lld", (long long)row->id);
		csv_field(id, 0);
		csv_field(when, 0);
		csv_field(row->hook, 0);
		csv_field(row->decision, 0);
		csv_field(row->rule, 0);
		csv_field(row->found, 0);
		csv_field(row->interaction_sid, 0);
		csv_field(row->session_sid, 0);
		csv_field(row->participant_sid, 0);
		csv_field(row->params_json, 1);
		break;
	default:
		cli_printf("%-6lld %-24s %-14s %-13s %-34s %s%s%s\n", (long long)row->id, when,
		    row->hook, row->decision ? row->decision : "-",
		    row->interaction_sid ? row->interaction_sid : "-", row->rule ? row->rule : "",
		    row->found ? "  found " : "", row->found ? row->found : "");
		break;
	}
	out->count++;
	return 0;
}

int
cli_events(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "hook", required_argument, NULL, 'H' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "decision", required_argument, NULL, 'd' },
		{ "rule", required_argument, NULL, 'r' },
		{ "session", required_argument, NULL, 'S' },
		{ "participant", required_argument, NULL, 'P' },
		{ "grep", required_argument, NULL, 'g' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char help[] = "usage: proxyhooks events [--hook callback|intercept|"
	    "out-of-session|conversations|voice]\n"
	    "         [--since DURATION|TIME] [--until DURATION|TIME] [--decision DECISION]\n"
	    "         [--rule TEXT] [--session KC...] [--participant KP...] [--grep TEXT]\n"
	    "         [--limit N] [--offset N] [--format table|json|csv]\n"
	    "DECISION: " STORE_FILTER_DECISIONS ".\n"
	    "--rule and --grep match a part of the text, in any case; --grep looks in the\n"
	    "parameters as stored, the rule and the interaction's SID. With --limit, the\n"
	    "newest N events after skipping the newest --offset N, oldest first.\n";
	struct event_filter filter;
	struct events_out out = { FORMAT_TABLE, 0 };
	struct error err = { 0 };
	struct store *store;
	int64_t now = util_now_ms();
	int c;

	memset(&filter, 0, sizeof(filter));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'H':
			if (strcmp(optarg, "callback") != 0 && strcmp(optarg, "intercept") != 0 &&
			    strcmp(optarg, "out-of-session") != 0 &&
			    strcmp(optarg, "conversations") != 0 && strcmp(optarg, "voice") != 0)
				return cli_usage("--hook: '%s' is not callback, intercept, out-of-session, "
				    "conversations or voice", optarg);
			filter.hook = optarg;
			break;
		case 's':
			if (util_parse_since(optarg, now, &filter.since_ms, &err) < 0)
				return cli_usage("--since: %s", err.message);
			break;
		case 'u':
			if (util_parse_since(optarg, now, &filter.until_ms, &err) < 0)
				return cli_usage("--until: %s", err.message);
			break;
		case 'd':
			if (!store_filter_decision_valid(optarg))
				return cli_usage("--decision: '%s' is not one of "
				    STORE_FILTER_DECISIONS, optarg);
			filter.decision = optarg;
			break;
		case 'r':
		case 'S':
		case 'P':
		case 'g':
			if (*optarg == '\0' || strlen(optarg) > STORE_FILTER_TEXT_MAX)
				return cli_usage("--%s: empty or longer than %d bytes",
				    c == 'r' ? "rule" : c == 'S' ? "session" : c == 'P' ?
				    "participant" : "grep", STORE_FILTER_TEXT_MAX);
			*(c == 'r' ? &filter.rule : c == 'S' ? &filter.session_sid : c == 'P' ?
			    &filter.participant_sid : &filter.text) = optarg;
			break;
		case 'o':
			if (util_parse_long(optarg, 0, 100000000, &filter.offset) < 0)
				return cli_usage("--offset: '%s' is not a number", optarg);
			break;
		case 'n':
			if (util_parse_long(optarg, 1, 100000000, &filter.limit) < 0)
				return cli_usage("--limit: '%s' is not a positive number", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				out.format = FORMAT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				out.format = FORMAT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				out.format = FORMAT_CSV;
			else
				return cli_usage("--format: '%s' is not table, json or csv", optarg);
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return cli_usage("events: unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("events: unexpected argument '%s'", argv[optind]);
	if (filter.until_ms > 0 && filter.until_ms <= filter.since_ms)
		return cli_usage("--until: not after --since");
	if ((store = cli_store(cli)) == NULL)
		return 1;
	cli_store_spooled(cli, store);
	if (out.format == FORMAT_TABLE)
		printf("%-6s %-24s %-14s %-13s %-34s %s\n", "ID", "RECEIVED (UTC)", "HOOK", "DECISION",
		    "INTERACTION", "RULE");
	else if (out.format == FORMAT_CSV)
		puts("id,received_at,hook,decision,rule,found,interaction_sid,session_sid,participant_sid,"
		    "params");
	if (store_events(store, &filter, print_event, &out, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return 1;
	}
	return 0;
}

int
cli_config_command(struct cli *cli, int argc, char **argv)
{
	struct config *config;
	char *spool;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs("usage: proxyhooks config check\n"
		    "Check the configuration and print it as the programs see it.\n",
		    argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "check") != 0 || argc > 2)
		return cli_usage("config: unknown subcommand '%s' (config check)", argv[1]);
	if ((config = cli_config(cli)) == NULL)
		return 1;
	/* The spool the programs and report use, when spool_dir is not set. */
	spool = spool_dir_for(config->spool_dir, config->database);
	config_print(config, spool, stdout);
	free(spool);
	cli_config_warn(config);
	return 0;
}
