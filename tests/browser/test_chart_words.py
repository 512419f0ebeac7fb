"""Every chart says what it draws: an image whose text alternative is written from the same
options it is drawn from, renewed once the changes pause, and the numbers behind it as a table
(app/pages/chart_words.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import keyboard_handle, open_section, slider_value
from xentlab.course.charts.describe import describe, table
from xentlab.course.content import load
from xentlab.course.lessons import bce
from xentlab.course.sections import SECTIONS, Section, section


def said(s: Section, inputs: object, lang: str, key: str) -> tuple[str, int]:
    """The text alternative of chart ``key`` at ``inputs`` and its table's row count."""
    words = load("ui", lang)["chart_text"]
    options = s.panel(s.lesson.compute(inputs), lang).chart(key).options
    return describe(options, words), len(table(key, options, words).body)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_every_chart_of_every_section_is_an_image_that_says_what_it_draws(
    s: Section, lang: str, page: Page, base_url: str
) -> None:
    open_section(page, f"{base_url}{s.path}?lang={lang}")
    for plot in s.panel(s.lesson.compute(s.lesson.Inputs()), lang).charts:
        text, rows = said(s, s.lesson.Inputs(), lang, plot.key)
        chart = page.get_by_test_id(plot.key)
        expect(chart).to_have_attribute("role", "img")
        expect(chart).to_have_attribute("aria-label", text)
        numbers = page.get_by_test_id(f"{plot.key}-data")
        expect(numbers.locator("summary")).to_have_text(load("ui", lang)["chart_text"]["table"])
        expect(numbers.locator("tbody tr")).to_have_count(rows)


def test_the_words_follow_a_keyboard_step(page: Page, base_url: str) -> None:
    s = section("bce")
    open_section(page, f"{base_url}/binary?yhat=0.3&y=0")
    slider = page.get_by_test_id("yhat")
    before = said(s, bce.Inputs(yhat=0.3, y=0), "en", "chart")[0]
    expect(page.get_by_test_id("chart")).to_have_attribute("aria-label", before)
    keyboard_handle(slider).press("ArrowRight")
    expect(slider.get_by_role("slider")).not_to_have_attribute("aria-valuenow", "0.3")
    after = said(s, bce.Inputs(yhat=slider_value(slider), y=0), "en", "chart")[0]
    assert after != before
    expect(page.get_by_test_id("chart")).to_have_attribute("aria-label", after)
    numbers = page.get_by_test_id("chart-data")
    numbers.locator("summary").click()
    expect(numbers.locator("table")).to_be_visible()
    expect(numbers.locator("tbody")).to_contain_text(f"{slider_value(slider):g}")


def test_the_labs_finished_curves_and_the_reliability_diagrams_are_said_too(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/lab?dataset=breast-cancer&model=logreg&epochs=20")
    page.wait_for_function("() => window.did_handshake === true")
    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile("20 of 20"), timeout=60_000)
    lab = load("lab", "en")
    chart = page.get_by_test_id("chart-test_accuracy")
    expect(chart).to_have_attribute("role", "img")
    said_text = re.compile(rf"^{re.escape(lab['chart']['accuracy'])}\. .*= 20\b")
    expect(chart).to_have_attribute("aria-label", said_text)
    expect(page.get_by_test_id("chart-test_accuracy-data").locator("tbody tr")).to_have_count(20)
    page.goto(f"{base_url}/predictions")
    expect(page.get_by_test_id("source")).to_contain_text("450", timeout=60_000)
    name = load("predictions", "en")["chart"]
    before = page.get_by_test_id("chart-before")
    expect(before).to_have_attribute("role", "img")
    expect(before).to_have_attribute("aria-label", re.compile(re.escape(name["confidence"])))
