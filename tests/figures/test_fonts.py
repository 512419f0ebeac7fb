"""Chinese figures (``xentlab figures --lang zh``): every word from content/zh, in a CJK font
(xentlab.figures.fonts).

CI installs Debian's ``fonts-noto-cjk`` (scripts/test.sh), so these tests draw real figures;
without the font, they fail with the one-line message that names the package.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from xentlab import cli, coding, figures
from xentlab.course.content import load
from xentlab.course.lessons import wrong_code
from xentlab.course.sections import SECTIONS, Section, section
from xentlab.figures import fonts as _fonts

MISSING = (
    "xentlab: Chinese figures need a CJK font: apt-get install fonts-noto-cjk (Debian/Ubuntu)\n"
)

CJK = re.compile(r"[\u3400-\u9fff]")
#: English words allowed in a Chinese figure: names of functions, number types and libraries
NAMES = {"log", "sum", "exp", "float", "logit", "softmax", "smooth", "PyTorch", "Keras"}
NAMES |= {"TensorFlow", "JAX", "optax"}


def leaves(en: Any, zh: Any) -> list[tuple[str, str]]:
    """The (English, Chinese) pairs of strings at the same place of two content files."""
    if isinstance(en, dict):
        return [pair for k in en for pair in leaves(en[k], zh[k])]
    if isinstance(en, list):
        return [pair for a, b in zip(en, zh, strict=True) for pair in leaves(a, b)]
    return [(en, zh)] if isinstance(en, str) else []


def english_pieces(s: Section) -> set[str]:
    """The English UI strings of a section and of the shell that Chinese translates, cut at
    their ``{placeholders}`` (a figure shows them formatted); pieces without a word aside."""
    pieces = set()
    for name in (s.key, "ui"):
        for en, zh in leaves(load(name), load(name, "zh")):
            if en == zh:  # a formula or a name, the same in both languages
                continue
            for literal in re.split(r"\{[^{}]*\}", en):
                if re.search(r"[A-Za-z]{3,}", literal):
                    pieces.add(literal.strip())
    return pieces


def drawn_texts(fig: Figure) -> list[str]:
    """Every string a drawn figure shows: titles, axis and tick labels, legends, annotations."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def draw_png(fig: Figure) -> list[str]:
    """Draw ``fig`` to PNG; the messages of the warnings that drawing raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=60)
    return [str(w.message) for w in caught]


def english(s: Section, texts: list[str]) -> list[str]:
    """The texts that hold an English UI string of the section (or of the shell) or an English
    word that is not a function's or a library's name; formulas in ``$…$`` aside."""
    pieces = english_pieces(s)
    found = []
    for text in texts:
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\$[^$]*\$", "", text))}
        if any(p in text for p in pieces) or not words <= {n.lower() for n in NAMES}:
            found.append(text)
    return found


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_a_chinese_figure_shows_no_english_and_misses_no_glyph(s: Section) -> None:
    fig = figures.render(s.key, lang="zh")
    assert draw_png(fig) == []  # a glyph missing from the fonts would warn here
    texts = drawn_texts(fig)
    assert any(CJK.search(t) for t in texts), texts
    assert english(s, texts) == []


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_the_english_check_flags_every_translated_text_of_an_english_figure(s: Section) -> None:
    en, zh = figures.render(s.key), figures.render(s.key, lang="zh")
    for fig in (en, zh):
        fig.draw_without_rendering()  # makes the tick labels
    texts = drawn_texts(en)
    translated = set(texts) - set(drawn_texts(zh))  # formulas, names and numbers stay
    assert f"{s.number}. {s.content()['title']}" in translated
    assert translated <= set(english(s, texts))


def test_the_glyph_check_can_fail() -> None:
    fig = Figure()
    fig.suptitle("交叉熵")  # DejaVu Sans alone has no Chinese glyph
    assert any("missing from font" in m for m in draw_png(fig))


def test_chinese_texts_use_dejavu_then_the_cjk_font_and_english_ones_the_default() -> None:
    family = _fonts.cjk_font()
    assert family is not None and "CJK" in family
    for text in figures.render("softmax_ce", lang="zh").findobj(Text):
        assert text.get_fontfamily() == ["DejaVu Sans", family]
    for text in figures.render("softmax_ce").findobj(Text):
        assert text.get_fontfamily() == ["sans-serif"]


def test_section_8_names_the_languages_in_the_figures_language() -> None:
    inputs = wrong_code.Inputs(source="German", code="Spanish")
    for lang, names in (("en", ["German", "Spanish"]), ("zh", ["德语", "西班牙语"])):
        (ax,) = figures.render("wrong_code", inputs, lang=lang).axes
        legend = ax.get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == names
    for lang in ("en", "zh"):  # a display name for each of the library's languages
        assert set(section("wrong_code").content(lang)["languages"]) == set(coding.LANGUAGES)


def test_section_7_names_the_unit_in_the_figures_language() -> None:
    from xentlab.course.lessons import entropy_kl

    for unit, en, zh in (
        ("bits", "information, bits", "信息量（比特）"),
        ("nats", "information, nats", "信息量（奈特）"),
    ):
        inputs = entropy_kl.Inputs(unit=unit)
        assert figures.render("entropy_kl", inputs).axes[1].get_xlabel() == en
        assert figures.render("entropy_kl", inputs, lang="zh").axes[1].get_xlabel() == zh


def test_cli_writes_every_chinese_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["figures", "--lang", "zh", "--out", str(tmp_path)]) == 0
    expected = [tmp_path / f"{s.number:02d}-{s.slug}.png" for s in SECTIONS]
    assert capsys.readouterr().out == "".join(f"wrote {p}\n" for p in expected)
    assert sorted(tmp_path.iterdir()) == expected
    for path in expected:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_a_cjk_font_the_cli_names_the_package_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fonts, "cjk_font", lambda: None)
    out = tmp_path / "figures"
    assert cli.main(["figures", "--lang", "zh", "--out", str(out)]) == 2
    assert capsys.readouterr() == ("", MISSING)
    assert not out.exists()
    with pytest.raises(
        figures.MissingFont,
        match=r"^Chinese figures need a CJK font: apt-get install fonts-noto-cjk ",
    ):
        figures.render("bce", lang="zh")
    assert figures.render("bce").axes  # English needs no other font


def test_cjk_font_prefers_simplified_chinese_then_any_cjk_family(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Entry:
        def __init__(self, name: str) -> None:
            self.name = name

    def installed(*names: str) -> None:
        entries = [Entry(n) for n in names]
        monkeypatch.setattr(_fonts.font_manager.fontManager, "ttflist", entries)

    installed("DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans Mono CJK SC")
    assert _fonts.cjk_font() == "Noto Sans CJK SC"
    installed("DejaVu Sans", "Noto Sans Mono CJK JP", "Noto Serif CJK JP")
    assert _fonts.cjk_font() == "Noto Serif CJK JP"
    installed("DejaVu Sans", "Noto Sans Mono CJK JP")
    assert _fonts.cjk_font() is None


def test_an_unknown_language_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["figures", "--lang", "fr", "--out", str(tmp_path / "x")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        "xentlab figures: error: argument --lang: invalid choice: 'fr' (choose from 'en', 'zh')"
    )
    with pytest.raises(ValueError, match=r"^lang must be one of en, zh, got 'fr'$"):
        figures.render("bce", lang="fr")
