"""Fonts for figures in languages whose script DejaVu Sans (Matplotlib's default) lacks.

A Chinese figure is drawn with a fallback list, DejaVu Sans first and an installed CJK font
after it, set on that figure's texts only: numbers, symbols and formulas look as in the English
figures, and only the glyphs DejaVu lacks come from the CJK font.
"""

from __future__ import annotations

from matplotlib import font_manager

from xentlab.course.content import LANGUAGES

__all__ = ["CJK_FAMILIES", "FONT_HINTS", "MissingFont", "cjk_font", "families"]

#: CJK font families in order of preference (Simplified Chinese first); else any "CJK" family
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")

#: what to install when a language's script has no font, by language
FONT_HINTS = {
    "zh": "Chinese figures need a CJK font: apt-get install fonts-noto-cjk (Debian/Ubuntu)"
}


class MissingFont(RuntimeError):
    """No installed font can draw the language's script; the message names the package."""


def cjk_font() -> str | None:
    """The family name of an installed CJK font (from Matplotlib's font list), or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    cjk = sorted(name for name in installed if "CJK" in name and "Mono" not in name)
    return cjk[0] if cjk else None


def families(lang: str) -> list[str] | None:
    """The font families of a figure in ``lang``; None for Matplotlib's default (DejaVu Sans).

    Raises:
        ValueError: for a language the content does not have.
        MissingFont: when ``lang`` needs a font that is not installed.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    if lang not in FONT_HINTS:
        return None
    family = cjk_font()
    if family is None:
        raise MissingFont(FONT_HINTS[lang])
    return ["DejaVu Sans", family]  # a fallback list: a glyph DejaVu lacks comes from the next
