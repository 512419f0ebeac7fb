"""The Lab page: race cross-entropy against squared error, streamed epoch by epoch.

Training runs in the server's training pool (:mod:`xentlab.app.server.pool`): in worker
processes, at most one per core, the rest waiting in line with their place shown, so a class
pressing Train together cannot starve the other pages. Each open page (tab) has at most one run
(Train is disabled while it waits or runs; Stop leaves the line or stops the run), and closing
the tab cancels it. The epochs stream back as they are trained, so two tabs never mix.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from xentlab._src.extras import MissingExtra, require
from xentlab._src.messages import Phrase, translate
from xentlab.app.pages.chart_words import ChartWords
from xentlab.app.pages.language import Language
from xentlab.app.pages.shell import frame, notice, sync_url, url_writer
from xentlab.app.pages.widgets import heading, testid
from xentlab.app.server.pool import (
    TIME_LIMIT_S,
    Busy,
    Job,
    Started,
    Waiting,
    WorkerDied,
    shared_pool,
)
from xentlab.course.charts import race_chart
from xentlab.course.content import load
from xentlab.course.params import Number, OrNone
from xentlab.lab import DATASETS, MODELS, LabOptions, RaceEpoch, race, race_view
from xentlab.lab.report import run_kinds

__all__ = ["build"]

#: seconds between two chart redraws while training (every epoch is still recorded)
REDRAW_S = 0.1
#: the most points of each curve a redraw while training sends (the end draws every epoch):
#: a long run's redraws would otherwise cost the server more at every epoch
LIVE_POINTS = 500


def _run_names(options: LabOptions, names: dict[str, str]) -> tuple[str, str]:
    """What the two runs are called (the first trains the focal loss when γ > 0)."""
    kinds = run_kinds(options)
    return names[kinds["ce"]], names[kinds["mse"]]


def _place(n: int, places: list[str]) -> str:
    """``n`` as a place in line, from the content's forms for [other, …1, …2, …3] ("4th",
    "1st", "2nd", "3rd" in English; 11, 12 and 13 take the first).

    Example:
        >>> [_place(n, ["{n}th", "{n}st", "{n}nd", "{n}rd"]) for n in (1, 2, 3, 4, 11, 22)]
        ['1st', '2nd', '3rd', '4th', '11th', '22nd']
    """
    form = n % 10 if n % 10 in (1, 2, 3) and n % 100 not in (11, 12, 13) else 0
    return places[form].format(n=n)


def _thin(history: list[RaceEpoch], cap: int = LIVE_POINTS) -> list[RaceEpoch]:
    """Every k-th epoch and the last one, about ``cap`` at most, for a redraw while training.

    Example:
        >>> [r.epoch for r in _thin([RaceEpoch(e, None, None) for e in range(1, 11)], 4)]
        [1, 4, 7, 10]
    """
    step = -(-len(history) // cap)
    return history if step <= 1 else [*history[:-1:step], history[-1]]


def _bounds(field: str) -> tuple[float, float | None]:
    """The least and the most the number box of ``field`` offers: its declared bounds (the
    least is 0 for a batch size, where 0 is the full batch)."""
    spec = LabOptions.param(field).spec
    full_batch = isinstance(spec, OrNone)  # the box's 0 stands for None, the full batch
    number = spec.spec if isinstance(spec, OrNone) else spec
    assert isinstance(number, Number)
    return (0 if full_batch else number.lo), number.hi


def _option_problem(exc: Exception, c: dict[str, Any], lang: str) -> str:
    """Why the form's options were refused, in ``lang``: the field named as the command line
    names it, or by its label where the content says so (``label_fields``)."""
    phrase = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(phrase, Phrase) and phrase.key == "invalid_param" and c["label_fields"]:
        label = c["labels"][LabOptions.param(phrase.values["name"]).key]
        exc = ValueError(Phrase(phrase.key, **{**phrase.values, "name": label}))
    return translate(exc, lang)


def build(query: dict[str, str], language: Language, bad_language: tuple[str, ...] = ()) -> None:
    """The Lab page in ``language``, with the options read from ``query``."""
    lang = language.code
    c = load("lab", lang)
    options, bad = race_view.from_query(query)
    heading(c["title"], 1)
    ui.markdown(c["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    notice((*bad, *bad_language), lang)
    client = ui.context.client
    with ui.row().classes("w-full gap-4 items-stretch"):
        form = _form_card(c, options)
        board = _Board(c, list(_run_names(options, c["names"])), load("ui", lang)["chart_text"])
    ui.markdown(c["explanation"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    runs = _Runs(form, board, c, language)
    write_url = url_writer(language)

    def options_edited() -> None:
        """A valid set of options goes into the URL as it is edited (before any training)."""
        with contextlib.suppress(TypeError, ValueError):  # invalid: shown when Train is pressed
            write_url(form.read().to_query())

    for widget in form.fields.values():
        widget.on_value_change(options_edited)
    form.train.on_click(runs.run_race)
    form.stop.on_click(runs.cancel)
    client.on_disconnect(runs.cancel)
    if bad:
        sync_url({**options.to_query(), **language.query()})
    try:
        require("lab", Phrase("what_training"))
    except MissingExtra as exc:  # the explorer alone was installed: show the page, train nothing
        form.error.set_text(translate(exc, lang))
        form.train.set_enabled(False)


@dataclass(frozen=True)
class _Form:
    """The options form: its fields by option name, the error line, Train and Stop."""

    fields: dict[str, Any]
    error: ui.label
    train: ui.button
    stop: ui.button

    def read(self) -> LabOptions:
        """The options the form holds (TypeError or ValueError when they are not valid)."""
        return race_view.from_form({f: w.value for f, w in self.fields.items()})


def _form_card(c: dict[str, Any], options: LabOptions) -> _Form:
    """The card of the options, the error line, and the Train and Stop buttons."""
    labels = c["labels"]
    fields: dict[str, Any] = {}

    def number(field: str, value: float | None, **kw: Any) -> None:
        key = LabOptions.param(field).key
        low, high = _bounds(field)
        box = ui.number(labels[key], value=value, min=low, max=high, **kw)
        fields[field] = testid(box.props("dense outlined").classes("w-full"), key)

    with ui.card().classes("xl-card w-full md:w-[20rem] gap-1"):
        dataset = ui.select(
            {d: c["datasets"][d] for d in DATASETS},
            label=labels["dataset"],
            value=options.dataset,
        )
        fields["dataset"] = testid(dataset.props("dense outlined").classes("w-full"), "dataset")
        model = ui.select(
            {m: c["models"][m] for m in MODELS}, label=labels["model"], value=options.model
        )
        fields["model"] = testid(model.props("dense outlined").classes("w-full"), "model")
        number("learning_rate", options.learning_rate, step=0.05)
        number("epochs", options.epochs, step=10, precision=0)
        number("batch_size", options.batch_size or 0, step=16, precision=0)
        number("init_scale", options.init_scale, step=0.5)
        number("hidden_units", options.hidden_units, step=8, precision=0)
        number("label_smoothing", options.label_smoothing, step=0.05)
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
    return _Form(fields, error, train, stop)


class _Board:
    """The card of the race: the progress bar, the status line, the three charts and the
    summary of the last run."""

    def __init__(self, c: dict[str, Any], names: list[str], words: dict[str, Any]) -> None:
        self.labels, self.names, self.chart_words = c["labels"], names, words
        chart_c = c["chart"]
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            progress = ui.linear_progress(value=0, show_value=False).props("instant-feedback")
            progress.props(f'aria-label="{self.labels["progress_bar"]}"')
            self.progress = testid(progress, "progress")
            self.status = testid(ui.label().classes("text-sm text-gray-700"), "status")
            self.charts = {
                "test_accuracy": ui.echart(
                    race_chart(chart_c["accuracy"], chart_c["epoch"], names)
                ),
                "train_loss": ui.echart(
                    race_chart(chart_c["loss"], chart_c["epoch"], names, log=True)
                ),
                "output_grad": ui.echart(
                    race_chart(chart_c["grad"], chart_c["epoch"], names, log=True)
                ),
            }
            self.words = {}
            for key, chart in self.charts.items():
                testid(chart.classes("w-full h-[15rem]"), f"chart-{key}")
                self.words[key] = ChartWords(chart, f"chart-{key}")
            self.summary = testid(ui.column().classes("gap-0 text-sm"), "summary")

    def draw(self, history: list[RaceEpoch], total: int) -> None:
        """The curves of ``history`` on the charts, and how far the run of ``total`` epochs is."""
        curves = race_view.curves(history)
        for key, chart in self.charts.items():
            # the series are the cross-entropy run's and the squared-error run's, as in Curves
            for series, data in zip(chart.options["series"], getattr(curves, key), strict=True):
                series["data"] = data
            chart.options["xAxis"]["max"] = total
            chart.update()
        epoch = history[-1].epoch if history else 0
        self.progress.set_value(epoch / total)
        self.status.set_text(self.labels["progress"].format(epoch=epoch, epochs=total))

    def name_runs(self, names: tuple[str, str]) -> None:
        """Call the two runs ``names`` in the charts' series and the summary."""
        self.names[:] = names
        for chart in self.charts.values():
            for series, name in zip(chart.options["series"], self.names, strict=True):
                series["name"] = name

    def summarise(self, history: list[RaceEpoch], total: int) -> None:
        """Where the run stopped, and the epoch at which each run first reached each mark."""
        labels = self.labels
        for key, chart in self.charts.items():  # the finished curves, in words
            self.words[key].describe(chart.options, self.chart_words)
        self.summary.clear()
        with self.summary:
            epoch = history[-1].epoch if history else 0
            done = labels["finished"] if epoch == total else labels["stopped"]
            ui.label(done.format(epoch=epoch, epochs=total)).classes("font-semibold")
            for mark in race_view.MARKS:
                for name, first in zip(self.names, race_view.reached(history, mark), strict=True):
                    text = labels["reached"] if first is not None else labels["not_reached"]
                    ui.label(text.format(name=name, mark=mark, epoch=first))


class _Runs:
    """This tab's run of the race, queued or running: at most one at a time."""

    def __init__(self, form: _Form, board: _Board, c: dict[str, Any], language: Language) -> None:
        self.form, self.board, self.c, self.language = form, board, c, language
        self.client = ui.context.client
        self.job: Job[RaceEpoch] | None = None

    async def run_race(self) -> None:
        """Train pressed: check the options, queue the run, and draw its epochs as they come."""
        form, board, labels, lang = self.form, self.board, self.c["labels"], self.language.code
        if self.job is not None:  # one run per tab (Train is disabled meanwhile)
            return
        try:
            opts = form.read()
        except (TypeError, ValueError) as exc:
            form.error.set_text(_option_problem(exc, self.c, lang))
            return
        form.error.set_text("")
        board.name_runs(_run_names(opts, self.c["names"]))
        sync_url({**opts.to_query(), **self.language.query()})
        try:
            limit = TIME_LIMIT_S["training"]
            job = self.job = shared_pool().submit(self.client.id, race, opts, time_limit_s=limit)
        except Busy:
            return
        form.train.set_enabled(False)
        form.stop.set_enabled(True)
        board.summary.clear()
        history: list[RaceEpoch] = []
        last, started = 0.0, False
        try:
            async for event in job.events():
                if isinstance(event, Waiting):
                    place = _place(event.position, labels["places"])
                    board.status.set_text(labels["waiting"].format(place=place))
                elif isinstance(event, Started):
                    started = True
                    board.status.set_text(labels["starting"])
                else:
                    history.extend(event.items)
                    if time.monotonic() - last > REDRAW_S:
                        board.draw(_thin(history), opts.epochs)
                        last = time.monotonic()
        except (ValueError, WorkerDied) as exc:  # a diverging run (e.g. a learning rate far
            form.error.set_text(translate(exc, lang))  # too large), a process that died or ran out
        finally:
            self.job = None
            form.train.set_enabled(True)
            form.stop.set_enabled(False)
        if not started:  # Stop pressed (or the tab closed) while it waited in line
            board.progress.set_value(0)
            board.status.set_text(labels["left_queue"])
            return
        board.draw(history, opts.epochs)
        board.summarise(history, opts.epochs)

    def cancel(self) -> None:
        """Stop pressed or the tab closed: leave the line, or stop at the next epoch."""
        if (job := self.job) is not None:
            job.cancel()


def page(query: dict[str, str], language: Language, bad_language: tuple[str, ...]) -> None:
    """The routed page: the frame around :func:`build`."""
    title = f"{load('lab', language.code)['title']} · {load('ui', language.code)['project']}"
    with frame(current="lab", language=language, title=title):
        build(query, language, bad_language)
