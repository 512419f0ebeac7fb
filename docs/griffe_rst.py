"""A griffe extension for the API reference: the docstrings' reST, as Markdown the site renders.

The docstrings are read by ``help()``, by doctest and by this site; they are written in Google
style with a few reST constructs, which this extension turns into what MkDocs renders, once, as
griffe loads each object:

- ``.. math:: <LaTeX>`` (continued on more-indented lines) becomes a MathML block, written
  here at build time with latex2mathml, so the site needs no script and no CDN for formulas;
- ``:func:`name``` and its kin become a link to the name's entry when the name is public
  (in the ``__all__`` of a documented module), else code;
- a doctest (``>>>`` lines and their output) becomes a ``pycon`` code block, so that its
  output is shown as output and never read as Markdown.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

import griffe
from latex2mathml.converter import convert

#: the modules whose public names the API reference documents
DOCUMENTED = (
    "xentlab",
    "xentlab.grad",
    "xentlab.info",
    "xentlab.conventions",
    "xentlab.calibration",
    "xentlab.notebook",
    "xentlab.lab",
)

_ROLE = re.compile(r":(?:func|class|mod|data|attr|meth|obj|exc):`~?([^`]+)`")
_MATH = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<latex>.*)$")


@cache
def public_names() -> frozenset[str]:
    """Every documented dotted name: the modules and each name in their ``__all__``."""
    names = set(DOCUMENTED)
    for module in DOCUMENTED:
        names.update(f"{module}.{name}" for name in importlib.import_module(module).__all__)
    return frozenset(names)


def _resolve(name: str) -> str | None:
    """The documented name ``name`` refers to, or None: a dotted name as written, or a bare
    name that exactly one documented module exports."""
    public = public_names()
    if name in public:
        return name
    matches = [f"{module}.{name}" for module in DOCUMENTED if f"{module}.{name}" in public]
    return matches[0] if len(matches) == 1 else None


def _role(match: re.Match[str]) -> str:
    name = match.group(1)
    target = _resolve(name)
    return f"[`{name}`][{target}]" if target else f"`{name}`"


def _math_blocks(lines: list[str]) -> list[str]:
    """``.. math::`` directives (and their more-indented continuation lines) as MathML."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _MATH.match(lines[i])
        if not found:
            out.append(lines[i])
            i += 1
            continue
        indent, latex = found["indent"], [found["latex"]]
        i += 1
        while i < len(lines) and lines[i].strip() and _indent(lines[i]) > len(indent):
            latex.append(lines[i].strip())
            i += 1
        mathml = convert(" ".join(latex), display="block")
        out += ["", f'{indent}<div class="formula">{mathml}</div>', ""]
    return out


def _doctests(lines: list[str]) -> list[str]:
    """Runs of ``>>>`` lines and their output (to the next blank line) fenced as ``pycon``."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith(">>>"):
            out.append(lines[i])
            i += 1
            continue
        indent = lines[i][: _indent(lines[i])]
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append(lines[i])
            i += 1
        out.append(f"{indent}```")
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def to_markdown(text: str) -> str:
    """A docstring's text with its reST roles, math and doctests made Markdown."""
    lines = _doctests(_math_blocks(text.splitlines()))
    return "\n".join(_ROLE.sub(_role, line) for line in lines)


class RstToMarkdown(griffe.Extension):
    """Rewrites each loaded object's docstring once (aliases share their target's)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
