/* store: choose the backend from the database setting and dispatch to it;
 * what every backend shares (event keys, parameters as JSON, redaction). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <jansson.h>

#include "proxyhooks/store/store_backend.h"
#include "proxyhooks/base/digest.h"
#include "proxyhooks/base/util.h"
#include "proxyhooks/base/utf8.h"

int
store_is_postgresql(const char *database)
{
	return strncmp(database, "postgresql://", 13) == 0 ||
	    strncmp(database, "postgres://", 11) == 0 || strchr(database, '=') != NULL;
}

int
store_open(const char *database, struct store **out, struct error *err)
{
	return store_open_timeout(database, STORE_DEFAULT_TIMEOUT_MS, out, err);
}

int
store_open_timeout(const char *database, long timeout_ms, struct store **out, struct error *err)
{
	if (database == NULL || *database == '\0') {
		error_set(err, "database is not set");
		return -1;
	}
	if (timeout_ms <= 0)
		timeout_ms = STORE_DEFAULT_TIMEOUT_MS;
	if (store_is_postgresql(database)) {
#ifdef HAVE_LIBPQ
		return store_pg_open(database, timeout_ms, out, err);
#else
		error_set(err, "database = %s needs PostgreSQL support: rebuild with libpq-dev installed",
		    database);
		return -1;
#endif
	}
	if (strncmp(database, "sqlite:", 7) == 0)
		database += 7;
	return store_sqlite_open(database, timeout_ms, out, err);
}

void
store_set_timeout(struct store *store, long timeout_ms)
{
	if (store != NULL && timeout_ms > 0)
		store->ops->set_timeout(store, timeout_ms);
}

void
store_sync_commits(struct store *store, int synced)
{
	if (store != NULL && store->ops->sync_commits != NULL)
		store->ops->sync_commits(store, synced);
}

/* The writers' lock first (version.c): a writer waiting for it is woken
 * when it is released; the database's own lock is then free unless a
 * write outside a batch (or a program that takes no writers' lock) holds
 * it, which the backend waits for in what is left of wait_ms. */
int
store_begin(struct store *store, long wait_ms, struct error *err)
{
	int64_t start_us;
	long left_ms;
	int rc;

	if (store->ops->begin == NULL)
		return 1;
	start_us = util_monotonic_us();
	if (store_writer_lock(store, wait_ms) == 0)
		return 0;
	left_ms = wait_ms - (long)((util_monotonic_us() - start_us) / 1000);
	if ((rc = store->ops->begin(store, left_ms > 0 ? left_ms : 0, err)) != 1)
		store_writer_unlock(store);
	return rc;
}

int
store_commit(struct store *store, struct error *err)
{
	int rc = store->ops->commit != NULL ? store->ops->commit(store, err) : 0;

	store_writer_unlock(store);

	/* A reader between the write and this commit saw the directory as it
	 * was, under the version the write made. */
	if (store->directory_written)
		store_version_bump(store);
	store->directory_written = 0;
	return rc;
}

void
store_rollback(struct store *store)
{
	store->directory_written = 0;
	if (store->ops->rollback != NULL)
		store->ops->rollback(store);
	store_writer_unlock(store);
}

void
store_checkpoint_later(struct store *store)
{
	if (store != NULL && store->ops->checkpoint_later != NULL)
		store->ops->checkpoint_later(store);
}

void
store_checkpoint_behind(struct store *store)
{
	if (store != NULL && store->ops->checkpoint_behind != NULL)
		store->ops->checkpoint_behind(store);
}

int
store_checkpoint(struct store *store, long wait_ms, struct error *err)
{
	int rc;

	if (store == NULL || store->ops->checkpoint_due == NULL || !store->ops->checkpoint_due(store))
		return 0;
	if (store_writer_lock(store, wait_ms) == 0)
		return 0;	/* busy: the next one */
	rc = store->ops->checkpoint(store, err);
	store_writer_unlock(store);
	return rc;
}

void
store_close(struct store *store)
{
	if (store != NULL) {
		free(store->json);
		store->json = NULL;
		store_version_close(store);
		store->ops->close(store);
	}
}

const char *
store_kind(const struct store *store)
{
	return store->ops->kind;
}

/* The high bit of each byte of w that JSON must escape: '"', '\\' and the
 * controls below 0x20. No carry crosses a byte, so only those are marked. */
static inline uint64_t
json_word_escapes(uint64_t w)
{
	/* A byte below 0x20 stays below 0x80 when 0x60 is added. */
	uint64_t controls = ~(((w & ~UTIL_WORD_HIGHS) + UTIL_WORD_ONES * 0x60) | w) &
	    UTIL_WORD_HIGHS;

	return controls | util_word_bytes_equal(w, '"') | util_word_bytes_equal(w, '\\');
}

/* How many bytes more than one each byte takes in a JSON string: '"',
 * '\\', \b, \t, \n, \f and \r have two-byte escapes, other controls \uXXXX. */
static const unsigned char json_extra[256] = {
	[0x00 ... 0x07] = 5, ['\b'] = 1, ['\t'] = 1, ['\n'] = 1, [0x0b] = 5, ['\f'] = 1,
	['\r'] = 1, [0x0e ... 0x1f] = 5, ['"'] = 1, ['\\'] = 1,
};

/* s[0..len) as a JSON string at o, escaped as jansson escapes (UTF-8
 * kept, control characters as \uXXXX); returns the end, and ORs every
 * byte into *bits (a high bit there: some byte is not ASCII). Runs that
 * need no escape are copied a word at a time: o has room for six times
 * len and the quotes, so a word never goes past its end. */
static char *
store_json_quote(char *o, const char *s, size_t len, uint64_t *bits)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, run;
	uint64_t w, mask, seen = 0;
	unsigned char c;

	*o++ = '"';
	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			memcpy(o, &w, 8);
			seen |= w;
			mask = json_word_escapes(w);
			run = mask != 0 ? util_word_first_marked(mask) : 8;
			i += run;
			o += run;
			if (run == 8)
				continue;
		} else {
			while (i < len && json_extra[c = (unsigned char)s[i]] == 0) {
				seen |= c;
				*o++ = (char)c;
				i++;
			}
			if (i == len)
				break;
		}
		c = (unsigned char)s[i++];
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	*bits |= seen;
	return o;
}

/* The most room the parameters can take as JSON: every byte escaped as
 * \u00XX. 0 when that does not fit in a size_t. */
static size_t
store_params_room(const struct form *form)
{
	size_t room = 3, i, len;

	for (i = 0; form != NULL && i < form->count; i++) {
		len = form->params[i].name_len + form->params[i].value_len;
		if (len > (SIZE_MAX - room) / 6 - 8)
			return 0;
		room += 6 * len + 8;
	}
	return room;
}

/* The parameters as JSON at text (store_params_room), or -1 for invalid
 * UTF-8. */
static int
store_params_write(const struct form *form, char *text)
{
	const struct param *p;
	uint64_t bits;
	size_t i;
	char *o = text;

	*o++ = '[';
	for (i = 0; form != NULL && i < form->count; i++) {
		p = &form->params[i];
		if (i > 0)
			*o++ = ',';
		*o++ = '[';
		bits = 0;
		o = store_json_quote(o, p->name, p->name_len, &bits);
		*o++ = ',';
		o = store_json_quote(o, p->value, p->value_len, &bits);
		*o++ = ']';
		/* ASCII is valid UTF-8: only the others are checked. */
		if ((bits & UTIL_WORD_HIGHS) != 0 &&
		    (!utf8_valid(p->name, p->name_len) || !utf8_valid(p->value, p->value_len)))
			return -1;
	}
	*o++ = ']';
	*o = '\0';
	return 0;
}

/* Every posted parameter, in order, as a JSON array of [name, value].
 * Written by hand: it is made for every event, and building it with
 * jansson cost a quarter of an intercept request. The text is what
 * json_dumps(JSON_COMPACT) gave; like json_pack, invalid UTF-8 is refused. */
char *
store_params_json(const struct form *form)
{
	size_t room = store_params_room(form);
	char *text;

	if (room == 0 || (text = malloc(room)) == NULL)
		return NULL;
	if (store_params_write(form, text) < 0) {
		free(text);
		return NULL;
	}
	return text;
}

int
store_event_key(char *out, size_t len, struct error *err)
{
	unsigned char random[STORE_EVENT_KEY_LEN / 2];

	if (len < STORE_EVENT_KEY_LEN + 1) {
		error_set(err, "an event key needs %d bytes", STORE_EVENT_KEY_LEN + 1);
		return -1;
	}
	if (getrandom(random, sizeof(random), 0) != (ssize_t)sizeof(random)) {
		error_set(err, "cannot make an event key: getrandom: %s", strerror(errno));
		return -1;
	}
	util_hex(out, random, sizeof(random));
	return 0;
}

int
store_event_add(struct store *store, const struct event *ev, int *duplicate, struct error *err)
{
	struct event keyed;
	char key[STORE_EVENT_KEY_LEN + 1], *json;
	size_t room;
	int dup = 0, rc;

	if (ev->hook == NULL) {
		error_set(err, "an event needs the name of its hook");
		return STORE_REFUSED;
	}
	keyed = *ev;
	if (keyed.event_key == NULL) {
		if (store_event_key(key, sizeof(key), err) < 0)
			return -1;
		keyed.event_key = key;
	}
	/* Written where the last event's was: one buffer a connection. */
	if ((room = store_params_room(ev->params)) == 0) {
		error_set(err, "the parameters are too large");
		return STORE_REFUSED;
	}
	if (room > store->json_cap) {
		if ((json = realloc(store->json, room)) == NULL) {
			error_set(err, "out of memory");
			return -1;
		}
		store->json = json;
		store->json_cap = room;
	}
	if (store_params_write(ev->params, store->json) < 0) {
		error_set(err, "cannot encode the parameters as JSON");
		return -1;
	}
	rc = store->ops->event_add(store, &keyed, store->json, &dup, err);
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
store_event_histogram(struct store *store, const char *hook, const char *decision,
    const int64_t *bounds, size_t n, int64_t *counts, struct error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		counts[i] = 0;
		if (bounds[i + 1] < bounds[i]) {
			error_set(err, "histogram: interval %zu ends before it starts", i);
			return -1;
		}
	}
	if (n == 0)
		return 0;
	return store->ops->event_histogram(store, hook, decision, bounds, n, counts, err);
}

int
store_blocking_rules(struct store *store, int64_t since_ms, long limit, store_rule_stat_fn fn,
    void *arg, struct error *err)
{
	return store->ops->blocking_rules(store, since_ms, limit, fn, arg, err);
}

int
store_participant_count(struct store *store, int64_t *count, struct error *err)
{
	*count = 0;
	return store->ops->participant_count(store, count, err);
}

int
store_refusal_add(struct store *store, const char *hook, int64_t at_ms, const char *url,
    long count, struct error *err)
{
	char kept[STORE_REFUSAL_URL_MAX + 1];
	size_t i, o = 0, n, len;
	uint32_t cp;

	if (hook == NULL || count < 1) {
		error_set(err, "a refusal needs a hook and a count");
		return -1;
	}
	if (url == NULL)
		return store->ops->refusal_add(store, hook, at_ms, NULL, count, err);
	/* The URL comes from the request (its Host): kept short, and as text
	 * every store takes (a byte that is not UTF-8 becomes '?'). */
	len = strlen(url);
	for (i = 0; i < len && o < STORE_REFUSAL_URL_MAX; i += n) {
		if ((n = utf8_decode(url + i, len - i, &cp)) == 0) {
			kept[o++] = '?';
			n = 1;
		} else if (o + n > STORE_REFUSAL_URL_MAX)
			break;
		else {
			memcpy(kept + o, url + i, n);
			o += n;
		}
	}
	kept[o] = '\0';
	return store->ops->refusal_add(store, hook, at_ms, kept, count, err);
}

int
store_refusals(struct store *store, int64_t since_ms, long limit, store_refusal_fn fn, void *arg,
    struct error *err)
{
	return store->ops->refusals(store, since_ms, limit, fn, arg, err);
}

int
store_purge(struct store *store, int64_t before_ms, long limit, int64_t *removed,
    struct error *err)
{
	*removed = 0;
	return store->ops->purge(store, before_ms, limit, 0, removed, err);
}

int
store_count_before(struct store *store, int64_t before_ms, int64_t *count, struct error *err)
{
	*count = 0;
	return store->ops->purge(store, before_ms, 0, 1, count, err);
}

/* The redaction key, for the functions below (NULL: plain SHA-256). */
struct redact_key {
	const unsigned char *key;
	size_t               len;
};

/* "[redacted sha256:HEX len=N]" for text, or with a key
 * "[redacted hmac-sha256:HEX len=N]"; malloc'd. */
static char *
redacted_text(const struct redact_key *k, const char *text, size_t len)
{
	unsigned char digest[DIGEST_SHA256_LEN];
	char hex[2 * DIGEST_SHA256_LEN + 1], *out;

	if (k->key != NULL)
		digest_hmac_sha256(k->key, k->len, text, len, digest);
	else
		digest_sha256(text, len, digest);
	util_hex(hex, digest, sizeof(digest));
	if (asprintf(&out, "%s%s len=%zu]", k->key != NULL ? STORE_REDACTED_KEYED_PREFIX :
	    STORE_REDACTED_PREFIX, hex, len) < 0)
		return NULL;
	return out;
}

size_t
store_redacted_prefix(const char *s)
{
	if (strncmp(s, STORE_REDACTED_PREFIX, sizeof(STORE_REDACTED_PREFIX) - 1) == 0)
		return sizeof(STORE_REDACTED_PREFIX) - 1;
	if (strncmp(s, STORE_REDACTED_KEYED_PREFIX, sizeof(STORE_REDACTED_KEYED_PREFIX) - 1) == 0)
		return sizeof(STORE_REDACTED_KEYED_PREFIX) - 1;
	return 0;
}

/* interactionData with its "body" redacted; a value that is not a JSON
 * object is redacted whole, since nothing says it holds no text. */
static char *
redacted_interaction_data(const struct redact_key *k, const char *value, size_t len,
    int *changed)
{
	json_t *data, *body, *marker;
	char *text = NULL, *redacted;

	*changed = 0;
	data = json_loadb(value, len, 0, NULL);
	if (!json_is_object(data)) {
		json_decref(data);
		if (len == 0)
			return strdup("");
		*changed = 1;
		return redacted_text(k, value, len);
	}
	body = json_object_get(data, "body");
	if (!json_is_string(body)) {
		json_decref(data);
		return strdup(value);
	}
	if ((redacted = redacted_text(k, json_string_value(body), json_string_length(body))) != NULL) {
		marker = json_string(redacted);
		free(redacted);
		if (marker != NULL && json_object_set_new(data, "body", marker) == 0) {
			text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
			*changed = 1;
		}
	}
	json_decref(data);
	return text;
}

int
store_redact_form(const struct form *in, const unsigned char *key, size_t key_len,
    struct form *out, int *redacted, struct error *err)
{
	const struct redact_key k = { key, key_len };
	const struct param *p;
	char *value;
	size_t i;
	int changed, rc = -1;

	*redacted = 0;
	for (i = 0; i < in->count; i++) {
		p = &in->params[i];
		changed = 0;
		if (strcmp(p->name, "Body") == 0) {
			value = redacted_text(&k, p->value, p->value_len);
			changed = 1;
		} else if (strcmp(p->name, "interactionData") == 0)
			value = redacted_interaction_data(&k, p->value, p->value_len, &changed);
		else
			value = strdup(p->value);
		if (value == NULL) {
			error_set(err, "out of memory redacting %s", p->name);
			goto fail;
		}
		if (form_add(out, p->name, value) < 0) {
			free(value);
			error_set(err, "out of memory redacting %s", p->name);
			goto fail;
		}
		free(value);
		*redacted += changed;
	}
	rc = 0;
fail:
	if (rc < 0)
		form_free(out);
	return rc;
}

char *
store_redact_found(const char *found, const unsigned char *key, size_t key_len)
{
	const struct redact_key k = { key, key_len };
	const char *value = strchr(found, ' ');
	char *hash, *out;
	int kind;

	/* "KIND VALUE": the kind stays; without one the whole is the value. */
	kind = value != NULL ? (int)(value - found) : 0;
	value = value != NULL ? value + 1 : found;
	if ((hash = redacted_text(&k, value, strlen(value))) == NULL)
		return NULL;
	if (asprintf(&out, "%.*s%s%s", kind, found, kind > 0 ? " " : "", hash) < 0)
		out = NULL;
	free(hash);
	return out;
}

int
store_params_redacted(const char *params_json)
{
	const char *p = params_json;
	int n = 0;

	/* In JSON a value starts after a quote (or an escaped one, inside
	 * interactionData): a message that merely mentions the marker does not. */
	while (p != NULL && (p = strstr(p, "[redacted ")) != NULL) {
		if (p > params_json && p[-1] == '"' && store_redacted_prefix(p) > 0)
			n++;
		p += sizeof("[redacted ") - 1;
	}
	return n;
}

/* After a write of the directory that returned rc: its version moves on,
 * and again when the transaction it is part of commits. */
static int
store_directory_written(struct store *store, int rc)
{
	store_version_bump(store);
	store->directory_written = 1;
	return rc;
}

int
store_participant_get(struct store *store, const char *sid, struct participant *out,
    struct error *err)
{
	return store->ops->participant_get(store, sid, out, err);
}

int
store_participant_by_binding(struct store *store, const char *address, const char *proxy_address,
    struct participant *out, struct error *err)
{
	return store->ops->participant_by_binding(store, address, proxy_address, out, err);
}

int
store_participant_put(struct store *store, const struct participant *p, struct error *err)
{
	if (p->sid == NULL || p->number == NULL) {
		error_set(err, "a participant needs a SID and a number");
		return -1;
	}
	return store_directory_written(store, store->ops->participant_put(store, p, err));
}

int
store_participant_remove(struct store *store, const char *sid, struct error *err)
{
	return store_directory_written(store, store->ops->participant_remove(store, sid, err));
}

int
store_runs_add(struct store *store, const char *participant_sid, const char *session_sid,
    int64_t at_ms, const char *runs, const char *key, int64_t prune_before_ms,
    struct error *err)
{
	return store->ops->runs_add(store, participant_sid, session_sid, at_ms, runs, key,
	    prune_before_ms, err);
}

int
store_runs_recent(struct store *store, const char *participant_sid, const char *session_sid,
    int64_t since_ms, int64_t until_ms, const char *key, long limit, store_runs_fn fn,
    void *arg, struct error *err)
{
	return store->ops->runs_recent(store, participant_sid, session_sid, since_ms, until_ms,
	    key, limit, fn, arg, err);
}

int
store_participants(struct store *store, const char *session_sid, store_participant_fn fn,
    void *arg, struct error *err)
{
	return store->ops->participants(store, session_sid, fn, arg, err);
}
