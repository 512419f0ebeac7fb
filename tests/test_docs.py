"""The documentation: the site builds strictly and offline, every public name has its entry in
the API reference, and every example in the pages and the README runs as shown.

Examples, by their fence:
- ``python``: executed, a page's blocks in order in one namespace, in an empty folder; a block
  whose first line is ``# not run: <why>`` is read, not run (it serves, or needs a front-end);
- ``pycon``: a doctest, outputs compared;
- ``bash``: every line that starts with ``xentlab`` is parsed by the command's real parser.
"""

from __future__ import annotations

import argparse
import doctest
import importlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import xentlab
from xentlab.cli import build_parser

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = [*sorted(DOCS.rglob("*.md")), README]
NOT_RUN = "# not run:"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<code>.*?)^(?P=indent)```", re.M | re.S
)


def _load(name: str) -> ModuleType:
    """One of the site's build modules in docs/ (they are run by MkDocs, not installed)."""
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blocks(page: Path, lang: str) -> list[str]:
    """The code of ``page``'s fenced blocks in ``lang``, dedented, in order."""
    found = []
    for m in _FENCE.finditer(page.read_text("utf-8")):
        if m["lang"] == lang:
            indent = len(m["indent"])
            found.append("".join(line[indent:] for line in m["code"].splitlines(keepends=True)))
    return found


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _with(lang: str) -> list[Path]:
    return [page for page in PAGES if blocks(page, lang)]


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """An empty working folder, left again afterwards."""
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


@pytest.mark.parametrize("page", _with("python"), ids=_name)
def test_the_python_examples_run(page: Path, elsewhere: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    ran = 0
    for i, code in enumerate(blocks(page, "python")):
        if code.lstrip().startswith(NOT_RUN):
            continue
        where = f"{_name(page)} (python block {i + 1})"
        # dont_inherit: the block is compiled as a reader's file would be, without this
        # module's ``from __future__ import annotations``
        exec(compile(code, where, "exec", dont_inherit=True), namespace)
        ran += 1
    assert ran, f"{_name(page)}: every python block is marked {NOT_RUN!r}"


@pytest.mark.parametrize("page", _with("pycon"), ids=_name)
def test_the_interactive_examples_print_what_they_show(page: Path, elsewhere: Path) -> None:
    parser, runner = (
        doctest.DocTestParser(),
        doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS),
    )
    globs: dict[str, object] = {}
    for i, code in enumerate(blocks(page, "pycon")):
        test = parser.get_doctest(code, globs, f"{_name(page)}[{i}]", str(page), 0)
        runner.run(test, clear_globs=False)  # a page's blocks share their names
    assert runner.summarize(verbose=False).failed == 0


def command_lines(page: Path) -> list[list[str]]:
    """Every ``xentlab …`` command in ``page``'s bash blocks, split as a shell would."""
    found = []
    for code in blocks(page, "bash"):
        for line in code.replace("\\\n", " ").splitlines():
            if "xentlab" not in line:
                continue
            words = shlex.split(line, comments=True)
            for command in _commands(words):
                if command and command[0] == "xentlab":
                    found.append(command[1:])
    return found


def _commands(words: list[str]) -> Iterator[list[str]]:
    """The simple commands of a shell line joined by ``&&``, ``||``, ``;`` or ``|``."""
    command: list[str] = []
    for word in words:
        if word in ("&&", "||", ";", "|"):
            yield command
            command = []
        else:
            command.append(word)
    yield command


@pytest.mark.parametrize("page", [p for p in PAGES if command_lines(p)], ids=_name)
def test_every_command_shown_is_one_the_parser_takes(page: Path) -> None:
    for args in command_lines(page):
        try:
            build_parser().parse_args(args)
        except SystemExit as exit:  # --help and --version exit 0 once parsed
            assert exit.code == 0, f"{_name(page)}: xentlab {shlex.join(args)}"


def test_the_readme_is_short_and_its_links_lead_somewhere() -> None:
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 150
    for target in re.findall(r"\]\((?!https?://|#)([^)#\s]+)", text):
        assert (ROOT / target).exists(), target


def test_the_changelog_names_the_version_the_package_carries() -> None:
    versions = re.findall(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert versions[0] == "Unreleased"
    assert versions[1] == xentlab.__version__


def test_every_section_page_lists_its_inputs_and_tasks() -> None:
    hooks = _load("hooks")
    for section in hooks.SECTIONS:
        page = hooks.section_page(section)
        content = section.content("en")
        for p in section.lesson.Inputs.params():
            assert f"| `{p.key}` |" in page, (section.key, p.key)
        for task in section.tasks:
            assert content["tasks"][task.key]["prompt"].format(**task.given).split()[-1] in page
        assert (DOCS / "images" / "sections" / f"{section.slug}.webp").is_file()


def test_the_command_line_page_has_every_option_of_every_command() -> None:
    reference = _load("hooks").cli_reference()
    parser = build_parser()
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += action.choices.values()
    for each in parsers:
        assert f"`{each.prog}`" in reference
        for action in each._actions:
            for flag in action.option_strings:
                assert f"`{flag}`" in reference, (each.prog, flag)


def offline() -> list[str]:
    """A command prefix that runs a program with no network (a user namespace of its own,
    util-linux's ``unshare``), where the machine allows it; else nothing."""
    probe = ["unshare", "--user", "--map-root-user", "--net", "true"]
    if shutil.which("unshare") and subprocess.run(probe, check=False).returncode == 0:
        return probe[:-1]
    return []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as CI builds it: strictly (a warning fails) and with no network."""
    out = tmp_path_factory.mktemp("site")
    build = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(out),
    ]
    done = subprocess.run(
        [*offline(), *build],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def documented(site: Path) -> set[str]:
    """The names the site's inventory gives an entry of their own (Sphinx's objects.inv)."""
    data = (site / "objects.inv").read_bytes()
    body = zlib.decompress(data.split(b"\n", 4)[4]).decode("utf-8")
    # "name domain:role priority uri dispname": priority 1 is the object's own entry
    return {line.split()[0] for line in body.splitlines() if line.split()[2] == "1"}


@pytest.mark.slow
@pytest.mark.parametrize("module", _load("griffe_rst").DOCUMENTED)
def test_every_public_name_has_its_entry(site: Path, module: str) -> None:
    names = documented(site)
    public = importlib.import_module(module).__all__
    assert module in names
    assert [n for n in public if f"{module}.{n}" not in names] == []


@pytest.mark.slow
def test_the_site_needs_nothing_from_the_internet(site: Path) -> None:
    fetched = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(https?:)?//""")
    for page in site.rglob("*.html"):
        assert not fetched.search(page.read_text("utf-8")), page.relative_to(site)
    assert "fonts.googleapis" not in "".join(p.read_text("utf-8") for p in site.rglob("*.css"))


@pytest.mark.slow
def test_every_section_has_its_page(site: Path) -> None:
    hooks = _load("hooks")
    for section in hooks.SECTIONS:
        html = (site / "explorer" / f"{section.slug}.html").read_text("utf-8")
        assert section.content("en")["title"] in html
        assert "<math" in html  # its formulas, as MathML written at build time
