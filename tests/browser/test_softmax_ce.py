"""Section 2 in headless Chromium: typed logits and their inline messages, the chart axes as
ECharts draws them, tiny probabilities, the worked line and both kinds of target."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import axis_labels, num, open_section
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.content import load

pytestmark = pytest.mark.browser


def test_typed_logits_get_inline_messages(page: Page, base_url: str) -> None:
    problems = load("ui")["logit_problems"]
    open_section(page, base_url + "/softmax")
    loss = page.get_by_test_id("loss")
    expect(loss).to_have_text("0.3490")
    box = page.get_by_test_id("logit-0")  # Quasar puts the attribute on the <input>
    for typed, key in (("abc", "not_a_number"), ("1e400", "too_large"), ("", "empty")):
        box.fill(typed)
        expect(page.get_by_text(problems[key])).to_be_visible()
        expect(loss).to_have_text("0.3490")
    box.fill("3")
    expect(page.get_by_text(problems["empty"])).to_have_count(0)
    expected = num(xl.cross_entropy(np.array([[3.0, 1.0, -1.0]]), np.array([0])))
    expect(loss).to_have_text(fmt(expected))
    expect(page).to_have_url(re.compile(r"logits=3,1,-1"))
    page.get_by_test_id("target").get_by_text("2", exact=True).click()
    expected = num(xl.cross_entropy(np.array([[3.0, 1.0, -1.0]]), np.array([2])))
    expect(loss).to_have_text(fmt(expected))
    page.get_by_test_id("add-class").click()
    expect(page.get_by_test_id("logit-3")).to_be_visible()
    probs = xl.softmax(np.array([3.0, 1.0, -1.0, 0.0]))
    expect(page.get_by_test_id("prob-3")).to_have_text(fmt(float(probs[3])))


def test_softmax_axes_are_drawn_readable(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/softmax")
    # ∂L/∂z within ±1: five ticks, one decimal at most, true minus signs
    assert axis_labels(page, "yAxis", 1) == ["−1", "−0.5", "0", "0.5", "1"]
    # T = 0.5, true class 2: (ŷ₂ − 1)/0.5 = −1.9956, the axis runs to ±2, not ±1.9956…
    open_section(page, base_url + "/softmax?logits=2,1,-1&T=0.5&target=2")
    expect(page.get_by_test_id("loss")).to_have_text(
        fmt(num(xl.cross_entropy(np.array([[4.0, 2.0, -2.0]]), np.array([2]))))
    )
    assert axis_labels(page, "yAxis", 1) == ["−2", "−1", "0", "1", "2"]
    # ten classes: ECharts drops no class label, at a laptop's width or a phone's
    open_section(page, base_url + "/softmax?logits=" + ",".join(["0"] * 10))
    assert axis_labels(page, "xAxis", 0) == [str(i) for i in range(10)]
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_timeout(300)  # the chart follows its box's new size
    assert axis_labels(page, "xAxis", 0) == [str(i) for i in range(10)]


def test_softmax_tiny_probabilities_worked_line_and_both_targets(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/softmax?logits=2,1,-1&T=0.1&target=1")
    probs = np.asarray(xl.softmax(np.array([2.0, 1.0, -1.0]), temperature=0.1))
    grads = (probs - np.array([0.0, 1.0, 0.0])) / 0.1
    for i in range(3):
        expect(page.get_by_test_id(f"prob-{i}")).to_have_text(fmt_small(float(probs[i])))
        expect(page.get_by_test_id(f"grad-{i}")).to_have_text(fmt_small(float(grads[i])))
    expect(page.get_by_test_id("prob-2")).to_have_text(re.compile(r"^\d\.\d\de−\d+$"))
    loss = fmt(num(xl.cross_entropy(np.array([[20.0, 10.0, -10.0]]), np.array([1]))))
    expect(page.get_by_test_id("worked")).to_have_text(
        f"ŷ = softmax(z / 0.1)\nL = −ln ŷ₁ = −ln({fmt_small(float(probs[1]))}) = {loss}"
    )
    expect(page.get_by_test_id("loss_sparse")).to_have_text(loss)
    expect(page.get_by_test_id("loss_one_hot")).to_have_text(loss)
    example = page.get_by_test_id("example")
    expect(example).to_contain_text("L = −ln 0.8 = 0.2231")
    expect(example).to_contain_text("−ln 0.2 = 1.6094")
