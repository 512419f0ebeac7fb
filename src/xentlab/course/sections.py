"""The explorer's sections, registered once.

The menu, the routes, the home page's cards, the figures command, the notebook and the tests
all read :data:`SECTIONS`. A section is its lesson (pure ``Inputs → View``), its panel (what it
shows of a View: rows, notes, charts as data) and the page that lays the panel out in the browser;
all three are named, and imported on first use, so that reading the registry loads no web or
plotting package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from xentlab.course.charts.panel import Panel
from xentlab.course.content import load
from xentlab.course.tasks import Task

__all__ = ["SECTIONS", "Section", "section"]


@dataclass(frozen=True)
class Section:
    """One section of the explorer.

    Attributes:
        number: its place in reading order, from 1.
        key: the name of its lesson module and of its content files.
        slug: its address, ``/slug``.
        lesson_module: the lesson module's name (``lesson`` imports it).
        page: ``"module"`` whose ``layout(state, content)`` lays the page out.
        charts: the module whose ``panel(view, content, ui)`` is everything the section shows
            of a View (read-out rows, notes, tables, charts as ECharts options): the page, the
            notebook widget and the static figure all draw it.
        tasks_module: the module whose ``TASKS`` ask the learner something
            (:mod:`xentlab.course.tasks`).
    """

    number: int
    key: str
    slug: str
    lesson_module: str
    page: str
    charts: str
    tasks_module: str

    @property
    def lesson(self) -> ModuleType:
        """The lesson module: ``Inputs``, ``View`` and ``compute``."""
        return import_module(self.lesson_module)

    @property
    def path(self) -> str:
        """The page's address."""
        return f"/{self.slug}"

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Its tasks, in the order the page asks them."""
        tasks: tuple[Task, ...] = import_module(self.tasks_module).TASKS
        return tasks

    def content(self, lang: str = "en") -> dict[str, Any]:
        """Its prose and labels in ``lang``."""
        return load(self.key, lang)

    def layout(self) -> Callable[..., Any]:
        """The page's layout function (imports the web app)."""
        layout: Callable[..., Any] = import_module(self.page).layout
        return layout

    def panel(self, view: Any, lang: str = "en") -> Panel:
        """Everything the section shows of ``view`` in ``lang``
        (:mod:`xentlab.course.charts.panel`)."""
        made: Panel = import_module(self.charts).panel(view, self.content(lang), load("ui", lang))
        return made


def _registry(*entries: tuple[str, str]) -> tuple[Section, ...]:
    # each section's lesson, page and charts are named after its key
    return tuple(
        Section(
            n,
            key,
            slug,
            f"xentlab.course.lessons.{key}",
            f"xentlab.app.pages.sections.{key}",
            f"xentlab.course.charts.{key}",
            f"xentlab.course.tasks.{key}",
        )
        for n, (key, slug) in enumerate(entries, start=1)
    )


#: the sections in reading order
SECTIONS = _registry(
    ("bce", "binary"),
    ("softmax_ce", "softmax"),
    ("ce_vs_mse", "ce-vs-mse"),
    ("slow_mse", "slow-mse"),
    ("likelihood", "likelihood"),
    ("binary_vs_categorical", "binary-vs-categorical"),
    ("entropy_kl", "entropy-kl"),
    ("wrong_code", "wrong-code"),
    ("landscape", "landscape"),
    ("stability", "stability"),
    ("imbalance", "imbalance"),
    ("applications", "applications"),
    ("frameworks", "frameworks"),
)


def section(name: str) -> Section:
    """The section whose key or slug is ``name``.

    Raises:
        ValueError: naming the known sections, when there is none.
    """
    for s in SECTIONS:
        if name in (s.key, s.slug):
            return s
    known = ", ".join(s.key for s in SECTIONS)
    raise ValueError(f"section must be one of {known}, got {name!r}")
