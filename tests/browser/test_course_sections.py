"""Sections 1, 2, 5, 6 and 12 in headless Chromium: the worked substitutions as the controls
move, the chart axes as ECharts draws them, the log-likelihood curve, both curves at K = 2,
the distillation calculator's typed logits and the way on to the Lab; each page at 1280 and
420 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect
from test_explorer import bce, keyboard_handle, num, open_section

import xentlab as xl
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.content import load

pytestmark = pytest.mark.browser

#: the labels ECharts draws on an axis of the page's chart, after its formatter
AXIS_LABELS = """([el, kind, index]) => getElement(el.id.slice(1)).chart.getModel()
    .getComponent(kind, index).axis.getViewLabels().map(l => l.formattedLabel)"""

#: the chart's series as ECharts holds them: id → {name, data}
SERIES = """el => Object.fromEntries(getElement(el.id.slice(1)).chart.getOption().series
    .map(s => [s.id, {name: s.name, data: s.data, lineStyle: s.lineStyle || {}}]))"""


def axis_labels(page: Page, kind: str, index: int) -> list[str]:
    chart = page.get_by_test_id("chart").element_handle()
    labels: list[str] = page.evaluate(AXIS_LABELS, [chart, kind, index])
    return labels


def series(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.get_by_test_id("chart").evaluate(SERIES)
    return found


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
    expect(page.get_by_test_id("k")).to_have_attribute("aria-valuenow", "3")
    page.wait_for_function(
        """([el, name]) => getElement(el.id.slice(1)).chart.getOption().series
            .find(s => s.id === 'ce_k').name === name""",
        arg=[page.get_by_test_id("chart").element_handle(), c["ce_k"].format(k=3)],
    )
    expect(page.get_by_test_id("properties")).to_contain_text("Gradient at the logits")


def test_distillation_takes_typed_logits_and_the_page_leads_to_the_lab(
    page: Page, base_url: str
) -> None:
    messages = load("applications")["logits_problems"]
    open_section(page, base_url + "/applications")
    kl = page.get_by_test_id("kl")

    def expected(teacher: list[float], student: list[float]) -> str:
        p = xl.softmax(np.array([teacher]), temperature=2.0)
        log_q = xl.log_softmax(np.array([student]), temperature=2.0)
        return fmt(num(xl.kl_div(log_q, p, reduction="batchmean")))

    before = expected([4, 2.5, 1, -1], [3, 3, 0, 0])
    expect(kl).to_have_text(before)
    teacher, student = page.get_by_test_id("teacher"), page.get_by_test_id("student")
    teacher.fill("4, x")
    expect(page.get_by_text(messages["not_a_number"])).to_be_visible()
    expect(kl).to_have_text(before)
    teacher.fill("6, 0, -2")
    expect(page.get_by_text(messages["mismatch"])).to_be_visible()
    student.fill("1, 1, 0")
    expect(page.get_by_text(messages["mismatch"])).to_have_count(0)
    expect(kl).to_have_text(expected([6, 0, -2], [1, 1, 0]))
    expect(page).to_have_url(re.compile(r"teacher=6,0,-2&student=1,1,0"))
    # the perplexity names its base
    labels = load("applications")["labels"]
    expect(page.get_by_text(labels["perplexity_nats"])).to_be_visible()
    page.get_by_test_id("lab-link").click()
    expect(page).to_have_url(base_url + "/lab")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("binary", "/binary?yhat=0.3&y=0"),
        ("softmax", "/softmax?logits=2,1,-1,0,0,0,0,0,0,-3&T=0.2&target=9"),
        ("likelihood", "/likelihood"),
        ("binary-vs-categorical", "/binary-vs-categorical"),
        ("applications", "/applications?teacher=6,0,-2&student=1,1,0"),
    ],
)
@pytest.mark.parametrize("width", [1280, 420])
def test_course_pages_fit_at_both_widths(
    name: str, path: str, width: int, page: Page, base_url: str, screenshots: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_section(page, base_url + path)
    page.wait_for_timeout(300)  # charts draw after the handshake
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshots / f"course-{name}-{width}.png"), full_page=True)
