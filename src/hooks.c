/* hooks: what every hook handler shares. */
#include "config.h"

#include <string.h>

#include "proxyhooks/hooks.h"

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

int
hook_record(struct hook_context *ctx, const struct event *ev, int *duplicate, struct error *err)
{
	if (ctx->store == NULL) {
		error_set(err, "%s: the store is not available: event not recorded", ev->hook);
		return -1;
	}
	return store_event_add(ctx->store, ev, duplicate, err);
}
