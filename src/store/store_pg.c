/* store_pg: the PostgreSQL store, for several web hosts writing to one
 * database. One connection per process, made again after a failure. Every
 * wait on the server is bounded by the store timeout: a server that does
 * not answer in time has its connection dropped, so that a hook spools
 * instead of hanging. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <libpq-fe.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/store/schema.h"
#include "proxyhooks/store/store_backend.h"
#include "proxyhooks/base/util.h"

/*
 * libpq is loaded when a PostgreSQL store is opened, not linked: a worker
 * on SQLite does not carry it and what it brings (TLS, Kerberos, LDAP),
 * a few MiB resident. Each PQ name below stands for the loaded function.
 */
#define LIBPQ_FUNCTIONS(X) \
	X(PQclear) \
	X(PQerrorMessage) \
	X(PQntuples) \
	X(PQstatus) \
	X(PQresultStatus) \
	X(PQgetvalue) \
	X(PQgetisnull) \
	X(PQsocket) \
	X(PQsetnonblocking) \
	X(PQsetSingleRowMode) \
	X(PQsetNoticeProcessor) \
	X(PQsendQueryParams) \
	X(PQsendQuery) \
	X(PQresultErrorMessage) \
	X(PQresultErrorField) \
	X(PQparameterStatus) \
	X(PQisBusy) \
	X(PQgetResult) \
	X(PQflush) \
	X(PQfinish) \
	X(PQconsumeInput) \
	X(PQconninfoParse) \
	X(PQconninfoFree) \
	X(PQconnectStartParams) \
	X(PQconnectPoll) \
	X(PQcmdTuples)

static struct {
	void *handle;
#define LIBPQ_FIELD(name) __typeof__(name) *name;
	LIBPQ_FUNCTIONS(LIBPQ_FIELD)
#undef LIBPQ_FIELD
} libpq;

static int
libpq_load(struct error *err)
{
	void *h;

	if (libpq.handle != NULL)
		return 0;
	if ((h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		error_set(err, "libpq cannot be loaded (%s): install libpq5", dlerror());
		return -1;
	}
#define LIBPQ_SYMBOL(name) \
	if ((*(void **)&libpq.name = dlsym(h, #name)) == NULL) \
		goto missing;
	LIBPQ_FUNCTIONS(LIBPQ_SYMBOL)
#undef LIBPQ_SYMBOL
	libpq.handle = h;
	return 0;
missing:
	error_set(err, "the loaded libpq lacks a function: %s", dlerror());
	dlclose(h);
	memset(&libpq, 0, sizeof(libpq));
	return -1;
}

#define PQclear (libpq.PQclear)
#define PQerrorMessage (libpq.PQerrorMessage)
#define PQntuples (libpq.PQntuples)
#define PQstatus (libpq.PQstatus)
#define PQresultStatus (libpq.PQresultStatus)
#define PQgetvalue (libpq.PQgetvalue)
#define PQgetisnull (libpq.PQgetisnull)
#define PQsocket (libpq.PQsocket)
#define PQsetnonblocking (libpq.PQsetnonblocking)
#define PQsetSingleRowMode (libpq.PQsetSingleRowMode)
#define PQsetNoticeProcessor (libpq.PQsetNoticeProcessor)
#define PQsendQueryParams (libpq.PQsendQueryParams)
#define PQsendQuery (libpq.PQsendQuery)
#define PQresultErrorMessage (libpq.PQresultErrorMessage)
#define PQresultErrorField (libpq.PQresultErrorField)
#define PQparameterStatus (libpq.PQparameterStatus)
#define PQisBusy (libpq.PQisBusy)
#define PQgetResult (libpq.PQgetResult)
#define PQflush (libpq.PQflush)
#define PQfinish (libpq.PQfinish)
#define PQconsumeInput (libpq.PQconsumeInput)
#define PQconninfoParse (libpq.PQconninfoParse)
#define PQconninfoFree (libpq.PQconninfoFree)
#define PQconnectStartParams (libpq.PQconnectStartParams)
#define PQconnectPoll (libpq.PQconnectPoll)
#define PQcmdTuples (libpq.PQcmdTuples)

/* Any number: processes migrating at once take this advisory lock in turn. */
#define PG_MIGRATION_LOCK "7370716f6f6c"

struct pg_store {
	struct store base;
	PGconn      *conn;		/* NULL until connected, and after a failure */
	char        *conninfo;
	char        *name;		/* for messages: the URI without its password */
	long         timeout_ms;
	int          migrated;
	struct store_held held;	/* strings handed out by participant_get */
};

/* A row as it arrives; returning non-zero stops handing rows over. */
typedef int (*pg_row_fn)(void *arg, const PGresult *res, int row);

struct pg_query {
	const char        *sql;
	int                nparams;
	const char *const *params;
	pg_row_fn          row_fn;	/* rows one at a time, or NULL */
	void              *row_arg;
	PGresult          *last;	/* the last result, when row_fn is NULL */
};

static int64_t
pg_now_ms(void)
{
	return util_monotonic_us() / 1000;
}

/* "postgresql://user@host:port/db", never with the password. */
static char *
pg_name(const char *conninfo)
{
	PQconninfoOption *opts, *o;
	const char *user = NULL, *host = NULL, *port = NULL, *db = NULL;
	char *name = NULL;

	if ((opts = PQconninfoParse(conninfo, NULL)) == NULL)
		return strdup("postgresql (a malformed connection string)");
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "user") == 0)
			user = o->val;
		else if (strcmp(o->keyword, "host") == 0 || (host == NULL &&
		    strcmp(o->keyword, "hostaddr") == 0))
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	if (asprintf(&name, "postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "",
	    host ? host : "", port ? ":" : "", port ? port : "", db ? db : "") < 0)
		name = NULL;
	PQconninfoFree(opts);
	return name;
}

static void
pg_drop(struct pg_store *s)
{
	if (s->conn != NULL)
		PQfinish(s->conn);
	s->conn = NULL;
}

/* libpq's message on one line: a log line each. */
static void
pg_error(struct pg_store *s, struct error *err, const char *what, const char *message)
{
	char line[400];
	size_t i, o = 0;

	for (i = 0; message != NULL && message[i] != '\0' && o < sizeof(line) - 1; i++) {
		if (message[i] == '\n' || message[i] == '\r' || message[i] == '\t') {
			if (o > 0 && line[o - 1] != ' ')
				line[o++] = ' ';
		} else
			line[o++] = message[i];
	}
	while (o > 0 && line[o - 1] == ' ')
		o--;
	line[o] = '\0';
	error_set(err, "%s: %s: %s", s->name, what, line);
}

/* Wait for the connection's socket until deadline_ms: 1 ready, 0 timed out,
 * -1 error. */
static int
pg_wait(PGconn *conn, int for_write, int64_t deadline_ms)
{
	struct pollfd pfd;
	int64_t left;
	int r;

	for (;;) {
		left = deadline_ms - pg_now_ms();
		if (left <= 0)
			return 0;
		pfd.fd = PQsocket(conn);
		pfd.events = for_write ? POLLOUT : POLLIN;
		pfd.revents = 0;
		if (pfd.fd < 0)
			return -1;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int pg_migrate(struct pg_store *s, struct error *err);

/* Server notices ("relation already exists, skipping") are not errors: they
 * go to the debug log, never to the web server's error log as they are. */
static void
pg_notice(void *arg, const char *message)
{
	size_t len = strlen(message);

	(void)arg;
	while (len > 0 && message[len - 1] == '\n')
		len--;
	log_debug("postgresql: %.*s", (int)len, message);
}

/* Connect (unless connected) within the timeout, and migrate once. */
static int
pg_connect(struct pg_store *s, struct error *err)
{
	static const char *const keywords[] = { "dbname", "fallback_application_name",
		"client_encoding", NULL };
	const char *values[] = { s->conninfo, "proxyhooks", "UTF8", NULL };
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	int64_t deadline = pg_now_ms() + s->timeout_ms;
	const char *encoding;
	int r;

	if (s->conn != NULL && PQstatus(s->conn) == CONNECTION_OK)
		return 0;
	pg_drop(s);
	if ((s->conn = PQconnectStartParams(keywords, values, 1)) == NULL) {
		error_set(err, "%s: out of memory connecting", s->name);
		return -1;
	}
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		pg_error(s, err, "cannot connect", PQerrorMessage(s->conn));
		goto fail;
	}
	PQsetNoticeProcessor(s->conn, pg_notice, NULL);
	while (st != PGRES_POLLING_OK) {
		if (st == PGRES_POLLING_FAILED) {
			pg_error(s, err, "cannot connect", PQerrorMessage(s->conn));
			goto fail;
		}
		r = pg_wait(s->conn, st == PGRES_POLLING_WRITING, deadline);
		if (r == 0) {
			error_set(err, "%s: cannot connect: no answer within %ld ms", s->name,
			    s->timeout_ms);
			goto fail;
		}
		if (r < 0) {
			error_set(err, "%s: cannot connect: %s", s->name, strerror(errno));
			goto fail;
		}
		st = PQconnectPoll(s->conn);
	}
	/* Message text is UTF-8: a database in another encoding would refuse some. */
	encoding = PQparameterStatus(s->conn, "server_encoding");
	if (encoding != NULL && strcmp(encoding, "UTF8") != 0 && strcmp(encoding, "SQL_ASCII") != 0) {
		error_set(err, "%s: the database's encoding is %s: create it with ENCODING 'UTF8'",
		    s->name, encoding);
		goto fail;
	}
	if (PQsetnonblocking(s->conn, 1) != 0) {
		pg_error(s, err, "cannot connect", PQerrorMessage(s->conn));
		goto fail;
	}
	if (!s->migrated && pg_migrate(s, err) < 0)
		goto fail;
	s->migrated = 1;
	return 0;
fail:
	pg_drop(s);
	return -1;
}

/* Whether a failed statement is the event's own fault (it will fail again):
 * data exceptions (22), integrity (23), program limits (54). Anything else
 * (a server shutting down, out of resources, a lock) may pass later. */
static int
pg_refused(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state != NULL && (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0 ||
	    strncmp(state, "54", 2) == 0);
}

/* Run q, waiting at most the timeout for each answer. Returns 0, -1 (the
 * store failed; the connection is dropped if it may be bad) or
 * STORE_REFUSED. With row_fn, rows are handed over as they arrive;
 * otherwise q->last holds the final result (the caller clears it). */
static int
pg_run(struct pg_store *s, struct pg_query *q, const char *what, struct error *err)
{
	PGresult *res;
	int64_t deadline;
	int rc = 0, stopped = 0, r;

	q->last = NULL;
	if (pg_connect(s, err) < 0)
		return -1;
	if (q->nparams > 0 ?
	    !PQsendQueryParams(s->conn, q->sql, q->nparams, NULL, q->params, NULL, NULL, 0) :
	    !PQsendQuery(s->conn, q->sql)) {
		pg_error(s, err, what, PQerrorMessage(s->conn));
		pg_drop(s);
		return -1;
	}
	if (q->row_fn != NULL)
		PQsetSingleRowMode(s->conn);
	deadline = pg_now_ms() + s->timeout_ms;
	while ((r = PQflush(s->conn)) == 1) {
		if (pg_wait(s->conn, 1, deadline) <= 0)
			goto timeout;
	}
	if (r < 0)
		goto broken;
	for (;;) {
		while (PQisBusy(s->conn)) {
			if ((r = pg_wait(s->conn, 0, deadline)) == 0)
				goto timeout;
			if (r < 0 || !PQconsumeInput(s->conn))
				goto broken;
			deadline = pg_now_ms() + s->timeout_ms;	/* it is answering */
		}
		if ((res = PQgetResult(s->conn)) == NULL)
			break;
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			if (q->row_fn != NULL && !stopped && rc == 0 &&
			    q->row_fn(q->row_arg, res, 0) != 0)
				stopped = 1;	/* the rest is read and dropped */
			PQclear(res);
			break;
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			if (q->row_fn == NULL && rc == 0) {
				PQclear(q->last);
				q->last = res;
			} else
				PQclear(res);
			break;
		default:
			if (rc == 0) {
				pg_error(s, err, what, PQresultErrorMessage(res));
				rc = pg_refused(res) ? STORE_REFUSED : -1;
			}
			PQclear(res);
			break;
		}
	}
	if (PQstatus(s->conn) != CONNECTION_OK)
		pg_drop(s);
	if (rc != 0) {
		PQclear(q->last);
		q->last = NULL;
	}
	return rc;
timeout:
	error_set(err, "%s: %s: no answer within %ld ms (connection dropped)", s->name, what,
	    s->timeout_ms);
	goto drop;
broken:
	pg_error(s, err, what, PQerrorMessage(s->conn));
drop:
	PQclear(q->last);
	q->last = NULL;
	pg_drop(s);
	return -1;
}

/* A statement whose only interest is success, or its one number. */
static int
pg_simple(struct pg_store *s, const char *sql, int nparams, const char *const *params,
    const char *what, int64_t *number, struct error *err)
{
	struct pg_query q = { sql, nparams, params, NULL, NULL, NULL };
	int rc;

	if ((rc = pg_run(s, &q, what, err)) < 0)
		return rc;
	if (number != NULL) {
		if (PQresultStatus(q.last) == PGRES_TUPLES_OK && PQntuples(q.last) > 0)
			*number = strtoll(PQgetvalue(q.last, 0, 0), NULL, 10);
		else if (PQresultStatus(q.last) == PGRES_COMMAND_OK)
			*number = strtoll(PQcmdTuples(q.last), NULL, 10);
	}
	PQclear(q.last);
	return 0;
}

/* Run sql with its parameters, each row to row_fn as it arrives. */
static int
pg_walk(struct pg_store *s, const char *sql, int nparams, const char *const *params,
    pg_row_fn row_fn, void *row_arg, const char *what, struct error *err)
{
	struct pg_query q = { sql, nparams, params, row_fn, row_arg, NULL };

	return pg_run(s, &q, what, err) < 0 ? -1 : 0;
}

static int
pg_migrate(struct pg_store *s, struct error *err)
{
	static const char begin[] = "BEGIN;"
	    "SELECT pg_advisory_xact_lock(x'" PG_MIGRATION_LOCK "'::bigint);"
	    "CREATE TABLE IF NOT EXISTS proxyhooks_schema (version INTEGER NOT NULL);"
	    "SELECT coalesce(max(version), 0) FROM proxyhooks_schema;";
	char done[128], *change;
	int64_t version = -1;
	int newest = store_schema_version(STORE_POSTGRESQL), v, rc;

	/* The connection is up: pg_run uses it as it is. */
	if (pg_simple(s, begin, 0, NULL, "reading the schema version", &version, err) < 0)
		goto fail;
	if (version < 0) {
		error_set(err, "%s: the schema version cannot be read", s->name);
		goto fail;
	}
	if (version > newest) {
		error_set(err, "%s: schema version %" PRId64 " is newer than this program knows "
		    "(%d): upgrade proxyhooks", s->name, version, newest);
		goto fail;
	}
	for (v = (int)version; v < newest; v++) {
		if ((change = store_schema_change(STORE_POSTGRESQL, v)) == NULL) {
			error_set(err, "%s: migrating the schema: out of memory", s->name);
			goto fail;
		}
		rc = pg_simple(s, change, 0, NULL, "migrating the schema", NULL, err);
		free(change);
		if (rc < 0)
			goto fail;
	}
	snprintf(done, sizeof(done), "DELETE FROM proxyhooks_schema;"
	    "INSERT INTO proxyhooks_schema VALUES (%d); COMMIT", newest);
	if (pg_simple(s, done, 0, NULL, "migrating the schema", NULL, err) < 0)
		goto fail;
	return 0;
fail:
	pg_drop(s);	/* which rolls back */
	return -1;
}

static int
pg_event_add(struct store *base, const struct event *ev, const char *params_json,
    int *duplicate, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	static const char sql[] = "INSERT INTO events (hook, received_ms, idempotency_token,"
	    " interaction_sid, session_sid, participant_sid, decision, rule, decision_us, response,"
	    " params, event_key, found)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
	    " ON CONFLICT DO NOTHING";
	char received[24], took[24];
	const char *params[13];
	int64_t inserted = 0;
	int rc;

	snprintf(received, sizeof(received), "%" PRId64, ev->received_ms);
	snprintf(took, sizeof(took), "%" PRId64, ev->decision_us);
	params[0] = ev->hook;
	params[1] = received;
	params[2] = ev->idempotency_token;
	params[3] = ev->interaction_sid;
	params[4] = ev->session_sid;
	params[5] = ev->participant_sid;
	params[6] = ev->decision;
	params[7] = ev->rule;
	params[8] = ev->decision_us >= 0 ? took : NULL;
	params[9] = ev->response;
	params[10] = params_json;
	params[11] = ev->event_key;
	params[12] = ev->found;
	if ((rc = pg_simple(s, sql, 13, params, "recording the event", &inserted, err)) < 0)
		return rc;
	*duplicate = inserted == 0;
	return 0;
}

static const char *
pg_text(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static int64_t
pg_int(const PGresult *res, int row, int col, int64_t null)
{
	return PQgetisnull(res, row, col) ? null : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static int
pg_event_row(void *arg, const PGresult *res, int i)
{
	const struct store_walk *walk = arg;
	struct event_row row;

	row.id = pg_int(res, i, 0, 0);
	row.hook = pg_text(res, i, 1);
	row.received_ms = pg_int(res, i, 2, 0);
	row.idempotency_token = pg_text(res, i, 3);
	row.interaction_sid = pg_text(res, i, 4);
	row.session_sid = pg_text(res, i, 5);
	row.participant_sid = pg_text(res, i, 6);
	row.decision = pg_text(res, i, 7);
	row.rule = pg_text(res, i, 8);
	row.decision_us = pg_int(res, i, 9, -1);
	row.response = pg_text(res, i, 10);
	row.params_json = pg_text(res, i, 11);
	row.event_key = pg_text(res, i, 12);
	row.found = pg_text(res, i, 13);
	return walk->fn.event(walk->arg, &row);
}

static int
pg_events(struct store *base, const struct event_filter *f, store_event_fn fn, void *arg,
    struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct store_walk walk = { .fn.event = fn, .arg = arg };
	struct store_query sq;
	char numbers[STORE_QUERY_PARAMS][24];
	const char *params[STORE_QUERY_PARAMS];
	int i, rc;

	if (store_query_events(&sq, f, 1, err) < 0)
		return -1;
	for (i = 0; i < sq.n; i++) {
		if (sq.text[i] == NULL) {
			snprintf(numbers[i], sizeof(numbers[i]), "%" PRId64, sq.number[i]);
			params[i] = numbers[i];
		} else
			params[i] = sq.text[i];
	}
	rc = pg_walk(s, sq.sql, sq.n, params, pg_event_row, &walk, "reading events", err);
	store_query_free(&sq);
	return rc;
}

static int
pg_event_count(struct store *base, const char *hook, const char *column, const char *value,
    int64_t since_ms, int64_t *count, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	static const char by_session[] = "SELECT count(*) FROM events WHERE hook = $1"
	    " AND session_sid = $2 AND received_ms >= $3::bigint";
	static const char by_participant[] = "SELECT count(*) FROM events WHERE hook = $1"
	    " AND participant_sid = $2 AND received_ms >= $3::bigint";
	const char *params[3];
	char since[24];

	snprintf(since, sizeof(since), "%" PRId64, since_ms);
	params[0] = hook;
	params[1] = value;
	params[2] = since;
	*count = 0;
	return pg_simple(s, strcmp(column, "session_sid") == 0 ? by_session : by_participant, 3,
	    params, "counting events", count, err) < 0 ? -1 : 0;
}

static int
pg_stat_row(void *arg, const PGresult *res, int i)
{
	const struct store_walk *walk = arg;
	struct rule_stat stat;

	stat.rule = pg_text(res, i, 0);
	stat.matched = pg_int(res, i, 1, 0);
	stat.blocked = pg_int(res, i, 2, 0);
	return walk->fn.stat(walk->arg, &stat);
}

static int
pg_rule_stats(struct store *base, int64_t since_ms, store_rule_stat_fn fn, void *arg,
    struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	/* COLLATE "C": rules sort by their bytes, as in SQLite. */
	static const char sql[] = "SELECT rule, count(*),"
	    " sum(CASE WHEN decision IN ('block', 'would-block') THEN 1 ELSE 0 END) FROM events"
	    " WHERE rule IS NOT NULL AND received_ms >= $1::bigint GROUP BY rule"
	    " ORDER BY 3 DESC, 2 DESC, rule COLLATE \"C\"";
	struct store_walk walk = { .fn.stat = fn, .arg = arg };
	char since[24];
	const char *params[1];

	snprintf(since, sizeof(since), "%" PRId64, since_ms);
	params[0] = since;
	return pg_walk(s, sql, 1, params, pg_stat_row, &walk, "reading rule statistics", err);
}

static int
pg_purge(struct store *base, int64_t before_ms, long limit, int count_only, int64_t *n,
    struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	static const char count[] = "SELECT count(*) FROM events WHERE received_ms < $1::bigint";
	static const char all[] = "DELETE FROM events WHERE received_ms < $1::bigint";
	static const char some[] = "DELETE FROM events WHERE id IN (SELECT id FROM events"
	    " WHERE received_ms < $1::bigint ORDER BY received_ms LIMIT $2::bigint)";
	char before[24], most[24];
	const char *params[2];

	snprintf(before, sizeof(before), "%" PRId64, before_ms);
	snprintf(most, sizeof(most), "%ld", limit);
	params[0] = before;
	params[1] = most;
	*n = 0;
	if (count_only)
		return pg_simple(s, count, 1, params, "counting old events", n, err) < 0 ? -1 : 0;
	if (pg_simple(s, "DELETE FROM refusals WHERE received_ms < $1::bigint", 1, params,
	    "removing old refusals", NULL, err) < 0)
		return -1;
	return pg_simple(s, limit > 0 ? some : all, limit > 0 ? 2 : 1, params,
	    "removing old events", n, err) < 0 ? -1 : 0;
}

static void
participant_from_row(const PGresult *res, int i, struct participant *p)
{
	p->sid = pg_text(res, i, 0);
	p->number = pg_text(res, i, 1);
	p->session_sid = pg_text(res, i, 2);
	p->service_sid = pg_text(res, i, 3);
	p->proxy_number = pg_text(res, i, 4);
	p->friendly_name = pg_text(res, i, 5);
	p->updated_ms = pg_int(res, i, 6, 0);
}

/* The one participant sql finds with its nparams parameters: 1, 0 none,
 * -1 error. */
static int
pg_participant_one(struct pg_store *s, const char *sql, int nparams, const char *const *params,
    struct participant *out, struct error *err)
{
	struct pg_query q = { sql, nparams, params, NULL, NULL, NULL };
	struct participant p;
	int found = 0;

	if (pg_run(s, &q, "reading the participant directory", err) < 0)
		return -1;
	if (PQntuples(q.last) > 0) {
		participant_from_row(q.last, 0, &p);
		found = 1;
		if (store_participant_hold(&s->held, &p, out) < 0) {
			error_set(err, "reading the participant directory: out of memory");
			found = -1;
		}
	}
	PQclear(q.last);
	return found;
}

static int
pg_participant_get(struct store *base, const char *sid, struct participant *out,
    struct error *err)
{
	static const char sql[] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " WHERE sid = $1";
	const char *params[1] = { sid };

	return pg_participant_one((struct pg_store *)base, sql, 1, params, out, err);
}

static int
pg_participant_by_binding(struct store *base, const char *address, const char *proxy_address,
    struct participant *out, struct error *err)
{
	static const char sql[] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " WHERE number = $1 AND proxy_number = $2 ORDER BY updated_ms DESC LIMIT 1";
	const char *params[2] = { address, proxy_address };

	return pg_participant_one((struct pg_store *)base, sql, 2, params, out, err);
}

static int
pg_participant_put(struct store *base, const struct participant *p, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	static const char sql[] = "INSERT INTO participants (" STORE_PARTICIPANT_COLUMNS ")"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
	    " ON CONFLICT (sid) DO UPDATE SET number = excluded.number,"
	    " session_sid = coalesce(excluded.session_sid, participants.session_sid),"
	    " service_sid = coalesce(excluded.service_sid, participants.service_sid),"
	    " proxy_number = coalesce(excluded.proxy_number, participants.proxy_number),"
	    " friendly_name = coalesce(excluded.friendly_name, participants.friendly_name),"
	    " updated_ms = excluded.updated_ms";
	const char *params[7];
	char updated[24];

	snprintf(updated, sizeof(updated), "%" PRId64, p->updated_ms);
	params[0] = p->sid;
	params[1] = p->number;
	params[2] = p->session_sid;
	params[3] = p->service_sid;
	params[4] = p->proxy_number;
	params[5] = p->friendly_name;
	params[6] = updated;
	return pg_simple(s, sql, 7, params, "writing the participant directory", NULL, err) < 0 ?
	    -1 : 0;
}

static int
pg_participant_remove(struct store *base, const char *sid, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	const char *params[1] = { sid };
	int64_t removed = 0;

	if (pg_simple(s, "DELETE FROM participants WHERE sid = $1", 1, params,
	    "removing a participant", &removed, err) < 0)
		return -1;
	return removed > 0;
}

static int
pg_participant_row(void *arg, const PGresult *res, int i)
{
	const struct store_walk *walk = arg;
	struct participant p;

	participant_from_row(res, i, &p);
	return walk->fn.participant(walk->arg, &p);
}

static int
pg_participants(struct store *base, const char *session_sid, store_participant_fn fn,
    void *arg, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	/* The order SQLite gives: NULL first, then by bytes. */
	static const char sql[] = "SELECT " STORE_PARTICIPANT_COLUMNS " FROM participants"
	    " WHERE ($1::text IS NULL OR session_sid = $1)"
	    " ORDER BY session_sid COLLATE \"C\" NULLS FIRST, sid COLLATE \"C\"";
	struct store_walk walk = { .fn.participant = fn, .arg = arg };
	const char *params[1] = { session_sid };

	return pg_walk(s, sql, 1, params, pg_participant_row, &walk, "listing participants", err);
}

/* ---- digit runs across messages ---- */

static int
pg_runs_add(struct store *base, const char *participant_sid, const char *session_sid,
    int64_t at_ms, const char *runs, const char *key, int64_t prune_before_ms,
    struct error *err)
{
	/* One round trip: the old rows go with the new one's insert. */
	static const char sql[] = "WITH gone AS (DELETE FROM message_runs WHERE at_ms < $5)"
	    " INSERT INTO message_runs (participant_sid, session_sid, at_ms, runs, message_key)"
	    " VALUES ($1, $2, $3, $4, $6) ON CONFLICT DO NOTHING";
	char at[24], before[24];
	const char *params[6] = { participant_sid, session_sid, at, runs, before, key };

	snprintf(at, sizeof(at), "%" PRId64, at_ms);
	snprintf(before, sizeof(before), "%" PRId64, prune_before_ms);
	return pg_simple((struct pg_store *)base, sql, 6, params, "keeping digit runs", NULL,
	    err);
}

static int
pg_runs_row(void *arg, const PGresult *res, int i)
{
	const struct store_walk *walk = arg;

	return walk->fn.runs(walk->arg, strtoll(PQgetvalue(res, i, 0), NULL, 10),
	    PQgetvalue(res, i, 1));
}

static int
pg_runs_recent(struct store *base, const char *participant_sid, const char *session_sid,
    int64_t since_ms, int64_t until_ms, const char *key, long limit, store_runs_fn fn,
    void *arg, struct error *err)
{
	static const char sql[] = "SELECT at_ms, runs FROM message_runs WHERE participant_sid = $1"
	    " AND session_sid = $2 AND at_ms >= $3 AND at_ms < $4"
	    " AND ($6::text IS NULL OR message_key IS DISTINCT FROM $6)"
	    " ORDER BY at_ms DESC, id DESC LIMIT $5";
	struct store_walk walk = { .fn.runs = fn, .arg = arg };
	char since[24], until[24], most[24];
	const char *params[6] = { participant_sid, session_sid, since, until, most, key };

	snprintf(since, sizeof(since), "%" PRId64, since_ms);
	snprintf(until, sizeof(until), "%" PRId64, until_ms);
	snprintf(most, sizeof(most), "%ld", limit);
	return pg_walk((struct pg_store *)base, sql, 6, params, pg_runs_row, &walk,
	    "reading digit runs", err);
}

/* ---- the operator's view ---- */

/* "{1,2,3}": n numbers as a PostgreSQL array literal, malloc'd. */
static char *
pg_array(const int64_t *v, size_t n)
{
	size_t cap = n * 21 + 3, o = 0, i;
	char *text;

	if ((text = malloc(cap)) == NULL)
		return NULL;
	text[o++] = '{';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, cap - o, "%s%" PRId64, i > 0 ? "," : "", v[i]);
	snprintf(text + o, cap - o, "}");
	return text;
}

static int
pg_event_histogram(struct store *base, const char *hook, const char *decision,
    const int64_t *bounds, size_t n, int64_t *counts, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	/* One query for every interval; each count is one range of
	 * events_received or events_kind. */
#define PG_INTERVALS " FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS b(lo, hi, i)" \
	" ORDER BY b.i"
	static const char every[] = "SELECT (SELECT count(*) FROM events"
	    " WHERE received_ms >= b.lo AND received_ms < b.hi)" PG_INTERVALS;
	static const char kind[] = "SELECT (SELECT count(*) FROM events WHERE hook = $3"
	    " AND decision = $4 AND received_ms >= b.lo AND received_ms < b.hi)" PG_INTERVALS;
	static const char undecided[] = "SELECT (SELECT count(*) FROM events WHERE hook = $3"
	    " AND decision IS NULL AND received_ms >= b.lo AND received_ms < b.hi)" PG_INTERVALS;
#undef PG_INTERVALS
	struct pg_query q = { .sql = NULL };
	const char *params[4];
	char *lows, *highs;
	int rc = -1;
	size_t i;

	lows = pg_array(bounds, n);
	highs = pg_array(bounds + 1, n);
	if (lows == NULL || highs == NULL) {
		error_set(err, "out of memory");
		goto out;
	}
	params[0] = lows;
	params[1] = highs;
	params[2] = hook;
	params[3] = decision;
	q.sql = hook == NULL ? every : decision == NULL ? undecided : kind;
	q.nparams = hook == NULL ? 2 : decision == NULL ? 3 : 4;
	q.params = params;
	if (pg_run(s, &q, "counting events", err) < 0)
		goto out;
	if (PQntuples(q.last) != (int)n) {
		error_set(err, "%s: counting events: %d answers for %zu intervals", s->name,
		    PQntuples(q.last), n);
		PQclear(q.last);
		goto out;
	}
	for (i = 0; i < n; i++)
		counts[i] = pg_int(q.last, (int)i, 0, 0);
	PQclear(q.last);
	rc = 0;
out:
	free(lows);
	free(highs);
	return rc;
}

/* Run sql, whose $1 is a time (ms) and $2 a row limit (0: no limit), with
 * each row to row_fn. */
static int
pg_run_since(struct pg_store *s, const char *sql, int64_t since_ms, long limit,
    pg_row_fn row_fn, void *row_arg, const char *what, struct error *err)
{
	char since[24], most[24];
	const char *params[2];

	snprintf(since, sizeof(since), "%" PRId64, since_ms);
	snprintf(most, sizeof(most), "%ld", limit > 0 ? limit : 1000000000L);
	params[0] = since;
	params[1] = most;
	return pg_walk(s, sql, 2, params, row_fn, row_arg, what, err);
}

static int
pg_blocking_rules(struct store *base, int64_t since_ms, long limit, store_rule_stat_fn fn,
    void *arg, struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	/* Along events_blocked, whose WHERE the query repeats; rules sort by
	 * their bytes, as in SQLite. */
	static const char sql[] = "SELECT rule, 0, count(*) FROM events"
	    " WHERE " STORE_POSTGRESQL_BLOCKED " AND received_ms >= $1::bigint"
	    " AND rule IS NOT NULL GROUP BY rule ORDER BY 3 DESC, rule COLLATE \"C\""
	    " LIMIT $2::bigint";
	struct store_walk walk = { .fn.stat = fn, .arg = arg };

	return pg_run_since(s, sql, since_ms, limit, pg_stat_row, &walk, "reading the rules that blocked", err);
}

static int
pg_participant_count(struct store *base, int64_t *count, struct error *err)
{
	return pg_simple((struct pg_store *)base, "SELECT count(*) FROM participants", 0, NULL,
	    "counting participants", count, err) < 0 ? -1 : 0;
}

static int
pg_refusal_add(struct store *base, const char *hook, int64_t at_ms, const char *url, long count,
    struct error *err)
{
	char at[24], n[24];
	const char *params[4];

	snprintf(at, sizeof(at), "%" PRId64, at_ms);
	snprintf(n, sizeof(n), "%ld", count);
	params[0] = hook;
	params[1] = at;
	params[2] = url;
	params[3] = n;
	return pg_simple((struct pg_store *)base, "INSERT INTO refusals (hook, received_ms, url,"
	    " count) VALUES ($1, $2::bigint, $3, $4::bigint)", 4, params, "recording a refusal",
	    NULL, err) < 0 ? -1 : 0;
}

static int
pg_refusal_row(void *arg, const PGresult *res, int i)
{
	const struct store_walk *walk = arg;
	struct refusal r;

	r.hook = pg_text(res, i, 0);
	r.url = pg_text(res, i, 1);
	r.count = pg_int(res, i, 2, 0);
	r.last_ms = pg_int(res, i, 3, 0);
	return walk->fn.refusal(walk->arg, &r);
}

static int
pg_refusals(struct store *base, int64_t since_ms, long limit, store_refusal_fn fn, void *arg,
    struct error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	static const char sql[] = "SELECT hook, url, sum(count), max(received_ms) FROM refusals"
	    " WHERE received_ms >= $1::bigint GROUP BY hook, url"
	    " ORDER BY 4 DESC, hook COLLATE \"C\", url COLLATE \"C\" NULLS FIRST LIMIT $2::bigint";
	struct store_walk walk = { .fn.refusal = fn, .arg = arg };

	return pg_run_since(s, sql, since_ms, limit, pg_refusal_row, &walk, "reading refusals", err);
}

static void
pg_set_timeout(struct store *base, long timeout_ms)
{
	((struct pg_store *)base)->timeout_ms = timeout_ms;
}

static void
pg_close(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;

	pg_drop(s);
	store_held_release(&s->held);
	free(s->conninfo);
	free(s->name);
	free(s);
}

static const struct store_ops pg_ops = {
	.kind = "postgresql",
	.event_add = pg_event_add,
	.events = pg_events,
	.event_count = pg_event_count,
	.rule_stats = pg_rule_stats,
	.purge = pg_purge,
	.participant_get = pg_participant_get,
	.participant_by_binding = pg_participant_by_binding,
	.participant_put = pg_participant_put,
	.participant_remove = pg_participant_remove,
	.participants = pg_participants,
	.runs_add = pg_runs_add,
	.runs_recent = pg_runs_recent,
	.event_histogram = pg_event_histogram,
	.blocking_rules = pg_blocking_rules,
	.participant_count = pg_participant_count,
	.refusal_add = pg_refusal_add,
	.refusals = pg_refusals,
	.set_timeout = pg_set_timeout,
	.close = pg_close,
};

int
store_pg_open(const char *conninfo, long timeout_ms, struct store **out, struct error *err)
{
	struct pg_store *s;

	if (libpq_load(err) < 0)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL || (s->conninfo = strdup(conninfo)) == NULL ||
	    (s->name = pg_name(conninfo)) == NULL) {
		if (s != NULL) {
			free(s->conninfo);
			free(s);
		}
		error_set(err, "out of memory");
		return -1;
	}
	s->base.ops = &pg_ops;
	s->timeout_ms = timeout_ms;
	if (pg_connect(s, err) < 0) {
		pg_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}
