#!/usr/bin/env python3
"""dx_uncertainty_run against numpy for the same 8-input model, in one run.

Usage (from the repository root, after building BUILD_DIR with the benchmarks):

    DXSIM_LIBRARY=BUILD_DIR/libdxsim.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 bench/bench_uncertainty.py --build BUILD_DIR [--draws 1000000] [--repeats 3] \
        [--clock wall|cpu]

--clock cpu times every path by process CPU time (time.process_time here,
CLOCK_PROCESS_CPUTIME_ID in the C program): on a machine shared with other
jobs the one-thread ratios then do not depend on the others' share of the
cores; 2-thread rows become CPU throughput (equal to one thread's when the
scaling is perfect), so read scaling from a wall-clock run.

Model: y = sum of 8 inputs (2 normal, 2 lognormal, 2 triangular, 2 PERT; the
distributions of bench_uncertainty.c). Each path draws the inputs, evaluates y
and reports P10/P50/P90, mean and sd:
  C            bench_uncertainty: dx_uncertainty_run (per-draw C model) and
               dx_uncertainty_run_batch (a C model over blocks of 4096 draws),
               1 and 2 threads, default MT19937 streams and the counter-based
               sampler (dx_uncertainty_run with it: 1 thread), and the bare
               GSL generators (reference);
  numpy        numpy.random.default_rng (PCG64): normal, lognormal,
               triangular, beta for PERT, summed into a preallocated array,
               np.percentile (introselect) and mean/std: one core (each
               sampler call returns a fresh 8 MB array);
  numpy fault-free  the same model with every array preallocated and reused
               (numpy_mc_fair below): the fair baseline;
  Python       dxsim.uncertainty.run with the model in Python: per draw
               (1/50 of the draws, scaled) and batch=True (numpy blocks).
Draws per second; the best of --repeats.
"""
import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from dxsim import uncertainty as U  # noqa: E402

DISTS = [("normal", 2385.0, 120.0), ("normal", 3.5, 0.2), ("lognormal", 1.2, 0.35),
         ("lognormal", 0.5, 0.1), ("triangular", 1.5, 2.5, 4.0), ("triangular", 80, 150, 300),
         ("pert", 1.5e6, 2.5e6, 4.0e6), ("pert", 120, 200, 350)]


def numpy_mc(n, rng, y):
    y[:] = rng.normal(2385.0, 120.0, n)
    y += rng.normal(3.5, 0.2, n)
    y += rng.lognormal(1.2, 0.35, n)
    y += rng.lognormal(0.5, 0.1, n)
    y += rng.triangular(1.5, 2.5, 4.0, n)
    y += rng.triangular(80, 150, 300, n)
    for a, m, c in ((1.5e6, 2.5e6, 4.0e6), (120, 200, 350)):
        al, be = 1 + 4 * (m - a) / (c - a), 1 + 4 * (c - m) / (c - a)
        y += a + (c - a) * rng.beta(al, be, n)
    p10, p50, p90 = np.percentile(y, [10, 50, 90])
    return p10, p50, p90, y.mean(), y.std(ddof=1)


CLOCK = time.perf_counter


def numpy_mc_fair(n, rng, bufs):
    """The same model with every array preallocated (out= everywhere, no
    page faults after the warm-up run): normals, gammas and uniforms drawn
    into buffers (standard_normal/standard_gamma/random with out=), the
    triangular by its inverse CDF and PERT as X / (X + Y) of two gammas,
    both with ufuncs into buffers; mean and sd, then np.percentile with
    overwrite_input=True (introselect in place, no copy)."""
    y, t, g, h = bufs
    rng.standard_normal(out=t)
    np.multiply(t, 120.0, out=y)
    y += 2385.0
    for mu, sd, log in ((3.5, 0.2, False), (1.2, 0.35, True), (0.5, 0.1, True)):
        rng.standard_normal(out=t)
        t *= sd
        t += mu
        if log:
            np.exp(t, out=t)
        y += t
    for a, m, c in ((1.5, 2.5, 4.0), (80, 150, 300)):
        fc = (m - a) / (c - a)
        rng.random(out=t)
        np.multiply(t, (c - a) * (m - a), out=g)
        np.sqrt(g, out=g)
        g += a
        np.subtract(1.0, t, out=h)
        h *= (c - a) * (c - m)
        np.sqrt(h, out=h)
        np.subtract(c, h, out=h)
        np.copyto(g, h, where=t >= fc)
        y += g
    for a, m, c in ((1.5e6, 2.5e6, 4.0e6), (120, 200, 350)):
        al, be = 1 + 4 * (m - a) / (c - a), 1 + 4 * (c - m) / (c - a)
        rng.standard_gamma(al, out=t)
        rng.standard_gamma(be, out=g)
        g += t
        t /= g
        t *= c - a
        t += a
        y += t
    mean, sd = y.mean(), y.std(ddof=1)
    p10, p50, p90 = np.percentile(y, [10, 50, 90], overwrite_input=True)
    return p10, p50, p90, mean, sd


def best_of(repeats, fn):
    best, out = 1e30, None
    for _ in range(repeats):
        t0 = CLOCK()
        out = fn()
        best = min(best, CLOCK() - t0)
    return best, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--draws", type=int, default=1000000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    a = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if a.clock == "cpu" else time.perf_counter
    n = a.draws
    exe = os.path.join(a.build, "bench", "bench_uncertainty")
    out = subprocess.run([exe, str(n), str(a.repeats)], check=True, capture_output=True, text=True,
                         env=dict(os.environ, OPENBLAS_NUM_THREADS="1",
                                   BENCH_CLOCK=a.clock)).stdout
    c = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0].endswith("draws_per_s"):
            c[parts[0]] = float(parts[1])
    y = np.empty(n)
    rng = np.random.default_rng(20250310)
    numpy_mc(n, rng, y)  # warm-up (touches y)
    t_np, res = best_of(a.repeats, lambda: numpy_mc(n, rng, y))
    np_dps = n / t_np
    bufs = [np.empty(n) for _ in range(4)]
    numpy_mc_fair(n, rng, bufs)  # warm-up: touches every buffer
    t_nf, res_f = best_of(a.repeats, lambda: numpy_mc_fair(n, rng, bufs))
    nf_dps = n / t_nf
    n_py = max(2000, n // 50)
    t_py, _ = best_of(1, lambda: U.run(lambda x: [sum(x)], DISTS, output_names=["y"],
                                       draws=n_py, threads=1))
    t_pb, rb = best_of(a.repeats, lambda: U.run(lambda xs: xs.sum(axis=1), DISTS,
                                                output_names=["y"], draws=n, threads=1,
                                                batch=True))
    t_pc, _ = best_of(a.repeats, lambda: U.run(lambda xs: xs.sum(axis=1), DISTS,
                                               output_names=["y"], draws=n, threads=1,
                                               batch=True, sampler="counter"))
    print(f"{n} draws, 8 inputs, y = sum; numpy {np.__version__}; one core unless stated; "
          f"{a.clock} clock")
    rows = [("C bare GSL generators (reference)", c.get("reference_draws_per_s")),
            ("C dx_uncertainty_run, 1 thread", c.get("run_threads1_draws_per_s")),
            ("C dx_uncertainty_run, 2 threads", c.get("run_threads2_draws_per_s")),
            ("C dx_uncertainty_run, counter sampler, 1 thread", c.get("run_counter_threads1_draws_per_s")),
            ("C dx_uncertainty_run_batch, 1 thread", c.get("run_batch_threads1_draws_per_s")),
            ("C dx_uncertainty_run_batch, 2 threads", c.get("run_batch_threads2_draws_per_s")),
            ("C run_batch, counter sampler, 1 thread", c.get("run_batch_counter_threads1_draws_per_s")),
            ("C run_batch, counter sampler, 2 threads", c.get("run_batch_counter_threads2_draws_per_s")),
            ("numpy (default_rng, percentile)", np_dps),
            ("numpy fault-free (out= buffers)", nf_dps),
            (f"Python model per draw ({n_py} draws)", n_py / t_py),
            ("Python model batch=True (numpy blocks)", n / t_pb),
            ("Python batch=True, counter sampler", n / t_pc)]
    for name, v in rows:
        if v is not None:
            print(f"  {name:48s} {v / 1e6:8.3f} M draws/s  {v / np_dps:6.2f} x numpy"
                  f"  {v / nf_dps:6.2f} x fault-free numpy")
    print(f"  numpy   P10/P50/P90 {res[0]:.6g} {res[1]:.6g} {res[2]:.6g}")
    print(f"  numpy fault-free P10/P50/P90 {res_f[0]:.6g} {res_f[1]:.6g} {res_f[2]:.6g}")
    o = rb["outputs"]["y"]
    print(f"  library P10/P50/P90 {o['p10']:.6g} {o['p50']:.6g} {o['p90']:.6g} (batch, Python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
