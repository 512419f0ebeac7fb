"""Section 13 page: the same batch in PyTorch, Keras, TensorFlow and JAX/optax: code and the
conventions table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.logit_boxes import LogitBoxes
from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    choice_toggle,
    heading,
    label_toggle,
    param_slider,
    testid,
)
from xentlab.course.charts import frameworks as parts
from xentlab.course.charts import renew
from xentlab.course.lessons.frameworks import (
    CLASSES,
    EXAMPLES,
    IGNORE,
    LIBRARIES,
    ROWS,
    SCRIPTS,
    Inputs,
    View,
)

#: a cell's look by its mark (:func:`xentlab.course.charts.frameworks.marks`): a value that
#: differs from PyTorch's (written too: its sign, :func:`xentlab.course.charts.frameworks.signs`),
#: an option the library lacks (its text says so), the same value
MARKS = {"differs": "bg-amber-100 text-amber-900", "missing": "text-gray-500 italic", "": ""}
#: the sign before a value that differs from PyTorch's (as wide where there is none, so that
#: a column's values stay in line)
SIGN = "font-mono text-sm font-semibold text-amber-900 py-0.5 w-3 shrink-0"
#: the colour of a code block (NiceGUI's translucent blue-grey on white): its scroll cue's cover
CODE_BG = "#f2f5f9"
#: a value: a vector (one loss per example) may wrap between its numbers in a narrow column
CELL = "font-mono text-sm tabular-nums rounded px-1.5 py-0.5 break-words min-w-0"
#: the table's columns: the convention and three libraries; on a phone only the three
#: libraries, under the convention's title
COLUMNS = "grid-cols-3 sm:grid-cols-[minmax(11rem,1.2fr)_repeat(3,minmax(0,1fr))]"
#: on a phone a row's three cells share lines that wrap, a cell no narrower than its longest
#: number (400 % zoom, a wider letter spacing); from sm up they are the grid's columns
PHONE_CELLS = "col-span-3 flex flex-wrap gap-x-3 gap-y-1 sm:contents"
PHONE_CELL = "max-sm:flex-1 max-sm:min-w-min"


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and the per-example chart, then the conventions table, then the code (their
    texts and chart options shared with the notebook widget:
    :mod:`xentlab.course.charts.frameworks`)."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[27rem] gap-3"):
            _batch_controls(state, c)
            ui.separator()
            ui.label(labels["binary"]).classes("text-sm font-semibold text-gray-700")
            param_slider(state, "z", labels["z"])
            label_toggle(state, "y")
            param_slider(state, "pos_weight", labels["pos_weight"], key="pw")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            ui.label(c["chart"]["title"]).classes("text-sm text-gray-700")
            chart = Chart(parts.losses(state.view, c), classes="w-full grow min-h-[22rem]")
    table = _table(c)
    code = _code(c)

    def show(v: View) -> None:
        table(v)
        code(v)
        renew(chart.options, parts.losses(v, c))
        chart.update()

    return show


def _batch_controls(state: State[Inputs, View], c: dict[str, Any]) -> None:
    """Nine typed logits with each example's class (or ignore), weights, ε and reduction."""
    labels = c["labels"]
    boxes = LogitBoxes(state)

    def on_target(n: int, value: Any) -> None:
        targets = list(state.inputs.targets)
        targets[n] = int(value)
        state.set(targets=tuple(targets))

    ui.label(labels["batch"]).classes("text-sm text-gray-700")
    classes = {k: str(k) for k in range(CLASSES)} | {IGNORE: labels["ignore"]}
    for n in range(EXAMPLES):
        # an example's logits, then its class (below them on a phone), then a rule
        example = "w-full items-center gap-x-2 gap-y-1 pb-2 border-b border-slate-100"
        with ui.row().classes(example):
            for k in range(CLASSES):
                i = n * CLASSES + k
                label = labels["logit"].format(n=n + 1, c=k)
                boxes.box(i, label, f"logit-{n}-{k}", "w-[4.4rem]")
            target = ui.toggle(
                classes,
                value=state.inputs.targets[n],
                on_change=lambda e, n=n: on_target(n, e.value),
            )
            aria = labels["target"].format(n=n + 1)
            target.props(
                f'no-caps unelevated padding="4px 9px" toggle-color=primary aria-label="{aria}"'
            )
            testid(target, f"target-{n}")
    ui.label(labels["weighted"]).classes("text-sm text-gray-700")
    weighted = ui.toggle(
        {int(k): text for k, text in c["weighteds"].items()},
        value=state.inputs.weighted,
        on_change=lambda e: state.set(weighted=int(e.value)),
    )
    weighted.props(f'no-caps unelevated toggle-color=primary aria-label="{labels["weighted"]}"')
    testid(weighted, "w")
    param_slider(state, "smoothing", labels["smoothing"], key="eps")
    choice_toggle(state, "reduction", labels["reduction"], c["reductions"])


def _table(c: dict[str, Any]) -> Callable[[View], None]:
    """The conventions table: one row per convention, one column per library, and the notes
    of each row under it; on a phone a row's title goes above its three cells, each cell
    naming its library. Returns the table's ``show``."""
    labels, libs, titles = c["labels"], c["libraries"], c["rows"]
    cells: dict[tuple[str, str], ui.label] = {}
    signs: dict[tuple[str, str], ui.label] = {}
    notes: dict[str, ui.markdown] = {}
    with ui.card().classes("xl-card w-full gap-2"):
        heading(labels["table"])
        ui.label(parts.hint(c)).classes("text-sm text-gray-600")
        grid = ui.element("div").classes(f"w-full grid gap-x-3 gap-y-1 items-start {COLUMNS}")
        with testid(grid, "conventions"):
            ui.label(labels["convention"]).classes("text-sm text-gray-500 max-sm:hidden")
            for lib in LIBRARIES:
                ui.label(libs[lib]).classes("text-sm font-semibold text-gray-700 max-sm:hidden")
            for row in ROWS:
                title = ui.label(titles[row]).classes("text-sm text-gray-800 pt-3")
                title.classes("col-span-3 sm:col-span-1 max-sm:font-semibold")
                with ui.element("div").classes(PHONE_CELLS):
                    for lib in LIBRARIES:
                        with ui.column().classes(f"gap-0 sm:pt-3 min-w-0 {PHONE_CELL}"):
                            ui.label(libs[lib]).classes("text-xs text-gray-500 sm:hidden")
                            with ui.row().classes("gap-1 items-start no-wrap min-w-0 max-w-full"):
                                sign = ui.label().classes(SIGN)
                                signs[row, lib] = testid(sign, f"sign-{row}-{lib}")
                                cells[row, lib] = testid(ui.label(), f"cell-{row}-{lib}")
                note = ui.markdown().classes("xl-prose col-span-3 sm:col-span-4 text-sm")
                notes[row] = testid(note.classes("text-gray-600"), f"notes-{row}")

    def show(v: View) -> None:
        table = parts.conventions(v, c)
        for row, texts in zip(ROWS, table.body, strict=True):
            for lib, text in zip(LIBRARIES, texts[1:], strict=True):
                cells[row, lib].set_text(text)
        for (row, lib), mark in parts.marks(v).items():
            cells[row, lib].classes(replace=f"{CELL} {MARKS[mark]}")
        for (row, lib), sign in parts.signs(v, c).items():
            signs[row, lib].set_text(sign)
        for row, text in parts.row_notes(v, c).items():
            notes[row].set_content(text)

    return show


def _code(c: dict[str, Any]) -> Callable[[View], None]:
    """One tab per framework: its code with the current numbers and what it prints; returns
    its ``show``."""
    labels, libs = c["labels"], c["libraries"]
    code: dict[str, ui.code] = {}
    outputs: dict[str, ui.label] = {}
    with ui.card().classes("xl-card w-full gap-2"):
        heading(labels["code"])
        # a row wider than the card scrolls with the shadow cue of wide content (shell.py);
        # arrows beside it for a mouse, none on a phone: the row has its whole width to show
        # that a tab goes on past the edge
        with ui.tabs().props("no-caps align=left outside-arrows") as tabs:
            for script in SCRIPTS:
                testid(ui.tab(script, libs[script]), f"tab-{script}")
        with ui.tab_panels(tabs, value=SCRIPTS[0]).classes("w-full"):
            for script in SCRIPTS:
                with ui.tab_panel(script).classes("px-0 gap-2"):
                    block = ui.code("", language="python").classes("w-full max-w-full text-sm")
                    block.copy_button.props(f'aria-label="{labels["copy_code"]}"')
                    # the code scrolls inside its box, with the shadow cue of wide content
                    block.markdown.classes("overflow-x-auto").style(f"--xl-scroll-bg: {CODE_BG}")
                    code[script] = testid(block, f"code-{script}")
                    ui.label(labels["prints"]).classes("text-sm text-gray-600")
                    with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-100"):
                        out = ui.label().classes("font-mono text-sm whitespace-pre px-3 py-2")
                        outputs[script] = testid(out, f"output-{script}")
        ui.label(labels["output_note"]).classes("text-xs text-gray-500")

    def show(v: View) -> None:
        filled, printed = parts.code(v, c), parts.outputs(v)
        for script in SCRIPTS:
            if code[script].content != filled[script]:
                code[script].set_content(filled[script])
            outputs[script].set_text(printed[script])

    return show
