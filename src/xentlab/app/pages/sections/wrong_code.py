"""Section 8 page: Huffman codes of letter frequencies and the cost of the wrong one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab import coding
from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, heading, testid
from xentlab.course.charts import renew
from xentlab.course.charts import wrong_code as parts
from xentlab.course.lessons.wrong_code import Inputs, View, text_problem
from xentlab.course.params import Text


def _language_select(
    state: State[Inputs, View], name: str, label: str, names: dict[str, str]
) -> ui.select:
    """A choice of language (shown as ``names[language]``) that moves the input ``name``."""
    select = ui.select(
        {language: names[language] for language in coding.LANGUAGES},
        label=label,
        value=getattr(state.inputs, name),
        on_change=lambda e: state.set(**{name: e.value}),
    )
    return testid(select.props("outlined dense").classes("w-full"), name)


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Language choices and the cost read-out beside the letter bars; the code table; the
    text and the ranking of the languages that code it (their rows, texts, tables and chart
    options shared with the notebook widget and the figure:
    :mod:`xentlab.course.charts.wrong_code`)."""
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            show_cost = _cost_panel(state, c)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.letters(state.view, c), classes="w-full h-[22rem]")
    show_table = _code_table(c)
    show_ranking = _text_card(state, c)
    ui.label(c["source_note"]).classes("text-xs text-gray-500")

    def show(v: View) -> None:
        show_cost(v)
        renew(chart.options, parts.letters(v, c))
        chart.update()
        show_table(v)
        show_ranking(v)

    return show


def _cost_panel(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The two language choices, the cost read-out and the note on tied frequencies."""
    labels = c["labels"]
    for name in ("source", "code"):
        _language_select(state, name, labels[name], c["languages"])
    ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
    cost = Readout(labels, parts.ROWS)
    tie_note = testid(ui.label().classes("text-sm text-gray-600"), "tie-note")

    def show(v: View) -> None:
        """The cost; the tie note said only when ties in the code language's frequencies
        change the cost shown."""
        cost.show(v)
        note = parts.tie_note(v, c)
        tie_note.set_visibility(note is not None)
        if note is not None:
            tie_note.set_text(note)

    return show


def _code_table(c: dict[str, Any]) -> Callable[[View], None]:
    """The card of the code language's Huffman code, rebuilt only when that language changes."""
    with ui.card().classes("xl-card w-full gap-2"):
        table_title = heading()
        table = ui.element("div").classes("w-full xl-scroll")
    shown_table: list[str] = []
    # each column's look: letters and code words in mono, the numbers lined up too
    looks = ("font-mono", "font-mono tabular-nums", "font-mono", "font-mono tabular-nums")

    def show(v: View) -> None:
        language = v.cost.code_language
        if shown_table == [language]:
            return
        shown_table[:] = [language]
        code = parts.code_table(v, c)
        table_title.set_text(code.caption)
        table.clear()
        # three letters a row; on a phone one (the headings once)
        grid = "grid grid-cols-[repeat(4,auto)] sm:grid-cols-[repeat(12,auto)]"
        with table, ui.element("div").classes(f"{grid} gap-x-5 gap-y-0.5 text-sm"):
            for copy in range(3):
                for head in code.head:
                    hidden = " max-sm:hidden" if copy else ""
                    ui.label(head).classes(f"text-gray-500{hidden}")
            for row in code.body:
                for cell, look in zip(row, looks, strict=True):
                    ui.label(cell).classes(look)

    return show


def _text_card(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The text box and the ranking of the languages by the bits each code spends on it."""
    labels = c["labels"]
    with ui.card().classes("xl-card w-full gap-2"):
        text = ui.textarea(
            labels["text"],
            value=state.inputs.text,
            validation=lambda t: (
                None if text_problem(t or "") != "too_long" else labels["too_long"]
            ),
            on_change=lambda e: state.set(text=e.value or ""),
        )
        spec = Inputs.param("text").spec
        assert isinstance(spec, Text)
        testid(
            text.props(f"outlined autogrow maxlength={spec.max_length}").classes("w-full"), "text"
        )
        heading(labels["ranking_title"])
        ranking = ui.column().classes("w-full gap-1 max-sm:gap-2")

    def show(v: View) -> None:
        ranking.clear()
        with ranking:
            trouble = parts.problem(v, c)
            if trouble is not None:
                testid(ui.label(trouble).classes("text-amber-900"), "text-problem")
                return
            rows = parts.ranking(v, c).body
            for i, ((name, bits), width) in enumerate(zip(rows, v.rank_widths, strict=True)):
                # on a phone the number goes under its bar
                with ui.row().classes("w-full items-center gap-x-3 gap-y-0.5"):
                    ui.label(name).classes("w-20" + (" font-semibold" if i == 0 else ""))
                    ui.element("div").classes("h-3 rounded bg-blue-500").style(
                        f"width: {width:.1f}%"
                    )
                    testid(
                        ui.label(bits).classes(
                            "font-mono tabular-nums max-sm:w-full max-sm:pl-[5.75rem]"
                        ),
                        f"rank-{i}",
                    )

    return show
