"""Every page at 400 % zoom of a 1280 × 1024 window, a viewport of 320 × 256 CSS px (WCAG
1.4.10, reflow), as designed and with WCAG 1.4.12's text spacing forced on every element, in
each language: the page never scrolls sideways (wide content scrolls in a box of its own: a
table, a formula, a row of tabs), and no text or control is lost: none is cut by a box that
clips it (overflow hidden or clip, a number box cutting its number), none runs past the card
that holds it, and no text lies over other text. What is meant to be out of sight is left out:
the screen-reader-only text, the skip link until it has the focus, a closed disclosure, the
closed menu, and what a scroll box holds (the user scrolls to it). The menu is checked open.
One browser page per language opens every page in turn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from xentlab.course.content import LANGUAGES
from xentlab.course.sections import SECTIONS

pytestmark = pytest.mark.browser

#: every page of the explorer
PATHS = ["/", *(s.path for s in SECTIONS), "/lab", "/predictions"]

#: a 1280 × 1024 window at 400 % zoom
VIEWPORT: ViewportSize = {"width": 1280 // 4, "height": 1024 // 4}

#: WCAG 1.4.12's text spacing: line height 1.5, paragraphs 2 em apart, letters 0.12 em and
#: words 0.16 em apart, on every element, over the page's own style
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

#: the page has connected and drawn its charts
READY = """() => window.did_handshake === true
    && [...document.querySelectorAll('.nicegui-echart')].every(e => e.querySelector('canvas'))"""

#: the first visit to "Your predictions" may train its example (the server warms it up)
TRAINING_MS = 60_000

#: What is lost on the page, measured in the browser: how wide the page scrolls, and one line
#: for each text or control that is cut, runs past its card, or lies over other text (named by
#: tag, test id, classes and the start of its text, so that a failure says where to look).
#: A text is its text nodes' line boxes, a control its box, a number box's number its
#: scrollWidth. Each is checked against every box around it up to the page: a box that clips
#: sideways (overflow-x hidden or clip) must hold it sideways; a box that clips both ways, or a
#: card, must hold it both ways; a box that scrolls one way ends the check that way.
LOST = """() => {
  const name = el => [el.tagName.toLowerCase(), el.dataset.testid || '',
    (typeof el.className === 'string' ? el.className : '').slice(0, 60),
    (el.innerText || el.value || el.getAttribute('aria-label') || '')
      .replace(/[\\ud800-\\udfff]/g, '').replace(/\\s+/g, ' ').trim().slice(0, 40)]
    .filter(Boolean).join(' | ');
  const menu = document.querySelector('.q-drawer');
  const away = el => !el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    || el.closest('.xl-sr-only, .xl-skip:not(:focus), details:not([open]) > :not(summary)')
    || (menu && menu.contains(el) && menu.getBoundingClientRect().right <= 0);
  const clips = v => v === 'hidden' || v === 'clip';
  const scrolls = v => v === 'auto' || v === 'scroll';
  const union = rects => rects.reduce((u, r) => ({
    left: Math.min(u.left, r.left), right: Math.max(u.right, r.right),
    top: Math.min(u.top, r.top), bottom: Math.max(u.bottom, r.bottom)}),
    {left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity});
  const lineBoxes = node => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  };
  // what to check: [element, its ink, the first box that may cut it]
  const texts = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.data.trim() || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    const rects = lineBoxes(n);
    if (rects.length) texts.set(el, [...(texts.get(el) || []), ...rects]);
  }
  const items = [...texts].map(([el, rects]) => [el, union(rects), el]);
  const controls = `button, input:not([type=hidden]), select, textarea, a[href], [role=slider],
    [role=button], [role=tab], [role=checkbox], [role=radio], [role=switch], [tabindex="0"]`;
  for (const el of document.querySelectorAll(controls)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) items.push([el, r, el.parentElement]);
  }
  const lost = [];
  for (const [el, ink, from] of items) {
    if (away(el)) continue;
    let sideways = true, upDown = true;
    for (let a = from; a && a !== document.body && (sideways || upDown); a = a.parentElement) {
      const style = getComputedStyle(a);
      const card = a.classList.contains('q-card');
      const cutX = clips(style.overflowX) || card;
      const cutY = (clips(style.overflowX) && clips(style.overflowY)) || card;
      const r = a.getBoundingClientRect();
      const left = card ? r.left : r.left + a.clientLeft, top = card ? r.top : r.top + a.clientTop;
      const right = card ? r.right : left + a.clientWidth;
      const bottom = card ? r.bottom : top + a.clientHeight;
      const how = card ? 'runs past its card' : 'cut by';
      if (sideways && cutX && (ink.left < left - 1 || ink.right > right + 1)) {
        lost.push(`${name(el)}: ${how} ${name(a)} (sideways)`);
        break;
      }
      if (upDown && cutY && (ink.top < top - 1 || ink.bottom > bottom + 1)) {
        lost.push(`${name(el)}: ${how} ${name(a)} (up or down)`);
        break;
      }
      if (scrolls(style.overflowX)) sideways = false;
      if (scrolls(style.overflowY)) upDown = false;
    }
  }
  for (const input of document.querySelectorAll('input')) {
    if (input.value && !away(input) && input.scrollWidth > input.clientWidth + 1)
      lost.push(`${name(input)}: its number cut by its box`);
  }
  // text over other text (a formula's scripts touch by design; what a box scrolls is left out)
  const inScrollBox = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (scrolls(style.overflowX) || scrolls(style.overflowY)) return true;
    }
    return false;
  };
  const lines = [];
  for (const [el, rects] of texts) {
    if (away(el) || el.closest('math') || inScrollBox(el)) continue;
    for (const r of rects) lines.push([el, r]);
  }
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a, r] = lines[i], [b, s] = lines[j];
      const across = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const down = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (a !== b && across > 2 && down > 2) lost.push(`${name(a)}: over ${name(b)}`);
    }
  }
  return {width: window.innerWidth, scrolls: document.scrollingElement.scrollWidth, lost};
}"""


@pytest.fixture(scope="module", params=LANGUAGES)
def narrow(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str]]:
    """One page at 320 × 256 for every page in one language, and the language."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, request.param
    context.close()
    assert errors == []


def opened(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_function(READY)
    page.evaluate("() => document.fonts.ready")
    if "/predictions" in url:  # the example scored: its diagrams and tables shown
        expect(page.get_by_test_id("before-title")).not_to_be_empty(timeout=TRAINING_MS)


def lost(page: Page) -> list[str]:
    """What is lost on ``page`` as designed, then with the text spacing (one line each)."""
    found = []
    for spacing in (False, True):
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        m: dict[str, Any] = page.evaluate(LOST)
        assert m["width"] == VIEWPORT["width"]
        how = "with text spacing" if spacing else "as designed"
        if m["scrolls"] > m["width"] + 1:
            found.append(f"{how}: the page scrolls sideways, {m['scrolls']} px wide")
        found += [f"{how}: {line}" for line in m["lost"]]
    return found


@pytest.mark.parametrize("path", PATHS)
def test_nothing_is_lost_at_400_percent_nor_with_text_spacing(
    path: str, narrow: tuple[Page, str], base_url: str
) -> None:
    page, lang = narrow
    opened(page, f"{base_url}{path}?lang={lang}")
    found = lost(page)
    assert found == [], "\n".join(found)


def test_the_open_menu_loses_nothing(narrow: tuple[Page, str], base_url: str) -> None:
    """The menu, opened at 320 px, lies over the page whole, every link in it; its links wrap
    and it scrolls up and down, never sideways, as designed and with the text spacing."""
    page, lang = narrow
    opened(page, f"{base_url}/?lang={lang}")
    page.locator("header button").first.click()
    menu = page.locator(".q-drawer")
    expect(menu).to_be_in_viewport(ratio=1)
    expect(menu.get_by_role("link")).to_have_count(len(PATHS))
    for spacing in (False, True):
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        fits = menu.locator(".q-drawer__content").evaluate(
            """box => box.scrollWidth <= box.clientWidth + 1 && [...box.querySelectorAll('a')]
                .every(a => a.getBoundingClientRect().right <= box.getBoundingClientRect().right)"""
        )
        assert fits, "with text spacing" if spacing else "as designed"


def test_the_measure_sees_what_it_guards(narrow: tuple[Page, str], base_url: str) -> None:
    """LOST finds a heading cut by a fixed height, a line cut sideways, a card too short for
    its content, a number box too narrow for its number, text over text and a page that
    scrolls sideways; and leaves out what a box of its own scrolls."""
    page, lang = narrow
    opened(page, f"{base_url}/binary?lang={lang}")
    assert page.evaluate(LOST)["lost"] == []
    page.evaluate(
        """() => {
        const card = document.querySelector('.q-card');
        const add = (parent, tag, testid, text, style) => {
          const el = parent.appendChild(document.createElement(tag));
          Object.assign(el.style, style);
          el.dataset.testid = testid;
          if (tag === 'input') el.value = text; else el.textContent = text;
          return el;
        };
        const heading = document.querySelector('[role=heading][aria-level="1"]');
        heading.dataset.testid = 'planted-heading';
        Object.assign(heading.style, {height: '0.5em', overflow: 'hidden'});
        add(card, 'p', 'planted-line', 'a line too long for its box',
            {width: '4rem', whiteSpace: 'nowrap', overflowX: 'clip'});
        add(card, 'input', 'planted-box', '0.123456789', {width: '2rem'});
        const under = document.querySelector('.nicegui-markdown p').getBoundingClientRect();
        add(document.body, 'div', 'planted-over', 'lying over', {position: 'fixed',
            left: `${under.left}px`, top: `${under.top}px`, zIndex: 9000});
        const scroller = add(card, 'div', 'planted-scroller', '', {overflowX: 'auto'});
        add(scroller, 'div', 'planted-wide', 'wide, in a box that scrolls',
            {width: '40rem', overflow: 'hidden'});
        add(document.querySelector('.nicegui-content'), 'div', 'planted-page', '',
            {width: '30rem', height: '1px'});
        document.querySelectorAll('.q-card')[1].dataset.testid = 'planted-card';
        document.querySelectorAll('.q-card')[1].style.height = '3rem';
    }"""
    )
    after: dict[str, Any] = page.evaluate(LOST)
    lines = after["lost"]
    assert after["scrolls"] > VIEWPORT["width"]

    def found(testid: str, how: str) -> bool:
        return any(testid in line and how in line for line in lines)

    assert found("planted-heading", "(up or down)"), lines
    assert found("planted-line", "(sideways)"), lines
    assert found("planted-box", "its number cut"), lines
    assert found("planted-over", "over"), lines
    assert found("planted-card", "runs past its card"), lines
    assert not any("planted-wide" in line for line in lines), lines
