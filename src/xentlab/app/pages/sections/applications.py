"""Section 12 page: where cross-entropy is used, with perplexity and distillation calculators
(their rows and chart options shared with the notebook widget:
:mod:`xentlab.course.charts.applications`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, choice_toggle, heading, param_slider, testid
from xentlab.app.server.limits import list_chars
from xentlab.course.charts import applications as parts
from xentlab.course.charts import renew
from xentlab.course.content import load
from xentlab.course.lessons.applications import (
    Inputs,
    View,
    logits_text,
    pair_problems,
    parse_logits,
)
from xentlab.course.lessons.softmax_ce import LOGITS


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The field cards, then the perplexity calculator beside the distillation calculator."""
    labels = c["labels"]
    with ui.element("div").classes("grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"):
        for card in c["cards"]:
            with ui.card().classes("xl-card gap-1"):
                heading(card["title"])
                ui.label(card["text"]).classes("text-gray-700")
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card flex-1 min-w-[20rem] gap-3"):
            heading(labels["calculator_perplexity"])
            param_slider(state, "ce", labels["ce"])
            choice_toggle(state, "unit", labels["unit"], labels)
            readout = Readout(parts.perplexity_labels(state.view, c), parts.PERPLEXITY_ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-3"):
            heading(labels["calculator_distill"])
            logit_boxes(state, c)
            param_slider(state, "temperature", labels["temperature"])
            distill = Readout(labels, parts.DISTILL_ROWS)
            chart = Chart(parts.bars(state.view, c), classes="w-full h-[16rem]")
    with ui.card().classes("xl-card w-full gap-1"):
        heading(labels["lab_title"])
        with ui.row().classes("w-full items-baseline gap-x-4 gap-y-1"):
            ui.label(labels["lab_text"]).classes("text-gray-700")
            testid(ui.link(labels["lab_link"], "/lab").classes("font-medium"), "lab-link")

    def show(v: View) -> None:
        readout.show(v)
        for key, name in parts.perplexity_labels(v, c).items():  # the units follow the toggle
            readout.names[key].set_text(name)
        distill.show(v)
        renew(chart.options, parts.bars(v, c))
        chart.update()

    return show


def logit_boxes(state: State[Inputs, View], c: dict[str, Any]) -> None:
    """The teacher's and the student's logits, typed comma-separated; each box says inline what
    is wrong with it, and the calculator keeps the last good pair meanwhile."""
    labels = c["labels"]
    # a logit out of range reads as in section 2; the other messages are about lists
    messages = {**load("ui", state.lang)["logit_problems"], **c["logits_problems"]}
    texts = {name: logits_text(getattr(state.inputs, name)) for name in ("teacher", "student")}
    boxes: dict[str, ui.input] = {}

    def problem(who: int, _typed: object) -> str | None:
        key = pair_problems(texts["teacher"], texts["student"])[who]
        return None if key is None else str(messages[key])

    def on_type(name: str, text: str | None) -> None:
        texts[name] = text or ""
        boxes["student" if name == "teacher" else "teacher"].validate()
        if pair_problems(texts["teacher"], texts["student"]) == (None, None):
            state.set(**{n: parse_logits(t) for n, t in texts.items()})

    for who, name in enumerate(("teacher", "student")):
        box = ui.input(
            labels[f"{name}_logits"],
            value=texts[name],
            validation=partial(problem, who),
            on_change=lambda e, name=name: on_type(name, e.value),
        )
        box.props(f"dense outlined maxlength={list_chars(LOGITS.sizes[1])}")
        boxes[name] = testid(box.classes("w-full"), name)
