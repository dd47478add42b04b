# Stopping a FastCGI worker: SIGTERM (systemd, mod_fcgid, spawn-fcgi
# supervisors) lets the request in progress finish, then the worker exits
# 0. The worker is started as the units start it: the listening socket on
# fd 0, as the hooks' user (spawn-fcgi -n execs the program, so it is this
# shell's child).
. "${top_srcdir:-.}/t/lib.sh"

command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
command -v cgi-fcgi >/dev/null || skip_all "cgi-fcgi is not installed (libfcgi-bin)"

# A body is given all the time it needs here: the test sends it in halves.
ph_setup "body_timeout_ms = 600000"
URL=https://hooks.example.com/proxyhooks/callback

start_worker() {	# start_worker NAME: sets WORKER
	rm -f "$T/$1.sock"
	spawn-fcgi -n -s "$T/$1.sock" -M 0600 ${PH_USER:+-u "$PH_USER" -g "$PH_GROUP"} -- \
		"$PH_CALLBACK" 2>>"$T/$1.log" &
	WORKER=$!
	ph_pids="$ph_pids $WORKER"
	for i in $(seq 1 100); do
		[ -S "$T/$1.sock" ] && grep -q "serving FastCGI" "$T/$1.log" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# WORKER_STATUS: the exit status of WORKER, or "running" if it has not
# exited within 5 s. (Not in a $(...): only this shell can wait for it.)
worker_wait() {
	local i
	WORKER_STATUS=running
	for i in $(seq 1 100); do
		if ! kill -0 "$WORKER" 2>/dev/null; then
			wait "$WORKER"
			WORKER_STATUS=$?
			return
		fi
		sleep 0.05
	done
}

# A FastCGI request to SOCKET with the body from standard input.
fcgi_post() {	# fcgi_post SOCKET SIGNATURE LENGTH
	env -i PATH="$PATH" PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$3" \
		REQUEST_URI=/proxyhooks/callback SCRIPT_NAME=/proxyhooks/callback \
		HTTP_HOST=hooks.example.com SERVER_NAME=hooks.example.com SERVER_PORT=443 HTTPS=on \
		HTTP_X_TWILIO_SIGNATURE="$2" HTTP_I_TWILIO_IDEMPOTENCY_TOKEN=sigterm-1 \
		cgi-fcgi -bind -connect "$1"
}

# An idle worker: SIGTERM ends it at once.
start_worker idle
ok $? "a worker serves FastCGI on fd 0"
kill -TERM "$WORKER"
worker_wait
is "$WORKER_STATUS" 0 "an idle worker exits 0 on SIGTERM"

# A worker in the middle of a request: half the body sent, SIGTERM, the
# rest sent. The request is answered and stored, then the worker exits.
start_worker busy
signed=$(ph send --print-body callback "$URL")
sig=$(printf '%s\n' "$signed" | sed -n 1p)
body=$(printf '%s\n' "$signed" | sed -n 2p)
half=$(( ${#body} / 2 ))
# A client that went away must fail the write, not kill the test.
trap '' PIPE
mkfifo "$T/body"
fcgi_post "$T/busy.sock" "$sig" "${#body}" < "$T/body" > "$T/answer" &
client=$!
exec 3>"$T/body"
printf '%s' "${body:0:$half}" >&3
# The worker has accepted and is reading the body once it logged the
# request (log_level = debug).
for i in $(seq 1 600); do
	grep -q 'callback: POST request, Content-Length' "$T/busy.log" && break
	sleep 0.05
done
like "$(cat "$T/busy.log")" 'callback: POST request, Content-Length' "the worker holds the request"
kill -TERM "$WORKER"
# Had SIGTERM ended the worker, its socket would now refuse a connection;
# it is handled after the request instead.
sleep 0.3
kill -0 "$WORKER" 2>/dev/null
ok $? "a worker in the middle of a request is still running after SIGTERM"
printf '%s' "${body:$half}" >&3 2>/dev/null
exec 3>&-
wait "$client"
is "$(sed -n 's/^Status: \([0-9]*\).*/\1/p' "$T/answer")" 200 "the request is answered 200"
like "$(ph events --format json)" '"idempotency_token":"sigterm-1"' "and stored"
worker_wait
is "$WORKER_STATUS" 0 "then the worker exits 0"
out=$(printf 'a=1' | fcgi_post "$T/busy.sock" x 3 2>&1)
unlike "$out" "^Status: " "and answers nothing more"

# --workers 3: three processes accept on the one socket, the first only
# watches them. A worker that dies is replaced; SIGTERM to the first stops
# them all.
rm -f "$T/pool.sock"
spawn-fcgi -n -s "$T/pool.sock" -M 0600 ${PH_USER:+-u "$PH_USER" -g "$PH_GROUP"} -- \
	"$PH_CALLBACK" --workers 3 2>>"$T/pool.log" &
WORKER=$!
ph_pids="$ph_pids $WORKER"
pool() { ps -o pid= --ppid "$WORKER" | tr -d ' ' | sort; }
pool_wait() {	# pool_wait COUNT [NOT_PID]: until COUNT workers, none NOT_PID (10 s at most)
	local i
	for i in $(seq 1 200); do
		[ "$(pool | grep -vxc "${2:-none}")" -eq "$1" ] && [ "$(pool | grep -c .)" -eq "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
pool_wait 3
is "$(pool | grep -c .)" 3 "--workers 3 starts three workers"
printf '%s\n' "$(pool)" > "$T/pool.before"
victim=$(pool | head -n 1)
kill -KILL "$victim"
pool_wait 3 "$victim"
ok $? "a worker killed is replaced: three again, without it"
like "$(cat "$T/pool.log")" "worker $victim exited \(signal 9\): starting another" "and the log says so"
workers=$(pool)
kill -TERM "$WORKER"
worker_wait
is "$WORKER_STATUS" 0 "SIGTERM to the first process: it exits 0"
left=""
for pid in $workers; do
	kill -0 "$pid" 2>/dev/null && left="$left $pid"
done
is "$left" "" "and its workers are gone too"
done_testing
