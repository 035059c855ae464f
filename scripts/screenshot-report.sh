#!/bin/sh
# Screenshot of a Japanese report.html for the README (issue 11): runs
# `dxsim run --lang ja` on one example into a temporary folder and has headless
# Chromium (Debian's chromium package) save the top of the page as a PNG.
#
#   scripts/screenshot-report.sh [BUILD_DIR] [EXAMPLE] [OUT.png]
#     defaults: build, farm-hilly-mixed, docs/samples/report-ja.png
#
# scripts/make-samples.sh calls it after the samples; the README shows the PNG.
# Fonts: fonts-noto-cjk (scripts/install-deps.sh) draws the Japanese.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${1:-build}
example=${2:-farm-hilly-mixed}
out=${3:-docs/samples/report-ja.png}
dxsim=${DXSIM:-$build/examples/dxsim}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshot-report: chromium not found (scripts/install-deps.sh installs it); no screenshot" >&2
    exit 77
fi
if [ ! -x "$dxsim" ]; then
    echo "screenshot-report: no dxsim CLI at $dxsim (build first)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
LC_ALL=C.UTF-8 "$dxsim" run -q --lang ja "examples/scenarios/$example.xml" -o "$tmp/report"
mkdir -p "$(dirname "$out")"
HOME="$tmp" "$browser" --headless --disable-gpu --no-sandbox --no-first-run --disable-extensions \
    --disable-dev-shm-usage --user-data-dir="$tmp/profile" --hide-scrollbars \
    --window-size=1280,2000 --screenshot="$tmp/shot.png" "file://$tmp/report/report.html" \
    >/dev/null 2>&1
if ! head -c 8 "$tmp/shot.png" 2>/dev/null | od -An -c | grep -q 'P   N   G'; then
    echo "screenshot-report: chromium wrote no PNG" >&2
    exit 1
fi
mv "$tmp/shot.png" "$out"
echo "screenshot-report: $out (examples/scenarios/$example.xml, --lang ja, 1280 x 2000 px)"
