/* fuzz/policy: the policy file parser (policy_load from a file, with word
 * and number lists and their cache), then decisions with the policy loaded.
 *
 * Input: the policy file. Its last line is also one of the message texts
 * decided on. Lists may be named as @words.txt and @numbers.txt (files
 * next to the policy); inputs naming an absolute path or ".." are skipped,
 * so that the fuzzer does not wander the file system (@/dev/stdin). What
 * must hold: a load either succeeds or gives each error as FILE:LINE:
 * reason, and a decision names a rule of the policy. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proxyhooks/policy/policy.h"

#include "fuzz.h"

static char *fuzz_policy_path;
static char *fuzz_cache_dir;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char words[] =
	    "# a word list\n"
	    "whatsapp\n"
	    "wire transfer\n"
	    "wa.me\n"
	    "e-mail\n"
	    "caf\xc3\xa9\n";
	static const char numbers[] =
	    "+15551230000\n"
	    "+1 (555) 123-0001 # a comment\n"
	    "+1900*\n";
	char *path;

	(void)argc;
	(void)argv;
	fuzz_policy_path = fuzz_path("policy");
	fuzz_cache_dir = fuzz_path("cache");
	if (mkdir(fuzz_cache_dir, 0700) < 0 && errno != EEXIST)
		fuzz_fail("mkdir %s: %s", fuzz_cache_dir, strerror(errno));
	path = fuzz_path("words.txt");
	fuzz_write(path, words, sizeof(words) - 1);
	free(path);
	path = fuzz_path("numbers.txt");
	fuzz_write(path, numbers, sizeof(numbers) - 1);
	free(path);
	return 0;
}

/* A limit rule's count: made up from the participant or session named. */
static int
fuzz_count(void *arg, const char *by, const char *value, int64_t since_ms, int64_t *out)
{
	(void)arg;
	(void)since_ms;
	if (by == NULL || value == NULL)
		fuzz_fail("a limit counted without saying what");
	if (value[0] == 'X')
		return -1;	/* the store failed */
	*out = (int64_t)strlen(value) + (strcmp(by, "session") == 0 ? 5 : 0);
	return 0;
}

static void
fuzz_decide(const struct policy *policy, const struct policy_input *in)
{
	struct policy_decision d;
	struct error err = { 0 };

	if (policy_decide(policy, in, &d, &err) < 0) {
		if (err.message[0] == '\0')
			fuzz_fail("policy_decide failed without a reason");
		return;
	}
	if (d.block != 0 && d.block != 1)
		fuzz_fail("a decision of %d", d.block);
	if (d.matched && (d.file == NULL || d.text == NULL || d.line == 0))
		fuzz_fail("a matching rule without its file, line or text");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const bodies[] = {
		"Call me at 415 555 0199, or bob at example dot com",
		"see you at 5:30 for order #48213",
		"my insta is @foo, whatsapp me",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
		"",
	};
	struct policy *policy = NULL;
	struct policy_errors errors = { 0 };
	struct policy_input in;
	const char *last, *file, *text;
	unsigned line;
	size_t i;
	int block, rc;

	if (memmem(data, size, "@/", 2) != NULL || memmem(data, size, "..", 2) != NULL)
		return -1;
	fuzz_write(fuzz_policy_path, data, size);
	rc = policy_load(fuzz_policy_path, fuzz_cache_dir, &policy, &errors);
	if (rc < 0) {
		if (policy != NULL)
			fuzz_fail("policy_load failed and gave a policy");
		if (errors.count == 0)
			fuzz_fail("policy_load failed without an error");
		for (i = 0; i < errors.count; i++)
			if (errors.messages[i] == NULL || errors.messages[i][0] == '\0')
				fuzz_fail("an empty load error");
		policy_errors_free(&errors);
		return 0;
	}
	if (errors.count != 0)
		fuzz_fail("policy_load succeeded with %zu errors", errors.count);
	for (i = 0; i < policy_rule_count(policy); i++) {
		policy_rule(policy, i, &file, &line, &text, &block);
		if (file == NULL || text == NULL || line == 0)
			fuzz_fail("rule %zu lacks its file, line or text", i);
	}
	(void)policy_default(policy, &line, &text, &block);

	memset(&in, 0, sizeof(in));
	in.from = "+15551230000";
	in.to = "+19005550100";
	in.participant_sid = "KPdddddddddddddddddddddddddddddddd";
	in.session_sid = "KCcccccccccccccccccccccccccccccccc";
	in.service_sid = "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	in.type = "Message";
	in.at_ms = 1700000000000LL + (int64_t)size * 60000;
	in.count = fuzz_count;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		in.body = bodies[i];
		in.body_len = strlen(bodies[i]);
		in.media = (int)(i & 1);
		fuzz_decide(policy, &in);
	}
	/* The last line of the policy as a message: regexes meet their own text. */
	last = memrchr(data, '\n', size);
	last = last != NULL ? last + 1 : (const char *)data;
	in.body = last;
	in.body_len = size - (size_t)(last - (const char *)data);
	in.from = in.to = NULL;
	in.type = "voice";
	in.participant_sid = "X-a-store-that-fails";
	fuzz_decide(policy, &in);
	in.type = NULL;
	in.participant_sid = NULL;
	fuzz_decide(policy, &in);
	policy_free(policy);
	return 0;
}
