"""Section 8 — the cost of the wrong code: Huffman codes of letter frequencies.

Coding language A with the code built for language B costs about H(A, B) bits a letter instead
of H(A): the difference is D_KL(A‖B). Scoring a text against each language's letter model
ranks the languages by cross-entropy: the lowest is the best guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from xentlab import coding
from xentlab.course.lessons._common import FloatArray
from xentlab.course.params import Choice, Declared, Text, param

__all__ = ["Inputs", "View", "compute", "text_problem"]

#: the widths of the ranking's bars, in percent of their row: the best language's bar, and the
#: least any bar gets (so that a poor language still shows one)
_BAR_MAX, _BAR_MIN = 60.0, 2.4


@dataclass(frozen=True)
class Inputs(Declared):
    """The source language, the language whose code is used, and a text to score."""

    source: str = param(Choice(coding.LANGUAGES), "French", key="src")
    code: str = param(Choice(coding.LANGUAGES), "English")
    text: str = param(Text(2000), "Le renard brun saute par-dessus le chien paresseux.")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be scored (``too_long``, ``no_letters``), or None."""
    if not Inputs.param("text").spec.accepts(text):
        return "too_long"
    try:
        coding.text_distribution(text)
    except ValueError:
        return "no_letters"
    return None


@dataclass(frozen=True, eq=False)
class View:
    """The code table, the cost of coding source with the chosen code, and the text ranking."""

    table: list[coding.CodeRow] = field(repr=False)  # the code language's Huffman code
    cost: coding.WrongCode  # names the two languages, too
    source_probs: FloatArray = field(repr=False)  # letter distributions for the bar chart
    code_probs: FloatArray = field(repr=False)
    ranking: list[tuple[str, float]]  # (language, bits per letter), best first; [] if no text
    rank_widths: list[float]  # each ranking bar's width in percent of its row
    text_problem: str | None
    text_letters: int


def _widths(ranking: list[tuple[str, float]]) -> list[float]:
    """Bar widths in proportion to how well each language codes the text (best bits / bits)."""
    best = ranking[0][1] if ranking else 0.0
    return [max(_BAR_MIN, _BAR_MAX * (best / bits)) for _, bits in ranking]


def compute(inputs: Inputs) -> View:
    """Everything from ``xentlab.coding`` (Huffman codes and cross-entropies in bits)."""
    problem = text_problem(inputs.text)
    ranking = coding.rank_languages(inputs.text) if problem is None else []
    letters = 0 if problem is not None else sum(ch.isalpha() for ch in inputs.text)
    return View(
        table=coding.code_table(inputs.code),
        cost=coding.wrong_code_cost(inputs.source, inputs.code),
        source_probs=np.asarray(coding.letter_distribution(inputs.source)),
        code_probs=np.asarray(coding.letter_distribution(inputs.code)),
        ranking=ranking,
        rank_widths=_widths(ranking),
        text_problem=problem,
        text_letters=letters,
    )
