# Least privilege: the programs refuse to run as root unless told to
# (--allow-root, or allow_root = yes), in CGI mode and as FastCGI workers
# behind nginx, and say why in the log; as an unprivileged user they serve.
# A token file other users can read is served with, and warned about.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
SEED=$(fixture seed-callback)
URL=https://hooks.example.com/c
SIG=$(printf '%s' "$SEED" | ph sign --body-file - "$URL")

# --- The harness runs the hooks as deployed ------------------------------------------
# As root, as the web server's user (PH_USER), never with allow_root; as
# anyone else, as that user.

want_user=${PH_USER:-$(id -un)}
want_uid=$(id -u "$want_user")
unlike "$(cat "$PROXYHOOKS_CONF")" 'allow_root' "ph_setup's configuration has no allow_root"
ok $([ ! -e "$T/events.db" ]; echo $?) "no database yet"
out=$(cgi_post "$PH_CALLBACK" /c "$SEED" "$SIG" 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "cgi_post runs the callback, which serves"
is "$(stat -c %U "$T/events.db" 2>&1)" "$want_user" "as $want_user: the database it made is $want_user's"
if command -v spawn-fcgi >/dev/null; then
	start_fcgi harness "$PH_INTERCEPT"
	harness_pid=$(cat "$T/harness.pid" 2>/dev/null)
	is "$(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$harness_pid/status" 2>&1 | tr -s '[:space:]' ' ')" \
		"$want_uid $want_uid $want_uid $want_uid " \
		"start_fcgi runs the FastCGI intercept as $want_user (real, effective, saved, fs uid)"
	kill "$harness_pid" 2>/dev/null
else
	diag "spawn-fcgi is not installed: start_fcgi is not checked"
fi

# The programs where any user can run them (the build folder may not be).
mkdir -p "$T/bin"
cp "$PH_CALLBACK" "$T/bin/"
chmod 755 "$T/bin" "$T/bin/proxyhooks-callback"
CALLBACK="$T/bin/proxyhooks-callback"

# --- The token file's permissions (any user) -------------------------------------

if [ "$(id -u)" -ne 0 ]; then
	chmod 644 "$T/auth_token"
	out=$(cgi_post "$CALLBACK" /c "$SEED" "$SIG" 2>"$T/cgi.log")
	is "$(cgi_status "$out")" 200 "a token file others can read still serves"
	like "$(cat "$T/cgi.log")" "auth_token can be read by other users: chmod o-r it" \
		"and the log warns about it"
	chmod 600 "$T/auth_token"
	out=$(cgi_post "$CALLBACK" /c "$SEED" "$SIG" 2>"$T/cgi.log")
	unlike "$(cat "$T/cgi.log")" "can be read by other users" "a private token file gives no warning"
	diag "not root: running as root and as another user is not tested"
	done_testing
	exit $?
fi

# --- As root: refused unless allowed ---------------------------------------------

out=$(PH_AS= cgi_post "$CALLBACK" /c "$SEED" "$SIG" 2>"$T/cgi.log")
is "$(cgi_status "$out")" 500 "CGI as root without --allow-root or allow_root: 500"
like "$(cat "$T/cgi.log")" "refusing to run as root: run as an unprivileged user \\(or set allow_root = yes in $PROXYHOOKS_CONF, or pass --allow-root\\)" \
	"and the log says why and what to do"
is "$(ph events --format json 2>/dev/null | grep -c .)" 1 "nothing more is stored"

out=$(printf '%s' "$SEED" | env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#SEED} REQUEST_URI=/c \
	HTTP_HOST=hooks.example.com HTTPS=on HTTP_X_TWILIO_SIGNATURE="$SIG" \
	"$CALLBACK" --allow-root 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "--allow-root lets root serve"
cp "$PROXYHOOKS_CONF" "$T/no-root.conf"
echo "allow_root = yes" >> "$PROXYHOOKS_CONF"
out=$(PH_AS= cgi_post "$CALLBACK" /c "$SEED" "$SIG" 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "so does allow_root = yes"
cp "$T/no-root.conf" "$PROXYHOOKS_CONF"

# The token file's permissions: world-readable is served, with a warning.
chmod 644 "$T/auth_token"
out=$(printf '%s' "$SEED" | env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
	CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#SEED} REQUEST_URI=/c \
	HTTP_HOST=hooks.example.com HTTPS=on HTTP_X_TWILIO_SIGNATURE="$SIG" \
	"$CALLBACK" --allow-root 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "a token file others can read still serves"
like "$(cat "$T/cgi.log")" "$T/auth_token can be read by other users: chmod o-r it" \
	"and the log warns about it"
chmod 600 "$T/auth_token"

# --- As an unprivileged user -------------------------------------------------------

user=nobody
group=$(id -gn "$user" 2>/dev/null)
if ! command -v runuser >/dev/null || [ -z "$group" ]; then
	diag "runuser or the user nobody is missing: the unprivileged runs are not tested"
	done_testing
	exit $?
fi
# Everything the program reads or writes belongs to that user; $T stays
# readable by root's CLI.
chown -R "$user:$group" "$T"

out=$(printf '%s' "$SEED" | runuser -u "$user" -- env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" \
	REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	CONTENT_LENGTH=${#SEED} REQUEST_URI=/c HTTP_HOST=hooks.example.com HTTPS=on \
	HTTP_X_TWILIO_SIGNATURE="$SIG" HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=cgi-as-nobody \
	"$CALLBACK" 2>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "CGI as $user serves"
unlike "$(cat "$T/cgi.log")" "refusing|warn" "with nothing to warn about"
like "$(ph events --format json)" '"idempotency_token":"cgi-as-nobody"' "and the event is stored"

# --- FastCGI workers behind nginx ---------------------------------------------------

command -v spawn-fcgi >/dev/null || { diag "spawn-fcgi is not installed"; done_testing; exit $?; }
[ -x "$NGINX" ] || { diag "nginx is not installed"; done_testing; exit $?; }

# Start the callback worker with spawn-fcgi OPTIONS (e.g. -u nobody), its
# log in $T/callback.log; stop the previous one first.
worker_pid=
start_worker() {	# start_worker [spawn-fcgi options ...]
	local i
	if [ -n "$worker_pid" ]; then
		kill "$worker_pid" 2>/dev/null
		for i in $(seq 1 100); do
			kill -0 "$worker_pid" 2>/dev/null || break
			sleep 0.05
		done
	fi
	rm -f "$T/callback.sock" "$T/callback.pid"
	: > "$T/callback.log"
	chown "$user:$group" "$T/callback.log"
	spawn-fcgi -s "$T/callback.sock" -M 0666 -P "$T/callback.pid" "$@" -- \
		/bin/sh -c "exec \"\$0\" 2>>\"\$1\"" "$CALLBACK" "$T/callback.log" \
		>>"$T/spawn.log" 2>&1 || return 1
	worker_pid=$(cat "$T/callback.pid")
	ph_pids="$ph_pids $worker_pid"
}

start_worker || exit 1
start_nginx || exit 1
CB="$BASE/proxyhooks/callback"

out=$(ph send --idempotency-token fcgi-as-root callback "$CB" 2>&1)
like "$out" "^HTTP 500" "a FastCGI worker running as root without --allow-root answers 500"
like "$(cat "$T/callback.log")" "refusing to run as root" "and its log says why"
out=$(ph send --idempotency-token fcgi-as-root-2 callback "$CB" 2>&1)
is "$(grep -c 'refusing to run as root' "$T/callback.log")" 1 \
	"said once, not at every request"
unlike "$(ph events --format json)" 'fcgi-as-root' "nothing is stored"

start_worker -u "$user" -g "$group" || exit 1
is "$(ps -o user= -p "$worker_pid" | tr -d ' ')" "$user" "spawn-fcgi -u $user runs the worker as $user"
out=$(ph send --idempotency-token fcgi-as-nobody callback "$CB" 2>&1)
like "$out" "^HTTP 200" "and it serves"
like "$(ph events --format json)" '"idempotency_token":"fcgi-as-nobody"' "the event is stored"

# A token file made readable while the worker runs: noticed at the next
# request, warned about once.
chmod 644 "$T/auth_token"
ph send callback "$CB" >/dev/null 2>&1
out=$(ph send callback "$CB" 2>&1)
like "$out" "^HTTP 200" "a worker whose token file became readable by others still serves"
is "$(grep -c "$T/auth_token can be read by other users" "$T/callback.log")" 1 \
	"and warns once in its log"

done_testing
