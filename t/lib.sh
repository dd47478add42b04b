# t/lib.sh: what the scripted tests share. A TAP producer, a temporary
# folder with a configuration, token and policy, and the real servers
# (spawn-fcgi children, nginx) on loopback ports chosen at run time, all
# stopped when the test exits.
#
# Sourced by t/*.sh; expects top_srcdir and top_builddir (make check sets them).

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export LC_ALL=C

PH_CLI="$top_builddir/proxyhooks"
PH_CALLBACK="$top_builddir/proxyhooks-callback"
PH_INTERCEPT="$top_builddir/proxyhooks-intercept"
PH_OOS="$top_builddir/proxyhooks-out-of-session"
PH_CONVERSATIONS="$top_builddir/proxyhooks-conversations"
PH_VOICE="$top_builddir/proxyhooks-voice"
# nginx reads an exported NGINX as a list of inherited sockets: the path
# comes in as NGINX_BIN and stays a shell variable here.
ph_nginx=${NGINX_BIN:-${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}}
unset NGINX
NGINX=$ph_nginx

# The hooks never run as root: as root the tests run them as the web
# server's user, as deployments do (PH_USER, www-data), through PH_AS;
# as any other user, as that user. A test that checks root's own case
# runs the program with PH_AS empty.
PH_USER=
PH_GROUP=
PH_AS=
if [ "$(id -u)" -eq 0 ]; then
	PH_USER=www-data
	PH_GROUP=$(id -gn "$PH_USER" 2>/dev/null) ||
		{ echo "Bail out! the user $PH_USER is missing"; exit 1; }
	PH_AS="setpriv --reuid=$PH_USER --regid=$PH_GROUP --clear-groups --"
fi

# Give PATH... to the hooks' user (as root; nothing otherwise): what a
# test makes in $T after ph_setup for the hooks to write.
ph_own() {	# ph_own PATH...
	[ -z "$PH_USER" ] || chown -R "$PH_USER:$PH_GROUP" "$@"
}

tap_n=0
tap_failed=0
ph_pids=""

ok() {	# ok STATUS DESCRIPTION: STATUS 0 passes
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {	# is SEEN WANTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# wanted: %s\n#   seen: %s\n' "$2" "$1"
	fi
}

like() {	# like SEEN PATTERN DESCRIPTION (grep -E)
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# wanted to match: %s\n#   seen: %s\n' "$2" "$(printf '%s' "$1" | head -c 2000)"
	fi
}

unlike() {	# unlike SEEN PATTERN DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '# wanted no match for: %s\n#   seen: %s\n' "$2" "$(printf '%s' "$1" | head -c 2000)"
	else
		ok 0 "$3"
	fi
}

skip() {	# skip [COUNT] REASON: tests that could not be run this time
	local count=1
	case $1 in
	''|*[!0-9]*) ;;
	*) count=$1; shift ;;
	esac
	while [ "$count" -gt 0 ]; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # skip $1"
		count=$((count - 1))
	done
}

# Under PH_NO_SKIP (scripts/check as root, where everything a test needs is
# installed) a test that would skip fails instead: it did not check anything.
skip_all() {
	[ -z "${PH_NO_SKIP:-}" ] || fail_all "skipped: $1"
	echo "1..0 # SKIP $1"
	exit 0
}

# A test that cannot do what it is for fails rather than skips.
fail_all() {
	echo "1..1"
	echo "not ok 1 - $1"
	exit 1
}

diag() {
	printf '# %s\n' "$@"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

ph_cleanup() {
	local pid
	for pid in $ph_pids; do
		kill "$pid" 2>/dev/null
	done
	sleep 0.1
	for pid in $ph_pids; do
		kill -9 "$pid" 2>/dev/null
	done
	if [ -n "${T:-}" ] && [ -d "$T" ] && [ -z "${PH_KEEP:-}" ]; then
		rm -rf "$T"
	fi
}
trap ph_cleanup EXIT

# A loopback TCP port nobody listens on now.
# Chosen below the kernel's ephemeral range, where no outgoing connection
# can be holding it, and checked for no listener.
free_port() {
	local p i low=10000 high=32767 range
	range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
	set -- $range
	if [ -n "${1:-}" ] && [ "$1" -gt $((low + 2000)) ]; then
		high=$(($1 - 1))
	fi
	for i in $(seq 1 200); do
		p=$(( (RANDOM * 32768 + RANDOM) % (high - low) + low ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# Wait (5 s at most) until something listens on loopback PORT.
wait_listening() {	# wait_listening PORT
	local i
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# Make $T with proxyhooks.conf, a token file (token "12345" and a second
# one), an empty policy and a SQLite database path, all the hooks' user's
# (as deployed: no allow_root). Extra config lines may be given as
# arguments.
ph_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/proxyhooks-test.XXXXXX")
	chmod 755 "$T"
	umask 022
	PH_TOKEN=test-token-0123456789abcdef
	printf '%s\nsecondary-token-during-rotation\n' "$PH_TOKEN" > "$T/auth_token"
	chmod 600 "$T/auth_token"
	: > "$T/policy"
	{
		echo "auth_token_file = $T/auth_token"
		echo "database = $T/events.db"
		echo "policy_file = $T/policy"
		echo "log_level = debug"
		for line in "$@"; do
			echo "$line"
		done
	} > "$T/proxyhooks.conf"
	ph_own "$T"
	PROXYHOOKS_CONF="$T/proxyhooks.conf"
	export PROXYHOOKS_CONF T
}

ph() {	# the CLI with the test configuration
	"$PH_CLI" -c "$PROXYHOOKS_CONF" "$@"
}

# Start PROGRAM as a FastCGI server on $T/NAME.sock with spawn-fcgi, as
# the hooks' user; its log goes to $T/NAME.log. OPTIONS are the program's own.
start_fcgi() {	# start_fcgi NAME PROGRAM [CHILDREN [OPTIONS...]]
	local name=$1 program=$2 children=${3:-1}
	shift 3 2>/dev/null || shift $#
	command -v spawn-fcgi >/dev/null || { diag "spawn-fcgi is not installed"; return 1; }
	rm -f "$T/$name.sock"
	touch "$T/$name.log"
	ph_own "$T/$name.log"
	# spawn-fcgi gives its children no stderr: a shell keeps their log.
	spawn-fcgi -s "$T/$name.sock" -M 0666 -F "$children" -P "$T/$name.pid" \
		${PH_USER:+-u "$PH_USER" -g "$PH_GROUP"} -- \
		/bin/sh -c 'log=$1 program=$2; shift 2; exec "$program" "$@" 2>>"$log"' \
		sh "$T/$name.log" "$program" "$@" \
		>>"$T/$name.spawn.log" 2>&1 || return 1
	# spawn-fcgi writes the pid of each child it forks.
	ph_pids="$ph_pids $(tr '\n' ' ' < "$T/$name.pid")"
}

# What t/fcgi-client.py, a FastCGI client of the tests' own, needs: skip
# the whole test without it. FCGI_VARS: the variables of a POST to
# https://hooks.example.com/x, for its NAME=VALUE arguments.
fcgi_client_require() {
	command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
	command -v python3 >/dev/null || skip_all "python3 is not installed"
	# shellcheck disable=SC2034
	FCGI_VARS="REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded REQUEST_URI=/x
SCRIPT_NAME=/x HTTP_HOST=hooks.example.com SERVER_NAME=hooks.example.com SERVER_PORT=443
HTTPS=on"
}

# The options the shipped systemd unit starts a hook with (its ExecStart=
# after the program).
unit_options() {
	sed -n 's/^ExecStart=[^ ]*//p' "$top_srcdir/systemd/proxyhooks@.service" | tail -n 1
}

# Four clients that announce a 60000-byte body and send it at one byte a
# second, then a signed intercept message with a phone number, to
# BASE_PORT PATH (t/slowbody.py). Checks that the signed request is
# blocked and answered while every slow client still waits for its answer:
# slow bodies do not hold the worker the signed request needs. Sets
# SLOW_OUT to the client's report.
slow_bodies_check() {	# slow_bodies_check PORT PATH WHAT [WAIT]
	local port=$1 path=$2 what=$3 wait=${4:-20} signed sig body
	signed=$(ph send --print-body intercept "http://127.0.0.1:$port$path")
	sig=$(printf '%s\n' "$signed" | sed -n 1p)
	body=$(printf '%s\n' "$signed" | sed -n 2p)
	SLOW_OUT=$(python3 "$top_srcdir/t/slowbody.py" "$port" "$path" 4 "$sig" "$body" "$wait")
	is "$(printf '%s\n' "$SLOW_OUT" | sed -n 1p)" "signed 403 open=4" \
		"$what: behind four slow bodies, a signed message with a phone number is blocked (403), answered while all four still wait"
}

# Start nginx on a free port with the shipped snippet, paths filled in.
start_nginx() {
	local snippet="$top_srcdir/nginx/proxyhooks.conf" i
	[ -x "$NGINX" ] || { diag "nginx is not installed"; return 1; }
	mkdir -p "$T/nginx"
	NGINX_PORT=${NGINX_PORT:-$(free_port)}
	sed -e "s#/run/proxyhooks#$T#g" -e "s#/etc/proxyhooks/proxyhooks.conf#$PROXYHOOKS_CONF#g" \
		"$snippet" > "$T/nginx/proxyhooks.conf"
	# The snippet includes fastcgi_params, relative to the configuration's
	# folder: nginx's own copy.
	cp /etc/nginx/fastcgi_params "$T/nginx/fastcgi_params" ||
		{ diag "/etc/nginx/fastcgi_params is missing"; return 1; }
	cat > "$T/nginx/nginx.conf" <<NGINX_EOF
daemon off;
worker_processes 1;
user root;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log info;
events { worker_connections 256; }
http {
	access_log $T/nginx/access.log;
	client_body_temp_path $T/nginx/body;
	fastcgi_temp_path $T/nginx/fastcgi;
	proxy_temp_path $T/nginx/proxy;
	uwsgi_temp_path $T/nginx/uwsgi;
	scgi_temp_path $T/nginx/scgi;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		server_name localhost;
		include $T/nginx/proxyhooks.conf;
		${NGINX_EXTRA:-}
	}
	${NGINX_HTTP_EXTRA:-}
}
NGINX_EOF
	"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" &
	ph_pids="$ph_pids $!"
	if wait_listening "$NGINX_PORT"; then
		BASE="http://127.0.0.1:$NGINX_PORT"
		return 0
	fi
	diag "nginx did not start:" "$(cat "$T/nginx/error.log")"
	return 1
}

# Run PROGRAM as CGI, as the hooks' user (PH_AS): BODY on stdin, the
# environment of a POST to URI. Prints the whole CGI answer (headers and
# body).
cgi_post() {	# cgi_post PROGRAM URI BODY [SIGNATURE] [extra VAR=value ...]
	local program=$1 uri=$2 body=$3 sig=${4:-}
	shift 4 2>/dev/null || shift $#
	printf '%s' "$body" | $PH_AS env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" \
		GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="${#body}" \
		REQUEST_URI="$uri" SCRIPT_NAME="${uri%%\?*}" HTTP_HOST=hooks.example.com \
		SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on REQUEST_SCHEME=https \
		HTTP_X_TWILIO_SIGNATURE="$sig" "$@" ${PH_WRAPPER:-} "$program"
}

# The status code of a CGI answer ("Status: 200 OK" -> 200).
cgi_status() {
	printf '%s' "$1" | sed -n 's/^Status: \([0-9]*\).*/\1/p' | head -n 1
}

# The body (after the blank line) of a CGI answer.
cgi_body() {
	printf '%s' "$1" | awk 'body { print } /^\r?$/ { body = 1 }'
}

# A shared fixture body (one line) by name.
fixture() {
	tr -d '\n' < "$top_srcdir/t/fixtures/$1.form"
}

# --- Deployment tests (t/deploy-*.sh): the shipped nginx, Apache, cgi-bin
# and systemd files, paths filled in, run by real servers.

APACHE2="${APACHE2:-$(command -v apache2 || echo /usr/sbin/apache2)}"
APACHE_MODULES="${APACHE_MODULES:-/usr/lib/apache2/modules}"
DEPLOY_SAY="This conversation has ended."

# ph_setup plus what the deploy suite expects: a policy that blocks phone
# numbers in messages and an out-of-session voice answer.
deploy_setup() {	# deploy_setup [extra config lines]
	ph_setup "oos_voice_say = $DEPLOY_SAY" "$@"
	printf 'block body phone\ndefault allow\n' > "$T/policy"
}

# Copy the five hook programs where an install would put them, $T/libexec/proxyhooks.
deploy_programs() {
	mkdir -p "$T/libexec/proxyhooks"
	cp "$PH_CALLBACK" "$PH_INTERCEPT" "$PH_OOS" "$PH_CONVERSATIONS" "$PH_VOICE" \
		"$T/libexec/proxyhooks/"
}

# A shipped file with the installed paths replaced by the test's: the
# programs' folder, the sockets' folder and the configuration.
deploy_fill() {	# deploy_fill SHIPPED_FILE > OUTPUT
	sed -e "s#/usr/local/libexec/proxyhooks#$T/libexec/proxyhooks#g" \
		-e "s#/run/proxyhooks#$T#g" \
		-e "s#/etc/proxyhooks/proxyhooks.conf#$PROXYHOOKS_CONF#g" "$1"
}

# The signed suite every server runs: a callback stored, an intercept
# blocked and one allowed, an out-of-session answer with TwiML, a wrong
# signature refused. Hook URLs are BASE_URL PATH_PREFIX HOOK.
deploy_suite() {	# deploy_suite BASE_URL PATH_PREFIX
	local url_cb="$1${2}callback" url_ic="$1${2}intercept" url_oos="$1${2}out-of-session"
	local out json signed sig body n0

	# The store is made by the first program that runs: the CLI (root in
	# CI) must not make it first, or the programs (www-data under Apache)
	# could not write it.
	n0=0
	[ -e "$T/events.db" ] && n0=$(ph events --format json 2>/dev/null | grep -c '"hook"')
	out=$(ph send --idempotency-token deploy-callback-1 callback "$url_cb" 2>&1)
	is "$(printf '%s\n' "$out" | sed -n '1p;2s/^event: .*/event/p')" "HTTP 200
event" "$url_cb: a signed callback is answered 200, no body; send finds its event"
	like "$out" "decision: none" "which has no decision"
	json=$(ph events --hook callback --format json)
	like "$json" '"idempotency_token":"deploy-callback-1"' \
		"the callback is stored, with the idempotency token the server passed on"
	like "$json" '"interactionSid":"KI[f]{32}"' "with its fields"

	out=$(ph send intercept "$url_ic" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" \
		"$url_ic: a message with a phone number is blocked (403)"
	like "$out" "answer: proxyhooks-intercept decided block \(the policy's 403" \
		"send says the 403 is the policy's"
	like "$out" "rule: [^ ]*policy:1: block body phone" "and names the rule of the stored event"
	out=$(ph send intercept-voice "$url_ic" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "a call is allowed (200)"
	json=$(ph events --hook intercept --format json)
	like "$json" '"decision":"block","rule":"[^"]*policy:1: block body phone"' \
		"the block is recorded with its rule"
	like "$json" '"interactionType":"Voice"[^}]*"decision":"allow"' "and so is the allowed call"

	out=$(ph send out-of-session "$url_oos" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "$url_oos: answered 200"
	like "$out" "<Response><Say>$DEPLOY_SAY</Say></Response>" "with the configured TwiML"
	# The same request by hand: the Content-Type must survive the server.
	signed=$(ph send --print-body out-of-session "$url_oos")
	sig=$(printf '%s\n' "$signed" | sed -n 1p)
	body=$(printf '%s\n' "$signed" | sed -n 2p)
	out=$(curl -s -i -H "X-Twilio-Signature: $sig" --data-binary "$body" "$url_oos" | tr -d '\r')
	like "$out" '^Content-Type: (text|application)/xml' "the TwiML is sent as XML"

	out=$(ph send --unsigned callback "$url_cb" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "an unsigned callback is refused (403)"
	is "$(ph events --format json | grep -c '"hook"')" $((n0 + 5)) \
		"five events stored (the unsigned request is not)"

	# Conversations and Voice: a number rejected, a binding learned, a
	# call to it answered with TwiML.
	out=$(ph send conversations "$1${2}conversations" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" \
		"$1${2}conversations: an onMessageAdd with a phone number is rejected (403)"
	out=$(ph send conversations-participant "$1${2}conversations" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "an onParticipantAdded is recorded (200)"
	out=$(ph send voice "$1${2}voice" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "$1${2}voice: a call is answered 200"
	like "$out" "<Response><Say>$DEPLOY_SAY</Say></Response>" \
		"alone in its conversation, the caller gets the out-of-session TwiML"
	out=$(ph send --unsigned voice "$1${2}voice" 2>&1)
	is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 403" "an unsigned call is refused (403)"
	is "$(ph events --format json | grep -c '"hook":"\(conversations\|voice\)"')" 3 \
		"three Conversations and Voice events stored"
}

# Start Apache in the foreground, never the system service, on a free
# loopback port with its own configuration in $T/apache: the MPM (event,
# prefork), the modules besides authz_core, and a file included inside
# the server. As root, Apache's children run as the hooks' user, who is
# given $T (and what the test made in it since ph_setup).
start_apache() {	# start_apache MPM "MODULE ..." SITE_FILE
	local mpm=$1 modules=$2 site=$3 m i
	[ -x "$APACHE2" ] || { diag "apache2 is not installed"; return 1; }
	for m in mpm_$mpm $modules; do
		[ -f "$APACHE_MODULES/mod_$m.so" ] ||
			{ diag "mod_$m is not installed in $APACHE_MODULES"; return 1; }
	done
	mkdir -p "$T/apache/run" "$T/apache/fcgid" "$T/apache/htdocs"
	APACHE_PORT=$(free_port)
	{
		echo "ServerRoot $T/apache"
		echo "ServerName 127.0.0.1"
		echo "Listen 127.0.0.1:$APACHE_PORT"
		echo "PidFile $T/apache/run/httpd.pid"
		echo "DefaultRuntimeDir $T/apache/run"
		echo "ErrorLog $T/apache/error.log"
		echo "LogLevel info"
		echo "DocumentRoot $T/apache/htdocs"
		echo "Timeout 20"
		echo "LoadModule mpm_${mpm}_module $APACHE_MODULES/mod_mpm_$mpm.so"
		echo "LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so"
		for m in $modules; do
			echo "LoadModule ${m}_module $APACHE_MODULES/mod_$m.so"
		done
		case " $modules " in *" fcgid "*)
			echo "FcgidIPCDir $T/apache/fcgid"
			echo "FcgidProcessTableFile $T/apache/fcgid/shm"
		esac
		case " $modules " in *" cgid "*)
			echo "ScriptSock $T/apache/run/cgid.sock"
		esac
		if [ -n "$PH_USER" ]; then
			echo "User $PH_USER"
			echo "Group $PH_GROUP"
			ph_own "$T"
		fi
		echo "<Directory />"
		echo "	AllowOverride None"
		echo "	Require all denied"
		echo "</Directory>"
		echo "Include $site"
	} > "$T/apache/httpd.conf"
	# Its own session: on SIGTERM Apache signals its whole process group,
	# which would otherwise be this test and make.
	setsid "$APACHE2" -f "$T/apache/httpd.conf" -DFOREGROUND >>"$T/apache/error.log" 2>&1 &
	APACHE_PID=$!
	ph_pids="$ph_pids $APACHE_PID"
	trap 'stop_apache; ph_cleanup' EXIT
	for i in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$APACHE_PORT") 2>/dev/null; then
			BASE="http://127.0.0.1:$APACHE_PORT"
			return 0
		fi
		kill -0 "$APACHE_PID" 2>/dev/null || break
		sleep 0.05
	done
	diag "apache did not start:" "$(cat "$T/apache/error.log")"
	return 1
}

# Stop Apache as its service would (SIGTERM) and wait for it and the
# programs it started to be gone.
stop_apache() {
	local i
	[ -n "${APACHE_PID:-}" ] || return 0
	kill -TERM "$APACHE_PID" 2>/dev/null
	for i in $(seq 1 100); do
		kill -0 "$APACHE_PID" 2>/dev/null || break
		sleep 0.05
	done
	APACHE_PID=
}
