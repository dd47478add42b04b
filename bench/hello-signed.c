/* bench/hello-signed: bench/hello that checks the request's
 * X-Twilio-Signature first, through the hooks' own signature code
 * (src/web/signature.c: nettle's HMAC-SHA1, keyed as the hooks key it), and
 * answers 403 when it does not match. Run as CGI by bench/run beside
 * bench/hello: the difference between the two is what any signed hook
 * run as CGI pays for its HMAC before it does anything of its own.
 *
 * The auth token is HELLO_TOKEN; the URL is rebuilt from the CGI
 * variables as the hooks rebuild it (signature_url). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/web/signature.h"

/* Last: it renames stdio's functions, printf among them, which the
 * headers above name in a format attribute. */
#include <fcgi_stdio.h>

#define HELLO_MAX_BODY 65536

static int
hello_signed(const char *token)
{
	static char body[HELLO_MAX_BODY];
	struct url_source src;
	struct form form;
	struct error err = { 0 };
	const char *length = getenv("CONTENT_LENGTH"), *signature;
	char *tokens[1], *url;
	size_t want, got = 0, n;
	int ok;

	want = length != NULL ? strtoul(length, NULL, 10) : 0;
	if (want > sizeof(body))
		return 0;
	while (got < want && (n = fread(body + got, 1, want - got, stdin)) > 0)
		got += n;
	memset(&src, 0, sizeof(src));
	src.https = getenv("HTTPS");
	src.request_scheme = getenv("REQUEST_SCHEME");
	src.http_host = getenv("HTTP_HOST");
	src.server_name = getenv("SERVER_NAME");
	src.server_port = getenv("SERVER_PORT");
	src.request_uri = getenv("REQUEST_URI");
	signature = getenv("HTTP_X_TWILIO_SIGNATURE");
	memset(&form, 0, sizeof(form));
	if (signature == NULL || form_decode(body, got, &form, &err) < 0)
		return 0;
	if ((url = signature_url(&src, &err)) == NULL) {
		form_free(&form);
		return 0;
	}
	tokens[0] = (char *)token;
	ok = signature_verify(url, &form, tokens, 1, signature) == 1;
	free(url);
	form_free(&form);
	return ok;
}

int
main(void)
{
	const char *token = getenv("HELLO_TOKEN");

	while (FCGI_Accept() >= 0) {
		if (token != NULL && hello_signed(token))
			printf("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nHello, world\n");
		else
			printf("Status: 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nbad signature\n");
	}
	return 0;
}
