"""The notebook widgets in real JupyterLab pass axe-core's WCAG 2.0 / 2.1 A and AA rules, in
English and Chinese: every section's widget and the Lab's, audited on the widgets' own elements
(not JupyterLab's). Every control is named as the page names it, and every chart is an image
whose text alternative (and the table of numbers under it) is written by the kernel from the
same options the chart is drawn from (course/charts/describe.py), and follows a slider moved
by the keyboard and by the mouse.

axe-core is the copy bundled in the axe-playwright-python package: nothing comes from a CDN.
Playwright runs in a thread of its own, as in test_frontends.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

from support import browser
from support.axe import axe_violations
from support.lab_server import Lab, run_first_cell
from support.machine import CHROMIUM, CHROMIUM_ARGS
from xentlab.course.charts.describe import describe, number, table
from xentlab.course.content import load
from xentlab.course.lessons import bce
from xentlab.course.sections import SECTIONS, section

pytestmark = [pytest.mark.browser, pytest.mark.slow]

T = TypeVar("T")

#: what axe audits: the widgets' root elements, and nothing of JupyterLab around them
WIDGETS = ".xl-nb"
LANGS = ("en", "zh")
#: the Lab's race in the audited notebook: small, and run first, so that no section's widget
#: waits on it for ECharts (a widget whose kernel is busy past its wait shows a placeholder)
LAB = "dataset='breast-cancer', model='logreg', epochs=4"
#: ECharts reaches the widgets once the cell has run
DRAWN_MS = 60_000


def violations(page: Page) -> list[str]:
    """axe-core's violations in the widgets of ``page``."""
    return axe_violations(page, WIDGETS)


@contextmanager
def opened(lab: Lab, url: str) -> Iterator[Page]:
    """A fresh Chromium page with the notebook at ``url`` open and its first cell run."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        try:
            page = context.new_page()
            run_first_cell(page, lab, url)
            yield page
        finally:
            context.close()
            browser.close()


def apart(f: Callable[..., T], *args: Any) -> T:
    """``f(*args)`` in a thread of its own (the browser suite's Playwright holds this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(f, *args).result()


def said(options: dict[str, Any], key: str, lang: str) -> tuple[str, list[list[str]]]:
    """What the chart ``options`` should say in ``lang``: its text and its table's rows."""
    words = load("ui", lang)["chart_text"]
    return describe(options, words), [list(r) for r in table(key, options, words).body]


def expect_said(chart: Locator, numbers: Locator, text: str, rows: list[list[str]]) -> None:
    """The chart is an image that says ``text``; its table under it holds ``rows``."""
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", text)
    expect(numbers.locator("tbody tr")).to_have_count(len(rows))
    cells = numbers.locator("tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))"
    )
    assert cells == rows


# ---- every widget, audited ----


def audit(lab: Lab, url: str, lang: str) -> list[str]:
    """Draw every section's widget and the Lab's; check each chart's words; returns axe's
    violations."""
    chart_words = load("ui", lang)["chart_text"]
    with opened(lab, url) as page:
        widgets = page.locator(WIDGETS)
        drawn = page.locator(f"{WIDGETS}[data-ready='true']")
        expect(drawn).to_have_count(1 + len(SECTIONS), timeout=DRAWN_MS)
        for i, s in enumerate(SECTIONS, start=1):
            widget = widgets.nth(i)
            expect(widget).to_have_attribute("lang", lang)
            for plot in s.panel(s.lesson.compute(s.lesson.Inputs()), lang).charts:
                text, rows = said(plot.options, plot.key, lang)
                numbers = widget.get_by_test_id(f"{plot.key}-data")
                expect_said(widget.get_by_test_id(plot.key), numbers, text, rows)
                expect(numbers.locator("summary")).to_have_text(chart_words["table"])
        lab_widget = widgets.first
        titles = load("lab", lang)["chart"]
        for key, title in (("test_accuracy", "accuracy"), ("train_loss", "loss")):
            chart = lab_widget.get_by_test_id(f"chart-{key}")
            expect(chart).to_have_attribute("role", "img")
            # the finished race, said from its title to its last epoch
            ends = rf"^{re.escape(chart_words['title'].format(title=titles[title]))}.*= 4\b"
            expect(chart).to_have_attribute("aria-label", re.compile(ends))
        # the banner a widget shows once its kernel is gone is read out politely
        stale = widgets.first.get_by_test_id("no-kernel")
        expect(stale).to_have_attribute("role", "status")
        expect(stale).to_have_attribute("aria-live", "polite")
        return violations(page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_widget_passes_axe_and_each_chart_says_what_it_draws(
    lang: str, jupyterlab: Lab
) -> None:
    shown = "\n".join(f"display(xn.section('{s.key}', lang='{lang}'))" for s in SECTIONS)
    cell = (
        "from IPython.display import display\nimport xentlab.notebook as xn\n"
        f"_ = xn.lab(lang='{lang}', {LAB})\n{shown}"
    )
    url = jupyterlab.notebook(f"every-widget-{lang}.ipynb", cell)
    assert apart(audit, jupyterlab, url, lang) == []


# ---- section 1's slider, moved ----


def move(lab: Lab, url: str, lang: str) -> list[str]:
    """Step section 1's ŷ slider with the keyboard, then drag it; after each, the chart says
    the current point; returns axe's violations once moved."""
    s, ui = section("bce"), load("ui", lang)
    with opened(lab, url) as page:
        widget = page.locator(WIDGETS)
        # the controls are named as the page names them
        slider = widget.get_by_role("slider", name=ui["yhat_slider"])
        expect(slider).to_have_value("0.3")
        expect(widget.get_by_role("group", name=ui["label_toggle"])).to_be_visible()
        label = widget.get_by_role("button", name=ui["label_1"])
        expect(label).to_have_attribute("aria-pressed", "true")
        chart, numbers = widget.get_by_test_id("chart"), widget.get_by_test_id("chart-data")
        seen = [0.3]
        for step in ("keyboard", "mouse"):
            if step == "keyboard":
                slider.focus()
                page.keyboard.press("ArrowRight")
            else:
                browser.drag(page, slider, 0.35, 0.8)
            expect(slider).not_to_have_value(str(seen[-1]))
            yhat = float(slider.input_value())
            seen.append(yhat)
            view = s.lesson.compute(bce.Inputs(yhat=yhat, y=1))
            text, rows = said(s.panel(view, lang).chart("chart").options, "chart", lang)
            expect_said(chart, numbers, text, rows)
            # the current point, named by its value and the library's loss there
            assert number(yhat) in text and number(round(browser.bce(yhat, 1), 6)) in text, text
            numbers.locator("summary").click()
            expect(numbers.locator("table")).to_be_visible()
            numbers.locator("summary").click()
        # one step of 0.01 on the keyboard; the drag to 80 % of the track
        assert seen[1] == pytest.approx(0.31) and seen[2] > 0.6
        return violations(page)


@pytest.mark.parametrize("lang", LANGS)
def test_a_moved_slider_is_said_by_the_chart_in_words_and_numbers(
    lang: str, jupyterlab: Lab
) -> None:
    cell = f"import xentlab.notebook as xn\nxn.section('binary', yhat=0.3, y=1, lang='{lang}')"
    url = jupyterlab.notebook(f"moved-{lang}.ipynb", cell)
    assert apart(move, jupyterlab, url, lang) == []
