/*
 * schema: the store's tables and indexes, one list of changes for both
 * backends (schema.h). A change is written once, in SQL both dialects
 * read, with the few words they spell differently in braces.
 *
 * To add a table, a column or an index: append a change at the end of
 * schema_changes. Never edit or reorder a change that has been released:
 * databases out there have had it, and are counted by it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/store/schema.h"

/* The words the dialects spell differently. */
static const struct schema_word {
	const char *word;
	const char *in[2];	/* by enum store_dialect */
} schema_words[] = {
	/* A row's own number, given by the database. */
	{ "{id}", { "INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY" } },
	/* A 64-bit integer. */
	{ "{int}", { "INTEGER", "BIGINT" } },
};

#define SCHEMA_SQLITE		(1u << STORE_SQLITE)
#define SCHEMA_POSTGRESQL	(1u << STORE_POSTGRESQL)
#define SCHEMA_ALL		(SCHEMA_SQLITE | SCHEMA_POSTGRESQL)

/* Oldest first. A change made in one dialect only counts in that one's
 * versions: SQLite's version 5 is PostgreSQL's 4. */
static const struct schema_change {
	unsigned    dialects;	/* SCHEMA_* bits: where it applies */
	const char *sql;
} schema_changes[] = {
	{ SCHEMA_ALL,
	"CREATE TABLE events ("
	"  id {id},"
	"  hook TEXT NOT NULL,"
	"  received_ms {int} NOT NULL,"
	"  idempotency_token TEXT,"
	"  interaction_sid TEXT,"
	"  session_sid TEXT,"
	"  participant_sid TEXT,"
	"  decision TEXT,"
	"  rule TEXT,"
	"  decision_us {int},"
	"  response TEXT,"
	"  params TEXT NOT NULL);"
	"CREATE UNIQUE INDEX events_idempotency ON events(hook, idempotency_token)"
	"  WHERE idempotency_token IS NOT NULL;"
	"CREATE INDEX events_received ON events(received_ms);"
	"CREATE INDEX events_participant ON events(participant_sid, received_ms);"
	"CREATE INDEX events_session ON events(session_sid, received_ms);"
	"CREATE TABLE participants ("
	"  sid TEXT PRIMARY KEY,"
	"  number TEXT NOT NULL,"
	"  session_sid TEXT,"
	"  service_sid TEXT,"
	"  proxy_number TEXT,"
	"  friendly_name TEXT,"
	"  updated_ms {int} NOT NULL);"
	"CREATE INDEX participants_session ON participants(session_sid);" },
	/* A key of every event's own, so that a replay from the spool stores
	 * an event without an idempotency token once. */
	{ SCHEMA_ALL,
	"ALTER TABLE events ADD COLUMN event_key TEXT;"
	"CREATE UNIQUE INDEX events_key ON events(event_key) WHERE event_key IS NOT NULL;" },
	/* The operator's view. The charts count ranges of events_kind, the
	 * blocked events are a small index of their own, and the requests
	 * refused for their signature are kept (not as events: nothing in
	 * them can be trusted). */
	{ SCHEMA_ALL,
	"CREATE INDEX events_kind ON events(hook, decision, received_ms);"
	"CREATE INDEX events_blocked ON events(received_ms, rule)"
	"  WHERE decision IN (" STORE_BLOCKED_DECISIONS ");"
	"CREATE TABLE refusals ("
	"  id {id},"
	"  hook TEXT NOT NULL,"
	"  received_ms {int} NOT NULL,"
	"  url TEXT,"
	"  count {int} NOT NULL);"
	"CREATE INDEX refusals_received ON refusals(received_ms);" },
	/* SQLite: the same blocked-events index, its condition written with
	 * OR: SQLite evaluates an IN list at every insert by building a
	 * temporary index of it, about 15,000 instructions an event (the
	 * queries name the condition the same way, STORE_SQLITE_BLOCKED, so
	 * the index serves). */
	{ SCHEMA_SQLITE,
	"DROP INDEX events_blocked;"
	"CREATE INDEX events_blocked ON events(received_ms, rule) WHERE "
	STORE_SQLITE_BLOCKED ";" },
	/* An event with an idempotency token is already kept once by
	 * events_idempotency (a replay carries the same token): only the
	 * events without one need their key in an index. One B-tree fewer at
	 * each insert; the key is still stored. */
	{ SCHEMA_ALL,
	"DROP INDEX events_key;"
	"CREATE UNIQUE INDEX events_key ON events(event_key)"
	"  WHERE event_key IS NOT NULL AND idempotency_token IS NULL;" },
	/* A participant found by its binding (address and proxy address),
	 * for a call to a Conversations proxy address (proxyhooks-voice). */
	{ SCHEMA_ALL,
	"CREATE INDEX participants_binding ON participants(number, proxy_number, updated_ms);" },
	/* SQLite: the blocked events in time order alone, so that a page of
	 * them newest first (the dashboard's, the report's) is read along an
	 * index, received_ms then id, with no sort (PostgreSQL reads
	 * events_blocked backwards and sorts only the ties). */
	{ SCHEMA_SQLITE,
	"CREATE INDEX events_blocked_time ON events(received_ms) WHERE " STORE_SQLITE_BLOCKED ";" },
	/* Across messages: the digit runs of a participant's recent messages
	 * (never their text), kept for a rule's `within` and pruned by age;
	 * a message delivered again (its key) is kept once. */
	{ SCHEMA_ALL,
	"CREATE TABLE message_runs ("
	"  id {id},"
	"  participant_sid TEXT NOT NULL,"
	"  session_sid TEXT NOT NULL,"
	"  at_ms {int} NOT NULL,"
	"  runs TEXT NOT NULL,"
	"  message_key TEXT);"
	"CREATE UNIQUE INDEX message_runs_key ON message_runs(message_key)"
	"  WHERE message_key IS NOT NULL;"
	"CREATE INDEX message_runs_participant ON message_runs(participant_sid, session_sid, at_ms);"
	"CREATE INDEX message_runs_at ON message_runs(at_ms);" },
	/* What the deciding rule's detector found, "KIND VALUE" ("phone
	 * +34612345678"), so that an operator sees why a message was blocked;
	 * with redact_bodies the value is a hash, as the message's text. */
	{ SCHEMA_ALL,
	"ALTER TABLE events ADD COLUMN found TEXT;" },
	/* SQLite: the charts count from how many events of each hook and
	 * decision came in each minute, kept by the store once a batch
	 * (store_sqlite.c), not from an index entry per event in events_kind;
	 * events leaving (retention) are taken off by the trigger. A decision
	 * is kept as '=' and the decision, none as ''. */
	{ SCHEMA_SQLITE,
	"CREATE TABLE event_counts ("
	"  hook TEXT NOT NULL,"
	"  decision TEXT NOT NULL,"
	"  minute_ms INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (hook, decision, minute_ms)) WITHOUT ROWID;"
	"CREATE TABLE event_totals ("
	"  minute_ms INTEGER PRIMARY KEY,"
	"  n INTEGER NOT NULL);"
	"INSERT INTO event_counts SELECT hook, " STORE_SQLITE_COUNTED("decision") ","
	"  " STORE_SQLITE_MINUTE("received_ms") ", count(*) FROM events GROUP BY 1, 2, 3;"
	"INSERT INTO event_totals SELECT " STORE_SQLITE_MINUTE("received_ms") ", count(*)"
	"  FROM events GROUP BY 1;"
	"CREATE TRIGGER event_counts_forget AFTER DELETE ON events BEGIN"
	"  UPDATE event_counts SET n = n - 1 WHERE hook = old.hook"
	"    AND decision = " STORE_SQLITE_COUNTED("old.decision")
	"    AND minute_ms = " STORE_SQLITE_MINUTE("old.received_ms") ";"
	"  DELETE FROM event_counts WHERE hook = old.hook"
	"    AND decision = " STORE_SQLITE_COUNTED("old.decision")
	"    AND minute_ms = " STORE_SQLITE_MINUTE("old.received_ms") " AND n <= 0;"
	"  UPDATE event_totals SET n = n - 1"
	"    WHERE minute_ms = " STORE_SQLITE_MINUTE("old.received_ms") ";"
	"  DELETE FROM event_totals"
	"    WHERE minute_ms = " STORE_SQLITE_MINUTE("old.received_ms") " AND n <= 0;"
	"END;"
	"DROP INDEX events_kind;" },
};

#define SCHEMA_CHANGES (sizeof(schema_changes) / sizeof(schema_changes[0]))
#define SCHEMA_WORDS (sizeof(schema_words) / sizeof(schema_words[0]))

int
store_schema_version(enum store_dialect dialect)
{
	int version = 0;
	size_t i;

	for (i = 0; i < SCHEMA_CHANGES; i++)
		if (schema_changes[i].dialects & (1u << dialect))
			version++;
	return version;
}

/* sql with each {word} in dialect's spelling, into out (NULL: only
 * measure); returns the length. */
static size_t
schema_spell(enum store_dialect dialect, const char *sql, char *out)
{
	size_t n = 0, w, len;
	const char *text;

	while (*sql != '\0') {
		for (w = 0; w < SCHEMA_WORDS; w++)
			if (strncmp(sql, schema_words[w].word, strlen(schema_words[w].word)) == 0)
				break;
		if (w == SCHEMA_WORDS) {
			if (out != NULL)
				out[n] = *sql;
			n++;
			sql++;
			continue;
		}
		text = schema_words[w].in[dialect];
		len = strlen(text);
		if (out != NULL)
			memcpy(out + n, text, len);
		n += len;
		sql += strlen(schema_words[w].word);
	}
	if (out != NULL)
		out[n] = '\0';
	return n;
}

char *
store_schema_change(enum store_dialect dialect, int version)
{
	size_t i;
	char *sql;
	int seen = 0;

	for (i = 0; i < SCHEMA_CHANGES; i++) {
		if (!(schema_changes[i].dialects & (1u << dialect)))
			continue;
		if (seen++ < version)
			continue;
		if ((sql = malloc(schema_spell(dialect, schema_changes[i].sql, NULL) + 1)) != NULL)
			schema_spell(dialect, schema_changes[i].sql, sql);
		return sql;
	}
	return NULL;
}
