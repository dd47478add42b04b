#!/usr/bin/env bash
# bench/dashboard-1m.sh: how long the dashboard takes to draw its page over
# a SQLite store of 1,000,000 events spread over the last 30 days (about
# 1 KB of parameters each, as Twilio posts them), and `proxyhooks report`.
#
#   bench/dashboard-1m.sh [BUILD_DIR] [EVENTS]
#
# BUILD_DIR holds the built programs (default: _build). The store is made
# by the programs (schema and indexes as shipped), then filled by one
# INSERT ... SELECT from a recursive CTE. Prints the query plans of the
# page's queries (each must be a SEARCH along an index, never a SCAN of
# events) and the time of each of 5 page loads, as CGI (a new process
# each: configuration, store and policy opened every time).
set -u
cd "$(dirname "$0")/.." || exit 1
build=$(cd "${1:-_build}" && pwd) || exit 1
events=${2:-1000000}
for p in proxyhooks proxyhooks-dashboard; do
	[ -x "$build/$p" ] || { echo "bench: $build/$p is not built" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/proxyhooks-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
printf 'block body phone\nblock body email\nblock body url\nblock body handle\nblock from @banned.txt\ndefault allow\n' \
	> "$T/policy"
: > "$T/banned.txt"
cat > "$T/proxyhooks.conf" <<EOF
database = $T/events.db
policy_file = $T/policy
dashboard = yes
timezone = America/New_York
allow_root = yes
EOF
export PROXYHOOKS_CONF="$T/proxyhooks.conf"
"$build/proxyhooks" events --limit 1 >/dev/null || exit 1	# makes the store

now=$(($(date +%s) * 1000))
echo "== filling $T/events.db with $events events over 30 days"
start=$(date +%s%N)
sqlite3 "$T/events.db" <<EOF || exit 1
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events),
e AS (SELECT i,
	$now - CAST(($events - i) AS INTEGER) * 2592000000 / $events AS t,
	CASE WHEN i % 10 < 5 THEN 'callback' WHEN i % 10 < 9 THEN 'intercept'
	     ELSE 'out-of-session' END AS hook,
	i % 97 AS r FROM n)
INSERT INTO events (hook, received_ms, idempotency_token, interaction_sid, session_sid,
	participant_sid, decision, rule, decision_us, params, event_key)
SELECT hook, t, 'bench-' || i, printf('KI%032x', i / 3), printf('KC%032x', i / 40),
	printf('KP%032x', i / 20),
	CASE WHEN hook = 'callback' THEN NULL WHEN r < 6 THEN 'block' WHEN r < 8 THEN 'would-block'
	     WHEN r = 8 THEN 'error-allow' ELSE 'allow' END,
	CASE WHEN hook = 'callback' OR r = 8 THEN NULL
	     WHEN r < 8 THEN printf('$T/policy:%d: %s', r % 5 + 1, CASE r % 5
		WHEN 0 THEN 'block body phone' WHEN 1 THEN 'block body email'
		WHEN 2 THEN 'block body url' WHEN 3 THEN 'block body handle'
		ELSE 'block from @banned.txt' END)
	     ELSE '$T/policy:6: default allow' END,
	CASE WHEN hook = 'callback' THEN NULL ELSE 150 + r END,
	printf('[["inboundParticipantSid","KP%032x"],["inboundResourceSid","SM%032x"],'
	    || '["inboundResourceStatus","received"],["inboundResourceType","message"],'
	    || '["inboundResourceUrl","https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/SM%032x.json"],'
	    || '["interactionAccountSid","AC00000000000000000000000000000000"],'
	    || '["interactionData","{\"body\":\"%s\"}"],'
	    || '["interactionDateCreated","2026-01-01T00:00:00Z"],["interactionDateUpdated","2026-01-01T00:00:00Z"],'
	    || '["interactionServiceSid","KS00000000000000000000000000000000"],'
	    || '["interactionSessionSid","KC%032x"],["interactionSid","KI%032x"],'
	    || '["interactionType","%s"],["interactionNumMedia","0"]]',
	    i / 20, i, i, CASE WHEN r < 8 THEN 'call me at 415 555 01' || (i % 100) ELSE 'see you at noon, message ' || i END,
	    i / 40, i / 3, CASE WHEN i % 4 = 0 THEN 'Voice' ELSE 'Message' END),
	lower(hex(randomblob(16)))
FROM e;
INSERT INTO participants (sid, number, updated_ms)
SELECT printf('KP%032x', i), printf('+1555%07d', i), $now FROM
	(WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < 50000) SELECT i FROM m);
INSERT INTO refusals (hook, received_ms, url, count)
VALUES ('intercept', $now - 60000, 'http://hooks.example.com/proxyhooks/intercept', 12);
EOF
echo "   in $(( ($(date +%s%N) - start) / 1000000 )) ms, $(du -h "$T/events.db" | cut -f1)"

echo "== query plans"
since=$((now - 30 * 86400000))
for q in \
	"SELECT count(*) FROM events WHERE received_ms >= $since AND received_ms < $now" \
	"SELECT count(*) FROM events WHERE hook = 'intercept' AND decision = 'block' AND received_ms >= $since AND received_ms < $now" \
	"SELECT count(*) FROM events WHERE hook = 'callback' AND decision IS NULL AND received_ms >= $since AND received_ms < $now" \
	"SELECT rule, count(*) FROM events WHERE decision IN ('block', 'would-block', 'error-block') AND received_ms >= $since AND rule IS NOT NULL GROUP BY rule ORDER BY 2 DESC, rule LIMIT 10" \
	"SELECT id, params FROM events WHERE decision IN ('block', 'would-block', 'error-block') AND received_ms >= $since ORDER BY received_ms DESC LIMIT 20" \
	"SELECT count(*) FROM participants" \
	"SELECT hook, url, sum(count), max(received_ms) FROM refusals WHERE received_ms >= $since GROUP BY hook, url ORDER BY 4 DESC, 1, 2"; do
	echo "-- ${q:0:100}..."
	sqlite3 "$T/events.db" "EXPLAIN QUERY PLAN $q" | sed 's/^/   /'
done

echo "== the page, 5 times (CGI: a new process each)"
for i in 1 2 3 4 5; do
	start=$(date +%s%N)
	out=$(env -i PROXYHOOKS_CONF="$PROXYHOOKS_CONF" REQUEST_METHOD=GET \
		REQUEST_URI=/proxyhooks/dashboard REMOTE_USER=bench "$build/proxyhooks-dashboard" 2>&1)
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	status=$(printf '%s' "$out" | sed -n 's/^Status: \([0-9]*\).*/\1/p' | head -n 1)
	echo "   $ms ms, status $status, $(printf '%s' "$out" | wc -c) bytes"
done
printf '%s' "$out" | grep -o 'id="card-blocked"><b>[0-9,]*' | sed 's/.*<b>/   blocked in the last 24 hours: /'
printf '%s' "$out" | grep -o '<span class="meta">[0-9,]* events, [0-9,]* blocked' | sed 's/.*>/   /'

echo "== proxyhooks report"
start=$(date +%s%N)
"$build/proxyhooks" report > "$T/report.txt"
echo "   text: $(( ($(date +%s%N) - start) / 1000000 )) ms"
start=$(date +%s%N)
"$build/proxyhooks" report --format json > "$T/report.json"
echo "   json: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sed -n '1,3p' "$T/report.txt" | sed 's/^/   /'
