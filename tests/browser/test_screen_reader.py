"""Every page as a screen reader reads it: a walk through Playwright's accessibility snapshot
(the accessibility tree Chromium gives assistive technology) of home, the 13 sections, the
Lab and "Your predictions", in English and Chinese.

What a listener needs, checked on every page:
- one level-1 heading, the page's title, and the cards' titles as level-2 headings, so that a
  screen reader's list of headings is the page's outline;
- every control named: no slider, button, text box, combo box or link without a name;
- every slider with its value (``aria-valuenow``; §1's also in words, ``aria-valuetext``);
- every chart an image whose name says what it draws and where the current point is;
- the content in a main landmark, reached from the skip link.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from xentlab.course.content import load
from xentlab.course.sections import SECTIONS

LANGS = ("en", "zh")
#: the pages' own titles: home, the sections, the Lab, "Your predictions"
PAGES = (
    [("/", lambda lang: load("ui", lang)["home_title"])]
    + [(s.path, lambda lang, s=s: s.content(lang)["title"]) for s in SECTIONS]
    + [("/lab", lambda lang: load("lab", lang)["title"])]
    + [("/predictions", lambda lang: load("predictions", lang)["title"])]
)
#: roles a listener operates, each of which must say what it is
CONTROLS = ("slider", "button", "textbox", "combobox", "link", "checkbox", "tab", "spinbutton")
#: what the charts' words settle after (app/pages/shell.URL_DELAY_S and a margin)
SETTLE_MS = 800


def tree(page: Page) -> list[str]:
    """The snapshot of the page's main landmark, one node per line, indentation dropped."""
    snapshot = page.get_by_role("main").aria_snapshot()
    nodes = [line.strip().removeprefix("- ") for line in snapshot.splitlines()]
    # (a node with a colon in it is written as a quoted YAML string)
    return [n[1:-1].replace("''", "'") if n[:1] == n[-1:] == "'" else n for n in nodes]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_reads_well(page: Page, base_url: str, path: str, title: object, lang: str) -> None:
    response = page.goto(f"{base_url}{path}?lang={lang}")
    assert response is not None and response.status == 200
    page.wait_for_function("() => window.did_handshake === true")
    page.wait_for_timeout(SETTLE_MS)
    nodes = tree(page)
    assert callable(title)
    headings = [n for n in nodes if n.startswith("heading ")]
    level_1 = [h for h in headings if h.endswith("[level=1]")]
    assert level_1 == [f'heading "{title(lang)}" [level=1]'], level_1
    if path not in ("/lab", "/predictions"):  # (whose cards come with results)
        assert any(h.endswith("[level=2]") for h in headings), "no card titles among headings"

    for node in nodes:
        role = re.match(r"[a-z]+", node)
        if role and role.group() in CONTROLS:
            assert re.match(rf'{role.group()} "[^"]+"', node), f"a {role.group()} with no name"
        if node.startswith("img"):
            assert re.match(r'img "[^"]{20,}"', node), f"an image with few or no words: {node}"

    # every slider says its value (the snapshot shows a slider's pin, not its aria-valuenow)
    values = page.eval_on_selector_all(
        "main [role=slider]", "els => els.map(e => e.getAttribute('aria-valuenow'))"
    )
    assert all(v not in (None, "") for v in values), values

    # the skip link leads into the main landmark
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=load("ui", lang)["skip"])).to_be_focused()


@pytest.mark.parametrize("lang", LANGS)
def test_chart_says_where_the_point_is(page: Page, base_url: str, lang: str) -> None:
    """Section 1's curve says, in the page's language, the prediction it marks."""
    page.goto(f"{base_url}/binary?lang={lang}&yhat=0.37")
    page.wait_for_function("() => window.did_handshake === true")
    page.wait_for_timeout(SETTLE_MS)
    current = load("ui", lang)["current"]  # the point's name: "now"
    image = page.get_by_test_id("chart")
    expect(image).to_have_attribute("aria-label", re.compile(rf"{current}[:：] ?ŷ = 0\.37"))
    slider = page.get_by_role("slider").first
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"0\.37.*37%"))
