"""Section 9 in headless Chromium: a click on the landscape's map moves the point; the map on a
phone is square enough and its ticks are round."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import open_section, series_in
from xentlab.app.pages.widgets import fmt

pytestmark = pytest.mark.browser


def test_clicking_the_landscape_map_moves_the_point(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/landscape?p=0.3&q=0.7")
    chart = page.get_by_test_id("chart")
    chart.scroll_into_view_if_needed()
    # the pixel of the heat-map cell (q = 0.91, p = 0.11), asked of ECharts itself
    x, y = chart.evaluate(
        "el => getElement(el.id.slice(1)).chart.convertToPixel({seriesIndex: 0}, [45, 5])"
    )
    box = chart.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_test_id("q").get_by_role("slider")).to_have_attribute(
        "aria-valuenow", "0.91"
    )
    expect(page.get_by_test_id("p").get_by_role("slider")).to_have_attribute(
        "aria-valuenow", "0.11"
    )
    p, q = np.array([0.11, 0.89]), np.array([0.91, 0.09])
    expect(page.get_by_test_id("kl")).to_have_text(fmt(float(xl.info.kl_divergence(p, q, base=2))))
    expect(page).to_have_url(re.compile(r"p=0.11&q=0.91"))
    # the marker is drawn at the centre of the clicked cell, not half a cell off
    page.wait_for_function(
        """() => getElement(document.querySelector('[data-testid="chart"]').id.slice(1))
                 .chart.getOption().series.find(s => s.id === 'point').data[0][0] === 0.91"""
    )
    marker = chart.evaluate(
        """el => { const c = getElement(el.id.slice(1)).chart;
                   const [q, p] = c.getOption().series.find(s => s.id === 'point').data[0];
                   return c.convertToPixel({xAxisIndex: 1, yAxisIndex: 1}, [q, p]); }"""
    )
    assert marker == pytest.approx([x, y], abs=0.5)


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
    assert series_in(page, "chart", "point")["data"] == [[0.7, 0.3]]
    page.screenshot(path=str(screenshots / f"landscape-map-{width}.png"), full_page=True)
