/*
 * decide: apply the policy to a webhook. Gathers the policy's input from
 * the request (numbers from the participant directory, the message text
 * from interactionData, counts from the store), decides, and says which
 * rule decided and how long it took. Shared by the intercept and the
 * out-of-session hooks.
 */
#ifndef PROXYHOOKS_DECIDE_H
#define PROXYHOOKS_DECIDE_H

#include <stdint.h>

#include "proxyhooks/hooks/serve.h"
#include "proxyhooks/policy/policy.h"

struct decider;

struct verdict {
	int     block;		/* the policy says block (or redact) */
	unsigned redact;	/* a redact rule decided: the kinds to mask (DETECT_BIT) */
	int     failed;		/* the decision could not be made (error logged) */
	char    rule[640];	/* "FILE:LINE: text" of the deciding rule, "" for none */
	char    found[128];	/* what its detector found, "KIND VALUE", "" for nothing */
	int64_t took_us;
};

/* Made at each (re)load of the configuration; NULL policy_file: allow all. */
int  decider_new(const struct config *config, struct decider **out, struct error *err);
void decider_free(struct decider *decider);
/* A hook's init() and fini() with a decider in ctx->state; what: what
 * nothing is blocked of, logged when there is no policy_file ("every
 * interaction"), NULL for no warning. */
int  decider_hook_init(struct hook_context *ctx, const char *what, struct error *err);
void decider_hook_fini(struct hook_context *ctx);
/* An InterceptCallbackUrl request. */
void decide_interaction(struct decider *decider, struct hook_context *ctx,
    const struct request *req, struct verdict *out);
/* An OutOfSessionCallbackUrl request: the caller is From. */
void decide_out_of_session(struct decider *decider, struct hook_context *ctx,
    const struct request *req, struct verdict *out);
/* A Conversations pre-action webhook (onMessageAdd, onMessageUpdate,
 * onConversationAdd, onParticipantAdd): the author or the binding's
 * address is from, the conversation the session, its participants' numbers
 * from the directory. */
void decide_conversation(struct decider *decider, struct hook_context *ctx,
    const struct request *req, struct verdict *out);
/* A call to a proxy address, in filled by the voice hook (from, to, the
 * conversation as session, the caller's participant, at_ms); type voice. */
void decide_call(struct decider *decider, struct hook_context *ctx, struct policy_input *in,
    struct verdict *out);
/* Ask Twilio's Conversations API for the conversation of a call from from
 * to to, into the directory (lookup_call); 0 without credentials. */
int decider_lookup_call(struct decider *decider, struct hook_context *ctx, const char *from,
    const char *to);
/* The policy's state, for the dashboard and the log. */
int64_t     decider_policy_loaded_ms(const struct decider *decider);
const char *decider_policy_error(const struct decider *decider);

#endif
