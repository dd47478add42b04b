/* template: compiling, expanding, refusals, and the out-of-session field list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/web/template.h"
#include "proxyhooks/base/utf8.h"
#include "tap.h"

/* Compile text against oos_field_names, expand it with posted and compare. */
static void
expand_is(const char *text, const struct form *posted, const char *wanted,
    const char *name)
{
	struct template *template = NULL;
	struct error err = { 0 };
	char *out = NULL;

	if (!ok(template_compile(text, oos_field_names, &template, &err) == 0 &&
	    template_expand(template, posted, &out, &err) == 0, name)) {
		diag("error: %s", err.message);
		skip(2, "no expansion");
		goto done;
	}
	is_string(out, wanted, name);
	ok(utf8_xml_safe(out, strlen(out)), "the expansion is XML-safe");
done:
	free(out);
	template_free(template);
}

/* Compiling text must fail with exactly message. */
static void
refused_is(const char *text, const char *const *known, const char *message,
    const char *name)
{
	struct template *template = NULL;
	struct error err = { 0 };

	ok(template_compile(text, known, &template, &err) == -1 && template == NULL,
	    name);
	is_string(err.message, message, "the error names what and where");
	template_free(template);
}

static void
test_expand(void)
{
	struct form posted = { 0 };

	form_add(&posted, "From", "+19515550111");
	form_add(&posted, "sessionUniqueName", "ride_42");
	form_add(&posted, "Body", "first");
	form_add(&posted, "Body", "second");
	form_add(&posted, "unlisted", "x");

	expand_is("Hello {From}, ride {sessionUniqueName} has ended.", &posted,
	    "Hello +19515550111, ride ride_42 has ended.", "two fields");
	expand_is("{From}{From}", &posted, "+19515550111+19515550111",
	    "a field twice, back to back");
	expand_is("no fields at all", &posted, "no fields at all", "plain text");
	expand_is("", &posted, "", "empty text");
	expand_is("{{From}} is {From}", &posted, "{From} is +19515550111",
	    "{{ and }} are literal braces");
	expand_is("{{{From}}}", &posted, "{+19515550111}",
	    "a literal brace around a field");
	expand_is("}}{{", &posted, "}{", "braces in any order when doubled");
	expand_is("[{CallSid}]", &posted, "[]", "a missing field expands to nothing");
	expand_is("{Body}", &posted, "first", "the first of duplicate values");
	expand_is("Ça va? {From} \xf0\x9f\x98\x80", &posted,
	    "Ça va? +19515550111 \xf0\x9f\x98\x80", "non-ASCII template text kept");
	expand_is("[{From}]", NULL, "[]", "no posted form: fields are empty");
	form_free(&posted);
}

/* A posted value that is not XML-safe never comes out raw. */
static void
test_unsafe_values(void)
{
	static const struct {
		const char *value;
		const char *wanted;
		const char *name;
	} cases[] = {
		{ "a\x01" "b", "a?b", "U+0001 becomes ?" },
		{ "tab\tcr\rlf\n", "tab\tcr\rlf\n", "tab, CR and LF are allowed" },
		{ "\x0b\x0c\x1f", "???", "each forbidden control becomes ?" },
		{ "x\xef\xbf\xbey", "x?y", "U+FFFE becomes one ?" },
		{ "\xef\xbf\xbf", "?", "U+FFFF becomes one ?" },
		{ "caf\xe9", "caf?", "a Latin-1 byte becomes ?" },
		{ "\xc3\x28", "?(", "a bad continuation: only the lead byte goes" },
		{ "\xc0\xaf", "??", "an overlong: each byte" },
		{ "\xed\xa0\x80", "???", "a UTF-16 surrogate: each byte" },
		{ "euro \xe2\x82", "euro ??", "truncated at the end" },
		{ "\x80\xbf", "??", "lone continuation bytes" },
		{ "\xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd",
		    "\xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd",
		    "euro, emoji and U+FFFD pass" },
	};
	struct form posted = { 0 };
	char name[128], wanted[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		form_free(&posted);
		/* form_add, unlike form_decode, takes any bytes. */
		form_add(&posted, "Body", cases[i].value);
		snprintf(name, sizeof(name), "posted value: %s", cases[i].name);
		snprintf(wanted, sizeof(wanted), "<%s>", cases[i].wanted);
		expand_is("<{Body}>", &posted, wanted, name);
	}
	form_free(&posted);
}

static void
test_refusals(void)
{
	static const char *const few[] = { "From", "To", NULL };

	refused_is("Hi {Frm}", oos_field_names,
	    "template: unknown field \"Frm\" at byte 3", "unknown field");
	refused_is("Hi {from}", oos_field_names,
	    "template: unknown field \"from\" at byte 3 (did you mean From?)",
	    "wrong case gets a hint");
	refused_is("{Body}", few, "template: unknown field \"Body\" at byte 0",
	    "a name outside the given list");
	refused_is("{From}", NULL, "template: unknown field \"From\" at byte 0",
	    "no list: no name is known");
	refused_is("Hi {From", oos_field_names,
	    "template: unclosed brace at byte 3 (write {{ for a literal brace)",
	    "unclosed brace");
	refused_is("x {Fr{om}", oos_field_names,
	    "template: unclosed brace at byte 2 (write {{ for a literal brace)",
	    "a brace opened inside a name");
	refused_is("x {", oos_field_names,
	    "template: unclosed brace at byte 2 (write {{ for a literal brace)",
	    "a brace at the end");
	refused_is("a {} b", oos_field_names,
	    "template: empty field name {} at byte 2", "empty name");
	refused_is("a } b", oos_field_names,
	    "template: '}' without '{' at byte 2 (write }} for a literal brace)",
	    "stray closing brace");
	refused_is("{From}}", oos_field_names,
	    "template: '}' without '{' at byte 6 (write }} for a literal brace)",
	    "a closing brace after a field");
	refused_is("bad \x01 here", oos_field_names,
	    "template: invalid UTF-8 or a character XML forbids at byte 4 (0x01)",
	    "control character in the text");
	refused_is("caf\xe9 {From}", oos_field_names,
	    "template: invalid UTF-8 or a character XML forbids at byte 3 (0xe9)",
	    "invalid UTF-8 in the text");
	refused_is("ok \xef\xbf\xbf", oos_field_names,
	    "template: invalid UTF-8 or a character XML forbids at byte 3 (0xef)",
	    "U+FFFF in the text");
	refused_is(NULL, oos_field_names, "template: no text", "no text");
}

static int
field_listed(const char *name)
{
	const char *const *p;

	for (p = oos_field_names; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

static void
test_field_names(void)
{
	static const char *const expected[] = {
		"AccountSid", "AddOns", "CallSid", "CallStatus", "CallerZip",
		"Direction", "ToZip", "MessageSid", "SmsSid", "SmsMessageSid",
		"SmsStatus", "Body", "NumMedia", "NumSegments", "MessagingServiceSid",
		"MediaUrl0", "MediaUrl9", "MediaContentType0", "MediaContentType9",
		"inboundParticipantSid", "inboundParticipantProxyIdentifierSid",
		"outboundParticipantIdentifier", "outboundParticipantDateUpdated",
		"sessionSid", "sessionUniqueName", "sessionClosedReason",
		"sessionDateEnded", "sessionAccountSid",
	};
	static const char *const suffixes[] = { "Sid", "Identifier",
		"ProxyIdentifier", "ProxyIdentifierSid", "FriendlyName", "SessionSid",
		"ServiceSid", "AccountSid", "DateCreated", "DateUpdated" };
	const char *const *p, *const *q;
	char name[64];
	size_t count = 0, i;
	int duplicates = 0, all = 1;

	for (p = oos_field_names; *p != NULL; p++) {
		count++;
		for (q = p + 1; *q != NULL; q++)
			duplicates += strcmp(*p, *q) == 0;
	}
	/* 26 Voice, 8 SMS + 2 x 10 media, 2 x 10 participant, 10 session */
	is_int((long long)count, 84, "84 out-of-session fields");
	is_int(duplicates, 0, "no field listed twice");
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		snprintf(name, sizeof(name), "%s is listed", expected[i]);
		ok(field_listed(expected[i]), name);
	}
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "MediaUrl%zu", i);
		all &= field_listed(name);
		snprintf(name, sizeof(name), "MediaContentType%zu", i);
		all &= field_listed(name);
		snprintf(name, sizeof(name), "inboundParticipant%s", suffixes[i]);
		all &= field_listed(name);
		snprintf(name, sizeof(name), "outboundParticipant%s", suffixes[i]);
		all &= field_listed(name);
	}
	ok(all, "every media index and participant suffix is listed");
	ok(!field_listed("MediaUrl10") && !field_listed("interactionSid"),
	    "fields outside the payload are not");
}

/* The fixtures in t/fixtures: each field they carry is one a template may
 * name, and a template over them expands as an operator would expect. */
static void
test_fixtures(void)
{
	static const char *const files[] = { "out-of-session-message.form",
		"out-of-session-voice.form" };
	const char *top = getenv("top_srcdir");
	struct form posted = { 0 };
	struct error err = { 0 };
	char path[4096], body[16384];
	size_t i, j, len;
	FILE *f;
	int all;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/t/fixtures/%s",
		    top ? top : ".", files[i]);
		if ((f = fopen(path, "r")) == NULL) {
			skip(5, "t/fixtures not found (set top_srcdir)");
			continue;
		}
		len = fread(body, 1, sizeof(body) - 1, f);
		fclose(f);
		if (len > 0 && body[len - 1] == '\n')
			len--;	/* the newline ends the file, not the body */
		body[len] = '\0';
		form_free(&posted);
		error_clear(&err);
		ok(form_decode(body, len, &posted, &err) == 0, files[i]);
		for (all = 1, j = 0; j < posted.count; j++)
			if (!field_listed(posted.params[j].name)) {
				diag("%s: %s is not listed", files[i], posted.params[j].name);
				all = 0;
			}
		ok(all && posted.count > 40, "every field of the fixture is listed");
		if (i == 0)
			expand_is("{sessionUniqueName} ({sessionStatus}): {Body}", &posted,
			    "ride_42 (closed): Are you still there? \xc3\x87" "a va?",
			    "a template over the message fixture");
		else
			expand_is("{CallSid} from {Caller}{Body}", &posted,
			    "CA11111111111111111111111111111111 from +19515550111",
			    "a template over the voice fixture");
	}
	form_free(&posted);
}

int
main(void)
{
	test_expand();
	test_unsafe_values();
	test_refusals();
	test_field_names();
	test_fixtures();
	return done_testing();
}
