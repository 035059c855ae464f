#!/usr/bin/env python3
"""Coverage grid kernel benchmark: libdxsim fused kernel vs numpy vs a reference loop.

Usage (from the repository root, after building into BUILD_DIR, default build-cov):

    python3 bench/bench_coverage.py [--build BUILD_DIR] [--n 1024] [--sites 64] [--repeats 3]

Runs BUILD_DIR/bench/bench_coverage (the C program: the library's fused grid
kernel with 1 and 2 OpenMP threads, and a minimal reference loop written for
speed alone), then the same computation in numpy (float32, chunked over rows:
a competent user's baseline) on the same sites, and prints pairs per second
(pixel x site pairs) and the ratios the issue sets as targets:
fused(1 thread) >= 10 x numpy and >= 0.5 x reference.

The computation: for every pixel centre of an n x n grid at 10 m and every
site, 3GPP TR 38.901 UMa NLOS path loss (Table 7.4.1-1, max of LOS and NLOS'),
received power, best server, co-channel SINR with thermal noise, and the DL
rate (the library: the technology's MCS table; numpy and the reference: the
TR 36.942 attenuated Shannon bound).
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np


def run_c(build, n, sites, repeats):
    exe = os.path.join(build, "bench", "bench_coverage")
    # The program links OpenBLAS (through GSL) but makes no BLAS call here;
    # OpenBLAS's idle worker thread spins (sched_yield) on the second core
    # and would compete with the library's second OpenMP thread.
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([exe, str(n), str(sites), str(repeats)], check=True,
                         capture_output=True, text=True, env=env).stdout
    figures, params, site_rows = {}, {}, []
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split()
        if parts[0] == "params":
            params = {k: float(v) for k, v in (p.split("=") for p in parts[1:])}
        elif parts[0] == "site":
            site_rows.append([float(v) for v in parts[1:]])
        else:
            figures[parts[0]] = float(parts[1])
    return figures, params, np.array(site_rows, dtype=np.float64)


def numpy_kernel(n, res, sites, p, rows_per_chunk=16):
    f32 = np.float32
    fc = p["fc_ghz"]
    hut = p["hut"]
    noise_mw = f32(10.0 ** (p["noise_dbm"] / 10.0))
    bw_mhz = f32(p["bw_hz"] * 1e-6)
    sx = sites[:, 0].astype(f32)[:, None]
    sy = sites[:, 1].astype(f32)[:, None]
    h = sites[:, 2]
    eirp = sites[:, 3].astype(f32)[:, None]
    dz2 = ((h - hut) ** 2).astype(f32)[:, None]
    dbp = 4.0 * (h - 1.0) * (hut - 1.0) * fc * 1e9 / 3e8
    dbp2 = (dbp ** 2).astype(f32)[:, None]
    lf = np.log10(fc)
    a1 = f32(28.0 + 20.0 * lf)
    a2 = (28.0 + 20.0 * lf - 9.0 * np.log10(dbp ** 2 + (h - hut) ** 2)).astype(f32)[:, None]
    an = f32(13.54 + 20.0 * lf - 0.6 * (hut - 1.5))
    xs = ((np.arange(n, dtype=f32) + f32(0.5)) * f32(res))
    total = 0.0
    for j0 in range(0, n, rows_per_chunk):
        j1 = min(n, j0 + rows_per_chunk)
        ys = (np.arange(j0, j1, dtype=f32) + f32(0.5)) * f32(res)
        px = np.broadcast_to(xs[None, :], (j1 - j0, n)).ravel()[None, :]
        py = np.repeat(ys, n)[None, :]
        d2 = (px - sx) ** 2 + (py - sy) ** 2                  # sites x pixels
        l = f32(0.5) * np.log10(d2 + dz2)                     # log10 d3D
        los = np.where(d2 <= dbp2, a1 + f32(22.0) * l, a2 + f32(40.0) * l)
        pl = np.maximum(los, an + f32(39.08) * l)
        pw = np.power(f32(10.0), (eirp - pl) * f32(0.1))      # mW
        best = pw.max(axis=0)
        interf = pw.sum(axis=0) - best
        sinr = best / (interf + noise_mw)
        se = np.minimum(f32(0.6) * np.log2(f32(1.0) + sinr), f32(4.4))
        total += float((se * bw_mhz).sum(dtype=np.float64))
    return total / (n * n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build-cov")
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--sites", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    figures, params, sites = run_c(a.build, a.n, a.sites, a.repeats)
    pairs = float(a.n) * a.n * a.sites
    best = 1e30
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        mean = numpy_kernel(a.n, params["res"], sites, params)
        best = min(best, time.perf_counter() - t0)
    figures["numpy_1t"] = pairs / best
    print(f"grid {a.n}x{a.n}, {a.sites} sites, {pairs:.3g} pixel-site pairs "
          f"(best of {a.repeats}); numpy {np.__version__}, numpy mean DL {mean:.4g} Mbit/s")
    for k in ("fused_1t", "fused_2t", "reference_1t", "numpy_1t"):
        print(f"  {k:13s} {figures[k] / 1e6:9.1f} M pairs/s")
    r_np = figures["fused_1t"] / figures["numpy_1t"]
    r_ref = figures["fused_1t"] / figures["reference_1t"]
    print(f"  fused(1t) / numpy     = {r_np:6.2f}  (target >= 10)")
    print(f"  fused(1t) / reference = {r_ref:6.2f}  (target >= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
