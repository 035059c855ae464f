#!/usr/bin/env python3
"""Opens report.html of every example scenario in headless Chromium (issue 11).

For each examples/scenarios/*.xml: `dxsim run` writes the Japanese report, then
Chromium (Debian's `chromium`, started here) loads it: no console message may
appear, the DOM Chromium built must hold every chart's <svg class="chart"> with
drawn shapes, the coverage map <img> as a PNG data URL, and the 経費内訳 and
費用対効果 headings; a PNG screenshot per example is written to OUT_DIR.
Exit 77 (ctest: skipped) with a message when chromium is not installed.

Usage: check_report_browser.py DXSIM_CLI SCENARIO_DIR OUT_DIR
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_browser(exe, args, home):
    env = dict(os.environ, HOME=home)
    base = [exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={home}/profile"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=120, env=env)


def check_dom(dom, name):
    errs = []
    charts = re.findall(r'<svg class="chart" id="([^"]+)"[^>]*>(.*?)</svg>', dom, re.S)
    ids = [c[0] for c in charts]
    for want in ("chart-cost", "chart-cumulative", "chart-bands"):
        if want not in ids:
            errs.append(f"{name}: chart {want} missing (found {ids})")
    for cid, body in charts:
        if not re.search(r"<(rect|polyline|line)\b", body):
            errs.append(f"{name}: chart {cid} is empty")
    m = re.search(r'<img id="coverage-map"[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', dom)
    if not m or len(m.group(1)) < 1000:
        errs.append(f"{name}: coverage map <img> missing or empty")
    for h in ("経費内訳", "費用対効果"):
        if f">{h}</h2>" not in dom:
            errs.append(f"{name}: heading {h} missing")
    return errs


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    cli, scen_dir, out_dir = sys.argv[1:]
    exe = chromium()
    if not exe:
        print("SKIP: chromium is not installed (scripts/install-deps.sh installs it)")
        return 77
    os.makedirs(out_dir, exist_ok=True)
    errors = []
    scenarios = sorted(glob.glob(os.path.join(scen_dir, "*.xml")))
    if not scenarios:
        print(f"FAIL: no scenarios in {scen_dir}")
        return 1
    with tempfile.TemporaryDirectory() as home:
        for xml in scenarios:
            stem = os.path.splitext(os.path.basename(xml))[0]
            rdir = os.path.join(out_dir, stem)
            subprocess.run([cli, "run", "-q", "--lang", "ja", "-o", rdir, xml], check=True)
            url = "file://" + os.path.abspath(os.path.join(rdir, "report.html"))
            r = run_browser(exe, ["--enable-logging=stderr", "--v=0", "--dump-dom", url], home)
            if r.returncode != 0:
                errors.append(f"{stem}: chromium exit {r.returncode}: {r.stderr[-500:]}")
                continue
            console = [l for l in r.stderr.splitlines() if "CONSOLE" in l]
            if console:
                errors.append(f"{stem}: console messages: {console[:3]}")
            mine = check_dom(r.stdout, stem)
            errors += mine
            shot = os.path.abspath(os.path.join(out_dir, f"{stem}.png"))
            if os.path.exists(shot):
                os.remove(shot)
            r = run_browser(exe, [f"--screenshot={shot}", "--window-size=1200,3000",
                                  "--hide-scrollbars", url], home)
            with open(shot, "rb") if os.path.exists(shot) else open(os.devnull, "rb") as f:
                head = f.read(8)
            if head != b"\x89PNG\r\n\x1a\n":
                errors.append(f"{stem}: no screenshot ({r.stderr[-300:]})")
            elif not mine:
                print(f"ok: {stem}: charts, map and headings present; screenshot {shot}")
    for e in errors:
        print("FAIL:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
