#!/bin/bash
# Hostile input through the dxsim CLI (issue 13): non-regular input files are
# refused at once (no blocking on a FIFO), a bad -o fails before any
# computation (nothing on stdout: the comparison table is printed before the
# files are written), and the Monte Carlo work bound (--max-replans) refuses a
# run above it. Usage: check_cli_hostile.sh DXSIM SOURCE_DIR
set -u
D=$1
SRC=$2
T=$(mktemp -d /tmp/dxsim-cli-hostile-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # NAME EXPECTED_RC_NONZERO(1/0) STDERR_REGEX STDOUT_MUST_BE_EMPTY(1/0) -- CMD...
    local name=$1 want_fail=$2 re=$3 empty=$4
    shift 5
    timeout 20 "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ $rc -eq 124 ]; then echo "FAIL $name: timed out (blocked)"; fail=1; return; fi
    if [ "$want_fail" = 1 ] && [ $rc -eq 0 ]; then echo "FAIL $name: exit 0"; fail=1; return; fi
    if [ "$want_fail" = 0 ] && [ $rc -ne 0 ]; then echo "FAIL $name: exit $rc: $(cat "$T/err")"; fail=1; return; fi
    if ! grep -Eq -- "$re" "$T/err" "$T/out"; then echo "FAIL $name: no '$re' in: $(cat "$T/err")"; fail=1; return; fi
    if [ "$empty" = 1 ] && [ -s "$T/out" ]; then echo "FAIL $name: computed before failing: $(head -3 "$T/out")"; fail=1; return; fi
    echo "ok   $name"
}
mkfifo "$T/fifo"
SC=$SRC/examples/scenarios/farm-halow-lorawan.xml
check validate_fifo 1 "not a regular file \(a FIFO" 1 -- "$D" validate "$T/fifo"
check validate_dev_zero 1 "a character device cannot be a scenario" 1 -- "$D" validate /dev/zero
check validate_folder 1 "a folder cannot be a scenario" 1 -- "$D" validate "$T"
check run_fifo 1 "not a regular file" 1 -- "$D" run -o "$T/o1" "$T/fifo"
check calibrate_fifo 1 "not a regular file" 1 -- "$D" calibrate "$T/fifo"
check programme_items_fifo 1 "not a regular file" 1 -- "$D" programme r7-3 "$T/fifo"
check programme_items_dev_zero 1 "a character device" 1 -- "$D" programme r7-3 /dev/zero
# -o checked before the run
touch "$T/file"
ln -s "$T/missing/target" "$T/dangling"
check out_is_file 1 "exists and is not a folder" 1 -- "$D" run -o "$T/file" "$SC"
check out_under_file 1 "'$T/file' exists and is not a folder" 1 -- "$D" run -o "$T/file/a/b" "$SC"
check out_dangling_link 1 "symbolic link to a missing target" 1 -- "$D" run -o "$T/dangling" "$SC"
check demo_out_is_file 1 "exists and is not a folder" 1 -- "$D" demo -o "$T/file"
check coverage_out_is_file 1 "exists and is not a folder" 1 -- "$D" coverage -o "$T/file" "$SC"
[ -e "$T/missing" ] && { echo "FAIL out_dangling_link: the link's target was created"; fail=1; }
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/ro" && chmod 555 "$T/ro"
    check out_not_writable 1 "not writable" 1 -- "$D" run -o "$T/ro/x" "$SC"
fi
check out_parents_created 0 "wrote" 0 -- "$D" run -o "$T/new/a/b" "$SC"
[ -f "$T/new/a/b/results.json" ] || { echo "FAIL out_parents_created: no results.json"; fail=1; }
# Monte Carlo work bound: 300 draws x 5 technologies of a radio input = 1500 re-plans
sed -e 's|<uncertainty draws="1000" seed="7">|<uncertainty draws="300" seed="7"><input target="devices:paddy water-level sensors.count" dist="uniform" a="100" b="300"/>|' \
    "$SC" >"$T/mc.xml"
check max_replans_below 1 "= 1500 re-plans, above the bound of 1499 re-plans" 1 -- \
    "$D" run -q --max-replans 1499 -o "$T/mc1" "$T/mc.xml"
check max_replans_at 0 "wrote .*report.md" 0 -- "$D" run --max-replans=1500 -o "$T/mc2" "$T/mc.xml"
check max_replans_not_a_count 1 "max-replans = 2.5 re-plans \(allowed" 1 -- \
    "$D" run --max-replans 2.5 -o "$T/mc3" "$T/mc.xml"
check max_replans_demo_negative 1 "allowed: a whole number" 1 -- "$D" demo --max-replans=-1 -o "$T/mc4"
sed -i 's|draws="300"|draws="40001"|' "$T/mc.xml" # 200005 > the default 200000
check validate_default_bound 1 "above the bound of 200000 re-plans" 1 -- "$D" validate "$T/mc.xml"
check run_default_bound 1 "above the bound of 200000 re-plans" 1 -- "$D" run -o "$T/mc5" "$T/mc.xml"
# calibrate parses options like every command (getopt_long): the help's
# --fc-hz=F form and options before the file were refused as unknown options
CAL=$SRC/tests/data/calibrate_drive_synthetic.csv
check calibrate_opt_equals 0 "offset_db +6\.00" 0 -- "$D" calibrate --model=hata --fc-hz=920e6 "$CAL"
check calibrate_window_nan 1 "window = 'nan' is not an integer" 1 -- "$D" calibrate "$CAL" --window nan
check calibrate_window_negative 1 "window = -1 samples \(allowed 0 \.\. 1000000\)" 1 -- \
    "$D" calibrate --window=-1 "$CAL"
# --out never replaces a FIFO or device (as root it turned /dev/full into a regular file)
check calibrate_out_fifo 1 "--out '[^']*fifo' exists and is not a regular file" 1 -- \
    "$D" calibrate "$CAL" --out "$T/fifo"
# a bad --out fails before the fit is computed and printed
check calibrate_out_no_folder 1 "the folder '[^']*/nowhere' does not exist" 1 -- \
    "$D" calibrate "$CAL" --out "$T/nowhere/fit.xml"
[ -p "$T/fifo" ] || { echo "FAIL calibrate_out_fifo: the FIFO was replaced"; fail=1; }
# dxsim cost --start read "2026-02x" as 2026-02 (sscanf), and a bad month was
# reported as "n_years = 0"
check cost_start_trailing 1 "start = '2026-02x' is not YYYY-MM" 1 -- "$D" cost halow --start=2026-02x
check cost_start_month_13 1 "start_month = 13 \(allowed: 1\.\.12" 1 -- "$D" cost halow --start=2026-13
# dxsim cost printed the bill of materials, then failed at the cash flows:
# every figure is computed before the first line is printed
check cost_rate_bound 1 "discount_rate_ratio = 20 \(allowed: > -1 \.\. 10\)" 1 -- "$D" cost halow --rate=20
# coverage --lat=nan was taken: the CSVs were written, then the GeoJSON writer
# refused the origin, leaving a partial set of maps
check coverage_lat_nan 1 "lat = 'nan' is not a number" 1 -- "$D" coverage -q -o "$T/cov" --lat=nan --lon=nan "$SC"
[ -n "$(ls -A "$T/cov" 2>/dev/null)" ] && { echo "FAIL coverage_lat_nan: files written"; fail=1; }
# sweep -j and --rank-timeout were read by atoi/atof: "-j abc" ran with 0 (all) threads
check sweep_threads_text 1 "j = 'abc' is not an integer" 1 -- "$D" sweep -q -j abc -o "$T/sw" "$SRC/tests/data/sweep/small.xml"
check sweep_threads_exp 1 "j = '1e9' is not an integer" 1 -- "$D" sweep -q -j 1e9 -o "$T/sw" "$SRC/tests/data/sweep/small.xml"
exit $fail
