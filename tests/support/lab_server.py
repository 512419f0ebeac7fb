"""A real JupyterLab or Jupyter Notebook 7, started headless, and a notebook cell run through its
UI: what the notebook's browser tests and its latency benchmark (benchmarks/notebook_latency.py)
share.

JupyterLab (or Notebook 7, built from JupyterLab's parts: the same cells, the same widget
manager) runs in a subprocess on a free port with a temporary folder as its root (and for its
settings, workspaces and runtime files), no token, no browser, and no look-ups of news or
updates. Chromium is the Debian package, as for the explorer's browser tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

from support.machine import answers, free_port, stop_process

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: JupyterLab's start (its extensions, the build check) and a kernel's can take long on a busy
#: machine
READY_S = 180.0


class LabError(RuntimeError):
    """JupyterLab or its kernel did not start, or a cell did not run; the message holds its log."""


@dataclass
class Lab:
    """A running JupyterLab: its address, its root folder, its process and its log."""

    url: str
    root: Path
    process: subprocess.Popen[str]
    log: Path
    #: "jupyterlab" or "notebook" (Jupyter Notebook 7)
    app: str = "jupyterlab"

    def notebook(self, name: str, *cells: str) -> str:
        """Write a notebook of code ``cells`` under the root; returns its address in the UI."""
        nb = {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"cell-{i}",
                    "metadata": {},
                    "outputs": [],
                    "source": source,
                }
                for i, source in enumerate(cells)
            ],
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (self.root / name).write_text(json.dumps(nb), encoding="utf-8")
        if self.app == "notebook":
            return f"{self.url}/notebooks/{name}"
        # reset: the page opens this notebook alone (not the tabs a page before left open)
        return f"{self.url}/lab/tree/{name}?reset"

    def sessions(self) -> list[dict[str, Any]]:
        """The open notebooks' sessions (path and kernel), as the server's REST API lists them."""
        with urllib.request.urlopen(f"{self.url}/api/sessions", timeout=5) as response:
            sessions: list[dict[str, Any]] = json.load(response)
        return sessions

    def fail(self, message: str) -> LabError:
        return LabError(f"{message}\n--- JupyterLab's log ---\n{self.log.read_text()}")


#: a server configuration that sends each kernel websocket message at once (TCP_NODELAY):
#: Jupyter Server leaves Nagle's algorithm on, so a small message written while another is
#: unacknowledged waits for the browser's delayed acknowledgement (~40 ms on Linux)
NODELAY = """
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_nodelay(self, *args, **kwargs):
    self.set_nodelay(True)
    return await _open(self, *args, **kwargs)


KernelWebsocketHandler.open = _open_nodelay
"""


def start(tmp: Path, *, nodelay: bool = False, app: str = "jupyterlab") -> Lab:
    """Start JupyterLab (``app="notebook"``: Jupyter Notebook 7) on a free port with a folder
    under ``tmp`` as its root; returns once its API answers. ``nodelay`` turns Nagle's
    algorithm off on the kernel websockets (see :data:`NODELAY`; the benchmark measures both)."""
    port = free_port()
    root, home = tmp / "root", tmp / "home"
    root.mkdir()
    if nodelay:
        (home / "config").mkdir(parents=True)
        (home / "config" / "jupyter_server_config.py").write_text(NODELAY)
    # no news or update prompt (the server would fetch them from jupyter.org)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    quiet = {"fetchNews": "false", "checkForUpdates": False}
    (settings / "notification.jupyterlab-settings").write_text(json.dumps(quiet))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
    )
    server = "LabApp" if app == "jupyterlab" else "JupyterNotebookApp"
    cmd = [
        sys.executable,
        "-m",
        app,
        "--no-browser",
        "--allow-root",  # CI machines often run as root
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--ServerApp.terminals_enabled=False",
        f"--{server}.user_settings_dir={home / 'settings'}",
        f"--{server}.workspaces_dir={home / 'workspaces'}",
        *(
            [
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
            ]
            if app == "jupyterlab"
            else []
        ),
    ]
    log = tmp / f"{app}.log"
    with log.open("w") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    lab = Lab(f"http://127.0.0.1:{port}", root, process, log, app)
    problem = answers(f"{lab.url}/api", process, READY_S)
    if problem:
        stop(lab)
        raise lab.fail(f"{app} {problem}")
    return lab


def stop(lab: Lab) -> None:
    """Stop JupyterLab and its kernels."""
    stop_process(lab.process)


def wait_for_kernel(lab: Lab, path: str, timeout: float = READY_S) -> None:
    """Wait until the kernel of the notebook ``path`` is idle with a page connected to it
    (JupyterLab's UI drops a cell run before that)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            sessions = lab.sessions()
        except OSError:  # the API answers 500 while a kernel is half started
            sessions = []
        for session in sessions:
            kernel = session.get("kernel") or {}
            if (
                session.get("path") == path
                and kernel.get("execution_state") == "idle"
                and kernel.get("connections")
            ):
                return
        time.sleep(0.25)
    raise lab.fail(f"no kernel ready for {path} after {timeout:.0f} s")


def run_first_cell(
    page: Page,
    lab: Lab,
    url: str,
    ready: str = ".xl-nb[data-ready='true']",
    timeout: float = READY_S,
) -> None:
    """Open the notebook at ``url`` and run its first cell through the UI (a click on the
    cell, then Shift+Enter); returns once the page shows ``ready`` (by default: the xentlab
    widget has drawn, ECharts loaded)."""
    page.goto(url)
    path = urlsplit(url).path.split("/lab/tree/" if lab.app == "jupyterlab" else "/notebooks/")[1]
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first
    cell.wait_for(timeout=timeout * 1000)
    wait_for_kernel(lab, path, timeout)
    shown = page.locator(ready).first
    for _ in range(3):  # a run that JupyterLab dropped leaves the prompt empty: run it again
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            shown.wait_for(timeout=timeout * 1000 / 3)
            return
        except Exception:
            if cell.locator(".jp-InputPrompt").inner_text().strip() not in ("[ ]:", ""):
                raise
    raise lab.fail("the cell did not run")


def foreign(urls: list[str]) -> list[str]:
    """The requests in ``urls`` that left localhost (a ``blob:`` URL's origin is its inner
    URL's; a ``data:`` URL is no request)."""
    out = []
    for url in urls:
        if url.startswith("data:"):
            continue
        inner = url[len("blob:") :] if url.startswith("blob:") else url
        if urlsplit(inner).hostname not in LOCAL_HOSTS:
            out.append(url)
    return out
