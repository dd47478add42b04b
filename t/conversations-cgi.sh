# CGI mode: proxyhooks-conversations and proxyhooks-voice run once per
# request, as a cgi-bin runs them, with bad input: each gets a clear answer.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
printf 'block body phone\ndefault allow\n' > "$T/policy"
CURL_=https://hooks.example.com/cgi-bin/proxyhooks-conversations
VURL=https://hooks.example.com/cgi-bin/proxyhooks-voice
CH=CH0123456789abcdef0123456789abcdef
MSG="EventType=onMessageAdd&ConversationSid=$CH&ParticipantSid=MB00000000000000000000000000000001&Author=%2B19515550111&Body=Call+me+at+415+555+0199"

conv() {	# conv BODY [SIGNATURE]: the CGI answer of the conversations program
	local sig=${2-$(printf '%s' "$1" | ph sign --body-file - "$CURL_")}
	cgi_post "$PH_CONVERSATIONS" /cgi-bin/proxyhooks-conversations "$1" "$sig" 2>>"$T/cgi.log"
}
voice() {
	local sig=${2-$(printf '%s' "$1" | ph sign --body-file - "$VURL")}
	cgi_post "$PH_VOICE" /cgi-bin/proxyhooks-voice "$1" "$sig" 2>>"$T/cgi.log"
}

out=$(conv "$MSG")
is "$(cgi_status "$out")" 403 "a signed onMessageAdd with a phone number is rejected (403)"
is "$(cgi_body "$out")" "rejected by the policy" "saying why"

# Unsigned: 403 by default, which rejects the action: a wrong URL setting
# rejects every message. conversations_unsigned = allow lets them through.
out=$(conv "$MSG" "")
is "$(cgi_status "$out")" 403 "an unsigned request is 403"
like "$(cgi_body "$out")" "invalid X-Twilio-Signature" "naming the signature"
out=$(conv "$MSG" "forged+signature+AAAAAAAAAAAAAAA=")
is "$(cgi_status "$out")" 403 "a forged signature is 403"
echo "conversations_unsigned = allow" >> "$T/proxyhooks.conf"
out=$(conv "$MSG" "")
is "$(cgi_status "$out")" 200 "with conversations_unsigned = allow, an unsigned request is 200"
is "$(ph events --hook conversations --format json | grep -c .)" 1 \
	"and not recorded as an event (only the signed one is)"
sed -i '/^conversations_unsigned/d' "$T/proxyhooks.conf"

# Missing and unknown fields.
out=$(conv "ConversationSid=$CH&Body=hi")
is "$(cgi_status "$out")" 400 "no EventType is 400"
is "$(cgi_body "$out")" "missing field EventType" "naming the field"
out=$(conv "EventType=onMessageAdd&Body=hi")
is "$(cgi_status "$out")" 400 "an onMessageAdd without ConversationSid is 400"
is "$(cgi_body "$out")" "missing field ConversationSid" "naming the field"
out=$(conv "EventType=onSomethingNew&ConversationSid=$CH")
is "$(cgi_status "$out")" 200 "an EventType this version does not know is 200 (a 4xx would reject it)"
like "$(cgi_body "$out")" "EventType onSomethingNew is not known here: recorded" "saying so"
like "$(ph events --hook conversations --format json)" '"EventType":"onSomethingNew"' "and it is recorded"
out=$(conv "EventType=onMessageRemove&ConversationSid=$CH&MessageSid=IM00000000000000000000000000000001")
is "$(cgi_status "$out")" 200 "a pre-action the policy does not decide is allowed"
out=$(conv "EventType=onDeliveryUpdated&ConversationSid=$CH&Status=delivered")
is "$(cgi_status "$out")" 200 "a post-action is 200"
out=$(conv "EventType=onParticipantRemoved&ConversationSid=$CH&ParticipantSid=MB00000000000000000000000000000009")
is "$(cgi_status "$out")" 200 "removing an unknown participant is 200"

# Observing rejects nothing; an undecidable action follows conversations_fail.
echo "intercept_mode = observe" >> "$T/proxyhooks.conf"
out=$(conv "$MSG")
is "$(cgi_status "$out")" 200 "observing, the phone number is let through"
like "$(ph events --hook conversations --format json)" '"decision":"would-block"' "recorded as would-block"
sed -i '/^intercept_mode/d' "$T/proxyhooks.conf"
printf 'block body /unclosed(/\n' > "$T/broken.policy"
sed -i "s#^policy_file = .*#policy_file = $T/broken.policy#" "$T/proxyhooks.conf"
out=$(conv "$MSG")
is "$(cgi_status "$out")" 200 "no policy in force: allowed (conversations_fail = open)"
echo "conversations_fail = closed" >> "$T/proxyhooks.conf"
out=$(conv "$MSG")
is "$(cgi_status "$out")" 403 "with conversations_fail = closed: rejected"
like "$(ph events --hook conversations --format json)" '"decision":"error-block"' "recorded as error-block"
like "$(cat "$T/cgi.log")" "broken.policy:1: " "the bad policy line is logged"
echo "conversations_fail = maybe" >> "$T/proxyhooks.conf"
ph config check >/dev/null 2>"$T/check.err"
like "$(cat "$T/check.err")" "conversations_fail" "a bad conversations_fail value names the key"
sed -i '/^conversations_fail/d' "$T/proxyhooks.conf"

# Voice.
CALL="CallSid=CA00000000000000000000000000000001&From=%2B19515550111&To=%2B14155550100&CallStatus=ringing"
out=$(voice "$CALL" "")
is "$(cgi_status "$out")" 403 "an unsigned call is 403"
out=$(voice "CallSid=CA00000000000000000000000000000001&To=%2B14155550100&CallStatus=ringing")
is "$(cgi_status "$out")" 400 "a call without From is 400"
is "$(cgi_body "$out")" "missing field From" "naming the field"
out=$(voice "From=%2B19515550111&To=%2B14155550100")
is "$(cgi_body "$out")" "missing field CallSid" "a call without CallSid names it"
out=$(voice "$CALL")
is "$(cgi_status "$out")" 200 "a call nobody is bound for is 200"
is "$(cgi_body "$out")" '<?xml version="1.0" encoding="UTF-8"?><Response/>' \
	"with the (empty) out-of-session answer"

# Valgrind: each path of both programs leaks nothing and touches no bad memory.
if command -v valgrind >/dev/null && [ -z "${PH_NO_VALGRIND:-}" ]; then
	sed -i "s#^policy_file = .*#policy_file = $T/policy#" "$T/proxyhooks.conf"
	PART="EventType=onParticipantAdded&ConversationSid=$CH&ChatServiceSid=IS11111111111111111111111111111111"
	n=0
	for case in "c|$MSG" "c|${PART}&ParticipantSid=MB00000000000000000000000000000001&MessagingBinding.Address=%2B19515550111&MessagingBinding.ProxyAddress=%2B14155550100" \
		"c|${PART}&ParticipantSid=MB00000000000000000000000000000002&MessagingBinding.Address=%2B17075550122&MessagingBinding.ProxyAddress=%2B14155550101" \
		"v|$CALL" "v|${CALL%ringing}completed"; do
		n=$((n + 1))
		body=${case#?|}
		if [ "${case%%|*}" = c ]; then prog=$PH_CONVERSATIONS u=/cgi-bin/proxyhooks-conversations url=$CURL_
		else prog=$PH_VOICE u=/cgi-bin/proxyhooks-voice url=$VURL; fi
		s=$(printf '%s' "$body" | ph sign --body-file - "$url")
		PH_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" \
			cgi_post "$prog" "$u" "$body" "$s" >"$T/vg.out.$n" 2>"$T/vg.log"
		rc=$?
		ok $(( rc == 99 )) "valgrind reports no error or leak in $(basename "$prog") (CGI, case $n)"
		[ $rc -eq 99 ] && diag "$(head -n 40 "$T/vg.log")"
	done
	like "$(cat "$T/vg.out.4")" "<Dial callerId=\"\\+14155550101\"><Number>\\+17075550122</Number></Dial>" \
		"(under valgrind the call was connected)"
	is "$(cgi_status "$(cat "$T/vg.out.5")")" 200 "(and the status callback recorded)"
fi

# redact: 200 with the masked body (under valgrind when it is here); in
# observe mode the message passes unchanged, recorded as would-redact.
printf 'redact body phone\ndefault allow\n' > "$T/policy"
sed -i "s#^policy_file = .*#policy_file = $T/policy#" "$T/proxyhooks.conf"
RMSG="${MSG}&I=redact"
vg=
command -v valgrind >/dev/null && [ -z "${PH_NO_VALGRIND:-}" ] &&
	vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
s=$(printf '%s' "$RMSG" | ph sign --body-file - "$CURL_")
out=$(PH_WRAPPER=$vg cgi_post "$PH_CONVERSATIONS" /cgi-bin/proxyhooks-conversations "$RMSG" "$s" 2>"$T/vg.log")
ok $? "the redacting answer exits cleanly${vg:+ under valgrind}"
is "$(cgi_status "$out")" 200 "a redact rule answers 200"
like "$out" "Content-Type: application/json" "with JSON"
is "$(cgi_body "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["body"])')" \
	"Call me at [removed]" "whose body is the text with the number masked"
echo "redact_mask = ***" >> "$T/proxyhooks.conf"
out=$(conv "$RMSG")
is "$(cgi_body "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["body"])')" \
	"Call me at ***" "redact_mask is the mask"
echo "intercept_mode = observe" >> "$T/proxyhooks.conf"
out=$(conv "$RMSG")
is "$(cgi_status "$out")" 200 "observing, the message passes"
is "$(cgi_body "$out")" "" "unchanged"
like "$(ph events --hook conversations --format json | tail -n 1)" '"decision":"would-redact"' \
	"recorded as would-redact"
is "$(ph events --hook conversations --decision redact --format csv | tail -n +2 | wc -l)" 2 \
	"events --decision redact lists the two redacted messages"
is "$(ph events --decision would-redact --format csv | tail -n +2 | wc -l)" 1 \
	"and --decision would-redact the observed one"
report=$(ph report --format json)
is "$(printf '%s' "$report" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(" ".join(sorted("%s:%d" % (s["decision"], s["total"]) for s in r["daily"]["series"]
    if s["hook"] == "conversations" and "redact" in (s["decision"] or ""))))' 2>&1)" \
	"redact:2 would-redact:1" "the report charts them apart"
done_testing
