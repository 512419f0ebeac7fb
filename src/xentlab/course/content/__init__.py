"""Prose and UI strings of the explorer, one TOML file per section and language.

A translation is a folder of files next to ``en/``, not a code change. The library's messages
are written in English beside the library (``xentlab/_src/messages.toml``); their translations
live here (``<lang>/problems.toml``) and are registered with the library on import.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache, partial
from importlib import resources
from typing import Any

from xentlab._src.messages import register_language

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


def _register_messages() -> None:
    for lang in LANGUAGES[1:]:  # English is the library's own
        register_language(lang, partial(load, "problems", lang))


_register_messages()
