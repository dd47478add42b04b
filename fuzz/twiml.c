/* fuzz/twiml: TwiML built from arbitrary text, and the operator's
 * templates expanded with arbitrary posted values.
 *
 * Input: a template on the first line, a text on the second; the rest is
 * a form body (the posted fields). What must hold: a template that compiles
 * expands to text (or nothing) every verb accepts; a text a verb accepts renders to a
 * document that parses back (libxml2) to that very text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "proxyhooks/web/form.h"
#include "proxyhooks/web/template.h"
#include "proxyhooks/web/twiml.h"
#include "proxyhooks/base/utf8.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	twiml_init();
	return 0;
}

/* Render doc; it must render, and parse back with one child of <Response>
 * named verb holding text (when text is not NULL). */
static void
fuzz_render_check(const struct twiml *doc, const char *verb, const char *text)
{
	struct error err = { 0 };
	xmlDocPtr parsed;
	xmlNodePtr root, child;
	xmlChar *content;
	char *out;
	size_t len;

	if (twiml_render(doc, &out, &len, &err) < 0)
		fuzz_fail("twiml_render: %s", err.message);
	if (strlen(out) != len)
		fuzz_fail("the rendered length does not match the text");
	parsed = xmlReadMemory(out, (int)len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (parsed == NULL)
		fuzz_fail("the TwiML does not parse: %s", out);
	root = xmlDocGetRootElement(parsed);
	if (root == NULL || strcmp((const char *)root->name, "Response") != 0)
		fuzz_fail("the TwiML has no <Response>: %s", out);
	if (text != NULL) {
		for (child = root->children; child != NULL; child = child->next)
			if (child->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)child->name, verb) == 0)
				break;
		if (child == NULL)
			fuzz_fail("no <%s> in %s", verb, out);
		content = xmlNodeGetContent(child);
		if (content == NULL || strcmp((const char *)content, text) != 0)
			fuzz_fail("<%s> does not read back as the text given: %s", verb, out);
		xmlFree(content);
	}
	xmlFreeDoc(parsed);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { (const char *)data, size };
	struct template *tpl = NULL;
	struct twiml *doc;
	struct form form;
	struct error err = { 0 };
	char *template_text, *text, *expanded = NULL;

	memset(&form, 0, sizeof(form));
	if ((template_text = fuzz_line(&in)) == NULL)
		return 0;
	if ((text = fuzz_line(&in)) == NULL)
		text = fuzz_strndup("", 0);
	if (form_decode(in.p, in.left, &form, &err) < 0) {
		/* Posted values are decoded strictly; a raw one still tests
		 * the template's own replacement of unsafe bytes. */
		memset(&form, 0, sizeof(form));
		if (form_add(&form, "Body", text) < 0)
			fuzz_fail("out of memory");
	}

	memset(&err, 0, sizeof(err));
	if (template_compile(template_text, oos_field_names, &tpl, &err) == 0) {
		if (template_expand(tpl, &form, &expanded, &err) < 0)
			fuzz_fail("template_expand: %s", err.message);
		if (!utf8_xml_safe(expanded, strlen(expanded)))
			fuzz_fail("template_expand gave text that is not XML-safe");
		/* Fields that were not posted expand to nothing: the hook
		 * then leaves the verb out, so only text needs to be taken. */
		if (expanded[0] == '\0')
			goto raw;
		if ((doc = twiml_new()) == NULL)
			fuzz_fail("out of memory");
		if (twiml_say(doc, expanded, "Polly.Joanna", "en-US", 2, &err) < 0)
			fuzz_fail("twiml_say refused an expanded template: %s", err.message);
		fuzz_render_check(doc, "Say", expanded);
		twiml_free(doc);
		if ((doc = twiml_new()) == NULL)
			fuzz_fail("out of memory");
		if (twiml_message(doc, expanded, &err) < 0)
			fuzz_fail("twiml_message refused an expanded template: %s", err.message);
		fuzz_render_check(doc, "Message", expanded);
		twiml_free(doc);
	}

raw:
	/* The raw text in each verb: refused, or rendered and read back. */
	if ((doc = twiml_new()) == NULL)
		fuzz_fail("out of memory");
	memset(&err, 0, sizeof(err));
	if (twiml_message(doc, text, &err) == 0)
		fuzz_render_check(doc, "Message", text);
	twiml_free(doc);
	if ((doc = twiml_new()) == NULL)
		fuzz_fail("out of memory");
	memset(&err, 0, sizeof(err));
	if (twiml_say(doc, text, template_text, template_text, 1, &err) == 0)
		fuzz_render_check(doc, "Say", text);
	memset(&err, 0, sizeof(err));
	(void)twiml_play(doc, text, 3, &err);
	memset(&err, 0, sizeof(err));
	(void)twiml_dial(doc, text, template_text, &err);
	memset(&err, 0, sizeof(err));
	(void)twiml_redirect(doc, text, template_text, &err);
	fuzz_render_check(doc, NULL, NULL);
	twiml_free(doc);

	template_free(tpl);
	free(expanded);
	form_free(&form);
	free(template_text);
	free(text);
	return 0;
}
