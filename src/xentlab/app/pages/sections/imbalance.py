"""Section 11 page: class weights, pos_weight, focal loss and label smoothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    Readout,
    at,
    curve,
    fmt,
    fmt_small,
    line_options,
    numbers,
    pairs,
    param_slider,
    point,
    resize_buttons,
    testid,
)
from xentlab.app.server.limits import NUMBER_CHARS
from xentlab.course.charts import Shown
from xentlab.course.lessons.imbalance import COUNTS, Inputs, View
from xentlab.course.params import Whole
from xentlab.course.theme import BLUE, GREEN, GREY, INK, RED

#: one typed class count: a whole number within the declared range of every count
COUNT = Whole(int(COUNTS.lo), int(COUNTS.hi))
#: the count a new class starts with
NEW_COUNT = 100


def as_count(text: object) -> int | None:
    """The class count typed as ``text`` if it is a valid count, else None."""
    try:
        return COUNT.parse(str(text))
    except ValueError:
        return None


def _focal_options(chart_c: dict[str, Any], v: View) -> dict[str, Any]:
    return line_options(
        chart_c["focal_x"],
        chart_c["focal_y"],
        [
            curve("ce", chart_c["ce"], pairs(v.focal_x, v.focal_ce), BLUE),
            curve("focal", chart_c["focal"], pairs(v.focal_x, v.focal_loss), RED),
            {
                **curve("modulating", chart_c["modulating"], pairs(v.focal_x, v.modulating), GREEN),
                "lineStyle": {"type": "dashed", "width": 2},
            },
            point("ce_point", chart_c["ce"], BLUE),
            point("focal_point", chart_c["focal"], RED),
        ],
        y_max=3,
    )


def _smoothing_options(chart_c: dict[str, Any], v: View) -> dict[str, Any]:
    smoothed = curve("smoothed", chart_c["smoothed"], pairs(v.smooth_x, v.smooth_loss), RED)
    smoothed["markLine"] = {
        "symbol": "none",
        "silent": True,
        "data": [],
        "lineStyle": {"color": GREY, "type": "dashed", "width": 1.5},
        "label": {"position": "insideStartTop", "color": INK},
    }
    return line_options(
        chart_c["smooth_x"],
        chart_c["smooth_y"],
        [
            curve("plain", chart_c["plain"], pairs(v.smooth_x, v.smooth_plain), BLUE),
            smoothed,
            point("best", chart_c["best"], RED),
        ],
        y_max=3,
    )


#: the batch's losses: row key → its text for a View
BATCH_ROWS: dict[str, Shown] = {
    "plain": lambda v: fmt(v.plain_loss),
    "weighted": lambda v: fmt(v.weighted_loss),
    **numbers("pos_weight", digits=3),
    **numbers("bce_plain"),
    "bce_weighted": lambda v: fmt(v.bce_pos_weighted),
}
#: the losses at one p_t
PT_ROWS: dict[str, Shown] = {
    "pt_ce": lambda v: fmt(v.pt_ce),
    "pt_factor": lambda v: fmt_small(v.pt_factor),
    "pt_focal": lambda v: fmt_small(v.pt_focal),
    "pt_kept": lambda v: fmt_small(v.pt_kept),
}
#: the smoothed target and its floor
SMOOTHING_ROWS: dict[str, Shown] = {
    "smoothed": lambda v: "  ".join(fmt(float(t)) for t in v.smoothed_target),
    "floor": lambda v: fmt(v.smoothing_floor),
}


def _element(attr: str, i: int) -> Callable[[View], str]:
    """A read-out row that shows element ``i`` of the View's array ``attr``."""
    return lambda v: fmt(float(getattr(v, attr)[i]))


class ClassTable:
    """Each class's weight and mean loss; the rows are rebuilt only when the class count
    changes."""

    def __init__(self, labels: dict[str, str], n: int) -> None:
        self.labels = labels
        self.container = ui.column().classes("w-full gap-0")
        self.n = n
        self.table = self._build(n)

    def show(self, v: View) -> None:
        """Write the view's per-class numbers into the table."""
        if len(v.weights) != self.n:
            self.container.clear()
            self.n = len(v.weights)
            self.table = self._build(self.n)
        self.table.show(v)

    def _build(self, n: int) -> Readout:
        labels: dict[str, str] = {}
        rows: dict[str, Callable[[View], str]] = {}
        for i in range(n):
            labels[f"weight-{i}"] = self.labels["weights"].format(i=i)
            rows[f"weight-{i}"] = _element("weights", i)
            labels[f"class-loss-{i}"] = self.labels["per_class"].format(i=i)
            rows[f"class-loss-{i}"] = _element("per_class_plain", i)
        with self.container:
            return Readout(labels, rows)


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Typed class counts with their weights and the batch's losses, the focal sliders beside
    the focal curves, and the label-smoothing slider below them."""
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[28rem] gap-2"):
            show_counts = _counts_card(state, c["labels"])
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            show_focal = _focal_card(state, c)
    show_smoothing = _smoothing_row(state, c)

    def show(v: View) -> None:
        show_counts(v)
        show_focal(v)
        show_smoothing(v)

    return show


def _counts_card(state: State[Inputs, View], labels: dict[str, str]) -> Callable[[View], None]:
    """The typed class counts, each class's weight and loss, and the batch's losses."""
    texts = [str(n) for n in state.inputs.counts]

    def on_type(i: int, text: object) -> None:
        texts[i] = str(text or "")
        counts = [as_count(t) for t in texts]
        if all(n is not None for n in counts):
            state.set(counts=tuple(n for n in counts if n is not None))

    def resize(n: int) -> None:
        now = state.inputs.counts
        counts = tuple(now[:n]) + (NEW_COUNT,) * max(0, n - len(now))
        texts[:] = [str(k) for k in counts]
        state.set(counts=counts)
        count_inputs.refresh()

    ui.label(labels["counts"]).classes("text-sm text-gray-700")

    @ui.refreshable
    def count_inputs() -> None:
        with ui.row().classes("w-full gap-2"):
            for i, t in enumerate(texts):
                box = ui.input(
                    labels["count"].format(i=i),
                    value=t,
                    validation=lambda s: None if as_count(s) is not None else labels["bad_count"],
                    on_change=lambda e, i=i: on_type(i, e.value),
                )
                box.props(f"dense outlined maxlength={NUMBER_CHARS}")
                testid(box.classes("w-[5.5rem]"), f"count-{i}")
        with ui.row().classes("gap-2"):
            resize_buttons(labels, len(texts), COUNTS.sizes, resize, "class")

    count_inputs()
    ui.separator()
    table = ClassTable(labels, len(state.inputs.counts))
    batch = Readout(labels, BATCH_ROWS)

    def show(v: View) -> None:
        table.show(v)
        batch.show(v)

    return show


def _focal_card(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The focal sliders, the focal curves and the losses at one p_t."""
    labels = c["labels"]
    param_slider(state, "gamma", labels["gamma"])
    param_slider(state, "alpha", labels["alpha"])
    chart = Chart(_focal_options(c["chart"], state.view), classes="w-full h-[20rem]")
    ui.label(labels["focal_note"]).classes("text-xs text-gray-500")
    param_slider(state, "pt", labels["pt"])
    at_pt = Readout(labels, PT_ROWS)

    def show(v: View) -> None:
        chart.show(
            focal=pairs(v.focal_x, v.focal_loss),
            modulating=pairs(v.focal_x, v.modulating),
            ce_point=at(v.pt_points[0]),
            focal_point=at(v.pt_points[1]),
        )
        at_pt.show(v)

    return show


def _smoothing_row(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The label-smoothing slider and its read-out beside the smoothed loss curve."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[28rem] gap-2"):
            param_slider(state, "smoothing", labels["smoothing"], key="eps")
            smoothing = Readout(labels, SMOOTHING_ROWS)
            ui.label(labels["smoothing_note"]).classes("text-xs text-gray-500")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            smooth_chart = Chart(
                _smoothing_options(c["chart"], state.view),
                key="smoothing-chart",
                classes="w-full h-[18rem]",
            )

    def show(v: View) -> None:
        smoothing.show(v)
        floor = round(v.smoothing_floor, 6)
        smooth_chart.series("smoothed")["markLine"]["data"] = [
            {"yAxis": floor, "label": {"formatter": c["chart"]["floor"].format(floor=fmt(floor))}}
        ]
        smooth_chart.show(smoothed=pairs(v.smooth_x, v.smooth_loss), best=at(v.smooth_best))

    return show
