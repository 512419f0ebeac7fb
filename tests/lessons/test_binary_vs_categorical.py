"""Section 6 lesson: sigmoid ↔ 2-class softmax."""

import math
import re

import numpy as np
import pytest

from xentlab.course.lessons import binary_vs_categorical as bvc
from xentlab.course.sections import section


@pytest.mark.parametrize(("z", "y"), [(-6.0, 1), (-0.3, 0), (0.0, 1), (2.5, 1), (6.0, 0)])
def test_sigmoid_equals_two_class_softmax(z: float, y: int) -> None:
    view = bvc.compute(bvc.Inputs(z=z, y=y, k=2))
    p = 1 / (1 + math.exp(-z))
    assert view.sigmoid_p == pytest.approx(p, rel=1e-12)
    assert view.softmax2 == pytest.approx([1 - p, p], rel=1e-12)
    expected = -math.log(p if y == 1 else 1 - p)
    assert view.bce == pytest.approx(expected, rel=1e-12)
    assert view.ce2 == pytest.approx(expected, rel=1e-12)
    assert view.ce_k == pytest.approx(expected, rel=1e-12)
    # the two readings differ by rounding at most: the page says "same loss"
    assert view.gap == abs(view.bce - view.ce2)
    assert view.gap <= 4 * np.finfo(np.float64).eps * max(expected, 1.0)


def test_more_classes_share_the_probability() -> None:
    view = bvc.compute(bvc.Inputs(z=1.0, y=1, k=4))
    # p₁ = e / (e + 3) = 0.47537; CE = −ln p₁; uniform guess ln 4 = 1.3863
    p1 = math.e / (math.e + 3)
    assert view.probs_k == pytest.approx([(1 - p1) / 3, p1, (1 - p1) / 3, (1 - p1) / 3])
    assert view.p_true_k == pytest.approx(p1)
    assert view.ce_k == pytest.approx(-math.log(p1))
    assert view.chance_k == pytest.approx(math.log(4))
    assert np.all(np.diff(view.ce_k_curve) < 0)  # more logit, less loss for the true class 1


@pytest.mark.parametrize(("z", "k"), [(-2.0, 5), (0.5, 10), (3.0, 3)])
def test_probability_of_the_true_class_zero(z: float, k: int) -> None:
    view = bvc.compute(bvc.Inputs(z=z, y=0, k=k))
    # logits (0, z, 0, …): class 0 gets e⁰ / (e^z + K − 1)
    assert view.p_true_k == pytest.approx(1 / (math.exp(z) + k - 1), rel=1e-12)
    assert view.ce_k == pytest.approx(math.log(math.exp(z) + k - 1), rel=1e-12)


@pytest.mark.parametrize(("z", "y", "k"), [(-2.0, 1, 5), (0.5, 0, 2), (6.0, 0, 10)])
def test_bvc_view_carries_the_drawn_points(z: float, y: int, k: int) -> None:
    view = bvc.compute(bvc.Inputs(z=z, y=y, k=k))
    p = 1 / (1 + math.exp(-z))
    assert view.bce_point == (z, pytest.approx(-math.log(p if y == 1 else 1 - p), rel=1e-12))
    p_true = (math.exp(z) if y == 1 else 1.0) / (math.exp(z) + k - 1)
    assert view.ce_k_point == (z, pytest.approx(-math.log(p_true), rel=1e-12))
    assert view.k == k  # the page names the K-class curve and row with it
    i = int(np.abs(view.curve_x - z).argmin())
    assert view.curve_x[i] == pytest.approx(z)  # every slider value lies on the grid
    assert view.bce_curve[i] == pytest.approx(view.bce, rel=1e-9)
    assert view.ce_k_curve[i] == pytest.approx(view.ce_k, rel=1e-9)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"z": 9.0}, "z must be a number in [-6, 6], got 9.0"),
        ({"z": float("nan")}, "z must be a number in [-6, 6], got nan"),
        ({"y": 2}, "y must be a whole number in [0, 1], got 2"),
        ({"k": 11}, "k must be a whole number in [2, 10], got 11"),
        ({"k": 1}, "k must be a whole number in [2, 10], got 1"),
        ({"k": 3.0}, "k must be a whole number in [2, 10], got 3.0"),
    ],
)
def test_bvc_inputs_reject_what_the_controls_never_offer(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        bvc.Inputs(**changes)


@pytest.mark.parametrize(
    ("query", "expected", "bad"),
    [
        ({}, bvc.Inputs(1.0, 1, 2), ()),
        ({"z": "9", "k": "11"}, bvc.Inputs(), ("z", "k")),
        ({"z": "abc", "y": "0"}, bvc.Inputs(y=0), ("z",)),
        ({"k": "3.5"}, bvc.Inputs(), ("k",)),
        ({"z": "-2.34", "k": "7"}, bvc.Inputs(z=-2.3, k=7), ()),  # snapped to the 0.1 step
        ({"z": "−1.5"}, bvc.Inputs(z=-1.5), ()),  # a true minus sign reads as one
    ],
)
def test_bvc_from_query(query: dict[str, str], expected: bvc.Inputs, bad: tuple[str, ...]) -> None:
    assert bvc.Inputs.from_query(query) == (expected, bad)


def test_bvc_link_round_trip() -> None:
    inputs = bvc.Inputs(z=-2.3, y=0, k=7)
    assert inputs.to_query() == {"z": "-2.3", "y": "0", "k": "7"}
    assert bvc.Inputs.from_query(inputs.to_query()) == (inputs, ())


@pytest.mark.parametrize(
    ("z", "y", "k", "same"),
    [(1.0, 1, 2, True), (-4.0, 0, 2, True), (1.0, 1, 3, False), (0.0, 0, 10, False)],
)
def test_bvc_says_when_the_curves_coincide(z: float, y: int, k: int, same: bool) -> None:
    view = bvc.compute(bvc.Inputs(z=z, y=y, k=k))
    # K = 2 is the binary case itself; with K ≥ 3 classes the curves part: at z = 0 the binary
    # loss is ln 2 = 0.6931 and the K-class loss ln K (ln 3 = 1.0986)
    assert view.curves_coincide is same
    i = int(np.abs(view.curve_x).argmin())
    assert view.curve_x[i] == 0.0
    assert view.bce_curve[i] == pytest.approx(math.log(2), rel=1e-12)
    assert view.ce_k_curve[i] == pytest.approx(math.log(k), rel=1e-12)


def test_the_properties_table_compares_the_six_properties() -> None:
    table = section("binary_vs_categorical").content()["properties"]
    assert len(table["head"]) == 3
    names = [row[0] for row in table["rows"]]
    assert names == [
        "Output layer",
        "Label format",
        "Number of outputs",
        "Loss",
        "Gradient at the logits",
        "Typical use",
    ]
    assert all(len(row) == 3 and all(cell.strip() for cell in row) for row in table["rows"])
    output, _, _, loss, gradient, _ = table["rows"]
    assert "sigmoid" in output[1] and "softmax" in output[2]
    assert "ŷ − y" in gradient[1] and "ŷᵢ − yᵢ" in gradient[2]
    assert "ln ŷ" in loss[1] and "ln ŷ" in loss[2]
