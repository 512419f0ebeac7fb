"""Prose and UI strings of the explorer, one TOML file per section and language.

A translation is a folder of files next to ``en/``, not a code change.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "load"]

#: each language by the name its switch shows, in the switch's order
LANGUAGE_NAMES = {"en": "EN", "zh": "中文"}
LANGUAGES = tuple(LANGUAGE_NAMES)


@lru_cache(maxsize=64)
def load(name: str, lang: str = "en") -> dict[str, Any]:
    """The strings of ``name`` (a section module name, ``ui`` or ``home``) in ``lang``.

    Raises:
        ValueError: for an unknown language.
        FileNotFoundError: when there is no such content file.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    path = resources.files(__name__).joinpath(lang, f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))
