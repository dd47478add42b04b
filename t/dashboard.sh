# The operator's view: proxyhooks-dashboard as CGI (404 unless enabled, 401
# unless the web server authenticated the user, the page and its headers,
# signature failures recorded without ever turning a refusal into a 5xx),
# `proxyhooks report`, then the page in headless Chromium through nginx
# with the shipped snippet's dashboard location (skipped without chromium).
. "${top_srcdir:-.}/t/lib.sh"

PH_DASHBOARD="$top_builddir/proxyhooks-dashboard"
ph_setup "timezone = UTC"
printf 'block body phone\ndefault allow\n' > "$T/policy"

cgi_get() {	# cgi_get [VAR=value ...]: the CGI answer to a GET of the dashboard
	$PH_AS env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" GATEWAY_INTERFACE=CGI/1.1 \
		REQUEST_METHOD=GET REQUEST_URI=/cgi-bin/proxyhooks-dashboard \
		SCRIPT_NAME=/cgi-bin/proxyhooks-dashboard HTTP_HOST=hooks.example.com \
		SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on "$@" \
		${PH_WRAPPER:-} "$PH_DASHBOARD" </dev/null
}
header() {	# header ANSWER NAME: the value of a header of a CGI answer
	printf '%s' "$1" | tr -d '\r' | awk -v n="$2" 'BEGIN { n = tolower(n) ": " }
		/^$/ { exit } index(tolower($0), n) == 1 { print substr($0, length(n) + 1) }'
}

# Some events: a signed intercept that is blocked, one allowed, a callback.
IC=https://hooks.example.com/cgi-bin/proxyhooks-intercept
body=$(fixture intercept-message)
sig=$(printf '%s' "$body" | ph sign --body-file - "$IC")
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "$sig" 2>>"$T/hooks.log")
is "$(cgi_status "$out")" 403 "a message with a phone number is blocked"
body=$(fixture intercept-voice)
sig=$(printf '%s' "$body" | ph sign --body-file - "$IC")
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "$sig" 2>>"$T/hooks.log")
is "$(cgi_status "$out")" 200 "a call is allowed"

# The two numbers of the session, as the directory knows them, and an
# out-of-session message (its numbers are in its parameters).
ph participants add KPdddddddddddddddddddddddddddddddd +19515550111 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
ph participants add KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee +17075550122 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
OOS=https://hooks.example.com/cgi-bin/proxyhooks-out-of-session
body=$(fixture out-of-session-message)
sig=$(printf '%s' "$body" | ph sign --body-file - "$OOS")
out=$(cgi_post "$PH_OOS" /cgi-bin/proxyhooks-out-of-session "$body" "$sig" 2>>"$T/hooks.log")
is "$(cgi_status "$out")" 200 "an out-of-session message is answered"

# --- who may see it
out=$(cgi_get REMOTE_USER=ops 2>"$T/dash.log")
is "$(cgi_status "$out")" 404 "dashboard = no (the default): 404, even for a user"
unlike "$(cgi_body "$out")" "dashboard" "and the answer does not say what is there"
echo "dashboard = yes" >> "$PROXYHOOKS_CONF"
out=$(cgi_get 2>>"$T/dash.log")
is "$(cgi_status "$out")" 401 "dashboard = yes without REMOTE_USER: 401"
out=$(cgi_get REMOTE_USER= 2>>"$T/dash.log")
is "$(cgi_status "$out")" 401 "an empty REMOTE_USER is no user"
out=$(cgi_get HTTP_REMOTE_USER=ops 2>>"$T/dash.log")
is "$(cgi_status "$out")" 401 "nor is a Remote-User header sent by the client"
like "$(cat "$T/dash.log")" "dashboard: 401: the web server did not authenticate" "the log says why"
out=$(cgi_get REMOTE_USER=ops 2>>"$T/dash.log")
is "$(cgi_status "$out")" 200 "an authenticated user sees the page"
is "$(header "$out" Content-Type)" "text/html; charset=utf-8" "an HTML page"
csp=$(header "$out" Content-Security-Policy)
like "$csp" "^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$" \
	"a strict Content-Security-Policy: its one style by hash, nothing else"
is "$(header "$out" X-Content-Type-Options)" nosniff "nosniff"
is "$(header "$out" Cache-Control)" no-store "not cached"
page=$(cgi_body "$out")
style=$(printf '%s' "$page" | sed -n 's/.*<style>\(.*\)<\/style>.*/\1/p')
is "'sha256-$(printf '%s' "$style" | openssl dgst -sha256 -binary | base64)'" \
	"$(printf '%s' "$csp" | sed -n "s/.*style-src \('[^']*'\).*/\1/p")" "the hash is the style's"
like "$page" '<svg class="chart"[^>]*id="chart-hourly"' "the hourly chart"
like "$page" '<svg class="chart"[^>]*id="chart-daily"' "the daily chart"
like "$page" 'id="card-blocked"><b>1</b>' "one block in the last 24 hours"
like "$page" '<td class="n">1</td><td class="where"><code>[^<]*/policy:1</code></td><td><code>block body phone</code>' \
	"the rule that blocked, with its file:line"
like "$page" 'Call me at 415 555 0199 instead' "the blocked message's text"
like "$page" '<td class="inline"><span class="num">\+19515550111 → \+17075550122</span></td><td><code>KCcccccccccccccccccccccccccccccccc</code>' \
	"a blocked row has the numbers (from the directory) and the session"
like "$page" '<meta http-equiv="refresh" content="60">' "the page reloads itself every minute"

# --- the filters: GET parameters, each checked; the list of events
rows() {	# rows QUERY: how many events the page lists for QUERY
	cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING="$1" 2>>"$T/dash.log")" |
		grep -o '<tr class="event">' | wc -l | tr -d ' '
}
is "$(rows '')" 3 "no filter: every event listed"
is "$(rows 'decision=blocked')" 1 "decision=blocked"
is "$(rows 'hook=intercept&decision=allow')" 1 "hook and decision"
is "$(rows 'hook=out-of-session')" 1 "hook=out-of-session"
is "$(rows 'q=415+555')" 1 "q: a search in the message"
is "$(rows 'rule=BODY+PHONE')" 1 "rule: a part, any case"
is "$(rows 'session=KCcccccccccccccccccccccccccccccccc')" 3 "session"
is "$(rows 'participant=KPdddddddddddddddddddddddddddddddd')" 3 "participant"
is "$(rows 'participant=KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee')" 0 "another participant: none"
is "$(rows 'since=1h&until=2099-01-01')" 3 "since and until"
is "$(rows 'until=1w')" 0 "until a week ago: none"
is "$(rows 'since=&until=&hook=&decision=&rule=&session=&participant=&q=')" 3 \
	"empty fields (what the form sends) filter nothing"
page=$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='decision=blocked&q=415' 2>>"$T/dash.log")")
like "$page" '<option selected value="blocked">blocked</option>' "the form shows the decision asked for"
like "$page" '<input class="wide" name="q" placeholder="[^"]*" value="415">' "and the search"
like "$page" '<tr class="event">.*<td class="inline bad">block</td><td class="inline"><span class="num">\+19515550111 → \+17075550122</span>' \
	"a listed block has its numbers"
like "$page" 'href="\?decision=blocked&amp;q=415&amp;session=KCcccccccccccccccccccccccccccccccc"' \
	"its session links to the same filters for that session"
like "$page" '<a class="on" href="\?decision=blocked&amp;q=415">all</a>' "the time ranges keep the filters"
like "$page" '<a href="\?decision=blocked&amp;q=415&amp;since=7d">7 days</a>' "one of them"
page=$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='limit=1' 2>>"$T/dash.log")")
is "$(printf '%s' "$page" | grep -o '<tr class="event">' | wc -l | tr -d ' ')" 1 "limit=1: one a page"
like "$page" 'Events 1–1, newest first; more are older' "saying more are older"
like "$page" '<a href="\?limit=1&amp;offset=1">older →</a>' "a link to the older page"
unlike "$page" 'newer' "none to a newer one"
page=$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='limit=1&offset=2' 2>>"$T/dash.log")")
like "$page" 'Events 3–3, newest first\.' "the last page"
like "$page" '<a href="\?limit=1&amp;offset=1">← newer</a>' "links back"
unlike "$page" 'older →' "and not further"
like "$page" '<input type="hidden" name="limit" value="1">' "the form keeps the page size"
page=$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22' 2>>"$T/dash.log")")
like "$page" 'value="&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;"' "a search is escaped where it is shown"
unlike "$page" '<script' "nothing of it gets through"
unlike "$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='refresh=0' 2>>"$T/dash.log")")" 'http-equiv' \
	"refresh=0: the page stays"
like "$(cgi_body "$(cgi_get REMOTE_USER=ops QUERY_STRING='refresh=15' 2>>"$T/dash.log")")" \
	'<meta http-equiv="refresh" content="15">.*<input type="hidden" name="refresh" value="15">' \
	"refresh=15: every 15 s, kept by the form"
bad() {	# bad QUERY MESSAGE DESCRIPTION: a 400 whose text matches MESSAGE
	local out
	out=$(cgi_get REMOTE_USER=ops QUERY_STRING="$1" 2>>"$T/dash.log")
	is "$(cgi_status "$out")" 400 "$3: 400"
	like "$(cgi_body "$out")" "$2" "$3: naming it"
}
bad 'bogus=1' "^'bogus': not a parameter of this page \(it knows since, until, hook" "an unknown parameter"
bad 'decision=maybe' "^decision: 'maybe' is not one of allow, block" "a bad decision"
bad 'hook=sms' "^hook: 'sms' is not callback, intercept, out-of-session, conversations or voice" "a bad hook"
bad 'since=yesterday' "^since: 'yesterday' is neither a duration" "a bad since"
bad 'since=1h&until=2d' "^until: not after since" "an until before since"
bad 'limit=0' "^limit: '0' is not a number in 1-200" "a limit of 0"
bad 'limit=5000' "^limit: '5000' is not a number in 1-200" "a limit too large"
bad 'offset=-1' "^offset: '-1' is not a number" "a negative offset"
bad 'refresh=soon' "^refresh: 'soon' is not a number" "a bad refresh"
bad 'session=KC%3Cb%3E' "^session: 'KC<b>' is not a SID" "a session that is no SID"
bad 'participant=x' "^participant: 'x' is not a SID" "a participant that is no SID"
bad "q=$(head -c 201 /dev/zero | tr '\0' x)" "^q: longer than 200 bytes" "a search too long"
bad 'hook=intercept&hook=callback' "^hook: given twice" "a parameter given twice"
bad 'q=%ZZ' "^the query string: " "a malformed query string"
like "$(cat "$T/dash.log")" "dashboard: 400: 'bogus': not a parameter" "the log says why"

out=$(cgi_get REMOTE_USER=ops REQUEST_METHOD=HEAD 2>>"$T/dash.log")
is "$(cgi_status "$out")" 200 "HEAD: 200"
is "$(cgi_body "$out")" "" "without the page"
out=$(printf 'a=1' | $PH_AS env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=3 REQUEST_URI=/d \
	REMOTE_USER=ops "$PH_DASHBOARD" 2>>"$T/dash.log")
is "$(cgi_status "$out")" 405 "POST: 405"
is "$(header "$out" Allow)" "GET, HEAD" "with Allow: GET, HEAD"
echo "dashboard_allow_anonymous = yes" >> "$PROXYHOOKS_CONF"
out=$(cgi_get 2>>"$T/dash.log")
is "$(cgi_status "$out")" 200 "dashboard_allow_anonymous = yes: the page without a user"
sed -i '/^dashboard_allow_anonymous/d' "$PROXYHOOKS_CONF"

# --- signature failures: recorded, shown, never a 5xx
body=$(fixture intercept-message)
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	HTTP_HOST=wrong.example.com 2>>"$T/hooks.log")
is "$(cgi_status "$out")" 401 "a wrong signature on the intercept: 401"
out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$(fixture seed-callback)" "" \
	2>>"$T/hooks.log")
is "$(cgi_status "$out")" 403 "a missing one on the callback: 403"
json=$(ph report --format json)
ok $? "proxyhooks report --format json"
like "$json" '"last_hour": 2' "two signature failures in the last hour"
like "$json" '"url": "https://wrong.example.com/cgi-bin/proxyhooks-intercept"' \
	"with the URL that was checked"
page=$(cgi_body "$(cgi_get REMOTE_USER=ops 2>>"$T/dash.log")")
like "$page" 'id="card-refused"><b>2</b>' "the page counts them"
like "$page" '<code>https://wrong.example.com/cgi-bin/proxyhooks-intercept</code>' "and names the URL"
# The refusals table gone: the refusal is still a 401, the failure logged.
sqlite3 "$T/events.db" "DROP TABLE refusals"
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	2>"$T/refusal-fail.log")
is "$(cgi_status "$out")" 401 "a store that cannot record the refusal: still 401"
like "$(cat "$T/refusal-fail.log")" "intercept: recording the refusal: .*refusals" "and it is logged"
cp "$PROXYHOOKS_CONF" "$T/saved.conf"
sed -i "s#^database = .*#database = $T/no/such/folder/events.db#" "$PROXYHOOKS_CONF"
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
	2>/dev/null)
is "$(cgi_status "$out")" 401 "no store at all: still 401"
out=$(cgi_get REMOTE_USER=ops 2>"$T/dash-nostore.log")
is "$(cgi_status "$out")" 200 "the dashboard without a store still answers"
like "$(cgi_body "$out")" 'id="store-error"' "saying the store could not be read"
like "$(cgi_body "$out")" 'id="card-blocked"><b>\?</b>' "its figures unknown, not 0"
ph report >/dev/null 2>&1
is $? 1 "proxyhooks report exits 1 without a store"
cp "$T/saved.conf" "$PROXYHOOKS_CONF"
rm -f "$T/events.db" "$T/events.db-wal" "$T/events.db-shm"

# --- proxyhooks report
body=$(fixture intercept-message)
sig=$(printf '%s' "$body" | ph sign --body-file - "$IC")
cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "$sig" >/dev/null 2>>"$T/hooks.log"
text=$(ph report)
ok $? "proxyhooks report"
like "$text" "Last 24 hours, by hour: 1 event, 1 blocked" "the day's figures"
like "$text" "Rules that blocked most" "the rules"
like "$text" "         1  $T/policy:1  block body phone" "the rule with its count"
like "$text" "Policy: $T/policy, 1 rule, loaded" "the policy's state"
like "$text" "Spool: $T/spool: 0 waiting" "the spool"
like "$(ph report --since 1h --format json)" '"since_utc": "' "--since and --format json"
ph report --format xml >/dev/null 2>&1
is $? 2 "an unknown format is a usage error"
ph report --since yesterday >/dev/null 2>&1
is $? 2 "so is a bad --since"
printf 'block body phone\nblock sometimes\n' > "$T/policy"
like "$(ph report 2>/dev/null)" "error: $T/policy:2: " "a policy with errors shows them"
printf 'block body phone\ndefault allow\n' > "$T/policy"

if command -v valgrind >/dev/null && [ -z "${PH_NO_VALGRIND:-}" ]; then
	PH_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99" \
		cgi_get REMOTE_USER=ops >/dev/null 2>"$T/vg.log"
	rc=$?
	ok $(( rc == 99 )) "valgrind reports no error or leak in proxyhooks-dashboard (CGI)"
	[ $rc -eq 99 ] && diag "$(head -n 40 "$T/vg.log")"
fi

# --- through nginx, in a browser
printf 'ops:%s\n' "$(openssl passwd -apr1 'correct horse')" > "$T/dashboard.htpasswd"
browser_part() {
	# More to show: the session's numbers, an allowed call, an out-of-session message.
	ph participants add KPdddddddddddddddddddddddddddddddd +19515550111 \
		--session KCcccccccccccccccccccccccccccccccc >/dev/null
	ph participants add KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee +17075550122 \
		--session KCcccccccccccccccccccccccccccccccc >/dev/null
	body=$(fixture intercept-voice)
	sig=$(printf '%s' "$body" | ph sign --body-file - "$IC")
	cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "$sig" >/dev/null 2>>"$T/hooks.log"
	body=$(fixture out-of-session-message)
	sig=$(printf '%s' "$body" | ph sign --body-file - "$OOS")
	cgi_post "$PH_OOS" /cgi-bin/proxyhooks-out-of-session "$body" "$sig" >/dev/null 2>>"$T/hooks.log"
	# The shipped snippet's dashboard location, uncommented, paths filled in.
	NGINX_EXTRA=$(sed -n '/^#location = \/proxyhooks\/dashboard/,/^#}/s/^#//p' \
		"$top_srcdir/nginx/proxyhooks.conf" | sed -e "s#/run/proxyhooks#$T#g" \
		-e "s#/etc/proxyhooks/proxyhooks.conf#$PROXYHOOKS_CONF#g" -e "s#/etc/proxyhooks/#$T/#g")
	like "$NGINX_EXTRA" "auth_basic_user_file $T/dashboard.htpasswd" "the snippet has a dashboard location"
	start_fcgi dashboard "$PH_DASHBOARD" || { ok 1 "spawn-fcgi starts the dashboard"; return; }
	start_nginx || { ok 1 "nginx starts with the dashboard location"; return; }
	URL="$BASE/proxyhooks/dashboard"
	is "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" 401 "nginx asks for a password"
	is "$(curl -s -o /dev/null -w '%{http_code}' -u ops:wrong "$URL")" 401 "a wrong one is refused"
	out=$(curl -s -i -u 'ops:correct horse' "$URL" | tr -d '\r')
	like "$out" "^HTTP/1.1 200" "the right one opens the page"
	like "$out" "Content-Security-Policy: default-src 'none'; style-src 'sha256-" "with its CSP"
	is "$(curl -s -o /dev/null -w '%{http_code}' -u 'ops:correct horse' -X POST -d a=1 "$URL")" 403 \
		"nginx lets only GET (and HEAD) through"

	# The filters as GET parameters, through nginx: the page, and a 400.
	FILTERED='decision=blocked&hook=intercept&since=24h&q=415'
	out=$(curl -s -u 'ops:correct horse' "$URL?$FILTERED")
	is "$(printf '%s' "$out" | grep -o '<tr class="event">' | wc -l | tr -d ' ')" 1 \
		"nginx passes the filters: the one block listed"
	like "$out" '<option selected value="intercept">intercept</option>' "with the form showing them"
	out=$(curl -s -w '\n%{http_code}' -u 'ops:correct horse' "$URL?decision=maybe")
	is "$(printf '%s\n' "$out" | tail -n 1)" 400 "a bad filter through nginx: 400"
	like "$out" "^decision: 'maybe' is not one of" "naming it"

	: > "$T/nginx/access.log"
	run_chromium() {	# run_chromium ARGS...: headless, on its own profile, nothing else fetched
		timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--enable-logging=stderr --log-level=0 \
			--user-data-dir="$(mktemp -d "$T/chromium.XXXXXX")" "$@" \
			"http://ops:correct%20horse@127.0.0.1:$NGINX_PORT/proxyhooks/dashboard${QUERY:+?$QUERY}" \
			2>>"$T/chromium.log"
	}
	png_size() {	# png_size FILE: "WIDTHxHEIGHT" of a PNG (its IHDR), or nothing
		[ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || return
		od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
			$5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
	}
	dom=$(run_chromium --dump-dom)
	ok $? "Chromium opens the page"
	printf '%s\n' "$dom" > "$top_builddir/t/dashboard.html"
	is "$(printf '%s' "$dom" | grep -o '<svg class="chart"' | wc -l | tr -d ' ')" 2 "its DOM has the two charts"
	like "$dom" '<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="[0-9.]+" fill="#e15759"><title>[0-9 :-]+, intercept block: 1</title></rect>' \
		"with the block drawn"
	like "$dom" 'id="card-blocked"><b>1</b>' "and the figures"
	like "$dom" 'Call me at 415 555 0199 instead' "and what was blocked"
	unlike "$dom" '(src|href|action)="?(https?:)?//' "nothing refers to another host"
	unlike "$dom" '<(script|link|img|iframe|object|embed)' "no script, link, image or frame"
	# Basic authentication: the browser asks once without the password (401),
	# then with it. Nothing else may be asked for, not even a favicon.
	is "$(grep -c '"GET /proxyhooks/dashboard HTTP/1.1" 200 ' "$T/nginx/access.log")" 1 \
		"nginx served the page once"
	like "$(cat "$T/nginx/access.log")" '^127.0.0.1 - ops .*"GET /proxyhooks/dashboard HTTP/1.1" 200 ' \
		"to the user"
	is "$(grep -vc '"GET /proxyhooks/dashboard HTTP/1.1" 401 ' "$T/nginx/access.log")" 1 \
		"and nothing else but the password challenge"
	unlike "$(grep -i "Content Security Policy" "$T/chromium.log")" "." \
		"Chromium refused nothing under the CSP (it logs what it refuses)"

	run_chromium --screenshot="$top_builddir/t/dashboard.png" --window-size=390,844 >/dev/null
	ok $? "a phone-sized screenshot"
	ok $([ -s "$top_builddir/t/dashboard.png" ] && echo 0 || echo 1) \
		"kept as t/dashboard.png in the build folder"
	is "$(grep -Evc '"GET /proxyhooks/dashboard HTTP/1.1" (200|401) ' "$T/nginx/access.log")" 0 \
		"and again only the page was requested"
	# The filtered page, as a desktop browser shows it.
	QUERY=$FILTERED
	dom=$(run_chromium --dump-dom)
	like "$dom" '<tr class="event">.*Call me at 415 555 0199' "Chromium shows the filtered list"
	unlike "$(grep -i "Content Security Policy" "$T/chromium.log")" "." \
		"the filter form too is allowed by the CSP"
	rm -f "$top_builddir/t/dashboard-filtered.png"
	run_chromium --screenshot="$top_builddir/t/dashboard-filtered.png" --window-size=1280,900 \
		>/dev/null
	is "$(png_size "$top_builddir/t/dashboard-filtered.png")" 1280x900 \
		"a 1280x900 PNG of the filtered page, kept as t/dashboard-filtered.png"
	rm -f "$top_builddir/t/dashboard-events.png"
	QUERY="limit=2&refresh=30"
	run_chromium --screenshot="$top_builddir/t/dashboard-events.png" --window-size=1280,900 \
		>/dev/null
	QUERY=
	ok $([ "$(png_size "$top_builddir/t/dashboard-events.png")" = 1280x900 ] && echo 0 || echo 1) \
		"and one of its list, t/dashboard-events.png"
	like "$(grep -c "GET /proxyhooks/dashboard?decision=blocked&hook=intercept&since=24h&q=415 HTTP/1.1\" 200 " \
		"$T/nginx/access.log")" "^[1-9]" "nginx served the filtered page"
	unlike "$(cat "$T"/dashboard.log)" "error:" "the dashboard logged no error"
}

# --- through Apache: each shipped file's commented dashboard part, as CGI
# (mod_cgi), under mod_fcgid and through mod_proxy_fcgi
apache_part() {	# apache_part SNIPPET MPM "MODULE ..."
	local snippet=$1 mpm=$2 modules=$3 site="$T/apache-$1.conf" out
	deploy_programs
	cp "$PH_DASHBOARD" "$T/libexec/proxyhooks/"
	{
		deploy_fill "$top_srcdir/apache/proxyhooks-$snippet.conf"
		sed -En '/^#((Script)?Alias|<Location) \/proxyhooks\/dashboard/,/^#<\/Location>/s/^#//p' \
			"$top_srcdir/apache/proxyhooks-$snippet.conf" | deploy_fill /dev/stdin |
			sed -e "s#/etc/proxyhooks/#$T/#g"
	} > "$site"
	like "$(cat "$site")" "AuthUserFile $T/dashboard.htpasswd" \
		"apache/proxyhooks-$snippet.conf has a dashboard part"
	# A socket of its own: nginx's dashboard above may still hold dashboard.sock.
	sed -i "s#$T/dashboard.sock#$T/dashboard-apache.sock#" "$site"
	start_apache "$mpm" "$modules authn_core authn_file auth_basic authz_user" "$site" ||
		{ ok 1 "Apache starts with it"; return; }
	# mod_proxy_fcgi passes to a program on its socket, started after
	# Apache gave $T to its user (as in t/deploy-apache-proxy-fcgi.sh).
	if [ "$snippet" = proxy-fcgi ]; then
		start_fcgi dashboard-apache "$T/libexec/proxyhooks/proxyhooks-dashboard" ||
			{ ok 1 "spawn-fcgi starts the dashboard"; stop_apache; return; }
	fi
	URL="$BASE/proxyhooks/dashboard"
	is "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" 401 "$snippet: Apache asks for a password"
	is "$(curl -s -o /dev/null -w '%{http_code}' -u ops:wrong "$URL")" 401 \
		"$snippet: a wrong one is refused"
	out=$(curl -s -u 'ops:correct horse' "$URL")
	like "$out" 'id="card-blocked"><b>1</b>' "$snippet: with the right one the program shows the page"
	out=$(curl -s -u 'ops:correct horse' "$URL?decision=blocked&hook=intercept&q=415&limit=5")
	is "$(printf '%s' "$out" | grep -o '<tr class="event">' | wc -l | tr -d ' ')" 1 \
		"$snippet: the filters as GET parameters reach the program"
	is "$(curl -s -o /dev/null -w '%{http_code}' -u 'ops:correct horse' "$URL?bogus=1")" 400 \
		"$snippet: a parameter it does not know: 400"
	case $snippet in
	cgi) unlike "$(cat "$T/apache/error.log")" "proxyhooks-dashboard\[[0-9]+\]: info: serving FastCGI" \
		"$snippet: run once per request" ;;
	fcgid) like "$(cat "$T/apache/error.log")" "proxyhooks-dashboard\[[0-9]+\]: info: serving FastCGI" \
		"$snippet: mod_fcgid keeps it running as a FastCGI server" ;;
	proxy-fcgi) like "$(cat "$T/dashboard-apache.log")" "info: serving FastCGI" \
		"$snippet: the page came from the program on its socket" ;;
	esac
	stop_apache
	unlike "$(cat "$T/apache/error.log")" "proxyhooks-dashboard\[[0-9]+\]: error:" \
		"$snippet: the dashboard logged no error"
}

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ] && [ -x "$NGINX" ] && command -v spawn-fcgi >/dev/null &&
	command -v curl >/dev/null; then
	browser_part
else
	ok 0 "# skip the page in Chromium: needs chromium, nginx, spawn-fcgi and curl"
fi
apache_with() {	# apache_with SNIPPET MPM "MODULE ...": apache_part, or a skip
	local m
	if ! [ -x "$APACHE2" ] || ! command -v curl >/dev/null; then
		ok 0 "# skip the dashboard through apache/proxyhooks-$1.conf: needs apache2 and curl"
		return
	fi
	for m in $3 auth_basic authn_file; do
		if ! [ -f "$APACHE_MODULES/mod_$m.so" ]; then
			ok 0 "# skip the dashboard through apache/proxyhooks-$1.conf: no mod_$m"
			return
		fi
	done
	if [ "$1" = proxy-fcgi ] && ! command -v spawn-fcgi >/dev/null; then
		ok 0 "# skip the dashboard through apache/proxyhooks-$1.conf: needs spawn-fcgi"
		return
	fi
	apache_part "$@"
}
apache_with cgi prefork "alias env cgi"
apache_with fcgid event "alias env fcgid"
apache_with proxy-fcgi event "env proxy proxy_fcgi"
done_testing
