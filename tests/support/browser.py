"""What the browser tests share: opening a section, its slider's handle and value, and the
library's numbers the pages show."""

from __future__ import annotations

from typing import Any

import numpy as np
from playwright.sync_api import Locator, Page, expect

import xentlab as xl
from xentlab.app.pages.widgets import fmt


def num(x: Any) -> float:
    return float(np.asarray(x).item())


def bce(p: float, y: float = 1.0) -> float:
    return num(xl.binary_cross_entropy(np.array([p]), np.array([y])))


def drag(page: Page, slider: Locator, start: float, end: float, steps: int = 10) -> None:
    """Press the mouse on ``slider`` at ``start`` of its width, drag to ``end`` in ``steps``."""
    box = slider.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + start * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + end * box["width"], y, steps=steps)
    page.mouse.up()


def open_section(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("chart")).to_be_visible()
    page.wait_for_function("() => window.did_handshake === true")  # events now reach the server


def keyboard_handle(slider: Locator) -> Locator:
    """The part of a Quasar slider that takes keyboard focus (its track, tabindex 0), focused."""
    handle = slider.locator("[tabindex='0']").first
    handle.focus()
    return handle


def slider_value(slider: Locator) -> float:
    """The value a slider (its test id's element) tells a screen reader: its track's
    ``aria-valuenow``, where the shell's script moves a Quasar slider's words."""
    value = slider.locator("[role=slider]").first.get_attribute("aria-valuenow")
    assert value is not None
    return float(value)


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


P0 = np.array([0.5, 0.25, 0.125, 0.125])


Q0 = np.array([0.2, 0.4, 0.6, 0.8])  # weights: the probabilities are these halved


def kl_bits(p: np.ndarray, q: np.ndarray) -> str:
    return fmt(float(xl.info.kl_divergence(p / p.sum(), q / q.sum(), base=2))) + " bits"


#: the options ECharts draws from, read from the chart carrying ``testid``
OPTION = "el => getElement(el.id.slice(1)).chart.getOption()"


def option(page: Page, testid: str) -> dict[str, Any]:
    return page.get_by_test_id(testid).evaluate(OPTION)  # type: ignore[no-any-return]


def series_in(page: Page, testid: str, sid: str) -> dict[str, Any]:
    (found,) = [s for s in option(page, testid)["series"] if s.get("id") == sid]
    return found  # type: ignore[no-any-return]
