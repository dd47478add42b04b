/* fuzz/signature: the URL a request was signed for, rebuilt from CGI
 * variables, and the signature over it and the posted form.
 *
 * Input, one part a line: flags ('f' anywhere: trust forwarded headers),
 * public_base_url, HTTPS, REQUEST_SCHEME, HTTP_HOST, SERVER_NAME,
 * SERVER_PORT, REQUEST_URI, X-Forwarded-Proto, X-Forwarded-Host (an empty
 * line leaves the variable unset), the token, a signature; the rest is the
 * form body. What must hold: a URL is http(s)://..., and a signature just
 * computed for a URL, form and token verifies. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/web/signature.h"

#include "fuzz.h"

#define FUZZ_URL_FIELDS 9

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { (const char *)data, size };
	struct url_source src;
	struct form form;
	struct error err = { 0 };
	char *flags, *fields[FUZZ_URL_FIELDS], *token, *signature, *url = NULL;
	char computed[SIGNATURE_LEN + 1];
	char *tokens[2];
	size_t i;

	memset(&src, 0, sizeof(src));
	memset(&form, 0, sizeof(form));
	flags = fuzz_line(&in);
	for (i = 0; i < FUZZ_URL_FIELDS; i++) {
		fields[i] = fuzz_line(&in);
		if (fields[i] != NULL && fields[i][0] == '\0') {
			free(fields[i]);
			fields[i] = NULL;
		}
	}
	token = fuzz_line(&in);
	signature = fuzz_line(&in);
	src.trust_forwarded = flags != NULL && strchr(flags, 'f') != NULL;
	src.public_base_url = fields[0];
	src.https = fields[1];
	src.request_scheme = fields[2];
	src.http_host = fields[3];
	src.server_name = fields[4];
	src.server_port = fields[5];
	src.request_uri = fields[6];
	src.forwarded_proto = fields[7];
	src.forwarded_host = fields[8];

	if (form_decode(in.p, in.left, &form, &err) < 0)
		memset(&form, 0, sizeof(form));
	memset(&err, 0, sizeof(err));
	if ((url = signature_url(&src, &err)) != NULL) {
		if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
			fuzz_fail("signature_url gave '%s', not an http(s) URL", url);
	} else if (err.message[0] == '\0') {
		fuzz_fail("signature_url failed without a reason");
	} else {
		/* Still sign something: the raw REQUEST_URI, whatever it holds. */
		url = fuzz_strndup(fields[6] ? fields[6] : "", fields[6] ? strlen(fields[6]) : 0);
	}

	tokens[0] = token != NULL ? token : "";
	tokens[1] = "a-second-token-during-rotation";
	memset(&err, 0, sizeof(err));
	if (signature_compute(url, &form, tokens[0], computed, &err) == 0) {
		if (strlen(computed) != SIGNATURE_LEN)
			fuzz_fail("a signature of %zu characters", strlen(computed));
		if (signature_verify(url, &form, tokens, 2, computed) != 1)
			fuzz_fail("a signature just computed does not verify (URL '%s')", url);
		if (strcmp(tokens[0], tokens[1]) != 0 &&
		    signature_verify(url, &form, tokens + 1, 1, computed) != 0)
			fuzz_fail("a signature verifies under another token");
	} else if (tokens[0][0] != '\0' && url[0] != '\0') {
		fuzz_fail("signature_compute failed with a token: %s", err.message);
	}
	if (signature_verify(url, &form, tokens, 2, signature) < 0)
		fuzz_fail("signature_verify gave a negative answer");

	form_free(&form);
	free(url);
	for (i = 0; i < FUZZ_URL_FIELDS; i++)
		free(fields[i]);
	free(flags);
	free(token);
	free(signature);
	return 0;
}
