"""`xentlab serve --workers 2` in headless Chromium: students are spread over the workers and
each stays on its own (HAProxy's cookie); when a student's worker is killed, the page reloads
from another worker with the same state (it lives in the URL), and keeps working."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from support.browser import bce, keyboard_handle, open_section
from support.served import haproxy_config, served_workers, worker_pid
from xentlab.app.pages.widgets import fmt

pytestmark = pytest.mark.browser


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]

    def config(self) -> str:
        return haproxy_config(self.process)

    def worker_pid(self, cookie: str) -> int:
        return worker_pid(self.process, cookie)


@pytest.fixture
def served() -> Iterator[Served]:
    """Two workers behind HAProxy on a free port, stopped (Ctrl-C) after the test."""
    with served_workers(2) as (url, process):
        yield Served(url, process)


def student(browser: Browser) -> tuple[BrowserContext, Page, list[str]]:
    """A browser of its own (its own cookies), and the errors its pages raise."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def worker_of(context: BrowserContext) -> str:
    """The worker HAProxy keeps this browser on: its SERVERID cookie."""
    values = [c["value"] for c in context.cookies() if c["name"] == "SERVERID"]
    assert len(values) == 1, context.cookies()
    return values[0]


def test_students_are_spread_over_the_workers_and_each_stays_on_its_own(
    browser: Browser, served: Served
) -> None:
    students = [student(browser) for _ in range(2)]
    responses: list[list[Response]] = [[], []]
    for i, (_context, page, _) in enumerate(students):
        page.on("response", lambda r, i=i: responses[i].append(r))
        open_section(page, served.url + "/binary")
    workers = [worker_of(context) for context, _, _ in students]
    assert sorted(workers) == ["w1", "w2"]  # the second student went to the idle worker
    for _ in range(3):
        for _context, page, _ in students:
            open_section(page, served.url + "/softmax")  # handshake: the worker that rendered it
            open_section(page, served.url + "/binary")
            keyboard_handle(page.get_by_test_id("yhat")).press("ArrowRight")
            expect(page.get_by_test_id("loss")).to_have_text(fmt(bce(0.71)))
    assert [worker_of(context) for context, _, _ in students] == workers
    # HAProxy set each student's cookie once, on the first page, and never moved them
    for mine, worker in zip(responses, workers, strict=True):
        cookies = [r.header_value("set-cookie") for r in mine]
        assert [c for c in cookies if c] == [f"SERVERID={worker}; path=/; HttpOnly"]
    for context, _, errors in students:
        context.close()
        assert errors == []


def wait_for_reload(page: Page, timeout: float) -> None:
    """Wait until ``page`` is a new document (``window.before`` gone) that finished its handshake
    (polled from here: a reload destroys the context an in-page wait runs in)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate("() => window.before === undefined && window.did_handshake === true"):
                return
        except Exception:  # the page is navigating right now
            pass
        time.sleep(0.2)
    raise AssertionError(f"the page did not come back within {timeout:g} s")


def test_a_killed_workers_students_come_back_with_their_state(
    browser: Browser, served: Served
) -> None:
    context, page, errors = student(browser)
    open_section(page, served.url + "/binary?yhat=0.3&y=0")
    handle = keyboard_handle(page.get_by_test_id("yhat"))
    for _ in range(2):
        handle.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"yhat=0\.32"))  # the moved slider lives in the URL
    loss, worked = page.get_by_test_id("loss"), page.get_by_test_id("worked")
    expect(loss).to_have_text(fmt(bce(0.32, 0.0)))
    shown = {"loss": loss.inner_text(), "worked": worked.inner_text(), "url": page.url}

    before = worker_of(context)
    page.evaluate("() => { window.before = true }")
    os.kill(served.worker_pid(before), signal.SIGKILL)
    wait_for_reload(page, timeout=60)

    assert worker_of(context) == {"w1": "w2", "w2": "w1"}[before]
    assert page.url == shown["url"]
    expect(loss).to_have_text(shown["loss"])
    expect(worked).to_have_text(shown["worked"])
    assert (
        page.get_by_test_id("yhat").get_by_role("slider").get_attribute("aria-valuenow") == "0.32"
    )
    # and the new worker answers the slider
    keyboard_handle(page.get_by_test_id("yhat")).press("ArrowRight")
    expect(loss).to_have_text(fmt(bce(0.33, 0.0)))
    expect(page).to_have_url(re.compile(r"yhat=0\.33"))
    context.close()
    assert errors == []
