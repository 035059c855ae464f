#!/bin/sh
# Quick start 1: install what is missing, build, and run the main job — a
# technology comparison on the built-in demo scenario (report in ./dxsim-demo).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$here/build" -j"$(nproc)"
"$here/build/examples/dxsim" demo -o "${DXSIM_DEMO_DIR:-dxsim-demo}"
