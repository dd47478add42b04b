# Errors that explain themselves, under Apache's mod_cgid (event MPM) with
# the shipped apache/proxyhooks-cgi.conf: a configuration file that is
# missing is logged by the CGI program with its path, how it was found and
# why; the client gets the whole answer (500 for the configuration, 415
# for a wrong Content-Type) although the program refused before reading
# the body: it reads the body first, so Apache, still writing it, does not
# lose the answer to a broken pipe.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_cgid.so" ] || skip_all "mod_cgid is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
deploy_programs
MISSING=$T/nowhere/proxyhooks.conf
PROXYHOOKS_CONF=$MISSING deploy_fill "$top_srcdir/apache/proxyhooks-cgi.conf" > "$T/site.conf"
if ! start_apache event "alias env cgid" "$T/site.conf"; then
	ok 1 "Apache starts with mod_cgid and the shipped CGI configuration"
	done_testing
	exit
fi
ok 0 "Apache starts with mod_cgid and the shipped CGI configuration"

# A client whose body comes after the head, as a slow network delivers
# it: the program has long decided by then. curl's exit status says
# whether the whole answer arrived (18: a partial transfer).
slow_post() {	# slow_post URL CONTENT_TYPE BODY_BYTES: prints "STATUS CURL_EXIT"
	local out rc
	out=$( (sleep 0.5; head -c "$3" /dev/zero | tr '\0' a) |
		curl -s -S -o "$T/answer" -w '%{http_code}' -X POST -T - \
			-H "Transfer-Encoding:" -H "Expect:" -H "Content-Type: $2" -H "Content-Length: $3" \
			"$1" 2>"$T/curl.err")
	rc=$?
	echo "$out $rc"
}

seen=$(slow_post "$BASE/proxyhooks/callback" application/x-www-form-urlencoded 60000)
is "$seen" "500 0" "a missing configuration is answered 500, the whole answer delivered" ||
	diag "$(cat "$T/curl.err")"
like "$(cat "$T/answer")" "configuration error \\(see the error log\\)" "saying where to look"
log=$(cat "$T/apache/error.log")
like "$log" "proxyhooks-callback\\[[0-9]+\\]: error: configuration from PROXYHOOKS_CONF in the environment: $MISSING: cannot open the configuration file: No such file or directory" \
	"the error log names the file, how it was found, and why it failed"
seen=$(slow_post "$BASE/proxyhooks/intercept" application/x-www-form-urlencoded 100)
is "$seen" "500 0" "so does a second program, its own first request"
like "$(cat "$T/apache/error.log")" "proxyhooks-intercept\\[[0-9]+\\]: error: configuration from PROXYHOOKS_CONF in the environment: $MISSING" \
	"and it logs it too"

# The configuration in place: a client's mistake found before the body.
mkdir -p "$T/nowhere"
cp "$T/proxyhooks.conf" "$MISSING"
chmod -R a+rX "$T/nowhere"
seen=$(slow_post "$BASE/proxyhooks/callback" text/plain 60000)
is "$seen" "415 0" "a wrong Content-Type is answered 415, the whole answer delivered"
like "$(cat "$T/answer")" "Content-Type must be application/x-www-form-urlencoded" "saying what is wrong"
out=$(ph send callback "$BASE/proxyhooks/callback" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "a signed callback is answered once the configuration is there"
like "$out" "event: [0-9]+, callback, received " "and stored (send finds it)"

log=$(cat "$T/apache/error.log")
unlike "$log" "AH02651|Broken pipe|AH01225" "Apache lost no answer (no broken pipe)"
stop_apache
done_testing
