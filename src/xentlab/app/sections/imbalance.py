"""Section 11 page: class weights, pos_weight, focal loss and label smoothing."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    PALETTE,
    Live,
    Readout,
    curve,
    fmt,
    line_options,
    pairs,
    slider,
    testid,
)
from xentlab.content import load
from xentlab.lessons import imbalance as lesson
from xentlab.lessons.imbalance import (
    ALPHA_STEP,
    COUNT_MAX,
    GAMMA_MAX,
    GAMMA_STEP,
    MAX_CLASSES,
    MIN_CLASSES,
    SMOOTHING_MAX,
    SMOOTHING_STEP,
)


def as_count(text: object) -> int | None:
    """The class count typed as ``text`` if it is a whole number in [1, COUNT_MAX], else None."""
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    if not (value.is_integer() and 1 <= value <= COUNT_MAX):
        return None
    return int(value)


def _focal_options(c: dict[str, Any], v: lesson.View) -> dict[str, Any]:
    chart_c = c["chart"]
    return line_options(
        chart_c["focal_x"],
        chart_c["focal_y"],
        [
            curve(chart_c["ce"], pairs(v.focal_x, v.focal_ce), PALETTE[0]),
            curve(chart_c["focal"], pairs(v.focal_x, v.focal_loss), PALETTE[1]),
            {
                **curve(chart_c["modulating"], pairs(v.focal_x, v.modulating), PALETTE[2]),
                "lineStyle": {"type": "dashed", "width": 2},
            },
        ],
        y_max=3,
    )


def build(query: dict[str, str]) -> None:
    """Draw section 11 with the state read from ``query``."""
    c = load("imbalance")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    texts = [str(n) for n in inputs.counts]

    def on_type(i: int, text: object) -> None:
        texts[i] = str(text or "")
        counts = [as_count(t) for t in texts]
        if all(n is not None for n in counts):
            live.set(counts=tuple(n for n in counts if n is not None))

    def resize(n: int) -> None:
        now = live.inputs.counts
        counts = tuple(now[:n]) + (100,) * max(0, n - len(now))
        texts[:] = [str(k) for k in counts]
        live.set(counts=counts)
        count_inputs.refresh()

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[28rem] gap-2"):
            ui.label(labels["counts"]).classes("text-sm text-gray-700")

            @ui.refreshable
            def count_inputs() -> None:
                n = len(texts)
                with ui.row().classes("w-full gap-2"):
                    for i, t in enumerate(texts):
                        box = ui.input(
                            labels["count"].format(i=i),
                            value=t,
                            validation=lambda s: (
                                None if as_count(s) is not None else labels["bad_count"]
                            ),
                            on_change=lambda e, i=i: on_type(i, e.value),
                        )
                        testid(box.props("dense outlined").classes("w-[5.5rem]"), f"count-{i}")
                with ui.row().classes("gap-2"):
                    add = ui.button(labels["add"], icon="add", on_click=lambda: resize(n + 1))
                    add.props("outline no-caps size=sm").set_enabled(n < MAX_CLASSES)
                    testid(add, "add-class")
                    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
                    rm.props("outline no-caps size=sm").set_enabled(n > MIN_CLASSES)
                    testid(rm, "remove-class")

            live: Live[lesson.Inputs] = Live(inputs, lambda now: draw(now), url_writer())
            count_inputs()
            ui.separator()
            weights = ui.column().classes("w-full gap-0")
            batch = Readout()
            for key in ("plain", "weighted", "pos_weight", "bce_plain", "bce_weighted"):
                batch.row(key, labels[key])
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            slider(
                "gamma",
                labels["gamma"],
                value=inputs.gamma,
                lo=0.0,
                hi=GAMMA_MAX,
                step=GAMMA_STEP,
                on_move=lambda v: live.set(gamma=v),
            )
            slider(
                "alpha",
                labels["alpha"],
                value=inputs.alpha,
                lo=0.0,
                hi=1.0,
                step=ALPHA_STEP,
                on_move=lambda v: live.set(alpha=v),
            )
            chart = testid(ui.echart(_focal_options(c, view)), "chart").classes("w-full h-[20rem]")
    with ui.card().classes("xl-card w-full gap-2"):
        slider(
            "eps",
            labels["smoothing"],
            value=inputs.smoothing,
            lo=0.0,
            hi=SMOOTHING_MAX,
            step=SMOOTHING_STEP,
            on_move=lambda v: live.set(smoothing=v),
        )
        smoothing = Readout()
        smoothing.row("smoothed", labels["smoothed"])
        smoothing.row("floor", labels["floor"])
    section_outro(c, "imbalance")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        weights.clear()
        with weights:
            table = Readout()
            for i, w in enumerate(v.weights):
                table.row(f"weight-{i}", labels["weights"].format(i=i)).set_text(fmt(float(w)))
                table.row(f"class-loss-{i}", labels["per_class"].format(i=i)).set_text(
                    fmt(float(v.per_class_plain[i]))
                )
        batch.set("plain", fmt(v.plain_loss))
        batch.set("weighted", fmt(v.weighted_loss))
        batch.set("pos_weight", fmt(v.pos_weight, 3))
        batch.set("bce_plain", fmt(v.bce_plain))
        batch.set("bce_weighted", fmt(v.bce_pos_weighted))
        series = chart.options["series"]
        series[1]["data"] = pairs(v.focal_x, v.focal_loss)
        series[2]["data"] = pairs(v.focal_x, v.modulating)
        chart.update()
        smoothing.set("smoothed", "  ".join(fmt(float(t)) for t in v.smoothed_target))
        smoothing.set("floor", fmt(v.smoothing_floor))

    live.show(bad)
