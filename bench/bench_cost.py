#!/usr/bin/env python3
"""Monte Carlo throughput of a full 5-year cost + NPV evaluation, libdxsim (C)
versus a vectorised numpy implementation of the same model, in the same run.

Model: bill of materials of a Local 5G outdoor deployment (3 sites x 3 sectors,
200 terminals, cloud 5GC, 20 cameras, 1 edge server) from the built-in price
book, bought outright, 5-year horizon, tax included. 10 uncertain inputs, each
triangular (low, default, high) from the price book: outdoor base station,
sector radio unit, cloud 5GC fee, CPE, pole/civil works, outdoor installation,
fibre backhaul, electricity price, maintenance ratio, and the discount rate
(0.02, 0.04, 0.06; ASSUMED range around the 4 % social discount rate).
Every draw evaluates the yearly cash flows of all items and their NPV.

    C path    : dxsim.cost.npv_draws -> dx_cost_npv_draws_jpy (one call, one core)
    numpy path: the same cash-flow model written with numpy arrays over the draws

Both paths get the same pre-sampled inputs (sampling is not timed), their
results are compared (max relative difference printed), and each timing is
the best of --repeat runs.

Run (after building the library, e.g. in build-cost):
    DXSIM_LIBRARY=build-cost/libdxsim.so PYTHONPATH=bindings/python \\
        OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/bench_cost.py
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core for numpy too
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from dxsim import cost  # noqa: E402

DESIGN = {"n_sites": 3, "sectors_per_site": 3, "n_devices": 200, "n_solution_devices": 20,
          "n_edge_servers": 1, "outdoor": 1, "core_on_premises": 0, "horizon_years": 5}
PRICE_INPUTS = ["l5g.bs.outdoor", "l5g.ru.sector", "l5g.core.cloud", "l5g.cpe",
                "site.pole_civil", "install.outdoor", "backhaul.fibre", "electricity",
                "maintenance.ratio"]
RATE_RANGE = (0.02, 0.04, 0.06)  # ASSUMED sensitivity range around domain-japan §5's 4 %


def build_model():
    items = cost.bom("l5g-sub6", DESIGN, mode="purchase")
    book = {p["key"]: p for p in cost.builtin_prices()}
    input_of_item = []
    for it in items:
        k = it["price_key"]
        input_of_item.append(PRICE_INPUTS.index(k) if k in PRICE_INPUTS else -1)
    ranges = [(book[k]["low"] / book[k]["value"], 1.0, book[k]["high"] / book[k]["value"])
              for k in PRICE_INPUTS]
    return items, input_of_item, ranges


def sample(ranges, n, seed=20261128):
    rng = np.random.default_rng(seed)
    scales = np.empty((n, len(ranges)))
    for k, (lo, mode, hi) in enumerate(ranges):
        scales[:, k] = rng.triangular(lo, mode, hi, n)
    rates = rng.triangular(*RATE_RANGE, n)
    return scales, rates


class NumpyModel:
    """The cash-flow rules of dx_cost_cash_flows_jpy for the default options
    (5 years, no start date, tax-included output, replacement at end of life),
    vectorised over draws with numpy."""

    def __init__(self, items, input_of_item, horizon_years=5, tax=0.10):
        self.ny = int(np.ceil(horizon_years))
        hm = int(round(horizon_years * 12))
        months = np.arange(hm)
        self.rows = []  # (input index or -1, yearly coefficient vector at scale 1)
        for it, k in zip(items, input_of_item):
            tm = 1.0 if it["tax_included"] else 1.0 + tax
            amount = it["unit_price_jpy"] * it["quantity"] * tm
            prof = np.zeros(self.ny)
            monthly = it["procurement"] != "purchase" or it["category"] == "cloud"
            if not monthly:
                life_m = int(round(it["useful_life_years"] * 12))
                starts = [0] + (list(range(life_m, hm, life_m)) if life_m > 0 else [])
                for m in starts:
                    prof[m // 12] += amount
            else:
                n_m = int(round(it["months"])) if it["months"] > 0 else hm
                if it["booked_in_first_year"]:
                    prof[0] += amount * n_m
                else:
                    np.add.at(prof, months[:min(n_m, hm)] // 12, amount)
            self.rows.append((k, prof))
        self.t = np.arange(self.ny, dtype=float)

    def npv(self, scales, rates):
        n = scales.shape[0]
        cash = np.zeros((n, self.ny))
        for k, prof in self.rows:  # every item's yearly cost, every draw
            if k < 0:
                cash += prof
            else:
                cash += scales[:, k:k + 1] * prof
        disc = (1.0 + rates)[:, None] ** -self.t
        return (cash * disc).sum(axis=1)

    def npv_grouped(self, scales, rates):
        """Same model with the items first summed per input (one matrix product),
        the algorithm dx_cost_npv_draws_jpy uses; shown for transparency."""
        k_in = scales.shape[1]
        prof = np.zeros((k_in, self.ny))
        fixed = np.zeros(self.ny)
        for k, p in self.rows:
            if k < 0:
                fixed += p
            else:
                prof[k] += p
        cash = scales @ prof + fixed
        disc = (1.0 + rates)[:, None] ** -self.t
        return (cash * disc).sum(axis=1)


def best_of(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    items, input_of_item, ranges = build_model()
    scales, rates = sample(ranges, args.draws)
    model = NumpyModel(items, input_of_item)

    t_c, npv_c = best_of(lambda: cost.npv_draws(items, input_of_item, scales, rates), args.repeat)
    t_np, npv_np = best_of(lambda: model.npv(scales, rates), args.repeat)
    t_g, npv_g = best_of(lambda: model.npv_grouped(scales, rates), args.repeat)

    rel = float(np.max(np.abs(npv_c - npv_np) / np.abs(npv_np)))
    rel = max(rel, float(np.max(np.abs(npv_g - npv_np) / np.abs(npv_np))))
    rate_c, rate_np = args.draws / t_c, args.draws / t_np
    print(f"model: {len(items)} BOM items, {len(PRICE_INPUTS) + 1} uncertain inputs, "
          f"{model.ny} years, {args.draws} draws, best of {args.repeat}")
    print(f"mean NPV of costs: {npv_c.mean():,.0f} JPY (C) / {npv_np.mean():,.0f} JPY (numpy); "
          f"max rel diff {rel:.2e}")
    print(f"C (libdxsim)    : {rate_c:,.0f} draws/s")
    print(f"numpy vectorised: {rate_np:,.0f} draws/s")
    print(f"ratio C / numpy : {rate_c / rate_np:.2f}x (target >= 4x)")
    print(f"(numpy with items pre-grouped per input, matrix product: {args.draws / t_g:,.0f} draws/s, "
          f"C / that = {t_g / t_c:.2f}x)")
    if rel > 1e-9:
        print("ERROR: the two implementations disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
