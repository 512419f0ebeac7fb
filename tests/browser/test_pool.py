"""The Lab's training queue in headless Chromium, on a server that trains one run at a time:
a second tab waits with its place shown and runs when the first finishes; a closed tab leaves
the line."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from support.served import served_explorer
from xentlab.app.server.pool import ENV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def one_slot_url() -> Iterator[str]:
    """A server of its own whose training pool runs one job at a time."""
    with served_explorer({ENV: "1"}) as url:
        yield url


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
