/* interaction: decode interactionData with jansson, strictly. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "proxyhooks/web/interaction.h"
#include "proxyhooks/base/utf8.h"

static const char *
interaction_type_name(const json_t *value)
{
	switch (json_typeof(value)) {
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	default:
		return "an object";
	}
}

int
interaction_body(const char *data, size_t len, char **out, size_t *out_len,
    struct error *err)
{
	json_t *root = NULL, *body;
	json_error_t jerr;
	const char *text;
	char *copy, *near;
	size_t i, text_len;
	int rc = -1;

	*out = NULL;
	*out_len = 0;
	for (i = 0; i < len && strchr(" \t\r\n", data[i]) != NULL && data[i] != '\0'; i++)
		;
	if (i == len)
		return 0;	/* calls carry no data */
	/*
	 * Duplicate keys are refused: Twilio never sends them, and two
	 * "body" members would let one reader judge a text another delivers.
	 * jansson bounds nesting (2048 levels) and refuses invalid UTF-8,
	 * lone surrogates and \u0000; JSON_DECODE_ANY lets a bare scalar
	 * parse so that it is reported as "not an object".
	 */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (root == NULL) {
		/* jansson quotes the text "near" the fault: that is message
		 * content, which stays out of the logs. */
		if ((near = strstr(jerr.text, " near '")) != NULL)
			*near = '\0';
		error_set(err, "interactionData: invalid JSON at line %d, column %d (byte %d): %s",
		    jerr.line, jerr.column, jerr.position, jerr.text);
		goto out;
	}
	if (!json_is_object(root)) {
		error_set(err, "interactionData: %s, not a JSON object",
		    interaction_type_name(root));
		goto out;
	}
	body = json_object_get(root, "body");
	if (body == NULL || !json_is_string(body)) {
		rc = 0;
		goto out;
	}
	text = json_string_value(body);
	text_len = json_string_length(body);
	if (memchr(text, '\0', text_len) != NULL) {
		error_set(err, "interactionData: body holds U+0000");
		goto out;
	}
	if (!utf8_valid(text, text_len)) {
		error_set(err, "interactionData: body is not valid UTF-8");
		goto out;
	}
	if ((copy = malloc(text_len + 1)) == NULL) {
		error_set(err, "interactionData: out of memory for a %zu-byte body", text_len);
		goto out;
	}
	memcpy(copy, text, text_len);
	copy[text_len] = '\0';
	*out = copy;
	*out_len = text_len;
	rc = 1;
out:
	json_decref(root);
	return rc;
}
