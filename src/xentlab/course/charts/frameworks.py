"""What section 13 shows of a View: the conventions table (each framework's value of each
convention, the cells that differ from PyTorch's), the notes under each row, each framework's
code with the current numbers and what it prints, and the chart of each example's loss.

The page (:mod:`xentlab.app.pages.sections.frameworks`), the notebook widget and the static
figure all draw these. The table's values are written as the snippets print them
(:func:`~xentlab.course.lessons.frameworks.printed`: 4 fixed decimals, a vector one loss per
example), so that each cell reads exactly as the framework's own output.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import bar_options
from xentlab.course.charts.panel import Note, Panel, Plot, Table
from xentlab.course.lessons.frameworks import (
    EXAMPLES,
    LIBRARIES,
    SCRIPTS,
    Array,
    View,
    printed,
    snippets,
)
from xentlab.course.theme import FRAMEWORK_DECALS, FRAMEWORKS

__all__ = [
    "cell",
    "code",
    "conventions",
    "hint",
    "losses",
    "marks",
    "outputs",
    "panel",
    "row_notes",
    "signs",
]


def cell(value: Array | None, c: dict[str, Any]) -> str:
    """A framework's value of a convention as its snippet prints it, or the words for an option
    the framework lacks (``None``)."""
    if value is None:
        text: str = c["labels"]["no_option"]
        return text
    return printed(value)


def marks(v: View) -> dict[tuple[str, str], str]:
    """How each cell (row key, library) stands against PyTorch's: ``missing`` (the library has
    no such option), ``differs`` (it prints another value) or ``""`` (the same)."""
    return {
        (r.key, lib): (
            "missing" if r.cells[lib] is None else ("differs" if lib in r.differs else "")
        )
        for r in v.rows
        for lib in LIBRARIES
    }


def signs(v: View, c: dict[str, Any]) -> dict[tuple[str, str], str]:
    """The text before each cell (row key, library): the content's ``differs_mark`` (≠) where
    the cell differs from PyTorch's (:func:`marks`), else ``""``; so that what a highlighted
    cell means is written, not told by its colour alone (:func:`hint` says what the mark
    means). A missing option needs none: its text says so."""
    sign: str = c["labels"]["differs_mark"]
    return {cell: sign if mark == "differs" else "" for cell, mark in marks(v).items()}


def hint(c: dict[str, Any]) -> str:
    """The words above the table: which cells are highlighted, and their mark."""
    text: str = c["labels"]["table_hint"].format(mark=c["labels"]["differs_mark"])
    return text


def conventions(v: View, c: dict[str, Any]) -> Table:
    """The conventions table: one row per convention (its title first), one column per
    library."""
    labels, libs, titles = c["labels"], c["libraries"], c["rows"]
    return Table(
        "conventions",
        (labels["convention"], *(libs[lib] for lib in LIBRARIES)),
        tuple((titles[r.key], *(cell(r.cells[lib], c) for lib in LIBRARIES)) for r in v.rows),
        caption=labels["table"],
    )


def row_notes(v: View, c: dict[str, Any]) -> dict[str, str]:
    """The explanations under each row of the table (Markdown), by row key: why its cells
    differ, with the numbers they quote."""
    notes_c = c["notes"]
    return {r.key: "\n\n".join(notes_c[k].format(**v.quoted) for k in r.notes) for r in v.rows}


def code(v: View, c: dict[str, Any]) -> dict[str, str]:
    """Each framework's code (by script: torch, keras, tf, optax) with the current inputs."""
    return snippets(c["code"], v)


def outputs(v: View) -> dict[str, str]:
    """What each script prints, one line per value: its name and the value."""
    return {
        script: "\n".join(f"{name} {printed(value)}" for name, value in v.prints[script])
        for script in SCRIPTS
    }


def losses(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: each example's loss before the reduction (the smoothing row with
    ``reduction="none"``), one bar per framework, in the frameworks' colours and patterns
    (the legend shows both: no framework is told by its colour alone)."""
    chart_c, libs = c["chart"], c["libraries"]
    names = [chart_c["example"].format(n=n + 1) for n in range(EXAMPLES)]
    options = bar_options(
        names, chart_c["x"], chart_c["y"], {lib: libs[lib] for lib in LIBRARIES}, y_max=None
    )
    options["color"] = [FRAMEWORKS[lib] for lib in LIBRARIES]
    for series in options["series"]:
        series["data"] = [round(float(x), 4) for x in v.per_example[series["id"]]]
        decal = FRAMEWORK_DECALS[series["id"]]
        if decal is not None:
            series["itemStyle"] = {"decal": dict(decal)}
    return options


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 13 shows of ``v``: the table with its notes (each headed by its row's
    title), then each script's code and what it prints, and the chart."""
    labels, libs, titles = c["labels"], c["libraries"], c["rows"]
    filled, printed_lines = code(v, c), outputs(v)
    notes = tuple(
        Note(f"notes-{key}", text, label=titles[key]) for key, text in row_notes(v, c).items()
    )
    scripts = tuple(
        note
        for script in SCRIPTS
        for note in (
            Note(f"code-{script}", filled[script], label=libs[script], mono=True),
            Note(f"output-{script}", printed_lines[script], label=labels["prints"], mono=True),
        )
    )
    return Panel(
        notes=(*notes, *scripts),
        tables=(conventions(v, c),),
        charts=(Plot("chart", losses(v, c), 352),),
    )
