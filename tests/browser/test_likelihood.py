"""Section 5 in headless Chromium: the chart has the log-likelihood curve."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from support.browser import (
    axis_labels,
    bce,
    keyboard_handle,
    open_section,
    series,
)
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_likelihood_chart_has_the_log_likelihood(page: Page, base_url: str) -> None:
    c = load("likelihood")["chart"]
    open_section(page, base_url + "/likelihood")
    drawn = series(page)
    assert drawn["log_likelihood"]["name"] == c["log_likelihood"]
    assert drawn["log_likelihood_point"]["data"] == [[0.7, round(-bce(0.7), 6)]]
    keyboard_handle(page.get_by_test_id("yhat")).press("ArrowLeft")
    expect(page.get_by_test_id("log_likelihood")).to_have_text(fmt(-bce(0.69)))
    page.wait_for_function(
        """el => getElement(el.id.slice(1)).chart.getOption().series
            .find(s => s.id === 'log_likelihood_point').data[0][0] === 0.69""",
        arg=page.get_by_test_id("chart").element_handle(),
    )
    # the loss and the log-likelihood mirror each other about the shared zero line
    assert axis_labels(page, "yAxis", 0) == ["−5", "−2.5", "0", "2.5", "5"]
    assert axis_labels(page, "yAxis", 1) == ["", "", "0", "0.5", "1"]
