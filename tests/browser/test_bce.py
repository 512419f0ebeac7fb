"""Section 1 in headless Chromium: the label toggle, the worked substitution, the percentage and
the slider's ends as the controls move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import (
    bce,
    keyboard_handle,
    open_section,
)
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_label_toggle_flips_the_loss(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/binary")
    page.get_by_test_id("y").get_by_text("y = 0").click()
    expect(page.get_by_test_id("loss")).to_have_text(fmt(bce(0.7, 0.0)))
    expect(page).to_have_url(re.compile(r"y=0"))


def test_binary_substitution_percent_and_slider_ends_follow_the_controls(
    page: Page, base_url: str
) -> None:
    c = load("bce")
    open_section(page, base_url + "/binary")
    worked, confidence = page.get_by_test_id("worked"), page.get_by_test_id("confidence")
    expect(worked).to_have_text("L = −ln ŷ = −ln(0.70) = 0.3567")
    expect(confidence).to_have_text("70%")
    ends = [page.get_by_test_id(f"slider-end-{i}") for i in range(3)]
    for end, label in zip(ends, c["slider_ends"]["if_1"], strict=True):
        expect(end).to_have_text(label)
    handle = keyboard_handle(page.get_by_test_id("yhat"))
    for _ in range(3):
        handle.press("ArrowRight")
    expect(worked).to_have_text(f"L = −ln ŷ = −ln(0.73) = {fmt(bce(0.73))}")
    expect(confidence).to_have_text("73%")
    page.get_by_test_id("y").get_by_text("y = 0").click()
    # y = 0: the loss keeps 1 − ŷ, and the ends of the slider swap their meaning
    expected = c["worked"]["if_0"].format(yhat="0.73", p="0.27", loss=fmt(bce(0.73, 0.0)))
    expect(worked).to_have_text(expected)
    for end, label in zip(ends, c["slider_ends"]["if_0"], strict=True):
        expect(end).to_have_text(label)
