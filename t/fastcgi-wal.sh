# A FastCGI worker and the SQLite WAL: a worker's commit that finds the WAL
# grown past 1,000 frames has it copied into the database by a thread of
# the worker's own (src/store/store_sqlite.c, the checkpointer), not before
# the commit returns. While the workers answer, the events reach the
# database file itself, and the WAL is started again rather than growing
# with every commit.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

load_require

ph_setup
start_fcgi intercept "$PH_INTERCEPT" 2 || exit 1
start_nginx || exit 1
URL="$BASE/proxyhooks/intercept"
load_prepare "$URL" intercept || exit 1

# One at a time: each answer's event is stored before it (the worker finds
# nobody waiting), a commit of several 16 KB pages each.
N=1500
load_send "$URL" "$N" 1 wal "$T/wal.out"
is "$(load_count "$T/wal.out" 200)" "$N" "$N signed intercept requests through nginx are answered 200"
is "$(stored_tokens | grep -c '^wal-')" "$N" "every one is stored"
is "$(stored_tokens | grep '^wal-' | uniq -d | wc -l | tr -d ' ')" 0 "each once"

# The database file alone, without its WAL: what checkpoints copied.
cp "$T/events.db" "$T/copy.db"
copied=$(sqlite3 "file:$T/copy.db?immutable=1" 'SELECT count(*) FROM events' 2>&1)
diag "events in the database file itself: $copied"
[ "$copied" -gt 0 ] 2>/dev/null
ok $? "the WAL was copied into the database while the workers served"
# Never started again, the WAL would hold every commit: about nine frames
# a request.
frames=$(( ($(stat -c %s "$T/events.db-wal") - 32) / (16384 + 24) ))
diag "the WAL file: $frames frames"
[ "$frames" -lt $((N * 4)) ]
ok $? "the WAL was started again: $frames frames, not every commit's"
is "$(grep -c 'error' "$T/intercept.log")" 0 "the workers logged no error"

# Stopped, the workers leave a sound database.
# shellcheck disable=SC2046
kill $(cat "$T/intercept.pid") 2>/dev/null
for i in $(seq 1 100); do
	alive=0
	for p in $(cat "$T/intercept.pid"); do
		kill -0 "$p" 2>/dev/null && alive=1
	done
	[ "$alive" -eq 0 ] && break
	sleep 0.1
done
is "$alive" 0 "the workers stop on SIGTERM"
is "$(sqlite3 "$T/events.db" 'PRAGMA integrity_check')" ok "the database passes integrity_check"
is "$(sqlite3 "$T/events.db" "SELECT count(*) FROM events WHERE idempotency_token LIKE 'wal-%'")" "$N" \
	"and holds the $N events"

done_testing
