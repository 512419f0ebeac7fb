"""Every page passes axe-core's WCAG 2.0 / 2.1 A and AA rules, in English and Chinese, at a
laptop's and a phone's width: home, the 13 sections, the Lab (idle, training, finished) and
"Your predictions" (its example scored, a file refused). axe-core is the copy bundled in the
axe-playwright-python package: nothing comes from a CDN."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from support.axe import axe_violations
from support.browser import keyboard_handle, slider_value
from xentlab.course.lessons import bce
from xentlab.course.sections import SECTIONS, section

pytestmark = pytest.mark.browser

WIDTHS = (1280, 420)
LANGS = ("en", "zh")
#: what is written once a page pauses (the charts' words, focusable boxes, Quasar's names)
SETTLE_MS = 800
#: the first visit to "Your predictions" may train its example (the server warms it up)
TRAINING_MS = 60_000


def violations(page: Page) -> list[str]:
    """axe-core's violations on ``page`` once it has settled."""
    page.wait_for_timeout(SETTLE_MS)
    return axe_violations(page)


@pytest.fixture(
    params=[(w, lang) for w in WIDTHS for lang in LANGS], ids=lambda p: f"{p[0]}-{p[1]}"
)
def audited(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str]]:
    """A page at one width, and the language to open pages in."""
    width, lang = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(20_000)
    yield context.new_page(), lang
    context.close()


def opened(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_function("() => window.did_handshake === true")


def test_home_and_every_section(audited: tuple[Page, str], base_url: str) -> None:
    page, lang = audited
    found = {}
    for path in ["/", *(s.path for s in SECTIONS)]:
        opened(page, f"{base_url}{path}?lang={lang}")
        found[path] = violations(page)
    assert {p: v for p, v in found.items() if v} == {}


def _lab_states(page: Page) -> Iterator[str]:
    yield "idle"
    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile(r"[1-9]"))
    yield "training"
    expect(page.get_by_test_id("train")).to_be_enabled(timeout=60_000)
    yield "finished"


def _prediction_states(page: Page) -> Iterator[str]:
    expect(page.get_by_test_id("source")).to_contain_text("450", timeout=TRAINING_MS)
    yield "example scored"
    page.get_by_test_id("tab-upload").click()
    uploader = page.get_by_test_id("upload-predictions").locator("input[type=file]")
    uploader.set_input_files({"name": "p.npy", "mimeType": "text/plain", "buffer": b"not numpy"})
    expect(page.get_by_test_id("error")).not_to_be_empty()
    yield "a file refused"


STATES: dict[str, tuple[str, Callable[[Page], Iterator[str]]]] = {
    "lab": ("/lab?dataset=breast-cancer&model=logreg&epochs=60", _lab_states),
    "predictions": ("/predictions", _prediction_states),
}


@pytest.mark.parametrize("name", STATES)
def test_the_lab_and_your_predictions_in_each_state(
    name: str, audited: tuple[Page, str], base_url: str
) -> None:
    page, lang = audited
    path, states = STATES[name]
    opened(page, f"{base_url}{path}{'&' if '?' in path else '?'}lang={lang}")
    found: dict[str, Any] = {}
    for state in states(page):
        found[state] = violations(page)
    assert {s: v for s, v in found.items() if v} == {}


def test_the_first_tab_reaches_a_skip_link_to_the_content(page: Page, base_url: str) -> None:
    opened(page, f"{base_url}/binary")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    expect(page.get_by_role("main")).to_have_count(1)


def test_a_keyboard_step_is_announced_once_the_changes_pause(page: Page, base_url: str) -> None:
    s = section("bce")
    opened(page, f"{base_url}/binary?yhat=0.3&y=0")
    news = page.get_by_test_id("news")
    expect(news).to_have_attribute("aria-live", "polite")
    expect(news).to_have_text("")  # the page as it opens: nothing to announce
    slider = page.get_by_test_id("yhat")
    keyboard_handle(slider).press("ArrowRight")
    expect(slider.get_by_role("slider")).not_to_have_attribute("aria-valuenow", "0.3")
    rows = s.panel(s.lesson.compute(bce.Inputs(yhat=slider_value(slider), y=0))).rows
    expect(news).to_have_text(f"{rows[0].label} {rows[0].text}; {rows[1].label} {rows[1].text}")
