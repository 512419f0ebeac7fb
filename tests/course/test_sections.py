"""The section registry: every section is complete, and every reader takes the list from it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from xentlab.course.params import Declared
from xentlab.course.sections import SECTIONS, Section, section

IDS = [s.key for s in SECTIONS]


#: the reading order of the product brief (shared/README.md, "The explorer's sections"), with
#: section 13 after it: written here by hand, so that a reordered registry fails
BRIEF_ORDER = [
    "bce",
    "softmax_ce",
    "ce_vs_mse",
    "slow_mse",
    "likelihood",
    "binary_vs_categorical",
    "entropy_kl",
    "wrong_code",
    "landscape",
    "stability",
    "imbalance",
    "applications",
    "frameworks",
]


def test_numbers_slugs_and_keys_are_unique_and_in_order() -> None:
    # (the numbers come from the registry's order: what can go wrong is the order itself)
    assert [(s.number, s.key) for s in SECTIONS] == list(enumerate(BRIEF_ORDER, start=1))
    assert len({s.slug for s in SECTIONS}) == len({s.key for s in SECTIONS}) == len(SECTIONS)
    assert section("binary") is section("bce") is SECTIONS[0]
    with pytest.raises(ValueError, match=r"^section must be one of bce, softmax_ce, .*got 'x'$"):
        section("x")


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
def test_each_section_has_content_lesson_page_and_panel(s: Section) -> None:
    content = s.content()
    for key in ("title", "teaches", "intro", "formula", "insights"):
        assert content[key], key
    assert issubclass(s.lesson.Inputs, Declared)
    assert callable(s.layout())
    panel = s.panel(s.lesson.compute(s.lesson.Inputs()))
    assert panel.charts and (panel.rows or panel.tables), s.key


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
def test_defaults_round_trip_through_the_url(s: Section) -> None:
    inputs = s.lesson.Inputs()
    assert s.lesson.Inputs.from_query(inputs.to_query()) == (inputs, ())
    assert s.lesson.Inputs.from_query({}) == (inputs, ())
    declared = {p.name for p in s.lesson.Inputs.params()}
    assert declared == {f.name for f in dataclasses.fields(s.lesson.Inputs)}
    keys = [p.key for p in s.lesson.Inputs.params()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("s", SECTIONS, ids=IDS)
def test_every_declared_value_is_rejected_by_its_key(s: Section) -> None:
    # a value no declared kind accepts: the link falls back to the defaults and names each key
    query = {p.key: "\x00" for p in s.lesson.Inputs.params() if p.spec.expects[:6] != "a text"}
    inputs, bad = s.lesson.Inputs.from_query(query)
    assert inputs == s.lesson.Inputs()
    assert sorted(bad) == sorted(query)


def test_importing_the_registry_loads_no_web_or_plotting_package() -> None:
    code = (
        "import sys, xentlab.course.sections; "
        "print(sorted(m for m in ('nicegui', 'matplotlib', 'sklearn', 'numba', 'rich') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
