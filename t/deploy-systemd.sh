# The systemd units: systemd-analyze verifies them, then each hook is
# started as the units say (the ExecStart= command with the ListenStream=
# socket on fd 0, SocketMode=, Environment=), behind the shipped nginx
# snippet, which must find the sockets where the units make them. systemd
# itself is not run: a test cannot count on being under it.
. "${top_srcdir:-.}/t/lib.sh"

command -v systemd-analyze >/dev/null || skip_all "systemd-analyze is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
deploy_programs
mkdir -p "$T/units"
for f in proxyhooks@.socket proxyhooks@.service; do
	deploy_fill "$top_srcdir/systemd/$f" > "$T/units/$f"
done

unit_value() {	# unit_value FILE KEY HOOK: the value, %i expanded
	sed -n "s/^$2=//p" "$1" | tail -n 1 | sed "s/%i/$3/g"
}

for hook in callback intercept out-of-session conversations voice; do
	out=$(cd "$T/units" && systemd-analyze verify --man=no \
		"./proxyhooks@$hook.socket" "./proxyhooks@$hook.service" 2>&1)
	ok $? "systemd-analyze verify proxyhooks@$hook.socket and .service"
	is "$out" "" "without a warning"
done

svc=$T/units/proxyhooks@.service
sock=$T/units/proxyhooks@.socket
is "$(unit_value "$svc" StandardInput x)" socket "the program gets the socket on fd 0"
# Left out, both would inherit the socket and the log would be lost.
is "$(unit_value "$svc" StandardOutput x) $(unit_value "$svc" StandardError x)" "journal journal" \
	"its output and log go to the journal, not to the socket"
is "$(unit_value "$sock" SocketMode x)" 0660 "the socket is for the web server's group only"
like "$(unit_value "$svc" User x)" "^[a-z]" "the program runs as an unprivileged user"
like "$(unit_value "$svc" Restart x)" "^(always|on-failure)$" "and is restarted if it exits"

# Start each hook as systemd would, as the hooks' user (the units' User=,
# which this machine may not have).
for hook in callback intercept out-of-session conversations voice; do
	listen=$(unit_value "$sock" ListenStream "$hook")
	mode=$(unit_value "$sock" SocketMode "$hook")
	exec_start=$(unit_value "$svc" ExecStart "$hook")
	environment=$(unit_value "$svc" Environment "$hook")
	(
		export $environment
		exec spawn-fcgi -n -s "$listen" -M "$mode" ${PH_USER:+-u "$PH_USER" -g "$PH_GROUP"} \
			-- $exec_start
	) 2>>"$T/$hook.log" &
	ph_pids="$ph_pids $!"
done
for i in $(seq 1 100); do
	[ -S "$T/callback.sock" ] && [ -S "$T/intercept.sock" ] && [ -S "$T/out-of-session.sock" ] &&
		[ -S "$T/conversations.sock" ] && [ -S "$T/voice.sock" ] && break
	sleep 0.05
done
if ! start_nginx; then
	ok 1 "nginx starts with the shipped snippet"
	done_testing
	exit
fi
deploy_suite "$BASE" /proxyhooks/
unlike "$(cat "$T"/*.log)" "error:" "no errors logged by the programs"
done_testing
