/*
 * twiml: builds the TwiML documents the out-of-session hook answers with.
 * Built on the libxml2 tree API so that every text and attribute is escaped
 * by the library; each value is first checked to be valid UTF-8 without a
 * character XML forbids, and refused otherwise, because libxml2 would pass
 * such bytes through. The rendered bytes match the official helper
 * libraries: the XML declaration followed by the compact document.
 *
 * A document is either a voice answer (Say, Play, Pause, Dial, Hangup,
 * Reject) or a messaging answer (Message); Redirect fits both. Verbs Twilio
 * would ignore are refused rather than silently dropped: anything after
 * Redirect, Hangup or Reject, and a Reject that is not the first verb.
 */
#ifndef PROXYHOOKS_TWIML_H
#define PROXYHOOKS_TWIML_H

#include <stddef.h>

#include "proxyhooks/base/error.h"

struct twiml;			/* a document being built */

/* Once per process, before any other twiml_ call. */
void twiml_init(void);

/* An empty <Response/>; NULL when out of memory. */
struct twiml *twiml_new(void);

/* <Say voice= language= loop=>text</Say>; voice/language NULL and loop 0
 * leave the attribute out (Twilio's loop="0" means forever: not offered). */
int twiml_say(struct twiml *twiml, const char *text, const char *voice,
    const char *language, int loop, struct error *err);
/* <Play loop=>url</Play>; loop 0 leaves the attribute out. */
int twiml_play(struct twiml *twiml, const char *url, int loop, struct error *err);
/* <Pause length=/>; length 0 leaves the attribute out (one second). */
int twiml_pause(struct twiml *twiml, int length, struct error *err);
/* <Dial callerId=>number</Dial>; caller_id NULL leaves it out. */
int twiml_dial(struct twiml *twiml, const char *number, const char *caller_id,
    struct error *err);
/* <Dial callerId=><Number>number</Number></Dial>, as Twilio's helper
 * libraries write a dialled number noun. */
int twiml_dial_number(struct twiml *twiml, const char *number, const char *caller_id,
    struct error *err);
/* <Redirect method=>url</Redirect>; method NULL, "GET" or "POST". */
int twiml_redirect(struct twiml *twiml, const char *url, const char *method,
    struct error *err);
/* <Reject reason=/>; reason NULL, "rejected" or "busy". First verb only. */
int twiml_reject(struct twiml *twiml, const char *reason, struct error *err);
/* <Hangup/> */
int twiml_hangup(struct twiml *twiml, struct error *err);
/* <Message>text</Message>, the reply to an inbound message. */
int twiml_message(struct twiml *twiml, const char *text, struct error *err);

/* The document as a malloc'd, NUL-terminated string; *out_len (if not NULL)
 * excludes the NUL. The document stays usable. */
int twiml_render(const struct twiml *twiml, char **out, size_t *out_len,
    struct error *err);
void twiml_free(struct twiml *twiml);

#endif
