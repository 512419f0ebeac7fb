"""Messages in any language: the library's error messages and descriptions as key and values.

A :class:`Phrase` is a ``str`` (its English text, exactly as the library has always written
it, so the command line, ``str(exc)`` and every test read it unchanged) that also remembers the
template key and the values it was made from. The templates live once, in
``messages.toml`` beside this module (English); another language's templates reach the library
through :func:`register_language` (the course registers its Chinese ones when
:mod:`xentlab.course.content` is imported), so the library imports nothing above it.
:func:`translate` writes the same phrase in another registered language
(a value that is itself a phrase is translated too; numbers, file names and shapes stay as
they are). :class:`Problem` is the ``ValueError`` whose message is a phrase; a declared
parameter's refusal (:mod:`xentlab.course.params`), a :class:`~xentlab.course.params.Conflict` and a
:class:`~xentlab._src.extras.MissingExtra` keep their own classes with a phrase as the message,
and :func:`translate` reads them all alike.

Example:
    >>> where = Phrase("at_row", row=3)
    >>> exc = Problem("no_nan", name=Phrase("labels"), where=where)
    >>> str(exc)
    'labels must not contain NaN, got NaN at row 3'
    >>> import xentlab.course.content  # registers the Chinese templates
    >>> translate(exc, "zh")
    '标签中不能有 NaN，但第 3 行是 NaN'
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Phrase", "Problem", "register_language", "template", "templates", "translate"]

#: language → what reads its templates (English is the library's own)
_LANGUAGES: dict[str, Callable[[], Mapping[str, str]]] = {}


def register_language(lang: str, read: Callable[[], Mapping[str, str]]) -> None:
    """Let :func:`translate` write messages in ``lang``: ``read()`` returns its templates, one
    per key of the English ones with the same placeholders (read on first use, then kept)."""
    _LANGUAGES[lang] = read
    templates.cache_clear()


@cache
def templates(lang: str = "en") -> Mapping[str, str]:
    """Every template in ``lang``: English from ``messages.toml``, another language from what
    :func:`register_language` registered for it.

    Raises:
        ValueError: for a language nobody registered.
    """
    if lang == "en":
        text = resources.files(__package__).joinpath("messages.toml").read_text("utf-8")
        return tomllib.loads(text)
    if lang not in _LANGUAGES:
        known = ("en", *_LANGUAGES)
        raise ValueError(f"messages are written in {known}, got {lang!r}")
    return _LANGUAGES[lang]()


def template(key: str, lang: str = "en") -> str:
    """The template of ``key`` in ``lang``."""
    text = templates(lang)[key]
    assert isinstance(text, str), key
    return text


def _written(key: str, values: Mapping[str, Any], lang: str) -> str:
    shown = {k: translate(v, lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    return template(key, lang).format(**shown)


class Phrase(str):
    """Text made from the template ``key`` and ``values``: its ``str`` is the English text."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Phrase:
        phrase = super().__new__(cls, _written(key, values, "en"))
        phrase.key, phrase.values = key, dict(values)
        return phrase

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        return (self.key,), self.values

    def replacing(self, old: str, new: str) -> Phrase:
        """This phrase with every value (here or in a phrase within) equal to ``old`` replaced
        by ``new`` (the command line's ``--from-logits`` by the page's own words, say)."""
        values = {
            k: new
            if isinstance(v, str) and v == old
            else v.replacing(old, new)
            if isinstance(v, Phrase)
            else v
            for k, v in self.values.items()
        }
        return Phrase(self.key, **values)


class Problem(ValueError):
    """A ``ValueError`` whose message is the :class:`Phrase` of ``key`` and ``values``.

    ``str(exc)`` is the English message; ``translate(exc, lang)`` the message in ``lang``.
    """

    def __init__(self, key: str, /, **values: Any) -> None:
        # a Phrase alone: unpickled (the message is the exception's only argument)
        super().__init__(key if isinstance(key, Phrase) and not values else Phrase(key, **values))

    @property
    def phrase(self) -> Phrase:
        """The message as a phrase."""
        message = self.args[0]
        assert isinstance(message, Phrase)
        return message

    @property
    def key(self) -> str:
        """The template's key in ``problems.toml``."""
        return self.phrase.key

    @property
    def values(self) -> dict[str, Any]:
        """What fills the template's placeholders."""
        return self.phrase.values


def translate(text: object, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Phrase` (or an exception whose message is one, such as a
    :class:`Problem`) from that language's templates; any other text or exception as written.

    Example:
        >>> translate(Phrase("origin_paste"), "zh"), translate(ValueError("plain"), "zh")
        ('粘贴的文本', 'plain')
    """
    if isinstance(text, BaseException):
        text = text.args[0] if len(text.args) == 1 and isinstance(text.args[0], Phrase) else text
    if isinstance(text, Phrase):
        return _written(text.key, text.values, lang)
    return str(text)
