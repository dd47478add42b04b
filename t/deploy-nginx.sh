# nginx in front of the three programs as FastCGI servers on Unix
# sockets: the shipped nginx/proxyhooks.conf, paths filled in.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
start_fcgi callback "$PH_CALLBACK" || { ok 1 "spawn-fcgi starts the callback"; done_testing; exit; }
start_fcgi intercept "$PH_INTERCEPT" 2
start_fcgi out-of-session "$PH_OOS"
start_fcgi conversations "$PH_CONVERSATIONS"
start_fcgi voice "$PH_VOICE"
if ! start_nginx; then
	ok 1 "nginx starts with the shipped snippet"
	done_testing
	exit
fi
ok 0 "nginx starts with the shipped snippet"

deploy_suite "$BASE" /proxyhooks/

# What nginx itself refuses, before any program sees it.
out=$(ph send callback "$BASE/proxyhooks/callback" "interactionData=$(head -c 70000 /dev/zero | tr '\0' a)" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 413" "a body over 64k is refused by nginx (413)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/callback")" 403 "GET is refused by nginx"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/")" 404 "nothing else is served"

# nginx reads a whole body before it passes the request on: slow bodies
# hold nginx connections, never the programs' workers.
slow_bodies_check "$NGINX_PORT" /proxyhooks/intercept "nginx" 0
is "$(printf '%s\n' "$SLOW_OUT" | sed -n '2,$p' | sort | uniq -c | sed 's/^ *//')" "4 slow open" \
	"the slow bodies are still being read by nginx"
unlike "$(cat "$T"/*.log)" "error:" "no errors logged by the programs"
done_testing
