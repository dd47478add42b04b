/*
 * store_backend: what a store backend provides (private to src/store/).
 * Each backend's struct begins with a struct store whose ops point at its
 * functions; store.c dispatches to them and is never called back: what the
 * backends share lives below them (held.c).
 * event_add returns 0, -1 (the store failed: try again later) or
 * STORE_REFUSED (this event can never be stored); the event key is set.
 */
#ifndef PROXYHOOKS_STORE_BACKEND_H
#define PROXYHOOKS_STORE_BACKEND_H

#include "proxyhooks/store/store.h"

struct store_ops {
	const char *kind;
	int  (*event_add)(struct store *, const struct event *, const char *params_json,
	    int *duplicate, struct error *);
	int  (*events)(struct store *, const struct event_filter *, store_event_fn, void *,
	    struct error *);
	int  (*event_count)(struct store *, const char *hook, const char *column,
	    const char *value, int64_t since_ms, int64_t *count, struct error *);
	int  (*rule_stats)(struct store *, int64_t since_ms, store_rule_stat_fn, void *,
	    struct error *);
	/* count_only: count what would go, remove nothing. */
	int  (*purge)(struct store *, int64_t before_ms, long limit, int count_only,
	    int64_t *n, struct error *);
	int  (*participant_get)(struct store *, const char *sid, struct participant *,
	    struct error *);
	int  (*participant_by_binding)(struct store *, const char *address,
	    const char *proxy_address, struct participant *, struct error *);
	int  (*participant_put)(struct store *, const struct participant *, struct error *);
	int  (*participant_remove)(struct store *, const char *sid, struct error *);
	int  (*participants)(struct store *, const char *session_sid, store_participant_fn,
	    void *, struct error *);
	int  (*runs_add)(struct store *, const char *participant_sid, const char *session_sid,
	    int64_t at_ms, const char *runs, const char *key, int64_t prune_before_ms,
	    struct error *);
	int  (*runs_recent)(struct store *, const char *participant_sid,
	    const char *session_sid, int64_t since_ms, int64_t until_ms, const char *key,
	    long limit, store_runs_fn, void *, struct error *);
	/* The operator's view (store.h says what each returns). */
	int  (*event_histogram)(struct store *, const char *hook, const char *decision,
	    const int64_t *bounds, size_t n, int64_t *counts, struct error *);
	int  (*blocking_rules)(struct store *, int64_t since_ms, long limit, store_rule_stat_fn,
	    void *, struct error *);
	int  (*participant_count)(struct store *, int64_t *count, struct error *);
	int  (*refusal_add)(struct store *, const char *hook, int64_t at_ms, const char *url,
	    long count, struct error *);
	int  (*refusals)(struct store *, int64_t since_ms, long limit, store_refusal_fn, void *,
	    struct error *);
	/* Batches (store.h: store_begin); NULL: each write commits alone. */
	int  (*begin)(struct store *, long wait_ms, struct error *);
	int  (*commit)(struct store *, struct error *);
	void (*rollback)(struct store *);
	void (*set_timeout)(struct store *, long timeout_ms);
	void (*sync_commits)(struct store *, int synced);	/* NULL: always synced */
	/* store_checkpoint_later, store_checkpoint; NULL: nothing to do. */
	void (*checkpoint_later)(struct store *);
	void (*checkpoint_behind)(struct store *);	/* NULL: nothing to do */
	int  (*checkpoint_due)(struct store *);
	int  (*checkpoint)(struct store *, struct error *);
	void (*close)(struct store *);
};

/* The strings of the participant the last get returned, kept until the
 * next get (the interface promises them until the next store call). */
struct store_held {
	char *text[6];
};

/* held.c: copy in's strings into held, freeing the previous ones, and
 * point out (which may be in) at the copies: 0, or -1 out of memory (held
 * unchanged; out is then not to be used). */
int store_participant_hold(struct store_held *held, const struct participant *in,
    struct participant *out);
void store_held_release(struct store_held *held);

/* A caller's row callback and its argument, as a backend's row reader
 * hands each row on. */
struct store_walk {
	union {
		store_event_fn       event;
		store_rule_stat_fn   stat;
		store_participant_fn participant;
		store_refusal_fn     refusal;
		store_runs_fn        runs;
	} fn;
	void *arg;
};

struct store {
	const struct store_ops *ops;
	char   *json;		/* store_event_add's parameter text, kept for the next */
	size_t  json_cap;
	uint64_t *version;	/* version.c: the directory's version, shared; NULL: none */
	uint32_t *writer_wake;	/* version.c: moved on at each release of the writers' lock */
	int     writer_fd;	/* the file holding it (when writer_wake is set) */
	int     writer_held;	/* by this store, between store_begin and its end */
	int     directory_written;	/* in the open transaction */
};

/* store_events' one query, for either backend: the SQL selecting the
 * events columns in order (id, hook, received_ms, ..., params, event_key)
 * with placeholders ?N (SQLite) or $N (PostgreSQL), and its parameters:
 * text[i], or when that is NULL the number number[i]. */
#define STORE_QUERY_PARAMS 16
struct store_query {
	char        sql[2048];
	int         n;
	const char *text[STORE_QUERY_PARAMS];
	int64_t     number[STORE_QUERY_PARAMS];
	char       *pattern[2];	/* the LIKE patterns, made here */
};
int  store_query_events(struct store_query *q, const struct event_filter *f, int postgresql,
    struct error *err);
void store_query_free(struct store_query *q);

/* version.c: the directory's version (store_directory_version), in a file
 * beside the database db_path; without one (it cannot be made) the store
 * cannot tell, and readers keep nothing they did not find. */
void store_version_open(struct store *store, const char *db_path);
void store_version_close(struct store *store);
void store_version_bump(struct store *store);
/* The writers' lock in the same file, taken before a batch's transaction
 * (store_begin) and released at its end: 1 held (or there is no lock
 * file: only the database's lock then), 0 another writer kept it for
 * wait_ms. A waiter is woken by the release, not by a timer. */
int  store_writer_lock(struct store *store, long wait_ms);
void store_writer_unlock(struct store *store);

int store_sqlite_open(const char *path, long timeout_ms, struct store **out,
    struct error *err);
#ifdef HAVE_LIBPQ
int store_pg_open(const char *conninfo, long timeout_ms, struct store **out,
    struct error *err);
#endif

#endif
