#!/usr/bin/python3
"""Side-by-side: this project's solver vs SciPy solve_ivp BDF on the paper's 3-D NeuralCRN networks.

Solves the forward CRN (42 species / 99 reactions) and the backward CRN (68 / 267) from the same
50 random training-like initial states, t in [0, 0.8], rtol 1e-4, atol 1e-6, Catalyst's
combinatoric rate law, with
  * neuralcrn (via `sim_bench --compare`, the C++ driver in bench/sim_bench.cc), and
  * SciPy solve_ivp(method="BDF") with the analytic (dense) Jacobian of the full network,
checks that the end states agree (relative 1e-3, absolute floor 1e-5 = 10 atol) and prints the
median time per solve of each and the ratio. A benchmark, not a test: it never fails on timing.

Both solvers carry global errors of a few rtol, so they can differ from each other by more than
either differs from the true solution. The script therefore also solves every state with SciPy
BDF at rtol 1e-10 / atol 1e-12 (the reference) and reports each solver's worst error against it
(same measure: |diff| / (1e-3 |ref| + 10 atol), so <= 1 means within 1e-3 relative). The exit
status is 0 when our end states agree with the reference.

Usage: python3 bench/compare_scipy.py [--bench build/sim_bench] [--method bdf] [--samples 50]
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "catalyst")
RTOL, ATOL, T_END = 1e-4, 1e-6, 0.8


def parse_catalyst(path):
    """Minimal reader for the two shipped files: lines `k, A + 2B --> C + 0`."""
    species, reactions = [], []
    index = {}

    def complex_of(side):
        out = {}
        side = side.strip()
        if side in ("0", "∅", ""):
            return out
        for term in side.split("+"):
            m = re.fullmatch(r"\s*(\d*)\s*\*?\s*([A-Za-z_]\w*)\s*", term)
            if not m:
                raise ValueError(f"{path}: cannot read term {term!r}")
            name = m.group(2)
            if name not in index:
                index[name] = len(species)
                species.append(name)
            out[index[name]] = out.get(index[name], 0) + int(m.group(1) or 1)
        return out

    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if "-->" not in line:
            continue
        rate, rest = line.split(",", 1)
        lhs, rhs = rest.split("-->")
        reactions.append((float(rate), complex_of(lhs), complex_of(rhs)))
    return species, reactions


class Network:
    """Mass-action RHS and Jacobian (combinatoric law) vectorised with numpy."""

    def __init__(self, path):
        self.species, reactions = parse_catalyst(path)
        ns, nr = len(self.species), len(reactions)
        self.ns = ns
        self.k = np.array([r[0] for r in reactions])
        self.S = np.zeros((ns, nr))
        self.idx = np.full((nr, 3), ns)  # padding points at a constant 1.0 appended to x
        self.cnt = np.zeros((nr, 3))
        for j, (k, lhs, rhs) in enumerate(reactions):
            for s, c in rhs.items():
                self.S[s, j] += c
            for a, (s, c) in enumerate(sorted(lhs.items())):
                self.S[s, j] -= c
                self.idx[j, a] = s
                self.cnt[j, a] = c
                self.k[j] /= math.factorial(c)
        self.rows = np.arange(nr)

    def rhs(self, t, x):
        xe = np.append(x, 1.0)
        return self.S @ (self.k * np.prod(xe[self.idx] ** self.cnt, axis=1))

    def jac(self, t, x):
        xe = np.append(x, 1.0)
        p = xe[self.idx] ** self.cnt
        dv = np.zeros((len(self.k), self.ns + 1))
        for a in range(3):
            others = np.prod(np.delete(p, a, axis=1), axis=1)
            c = self.cnt[:, a]
            d = self.k * c * np.where(c > 0, xe[self.idx[:, a]] ** np.maximum(c - 1, 0), 0) * others
            np.add.at(dv, (self.rows, self.idx[:, a]), d)
        return self.S @ dv[:, : self.ns]


def set_signed(net, x, var, v):
    if var + "p" in net.species:
        x[net.species.index(var + "p")] = max(0.0, v)
    if var + "m" in net.species:
        x[net.species.index(var + "m")] = max(0.0, -v)


def forward_states(net, rng, n):
    """theta ~ N(0,4)/sqrt(3), x in [-1,1]^2 + augmented 0.2, beta = h = 0.1, z(0) = x."""
    states = []
    for _ in range(n):
        x = np.zeros(net.ns)
        inp = [rng.uniform(-1, 1), rng.uniform(-1, 1), 0.2]
        for i in range(1, 4):
            for j in range(1, 4):
                set_signed(net, x, f"P{i}{j}", rng.normal(0, 2 / math.sqrt(3)))
            set_signed(net, x, f"X{i}", inp[i - 1])
            set_signed(net, x, f"Z{i}", inp[i - 1])
            set_signed(net, x, f"B{i}", 0.1)
            set_signed(net, x, f"H{i}", 0.1)
        states.append(x)
    return states


def run_scipy(net, states, reps):
    ends, times = [], []
    for r in range(reps):
        for x0 in states:
            t0 = time.perf_counter()
            sol = solve_ivp(net.rhs, (0, T_END), x0, method="BDF", rtol=RTOL, atol=ATOL, jac=net.jac)
            times.append(time.perf_counter() - t0)
            if not sol.success:
                raise RuntimeError(f"SciPy failed: {sol.message}")
            if r == 0:
                ends.append(sol.y[:, -1])
    return ends, float(np.median(times)) * 1e6


def run_ours(bench, path, net, states, method, linear, reps):
    with tempfile.TemporaryDirectory() as tmp:
        sin, sout = os.path.join(tmp, "in.csv"), os.path.join(tmp, "out.csv")
        with open(sin, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(net.species)
            for x in states:
                w.writerow([repr(float(v)) for v in x])
        cmd = [bench, "--compare", path, sin, sout, "--method", method, "--linear", linear,
               "--reps", str(reps)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        info = json.loads(out.strip().splitlines()[-1])
        with open(sout) as f:
            rows = list(csv.reader(f))
        assert rows[0] == net.species
        ends = [np.array([float(v) for v in row]) for row in rows[1:]]
    return ends, info


def run_reference(net, states):
    ends = []
    for x0 in states:
        sol = solve_ivp(net.rhs, (0, T_END), x0, method="BDF", rtol=1e-10, atol=1e-12, jac=net.jac)
        if not sol.success:
            raise RuntimeError(f"SciPy reference failed: {sol.message}")
        ends.append(sol.y[:, -1])
    return ends


def error_ratio(ends, ref):
    """Worst |diff| / (1e-3 |ref| + 10 atol) over all samples and species (<= 1: agree)."""
    return max(float(np.max(np.abs(a - b) / (1e-3 * np.abs(b) + 10 * ATOL)))
               for a, b in zip(ends, ref))


def agree(ours, ref):
    worst_rel, ok = 0.0, True
    for a, b in zip(ours, ref):
        diff = np.abs(a - b)
        ok &= bool(np.all(diff <= 1e-3 * np.abs(b) + 10 * ATOL))
        big = np.abs(b) > 1e-3
        if big.any():
            worst_rel = max(worst_rel, float(np.max(diff[big] / np.abs(b[big]))))
    return ok, worst_rel


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "build", "sim_bench"))
    ap.add_argument("--method", default="bdf", choices=["bdf", "trbdf2"])
    ap.add_argument("--linear", default="auto", choices=["auto", "dense", "klu"])
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--reps", type=int, default=20, help="repetitions of our solves")
    ap.add_argument("--scipy-reps", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    fwd_path = os.path.join(DATA, "neuralcrn3d_forward.jl")
    bwd_path = os.path.join(DATA, "neuralcrn3d_backward.jl")
    fwd, bwd = Network(fwd_path), Network(bwd_path)
    fstates = forward_states(fwd, rng, args.samples)

    results = []
    f_ref, f_scipy = run_scipy(fwd, fstates, args.scipy_reps)
    # Backward starts from the forward end state (Z), a random adjoint A, zero gradients.
    bstates = []
    for end in f_ref:
        x = np.zeros(bwd.ns)
        for s, name in enumerate(bwd.species):
            if name in fwd.species:
                x[s] = end[fwd.species.index(name)]
        for i in range(1, 4):
            set_signed(bwd, x, f"A{i}", rng.uniform(-1, 1))
        bstates.append(x)
    b_ref, b_scipy = run_scipy(bwd, bstates, args.scipy_reps)

    for label, path, net, states, ref, t_scipy in (
        ("forward", fwd_path, fwd, fstates, f_ref, f_scipy),
        ("backward", bwd_path, bwd, bstates, b_ref, b_scipy),
    ):
        ends, info = run_ours(args.bench, path, net, states, args.method, args.linear, args.reps)
        ok, worst = agree(ends, ref)
        truth = run_reference(net, states)
        ours_err, scipy_err = error_ratio(ends, truth), error_ratio(ref, truth)
        results.append(dict(network=label, species=net.ns, reactions=len(net.k),
                            scipy_median_us=round(t_scipy, 1), ours_median_us=info["median_us"],
                            speedup=round(t_scipy / info["median_us"], 1), agree_1e3=ok,
                            worst_rel_diff=worst, ours_error_vs_reference=ours_err,
                            scipy_error_vs_reference=scipy_err, ours=info))
        print(f"{label:8s} {net.ns:3d} species {len(net.k):3d} reactions | SciPy BDF "
              f"{t_scipy:9.1f} us | neuralcrn {args.method}/{info['linear']} "
              f"{info['median_us']:8.1f} us | ratio {t_scipy / info['median_us']:6.1f}x\n"
              f"         end states: ours vs SciPy agree (1e-3 rel): {ok} (worst rel diff "
              f"{worst:.2e}); error vs rtol-1e-10 reference (<= 1 agrees): ours {ours_err:.2f}, "
              f"SciPy {scipy_err:.2f}")
    print(json.dumps(results))
    return 0 if all(r["ours_error_vs_reference"] <= 1 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
