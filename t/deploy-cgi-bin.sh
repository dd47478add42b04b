# A shared-hosting cgi-bin: "make install-cgi" puts the programs and an
# .htaccess in a folder of the web site and the configuration template
# outside it; Apache (mod_cgi) with nothing but AllowOverride All for the
# site, as such a host has, runs them.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$APACHE2" ] || skip_all "apache2 is not installed"
[ -f "$APACHE_MODULES/mod_cgi.so" ] || skip_all "mod_cgi is not installed"
[ -f "$top_builddir/Makefile" ] || skip_all "no Makefile in $top_builddir"
command -v curl >/dev/null || skip_all "curl is not installed"

deploy_setup
CGIBIN=$T/www/cgi-bin
CGICONF=$T/home/proxyhooks
out=$(make -s -C "$top_builddir" install-cgi CGIBIN=www/cgi-bin 2>&1)
ok $(( $? == 0 )) "install-cgi refuses a relative CGIBIN"
like "$out" "absolute path" "and says why"
make -s -C "$top_builddir" install-cgi CGIBIN="$CGIBIN" CGICONF="$CGICONF" >"$T/install.log" 2>&1
ok $? "make install-cgi CGIBIN=... CGICONF=..."
for p in proxyhooks-callback proxyhooks-intercept proxyhooks-out-of-session \
	proxyhooks-conversations proxyhooks-voice; do
	[ -x "$CGIBIN/$p" ]
	ok $? "$p is installed in CGIBIN"
done
# Built for such a host (--enable-static-programs): none of our libraries
# is needed there.
if grep -q -e '--enable-static-programs' "$top_builddir/config.status" 2>/dev/null; then
	for p in proxyhooks-callback proxyhooks-intercept proxyhooks-out-of-session \
	proxyhooks-conversations proxyhooks-voice; do
		# Its own needs: libcurl, kept shared, brings its own libcrypto.
		unlike "$(objdump -p "$CGIBIN/$p" | grep NEEDED)" \
			"lib(fcgi|xml2|sqlite3|crypto|pcre2-8|jansson|inih)\\." \
			"$p is linked with the libraries, not against them"
		diag "$p: $(stat -c %s "$CGIBIN/$p") bytes"
	done
fi
like "$(cat "$CGIBIN/.htaccess")" "^SetEnv PROXYHOOKS_CONF $CGICONF/proxyhooks.conf$" \
	"the .htaccess names the configuration outside the web root"
[ -f "$CGICONF/proxyhooks.conf" ] && [ -f "$CGICONF/policy" ]
ok $? "the configuration template and a policy are in CGICONF"

# What the user does next: the token, a policy, one edited setting.
cp "$T/auth_token" "$CGICONF/auth_token"
cp "$T/policy" "$CGICONF/policy"
sed -i "s/^oos_voice_say = .*/oos_voice_say = $DEPLOY_SAY/" "$CGICONF/proxyhooks.conf"
PROXYHOOKS_CONF=$CGICONF/proxyhooks.conf
make -s -C "$top_builddir" install-cgi CGIBIN="$CGIBIN" CGICONF="$CGICONF" >>"$T/install.log" 2>&1
like "$(cat "$CGICONF/proxyhooks.conf")" "^oos_voice_say = $DEPLOY_SAY$" \
	"installing again keeps the edited configuration"

cat > "$T/site.conf" <<SITE_EOF
DocumentRoot $T/www
<Directory $T/www>
	AllowOverride All
	Require all granted
</Directory>
SITE_EOF
if ! start_apache prefork "env cgi" "$T/site.conf"; then
	ok 1 "Apache starts with the site"
	done_testing
	exit
fi
ok 0 "Apache starts with the site"

deploy_suite "$BASE" /cgi-bin/proxyhooks-

[ -f "$CGICONF/events.db" ]
ok $? "the database is made next to the configuration (paths relative to it)"
unlike "$(cat "$T/apache/error.log")" "proxyhooks-[a-z-]+\[[0-9]+\]: error:" "no errors logged by the programs"
stop_apache
done_testing
