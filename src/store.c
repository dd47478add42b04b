/* store: choose the backend from the database setting and dispatch to it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proxyhooks/store_backend.h"

static int
is_postgresql(const char *database)
{
	return strncmp(database, "postgresql://", 13) == 0 ||
	    strncmp(database, "postgres://", 11) == 0 || strchr(database, '=') != NULL;
}

int
store_open(const char *database, struct store **out, struct error *err)
{
	if (database == NULL || *database == '\0') {
		error_set(err, "database is not set");
		return -1;
	}
	if (is_postgresql(database)) {
#ifdef HAVE_LIBPQ
		return store_pg_open(database, out, err);
#else
		error_set(err, "database = %s needs PostgreSQL support: rebuild with libpq-dev installed",
		    database);
		return -1;
#endif
	}
	if (strncmp(database, "sqlite:", 7) == 0)
		database += 7;
	return store_sqlite_open(database, out, err);
}

void
store_close(struct store *store)
{
	if (store != NULL)
		store->ops->close(store);
}

const char *
store_kind(const struct store *store)
{
	return store->ops->kind;
}

/* Every posted parameter, in order, as a JSON array of [name, value]. */
static char *
params_json(const struct form *form)
{
	json_t *array = json_array(), *pair;
	char *text = NULL;
	size_t i;

	if (array == NULL)
		return NULL;
	for (i = 0; form != NULL && i < form->count; i++) {
		pair = json_pack("[s#s#]", form->params[i].name, form->params[i].name_len,
		    form->params[i].value, form->params[i].value_len);
		if (pair == NULL || json_array_append_new(array, pair) < 0)
			goto out;
	}
	text = json_dumps(array, JSON_COMPACT);
out:
	json_decref(array);
	return text;
}

int
store_event_add(struct store *store, const struct event *ev, int *duplicate, struct error *err)
{
	char *json;
	int dup = 0, rc;

	if ((json = params_json(ev->params)) == NULL) {
		error_set(err, "cannot encode the parameters as JSON");
		return -1;
	}
	rc = store->ops->event_add(store, ev, json, &dup, err);
	free(json);
	if (duplicate != NULL)
		*duplicate = dup;
	return rc;
}

int
store_events(struct store *store, const struct event_filter *filter, store_event_fn fn, void *arg,
    struct error *err)
{
	return store->ops->events(store, filter, fn, arg, err);
}

int
store_event_count(struct store *store, const char *hook, const char *column, const char *value,
    int64_t since_ms, int64_t *count, struct error *err)
{
	if (strcmp(column, "participant_sid") != 0 && strcmp(column, "session_sid") != 0) {
		error_set(err, "cannot count events by %s", column);
		return -1;
	}
	return store->ops->event_count(store, hook, column, value, since_ms, count, err);
}

int
store_rule_stats(struct store *store, int64_t since_ms, store_rule_stat_fn fn, void *arg,
    struct error *err)
{
	return store->ops->rule_stats(store, since_ms, fn, arg, err);
}

int
store_participant_get(struct store *store, const char *sid, struct participant *out,
    struct error *err)
{
	return store->ops->participant_get(store, sid, out, err);
}

int
store_participant_put(struct store *store, const struct participant *p, struct error *err)
{
	if (p->sid == NULL || p->number == NULL) {
		error_set(err, "a participant needs a SID and a number");
		return -1;
	}
	return store->ops->participant_put(store, p, err);
}

int
store_participant_remove(struct store *store, const char *sid, struct error *err)
{
	return store->ops->participant_remove(store, sid, err);
}

int
store_participants(struct store *store, const char *session_sid, store_participant_fn fn,
    void *arg, struct error *err)
{
	return store->ops->participants(store, session_sid, fn, arg, err);
}
