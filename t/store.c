/* SQLite store: round trip, idempotency, counts, the participant directory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/store.h"
#include "tap.h"

struct seen {
	int  count;
	char last_params[1024];
	char last_hook[32];
	char last_decision[32];
	char last_token[64];
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
	s->last_id = row->id;
	return 0;
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

int
main(void)
{
	char dir[] = "/tmp/ph-store-XXXXXX", path[256];
	struct store *store = NULL;
	struct error err = { 0 };
	struct form form = { 0 };
	struct event ev;
	struct event_filter all = { NULL, 0, 0 };
	struct seen seen;
	struct participant p;
	struct stat st;
	int64_t count = -1;
	long long stats[2] = { 0, 0 };
	int dup = -1, n, i;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/events.db", dir);
	if (!ok(store_open(path, &store, &err) == 0, "a new SQLite store opens")) {
		diag("%s", err.message);
		return done_testing();
	}
	is_string(store_kind(store), "sqlite", "its kind is sqlite");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640, "the file is created mode 0640");

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
	ev.decision_us = 12;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0,
	    "the same token on another hook is recorded");
	ev.idempotency_token = NULL;
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "no token: always recorded");
	ok(store_event_add(store, &ev, &dup, &err) == 0 && dup == 0, "no token twice: recorded twice");

	memset(&seen, 0, sizeof(seen));
	ok(store_events(store, &all, collect, &seen, &err) == 0, "events read back");
	is_int(seen.count, 4, "four events stored");
	is_string(seen.last_params,
	    "[[\"interactionSid\",\"KI0001\"],[\"interactionData\",\"{\\\"body\\\":\\\"caf\xc3\xa9 "
	    "\\\\\\\"quoted\\\\\\\"\\\"}\"],[\"Digits\",\"1\"],[\"Digits\",\"2\"]]",
	    "every parameter kept in order, duplicates included");
	is_string(seen.last_decision, "block", "the decision is kept");

	{
		struct event_filter f = { "callback", 0, 0 };

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_int(seen.count, 1, "filter by hook");
		is_string(seen.last_token, "tok-1", "the idempotency token is kept");
	}
	{
		struct event_filter f = { NULL, 0, 2 };

		memset(&seen, 0, sizeof(seen));
		store_events(store, &f, collect, &seen, &err);
		is_int(seen.count, 2, "a limit keeps the newest");
		is_int(seen.last_id, 4, "and ends with the newest");
	}
	{
		struct event_filter f = { NULL, 1764490643124LL, 0 };

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
	is_int(store_participant_remove(store, "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &err), 1,
	    "a participant is removed");
	is_int(store_participant_remove(store, "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &err), 0,
	    "removing it again finds nothing");
	store_close(store);
	store = NULL;

	ok(store_open(path, &store, &err) == 0, "the store opens again (no migration twice)");
	memset(&seen, 0, sizeof(seen));
	store_events(store, &all, collect, &seen, &err);
	is_int(seen.count, 4, "the events are still there");
	store_close(store);

	memset(&err, 0, sizeof(err));
	ok(store_open("/nonexistent/dir/events.db", &store, &err) < 0 &&
	    strstr(err.message, "/nonexistent/dir/events.db") != NULL, "an unusable path is named");

	form_free(&form);
	for (i = 0; i < 3; i++) {
		static const char *const suffix[] = { "", "-wal", "-shm" };
		char f[300];

		snprintf(f, sizeof(f), "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
	return done_testing();
}
