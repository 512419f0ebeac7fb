"""Section 1 lesson: reference values of the design, worked out by hand with math.log."""

import math
import re

import pytest

from xentlab.course.lessons import bce
from xentlab.course.sections import section


def test_reference_point_yhat_070_y_1() -> None:
    view = bce.compute(bce.Inputs(yhat=0.70, y=1))
    # L = −ln 0.7 = 0.35667
    assert view.loss == pytest.approx(-math.log(0.7), abs=1e-12)
    assert round(view.loss, 4) == 0.3567
    # dL/dŷ = −y/ŷ = −1/0.7 = −1.42857
    assert view.dloss_dyhat == pytest.approx(-1 / 0.7, abs=1e-12)
    assert round(view.dloss_dyhat, 4) == -1.4286
    # z = ln(0.7/0.3); dL/dz = ŷ − y = −0.3
    assert view.logit == pytest.approx(math.log(0.7 / 0.3), abs=1e-12)
    assert view.dloss_dlogit == pytest.approx(-0.3, abs=1e-12)
    assert (view.predicted, view.confidence, view.verdict) == (1, 0.7, "right_unsure")


@pytest.mark.parametrize(
    ("yhat", "expected"),
    [
        (0.9, 0.1054),  # −ln 0.9 = 0.10536
        (0.01, 4.6052),  # slider minimum: −ln 0.01 = 2 ln 10 = 4.60517
        (0.99, 0.0101),  # slider maximum: −ln 0.99 = 0.01005
    ],
)
def test_loss_when_label_is_one(yhat: float, expected: float) -> None:
    view = bce.compute(bce.Inputs(yhat=yhat, y=1))
    assert view.loss == pytest.approx(-math.log(yhat), rel=1e-12)
    assert round(view.loss, 4) == expected


@pytest.mark.parametrize("yhat", [0.01, 0.3, 0.99])
def test_label_zero_uses_the_other_branch(yhat: float) -> None:
    view = bce.compute(bce.Inputs(yhat=yhat, y=0))
    # L = −ln(1 − ŷ); dL/dŷ = 1/(1 − ŷ); dL/dz = ŷ − 0
    assert view.loss == pytest.approx(-math.log(1 - yhat), rel=1e-12)
    assert view.dloss_dyhat == pytest.approx(1 / (1 - yhat), rel=1e-12)
    assert view.dloss_dlogit == pytest.approx(yhat, rel=1e-12)


@pytest.mark.parametrize(
    ("yhat", "y", "key"),
    [
        (0.95, 1, "right_confident"),
        (0.70, 1, "right_unsure"),
        (0.30, 1, "wrong_unsure"),
        (0.01, 1, "wrong_confident"),
        (0.99, 0, "wrong_confident"),
        (0.05, 0, "right_confident"),
        (0.50, 1, "undecided"),
    ],
)
def test_verdicts(yhat: float, y: int, key: str) -> None:
    assert bce.compute(bce.Inputs(yhat=yhat, y=y)).verdict == key


def test_curves_are_the_two_branches() -> None:
    view = bce.compute(bce.Inputs())
    x = view.curve_x
    assert x[0] == 0.01 and x[-1] == 0.99
    assert view.curve_if_1[0] == pytest.approx(-math.log(0.01))
    assert view.curve_if_0[-1] == pytest.approx(-math.log(0.01))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # the design's ŷ = 0.001 lies outside the slider: the library's worked numbers hold it
        ({"yhat": 0.001}, "yhat must be a number in [0.01, 0.99], got 0.001"),
        ({"yhat": 1.5}, "yhat must be a number in [0.01, 0.99], got 1.5"),
        ({"yhat": "0.5"}, "yhat must be a number in [0.01, 0.99], got '0.5'"),
        ({"y": 2}, "y must be a whole number in [0, 1], got 2"),
        ({"y": True}, "y must be a whole number in [0, 1], got True"),
    ],
)
def test_inputs_reject_what_the_controls_never_offer(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        bce.Inputs(**changes)


@pytest.mark.parametrize(
    ("query", "expected", "bad"),
    [
        ({"yhat": "0.35", "y": "0"}, bce.Inputs(0.35, 0), ()),
        ({}, bce.Inputs(), ()),
        ({"yhat": "abc"}, bce.Inputs(), ("yhat",)),
        ({"yhat": "5"}, bce.Inputs(), ("yhat",)),
        ({"yhat": "nan", "y": "7"}, bce.Inputs(), ("yhat", "y")),
        ({"yhat": "0.123"}, bce.Inputs(0.12, 1), ()),  # snapped to the slider's 0.01 step
    ],
)
def test_from_query(query: dict[str, str], expected: bce.Inputs, bad: tuple[str, ...]) -> None:
    assert bce.Inputs.from_query(query) == (expected, bad)


def test_query_round_trip() -> None:
    inputs = bce.Inputs(yhat=0.37, y=0)
    assert bce.Inputs.from_query(inputs.to_query()) == (inputs, ())


@pytest.mark.parametrize(("yhat", "y"), [(0.2, 0), (0.2, 1), (0.85, 0)])
def test_view_carries_the_drawn_point(yhat: float, y: int) -> None:
    view = bce.compute(bce.Inputs(yhat=yhat, y=y))
    # the point sits at x = ŷ on the curve of the true label: −ln ŷ (y = 1) or −ln(1 − ŷ)
    expected = -math.log(yhat if y == 1 else 1 - yhat)
    assert view.point == (yhat, pytest.approx(expected, rel=1e-12))
    assert view.y == y


@pytest.mark.parametrize(
    ("yhat", "y", "p_true", "form"),
    [
        (0.70, 1, 0.70, "if_1"),  # L = −ln(0.70)
        (0.30, 0, 0.70, "if_0"),  # L = −ln(1 − 0.30) = −ln(0.70)
        (0.99, 0, 0.01, "if_0"),  # L = −ln(1 − 0.99) = −ln(0.01) = 4.6052
        (0.01, 1, 0.01, "if_1"),
    ],
)
def test_view_carries_the_worked_substitution(
    yhat: float, y: int, p_true: float, form: str
) -> None:
    view = bce.compute(bce.Inputs(yhat=yhat, y=y))
    assert view.p_true == pytest.approx(p_true, abs=1e-15)
    assert view.worked_form == form
    # the substitution's last step is the loss itself: −ln(p_true) = L
    assert -math.log(view.p_true) == pytest.approx(view.loss, rel=1e-12)


def test_content_holds_the_substitution_and_the_slider_ends_for_both_labels() -> None:
    c = section("bce").content()
    for form in ("if_1", "if_0"):
        assert {"{p}", "{loss}"} <= set(re.findall(r"\{\w+\}", c["worked"][form]))
    assert "{yhat}" in c["worked"]["if_0"]  # the y = 0 form shows 1 − ŷ with ŷ filled in
    # left end (ŷ = 0.01), middle, right end (ŷ = 0.99): a wrong guess sits where ŷ is far from y
    assert c["slider_ends"]["if_1"][0] == c["slider_ends"]["if_0"][2] == "very wrong"
    assert c["slider_ends"]["if_1"][2] == c["slider_ends"]["if_0"][0] == "correct"
