/* The store: round trip, idempotency, event keys, counts, retention,
 * redaction, the participant directory, and the spool that keeps what the
 * store could not take. SQLite by default; `t/store DATABASE` runs the
 * same against another store (t/store-pg.sh gives an empty PostgreSQL
 * database), leaving out what only a SQLite file can show. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "proxyhooks/store/schema.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/store/store.h"
#include "proxyhooks/store/store_backend.h"
#include "proxyhooks/base/util.h"
#include "tap.h"

struct seen {
	int  count;
	char last_params[1024];
	char last_hook[32];
	char last_decision[32];
	char last_token[64];
	char last_key[64];
	char last_found[128];
	char order[256];	/* interaction SIDs, in the order read */
	long long last_id;
};

static int
collect(void *arg, const struct event_row *row)
{
	struct seen *s = arg;

	s->count++;
	snprintf(s->last_params, sizeof(s->last_params), "%s", row->params_json);
	snprintf(s->last_hook, sizeof(s->last_hook), "%s", row->hook);
	snprintf(s->last_decision, sizeof(s->last_decision), "%s",
	    row->decision ? row->decision : "(null)");
	snprintf(s->last_token, sizeof(s->last_token), "%s",
	    row->idempotency_token ? row->idempotency_token : "(null)");
	snprintf(s->last_key, sizeof(s->last_key), "%s", row->event_key ? row->event_key : "(null)");
	snprintf(s->last_found, sizeof(s->last_found), "%s", row->found ? row->found : "(null)");
	if (row->interaction_sid != NULL && strlen(s->order) + strlen(row->interaction_sid) + 2 <
	    sizeof(s->order)) {
		strcat(s->order, row->interaction_sid);
		strcat(s->order, " ");
	}
	s->last_id = row->id;
	return 0;
}

static int
count_all(struct store *store)
{
	struct event_filter all = { .hook = NULL };
	struct error err = { 0 };
	struct seen seen;

	memset(&seen, 0, sizeof(seen));
	if (store_events(store, &all, collect, &seen, &err) < 0) {
		diag("%s", err.message);
		return -1;
	}
	return seen.count;
}

static void
order_of(struct store *store, char *out, size_t len)
{
	struct event_filter all = { .hook = NULL };
	struct error err = { 0 };
	struct seen seen;

	memset(&seen, 0, sizeof(seen));
	store_events(store, &all, collect, &seen, &err);
	snprintf(out, len, "%s", seen.order);
}

static int
count_participants(void *arg, const struct participant *p)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static int
collect_stats(void *arg, const struct rule_stat *st)
{
	long long *out = arg;

	if (strcmp(st->rule, "p:2: block body phone") == 0) {
		out[0] = st->matched;
		out[1] = st->blocked;
	}
	return 0;
}

/* What jansson writes for form as [[name, value], ...], compact. */
static char *
jansson_params(const struct form *form)
{
	json_t *array = json_array(), *pair;
	char *text;
	size_t i;

	for (i = 0; i < form->count; i++) {
		pair = json_array();
		json_array_append_new(pair, json_stringn(form->params[i].name, form->params[i].name_len));
		json_array_append_new(pair, json_stringn(form->params[i].value, form->params[i].value_len));
		json_array_append_new(array, pair);
	}
	text = json_dumps(array, JSON_COMPACT);
	json_decref(array);
	return text;
}

/* store_params_json writes what jansson writes: each character that needs
 * an escape at every offset of strings that end before, at and after an
 * eight-byte boundary, characters of every length, long values. */
static void
test_params_json(void)
{
	static const struct {
		const char *text, *why;
	} escaped[] = {
		{ "\"", "a quote" }, { "\\", "a backslash" }, { "\b", "\\b" }, { "\f", "\\f" },
		{ "\n", "\\n" }, { "\r", "\\r" }, { "\t", "\\t" }, { "\x01", "U+0001" },
		{ "\x1f", "U+001F" }, { "\x7f", "U+007F (kept)" }, { "/", "a slash (kept)" },
		{ "\xc3\x87", "a 2-byte character" }, { "\xe2\x98\xba", "a 3-byte character" },
		{ "\xf0\x9f\x98\x80", "a 4-byte character" },
	}, invalid[] = {
		{ "\xff", "a byte that is never UTF-8" }, { "\xc3", "a truncated character" },
		{ "\xed\xa0\x80", "a UTF-16 surrogate" }, { "\xc0\xaf", "an overlong encoding" },
	};
	struct form form = { 0 };
	char value[64], why[128], *mine, *theirs;
	size_t e, n, at, bad;
	char *big;

	mine = store_params_json(&form);
	is_string(mine, "[]", "no parameters: an empty array");
	free(mine);
	mine = store_params_json(NULL);
	is_string(mine, "[]", "no form: an empty array");
	free(mine);

	for (e = 0; e < sizeof(escaped) / sizeof(escaped[0]); e++) {
		bad = 99;
		for (n = 0; n <= 20 && bad == 99; n++) {
			for (at = 0; at <= n && bad == 99; at++) {
				snprintf(value, sizeof(value), "%.*s%s%.*s", (int)at, "abcdefghijklmnopqrst",
				    escaped[e].text, (int)(n - at), "ABCDEFGHIJKLMNOPQRST");
				form_add(&form, "name", value);
				form_add(&form, value, "v");
				mine = store_params_json(&form);
				theirs = jansson_params(&form);
				if (mine == NULL || theirs == NULL || strcmp(mine, theirs) != 0)
					bad = n;
				free(mine);
				free(theirs);
				form_free(&form);
			}
		}
		snprintf(why, sizeof(why), "%s at every offset of 0-20 other bytes: as jansson",
		    escaped[e].why);
		if (!ok(bad == 99, why))
			diag("wrong with %zu other bytes", bad);
	}

	for (e = 0; e < sizeof(invalid) / sizeof(invalid[0]); e++) {
		bad = 99;
		for (n = 0; n <= 20 && bad == 99; n++) {
			snprintf(value, sizeof(value), "%.*s%s", (int)n, "abcdefghijklmnopqrst",
			    invalid[e].text);
			form_add(&form, "ok", "fine");
			form_add(&form, "name", value);
			if ((mine = store_params_json(&form)) != NULL)
				bad = n;
			free(mine);
			form_free(&form);
		}
		snprintf(why, sizeof(why), "%s after 0-20 ASCII bytes: refused", invalid[e].why);
		if (!ok(bad == 99, why))
			diag("accepted after %zu bytes", bad);
	}

	big = malloc(20001);
	for (n = 0; n < 20000; n++)
		big[n] = n % 41 == 3 ? '"' : n % 97 == 5 ? '\n' : n % 59 == 1 ? '\\' : (char)('a' + n % 26);
	big[20000] = '\0';
	form_add(&form, "interactionData", big);
	form_add(&form, "Body", "\xc3\x87" "a va? \"quoted\"\ttab");
	form_add(&form, "Empty", "");
	mine = store_params_json(&form);
	theirs = jansson_params(&form);
	is_string(mine, theirs, "a 20,000-byte value with escapes and others: as jansson");
	free(mine);
	free(theirs);
	form_free(&form);
	free(big);
}

/* Redaction keeps hashes and lengths, and every other field as it was. */
static void
test_redact(void)
{
	struct form in = { 0 }, out = { 0 };
	struct error err = { 0 };
	int n = -1;

	form_add(&in, "interactionData", "{\"body\":\"caf\\u00e9 \\\"quoted\\\"\",\"x\":1}");
	form_add(&in, "Body", "Are you still there? \xc3\x87" "a va?");
	form_add(&in, "interactionType", "Message");
	ok(store_redact_form(&in, NULL, 0, &out, &n, &err) == 0, "a form is redacted");
	is_int(n, 2, "two values redacted");
	is_int((long long)out.count, 3, "every field kept");
	is_string(form_get(&out, "interactionData"),
	    "{\"body\":\"[redacted sha256:4289f7a04946a147985d9dec77d8acf23d9fd6cc58524bdd86b2ad81de7645d4"
	    " len=14]\",\"x\":1}", "the message body inside interactionData is a hash and a length");
	is_string(form_get(&out, "Body"),
	    "[redacted sha256:a4f779fe5afc19476c210b5b9c85e6aa2e34eec0cbdbf2cc96fb90d3798c15f6 len=28]",
	    "Body is a hash and a length");
	is_string(form_get(&out, "interactionType"), "Message", "other fields are untouched");
	{
		char *json = store_params_json(&out);

		is_int(store_params_redacted(json), 2, "the stored parameters tell how many were redacted");
		free(json);
		is_int(store_params_redacted("[[\"Body\",\"see [redacted sha256:x]\"]]"), 0,
		    "a message quoting the marker is not counted");
	}
	form_free(&in);
	form_free(&out);

	form_add(&in, "interactionData", "{\"duration\":\"5\"}");
	form_add(&in, "CallSid", "CA1");
	ok(store_redact_form(&in, NULL, 0, &out, &n, &err) == 0 && n == 0, "a call has nothing to redact");
	is_string(form_get(&out, "interactionData"), "{\"duration\":\"5\"}", "its data is kept");
	form_free(&in);
	form_free(&out);

	form_add(&in, "interactionData", "not json");
	ok(store_redact_form(&in, NULL, 0, &out, &n, &err) == 0 && n == 1, "data that is not JSON is redacted");
	is_string(form_get(&out, "interactionData"),
	    "[redacted sha256:7ccfa1fbf3940e6f0c0375d87c0f9235a50514e14cb427bdfaf5077987b26ccf len=8]",
	    "whole");
	form_free(&in);
	form_free(&out);

	/* With a key: the HMAC-SHA256 of the text under it (the values are
	 * what `openssl dgst -sha256 -hmac KEY` prints). */
	form_add(&in, "Body", "Are you still there? \xc3\x87" "a va?");
	ok(store_redact_form(&in, (const unsigned char *)"redaction-key-1", 15, &out, &n, &err) == 0 &&
	    n == 1, "a form is redacted with a key");
	is_string(form_get(&out, "Body"), "[redacted hmac-sha256:"
	    "ad6e0957bb1a2a9c5b57ed5102d39b6b99c37cde40feb07fee2a67ce9c06f6f9 len=28]",
	    "Body is the keyed hash and the length");
	{
		char *json = store_params_json(&out);

		is_int(store_params_redacted(json), 1, "and is counted as redacted");
		free(json);
	}
	form_free(&out);
	store_redact_form(&in, (const unsigned char *)"redaction-key-2", 15, &out, &n, &err);
	is_string(form_get(&out, "Body"), "[redacted hmac-sha256:"
	    "ea320dae9ca4a25db8f1add574ea9ab2266692e3cc62bb0cbaadce140faeeaa9 len=28]",
	    "another key, another hash");
	form_free(&in);
	form_free(&out);
	is_int((long long)store_redacted_prefix("[redacted hmac-sha256:ab len=2]"),
	    (long long)strlen("[redacted hmac-sha256:"), "the keyed marker is known");
	is_int((long long)store_redacted_prefix("[redacted md5:ab]"), 0, "another one is not");

	/* What the policy found: the kind kept, the value hashed as a body is
	 * (the values are what `openssl dgst -sha256 [-hmac KEY]` prints). */
	{
		char *found = store_redact_found("phone +34612345678", NULL, 0);

		is_string(found, "phone [redacted sha256:"
		    "1e41ef79cb1baa05fa88e837a70de6f6ae248454bc8dae474312c0baebe8c7a5 len=12]",
		    "a finding is redacted: its kind, the hash of its value");
		free(found);
		found = store_redact_found("phone +34612345678", (const unsigned char *)"redaction-key-1",
		    15);
		is_string(found, "phone [redacted hmac-sha256:"
		    "2b72d750aa7337c6307ef08030ec430c25a97730215ef523520679ce759f2b3b len=12]",
		    "with a key, the keyed hash");
		free(found);
		found = store_redact_found("+34612345678", NULL, 0);
		is_string(found, "[redacted sha256:"
		    "1e41ef79cb1baa05fa88e837a70de6f6ae248454bc8dae474312c0baebe8c7a5 len=12]",
		    "a finding without a kind is redacted whole");
		free(found);
	}
}

static void
event_for(struct event *ev, struct form *form, const char *sid, const char *token,
    int64_t received_ms)
{
	form_free(form);
	form_add(form, "interactionSid", sid);
	form_add(form, "interactionData", "{\"body\":\"line one\\nline \\u00e9\"}");
	memset(ev, 0, sizeof(*ev));
	ev->hook = "callback";
	ev->received_ms = received_ms;
	ev->idempotency_token = token;
	ev->interaction_sid = sid;
	ev->decision_us = -1;
	ev->params = form;
}

/* The interaction SIDs store_events walks for f, in order. */
static const char *
filtered(struct store *store, const struct event_filter *f)
{
	static struct seen seen;
	struct error err = { 0 };

	memset(&seen, 0, sizeof(seen));
	if (store_events(store, f, collect, &seen, &err) < 0)
		snprintf(seen.order, sizeof(seen.order), "error: %.240s", err.message);
	else if (seen.count > 0)
		seen.order[strlen(seen.order) - 1] = '\0';
	return seen.order;
}

/* Each filter of store_events, alone and together, as the CLI, the report
 * and the dashboard ask. Expects an empty store; leaves it empty. */
static void
test_filters(struct store *store)
{
	static const struct {
		const char *hook, *sid, *session, *participant, *decision, *rule, *token, *body;
		int64_t at;
	} events[] = {
		{ "callback", "KI01", "KC1", "KP1", NULL, NULL, NULL, "hello there", 1 },
		{ "intercept", "KI02", "KC1", "KP1", "allow", NULL, NULL, "see you", 2 },
		{ "intercept", "KI03", "KC1", "KP2", "block", "p.conf:3: block body phone", NULL,
		    "call 415 555 0199", 3 },
		{ "intercept", "KI04", "KC2", "KP3", "would-block", "p.conf:7: block body 50%_off",
		    NULL, "Visit Example.com", 4 },
		{ "out-of-session", "KI05", NULL, NULL, "error-block", NULL, NULL, "", 5 },
		{ "intercept", "KI06", "KC2", "KP3", "error-allow", NULL, "tok-f6", "bye", 6 },
		/* Stored last, received first: the order is the time received. */
		{ "callback", "KI00", "KC1", "KP1", NULL, NULL, NULL, "first", 0 },
	};
	const int64_t t = 1764400000000LL;
	struct event_filter f;
	struct error err = { 0 };
	struct form form = { 0 };
	struct event ev;
	char data[128];
	int64_t removed;
	size_t i;
	int dup, stored = 0;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		form_free(&form);
		form_add(&form, "interactionSid", events[i].sid);
		snprintf(data, sizeof(data), "{\"body\":\"%s\"}", events[i].body);
		form_add(&form, "interactionData", data);
		memset(&ev, 0, sizeof(ev));
		ev.hook = events[i].hook;
		ev.received_ms = t + events[i].at;
		ev.interaction_sid = events[i].sid;
		ev.session_sid = events[i].session;
		ev.participant_sid = events[i].participant;
		ev.decision = events[i].decision;
		ev.rule = events[i].rule;
		ev.idempotency_token = events[i].token;
		ev.decision_us = -1;
		ev.params = &form;
		stored += store_event_add(store, &ev, &dup, &err) == 0 && dup == 0;
	}
	form_free(&form);
	is_int(stored, 7, "filters: seven events stored");

#define FILTER(expected, what, ...) do { \
		memset(&f, 0, sizeof(f)); \
		f.since_ms = t; \
		__VA_ARGS__; \
		is_string(filtered(store, &f), expected, "filter: " what); \
	} while (0)
	FILTER("KI00 KI01 KI02 KI03 KI04 KI05 KI06", "none: all, in the order received", (void)0);
	FILTER("KI06 KI05 KI04 KI03 KI02 KI01 KI00", "newest first", f.newest_first = 1);
	FILTER("KI00 KI01 KI02", "until (received before it)", f.until_ms = t + 3);
	FILTER("KI02 KI03 KI04", "since and until", f.since_ms = t + 2; f.until_ms = t + 5);
	FILTER("KI05", "hook", f.hook = "out-of-session");
	FILTER("KI03", "decision block", f.decision = "block");
	FILTER("KI02", "decision allow", f.decision = "allow");
	FILTER("KI03 KI04 KI05", "decision blocked: the three that keep a message back",
	    f.decision = "blocked");
	FILTER("KI00 KI01", "decision none", f.decision = "none");
	FILTER("KI04", "rule: a part, any case", f.rule = "P.CONF:7");
	FILTER("KI04", "rule: % and _ are themselves", f.rule = "0%_o");
	FILTER("", "rule: % is not a wildcard", f.rule = "p.conf:%phone");
	FILTER("KI04 KI06", "session", f.session_sid = "KC2");
	FILTER("KI03", "participant", f.participant_sid = "KP2");
	FILTER("KI06", "idempotency token", f.idempotency_token = "tok-f6");
	FILTER("KI04", "text in the message, any case", f.text = "example.COM");
	FILTER("KI03", "text in the message with spaces", f.text = "415 555");
	FILTER("KI03 KI04", "text in the rule", f.text = "block body");
	FILTER("KI05", "text: the interaction's SID", f.text = "ki05");
	FILTER("", "text: quotes are only text", f.text = "'; DROP TABLE events; --");
	FILTER("KI05 KI06", "a limit: the newest, oldest first", f.limit = 2);
	FILTER("KI04 KI05", "limit and offset: the page before", f.limit = 2; f.offset = 1);
	FILTER("KI05 KI04", "limit and offset, newest first", f.limit = 2; f.offset = 1;
	    f.newest_first = 1);
	FILTER("KI00 KI01 KI02", "an offset alone skips the newest", f.offset = 4);
	FILTER("", "an offset past the end", f.limit = 5; f.offset = 7);
	FILTER("KI04", "together: hook, blocked, session, until", f.hook = "intercept";
	    f.decision = "blocked"; f.session_sid = "KC2"; f.until_ms = t + 6);
	FILTER("KI04 KI03", "together: the dashboard's blocked page", f.decision = "blocked";
	    f.hook = "intercept"; f.limit = 20; f.newest_first = 1);
	FILTER("error: decision: 'blocks' is not one of " STORE_FILTER_DECISIONS,
	    "an unknown decision is refused", f.decision = "blocks");
	{
		char long_text[STORE_FILTER_TEXT_MAX + 2];

		memset(long_text, 'x', sizeof(long_text) - 1);
		long_text[sizeof(long_text) - 1] = '\0';
		FILTER("error: text: longer than 200 bytes", "a text too long is refused",
		    f.text = long_text);
	}
#undef FILTER
	ok(store_purge(store, 1LL << 60, 0, &removed, &err) == 0 && removed == 7,
	    "filters: the events are removed again");
}

/* Event keys and retention. Expects an empty store; leaves it empty. */
static void
test_keys_and_purge(struct store *store)
{
	struct form form = { 0 };
	struct error err = { 0 };
	struct event ev;
	struct seen seen;
	struct event_filter f = { .hook = "out-of-session" };
	char key[STORE_EVENT_KEY_LEN + 1], other[STORE_EVENT_KEY_LEN + 1];
	int64_t n = -1;
	int dup = -1;

	ok(store_event_key(key, sizeof(key), &err) == 0 && strlen(key) == STORE_EVENT_KEY_LEN &&
	    strspn(key, "0123456789abcdef") == STORE_EVENT_KEY_LEN, "an event key is 32 hex digits");
	store_event_key(other, sizeof(other), &err);
	ok(strcmp(key, other) != 0, "and another one differs");
	event_for(&ev, &form, "KIold1", NULL, 1000);
	ev.hook = "out-of-session";
	ev.event_key = key;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "an event with its own key");
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 1,
	    "the same key again is a duplicate, even without a token");
	memset(&seen, 0, sizeof(seen));
	store_events(store, &f, collect, &seen, &err);
	is_string(seen.last_key, key, "the key is read back");
	is_int(seen.count, 1, "stored once");
	ev.event_key = NULL;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0,
	    "without a key the store makes one");
	memset(&seen, 0, sizeof(seen));
	store_events(store, &f, collect, &seen, &err);
	ok(strlen(seen.last_key) == STORE_EVENT_KEY_LEN && strcmp(seen.last_key, key) != 0,
	    "a fresh one");
	ev.hook = NULL;
	is_int(store_event_add(store, &ev, &dup, &err), STORE_REFUSED,
	    "an event without a hook is refused for good");

	event_for(&ev, &form, "KIold2", NULL, 2000);
	store_event_add(store, &ev, &dup, &err);
	event_for(&ev, &form, "KInew", NULL, 5000);
	store_event_add(store, &ev, &dup, &err);
	ok(store_count_before(store, 3000, &n, &err) == 0, "old events are counted");
	is_int(n, 3, "three before the cut");
	ok(store_purge(store, 3000, 2, &n, &err) == 0, "a batch is purged");
	is_int(n, 2, "as many as the batch allows");
	ok(store_purge(store, 3000, 0, &n, &err) == 0, "the rest is purged");
	is_int(n, 1, "the last old one");
	is_int(count_all(store), 1, "the newer event stays");
	ok(store_purge(store, 3000, 0, &n, &err) == 0 && n == 0, "nothing more to purge");
	store_purge(store, 6000, 0, &n, &err);
	is_int(count_all(store), 0, "and now it is gone too");

	/* An event with a token is kept once by its token (its key is not
	 * indexed), and its key is still stored. */
	event_for(&ev, &form, "KItoken", "tok-keyed", 7000);
	ev.hook = "out-of-session";
	ev.event_key = other;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "an event with a token and a key");
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 1,
	    "replayed with its key, it is a duplicate");
	ev.event_key = key;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 1,
	    "and with another key too: the token decides");
	memset(&seen, 0, sizeof(seen));
	store_events(store, &f, collect, &seen, &err);
	is_int(seen.count, 1, "stored once");
	is_string(seen.last_key, other, "with its first key");
	store_purge(store, 8000, 0, &n, &err);
	is_int(count_all(store), 0, "the store is empty again");
	form_free(&form);
}

static char *
read_all(const char *path)
{
	static char buf[65536];
	FILE *fp = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (fp != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		buf[n] = '\0';
		fclose(fp);
	}
	return buf;
}

/* The spool: what goes in comes out in order, once, whatever happens in
 * between. Expects an empty store; leaves it empty. */
static void
test_spool(struct store *store, const char *tmp)
{
	struct spool *spool = NULL;
	struct spool_stats stats;
	struct spool_status st;
	struct error err = { 0 };
	struct form form = { 0 };
	struct event ev;
	char dir[512], path[600], copy[65536], order[256], *d;
	char keys[3][STORE_EVENT_KEY_LEN + 1];
	int64_t n;
	int i, lock;

	d = spool_dir_for("/x/spool", "/var/lib/proxyhooks/events.db");
	is_string(d, "/x/spool", "spool_dir wins");
	free(d);
	d = spool_dir_for(NULL, "sqlite:/var/lib/proxyhooks/events.db");
	is_string(d, "/var/lib/proxyhooks/spool", "else a spool folder beside a SQLite database");
	free(d);
	d = spool_dir_for(NULL, "postgresql://ph@db.example.com/ph");
	is_string(d, LOCALSTATEDIR "/spool/proxyhooks", "else LOCALSTATEDIR/spool/proxyhooks");
	free(d);

	snprintf(dir, sizeof(dir), "%s/spool", tmp);
	if (!ok(spool_open(dir, &spool, &err) == 0, "a spool folder is made")) {
		diag("%s", err.message);
		return;
	}
	ok(!spool_pending(spool), "nothing waits in a new spool");
	for (i = 0; i < 3; i++) {
		char sid[16];

		snprintf(sid, sizeof(sid), "KIs%d", i);
		store_event_key(keys[i], sizeof(keys[i]), &err);
		event_for(&ev, &form, sid, i == 1 ? "tok-spool" : NULL, 10000 + i);
		ev.event_key = keys[i];
		ev.decision = "allow";
		ev.decision_us = 7;
		ev.response = "<Response/>";
		ev.found = i == 2 ? "email jane.doe88@gmail.com" : NULL;
		if (spool_append(spool, &ev, &err) < 0)
			diag("%s", err.message);
	}
	ev.event_key = NULL;
	ok(spool_append(spool, &ev, &err) < 0, "an event without a key is not spooled");
	ok(spool_pending(spool), "three events wait");
	snprintf(path, sizeof(path), "%s/events.spool", dir);
	snprintf(copy, sizeof(copy), "%s", read_all(path));
	ok(strchr(copy, '\n') != NULL && strstr(copy, "\"event_key\":\"") != NULL,
	    "one JSON line per event, with its key");
	ok(spool_status(spool, &st, &err) == 0 && st.waiting == 3 && st.oldest_ms == 10000 &&
	    st.rejected == 0, "status: three waiting, the oldest first");

	/* Another replay holds the lock: this one does nothing. */
	snprintf(path, sizeof(path), "%s/replay.lock", dir);
	lock = open(path, O_RDWR | O_CREAT, 0640);
	flock(lock, LOCK_EX);
	ok(spool_replay(spool, store, 0, 0, &stats, &err) == 0 && stats.busy == 1 &&
	    stats.replayed == 0, "a replay while another runs leaves at once");
	close(lock);

	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0, "the spool is replayed");
	is_int(stats.replayed, 3, "three events stored");
	ok(!spool_pending(spool), "nothing waits any more");
	order_of(store, order, sizeof(order));
	is_string(order, "KIs0 KIs1 KIs2 ", "in the order they were spooled");
	{
		struct event_filter f = { .hook = "callback", .limit = 1 };
		struct seen seen;

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_string(seen.last_params,
		    "[[\"interactionSid\",\"KIs2\"],[\"interactionData\",\"{\\\"body\\\":\\\"line one\\\\nline "
		    "\\\\u00e9\\\"}\"]]", "the parameters come back as they went in");
		is_string(seen.last_decision, "allow", "with the decision");
		is_string(seen.last_key, keys[2], "and the key");
		is_string(seen.last_found, "email jane.doe88@gmail.com", "and what the rule found");
	}

	/* A crash after storing but before the file went: offered again, stored once. */
	snprintf(path, sizeof(path), "%s/events.spool", dir);
	tap_put(path, copy, "w");
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.replayed == 0 &&
	    stats.duplicates == 3, "a second replay of the same lines stores nothing");
	is_int(count_all(store), 3, "each event is in the store once");

	/* A half-written last line and a line that is not an event: kept apart. */
	tap_put(path, "{\"v\":1,\"hook\":\"callback\",\"received_ms\":1", "w");
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.rejected == 1,
	    "an incomplete line is set aside");
	tap_put(path, "garbage\n", "w");
	spool_replay(spool, store, 1, 0, &stats, &err);
	is_int(stats.rejected, 1, "so is a line that is not JSON");
	/* A writer killed mid-line: the next line is not swallowed by it. */
	tap_put(path, "{\"v\":1,\"hook\":\"call", "w");
	event_for(&ev, &form, "KIafter", NULL, 30000);
	ev.event_key = NULL;
	store_event_key(keys[0], sizeof(keys[0]), &err);
	ev.event_key = keys[0];
	ok(spool_append(spool, &ev, &err) == 0, "an event is spooled after half a line");
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.rejected == 1 &&
	    stats.replayed == 1, "the half line is set aside, the event is stored");
	ok(spool_status(spool, &st, &err) == 0 && st.waiting == 0 && st.rejected == 3,
	    "status counts what was refused");
	/* A line spooled before events said what was found: it replays. */
	snprintf(path, sizeof(path), "%s/events.spool", dir);
	tap_put(path, "{\"v\":1,\"event_key\":\"0123456789abcdef0123456789abcdef\","
	    "\"hook\":\"intercept\",\"received_ms\":30001,\"interaction_sid\":\"KIolder\","
	    "\"decision\":\"block\",\"rule\":\"p:2: block body phone\",\"params\":[]}\n", "w");
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.replayed == 1 &&
	    stats.rejected == 0, "an older line without a finding replays");
	{
		struct event_filter f = { .hook = "intercept", .limit = 1 };
		struct seen seen;

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		ok(seen.count == 1 && strcmp(seen.last_found, "(null)") == 0,
		    "  stored with no finding");
	}
	ok(spool_status(spool, &st, &err) == 0 && st.waiting == 0 && st.rejected == 3,
	    "  and nothing more refused");
	snprintf(path, sizeof(path), "%s/rejected.spool", dir);
	snprintf(path, sizeof(path), "%s/rejected.spool", dir);
	ok(strstr(read_all(path), "garbage\n{\"v\":1,\"hook\":\"call\n") != NULL,
	    "kept in rejected.spool");

	/* An interrupted replay resumes where it stopped. */
	snprintf(path, sizeof(path), "%s/replaying.spool", dir);
	tap_put(path, copy, "w");
	ok(spool_pending(spool), "an interrupted replay is pending");
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.duplicates == 3 &&
	    access(path, F_OK) < 0, "and is finished by the next");
	is_int(count_all(store), 5, "every event once");

	/* A long spool is stored a batch at a time; a line the store refuses
	 * in the middle is set aside once, and every event around it stored. */
	store_purge(store, 1LL << 60, 0, &n, &err);
	{
		char sid[32], rejected_before[65536];
		int k, appended = 0;

		snprintf(path, sizeof(path), "%s/rejected.spool", dir);
		snprintf(rejected_before, sizeof(rejected_before), "%s", read_all(path));
		for (k = 0; k < 600; k++) {
			if (k == 300) {
				snprintf(path, sizeof(path), "%s/events.spool", dir);
				tap_put(path, "not an event\n", "a");
			}
			snprintf(sid, sizeof(sid), "KIlong%d", k);
			event_for(&ev, &form, sid, NULL, 40000 + k);
			store_event_key(keys[0], sizeof(keys[0]), &err);
			ev.event_key = keys[0];
			appended += spool_append(spool, &ev, &err) == 0;
		}
		is_int(appended, 600, "600 events spooled, a bad line among them");
		ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.replayed == 600 &&
		    stats.rejected == 1, "all 600 stored, the bad line set aside");
		is_int(count_all(store), 600, "each once");
		snprintf(path, sizeof(path), "%s/rejected.spool", dir);
		is_int((long long)(strlen(read_all(path)) - strlen(rejected_before)),
		    (long long)strlen("not an event\n"), "the bad line is in rejected.spool once");
		ok(!spool_pending(spool), "nothing waits");
	}

	store_purge(store, 1LL << 60, 0, &n, &err);
	spool_close(spool);
	form_free(&form);
}

/* The number a PRAGMA answers, or -1. */
static int
pragma_int(sqlite3 *db, const char *pragma)
{
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (sqlite3_prepare_v2(db, pragma, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* SQLite only: how the events query for f is read. */
static void
query_plan(const char *path, const struct event_filter *f, char *out, size_t len)
{
	struct store_query q;
	struct error err = { 0 };
	sqlite3_stmt *st;
	sqlite3 *db;
	char sql[2200];
	size_t o = 0;

	out[0] = '\0';
	if (store_query_events(&q, f, 0, &err) < 0)
		return;
	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", q.sql);
	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW && o < len)
			o += (size_t)snprintf(out + o, len - o, "%s;",
			    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(db);
	store_query_free(&q);
}

/* SQLite only: each filter the dashboard pages through is read along an
 * index, in the order asked for, without sorting the events. */
static void
test_filter_indexes(const char *path)
{
	static const struct {
		const char *what, *index;
		struct event_filter f;
	} cases[] = {
		{ "the newest events", "events_received",
		    { .since_ms = 1, .limit = 20, .newest_first = 1 } },
		{ "a time range", "events_received",
		    { .since_ms = 1, .until_ms = 9, .limit = 20, .newest_first = 1 } },
		{ "the blocked ones", "events_blocked_time",
		    { .since_ms = 1, .decision = "blocked", .limit = 20, .newest_first = 1 } },
		{ "a hook and a decision", "events_received",
		    { .since_ms = 1, .hook = "intercept", .decision = "allow", .limit = 20,
		    .newest_first = 1 } },
		{ "a hook and a blocking decision", "events_blocked_time",
		    { .since_ms = 1, .hook = "intercept", .decision = "would-block", .limit = 20,
		    .newest_first = 1 } },
		{ "a session", "events_session",
		    { .since_ms = 1, .session_sid = "KC1", .limit = 20, .offset = 20,
		    .newest_first = 1 } },
		{ "a participant", "events_participant",
		    { .since_ms = 1, .participant_sid = "KP1", .limit = 20, .newest_first = 1 } },
	};
	char plan[512], name[160];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		query_plan(path, &cases[i].f, plan, sizeof(plan));
		snprintf(name, sizeof(name), "%s: along %s, no sort", cases[i].what, cases[i].index);
		if (!ok(strstr(plan, cases[i].index) != NULL && strstr(plan, "TEMP B-TREE") == NULL,
		    name))
			diag("plan: %s", plan);
	}
}

/* SQLite only: the text of one row of sql's answer (its columns joined
 * by '|'), into out. */
static void
sql_text(const char *path, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *db;

	snprintf(out, len, "(failed)");
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0) != NULL ?
		    (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* What event_counts and event_totals should hold, counted from events,
 * against what they hold. */
#define COUNTED_EVENTS "SELECT group_concat(r, ';') FROM (SELECT hook || '|' ||" \
	" " STORE_SQLITE_COUNTED("decision") " || '|' || " STORE_SQLITE_MINUTE("received_ms") \
	" || '|' || count(*) AS r FROM events GROUP BY hook, " STORE_SQLITE_COUNTED("decision") "," \
	" " STORE_SQLITE_MINUTE("received_ms") " ORDER BY 1)"
#define COUNTS_KEPT "SELECT group_concat(r, ';') FROM (SELECT hook || '|' || decision" \
	" || '|' || minute_ms || '|' || n AS r FROM event_counts ORDER BY 1)"
#define TOTALLED_EVENTS "SELECT group_concat(r, ';') FROM (SELECT " \
	STORE_SQLITE_MINUTE("received_ms") " || '|' || count(*) AS r FROM events GROUP BY " \
	STORE_SQLITE_MINUTE("received_ms") " ORDER BY 1)"
#define TOTALS_KEPT "SELECT group_concat(r, ';') FROM (SELECT minute_ms || '|' || n AS r" \
	" FROM event_totals ORDER BY 1)"

static void
counts_agree(const char *path, const char *when)
{
	char want[4096], got[4096], name[200];

	sql_text(path, COUNTED_EVENTS, want, sizeof(want));
	sql_text(path, COUNTS_KEPT, got, sizeof(got));
	snprintf(name, sizeof(name), "%s: the counts a minute are the events' (%.60s)", when, want);
	if (!is_string(got, want, name))
		diag("events: %s", want);
	sql_text(path, TOTALLED_EVENTS, want, sizeof(want));
	sql_text(path, TOTALS_KEPT, got, sizeof(got));
	snprintf(name, sizeof(name), "%s: and so are the totals", when);
	is_string(got, want, name);
}

/* The count of events in [from, to) of hook and decision, from events. */
static long long
events_between(const char *path, const char *hook, const char *decision, int64_t from,
    int64_t to)
{
	char sql[512], text[64];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM events WHERE received_ms >= %lld"
	    " AND received_ms < %lld%s%s%s%s%s", (long long)from, (long long)to,
	    hook != NULL ? " AND hook = '" : "", hook != NULL ? hook : "", hook != NULL ? "'" : "",
	    hook == NULL ? "" : decision == NULL ? " AND decision IS NULL" : " AND decision = '",
	    hook == NULL || decision == NULL ? "" : decision);
	if (hook != NULL && decision != NULL)
		strcat(sql, "'");
	sql_text(path, sql, text, sizeof(text));
	return atoll(text);
}

/* SQLite only: the charts count from event_counts and event_totals (schema
 * change 10), which the store keeps equal to counting the events: through
 * batches, duplicates, events refused and batches rolled back, retention,
 * a replay from the spool; and a chart's intervals, whole minutes or not,
 * count what counting the events gives. Expects an empty store; leaves it
 * empty. */
static void
test_counts(struct store *store, const char *path, const char *tmp)
{
	static const char *const hooks[] = { "intercept", "callback", "out-of-session" };
	static const char *const decisions[] = { "allow", "block", NULL, "would-block" };
	const int64_t base = 1764490620000LL;	/* a whole minute */
	struct form form = { 0 };
	struct error err = { 0 };
	struct event ev;
	struct spool *spool = NULL;
	struct spool_stats stats;
	char sid[32], token[32], spool_dir[512];
	int64_t n, bounds[8], counts[7];
	int dup, i, k, ok_all;

	is_int(count_all(store), 0, "counts: the store is empty");
	/* A batch over three minutes, of every kind, with repeats. */
	ok(store_begin(store, 1000, &err) == 1, "counts: a batch begins");
	for (i = 0; i < 90; i++) {
		snprintf(sid, sizeof(sid), "KIc%d", i);
		snprintf(token, sizeof(token), "tok-c%d", i % 80);
		event_for(&ev, &form, sid, token, base - 1 + (i % 80) * 2000);
		ev.hook = hooks[i % 80 % 3];
		ev.decision = ev.hook[0] == 'c' ? NULL : decisions[i % 4];
		store_event_add(store, &ev, &dup, &err);
	}
	ev.hook = NULL;
	is_int(store_event_add(store, &ev, &dup, &err), STORE_REFUSED,
	    "counts: an event refused within the batch");
	ok(store_commit(store, &err) == 0, "counts: the batch commits");
	counts_agree(path, "after a batch with repeats");
	is_int(count_all(store), 80, "  (80 events, 10 repeats)");

	/* A batch rolled back counts nothing. */
	store_begin(store, 1000, &err);
	event_for(&ev, &form, "KIrolled", "tok-rolled", base + 5000);
	ev.hook = "intercept";
	ev.decision = "allow";
	store_event_add(store, &ev, &dup, &err);
	store_rollback(store);
	counts_agree(path, "after a batch rolled back");

	/* Alone, outside a batch; more kinds than a batch keeps in memory; a
	 * hook and decision too long to keep there. */
	event_for(&ev, &form, "KIalone", NULL, base + 7000);
	ev.hook = "intercept";
	ev.decision = "error-allow";
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "counts: an event alone");
	store_begin(store, 1000, &err);
	for (i = 0; i < 40; i++) {
		snprintf(sid, sizeof(sid), "KIm%d", i);
		event_for(&ev, &form, sid, NULL, base + 600000LL * i + 17);
		ev.hook = "voice";
		ev.decision = "allow";
		store_event_add(store, &ev, &dup, &err);
	}
	event_for(&ev, &form, "KIlong", NULL, base + 3);
	ev.hook = "a-hook-whose-name-is-longer-than-thirty-two-bytes";
	ev.decision = "a-decision-whose-name-is-longer-than-thirty-two-bytes";
	store_event_add(store, &ev, &dup, &err);
	ok(store_commit(store, &err) == 0, "counts: a batch of 41 kinds commits");
	counts_agree(path, "after more kinds than are kept in memory");

	/* A chart's intervals: whole minutes, parts of minutes, less than a
	 * minute, empty. */
	bounds[0] = base - 60000;
	bounds[1] = base - 1;
	bounds[2] = base + 30000;
	bounds[3] = base + 30001;
	bounds[4] = base + 120000;
	bounds[5] = base + 185500;
	bounds[6] = base + 185500;
	bounds[7] = base + 600000LL * 41;
	for (k = -1, ok_all = 1; k < 12; k++) {
		const char *hook = k < 0 ? NULL : k < 4 ? "intercept" : k < 8 ? "out-of-session" :
		    k < 11 ? "callback" : "voice";
		const char *decision = k < 0 || k >= 8 ? (k == 11 ? "allow" : NULL) : decisions[k % 4];

		if (store_event_histogram(store, hook, decision, bounds, 7, counts, &err) < 0) {
			diag("%s", err.message);
			ok_all = 0;
			continue;
		}
		for (i = 0; i < 7; i++)
			if (counts[i] != events_between(path, hook, decision, bounds[i], bounds[i + 1])) {
				diag("%s/%s [%d]: %lld, not %lld", hook ? hook : "every",
				    decision ? decision : "none", i, (long long)counts[i],
				    events_between(path, hook, decision, bounds[i], bounds[i + 1]));
				ok_all = 0;
			}
	}
	ok(ok_all, "counts: every interval of every kind counts what the events hold");

	/* Through the spool, twice: the second time they are repeats. */
	snprintf(spool_dir, sizeof(spool_dir), "%s/counts-spool", tmp);
	if (spool_open(spool_dir, &spool, &err) == 0) {
		for (i = 0; i < 2; i++) {
			event_for(&ev, &form, "KIspooled", "tok-spooled", base + 61000);
			ev.hook = "intercept";
			ev.decision = "block";
			ev.event_key = "0123456789abcdef0123456789abcdef";
			spool_append(spool, &ev, &err);
			spool_replay(spool, store, 0, 1000, &stats, &err);
		}
		spool_close(spool);
	}
	counts_agree(path, "after a replay from the spool, twice");

	/* Retention, a few at a time, then the rest. */
	ok(store_purge(store, base + 100000, 7, &n, &err) == 0 && n == 7,
	    "counts: seven old events purged");
	counts_agree(path, "after a partial purge");
	store_purge(store, base + 100000, 0, &n, &err);
	counts_agree(path, "after retention");
	store_purge(store, 1LL << 60, 0, &n, &err);
	counts_agree(path, "with no event left");
	{
		char left[64];

		sql_text(path, "SELECT (SELECT count(*) FROM event_counts) || '|' ||"
		    " (SELECT count(*) FROM event_totals)", left, sizeof(left));
		is_string(left, "0|0", "counts: no count is left when the events are gone");
	}
	form_free(&form);
}

/* SQLite only: a database of schema version 1 gains event keys. */
static void
test_migration(const char *tmp)
{
	char path[512];
	sqlite3 *db;
	struct store *store = NULL;
	struct error err = { 0 };
	struct seen seen;
	struct event_filter all = { .hook = NULL };

	snprintf(path, sizeof(path), "%s/v1.db", tmp);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE events (id INTEGER PRIMARY KEY, hook TEXT NOT NULL,"
	    " received_ms INTEGER NOT NULL, idempotency_token TEXT, interaction_sid TEXT,"
	    " session_sid TEXT, participant_sid TEXT, decision TEXT, rule TEXT, decision_us INTEGER,"
	    " response TEXT, params TEXT NOT NULL);"
	    "CREATE UNIQUE INDEX events_idempotency ON events(hook, idempotency_token)"
	    " WHERE idempotency_token IS NOT NULL;"
	    "CREATE TABLE participants (sid TEXT PRIMARY KEY, number TEXT NOT NULL,"
	    " session_sid TEXT, service_sid TEXT, proxy_number TEXT, friendly_name TEXT,"
	    " updated_ms INTEGER NOT NULL);"
	    "INSERT INTO events (hook, received_ms, params) VALUES ('callback', 1, '[]');"
	    "PRAGMA user_version = 1;", NULL, NULL, NULL);
	sqlite3_close(db);
	if (!ok(store_open(path, &store, &err) == 0, "a version 1 database opens")) {
		diag("%s", err.message);
		return;
	}
	memset(&seen, 0, sizeof(seen));
	store_events(store, &all, collect, &seen, &err);
	ok(seen.count == 1 && strcmp(seen.last_key, "(null)") == 0,
	    "its events are kept, without a key");
	store_close(store);
	sqlite3_open(path, &db);
	{
		sqlite3_stmt *st;
		int version = pragma_int(db, "PRAGMA user_version");

		is_int(version, 10, "and it is at the newest version, 10");
		/* Version 4: an insert no longer builds a temporary index for
		 * the blocked-events index's condition. */
		version = 0;
		sqlite3_prepare_v2(db, "EXPLAIN INSERT INTO events (hook, received_ms, decision,"
		    " params) VALUES ('intercept', 2, 'block', '[]')", -1, &st, NULL);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0)
				version = -1;
		sqlite3_finalize(st);
		is_int(version, 0, "an insert of an event builds no temporary index");
		sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT id FROM events WHERE"
		    " (decision = 'block' OR decision = 'would-block' OR decision = 'error-block')"
		    " AND received_ms >= 1 ORDER BY received_ms DESC LIMIT 5", -1, &st, NULL);
		version = 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strstr((const char *)sqlite3_column_text(st, 3), "events_blocked") != NULL)
				version = 1;
		sqlite3_finalize(st);
		is_int(version, 1, "the blocked events are still read through their index");
		/* Version 5: an event with a token is not in events_key. */
		sqlite3_exec(db, "INSERT INTO events (hook, received_ms, idempotency_token, params,"
		    " event_key) VALUES ('intercept', 3, 'tok-1', '[]', 'k1'),"
		    " ('intercept', 4, NULL, '[]', 'k2')", NULL, NULL, NULL);
		sqlite3_prepare_v2(db, "SELECT count(*) FROM events INDEXED BY events_key"
		    " WHERE event_key IS NOT NULL AND idempotency_token IS NULL", -1, &st, NULL);
		version = -1;
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		is_int(version, 1, "events_key holds only the event without a token");
		/* Version 9: what the rule found has its column. */
		version = sqlite3_exec(db, "UPDATE events SET found = 'phone +34612345678'"
		    " WHERE id = 1", NULL, NULL, NULL);
		is_int(version, SQLITE_OK, "the events have a column for what was found");
	}
	sqlite3_close(db);
	unlink(path);
}

/* SQLite only: a database of version 9 with events in it gets its counts
 * a minute from them (change 10), and loses events_kind. */
static void
test_counts_migration(const char *tmp)
{
	char path[512], text[64];
	struct store *store = NULL;
	struct error err = { 0 };
	struct form form = { 0 };
	struct event ev;
	sqlite3 *db;
	char *change;
	int64_t n;
	int v, dup, failed = 0;

	snprintf(path, sizeof(path), "%s/v9-counts.db", tmp);
	sqlite3_open(path, &db);
	for (v = 0; v < 9; v++) {
		change = store_schema_change(STORE_SQLITE, v);
		if (change == NULL || sqlite3_exec(db, change, NULL, NULL, NULL) != SQLITE_OK)
			failed = 1;
		free(change);
	}
	if (sqlite3_exec(db, "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i"
	    " WHERE k < 299) INSERT INTO events (hook, received_ms, decision, params)"
	    " SELECT CASE k % 3 WHEN 0 THEN 'callback' WHEN 1 THEN 'intercept'"
	    " ELSE 'out-of-session' END, 1764490600000 + k * 1777,"
	    " CASE WHEN k % 3 = 0 THEN NULL WHEN k % 5 = 0 THEN 'block' ELSE 'allow' END, '[]'"
	    " FROM i; PRAGMA user_version = 9;", NULL, NULL, NULL) != SQLITE_OK)
		failed = 1;
	sqlite3_close(db);
	ok(!failed, "counts: a version 9 database with 300 events is made");
	if (!ok(store_open(path, &store, &err) == 0, "counts: it opens")) {
		diag("%s", err.message);
		return;
	}
	counts_agree(path, "migrated from version 9");
	sql_text(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_kind'", text,
	    sizeof(text));
	is_string(text, "0", "counts: events_kind is gone");
	event_for(&ev, &form, "KInew", "tok-new", 1764490600000LL + 5);
	ev.hook = "intercept";
	ev.decision = "allow";
	store_event_add(store, &ev, &dup, &err);
	counts_agree(path, "and with an event added");
	store_purge(store, 1764490600000LL + 100 * 1777, 0, &n, &err);
	is_int(n, 101, "counts: a third of them purged");
	counts_agree(path, "and after retention");
	store_close(store);
	form_free(&form);
	unlink(path);
}

/* SQLite only: a database left at any earlier version, with an event in
 * it, is brought to the newest by the changes it has not had. */
static void
test_every_version(const char *tmp)
{
	int newest = store_schema_version(STORE_SQLITE), from, v;

	for (from = 1; from < newest; from++) {
		char path[512], sql[64], *change, name[80];
		sqlite3 *db;
		struct store *store = NULL;
		struct error err = { 0 };
		struct seen seen;
		struct event_filter all = { NULL, 0, 0 };
		int failed = 0, version;

		snprintf(path, sizeof(path), "%s/v%d.db", tmp, from);
		sqlite3_open(path, &db);
		for (v = 0; v < from; v++) {
			change = store_schema_change(STORE_SQLITE, v);
			if (change == NULL || sqlite3_exec(db, change, NULL, NULL, NULL) != SQLITE_OK)
				failed = 1;
			free(change);
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", from);
		if (sqlite3_exec(db, "INSERT INTO events (hook, received_ms, params)"
		    " VALUES ('callback', 1, '[]')", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			failed = 1;
		sqlite3_close(db);
		snprintf(name, sizeof(name), "a version %d database is made", from);
		ok(!failed, name);
		snprintf(name, sizeof(name), "a version %d database opens", from);
		if (!ok(store_open(path, &store, &err) == 0, name)) {
			diag("%s", err.message);
			unlink(path);
			continue;
		}
		memset(&seen, 0, sizeof(seen));
		store_events(store, &all, collect, &seen, &err);
		is_int(seen.count, 1, "  its event is kept");
		store_close(store);
		sqlite3_open(path, &db);
		version = pragma_int(db, "PRAGMA user_version");
		sqlite3_close(db);
		is_int(version, newest, "  and it is at the newest version");
		unlink(path);
	}
}

/* SQLite only: a store locked by another process's write transaction
 * fails within the timeout (instead of waiting), and the spool keeps what
 * it could not take until the lock is gone. */
static void
test_locked(struct store *store, const char *path, const char *tmp)
{
	struct spool *spool = NULL;
	struct spool_stats stats;
	struct form form = { 0 };
	struct error err = { 0 };
	struct event ev;
	sqlite3 *holder;
	char dir[512], key[STORE_EVENT_KEY_LEN + 1];
	int dup, before = count_all(store);

	snprintf(dir, sizeof(dir), "%s/spool", tmp);
	spool_open(dir, &spool, &err);
	sqlite3_open(path, &holder);
	sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	store_set_timeout(store, 100);
	event_for(&ev, &form, "KIlocked", NULL, 20000);
	store_event_key(key, sizeof(key), &err);
	ev.event_key = key;
	/* The holder keeps its lock for good: that the add returns at all,
	 * saying the store is locked, shows its timeout at work (untimed: a
	 * slow machine makes it later, not wrong). */
	ok(store_event_add(store, &ev, &dup, &err) == -1, "a locked store fails, after its timeout");
	ok(strstr(err.message, "locked") != NULL, "saying why");
	if (spool != NULL)
		spool_append(spool, &ev, &err);
	memset(&err, 0, sizeof(err));
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == -1, "a replay into it fails");
	ok(spool_pending(spool), "and keeps the event");
	sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(holder);
	ok(spool_replay(spool, store, 1, 0, &stats, &err) == 0 && stats.replayed == 1,
	    "once the lock is gone the replay stores it");
	is_int(count_all(store), before + 1, "once");
	store_set_timeout(store, STORE_DEFAULT_TIMEOUT_MS);
	spool_close(spool);
	form_free(&form);
}

/* Whether a process holds the writers' lock of the database at path
 * (version.c: a record lock on byte 4096 of path-directory). */
static int
writers_lock_held(const char *path)
{
	char side[300];
	struct flock fl;
	int fd, held;

	snprintf(side, sizeof(side), "%s-directory", path);
	if ((fd = open(side, O_RDWR)) < 0)
		return -1;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 4096;
	fl.l_len = 1;
	held = fcntl(fd, F_OFD_GETLK, &fl) == 0 ? fl.l_type != F_UNLCK : -1;
	close(fd);
	return held;
}

/* `t/store --writer PATH WAIT_MS HOLD`: open the store at PATH and begin
 * a batch, waiting up to WAIT_MS; write what store_begin said to standard
 * output, then, if HOLD is 1, wait to be killed. A process of its own
 * (this program exec'ed again: SQLite's state is not carried across a
 * fork). */
static const char *store_program;

static int
writer_main(char **argv)
{
	struct store *store;
	struct error err = { 0 };
	char said;

	said = store_open(argv[0], &store, &err) == 0 ?
	    (char)('0' + store_begin(store, atol(argv[1]), &err)) : 'e';
	if (write(STDOUT_FILENO, &said, 1) != 1)
		return 1;
	if (atoi(argv[2]) == 1)
		for (;;)
			pause();
	if (said == '1')
		store_commit(store, &err);
	return 0;
}

/* Start writer_main in a process of its own: the pipe's end it answers on
 * (which reads nothing more once it has exited), or -1. */
static int
writer_child(const char *path, long wait_ms, int hold, pid_t *pid)
{
	char wait[32];
	int fds[2];

	if (pipe(fds) < 0)
		return -1;
	if ((*pid = fork()) == 0) {
		snprintf(wait, sizeof(wait), "%ld", wait_ms);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(store_program, store_program, "--writer", path, wait, hold ? "1" : "0",
		    (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (*pid < 0) {
		close(fds[0]);
		return -1;
	}
	return fds[0];
}

/* The writers' lock that store_begin takes before SQLite's: a second
 * batch waits for the first to end, a waiter gets the lock when it is
 * released, and a holder killed leaves it to the next. */
static void
test_writers(const char *tmp)
{
	struct store *a = NULL, *b = NULL;
	struct error err = { 0 };
	char path[300], said = 0;
	int fd, status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/writers.db", tmp);
	if (!ok(store_open(path, &a, &err) == 0 && store_open(path, &b, &err) == 0,
	    "two connections to one database")) {
		diag("%s", err.message);
		return;
	}
	is_int(writers_lock_held(path), 0, "no batch: the writers' lock is free");
	is_int(store_begin(a, 1000, &err), 1, "a batch begins");
	is_int(writers_lock_held(path), 1, "holding the writers' lock");
	is_int(store_begin(b, 0, &err), 0, "a second batch that may not wait is told the store is busy");
	/* Untimed: that it returns at all shows the wait ends. */
	is_int(store_begin(b, 50, &err), 0, "so is one that waits less than the first holds it");
	ok(store_commit(a, &err) == 0, "the first commits");
	is_int(writers_lock_held(path), 0, "and gives the lock back");
	is_int(store_begin(b, 0, &err), 1, "the second then begins");
	store_rollback(b);
	is_int(writers_lock_held(path), 0, "a rollback gives the lock back too");

	is_int(store_begin(a, 1000, &err), 1, "a batch holds the lock");
	fd = writer_child(path, 60000, 0, &pid);
	/* The child waits (for up to a minute) until the commit below. */
	ok(store_commit(a, &err) == 0, "and commits while another process waits for it");
	ok(fd >= 0 && read(fd, &said, 1) == 1 && said == '1',
	    "the waiting process then begins its batch");
	if (fd >= 0) {
		close(fd);
		waitpid(pid, &status, 0);
	}

	fd = writer_child(path, 1000, 1, &pid);
	said = 0;
	ok(fd >= 0 && read(fd, &said, 1) == 1 && said == '1', "a process begins a batch and holds it");
	is_int(store_begin(a, 0, &err), 0, "no other batch begins meanwhile");
	if (fd >= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(fd);
	}
	is_int(store_begin(a, 60000, &err), 1, "killed with SIGKILL, it leaves the lock to the next");
	store_rollback(a);
	store_close(a);
	store_close(b);
}

/* The checkpoint checkpoint_later leaves to store_checkpoint: batches let
 * the WAL grow past SQLite's checkpoint size, and once store_checkpoint
 * has copied it, the next batch starts it again from its beginning (which
 * SQLite does only when all of it is in the database). */
static uint32_t
wal_restarts(const char *path)
{
	char wal[300];
	unsigned char head[16];
	int fd;
	uint32_t n = 0;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	if ((fd = open(wal, O_RDONLY)) >= 0) {
		/* The WAL header's checkpoint sequence (big-endian, at 12). */
		if (read(fd, head, sizeof(head)) == (ssize_t)sizeof(head))
			n = (uint32_t)head[12] << 24 | (uint32_t)head[13] << 16 |
			    (uint32_t)head[14] << 8 | head[15];
		close(fd);
	}
	return n;
}

static int
batch_of_one(struct store *store, struct form *form, int i)
{
	struct error err = { 0 };
	struct event ev;
	char sid[32], key[STORE_EVENT_KEY_LEN + 1];
	int dup;

	snprintf(sid, sizeof(sid), "KIwal%06d", i);
	event_for(&ev, form, sid, NULL, 30000 + i);
	store_event_key(key, sizeof(key), &err);
	ev.event_key = key;
	return store_begin(store, 1000, &err) == 1 && store_event_add(store, &ev, &dup, &err) == 0 &&
	    store_commit(store, &err) == 0 ? 0 : -1;
}

static void
test_checkpoint_later(const char *tmp)
{
	struct store *store = NULL;
	struct form form = { 0 };
	struct error err = { 0 };
	struct stat st;
	char path[300], wal[320];
	const off_t frames = 1500 * (16384 + 24);
	uint32_t restarts;
	int i, failed = 0;

	snprintf(path, sizeof(path), "%s/checkpoint.db", tmp);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (!ok(store_open(path, &store, &err) == 0, "a store for the checkpoint")) {
		diag("%s", err.message);
		return;
	}
	store_checkpoint_later(store);
	for (i = 0; i < 5000 && !failed; i++) {
		failed = batch_of_one(store, &form, i) < 0;
		if (stat(wal, &st) == 0 && st.st_size > frames)
			break;
	}
	ok(!failed && stat(wal, &st) == 0 && st.st_size > frames,
	    "batches alone do not checkpoint: the WAL grows past 1000 pages");
	restarts = wal_restarts(path);
	batch_of_one(store, &form, i + 1);
	is_int((int)(wal_restarts(path) - restarts), 0, "it is not started again by itself");
	ok(store_checkpoint(store, 1000, &err) == 0, "store_checkpoint copies it");
	batch_of_one(store, &form, i + 2);
	is_int((int)(wal_restarts(path) - restarts), 1, "all of it: the next batch starts the WAL again");
	is_int(count_all(store), i + 3, "every event is in the store");
	ok(store_checkpoint(store, 1000, &err) == 0, "with nothing due, store_checkpoint does nothing");
	form_free(&form);
	store_close(store);
}

/* The digit runs kept across messages: newest first, by participant and
 * session, within the window asked, and the old pruned at each add. */
struct runs_seen {
	char    text[4][32];
	int64_t at[4];
	int     count;
};

static int
collect_runs(void *arg, int64_t at_ms, const char *runs)
{
	struct runs_seen *r = arg;

	if (r->count < 4) {
		snprintf(r->text[r->count], sizeof(r->text[0]), "%s", runs);
		r->at[r->count] = at_ms;
	}
	r->count++;
	return 0;
}

static void
test_runs(struct store *store)
{
	struct error err = { 0 };
	struct runs_seen r;

	ok(store_runs_add(store, "MB1", "CH1", 1000, "612", "tok-a", 0, &err) == 0,
	    "runs are kept");
	store_runs_add(store, "MB1", "CH1", 2000, "", NULL, 0, &err);
	store_runs_add(store, "MB1", "CH1", 3000, "345 678", "tok-b", 0, &err);
	ok(store_runs_add(store, "MB1", "CH1", 3100, "345 678", "tok-b", 0, &err) == 0,
	    "a message delivered again is no error");
	store_runs_add(store, "MB2", "CH1", 3500, "999", NULL, 0, &err);
	store_runs_add(store, "MB1", "CH2", 3600, "111", NULL, 0, &err);
	memset(&r, 0, sizeof(r));
	ok(store_runs_recent(store, "MB1", "CH1", 0, 5000, NULL, 2, collect_runs, &r, &err) == 0,
	    "a participant's recent runs are read");
	is_int(r.count, 2, "at most as many as asked");
	is_string(r.text[0], "345 678", "newest first, a message delivered again kept once");
	is_string(r.text[1], "", "a message with no digits is a row too");
	memset(&r, 0, sizeof(r));
	store_runs_recent(store, "MB1", "CH1", 1500, 3000, NULL, 5, collect_runs, &r, &err);
	ok(r.count == 1 && r.at[0] == 2000, "only those within the window, before until");
	memset(&r, 0, sizeof(r));
	store_runs_recent(store, "MB1", "CH1", 0, 5000, "tok-b", 5, collect_runs, &r, &err);
	ok(r.count == 2 && r.at[0] == 2000 && r.at[1] == 1000,
	    "the row kept under the key asked with is left out (a message delivered again)");
	memset(&r, 0, sizeof(r));
	ok(store_runs_add(store, "MB3", "CH3", 10000, "1", NULL, 2500, &err) == 0,
	    "an add with a prune time");
	store_runs_recent(store, "MB1", "CH1", 0, 20000, NULL, 5, collect_runs, &r, &err);
	ok(r.count == 1 && strcmp(r.text[0], "345 678") == 0, "prunes the rows older than it");
	memset(&r, 0, sizeof(r));
	store_runs_recent(store, "MB2", "CH1", 0, 20000, NULL, 5, collect_runs, &r, &err);
	ok(r.count == 1 && strcmp(r.text[0], "999") == 0, "another participant's are its own");
	store_runs_add(store, "MB3", "CH3", 20000, "", NULL, 1LL << 60, &err);
	memset(&r, 0, sizeof(r));
	store_runs_recent(store, "MB3", "CH3", 0, 1LL << 61, NULL, 5, collect_runs, &r, &err);
	is_int(r.count, 1, "pruning spares the row being added");
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/ph-store-XXXXXX", path[256];
	const char *database = argc > 1 ? argv[1] : NULL;
	struct store *store = NULL;
	struct error err = { 0 };
	struct form form = { 0 };
	struct event ev;
	struct event_filter all = { .hook = NULL };
	struct seen seen;
	struct participant p;
	struct stat st;
	int64_t count = -1;
	long long stats[2] = { 0, 0 }, newest_id = -1;
	int dup = -1, n, i, sqlite = database == NULL;

	if (argc == 5 && strcmp(argv[1], "--writer") == 0)
		return writer_main(argv + 2);
	store_program = argv[0];
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/events.db", dir);
	if (database == NULL)
		database = path;
	test_redact();
	test_params_json();
	if (!ok(store_open(database, &store, &err) == 0, "a new store opens")) {
		diag("%s", err.message);
		return done_testing();
	}
	is_string(store_kind(store), sqlite ? "sqlite" : "postgresql", "its kind");
	if (sqlite)
		ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640,
		    "the file is created mode 0640");
	test_keys_and_purge(store);
	test_filters(store);
	test_runs(store);
	test_spool(store, dir);
	if (sqlite) {
		test_locked(store, path, dir);
		store_purge(store, 1LL << 60, 0, &count, &err);
		test_counts(store, path, dir);
		test_counts_migration(dir);
		test_writers(dir);
		test_checkpoint_later(dir);
	}
	form_add(&form, "interactionSid", "KI0001");
	form_add(&form, "interactionData", "{\"body\":\"caf\xc3\xa9 \\\"quoted\\\"\"}");
	form_add(&form, "Digits", "1");
	form_add(&form, "Digits", "2");
	memset(&ev, 0, sizeof(ev));
	ev.hook = "callback";
	ev.received_ms = 1764490643123LL;
	ev.idempotency_token = "tok-1";
	ev.interaction_sid = "KI0001";
	ev.participant_sid = "KP0001";
	ev.decision_us = -1;
	ev.params = &form;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "an event is recorded");
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 1,
	    "the same idempotency token is a duplicate");
	ev.hook = "intercept";
	ev.decision = "block";
	ev.rule = "p:2: block body phone";
	ev.found = "phone +34612345678";
	ev.decision_us = 12;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0,
	    "the same token on another hook is recorded");
	ev.idempotency_token = NULL;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "no token: always recorded");
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "no token twice: recorded twice");

	memset(&seen, 0, sizeof(seen));
	ok(store_events(store, &all, collect, &seen, &err) == 0, "events read back");
	is_int(seen.count, 4, "four events stored");
	newest_id = seen.last_id;
	is_string(seen.last_params,
	    "[[\"interactionSid\",\"KI0001\"],[\"interactionData\",\"{\\\"body\\\":\\\"caf\xc3\xa9 "
	    "\\\\\\\"quoted\\\\\\\"\\\"}\"],[\"Digits\",\"1\"],[\"Digits\",\"2\"]]",
	    "every parameter kept in order, duplicates included");
	is_string(seen.last_decision, "block", "the decision is kept");
	is_string(seen.last_found, "phone +34612345678", "and what the rule found");

	{
		struct event_filter f = { .hook = "callback" };

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_int(seen.count, 1, "filter by hook");
		is_string(seen.last_token, "tok-1", "the idempotency token is kept");
	}
	{
		struct event_filter f = { .limit = 2 };

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_int(seen.count, 2, "a limit keeps the newest");
		is_int(seen.last_id, newest_id, "and ends with the newest");
	}
	{
		struct event_filter f = { .since_ms = 1764490643124LL };

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_int(seen.count, 0, "since excludes older events");
	}
	ok(store_event_count(store, "intercept", "participant_sid", "KP0001", 0, &count, &err) == 0,
	    "count by participant");
	is_int(count, 3, "three intercept events for KP0001");
	ok(store_event_count(store, "intercept", "bogus; DROP", "x", 0, &count, &err) < 0,
	    "an unknown column is refused");
	ok(store_rule_stats(store, 0, collect_stats, stats, &err) == 0, "rule statistics");
	is_int(stats[0], 3, "the rule decided three times");
	is_int(stats[1], 3, "and blocked three times");

	memset(&p, 0, sizeof(p));
	p.sid = "KPdddddddddddddddddddddddddddddddd";
	p.number = "+19515550111";
	p.session_sid = "KCcccccccccccccccccccccccccccccccc";
	p.updated_ms = 1;
	ok(store_participant_put(store, &p, &err) == 0, "a participant is added");
	p.sid = "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
	p.number = "+17075550122";
	ok(store_participant_put(store, &p, &err) == 0, "a second participant is added");
	p.number = "+17075550123";
	p.session_sid = NULL;
	ok(store_participant_put(store, &p, &err) == 0, "a participant is updated");
	memset(&p, 0, sizeof(p));
	is_int(store_participant_get(store, "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &p, &err), 1,
	    "a participant is found");
	is_string(p.number, "+17075550123", "with its new number");
	is_string(p.session_sid, "KCcccccccccccccccccccccccccccccccc", "and its session kept");
	is_int(store_participant_get(store, "KP00000000000000000000000000000000", &p, &err), 0,
	    "an unknown participant is 0");
	n = 0;
	store_participants(store, "KCcccccccccccccccccccccccccccccccc", count_participants, &n, &err);
	is_int(n, 2, "two participants in the session");
	/* Conversations bindings: found by address and proxy address, the
	 * latest written first. */
	memset(&p, 0, sizeof(p));
	p.sid = "MB00000000000000000000000000000001";
	p.number = "+15005550006";
	p.proxy_number = "+15005550100";
	p.session_sid = "CH00000000000000000000000000000001";
	p.updated_ms = 10;
	ok(store_participant_put(store, &p, &err) == 0, "a binding is added");
	p.sid = "MB00000000000000000000000000000002";
	p.session_sid = "CH00000000000000000000000000000002";
	p.updated_ms = 20;
	ok(store_participant_put(store, &p, &err) == 0, "a newer binding of the same address");
	memset(&p, 0, sizeof(p));
	is_int(store_participant_by_binding(store, "+15005550006", "+15005550100", &p, &err), 1,
	    "a binding is found by address and proxy address");
	is_string(p.session_sid, "CH00000000000000000000000000000002", "the latest written");
	is_int(store_participant_by_binding(store, "+15005550006", "+15005550101", &p, &err), 0,
	    "another proxy address finds nothing");
	store_participant_remove(store, "MB00000000000000000000000000000001", &err);
	store_participant_remove(store, "MB00000000000000000000000000000002", &err);
	is_int(store_participant_remove(store, "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &err), 1,
	    "a participant is removed");
	is_int(store_participant_remove(store, "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &err), 0,
	    "removing it again finds nothing");
	store_close(store);
	store = NULL;

	ok(store_open(database, &store, &err) == 0, "the store opens again (no migration twice)");
	memset(&seen, 0, sizeof(seen));
	store_events(store, &all, collect, &seen, &err);
	is_int(seen.count, 4, "the events are still there");
	store_close(store);

	memset(&err, 0, sizeof(err));
	ok(store_open("/nonexistent/dir/events.db", &store, &err) < 0 &&
	    strstr(err.message, "/nonexistent/dir/events.db") != NULL, "an unusable path is named");
	if (sqlite) {
		sqlite3 *db;
		sqlite3_stmt *pragma;
		int page_size = 0;

		/* A new database has 16 KB pages: fewer WAL frames a batch. */
		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &pragma, NULL);
		if (sqlite3_step(pragma) == SQLITE_ROW)
			page_size = sqlite3_column_int(pragma, 0);
		sqlite3_finalize(pragma);
		sqlite3_close(db);
		is_int(page_size, 16384, "a new database has 16 KB pages");
		test_filter_indexes(path);
		test_migration(dir);
		test_every_version(dir);
	}

	form_free(&form);
	for (i = 0; i < 12; i++) {
		static const char *const name[] = { "events.db", "writers.db", "checkpoint.db" };
		static const char *const suffix[] = { "", "-wal", "-shm", "-directory" };
		char f[300];

		snprintf(f, sizeof(f), "%s/%s%s", dir, name[i / 4], suffix[i % 4]);
		unlink(f);
	}
	{
		static const char *const spooled[] = { "events.spool", "replaying.spool",
			"replay.lock", "rejected.spool" };
		char f[300];

		for (i = 0; i < 4; i++) {
			snprintf(f, sizeof(f), "%s/spool/%s", dir, spooled[i]);
			unlink(f);
		}
		snprintf(f, sizeof(f), "%s/spool", dir);
		rmdir(f);
	}
	rmdir(dir);
	return done_testing();
}
