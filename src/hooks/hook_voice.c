/* proxyhooks-voice: the Voice URL of the numbers that are Conversations
 * proxy addresses. A caller (From) calls a proxy address (To): the call is
 * connected to the other participant of the conversation in which From is
 * bound to To, with that participant's proxy address as the caller ID, so
 * that each side sees only Twilio numbers. The policy decides first (type
 * voice); a caller bound to no conversation hears the out-of-session
 * answer. The call's status callback, posted to the same URL, is recorded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/hooks/decide.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/web/twiml.h"
#include "proxyhooks/base/util.h"

/* The conversation a call belongs to: the caller's participant and the
 * other one's binding, copied out of the store's buffers. */
struct call_match {
	char caller_sid[40];
	char conversation_sid[40];
	char other_sid[40];
	char other_address[64];
	char other_proxy[64];
};

struct other_search {
	struct call_match *m;
};

static int
other_participant(void *arg, const struct participant *p)
{
	struct call_match *m = ((struct other_search *)arg)->m;

	if (strcmp(p->sid, m->caller_sid) == 0 || p->number == NULL || p->proxy_number == NULL ||
	    util_e164(p->number, m->other_address, sizeof(m->other_address)) < 0)
		return 0;
	util_copy(m->other_sid, sizeof(m->other_sid), p->sid);
	util_copy(m->other_proxy, sizeof(m->other_proxy), p->proxy_number);
	return 1;
}

/* Find the conversation in which from is bound to to, from the directory:
 * 1 found (m filled), 0 none, -1 the store failed (logged). */
static int
call_find(struct hook_context *ctx, const char *from, const char *to, struct call_match *m)
{
	struct participant p;
	struct other_search search = { m };
	struct error err = { 0 };
	int r;

	memset(m, 0, sizeof(*m));
	if (hook_store(ctx) == NULL)
		return -1;
	if ((r = store_participant_by_binding(ctx->store, from, to, &p, &err)) <= 0) {
		if (r < 0)
			log_error("voice: the directory: %s", err.message);
		return r;
	}
	util_copy(m->caller_sid, sizeof(m->caller_sid), p.sid);
	if (p.session_sid == NULL)
		return 0;
	util_copy(m->conversation_sid, sizeof(m->conversation_sid), p.session_sid);
	if (store_participants(ctx->store, m->conversation_sid, other_participant, &search,
	    &err) < 0) {
		log_error("voice: the directory: %s", err.message);
		return -1;
	}
	return m->other_sid[0] != '\0';
}

/* A status callback, not a call to answer: Twilio asks the Voice URL while
 * the call rings; what it posts afterwards reports how the call ended. */
static int
is_status_callback(const char *status)
{
	return status != NULL && strcmp(status, "ringing") != 0 && strcmp(status, "queued") != 0 &&
	    strcmp(status, "in-progress") != 0;
}

static int
voice_init(struct hook_context *ctx, struct error *err)
{
	twiml_init();
	return decider_hook_init(ctx, NULL, err);
}

/* The TwiML of a call: blocked, connected, or out of session. */
static int
voice_answer(struct twiml *doc, const struct config *c, const struct request *req,
    const struct call_match *m, int found, int block, struct error *err)
{
	struct oos_settings o;

	if (block) {
		/* <Reject/> first: Twilio never answers the call, and the caller
		 * is not charged; a configured text is said instead. */
		if (c->voice_block_say != NULL)
			return twiml_say(doc, c->voice_block_say, NULL, NULL, 0, err) < 0 ? -1 :
			    twiml_hangup(doc, err);
		return twiml_reject(doc, c->voice_block_reject, err);
	}
	if (found)
		return twiml_dial_number(doc, m->other_address, m->other_proxy, err);
	config_oos_for(c, form_get(&req->form, "To"), &o);
	return hook_oos_voice_twiml(doc, &o, &req->form, err);
}

static int
voice_handle(struct hook_context *ctx, const struct request *req, struct response *resp,
    struct error *err)
{
	static const char *const required[] = { "CallSid", "From", "To", NULL };
	const struct config *c = ctx->config;
	const struct form *form = &req->form;
	const char *missing;
	struct policy_input in;
	struct call_match m;
	struct verdict verdict;
	struct twiml *doc = NULL;
	struct event ev;
	struct error record = { 0 };
	char from[32], to[32], text[80];
	int found = 0, block = 0, duplicate, rc = -1;

	if ((missing = hook_missing_field(form, required)) != NULL) {
		snprintf(text, sizeof(text), "missing field %s\n", missing);
		return response_text(resp, 400, text);
	}
	hook_event_init(&ev, ctx, req);
	if (is_status_callback(form_get(form, "CallStatus"))) {
		/* Answered 2xx means recorded, as for the callback. */
		if (hook_record(ctx, &ev, &duplicate, err) < 0)
			return -1;
		return response_text(resp, 200, NULL);
	}
	memset(&in, 0, sizeof(in));
	memset(&m, 0, sizeof(m));
	if (util_e164(form_get(form, "From"), from, sizeof(from)) == 0 &&
	    util_e164(form_get(form, "To"), to, sizeof(to)) == 0) {
		in.from = from;
		found = call_find(ctx, from, to, &m);
		/* Not in the directory: Twilio's API, when configured, then the
		 * directory again. */
		if (found == 0 && decider_lookup_call(ctx->state, ctx, from, to) == 1)
			found = call_find(ctx, from, to, &m);
		found = found == 1;
	}
	if (m.caller_sid[0] != '\0') {
		in.participant_sid = m.caller_sid;
		ev.participant_sid = m.caller_sid;
	}
	if (m.conversation_sid[0] != '\0') {
		in.session_sid = m.conversation_sid;
		ev.session_sid = m.conversation_sid;
	}
	if (found)
		in.to = m.other_address;
	in.at_ms = req->received_ms;
	decide_call(ctx->state, ctx, &in, &verdict);
	if (verdict.failed)
		block = c->intercept_fail_closed && c->intercept_mode == INTERCEPT_ENFORCE;
	else
		block = verdict.block && c->intercept_mode == INTERCEPT_ENFORCE;

	if ((doc = twiml_new()) == NULL) {
		error_set(err, "out of memory");
		goto out;
	}
	if (voice_answer(doc, c, req, &m, found, block, err) < 0 ||
	    twiml_render(doc, &resp->body, &resp->body_len, err) < 0)
		goto out;
	resp->status = 200;
	resp->content_type = "application/xml";

	if (verdict.failed)
		ev.decision = block ? "error-block" : "error-allow";
	else if (verdict.block)
		ev.decision = block ? "block" : "would-block";
	else
		ev.decision = "allow";
	ev.rule = verdict.rule[0] != '\0' ? verdict.rule : NULL;
	ev.found = verdict.found[0] != '\0' ? verdict.found : NULL;
	ev.decision_us = verdict.took_us;
	ev.response = resp->body;
	if (hook_record(ctx, &ev, &duplicate, &record) < 0)
		log_error("voice: %s", record.message);
	if (block)
		log_info("voice: blocked %s: %s", ev.interaction_sid ? ev.interaction_sid : "?",
		    ev.rule ? ev.rule : ev.decision);
	else if (!found)
		log_info("voice: %s calls %s: bound in no conversation known here: out-of-session "
		    "answer", from, to);
	rc = 0;
out:
	twiml_free(doc);
	return rc;
}

const struct hook hook_voice = {
	.name = "voice",
	.unsigned_status = 403,
	.needs_signature = 1,
	.init = voice_init,
	.handle = voice_handle,
	.fini = decider_hook_fini,
	.flush = hook_record_flush,	/* a call's answer first, recorded after it under load */
};
