/* The operator's figures (report.c) against a store filled with known
 * events at known times: the charts' buckets in UTC and in other zones,
 * the top rules, the latest blocks with their text (redacted when it was
 * stored redacted), the directory, refusals, the policy and the spool;
 * then the page drawn from them (dashboard.c): its charts, its figures,
 * its escaping and the hash its Content-Security-Policy allows. SQLite by
 * default; `t/report DATABASE` runs the same against another (empty)
 * store, as t/store-pg.sh does with PostgreSQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>

#include "proxyhooks/hooks/dashboard.h"
#include "proxyhooks/hooks/report.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/store/store.h"
#include "tap.h"

#define MIN_MS	(60 * 1000LL)
#define HOUR_MS	(60 * MIN_MS)
#define DAY_MS	(24 * HOUR_MS)
/* 2026-03-10T12:30:00Z, two days after New York moved its clocks. */
#define NOW	1773145800000LL

#define PHONE	"policy:3: block body phone"
#define EMAIL	"policy:4: block body email"

static struct store *store;
static int failures_adding;

/* An intercept (or other hook's) event with a message text. */
static void
add(const char *hook, int64_t at, const char *decision, const char *rule, const char *type,
    const char *text, int redact)
{
	struct form form = { 0 }, redacted = { 0 };
	struct event ev;
	struct error err = { 0 };
	char data[512];
	int n, dup;

	if (strcmp(hook, "out-of-session") == 0) {
		form_add(&form, "MessageSid", "SM00000000000000000000000000000001");
		if (text != NULL)
			form_add(&form, "Body", text);
	} else {
		form_add(&form, "interactionSid", "KI00000000000000000000000000000001");
		form_add(&form, "interactionType", type);
		if (text != NULL) {
			json_t *j = json_pack("{s:s}", "body", text);
			char *s = json_dumps(j, JSON_COMPACT);

			snprintf(data, sizeof(data), "%s", s);
			free(s);
			json_decref(j);
			form_add(&form, "interactionData", data);
		}
	}
	if (redact)
		store_redact_form(&form, NULL, 0, &redacted, &n, &err);
	memset(&ev, 0, sizeof(ev));
	ev.hook = hook;
	ev.received_ms = at;
	ev.interaction_sid = "KI00000000000000000000000000000001";
	ev.decision = decision;
	ev.rule = rule;
	ev.decision_us = decision ? 100 : -1;
	ev.params = redact ? &redacted : &form;
	if (store_event_add(store, &ev, &dup, &err) != 0) {
		failures_adding++;
		diag("adding: %s", err.message);
	}
	form_free(&form);
	form_free(&redacted);
}

static void
fill(void)
{
	struct participant p;
	struct error err = { 0 };
	int i;

	/* The current hour (12:00-13:00 UTC). */
	for (i = 0; i < 3; i++)
		add("callback", NOW - 10 * MIN_MS, NULL, NULL, "Message", NULL, 0);
	add("intercept", NOW - 10 * MIN_MS, "block", PHONE, "Message", "Call me at 415 555 0199", 0);
	add("intercept", NOW - 9 * MIN_MS, "block", PHONE, "Message",
	    "<img src=x onerror=alert(1)> & \"quotes\"", 0);
	add("intercept", NOW - 30 * MIN_MS, "error-block", NULL, "Voice", NULL, 0);
	/* Earlier today and this week. */
	for (i = 0; i < 5; i++)
		add("intercept", NOW - HOUR_MS, "allow", "policy:9: default allow", "Voice", NULL, 0);
	add("intercept", NOW - 2 * HOUR_MS, "block", PHONE, "Message", "secret 415 555 0100", 1);
	add("intercept", NOW - 5 * HOUR_MS, "would-block", EMAIL, "Message", "me@example.com", 0);
	add("intercept", NOW - 5 * HOUR_MS - MIN_MS, "would-block", EMAIL, "Message",
	    "you@example.com", 0);
	add("out-of-session", NOW - DAY_MS - HOUR_MS, "block", PHONE, NULL, "text 555 0101", 0);
	add("intercept", NOW - 3 * DAY_MS, "block", PHONE, "Message", "old one", 0);
	/* A decision this version does not know. */
	add("intercept", NOW - 4 * DAY_MS, "surprise", NULL, "Message", NULL, 0);
	/* Outside the 30 days. */
	add("intercept", NOW - 40 * DAY_MS, "block", "policy:7: block from @banned.txt", "Message",
	    "ancient", 0);
	/* A rule whose text needs escaping. */
	add("intercept", NOW - 6 * DAY_MS, "block", "policy:8: block body /<script>alert(1)</script>/",
	    "Message", "x", 0);

	memset(&p, 0, sizeof(p));
	p.sid = "KP00000000000000000000000000000001";
	p.number = "+15551230001";
	p.updated_ms = NOW;
	store_participant_put(store, &p, &err);
	p.sid = "KP00000000000000000000000000000002";
	p.number = "+15551230002";
	store_participant_put(store, &p, &err);

	store_refusal_add(store, "intercept", NOW - 5 * MIN_MS, "https://hooks.example.com/wrong",
	    1, &err);
	store_refusal_add(store, "intercept", NOW - 4 * MIN_MS, "https://hooks.example.com/wrong",
	    3, &err);
	store_refusal_add(store, "callback", NOW - 2 * HOUR_MS, "https://hooks.example.com/old",
	    1, &err);
	ok(failures_adding == 0, "the known events are stored");
}

static const struct report_series *
series(const struct report_chart *chart, const char *hook, const char *decision)
{
	size_t i;

	for (i = 0; i < chart->series_count; i++) {
		const struct report_series *s = &chart->series[i];

		if (((s->hook == NULL && hook == NULL) || (s->hook && hook && !strcmp(s->hook, hook))) &&
		    ((s->decision == NULL && decision == NULL) ||
		    (s->decision && decision && !strcmp(s->decision, decision))))
			return s;
	}
	return NULL;
}

static int64_t
series_total(const struct report_chart *chart, const char *hook, const char *decision)
{
	const struct report_series *s = series(chart, hook, decision);

	return s ? s->total : 0;
}

static struct report *
collect(struct config *config, struct policy_watch *policy, int64_t since)
{
	struct report_source src;
	struct report *r = NULL;
	struct error err = { 0 };

	memset(&src, 0, sizeof(src));
	src.config = config;
	src.store = store;
	src.policy = policy;
	src.now_ms = NOW;
	src.since_ms = since;
	if (report_collect(&src, &r, &err) < 0)
		diag("report_collect: %s", err.message);
	return r;
}

static void
set_zone(struct config *config, const char *zone)
{
	free(config->timezone);
	config->timezone = strdup(zone);
}

static void
test_figures(struct config *config)
{
	struct report *r;
	const struct report_chart *h, *d;
	size_t i;
	int64_t sum;

	if (!ok((r = collect(config, NULL, 0)) != NULL, "a report is gathered"))
		return;
	ok(r->store_error == NULL, "from the store without an error");
	is_string(r->now_text, "2026-03-10 12:30:00", "the time, in UTC");
	h = &r->hourly;
	d = &r->daily;
	is_int((long long)h->buckets, 24, "24 hourly buckets");
	is_int(h->bounds[24], NOW + 30 * MIN_MS, "the last one ends at the next hour");
	is_int(h->bounds[0], NOW + 30 * MIN_MS - DAY_MS, "the first began 24 hours before");
	is_string(h->labels[23], "2026-03-10 12:00", "labelled with its start");
	is_int(h->totals[23], 6, "the current hour: 3 callbacks, 2 blocks, 1 error-block");
	is_int(h->blocked[23], 3, "of which 3 blocked");
	is_int(h->totals[22], 5, "the hour before: 5 allowed calls");
	is_int(h->total, 6 + 5 + 1 + 2, "the last 24 hours: 14 events");
	is_int(h->blocked_total, 3 + 1 + 2, "6 of them blocked (would-block counts)");
	is_int(series_total(h, "callback", NULL), 3, "the callback series");
	is_int(series_total(h, "intercept", "block"), 3, "intercept block");
	is_int(series_total(h, "intercept", "would-block"), 2, "intercept would-block");
	is_int(series_total(h, "intercept", "error-block"), 1, "intercept error-block");
	is_int(series_total(h, "intercept", "allow"), 5, "intercept allow");
	ok(series(h, "out-of-session", "block") == NULL, "no empty series");
	is_int(h->peak, 6, "the peak hour");

	is_int((long long)d->buckets, 30, "30 daily buckets, today included");
	is_string(d->labels[29], "2026-03-10", "the last is today");
	is_string(d->labels[0], "2026-02-09", "the first 29 days before");
	is_int(d->bounds[30], NOW + 11 * HOUR_MS + 30 * MIN_MS, "they end at midnight");
	is_int(r->since_ms, d->bounds[0], "the figures start with the chart");
	is_int(d->totals[29], 14, "today's events");
	is_int(d->totals[28], 1, "yesterday's: the out-of-session block");
	is_int(d->total, 14 + 1 + 1 + 1 + 1, "18 events in 30 days (not the one of 40 days ago)");
	is_int(series_total(d, "out-of-session", "block"), 1, "the out-of-session block");
	is_int(series_total(d, NULL, NULL), 1, "a decision this version does not know is 'other'");
	for (sum = 0, i = 0; i < d->series_count; i++)
		sum += d->series[i].total;
	is_int(sum, d->total, "the series add up to the total");

	is_int((long long)r->rule_count, 3, "three rules blocked in 30 days");
	if (r->rule_count >= 2) {
		is_string(r->rules[0].rule, PHONE, "the phone rule blocked most");
		is_int(r->rules[0].blocked, 5, "five times (both hooks)");
		is_string(r->rules[0].where, "policy:3", "its file:line");
		is_string(r->rules[0].text, "block body phone", "its text");
		is_string(r->rules[1].rule, EMAIL, "then the email rule");
		is_int(r->rules[1].blocked, 2, "which would have blocked twice");
	}

	is_int((long long)r->blocked_count, 9, "the blocked events of 30 days");
	if (r->blocked_count == 9) {
		is_string(r->blocked[0].when, "2026-03-10 12:21:00", "newest first");
		is_string(r->blocked[0].type, "message", "with its type");
		is_string(r->blocked[0].text, "<img src=x onerror=alert(1)> & \"quotes\"",
		    "and its message text");
		is_string(r->blocked[1].text, "Call me at 415 555 0199", "decoded from interactionData");
		is_string(r->blocked[2].decision, "error-block", "an error that blocked");
		ok(r->blocked[2].rule == NULL && r->blocked[2].text == NULL, "has no rule nor text");
		is_string(r->blocked[2].type, "voice", "a call");
		ok(r->blocked[3].text != NULL &&
		    strncmp(r->blocked[3].text, STORE_REDACTED_PREFIX,
		    strlen(STORE_REDACTED_PREFIX)) == 0 &&
		    strstr(r->blocked[3].text, " len=19]") != NULL,
		    "a text stored redacted is shown redacted, with its length");
		is_string(r->blocked[4].decision, "would-block", "observed blocks are listed");
		is_string(r->blocked[6].hook, "out-of-session", "and out-of-session ones");
		is_string(r->blocked[6].text, "text 555 0101", "with their Body");
		is_string(r->blocked[6].type, "message", "a message");
	}
	is_int(r->participants, 2, "two participants in the directory");
	is_int(r->refused_last_hour, 4, "four signature failures in the last hour");
	is_int((long long)r->refusal_count, 1, "one URL");
	if (r->refusal_count == 1) {
		is_string(r->refusals[0].url, "https://hooks.example.com/wrong", "the URL checked");
		is_int(r->refusals[0].count, 4, "refused four times");
		is_string(r->refusals[0].when, "2026-03-10 12:26:00", "the latest at 12:26");
	}
	ok(r->policy_file == NULL && !r->policy_in_force, "no policy_file: no policy");
	report_free(r);

	/* --since: the rules and blocks from then on, the chart from its day. */
	if ((r = collect(config, NULL, NOW - 3 * HOUR_MS)) != NULL) {
		is_int((long long)r->daily.buckets, 1, "--since 3h: one day");
		is_int((long long)r->rule_count, 1, "one rule blocked in 3 hours");
		is_int(r->rule_count ? r->rules[0].blocked : 0, 3, "three times");
		is_int((long long)r->blocked_count, 4, "four blocked events");
		report_free(r);
	}
}

static void
test_zones(struct config *config)
{
	struct report *r;
	size_t i;

	set_zone(config, "Asia/Kolkata");
	if ((r = collect(config, NULL, 0)) != NULL) {
		ok(r->timezone_error == NULL, "Asia/Kolkata is a zone");
		is_string(r->now_text, "2026-03-10 18:00:00", "the time there");
		is_int(r->hourly.bounds[24], NOW + HOUR_MS, "its hours begin on the half hour UTC");
		is_string(r->hourly.labels[23], "2026-03-10 18:00", "the current hour there");
		is_int(r->daily.bounds[30], NOW + 6 * HOUR_MS, "its days end at midnight there");
		is_int(r->hourly.totals[23], 0, "nothing yet in its current hour");
		is_int(r->hourly.totals[22], 6 + 5, "the hour before holds 11 events");
		if (r->blocked_count > 0)
			is_string(r->blocked[0].when, "2026-03-10 17:51:00", "blocks at its time");
		report_free(r);
	}
	set_zone(config, "America/New_York");
	if ((r = collect(config, NULL, 0)) != NULL) {
		for (i = 0; i < r->daily.buckets; i++)
			if (strcmp(r->daily.labels[i], "2026-03-08") == 0)
				break;
		ok(i < r->daily.buckets &&
		    r->daily.bounds[i + 1] - r->daily.bounds[i] == 23 * HOUR_MS,
		    "the day New York moved its clocks is 23 hours long");
		is_string(r->now_text, "2026-03-10 08:30:00", "summer time there");
		report_free(r);
	}
	set_zone(config, "../../etc/passwd");
	if ((r = collect(config, NULL, 0)) != NULL) {
		ok(r->timezone_error != NULL && strstr(r->timezone_error, "not a time zone") != NULL,
		    "a path is not a zone");
		is_string(r->timezone, "UTC", "times are then in UTC");
		is_string(r->now_text, "2026-03-10 12:30:00", "as they say");
		report_free(r);
	}
	set_zone(config, "Mars/Olympus_Mons");
	if ((r = collect(config, NULL, 0)) != NULL) {
		ok(r->timezone_error != NULL, "an unknown zone is said");
		report_free(r);
	}
	set_zone(config, "UTC");
	ok(getenv("TZ") == NULL, "TZ is put back as it was");
}

static void
test_policy_and_spool(struct config *config, const char *tmp)
{
	struct policy_watch *watch;
	struct report *r;
	struct spool *spool = NULL;
	struct event ev;
	struct error err = { 0 };
	struct stat st;
	char path[600], dir[600];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/policy", tmp);
	fp = fopen(path, "w");
	fputs("block body phone\nblock body email\ndefault allow\n", fp);
	fclose(fp);
	free(config->policy_file);
	config->policy_file = strdup(path);
	snprintf(dir, sizeof(dir), "%s/spool", tmp);
	free(config->spool_dir);
	config->spool_dir = strdup(dir);
	watch = policy_watch_new(path, NULL);
	if ((r = collect(config, watch, 0)) != NULL) {
		ok(r->policy_in_force, "the policy is in force");
		is_int((long long)r->policy_rules, 2, "with its two rules");
		ok(r->policy_error == NULL, "and no error");
		ok(r->policy_changed_ms > 0, "the file's time is known");
		ok(r->spool_known && r->spool.waiting == 0 && r->spool_error == NULL,
		    "a spool that was never made holds nothing");
		ok(stat(dir, &st) < 0, "and looking did not make it");
		report_free(r);
	}
	fp = fopen(path, "w");
	fputs("block body phone\nblock sometimes\n", fp);
	fclose(fp);
	if ((r = collect(config, watch, 0)) != NULL) {
		ok(r->policy_in_force, "a broken file leaves the version before in force");
		ok(r->policy_error != NULL && strstr(r->policy_error, "policy:2:") != NULL,
		    "its error names the file and line");
		report_free(r);
	}
	policy_watch_free(watch);
	watch = policy_watch_new(path, NULL);
	if ((r = collect(config, watch, 0)) != NULL) {
		ok(!r->policy_in_force && r->policy_error != NULL,
		    "a new process has no version to keep: the error is what shows");
		report_free(r);
	}
	policy_watch_free(watch);

	if (spool_open(dir, &spool, &err) == 0) {
		memset(&ev, 0, sizeof(ev));
		ev.hook = "callback";
		ev.received_ms = NOW - MIN_MS;
		ev.decision_us = -1;
		ev.event_key = "0123456789abcdef0123456789abcdef";
		spool_append(spool, &ev, &err);
		spool_close(spool);
	}
	if ((r = collect(config, NULL, 0)) != NULL) {
		is_int(r->spool.waiting, 1, "an event waiting in the spool is counted");
		is_string(r->spool_oldest_text, "2026-03-10 12:29:00", "with its time");
		report_free(r);
	}
	free(config->policy_file);
	config->policy_file = NULL;
}

static void
test_outputs(struct config *config)
{
	struct report *r;
	json_t *j, *v;
	char *text = NULL, *json;
	size_t len = 0;
	FILE *fp;

	if ((r = collect(config, NULL, 0)) == NULL)
		return;
	json = report_json(r);
	j = json ? json_loads(json, 0, NULL) : NULL;
	ok(j != NULL, "the JSON report parses");
	is_int(json_integer_value(json_object_get(json_object_get(j, "hourly"), "blocked")), 6,
	    "it holds the blocks of the last 24 hours");
	v = json_array_get(json_object_get(j, "top_rules"), 0);
	is_string(json_string_value(json_object_get(v, "rule")), PHONE, "the top rule");
	is_int(json_integer_value(json_object_get(v, "blocked")), 5, "and its count");
	is_int(json_array_size(json_object_get(j, "latest_blocked")), 9, "the latest blocks");
	is_int(json_integer_value(json_object_get(json_object_get(j, "signature_failures"),
	    "last_hour")), 4, "the signature failures");
	is_int(json_integer_value(json_object_get(j, "participants")), 2, "the participants");
	json_decref(j);
	free(json);

	fp = open_memstream(&text, &len);
	report_write_text(r, fp);
	fclose(fp);
	ok(text != NULL && strstr(text, "Last 24 hours, by hour: 14 events, 6 blocked") != NULL,
	    "the text report has the day's figures");
	ok(text != NULL && strstr(text, "         5  policy:3  block body phone") != NULL,
	    "and the top rule");
	ok(text != NULL && strstr(text, "Signature failures in the last hour: 4") != NULL,
	    "and the signature failures");
	free(text);
	report_free(r);
}

/* The sha256 of the page's <style>, as the CSP header writes it. */
static void
style_hash(const char *html, char *out, size_t len)
{
	const char *a = strstr(html, "<style>"), *b = a ? strstr(a, "</style>") : NULL;
	unsigned char digest[SHA256_DIGEST_SIZE];
	char b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];
	struct sha256_ctx sha;

	out[0] = '\0';
	if (a == NULL || b == NULL)
		return;
	a += strlen("<style>");
	sha256_init(&sha);
	sha256_update(&sha, (size_t)(b - a), (const uint8_t *)a);
	sha256_digest(&sha, sizeof(digest), digest);
	base64_encode_raw(b64, sizeof(digest), digest);
	b64[sizeof(b64) - 1] = '\0';
	snprintf(out, len, "style-src 'sha256-%s'", b64);
}

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_page(struct config *config, const char *tmp)
{
	struct report *r;
	char *html, hash[200], path[600];
	const char *headers;
	size_t len = 0;
	FILE *fp;

	if ((r = collect(config, NULL, 0)) == NULL)
		return;
	html = dashboard_html(r, NULL, &len);
	report_free(r);
	if (!ok(html != NULL && len == strlen(html), "the page is drawn"))
		return;
	snprintf(path, sizeof(path), "%s/page.html", tmp);
	if ((fp = fopen(path, "w")) != NULL) {
		fwrite(html, 1, len, fp);
		fclose(fp);
	}
	ok(strncmp(html, "<!DOCTYPE html>", 15) == 0, "an HTML document");
	ok(strstr(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
	    != NULL, "for phones too");
	ok(strstr(html, "id=\"chart-hourly\"") != NULL && strstr(html, "id=\"chart-daily\"") != NULL,
	    "with both charts");
	is_int(count_of(html, "<svg class=\"chart\""), 2, "as inline SVG");
	ok(strstr(html, "<title>2026-03-10 12:00, intercept block: 2</title>") != NULL,
	    "each bar says what it counts");
	ok(strstr(html, "<div class=\"card bad\" id=\"card-blocked\"><b>6</b>") != NULL,
	    "the blocks of the last 24 hours");
	ok(strstr(html, "id=\"card-refused\"><b>4</b>") != NULL, "the signature failures");
	ok(strstr(html, "id=\"card-participants\"><b>2</b>") != NULL, "the participants");
	ok(strstr(html, "<td class=\"n\">5</td><td class=\"where\"><code>policy:3</code></td><td><code>block body "
	    "phone</code>") != NULL, "the top rule with its file:line and text");
	ok(strstr(html, "https://hooks.example.com/wrong") != NULL, "the URL that was refused");
	ok(strstr(html, "Call me at 415 555 0199") != NULL, "a blocked message's text");
	ok(strstr(html, "secret") == NULL && strstr(html, "[redacted sha256:") != NULL,
	    "a redacted one stays redacted");
	ok(strstr(html, "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;") != NULL,
	    "message text is escaped");
	ok(strstr(html, "/&lt;script&gt;alert(1)&lt;/script&gt;/") != NULL, "so is a rule");
	ok(strstr(html, "<script") == NULL && strstr(html, "<img") == NULL, "nothing gets through");
	ok(strstr(html, "src=\"") == NULL && strstr(html, "url(") == NULL &&
	    strstr(html, "@import") == NULL, "nothing is loaded from anywhere");
	{
		const char *h;
		int links = 0, elsewhere = 0;

		for (h = strstr(html, "href=\""); h != NULL; h = strstr(h + 1, "href=\"")) {
			links++;
			elsewhere += h[6] != '?';
		}
		ok(links > 0 && elsewhere == 0, "every link is to this page, another query");
	}
	ok(strstr(html, "<form class=\"filters\" method=\"get\">") != NULL &&
	    strstr(html, "action=") == NULL, "the filters are a GET form to this page");
	headers = dashboard_headers();
	style_hash(html, hash, sizeof(hash));
	ok(headers != NULL && hash[0] != '\0' && strstr(headers, hash) != NULL,
	    "the CSP allows exactly the page's style, by its hash");
	ok(headers != NULL && strstr(headers, "Content-Security-Policy: default-src 'none';") != NULL,
	    "and nothing else");
	free(html);
}

int
main(int argc, char **argv)
{
	char tmp[] = "/tmp/report-test.XXXXXX", path[600], cmd[700];
	struct config *config = NULL;
	struct error err = { 0 };
	const char *database;

	unsetenv("TZ");
	if (mkdtemp(tmp) == NULL || config_defaults(&config, &err) < 0) {
		printf("1..0 # SKIP no temporary folder or configuration\n");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/events.db", tmp);
	database = argc > 1 ? argv[1] : path;
	free(config->database);
	config->database = strdup(database);
	if (!ok(store_open(database, &store, &err) == 0, "the store opens")) {
		diag("%s", err.message);
		return done_testing();
	}
	fill();
	test_figures(config);
	test_zones(config);
	test_policy_and_spool(config, tmp);
	test_outputs(config);
	test_page(config, tmp);
	store_close(store);
	config_free(config);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (getenv("PH_KEEP") == NULL && system(cmd) != 0)
		diag("could not remove %s", tmp);
	return done_testing();
}
