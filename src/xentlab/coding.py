"""The cost of the wrong code: letter frequencies, Huffman codes, and cross-entropy in bits.

A code built for one distribution spends, on average, H(A, B) bits (rounded up to whole code
words) when it codes text from another distribution A; the extra over the right code is the
KL divergence D_KL(A‖B). This module makes that concrete with the letters of four languages.

Letter frequencies (percent of the letters a–z in running text) are the public tables of
Wikipedia's article "Letter frequency": English from Robert Lewand's *Cryptological
Mathematics* (2000); French, German and Spanish from the article's table "Relative frequencies
of letters in other languages". Accented letters are folded into their base letter (é → e,
ß → ss) both in text and, by renormalising the 26 base letters, in the tables.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xentlab import info

__all__ = [
    "ALPHABET",
    "LANGUAGES",
    "LETTER_PERCENT",
    "CodeRow",
    "WrongCode",
    "average_code_length",
    "code_table",
    "huffman_code",
    "kraft_sum",
    "letter_distribution",
    "rank_languages",
    "text_distribution",
    "wrong_code_cost",
]

ALPHABET = "abcdefghijklmnopqrstuvwxyz"

# percent of letters, in the order of ALPHABET (sources in the module docstring)
LETTER_PERCENT: dict[str, tuple[float, ...]] = {
    "English": (8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772,
                4.025, 2.406, 6.749, 7.507, 1.929, 0.095, 5.987, 6.327, 9.056, 2.758, 0.978,
                2.360, 0.150, 1.974, 0.074),
    "French": (7.636, 0.901, 3.260, 3.669, 14.715, 1.066, 0.866, 0.737, 7.529, 0.545, 0.049,
               5.456, 2.968, 7.095, 5.378, 3.021, 1.362, 6.553, 7.948, 7.244, 6.311, 1.628,
               0.114, 0.387, 0.308, 0.136),
    "German": (6.51, 1.89, 3.06, 5.08, 17.40, 1.66, 3.01, 4.76, 7.55, 0.27, 1.21, 3.44, 2.53,
               9.78, 2.51, 0.79, 0.02, 7.00, 7.27, 6.15, 4.35, 0.67, 1.89, 0.03, 0.04, 1.13),
    "Spanish": (12.53, 1.42, 4.68, 5.86, 13.68, 0.69, 1.01, 0.70, 6.25, 0.44, 0.01, 4.97,
                3.15, 6.71, 8.68, 2.51, 0.88, 6.87, 7.98, 4.63, 3.93, 0.90, 0.02, 0.22, 0.90,
                0.52),
}  # fmt: skip

LANGUAGES = tuple(LETTER_PERCENT)

FloatArray = NDArray[np.float64]


def letter_distribution(language: str) -> FloatArray:
    """The letter distribution of ``language`` over a–z, renormalised to sum to one.

    Example:
        >>> from xentlab import coding
        >>> p = coding.letter_distribution("English")
        >>> print(coding.ALPHABET[int(p.argmax())], round(float(p.sum()), 12))
        e 1.0
    """
    if language not in LETTER_PERCENT:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    percent = np.array(LETTER_PERCENT[language], dtype=np.float64)
    out: FloatArray = percent / percent.sum()
    return out


def _fold(text: str) -> str:
    """Lower-case a–z only: accents stripped (é → e), ß → ss, everything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def text_distribution(text: str) -> FloatArray:
    """The empirical distribution of the letters a–z in ``text`` (accents folded).

    Example:
        >>> from xentlab import coding
        >>> p = coding.text_distribution("Éa!")
        >>> print(p[0], p[4])
        0.5 0.5
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    letters = _fold(text)
    if not letters:
        raise ValueError("text must contain at least one letter a-z, got none")
    counts = np.bincount([ord(ch) - ord("a") for ch in letters], minlength=len(ALPHABET))
    out: FloatArray = counts / counts.sum()
    return out


def huffman_code(
    probs: Sequence[float] | FloatArray, symbols: str = ALPHABET, ties: str = "first"
) -> dict[str, str]:
    """An optimal prefix code (Huffman, 1952) for ``symbols`` with probabilities ``probs``.

    Repeatedly merges the two least likely subtrees; ties are broken by creation order, the
    first made first (``ties="first"``) or the last made first (``"last"``), so the code is
    deterministic. Equal probabilities make several codes optimal: all have the same average
    length under ``probs``, but not under another distribution. Symbols of probability zero
    still get a code word.

    Example:
        >>> from xentlab.coding import huffman_code
        >>> code = huffman_code([0.5, 0.25, 0.125, 0.125], "abcd")
        >>> print(sorted((s, len(w)) for s, w in code.items()))
        [('a', 1), ('b', 2), ('c', 3), ('d', 3)]
    """
    p = np.asarray(probs, dtype=np.float64)
    if p.shape != (len(symbols),):
        raise ValueError(f"probs must have one entry per symbol ({len(symbols)}), got {p.shape}")
    if len(symbols) == 0:
        raise ValueError("symbols must not be empty")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError("probs must be finite and non-negative")
    if ties not in ("first", "last"):
        raise ValueError(f"ties must be 'first' or 'last', got {ties!r}")
    if len(symbols) == 1:
        return {symbols: "0"}
    sign = 1 if ties == "first" else -1
    # heap items: (probability, ± creation order, symbols under this subtree)
    heap: list[tuple[float, int, str]] = [
        (float(q), sign * i, s) for i, (q, s) in enumerate(zip(p, symbols, strict=True))
    ]
    heapq.heapify(heap)
    code = dict.fromkeys(symbols, "")
    order = len(symbols)
    while len(heap) > 1:
        q0, _, left = heapq.heappop(heap)
        q1, _, right = heapq.heappop(heap)
        for s in left:
            code[s] = "0" + code[s]
        for s in right:
            code[s] = "1" + code[s]
        heapq.heappush(heap, (q0 + q1, sign * order, left + right))
        order += 1
    return code


def kraft_sum(lengths: Sequence[int] | NDArray[Any]) -> float:
    """Σ 2^(−l): at most 1 for any prefix code, exactly 1 for a complete one such as Huffman's."""
    return float(np.sum(np.exp2(-np.asarray(lengths, dtype=np.float64))))


def average_code_length(
    probs: Sequence[float] | FloatArray, code: Mapping[str, str], symbols: str = ALPHABET
) -> float:
    """L = Σ p_i·len(code_i): expected bits per symbol when symbols follow ``probs``."""
    lengths = np.array([len(code[s]) for s in symbols], dtype=np.float64)
    return float(np.dot(np.asarray(probs, dtype=np.float64), lengths))


@dataclass(frozen=True)
class CodeRow:
    """One line of a code table."""

    letter: str
    probability: float
    code_word: str

    @property
    def length(self) -> int:
        return len(self.code_word)


def code_table(language: str) -> list[CodeRow]:
    """The Huffman code of ``language``'s letters, most frequent letter first."""
    p = letter_distribution(language)
    code = huffman_code(p)
    rows = [CodeRow(s, float(q), code[s]) for s, q in zip(ALPHABET, p, strict=True)]
    return sorted(rows, key=lambda r: (-r.probability, r.letter))


@dataclass(frozen=True)
class WrongCode:
    """Coding ``source`` text with the code built for ``code_language``, in bits per letter."""

    source: str
    code_language: str
    entropy: float  # H(A): the floor for any code of A
    cross_entropy: float  # H(A, B): bits of an ideal code for B (lengths −log2 b) used on A
    kl: float  # D_KL(A‖B) = H(A, B) − H(A)
    own_length: float  # L of A's own Huffman code on A:  H(A) ≤ L < H(A) + 1
    wrong_length: float  # L of B's Huffman code on A
    #: L of B's other optimal Huffman code (ties broken the other way) on A: equal unless ties
    #: in B's frequencies make the choice of code matter
    other_wrong_length: float = float("nan")
    #: letters of B that share their probability with another (the first such group)
    tied_letters: tuple[str, ...] = ()

    @property
    def tie_matters(self) -> bool:
        """Whether B's other optimal code gives A another average length, to the 4 decimals the
        page shows."""
        return f"{self.other_wrong_length:.4f}" != f"{self.wrong_length:.4f}"

    @property
    def extra_bits(self) -> float:
        """What the wrong code costs per letter over the right one."""
        return self.wrong_length - self.own_length


def wrong_code_cost(source: str, code_language: str) -> WrongCode:
    """Average code lengths of ``source`` letters under its own code and under another's.

    Example:
        >>> from xentlab.coding import wrong_code_cost
        >>> w = wrong_code_cost("French", "German")
        >>> print(w.entropy <= w.own_length < w.entropy + 1, w.wrong_length > w.own_length)
        True True
    """
    a, b = letter_distribution(source), letter_distribution(code_language)
    values, counts = np.unique(b[b > 0], return_counts=True)
    tied = values[counts > 1]
    letters = tuple(ALPHABET[i] for i in np.flatnonzero(b == tied[0])) if tied.size else ()
    return WrongCode(
        source=source,
        code_language=code_language,
        entropy=float(info.entropy(a, base=2)),
        cross_entropy=float(info.cross_entropy(a, b, base=2)),
        kl=float(info.kl_divergence(a, b, base=2)),
        own_length=average_code_length(a, huffman_code(a)),
        wrong_length=average_code_length(a, huffman_code(b)),
        other_wrong_length=average_code_length(a, huffman_code(b, ties="last")),
        tied_letters=letters,
    )


def rank_languages(text: str) -> list[tuple[str, float]]:
    """Languages ranked by the cross-entropy of ``text``'s letters under each, in bits per letter.

    The lowest cross-entropy is the model that would code this text in the fewest bits: a
    language guess.

    Example:
        >>> from xentlab.coding import rank_languages
        >>> print(rank_languages("Der schnelle braune Fuchs springt über den faulen Hund")[0][0])
        German
    """
    p = text_distribution(text)
    scores = [
        (lang, float(info.cross_entropy(p, letter_distribution(lang), base=2)))
        for lang in LANGUAGES
    ]
    return sorted(scores, key=lambda item: item[1])
