"""Section 8's panel (xentlab.course.charts.wrong_code): the cost of the wrong code, the tie
note, the letter bars, the code table and the ranking of the languages on a text."""

from __future__ import annotations

import pytest

from xentlab import coding
from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

s = section("wrong_code")

#: the defaults, a tie that matters, the right code, a text that cannot be scored
CASES = [
    {},
    {"source": "German", "code": "Spanish"},
    {"source": "Spanish", "code": "Spanish", "text": "El perro duerme en la casa."},
    {"source": "English", "code": "French", "text": "12345"},
]


@pytest.mark.parametrize("changes", CASES)
def test_rows_are_the_cost_in_bits_labelled_by_the_content(changes: dict[str, str]) -> None:
    inputs = s.lesson.Inputs(**changes)
    v = s.lesson.compute(inputs)
    labels = load("wrong_code")["labels"]
    w = coding.wrong_code_cost(inputs.source, inputs.code)
    expected = {
        "entropy": fmt(w.entropy),
        "own_length": fmt(w.own_length),
        "cross_entropy": fmt(w.cross_entropy),
        "wrong_length": fmt(w.wrong_length),
        "kl": fmt_small(w.cross_entropy - w.entropy),
        "extra": fmt_small(w.wrong_length - w.own_length),
    }
    p = s.panel(v, "en")
    assert {r.key: r.text for r in p.rows} == expected
    assert all(r.label == labels[r.key] != r.key for r in p.rows)


def test_the_right_code_costs_nothing_extra() -> None:
    p = s.panel(s.lesson.compute(s.lesson.Inputs(source="German", code="German")), "en")
    assert p.row("kl").text == p.row("extra").text == "0.0000"


@pytest.mark.parametrize("changes", CASES)
def test_the_tie_note_and_the_texts_problem_only_when_there_is_one(
    changes: dict[str, str],
) -> None:
    inputs = s.lesson.Inputs(**changes)
    v = s.lesson.compute(inputs)
    notes = {n.key: n.text for n in s.panel(v, "en").notes}
    w = coding.wrong_code_cost(inputs.source, inputs.code)
    if w.tie_matters:
        assert notes["tie-note"] == (
            f"{' and '.join(w.tied_letters)} are equally frequent in {inputs.code}, so more "
            "than one Huffman code is optimal for it: with that tie broken the other way, "
            f"{inputs.source} text costs {fmt(w.other_wrong_length)} bits a letter instead "
            f"of {fmt(w.wrong_length)}."
        )
    else:
        assert "tie-note" not in notes
    if inputs.text == "12345":
        assert notes["text-problem"] == load("wrong_code")["labels"]["no_letters"]
    else:
        assert "text-problem" not in notes


def test_a_tie_that_matters_is_noted() -> None:
    p = s.panel(s.lesson.compute(s.lesson.Inputs(source="German", code="Spanish")), "en")
    assert {n.key for n in p.notes} == {"tie-note"}
    assert "4.3756" in p.notes[0].text and "4.3819" in p.notes[0].text


@pytest.mark.parametrize("changes", CASES)
def test_the_chart_draws_both_languages_letter_probabilities(changes: dict[str, str]) -> None:
    inputs = s.lesson.Inputs(**changes)
    options = s.panel(s.lesson.compute(inputs), "en").chart("chart").options
    by_id = {series["id"]: series for series in options["series"]}
    assert options["xAxis"]["data"] == list("abcdefghijklmnopqrstuvwxyz")
    for sid, language in (("source", inputs.source), ("code", inputs.code)):
        probs = coding.letter_distribution(language)
        assert by_id[sid]["name"] == language
        assert by_id[sid]["data"] == pytest.approx([float(q) for q in probs], abs=1e-5)


@pytest.mark.parametrize("changes", CASES)
def test_the_tables_hold_the_code_and_the_ranking(changes: dict[str, str]) -> None:
    inputs = s.lesson.Inputs(**changes)
    p = s.panel(s.lesson.compute(inputs), "en")
    code = next(t for t in p.tables if t.key == "code-table")
    assert code.caption == f"Huffman code of {inputs.code}"
    assert code.head == ("letter", "probability", "code word", "length")
    assert code.body == tuple(
        (r.letter, fmt_small(r.probability), r.code_word, str(r.length))
        for r in coding.code_table(inputs.code)
    )
    ranking = next(t for t in p.tables if t.key == "ranking")
    scored = [] if inputs.text == "12345" else coding.rank_languages(inputs.text)
    assert ranking.body == tuple(
        (language, f"{fmt(bits)} bits per letter") for language, bits in scored
    )


def test_a_rare_letters_probability_never_reads_zero() -> None:
    p = s.panel(s.lesson.compute(s.lesson.Inputs(code="Spanish")), "en")
    code = next(t for t in p.tables if t.key == "code-table")
    assert all(not cells[1].startswith("0.0000") for cells in code.body)


def test_the_panel_in_chinese() -> None:
    v = s.lesson.compute(s.lesson.Inputs(source="German", code="Spanish"))
    c = load("wrong_code", "zh")
    p = s.panel(v, "zh")
    assert p.row("extra").label == "每个字母多花的比特数"
    assert all(r.label == c["labels"][r.key] for r in p.rows)
    names = [series["name"] for series in p.chart("chart").options["series"]]
    assert names == ["德语", "西班牙语"]
    code = next(t for t in p.tables if t.key == "code-table")
    assert code.caption == "西班牙语的哈夫曼编码"
    assert p.notes[0].text.startswith("在西班牙语中 v 和 y 的频率相同")
    ranking = next(t for t in p.tables if t.key == "ranking")
    assert ranking.head == ("语言", c["labels"]["rank_bits"])
    assert all(row[1].endswith(" 比特/字母") for row in ranking.body)
