#!/bin/sh
# t/layers.sh: no folder of src/ or include/proxyhooks/ includes a header of a
# layer above it. The layers, from the ground up, and what each may include,
# are the table below; docs/architecture.md draws the same picture.
. "${top_srcdir:-.}/t/lib.sh"

allowed() {	# allowed FOLDER: the folders its files may include
	case $1 in
	base)   echo "base" ;;
	web)    echo "base web" ;;
	policy) echo "base web policy" ;;
	store)  echo "base web store" ;;
	hooks)  echo "base web policy store hooks" ;;
	cli)    echo "base web policy store hooks cli" ;;
	*)      echo "" ;;
	esac
}

cd "$top_srcdir" || exit 1
files=$(ls src/*/*.c src/*/*.h include/proxyhooks/*/*.h 2>/dev/null)
stray=$(ls src/*.c include/proxyhooks/*.h 2>/dev/null)
is "$stray" "" "every source and header lives in a layer's folder"
for f in $files; do
	case $f in
	src/*) layer=${f#src/} ;;
	*) layer=${f#include/proxyhooks/} ;;
	esac
	layer=${layer%%/*}
	ok_list=$(allowed "$layer")
	bad=""
	if [ -z "$ok_list" ]; then
		bad="$layer is not a known layer"
	else
		for inc in $(sed -n 's/^#[ \t]*include[ \t]*"proxyhooks\/\([a-z_0-9]*\)\/.*/\1/p' "$f"); do
			case " $ok_list " in
			*" $inc "*) ;;
			*) bad="$bad $inc" ;;
			esac
		done
		if grep -q '^#[ \t]*include[ \t]*"proxyhooks/[a-z_0-9]*\.h"' "$f"; then
			bad="$bad (a header outside the layer folders)"
		fi
	fi
	is "$bad" "" "$f ($layer) includes only $ok_list"
done
done_testing
