"""Every section page in headless Chromium: its main control by keyboard and by mouse drag, the
shown numbers against the library, link round-trips and bad links."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import xentlab as xl
from support.browser import P0, Q0, bce, keyboard_handle, kl_bits, num, open_section, slider_value
from xentlab.course.charts import fmt_small as shown_as  # the read-outs never write a nonzero as 0
from xentlab.course.params import Param
from xentlab.course.sections import section

pytestmark = pytest.mark.browser


def softmax_loss(t: float) -> float:
    return num(xl.cross_entropy(np.array([[2.0, 1.0, -1.0]]) / t, np.array([0])))


def mse(p: float) -> float:
    return num(xl.mse_loss(np.array([p]), np.array([1.0])))


def mse_logit_grad(p: float) -> float:
    # |∂MSE/∂z| = |∂MSE/∂ŷ| · σ′(z), σ′(z) = ŷ(1 − ŷ)
    return abs(num(xl.grad.mse_loss(np.array([p]), np.array([1.0])))) * p * (1 - p)


def bce_logits(z: float) -> float:
    return num(xl.binary_cross_entropy_with_logits(np.array([z]), np.array([1.0])))


def binary_entropy_bits(p: float) -> float:
    return num(xl.info.entropy(np.array([p, 1 - p]), base=2))


def log_softmax_last(log_scale: float) -> float:
    # the stability section's logits are (1, 0, −1) × 10^s; the last class's log-probability
    return float(xl.log_softmax(10.0**log_scale * np.array([1.0, 0.0, -1.0]))[-1])


def smoothing_floor(eps: float) -> float:
    # three classes (the default counts), true class 0: target (1 − ε + ε/3, ε/3, ε/3)
    return num(xl.info.entropy(np.array([1 - eps + eps / 3, eps / 3, eps / 3])))


def nats_in_bits(ce: float) -> float:
    return ce / float(np.log(2))


@dataclass(frozen=True)
class Spec:
    """A section's main slider (its marker and the input it moves) and one number it drives;
    the slider's default, step and URL key are read from the lesson's declaration."""

    slug: str
    slider: str
    field: str
    number: str
    expected: Callable[[float], float]

    @property
    def path(self) -> str:
        return section(self.slug).path

    @property
    def declared(self) -> Param:
        return section(self.slug).lesson.Inputs.param(self.field)  # type: ignore[no-any-return]

    @property
    def start(self) -> float:
        return float(self.declared.default)

    @property
    def step(self) -> float:
        return float(self.declared.spec.step)

    @property
    def url_key(self) -> str:
        return self.declared.key


SPECS = [
    Spec("binary", "yhat", "yhat", "loss", bce),
    Spec("softmax", "temperature", "temperature", "loss", softmax_loss),
    Spec("ce-vs-mse", "yhat", "yhat", "mse", mse),
    Spec("slow-mse", "yhat", "yhat", "mse_grad", mse_logit_grad),
    Spec("likelihood", "yhat", "yhat", "loss", bce),
    Spec("binary-vs-categorical", "z", "z", "bce", bce_logits),
    Spec("landscape", "p", "p", "entropy", binary_entropy_bits),
    Spec("stability", "scale", "log_scale", "log_softmax", log_softmax_last),
    Spec("imbalance", "eps", "smoothing", "floor", smoothing_floor),
    Spec("applications", "ce", "ce", "ce_other", nats_in_bits),
]


IDS = [s.slug for s in SPECS]


def chart_points(page: Page) -> list[list[float]]:
    """The data of the chart's scatter series (the current points), read from ECharts itself."""
    return page.get_by_test_id("chart").evaluate(
        """el => getElement(el.id.slice(1)).chart.getOption().series
                 .filter(s => s.type === 'scatter').map(s => s.data[0])"""
    )


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_keyboard_moves_the_main_slider(
    spec: Spec, page: Page, base_url: str, screenshots: Path
) -> None:
    open_section(page, base_url + spec.path)
    number = page.get_by_test_id(spec.number)
    expect(number).to_have_text(shown_as(spec.expected(spec.start)))
    slider = page.get_by_test_id(spec.slider)
    handle = keyboard_handle(slider)
    for _ in range(3):
        handle.press("ArrowRight")
    value = round(spec.start + 3 * spec.step, 10)
    expect(slider.get_by_role("slider")).to_have_attribute("aria-valuenow", f"{value:g}")
    expect(number).to_have_text(shown_as(spec.expected(value)))
    expect(page).to_have_url(re.compile(rf"[?&]{spec.url_key}={value:g}(&|$)"))
    if spec.path in {"/binary", "/ce-vs-mse", "/slow-mse", "/likelihood", "/binary-vs-categorical"}:
        assert any(abs(point[0] - value) < 1e-9 for point in chart_points(page))
    page.screenshot(path=str(screenshots / f"{spec.slug}.png"), full_page=True)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_mouse_drag_updates_while_dragging(spec: Spec, page: Page, base_url: str) -> None:
    open_section(page, base_url + spec.path)
    number = page.get_by_test_id(spec.number)
    before = shown_as(spec.expected(spec.start))
    expect(number).to_have_text(before)
    slider = page.get_by_test_id(spec.slider)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] * 0.75  # the track sits below the always-on value label
    page.mouse.move(box["x"] + box["width"] * 0.15, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=8)
    expect(number).not_to_have_text(before)  # updated before the button is released
    page.mouse.move(box["x"] + box["width"] * 0.85, y, steps=8)
    page.mouse.up()
    value = slider_value(slider)
    expect(number).to_have_text(shown_as(spec.expected(value)))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_link_restores_the_state(spec: Spec, page: Page, base_url: str) -> None:
    open_section(page, base_url + spec.path)
    slider = page.get_by_test_id(spec.slider)
    keyboard_handle(slider).press("PageDown")
    expect(slider.get_by_role("slider")).not_to_have_attribute("aria-valuenow", f"{spec.start:g}")
    value = slider_value(slider)
    shown = shown_as(spec.expected(value))
    expect(page.get_by_test_id(spec.number)).to_have_text(shown)
    expect(page).not_to_have_url(base_url + spec.path)
    link = page.url
    open_section(page, link)
    expect(page.get_by_test_id(spec.slider).get_by_role("slider")).to_have_attribute(
        "aria-valuenow", f"{value:g}"
    )
    expect(page.get_by_test_id(spec.number)).to_have_text(shown)
    expect(page.get_by_test_id("notice")).to_have_count(0)


@pytest.mark.parametrize(
    ("query", "spec"),
    [
        ("?yhat=abc", SPECS[0]),
        ("?yhat=5&y=1", SPECS[0]),
        ("?logits=" + ",".join(["1"] * 11), SPECS[1]),
        ("?T=-3", SPECS[1]),
        ("?yhat=1e400", SPECS[2]),
        ("?yhat=", SPECS[3]),
        ("?y=7", SPECS[4]),
        ("?z=abc&k=99", SPECS[5]),
        ("?p=abc&q=2", SPECS[6]),
        ("?s=9&k=0", SPECS[7]),
        ("?counts=1,0&eps=2", SPECS[8]),
        ("?ce=-1&unit=hartleys", SPECS[9]),
    ],
)
def test_bad_link_shows_defaults_and_a_notice(
    query: str, spec: Spec, page: Page, base_url: str
) -> None:
    open_section(page, base_url + spec.path + query)
    expect(page.get_by_test_id("notice")).to_be_visible()
    expect(page.get_by_test_id(spec.number)).to_have_text(shown_as(spec.expected(spec.start)))
    expect(page.get_by_test_id(spec.slider).get_by_role("slider")).to_have_attribute(
        "aria-valuenow", f"{spec.start:g}"
    )
    assert "Traceback" not in page.content()
    # the address bar then holds the state shown, not the bad link
    shown = section(spec.slug).lesson.Inputs().to_query()
    expect(page).to_have_url(base_url + spec.path + "?" + urlencode(shown, safe=","))


def test_bad_links_of_sections_7_and_8(page: Page, base_url: str) -> None:
    open_section(page, base_url + "/entropy-kl?p=1,1,1&q=1,1")
    expect(page.get_by_test_id("notice")).to_be_visible()
    expect(page.get_by_test_id("kl")).to_have_text(kl_bits(P0, Q0))
    open_section(page, base_url + "/wrong-code?src=Klingon")
    expect(page.get_by_test_id("notice")).to_be_visible()
    assert "Traceback" not in page.content()
