"""Tasks that ask the learner something, 2–4 per section, each checked against the View.

Two kinds, as someone who teaches this would set them:

- :class:`Goal` — "make it happen": done once the View shows what was asked
  (``reached(view)``), e.g. with y = 1 find the ŷ where the loss is 1 nat.
- :class:`Predict` — "predict, then check": the learner commits to one of ``choices`` before
  moving anything; once the View is where the question points (``observed(view)``), the
  right choice is read from that View (``answer(view)``) and the learner's is checked
  against it, with one sentence of why.

Each section's tasks are declared in ``xentlab.course.tasks.<key>`` as ``TASKS``, with their
checks; their words (the prompt, up to two hints, the why, the choices) are content,
``[tasks.<task key>]`` in ``content/<lang>/<key>.toml``. Every task names a ``witness``: inputs
(changes from the defaults) at which it is solved, so a test can show it solvable inside the
declared ranges; the defaults must not solve it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_HINTS", "Goal", "Predict", "Task", "facts_of"]

#: hints a task may give, one at a time
MAX_HINTS = 2


@dataclass(frozen=True)
class Goal:
    """Make it happen: done once ``reached(view)``.

    Attributes:
        key: its name in the content (``[tasks.<key>]``) and in the learner's progress.
        reached: whether a View shows what the task asks.
        witness: inputs (changes from the defaults) where it is reached.
        facts: numbers of the View that its ``why`` quotes, by field name (optional).
        given: numbers its prompt quotes, computed where it is declared (optional).
    """

    key: str
    reached: Callable[[Any], bool]
    witness: Mapping[str, Any]
    facts: Callable[[Any], Mapping[str, str]] | None = field(default=None)
    given: Mapping[str, str] = field(default_factory=dict)

    def done(self, view: Any) -> bool:
        """Whether ``view`` solves it."""
        return bool(self.reached(view))


@dataclass(frozen=True)
class Predict:
    """Predict, then check: the learner picks one of ``choices`` first; once ``observed(view)``
    the View gives the right choice, ``answer(view)``.

    Attributes:
        key: its name in the content and in the learner's progress.
        choices: the choices' keys (their words are content, ``choices.<key>``).
        observed: whether a View is where the question can be read off.
        answer: the right choice at such a View.
        witness: inputs (changes from the defaults) where it is observed.
        facts: numbers of the View that its ``why`` quotes, by field name (optional).
        given: numbers its prompt quotes, computed where it is declared (optional).
    """

    key: str
    choices: tuple[str, ...]
    observed: Callable[[Any], bool]
    answer: Callable[[Any], str]
    witness: Mapping[str, Any]
    facts: Callable[[Any], Mapping[str, str]] | None = field(default=None)
    given: Mapping[str, str] = field(default_factory=dict)

    def done(self, view: Any) -> bool:
        """Whether ``view`` is where the prediction is checked."""
        return bool(self.observed(view))


#: a section's task
Task = Goal | Predict


def facts_of(task: Task, view: Any) -> dict[str, str]:
    """The numbers ``task``'s words quote, read from ``view`` ({} when it quotes none)."""
    return dict(task.facts(view)) if task.facts is not None else {}
