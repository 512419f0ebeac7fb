"""The Lab page: race cross-entropy against squared error, streamed epoch by epoch.

Training runs in a worker thread one epoch at a time (NumPy releases the GIL), so the page
stays responsive; each open page has its own run, so two tabs never mix.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from typing import Any

from nicegui import ui
from starlette.requests import Request

from xentlab.app.shell import frame, notice, sync_url, url_writer
from xentlab.app.widgets import PALETTE, testid
from xentlab.content import load
from xentlab.lab import DATASETS, MODELS, LabOptions, RaceEpoch, race
from xentlab.lab.report import loss_names
from xentlab.lessons import lab_race

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


def build(query: dict[str, str]) -> None:
    """The Lab page, with the options read from ``query``."""
    c = load("lab")
    labels, chart_c = c["labels"], c["chart"]
    options, bad = lab_race.from_query(query)
    ui.label(c["title"]).classes("text-3xl font-semibold text-[#1f3b5c]")
    ui.markdown(c["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    notice(bad)
    state = {"stop": False, "running": False}
    names = list(_run_names(options))

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[20rem] gap-1"):
            fields: dict[str, Any] = {}

            def number(field: str, key: str, value: float | None, **kw: Any) -> None:
                box = ui.number(labels[key], value=value, **kw).props("dense outlined")
                fields[field] = testid(box.classes("w-full"), key)

            dataset = ui.select(list(DATASETS), label=labels["dataset"], value=options.dataset)
            fields["dataset"] = testid(dataset.props("dense outlined").classes("w-full"), "dataset")
            model = ui.select(list(MODELS), label=labels["model"], value=options.model)
            fields["model"] = testid(model.props("dense outlined").classes("w-full"), "model")
            number("learning_rate", "lr", options.learning_rate, min=0, step=0.05)
            number(
                "epochs",
                "epochs",
                options.epochs,
                min=1,
                max=lab_race.MAX_EPOCHS,
                step=10,
                precision=0,
            )
            number("batch_size", "batch", options.batch_size or 0, min=0, step=16, precision=0)
            number("init_scale", "init", options.init_scale, min=0, step=0.5)
            number("hidden_units", "hidden", options.hidden_units, min=1, step=8, precision=0)
            number("label_smoothing", "ls", options.label_smoothing, min=0, max=0.99, step=0.05)
            weights = {"none": labels["none"], "balanced": labels["balanced"]}
            cw = ui.select(weights, label=labels["cw"], value=options.class_weights or "none")
            fields["class_weights"] = testid(cw.props("dense outlined").classes("w-full"), "cw")
            number("focal_gamma", "gamma", options.focal_gamma, min=0, step=0.5)
            number("seed", "seed", options.seed, min=0, step=1, precision=0)
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
        values = {f: w.value for f, w in fields.items()}
        for f in ("epochs", "batch_size", "hidden_units", "seed"):
            if isinstance(values[f], float) and values[f].is_integer():
                values[f] = int(values[f])
        values["batch_size"] = values["batch_size"] or None
        values["class_weights"] = (
            None if values["class_weights"] == "none" else values["class_weights"]
        )
        new = dataclasses.replace(LabOptions(), **values)
        if new.epochs > lab_race.MAX_EPOCHS:
            raise ValueError(f"epochs must be at most {lab_race.MAX_EPOCHS}, got {new.epochs}")
        return new

    def draw(history: list[RaceEpoch], total: int) -> None:
        curves = lab_race.curves(history)
        for key, chart in charts.items():
            ce, mse = getattr(curves, key)
            chart.options["series"][0]["data"] = ce
            chart.options["series"][1]["data"] = mse
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
            for mark in lab_race.MARKS:
                for name, first in zip(names, lab_race.reached(history, mark), strict=True):
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
        sync_url(lab_race.to_query(opts))
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
            write_url(lab_race.to_query(read_options()))

    for widget in fields.values():
        widget.on_value_change(options_edited)
    train.on_click(run_race)
    stop.on_click(lambda: state.update(stop=True))
    ui.context.client.on_disconnect(lambda: state.update(stop=True))
    if bad:
        sync_url(lab_race.to_query(options))


def page(request: Request) -> None:
    """The routed page: the frame around :func:`build`."""
    with frame(current="lab"):
        build(dict(request.query_params))
