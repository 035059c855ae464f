#!/usr/bin/env python3
"""Grid engine per path-loss model and sector count, against the hand-tuned
reference loop and fault-free numpy chains, all in one run.

Usage (from the repository root, after building BUILD_DIR with the benchmarks):

    /usr/bin/python3 bench/bench_models.py --build build [--n 1024] [--sites 64] [--repeats 3]

1. BUILD_DIR/bench/bench_coverage models N SITES REPEATS: the library
   (dx_coverage_run, one thread, statistics only) for 38.901 UMa, RMa, UMi and
   Okumura-Hata, omni and 3-sector sites, and the hand-tuned reference loop
   (UMa omni, bench_coverage.c) on the same lattice.
2. The same computation in numpy (float32, 16 grid rows x all sites per
   step) for each model, written as a competent user would (the model's
   formula with np.where for the breakpoint) but FAULT-FREE: every array is
   allocated once before timing and every ufunc writes into it with out=, and
   one untimed warm-up pass touches every page, so numpy pays no page faults
   (an allocating numpy chain page-faults on every step with glibc's defaults).
3. bench_coverage alloc under glibc's default malloc settings and under
   MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=268435456
   MALLOC_TRIM_THRESHOLD_=268435456 (freed layers stay in the heap): every
   layer kept, fresh result per call vs a reused dx_coverage_workspace.
4. bench_coverage scaling: sites, pixels, threads.

Pairs are pixel x site pairs (a 3-sector site counts once); numpy and the
reference compute best server, co-channel SINR and an attenuated-Shannon
rate, the library also UL SNR, MCS-table rates both ways, coverage
probability and per-cell statistics. The last column, ref/numpy (omni rows),
is the hand-tuned reference loop's throughput over that model's numpy chain:
the ratio a kernel written for speed alone reaches against the same numpy
(for Hata the reference's three lines are slightly more work than one).
"""
import argparse
import math
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

GLIBC_TUNED = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TOP_PAD_": "268435456",
               "MALLOC_TRIM_THRESHOLD_": "268435456"}


def run_c(build, args, extra_env=None):
    exe = os.path.join(build, "bench", "bench_coverage")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    for k in GLIBC_TUNED:
        env.pop(k, None)
    env.update(extra_env or {})
    return subprocess.run([exe] + [str(a) for a in args], check=True, capture_output=True,
                          text=True, env=env).stdout


class Chain:
    """Fault-free numpy chain: sites x (rows * n) float32 work arrays, reused."""

    def __init__(self, n, res, sites, p, rows=16):
        f32 = np.float32
        self.n, self.rows = n, rows
        self.sx = sites[:, 0].astype(f32)[:, None]
        self.sy = sites[:, 1].astype(f32)[:, None]
        self.eirp = sites[:, 3].astype(f32)[:, None]
        self.fc, self.hut = p["fc_ghz"], p["hut"]
        self.noise_mw = f32(10.0 ** (p["noise_dbm"] / 10.0))
        self.bw_mhz = f32(p["bw_hz"] * 1e-6)
        self.xs = ((np.arange(n, dtype=f32) + f32(0.5)) * f32(res))
        self.res = res
        S, P = len(sites), rows * n
        self.px = np.empty((1, P), f32)
        self.py = np.empty((1, P), f32)
        self.d2 = np.empty((S, P), f32)
        self.t = np.empty((S, P), f32)
        self.L = np.empty((S, P), f32)
        self.a = np.empty((S, P), f32)
        self.b = np.empty((S, P), f32)
        self.mask = np.empty((S, P), bool)
        self.best = np.empty(P, f32)
        self.tot = np.empty(P, f32)
        self.v = np.empty(P, f32)
        self.w = np.empty(P, f32)

    def geometry(self, j0, h):
        """d2 = d2D^2, L = log10(d3D) for rows j0.. (site heights h, shape (S, 1))."""
        n, rows = self.n, self.rows
        self.px.reshape(rows, n)[:] = self.xs[None, :]
        self.py.reshape(rows, n)[:] = ((np.arange(j0, j0 + rows, dtype=np.float32) + 0.5)
                                       * np.float32(self.res))[:, None]
        np.subtract(self.px, self.sx, out=self.t)
        np.multiply(self.t, self.t, out=self.d2)
        np.subtract(self.py, self.sy, out=self.t)
        np.multiply(self.t, self.t, out=self.t)
        np.add(self.d2, self.t, out=self.d2)
        np.add(self.d2, ((h - self.hut) ** 2).astype(np.float32), out=self.L)
        np.log10(self.L, out=self.L)
        np.multiply(self.L, np.float32(0.5), out=self.L)

    def finish(self, pl):
        """pl (S, P) dB -> power, best server, SINR, attenuated Shannon rate; returns sum."""
        np.subtract(self.eirp, pl, out=pl)
        np.multiply(pl, np.float32(math.log(10.0) / 10.0), out=pl)
        np.exp(pl, out=pl)
        np.max(pl, axis=0, out=self.best)
        np.sum(pl, axis=0, out=self.tot)
        return self.rate()

    def rate(self):
        np.subtract(self.tot, self.best, out=self.v)
        np.add(self.v, self.noise_mw, out=self.v)
        np.divide(self.best, self.v, out=self.v)
        np.log1p(self.v, out=self.v)
        np.multiply(self.v, np.float32(0.6 / math.log(2.0)), out=self.v)
        np.minimum(self.v, np.float32(4.4), out=self.v)
        return float(self.v.sum(dtype=np.float64)) * float(self.bw_mhz)

    # --- the models (TR 38.901 Table 7.4.1-1; Hata 1980 urban medium city) ---
    def uma(self, h, umi=False):
        lf = math.log10(self.fc)
        dz2 = (h - self.hut) ** 2
        dbp = 4.0 * (h - 1.0) * (self.hut - 1.0) * self.fc * 1e9 / 3e8
        if umi:
            c1, k1, c2b, kn, cn = 32.4 + 20 * lf, 21.0, 9.5, 35.3, 22.4 + 21.3 * lf - 0.3 * (self.hut - 1.5)
            c2 = 32.4 + 20 * lf
        else:
            c1, k1, c2b, kn, cn = 28.0 + 20 * lf, 22.0, 9.0, 39.08, 13.54 + 20 * lf - 0.6 * (self.hut - 1.5)
            c2 = 28.0 + 20 * lf
        a2 = (c2 - c2b * np.log10(dbp ** 2 + dz2)).astype(np.float32)
        np.multiply(self.L, np.float32(k1), out=self.a)
        np.add(self.a, np.float32(c1), out=self.a)                 # PL1
        np.multiply(self.L, np.float32(40.0), out=self.b)
        np.add(self.b, a2, out=self.b)                             # PL2
        np.greater(self.d2, (dbp ** 2).astype(np.float32), out=self.mask)
        np.copyto(self.a, self.b, where=self.mask)                 # LOS
        np.multiply(self.L, np.float32(kn), out=self.b)
        np.add(self.b, np.float32(cn), out=self.b)                 # NLOS'
        np.maximum(self.a, self.b, out=self.a)
        return self.a

    def rma(self, h, hb=5.0, w=20.0):
        lf = math.log10(self.fc)
        ah, bh, ch = min(0.03 * hb ** 1.72, 10.0), min(0.044 * hb ** 1.72, 14.77), 0.002 * math.log10(hb)
        dbp = 2.0 * math.pi * h * self.hut * self.fc * 1e9 / 3e8
        ldbp = np.log10(dbp)
        c0 = 20.0 * math.log10(40.0 * math.pi * self.fc / 3.0)
        pl1bp = (c0 + 20 * ldbp + ah * ldbp - bh + ch * dbp).astype(np.float32)
        lh = np.log10(h)
        cn = (161.04 - 7.1 * math.log10(w) + 7.5 * math.log10(hb) - (24.37 - 3.7 * (hb / h) ** 2) * lh
              + 20 * lf - (3.2 * math.log10(11.75 * self.hut) ** 2 - 4.97)).astype(np.float32)
        kn = (43.42 - 3.1 * lh).astype(np.float32)
        np.power(np.float32(10.0), self.L, out=self.t)             # d3D
        np.multiply(self.t, np.float32(ch), out=self.a)
        np.multiply(self.L, np.float32(20.0 + ah), out=self.b)
        np.add(self.a, self.b, out=self.a)
        np.add(self.a, np.float32(c0 - bh), out=self.a)            # PL1
        np.subtract(self.L, ldbp.astype(np.float32), out=self.b)
        np.multiply(self.b, np.float32(40.0), out=self.b)
        np.add(self.b, pl1bp, out=self.b)                          # PL2
        np.greater(self.d2, (dbp ** 2).astype(np.float32), out=self.mask)
        np.copyto(self.a, self.b, where=self.mask)
        np.subtract(self.L, np.float32(3.0), out=self.b)
        np.multiply(self.b, kn, out=self.b)
        np.add(self.b, cn, out=self.b)                             # NLOS'
        np.maximum(self.a, self.b, out=self.a)
        return self.a

    def hata(self, h):
        f = self.fc * 1e3
        lf = math.log10(f)
        lhb = np.log10(h)
        ahm = (1.1 * lf - 0.7) * self.hut - (1.56 * lf - 0.8)
        c = (69.55 + 26.16 * lf - 13.82 * lhb - ahm).astype(np.float32)
        k = (44.9 - 6.55 * lhb).astype(np.float32)
        np.subtract(self.L, np.float32(3.0), out=self.a)           # log10(d_km)
        np.multiply(self.a, k, out=self.a)
        np.add(self.a, c, out=self.a)
        return self.a

    def sector_step(self, pl, sectors, az0_deg=30.0):
        """3-sector sites: the Table 7.3-1 pattern per sector, power sums and best."""
        np.subtract(self.eirp, pl, out=pl)                         # EIRP - PL (dBm)
        self.best.fill(0.0)
        self.tot.fill(0.0)
        dx = self.b
        np.subtract(self.px, self.sx, out=dx)
        np.arctan2(dx, np.subtract(self.py, self.sy, out=self.t), out=self.t)  # azimuth (rad)
        for k in range(sectors):
            az = math.radians(az0_deg + 360.0 * k / sectors)
            np.subtract(self.t, np.float32(az), out=self.d2)
            np.cos(self.d2, out=self.d2)
            np.clip(self.d2, -1.0, 1.0, out=self.d2)
            np.arccos(self.d2, out=self.d2)                         # phi (rad)
            np.multiply(self.d2, np.float32(180.0 / math.pi / 65.0), out=self.d2)
            np.multiply(self.d2, self.d2, out=self.d2)
            np.multiply(self.d2, np.float32(12.0), out=self.d2)
            np.minimum(self.d2, np.float32(30.0), out=self.d2)
            np.subtract(pl, self.d2, out=self.d2)
            np.multiply(self.d2, np.float32(math.log(10.0) / 10.0), out=self.d2)
            np.exp(self.d2, out=self.d2)
            np.max(self.d2, axis=0, out=self.w)
            np.maximum(self.best, self.w, out=self.best)
            np.sum(self.d2, axis=0, out=self.w)
            np.add(self.tot, self.w, out=self.tot)
        return self.rate()


def numpy_run(ch, n, sites, model, sectors):
    h = sites[:, 2][:, None] if model in ("uma", "umi") else np.full((len(sites), 1), 35.0)
    total = 0.0
    for j0 in range(0, n, ch.rows):
        ch.geometry(j0, h)
        pl = {"uma": lambda: ch.uma(h), "umi": lambda: ch.uma(h, umi=True),
              "rma": lambda: ch.rma(h), "hata": lambda: ch.hata(h)}[model]()
        total += ch.finish(pl) if sectors == 1 else ch.sector_step(pl, sectors)
    return total / (n * n)


def timed_numpy(n, res, sites, p, model, sectors, repeats):
    # the chain's arrays are allocated once, an untimed warm-up run touches
    # every page, and the timed runs reuse them: no page faults in the timing
    ch = Chain(n, res, sites, p)
    numpy_run(ch, n, sites, model, sectors)
    best, mean = 1e30, 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        mean = numpy_run(ch, n, sites, model, sectors)
        best = min(best, time.perf_counter() - t0)
    return best, mean


def parse(out):
    fig, params, sites = {}, {}, []
    for line in out.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "params":
            params = {k: float(v) for k, v in (q.split("=") for q in parts[1:])}
        elif parts[0] == "site":
            sites.append([float(v) for v in parts[1:]])
        else:
            fig[parts[0]] = (float(parts[1]), float(parts[2]))
    return fig, params, np.array(sites)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--sites", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-scaling", action="store_true")
    a = ap.parse_args()
    pairs = float(a.n) ** 2 * a.sites
    fig, params, sites = parse(run_c(a.build, ["models", a.n, a.sites, a.repeats]))
    ref = fig["reference_1t"][0]
    uma = fig["model_uma_1sec"][0]
    print(f"grid {a.n}x{a.n} at 10 m, {a.sites} sites, one thread; numpy {np.__version__} "
          f"(fault-free chain); pairs = pixel x site")
    print(f"  reference (hand-tuned UMa omni loop) {ref / 1e6:8.1f} M pairs/s")
    print(f"  {'model':6s} {'sec':>3s} {'library M/s':>11s} {'/UMa omni':>9s} {'/reference':>10s} "
          f"{'numpy M/s':>9s} {'lib/numpy':>9s} {'ref/numpy':>9s}")
    for model in ("uma", "rma", "umi", "hata"):
        for sec in (1, 3):
            lib = fig[f"model_{model}_{sec}sec"][0]
            t_np, _ = timed_numpy(a.n, params["res"], sites, params, model, sec, a.repeats)
            npps = pairs / t_np
            print(f"  {model:6s} {sec:3d} {lib / 1e6:11.1f} {lib / uma:9.2f} {lib / ref:10.2f} "
                  f"{npps / 1e6:9.1f} {lib / npps:9.1f} {ref / npps if sec == 1 else float('nan'):9.1f}")
    for label, env in (("glibc defaults", {}), ("glibc tuned " + " ".join(
            f"{k}={v}" for k, v in GLIBC_TUNED.items()), GLIBC_TUNED)):
        print(f"alloc ({label}):")
        for line in run_c(a.build, ["alloc", a.repeats], env).splitlines():
            print("  " + line)
    if not a.skip_scaling:
        print("scaling:")
        for line in run_c(a.build, ["scaling", a.repeats]).splitlines():
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
