"""The Lab's training queue in headless Chromium, on a server that trains one run at a time:
a second tab waits with its place shown and runs when the first finishes; a closed tab leaves
the line."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from xentlab.app.training_pool import ENV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def one_slot_url() -> Iterator[str]:
    """A server of its own whose training pool runs one job at a time."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    env[ENV] = "1"
    cmd = [sys.executable, "-m", "xentlab.app", "--port", str(port), "--no-browser"]
    process = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        assert time.monotonic() < deadline, "the server did not start"
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    yield url
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "ERROR" not in output and "Traceback" not in output, output


def tab(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_test_id("train")).to_be_enabled()
    page.wait_for_function("() => window.did_handshake === true")
    return context, page


@pytest.mark.slow  # a race of 400 epochs on the digits, then one of 25: about 15 s
def test_a_second_tab_waits_its_turn_and_a_closed_tab_leaves_the_line(
    browser: Browser, one_slot_url: str
) -> None:
    first_context, first = tab(browser, one_slot_url + "/lab?epochs=400")
    short = one_slot_url + "/lab?dataset=breast-cancer&model=logreg&epochs=25&init=1"
    second_context, second = tab(browser, short)
    third_context, third = tab(browser, short)
    try:
        first.get_by_test_id("train").click()
        expect(first.get_by_test_id("status")).to_have_text(re.compile(r"Starting…|Epoch \d+"))
        second.get_by_test_id("train").click()
        third.get_by_test_id("train").click()
        expect(second.get_by_test_id("status")).to_have_text(re.compile("Waiting: 1st in the"))
        expect(third.get_by_test_id("status")).to_have_text(re.compile("Waiting: 2nd in the"))
        expect(third.get_by_test_id("train")).to_be_disabled()  # one run per tab
        expect(third.get_by_test_id("stop")).to_be_enabled()

        second_context.close()  # the tab closes: it leaves the line, the third moves up
        expect(third.get_by_test_id("status")).to_have_text(re.compile("Waiting: 1st in the"))
        assert first.get_by_test_id("status").inner_text() != "Epoch 400 of 400", (
            "the first run ended before the line could be checked: give it more epochs"
        )

        expect(first.get_by_text("Finished 400 epochs.")).to_be_visible(timeout=120_000)
        expect(third.get_by_test_id("status")).to_have_text("Epoch 25 of 25", timeout=60_000)
        expect(third.get_by_text("Finished 25 epochs.")).to_be_visible()
        expect(third.get_by_test_id("train")).to_be_enabled()
    finally:
        for context in (first_context, second_context, third_context):
            context.close()


def test_stop_while_waiting_leaves_the_line(browser: Browser, one_slot_url: str) -> None:
    first_context, first = tab(browser, one_slot_url + "/lab?epochs=2000")
    second_context, second = tab(browser, one_slot_url + "/lab?epochs=10")
    try:
        first.get_by_test_id("train").click()
        second.get_by_test_id("train").click()
        expect(second.get_by_test_id("status")).to_have_text(re.compile("Waiting: 1st in the"))
        second.get_by_test_id("stop").click()
        expect(second.get_by_test_id("status")).to_have_text("Left the queue.")
        expect(second.get_by_test_id("train")).to_be_enabled()
        first.get_by_test_id("stop").click()
        expect(first.get_by_text(re.compile(r"Stopped at epoch \d+\."))).to_be_visible()
    finally:
        first_context.close()
        second_context.close()
