"""Section 2 lesson: softmax and categorical cross-entropy, checked by hand."""

import math
import re

import numpy as np
import pytest

from xentlab.lessons import softmax_ce


def _softmax(z: list[float]) -> list[float]:
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def test_reference_logits_2_1_minus1() -> None:
    view = softmax_ce.compute(softmax_ce.Inputs())
    # e² = 7.389, e¹ = 2.718, e⁻¹ = 0.368; sum 10.475 → 0.7054, 0.2595, 0.0351
    assert np.round(view.probs, 4).tolist() == [0.7054, 0.2595, 0.0351]
    # L = −ln 0.70538 = 0.34901
    assert view.loss == pytest.approx(-math.log(_softmax([2, 1, -1])[0]), abs=1e-12)
    assert round(view.loss, 4) == 0.3490
    # ∂L/∂z = ŷ − y = (0.7054 − 1, 0.2595, 0.0351)
    assert view.grad == pytest.approx([p - t for p, t in zip(view.probs, [1, 0, 0], strict=True)])
    assert (view.predicted, view.right) == (0, True)
    assert view.confidence == pytest.approx(0.70538, abs=1e-5)


def test_temperature_divides_logits_and_gradient() -> None:
    view = softmax_ce.compute(softmax_ce.Inputs(logits=(2.0, 1.0, -1.0), temperature=2.0, target=2))
    # softmax(z/2) = softmax(1, 0.5, −0.5); L = −ln ŷ₂; ∂L/∂z = (ŷ − y)/2
    p = _softmax([1.0, 0.5, -0.5])
    assert view.probs == pytest.approx(p, abs=1e-12)
    assert view.loss == pytest.approx(-math.log(p[2]), abs=1e-12)
    assert view.grad == pytest.approx([p[0] / 2, p[1] / 2, (p[2] - 1) / 2], abs=1e-12)
    assert view.right is False


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("abc", "not_a_number"),
        ("nan", "not_a_number"),
        ("1e400", "too_large"),
        ("-1e400", "too_large"),
        ("1001", "too_large"),
        ("−2.5", None),
        ("3", None),
        ("1e3", None),
    ],
)
def test_logit_problem(text: str, problem: str | None) -> None:
    assert softmax_ce.logit_problem(text) == problem


def test_from_query_accepts_a_shared_link() -> None:
    query = {"logits": "0.5,-3,4,1", "T": "0.7", "target": "3"}
    inputs, bad = softmax_ce.Inputs.from_query(query)
    assert bad == ()
    assert inputs == softmax_ce.Inputs((0.5, -3.0, 4.0, 1.0), 0.7, 3)
    assert softmax_ce.Inputs.from_query(inputs.to_query()) == (inputs, ())


@pytest.mark.parametrize(
    ("query", "bad"),
    [
        ({"logits": ",".join(["1"] * 11)}, ("logits",)),  # 11 logits: too many
        ({"logits": "1"}, ("logits",)),
        ({"logits": "1,abc,2"}, ("logits",)),
        ({"logits": "1,1e400"}, ("logits",)),
        ({"T": "0"}, ("T",)),
        ({"target": "3"}, ("target",)),  # only 3 default classes: 0, 1, 2
    ],
)
def test_from_query_falls_back_to_defaults(query: dict[str, str], bad: tuple[str, ...]) -> None:
    assert softmax_ce.Inputs.from_query(query) == (softmax_ce.Inputs(), bad)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"logits": (1.0,)}, "logits must be 2 to 10 numbers in [-1000, 1000], got (1.0,)"),
        (
            {"logits": (1.0, 2e3)},
            "logits must be 2 to 10 numbers in [-1000, 1000], got (1.0, 2000.0)",
        ),
        ({"target": 3}, "target must be a class index in [0, 3), got 3"),
        ({"target": -1}, "target must be a whole number in [0, 9], got -1"),
        ({"temperature": 0.0}, "temperature must be a number in [0.1, 5], got 0.0"),
    ],
)
def test_inputs_validate(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        softmax_ce.Inputs(**changes)
