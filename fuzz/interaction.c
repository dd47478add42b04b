/* fuzz/interaction: the message text taken out of interactionData (the
 * same as jansson's whole decoder gives: interaction_body_json), and
 * the content detectors run over it (and over the raw bytes, which they
 * must tolerate). The text given back is NUL-terminated, free of U+0000 and
 * valid UTF-8. Then redaction (redact_bodies), with and without a key, of
 * the input as interactionData and as Body: the message text never
 * survives it, and what is left is still stored as JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"
#include "proxyhooks/web/form.h"
#include "proxyhooks/web/interaction.h"
#include "proxyhooks/store/store.h"
#include "proxyhooks/base/utf8.h"

#include "fuzz.h"

static const enum detect_kind fuzz_kinds[] = {
	DETECT_PHONE, DETECT_EMAIL, DETECT_URL, DETECT_HANDLE
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Redact text as interactionData and as Body, under key (NULL: none). */
static void
fuzz_redact(const char *text, size_t len, int has_body, const unsigned char *key, size_t key_len)
{
	struct form in = { 0 }, out = { 0 };
	struct error err = { 0 };
	const char *body_marker, *data;
	char *json, *body = NULL, tail[48];
	size_t body_len = 0, tail_len;
	int n = -1;

	if (form_add(&in, "interactionData", text) < 0 || form_add(&in, "Body", text) < 0)
		fuzz_fail("form_add failed");
	if (store_redact_form(&in, key, key_len, &out, &n, &err) < 0)
		fuzz_fail("store_redact_form failed: %s", err.message);
	if (out.count != 2 || n < 1 || n > 2)
		fuzz_fail("store_redact_form gave %zu fields, %d redacted", out.count, n);
	/* Body: the marker, its length the text's. */
	body_marker = form_get(&out, "Body");
	tail_len = (size_t)snprintf(tail, sizeof(tail), " len=%zu]", len);
	if (body_marker == NULL || store_redacted_prefix(body_marker) == 0 ||
	    (key != NULL) != (strncmp(body_marker, STORE_REDACTED_KEYED_PREFIX,
	    strlen(STORE_REDACTED_KEYED_PREFIX)) == 0) || strlen(body_marker) < tail_len ||
	    strcmp(body_marker + strlen(body_marker) - tail_len, tail) != 0)
		fuzz_fail("Body redacted as '%s'", body_marker ? body_marker : "(null)");
	/* interactionData that had a body: its body is now a marker. */
	data = form_get(&out, "interactionData");
	if (has_body) {
		if (data == NULL || interaction_body(data, strlen(data), &body, &body_len, &err) != 1 ||
		    store_redacted_prefix(body) == 0)
			fuzz_fail("the message text survived redaction: '%s'", data ? data : "(null)");
		free(body);
	}
	if ((json = store_params_json(&out)) == NULL)
		fuzz_fail("the redacted parameters cannot be stored as JSON");
	if (store_params_redacted(json) < 1)
		fuzz_fail("the stored parameters do not say they were redacted: %s", json);
	free(json);
	form_free(&in);
	form_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { 0 };
	char *body = NULL;
	size_t body_len = 0, i;
	int rc, m;

	rc = interaction_body((const char *)data, size, &body, &body_len, &err);
	{
		/* The one-pass reading of plain objects answers as jansson does. */
		struct error jerr = { 0 };
		char *jbody = NULL;
		size_t jlen = 0;
		int jrc = interaction_body_json((const char *)data, size, &jbody, &jlen, &jerr);

		if (jrc != rc || jlen != body_len || (jbody == NULL) != (body == NULL) ||
		    (body != NULL && memcmp(body, jbody, body_len) != 0) ||
		    strcmp(jerr.message, err.message) != 0)
			fuzz_fail("interaction_body gave %d, jansson %d (%s / %s)", rc, jrc,
			    err.message, jerr.message);
		free(jbody);
	}
	if (rc == 1) {
		if (body == NULL || strlen(body) != body_len)
			fuzz_fail("the body's length does not match its text");
		if (!utf8_valid(body, body_len))
			fuzz_fail("the body is not valid UTF-8");
		for (i = 0; i < sizeof(fuzz_kinds) / sizeof(fuzz_kinds[0]); i++) {
			m = detect_match(fuzz_kinds[i], body, body_len);
			if (m != 0 && m != 1)
				fuzz_fail("detect_match(%s) gave %d", detect_kind_name(fuzz_kinds[i]), m);
		}
	} else if (body != NULL) {
		fuzz_fail("interaction_body gave %d with a body", rc);
	} else if (rc == -1 && err.message[0] == '\0') {
		fuzz_fail("interaction_body failed without a reason");
	} else if (rc != 0 && rc != -1) {
		fuzz_fail("interaction_body gave %d", rc);
	}
	free(body);
	/* A form value is valid UTF-8 without U+0000 (form decoding refuses
	 * the others): only such text reaches redaction. */
	if (memchr(data, 0, size) == NULL && utf8_valid((const char *)data, size)) {
		char *text = malloc(size + 1);

		if (text == NULL)
			return 0;
		memcpy(text, data, size);
		text[size] = '\0';
		fuzz_redact(text, size, rc == 1, NULL, 0);
		fuzz_redact(text, size, rc == 1, (const unsigned char *)"fuzz-key", 8);
		free(text);
	}
	/* The detectors promise to tolerate invalid bytes too. */
	for (i = 0; i < sizeof(fuzz_kinds) / sizeof(fuzz_kinds[0]); i++)
		(void)detect_match(fuzz_kinds[i], (const char *)data, size);
	return 0;
}
