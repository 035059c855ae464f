#!/bin/bash
# Hostile input through the dxsim CLI (issue 13): non-regular input files are
# refused at once (no blocking on a FIFO), a bad -o fails before any
# computation (nothing on stdout: the comparison table is printed before the
# files are written), and the Monte Carlo work bound (--max-replans) refuses a
# run above it; round 2: libxml2 errors name the element, UTF-16 DOCTYPE,
# results.csv BOM, draws cap, huge area files, sweep options, programme bounds,
# Japanese paths, German locale. Usage: check_cli_hostile.sh DXSIM SOURCE_DIR
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

# ---- round 2 (docs/robustness.md "Third hostile-input pass") -----------------
# libxml2-level errors name the element (the start tag and attribute, or the
# innermost open element), not just the line
sed 's/name="orchard soil/name="orch\xff soil/' "$SC" >"$T/badutf.xml"
check xml_bad_utf8_names_element 1 "badutf.xml:15: malformed XML: Input is not proper UTF-8.*\(in attribute name= of <scenario>/<demand>/<devices>\)" 1 -- \
    "$D" validate "$T/badutf.xml"
sed 's|<technology id="halow"/>|<technology id="halow">|' "$SC" >"$T/unclosed.xml"
check xml_unclosed_names_element 1 "unclosed.xml:26: malformed XML: Opening and ending tag mismatch: technology line 22 and technologies \(inside <scenario>/<technologies>/<technology>\)" 1 -- \
    "$D" validate "$T/unclosed.xml"
# a DOCTYPE in UTF-16 ("<\0!\0D\0...") escaped the byte search; its external
# entity must never be read (the parser stops at the DOCTYPE)
printf '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE scenario [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<scenario name="&x;" version="1"/>\n' |
    iconv -f UTF-8 -t UTF-16 >"$T/xxe16.xml"
check xml_utf16_doctype_refused 1 "xxe16.xml:2: a DOCTYPE is not allowed in a scenario" 1 -- "$D" validate "$T/xxe16.xml"
# results.csv starts with the UTF-8 BOM like items.csv (Excel on Japanese Windows)
head -c 3 "$T/new/a/b/results.csv" | od -An -tx1 | grep -q "ef bb bf" ||
    { echo "FAIL results_csv_bom: no UTF-8 BOM"; fail=1; }
# draws are capped (a price-only run of 10^6 draws took ~2 minutes)
sed 's|<uncertainty draws="1000"|<uncertainty draws="1000000"|' "$SC" >"$T/draws.xml"
check draws_capped 1 "draws.xml:61: <scenario>/<uncertainty>: attribute draws = 1000000 draws is outside the allowed range 10 \.\. 100000 draws" 1 -- \
    "$D" run -o "$T/draws-out" "$T/draws.xml"
# an area file of 10^6 vertices: refused in seconds (validation compared every
# pair of edges and ran for hours)
awk 'BEGIN { n = 1000000; printf "{\"type\":\"Polygon\",\"coordinates\":[["; for (k = 0; k < n; k++) printf "[%.9f,%.9f],", 138.46 + 0.01 * cos(6.283185307179586 * k / n), 35.37 + 0.01 * sin(6.283185307179586 * k / n); printf "[138.47,35.37]]]}\n" }' >"$T/million.geojson"
sed "s|file=\"valley-town.geojson\"|file=\"$T/million.geojson\"|" "$SRC/examples/scenarios/valley-town-polygon.xml" >"$T/million.xml"
check area_million_vertices 1 "the area's 1000000 vertices in 1 rings need 1000001 joined vertices \(at most 4096\)" 1 -- \
    "$D" validate "$T/million.xml"
# sweep parses options with getopt_long like every command ("-j1", "-oDIR" were unknown options)
check sweep_getopt_attached 1 "cannot open|No such file" 1 -- "$D" sweep -q -j1 -o"$T/sw2" "$T/none.xml"
check sweep_o_without_value 1 "option '-o' needs a value" 1 -- "$D" sweep "$T/none.xml" -o
check sweep_negative_threads 1 "-j = -5 threads \(allowed: 0 = OpenMP's choice, or a positive count\)" 1 -- \
    "$D" sweep -j -5 "$T/none.xml"
# programme: a cost item's price, quantity and months within a scenario's bounds
# (a unit price of 1e300 printed a 300-digit total cost)
printf 'name,category,procurement,role,unit_price_jpy,tax_included,quantity,months,useful_life_years\nx,equipment,purchase,solution,1e300,0,1,,5\n' >"$T/huge-items.csv"
check programme_price_bound 1 "items\[0\]\.unit_price_jpy = 1e\+300 JPY \(allowed 0 \.\. 1e11; item 'x'\)" 1 -- \
    "$D" programme r7-3 "$T/huge-items.csv"
# coverage --res finer than the map grid's pixel bound: refused before the plan
# (it planned, printed the table, failed every map, then said "wrote coverage-*"
# over an empty folder)
check coverage_res_too_fine 1 "--res = 1e-09 m gives 3e\+24 pixels over the 2000 m x 1500 m area \(allowed up to 100000000 pixels" 1 -- \
    "$D" coverage -q --res=1e-9 -o "$T/cov2" "$SC"
# npv printed "npv inf"
check npv_flow_bound 1 "CF0 = 1e\+308 JPY \(allowed -1e15 \.\. 1e15 JPY\)" 1 -- "$D" npv 0.04 1e308 1e308
check npv_not_finite 1 "the NPV at rate -0\.9999 over 150 years is not finite" 1 -- "$D" npv -- -0.9999 $(seq 1 150)
# Japanese folder names with spaces, and a German numeric locale: the files are
# byte-identical to the C locale's (numbers with '.')
J="$T/日本語 フォルダ"
mkdir -p "$J" && cp "$SC" "$J/農場 シナリオ.xml"
check japanese_paths 0 "wrote .*出力 結果/report.md" 0 -- "$D" run --no-map -o "$J/出力 結果" "$J/農場 シナリオ.xml"
if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    LC_ALL=de_DE.UTF-8 timeout 60 "$D" run -q --no-map -o "$T/de" "$SC" >/dev/null 2>&1
    LC_ALL=C timeout 60 "$D" run -q --no-map -o "$T/c" "$SC" >/dev/null 2>&1
    for f in results.json results.csv items.csv cashflows.csv report.md; do
        cmp -s "$T/de/$f" "$T/c/$f" || { echo "FAIL locale_de: $f differs from the C locale's"; fail=1; }
    done
    echo "ok   locale_de (files identical to the C locale's)"
else
    echo "skip locale_de: de_DE.UTF-8 not installed"
fi
exit $fail
