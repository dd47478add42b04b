# Root and the files the web server's user can write. The data's folder
# (database, spool) belongs to www-data, as deployments have it, and
# www-data plants links there: root's `proxyhooks spool replay`, root's
# CLI on the store and a hook run as root follow none of them, say which
# file they refused, and never wait for ever (each run under timeout). The
# root CLI against a store that does not exist yet works as the folder's
# owner, so that the hooks can use the database it made.
. "${top_srcdir:-.}/t/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "not root: root's view of another user's files is not tested"
user=www-data
group=$(id -gn "$user" 2>/dev/null) || skip_all "no user $user to own the data"
command -v runuser >/dev/null || skip_all "runuser is not installed"

ph_setup "store_timeout_ms = 200"
BODY=$(fixture callback-message)
URL=https://hooks.example.com/cgi-bin/proxyhooks-callback
SIG=$(printf '%s' "$BODY" | ph sign --body-file - "$URL")

# The program where www-data can run it (the build folder may not be).
mkdir -p "$T/bin"
cp "$PH_CALLBACK" "$T/bin/"
chmod 755 "$T/bin" "$T/bin/proxyhooks-callback"
chown -R "$user:$group" "$T"

ph_timed() {	# the CLI, stopped after 20 s: a loop fails (124) instead of hanging
	timeout 20 "$PH_CLI" -c "$PROXYHOOKS_CONF" "$@"
}
as_user() {	# as_user COMMAND...: run as www-data
	runuser -u "$user" -- "$@"
}
post() {	# post TOKEN: the status of a signed callback through CGI, as PH_AS says
	local token=$1
	cgi_status "$(cgi_post "$T/bin/proxyhooks-callback" \
		/cgi-bin/proxyhooks-callback "$BODY" "$SIG" \
		HTTP_I_TWILIO_IDEMPOTENCY_TOKEN="$token" 2>>"$T/cgi.log")"
}
# Root's files the links point to, outside www-data's reach.
mkdir -m 700 "$T/root"
chown root:root "$T/root"
victim() {	# victim NAME: a root file with known contents; prints its path
	printf 'root file %s\n' "$1" > "$T/root/$1"
	chmod 600 "$T/root/$1"
	echo "$T/root/$1"
}
untouched() {	# untouched PATH NAME: still root's, as it was
	is "$(stat -c '%U %a' "$1"):$(cat "$1")" "root 600:root file $2" "$3"
}

# --- The root CLI against a store that does not exist yet -------------------------

out=$(ph_timed events --format json 2>&1)
is $? 0 "the root CLI on a store that does not exist yet makes it"
is "$(stat -c %U "$T/events.db")" "$user" "as the folder's owner, $user"
is "$(post fresh-1)" 200 "a callback through CGI as $user"
like "$(ph events --format json)" '"idempotency_token":"fresh-1"' \
	"is stored in the database the root CLI made"
is "$(find "$T" -user root ! -path "$T/root*" ! -name cgi.log | sort | tr '\n' ' ')" "" \
	"nothing the root CLI made is root's"

mkdir "$T/cache"
chown nobody "$T/cache"
cp "$PROXYHOOKS_CONF" "$T/good.conf"
echo "cache_dir = $T/cache" >> "$PROXYHOOKS_CONF"
out=$(ph_timed events 2>&1)
is $? 1 "folders of two users: the root CLI refuses"
like "$out" "folder $T belongs to $user but cache_dir $T/cache to nobody" \
	"naming the folders and their owners"
like "$out" "sudo -u $user .*/proxyhooks -c $PROXYHOOKS_CONF events\$" "and the command to run instead"
cp "$T/good.conf" "$PROXYHOOKS_CONF"

# --- Links in the spool: root's replay -----------------------------------------------

# replay_refuses NAME TARGET LINE WHAT: LINE in events.spool, the spool's
# file NAME a link to TARGET, both planted by www-data: root's replay fails
# at once (a loop would end in timeout's 124), naming the link.
replay_refuses() {
	as_user sh -c "printf '%s\n' '$3' > '$T/spool/events.spool'"
	as_user ln -sfn "$2" "$T/spool/$1"
	out=$(ph_timed spool replay 2>&1)
	is $? 1 "$1 $4: root's replay fails at once"
	like "$out" "$T/spool/$1 is a symbolic link" "naming the link it refused"
}

as_user mkdir -p "$T/spool"
v=$(victim crontab)
replay_refuses rejected.spool "$v" '* * * * * root echo pwned' "a link to a root file"
untouched "$v" crontab "the file it points to is untouched"
like "$(cat "$T/spool/replaying.spool")" "echo pwned" "the refused line is kept in the spool"
rm "$T/spool/rejected.spool"
like "$(ph_timed spool replay 2>&1)" "1 refused \(kept in $T/spool/rejected.spool\)" \
	"without the link, the replay sets the line aside as it should"
is "$(stat -c %U "$T/spool/rejected.spool")" "$user" "in a file of $user's"

v=$(victim lock)
replay_refuses replay.lock "$v" 'not an event' "a link to a root file"
untouched "$v" lock "the file it points to is neither truncated nor written"

replay_refuses replay.lock "$T/nowhere" 'not an event' "a dangling link"
ok "$([ ! -e "$T/nowhere" ]; echo $?)" "and makes nothing where it points"
as_user rm "$T/spool/replay.lock"
like "$(ph_timed spool replay 2>&1)" "1 refused" "without the link, the replay runs"

# --- The database a link: root's CLI -------------------------------------------------

v=$(victim database)
: > "$v"	# empty: SQLite would make it a database
as_user mv "$T/events.db" "$T/events.db.real"
as_user ln -s "$v" "$T/events.db"
out=$(ph_timed events 2>&1)
is $? 1 "events.db a link to a root file: root's CLI refuses it"
like "$out" "$T/events.db is a symbolic link" "naming it"
is "$(stat -c '%U %a %s' "$v")" "root 600 0" "the file it points to is not made a database"
as_user rm "$T/events.db"
as_user mv "$T/events.db.real" "$T/events.db"

# --- A hook run as root (allow_root) in www-data's spool --------------------------

v=$(victim hook)
as_user sh -c "printf 'not an event either\n' > '$T/spool/events.spool'"
as_user rm "$T/spool/rejected.spool"
as_user ln -s "$v" "$T/spool/rejected.spool"
echo "allow_root = yes" >> "$PROXYHOOKS_CONF"
is "$(PH_AS= post root-hook-1)" 200 "a hook as root with a link in the spool answers"
like "$(cat "$T/cgi.log")" "$T/spool/rejected.spool is a symbolic link" \
	"and logs the link it refused"
untouched "$v" hook "the file it points to is untouched"
is "$(stat -c %U "$T/spool")" "$user" "the spool stays $user's"

done_testing
