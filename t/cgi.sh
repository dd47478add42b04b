# CGI mode: each program run once with a CGI environment and the body on
# stdin, as a shared-hosting cgi-bin runs it. No web server involved.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
URL=https://hooks.example.com/cgi-bin/proxyhooks-callback
SEED=$(fixture seed-callback)

sig=$(printf '%s' "$SEED" | ph sign --body-file - "$URL")
like "$sig" '^[A-Za-z0-9+/]{27}=$' "proxyhooks sign prints a base64 signature"
# A name=value argument replaces the field of the body it names: the same
# signature as the body edited by hand.
edited=$(printf '%s' "$SEED" | sed 's/inboundResourceStatus=[^&]*/inboundResourceStatus=busy/')
sig_edited=$(printf '%s' "$edited" | ph sign --body-file - "$URL")
sig_arg=$(printf '%s' "$SEED" | ph sign --body-file - "$URL" inboundResourceStatus=busy 2>"$T/sign.err")
is "$sig_arg" "$sig_edited" "sign NAME=VALUE replaces that field of the body"
like "$sig_arg" '^[A-Za-z0-9+/]{27}=$' "and prints a signature"
[ "$sig_arg" != "$sig" ]
ok $? "not the unedited body's"
is "$(cat "$T/sign.err")" "" "quietly"

out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "$sig" \
	HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=delivery-1 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "a signed seed CallbackUrl post is answered 200"
is "$(cgi_body "$out")" "" "with an empty body"

json=$(ph events --format json)
is "$(printf '%s\n' "$json" | grep -c .)" 1 "one event is stored"
for field in inboundParticipantSid inboundResourceSid inboundResourceStatus inboundResourceType \
	inboundResourceUrl interactionAccountSid interactionData interactionDateCreated \
	interactionDateUpdated interactionServiceSid interactionSessionSid interactionSid \
	interactionType outboundParticipantSid outboundResourceSid outboundResourceStatus \
	outboundResourceType outboundResourceUrl; do
	like "$json" "\"$field\":" "events --format json holds $field"
done
like "$json" '"hook":"callback"' "the event names its hook"
like "$json" '"received_at":"20[0-9-]+T[0-9:.]+Z"' "and when it was received"
like "$json" '"inboundResourceUrl":"https://api.twilio.com/2010-04-01/Accounts/ACX+/Calls/CAX+.json"' \
	"values are stored decoded"

out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "$sig" \
	HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=delivery-1 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "a repeated delivery is answered 200"
is "$(ph events --format json | grep -c .)" 1 "and stored once"

out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	2>>"$T/cgi.log")
is "$(cgi_status "$out")" 403 "a wrong signature on the callback is 403"
like "$(cat "$T/cgi.log")" "callback: wrong X-Twilio-Signature for URL https://hooks.example.com/cgi-bin/proxyhooks-callback" \
	"the log names the hook and the URL that was checked"
unlike "$(cat "$T/cgi.log")" "$PH_TOKEN" "the log never holds the token"
out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 403 "a missing signature is 403"
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$(fixture intercept-message)" \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAA=" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 401 "a wrong signature on the intercept is 401, never 403"
out=$(cgi_post "$PH_OOS" /cgi-bin/proxyhooks-out-of-session "$(fixture out-of-session-voice)" \
	"" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 403 "a missing signature on the out-of-session hook is 403"
is "$(ph events --format json | grep -c .)" 1 "nothing refused was stored"

# The request limits, each with its status.
out=$(printf '' | $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=GET \
	REQUEST_URI=/x "$PH_CALLBACK" 2>/dev/null)
is "$(cgi_status "$out")" 405 "GET is 405"
like "$out" "Allow: POST" "with Allow: POST"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" CONTENT_TYPE=application/json 2>/dev/null)
is "$(cgi_status "$out")" 415 "another Content-Type is 415"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" \
	CONTENT_TYPE="application/x-www-form-urlencoded; charset=utf-8" 2>/dev/null)
unlike "$(cgi_status "$out")" "^415$" "a charset parameter is fine"
out=$(printf 'a=1' | $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded REQUEST_URI=/x "$PH_CALLBACK" 2>/dev/null)
is "$(cgi_status "$out")" 411 "no CONTENT_LENGTH is 411"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" CONTENT_LENGTH=70000 2>/dev/null)
is "$(cgi_status "$out")" 413 "a body over max_body_bytes is 413"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" CONTENT_LENGTH=$(( ${#SEED} + 10 )) 2>/dev/null)
is "$(cgi_status "$out")" 400 "a body shorter than announced is 400"
out=$(cgi_post "$PH_CALLBACK" /cb "a=%zz" "$sig" 2>/dev/null)
is "$(cgi_status "$out")" 400 "a malformed escape is 400"
like "$(cgi_body "$out")" "malformed percent escape" "with a short reason"
out=$(cgi_post "$PH_CALLBACK" /cb "a=%00" "$sig" 2>/dev/null)
is "$(cgi_status "$out")" 400 "%00 is 400"
out=$(cgi_post "$PH_CALLBACK" /cb "a=%FF" "$sig" 2>/dev/null)
is "$(cgi_status "$out")" 400 "invalid UTF-8 is 400"

# A missing auth token file: 500 (nothing can be checked), and the log
# names the file, at the first request too.
mv "$T/auth_token" "$T/auth_token.away"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" 2>"$T/token.log")
is "$(cgi_status "$out")" 500 "without its auth token file a hook answers 500"
like "$(cat "$T/token.log")" "error: auth_token_file: .*$T/auth_token" "and the log names the file"
mv "$T/auth_token.away" "$T/auth_token"

# A broken configuration: 500, and the log names file:line.
cp "$T/proxyhooks.conf" "$T/good.conf"
echo "no_such_key = 1" >> "$T/proxyhooks.conf"
out=$(cgi_post "$PH_CALLBACK" /cb "$SEED" "$sig" 2>"$T/bad.log")
is "$(cgi_status "$out")" 500 "a broken configuration answers 500"
like "$(cat "$T/bad.log")" "proxyhooks.conf:[0-9]+: no_such_key: unknown key" \
	"and the log names the file and line"
ph config check >/dev/null 2>"$T/check.log"
is "$?" 1 "config check exits 1 on it"
like "$(cat "$T/check.log")" "proxyhooks.conf:[0-9]+: no_such_key: unknown key" "and names the line"
cp "$T/good.conf" "$T/proxyhooks.conf"
ph config check >"$T/check.out" 2>&1
is "$?" 0 "config check exits 0 on a good file"
like "$(cat "$T/check.out")" "max_body_bytes = 65536" "and prints the effective configuration"
like "$(cat "$T/check.out")" "body_timeout_ms = 1000" "a body has a second to arrive by default"
echo "request_timeout_ms = 3000" >> "$T/proxyhooks.conf"
like "$(ph config check 2>/dev/null)" "body_timeout_ms = 3000" "request_timeout_ms is its older name"
cp "$T/good.conf" "$T/proxyhooks.conf"
# Without public_base_url the signed URL comes from the client's Host
# header: the programs say so once when they load the configuration, and
# config check warns; it warns too about a token file others can read.
cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "$sig" >/dev/null 2>"$T/host.log"
is "$(grep -c 'no public_base_url in .*built from the Host header' "$T/host.log")" 1 \
	"without public_base_url the log says once that the URL comes from the Host header"
ph config check >/dev/null 2>"$T/check.err"
like "$(cat "$T/check.err")" "warning: no public_base_url: the URL checked .* Host header" \
	"and config check warns about it"
unlike "$(cat "$T/check.err")" "can be read by other users" "a token file of mode 0600 is not warned about"
chmod 644 "$T/auth_token"
ph config check >/dev/null 2>"$T/check.err"
is "$?" 0 "config check still exits 0 with warnings"
like "$(cat "$T/check.err")" "warning: $T/auth_token can be read by other users: chmod o-r it" \
	"config check warns about a world-readable token file, as the hooks do"
chmod 600 "$T/auth_token"
echo "public_base_url = https://hooks.example.com" >> "$T/proxyhooks.conf"
ph config check >/dev/null 2>"$T/check.err"
is "$(cat "$T/check.err")" "" "with public_base_url and a private token file: no warning"
cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$SEED" "$sig" >/dev/null 2>"$T/base.log"
unlike "$(cat "$T/base.log")" "public_base_url" "and the programs say nothing about the Host header"
cp "$T/good.conf" "$T/proxyhooks.conf"

# Valgrind: the CGI path leaks nothing and touches no bad memory.
if command -v valgrind >/dev/null && [ -z "${PH_NO_VALGRIND:-}" ]; then
	for prog in "$PH_CALLBACK" "$PH_INTERCEPT" "$PH_OOS"; do
		case $prog in
		*intercept) body=$(fixture intercept-message); u=/i ;;
		*session) body=$(fixture out-of-session-message); u=/o ;;
		*) body=$SEED; u=/c ;;
		esac
		s=$(printf '%s' "$body" | ph sign --body-file - "https://hooks.example.com$u")
		PH_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" \
			cgi_post "$prog" "$u" "$body" "$s" >/dev/null 2>"$T/vg.log"
		rc=$?
		ok $(( rc == 99 )) "valgrind reports no error or leak in $(basename "$prog") (CGI)"
		[ $rc -eq 99 ] && diag "$(head -n 40 "$T/vg.log")"
	done
fi

done_testing
