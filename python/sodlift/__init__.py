"""sodlift: reference validation of the Simulated Oracle Direction (SOD) escape
of low-rank matrix sensing (arXiv:2602.05887), from Python.

The same library as the `sodlift` program (docs/api.md): instances of (P1)
h(X) = 1/2 ||A(XX^T) - b||^2, certified critical points (§1.1, App. C), SOD
ingredients (§1.2, §3), the paper's closed form (Def. 4.3, (4.4)-(4.11),
(5.8), Prop. 5.4, (5.13)-(5.18)), GD -> SOD -> GD, exact projected GD in
S = span{a, b, c} (Algorithm 1 steps 1.1-1.2) and explicit lifting.

Precision (``precision=`` when an instance is made; default "bf50" as in the
program):

* ``"double"``: numbers are Python floats, arrays are numpy float64 arrays.
* ``"bf50"``, ``"bf100"`` (50 and 100 decimal digits): every number returned
  is an ``mpmath.mpf`` holding the EXACT binary value of the result (its
  precision is the scalar's: 168 bits for bf50, 334 for bf100), arrays are
  numpy arrays of dtype object holding mpf. A float is never returned. For
  arithmetic at that precision set ``mpmath.mp.prec = sodlift.bits("bf50")``
  (mpmath computes at mp.prec). Inputs may be decimal strings (read
  exactly, as the program reads its flags), ints, mpf (their binary value,
  rounded once) or floats (through their shortest repr: 0.3 is the decimal
  0.3).

Errors raise :class:`InputError` (a ValueError), :class:`PreconditionError`
or :class:`MemoryBudgetError` (a MemoryError), all subclasses of
:class:`Error`; the message is the one line the program prints for the same
input. Long calls release the GIL; Ctrl-C stops them with KeyboardInterrupt.

Example::

    import sodlift
    I = sodlift.instance("realworld", precision="bf50")
    cp = I.certify()                       # refine + certify from the start
    cp["kind"], cp["X"]                    # 'spurious_local_min', 3x1 mpf array
    cf = I.closed_form(l=5, rho="0.1", eta="0.1", t=100000)
    cf["multi"]["beta_t"], cf["multi"]["gamma"]["point"]
    sim = I.simulate(l=3, rho="0.01", eta="0.01", t=100, record_every=10)
    sodlift.records_dataframe("runs/toy")  # a study's records (pandas)

Instance methods: h, grad_h, isometry_bound, certify, sod_ingredients,
closed_form, escape, simulate, lifted, lifted_hessian (not yet in lifted/),
to_json. See help(sodlift.Instance).
"""

import glob as _glob
import json as _json
import os as _os

from . import _sodlift
from ._sodlift import Error, InputError, MemoryBudgetError, PreconditionError

__all__ = [
    "PRECISIONS", "Instance", "Error", "InputError", "PreconditionError", "MemoryBudgetError",
    "instance", "dense_instance", "entry_sampling_instance", "load_instance", "instance_from_json",
    "bits", "decimal_string", "load_records", "records_dataframe",
]

#: The precisions this module is built for.
PRECISIONS = ("double", "bf50", "bf100")

#: The Instance classes, one per precision (sodlift.Instance is a tuple of them
#: for isinstance checks).
Instance = tuple(getattr(_sodlift, p).Instance for p in PRECISIONS)


def _scalar(precision):
    if precision not in PRECISIONS:
        raise InputError("sodlift: invalid input: precision '%s': use one of %s"
                         % (precision, ", ".join(PRECISIONS)))
    return getattr(_sodlift, precision)


def bits(precision):
    """Binary digits of the significand of `precision` (53, 168, 334)."""
    return _scalar(precision).bits


def decimal_string(x, precision):
    """All the digits of a result, formatted as the program prints it
    (``d.ddd...e+XX``: std::scientific with max_digits10 digits after the
    point, i.e. 18 significant digits for double, 53 for bf50, 103 for
    bf100), correctly rounded from the exact binary value, so that it can be
    compared with the program's JSON as a string. The same digits whatever
    ``mpmath.mp.prec`` is."""
    import decimal
    import mpmath
    n = 18 if precision == "double" else _scalar(precision).digits10 + 3
    if isinstance(x, float):
        if x != x or x in (float("inf"), float("-inf")):
            return repr(x)
        exact = decimal.Decimal(x)  # exact
    else:
        if not isinstance(x, mpmath.mpf):
            raise InputError("sodlift: invalid input: decimal_string: expected a float or mpmath.mpf, "
                             "got %s" % type(x).__name__)
        if not mpmath.isfinite(x):
            return str(x)
        sign, man, exp, _ = x._mpf_
        man = int(man)
        if exp >= 0:
            exact = decimal.Decimal(man << exp)
        else:
            # man 2^exp = man 5^-exp 10^exp, exactly (no context rounding)
            exact = decimal.Decimal((0, tuple(map(int, str(man * 5 ** (-exp)))), exp))
        if sign:
            exact = exact.copy_negate()
    if exact == 0:
        return ("-" if exact.is_signed() else "") + "0." + "0" * (n - 1) + "e+00"
    ctx = decimal.Context(prec=n, rounding=decimal.ROUND_HALF_EVEN, Emax=10**9, Emin=-10**9)
    d = ctx.plus(exact)
    t = d.as_tuple()
    digits = "".join(map(str, t.digits)).ljust(n, "0")[:n]
    return "%s%s.%se%s%02d" % ("-" if t.sign else "", digits[0], digits[1:],
                              "-" if d.adjusted() < 0 else "+", abs(d.adjusted()))


def instance(name="realworld", *, n=3, eps="0.3", m=0, r=1, seed=1, start=None,
             precision="bf50", mem_budget=0):
    """A built-in instance, as ``sodlift --instance NAME``: 'basic' (1.1),
    'realworld' (App. C.2), 'pmc' (App. C.1: perturbed matrix completion,
    n and eps, entry sampling), 'gaussian' (§4.3: m Gaussian measurements,
    default 5n, rank r, seed). start: an n x r start point (default: the
    paper's spurious neighbourhood). mem_budget in bytes (0: half the
    available memory)."""
    return _scalar(precision).builtin(name, int(n), str(eps), int(m), int(r), int(seed), start,
                                      int(mem_budget))


def dense_instance(A, Z, start=None, *, name="user", precision="bf50", mem_budget=0):
    """(P1) with a dense operator: A is m x n x n (symmetric A_i, checked),
    Z is the n x r* ground truth (b = A(ZZ^T)); start an optional n x r
    start point for certify()/escape()."""
    return _scalar(precision).from_arrays(A, Z, start, name, int(mem_budget))


def entry_sampling_instance(n, entries, Z, start=None, *, name="user", precision="bf50",
                            mem_budget=0):
    """(P1) with an entry-sampling operator on n x n matrices: entries is a
    list of (i, j, w), 0-based, A_k = w (e_i e_j^T + e_j e_i^T)/2, so that
    <A_k, M> = w M_ij (README "Instance files"; App. C.1's PMC is one)."""
    return _scalar(precision).from_entries(int(n), entries, Z, start, name, int(mem_budget))


def instance_from_json(text, *, precision="bf50", mem_budget=0):
    """An instance from JSON text or a dict in the format of
    ``sodlift instance --save`` (every number a decimal string)."""
    if not isinstance(text, str):
        text = _json.dumps(text)
    return _scalar(precision).from_json(text, int(mem_budget))


def load_instance(path, *, precision="bf50", mem_budget=0):
    """An instance from a JSON file (``--instance file --file PATH``)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise InputError("sodlift: invalid input: instance file '%s': %s; pass a readable JSON "
                         "file written by `sodlift instance --save`" % (path, e.strerror)) from None
    return instance_from_json(text, precision=precision, mem_budget=mem_budget)


def _record_files(path):
    if _os.path.isfile(path):
        return [path]
    if not _os.path.isdir(path):
        raise InputError("sodlift: invalid input: records '%s': no such file or directory; pass a "
                         "study's output directory (sodlift study ... --out DIR) or a .jsonl file" % path)
    files = sorted(_glob.glob(_os.path.join(path, "records*.jsonl")))
    if not files:
        files = sorted(_glob.glob(_os.path.join(path, "shards", "*", "records*.jsonl")))
    if not files:
        raise InputError("sodlift: invalid input: records '%s': no records*.jsonl in it; pass a "
                         "study's output directory" % path)
    return files


def load_records(path):
    """The records of a study (docs/studies.md) as a list of dicts, one per
    JSON Lines record of ``records*.jsonl`` in the directory `path` (or of the
    file `path`), in file order. Numbers stay as the records hold them
    (decimal strings stay strings). A torn last line (a run killed
    mid-write) is skipped, as the runner does on --resume."""
    out = []
    for fn in _record_files(path):
        with open(fn, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for k, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                out.append(_json.loads(line))
            except ValueError:
                if k == len(lines) - 1:  # unterminated last line: a torn write
                    continue
                raise InputError("sodlift: invalid input: %s line %d is not JSON; the records file is "
                                 "damaged (rerun the study with --resume)" % (fn, k + 1)) from None
    return out


def records_dataframe(path):
    """load_records(path) as a pandas DataFrame, nested fields flattened
    with '.' (``result.success``, ``timing.trial_wall_seconds``). Needs pandas."""
    try:
        import pandas
    except ImportError:
        raise ImportError("records_dataframe needs pandas (Debian: python3-pandas); "
                          "load_records() returns the same records as a list of dicts") from None
    return pandas.json_normalize(load_records(path))
