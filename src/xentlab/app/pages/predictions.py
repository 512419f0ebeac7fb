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
from dataclasses import dataclass
from typing import Any, TypeVar

from nicegui import background_tasks, events, ui
from starlette.formparsers import MultiPartParser

from xentlab._src.extras import MissingExtra, require
from xentlab._src.messages import Phrase, translate
from xentlab.app.pages.language import Language
from xentlab.app.pages.predictions_parts import Diagrams, Tables, readout
from xentlab.app.pages.shell import frame, notice, url_writer
from xentlab.app.pages.widgets import heading, slider, testid
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
    options, bad = Options.from_query(query)
    heading(c["title"], 1)
    ui.markdown(c["intro"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    notice((*bad, *bad_language), lang)
    page = _Page(c, lang, options, url_writer(language))
    ui.markdown(c["explanation"]).classes("xl-prose text-base text-gray-800 max-w-4xl")
    page.connect()
    page.busy("")
    if bad:
        page.write_url(options.to_query())
    ready = example_if_ready(options)
    if ready is None:
        ui.timer(0, page.load_example, once=True)
    else:  # shown with the page itself
        page.data = ready
        page.show(compute(ready, options))


def _example_panel(labels: dict[str, str], options: Options) -> tuple[ui.toggle, ui.toggle]:
    """The bundled example's tab: the loss it was trained with and its label smoothing."""
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
    return loss_toggle, eps


def _upload_panel(labels: dict[str, str]) -> tuple[dict[str, ui.upload], dict[str, ui.label]]:
    """The upload tab: a file of predictions and one of labels, each with what it received."""
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
    return uploads, received


def _paste_panel(labels: dict[str, str]) -> tuple[dict[str, ui.textarea], ui.button]:
    """The paste tab: a box of predictions, one of labels, and Score."""
    paste_help = labels["paste_help"].format(max=f"{MAX_PASTE_CHARS:,}")
    ui.label(paste_help).classes("text-sm text-gray-700")
    boxes = {}
    for what in ("predictions", "labels"):
        box = ui.textarea(labels[f"paste_{what}"])
        box.props(f"outlined dense maxlength={MAX_PASTE_CHARS} debounce=300")
        boxes[what] = testid(box.classes("w-full font-mono"), f"paste-{what}")
    score = testid(ui.button(labels["score"], icon="calculate"), "score")
    return boxes, score


@dataclass(frozen=True)
class _OptionControls:
    """The scoring options' controls (the bins slider calls back as it moves)."""

    kind: ui.toggle
    binning: ui.toggle
    fit: ui.switch


def _options_panel(
    labels: dict[str, str], options: Options, on_bins: Callable[[int], None]
) -> _OptionControls:
    """The options: what the predictions are, the bins and their binning, the calibration fit."""
    heading(labels["options"])
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
        on_move=lambda v: on_bins(round(v)),
    )
    binning_spec = Options.param("binning").spec
    assert isinstance(binning_spec, Choice)
    ui.label(labels["binning"]).classes("text-sm text-gray-700")
    binnings = {b: labels[b] for b in binning_spec.options}
    binning = ui.toggle(binnings, value=options.binning)
    testid(binning.props("no-caps unelevated toggle-color=primary"), "binning")
    fit = testid(ui.switch(labels["fit"], value=bool(options.fit)), "fit")
    return _OptionControls(kind, binning, fit)


class _Page:
    """One open page: its controls and read-outs, the options and data shown, and what each
    control does."""

    def __init__(
        self,
        c: dict[str, Any],
        lang: str,
        options: Options,
        write_url: Callable[[dict[str, str]], None],
    ) -> None:
        self.labels, self.lang, self.write_url = c["labels"], lang, write_url
        self.options = options
        self.data: Predictions | None = None
        self.files: dict[str, tuple[str, Any]] = {}
        #: the one-line problem of each input ("predictions", "labels", "paste") and of the data
        #: as a whole ("data"): each stays until its own input is replaced
        self.problems = dict.fromkeys(("predictions", "labels", "paste", "data"), "")
        labels = self.labels
        with ui.row().classes("w-full gap-4 items-stretch"):
            with ui.card().classes("xl-card w-full md:w-[22rem] gap-2"):
                self._data_card(labels, options)
                ui.separator()
                self.controls = _options_panel(labels, options, lambda n: self.set_option(bins=n))
            with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
                self.source = testid(ui.label().classes("text-sm text-gray-700"), "source")
                heading(labels["scores"])
                self.scores = readout(labels)
                fit_problem = ui.label().classes("text-sm text-gray-600")
                self.fit_problem = testid(fit_problem, "fit-problem")
        self.diagrams = Diagrams(c["chart"], load("ui", lang)["chart_text"])
        self.tables = Tables(labels)
        self.client = ui.context.client

    def _data_card(self, labels: dict[str, str], options: Options) -> None:
        """The tabs of the data (example, upload, paste), what is being done, and what was
        wrong with the last input."""
        heading(labels["data"])
        with ui.tabs().props("dense no-caps align=left").classes("w-full") as tabs:
            testid(ui.tab("example", labels["example_tab"]), "tab-example")
            testid(ui.tab("upload", labels["upload_tab"]), "tab-upload")
            testid(ui.tab("paste", labels["paste_tab"]), "tab-paste")
        with ui.tab_panels(tabs, value="example").classes("w-full"):
            with ui.tab_panel("example").classes("px-0 gap-2"):
                self.loss_toggle, self.eps = _example_panel(labels, options)
            with ui.tab_panel("upload").classes("px-0 gap-2"):
                self.uploads, self.received = _upload_panel(labels)
            with ui.tab_panel("paste").classes("px-0 gap-2"):
                self.boxes, self.score = _paste_panel(labels)
        # next to the inputs: what is being done, and what was wrong with the last input
        with ui.row().classes("items-center gap-2"):
            # (the words beside it say what is happening: a screen reader skips the drawing)
            self.spinner = ui.spinner(size="1.5em").props("aria-hidden=true")
            self.status = testid(ui.label().classes("text-sm text-gray-700"), "status")
        error = ui.label().classes("text-rose-700 text-sm whitespace-pre-line")
        self.error = testid(error, "error")

    def connect(self) -> None:
        """Each control to what it does."""
        # Quasar's rejected entries hold File objects: send their name, size and reason only
        entries = "(es) => emit(es.map(e => ({name: e.file.name, size: e.file.size})))"
        for what, up in self.uploads.items():
            up.on_upload(lambda e, what=what: self.receive(what, e))
            up.on("rejected", lambda e, what=what: self.rejected(what, e), js_handler=entries)
        self.score.on_click(self.score_paste)
        set_option, controls = self.set_option, self.controls
        self.loss_toggle.on_value_change(lambda e: set_option(example=str(e.value)))
        self.eps.on_value_change(lambda e: set_option(smoothing=float(e.value)))
        controls.kind.on_value_change(lambda e: set_option(kind=str(e.value)))
        controls.binning.on_value_change(lambda e: set_option(binning=str(e.value)))
        controls.fit.on_value_change(lambda e: set_option(fit=int(bool(e.value))))

    def problem(self, key: str, text: str = "") -> None:
        """Set the problem of input ``key`` (none by default), and show them all."""
        self.problems[key] = text  # shown in this order, whichever came first
        self.error.set_text("\n".join(t for t in self.problems.values() if t))

    def busy(self, text: str) -> None:
        """Say what is being done (nothing: the spinner hides)."""
        self.status.set_text(text)
        self.spinner.set_visibility(bool(text))

    async def work(
        self, kind: str, key: str, text: str, fn: Callable[..., T], *args: Any
    ) -> T | None:
        """``fn(*args)`` in the work pool as this tab's ``kind`` of work, saying ``text`` while
        it runs and its place in line while it waits. Its result, or None: when a newer
        request of the same kind came first, when the page has gone meanwhile, or when it
        failed (its one line then shown as the problem of ``key`` until that input changes)."""
        client = self.client

        def waiting(position: int) -> None:
            self.busy(self.labels["queued"].format(n=position))

        self.busy(text)
        try:
            result = await run((client.id, kind), fn, *args, on_wait=waiting)
        except Superseded:
            return None
        except (ValueError, WorkerDied) as exc:
            if not client.is_deleted:
                self.problem(key, translate(exc, self.lang))
            return None
        finally:
            if not client.is_deleted:
                self.busy("")
        if client.is_deleted:
            return None
        self.problem(key)
        return result

    def show(self, v: View) -> None:
        """Write ``v`` into the read-outs, the diagrams and the tables."""
        labels = self.labels
        kind_name = labels["logits" if v.from_logits else "probabilities"]
        shape = (
            labels["shape_binary"] if v.binary else labels["shape_classes"].format(n=v.n_classes)
        )
        self.source.set_text(
            labels["showing"].format(
                source=translate(v.source, self.lang), rows=v.n_rows, shape=shape, kind=kind_name
            )
        )
        self.scores.show(v)
        no_fit = "" if v.after is not None else labels["no_fit"]
        self.fit_problem.set_text(translate(v.fit_problem, self.lang) if v.fit_problem else no_fit)
        self.diagrams.show(v)
        self.tables.show(v)

    async def refresh(self) -> None:
        """Compute the View of the current data and options (in a worker) and show it."""
        data = self.data
        if data is not None:
            options = self.options
            view = await self.work("score", "data", self.labels["working"], compute, data, options)
            if view is not None:
                self.show(view)

    async def use(self, data: Predictions) -> None:
        """Show ``data`` from now on."""
        self.data = data
        await self.refresh()

    async def load_example(self) -> None:
        """Use the bundled example of the current options, training it first if need be."""
        opts = self.options
        data = example_if_ready(opts)
        if data is None:
            try:
                require("lab", Phrase("what_example"))  # here, before a worker is asked
            except MissingExtra as exc:
                self.problem("data", translate(exc, self.lang))
                return
            trained = await self.work("example", "data", self.labels["training"], example, opts)
            if trained is None:
                return
            data = keep_example(opts, trained)
            if self.options != opts:  # changed while training: its own load follows
                return
        await self.use(data)

    def set_option(self, **changes: Any) -> None:
        """An option changed: into the URL, and the example loaded again or the data rescored."""
        try:
            new = dataclasses.replace(self.options, **changes)
        except (TypeError, ValueError):
            return
        if new == self.options:
            return
        old, self.options = self.options, new
        self.write_url(new.to_query())
        if (new.example, new.smoothing) != (old.example, old.smoothing):
            background_tasks.create(self.load_example(), name="xentlab example")
        else:
            background_tasks.create(self.refresh(), name="xentlab predictions")

    async def receive(self, what: str, e: events.UploadEventArguments) -> None:
        """A file of ``what`` uploaded: read it (in a worker); once both are in, use them."""
        labels = self.labels
        e.sender.run_method("reset")
        content = await e.file.read()
        name = e.file.name
        reading = labels["reading"].format(name=name)
        array = await self.work(what, what, reading, parse_array, name, content)
        if array is None:
            if self.problems.get(what) and not self.client.is_deleted:  # refused: no such file
                self.files.pop(what, None)
                self.received[what].set_text(labels["waiting"].format(what=labels[f"{what}_file"]))
            return
        self.files[what] = (name, array)
        size = f"{len(content) / 1e3:.1f} kB"
        note = labels["received"].format(what=labels[f"{what}_file"], name=name, size=size)
        self.received[what].set_text(note)
        if len(self.files) == 2:
            await self.use(uploaded(self.files["predictions"], self.files["labels"]))

    def rejected(self, what: str, e: events.GenericEventArguments) -> None:
        """Files of ``what`` the browser refused (too large, or of another type)."""
        for entry in e.args if isinstance(e.args, list) else []:
            name, size = str(entry.get("name", "?")), int(entry.get("size", 0))
            size_text = size_problem(name, size)
            self.problem(what, translate(size_text or Phrase("file_type", name=name), self.lang))

    async def score_paste(self) -> None:
        """Score pressed: read the pasted texts (in a worker) and use them."""
        texts = (str(self.boxes["predictions"].value), str(self.boxes["labels"].value))
        data = await self.work("paste", "paste", self.labels["working"], from_text, *texts)
        if data is not None:
            await self.use(data)


def page(query: dict[str, str], language: Language, bad_language: tuple[str, ...]) -> None:
    """The routed page: the frame around :func:`build`."""
    title = f"{load(KEY, language.code)['title']} · {load('ui', language.code)['project']}"
    with frame(current=KEY, language=language, title=title):
        build(query, language, bad_language)
