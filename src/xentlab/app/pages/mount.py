"""One mount for every section page: parse the link → notice → state → compute once → lay out
→ show; then each change goes control → :meth:`State.set` → compute → the page's ``show``.

A page module only describes: ``layout(state, content)`` builds its controls (which call
``state.set``) and its read-outs and charts, and returns ``show(view)``, which writes a View
into them. Nothing in a page computes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Generic, Protocol, Self, TypeVar

from nicegui import ui

from xentlab.app.pages.chart_words import say_all
from xentlab.app.pages.language import ENGLISH, Language
from xentlab.app.pages.shell import after_pause, frame, notice, url_writer
from xentlab.app.pages.tasks import TaskCard
from xentlab.app.pages.widgets import heading, testid
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS, Section

__all__ = ["Layout", "State", "mount"]


class _Inputs(Protocol):
    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Self, tuple[str, ...]]: ...

    def to_query(self) -> dict[str, str]: ...


InputsT = TypeVar("InputsT", bound=_Inputs)
ViewT = TypeVar("ViewT")


class State(Generic[InputsT, ViewT]):
    """The inputs of one open page and their View; a change recomputes and shows it.

    ``language`` is the page's: its controls read their strings in ``lang``, and the address
    keeps a ``lang`` the link named.
    """

    def __init__(
        self,
        inputs: InputsT,
        compute: Callable[[InputsT], ViewT],
        language: Language = ENGLISH,
        settled: Callable[[ViewT], None] | None = None,
    ) -> None:
        self.inputs = inputs
        self.view = compute(inputs)
        self.language = language
        self._compute = compute
        self._show: Callable[[ViewT], None] = lambda view: None
        self._write_url = url_writer(language)
        #: what runs once the changes pause (the charts' words), with the View then shown
        self._settled = settled
        self._settle = after_pause(self._run_settled) if settled else None

    def _run_settled(self) -> None:
        if self._settled is not None:
            self._settled(self.view)

    @property
    def lang(self) -> str:
        """The page's language code (``en``, ``zh``)."""
        return self.language.code

    def set(self, **changes: Any) -> None:
        """Replace some inputs and show the result; a change the lesson rejects is ignored
        (the controls never offer one, but a late event may race a newer one).

        Applied at once: which of a dragged slider's values reach the page at all is decided
        before, as they arrive (:mod:`xentlab.app.server.steps`)."""
        try:
            new = dataclasses.replace(self.inputs, **changes)  # type: ignore[type-var]
        except (TypeError, ValueError):
            if len(changes) < 2:
                return
            new = self.inputs  # several changes at once: keep each one the lesson accepts
            for key, value in changes.items():
                with contextlib.suppress(TypeError, ValueError):
                    new = dataclasses.replace(new, **{key: value})  # type: ignore[type-var]
        if new == self.inputs:
            return
        self.inputs, self.view = new, self._compute(new)
        self._show(self.view)
        self._write_url(new.to_query())
        if self._settle is not None:
            self._settle()

    def start(self, show: Callable[[ViewT], None], *, rewrite_url: bool) -> None:
        """Show the first View; after a link with bad values, put the shown state in the URL."""
        self._show = show
        show(self.view)
        self._run_settled()
        if rewrite_url:
            self._write_url(self.inputs.to_query())


#: what a page module provides: ``layout(state, content) -> show``
Layout = Callable[[State[Any, Any], dict[str, Any]], Callable[[Any], None]]


def mount(
    section: Section,
    query: Mapping[str, str],
    language: Language = ENGLISH,
    bad_language: tuple[str, ...] = (),
) -> None:
    """Lay out ``section``'s page in ``language`` with the state that ``query`` describes;
    ``bad_language`` names a ``lang`` the link held that the explorer does not speak."""
    lang = language.code
    content = section.content(lang)
    inputs, bad = section.lesson.Inputs.from_query(query)
    bad = (*bad, *bad_language)
    title = f"{content['title']} · {load('ui', lang)['project']}"
    with frame(current=section.key, language=language, title=title):
        _intro(section, content, lang)
        notice(bad, lang)
        # the first read-out rows, said politely once the changes pause (never per frame)
        news = testid(ui.label("").classes("xl-sr-only").props('aria-live="polite"'), "news")
        tasks: list[TaskCard] = []  # (made after the page's controls, checked once they pause)
        settled = _settled(section, lang, news, tasks)
        state: State[Any, Any] = State(inputs, section.lesson.compute, language, settled=settled)
        show = section.layout()(state, content)
        if section.tasks:
            tasks.append(TaskCard(section, lang, lambda: state.view))
        _outro(section, content, language)
        state.start(show, rewrite_url=bool(bad))


#: how many read-out rows a screen reader hears after a change
NEWS_ROWS = 2


def _settled(
    section: Section, lang: str, news: ui.label, tasks: list[TaskCard]
) -> Callable[[Any], None]:
    """What runs once the changes pause: each chart's words, the first read-out rows, the
    tasks' checks."""
    words = load("ui", lang)["chart_text"]
    first = [True]

    def settled(view: Any) -> None:
        panel = section.panel(view, lang)
        say_all(panel, words)
        for card in tasks:
            card.check(view)
        if first[0]:  # the page as it opens: nothing to announce
            first[0] = False
            return
        text = "; ".join(f"{r.label} {r.text}" for r in panel.rows[:NEWS_ROWS])
        if text and news.text != text:
            news.set_text(text)

    return settled


def _intro(section: Section, content: dict[str, Any], lang: str) -> None:
    strings = load("ui", lang)
    number = strings["section"].format(n=section.number)
    ui.label(number).classes("text-sm text-gray-500 -mb-3")
    heading(content["title"], 1)
    ui.markdown(content["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")


def _outro(section: Section, content: dict[str, Any], language: Language) -> None:
    """Formulas, insight notes and links to the neighbouring sections."""
    lang = language.code
    strings = load("ui", lang)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card flex-1 min-w-[20rem]"):
            heading(strings["formula"])
            ui.markdown(content["formula"], extras=["latex"]).classes("xl-formula w-full")
        with ui.card().classes("xl-card flex-1 min-w-[20rem]"):
            heading(strings["insights"])
            with ui.element("ul").classes("xl-insights list-disc pl-5"):
                for note in content["insights"]:
                    with ui.element("li"):
                        ui.markdown(note, extras=["latex"]).classes("xl-prose")
    i = section.number - 1
    with ui.row().classes("w-full justify-between pt-2 pb-6"):
        if i > 0:
            prev = SECTIONS[i - 1]
            text = "← " + strings["previous"].format(title=prev.content(lang)["title"])
            testid(ui.link(text, language.link(prev.path)).classes("no-underline"), "previous")
        else:
            ui.link(f"← {strings['home']}", language.link("/")).classes("no-underline")
        if i + 1 < len(SECTIONS):
            nxt = SECTIONS[i + 1]
            text = strings["next"].format(title=nxt.content(lang)["title"]) + " →"
            testid(ui.link(text, language.link(nxt.path)).classes("no-underline"), "next")
