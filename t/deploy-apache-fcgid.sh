# Apache with mod_fcgid: Apache starts the programs itself. The shipped
# apache/proxyhooks-fcgid.conf, paths filled in.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_fcgid.so" ] || skip_all "mod_fcgid is not installed (libapache2-mod-fcgid)"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
deploy_programs
deploy_fill "$top_srcdir/apache/proxyhooks-fcgid.conf" > "$T/site.conf"
if ! start_apache event "alias env fcgid" "$T/site.conf"; then
	ok 1 "Apache starts with the shipped mod_fcgid configuration"
	done_testing
	exit
fi
ok 0 "Apache starts with the shipped mod_fcgid configuration"

deploy_suite "$BASE" /proxyhooks/

out=$(ph send callback "$BASE/proxyhooks/callback" "interactionData=$(head -c 70000 /dev/zero | tr '\0' a)" 2>&1)
is "$(printf '%s\n' "$out" | head -n 1)" "HTTP 413" "a body over 64k is refused by Apache (413)"
like "$(cat "$T/apache/error.log")" "proxyhooks-intercept\[[0-9]+\]: info: serving FastCGI requests" \
	"the programs run as FastCGI servers, not once per request"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/proxyhooks/")" 404 "nothing else is served"
stop_apache
sleep 0.2
unlike "$(ps -eo args | grep "$T/libexec/proxyhooks/proxyhooks-" | grep -v grep)" . \
	"stopping Apache stops the programs"
unlike "$(cat "$T/apache/error.log")" "proxyhooks-[a-z-]+\[[0-9]+\]: error:" "no errors logged by the programs"
done_testing
