"""The Lab page in headless Chromium: two tabs train at once without mixing; Stop stops."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def series_lengths(page: Page, key: str) -> list[int]:
    return page.get_by_test_id(f"chart-{key}").evaluate(
        "el => getElement(el.id.slice(1)).chart.getOption().series.map(s => s.data.length)"
    )


def open_lab(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("train")).to_be_enabled()
    page.wait_for_function("() => window.did_handshake === true")


@pytest.mark.slow  # two races of 40 and 25 epochs: about 5 s
def test_two_tabs_train_at_once_without_mixing(
    page: Page, browser: Browser, base_url: str, screenshots: Path
) -> None:
    other_context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    try:
        open_lab(page, base_url + "/lab?dataset=digits&model=mlp&epochs=40")
        open_lab(other, base_url + "/lab?dataset=breast-cancer&model=logreg&epochs=25&init=1")
        page.get_by_test_id("train").click()
        other.get_by_test_id("train").click()
        expect(page.get_by_test_id("status")).to_have_text("Epoch 40 of 40", timeout=60_000)
        expect(other.get_by_test_id("status")).to_have_text("Epoch 25 of 25", timeout=60_000)
        expect(page.get_by_text("Finished 40 epochs.")).to_be_visible()
        expect(other.get_by_text("Finished 25 epochs.")).to_be_visible()
        for key in ("test_accuracy", "train_loss", "output_grad"):
            assert series_lengths(page, key) == [40, 40]
            assert series_lengths(other, key) == [25, 25]
        expect(page).to_have_url(re.compile(r"dataset=digits&model=mlp&lr=0.5&epochs=40"))
        page.screenshot(path=str(screenshots / "lab.png"), full_page=True)
    finally:
        other_context.close()


def test_stop_ends_a_long_run_and_the_page_stays_responsive(page: Page, base_url: str) -> None:
    open_lab(page, base_url + "/lab?epochs=2000")
    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile(r"Epoch [1-9]\d* of 2000"))
    expect(page.get_by_test_id("train")).to_be_disabled()
    page.get_by_test_id("stop").click()
    expect(page.get_by_text(re.compile(r"Stopped at epoch \d+\."))).to_be_visible()
    expect(page.get_by_test_id("train")).to_be_enabled()
