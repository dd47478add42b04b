# The operator's questions from the command line: `proxyhooks events` and
# its filters over events the programs stored from signed posts (CGI), and
# `proxyhooks send` through nginx: the decision and rule of the event the
# request stored, the fields --body, --from and --type make, and a 403 of
# the web server's own told from the policy's.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup "timezone = UTC"
printf 'block from +15550009999\nblock body phone\ndefault allow\n' > "$T/policy"
IC=https://hooks.example.com/cgi-bin/proxyhooks-intercept
CB=https://hooks.example.com/cgi-bin/proxyhooks-callback

post() {	# post PROGRAM URL BODY TOKEN: a signed CGI post, its status
	local sig out
	sig=$(printf '%s' "$3" | ph sign --body-file - "$2")
	out=$(cgi_post "$1" "${2#https://hooks.example.com}" "$3" "$sig" \
		HTTP_I_TWILIO_IDEMPOTENCY_TOKEN="$4" 2>>"$T/hooks.log")
	cgi_status "$out"
}
sids() {	# sids EVENTS-ARGS...: the interaction SIDs listed, oldest first, one line
	ph events --format csv "$@" | sed 1d | cut -d, -f7 | tr '\n' ' ' | sed 's/ $//'
}

# Six interactions in two sessions, from two participants, and a callback.
session_a=KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
session_b=KCbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
body() {	# body SID SESSION PARTICIPANT TYPE TEXT
	printf 'inboundParticipantSid=%s&interactionData=%s&interactionServiceSid=KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&interactionSessionSid=%s&interactionSid=%s&interactionType=%s' \
		"$3" "$5" "$2" "$1" "$4"
}
is "$(post "$PH_INTERCEPT" "$IC" "$(body KI01 $session_a KP01 Message '%7B%22body%22%3A%22see+you+at+5%22%7D')" t1)" 200 \
	"an allowed message"
is "$(post "$PH_INTERCEPT" "$IC" "$(body KI02 $session_a KP01 Message '%7B%22body%22%3A%22call+415+555+0199%22%7D')" t2)" 403 \
	"a blocked one"
is "$(post "$PH_INTERCEPT" "$IC" "$(body KI03 $session_b KP02 Voice '')" t3)" 200 "an allowed call"
is "$(post "$PH_INTERCEPT" "$IC" "$(body KI04 $session_b KP02 Message '%7B%22body%22%3A%22my+number+is+415+555+0100+WhatsApp%22%7D')" t4)" 403 \
	"another blocked message"
is "$(post "$PH_CALLBACK" "$CB" "$(body KI05 $session_b KP02 Message '%7B%22body%22%3A%22delivered%22%7D')" t5)" 200 \
	"a callback"

is "$(sids)" "KI01 KI02 KI03 KI04 KI05" "events: all, oldest first"
is "$(sids --decision blocked)" "KI02 KI04" "--decision blocked"
is "$(sids --decision allow --hook intercept)" "KI01 KI03" "--decision allow --hook intercept"
is "$(sids --decision none)" "KI05" "--decision none: the callback's"
is "$(sids --session $session_b)" "KI03 KI04 KI05" "--session"
is "$(sids --participant KP01)" "KI01 KI02" "--participant"
is "$(sids --rule 'BODY PHONE')" "KI02 KI04" "--rule: a part of it, any case"
is "$(sids --rule "$T/policy:2")" "KI02 KI04" "--rule FILE:LINE"
is "$(sids --grep whatsapp)" "KI04" "--grep: the message text, any case"
is "$(sids --grep ki03)" "KI03" "--grep: an interaction SID"
is "$(sids --limit 2)" "KI04 KI05" "--limit: the newest, oldest first"
is "$(sids --limit 2 --offset 2)" "KI02 KI03" "--offset: the page before"
is "$(sids --until 1w)" "" "--until a week ago: none of today's"
is "$(sids --since 1w --until 2099-01-01)" "KI01 KI02 KI03 KI04 KI05" "--until a later time: all"
out=$(ph events --since 1h --until 2026-01-01 2>&1)
is $? 2 "--until before --since is a usage error"
is "$(sids --decision blocked --session $session_b --hook intercept --grep 415)" "KI04" \
	"the filters combine"
like "$(ph events --decision blocked)" "^ID .*RULE
[0-9]+ +[0-9-]+ [0-9:.]+ +intercept +block +KI02 " "the table lists the blocked"
out=$(ph events --decision blocks 2>&1)
is $? 2 "an unknown decision is a usage error"
like "$out" "--decision: 'blocks' is not one of allow, block, would-block, error-allow, error-block, blocked, none" \
	"naming the choices"
out=$(ph events --until tomorrow 2>&1)
is $? 2 "a bad --until is a usage error"
like "$out" "--until: 'tomorrow' is neither a duration" "saying why"
out=$(ph events --offset -1 2>&1)
is $? 2 "a negative --offset too"
out=$(ph events --grep "$(head -c 201 /dev/zero | tr '\0' x)" 2>&1)
is $? 2 "a text over 200 bytes too"
like "$(ph events --help)" "--session KC\.\.\..*--participant KP\.\.\..*--grep TEXT" "--help names the filters"

# --- proxyhooks send through nginx
if ! [ -x "$NGINX" ] || ! command -v spawn-fcgi >/dev/null; then
	ok 0 "# skip proxyhooks send through nginx: needs nginx and spawn-fcgi"
	done_testing
	exit
fi
start_fcgi callback "$PH_CALLBACK" || { ok 1 "spawn-fcgi starts the callback"; done_testing; exit; }
start_fcgi intercept "$PH_INTERCEPT"
start_fcgi out-of-session "$PH_OOS"
# A location nginx refuses itself, with its own HTML page.
NGINX_EXTRA='location = /proxyhooks/closed { return 403; }'
start_nginx || { ok 1 "nginx starts"; done_testing; exit; }
URL="$BASE/proxyhooks/intercept"

out=$(ph send intercept --body 'call me at 415 555 0199' "$URL" 2>&1)
ok $? "send --body: exit 0"
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "a message with a phone number: 403"
like "$out" "answer: proxyhooks-intercept decided block \(the policy's 403" "said to be the policy's"
like "$out" "event: [0-9]+, intercept, received " "the stored event is found"
like "$out" "decision: block" "with its decision"
like "$out" "rule: $T/policy:2: block body phone" "and its rule"
like "$out" "found: phone 4155550199" "and what it found"
like "$(ph events --hook intercept --limit 1 --format json)" \
	'"interactionData":"\{\\"body\\":\\"call me at 415 555 0199\\"\}"' \
	"--body is posted as interactionData, a JSON object"

out=$(ph send intercept --body 'ça va? "quoted"' "$URL" 2>&1)
like "$out" "^HTTP 200" "a harmless message: 200"
like "$out" "decision: allow" "allowed"
like "$out" "rule: $T/policy:3: default allow" "by the default"
like "$(ph events --hook intercept --limit 1 --format json)" \
	'"interactionData":"\{\\"body\\":\\"\\\\u00[eE]7a va\? \\\\\\"quoted\\\\\\"\\"\}"' \
	"escaped as Twilio escapes it"

out=$(ph send intercept --type voice "$URL" 2>&1)
like "$out" "decision: allow" "--type voice: a call, allowed"
like "$(ph events --hook intercept --limit 1 --format json)" '"interactionType":"Voice"' \
	"posted as a Voice interaction"
out=$(ph send intercept --type voice --body hello "$URL" 2>&1)
is $? 2 "--body on a call is a usage error"
like "$out" "a call, which has no text" "saying why"
out=$(ph send intercept-voice --type message "$URL" 2>&1)
is $? 2 "a --type against the example's is a usage error"
out=$(ph send intercept --from 555 "$URL" 2>&1)
is $? 2 "--from must be E.164"

out=$(ph send intercept --from +15550009999 --body 'hello' "$URL" 2>&1)
like "$out" "participant: KP[0-9a-f]{32} is \+15550009999 in the directory" \
	"--from on the intercept: the participant is put in the directory"
like "$out" "decision: block" "and the number rule blocks it"
like "$out" "rule: $T/policy:1: block from \+15550009999" "by that rule"
like "$(ph participants list)" "\+15550009999" "the directory has it"

OOS="$BASE/proxyhooks/out-of-session"
out=$(ph send out-of-session --from +15550001111 --body 'still there?' "$OOS" 2>&1)
like "$out" "^HTTP 200" "--body on the out-of-session hook makes a message"
json=$(ph events --hook out-of-session --limit 1 --format json)
like "$json" '"From":"\+15550001111"' "--from is From"
like "$json" '"Body":"still there\?"' "--body is Body"
like "$json" '"MessageSid":"SM' "a message"

out=$(ph send --wait 0 callback "$BASE/proxyhooks/callback" 2>&1)
is "$out" "HTTP 200" "--wait 0 does not look for the event"

out=$(ph send intercept --body 'call 415 555 0199' "$BASE/proxyhooks/closed" 2>&1)
is $? 1 "a 403 of the web server's: exit 1"
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "the status as it came"
like "$out" "answer: an HTML page from the web server, not from proxyhooks-intercept: the request did not reach the program \(a 403 of the server's own access rules" \
	"said to be the web server's, not the policy's"
unlike "$out" "decision:" "and no decision is claimed"

help=$(ph send --help)
for field in --body --from --type interactionData inboundParticipantSid interactionSessionSid \
	interactionType Body From; do
	like "$help" "$field" "send --help names $field"
done
unlike "$(cat "$T"/*.log)" "error:" "no errors logged by the programs"
done_testing
