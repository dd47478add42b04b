# The last good policy, in CGI too: each request is a new process, which
# never loaded the policy before. Once the policy has loaded, a copy is
# kept in cache_dir; while the file is broken the intercept still blocks
# what the copy blocks, the log says so, and `proxyhooks report` says which
# policy is in force.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup "dashboard = yes"
echo "cache_dir = $T/cache" >> "$PROXYHOOKS_CONF"
dashboard() {	# the dashboard's page, as CGI
	$PH_AS env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" GATEWAY_INTERFACE=CGI/1.1 \
		REQUEST_METHOD=GET REQUEST_URI=/cgi-bin/proxyhooks-dashboard \
		SCRIPT_NAME=/cgi-bin/proxyhooks-dashboard HTTP_HOST=hooks.example.com \
		SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on REMOTE_USER=ops \
		"$top_builddir/proxyhooks-dashboard" </dev/null 2>>"$T/dash.log"
}
printf 'block body phone\ndefault allow\n' > "$T/policy"
URL=https://hooks.example.com/cgi-bin/proxyhooks-intercept
BODY=$(fixture intercept-message)
SIG=$(printf '%s' "$BODY" | ph sign --body-file - "$URL")
intercept() {	# the status of the signed intercept message, through CGI
	cgi_status "$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$BODY" "$SIG" \
		2>>"$T/cgi.log")"
}
decisions() {
	ph events --hook intercept --format json | sed -n 's/.*"decision":"\([a-z-]*\)".*/\1/p' |
		tr '\n' ' '
}

is "$(intercept)" 403 "a message with a phone number is blocked"
is "$(cat "$T/cache/last-good.policy")" "$(cat "$T/policy")" "the policy that loaded is kept in cache_dir"

# A typo: the file no longer loads.
printf 'blok body phone\ndefault allow\n' > "$T/policy"
: > "$T/cgi.log"
is "$(intercept)" 403 "with the policy broken, a new CGI process still blocks it"
log=$(cat "$T/cgi.log")
like "$log" "$T/policy:1: " "the log names the broken line"
like "$log" "$T/policy does not load: the last good policy \\(1 rule, kept in $T/cache/last-good.policy\\) stays in force" \
	"and says the last good policy is in force"
is "$(decisions)" "block block " "both recorded as blocks"
like "$(ph events --hook intercept --format json | tail -n 1)" '"rule":"[^"]*policy:1: block body phone"' \
	"by the rule of the last good policy"
out=$(ph report)
like "$out" "Policy: $T/policy does not load: in force is the last good version of it" \
	"report says which policy is in force"
unlike "$out" "none in force" "not none"
like "$(ph report --format json)" '"last_good_copy": true' "and so does its JSON"

# Fixed again: the file is what is in force, and its copy follows it.
printf 'block body email\ndefault allow\n' > "$T/policy"
is "$(intercept)" 200 "fixed, the new policy decides (it allows this message)"
is "$(cat "$T/cache/last-good.policy")" "$(cat "$T/policy")" "and is the one kept now"
unlike "$(ph report)" "does not load" "report no longer says the file does not load"
unlike "$(dashboard)" 'id="fail-open"' "no banner while nothing failed open"

# Without cache_dir nothing is kept: a broken policy is said to block nothing.
sed -i '/^cache_dir/d' "$PROXYHOOKS_CONF"
printf 'blok body phone\n' > "$T/policy"
: > "$T/cgi.log"
is "$(intercept)" 200 "without cache_dir and a broken policy, the intercept fails open"
like "$(cat "$T/cgi.log")" "does not load and no good version of it is kept \\(cache_dir is not set\\): nothing is blocked" \
	"and the log says so"
is "$(ph events --hook intercept --format json | tail -n 1 | sed -n 's/.*"decision":"\([a-z-]*\)".*/\1/p')" \
	error-allow "recorded as error-allow"
like "$(dashboard)" '<p class="alarm" id="fail-open">Failing open: 1 interaction of the last 24 hours was allowed' \
	"the dashboard shows a red banner"
done_testing
