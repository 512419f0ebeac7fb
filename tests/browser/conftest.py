"""Serve the real explorer in a subprocess and drive it with headless Chromium (Playwright).

One server and one browser per test session. Chromium is the Debian package at
/usr/bin/chromium; a missing browser makes these tests fail, never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from support.machine import CHROMIUM, CHROMIUM_ARGS
from support.served import served_explorer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is marked slow: the suite as a whole is the slow part (about eight
    minutes), though few of its tests are slow alone. CI runs it (scripts/test.sh, no -m); a
    developer runs it with ``-m browser``, and leaves it out with ``-m "not slow"``."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with served_explorer() as url:
        yield url


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
