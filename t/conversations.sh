# Through a real nginx: proxyhooks-conversations and proxyhooks-voice as
# FastCGI servers behind the shipped snippet, driven with requests signed
# by Twilio's own helper library, their TwiML compared with what that
# library builds.
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"
TWILIO_PY=/usr/bin/python3
"$TWILIO_PY" -c 'import twilio' 2>/dev/null || skip_all "python3-twilio is not installed"
helper() { "$TWILIO_PY" "$top_srcdir/t/twilio-helper.py" "$@"; }

ph_setup "oos_voice_say = This conversation has ended."
cat > "$T/policy" <<'POLICY'
block from +15551230000
block body phone
default allow
POLICY
start_fcgi conversations "$PH_CONVERSATIONS" || exit 1
start_fcgi voice "$PH_VOICE" || exit 1
start_nginx || exit 1
CONV="$BASE/proxyhooks/conversations"
VOICE="$BASE/proxyhooks/voice"

CH=CH0123456789abcdef0123456789abcdef
first() {	# first IDEMPOTENCY_TOKEN name=value...: an onMessageAdd of the first participant
	local idem=$1
	shift
	helper post "$CONV" "$PH_TOKEN" "$idem" EventType=onMessageAdd \
		AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ChatServiceSid=IS11111111111111111111111111111111 \
		ConversationSid=$CH ParticipantSid=MB00000000000000000000000000000001 \
		Author=+19515550111 Source=SMS Index=0 Attributes={} RetryCount=0 "$@"
}

# Pre-action: the policy decides.
out=$(first pre-1 "Body=Call me at 415 555 0199 instead")
like "$out" "^HTTP 403" "an onMessageAdd carrying a phone number is rejected (non-2xx)"
out=$(first pre-2 "Body=On my way, see you at 5:30 for order #48213")
like "$out" "^HTTP 200" "a clean one gets 2xx"
out=$(first pre-3 "Body=hello" Author=+15551230000)
like "$out" "^HTTP 403" "a banned author is rejected"
out=$(helper post "$CONV" "$PH_TOKEN" pre-4 EventType=onParticipantAdd ConversationSid=$CH \
	ChatServiceSid=IS11111111111111111111111111111111 \
	MessagingBinding.Address=+15551230000 MessagingBinding.ProxyAddress=+14155550100)
like "$out" "^HTTP 403" "adding a banned number to a conversation is rejected"
out=$(helper post "$CONV" "$PH_TOKEN" pre-5 EventType=onConversationAdd \
	ChatServiceSid=IS11111111111111111111111111111111 \
	MessagingBinding.Address=+19515550111 MessagingBinding.ProxyAddress=+14155550100 \
	"MessageBody=hi there")
like "$out" "^HTTP 200" "a conversation started by an ordinary number is allowed"
json=$(ph events --hook conversations --format json)
like "$json" '"decision":"block","rule":"[^"]*policy:2: block body phone"' \
	"the rejection is stored with its rule"
like "$json" '"idempotency_token":"pre-1"' "with Twilio's idempotency token"

# Post-action: recorded once, bindings into the directory.
for p in 1 2; do
	if [ $p = 1 ]; then addr=+19515550111 proxy=+14155550100; else addr=+17075550122 proxy=+14155550101; fi
	out=$(helper post "$CONV" "$PH_TOKEN" post-$p EventType=onParticipantAdded \
		ChatServiceSid=IS11111111111111111111111111111111 ConversationSid=$CH \
		ParticipantSid=MB0000000000000000000000000000000$p \
		MessagingBinding.Address=$addr MessagingBinding.ProxyAddress=$proxy Source=API)
	like "$out" "^HTTP 200" "onParticipantAdded for participant $p is answered 200"
done
out=$(helper post "$CONV" "$PH_TOKEN" post-1 EventType=onParticipantAdded \
	ChatServiceSid=IS11111111111111111111111111111111 ConversationSid=$CH \
	ParticipantSid=MB00000000000000000000000000000001 \
	MessagingBinding.Address=+19515550111 MessagingBinding.ProxyAddress=+14155550100 Source=API)
like "$out" "^HTTP 200" "a repeated delivery is answered 200"
is "$(ph events --hook conversations --format json | grep -c '"EventType":"onParticipantAdded"')" 2 \
	"and stored once"
like "$(ph participants list)" "MB00000000000000000000000000000002 +\\+17075550122" \
	"the second participant's binding is in the directory"

# Voice: the first participant calls its proxy address.
out=$(helper post "$VOICE" "$PH_TOKEN" call-1 CallSid=CA00000000000000000000000000000001 \
	AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa From=+19515550111 To=+14155550100 \
	Caller=+19515550111 Called=+14155550100 CallStatus=ringing Direction=inbound ApiVersion=2010-04-01)
like "$out" "^HTTP 200" "a call from the first participant to its proxy address is answered 200"
twiml=$(printf '%s\n' "$out" | sed -n 2p)
want=$(helper dial +14155550101 +17075550122)
helper same "$twiml" "$want"
ok $? "it dials the second participant's address with the second's proxy address as callerId" \
	"(as Twilio's library builds it: $want)"
is "$twiml" "$want" "byte for byte"

# The message of the first participant is now decided knowing the other's number too.
echo 'block to +17075550122 body /secret/' >> "$T/policy"
touch -d '+2 seconds' "$T/policy"
out=$(first pre-6 "Body=the secret is out")
like "$out" "^HTTP 403" "a rule on the other participant's number applies through the directory"

# A banned caller gets <Reject>, as Twilio's library writes it.
out=$(helper post "$VOICE" "$PH_TOKEN" call-2 CallSid=CA00000000000000000000000000000002 \
	From=+15551230000 To=+14155550100 CallStatus=ringing Direction=inbound)
twiml=$(printf '%s\n' "$out" | sed -n 2p)
helper same "$twiml" "$(helper reject)"
ok $? "a banned caller gets <Reject/> ($twiml)"

# A caller in no conversation hears the out-of-session answer.
out=$(helper post "$VOICE" "$PH_TOKEN" call-3 CallSid=CA00000000000000000000000000000003 \
	From=+12025550143 To=+14155550100 CallStatus=ringing Direction=inbound)
is "$(printf '%s\n' "$out" | sed -n 2p)" \
	'<?xml version="1.0" encoding="UTF-8"?><Response><Say>This conversation has ended.</Say></Response>' \
	"a caller bound to no conversation gets the out-of-session answer"

# The status callback is recorded.
out=$(helper post "$VOICE" "$PH_TOKEN" status-1 CallSid=CA00000000000000000000000000000001 \
	From=+19515550111 To=+14155550100 CallStatus=completed CallDuration=42)
like "$out" "^HTTP 200" "the status callback is answered 200"

# Every event is in proxyhooks events.
events=$(ph events --format json)
for token in pre-1 pre-2 pre-3 pre-4 pre-5 pre-6 post-1 post-2 call-1 call-2 call-3 status-1; do
	like "$events" "\"idempotency_token\":\"$token\"" "event $token is listed by proxyhooks events"
done
like "$(ph events --hook voice --format json)" '"decision":"block","rule":"[^"]*policy:1: block from' \
	"the blocked call is stored with its rule"
like "$(ph report 2>&1)" "voice" "the report shows the voice hook"
like "$(ph report 2>&1)" "conversations" "and the conversations hook"

# proxyhooks send posts the examples, signed.
out=$(ph send conversations "$CONV")
like "$out" "^HTTP 403" "proxyhooks send conversations: the example carries a number, rejected"
out=$(ph send voice "$VOICE")
like "$out" "^HTTP 200" "proxyhooks send voice is answered"
like "$out" "<Dial callerId=\"\\+14155550101\"><Number>\\+17075550122</Number></Dial>" \
	"and connected to the other participant"
out=$(ph send voice-status "$VOICE")
like "$out" "^HTTP 200" "proxyhooks send voice-status is recorded"
# The example binds the caller to the same proxy address in a conversation
# of its own, with nobody else in it yet: the newest binding wins.
out=$(ph send conversations-participant "$CONV")
like "$out" "^HTTP 200" "proxyhooks send conversations-participant is recorded"
out=$(ph send voice "$VOICE" CallSid=CA00000000000000000000000000000009)
like "$out" "<Say>This conversation has ended.</Say>" \
	"a call in a conversation with no other participant yet is out of session"
# redact: a message carrying a number is let through with the number masked
# (200 with the JSON body that changes it); a number split over three
# messages of one participant is rejected on the third.
cat > "$T/policy" <<'POLICY'
redact body phone / email
block body phone across 3 messages within 10 minutes
default allow
POLICY
touch -d '+4 seconds' "$T/policy"
out=$(first redact-1 "Body=Call me at 415 555 0199 instead, or mail jane.doe@example.com")
like "$out" "^HTTP 200" "with redact body phone, a message with a number gets 200"
masked=$(printf '%s\n' "$out" | sed 1d | python3 -c 'import json, sys; print(json.load(sys.stdin)["body"])')
is "$masked" "Call me at [removed] instead, or mail [removed]" \
	"its JSON body holds the text without the number and the address"
like "$(ph events --hook conversations --format json)" \
	'"decision":"redact","rule":"[^"]*policy:1: redact body phone / email"' \
	"the redaction is stored with its rule"
out=$(first redact-2 "Body=see you at noon")
is "$out" "HTTP 200" "a clean message gets a bare 200"
out=$(first across-1 "Body=my number starts 612")
like "$out" "^HTTP 200" "the first part of a number passes"
out=$(first across-2 "Body=then 345")
like "$out" "^HTTP 200" "the second too"
out=$(first across-3 "Body=and 678")
like "$out" "^HTTP 403" "the third, completing 612 345 678, is rejected"
out=$(helper post "$CONV" "$PH_TOKEN" across-4 EventType=onMessageAdd \
	AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ChatServiceSid=IS11111111111111111111111111111111 \
	ConversationSid=$CH ParticipantSid=MB00000000000000000000000000000002 \
	Author=+17075550122 Source=SMS Index=1 Attributes={} RetryCount=0 "Body=and 678")
like "$out" "^HTTP 200" "the same part from the other participant passes"
done_testing
