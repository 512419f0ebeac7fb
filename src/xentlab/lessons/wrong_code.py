"""Section 8 — the cost of the wrong code: Huffman codes of letter frequencies.

Coding language A with the code built for language B costs about H(A, B) bits a letter instead
of H(A): the difference is D_KL(A‖B). Scoring a text against each language's letter model
ranks the languages by cross-entropy: the lowest is the best guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from xentlab import coding
from xentlab.lessons._common import FloatArray
from xentlab.lessons._lists import query_choice

__all__ = ["DEFAULT_TEXT", "TEXT_MAX", "Inputs", "View", "compute", "text_problem"]

TEXT_MAX = 2000
DEFAULT_TEXT = "Le renard brun saute par-dessus le chien paresseux."


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be scored (``too_long``, ``no_letters``), or None."""
    if len(text) > TEXT_MAX:
        return "too_long"
    try:
        coding.text_distribution(text)
    except ValueError:
        return "no_letters"
    return None


@dataclass(frozen=True)
class Inputs:
    """The source language, the language whose code is used, and a text to score."""

    source: str = "French"
    code: str = "English"
    text: str = DEFAULT_TEXT

    def __post_init__(self) -> None:
        for name, lang in (("source", self.source), ("code", self.code)):
            if lang not in coding.LANGUAGES:
                raise ValueError(f"{name} must be one of {coding.LANGUAGES}, got {lang!r}")
        if not isinstance(self.text, str) or len(self.text) > TEXT_MAX:
            raise ValueError(f"text must be a string of at most {TEXT_MAX} characters")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``src=French&code=English&text=…``; bad values → defaults."""
        bad: list[str] = []
        source = query_choice(query, "src", cls.source, coding.LANGUAGES, bad)
        code = query_choice(query, "code", cls.code, coding.LANGUAGES, bad)
        text = query.get("text", cls.text)
        if len(text) > TEXT_MAX:
            bad.append("text")
            text = cls.text
        return cls(source=source, code=code, text=text), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"src": self.source, "code": self.code, "text": self.text}


@dataclass(frozen=True, eq=False)
class View:
    """The code table, the cost of coding source with the chosen code, and the text ranking."""

    table: list[coding.CodeRow] = field(repr=False)  # the code language's Huffman code
    cost: coding.WrongCode
    source_probs: FloatArray = field(repr=False)  # letter distributions for the bar chart
    code_probs: FloatArray = field(repr=False)
    ranking: list[tuple[str, float]]  # (language, bits per letter), best first; [] if no text
    text_problem: str | None
    text_letters: int


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
        text_problem=problem,
        text_letters=letters,
    )
