# The journal of the intercept and out-of-session workers loses nothing:
# an idle worker has stored its event when the answer arrives; under load
# (two FastCGI children behind nginx, thousands of concurrent signed posts)
# a worker answers first and commits in batches, and when one is killed
# with SIGKILL mid-load the events it answered but had not stored yet stay
# in its journal, which the next worker to start stores at its first
# batch: then every request answered 2xx or 403 is in the store exactly
# once.
. "${top_srcdir:-.}/t/lib.sh"
. "$top_srcdir/t/store-lib.sh"

load_require
[ -r /proc/locks ] || skip_all "no /proc/locks to tell when a worker writes to the store"

ph_setup "store_timeout_ms = 2000" "oos_voice_say = This conversation has ended."
printf 'block body phone\ndefault allow\n' > "$T/policy"

# A fresh worker of each hook, started later on a socket of its own: the
# one that stores the journals left by killed workers (a worker looks for
# them at its first batch, then only once a minute).
fresh_location() {	# fresh_location HOOK
	printf 'location = /fresh/%s { include fastcgi_params; ' "$1"
	printf 'fastcgi_param PROXYHOOKS_CONF %s; ' "$PROXYHOOKS_CONF"
	printf 'fastcgi_pass unix:%s/fresh-%s.sock; } ' "$T" "$1"
}
NGINX_EXTRA="$(fresh_location intercept)$(fresh_location out-of-session)"
# One whose spool_dir is changed while it works: $T/move.conf.
NGINX_EXTRA="$NGINX_EXTRA location = /move/intercept { include fastcgi_params;
	fastcgi_param PROXYHOOKS_CONF $T/move.conf; fastcgi_pass unix:$T/move-intercept.sock; }"
# And one whose spool is on a full file system: $T/full.conf.
NGINX_EXTRA="$NGINX_EXTRA location = /full/intercept { include fastcgi_params;
	fastcgi_param PROXYHOOKS_CONF $T/full.conf; fastcgi_pass unix:$T/full-intercept.sock; }"

# A signed body of EXAMPLE for URL: $T/NAME.body, its signature $T/NAME.sig.
journal_prepare() {	# journal_prepare NAME EXAMPLE URL
	local signed
	signed=$(ph send --print-body "$2" "$3") || return 1
	printf '%s\n' "$signed" | sed -n 1p > "$T/$1.sig"
	printf '%s' "$(printf '%s\n' "$signed" | sed -n 2p)" > "$T/$1.body"
}

# POST N requests to URL, at most P at a time, request i with the body
# NAMES[i % count] and the idempotency token PREFIX-i. Each answer is a
# line "STATUS INDEX" in OUTFILE.
journal_send() {	# journal_send URL N P PREFIX OUTFILE NAME...
	local url=$1 n=$2 p=$3 prefix=$4 out=$5 i name
	shift 5
	{
		for i in $(seq 1 "$n"); do
			eval "name=\${$((i % $# + 1))}"
			printf 'url = "%s"\n' "$url"
			printf 'header = "I-Twilio-Idempotency-Token: %s-%d"\n' "$prefix" "$i"
			printf 'header = "X-Twilio-Signature: %s"\n' "$(cat "$T/$name.sig")"
			printf 'data-binary = "@%s"\n' "$T/$name.body"
			printf 'output = "/dev/null"\n'
			printf 'write-out = "%%{http_code} %d\\n"\n' "$i"
			[ "$i" -lt "$n" ] && printf 'next\n'
		done
	} > "$T/send.curl"
	curl -s --parallel --parallel-immediate --parallel-max "$p" --max-time 60 \
		-K "$T/send.curl" > "$out" 2>/dev/null
	return 0
}

# One post; prints its status.
journal_post() {	# journal_post URL TOKEN NAME
	curl -s -o /dev/null -w '%{http_code}' --max-time 20 \
		-H "I-Twilio-Idempotency-Token: $2" -H "X-Twilio-Signature: $(cat "$T/$3.sig")" \
		--data-binary "@$T/$3.body" "$1"
}

# The idempotency tokens of HOOK's stored events, one a line, sorted.
hook_tokens() {	# hook_tokens HOOK
	ph events --hook "$1" --format json |
		sed -n 's/.*"idempotency_token":"\([^"]*\)".*/\1/p' | sort
}

# How many answers of OUT (STATUS matching a grep -E pattern) have no
# event, or more than one, among TOKENS (a file, one a line): "MISSING TWICE".
answered_check() {	# answered_check OUT STATUS PREFIX TOKENS
	sed -En "s/^($2) ([0-9]+)$/$3-\\2/p" "$1" | sort > "$T/answered"
	awk 'NR == FNR { n[$0]++; next }
		{ if (!($0 in n)) missing++; else if (n[$0] > 1) twice++ }
		END { printf "%d %d\n", missing, twice }' "$4" "$T/answered"
}

# How many records of the journal FILE count (of its current generation),
# up to 3: its head is a magic and a generation, then each record a length,
# the generation it was written in and the event, padded to 8 bytes.
journal_pending() {	# journal_pending FILE
	local at=64 n=0 gen len recgen
	gen=$(od -An -tu4 -j8 -N4 "$1" 2>/dev/null | tr -d ' ')
	[ -n "$gen" ] || { echo 0; return; }
	while [ "$n" -lt 3 ]; do
		set -- "$1" $(od -An -tu4 -j"$at" -N8 "$1")
		len=${2:-0} recgen=${3:-0}
		[ "$len" -gt 0 ] && [ "$recgen" = "$gen" ] || break
		n=$((n + 1))
		at=$((at + 8 + (len + 7) / 8 * 8))
	done
	echo "$n"
}

# The idempotency token of the first record of the journal FILE when it
# counts: the record's event is two times 8 bytes, then the hook and the
# token, each a length, the bytes and a NUL.
journal_first_token() {	# journal_first_token FILE
	local gen len recgen hook_len token_len
	gen=$(od -An -tu4 -j8 -N4 "$1" | tr -d ' ')
	set -- "$1" $(od -An -tu4 -j64 -N8 "$1")
	len=${2:-0} recgen=${3:-0}
	[ "$len" -gt 0 ] && [ "$recgen" = "$gen" ] || return 1
	hook_len=$(od -An -tu4 -j88 -N4 "$1" | tr -d ' ')
	token_len=$(od -An -tu4 -j$((93 + hook_len)) -N4 "$1" | tr -d ' ')
	[ "$token_len" -lt 200 ] || return 1
	tail -c +$((98 + hook_len)) "$1" | head -c "$token_len"
}

# Kill PID with SIGKILL at a moment its journal FILE holds at least two
# events, the first of them answered (a worker has at most one request in
# hand) and not in the store. Stopped first, and killed only when it is
# not in a write transaction either (it holds SQLite's WAL write lock,
# byte 120 of the -shm file), so that the store has no more of them after
# the kill than at the look. A checkpoint it may be in (its checkpointer
# thread, bytes 121 and up) adds no event: that is no reason to wait.
# Fails when no such moment came in 60 s (with the store locked it comes
# as soon as the worker has answered two).
kill_with_pending() {	# kill_with_pending PID FILE
	local i j token
	for i in $(seq 1 3000); do
		if [ "$(journal_pending "$2")" -ge 2 ]; then
			kill -STOP "$1"
			for j in $(seq 1 50); do
				[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = T ] && break
				sleep 0.01
			done
			if [ "$(journal_pending "$2")" -ge 2 ] &&
			    ! grep -Eq "POSIX +ADVISORY +WRITE +$1 +[0-9a-f:]+ +120 +120$" /proc/locks &&
			    token=$(journal_first_token "$2") && [ -n "$token" ] &&
			    [ "$(sqlite3 "$T/events.db" "SELECT count(*) FROM events
				WHERE idempotency_token = '$token'")" = 0 ]; then
				kill -9 "$1"
				return 0
			fi
			kill -CONT "$1"
		fi
		sleep 0.02
	done
	kill -9 "$1"
	return 1
}

# Wait until nginx has logged at least N answers (2xx or 403) from PATH
# (a minute at most: a loaded machine may take that long).
wait_answers() {	# wait_answers PATH N
	local i
	for i in $(seq 1 3000); do
		[ "$(grep -Ec "\"POST $1 HTTP/[0-9.]+\" (2[0-9][0-9]|403) " \
			"$T/nginx/access.log")" -ge "$2" ] && return 0
		sleep 0.02
	done
	return 1
}

# The whole scenario for one hook: idle, load with a child killed, recovery.
journal_hook() {	# journal_hook HOOK PROGRAM PREFIX N STATUS EXAMPLE...
	local hook=$1 program=$2 prefix=$3 n=$4 status=$5 url fresh_url names= example k=0
	local victim survivor answered seen missing_twice start poster sender
	shift 5
	url="$BASE/proxyhooks/$hook"
	fresh_url="$BASE/fresh/$hook"
	for example in "$@"; do
		k=$((k + 1))
		journal_prepare "$prefix$k" "$example" "$url" || return 1
		journal_prepare "fresh-$prefix$k" "$example" "$fresh_url" || return 1
		names="$names $prefix$k"
	done

	# Idle: each answer comes after its event is stored.
	seen=0
	for k in 1 2 3; do
		journal_post "$url" "$prefix-idle-$k" "${prefix}1" | grep -Eqx "$status" &&
			hook_tokens "$hook" | grep -qx "$prefix-idle-$k" && seen=$((seen + 1))
	done
	is "$seen" 3 "$hook: an idle worker's event is in the store when its answer arrives"
	# It stores before answering: with the store's write lock held by
	# another process (for less than store_timeout_ms), the answer waits.
	sqlite_lock "$T/events.db"
	journal_post "$url" "$prefix-locked" "${prefix}1" > "$T/locked.status" &
	poster=$!
	sleep 0.5
	is "$(cat "$T/locked.status")" "" \
		"$hook: with the store locked, the idle worker has not answered"
	sqlite_unlock
	wait "$poster"
	like "$(cat "$T/locked.status")" "^($status)$" "$hook: it answers once the lock goes"
	hook_tokens "$hook" | grep -qx "$prefix-locked"
	ok $? "$hook: with its event in the store"

	# Load, the first child killed with SIGKILL after about n/3 answers.
	victim=$(sed -n 1p "$T/$hook.pid")
	survivor=$(sed -n 2p "$T/$hook.pid")
	start=$(date +%s)
	journal_send "$url" "$n" 64 "$prefix" "$T/$prefix.out" $names &
	sender=$!
	wait_answers "/proxyhooks/$hook" $((n / 3)) || diag "the load did not get going"
	# The store's write lock taken by another process: the children go on
	# answering, and what they answer must wait in their journals, however
	# fast or slow the machine; the victim is killed then. The survivor is
	# stopped meanwhile, so that every connection waits for the victim: a
	# worker that found none waiting would store before its next answer
	# (here: wait for the lock, then spool) rather than journal it.
	sqlite_lock "$T/events.db"
	kill -STOP "$survivor"
	kill_with_pending "$victim" "$(ls "$T/spool/journal-$hook-$victim-"* | head -n 1)"
	ok $? "$hook: a child is killed with SIGKILL while events it answered wait in its journal"
	kill -CONT "$survivor"
	sqlite_unlock
	wait "$sender"
	answered=$(load_count "$T/$prefix.out" "$status")
	diag "$hook: $answered of $n answered $status in $(( $(date +%s) - start ))s, $(load_count \
		"$T/$prefix.out" '5[0-9][0-9]') 5xx (in flight at the killed child)"
	ok $([ "$answered" -ge $((n / 2)) ] && echo 0 || echo 1) \
		"$hook: the surviving child goes on answering"
	is "$(ls "$T/spool" | grep -c "^journal-$hook-$victim-")" 1 \
		"$hook: the killed child left its journal"
	hook_tokens "$hook" > "$T/stored"
	missing_twice=$(answered_check "$T/$prefix.out" "$status" "$prefix" "$T/stored")
	diag "$hook: answered but not stored before a fresh worker looks: ${missing_twice% *}"
	ok $([ "${missing_twice% *}" -ge 1 ] && echo 0 || echo 1) \
		"$hook: so some answered events are not in the store yet"

	# The survivor, idle again, stores each new event before answering
	# (it looks for dead journals only once a minute).
	seen=0
	for k in 1 2 3; do
		journal_post "$url" "$prefix-after-$k" "${prefix}1" >/dev/null
		hook_tokens "$hook" | grep -qx "$prefix-after-$k" && seen=$((seen + 1))
	done
	is "$seen" 3 "$hook: after the load, the survivor's events are stored before it answers"

	# A journal is made under another name and named journal-... once its
	# worker holds it (so no other worker takes a journal being made for a
	# dead one's). None is left under that name; one that a worker killed
	# while making it left goes after a minute, a younger one stays.
	is "$(ls "$T/spool" | grep -c '^making-')" 0 "$hook: every journal made was named"
	$PH_AS touch -d '2 minutes ago' "$T/spool/making-journal-$hook-1-stale"
	$PH_AS touch "$T/spool/making-journal-$hook-2-young"

	# A fresh worker: its first batch stores the dead child's journal.
	start_fcgi "fresh-$hook" "$program" 1 || { ok 1 "a fresh $hook worker starts"; return 1; }
	like "$(journal_post "$fresh_url" "$prefix-fresh-1" "fresh-${prefix}1")" "^($status)$" \
		"$hook: a fresh worker answers"
	is "$(ls "$T/spool" | grep -c "^journal-$hook-$victim-")" 0 \
		"$hook: and has stored the killed child's journal before answering"
	like "$(cat "$T/fresh-$hook.log")" \
		"journal .*journal-$hook-$victim-.* of a process that stopped" "$hook: which it logged"
	is "$(ls "$T/spool" | grep -c "^journal-$hook-$survivor-")" 1 \
		"$hook: the live survivor's journal is left to it"
	is "$(cd "$T/spool" && ls -d making-* | tr '\n' ' ')" "making-journal-$hook-2-young " \
		"$hook: the stale journal being made is gone, the young one stays"
	rm -f "$T/spool/making-journal-$hook-2-young"

	ph spool replay >/dev/null
	hook_tokens "$hook" > "$T/stored"
	missing_twice=$(answered_check "$T/$prefix.out" "$status" "$prefix" "$T/stored")
	is "${missing_twice% *}" 0 "$hook: every request answered $status is stored"
	is "$(uniq -d "$T/stored" | wc -l | tr -d ' ')" 0 "$hook: none twice"
	ok $([ "$(grep -c "^$prefix-[0-9]" "$T/stored")" -le "$n" ] && echo 0 || echo 1) \
		"$hook: no more events than requests"
	hook_tokens "$hook" | grep -qx "$prefix-fresh-1"
	ok $? "$hook: the fresh worker's own event is stored too"
	unlike "$(cat "$T/$hook.log" "$T/fresh-$hook.log")" "error:|does not parse" \
		"$hook: no errors logged"
}

start_fcgi intercept "$PH_INTERCEPT" 2 ||
	{ ok 1 "spawn-fcgi starts 2 intercept children"; done_testing; exit; }
start_fcgi out-of-session "$PH_OOS" 2 ||
	{ ok 1 "spawn-fcgi starts 2 out-of-session children"; done_testing; exit; }
start_nginx || { ok 1 "nginx starts"; done_testing; exit; }

# Intercepts: a message with a phone number (blocked, 403) and a call
# (allowed, 200), alternately.
journal_hook intercept "$PH_INTERCEPT" ic 3000 '200|403' intercept-message intercept-voice
# Half the load was blocked: each event keeps the decision that was answered.
ph events --hook intercept --format json |
	sed -n 's/.*"idempotency_token":"\(ic-[0-9]*\)".*"decision":"\([^"]*\)".*/\1 \2/p' |
	sort > "$T/decisions"
sed -En 's/^200 ([0-9]+)$/ic-\1 allow/p; s/^403 ([0-9]+)$/ic-\1 block/p' "$T/ic.out" |
	sort > "$T/answers"
is "$(comm -13 "$T/decisions" "$T/answers" | wc -l | tr -d ' ')" 0 \
	"intercept: each event is recorded with its decision, 403 a block, 200 an allow"
# And with what the rule found, through the journals too (the killed child's among them).
ph events --hook intercept --decision block --format json > "$T/blocked.json"
blocked=$(grep -c . "$T/blocked.json")
ok $(( blocked > 0 && $(grep -c '"found":"phone 4155550199"' "$T/blocked.json") == blocked ? 0 : 1 )) \
	"intercept: each of the $blocked blocked events says which number was found"
journal_hook out-of-session "$PH_OOS" oos 2000 '200' out-of-session-message out-of-session-voice

# spool_dir changed under load: what waited in the journal of the old
# folder is stored, the journal moves to the new folder (where the other
# workers look for journals left by killed ones), and nothing is lost.
mkdir -p "$T/moveA" "$T/moveB"
ph_own "$T/moveA" "$T/moveB"
echo "spool_dir = $T/moveA" | cat "$PROXYHOOKS_CONF" - > "$T/move.conf"
start_fcgi move-intercept "$PH_INTERCEPT" 1
journal_prepare move intercept-voice "$BASE/move/intercept"
is "$(journal_post "$BASE/move/intercept" move-0 move)" 200 "spool_dir moved: the worker answers"
ls "$T/moveA" | grep -q '^journal-intercept-'
ok $? "its journal is in the first folder"
journal_send "$BASE/move/intercept" 1500 16 move "$T/move.out" move &
sender=$!
sleep 1
echo "spool_dir = $T/moveB" | cat "$PROXYHOOKS_CONF" - > "$T/move.conf.new"
mv "$T/move.conf.new" "$T/move.conf"
wait "$sender"
is "$(journal_post "$BASE/move/intercept" move-last move)" 200 "the worker answers after the load"
is "$(ls "$T/moveA" | grep -c '^journal-')" 0 "no journal is left in the old folder"
is "$(ls "$T/moveB" | grep -c '^journal-intercept-')" 1 "the journal is in the new folder"
hook_tokens intercept | grep -E '^move-([0-9]+|last)$' > "$T/move.stored"
is "$(answered_check "$T/move.out" 200 move "$T/move.stored")" "0 0" \
	"every request answered 200 is stored once"
grep -qx move-last "$T/move.stored"
ok $? "and the last one too"
like "$(cat "$T/move-intercept.log")" "journal: the spool folder is now $T/moveB" \
	"the move is logged"
unlike "$(cat "$T/move-intercept.log")" "error:" "no errors logged"

# No room for a journal: the worker records before answering instead
# (a mapping over a hole it cannot fill would kill it with SIGBUS).
# Needs a small tmpfs, so root allowed to mount one.
full_cleanup() {
	umount -l "$T/full" 2>/dev/null
	store_cleanup
}
mkdir -p "$T/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
	trap full_cleanup EXIT
	dd if=/dev/zero of="$T/full/filler" bs=4k count=64 2>/dev/null
	mkdir -p "$T/full/spool" && ph_own "$T/full/spool" &&
		echo "spool_dir = $T/full/spool" | cat "$PROXYHOOKS_CONF" - > "$T/full.conf"
	start_fcgi full-intercept "$PH_INTERCEPT" 1
	journal_prepare full intercept-voice "$BASE/full/intercept"
	for k in 1 2 3; do
		journal_post "$BASE/full/intercept" "full-$k" full >> "$T/full.status"
		echo >> "$T/full.status"
	done
	is "$(tr '\n' ' ' < "$T/full.status")" "200 200 200 " \
		"spool full: the worker answers each request"
	is "$(hook_tokens intercept | grep -c '^full-')" 3 "and has stored each event"
	# (Killed, it would stay a zombie: kill -0 is not enough.)
	like "$(cut -d' ' -f3 "/proc/$(cat "$T/full-intercept.pid")/stat" 2>/dev/null)" '^[RSD]$' \
		"the worker is still running"
	like "$(cat "$T/full-intercept.log")" \
		"journal .*: No space left on device: events are recorded before answering" \
		"it logged why it has no journal"
else
	ok 0 "# SKIP no tmpfs can be mounted here to fill a spool"
fi
done_testing
