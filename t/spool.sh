# The spool, retention and privacy, with the programs run as CGI (no web
# server): a store that is locked, read-only or missing still gets 2xx
# answers and nothing lost; `proxyhooks spool status|replay`; `proxyhooks
# purge` and retain_days; redact_bodies.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

command -v sqlite3 >/dev/null || skip_all "the sqlite3 command is not installed"

ph_setup "store_timeout_ms = 200"
URL=https://hooks.example.com/cgi-bin/proxyhooks-callback
BODY=$(fixture callback-message)
SIG=$(printf '%s' "$BODY" | ph sign --body-file - "$URL")
post() {	# post TOKEN: the status of a signed callback through CGI
	cgi_status "$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$BODY" "$SIG" \
		HTTP_I_TWILIO_IDEMPOTENCY_TOKEN="$1" 2>>"$T/cgi.log")"
}
count() {
	ph events --format json | grep -c '"hook"'
}

is "$(post first)" 200 "a callback is stored"
is "$(count)" 1 "it is in the store"
ph spool status > "$T/status.out"
is $? 0 "spool status: nothing waits"
like "$(cat "$T/status.out")" "^spool: $T/spool" "the spool is a spool folder beside the database"

# A store locked by another process's write transaction.
sqlite_lock "$T/events.db"
is "$(post locked-1)" 200 "with the store locked, a callback is answered 200"
is "$(post locked-2)" 200 "and another"
like "$(cat "$T/cgi.log")" "spooled in $T/spool" "the log says it was spooled"
ph spool status > "$T/status.out"
is $? 1 "spool status exits 1 while events wait"
like "$(cat "$T/status.out")" "waiting: 2 event\(s\)" "two events wait"
out=$(ph spool replay 2>&1)
is $? 1 "a replay into the locked store fails"
like "$out" "database is locked" "saying why"
out=$(ph spool status)
like "$out" "the last replay stopped [0-9T:.Z-]+: .*database is locked" \
	"spool status says the last replay stopped on the store, and why"
unlike "$out" "running|interrupted" "not that one runs or was interrupted"
sqlite_unlock
is "$(count)" 1 "nothing spooled is in the store yet"
is "$(ph spool replay 2>"$T/progress")" "2 event(s) replayed into the store, 0 already there" \
	"once the lock is gone, spool replay stores them"
like "$(cat "$T/progress")" "^spool replay: 0 of 2 event\(s\) done" "spool replay shows its progress"
like "$(cat "$T/progress")" "spool replay: 2 of 2 event\(s\) done \(2 stored, 0 already there, 0 refused\)$" \
	"up to the end"
unlike "$(ph spool status)" "stopped|running|interrupted" "spool status forgets the stopped replay once one finished"
like "$(ph config check)" "^# spool_dir is not set: the spool is $T/spool \(the default\)$" \
	"config check names the spool the programs use"
like "$(ph report)" "Spool: $T/spool:" "and report the same"
is "$(count)" 3 "they are in the store"
is "$(ph events --format json | sed -n 's/.*"idempotency_token":"\(locked-[0-9]\)".*/\1/p' | tr '\n' ' ')" \
	"locked-1 locked-2 " "in the order they came"
is "$(ph spool replay)" "0 event(s) replayed into the store, 0 already there" "a second replay finds nothing"
is "$(post locked-1)" 200 "a repeated delivery after the replay is answered 200"
is "$(count)" 3 "and stored once"

# Events without an idempotency token carry a key of their own: a replay
# of lines already stored (a crash before the spool file went) adds nothing.
sqlite_lock "$T/events.db"
out=$(cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback "$BODY" "$SIG" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "a callback without an idempotency token is spooled"
sqlite_unlock
cp "$T/spool/events.spool" "$T/copy.spool"
ph spool replay >/dev/null
is "$(count)" 4 "it is replayed"
cp "$T/copy.spool" "$T/spool/events.spool"
ph_own "$T/spool/events.spool"
is "$(ph spool replay)" "0 event(s) replayed into the store, 1 already there" \
	"the same line again is known by its event key"
is "$(count)" 4 "and stored once"

# A store that is missing: the programs spool until it can be opened.
cp "$PROXYHOOKS_CONF" "$T/good.conf"
sed -i "s#^database = .*#database = $T/missing/events.db#" "$PROXYHOOKS_CONF"
echo "spool_dir = $T/spool" >> "$PROXYHOOKS_CONF"
is "$(post missing-1)" 200 "with no store at all, a callback is answered 200"
like "$(ph spool status)" "waiting: 1 event" "and spooled"
cp "$T/good.conf" "$PROXYHOOKS_CONF"
is "$(post after-missing)" 200 "the first callback with the store back"
is "$(count)" 6 "brings the spooled one in before its own"
is "$(ph events --limit 2 --format json | sed -n 's/.*"idempotency_token":"\([^"]*\)".*/\1/p' | tr '\n' ' ')" \
	"missing-1 after-missing " "in that order"

# Neither store nor spool: 500, so that Twilio retries.
sed -i "s#^database = .*#database = $T/missing/events.db#" "$PROXYHOOKS_CONF"
echo "spool_dir = $T/missing/spool" >> "$PROXYHOOKS_CONF"
is "$(post nowhere)" 500 "with neither a store nor a spool, a callback is answered 500"
like "$(cat "$T/cgi.log")" "event not recorded" "the log says the event was not recorded"
cp "$T/good.conf" "$PROXYHOOKS_CONF"

# A read-only database file (the programs never run as root, who could
# write it anyway).
chmod 0444 "$T/events.db"
is "$(post readonly-1)" 200 "with the database read-only, a callback is answered 200"
like "$(ph spool status)" "waiting: 1 event" "and spooled"
chmod 0640 "$T"/events.db*	# SQLite made -wal and -shm read-only like it
is "$(post readonly-2)" 200 "writable again, the next callback"
is "$(count)" 8 "brings the spooled one in too"
ls -l "$T/spool" > "$T/spool.ls"
unlike "$(sed -n 's/^[^ ]* *[^ ]* *\([^ ]*\).*/\1/p' "$T/spool.ls" | sort -u)" '^root$' \
	"the spool's files stay the programs' user's"

# retain_days: purge by hand, and automatically.
out=$(ph purge 2>&1)
is $? 1 "purge without retain_days or --older-than refuses"
like "$out" "retain_days is not set" "saying what to set"
n=$(count)
like "$(ph purge --dry-run --older-than 1d)" "^0 event\(s\) received before" "nothing is a day old"
like "$(ph purge --dry-run --older-than 0s)" "^$n event\(s\) received before .* would be removed" \
	"--dry-run counts what would go"
is "$(count)" "$n" "and removes nothing"
sqlite3 "$T/events.db" "INSERT INTO events (hook, received_ms, params) VALUES ('callback', 1000, '[]');"
echo "retain_days = 30" >> "$PROXYHOOKS_CONF"
like "$(ph purge)" "^1 event\(s\) received before" "purge removes events past retain_days"
is "$(count)" "$n" "and only those"
sqlite3 "$T/events.db" "INSERT INTO events (hook, received_ms, params) VALUES ('callback', 1000, '[]');"
is "$(post retained)" 200 "with retain_days set, a callback"
is "$(sqlite3 "$T/events.db" 'SELECT count(*) FROM events WHERE received_ms = 1000')" 0 \
	"removes events past it by the way"
is "$(count)" "$((n + 1))" "and keeps the rest"
ph purge --older-than 0s >/dev/null
is "$(count)" 0 "purge --older-than 0s removes everything"

# redact_bodies: the message text only as a hash and a length, in the
# store and in the spool alike.
echo "redact_bodies = yes" >> "$PROXYHOOKS_CONF"
is "$(post redacted-1)" 200 "with redact_bodies, a message callback is stored"
json=$(ph events --format json)
like "$json" '"interactionData":"\{\\"body\\":\\"\[redacted sha256:[0-9a-f]{64} len=20\]\\"\}"' \
	"its body is a hash and a length"
unlike "$json" "On my way" "the text is not stored"
OOS_URL=https://hooks.example.com/cgi-bin/proxyhooks-out-of-session
OOS_BODY=$(fixture out-of-session-message)
OOS_SIG=$(printf '%s' "$OOS_BODY" | ph sign --body-file - "$OOS_URL")
out=$(cgi_post "$PH_OOS" /cgi-bin/proxyhooks-out-of-session "$OOS_BODY" "$OOS_SIG" 2>>"$T/cgi.log")
is "$(cgi_status "$out")" 200 "an out-of-session message is answered"
json=$(ph events --hook out-of-session --format json)
like "$json" '"Body":"\[redacted sha256:[0-9a-f]{64} len=28\]"' "its Body is a hash and a length"
unlike "$json" "still there" "the text is not stored"
sqlite_lock "$T/events.db"
is "$(post redacted-2)" 200 "a message callback while the store is locked"
sqlite_unlock
unlike "$(cat "$T/spool/events.spool")" "On my way" "is spooled without its text"
like "$(cat "$T/spool/events.spool")" "redacted sha256:" "but with its hash"

# redact_key_file: the hash is keyed, so that a short text cannot be found
# by hashing guesses. Without its key file the hook answers 500, as with a
# broken configuration, until the file can be read.
echo "redact_key_file = $T/redact.key" >> "$PROXYHOOKS_CONF"
: > "$T/cgi.log"
is "$(post redacted-keyed-0)" 500 "redact_key_file missing: 500"
like "$(cat "$T/cgi.log")" "error: redact_key_file: .*$T/redact.key" "the log names the file"
printf '# the key of the redaction hashes\nredaction-key-1\n' > "$T/redact.key"
chmod 600 "$T/redact.key"
ph_own "$T/redact.key"
is "$(post redacted-keyed-1)" 200 "once it is there, the callback is stored"
json=$(ph events --format json | grep '"redacted-keyed-1"')
# printf 'On my way, 5 minutes' | openssl dgst -sha256 -hmac redaction-key-1
like "$json" '\[redacted hmac-sha256:77e79da0c2ebfcefd6240af5980df3a1a278d735b72fc8dcad4d4b6b498b9afc len=20\]' \
	"its body is the HMAC-SHA256 of the text under the key, and the length"
unlike "$json" "On my way" "the text is not stored"
chmod 644 "$T/redact.key"
printf 'redaction-key-2\n' >> "$T/redact.key"
touch -d '+2 seconds' "$T/redact.key"
is "$(post redacted-keyed-2)" 200 "with another line in the key file, the next callback is stored"
like "$(cat "$T/cgi.log")" "redact.key can be read by other users" "and one others can read is warned about"
chmod 600 "$T/redact.key"

# Usage.
ph spool >/dev/null 2>&1
is $? 2 "spool without a subcommand is a usage error"
ph spool bogus >/dev/null 2>&1
is $? 2 "so is an unknown one"
ph purge --older-than soon >/dev/null 2>&1
is $? 2 "and a bad --older-than"
done_testing
