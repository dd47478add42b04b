/* store_query: the one query behind store_events, written once for both
 * backends from a struct event_filter. Only the conditions a filter sets
 * are written, so that each backend's planner sees a plain equality or
 * range on an indexed column and uses its index; every value is a bound
 * parameter, never SQL text. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/store/schema.h"
#include "proxyhooks/store/store_backend.h"

static const char *const filter_decisions[] = {
	"allow", "block", "would-block", "redact", "would-redact", "error-allow", "error-block",
	"blocked", "none",
};

int
store_filter_decision_valid(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(filter_decisions) / sizeof(filter_decisions[0]); i++)
		if (strcmp(s, filter_decisions[i]) == 0)
			return 1;
	return 0;
}

struct builder {
	struct store_query *q;
	int                 pg;
	size_t              len;
	int                 full;
};

static __attribute__((format(printf, 2, 3))) void
sql_put(struct builder *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->q->sql + b->len, sizeof(b->q->sql) - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(b->q->sql) - b->len)
		b->full = 1;
	else
		b->len += (size_t)n;
}

/* A placeholder for a new parameter: its number. */
static int
param_text(struct builder *b, const char *text)
{
	if (b->q->n == STORE_QUERY_PARAMS) {
		b->full = 1;
		return 1;
	}
	b->q->text[b->q->n] = text;
	return ++b->q->n;
}

static void
put_text(struct builder *b, const char *text)
{
	int i = param_text(b, text);

	sql_put(b, b->pg ? "$%d" : "?%d", i);
}

static void
put_number(struct builder *b, int64_t number)
{
	int i;

	if (b->q->n == STORE_QUERY_PARAMS) {
		b->full = 1;
		return;
	}
	b->q->text[b->q->n] = NULL;
	b->q->number[b->q->n] = number;
	i = ++b->q->n;
	sql_put(b, b->pg ? "$%d::bigint" : "?%d", i);
}

/* "AND column = value" when value is set. */
static void
put_equal(struct builder *b, const char *column, const char *value)
{
	if (value == NULL)
		return;
	sql_put(b, " AND %s = ", column);
	put_text(b, value);
}

/* "%text%" with LIKE's own characters escaped by a backslash. */
static char *
like_pattern(const char *text)
{
	size_t n = strlen(text), o = 0;
	char *p;

	if ((p = malloc(2 * n + 3)) == NULL)
		return NULL;
	p[o++] = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			p[o++] = '\\';
		p[o++] = *text;
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}

/* column contains pattern, any case (ASCII for SQLite, whose LIKE folds
 * only that; PostgreSQL's ILIKE folds every letter). */
static void
put_like(struct builder *b, const char *column, const char *pattern)
{
	sql_put(b, "%s %s ", column, b->pg ? "ILIKE" : "LIKE");
	put_text(b, pattern);
	sql_put(b, " ESCAPE '\\'");
}

static int
too_long(const char *name, const char *value, struct error *err)
{
	if (value != NULL && strlen(value) > STORE_FILTER_TEXT_MAX) {
		error_set(err, "%s: longer than %d bytes", name, STORE_FILTER_TEXT_MAX);
		return 1;
	}
	return 0;
}

int
store_query_events(struct store_query *q, const struct event_filter *f, int postgresql,
    struct error *err)
{
	struct builder b = { q, postgresql, 0, 0 };
	int paged = f->limit > 0 || f->offset > 0, wrap;

	memset(q, 0, sizeof(*q));
	if (too_long("rule", f->rule, err) || too_long("text", f->text, err) ||
	    too_long("session", f->session_sid, err) ||
	    too_long("participant", f->participant_sid, err) ||
	    too_long("idempotency token", f->idempotency_token, err))
		return -1;
	if (f->decision != NULL && !store_filter_decision_valid(f->decision)) {
		error_set(err, "decision: '%s' is not one of " STORE_FILTER_DECISIONS, f->decision);
		return -1;
	}
	if (f->limit < 0 || f->offset < 0) {
		error_set(err, "a negative limit or offset");
		return -1;
	}
	/* Oldest first over a page of the newest: the page is chosen newest
	 * first, then turned round. */
	wrap = paged && !f->newest_first;
	if (wrap)
		sql_put(&b, "SELECT * FROM (");
	sql_put(&b, "SELECT " STORE_EVENT_COLUMNS " FROM events WHERE received_ms >= ");
	put_number(&b, f->since_ms);
	if (f->until_ms > 0) {
		sql_put(&b, " AND received_ms < ");
		put_number(&b, f->until_ms);
	}
	put_equal(&b, "hook", f->hook);
	if (f->decision == NULL)
		;
	else if (strcmp(f->decision, "blocked") == 0)
		sql_put(&b, " AND %s", postgresql ? STORE_POSTGRESQL_BLOCKED : STORE_SQLITE_BLOCKED);
	else if (strcmp(f->decision, "none") == 0)
		sql_put(&b, " AND decision IS NULL");
	else {
		sql_put(&b, " AND decision = ");
		put_text(&b, f->decision);
		/* Said again in the words of SQLite's index of the blocked events
		 * (they imply it), so that a blocked decision is read along it. */
		if (!postgresql && (strcmp(f->decision, "block") == 0 ||
		    strcmp(f->decision, "would-block") == 0 || strcmp(f->decision, "error-block") == 0))
			sql_put(&b, " AND " STORE_SQLITE_BLOCKED);
	}
	put_equal(&b, "session_sid", f->session_sid);
	put_equal(&b, "participant_sid", f->participant_sid);
	put_equal(&b, "idempotency_token", f->idempotency_token);
	if (f->rule != NULL) {
		if ((q->pattern[0] = like_pattern(f->rule)) == NULL)
			goto oom;
		sql_put(&b, " AND ");
		put_like(&b, "rule", q->pattern[0]);
	}
	if (f->text != NULL) {
		if ((q->pattern[1] = like_pattern(f->text)) == NULL)
			goto oom;
		sql_put(&b, " AND (");
		put_like(&b, "params", q->pattern[1]);
		sql_put(&b, " OR ");
		put_like(&b, "rule", q->pattern[1]);
		sql_put(&b, " OR ");
		put_like(&b, "interaction_sid", q->pattern[1]);
		sql_put(&b, ")");
	}
	/* received_ms then id: each index of received_ms ends with the row
	 * (SQLite's rowid is id), so neither backend sorts. */
	sql_put(&b, paged || f->newest_first ? " ORDER BY received_ms DESC, id DESC" :
	    " ORDER BY received_ms, id");
	if (f->limit > 0) {
		sql_put(&b, " LIMIT ");
		put_number(&b, f->limit);
	} else if (f->offset > 0 && !postgresql)
		sql_put(&b, " LIMIT -1");
	if (f->offset > 0) {
		sql_put(&b, " OFFSET ");
		put_number(&b, f->offset);
	}
	if (wrap)
		sql_put(&b, ") AS page ORDER BY received_ms, id");
	if (b.full) {
		store_query_free(q);
		error_set(err, "the events query does not fit");
		return -1;
	}
	return 0;
oom:
	store_query_free(q);
	error_set(err, "out of memory");
	return -1;
}

void
store_query_free(struct store_query *q)
{
	size_t i;

	for (i = 0; i < sizeof(q->pattern) / sizeof(q->pattern[0]); i++) {
		free(q->pattern[i]);
		q->pattern[i] = NULL;
	}
}
