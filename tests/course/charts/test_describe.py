"""A chart in words and as a table, from its options: every section's charts at random states."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.lessons import declared_states
from xentlab.course.charts.describe import ROWS_KEPT, describe, number, table
from xentlab.course.content import load
from xentlab.course.sections import SECTIONS, Section


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_the_words_name_every_current_point_and_each_curves_ends(
    s: Section, data: st.DataObject
) -> None:
    view = s.lesson.compute(data.draw(declared_states(s)))
    for lang in ("en", "zh"):
        words = load("ui", lang)["chart_text"]
        for chart in s.panel(view, lang).charts:
            text = describe(chart.options, words)
            numbers = table(chart.key, chart.options, words)
            for series in chart.options["series"]:
                points = [d for d in series.get("data") or [] if isinstance(d, list)]
                points = [d for d in points if all(isinstance(c, int | float) for c in d[:2])]
                if series["type"] == "scatter":
                    for x, y in (d[:2] for d in points):
                        assert f"= {number(x)}" in text and f"= {number(y)}" in text, text
                elif series["type"] == "line" and points:
                    assert number(points[0][1]) in text and number(points[-1][1]) in text
            assert len(numbers.body) <= ROWS_KEPT * len(chart.options["series"]) + 30
            assert all(len(row) == len(numbers.head) for row in numbers.body)


@pytest.mark.parametrize(
    ("x", "text"), [(0.5, "0.5"), (2.302585, "2.303"), (-1.5e-5, "−1.50e−5"), (3, "3"), (None, "—")]
)
def test_a_number_is_said_with_three_decimals_at_most_and_never_a_nonzero_as_zero(
    x: float | None, text: str
) -> None:
    assert number(x) == text
