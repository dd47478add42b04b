/*
 * interaction: the message text Proxy carries in interactionData.
 * Twilio sends {"body":"..."} for messages (JSON-escaped, \uXXXX and
 * surrogate pairs included) and nothing or {"duration":"5"} for calls; the
 * body rules of the policy judge the decoded text.
 */
#ifndef PROXYHOOKS_INTERACTION_H
#define PROXYHOOKS_INTERACTION_H

#include <stddef.h>

#include "proxyhooks/base/error.h"

/* The message text carried in data[0..len). Returns 1 with a malloc'd,
 * NUL-terminated UTF-8 *out and its length in *out_len; 0 when there is no
 * body (empty or blank data, a call's {"duration":"5"}, a body that is not a
 * string); -1 with err when the data is not a JSON object (malformed, nested
 * too deep, a duplicated key, not an object) or the body is not valid UTF-8
 * or holds U+0000. *out is NULL unless 1 is returned. */
int interaction_body(const char *data, size_t len, char **out, size_t *out_len,
    struct error *err);
/* The same answer, always through jansson's whole decoder: what
 * interaction_body's one-pass reading of an object of plain strings is
 * checked against (t/interaction, fuzz/interaction). */
int interaction_body_json(const char *data, size_t len, char **out, size_t *out_len,
    struct error *err);

#endif
