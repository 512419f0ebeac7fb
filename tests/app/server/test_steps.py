"""The websocket inbox: messages read as they arrive, a slider's superseded values dropped, one
value event of a page in flight at a time (xentlab.app.server.steps)."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from nicegui.testing.user import User

from support.driving import one
from support.machine import run_apart
from xentlab.app.server import steps
from xentlab.app.server.steps import HOLD_S, Inbox, value_key

Simulate = Callable[..., None]


def event(client: str, element: int, listener: str, value: Any) -> dict[str, Any]:
    """A websocket message as the page sends an event (socket.io, default namespace)."""
    payload = {"id": element, "client_id": client, "listener_id": listener, "args": [value]}
    return {"type": "websocket.receive", "text": "42" + json.dumps(["event", payload])}


def test_a_slider_move_is_a_value_event_a_click_is_not(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=0.7&y=1")
        client = user.client
        assert client is not None
        slider = one(user, "yhat")
        (moved,) = [k for k, li in slider._event_listeners.items() if li.type.startswith("update")]
        assert value_key(event(client.id, slider.id, moved, "0.5")) == (client.id, slider.id, moved)
        clicks = [
            (element.id, k)
            for element in client.elements.values()
            for k, li in element._event_listeners.items()
            if li.type == "click"
        ]
        assert clicks, "no button on the page"
        assert all(value_key(event(client.id, e, k, None)) is None for e, k in clicks)
        assert value_key(event("no such page", slider.id, moved, "0.5")) is None
        assert value_key(event(client.id, 10**9, moved, "0.5")) is None
        assert value_key({"type": "websocket.receive", "text": '42["event",{"id":[]}]'}) is None
        assert value_key({"type": "websocket.receive", "text": "42[broken"}) is None
        assert value_key(event(client.id, slider.id, [moved], "0.5")) is None  # type: ignore[arg-type]

    simulate(scenario)


class Socket:
    """A websocket's server side: messages the client has sent, and what the app sent back."""

    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for m in messages:
            self.incoming.put_nowait(m)
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        return await self.incoming.get()

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Value events without live pages: a message's key is its listener when that is "slider"."""

    def key(message: dict[str, Any]) -> Any:
        text = message.get("text") or ""
        if not text.startswith(steps.EVENT_PREFIX):
            return None
        payload = json.loads(text[2:])[1]
        return payload["id"] if payload["listener_id"] == "slider" else None

    monkeypatch.setattr(steps, "value_key", key)


def values(messages: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(m["text"][2:])[1]["args"][0] for m in messages if "text" in m]


CLOSE = {"type": "websocket.disconnect", "code": 1000}


def test_a_burst_keeps_the_last_value_of_each_run_and_every_other_event(keyed: None) -> None:
    burst = [
        event("c", 1, "slider", 0.1),
        event("c", 1, "slider", 0.2),
        event("c", 1, "slider", 0.3),
        event("c", 2, "click", "y=0"),
        event("c", 1, "slider", 0.4),
        event("c", 3, "slider", 9.0),
        event("c", 1, "slider", 0.5),
        event("c", 1, "slider", 0.6),
        CLOSE,
    ]
    taken: list[dict[str, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        while (message := await receive())["type"] != "websocket.disconnect":
            taken.append(message)
            await send({"type": "websocket.send", "text": '42["update",{}]'})  # its output

    async def main() -> None:
        socket = Socket(burst)
        await Inbox(app)({"type": "websocket"}, socket.receive, socket.send)

    run_apart(main())
    # the whole burst arrived before the page took its first message
    assert values(taken) == [0.3, "y=0", 0.4, 9.0, 0.6]


def test_the_next_value_waits_for_the_output_of_the_one_in_flight(keyed: None) -> None:
    taken: list[tuple[float, Any]] = []

    async def main() -> None:
        socket = Socket([event("c", 1, "slider", 0.1)])
        answer = asyncio.Event()

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            while (message := await receive())["type"] != "websocket.disconnect":
                taken.append((time.monotonic(), values([message])[0]))
                if len(taken) == 1:
                    await answer.wait()  # the page's output for 0.1 is still being made
                    await send({"type": "websocket.send", "text": '42["update",{}]'})

        served = asyncio.create_task(Inbox(app)({"type": "websocket"}, socket.receive, socket.send))
        await asyncio.sleep(0.05)
        for v in (0.2, 0.3, 0.4):  # the drag goes on while 0.1's output is made
            socket.incoming.put_nowait(event("c", 1, "slider", v))
            await asyncio.sleep(0.02)
        answered = time.monotonic()
        answer.set()
        await asyncio.sleep(0.05)
        # 0.4 gets no output (a value the page already shows): 0.6 waits HOLD_S, then goes
        socket.incoming.put_nowait(event("c", 1, "slider", 0.6))
        await asyncio.sleep(HOLD_S + 0.2)
        socket.incoming.put_nowait(CLOSE)
        await served
        assert [v for _, v in taken] == [0.1, 0.4, 0.6]
        assert taken[1][0] >= answered
        assert taken[2][0] - taken[1][0] >= HOLD_S * 0.9

    run_apart(main())


def test_a_repeated_value_holds_nothing_back(keyed: None) -> None:
    """A key press sends its value twice (key down and key up); the repeat changes nothing and
    so sends no output: the next press must not wait for one."""
    taken: list[tuple[float, Any]] = []

    async def main() -> None:
        socket = Socket([event("c", 1, "slider", 0.1)])

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            shown = None
            while (message := await receive())["type"] != "websocket.disconnect":
                value = values([message])[0]
                taken.append((time.monotonic(), value))
                if value != shown:  # the page sends output only for a new value
                    shown = value
                    await send({"type": "websocket.send", "text": '42["update",{}]'})

        served = asyncio.create_task(Inbox(app)({"type": "websocket"}, socket.receive, socket.send))
        for v in (0.1, 0.2, 0.2, 0.3, 0.3, 0.4):  # four key presses' value events, one by one
            await asyncio.sleep(0.05)
            socket.incoming.put_nowait(event("c", 1, "slider", v))
        await asyncio.sleep(0.1)
        socket.incoming.put_nowait(CLOSE)
        await served
        assert [v for _, v in taken] == [0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4]
        waits = [b - a for (a, _), (b, _) in itertools.pairwise(taken[1:])]
        assert max(waits) < HOLD_S / 2  # each came as it was sent, 0.05 s apart

    run_apart(main())


def test_another_controls_value_does_not_wait_for_the_one_in_flight(keyed: None) -> None:
    taken: list[tuple[float, Any]] = []

    async def main() -> None:
        socket = Socket([event("c", 1, "slider", 0.1)])

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            while (message := await receive())["type"] != "websocket.disconnect":
                taken.append((time.monotonic(), values([message])[0]))  # and never any output

        served = asyncio.create_task(Inbox(app)({"type": "websocket"}, socket.receive, socket.send))
        await asyncio.sleep(0.05)
        socket.incoming.put_nowait(event("c", 2, "slider", 7.0))  # another slider: at once
        await asyncio.sleep(0.05)
        socket.incoming.put_nowait(event("c", 2, "slider", 7.5))  # the same slider: it waits
        await asyncio.sleep(HOLD_S + 0.2)
        socket.incoming.put_nowait(CLOSE)
        await served
        assert [v for _, v in taken] == [0.1, 7.0, 7.5]
        assert taken[1][0] - taken[0][0] < HOLD_S / 2
        assert taken[2][0] - taken[1][0] >= HOLD_S * 0.8

    run_apart(main())


def test_other_connections_pass_untouched() -> None:
    calls: list[tuple[Any, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append((receive, send))

    async def main() -> None:
        socket = Socket([])
        await Inbox(app)({"type": "http"}, socket.receive, socket.send)
        assert calls == [(socket.receive, socket.send)]

    run_apart(main())
