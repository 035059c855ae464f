#!/bin/sh
# dxsim run's progress line (issue 11): on a terminal, "\r<stage> <pct> %" lines
# reach "done 100.0 %" after the plan and Monte Carlo stages; -q prints nothing;
# when standard error is not a terminal (a log file) it carries no progress.
# The terminal comes from util-linux `script`; without it the test is skipped.
#   check_run_progress.sh DXSIM SCENARIO.xml WORKDIR
set -eu
dxsim=$1 xml=$2 work=$3
mkdir -p "$work"
if ! command -v script >/dev/null 2>&1; then
    echo "SKIP: util-linux 'script' not found (no pseudo-terminal to test the progress line)"
    exit 77
fi
script -qec "'$dxsim' run -o '$work/tty' '$xml'" /dev/null | tr '\r' '\n' > "$work/tty.log"
for want in 'plan +[0-9.]+ %' 'monte_carlo +[0-9.]+ %' 'done +100\.0 %'; do
    grep -Eaq "^$want" "$work/tty.log" || { echo "FAIL: no '$want' on the terminal"; cat "$work/tty.log"; exit 1; }
done
script -qec "'$dxsim' run -q -o '$work/quiet' '$xml'" /dev/null > "$work/quiet.log"
if [ -s "$work/quiet.log" ]; then echo "FAIL: -q printed:"; cat "$work/quiet.log"; exit 1; fi
"$dxsim" run -o "$work/pipe" "$xml" >/dev/null 2> "$work/pipe.err"
if [ -s "$work/pipe.err" ]; then echo "FAIL: progress written to a non-terminal stderr:"; cat "$work/pipe.err"; exit 1; fi
echo "progress line: ok ($(grep -Eac '%' "$work/tty.log") lines on the terminal, none with -q or a pipe)"
