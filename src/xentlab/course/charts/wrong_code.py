"""What section 8 shows of a View: the cost in bits of coding one language's letters with
another's Huffman code, the note on tied frequencies, the letter bars of both languages, the
code language's Huffman code and the ranking of the languages on the typed text.

The page (:mod:`xentlab.app.pages.sections.wrong_code`), the notebook widget and the static
figure all draw these.
"""

from __future__ import annotations

from typing import Any

from xentlab import coding
from xentlab.course.charts import Shown, bar_options, fmt, fmt_small
from xentlab.course.charts.panel import Note, Panel, Plot, Table, rows
from xentlab.course.lessons.wrong_code import View

__all__ = [
    "CODE_COLUMNS",
    "COST_ROWS",
    "ROWS",
    "code_table",
    "letters",
    "panel",
    "problem",
    "ranking",
    "tie_note",
]

#: the cost read-out: row key (its label's key in the content, its test id) → the number of
#: ``coding.WrongCode`` it shows
COST_ROWS = {
    "entropy": "entropy",
    "own_length": "own_length",
    "cross_entropy": "cross_entropy",
    "wrong_length": "wrong_length",
    "kl": "kl",
    "extra": "extra_bits",
}

#: the code table's columns: their labels' keys in the content
CODE_COLUMNS = ("letter", "probability", "code_word", "length")


def _cost(attr: str) -> Shown:
    """A row that shows the number ``attr`` of the View's cost, in bits a letter (the
    differences, which may be tiny, never as 0 unless they are 0)."""
    if attr in ("kl", "extra_bits"):
        return lambda v: fmt_small(getattr(v.cost, attr))
    return lambda v: fmt(getattr(v.cost, attr))


#: the read-out: row key → its text for a View
ROWS: dict[str, Shown] = {row: _cost(attr) for row, attr in COST_ROWS.items()}


def tie_note(v: View, c: dict[str, Any]) -> str | None:
    """When ties in the code language's frequencies change the cost shown: which letters tie
    and what the source costs with the tie broken the other way; else None."""
    w, labels, names = v.cost, c["labels"], c["languages"]
    if not w.tie_matters:
        return None
    text: str = labels["tie_note"].format(
        letters=labels["and"].join(w.tied_letters),
        language=names[w.code_language],
        source=names[w.source],
        other=fmt(w.other_wrong_length),
        shown=fmt(w.wrong_length),
    )
    return text


def letters(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: each letter's probability in the source language and in the code's."""
    chart_c, names = c["chart"], c["languages"]
    options = bar_options(
        list(coding.ALPHABET),
        chart_c["x"],
        chart_c["y"],
        {"source": names[v.cost.source], "code": names[v.cost.code_language]},
        y_max=None,
    )
    source, code = options["series"]
    source["data"] = [round(float(p), 5) for p in v.source_probs]
    code["data"] = [round(float(p), 5) for p in v.code_probs]
    return options


def code_table(v: View, c: dict[str, Any]) -> Table:
    """The code language's Huffman code: each letter's probability, code word and length;
    its caption names the language."""
    labels = c["labels"]
    return Table(
        "code-table",
        tuple(labels[key] for key in CODE_COLUMNS),
        tuple(
            (row.letter, fmt_small(row.probability), row.code_word, str(row.length))
            for row in v.table
        ),
        caption=labels["table_title"].format(language=c["languages"][v.cost.code_language]),
    )


def ranking(v: View, c: dict[str, Any]) -> Table:
    """The languages by the bits each one's letter model spends on the text, best first
    (empty when the text cannot be scored)."""
    labels, names = c["labels"], c["languages"]
    return Table(
        "ranking",
        (labels["language"], labels["rank_bits"]),
        tuple(
            (names[language], f"{fmt(bits)} {labels['bits_per_letter']}")
            for language, bits in v.ranking
        ),
        caption=labels["ranking_title"],
    )


def problem(v: View, c: dict[str, Any]) -> str | None:
    """Why the text cannot be scored, in words; None when it can."""
    if v.text_problem is None:
        return None
    text: str = c["labels"][v.text_problem]
    return text


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 8 shows of ``v``: the tie note and the text's problem only when
    there is one."""
    tie, trouble = tie_note(v, c), problem(v, c)
    notes = (
        *((Note("tie-note", tie),) if tie is not None else ()),
        *((Note("text-problem", trouble, tone="warn"),) if trouble is not None else ()),
    )
    return Panel(
        rows=rows(ROWS, c["labels"], v),
        notes=notes,
        tables=(code_table(v, c), ranking(v, c)),
        charts=(Plot("chart", letters(v, c), 352),),
    )
