/* hooks: what every hook handler shares: filling an event from a request,
 * and recording it in the store or, when the store cannot take it in time,
 * in the spool (replayed into the store later, in order). */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/hooks.h"
#include "proxyhooks/log.h"
#include "proxyhooks/spool.h"
#include "proxyhooks/util.h"

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

/* What hook_record keeps from one request to the next in this process. */
struct record_state {
	char         *spool_dir;	/* the folder spool was opened on */
	struct spool *spool;
	int64_t       spool_retry_us;	/* after a spool that failed to open */
	int64_t       store_retry_us;	/* after a store failure: spool until then */
	int64_t       purge_next_us;	/* the next look for events past retain_days */
};

static struct record_state record_state;

/* The spool for this configuration, opened once; NULL (logged) when the
 * folder cannot be made. */
static struct spool *
record_spool(const struct config *config, int64_t now_us)
{
	struct record_state *rs = &record_state;
	struct error err = { 0 };
	char *dir;

	if ((dir = spool_dir_for(config->spool_dir, config->database)) == NULL)
		return NULL;
	if (rs->spool_dir == NULL || strcmp(rs->spool_dir, dir) != 0) {
		spool_close(rs->spool);
		rs->spool = NULL;
		free(rs->spool_dir);
		rs->spool_dir = dir;
		rs->spool_retry_us = 0;
	} else
		free(dir);
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

	if (!spool_pending(spool))
		return 1;
	if (spool_replay(spool, ctx->store, 0, budget, &stats, &err) < 0) {
		log_warn("spool: replay stopped: %s", err.message);
		return -1;
	}
	if (stats.replayed > 0 || stats.duplicates > 0 || stats.rejected > 0)
		log_info("spool: replayed %ld event(s) into the store (%ld already there, %ld "
		    "refused)%s", stats.replayed, stats.duplicates, stats.rejected,
		    stats.more ? "; more wait" : "");
	return !stats.busy && !stats.more;
}

int
hook_record(struct hook_context *ctx, const struct event *ev, int *duplicate, struct error *err)
{
	struct record_state *rs = &record_state;
	const struct config *c = ctx->config;
	struct error store_err = { 0 }, spool_err = { 0 };
	struct form redacted = { 0 };
	struct spool *spool;
	struct event keyed;
	char key[STORE_EVENT_KEY_LEN + 1];
	int64_t now_us = util_monotonic_us();
	int count, r, rc = -1;

	if (duplicate != NULL)
		*duplicate = 0;
	keyed = *ev;
	/* The key is made once, so that a store that took the event but answered
	 * too late and the spool's copy are known to be one event. */
	if (keyed.event_key == NULL) {
		if (store_event_key(key, sizeof(key), err) < 0)
			return -1;
		keyed.event_key = key;
	}
	if (c->redact_bodies && keyed.params != NULL) {
		if (store_redact_form(keyed.params, &redacted, &count, err) < 0)
			return -1;
		keyed.params = &redacted;
	}
	spool = record_spool(c, now_us);
	if (ctx->store == NULL)
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
		else if ((r = store_event_add(ctx->store, &keyed, duplicate, &store_err)) == 0) {
			record_purge(ctx, now_us);
			rc = 0;
			goto out;
		} else {
			log_warn("store: %s", store_err.message);
			if (r != STORE_REFUSED)
				rs->store_retry_us = now_us + 1000000;
		}
	}
	if (spool == NULL) {
		error_set(err, "%s event not recorded: %s, and there is no spool", keyed.hook,
		    store_err.message);
		goto out;
	}
	if (spool_append(spool, &keyed, &spool_err) < 0) {
		error_set(err, "%s event not recorded: %s; and the spool failed: %s", keyed.hook,
		    store_err.message, spool_err.message);
		goto out;
	}
	log_info("%s: event %s spooled in %s: %s", keyed.hook, keyed.event_key, spool_dir(spool),
	    store_err.message);
	rc = 0;
out:
	form_free(&redacted);
	return rc;
}
