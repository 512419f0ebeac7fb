"""Each section's main task done with the keyboard alone (WCAG 2.1.1), in the real served app.

A learner presses Tab to the skip link, Enter to jump past the header and menu, then only Tab
to reach a control and its own keys to move it: arrows, PageUp / PageDown (ten steps), Home /
End on a slider, Enter on a toggle's button, arrows on §9's map. The page must then show the
section's read-out for the state those keys make, computed here from the declared defaults and
steps: ``Section.panel`` of the lesson's View, the rows the page is written from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from support.browser import open_section
from xentlab.app.pages.sections.entropy_kl import BAR_STEP
from xentlab.course.lessons import landscape
from xentlab.course.sections import SECTIONS, Section, section

#: Tab presses allowed to reach a control from the top of the content
MOST_TABS = 60


def step_of(s: Section, name: str) -> float:
    """The declared step of the input ``name`` (1 for a whole number)."""
    spec = s.lesson.Inputs.param(name).spec
    return float(getattr(spec, "step", 1))


def spec_of(s: Section, name: str) -> Any:
    return s.lesson.Inputs.param(name).spec


def moved(s: Section, name: str, steps: int) -> Callable[[Any], Any]:
    """The inputs with ``name`` moved ``steps`` declared steps, as the slider clamps it."""
    spec = spec_of(s, name)

    def change(inputs: Any) -> Any:
        value = getattr(inputs, name) + steps * step_of(s, name)
        value = round(min(spec.hi, max(spec.lo, value)), 10)
        whole = isinstance(getattr(inputs, name), int)
        return dataclasses.replace(inputs, **{name: round(value) if whole else value})

    return change


def to_end(s: Section, name: str, end: str) -> Callable[[Any], Any]:
    """The inputs with ``name`` at its declared ``end`` ("lo" or "hi")."""
    value = getattr(spec_of(s, name), end)
    return lambda inputs: dataclasses.replace(inputs, **{name: value})


@dataclass(frozen=True)
class Task:
    """Tab to the control ``testid``, press ``keys``; the inputs become ``change(inputs)``."""

    testid: str
    keys: tuple[str, ...]
    change: Callable[[Any], Any]


def _landscape_cell(inputs: Any, dp: int, dq: int) -> Any:
    grid = [float(g) for g in landscape.GRID]

    def near(x: float, by: int) -> float:
        i = min(range(len(grid)), key=lambda j: abs(grid[j] - x)) + by
        return grid[max(0, min(len(grid) - 1, i))]

    return dataclasses.replace(inputs, p=near(inputs.p, dp), q=near(inputs.q, dq))


def _bar_up(inputs: Any, times: int) -> Any:
    p = list(inputs.p)
    p[0] = round(min(1.0, p[0] + times * BAR_STEP), 10)
    return dataclasses.replace(inputs, p=tuple(p))


def _tasks() -> dict[str, tuple[Task, ...]]:
    s = {x.key: x for x in SECTIONS}
    return {
        "bce": (
            Task("yhat", ("ArrowRight",) * 3, moved(s["bce"], "yhat", 3)),
            Task("y", ("Enter",), lambda i: dataclasses.replace(i, y=0)),  # the "y = 0" button
        ),
        "softmax_ce": (
            Task("temperature", ("ArrowLeft",) * 5, moved(s["softmax_ce"], "temperature", -5)),
        ),
        "ce_vs_mse": (Task("yhat", ("PageDown",), moved(s["ce_vs_mse"], "yhat", -10)),),
        "slow_mse": (Task("yhat", ("End",), to_end(s["slow_mse"], "yhat", "hi")),),
        "likelihood": (Task("yhat", ("ArrowLeft",) * 2, moved(s["likelihood"], "yhat", -2)),),
        "binary_vs_categorical": (
            Task("k", ("ArrowRight",), moved(s["binary_vs_categorical"], "k", 1)),
            Task("z", ("PageUp",), moved(s["binary_vs_categorical"], "z", 10)),
        ),
        "entropy_kl": (Task("p-bar-0", ("ArrowUp",) * 4, lambda i: _bar_up(i, 4)),),
        "wrong_code": (
            # a select opens on Enter, its arrows pick, Enter chooses: the next language
            Task(
                "code",
                ("Enter", "ArrowDown", "Enter"),
                lambda i: dataclasses.replace(i, code="French"),
            ),
        ),
        "landscape": (
            Task(
                "chart",
                ("ArrowRight", "ArrowRight", "ArrowUp"),
                lambda i: _landscape_cell(i, 1, 2),
            ),
        ),
        "stability": (
            Task("scale", ("End",), to_end(s["stability"], "log_scale", "hi")),
            Task("k", ("Home",), to_end(s["stability"], "k", "lo")),
        ),
        "imbalance": (
            Task("gamma", ("ArrowRight",) * 5, moved(s["imbalance"], "gamma", 5)),
            Task("pt", ("PageDown",), moved(s["imbalance"], "pt", -10)),
        ),
        "applications": (Task("ce", ("PageUp",), moved(s["applications"], "ce", 10)),),
        "frameworks": (Task("z", ("ArrowLeft",) * 4, moved(s["frameworks"], "z", -4)),),
    }


TASKS = _tasks()


def test_every_section_has_a_keyboard_task() -> None:
    assert set(TASKS) == {s.key for s in SECTIONS}


def tab_to(page: Page, testid: str) -> None:
    """Tab (and nothing else) until the focus is inside the element ``testid``."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "id => !!document.activeElement?.closest(`[data-testid='${id}']`)", testid
        )
        if inside:
            return
    raise AssertionError(f"{MOST_TABS} presses of Tab never reached {testid!r}")


def skip_to_content(page: Page) -> None:
    """The first Tab reaches the skip link; Enter moves the focus to the content."""
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("skip")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def expect_rows(page: Page, s: Section, inputs: Any, lang: str) -> dict[str, str]:
    """Every read-out row and one-line note the page shows (by its key) reads as the section's
    panel for ``inputs`` (a note's Markdown code marks aside), and every cell of its tables is
    in the table; returns what was checked, by key."""
    panel = s.panel(s.lesson.compute(inputs), lang)
    notes = [(n.key, n.text) for n in panel.notes if "\n" not in n.text.strip()]
    checked = {}
    for key, text in [(r.key, r.text) for r in panel.rows] + notes:
        shown = page.get_by_test_id(key)
        if shown.count() == 0 or not shown.first.is_visible():
            continue
        for element in shown.all():
            expect(element).to_have_text(text.replace("`", ""))
        checked[key] = text
    for table in panel.tables:  # (§13's conventions) every cell, somewhere in the table
        shown = page.get_by_test_id(table.key)
        if shown.count() == 1 and shown.is_visible():
            for cell in {cell for row in table.body for cell in row}:
                expect(shown).to_contain_text(cell.replace("`", ""))
            checked[table.key] = repr(table.body)
    assert checked, f"no read-out row or note of {s.key} is on its page"
    return checked


@pytest.mark.parametrize("key", sorted(TASKS))
def test_main_task_by_keyboard(page: Page, base_url: str, key: str) -> None:
    s = section(key)
    lang = "zh" if s.number % 2 == 0 else "en"  # both languages, in turn
    open_section(page, f"{base_url}{s.path}?lang={lang}")
    inputs = s.lesson.Inputs()
    shown = expect_rows(page, s, inputs, lang)  # (the page opens at the defaults)
    skip_to_content(page)
    for task in TASKS[key]:
        tab_to(page, task.testid)
        for k in task.keys:
            page.keyboard.press(k)
        inputs = task.change(inputs)
        before, shown = shown, expect_rows(page, s, inputs, lang)
        assert shown != before, f"{key}: the keys on {task.testid} changed nothing shown"
