"""Section 8 page: Huffman codes of letter frequencies and the cost of the wrong one."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab import coding
from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import Live, Readout, bar_options, fmt, testid
from xentlab.content import load
from xentlab.lessons import wrong_code as lesson

COST_ROWS = ("entropy", "own_length", "cross_entropy", "wrong_length", "kl", "extra")


def _letters_options(c: dict[str, Any]) -> dict[str, Any]:
    chart_c = c["chart"]
    return bar_options(list(coding.ALPHABET), chart_c["x"], chart_c["y"], ["", ""], y_max=None)


def build(query: dict[str, str]) -> None:
    """Draw section 8 with the state read from ``query``."""
    c = load("wrong_code")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    languages = list(coding.LANGUAGES)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[26rem] gap-3"):
            source = ui.select(
                languages,
                label=labels["source"],
                value=inputs.source,
                on_change=lambda e: live.set(source=e.value),
            )
            testid(source.props("outlined dense").classes("w-full"), "source")
            code = ui.select(
                languages,
                label=labels["code"],
                value=inputs.code,
                on_change=lambda e: live.set(code=e.value),
            )
            testid(code.props("outlined dense").classes("w-full"), "code")
            ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
            cost = Readout()
            for key in COST_ROWS:
                cost.row(key, labels[key])
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = testid(ui.echart(_letters_options(c)), "chart").classes("w-full h-[22rem]")
    with ui.card().classes("xl-card w-full gap-2"):
        table_title = ui.label().classes("text-lg font-semibold")
        table = ui.element("div").classes("w-full overflow-x-auto")
    with ui.card().classes("xl-card w-full gap-2"):
        text = ui.textarea(
            labels["text"],
            value=inputs.text,
            validation=lambda t: (
                None if lesson.text_problem(t or "") != "too_long" else labels["too_long"]
            ),
            on_change=lambda e: on_text(e.value or ""),
        )
        testid(text.props("outlined autogrow").classes("w-full"), "text")
        ui.label(labels["ranking_title"]).classes("text-lg font-semibold")
        ranking = ui.column().classes("w-full gap-1")
    ui.label(c["source_note"]).classes("text-xs text-gray-500")
    section_outro(c, "wrong_code")

    def on_text(value: str) -> None:
        if len(value) <= lesson.TEXT_MAX:
            live.set(text=value)

    shown_table: list[str] = []

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        for key in COST_ROWS:
            value = v.cost.extra_bits if key == "extra" else getattr(v.cost, key)
            cost.set(key, fmt(value))
        series = chart.options["series"]
        series[0]["name"], series[1]["name"] = now.source, now.code
        series[0]["data"] = [round(float(p), 5) for p in v.source_probs]
        series[1]["data"] = [round(float(p), 5) for p in v.code_probs]
        chart.update()
        if shown_table != [now.code]:
            shown_table[:] = [now.code]
            table_title.set_text(labels["table_title"].format(language=now.code))
            table.clear()
            with (
                table,
                ui.grid(columns=" ".join(["auto"] * 12)).classes("gap-x-5 gap-y-0.5 text-sm"),
            ):
                for _ in range(3):
                    for head in ("letter", "probability", "code_word", "length"):
                        ui.label(labels[head]).classes("text-gray-500")
                for row in v.table:
                    ui.label(row.letter).classes("font-mono")
                    ui.label(f"{row.probability:.4f}").classes("font-mono tabular-nums")
                    ui.label(row.code_word).classes("font-mono")
                    ui.label(str(row.length)).classes("font-mono tabular-nums")
        ranking.clear()
        with ranking:
            if v.text_problem is not None:
                testid(ui.label(labels[v.text_problem]).classes("text-amber-900"), "text-problem")
                return
            best = v.ranking[0][1]
            for i, (language, bits) in enumerate(v.ranking):
                with ui.row().classes("w-full items-center gap-3"):
                    ui.label(language).classes("w-20" + (" font-semibold" if i == 0 else ""))
                    width = max(4.0, 100.0 * best / bits)
                    ui.element("div").classes("h-3 rounded bg-blue-500").style(
                        f"width: {width * 0.6:.1f}%"
                    )
                    testid(
                        ui.label(f"{bits:.4f} {labels['bits_per_letter']}").classes(
                            "font-mono tabular-nums"
                        ),
                        f"rank-{i}",
                    )

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
