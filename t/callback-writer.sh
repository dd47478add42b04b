# The writers' lock (store_begin, src/store/version.c): a callback worker
# whose group finds another writer's lock taken waits for its release,
# answers none of its callbacks meanwhile, and stores them in one commit
# once it is released; held past store_timeout_ms, the group goes to the
# spool (synced) and is answered, and is stored from there later. Another
# process holds the lock here (a record lock on byte 4096 of
# DATABASE-directory), not SQLite's own.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

load_require
command -v ss >/dev/null || { diag "ss is not installed (iproute2)"; exit 1; }

callback_start "store_timeout_ms = 20000"
load_send "$URL" 1 1 first "$T/first.out"
is "$(load_count "$T/first.out" 200)" 1 "a lone callback is answered 200"
ok $([ -f "$T/events.db-directory" ] && echo 0 || echo 1) "the lock's file is beside the database"

# Hold the writers' lock from another process until writers_unlock.
writers_lock() {
	local i
	rm -f "$T/writers.fifo" "$T/writers.out"
	mkfifo "$T/writers.fifo"
	python3 -c '
import fcntl, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDWR)
# struct flock: type, whence, start, len, pid (0: a lock of the open file)
fcntl.fcntl(fd, fcntl.F_OFD_SETLKW, struct.pack("hh4xqqi4x", fcntl.F_WRLCK, 0, 4096, 1, 0))
print("holding", flush=True)
sys.stdin.readline()
' "$T/events.db-directory" < "$T/writers.fifo" > "$T/writers.out" 2>&1 &
	WRITERS_HOLDER=$!
	ph_pids="$ph_pids $WRITERS_HOLDER"
	exec 8>"$T/writers.fifo"
	for i in $(seq 1 200); do
		grep -q holding "$T/writers.out" 2>/dev/null && return 0
		sleep 0.05
	done
	diag "the holder did not take the lock: $(cat "$T/writers.out")"
	return 1
}
# A line, not the end of the pipe: the senders started meanwhile hold it too.
writers_unlock() {
	echo release >&8
	exec 8>&-
	wait "$WRITERS_HOLDER"
}
# Wait (up to 30 s) until N connections wait at the worker's socket.
queued() {	# queued N
	local i
	for i in $(seq 1 600); do
		[ "$(ss -xlnH "src $T/callback.sock" | awk '{ print $3 }' | head -n 1)" -ge "$1" ] \
			2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
handled() {	# handled N: the worker has read N requests in all
	local i
	for i in $(seq 1 600); do
		[ "$(grep -c 'callback: POST request' "$T/callback.log")" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

before=$(grep -c 'callback: POST request' "$T/callback.log")
writers_lock || exit 1
load_send "$URL" 1 1 lead "$T/lead.out" &
lead=$!
handled $((before + 1))
ok $? "the worker takes a callback and waits for the lock with its event"
load_send "$URL" 8 8 group "$T/group.out" &
sender=$!
queued 8
ok $? "eight more wait at its socket"
is "$(cat "$T/lead.out" "$T/group.out" | grep -c .)" 0 "while the lock is held, no callback is answered"
is "$(stored_tokens | grep -c -e '^lead-' -e '^group-')" 0 "nor stored"
writers_unlock
wait "$lead" "$sender"
is "$(load_count "$T/lead.out" 200)" 1 "once it is released, the first is answered 200"
is "$(load_count "$T/group.out" 200)" 8 "and so are the eight"
is "$(stored_tokens | grep -c '^group-')" 8 "all of them stored"
is "$(stored_tokens | grep '^group-' | uniq -d | wc -l | tr -d ' ')" 0 "each once"
most=$(sed -n 's/.*callback: \([0-9]*\) event(s) of [0-9]* request(s) recorded in one synced commit.*/\1/p' \
	"$T/callback.log" | sort -n | tail -n 1)
is "${most:-0}" 8 "the eight that waited together shared one commit"
ph spool status >/dev/null
ok $? "none went to the spool"

# Held past store_timeout_ms: the spool takes the group, synced, and the
# callbacks are answered 200; the next group stores what it holds.
sed -i 's/^store_timeout_ms = .*/store_timeout_ms = 300/' "$PROXYHOOKS_CONF"
writers_lock || exit 1
load_send "$URL" 3 3 late "$T/late.out"
is "$(load_count "$T/late.out" 200)" 3 "held past store_timeout_ms, three callbacks are still answered 200"
is "$(stored_tokens | grep -c '^late-')" 0 "not stored"
ph spool status > "$T/spool.status"
is $? 1 "but spooled"
writers_unlock
# After the second a failing store is left alone for: the spool is replayed.
sleep 1.1
load_send "$URL" 1 1 after "$T/after.out"
is "$(load_count "$T/after.out" 200)" 1 "with the lock free again, a callback is answered 200"
is "$(stored_tokens | grep -c '^late-')" 3 "and the spooled three are in the store"
is "$(stored_tokens | grep -c '^after-')" 1 "after them, its own"
unlike "$(cat "$T/callback.log")" "error:" "no errors logged"
done_testing
