"""The Lab page: race cross-entropy against squared error, streamed epoch by epoch.

Training runs in a worker thread one epoch at a time (NumPy releases the GIL), so the page
stays responsive; each open page has its own run, so two tabs never mix.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from nicegui import ui
from starlette.requests import Request

from xentlab._extras import MissingExtra, require
from xentlab.app.shell import frame, notice, sync_url, url_writer
from xentlab.app.widgets import PALETTE, testid
from xentlab.content import load
from xentlab.lab import DATASETS, MODELS, LabOptions, RaceEpoch, race, race_view
from xentlab.lab.report import loss_names
from xentlab.params import Number, OrNone

__all__ = ["build"]

#: seconds between two chart redraws while training (every epoch is still recorded)
REDRAW_S = 0.1


def _chart(title: str, epoch: str, names: list[str], *, log: bool = False) -> dict[str, Any]:
    return {
        "animation": False,
        "color": [PALETTE[0], PALETTE[1]],
        "title": {"text": title, "left": 8, "top": 2, "textStyle": {"fontSize": 13}},
        "legend": {"left": 8, "top": 22},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 16, "top": 52, "bottom": 40},
        "xAxis": {
            "type": "value",
            "name": epoch,
            "nameLocation": "middle",
            "nameGap": 26,
            "min": 0,
        },
        "yAxis": {"type": "log" if log else "value", "scale": True},
        "series": [
            # symbols show on short runs (one epoch is one point), hide when the line is dense
            {"name": names[0], "type": "line", "data": [], "symbolSize": 5},
            {"name": names[1], "type": "line", "data": [], "symbolSize": 5},
        ],
    }


def _run_names(options: LabOptions) -> tuple[str, str]:
    """What the two runs are called (the first trains the focal loss when γ > 0)."""
    names = loss_names(options)
    return names["ce"], names["mse"]


def _lowest(field: str) -> float:
    """The least value the number box of ``field`` offers (its declared bound; 0 for a batch
    size, where 0 is the full batch)."""
    spec = LabOptions.param(field).spec
    if isinstance(spec, OrNone):
        return 0
    assert isinstance(spec, Number)
    return spec.lo


def build(query: dict[str, str]) -> None:
    """The Lab page, with the options read from ``query``."""
    c = load("lab")
    labels, chart_c = c["labels"], c["chart"]
    options, bad = race_view.from_query(query)
    ui.label(c["title"]).classes("text-3xl font-semibold text-[#1f3b5c]")
    ui.markdown(c["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    notice(bad)
    state = {"stop": False, "running": False}
    names = list(_run_names(options))

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[20rem] gap-1"):
            fields: dict[str, Any] = {}

            def number(field: str, value: float | None, **kw: Any) -> None:
                key = LabOptions.param(field).key
                box = ui.number(labels[key], value=value, min=_lowest(field), **kw)
                fields[field] = testid(box.props("dense outlined").classes("w-full"), key)

            dataset = ui.select(list(DATASETS), label=labels["dataset"], value=options.dataset)
            fields["dataset"] = testid(dataset.props("dense outlined").classes("w-full"), "dataset")
            model = ui.select(list(MODELS), label=labels["model"], value=options.model)
            fields["model"] = testid(model.props("dense outlined").classes("w-full"), "model")
            number("learning_rate", options.learning_rate, step=0.05)
            epochs_max = race_view.PAGE_EPOCHS.hi
            number("epochs", options.epochs, max=epochs_max, step=10, precision=0)
            number("batch_size", options.batch_size or 0, step=16, precision=0)
            number("init_scale", options.init_scale, step=0.5)
            number("hidden_units", options.hidden_units, step=8, precision=0)
            number("label_smoothing", options.label_smoothing, max=0.99, step=0.05)
            weights = {"none": labels["none"], "balanced": labels["balanced"]}
            cw_spec = LabOptions.param("class_weights").spec
            cw = ui.select(weights, label=labels["cw"], value=cw_spec.format(options.class_weights))
            fields["class_weights"] = testid(cw.props("dense outlined").classes("w-full"), "cw")
            number("focal_gamma", options.focal_gamma, step=0.5)
            number("seed", options.seed, step=1, precision=0)
            error = testid(ui.label().classes("text-rose-700 text-sm"), "error")
            with ui.row().classes("gap-2 pt-2"):
                train = testid(ui.button(labels["train"], icon="play_arrow"), "train")
                stop = testid(ui.button(labels["stop"], icon="stop").props("outline"), "stop")
                stop.set_enabled(False)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            progress = ui.linear_progress(value=0, show_value=False).props("instant-feedback")
            testid(progress, "progress")
            status = testid(ui.label().classes("text-sm text-gray-700"), "status")
            charts = {
                "test_accuracy": ui.echart(_chart(chart_c["accuracy"], chart_c["epoch"], names)),
                "train_loss": ui.echart(_chart(chart_c["loss"], chart_c["epoch"], names, log=True)),
                "output_grad": ui.echart(
                    _chart(chart_c["grad"], chart_c["epoch"], names, log=True)
                ),
            }
            for key, chart in charts.items():
                testid(chart.classes("w-full h-[15rem]"), f"chart-{key}")
            summary = testid(ui.column().classes("gap-0 text-sm"), "summary")
    ui.markdown(c["explanation"]).classes("xl-prose text-base text-gray-800 max-w-4xl")

    def read_options() -> LabOptions:
        return race_view.from_form({f: w.value for f, w in fields.items()})

    def draw(history: list[RaceEpoch], total: int) -> None:
        curves = race_view.curves(history)
        for key, chart in charts.items():
            # the series are the cross-entropy run's and the squared-error run's, as in Curves
            for series, data in zip(chart.options["series"], getattr(curves, key), strict=True):
                series["data"] = data
            chart.options["xAxis"]["max"] = total
            chart.update()
        epoch = history[-1].epoch if history else 0
        progress.set_value(epoch / total)
        status.set_text(labels["progress"].format(epoch=epoch, epochs=total))

    def name_runs(opts: LabOptions) -> None:
        names[:] = _run_names(opts)
        for chart in charts.values():
            for series, name in zip(chart.options["series"], names, strict=True):
                series["name"] = name

    def summarise(history: list[RaceEpoch], total: int) -> None:
        summary.clear()
        with summary:
            epoch = history[-1].epoch if history else 0
            done = labels["finished"] if epoch == total else labels["stopped"]
            ui.label(done.format(epoch=epoch, epochs=total)).classes("font-semibold")
            for mark in race_view.MARKS:
                for name, first in zip(names, race_view.reached(history, mark), strict=True):
                    text = labels["reached"] if first is not None else labels["not_reached"]
                    ui.label(text.format(name=name, mark=mark, epoch=first))

    async def run_race() -> None:
        if state["running"]:
            return
        try:
            opts = read_options()
        except (TypeError, ValueError) as exc:
            error.set_text(str(exc))
            return
        error.set_text("")
        name_runs(opts)
        sync_url(opts.to_query())
        state.update(stop=False, running=True)
        train.set_enabled(False)
        stop.set_enabled(True)
        summary.clear()
        history: list[RaceEpoch] = []
        runs = race(opts)
        last = 0.0
        try:
            while not state["stop"]:
                r = await asyncio.to_thread(next, runs, None)
                if r is None:
                    break
                history.append(r)
                if time.monotonic() - last > REDRAW_S:
                    draw(history, opts.epochs)
                    last = time.monotonic()
        except ValueError as exc:  # a diverging run (e.g. a learning rate far too large)
            error.set_text(str(exc))
        finally:
            runs.close()
            state["running"] = False
            train.set_enabled(True)
            stop.set_enabled(False)
        draw(history, opts.epochs)
        summarise(history, opts.epochs)

    write_url = url_writer()

    def options_edited() -> None:
        """A valid set of options goes into the URL as it is edited (before any training)."""
        with contextlib.suppress(TypeError, ValueError):  # invalid: shown when Train is pressed
            write_url(read_options().to_query())

    for widget in fields.values():
        widget.on_value_change(options_edited)
    train.on_click(run_race)
    stop.on_click(lambda: state.update(stop=True))
    ui.context.client.on_disconnect(lambda: state.update(stop=True))
    if bad:
        sync_url(options.to_query())
    try:
        require("lab", "Training")
    except MissingExtra as exc:  # the explorer alone was installed: show the page, train nothing
        error.set_text(str(exc))
        train.set_enabled(False)


def page(request: Request) -> None:
    """The routed page: the frame around :func:`build`."""
    with frame(current="lab"):
        build(dict(request.query_params))
