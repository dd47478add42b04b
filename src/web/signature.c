/* signature: X-Twilio-Signature computation, verification and the URL it covers. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nettle/hmac.h>

#include "proxyhooks/base/digest.h"
#include "proxyhooks/web/signature.h"

#define SIGNATURE_MAC_LEN	DIGEST_SHA1_LEN
#define SIGNATURE_HOST_MAX	1024	/* far above DNS's 253 plus a port */

/* One piece of a string being assembled. */
struct signature_piece {
	const char *text;
	size_t      len;
};

/* Where the host and port of a URL sit, as offsets into it. */
struct signature_authority {
	size_t scheme_len;
	size_t host_end;	/* just past the host (before ":port") */
	size_t port_end;	/* just past the port; == host_end when none */
};

/* Byte order, as strcmp would give it, but on counted strings. */
static int
signature_bytes_compare(const char *a, size_t a_len, const char *b, size_t b_len)
{
	int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

	if (c != 0)
		return c;
	return (a_len > b_len) - (a_len < b_len);
}

static int
signature_param_compare(const void *a, const void *b)
{
	const struct param *pa = *(const struct param *const *)a;
	const struct param *pb = *(const struct param *const *)b;
	int c;

	c = signature_bytes_compare(pa->name, pa->name_len, pb->name, pb->name_len);
	if (c != 0)
		return c;
	return signature_bytes_compare(pa->value, pa->value_len, pb->value, pb->value_len);
}

static char *
signature_join(const struct signature_piece *pieces, size_t n, struct error *err)
{
	char *out, *o;
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		if (pieces[i].len > SIZE_MAX - 1 - len) {
			error_status(err, 500, "URL too long");
			return NULL;
		}
		len += pieces[i].len;
	}
	if ((out = malloc(len + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		return NULL;
	}
	for (i = 0, o = out; i < n; i++) {
		memcpy(o, pieces[i].text, pieces[i].len);
		o += pieces[i].len;
	}
	*o = '\0';
	return out;
}

/* The parameters as Twilio signs them, after the URL: sorted by (name,
 * value), each distinct pair once, name then value, no separators. A
 * malloc'd buffer (never NULL on success, even when empty). */
static int
signature_params(const struct form *form, char **out, size_t *out_len, struct error *err)
{
	const struct param **sorted = NULL;
	size_t count = form != NULL ? form->count : 0, len = 0, i;
	char *data = NULL, *d;
	int rc = -1;

	if (count > 0) {
		if ((sorted = calloc(count, sizeof(*sorted))) == NULL) {
			error_status(err, 500, "out of memory");
			goto fail;
		}
		for (i = 0; i < count; i++)
			sorted[i] = &form->params[i];
		qsort(sorted, count, sizeof(*sorted), signature_param_compare);
	}
	/* Sorted by (name, value), so a repeated pair is next to its twin. */
	for (i = 0; i < count; i++) {
		if (i > 0 && signature_param_compare(&sorted[i - 1], &sorted[i]) == 0)
			continue;
		if (sorted[i]->name_len > SIZE_MAX - 1 - len ||
		    sorted[i]->value_len > SIZE_MAX - 1 - len - sorted[i]->name_len) {
			error_status(err, 500, "signature: data too long");
			goto fail;
		}
		len += sorted[i]->name_len + sorted[i]->value_len;
	}
	if ((data = malloc(len + 1)) == NULL) {
		error_status(err, 500, "out of memory");
		goto fail;
	}
	for (i = 0, d = data; i < count; i++) {
		if (i > 0 && signature_param_compare(&sorted[i - 1], &sorted[i]) == 0)
			continue;
		memcpy(d, sorted[i]->name, sorted[i]->name_len);
		d += sorted[i]->name_len;
		memcpy(d, sorted[i]->value, sorted[i]->value_len);
		d += sorted[i]->value_len;
	}
	*out = data;
	*out_len = len;
	rc = 0;
fail:
	free(sorted);
	return rc;
}

int
signature_compute(const char *url, const struct form *form, const char *token,
    char out[SIGNATURE_LEN + 1], struct error *err)
{
	unsigned char mac[SIGNATURE_MAC_LEN];
	struct hmac_sha1_ctx hmac;
	char *params = NULL, *data = NULL;
	size_t params_len = 0, token_len;
	int rc = -1;

	out[0] = '\0';
	if (url == NULL || url[0] == '\0') {
		error_status(err, 500, "signature: no URL to sign");
		goto fail;
	}
	if (token == NULL || token[0] == '\0') {
		error_status(err, 500, "signature: empty auth token");
		goto fail;
	}
	if ((token_len = strlen(token)) > INT_MAX) {
		error_status(err, 500, "signature: auth token of %zu bytes", token_len);
		goto fail;
	}
	if (signature_params(form, &params, &params_len, err) < 0)
		goto fail;
	/* One-shot, unlike signature_verify's kept contexts: the two ways must
	 * agree, which the fuzzer checks. */
	if ((data = signature_join((struct signature_piece[]){ { url, strlen(url) },
	    { params, params_len } }, 2, err)) == NULL)
		goto fail;
	hmac_sha1_set_key(&hmac, token_len, (const uint8_t *)token);
	hmac_sha1_update(&hmac, strlen(url) + params_len, (const uint8_t *)data);
	hmac_sha1_digest(&hmac, sizeof(mac), mac);
	digest_wipe(&hmac, sizeof(hmac));
	digest_base64(out, mac, sizeof(mac));
	digest_wipe(mac, sizeof(mac));
	rc = 0;
fail:
	free(params);
	free(data);
	return rc;
}

/*
 * Find the port in scheme://[userinfo@]host[:port][/path][?query]. Returns 0
 * when url has no authority we can read or its port is not all digits; the
 * caller then checks url only as it is.
 */
static int
signature_split(const char *url, struct signature_authority *where)
{
	const char *sep = strstr(url, "://"), *authority, *end, *host, *p;

	if (sep == NULL || sep == url)
		return 0;
	for (p = url; p < sep; p++)
		if (strchr("/?#", *p) != NULL)
			return 0;
	authority = sep + 3;
	end = authority + strcspn(authority, "/?#");
	host = authority;
	for (p = authority; p < end; p++)
		if (*p == '@')
			host = p + 1;
	if (host < end && *host == '[') {
		if ((p = memchr(host, ']', (size_t)(end - host))) == NULL)
			return 0;
		p++;
		if (p < end && *p != ':')
			return 0;
	} else {
		p = memchr(host, ':', (size_t)(end - host));
		if (p == NULL)
			p = end;
	}
	if (p == host)
		return 0;
	if (p < end && strspn(p + 1, "0123456789") != (size_t)(end - p - 1))
		return 0;
	where->scheme_len = (size_t)(authority - 3 - url);
	where->host_end = (size_t)(p - url);
	where->port_end = (size_t)(end - url);
	return 1;
}

static const char *
signature_default_port(const char *scheme, size_t scheme_len)
{
	if (scheme_len == 5 && strncasecmp(scheme, "https", 5) == 0)
		return "443";
	if (scheme_len == 4 && strncasecmp(scheme, "http", 4) == 0)
		return "80";
	return NULL;
}

/* url with its port removed, or with the default port added when it has
 * none; NULL when neither applies (or out of memory). */
static char *
signature_url_variant(const char *url)
{
	struct signature_authority where;
	struct error err = { 0 };
	const char *port;
	size_t url_len = strlen(url);

	if (!signature_split(url, &where))
		return NULL;
	if (where.port_end > where.host_end)
		return signature_join((struct signature_piece[]){
		    { url, where.host_end },
		    { url + where.port_end, url_len - where.port_end } }, 2, &err);
	if ((port = signature_default_port(url, where.scheme_len)) == NULL)
		return NULL;
	return signature_join((struct signature_piece[]){
	    { url, where.host_end }, { ":", 1 }, { port, strlen(port) },
	    { url + where.host_end, url_len - where.host_end } }, 4, &err);
}

/*
 * HMAC-SHA1 keyed with one token, kept from one verification to the next:
 * hashing the key into HMAC's pads costs two of SHA-1's blocks, a third of
 * a webhook's MAC, and a context whose digest is taken goes back to its
 * key's state by itself. Found by the token's bytes, so a token file that
 * changes brings contexts of its own (old ones give way round-robin).
 * Process state: the programs verify one request at a time, in one
 * thread.
 */
#define SIGNATURE_KEYS	4

struct signature_key {
	char                *token;	/* a copy, wiped when the slot is reused */
	size_t               token_len;
	struct hmac_sha1_ctx ctx;	/* keyed with token */
};

static struct signature_key signature_keys[SIGNATURE_KEYS];
static size_t signature_key_next;	/* the slot a new token takes */

static void
signature_key_clear(struct signature_key *k)
{
	if (k->token != NULL) {
		digest_wipe(k->token, k->token_len);
		free(k->token);
	}
	digest_wipe(k, sizeof(*k));
}

/* The context keyed with token, made on first use; NULL when out of
 * memory. */
static struct hmac_sha1_ctx *
signature_key_ctx(const char *token, size_t token_len)
{
	struct signature_key *k;
	size_t i;

	for (i = 0; i < SIGNATURE_KEYS; i++) {
		k = &signature_keys[i];
		if (k->token != NULL && k->token_len == token_len &&
		    memcmp(k->token, token, token_len) == 0)
			return &k->ctx;
	}
	k = &signature_keys[signature_key_next];
	signature_key_clear(k);
	if ((k->token = malloc(token_len)) == NULL)
		return NULL;
	memcpy(k->token, token, token_len);
	k->token_len = token_len;
	hmac_sha1_set_key(&k->ctx, token_len, (const uint8_t *)token);
	signature_key_next = (signature_key_next + 1) % SIGNATURE_KEYS;
	return &k->ctx;
}

/* The signature of url + params under the key of ctx, base64 in out; ctx
 * is back in its key's state after it. */
static void
signature_mac(struct hmac_sha1_ctx *ctx, const char *url, size_t url_len, const char *params,
    size_t params_len, char out[SIGNATURE_LEN + 1])
{
	unsigned char mac[SIGNATURE_MAC_LEN];

	hmac_sha1_update(ctx, url_len, (const uint8_t *)url);
	hmac_sha1_update(ctx, params_len, (const uint8_t *)params);
	hmac_sha1_digest(ctx, sizeof(mac), mac);
	digest_base64(out, mac, sizeof(mac));
	digest_wipe(mac, sizeof(mac));
}

int
signature_verify(const char *url, const struct form *form,
    char *const *tokens, size_t ntokens, const char *signature)
{
	char expected[SIGNATURE_LEN + 1];
	char *variant = NULL, *params = NULL;
	struct error err = { 0 };
	struct hmac_sha1_ctx *ctx;
	size_t params_len, url_len, token_len, i;
	int matched = 0, variant_made = 0;

	if (url == NULL || url[0] == '\0' || signature == NULL || tokens == NULL ||
	    strlen(signature) != SIGNATURE_LEN)
		return 0;
	/* The parameters' part is the same for every candidate: made once. */
	if (signature_params(form, &params, &params_len, &err) < 0)
		return 0;
	url_len = strlen(url);
	/*
	 * Each token with the URL as it is, then its port variant (made when
	 * first needed). Each comparison is constant-time; stopping at the
	 * first match tells only which candidate matched.
	 */
	for (i = 0; i < ntokens && !matched; i++) {
		if (tokens[i] == NULL || tokens[i][0] == '\0' ||
		    (token_len = strlen(tokens[i])) > INT_MAX ||
		    (ctx = signature_key_ctx(tokens[i], token_len)) == NULL)
			continue;
		signature_mac(ctx, url, url_len, params, params_len, expected);
		matched = digest_equal(expected, signature, SIGNATURE_LEN);
		if (matched)
			break;
		if (!variant_made) {
			variant = signature_url_variant(url);
			variant_made = 1;
		}
		if (variant != NULL) {
			signature_mac(ctx, variant, strlen(variant), params, params_len, expected);
			matched = digest_equal(expected, signature, SIGNATURE_LEN);
		}
	}
	digest_wipe(expected, sizeof(expected));
	free(variant);
	free(params);
	return matched;
}

/* The first comma-separated value of a forwarded header, blanks trimmed:
 * the one the outermost proxy saw. 0 when there is none. */
static int
signature_first_value(const char *header, const char **start, size_t *len)
{
	const char *s, *e;

	if (header == NULL)
		return 0;
	s = header + strspn(header, " \t");
	e = s + strcspn(s, ",");
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*start = s;
	*len = (size_t)(e - s);
	return *len > 0;
}

/* Letters, digits and "-._:[]" only, so that a header cannot smuggle a
 * path, userinfo or control characters into the URL. */
static int
signature_host_check(const char *host, size_t len, const char *what, struct error *err)
{
	size_t i;

	if (len == 0 || len > SIGNATURE_HOST_MAX) {
		error_status(err, 400, "%s of %zu bytes", what, len);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)host[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._:[]", c) != NULL)
			continue;
		error_status(err, 400, "%s has byte 0x%02x at offset %zu", what, c, i);
		return -1;
	}
	return 0;
}

static int
signature_host_has_port(const char *host, size_t len)
{
	const char *close;

	if (host[0] == '[') {
		close = memchr(host, ']', len);
		return close != NULL && close + 1 < host + len && close[1] == ':';
	}
	return memchr(host, ':', len) != NULL;
}

static int
signature_scheme_is(const char *s, size_t len, const char *scheme)
{
	return len == strlen(scheme) && strncasecmp(s, scheme, len) == 0;
}

/* public_base_url + REQUEST_URI, without doubling a path prefix. */
static char *
signature_url_from_base(const char *base, const char *request_uri, struct error *err)
{
	const char *authority, *path;
	size_t base_len = strlen(base), prefix_len, i;

	while (base_len > 0 && base[base_len - 1] == '/')
		base_len--;
	if (strncasecmp(base, "https://", 8) == 0)
		authority = base + 8;
	else if (strncasecmp(base, "http://", 7) == 0)
		authority = base + 7;
	else {
		error_status(err, 500, "public_base_url \"%.200s\" does not start with "
		    "http:// or https://", base);
		return NULL;
	}
	for (i = 0; i < base_len; i++) {
		unsigned char c = (unsigned char)base[i];

		if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
			error_status(err, 500, "public_base_url \"%.200s\": byte 0x%02x at "
			    "offset %zu (no blanks, query or fragment)", base, c, i);
			return NULL;
		}
	}
	if (authority > base + base_len) {
		error_status(err, 500, "public_base_url \"%.200s\" has no host", base);
		return NULL;
	}
	path = memchr(authority, '/', (size_t)(base + base_len - authority));
	if (path == NULL)
		path = base + base_len;
	if (signature_host_check(authority, (size_t)(path - authority),
	    "public_base_url host", err) < 0)
		return NULL;
	prefix_len = (size_t)(base + base_len - path);

	/* The web server usually passes the full path: keep it when it already
	 * begins with the prefix as whole segments. */
	if (prefix_len > 0 && strncmp(request_uri, path, prefix_len) == 0 &&
	    strchr("/?", request_uri[prefix_len]) != NULL)
		return signature_join((struct signature_piece[]){
		    { base, (size_t)(path - base) },
		    { request_uri, strlen(request_uri) } }, 2, err);
	return signature_join((struct signature_piece[]){
	    { base, base_len }, { request_uri, strlen(request_uri) } }, 2, err);
}

char *
signature_url(const struct url_source *src, struct error *err)
{
	const char *scheme, *host, *what, *port = NULL, *value;
	size_t host_len, len, i;
	int forwarded = 0;

	if (src->request_uri == NULL || src->request_uri[0] == '\0') {
		error_status(err, 500, "no REQUEST_URI from the web server");
		return NULL;
	}
	if (src->request_uri[0] != '/') {
		error_status(err, 400, "REQUEST_URI does not start with '/'");
		return NULL;
	}
	for (i = 0; src->request_uri[i] != '\0'; i++) {
		unsigned char c = (unsigned char)src->request_uri[i];

		if (c <= ' ' || c == 0x7f) {
			error_status(err, 400, "REQUEST_URI has byte 0x%02x at offset %zu", c, i);
			return NULL;
		}
	}
	if (src->public_base_url != NULL && src->public_base_url[0] != '\0')
		return signature_url_from_base(src->public_base_url, src->request_uri, err);

	if (src->trust_forwarded && signature_first_value(src->forwarded_proto, &value, &len)) {
		if (signature_scheme_is(value, len, "https"))
			scheme = "https";
		else if (signature_scheme_is(value, len, "http"))
			scheme = "http";
		else {
			error_status(err, 400, "X-Forwarded-Proto is neither http nor https");
			return NULL;
		}
		forwarded = 1;
	} else if (src->https != NULL && (strcasecmp(src->https, "on") == 0 ||
	    strcmp(src->https, "1") == 0))
		scheme = "https";
	else if (src->request_scheme == NULL || src->request_scheme[0] == '\0' ||
	    strcasecmp(src->request_scheme, "http") == 0)
		scheme = "http";
	else if (strcasecmp(src->request_scheme, "https") == 0)
		scheme = "https";
	else {
		error_status(err, 500, "REQUEST_SCHEME \"%.32s\" is neither http nor https",
		    src->request_scheme);
		return NULL;
	}

	if (src->trust_forwarded && signature_first_value(src->forwarded_host, &host, &host_len)) {
		what = "X-Forwarded-Host";
		forwarded = 1;
	} else if (src->http_host != NULL && src->http_host[0] != '\0') {
		host = src->http_host;
		host_len = strlen(host);
		what = "Host";
	} else if (src->server_name != NULL && src->server_name[0] != '\0') {
		host = src->server_name;
		host_len = strlen(host);
		what = "SERVER_NAME";
	} else {
		error_status(err, 400, "no Host header and no SERVER_NAME");
		return NULL;
	}
	if (signature_host_check(host, host_len, what, err) < 0)
		return NULL;

	/* Behind a proxy SERVER_PORT is where the proxy reached us, not what
	 * Twilio requested. */
	if (!forwarded && !signature_host_has_port(host, host_len) &&
	    src->server_port != NULL && src->server_port[0] != '\0') {
		const char *p = src->server_port;
		long number = 0;

		for (i = 0; p[i] != '\0'; i++) {
			if (p[i] < '0' || p[i] > '9' || i >= 5)
				break;
			number = number * 10 + (p[i] - '0');
		}
		if (p[i] != '\0' || number < 1 || number > 65535) {
			error_status(err, 500, "SERVER_PORT \"%.16s\" is not a port number", p);
			return NULL;
		}
		if (number != (strcmp(scheme, "https") == 0 ? 443 : 80))
			port = p;
	}
	return signature_join((struct signature_piece[]){
	    { scheme, strlen(scheme) }, { "://", 3 }, { host, host_len },
	    { port != NULL ? ":" : "", port != NULL ? 1 : 0 },
	    { port != NULL ? port : "", port != NULL ? strlen(port) : 0 },
	    { src->request_uri, strlen(src->request_uri) } }, 6, err);
}
