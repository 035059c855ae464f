#!/usr/bin/env python3
"""Coefficients of the shared-gain pass for 3-sector sites
(libdxsim/coverage_grid.c, sector3_gain_best / sector3_gain_mid).

The 38.901 Table 7.3-1 horizontal pattern in linear gain,
g(c) = 10^(-min(12 (acos(c) / 65 deg)^2, 30) / 10), is fitted as a polynomial
in x = a c + b on the strongest sector's range c in [0.5, 1] (degree 7) and
the middle sector's c in [-0.231, 0.5] (degree 8; the floor is reached at
c = -0.2211 and applied by a max in C), by a relative-weighted least-squares
Chebyshev fit on Chebyshev nodes. Prints the monomial coefficients in x
(highest first) and the max error in dB of the float32 evaluation against the
exact pattern on 400,001 points.

    /usr/bin/python3 scripts/fit_sector_gains.py
"""
import numpy as np
from numpy.polynomial import chebyshev as C


def gain(c, floor=True):
    phi = np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
    a = 12.0 * (phi / 65.0) ** 2
    return 10.0 ** (-(np.minimum(a, 30.0) if floor else a) / 10.0)


def fit(a, b, deg):
    x = np.cos(np.pi * (np.arange(2000) + 0.5) / 2000) * (b - a) / 2 + (b + a) / 2
    # the smooth pattern without its floor (the C code applies the floor)
    cf = C.Chebyshev.fit(x, gain(x, False), deg, domain=[a, b], w=1.0 / gain(x, False))
    mono = C.cheb2poly(cf.coef)
    s, o = 2.0 / (b - a), -(b + a) / (b - a)
    c = np.linspace(a, b, 400001).astype(np.float32)
    xs = (c * np.float32(s) + np.float32(o)).astype(np.float32)
    p = np.full_like(xs, np.float32(mono[-1]))
    for m in mono[-2::-1]:
        p = (p * xs + np.float32(m)).astype(np.float32)
    p = np.maximum(p, np.float32(1e-3))
    err = np.max(np.abs(10.0 * np.log10(p.astype(np.float64) / gain(c.astype(np.float64)))))
    print(f"c in [{a}, {b}], degree {deg}: x = c * {s!r} + {o!r}; max error {err:.2e} dB")
    print("  coefficients, x^%d first: %s" % (deg, ", ".join("%.17g" % m for m in mono[::-1])))


if __name__ == "__main__":
    fit(0.5, 1.0, 7)
    fit(-0.231, 0.5, 8)
