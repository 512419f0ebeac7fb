"""A real marimo app, served headless (``marimo run``), that shows a xentlab widget through
``mo.ui.anywidget``: what the notebook's marimo browser test starts.

marimo runs in a subprocess on a free port, with a temporary folder as its home (its config
and caches), no token, no browser and no update check.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support.machine import answers, free_port, stop_process

#: marimo's start and its first run of the app's cells can take long on a busy machine
READY_S = 120.0

#: a marimo app of one cell: ``{widget}`` is the expression of the xentlab widget it shows
APP = """import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    import xentlab.notebook as xn

    widget = mo.ui.anywidget({widget})
    widget
    return


if __name__ == "__main__":
    app.run()
"""


class MarimoError(RuntimeError):
    """marimo did not start; the message holds its log."""


@dataclass
class Marimo:
    """A running ``marimo run``: its address, its process and its log."""

    url: str
    process: subprocess.Popen[str]
    log: Path

    def fail(self, message: str) -> MarimoError:
        return MarimoError(f"{message}\n--- marimo's log ---\n{self.log.read_text()}")


def start(tmp: Path, widget: str) -> Marimo:
    """Serve a marimo app showing ``widget`` (a Python expression, e.g.
    ``xn.section("binary")``) from a file under ``tmp``; returns once it answers."""
    app = tmp / "app.py"
    app.write_text(APP.format(widget=widget), encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "home" / ".config"))
    env.update(MARIMO_SKIP_UPDATE_CHECK="1")
    cmd = [
        sys.executable,
        "-m",
        "marimo",
        "run",
        str(app),
        "--headless",
        "--no-token",
        "--no-sandbox",
        f"--port={port}",
        "--host=127.0.0.1",
    ]
    log = tmp / "marimo.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True, cwd=tmp
        )
    served = Marimo(f"http://127.0.0.1:{port}", process, log)
    problem = answers(served.url, process, READY_S)
    if problem:
        stop(served)
        raise served.fail(f"marimo {problem}")
    return served


def stop(served: Marimo) -> None:
    """Stop marimo and its kernel."""
    stop_process(served.process)
