# Issue 23: one name per concept. The number of steps is `t` in Python as
# on the command line (--t); `steps=` is the old spelling, accepted for one
# version with a DeprecationWarning, and gives the same records.
import warnings

import pytest

import sodlift


def realworld():
    return sodlift.instance("realworld", precision="double")


def test_simulate_t_and_old_steps_give_the_same_records():
    I = realworld()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # t= must not warn
        new = I.simulate(l=3, rho="0.1", eta="0.1", t=20, record_every=5)
    with pytest.warns(DeprecationWarning, match=r"steps= is the old spelling of t="):
        old = I.simulate(l=3, rho="0.1", eta="0.1", steps=20, record_every=5)
    assert [r["t"] for r in new["records"]] == [0, 5, 10, 15, 20]
    assert new["records"] == old["records"]
    # Positional, as before: the fourth argument is the number of steps.
    assert I.simulate(3, "0.1", "0.1", 20, 5)["records"] == new["records"]


def test_lifted_t_and_old_steps_give_the_same_records():
    I = realworld()
    new = I.lifted("pgd", l=3, rho="0.1", eta="0.1", t=3)
    with pytest.warns(DeprecationWarning, match=r"lifted: steps= is the old spelling"):
        old = I.lifted("pgd", l=3, rho="0.1", eta="0.1", steps=3)
    assert new["records"] == old["records"]
    assert new["records"][-1]["t"] == 3


def test_t_and_steps_together_or_neither_are_input_errors():
    I = realworld()
    with pytest.raises(sodlift.InputError, match=r"t= excludes steps="):
        I.simulate(l=3, rho="0.1", eta="0.1", t=5, steps=5)
    with pytest.raises(sodlift.InputError, match=r"simulate needs t="):
        I.simulate(l=3, rho="0.1", eta="0.1")
    with pytest.raises(sodlift.InputError, match=r"t -1: must be >= 0"):
        I.simulate(l=3, rho="0.1", eta="0.1", t=-1)


def test_deprecation_as_error_raises_instead_of_running():
    I = realworld()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        with pytest.raises(DeprecationWarning):
            I.simulate(l=3, rho="0.1", eta="0.1", steps=5)
