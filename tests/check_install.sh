#!/bin/sh
# Installs the library into a scratch prefix, then checks the INSTALLED copy:
#  1. a consumer built with CMake find_package(dxsim): shared (dxsim::dxsim)
#     and static (dxsim::dxsim_static, libdxsim.a);
#  2. the same consumer built with pkg-config: shared, and static with
#     `pkg-config --static` (libdxsim.a plus Requires.private/Libs.private);
#  3. the installed `dxsim` CLI, man page and bash completion, run without
#     LD_LIBRARY_PATH (RPATH $ORIGIN/../lib);
#  4. `pip install bindings/python` (offline, no build dependencies) into a fresh
#     virtual environment, importing the binding and running a scenario from a
#     folder outside the source tree, without DXSIM_LIBRARY.
# usage: check_install.sh SRC BIN CMAKE CC   (CONSUMER_CFLAGS: sanitizer flags)
set -eu
src="$1"; bin="$2"; cmake="$3"; cc="$4"
work="$bin/install-check"
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"
"$cmake" --install "$bin" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib* | head -n 1)
fail() { echo "FAIL: $*"; exit 1; }
unset LD_LIBRARY_PATH || true

# 1. find_package, shared then static
mkdir -p "$work/cm"
"$cmake" -S "$src/examples/consumer" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="${CONSUMER_CFLAGS:-}" >/dev/null
"$cmake" --build "$work/cm/build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cm/build/consumer" > "$work/cm.out"
grep -q "demo scenario" "$work/cm.out" || fail "find_package consumer output"
# The binary must resolve libdxsim from the install prefix, not the build tree.
LD_LIBRARY_PATH="$libdir" ldd "$work/cm/build/consumer" | grep libdxsim | grep -q "$prefix" ||
  fail "consumer did not resolve the installed libdxsim"
"$cmake" -S "$src/examples/consumer" -B "$work/cm/build-static" -DCMAKE_PREFIX_PATH="$prefix" \
    -DDXSIM_CONSUMER_STATIC=ON -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="${CONSUMER_CFLAGS:-}" >/dev/null
"$cmake" --build "$work/cm/build-static" >/dev/null
"$work/cm/build-static/consumer" > "$work/cm-static.out"
grep -q "demo scenario" "$work/cm-static.out" || fail "static find_package consumer output"
ldd "$work/cm/build-static/consumer" | grep -q libdxsim && fail "static consumer needs libdxsim.so"

# 2. pkg-config, shared then static
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists dxsim
grep -q "^License: MIT" "$libdir/pkgconfig/dxsim.pc" || fail "dxsim.pc names no licence"
flags=$(pkg-config --cflags --libs dxsim)
"$cc" ${CONSUMER_CFLAGS:-} -std=c11 "$src/examples/consumer/consumer.c" $flags -o "$work/pc-consumer"
LD_LIBRARY_PATH="$libdir" "$work/pc-consumer" > "$work/pc.out"
grep -q "demo scenario" "$work/pc.out" || fail "pkg-config consumer output"
# --static: the archive and every private dependency; -l:libdxsim.a picks the archive
sflags=$(pkg-config --static --cflags --libs dxsim | sed 's/-ldxsim/-l:libdxsim.a/')
"$cc" ${CONSUMER_CFLAGS:-} -std=c11 "$src/examples/consumer/consumer.c" $sflags -o "$work/pc-static"
"$work/pc-static" > "$work/pc-static.out"
grep -q "demo scenario" "$work/pc-static.out" || fail "pkg-config --static consumer output"
ldd "$work/pc-static" | grep -q libdxsim && fail "pkg-config --static consumer needs libdxsim.so"

# 3. the installed CLI from any folder, without LD_LIBRARY_PATH
if [ -x "$bin/examples/dxsim" ]; then
  (cd "$work" && "$prefix/bin/dxsim" --version) | grep -q "^dxsim 0\." || fail "installed dxsim --version"
  (cd "$work" && "$prefix/bin/dxsim" demo -q -o "$work/cli/nested/demo") || fail "installed dxsim demo"
  [ -s "$work/cli/nested/demo/report.md" ] || fail "dxsim demo -o did not create nested folders"
  [ -s "$prefix/share/man/man1/dxsim.1" ] || fail "man page not installed"
  [ -s "$prefix/share/bash-completion/completions/dxsim" ] || fail "bash completion not installed"
fi
[ -s "$prefix/share/doc/dxsim/LICENSE" ] || fail "LICENSE not installed"

# 4. pip install of the binding into a fresh venv (skipped in sanitizer builds:
#    an uninstrumented interpreter cannot load an ASan library without LD_PRELOAD)
if [ -z "${CONSUMER_CFLAGS:-}" ] && /usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null; then
  /usr/bin/python3 -m venv --system-site-packages "$work/venv"
  DXSIM_PREFIX="$prefix" "$work/venv/bin/python" -m pip install --no-index --quiet \
      --disable-pip-version-check "$src/bindings/python" || fail "pip install bindings/python"
  (cd "$work" && env -u DXSIM_LIBRARY -u PYTHONPATH "$work/venv/bin/python" -c "
import dxsim, dxsim._install as rec, os
assert rec.LIBRARY.startswith(os.path.realpath('$prefix')), rec.LIBRARY
assert os.path.realpath(dxsim.__file__).startswith(os.path.realpath('$work/venv')), dxsim.__file__
res = dxsim.run_scenario('$src/examples/scenarios/farm-halow-lorawan.xml')
print('python', dxsim.version(), res['technologies'][0]['id'])
") > "$work/py.out" || fail "the pip-installed binding did not load the installed library"
  cat "$work/py.out"
else
  echo "skip: pip install check (sanitizer build or python3-venv missing)"
fi
cat "$work/cm.out" | head -n 1
echo "ok: installed library via find_package and pkg-config (shared and static), CLI without LD_LIBRARY_PATH, pip-installed binding"
