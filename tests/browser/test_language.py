"""中文 and English in the browser: the header switch keeps the page and its state, a ``lang``
link opens in its language and keeps it across the page's links, the browser's preferred
language decides otherwise, an unknown ``lang`` falls back to English with the notice; every
page in Chinese shows no English UI words (the layout of every page in Chinese, and its
screenshots, are checked in test_layout.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from support.english import english_words
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS, section

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    **{s.slug: s.path for s in SECTIONS},
    "lab": "/lab",
    "predictions": "/predictions",
}

#: connected, with its charts and formulas drawn
READY = """() => window.did_handshake === true
    && [...document.querySelectorAll('.nicegui-echart')].every(e => e.querySelector('canvas'))"""

#: the page's visible text, less icon names (Material icons are drawn from ligature words such
#: as ``swap_vert``, which no reader sees)
VISIBLE_TEXT = """() => {
  for (const icon of document.querySelectorAll('.q-icon, .material-icons')) icon.textContent = '';
  return document.body.innerText;
}"""


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def press(page: Page, key: str) -> None:
    """Press ``key`` on the ŷ slider (its track takes the keyboard focus)."""
    handle = page.get_by_test_id("yhat").locator("[tabindex='0']").first
    handle.focus()
    handle.press(key)


def open_ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(READY)


def test_the_switch_keeps_the_page_its_state_and_numbers(page: Page, base_url: str) -> None:
    open_ready(page, f"{base_url}/binary?yhat=0.3&y=0")
    press(page, "ArrowRight")  # ŷ = 0.31: a state the link did not hold
    expect(page).to_have_url(re.compile(r"yhat=0\.31"))
    english = {key: page.get_by_test_id(key).inner_text() for key in ("loss", "dloss_dyhat")}

    page.get_by_test_id("lang-zh").click()
    expect(page).to_have_url(re.compile(r"lang=zh"))
    page.wait_for_function(READY)
    assert query(page.url) == {"yhat": ["0.31"], "y": ["0"], "lang": ["zh"]}
    zh = section("bce").content("zh")
    expect(page.get_by_text(zh["title"], exact=True)).to_be_visible()
    for key, value in english.items():
        expect(page.get_by_test_id(key)).to_have_text(value)
    assert page.title() == f"{zh['title']} · xentlab"
    expect(page.get_by_test_id("yhat").get_by_role("slider")).to_have_attribute(
        "aria-valuenow", "0.31"
    )

    # a change on the Chinese page keeps the language in the address
    press(page, "ArrowRight")
    expect(page).to_have_url(re.compile(r"yhat=0\.32"))
    assert query(page.url)["lang"] == ["zh"]

    page.get_by_test_id("lang-en").click()
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.get_by_text(section("bce").content("en")["title"], exact=True)).to_be_visible()
    assert query(page.url)["yhat"] == ["0.32"]


def test_a_chinese_link_opens_in_chinese_and_its_links_stay_in_chinese(
    page: Page, base_url: str
) -> None:
    open_ready(page, f"{base_url}/softmax?lang=zh")
    ui = load("ui", "zh")
    expect(page.get_by_test_id("lang-zh")).to_have_attribute("aria-current", "true")
    # Chinese glyph forms, not Japanese ones, and a screen reader that reads Chinese
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.get_by_test_id("next").click()
    expect(page).to_have_url(re.compile(r"/ce-vs-mse\?lang=zh$"))
    expect(
        page.get_by_text(section("ce_vs_mse").content("zh")["title"], exact=True)
    ).to_be_visible()
    page.goto(f"{base_url}/?lang=zh")
    expect(page.get_by_text(ui["home_title"], exact=True)).to_be_visible()
    page.get_by_test_id("open-lab").click()
    expect(page).to_have_url(re.compile(r"/lab\?lang=zh$"))
    expect(page.get_by_text(load("lab", "zh")["title"], exact=True)).to_be_visible()


def test_the_browser_language_decides_when_the_link_names_none(
    browser: Browser, base_url: str
) -> None:
    for locale, lang in (("zh-CN", "zh"), ("en-GB", "en"), ("de-DE", "en")):
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            open_ready(page, f"{base_url}/binary")
            title = section("bce").content(lang)["title"]
            expect(page.get_by_text(title, exact=True)).to_be_visible()
            # chosen by the browser, not written into the address for others
            assert "lang" not in query(page.url)
        finally:
            context.close()


def test_an_unknown_language_falls_back_to_english_with_the_notice(
    page: Page, base_url: str
) -> None:
    open_ready(page, f"{base_url}/binary?yhat=0.4&lang=fr")
    notice = load("ui", "en")["notice_bad_query"].format(keys="lang")
    expect(page.get_by_test_id("notice")).to_have_text(notice)
    expect(page.get_by_text(section("bce").content("en")["title"], exact=True)).to_be_visible()
    # the address keeps the state and drops what it could not use
    expect(page).to_have_url(re.compile(r"\?yhat=0\.4&y=1$"))


@pytest.mark.parametrize("name", list(PAGES))
def test_a_chinese_page_shows_no_english_words(page: Page, base_url: str, name: str) -> None:
    open_ready(page, f"{base_url}{PAGES[name]}?lang=zh")
    if name == "predictions":  # the bundled example's numbers and tables, once trained
        expect(page.get_by_test_id("ece")).not_to_have_text("", timeout=60_000)
    text = page.evaluate(VISIBLE_TEXT)
    english = english_words(text)
    assert english == [], f"English on /{name}?lang=zh: {english}"
    assert re.search(r"[\u4e00-\u9fff]", text)
