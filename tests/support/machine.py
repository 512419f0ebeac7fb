"""What tests share about this machine: its browser, its processes, and an event loop of
their own (importable as ``support.machine`` from any test: pyproject.toml puts ``tests/`` on the
path)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import urllib.request
from collections.abc import Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from xentlab.app.server.workers import free_port

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "children",
    "command_line",
    "free_port",
    "run_apart",
    "server_env",
]

T = TypeVar("T")

#: Debian's chromium: browser tests drive it through Playwright (never `playwright install`)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def server_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a server a test starts, outside pytest's view (NiceGUI reads
    ``PYTEST_*`` and ``NICEGUI_*`` and would run as under test), with ``extra`` added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    return {**env, **(extra or {})}


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end in a new event loop in a thread of its own: the browser
    tests' Playwright holds an event loop in the main thread for the rest of the session, and
    ``asyncio.run`` refuses to start beside it."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def command_line(pid: int) -> list[str]:
    """``pid``'s command line, or ``[]`` once it has gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except FileNotFoundError:
        return []


def answers(url: str, process: subprocess.Popen[str], timeout: float) -> str:
    """Wait until ``url`` answers 200 while ``process`` (the server behind it) runs: ``""`` once
    it does, else why not (the process's exit, or the time it took)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return ""
        except OSError:
            time.sleep(0.25)
    return f"not ready after {timeout:.0f} s"


def stop_process(process: subprocess.Popen[str], grace: float = 30.0) -> None:
    """Terminate ``process``, and kill it if it has not ended after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
