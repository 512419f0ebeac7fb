"""Sections 9 to 11 in headless Chromium: the landscape's map on a phone, the stability chart's
legend and overflow marks, the focal loss read at a chosen pₜ and the label-smoothing chart."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from test_explorer import keyboard_handle, open_section

import xentlab as xl
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.lessons import imbalance, stability

pytestmark = pytest.mark.browser

#: the options ECharts draws from, read from the chart carrying ``testid``
OPTION = "el => getElement(el.id.slice(1)).chart.getOption()"


def option(page: Page, testid: str) -> dict[str, Any]:
    return page.get_by_test_id(testid).evaluate(OPTION)  # type: ignore[no-any-return]


def series(page: Page, testid: str, sid: str) -> dict[str, Any]:
    (found,) = [s for s in option(page, testid)["series"] if s.get("id") == sid]
    return found  # type: ignore[no-any-return]


@pytest.mark.parametrize("width", [420, 1280])
def test_landscape_map_is_square_enough_and_ticks_are_round(
    width: int, page: Page, base_url: str, screenshots: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_section(page, base_url + "/landscape")
    chart = page.get_by_test_id("chart")
    chart.scroll_into_view_if_needed()
    # the drawing area of the map (the cells), as ECharts lays it out
    rect = chart.evaluate(
        """el => { const c = getElement(el.id.slice(1)).chart;
                   const r = c.getModel().getComponent('grid').coordinateSystem.getRect();
                   return {width: r.width, height: r.height}; }"""
    )
    assert rect["width"] >= 200 and rect["height"] >= 200, rect  # no thin strip
    assert 0.75 <= rect["width"] / rect["height"] <= 1.35, rect
    # the ticks the value axes print: 0, 0.2, …, 1
    ticks = chart.evaluate(
        """el => { const c = getElement(el.id.slice(1)).chart;
                   return c.getModel().getComponent('xAxis', 1).axis.scale.getTicks()
                     .map(t => t.value); }"""
    )
    assert ticks == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1])
    # the marker sits exactly at (q, p) = (0.7, 0.3): 70 % across and 30 % up the cells
    x, y = chart.evaluate(
        """el => getElement(el.id.slice(1)).chart
                 .convertToPixel({xAxisIndex: 1, yAxisIndex: 1}, [0.7, 0.3])"""
    )
    left, top = chart.evaluate(
        """el => { const r = getElement(el.id.slice(1)).chart.getModel()
                   .getComponent('grid').coordinateSystem.getRect(); return [r.x, r.y]; }"""
    )
    assert x - left == pytest.approx(0.7 * rect["width"], abs=0.5)
    assert top + rect["height"] - y == pytest.approx(0.3 * rect["height"], abs=0.5)
    assert series(page, "chart", "point")["data"] == [[0.7, 0.3]]
    page.screenshot(path=str(screenshots / f"landscape-map-{width}.png"), full_page=True)


def test_stability_chart_marks_both_limits_and_lists_only_the_curves(
    page: Page, base_url: str, screenshots: Path
) -> None:
    open_section(page, base_url + "/stability")
    chart_c = load("stability")["chart"]
    legend = option(page, "chart")["legend"][0]["data"]
    assert [entry if isinstance(entry, str) else entry["name"] for entry in legend] == [
        chart_c["stable"],
        chart_c["naive"],
    ]
    view = stability.compute(stability.Inputs())
    limits = series(page, "chart", "limits")["markLine"]["data"]
    assert [m["xAxis"] for m in limits] == [round(view.overflow32, 4), round(view.overflow64, 4)]
    # ln of the largest float32 and float64: 88.72 and 709.78
    assert [round(m["xAxis"], 2) for m in limits] == [
        round(math.log(float(np.finfo(np.float32).max)), 2),
        round(math.log(float(np.finfo(np.float64).max)), 2),
    ]
    assert series(page, "chart", "stable")["lineStyle"].get("opacity", 1) == 1
    page.get_by_test_id("chart").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "stability-marks.png"), full_page=True)


def test_imbalance_focal_read_at_pt_by_keyboard(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/imbalance")
    start = imbalance.Inputs().pt
    # p_t = 0.9, γ = 2, α = 0.25: 0.25 · (0.1)² · (−ln 0.9) = 2.63e−4
    expect(page.get_by_test_id("pt_focal")).to_have_text("2.63e−4")
    handle = keyboard_handle(page.get_by_test_id("pt"))
    for _ in range(3):
        handle.press("ArrowLeft")
    pt = round(start - 0.03, 2)
    expect(page.get_by_test_id("pt")).to_have_attribute("aria-valuenow", f"{pt:g}")
    z, y = np.array([float(xl.logit(pt))]), np.array([1.0])
    focal = float(xl.sigmoid_focal_loss(z, y, alpha=0.25, gamma=2.0)[0])
    expect(page.get_by_test_id("pt_focal")).to_have_text(fmt_small(focal))
    expect(page.get_by_test_id("pt_ce")).to_have_text(fmt(-math.log(pt)))
    expect(page.get_by_test_id("pt_factor")).to_have_text(fmt_small((1 - pt) ** 2))
    expect(page).to_have_url(re.compile(rf"[?&]pt={pt:g}(&|$)"))


def test_imbalance_eps_redraws_the_smoothing_chart(
    page: Page, base_url: str, screenshots: Path
) -> None:
    open_section(page, base_url + "/imbalance")
    before = series(page, "smoothing-chart", "smoothed")["data"]
    handle = keyboard_handle(page.get_by_test_id("eps"))
    for _ in range(10):
        handle.press("ArrowRight")
    expect(page.get_by_test_id("eps")).to_have_attribute("aria-valuenow", "0.2")
    # three classes, ε = 0.2: the floor is H(0.8667, 0.0667, 0.0667)
    floor = float(xl.info.entropy(np.array([1 - 0.2 + 0.2 / 3, 0.2 / 3, 0.2 / 3])))
    expect(page.get_by_test_id("floor")).to_have_text(fmt(floor))
    page.wait_for_function(
        """() => getElement(document.querySelector('[data-testid="smoothing-chart"]').id.slice(1))
                 .chart.getOption().series.find(s => s.id === 'best').data[0][0] < 0.9"""
    )
    after = series(page, "smoothing-chart", "smoothed")
    assert after["data"] != before
    assert after["markLine"]["data"][0]["yAxis"] == pytest.approx(floor, abs=1e-6)
    assert series(page, "smoothing-chart", "best")["data"][0][1] == pytest.approx(floor, abs=1e-6)
    page.get_by_test_id("smoothing-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "imbalance-smoothing.png"), full_page=True)
