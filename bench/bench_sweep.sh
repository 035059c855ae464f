#!/bin/bash
# Sweep throughput at 1 and 2 MPI ranks, parallel efficiency, the per-job
# cost split (bench_sweep.c) and a projection of the national sweep
# (1,741 municipalities x 7 technologies x 1,000 draws on 64 cores).
# usage: bench/bench_sweep.sh [BUILD_DIR] [SPEC]    (figures: docs/benchmarks.md)
#
# Efficiency is reported two ways: wall time (T1 / (2 T2), what a user sees;
# meaningful only on an otherwise idle machine) and CPU time (CPU1 / CPU2,
# user+sys of the whole run including mpirun and polling: the work the
# parallel run adds, which other load on the machine does not distort).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
spec=${2:-$here/bench/sweep/national-sample.xml}
dxsim=$build/examples/dxsim
work=$(mktemp -d /tmp/dxsim-bench-sweep-XXXXXX)
trap 'rm -rf "$work"' EXIT
cores=$(nproc --all)
# One thread per rank and no OpenMP inside a job, so "1 rank" is one core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
jobs=$("$build/bench/bench_sweep" "$spec" 0 2>/dev/null | sed -n 's/^jobs \([0-9]*\) .*/\1/p')
calc() { awk "BEGIN { printf \"%.4f\", $* }"; }

run() { # label outdir command...: sets WALL and CPU (seconds)
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r WALL u s < "$work/time"
  CPU=$(calc "$u + $s")
  printf '%-20s wall %7.2f s  cpu %7.2f s  %6.3f jobs/s\n' "$label" "$WALL" "$CPU" "$(calc "$jobs / $WALL")"
}
echo "spec: $spec ($jobs jobs); $cores cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "1 rank, 1 thread" "$dxsim" sweep "$spec" -o "$work/r1" -j 1 -q
W1=$WALL C1=$CPU
run "1 rank, 2 threads" "$dxsim" sweep "$spec" -o "$work/t2" -j 2 -q
printf '%-20s efficiency wall %5.1f %%, cpu %5.1f %%\n' "" "$(calc "100 * $W1 / (2 * $WALL)")" "$(calc "100 * $C1 / $CPU")"
cmp -s "$work/r1/results.csv" "$work/t2/results.csv" || echo "WARNING: 2-thread table differs"
EFF=""
if command -v mpirun >/dev/null 2>&1; then
  # The 1-rank baseline is launched by mpirun too: on a Linux desktop/VM with
  # sched_autogroup, mpirun's children get their own scheduling group, so a
  # plain process and MPI ranks do not get the same CPU share under load.
  mpi="mpirun --allow-run-as-root --oversubscribe -x OMP_NUM_THREADS=1"
  run "1 rank (mpirun)" $mpi -np 1 "$dxsim" sweep "$spec" -o "$work/m1" -j 1 -q
  M1=$WALL MC1=$CPU
  run "2 ranks, 1 thread" $mpi -np 2 "$dxsim" sweep "$spec" -o "$work/r2" -j 1
  ew=$(calc "$M1 / (2 * $WALL)"); ec=$(calc "$MC1 / $CPU")
  printf '%-20s efficiency wall %5.1f %%, cpu %5.1f %%  (%s)\n' "" "$(calc "100 * $ew")" "$(calc "100 * $ec")" \
    "$(grep -o 'jobs run per rank:.*' "$work/err")"
  EFF=$(awk "BEGIN { e = $ew < $ec ? $ew : $ec; if (e > 1) e = 1; print e }")
  cmp -s "$work/r1/results.csv" "$work/r2/results.csv" || echo "WARNING: 2-rank table differs"
else
  echo "2 ranks: skipped (mpirun not found)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cost split per job (one thread, CPU time):"
"$build/bench/bench_sweep" "$spec" 1 | sed 's/^/  /'
job_s=$(calc "$C1 / $jobs")
e=${EFF:-0.9}
nat=$(calc "1741 * $job_s / (64 * $e)")
printf 'projection: 1741 jobs x %.3f s (cpu per job, 1 rank) / (64 cores x %.0f %% efficiency) = %.0f s (%.1f min)\n' \
  "$job_s" "$(calc "100 * $e")" "$nat" "$(calc "$nat / 60")"
