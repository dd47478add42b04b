/* store_sqlite: the default store, one SQLite file in WAL mode. Several
 * processes write at once, each waiting up to the store timeout for the
 * write lock; a connection that failed in a way a new one may not (the
 * file became read-only, an I/O error) is reopened on the next call. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "proxyhooks/base/safefile.h"
#include "proxyhooks/store/schema.h"
#include "proxyhooks/store/store_backend.h"
#include "proxyhooks/base/util.h"

#ifndef PH_SQLITE_LINKED
#include <dlfcn.h>

#define PH_SQLITE_SONAME "libsqlite3.so.0"

/*
 * libsqlite3 is loaded when a SQLite store is first opened, not linked
 * (as libpq is): a CGI request that answers without the store (hooks.c,
 * record_later) does not pay the dynamic loader's ~1,600 lookups of its
 * symbols, about 0.4 ms, a third of what a cold request costs. Programs
 * built --enable-static-programs link it in (PH_SQLITE_LINKED). Each
 * sqlite3_ name below stands for the loaded function.
 */
#define LIBSQLITE3_FUNCTIONS(X) \
	X(sqlite3_bind_int64) \
	X(sqlite3_bind_null) \
	X(sqlite3_bind_text) \
	X(sqlite3_busy_timeout) \
	X(sqlite3_changes) \
	X(sqlite3_clear_bindings) \
	X(sqlite3_close) \
	X(sqlite3_column_int) \
	X(sqlite3_column_int64) \
	X(sqlite3_column_text) \
	X(sqlite3_column_type) \
	X(sqlite3_config) \
	X(sqlite3_db_config) \
	X(sqlite3_errcode) \
	X(sqlite3_errmsg) \
	X(sqlite3_exec) \
	X(sqlite3_extended_result_codes) \
	X(sqlite3_file_control) \
	X(sqlite3_finalize) \
	X(sqlite3_get_autocommit) \
	X(sqlite3_open_v2) \
	X(sqlite3_prepare_v2) \
	X(sqlite3_prepare_v3) \
	X(sqlite3_reset) \
	X(sqlite3_step) \
	X(sqlite3_threadsafe) \
	X(sqlite3_wal_checkpoint) \
	X(sqlite3_wal_checkpoint_v2) \
	X(sqlite3_wal_hook)

static struct {
	void *handle;
#define LIBSQLITE3_FIELD(name) __typeof__(name) *name;
	LIBSQLITE3_FUNCTIONS(LIBSQLITE3_FIELD)
#undef LIBSQLITE3_FIELD
} libsqlite3;

static int
libsqlite3_load(struct error *err)
{
	void *h;

	if (libsqlite3.handle != NULL)
		return 0;
	if ((h = dlopen(PH_SQLITE_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		error_set(err, "SQLite cannot be loaded (%s): install libsqlite3-0", dlerror());
		return -1;
	}
#define LIBSQLITE3_SYMBOL(name) \
	if ((*(void **)&libsqlite3.name = dlsym(h, #name)) == NULL) \
		goto missing;
	LIBSQLITE3_FUNCTIONS(LIBSQLITE3_SYMBOL)
#undef LIBSQLITE3_SYMBOL
	libsqlite3.handle = h;
	return 0;
missing:
	error_set(err, "the loaded %s lacks a function: %s", PH_SQLITE_SONAME, dlerror());
	dlclose(h);
	memset(&libsqlite3, 0, sizeof(libsqlite3));
	return -1;
}

#define sqlite3_bind_int64 (libsqlite3.sqlite3_bind_int64)
#define sqlite3_bind_null (libsqlite3.sqlite3_bind_null)
#define sqlite3_bind_text (libsqlite3.sqlite3_bind_text)
#define sqlite3_busy_timeout (libsqlite3.sqlite3_busy_timeout)
#define sqlite3_changes (libsqlite3.sqlite3_changes)
#define sqlite3_clear_bindings (libsqlite3.sqlite3_clear_bindings)
#define sqlite3_close (libsqlite3.sqlite3_close)
#define sqlite3_column_int (libsqlite3.sqlite3_column_int)
#define sqlite3_column_int64 (libsqlite3.sqlite3_column_int64)
#define sqlite3_column_text (libsqlite3.sqlite3_column_text)
#define sqlite3_column_type (libsqlite3.sqlite3_column_type)
#define sqlite3_config (libsqlite3.sqlite3_config)
#define sqlite3_db_config (libsqlite3.sqlite3_db_config)
#define sqlite3_errcode (libsqlite3.sqlite3_errcode)
#define sqlite3_errmsg (libsqlite3.sqlite3_errmsg)
#define sqlite3_exec (libsqlite3.sqlite3_exec)
#define sqlite3_extended_result_codes (libsqlite3.sqlite3_extended_result_codes)
#define sqlite3_file_control (libsqlite3.sqlite3_file_control)
#define sqlite3_finalize (libsqlite3.sqlite3_finalize)
#define sqlite3_get_autocommit (libsqlite3.sqlite3_get_autocommit)
#define sqlite3_open_v2 (libsqlite3.sqlite3_open_v2)
#define sqlite3_prepare_v2 (libsqlite3.sqlite3_prepare_v2)
#define sqlite3_prepare_v3 (libsqlite3.sqlite3_prepare_v3)
#define sqlite3_reset (libsqlite3.sqlite3_reset)
#define sqlite3_step (libsqlite3.sqlite3_step)
#define sqlite3_threadsafe (libsqlite3.sqlite3_threadsafe)
#define sqlite3_wal_checkpoint (libsqlite3.sqlite3_wal_checkpoint)
#define sqlite3_wal_checkpoint_v2 (libsqlite3.sqlite3_wal_checkpoint_v2)
#define sqlite3_wal_hook (libsqlite3.sqlite3_wal_hook)
#else
static int
libsqlite3_load(struct error *err)
{
	(void)err;
	return 0;
}
#endif

enum {
	Q_EVENT_ADD,
	Q_PARTICIPANT_GET,
	Q_PARTICIPANT_PUT,
	Q_PARTICIPANT_REMOVE,
	Q_PARTICIPANT_BINDING,
	Q_COUNT_PARTICIPANT,
	Q_COUNT_SESSION,
	Q_PURGE,
	Q_PURGE_SOME,
	Q_COUNT_BEFORE,
	Q_ANY_BEFORE,
	Q_PARTICIPANTS_ALL,
	Q_PARTICIPANTS_SESSION,
	Q_HISTOGRAM_EVERY,
	Q_HISTOGRAM_KIND,
	Q_HISTOGRAM_UNDECIDED,
	Q_RUNS_ADD,
	Q_RUNS_PRUNE,
	Q_RUNS_RECENT,
	Q_COUNT_ADD,
	Q_TOTAL_ADD,
	Q_COUNTS_KIND,
	Q_COUNTS_TOTAL,
	Q_MAX
};

static const char *const sqlite_queries[Q_MAX] = {
	[Q_EVENT_ADD] = "INSERT INTO events (hook, received_ms, idempotency_token, interaction_sid,"
	    " session_sid, participant_sid, decision, rule, decision_us, response, params, event_key,"
	    " found) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
	    " ON CONFLICT DO NOTHING",
	[Q_PARTICIPANT_GET] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " WHERE sid = ?1",
	[Q_PARTICIPANT_PUT] = "INSERT INTO participants (" STORE_PARTICIPANT_COLUMNS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (sid) DO UPDATE SET number = excluded.number,"
	    " session_sid = coalesce(excluded.session_sid, session_sid),"
	    " service_sid = coalesce(excluded.service_sid, service_sid),"
	    " proxy_number = coalesce(excluded.proxy_number, proxy_number),"
	    " friendly_name = coalesce(excluded.friendly_name, friendly_name),"
	    " updated_ms = excluded.updated_ms",
	[Q_PARTICIPANT_REMOVE] = "DELETE FROM participants WHERE sid = ?1",
	[Q_PARTICIPANT_BINDING] = "SELECT " STORE_PARTICIPANT_COLUMNS
	    " FROM participants WHERE number = ?1 AND proxy_number = ?2"
	    " ORDER BY updated_ms DESC LIMIT 1",
	[Q_COUNT_PARTICIPANT] = "SELECT count(*) FROM events WHERE hook = ?1 AND participant_sid = ?2"
	    " AND received_ms >= ?3",
	[Q_COUNT_SESSION] = "SELECT count(*) FROM events WHERE hook = ?1 AND session_sid = ?2"
	    " AND received_ms >= ?3",
	[Q_PURGE] = "DELETE FROM events WHERE received_ms < ?1",
	[Q_PURGE_SOME] = "DELETE FROM events WHERE id IN (SELECT id FROM events"
	    " WHERE received_ms < ?1 ORDER BY received_ms LIMIT ?2)",
	[Q_COUNT_BEFORE] = "SELECT count(*) FROM events WHERE received_ms < ?1",
	/* Read first: a DELETE takes the write lock even when nothing goes. */
	[Q_ANY_BEFORE] = "SELECT 1 FROM events WHERE received_ms < ?1 LIMIT 1",
	/* Two statements, so that a session's participants are found through
	 * participants_session (the intercept asks at every interaction). */
	[Q_PARTICIPANTS_ALL] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " ORDER BY session_sid, sid",
	[Q_PARTICIPANTS_SESSION] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " WHERE session_sid = ?1 ORDER BY sid",
	/* A count over one range of events_received: the parts of minutes at
	 * the ends of a chart's interval (sqlite_count_range). */
	[Q_HISTOGRAM_EVERY] = "SELECT count(*) FROM events"
	    " WHERE received_ms >= ?1 AND received_ms < ?2",
	[Q_HISTOGRAM_KIND] = "SELECT count(*) FROM events WHERE hook = ?3 AND decision = ?4"
	    " AND received_ms >= ?1 AND received_ms < ?2",
	[Q_HISTOGRAM_UNDECIDED] = "SELECT count(*) FROM events WHERE hook = ?3"
	    " AND decision IS NULL AND received_ms >= ?1 AND received_ms < ?2",
	/* Asked at every message when the policy has an `across` rule. */
	[Q_RUNS_ADD] = "INSERT INTO message_runs (participant_sid, session_sid, at_ms, runs,"
	    " message_key) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	[Q_RUNS_PRUNE] = "DELETE FROM message_runs WHERE at_ms < ?1",
	[Q_RUNS_RECENT] = "SELECT at_ms, runs FROM message_runs WHERE participant_sid = ?1"
	    " AND session_sid = ?2 AND at_ms >= ?3 AND at_ms < ?4"
	    " AND (?6 IS NULL OR message_key IS NOT ?6) ORDER BY at_ms DESC, id DESC LIMIT ?5",
	/* The counts a minute (schema change 10), added to once a batch. */
	[Q_COUNT_ADD] = "INSERT INTO event_counts (hook, decision, minute_ms, n)"
	    " VALUES (?1, " STORE_SQLITE_COUNTED("?2") ", ?3, ?4)"
	    " ON CONFLICT (hook, decision, minute_ms) DO UPDATE SET n = n + excluded.n",
	[Q_TOTAL_ADD] = "INSERT INTO event_totals (minute_ms, n) VALUES (?1, ?2)"
	    " ON CONFLICT (minute_ms) DO UPDATE SET n = n + excluded.n",
	[Q_COUNTS_KIND] = "SELECT coalesce(sum(n), 0) FROM event_counts WHERE hook = ?3"
	    " AND decision = " STORE_SQLITE_COUNTED("?4") " AND minute_ms >= ?1 AND minute_ms < ?2",
	[Q_COUNTS_TOTAL] = "SELECT coalesce(sum(n), 0) FROM event_totals"
	    " WHERE minute_ms >= ?1 AND minute_ms < ?2",
};

/* The events a batch added, by hook, decision and minute, until they are
 * added to event_counts and event_totals in the same transaction. */
#define SQLITE_COUNTS		32
#define SQLITE_COUNT_TEXT	32
struct sqlite_count {
	char    hook[SQLITE_COUNT_TEXT];
	char    decision[SQLITE_COUNT_TEXT];
	int     decided;	/* 0: no decision (decision unused) */
	int64_t minute_ms;
	int64_t n;
};

struct sqlite_store {
	struct store   base;
	sqlite3       *db;		/* NULL after a failure that needs a new connection */
	char          *path;
	long           timeout_ms;
	sqlite3_stmt  *stmt[Q_MAX];
	struct store_held held;	/* strings handed out by participant_get */
	int            unsynced;	/* store_sync_commits(0) */
	struct sqlite_count counts[SQLITE_COUNTS];	/* not yet in event_counts */
	size_t         count_n;
	int            checkpoint_later;	/* store_checkpoint_later */
	int            in_batch;	/* between sqlite_begin and its end */
	int            wal_frames;	/* in the WAL after the last commit (checkpoint_later) */
	/* store_checkpoint_behind: the checkpointer, a thread with a
	 * connection of its own, started by a commit that finds the WAL
	 * grown; joined by the next such commit, or at the disconnect. */
	int            checkpoint_behind;
	int            behind_running;	/* started, not joined yet */
	int            behind_ended;	/* atomic: the thread has returned */
	int            behind_busy;	/* it found another checkpoint running */
	int64_t        behind_after_us;	/* no new thread before (after a busy one) */
	pthread_t      behind_thread;
	sqlite3       *behind_db;	/* used by the thread only */
};

/* The WAL's size at which a checkpoint copies it into the database, as
 * SQLite's wal_autocheckpoint does by default. */
#define SQLITE_CHECKPOINT_FRAMES 1000

/*
 * The WAL outlives the connections. SQLite's default, a checkpoint when the
 * last connection closes and the WAL removed, cost a CGI request (a process
 * each, so every one the last) three fdatasyncs, the WAL made again with its
 * header synced and the folder synced: more than the request itself. Here a
 * connection closes without a checkpoint and the WAL file stays
 * (SQLITE_FCNTL_PERSIST_WAL); a commit in the WAL is as safe as one copied
 * into the database, synced or not as before. The WAL is kept short because
 * a process that opens the database with no other connection open reads all
 * of it to rebuild its index: a connection that leaves it holding
 * SQLITE_CLOSE_CHECKPOINT_FRAMES or more checkpoints it at its close and
 * truncates it (in CGI after the answer has gone), so that a run of CGI
 * requests pays one checkpoint every dozen or so. The bound is low because
 * that read is paid by every cold request: at 128 frames (2 MB) it cost a
 * CGI request more than its own insert. A connection that stays open
 * (a FastCGI worker) checkpoints, without truncating, every
 * SQLITE_CHECKPOINT_FRAMES (sqlite_wal_seen).
 */
#define SQLITE_CLOSE_CHECKPOINT_FRAMES	32	/* 512 KB of 16 KB pages */
#define SQLITE_CLOSE_CHECKPOINT_WAIT_MS	200

static int sqlite_connect(struct sqlite_store *, struct error *);
static void sqlite_behind_end(struct sqlite_store *);

/* A connection to path that closes without a checkpoint and keeps the WAL
 * file (above). SQLite's result; *db may be set on failure too, for its
 * message, and is the caller's to close. */
static int
sqlite_open_kept(const char *path, sqlite3 **db)
{
	int rc, persist = 1;

	rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_db_config(*db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_file_control(*db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	return SQLITE_OK;
}

static void
sqlite_disconnect(struct sqlite_store *s)
{
	int i;

	sqlite_behind_end(s);

	for (i = 0; i < Q_MAX; i++) {
		sqlite3_finalize(s->stmt[i]);
		s->stmt[i] = NULL;
	}
	/* Another connection in a transaction makes it give up after the
	 * wait: the next connection to close tries again. */
	if (s->db != NULL && s->wal_frames >= SQLITE_CLOSE_CHECKPOINT_FRAMES) {
		sqlite3_busy_timeout(s->db, SQLITE_CLOSE_CHECKPOINT_WAIT_MS);
		sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	s->wal_frames = 0;
	sqlite3_close(s->db);
	s->db = NULL;
	s->count_n = 0;
}

/* Fill err from the connection. Returns -1, or STORE_REFUSED when the
 * failure is the event's own (it would fail again the same way). A
 * connection that may have gone bad is dropped: the next call opens a new
 * one, which is how a file made read-only and writable again recovers. */
static int
sqlite_fail(struct sqlite_store *s, struct error *err, const char *what)
{
	int code;

	if (s->db == NULL) {
		error_set(err, "%s: %s: the database is not open", s->path, what);
		return -1;
	}
	code = sqlite3_errcode(s->db) & 0xff;
	error_set(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	switch (code) {
	case SQLITE_CONSTRAINT:
	case SQLITE_TOOBIG:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return STORE_REFUSED;
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		sqlite_disconnect(s);
		return -1;
	default:
		return -1;
	}
}

static sqlite3_stmt *
sqlite_stmt(struct sqlite_store *s, int q, struct error *err)
{
	if (s->db == NULL && sqlite_connect(s, err) < 0)
		return NULL;
	if (s->stmt[q] == NULL &&
	    sqlite3_prepare_v3(s->db, sqlite_queries[q], -1, SQLITE_PREPARE_PERSISTENT,
	    &s->stmt[q], NULL) != SQLITE_OK) {
		sqlite_fail(s, err, "prepare");
		return NULL;
	}
	sqlite3_reset(s->stmt[q]);
	sqlite3_clear_bindings(s->stmt[q]);
	return s->stmt[q];
}

/* ---- running a statement ---- */

/* A value for a statement's parameter: text (NULL binds NULL) or, with
 * is_number, a 64-bit integer. */
struct sqlite_arg {
	const char *text;
	int64_t     number;
	int         is_number;
};
#define ARG_TEXT(v)		{ (v), 0, 0 }
#define ARG_INT(v)		{ NULL, (v), 1 }
#define ARG_INT_OR_NULL(v)	{ NULL, (v), (v) >= 0 }	/* NULL when negative */
#define NARGS(a)		((int)(sizeof(a) / sizeof((a)[0])))

/* Hands over one row; returning non-zero stops the walk (not a failure). */
typedef int (*sqlite_row_fn)(void *arg, sqlite3_stmt *row);

struct sqlite_query {
	int                      q;	/* a statement kept prepared (Q_*), */
	const char              *sql;	/* or SQL prepared for this run only */
	const struct sqlite_arg *args;	/* bound to ?1, ?2, ... */
	int                      nargs;
	sqlite_row_fn            row_fn;	/* each row, or NULL */
	void                    *row_arg;
};

/*
 * Run q: take its kept statement (or prepare its SQL), bind the arguments,
 * hand each row to row_fn, then reset (or finalize) the statement. One
 * error path for every query: 0, or what sqlite_fail says, naming what.
 */
static int
sqlite_run(struct sqlite_store *s, const struct sqlite_query *q, const char *what,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc;

	if (q->sql == NULL) {
		if ((st = sqlite_stmt(s, q->q, err)) == NULL)
			return -1;
	} else {
		if (s->db == NULL && sqlite_connect(s, err) < 0)
			return -1;
		if (sqlite3_prepare_v2(s->db, q->sql, -1, &st, NULL) != SQLITE_OK)
			return sqlite_fail(s, err, what);
	}
	for (i = 0; i < q->nargs; i++) {
		if (q->args[i].is_number)
			sqlite3_bind_int64(st, i + 1, q->args[i].number);
		else if (q->args[i].text != NULL)
			sqlite3_bind_text(st, i + 1, q->args[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (q->row_fn != NULL && q->row_fn(q->row_arg, st) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	/* Before sqlite_fail, which may close the connection; the statement's
	 * error stays the connection's. */
	if (q->sql == NULL)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sqlite_fail(s, err, what);
	return 0;
}

static const char *
column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The first column of the first row, as a number. */
static int
row_number(void *arg, sqlite3_stmt *st)
{
	*(int64_t *)arg = sqlite3_column_int64(st, 0);
	return 1;
}

/* Rows of STORE_EVENT_COLUMNS, to a store_event_fn. */
static int
row_event(void *arg, sqlite3_stmt *st)
{
	const struct store_walk *walk = arg;
	struct event_row row;

	row.id = sqlite3_column_int64(st, 0);
	row.hook = column_text(st, 1);
	row.received_ms = sqlite3_column_int64(st, 2);
	row.idempotency_token = column_text(st, 3);
	row.interaction_sid = column_text(st, 4);
	row.session_sid = column_text(st, 5);
	row.participant_sid = column_text(st, 6);
	row.decision = column_text(st, 7);
	row.rule = column_text(st, 8);
	row.decision_us = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 9);
	row.response = column_text(st, 10);
	row.params_json = column_text(st, 11);
	row.event_key = column_text(st, 12);
	row.found = column_text(st, 13);
	return walk->fn.event(walk->arg, &row);
}

/* Rows of (rule, matched, blocked), to a store_rule_stat_fn. */
static int
row_stat(void *arg, sqlite3_stmt *st)
{
	const struct store_walk *walk = arg;
	struct rule_stat stat;

	stat.rule = column_text(st, 0);
	stat.matched = sqlite3_column_int64(st, 1);
	stat.blocked = sqlite3_column_int64(st, 2);
	return walk->fn.stat(walk->arg, &stat);
}

/* A row of STORE_PARTICIPANT_COLUMNS; its strings last until the next step. */
static void
participant_from_row(sqlite3_stmt *st, struct participant *p)
{
	p->sid = column_text(st, 0);
	p->number = column_text(st, 1);
	p->session_sid = column_text(st, 2);
	p->service_sid = column_text(st, 3);
	p->proxy_number = column_text(st, 4);
	p->friendly_name = column_text(st, 5);
	p->updated_ms = sqlite3_column_int64(st, 6);
}

static int
row_participant(void *arg, sqlite3_stmt *st)
{
	const struct store_walk *walk = arg;
	struct participant p;

	participant_from_row(st, &p);
	return walk->fn.participant(walk->arg, &p);
}

/* The one participant a get finds, its strings held (store_backend.h). */
struct sqlite_participant_got {
	struct sqlite_store *s;
	struct participant  *out;
	int                  found;
};

static int
row_participant_held(void *arg, sqlite3_stmt *st)
{
	struct sqlite_participant_got *got = arg;

	participant_from_row(st, got->out);
	got->found = store_participant_hold(&got->s->held, got->out, got->out) == 0 ? 1 : -1;
	return 1;
}

static int
row_refusal(void *arg, sqlite3_stmt *st)
{
	const struct store_walk *walk = arg;
	struct refusal r;

	r.hook = column_text(st, 0);
	r.url = column_text(st, 1);
	r.count = sqlite3_column_int64(st, 2);
	r.last_ms = sqlite3_column_int64(st, 3);
	return walk->fn.refusal(walk->arg, &r);
}

/* ---- events ---- */

static int64_t
sqlite_minute(int64_t ms)
{
	return ms - ((ms % STORE_MINUTE_MS) + STORE_MINUTE_MS) % STORE_MINUTE_MS;
}

/* n events more of hook, decision and the minute in event_counts, and in
 * event_totals unless total is 0: 0, or what sqlite_run says. */
static int
sqlite_count_add(struct sqlite_store *s, const char *hook, const char *decision,
    int64_t minute, int64_t n, int64_t total, struct error *err)
{
	const struct sqlite_arg args[] = { ARG_TEXT(hook), ARG_TEXT(decision), ARG_INT(minute),
		ARG_INT(n) };
	const struct sqlite_arg targs[] = { ARG_INT(minute), ARG_INT(total) };
	const struct sqlite_query q = { .q = Q_COUNT_ADD, .args = args, .nargs = NARGS(args) };
	const struct sqlite_query t = { .q = Q_TOTAL_ADD, .args = targs, .nargs = NARGS(targs) };
	int rc;

	if ((rc = sqlite_run(s, &q, "counting the events", err)) != 0)
		return rc;
	return total > 0 ? sqlite_run(s, &t, "counting the events", err) : 0;
}

/* Add what the batch counted to event_counts and event_totals: a row each
 * per hook, decision and minute, and per minute. */
static int
sqlite_counts_flush(struct sqlite_store *s, struct error *err)
{
	size_t i, j;
	int64_t total;
	int rc;

	for (i = 0; i < s->count_n; i++) {
		const struct sqlite_count *c = &s->counts[i];

		/* The minute's total goes with its first count. */
		for (j = 0; j < i && s->counts[j].minute_ms != c->minute_ms; j++)
			;
		total = 0;
		if (j == i)
			for (; j < s->count_n; j++)
				if (s->counts[j].minute_ms == c->minute_ms)
					total += s->counts[j].n;
		if ((rc = sqlite_count_add(s, c->hook, c->decided ? c->decision : NULL,
		    c->minute_ms, c->n, total, err)) != 0)
			return rc;
	}
	s->count_n = 0;
	return 0;
}

/* One event more of ev's hook, decision and minute, counted in memory
 * and added to the tables by sqlite_counts_flush (at the latest before the
 * commit); a full list is added first, and a hook or decision too long to
 * keep is added at once. */
static int
sqlite_count(struct sqlite_store *s, const struct event *ev, struct error *err)
{
	struct sqlite_count *c;
	int64_t minute = sqlite_minute(ev->received_ms);
	size_t i, hook_len = strlen(ev->hook), decision_len;
	int rc;

	decision_len = ev->decision != NULL ? strlen(ev->decision) : 0;
	for (i = 0; i < s->count_n; i++) {
		c = &s->counts[i];
		if (c->minute_ms == minute && c->decided == (ev->decision != NULL) &&
		    strcmp(c->hook, ev->hook) == 0 &&
		    (!c->decided || strcmp(c->decision, ev->decision) == 0)) {
			c->n++;
			return 0;
		}
	}
	if (hook_len >= SQLITE_COUNT_TEXT || decision_len >= SQLITE_COUNT_TEXT)
		return sqlite_count_add(s, ev->hook, ev->decision, minute, 1, 1, err);
	if (s->count_n == SQLITE_COUNTS && (rc = sqlite_counts_flush(s, err)) != 0)
		return rc;
	c = &s->counts[s->count_n++];
	memcpy(c->hook, ev->hook, hook_len + 1);
	c->decided = ev->decision != NULL;
	if (c->decided)
		memcpy(c->decision, ev->decision, decision_len + 1);
	c->minute_ms = minute;
	c->n = 1;
	return 0;
}

static int sqlite_begin(struct store *, long, struct error *);
static int sqlite_commit(struct store *, struct error *);
static void sqlite_rollback(struct store *);

static int
sqlite_event_add(struct store *base, const struct event *ev, const char *params_json,
    int *duplicate, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	const struct sqlite_arg args[] = { ARG_TEXT(ev->hook), ARG_INT(ev->received_ms),
		ARG_TEXT(ev->idempotency_token), ARG_TEXT(ev->interaction_sid),
		ARG_TEXT(ev->session_sid), ARG_TEXT(ev->participant_sid), ARG_TEXT(ev->decision),
		ARG_TEXT(ev->rule), ARG_INT_OR_NULL(ev->decision_us), ARG_TEXT(ev->response),
		ARG_TEXT(params_json), ARG_TEXT(ev->event_key), ARG_TEXT(ev->found) };
	const struct sqlite_query q = { .q = Q_EVENT_ADD, .args = args, .nargs = NARGS(args) };
	int rc, alone;

	if (s->db == NULL && sqlite_connect(s, err) < 0)
		return -1;
	/* Outside a batch, the event and its count are a transaction of
	 * their own. */
	if ((alone = sqlite3_get_autocommit(s->db)) &&
	    (rc = sqlite_begin(base, s->timeout_ms, err)) != 1) {
		if (rc == 0)
			error_set(err, "%s: recording the event: the database is locked", s->path);
		return -1;
	}
	if ((rc = sqlite_run(s, &q, "recording the event", err)) == 0) {
		*duplicate = sqlite3_changes(s->db) == 0;
		if (!*duplicate)
			rc = sqlite_count(s, ev, err);
	}
	if (alone) {
		if (rc != 0)
			sqlite_rollback(base);
		else if (sqlite_commit(base, err) < 0)
			rc = -1;
	}
	return rc;
}

static int
sqlite_events(struct store *base, const struct event_filter *f, store_event_fn fn, void *arg,
    struct error *err)
{
	struct store_walk walk = { .fn.event = fn, .arg = arg };
	struct sqlite_arg args[STORE_QUERY_PARAMS];
	struct sqlite_query q = { .args = args, .row_fn = row_event, .row_arg = &walk };
	struct store_query sq;
	int i, rc;

	if (store_query_events(&sq, f, 0, err) < 0)
		return -1;
	for (i = 0; i < sq.n; i++) {
		args[i].text = sq.text[i];
		args[i].number = sq.number[i];
		args[i].is_number = sq.text[i] == NULL;
	}
	q.sql = sq.sql;
	q.nargs = sq.n;
	rc = sqlite_run((struct sqlite_store *)base, &q, "reading events", err) < 0 ? -1 : 0;
	store_query_free(&sq);
	return rc;
}

static int
sqlite_event_count(struct store *base, const char *hook, const char *column, const char *value,
    int64_t since_ms, int64_t *count, struct error *err)
{
	const struct sqlite_arg args[] = { ARG_TEXT(hook), ARG_TEXT(value), ARG_INT(since_ms) };
	const struct sqlite_query q = {
		.q = strcmp(column, "session_sid") == 0 ? Q_COUNT_SESSION : Q_COUNT_PARTICIPANT,
		.args = args, .nargs = NARGS(args), .row_fn = row_number, .row_arg = count };

	return sqlite_run((struct sqlite_store *)base, &q, "counting events", err);
}

static int
sqlite_rule_stats(struct store *base, int64_t since_ms, store_rule_stat_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] = "SELECT rule, count(*),"
	    " sum(decision IN ('block', 'would-block')) FROM events"
	    " WHERE rule IS NOT NULL AND received_ms >= ?1 GROUP BY rule"
	    " ORDER BY 3 DESC, 2 DESC, rule";
	struct store_walk walk = { .fn.stat = fn, .arg = arg };
	const struct sqlite_arg args[] = { ARG_INT(since_ms) };
	const struct sqlite_query q = { .sql = sql, .args = args, .nargs = NARGS(args),
		.row_fn = row_stat, .row_arg = &walk };

	return sqlite_run((struct sqlite_store *)base, &q, "reading rule statistics", err);
}

/* Refusals past retention go with the events (read first: a DELETE
 * takes the write lock even when nothing goes). */
static int
sqlite_purge_refusals(struct sqlite_store *s, int64_t before_ms, struct error *err)
{
	const struct sqlite_arg args[] = { ARG_INT(before_ms) };
	int64_t any = 0;
	const struct sqlite_query look = {
		.sql = "SELECT 1 FROM refusals WHERE received_ms < ?1 LIMIT 1",
		.args = args, .nargs = NARGS(args), .row_fn = row_number, .row_arg = &any };
	const struct sqlite_query remove = { .sql = "DELETE FROM refusals WHERE received_ms < ?1",
		.args = args, .nargs = NARGS(args) };
	int rc;

	if ((rc = sqlite_run(s, &look, "looking for old refusals", err)) != 0 || any == 0)
		return rc;
	return sqlite_run(s, &remove, "removing old refusals", err);
}

static int
sqlite_purge(struct store *base, int64_t before_ms, long limit, int count_only, int64_t *n,
    struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	const struct sqlite_arg args[] = { ARG_INT(before_ms), ARG_INT(limit) };
	int64_t any = 0;
	const struct sqlite_query look = { .q = count_only ? Q_COUNT_BEFORE : Q_ANY_BEFORE,
		.args = args, .nargs = 1, .row_fn = row_number, .row_arg = count_only ? n : &any };
	const struct sqlite_query remove = { .q = limit > 0 ? Q_PURGE_SOME : Q_PURGE,
		.args = args, .nargs = limit > 0 ? 2 : 1 };

	*n = 0;
	if (!count_only) {
		if (s->db == NULL && sqlite_connect(s, err) < 0)
			return -1;
		if (sqlite_purge_refusals(s, before_ms, err) < 0)
			return -1;
	}
	if (sqlite_run(s, &look, "looking for old events", err) < 0)
		return -1;
	if (count_only || any == 0)
		return 0;
	if (sqlite_run(s, &remove, "removing old events", err) < 0)
		return -1;
	*n = sqlite3_changes(s->db);
	return 0;
}

static void
sqlite_set_timeout(struct store *base, long timeout_ms)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	s->timeout_ms = timeout_ms;
	if (s->db != NULL)
		sqlite3_busy_timeout(s->db, (int)timeout_ms);
}

/* ---- the participant directory ---- */

/* The one participant a query of its key (bound 1, and 2 when not NULL)
 * finds: 1, 0 none, -1 error. */
static int
sqlite_participant_one(struct sqlite_store *s, int query, const char *key1, const char *key2,
    struct participant *out, struct error *err)
{
	struct sqlite_participant_got got = { s, out, 0 };
	const struct sqlite_arg args[] = { ARG_TEXT(key1), ARG_TEXT(key2) };
	const struct sqlite_query q = { .q = query, .args = args, .nargs = key2 != NULL ? 2 : 1,
		.row_fn = row_participant_held, .row_arg = &got };
	int rc;

	if ((rc = sqlite_run(s, &q, "reading the participant directory", err)) != 0)
		return rc;
	if (got.found < 0)
		error_set(err, "%s: reading the participant directory: out of memory", s->path);
	return got.found;
}

static int
sqlite_participant_get(struct store *base, const char *sid, struct participant *out,
    struct error *err)
{
	return sqlite_participant_one((struct sqlite_store *)base, Q_PARTICIPANT_GET, sid, NULL,
	    out, err);
}

static int
sqlite_participant_by_binding(struct store *base, const char *address,
    const char *proxy_address, struct participant *out, struct error *err)
{
	return sqlite_participant_one((struct sqlite_store *)base, Q_PARTICIPANT_BINDING, address,
	    proxy_address, out, err);
}

static int
sqlite_participant_put(struct store *base, const struct participant *p, struct error *err)
{
	const struct sqlite_arg args[] = { ARG_TEXT(p->sid), ARG_TEXT(p->number),
		ARG_TEXT(p->session_sid), ARG_TEXT(p->service_sid), ARG_TEXT(p->proxy_number),
		ARG_TEXT(p->friendly_name), ARG_INT(p->updated_ms) };
	const struct sqlite_query q = { .q = Q_PARTICIPANT_PUT, .args = args,
		.nargs = NARGS(args) };

	return sqlite_run((struct sqlite_store *)base, &q, "writing the participant directory",
	    err);
}

static int
sqlite_participant_remove(struct store *base, const char *sid, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	const struct sqlite_arg args[] = { ARG_TEXT(sid) };
	const struct sqlite_query q = { .q = Q_PARTICIPANT_REMOVE, .args = args,
		.nargs = NARGS(args) };
	int rc;

	if ((rc = sqlite_run(s, &q, "removing a participant", err)) != 0)
		return rc;
	return sqlite3_changes(s->db) > 0;
}

static int
sqlite_participants(struct store *base, const char *session_sid, store_participant_fn fn,
    void *arg, struct error *err)
{
	struct store_walk walk = { .fn.participant = fn, .arg = arg };
	const struct sqlite_arg args[] = { ARG_TEXT(session_sid) };
	const struct sqlite_query q = {
		.q = session_sid != NULL ? Q_PARTICIPANTS_SESSION : Q_PARTICIPANTS_ALL,
		.args = args, .nargs = session_sid != NULL ? 1 : 0,
		.row_fn = row_participant, .row_arg = &walk };

	return sqlite_run((struct sqlite_store *)base, &q, "listing participants", err);
}

/* ---- digit runs across messages ---- */

static int
sqlite_runs_add(struct store *base, const char *participant_sid, const char *session_sid,
    int64_t at_ms, const char *runs, const char *key, int64_t prune_before_ms,
    struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	const struct sqlite_arg prune_args[] = { ARG_INT(prune_before_ms) };
	const struct sqlite_arg args[] = { ARG_TEXT(participant_sid), ARG_TEXT(session_sid),
		ARG_INT(at_ms), ARG_TEXT(runs), ARG_TEXT(key) };
	const struct sqlite_query prune = { .q = Q_RUNS_PRUNE, .args = prune_args,
		.nargs = NARGS(prune_args) };
	const struct sqlite_query add = { .q = Q_RUNS_ADD, .args = args, .nargs = NARGS(args) };
	int rc;

	if ((rc = sqlite_run(s, &prune, "pruning digit runs", err)) != 0)
		return rc;
	return sqlite_run(s, &add, "keeping digit runs", err);
}

static int
row_runs(void *arg, sqlite3_stmt *st)
{
	const struct store_walk *walk = arg;

	return walk->fn.runs(walk->arg, sqlite3_column_int64(st, 0), column_text(st, 1));
}

static int
sqlite_runs_recent(struct store *base, const char *participant_sid, const char *session_sid,
    int64_t since_ms, int64_t until_ms, const char *key, long limit, store_runs_fn fn,
    void *arg, struct error *err)
{
	struct store_walk walk = { .fn.runs = fn, .arg = arg };
	const struct sqlite_arg args[] = { ARG_TEXT(participant_sid), ARG_TEXT(session_sid),
		ARG_INT(since_ms), ARG_INT(until_ms), ARG_INT(limit), ARG_TEXT(key) };
	const struct sqlite_query q = { .q = Q_RUNS_RECENT, .args = args, .nargs = NARGS(args),
		.row_fn = row_runs, .row_arg = &walk };

	return sqlite_run((struct sqlite_store *)base, &q, "reading digit runs", err);
}

/* ---- the operator's view ---- */

/* How many events of the kind asked (as sqlite_event_histogram) came in
 * [from, to): from the counts a minute for the whole minutes in it, from
 * the events themselves (along events_received) for the parts of a minute
 * at its ends. */
static int
sqlite_count_range(struct sqlite_store *s, const char *hook, const char *decision,
    int64_t from, int64_t to, int64_t *count, struct error *err)
{
	int64_t lo = sqlite_minute(from), hi = sqlite_minute(to), n;
	int rc;

	*count = 0;
	if (from >= to)
		return 0;
	if (lo < from)
		lo += STORE_MINUTE_MS;
	if (lo >= hi) {
		lo = hi = to;	/* no whole minute: every event counted */
	} else {
		const struct sqlite_arg args[] = { ARG_INT(lo), ARG_INT(hi), ARG_TEXT(hook),
			ARG_TEXT(decision) };
		const struct sqlite_query q = { .q = hook == NULL ? Q_COUNTS_TOTAL : Q_COUNTS_KIND,
			.args = args, .nargs = hook == NULL ? 2 : 4, .row_fn = row_number,
			.row_arg = &n };

		n = 0;
		if ((rc = sqlite_run(s, &q, "counting events", err)) != 0)
			return rc;
		*count += n;
	}
	/* The part minutes: [from, lo) and [hi, to). */
	for (int part = 0; part < 2; part++) {
		int64_t a = part == 0 ? from : hi, b = part == 0 ? lo : to;
		const struct sqlite_arg args[] = { ARG_INT(a), ARG_INT(b), ARG_TEXT(hook),
			ARG_TEXT(decision) };
		const struct sqlite_query q = {
			.q = hook == NULL ? Q_HISTOGRAM_EVERY : decision == NULL ?
			    Q_HISTOGRAM_UNDECIDED : Q_HISTOGRAM_KIND,
			.args = args, .nargs = hook == NULL ? 2 : decision == NULL ? 3 : 4,
			.row_fn = row_number, .row_arg = &n };

		if (a >= b)
			continue;
		n = 0;
		if ((rc = sqlite_run(s, &q, "counting events", err)) != 0)
			return rc;
		*count += n;
	}
	return 0;
}

static int
sqlite_event_histogram(struct store *base, const char *hook, const char *decision,
    const int64_t *bounds, size_t n, int64_t *counts, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = sqlite_count_range(s, hook, decision, bounds[i], bounds[i + 1], &counts[i],
		    err)) != 0)
			return rc;
	return 0;
}

static int
sqlite_blocking_rules(struct store *base, int64_t since_ms, long limit, store_rule_stat_fn fn,
    void *arg, struct error *err)
{
	/* Along events_blocked: its WHERE is repeated word for word, which is
	 * how SQLite knows the index holds every row the query wants. */
	static const char sql[] = "SELECT rule, 0, count(*) FROM events"
	    " WHERE " STORE_SQLITE_BLOCKED " AND received_ms >= ?1"
	    " AND rule IS NOT NULL GROUP BY rule ORDER BY 3 DESC, rule LIMIT ?2";
	struct store_walk walk = { .fn.stat = fn, .arg = arg };
	const struct sqlite_arg args[] = { ARG_INT(since_ms), ARG_INT(limit > 0 ? limit : -1) };
	const struct sqlite_query q = { .sql = sql, .args = args, .nargs = NARGS(args),
		.row_fn = row_stat, .row_arg = &walk };

	return sqlite_run((struct sqlite_store *)base, &q, "reading the rules that blocked", err);
}

static int
sqlite_participant_count(struct store *base, int64_t *count, struct error *err)
{
	const struct sqlite_query q = { .sql = "SELECT count(*) FROM participants",
		.row_fn = row_number, .row_arg = count };

	return sqlite_run((struct sqlite_store *)base, &q, "counting participants", err);
}

static int
sqlite_refusal_add(struct store *base, const char *hook, int64_t at_ms, const char *url,
    long count, struct error *err)
{
	const struct sqlite_arg args[] = { ARG_TEXT(hook), ARG_INT(at_ms), ARG_TEXT(url),
		ARG_INT(count) };
	const struct sqlite_query q = { .sql = "INSERT INTO refusals (hook, received_ms, url,"
	    " count) VALUES (?1, ?2, ?3, ?4)", .args = args, .nargs = NARGS(args) };

	return sqlite_run((struct sqlite_store *)base, &q, "recording a refusal", err);
}

static int
sqlite_refusals(struct store *base, int64_t since_ms, long limit, store_refusal_fn fn, void *arg,
    struct error *err)
{
	static const char sql[] = "SELECT hook, url, sum(count), max(received_ms) FROM refusals"
	    " WHERE received_ms >= ?1 GROUP BY hook, url ORDER BY 4 DESC, 1, 2 LIMIT ?2";
	struct store_walk walk = { .fn.refusal = fn, .arg = arg };
	const struct sqlite_arg args[] = { ARG_INT(since_ms), ARG_INT(limit > 0 ? limit : -1) };
	const struct sqlite_query q = { .sql = sql, .args = args, .nargs = NARGS(args),
		.row_fn = row_refusal, .row_arg = &walk };

	return sqlite_run((struct sqlite_store *)base, &q, "reading refusals", err);
}

static void
sqlite_close(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	sqlite_disconnect(s);
	store_held_release(&s->held);
	free(s->path);
	free(s);
}

static int sqlite_busy(struct sqlite_store *);

/* BEGIN IMMEDIATE takes the write lock now, waiting at most wait_ms for
 * it, rather than at the first write of the batch. */
static int
sqlite_begin(struct store *base, long wait_ms, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	int rc;

	if (s->db == NULL && sqlite_connect(s, err) < 0)
		return -1;
	sqlite3_busy_timeout(s->db, (int)wait_ms);
	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(s->db, (int)s->timeout_ms);
	if (rc == SQLITE_OK) {
		s->in_batch = 1;
		return 1;
	}
	if (sqlite_busy(s))
		return 0;
	sqlite_fail(s, err, "beginning a batch");
	return -1;
}

static void
sqlite_rollback(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	s->count_n = 0;
	if (s->db != NULL && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_batch = 0;
}

/* The batch's counts go in with it. */
static int
sqlite_commit(struct store *base, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	if (s->db != NULL && s->count_n > 0 && sqlite_counts_flush(s, err) != 0) {
		sqlite_rollback(base);
		return -1;
	}
	if (s->db != NULL && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		s->in_batch = 0;
		return 0;
	}
	sqlite_fail(s, err, "committing a batch");
	sqlite_rollback(base);
	return -1;
}

/*
 * The checkpointer (store_checkpoint_behind). A checkpoint of
 * SQLITE_CHECKPOINT_FRAMES copies up to 16 MB into the database and syncs
 * the WAL and the database: milliseconds, during which the worker whose
 * commit found the WAL grown answered nobody (under load, the p99 of an
 * intercept worker). The thread does it instead, with a connection of its
 * own, in rounds that keep no writer out (PASSIVE): the workers go on
 * committing into the WAL meanwhile, and what came in during a round is
 * copied by the next. A WAL copied whole is started again from its
 * beginning by the next write, but only if no other commit came first:
 * with writers that never pause, seldom. So once the WAL has grown to
 * twice its size, a last round keeps writers out for as long as it takes
 * to copy what is left and to see no reader still in the WAL (RESTART,
 * waiting SQLITE_BEHIND_WAIT_MS at most), and the next write starts it
 * again. The WAL stays within a few times SQLITE_CHECKPOINT_FRAMES.
 */
#define SQLITE_BEHIND_ROUNDS	4
#define SQLITE_BEHIND_WAIT_MS	50
/* After a round found another process checkpointing, the next thread
 * waits this long: that one copies this process's commits too. */
#define SQLITE_BEHIND_AFTER_BUSY_US	20000

static void *
sqlite_behind_main(void *arg)
{
	struct sqlite_store *s = arg;
	int round, log = 0, copied = 0, rc = SQLITE_OK;

	/* Closed as the worker's connection is. A first read opens the WAL
	 * (until then the connection knows of none, and has nothing to
	 * copy). */
	if (s->behind_db == NULL && (sqlite_open_kept(s->path, &s->behind_db) != SQLITE_OK ||
	    sqlite3_busy_timeout(s->behind_db, SQLITE_BEHIND_WAIT_MS) != SQLITE_OK ||
	    sqlite3_exec(s->behind_db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK)) {
		sqlite3_close(s->behind_db);
		s->behind_db = NULL;
		goto out;
	}
	for (round = 0; round < SQLITE_BEHIND_ROUNDS; round++) {
		rc = sqlite3_wal_checkpoint_v2(s->behind_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log,
		    &copied);
		if (rc != SQLITE_OK || copied >= log)
			break;
	}
	if (rc == SQLITE_OK && log >= 2 * SQLITE_CHECKPOINT_FRAMES)
		rc = sqlite3_wal_checkpoint_v2(s->behind_db, NULL, SQLITE_CHECKPOINT_RESTART, NULL,
		    NULL);
	/* Another process's checkpoint: it copies this process's pages too. */
	s->behind_busy = (rc & 0xff) == SQLITE_BUSY;
out:
	__atomic_store_n(&s->behind_ended, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Wait for the checkpointer, and close its connection. */
static void
sqlite_behind_end(struct sqlite_store *s)
{
	if (s->behind_running)
		pthread_join(s->behind_thread, NULL);
	s->behind_running = 0;
	sqlite3_close(s->behind_db);
	s->behind_db = NULL;
}

/* A commit found the WAL grown: start the checkpointer, unless it still
 * copies (it, or the next commit's, will copy this commit's pages too).
 * -1 when no thread can be had: the caller checkpoints itself. */
static int
sqlite_behind_start(struct sqlite_store *s)
{
	sigset_t all, old;
	int r;

	if (s->behind_running) {
		if (!__atomic_load_n(&s->behind_ended, __ATOMIC_ACQUIRE))
			return 0;
		pthread_join(s->behind_thread, NULL);
		s->behind_running = 0;
		if (s->behind_busy)
			s->behind_after_us = util_monotonic_us() + SQLITE_BEHIND_AFTER_BUSY_US;
	}
	if (s->behind_after_us != 0 && util_monotonic_us() < s->behind_after_us)
		return 0;
	s->behind_after_us = 0;
	__atomic_store_n(&s->behind_ended, 0, __ATOMIC_RELAXED);
	/* No signal for the thread: the process's own mask decides them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&s->behind_thread, NULL, sqlite_behind_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0)
		return -1;
	s->behind_running = 1;
	return 0;
}

/* In place of SQLite's automatic checkpoint, after every commit: the WAL's
 * size is kept (for the checkpoint at close, sqlite_disconnect), and a WAL
 * of SQLITE_CHECKPOINT_FRAMES is checkpointed at once, as SQLite would
 * have (by the checkpointer with store_checkpoint_behind), except after a
 * batch with store_checkpoint_later: store_checkpoint then copies it once
 * the batch's answers are out. Runs after the commit, its locks given
 * back. */
static int
sqlite_wal_seen(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct sqlite_store *s = arg;

	s->wal_frames = frames;
	if (frames < SQLITE_CHECKPOINT_FRAMES || (s->checkpoint_later && s->in_batch))
		return SQLITE_OK;
	if (s->checkpoint_behind && sqlite_behind_start(s) == 0)
		return SQLITE_OK;
	(void)sqlite3_wal_checkpoint(db, name);
	return SQLITE_OK;
}

static void
sqlite_checkpoint_behind(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	/* Only where the library may be used from two threads at once. */
	if (sqlite3_threadsafe() != 0)
		s->checkpoint_behind = 1;
}

static void
sqlite_checkpoint_later(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	s->checkpoint_later = 1;
	if (s->db != NULL)
		sqlite3_wal_hook(s->db, sqlite_wal_seen, s);
}

static int
sqlite_checkpoint_due(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	return s->checkpoint_later && s->db != NULL && s->wal_frames >= SQLITE_CHECKPOINT_FRAMES;
}

/* PASSIVE: readers are not waited for (what they still read is copied
 * by a later checkpoint); writers are kept out by the writers' lock that
 * store_checkpoint holds, so that the WAL is copied whole and the next
 * commit starts it again from its beginning. */
static int
sqlite_checkpoint(struct store *base, struct error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

	s->wal_frames = 0;
	if (rc == SQLITE_OK || sqlite_busy(s))
		return 0;
	sqlite_fail(s, err, "copying the WAL into the database");
	return -1;
}

/* In WAL mode, synchronous = NORMAL writes a commit to the WAL without an
 * fsync; the WAL reaches the disk at the next checkpoint. Kept across a
 * reconnection (sqlite_connect). */
static void
sqlite_sync_commits(struct store *base, int synced)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	if (s->unsynced == !synced)
		return;
	s->unsynced = !synced;
	if (s->db != NULL)
		sqlite3_exec(s->db, synced ? "PRAGMA synchronous = FULL" :
		    "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
}

static const struct store_ops sqlite_ops = {
	.kind = "sqlite",
	.event_add = sqlite_event_add,
	.events = sqlite_events,
	.event_count = sqlite_event_count,
	.rule_stats = sqlite_rule_stats,
	.purge = sqlite_purge,
	.participant_get = sqlite_participant_get,
	.participant_by_binding = sqlite_participant_by_binding,
	.participant_put = sqlite_participant_put,
	.participant_remove = sqlite_participant_remove,
	.participants = sqlite_participants,
	.runs_add = sqlite_runs_add,
	.runs_recent = sqlite_runs_recent,
	.event_histogram = sqlite_event_histogram,
	.blocking_rules = sqlite_blocking_rules,
	.participant_count = sqlite_participant_count,
	.refusal_add = sqlite_refusal_add,
	.refusals = sqlite_refusals,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.set_timeout = sqlite_set_timeout,
	.sync_commits = sqlite_sync_commits,
	.checkpoint_later = sqlite_checkpoint_later,
	.checkpoint_behind = sqlite_checkpoint_behind,
	.checkpoint_due = sqlite_checkpoint_due,
	.checkpoint = sqlite_checkpoint,
	.close = sqlite_close,
};

/* Another connection has the lock: worth trying again. */
static int
sqlite_busy(struct sqlite_store *s)
{
	int code = sqlite3_errcode(s->db) & 0xff;

	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* The schema version the file records, or -1 (the connection says why).
 * Not through sqlite_run: a failure here is tried again, not reported. */
static int
sqlite_user_version(struct sqlite_store *s)
{
	sqlite3_stmt *st = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return version;
}

static int
sqlite_migrate(struct sqlite_store *s, int *busy, struct error *err)
{
	char sql[64], *change;
	int newest = store_schema_version(STORE_SQLITE), version, v, rc;

	*busy = 0;
	if ((version = sqlite_user_version(s)) < 0) {
		error_set(err, "%s: reading the schema version: %s", s->path, sqlite3_errmsg(s->db));
		*busy = sqlite_busy(s);
		return -1;
	}
	if (version > newest) {
		error_set(err, "%s: schema version %d is newer than this program knows (%d): upgrade "
		    "proxyhooks", s->path, version, newest);
		return -1;
	}
	if (version == newest)
		return 0;
	/* IMMEDIATE: two processes starting at once migrate one after the other. */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		error_set(err, "%s: migrating: %s", s->path, sqlite3_errmsg(s->db));
		*busy = sqlite_busy(s);
		return -1;
	}
	if ((version = sqlite_user_version(s)) < 0)
		goto fail;
	for (v = version; v < newest; v++) {
		if ((change = store_schema_change(STORE_SQLITE, v)) == NULL) {
			error_set(err, "%s: migrating the schema: out of memory", s->path);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		rc = sqlite3_exec(s->db, change, NULL, NULL, NULL);
		free(change);
		if (rc != SQLITE_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", newest);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	error_set(err, "%s: migrating the schema: %s", s->path, sqlite3_errmsg(s->db));
	*busy = sqlite_busy(s);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Open the connection: WAL (readers never wait for the writer), a wait of
 * up to the timeout for the write lock, every commit synced to disk
 * (an event answered 2xx survives a power cut), the schema migrated.
 * Processes opening a new file at once can find it busy in ways the busy
 * timeout does not cover (switching to WAL): they try again until the
 * timeout. */
static int
sqlite_connect(struct sqlite_store *s, struct error *err)
{
	struct error attempt;
	int64_t deadline_us = util_monotonic_us() + s->timeout_ms * 1000;
	int busy;

	if (sqlite_open_kept(s->path, &s->db) != SQLITE_OK) {
		if (s->db == NULL)
			error_set(err, "%s: cannot open the database", s->path);
		else
			error_set(err, "%s: open: %s", s->path, sqlite3_errmsg(s->db));
		goto fail;
	}
	sqlite3_busy_timeout(s->db, (int)s->timeout_ms);
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_wal_hook(s->db, sqlite_wal_seen, s);
	for (;;) {
		memset(&attempt, 0, sizeof(attempt));
		if (sqlite3_exec(s->db, s->unsynced ? "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		    " PRAGMA foreign_keys = ON;" : "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		    " PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK) {
			error_set(&attempt, "%s: setting up WAL: %s", s->path, sqlite3_errmsg(s->db));
			busy = sqlite_busy(s);
		} else if (sqlite_migrate(s, &busy, &attempt) == 0)
			return 0;
		if (!busy || util_monotonic_us() >= deadline_us) {
			error_set(err, "%s", attempt.message);
			goto fail;
		}
		usleep(10000);
	}
fail:
	sqlite_disconnect(s);
	return -1;
}

int
store_sqlite_open(const char *path, long timeout_ms, struct store **out, struct error *err)
{
	struct sqlite_store *s;

	static int configured;

	if (libsqlite3_load(err) < 0)
		return -1;
	/* Before SQLite's first use (else refused, harmlessly): no count of
	 * its memory, which it would keep under a mutex at every allocation. */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		error_set(err, "out of memory");
		return -1;
	}
	s->base.ops = &sqlite_ops;
	s->timeout_ms = timeout_ms;
	/* Made by us, so that it is mode 0640 whatever the umask (root's given
	 * to the folder's owner), and checked: no link, another user's file or
	 * anything but a regular file (SQLite then opens it without following
	 * a link either). */
	if (safefile_ensure(path, 0640, err) < 0)
		goto fail;
	if (sqlite_connect(s, err) < 0)
		goto fail;
	store_version_open(&s->base, path);
	*out = &s->base;
	return 0;
fail:
	sqlite_close(&s->base);
	return -1;
}
