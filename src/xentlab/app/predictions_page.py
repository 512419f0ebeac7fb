"""The "Your predictions" page: score and calibrate uploaded, pasted or bundled predictions.

Everything shown comes from a :class:`xentlab.predictions_view.View`; this module lays out
the controls and writes Views into them. Files and computations run in worker threads, so
a large file or the first training of the bundled example never stalls another page; a bad
file is a one-line message under the controls, and the last good result stays shown.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from nicegui import background_tasks, events, ui
from starlette.formparsers import MultiPartParser

from xentlab._extras import MissingExtra
from xentlab._problems import Phrase, translate
from xentlab.app.language import Language
from xentlab.app.prediction_parts import Tables, diagram_options, readout
from xentlab.app.shell import frame, notice, url_writer
from xentlab.app.widgets import Chart, fmt, slider, testid
from xentlab.content import load
from xentlab.files import MAX_FILE_BYTES, MAX_FILE_SIZE, parse_array
from xentlab.params import Choice, Real, Whole
from xentlab.predictions_view import (
    MAX_PASTE_CHARS,
    Options,
    Predictions,
    View,
    compute,
    example,
    example_if_ready,
    from_text,
    size_problem,
    uploaded,
)

__all__ = ["keep_uploads_in_memory", "page"]

KEY = "predictions"


def keep_uploads_in_memory() -> None:
    """Let an upload up to the size limit stay in memory: Starlette (and NiceGUI after it)
    spools an uploaded file above ``spool_max_size`` (1 MB) to a temporary file on disk."""
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, MAX_FILE_BYTES + 1)


def build(query: dict[str, str], language: Language, bad_language: tuple[str, ...] = ()) -> None:
    """The page in ``language``, with the options read from ``query``."""
    lang = language.code
    c = load(KEY, lang)
    labels, chart_c = c["labels"], c["chart"]
    options, bad = Options.from_query(query)
    ui.label(c["title"]).classes("text-3xl font-semibold text-[#1f3b5c]")
    ui.markdown(c["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    notice((*bad, *bad_language), lang)
    state: dict[str, Any] = {"options": options, "data": None, "files": {}, "generation": 0}
    write_url = url_writer(language)

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[22rem] gap-2"):
            ui.label(labels["data"]).classes("text-lg font-semibold")
            with ui.tabs().props("dense no-caps align=left").classes("w-full") as tabs:
                testid(ui.tab("example", labels["example_tab"]), "tab-example")
                testid(ui.tab("upload", labels["upload_tab"]), "tab-upload")
                testid(ui.tab("paste", labels["paste_tab"]), "tab-paste")
            with ui.tab_panels(tabs, value="example").classes("w-full"):
                with ui.tab_panel("example").classes("px-0 gap-2"):
                    ui.label(labels["example"]).classes("text-sm text-gray-700")
                    losses = {"ce": labels["ce"], "mse": labels["mse"]}
                    loss_toggle = ui.toggle(losses, value=options.example)
                    testid(loss_toggle.props("no-caps unelevated toggle-color=primary"), "example")
                    ui.label(labels["smoothing"]).classes("text-sm text-gray-700")
                    spec = Options.param("smoothing").spec
                    assert isinstance(spec, Real)
                    steps = round((spec.hi - spec.lo) / spec.step)
                    grid = [round(spec.lo + k * spec.step, 10) for k in range(steps + 1)]
                    eps = ui.toggle({e: f"{e:g}" for e in grid}, value=options.smoothing)
                    testid(eps.props("no-caps unelevated toggle-color=primary"), "eps")
                with ui.tab_panel("upload").classes("px-0 gap-2"):
                    help_text = labels["upload_help"].format(limit=MAX_FILE_SIZE)
                    ui.markdown(help_text).classes("xl-prose text-sm text-gray-700")
                    uploads: dict[str, ui.upload] = {}
                    received: dict[str, ui.label] = {}
                    for what in ("predictions", "labels"):
                        up = ui.upload(
                            label=labels[f"upload_{what}"],
                            auto_upload=True,
                            max_file_size=MAX_FILE_BYTES,
                        )
                        up.props('accept=".npy,.csv" flat bordered').classes("w-full")
                        uploads[what] = testid(up, f"upload-{what}")
                        waiting = labels["waiting"].format(what=labels[f"{what}_file"])
                        note = ui.label(waiting).classes("text-sm text-gray-600")
                        received[what] = testid(note, f"received-{what}")
                with ui.tab_panel("paste").classes("px-0 gap-2"):
                    paste_help = labels["paste_help"].format(max=f"{MAX_PASTE_CHARS:,}")
                    ui.label(paste_help).classes("text-sm text-gray-700")
                    boxes = {}
                    for what in ("predictions", "labels"):
                        box = ui.textarea(labels[f"paste_{what}"])
                        box.props(f"outlined dense maxlength={MAX_PASTE_CHARS} debounce=300")
                        boxes[what] = testid(box.classes("w-full font-mono"), f"paste-{what}")
                    score = testid(ui.button(labels["score"], icon="calculate"), "score")
            # next to the inputs: what is being done, and what was wrong with the last input
            with ui.row().classes("items-center gap-2"):
                spinner = ui.spinner(size="1.5em")
                status = testid(ui.label().classes("text-sm text-gray-700"), "status")
            error = testid(ui.label().classes("text-rose-700 text-sm"), "error")
            ui.separator()
            ui.label(labels["options"]).classes("text-lg font-semibold")
            ui.label(labels["kind"]).classes("text-sm text-gray-700")
            kinds = {k: labels[k] for k in ("auto", "probabilities", "logits")}
            kind = ui.toggle(kinds, value=options.kind)
            testid(kind.props("no-caps unelevated toggle-color=primary"), "kind")
            ui.label(labels["kind_help"]).classes("text-xs text-gray-600")
            bins_spec = Options.param("bins").spec
            assert isinstance(bins_spec, Whole)
            slider(
                "bins",
                labels["bins"],
                value=options.bins,
                lo=bins_spec.lo,
                hi=bins_spec.hi,
                step=1,
                on_move=lambda v: set_option(bins=round(v)),
            )
            binning_spec = Options.param("binning").spec
            assert isinstance(binning_spec, Choice)
            ui.label(labels["binning"]).classes("text-sm text-gray-700")
            binnings = {b: labels[b] for b in binning_spec.options}
            binning = ui.toggle(binnings, value=options.binning)
            testid(binning.props("no-caps unelevated toggle-color=primary"), "binning")
            fit = testid(ui.switch(labels["fit"], value=bool(options.fit)), "fit")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            source = testid(ui.label().classes("text-sm text-gray-700"), "source")
            ui.label(labels["scores"]).classes("text-lg font-semibold")
            scores = readout(labels)
            fit_problem = testid(ui.label().classes("text-sm text-gray-600"), "fit-problem")
    charts: dict[str, Chart] = {}
    titles: dict[str, ui.label] = {}
    with ui.card().classes("xl-card w-full"), ui.row().classes("w-full gap-4"):
        for key in ("before", "after"):
            with ui.column().classes("flex-1 min-w-[16rem] gap-1"):
                titles[key] = testid(ui.label().classes("font-semibold"), f"{key}-title")
                blank = diagram_options(chart_c, binary=False)
                charts[key] = Chart(blank, f"chart-{key}", "w-full h-[22rem]")
    tables = Tables(labels)
    ui.markdown(c["explanation"]).classes("xl-prose text-base text-gray-800 max-w-4xl")

    def busy(text: str) -> None:
        status.set_text(text)
        spinner.set_visibility(bool(text))

    def show(v: View) -> None:
        kind_name = labels["logits" if v.from_logits else "probabilities"]
        shape = (
            labels["shape_binary"] if v.binary else labels["shape_classes"].format(n=v.n_classes)
        )
        source.set_text(
            labels["showing"].format(
                source=translate(v.source, lang), rows=v.n_rows, shape=shape, kind=kind_name
            )
        )
        scores.show(v)
        no_fit = "" if v.after is not None else labels["no_fit"]
        fit_problem.set_text(translate(v.fit_problem, lang) if v.fit_problem else no_fit)
        titles["before"].set_text(chart_c["before"].format(ece=fmt(v.before.ece)))
        if v.after is not None and v.temperature is not None:
            after = chart_c["after"].format(t=fmt(v.temperature, 3), ece=fmt(v.after.ece))
        else:
            after = chart_c["after_none"]
        titles["after"].set_text(after)
        for key, diagram in (("before", v.before), ("after", v.after)):
            chart = charts[key]
            fresh = diagram_options(chart_c, v.binary)
            chart.options["xAxis"]["name"] = fresh["xAxis"]["name"]
            chart.options["yAxis"]["name"] = fresh["yAxis"]["name"]
            chart.series("bars")["name"] = fresh["series"][0]["name"]
            chart.options["legend"]["data"] = fresh["legend"]["data"]
            chart.show(
                bars=diagram.bars if diagram else [], points=diagram.points if diagram else []
            )
        tables.show(v)

    async def refresh() -> None:
        """Compute the View of the current data and options (in a worker) and show it."""
        data: Predictions | None = state["data"]
        if data is None:
            return
        state["generation"] += 1
        generation = state["generation"]
        try:
            view = await asyncio.to_thread(compute, data, state["options"])
        except ValueError as exc:
            if generation == state["generation"]:
                error.set_text(translate(exc, lang))
            return
        if generation == state["generation"]:  # no newer data or options meanwhile
            error.set_text("")
            show(view)

    async def use(data: Predictions) -> None:
        state["data"] = data
        await refresh()

    async def load_example() -> None:
        opts: Options = state["options"]
        data = example_if_ready(opts)
        if data is None:
            busy(labels["training"])
            try:
                data = await asyncio.to_thread(example, opts)
            except MissingExtra as exc:
                error.set_text(translate(exc, lang))
                return
            finally:
                busy("")
            if state["options"] != opts:  # changed while training: its own load follows
                return
        await use(data)

    def set_option(**changes: Any) -> None:
        try:
            new = dataclasses.replace(state["options"], **changes)
        except (TypeError, ValueError):
            return
        if new == state["options"]:
            return
        old, state["options"] = state["options"], new
        write_url(new.to_query())
        if (new.example, new.smoothing) != (old.example, old.smoothing):
            background_tasks.create(load_example(), name="xentlab example")
        else:
            background_tasks.create(refresh(), name="xentlab predictions")

    async def receive(what: str, e: events.UploadEventArguments) -> None:
        e.sender.run_method("reset")
        content = await e.file.read()
        try:
            array = await asyncio.to_thread(parse_array, e.file.name, content)
        except ValueError as exc:
            state["files"].pop(what, None)
            received[what].set_text(labels["waiting"].format(what=labels[f"{what}_file"]))
            error.set_text(translate(exc, lang))
            return
        state["files"][what] = (e.file.name, array)
        size = f"{len(content) / 1e3:.1f} kB"
        note = labels["received"].format(what=labels[f"{what}_file"], name=e.file.name, size=size)
        received[what].set_text(note)
        error.set_text("")
        if len(state["files"]) == 2:
            await use(uploaded(state["files"]["predictions"], state["files"]["labels"]))

    def rejected(e: events.GenericEventArguments) -> None:
        for entry in e.args if isinstance(e.args, list) else []:
            name, size = str(entry.get("name", "?")), int(entry.get("size", 0))
            problem = size_problem(name, size)
            error.set_text(translate(problem or Phrase("file_type", name=name), lang))

    async def score_paste() -> None:
        try:
            data = from_text(str(boxes["predictions"].value), str(boxes["labels"].value))
        except ValueError as exc:
            error.set_text(translate(exc, lang))
            return
        await use(data)

    # Quasar's rejected entries hold File objects: send their name, size and reason only
    entries = "(es) => emit(es.map(e => ({name: e.file.name, size: e.file.size})))"
    for what, up in uploads.items():
        up.on_upload(lambda e, what=what: receive(what, e))
        up.on("rejected", rejected, js_handler=entries)
    score.on_click(score_paste)
    loss_toggle.on_value_change(lambda e: set_option(example=str(e.value)))
    eps.on_value_change(lambda e: set_option(smoothing=float(e.value)))
    kind.on_value_change(lambda e: set_option(kind=str(e.value)))
    binning.on_value_change(lambda e: set_option(binning=str(e.value)))
    fit.on_value_change(lambda e: set_option(fit=int(bool(e.value))))
    busy("")
    if bad:
        write_url(options.to_query())
    ready = example_if_ready(options)
    if ready is None:
        ui.timer(0, load_example, once=True)
    else:  # shown with the page itself
        state["data"] = ready
        show(compute(ready, options))


def page(query: dict[str, str], language: Language, bad_language: tuple[str, ...]) -> None:
    """The routed page: the frame around :func:`build`."""
    title = f"{load(KEY, language.code)['title']} · {load('ui', language.code)['project']}"
    with frame(current=KEY, language=language, title=title):
        build(query, language, bad_language)
