/* proxyhooks-callback: record every CallbackUrl delivery, then answer 200. */
#include "config.h"

#include <stdlib.h>

#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/log.h"

static int
callback_handle(struct hook_context *ctx, const struct request *req, struct response *resp,
    struct error *err)
{
	struct event ev;
	int duplicate = 0;

	hook_event_init(&ev, ctx, req);
	/* Answered 2xx means recorded: without the store, Twilio hears a 5xx. */
	if (hook_record(ctx, &ev, &duplicate, err) < 0)
		return -1;
	if (duplicate)
		log_debug("callback: repeated delivery %s already recorded", req->idempotency_token);
	response_text(resp, 200, NULL);
	return 0;
}

const struct hook hook_callback = {
	.name = "callback",
	.unsigned_status = 403,
	.needs_signature = 1,
	.handle = callback_handle,
	/* Answered 2xx once on disk: requests that arrive together share one
	 * synced commit. */
	.flush = hook_record_flush,
	.group = 1,
};
