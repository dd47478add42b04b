/* t/signature: X-Twilio-Signature against the official vectors and the URL rules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <nettle/hmac.h>

#include "proxyhooks/web/signature.h"
#include "tap.h"

/* The helper libraries' test request (auth token 12345). */
#define URL	"https://mycompany.com/myapp.php?foo=1&bar=2"
#define SIG_PLAIN	"RSOYDt4T1cUTdK1PDd93/VVr8B8="
#define SIG_443		"kvajT1Ptam85bY51eRf/AJRuM3w="
#define SIG_HTTP_1234	"Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
#define SIG_80		"0ZXoZLH/DfblKGATFgpif+LLRf4="
#define SIG_DUPLICATES	"IK+Dwps556ElfBT0I3Rgjkr1wJU="
#define SIG_BODY	"dsq4Ehbj6cs+KdTkpF5sSSplOWw="

struct pair {
	const char *name;
	const char *value;
};

#define END { NULL, NULL }
static const struct pair official[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "Digits", "1234" }, { "From", "+14158675309" }, { "To", "+18005551212" }, END
};
static const struct pair official_reordered[] = {
	{ "To", "+18005551212" }, { "Digits", "1234" }, { "From", "+14158675309" },
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" }, END
};
static const struct pair duplicates[] = {
	{ "Sid", "CA123" }, { "SidAccount", "AC123" }, { "Digits", "5678" },
	{ "Digits", "1234" }, END
};
/* A repeated identical pair counts once. */
static const struct pair duplicates_repeated[] = {
	{ "Digits", "1234" }, { "SidAccount", "AC123" }, { "Digits", "5678" },
	{ "Sid", "CA123" }, { "Digits", "1234" }, END
};
static const struct pair altered_value[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "Digits", "1235" }, { "From", "+14158675309" }, { "To", "+18005551212" }, END
};
static const struct pair altered_name[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "digits", "1234" }, { "From", "+14158675309" }, { "To", "+18005551212" }, END
};
static const struct pair added_param[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "Digits", "1234" }, { "From", "+14158675309" }, { "To", "+18005551212" },
	{ "Extra", "1" }, END
};
static const struct pair missing_param[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "Digits", "1234" }, { "From", "+14158675309" }, END
};
/* The query's foo and bar posted as parameters: not what Twilio signs. */
static const struct pair query_as_params[] = {
	{ "CallSid", "CA1234567890ABCDE" }, { "Caller", "+14158675309" },
	{ "Digits", "1234" }, { "From", "+14158675309" }, { "To", "+18005551212" },
	{ "foo", "1" }, { "bar", "2" }, END
};
/* Byte order is unsigned: "é" (0xc3 0xa9) sorts after every ASCII name and
 * value, so "a" gets "z" before "é". */
static const struct pair utf8[] = {
	{ "\xc3\xa9", "1" }, { "Body", "Grüße 日本語 👋" }, { "Z", "2" },
	{ "a", "\xc3\xa9" }, { "a", "z" }, { "From", "+15551234567" }, END
};
static const struct pair short_only[] = { { "Short", "v" }, END };
static const struct pair none[] = { END };

static char *const token_official[] = { "12345" };
static char *const token_second[] = { "54321", "12345" };
static char *const token_wrong[] = { "54321", "123456" };
static char *const token_empty_first[] = { "", NULL, "12345" };

static void
form_fill(struct form *form, const struct pair *pairs)
{
	memset(form, 0, sizeof(*form));
	for (; pairs->name != NULL; pairs++)
		if (form_add(form, pairs->name, pairs->value) < 0) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
}

static void
test_compute(void)
{
	static const struct {
		const char        *name;
		const char        *url;
		const struct pair *pairs;
		const char        *token;
		const char        *wanted;
	} cases[] = {
		{ "official: as above", URL, official, "12345", SIG_PLAIN },
		{ "official: parameter order does not matter", URL, official_reordered,
		    "12345", SIG_PLAIN },
		{ "official: :443 added", "https://mycompany.com:443/myapp.php?foo=1&bar=2",
		    official, "12345", SIG_443 },
		{ "official: http with :1234", "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
		    official, "12345", SIG_HTTP_1234 },
		{ "official: :80 added", "http://mycompany.com:80/myapp.php?foo=1&bar=2",
		    official, "12345", SIG_80 },
		{ "official: duplicates", URL, duplicates, "12345", SIG_DUPLICATES },
		{ "duplicates: an identical pair counts once", URL, duplicates_repeated,
		    "12345", SIG_DUPLICATES },
		{ "official: raw query with ' and +", URL "&Body=It's+amazing", official,
		    "12345", SIG_BODY },
		/*
		 * The next expectations come from the openssl command line, not from
		 * this code:
		 * printf '%s' 'https://example.com/hookBodyGrüße 日本語 👋From+15551234567Z2azaéé1' |
		 *     openssl dgst -sha1 -hmac 12345 -binary | base64
		 */
		{ "UTF-8 names and values, unsigned byte order", "https://example.com/hook",
		    utf8, "12345", "GCABu0BlrX7KuV9Q4BACjS0WpTU=" },
		/* printf '%s' 'https://example.com/hook' | openssl dgst -sha1 -hmac 12345 -binary | base64 */
		{ "no parameters: the URL alone", "https://example.com/hook", none, "12345",
		    "JuPavG0Zweu3T+LUwMO9lxmVvgY=" },
		/* printf '%s' 'https://example.com/hookShortv' |
		 *     openssl dgst -sha1 -hmac "$(printf 'k%.0s' $(seq 100))" -binary | base64 */
		{ "a 100-byte token", "https://example.com/hook", short_only,
		    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
		    "CdZuiXuEHh4YYGhJIVyJGCrRsZg=" },
	};
	char out[SIGNATURE_LEN + 1];
	struct error err;
	struct form form;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		form_fill(&form, cases[i].pairs);
		error_clear(&err);
		if (!is_int(signature_compute(cases[i].url, &form, cases[i].token, out, &err), 0,
		    cases[i].name))
			diag("%s", err.message);
		is_string(out, cases[i].wanted, cases[i].name);
		form_free(&form);
	}

	/* No form at all is the same as an empty one. */
	error_clear(&err);
	is_int(signature_compute("https://example.com/hook", NULL, "12345", out, &err), 0,
	    "NULL form accepted");
	is_string(out, "JuPavG0Zweu3T+LUwMO9lxmVvgY=", "NULL form signs the URL alone");
}

/* A name of 150 bytes and a value of 160 bytes of 2-byte characters. */
static void
test_long(void)
{
	char name[151], value[161], out[SIGNATURE_LEN + 1];
	struct form form = { 0 };
	struct error err = { 0 };
	size_t i;

	name[0] = 'L';
	memset(name + 1, 'o', 149);
	name[150] = '\0';
	for (i = 0; i < 80; i++)
		memcpy(value + 2 * i, "\xc3\xbc", 2);	/* ü */
	value[160] = '\0';
	if (form_add(&form, "Short", "v") < 0 || form_add(&form, name, value) < 0)
		exit(2);
	/*
	 * From the openssl command line:
	 * L="L$(printf 'o%.0s' $(seq 149))"; V="$(printf 'ü%.0s' $(seq 80))"
	 * printf '%s' "https://example.com/hook${L}${V}Shortv" |
	 *     openssl dgst -sha1 -hmac 12345 -binary | base64
	 */
	is_int(signature_compute("https://example.com/hook", &form, "12345", out, &err), 0,
	    "long name and value: computed");
	is_string(out, "+5F8gKmxXBghEfp4/AOE2Ygw7As=", "long name and value: signature");
	is_int(signature_verify("https://example.com/hook", &form, token_official, 1,
	    "+5F8gKmxXBghEfp4/AOE2Ygw7As="), 1, "long name and value: verified");
	form_free(&form);
}

/* The body as Twilio sends it, with '+' percent-encoded, through form_decode. */
static void
test_decoded_body(void)
{
	static const char body[] = "To=%2B18005551212&From=%2B14158675309&Digits=1234"
	    "&Caller=%2B14158675309&CallSid=CA1234567890ABCDE";
	struct form form = { 0 };
	struct error err = { 0 };

	if (!is_int(form_decode(body, strlen(body), &form, &err), 0, "decoded body: decodes"))
		diag("%s", err.message);
	is_int(signature_verify(URL, &form, token_official, 1, SIG_PLAIN), 1,
	    "decoded body: official signature verifies");
	form_free(&form);
}

static void
test_verify(void)
{
	static const struct {
		const char        *name;
		const char        *url;
		const struct pair *pairs;
		char *const       *tokens;
		size_t             ntokens;
		const char        *signature;
		int                wanted;
	} cases[] = {
		{ "official: as above", URL, official, token_official, 1, SIG_PLAIN, 1 },
		{ "official: received at :1234, port removed",
		    "https://mycompany.com:1234/myapp.php?foo=1&bar=2", official,
		    token_official, 1, SIG_PLAIN, 1 },
		{ "official: signed with :443, received without",
		    URL, official, token_official, 1, SIG_443, 1 },
		{ "official: http at :1234 as received",
		    "http://mycompany.com:1234/myapp.php?foo=1&bar=2", official,
		    token_official, 1, SIG_HTTP_1234, 1 },
		{ "official: signed with :80, received without",
		    "http://mycompany.com/myapp.php?foo=1&bar=2", official,
		    token_official, 1, SIG_80, 1 },
		{ "official: duplicates", URL, duplicates, token_official, 1, SIG_DUPLICATES, 1 },
		{ "official: raw query with ' and +", URL "&Body=It's+amazing", official,
		    token_official, 1, SIG_BODY, 1 },

		{ "two tokens, the second matches", URL, official, token_second, 2, SIG_PLAIN, 1 },
		{ "empty and NULL tokens skipped", URL, official, token_empty_first, 3,
		    SIG_PLAIN, 1 },
		{ "two tokens, neither matches", URL, official, token_wrong, 2, SIG_PLAIN, 0 },
		{ "no tokens", URL, official, token_official, 0, SIG_PLAIN, 0 },
		{ "NULL token list", URL, official, NULL, 1, SIG_PLAIN, 0 },

		{ "altered value refused", URL, altered_value, token_official, 1, SIG_PLAIN, 0 },
		{ "altered name (case) refused", URL, altered_name, token_official, 1,
		    SIG_PLAIN, 0 },
		{ "added parameter refused", URL, added_param, token_official, 1, SIG_PLAIN, 0 },
		{ "missing parameter refused", URL, missing_param, token_official, 1,
		    SIG_PLAIN, 0 },
		{ "query parameters are not POST parameters",
		    "https://mycompany.com/myapp.php", query_as_params, token_official, 1,
		    SIG_PLAIN, 0 },
		{ "altered path refused", "https://mycompany.com/myapp2.php?foo=1&bar=2",
		    official, token_official, 1, SIG_PLAIN, 0 },
		{ "altered host refused", "https://mycompany.org/myapp.php?foo=1&bar=2",
		    official, token_official, 1, SIG_PLAIN, 0 },
		{ "scheme is signed", "http://mycompany.com/myapp.php?foo=1&bar=2",
		    official, token_official, 1, SIG_PLAIN, 0 },
		{ "another port is not swapped for :443",
		    "https://mycompany.com:1234/myapp.php?foo=1&bar=2", official,
		    token_official, 1, SIG_443, 0 },
		{ "re-encoded ' refused", URL "&Body=It%27s+amazing", official,
		    token_official, 1, SIG_BODY, 0 },
		{ "re-encoded + refused", URL "&Body=It's%20amazing", official,
		    token_official, 1, SIG_BODY, 0 },

		{ "missing signature refused", URL, official, token_official, 1, NULL, 0 },
		{ "empty signature refused", URL, official, token_official, 1, "", 0 },
		{ "garbage signature refused", URL, official, token_official, 1,
		    "not a signature at all!!!!!!", 0 },
		{ "one character changed refused", URL, official, token_official, 1,
		    "RSOYDt4T1cUTdK1PDd93/VVr8B9=", 0 },
		{ "truncated signature refused", URL, official, token_official, 1,
		    "RSOYDt4T1cUTdK1PDd93/VVr8B8", 0 },
		{ "signature with a suffix refused", URL, official, token_official, 1,
		    SIG_PLAIN "=", 0 },
		{ "signature case matters", URL, official, token_official, 1,
		    "rsoydt4t1cutdk1pdd93/vvr8b8=", 0 },
	};
	struct form form;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		form_fill(&form, cases[i].pairs);
		is_int(signature_verify(cases[i].url, &form, cases[i].tokens, cases[i].ntokens,
		    cases[i].signature), cases[i].wanted, cases[i].name);
		form_free(&form);
	}
}

/* Which port variants verify() tries; signed URLs come from signature_compute,
 * which the official vectors above pin down. */
static void
test_port_variants(void)
{
	static const struct {
		const char *name;
		const char *signed_url;
		const char *received_url;
		int         wanted;
	} cases[] = {
		{ "IPv6 literal: port removed", "https://[2001:db8::1]/p",
		    "https://[2001:db8::1]:8443/p", 1 },
		{ "IPv6 literal: :443 added", "https://[2001:db8::1]:443/p",
		    "https://[2001:db8::1]/p", 1 },
		{ "IPv6 literal: colons in the address are not a port",
		    "https://[2001:db8::]/p", "https://[2001:db8::1]/p", 0 },
		{ "userinfo: port removed", "https://u:pw@h.example.com/p",
		    "https://u:pw@h.example.com:1234/p", 1 },
		{ "no path: port removed", "https://h.example.com",
		    "https://h.example.com:8443", 1 },
		{ "no path, query only: :443 added", "https://h.example.com:443?a=1",
		    "https://h.example.com?a=1", 1 },
		{ "a colon in the query is not a port", "https://h.example.com/p?x=y",
		    "https://h.example.com/p?x=y:1234", 0 },
		{ "unknown scheme gets no default port", "ftp://h.example.com:21/p",
		    "ftp://h.example.com/p", 0 },
		{ "default port is per scheme", "https://h.example.com:80/p",
		    "https://h.example.com/p", 0 },
	};
	char sig[SIGNATURE_LEN + 1];
	struct form form;
	struct error err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		form_fill(&form, official);
		error_clear(&err);
		if (signature_compute(cases[i].signed_url, &form, "12345", sig, &err) < 0) {
			ok(0, cases[i].name);
			diag("%s", err.message);
		} else
			is_int(signature_verify(cases[i].received_url, &form, token_official, 1,
			    sig), cases[i].wanted, cases[i].name);
		form_free(&form);
	}
}

static void
test_refusals(void)
{
	static char *const empty_token[] = { "" };
	unsigned char mac[SHA1_DIGEST_SIZE];
	struct hmac_sha1_ctx hmac;
	char sig[SIGNATURE_LEN + 1] = "x", forged[SIGNATURE_LEN + 1];
	struct error err = { 0 };
	struct form form;

	form_fill(&form, official);
	is_int(signature_compute(URL, &form, "", sig, &err), -1, "empty token: refused");
	ok(err.message[0] != '\0', "empty token: error says why");
	is_string(sig, "", "empty token: no signature left behind");
	error_clear(&err);
	is_int(signature_compute(URL, &form, NULL, sig, &err), -1, "NULL token: refused");
	error_clear(&err);
	is_int(signature_compute(NULL, &form, "12345", sig, &err), -1, "NULL URL: refused");
	error_clear(&err);
	is_int(signature_compute("", &form, "12345", sig, &err), -1, "empty URL: refused");

	/* Anyone can compute an HMAC under an empty key: an empty configured
	 * token must not make such a signature valid. */
	hmac_sha1_set_key(&hmac, 0, (const uint8_t *)"");
	hmac_sha1_update(&hmac, strlen(URL "CallSidCA1234567890ABCDECaller+14158675309Digits1234"
	    "From+14158675309To+18005551212"), (const uint8_t *)URL "CallSidCA1234567890ABCDE"
	    "Caller+14158675309Digits1234From+14158675309To+18005551212");
	hmac_sha1_digest(&hmac, sizeof(mac), mac);
	base64_encode_raw(forged, sizeof(mac), mac);
	forged[SIGNATURE_LEN] = '\0';
	is_int(signature_verify(URL, &form, empty_token, 1, forged), 0,
	    "empty token: empty-key signature refused");
	is_int(signature_verify(NULL, &form, token_official, 1, SIG_PLAIN), 0,
	    "NULL URL: refused");
	form_free(&form);
}

static void
test_url(void)
{
	static const struct {
		const char       *name;
		struct url_source src;
		const char       *wanted;	/* NULL: an error */
		int               status;
	} cases[] = {
		{ "base URL + REQUEST_URI", { .public_base_url = "https://hooks.example.com",
		    .request_uri = "/intercept?x=1" },
		    "https://hooks.example.com/intercept?x=1", 0 },
		{ "base URL: trailing slashes trimmed",
		    { .public_base_url = "https://hooks.example.com//",
		    .request_uri = "/intercept" }, "https://hooks.example.com/intercept", 0 },
		{ "base URL: port kept", { .public_base_url = "https://hooks.example.com:8443",
		    .request_uri = "/cb" }, "https://hooks.example.com:8443/cb", 0 },
		{ "base URL wins over CGI and trusted forwarded headers",
		    { .public_base_url = "https://hooks.example.com", .trust_forwarded = 1,
		    .https = NULL, .http_host = "127.0.0.1:8080", .server_port = "8080",
		    .forwarded_proto = "http", .forwarded_host = "evil.example.com",
		    .request_uri = "/cb" }, "https://hooks.example.com/cb", 0 },
		{ "base prefix: full path passed, not doubled",
		    { .public_base_url = "https://h.example.com/twilio",
		    .request_uri = "/twilio/callback?x=1" },
		    "https://h.example.com/twilio/callback?x=1", 0 },
		{ "base prefix with a trailing slash: not doubled",
		    { .public_base_url = "https://h.example.com/twilio/",
		    .request_uri = "/twilio/callback?x=1" },
		    "https://h.example.com/twilio/callback?x=1", 0 },
		{ "base prefix: exactly the prefix with a query",
		    { .public_base_url = "https://h.example.com/twilio",
		    .request_uri = "/twilio?x=1" }, "https://h.example.com/twilio?x=1", 0 },
		{ "base prefix: stripped path gets it back",
		    { .public_base_url = "https://h.example.com/twilio",
		    .request_uri = "/callback?x=1" },
		    "https://h.example.com/twilio/callback?x=1", 0 },
		{ "base prefix: only whole segments count",
		    { .public_base_url = "https://h.example.com/twilio",
		    .request_uri = "/twilioX/cb" }, "https://h.example.com/twilio/twilioX/cb", 0 },
		{ "base URL without a scheme refused",
		    { .public_base_url = "hooks.example.com", .request_uri = "/cb" }, NULL, 500 },
		{ "base URL without a host refused",
		    { .public_base_url = "https://", .request_uri = "/cb" }, NULL, 500 },
		{ "base URL with a query refused",
		    { .public_base_url = "https://h.example.com/?a=1", .request_uri = "/cb" },
		    NULL, 500 },

		{ "HTTPS=on, Host without port, SERVER_PORT 443",
		    { .https = "on", .http_host = "h.example.com", .server_port = "443",
		    .request_uri = "/cb?a=1" }, "https://h.example.com/cb?a=1", 0 },
		{ "HTTPS=1, Host with port not doubled",
		    { .https = "1", .http_host = "h.example.com:8443", .server_port = "8443",
		    .request_uri = "/cb" }, "https://h.example.com:8443/cb", 0 },
		{ "HTTPS=on, Host without port, SERVER_PORT 8443 added",
		    { .https = "on", .http_host = "h.example.com", .server_port = "8443",
		    .request_uri = "/cb" }, "https://h.example.com:8443/cb", 0 },
		{ "plain http at port 80", { .http_host = "h.example.com", .server_port = "80",
		    .request_uri = "/cb" }, "http://h.example.com/cb", 0 },
		{ "HTTPS=off is http", { .https = "off", .http_host = "h.example.com",
		    .server_port = "80", .request_uri = "/cb" }, "http://h.example.com/cb", 0 },
		{ "http at 443 is not a default port",
		    { .http_host = "h.example.com", .server_port = "443", .request_uri = "/cb" },
		    "http://h.example.com:443/cb", 0 },
		{ "REQUEST_SCHEME https", { .request_scheme = "https",
		    .http_host = "h.example.com", .server_port = "443", .request_uri = "/cb" },
		    "https://h.example.com/cb", 0 },
		{ "no Host: SERVER_NAME and a non-default SERVER_PORT",
		    { .server_name = "s.example.com", .server_port = "8080", .request_uri = "/cb" },
		    "http://s.example.com:8080/cb", 0 },
		{ "IPv6 Host with port", { .http_host = "[::1]:8080", .server_port = "8080",
		    .request_uri = "/cb" }, "http://[::1]:8080/cb", 0 },
		{ "IPv6 Host without port", { .http_host = "[::1]", .server_port = "8080",
		    .request_uri = "/cb" }, "http://[::1]:8080/cb", 0 },
		{ "query kept byte for byte", { .https = "on", .http_host = "h.example.com",
		    .request_uri = "/cb?Body=It's+amazing&q=%27%20" },
		    "https://h.example.com/cb?Body=It's+amazing&q=%27%20", 0 },

		{ "forwarded headers ignored unless trusted",
		    { .http_host = "127.0.0.1:8080", .server_port = "8080",
		    .forwarded_proto = "https", .forwarded_host = "public.example.com",
		    .request_uri = "/cb" }, "http://127.0.0.1:8080/cb", 0 },
		{ "forwarded headers used when trusted, SERVER_PORT not added",
		    { .trust_forwarded = 1, .http_host = "127.0.0.1", .server_port = "8080",
		    .forwarded_proto = "https", .forwarded_host = "public.example.com",
		    .request_uri = "/cb" }, "https://public.example.com/cb", 0 },
		{ "trusted: first of several values, blanks trimmed",
		    { .trust_forwarded = 1, .http_host = "127.0.0.1",
		    .forwarded_proto = " HTTPS , http", .forwarded_host = "public.example.com, proxy",
		    .request_uri = "/cb" }, "https://public.example.com/cb", 0 },
		{ "trusted proto only: Host kept, SERVER_PORT not added",
		    { .trust_forwarded = 1, .http_host = "public.example.com", .server_port = "8080",
		    .forwarded_proto = "https", .request_uri = "/cb" },
		    "https://public.example.com/cb", 0 },
		{ "trusted but absent: CGI values",
		    { .trust_forwarded = 1, .https = "on", .http_host = "h.example.com",
		    .server_port = "443", .request_uri = "/cb" }, "https://h.example.com/cb", 0 },
		{ "trusted forwarded proto that is not http(s) refused",
		    { .trust_forwarded = 1, .http_host = "h.example.com",
		    .forwarded_proto = "gopher", .request_uri = "/cb" }, NULL, 400 },
		{ "trusted forwarded host with a path refused",
		    { .trust_forwarded = 1, .forwarded_host = "evil.example.com/x",
		    .request_uri = "/cb" }, NULL, 400 },

		{ "no REQUEST_URI refused", { .http_host = "h.example.com" }, NULL, 500 },
		{ "empty REQUEST_URI refused", { .http_host = "h.example.com", .request_uri = "" },
		    NULL, 500 },
		{ "REQUEST_URI without a leading slash refused",
		    { .http_host = "h.example.com", .request_uri = "http://h.example.com/cb" },
		    NULL, 400 },
		{ "REQUEST_URI with a space refused",
		    { .http_host = "h.example.com", .request_uri = "/cb x" }, NULL, 400 },
		{ "no Host and no SERVER_NAME refused", { .request_uri = "/cb" }, NULL, 400 },
		{ "Host with userinfo refused",
		    { .http_host = "user@h.example.com", .request_uri = "/cb" }, NULL, 400 },
		{ "Host with a newline refused",
		    { .http_host = "h.example.com\nX: y", .request_uri = "/cb" }, NULL, 400 },
		{ "SERVER_PORT not a number refused",
		    { .http_host = "h.example.com", .server_port = "80a", .request_uri = "/cb" },
		    NULL, 500 },
		{ "SERVER_PORT out of range refused",
		    { .http_host = "h.example.com", .server_port = "65536", .request_uri = "/cb" },
		    NULL, 500 },
		{ "REQUEST_SCHEME unknown refused",
		    { .request_scheme = "ftp", .http_host = "h.example.com", .request_uri = "/cb" },
		    NULL, 500 },
	};
	struct error err;
	char *url;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		error_clear(&err);
		url = signature_url(&cases[i].src, &err);
		is_string(url, cases[i].wanted, cases[i].name);
		if (cases[i].wanted == NULL) {
			is_int(err.status, cases[i].status, "  and its status");
			ok(err.message[0] != '\0', "  and a message");
		}
		free(url);
	}
}

int
main(void)
{
	test_compute();
	test_long();
	test_decoded_body();
	test_verify();
	test_port_variants();
	test_refusals();
	test_url();
	return done_testing();
}
