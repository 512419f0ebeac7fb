"""The "Your predictions" page: score and calibrate uploaded, pasted or bundled predictions.

Everything shown comes from a :class:`xentlab.reports.view.View`; this module lays out
the controls and writes Views into them. Reading files, scoring and the first training of the
bundled example run in the server's work pool (:mod:`xentlab.app.server.work`: worker processes, a
time limit), so a large or hostile file never stalls another page; the page says when its work
waits in line. A bad file is a one-line message under the controls that stays until that file
is replaced, and the last good result stays shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import background_tasks, events, ui
from starlette.formparsers import MultiPartParser

from xentlab._src.extras import MissingExtra, require
from xentlab._src.messages import Phrase, translate
from xentlab.app.pages.language import Language
from xentlab.app.pages.predictions_parts import Tables, diagram_options, readout
from xentlab.app.pages.shell import frame, notice, url_writer
from xentlab.app.pages.widgets import Chart, fmt, slider, testid
from xentlab.app.server.pool import WorkerDied
from xentlab.app.server.work import Superseded, run
from xentlab.course.content import load
from xentlab.course.params import Choice, Real, Whole
from xentlab.reports.prediction_files import MAX_FILE_BYTES, MAX_FILE_SIZE, parse_array
from xentlab.reports.view import (
    MAX_PASTE_CHARS,
    Options,
    Predictions,
    View,
    compute,
    example,
    example_if_ready,
    from_text,
    keep_example,
    size_problem,
    uploaded,
)

__all__ = ["keep_uploads_in_memory", "page"]

KEY = "predictions"

T = TypeVar("T")


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
    state: dict[str, Any] = {"options": options, "data": None, "files": {}}
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
            error = testid(ui.label().classes("text-rose-700 text-sm whitespace-pre-line"), "error")
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

    client = ui.context.client
    #: the one-line problem of each input ("predictions", "labels", "paste") and of the data
    #: as a whole ("data"): each stays until its own input is replaced
    problems: dict[str, str] = dict.fromkeys(("predictions", "labels", "paste", "data"), "")

    def problem(key: str, text: str = "") -> None:
        problems[key] = text  # shown in this order, whichever came first
        error.set_text("\n".join(t for t in problems.values() if t))

    def busy(text: str) -> None:
        status.set_text(text)
        spinner.set_visibility(bool(text))

    async def work(kind: str, key: str, text: str, fn: Callable[..., T], *args: Any) -> T | None:
        """``fn(*args)`` in the work pool as this tab's ``kind`` of work, saying ``text`` while
        it runs and its place in line while it waits. Its result, or None: when a newer
        request of the same kind came first, when the page has gone meanwhile, or when it
        failed (its one line then shown as the problem of ``key`` until that input changes)."""

        def waiting(position: int) -> None:
            busy(labels["queued"].format(n=position))

        busy(text)
        try:
            result = await run((client.id, kind), fn, *args, on_wait=waiting)
        except Superseded:
            return None
        except (ValueError, WorkerDied) as exc:
            if not client.is_deleted:
                problem(key, translate(exc, lang))
            return None
        finally:
            if not client.is_deleted:
                busy("")
        if client.is_deleted:
            return None
        problem(key)
        return result

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
        if data is not None:
            options = state["options"]
            view = await work("score", "data", labels["working"], compute, data, options)
            if view is not None:
                show(view)

    async def use(data: Predictions) -> None:
        state["data"] = data
        await refresh()

    async def load_example() -> None:
        opts: Options = state["options"]
        data = example_if_ready(opts)
        if data is None:
            try:
                require("lab", Phrase("what_example"))  # here, before a worker is asked
            except MissingExtra as exc:
                problem("data", translate(exc, lang))
                return
            trained = await work("example", "data", labels["training"], example, opts)
            if trained is None:
                return
            data = keep_example(opts, trained)
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
        name = e.file.name
        reading = labels["reading"].format(name=name)
        array = await work(what, what, reading, parse_array, name, content)
        if array is None:
            if problems.get(what) and not client.is_deleted:  # refused: no file of this kind
                state["files"].pop(what, None)
                received[what].set_text(labels["waiting"].format(what=labels[f"{what}_file"]))
            return
        state["files"][what] = (name, array)
        size = f"{len(content) / 1e3:.1f} kB"
        note = labels["received"].format(what=labels[f"{what}_file"], name=name, size=size)
        received[what].set_text(note)
        if len(state["files"]) == 2:
            await use(uploaded(state["files"]["predictions"], state["files"]["labels"]))

    def rejected(what: str, e: events.GenericEventArguments) -> None:
        for entry in e.args if isinstance(e.args, list) else []:
            name, size = str(entry.get("name", "?")), int(entry.get("size", 0))
            size_text = size_problem(name, size)
            problem(what, translate(size_text or Phrase("file_type", name=name), lang))

    async def score_paste() -> None:
        texts = (str(boxes["predictions"].value), str(boxes["labels"].value))
        data = await work("paste", "paste", labels["working"], from_text, *texts)
        if data is not None:
            await use(data)

    # Quasar's rejected entries hold File objects: send their name, size and reason only
    entries = "(es) => emit(es.map(e => ({name: e.file.name, size: e.file.size})))"
    for what, up in uploads.items():
        up.on_upload(lambda e, what=what: receive(what, e))
        up.on("rejected", lambda e, what=what: rejected(what, e), js_handler=entries)
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
