"""Chart points made once for a lesson's fixed curves, and the live options they renew."""

from __future__ import annotations

import numpy as np

from xentlab.app.pages.widgets import curve, line_options
from xentlab.course.charts import pairs, renew

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
