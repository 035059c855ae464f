#!/bin/sh
# Quick start 2: install what is missing, build, and run the whole test suite
# through ctest, then the hardening stages:
#   1. plain build (warnings are errors) and every test (cmocka, Python,
#      examples, CLI, install check), then the valgrind label (memcheck);
#   2. Release and MinSizeRel builds with default options must be warning-free;
#   3. the suite again under AddressSanitizer + UBSan (with float-cast-overflow);
#   4. ThreadSanitizer (clang): many threads loading and running scenarios;
#   5. libFuzzer smoke run (clang): 30 s per harness in tests/fuzz/.
# A stage whose tool is missing is skipped with a message (install-deps.sh
# installs them all). DXSIM_TEST_QUICK=1 runs stage 1 only.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$here/scripts/install-deps.sh"
start=$(date +%s)
stage() { echo "== $1 ($(( $(date +%s) - start )) s) =="; }

stage "build (warnings are errors) and every test"
cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDXSIM_WERROR=ON >/dev/null
cmake --build "$here/build" -j"$jobs"
(cd "$here/build" && ctest --output-on-failure -j"$jobs" -LE valgrind)

stage "valgrind memcheck (ctest -L valgrind)"
if command -v valgrind >/dev/null 2>&1; then
  (cd "$here/build" && ctest --output-on-failure -j"$jobs" -L valgrind)
else
  echo "skip: valgrind not installed (scripts/install-deps.sh installs it)"
fi
[ "${DXSIM_TEST_QUICK:-0}" = 1 ] && exit 0

# A release build with the default options (DXSIM_WERROR OFF) must also be
# free of warnings: GCC's -O3 / -Os analyses find what -O2 does not.
for type in Release MinSizeRel; do
  stage "$type build with default options: no warnings"
  dir="$here/build-$(echo "$type" | tr 'A-Z' 'a-z')"
  cmake -S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=$type -DDXSIM_BUILD_PYTHON_TESTS=OFF >/dev/null
  cmake --build "$dir" --clean-first -j"$jobs" > "$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
  if grep -n "warning:" "$dir/build.log"; then
    echo "FAIL: the $type build has warnings"; exit 1
  fi
done

stage "ASan + UBSan (float-cast-overflow included)"
# -O1 (no NDEBUG, asserts stay on): the sanitizers' recommended level; at -O0
# the numeric kernels ran 2-4x slower and this stage alone took 19 min.
cmake -S "$here" -B "$here/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DDXSIM_SANITIZE=ON \
      -DDXSIM_WERROR=ON -DDXSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$here/build-asan" -j"$jobs"
(cd "$here/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$jobs")

if command -v clang >/dev/null 2>&1; then
  # OpenMP off: libomp/libgomp are not TSan-instrumented (false reports); the
  # library's own threads are what test_threads exercises.
  stage "ThreadSanitizer (clang): ctest -L threads"
  CC=clang cmake -S "$here" -B "$here/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DDXSIM_SANITIZE_THREAD=ON -DDXSIM_WITH_OPENMP=OFF -DDXSIM_WERROR=ON \
      -DDXSIM_BUILD_BENCH=OFF -DDXSIM_BUILD_EXAMPLES=OFF -DDXSIM_BUILD_PYTHON_TESTS=OFF >/dev/null
  cmake --build "$here/build-tsan" -j"$jobs" --target test_threads
  (cd "$here/build-tsan" && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
     ctest --output-on-failure -L threads)

  stage "libFuzzer smoke run (clang): ctest -L fuzz"
  CC=clang cmake -S "$here" -B "$here/build-fuzz" -DCMAKE_BUILD_TYPE=Debug -DDXSIM_SANITIZE=ON \
      -DDXSIM_FUZZ=ON -DDXSIM_WERROR=ON -DDXSIM_BUILD_BENCH=OFF -DDXSIM_BUILD_EXAMPLES=OFF \
      -DDXSIM_BUILD_PYTHON_TESTS=OFF >/dev/null
  cmake --build "$here/build-fuzz" -j"$jobs" --target dxsim_fuzzers
  (cd "$here/build-fuzz" && ctest --output-on-failure -j"$jobs" -L fuzz)
else
  echo "skip: ThreadSanitizer and libFuzzer stages need clang (scripts/install-deps.sh installs it)"
fi
stage "all stages passed"
