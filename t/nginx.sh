# Through a real nginx: the three hooks as FastCGI servers behind the
# shipped snippet, driven with signed requests as Twilio sends them.
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"

ph_setup "oos_voice_say = This session has ended, {FromCity} caller & friends <3" \
	"oos_message_reply = Sorry, {sessionUniqueName} is over. 🚗"
cat > "$T/policy" <<'POLICY'
# The contract example without its night-time rule (which would make this
# test depend on the hour it runs; t/policy tests `during`).
block from +15551230000
block body phone
default allow
POLICY
start_fcgi callback "$PH_CALLBACK" || exit 1
start_fcgi intercept "$PH_INTERCEPT" || exit 1
start_fcgi out-of-session "$PH_OOS" || exit 1
start_nginx || exit 1
CB="$BASE/proxyhooks/callback"
IC="$BASE/proxyhooks/intercept"
OOS="$BASE/proxyhooks/out-of-session"

# Foundation: the seed page's CallbackUrl example, stored and read back.
SEED=$(fixture seed-callback)
sig=$(printf '%s' "$SEED" | ph sign --body-file - "$CB")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
	-H "I-Twilio-Idempotency-Token: seed-1" --data-binary "$SEED" \
	-H 'Content-Type: application/x-www-form-urlencoded' "$CB")
is "$code" 200 "the seed CallbackUrl example is accepted through nginx"
json=$(ph events --hook callback --format json)
like "$json" '"interactionType":"Voice"' "and read back with proxyhooks events"
like "$json" '"outboundResourceUrl":"https://api.twilio.com/2010-04-01/Accounts/ACX+/Calls/CAX+.json"' \
	"with every field decoded"
like "$json" '"idempotency_token":"seed-1"' "and the idempotency token"

# Each bad request gets its 4xx, and the worker serves the next request.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
	-H 'Content-Type: text/plain' --data-binary "$SEED" "$CB")
is "$code" 415 "a text/plain body is 415"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
	-H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'a=%zz' "$CB")
is "$code" 400 "a malformed body is 400"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "$SEED" "$CB")
is "$code" 403 "an unsigned callback is 403"
out=$(ph send callback "$CB")
like "$out" "^HTTP 200" "the worker serves the next request"
is "$(ph events --hook callback --format json | grep -c .)" 2 "two callbacks stored, nothing refused"

# Intercept: the decisions the issue asks for.
out=$(ph send intercept "$IC")
like "$out" "^HTTP 403" "a message giving out a phone number is blocked (403)"
out=$(ph send intercept "$IC" 'interactionData={"body":"On my way, see you at 5:30 for order #48213"}')
like "$out" "^HTTP 200" "an ordinary message is allowed (200)"
ph participants add KPdddddddddddddddddddddddddddddddd "+1 555 123 0000" >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hello there"}')
like "$out" "^HTTP 403" "a message from a participant whose number is banned is blocked"
ph participants remove KPdddddddddddddddddddddddddddddddd >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hello there"}' \
	inboundParticipantSid=KP00000000000000000000000000000001)
like "$out" "^HTTP 200" "an unknown number matches no number rule"
like "$(cat "$T/intercept.log")" "number of KP00000000000000000000000000000001 is unknown" \
	"and that is logged"

# A new rule takes effect on the next request; a broken edit keeps the last good policy.
echo 'block body "secret handshake"' >> "$T/policy"
touch -d '+2 seconds' "$T/policy"
out=$(ph send intercept "$IC" 'interactionData={"body":"the secret handshake is ready"}')
like "$out" "^HTTP 403" "a rule added to the file applies at the next request"
cp "$T/policy" "$T/policy.good"
echo 'block body /unclosed(/' >> "$T/policy"
touch -d '+4 seconds' "$T/policy"
out=$(ph send intercept "$IC" 'interactionData={"body":"the secret handshake is ready"}')
like "$out" "^HTTP 403" "a broken edit keeps the last good policy in force"
ph policy check "$T/policy" >/dev/null 2>"$T/check.err"
is "$?" 1 "policy check fails on the broken file"
like "$(cat "$T/check.err")" "policy:7: " "and names the line"
like "$(cat "$T/intercept.log")" "policy:7: " "the program logged the bad line"
cp "$T/policy.good" "$T/policy"
touch -d '+6 seconds' "$T/policy"

# A forged intercept is 401, never 403.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
	-H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "$(fixture intercept-message)" "$IC")
is "$code" 401 "a forged intercept gets 401"

# policy test explains each decision.
out=$(ph policy test --from +15551230000 --type message --body "hello")
like "$out" "^block .*policy:3: block from \\+15551230000" "policy test explains the banned number"
out=$(ph policy test --type message --body "Call me at 415 555 0199 instead")
like "$out" "^block .*policy:4: block body phone" "policy test explains the phone number"
out=$(ph policy test --type message --body "See you at 5")
like "$out" "^allow" "policy test explains an allowed message"

# Decisions are stored with the rule and the time they took.
json=$(ph events --hook intercept --format json)
like "$json" '"decision":"block","rule":"[^"]*policy:4: block body phone","found":"phone 4155550199","decision_us":[0-9]+' \
	"a block is stored with its rule, what it found and its time"
like "$json" '"decision":"allow"' "an allow is stored"
ph policy stats > "$T/stats"
like "$(cat "$T/stats")" "block body phone" "policy stats lists the rules that fired"

# Out of session: TwiML, escaped, and the participants learned.
out=$(ph send out-of-session-voice "$OOS")
like "$out" "^HTTP 200" "an out-of-session call is answered 200"
is "$(printf '%s\n' "$out" | sed -n 2p)" \
	'<?xml version="1.0" encoding="UTF-8"?><Response><Say>This session has ended, CORONA caller &amp; friends &lt;3</Say></Response>' \
	"with the configured TwiML, substituted and escaped"
out=$(ph send out-of-session-message "$OOS")
is "$(printf '%s\n' "$out" | sed -n 2p)" \
	'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Sorry, ride_42 is over. 🚗</Message></Response>' \
	"an out-of-session text gets the configured reply, emoji intact"
like "$(ph participants list)" "KPdddddddddddddddddddddddddddddddd +\\+19515550111" \
	"the inbound participant's number is learned"
like "$(ph participants list)" "KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee +\\+17075550122" \
	"and the outbound participant's"
out=$(ph send out-of-session-voice "$OOS" From=+15551230000 Caller=+15551230000)
is "$(printf '%s\n' "$out" | sed -n 2p)" \
	'<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>' \
	"a banned caller is rejected before the call is answered"
out=$(ph send out-of-session-message "$OOS" From=+15551230000)
is "$(printf '%s\n' "$out" | sed -n 2p)" '<?xml version="1.0" encoding="UTF-8"?><Response/>' \
	"a banned texter gets no reply"
like "$(ph events --hook out-of-session --format json)" '"response":"<\?xml' \
	"the answer is stored with the event"

# Now the directory knows KPddd…'s number: the intercept applies number rules.
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}')
like "$out" "^HTTP 200" "a learned, unbanned number is allowed"

# A worker keeps a session's two numbers, and a participant the directory
# did not have, until the directory changes (or directory_cache_seconds):
# a change made on this machine is seen at the next interaction.
ph participants add KPdddddddddddddddddddddddddddddddd +15551230000 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}')
like "$out" "^HTTP 403" "a number changed in the directory is seen at the next interaction"
ph participants add KPdddddddddddddddddddddddddddddddd +19515550111 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}')
like "$out" "^HTTP 200" "and changed back, at the next one again"
unknown=KP00000000000000000000000000000002
for i in 1 2 3; do
	out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}' inboundParticipantSid=$unknown)
	like "$out" "^HTTP 200" "a participant the directory does not hold is allowed ($i)"
done
ph participants add $unknown +15551230000 --session KCcccccccccccccccccccccccccccccccc >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}' inboundParticipantSid=$unknown)
like "$out" "^HTTP 403" "once added with a banned number, the next interaction is blocked"
ph participants remove $unknown >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}' inboundParticipantSid=$unknown)
like "$out" "^HTTP 200" "once removed, allowed again"
echo "directory_cache_seconds = 0" >> "$PROXYHOOKS_CONF"
ph participants add KPdddddddddddddddddddddddddddddddd +15551230000 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
out=$(ph send intercept "$IC" 'interactionData={"body":"hi"}')
like "$out" "^HTTP 403" "with directory_cache_seconds = 0 too"

ok "$(grep -c ' 50[0-9] ' "$T/nginx/access.log")" "no request got a 5xx"

done_testing
