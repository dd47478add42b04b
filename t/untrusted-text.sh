# What a client sends never reaches a log line or the operator's terminal
# raw: the error log escapes control characters and newlines in every line
# (one line per message, whatever it quotes), and the CLI's tables, CSV and
# text report escape them in stored strings, while JSON stays exact.
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
printf 'block body phone\ndefault allow\n' > "$T/policy"
URL=https://hooks.example.com/cgi-bin/proxyhooks-intercept
ESC=$(printf '\033') BEL=$(printf '\007')

# No raw control byte (a newline is counted by the line checks).
raw_controls() {	# raw_controls TEXT: prints what it found
	printf '%s' "$1" | tr -d '\n' | LC_ALL=C grep -c "$(printf '[\001-\037\177]')"
}

# --- the error log: an unsigned POST, refused before any signature check,
# whose field name holds a newline, an escape sequence and a bell.
body="To=%2B1&a%0Aproxyhooks-intercept[1]:%20error:%20forged%1B[2J%07=%zz"
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$body" "" 2>"$T/unsigned.log")
is "$(cgi_status "$out")" 400 "an unsigned POST with a bad escape is refused 400"
# Every line is the program's own (its name and pid, then a level), and
# one of them is the refusal, quoting the field name.
log=$(grep 'refused' "$T/unsigned.log")
is "$(sed 's/\]: [a-z]*: .*//' "$T/unsigned.log" | sort -u)" \
	"$(sed -n 's/\]: [a-z]*: .*//p' "$T/unsigned.log" | sed -n 1p)" \
	"the error log has only the program's own lines, one process's"
is "$(printf '%s\n' "$log" | grep -c .)" 1 "exactly one line for the refusal"
is "$(raw_controls "$log")" 0 "with no raw control bytes"
like "$log" '^proxyhooks-intercept\[[0-9]+\]: info: intercept: refused 400: field 2 \(a\\nproxyhooks-intercept\[1\]: error: forged\\x1B\[2J\\x07\)' \
	"the field name is shown escaped, inside the one line"

# --- a signed intercept whose interactionSid holds terminal escapes and a
# newline: stored as it came, shown escaped.
evil="${ESC}[31mRED${ESC}]0;pwned${BEL}${ESC}[2J
X"
signed=$(ph send --print-body intercept "$URL" "interactionSid=$evil")
sig=$(printf '%s\n' "$signed" | sed -n 1p)
signed=$(printf '%s\n' "$signed" | sed -n 2p)
out=$(cgi_post "$PH_INTERCEPT" /cgi-bin/proxyhooks-intercept "$signed" "$sig" 2>"$T/signed.log")
is "$(cgi_status "$out")" 403 "the signed intercept with a phone number is blocked (403)"
is "$(raw_controls "$(cat "$T/signed.log")")" 0 "its log lines hold no raw control bytes"
is "$(grep -vc '^proxyhooks-intercept\[[0-9]*\]: [a-z]*: ' "$T/signed.log")" 0 \
	"and each of its log lines is one of the program's own"

table=$(ph events)
is "$(raw_controls "$table")" 0 "events: the table has no raw control bytes"
is "$(printf '%s\n' "$table" | grep -c .)" 2 "a heading and one line: the newline does not break it"
like "$table" '\\x1B\[31mRED\\x1B\]0;pwned\\x07\\x1B\[2J\\nX' "the interactionSid is shown escaped"

csv=$(ph events --format csv)
is "$(raw_controls "$csv")" 0 "events --format csv: no raw control bytes"
is "$(printf '%s\n' "$csv" | grep -c .)" 2 "a heading and one record"
like "$csv" ',\\x1B\[31mRED\\x1B\]0;pwned\\x07\\x1B\[2J\\nX,' "the interactionSid field escaped"

json=$(ph events --format json)
seen=$(printf '%s' "$json" | python3 -c 'import json, sys; sys.stdout.write(json.loads(sys.stdin.read())["interactionSid"])'; echo .)
is "${seen%.}" "$evil" "events --format json keeps the stored value exact"

report=$(ph report)
is "$(raw_controls "$report")" 0 "report: no raw control bytes"
like "$report" 'Latest blocked:' "and it lists the block"

# --- the participant directory: a name with escapes.
ph participants add KP0123456789abcdef0123456789abcdef +14155550100 \
	--name "Ann${ESC}[2J${BEL}" >/dev/null
list=$(ph participants list)
is "$(raw_controls "$list")" 0 "participants list: no raw control bytes"
like "$list" 'Ann\\x1B\[2J\\x07' "the name is shown escaped"
list=$(ph participants list --format csv)
is "$(raw_controls "$list")" 0 "participants list --format csv: no raw control bytes"
done_testing
