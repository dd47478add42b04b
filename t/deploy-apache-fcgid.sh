# Apache with mod_fcgid: Apache starts the programs itself. The shipped
# apache/proxyhooks-fcgid.conf, paths filled in.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_fcgid.so" ] || skip_all "mod_fcgid is not installed (libapache2-mod-fcgid)"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
deploy_programs
deploy_fill "$top_srcdir/apache/proxyhooks-fcgid.conf" > "$T/site.conf"
reqtimeout=""
[ -f "$APACHE_MODULES/mod_reqtimeout.so" ] && reqtimeout=reqtimeout
if ! start_apache event "alias env fcgid $reqtimeout" "$T/site.conf"; then
	ok 1 "Apache starts with the shipped mod_fcgid configuration"
	done_testing
	exit
fi
ok 0 "Apache starts with the shipped mod_fcgid configuration"

deploy_suite "$BASE" /proxyhooks/

n=$(ph events --format json | grep -c '"hook"')
out=$(ph send callback "$BASE/proxyhooks/callback" "interactionData=$(head -c 70000 /dev/zero | tr '\0' a)" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 500" "a body over 64k is refused by mod_fcgid (500)"
like "$(cat "$T/apache/error.log")" "exceeds MaxRequestLen \(65536\)" "which says why"
is "$(ph events --format json | grep -c '"hook"')" "$n" "and nothing is stored"
like "$(cat "$T/apache/error.log")" "proxyhooks-intercept\[[0-9]+\]: info: serving FastCGI requests" \
	"the programs run as FastCGI servers, not once per request"
like "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/")" '^40[34]$' "nothing else is served"
# mod_fcgid restarts a worker that exits: SIGTERM one, ask again.
intercept_pids() {
	ps -eo pid,args | grep "[/]libexec/proxyhooks/proxyhooks-intercept" | grep -F "$T" | awk '{ print $1 }'
}
old=$(intercept_pids | head -n 1)
kill -TERM $old
for i in $(seq 1 100); do
	kill -0 "$old" 2>/dev/null || break
	sleep 0.05
done
out=$(ph send intercept-voice "$BASE/proxyhooks/intercept" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 200" "after a worker got SIGTERM, the next request is answered"
new=$(intercept_pids | head -n 1)
ok $([ -n "$new" ] && [ "$new" != "$old" ]; echo $?) "by a new worker mod_fcgid started"
like "$(cat "$T/apache/error.log")" "proxyhooks-intercept\[$old\]: info: stopping" "the old one stopped cleanly"

# mod_fcgid reads a whole body before it passes the request to a program:
# slow bodies hold Apache threads, never a program.
slow_bodies_check "$APACHE_PORT" /proxyhooks/intercept "mod_fcgid" 0

if [ "$(id -u)" -eq 0 ]; then
	is "$(ps -eo user:20,args | grep "[/]libexec/proxyhooks/proxyhooks-intercept" | grep -F "$T" |
		awk '{ print $1 }' | sort -u)" "$(sed -n 's/^User //p' "$T/apache/httpd.conf")" \
		"the programs run as Apache's user, not root"
fi
stop_apache
# However long the machine takes to stop them (10 s at most).
for i in $(seq 1 200); do
	ps -eo args | grep "$T/libexec/proxyhooks/proxyhooks-" | grep -qv grep || break
	sleep 0.05
done
unlike "$(ps -eo args | grep "$T/libexec/proxyhooks/proxyhooks-" | grep -v grep)" . \
	"stopping Apache stops the programs"

unlike "$(cat "$T/apache/error.log")" "proxyhooks-[a-z-]+\[[0-9]+\]: error:" "no errors logged by the programs"
done_testing
