/* interaction: the message text out of interactionData, and what is refused. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"
#include "proxyhooks/web/form.h"
#include "proxyhooks/web/interaction.h"
#include "tap.h"

/* Run interaction_body over data (len bytes); returns its status and leaves
 * the text (or NULL) in *text, the error message in err. */
static int
body_of(const char *data, size_t len, char **text, size_t *text_len, struct error *err)
{
	memset(err, 0, sizeof(*err));
	return interaction_body(data, len, text, text_len, err);
}

static void
expect_text(const char *data, const char *wanted, size_t wanted_len, const char *name)
{
	struct error err;
	char *text = (char *)"unset", label[200];
	size_t len = 99;
	int rc = body_of(data, strlen(data), &text, &len, &err);

	snprintf(label, sizeof(label), "%s: decoded", name);
	if (!is_int(rc, 1, label))
		diag("error: %s", err.message);
	snprintf(label, sizeof(label), "%s: text", name);
	ok(text != NULL && len == wanted_len && memcmp(text, wanted, wanted_len) == 0 &&
	    text[len] == '\0', label);
	free(rc == 1 ? text : NULL);
}

static void
expect_none(const char *data, size_t len, const char *name)
{
	struct error err;
	char *text = (char *)"unset", label[200];
	size_t text_len = 99;
	int rc = body_of(data, len, &text, &text_len, &err);

	snprintf(label, sizeof(label), "%s: no body", name);
	is_int(rc, 0, label);
	snprintf(label, sizeof(label), "%s: nothing returned, no error", name);
	ok(text == NULL && text_len == 0 && err.message[0] == '\0', label);
}

static void
expect_error(const char *data, size_t len, const char *name)
{
	struct error err;
	char *text = (char *)"unset", label[200];
	size_t text_len = 99;
	int rc = body_of(data, len, &text, &text_len, &err);

	snprintf(label, sizeof(label), "%s: refused", name);
	is_int(rc, -1, label);
	snprintf(label, sizeof(label), "%s: the error names interactionData", name);
	ok(strncmp(err.message, "interactionData: ", 17) == 0, label);
	snprintf(label, sizeof(label), "%s: nothing returned", name);
	ok(text == NULL && text_len == 0, label);
	if (rc == -1)
		diag("%s", err.message);
}

static void
test_decoding(void)
{
	expect_text("{\"body\":\"Call me at 415 555 0199 instead \\u263a\"}",
	    "Call me at 415 555 0199 instead \xe2\x98\xba", 35, "the fixture's \\u263a");
	expect_text("{\"body\":\"hi \\ud83d\\ude00\"}", "hi \xf0\x9f\x98\x80", 7,
	    "a surrogate pair");
	expect_text("{\"body\":\"hi \\uD83D\\uDE00\"}", "hi \xf0\x9f\x98\x80", 7,
	    "a surrogate pair in upper case");
	expect_text("{\"body\":\"say \\\"hi\\\"\\n\\tback\\\\slash \\/ \\r\\b\\f\"}",
	    "say \"hi\"\n\tback\\slash / \r\b\f", 26, "escaped quotes, newlines, slashes");
	expect_text("{\"body\":\"\"}", "", 0, "an empty body");
	expect_text("{\"body\":\"Ca va? \xc3\x87" "a va \xf0\x9f\x98\x80\"}",
	    "Ca va? \xc3\x87" "a va \xf0\x9f\x98\x80", 18, "UTF-8 as is");
	expect_text(" \n{ \"extra\": [1, {\"a\": null}], \"body\" : \"x\" }\n", "x", 1,
	    "other members and whitespace");
	expect_text("{\"body\":\"\\u00e9\\u4e2d\"}", "\xc3\xa9\xe4\xb8\xad", 5,
	    "two- and three-byte escapes");
}

static void
test_no_body(void)
{
	expect_none("", 0, "empty data");
	expect_none(" \r\n\t", 4, "blank data");
	expect_none("{\"duration\":\"5\"}", 16, "a call's duration");
	expect_none("{}", 2, "an empty object");
	expect_none("{\"body\":5}", 10, "a number body");
	expect_none("{\"body\":null}", 13, "a null body");
	expect_none("{\"body\":{\"text\":\"hi\"}}", 22, "an object body");
	expect_none("{\"Body\":\"hi\"}", 13, "Body is not body");
}

static void
test_refused(void)
{
	static const char nul_raw[] = "{\"body\":\"a\0b\"}";
	char *deep;
	size_t n = 100000, i;

	expect_error("{\"body\":\"abc\"", 13, "unterminated");
	expect_error("{\"body\":\"abc\"} trailing", 23, "trailing text");
	expect_error("{body:\"abc\"}", 12, "unquoted key");
	expect_error("{\"body\":\"\\ud83d\"}", 17, "a lone high surrogate");
	expect_error("{\"body\":\"\\ude00\"}", 17, "a lone low surrogate");
	expect_error("{\"body\":\"\\ud83d\\u0041\"}", 23, "a high surrogate before a letter");
	expect_error("{\"body\":\"a\\u0000b\"}", 19, "\\u0000");
	{
		static const char leak[] = "{\"body\":\"secret\\u0000text\"}";
		struct error err;
		char *text;
		size_t len;

		is_int(body_of(leak, sizeof(leak) - 1, &text, &len, &err), -1, "a fault in the body");
		ok(strstr(err.message, "secret") == NULL && strstr(err.message, "column") != NULL,
		    "the error gives the place, not the message text");
	}
	expect_error(nul_raw, sizeof(nul_raw) - 1, "a raw NUL byte");
	expect_error("{\"body\":\"\xc3\x28\"}", 12, "invalid UTF-8");
	expect_error("{\"body\":\"\xed\xa0\x80\"}", 13, "an encoded surrogate");
	expect_error("{\"body\":\"a\nb\"}", 14, "a raw newline in a string");
	expect_error("{\"body\":\"a\",\"body\":\"b\"}", 23, "a duplicated body");
	expect_error("[1]", 3, "an array");
	expect_error("\"Call me\"", 9, "a bare string");
	expect_error("5", 1, "a number");
	expect_error("null", 4, "null");
	expect_error("{\"body\":\"x\\q\"}", 14, "an unknown escape");

	/* Deep nesting must be refused, not recursed into. */
	deep = malloc(n * 5 + 16);
	memset(deep, '[', n);
	expect_error(deep, n, "100000 [");
	for (i = 0; i < n; i++)
		memcpy(deep + i * 5, "{\"a\":", 5);
	expect_error(deep, n * 5, "100000 nested objects");
	memcpy(deep, "{\"body\":\"x\",\"y\":", 16);
	memset(deep + 16, '[', n);
	expect_error(deep, n + 16, "a body beside deep nesting");
	free(deep);
}

static void
test_lengths(void)
{
	static const char data[] = "{\"body\":\"ab\"}garbage";
	struct error err;
	char *text = NULL, *big;
	size_t len = 0, n = 100000, i;
	int rc;

	rc = body_of(data, 13, &text, &len, &err);
	is_int(rc, 1, "only len bytes are read");
	is_string(text, "ab", "the text within len");
	free(text);

	big = malloc(n + 16);
	memcpy(big, "{\"body\":\"", 9);
	for (i = 0; i < n; i++)
		big[9 + i] = (char)('a' + i % 26);
	memcpy(big + 9 + n, "\"}", 2);
	rc = body_of(big, n + 11, &text, &len, &err);
	is_int(rc, 1, "a 100 kB body");
	ok(rc == 1 && len == n && text[n] == '\0' && memcmp(text, big + 9, n) == 0,
	    "the 100 kB body intact");
	free(text);
	free(big);
}

/* interaction_body reads an object of plain strings in one pass, and
 * hands everything else to jansson: the answers are jansson's either way. */
static void
test_one_pass(void)
{
	static const char *const cases[] = {
		"{\"body\":\"hello\"}",
		" \r\n\t{ \"body\" : \"hello there\" } \n",
		"{\"a\":\"1\",\"body\":\"x y z\",\"c\":\"\"}",
		"{}", " { \t} ", "{\"duration\":\"5\"}", "{\"Body\":\"hi\"}",
		"{\"body\":\"\"}", "{\"body\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 \x7f\"}",
		"{\"body\":\"a\",\"body\":\"b\"}", "{\"a\":\"x\",\"a\":\"y\"}",
		"{\"a\":\"x\",\"b\":\"y\",\"a\":\"z\",\"body\":\"w\"}",
		"{\"body\":\"x\",}", "{,}", "{\"body\":\"x\"} x", "{\"body\":\"x\"}}",
		"{\"body\":\"x\"", "{\"body\" \"x\"}", "{\"body\":\"x\" \"y\":\"z\"}",
		"{\"body\":\"\xc3\x28\"}", "{\"k\xc3\x28\":\"v\",\"body\":\"x\"}",
		"{\"body\":\"\xed\xa0\x80\"}", "{\"body\":\"tab\there\"}",
		"{\"body\":\"a\\nb\"}", "{\"body\":\"x\",\"n\":5}", "{\"body\":5,\"x\":\"y\"}",
		"{\"body\":\"x\",\"o\":{\"body\":\"y\"}}", "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\","
		"\"d\":\"4\",\"e\":\"5\",\"f\":\"6\",\"g\":\"7\",\"h\":\"8\",\"i\":\"9\",\"j\":\"10\","
		"\"k\":\"11\",\"l\":\"12\",\"m\":\"13\",\"n\":\"14\",\"o\":\"15\",\"p\":\"16\","
		"\"body\":\"the seventeenth\"}",
		"\"body\"", "[\"body\",\"x\"]", "{\"body\":\"x\"}\n\n",
	};
	static const char nul_key[] = "{\"bo\0dy\":\"x\"}";
	struct error e1, e2;
	char *t1, *t2, label[300];
	size_t l1, l2, k;
	int r1, r2;

	for (k = 0; k <= sizeof(cases) / sizeof(cases[0]); k++) {
		const char *data = k < sizeof(cases) / sizeof(cases[0]) ? cases[k] : nul_key;
		size_t len = k < sizeof(cases) / sizeof(cases[0]) ? strlen(data) :
		    sizeof(nul_key) - 1;

		memset(&e1, 0, sizeof(e1));
		memset(&e2, 0, sizeof(e2));
		r1 = interaction_body(data, len, &t1, &l1, &e1);
		r2 = interaction_body_json(data, len, &t2, &l2, &e2);
		snprintf(label, sizeof(label), "case %zu: as jansson answers (%d)", k, r2);
		ok(r1 == r2 && l1 == l2 && (t1 == NULL) == (t2 == NULL) &&
		    (t1 == NULL || memcmp(t1, t2, l1 + 1) == 0) &&
		    strcmp(e1.message, e2.message) == 0, label);
		free(t1);
		free(t2);
	}
}

/* Read a fixture (one line, its newline not part of the body). */
static char *
fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[1024], *buf;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/t/fixtures/%s", top != NULL ? top : ".", name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf = malloc(65536);
	n = fread(buf, 1, 65535, fp);
	fclose(fp);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return buf;
}

/* The real path: form body, interactionData, text, detector. */
static void
test_fixtures(void)
{
	static const struct {
		const char *file;
		int         rc;
		const char *text;
		int         phone;
	} cases[] = {
		{ "intercept-message.form", 1,
		  "Call me at 415 555 0199 instead \xe2\x98\xba", 1 },
		{ "callback-message.form", 1, "On my way, 5 minutes", 0 },
		{ "intercept-voice.form", 0, NULL, 0 },
	};
	struct form form = { 0 };
	struct error err = { 0 };
	char *raw, *text;
	const char *data;
	size_t k, len;
	int rc, kind;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		if ((raw = fixture(cases[k].file)) == NULL) {
			skip(4, "t/fixtures not found (set top_srcdir)");
			continue;
		}
		memset(&err, 0, sizeof(err));
		rc = form_decode(raw, strlen(raw), &form, &err);
		data = rc == 0 ? form_get(&form, "interactionData") : NULL;
		ok(data != NULL, cases[k].file);
		text = NULL;
		len = 0;
		rc = data != NULL ? interaction_body(data, strlen(data), &text, &len, &err) : -2;
		is_int(rc, cases[k].rc, "its interactionData");
		is_string(text, cases[k].text, "its message text");
		is_int(text != NULL && detect_match(DETECT_PHONE, text, len), cases[k].phone,
		    "the phone detector on it");
		for (kind = DETECT_EMAIL; text != NULL && kind <= DETECT_HANDLE; kind++)
			if (detect_match(kind, text, len))
				diag("%s: %s fired", cases[k].file, detect_kind_name(kind));
		free(text);
		form_free(&form);
		free(raw);
	}
}

int
main(void)
{
	test_decoding();
	test_no_body();
	test_refused();
	test_lengths();
	test_one_pass();
	test_fixtures();
	return done_testing();
}
