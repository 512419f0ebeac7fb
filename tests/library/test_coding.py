"""Huffman codes and the cost of the wrong code."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xentlab import coding, info


@pytest.mark.parametrize("language", coding.LANGUAGES)
def test_huffman_code_of_each_language_is_complete_prefix_free_and_within_one_bit(
    language: str,
) -> None:
    p = coding.letter_distribution(language)
    code = coding.huffman_code(p)
    words = list(code.values())
    # prefix-free: no code word starts another
    assert not any(a != b and b.startswith(a) for a, b in itertools.permutations(words, 2))
    # Kraft equality: a Huffman tree is full, Σ 2^−l = 1
    assert coding.kraft_sum([len(w) for w in words]) == pytest.approx(1.0, abs=1e-15)
    h = float(info.entropy(p, base=2))
    length = coding.average_code_length(p, code)
    assert h <= length < h + 1


def test_huffman_matches_the_textbook_optimum() -> None:
    # p = (0.4, 0.2, 0.2, 0.1, 0.1): an optimal code has average length 2.2 bits
    # (e.g. lengths 1, 2, 3, 4, 4 or 2, 2, 2, 3, 3: 0.4 + 0.4 + 0.6 + 0.4 + 0.4 = 2.2)
    p = [0.4, 0.2, 0.2, 0.1, 0.1]
    code = coding.huffman_code(p, "abcde")
    assert coding.average_code_length(p, code, "abcde") == pytest.approx(2.2, abs=1e-12)


@given(st.lists(st.floats(0.001, 1.0), min_size=2, max_size=6))
def test_huffman_is_no_worse_than_any_complete_code_of_small_alphabets(
    weights: list[float],
) -> None:
    p = np.array(weights) / sum(weights)
    symbols = "abcdef"[: len(p)]
    best = coding.average_code_length(p, coding.huffman_code(p, symbols), symbols)
    # brute force over all length vectors with Kraft sum exactly 1 (max length n − 1)
    n = len(p)
    brute = min(
        float(np.dot(p, lengths))
        for lengths in itertools.product(range(1, n), repeat=n)
        if math.isclose(sum(2.0**-k for k in lengths), 1.0)
    )
    assert best == pytest.approx(brute, abs=1e-12)


def test_wrong_code_costs_the_kl_divergence_in_the_ideal_limit() -> None:
    for a, b in itertools.permutations(coding.LANGUAGES, 2):
        w = coding.wrong_code_cost(a, b)
        assert w.kl > 0
        assert w.cross_entropy == pytest.approx(w.entropy + w.kl, rel=1e-12)
        assert w.wrong_length > w.own_length  # the wrong code always loses here


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Le petit chat est sur la table et il mange une pomme avec plaisir, "
            "puis il regarde les oiseaux qui chantent dans le jardin.",
            "French",
        ),
        ("The quick brown fox jumps over the lazy dog near the river bank.", "English"),
        ("Der schnelle braune Fuchs springt über den faulen Hund.", "German"),
        ("El rápido zorro marrón salta sobre el perro perezoso.", "Spanish"),
    ],
)
def test_a_clear_sentence_ranks_its_language_first(text: str, language: str) -> None:
    ranking = coding.rank_languages(text)
    assert ranking[0][0] == language
    scores = [score for _, score in ranking]
    assert scores == sorted(scores)
    expected = info.cross_entropy(
        coding.text_distribution(text), coding.letter_distribution(language), base=2
    )
    assert ranking[0][1] == pytest.approx(float(expected), rel=1e-12)


def test_code_table_is_sorted_by_probability_with_lengths() -> None:
    rows = coding.code_table("English")
    assert rows[0].letter == "e"
    assert [r.probability for r in rows] == sorted((r.probability for r in rows), reverse=True)
    assert all(r.length == len(r.code_word) for r in rows)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: coding.text_distribution("1234 !?"),
            "text must contain at least one letter a-z, got none",
        ),
        (
            lambda: coding.letter_distribution("Klingon"),
            "language must be one of English, French, German, Spanish, got 'Klingon'",
        ),
    ],
)
def test_errors(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("code_language", coding.LANGUAGES)
def test_both_tie_rules_give_an_optimal_code_and_the_note_follows_them(code_language: str) -> None:
    b = coding.letter_distribution(code_language)
    first, last = coding.huffman_code(b), coding.huffman_code(b, ties="last")
    # both optimal for B: the same average length under B (Huffman's theorem)
    assert coding.average_code_length(b, first) == pytest.approx(
        coding.average_code_length(b, last), abs=1e-12
    )
    for source in coding.LANGUAGES:
        w = coding.wrong_code_cost(source, code_language)
        a = coding.letter_distribution(source)
        assert w.other_wrong_length == pytest.approx(coding.average_code_length(a, last))
        # the page's sentence is said exactly when the two differ where it shows them
        assert w.tie_matters == (f"{w.wrong_length:.4f}" != f"{w.other_wrong_length:.4f}")
        if w.tie_matters:
            assert len(w.tied_letters) >= 2
            assert len({float(b[ord(c) - ord("a")]) for c in w.tied_letters}) == 1
