"""What counts as English on a page served in Chinese: a Latin-letter word of three letters or
more that the Chinese content itself never writes."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

#: an English word, as a scan of a page's text finds it
WORD = re.compile(r"[A-Za-z]{3,}")

#: a formula's ``\text{…}`` (prose, translated) and a ``{placeholder}`` (filled in): neither
#: makes its words Chinese content
NOT_SHOWN_AS_WRITTEN = re.compile(r"\\text\{[^}]*\}|(?<![\\A-Za-z0-9^_}])\{[a-z_]+(?:[:!][^}]*)?\}")


def strings(value: Any) -> list[str]:
    """Every string in a nested TOML (or chart options) value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@cache
def chinese_words() -> frozenset[str]:
    """The Latin-letter words the Chinese content writes: in code, in formulas' symbols (log,
    softmax) and in prose: names (PyTorch, Keras, Huffman), terms kept as written (logit,
    Focal Loss), file types (csv, npy). Any other English word on a Chinese page came from
    somewhere else: an untranslated string."""
    words: set[str] = set()
    folder = resources.files("xentlab.course.content").joinpath("zh")
    for file in folder.iterdir():
        if file.name.endswith(".toml"):
            for text in strings(tomllib.loads(file.read_text(encoding="utf-8"))):
                words.update(WORD.findall(NOT_SHOWN_AS_WRITTEN.sub(" ", text)))
    return frozenset(words)


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (see the module's docstring), sorted, once each."""
    return sorted(set(WORD.findall(text)) - chinese_words())
