"""Section 6 in headless Chromium: both curves at K = 2."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from support.browser import (
    keyboard_handle,
    open_section,
    series,
)
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_binary_vs_categorical_shows_both_curves_at_two_classes(page: Page, base_url: str) -> None:
    c = load("binary_vs_categorical")["chart"]
    open_section(page, base_url + "/binary-vs-categorical")
    drawn = series(page)
    assert drawn["ce_k"]["name"] == c["ce_k_same"]
    assert drawn["ce_k"]["lineStyle"]["type"] == "dashed"
    assert drawn["bce"]["lineStyle"]["width"] > 2 * drawn["ce_k"]["lineStyle"]["width"]
    # at K = 2 both series hold the same curve (up to rounding): the band shows under the dashes
    np.testing.assert_allclose(drawn["bce"]["data"], drawn["ce_k"]["data"], atol=1e-6)
    handle = keyboard_handle(page.get_by_test_id("k"))
    handle.press("ArrowRight")
    expect(page.get_by_test_id("k").get_by_role("slider")).to_have_attribute("aria-valuenow", "3")
    page.wait_for_function(
        """([el, name]) => getElement(el.id.slice(1)).chart.getOption().series
            .find(s => s.id === 'ce_k').name === name""",
        arg=[page.get_by_test_id("chart").element_handle(), c["ce_k"].format(k=3)],
    )
    expect(page.get_by_test_id("properties")).to_contain_text("Gradient at the logits")
