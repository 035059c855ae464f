#!/bin/bash
# dxsim sweep end to end (ctest: cli_sweep_*):
#   reproducible   the table is the same, byte for byte, at 1 and 3 threads and
#                  under `mpirun -np 2` (skipped with a message without mpirun)
#   malformed      one malformed scenario gives an error row naming file, line
#                  and element; every other job has its rows
#   kill           SIGKILL mid-run (one process; under MPI one rank, then the
#                  whole job), a torn record appended, then --resume: the table
#                  equals the uninterrupted one (no duplicate, no partial row);
#                  a hung rank (SIGSTOP) is reported and its jobs re-issued;
#                  under mpirun --enable-recovery a dead rank (SIGKILL) too
# usage: check_sweep.sh DXSIM SOURCE_DIR WORK_DIR TEST [MPI_BUILT=ON|OFF]
set -u
dxsim=$1 src=$2 work=$3 test=$4 mpi_built=${5:-ON}
small=$src/tests/data/sweep/small.xml
big=$src/tests/data/sweep/kill.xml
# Open MPI leaks at MPI_Finalize (its own allocations): no leak check under
# mpirun in sanitizer builds; the one-process runs keep it for libdxsim.
mpirun_cmd="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 mpirun --allow-run-as-root --oversubscribe -np 2"
fail() { echo "FAIL: $*"; exit 1; }
have_mpi() {
  if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: MPI part: mpirun not found (install openmpi-bin; scripts/install-deps.sh does)"; return 1
  fi
  if [ "$mpi_built" != ON ]; then
    echo "SKIP: MPI part: dxsim was built without MPI (DXSIM_WITH_MPI)"; return 1
  fi
  return 0
}
same() { # same table in two folders
  cmp "$1/results.csv" "$2/results.csv" || fail "results.csv differs: $1 vs $2"
  cmp "$1/results.jsonl" "$2/results.jsonl" || fail "results.jsonl differs: $1 vs $2"
}
rank1_of() { # pid of MPI rank 1 among mpirun's children and grandchildren
  local p r=""
  for p in $(pgrep -P "$1") $(for c in $(pgrep -P "$1"); do pgrep -P "$c"; done); do
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && r=$p
  done
  [ -n "$r" ] && echo "$r"
}
records() { local n; n=$(grep -c '^#end ' "$1/journal.dxj" 2>/dev/null); echo "${n:-0}"; }
wait_records() { # folder, count, pid: wait until the journal has count records
  for _ in $(seq 1 600); do
    [ "$(records "$1")" -ge "$2" ] && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}
rm -rf "$work/$test"; mkdir -p "$work/$test"; cd "$work/$test" || exit 1

case $test in
reproducible)
  "$dxsim" sweep "$small" -o t1 -j 1 -q || fail "1-thread run"
  "$dxsim" sweep "$small" -o t3 -j 3 -q || fail "3-thread run"
  same t1 t3
  [ "$(grep -c ',ok,' t1/results.csv)" -ge 30 ] || fail "too few rows in t1/results.csv"
  if have_mpi; then
    $mpirun_cmd "$dxsim" sweep "$small" -o m2 -j 1 2> m2.log || { cat m2.log; fail "mpirun -np 2"; }
    same t1 m2
    grep -q 'jobs run per rank: 0:[1-9][0-9]* 1:[1-9]' m2.log || { cat m2.log; fail "rank 1 ran no job"; }
    echo "mpirun -np 2: identical to the 1-thread table"
  fi
  echo "PASS: tables identical at 1 and 3 threads (and 2 MPI ranks when available)"
  ;;
malformed)
  "$dxsim" sweep "$small" -o t -j 2 -q || fail "run"
  grep -q '^scenario_malformed,lease,,error,\.\./scenario_malformed\.xml:7: malformed XML: Opening and ending tag mismatch: devices line 6' t/results.csv \
    || { grep error t/results.csv; fail "error row without file:line:element"; }
  [ "$(grep -c '^[^,]*,[^,]*,,error,' t/results.csv)" -eq 2 ] || fail "expected 2 error rows (one per variant)"
  # every other job (6 scenarios x 2 variants) has its rows
  jobs=$(grep '"status":"ok"' t/results.jsonl | sed 's/,"technology".*//' | sort -u | wc -l)
  [ "$jobs" -eq 12 ] || fail "expected 12 jobs with rows, got $jobs"
  grep -q '"status":"error","error":"../scenario_malformed.xml:7: malformed XML' t/results.jsonl || fail "jsonl error row"
  echo "PASS: malformed scenario reported with file, line and element; 12 other jobs complete"
  ;;
kill)
  "$dxsim" sweep "$big" -o ref -j 1 -q || fail "reference run"
  n=$(wc -l < ref/results.csv)
  jobs=$(records ref)
  # one process, SIGKILL mid-run
  "$dxsim" sweep "$big" -o k1 -j 1 -q & pid=$!
  wait_records k1 5 "$pid" || fail "journal did not grow"
  kill -9 "$pid"; wait "$pid" 2>/dev/null
  [ -e k1/results.csv ] && fail "the run finished before the kill: make the test spec bigger"
  before=$(records k1)
  printf '#begin 00000000deadbeef 4000\nR\tpartial,row' >> k1/journal.dxj   # a torn record
  "$dxsim" sweep "$big" -o k1 -j 2 --resume 2> k1.log || { cat k1.log; fail "resume"; }
  grep -q "resuming: $before of $jobs jobs already done" k1.log || { cat k1.log; fail "resume did not keep the $before completed jobs"; }
  same ref k1
  [ "$(records k1)" -eq "$jobs" ] || fail "journal has $(records k1) records, expected $jobs (recomputed or duplicated jobs)"
  echo "one process: killed after $before jobs, resumed, identical ($n lines)"
  if have_mpi; then
    # SIGKILL one rank (rank 1): the MPI runtime ends the job; resume under MPI
    $mpirun_cmd "$dxsim" sweep "$big" -o k2 -j 1 -q 2>/dev/null & mp=$!
    wait_records k2 5 "$mp" || fail "MPI journal did not grow"
    r1=$(rank1_of "$mp") || fail "rank 1 not found among mpirun's children"
    kill -9 "$r1"; wait "$mp" 2>/dev/null
    [ -e k2/results.csv ] && fail "the MPI run finished before the kill"
    $mpirun_cmd "$dxsim" sweep "$big" -o k2 -j 1 -q --resume || fail "MPI resume after a dead rank"
    same ref k2
    [ "$(records k2)" -eq "$jobs" ] || fail "MPI journal has $(records k2) records"
    # SIGKILL the whole job (every rank and mpirun at once); resume in one process
    $mpirun_cmd "$dxsim" sweep "$big" -o k3 -j 1 -q 2>/dev/null & mp=$!
    wait_records k3 5 "$mp" || fail "MPI journal did not grow"
    ranks="$(pgrep -P "$mp") $(for c in $(pgrep -P "$mp"); do pgrep -P "$c"; done)"
    # shellcheck disable=SC2086
    kill -9 $ranks "$mp" 2>/dev/null; wait "$mp" 2>/dev/null
    sleep 0.2
    [ -e k3/results.csv ] && fail "the MPI run finished before the kill"
    "$dxsim" sweep "$big" -o k3 -j 2 -q --resume || fail "resume after killing the whole job"
    same ref k3
    [ "$(records k3)" -eq "$jobs" ] || fail "journal has $(records k3) records"
    echo "MPI: rank 1 killed, then the whole job killed; both resumed identical"
    # a hung rank (SIGSTOP): declared lost after --rank-timeout, its jobs
    # re-issued, the table completed, the MPI job ended with status 3
    $mpirun_cmd "$dxsim" sweep "$big" -o k4 -j 1 --rank-timeout 2 2> k4.log & mp=$!
    wait_records k4 3 "$mp" || fail "MPI journal did not grow"
    r1=$(rank1_of "$mp") || fail "rank 1 not found among mpirun's children"
    kill -STOP "$r1"
    wait "$mp"; rc=$?
    kill -9 "$r1" 2>/dev/null
    [ "$rc" -ne 0 ] || fail "a lost rank must end the job with a non-zero status"
    grep -q 'rank 1 lost (nothing heard for 2 s)' k4.log || { cat k4.log; fail "the lost rank was not reported"; }
    same ref k4
    echo "MPI: a hung rank was reported, its jobs re-issued, the table complete"
    # a rank that dies while the job goes on (mpirun --enable-recovery: Open
    # MPI keeps the other ranks running): reported after --rank-timeout, its
    # jobs re-issued, the table complete in the same run
    recover_cmd="${mpirun_cmd/mpirun /mpirun --enable-recovery }"
    $recover_cmd "$dxsim" sweep "$big" -o k5 -j 1 --rank-timeout 2 2> k5.log & mp=$!
    wait_records k5 3 "$mp" || fail "MPI journal did not grow"
    r1=$(rank1_of "$mp") || fail "rank 1 not found among mpirun's children"
    kill -9 "$r1"
    wait "$mp"
    grep -q 'rank 1 lost (nothing heard for 2 s)' k5.log || { cat k5.log; fail "the dead rank was not reported"; }
    same ref k5
    [ "$(records k5)" -eq "$jobs" ] || fail "journal has $(records k5) records, expected $jobs"
    echo "MPI --enable-recovery: a dead rank was reported, its jobs re-issued, the table complete"
  fi
  echo "PASS: killed sweeps resume to the uninterrupted table"
  ;;
*) fail "unknown test $test" ;;
esac
