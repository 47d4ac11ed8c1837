# Through Python, the certified values the C++ tests and the CLI give:
# realworld's spurious minimum (App. C.2) to all bf50 digits.
#
# Reference: an independent Newton iteration written here in mpmath at 120
# digits on h(x) = 1/2 sum_i (<A_i, x x^T> - b_i)^2 with the six A_i of
# App. C.2 typed in from the paper (the same decimals as core/'s table, not
# read from sodlift), started from the paper's 4-digit point. sodlift's bf50
# point must agree with it to bf50's round-off, and with the CLI's digits
# exactly (same code, same precision).
import mpmath
import numpy as np
import pytest

import sodlift
from conftest import BF50_BITS, cli_json, cli_path, mpf50

A_ROWS = [
    ["0.0783", "0.2372", "-0.0439", "0.2372", "-0.0397", "0.1456", "-0.0439", "0.1456", "-0.4724"],
    ["0.0389", "0.0536", "-0.0059", "0.0536", "0.4614", "-0.3907", "-0.0059", "-0.3907", "0.2760"],
    ["0.0293", "-0.1456", "-0.1656", "-0.1456", "0.3257", "0.2528", "-0.1656", "0.2528", "-0.0078"],
    ["0.0762", "0.3193", "-0.3338", "0.3193", "-0.3364", "0.5847", "-0.3338", "0.5847", "0.1873"],
    ["-0.0889", "0.7089", "0.4472", "0.7089", "0.3788", "0.0902", "0.4472", "0.0902", "-0.3193"],
    ["0.4097", "0.1190", "0.2078", "0.1190", "0.2282", "-0.2274", "0.2078", "-0.2274", "0.4046"],
]
START = ["0.2234", "0.0918", "0.5985"]


def reference_point(dps=120):
    with mpmath.workdps(dps):
        A = []
        for row in A_ROWS:
            M = mpmath.matrix(3, 3)
            for k, v in enumerate(row):
                M[k // 3, k % 3] = mpmath.mpf(v)
            A.append(M)
        z = mpmath.matrix([1, 0, 0])
        b = [(z.T * Ai * z)[0] for Ai in A]
        x = mpmath.matrix([mpmath.mpf(v) for v in START])
        for _ in range(60):
            res = [(x.T * Ai * x)[0] - bi for Ai, bi in zip(A, b)]
            g = mpmath.matrix(3, 1)
            H = mpmath.matrix(3, 3)
            for Ai, ri in zip(A, res):
                Ax = Ai * x
                g += 2 * ri * Ax
                H += 2 * ri * Ai + 4 * Ax * Ax.T
            dx = mpmath.lu_solve(H, g)
            x -= dx
            if mpmath.norm(dx) < mpmath.mpf(10) ** (-dps + 5):
                break
        return x, mpmath.norm(g)


def test_realworld_spurious_minimum_all_bf50_digits():
    I = sodlift.instance("realworld", precision="bf50")
    cp = I.certify()
    assert cp["kind"] == "spurious_local_min"
    X = cp["X"]
    assert X.shape == (3, 1) and X.dtype == object
    assert all(isinstance(v, mpmath.mpf) for v in X[:, 0])  # never a float
    ref, gref = reference_point()
    with mpmath.workdps(120):
        assert gref < mpmath.mpf("1e-100")
        err = max(abs(mpmath.mpf(X[i, 0]) - ref[i]) for i in range(3))
        # bf50 carries 168 bits: |x_i| < 1, so one unit in the last place is
        # at most 2^-168 ~ 2.7e-51. Measured (the CLI's digits): within 0.06
        # of 2^-167. 8 units of 2^-168 is still all of bf50's 50 digits.
        assert err < 8 * mpmath.mpf(2) ** -168, err
    # The CLI prints the same digits (same code, same precision).
    j = cli_json("instance", "--instance", "realworld")
    for i in range(3):
        assert mpf50(j["point"][i][0]) == X[i, 0]
    assert mpf50(j["h"]) == cp["h"]


def test_mpf_out_is_exact_and_round_trips():
    I = sodlift.instance("realworld", precision="bf50")
    cp = I.certify()
    # The mpf values go back in at their exact binary value: h at the
    # returned point is the h certify() computed, bit for bit.
    assert I.h(cp["X"]) == cp["h"]
    # A decimal string in is read exactly as the program reads it.
    assert I.h([["0.2234"], ["0.0918"], ["0.5985"]]) == I.h([[mpf50("0.2234")], [mpf50("0.0918")], [mpf50("0.5985")]])
    # bf100 carries more bits than bf50.
    assert sodlift.bits("bf100") > sodlift.bits("bf50") > sodlift.bits("double") == 53


def test_sod_ingredients_bf50_match_cli():
    I = sodlift.instance("realworld", precision="bf50")
    cp = I.certify()
    s = I.sod_ingredients(cp["X"])
    j = cli_json("instance", "--instance", "realworld")
    assert mpf50(j["lambda_n"]) == s["lambda_n"]
    assert mpf50(j["sigma_r"]) == s["sigma_r"]
    assert mpf50(j["E_un_un"]) == s["E_un_un"]
    for i in range(3):
        for k in range(3):
            assert mpf50(j["E"][i][k]) == s["E"][i, k]
    # §1.2: u_n is orthogonal to v_r at a critical point (to round-off).
    with mpmath.workprec(BF50_BITS):
        assert abs(s["un_dot_vr"]) < mpmath.mpf("1e-45")
    assert s["lambda_n"] < 0


def test_double_numpy_round_trip():
    I = sodlift.instance("realworld", precision="double")
    cp = I.certify()
    X = cp["X"]
    assert isinstance(X, np.ndarray) and X.dtype == np.float64 and X.shape == (3, 1)
    assert isinstance(cp["h"], float)
    # The same instance from numpy arrays: the A_i from the paper's decimals
    # (float() of a decimal is its correctly rounded double, as the program
    # reads it), so every number agrees exactly.
    A = np.array([[float(v) for v in row] for row in A_ROWS]).reshape(6, 3, 3)
    J = sodlift.dense_instance(A, np.array([[1.0], [0.0], [0.0]]), start=np.array([0.2234, 0.0918, 0.5985]),
                               precision="double")
    assert J.h(X) == I.h(X)
    np.testing.assert_array_equal(J.grad_h(X), I.grad_h(X))
    cq = J.certify()
    np.testing.assert_array_equal(cq["X"], X)
    # float32 and int arrays are accepted (converted exactly to double).
    assert J.h(X.astype(np.float32)) == J.h(X.astype(np.float32).astype(np.float64))
    # to_json / instance_from_json round trip keeps every digit.
    K = sodlift.instance_from_json(I.to_json(), precision="double")
    assert K.h(X) == I.h(X)


def test_entry_sampling_from_entries_matches_builtin_pmc():
    I = sodlift.instance("pmc", n=3, eps="0.3", precision="bf50")
    assert I.operator == "entry_sampling"
    import json
    j = json.loads(I.to_json())
    entries = [(e[0], e[1], e[2]) for e in j["entries"]]
    J = sodlift.entry_sampling_instance(3, entries, I.Z, start=I.start, precision="bf50")
    cp = I.certify()
    assert J.h(cp["X"]) == cp["h"]
    assert J.certify()["kind"] == "spurious_local_min"


@pytest.mark.parametrize("precision", ["double", "bf50", "bf100"])
def test_decimal_strings_equal_the_cli_digits(precision):
    # decimal_string() prints the exact binary value of a result correctly
    # rounded to the program's digit count: equal strings mean the value
    # crossed into Python without losing a bit.
    I = sodlift.instance("realworld", precision=precision)
    cp = I.certify()
    s = I.sod_ingredients(cp["X"])
    j = cli_json("instance", "--instance", "realworld", "--precision", precision)
    assert sodlift.decimal_string(cp["h"], precision) == j["h"]
    for i in range(3):
        assert sodlift.decimal_string(cp["X"][i, 0], precision) == j["point"][i][0]
        for k in range(3):
            assert sodlift.decimal_string(s["E"][i, k], precision) == j["E"][i][k]
    assert sodlift.decimal_string(s["lambda_n"], precision) == j["lambda_n"]
    if precision == "bf50":
        assert len(j["h"].split("e")[0].replace(".", "").lstrip("-")) == 53  # all the digits


@pytest.mark.parametrize("name", ["realworld", "pmc"])
def test_instance_files_round_trip_and_the_cli_reads_them(tmp_path, name):
    # Dense (realworld) and entry-sampling (pmc) instances written by
    # to_json() load back with every digit, and the program reads the same
    # file to the same certified h (reference: the program's own JSON).
    I = sodlift.instance(name, precision="bf50")
    f = tmp_path / (name + ".json")
    f.write_text(I.to_json())
    J = sodlift.load_instance(str(f), precision="bf50")
    assert J.operator == I.operator
    cp = J.certify()
    assert cp["h"] == I.certify()["h"]
    j = cli_json("instance", "--instance", "file", "--file", str(f))
    assert sodlift.decimal_string(cp["h"], "bf50") == j["h"]


def test_lifted_hessian_matches_the_cli():
    """Instance.lifted_hessian runs the same pipeline as `sodlift lifted hessian`:
    every decimal digit of lambda_min_sym, b^T H b and lambda_min(H|S) agrees
    in bf50 (same code, same precision), and the signs are the measured ones
    (docs/findings.md: realworld is no lifted saddle at l = 3 and is one at
    l = 9, with H|S positive definite there)."""
    import json
    import subprocess
    I = sodlift.instance("realworld", precision="bf50")
    out = subprocess.run([cli_path(), "lifted", "hessian", "--instance", "realworld", "--precision", "bf50",
                          "--l", "3", "--json"],
                         check=True, capture_output=True, text=True)
    recs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    cli3 = [r for r in recs if r.get("record") == "hessian" and r["l"] == 3][0]
    py3 = I.lifted_hessian(3)
    for key in ("lambda_min_sym", "rayleigh_b", "lambda_min_S"):
        assert mpf50(cli3[key]) == py3[key], key
    assert py3["saddle"] is False and py3["lambda_min_sym"] > 0
    py9 = I.lifted_hessian(9)
    assert py9["saddle"] is True and py9["lambda_min_sym"] < 0
    assert py9["lambda_min_S"] > 0
