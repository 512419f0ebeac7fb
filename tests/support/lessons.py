"""What the lesson tests share: the values a slider can take, and any section's inputs drawn
within their declarations (Hypothesis)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from xentlab.course.params import Choice, Real, Whole
from xentlab.course.sections import Section


def slider_values(rng: np.random.Generator, n: int) -> list[float]:
    """``n`` values the ŷ slider can take (whole hundredths in [0.01, 0.99])."""
    return [round(int(k) / 100, 2) for k in rng.integers(1, 100, size=n)]


@st.composite
def declared_states(draw: st.DrawFn, s: Section) -> Any:
    """Inputs of section ``s``: each slider, whole number and choice drawn within its declared
    range and steps (a whole number at most 50 above its lowest), the rest at their defaults;
    a combination the declaration refuses is skipped."""
    changes: dict[str, Any] = {}
    for p in s.lesson.Inputs.params():
        spec = p.spec
        if isinstance(spec, Real):
            k = draw(st.integers(0, round((spec.hi - spec.lo) / spec.step)))
            changes[p.name] = round(spec.lo + k * spec.step, 10)
        elif isinstance(spec, Whole):
            changes[p.name] = draw(st.integers(spec.lo, min(spec.hi, spec.lo + 50)))
        elif isinstance(spec, Choice):
            changes[p.name] = draw(st.sampled_from(list(spec.options)))
    try:
        return dataclasses.replace(s.lesson.Inputs(), **changes)
    except ValueError:
        assume(False)
