/* report: the operator's figures, gathered from the store, the policy and
 * the spool, for the dashboard page and `proxyhooks report`. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "proxyhooks/web/interaction.h"
#include "proxyhooks/hooks/report.h"
#include "proxyhooks/base/utf8.h"
#include "proxyhooks/base/util.h"

#define HOUR_MS	(60 * 60 * 1000LL)
#define DAY_MS	(24 * HOUR_MS)

/* The kinds of event the hooks record, in the order they are shown; a
 * kind not listed still counts, as "other". */
static const char *const report_hooks[] = { "callback", "intercept", "out-of-session",
	"conversations", "voice" };
static const char *const report_decisions[] = { NULL, "allow", "would-block", "block",
	"would-redact", "redact", "error-allow", "error-block" };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What report_collect carries from one figure to the next. */
struct collect {
	const struct report_source *src;
	struct report              *report;
	int                         oom;
};

/* ---- strings ---- */

static char *
keep(struct collect *c, const char *s)
{
	char *copy;

	if (s == NULL)
		return NULL;
	if ((copy = strdup(s)) == NULL)
		c->oom = 1;
	return copy;
}

/* The first failure reading the store is what the page says about it. */
static void
store_failed(struct collect *c, const struct error *err)
{
	if (c->report->store_error == NULL)
		c->report->store_error = keep(c, err->message[0] ? err->message : "the store failed");
}

static int
decision_blocked(const char *decision)
{
	return decision != NULL && (strcmp(decision, "block") == 0 ||
	    strcmp(decision, "would-block") == 0 || strcmp(decision, "error-block") == 0);
}

/* ---- the time zone ---- */

/* A zone is a file of the tz database named by its usual name (no paths
 * that leave it, no POSIX TZ strings, which tz would take silently). */
static int
zone_valid(const char *name, char *why, size_t why_len)
{
	const char *dir = getenv("TZDIR"), *s;
	char path[PATH_MAX], magic[4];
	int fd, n, good = 0;

	if (dir == NULL || dir[0] != '/')
		dir = "/usr/share/zoneinfo";
	for (s = name; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("/_+-", *s) == NULL)
			break;
	if (*s != '\0' || name[0] == '/' || name[0] == '\0' || strstr(name, "..") != NULL) {
		snprintf(why, why_len, "'%.100s' is not a time zone name (e.g. Europe/Paris)", name);
		return 0;
	}
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(why, why_len, "time zone '%.100s' is not in %.150s", name, dir);
		return 0;
	}
	if (read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0)
		good = 1;
	else
		snprintf(why, why_len, "%.250s is not a tz database file", path);
	close(fd);
	return good;
}

/* TZ as it was, put back after the report's times are computed: the
 * process's zone is shared with the policy's `during` rules. */
struct zone_saved {
	char *value;
	int   was_set;
};

static int
zone_enter(const char *name, struct zone_saved *saved)
{
	const char *old = getenv("TZ");
	char tz[256];

	saved->was_set = old != NULL;
	saved->value = old != NULL ? strdup(old) : NULL;
	if (old != NULL && saved->value == NULL)
		return -1;
	/* UTC needs no tz database. */
	if (strcmp(name, "UTC") == 0)
		snprintf(tz, sizeof(tz), "UTC0");
	else
		snprintf(tz, sizeof(tz), ":%s", name);
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}

static void
zone_leave(struct zone_saved *saved)
{
	if (saved->was_set)
		setenv("TZ", saved->value, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved->value);
	saved->value = NULL;
}

/* How a local time is written. */
enum local_style {
	LOCAL_FULL,	/* 2026-03-10 12:30:00 */
	LOCAL_HOUR,	/* 2026-03-10 12:00 */
	LOCAL_DAY,	/* 2026-03-10 */
};

static void
local_format(int64_t ms, enum local_style style, char *buf, size_t len)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;
	size_t n = 0;

	memset(&tm, 0, sizeof(tm));
	if (localtime_r(&t, &tm) != NULL) {
		switch (style) {
		case LOCAL_FULL:
			n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
			break;
		case LOCAL_HOUR:
			n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
			break;
		case LOCAL_DAY:
			n = strftime(buf, len, "%Y-%m-%d", &tm);
			break;
		}
	}
	if (n == 0)
		snprintf(buf, len, "?");
}

/* The start of the local day that holds ms, plus days days. */
static int64_t
local_midnight(int64_t ms, int days)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* ---- charts ---- */

static int
chart_alloc(struct report_chart *chart, size_t buckets)
{
	chart->buckets = buckets;
	chart->bounds = calloc(buckets + 1, sizeof(*chart->bounds));
	chart->labels = calloc(buckets, sizeof(*chart->labels));
	chart->totals = calloc(buckets, sizeof(*chart->totals));
	chart->blocked = calloc(buckets, sizeof(*chart->blocked));
	return chart->bounds && chart->labels && chart->totals && chart->blocked ? 0 : -1;
}

static void
chart_free(struct report_chart *chart)
{
	size_t i;

	for (i = 0; i < chart->series_count; i++) {
		free(chart->series[i].hook);
		free(chart->series[i].decision);
		free(chart->series[i].counts);
	}
	free(chart->series);
	free(chart->bounds);
	free(chart->labels);
	free(chart->totals);
	free(chart->blocked);
	memset(chart, 0, sizeof(*chart));
}

/* Add a series (counts is taken over) when it holds any event. */
static void
chart_add(struct collect *c, struct report_chart *chart, const char *hook, const char *decision,
    int64_t *counts)
{
	struct report_series *grown, *s;
	int64_t total = 0;
	size_t i;

	for (i = 0; i < chart->buckets; i++)
		total += counts[i];
	if (total == 0) {
		free(counts);
		return;
	}
	grown = realloc(chart->series, (chart->series_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(counts);
		c->oom = 1;
		return;
	}
	chart->series = grown;
	s = &chart->series[chart->series_count++];
	memset(s, 0, sizeof(*s));
	s->hook = keep(c, hook);
	s->decision = keep(c, decision);
	s->blocked = decision_blocked(decision);
	s->counts = counts;
	s->total = total;
	if (!s->blocked)
		return;
	for (i = 0; i < chart->buckets; i++)
		chart->blocked[i] += counts[i];
	chart->blocked_total += total;
}

/* Count the chart's buckets: every event, then each hook and decision;
 * what is left over is a kind this version does not know, shown as such. */
static void
chart_count(struct collect *c, struct report_chart *chart)
{
	struct store *store = c->src->store;
	struct error err = { 0 };
	int64_t *counts, *rest;
	size_t h, d, i;

	if (store == NULL || c->report->store_error != NULL)
		return;
	if (store_event_histogram(store, NULL, NULL, chart->bounds, chart->buckets, chart->totals,
	    &err) < 0) {
		store_failed(c, &err);
		return;
	}
	for (i = 0; i < chart->buckets; i++) {
		chart->total += chart->totals[i];
		if (chart->totals[i] > chart->peak)
			chart->peak = chart->totals[i];
	}
	if (chart->total == 0)
		return;
	if ((rest = malloc(chart->buckets * sizeof(*rest))) == NULL) {
		c->oom = 1;
		return;
	}
	memcpy(rest, chart->totals, chart->buckets * sizeof(*rest));
	for (h = 0; h < NELEM(report_hooks); h++) {
		for (d = 0; d < NELEM(report_decisions); d++) {
			if ((counts = calloc(chart->buckets, sizeof(*counts))) == NULL) {
				c->oom = 1;
				goto out;
			}
			if (store_event_histogram(store, report_hooks[h], report_decisions[d],
			    chart->bounds, chart->buckets, counts, &err) < 0) {
				free(counts);
				store_failed(c, &err);
				goto out;
			}
			for (i = 0; i < chart->buckets; i++)
				rest[i] -= counts[i];
			chart_add(c, chart, report_hooks[h], report_decisions[d], counts);
		}
	}
	/* Events that arrived between the counts may make the kinds add up to
	 * more than the total: the bars and the totals then say the same. */
	for (i = 0; i < chart->buckets; i++) {
		if (rest[i] < 0) {
			chart->totals[i] -= rest[i];
			chart->total -= rest[i];
			rest[i] = 0;
		}
		if (chart->totals[i] > chart->peak)
			chart->peak = chart->totals[i];
	}
	chart_add(c, chart, NULL, NULL, rest);
	rest = NULL;
out:
	free(rest);
}

/* The last REPORT_HOURS local hours, the current one included. */
static int
hourly_prepare(struct report *r)
{
	struct report_chart *chart = &r->hourly;
	time_t t = (time_t)(r->now_ms / 1000);
	struct tm tm;
	int64_t end;
	size_t i;

	if (chart_alloc(chart, REPORT_HOURS) < 0)
		return -1;
	localtime_r(&t, &tm);
	/* The local hour began tm_min:tm_sec ago (zones with half-hour
	 * offsets have hours that do not begin on a UTC hour). */
	end = r->now_ms - (int64_t)(tm.tm_min * 60 + tm.tm_sec) * 1000 - r->now_ms % 1000 + HOUR_MS;
	for (i = 0; i <= REPORT_HOURS; i++)
		chart->bounds[i] = end - (int64_t)(REPORT_HOURS - i) * HOUR_MS;
	for (i = 0; i < REPORT_HOURS; i++)
		local_format(chart->bounds[i], LOCAL_HOUR, chart->labels[i],
		    sizeof(chart->labels[i]));
	return 0;
}

/* Local days from the one holding since_ms to today, at most
 * REPORT_MAX_DAYS (the latest). */
static int
daily_prepare(struct report *r, int64_t since_ms)
{
	struct report_chart *chart = &r->daily;
	int64_t first = local_midnight(since_ms, 0), today = local_midnight(r->now_ms, 0);
	size_t days, i;

	if (first > today)
		first = today;
	/* Days are 23 to 25 hours long: count them one by one. */
	for (days = 1; days < REPORT_MAX_DAYS && local_midnight(first, (int)days) <= today; days++)
		;
	if (local_midnight(first, (int)days) <= today)
		first = local_midnight(today, -(REPORT_MAX_DAYS - 1));
	if (chart_alloc(chart, days) < 0)
		return -1;
	for (i = 0; i <= days; i++)
		chart->bounds[i] = local_midnight(first, (int)i);
	for (i = 0; i < days; i++)
		local_format(chart->bounds[i], LOCAL_DAY, chart->labels[i], sizeof(chart->labels[i]));
	return 0;
}

/* ---- rules and blocked events ---- */

/* "FILE:LINE: text" into where ("FILE:LINE") and text. */
static void
rule_split(struct collect *c, const char *rule, char **where, char **text)
{
	const char *p, *q;

	*where = *text = NULL;
	for (p = strchr(rule, ':'); p != NULL; p = strchr(p + 1, ':')) {
		if (!isdigit((unsigned char)p[1]))
			continue;
		for (q = p + 1; isdigit((unsigned char)*q); q++)
			;
		if (*q != ':')
			continue;
		if ((*where = strndup(rule, (size_t)(q - rule))) == NULL)
			c->oom = 1;
		for (q++; *q == ' '; q++)
			;
		*text = keep(c, q);
		return;
	}
	*text = keep(c, rule);
}

static int
rule_add(void *arg, const struct rule_stat *stat)
{
	struct collect *c = arg;
	struct report *r = c->report;
	struct report_rule *rule;

	rule = &r->rules[r->rule_count++];
	memset(rule, 0, sizeof(*rule));
	rule->rule = keep(c, stat->rule);
	rule_split(c, stat->rule, &rule->where, &rule->text);
	rule->blocked = stat->blocked;
	return r->rule_count == REPORT_TOP_RULES;
}

/* The kind of interaction and its message text, from the parameters as
 * stored: interactionType and interactionData (intercept, callback), or
 * CallSid and Body (out of session). */
static void
blocked_params(struct collect *c, struct report_blocked *b, const char *params_json)
{
	json_t *params, *pair;
	const char *name, *value, *data = NULL, *body = NULL, *type = NULL;
	char *text = NULL;
	size_t i, len;
	int call = 0, message = 0;
	struct error err = { 0 };

	if (params_json == NULL || (params = json_loads(params_json, 0, NULL)) == NULL)
		return;
	json_array_foreach(params, i, pair) {
		name = json_string_value(json_array_get(pair, 0));
		value = json_string_value(json_array_get(pair, 1));
		if (name == NULL || value == NULL)
			continue;
		if (strcmp(name, "interactionType") == 0)
			type = value;
		else if (strcmp(name, "interactionData") == 0)
			data = value;
		else if (strcmp(name, "Body") == 0)
			body = value;
		else if (strcmp(name, "CallSid") == 0)
			call = 1;
		else if (strcmp(name, "MessageSid") == 0 || strcmp(name, "SmsSid") == 0)
			message = 1;
		else if (strcmp(name, "From") == 0 && b->from == NULL)
			b->from = keep(c, value);
		else if (strcmp(name, "To") == 0 && b->to == NULL)
			b->to = keep(c, value);
	}
	if (type != NULL) {
		if ((b->type = keep(c, type)) != NULL)
			for (i = 0; b->type[i] != '\0'; i++)
				b->type[i] = (char)tolower((unsigned char)b->type[i]);
	} else if (call || message)
		b->type = keep(c, call ? "voice" : "message");
	if (body != NULL)
		b->text = keep(c, body);
	else if (data != NULL) {
		/* Redacted whole when it was not a JSON object: shown as stored. */
		if (store_redacted_prefix(data) > 0)
			b->text = keep(c, data);
		else if (interaction_body(data, strlen(data), &text, &len, &err) == 1)
			b->text = text;
	}
	json_decref(params);
}

/* Where store_events puts the rows it walks: at most max into rows. */
struct row_sink {
	struct collect        *c;
	struct report_blocked *rows;
	size_t                *count;
	size_t                 max;
	int                   *more;	/* set when a row comes past max */
};

static int
row_add(void *arg, const struct event_row *row)
{
	struct row_sink *k = arg;
	struct collect *c = k->c;
	struct report_blocked *b;

	if (*k->count == k->max) {
		if (k->more != NULL)
			*k->more = 1;
		return 1;
	}
	b = &k->rows[(*k->count)++];
	memset(b, 0, sizeof(*b));
	b->received_ms = row->received_ms;
	local_format(row->received_ms, LOCAL_FULL, b->when, sizeof(b->when));
	b->hook = keep(c, row->hook);
	b->decision = keep(c, row->decision);
	b->rule = keep(c, row->rule);
	b->found = keep(c, row->found);
	b->interaction_sid = keep(c, row->interaction_sid);
	b->session_sid = keep(c, row->session_sid);
	b->participant_sid = keep(c, row->participant_sid);
	blocked_params(c, b, row->params_json);
	return 0;
}

struct other_number {
	struct collect *c;
	const char     *not_sid;
	char           *number;
};

static int
other_participant(void *arg, const struct participant *p)
{
	struct other_number *o = arg;

	if (o->number != NULL || (o->not_sid != NULL && strcmp(p->sid, o->not_sid) == 0))
		return 0;
	o->number = keep(o->c, p->number);
	return 1;
}

/* The numbers the parameters did not give, from the participant
 * directory: the sender's by its SID, the recipient's as the session's
 * other participant. Not found: left unknown. */
static void
rows_numbers(struct collect *c, struct report_blocked *rows, size_t n)
{
	struct store *store = c->src->store;
	struct error err = { 0 };
	struct participant p;
	struct other_number o;
	size_t i;

	for (i = 0; i < n; i++) {
		if (rows[i].from == NULL && rows[i].participant_sid != NULL &&
		    store_participant_get(store, rows[i].participant_sid, &p, &err) == 1)
			rows[i].from = keep(c, p.number);
		if (rows[i].to == NULL && rows[i].session_sid != NULL) {
			o.c = c;
			o.not_sid = rows[i].participant_sid;
			o.number = NULL;
			store_participants(store, rows[i].session_sid, other_participant, &o, &err);
			rows[i].to = o.number;
		}
	}
}

/* The rows of a filter into rows (room for max of them). */
static int
rows_read(struct collect *c, const struct event_filter *f, struct report_blocked *rows,
    size_t *count, size_t max, int *more, struct error *err)
{
	struct row_sink sink = { c, rows, count, max, more };

	if (store_events(c->src->store, f, row_add, &sink, err) < 0)
		return -1;
	rows_numbers(c, rows, *count);
	return 0;
}

static int
refusal_add(void *arg, const struct refusal *refusal)
{
	struct collect *c = arg;
	struct report *r = c->report;
	struct report_refusal *f;

	r->refused_last_hour += refusal->count;
	if (r->refusal_count == REPORT_REFUSALS)
		return 0;	/* counted, not listed */
	f = &r->refusals[r->refusal_count++];
	memset(f, 0, sizeof(*f));
	f->hook = keep(c, refusal->hook);
	f->url = keep(c, refusal->url);
	f->count = refusal->count;
	f->last_ms = refusal->last_ms;
	local_format(refusal->last_ms, LOCAL_FULL, f->when, sizeof(f->when));
	return 0;
}

/* ---- policy and spool ---- */

static void
policy_state(struct collect *c)
{
	const struct config *config = c->src->config;
	struct report *r = c->report;
	const struct policy *policy;
	struct error err = { 0 };
	struct stat st;
	const char *last;

	if (config->policy_file == NULL)
		return;
	r->policy_file = keep(c, config->policy_file);
	if (stat(config->policy_file, &st) == 0) {
		r->policy_changed_ms = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
		local_format(r->policy_changed_ms, LOCAL_FULL, r->policy_changed_text,
		    sizeof(r->policy_changed_text));
	}
	if (c->src->policy == NULL)
		return;
	policy = policy_watch_get(c->src->policy, &err);
	if (policy != NULL) {
		r->policy_in_force = 1;
		r->policy_saved = policy_watch_saved(c->src->policy);
		r->policy_rules = policy_rule_count(policy);
		r->policy_loaded_ms = policy_watch_loaded_ms(c->src->policy);
		local_format(r->policy_loaded_ms, LOCAL_FULL, r->policy_loaded_text,
		    sizeof(r->policy_loaded_text));
	}
	last = policy_watch_last_error(c->src->policy);
	if (last != NULL)
		r->policy_error = keep(c, last);
	else if (policy == NULL)
		r->policy_error = keep(c, err.message);
}

static void
spool_state(struct collect *c)
{
	const struct config *config = c->src->config;
	struct report *r = c->report;
	struct spool *spool = NULL;
	struct error err = { 0 };
	struct stat st;

	if ((r->spool_dir = spool_dir_for(config->spool_dir, config->database)) == NULL) {
		c->oom = 1;
		return;
	}
	r->spool_known = 1;
	/* A folder that was never made holds nothing; looking must not make it. */
	if (stat(r->spool_dir, &st) < 0 && errno == ENOENT)
		return;
	if (spool_open(r->spool_dir, &spool, &err) < 0 ||
	    spool_status(spool, &r->spool, &err) < 0)
		r->spool_error = keep(c, err.message);
	else if (r->spool.waiting > 0)
		local_format(r->spool.oldest_ms, LOCAL_FULL, r->spool_oldest_text,
		    sizeof(r->spool_oldest_text));
	spool_close(spool);
}

/* ---- the whole report ---- */

/* The page of events the source asked for, one more read than shown to
 * know whether another page follows. */
static int
listing_read(struct collect *c, struct error *err)
{
	const struct event_filter *asked = c->src->listing;
	struct report *r = c->report;
	struct event_filter f;
	size_t max;

	if (asked == NULL)
		return 0;
	f = *asked;
	max = f.limit > 0 && f.limit < REPORT_MAX_LISTED ? (size_t)f.limit : REPORT_MAX_LISTED;
	f.limit = (long)max + 1;
	if ((r->listed = calloc(max, sizeof(*r->listed))) == NULL) {
		c->oom = 1;
		return 0;
	}
	return rows_read(c, &f, r->listed, &r->listed_count, max, &r->listed_more, err);
}

static void
store_figures(struct collect *c)
{
	struct report *r = c->report;
	struct store *store = c->src->store;
	struct error err = { 0 };
	struct event_filter blocked;

	if (store == NULL) {
		r->store_error = keep(c, c->src->store_error ? c->src->store_error :
		    "the store is not open");
		return;
	}
	r->store_kind = keep(c, store_kind(store));
	chart_count(c, &r->hourly);
	chart_count(c, &r->daily);
	if (r->store_error != NULL)
		return;
	if ((r->rules = calloc(REPORT_TOP_RULES, sizeof(*r->rules))) == NULL ||
	    (r->blocked = calloc(REPORT_LATEST_BLOCKED, sizeof(*r->blocked))) == NULL ||
	    (r->refusals = calloc(REPORT_REFUSALS, sizeof(*r->refusals))) == NULL) {
		c->oom = 1;
		return;
	}
	memset(&blocked, 0, sizeof(blocked));
	blocked.since_ms = r->since_ms;
	blocked.decision = "blocked";
	blocked.limit = REPORT_LATEST_BLOCKED;
	blocked.newest_first = 1;
	if (store_blocking_rules(store, r->since_ms, REPORT_TOP_RULES, rule_add, c, &err) < 0 ||
	    rows_read(c, &blocked, r->blocked, &r->blocked_count, REPORT_LATEST_BLOCKED, NULL,
	    &err) < 0 ||
	    listing_read(c, &err) < 0 ||
	    store_participant_count(store, &r->participants, &err) < 0 ||
	    store_refusals(store, r->now_ms - REPORT_REFUSAL_WINDOW_MS, 0, refusal_add, c,
	    &err) < 0)
		store_failed(c, &err);
}

int
report_collect(const struct report_source *src, struct report **out, struct error *err)
{
	const char *zone = src->config->timezone ? src->config->timezone : "UTC";
	struct collect c;
	struct zone_saved saved = { NULL, 0 };
	struct report *r;
	char why[300];
	int entered = 0;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		goto oom;
	memset(&c, 0, sizeof(c));
	c.src = src;
	c.report = r;
	r->participants = -1;
	r->now_ms = src->now_ms;
	if (strcmp(zone, "UTC") != 0 && !zone_valid(zone, why, sizeof(why))) {
		r->timezone_error = keep(&c, why);
		zone = "UTC";
	}
	r->timezone = keep(&c, zone);
	if (zone_enter(zone, &saved) < 0)
		goto oom;
	entered = 1;
	local_format(r->now_ms, LOCAL_FULL, r->now_text, sizeof(r->now_text));
	/* By default the daily chart's days; else from the time asked for
	 * (the chart still shows its whole first day). */
	r->since_ms = src->since_ms > 0 ? src->since_ms :
	    local_midnight(r->now_ms, -(REPORT_DAYS - 1));
	if (hourly_prepare(r) < 0 || daily_prepare(r, r->since_ms) < 0)
		goto oom;
	local_format(r->since_ms, LOCAL_FULL, r->since_text, sizeof(r->since_text));
	store_figures(&c);
	policy_state(&c);
	spool_state(&c);
	zone_leave(&saved);
	entered = 0;
	if (c.oom)
		goto oom;
	*out = r;
	return 0;
oom:
	if (entered)
		zone_leave(&saved);
	report_free(r);
	error_set(err, "out of memory gathering the report");
	return -1;
}

static void
rows_free(struct report_blocked *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].hook);
		free(rows[i].decision);
		free(rows[i].type);
		free(rows[i].rule);
		free(rows[i].found);
		free(rows[i].text);
		free(rows[i].interaction_sid);
		free(rows[i].session_sid);
		free(rows[i].participant_sid);
		free(rows[i].from);
		free(rows[i].to);
	}
	free(rows);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	chart_free(&r->hourly);
	chart_free(&r->daily);
	for (i = 0; i < r->rule_count; i++) {
		free(r->rules[i].rule);
		free(r->rules[i].where);
		free(r->rules[i].text);
	}
	free(r->rules);
	rows_free(r->blocked, r->blocked_count);
	rows_free(r->listed, r->listed_count);
	for (i = 0; i < r->refusal_count; i++) {
		free(r->refusals[i].hook);
		free(r->refusals[i].url);
	}
	free(r->refusals);
	free(r->timezone);
	free(r->timezone_error);
	free(r->store_kind);
	free(r->store_error);
	free(r->policy_file);
	free(r->policy_error);
	free(r->spool_dir);
	free(r->spool_error);
	free(r);
}

void
report_series_name(const struct report_series *s, char *buf, size_t len)
{
	if (s->hook == NULL)
		snprintf(buf, len, "other");
	else if (s->decision == NULL)
		snprintf(buf, len, "%s", s->hook);
	else
		snprintf(buf, len, "%s %s", s->hook, s->decision);
}

/* ---- for a terminal ---- */

/* Text on one line: control characters escaped (utf8.h), and at most max
 * bytes of it shown (cut between characters). Every line of the text
 * report goes through utf8_fprintf: nothing stored reaches the terminal
 * raw. */
static void
text_line(FILE *fp, const char *s, size_t max)
{
	size_t len = strlen(s), n = len > max ? max : len;

	while (n > 0 && n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	utf8_fprintf(fp, "%.*s", (int)n, s);
	if (n < len)
		fputs("...", fp);
}

static void
text_chart(const struct report_chart *chart, const char *title, size_t label_from, FILE *fp)
{
	char name[64];
	size_t i;

	utf8_fprintf(fp, "\n%s: %" PRId64 " event%s, %" PRId64 " blocked\n", title, chart->total,
	    chart->total == 1 ? "" : "s", chart->blocked_total);
	utf8_fprintf(fp, "  %-16s %10s %10s\n", "", "events", "blocked");
	for (i = 0; i < chart->buckets; i++)
		utf8_fprintf(fp, "  %-16s %10" PRId64 " %10" PRId64 "\n", chart->labels[i] + label_from,
		    chart->totals[i], chart->blocked[i]);
	for (i = 0; i < chart->series_count; i++) {
		report_series_name(&chart->series[i], name, sizeof(name));
		utf8_fprintf(fp, "  %-27s %10" PRId64 "\n", name, chart->series[i].total);
	}
}

int
report_write_text(const struct report *r, FILE *fp)
{
	char title[80];
	size_t i;

	utf8_fprintf(fp, "proxyhooks report at %s (%s)\n", r->now_text, r->timezone);
	if (r->timezone_error != NULL)
		utf8_fprintf(fp, "warning: timezone: %s: times are in UTC\n", r->timezone_error);
	if (r->store_error != NULL)
		utf8_fprintf(fp, "store: %s\n", r->store_error);
	else
		utf8_fprintf(fp, "store: %s\n", r->store_kind);

	text_chart(&r->hourly, "Last 24 hours, by hour", 11, fp);
	snprintf(title, sizeof(title), "By day from %s", r->daily.buckets ? r->daily.labels[0] : "?");
	text_chart(&r->daily, title, 0, fp);

	utf8_fprintf(fp, "\nRules that blocked most since %s:\n", r->since_text);
	if (r->rule_count == 0)
		utf8_fprintf(fp, "  none\n");
	for (i = 0; i < r->rule_count; i++) {
		utf8_fprintf(fp, "  %10" PRId64 "  %s  ", r->rules[i].blocked,
		    r->rules[i].where ? r->rules[i].where : "-");
		text_line(fp, r->rules[i].text ? r->rules[i].text : "", 200);
		fputc('\n', fp);
	}

	utf8_fprintf(fp, "\nLatest blocked:\n");
	if (r->blocked_count == 0)
		utf8_fprintf(fp, "  none\n");
	for (i = 0; i < r->blocked_count; i++) {
		const struct report_blocked *b = &r->blocked[i];

		utf8_fprintf(fp, "  %s  %-14s %-7s %-11s ", b->when, b->hook ? b->hook : "-",
		    b->type ? b->type : "-", b->decision ? b->decision : "-");
		text_line(fp, b->rule ? b->rule : "-", 120);
		if (b->found != NULL) {
			fputs("  found ", fp);
			text_line(fp, b->found, 120);
		}
		if (b->text != NULL) {
			fputs("  \"", fp);
			text_line(fp, b->text, 120);
			fputc('"', fp);
		}
		fputc('\n', fp);
		/* Who wrote to whom, in which session, on a line of its own. */
		if (b->from != NULL || b->to != NULL || b->session_sid != NULL) {
			utf8_fprintf(fp, "      from %s to %s", b->from ? b->from : "?",
			    b->to ? b->to : "?");
			if (b->session_sid != NULL)
				utf8_fprintf(fp, ", session %s", b->session_sid);
			fputc('\n', fp);
		}
	}

	utf8_fprintf(fp, "\nParticipants in the directory: ");
	if (r->participants >= 0)
		utf8_fprintf(fp, "%" PRId64 "\n", r->participants);
	else
		utf8_fprintf(fp, "unknown\n");

	utf8_fprintf(fp, "Policy: ");
	if (r->policy_file == NULL)
		utf8_fprintf(fp, "none (no policy_file: every interaction is allowed)\n");
	else {
		utf8_fprintf(fp, "%s", r->policy_file);
		if (r->policy_saved)
			utf8_fprintf(fp, " does not load: in force is the last good version of it, "
			    "kept in cache_dir, %zu rule%s", r->policy_rules,
			    r->policy_rules == 1 ? "" : "s");
		else if (r->policy_in_force)
			utf8_fprintf(fp, ", %zu rule%s, loaded %s", r->policy_rules,
			    r->policy_rules == 1 ? "" : "s", r->policy_loaded_text);
		else
			utf8_fprintf(fp, ", none in force: every interaction is allowed (error-allow)");
		if (r->policy_changed_ms > 0)
			utf8_fprintf(fp, ", file changed %s", r->policy_changed_text);
		fputc('\n', fp);
		if (r->policy_error != NULL) {
			const char *line = r->policy_error, *nl;

			while (*line != '\0') {
				nl = strchr(line, '\n');
				utf8_fprintf(fp, "  error: %.*s\n", nl ? (int)(nl - line) : (int)strlen(line),
				    line);
				line = nl ? nl + 1 : line + strlen(line);
			}
		}
	}

	utf8_fprintf(fp, "Spool: %s: ", r->spool_dir ? r->spool_dir : "?");
	if (r->spool_error != NULL)
		utf8_fprintf(fp, "%s\n", r->spool_error);
	else {
		utf8_fprintf(fp, "%ld waiting", r->spool.waiting);
		if (r->spool.waiting > 0)
			utf8_fprintf(fp, " (%ld bytes, the oldest received %s)", r->spool.bytes,
			    r->spool_oldest_text);
		if (r->spool.rejected > 0)
			utf8_fprintf(fp, ", %ld refused by the store", r->spool.rejected);
		if (r->spool.replaying)
			utf8_fprintf(fp, ", a replay is running or was interrupted");
		fputc('\n', fp);
	}

	utf8_fprintf(fp, "Signature failures in the last hour: %" PRId64 "\n", r->refused_last_hour);
	for (i = 0; i < r->refusal_count; i++) {
		utf8_fprintf(fp, "  %10" PRId64 "  %-14s ", r->refusals[i].count, r->refusals[i].hook);
		text_line(fp, r->refusals[i].url ? r->refusals[i].url : "(URL not rebuilt)", 300);
		utf8_fprintf(fp, "  last %s\n", r->refusals[i].when);
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- for a script ---- */

static json_t *
json_text(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
json_time(int64_t ms)
{
	char when[40];

	util_format_ms(ms, when, sizeof(when));
	return json_string(when);
}

static json_t *
json_chart(const struct report_chart *chart)
{
	json_t *obj = json_object(), *buckets = json_array(), *series = json_array(), *counts;
	size_t i, k;

	for (i = 0; i < chart->buckets; i++)
		json_array_append_new(buckets, json_pack("{s:s, s:o, s:I, s:I}",
		    "start", chart->labels[i], "start_utc", json_time(chart->bounds[i]),
		    "events", (json_int_t)chart->totals[i], "blocked", (json_int_t)chart->blocked[i]));
	for (i = 0; i < chart->series_count; i++) {
		const struct report_series *s = &chart->series[i];

		counts = json_array();
		for (k = 0; k < chart->buckets; k++)
			json_array_append_new(counts, json_integer(s->counts[k]));
		json_array_append_new(series, json_pack("{s:o, s:o, s:b, s:I, s:o}",
		    "hook", json_text(s->hook), "decision", json_text(s->decision),
		    "blocked", s->blocked, "total", (json_int_t)s->total, "counts", counts));
	}
	json_object_set_new(obj, "events", json_integer(chart->total));
	json_object_set_new(obj, "blocked", json_integer(chart->blocked_total));
	json_object_set_new(obj, "buckets", buckets);
	json_object_set_new(obj, "series", series);
	return obj;
}

char *
report_json(const struct report *r)
{
	json_t *obj = json_object(), *list, *policy, *spool, *refused;
	char *text;
	size_t i;

	if (obj == NULL)
		return NULL;
	json_object_set_new(obj, "generated_at", json_string(r->now_text));
	json_object_set_new(obj, "generated_at_utc", json_time(r->now_ms));
	json_object_set_new(obj, "timezone", json_text(r->timezone));
	json_object_set_new(obj, "timezone_error", json_text(r->timezone_error));
	json_object_set_new(obj, "since", json_string(r->since_text));
	json_object_set_new(obj, "since_utc", json_time(r->since_ms));
	json_object_set_new(obj, "store", json_pack("{s:o, s:o}", "kind", json_text(r->store_kind),
	    "error", json_text(r->store_error)));
	json_object_set_new(obj, "hourly", json_chart(&r->hourly));
	json_object_set_new(obj, "daily", json_chart(&r->daily));

	list = json_array();
	for (i = 0; i < r->rule_count; i++)
		json_array_append_new(list, json_pack("{s:o, s:o, s:o, s:I}",
		    "rule", json_text(r->rules[i].rule), "where", json_text(r->rules[i].where),
		    "text", json_text(r->rules[i].text), "blocked", (json_int_t)r->rules[i].blocked));
	json_object_set_new(obj, "top_rules", list);

	list = json_array();
	for (i = 0; i < r->blocked_count; i++) {
		const struct report_blocked *b = &r->blocked[i];

		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		    "s:o, s:o, s:o}",
		    "received_at", b->when, "received_at_utc", json_time(b->received_ms),
		    "hook", json_text(b->hook), "decision", json_text(b->decision),
		    "type", json_text(b->type), "rule", json_text(b->rule),
		    "found", json_text(b->found),
		    "text", json_text(b->text), "interaction_sid", json_text(b->interaction_sid),
		    "session_sid", json_text(b->session_sid), "from", json_text(b->from),
		    "to", json_text(b->to)));
	}
	json_object_set_new(obj, "latest_blocked", list);
	json_object_set_new(obj, "participants", r->participants >= 0 ?
	    json_integer(r->participants) : json_null());

	policy = json_pack("{s:o, s:b, s:b, s:I, s:o, s:o, s:o}",
	    "file", json_text(r->policy_file), "in_force", r->policy_in_force,
	    "last_good_copy", r->policy_saved,
	    "rules", (json_int_t)r->policy_rules,
	    "loaded_at", r->policy_in_force ? json_string(r->policy_loaded_text) : json_null(),
	    "changed_at", r->policy_changed_ms > 0 ? json_string(r->policy_changed_text) :
	    json_null(), "error", json_text(r->policy_error));
	json_object_set_new(obj, "policy", policy);

	spool = json_pack("{s:o, s:I, s:I, s:o, s:I, s:b, s:o}",
	    "dir", json_text(r->spool_dir), "waiting", (json_int_t)r->spool.waiting,
	    "bytes", (json_int_t)r->spool.bytes,
	    "oldest", r->spool.waiting > 0 ? json_string(r->spool_oldest_text) : json_null(),
	    "rejected", (json_int_t)r->spool.rejected, "replaying", r->spool.replaying,
	    "error", json_text(r->spool_error));
	json_object_set_new(obj, "spool", spool);

	list = json_array();
	for (i = 0; i < r->refusal_count; i++)
		json_array_append_new(list, json_pack("{s:o, s:o, s:I, s:s}",
		    "hook", json_text(r->refusals[i].hook), "url", json_text(r->refusals[i].url),
		    "count", (json_int_t)r->refusals[i].count, "last", r->refusals[i].when));
	refused = json_pack("{s:I, s:o}", "last_hour", (json_int_t)r->refused_last_hour,
	    "by_url", list);
	json_object_set_new(obj, "signature_failures", refused);

	text = json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}
