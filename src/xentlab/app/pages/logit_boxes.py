"""Typed logits: one input box per logit, each saying inline what is wrong with its text; the
page's inputs change only once every box holds a usable logit (the last good ones stay)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab.app.pages.widgets import testid
from xentlab.app.server.limits import NUMBER_CHARS
from xentlab.course.content import load
from xentlab.course.lessons.softmax_ce import logit_problem, parse_logit

__all__ = ["LogitBoxes", "logit_text"]


def logit_text(z: float) -> str:
    """A logit as it is written into its box."""
    return f"{z:g}"


class LogitBoxes:
    """The texts of a page's logit boxes, bound to the tuple input ``name`` of ``state``."""

    def __init__(self, state: Any, name: str = "logits") -> None:
        self.state, self.name = state, name
        self.texts = [logit_text(z) for z in getattr(state.inputs, name)]
        self._messages = load("ui", state.lang)["logit_problems"]

    def reset(self, logits: tuple[float, ...]) -> None:
        """Rewrite every text from ``logits`` (after the boxes were added or removed)."""
        self.texts[:] = [logit_text(z) for z in logits]

    def message(self, text: str | None) -> str | None:
        """What is wrong with ``text`` as a logit, in the page's words; None when nothing."""
        problem = logit_problem(text or "")
        return None if problem is None else str(self._messages[problem])

    def typed(self, i: int, text: str | None) -> None:
        """Box ``i`` now holds ``text``; set the input once every box is usable."""
        self.texts[i] = text or ""
        if all(logit_problem(t) is None for t in self.texts):
            self.state.set(**{self.name: tuple(parse_logit(t) for t in self.texts)})

    def box(self, i: int, label: str, key: str, width: str) -> ui.input:
        """The input box of logit ``i`` (marked ``key``)."""
        box = ui.input(
            label,
            value=self.texts[i],
            validation=self.message,
            on_change=lambda e: self.typed(i, e.value),
        )
        box.props(f"dense outlined maxlength={NUMBER_CHARS}")
        box.classes(f"{width} xl-narrow-input")
        return testid(box, key)
