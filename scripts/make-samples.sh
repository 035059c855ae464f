#!/bin/sh
# Regenerate docs/samples/: run every example scenario (examples/scenarios/*.xml)
# with `dxsim run` and keep every file it writes (report.md, results.json,
# results.csv, and whatever later versions add: report.html, items.csv ...) in
# docs/samples/<example>/. When the CLI has --lang, that run is in English and
# the Japanese report goes to docs/samples/<example>/ja/ beside it. Last, with
# chromium installed, scripts/screenshot-report.sh saves the top of a Japanese
# report.html as docs/samples/report-ja.png (the README shows it). The samples
# are generated: never edit them by hand, re-run this script and commit the result.
#
#   scripts/make-samples.sh [BUILD_DIR]      (default: build; DXSIM=path overrides the CLI)
#
# Runs from the repository root with relative paths, so the reports name the
# scenario as examples/scenarios/<example>.xml wherever the checkout lives.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${1:-build}
dxsim=${DXSIM:-$build/examples/dxsim}
if [ ! -x "$dxsim" ]; then
    echo "make-samples: no dxsim CLI at $dxsim (build first: cmake -S . -B $build && cmake --build $build)" >&2
    exit 1
fi
has_lang=no
if "$dxsim" run --help 2>&1 | grep -q -- '--lang'; then
    has_lang=yes
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p docs/samples
n=0
for xml in examples/scenarios/*.xml; do
    stem=$(basename "$xml" .xml)
    # a locale-independent run (issue 11: the same bytes under any locale)
    if [ "$has_lang" = yes ]; then
        LC_ALL=C.UTF-8 "$dxsim" run -q --lang en "$xml" -o "$tmp/$stem"
    else
        LC_ALL=C.UTF-8 "$dxsim" run -q "$xml" -o "$tmp/$stem"
    fi
    if [ "$has_lang" = yes ]; then
        LC_ALL=C.UTF-8 "$dxsim" run -q --lang ja "$xml" -o "$tmp/$stem/ja"
    fi
    rm -rf "docs/samples/$stem"
    mv "$tmp/$stem" "docs/samples/$stem"
    echo "docs/samples/$stem: $(cd "docs/samples/$stem" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
    n=$((n + 1))
done
# samples of examples that no longer exist
for dir in docs/samples/*/; do
    stem=$(basename "$dir")
    [ -f "examples/scenarios/$stem.xml" ] || { rm -rf "docs/samples/$stem"; echo "removed docs/samples/$stem"; }
done
echo "make-samples: $n examples written to docs/samples/"
# the README's screenshot of the Japanese report (skipped without chromium)
rc=0
DXSIM="$dxsim" sh scripts/screenshot-report.sh "$build" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    echo "make-samples: screenshot failed ($rc)" >&2
    exit "$rc"
fi
