"""Serve the real explorer in a subprocess and drive it with headless Chromium (Playwright).

One server and one browser per test session. Chromium is the Debian package at
/usr/bin/chromium; a missing browser makes these tests fail, never skip.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[str]:
    """``python -m xentlab.app`` on ``port``, outside pytest's view (NiceGUI reads its env)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    cmd = [sys.executable, "-m", "xentlab.app", "--port", str(port), "--no-browser"]
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_until_ready(url: str, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers 200; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server at {url} not ready after {timeout} s")


def stop_server(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Ctrl-C the server and return its exit code and output."""
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return process.returncode, output


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    port = free_port()
    process = start_server(port)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(url + "/", process)
    yield url
    code, output = stop_server(process)
    assert code == 0, output
    assert server_errors(output) == [], output


#: logged by Starlette when a browser drops a request it no longer needs (a page closed while
#: an asset was loading): the client went away, the server is fine
CLIENT_WENT_AWAY = "RuntimeError: No response returned."


def server_errors(output: str) -> list[str]:
    """The server's logged errors, each with its traceback, less client disconnects."""
    blocks = output.split("ERROR:")[1:]
    return [b for b in blocks if CLIENT_WENT_AWAY not in b]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium'")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Recorder:
    """Every URL the page asked for (requests and websockets) and every page error."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.errors: list[str] = []

    def foreign(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).hostname not in LOCAL_HOSTS]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser: Browser, recorder: Recorder) -> Iterator[Page]:
    """A fresh page; afterwards no request may have left localhost and no script may have failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", lambda r: recorder.urls.append(r.url))
    page.on("websocket", lambda ws: recorder.urls.append(ws.url))
    page.on("pageerror", lambda e: recorder.errors.append(str(e)))
    yield page
    context.close()
    assert recorder.foreign() == [], recorder.foreign()
    assert recorder.errors == []


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
