"""Every section's tasks: 2–4 of them, at least one a prediction; each solvable inside the
declared ranges (its witness is a declared state that solves it) and not solved at the
defaults; its words in both languages, with every number they quote filled in from the View
(or, in a prompt, from the declaration); and its checks total over random declared states."""

from __future__ import annotations

import dataclasses
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.lessons import declared_states
from xentlab.course.content import LANGUAGES
from xentlab.course.sections import SECTIONS, Section
from xentlab.course.tasks import MAX_HINTS, Goal, Predict, Task, facts_of

IDS = [s.key for s in SECTIONS]


def fields(template: str) -> set[str]:
    """The ``{names}`` a format string fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def witness_view(s: Section, task: Task) -> Any:
    inputs = dataclasses.replace(s.lesson.Inputs(), **task.witness)  # validated on creation
    return s.lesson.compute(inputs)


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
def test_two_to_four_tasks_one_a_prediction(s: Section) -> None:
    keys = [t.key for t in s.tasks]
    assert 2 <= len(keys) <= 4, keys
    assert len(set(keys)) == len(keys), keys
    assert any(isinstance(t, Predict) for t in s.tasks), "no 'predict, then check' task"
    assert all(isinstance(t, Goal | Predict) for t in s.tasks)


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
def test_each_task_is_solvable_and_not_solved_at_the_defaults(s: Section) -> None:
    defaults = s.lesson.compute(s.lesson.Inputs())
    for task in s.tasks:
        assert not task.done(defaults), f"{task.key} is solved before the learner moves"
        view = witness_view(s, task)
        assert task.done(view), f"{task.key}'s witness {task.witness} does not solve it"
        if isinstance(task, Predict):
            assert task.answer(view) in task.choices


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_of_every_task(s: Section, lang: str) -> None:
    words = s.content(lang).get("tasks", {})
    assert set(words) == {t.key for t in s.tasks}, "words for tasks that are not declared"
    for task in s.tasks:
        w = words[task.key]
        assert fields(w["prompt"]) <= set(task.given), f"{task.key}: a prompt number not given"
        w["prompt"].format(**task.given)
        hints = w.get("hints", [])
        assert 1 <= len(hints) <= MAX_HINTS, f"{task.key}: {len(hints)} hints"
        for hint in hints:  # (a hint, like the prompt, quotes only the declared numbers)
            assert fields(hint) <= set(task.given), f"{task.key}: a hint's number not given"
            hint.format(**task.given)
        facts = facts_of(task, witness_view(s, task))
        assert fields(w["why"]) <= set(facts), f"{task.key}: the why quotes what no View gives"
        assert w["why"].format(**facts)
        if isinstance(task, Predict):
            assert set(w["choices"]) == set(task.choices), f"{task.key}'s choices"
        else:
            assert "choices" not in w


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_checks_are_total_over_declared_states(s: Section, data: st.DataObject) -> None:
    """At any declared state each check answers (no exception), a prediction's answer is one
    of its choices, and the why can be written wherever the task is done."""
    view = s.lesson.compute(data.draw(declared_states(s)))
    for task in s.tasks:
        if task.done(view):
            facts = facts_of(task, view)
            for lang in LANGUAGES:
                s.content(lang)["tasks"][task.key]["why"].format(**facts)
            if isinstance(task, Predict):
                assert task.answer(view) in task.choices
