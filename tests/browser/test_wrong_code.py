"""Section 8 in headless Chromium: the language and text controls of the wrong-code section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support.browser import open_section
from xentlab import coding
from xentlab.app.pages.widgets import fmt

pytestmark = pytest.mark.browser


def test_wrong_code_languages_and_your_text(page: Page, base_url: str, screenshots: Path) -> None:
    open_section(page, base_url + "/wrong-code?src=French&code=English")
    cost = coding.wrong_code_cost("French", "English")
    expect(page.get_by_test_id("wrong_length")).to_have_text(fmt(cost.wrong_length))
    page.get_by_test_id("code").click()
    page.get_by_role("option", name="German").click()
    expect(page.get_by_test_id("kl")).to_have_text(
        fmt(coding.wrong_code_cost("French", "German").kl)
    )
    expect(page).to_have_url(re.compile(r"code=German"))
    text = "El rápido zorro marrón salta sobre el perro perezoso y duerme en la casa."
    page.get_by_test_id("text").fill(text)
    best = coding.rank_languages(text)[0]
    expect(page.get_by_test_id("rank-0")).to_have_text(f"{best[1]:.4f} bits per letter")
    assert best[0] == "Spanish"
    page.screenshot(path=str(screenshots / "wrong-code.png"), full_page=True)
    page.get_by_test_id("text").fill("1234")
    expect(page.get_by_test_id("text-problem")).to_be_visible()
