/* policy: the grammar, every condition, decisions, lists, and reloading. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/policy/policy.h"
#include "tap.h"

static char dir[] = "/tmp/policy-test.XXXXXX";
static char policy_path[512];

/* Write dir/name (tap_put_bumped: an edit is seen within one clock tick). */
static void
write_file(const char *name, const char *text, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tap_put_bumped(path, text, len);
}

static void
write_text(const char *name, const char *text)
{
	write_file(name, text, strlen(text));
}

/* Load text as dir/policy.conf, printing the errors if it does not load. */
static struct policy *
load_text(const char *text, const char *cache_dir)
{
	struct policy_errors errors;
	struct policy *policy = NULL;
	size_t i;

	write_text("policy.conf", text);
	if (policy_load(policy_path, cache_dir, &policy, &errors) == -1) {
		for (i = 0; i < errors.count; i++)
			diag("load: %s", errors.messages[i]);
		policy_errors_free(&errors);
		return NULL;
	}
	return policy;
}

static int capture_saved = -1;

/* Send stderr (where log.h writes) to a file until capture_stop. */
static void
capture_start(void)
{
	char log_path[512];
	int fd;

	snprintf(log_path, sizeof(log_path), "%s/stderr.log", dir);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	capture_saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Restore stderr; how many captured lines contain needle. */
static int
capture_stop(const char *needle)
{
	char log_path[512], line[1024];
	int count = 0;
	FILE *fp;

	dup2(capture_saved, STDERR_FILENO);
	close(capture_saved);
	snprintf(log_path, sizeof(log_path), "%s/stderr.log", dir);
	if ((fp = fopen(log_path, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL)
			if (strstr(line, needle) != NULL)
				count++;
		fclose(fp);
	}
	return count;
}

static int64_t
iso_ms(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M", &tm) == NULL) {
		diag("bad time in the test: %s", iso);
		exit(1);
	}
	return (int64_t)timegm(&tm) * 1000;
}

static struct policy_input
message(const char *body)
{
	struct policy_input in;

	memset(&in, 0, sizeof(in));
	in.type = "Message";
	in.body = body;
	in.body_len = body ? strlen(body) : 0;
	in.at_ms = iso_ms("2026-06-01T12:00");
	in.participant_sid = "KP00000000000000000000000000000001";
	in.session_sid = "KC00000000000000000000000000000001";
	in.service_sid = "KS00000000000000000000000000000001";
	return in;
}

/* "block:3", "allow:0" (the unwritten default), or "error". */
static const char *
decide(const struct policy *policy, const struct policy_input *in)
{
	static char out[64];
	struct policy_decision d;
	struct error err;

	error_clear(&err);
	if (policy == NULL)
		return "no policy";
	if (policy_decide(policy, in, &d, &err) == -1) {
		diag("decide: %s", err.message);
		return "error";
	}
	snprintf(out, sizeof(out), "%s:%u", d.block ? "block" : "allow", d.line);
	return out;
}

static void
test_contract(void)
{
	struct policy *policy;
	struct policy_input in;
	struct policy_decision d;
	struct error err;

	policy = load_text("block from +15551230000\n"
	    "block body phone\n"
	    "block type voice during 22:00-07:00 America/New_York\n"
	    "default allow\n", NULL);
	ok(policy != NULL, "the contract example loads");
	if (policy == NULL)
		return;
	is_int((long long)policy_rule_count(policy), 3, "three rules");
	ok(policy_needs_numbers(policy), "it needs numbers");

	in = message("see you at noon");
	in.from = "+1 555 123 0000";
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == 0 && d.block && d.matched && d.line == 1 &&
	    d.file != NULL && strcmp(d.file, policy_path) == 0, "a blocked caller is blocked");
	is_string(d.text, "block from +15551230000", "  by the rule as written");

	in = message("call me on +1 415 555 0100 instead");
	in.from = "+15551239999";
	is_string(decide(policy, &in), "block:2", "a phone number in the text is blocked");

	in = message("see you at noon");
	in.from = "+15551239999";
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == 0 && !d.block && !d.matched && d.line == 4 &&
	    strcmp(d.text, "default allow") == 0 && !d.needed_from,
	    "anything else: the written default allows");

	in = message(NULL);
	in.type = "Voice";
	in.from = "+15551239999";
	in.at_ms = iso_ms("2026-01-15T03:00");	/* 22:00 in New York */
	is_string(decide(policy, &in), "block:3", "a call at 22:00 New York time is blocked");
	in.at_ms = iso_ms("2026-01-15T17:00");	/* noon there */
	is_string(decide(policy, &in), "allow:4", "a call at noon is allowed");

	in = message("hello");
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == 0 && !d.block && d.needed_from &&
	    !d.needed_to, "an unknown caller skips the from rule and says so");
	policy_free(policy);
}

struct expected_error {
	unsigned    line;
	const char *text;	/* the line as written */
	const char *reason;	/* what the message must say after FILE:LINE: */
};

static void
test_errors(void)
{
	static const struct expected_error expected[] = {
		{ 2, "deny from +15551230000",
		  "unknown keyword 'deny' (want block, redact, allow or default)" },
		{ 3, "block frm +15551230000",
		  "unknown condition 'frm' (want from, to, participant, session, service, "
		  "type, body, media, during or limit)" },
		{ 4, "block from 555-1234", "bad number '555-1234': a number starts with '+'" },
		{ 5, "block participant KPxyz",
		  "bad participant SID 'KPxyz' (want KP and 32 hex digits)" },
		{ 6, "block session KP0123456789abcdef0123456789abcdef",
		  "bad session SID 'KP0123456789abcdef0123456789abcdef' (want KC and 32 hex digits)" },
		{ 7, "block body /(abc/",
		  "bad regex /(abc/: missing closing parenthesis at offset 4" },
		{ 8, "block body \"hello # there", "unclosed quote in body \"hello # there" },
		{ 9, "block from @missing.txt",
		  "cannot open missing.txt: No such file or directory" },
		{ 10, "block during 22:00-07:00 Mars/Olympus",
		  "bad time zone 'Mars/Olympus': not in /usr/share/zoneinfo" },
		{ 11, "block during 25:00-07:00",
		  "bad time window '25:00-07:00' (want HH:MM-HH:MM, e.g. 22:00-07:00)" },
		{ 12, "block limit per minute",
		  "limit needs a number: limit N per minute|hour|day [by participant|session]" },
		{ 13, "default allow", NULL },
		{ 14, "default block", "a second default (the first is on line 13)" },
		{ 15, "block", "block with no condition (to block everything, write 'default block')" },
		{ 16, "block type fax", "bad type 'fax' (want voice or message)" },
		{ 17, "block body /x/g", "unknown regex flag 'g' (want i, m, s or x)" },
		{ 18, "block body @badwords.txt", NULL },	/* reported at the list's line */
		{ 19, "block from @badnumbers.txt", NULL },
		{ 20, "block body \"\"", "empty phrase" },
		{ 21, "block limit 5 per week", "bad limit period 'week' (want minute, hour or day)" },
		{ 22, "block body gibberish", "unknown body test 'gibberish' (want phone, email, "
		  "url, handle, /REGEX/, \"phrase\" or @FILE)" },
		{ 23, "block during 22:00-07:00 ../etc/passwd",
		  "bad time zone '../etc/passwd': not a time zone name" },
		{ 24, "allow media extra", "unknown condition 'extra' (want from, to, participant, "
		  "session, service, type, body, media, during or limit)" },
		{ 25, "block during 10:00-10:00", "empty time window '10:00-10:00'" },
		{ 26, "block limit 5 per minute by ip",
		  "bad limit 'by ip' (want participant or session)" },
		{ 27, "allow from", "from needs a number, a prefix ending in * or @FILE" },
		{ 28, "block from +1555* to +1 (555) 123-0000 # fine", NULL },
		{ 29, "block to @nums.txt trailing", "unexpected text after @nums.txt trailing" },
		{ 30, "block during 24:00-07:00", "bad time window '24:00-07:00' (want HH:MM-HH:MM, "
		  "e.g. 22:00-07:00)" },
		{ 31, "redact from +15551230000",
		  "redact needs body phone|email|url|handle (what to mask)" },
		{ 32, "redact", "redact with no condition (want redact body phone|email|url|handle "
		  "..., what to mask)" },
		{ 33, "redact body phone / fax", "unknown body test 'fax' (want phone, email, "
		  "url, handle, /REGEX/, \"phrase\" or @FILE)" },
		{ 34, "block body phone across 4 messages within 10 minutes",
		  "bad across '4' (want across 2|3 messages within N minutes|hours, "
		  "N up to 1440 minutes)" },
		{ 35, "block body phone across 3 within 10 minutes",
		  "across 3 needs 'messages within N minutes' (want across 2|3 messages within "
		  "N minutes|hours, N up to 1440 minutes)" },
		{ 36, "block body phone across 3 messages within 10 weeks",
		  "bad within unit 'weeks' (want across 2|3 messages within N minutes|hours, "
		  "N up to 1440 minutes)" },
		{ 37, "block body email across 2 messages within 5 minutes",
		  "across is for body phone alone (a number split over messages)" },
		{ 38, "block body phone across 2 messages within 25 hours",
		  "within 25 hours is more than a day (want across 2|3 messages within "
		  "N minutes|hours, N up to 1440 minutes)" },
		{ 39, "block body phone/ ", "body phone/ needs a kind after the '/'" },
	};
	struct policy_errors errors;
	struct policy *policy = NULL;
	char text[4096], want[1024], cwd[1024];
	size_t i, n = 0, wanted = 0, found;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "# one error a line\n");
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s\n", expected[i].text);
		if (expected[i].reason != NULL)
			wanted++;
	}
	write_text("policy.conf", text);
	write_text("badwords.txt", "fine\n");
	write_file("badwords.txt", "fine\nbad\xff\n", 9);
	write_text("badnumbers.txt", "+15551230000\n+1555 123 O000\n");
	write_text("nums.txt", "+15551230000\n");

	/* Loaded as "policy.conf" from its directory, as an operator would
	 * name it: messages and @ paths are relative. */
	if (getcwd(cwd, sizeof(cwd)) == NULL || chdir(dir) == -1) {
		skip((int)wanted + 3, "cannot chdir");
		return;
	}
	ok(policy_load("policy.conf", NULL, &policy, &errors) == -1 && policy == NULL,
	    "a policy with errors does not load");
	if (chdir(cwd) == -1)
		diag("cannot chdir back to %s", cwd);
	is_int((long long)errors.count, (long long)wanted + 2, "every bad line reported");
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		if (expected[i].reason == NULL)
			continue;
		snprintf(want, sizeof(want), "policy.conf:%u: %s", expected[i].line,
		    expected[i].reason);
		for (found = 0; found < errors.count; found++)
			if (strcmp(errors.messages[found], want) == 0)
				break;
		if (!ok(found < errors.count, expected[i].text))
			diag("wanted: %s", want);
	}
	for (found = 0; found < errors.count; found++)
		if (strcmp(errors.messages[found], "badwords.txt:2: not valid UTF-8") == 0)
			break;
	ok(found < errors.count, "a bad word list line is reported at its own line");
	for (found = 0; found < errors.count; found++)
		if (strcmp(errors.messages[found],
		    "badnumbers.txt:2: bad number '+1555 123 O000': unexpected character") == 0)
			break;
	ok(found < errors.count, "a bad number list line is reported at its own line");
	policy_errors_free(&errors);

	/* Errors in file order, each line once. */
	write_text("policy.conf", "block from +1\nbogus\nallow\n");
	ok(policy_load(policy_path, NULL, &policy, &errors) == -1 && errors.count == 2,
	    "two bad lines, two errors");
	if (errors.count == 2) {
		snprintf(want, sizeof(want), "%s:2: unknown keyword 'bogus' (want block, redact, "
		    "allow or default)", policy_path);
		is_string(errors.messages[0], want, "  the first names its line and the full path");
	} else {
		skip(1, "wrong count");
	}
	policy_errors_free(&errors);

	snprintf(want, sizeof(want), "%s/nothing-here.conf", dir);
	ok(policy_load(want, NULL, &policy, &errors) == -1 && errors.count == 1 &&
	    strstr(errors.messages[0], "cannot open the policy file: No such file") != NULL,
	    "a missing policy file is an error");
	policy_errors_free(&errors);
	ok(policy_load(want, NULL, &policy, NULL) == -1, "errors may be NULL");

	/* A flood of bad lines is reported up to a bound. */
	{
		char *flood = malloc(200 * 8 + 1);

		for (i = 0; i < 200; i++)
			memcpy(flood + i * 8, "bogus 1\n", 8);
		flood[200 * 8] = '\0';
		write_text("policy.conf", flood);
		free(flood);
		ok(policy_load(policy_path, NULL, &policy, &errors) == -1 && errors.count == 101 &&
		    strcmp(errors.messages[100], "more errors not shown") == 0,
		    "a flood of errors is cut at 100");
		policy_errors_free(&errors);
	}
}

static void
test_order_and_default(void)
{
	struct policy *policy;
	struct policy_input in;
	struct policy_decision d;
	struct error err;

	policy = load_text("allow from +15551230000   # our own test phone\n"
	    "block from +1555*\n"
	    "default block\n", NULL);
	ok(policy != NULL, "first-match policy loads");
	in = message("hi");
	in.from = "+15551230000";
	error_clear(&err);
	ok(policy != NULL && policy_decide(policy, &in, &d, &err) == 0 && !d.block && d.line == 1,
	    "the first matching rule decides");
	is_string(policy ? d.text : NULL, "allow from +15551230000", "  text without its comment");
	in.from = "+15551239999";
	is_string(decide(policy, &in), "block:2", "the second rule catches the rest of +1555");
	in.from = "+14155550100";
	error_clear(&err);
	ok(policy != NULL && policy_decide(policy, &in, &d, &err) == 0 && d.block && !d.matched &&
	    d.line == 3, "default block when nothing matches");
	policy_free(policy);

	policy = load_text("# nothing but comments\n\n   \t\nblock to +1900*\n", NULL);
	in = message("hi");
	in.to = "+1 900 555 0000";
	is_string(decide(policy, &in), "block:4", "to with a prefix");
	in.to = "+18005550000";
	error_clear(&err);
	ok(policy != NULL && policy_decide(policy, &in, &d, &err) == 0 && !d.block && !d.matched &&
	    d.file == NULL && d.line == 0 && d.text == NULL, "no default written: allow, no rule");
	in.to = NULL;
	ok(policy != NULL && policy_decide(policy, &in, &d, &err) == 0 && d.needed_to &&
	    !d.needed_from, "an unknown to number is reported as needed");
	in.to = "client:alice";
	ok(policy != NULL && policy_decide(policy, &in, &d, &err) == 0 && !d.block &&
	    !d.needed_to, "something that is not a number matches no number rule");
	policy_free(policy);

	policy = load_text("block type voice\n", NULL);
	ok(policy != NULL && !policy_needs_numbers(policy), "no from/to: numbers not needed");
	policy_free(policy);
}

static void
test_conditions(void)
{
	struct policy *policy;
	struct policy_input in;
	const char *kp = "KP0123456789abcdef0123456789abcdef";

	policy = load_text("block participant KP0123456789ABCDEF0123456789ABCDEF\n"
	    "block session KC0123456789abcdef0123456789abcdef type voice\n"
	    "block service KS0123456789abcdef0123456789abcdef media\n"
	    "block type MESSAGE body \"WhatsApp me\"\n"
	    "block body \"say \\\"hi\\\" # not a comment\"\n"
	    "block body /t[e3]l[e3]gr[a4]m/i\n"
	    "block body /^\\d{4}\\/\\d{2}$/ # a / written \\/\n"
	    "block body /[/]x#y/\n"
	    "block body /ünïcödé/i\n"
	    "block body email\n"
	    "block from +1 (555) 123-0000 to +1 555 999 0000\n", NULL);
	ok(policy != NULL, "a policy with every kind of condition loads");
	if (policy == NULL)
		return;

	in = message("hi");
	in.participant_sid = kp;
	is_string(decide(policy, &in), "block:1", "participant (hex case ignored)");

	in = message(NULL);
	in.type = "Voice";
	in.session_sid = "KC0123456789abcdef0123456789abcdef";
	is_string(decide(policy, &in), "block:2", "session and type voice");
	in.type = "Message";
	is_string(decide(policy, &in), "allow:0", "session with another type");
	in.type = NULL;
	is_string(decide(policy, &in), "allow:0", "unknown type matches no type rule");

	in = message("look");
	in.service_sid = "KS0123456789abcdef0123456789abcdef";
	is_string(decide(policy, &in), "allow:0", "service without media");
	in.media = 1;
	is_string(decide(policy, &in), "block:3", "service with media");

	in = message("ok, whatsapp ME tomorrow");
	is_string(decide(policy, &in), "block:4", "phrase, case ignored, type MESSAGE");
	in.type = "voice";
	is_string(decide(policy, &in), "allow:0", "  not on a voice interaction");
	in = message("whatsapp, me");
	is_string(decide(policy, &in), "allow:0", "  a phrase is matched as written");

	in = message("then SAY \"HI\" # NOT a comment!");
	is_string(decide(policy, &in), "block:5", "quoted phrase with \\\" and a #");
	in = message("find me on T3LEGR4M");
	is_string(decide(policy, &in), "block:6", "regex with the i flag");
	in = message("2026/11");
	is_string(decide(policy, &in), "block:7", "regex with \\/");
	in = message("a/x#y");
	is_string(decide(policy, &in), "block:8", "regex with / in a class and a #");
	in = message("ÜNÏCÖDÉ");
	is_string(decide(policy, &in), "block:9", "regex caseless on UTF-8 (UCP)");
	in = message("bad \xff\xfe bytes ünïcödé");
	is_string(decide(policy, &in), "block:9", "regex on invalid UTF-8 still matches");
	in = message("write to bob@example.com");
	is_string(decide(policy, &in), "block:10", "body email (detector)");
	{
		struct policy_decision d;
		struct error e = { 0 };

		in = message("write to bob arroba example punto com");
		is_int(policy_decide(policy, &in, &d, &e), 0, "decided");
		is_string(d.found, "email bob@example.com", "the decision says what was found");
		in = message("then SAY \"HI\" # NOT a comment!");
		is_int(policy_decide(policy, &in, &d, &e), 0, "decided");
		is_string(d.found, "", "nothing found by a phrase rule");
	}
	in = message("nothing to see");
	is_string(decide(policy, &in), "allow:0", "no body condition matches plain text");
	in = message(NULL);
	in.type = "Voice";
	is_string(decide(policy, &in), "allow:0", "body rules never match without a body");

	in = message("hi");
	in.from = "+15551230000";
	in.to = "+15559990000";
	is_string(decide(policy, &in), "block:11", "from and to together");
	in.to = "+15559990001";
	is_string(decide(policy, &in), "allow:0", "  both must hold");
	policy_free(policy);
}

static void
test_regex_limits(void)
{
	struct policy *policy;
	struct policy_input in;
	char body[64];

	policy = load_text("block body /(a+)+$/\n", NULL);
	ok(policy != NULL, "a catastrophic regex loads");
	memset(body, 'a', 40);
	strcpy(body + 40, "!");
	in = message(body);
	capture_start();
	is_string(decide(policy, &in), "allow:0", "(a+)+$ against a...a! does not match");
	is_int(capture_stop("policy.conf:1: regex gave up (match limit exceeded)"), 1,
	    "  and the give-up is logged");
	in = message("aaaa");
	is_string(decide(policy, &in), "block:1", "  while a short subject still matches");
	policy_free(policy);
}

/* Where a regex ends: '/' inside a bracket expression does not end it. */
static void
test_regex_syntax(void)
{
	struct policy *policy;
	struct policy_input in;

	policy = load_text("block body /[]/]x/\n"
	    "block body /[^]/a-z]y/\n"
	    "block body /[[]z/\n"
	    "block body /[[:digit:]/]q/\n"
	    "block body /a\\/b/x\n"
	    "block body /^start.end$/ms\n", NULL);
	ok(policy != NULL, "regexes with / in classes load");
	in = message("/x");
	is_string(decide(policy, &in), "block:1", "[]/] holds ] and /");
	in = message("]x");
	is_string(decide(policy, &in), "block:1", "  the ] too");
	in = message("Ay");
	is_string(decide(policy, &in), "block:2", "[^]/a-z]");
	in = message("/y");
	is_string(decide(policy, &in), "allow:0", "  excludes /");
	in = message("[z");
	is_string(decide(policy, &in), "block:3", "[[]");
	in = message("/q");
	is_string(decide(policy, &in), "block:4", "[[:digit:]/]");
	in = message("a/b");
	is_string(decide(policy, &in), "block:5", "\\/ with the x flag");
	in = message("line\nstart\nend\nmore");
	is_string(decide(policy, &in), "block:6", "m and s flags");
	policy_free(policy);
}

static void
test_lists(void)
{
	struct policy *policy;
	struct policy_input in;
	char cache[512], text[1024];
	FILE *fp;
	size_t i;
	struct dirent *de;
	DIR *d;
	int cache_files = 0;

	write_text("blocked.txt", "# numbers\n+15551230000\n+1900*\n");
	write_text("words.txt", "# words\n"
	    "WhatsApp\n"
	    "telegram   me\n"
	    "wa.me\n"
	    "e-mail\n"
	    "café\n"
	    "   \n");
	/* A big generated list as well. */
	snprintf(text, sizeof(text), "%s/many.txt", dir);
	fp = fopen(text, "w");
	for (i = 0; i < 100000; i++)
		fprintf(fp, "+4420%08zu\n", i * 3);
	fclose(fp);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	mkdir(cache, 0700);
	policy = load_text("block from @blocked.txt\n"
	    "block to @many.txt\n"
	    "block body @words.txt\n"
	    "allow to @blocked.txt\n", cache);
	ok(policy != NULL, "a policy with @ lists loads");

	in = message("hi");
	in.from = "+15551230000";
	is_string(decide(policy, &in), "block:1", "from a listed number");
	in.from = "+19005550000";
	is_string(decide(policy, &in), "block:1", "from a listed prefix");
	in.from = "+15551230001";
	is_string(decide(policy, &in), "allow:0", "from a number not listed");
	in.to = "+442000299997";
	is_string(decide(policy, &in), "block:2", "to one of 100k listed numbers");
	in.to = "+442000299998";
	is_string(decide(policy, &in), "allow:0", "to a number between them");
	in.to = "+15551230000";
	is_string(decide(policy, &in), "allow:4", "the same list shared by two rules");

	in = message("Add me on WhatsApp!");
	is_string(decide(policy, &in), "block:3", "word list: a word, any case");
	in = message("whatsapps are fun");
	is_string(decide(policy, &in), "allow:0", "word list: whole words only");
	in = message("ok Telegram \n Me later");
	is_string(decide(policy, &in), "block:3", "word list: words in sequence, any spacing");
	in = message("telegram, me");
	is_string(decide(policy, &in), "allow:0", "word list: punctuation breaks a sequence");
	in = message("see wa.me/15551230000");
	is_string(decide(policy, &in), "block:3", "word list: an entry with punctuation");
	in = message("swa.me");
	is_string(decide(policy, &in), "allow:0", "  not inside a word");
	in = message("my E-Mail is");
	is_string(decide(policy, &in), "block:3", "  case ignored");
	in = message("Café at 5?");
	is_string(decide(policy, &in), "block:3", "word list: UTF-8 word");
	in = message("cafés");
	is_string(decide(policy, &in), "allow:0", "  whole UTF-8 words only");
	policy_free(policy);

	if ((d = opendir(cache)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, "numbers-", 8) == 0 ||
			    strncmp(de->d_name, "words-", 6) == 0)
				cache_files++;
		closedir(d);
	}
	is_int(cache_files, 3, "each list compiled into the cache directory");

	/* Loaded again: served from the cache, same answers. */
	policy = load_text("block to @many.txt\nblock body @words.txt\n", cache);
	in = message("telegram me");
	in.to = "+442000000003";
	is_string(decide(policy, &in), "block:1", "cached number list answers");
	in.to = NULL;
	is_string(decide(policy, &in), "block:2", "cached word list answers");
	policy_free(policy);

	/* A large word list. */
	snprintf(text, sizeof(text), "%s/manywords.txt", dir);
	fp = fopen(text, "w");
	for (i = 0; i < 200000; i++)
		fprintf(fp, "w%zux\n", i * 7);
	fputs("three word phrase\n", fp);
	fclose(fp);
	policy = load_text("block body @manywords.txt\n", cache);
	in = message("this has w699993x in it");
	is_string(decide(policy, &in), "block:1", "one of 200k words");
	in = message("this has w699994x in it");
	is_string(decide(policy, &in), "allow:0", "a word not on the list");
	in = message("a THREE word phrase");
	is_string(decide(policy, &in), "block:1", "a three-word entry");
	in = message("three word");
	is_string(decide(policy, &in), "allow:0", "  not two of its words");
	policy_free(policy);
}

static void
test_during(void)
{
	struct policy *policy;
	struct policy_input in;
	const char *tz;

	policy = load_text("block during 22:00-07:00\n"
	    "block during 12:00-13:00 UTC\n", NULL);
	ok(policy != NULL, "windows in UTC load");
	in = message("hi");
	in.at_ms = iso_ms("2026-06-01T22:00");
	is_string(decide(policy, &in), "block:1", "22:00 starts the window");
	in.at_ms = iso_ms("2026-06-01T23:59");
	is_string(decide(policy, &in), "block:1", "23:59 inside");
	in.at_ms = iso_ms("2026-06-02T00:00");
	is_string(decide(policy, &in), "block:1", "midnight inside");
	in.at_ms = iso_ms("2026-06-02T06:59");
	is_string(decide(policy, &in), "block:1", "06:59 inside");
	in.at_ms = iso_ms("2026-06-02T07:00");
	is_string(decide(policy, &in), "allow:0", "07:00 outside (end exclusive)");
	in.at_ms = iso_ms("2026-06-01T21:59");
	is_string(decide(policy, &in), "allow:0", "21:59 outside");
	in.at_ms = iso_ms("2026-06-01T12:30");
	is_string(decide(policy, &in), "block:2", "a window within one day");
	in.at_ms = iso_ms("1969-12-31T23:30");
	is_string(decide(policy, &in), "block:1", "a time before 1970");
	policy_free(policy);

	policy = load_text("block during 22:00-07:00 America/New_York\n", NULL);
	ok(policy != NULL, "windows in zones load");
	in = message("hi");
	/* 2026-03-08: New York moves from EST (-5) to EDT (-4) at 07:00Z. */
	in.at_ms = iso_ms("2026-03-07T11:30");	/* 06:30 EST */
	is_string(decide(policy, &in), "block:1", "the day before spring forward, 06:30 EST");
	in.at_ms = iso_ms("2026-03-08T06:30");	/* 01:30 EST */
	is_string(decide(policy, &in), "block:1", "spring forward night, 01:30 EST");
	in.at_ms = iso_ms("2026-03-08T10:59");	/* 06:59 EDT */
	is_string(decide(policy, &in), "block:1", "after the change, 06:59 EDT");
	in.at_ms = iso_ms("2026-03-08T11:30");	/* 07:30 EDT, would be 06:30 in EST */
	is_string(decide(policy, &in), "allow:0", "after the change, 07:30 EDT is outside");
	in.at_ms = iso_ms("2026-03-09T02:30");	/* 22:30 EDT */
	is_string(decide(policy, &in), "block:1", "22:30 EDT the next evening");
	in.at_ms = iso_ms("2026-03-09T01:30");	/* 21:30 EDT, would be 20:30 EST */
	is_string(decide(policy, &in), "allow:0", "21:30 EDT is outside");
	/* 2026-11-01: back from EDT to EST at 06:00Z. */
	in.at_ms = iso_ms("2026-10-31T11:30");	/* 07:30 EDT */
	is_string(decide(policy, &in), "allow:0", "the day before fall back, 07:30 EDT");
	in.at_ms = iso_ms("2026-11-01T05:30");	/* 01:30 EDT, the first one */
	is_string(decide(policy, &in), "block:1", "fall back night, the first 01:30");
	in.at_ms = iso_ms("2026-11-01T06:30");	/* 01:30 EST, the second one */
	is_string(decide(policy, &in), "block:1", "fall back night, the second 01:30");
	in.at_ms = iso_ms("2026-11-01T11:30");	/* 06:30 EST, would be 07:30 in EDT */
	is_string(decide(policy, &in), "block:1", "after the change, 06:30 EST is inside");
	in.at_ms = iso_ms("2026-11-01T12:00");	/* 07:00 EST */
	is_string(decide(policy, &in), "allow:0", "07:00 EST is outside");
	in.at_ms = iso_ms("2026-11-01T03:00");	/* 23:00 EDT */
	is_string(decide(policy, &in), "block:1", "again from the cache of the last minute");

	/* The process's own TZ is left as it was, set or not. */
	setenv("TZ", "Asia/Tokyo", 1);
	in.at_ms = iso_ms("2026-12-01T03:45");
	decide(policy, &in);
	tz = getenv("TZ");
	is_string(tz, "Asia/Tokyo", "TZ restored after deciding");
	unsetenv("TZ");
	in.at_ms = iso_ms("2026-12-02T03:45");
	decide(policy, &in);
	ok(getenv("TZ") == NULL, "an unset TZ stays unset");
	policy_free(policy);

	/* Kolkata is +05:30 all year. */
	policy = load_text("block during 09:00-09:30 Asia/Kolkata\n", NULL);
	in.at_ms = iso_ms("2026-06-01T03:45");	/* 09:15 there */
	is_string(decide(policy, &in), "block:1", "a half-hour zone");
	in.at_ms = iso_ms("2026-06-01T04:00");	/* 09:30 there */
	is_string(decide(policy, &in), "allow:0", "  end exclusive");
	in.at_ms = iso_ms("2026-06-01T03:29");	/* 08:59 there */
	is_string(decide(policy, &in), "allow:0", "  start inclusive, not before");
	policy_free(policy);
}

struct counter {
	int64_t     previous;
	int         fail;
	int         calls;
	char        by[16];
	char        value[64];
	int64_t     since_ms;
};

static int
count_previous(void *arg, const char *by, const char *value, int64_t since_ms, int64_t *out)
{
	struct counter *c = arg;

	c->calls++;
	snprintf(c->by, sizeof(c->by), "%s", by);
	snprintf(c->value, sizeof(c->value), "%s", value);
	c->since_ms = since_ms;
	if (c->fail)
		return -1;
	*out = c->previous;
	return 0;
}

static void
test_limit(void)
{
	struct policy *policy;
	struct policy_input in;
	struct counter counter;
	struct policy_decision d;
	struct error err;

	policy = load_text("allow type voice\n"
	    "block limit 3 per minute\n"
	    "block limit 100 per day by session\n"
	    "block type message limit 0 per hour by participant\n", NULL);
	ok(policy != NULL, "limit rules load");
	if (policy == NULL)
		return;
	memset(&counter, 0, sizeof(counter));
	in = message("hi");
	in.type = "Voice";
	in.count = count_previous;
	in.count_arg = &counter;
	is_string(decide(policy, &in), "allow:1", "a rule before the limit decides first");
	is_int(counter.calls, 0, "  and nothing is counted");

	in.type = NULL;
	counter.previous = 2;
	is_string(decide(policy, &in), "allow:0", "the third in a minute is within 3");
	is_string(counter.by, "session", "  (the session limit was asked too)");
	counter.previous = 3;
	is_string(decide(policy, &in), "block:2", "the fourth in a minute is over 3");
	is_string(counter.by, "participant", "  counted by participant");
	is_string(counter.value, in.participant_sid, "  this participant");
	is_int(counter.since_ms, in.at_ms - 60000, "  over the last minute");

	counter.previous = 100;
	in.participant_sid = NULL;
	is_string(decide(policy, &in), "block:3", "by session: the 101st in a day");
	is_string(counter.value, in.session_sid, "  counted for this session");
	is_int(counter.since_ms, in.at_ms - 86400000, "  over the last day");

	in = message("hi");
	in.type = "message";
	in.count = count_previous;
	in.count_arg = &counter;
	counter.previous = 0;
	is_string(decide(policy, &in), "block:4", "limit 0 matches the first one");

	in.count = NULL;
	is_string(decide(policy, &in), "allow:0", "no counting callback: limits never match");

	in.count = count_previous;
	counter.fail = 1;
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == -1 &&
	    strstr(err.message, "policy.conf:2: cannot count interactions by participant") != NULL,
	    "a counting failure is an error naming the rule");
	policy_free(policy);
}

/* policy_watch_get with stderr captured; *logged counts the lines
 * containing needle. */
static const struct policy *
watch_get_logged(struct policy_watch *w, const char *needle, int *logged)
{
	const struct policy *policy;
	struct error err;

	capture_start();
	error_clear(&err);
	policy = policy_watch_get(w, &err);
	*logged = capture_stop(needle);
	return policy;
}

static void
test_watch(void)
{
	struct policy_watch *w;
	const struct policy *policy, *first;
	struct policy_input in;
	struct error err;
	char want[1024];
	int logged;

	snprintf(want, sizeof(want), "%s/absent.conf", dir);
	w = policy_watch_new(want, NULL);
	error_clear(&err);
	ok(policy_watch_get(w, &err) == NULL && strstr(err.message, "cannot open") != NULL,
	    "watching a missing file: no policy, and why");
	ok(policy_watch_loaded_ms(w) == 0 && policy_watch_last_error(w) != NULL,
	    "  nothing loaded, an error to show");
	policy_watch_free(w);

	write_text("watched.txt", "+15551230000\n");
	write_text("policy.conf", "block from @watched.txt\n");
	w = policy_watch_new(policy_path, NULL);
	error_clear(&err);
	first = policy = policy_watch_get(w, &err);
	ok(policy != NULL && policy_watch_loaded_ms(w) > 0 && policy_watch_last_error(w) == NULL,
	    "watch loads the policy");
	in = message("hi");
	in.from = "+15551230000";
	is_string(decide(policy, &in), "block:1", "  and it decides");
	ok(policy_watch_get(w, &err) == first, "unchanged files: the same policy");

	write_text("policy.conf", "allow from @watched.txt\n");
	policy = policy_watch_get(w, &err);
	is_string(decide(policy, &in), "allow:1", "an edit is picked up");

	write_text("policy.conf", "allow from @watched.txt\nblock from +1555 12x\n");
	policy = watch_get_logged(w, "policy.conf:2: bad number", &logged);
	is_string(decide(policy, &in), "allow:1", "a broken edit keeps the last good policy");
	is_int(logged, 1, "  and logs the bad line");
	snprintf(want, sizeof(want), "%s:2: bad number '+1555 12x': unexpected character",
	    policy_path);
	is_string(policy_watch_last_error(w), want, "  which the dashboard can show");
	policy = watch_get_logged(w, "bad number", &logged);
	ok(policy != NULL && logged == 0, "  logged once per bad version");

	write_text("policy.conf", "allow from @watched.txt\nblock from +1555 12x 3\n");
	policy = watch_get_logged(w, "policy.conf:2: bad number", &logged);
	is_int(logged, 1, "another bad version is logged again");

	write_text("policy.conf", "allow from @watched.txt\nblock from +1555*\n");
	policy = policy_watch_get(w, &err);
	ok(policy_watch_last_error(w) == NULL, "fixing it clears the error");
	in.from = "+15559999999";
	is_string(decide(policy, &in), "block:2", "  and the fixed policy is in force");

	write_text("watched.txt", "+15559999999\n");
	policy = policy_watch_get(w, &err);
	is_string(decide(policy, &in), "allow:1", "editing only the @ list reloads");

	write_text("watched.txt", "+1555999999x\n");
	policy = watch_get_logged(w, "watched.txt:1: bad number", &logged);
	is_string(decide(policy, &in), "allow:1", "a broken @ list keeps the last good policy");
	is_int(logged, 1, "  and logs the list's line");
	write_text("watched.txt", "+15559999998\n");
	policy = policy_watch_get(w, &err);
	is_string(decide(policy, &in), "block:2", "fixing the list reloads");

	/* A file replaced by another with the same size and time is still
	 * seen, by its inode. */
	{
		char from[512];

		snprintf(from, sizeof(from), "%s/replacement.conf", dir);
		write_text("replacement.conf", "block from @watched.txt\nblock from +1555*\n");
		rename(from, policy_path);
		policy = policy_watch_get(w, &err);
		in.from = "+15559999998";
		is_string(decide(policy, &in), "block:1", "a renamed-over policy is reloaded");
	}
	policy_watch_free(w);
}

static void
test_text_and_comments(void)
{
	struct policy *policy;
	struct policy_input in;
	struct policy_decision d;
	struct error err;
	unsigned line;
	const char *file, *text;
	int block;

	policy = load_text("\xef\xbb\xbf\t  block body \"#1 deal\"   # phrases may hold #\r\n"
	    "default   block    # close everything else\n", NULL);
	ok(policy != NULL, "a byte order mark, comments after rules and CRLF line ends");
	if (policy == NULL)
		return;
	policy_rule(policy, 0, &file, &line, &text, &block);
	is_string(text, "block body \"#1 deal\"", "rule text: trimmed, comment dropped");
	ok(policy_default(policy, &line, &text, &block) == 1 && line == 2 && block == 1,
	    "the default line");
	is_string(text, "default   block", "  its text");
	in = message("our #1 DEAL today");
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == 0 && d.block && d.matched && d.line == 1,
	    "the phrase with # matches");
	policy_free(policy);
}

static int
remove_tree(const char *path)
{
	char child[1024];
	struct dirent *de;
	DIR *d = opendir(path);

	if (d == NULL)
		return unlink(path);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}

/* Earlier digit runs for across rules, as a store would give them: each
 * entry a message of KP...01 in KC...01 at a time, oldest first here. */
struct fake_runs {
	const char *runs[4];
	int64_t     at[4];
	size_t      count;
	size_t      asked_max;
};

static int
fake_recent(void *arg, const char *participant_sid, const char *session_sid, int64_t since_ms,
    int64_t until_ms, size_t max, char (*runs)[DETECT_RUNS_MAX], size_t *count)
{
	struct fake_runs *f = arg;
	size_t i;

	*count = 0;
	f->asked_max = max;
	if (strcmp(participant_sid, "KP00000000000000000000000000000001") != 0 ||
	    strcmp(session_sid, "KC00000000000000000000000000000001") != 0)
		return 0;
	for (i = f->count; i-- > 0 && *count < max;)
		if (f->at[i] >= since_ms && f->at[i] < until_ms)
			snprintf(runs[(*count)++], DETECT_RUNS_MAX, "%s", f->runs[i]);
	return 0;
}

static int
fake_fails(void *arg, const char *participant_sid, const char *session_sid, int64_t since_ms,
    int64_t until_ms, size_t max, char (*runs)[DETECT_RUNS_MAX], size_t *count)
{
	(void)arg, (void)participant_sid, (void)session_sid, (void)since_ms, (void)until_ms;
	(void)max, (void)runs;
	*count = 0;
	return -1;
}

static void
test_redact_across(void)
{
	struct policy *policy;
	struct policy_input in;
	struct policy_decision d;
	struct fake_runs f;
	struct error err;
	char buf[64];

	policy = load_text("redact body phone / email type message\n"
	    "redact body url/handle\n"
	    "default allow\n", NULL);
	ok(policy != NULL, "redact rules load");
	if (policy != NULL) {
		in = message("call me at +1 415 555 0100");
		error_clear(&err);
		ok(policy_decide(policy, &in, &d, &err) == 0 && d.block && d.line == 1 &&
		    d.redact == (DETECT_BIT(DETECT_PHONE) | DETECT_BIT(DETECT_EMAIL)),
		    "a redact rule decides a redaction of its kinds (and blocks where it cannot)");
		in = message("write to jane.doe@example.com");
		is_string(decide(policy, &in), "block:1", "any kind of the rule holds");
		in = message("see example.com/shop");
		ok(policy_decide(policy, &in, &d, &err) == 0 && d.line == 2 &&
		    d.redact == (DETECT_BIT(DETECT_URL) | DETECT_BIT(DETECT_HANDLE)),
		    "kinds written as url/handle");
		in = message("see you at noon");
		ok(policy_decide(policy, &in, &d, &err) == 0 && !d.block && d.redact == 0,
		    "a clean message is no redaction");
		is_int(policy_across_ms(policy), 0, "no across rule: nothing kept");
		policy_free(policy);
	}

	policy = load_text("block body phone across 3 messages within 10 minutes\n", NULL);
	ok(policy != NULL, "an across rule loads");
	if (policy == NULL)
		return;
	is_int(policy_across_ms(policy), 10 * 60 * 1000, "its window is what is kept");
	memset(&f, 0, sizeof(f));
	in = message("and 678");
	f.runs[0] = "612";
	f.at[0] = in.at_ms - 120000;
	f.runs[1] = "345";
	f.at[1] = in.at_ms - 60000;
	f.count = 2;
	is_string(decide(policy, &in), "allow:0", "without earlier messages a part is no number");
	in.runs = fake_recent;
	in.runs_arg = &f;
	/* Spanish mobile 612 345 678, in three messages. */
	snprintf(buf, sizeof(buf), "%s", decide(policy, &in));
	is_string(buf, "block:1", "a number split over three messages is blocked on the third");
	is_int((long long)f.asked_max, 2, "  the two messages before it were asked for");
	f.at[0] = in.at_ms - 11 * 60000;
	is_string(decide(policy, &in), "allow:0", "not when the first is older than within");
	f.at[0] = in.at_ms - 120000;
	in.participant_sid = "KP00000000000000000000000000000002";
	is_string(decide(policy, &in), "allow:0", "nor for another participant");
	in = message("see you at noon");
	in.runs = fake_recent;
	in.runs_arg = &f;
	is_string(decide(policy, &in), "allow:0", "a message with no digits after parts is clean");
	in = message("and 678");
	in.runs = fake_fails;
	error_clear(&err);
	ok(policy_decide(policy, &in, &d, &err) == -1 && strstr(err.message, ":1: cannot read "
	    "the earlier messages") != NULL, "a store that fails is an error naming the rule");
	policy_free(policy);
}

int
main(void)
{
	log_init("t/policy");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(policy_path, sizeof(policy_path), "%s/policy.conf", dir);
	test_contract();
	test_errors();
	test_redact_across();
	test_order_and_default();
	test_conditions();
	test_regex_limits();
	test_regex_syntax();
	test_lists();
	test_during();
	test_limit();
	test_watch();
	test_text_and_comments();
	remove_tree(dir);
	return done_testing();
}
