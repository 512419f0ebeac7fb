"""The home page in headless Chromium: every section listed, every page local and reachable."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support.browser import open_section
from xentlab.course.sections import SECTIONS

pytestmark = pytest.mark.browser


def test_every_page_is_local_and_has_a_home(page: Page, base_url: str, screenshots: Path) -> None:
    response = page.goto(base_url + "/")
    assert response is not None and response.status == 200
    for s in SECTIONS:
        expect(page.get_by_text(s.content()["teaches"])).to_be_visible()
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)
    page.get_by_test_id("open-binary").click()
    expect(page).to_have_url(base_url + "/binary")
    for s in SECTIONS[1:]:
        open_section(page, base_url + s.path)
        expect(page.locator("math").first).to_be_visible()  # formulas render as MathML
    # the page fixture asserts that no request (HTTP or websocket) left localhost
