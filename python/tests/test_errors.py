# Bad inputs through Python: each raises a sodlift exception whose message
# is the one line the program prints for the same input (never a crash).
import math
import os
import subprocess
import sys
import tempfile
import textwrap

import mpmath
import numpy as np
import pytest

import sodlift
from conftest import cli_error


def realworld(precision="bf50"):
    return sodlift.instance("realworld", precision=precision)


@pytest.mark.parametrize("precision", ["double", "bf50", "bf100"])
def test_bad_inputs_raise_input_error(precision):
    I = realworld(precision)
    cases = [
        lambda: I.closed_form(l=4, rho="0.1", eta="0.1", t=100),         # even l
        lambda: I.closed_form(l=3, rho="1.5", eta="0.1", t=100),         # rho outside (0, 1)
        lambda: I.closed_form(l=3, rho="abc", eta="0.1", t=100),         # not a number
        lambda: I.closed_form(l=3, rho=float("nan"), eta="0.1", t=100),  # NaN
        lambda: I.closed_form(l=3, rho=True, eta="0.1", t=100),          # bool
        lambda: I.h(np.zeros((2, 1))),                                   # wrong shape
        lambda: I.h([[1.0], [math.inf], [0.0]]),                         # Inf
        lambda: I.h(np.zeros((2, 2, 2))),                                # 3-D
        lambda: I.h([["1"], ["x"], ["0"]]),                              # bad decimal
        lambda: I.sod_ingredients(I.start, sign=2),                      # sign
        lambda: I.simulate(l=3, rho="0.1", eta="0.1", t=-1),             # negative steps
        lambda: I.lifted("xyz", l=3, rho="0.1", eta="0.1"),              # mode
        lambda: sodlift.dense_instance(np.ones((2, 3, 3)) + np.eye(3)[None] * 0 +
                                       np.arange(9.0).reshape(3, 3)[None], np.ones((3, 1)),
                                       precision=precision),               # non-symmetric A_i
        lambda: sodlift.dense_instance(np.ones((2, 3)), np.ones((3, 1)), precision=precision),  # A not 3-D
        lambda: sodlift.entry_sampling_instance(3, [(0, 5, "1")], np.ones((3, 1)), precision=precision),
        lambda: sodlift.entry_sampling_instance(3, [(0, 1)], np.ones((3, 1)), precision=precision),
        lambda: sodlift.instance("nosuch", precision=precision),
        lambda: sodlift.instance_from_json("{not json", precision=precision),
        lambda: sodlift.load_instance("/nonexistent/instance.json", precision=precision),
        lambda: sodlift.instance("realworld", precision="float16"),
        lambda: I.h([[mpmath.mpf("nan")], [0], [0]]),
    ]
    for k, f in enumerate(cases):
        with pytest.raises(sodlift.InputError) as e:
            f()
        msg = str(e.value)
        assert msg.startswith("sodlift: invalid input: "), (k, msg)
        assert "\n" not in msg, (k, msg)
        assert isinstance(e.value, ValueError) and isinstance(e.value, sodlift.Error)


def test_messages_are_the_cli_lines():
    # A precondition: basic (1.1) is a second-order saddle, not a minimum.
    B = sodlift.instance("basic", precision="bf50")
    with pytest.raises(sodlift.PreconditionError) as e:
        B.closed_form(l=3, rho="0.1", eta="0.1", t=31)
    assert str(e.value) == cli_error("closed-form", "--instance", "basic", "--l", "3", "--rho", "0.1",
                                     "--eta", "0.1", "--t", "31")
    # An instance parameter refused by core/ (pmc needs n >= 2).
    with pytest.raises(sodlift.InputError) as e:
        sodlift.instance("pmc", n=1, precision="bf50")
    assert str(e.value) == cli_error("instance", "--instance", "pmc", "--n", "1")


def test_memory_guard_raises_memory_budget_error():
    I = realworld("double")
    with pytest.raises(sodlift.MemoryBudgetError) as e:
        I.lifted("pgd", l=15, rho="0.01", eta="0.01", t=1, mem_budget=1 << 20)
    assert str(e.value).startswith("sodlift: memory budget: ")
    assert isinstance(e.value, MemoryError)


def test_lifted_hessian_bad_order_and_memory_guard():
    I = realworld("double")
    with pytest.raises(sodlift.InputError, match="lifting order must be >= 1"):
        I.lifted_hessian(0)
    with pytest.raises(sodlift.MemoryBudgetError):
        I.lifted_hessian(21, mem_budget=1000)


def test_gil_is_released_in_long_calls():
    import threading
    I = realworld("bf50")
    ticks = []
    done = threading.Event()

    def work():
        I.simulate(l=3, rho="0.01", eta="0.01", t=300000, record_every=300000)
        done.set()

    th = threading.Thread(target=work)
    th.start()
    while not done.is_set():
        ticks.append(1)
        done.wait(0.01)
    th.join()
    # The main thread ran while the simulation did (it would be starved if
    # the GIL were held for the whole call).
    assert len(ticks) >= 5


def test_ctrl_c_stops_a_long_call_with_keyboard_interrupt():
    script = textwrap.dedent("""
        import os, signal, threading, time, sodlift
        I = sodlift.instance("realworld", precision="bf50")
        threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        t0 = time.time()
        try:
            I.simulate(l=3, rho="0.01", eta="0.01", t=10**10, record_every=10**10)
            print("finished")
        except KeyboardInterrupt as e:
            print("interrupted after %.1f s: %s" % (time.time() - t0, e))
        # Python's own handler is back: a second Ctrl-C is a plain KeyboardInterrupt.
        try:
            os.kill(os.getpid(), signal.SIGINT); time.sleep(1)
        except KeyboardInterrupt:
            print("handler restored")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert "interrupted after" in out.stdout, out.stdout
    assert "handler restored" in out.stdout, out.stdout
