# `proxyhooks policy stats` lists the rules by how often they matched,
# then by file and line, the line as a number (8 before 11, not after).
. "${top_srcdir:-.}/t/lib.sh"

ph_setup
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
	printf 'block from +1555000%04d\n' "$n"
done > "$T/policy"
echo "default allow" >> "$T/policy"
ph policy check >/dev/null
ok $? "a policy of twelve rules"
out=$(ph policy stats)
ok $? "policy stats"
is "$(printf '%s\n' "$out" | sed -n 's/.*policy:\([0-9]*\): .*/\1/p' | tr '\n' ' ')" \
	"1 2 3 4 5 6 7 8 9 10 11 12 " "rules that never matched, in the order of their lines"
done_testing
