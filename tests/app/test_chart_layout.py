"""Charts on narrow screens: the room a wrapped legend gets (``widgets.legend_room``); chart
points made once for a lesson's fixed curves, and the live options they renew."""

from __future__ import annotations

import numpy as np

from xentlab.app.pages.widgets import curve, legend_room, line_options
from xentlab.course.charts import pairs, renew


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


# ---- chart points and the live options they renew -------------------------------------------


def test_points_of_fixed_curves_are_made_once_and_equal_to_fresh_ones() -> None:
    x = np.linspace(0.0, 1.0, 7).copy()
    y = -np.log(np.clip(x, 1e-3, None))
    fresh = pairs(x, y)  # writeable arrays: a new list each time
    assert fresh is not pairs(x, y) and fresh == pairs(x, y)
    x.setflags(write=False)
    y.setflags(write=False)
    once = pairs(x, y)
    assert once is pairs(x, y) and once == fresh
    assert once == [[round(a, 5), round(b, 6)] for a, b in zip(x.tolist(), y.tolist(), strict=True)]


def test_a_read_only_view_of_a_changing_array_is_never_cached() -> None:
    base = np.linspace(0.0, 1.0, 5)
    view = base[:]
    view.setflags(write=False)
    first = pairs(view, view)
    base[0] = 0.5  # the view's values change under it
    assert pairs(view, view)[0] == [0.5, 0.5] != first[0]


def test_renew_keeps_the_live_series_and_takes_the_new_points() -> None:
    live = line_options("x", "y", [curve("a", "a", [[0.0, 1.0]], "#000")])
    kept = live["series"][0]
    renew(live, line_options("x", "y", [curve("a", "a", [[0.0, 2.0], [1.0, 3.0]], "#000")]))
    assert live["series"][0] is kept and kept["data"] == [[0.0, 2.0], [1.0, 3.0]]
