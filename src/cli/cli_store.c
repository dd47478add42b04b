/* proxyhooks purge, proxyhooks spool: retention and the spool, from the
 * operator's side. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/base/util.h"

static const char purge_help[] =
    "usage: proxyhooks purge [--older-than DURATION|TIME] [--dry-run]\n"
    "Remove the events received more than retain_days ago (or before\n"
    "--older-than: 30d, 12h, 2026-01-31). --dry-run only counts them.\n";

int
cli_purge(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "older-than", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct error err = { 0 };
	struct config *config;
	struct store *store;
	int64_t before_ms = 0, n = 0;
	char when[40];
	int c, dry_run = 0, given = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (util_parse_since(optarg, util_now_ms(), &before_ms, &err) < 0)
				return cli_usage("--older-than: %s", err.message);
			given = 1;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'h':
			fputs(purge_help, stdout);
			return 0;
		default:
			return cli_usage("purge: unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("purge: unexpected argument '%s'", argv[optind]);
	if ((config = cli_config(cli)) == NULL)
		return 1;
	if (!given) {
		if (config->retain_days <= 0) {
			fprintf(stderr, "proxyhooks: purge: retain_days is not set in %s (events are "
			    "kept for ever): set it or give --older-than\n", config->path);
			return 1;
		}
		before_ms = util_now_ms() - config->retain_days * 86400000LL;
	}
	if ((store = cli_store(cli)) == NULL)
		return 1;
	store_set_timeout(store, config->store_timeout_ms);
	util_format_ms(before_ms, when, sizeof(when));
	if (dry_run) {
		if (store_count_before(store, before_ms, &n, &err) < 0)
			goto fail;
		printf("%" PRId64 " event(s) received before %s would be removed\n", n, when);
		return 0;
	}
	if (store_purge(store, before_ms, 0, &n, &err) < 0)
		goto fail;
	printf("%" PRId64 " event(s) received before %s removed\n", n, when);
	return 0;
fail:
	fprintf(stderr, "proxyhooks: purge: %s\n", err.message);
	return 1;
}

static const char spool_help[] =
    "usage: proxyhooks spool status | replay\n"
    "status: how many events wait in the spool (exit 1 when some wait or\n"
    "        were refused by the store).\n"
    "replay: put them in the store now, in order, each once.\n";

static int
spool_status_command(struct spool *spool)
{
	struct spool_status st;
	struct error err = { 0 };
	char when[40];

	/* How many wait, for the progress only: the replay says what is wrong. */
	if (spool_status(spool, &st, &err) < 0)
		st.waiting = 0;
	error_clear(&err);
	printf("spool: %s\n", spool_dir(spool));
	if (st.waiting > 0) {
		util_format_ms(st.oldest_ms, when, sizeof(when));
		printf("waiting: %ld event(s), %ld bytes, the oldest received %s\n", st.waiting,
		    st.bytes, when);
	} else
		printf("waiting: 0 events\n");
	if (st.running) {
		printf("a replay is running now\n");
	} else if (st.stopped[0] != '\0') {
		util_format_ms(st.stopped_ms, when, sizeof(when));
		printf("the last replay stopped %s: %s\n'proxyhooks spool replay' goes on "
		    "where it stopped\n", when, st.stopped);
	} else if (st.replaying) {
		printf("a replay was interrupted (killed, or the machine stopped): "
		    "'proxyhooks spool replay' finishes it\n");
	}
	if (st.rejected > 0)
		printf("refused by the store: %ld event(s), kept in %s/rejected.spool\n",
		    st.rejected, spool_dir(spool));
	return st.waiting > 0 || st.rejected > 0 ? 1 : 0;
}

/* The replay goes a second at a time, so that its progress shows: on a
 * terminal at every step, elsewhere (a log) every SPOOL_PROGRESS_STEPS. */
#define SPOOL_STEP_MS		1000
#define SPOOL_PROGRESS_STEPS	10

static void
spool_progress(const struct spool_stats *done, long waiting, int tty)
{
	fprintf(stderr, "%sspool replay: %ld of %ld event(s) done (%ld stored, %ld already there, "
	    "%ld refused)%s", tty ? "\r" : "", done->replayed + done->duplicates + done->rejected,
	    waiting, done->replayed, done->duplicates, done->rejected, tty ? "" : "\n");
}

static int
spool_replay_command(struct cli *cli, struct spool *spool)
{
	struct spool_stats stats, step;
	struct spool_status st;
	struct error err = { 0 };
	struct store *store;
	long steps = 0;
	int rc, tty = isatty(STDERR_FILENO);

	if ((store = cli_store(cli)) == NULL)
		return 1;
	store_set_timeout(store, cli->config->store_timeout_ms);
	/* How many wait, for the progress only: the replay says what is wrong. */
	if (spool_status(spool, &st, &err) < 0)
		st.waiting = 0;
	error_clear(&err);
	memset(&stats, 0, sizeof(stats));
	if (st.waiting > 0)
		spool_progress(&stats, st.waiting, tty);
	do {
		rc = spool_replay(spool, store, 1, SPOOL_STEP_MS, &step, &err);
		stats.replayed += step.replayed;
		stats.duplicates += step.duplicates;
		stats.rejected += step.rejected;
		steps++;
		if (st.waiting > 0 && (tty || !step.more || steps % SPOOL_PROGRESS_STEPS == 0))
			spool_progress(&stats, st.waiting, tty);
	} while (rc == 0 && step.more);
	if (st.waiting > 0 && tty)
		fputc('\n', stderr);
	printf("%ld event(s) replayed into the store, %ld already there", stats.replayed,
	    stats.duplicates);
	if (stats.rejected > 0)
		printf(", %ld refused (kept in %s/rejected.spool)", stats.rejected,
		    spool_dir(spool));
	putchar('\n');
	if (rc < 0) {
		fprintf(stderr, "proxyhooks: spool replay stopped: %s\n(the rest stays in %s)\n",
		    err.message, spool_dir(spool));
		return 1;
	}
	return 0;
}

/* At most this long for cli_store_spooled: a spool filled during an
 * outage is for `proxyhooks spool replay`, which shows its progress. */
#define SPOOLED_BUDGET_MS 2000

void
cli_store_spooled(struct cli *cli, struct store *store)
{
	struct spool *spool = NULL;
	struct store_shared *shared;
	struct spool_stats stats;
	struct error err = { 0 };
	int64_t seen_ms;
	char *dir;

	if (store == NULL || cli_config(cli) == NULL ||
	    (dir = spool_dir_for(cli->config->spool_dir, cli->config->database)) == NULL)
		return;
	shared = store_shared_open(cli->config->database);
	seen_ms = shared != NULL ? store_shared_spooled_ms(shared) : 0;
	/* Only when a CGI request left its event for later: events spooled
	 * because the store failed wait for `spool replay`, which shows its
	 * progress, or the next event stored. A folder not there holds none. */
	if (seen_ms != 0 && access(dir, F_OK) == 0 && spool_open(dir, &spool, &err) == 0 &&
	    spool_pending(spool)) {
		store_set_timeout(store, cli->config->store_timeout_ms);
		if (spool_replay(spool, store, 1, SPOOLED_BUDGET_MS, &stats, &err) < 0)
			fprintf(stderr, "proxyhooks: warning: the events waiting in %s are not "
			    "shown: %s\n", dir, err.message);
		else if (stats.more)
			fprintf(stderr, "proxyhooks: warning: more events wait in %s: "
			    "`proxyhooks spool replay` stores them\n", dir);
		else if (stats.rejected > 0)
			fprintf(stderr, "proxyhooks: warning: %ld event(s) of %s refused by the "
			    "store (kept in %s/rejected.spool)\n", stats.rejected, dir, dir);
	}
	/* Nothing waits: the hooks need not look before cgi_spool_ms. */
	if (seen_ms != 0 && (spool == NULL || !spool_pending(spool)))
		store_shared_spool_drained(shared, seen_ms);
	store_shared_close(shared);
	spool_close(spool);
	free(dir);
}

int
cli_spool(struct cli *cli, int argc, char **argv)
{
	struct config *config;
	struct spool *spool = NULL;
	struct error err = { 0 };
	char *dir;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(spool_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "status") != 0 && strcmp(argv[1], "replay") != 0)
		return cli_usage("spool: unknown subcommand '%s' (status, replay)", argv[1]);
	if (argc > 2)
		return cli_usage("spool %s: unexpected argument '%s'", argv[1], argv[2]);
	if ((config = cli_config(cli)) == NULL || cli_data_user(cli, config) < 0)
		return 1;
	if ((dir = spool_dir_for(config->spool_dir, config->database)) == NULL ||
	    spool_open(dir, &spool, &err) < 0) {
		fprintf(stderr, "proxyhooks: %s\n", dir == NULL ? "out of memory" : err.message);
		free(dir);
		return 1;
	}
	free(dir);
	if (strcmp(argv[1], "status") == 0)
		rc = spool_status_command(spool);
	else
		rc = spool_replay_command(cli, spool);
	spool_close(spool);
	return rc;
}
