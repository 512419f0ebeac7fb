"""Section 4 page: the gradient at the logit, cross-entropy against squared error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.sections.ce_vs_mse import pair_chart, show_pair
from xentlab.app.pages.widgets import Readout, prediction_controls
from xentlab.course.charts import slow_mse as parts
from xentlab.course.lessons.slow_mse import Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and the two gradient sizes beside their curves across ŷ (the read-out rows and
    the chart options shared with the notebook widget: :mod:`xentlab.course.charts.slow_mse`)."""
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(state)
            readout = Readout(c["labels"], parts.ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = pair_chart(parts.options(state.view, c))

    def show(v: View) -> None:
        readout.show(v)
        show_pair(chart, parts.options(v, c))

    return show
