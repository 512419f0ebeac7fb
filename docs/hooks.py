"""Pages of the documentation site written at build time from the code they describe.

MkDocs runs this module as a hook (``hooks:`` in ``mkdocs.yml``):

- ``explorer/<slug>.md``, one page per registered section (``course.sections.SECTIONS``):
  what it teaches and its formulas (the page's own content, ``content/en/<key>.toml``), a
  screenshot, the table of its link's inputs from their declarations, and its tasks;
- the command line's reference, from ``xentlab.cli.build_parser()``, where ``cli.md`` says
  ``<!-- generated: command line -->``;
- the sections' formulas (``$$…$$`` and ``$…$`` in their content) as MathML, written here with
  latex2mathml: no script, no CDN.

Nothing here is typed twice: a new section, input, task or flag appears on the site by itself.
"""

from __future__ import annotations

import argparse
import os
import re
from typing import Any

from latex2mathml.converter import convert

from xentlab.cli import build_parser
from xentlab.course.params import Real
from xentlab.course.sections import SECTIONS, Section
from xentlab.course.tasks import Predict

#: where cli.md takes the generated reference
CLI_MARKER = "<!-- generated: command line -->"
#: the nav entry the section pages join, after its index page
EXPLORER = "The explorer"
#: the width the command line's usage lines are wrapped at
USAGE_COLUMNS = "92"

_BLOCK_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$(?!\$)")


def section_path(section: Section) -> str:
    """The generated page of ``section``, relative to docs/."""
    return f"explorer/{section.slug}.md"


def mathml(markdown: str) -> str:
    """``$$…$$`` (a block) and ``$…$`` (inline) formulas written as MathML."""
    block = _BLOCK_MATH.sub(
        lambda m: f'\n<div class="formula">{convert(m[1].strip(), display="block")}</div>\n',
        markdown,
    )
    return _INLINE_MATH.sub(lambda m: convert(m[1].strip()), block)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def inputs_table(section: Section) -> str:
    """The link's inputs of ``section``, from the lesson's declarations."""
    labels = section.content("en").get("labels", {})
    rows = [
        "| URL key | input | accepts | default |",
        "|---|---|---|---|",
    ]
    for p in section.lesson.Inputs.params():
        accepts = str(p.spec.expects)
        if isinstance(p.spec, Real):
            accepts += f", in steps of {p.spec.format(p.spec.step)}"
        label = labels.get(p.name)
        shown = f"`{p.name}`" + (f" ({_cell(label)})" if isinstance(label, str) else "")
        rows.append(
            f"| `{p.key}` | {shown} | {_cell(accepts)} | `{_cell(p.spec.format(p.default))}` |"
        )
    return "\n".join(rows)


def tasks_list(section: Section) -> str:
    """The tasks ``section`` asks, their prompts filled in with their declared numbers."""
    words = section.content("en")["tasks"]
    lines = []
    for i, task in enumerate(section.tasks, 1):
        kind = "Predict, then check" if isinstance(task, Predict) else "Make it happen"
        prompt = _cell(words[task.key]["prompt"].format(**task.given))
        lines.append(f"{i}. *{kind}.* {prompt}")
    return "\n".join(lines)


def section_page(section: Section) -> str:
    """The whole generated page of ``section``."""
    content = section.content("en")
    query = "&".join(f"{k}={v}" for k, v in section.lesson.Inputs().to_query().items())
    insights = "\n".join(f"- {_cell(line)}" for line in content.get("insights", []))
    return f"""# {section.number}. {content["title"]}

*{content["teaches"]}*

{mathml(content["intro"].strip())}

{mathml(content["formula"].strip())}

![§{section.number}, {content["title"]}, at its defaults](../images/sections/{section.slug}.webp)

Open it with `xentlab` at `/{section.slug}`, or in a notebook with
`xentlab.notebook.section("{section.key}")`.

## What to notice

{insights}

## Its link

The page keeps its state in its address, so a copied link shows what you see; at its
defaults: `/{section.slug}?{query}`. A value the table does not accept is replaced by its
default, and the page says so.

{inputs_table(section)}

## Its tasks

{tasks_list(section)}
"""


def _option_row(action: argparse.Action) -> str:
    flags = ", ".join(f"`{flag}`" for flag in action.option_strings)
    if action.metavar and action.option_strings:
        flags += f" `{action.metavar}`"
    elif action.choices is not None and action.option_strings:
        flags += " `{" + ",".join(map(str, action.choices)) + "}`"
    elif not action.option_strings:
        flags = f"`{action.metavar or action.dest}`"
    return f"| {flags} | {_cell(action.help or '')} |"


def parser_reference(parser: argparse.ArgumentParser, level: str) -> str:
    """One command's usage, options and examples, as its ``--help`` says them."""
    rows = [
        _option_row(a)
        for a in parser._actions
        if a.help != argparse.SUPPRESS and not isinstance(a, argparse._SubParsersAction)
    ]
    parts = [
        f"{level} `{parser.prog}`",
        parser.description or "",
        f"```text\n{parser.format_usage().strip()}\n```",
        "| argument | what it does |\n|---|---|\n" + "\n".join(rows),
    ]
    if parser.epilog:
        parts.append(f"```text\n{parser.epilog.strip()}\n```")
    return "\n\n".join(parts)


def cli_reference() -> str:
    """Every command of ``xentlab``, from the parser the command itself runs."""
    os.environ["COLUMNS"] = USAGE_COLUMNS  # argparse wraps usage lines at the terminal's width
    parser = build_parser()
    parts = [parser_reference(parser, "##")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parts += [parser_reference(sub, "##") for sub in action.choices.values()]
    return "\n\n".join(parts)


def on_config(config: Any) -> Any:
    """The section pages join the explorer's part of the navigation, in reading order."""
    for entry in config["nav"]:
        if isinstance(entry, dict) and EXPLORER in entry:
            entry[EXPLORER] += [
                {f"{s.number}. {s.content('en')['title']}": section_path(s)} for s in SECTIONS
            ]
    return config


def on_files(files: Any, config: Any) -> Any:
    """One generated page per section."""
    from mkdocs.structure.files import File

    for section in SECTIONS:
        files.append(File.generated(config, section_path(section), content=section_page(section)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """The command line's reference where a page asks for it."""
    return markdown.replace(CLI_MARKER, cli_reference()) if CLI_MARKER in markdown else markdown
