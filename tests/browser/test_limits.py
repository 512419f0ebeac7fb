"""What a page may send over its websocket: a raw socket.io client's oversized message closes its
own socket, its malformed ones are ignored, and a browser page of the same process keeps
working without a disconnect; every text box has a maxlength whose text fits in one message."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from support.browser import bce, keyboard_handle, open_section
from support.served import served_explorer
from xentlab.app.pages.widgets import fmt
from xentlab.app.server.limits import WEBSOCKET_LIMIT
from xentlab.course.lessons.wrong_code import Inputs as WrongCodeInputs
from xentlab.course.params import Text
from xentlab.course.sections import SECTIONS
from xentlab.reports.view import MAX_PASTE_CHARS

pytestmark = pytest.mark.browser

SOCKET = "/_nicegui_ws/socket.io/?EIO=4&transport=websocket"


@pytest.fixture(scope="module")
def own_url() -> Iterator[str]:
    """A server of its own, so its log shows what the raw client's messages did."""
    with served_explorer() as url:
        yield url


@contextmanager
def raw_socket(url: str) -> Iterator[ClientConnection]:
    """A socket.io connection as the page opens one (engine.io open, then socket.io connect)."""
    with connect(url.replace("http://", "ws://") + SOCKET, compression=None, max_size=None) as ws:
        assert str(ws.recv(timeout=10)).startswith("0{")  # engine.io: open
        ws.send("40")  # socket.io: connect to the default namespace
        assert str(ws.recv(timeout=10)).startswith("40{")
        yield ws


def handshake(ws: ClientConnection, ack: int, pad: int = 0) -> str:
    """Ask for a handshake of an unknown client (answered ``[false]``), padded to ``pad`` bytes."""
    payload = {"client_id": "nobody", "tab_id": "t", "document_id": "d", "pad": "x" * pad}
    ws.send(f"42{ack}" + json.dumps(["handshake", payload]))
    while not (answer := str(ws.recv(timeout=10))).startswith(f"43{ack}["):
        pass  # an engine.io ping, or the answer to an earlier request
    assert answer == f"43{ack}[false]", answer
    return answer


def test_oversized_and_malformed_messages_leave_other_pages_alone(
    browser: Browser, own_url: str
) -> None:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_section(page, own_url + "/binary")
    count_disconnects = "window.socket.on('disconnect', () => window.disconnects++)"
    page.evaluate(f"() => {{ window.disconnects = 0; {count_disconnects} }}")
    client_id = page.evaluate("() => window.clientId")

    # a message as large as a full paste box may be is read; one past the limit closes its socket
    with raw_socket(own_url) as ws:
        handshake(ws, 1, pad=WEBSOCKET_LIMIT - 1024)
        big = ["event", {"client_id": client_id, "args": ["y" * 1_048_576]}]
        ws.send("42" + json.dumps(big))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big

    # malformed messages are ignored, the socket stays open: the handshake after them is answered
    with raw_socket(own_url) as ws:
        for bad in [
            "42[not json",
            '42["handshake", "a string"]',
            '429["handshake", {}]',  # answered with nothing
            '42["event", 5]',
            '42["event", {"client_id": 5}]',
            "42" + json.dumps(["event", {"client_id": client_id}]),  # no element id
            "42" + json.dumps(["event", {"client_id": client_id, "id": "x", "args": 7}]),
            "42" + json.dumps(["ack", {"client_id": client_id}]),
            "42" + json.dumps(["javascript_response", {"client_id": client_id}]),
            "4Z",
            "45-",
            "9",
            "",
            b"\x00\xff\x00",
        ]:
            ws.send(bad)
        handshake(ws, 2)

    # the browser page never lost its socket, and its slider still drives the numbers
    keyboard_handle(page.get_by_test_id("yhat")).press("ArrowRight")
    expect(page.get_by_test_id("loss")).to_have_text(fmt(bce(0.71)))
    expect(page).to_have_url(re.compile(r"yhat=0\.71"))
    assert page.evaluate("() => window.disconnects") == 0
    context.close()
    assert errors == []


def text_boxes(page: Page) -> list[dict[str, str | None]]:
    """Every box of the page one can type text into: its test id and maxlength."""
    found: list[dict[str, str | None]] = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea')]
            .filter(e => ['text', 'textarea', 'search', ''].includes(e.type) && !e.readOnly)
            .map(e => ({id: e.closest('[data-testid]')?.dataset.testid ?? e.outerHTML,
                        maxlength: e.getAttribute('maxlength')}))"""
    )
    return found


def test_every_text_box_has_a_maxlength_that_fits_one_message(page: Page, base_url: str) -> None:
    boxes: dict[str, dict[str, str | None]] = {}
    for path in ["/", *(s.path for s in SECTIONS), "/lab"]:
        page.goto(base_url + path)
        page.wait_for_function("() => window.did_handshake === true")
        boxes |= {f"{path} {b['id']}": b for b in text_boxes(page)}
    page.goto(base_url + "/predictions")
    page.get_by_test_id("tab-paste").click()
    expect(page.get_by_test_id("paste-labels")).to_be_visible()
    boxes |= {f"/predictions {b['id']}": b for b in text_boxes(page)}
    assert len(boxes) > 20  # the logit, weight and count boxes, the texts, the paste boxes
    missing = [name for name, box in boxes.items() if box["maxlength"] is None]
    assert missing == []
    # each box's full text, at 3 bytes a character, fits in one websocket message
    longest = max(int(str(box["maxlength"])) for box in boxes.values())
    assert longest == MAX_PASTE_CHARS
    assert 3 * longest < WEBSOCKET_LIMIT
    # a box bound to declared free text accepts exactly as much as the declaration
    spec = WrongCodeInputs.param("text").spec
    assert isinstance(spec, Text)
    assert boxes["/wrong-code text"]["maxlength"] == str(spec.max_length)
