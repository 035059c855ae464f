#!/bin/sh
# Installs the Debian 12 packages libdxsim needs, only those that are missing.
# Run as root (or with sudo). Safe to run again: it does nothing when all are present.
set -eu
PKGS="build-essential cmake pkg-config binutils python3 \
libgsl-dev libopenblas-dev libxml2-dev libcmocka-dev libpng-dev \
clang libclang-rt-14-dev valgrind python3-venv \
libproj-dev proj-data libminizip-dev liblapacke-dev \
libopenmpi-dev openmpi-bin"
# report tests (issue 11): chromium opens every example's report.html headless
# (ctest label browser) and fonts-noto-cjk lets its screenshots show Japanese;
# locales gives de_DE.UTF-8 for the locale-independence test.
PKGS="$PKGS chromium fonts-noto-cjk locales"
# map-file checks (tests/check_map_outputs.py): ogrinfo/gdalinfo (gdal-bin) check
# GeoJSON validity and the GeoTIFF, xmllint (libxml2-utils) the KML; libgdal-dev
# lets -DDXSIM_WITH_GDAL=ON build the GeoTIFF writer. Each is skipped when absent.
PKGS="$PKGS gdal-bin libgdal-dev libxml2-utils"
# clang + libclang-rt-14-dev: ThreadSanitizer and libFuzzer stages of
# scripts/test.sh; valgrind: the memcheck label; python3-venv: the install
# check's `pip install bindings/python` into a fresh virtual environment.
# libopenmpi-dev + openmpi-bin: dxsim sweep under mpirun and its tests (optional at build time).
# Optional extras used by the benchmarks (numpy baselines); the library and its
# tests never need them.
OPTIONAL="python3-numpy"

missing=""
for p in $PKGS ${DXSIM_WITH_OPTIONAL:-$OPTIONAL}; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
if [ -z "$missing" ]; then
  echo "install-deps: all Debian packages present"
else
  echo "install-deps: installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# de_DE.UTF-8 for tests/check_report_locale.sh (a German decimal comma must not leak)
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  $SUDO sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
