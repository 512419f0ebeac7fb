"""Routes of the explorer: the overview page, one page per registered section, the Lab and
"Your predictions"."""

from __future__ import annotations

import functools
from collections.abc import Callable

from nicegui import ui
from starlette.requests import Request

from xentlab.app.pages import class_pages
from xentlab.app.pages import lab as lab_page
from xentlab.app.pages import predictions as predictions_page
from xentlab.app.pages.language import Language, page_language
from xentlab.app.pages.mount import mount
from xentlab.app.pages.shell import frame, notice
from xentlab.app.pages.widgets import heading, testid
from xentlab.app.server.limits import LONG_LINK_KEY, MAX_LINK_CHARS
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS

__all__ = ["register_pages"]

#: a page's builder: ``(query, language, bad_language)``, the last naming a bad ``lang`` (and
#: ``LONG_LINK_KEY`` when the link was too long to use)
Build = Callable[[dict[str, str], Language, tuple[str, ...]], None]


def register_pages(lang: str | None = None) -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``); ``lang`` is the
    language of a link that names none (default: the browser's preferred one)."""

    def route(path: str, build: Build) -> None:
        def page(request: Request) -> None:
            query = dict(request.query_params)
            long_link = LONG_LINK_KEY in query or len(request.url.query) > MAX_LINK_CHARS
            if long_link:  # the page's defaults, in the link's language if it names one
                query = {k: v for k, v in query.items() if k == "lang" and len(v) < 8}
            language, bad = page_language(query, request.headers.get("accept-language"), lang)
            build(query, language, (*bad, LONG_LINK_KEY) if long_link else bad)

        page.__name__ = f"page{path.replace('/', '_').replace('-', '_')}"
        ui.page(path)(page)

    route("/", _home)
    for section in SECTIONS:
        route(section.path, functools.partial(mount, section))
    route("/lab", lab_page.page)
    predictions_page.keep_uploads_in_memory()
    route("/predictions", predictions_page.page)
    _class_routes(lang)


def _class_routes(lang: str | None) -> None:
    """``/join/CODE`` and ``/teacher?token=…`` (they say so when no class runs)."""

    @ui.page("/join/{code}")
    def join(request: Request, code: str) -> None:
        query = dict(request.query_params)
        language, _ = page_language(query, request.headers.get("accept-language"), lang)
        class_pages.join_page(request, code, language)

    @ui.page("/teacher")
    def teacher(request: Request) -> None:
        query = dict(request.query_params)
        language, _ = page_language(query, request.headers.get("accept-language"), lang)
        class_pages.teacher_page(request, query.get("token", ""), language)


def _home(query: dict[str, str], language: Language, bad: tuple[str, ...]) -> None:
    lang = language.code
    strings, home = load("ui", lang), load("home", lang)
    with frame(language=language, title=f"{strings['project']} · {strings['tagline']}"):
        notice(bad, lang)
        heading(strings["home_title"], 1)
        ui.markdown(strings["home_intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
        with ui.element("div").classes(
            "grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"
        ):
            for section in SECTIONS:
                content = section.content(lang)
                _card(
                    strings["section"].format(n=section.number),
                    content["title"],
                    content["teaches"],
                    language.link(section.path),
                    f"open-{section.slug}",
                    strings["open_section"],
                )
            for key, path in (("lab", "/lab"), ("predictions", "/predictions")):
                page = load(key, lang)
                _card(
                    strings[key],
                    page["title"],
                    page["teaches"],
                    language.link(path),
                    f"open-{key}",
                    strings["open_section"],
                    "bg-blue-50",
                )
        ui.markdown(home["footer"]).classes("text-sm text-gray-500 pt-2")


def _card(
    kicker: str, title: str, teaches: str, target: str, key: str, action: str, tint: str = ""
) -> None:
    with ui.card().classes(f"xl-card gap-2 {tint}"):
        ui.label(kicker).classes("text-xs text-gray-600 uppercase")
        heading(title).classes("leading-tight")
        ui.label(teaches).classes("text-gray-700 grow")
        link = ui.link(f"{action} →", target)
        testid(link.classes("font-medium no-underline"), key)
