#!/bin/sh
# Installs the build tree into a fresh prefix and uses it as the three
# kinds of users do: examples/minimal.c built through pkg-config, and
# through a CMake project doing find_package(iedu 1) (which also links the
# static library), and the Python package installed with pip. Every
# program must exit 0 and print exactly the expected line.
#
#   run.sh BUILDDIR SOURCEDIR VERSION CC CMAKE GENERATOR [EXTRA_FLAGS]
#
# EXTRA_FLAGS go to every compile and link (the sanitizer flags of an
# instrumented build).
set -eu

if [ $# -lt 6 ]; then
	echo "usage: $0 BUILDDIR SOURCEDIR VERSION CC CMAKE GENERATOR [EXTRA_FLAGS]" >&2
	exit 2
fi
build=$1
source=$2
version=$3
cc=$4
cmake=$5
generator=$6
extra=${7:-}

expected="libiedu $version: 1 organization: nf-community \"国家有色金属行业产教融合共同体\""

work=$(mktemp -d "${TMPDIR:-/tmp}/iedu-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

step() { printf '== %s\n' "$*"; }

# Runs a program and compares its output with the expected line.
check_run() {
	name=$1
	shift
	status=0
	"$@" >"$work/out" 2>"$work/err" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "FAIL: $name exited with status $status" >&2
		cat "$work/out" "$work/err" >&2
		exit 1
	fi
	printf '%s\n' "$expected" >"$work/expected"
	if ! diff -u "$work/expected" "$work/out" >&2; then
		echo "FAIL: $name printed something else (diff: expected, got)" >&2
		cat "$work/err" >&2
		exit 1
	fi
	echo "ok: $name"
}

step "installing $build into $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" ||
	{ cat "$work/install.log" >&2; exit 1; }

pc=$(find "$prefix" -name libiedu.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || { echo "FAIL: libiedu.pc not installed" >&2; exit 1; }
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
for f in "$prefix/include/iedu.h" "$prefix/include/iedu/version.h" \
	"$libdir/libiedu.a" "$libdir/cmake/iedu/ieduConfig.cmake"; do
	[ -e "$f" ] || { echo "FAIL: $f not installed" >&2; exit 1; }
done
have_shared=no
[ -e "$libdir/libiedu.so" ] && have_shared=yes

step "pkg-config consumer"
PKG_CONFIG_PATH=$pcdir
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --libs libiedu)
pkgversion=$(pkg-config --modversion libiedu)
[ "$pkgversion" = "$version" ] ||
	{ echo "FAIL: pkg-config says version $pkgversion, not $version" >&2; exit 1; }
if [ "$have_shared" = no ]; then
	flags=$(pkg-config --cflags --libs --static libiedu)
fi
# shellcheck disable=SC2086 # the flags are meant to be split
"$cc" $extra -o "$work/minimal-pc" "$source/examples/minimal.c" $flags \
	-Wl,-rpath,"$libdir"
check_run "minimal through pkg-config" "$work/minimal-pc"

step "CMake consumer: find_package(iedu $version)"
"$cmake" -S "$source/tests/install/consumer" -B "$work/consumer" \
	-G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra" \
	-DCMAKE_EXE_LINKER_FLAGS="$extra" \
	-DIEDU_EXAMPLE="$source/examples/minimal.c" >"$work/consumer.log" 2>&1 ||
	{ cat "$work/consumer.log" >&2; exit 1; }
"$cmake" --build "$work/consumer" >>"$work/consumer.log" 2>&1 ||
	{ cat "$work/consumer.log" >&2; exit 1; }
check_run "minimal through iedu::iedu" "$work/consumer/minimal"
check_run "minimal through iedu::iedu_static" "$work/consumer/minimal_static"

# The third consumer: the Python package, installed with Debian's own
# tooling (pip, setuptools and wheel of /usr/bin/python3, no network) into
# the same prefix, finding the installed libiedu.so through the loader.
py=/usr/bin/python3
if [ -e "$libdir/libiedu.so" ] && [ -x "$py" ] &&
	"$py" -c 'import setuptools, wheel, pip' 2>/dev/null; then
	step "Python consumer: pip install bindings/python"
	"$py" -m pip install --no-build-isolation --no-deps --no-index \
		--prefix "$prefix" "$source/bindings/python" \
		>"$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; exit 1; }
	site=$(find "$prefix" -type d \( -name site-packages -o -name dist-packages \) | head -n 1)
	[ -n "$site" ] || { echo "FAIL: pip installed no site-packages or dist-packages under $prefix" >&2; exit 1; }
	cat >"$work/minimal.py" <<'PY'
import iedu

with iedu.Database() as db:
    db.add({"kind": "organization", "id": "nf-community", "type": "community",
            "name": {"zh": "国家有色金属行业产教融合共同体"}})
    org = db.get("nf-community")
    print('libiedu %s: %d organization: %s "%s"'
          % (iedu.library_version, db.count("organization"), org.id,
             org.names["zh"]))
PY
	check_run "minimal.py through the installed package" \
		env PYTHONPATH="$site" LD_LIBRARY_PATH="$libdir" \
		PYTHONDONTWRITEBYTECODE=1 ${IEDU_INSTALL_PYTHON_ENV:-} \
		"$py" "$work/minimal.py"
elif [ -n "${CI:-}" ]; then
	echo "FAIL: /usr/bin/python3 with pip, setuptools and wheel is needed" >&2
	exit 1
else
	echo "skipped: the Python consumer (needs python3-pip, python3-setuptools, python3-wheel)"
fi

echo "ok: the installed library works through pkg-config, find_package and Python"
