/* request: read one webhook request with limits, then decode its form. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxyhooks/web/request.h"
#include "proxyhooks/base/util.h"

const char *
request_param(const struct request *req, const char *name)
{
	size_t n = strlen(name);
	char *const *e;

	if (req->env == NULL)
		return NULL;
	/* The first byte first: a request has some thirty variables and most
	 * lookups end after a few string comparisons instead of all of them. */
	for (e = req->env; *e != NULL; e++)
		if ((*e)[0] == name[0] && strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* "application/x-www-form-urlencoded", any case, optionally followed by
 * parameters such as "; charset=utf-8". */
static int
content_type_is_form(const char *ct)
{
	static const char form[] = "application/x-www-form-urlencoded";
	size_t n = sizeof(form) - 1;

	if (ct == NULL || strncasecmp(ct, form, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int
request_read(struct request *req, char *const *env, request_read_fn read_fn, void *io,
    const struct request_limits *limits, struct error *err)
{
	const char *length_text;
	long length = 0, n;
	size_t got = 0;

	memset(req, 0, sizeof(*req));
	req->env = env;
	req->received_ms = util_now_ms();
	req->method = request_param(req, "REQUEST_METHOD");
	req->content_type = request_param(req, "CONTENT_TYPE");
	req->request_uri = request_param(req, "REQUEST_URI");
	req->signature = request_param(req, "HTTP_X_TWILIO_SIGNATURE");
	req->idempotency_token = request_param(req, "HTTP_I_TWILIO_IDEMPOTENCY_TOKEN");
	req->remote_user = request_param(req, "REMOTE_USER");
	if (req->remote_user != NULL && *req->remote_user == '\0')
		req->remote_user = NULL;

	if (req->method == NULL) {
		error_status(err, 400, "no REQUEST_METHOD: not a CGI or FastCGI request");
		return -1;
	}
	if (limits->allow_get && (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0))
		return 0;
	if (strcmp(req->method, "POST") != 0) {
		error_status(err, 405, "method %.16s not allowed: only POST", req->method);
		return -1;
	}
	if (!content_type_is_form(req->content_type)) {
		error_status(err, 415, "Content-Type must be application/x-www-form-urlencoded");
		return -1;
	}
	length_text = request_param(req, "CONTENT_LENGTH");
	if (length_text == NULL || *length_text == '\0') {
		error_status(err, 411, "Content-Length required");
		return -1;
	}
	if (util_parse_long(length_text, 0, 1L << 40, &length) < 0) {
		error_status(err, 400, "Content-Length '%.32s' is not a number", length_text);
		return -1;
	}
	if (length > limits->max_body_bytes) {
		/* Refused before reading any of it. */
		error_status(err, 413, "body of %ld bytes is over the limit of %ld", length,
		    limits->max_body_bytes);
		return -1;
	}
	if ((req->body = malloc((size_t)length + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		return -1;
	}
	while (got < (size_t)length) {
		n = read_fn(io, req->body + got, (size_t)length - got);
		if (n < 0) {
			error_status(err, 408, "timed out or failed reading the body after %zu of %ld bytes",
			    got, length);
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got < (size_t)length) {
		error_status(err, 400, "body shorter than Content-Length: %zu of %ld bytes", got, length);
		goto fail;
	}
	req->body[got] = '\0';
	req->body_len = got;
	if (form_decode(req->body, req->body_len, &req->form, err) < 0)
		goto fail;
	return 0;
fail:
	free(req->body);
	req->body = NULL;
	return -1;
}

void
request_free(struct request *req)
{
	form_free(&req->form);
	free(req->body);
	req->body = NULL;
}
