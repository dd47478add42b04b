# Apache with mod_proxy_fcgi in front of the programs as FastCGI servers
# on Unix sockets (as the systemd units run them): the shipped
# apache/proxyhooks-proxy-fcgi.conf, paths filled in.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_proxy_fcgi.so" ] || skip_all "mod_proxy_fcgi is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

# A longer body deadline than the default second, so that the signed
# request's answer is never raced by it on a slow machine: Apache's
# RequestReadTimeout (the snippet's) still ends the slow bodies first.
deploy_setup "body_timeout_ms = 5000"
deploy_fill "$top_srcdir/apache/proxyhooks-proxy-fcgi.conf" > "$T/site.conf"
reqtimeout=""
[ -f "$APACHE_MODULES/mod_reqtimeout.so" ] && reqtimeout=reqtimeout
if ! start_apache event "env proxy proxy_fcgi $reqtimeout" "$T/site.conf"; then
	ok 1 "Apache starts with the shipped mod_proxy_fcgi configuration"
	done_testing
	exit
fi
ok 0 "Apache starts with the shipped mod_proxy_fcgi configuration"
# Started after Apache gave $T to its user: the programs' log files and
# sockets are made now (the sockets mode 0666 here, 0660 for the web
# server's group in the systemd units).
# One process each, with the options the systemd unit gives it.
start_fcgi callback "$PH_CALLBACK" 1 $(unit_options)
start_fcgi intercept "$PH_INTERCEPT" 1 $(unit_options)
start_fcgi out-of-session "$PH_OOS" 1 $(unit_options)
start_fcgi conversations "$PH_CONVERSATIONS" 1 $(unit_options)
start_fcgi voice "$PH_VOICE" 1 $(unit_options)

deploy_suite "$BASE" /proxyhooks/

n=$(ph events --format json | grep -c '"hook"')
out=$(ph send callback "$BASE/proxyhooks/callback" "interactionData=$(head -c 70000 /dev/zero | tr '\0' a)" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 413" "a body over 64k is refused by Apache (413)"
is "$(ph events --format json | grep -c '"hook"')" "$n" "and nothing is stored"
like "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/")" '^40[34]$' "nothing else is served"

# Apache passes a body on as it arrives: slow bodies reach the programs,
# which end each after body_timeout_ms (408), and have workers to spare.
slow_bodies_check "$APACHE_PORT" /proxyhooks/intercept "mod_proxy_fcgi"
is "$(printf '%s\n' "$SLOW_OUT" | sed -n '2,$p' | sort | uniq -c | sed 's/^ *//')" "4 slow 408" \
	"each slow body is dropped with a 408"
host_notes=$(grep 'no public_base_url in .*built from the Host header' "$T/callback.log" | sed 's/\].*//')
like "$host_notes" . "without public_base_url the workers say that the URL comes from the Host header"
is "$(printf '%s\n' "$host_notes" | sort | uniq -d)" "" "each worker once, however many requests it served"
unlike "$(cat "$T"/*.log)" "error:" "no errors logged by the programs"
stop_apache
done_testing
