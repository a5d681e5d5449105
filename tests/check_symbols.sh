#!/bin/sh
# Checks the symbols libiedu.so exports against the committed manifest.
#
#   check_symbols.sh LIBRARY MANIFEST INCLUDEDIR [NM]
#   check_symbols.sh --update LIBRARY MANIFEST INCLUDEDIR [NM]
#
# The manifest lists each exported symbol with its version node
# (iedu_db_new@@IEDU_1.0), sorted. The check fails when the library's list
# differs from it, when a symbol does not start with iedu_, or when the
# names differ from the functions the public headers declare with IEDU_API.
# --update rewrites the manifest from the library (make symbols), after the
# same prefix and header checks.
set -eu

update=no
if [ "${1:-}" = "--update" ]; then
	update=yes
	shift
fi
if [ $# -lt 3 ]; then
	echo "usage: $0 [--update] LIBRARY MANIFEST INCLUDEDIR [NM]" >&2
	exit 2
fi
lib=$1
manifest=$2
includedir=$3
nm=${4:-nm}
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Exported (defined, dynamic) symbols, without the version node's own
# absolute symbol.
"$nm" -D --defined-only "$lib" | awk '{ print $NF }' |
	grep -v '^IEDU_[0-9.]*$' | sort >"$tmp/exported"

status=0

if grep -v '^iedu_' "$tmp/exported" >"$tmp/foreign"; then
	echo "FAIL: $lib exports symbols outside the iedu_ prefix:" >&2
	sed 's/^/  /' "$tmp/foreign" >&2
	status=1
fi

# Functions declared with IEDU_API: the name before the first "(" on the
# declaration's first line.
cat "$includedir"/iedu.h "$includedir"/iedu/*.h | grep '^IEDU_API' \
	>"$tmp/api-lines" || true
sed -n 's/^IEDU_API[^(]*[ *]\(iedu_[A-Za-z0-9_]*\)(.*/\1/p' \
	"$tmp/api-lines" | sort -u >"$tmp/declared"
if [ "$(wc -l <"$tmp/api-lines")" -ne "$(wc -l <"$tmp/declared")" ]; then
	echo "FAIL: cannot read a function name from every IEDU_API line" >&2
	echo "(write 'IEDU_API type name(' on one line, each name once):" >&2
	sed -n '/^IEDU_API[^(]*[ *]iedu_[A-Za-z0-9_]*(/!p' "$tmp/api-lines" >&2
	status=1
fi
sed 's/@.*//' "$tmp/exported" | sort -u >"$tmp/exported-names"
if ! diff -u "$tmp/declared" "$tmp/exported-names" >"$tmp/decl.diff"; then
	echo "FAIL: exported functions (+) differ from IEDU_API declarations (-):" >&2
	cat "$tmp/decl.diff" >&2
	status=1
fi

if [ "$update" = yes ]; then
	if [ "$status" -ne 0 ]; then
		echo "manifest not rewritten" >&2
		exit "$status"
	fi
	cp "$tmp/exported" "$manifest"
	echo "wrote $manifest ($(wc -l <"$manifest") symbols)"
	exit 0
fi

if ! diff -u "$manifest" "$tmp/exported" >"$tmp/manifest.diff"; then
	echo "FAIL: exported symbols (+) differ from $manifest (-):" >&2
	cat "$tmp/manifest.diff" >&2
	echo "If the change is intended, run 'make symbols' and commit the manifest." >&2
	status=1
fi

if [ "$status" -eq 0 ]; then
	echo "ok: $(wc -l <"$tmp/exported") symbols match $manifest"
fi
exit "$status"
