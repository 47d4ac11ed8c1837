#!/usr/bin/env python3
"""The paper's App. C.1 case end to end from Python (Fig. 8): PMC with n = 3,
eps = 0.3 (entry sampling), l = 11, rho = 0.3, eta = 0.01, t = 59000, in bf50.

Certifies the spurious point GD reaches from (-1, 0, 1)'s neighbourhood,
evaluates the closed form (5.8) at t = 59000 (the paper: the c-term
dominates), runs exact projected GD in S for 59000 steps (the paper: h^l
decreases below h^l at the lifted spurious point), and GD -> SOD -> GD (the
paper: GD from the escape point reaches the ground truth). Prints one JSON
object, every number a decimal string with all the digits of bf50 (the test
python/tests/test_app_c1.py compares it with `sodlift closed-form`,
`sodlift simulate` and `sodlift escape` --json).

Usage: PYTHONPATH=<prefix>/lib/python3.11/site-packages python3 app_c1.py
"""
import json

import sodlift

L, RHO, ETA, T = 11, "0.3", "0.01", 59000


def s(x):
    """All 53 digits of a bf50 result, as the program prints them."""
    return sodlift.decimal_string(x, "bf50")


I = sodlift.instance("pmc", n=3, eps="0.3", precision="bf50")
cp = I.certify()
cf = I.closed_form(l=L, rho=RHO, eta=ETA, t=T)
sim = I.simulate(l=L, rho=RHO, eta=ETA, t=T, record_every=T)
esc = I.escape(type="auto", l=L, rho=RHO, eta=ETA, t=T)
last = sim["records"][-1]
print(json.dumps({
    "instance": I.name,
    "operator": I.operator,
    "kind": cp["kind"],
    "Xhat": [s(x) for x in cp["X"][:, 0]],
    "delta": s(cf["single"]["delta"]),
    "efs": s(cf["single"]["efs"]),
    "beta_t": s(cf["multi"]["beta_t"]),
    "gamma_t": s(cf["multi"]["gamma_t"]),
    "dominant": cf["multi"]["dominant"],
    "gamma_point": [s(x) for x in cf["multi"]["gamma"]["point"][:, 0]],
    "gamma_h": s(cf["multi"]["gamma"]["h"]),
    "sim_t": last["t"],
    "sim_h_lifted": s(last["h_lifted"]),
    "sim_h_lifted_at_a": s(last["h_lifted_at_a"]),
    "sim_dropped": sim["dropped"],
    "escape_type": esc["chosen_type"],
    "escape_point": [s(x) for x in esc["escape_point"][:, 0]],
    "h_escape": s(esc["h_escape"]),
    "gd_end": esc["second"]["end"],
    "gd_z_sign": esc["second"]["z_sign"],
}, indent=1))
