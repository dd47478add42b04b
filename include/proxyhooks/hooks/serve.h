/*
 * serve: the one loop every program runs. fd 0 a listening socket means
 * FastCGI (spawn-fcgi, systemd, mod_fcgid); otherwise one CGI request from
 * the environment and stdin. The loop reads the request with limits, loads
 * (and reloads) the configuration, validates the signature, calls the
 * hook's handler and writes its response. SIGTERM finishes the current
 * request, then exits.
 */
#ifndef PROXYHOOKS_SERVE_H
#define PROXYHOOKS_SERVE_H

#include <stddef.h>

#include "proxyhooks/web/config.h"
#include "proxyhooks/base/error.h"
#include "proxyhooks/web/request.h"
#include "proxyhooks/store/store.h"

struct response {
	int         status;
	const char *content_type;	/* NULL: no body */
	char       *body;		/* malloc'd, freed by the loop */
	size_t      body_len;
	const char *allow;		/* an Allow header for 405 */
	const char *extra_headers;	/* "Name: value\r\n..." or NULL */
};

struct hook_context {
	const struct config *config;
	struct store        *store;	/* opened by the loop before handle() */
	/* A CGI request of a hook whose answer is its decision, on SQLite:
	 * store stays NULL until the request needs it (hook_store opens it),
	 * and an event can wait in the spool (hooks.h). */
	int                  store_later;
	int                (*store_open)(struct hook_context *ctx);
	/* What this machine's processes share beside a SQLite database
	 * (store.h), or NULL. */
	struct store_shared *shared;
	const char          *hook_name;
	void                *state;	/* the hook's own, from init() */
	/* redact_key_file's key (redact_bodies), NULL for none. */
	const unsigned char *redact_key;
	size_t               redact_key_len;
	/* Set by the loop in a FastCGI worker of a hook with flush(): events
	 * may be recorded after the answer, a burst in one batch (hooks.h). */
	int                  defer;
	/* The hook's answer means recorded on disk (no flush, or group):
	 * every commit synced, a deferred event stored before its answer.
	 * Otherwise commits are not synced (the event outlives the process). */
	int                  durable;
	long                 deferred;		/* events waiting for their batch */
	int64_t              deferred_since_us;	/* when the oldest of them came */
};

struct hook {
	const char *name;		/* "callback", "intercept", "out-of-session" */
	int         unsigned_status;	/* answer to a bad signature: 401 or 403 */
	/* NULL, or the answer to a bad signature as configured (overrides
	 * unsigned_status). */
	int  (*unsigned_status_for)(const struct config *config);
	int         allow_get;		/* answers GET too (the dashboard) */
	int         needs_signature;	/* 0 only for the dashboard */
	/* Called after each (re)load of the configuration; may be NULL. */
	int  (*init)(struct hook_context *ctx, struct error *err);
	/* Decide and fill resp; returning -1 answers 500 with err logged. */
	int  (*handle)(struct hook_context *ctx, const struct request *req,
	    struct response *resp, struct error *err);
	void (*fini)(struct hook_context *ctx);
	/* Store the events waiting for their batch (ctx->deferred); wait: for
	 * the store's lock, else give up at once when another process holds
	 * it. NULL: the hook records every event before it answers. */
	int  (*flush)(struct hook_context *ctx, int wait);
	/* With flush: answer only once recorded on disk. A FastCGI worker
	 * takes the requests waiting together, stores their events in one
	 * synced transaction (group commit), then answers each (serve.c). */
	int         group;
};

/* Run hook until shutdown; returns the process exit status. */
int serve_main(int argc, char **argv, const struct hook *hook);

/* Answer one request from memory, as the loop would: env is the request's
 * NAME=value variables (NULL-terminated), body[0..len) its body. *out is
 * the malloc'd CGI answer (Status line, headers, body) of *out_len bytes.
 * The configuration, tokens, policy and store stay loaded between calls,
 * as in a FastCGI worker, until serve_buffer_release() (or a call with
 * another hook). For tests and fuzzing; -1 only when out of memory. */
int serve_buffer(const struct hook *hook, char *const *env, const char *body, size_t len,
    char **out, size_t *out_len);
void serve_buffer_release(void);
/* serve_buffer as a loaded FastCGI worker: the events of events requests
 * are recorded after their answers, in one batch (1 or 0: each before its
 * answer, as when a worker is idle). Releases what is loaded. */
void serve_buffer_batch(long events);

/* Set resp to status with a short text/plain body. */
int response_text(struct response *resp, int status, const char *text);

#endif
