"""Section 8 lesson (the cost of the wrong code): costs, ranking, link keys and text problems."""

from __future__ import annotations

import numpy as np

from xentlab import coding
from xentlab.course.lessons import (
    wrong_code,
)


def test_section8_costs_and_ranking() -> None:
    v = wrong_code.compute(
        wrong_code.Inputs(
            source="French",
            code="German",
            text="Le petit chat mange une pomme et regarde les oiseaux du jardin.",
        )
    )
    assert v.cost.entropy <= v.cost.own_length < v.cost.entropy + 1
    assert v.cost.wrong_length > v.cost.own_length
    assert v.table[0].letter == "e"
    assert v.ranking[0][0] == "French"
    empty = wrong_code.compute(wrong_code.Inputs(text="1234"))
    assert empty.text_problem == "no_letters" and empty.ranking == []


def test_section8_link_keys_and_text_problems() -> None:
    inputs = wrong_code.Inputs(source="German", code="Spanish", text="Hola, ¿qué tal?")
    assert inputs.to_query() == {"src": "German", "code": "Spanish", "text": "Hola, ¿qué tal?"}
    assert wrong_code.Inputs.from_query(inputs.to_query()) == (inputs, ())
    assert wrong_code.text_problem("x" * 2000) is None  # the longest text that is kept
    assert wrong_code.text_problem("x" * 2001) == "too_long"
    assert wrong_code.text_problem("1234 !") == "no_letters"


def test_section8_ranking_bars_are_in_proportion_to_the_best_language() -> None:
    text = "Der schnelle braune Fuchs springt über den faulen Hund"
    v = wrong_code.compute(wrong_code.Inputs(text=text))
    ranking = coding.rank_languages(text)
    assert v.ranking == ranking
    # the best language's bar spans 60 % of its row; each other one best / bits of that
    best = ranking[0][1]
    np.testing.assert_allclose(v.rank_widths, [60 * best / bits for _, bits in ranking])
    assert v.rank_widths[0] == 60
    assert wrong_code.compute(wrong_code.Inputs(text="1234")).rank_widths == []
