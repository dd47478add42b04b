/* proxyhooks-conversations: a Conversations Service's (or the account's)
 * pre-action and post-action webhook. Pre-action: Twilio waits for the
 * answer; 2xx lets the action happen, any other status rejects it. The
 * policy decides onMessageAdd, onMessageUpdate, onConversationAdd and
 * onParticipantAdd; a block is 403. Post-action: recorded once per
 * idempotency token, and the participants' bindings go into the
 * directory, which the policy's number rules and proxyhooks-voice read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proxyhooks/hooks/decide.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/policy/detect.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/base/util.h"

enum event_kind { EVENT_DECIDED, EVENT_PRE, EVENT_POST, EVENT_UNKNOWN };

/* Twilio's event names (its Conversations webhook documentation). */
static const char *const decided_events[] = { "onMessageAdd", "onMessageUpdate",
	"onConversationAdd", "onParticipantAdd", NULL };
static const char *const pre_events[] = { "onMessageRemove", "onConversationUpdate",
	"onConversationRemove", "onParticipantUpdate", "onParticipantRemove", "onUserUpdate",
	NULL };
static const char *const post_events[] = { "onMessageAdded", "onMessageUpdated",
	"onMessageRemoved", "onConversationAdded", "onConversationUpdated",
	"onConversationRemoved", "onConversationStateUpdated", "onParticipantAdded",
	"onParticipantUpdated", "onParticipantRemoved", "onDeliveryUpdated", "onUserAdded",
	"onUserUpdated", NULL };

static int
listed(const char *const *names, const char *name)
{
	for (; *names != NULL; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

static enum event_kind
event_kind(const char *event)
{
	if (listed(decided_events, event))
		return EVENT_DECIDED;
	if (listed(pre_events, event))
		return EVENT_PRE;
	if (listed(post_events, event))
		return EVENT_POST;
	return EVENT_UNKNOWN;
}

/* A binding's address as the directory keeps it: E.164 when it is a phone
 * number, else as posted (whatsapp:+1..., messenger:...). */
static const char *
address_of(const char *posted, char *out, size_t len)
{
	if (posted == NULL || *posted == '\0')
		return NULL;
	return util_e164(posted, out, len) == 0 ? out : posted;
}

/* Put the binding of the participant posted into the directory (or take
 * it out, for onParticipantRemoved). A chat participant (Identity, no
 * binding) is not a number: nothing to keep. */
static void
learn_binding(struct hook_context *ctx, const char *event, const struct form *form,
    int64_t now_ms)
{
	struct participant p;
	struct error err = { 0 };
	char number[32], proxy[32];

	if (hook_store(ctx) == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.sid = form_get(form, "ParticipantSid");
	if (!util_sid_valid(p.sid, "MB"))
		return;
	if (strcmp(event, "onParticipantRemoved") == 0) {
		if (store_participant_remove(ctx->store, p.sid, &err) < 0)
			log_error("conversations: participant %s not removed from the directory: %s",
			    p.sid, err.message);
		return;
	}
	p.number = address_of(form_get(form, "MessagingBinding.Address"), number, sizeof(number));
	p.proxy_number = address_of(form_get(form, "MessagingBinding.ProxyAddress"), proxy,
	    sizeof(proxy));
	if (p.number == NULL)
		return;
	p.session_sid = form_get(form, "ConversationSid");
	if (!util_sid_valid(p.session_sid, "CH"))
		p.session_sid = NULL;
	p.service_sid = form_get(form, "ChatServiceSid");
	if (!util_sid_valid(p.service_sid, "IS"))
		p.service_sid = NULL;
	p.updated_ms = now_ms;
	if (store_participant_put(ctx->store, &p, &err) < 0)
		log_error("conversations: participant %s not learned: %s", p.sid, err.message);
}

static int
conversations_init(struct hook_context *ctx, struct error *err)
{
	return decider_hook_init(ctx, "every action", err);
}

/* A message's body with each detail of the kinds masked, as the JSON a
 * 200 answer changes the message with ({"body": "..."}); NULL when out of
 * memory. */
static char *
redacted_json(const char *body, unsigned kinds, const char *mask)
{
	char *masked, *text;
	size_t len;
	json_t *obj;

	if ((masked = detect_redact(body, strlen(body), kinds, mask, &len)) == NULL)
		return NULL;
	obj = json_object();
	json_object_set_new(obj, "body", json_stringn(masked, len));
	text = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	free(masked);
	return text;
}

/* What a redact rule found, for the log: "phone +34612345678, ...". */
static void
found_text(const char *body, unsigned kinds, char *out, size_t size)
{
	struct detect_found found[4];
	char one[DETECT_VALUE_MAX + 16];
	size_t n, i;
	int kind;

	out[0] = '\0';
	for (kind = 0; kind < DETECT_KINDS; kind++) {
		if (!(kinds & DETECT_BIT(kind)))
			continue;
		n = detect_find((enum detect_kind)kind, body, strlen(body), found, 4);
		for (i = 0; i < n; i++) {
			detect_describe(&found[i], one, sizeof(one));
			if (out[0] != '\0')
				util_append(out, size, ", ");
			util_append(out, size, one);
		}
	}
}

/* A redact decision on a message: 200 with the masked body. */
static int
conversations_redact(struct hook_context *ctx, const struct request *req, struct event *ev,
    const char *body, unsigned kinds, struct response *resp)
{
	const struct config *c = ctx->config;
	struct error record = { 0 };
	char found[256];
	int duplicate;

	response_text(resp, 200, NULL);
	if ((resp->body = redacted_json(body, kinds, c->redact_mask)) == NULL) {
		log_error("conversations: out of memory masking a message: rejected");
		return response_text(resp, 503, "out of memory\n");
	}
	resp->body_len = strlen(resp->body);
	resp->content_type = "application/json";
	/* The answer keeps the rest of the text, which redact_bodies hides. */
	ev->response = c->redact_bodies ? "[redacted: the answer quoted the message]" : resp->body;
	if (hook_record(ctx, ev, &duplicate, &record) < 0)
		log_error("conversations: %s (decision %s for %s)", record.message, ev->decision,
		    ev->interaction_sid ? ev->interaction_sid : "?");
	found_text(body, kinds, found, sizeof(found));
	log_info("conversations: masked %s in %s in %s: %s", found[0] ? found : "a detail",
	    form_get(&req->form, "EventType"), ev->session_sid ? ev->session_sid : "?",
	    ev->rule ? ev->rule : ev->decision);
	return 0;
}

/* A pre-action the policy decides: 403 rejects it, 200 lets it happen, a
 * 200 with a JSON body changes the message (redact). */
static int
conversations_decide(struct hook_context *ctx, const struct request *req, struct event *ev,
    struct response *resp)
{
	const struct config *c = ctx->config;
	struct verdict verdict;
	struct error record = { 0 };
	const char *event = form_get(&req->form, "EventType"), *body;
	int block, duplicate, maskable;

	decide_conversation(ctx->state, ctx, req, &verdict);
	/* Only a message's body can be changed: elsewhere a redact rejects. */
	body = form_get(&req->form, "Body");
	maskable = verdict.redact != 0 && body != NULL && event != NULL &&
	    (strcmp(event, "onMessageAdd") == 0 || strcmp(event, "onMessageUpdate") == 0);
	if (verdict.failed) {
		/* Observing rejects nothing, not even on an error. */
		block = c->conversations_fail_closed && c->intercept_mode == INTERCEPT_ENFORCE;
		ev->decision = block ? "error-block" : "error-allow";
	} else if (verdict.block && c->intercept_mode == INTERCEPT_OBSERVE) {
		block = 0;
		ev->decision = maskable ? "would-redact" : "would-block";
	} else if (maskable) {
		block = 0;
		ev->decision = "redact";
	} else {
		block = verdict.block;
		ev->decision = block ? "block" : "allow";
	}
	ev->rule = verdict.rule[0] != '\0' ? verdict.rule : NULL;
	ev->found = verdict.found[0] != '\0' ? verdict.found : NULL;
	ev->decision_us = verdict.took_us;
	if (strcmp(ev->decision, "redact") == 0)
		return conversations_redact(ctx, req, ev, body, verdict.redact, resp);
	if (hook_record(ctx, ev, &duplicate, &record) < 0)
		log_error("conversations: %s (decision %s for %s)", record.message, ev->decision,
		    ev->interaction_sid ? ev->interaction_sid : "?");
	if (block) {
		log_info("conversations: rejected %s in %s: %s", form_get(&req->form, "EventType"),
		    ev->session_sid ? ev->session_sid : "?", ev->rule ? ev->rule : ev->decision);
		return response_text(resp, 403, "rejected by the policy\n");
	}
	return response_text(resp, 200, NULL);
}

static int
conversations_handle(struct hook_context *ctx, const struct request *req,
    struct response *resp, struct error *err)
{
	static const char *const in_conversation[] = { "ConversationSid", NULL };
	const struct form *form = &req->form;
	const char *event, *missing;
	enum event_kind kind;
	struct event ev;
	char text[160];
	int duplicate = 0;

	if ((event = form_get(form, "EventType")) == NULL || *event == '\0')
		return response_text(resp, 400, "missing field EventType\n");
	kind = event_kind(event);
	/* Every event but a conversation about to be made, and a user's, names
	 * its conversation. */
	if (kind != EVENT_UNKNOWN && strcmp(event, "onConversationAdd") != 0 &&
	    strncmp(event, "onUser", 6) != 0 &&
	    (missing = hook_missing_field(form, in_conversation)) != NULL) {
		snprintf(text, sizeof(text), "missing field %s\n", missing);
		return response_text(resp, 400, text);
	}
	hook_event_init(&ev, ctx, req);
	ev.session_sid = form_get(form, "ConversationSid");
	ev.participant_sid = form_get(form, "ParticipantSid");
	if (kind == EVENT_DECIDED)
		return conversations_decide(ctx, req, &ev, resp);
	if (kind == EVENT_POST)
		learn_binding(ctx, event, form, req->received_ms);
	/* Answered 2xx means recorded: without the store, Twilio hears a 5xx
	 * (a pre-action is then rejected, a post-action sent again). */
	if (hook_record(ctx, &ev, &duplicate, err) < 0)
		return -1;
	if (duplicate)
		log_debug("conversations: repeated delivery %s already recorded",
		    req->idempotency_token);
	if (kind == EVENT_UNKNOWN) {
		/* A new event of Twilio's is let through (a 4xx would reject
		 * the action), and kept. */
		log_info("conversations: EventType %s is not one this version knows: recorded, "
		    "allowed", event);
		snprintf(text, sizeof(text), "EventType %.80s is not known here: recorded, not "
		    "decided\n", event);
		return response_text(resp, 200, text);
	}
	return response_text(resp, 200, NULL);
}

static int
conversations_unsigned(const struct config *config)
{
	return config->conversations_unsigned_allow ? 200 : 403;
}

const struct hook hook_conversations = {
	.name = "conversations",
	.unsigned_status = 403,
	.unsigned_status_for = conversations_unsigned,
	.needs_signature = 1,
	.init = conversations_init,
	.handle = conversations_handle,
	.fini = decider_hook_fini,
	.flush = hook_record_flush,	/* a pre-action's answer first, recorded after it */
};
