/* hooks: what every hook handler shares: filling an event from a request,
 * and recording it in the store or, when the store cannot take it in time,
 * in the spool (replayed into the store later, in order); under load, after
 * the answer and a burst of events in one transaction, each kept in the
 * process's journal until then. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/base/safefile.h"
#include "proxyhooks/store/spool.h"
#include "proxyhooks/base/util.h"

/* The first of names that was posted, or NULL. */
static const char *
first_of(const struct form *form, const char *const *names)
{
	const char *v;

	for (; *names != NULL; names++)
		if ((v = form_get(form, *names)) != NULL && *v != '\0')
			return v;
	return NULL;
}

const char *
hook_missing_field(const struct form *form, const char *const *names)
{
	const char *v;

	for (; *names != NULL; names++)
		if ((v = form_get(form, *names)) == NULL || *v == '\0')
			return *names;
	return NULL;
}

void
hook_event_init(struct event *ev, const struct hook_context *ctx, const struct request *req)
{
	static const char *const session[] = { "interactionSessionSid", "sessionSid",
		"inboundParticipantSessionSid", NULL };
	static const char *const participant[] = { "inboundParticipantSid", NULL };
	static const char *const interaction[] = { "interactionSid", "CallSid", "MessageSid",
		"SmsSid", NULL };

	memset(ev, 0, sizeof(*ev));
	ev->hook = ctx->hook_name;
	ev->received_ms = req->received_ms;
	ev->idempotency_token = req->idempotency_token;
	ev->interaction_sid = first_of(&req->form, interaction);
	ev->session_sid = first_of(&req->form, session);
	ev->participant_sid = first_of(&req->form, participant);
	ev->decision_us = -1;
	ev->params = &req->form;
}

/*
 * The journal: where an event answered but not yet stored waits for its
 * batch. A file of the spool folder, journal-HOOK-PID-RANDOM, mapped
 * shared: what is written to the mapping is in the kernel's page cache at
 * once, so it outlives the process however it ends (SIGKILL too, not a
 * power cut: the callback, which must survive one, never defers). The
 * process holds an flock on it; a journal nobody holds belonged to a
 * process that died, and the next process to look stores its events.
 *
 * The file: a head (magic, generation), then records, each a length, the
 * generation it was written in and the event. A record counts once its
 * length is written, which is done last; a batch stored, the generation
 * goes up and the old records stop counting, so that nothing is erased.
 */
#define JOURNAL_MAGIC	"PHJRNL1\n"
#define JOURNAL_BYTES	(4 * 1024 * 1024)	/* a full batch of events of about 4 KB */
#define JOURNAL_HEAD	64
#define JOURNAL_NULL	UINT32_MAX	/* the length of a NULL string */
/* How often a worker looks for journals of processes that died. */
#define JOURNAL_SCAN_US	(60 * 1000000LL)
/* A journal's name while it is made, before its process holds it; one
 * left by a process that died making it holds no event and goes after a
 * minute. */
#define JOURNAL_MAKING	"making-"
#define JOURNAL_MAKING_STALE_S	60

struct journal_head {
	char     magic[8];
	uint64_t generation;
};

struct journal_record {
	uint32_t length;	/* of the event after this; 0: no record */
	uint32_t generation;	/* the head's (low 32 bits) when written */
};

struct journal {
	struct safedir folder;	/* the spool folder it is in (path NULL: none) */
	char   *path;
	const char *name;	/* in path, past the folder */
	int     fd;
	char   *map;		/* JOURNAL_BYTES, MAP_SHARED */
	size_t  end;		/* past the last record */
	long    count;
};

/* What hook_record keeps from one request to the next in this process. */
struct record_state {
	char           *spool_dir;	/* the folder spool was opened on */
	char           *for_spool_dir;	/* the settings spool_dir came from */
	char           *for_database;
	struct spool   *spool;
	int64_t         spool_retry_us;	/* after a spool that failed to open */
	int64_t         store_retry_us;	/* after a store failure: spool until then */
	int64_t         purge_next_us;	/* the next look for events past retain_days */
	struct journal  journal;	/* fd -1: none */
	int64_t         journal_retry_us;	/* after a journal that failed to open */
	int64_t         journal_scan_us;	/* the next look for dead processes' journals */
	struct param   *params;		/* an event read back points into the journal */
	size_t          params_cap;
	int             replay_due;	/* CGI: the spool to be stored after the answer */
};

static struct record_state record_state = { .journal = { .fd = -1 } };

/* Keep the settings the spool's folder was worked out from. */
static int
record_spool_settings(const struct config *config)
{
	struct record_state *rs = &record_state;
	char *spool_dir = NULL, *database = NULL;

	if ((config->spool_dir != NULL && (spool_dir = strdup(config->spool_dir)) == NULL) ||
	    (config->database != NULL && (database = strdup(config->database)) == NULL)) {
		free(spool_dir);
		return -1;
	}
	free(rs->for_spool_dir);
	free(rs->for_database);
	rs->for_spool_dir = spool_dir;
	rs->for_database = database;
	return 0;
}

/* The spool for this configuration, opened once; NULL (logged) when the
 * folder cannot be made. */
static struct spool *
record_spool(const struct config *config, int64_t now_us)
{
	struct record_state *rs = &record_state;
	struct error err = { 0 };
	char *dir;

	/* The folder follows from the two settings: worked out again only when
	 * one of them changed (a request would otherwise format a path). */
	if (rs->spool_dir == NULL || !util_same_text(rs->for_spool_dir, config->spool_dir) ||
	    !util_same_text(rs->for_database, config->database)) {
		if ((dir = spool_dir_for(config->spool_dir, config->database)) == NULL ||
		    record_spool_settings(config) < 0) {
			free(dir);
			return NULL;
		}
		if (rs->spool_dir == NULL || strcmp(rs->spool_dir, dir) != 0) {
			spool_close(rs->spool);
			rs->spool = NULL;
			free(rs->spool_dir);
			rs->spool_dir = dir;
			rs->spool_retry_us = 0;
		} else
			free(dir);
	}
	if (rs->spool == NULL && now_us >= rs->spool_retry_us &&
	    spool_open(rs->spool_dir, &rs->spool, &err) < 0) {
		log_error("%s: events that the store cannot take will be lost", err.message);
		rs->spool = NULL;
		rs->spool_retry_us = now_us + 10 * 1000000LL;
	}
	return rs->spool;
}

/* Retention: at most one small batch a request, looked for at most once an
 * hour while nothing is past retain_days. */
static void
record_purge(struct hook_context *ctx, int64_t now_us)
{
	struct record_state *rs = &record_state;
	struct error err = { 0 };
	int64_t removed = 0;
	const long batch = 500;

	if (ctx->config->retain_days <= 0 || now_us < rs->purge_next_us)
		return;
	if (store_purge(ctx->store, util_now_ms() - ctx->config->retain_days * 86400000LL, batch,
	    &removed, &err) < 0) {
		log_warn("retain_days: old events not removed: %s", err.message);
		rs->purge_next_us = now_us + 300 * 1000000LL;
		return;
	}
	if (removed > 0)
		log_info("retain_days = %ld: removed %" PRId64 " event(s)", ctx->config->retain_days,
		    removed);
	rs->purge_next_us = removed == batch ? now_us : now_us + 3600 * 1000000LL;
}

/* How long one request may spend replaying the spool: a big spool is
 * drained by many requests (or `proxyhooks spool replay`), none of them
 * kept waiting long. */
#define RECORD_REPLAY_BUDGET_MS 200

/* Put what waits in the spool into the store first, so that events keep
 * their order. 1 when nothing waits any more, 0 when some still does, -1
 * when the store failed. */
static int
record_replay(struct hook_context *ctx, struct spool *spool)
{
	struct spool_stats stats;
	struct error err = { 0 };
	long budget = ctx->config->store_timeout_ms < RECORD_REPLAY_BUDGET_MS ?
	    ctx->config->store_timeout_ms : RECORD_REPLAY_BUDGET_MS;
	/* Read before the replay: cleared after it only if it did not move. */
	int64_t spooled_ms = ctx->shared != NULL ? store_shared_spooled_ms(ctx->shared) : 0;
	int rc;

	if (!spool_pending(spool)) {
		if (spooled_ms != 0)
			store_shared_spool_drained(ctx->shared, spooled_ms);
		return 1;
	}
	/* The spool is on the disk: what leaves it must be there too before
	 * the spool forgets it, whatever the worker's own batches do. */
	store_sync_commits(ctx->store, 1);
	rc = spool_replay(spool, ctx->store, 0, budget, &stats, &err);
	store_sync_commits(ctx->store, ctx->durable);
	if (rc < 0) {
		log_warn("spool: replay stopped: %s", err.message);
		return -1;
	}
	if (stats.rejected > 0 || ((stats.replayed > 0 || stats.duplicates > 0) &&
	    (spooled_ms == 0 || stats.more)))
		log_info("spool: replayed %ld event(s) into the store (%ld already there, %ld "
		    "refused)%s", stats.replayed, stats.duplicates, stats.rejected,
		    stats.more ? "; more wait" : "");
	else if (stats.replayed > 0)
		log_debug("spool: stored the %ld event(s) spooled by CGI requests",
		    stats.replayed);
	if (stats.busy || stats.more || spool_pending(spool))
		return 0;
	if (spooled_ms != 0)
		store_shared_spool_drained(ctx->shared, spooled_ms);
	return 1;
}

/* A new event key: 128 random bits drawn once a process, then counted up,
 * so that keys stay unique without a getrandom() per event. */
static int
record_event_key(char key[STORE_EVENT_KEY_LEN + 1], struct error *err)
{
	static const char hex[] = "0123456789abcdef";
	static uint64_t high, low;
	static int seeded;
	uint64_t word;
	int i;

	if (!seeded) {
		uint64_t random[2];

		if (getrandom(random, sizeof(random), 0) != (ssize_t)sizeof(random)) {
			error_set(err, "cannot make an event key: getrandom: %s", strerror(errno));
			return -1;
		}
		high = random[0];
		low = random[1];
		seeded = 1;
	}
	if (++low == 0)
		high++;
	for (i = 0, word = high; i < 16; i++, word <<= 4)
		key[i] = hex[word >> 60];
	for (i = 16, word = low; i < 32; i++, word <<= 4)
		key[i] = hex[word >> 60];
	key[STORE_EVENT_KEY_LEN] = '\0';
	return 0;
}

/* Give ev an event key and, with redact_bodies, redacted parameters (in
 * *redacted) and finding (in *found), which the caller frees: the finding
 * is the contact detail itself, never kept plain beside a redacted body. */
static int
record_prepare(const struct hook_context *ctx, const struct event *ev, struct event *keyed,
    char key[STORE_EVENT_KEY_LEN + 1], struct form *redacted, char **found, struct error *err)
{
	const struct config *c = ctx->config;
	int count;

	*keyed = *ev;
	/* The key is made once, so that a store that took the event but answered
	 * too late and the spool's copy are known to be one event. */
	if (keyed->event_key == NULL) {
		if (record_event_key(key, err) < 0)
			return -1;
		keyed->event_key = key;
	}
	if (c->redact_bodies && keyed->params != NULL) {
		if (store_redact_form(keyed->params, ctx->redact_key, ctx->redact_key_len, redacted,
		    &count, err) < 0)
			return -1;
		keyed->params = redacted;
	}
	if (c->redact_bodies && keyed->found != NULL) {
		if ((*found = store_redact_found(keyed->found, ctx->redact_key,
		    ctx->redact_key_len)) == NULL) {
			error_set(err, "out of memory redacting what the policy found");
			return -1;
		}
		keyed->found = *found;
	}
	return 0;
}

/*
 * A CGI request of a hook whose answer is its decision spools its event
 * unsynced, and opens no database (nor loads SQLite's schema), unless it
 * must: the store then takes what waits, after the answer. That is when
 * the spool holds RECORD_LATER_BYTES (a batch, one transaction) or its
 * oldest event came cgi_spool_ms ago; or sooner, when any process
 * opens the store to write (every hook replays the spool first), or to
 * read what a rule counts (hook_store), or proxyhooks or the dashboard
 * read events. The promise is the one of the store's unsynced commits:
 * the event outlives the process, not a power cut.
 */
#define RECORD_LATER_BYTES (64 * 1024)

static int
record_later(struct hook_context *ctx, struct spool *spool, const struct event *keyed)
{
	struct error err = { 0 };
	int64_t now_ms = util_now_ms(), spooled_ms = store_shared_spooled_ms(ctx->shared);
	off_t bytes = 0;

	if (spool_append_unsynced(spool, keyed, &bytes, &err) < 0) {
		log_warn("%s: %s; storing it now", keyed->hook, err.message);
		return -1;
	}
	store_shared_spooled(ctx->shared, keyed->received_ms > 0 ? keyed->received_ms : now_ms);
	if (bytes >= RECORD_LATER_BYTES ||
	    (spooled_ms != 0 && now_ms - spooled_ms >= ctx->config->cgi_spool_ms)) {
		/* Stored by hook_record_flush once answered. */
		record_state.replay_due = 1;
		ctx->deferred++;
	}
	return 0;
}

struct store *
hook_store(struct hook_context *ctx)
{
	struct spool *spool;

	if (ctx->store != NULL || !ctx->store_later || ctx->store_open == NULL)
		return ctx->store;
	ctx->store_later = 0;
	if (ctx->store_open(ctx) < 0)
		return NULL;
	/* What waits in the spool is what a rule counts too. */
	if ((spool = record_spool(ctx->config, util_monotonic_us())) != NULL) {
		store_set_timeout(ctx->store, ctx->config->store_timeout_ms);
		(void)record_replay(ctx, spool);
	}
	return ctx->store;
}

void
hook_store_spooled(struct hook_context *ctx)
{
	struct spool *spool;

	/* Only when a CGI request left its event for later (as the CLI's
	 * cli_store_spooled). */
	if (hook_store(ctx) == NULL || ctx->shared == NULL ||
	    store_shared_spooled_ms(ctx->shared) == 0 ||
	    (spool = record_spool(ctx->config, util_monotonic_us())) == NULL)
		return;
	store_set_timeout(ctx->store, ctx->config->store_timeout_ms);
	(void)record_replay(ctx, spool);
}

int
hook_store_configured(const struct hook_context *ctx)
{
	return ctx->store != NULL || ctx->store_later;
}

/* Record a keyed event now: in the store, else in the spool. */
static int
record_now(struct hook_context *ctx, const struct event *keyed, int *duplicate,
    struct error *err)
{
	struct record_state *rs = &record_state;
	const struct config *c = ctx->config;
	struct error store_err = { 0 }, spool_err = { 0 };
	struct spool *spool;
	int64_t now_us = util_monotonic_us();
	int r;

	spool = record_spool(c, now_us);
	if (ctx->store == NULL && ctx->store_later && spool != NULL && ctx->shared != NULL &&
	    (r = record_later(ctx, spool, keyed)) == 0)
		return 0;
	if (hook_store(ctx) == NULL)
		error_set(&store_err, "the store is not open");
	else if (now_us < rs->store_retry_us)
		error_set(&store_err, "the store failed less than a second ago");
	else {
		store_set_timeout(ctx->store, c->store_timeout_ms);
		r = spool != NULL ? record_replay(ctx, spool) : 1;
		if (r < 0) {
			error_set(&store_err, "the store failed replaying the spool");
			rs->store_retry_us = now_us + 1000000;
		} else if (r == 0)
			error_set(&store_err, "older events still wait in the spool");
		else if ((r = store_event_add(ctx->store, keyed, duplicate, &store_err)) == 0) {
			record_purge(ctx, now_us);
			return 0;
		} else {
			log_warn("store: %s", store_err.message);
			if (r != STORE_REFUSED)
				rs->store_retry_us = now_us + 1000000;
		}
	}
	if (spool == NULL) {
		error_set(err, "%s event not recorded: %s, and there is no spool", keyed->hook,
		    store_err.message);
		return -1;
	}
	if (spool_append(spool, keyed, &spool_err) < 0) {
		error_set(err, "%s event not recorded: %s; and the spool failed: %s", keyed->hook,
		    store_err.message, spool_err.message);
		return -1;
	}
	log_info("%s: event %s spooled in %s: %s", keyed->hook, keyed->event_key,
	    spool_dir(spool), store_err.message);
	return 0;
}

/* ---- the journal ---- */

static size_t
journal_string_size(const char *s)
{
	return 4 + (s != NULL ? strlen(s) + 1 : 0);
}

static char *
journal_put_string(char *o, const char *s, size_t len)
{
	uint32_t n = s != NULL ? (uint32_t)len : JOURNAL_NULL;

	memcpy(o, &n, 4);
	o += 4;
	if (s != NULL) {
		memcpy(o, s, len);
		o[len] = '\0';
		o += len + 1;
	}
	return o;
}

/* The event's strings, in the order they are written. */
#define JOURNAL_STRINGS(ev) { (ev)->hook, (ev)->idempotency_token, (ev)->interaction_sid, \
	(ev)->session_sid, (ev)->participant_sid, (ev)->decision, (ev)->rule, (ev)->response, \
	(ev)->event_key }
#define JOURNAL_STRING_COUNT 9

/* The size of ev as a record's payload. */
static size_t
journal_event_size(const struct event *ev)
{
	const char *strings[] = JOURNAL_STRINGS(ev);
	size_t n = 8 + 8 + 4, i;

	for (i = 0; i < JOURNAL_STRING_COUNT; i++)
		n += journal_string_size(strings[i]);
	for (i = 0; ev->params != NULL && i < ev->params->count; i++)
		n += 4 + ev->params->params[i].name_len + 1 + 4 + ev->params->params[i].value_len + 1;
	return n + journal_string_size(ev->found);
}

static void
journal_put_event(char *o, const struct event *ev)
{
	const char *strings[] = JOURNAL_STRINGS(ev);
	uint32_t count = ev->params != NULL ? (uint32_t)ev->params->count : 0;
	size_t i;

	memcpy(o, &ev->received_ms, 8);
	memcpy(o + 8, &ev->decision_us, 8);
	o += 16;
	for (i = 0; i < JOURNAL_STRING_COUNT; i++)
		o = journal_put_string(o, strings[i], strings[i] != NULL ? strlen(strings[i]) : 0);
	memcpy(o, &count, 4);
	o += 4;
	for (i = 0; i < count; i++) {
		o = journal_put_string(o, ev->params->params[i].name, ev->params->params[i].name_len);
		o = journal_put_string(o, ev->params->params[i].value,
		    ev->params->params[i].value_len);
	}
	/* After the parameters: a record written before it had none. */
	(void)journal_put_string(o, ev->found, ev->found != NULL ? strlen(ev->found) : 0);
}

/* A string of a payload at *p; -1 when it runs past end. */
static int
journal_get_string(char **p, const char *end, char **out, size_t *len)
{
	uint32_t n;

	if (end - *p < 4)
		return -1;
	memcpy(&n, *p, 4);
	*p += 4;
	if (n == JOURNAL_NULL) {
		*out = NULL;
		*len = 0;
		return 0;
	}
	if ((size_t)(end - *p) < (size_t)n + 1 || (*p)[n] != '\0')
		return -1;
	*out = *p;
	*len = n;
	*p += n + 1;
	return 0;
}

/* Read the event of a payload back. Its strings and parameters point into
 * the payload; the parameters' array is record_state's, valid until the
 * next call. -1 for a payload that does not parse. */
static int
journal_get_event(char *p, size_t len, struct event *ev, struct form *params)
{
	struct record_state *rs = &record_state;
	const char *end = p + len;
	char *strings[JOURNAL_STRING_COUNT], *found = NULL;
	size_t n, i;
	uint32_t count;

	memset(ev, 0, sizeof(*ev));
	memset(params, 0, sizeof(*params));
	if (len < 20)
		return -1;
	memcpy(&ev->received_ms, p, 8);
	memcpy(&ev->decision_us, p + 8, 8);
	p += 16;
	for (i = 0; i < JOURNAL_STRING_COUNT; i++)
		if (journal_get_string(&p, end, &strings[i], &n) < 0)
			return -1;
	ev->hook = strings[0];
	ev->idempotency_token = strings[1];
	ev->interaction_sid = strings[2];
	ev->session_sid = strings[3];
	ev->participant_sid = strings[4];
	ev->decision = strings[5];
	ev->rule = strings[6];
	ev->response = strings[7];
	ev->event_key = strings[8];
	if (ev->hook == NULL || ev->event_key == NULL || end - p < 4)
		return -1;
	memcpy(&count, p, 4);
	p += 4;
	if (count > len / 10)
		return -1;
	if (count > rs->params_cap) {
		struct param *grown = realloc(rs->params, count * sizeof(*grown));

		if (grown == NULL)
			return -1;
		rs->params = grown;
		rs->params_cap = count;
	}
	for (i = 0; i < count; i++) {
		struct param *pa = &rs->params[i];

		if (journal_get_string(&p, end, &pa->name, &pa->name_len) < 0 ||
		    journal_get_string(&p, end, &pa->value, &pa->value_len) < 0 ||
		    pa->name == NULL || pa->value == NULL)
			return -1;
	}
	params->params = rs->params;
	params->count = params->capacity = count;
	ev->params = params;
	if (p < end && journal_get_string(&p, end, &found, &n) < 0)
		return -1;
	ev->found = found;
	return 0;
}

/* Call fn for each record of the journal at map[0..size), oldest first;
 * stops at the first that does not count (or when fn returns non-zero). */
static int
journal_walk(char *map, size_t size, int (*fn)(void *, struct event *), void *arg)
{
	const struct journal_head *head = (const struct journal_head *)map;
	struct journal_record rec;
	struct event ev;
	struct form params;
	size_t at = JOURNAL_HEAD;
	int r;

	if (size < JOURNAL_HEAD || memcmp(head->magic, JOURNAL_MAGIC, 8) != 0)
		return 0;
	while (at + sizeof(rec) <= size) {
		memcpy(&rec, map + at, sizeof(rec));
		if (rec.length == 0 || rec.generation != (uint32_t)head->generation ||
		    rec.length > size - at - sizeof(rec))
			break;
		if (journal_get_event(map + at + sizeof(rec), rec.length, &ev, &params) < 0) {
			log_error("journal: a record that does not parse at offset %zu: the events "
			    "after it are not read", at);
			break;
		}
		if ((r = fn(arg, &ev)) != 0)
			return r;
		at += sizeof(rec) + ((rec.length + 7) & ~(size_t)7);
	}
	return 0;
}

/* Forget the records: they are stored. */
static void
journal_reset(struct journal *j)
{
	struct journal_head *head = (struct journal_head *)j->map;

	__atomic_store_n(&head->generation, head->generation + 1, __ATOMIC_RELEASE);
	j->end = JOURNAL_HEAD;
	j->count = 0;
}

static void
journal_close(struct journal *j, int remove)
{
	if (j->map != NULL)
		munmap(j->map, JOURNAL_BYTES);
	if (remove && j->path != NULL && j->folder.path != NULL)
		(void)safefile_unlink(&j->folder, j->name, &(struct error){ 0 });
	if (j->fd >= 0)
		close(j->fd);
	if (j->folder.path != NULL)
		safedir_close(&j->folder);
	free(j->path);
	memset(j, 0, sizeof(*j));
	j->fd = -1;
}

/* At exit, a journal with nothing in it goes (one with events stays for
 * the next process to store). */
static void
journal_at_exit(void)
{
	struct journal *j = &record_state.journal;

	if (j->fd >= 0)
		journal_close(j, j->count == 0);
}

/* This process's journal, made on first use in the spool's folder; NULL
 * (logged) when it cannot be: events are then recorded before answering. */
static struct journal *
journal_get(struct spool *spool, const char *hook, int64_t now_us)
{
	struct record_state *rs = &record_state;
	struct journal *j = &rs->journal;
	struct journal_head *head;
	struct error err = { 0 };
	char making[256];
	uint32_t random = 0;
	int made = 0;
	static int exit_registered;

	if (j->fd >= 0)
		return j;
	if (spool == NULL || now_us < rs->journal_retry_us)
		return NULL;
	if (getrandom(&random, sizeof(random), GRND_NONBLOCK) < 0)
		random = (uint32_t)now_us;
	if (asprintf(&j->path, "%s/journal-%s-%ld-%08x", spool_dir(spool), hook, (long)getpid(),
	    random) < 0) {
		j->path = NULL;
		goto fail;
	}
	j->name = strrchr(j->path, '/') + 1;
	/* Made under another name, locked, and only then named journal-...:
	 * another process looking for the journals of processes that died
	 * must never find one before it is held. Made by root, it belongs to
	 * the folder's owner as the spool's files do. */
	snprintf(making, sizeof(making), JOURNAL_MAKING "%s", j->name);
	if (safedir_dup(&j->folder, spool_safedir(spool), &err) < 0 ||
	    (j->fd = safefile_open(&j->folder, making, O_RDWR | O_CREAT | O_EXCL, 0640, NULL,
	    &err)) < 0)
		goto fail;
	made = 1;
	if (safefile_lock(&j->folder, making, j->fd, LOCK_EX | LOCK_NB, 0, &err) < 0)
		goto fail;
	/* Room taken now, not at the first write to each page: a mapping over
	 * a hole that the disk cannot fill kills the process with SIGBUS. */
	if ((errno = posix_fallocate(j->fd, 0, JOURNAL_BYTES)) != 0)
		goto fail;
	j->map = mmap(NULL, JOURNAL_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, j->fd, 0);
	if (j->map == MAP_FAILED) {
		j->map = NULL;
		goto fail;
	}
	head = (struct journal_head *)j->map;
	memcpy(head->magic, JOURNAL_MAGIC, 8);
	head->generation = 1;
	j->end = JOURNAL_HEAD;
	j->count = 0;
	if (safefile_rename(&j->folder, making, j->name, &err) < 0)
		goto fail;
	made = 0;
	if (!exit_registered && atexit(journal_at_exit) == 0)
		exit_registered = 1;
	return j;
fail:
	log_error("journal %s: %s: events are recorded before answering", j->path ? j->path :
	    spool_dir(spool), err.message[0] != '\0' ? err.message : strerror(errno));
	if (made)
		(void)safefile_unlink(&j->folder, making, &(struct error){ 0 });
	journal_close(j, 0);
	rs->journal_retry_us = now_us + 60 * 1000000LL;
	return NULL;
}

/* Write ev as the next record: 0, or -1 when the journal has no room. */
static int
journal_append(struct journal *j, const struct event *ev)
{
	const struct journal_head *head = (const struct journal_head *)j->map;
	struct journal_record *rec;
	size_t size = journal_event_size(ev), padded = (size + 7) & ~(size_t)7;

	if (size >= UINT32_MAX || j->end + sizeof(*rec) + padded > JOURNAL_BYTES)
		return -1;
	rec = (struct journal_record *)(j->map + j->end);
	/* Length last: until it is written, a reader stops here. */
	__atomic_store_n(&rec->length, 0, __ATOMIC_RELEASE);
	journal_put_event((char *)(rec + 1), ev);
	rec->generation = (uint32_t)head->generation;
	__atomic_store_n(&rec->length, (uint32_t)size, __ATOMIC_RELEASE);
	j->end += sizeof(*rec) + padded;
	j->count++;
	return 0;
}

/* ---- batches ---- */

struct batch {
	struct hook_context *ctx;
	struct spool        *spool;
	long                 stored, duplicates, spooled, lost;
	long                 index;		/* of the event being walked */
	long                *refused;		/* indexes the store refused */
	size_t               refused_count, refused_cap;
	int                  failed;		/* the store failed: roll back */
	struct error         err;
};

/* Put one event in the spool (the store could not take it); a failure
 * too is logged: an event is never dropped silently. */
static void
batch_spool(struct batch *b, const struct event *ev, const char *why)
{
	struct error err = { 0 };

	if (b->spool != NULL && spool_append(b->spool, ev, &err) == 0) {
		b->spooled++;
		return;
	}
	b->lost++;
	log_error("%s event %s not recorded: %s; and %s", ev->hook, ev->event_key, why,
	    b->spool == NULL ? "there is no spool" : err.message);
}

static int
batch_add(void *arg, struct event *ev)
{
	struct batch *b = arg;
	struct error err = { 0 };
	int duplicate = 0, r;

	b->index++;
	r = store_event_add(b->ctx->store, ev, &duplicate, &err);
	if (r == 0) {
		b->stored++;
		b->duplicates += duplicate;
		return 0;
	}
	if (r == STORE_REFUSED) {
		/* This event only: spooled (then set aside by the replay) once the
		 * others are committed. */
		log_warn("store: %s", err.message);
		if (b->refused_count == b->refused_cap) {
			size_t cap = b->refused_cap ? b->refused_cap * 2 : 8;
			long *grown = realloc(b->refused, cap * sizeof(*grown));

			if (grown == NULL) {
				error_set(&b->err, "out of memory");
				b->failed = 1;
				return 1;
			}
			b->refused = grown;
			b->refused_cap = cap;
		}
		b->refused[b->refused_count++] = b->index;
		return 0;
	}
	b->err = err;
	b->failed = 1;
	return 1;
}

static int
batch_spool_refused(void *arg, struct event *ev)
{
	struct batch *b = arg;
	size_t i;

	b->index++;
	for (i = 0; i < b->refused_count; i++)
		if (b->refused[i] == b->index)
			batch_spool(b, ev, "the store refused it");
	return 0;
}

static int
batch_spool_all(void *arg, struct event *ev)
{
	struct batch *b = arg;

	batch_spool(b, ev, b->err.message);
	return 0;
}

/* Store the events of a journal's text in one transaction; what the store
 * refuses, or all of them when it fails, goes to the spool. 0 when every
 * event is stored or spooled, -1 when some could be neither (logged), 1
 * when another process is writing and !wait (nothing done). */
static int
record_batch(struct hook_context *ctx, struct spool *spool, char *text, size_t len, int wait)
{
	struct record_state *rs = &record_state;
	const struct config *c = ctx->config;
	struct batch b;
	int64_t now_us = util_monotonic_us();
	int r;

	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	b.spool = spool;
	if (ctx->store == NULL) {
		error_set(&b.err, "the store is not open");
		goto spool_all;
	}
	if (now_us < rs->store_retry_us) {
		error_set(&b.err, "the store failed less than a second ago");
		goto spool_all;
	}
	store_set_timeout(ctx->store, c->store_timeout_ms);
	/* What waits in the spool is older: it goes first. */
	r = spool != NULL ? record_replay(ctx, spool) : 1;
	if (r < 0) {
		error_set(&b.err, "the store failed replaying the spool");
		rs->store_retry_us = now_us + 1000000;
		goto spool_all;
	}
	if (r == 0) {
		error_set(&b.err, "older events still wait in the spool");
		goto spool_all;
	}
	r = store_begin(ctx->store, wait ? c->store_timeout_ms : 0, &b.err);
	if (r == 0 && !wait)
		return 1;
	if (r <= 0) {
		if (r == 0)
			error_set(&b.err, "the store stayed locked for %ld ms", c->store_timeout_ms);
		rs->store_retry_us = now_us + 1000000;
		goto spool_all;
	}
	journal_walk(text, len, batch_add, &b);
	if (b.failed || store_commit(ctx->store, &b.err) < 0) {
		if (b.failed)
			store_rollback(ctx->store);
		log_warn("store: %s", b.err.message);
		rs->store_retry_us = now_us + 1000000;
		b.stored = b.duplicates = 0;
		goto spool_all;
	}
	if (b.refused_count > 0) {
		b.index = 0;
		journal_walk(text, len, batch_spool_refused, &b);
	}
	record_purge(ctx, now_us);
	goto done;
spool_all:
	b.index = 0;
	journal_walk(text, len, batch_spool_all, &b);
	if (b.spooled > 0)
		log_info("%s: %ld event(s) spooled in %s: %s", ctx->hook_name, b.spooled,
		    spool_dir(b.spool), b.err.message);
done:
	free(b.refused);
	return b.lost > 0 ? -1 : 0;
}


/* A journal a process began to make and never named: it died before its
 * first event, so the file holds none. It goes once nobody holds it and it
 * is a minute old (its maker may be between making and locking it). */
static void
journal_forget_making(const struct safedir *folder, const char *name)
{
	struct stat st;
	int fd;

	if (safefile_stat(folder, name, &st) < 0 || !S_ISREG(st.st_mode) ||
	    time(NULL) - st.st_mtime < JOURNAL_MAKING_STALE_S)
		return;
	if ((fd = safefile_open(folder, name, O_RDONLY, 0, NULL, &(struct error){ 0 })) < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		(void)safefile_unlink(folder, name, &(struct error){ 0 });
	close(fd);
}

/* The journals of processes that died: each stored in one transaction,
 * as its process would have, and removed once all of it is recorded. */
static void
record_recover(struct hook_context *ctx, struct spool *spool)
{
	const struct journal *own = &record_state.journal;
	const struct safedir *folder = spool_safedir(spool);
	struct error err;
	struct dirent *d;
	struct stat st;
	char path[4096], *text;
	DIR *dir;
	ssize_t n;
	size_t got;
	int fd;

	if ((fd = openat(folder->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, JOURNAL_MAKING "journal-", sizeof(JOURNAL_MAKING) + 7) == 0) {
			journal_forget_making(folder, d->d_name);
			continue;
		}
		if (strncmp(d->d_name, "journal-", 8) != 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", spool_dir(spool), d->d_name) >=
		    sizeof(path) || (own->path != NULL && strcmp(path, own->path) == 0))
			continue;
		memset(&err, 0, sizeof(err));
		if ((fd = safefile_open(folder, d->d_name, O_RDONLY, 0, NULL, &err)) < 0) {
			if (errno != ENOENT)
				log_warn("journal: %s", err.message);
			continue;
		}
		/* Held: its process is alive and stores its events itself. */
		if (flock(fd, LOCK_EX | LOCK_NB) < 0 || fstat(fd, &st) < 0 ||
		    st.st_size > JOURNAL_BYTES || (text = malloc((size_t)st.st_size + 1)) == NULL) {
			close(fd);
			continue;
		}
		for (got = 0; got < (size_t)st.st_size; got += (size_t)n)
			if ((n = pread(fd, text + got, (size_t)st.st_size - got, (off_t)got)) <= 0)
				break;
		if (got == (size_t)st.st_size && record_batch(ctx, spool, text, got, 1) == 0) {
			(void)safefile_unlink(folder, d->d_name, &err);
			log_info("journal %s of a process that stopped: its events are recorded",
			    path);
		}
		free(text);
		close(fd);
	}
	closedir(dir);
}

int
hook_record_flush(struct hook_context *ctx, int wait)
{
	struct record_state *rs = &record_state;
	struct journal *j = &rs->journal;
	struct spool *spool;
	int64_t now_us = util_monotonic_us();
	int r = 0;

	if (rs->replay_due) {
		rs->replay_due = 0;
		/* Which stores what the spool holds. */
		if (hook_store(ctx) != NULL)
			record_purge(ctx, now_us);
	}
	spool = record_spool(ctx->config, now_us);
	if (spool != NULL && now_us >= rs->journal_scan_us && ctx->store != NULL) {
		rs->journal_scan_us = now_us + JOURNAL_SCAN_US;
		record_recover(ctx, spool);
	}
	if (j->fd >= 0 && j->count > 0) {
		if ((r = record_batch(ctx, spool, j->map, j->end, wait)) == 1)
			return 0;	/* another process is writing: the next request tries */
		journal_reset(j);
	}
	ctx->deferred = 0;
	return r < 0 ? -1 : 0;
}

/* spool_dir was changed while this process kept a journal in the old
 * folder: what waits there is stored (or spooled in the new folder), and
 * the next journal is made in the new one, where the other processes look
 * for the journals of processes that stopped. */
static void
journal_follow(struct hook_context *ctx, const struct spool *spool)
{
	struct journal *j = &record_state.journal;

	if (j->fd < 0 || spool == NULL || strcmp(j->folder.path, spool_dir(spool)) == 0)
		return;
	if (j->count > 0)
		hook_record_flush(ctx, 1);
	if (j->count == 0) {
		log_info("journal: the spool folder is now %s; %s is removed", spool_dir(spool),
		    j->path);
		journal_close(j, 1);
	}
}

int
hook_record(struct hook_context *ctx, const struct event *ev, int *duplicate, struct error *err)
{
	struct form redacted = { 0 };
	struct event keyed;
	struct journal *j;
	struct spool *spool;
	char key[STORE_EVENT_KEY_LEN + 1], *found = NULL;
	int64_t now_us;
	int rc = -1;

	if (duplicate != NULL)
		*duplicate = 0;
	if (record_prepare(ctx, ev, &keyed, key, &redacted, &found, err) < 0)
		goto out;
	now_us = util_monotonic_us();
	if (ctx->defer) {
		spool = record_spool(ctx->config, now_us);
		journal_follow(ctx, spool);
		j = journal_get(spool, ctx->hook_name, now_us);
	} else
		j = NULL;
	if (j != NULL) {
		rc = journal_append(j, &keyed);
		/* A group's answers wait for its flush: not done here. */
		if (rc < 0 && j->count > 0 && !ctx->durable) {
			/* Full: store what waits, and there is room. */
			hook_record_flush(ctx, 1);
			rc = journal_append(j, &keyed);
		}
		if (rc == 0) {
			if (ctx->deferred++ == 0)
				ctx->deferred_since_us = now_us;
			goto out;
		}
		/* Larger than the journal: recorded before the answer. */
	}
	rc = record_now(ctx, &keyed, duplicate, err);
out:
	form_free(&redacted);
	free(found);
	return rc;
}
