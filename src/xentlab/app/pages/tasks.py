"""A section's tasks on its page: each asks, checks itself against the View once the changes
pause, gives up to two hints, and says why once done (:mod:`xentlab.course.tasks`).

The learner's progress stays in the browser (``localStorage``, the shell's ``xlProgress``):
the page tells the browser what was solved or predicted, and the browser tells a page it
opens what it kept, which the page takes only for the tasks and choices it declares. It is
sent nowhere else, unless the learner joined a class: then what is solved or predicted live
is counted for the teacher (:mod:`xentlab.app.pages.classroom`), with no name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from xentlab.app.pages.classroom import membership
from xentlab.app.pages.widgets import heading, testid
from xentlab.course.content import load
from xentlab.course.sections import Section
from xentlab.course.tasks import Goal, Predict, Task, facts_of

__all__ = ["PROGRESS_EVENT", "TaskCard"]

#: the event a page's browser sends with the progress it kept (the shell's script)
PROGRESS_EVENT = "xl_progress"


class _TaskItem:
    """One task: its prompt, its prediction (a Predict), its hints and its verdict."""

    def __init__(
        self,
        task: Task,
        words: Mapping[str, Any],
        strings: Mapping[str, str],
        save: Callable[[str, Mapping[str, Any]], None],
        current: Callable[[], Any],
    ) -> None:
        self.task, self.words, self.strings = task, words, strings
        self._save, self._current = save, current
        self.done = False
        self.choice: str | None = None
        self.shown_hints = 0
        box = ui.element("div").classes("w-full rounded border border-slate-200 px-3 py-2")
        self.box = testid(box, "task").props(f'data-task="{task.key}" data-done="false"')
        with self.box:
            ui.markdown(words["prompt"].format(**task.given)).classes("xl-prose text-gray-800")
            if isinstance(task, Predict):
                self._prediction(task)
            with ui.row().classes("items-center gap-2"):
                self.hint_button = ui.button(strings["hint"], on_click=self.next_hint)
                self.hint_button.props("outline no-caps size=sm")
                testid(self.hint_button, f"hint-{task.key}")
            self.hints = ui.column().classes("gap-1")
            self.verdict = ui.label("").classes("w-full text-sm").props('aria-live="polite"')
            testid(self.verdict, f"verdict-{task.key}")

    def _prediction(self, task: Predict) -> None:
        names = {c: self.words["choices"][c] for c in task.choices}
        self.picker = ui.radio(names).props(f'aria-label="{self.strings["prediction"]}"')
        testid(self.picker, f"choices-{task.key}")
        self.lock = ui.button(self.strings["lock"], on_click=self.lock_in)
        testid(self.lock.props("no-caps size=sm unelevated color=primary"), f"lock-{task.key}")
        self.locked = ui.label("").classes("text-sm text-gray-700")

    def lock_in(self) -> None:
        """Commit the picked choice (once): it can no longer change."""
        assert isinstance(self.task, Predict)
        picked = self.picker.value
        if self.choice is not None or picked not in self.task.choices:
            return
        self._take_choice(str(picked))
        self._save(self.task.key, {"choice": self.choice})
        self.check(self._current())  # (the page may already be where it is checked)

    def _take_choice(self, choice: str) -> None:
        self.choice = choice
        self.picker.value = choice
        self.picker.disable()
        self.lock.set_visibility(False)
        said = self.words["choices"][choice]
        self.locked.set_text(self.strings["you_predicted"].format(choice=said))

    def next_hint(self) -> None:
        """Show the next hint; the button goes once none is left."""
        hints = self.words.get("hints", [])
        if self.shown_hints < len(hints):
            with self.hints:
                hint = hints[self.shown_hints].format(**self.task.given)
                ui.label(hint).classes("text-sm text-gray-700")
            self.shown_hints += 1
        if self.shown_hints >= len(hints):
            self.hint_button.set_visibility(False)

    def check(self, view: Any) -> None:
        """Mark the task done, with its why, once ``view`` solves it (a prediction: once it is
        locked in and ``view`` is where it is checked)."""
        if self.done or not self.task.done(view):
            return
        if isinstance(self.task, Predict) and self.choice is None:
            self.verdict.set_text(self.strings["predict_first"])
            return
        why = self.words["why"].format(**facts_of(self.task, view))
        if isinstance(self.task, Goal):
            said = f"{self.strings['done']}{self.strings['gap']}{why}"
        else:
            answer = self.task.answer(view)
            right = self.strings["right"] if answer == self.choice else self.strings["wrong"]
            verdict = right.format(answer=self.words["choices"][answer])
            said = f"{verdict}{self.strings['gap']}{why}"
        self._mark_done(said)
        self._save(self.task.key, {"done": True, "choice": self.choice})

    def _mark_done(self, said: str) -> None:
        self.done = True
        self.box.props('data-done="true"').classes(replace=_DONE_CLASSES)
        self.verdict.set_text(said)
        self.hint_button.set_visibility(False)

    def restore(self, kept: Any) -> None:
        """Take what the browser kept for this task: its locked choice and whether it was done
        (anything else is ignored)."""
        if not isinstance(kept, dict):
            return
        choice = kept.get("choice")
        if isinstance(self.task, Predict) and choice in self.task.choices and self.choice is None:
            self._take_choice(str(choice))
        if kept.get("done") is True and not self.done:
            if isinstance(self.task, Predict) and self.choice is None:
                return  # a prediction is done only once one was made
            self._mark_done(self.strings["done_before"])


#: a done task's box
_DONE_CLASSES = "w-full rounded border border-emerald-300 bg-emerald-50 px-3 py-2"


class TaskCard:
    """The card of ``section``'s tasks in ``lang``; :meth:`check` each settled View
    (``current()`` gives the View shown now)."""

    def __init__(self, section: Section, lang: str, current: Callable[[], Any]) -> None:
        self.section = section
        words = section.content(lang).get("tasks", {})
        strings: dict[str, str] = load("ui", lang)["tasks"]
        self.items: dict[str, _TaskItem] = {}
        with ui.card().classes("xl-card w-full gap-3") as card:
            heading(strings["title"])
            ui.label(strings["kept"]).classes("text-sm text-gray-600")
            for task in section.tasks:
                item = _TaskItem(task, words[task.key], strings, self._save, current)
                self.items[task.key] = item
            reset = ui.button(strings["reset"], icon="restart_alt", on_click=self.reset)
            testid(reset.props("flat no-caps size=sm"), "reset-tasks")
        testid(card, "tasks").props(f'data-section="{section.key}"')
        ui.on(PROGRESS_EVENT, self._restore, args=None)

    def check(self, view: Any) -> None:
        """Check every task against ``view``."""
        for item in self.items.values():
            item.check(view)

    def _save(self, key: str, record: Mapping[str, Any]) -> None:
        """Keep ``record`` of task ``key`` in the browser (merged with what it has)."""
        section, task, kept = (json.dumps(x) for x in (self.section.key, key, dict(record)))
        ui.run_javascript(f"window.xlProgress && xlProgress.put({section}, {task}, {kept})")
        member = membership()
        if member is not None:  # counted for the teacher, if the learner joined a class
            choice = record.get("choice")
            member.record(
                self.section.key,
                key,
                done=record.get("done") is True,
                choice=choice if isinstance(choice, str) else None,
            )

    def _restore(self, e: GenericEventArguments) -> None:
        """What the browser kept for this section (``{section, tasks: {key: record}}``)."""
        sent = e.args[0] if isinstance(e.args, list) and len(e.args) == 1 else e.args
        if not isinstance(sent, dict) or sent.get("section") != self.section.key:
            return
        kept = sent.get("tasks")
        if not isinstance(kept, dict):
            return
        for key, item in self.items.items():  # only the declared tasks are read
            item.restore(kept.get(key))

    def reset(self) -> None:
        """Forget this section's progress, here and in the browser, and ask again."""
        ui.run_javascript(f"window.xlProgress && xlProgress.clear({json.dumps(self.section.key)})")
        ui.navigate.reload()
