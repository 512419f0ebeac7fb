"""Every section's panel at random states: what the page, the notebook widget and the figure
draw of a View (xentlab.course.charts.panel)."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.lessons import declared_states
from xentlab.course.charts import fmt_small
from xentlab.course.sections import SECTIONS, Section

#: a text that reads as zero: 0.0000, −0.0000, 0.00 nats
READS_ZERO = re.compile(r"^[−-]?0\.0+(\s.*)?$")


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_panel_is_labelled_strict_json_and_never_reads_zero_for_a_nonzero(
    s: Section, data: st.DataObject
) -> None:
    inputs = data.draw(declared_states(s))
    view = s.lesson.compute(inputs)
    for lang in ("en", "zh"):
        panel = s.panel(view, lang)
        # section 10 shows a broken computation's NaN on purpose, in its content's words
        broken = s.content(lang)["labels"].get("broken", "\0")
        json.dumps(panel.to_json(), allow_nan=False)  # what the widget sends
        assert panel.charts
        for chart in panel.charts:
            assert all(series.get("id") for series in chart.options["series"]), chart.key
        for row in panel.rows:
            assert row.label and row.label != row.key, (s.key, row.key)
            assert row.text, (s.key, row.key)
            assert broken in row.text or "nan" not in row.text.lower(), (s.key, row.key, row.text)
            value = getattr(view, row.key, None)
            if isinstance(value, int | float) and READS_ZERO.match(row.text):
                assert value == 0, (s.key, row.key, value, row.text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_the_small_number_rule_never_writes_a_nonzero_as_zero(x: float) -> None:
    text = fmt_small(x)
    assert bool(READS_ZERO.match(text)) == (x == 0), (x, text)
    if x != 0 and abs(x) < 1e-3:
        assert math.isclose(float(text.replace("−", "-")), x, rel_tol=0.01)
