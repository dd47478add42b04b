# Group commit: callbacks that arrive together wait for one synced commit
# of all their events, and none is answered before it. One callback child
# behind nginx; the store's write lock held by another process while eight
# posts arrive, so that they queue up behind the first.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

load_require

callback_start "store_timeout_ms = 20000"
load_send "$URL" 1 1 first "$T/first.out"
is "$(load_count "$T/first.out" 200)" 1 "a lone callback is answered 200"
is "$(stored_tokens | grep -c '^first-')" 1 "and stored before its answer"

sqlite_lock "$T/events.db"
load_send "$URL" 8 8 group "$T/group.out" &
sender=$!
# The posts reach the worker, which waits for the lock with the first
# one's event; the others queue behind it.
sleep 1
is "$(grep -c . "$T/group.out")" 0 "while the store is locked, no callback is answered"
sqlite_unlock
wait "$sender"
is "$(load_count "$T/group.out" 200)" 8 "once it is free, all eight are answered 200"
is "$(stored_tokens | grep -c '^group-')" 8 "all eight are stored"
is "$(stored_tokens | grep '^group-' | uniq -d | wc -l | tr -d ' ')" 0 "each once"
ph spool status >/dev/null
ok $? "none went to the spool"
most=$(sed -n 's/.*callback: \([0-9]*\) event(s) of [0-9]* request(s) recorded in one synced commit.*/\1/p' \
	"$T/callback.log" | sort -n | tail -n 1)
diag "the largest group: ${most:-0} event(s)"
ok $([ "${most:-0}" -ge 2 ] && echo 0 || echo 1) "those that waited together shared one commit"

# A delivery repeated within one group is stored once.
sqlite_lock "$T/events.db"
load_send "$URL" 1 1 lead "$T/lead.out" &
lead=$!
sleep 0.5
load_send "$URL" 4 4 same "$T/same1.out" &
s1=$!
load_send "$URL" 4 4 same "$T/same2.out" &
s2=$!
sleep 1
sqlite_unlock
wait "$lead" "$s1" "$s2"
is "$(cat "$T/same1.out" "$T/same2.out" | grep -c '^200 ')" 8 "a delivery repeated alongside itself is answered 200 both times"
is "$(stored_tokens | grep -c '^same-')" 4 "and stored once"
unlike "$(cat "$T/callback.log")" "error:" "no errors logged"
done_testing
