/* fuzz/detect: the four content detectors over the input as written and
 * over a long adversarial text made of it (the input repeated to 16 KiB,
 * longer than messages are): every finding lies inside the text and has a
 * value, a redaction replaces only what was found, and the digit runs kept
 * between messages are digits and spaces. Linear time is by construction
 * (bounded windows, one pass); libFuzzer's -timeout catches a regression. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"

#include "fuzz.h"

#define FUZZ_LONG	(16 * 1024)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
fuzz_detect(const char *text, size_t len)
{
	struct detect_found found[16];
	char runs[DETECT_RUNS_MAX], desc[128], *red;
	const char *earlier[2];
	size_t n, i, rlen;
	int k;

	for (k = 0; k < DETECT_KINDS; k++) {
		n = detect_find((enum detect_kind)k, text, len, found, 16);
		if (n > 16 || (n > 0) != (detect_match((enum detect_kind)k, text, len) == 1))
			fuzz_fail("detect_find and detect_match disagree for %s",
			    detect_kind_name((enum detect_kind)k));
		for (i = 0; i < n; i++) {
			if (found[i].kind != (enum detect_kind)k || found[i].start >= found[i].end ||
			    found[i].end > len || found[i].value[0] == '\0')
				fuzz_fail("a %s finding out of the text", detect_kind_name(found[i].kind));
			detect_describe(&found[i], desc, sizeof(desc));
		}
	}
	red = detect_redact(text, len, DETECT_BIT(DETECT_PHONE) | DETECT_BIT(DETECT_EMAIL) |
	    DETECT_BIT(DETECT_URL) | DETECT_BIT(DETECT_HANDLE), "[x]", &rlen);
	if (red == NULL || strlen(red) > rlen)
		fuzz_fail("detect_redact failed");
	free(red);
	detect_runs(text, len, runs, sizeof(runs));
	if (strspn(runs, "0123456789 ") != strlen(runs))
		fuzz_fail("digit runs hold '%s'", runs);
	earlier[0] = runs;
	earlier[1] = NULL;
	(void)detect_runs_phone(earlier, 2, text, len, found);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *big;
	size_t i;

	fuzz_detect(text, size);
	if (size > 0 && size < FUZZ_LONG) {
		if ((big = malloc(FUZZ_LONG)) == NULL)
			fuzz_fail("out of memory");
		for (i = 0; i < FUZZ_LONG; i++)
			big[i] = (char)data[i % size];
		fuzz_detect(big, FUZZ_LONG);
		free(big);
	}
	free(text);
	return 0;
}
