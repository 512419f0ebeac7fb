"""Section 11 page: class weights, pos_weight, focal loss and label smoothing (its rows and
chart options shared with the notebook widget: :mod:`xentlab.course.charts.imbalance`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, param_slider, resize_buttons, testid
from xentlab.app.server.limits import NUMBER_CHARS
from xentlab.course.charts import imbalance as parts
from xentlab.course.charts import renew
from xentlab.course.lessons.imbalance import COUNTS, Inputs, View
from xentlab.course.params import Whole

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


class ClassTable:
    """Each class's weight and mean loss; the rows are rebuilt only when the class count
    changes."""

    def __init__(self, c: dict[str, Any], n: int) -> None:
        self.c = c
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
        with self.container:
            return Readout(parts.class_labels(n, self.c), parts.class_rows(n))


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Typed class counts with their weights and the batch's losses, the focal sliders beside
    the focal curves, and the label-smoothing slider below them."""
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[28rem] gap-2"):
            show_counts = _counts_card(state, c)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            show_focal = _focal_card(state, c)
    show_smoothing = _smoothing_row(state, c)

    def show(v: View) -> None:
        show_counts(v)
        show_focal(v)
        show_smoothing(v)

    return show


def _counts_card(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The typed class counts, each class's weight and loss, and the batch's losses."""
    labels: dict[str, str] = c["labels"]
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
    table = ClassTable(c, len(state.inputs.counts))
    batch = Readout(labels, parts.BATCH_ROWS)

    def show(v: View) -> None:
        table.show(v)
        batch.show(v)

    return show


def _focal_card(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The focal sliders, the focal curves and the losses at one p_t."""
    labels = c["labels"]
    param_slider(state, "gamma", labels["gamma"])
    param_slider(state, "alpha", labels["alpha"])
    chart = Chart(parts.focal(state.view, c), classes="w-full h-[20rem]")
    ui.label(labels["focal_note"]).classes("text-xs text-gray-500")
    param_slider(state, "pt", labels["pt"])
    at_pt = Readout(labels, parts.PT_ROWS)

    def show(v: View) -> None:
        renew(chart.options, parts.focal(v, c))
        chart.update()
        at_pt.show(v)

    return show


def _smoothing_row(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The label-smoothing slider and its read-out beside the smoothed loss curve."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[28rem] gap-2"):
            param_slider(state, "smoothing", labels["smoothing"], key="eps")
            smoothing = Readout(labels, parts.SMOOTHING_ROWS)
            ui.label(labels["smoothing_note"]).classes("text-xs text-gray-500")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            smooth_chart = Chart(
                parts.smoothing(state.view, c),
                key="smoothing-chart",
                classes="w-full h-[18rem]",
            )

    def show(v: View) -> None:
        smoothing.show(v)
        renew(smooth_chart.options, parts.smoothing(v, c))
        smooth_chart.update()

    return show
