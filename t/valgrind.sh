# Every C test program once more under valgrind: no invalid read or write,
# no use of uninitialised memory, nothing definitely or indirectly leaked.
# (The programs' own CGI path is run under valgrind by t/cgi.sh; the
# sanitizer build does not run this, as the two do not mix.)
. "${top_srcdir:-.}/t/lib.sh"

command -v valgrind >/dev/null || fail_all "valgrind is not installed (scripts/check installs it)"
[ -z "${PH_NO_VALGRIND:-}" ] || fail_all "PH_NO_VALGRIND is set: run t/valgrind.sh in a build without sanitizers"
[ -n "${PH_UNIT_TESTS:-}" ] || skip_all "PH_UNIT_TESTS (set by make check) names no program"
ph_setup

for name in $PH_UNIT_TESTS; do
	prog="$top_builddir/$name"
	if [ ! -x "$prog" ]; then
		ok 1 "$name is built"
		continue
	fi
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		"$prog" >"$T/out" 2>"$T/vg.log"
	rc=$?
	[ $rc -ne 99 ]
	ok $? "valgrind finds no error or leak in $name"
	[ $rc -eq 99 ] && diag "$(grep '^==' "$T/vg.log" | head -n 30)"
	# The program's own verdict, under valgrind too.
	is "$rc" 0 "and $name passes under valgrind" ||
		diag "$(grep -A3 '^not ok' "$T/out" | head -n 20)"
done

done_testing
