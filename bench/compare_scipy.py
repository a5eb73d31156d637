#!/usr/bin/python3
"""Side-by-side: this project's solver vs SciPy solve_ivp BDF on the paper's 3-D NeuralCRN networks.

Solves the forward CRN (42 species / 99 reactions) and the backward CRN (68 / 267) from the same
50 random training-like initial states, t in [0, 0.8], rtol 1e-4, atol 1e-6, Catalyst's
combinatoric rate law, with
  * neuralcrn (via `sim_bench --compare`, the C++ driver in bench/sim_bench.cc), and
  * SciPy solve_ivp(method="BDF") with the analytic (dense) Jacobian of the full network,
checks that the end states agree (relative 1e-3, absolute floor 10 atol) and prints the median
time per solve of each and the ratio. A benchmark, not a test: it never fails on timing.

Both solvers carry global errors of about 10 rtol, so at rtol 1e-4 they can differ from each other
by more than 1e-3 on a few of the 3 400 backward values. The script therefore also
  * solves every state with SciPy BDF at rtol 1e-10 / atol 1e-12 (the reference) and reports each
    solver's worst error against it (same measure: |diff| / (1e-3 |ref| + 10 atol), so <= 1 means
    within 1e-3 relative), and for every value where the two disagree, which is nearer the truth;
  * repeats the comparison with both solvers at a tight tolerance (--check-rtol, default 1e-7,
    atol 100x smaller), where global errors are far below 1e-3: there the two must agree on
    every value, which shows that both integrate the same network.
The exit status is 0 when the end states agree at the tight tolerance and, at the benchmark
tolerance, ours are no farther from the reference than SciPy's (or within 1e-3 of it).

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
T_END = 0.8


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


def run_scipy(net, states, reps, rtol, atol):
    ends, times = [], []
    for r in range(reps):
        for x0 in states:
            t0 = time.perf_counter()
            sol = solve_ivp(net.rhs, (0, T_END), x0, method="BDF", rtol=rtol, atol=atol, jac=net.jac)
            times.append(time.perf_counter() - t0)
            if not sol.success:
                raise RuntimeError(f"SciPy failed: {sol.message}")
            if r == 0:
                ends.append(sol.y[:, -1])
    return ends, float(np.median(times)) * 1e6


def run_ours(bench, path, net, states, method, linear, reps, rtol, atol, system="folded"):
    with tempfile.TemporaryDirectory() as tmp:
        sin, sout = os.path.join(tmp, "in.csv"), os.path.join(tmp, "out.csv")
        with open(sin, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(net.species)
            for x in states:
                w.writerow([repr(float(v)) for v in x])
        cmd = [bench, "--compare", path, sin, sout, "--method", method, "--linear", linear,
               "--reps", str(reps), "--rtol", repr(rtol), "--atol", repr(atol)]
        if system != "folded":
            cmd.append("--" + system)
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


def ratios(ends, ref, atol):
    """|diff| / (1e-3 |ref| + 10 atol) per sample and species (<= 1: agree)."""
    return np.array([np.abs(a - b) / (1e-3 * np.abs(b) + 10 * atol) for a, b in zip(ends, ref)])


def worst_rel(ends, ref):
    """Worst relative difference over the values above 1e-3."""
    worst = 0.0
    for a, b in zip(ends, ref):
        big = np.abs(b) > 1e-3
        if big.any():
            worst = max(worst, float(np.max(np.abs(a - b)[big] / np.abs(b[big]))))
    return worst


def backward_states(fwd, bwd, forward_ends, rng):
    """Backward starts from the forward end state (Z), a random adjoint A, zero gradients."""
    states = []
    for end in forward_ends:
        x = np.zeros(bwd.ns)
        for s, name in enumerate(bwd.species):
            if name in fwd.species:
                x[s] = end[fwd.species.index(name)]
        for i in range(1, 4):
            set_signed(bwd, x, f"A{i}", rng.uniform(-1, 1))
        states.append(x)
    return states


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "build", "sim_bench"))
    ap.add_argument("--method", default="bdf", choices=["bdf", "trbdf2"])
    ap.add_argument("--linear", default="auto", choices=["auto", "dense", "klu"])
    ap.add_argument("--system", default="folded", choices=["folded", "no-quadratures", "no-fold"],
                    help="our system's structure: folded (default: constants folded, identical "
                         "reactions merged, quadratures outside the integrator), no-quadratures "
                         "(quadratures integrated as ordinary states), no-fold (every species)")
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--reps", type=int, default=20, help="repetitions of our solves")
    ap.add_argument("--scipy-reps", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rtol", type=float, default=1e-4, help="both solvers, timed (paper: 1e-4)")
    ap.add_argument("--atol", type=float, default=1e-6, help="both solvers, timed (paper: 1e-6)")
    ap.add_argument("--check-rtol", type=float, default=1e-7,
                    help="both solvers, agreement check (atol = check-rtol / 100)")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    fwd_path = os.path.join(DATA, "neuralcrn3d_forward.jl")
    bwd_path = os.path.join(DATA, "neuralcrn3d_backward.jl")
    fwd, bwd = Network(fwd_path), Network(bwd_path)
    fstates = forward_states(fwd, rng, args.samples)
    f_scipy_ends, _ = run_scipy(fwd, fstates, 1, args.rtol, args.atol)
    bstates = backward_states(fwd, bwd, f_scipy_ends, rng)
    tight_rtol, tight_atol = args.check_rtol, args.check_rtol / 100

    results = []
    for label, path, net, states in (("forward", fwd_path, fwd, fstates),
                                     ("backward", bwd_path, bwd, bstates)):
        scipy_ends, t_scipy = run_scipy(net, states, args.scipy_reps, args.rtol, args.atol)
        ends, info = run_ours(args.bench, path, net, states, args.method, args.linear, args.reps,
                              args.rtol, args.atol, args.system)
        truth = run_reference(net, states)
        r_pair = ratios(ends, scipy_ends, args.atol)
        r_ours, r_scipy = ratios(ends, truth, args.atol), ratios(scipy_ends, truth, args.atol)
        misses = [dict(sample=int(k), species=net.species[s], ours=float(ends[k][s]),
                       scipy=float(scipy_ends[k][s]), reference=float(truth[k][s]),
                       nearer="ours" if r_ours[k, s] <= r_scipy[k, s] else "scipy")
                  for k, s in zip(*np.nonzero(r_pair > 1))]
        # The same comparison at a tight tolerance: global errors << 1e-3, so every value agrees.
        tight_scipy, _ = run_scipy(net, states, 1, tight_rtol, tight_atol)
        tight_ours, _ = run_ours(args.bench, path, net, states, args.method, args.linear, 1,
                                 tight_rtol, tight_atol, args.system)
        tight_ok = bool(np.all(ratios(tight_ours, tight_scipy, tight_atol) <= 1))
        res = dict(network=label, species=net.ns, reactions=len(net.k),
                   scipy_median_us=round(t_scipy, 1), ours_median_us=info["median_us"],
                   speedup=round(t_scipy / info["median_us"], 1),
                   agree_1e3=not misses, values=int(r_pair.size), disagreements=misses,
                   worst_rel_diff=worst_rel(ends, scipy_ends),
                   ours_error_vs_reference=float(r_ours.max()),
                   scipy_error_vs_reference=float(r_scipy.max()),
                   tight_rtol=tight_rtol, agree_1e3_at_tight=tight_ok,
                   worst_rel_diff_at_tight=worst_rel(tight_ours, tight_scipy), ours=info)
        results.append(res)
        print(f"{label:8s} {net.ns:3d} species {len(net.k):3d} reactions | SciPy BDF "
              f"{t_scipy:9.1f} us | neuralcrn {args.method}/{info['linear']} "
              f"{info['median_us']:8.1f} us | ratio {t_scipy / info['median_us']:6.1f}x")
        print(f"         rtol {args.rtol:g}: end states agree (1e-3 rel): "
              f"{r_pair.size - len(misses)}/{r_pair.size} values (worst rel diff "
              f"{res['worst_rel_diff']:.2e}); error vs rtol-1e-10 reference (<= 1 agrees): "
              f"ours {res['ours_error_vs_reference']:.2f}, SciPy {res['scipy_error_vs_reference']:.2f}")
        for m in misses:
            print(f"           differ: sample {m['sample']} {m['species']}: ours {m['ours']:.6g}, "
                  f"SciPy {m['scipy']:.6g}, reference {m['reference']:.6g} ({m['nearer']} nearer)")
        print(f"         rtol {tight_rtol:g}: end states agree (1e-3 rel): {tight_ok} "
              f"(worst rel diff {res['worst_rel_diff_at_tight']:.2e})")
    print(json.dumps(results))
    ok = all(r["agree_1e3_at_tight"] and r["ours_error_vs_reference"] <= max(
        1.0, r["scipy_error_vs_reference"]) for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
