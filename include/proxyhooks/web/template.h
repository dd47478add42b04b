/*
 * template: operator-written text for the out-of-session answers (the words
 * a late caller hears, the auto-reply to a late text), which may name posted
 * fields in braces: "Your ride {sessionUniqueName} has ended." "{{" and "}}"
 * stand for literal braces.
 *
 * Mistakes are caught once, when the configuration is read: an unknown
 * field name, an unclosed or stray brace, text that is not valid UTF-8 or
 * holds a character XML forbids. Expansion then cannot fail on input: a
 * missing field expands to nothing and a posted value that is not XML-safe
 * has each bad byte or character replaced by '?', so the result can always
 * go into TwiML.
 */
#ifndef PROXYHOOKS_TEMPLATE_H
#define PROXYHOOKS_TEMPLATE_H

#include "proxyhooks/base/error.h"
#include "proxyhooks/web/form.h"

struct template;		/* compiled text */

/* Every field the out-of-session payload can carry, NULL-terminated: the
 * Voice and SMS fields (MediaUrl0..9, MediaContentType0..9),
 * inboundParticipant* and outboundParticipant*, and session*. */
extern const char *const oos_field_names[];

/* Compile text, whose field names must be in the NULL-terminated
 * known_names (NULL: no name is known). The error names the field or the
 * brace and its byte offset (from 0) in text. */
int template_compile(const char *text, const char *const *known_names,
    struct template **out, struct error *err);
/* Expand with the first posted value of each name (posted may be NULL);
 * *out is malloc'd, valid UTF-8 without characters XML forbids. Fails only
 * when out of memory. */
int template_expand(const struct template *template, const struct form *posted,
    char **out, struct error *err);
void template_free(struct template *template);

#endif
