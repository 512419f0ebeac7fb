"""Packaging by use: the library needs NumPy only; each other use names the extra it needs.

Each check runs in a fresh interpreter, where a package is made missing by putting None in
``sys.modules`` under its name (an import of it then raises ModuleNotFoundError, as if it
were not installed).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import xentlab
from xentlab import _version
from xentlab._src.extras import EXTRAS

PYPROJECT = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]

#: the packages of the extras (scikit-learn is imported as sklearn), and scipy, which
#: scikit-learn and matplotlib pull in
HEAVY = ("nicegui", "latex2mathml", "sklearn", "scipy", "matplotlib", "rich", "numba")


def python(code: str, *, without: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which the packages ``without`` are missing."""
    hide = "".join(f"sys.modules[{name!r}] = None\n" for name in without)
    return subprocess.run(
        [sys.executable, "-c", f"import sys\n{hide}{code}"],
        capture_output=True,
        text=True,
        check=False,
    )


def loaded_after(statement: str) -> list[str]:
    """The heavy packages present in ``sys.modules`` after ``statement`` in a fresh interpreter."""
    done = python(f"{statement}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))")
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.split() if name in HEAVY]


@pytest.mark.parametrize(
    "statement",
    ["import xentlab", "import xentlab.lab", "import xentlab.cli", "import xentlab.app"],
)
def test_importing_loads_no_web_plotting_training_or_numba_package(statement: str) -> None:
    assert loaded_after(statement) == []


def test_importing_the_lessons_loads_no_web_plotting_training_or_numba_package() -> None:
    assert loaded_after("import xentlab.course.lessons") == []


def test_the_extras_name_every_package_of_the_optional_dependencies() -> None:
    # pyproject.toml's extras, by distribution name, and EXTRAS, by module name, agree
    extras = PROJECT["optional-dependencies"]
    for extra, modules in EXTRAS.items():
        names = sorted(re.split("[<>=;]", r)[0].strip() for r in extras[extra])
        assert names == sorted("scikit-learn" if m == "sklearn" else m for m in modules), extra
    assert extras["all"] == ["xentlab[app,lab,fast]"]
    assert "xentlab[all]" in extras["dev"]


def test_the_library_needs_numpy_only() -> None:
    assert [re.split("[<>=;]", r)[0] for r in PROJECT["dependencies"]] == ["numpy"]


def test_the_version_is_written_once() -> None:
    assert PROJECT["dynamic"] == ["version"] and "version" not in PROJECT
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "xentlab._version.__version__"
    }
    assert xentlab.__version__ == _version.__version__


def test_without_numba_large_inputs_take_the_numpy_path() -> None:
    # 2^20 logits: the size at which the fused kernels would take over
    done = python(
        "import numpy as np, xentlab as xl\n"
        "x = np.zeros((1024, 1024))\n"
        "print(float(xl.cross_entropy(x, np.zeros(1024, dtype=np.int64))))\n"
        "print(float(np.log(1024)))",
        without=("numba",),
    )
    assert done.returncode == 0, done.stderr
    loss, expected = done.stdout.split()  # uniform logits: the loss is ln C
    assert float(loss) == pytest.approx(float(expected), rel=1e-12)


MAIN = "from xentlab.cli import main\nsys.exit(main({argv!r}))"


@pytest.mark.parametrize(
    ("argv", "without", "message"),
    [
        ([], "nicegui", 'the explorer needs the "app" extra: pip install "xentlab[app]"'),
        (
            ["serve"],
            "latex2mathml",
            'the explorer needs the "app" extra: pip install "xentlab[app]"',
        ),
        (["lab"], "sklearn", 'the lab needs the "lab" extra: pip install "xentlab[lab]"'),
        (["lab"], "matplotlib", 'the lab needs the "lab" extra: pip install "xentlab[lab]"'),
        (["lab"], "rich", 'the lab needs the "lab" extra: pip install "xentlab[lab]"'),
        (
            ["figures", "--out", "unused"],
            "matplotlib",
            'the figures command needs the "lab" extra: pip install "xentlab[lab]"',
        ),
    ],
)
def test_a_command_without_its_extra_says_which_to_install(
    argv: list[str], without: str, message: str
) -> None:
    done = python(MAIN.format(argv=argv), without=(without,))
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"xentlab: {message}\n")


def test_serving_with_python_m_names_the_extra_too() -> None:
    done = python("from xentlab.app.__main__ import main\nmain([])", without=("nicegui",))
    assert done.returncode == 1
    assert done.stderr == (
        'python -m xentlab.app: the explorer needs the "app" extra: pip install "xentlab[app]"\n'
    )


@pytest.mark.parametrize("argv", [["demo"], ["lab", "--help"], ["--version"]])
def test_commands_of_the_library_need_no_extra(argv: list[str]) -> None:
    done = python(MAIN.format(argv=argv), without=HEAVY)
    assert done.returncode == 0, done.stderr


def test_the_licence_is_declared_as_spdx_and_shipped() -> None:
    root = Path(__file__).parents[1]
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert (root / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    from importlib.metadata import metadata

    installed = metadata("xentlab")
    assert installed["License-Expression"] == "MIT"
    assert installed.get_all("License-File") == ["LICENSE"]


def test_every_data_file_of_the_package_is_declared_package_data() -> None:
    # a file under src/xentlab that is not Python ships only if package-data names it (an
    # editable install finds it anyway, so no other test would see it missing)
    source = Path(__file__).parents[1] / "src" / "xentlab"
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["xentlab"]
    data = {
        p
        for p in source.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }
    declared = {p for g in globs for p in source.glob(g) if p.is_file()}
    assert data, "no data files found"
    assert sorted(str(p.relative_to(source)) for p in data - declared) == []
