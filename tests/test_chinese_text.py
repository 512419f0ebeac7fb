"""The Chinese pages read as one text: one word per concept (content/glossary.toml), each
gloss at most once per page, no half-width space where Chinese typography has none, and every
bold run-in head still bold once such a space is gone.

A page's strings are its content/zh/<key>.toml, every string in its nested tables and lists,
except frameworks.toml's [code] table (Python snippets, comments included)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from importlib import resources
from typing import Any

import pytest

from xentlab.course.content import load

CONTENT = resources.files("xentlab.course.content")
NAMES = sorted(
    p.name.removesuffix(".toml")
    for p in CONTENT.joinpath("zh").iterdir()
    if p.name.endswith(".toml")
)
GLOSSARY: dict[str, dict[str, Any]] = tomllib.loads(
    CONTENT.joinpath("glossary.toml").read_text(encoding="utf-8")
)["terms"]

#: top-level tables that are not prose, by file
NOT_PROSE = {"frameworks": {"code"}}

#: placeholders whose value is Chinese words, by file: filled in before the spacing check, so
#: that the Lab's "{name} 在第 2 轮" is read as the page shows it, "交叉熵 在第 2 轮"
CHINESE_FIELDS = {
    "applications": ("unit",),
    "lab": ("name",),
    "predictions": ("what", "kind", "source", "shape"),
    "problems": ("what", "loss", "where", "kind", "expects"),
    "wrong_code": ("language", "source", "code"),
}

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Chinese (full-width) punctuation: it carries its own spacing, so no space goes beside it
PUNCTUATION = "，。、：；！？（）「」『』《》〈〉【】〔〕“”"
CJK = f"[{IDEOGRAPH}{PUNCTUATION}]"
STRAY = [
    ("after Chinese punctuation", re.compile(f"(?<=[{PUNCTUATION}])[ \t]+")),
    ("before Chinese punctuation", re.compile(f"[ \t]+(?=[{PUNCTUATION}])")),
    ("between Chinese characters", re.compile(f"(?<={CJK})[ \t]+(?={CJK})")),
]
CODE_SPAN = re.compile(r"`[^`\n]*`")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def prose(value: Any, where: str = "") -> list[tuple[str, str]]:
    """Every string in a nested TOML value, each with where it is (``cards[4].text``)."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in prose(v, f"{where}.{k}" if where else k)]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in prose(v, f"{where}[{i}]")]
    return []


def page(name: str) -> list[tuple[str, str]]:
    """The strings of content/zh/``name``.toml a reader sees."""
    skip = NOT_PROSE.get(name, set())
    return prose({k: v for k, v in load(name, "zh").items() if k not in skip})


def rendered(text: str, chinese_fields: tuple[str, ...] = ()) -> str:
    """``text`` as a page shows it: within a paragraph each line break becomes a space (as
    Markdown joins the lines of a paragraph), blank-line paragraph breaks stay, bold markers go
    and each placeholder in ``chinese_fields`` is filled with Chinese words."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip("\n"))
    text = "\n\n".join(re.sub(r"[ \t]*\n[ \t]*", " ", p) for p in paragraphs)
    for field in chinese_fields:
        text = re.sub(rf"\{{{field}(?:[!:][^{{}}]*)?\}}", "交叉熵", text)
    return text.replace("**", "")


def stray_spaces(text: str) -> list[str]:
    """Each half-width space of a rendered ``text`` that Chinese typography does not have, as
    the text around it (a space between Chinese and a Latin letter, digit or formula is fine)."""
    found: dict[int, str] = {}  # by where the space starts: each space once
    for what, pattern in STRAY:
        for m in pattern.finditer(text):
            around = text[max(m.start() - 8, 0) : m.end() + 8]
            found.setdefault(m.start(), f"{what}: {around!r}")
    return [found[start] for start in sorted(found)]


def is_punctuation(c: str) -> bool:
    return unicodedata.category(c)[0] in "PS"


def broken_bold(text: str) -> list[str]:
    """Each ``**…**`` that Markdown (markdown2, CommonMark's rule) leaves as asterisks: a run
    that ends in punctuation must be followed by a space, punctuation or the end of the line,
    and one that starts with punctuation must follow one of them ("**读图。**如果" stays
    unbold; "**读图**：如果" is bold)."""
    broken = []
    for m in BOLD.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        inner = m.group(1)
        closes = not is_punctuation(inner[-1]) or after.isspace() or is_punctuation(after)
        opens = not is_punctuation(inner[0]) or before.isspace() or is_punctuation(before)
        if not (opens and closes):
            broken.append(text[max(m.start() - 4, 0) : m.end() + 4])
    return broken


def whole_word(term: str) -> re.Pattern[str]:
    """``term``, as a whole word where it starts or ends with a Latin letter or digit."""
    ascii_word = re.compile(r"[A-Za-z0-9]")
    head = r"(?<![A-Za-z0-9_])" if ascii_word.match(term[0]) else ""
    tail = r"(?![A-Za-z0-9_])" if ascii_word.match(term[-1]) else ""
    return re.compile(head + re.escape(term) + tail)


def avoided(text: str) -> list[str]:
    """The glossary's avoided terms that ``text`` uses, outside inline code and glosses."""
    text = CODE_SPAN.sub(" ", text)
    for entry in GLOSSARY.values():
        if "gloss" in entry:
            text = text.replace(entry["gloss"], " ")
    return [
        f"{term!r} (write {entry['zh']!r})"
        for entry in GLOSSARY.values()
        for term in entry["avoid"]
        if whole_word(term).search(text)
    ]


def test_the_glossary_names_each_term_and_what_to_avoid() -> None:
    for key, entry in GLOSSARY.items():
        assert set(entry) <= {"en", "zh", "gloss", "avoid"}, key
        assert isinstance(entry["en"], str) and isinstance(entry["zh"], str), key
        assert entry["avoid"] and all(isinstance(t, str) and t for t in entry["avoid"]), key
        assert entry.get("gloss", entry["zh"]).startswith(entry["zh"]), key
        assert avoided(entry["zh"]) == [], key  # the chosen word is not also avoided


@pytest.mark.parametrize("name", NAMES)
def test_a_chinese_page_writes_one_term_per_concept(name: str) -> None:
    found = [f"{where}: {term}" for where, text in page(name) for term in avoided(text)]
    assert found == []


@pytest.mark.parametrize("name", NAMES)
def test_a_term_is_glossed_at_most_once_per_page(name: str) -> None:
    texts = [CODE_SPAN.sub(" ", text) for _, text in page(name)]
    glosses = [entry["gloss"] for entry in GLOSSARY.values() if "gloss" in entry]
    counts = {gloss: sum(text.count(gloss) for text in texts) for gloss in glosses}
    assert {gloss: n for gloss, n in counts.items() if n > 1} == {}


@pytest.mark.parametrize("name", NAMES)
def test_no_stray_space_in_rendered_chinese(name: str) -> None:
    fields = CHINESE_FIELDS.get(name, ())
    found = [
        f"{where}: {stray}"
        for where, text in page(name)
        for stray in stray_spaces(rendered(text, fields))
    ]
    assert found == []


@pytest.mark.parametrize("name", NAMES)
def test_every_bold_run_stays_bold(name: str) -> None:
    found = [f"{where}: {bold!r}" for where, text in page(name) for bold in broken_bold(text)]
    assert found == []


def test_the_checks_can_fail() -> None:
    intro = "下面是\n对数几率（logit），一\n二。\n\n**读图。** 每根柱子"
    assert rendered(intro) == "下面是 对数几率（logit），一 二。\n\n读图。 每根柱子"
    assert len(stray_spaces(rendered(intro))) == 3  # 是 对, 一 二 and 。 每
    assert stray_spaces("第 2 行，共 3 个 logit；`xentlab` 库，ŷ = 0.5 时") == []
    assert stray_spaces(rendered("{name} 在第 2 轮", ("name",))) != []
    assert stray_spaces(rendered("{name} 在第 2 轮")) == []  # a file name, say: Latin
    assert broken_bold("**读图。**如果") == ["**读图。**如果"]
    assert broken_bold("**读图**：如果，**{limit}**。按**可靠性图**把") == []
    assert avoided("二路 softmax 的对数几率与 logits") == [
        "'对数几率' (write 'logit')",
        "'logits' (write 'logit')",
        "'二路' (write '二分类 softmax')",
    ]
    assert avoided("焦点损失 (Focal Loss) 与批量大小") == [
        "'批量大小' (write '批大小')",
        "'(Focal Loss)' (write '焦点损失')",
    ]
    glossed = "logit（对数几率），`from_logits=True`，with_logits，焦点损失（Focal Loss）"
    assert avoided(glossed) == []
