"""Which language a page speaks: the link's ``lang``, else the server's ``--lang``, else the
browser's preferred languages (``Accept-Language``), else English.

A language the link names is kept in the link: the page's links and its rewritten address carry
it, so a shared link opens in the same language. A language chosen by the browser is not
written into links (another reader's browser chooses for them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from xentlab.course.content import LANGUAGES

__all__ = ["ENGLISH", "Language", "from_accept_language", "page_language"]


@dataclass(frozen=True)
class Language:
    """A page's language.

    Attributes:
        code: one of :data:`xentlab.course.content.LANGUAGES`.
        in_url: whether the page's address names it (``lang=…``).
    """

    code: str
    in_url: bool = False

    def query(self) -> dict[str, str]:
        """What the page's address says of its language: ``{"lang": code}`` or nothing."""
        return {"lang": self.code} if self.in_url else {}

    def link(self, path: str) -> str:
        """``path`` as a link that opens in this language when the address names it.

        Example:
            >>> Language("zh", in_url=True).link("/binary")
            '/binary?lang=zh'
            >>> Language("zh").link("/binary")
            '/binary'
        """
        return f"{path}?{urlencode(self.query())}" if self.in_url else path


ENGLISH = Language("en")


def from_accept_language(header: str) -> str | None:
    """The first language of an ``Accept-Language`` header that the explorer speaks, by
    quality (``zh-CN,zh;q=0.9,en;q=0.8`` → ``zh``); None when it names none.

    Example:
        >>> from_accept_language("fr-CH, fr;q=0.9, en;q=0.8, zh;q=0.95")
        'zh'
        >>> from_accept_language("de-DE") is None
        True
    """
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    quality = float(p[2:])
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, i, primary))
    return min(ranked)[2] if ranked else None


def page_language(
    query: Mapping[str, str], accept_language: str | None, default: str | None = None
) -> tuple[Language, tuple[str, ...]]:
    """The language of a page opened with ``query``, and ``("lang",)`` when the link named one
    the explorer does not speak (the page is then English, and says so in its notice).

    ``default`` is the server's ``--lang``: it decides for a link without ``lang``; without it
    the browser's preferred languages do.

    Example:
        >>> page_language({"lang": "zh"}, "en-US")
        (Language(code='zh', in_url=True), ())
        >>> page_language({}, "zh-CN,zh;q=0.9")
        (Language(code='zh', in_url=False), ())
        >>> page_language({"lang": "fr"}, "zh-CN")
        (Language(code='en', in_url=False), ('lang',))
    """
    if "lang" in query:
        if query["lang"] in LANGUAGES:
            return Language(query["lang"], in_url=True), ()
        return ENGLISH, ("lang",)
    if default is not None:
        return Language(default), ()
    chosen = from_accept_language(accept_language or "")
    return Language(chosen or "en"), ()
