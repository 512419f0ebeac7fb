"""Section 10 (numerical stability) driven by NiceGUI's simulated user."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

from support.driving import move, one, text, url_becomes
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load
from xentlab.course.lessons import stability

Simulate = Callable[..., None]


def test_stability_scale_and_guards(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/stability?s=1&k=50")
        assert "NaN" not in text(user, "naive32")
        assert "text-rose-700" not in one(user, "naive32").classes
        move(user, "scale", 2.0)  # scale 100 > 88.7: float32's e^z overflows
        assert text(user, "naive32").startswith("NaN")
        assert "text-rose-700" in one(user, "naive32").classes  # a broken row is marked
        assert "NaN" not in text(user, "naive64")
        move(user, "scale", 3.0)  # scale 1000 > 709.8
        assert text(user, "naive64").startswith("NaN")
        assert text(user, "stable") == "1.0000  0.0000  0.0000"
        assert text(user, "log_of_softmax") == "−∞"
        assert text(user, "log_softmax") == "−2000.0000"
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        series = {s["id"]: s for s in chart.options["series"]}
        assert series["scale"]["markLine"]["data"] == [{"xAxis": 1000.0, "name": "1000"}]  # 10^3
        # the legend lists the two curves only: the marks are no series of their own
        chart_c = load("stability")["chart"]
        assert chart.options["legend"]["data"] == [chart_c["stable"], chart_c["naive"]]
        assert all("name" not in series[sid] for sid in ("scale", "limits"))
        # the log-sum-exp line is drawn at full strength, not faded
        assert series["stable"]["lineStyle"].get("opacity", 1) == 1
        # where e^z overflows each format, from the View: ln(max float32), ln(max float64)
        view = stability.compute(stability.Inputs(log_scale=3.0))
        limits = series["limits"]["markLine"]["data"]
        expected = [round(view.overflow32, 4), round(view.overflow64, 4)]
        assert [m["xAxis"] for m in limits] == expected
        assert [m["name"] for m in limits] == [
            chart_c["limit32"].format(x="88.72"),
            chart_c["limit64"].format(x="709.78"),
        ]
        assert round(view.overflow32, 2) == round(float(np.log(np.finfo(np.float32).max)), 2)
        assert text(user, "pytorch") == "100.0000"
        move(user, "k", 5)
        assert text(user, "keras") == fmt(5 * math.log(10))
        await url_becomes(urls, "?s=3&k=5")

    simulate(scenario)
