# Hostile input: requests that lie about their length, stop arriving or
# trickle in, carry NUL bytes, invalid UTF-8, 10,000 parameters, names,
# values and headers past every limit, huge or deeply nested interactionData,
# text that makes a policy regex backtrack, and a policy with a
# 10,000,000-line word list. Through nginx (the shipped snippet, plus a
# location that streams bodies to the program unbuffered) and in CGI mode.
# Each gets its 4xx or is handled; after each, a good signed request is
# still served, by the same FastCGI worker processes (none crashed).
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"

# The program's body limit under nginx's (client_max_body_size 64k), so
# that both can be seen; a short read timeout.
ph_setup "max_body_bytes = 64000" "body_timeout_ms = 1000" "cache_dir = cache"
mkdir "$T/cache"
ph_own "$T/cache"

# The word list: 10,000,000 lines, compiled once into the cache.
awk 'BEGIN { for (i = 1; i <= 10000000; i++) print "w" i }' > "$T/words.txt"
cat > "$T/policy" <<'POLICY'
block body /(a+)+$/
block body @words.txt
block body phone
default allow
POLICY
ph policy check > "$T/check.out" 2>&1
is "$?" 0 "a policy with a 10,000,000-line word list loads"
ls "$T/cache" > "$T/cache.ls"
like "$(cat "$T/cache.ls")" '^words-' "and its compiled form is kept in cache_dir"

start_fcgi callback "$PH_CALLBACK" || exit 1
start_fcgi intercept "$PH_INTERCEPT" || exit 1
# Bodies streamed as they arrive (fastcgi_request_buffering off): the
# program's own read timeout is what stops a slow one. nginx's own
# timeouts are longer than the program's.
NGINX_EXTRA="client_body_timeout 3s;
	location = /stream/intercept {
		fastcgi_request_buffering off;
		include fastcgi_params;
		fastcgi_param PROXYHOOKS_CONF $PROXYHOOKS_CONF;
		fastcgi_pass unix:$T/intercept.sock;
	}"
start_nginx || exit 1
CB="$BASE/proxyhooks/callback"
IC="$BASE/proxyhooks/intercept"
STREAM="$BASE/stream/intercept"

# The worker processes alive now (zombies do not count), in a fixed order.
workers() {
	local pid state
	# spawn-fcgi ends its pid files without a newline.
	for pid in $(cat "$T/callback.pid") $(cat "$T/intercept.pid"); do
		state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
		[ -n "$state" ] && [ "$state" != Z ] && printf '%s ' "$pid"
	done
}
WORKERS=$(workers)
is "$(echo $WORKERS | wc -w)" 2 "two FastCGI workers are running"

# After a hostile request: a good signed request is served, by the same workers.
still_serving() {	# still_serving WHAT
	local out
	out=$(timeout 20 "$PH_CLI" -c "$PROXYHOOKS_CONF" send intercept "$IC" \
		'interactionData={"body":"see you at 5"}' 2>&1)
	like "$out" '^HTTP 200' "after $1: a good signed request is served"
	is "$(workers)" "$WORKERS" "after $1: the same worker processes serve it"
}

# HTTP status of a curl POST of the body in FILE, signed for URL (or with
# the signature given), bounded in time.
post_file() {	# post_file URL FILE [SIGNATURE] [curl options ...]
	local url=$1 file=$2 sig
	sig=${3-$(ph sign --body-file "$file" "$url" 2>/dev/null)}
	shift 3 2>/dev/null || shift $#
	curl -s -m 20 -o "$T/answer" -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
		-H 'Content-Type: application/x-www-form-urlencoded' "$@" \
		--data-binary "@$file" "$url"
}

# An HTTP/1.1 POST as raw bytes: PATH, the Content-Length to announce,
# the body file, and any extra header lines.
raw_request() {	# raw_request PATH LENGTH BODY_FILE [HEADER ...] > FILE
	local path=$1 length=$2 body=$3 h
	shift 3
	printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n' "$path" "$NGINX_PORT"
	printf 'Content-Type: application/x-www-form-urlencoded\r\n'
	printf 'Content-Length: %s\r\nConnection: close\r\n' "$length"
	for h in "$@"; do
		printf '%s\r\n' "$h"
	done
	printf '\r\n'
	cat "$body"
}

# Send FILE over one connection and print the answer's status code ("none"
# when the server closed without one). With "close", hang up right after
# sending instead of waiting for the answer.
raw_send() {	# raw_send FILE [close]
	local status
	if [ "${2:-}" = close ]; then
		timeout 20 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && cat "$2" >&3' raw \
			"$NGINX_PORT" "$1" 2>/dev/null
		return 0
	fi
	status=$(timeout 20 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && cat "$2" >&3 && cat <&3' \
		raw "$NGINX_PORT" "$1" 2>/dev/null | head -n 1 | sed -n 's#^HTTP/1\.[01] \([0-9]*\).*#\1#p')
	echo "${status:-none}"
}

# A signed intercept body: the fixture with fields replaced or added.
intercept_body() {	# intercept_body [name=value ...] > FILE
	ph send --print-body intercept "$IC" "$@" | sed -n 2p | tr -d '\n'
}

intercept_body 'interactionData={"body":"see you at 5"}' > "$T/good.form"
GOOD_LEN=$(wc -c < "$T/good.form")

# --- Content-Length that lies, bodies that stop or trickle -----------------

# Longer than the body, and the client hangs up: nginx gives up on it.
printf 'interactionType=Message' > "$T/part.form"
raw_request /proxyhooks/intercept 5000 "$T/part.form" > "$T/req"
raw_send "$T/req" close
raw_request /stream/intercept 5000 "$T/part.form" > "$T/req"
raw_send "$T/req" close
still_serving "a Content-Length longer than the body, then a hang-up"

# Shorter than the body: only Content-Length bytes are the body. The signed
# part comes first, so the program answers for it alone.
cat "$T/good.form" > "$T/long.form"
printf '&extra=%s' "$(head -c 3000 /dev/zero | tr '\0' x)" >> "$T/long.form"
raw_request /proxyhooks/intercept "$GOOD_LEN" "$T/long.form" \
	"X-Twilio-Signature: $(ph sign --body-file "$T/good.form" "$IC")" > "$T/req"
is "$(raw_send "$T/req")" 200 "a Content-Length shorter than the body: the first bytes are read"
raw_request /proxyhooks/intercept $((GOOD_LEN - 40)) "$T/good.form" \
	"X-Twilio-Signature: $(ph sign --body-file "$T/good.form" "$IC")" > "$T/req"
is "$(raw_send "$T/req")" 401 "a body cut short by its Content-Length no longer verifies (401)"
still_serving "a Content-Length shorter than the body"

# The body stops arriving, the connection stays open: nginx buffers
# bodies, so its client_body_timeout ends it; streamed, the program's
# body_timeout_ms does (408 from the program).
raw_request /proxyhooks/intercept 5000 "$T/part.form" > "$T/req"
like "$(raw_send "$T/req")" '^(408|none)$' "a body that stops arriving through nginx is dropped by nginx"
raw_request /stream/intercept 5000 "$T/part.form" > "$T/req"
is "$(raw_send "$T/req")" 408 "streamed to the program, it is answered 408 by the program"
like "$(cat "$T/intercept.log")" "refused 408: timed out" "and the program logs the timeout"
still_serving "a body that stops arriving"

# A body that trickles in, a few bytes every quarter second for 15 s:
# body_timeout_ms bounds the whole body, not each read.
raw_request /stream/intercept 5000 /dev/null > "$T/req"
status=$(timeout 30 bash -c '
	exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
	cat "$2" >&3
	(for i in $(seq 1 60); do printf "a%d=%d&" "$i" "$i" >&3 || exit 0; sleep 0.25; done) &
	head -n 1 <&3
	kill $! 2>/dev/null' raw "$NGINX_PORT" "$T/req" 2>/dev/null |
	sed -n 's#^HTTP/1\.[01] \([0-9]*\).*#\1#p')
is "$status" 408 "a body trickling in for longer than body_timeout_ms is answered 408"
still_serving "a trickling body"

# The same in CGI mode: a body that stops arriving on stdin, and one that
# trickles in; both 408 within body_timeout_ms.
mkfifo "$T/stdin"
exec 7<>"$T/stdin"
printf 'interactionType=Message' >&7
out=$(timeout 20 $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=5000 REQUEST_URI=/i \
	"$PH_INTERCEPT" < "$T/stdin" 2>>"$T/cgi.log")
exec 7>&-
is "$(cgi_status "$out")" 408 "CGI: a body that stops arriving is answered 408"
out=$( (for i in $(seq 1 60); do printf 'a%d=%d&' "$i" "$i"; sleep 0.25; done) 2>/dev/null |
	timeout 20 $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=5000 REQUEST_URI=/i \
	"$PH_INTERCEPT" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 408 "CGI: a body trickling in is answered 408"
out=$(cgi_post "$PH_INTERCEPT" /i "$(cat "$T/good.form")&junk=1" \
	"$(ph sign --body-file "$T/good.form" https://hooks.example.com/i)" \
	CONTENT_LENGTH="$GOOD_LEN" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "CGI: a CONTENT_LENGTH shorter than stdin: the signed first bytes are read"
for length in -1 1e3 0x10 " 12" 99999999999999999999; do
	out=$(printf 'a=1' | $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$length" REQUEST_URI=/i \
		timeout 20 "$PH_INTERCEPT" 2>>"$T/cgi.log")
	is "$(cgi_status "$out")" 400 "CGI: CONTENT_LENGTH '$length' is 400"
done

# --- NUL bytes ---------------------------------------------------------------

printf 'interactionType=Message&interactionData=a\0b' > "$T/nul.form"
is "$(post_file "$IC" "$T/nul.form")" 400 "a raw NUL byte in the body is 400"
like "$(cat "$T/answer")" "NUL byte" "with the reason"
printf 'interactionType=Message&interactionData=a%%00b' > "$T/nul.form"
is "$(post_file "$IC" "$T/nul.form")" 400 "%00 in the body is 400"
intercept_body 'interactionData={"body":"call me \u0000 at 415 555 0199"}' > "$T/nul.form"
is "$(post_file "$IC" "$T/nul.form")" 200 "a JSON \\u0000 in the text: body rules cannot apply, allowed"
like "$(cat "$T/intercept.log")" 'interactionData: invalid JSON.*\\u0000' "and the log says why"
raw_request /proxyhooks/intercept "$GOOD_LEN" "$T/good.form" "X-Twilio-Signature: a$(printf '\001')b" \
	> "$T/req"
is "$(raw_send "$T/req")" 401 "a control byte in the signature header is refused (401)"
{
	printf 'POST /proxyhooks/intercept HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Twilio-Signature: a\0b\r\n'
	printf 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\n' "$GOOD_LEN"
	printf 'Connection: close\r\n\r\n'
	cat "$T/good.form"
} > "$T/req"
is "$(raw_send "$T/req")" 400 "a NUL byte in a header is 400 (from nginx)"
still_serving "NUL bytes"

# --- Invalid UTF-8 -----------------------------------------------------------

printf 'interactionType=Message&interactionData=%%C0%%AF' > "$T/bad.form"
is "$(post_file "$IC" "$T/bad.form")" 400 "an overlong UTF-8 sequence is 400"
printf 'interactionType=Message&interactionData=\355\240\200' > "$T/bad.form"
is "$(post_file "$IC" "$T/bad.form")" 400 "a raw UTF-16 surrogate is 400"
printf 'inter\377ctionType=Message' > "$T/bad.form"
is "$(post_file "$IC" "$T/bad.form")" 400 "an invalid byte in a name is 400"
intercept_body 'interactionData={"body":"\udc00 call 415 555 0199"}' > "$T/bad.form"
is "$(post_file "$IC" "$T/bad.form")" 200 "a lone surrogate escaped in the JSON: not judged, allowed"
like "$(cat "$T/intercept.log")" "interactionData of KI[f]{32}: interactionData: invalid JSON" \
	"and the log says the text could not be read"
still_serving "invalid UTF-8"

# --- Past every limit ----------------------------------------------------------

head -c 64500 /dev/zero | tr '\0' a > "$T/big.form"
is "$(post_file "$IC" "$T/big.form")" 413 "a body over max_body_bytes is 413 (from the program)"
like "$(cat "$T/answer")" "over the limit of 64000" "with the limit"
head -c 70000 /dev/zero | tr '\0' a > "$T/big.form"
is "$(post_file "$IC" "$T/big.form")" 413 "a body over nginx's client_max_body_size is 413"
long=$(head -c 50000 /dev/zero | tr '\0' n)
intercept_body "$long=1" > "$T/long.form"
is "$(post_file "$IC" "$T/long.form")" 403 "a 50,000-byte name is decoded (the phone number still blocks)"
intercept_body "interactionSid=KI$long" 'interactionData={"body":"hi"}' > "$T/long.form"
is "$(post_file "$IC" "$T/long.form")" 200 "a 50,000-byte SID value is handled"
is "$(post_file "$IC" "$T/good.form" "$(head -c 7000 /dev/zero | tr '\0' A)")" 401 \
	"a 7,000-byte signature is 401"
is "$(post_file "$IC" "$T/good.form" "" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' b)")" 400 \
	"a header past nginx's buffers is 400 (from nginx)"
q=$(head -c 6000 /dev/zero | tr '\0' q)
is "$(post_file "$IC?q=$q" "$T/good.form")" 200 "a signed 6,000-byte query string verifies"
is "$(post_file "$IC?q=${q}x" "$T/good.form" "$(ph sign --body-file "$T/good.form" "$IC?q=$q")")" \
	401 "and one byte more does not"
token=$(head -c 6000 /dev/zero | tr '\0' t)
ph send --print-body callback "$CB" | sed -n 2p | tr -d '\n' > "$T/cb.form"
is "$(post_file "$CB" "$T/cb.form" "$(ph sign --body-file "$T/cb.form" "$CB")" \
	-H "I-Twilio-Idempotency-Token: $token")" 200 "a 6,000-byte idempotency token is stored"
is "$(post_file "$CB" "$T/cb.form" "$(ph sign --body-file "$T/cb.form" "$CB")" \
	-H "I-Twilio-Idempotency-Token: $token")" 200 "and its repeat answered"
is "$(ph events --hook callback --format json | grep -c "\"idempotency_token\":\"$token\"")" 1 \
	"and stored once"
still_serving "names, values and headers past the limits"

# --- 10,000 parameters -----------------------------------------------------------

{
	cat "$T/good.form"
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "&a=1" }'
} > "$T/many.form"
is "$(post_file "$IC" "$T/many.form")" 200 "10,000 repeated parameters are decoded and verified"
{
	ph send --print-body callback "$CB" | sed -n 2p | tr -d '\n'
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "&p%04d", i }'
} > "$T/many.form"
is "$(post_file "$CB" "$T/many.form")" 200 "10,000 distinct parameters are decoded, verified and stored"
like "$(ph events --hook callback --format json | tail -n 1)" '"p9999":""' "with the last of them"
still_serving "10,000 parameters"

# --- interactionData: huge, deeply nested ---------------------------------------

text=$(head -c 50000 /dev/zero | tr '\0' x)
intercept_body "interactionData={\"body\":\"$text call me at 415 555 0199\"}" > "$T/huge.form"
is "$(post_file "$IC" "$T/huge.form")" 403 "a 50,000-byte message is judged whole (blocked)"
# Written raw into the body ('[' needs no escape): 20,000 levels, where
# jansson stops at 2,048.
intercept_body "interactionData=DEEP" > "$T/deep.template"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "["; for (i = 0; i < 20000; i++) printf "]" }' \
	> "$T/deep.json"
awk -v deep="$(cat "$T/deep.json")" '{ sub(/DEEP/, deep); printf "%s", $0 }' "$T/deep.template" \
	> "$T/deep.form"
is "$(post_file "$IC" "$T/deep.form")" 200 "interactionData nested 20,000 deep: not judged, allowed"
like "$(cat "$T/intercept.log")" "interactionData: invalid JSON.*depth" "and the log says why"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"body\":"; printf "\"415 555 0199\"";
	for (i = 0; i < 3000; i++) printf "}" }' > "$T/deep.json"
awk -v deep="$(cat "$T/deep.json")" '{ sub(/DEEP/, deep); printf "%s", $0 }' "$T/deep.template" \
	> "$T/deep.form"
is "$(post_file "$IC" "$T/deep.form")" 200 "objects nested 3,000 deep: not judged, allowed"
still_serving "huge and nested interactionData"

# --- A regex that backtracks catastrophically ---------------------------------------

text=$(head -c 3000 /dev/zero | tr '\0' a)
intercept_body "interactionData={\"body\":\"$text!\"}" > "$T/regex.form"
is "$(post_file "$IC" "$T/regex.form")" 200 "text that makes /(a+)+\$/ backtrack: the match gives up, allowed"
like "$(cat "$T/intercept.log")" "policy:1: regex gave up \\(match limit exceeded\\)" \
	"and the log names the rule"
intercept_body "interactionData={\"body\":\"$text\"}" > "$T/regex.form"
is "$(post_file "$IC" "$T/regex.form")" 403 "the same rule still matches where it should"
still_serving "a backtracking regex"

# --- The 10,000,000-line word list -------------------------------------------------

intercept_body 'interactionData={"body":"the password is w9999999 ok"}' > "$T/word.form"
is "$(post_file "$IC" "$T/word.form")" 403 "a word from the end of the 10,000,000-line list blocks"
json=$(ph events --hook intercept --format json | tail -n 1)
like "$json" '"rule":"[^"]*policy:2: block body @words.txt"' "by the word-list rule"
intercept_body 'interactionData={"body":"the password is w10000001 ok"}' > "$T/word.form"
is "$(post_file "$IC" "$T/word.form")" 200 "a word not on it is allowed"
stamp=$(stat -c '%i %Y %s' "$T"/cache/words-*)
intercept_body 'interactionData={"body":"w1 w2"}' > "$T/word.form"
out=$(cgi_post "$PH_INTERCEPT" /i "$(cat "$T/word.form")" \
	"$(ph sign --body-file "$T/word.form" https://hooks.example.com/i)" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 403 "in CGI mode too, the list blocks"
is "$(stat -c '%i %Y %s' "$T"/cache/words-*)" "$stamp" "from the compiled list in the cache, not rebuilt"
still_serving "the 10,000,000-line word list"

# --- Out of session: answers built from fields that were not posted ------------

# A caller's city is often unknown: a template of nothing but missing
# fields expands to nothing, and the answer says nothing rather than fail.
{
	grep -v '^oos_' "$PROXYHOOKS_CONF"
	echo 'oos_voice_say = {FromCity}'
	echo 'oos_message_reply = {Body}'
} > "$T/oos.conf"
body='CallSid=CA11111111111111111111111111111111&From=%2B15551112222&To=%2B15553334444'
out=$(PROXYHOOKS_CONF="$T/oos.conf" cgi_post "$PH_OOS" /o "$body" \
	"$(printf '%s' "$body" | ph sign --body-file - https://hooks.example.com/o)" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "out of session: a Say of only unposted fields is answered 200"
like "$(cgi_body "$out")" '<Response/>$' "with nothing said"
body='MessageSid=SM11111111111111111111111111111111&From=%2B15551112222&Body='
out=$(PROXYHOOKS_CONF="$T/oos.conf" cgi_post "$PH_OOS" /o "$body" \
	"$(printf '%s' "$body" | ph sign --body-file - https://hooks.example.com/o)" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "an empty text echoed back is answered 200"
like "$(cgi_body "$out")" '<Response/>$' "with no reply"

# Nothing above made a worker answer 5xx.
is "$(grep -c '" 50[0-9] ' "$T/nginx/access.log")" 0 "no request got a 5xx"

done_testing
