/*
 * store: where every interaction, decision and participant is recorded.
 * One interface; SQLite (database = PATH or sqlite:PATH) and PostgreSQL
 * (database = postgresql://... or a conninfo string) behind it. Both keep
 * the same schema, migrated on open. A store that does not answer within
 * its timeout fails rather than waits: the hooks then spool (spool.h).
 */
#ifndef PROXYHOOKS_STORE_H
#define PROXYHOOKS_STORE_H

#include <stdint.h>

/* How long a store may take for one operation unless told otherwise (the
 * default of store_timeout_ms). */
#define STORE_DEFAULT_TIMEOUT_MS 2000
/* An event key: 32 lowercase hexadecimal digits (128 random bits). */
#define STORE_EVENT_KEY_LEN 32
/* store_event_add's answer when the store works but will never take this
 * event (a value it cannot hold): retrying is pointless. -1 is a store
 * that failed (locked, down, too slow): retrying later may succeed. */
#define STORE_REFUSED (-2)
/* What a redacted message text is replaced with, up to the hash: its
 * SHA-256, or with a redaction key its HMAC-SHA256 under that key. */
#define STORE_REDACTED_PREFIX "[redacted sha256:"
#define STORE_REDACTED_KEYED_PREFIX "[redacted hmac-sha256:"

/* How long the prefix of a redacted text at s is, 0 when it is none. */
size_t store_redacted_prefix(const char *s);

#include "proxyhooks/base/error.h"
#include "proxyhooks/web/form.h"

struct store;

/* An event as a hook records it. Strings may be NULL. */
struct event {
	const char        *hook;		/* "callback", "intercept", "out-of-session" */
	int64_t            received_ms;		/* UTC, milliseconds */
	const char        *idempotency_token;	/* I-Twilio-Idempotency-Token */
	const char        *interaction_sid;
	const char        *session_sid;
	const char        *participant_sid;
	const char        *decision;		/* "allow", "block", "would-block", "error-allow", "error-block" */
	const char        *rule;		/* "FILE:LINE: text" of the deciding rule */
	int64_t            decision_us;		/* time the decision took, -1 if none */
	const char        *response;		/* TwiML or JSON answered, if any */
	const struct form *params;		/* every posted parameter, in order */
	/* Unique to this event, so that a replay from the spool stores it once
	 * even without an idempotency token. NULL: store_event_add makes one. */
	const char        *event_key;
	/* What the deciding rule's detector found, "KIND VALUE" ("phone
	 * +34612345678"); NULL for nothing. */
	const char        *found;
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
	const char *event_key;	/* NULL for events stored before schema version 2 */
	const char *found;	/* "KIND VALUE" the rule's detector found, or NULL */
};

/* Which events store_events walks: every field left 0 or NULL matches
 * every event. The CLI's listing, the report and the dashboard all ask
 * through this one struct (each backend turns it into one query, along
 * the index its filters name: received_ms, hook and decision, the
 * blocked decisions, session_sid, participant_sid). */
struct event_filter {
	const char *hook;	/* NULL: every hook */
	int64_t     since_ms;	/* 0: from the start */
	long        limit;	/* 0: no limit; else only the newest `limit` */
	int64_t     until_ms;	/* 0: up to now; else received before it */
	/* One decision ("allow", "block", ...), or "blocked" (one of
	 * STORE_BLOCKED_DECISIONS), or "none" (no decision: the callback). */
	const char *decision;
	const char *rule;	/* the rule contains it, any case */
	const char *session_sid;
	const char *participant_sid;
	const char *idempotency_token;
	/* Contained, any case, in the parameters as stored (a redacted text
	 * is not found), the rule, the interaction's SID or the response. */
	const char *text;
	long        offset;	/* skip the newest `offset` matching events first */
	int         newest_first;	/* walk newest first (else oldest first) */
};
/* 1 when s is a decision the filter knows ("blocked" and "none" too). */
int store_filter_decision_valid(const char *s);
#define STORE_FILTER_DECISIONS "allow, block, would-block, error-allow, error-block, blocked, none"
/* Longest filter text a backend takes (rule, text, SIDs, token). */
#define STORE_FILTER_TEXT_MAX 200

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

/* Open (creating and migrating as needed) the store named by database,
 * with STORE_DEFAULT_TIMEOUT_MS. */
int store_open(const char *database, struct store **out, struct error *err);
/* The same, giving up on a store that takes longer than timeout_ms for one
 * operation (SQLite: waiting for a lock; PostgreSQL: connecting or one
 * query, after which the connection is dropped and made again later). */
int store_open_timeout(const char *database, long timeout_ms, struct store **out,
    struct error *err);
void store_set_timeout(struct store *store, long timeout_ms);
void store_close(struct store *store);
/* Writes in one transaction, so that a burst of events costs one commit
 * and one fsync, not one each (the hooks under load, hooks.h).
 * store_begin waits up to wait_ms for the write lock: 1 begun, 0 busy
 * (another process is writing: try again later), -1 failed. A backend
 * without batches (PostgreSQL here) begins nothing and answers 1: each
 * write then commits by itself. */
int  store_begin(struct store *store, long wait_ms, struct error *err);
/* synced = 0, for a worker that answers before it stores (hooks.h): its
 * commits need not wait for the disk. Until its batch commits, an event
 * lives in the worker's journal, in the page cache and not on the disk,
 * so a commit that reaches the disk a little later (SQLite in WAL mode
 * with synchronous = NORMAL: at the next checkpoint) promises no less, and
 * saves an fsync per batch. Commits are synced by default, and must be
 * for the callback (its 2xx means on the disk) and for events leaving the
 * spool. PostgreSQL: unchanged. */
void store_sync_commits(struct store *store, int synced);
int  store_commit(struct store *store, struct error *err);
void store_rollback(struct store *store);
/* A batch's commit does not copy the WAL into the database when it has
 * grown (SQLite's checkpoint, two more fsyncs and the WAL's pages written
 * again): the caller does it with store_checkpoint when it has time, for
 * the callback once its group is answered. A write outside a batch still
 * checkpoints at once. store_checkpoint does nothing when nothing is due,
 * else waits up to wait_ms for the writers' lock (none taken: the next
 * call tries again) and checkpoints holding it; 0, or -1 when the
 * checkpoint failed. PostgreSQL: nothing. */
void store_checkpoint_later(struct store *store);
int  store_checkpoint(struct store *store, long wait_ms, struct error *err);
/* For a process that keeps its connection open and answers while it
 * writes (a FastCGI worker of the intercept): a commit that finds the WAL
 * grown has it copied into the database by a thread of the store's own,
 * with a connection of its own, rather than doing it before returning.
 * The thread is waited for when the store closes. PostgreSQL: nothing. */
void store_checkpoint_behind(struct store *store);
/* Which backend: "sqlite" or "postgresql". */
const char *store_kind(const struct store *store);
/* 1 when database names a PostgreSQL store, 0 for a SQLite file. */
int store_is_postgresql(const char *database);

/* Record ev. A repeated delivery (same hook and idempotency token, or the
 * same event key) is stored once: *duplicate is set to 1 and nothing is
 * written. Returns 0, -1 (the store failed) or STORE_REFUSED. */
int store_event_add(struct store *store, const struct event *ev, int *duplicate,
    struct error *err);
/* A new random event key into out (STORE_EVENT_KEY_LEN + 1 bytes). */
int store_event_key(char *out, size_t len, struct error *err);
/* The parameters as stored: a JSON array of [name, value], malloc'd
 * (NULL when out of memory). */
char *store_params_json(const struct form *form);
/* Call fn for each event matching filter, oldest first (newest first with
 * newest_first), ordered by received_ms then id; with a limit, the newest
 * `limit` events after skipping the newest `offset` (still oldest first
 * unless newest_first). fn returning non-zero stops the walk. A filter
 * text longer than STORE_FILTER_TEXT_MAX, or an unknown decision, is an
 * error. */
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

/* The operator's view (report.h). Each figure is read along one index
 * range, so that a page over a million events stays fast. */

/* The decisions that kept an interaction from its recipient (or would
 * have, observing): what the dashboard calls blocked. */
#define STORE_BLOCKED_DECISIONS "'block', 'would-block', 'error-block'"

/* How many events were received in each of the n intervals
 * [bounds[i], bounds[i + 1]) into counts[i] (bounds holds n + 1 increasing
 * times). hook NULL counts every event; otherwise the events of hook whose
 * decision is decision (NULL: the events without one). */
int store_event_histogram(struct store *store, const char *hook, const char *decision,
    const int64_t *bounds, size_t n, int64_t *counts, struct error *err);
/* The rules that blocked most since since_ms, at most limit, most first
 * (then by rule): stat->blocked counts the events they blocked or would
 * have blocked; stat->matched is not counted here (0). */
int store_blocking_rules(struct store *store, int64_t since_ms, long limit,
    store_rule_stat_fn fn, void *arg, struct error *err);
/* How many participants the directory holds. */
int store_participant_count(struct store *store, int64_t *count, struct error *err);

/* Requests a hook refused for their signature. Not events (nothing in
 * them can be trusted): the hook, when, and the URL the signature was
 * checked against, which is what is wrong when a URL setting is. One row
 * may stand for several refusals (count), so that a flood of them costs
 * the store little. */
struct refusal {
	const char *hook;
	const char *url;	/* NULL: the URL could not be rebuilt */
	int64_t     count;
	int64_t     last_ms;	/* the latest of them */
};
typedef int (*store_refusal_fn)(void *arg, const struct refusal *refusal);
/* Longer URLs are cut to this many bytes. */
#define STORE_REFUSAL_URL_MAX 1000
int store_refusal_add(struct store *store, const char *hook, int64_t at_ms, const char *url,
    long count, struct error *err);
/* Refusals since since_ms, one per hook and URL with their total count,
 * the most recent first, at most limit. */
int store_refusals(struct store *store, int64_t since_ms, long limit, store_refusal_fn fn,
    void *arg, struct error *err);

/* Retention: remove events received before before_ms, at most limit of
 * them when limit > 0 (small batches keep a SQLite writer lock short);
 * *removed says how many went. Refusals before before_ms go too. */
int store_purge(struct store *store, int64_t before_ms, long limit, int64_t *removed,
    struct error *err);
/* How many events were received before before_ms. */
int store_count_before(struct store *store, int64_t before_ms, int64_t *count,
    struct error *err);

/* Privacy: a copy of in (into the zeroed out) where message text is kept
 * only as "[redacted sha256:HEX len=N]" (N bytes of UTF-8): the "body" of a
 * JSON interactionData, and Body (out-of-session messages). With a key
 * (key_len bytes, NULL for none) HEX is the text's HMAC-SHA256 under it and
 * the marker "[redacted hmac-sha256:HEX len=N]": a short text cannot then
 * be found by hashing guesses. *redacted is how many values were replaced. */
int store_redact_form(const struct form *in, const unsigned char *key, size_t key_len,
    struct form *out, int *redacted, struct error *err);
/* How many values of a stored event's params_json were redacted: what
 * `proxyhooks events` can show. */
int store_params_redacted(const char *params_json);
/* A finding ("KIND VALUE") as store_redact_form keeps message text: the
 * kind, then the value as "[redacted sha256:HEX len=N]" (or hmac-sha256
 * with a key); malloc'd, NULL when out of memory. */
char *store_redact_found(const char *found, const unsigned char *key, size_t key_len);

/* The participant directory. get returns 1 found, 0 unknown, -1 error;
 * strings in *out stay valid until the next store call. */
int store_participant_get(struct store *store, const char *sid,
    struct participant *out, struct error *err);
int store_participant_put(struct store *store, const struct participant *p,
    struct error *err);
/* The participant whose number (a Conversations binding's address) is
 * address and whose proxy number is proxy_address, the latest written when
 * several are: 1 found, 0 none, -1 error; *out as for get. */
int store_participant_by_binding(struct store *store, const char *address,
    const char *proxy_address, struct participant *out, struct error *err);
/* 1 removed, 0 unknown, -1 error. */
int store_participant_remove(struct store *store, const char *sid, struct error *err);
int store_participants(struct store *store, const char *session_sid,
    store_participant_fn fn, void *arg, struct error *err);
/* The directory's version: it changes whenever a process of this machine
 * changes the directory (store_participant_put or _remove, and again at
 * the commit of a transaction that did), so that what was read from the
 * directory, a participant not found included, stays good while it stays
 * the same. Read it before the read it stands for. 0: the store cannot
 * tell (PostgreSQL: other machines may write it). No system call. */
uint64_t store_directory_version(const struct store *store);

/*
 * What the processes of this machine share beside a SQLite database (its
 * DATABASE-directory file), read and written without the store open, so
 * that a CGI hook can answer without loading SQLite: the directory's
 * version (as store_directory_version), the numbers read from the
 * directory lately for a session's participant (a participant it did not
 * have included), and when the oldest event spooled for later came.
 * store_shared_open: NULL when there is none (PostgreSQL, whose directory
 * other machines write; a database no store has opened yet).
 */
#define STORE_SHARED_SID 35	/* a SID's 34 characters and its NUL */
#define STORE_SHARED_NUMBER 32
struct store_shared;
struct store_shared *store_shared_open(const char *database);
void store_shared_close(struct store_shared *sh);
uint64_t store_shared_version(const struct store_shared *sh);
/* 1 with the numbers (either may be "": the directory did not have it)
 * kept for participant_sid of session_sid at version, read less than
 * max_age_ms ago; 0 when none is. */
int store_shared_numbers_get(struct store_shared *sh, const char *session_sid,
    const char *participant_sid, uint64_t version, int64_t max_age_ms,
    char from[STORE_SHARED_NUMBER], char to[STORE_SHARED_NUMBER]);
/* Keep what the directory said at version (read before the read). */
void store_shared_numbers_put(struct store_shared *sh, const char *session_sid,
    const char *participant_sid, uint64_t version, const char *from, const char *to);
/* When the oldest event spooled for later came (ms since the epoch), 0
 * when none waits as far as the hooks know; _spooled sets it if none
 * did; _spool_drained clears it after a replay that emptied the spool,
 * unless it moved on from seen_ms, what the replay read before it began. */
int64_t store_shared_spooled_ms(const struct store_shared *sh);
void store_shared_spooled(struct store_shared *sh, int64_t at_ms);
void store_shared_spool_drained(struct store_shared *sh, int64_t seen_ms);

/* Across messages: the digit runs of one message (detect_runs's text,
 * never the message) of a participant in a session, at at_ms; rows older
 * than prune_before_ms (anyone's) go at the same time. key (Twilio's
 * idempotency token, or NULL) keeps a message delivered again once. */
int store_runs_add(struct store *store, const char *participant_sid, const char *session_sid,
    int64_t at_ms, const char *runs, const char *key, int64_t prune_before_ms,
    struct error *err);
/* Each of the participant's rows in the session with since_ms <= at_ms <
 * until_ms, newest first, at most limit of them, but the one kept under
 * key (a message delivered again is not before itself; NULL: none left
 * out); fn returning non-zero stops the walk. */
typedef int (*store_runs_fn)(void *arg, int64_t at_ms, const char *runs);
int store_runs_recent(struct store *store, const char *participant_sid,
    const char *session_sid, int64_t since_ms, int64_t until_ms, const char *key, long limit,
    store_runs_fn fn, void *arg, struct error *err);

/* proxyhooks purge and proxyhooks spool (src/cli/cli_store.c), listed in the
 * command table of src/cli/cli.c; declared here, next to the store they act on. */
struct cli;
int cli_purge(struct cli *cli, int argc, char **argv);
int cli_spool(struct cli *cli, int argc, char **argv);

#endif
