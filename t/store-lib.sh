# t/store-lib.sh: what the store tests share, sourced after t/lib.sh: a
# PostgreSQL server of the test's own (initdb on a loopback port chosen at
# run time, stopped when the test exits) and a load of concurrent signed
# posts through nginx.

PG_BIN=""
PG_PORT=""
PG_DATA=""

# As the postgres system user when root (initdb refuses root).
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# Find initdb; skip the whole test when PostgreSQL is not installed.
pg_require() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			PG_BIN=$d
			break
		fi
	done
	[ -n "$PG_BIN" ] || skip_all "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)"
	command -v psql >/dev/null || skip_all "psql is not installed"
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		skip_all "running as root without a postgres user for initdb"
	fi
}

# A new cluster in $T/pg, owned by the postgres user, trusting loopback
# connections as the superuser "proxyhooks".
pg_init() {
	mkdir -p "$T/pg"
	[ "$(id -u)" -eq 0 ] && chown postgres "$T/pg"
	PG_DATA="$T/pg/data"
	pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U proxyhooks -A trust -E UTF8 --locale=C \
		--no-sync >"$T/pg/initdb.log" 2>&1 ||
		{ diag "initdb failed:" "$(tail -5 "$T/pg/initdb.log")"; return 1; }
	PG_PORT=$(free_port)
}

pg_start() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$T/pg/server.log" -w -t 30 \
		-o "-p $PG_PORT -k $T/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" \
		start >/dev/null 2>&1 ||
		{ diag "PostgreSQL did not start:" "$(tail -5 "$T/pg/server.log")"; return 1; }
}

pg_stop() {	# pg_stop [MODE]
	[ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ] &&
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m "${1:-fast}" -w stop >/dev/null 2>&1
	return 0
}

pg_uri() {	# pg_uri DBNAME
	echo "postgresql://proxyhooks@127.0.0.1:$PG_PORT/$1"
}

pg_sql() {	# pg_sql DBNAME SQL: one value a line
	psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U proxyhooks -d "$1" -c "$2"
}

pg_createdb() {
	pg_sql postgres "CREATE DATABASE $1" >/dev/null
}

# Stop PostgreSQL before t/lib.sh's cleanup removes $T.
store_cleanup() {
	pg_stop immediate
	ph_cleanup
}
trap store_cleanup EXIT

# What a load through nginx into a SQLite store needs; skip the whole test
# without it.
load_require() {
	[ -x "$NGINX" ] || skip_all "nginx is not installed"
	command -v spawn-fcgi >/dev/null || skip_all "spawn-fcgi is not installed"
	command -v curl >/dev/null || skip_all "curl is not installed"
	command -v sqlite3 >/dev/null || skip_all "the sqlite3 command is not installed"
}

# A signed body for URL in $T/load.body (the example EXAMPLE of
# `proxyhooks send`, a CallbackUrl message by default), its signature in
# $LOAD_SIG. One body serves every request of a load: each request has an
# idempotency token of its own, so each is a different event.
load_prepare() {	# load_prepare URL [EXAMPLE]
	local signed
	signed=$(ph send --print-body "${2:-callback-message}" "$1") || return 1
	LOAD_SIG=$(printf '%s\n' "$signed" | sed -n 1p)
	printf '%s' "$(printf '%s\n' "$signed" | sed -n 2p)" > "$T/load.body"
}

# POST N requests to URL, at most P at a time, with idempotency tokens
# PREFIX-1 ... PREFIX-N. Each answer is a line "STATUS INDEX" in OUTFILE.
load_send() {	# load_send URL N P PREFIX OUTFILE
	local url=$1 n=$2 p=$3 prefix=$4 out=$5 i
	{
		for i in $(seq 1 "$n"); do
			printf 'url = "%s"\n' "$url"
			printf 'header = "I-Twilio-Idempotency-Token: %s-%d"\n' "$prefix" "$i"
			printf 'header = "X-Twilio-Signature: %s"\n' "$LOAD_SIG"
			printf 'data-binary = "@%s"\n' "$T/load.body"
			printf 'output = "/dev/null"\n'
			printf 'write-out = "%%{http_code} %d\\n"\n' "$i"
			[ "$i" -lt "$n" ] && printf 'next\n'
		done
	} > "$T/load.curl"
	curl -s --parallel --parallel-immediate --parallel-max "$p" --max-time 60 \
		-K "$T/load.curl" > "$out" 2>/dev/null
	return 0
}

# How many answers in FILE had STATUS (a grep -E pattern).
load_count() {	# load_count FILE STATUS
	grep -Ec "^($2) " "$1"
}

# One callback child behind nginx, with the settings given; URL is where it
# answers, ready for load_send.
callback_start() {	# callback_start [SETTING...]
	ph_setup "$@"
	start_fcgi callback "$PH_CALLBACK" 1 || exit 1
	start_nginx || exit 1
	URL="$BASE/proxyhooks/callback"
	load_prepare "$URL"
}

# The idempotency tokens stored, one a line, sorted.
stored_tokens() {
	ph events --format json | sed -n 's/.*"idempotency_token":"\([^"]*\)".*/\1/p' | sort
}

# Hold SQLite's write lock on DB from another process (the sqlite3 command
# in a write transaction) until sqlite_unlock.
sqlite_lock() {	# sqlite_lock DB
	local i
	rm -f "$T/lock.fifo"
	mkfifo "$T/lock.fifo"
	rm -f "$T/lock.out"
	sqlite3 "$1" < "$T/lock.fifo" > "$T/lock.out" 2>&1 &
	SQLITE_HOLDER=$!
	ph_pids="$ph_pids $SQLITE_HOLDER"
	exec 7>"$T/lock.fifo"
	# The holder says when it holds the write lock: only then is it held.
	echo ".timeout 10000" >&7
	echo "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS lock_holder (x); SELECT 'holding';" >&7
	for i in $(seq 1 100); do
		grep -q '^holding$' "$T/lock.out" 2>/dev/null && return 0
		sleep 0.1
	done
	diag "could not lock $1"
	return 1
}

sqlite_unlock() {
	echo "ROLLBACK;" >&7
	exec 7>&-
	wait "$SQLITE_HOLDER"
}
