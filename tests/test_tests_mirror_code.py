"""The tests mirror the code (issue 22): each test module tests one source module, package or
section, and sits in the folder of its package (tests/app/server/test_steps.py tests
src/xentlab/app/server/steps.py); no test module imports another (what two of them share lives
in tests/support/). A few suites are about the whole project, not one module: they are listed
below, each with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src" / "xentlab"

#: test folders whose source is not the folder of the same name under src/xentlab; a folder
#: not named here mirrors src/xentlab/<folder> (tests/app/pages → src/xentlab/app/pages)
SOURCES = {
    "library": ["", "_src"],  # the library's faces (xentlab/losses.py, ...) and their modules
    "lessons": ["course/lessons"],  # a section's lesson, by its key
    "browser": ["app"],  # a page (by its section key or module) or a part of the server
}

#: suites about the whole project, not one module (a folder ends with "/"), and why
CROSS_CUTTING = {
    "hostile/": "hostile links, forms, files and uploads against the whole explorer and CLI",
    "browser/test_layout.py": "every page at a phone's and a laptop's width, in each language",
    "browser/test_accessibility.py": "axe-core's WCAG 2.1 AA rules on every page and state",
    "browser/test_keyboard.py": "each section's main task done with the keyboard alone",
    "browser/test_reflow.py": "every page at 320 px (400 % zoom) and with WCAG's text spacing",
    "notebook/test_accessibility.py": "the notebook widget's output area under axe-core",
    "browser/test_screen_reader.py": "every page's accessibility tree, as a screen reader reads it",
    "notebook/test_example.py": "the example notebook (examples/) runs from top to bottom",
    "notebook/test_frontends.py": "a section's widget in JupyterLab, Notebook 7 and marimo",
    "library/test_public_api.py": "the public surface of xentlab and of every face, pinned",
    "library/test_properties.py": "Hypothesis identities that tie several modules together",
    "library/test_worked_numbers.py": "the design's worked numbers (sections 1-4), by hand",
    "test_chinese_text.py": "the Chinese text of every page as one text: glossary, spacing",
    "test_code_shape.py": "the length of every function and module in src/",
    "test_load_protocol.py": "the load benchmark's students speak the pages' protocol",
    "test_packaging.py": "the extras each use needs (pyproject.toml), in fresh processes",
    "test_docs.py": "the documentation site, its API reference and every example it shows",
    "test_wheel.py": "the built sdist and wheel, installed in a fresh virtual environment",
    "test_skips.py": "the conftest hooks: a missing reference skips, --fail-on-skip fails",
    "test_tests_mirror_code.py": "this check, over the whole tests/ folder",
}


def imported_test_modules(source: str) -> list[str]:
    """Every module named ``test_*`` (at any level of its dotted name) that ``source`` imports."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names.append(base)
            # ``from . import test_x`` and ``from package import test_x`` import modules too
            names += [f"{base}.{alias.name}" for alias in node.names]
    return [n for n in names if any(part.startswith("test_") for part in n.split("."))]


def module_names(folder: Path) -> set[str]:
    """The modules and packages under ``folder`` (itself included), a leading ``_`` dropped:
    ``_widget.py`` is tested by ``test_widget.py``."""
    paths = [folder, *folder.rglob("*.py"), *(p for p in folder.rglob("*") if p.is_dir())]
    stems = {p.stem for p in paths if p.name not in ("__init__.py", "__main__.py")}
    return {s.lstrip("_") for s in stems if s.lstrip("_") and s != "__pycache__"}


def section_keys() -> set[str]:
    return {p.stem for p in (SRC / "course" / "lessons").glob("*.py") if not p.stem.startswith("_")}


def unmirrored(test: Path, tests: Path = TESTS, src: Path = SRC) -> str | None:
    """Why the test module at ``test`` names no module of its folder's source, or None."""
    relative = test.relative_to(tests)
    if relative.parent == Path("."):
        return "a test of one module goes in the folder of its package, not tests/ itself"
    folder = relative.parts[0]
    subfolder = Path(*relative.parts[1:-1])
    sources = [src / s / subfolder for s in SOURCES.get(folder, [folder])]
    existing = [s for s in sources if s.is_dir()]
    if not existing:
        return f"no source folder {', '.join(str(s.relative_to(src.parent)) for s in sources)}"
    name = test.stem.removeprefix("test_")
    if folder in SOURCES and "" in SOURCES[folder]:  # the faces: the top folder's own modules
        known = {p.stem for p in src.glob("*.py")} | module_names(existing[-1])
    else:
        known = set().union(*(module_names(s) for s in existing))
    if name in known:
        return None
    return f"{name!r} is no module or package of {', '.join(str(s) for s in existing)}"


def allowed(relative: Path) -> bool:
    text = relative.as_posix()
    return text in CROSS_CUTTING or any(
        key.endswith("/") and text.startswith(key) for key in CROSS_CUTTING
    )


ALL_PY = sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)
TEST_MODULES = sorted(p for p in ALL_PY if p.name.startswith("test_"))


def test_no_test_module_imports_another() -> None:
    found = {
        str(p.relative_to(TESTS)): bad
        for p in ALL_PY
        if (bad := imported_test_modules(p.read_text("utf-8")))
    }
    assert found == {}, "move what they share into tests/support/"


def test_every_test_module_names_its_module_or_is_a_listed_suite() -> None:
    found = {
        str(p.relative_to(TESTS)): why
        for p in TEST_MODULES
        if not allowed(p.relative_to(TESTS)) and (why := unmirrored(p))
    }
    assert found == {}


def test_every_listed_suite_exists() -> None:
    missing = [key for key in CROSS_CUTTING if not (TESTS / key).exists()]
    assert missing == []


def test_the_section_keys_are_the_lessons() -> None:
    from xentlab.course.sections import SECTIONS

    assert {s.key for s in SECTIONS} == section_keys()


# ---- the checks can fail ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "import test_explorer",
        "from test_torch_reference import DTYPES",
        "from library.test_fused import kernel",
        "from . import test_fused",
        "def f():\n    from test_fused import kernel\n",
    ],
)
def test_an_import_of_a_test_module_is_found(source: str) -> None:
    assert imported_test_modules(source) != []


def test_imports_of_support_and_of_the_code_pass() -> None:
    source = "import pytest\nfrom support.machine import free_port\nfrom xentlab import losses\n"
    assert imported_test_modules(source) == []


def test_a_test_module_that_names_no_module_is_found(tmp_path: Path) -> None:
    src, tests = tmp_path / "src" / "xentlab", tmp_path / "tests"
    for path in ["app/server/steps.py", "app/__init__.py", "losses.py", "_src/binary.py"]:
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).touch()
    good = ["app/server/test_steps.py", "app/test_app.py", "library/test_binary.py"]
    good += ["library/test_losses.py", "browser/test_steps.py"]
    bad = ["app/server/test_pages_7_to_12.py", "app/test_cheap_steps.py", "test_steps.py"]
    bad += ["library/test_torch_reference.py", "nowhere/test_steps.py"]
    assert [unmirrored(tests / p, tests, src) for p in good] == [None] * len(good)
    assert all(unmirrored(tests / p, tests, src) for p in bad)
