"""The read-outs of the "Your predictions" page: scores, reliability diagrams and tables.

They only lay out a :class:`xentlab.reports.view.View`; nothing here computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nicegui import ui

from xentlab.app.pages.widgets import Chart, Readout, fmt, heading, line_options, percent, testid
from xentlab.course.theme import BLUE, GREY, RED
from xentlab.reports.view import View

__all__ = ["Diagrams", "Tables", "diagram_options", "readout"]


def diagram_options(chart_c: dict[str, str], binary: bool) -> dict[str, Any]:
    x_name, y_name = ("p1", "frequency") if binary else ("confidence", "accuracy")
    bars = chart_c["bars_binary" if binary else "bars"]
    options = line_options(
        chart_c[x_name],
        chart_c[y_name],
        [
            {
                "id": "bars",
                "name": bars,
                "type": "line",
                "data": [],
                "showSymbol": False,
                "lineStyle": {"width": 1},
                "areaStyle": {"opacity": 0.3},
                "color": BLUE,
            },
            {
                "id": "diagonal",
                "name": chart_c["diagonal"],
                "type": "line",
                "data": [[0, 0], [1, 1]],
                "showSymbol": False,
                "lineStyle": {"type": "dashed", "width": 1.5},
                "color": GREY,
            },
            {
                "id": "points",
                "name": chart_c["points"],
                "type": "scatter",
                "data": [],
                # a dot's area grows with its bin's share of the rows
                ":symbolSize": "v => 5 + 15 * Math.sqrt(v[3])",
                "color": RED,
            },
        ],
        y_max=1,
    )
    options["legend"]["data"] = [bars, chart_c["diagonal"], chart_c["points"]]
    names = [chart_c[x_name], chart_c[y_name], chart_c["rows"]]
    lines = "<br>".join(f"{name}: ${{p.value[{i}]}}" for i, name in enumerate(names))
    options["tooltip"] = {
        "trigger": "item",
        ":formatter": f"p => p.seriesId === 'points' ? `{lines}` : ''",
    }
    return options


class Diagrams:
    """The reliability diagrams before and after calibration, each under its title."""

    def __init__(self, chart_c: dict[str, str], words: dict[str, Any]) -> None:
        self.chart_c, self.words = chart_c, words
        self.charts: dict[str, Chart] = {}
        self.titles: dict[str, ui.label] = {}
        with ui.card().classes("xl-card w-full"), ui.row().classes("w-full gap-4"):
            for key in ("before", "after"):
                # side by side where both fit 16rem, else one under the other, card-wide
                with ui.column().classes("flex-1 min-w-[min(16rem,100%)] gap-1"):
                    self.titles[key] = testid(ui.label().classes("font-semibold"), f"{key}-title")
                    blank = diagram_options(chart_c, binary=False)
                    self.charts[key] = Chart(blank, f"chart-{key}", "w-full h-[22rem]")

    def show(self, v: View) -> None:
        """Draw both diagrams of ``v`` (the one after calibration empty when there is none)."""
        chart_c = self.chart_c
        self.titles["before"].set_text(chart_c["before"].format(ece=fmt(v.before.ece)))
        if v.after is not None and v.temperature is not None:
            after = chart_c["after"].format(t=fmt(v.temperature, 3), ece=fmt(v.after.ece))
        else:
            after = chart_c["after_none"]
        self.titles["after"].set_text(after)
        for key, diagram in (("before", v.before), ("after", v.after)):
            chart = self.charts[key]
            fresh = diagram_options(chart_c, v.binary)
            chart.options["xAxis"]["name"] = fresh["xAxis"]["name"]
            chart.options["yAxis"]["name"] = fresh["yAxis"]["name"]
            chart.series("bars")["name"] = fresh["series"][0]["name"]
            chart.options["legend"]["data"] = fresh["legend"]["data"]
            chart.show(
                bars=diagram.bars if diagram else [], points=diagram.points if diagram else []
            )
            chart.words.describe(chart.options, self.words)


class Tables:
    """The per-class table and the most confidently wrong rows, rebuilt for each View."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        with ui.row().classes("w-full gap-4 items-stretch"):
            with ui.card().classes("xl-card flex-1 min-w-[18rem] gap-2"):
                heading(labels["per_class"])
                self.classes = testid(
                    ui.element("div").classes("w-full overflow-x-auto"), "classes"
                )
            with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
                heading(labels["wrong"])
                self.wrong = testid(ui.element("div").classes("w-full overflow-x-auto"), "wrong")

    def _grid(self, heads: tuple[str, ...], rows: Sequence[Sequence[str]], key: str) -> None:
        with ui.grid(columns=f"repeat({len(heads)}, auto)").classes("gap-x-6 gap-y-0.5 text-sm"):
            for head in heads:
                ui.label(self.labels[head]).classes("font-semibold text-gray-700 text-right")
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    label = ui.label(cell).classes("font-mono text-right tabular-nums")
                    testid(label, f"{key}-{i}-{j}")

    def show(self, v: View) -> None:
        c = self.labels
        self.classes.clear()
        with self.classes:
            rows = [(r.name, str(r.rows), fmt(r.loss), percent(r.accuracy, 1)) for r in v.classes]
            self._grid(("class_col", "rows_col", "loss_col", "accuracy_col"), rows, "class")
            if v.classes_cut:
                text = c["classes_cut"].format(shown=len(v.classes), total=v.n_classes)
                ui.label(text).classes("text-sm text-gray-600 pt-1")
        self.wrong.clear()
        with self.wrong:
            if not v.wrong:
                ui.label(c["none_wrong"]).classes("text-gray-700")
                return
            names = v.class_names
            wrong = [
                (str(w.row), names[w.label], names[w.predicted], fmt(w.confidence), fmt(w.loss))
                for w in v.wrong
            ]
            heads = ("row_col", "label_col", "predicted_col", "confidence_col", "loss_col")
            self._grid(heads, wrong, "wrong")
            text = c["wrong_count"].format(shown=len(v.wrong), total=v.n_wrong)
            ui.label(text).classes("text-sm text-gray-600 pt-1")


def readout(labels: dict[str, str]) -> Readout:
    def after(shown: Callable[[View], float]) -> Callable[[View], str]:
        return lambda v: fmt(shown(v)) if v.after is not None else "—"

    return Readout(
        labels,
        {
            "loss": lambda v: fmt(v.loss),
            "accuracy": lambda v: percent(v.accuracy, 1),
            "perplexity": lambda v: fmt(v.perplexity, 3),
            "ece": lambda v: fmt(v.before.ece),
            "mce": lambda v: fmt(v.before.mce),
            "brier": lambda v: fmt(v.before.brier),
            "temperature": lambda v: fmt(v.temperature) if v.temperature is not None else "—",
            "nll_before": lambda v: fmt(v.before.nll),
            "nll_after": after(lambda v: v.after.nll if v.after else 0.0),
            "ece_after": after(lambda v: v.after.ece if v.after else 0.0),
        },
    )
