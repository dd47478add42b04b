# Apache running the programs as plain CGI (mod_cgi, prefork MPM): the
# shipped apache/proxyhooks-cgi.conf, paths filled in.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_cgi.so" ] || skip_all "mod_cgi is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
deploy_programs
deploy_fill "$top_srcdir/apache/proxyhooks-cgi.conf" > "$T/site.conf"
reqtimeout=""
[ -f "$APACHE_MODULES/mod_reqtimeout.so" ] && reqtimeout=reqtimeout
if ! start_apache prefork "alias env cgi $reqtimeout" "$T/site.conf"; then
	ok 1 "Apache starts with the shipped CGI configuration"
	done_testing
	exit
fi
ok 0 "Apache starts with the shipped CGI configuration"

deploy_suite "$BASE" /proxyhooks/

n=$(ph events --format json | grep -c '"hook"')
out=$(ph send callback "$BASE/proxyhooks/callback" "interactionData=$(head -c 70000 /dev/zero | tr '\0' a)" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 413" "a body over 64k is refused by Apache (413)"
is "$(ph events --format json | grep -c '"hook"')" "$n" "and nothing is stored"
unlike "$(cat "$T/apache/error.log")" "serving FastCGI requests" "the programs answer once per request, as CGI"
like "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/")" '^40[34]$' "nothing else is served"

# Each request is a process of its own: slow bodies hold only theirs.
slow_bodies_check "$APACHE_PORT" /proxyhooks/intercept "CGI" 0
unlike "$(cat "$T/apache/error.log")" "proxyhooks-[a-z-]+\[[0-9]+\]: error:" "no errors logged by the programs"
stop_apache
done_testing
