"""Section 3 lesson: cross-entropy against squared error, values and gradients by hand."""

import math
import re
from types import ModuleType

import numpy as np
import pytest

from support.lessons import slider_values
from xentlab.course.lessons import ce_vs_mse, slow_mse


def test_reference_point_yhat_070_y_1() -> None:
    view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=0.7, y=1))
    # CE = −ln 0.7 = 0.3567; MSE = (0.7 − 1)² = 0.09; dMSE/dŷ = 2(0.7 − 1) = −0.6
    assert round(view.ce, 4) == 0.3567
    assert view.mse == pytest.approx(0.09, abs=1e-12)
    assert view.dmse_dyhat == pytest.approx(-0.6, abs=1e-12)
    assert view.dce_dyhat == pytest.approx(-1 / 0.7, abs=1e-12)
    # at the logit: CE gives ŷ − y = −0.3; MSE gives −0.6 · 0.7 · 0.3 = −0.126
    assert view.dce_dz == pytest.approx(-0.3, abs=1e-12)
    assert view.dmse_dz == pytest.approx(-0.126, abs=1e-12)


@pytest.mark.parametrize(("yhat", "y"), [(0.01, 1), (0.99, 1), (0.01, 0), (0.99, 0)])
def test_edges(yhat: float, y: int) -> None:
    view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=yhat, y=y))
    p_true = yhat if y == 1 else 1 - yhat
    assert view.ce == pytest.approx(-math.log(p_true), rel=1e-12)
    assert view.mse == pytest.approx((yhat - y) ** 2, rel=1e-12)
    assert view.dmse_dz == pytest.approx(2 * (yhat - y) * yhat * (1 - yhat), rel=1e-9)


def test_gradients_at_the_logit_on_random_slider_values() -> None:
    rng = np.random.default_rng(3)
    for yhat, y in zip(slider_values(rng, 40), rng.integers(0, 2, size=40), strict=True):
        view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=yhat, y=int(y)))
        # ∂CE/∂z = ŷ − y; ∂MSE/∂z = 2(ŷ − y) · ŷ(1 − ŷ), the chain rule through σ
        assert view.dce_dz == pytest.approx(yhat - y, rel=1e-9, abs=1e-15)
        assert view.dmse_dz == pytest.approx(2 * (yhat - y) * yhat * (1 - yhat), rel=1e-9)


@pytest.mark.parametrize(("yhat", "y"), [(0.2, 0), (0.2, 1), (0.85, 0)])
def test_ce_vs_mse_view_carries_the_drawn_points(yhat: float, y: int) -> None:
    view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=yhat, y=y))
    # both points sit at x = ŷ: CE = −ln of the probability of the true label, MSE = (ŷ − y)²
    p_true = yhat if y == 1 else 1 - yhat
    assert view.ce_point == (yhat, pytest.approx(-math.log(p_true), rel=1e-12))
    assert view.mse_point == (yhat, pytest.approx((yhat - y) ** 2, rel=1e-12))
    i = int(np.abs(view.curve_x - yhat).argmin())
    assert view.curve_x[i] == pytest.approx(yhat)  # every slider value lies on the grid
    assert view.ce_curve[i] == pytest.approx(view.ce, rel=1e-9)
    assert view.mse_curve[i] == pytest.approx(view.mse, rel=1e-9)


@pytest.mark.parametrize("lesson", [ce_vs_mse, slow_mse], ids=["ce_vs_mse", "slow_mse"])
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"yhat": 1.5}, "yhat must be a number in [0.01, 0.99], got 1.5"),
        ({"yhat": 0.0}, "yhat must be a number in [0.01, 0.99], got 0.0"),
        ({"yhat": "0.5"}, "yhat must be a number in [0.01, 0.99], got '0.5'"),
        ({"y": 2}, "y must be a whole number in [0, 1], got 2"),
        ({"y": False}, "y must be a whole number in [0, 1], got False"),
    ],
)
def test_inputs_reject_what_the_controls_never_offer(
    lesson: ModuleType, changes: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        lesson.Inputs(**changes)


@pytest.mark.parametrize(
    ("query", "expected", "bad"),
    [
        ({"yhat": "0.35", "y": "0"}, ce_vs_mse.Inputs(0.35, 0), ()),
        ({}, ce_vs_mse.Inputs(), ()),
        ({"yhat": "1e400"}, ce_vs_mse.Inputs(), ("yhat",)),
        ({"yhat": "abc", "y": "7"}, ce_vs_mse.Inputs(), ("yhat", "y")),
        ({"yhat": "0.123"}, ce_vs_mse.Inputs(0.12, 1), ()),  # snapped to the slider's step
    ],
)
def test_ce_vs_mse_from_query(
    query: dict[str, str], expected: ce_vs_mse.Inputs, bad: tuple[str, ...]
) -> None:
    assert ce_vs_mse.Inputs.from_query(query) == (expected, bad)


@pytest.mark.parametrize("lesson", [ce_vs_mse, slow_mse], ids=["ce_vs_mse", "slow_mse"])
def test_query_round_trip(lesson: ModuleType) -> None:
    inputs = lesson.Inputs(yhat=0.37, y=0)
    assert inputs.to_query() == {"yhat": "0.37", "y": "0"}
    assert lesson.Inputs.from_query(inputs.to_query()) == (inputs, ())
