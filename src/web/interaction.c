/* interaction: decode interactionData with jansson, strictly; what Twilio
 * sends for a message, an object of plain strings, is read in one pass
 * without building a JSON tree (below). */
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

/* A copy of text[0..len) into *out: 1, or -1 with err when out of memory. */
static int
interaction_copy(const char *text, size_t len, char **out, size_t *out_len, struct error *err)
{
	char *copy;

	if ((copy = malloc(len + 1)) == NULL) {
		error_set(err, "interactionData: out of memory for a %zu-byte body", len);
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	*out = copy;
	*out_len = len;
	return 1;
}

static int
interaction_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Past the blanks from at. */
static size_t
plain_skip(const char *data, size_t len, size_t at)
{
	while (at < len && interaction_space(data[at]))
		at++;
	return at;
}

/* After blanks, the character c: 0 and *at past it, or -1. */
static int
plain_expect(const char *data, size_t len, size_t *at, char c)
{
	*at = plain_skip(data, len, *at);
	if (*at == len || data[*at] != c)
		return -1;
	(*at)++;
	return 0;
}

/* After blanks, a JSON string with nothing to decode in it (no backslash,
 * no control character): its text is data[*start..*end). 0 and *at past
 * it, or -1 when it is not one. */
static int
plain_string(const char *data, size_t len, size_t *at, size_t *start, size_t *end)
{
	size_t i;

	if (plain_expect(data, len, at, '"') < 0)
		return -1;
	for (*start = i = *at; i < len && data[i] != '"'; i++)
		if ((unsigned char)data[i] < 0x20 || data[i] == '\\')
			return -1;
	if (i == len)
		return -1;
	*end = i;
	*at = i + 1;
	return 0;
}

#define PLAIN_MEMBERS 16

/*
 * The common case in one pass: data is an object whose members are plain
 * strings (plain_string), no key twice, valid UTF-8 throughout. Then
 * jansson would give the same answer, and only the body is copied. 1 with
 * the body, 0 without one, -1 out of memory, -2 for anything else (an
 * escape, a number, nesting, a fault): jansson decides.
 */
static int
interaction_plain(const char *data, size_t len, char **out, size_t *out_len, struct error *err)
{
	size_t at = 0, key[PLAIN_MEMBERS][2], value[2], body[2] = { 0, 0 }, n = 0, i;
	int has_body = 0;

	if (plain_expect(data, len, &at, '{') < 0)
		return -2;
	if (plain_expect(data, len, &at, '}') < 0)
		for (;;) {
			if (n == PLAIN_MEMBERS || plain_string(data, len, &at, &key[n][0], &key[n][1]) < 0)
				return -2;
			for (i = 0; i < n; i++)
				if (key[i][1] - key[i][0] == key[n][1] - key[n][0] &&
				    memcmp(data + key[i][0], data + key[n][0], key[n][1] - key[n][0]) == 0)
					return -2;
			if (plain_expect(data, len, &at, ':') < 0 ||
			    plain_string(data, len, &at, &value[0], &value[1]) < 0)
				return -2;
			if (key[n][1] - key[n][0] == 4 && memcmp(data + key[n][0], "body", 4) == 0) {
				body[0] = value[0];
				body[1] = value[1];
				has_body = 1;
			}
			n++;
			if (plain_expect(data, len, &at, '}') == 0)
				break;
			if (plain_expect(data, len, &at, ',') < 0)
				return -2;
		}
	at = plain_skip(data, len, at);
	/* The structure is ASCII: the whole is valid UTF-8 when every string is. */
	if (at != len || !utf8_valid(data, len))
		return -2;
	if (!has_body)
		return 0;
	return interaction_copy(data + body[0], body[1] - body[0], out, out_len, err);
}

int
interaction_body(const char *data, size_t len, char **out, size_t *out_len,
    struct error *err)
{
	int rc;

	*out = NULL;
	*out_len = 0;
	if ((rc = interaction_plain(data, len, out, out_len, err)) != -2)
		return rc;
	return interaction_body_json(data, len, out, out_len, err);
}

int
interaction_body_json(const char *data, size_t len, char **out, size_t *out_len,
    struct error *err)
{
	json_t *root = NULL, *body;
	json_error_t jerr;
	const char *text;
	char *near;
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
	rc = interaction_copy(text, text_len, out, out_len, err);
out:
	json_decref(root);
	return rc;
}
