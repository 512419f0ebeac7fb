"""The frame around every page: header, section menu, the bad-link notice, URL sync."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from nicegui import background_tasks, ui
from nicegui.client import ClientConnectionTimeout

from xentlab.app.pages.classroom import class_bar, membership
from xentlab.app.pages.language import ENGLISH, Language
from xentlab.app.pages.widgets import testid
from xentlab.app.server.limits import LONG_LINK_KEY, MAX_LINK_CHARS
from xentlab.course.content import LANGUAGE_NAMES, load
from xentlab.course.sections import SECTIONS

__all__ = ["URL_DELAY_S", "after_pause", "frame", "notice", "sync_url", "url_writer"]

_HERE = Path(__file__).parent
#: the pages' style and script, read once
_CSS = (_HERE / "shell.css").read_text(encoding="utf-8")
_SCRIPT = (_HERE / "shell.js").read_text(encoding="utf-8")


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
    ui.add_body_html(f"<script>{_SCRIPT}</script>")
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
        class_bar(language)
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
    member = membership()
    if member is not None:  # (the teacher's page, which the class may follow)
        member.moved(search)


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
