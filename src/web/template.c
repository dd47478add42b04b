/* template: {field} substitution for the out-of-session answers. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxyhooks/web/template.h"
#include "proxyhooks/base/utf8.h"

struct template_part {
	char   *text;		/* literal text, or the field name */
	size_t  len;
	int     is_field;
};

struct template {
	struct template_part *parts;
	size_t                count;
};

/* The field list of ../shared/docs/twilio-proxy.md, "OutOfSessionCallbackUrl
 * fields". */
const char *const oos_field_names[] = {
	/* Voice */
	"AccountSid", "AddOns", "ApiVersion",
	"Called", "CalledCity", "CalledCountry", "CalledState", "CalledZip",
	"Caller", "CallerCity", "CallerCountry", "CallerState", "CallerZip",
	"CallSid", "CallStatus", "Direction",
	"From", "FromCity", "FromCountry", "FromState", "FromZip",
	"To", "ToCity", "ToCountry", "ToState", "ToZip",
	/* SMS; Twilio sends at most ten media. */
	"MessageSid", "SmsSid", "SmsMessageSid", "SmsStatus", "Body",
	"NumMedia", "NumSegments", "MessagingServiceSid",
	"MediaUrl0", "MediaUrl1", "MediaUrl2", "MediaUrl3", "MediaUrl4",
	"MediaUrl5", "MediaUrl6", "MediaUrl7", "MediaUrl8", "MediaUrl9",
	"MediaContentType0", "MediaContentType1", "MediaContentType2",
	"MediaContentType3", "MediaContentType4", "MediaContentType5",
	"MediaContentType6", "MediaContentType7", "MediaContentType8",
	"MediaContentType9",
	/* The participants of the caller's earlier session */
	"inboundParticipantSid", "inboundParticipantIdentifier",
	"inboundParticipantProxyIdentifier", "inboundParticipantProxyIdentifierSid",
	"inboundParticipantFriendlyName", "inboundParticipantSessionSid",
	"inboundParticipantServiceSid", "inboundParticipantAccountSid",
	"inboundParticipantDateCreated", "inboundParticipantDateUpdated",
	"outboundParticipantSid", "outboundParticipantIdentifier",
	"outboundParticipantProxyIdentifier", "outboundParticipantProxyIdentifierSid",
	"outboundParticipantFriendlyName", "outboundParticipantSessionSid",
	"outboundParticipantServiceSid", "outboundParticipantAccountSid",
	"outboundParticipantDateCreated", "outboundParticipantDateUpdated",
	/* That session */
	"sessionSid", "sessionUniqueName", "sessionStatus", "sessionMode",
	"sessionClosedReason", "sessionDateCreated", "sessionDateEnded",
	"sessionDateUpdated", "sessionServiceSid", "sessionAccountSid",
	NULL
};

/* Copy s to out with each invalid byte, and each well-formed character XML
 * forbids, written as one '?'; returns the bytes written (at most len). */
static size_t
template_copy_safe(char *out, const char *s, size_t len)
{
	size_t i = 0, o = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			out[o++] = '?';
			n = 1;	/* resynchronise on the next byte */
		} else if (!utf8_xml_char(cp)) {
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	return o;
}

static int
template_push(struct template *template, const char *text, size_t len,
    int is_field)
{
	struct template_part *parts;
	char *copy;

	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	parts = realloc(template->parts, (template->count + 1) * sizeof(*parts));
	if (parts == NULL) {
		free(copy);
		return -1;
	}
	template->parts = parts;
	parts[template->count].text = copy;
	parts[template->count].len = len;
	parts[template->count].is_field = is_field;
	template->count++;
	return 0;
}

/* The known name spelled like name but for case, for a hint; or NULL. */
static const char *
template_near_name(const char *name, size_t len, const char *const *known_names)
{
	for (; known_names != NULL && *known_names != NULL; known_names++)
		if (strlen(*known_names) == len &&
		    strncasecmp(*known_names, name, len) == 0)
			return *known_names;
	return NULL;
}

static int
template_known(const char *name, size_t len, const char *const *known_names)
{
	for (; known_names != NULL && *known_names != NULL; known_names++)
		if (strlen(*known_names) == len &&
		    memcmp(*known_names, name, len) == 0)
			return 1;
	return 0;
}

int
template_compile(const char *text, const char *const *known_names,
    struct template **out, struct error *err)
{
	struct template *template = NULL;
	char *literal = NULL;		/* literal text since the last field */
	size_t len, i, at, literal_len = 0, name_len;
	const char *name, *close, *near;

	*out = NULL;
	if (text == NULL) {
		error_set(err, "template: no text");
		goto fail;
	}
	len = strlen(text);
	if (!utf8_xml_safe(text, len)) {
		at = utf8_xml_unsafe_offset(text, len);
		error_set(err, "template: invalid UTF-8 or a character XML forbids "
		    "at byte %zu (0x%02x)", at, (unsigned char)text[at]);
		goto fail;
	}
	if ((template = calloc(1, sizeof(*template))) == NULL ||
	    (literal = malloc(len + 1)) == NULL)
		goto nomem;
	for (i = 0; i < len; ) {
		if (text[i] == '{' && text[i + 1] == '{') {
			literal[literal_len++] = '{';
			i += 2;
		} else if (text[i] == '}' && text[i + 1] == '}') {
			literal[literal_len++] = '}';
			i += 2;
		} else if (text[i] == '}') {
			error_set(err, "template: '}' without '{' at byte %zu "
			    "(write }} for a literal brace)", i);
			goto fail;
		} else if (text[i] == '{') {
			name = text + i + 1;
			close = strchr(name, '}');
			name_len = close ? (size_t)(close - name) : 0;
			if (close == NULL || memchr(name, '{', name_len) != NULL) {
				error_set(err, "template: unclosed brace at byte %zu "
				    "(write {{ for a literal brace)", i);
				goto fail;
			}
			if (name_len == 0) {
				error_set(err, "template: empty field name {} at byte %zu", i);
				goto fail;
			}
			if (!template_known(name, name_len, known_names)) {
				near = template_near_name(name, name_len, known_names);
				error_set(err, "template: unknown field \"%.*s\" at byte %zu%s%s%s",
				    (int)(name_len > 64 ? 64 : name_len), name, i,
				    near ? " (did you mean " : "", near ? near : "",
				    near ? "?)" : "");
				goto fail;
			}
			if ((literal_len > 0 &&
			    template_push(template, literal, literal_len, 0) < 0) ||
			    template_push(template, name, name_len, 1) < 0)
				goto nomem;
			literal_len = 0;
			i += name_len + 2;
		} else
			literal[literal_len++] = text[i++];
	}
	if (literal_len > 0 && template_push(template, literal, literal_len, 0) < 0)
		goto nomem;
	free(literal);
	*out = template;
	return 0;
nomem:
	error_status(err, 500, "template: out of memory");
fail:
	free(literal);
	template_free(template);
	return -1;
}

int
template_expand(const struct template *template, const struct form *posted,
    char **out, struct error *err)
{
	const char *value;
	char *text = NULL;
	size_t i, size = 1, len = 0;

	*out = NULL;
	/* A safe copy is never longer than the value, so one allocation fits. */
	for (i = 0; i < template->count; i++) {
		const struct template_part *part = &template->parts[i];
		size_t add = part->len;

		if (part->is_field) {
			value = posted ? form_get(posted, part->text) : NULL;
			add = value ? strlen(value) : 0;
		}
		if (add > SIZE_MAX - size)
			goto nomem;
		size += add;
	}
	if ((text = malloc(size)) == NULL)
		goto nomem;
	for (i = 0; i < template->count; i++) {
		const struct template_part *part = &template->parts[i];

		if (!part->is_field) {
			memcpy(text + len, part->text, part->len);
			len += part->len;
		} else if (posted != NULL &&
		    (value = form_get(posted, part->text)) != NULL)
			len += template_copy_safe(text + len, value, strlen(value));
	}
	text[len] = '\0';
	*out = text;
	return 0;
nomem:
	error_status(err, 500, "template: out of memory");
	return -1;
}

void
template_free(struct template *template)
{
	size_t i;

	if (template == NULL)
		return;
	for (i = 0; i < template->count; i++)
		free(template->parts[i].text);
	free(template->parts);
	free(template);
}
