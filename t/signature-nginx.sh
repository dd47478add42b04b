# Request validation through nginx: hundreds of random payloads signed the
# way Twilio signs (by an implementation independent of ours) are accepted,
# the same payloads altered after signing are refused, nothing refused is
# stored, no request gets a 5xx; and a TLS-terminating proxy in front is
# fixed by public_base_url.
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v python3 >/dev/null || skip_all "python3 is not installed"
command -v openssl >/dev/null || skip_all "openssl is not installed"

ph_setup
SECONDARY=secondary-token-during-rotation

# A self-signed certificate for the TLS front.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-keyout "$T/tls.key" -out "$T/tls.crt" >/dev/null 2>&1
TLS_PORT=$(free_port)
NGINX_PORT=$(free_port)
NGINX_HTTP_EXTRA="server {
		listen 127.0.0.1:$TLS_PORT ssl;
		ssl_certificate $T/tls.crt;
		ssl_certificate_key $T/tls.key;
		location / { proxy_pass http://127.0.0.1:$NGINX_PORT; }
	}"
start_fcgi callback "$PH_CALLBACK" 2 || exit 1
start_fcgi intercept "$PH_INTERCEPT" || exit 1
start_nginx || exit 1

tap_from() {	# turn "ok - x" / "not ok - x" lines into our TAP
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done
}

tap_from < <(python3 "$top_srcdir/t/signgen.py" "$BASE/proxyhooks/callback" "$PH_TOKEN" 300 1 200 403)
is "$(ph events --hook callback --format json | grep -c .)" 300 \
	"exactly the 300 signed callbacks were stored, none of the altered ones"
tap_from < <(python3 "$top_srcdir/t/signgen.py" "$BASE/proxyhooks/intercept" "$PH_TOKEN" 100 2 200 401)
is "$(ph events --hook intercept --format json | grep -c .)" 100 \
	"a refused intercept (401, never 403) is not stored"
tap_from < <(python3 "$top_srcdir/t/signgen.py" "$BASE/proxyhooks/callback" "$SECONDARY" 20 3 200 403)
ok "$(grep -c ' 50[0-9] ' "$T/nginx/access.log")" "no request got a 5xx"

# The official vector, through nginx: the URL the program checks is the
# URL that was requested, port and query included.
u="$BASE/proxyhooks/callback?foo=1&bar=2"
out=$(ph send callback "$u")
like "$out" "^HTTP 200" "a signed request with a query string is accepted"

# A TLS-terminating proxy in front: Twilio signs https://…:TLS_PORT, the
# program sees http://…:NGINX_PORT.
front="https://127.0.0.1:$TLS_PORT/proxyhooks/callback"
body=$(ph send --print-body callback-message "$front" | sed -n 2p)
sig=$(ph send --print-body callback-message "$front" | sed -n 1p)
post_front() {
	curl -sk -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$body" "$front"
}
is "$(post_front)" 403 "behind a TLS proxy, without public_base_url the signature fails"
like "$(cat "$T/callback.log")" "wrong X-Twilio-Signature for URL http://127.0.0.1:$NGINX_PORT/proxyhooks/callback" \
	"and the log shows the URL the program checked"
echo "public_base_url = https://127.0.0.1:$TLS_PORT" >> "$PROXYHOOKS_CONF"
is "$(post_front)" 200 "public_base_url fixes it, with no restart"

done_testing
