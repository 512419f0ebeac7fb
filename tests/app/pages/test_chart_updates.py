"""A slider step sends only what changed (issue 12): the moving point as a partial ECharts
``setOption``, the read-outs whose text changed, nothing for an unchanged value."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from nicegui import ui
from nicegui.element import Element
from nicegui.testing.user import User

from support.driving import move, one
from xentlab.app.pages.chart_updates import ChartPatch, Mirror

Simulate = Callable[..., None]


def line_chart() -> dict[str, Any]:
    curve = [[x / 10, x / 20] for x in range(11)]
    return {
        "animation": False,
        "legend": {"data": ["loss"]},
        "xAxis": {"type": "value", "max": 1, "axisLabel": {":formatter": "v => v"}},
        "series": [
            {"id": "loss", "name": "loss", "type": "line", "data": curve, "lineStyle": {}},
            {"id": "point", "name": "now", "type": "scatter", "data": []},
        ],
        "media": [{"option": {"grid": {"top": 40}}}],
    }


# ---- what a chart sends ---------------------------------------------------------------------


def test_a_moved_point_sends_only_that_series_data() -> None:
    options = line_chart()
    mirror = Mirror(options)
    options["series"][1]["data"] = [[0.3, 0.15]]
    assert json.loads(mirror.update(options) or "") == {
        "series": [{"id": "point", "data": [[0.3, 0.15]]}]
    }


def test_unchanged_options_send_nothing() -> None:
    options = line_chart()
    mirror = Mirror(options)
    assert mirror.update(options) == ""
    options["series"][0]["data"] = [list(p) for p in options["series"][0]["data"]]  # equal copy
    assert mirror.update(options) == ""


def test_nested_changes_send_only_the_changed_keys() -> None:
    options = line_chart()
    mirror = Mirror(options)
    options["series"][0]["lineStyle"]["opacity"] = 0.3
    options["series"][0]["name"] = "loss if y = 0"
    options["xAxis"]["max"] = 2
    options["legend"]["data"] = ["loss if y = 0"]
    assert json.loads(mirror.update(options) or "") == {
        "legend": {"data": ["loss if y = 0"]},
        "xAxis": {"max": 2},
        "series": [{"id": "loss", "name": "loss if y = 0", "lineStyle": {"opacity": 0.3}}],
    }


def test_the_mirror_follows_what_was_sent() -> None:
    options = line_chart()
    mirror = Mirror(options)
    for x in (0.1, 0.2):
        options["series"][1]["data"] = [[x, x / 2]]
        mirror.update(options)
    options["series"][1]["data"] = [[0.1, 0.05]]  # back to a value sent two steps ago
    assert json.loads(mirror.update(options) or "")["series"] == [
        {"id": "point", "data": [[0.1, 0.05]]}
    ]
    assert mirror.options == json.loads(json.dumps(options))


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o["xAxis"].pop("max"),  # a merge cannot remove a key
        lambda o: o["series"].append({"id": "new", "type": "line", "data": []}),
        lambda o: o["series"].reverse(),
        lambda o: o["series"][1].update(type="line"),
        lambda o: o["series"][1].pop("id"),
        lambda o: o["xAxis"]["axisLabel"].update({":formatter": "v => v + 1"}),  # JS code
        lambda o: o["series"][1].update(label={":formatter": "p => p.value"}),
        lambda o: o["media"].append({"query": {"maxWidth": 300}, "option": {}}),
    ],
)
def test_changes_no_merge_can_express_redraw_the_whole_chart(change: Any) -> None:
    options = line_chart()
    mirror = Mirror(options)
    change(options)
    assert mirror.update(options) is None
    assert mirror.update(options) == ""  # the redraw brought the browser up to date


# ---- a step of a page, in the simulated browser ----------------------------------------------


def spy(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Element], list[str]]:
    """Record every element update and every chart patch (partial options) from now on."""
    updated: list[Element] = []
    patches: list[str] = []
    element_update, add = Element.update, ChartPatch.add

    def update(self: Element) -> None:
        updated.append(self)
        element_update(self)

    def patch(self: ChartPatch, part: str) -> None:
        patches.append(part)
        add(self, part)

    monkeypatch.setattr(Element, "update", update)
    monkeypatch.setattr(ChartPatch, "add", patch)
    return updated, patches


def set_options(patches: list[str]) -> list[dict[str, Any]]:
    """The partial options the chart patches carry."""
    return [json.loads(part) for part in patches]


def test_a_slider_step_sends_the_point_and_the_changed_numbers(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=0.7&y=1")
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        curves = [s["data"] for s in chart.options["series"] if s["type"] == "line"]
        updated, patches = spy(monkeypatch)
        move(user, "yhat", 0.8)
        assert chart not in updated  # the chart is not sent whole
        (point,) = [s for s in chart.options["series"] if s["id"] == "point"]
        assert set_options(patches) == [{"series": [{"id": "point", "data": point["data"]}]}]
        assert [s["data"] for s in chart.options["series"] if s["type"] == "line"] == curves
        # the numbers that changed; "predicted" (class 1 at 0.7 and 0.8) did not
        assert {"loss", "confidence"} <= {e.props.get("data-testid") for e in updated}
        assert one(user, "predicted") not in updated

    simulate(scenario)


def test_the_same_value_again_sends_nothing(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=0.7&y=1")
        move(user, "yhat", 0.8)
        updated, patches = spy(monkeypatch)
        move(user, "yhat", 0.8)
        assert (updated, set_options(patches)) == ([], [])

    simulate(scenario)
