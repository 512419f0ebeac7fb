"""Section 2 page: softmax and categorical cross-entropy over typed logits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.logit_boxes import LogitBoxes
from xentlab.app.mount import State
from xentlab.app.widgets import (
    AXIS_NUMBER,
    Chart,
    Readout,
    fmt,
    fmt_small,
    numbers,
    param_slider,
    testid,
)
from xentlab.lessons.softmax_ce import LOGITS, Inputs, View
from xentlab.theme import BLUE, GREY, RED

#: subscript digits, for the class index in the worked substitution (ŷ₀)
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _x_axes(c: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """The class axes of both grids: every class labelled (interval 0), by its index alone."""
    chart_c = c["chart"]
    names = [chart_c["tick"].format(i=i) for i in range(n)]
    return [
        {
            "type": "category",
            "data": names,
            "gridIndex": 0,
            "name": chart_c["x"],
            "nameLocation": "middle",
            "nameGap": 22,
            "axisLabel": {"interval": 0},
        },
        {"type": "category", "data": names, "gridIndex": 1, "axisLabel": {"show": False}},
    ]


def _bar_options(c: dict[str, Any], n: int) -> dict[str, Any]:
    chart_c = c["chart"]
    return {
        "animation": False,
        "color": [BLUE, GREY, RED],
        "legend": {"top": 4, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "grid": [
            {"left": 64, "right": 24, "top": 44, "height": "46%"},
            {"left": 64, "right": 24, "bottom": 16, "height": "24%"},
        ],
        "xAxis": _x_axes(c, n),
        "yAxis": [
            {
                "type": "value",
                "min": 0,
                "max": 1,
                "gridIndex": 0,
                "name": chart_c["y"],
                "nameLocation": "middle",
                "nameGap": 40,
            },
            {
                "type": "value",
                "gridIndex": 1,
                "name": chart_c["grad"],
                "nameLocation": "middle",
                "nameGap": 40,
                "min": -1,
                "max": 1,
                "interval": 0.5,
                "axisLabel": {":formatter": AXIS_NUMBER},
            },
        ],
        "series": [
            {
                "id": "probs",
                "name": chart_c["probs"],
                "type": "bar",
                "data": [],
                "barGap": "10%",
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": BLUE,
            },
            {
                "id": "target",
                "name": chart_c["target"],
                "type": "bar",
                "data": [],
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": GREY,
            },
            {
                "id": "grad",
                "name": chart_c["grad"],
                "type": "bar",
                "data": [],
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "color": RED,
            },
        ],
    }


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Typed logits, the true class and the temperature beside the bars and the table."""
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
        cat, dog = (fmt(p, 1) for p in state.view.example_probs)
        example = example_c["text"].format(
            cat=cat,
            dog=dog,
            loss=fmt(state.view.example_loss),
            flipped=fmt(state.view.example_flipped_loss),
        )
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
                target.props('no-caps unelevated toggle-color=primary aria-label="true class"')
                testid(target.classes("flex-wrap"), "target")

            logit_inputs()
            param_slider(state, "temperature", labels["temperature"])
            ui.separator()
            readout = Readout(
                labels,
                {
                    **numbers("loss"),
                    "predicted": lambda v: str(v.predicted),
                    **numbers("confidence"),
                },
            )
            ui.label(labels["worked"]).classes("text-sm text-gray-700")
            with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-50 px-3 py-2"):
                worked = testid(ui.label().classes("font-mono text-sm whitespace-pre"), "worked")
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            chart = Chart(_bar_options(c, len(texts)), classes="w-full h-[22rem]")
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
        verdict.set_text(labels["right"] if v.right else labels["wrong"])
        style = "bg-emerald-50 text-emerald-900" if v.right else "bg-rose-50 text-rose-900"
        verdict.classes(replace=f"w-full rounded px-3 py-2 {style}")
        options = chart.options
        if len(options["xAxis"][0]["data"]) != len(v.probs):
            options["xAxis"] = _bar_options(c, len(v.probs))["xAxis"]
        grad_axis = options["yAxis"][1]
        grad_axis["min"], grad_axis["max"] = -v.grad_bound, v.grad_bound
        grad_axis["interval"] = v.grad_step
        chart.show(
            probs=[round(float(p), 6) for p in v.probs],
            target=[float(t) for t in v.one_hot],
            grad=[round(float(g), 6) for g in v.grad],
        )
        table.show(v)
        form = c["worked"][v.worked_form]
        worked.set_text(
            form.format(
                c=str(v.target).translate(SUBSCRIPT),
                t=fmt(v.temperature, 1),
                p=fmt_small(v.p_true),
                loss=fmt(v.loss),
            )
        )
        calls["sparse"].set_text(labels["sparse_call"].format(c=v.target))
        one_hot = ", ".join(f"{y:.0f}" for y in v.one_hot)
        calls["dense"].set_text(labels["dense_call"].format(one_hot=one_hot))
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
