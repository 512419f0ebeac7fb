"""Section 2 lesson: softmax and categorical cross-entropy, checked by hand."""

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from xentlab.course.lessons import softmax_ce
from xentlab.course.sections import section


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


def test_a_class_index_and_a_one_hot_target_give_the_same_loss() -> None:
    rng = np.random.default_rng(20)
    for _ in range(50):
        k = int(rng.integers(2, 11))
        logits = tuple(float(z) for z in np.round(rng.normal(0, 5, size=k), 2))
        t = float(np.round(rng.uniform(0.1, 5.0), 1))
        target = int(rng.integers(0, k))
        view = softmax_ce.compute(softmax_ce.Inputs(logits, t, target))
        assert view.loss_one_hot == view.loss  # the zeros of the one-hot vector add nothing
        # PyTorch's CrossEntropyLoss, once with the class index and once with a probability target
        z = torch.tensor([logits], dtype=torch.float64) / t
        by_index = F.cross_entropy(z, torch.tensor([target]))
        by_vector = F.cross_entropy(z, F.one_hot(torch.tensor([target]), k).double())
        assert view.loss == pytest.approx(float(by_index), rel=1e-12)
        assert view.loss_one_hot == pytest.approx(float(by_vector), rel=1e-12)
        np.testing.assert_array_equal(view.one_hot, np.eye(k)[target])


@pytest.mark.parametrize(
    ("temperature", "target", "form"),
    [(1.0, 0, "plain"), (1.0, 2, "plain"), (2.0, 1, "tempered"), (0.3, 0, "tempered")],
)
def test_view_carries_the_worked_substitution(temperature: float, target: int, form: str) -> None:
    view = softmax_ce.compute(softmax_ce.Inputs(temperature=temperature, target=target))
    assert (view.target, view.temperature, view.worked_form) == (target, temperature, form)
    # ŷ of the true class, from softmax(z / T) written out; L = −ln of it
    p = _softmax([z / temperature for z in (2.0, 1.0, -1.0)])[target]
    assert view.p_true == pytest.approx(p, rel=1e-12)
    assert view.loss == pytest.approx(-math.log(p), rel=1e-12)


@pytest.mark.parametrize(
    ("logits", "temperature", "target", "bound"),
    [
        # T = 1: the largest |ŷ − y| is 1 − 0.7054 = 0.2946, inside the default ±1
        ((2.0, 1.0, -1.0), 1.0, 0, 1.0),
        # softmax(4, 2, −2) = (0.8789, 0.1189, 0.0022); |(0.0022 − 1)/0.5| = 1.9956 → 2
        ((2.0, 1.0, -1.0), 0.5, 2, 2.0),
        # z/0.7 = (2.857, 1.429, −1.429): e^… = (17.41, 4.173, 0.240), sum 21.82, ŷ₂ = 0.0110;
        # |(0.0110 − 1)/0.7| = 1.413 → 1.5
        ((2.0, 1.0, -1.0), 0.7, 2, 1.5),
        # softmax(20, 10, −10)₁ = e⁻¹⁰ = 4.5e−5; |(4.5e−5 − 1)/0.1| = 9.9995 → 10
        ((2.0, 1.0, -1.0), 0.1, 1, 10.0),
    ],
)
def test_gradient_axis_ends_on_a_multiple_of_one_half(
    logits: tuple[float, ...], temperature: float, target: int, bound: float
) -> None:
    view = softmax_ce.compute(softmax_ce.Inputs(logits, temperature, target))
    assert (view.grad_bound, view.grad_step) == (bound, bound / 2)
    assert np.abs(view.grad).max() <= view.grad_bound


def test_the_opening_cat_and_dog_example() -> None:
    view = softmax_ce.compute(softmax_ce.Inputs())
    assert view.example_probs == softmax_ce.EXAMPLE == (0.8, 0.2)
    # label cat, y = (1, 0): L = −ln 0.8 = 0.2231; answered (0.2, 0.8): −ln 0.2 = 1.6094
    assert view.example_loss == pytest.approx(-math.log(0.8), rel=1e-12)
    assert view.example_flipped_loss == pytest.approx(-math.log(0.2), rel=1e-12)
    assert (round(view.example_loss, 4), round(view.example_flipped_loss, 4)) == (0.2231, 1.6094)
    # PyTorch with probability targets: the log of the probabilities as log-softmax input
    p, y = torch.tensor([[0.8, 0.2]], dtype=torch.float64), torch.tensor([[1.0, 0.0]])
    assert view.example_loss == pytest.approx(float(F.cross_entropy(p.log(), y)), rel=1e-12)


def test_content_templates_name_what_the_view_fills_in() -> None:
    c = section("softmax_ce").content()

    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    assert names(c["worked"]["plain"]) == {"c", "p", "loss"}
    assert names(c["worked"]["tempered"]) == {"c", "t", "p", "loss"}
    assert names(c["example"]["text"]) == {"cat", "dog", "loss", "flipped"}
    assert names(c["labels"]["sparse_call"]) == {"c"}
    assert names(c["labels"]["dense_call"]) == {"one_hot"}
