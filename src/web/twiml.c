/* twiml: TwiML answers built with the libxml2 tree API. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include <libxml/xmlsave.h>

#include "proxyhooks/web/twiml.h"
#include "proxyhooks/base/utf8.h"

enum twiml_kind { TWIML_EITHER, TWIML_VOICE, TWIML_MESSAGING };

struct twiml {
	xmlDocPtr        doc;
	xmlNodePtr       root;
	enum twiml_kind  kind;		/* set by the first voice or messaging verb */
	const char      *terminal;	/* the verb after which Twilio reads no more */
};

struct twiml_attribute {
	const char *name;
	const char *value;		/* NULL: left out */
};

static const char twiml_declaration[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

void
twiml_init(void)
{
	/* Complains on stderr when the libxml2 loaded is older than the one built
	 * against. */
	xmlCheckVersion(LIBXML_VERSION);
	xmlInitParser();
}

struct twiml *
twiml_new(void)
{
	struct twiml *twiml;

	if ((twiml = calloc(1, sizeof(*twiml))) == NULL)
		goto fail;
	if ((twiml->doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		goto fail;
	if ((twiml->root = xmlNewDocNode(twiml->doc, NULL, BAD_CAST "Response",
	    NULL)) == NULL)
		goto fail;
	xmlDocSetRootElement(twiml->doc, twiml->root);
	twiml->kind = TWIML_EITHER;
	return twiml;
fail:
	twiml_free(twiml);
	return NULL;
}

void
twiml_free(struct twiml *twiml)
{
	if (twiml == NULL)
		return;
	if (twiml->doc != NULL)
		xmlFreeDoc(twiml->doc);	/* and the root with it */
	free(twiml);
}

static int
twiml_check_value(const char *verb, const char *what, const char *value,
    struct error *err)
{
	size_t len = strlen(value), at;

	if (len == 0) {
		error_set(err, "%s %s is empty", verb, what);
		return -1;
	}
	if (!utf8_xml_safe(value, len)) {
		at = utf8_xml_unsafe_offset(value, len);
		error_set(err, "%s %s: invalid UTF-8 or a character XML forbids "
		    "at byte %zu (0x%02x)", verb, what, at,
		    at < len ? (unsigned char)value[at] : 0);
		return -1;
	}
	return 0;
}

/* Append <verb attributes...>text</verb> to the response after checking every
 * value and the order of verbs; on failure the document is unchanged. */
static int
twiml_append(struct twiml *twiml, const char *verb, enum twiml_kind kind,
    int terminal, const char *text, const struct twiml_attribute *attributes,
    size_t attribute_count, struct error *err)
{
	static const char *const kind_names[] = { "", "voice", "messaging" };
	xmlNodePtr node = NULL;
	size_t i;

	if (twiml->terminal != NULL) {
		error_set(err, "%s after %s: Twilio ignores every verb that follows it",
		    verb, twiml->terminal);
		goto fail;
	}
	if (kind != TWIML_EITHER && twiml->kind != TWIML_EITHER &&
	    kind != twiml->kind) {
		error_set(err, "%s in a %s answer: voice and messaging verbs do not mix",
		    verb, kind_names[twiml->kind]);
		goto fail;
	}
	if (text != NULL && twiml_check_value(verb, "text", text, err) < 0)
		goto fail;
	for (i = 0; i < attribute_count; i++)
		if (attributes[i].value != NULL && twiml_check_value(verb,
		    attributes[i].name, attributes[i].value, err) < 0)
			goto fail;

	/* xmlNewTextChild and xmlNewProp store the value as text, escaped when
	 * written; xmlNewChild would parse it as markup. */
	if ((node = xmlNewTextChild(twiml->root, NULL, BAD_CAST verb,
	    BAD_CAST text)) == NULL)
		goto nomem;
	for (i = 0; i < attribute_count; i++)
		if (attributes[i].value != NULL && xmlNewProp(node,
		    BAD_CAST attributes[i].name, BAD_CAST attributes[i].value) == NULL)
			goto nomem;
	if (kind != TWIML_EITHER)
		twiml->kind = kind;
	if (terminal)
		twiml->terminal = verb;
	return 0;
nomem:
	error_status(err, 500, "%s: out of memory", verb);
fail:
	if (node != NULL) {
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
	return -1;
}

/* Twilio's counts are positive; 0 means "leave the attribute out". */
static int
twiml_count(const char *verb, const char *what, int value, char *buf,
    size_t size, const char **out, struct error *err)
{
	if (value < 0) {
		error_set(err, "%s %s is negative (%d)", verb, what, value);
		return -1;
	}
	*out = NULL;
	if (value > 0) {
		snprintf(buf, size, "%d", value);
		*out = buf;
	}
	return 0;
}

static int
twiml_check_text(const char *verb, const char *what, const char *text,
    struct error *err)
{
	if (text == NULL) {
		error_set(err, "%s %s is missing", verb, what);
		return -1;
	}
	return 0;
}

int
twiml_say(struct twiml *twiml, const char *text, const char *voice,
    const char *language, int loop, struct error *err)
{
	char loop_buf[16];
	struct twiml_attribute attributes[] = {
		{ "voice", voice }, { "language", language }, { "loop", NULL },
	};

	if (twiml_check_text("Say", "text", text, err) < 0 ||
	    twiml_count("Say", "loop", loop, loop_buf, sizeof(loop_buf),
	    &attributes[2].value, err) < 0)
		return -1;
	return twiml_append(twiml, "Say", TWIML_VOICE, 0, text, attributes, 3, err);
}

int
twiml_play(struct twiml *twiml, const char *url, int loop, struct error *err)
{
	char loop_buf[16];
	struct twiml_attribute attributes[] = { { "loop", NULL } };

	if (twiml_check_text("Play", "URL", url, err) < 0 ||
	    twiml_count("Play", "loop", loop, loop_buf, sizeof(loop_buf),
	    &attributes[0].value, err) < 0)
		return -1;
	return twiml_append(twiml, "Play", TWIML_VOICE, 0, url, attributes, 1, err);
}

int
twiml_pause(struct twiml *twiml, int length, struct error *err)
{
	char length_buf[16];
	struct twiml_attribute attributes[] = { { "length", NULL } };

	if (twiml_count("Pause", "length", length, length_buf, sizeof(length_buf),
	    &attributes[0].value, err) < 0)
		return -1;
	return twiml_append(twiml, "Pause", TWIML_VOICE, 0, NULL, attributes, 1, err);
}

int
twiml_dial(struct twiml *twiml, const char *number, const char *caller_id,
    struct error *err)
{
	struct twiml_attribute attributes[] = { { "callerId", caller_id } };

	if (twiml_check_text("Dial", "number", number, err) < 0)
		return -1;
	return twiml_append(twiml, "Dial", TWIML_VOICE, 0, number, attributes, 1, err);
}

int
twiml_dial_number(struct twiml *twiml, const char *number, const char *caller_id,
    struct error *err)
{
	struct twiml_attribute attributes[] = { { "callerId", caller_id } };
	xmlNodePtr dial;

	if (twiml_check_text("Number", "number", number, err) < 0 ||
	    twiml_check_value("Number", "text", number, err) < 0 ||
	    twiml_append(twiml, "Dial", TWIML_VOICE, 0, NULL, attributes, 1, err) < 0)
		return -1;
	dial = xmlGetLastChild(twiml->root);
	if (xmlNewTextChild(dial, NULL, BAD_CAST "Number", BAD_CAST number) == NULL) {
		xmlUnlinkNode(dial);
		xmlFreeNode(dial);
		error_status(err, 500, "Number: out of memory");
		return -1;
	}
	return 0;
}

int
twiml_redirect(struct twiml *twiml, const char *url, const char *method,
    struct error *err)
{
	struct twiml_attribute attributes[] = { { "method", method } };

	if (twiml_check_text("Redirect", "URL", url, err) < 0)
		return -1;
	if (method != NULL && strcmp(method, "GET") != 0 &&
	    strcmp(method, "POST") != 0) {
		error_set(err, "Redirect method \"%.32s\" is neither GET nor POST",
		    method);
		return -1;
	}
	return twiml_append(twiml, "Redirect", TWIML_EITHER, 1, url, attributes, 1,
	    err);
}

int
twiml_reject(struct twiml *twiml, const char *reason, struct error *err)
{
	struct twiml_attribute attributes[] = { { "reason", reason } };

	if (reason != NULL && strcmp(reason, "rejected") != 0 &&
	    strcmp(reason, "busy") != 0) {
		error_set(err, "Reject reason \"%.32s\" is neither rejected nor busy",
		    reason);
		return -1;
	}
	/* Later, Twilio has already answered the call and bills it. */
	if (twiml->root->children != NULL && twiml->terminal == NULL) {
		error_set(err, "Reject after %s: only as the first verb does it "
		    "keep Twilio from answering", (const char *)twiml->root->last->name);
		return -1;
	}
	return twiml_append(twiml, "Reject", TWIML_VOICE, 1, NULL, attributes, 1, err);
}

int
twiml_hangup(struct twiml *twiml, struct error *err)
{
	return twiml_append(twiml, "Hangup", TWIML_VOICE, 1, NULL, NULL, 0, err);
}

int
twiml_message(struct twiml *twiml, const char *text, struct error *err)
{
	if (twiml_check_text("Message", "text", text, err) < 0)
		return -1;
	return twiml_append(twiml, "Message", TWIML_MESSAGING, 0, text, NULL, 0, err);
}

int
twiml_render(const struct twiml *twiml, char **out, size_t *out_len,
    struct error *err)
{
	size_t declaration_len = sizeof(twiml_declaration) - 1, body_len;
	xmlBufferPtr buffer = NULL;
	xmlSaveCtxtPtr save;
	const xmlChar *body;
	char *text;
	long written;
	int rc = -1;

	*out = NULL;
	if ((buffer = xmlBufferCreate()) == NULL) {
		error_status(err, 500, "rendering TwiML: out of memory");
		goto done;
	}
	/* With an encoding named, libxml2 writes UTF-8 as is instead of
	 * character references; the declaration is ours, without a newline. */
	if ((save = xmlSaveToBuffer(buffer, "UTF-8", XML_SAVE_NO_DECL)) == NULL) {
		error_status(err, 500, "rendering TwiML: out of memory");
		goto done;
	}
	written = xmlSaveDoc(save, twiml->doc);
	if (xmlSaveClose(save) < 0 || written < 0) {
		error_status(err, 500, "libxml2 could not write the TwiML document");
		goto done;
	}
	body = xmlBufferContent(buffer);
	body_len = (size_t)xmlBufferLength(buffer);
	/* A document dump ends its root element with a newline the official
	 * libraries do not write. */
	if (body_len < 2 || body[0] != '<' || body[body_len - 1] != '\n') {
		error_status(err, 500, "libxml2 wrote an unexpected TwiML document");
		goto done;
	}
	body_len--;
	if ((text = malloc(declaration_len + body_len + 1)) == NULL) {
		error_status(err, 500, "rendering TwiML: out of memory");
		goto done;
	}
	memcpy(text, twiml_declaration, declaration_len);
	memcpy(text + declaration_len, body, body_len);
	text[declaration_len + body_len] = '\0';
	*out = text;
	if (out_len != NULL)
		*out_len = declaration_len + body_len;
	rc = 0;
done:
	if (buffer != NULL)
		xmlBufferFree(buffer);
	return rc;
}
