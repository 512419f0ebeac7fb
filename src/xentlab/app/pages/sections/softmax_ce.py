"""Section 2 page: softmax and categorical cross-entropy over typed logits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.logit_boxes import LogitBoxes
from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, fmt, fmt_small, param_slider, testid
from xentlab.course.charts import renew
from xentlab.course.charts import softmax_ce as parts
from xentlab.course.lessons.softmax_ce import LOGITS, Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Typed logits, the true class and the temperature beside the bars and the table (the
    read-out rows, texts and chart options shared with the notebook widget:
    :mod:`xentlab.course.charts.softmax_ce`)."""
    labels = c["labels"]
    boxes = LogitBoxes(state)
    texts = boxes.texts
    sizes = LOGITS.sizes

    def resize(n: int) -> None:
        now = state.inputs
        logits = tuple(now.logits[:n]) + (0.0,) * max(0, n - len(now.logits))
        boxes.reset(logits)
        state.set(logits=logits, target=min(now.target, n - 1))
        logit_inputs.refresh()

    example_c = c["example"]
    with ui.card().classes("xl-card w-full gap-1"):
        ui.label(example_c["title"]).classes("text-lg font-semibold")
        example = parts.example(state.view, c)
        testid(ui.markdown(example).classes("xl-prose text-base text-gray-800"), "example")
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            ui.label(labels["logits"]).classes("text-sm text-gray-700")

            @ui.refreshable
            def logit_inputs() -> None:
                with ui.row().classes("w-full gap-2"):
                    for i in range(len(texts)):
                        boxes.box(i, labels["logit"].format(i=i), f"logit-{i}", "w-[4.6rem]")
                with ui.row().classes("gap-2"):
                    n = len(texts)
                    add = ui.button(labels["add"], icon="add", on_click=lambda: resize(n + 1))
                    add.props("outline no-caps size=sm")
                    add.set_enabled(n < sizes[1])
                    testid(add, "add-class")
                    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
                    rm.props("outline no-caps size=sm").set_enabled(n > sizes[0])
                    testid(rm, "remove-class")
                ui.label(labels["target"]).classes("text-sm text-gray-700")
                target = ui.toggle(
                    list(range(n)),
                    value=state.inputs.target,
                    on_change=lambda e: state.set(target=int(e.value)),
                )
                target.props(
                    f'no-caps unelevated toggle-color=primary aria-label="{labels["target"]}"'
                )
                testid(target.classes("flex-wrap"), "target")

            logit_inputs()
            param_slider(state, "temperature", labels["temperature"])
            ui.separator()
            readout = Readout(labels, parts.ROWS)
            ui.label(labels["worked"]).classes("text-sm text-gray-700")
            with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-50 px-3 py-2"):
                worked = testid(ui.label().classes("font-mono text-sm whitespace-pre"), "worked")
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            chart = Chart(parts.options(state.view, c), classes="w-full h-[22rem]")
            ui.label(labels["gradient"]).classes("text-sm text-gray-700")
            table = ClassTable(labels["class_name"])
    with ui.card().classes("xl-card w-full gap-2"):
        ui.label(labels["targets_title"]).classes("text-lg font-semibold")
        calls: dict[str, ui.label] = {}
        losses: dict[str, ui.label] = {}
        with ui.element("div").classes("grid w-full gap-3 grid-cols-1 md:grid-cols-2"):
            for form, sid in (("sparse", "loss_sparse"), ("dense", "loss_one_hot")):
                with ui.element("div").classes("min-w-0 rounded bg-slate-50 px-3 py-2"):
                    with ui.row().classes("w-full no-wrap justify-between items-baseline"):
                        ui.label(labels[form]).classes("text-gray-600")
                        loss = ui.label().classes("font-mono text-lg tabular-nums")
                        losses[form] = testid(loss, sid)
                    # a long one-hot vector wraps between its entries
                    calls[form] = ui.label().classes("font-mono text-sm break-words")
        ui.markdown(labels["targets_note"]).classes("xl-prose text-sm text-gray-700")

    def show(v: View) -> None:
        readout.show(v)
        verdict.set_text(parts.verdict(v, c))
        style = "bg-emerald-50 text-emerald-900" if v.right else "bg-rose-50 text-rose-900"
        verdict.classes(replace=f"w-full rounded px-3 py-2 {style}")
        renew(chart.options, parts.options(v, c))
        chart.update()
        table.show(v)
        worked.set_text(parts.worked(v, c))
        for form, call in parts.calls(v, c).items():
            calls[form].set_text(call)
        losses["sparse"].set_text(fmt(v.loss))
        losses["dense"].set_text(fmt(v.loss_one_hot))

    return show


class ClassTable:
    """Per-class ŷ, y and gradient; the cells are rebuilt only when the class count changes."""

    ROWS = (("prob", "ŷᵢ"), ("onehot", "yᵢ"), ("grad", "∂L/∂zᵢ"))

    def __init__(self, class_name: str) -> None:
        self.class_name = class_name
        self.container = ui.element("div").classes("w-full overflow-x-auto")
        self.cells: dict[str, ui.label] = {}

    def show(self, v: View) -> None:
        """Write the view's per-class numbers into the table."""
        n = len(v.probs)
        if len(self.cells) != 3 * n:
            self._rebuild(n)
        for i in range(n):
            self.cells[f"prob-{i}"].set_text(fmt_small(float(v.probs[i])))
            self.cells[f"onehot-{i}"].set_text(f"{v.one_hot[i]:.0f}")
            self.cells[f"grad-{i}"].set_text(fmt_small(float(v.grad[i])))

    def _rebuild(self, n: int) -> None:
        # one row per class, so that ten classes fit as well as two
        self.container.clear()
        self.cells = {}
        with (
            self.container,
            ui.grid(columns="auto auto auto auto").classes("gap-x-6 gap-y-0.5 text-sm"),
        ):
            ui.label("")
            for _, name in self.ROWS:
                ui.label(name).classes("text-gray-600 text-right")
            for i in range(n):
                ui.label(self.class_name.format(i=i)).classes("text-gray-500")
                for row, _ in self.ROWS:
                    cell = ui.label().classes("font-mono text-right tabular-nums")
                    self.cells[f"{row}-{i}"] = testid(cell, f"{row}-{i}")
