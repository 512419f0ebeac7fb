"""How the pages write numbers: a probability or gradient near 0 never reads as 0 beside a
nonzero number derived from it, and a confidence reads as a percentage."""

from __future__ import annotations

import numpy as np
import pytest

from xentlab.app.pages.widgets import fmt, fmt_small, percent


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (0.7054, "0.7054"),
        (0.001, "0.0010"),  # from 10⁻³ up: four decimals, two significant digits at least
        (-0.0351, "−0.0351"),
        (0.00099, "9.90e−4"),  # below 10⁻³: scientific, three significant digits
        (4.5399e-5, "4.54e−5"),
        (-2.2502e-4, "−2.25e−4"),
        (9.357e-14, "9.36e−14"),
        (0.0, "0.0000"),  # only an exact zero reads as zero
        (float("inf"), "∞"),
    ],
)
def test_fmt_small_rule(x: float, shown: str) -> None:
    assert fmt_small(x) == shown


def test_a_tiny_probability_and_its_gradient_never_contradict() -> None:
    # ŷ = 4.54e−5 at T = 0.5 has gradient ŷ/T = 9.08e−5: fmt alone writes 0.0000 and 0.0001
    p, t = 4.54e-5, 0.5
    assert (fmt(p), fmt(p / t)) == ("0.0000", "0.0001")
    assert (fmt_small(p), fmt_small(p / t)) == ("4.54e−5", "9.08e−5")
    rng = np.random.default_rng(3)
    for x in 10.0 ** rng.uniform(-300, 1, size=500) * rng.choice([-1, 1], size=500):
        shown = fmt_small(float(x))
        assert float(shown.replace("−", "-")) != 0  # a nonzero number never reads as 0
        assert float(shown.replace("−", "-")) == pytest.approx(x, rel=5e-3, abs=5e-5)


@pytest.mark.parametrize(
    ("x", "digits", "shown"),
    [(0.7, 0, "70%"), (0.99, 0, "99%"), (0.29, 0, "29%"), (0.70538, 1, "70.5%")],
)
def test_percent(x: float, digits: int, shown: str) -> None:
    assert percent(x, digits) == shown
