"""The frame around every page: header, section menu, the bad-link notice, URL sync."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from urllib.parse import urlencode

from nicegui import background_tasks, ui
from nicegui.client import ClientConnectionTimeout

from xentlab.app.pages.language import ENGLISH, Language
from xentlab.app.pages.widgets import testid
from xentlab.app.server.limits import LONG_LINK_KEY, MAX_LINK_CHARS
from xentlab.course.content import LANGUAGE_NAMES, load
from xentlab.course.sections import SECTIONS

__all__ = ["URL_DELAY_S", "after_pause", "frame", "notice", "sync_url", "url_writer"]

_CSS = """
.xl-card { border-radius: 10px; }
.xl-prose p { margin: 0.35rem 0; line-height: 1.6; }
/* a display formula's room above and below is padding inside its scroll box (see below),
   0.3rem each, as far from the next formula as 0.6rem of margin was */
.xl-formula math[display="block"] { margin: 0; font-size: 1.15rem; }
.xl-insights li { margin: 0.45rem 0; line-height: 1.55; }
/* a long name in running text (softmax_cross_entropy_with_integer_labels) breaks, anywhere */
.xl-prose code { overflow-wrap: anywhere; }
/* nothing in a card is wider than the card: a row of tabs, say, scrolls instead */
.xl-card > * { max-width: 100%; }
.xl-narrow-input .q-field__bottom { white-space: nowrap; overflow: visible; }
/* links darker than NiceGUI's #3b82f6 (3.5:1 on the cards' slate): 6.4:1 or more (WCAG 1.4.3) */
.nicegui-link { color: #1d4ed8; }
/* the keyboard's way past the header and menu (WCAG 2.4.1): shown when it has the focus */
.xl-skip { position: absolute; left: 0.5rem; top: -3rem; z-index: 3000; padding: 0.4rem 0.8rem;
  background: #ffffff; color: #1d4ed8; border-radius: 6px; }
.xl-skip:focus { top: 0.5rem; }
/* a focus ring on whatever the keyboard reaches (WCAG 2.4.7) */
:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
/* text for screen readers only */
.xl-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important; }
}
/* Quasar's 2 px loading bar (shown on its own while a request is out) is an unnamed progress
   bar to a screen reader (WCAG 4.1.2); the pages' own progress bars and spinners say more */
.q-loading-bar { display: none !important; }
/* an uploader's file input, made its "add" control (the script below), shows its focus */
.q-uploader__header a.q-btn:focus-within { outline: 2px solid #1d4ed8; outline-offset: 2px; }
/* the numbers behind a chart (app/pages/chart_words.py) */
.xl-data { border-collapse: collapse; margin-top: 0.25rem; }
.xl-data th, .xl-data td { padding: 1px 12px 1px 0; text-align: right; white-space: nowrap; }
.xl-data td { font-family: ui-monospace, monospace; font-variant-numeric: tabular-nums; }
.xl-data th:first-child, .xl-data td:first-child { text-align: left; }

/* Wide content (a formula, a table) scrolls inside its own box, never the page. A shadow
   marks each edge that hides more: covers in the box's colour (white, or --xl-scroll-bg),
   solid as wide as the shadows, scroll with the content ('local') and uncover the shadows
   ('scroll') only where there is more to see. Any overflow-x-auto box in a card gets the
   same cue, and so does a row of tabs (Quasar's own row clips, its arrows take the room of
   a tab). Each display formula is a box of its own, so that the cue lies beside the line it
   cuts, not down a whole card of formulas. */
.xl-formula, .xl-scroll, .xl-card .overflow-x-auto, math[display="block"],
.xl-card .q-tabs--horizontal .q-tabs__content {
  overflow-x: auto;
  max-width: 100%;
  background-image:
    linear-gradient(to right, var(--xl-scroll-bg, #ffffff) 0.875rem, transparent),
    linear-gradient(to left, var(--xl-scroll-bg, #ffffff) 0.875rem, transparent),
    linear-gradient(to right, rgb(15 23 42 / 0.22), transparent),
    linear-gradient(to left, rgb(15 23 42 / 0.22), transparent);
  /* the shadows stop 1px inside the box: a high-density screen may round the scrolled
     covers a device pixel short of the box, which showed a hairline of shadow */
  background-position: left, right, left 1px center, right 1px center;
  background-size: 1.25rem 100%, 1.25rem 100%, 0.875rem calc(100% - 2px),
    0.875rem calc(100% - 2px);
  background-repeat: no-repeat;
  background-attachment: local, local, scroll, scroll;
}
/* A display formula scrolls sideways only; the padding above and below holds the glyphs'
   line boxes, which reach past the math box (clipped there, no glyph is cut). A cover lies
   over its shadow until the box hides at least the cover's width, so a formula keeps that
   much room at each end, inside its box: once any of it is hidden, the shadow shows in full.
   (Side padding on the math box would do, but Chromium centres a formula as without it.) */
math[display="block"] { overflow-y: hidden; padding-block: 0.3rem; }
math[display="block"] > * { margin-inline: 1.25rem; }
/* a tinted scroll box covers in its own tint (a new tint adds its line here) */
:is(.xl-scroll, .overflow-x-auto).bg-slate-50 { --xl-scroll-bg: var(--color-slate-50); }
:is(.xl-scroll, .overflow-x-auto).bg-slate-100 { --xl-scroll-bg: var(--color-slate-100); }
:is(.xl-scroll, .overflow-x-auto).bg-gray-50 { --xl-scroll-bg: var(--color-gray-50); }
:is(.xl-scroll, .overflow-x-auto).bg-gray-100 { --xl-scroll-bg: var(--color-gray-100); }

/* A read-out row: the label takes the room that is left; a value never wraps, and goes
   under its label (right-aligned) when the two do not fit side by side. */
.xl-readout { display: flex; flex-direction: column; row-gap: 0.25rem; }
.xl-readout-row { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 1.5rem; }
.xl-readout-row > :first-child { flex: 1 1 0; min-width: 10rem; }
.xl-readout-row > :last-child { flex: 0 0 auto; margin-left: auto; white-space: nowrap; }

/* Phones (below Tailwind's sm, 640 px) */
@media (max-width: 639.98px) {
  /* every side-by-side card takes the full width, whatever its min-w-[…] */
  .xl-card.flex-1 { flex-basis: 100%; min-width: 0; }
  .nicegui-card.xl-card { padding: 0.75rem; }
  .xl-formula math[display="block"] { font-size: 1rem; }
  /* narrow number boxes give their digits the room of the side padding */
  .xl-narrow-input .q-field__control { padding-left: 6px; padding-right: 6px; }
}
"""


#: a click on a language switch link opens the current address (with its state, as the page
#: last wrote it) in that language; without JavaScript the link's own href opens the page
_SWITCH_JS = """
document.addEventListener('click', event => {
  const link = event.target.closest && event.target.closest('a[data-lang]');
  if (!link) return;
  const url = new URL(window.location.href);
  url.searchParams.set('lang', link.dataset.lang);
  link.href = url.pathname + url.search;
}, true);

// a box whose content scrolls takes the keyboard's focus, so that its arrows can scroll it
// (WCAG 2.1.1); checked after the page changes (at most twice a second) and when it is resized
(() => {
  let timer = null;
  const focusable = () => {
    for (const el of document.querySelectorAll('.nicegui-content *')) {
      // (a row of tabs scrolls as its tabs take the focus: nothing else may sit in a tablist)
      if (el.hasAttribute('tabindex') || !el.children.length || el.closest('[role=tablist]')) {
        continue;
      }
      const style = getComputedStyle(el);
      const sideways = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const down = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if (sideways || down) el.setAttribute('tabindex', '0');
    }
  };
  // an uploader's "add" button (Quasar's) wraps a file input, controls nested in controls:
  // the input itself is made the control, named after its uploader, the button around it
  // presentation
  const named = () => {
    for (const add of document.querySelectorAll('.q-uploader__header a.q-btn')) {
      const title = add.closest('.q-uploader')?.querySelector('.q-uploader__title');
      const input = add.querySelector('input[type=file]');
      if (!input || !title) continue;
      add.setAttribute('role', 'presentation');
      add.setAttribute('tabindex', '-1');
      input.setAttribute('tabindex', '0');
      input.setAttribute('aria-label', (window.xlWords?.choose_file || '{title}')
        .replace('{title}', title.textContent));
    }
  };
  // at most every half second while the page keeps changing (a drag, a training run)
  const later = () => {
    timer ??= setTimeout(() => { timer = null; focusable(); named(); }, 500);
  };
  // only when elements come or go: a slider step rewrites texts, which changes no box
  const grown = (records) => records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1));
  new MutationObserver((records) => grown(records) && later()).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener('resize', later);
  later();
})();
"""


@contextmanager
def frame(
    current: str | None = None, language: Language = ENGLISH, title: str | None = None
) -> Iterator[None]:
    """Header and section menu, in ``language``, around the page built inside the ``with``
    block; ``title`` is the browser tab's."""
    lang = language.code
    strings = load("ui", lang)
    if title is not None:
        ui.page_title(title)
    ui.add_css(_CSS)
    ui.add_body_html(f"<script>{_SWITCH_JS}</script>")
    words = json.dumps({"choose_file": strings["choose_file"]}, ensure_ascii=False)
    ui.add_body_html(f"<script>window.xlWords = {words};</script>")
    # the page's language, for the browser's choice of glyphs (Chinese, not Japanese, forms of
    # the CJK characters) and for screen readers
    tag = json.dumps(strings["html_lang"])
    ui.add_head_html(f"<script>document.documentElement.lang = {tag};</script>")
    ui.colors(primary="#2f5d8a")
    ui.query("body").classes("bg-slate-50")
    with ui.header(elevated=False).classes("bg-[#1f3b5c] text-white items-center px-4 py-2"):
        ui.link(strings["skip"], "#main").classes("xl-skip").props('data-testid="skip"')
        menu_button = ui.button(icon="menu").props(
            f'flat round color=white aria-label="{strings["menu"]}"'
        )
        with ui.link(target="/").classes("no-underline text-white"):
            ui.label(strings["project"]).classes("text-xl font-semibold tracking-wide")
        ui.label(strings["tagline"]).classes("text-sm opacity-80 max-sm:hidden")
        ui.space()
        _language_switch(lang, strings["language"])
    # open beside the page on wide screens, closed (behind the menu button) on narrow ones:
    # Quasar's show-if-above decides in the browser and reports it. (value=None would do the
    # same but asks the browser for the state on every connection, a JavaScript round trip
    # that times out, with a logged traceback, on a loaded server.)
    with ui.left_drawer(value=False, bordered=True).classes("bg-white") as drawer:
        drawer.props("width=270 breakpoint=900 show-if-above")
        ui.label(strings["menu"]).classes("text-xs uppercase tracking-wider text-gray-500 mb-1")
        _menu_link(language.link("/"), strings["home"], current is None)
        for s in SECTIONS:
            text = f"{s.number}. {s.content(lang)['title']}"
            _menu_link(language.link(s.path), text, s.key == current)
        ui.separator().classes("my-1")
        _menu_link(language.link("/lab"), strings["lab"], current == "lab")
        _menu_link(language.link("/predictions"), strings["predictions"], current == "predictions")
    menu_button.on_click(drawer.toggle)
    main = ui.column().classes("w-full max-w-6xl mx-auto px-3 sm:px-4 py-4 gap-4")
    with main.props("id=main tabindex=-1"):  # (inside Quasar's <main>)
        yield


def _language_switch(current: str, label: str, names: Mapping[str, str] = LANGUAGE_NAMES) -> None:
    """EN / 中文: the page's language in bold, the others as links to this page in them."""
    with ui.element("nav").props(f'aria-label="{label}"').classes("flex items-center gap-1"):
        for i, (code, name) in enumerate(names.items()):
            if i:
                ui.label("/").classes("opacity-60")
            if code == current:
                here = ui.label(name).classes("font-semibold px-1").props('aria-current="true"')
                testid(here, f"lang-{code}")
            else:
                link = ui.link(name, f"?lang={code}").props(f'data-lang="{code}" lang="{code}"')
                testid(link.classes("text-white no-underline opacity-80 px-1"), f"lang-{code}")


def _menu_link(target: str, text: str, active: bool) -> None:
    style = "bg-blue-50 text-[#1f3b5c] font-semibold" if active else "text-gray-800"
    link = ui.link(text, target).classes(f"block rounded px-2 py-1.5 no-underline {style}")
    link.classes("hover:bg-slate-100")


def notice(bad_keys: Sequence[str], lang: str = "en") -> None:
    """A short warning when a hand-edited link held values that were replaced by defaults, or
    was too long to use at all (``LONG_LINK_KEY`` among ``bad_keys``)."""
    strings = load("ui", lang)
    keys = [k for k in bad_keys if k != LONG_LINK_KEY]
    texts = []
    if LONG_LINK_KEY in bad_keys:
        texts.append(strings["notice_long_link"].format(max=f"{MAX_LINK_CHARS:,}"))
    if keys:
        texts.append(strings["notice_bad_query"].format(keys=", ".join(keys)))
    if not texts:
        return
    with ui.row().classes("w-full items-center gap-2 rounded bg-amber-50 px-3 py-2"):
        ui.icon("info", color="amber-8")
        testid(ui.label(" ".join(texts)).classes("text-amber-900"), "notice")


def sync_url(query: dict[str, str]) -> None:
    """Put the section's state in the address bar without reloading (``history.replaceState``)."""
    search = "?" + urlencode(query, safe=",")
    if len(search) > MAX_LINK_CHARS:  # never a link the server would refuse (no state allows it)
        return
    ui.run_javascript(f"history.replaceState(history.state, '', {json.dumps(search)})")


#: quiet time after the last change before the address bar is rewritten: a drag sends up to
#: ~60 changes a second, browsers throttle history.replaceState calls beyond a few per second
#: (Chromium ignores them past a limit), and each call costs the page a message per step
URL_DELAY_S = 0.25
#: how long a new page may take to open its socket before a pending URL rewrite is dropped
CONNECT_PATIENCE_S = 10.0


def after_pause(act: Callable[[], None], delay: float = URL_DELAY_S) -> Callable[[], None]:
    """A call that runs ``act`` (in the current page's context) once the calls pause for
    ``delay`` seconds: a drag's sixty steps a second run it once, after the last."""
    client = ui.context.client
    pending: list[asyncio.TimerHandle] = []

    def run() -> None:
        pending.clear()
        if client.has_socket_connection:
            with client:
                act()

    def call() -> None:
        for handle in pending:
            handle.cancel()
        pending[:] = [asyncio.get_running_loop().call_later(delay, run)]

    return call


def url_writer(language: Language = ENGLISH) -> Callable[[dict[str, str]], None]:
    """A :func:`sync_url` for the current page that waits until the changes pause; the address
    keeps the ``lang`` the link named."""
    client = ui.context.client
    pending: list[asyncio.TimerHandle] = []

    async def write_once_connected(query: dict[str, str]) -> None:
        # a page built from a bad link asks for a rewrite before its socket exists
        with contextlib.suppress(ClientConnectionTimeout):
            await client.connected(timeout=CONNECT_PATIENCE_S)
            if client.has_socket_connection:  # not deleted meanwhile
                with client:
                    sync_url(query)

    def write_now(query: dict[str, str]) -> None:
        pending.clear()
        if client.has_socket_connection:
            with client:
                sync_url(query)
        elif not client.is_deleted:
            background_tasks.create(write_once_connected(query), name="xentlab url")

    def write(query: dict[str, str]) -> None:
        for handle in pending:
            handle.cancel()
        query = {**query, **language.query()}
        pending[:] = [asyncio.get_running_loop().call_later(URL_DELAY_S, write_now, query)]

    return write
