/*
 * report: the operator's figures, computed once and shown two ways: the
 * dashboard page (proxyhooks-dashboard, dashboard.h) and `proxyhooks
 * report` for a terminal or a script. Events per hour for the last 24
 * hours and per day since a date, by hook and decision; the rules that
 * blocked most; the latest blocked interactions with their message text
 * as stored (a hash when redact_bodies is on); the participant
 * directory's size; the policy's state; the spool's backlog; the requests
 * refused for their signature in the last hour. Every time is formatted
 * here, in the configured timezone, so that what shows it needs no zone.
 * It only reads the store.
 */
#ifndef PROXYHOOKS_REPORT_H
#define PROXYHOOKS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proxyhooks/web/config.h"
#include "proxyhooks/base/error.h"
#include "proxyhooks/policy/policy.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/store/store.h"

#define REPORT_HOURS		24	/* the hourly chart */
#define REPORT_DAYS		30	/* the daily chart, unless told otherwise */
#define REPORT_MAX_DAYS		366
#define REPORT_TOP_RULES	10
#define REPORT_LATEST_BLOCKED	20
#define REPORT_REFUSALS		10
#define REPORT_REFUSAL_WINDOW_MS (60 * 60 * 1000LL)
#define REPORT_TIME_LEN		40

/* The events of one hook and decision, bucket by bucket. */
struct report_series {
	char    *hook;		/* NULL: events of a kind not listed here */
	char    *decision;	/* NULL: events without a decision */
	int      blocked;	/* decision is one of STORE_BLOCKED_DECISIONS */
	int64_t *counts;	/* one per bucket */
	int64_t  total;
};

struct report_chart {
	size_t                buckets;
	int64_t              *bounds;		/* buckets + 1 times, UTC ms */
	char                (*labels)[REPORT_TIME_LEN];	/* each bucket's start, local */
	int64_t              *totals;		/* per bucket, all series */
	int64_t              *blocked;		/* per bucket, the blocked series */
	int64_t               total;
	int64_t               blocked_total;
	int64_t               peak;		/* the largest bucket total */
	struct report_series *series;		/* only those with events */
	size_t                series_count;
};

struct report_rule {
	char    *rule;		/* "FILE:LINE: text", as recorded */
	char    *where;		/* "FILE:LINE" */
	char    *text;		/* the rule as written */
	int64_t  blocked;
};

/* An event as the report lists it: the latest blocked, and the page of
 * events a filter asked for (the dashboard's). */
struct report_blocked {
	int64_t received_ms;
	char    when[REPORT_TIME_LEN];
	char   *hook;
	char   *decision;
	char   *type;		/* "message", "voice", or NULL when unknown */
	char   *rule;		/* NULL: none (an error decided) */
	char   *found;		/* "KIND VALUE" its detector found, NULL for nothing */
	char   *text;		/* the message text as stored, NULL if none */
	char   *interaction_sid;
	char   *session_sid;
	char   *participant_sid;
	/* The numbers: the sender's and the recipient's, from the parameters
	 * (out of session) or the participant directory; NULL when unknown. */
	char   *from;
	char   *to;
};

struct report_refusal {
	char    *hook;
	char    *url;		/* NULL: the URL could not be rebuilt */
	int64_t  count;
	int64_t  last_ms;
	char     when[REPORT_TIME_LEN];
};

struct report {
	int64_t  now_ms;
	int64_t  since_ms;	/* the start of the daily chart, the rules and the blocks */
	char     now_text[REPORT_TIME_LEN];
	char     since_text[REPORT_TIME_LEN];
	char    *timezone;	/* the zone the times are in */
	char    *timezone_error;	/* why the configured zone was not used, or NULL */
	char    *store_kind;	/* "sqlite", "postgresql", or NULL when unavailable */
	char    *store_error;	/* the first failure reading the store, or NULL */

	struct report_chart hourly;
	struct report_chart daily;

	struct report_rule *rules;
	size_t              rule_count;
	struct report_blocked *blocked;
	size_t                 blocked_count;
	/* The events report_source.listing asked for, in its order; more:
	 * more match past them (the next page has some). */
	struct report_blocked *listed;
	size_t                 listed_count;
	int                    listed_more;

	int64_t  participants;	/* -1: unknown */

	char    *policy_file;	/* NULL: no policy_file, everything is allowed */
	int      policy_in_force;	/* a policy is loaded */
	int      policy_saved;		/* ... the last good one's copy: the file does not load */
	size_t   policy_rules;
	int64_t  policy_loaded_ms;	/* when this process loaded the one in force */
	int64_t  policy_changed_ms;	/* the file's modification time, 0 if missing */
	char     policy_loaded_text[REPORT_TIME_LEN];
	char     policy_changed_text[REPORT_TIME_LEN];
	char    *policy_error;	/* the last load's errors, one a line, or NULL */

	char    *spool_dir;
	int      spool_known;	/* spool and spool_error are meaningful */
	struct spool_status spool;
	char     spool_oldest_text[REPORT_TIME_LEN];
	char    *spool_error;

	int64_t  refused_last_hour;
	struct report_refusal *refusals;
	size_t                 refusal_count;
};

struct report_source {
	const struct config *config;
	struct store        *store;	/* NULL: unavailable, store_error says why */
	const char          *store_error;
	struct policy_watch *policy;	/* NULL: no policy_file */
	int64_t              now_ms;
	int64_t              since_ms;	/* 0: REPORT_DAYS days, today included */
	/* A page of events to list too (its limit at most REPORT_MAX_LISTED),
	 * or NULL: none. */
	const struct event_filter *listing;
};
#define REPORT_MAX_LISTED	200

/* Gather every figure. A part that cannot be read (the store, the spool)
 * is left out with its error in the report; -1 only when out of memory. */
int report_collect(const struct report_source *src, struct report **out, struct error *err);
void report_free(struct report *report);

/* The series' name for people: "intercept block", "callback". */
void report_series_name(const struct report_series *series, char *buf, size_t len);
/* For a terminal. */
int report_write_text(const struct report *report, FILE *fp);
/* For a script: one JSON object, malloc'd (NULL when out of memory). */
char *report_json(const struct report *report);

/* proxyhooks report (src/cli/cli_report.c), listed in src/cli/cli.c. */
struct cli;
int cli_report(struct cli *cli, int argc, char **argv);

#endif
