# Shared helpers of the Python tests (ctest `python:*`, python/CMakeLists.txt):
# PYTHONPATH points at <build>/python, SODLIFT_CLI at the built program.
import json
import os
import subprocess

import mpmath
import pytest

import sodlift

BF50_BITS = sodlift.bits("bf50")


def cli_path():
    p = os.environ.get("SODLIFT_CLI")
    if not p or not os.path.exists(p):
        pytest.skip("SODLIFT_CLI is not set to the built program (run through ctest)")
    return p


def cli_json(*args):
    """`sodlift <args> --json`, parsed."""
    out = subprocess.run([cli_path(), *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def cli_error(*args):
    """The one line `sodlift <args>` prints for a bad input (exit 2)."""
    out = subprocess.run([cli_path(), *args], capture_output=True, text=True)
    assert out.returncode == 2, out
    lines = out.stderr.strip().split("\n")
    assert len(lines) == 1, out.stderr
    return lines[0]


def mpf50(x):
    """A decimal string or mpf as an mpf at bf50's 168 bits."""
    with mpmath.workprec(BF50_BITS):
        return mpmath.mpf(x)
