#!/usr/bin/python3
"""Independent check of an exported SBML model (test-side only, never in the product path).

Reads the SBML with Python's standard xml.etree parser (no libSBML), builds the ODE right-hand
side from the kinetic laws exactly as written (species symbols are concentrations unless
hasOnlySubstanceUnits; a reaction's amount rate is divided by the species' compartment size),
integrates it with scipy's BDF at tight tolerances, and compares the final state with the JSON of
`neuralcrn simulate --json` ("final": species name -> value).

usage: sbml_scipy_check.py MODEL.xml SIM.json --t-end T [--rtol 1e-4] [--atol 1e-9]
A value agrees when |scipy - neuralcrn| <= rtol * max(|scipy|, |neuralcrn|) + atol.
Exit codes: 0 agree, 1 disagree or unsupported SBML, 77 scipy/numpy missing (the test skips).
"""
import argparse
import json
import math
import sys
import xml.etree.ElementTree as ET

try:
    import numpy as np
    from scipy.integrate import solve_ivp
except ImportError as e:  # pragma: no cover
    print(f"SKIP: python3-scipy/numpy not available ({e})")
    sys.exit(77)

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def local(tag):
    return tag.split("}", 1)[-1]


def children(elem, name):
    """Direct children named `name` in any namespace."""
    return [c for c in elem if local(c.tag) == name]


def find_list(model, list_name, item):
    out = []
    for lst in children(model, list_name):
        out += children(lst, item)
    return out


def compile_math(node, symbols):
    """MathML subset -> Python closure over a dict of symbol values."""
    tag = local(node.tag)
    if tag == "math":
        (only,) = list(node)
        return compile_math(only, symbols)
    if tag == "ci":
        name = node.text.strip()
        if name not in symbols:
            raise ValueError(f"unknown symbol {name}")
        return lambda env: env[name]
    if tag == "cn":
        kind = node.get("type", "real")
        text = "".join(node.itertext()).strip()
        if kind == "e-notation":
            parts = [p.strip() for p in node.itertext() if p.strip()]
            value = float(parts[0]) * 10.0 ** float(parts[1])
        elif kind == "rational":
            parts = [p.strip() for p in node.itertext() if p.strip()]
            value = float(parts[0]) / float(parts[1])
        else:
            value = float(text)
        return lambda env: value
    if tag == "apply":
        op, *args = list(node)
        f = [compile_math(a, symbols) for a in args]
        opname = local(op.tag)
        if opname == "times":
            return lambda env: math.prod(g(env) for g in f)
        if opname == "divide":
            return lambda env: f[0](env) / f[1](env)
        if opname == "power":
            return lambda env: f[0](env) ** f[1](env)
        if opname == "plus":
            return lambda env: sum(g(env) for g in f)
        if opname == "minus":
            return (lambda env: -f[0](env)) if len(f) == 1 else (lambda env: f[0](env) - f[1](env))
        raise ValueError(f"unsupported MathML operator {opname}")
    raise ValueError(f"unsupported MathML element {tag}")


def load(path):
    root = ET.parse(path).getroot()
    (model,) = children(root, "model")
    for forbidden in ("listOfRules", "listOfEvents", "listOfInitialAssignments"):
        if children(model, forbidden):
            raise ValueError(f"{forbidden} not supported by this check")
    size = {c.get("id"): float(c.get("size")) for c in find_list(model, "listOfCompartments",
                                                                  "compartment")}
    env = dict(size)
    for p in find_list(model, "listOfParameters", "parameter"):
        env[p.get("id")] = float(p.get("value"))
    species = find_list(model, "listOfSpecies", "species")
    ids = [s.get("id") for s in species]
    index = {sid: i for i, sid in enumerate(ids)}
    names = [s.get("name") or s.get("id") for s in species]
    vol = np.array([size[s.get("compartment")] for s in species])
    amount = [s.get("hasOnlySubstanceUnits") == "true" for s in species]
    x0 = np.zeros(len(species))
    for i, s in enumerate(species):
        if s.get("boundaryCondition") == "true" or s.get("constant") == "true":
            raise ValueError(f"boundary/constant species {ids[i]} not supported by this check")
        if s.get("initialConcentration") is not None:
            x0[i] = float(s.get("initialConcentration"))
        else:
            x0[i] = float(s.get("initialAmount")) / vol[i]
    reactions = []
    for r in find_list(model, "listOfReactions", "reaction"):
        change = {}
        for lst, sign in (("listOfReactants", -1), ("listOfProducts", 1)):
            for ref in find_list(r, lst, "speciesReference"):
                sid = ref.get("species")
                change[sid] = change.get(sid, 0.0) + sign * float(ref.get("stoichiometry"))
        (law,) = children(r, "kineticLaw")
        lenv = {}
        for lst in ("listOfLocalParameters", "listOfParameters"):
            for p in find_list(law, lst, "localParameter") + find_list(law, lst, "parameter"):
                lenv[p.get("id")] = float(p.get("value"))
        (math_node,) = [c for c in law if c.tag == MATHML + "math"]
        symbols = set(env) | set(lenv) | set(ids)
        rate = compile_math(math_node, symbols)
        reactions.append(([(index[s], v) for s, v in change.items() if v != 0], rate, lenv))
    return names, ids, x0, vol, amount, env, reactions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sbml")
    ap.add_argument("sim_json")
    ap.add_argument("--t-end", type=float, required=True)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-9)
    args = ap.parse_args()
    try:
        names, ids, x0, vol, amount, env, reactions = load(args.sbml)
    except (ValueError, KeyError, ET.ParseError) as e:
        print(f"FAIL: cannot read {args.sbml}: {e}")
        return 1

    def rhs(t, x):
        e = dict(env)
        for i, sid in enumerate(ids):
            e[sid] = x[i] * vol[i] if amount[i] else x[i]
        dx = np.zeros_like(x)
        for change, rate, lenv in reactions:
            if lenv:
                e2 = dict(e)
                e2.update(lenv)
                v = rate(e2)
            else:
                v = rate(e)
            for i, nu in change:
                dx[i] += nu * v / vol[i]
        return dx

    sol = solve_ivp(rhs, (0.0, args.t_end), x0, method="BDF", rtol=1e-10, atol=1e-12)
    if not sol.success:
        print(f"FAIL: scipy BDF failed: {sol.message}")
        return 1
    with open(args.sim_json) as f:
        final = json.load(f)["final"]
    worst, bad = 0.0, []
    for i, name in enumerate(names):
        a = float(sol.y[i, -1])
        if name not in final:
            bad.append(f"{name}: missing from neuralcrn output")
            continue
        b = float(final[name])
        err = abs(a - b)
        bound = args.rtol * max(abs(a), abs(b)) + args.atol
        worst = max(worst, err / bound)
        if not err <= bound:
            bad.append(f"{name}: scipy {a:.12g} neuralcrn {b:.12g} |diff| {err:.3g} > {bound:.3g}")
    print(f"{len(names)} species, {len(reactions)} reactions, t_end {args.t_end}: "
          f"worst |diff| / (rtol*|x| + atol) = {worst:.3g} (rtol {args.rtol}, atol {args.atol}); "
          f"scipy BDF steps {len(sol.t) - 1}")
    for line in bad:
        print("MISMATCH", line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
