"""Section 9 (the cross-entropy landscape) driven by NiceGUI's simulated user."""

from __future__ import annotations

import math
from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from support.driving import move, one, text, url_becomes
from xentlab.app.pages.widgets import fmt

Simulate = Callable[..., None]


def test_landscape_sliders(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/landscape")
        move(user, "p", 0.5)
        move(user, "q", 0.5)
        assert (text(user, "entropy"), text(user, "kl")) == ("1.0000", "0.0000")
        move(user, "q", 0.9)
        expected = -(0.5 * math.log2(0.9) + 0.5 * math.log2(0.1))
        assert text(user, "cross_entropy") == fmt(expected)
        await url_becomes(urls, "?p=0.5&q=0.9")
        # the points the page draws are the View's: on the curve (p, H(p)) = (0.5, 1 bit)
        curve, heat = one(user, "entropy-chart"), one(user, "chart")
        assert isinstance(curve, ui.echart) and isinstance(heat, ui.echart)
        (on_curve,) = [s["data"] for s in curve.options["series"] if s["id"] == "point"]
        assert on_curve == [[0.5, 1.0]]
        (on_map,) = [s["data"] for s in heat.options["series"] if s["id"] == "point"]
        assert on_map == [[0.9, 0.5]]  # exactly at (q, p), on the map's value axes
        series = {s["id"]: s for s in heat.options["series"]}
        assert (series["point"]["xAxisIndex"], series["point"]["yAxisIndex"]) == (1, 1)
        assert series["diagonal"]["data"] == [[0.0, 0.0], [1.0, 1.0]]
        # the value axes span the cells, [0, 1], with round ticks 0, 0.2, …, 1
        for axis in (heat.options["xAxis"][1], heat.options["yAxis"][1]):
            assert (axis["type"], axis["min"], axis["max"], axis["interval"]) == (
                "value",
                0.0,
                1.0,
                0.2,
            )
        # the cells sit on hidden category axes, one per grid value
        assert [axis["show"] for axis in (heat.options["xAxis"][0], heat.options["yAxis"][0])] == [
            False,
            False,
        ]
        assert heat.options["visualMap"]["seriesIndex"] == 0  # colours the cells only

    simulate(scenario)
