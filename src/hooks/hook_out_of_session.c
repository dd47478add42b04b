/* proxyhooks-out-of-session: answer a call or text to a closed session with
 * configured TwiML (or auto-create-session JSON), learn the participants'
 * numbers, and record the event with what was answered. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proxyhooks/hooks/decide.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/web/template.h"
#include "proxyhooks/web/twiml.h"
#include "proxyhooks/base/util.h"

/* How often an unchanged participant's updated_ms is written again. */
#define LEARN_REFRESH_MS (3600 * 1000LL)

static int
same_text(const char *known, const char *posted)
{
	return posted == NULL || (known != NULL && strcmp(known, posted) == 0);
}

/* 1 when the directory already holds p as posted, written within the
 * hour: the deliveries of a session repeat the same participants, and
 * each write is a commit and an fsync. */
static int
participant_known(struct store *store, const struct participant *p, int64_t now_ms)
{
	struct participant known;
	struct error err = { 0 };

	if (store_participant_get(store, p->sid, &known, &err) != 1)
		return 0;
	return same_text(known.number, p->number) && same_text(known.session_sid, p->session_sid) &&
	    same_text(known.service_sid, p->service_sid) &&
	    same_text(known.proxy_number, p->proxy_number) &&
	    same_text(known.friendly_name, p->friendly_name) &&
	    now_ms - known.updated_ms < LEARN_REFRESH_MS;
}

/* Learn the inbound and outbound participants' numbers: what lets the
 * intercept apply number rules to SIDs. */
static void
learn_participants(struct hook_context *ctx, const struct form *form, int64_t now_ms)
{
	static const char *const sides[] = { "inboundParticipant", "outboundParticipant" };
	struct participant p;
	struct error err = { 0 };
	char name[64], number[32], proxy[32];
	size_t i;

	if (hook_store(ctx) == NULL)
		return;
	for (i = 0; i < 2; i++) {
		memset(&p, 0, sizeof(p));
#define FIELD(suffix) (snprintf(name, sizeof(name), "%s%s", sides[i], suffix), form_get(form, name))
		p.sid = FIELD("Sid");
		p.number = FIELD("Identifier");
		p.session_sid = FIELD("SessionSid");
		p.service_sid = FIELD("ServiceSid");
		p.proxy_number = FIELD("ProxyIdentifier");
		p.friendly_name = FIELD("FriendlyName");
#undef FIELD
		if (!util_sid_valid(p.sid, "KP") || p.number == NULL)
			continue;
		/* Identifiers are E.164 for SMS and voice; keep others as sent. */
		if (util_e164(p.number, number, sizeof(number)) == 0)
			p.number = number;
		if (p.proxy_number != NULL && util_e164(p.proxy_number, proxy, sizeof(proxy)) == 0)
			p.proxy_number = proxy;
		if (!util_sid_valid(p.session_sid, "KC"))
			p.session_sid = NULL;
		if (!util_sid_valid(p.service_sid, "KS"))
			p.service_sid = NULL;
		p.updated_ms = now_ms;
		if (participant_known(ctx->store, &p, now_ms))
			continue;
		if (store_participant_put(ctx->store, &p, &err) < 0) {
			log_error("out-of-session: participant %s not learned: %s", p.sid, err.message);
			memset(&err, 0, sizeof(err));
		}
	}
}

/* Expand a configured text with the posted fields. */
static char *
expand(const char *text, const struct form *form, struct error *err)
{
	struct template *tpl = NULL;
	char *out = NULL;

	if (template_compile(text, oos_field_names, &tpl, err) == 0)
		template_expand(tpl, form, &out, err);
	template_free(tpl);
	return out;
}

int
hook_oos_voice_twiml(struct twiml *doc, const struct oos_settings *o, const struct form *form,
    struct error *err)
{
	const char *caller_id;
	char *text;
	int rc;

	if (o->voice_reject != NULL)
		return twiml_reject(doc, o->voice_reject, err);
	if (o->voice_say != NULL) {
		if ((text = expand(o->voice_say, form, err)) == NULL)
			return -1;
		/* A template whose fields were not posted may expand to
		 * nothing: say nothing rather than fail the call. */
		rc = text[0] == '\0' ? 0 :
		    twiml_say(doc, text, o->voice_voice, o->voice_language, (int)o->voice_loop, err);
		free(text);
		if (rc < 0)
			return -1;
	}
	if (o->voice_play != NULL && twiml_play(doc, o->voice_play, 0, err) < 0)
		return -1;
	if (o->voice_dial != NULL) {
		caller_id = o->voice_dial_caller_id;
		if (caller_id != NULL && strcmp(caller_id, "proxy") == 0)
			caller_id = form_get(form, "To");
		return twiml_dial(doc, o->voice_dial, caller_id, err);
	}
	if (o->voice_redirect != NULL)
		return twiml_redirect(doc, o->voice_redirect, NULL, err);
	return 0;
}

static int
message_twiml(struct twiml *doc, const struct oos_settings *o, const struct form *form,
    struct error *err)
{
	char *text;
	int rc;

	if (o->message_reply != NULL) {
		if ((text = expand(o->message_reply, form, err)) == NULL)
			return -1;
		rc = text[0] == '\0' ? 0 : twiml_message(doc, text, err);	/* nothing to send */
		free(text);
		if (rc < 0)
			return -1;
	}
	if (o->message_redirect != NULL)
		return twiml_redirect(doc, o->message_redirect, NULL, err);
	return 0;
}

static int
autocreate_json(const struct oos_settings *o, struct response *resp, struct error *err)
{
	json_t *obj = json_object();

	if (o->autocreate_participant != NULL)
		json_object_set_new(obj, "participantIdentifier", json_string(o->autocreate_participant));
	resp->body = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (resp->body == NULL) {
		error_set(err, "cannot encode the auto-create JSON");
		return -1;
	}
	resp->body_len = strlen(resp->body);
	resp->content_type = "application/json";
	return 0;
}

static int
oos_init(struct hook_context *ctx, struct error *err)
{
	twiml_init();
	return decider_hook_init(ctx, NULL, err);
}

static int
oos_handle(struct hook_context *ctx, const struct request *req, struct response *resp,
    struct error *err)
{
	const struct form *form = &req->form;
	struct oos_settings o;
	struct verdict verdict;
	struct twiml *doc = NULL;
	struct event ev;
	struct error record = { 0 };
	int voice, block, rc = -1, duplicate;

	voice = form_get(form, "CallSid") != NULL;
	learn_participants(ctx, form, req->received_ms);
	decide_out_of_session(ctx->state, ctx, req, &verdict);
	config_oos_for(ctx->config, form_get(form, "To"), &o);
	/* Observing, a banned caller is recorded but answered as anyone else. */
	block = verdict.block && ctx->config->intercept_mode == INTERCEPT_ENFORCE;

	resp->status = 200;
	if (!block && o.mode == OOS_AUTOCREATE) {
		if (autocreate_json(&o, resp, err) < 0)
			goto out;
	} else {
		if ((doc = twiml_new()) == NULL) {
			error_set(err, "out of memory");
			goto out;
		}
		/* A banned caller: Reject first, so Twilio never answers the call;
		 * a banned texter: no reply at all. */
		if (block) {
			if (voice && twiml_reject(doc, NULL, err) < 0)
				goto out;
		} else if ((voice ? hook_oos_voice_twiml(doc, &o, form, err) :
		    message_twiml(doc, &o, form, err)) < 0) {
			goto out;
		}
		if (twiml_render(doc, &resp->body, &resp->body_len, err) < 0)
			goto out;
		resp->content_type = "application/xml";
	}

	hook_event_init(&ev, ctx, req);
	if (verdict.rule[0] != '\0' || verdict.block) {
		ev.decision = block ? "block" : verdict.block ? "would-block" : "allow";
		ev.rule = verdict.rule[0] != '\0' ? verdict.rule : NULL;
		ev.found = verdict.found[0] != '\0' ? verdict.found : NULL;
		ev.decision_us = verdict.took_us;
	}
	ev.response = resp->body;
	/* A reply that quotes the message would keep what redaction removes. */
	if (ctx->config->redact_bodies &&
	    ((o.message_reply != NULL && strstr(o.message_reply, "{Body}") != NULL) ||
	    (o.voice_say != NULL && strstr(o.voice_say, "{Body}") != NULL)))
		ev.response = "[redacted: the answer quoted the message]";
	if (hook_record(ctx, &ev, &duplicate, &record) < 0)
		log_error("out-of-session: %s", record.message);
	rc = 0;
out:
	twiml_free(doc);
	return rc;
}

const struct hook hook_out_of_session = {
	.name = "out-of-session",
	.unsigned_status = 403,
	.needs_signature = 1,
	.init = oos_init,
	.handle = oos_handle,
	.fini = decider_hook_fini,
	.flush = hook_record_flush,	/* recorded after the answer, under load */
};
