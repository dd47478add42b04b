/* proxyhooks participants: the directory that maps participant SIDs to
 * real numbers, so that number rules can apply to intercepts. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/base/util.h"

static const char participants_help[] =
    "usage: proxyhooks participants add SID NUMBER [--session KC...] [--service KS...]\n"
    "                                   [--proxy NUMBER] [--name NAME]\n"
    "       proxyhooks participants import FILE.csv\n"
    "       proxyhooks participants list [--session KC...] [--format table|csv]\n"
    "       proxyhooks participants remove SID\n"
    "       proxyhooks participants fetch SERVICE_SID SESSION_SID\n"
    "FILE.csv: sid,number[,session_sid,service_sid,proxy_number,friendly_name] a line;\n"
    "a first line starting with 'sid' is a header.\n";

/* Check and normalise one participant; msg says what is wrong. */
static int
participant_check(struct participant *p, char *number, size_t len, const char **msg)
{
	if (!util_sid_valid(p->sid, "KP"))
		return *msg = "the SID is not KP followed by 32 hex digits", -1;
	if (util_e164(p->number, number, len) < 0)
		return *msg = "the number is not E.164 (+15551234567)", -1;
	p->number = number;
	if (p->session_sid != NULL && *p->session_sid != '\0' && !util_sid_valid(p->session_sid, "KC"))
		return *msg = "the session is not KC followed by 32 hex digits", -1;
	if (p->service_sid != NULL && *p->service_sid != '\0' && !util_sid_valid(p->service_sid, "KS"))
		return *msg = "the service is not KS followed by 32 hex digits", -1;
	return 0;
}

static int
participants_add(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "session", required_argument, NULL, 's' },
		{ "service", required_argument, NULL, 'S' },
		{ "proxy", required_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct participant p;
	struct error err = { 0 };
	struct store *store;
	char number[32], proxy[32];
	const char *msg;
	int c;

	memset(&p, 0, sizeof(p));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's': p.session_sid = optarg; break;
		case 'S': p.service_sid = optarg; break;
		case 'p':
			if (util_e164(optarg, proxy, sizeof(proxy)) < 0)
				return cli_usage("--proxy: '%s' is not an E.164 number", optarg);
			p.proxy_number = proxy;
			break;
		case 'n': p.friendly_name = optarg; break;
		default: return cli_usage("participants add: unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage("participants add: SID and NUMBER are required");
	p.sid = argv[optind];
	p.number = argv[optind + 1];
	if (participant_check(&p, number, sizeof(number), &msg) < 0)
		return cli_usage("participants add: %s", msg);
	p.updated_ms = util_now_ms();
	if ((store = cli_store(cli)) == NULL)
		return 1;
	if (store_participant_put(store, &p, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return 1;
	}
	cli_printf("%s %s\n", p.sid, p.number);
	return 0;
}

static char *
csv_next(char **cursor)
{
	char *start = *cursor, *comma;

	if (start == NULL)
		return NULL;
	if ((comma = strchr(start, ',')) != NULL) {
		*comma = '\0';
		*cursor = comma + 1;
	} else
		*cursor = NULL;
	while (*start == ' ' || *start == '\t')
		start++;
	comma = start + strlen(start);
	while (comma > start && (comma[-1] == ' ' || comma[-1] == '\t' || comma[-1] == '\r'))
		*--comma = '\0';
	return start;
}

static const char *
empty_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static int
participants_import(struct cli *cli, int argc, char **argv)
{
	struct participant p;
	struct error err = { 0 };
	struct store *store;
	char *line = NULL, *cursor, number[32];
	const char *msg;
	size_t cap = 0;
	long lineno = 0, added = 0, bad = 0;
	FILE *fp;

	if (argc != 2)
		return cli_usage("participants import: one FILE.csv is required");
	if ((fp = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	if ((store = cli_store(cli)) == NULL) {
		fclose(fp);
		return 1;
	}
	while (getline(&line, &cap, fp) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' || (lineno == 1 && strncmp(line, "sid", 3) == 0))
			continue;
		memset(&p, 0, sizeof(p));
		cursor = line;
		p.sid = csv_next(&cursor);
		p.number = csv_next(&cursor);
		p.session_sid = empty_null(csv_next(&cursor));
		p.service_sid = empty_null(csv_next(&cursor));
		p.proxy_number = empty_null(csv_next(&cursor));
		p.friendly_name = empty_null(csv_next(&cursor));
		if (p.number == NULL) {
			fprintf(stderr, "%s:%ld: expected sid,number[,session,service,proxy,name]\n",
			    argv[1], lineno);
			bad++;
			continue;
		}
		if (participant_check(&p, number, sizeof(number), &msg) < 0) {
			fprintf(stderr, "%s:%ld: %s\n", argv[1], lineno, msg);
			bad++;
			continue;
		}
		p.updated_ms = util_now_ms();
		if (store_participant_put(store, &p, &err) < 0) {
			fprintf(stderr, "%s:%ld: %s\n", argv[1], lineno, err.message);
			bad++;
			break;
		}
		added++;
	}
	free(line);
	fclose(fp);
	printf("%ld participants imported, %ld lines refused\n", added, bad);
	return bad ? 1 : 0;
}

struct list_out {
	int  csv;
	long count;
};

static int
print_participant(void *arg, const struct participant *p)
{
	struct list_out *out = arg;

	if (out->csv)
		cli_printf("%s,%s,%s,%s,%s,%s\n", p->sid, p->number, p->session_sid ? p->session_sid : "",
		    p->service_sid ? p->service_sid : "", p->proxy_number ? p->proxy_number : "",
		    p->friendly_name ? p->friendly_name : "");
	else
		cli_printf("%-34s %-16s %-34s %s\n", p->sid, p->number,
		    p->session_sid ? p->session_sid : "-", p->friendly_name ? p->friendly_name : "");
	out->count++;
	return 0;
}

static int
participants_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "session", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_out out = { 0, 0 };
	struct error err = { 0 };
	struct store *store;
	const char *session = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's': session = optarg; break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				out.csv = 1;
			else if (strcmp(optarg, "table") != 0)
				return cli_usage("--format: '%s' is not table or csv", optarg);
			break;
		default: return cli_usage("participants list: unknown option");
		}
	}
	if ((store = cli_store(cli)) == NULL)
		return 1;
	if (out.csv)
		puts("sid,number,session_sid,service_sid,proxy_number,friendly_name");
	else
		printf("%-34s %-16s %-34s %s\n", "SID", "NUMBER", "SESSION", "NAME");
	if (store_participants(store, session, print_participant, &out, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return 1;
	}
	return 0;
}

static int
participants_remove(struct cli *cli, int argc, char **argv)
{
	struct error err = { 0 };
	struct store *store;
	int rc;

	if (argc != 2)
		return cli_usage("participants remove: one SID is required");
	if ((store = cli_store(cli)) == NULL)
		return 1;
	if ((rc = store_participant_remove(store, argv[1], &err)) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", err.message);
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "proxyhooks: %s is not in the directory\n", argv[1]);
		return 1;
	}
	cli_printf("removed %s\n", argv[1]);
	return 0;
}

int
cli_participants(struct cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		fputs(participants_help, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(participants_help, stdout);
		return 0;
	}
	if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		fputs(participants_help, stdout);
		return 0;
	}
	if (strcmp(argv[1], "add") == 0)
		return participants_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return participants_import(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return participants_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "remove") == 0)
		return participants_remove(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "fetch") == 0)
		return cli_participants_fetch(cli, argc - 1, argv + 1);
	return cli_usage("participants: unknown subcommand '%s'", argv[1]);
}
