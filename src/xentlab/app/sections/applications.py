"""Section 12 page: where cross-entropy is used, with perplexity and distillation calculators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.mount import State
from xentlab.app.widgets import (
    Chart,
    Readout,
    bar_options,
    choice_toggle,
    fmt,
    numbers,
    param_slider,
)
from xentlab.lessons.applications import TEACHER, Inputs, View


def _bars(c: dict[str, Any]) -> dict[str, Any]:
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i) for i in range(len(TEACHER))]
    series = {"teacher": labels["teacher"], "student": labels["student"]}
    return bar_options(names, chart_c["x"], chart_c["y"], series)


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The field cards, then the perplexity calculator beside the distillation calculator."""
    labels = c["labels"]
    with ui.element("div").classes("grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"):
        for card in c["cards"]:
            with ui.card().classes("xl-card gap-1"):
                ui.label(card["title"]).classes("text-lg font-semibold")
                ui.label(card["text"]).classes("text-gray-700")
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card flex-1 min-w-[20rem] gap-3"):
            ui.label(labels["calculator_perplexity"]).classes("text-lg font-semibold")
            param_slider(state, "ce", labels["ce"])
            choice_toggle(state, "unit", labels["unit"], labels)
            readout = Readout(
                {**labels, "ce_other": labels["ce_other"].format(unit="…")},
                {**numbers("perplexity", digits=2), **numbers("ce_other")},
            )
            ce_other_label = readout.names["ce_other"]
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-3"):
            ui.label(labels["calculator_distill"]).classes("text-lg font-semibold")
            param_slider(state, "temperature", labels["temperature"])
            distill = Readout(
                labels,
                {
                    "kl": lambda v: fmt(v.distillation_kl),
                    "distill": lambda v: fmt(v.distillation_loss),
                },
            )
            chart = Chart(_bars(c), classes="w-full h-[16rem]")

    def show(v: View) -> None:
        readout.show(v)
        ce_other_label.set_text(labels["ce_other"].format(unit=labels[v.other_unit]))
        distill.show(v)
        chart.show(
            teacher=[round(float(p), 6) for p in v.teacher_probs],
            student=[round(float(p), 6) for p in v.student_probs],
        )

    return show
