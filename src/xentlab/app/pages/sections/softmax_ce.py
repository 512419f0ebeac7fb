"""Section 2 page: softmax and categorical cross-entropy over typed logits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.logit_boxes import LogitBoxes
from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    WorkedReadout,
    heading,
    param_slider,
    resize_buttons,
    testid,
)
from xentlab.course.charts import renew
from xentlab.course.charts import softmax_ce as parts
from xentlab.course.lessons.softmax_ce import LOGITS, Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Typed logits, the true class and the temperature beside the bars and the table (the
    read-out rows, texts and chart options shared with the notebook widget:
    :mod:`xentlab.course.charts.softmax_ce`)."""
    labels = c["labels"]
    _example_card(state.view, c)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            _logit_inputs(state, labels)
            param_slider(state, "temperature", labels["temperature"])
            worked = WorkedReadout(labels, parts.ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            chart = Chart(parts.options(state.view, c), classes="w-full h-[22rem]")
            ui.label(labels["gradient"]).classes("text-sm text-gray-700")
            table = ClassTable(c)
    show_targets = _targets_card(c)

    def show(v: View) -> None:
        style = "bg-emerald-50 text-emerald-900" if v.right else "bg-rose-50 text-rose-900"
        worked.show(v, parts.worked(v, c), parts.verdict(v, c), style)
        renew(chart.options, parts.options(v, c))
        chart.update()
        table.show(v)
        show_targets(v)

    return show


def _example_card(v: View, c: dict[str, Any]) -> None:
    """The worked example at the top of the page."""
    with ui.card().classes("xl-card w-full gap-1"):
        heading(c["example"]["title"])
        example = parts.example(v, c)
        testid(ui.markdown(example).classes("xl-prose text-base text-gray-800"), "example")


def _logit_inputs(state: State[Inputs, View], labels: dict[str, str]) -> None:
    """The logit boxes with their add and remove buttons, and the true class."""
    boxes = LogitBoxes(state)
    ui.label(labels["logits"]).classes("text-sm text-gray-700")

    def resize(n: int) -> None:
        now = state.inputs
        logits = tuple(now.logits[:n]) + (0.0,) * max(0, n - len(now.logits))
        boxes.reset(logits)
        state.set(logits=logits, target=min(now.target, n - 1))
        logit_inputs.refresh()

    @ui.refreshable
    def logit_inputs() -> None:
        n = len(boxes.texts)
        with ui.row().classes("w-full gap-2"):
            for i in range(n):
                boxes.box(i, labels["logit"].format(i=i), f"logit-{i}", "w-[4.6rem]")
        with ui.row().classes("gap-2"):
            resize_buttons(labels, n, LOGITS.sizes, resize, "class")
        ui.label(labels["target"]).classes("text-sm text-gray-700")
        target = ui.toggle(
            list(range(n)),
            value=state.inputs.target,
            on_change=lambda e: state.set(target=int(e.value)),
        )
        target.props(f'no-caps unelevated toggle-color=primary aria-label="{labels["target"]}"')
        testid(target.classes("flex-wrap"), "target")

    logit_inputs()


def _targets_card(c: dict[str, Any]) -> Callable[[View], None]:
    """The same loss from a sparse and from a one-hot target, each with its call."""
    labels = c["labels"]
    calls: dict[str, ui.label] = {}
    losses: dict[str, ui.label] = {}
    with ui.card().classes("xl-card w-full gap-2"):
        heading(labels["targets_title"])
        with ui.element("div").classes("grid w-full gap-3 grid-cols-1 md:grid-cols-2"):
            for form, sid in (("sparse", "loss_sparse"), ("dense", "loss_one_hot")):
                with ui.element("div").classes("min-w-0 rounded bg-slate-50 px-3 py-2"):
                    with ui.row().classes("w-full no-wrap justify-between items-baseline"):
                        ui.label(labels[form]).classes("text-gray-600")
                        loss = ui.label().classes("font-mono text-lg tabular-nums")
                        losses[sid] = testid(loss, sid)
                    # a long one-hot vector wraps between its entries
                    calls[form] = ui.label().classes("font-mono text-sm break-words")
        ui.markdown(labels["targets_note"]).classes("xl-prose text-sm text-gray-700")

    def show(v: View) -> None:
        for form, call in parts.calls(v, c).items():
            calls[form].set_text(call)
        for sid, shown in parts.TARGET_ROWS.items():
            losses[sid].set_text(shown(v))

    return show


class ClassTable:
    """Per-class ŷ, y and gradient (:func:`~xentlab.course.charts.softmax_ce.class_table`); the
    cells are rebuilt only when the class count changes."""

    def __init__(self, c: dict[str, Any]) -> None:
        self.c = c
        self.container = ui.element("div").classes("w-full overflow-x-auto")
        self.cells: list[list[ui.label]] = []

    def show(self, v: View) -> None:
        """Write the view's per-class numbers into the table."""
        table = parts.class_table(v, self.c)
        if len(self.cells) != len(table.body):
            self._rebuild(table.head, [row[0] for row in table.body])
        for cells, row in zip(self.cells, table.body, strict=True):
            for cell, text in zip(cells, row[1:], strict=True):
                cell.set_text(text)

    def _rebuild(self, head: tuple[str, ...], names: list[str]) -> None:
        # one row per class, so that ten classes fit as well as two
        self.container.clear()
        self.cells = []
        with (
            self.container,
            ui.grid(columns="auto auto auto auto").classes("gap-x-6 gap-y-0.5 text-sm"),
        ):
            for heading in head:
                ui.label(heading).classes("text-gray-600 text-right")
            for i, name in enumerate(names):
                ui.label(name).classes("text-gray-500")
                row = []
                for key in parts.CLASS_COLUMNS:
                    cell = ui.label().classes("font-mono text-right tabular-nums")
                    row.append(testid(cell, f"{key}-{i}"))
                self.cells.append(row)
