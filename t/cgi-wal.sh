# CGI mode and the SQLite WAL: a process a request, each one the database's
# last connection. Each answered event is read by the next process; the WAL
# file is kept from one request to the next instead of being checkpointed,
# removed and made again by each, and it stays short (a process that closes
# it long checkpoints it), so that no process has much of it to read back.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
URL=https://hooks.example.com/cgi-bin/proxyhooks-intercept
BODY=$(fixture intercept-message)
SIG=$(printf '%s' "$BODY" | ph sign --body-file - "$URL")
WAL=$T/events.db-wal
# What the store lets the WAL hold when a connection closes (32 frames,
# src/store/store_sqlite.c), plus one request's commit: 16 KB pages, a
# 24-byte header each, and the WAL's own 32-byte header.
BOUND=$((32 + 64 * (16384 + 24)))
N=60

answered=0 read_back=0 kept=0 most=0 missing=
for i in $(seq 1 $N); do
	out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$BODY" "$SIG" 2>>"$T/cgi.log")
	[ "$(cgi_status "$out")" = 200 ] && answered=$((answered + 1))
	# The next process: the CLI, as another user than the hook.
	n=$(ph events --format json 2>>"$T/cli.log" | grep -c .)
	if [ "$n" -eq "$i" ]; then
		read_back=$((read_back + 1))
	else
		missing="$missing $i:$n"
	fi
	if [ -f "$WAL" ]; then
		kept=$((kept + 1))
		size=$(stat -c %s "$WAL")
		[ "$size" -gt "$most" ] && most=$size
	fi
done
is "$answered" "$N" "$N signed intercept requests in CGI are answered 200"
is "$read_back" "$N" "after each, the next process reads every event answered so far${missing:+ (not:$missing)}"
is "$kept" "$N" "the WAL file is kept between requests"
[ "$most" -le "$BOUND" ]
ok $? "and never holds more than about 64 frames ($most bytes at most, $BOUND allowed)"
[ "$most" -gt 0 ]
ok $? "though the requests' commits went through it"
is "$(grep -c 'error' "$T/cgi.log")" 0 "the hook logged no error"

# What the requests left is a sound database holding all of them.
if command -v python3 >/dev/null; then
	check=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0], db.execute("SELECT count(*) FROM events").fetchone()[0])' "$T/events.db")
	is "$check" "ok $N" "the database passes integrity_check and holds the $N events"
else
	skip "no python3 to run integrity_check"
fi

done_testing
