# The PostgreSQL store, with a server of the test's own: the store's unit
# tests; the CLI; 4 FastCGI children behind nginx taking 1,000 concurrent
# signed posts while a second web host writes to the same database; a
# child killed mid-load; the server stopped, then frozen: every request
# still answered 2xx (spooled), and after recovery every event stored once.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

pg_require
grep -q '^#define HAVE_LIBPQ 1' "$top_builddir/config.h" 2>/dev/null ||
	skip_all "built without PostgreSQL support (libpq-dev)"
[ -x "$NGINX" ] || skip_all "nginx is not installed"
command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"

ph_setup "store_timeout_ms = 1000"
pg_init && pg_start || { ok 1 "a PostgreSQL server starts"; done_testing; exit; }
pg_createdb unit
pg_createdb hooks

# The store's own tests, against PostgreSQL.
out=$("$top_builddir/t/store" "$(pg_uri unit)" 2>&1)
ok $? "the store's unit tests pass on PostgreSQL"
[ $? -eq 0 ] || printf '%s\n' "$out" | grep -v '^ok' | sed 's/^/# /'
like "$out" "ok [0-9]+ - its kind" "(they ran)"
is "$(pg_sql unit 'SELECT version FROM proxyhooks_schema')" 7 "the schema is at the newest version, 7"
is "$(pg_sql unit "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'found'")" 1 \
	"  whose events say what the rule found"
# A database left at each earlier version, with an event in it, is brought
# to the newest by the changes it has not had.
newest=$("$top_builddir/t/schema-sql" postgresql)
for from in $(seq 1 $((newest - 1))); do
	pg_createdb "v$from"
	for v in $(seq 0 $((from - 1))); do
		pg_sql "v$from" "$("$top_builddir/t/schema-sql" postgresql "$v")" >/dev/null
	done
	pg_sql "v$from" "CREATE TABLE proxyhooks_schema (version INTEGER NOT NULL);
		INSERT INTO proxyhooks_schema VALUES ($from);
		INSERT INTO events (hook, received_ms, params) VALUES ('callback', 1, '[]')" >/dev/null
	sed "s#^database = .*#database = $(pg_uri "v$from")#" "$PROXYHOOKS_CONF" > "$T/v$from.conf"
	is "$("$PH_CLI" -c "$T/v$from.conf" events | wc -l | tr -d ' ')" 2 \
		"a version $from database opens, its event kept"
	is "$(pg_sql "v$from" 'SELECT version FROM proxyhooks_schema')" "$newest" \
		"  and it is at the newest version, $newest"
done
# The dashboard's figures (t/report), against PostgreSQL.
pg_createdb report
out=$("$top_builddir/t/report" "$(pg_uri report)" 2>&1)
ok $? "the report's unit tests pass on PostgreSQL"
[ $? -eq 0 ] || printf '%s\n' "$out" | grep -v '^ok' | sed 's/^/# /'
like "$out" "ok [0-9]+ - the phone rule blocked most" "(they ran)"

# Host A: the FastCGI children behind nginx. Host B: the same programs run
# as CGI with their own configuration and spool, writing to the same database.
sed -i "s#^database = .*#database = $(pg_uri hooks)#" "$PROXYHOOKS_CONF"
echo "spool_dir = $T/spool-a" >> "$PROXYHOOKS_CONF"
sed -e "s#^spool_dir = .*#spool_dir = $T/spool-b#" "$PROXYHOOKS_CONF" > "$T/host-b.conf"
is "$(ph events | wc -l | tr -d ' ')" 1 "proxyhooks events reads an empty PostgreSQL store"
start_fcgi callback "$PH_CALLBACK" 4 || { ok 1 "spawn-fcgi starts 4 callback children"; done_testing; exit; }
start_nginx || { ok 1 "nginx starts"; done_testing; exit; }
URL="$BASE/proxyhooks/callback"
load_prepare "$URL"
B_URL=https://hooks.example.com/cgi-bin/proxyhooks-callback
B_BODY=$(fixture callback-voice)
B_SIG=$(printf '%s' "$B_BODY" | ph sign --body-file - "$B_URL")
host_b() {	# host_b PREFIX N: N callbacks through host B, one "STATUS" a line
	local i
	for i in $(seq 1 "$2"); do
		PROXYHOOKS_CONF="$T/host-b.conf" cgi_post "$PH_CALLBACK" /cgi-bin/proxyhooks-callback \
			"$B_BODY" "$B_SIG" HTTP_I_TWILIO_IDEMPOTENCY_TOKEN="$1-$i" 2>>"$T/host-b.log" |
			sed -n 's/^Status: \([0-9]*\).*/\1/p'
	done
}

start=$(date +%s)
host_b hostb 25 > "$T/host-b.out" &
hostb=$!
load_send "$URL" 1000 64 load "$T/load.out"
wait "$hostb"
is "$(load_count "$T/load.out" 200)" 1000 "1,000 concurrent signed posts are all answered 200"
is "$(grep -c '^200$' "$T/host-b.out")" 25 "and so are the 25 of the second web host meanwhile"
diag "in $(( $(date +%s) - start ))s"
is "$(pg_sql hooks "SELECT count(*) FROM events WHERE idempotency_token LIKE 'load-%'")" 1000 \
	"1,000 events are stored"
is "$(pg_sql hooks "SELECT count(DISTINCT idempotency_token) FROM events WHERE idempotency_token LIKE 'load-%'")" \
	1000 "each once"
is "$(pg_sql hooks "SELECT count(*) FROM events WHERE idempotency_token LIKE 'hostb-%'")" 25 \
	"the second host's events are in the same database"
is "$(stored_tokens | grep -c '^load-')" 1000 "proxyhooks events reads them from PostgreSQL"
ph spool status >/dev/null && PROXYHOOKS_CONF="$T/host-b.conf" ph spool status >/dev/null
ok $? "nothing was spooled on either host"

# Two children killed with SIGKILL during a load.
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
diag "with two children killed: $(load_count "$T/kill.out" '2[0-9][0-9]') of 800 answered 2xx"
pg_sql hooks "SELECT idempotency_token FROM events WHERE idempotency_token LIKE 'kill-%'" > "$T/stored"
missing=0
for i in $(sed -n 's/^2[0-9][0-9] //p' "$T/kill.out"); do
	grep -qx "kill-$i" "$T/stored" || missing=$((missing + 1))
done
is "$missing" 0 "every request answered 2xx is stored"
is "$(sort "$T/stored" | uniq -d | wc -l | tr -d ' ')" 0 "none twice"

# PostgreSQL stopped: still 2xx, spooled; after it is back, stored once.
total() { pg_sql hooks "SELECT count(*) FROM events"; }
before=$(total)
pg_stop fast
load_send "$URL" 30 4 down "$T/down.out"
host_b hostb-down 5 > "$T/host-b-down.out"
is "$(load_count "$T/down.out" 200)" 30 "with PostgreSQL stopped, 30 posts are answered 200"
is "$(grep -c '^200$' "$T/host-b-down.out")" 5 "so are 5 on the second host"
like "$(ph spool status)" "waiting: 30 event" "the first host spooled them"
like "$(PROXYHOOKS_CONF="$T/host-b.conf" ph spool status)" "waiting: 5 event" \
	"the second host spooled its own"
ph events >/dev/null 2>&1
is $? 1 "proxyhooks events says the store is unavailable"
pg_start || { ok 1 "PostgreSQL starts again"; done_testing; exit; }
sleep 1.2	# a child that found the store failing tries again after a second
load_send "$URL" 4 4 up "$T/up.out"
is "$(load_count "$T/up.out" 200)" 4 "once PostgreSQL is back, posts are answered 200"
PROXYHOOKS_CONF="$T/host-b.conf" ph spool replay > "$T/replay-b.out" &
replay_b=$!
ph spool replay > "$T/replay-a.out"
ph spool replay > "$T/replay-a2.out" &
wait "$replay_b" $!
is "$(pg_sql hooks "SELECT count(*) FROM events WHERE idempotency_token LIKE 'down-%'")" 30 \
	"the first host's spooled events are stored"
is "$(pg_sql hooks "SELECT count(*) FROM events WHERE idempotency_token LIKE 'hostb-down-%'")" 5 \
	"and the second's"
is "$(total)" "$((before + 39))" "every event once, whichever replays ran at once"
like "$(cat "$T/replay-b.out")" "^5 event\(s\) replayed" "the second host's replay reports 5"
ph spool status >/dev/null
ok $? "the spool is empty"

# PostgreSQL frozen (SIGSTOP): each wait ends at store_timeout_ms, and the
# connection is made again once the server answers.
sed -i 's/^store_timeout_ms = .*/store_timeout_ms = 400/' "$PROXYHOOKS_CONF"
load_send "$URL" 4 4 reload "$T/reload.out"	# every child reads the new timeout
before=$(total)
postmaster=$(head -n 1 "$PG_DATA/postmaster.pid")
frozen="$postmaster $(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')"
kill -STOP $frozen
start=$(date +%s%N)
load_send "$URL" 20 4 frozen "$T/frozen.out"
took=$(( ($(date +%s%N) - start) / 1000000 ))
kill -CONT $frozen
is "$(load_count "$T/frozen.out" 200)" 20 \
	"with PostgreSQL frozen, 20 posts are answered 200, without waiting for the server"
# Not timed: PostgreSQL is thawed only after the last answer came, so a
# hook that waited for it would never have answered.
diag "in ${took} ms"
like "$(cat "$T/callback.log")" "no answer within 400 ms" "the log says the store did not answer in time"
sleep 1.2
load_send "$URL" 4 4 thawed "$T/thawed.out"
ph spool replay >/dev/null
is "$(pg_sql hooks "SELECT count(DISTINCT idempotency_token) FROM events WHERE idempotency_token LIKE 'frozen-%'")" \
	20 "after it thaws every event is stored"
is "$(total)" "$((before + 24))" "once (an insert that was under way when the wait ended counts once)"

# The CLI on PostgreSQL: retention.
is "$(ph purge --dry-run --older-than 0s | sed 's/ .*//')" "$(total)" "purge --dry-run counts every event"
is "$(total)" "$((before + 24))" "and removes nothing"
ph purge --older-than 0s >/dev/null
is "$(total)" 0 "purge removes them"
done_testing
