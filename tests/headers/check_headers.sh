#!/bin/sh
# Compiles every public header on its own, twice in a row (include guards),
# and the umbrella header, as strict C99 and as C++11; checks that the
# umbrella header includes every header under iedu/.
#
#   check_headers.sh CC CXX INCLUDEDIR
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 CC CXX INCLUDEDIR" >&2
	exit 2
fi
cc=$1
cxx=$2
includedir=$3

cflags="-std=c99 -pedantic -Wall -Wextra -Werror -Wstrict-prototypes -fsyntax-only"
cxxflags="-std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only"

failed=0
checked=0
for path in "$includedir"/iedu.h "$includedir"/iedu/*.h; do
	header=${path#"$includedir"/}
	source=$(printf '#include <%s>\n#include <%s>\n' "$header" "$header")
	# shellcheck disable=SC2086 # the flags are meant to be split
	if ! printf '%s\n' "$source" | "$cc" $cflags -I"$includedir" -x c -; then
		echo "FAIL: $header as C99" >&2
		failed=$((failed + 1))
	fi
	# shellcheck disable=SC2086
	if ! printf '%s\n' "$source" | "$cxx" $cxxflags -I"$includedir" -x c++ -; then
		echo "FAIL: $header as C++11" >&2
		failed=$((failed + 1))
	fi
	checked=$((checked + 1))
done

for path in "$includedir"/iedu/*.h; do
	header=iedu/${path##*/}
	if ! grep -Eq "^#include [<\"]$header[>\"]" "$includedir/iedu.h"; then
		echo "FAIL: iedu.h does not include $header" >&2
		failed=$((failed + 1))
	fi
done

if [ "$checked" -eq 0 ]; then
	echo "FAIL: no headers under $includedir" >&2
	exit 1
fi
if [ "$failed" -ne 0 ]; then
	echo "$failed header checks failed" >&2
	exit 1
fi
echo "ok: $checked headers compile alone as C99 and as C++11"
