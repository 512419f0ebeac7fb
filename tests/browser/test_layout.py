"""Every page at a phone's width (420 px) and a laptop's (1280 px), read from the registry.

The page never scrolls sideways as a whole; wide content (a formula, a table) scrolls inside
its own box, which draws a cue at an edge that hides more; no card's content runs past the
card; no text is cut off with an ellipsis; no number box cuts its number; no chart's legend
lies over its plot. Every page is checked in each language (Chinese lines are shorter, and its
characters wider, than English ones). Screenshots of every page at both widths
(``layout-<page>-<width>.png``, ``layout-zh-<page>-<width>.png``) go to the ``screenshots``
folder, to be looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from xentlab.content import LANGUAGES
from xentlab.sections import SECTIONS

pytestmark = pytest.mark.browser

#: every page of the explorer by the name its screenshot takes
PAGES = {
    "home": "/",
    **{s.slug: s.path for s in SECTIONS},
    "lab": "/lab",
    "predictions": "/predictions",
}
#: a phone held upright, a laptop
WIDTHS = (420, 1280)
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
  // a box that may hold wide content: a formula, a scroll box, a table and what holds it
  const boxes = new Set(all('.xl-formula, .xl-scroll, [class*="overflow-x"], table'));
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


def test_a_wide_formula_scrolls_in_its_box_with_a_cue(page: Page, base_url: str) -> None:
    """At 420 px the KL formula of section 7 is wider than its card: it scrolls there, the
    page does not, and the box paints its edge shadows (the cue) as a background."""
    open_at(page, base_url + "/entropy-kl", 420)
    formula = page.locator(".xl-formula").first
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
