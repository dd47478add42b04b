# scripts/serve: serves the hooks behind nginx from an existing build with
# its own state folder, prints a command that posts a signed request (which
# must work as printed), and stops everything it started on SIGTERM (what
# Ctrl-C does in a terminal; a background job ignores SIGINT). As root the
# hooks run as www-data, never with --allow-root, the state is www-data's
# and stays so after the CLI run as root works in it; a build www-data
# cannot reach is run from copies in the state, and a state it cannot
# reach is refused. As any other user, everything is that user's.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"

ph_setup
STATE=$T/state
SERVE_PORT=$(free_port)
# Who the hooks run as: www-data as root, else whoever runs this.
if [ -n "$PH_USER" ]; then
	HOOKS_USER=$PH_USER
else
	HOOKS_USER=$(id -un)
fi
HOOKS_IDS="$(id -u "$HOOKS_USER") $(id -g "$HOOKS_USER")"
HOOKS="callback conversations intercept out-of-session voice"

# As root, nginx's files and the sockets are in a folder of root's a port
# (removed when the test ends), else in the state.
serve_ports=""
srv_of() {	# srv_of PORT STATE
	if [ -n "$PH_USER" ]; then
		echo "/run/proxyhooks-serve/$1"
	else
		echo "$2"
	fi
}
serve_cleanup() {
	local p
	[ -n "$PH_USER" ] || return 0
	for p in $serve_ports; do
		rm -rf "/run/proxyhooks-serve/$p"
	done
	rmdir /run/proxyhooks-serve 2>/dev/null
	return 0
}
trap 'ph_cleanup; serve_cleanup' EXIT

# What runs under scripts/serve: "ARGS uid UID... gid GID..." for each hook
# it started (the real, effective, saved and file-system ids, from /proc).
hooks_running() {
	local pid exe
	for pid in $(ps -o pid= --ppid "$SERVE"); do
		exe=$(readlink "/proc/$pid/exe") || continue
		case ${exe##*/} in proxyhooks-*) ;; *) continue ;; esac
		printf '%s uid %s gid %s\n' "$(tr '\0' ' ' < "/proc/$pid/cmdline" | sed 's/ $//')" \
			"$(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$pid/status" | tr -s '\t ' '  ')" \
			"$(sed -n 's/^Gid:[[:space:]]*//p' "/proc/$pid/status" | tr -s '\t ' '  ')"
	done | sort
}
hooks_wanted() {	# hooks_wanted DIR: what hooks_running shows for HOOKS run from DIR
	local dir=$1 h u g
	set -- $HOOKS_IDS
	u=$1 g=$2
	for h in $HOOKS; do
		echo "$dir/proxyhooks-$h uid $u $u $u $u gid $g $g $g $g"
	done | sort
}
# Everything serve started, its children and theirs (nginx's worker).
serve_tree() {
	local pid
	for pid in $(ps -o pid= --ppid "$SERVE"); do
		echo "$pid"
		ps -o pid= --ppid "$pid"
	done
}

serve_start() {	# serve_start [arguments]: sets SERVE (--build, --state: the test's)
	bash "$top_srcdir/scripts/serve" --build "$top_builddir" --state "$STATE" "$@" \
		>"$T/serve.out" 2>&1 &
	SERVE=$!
	ph_pids="$ph_pids $SERVE"
	serve_ports="$serve_ports $SERVE_PORT"
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
is "$(hooks_running)" "$(hooks_wanted "$top_builddir")" \
	"the five hooks run from the build as $HOOKS_USER (uid and gid), with no --allow-root"
started=$(serve_tree)
SRV=$(srv_of "$SERVE_PORT" "$STATE")
if [ -n "$PH_USER" ]; then
	like "$printed" "^The hooks run as $PH_USER; nginx, as root, has its configuration and logs in $SRV/nginx\.$" \
		"it says whom the hooks run as, and where nginx's files are"
	is "$(stat -c %U "$SRV/nginx/nginx.conf")" root "which are root's, out of the state"
else
	unlike "$printed" "The hooks run as" "it says nothing of users"
fi
is "$(stat -c '%U %a' "$STATE")" "$HOOKS_USER 700" "the state folder is $HOOKS_USER's, mode 0700"
like "$printed" "Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/callback" "it prints the Callback URL"
like "$printed" "Intercept Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept" \
	"the Intercept Callback URL"
like "$printed" "Out of Session Callback URL: +http://127.0.0.1:$SERVE_PORT/proxyhooks/out-of-session" \
	"the Out of Session Callback URL"
like "$printed" "Auth token: [0-9a-f]{32} \(new, random" "and a new random token"
is "$(head -n 1 "$STATE/auth_token")" "$(printf '%s\n' "$printed" | sed -n 's/^Auth token: \([0-9a-f]*\) .*/\1/p')" \
	"which is the one in the state folder"
is "$(stat -c '%U %a' "$STATE/auth_token")" "$HOOKS_USER 600" "readable by its owner only, $HOOKS_USER"
cmd=$(printf '%s\n' "$printed" | grep -E "^  .*/proxyhooks -c .* send intercept http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept$")
ok $([ -n "$cmd" ]; echo $?) "it prints the command that posts a signed test request"
out=$(cd "$top_srcdir" && eval "$cmd" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "which works: the sample policy blocks the phone number"
like "$("$PH_CLI" -c "$STATE/proxyhooks.conf" events --format json 2>&1)" '"decision":"block"' \
	"and the decision is in the state folder's database"
out=$("$PH_CLI" -c "$STATE/proxyhooks.conf" participants add KPdddddddddddddddddddddddddddddddd \
	+19515550111 2>&1)
ok $? "the CLI adds a participant to the state's database${PH_USER:+ (as root)}"
is "$(find "$STATE" ! -user "$HOOKS_USER" -printf '%P\n')" "" \
	"everything in the state, database and spool included, is $HOOKS_USER's"
is "$(find "$STATE" -perm /o=r -name 'auth_token*' -printf '%P\n')" "" "the token is not world-readable"
out=$("$PH_CLI" -c "$STATE/proxyhooks.conf" send intercept "http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "the hooks still decide"
is "$("$PH_CLI" -c "$STATE/proxyhooks.conf" events --format json 2>&1 | grep -c '"decision":"block"')" 2 \
	"and store: two blocks"
out=$(bash "$top_srcdir/scripts/serve" --port "$SERVE_PORT" --build "$top_builddir" --state "$T/other" 2>&1)
like "$out" "already listens on 127.0.0.1:$SERVE_PORT" "a second copy on the same port is refused"

serve_stop
is "$SERVE_STATUS" 0 "SIGTERM stops it, status 0"
alive=""
for pid in $started; do
	kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
done
is "$alive" "" "with nginx and the programs it started"
is "$(ls "$SRV/run")" "" "and their sockets removed"

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
is "$(stat -c '%U %a' "$STATE/dashboard.password")" "$HOOKS_USER 600" "readable by its owner only, $HOOKS_USER"
DASH="http://127.0.0.1:$SERVE_PORT/proxyhooks/dashboard"
is "$(curl -s -o /dev/null -w '%{http_code}' "$DASH")" 401 "without it: 401"
is "$(curl -s -o /dev/null -w '%{http_code}' -u ops:wrong "$DASH")" 401 "a wrong one: 401"
out=$(curl -s -u "ops:$password" "$DASH?decision=blocked")
like "$out" '<tr class="event">' "with it, the page and the block sent above"
cmd=$(printf '%s\n' "$printed" | sed -n 's/^  \(curl -u ops:.*\)$/\1/p')
like "$(eval "$cmd")" 'id="card-blocked"' "the printed command works"
serve_stop
is "$SERVE_STATUS" 0 "stopped"

# As root, a build and a state www-data cannot reach (a clone under /root,
# mode 0700: here a folder of the test's).
if [ -n "$PH_USER" ]; then
	mkdir -m 700 "$T/closed"
	mkdir "$T/closed/build"
	for p in proxyhooks proxyhooks-callback proxyhooks-intercept proxyhooks-out-of-session \
	    proxyhooks-conversations proxyhooks-voice proxyhooks-dashboard; do
		cp "$top_builddir/$p" "$T/closed/build/" || break
	done
	# Refused at once; the bound only keeps a script that serves anyway
	# from holding the test.
	out=$(timeout 60 bash "$top_srcdir/scripts/serve" --port "$(free_port)" \
		--build "$T/closed/build" --state "$T/closed/state" 2>&1)
	ok $(( $? == 0 )) "a --state www-data cannot reach is refused"
	like "$out" "www-data, who runs the hooks, cannot reach $T/closed \(a folder on the way is closed to it\): choose a --state it can reach" \
		"and named, with what to do"
	ok $([ ! -e "$T/closed/state" ]; echo $?) "and not made"
	STATE=$T/state2
	SERVE_PORT=$(free_port)
	bash "$top_srcdir/scripts/serve" --port "$SERVE_PORT" --build "$T/closed/build" --state "$STATE" \
		>"$T/serve.out" 2>&1 &
	SERVE=$!
	ph_pids="$ph_pids $SERVE"
	serve_ports="$serve_ports $SERVE_PORT"
	for i in $(seq 1 200); do
		grep -q "and see what was recorded" "$T/serve.out" && break
		kill -0 "$SERVE" 2>/dev/null || break
		sleep 0.05
	done
	printed=$(cat "$T/serve.out")
	like "$printed" "and see what was recorded" "with a build www-data cannot reach, it starts"
	is "$(printf '%s\n' "$printed" | grep -c '^scripts/serve: ')" 1 "saying so in one line"
	like "$printed" "^scripts/serve: www-data, who runs the hooks, cannot reach $T/closed/build: the hooks run from copies of the programs in $STATE/bin$" \
		"which says where the programs run from"
	is "$(hooks_running)" "$(hooks_wanted "$STATE/bin")" "the hooks run from those copies, as www-data"
	cmd=$(printf '%s\n' "$printed" | grep -E "^  .*/proxyhooks -c .* send intercept http://127.0.0.1:$SERVE_PORT/proxyhooks/intercept$")
	out=$(eval "$cmd" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "the printed command works"
	like "$("$PH_CLI" -c "$STATE/proxyhooks.conf" events --format json 2>&1)" '"decision":"block"' \
		"and the decision is stored"
	is "$(find "$STATE" ! -user www-data -printf '%P\n')" "" "everything in the state is www-data's"
	serve_stop
	is "$SERVE_STATUS" 0 "stopped"
else
	skip 11 "as root only: the hooks run as whoever runs scripts/serve"
fi
done_testing
