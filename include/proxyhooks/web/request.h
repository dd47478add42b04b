/*
 * request: one webhook request, read once with limits and decoded strictly.
 * Handlers only ever see this struct: typed, bounded, validated values.
 * Its variables come from the request alone (FastCGI parameters, or the
 * CGI environment in CGI mode), never from the rest of the process.
 */
#ifndef PROXYHOOKS_REQUEST_H
#define PROXYHOOKS_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/web/form.h"

/* Reads request bytes; returns the count read, 0 at end, -1 on error or timeout. */
typedef long (*request_read_fn)(void *io, char *buf, size_t len);

struct request {
	char *const *env;		/* NAME=value, NULL-terminated */
	const char  *method;
	const char  *content_type;
	const char  *request_uri;
	const char  *signature;		/* X-Twilio-Signature */
	const char  *idempotency_token;	/* I-Twilio-Idempotency-Token */
	const char  *remote_user;
	int64_t      received_ms;
	char        *body;		/* NUL-terminated copy of the body */
	size_t       body_len;
	struct form  form;
};

struct request_limits {
	long max_body_bytes;
	int  allow_get;		/* the dashboard answers GET; hooks only POST */
};

/* A variable of the request (e.g. "HTTP_HOST"), or NULL. */
const char *request_param(const struct request *req, const char *name);

/* Fill req from env and the body read through read_fn. On a client error
 * returns -1 with err->status set (405, 411, 413, 415, 400) and a short
 * message; the caller answers it. */
int request_read(struct request *req, char *const *env, request_read_fn read_fn,
    void *io, const struct request_limits *limits, struct error *err);
void request_free(struct request *req);

#endif
