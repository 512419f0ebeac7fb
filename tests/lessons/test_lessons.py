"""What every lesson shares: its link round trip, bad links naming their keys, inputs the
controls never offer refused, and the inputs one section declares like another."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xentlab.course.lessons import (
    applications,
    bce,
    ce_vs_mse,
    entropy_kl,
    imbalance,
    landscape,
    slow_mse,
    stability,
    wrong_code,
)
from xentlab.course.lessons._common import YHAT


def test_both_sections_declare_section_ones_inputs() -> None:
    # the same ŷ slider and label switch; section 4 only starts at a wrong prediction
    assert ce_vs_mse.Inputs.params() == bce.Inputs.params()
    (yhat, y) = slow_mse.Inputs.params()
    assert (yhat.name, yhat.key, yhat.spec, yhat.default) == ("yhat", "yhat", YHAT, 0.2)
    assert y == bce.Inputs.param("y")


MODULES = [entropy_kl, wrong_code, landscape, stability, imbalance, applications]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_defaults_round_trip_through_the_url(module: Any) -> None:
    inputs, bad = module.Inputs.from_query({})
    assert bad == ()
    again, bad = module.Inputs.from_query(inputs.to_query())
    assert again == inputs and bad == ()
    module.compute(inputs)


@pytest.mark.parametrize(
    ("module", "query", "bad_keys"),
    [
        (entropy_kl, {"p": "abc", "q": "0.5,0.5"}, ("p", "q")),
        (entropy_kl, {"p": "0.5,0.5", "q": "1,1,1"}, ("p", "q")),
        (entropy_kl, {"p": "0,0", "q": "1,1"}, ("p", "q")),
        (entropy_kl, {"unit": "hartleys"}, ("unit",)),
        (wrong_code, {"src": "Klingon"}, ("src",)),
        (wrong_code, {"text": "x" * 3000}, ("text",)),
        (landscape, {"p": "5", "q": "nan"}, ("p", "q")),
        (stability, {"s": "9", "k": "1e400"}, ("s", "k")),
        (stability, {"s": "-0.5", "k": "50.5"}, ("s", "k")),
        (stability, {"k": "0"}, ("k",)),
        (imbalance, {"counts": "10,0.5"}, ("counts",)),
        (imbalance, {"counts": "1,2,3,4,5,6,7"}, ("counts",)),
        (
            imbalance,
            {"counts": "100,0", "gamma": "6", "alpha": "x", "eps": "0.6", "pt": "0"},
            ("counts", "gamma", "alpha", "eps", "pt"),
        ),
        (applications, {"T": "-1", "unit": "x"}, ("unit", "T")),
        (applications, {"ce": "12.5", "unit": "Bits"}, ("ce", "unit")),
        (applications, {"teacher": "1,abc", "student": "1e400,0"}, ("teacher", "student")),
        (applications, {"student": "1,2,3"}, ("student",)),  # the default teacher has 4 classes
        (applications, {"teacher": "1,2", "student": "1,2,3"}, ("teacher", "student")),
        (applications, {"teacher": "5"}, ("teacher",)),  # one logit: not 2 to 10
    ],
)
def test_bad_query_values_give_defaults_and_name_the_keys(
    module: Any, query: dict[str, str], bad_keys: tuple[str, ...]
) -> None:
    inputs, bad = module.Inputs.from_query(query)
    assert sorted(bad) == sorted(bad_keys)
    defaults = module.Inputs()
    for key in bad_keys:
        field = {"src": "source", "s": "log_scale", "eps": "smoothing", "T": "temperature"}.get(
            key, key
        )
        assert getattr(inputs, field) == getattr(defaults, field)


@pytest.mark.parametrize(
    ("module", "changes", "message"),
    [
        (entropy_kl, {"p": (1.0,)}, "p must be 2 to 8 numbers in [0, 1], got (1.0,)"),
        (
            entropy_kl,
            {"q": (0.5, 2.0, 0.5, 0.5)},
            "q must be 2 to 8 numbers in [0, 1], got (0.5, 2.0, 0.5, 0.5)",
        ),
        (
            entropy_kl,
            {"p": [0.5, 0.5, 0.5, 0.5]},
            "p must be 2 to 8 numbers in [0, 1], got [0.5, 0.5, 0.5, 0.5]",
        ),
        (
            entropy_kl,
            {"p": (0.0, 0.0, 0.0, 0.0)},
            "p must have a positive total weight, got (0.0, 0.0, 0.0, 0.0)",
        ),
        (
            entropy_kl,
            {"p": (1.0, 1.0)},
            "p and q must have the same number of outcomes, got 2 and 4",
        ),
        (entropy_kl, {"unit": "hartleys"}, "unit must be one of bits, nats, got 'hartleys'"),
        (
            wrong_code,
            {"source": "Klingon"},
            "source must be one of English, French, German, Spanish, got 'Klingon'",
        ),
        (
            wrong_code,
            {"code": "english"},
            "code must be one of English, French, German, Spanish, got 'english'",
        ),
        (
            wrong_code,
            {"text": "x" * 2001},
            "text must be a text of at most 2000 characters, got a text of 2001 characters",
        ),
        (wrong_code, {"text": None}, "text must be a text of at most 2000 characters, got None"),
        (landscape, {"p": 1.5}, "p must be a number in [0.01, 0.99], got 1.5"),
        (landscape, {"q": 0}, "q must be a number in [0.01, 0.99], got 0"),
        (landscape, {"q": "0.5"}, "q must be a number in [0.01, 0.99], got '0.5'"),
        (stability, {"log_scale": 4.5}, "log_scale must be a number in [0, 4], got 4.5"),
        (stability, {"k": 0}, "k must be a whole number in [1, 400], got 0"),
        (stability, {"k": 50.0}, "k must be a whole number in [1, 400], got 50.0"),
        (
            imbalance,
            {"counts": (900,)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900,)",
        ),
        (
            imbalance,
            {"counts": (900, 0)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900, 0)",
        ),
        (
            imbalance,
            {"counts": (900, 2.5)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900, 2.5)",
        ),
        (imbalance, {"gamma": 5.5}, "gamma must be a number in [0, 5], got 5.5"),
        (imbalance, {"alpha": -0.05}, "alpha must be a number in [0, 1], got -0.05"),
        (imbalance, {"smoothing": 0.6}, "smoothing must be a number in [0, 0.5], got 0.6"),
        (imbalance, {"pt": 1.0}, "pt must be a number in [0.01, 0.99], got 1.0"),
        (applications, {"ce": 12.5}, "ce must be a number in [0, 12], got 12.5"),
        (applications, {"unit": "hartleys"}, "unit must be one of nats, bits, got 'hartleys'"),
        (
            applications,
            {"teacher": (1.0,), "student": (1.0,)},
            "teacher must be 2 to 10 numbers in [-1000, 1000], got (1.0,)",
        ),
        (
            applications,
            {"student": (1.0, 2.0, 3.0)},
            "teacher and student must have the same number of logits, got 4 and 3",
        ),
        (
            applications,
            {"temperature": 0.4},
            "temperature must be a number in [0.5, 10], got 0.4",
        ),
    ],
)
def test_inputs_reject_what_the_controls_never_offer(
    module: Any, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        module.Inputs(**changes)
