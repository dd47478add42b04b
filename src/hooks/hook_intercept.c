/* proxyhooks-intercept: decide each interaction with the policy; 403 blocks
 * it, anything else lets it through. It fails open: whatever cannot be
 * decided is allowed (unless intercept_fail = closed). */
#include "config.h"

#include <string.h>

#include "proxyhooks/hooks/decide.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"

static int
intercept_init(struct hook_context *ctx, struct error *err)
{
	return decider_hook_init(ctx, "every interaction", err);
}

static const char *
intercept_decision_header(const char *decision)
{
	static const char *const headers[][2] = {
		{ "allow", HOOK_DECISION_HEADER ": allow\r\n" },
		{ "block", HOOK_DECISION_HEADER ": block\r\n" },
		{ "would-block", HOOK_DECISION_HEADER ": would-block\r\n" },
		{ "error-allow", HOOK_DECISION_HEADER ": error-allow\r\n" },
		{ "error-block", HOOK_DECISION_HEADER ": error-block\r\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (strcmp(decision, headers[i][0]) == 0)
			return headers[i][1];
	return NULL;
}

static int
intercept_handle(struct hook_context *ctx, const struct request *req, struct response *resp,
    struct error *err)
{
	const struct config *c = ctx->config;
	struct verdict verdict;
	struct event ev;
	struct error record = { 0 };
	int block, duplicate;

	decide_interaction(ctx->state, ctx, req, &verdict);
	hook_event_init(&ev, ctx, req);
	if (verdict.failed) {
		/* Observing blocks nothing, not even on an error. */
		block = c->intercept_fail_closed && c->intercept_mode == INTERCEPT_ENFORCE;
		ev.decision = block ? "error-block" : "error-allow";
	} else if (verdict.block && c->intercept_mode == INTERCEPT_OBSERVE) {
		block = 0;
		ev.decision = "would-block";
	} else {
		block = verdict.block;
		ev.decision = block ? "block" : "allow";
	}
	ev.rule = verdict.rule[0] != '\0' ? verdict.rule : NULL;
	ev.found = verdict.found[0] != '\0' ? verdict.found : NULL;
	ev.decision_us = verdict.took_us;
	if (hook_record(ctx, &ev, &duplicate, &record) < 0)
		log_error("intercept: %s (decision %s for %s)", record.message, ev.decision,
		    ev.interaction_sid ? ev.interaction_sid : "?");
	if (block)
		log_info("intercept: blocked %s: %s", ev.interaction_sid ? ev.interaction_sid : "?",
		    ev.rule ? ev.rule : ev.decision);
	response_text(resp, block ? 403 : 200, NULL);
	/* The decision, said: a 403 of the policy is then told from a web
	 * server's own (proxyhooks send does). Twilio reads only the status. */
	resp->extra_headers = intercept_decision_header(ev.decision);
	(void)err;
	return 0;
}

const struct hook hook_intercept = {
	.name = "intercept",
	.unsigned_status = 401,	/* never 403: a wrong URL setting must not block calls */
	.needs_signature = 1,
	.init = intercept_init,
	.handle = intercept_handle,
	.fini = decider_hook_fini,
	.flush = hook_record_flush,	/* the answer is the decision: recorded after it, under load */
};
