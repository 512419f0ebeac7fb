"""Every language holds the same content: the same keys, placeholders and list lengths."""

from __future__ import annotations

import re
import string
from importlib import resources
from typing import Any

import pytest

from xentlab.course.content import LANGUAGES, load

ROOT = resources.files("xentlab.course.content")
NAMES = sorted(
    p.name.removesuffix(".toml") for p in ROOT.joinpath("en").iterdir() if p.name.endswith(".toml")
)
OTHER = [lang for lang in LANGUAGES if lang != "en"]


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields a string is formatted with (LaTeX braces inside $…$ aside)."""
    outside_math = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "", text, flags=re.S)
    fields = set()
    try:
        for _, field, _, _ in string.Formatter().parse(outside_math):
            if field is not None:
                fields.add(field)
    except ValueError:  # a lone brace in prose: no format fields
        return set()
    return fields


def differences(en: Any, other: Any, where: str) -> list[str]:
    """Where ``other`` does not have the shape of ``en``: keys, list lengths, placeholders."""
    if isinstance(en, dict):
        if not isinstance(other, dict):
            return [f"{where}: a table in en"]
        out = [f"{where}.{k}: missing" for k in en if k not in other]
        out += [f"{where}.{k}: extra" for k in other if k not in en]
        for k in en.keys() & other.keys():
            out += differences(en[k], other[k], f"{where}.{k}")
        return out
    if isinstance(en, list):
        if not isinstance(other, list) or len(other) != len(en):
            return [f"{where}: a list of {len(en)} in en"]
        return [
            d
            for i, (a, b) in enumerate(zip(en, other, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    if isinstance(en, str):
        if not isinstance(other, str):
            return [f"{where}: a string in en"]
        if placeholders(en) != placeholders(other):
            return [f"{where}: placeholders {sorted(placeholders(en))} in en"]
        return []
    return [] if type(en) is type(other) else [f"{where}: a {type(en).__name__} in en"]


@pytest.mark.parametrize("lang", OTHER)
@pytest.mark.parametrize("name", NAMES)
def test_every_file_has_the_shape_of_english(lang: str, name: str) -> None:
    assert ROOT.joinpath(lang, f"{name}.toml").is_file(), f"content/{lang}/{name}.toml is missing"
    assert differences(load(name), load(name, lang), name) == []


def test_the_shape_check_can_fail() -> None:
    en = {"a": "x {n} $\\frac{a}{b}$", "b": [1, 2], "c": {"d": "y"}}
    other = {"a": "x $\\frac{a}{b}$", "b": [1], "c": {}, "e": ""}
    assert sorted(differences(en, other, "t")) == [
        "t.a: placeholders ['n'] in en",
        "t.b: a list of 2 in en",
        "t.c.d: missing",
        "t.e: extra",
    ]
    assert differences(en, {**en, "a": "{n} 与 $\\frac{a}{b}$"}, "t") == []
