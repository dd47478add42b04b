/*
 * lookup: learn the numbers behind participant SIDs from Twilio's Proxy API
 * when the directory does not have them (and, for proxyhooks-voice, the
 * conversation of a caller from Twilio's Conversations API). Bounded by lookup_timeout_ms for
 * the whole exchange, failing open (the number stays unknown), logged once
 * per SID, misses cached briefly, one connection kept across requests.
 */
#ifndef PROXYHOOKS_LOOKUP_H
#define PROXYHOOKS_LOOKUP_H

#include <stddef.h>

#include "proxyhooks/web/config.h"
#include "proxyhooks/base/error.h"
#include "proxyhooks/store/store.h"

struct lookup;

/* *out is NULL (and 0 returned) when no credentials are configured
 * (account_sid with the auth token, or api_key_sid with its secret file). */
int  lookup_new(const struct config *config, struct lookup **out, struct error *err);
void lookup_free(struct lookup *lookup);
/* Fetch participant_sid and the other participants of the session into the
 * directory. 1 when participant_sid is now known, 0 when not (not found,
 * timed out, failed: logged once per SID; or a recent miss). */
int  lookup_session(struct lookup *lookup, struct store *store, const char *service_sid,
    const char *session_sid, const char *participant_sid);
/* For a call from address to proxy_address (E.164): ask Twilio's
 * Conversations API (conversations_api_base) for the conversation in which
 * address is bound to proxy_address (the Participant Conversations
 * resource), and put its participants' bindings into the directory. 1 when
 * the caller's binding is now there, 0 when not (as lookup_session: logged
 * once per address, misses cached, the whole exchange within
 * lookup_timeout_ms). */
int  lookup_call(struct lookup *lookup, struct store *store, const char *address,
    const char *proxy_address);
/* Fetch every participant of a session into the directory now, for
 * `proxyhooks participants fetch`: a failure is returned in err, not logged
 * once, and neither the miss cache nor the pause after API failures apply.
 * timeout_ms bounds the whole exchange (0: lookup_timeout_ms); *stored is
 * how many participants were written. */
int  lookup_session_all(struct lookup *lookup, struct store *store, const char *service_sid,
    const char *session_sid, long timeout_ms, size_t *stored, struct error *err);

#endif
