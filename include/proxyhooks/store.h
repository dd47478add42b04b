/*
 * store: where every interaction, decision and participant is recorded.
 * One interface; SQLite (database = PATH or sqlite:PATH) and PostgreSQL
 * (database = postgresql://... or a conninfo string) behind it.
 */
#ifndef PROXYHOOKS_STORE_H
#define PROXYHOOKS_STORE_H

#include <stdint.h>

#include "proxyhooks/error.h"
#include "proxyhooks/form.h"

struct store;

/* An event as a hook records it. Strings may be NULL. */
struct event {
	const char        *hook;		/* "callback", "intercept", "out-of-session" */
	int64_t            received_ms;		/* UTC, milliseconds */
	const char        *idempotency_token;	/* I-Twilio-Idempotency-Token */
	const char        *interaction_sid;
	const char        *session_sid;
	const char        *participant_sid;
	const char        *decision;		/* "allow", "block", "observe-block", ... */
	const char        *rule;		/* "FILE:LINE: text" of the deciding rule */
	int64_t            decision_us;		/* time the decision took, -1 if none */
	const char        *response;		/* TwiML or JSON answered, if any */
	const struct form *params;		/* every posted parameter, in order */
};

/* An event read back. Strings are owned by the row and valid during the
 * callback only. params_json is a JSON array of [name, value] pairs. */
struct event_row {
	int64_t     id;
	const char *hook;
	int64_t     received_ms;
	const char *idempotency_token;
	const char *interaction_sid;
	const char *session_sid;
	const char *participant_sid;
	const char *decision;
	const char *rule;
	int64_t     decision_us;
	const char *response;
	const char *params_json;
};

struct event_filter {
	const char *hook;	/* NULL: every hook */
	int64_t     since_ms;	/* 0: from the start */
	long        limit;	/* 0: no limit; else only the newest `limit` */
};

struct participant {
	const char *sid;		/* KP... */
	const char *number;		/* the real number (identifier) */
	const char *session_sid;
	const char *service_sid;
	const char *proxy_number;	/* the masked number (proxy_identifier) */
	const char *friendly_name;
	int64_t     updated_ms;
};

typedef int (*store_event_fn)(void *arg, const struct event_row *row);
typedef int (*store_participant_fn)(void *arg, const struct participant *p);

/* Open (creating and migrating as needed) the store named by database. */
int store_open(const char *database, struct store **out, struct error *err);
void store_close(struct store *store);
/* Which backend: "sqlite" or "postgresql". */
const char *store_kind(const struct store *store);

/* Record ev. A repeated delivery (same hook and idempotency token) is stored
 * once: *duplicate is set to 1 and nothing is written. */
int store_event_add(struct store *store, const struct event *ev, int *duplicate,
    struct error *err);
/* Call fn for each event matching filter, oldest first; with a limit, the
 * newest `limit` events (still oldest first). fn returning non-zero stops
 * the walk. */
int store_events(struct store *store, const struct event_filter *filter,
    store_event_fn fn, void *arg, struct error *err);
/* How many events of hook carry value in column ("participant_sid" or
 * "session_sid") since since_ms. */
int store_event_count(struct store *store, const char *hook, const char *column,
    const char *value, int64_t since_ms, int64_t *count, struct error *err);

/* How often each rule decided since since_ms: matched counts every event
 * the rule decided, blocked those it blocked (or would have, observing). */
struct rule_stat {
	const char *rule;
	int64_t     matched;
	int64_t     blocked;
};
typedef int (*store_rule_stat_fn)(void *arg, const struct rule_stat *stat);
int store_rule_stats(struct store *store, int64_t since_ms, store_rule_stat_fn fn,
    void *arg, struct error *err);

/* The participant directory. get returns 1 found, 0 unknown, -1 error;
 * strings in *out stay valid until the next store call. */
int store_participant_get(struct store *store, const char *sid,
    struct participant *out, struct error *err);
int store_participant_put(struct store *store, const struct participant *p,
    struct error *err);
/* 1 removed, 0 unknown, -1 error. */
int store_participant_remove(struct store *store, const char *sid, struct error *err);
int store_participants(struct store *store, const char *session_sid,
    store_participant_fn fn, void *arg, struct error *err);

#endif
