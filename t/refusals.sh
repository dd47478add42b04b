# Signature failures counted, every one: the intercept as a FastCGI worker
# behind nginx refuses requests one after the other and in a burst, and
# `proxyhooks report` and the dashboard count as many as were refused (and
# logged) by the time the answers came.
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

ph_setup "timezone = UTC" "dashboard = yes"
start_fcgi intercept "$PH_INTERCEPT" || exit 1
start_nginx || exit 1
IC="$BASE/proxyhooks/intercept"
BODY=$(fixture intercept-message)

refuse() {	# refuse: one POST with a wrong signature; prints its status
	curl -s -o /dev/null -w '%{http_code}\n' -H "X-Twilio-Signature: AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$BODY" "$IC"
}
refused() {	# the signature failures of the last hour, as report counts them
	ph report --format json | sed -n 's/.*"last_hour": \([0-9]*\).*/\1/p' | head -n 1
}

for i in 1 2 3 4 5; do
	refuse
done > "$T/codes"
is "$(sort -u "$T/codes")" 401 "five requests with a wrong signature, one after the other: 401"
is "$(grep -c 'wrong X-Twilio-Signature' "$T/intercept.log")" 5 "five logged"
is "$(refused)" 5 "and five counted, within the same second"

# A burst: twenty at once, more than the one worker answers at a time.
seq 1 20 | xargs -P 20 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
	-H "X-Twilio-Signature: AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$BODY" "$IC" > "$T/codes"
is "$(sort | uniq -c < "$T/codes" | tr -s ' ')" " 20 401" "a burst of twenty: 401 each"
is "$(grep -c 'wrong X-Twilio-Signature' "$T/intercept.log")" 25 "twenty-five logged"
is "$(refused)" 25 "twenty-five counted once the last answer came"

page=$($PH_AS env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" GATEWAY_INTERFACE=CGI/1.1 \
	REQUEST_METHOD=GET REQUEST_URI=/proxyhooks/dashboard SCRIPT_NAME=/proxyhooks/dashboard \
	HTTP_HOST=hooks.example.com SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on \
	REMOTE_USER=ops "$top_builddir/proxyhooks-dashboard" </dev/null 2>"$T/dash.log")
like "$page" 'id="card-refused"><b>25</b>' "the dashboard counts twenty-five"
done_testing
