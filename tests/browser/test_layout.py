"""Every page at a phone's width (420 px), a laptop's (1280 px) and the laptop's at 400 % zoom
(320 px, WCAG 1.4.10's reflow; tests/browser/test_reflow.py adds the text spacing and checks
that no text is cut), read from the registry.

The page never scrolls sideways as a whole; wide content (a formula, a table) scrolls inside
its own box, which draws a cue at an edge that hides more (each display formula, and the
row of tabs on section 13, in a box of its own, the cue uncovered in full); no card's content
runs past the card; no text is cut off with an ellipsis; no number box cuts its number; no
chart's legend lies over its plot. Every page is checked in each language (Chinese lines are
shorter, and its characters wider, than English ones). Screenshots of every page at each width
(``layout-<page>-<width>.png``, ``layout-zh-<page>-<width>.png``) go to the ``screenshots``
folder, to be looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from support.browser import open_section
from xentlab.course.content import LANGUAGES
from xentlab.course.sections import SECTIONS

pytestmark = pytest.mark.browser


#: every page of the explorer by the name its screenshot takes
PAGES = {
    "home": "/",
    **{s.slug: s.path for s in SECTIONS},
    "lab": "/lab",
    "predictions": "/predictions",
}


#: a laptop at 400 % zoom (1280 / 4), a phone held upright, a laptop
WIDTHS = (320, 420, 1280)


HEIGHT = 900


#: the page has connected and drawn its charts and formulas
READY = """() => window.did_handshake === true
    && [...document.querySelectorAll('.nicegui-echart')].every(e => e.querySelector('canvas'))"""


#: what the checks need, measured in the browser (a box is named by tag, test id, classes and
#: the start of its text, so that a failure says where to look)
MEASURE = """() => {
  const name = el => [el.tagName.toLowerCase(), el.dataset.testid || '',
    (typeof el.className === 'string' ? el.className : '').slice(0, 60),
    (el.innerText || el.value || '').replace(/[\\ud800-\\udfff]/g, '').slice(0, 40)]
    .filter(Boolean).join(' | ');
  const shown = el => el.getClientRects().length > 0
    && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const wider = el => el.scrollWidth > el.clientWidth + 1;
  const all = (sel, root = document) => [...root.querySelectorAll(sel)].filter(shown);
  // inside a box that scrolls or clips (checked on its own), below ``top``
  const held = (el, top) => {
    for (let a = el.parentElement; a && a !== top; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  // what is drawn outside its card (a hidden slider pin does not count)
  const spills = card => {
    const c = card.getBoundingClientRect();
    return all('*', card).filter(el => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > c.right + 1 || r.left < c.left - 1) && !held(el, card);
    });
  };
  // a box that may hold wide content: a formula (and each display formula), a scroll box, a
  // row of tabs, a table and what holds it
  const boxes = new Set(all(`.xl-formula, math[display="block"], .xl-scroll,
    [class*="overflow-x"], .q-tabs__content, table`));
  for (const t of all('table')) boxes.add(t.parentElement);
  const cut = [...boxes].filter(wider).filter(el => {
    const style = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    return !scrolls || style.backgroundImage === 'none';  // no scrolling, or no cue
  });
  // a chart whose legend (wrapped onto more lines on a narrow screen) lies over its plot
  const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
    && a.y < b.y + b.height && b.y < a.y + a.height;
  const legendOverPlot = all('.nicegui-echart').filter(el => {
    const chart = getElement(el.id.slice(1)).chart, model = chart.getModel();
    const legend = model.getComponent('legend'), grid = model.getComponent('grid');
    if (!legend || !grid || !legend.get('show')) return false;
    const view = chart.getViewOfComponentModel(legend);
    const box = view.group.getBoundingRect().clone();
    box.applyTransform(view.group.getLocalTransform());
    return box.height > 0 && overlaps(box, grid.coordinateSystem.getRect());
  });
  const ellipsis = all('body *').filter(
    el => getComputedStyle(el).textOverflow === 'ellipsis' && wider(el) && el.innerText);
  return {
    viewport: window.innerWidth,
    html: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    cut: cut.map(name),
    spilling_cards: all('.q-card').filter(c => spills(c).length).map(c => name(spills(c)[0])),
    cut_inputs: all('input.q-field__native').filter(wider).map(name),
    ellipsis: ellipsis.map(name),
    legend_over_plot: legendOverPlot.map(name),
  };
}"""


def open_at(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_function(READY)
    page.evaluate("() => document.fonts.ready")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(
    name: str, width: int, lang: str, page: Page, base_url: str, screenshots: Path
) -> None:
    open_at(page, f"{base_url}{PAGES[name]}?lang={lang}", width)
    shot = f"layout-{name}-{width}.png" if lang == "en" else f"layout-{lang}-{name}-{width}.png"
    page.screenshot(path=str(screenshots / shot), full_page=True)
    m: dict[str, Any] = page.evaluate(MEASURE)
    assert m["viewport"] == width
    assert m["html"] <= width, f"the page scrolls sideways: {m['html']} px wide"
    assert m["body"] <= width, f"the body scrolls sideways: {m['body']} px wide"
    assert m["cut"] == [], "wide content cut without a scroll box and its cue"
    assert m["spilling_cards"] == [], "content runs past its card"
    assert m["cut_inputs"] == [], "a box cuts the number typed in it"
    assert m["ellipsis"] == [], "text cut off with an ellipsis"
    assert m["legend_over_plot"] == [], "a chart's legend lies over its plot"


#: the pages whose display formulas (or row of tabs) are wider than a phone
WIDE = ["/entropy-kl", "/imbalance", "/applications", "/frameworks"]


#: every display formula, and a row of tabs, either shows whole on the screen or is cut by a
#: box of its own that scrolls and shows the cue where it cuts: its edge shadow uncovered in
#: full, i.e. the box hides at least a cover's width there (the covers scroll with the content
#: and lie over the shadow until that much is hidden). One line for each thing that fails.
SEEN_OR_CUED = """() => {
  const name = el => (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  const union = rects => rects.filter(r => r.width > 0).reduce((u, r) => ({
    left: Math.min(u.left, r.left), right: Math.max(u.right, r.right)}),
    {left: Infinity, right: -Infinity});
  const gradients = style => (style.backgroundImage.match(/gradient\\(/g) || []).length;
  const problems = [];
  const check = (el, what, extent) => {
    // the boxes that clip el (overflow other than visible), innermost first, and the screen
    const clips = [];
    for (let a = el; a && a !== document.documentElement; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') clips.push(a);
    const shows = (left, right) => extent.left >= left - 1 && extent.right <= right + 1;
    const box = clips.find(a => {
      const r = a.getBoundingClientRect();
      return !shows(r.left + a.clientLeft, r.left + a.clientLeft + a.clientWidth);
    });
    if (!box) {
      if (!shows(0, window.innerWidth)) problems.push(`${what}: past the screen`);
      return;
    }
    const style = getComputedStyle(box), r = box.getBoundingClientRect();
    const left = r.left + box.clientLeft, right = left + box.clientWidth;
    const here = `${what} cut by ${box.tagName.toLowerCase()}.${box.classList[0] || ''}`;
    if (!['auto', 'scroll'].includes(style.overflowX)) problems.push(`${here}: no scrolling`);
    if (box.scrollWidth <= box.clientWidth) problems.push(`${here}: nothing to scroll`);
    if (gradients(style) !== 4) problems.push(`${here}: no cue`);
    const formulas = box.querySelectorAll('math[display="block"]').length
      + box.matches('math[display="block"]');
    if (formulas > 1) problems.push(`${here}: a box of ${formulas} formulas`);
    // the covers' width: the first layer of background-size
    const cover = parseFloat(style.backgroundSize) || 0;
    const hiddenRight = box.scrollWidth - box.clientWidth - box.scrollLeft;
    if (extent.right > right + 1 && hiddenRight < cover)
      problems.push(`${here}: ${hiddenRight} px hidden, the cue under its ${cover} px cover`);
    if (extent.left < left - 1 && box.scrollLeft < cover)
      problems.push(`${here}: ${box.scrollLeft} px hidden, the cue under its ${cover} px cover`);
    if (r.left < -1 || r.right > window.innerWidth + 1) problems.push(`${here}: past the screen`);
  };
  for (const math of document.querySelectorAll('math[display="block"]')) {
    if (!math.getClientRects().length) continue;
    const upDown = ['auto', 'scroll'].includes(getComputedStyle(math).overflowY);
    if (upDown && math.scrollHeight > math.clientHeight + 1)
      problems.push(`formula ${name(math)}: scrolls up and down`);
    const ink = union([...math.querySelectorAll('*')].map(e => e.getBoundingClientRect()));
    check(math, `formula ${name(math)}`, ink);
  }
  for (const tabs of document.querySelectorAll('.q-tabs')) {
    const row = union([...tabs.querySelectorAll('.q-tab')].map(e => e.getBoundingClientRect()));
    const labels = [...tabs.querySelectorAll('.q-tab')].map(t => t.innerText.trim());
    check(tabs.querySelector('.q-tab'), `tabs ${labels.join(', ')}`, row);
  }
  return problems;
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", WIDE)
def test_every_formula_and_tab_row_shows_or_scrolls_with_a_cue(
    path: str, lang: str, page: Page, base_url: str
) -> None:
    """At 420 px, every display formula of the sections with the widest ones, and section 13's
    row of code tabs, shows whole, or scrolls in a box of its own whose edge shadow is in full
    view where it cuts (not under the cover that hides it once nothing more is there)."""
    open_at(page, f"{base_url}{path}?lang={lang}", 420)
    if path == "/frameworks":
        assert page.locator(".q-tabs").count() == 1
    assert page.locator('math[display="block"]').count() >= 2
    problems: list[str] = page.evaluate(SEEN_OR_CUED)
    assert problems == [], "\n".join(problems)


def test_a_wide_formula_scrolls_in_its_box_with_a_cue(page: Page, base_url: str) -> None:
    """At 420 px the KL formula of section 7 is wider than its card: it scrolls in its own box,
    the page does not, and the box paints its edge shadows (the cue) as a background."""
    open_at(page, base_url + "/entropy-kl", 420)
    formula = page.locator('.xl-formula math[display="block"]').filter(has_text="KL")
    box: dict[str, Any] = formula.evaluate(
        """el => ({scroll: el.scrollWidth, client: el.clientWidth,
                   overflow: getComputedStyle(el).overflowX,
                   cue: getComputedStyle(el).backgroundImage})"""
    )
    assert box["scroll"] > box["client"]
    assert box["overflow"] == "auto"
    assert box["cue"].count("gradient(") == 4  # two covers, two shadows
    formula.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 420


def test_the_checks_see_what_they_guard(page: Page, base_url: str) -> None:
    """The measure finds a card that something sticks out of, a box that cuts a formula
    without scrolling, a number box too narrow for its number, a legend over a plot and a page
    that scrolls."""
    open_at(page, base_url + "/binary", 420)
    page.evaluate(
        """() => {
        const card = document.querySelector('.q-card');
        const wide = document.createElement('div');
        wide.style.width = '30rem';
        wide.textContent = 'wide';
        card.appendChild(document.createElement('div')).appendChild(wide);
        const formula = document.querySelector('.xl-formula');
        formula.style.overflowX = 'hidden';
        formula.appendChild(wide.cloneNode(true));
        const field = document.querySelector('input.q-field__native')
            || card.appendChild(Object.assign(document.createElement('input'),
                                              {className: 'q-field__native'}));
        field.style.width = '2rem';
        field.value = '0.123456789';
        const chart = getElement(document.querySelector('.nicegui-echart').id.slice(1)).chart;
        chart.setOption({legend: {top: 150}});  // inside the plot
    }"""
    )
    m: dict[str, Any] = page.evaluate(MEASURE)
    assert m["html"] > 420
    assert any("wide" in c for c in m["spilling_cards"])
    assert any("xl-formula" in c for c in m["cut"])
    assert any("0.123456789" in c for c in m["cut_inputs"])
    assert m["legend_over_plot"] != []


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("binary", "/binary?yhat=0.3&y=0"),
        ("softmax", "/softmax?logits=2,1,-1,0,0,0,0,0,0,-3&T=0.2&target=9"),
        ("likelihood", "/likelihood"),
        ("binary-vs-categorical", "/binary-vs-categorical"),
        ("applications", "/applications?teacher=6,0,-2&student=1,1,0"),
    ],
)
@pytest.mark.parametrize("width", [1280, 420])
def test_course_pages_fit_at_both_widths(
    name: str, path: str, width: int, page: Page, base_url: str, screenshots: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_section(page, base_url + path)
    page.wait_for_timeout(300)  # charts draw after the handshake
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshots / f"course-{name}-{width}.png"), full_page=True)
