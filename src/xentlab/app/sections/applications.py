"""Section 12 page: where cross-entropy is used, with perplexity and distillation calculators."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import Live, Readout, bar_options, fmt, slider, testid
from xentlab.content import load
from xentlab.lessons import applications as lesson
from xentlab.lessons.applications import CE_MAX, CE_STEP, T_MAX, T_MIN, T_STEP


def _bars(c: dict[str, Any]) -> dict[str, Any]:
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i) for i in range(len(lesson.TEACHER))]
    return bar_options(names, chart_c["x"], chart_c["y"], [labels["teacher"], labels["student"]])


def build(query: dict[str, str]) -> None:
    """Draw section 12 with the state read from ``query``."""
    c = load("applications")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    with ui.element("div").classes("grid w-full gap-4 grid-cols-1 md:grid-cols-2 lg:grid-cols-3"):
        for card in c["cards"]:
            with ui.card().classes("xl-card gap-1"):
                ui.label(card["title"]).classes("text-lg font-semibold")
                ui.label(card["text"]).classes("text-gray-700")
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card flex-1 min-w-[20rem] gap-3"):
            ui.label(labels["calculator_perplexity"]).classes("text-lg font-semibold")
            slider(
                "ce",
                labels["ce"],
                value=inputs.ce,
                lo=0.0,
                hi=CE_MAX,
                step=CE_STEP,
                on_move=lambda v: live.set(ce=v),
            )
            ui.label(labels["unit"]).classes("text-sm text-gray-700")
            unit = ui.toggle(
                {"nats": labels["nats"], "bits": labels["bits"]},
                value=inputs.unit,
                on_change=lambda e: live.set(unit=str(e.value)),
            )
            testid(unit.props('no-caps unelevated toggle-color=primary aria-label="unit"'), "unit")
            readout = Readout()
            readout.row("perplexity", labels["perplexity"])
            readout.row("ce_other", labels["ce_other"].format(unit="…"))
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-3"):
            ui.label(labels["calculator_distill"]).classes("text-lg font-semibold")
            slider(
                "temperature",
                labels["temperature"],
                value=inputs.temperature,
                lo=T_MIN,
                hi=T_MAX,
                step=T_STEP,
                on_move=lambda v: live.set(temperature=v),
            )
            distill = Readout()
            distill.row("kl", labels["kl"])
            distill.row("distill", labels["distill"])
            chart = testid(ui.echart(_bars(c)), "chart").classes("w-full h-[16rem]")
    section_outro(c, "applications")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("perplexity", fmt(v.perplexity, 2))
        other = "bits" if now.unit == "nats" else "nats"
        readout.labels["ce_other"].set_text(labels["ce_other"].format(unit=labels[other]))
        readout.set("ce_other", fmt(v.ce_bits if other == "bits" else v.ce_nats))
        distill.set("kl", fmt(v.distillation_kl))
        distill.set("distill", fmt(v.distillation_loss))
        chart.options["series"][0]["data"] = [round(float(p), 6) for p in v.teacher_probs]
        chart.options["series"][1]["data"] = [round(float(p), 6) for p in v.student_probs]
        chart.update()

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
