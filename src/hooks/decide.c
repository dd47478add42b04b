/* decide: the policy applied to a webhook request. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxyhooks/hooks/decide.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/web/interaction.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/store/lookup.h"
#include "proxyhooks/policy/detect.h"
#include "proxyhooks/policy/policy.h"
#include "proxyhooks/base/util.h"

/* SIDs whose unknown number was already logged: an operator hears of each
 * once, not at every interaction. A small ring is enough for that. */
#define LOGGED_RING 256

/* Sessions whose participants were fetched lately: a session whose other
 * participant Twilio does not know is not asked for again at every
 * interaction. Direct-mapped by a hash of the SID. */
#define SESSION_SLOTS 64
#define SESSION_RETRY_US (60 * 1000000LL)

/* The two numbers of a session as the directory gave them, by session and
 * inbound participant, a number it did not have included: the query costs
 * a read transaction (locks, and page reads after any other process's
 * commit) at every interaction, and an interaction of a participant the
 * directory does not hold (Twilio's Proxy sessions made elsewhere) would
 * pay it every time. What is kept is good while the directory's version
 * stays the same (store_directory_version: a change on this machine shows
 * at once), and for directory_cache_seconds at most (another machine's,
 * on PostgreSQL); a store that cannot tell its version keeps only complete
 * answers. Direct-mapped by a hash. */
#define KNOWN_SLOTS 512

struct known_numbers {
	char     session_sid[35];
	char     participant_sid[35];
	char     from[32];	/* "": the directory did not have it */
	char     to[32];
	int64_t  at_us;
	uint64_t version;	/* the directory's when read; 0: good only if complete */
};

struct decider {
	struct policy_watch *watch;	/* NULL: no policy_file, everything allowed */
	struct lookup       *lookup;	/* NULL: no Twilio credentials configured */
	char                 logged[LOGGED_RING][35];
	size_t               logged_next;
	struct {
		char    sid[35];
		int64_t at_us;
	}                    fetched[SESSION_SLOTS];
	int64_t              known_for_us;	/* 0: nothing kept */
	/* Made when first used: with SQLite, what is kept is shared instead
	 * (ctx->shared), and a CGI request would only clear its pages. */
	struct known_numbers *known;
};

struct counting {
	struct hook_context *ctx;
	const char          *key;	/* the request's idempotency token, or NULL */
};

int
decider_new(const struct config *config, struct decider **out, struct error *err)
{
	struct decider *d;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		error_set(err, "out of memory");
		return -1;
	}
	if (config->policy_file != NULL &&
	    (d->watch = policy_watch_new(config->policy_file, config->cache_dir)) == NULL) {
		error_set(err, "out of memory");
		goto fail;
	}
	if (lookup_new(config, &d->lookup, err) < 0)
		goto fail;
	d->known_for_us = config->directory_cache_seconds * 1000000LL;
	*out = d;
	return 0;
fail:
	decider_free(d);
	return -1;
}

void
decider_free(struct decider *d)
{
	if (d == NULL)
		return;
	policy_watch_free(d->watch);
	lookup_free(d->lookup);
	free(d->known);
	free(d);
}

int
decider_hook_init(struct hook_context *ctx, const char *what, struct error *err)
{
	struct decider *decider;

	if (decider_new(ctx->config, &decider, err) < 0)
		return -1;
	if (what != NULL && ctx->config->policy_file == NULL)
		log_warn("%s: no policy_file in %s: %s is allowed", ctx->hook_name,
		    ctx->config->path ? ctx->config->path : "the configuration", what);
	ctx->state = decider;
	return 0;
}

void
decider_hook_fini(struct hook_context *ctx)
{
	decider_free(ctx->state);
	ctx->state = NULL;
}

int64_t
decider_policy_loaded_ms(const struct decider *d)
{
	return d->watch != NULL ? policy_watch_loaded_ms(d->watch) : 0;
}

const char *
decider_policy_error(const struct decider *d)
{
	return d->watch != NULL ? policy_watch_last_error(d->watch) : NULL;
}

/* 1 the first time sid is seen here (so log it), 0 after. */
static int
first_time(struct decider *d, const char *sid)
{
	size_t i;

	for (i = 0; i < LOGGED_RING; i++)
		if (strcmp(d->logged[i], sid) == 0)
			return 0;
	util_copy(d->logged[d->logged_next], sizeof(d->logged[0]), sid);
	d->logged_next = (d->logged_next + 1) % LOGGED_RING;
	return 1;
}

static int
count_events(void *arg, const char *by, const char *value, int64_t since_ms, int64_t *out)
{
	struct counting *c = arg;
	struct error err = { 0 };

	if (hook_store(c->ctx) == NULL)
		return -1;
	if (store_event_count(c->ctx->store, c->ctx->hook_name,
	    strcmp(by, "session") == 0 ? "session_sid" : "participant_sid", value, since_ms, out,
	    &err) < 0) {
		log_error("%s: counting for a limit rule: %s", c->ctx->hook_name, err.message);
		return -1;
	}
	return 0;
}

/* Across messages: a participant's earlier digit runs, from the store. */
struct runs_read {
	char   (*runs)[DETECT_RUNS_MAX];
	size_t   max, count;
};

static int
runs_row(void *arg, int64_t at_ms, const char *runs)
{
	struct runs_read *r = arg;

	(void)at_ms;
	if (r->count < r->max)
		util_copy(r->runs[r->count++], DETECT_RUNS_MAX, runs);
	return r->count == r->max;
}

static int
recent_runs(void *arg, const char *participant_sid, const char *session_sid, int64_t since_ms,
    int64_t until_ms, size_t max, char (*runs)[DETECT_RUNS_MAX], size_t *count)
{
	struct counting *c = arg;
	struct runs_read r = { runs, max, 0 };
	struct error err = { 0 };

	*count = 0;
	if (hook_store(c->ctx) == NULL)
		return -1;
	if (store_runs_recent(c->ctx->store, participant_sid, session_sid, since_ms, until_ms,
	    c->key, (long)max, runs_row, &r, &err) < 0) {
		log_error("%s: reading earlier messages for an across rule: %s", c->ctx->hook_name,
		    err.message);
		return -1;
	}
	*count = r.count;
	return 0;
}

/* Keep this message's digit runs (never its text) for the across rules of
 * the messages after it, as long as the longest `within`; key (Twilio's
 * idempotency token) keeps a message delivered again once. */
static void
keep_runs(struct hook_context *ctx, const struct policy *policy, const struct policy_input *in,
    const char *key)
{
	char runs[DETECT_RUNS_MAX];
	struct error err = { 0 };
	int64_t keep_ms = policy_across_ms(policy);

	if (keep_ms == 0 || in->participant_sid == NULL || in->session_sid == NULL ||
	    in->type == NULL || strcasecmp(in->type, "message") != 0 || hook_store(ctx) == NULL)
		return;
	runs[0] = '\0';
	if (in->body != NULL)
		detect_runs(in->body, in->body_len, runs, sizeof(runs));
	if (store_runs_add(ctx->store, in->participant_sid, in->session_sid, in->at_ms, runs, key,
	    in->at_ms - keep_ms, &err) < 0)
		log_error("%s: the digit runs of a message of %s not kept: %s", ctx->hook_name,
		    in->participant_sid, err.message);
}

/* The numbers of a session's participants: the inbound one's and the
 * first other's. */
struct session_numbers {
	const char *inbound_sid;
	char        from[32];
	char        to[32];
};

static int
session_number(void *arg, const struct participant *p)
{
	struct session_numbers *o = arg;

	if (strcmp(p->sid, o->inbound_sid) == 0)
		util_copy(o->from, sizeof(o->from), p->number);
	else if (o->to[0] == '\0')
		util_copy(o->to, sizeof(o->to), p->number);
	return 0;
}

/* A hash of sid carried on from h: the slots of fetched[] and known[]. */
static size_t
sid_hash(size_t h, const char *sid)
{
	const char *c;

	for (c = sid; *c != '\0'; c++)
		h = h * 31 + (unsigned char)*c;
	return h;
}

static struct known_numbers *
known_slot(struct decider *d, const char *session_sid, const char *participant_sid)
{
	if (d->known == NULL && (d->known = calloc(KNOWN_SLOTS, sizeof(*d->known))) == NULL)
		return NULL;
	return &d->known[sid_hash(sid_hash(0, session_sid), participant_sid) % KNOWN_SLOTS];
}

/* The numbers behind the inbound participant and the other participant of
 * the session, from the directory: one query for the session's
 * participants, which holds both as a rule (each query costs locks and
 * page reads at every interaction). fresh: not from what this worker
 * kept (the directory was just filled from Twilio). */
static void
numbers_from_directory(struct decider *d, struct hook_context *ctx, const char *session_sid,
    const char *participant_sid, char *from, char *to, size_t len, int fresh)
{
	struct participant p;
	struct session_numbers found;
	struct known_numbers *k = NULL;
	struct error err = { 0 };
	struct store *store;
	uint64_t version = 0;
	int64_t now_us = 0;
	int failed = 0, shared = 0;

	if (from[0] != '\0' && to[0] != '\0')
		return;
	/* What the directory says, kept apart from what the caller already
	 * has (a number posted with the request wins over it). */
	memset(&found, 0, sizeof(found));
	found.inbound_sid = participant_sid;
	/* Kept for every process of a SQLite database (a CGI request
	 * answered from it opens no database), else for this one. The first
	 * store opened on a database makes the shared file. */
	if (session_sid != NULL && d->known_for_us > 0 && ctx->shared == NULL)
		(void)hook_store(ctx);
	if (session_sid != NULL && d->known_for_us > 0 && ctx->shared != NULL) {
		version = store_shared_version(ctx->shared);
		if (!fresh && store_shared_numbers_get(ctx->shared, session_sid, participant_sid,
		    version, d->known_for_us / 1000, found.from, found.to))
			goto merge;
		shared = 1;
	} else if (session_sid != NULL && d->known_for_us > 0 &&
	    strlen(session_sid) < sizeof(k->session_sid) &&
	    strlen(participant_sid) < sizeof(k->participant_sid) && ctx->store != NULL) {
		k = known_slot(d, session_sid, participant_sid);
		now_us = util_monotonic_us();
		if (k == NULL)
			goto read;	/* out of memory: nothing kept */
		version = store_directory_version(ctx->store);
		if (!fresh && k->at_us != 0 && now_us - k->at_us < d->known_for_us &&
		    (k->version != 0 ? k->version == version : k->from[0] != '\0' && k->to[0] != '\0') &&
		    strcmp(k->session_sid, session_sid) == 0 &&
		    strcmp(k->participant_sid, participant_sid) == 0) {
			util_copy(found.from, sizeof(found.from), k->from);
			util_copy(found.to, sizeof(found.to), k->to);
			goto merge;
		}
	}
read:
	if ((store = hook_store(ctx)) == NULL)
		goto merge;
	if (session_sid != NULL && store_participants(store, session_sid, session_number, &found,
	    &err) < 0)
		failed = 1;
	/* Known, but not as a participant of this session. */
	if (found.from[0] == '\0') {
		int r = store_participant_get(store, participant_sid, &p, &err);

		if (r == 1)
			util_copy(found.from, sizeof(found.from), p.number);
		else if (r < 0)
			failed = 1;
	}
	/* A failed read says nothing about the directory: not kept. */
	if (shared && !failed)
		store_shared_numbers_put(ctx->shared, session_sid, participant_sid, version,
		    found.from, found.to);
	else if (k != NULL && !failed &&
	    (version != 0 || (found.from[0] != '\0' && found.to[0] != '\0'))) {
		util_copy(k->session_sid, sizeof(k->session_sid), session_sid);
		util_copy(k->participant_sid, sizeof(k->participant_sid), participant_sid);
		util_copy(k->from, sizeof(k->from), found.from);
		util_copy(k->to, sizeof(k->to), found.to);
		k->at_us = now_us;
		k->version = version;
	}
merge:
	if (from[0] == '\0')
		util_copy(from, len, found.from);
	if (to[0] == '\0')
		util_copy(to, len, found.to);
}

/* The numbers for the policy: from the directory, else (when configured)
 * from Twilio, which fills the directory for the whole session. */
static void
numbers_for(struct decider *d, struct hook_context *ctx, const char *service_sid,
    const char *session_sid, const char *participant_sid, char *from, char *to, size_t len)
{
	size_t slot;
	int64_t now_us;

	from[0] = to[0] = '\0';
	if (!hook_store_configured(ctx) || participant_sid == NULL)
		return;
	numbers_from_directory(d, ctx, session_sid, participant_sid, from, to, len, 0);
	if ((from[0] != '\0' && to[0] != '\0') || d->lookup == NULL || service_sid == NULL ||
	    session_sid == NULL)
		return;
	/* The inbound number unknown: always ask (the lookup has its own miss
	 * cache). Only the other one unknown: at most once a minute a session. */
	slot = sid_hash(0, session_sid) % SESSION_SLOTS;
	now_us = util_monotonic_us();
	if (from[0] != '\0' && strcmp(d->fetched[slot].sid, session_sid) == 0 &&
	    now_us - d->fetched[slot].at_us < SESSION_RETRY_US)
		return;
	util_copy(d->fetched[slot].sid, sizeof(d->fetched[slot].sid), session_sid);
	d->fetched[slot].at_us = now_us;
	if (hook_store(ctx) != NULL &&
	    lookup_session(d->lookup, ctx->store, service_sid, session_sid, participant_sid) == 1)
		numbers_from_directory(d, ctx, session_sid, participant_sid, from, to, len, 1);
}

/* out->rule = "FILE:LINE: TEXT", cut short when it does not fit (what
 * snprintf would write, without parsing a format at every decision). */
static void
verdict_rule_set(struct verdict *out, const char *file, unsigned line, const char *text)
{
	char digits[16];
	size_t d = sizeof(digits) - 1;

	digits[d] = '\0';
	do
		digits[--d] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	util_copy(out->rule, sizeof(out->rule), file);
	util_append(out->rule, sizeof(out->rule), ":");
	util_append(out->rule, sizeof(out->rule), digits + d);
	util_append(out->rule, sizeof(out->rule), ": ");
	util_append(out->rule, sizeof(out->rule), text);
}

static void
verdict_rule(struct verdict *out, const struct policy *policy, const struct policy_decision *pd)
{
	unsigned line;
	const char *text;
	int block;

	if (pd->matched)
		verdict_rule_set(out, pd->file, pd->line, pd->text);
	else if (policy_default(policy, &line, &text, &block))
		verdict_rule_set(out, pd->file ? pd->file : "policy", line, text);
}

/* Decide in with policy (the one in force, NULL when none could be
 * loaded: why is in policy_err); fills out. key: the request's idempotency
 * token, NULL for none. */
static void
decide(struct decider *d, struct hook_context *ctx, const struct policy *policy,
    const struct error *policy_err, struct policy_input *in, const char *key,
    struct verdict *out, int64_t started_us)
{
	struct policy_decision pd;
	struct counting counting = { ctx, key };
	struct error err = { 0 };

	in->count = count_events;
	in->count_arg = &counting;
	in->runs = recent_runs;
	in->runs_arg = &counting;
	if (policy == NULL) {
		log_error("%s: no policy in force: %s", ctx->hook_name, policy_err->message);
		out->failed = 1;
		goto out;
	}
	memset(&pd, 0, sizeof(pd));
	if (policy_decide(policy, in, &pd, &err) < 0) {
		log_error("%s: deciding: %s", ctx->hook_name, err.message);
		out->failed = 1;
		goto out;
	}
	out->block = pd.block;
	out->redact = pd.redact;
	verdict_rule(out, policy, &pd);
	keep_runs(ctx, policy, in, key);
	util_copy(out->found, sizeof(out->found), pd.found);
	if ((pd.needed_from || pd.needed_to) && in->participant_sid != NULL &&
	    first_time(d, in->participant_sid))
		log_info("%s: the number of %s%s is unknown: number rules did not apply (add it with "
		    "'proxyhooks participants add')", ctx->hook_name,
		    pd.needed_from ? in->participant_sid : "the other participant of ",
		    pd.needed_from ? "" : (in->session_sid ? in->session_sid : "the session"));
out:
	/* counting lives on this stack: in must not point at it any more. */
	in->count = NULL;
	in->count_arg = NULL;
	in->runs = NULL;
	in->runs_arg = NULL;
	out->took_us = util_monotonic_us() - started_us;
}

void
decide_interaction(struct decider *d, struct hook_context *ctx, const struct request *req,
    struct verdict *out)
{
	const struct form *form = &req->form;
	const struct policy *policy;
	struct policy_input in;
	struct error err = { 0 }, policy_err = { 0 };
	const char *data, *media;
	char from[32], to[32], *body = NULL;
	size_t body_len = 0;
	int64_t started = util_monotonic_us();
	long n;

	memset(out, 0, sizeof(*out));
	if (d->watch == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.participant_sid = form_get(form, "inboundParticipantSid");
	in.session_sid = form_get(form, "interactionSessionSid");
	in.service_sid = form_get(form, "interactionServiceSid");
	in.type = form_get(form, "interactionType");
	in.at_ms = req->received_ms;
	data = form_get(form, "interactionData");
	if (data != NULL && *data != '\0') {
		if (interaction_body(data, strlen(data), &body, &body_len, &err) < 0)
			log_info("intercept: interactionData of %s: %s: body rules did not apply",
			    form_get(form, "interactionSid") ? form_get(form, "interactionSid") : "?",
			    err.message);
	}
	in.body = body;
	in.body_len = body_len;
	media = form_get(form, "interactionNumMedia");
	in.media = media != NULL && util_parse_long(media, 1, 1000, &n) == 0;
	/* Looked at once a request: each look stats the policy and its lists. */
	policy = policy_watch_get(d->watch, &policy_err);
	if (policy != NULL && policy_needs_numbers(policy)) {
		numbers_for(d, ctx, in.service_sid, in.session_sid, in.participant_sid, from, to,
		    sizeof(from));
		in.from = from[0] ? from : NULL;
		in.to = to[0] ? to : NULL;
	}
	decide(d, ctx, policy, &policy_err, &in, req->idempotency_token, out, started);
	free(body);
}

/* The number of a posted address, when it is a phone number. */
static const char *
posted_number(const struct form *form, const char *name, char *out, size_t len)
{
	const char *v = form_get(form, name);

	return v != NULL && util_e164(v, out, len) == 0 ? out : NULL;
}

void
decide_out_of_session(struct decider *d, struct hook_context *ctx, const struct request *req,
    struct verdict *out)
{
	const struct form *form = &req->form;
	const struct policy *policy;
	struct policy_input in;
	struct error policy_err = { 0 };
	const char *v;
	char from[32], to[32];
	int64_t started = util_monotonic_us();
	long n;

	memset(out, 0, sizeof(*out));
	if (d->watch == NULL)
		return;
	memset(&in, 0, sizeof(in));
	in.from = posted_number(form, "From", from, sizeof(from));
	in.to = posted_number(form, "outboundParticipantIdentifier", to, sizeof(to));
	in.participant_sid = form_get(form, "inboundParticipantSid");
	in.session_sid = form_get(form, "sessionSid");
	in.service_sid = form_get(form, "sessionServiceSid");
	in.type = form_get(form, "CallSid") != NULL ? "voice" : "message";
	if ((in.body = form_get(form, "Body")) != NULL)
		in.body_len = strlen(in.body);
	v = form_get(form, "NumMedia");
	in.media = v != NULL && util_parse_long(v, 1, 1000, &n) == 0;
	in.at_ms = req->received_ms;
	policy = policy_watch_get(d->watch, &policy_err);
	decide(d, ctx, policy, &policy_err, &in, req->idempotency_token, out, started);
}

void
decide_conversation(struct decider *d, struct hook_context *ctx, const struct request *req,
    struct verdict *out)
{
	const struct form *form = &req->form;
	const struct policy *policy;
	struct policy_input in;
	struct error policy_err = { 0 };
	const char *event, *media;
	char posted[32], from[32], to[32];
	int64_t started = util_monotonic_us();

	memset(out, 0, sizeof(*out));
	if (d->watch == NULL)
		return;
	memset(&in, 0, sizeof(in));
	event = form_get(form, "EventType");
	in.participant_sid = form_get(form, "ParticipantSid");
	in.session_sid = form_get(form, "ConversationSid");
	in.service_sid = form_get(form, "ChatServiceSid");
	in.at_ms = req->received_ms;
	if (event != NULL && strncmp(event, "onMessage", 9) == 0) {
		in.type = "message";
		/* An SMS or WhatsApp author is its address. */
		in.from = posted_number(form, "Author", posted, sizeof(posted));
	} else
		in.from = posted_number(form, "MessagingBinding.Address", posted, sizeof(posted));
	if ((in.body = form_get(form, "Body")) == NULL)
		in.body = form_get(form, "MessageBody");	/* onConversationAdd's first message */
	if (in.body != NULL)
		in.body_len = strlen(in.body);
	media = form_get(form, "Media");
	in.media = media != NULL && *media != '\0' && strcmp(media, "[]") != 0;
	policy = policy_watch_get(d->watch, &policy_err);
	if (policy != NULL && policy_needs_numbers(policy) && hook_store_configured(ctx) &&
	    in.participant_sid != NULL && in.session_sid != NULL) {
		/* The participants of the conversation, as its post-action events
		 * put them in the directory. */
		from[0] = to[0] = '\0';
		if (in.from != NULL)
			util_copy(from, sizeof(from), in.from);
		numbers_from_directory(d, ctx, in.session_sid, in.participant_sid, from, to,
		    sizeof(from), 0);
		in.from = from[0] ? from : NULL;
		in.to = to[0] ? to : NULL;
	}
	decide(d, ctx, policy, &policy_err, &in, req->idempotency_token, out, started);
}

void
decide_call(struct decider *d, struct hook_context *ctx, struct policy_input *in,
    struct verdict *out)
{
	const struct policy *policy;
	struct error policy_err = { 0 };
	int64_t started = util_monotonic_us();

	memset(out, 0, sizeof(*out));
	if (d->watch == NULL)
		return;
	in->type = "voice";
	policy = policy_watch_get(d->watch, &policy_err);
	decide(d, ctx, policy, &policy_err, in, NULL, out, started);
}

int
decider_lookup_call(struct decider *d, struct hook_context *ctx, const char *from,
    const char *to)
{
	return lookup_call(d->lookup, d->lookup != NULL ? hook_store(ctx) : NULL, from, to);
}
