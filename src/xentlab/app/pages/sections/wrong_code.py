"""Section 8 page: Huffman codes of letter frequencies and the cost of the wrong one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab import coding
from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, bar_options, fmt, testid
from xentlab.course.lessons.wrong_code import Inputs, View, text_problem
from xentlab.course.params import Text

#: the cost read-out: row key → the number of ``coding.WrongCode`` it shows
COST_ROWS = {
    "entropy": "entropy",
    "own_length": "own_length",
    "cross_entropy": "cross_entropy",
    "wrong_length": "wrong_length",
    "kl": "kl",
    "extra": "extra_bits",
}


def _cost_row(attr: str) -> Callable[[View], str]:
    """A read-out row that shows the number ``attr`` of the View's cost."""
    return lambda v: fmt(getattr(v.cost, attr))


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


def _letters_options(c: dict[str, Any]) -> dict[str, Any]:
    chart_c = c["chart"]
    return bar_options(
        list(coding.ALPHABET), chart_c["x"], chart_c["y"], {"source": "", "code": ""}, y_max=None
    )


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Language choices and the cost read-out beside the letter bars; the code table; the
    text and the ranking of the languages that code it."""
    labels, names = c["labels"], c["languages"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            show_cost = _cost_panel(state, labels, names)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(_letters_options(c), classes="w-full h-[22rem]")
    show_table = _code_table(labels, names)
    show_ranking = _text_card(state, labels, names)
    ui.label(c["source_note"]).classes("text-xs text-gray-500")

    def show(v: View) -> None:
        show_cost(v)
        chart.series("source")["name"] = names[v.cost.source]
        chart.series("code")["name"] = names[v.cost.code_language]
        chart.show(
            source=[round(float(p), 5) for p in v.source_probs],
            code=[round(float(p), 5) for p in v.code_probs],
        )
        show_table(v)
        show_ranking(v)

    return show


def _cost_panel(
    state: State[Inputs, View], labels: dict[str, str], names: dict[str, str]
) -> Callable[[View], None]:
    """The two language choices, the cost read-out and the note on tied frequencies."""
    for name in ("source", "code"):
        _language_select(state, name, labels[name], names)
    ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
    cost = Readout(
        labels,
        {row: _cost_row(attr) for row, attr in COST_ROWS.items()},
    )
    tie_note = testid(ui.label().classes("text-sm text-gray-600"), "tie-note")

    def show(v: View) -> None:
        """The cost; the tie note said only when ties in the code language's frequencies
        change the cost shown."""
        cost.show(v)
        w = v.cost
        tie_note.set_visibility(w.tie_matters)
        if w.tie_matters:
            tie_note.set_text(
                labels["tie_note"].format(
                    letters=labels["and"].join(w.tied_letters),
                    language=names[w.code_language],
                    source=names[w.source],
                    other=fmt(w.other_wrong_length),
                    shown=fmt(w.wrong_length),
                )
            )

    return show


def _code_table(labels: dict[str, str], names: dict[str, str]) -> Callable[[View], None]:
    """The card of the code language's Huffman code, rebuilt only when that language changes."""
    with ui.card().classes("xl-card w-full gap-2"):
        table_title = ui.label().classes("text-lg font-semibold")
        table = ui.element("div").classes("w-full xl-scroll")
    shown_table: list[str] = []

    def show(v: View) -> None:
        language = v.cost.code_language
        if shown_table == [language]:
            return
        shown_table[:] = [language]
        table_title.set_text(labels["table_title"].format(language=names[language]))
        table.clear()
        # three letters a row; on a phone one (the headings once)
        grid = "grid grid-cols-[repeat(4,auto)] sm:grid-cols-[repeat(12,auto)]"
        with table, ui.element("div").classes(f"{grid} gap-x-5 gap-y-0.5 text-sm"):
            for copy in range(3):
                for head in ("letter", "probability", "code_word", "length"):
                    hidden = " max-sm:hidden" if copy else ""
                    ui.label(labels[head]).classes(f"text-gray-500{hidden}")
            for row in v.table:
                ui.label(row.letter).classes("font-mono")
                ui.label(f"{row.probability:.4f}").classes("font-mono tabular-nums")
                ui.label(row.code_word).classes("font-mono")
                ui.label(str(row.length)).classes("font-mono tabular-nums")

    return show


def _text_card(
    state: State[Inputs, View], labels: dict[str, str], names: dict[str, str]
) -> Callable[[View], None]:
    """The text box and the ranking of the languages by the bits each code spends on it."""
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
        ui.label(labels["ranking_title"]).classes("text-lg font-semibold")
        ranking = ui.column().classes("w-full gap-1 max-sm:gap-2")

    def show(v: View) -> None:
        ranking.clear()
        with ranking:
            if v.text_problem is not None:
                testid(ui.label(labels[v.text_problem]).classes("text-amber-900"), "text-problem")
                return
            for i, ((language, bits), width) in enumerate(
                zip(v.ranking, v.rank_widths, strict=True)
            ):
                # on a phone the number goes under its bar
                with ui.row().classes("w-full items-center gap-x-3 gap-y-0.5"):
                    ui.label(names[language]).classes("w-20" + (" font-semibold" if i == 0 else ""))
                    ui.element("div").classes("h-3 rounded bg-blue-500").style(
                        f"width: {width:.1f}%"
                    )
                    testid(
                        ui.label(f"{bits:.4f} {labels['bits_per_letter']}").classes(
                            "font-mono tabular-nums max-sm:w-full max-sm:pl-[5.75rem]"
                        ),
                        f"rank-{i}",
                    )

    return show
