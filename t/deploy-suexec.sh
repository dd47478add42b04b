# Shared hosting as Debian ships it: Apache with mod_userdir and suEXEC
# runs each user's ~/public_html CGI programs as that user, with an
# environment stripped of SetEnv. A plain user (made here, removed at the
# end) builds with --prefix=$HOME/..., installs into ~/public_html/cgi-bin
# with "make install-cgi", and Twilio-signed requests are stored: the
# programs find their configuration next to themselves.
. "${top_srcdir:-.}/t/lib.sh"

SUEXEC=/usr/lib/apache2/suexec
[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
for m in userdir suexec cgi env; do
	[ -f "$APACHE_MODULES/mod_$m.so" ] || skip_all "mod_$m is not installed"
done
[ -u "$SUEXEC" ] || skip_all "suexec is not installed (apache2-suexec-pristine)"
[ "$(id -u)" -eq 0 ] || skip_all "making a user and running suexec needs root"
command -v curl >/dev/null || skip_all "curl is not installed"
command -v useradd >/dev/null && command -v runuser >/dev/null ||
	skip_all "useradd or runuser is missing"

deploy_setup
SX_USER=phsx$$
SX_HOME=/home/$SX_USER
suexec_cleanup() {
	stop_apache
	userdel -r "$SX_USER" >/dev/null 2>&1
	rm -rf "$SX_HOME"
	ph_cleanup
}
trap suexec_cleanup EXIT
useradd -m -d "$SX_HOME" -s /bin/sh "$SX_USER"
ok $? "a plain user $SX_USER is made"
as_user() {
	runuser -u "$SX_USER" -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$SX_HOME" "$@"
}
# The web server's user only passes through the home and public_html.
chmod 711 "$SX_HOME"

# What the user does: build for a home folder, install into public_html.
as_user sh -c 'umask 022 && mkdir -p ~/public_html ~/build && cd ~/build &&
	"$1/configure" -q --prefix="$HOME/proxyhooks-build" &&
	make -s -j2 install-cgi CGIBIN="$HOME/public_html/cgi-bin" CGICONF="$HOME/proxyhooks"' \
	sh "$top_srcdir" >"$T/build.log" 2>&1
ok $? "the user builds with --prefix=\$HOME/... and runs make install-cgi" ||
	diag "$(tail -n 20 "$T/build.log")"
CGIBIN=$SX_HOME/public_html/cgi-bin
CGICONF=$SX_HOME/proxyhooks
is "$(readlink "$CGIBIN/proxyhooks.conf")" "$CGICONF/proxyhooks.conf" \
	"install-cgi links proxyhooks.conf next to the programs to the configuration"
is "$(stat -c '%U %a' "$CGIBIN" "$CGIBIN/proxyhooks-intercept" | sort -u | tr '\n' ' ')" \
	"$SX_USER 755 " "the programs and their folder are the user's, writable by no one else"
# The token, the test's policy and a setting; debug logs which file was used.
cp "$T/auth_token" "$CGICONF/auth_token"
cp "$T/policy" "$CGICONF/policy"
chown "$SX_USER:" "$CGICONF/auth_token" "$CGICONF/policy"
chmod 600 "$CGICONF/auth_token"
sed -i -e "s/^oos_voice_say = .*/oos_voice_say = $DEPLOY_SAY/" \
	-e "s/^log_level = .*/log_level = debug/" "$CGICONF/proxyhooks.conf"
PROXYHOOKS_CONF=$CGICONF/proxyhooks.conf
# The CLI as the user too, so that every file in CGICONF stays the user's.
ph() {
	as_user "$PH_CLI" -c "$PROXYHOOKS_CONF" "$@"
}

sx_start() {	# sx_start EXTRA_SITE_LINES: Debian's userdir.conf, then those
	{
		echo "UserDir public_html"
		echo "UserDir disabled root"
		sed -n '/^<Directory/,/^<\/Directory>/p' /etc/apache2/mods-available/userdir.conf
		printf '%s\n' "$1"
	} > "$T/site.conf"
	start_apache prefork "userdir suexec cgi env" "$T/site.conf"
	local started=$?
	trap suexec_cleanup EXIT	# start_apache sets its own
	return $started
}
URL=/~$SX_USER/cgi-bin/proxyhooks-

# Debian's stock userdir: Options are refused in an .htaccess, and
# ExecCGI is off.
if [ ! -f /etc/apache2/mods-available/userdir.conf ] || ! sx_start ""; then
	ok 1 "Apache starts with Debian's userdir.conf"
	done_testing
	exit
fi
ok 0 "Apache starts with Debian's userdir.conf"
like "$(grep suEXEC "$T/apache/error.log")" "suEXEC mechanism enabled" "with suEXEC"
is "$(curl -s -o /dev/null -w '%{http_code}' --data x=1 "$BASE${URL}callback")" 500 \
	"the .htaccess as installed is refused there (500)"
like "$(cat "$T/apache/error.log")" "Options not allowed here" "and the error log says why"
stop_apache

# What the administrator adds to the site (docs/deployment.md).
if ! sx_start "<Directory /home/*/public_html/cgi-bin>
	Options +ExecCGI
	AllowOverride FileInfo AuthConfig Limit Indexes Options=ExecCGI
</Directory>"; then
	ok 1 "Apache starts with ExecCGI allowed in public_html/cgi-bin"
	done_testing
	exit
fi
ok 0 "Apache starts with ExecCGI allowed in public_html/cgi-bin"
deploy_suite "$BASE" "$URL"
is "$(stat -c %U "$CGICONF/events.db")" "$SX_USER" "the programs ran as the user (suEXEC): the database is theirs"
log=$(cat "$T/apache/error.log")
like "$log" "configuration $CGICONF/proxyhooks.conf \\($CGIBIN/proxyhooks.conf, next to the program\\)" \
	"the programs found the configuration next to themselves, and logged so"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/~$SX_USER/cgi-bin/proxyhooks.conf")" 403 \
	"the link to the configuration is not served"
unlike "$log" "proxyhooks-[a-z-]+\[[0-9]+\]: error:" "no errors logged by the programs"
[ "$tap_failed" -eq 0 ] || diag "suexec.log: $(tail -n 5 /var/log/apache2/suexec.log 2>/dev/null)"
stop_apache
done_testing
