/* examples: a realistic body for each hook, for `proxyhooks send` and the tests.
 * The SIDs are made up (two letters and 32 hex digits). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "proxyhooks/web/examples.h"
#include "proxyhooks/web/form.h"

static const struct example_field callback_voice[] = {
	{ "inboundParticipantSid", "KPdddddddddddddddddddddddddddddddd" },
	{ "inboundResourceSid", "CA11111111111111111111111111111111" },
	{ "inboundResourceStatus", "completed" },
	{ "inboundResourceType", "call" },
	{ "inboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/CA11111111111111111111111111111111.json" },
	{ "interactionAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "interactionData", "" },
	{ "interactionDateCreated", "2018-03-13T22:42:54Z" },
	{ "interactionDateUpdated", "2018-03-13T22:42:56Z" },
	{ "interactionServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "interactionSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "interactionSid", "KIffffffffffffffffffffffffffffffff" },
	{ "interactionType", "Voice" },
	{ "outboundParticipantSid", "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" },
	{ "outboundResourceSid", "CA33333333333333333333333333333333" },
	{ "outboundResourceStatus", "initiated" },
	{ "outboundResourceType", "call" },
	{ "outboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/CA33333333333333333333333333333333.json" },
	{ NULL, NULL },
};

static const struct example_field callback_message[] = {
	{ "inboundParticipantSid", "KPdddddddddddddddddddddddddddddddd" },
	{ "inboundResourceSid", "SM22222222222222222222222222222222" },
	{ "inboundResourceStatus", "delivered" },
	{ "inboundResourceType", "message" },
	{ "inboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SM22222222222222222222222222222222.json" },
	{ "interactionAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "interactionData", "{\"body\":\"On my way, 5 minutes\"}" },
	{ "interactionDateCreated", "2018-03-13T22:42:54Z" },
	{ "interactionDateUpdated", "2018-03-13T22:42:56Z" },
	{ "interactionServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "interactionSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "interactionSid", "KIffffffffffffffffffffffffffffffff" },
	{ "interactionType", "Message" },
	{ "interactionNumMedia", "0" },
	{ "outboundParticipantSid", "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" },
	{ "outboundResourceSid", "SM44444444444444444444444444444444" },
	{ "outboundResourceStatus", "delivered" },
	{ "outboundResourceType", "message" },
	{ "outboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SM44444444444444444444444444444444.json" },
	{ NULL, NULL },
};

static const struct example_field intercept_voice[] = {
	{ "inboundParticipantSid", "KPdddddddddddddddddddddddddddddddd" },
	{ "inboundResourceSid", "CA11111111111111111111111111111111" },
	{ "inboundResourceStatus", "in-progress" },
	{ "inboundResourceType", "call" },
	{ "inboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/CA11111111111111111111111111111111.json" },
	{ "interactionAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "interactionData", "" },
	{ "interactionDateCreated", "2018-03-13T22:42:54Z" },
	{ "interactionDateUpdated", "2018-03-13T22:42:56Z" },
	{ "interactionServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "interactionSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "interactionSid", "KIffffffffffffffffffffffffffffffff" },
	{ "interactionType", "Voice" },
	{ NULL, NULL },
};

static const struct example_field intercept_message[] = {
	{ "inboundParticipantSid", "KPdddddddddddddddddddddddddddddddd" },
	{ "inboundResourceSid", "SM22222222222222222222222222222222" },
	{ "inboundResourceStatus", "delivered" },
	{ "inboundResourceType", "message" },
	{ "inboundResourceUrl", "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SM22222222222222222222222222222222.json" },
	{ "interactionAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "interactionData", "{\"body\":\"Call me at 415 555 0199 instead \\u263a\"}" },
	{ "interactionDateCreated", "2018-03-13T22:42:54Z" },
	{ "interactionDateUpdated", "2018-03-13T22:42:56Z" },
	{ "interactionServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "interactionSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "interactionSid", "KIffffffffffffffffffffffffffffffff" },
	{ "interactionType", "Message" },
	{ "interactionNumMedia", "0" },
	{ NULL, NULL },
};

/* The out-of-session hook: the numbers, the participants and the closed
 * session, as a call and a message alike post them, before their own fields. */
static const struct example_field out_of_session_common[] = {
	{ "AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "ApiVersion", "2010-04-01" },
	{ "From", "+19515550111" },
	{ "FromCity", "CORONA" },
	{ "FromCountry", "US" },
	{ "FromState", "CA" },
	{ "FromZip", "92879" },
	{ "To", "+14155550100" },
	{ "ToCity", "OAKLAND" },
	{ "ToCountry", "US" },
	{ "ToState", "CA" },
	{ "ToZip", "94612" },
	{ "inboundParticipantAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "inboundParticipantDateCreated", "2018-03-14T06:22:05Z" },
	{ "inboundParticipantDateUpdated", "2018-03-14T06:22:05Z" },
	{ "inboundParticipantFriendlyName", "rider_42" },
	{ "inboundParticipantIdentifier", "+19515550111" },
	{ "inboundParticipantProxyIdentifier", "+14155550100" },
	{ "inboundParticipantProxyIdentifierSid", "PN55555555555555555555555555555555" },
	{ "inboundParticipantServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "inboundParticipantSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "inboundParticipantSid", "KPdddddddddddddddddddddddddddddddd" },
	{ "outboundParticipantAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "outboundParticipantDateCreated", "2018-03-14T06:22:06Z" },
	{ "outboundParticipantDateUpdated", "2018-03-14T06:22:06Z" },
	{ "outboundParticipantFriendlyName", "driver_7" },
	{ "outboundParticipantIdentifier", "+17075550122" },
	{ "outboundParticipantProxyIdentifier", "+17075550133" },
	{ "outboundParticipantProxyIdentifierSid", "PN66666666666666666666666666666666" },
	{ "outboundParticipantServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "outboundParticipantSessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "outboundParticipantSid", "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" },
	{ "sessionAccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "sessionClosedReason", "api" },
	{ "sessionDateCreated", "2018-03-14T06:22:05Z" },
	{ "sessionDateEnded", "2018-03-14T06:22:06Z" },
	{ "sessionDateUpdated", "2018-03-14T06:22:06Z" },
	{ "sessionMode", "voice-and-message" },
	{ "sessionServiceSid", "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" },
	{ "sessionSid", "KCcccccccccccccccccccccccccccccccc" },
	{ "sessionStatus", "closed" },
	{ "sessionUniqueName", "ride_42" },
	{ NULL, NULL },
};

static const struct example_field out_of_session_voice[] = {
	{ "AddOns", "{\"status\":\"successful\",\"message\":null,\"code\":null,\"results\":{}}" },
	{ "CallSid", "CA11111111111111111111111111111111" },
	{ "CallStatus", "ringing" },
	{ "Direction", "inbound" },
	{ "Called", "+14155550100" },
	{ "CalledCity", "OAKLAND" },
	{ "CalledCountry", "US" },
	{ "CalledState", "CA" },
	{ "CalledZip", "94612" },
	{ "Caller", "+19515550111" },
	{ "CallerCity", "CORONA" },
	{ "CallerCountry", "US" },
	{ "CallerState", "CA" },
	{ "CallerZip", "92879" },
	{ NULL, NULL },
};

static const struct example_field out_of_session_message[] = {
	{ "MessageSid", "SM22222222222222222222222222222222" },
	{ "SmsSid", "SM22222222222222222222222222222222" },
	{ "SmsMessageSid", "SM22222222222222222222222222222222" },
	{ "SmsStatus", "received" },
	{ "Body", "Are you still there? \xc3""\x87""a va?" },
	{ "NumMedia", "0" },
	{ "NumSegments", "1" },
	{ NULL, NULL },
};

/* Conversations: a text from an SMS participant, before it is added. */
static const struct example_field conversations_message[] = {
	{ "EventType", "onMessageAdd" },
	{ "AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "ChatServiceSid", "IS11111111111111111111111111111111" },
	{ "ConversationSid", "CH11111111111111111111111111111111" },
	{ "ParticipantSid", "MB11111111111111111111111111111111" },
	{ "Author", "+19515550111" },
	{ "Body", "Call me at 415 555 0199 instead" },
	{ "Source", "SMS" },
	{ "Index", "3" },
	{ "Attributes", "{}" },
	{ "DateCreated", "2026-06-01T18:04:07.000Z" },
	{ "RetryCount", "0" },
	{ NULL, NULL },
};

/* Conversations: an SMS participant added (post-action). */
static const struct example_field conversations_participant[] = {
	{ "EventType", "onParticipantAdded" },
	{ "AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "ChatServiceSid", "IS11111111111111111111111111111111" },
	{ "ConversationSid", "CH11111111111111111111111111111111" },
	{ "ParticipantSid", "MB11111111111111111111111111111111" },
	{ "MessagingBinding.Address", "+19515550111" },
	{ "MessagingBinding.ProxyAddress", "+14155550100" },
	{ "RoleSid", "RL11111111111111111111111111111111" },
	{ "Attributes", "{}" },
	{ "DateCreated", "2026-06-01T18:00:00.000Z" },
	{ "Source", "API" },
	{ "RetryCount", "0" },
	{ NULL, NULL },
};

/* Voice: a call to a proxy address, as it rings. */
static const struct example_field voice_call[] = {
	{ "AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "ApiVersion", "2010-04-01" },
	{ "CallSid", "CA33333333333333333333333333333333" },
	{ "CallStatus", "ringing" },
	{ "Called", "+14155550100" },
	{ "Caller", "+19515550111" },
	{ "Direction", "inbound" },
	{ "From", "+19515550111" },
	{ "FromCity", "CORONA" },
	{ "FromCountry", "US" },
	{ "To", "+14155550100" },
	{ "ToCountry", "US" },
	{ NULL, NULL },
};

/* Voice: the same call's status callback once it ended. */
static const struct example_field voice_status[] = {
	{ "AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "ApiVersion", "2010-04-01" },
	{ "CallSid", "CA33333333333333333333333333333333" },
	{ "CallStatus", "completed" },
	{ "CallDuration", "42" },
	{ "Called", "+14155550100" },
	{ "Caller", "+19515550111" },
	{ "Direction", "inbound" },
	{ "From", "+19515550111" },
	{ "To", "+14155550100" },
	{ "Timestamp", "Mon, 01 Jun 2026 18:10:00 +0000" },
	{ NULL, NULL },
};

const struct example examples[] = {
	{ "callback-voice", "callback", NULL, callback_voice },
	{ "callback-message", "callback", NULL, callback_message },
	{ "intercept-voice", "intercept", NULL, intercept_voice },
	{ "intercept-message", "intercept", NULL, intercept_message },
	{ "out-of-session-voice", "out-of-session", out_of_session_common, out_of_session_voice },
	{ "out-of-session-message", "out-of-session", out_of_session_common,
	    out_of_session_message },
	{ "conversations-message", "conversations", NULL, conversations_message },
	{ "conversations-participant", "conversations", NULL, conversations_participant },
	{ "voice-call", "voice", NULL, voice_call },
	{ "voice-status", "voice", NULL, voice_status },
	{ NULL, NULL, NULL, NULL },
};

const struct example *
example_find(const char *name)
{
	const struct example *e;

	for (e = examples; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

int
example_form(const struct example *ex, struct form *form)
{
	const struct example_field *part[2] = { ex->common, ex->fields }, *f;
	size_t i;

	for (i = 0; i < 2; i++)
		for (f = part[i]; f != NULL && f->name != NULL; f++)
			if (form_add(form, f->name, f->value) < 0)
				return -1;
	return 0;
}
