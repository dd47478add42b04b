# A CGI request of the intercept answers from the directory's answers that
# the machine's processes share (DATABASE-directory) and leaves its event in
# the spool, opening no database; the events waiting are stored, each once,
# by the first request past cgi_spool_ms, by one that must open the store
# (a participant not answered for, a limit rule's count), and by
# `proxyhooks events` before it reads.
. "${top_srcdir:-.}/t/lib.sh"

command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
# No request here waits out cgi_spool_ms but the one that is meant to, nor
# the shared answers' age, however slow the machine.
ph_setup "cgi_spool_ms = 60000" "directory_cache_seconds = 3600"
printf 'block from +19515550111\ndefault allow\n' > "$T/policy"
URL=https://hooks.example.com/cgi-bin/proxyhooks-intercept
BODY=$(fixture intercept-message)
SIG=$(printf '%s' "$BODY" | ph sign --body-file - "$URL")
SPOOL=$T/spool/events.spool

post() {	# post TOKEN: the answer's status
	echo "$1" >> "$T/posted"
	cgi_status "$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$BODY" "$SIG" \
		HTTP_I_TWILIO_IDEMPOTENCY_TOKEN="$1" 2>>"$T/cgi.log")"
}
stored() {	# the events in the database itself, the spool left alone
	$PH_AS sqlite3 "$T/events.db" "SELECT count(*) FROM events"
}
spooled() {
	if [ -s "$SPOOL" ]; then grep -c . "$SPOOL"; else echo 0; fi
}
posted() {	# the requests made, one delivered twice
	grep -c . "$T/posted"
}
token_rows() {
	$PH_AS sqlite3 "$T/events.db" "SELECT count(*) FROM events WHERE idempotency_token = '$1'"
}

# The first request finds no shared answers (no store opened the database
# yet): it opens the store, reads the directory and stores its event.
is "$(post first)" 200 "a message of a participant the directory does not hold is allowed"
is "$(stored)/$(spooled)" "1/0" "the first request stored its event: nothing was shared yet"
[ -f "$T/events.db-directory" ]
ok $? "the store made DATABASE-directory beside the database"

# The next ones answer from what the first read, the directory's version
# unchanged: their events wait in the spool.
answered=0
for i in 2 3 4 5; do
	[ "$(post "later-$i")" = 200 ] && answered=$((answered + 1))
done
is "$answered" 4 "four more requests of the same participant are allowed"
is "$(stored)/$(spooled)" "1/4" "their events wait in the spool, the database untouched"
[ "$(post dup-1)" = 200 ] && [ "$(post dup-1)" = 200 ]
ok $? "a request delivered twice is answered twice"
is "$(spooled)" 6 "both copies wait in the spool"

# proxyhooks events stores what waits before it reads: all of it, once.
is "$(ph events --format json 2>>"$T/cli.log" | grep -c .)" "$(( $(posted) - 1 ))" \
	"proxyhooks events shows every event answered, the copy delivered twice once"
is "$(stored)/$(spooled)" "$(( $(posted) - 1 ))/0" "and the spool is empty: they are in the database"
is "$(token_rows dup-1)" 1 "the event delivered twice is stored once"

# A change of the directory moves its version on: what was shared is not
# used, and the rule on the number now holds at once.
ph participants add KPdddddddddddddddddddddddddddddddd +19515550111 \
	--session KCcccccccccccccccccccccccccccccccc >/dev/null
before=$(stored)
is "$(post blocked-1)" 403 "once the directory has the participant's number, the rule blocks"
is "$(stored)/$(spooled)" "$((before + 1))/0" \
	"that request read the directory, so it opened the store and stored its event"
is "$(post blocked-2)" 403 "the next request answers from the shared answer: blocked too"
is "$(spooled)" 1 "and its event waits in the spool"

# A limit rule counts what waits in the spool too: the next request is the
# one past the limit only if the spooled events are counted.
total=$(( $(stored) + $(spooled) ))
printf 'block limit %d per hour\ndefault allow\n' "$total" > "$T/policy"
is "$(post limit-1)" 403 "a limit rule counts the events waiting in the spool ($total before it)"
is "$(spooled)" 0 "opening the store for the count stored what waited"

# The first request past cgi_spool_ms stores what waits, after its answer.
printf 'block from +19515550111\ndefault allow\n' > "$T/policy"
sed -i 's/^cgi_spool_ms = .*/cgi_spool_ms = 1000/' "$PROXYHOOKS_CONF"
is "$(post wait-1)" 403 "a request answered from the shared answer again"
is "$(spooled)" 1 "its event waits in the spool"
sleep 1.2
before=$(stored)
is "$(post wait-2)" 403 "the first request a second later is answered"
is "$(stored)/$(spooled)" "$((before + 2))/0" \
	"and it stored both waiting events, its own and the older one"

# cgi_spool_ms = 0: every request stores its own event, as before.
sed -i 's/^cgi_spool_ms = .*/cgi_spool_ms = 0/' "$PROXYHOOKS_CONF"
before=$(stored)
is "$(post now-1)" 403 "with cgi_spool_ms = 0 the request is answered"
is "$(stored)/$(spooled)" "$((before + 1))/0" "and it stored its event itself"

is "$(stored)" "$(( $(posted) - 1 ))" "in the end every request is in the database once ($(posted) requests, one twice)"
is "$(grep -c -i 'error' "$T/cgi.log")" 0 "the hook logged no error"
is "$(stat -c %U "$T/events.db-directory")" "$(stat -c %U "$T/events.db")" \
	"DATABASE-directory belongs to the database's owner"

done_testing
