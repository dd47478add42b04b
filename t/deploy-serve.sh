# scripts/serve: serves the hooks behind nginx from an existing build with
# its own state folder, prints a command that posts a signed request (which
# must work as printed), and stops everything it started on SIGTERM (what
# Ctrl-C does in a terminal; a background job ignores SIGINT).
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"

ph_setup
STATE=$T/state
SERVE_PORT=$(free_port)

serve_start() {	# serve_start [arguments]: sets SERVE
	bash "$top_srcdir/scripts/serve" --build "$top_builddir" --state "$STATE" "$@" \
		>"$T/serve.out" 2>&1 &
	SERVE=$!
	ph_pids="$ph_pids $SERVE"
	for i in $(seq 1 200); do
		# The last of what it prints: everything before it is there too.
		grep -q "and see what was recorded" "$T/serve.out" && return 0
		kill -0 "$SERVE" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

serve_stop() {	# sets SERVE_STATUS
	kill -TERM "$SERVE"
	SERVE_STATUS=running
	for i in $(seq 1 100); do
		if ! kill -0 "$SERVE" 2>/dev/null; then
			wait "$SERVE"
			SERVE_STATUS=$?
			return
		fi
		sleep 0.05
	done
}

out=$(bash "$top_srcdir/scripts/serve" --port 0x1 2>&1)
ok $(( $? == 0 )) "a bad --port is refused"
like "$out" "not a port number" "and named"

serve_start --port "$SERVE_PORT"
ok $? "scripts/serve --port $SERVE_PORT starts"
printed=$(cat "$T/serve.out")
like "$printed" "Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/callback" "it prints the Callback URL"
like "$printed" "Intercept Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept" \
	"the Intercept Callback URL"
like "$printed" "Out of Session Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/out-of-session" \
	"the Out of Session Callback URL"
like "$printed" "Auth token: [0-9a-f]{32} \(new, random" "and a new random token"
is "$(head -n 1 "$STATE/auth_token")" "$(printf '%s\n' "$printed" | sed -n 's/^Auth token: \([0-9a-f]*\) .*/\1/p')" \
	"which is the one in the state folder"
is "$(stat -c %a "$STATE/auth_token")" 600 "readable by its owner only"
cmd=$(printf '%s\n' "$printed" | grep -E "^  .*/proxyhooks -c .* send intercept http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept$")
ok $([ -n "$cmd" ]; echo $?) "it prints the command that posts a signed test request"
out=$(cd "$top_srcdir" && eval "$cmd" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "which works: the sample policy blocks the phone number"
like "$("$PH_CLI" -c "$STATE/proxyhooks.conf" events --format json 2>&1)" '"decision":"block"' \
	"and the decision is in the state folder's database"
out=$(bash "$top_srcdir/scripts/serve" --port "$SERVE_PORT" --build "$top_builddir" --state "$T/other" 2>&1)
like "$out" "already listens on 127.0.0.1:$SERVE_PORT" "a second copy on the same port is refused"

serve_stop
is "$SERVE_STATUS" 0 "SIGTERM stops it, status 0"
unlike "$(ps -eo args | grep -F "$STATE" | grep -v grep)" . "with nginx and the programs it started"
is "$(ls "$STATE/run")" "" "and their sockets removed"

# Again, with a token and a public address, the port from $PORT.
SERVE_PORT=$(free_port)
PORT=$SERVE_PORT serve_start --token "$PH_TOKEN" --public-url https://hooks.example.com/
ok $? "PORT=$SERVE_PORT scripts/serve --token ... --public-url ... starts"
printed=$(cat "$T/serve.out")
like "$printed" "Callback URL: +https://hooks.example.com/proxyhooks/callback" "URLs name the public address"
unlike "$printed" "$PH_TOKEN" "a given token is never printed"
is "$(head -n 1 "$STATE/auth_token")" "$PH_TOKEN" "it is the one used"
like "$(cat "$STATE/proxyhooks.conf")" "^public_base_url = https://hooks.example.com$" \
	"signatures are checked against the public address"
out=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVE_PORT/proxyhooks/callback")
is "$out" 403 "on the port from \$PORT"
serve_stop
is "$SERVE_STATUS" 0 "stopped again"

# --dashboard: the dashboard too, behind a generated password it prints.
SERVE_PORT=$(free_port)
serve_start --port "$SERVE_PORT" --dashboard
ok $? "scripts/serve --dashboard starts"
for i in $(seq 1 100); do
	grep -q "^  curl -u ops:" "$T/serve.out" && break
	sleep 0.05
done
printed=$(cat "$T/serve.out")
like "$printed" "on the dashboard: http://127.0.0.1:$SERVE_PORT/proxyhooks/dashboard" "it prints the dashboard's URL"
password=$(printf '%s\n' "$printed" | sed -n 's/^  user ops, password \([A-Za-z0-9]*\) .*/\1/p')
like "$password" "^[A-Za-z0-9]{16,}$" "and a generated password"
is "$(cat "$STATE/dashboard.password")" "$password" "kept in the state folder"
is "$(stat -c %a "$STATE/dashboard.password")" 600 "readable by its owner only"
DASH="http://127.0.0.1:$SERVE_PORT/proxyhooks/dashboard"
is "$(curl -s -o /dev/null -w '%{http_code}' "$DASH")" 401 "without it: 401"
is "$(curl -s -o /dev/null -w '%{http_code}' -u ops:wrong "$DASH")" 401 "a wrong one: 401"
out=$(curl -s -u "ops:$password" "$DASH?decision=blocked")
like "$out" '<tr class="event">' "with it, the page and the block sent above"
cmd=$(printf '%s\n' "$printed" | sed -n 's/^  \(curl -u ops:.*\)$/\1/p')
like "$(eval "$cmd")" 'id="card-blocked"' "the printed command works"
serve_stop
is "$SERVE_STATUS" 0 "stopped"
done_testing
