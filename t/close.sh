# How a FastCGI worker ends a connection. With nothing left unread (the
# body read to its end record), it closes at once after the answer rather
# than shutting its side and waiting, reading, for the web server to close
# first (libfcgi's way): no sleep and wake-up a request. A body's end
# record written after the body (as Apache's mod_proxy_fcgi may) is read
# first, after the answer. With a refused body still arriving, it keeps
# libfcgi's way, so that what the web server sends after the answer is
# read, not met with a reset.
. "${top_srcdir:-.}/t/lib.sh"

fcgi_client_require

# Time enough to wait for a late end record on a slow machine.
ph_setup "body_timeout_ms = 5000"
start_fcgi callback "$PH_CALLBACK" 1 || exit 1
start_fcgi intercept "$PH_INTERCEPT" 1 || exit 1
start_fcgi out-of-session "$PH_OOS" 1 || exit 1
[ -S "$T/callback.sock" ] && [ -S "$T/intercept.sock" ] && [ -S "$T/out-of-session.sock" ]
ok $? "the callback, the intercept and the out-of-session hook listen"

client() {	# client HOOK BODY FIRST PAUSE_MS [NAME=VALUE...]
	local hook=$1
	shift
	# shellcheck disable=SC2086
	FCGI_CLIENT_AFTER=1 python3 "$top_srcdir/t/fcgi-client.py" "$T/$hook.sock" "$@" $FCGI_VARS
}
for hook in intercept out-of-session callback; do
	case $hook in
	intercept) example="intercept" ;;
	out-of-session) example="out-of-session-message" ;;
	callback) example="callback-message" ;;
	esac
	ph send --print-body "$example" https://hooks.example.com/x > "$T/$hook.signed"
	sed -n 2p "$T/$hook.signed" | tr -d '\n' > "$T/$hook.body"
	sig="HTTP_X_TWILIO_SIGNATURE=$(sed -n 1p "$T/$hook.signed")"
	out=$(client "$hook" "@$T/$hook.body" 0 0 "$sig" "HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=close-$hook")
	is "$out" "status=200 sent=all after=closed" \
		"$hook: a signed body read to its end: answered 200, then the connection closed at once"
	# The body whole, its end record 300 ms later: the worker answers,
	# reads on to the end record, and only then closes.
	out=$(client "$hook" "@$T/$hook.body" "$(wc -c < "$T/$hook.body")" 300 "$sig" \
		"HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=late-$hook")
	is "$out" "status=200 sent=all after=closed" \
		"$hook: the body's end record written later: answered 200, the end record read, then closed"
	# Over max_body_bytes, its rest after a pause: answered before it is
	# all read, so the worker reads on after its answer.
	out=$(client "$hook" 71014 60000 300)
	is "$out" "status=413 sent=all after=open" \
		"$hook: a refused body: the worker shut its side and read on after the answer"
done
ph events --format json > "$T/events.json"
for hook in intercept out-of-session callback; do
	is "$(grep -c "\"idempotency_token\":\"close-$hook\"" "$T/events.json")" 1 "$hook: its event is stored once"
	is "$(grep -c "\"idempotency_token\":\"late-$hook\"" "$T/events.json")" 1 \
		"$hook: the one whose end record came late too"
done

done_testing
