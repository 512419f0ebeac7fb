"""Routes of the explorer: the overview page, one page per registered section, the Lab and
"Your predictions"."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from starlette.requests import Request

from xentlab.app import lab_page, predictions_page
from xentlab.app.mount import mount
from xentlab.app.shell import frame
from xentlab.app.widgets import testid
from xentlab.content import load
from xentlab.sections import SECTIONS, Section

__all__ = ["register_pages"]


def register_pages() -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``)."""
    strings = load("ui")
    ui.page("/", title=f"{strings['project']} · {strings['tagline']}")(_home)
    for section in SECTIONS:
        title = f"{section.content()['title']} · {strings['project']}"
        ui.page(section.path, title=title)(_section_page(section))
    ui.page("/lab", title=f"{load('lab')['title']} · {strings['project']}")(lab_page.page)
    predictions_page.keep_uploads_in_memory()
    title = f"{load('predictions')['title']} · {strings['project']}"
    ui.page("/predictions", title=title)(predictions_page.page)


def _section_page(section: Section) -> Callable[[Request], None]:
    def page(request: Request) -> None:
        mount(section, dict(request.query_params))

    page.__name__ = f"page_{section.key}"
    return page


def _home() -> None:
    strings, home = load("ui"), load("home")
    with frame():
        ui.label(strings["home_title"]).classes("text-3xl font-semibold text-[#1f3b5c]")
        ui.markdown(strings["home_intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
        with ui.element("div").classes(
            "grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"
        ):
            for section in SECTIONS:
                content = section.content()
                _card(
                    f"{strings['section']} {section.number}",
                    content["title"],
                    content["teaches"],
                    section.path,
                    f"open-{section.slug}",
                )
            lab = load("lab")
            _card(strings["lab"], lab["title"], lab["teaches"], "/lab", "open-lab", "bg-blue-50")
            mine = load("predictions")
            _card(
                strings["predictions"],
                mine["title"],
                mine["teaches"],
                "/predictions",
                "open-predictions",
                "bg-blue-50",
            )
        ui.markdown(home["footer"]).classes("text-sm text-gray-500 pt-2")


def _card(kicker: str, title: str, teaches: str, target: str, key: str, tint: str = "") -> None:
    strings = load("ui")
    with ui.card().classes(f"xl-card gap-2 {tint}"):
        ui.label(kicker).classes("text-xs text-gray-500 uppercase")
        ui.label(title).classes("text-lg font-semibold leading-tight")
        ui.label(teaches).classes("text-gray-700 grow")
        link = ui.link(f"{strings['open_section']} →", target)
        testid(link.classes("font-medium no-underline"), key)
