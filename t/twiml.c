/* twiml: exact bytes of every verb, escaping, refusals, and a parse back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "proxyhooks/web/twiml.h"
#include "proxyhooks/base/utf8.h"
#include "tap.h"

#define DECLARATION "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

/* Render, compare with DECLARATION body, and check libxml2 reads the result
 * back as a well-formed document rooted at <Response>. The parsed document
 * is returned through parsed (when not NULL) for round-trip checks. */
static void
render_is(struct twiml *twiml, const char *body, const char *name,
    xmlDocPtr *parsed)
{
	struct error err = { 0 };
	char *xml = NULL, *wanted = NULL;
	size_t len = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;

	if (parsed != NULL)
		*parsed = NULL;
	if (asprintf(&wanted, "%s%s", DECLARATION, body) < 0)
		abort();
	if (!ok(twiml_render(twiml, &xml, &len, &err) == 0, name)) {
		diag("error: %s", err.message);
		goto done;
	}
	is_string(xml, wanted, name);
	is_int((long long)len, (long long)strlen(xml), "length matches the bytes");
	doc = xmlReadMemory(xml, (int)len, "twiml.xml", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	ok(root != NULL && xmlStrcmp(root->name, BAD_CAST "Response") == 0,
	    "parses back as a <Response> document");
	if (parsed != NULL) {
		*parsed = doc;
		doc = NULL;
	}
done:
	xmlFreeDoc(doc);
	free(xml);
	free(wanted);
}

/* The n-th element under the root of a parsed document. */
static xmlNodePtr
verb_at(xmlDocPtr doc, int n)
{
	xmlNodePtr node;

	if (doc == NULL)
		return NULL;
	for (node = xmlDocGetRootElement(doc)->children; node; node = node->next)
		if (node->type == XML_ELEMENT_NODE && n-- == 0)
			return node;
	return NULL;
}

static void
content_is(xmlDocPtr doc, int n, const char *wanted, const char *name)
{
	xmlNodePtr node = verb_at(doc, n);
	xmlChar *text = node ? xmlNodeGetContent(node) : NULL;

	is_string((const char *)text, wanted, name);
	xmlFree(text);
}

static void
attribute_is(xmlDocPtr doc, int n, const char *attribute, const char *wanted,
    const char *name)
{
	xmlNodePtr node = verb_at(doc, n);
	xmlChar *value = node ? xmlGetProp(node, BAD_CAST attribute) : NULL;

	is_string((const char *)value, wanted, name);
	xmlFree(value);
}

static void
test_each_verb(void)
{
	struct error err = { 0 };
	struct twiml *t;

	t = twiml_new();
	render_is(t, "<Response/>", "empty response", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "Hello World", NULL, NULL, 0, &err) == 0, "say");
	render_is(t, "<Response><Say>Hello World</Say></Response>", "say bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "Hi", "Polly.Joanna", "en-US", 2, &err) == 0,
	    "say with attributes");
	render_is(t, "<Response><Say voice=\"Polly.Joanna\" language=\"en-US\" "
	    "loop=\"2\">Hi</Say></Response>", "say attributes in order", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "Hi", NULL, "fr-FR", 0, &err) == 0, "say with language only");
	render_is(t, "<Response><Say language=\"fr-FR\">Hi</Say></Response>",
	    "say leaves out NULL voice and loop 0", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_play(t, "https://example.com/closed.mp3", 0, &err) == 0, "play");
	ok(twiml_play(t, "https://example.com/tone.wav", 3, &err) == 0,
	    "play with loop");
	render_is(t, "<Response><Play>https://example.com/closed.mp3</Play>"
	    "<Play loop=\"3\">https://example.com/tone.wav</Play></Response>",
	    "play bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_pause(t, 0, &err) == 0, "pause default");
	ok(twiml_pause(t, 5, &err) == 0, "pause 5");
	render_is(t, "<Response><Pause/><Pause length=\"5\"/></Response>",
	    "pause bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_dial(t, "+18005551212", "+14155550100", &err) == 0, "dial");
	render_is(t, "<Response><Dial callerId=\"+14155550100\">+18005551212</Dial>"
	    "</Response>", "dial bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_dial(t, "+18005551212", NULL, &err) == 0, "dial without caller id");
	render_is(t, "<Response><Dial>+18005551212</Dial></Response>",
	    "dial bytes without callerId", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_redirect(t, "/support?a=1&b=2", "GET", &err) == 0, "redirect");
	render_is(t, "<Response><Redirect method=\"GET\">/support?a=1&amp;b=2"
	    "</Redirect></Response>", "redirect bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_reject(t, NULL, &err) == 0, "reject");
	render_is(t, "<Response><Reject/></Response>", "reject alone", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_reject(t, "busy", &err) == 0, "reject busy");
	render_is(t, "<Response><Reject reason=\"busy\"/></Response>",
	    "reject busy bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_reject(t, "rejected", &err) == 0, "reject rejected");
	render_is(t, "<Response><Reject reason=\"rejected\"/></Response>",
	    "reject rejected bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_hangup(t, &err) == 0, "hangup");
	render_is(t, "<Response><Hangup/></Response>", "hangup bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_message(t, "This conversation has ended.", &err) == 0, "message");
	render_is(t, "<Response><Message>This conversation has ended.</Message>"
	    "</Response>", "message bytes", NULL);
	twiml_free(t);
	if (err.message[0] != '\0')
		diag("unexpected error: %s", err.message);
}

static void
test_combinations(void)
{
	struct error err = { 0 };
	struct twiml *t;
	char *first = NULL, *second = NULL;

	t = twiml_new();
	ok(twiml_say(t, "This session has ended. Connecting you to support.",
	    "alice", NULL, 0, &err) == 0 &&
	    twiml_play(t, "https://example.com/hold.mp3", 0, &err) == 0 &&
	    twiml_dial(t, "+18005550199", "+14155550100", &err) == 0,
	    "say, play, dial");
	render_is(t, "<Response><Say voice=\"alice\">This session has ended. "
	    "Connecting you to support.</Say><Play>https://example.com/hold.mp3"
	    "</Play><Dial callerId=\"+14155550100\">+18005550199</Dial></Response>",
	    "say+play+dial bytes", NULL);
	ok(twiml_render(t, &first, NULL, &err) == 0 &&
	    twiml_render(t, &second, NULL, &err) == 0 && strcmp(first, second) == 0,
	    "rendering twice gives the same bytes");
	free(first);
	free(second);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "One moment.", NULL, NULL, 0, &err) == 0 &&
	    twiml_redirect(t, "https://example.com/support", "POST", &err) == 0,
	    "say, redirect");
	render_is(t, "<Response><Say>One moment.</Say><Redirect method=\"POST\">"
	    "https://example.com/support</Redirect></Response>",
	    "say+redirect bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "Goodbye.", NULL, NULL, 0, &err) == 0 &&
	    twiml_pause(t, 1, &err) == 0 && twiml_hangup(t, &err) == 0,
	    "say, pause, hangup");
	render_is(t, "<Response><Say>Goodbye.</Say><Pause length=\"1\"/><Hangup/>"
	    "</Response>", "say+pause+hangup bytes", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_message(t, "First.", &err) == 0 &&
	    twiml_message(t, "Second.", &err) == 0 &&
	    twiml_redirect(t, "/next", NULL, &err) == 0,
	    "two messages then a redirect");
	render_is(t, "<Response><Message>First.</Message><Message>Second.</Message>"
	    "<Redirect>/next</Redirect></Response>", "messages+redirect bytes", NULL);
	twiml_free(t);
	if (err.message[0] != '\0')
		diag("unexpected error: %s", err.message);
}

static void
test_escaping(void)
{
	static const char text[] = "a & b < c > d \" e ' f\tg\rh\ni ]]> &amp; &x;";
	struct error err = { 0 };
	struct twiml *t;
	xmlDocPtr doc;

	/* Text escapes & < > (so "]]>" cannot appear) and CR, which a parser
	 * would otherwise turn into LF; quotes, tab and LF stay. Nothing in the
	 * value is read as markup or an entity. */
	t = twiml_new();
	ok(twiml_say(t, text, NULL, NULL, 0, &err) == 0, "say special characters");
	render_is(t, "<Response><Say>a &amp; b &lt; c &gt; d \" e ' f\tg&#13;h\ni "
	    "]]&gt; &amp;amp; &amp;x;</Say></Response>", "text escaping bytes", &doc);
	content_is(doc, 0, text, "text round-trips through a parser");
	xmlFreeDoc(doc);
	twiml_free(t);

	/* Attributes escape " and tab/CR/LF as well, which attribute-value
	 * normalization would otherwise turn into spaces. */
	t = twiml_new();
	ok(twiml_say(t, "x", text, NULL, 0, &err) == 0, "attribute special characters");
	render_is(t, "<Response><Say voice=\"a &amp; b &lt; c &gt; d &quot; e ' "
	    "f&#9;g&#13;h&#10;i ]]&gt; &amp;amp; &amp;x;\">x</Say></Response>",
	    "attribute escaping bytes", &doc);
	attribute_is(doc, 0, "voice", text, "attribute round-trips through a parser");
	xmlFreeDoc(doc);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_dial(t, "+1 (800) <555>", "\"me\" & 'you'", &err) == 0,
	    "dial with characters to escape");
	render_is(t, "<Response><Dial callerId=\"&quot;me&quot; &amp; 'you'\">"
	    "+1 (800) &lt;555&gt;</Dial></Response>", "dial escaping bytes", &doc);
	content_is(doc, 0, "+1 (800) <555>", "dial number round-trips");
	attribute_is(doc, 0, "callerId", "\"me\" & 'you'", "callerId round-trips");
	xmlFreeDoc(doc);
	twiml_free(t);
	if (err.message[0] != '\0')
		diag("unexpected error: %s", err.message);
}

static void
test_non_ascii(void)
{
	/* Latin, CJK, an emoji (4 bytes), U+FFFD and U+10FFFF are all allowed. */
	static const char text[] =
	    "\xc3\x87" "a va? \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 "
	    "\xef\xbf\xbd \xf4\x8f\xbf\xbf";
	struct error err = { 0 };
	struct twiml *t;
	char *wanted;
	xmlDocPtr doc;

	t = twiml_new();
	ok(twiml_message(t, text, &err) == 0, "message with non-ASCII text");
	if (asprintf(&wanted, "<Response><Message>%s</Message></Response>", text) < 0)
		abort();
	render_is(t, wanted, "non-ASCII text written as UTF-8, not references", &doc);
	content_is(doc, 0, text, "non-ASCII text round-trips");
	xmlFreeDoc(doc);
	free(wanted);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_say(t, "x", text, text, 0, &err) == 0,
	    "non-ASCII attributes accepted");
	if (asprintf(&wanted, "<Response><Say voice=\"%s\" language=\"%s\">x</Say>"
	    "</Response>", text, text) < 0)
		abort();
	render_is(t, wanted, "non-ASCII attributes written as UTF-8", &doc);
	attribute_is(doc, 0, "voice", text, "non-ASCII attribute round-trips");
	xmlFreeDoc(doc);
	free(wanted);
	twiml_free(t);
}

static void
test_refusals(void)
{
	static const struct {
		const char *value;
		const char *message;	/* for the Say text */
		const char *name;
	} bad[] = {
		{ "ab\x01", "Say text: invalid UTF-8 or a character XML forbids "
		    "at byte 2 (0x01)", "U+0001" },
		{ "\x08", NULL, "U+0008" },
		{ "a\x0b", NULL, "U+000B" },
		{ "a\x0c", NULL, "U+000C" },
		{ "a\x1f", NULL, "U+001F" },
		{ "ok \xef\xbf\xbe", "Say text: invalid UTF-8 or a character XML "
		    "forbids at byte 3 (0xef)", "U+FFFE" },
		{ "\xef\xbf\xbf", NULL, "U+FFFF" },
		{ "caf\xe9", "Say text: invalid UTF-8 or a character XML forbids "
		    "at byte 3 (0xe9)", "Latin-1 byte" },
		{ "\xc3\x28", NULL, "bad continuation byte" },
		{ "\xc0\xaf", NULL, "overlong slash" },
		{ "\xed\xa0\x80", NULL, "UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", NULL, "beyond U+10FFFF" },
		{ "a\x80", NULL, "lone continuation byte" },
		{ "euro \xe2\x82", NULL, "truncated at the end" },
	};
	struct twiml *t = twiml_new(), *m = twiml_new();
	struct error err = { 0 };
	size_t i;
	char name[128];

	ok(twiml_say(t, "Before.", NULL, NULL, 0, &err) == 0, "a good verb first");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(!utf8_xml_safe(bad[i].value, strlen(bad[i].value)),
		    "the test value is one utf8_xml_safe refuses");
		error_clear(&err);
		snprintf(name, sizeof(name), "Say text refused: %s", bad[i].name);
		ok(twiml_say(t, bad[i].value, NULL, NULL, 0, &err) == -1 &&
		    err.message[0] != '\0', name);
		if (bad[i].message != NULL)
			is_string(err.message, bad[i].message, "the error names the byte");
		error_clear(&err);
		snprintf(name, sizeof(name), "Message text refused: %s", bad[i].name);
		ok(twiml_message(m, bad[i].value, &err) == -1 &&
		    strstr(err.message, "Message text") != NULL, name);
		error_clear(&err);
		snprintf(name, sizeof(name), "voice attribute refused: %s", bad[i].name);
		ok(twiml_say(t, "x", bad[i].value, NULL, 0, &err) == -1, name);
		error_clear(&err);
		snprintf(name, sizeof(name), "callerId attribute refused: %s",
		    bad[i].name);
		ok(twiml_dial(t, "+1", bad[i].value, &err) == -1 &&
		    strstr(err.message, "Dial callerId") != NULL, name);
	}
	render_is(t, "<Response><Say>Before.</Say></Response>",
	    "refused values leave the document unchanged", NULL);
	render_is(m, "<Response/>", "refused messages leave it empty", NULL);
	twiml_free(t);
	twiml_free(m);
}

/* Verbs Twilio would ignore, mixed answers and bad arguments are refused with
 * a message; the document keeps what it had. */
static void
test_rules(void)
{
	struct error err = { 0 };
	struct twiml *t;

	t = twiml_new();
	twiml_say(t, "Hi", NULL, NULL, 0, &err);
	ok(twiml_reject(t, NULL, &err) == -1, "reject after say refused");
	is_string(err.message, "Reject after Say: only as the first verb does it "
	    "keep Twilio from answering", "the error says why");
	error_clear(&err);
	ok(twiml_message(t, "Hi", &err) == -1 &&
	    strstr(err.message, "do not mix") != NULL, "message in a voice answer refused");
	error_clear(&err);
	ok(twiml_hangup(t, &err) == 0, "hangup after say");
	ok(twiml_say(t, "Anyone?", NULL, NULL, 0, &err) == -1, "say after hangup refused");
	is_string(err.message, "Say after Hangup: Twilio ignores every verb that "
	    "follows it", "the error names both verbs");
	error_clear(&err);
	render_is(t, "<Response><Say>Hi</Say><Hangup/></Response>",
	    "refused verbs were not added", NULL);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_redirect(t, "/a", NULL, &err) == 0, "redirect first");
	ok(twiml_redirect(t, "/b", NULL, &err) == -1, "a second redirect refused");
	error_clear(&err);
	ok(twiml_reject(t, NULL, &err) == -1 &&
	    strstr(err.message, "after Redirect") != NULL, "reject after redirect refused");
	error_clear(&err);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_reject(t, NULL, &err) == 0, "reject first");
	ok(twiml_say(t, "x", NULL, NULL, 0, &err) == -1, "say after reject refused");
	error_clear(&err);
	twiml_free(t);

	t = twiml_new();
	twiml_message(t, "Hi", &err);
	ok(twiml_say(t, "Hi", NULL, NULL, 0, &err) == -1 &&
	    strstr(err.message, "Say in a messaging answer") != NULL,
	    "say in a messaging answer refused");
	error_clear(&err);
	ok(twiml_pause(t, 1, &err) == -1, "pause in a messaging answer refused");
	error_clear(&err);
	ok(twiml_reject(t, NULL, &err) == -1, "reject in a messaging answer refused");
	error_clear(&err);
	twiml_free(t);

	t = twiml_new();
	ok(twiml_reject(t, "later", &err) == -1, "unknown reject reason refused");
	is_string(err.message, "Reject reason \"later\" is neither rejected nor busy",
	    "the error names the reason");
	error_clear(&err);
	ok(twiml_redirect(t, "/x", "PUT", &err) == -1, "redirect method PUT refused");
	error_clear(&err);
	ok(twiml_redirect(t, "/x", "get", &err) == -1, "lower-case get refused");
	error_clear(&err);
	ok(twiml_say(t, "x", NULL, NULL, -1, &err) == -1, "negative loop refused");
	is_string(err.message, "Say loop is negative (-1)", "the error names the value");
	error_clear(&err);
	ok(twiml_play(t, "/a.mp3", -2, &err) == -1, "negative play loop refused");
	error_clear(&err);
	ok(twiml_pause(t, -1, &err) == -1, "negative pause refused");
	error_clear(&err);
	ok(twiml_say(t, "", NULL, NULL, 0, &err) == -1, "empty say refused");
	is_string(err.message, "Say text is empty", "the error says it is empty");
	error_clear(&err);
	ok(twiml_say(t, NULL, NULL, NULL, 0, &err) == -1, "missing say text refused");
	error_clear(&err);
	ok(twiml_say(t, "x", "", NULL, 0, &err) == -1, "empty voice refused");
	is_string(err.message, "Say voice is empty", "the error names the attribute");
	error_clear(&err);
	ok(twiml_play(t, "", 0, &err) == -1, "empty play URL refused");
	error_clear(&err);
	ok(twiml_dial(t, NULL, NULL, &err) == -1, "missing dial number refused");
	error_clear(&err);
	ok(twiml_redirect(t, "", NULL, &err) == -1, "empty redirect URL refused");
	error_clear(&err);
	ok(twiml_message(t, "", &err) == -1, "empty message refused");
	error_clear(&err);
	ok(twiml_reject(t, NULL, &err) == 0,
	    "reject is still first after refused verbs");
	render_is(t, "<Response><Reject/></Response>", "only the reject was added", NULL);
	twiml_free(t);
}

int
main(void)
{
	twiml_init();
	test_each_verb();
	test_combinations();
	test_escaping();
	test_non_ascii();
	test_refusals();
	test_rules();
	xmlCleanupParser();
	return done_testing();
}
