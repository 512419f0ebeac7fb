"""Section 2 page: softmax and categorical cross-entropy over typed logits."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import PALETTE, Live, Readout, fmt, slider, testid
from xentlab.content import load
from xentlab.lessons import softmax_ce as lesson
from xentlab.lessons.softmax_ce import T_MAX, T_MIN, T_STEP


def _bar_options(c: dict[str, Any], n: int) -> dict[str, Any]:
    names = [c["labels"]["class_name"].format(i=i) for i in range(n)]
    chart_c = c["chart"]
    return {
        "animation": False,
        "color": PALETTE,
        "legend": {"top": 4, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "grid": [
            {"left": 64, "right": 24, "top": 44, "height": "50%"},
            {"left": 64, "right": 24, "bottom": 16, "height": "24%"},
        ],
        "xAxis": [
            {"type": "category", "data": names, "gridIndex": 0},
            {"type": "category", "data": names, "gridIndex": 1, "axisLabel": {"show": False}},
        ],
        "yAxis": [
            {
                "type": "value",
                "min": 0,
                "max": 1,
                "gridIndex": 0,
                "name": "probability",
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
            },
        ],
        "series": [
            {
                "name": chart_c["probs"],
                "type": "bar",
                "data": [],
                "barGap": "10%",
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": PALETTE[0],
            },
            {
                "name": chart_c["target"],
                "type": "bar",
                "data": [],
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": "#94a3b8",
            },
            {
                "name": chart_c["grad"],
                "type": "bar",
                "data": [],
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "color": PALETTE[1],
            },
        ],
    }


def build(query: dict[str, str]) -> None:
    """Draw section 2 with the state read from ``query``."""
    c, strings = load("softmax_ce"), load("ui")
    labels, problems = c["labels"], strings["logit_problems"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    texts: list[str] = [lesson_text(z) for z in inputs.logits]

    def problem_message(text: str | None) -> str | None:
        problem = lesson.logit_problem(text or "")
        return None if problem is None else str(problems[problem])

    def on_type(i: int, text: str | None) -> None:
        texts[i] = text or ""
        if all(lesson.logit_problem(t) is None for t in texts):
            live.set(logits=tuple(lesson.parse_logit(t) for t in texts))

    def resize(n: int) -> None:
        now = live.inputs
        logits = tuple(now.logits[:n]) + (0.0,) * max(0, n - len(now.logits))
        texts[:] = [lesson_text(z) for z in logits]
        live.set(logits=logits, target=min(now.target, n - 1))
        logit_inputs.refresh()

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            ui.label(labels["logits"]).classes("text-sm text-gray-700")

            @ui.refreshable
            def logit_inputs() -> None:
                with ui.row().classes("w-full gap-2"):
                    for i, text in enumerate(texts):
                        box = ui.input(
                            labels["logit"].format(i=i),
                            value=text,
                            validation=problem_message,
                            on_change=lambda e, i=i: on_type(i, e.value),
                        )
                        box.props("dense outlined").classes("w-[4.6rem] xl-narrow-input")
                        testid(box, f"logit-{i}")
                with ui.row().classes("gap-2"):
                    n = len(texts)
                    add = ui.button(labels["add"], icon="add", on_click=lambda: resize(n + 1))
                    add.props("outline no-caps size=sm")
                    add.set_enabled(n < lesson.MAX_CLASSES)
                    testid(add, "add-class")
                    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
                    rm.props("outline no-caps size=sm").set_enabled(n > lesson.MIN_CLASSES)
                    testid(rm, "remove-class")
                ui.label(labels["target"]).classes("text-sm text-gray-700")
                target = ui.toggle(
                    list(range(n)),
                    value=live.inputs.target,
                    on_change=lambda e: live.set(target=int(e.value)),
                )
                target.props('no-caps unelevated toggle-color=primary aria-label="true class"')
                testid(target.classes("flex-wrap"), "target")

            live: Live[lesson.Inputs] = Live(inputs, lambda now: draw(now), url_writer())
            logit_inputs()
            slider(
                "temperature",
                labels["temperature"],
                value=inputs.temperature,
                lo=T_MIN,
                hi=T_MAX,
                step=T_STEP,
                on_move=lambda v: live.set(temperature=v),
            )
            ui.separator()
            readout = Readout()
            for key in ("loss", "predicted", "confidence"):
                readout.row(key, labels[key])
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            chart = testid(ui.echart(_bar_options(c, len(inputs.logits))), "chart")
            chart.classes("w-full h-[22rem]")
            ui.label(labels["gradient"]).classes("text-sm text-gray-700")
            table = ClassTable(labels["class_name"])
    section_outro(c, "softmax_ce")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("loss", fmt(v.loss))
        readout.set("predicted", str(v.predicted))
        readout.set("confidence", fmt(v.confidence, 4))
        verdict.set_text(labels["right"] if v.right else labels["wrong"])
        style = "bg-emerald-50 text-emerald-900" if v.right else "bg-rose-50 text-rose-900"
        verdict.classes(replace=f"w-full rounded px-3 py-2 {style}")
        n = len(now.logits)
        options = chart.options
        if len(options["xAxis"][0]["data"]) != n:
            fresh = _bar_options(c, n)
            options["xAxis"] = fresh["xAxis"]
        options["series"][0]["data"] = [round(float(p), 6) for p in v.probs]
        options["series"][1]["data"] = [float(t) for t in v.one_hot]
        options["series"][2]["data"] = [round(float(g), 6) for g in v.grad]
        bound = max(1.0, float(abs(v.grad).max()))
        options["yAxis"][1]["min"], options["yAxis"][1]["max"] = -bound, bound
        chart.update()
        table.show(v)

    live.show(bad)


def lesson_text(z: float) -> str:
    """A logit as it is written into its input box."""
    return f"{z:g}"


class ClassTable:
    """Per-class ŷ, y and gradient; the cells are rebuilt only when the class count changes."""

    ROWS = (("prob", "ŷᵢ"), ("onehot", "yᵢ"), ("grad", "∂L/∂zᵢ"))

    def __init__(self, class_name: str) -> None:
        self.class_name = class_name
        self.container = ui.element("div").classes("w-full overflow-x-auto")
        self.cells: dict[str, ui.label] = {}

    def show(self, v: lesson.View) -> None:
        """Write the view's per-class numbers into the table."""
        n = len(v.probs)
        if len(self.cells) != 3 * n:
            self._rebuild(n)
        for i in range(n):
            self.cells[f"prob-{i}"].set_text(fmt(float(v.probs[i])))
            self.cells[f"onehot-{i}"].set_text(f"{v.one_hot[i]:.0f}")
            self.cells[f"grad-{i}"].set_text(fmt(float(v.grad[i])))

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
