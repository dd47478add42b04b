# Several FastCGI children writing to one SQLite store at once lose
# nothing: 4 callback children behind nginx take 1,000 concurrent signed
# posts; a child killed with SIGKILL mid-load leaves every request answered
# 2xx stored; a store locked by another process's write transaction still
# gets every request answered 2xx (spooled), and after the lock goes every
# event is in the store once.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

load_require

ph_setup "store_timeout_ms = 2000"
start_fcgi callback "$PH_CALLBACK" 4 || { ok 1 "spawn-fcgi starts 4 callback children"; done_testing; exit; }
start_nginx || { ok 1 "nginx starts"; done_testing; exit; }
URL="$BASE/proxyhooks/callback"
load_prepare "$URL"

# 1,000 at once.
start=$(date +%s)
load_send "$URL" 1000 64 load "$T/load.out"
is "$(load_count "$T/load.out" 200)" 1000 "1,000 concurrent signed posts are all answered 200"
diag "in $(( $(date +%s) - start ))s; spooled under contention: $(grep -c 'spooled in' "$T/callback.log")"
ph spool replay >/dev/null
is "$(stored_tokens | grep -c '^load-')" 1000 "1,000 events are stored"
is "$(stored_tokens | grep '^load-' | uniq | wc -l | tr -d ' ')" 1000 "each once"
ph spool status >/dev/null
ok $? "nothing is left in the spool"

# Children killed with SIGKILL during the load: one after about 100
# answers, another after about 300 (nginx logs each answer as it goes).
load_send "$URL" 800 8 kill "$T/kill.out" &
sender=$!
for victim_at in 100:1 300:2; do
	for i in $(seq 1 200); do
		[ "$(grep -c '" 200 ' "$T/nginx/access.log")" -ge $((1000 + ${victim_at%%:*})) ] && break
		sleep 0.02
	done
	kill -9 "$(sed -n "${victim_at##*:}p" "$T/callback.pid")"
done
wait "$sender"
answered=$(load_count "$T/kill.out" '2[0-9][0-9]')
diag "with two children killed: $answered of 800 answered 2xx, $(load_count "$T/kill.out" '5[0-9][0-9]') 5xx"
ok $([ "$answered" -gt 0 ] && echo 0 || echo 1) "the other children go on answering"
ph spool replay >/dev/null
stored_tokens > "$T/stored"
missing=0
for i in $(sed -n 's/^2[0-9][0-9] //p' "$T/kill.out"); do
	grep -qx "kill-$i" "$T/stored" || missing=$((missing + 1))
done
is "$missing" 0 "every request answered 2xx is stored"
is "$(grep '^kill-' "$T/stored" | uniq -d | wc -l | tr -d ' ')" 0 "none twice"

# The store locked by another process holding a write transaction.
before=$(grep -c . "$T/stored")
sed -i 's/^store_timeout_ms = .*/store_timeout_ms = 300/' "$PROXYHOOKS_CONF"
sqlite_lock "$T/events.db"
load_send "$URL" 40 4 locked "$T/locked.out"
is "$(load_count "$T/locked.out" 200)" 40 "with the store locked, 40 posts are still answered 200"
like "$(ph spool status)" "waiting: 40 event" "and wait in the spool"
is "$(stored_tokens | grep -c '^locked-')" 0 "none is in the store yet"
sqlite_unlock
sleep 1.2	# a child that found the store failing tries it again after a second
load_send "$URL" 1 1 after "$T/after.out"
is "$(load_count "$T/after.out" 200)" 1 "after the lock goes, the next post is answered 200"
is "$(stored_tokens | grep -c '^locked-')" 40 "and it brought every spooled event into the store"
ph spool status >/dev/null
ok $? "the spool is empty"
is "$(ph spool replay)" "0 event(s) replayed into the store, 0 already there" \
	"a replay finds nothing more"
is "$(stored_tokens | wc -l | tr -d ' ')" "$((before + 41))" "every event is in the store once"
unlike "$(cat "$T/callback.log")" "error:" "no errors logged"
done_testing
