"""Routes of the explorer: the overview page and one page per section."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from nicegui import ui
from starlette.requests import Request

from xentlab.app import lab_page
from xentlab.app.shell import frame, sections
from xentlab.app.widgets import testid
from xentlab.content import load

__all__ = ["register_pages"]


def register_pages() -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``)."""
    strings = load("ui")
    ui.page("/", title=f"{strings['project']} · {strings['tagline']}")(_home)
    for info in sections():
        build = import_module(f"xentlab.app.sections.{info.key}").build
        title = f"{info.title} · {strings['project']}"
        ui.page(info.path, title=title)(_section_page(info.key, build))
    ui.page("/lab", title=f"{load('lab')['title']} · {strings['project']}")(lab_page.page)


def _section_page(key: str, build: Callable[[dict[str, str]], None]) -> Callable[[Request], None]:
    def page(request: Request) -> None:
        with frame(current=key):
            build(dict(request.query_params))

    page.__name__ = f"page_{key}"
    return page


def _home() -> None:
    strings, home = load("ui"), load("home")
    with frame():
        ui.label(strings["home_title"]).classes("text-3xl font-semibold text-[#1f3b5c]")
        ui.markdown(strings["home_intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
        with ui.element("div").classes(
            "grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"
        ):
            for info in sections():
                with ui.card().classes("xl-card gap-2"):
                    ui.label(f"Section {info.number}").classes("text-xs text-gray-500 uppercase")
                    ui.label(info.title).classes("text-lg font-semibold leading-tight")
                    ui.label(info.teaches).classes("text-gray-700 grow")
                    link = ui.link(f"{strings['open_section']} →", info.path)
                    testid(link.classes("font-medium no-underline"), f"open-{info.slug}")
            lab = load("lab")
            with ui.card().classes("xl-card gap-2 bg-blue-50"):
                ui.label(strings["lab"]).classes("text-xs text-gray-500 uppercase")
                ui.label(lab["title"]).classes("text-lg font-semibold leading-tight")
                ui.label(lab["teaches"]).classes("text-gray-700 grow")
                link = ui.link(f"{strings['open_section']} →", "/lab")
                testid(link.classes("font-medium no-underline"), "open-lab")
        ui.markdown(home["footer"]).classes("text-sm text-gray-500 pt-2")
