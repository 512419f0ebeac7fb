"""The package a user would install: built from this tree (sdist and wheel), checked by twine,
installed with its extras in a fresh virtual environment and used from a folder away from the
source tree, where nothing of the checkout can stand in for what the wheel forgot.

Slow (a build and an install from PyPI's cache): part of CI, not of the developer's loop.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

import xentlab
from support.machine import free_port, server_env
from support.served import stop_server, wait_until_ready
from xentlab.course.sections import SECTIONS

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src" / "xentlab"
PACKAGE_DATA = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
    "package-data"
]["xentlab"]

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=server_env(),  # a user's shell: no PYTEST_* variables
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The sdist and the wheel ``python -m build`` makes of this tree, and what it printed."""
    out = tmp_path_factory.mktemp("dist")
    done = run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=out)
    (sdist,), (wheel,) = out.glob("*.tar.gz"), out.glob("*.whl")
    return sdist, wheel, done.stdout + done.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, dist: tuple[Path, Path, str]) -> Path:
    """A fresh virtual environment holding the wheel with the extras a user would take."""
    home = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", home / "env", cwd=home)
    wheel = dist[1]
    run(home / "env/bin/pip", "install", "-q", f"{wheel}[app,lab,notebook]", cwd=home)
    return home / "env" / "bin"


#: setuptools' note when the interpreter writes no bytecode (PYTHONDONTWRITEBYTECODE): the
#: machine's setting, not the package's
NOT_OURS = "byte-compiling is disabled"


def test_the_build_warns_of_nothing(dist: tuple[Path, Path, str]) -> None:
    lines = [line for line in dist[2].splitlines() if re.search(r"(?i)warn", line)]
    assert [line for line in lines if NOT_OURS not in line] == [], dist[2][-3000:]


def test_twine_finds_the_metadata_and_readme_sound(dist: tuple[Path, Path, str]) -> None:
    sdist, wheel, _ = dist
    run(sys.executable, "-m", "twine", "check", "--strict", sdist, wheel, cwd=ROOT)


def test_the_wheel_carries_every_module_and_data_file(dist: tuple[Path, Path, str]) -> None:
    names = set(zipfile.ZipFile(dist[1]).namelist())
    modules = {p for p in SOURCE.rglob("*.py") if "__pycache__" not in p.parts}
    data = {p for pattern in PACKAGE_DATA for p in SOURCE.glob(pattern) if p.is_file()}
    wanted = {f"xentlab/{p.relative_to(SOURCE)}" for p in modules | data}
    assert sorted(wanted - names) == []
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in zipfile.ZipFile(dist[1]).read(metadata).decode()


def test_the_installed_command_answers_its_version(venv: Path, tmp_path: Path) -> None:
    done = run(venv / "xentlab", "--version", cwd=tmp_path)
    assert done.stdout == f"xentlab {xentlab.__version__}\n"
    where = run(venv / "python", "-c", "import xentlab; print(xentlab.__file__)", cwd=tmp_path)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


def test_the_installed_explorer_serves_a_chinese_page_with_its_charts(
    venv: Path, tmp_path: Path
) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "xentlab"), "serve", "--no-browser", "--port", str(port)],
        cwd=tmp_path,
        env=server_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/healthz", server)
        page = urllib.request.urlopen(f"{base}/binary?lang=zh", timeout=30).read().decode()
        assert SECTIONS[0].content("zh")["title"] in page
        # ECharts and the page's own scripts come from the installed packages, not a CDN
        scripts = re.findall(r"""["'](/_nicegui/[^"']+\.js)["']""", page)
        assert any("echart" in s for s in scripts) and any("chart_patch" in s for s in scripts)
        for script in scripts:
            with urllib.request.urlopen(base + script, timeout=30) as answer:
                assert answer.status == 200 and answer.read(), script
        assert not re.search(r"""(?:src|href)=["']https?://""", page)
    finally:
        stop_server(server)


def test_the_installed_notebook_widgets_import_and_compute(venv: Path, tmp_path: Path) -> None:
    code = (
        "import xentlab as xl, xentlab.notebook as xn\n"
        "w = xn.section('binary', yhat=0.3, y=0)\n"
        "print(float(w.view.loss), float(xl.binary_cross_entropy([0.3], [0.0])))\n"
    )
    widget, library = run(venv / "python", "-c", code, cwd=tmp_path).stdout.split()
    assert widget == library


def test_the_installed_figures_command_writes_every_section(venv: Path, tmp_path: Path) -> None:
    run(venv / "xentlab", "figures", "--out", "figures", cwd=tmp_path)
    written = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert len(written) == len(SECTIONS)
    assert all((tmp_path / "figures" / name).stat().st_size > 10_000 for name in written)
