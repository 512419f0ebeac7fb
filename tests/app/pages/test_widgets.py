"""The pages' widgets: how numbers are written (a probability or gradient near 0 never reads
as 0 beside a nonzero number derived from it, a confidence reads as a percentage), the room a
wrapped legend gets on a narrow chart (``legend_room``), and a dragged slider's one event per
move."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from nicegui.testing.user import User

from support.driving import one
from xentlab.app.pages.widgets import (
    SLIDER_THROTTLE_S,
    curve,
    fmt,
    fmt_small,
    legend_room,
    line_options,
    percent,
)

Simulate = Callable[..., None]


def test_a_dragged_slider_sends_one_event_per_move(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=0.7&y=1")
        slider = one(user, "yhat")
        listeners = [li for li in slider._event_listeners.values() if "model" in li.type]
        assert [(li.type, li.throttle) for li in listeners] == [
            ("update:modelValue", SLIDER_THROTTLE_S)
        ]

    simulate(scenario)


def two_curves(first: str, second: str) -> dict:
    return line_options("x", "y", [curve("a", first, [], "#000"), curve("b", second, [], "#000")])


def test_a_legend_too_wide_for_a_narrow_chart_lowers_the_plot_there() -> None:
    options = legend_room(two_curves("a" * 10, "b" * 20))
    # line_options: legend at top 4 in 13 px type, plot at top 44. Estimated legend width:
    # (35 + 10·13·0.6) + (35 + 20·13·0.6) + 10·2 = 113 + 191 + 20 = 324 px. On two lines the
    # plot starts at 4 + 2·24 − 10 + 22 = 64, on three (below 324 / 2 = 162 px) at 88.
    assert options["media"] == [
        {"option": {"grid": {"top": 44}}},
        {"query": {"maxWidth": 324}, "option": {"grid": {"top": 64}}},
        {"query": {"maxWidth": 162}, "option": {"grid": {"top": 88}}},
    ]


def test_a_plot_that_already_leaves_room_keeps_it() -> None:
    options = two_curves("a" * 10, "b" * 20)
    options["grid"]["top"] = 64  # room for two lines already: only the third needs a rule
    assert legend_room(options)["media"] == [
        {"option": {"grid": {"top": 64}}},
        {"query": {"maxWidth": 162}, "option": {"grid": {"top": 88}}},
    ]


def test_a_chart_without_a_legend_or_with_its_own_rules_is_left_alone() -> None:
    bare = {"grid": {"top": 10}, "series": []}
    assert "media" not in legend_room(bare)
    own = two_curves("a", "b") | {"media": []}
    assert legend_room(own)["media"] == []


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
