/*
 * hooks: the hook handlers (one per program) and what they share: filling
 * an event from a request and recording it.
 */
#ifndef PROXYHOOKS_HOOKS_H
#define PROXYHOOKS_HOOKS_H

#include "proxyhooks/hooks/serve.h"

extern const struct hook hook_callback;
extern const struct hook hook_intercept;
extern const struct hook hook_out_of_session;
extern const struct hook hook_conversations;
extern const struct hook hook_voice;

struct twiml;
struct oos_settings;
/* The out-of-session answer to a call (o's Say, Play, Dial, Redirect or
 * Reject, texts expanded with form's fields) added to doc: what
 * proxyhooks-out-of-session answers, and proxyhooks-voice to a caller
 * bound to no conversation. */
int hook_oos_voice_twiml(struct twiml *doc, const struct oos_settings *o,
    const struct form *form, struct error *err);
/* The first of the fields named that is missing or empty, NULL when all
 * are posted (names ends with NULL). */
const char *hook_missing_field(const struct form *form, const char *const *names);

/* The header with which the intercept says its decision ("allow",
 * "block", ...) in every answer: Twilio reads only the status, but a 403
 * of the policy is told by it from a web server's own 403 page. */
#define HOOK_DECISION_HEADER "X-Proxyhooks-Decision"

/* The store, opened now if the loop left that to the first request that
 * needs it (ctx->store_later: a CGI request of a hook whose answer is its
 * decision), the events waiting in the spool stored first, as what a rule
 * counts or reads; NULL when there is none (it failed to open: logged).
 * hook_store_configured: 1 when there is one to open. */
struct store *hook_store(struct hook_context *ctx);
int hook_store_configured(const struct hook_context *ctx);
/* Store the events waiting in the spool, before a page reads events. */
void hook_store_spooled(struct hook_context *ctx);

/* The event for req with the SIDs every hook records filled in. */
void hook_event_init(struct event *ev, const struct hook_context *ctx, const struct request *req);
/* Record ev: in the store, or in the spool when the store cannot take it
 * within store_timeout_ms; -1 with err only when neither works. In a CGI
 * request with ctx->store_later, ev is spooled (unsynced) and stored with
 * the others waiting there by a later process, or by this one after its
 * answer when they are due (hooks.c, record_later). With
 * ctx->defer (a FastCGI worker of the intercept or out-of-session hook),
 * ev is written to the process's journal instead, stored with the rest of
 * its burst by hook_record_flush (*duplicate is then 0). */
int hook_record(struct hook_context *ctx, const struct event *ev, int *duplicate,
    struct error *err);
/* Store the events of the journal in one transaction (or spool them, as
 * hook_record would); wait: for the store's write lock, else return at
 * once when another process holds it. Also stores the events left in the
 * journals of processes that died. -1 when an event could be neither
 * stored nor spooled (logged). The hooks' flush(). */
int hook_record_flush(struct hook_context *ctx, int wait);

#endif
