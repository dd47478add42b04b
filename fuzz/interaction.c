/* fuzz/interaction: the message text taken out of interactionData, and
 * the content detectors run over it (and over the raw bytes, which they
 * must tolerate). The text given back is NUL-terminated, free of U+0000 and
 * valid UTF-8. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/detect.h"
#include "proxyhooks/interaction.h"
#include "proxyhooks/utf8.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { 0 };
	char *body = NULL;
	size_t body_len = 0, i;
	int rc, m;

	rc = interaction_body((const char *)data, size, &body, &body_len, &err);
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
	/* The detectors promise to tolerate invalid bytes too. */
	for (i = 0; i < sizeof(fuzz_kinds) / sizeof(fuzz_kinds[0]); i++)
		(void)detect_match(fuzz_kinds[i], (const char *)data, size);
	return 0;
}
