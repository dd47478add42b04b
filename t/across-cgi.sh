# CGI mode: the intercept run once per request, as a cgi-bin runs it. A
# number split over three messages of one participant is caught on the
# third, although each message is a process of its own (the digit runs
# are in the store); not past the rule's `within` (the stored rows aged by
# SQL), nor for parts from two participants. redact blocks here (Proxy's
# intercept cannot change a message).
. "${top_srcdir:-.}/t/lib.sh"

command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
ph_setup
cat > "$T/policy" <<'POLICY'
redact body email
block body phone across 3 messages within 10 minutes
default allow
POLICY
URL=https://hooks.example.com/cgi-bin/proxyhooks-intercept
FORM=$(fixture intercept-message)

post() {	# post PARTICIPANT-DIGIT TEXT [VAR=value...]: the CGI answer's status (+ for spaces)
	local body p=$1 text=$2
	shift 2
	body=$(printf '%s' "$FORM" | sed \
		-e "s/inboundParticipantSid=[^&]*/inboundParticipantSid=KP000000000000000000000000000000$p/" \
		-e "s/interactionData=[^&]*/interactionData=%7B%22body%22%3A%22$text%22%7D/")
	cgi_status "$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" \
		"$(printf '%s' "$body" | ph sign --body-file - "$URL")" "$@" 2>>"$T/cgi.log")"
}

is "$(post 01 'my+number+starts+612')" 200 "the first part of a number is delivered"
is "$(post 01 'then+345')" 200 "the second part too, by another process"
is "$(post 01 'and+678')" 403 "the third, completing 612 345 678, is blocked"
like "$(ph events --hook intercept --format json | tail -n 1)" \
	'"decision":"block","rule":"[^"]*policy:2: block body phone across 3 messages' \
	"by the across rule, as stored"
is "$(sqlite3 "$T/events.db" "SELECT count(*) FROM message_runs WHERE runs GLOB '*[^0-9 ]*'")" 0 \
	"only digit runs are kept of the messages, never their text"

# Two participants of one session: each one's parts are its own.
is "$(post 02 'my+number+starts+612')" 200 "one participant sends a first part"
is "$(post 03 'then+345')" 200 "another the second"
is "$(post 03 'and+678')" 200 "and the third: no number of one participant"

# Past the window: the first two parts are 11 minutes old.
is "$(post 04 'my+number+starts+612')" 200 "a first part"
is "$(post 04 'then+345')" 200 "a second"
sqlite3 "$T/events.db" "UPDATE message_runs SET at_ms = at_ms - 11 * 60000 \
	WHERE participant_sid = 'KP00000000000000000000000000000004'"
is "$(post 04 'and+678')" 200 "the third, 11 minutes later (within 10 minutes), is delivered"
is "$(sqlite3 "$T/events.db" "SELECT count(*) FROM message_runs \
	WHERE participant_sid = 'KP00000000000000000000000000000004'")" 1 \
	"and the rows older than the window are gone"

# A part Twilio delivers twice (the same idempotency token) counts once:
# 612 345 345 would be no number, 345 345 678 is nine digits.
is "$(post 07 'my+number+starts+612')" 200 "a first part"
is "$(post 07 'then+345' HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=again-1)" 200 "a second"
is "$(post 07 'then+345' HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=again-1)" 200 "delivered again"
is "$(sqlite3 "$T/events.db" "SELECT count(*) FROM message_runs \
	WHERE participant_sid = 'KP00000000000000000000000000000007'")" 2 "kept once"
is "$(post 07 'and+678')" 403 "the third is still caught as 612 345 678"

# A whole number in one message is still caught without the earlier ones.
is "$(post 05 'call+415+555+0199')" 403 "a number in one message is blocked"
# redact on the intercept: it cannot change the message, so it blocks.
is "$(post 06 'mail+jane.doe%40example.com')" 403 "a redact rule blocks on the intercept"
like "$(ph events --hook intercept --format json | tail -n 1)" \
	'"decision":"block","rule":"[^"]*policy:1: redact body email"' "stored as a block by it"
done_testing
