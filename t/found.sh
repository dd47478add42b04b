# What the policy found, as the operator sees it: a signed intercept
# message with a disguised phone number is blocked, and its event names the
# rule and the number found, normalised (`proxyhooks events` as text, CSV
# and JSON, the report, the dashboard); the out-of-session and
# Conversations hooks say the same. With redact_bodies the number is a hash
# and appears nowhere in the database.
. "${top_srcdir:-.}/t/lib.sh"

PH_DASHBOARD="$top_builddir/proxyhooks-dashboard"
ph_setup "timezone = UTC" "dashboard = yes"
printf 'block body phone\ndefault allow\n' > "$T/policy"
IC=https://hooks.example.com/cgi-bin/proxyhooks-intercept
OOS=https://hooks.example.com/cgi-bin/proxyhooks-out-of-session
CONV=https://hooks.example.com/cgi-bin/proxyhooks-conversations
RULE="$T/policy:1: block body phone"

post() {	# post PROGRAM URL BODY: a signed CGI post, its status
	local sig out
	sig=$(printf '%s' "$3" | ph sign --body-file - "$2")
	out=$(cgi_post "$1" "${2#https://hooks.example.com}" "$3" "$sig" 2>>"$T/hooks.log")
	cgi_status "$out"
}
intercept() {	# intercept SID TEXT (form-encoded)
	post "$PH_INTERCEPT" "$IC" "inboundParticipantSid=KPdddddddddddddddddddddddddddddddd&interactionData=%7B%22body%22%3A%22$2%22%7D&interactionServiceSid=KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&interactionSessionSid=KCcccccccccccccccccccccccccccccccc&interactionSid=$1&interactionType=Message"
}

# "+34 6.1.2 3.4.5 6.7.8": a number with a dot between its digits.
is "$(intercept KI01 'escr%C3%ADbeme+al+%2B34+6.1.2+3.4.5+6.7.8')" 403 \
	"a message with a disguised phone number is blocked"
is "$(intercept KI02 'see+you+at+5')" 200 "a harmless one is not"
json=$(ph events --hook intercept --decision block --format json)
like "$json" "\"rule\":\"$RULE\"" "events --format json names the rule"
like "$json" '"found":"phone \+34612345678"' "and what it found, normalised"
unlike "$(ph events --hook intercept --decision allow --format json)" '"found"' \
	"an allowed message found nothing"
like "$(ph events --decision block)" "KI01 +$RULE  found phone \+34612345678$" \
	"the table shows it after the rule"
csv=$(ph events --decision block --format csv)
like "$(printf '%s\n' "$csv" | head -n 1)" '^id,received_at,hook,decision,rule,found,interaction_sid,' \
	"the CSV has a found column"
like "$csv" ",block,$RULE,phone \+34612345678,KI01," "holding it"
like "$(ph policy test --body 'escríbeme al +34 6.1.2 3.4.5 6.7.8')" "found  phone \+34612345678" \
	"as policy test says"

# The out-of-session and Conversations hooks record what they found too.
body=$(fixture out-of-session-message | sed 's/&Body=[^&]*/\&Body=call+me+on+%2B34+612-345-678/')
is "$(post "$PH_OOS" "$OOS" "$body")" 200 "an out-of-session message with a number is answered"
like "$(ph events --hook out-of-session --format json)" '"found":"phone \+34612345678"' \
	"its event says what was found"
is "$(post "$PH_CONVERSATIONS" "$CONV" "EventType=onMessageAdd&ConversationSid=CH0123456789abcdef0123456789abcdef&ParticipantSid=MB00000000000000000000000000000001&Author=%2B19515550111&Body=mi+m%C3%B3vil%3A+%2B34+612.345.678")" \
	403 "a Conversations message with a number is rejected"
like "$(ph events --hook conversations --format json)" \
	"\"rule\":\"$RULE\".*\"found\":\"phone \+34612345678\"" "its event names the rule and the number"

# The report and the dashboard's blocked rows.
like "$(ph report | sed -n '/^Latest blocked:/,/^$/p')" "$RULE  found phone \+34612345678" \
	"the report's latest blocked show it"
like "$(ph report --format json | tr -d '\n ')" '"latest_blocked":\[\{[^]]*"found":"phone\+34612345678"' \
	"in its JSON too"
blocked=$(ph report | sed -n '/^Latest blocked:/,/^$/p')
like "$blocked" "
      from \\? to \\?, session KCcccccccccccccccccccccccccccccccc" \
	"with the session under each block (numbers the directory does not know are ?)"
like "$blocked" "
      from \\+19515550111 to " "and the sender's number where it is known"
page=$($PH_AS env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" GATEWAY_INTERFACE=CGI/1.1 \
	REQUEST_METHOD=GET REQUEST_URI=/cgi-bin/proxyhooks-dashboard \
	SCRIPT_NAME=/cgi-bin/proxyhooks-dashboard HTTP_HOST=hooks.example.com \
	SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on REMOTE_USER=ops \
	${PH_WRAPPER:-} "$PH_DASHBOARD" </dev/null 2>>"$T/dash.log")
like "$page" '<span class="found">found phone \+34612345678</span>' \
	"the dashboard's blocked rows show it"

# redact_bodies: the finding keeps its kind, its value is a hash, and the
# number is nowhere in the database.
rm -f "$T"/events.db*
echo "redact_bodies = yes" >> "$PROXYHOOKS_CONF"
is "$(intercept KI11 'escr%C3%ADbeme+al+%2B34+6.1.2+3.4.5+6.7.8')" 403 \
	"with redact_bodies, the message is still blocked"
is "$(post "$PH_CONVERSATIONS" "$CONV" "EventType=onMessageAdd&ConversationSid=CH0123456789abcdef0123456789abcdef&ParticipantSid=MB00000000000000000000000000000001&Author=%2B19515550111&Body=mi+m%C3%B3vil%3A+%2B34+612.345.678")" \
	403 "and the Conversations message"
# printf '+34612345678' | openssl dgst -sha256
like "$(ph events --hook intercept --format json)" \
	"\"rule\":\"$RULE\".*\"found\":\"phone \[redacted sha256:1e41ef79cb1baa05fa88e837a70de6f6ae248454bc8dae474312c0baebe8c7a5 len=12\]\"" \
	"the event names the rule, the kind and the number's hash"
found_in=$(grep -l -a -e '612345678' -e '6\.1\.2' -e '612\.345' "$T"/events.db* 2>/dev/null)
is "$found_in" "" "the number appears nowhere in the database"
like "$(cat -v "$T"/events.db*)" 'phone \[redacted sha256:1e41ef79' "(which holds the hashes)"
printf '# the key of the redaction hashes\nredaction-key-1\n' > "$T/redact.key"
chmod 600 "$T/redact.key"
ph_own "$T/redact.key"
echo "redact_key_file = $T/redact.key" >> "$PROXYHOOKS_CONF"
is "$(intercept KI12 'escr%C3%ADbeme+al+%2B34+6.1.2+3.4.5+6.7.8')" 403 "with redact_key_file"
# printf '+34612345678' | openssl dgst -sha256 -hmac redaction-key-1
like "$(ph events --hook intercept --limit 1 --format json)" \
	'"found":"phone \[redacted hmac-sha256:2b72d750aa7337c6307ef08030ec430c25a97730215ef523520679ce759f2b3b len=12\]"' \
	"the hash is keyed"
done_testing
