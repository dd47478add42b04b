/*
 * schema: the store's tables and indexes, declared once for every backend
 * (private to src/store/). The schema is a list of changes, oldest first
 * (src/store/schema.c); a database records how many of them it has had,
 * and opening it applies the rest, in one transaction.
 */
#ifndef PROXYHOOKS_STORE_SCHEMA_H
#define PROXYHOOKS_STORE_SCHEMA_H

#include "proxyhooks/store/store.h"

enum store_dialect {
	STORE_SQLITE,
	STORE_POSTGRESQL,
};

/* The columns of a row of events and of participants, in the order the
 * backends read them into a struct event_row and a struct participant. */
#define STORE_EVENT_COLUMNS "id, hook, received_ms, idempotency_token, interaction_sid," \
	" session_sid, participant_sid, decision, rule, decision_us, response, params, event_key, found"
#define STORE_PARTICIPANT_COLUMNS "sid, number, session_sid, service_sid, proxy_number," \
	" friendly_name, updated_ms"

/* The condition of the index events_blocked (the decisions
 * STORE_BLOCKED_DECISIONS names), as each dialect wrote it: a query along
 * the index repeats it word for word. SQLite's is an OR (change 4). */
#define STORE_SQLITE_BLOCKED \
	"(decision = 'block' OR decision = 'would-block' OR decision = 'error-block')"
#define STORE_POSTGRESQL_BLOCKED "decision IN (" STORE_BLOCKED_DECISIONS ")"

/* SQLite's counts of events a minute (change 10): the minute an event's
 * received_ms falls in (rounded down, negative times too), and its
 * decision as counted ('=' and the decision; '' for none). */
#define STORE_MINUTE_MS 60000
#define STORE_SQLITE_MINUTE(x) \
	"((" x ") - ((" x ") % 60000 + 60000) % 60000)"
#define STORE_SQLITE_COUNTED(x) "coalesce('=' || " x ", '')"

/* The version of the newest schema in dialect: how many changes it has. */
int store_schema_version(enum store_dialect dialect);

/* The statements that take a database in dialect from version (below
 * store_schema_version) to version + 1, malloc'd; NULL when out of memory. */
char *store_schema_change(enum store_dialect dialect, int version);

#endif
