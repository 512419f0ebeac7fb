"""Section 11 in headless Chromium: the focal loss read at a chosen pₜ and the label-smoothing
chart."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import keyboard_handle, open_section, series_in
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.lessons import imbalance

pytestmark = pytest.mark.browser


def test_imbalance_focal_read_at_pt_by_keyboard(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/imbalance")
    start = imbalance.Inputs().pt
    # p_t = 0.9, γ = 2, α = 0.25: 0.25 · (0.1)² · (−ln 0.9) = 2.63e−4
    expect(page.get_by_test_id("pt_focal")).to_have_text("2.63e−4")
    handle = keyboard_handle(page.get_by_test_id("pt"))
    for _ in range(3):
        handle.press("ArrowLeft")
    pt = round(start - 0.03, 2)
    expect(page.get_by_test_id("pt").get_by_role("slider")).to_have_attribute(
        "aria-valuenow", f"{pt:g}"
    )
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
    before = series_in(page, "smoothing-chart", "smoothed")["data"]
    handle = keyboard_handle(page.get_by_test_id("eps"))
    for _ in range(10):
        handle.press("ArrowRight")
    expect(page.get_by_test_id("eps").get_by_role("slider")).to_have_attribute(
        "aria-valuenow", "0.2"
    )
    # three classes, ε = 0.2: the floor is H(0.8667, 0.0667, 0.0667)
    floor = float(xl.info.entropy(np.array([1 - 0.2 + 0.2 / 3, 0.2 / 3, 0.2 / 3])))
    expect(page.get_by_test_id("floor")).to_have_text(fmt(floor))
    page.wait_for_function(
        """() => getElement(document.querySelector('[data-testid="smoothing-chart"]').id.slice(1))
                 .chart.getOption().series.find(s => s.id === 'best').data[0][0] < 0.9"""
    )
    after = series_in(page, "smoothing-chart", "smoothed")
    assert after["data"] != before
    assert after["markLine"]["data"][0]["yAxis"] == pytest.approx(floor, abs=1e-6)
    assert series_in(page, "smoothing-chart", "best")["data"][0][1] == pytest.approx(
        floor, abs=1e-6
    )
    page.get_by_test_id("smoothing-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "imbalance-smoothing.png"), full_page=True)
