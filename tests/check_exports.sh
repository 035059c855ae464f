#!/bin/sh
# Only dx_-prefixed symbols may be exported by libdxsim.so (hidden visibility),
# and GSL's CBLAS calls must be served by OpenBLAS, not libgslcblas.
set -eu
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^dx_' || true)
if [ -n "$bad" ]; then
  echo "FAIL: symbols exported without the dx_ prefix:"; echo "$bad"; exit 1
fi
n=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/' | grep -c ' dx_' || true)
[ "$n" -gt 10 ] || { echo "FAIL: only $n dx_ symbols exported"; exit 1; }
if nm -D --defined-only "$lib" | grep -q ' dx__'; then echo "FAIL: internal dx__ symbol exported"; exit 1; fi
# The library never prints, exits or aborts (STYLE.md §3): no such imports.
noisy=$(nm -u "$lib" | awk '{print $2}' | sed 's/@.*//' |
        grep -xE 'printf|fprintf|vprintf|vfprintf|puts|fputs|putchar|perror|exit|_exit|abort|__assert_fail' || true)
if [ -n "$noisy" ]; then
  echo "FAIL: the library imports printing/exiting functions:"; echo "$noisy"; exit 1
fi
needed=$(objdump -p "$lib" | awk '/NEEDED/ {print $2}')
echo "$needed" | grep -q gslcblas && { echo "FAIL: linked against libgslcblas"; echo "$needed"; exit 1; }
echo "$needed" | grep -q openblas || { echo "FAIL: not linked against OpenBLAS"; echo "$needed"; exit 1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
case "$soname" in libdxsim.so.*) ;; *) echo "FAIL: SONAME '$soname'"; exit 1;; esac
echo "ok: $n dx_ symbols exported, SONAME $soname, BLAS from OpenBLAS"
