"""Section 10 in headless Chromium: the stability chart's legend and overflow marks."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page

from support.browser import open_section, option, series_in
from xentlab.course.content import load
from xentlab.course.lessons import stability

pytestmark = pytest.mark.browser


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
    limits = series_in(page, "chart", "limits")["markLine"]["data"]
    assert [m["xAxis"] for m in limits] == [round(view.overflow32, 4), round(view.overflow64, 4)]
    # ln of the largest float32 and float64: 88.72 and 709.78
    assert [round(m["xAxis"], 2) for m in limits] == [
        round(math.log(float(np.finfo(np.float32).max)), 2),
        round(math.log(float(np.finfo(np.float64).max)), 2),
    ]
    assert series_in(page, "chart", "stable")["lineStyle"].get("opacity", 1) == 1
    page.get_by_test_id("chart").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "stability-marks.png"), full_page=True)
