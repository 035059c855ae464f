#!/bin/sh
# Installs the library into a scratch prefix, then builds and runs a small
# consumer program against the INSTALLED copy two ways: CMake find_package(dxsim)
# and pkg-config.
set -eu
src="$1"; bin="$2"; cmake="$3"; cc="$4"
work="$bin/install-check"
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"
"$cmake" --install "$bin" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib* | head -n 1)

# 1. find_package
mkdir -p "$work/cm"
"$cmake" -S "$src/examples/consumer" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="${CONSUMER_CFLAGS:-}" >/dev/null
"$cmake" --build "$work/cm/build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cm/build/consumer" > "$work/cm.out"
grep -q "dxsim" "$work/cm.out"
# The binary must resolve libdxsim from the install prefix, not the build tree.
LD_LIBRARY_PATH="$libdir" ldd "$work/cm/build/consumer" | grep libdxsim | grep -q "$prefix" || {
  echo "FAIL: consumer did not resolve the installed libdxsim"; exit 1; }

# 2. pkg-config
PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --exists dxsim
flags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs dxsim)
"$cc" ${CONSUMER_CFLAGS:-} -std=c11 "$src/examples/consumer/consumer.c" $flags -o "$work/pc-consumer"
LD_LIBRARY_PATH="$libdir" "$work/pc-consumer" > "$work/pc.out"
grep -q "dxsim" "$work/pc.out"
cat "$work/cm.out"
echo "ok: consumer built against the installed library via find_package and pkg-config"
