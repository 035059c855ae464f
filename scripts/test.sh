#!/bin/sh
# Quick start 2: install what is missing, build, and run the whole test suite
# through ctest (cmocka tests, Python tests, example and CLI runs, install
# check), then the same tests again in an AddressSanitizer + UBSan build.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$here/scripts/install-deps.sh"

echo "== release build =="
cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$here/build" -j"$jobs"
(cd "$here/build" && ctest --output-on-failure -j"$jobs")

echo "== ASan + UBSan build =="
cmake -S "$here" -B "$here/build-asan" -DCMAKE_BUILD_TYPE=Debug -DDXSIM_SANITIZE=ON \
      -DDXSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$here/build-asan" -j"$jobs"
(cd "$here/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$jobs")
