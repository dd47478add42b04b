# Building by hand as the README says, in a copy of the sources where
# scripts/serve already made _build; and configure for a cgi-bin
# (--enable-static-programs) without warnings that do not apply.
. "${top_srcdir:-.}/t/lib.sh"

command -v autoreconf >/dev/null || skip_all "autoreconf is not installed"
T=$(mktemp -d "${TMPDIR:-/tmp}/proxyhooks-test.XXXXXX")
S=$T/src
mkdir "$S"
# The sources, without build or state folders of the tree they come from.
tar -C "$top_srcdir" --exclude=./_build --exclude=./state --exclude=./.git \
	--exclude='./_*' --exclude=./autom4te.cache -cf - . | tar -C "$S" -xf -
ok $? "a copy of the sources"
mkdir "$S/_build"	# as scripts/serve leaves it
line=$(sed -n 's/^    \(autoreconf -fi && .*\)$/\1/p' "$top_srcdir/README.md")
like "$line" "^autoreconf -fi && .* && \.\./configure && make" "the README's by-hand build line"
# Up to configure (the build itself is what the rest of the suite tests).
(cd "$S" && eval "${line%% && make*} -q") >"$T/by-hand.log" 2>&1
ok $? "it works with _build already there" || diag "$(tail -n 5 "$T/by-hand.log")"
(cd "$S/_build" && ../configure -q --enable-static-programs) >"$T/static.log" 2>&1
ok $? "configure --enable-static-programs" || diag "$(tail -n 5 "$T/static.log")"
unlike "$(cat "$T/static.log")" "WARNING" "with no warning"
done_testing
