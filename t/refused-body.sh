# A body refused before it is read (over max_body_bytes): the program reads
# and drops what the web server still sends, and the web server gets the
# answer. The web server ends the body with an empty record, which may
# come after the program has read the body and answered (Apache's
# mod_proxy_fcgi writes it then): the program must not close the
# connection before it, or the web server loses the answer to a broken
# pipe and its client sees a 503.
. "${top_srcdir:-.}/t/lib.sh"

fcgi_client_require

ph_setup
start_fcgi callback "$PH_CALLBACK" 1 || exit 1
start_fcgi intercept "$PH_INTERCEPT" 1 || exit 1
[ -S "$T/callback.sock" ] && [ -S "$T/intercept.sock" ]
ok $? "the callback and the intercept listen"

for hook in callback intercept; do
	# shellcheck disable=SC2086
	out=$(python3 "$top_srcdir/t/fcgi-client.py" "$T/$hook.sock" 71014 60000 300 $FCGI_VARS)
	is "$out" "status=413 sent=all" \
		"$hook: a body over max_body_bytes whose rest comes after a pause is answered 413, all of it read"
	# shellcheck disable=SC2086
	out=$(python3 "$top_srcdir/t/fcgi-client.py" "$T/$hook.sock" 71014 71014 0 $FCGI_VARS)
	is "$out" "status=413 sent=all" "$hook: and sent at once, its end record last, too"
done
like "$(cat "$T/callback.log")" "refused 413: body of 71014 bytes is over the limit of 65536" \
	"the log says why"
is "$(ph events --format json | grep -c .)" 0 "nothing is stored"

done_testing
