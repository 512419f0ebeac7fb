"""Charts on narrow screens: the room a wrapped legend gets (``widgets.legend_room``)."""

from __future__ import annotations

from xentlab.app.widgets import curve, legend_room, line_options


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
