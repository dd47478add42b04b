/*
 * hooks: the hook handlers (one per program) and what they share: filling
 * an event from a request and recording it.
 */
#ifndef PROXYHOOKS_HOOKS_H
#define PROXYHOOKS_HOOKS_H

#include "proxyhooks/serve.h"

extern const struct hook hook_callback;
extern const struct hook hook_intercept;
extern const struct hook hook_out_of_session;

/* The event for req with the SIDs every hook records filled in. */
void hook_event_init(struct event *ev, const struct hook_context *ctx, const struct request *req);
/* Record ev: in the store, or in the spool when the store cannot take it
 * within store_timeout_ms; -1 with err only when neither works. */
int hook_record(struct hook_context *ctx, const struct event *ev, int *duplicate,
    struct error *err);

#endif
