/*
 * signature: X-Twilio-Signature, the proof that a webhook request came from
 * Twilio. Twilio signs the URL it requested plus the POST parameters with
 * HMAC-SHA1 keyed by the account's auth token; we rebuild that string from
 * the URL as Twilio saw it and compare in constant time.
 */
#ifndef PROXYHOOKS_SIGNATURE_H
#define PROXYHOOKS_SIGNATURE_H

#include <stddef.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/web/form.h"

#define SIGNATURE_LEN 28	/* base64 of a 20-byte HMAC-SHA1 */

/*
 * The string Twilio signs: url, then for each distinct name in byte order
 * (strcmp), the name followed by each of its distinct values sorted, with no
 * separators. The name is repeated before every value:
 * Digits=5678&Digits=1234 contributes "Digits1234Digits5678"; identical
 * (name, value) pairs count once. Values are the decoded ones held in form;
 * parameters in url's query string are part of url only, never of the list.
 * An empty token is refused: anyone can compute an HMAC under an empty key.
 */
int signature_compute(const char *url, const struct form *form, const char *token,
    char out[SIGNATURE_LEN + 1], struct error *err);

/*
 * 1 when signature matches url, or url with its port removed, or url with the
 * scheme's default port (:443 / :80) added, under any of tokens[0..ntokens);
 * 0 otherwise (also for a NULL or empty signature, or no usable token).
 * Constant-time compare for each candidate.
 */
int signature_verify(const char *url, const struct form *form,
    char *const *tokens, size_t ntokens, const char *signature);

/* Where the URL Twilio requested comes from (all fields may be NULL). */
struct url_source {
	const char *public_base_url;  /* config: "https://hooks.example.com" or with a path prefix "https://h.example.com/twilio" */
	int         trust_forwarded;  /* config trust_forwarded_headers */
	const char *https;            /* CGI HTTPS ("on"/"1") */
	const char *request_scheme;   /* REQUEST_SCHEME */
	const char *http_host;        /* HTTP_HOST (may include :port) */
	const char *server_name;      /* SERVER_NAME, when no Host */
	const char *server_port;      /* SERVER_PORT */
	const char *request_uri;      /* REQUEST_URI, raw, with the query string exactly as received */
	const char *forwarded_proto;  /* HTTP_X_FORWARDED_PROTO */
	const char *forwarded_host;   /* HTTP_X_FORWARDED_HOST */
};

/*
 * The full URL to check. REQUEST_URI is always used byte for byte (the query
 * string is never decoded or re-encoded) and must start with '/'.
 *
 * With public_base_url configured (scheme://host[:port][/prefix], trailing
 * slashes trimmed; no query or fragment) everything else in src is ignored,
 * forwarded headers included. A path prefix is added in front of REQUEST_URI
 * only when REQUEST_URI does not already begin with it as whole path segments:
 * the web server normally passes the full path, so base
 * "https://h.example.com/twilio" with "/twilio/callback?x=1" gives
 * "https://h.example.com/twilio/callback?x=1", not ".../twilio/twilio/...";
 * with "/callback?x=1" (a front proxy stripped the prefix) it gives the same
 * URL; with "/twilioX/cb" it gives ".../twilio/twilioX/cb".
 *
 * Otherwise scheme://host[:port] + REQUEST_URI: the scheme is https when HTTPS
 * is "on" or "1", else REQUEST_SCHEME when it is http or https, else http; the
 * host is Host, else SERVER_NAME; SERVER_PORT is added only when it is not
 * the scheme's default and Host carries no port. When trust_forwarded is set,
 * the first value of X-Forwarded-Proto / X-Forwarded-Host overrides the scheme
 * / host, and SERVER_PORT is then never added: it is the port the proxy
 * reached us on, not the one Twilio used.
 *
 * Returns a malloc'd string, or NULL with err set (status 500 for a missing
 * REQUEST_URI or a bad public_base_url / SERVER_PORT, 400 for a malformed
 * REQUEST_URI, Host or forwarded header).
 */
char *signature_url(const struct url_source *src, struct error *err);

#endif
