"""How a slider's steps wait or are dropped: the one owner of that decision.

A dragged slider sends tens of values a second. Under overload they pile up in front of the
server: it reads a socket's next message only when it has handled the previous one, the rest
wait in the kernel's buffer, and handling each would only produce output the next replaces,
until the socket's ping times out. Three constants decide, all here: how often the browser
sends a dragged slider's value (:data:`SLIDER_THROTTLE_S`), how many messages may wait
(:data:`MAX_WAITING`) and how long a value waits for the previous one's output
(:data:`HOLD_S`). :class:`Inbox` (ASGI middleware, outermost; the same in ``serve`` and in the
tests, see :mod:`xentlab.app.server.stack`) applies them:

1. **Read at once.** Every socket's messages are read as soon as they arrive (a task per
   socket) into a queue of its own, from which the page's handlers take them in order; at most
   :data:`MAX_WAITING` messages and bytes wait, then TCP holds the client back.
2. **Drop the superseded.** A message carrying a control's whole value (NiceGUI's
   ``update:modelValue``) replaces the one at the end of the queue if that is a value of the
   same control of the same page: a drag's intermediate values may be dropped, never its last
   one; every other message (a click, a typed list, a ping) is kept, in the order received.
3. **One value in flight.** After the page takes a control's value, that control's next value
   waits (still replaced by later ones) until the server has sent the page its output, or
   :data:`HOLD_S` has passed; what comes behind it waits with it, so the order stays the order
   received. A repeat of a control's last value (a key press sends its value on key down and
   again on key up) holds nothing back: it mostly has no output to wait for.

A server that keeps up answers long before a drag's next value comes, so nothing waits and
nothing is dropped; one that falls behind handles each dragged control's latest value as fast
as it can, and no more. The page itself applies each value it takes at once
(:meth:`xentlab.app.pages.mount.State.set`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Hashable
from typing import Any

from xentlab.app.server.limits import WEBSOCKET_LIMIT, Receive, Scope, Send, WebsocketMiddleware
from xentlab.app.server.nicegui_compat import event_type

__all__ = ["HOLD_S", "MAX_WAITING", "SLIDER_THROTTLE_S", "VALUE_EVENTS", "Inbox", "value_key"]

#: seconds between two value events while a slider is dragged, in the browser (NiceGUI's
#: default is 0.05); leading and trailing events stay on, so a single key press is sent at once
SLIDER_THROTTLE_S = 0.015
#: the events that carry a control's whole value, so that a later one makes an earlier one moot
VALUE_EVENTS = frozenset({"update:modelValue", "update:model-value"})
#: how many messages, and how many bytes of text, may wait in one socket's queue before the
#: socket is read no further until the page's handlers have taken some (the kernel's buffer,
#: and TCP, then hold the client back)
MAX_WAITING = (1000, 2 * WEBSOCKET_LIMIT)
#: the longest a page's value event waits for the output of its previous one (s): an event
#: whose output is nothing new (a value the page already shows) holds the next no longer
HOLD_S = 0.5
#: a socket.io event of the default namespace, without an acknowledgement id
EVENT_PREFIX = '42["event",'


def value_key(message: dict[str, Any]) -> Hashable | None:
    """(page, control, listener) of a websocket message carrying a value event of a control of
    a live page, else None.

    Example:
        >>> value_key({"type": "websocket.receive", "text": "3"}) is None
        True
    """
    text = message.get("text")
    if message.get("type") != "websocket.receive" or not isinstance(text, str):
        return None
    if not text.startswith(EVENT_PREFIX):
        return None
    try:
        payload = json.loads(text[2:])[1]
        client_id, element_id = payload["client_id"], payload["id"]
        listener_id = payload["listener_id"]
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if not (
        isinstance(client_id, str) and isinstance(element_id, int) and isinstance(listener_id, str)
    ):
        return None
    if event_type(client_id, element_id, listener_id) not in VALUE_EVENTS:
        return None
    return client_id, element_id, listener_id


class _Queue:
    """One socket's messages, read as they arrive, taken in order."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._waiting: deque[tuple[dict[str, Any], Hashable | None, int]] = deque()
        self._bytes = 0
        self._arrived = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()
        self._answered = asyncio.Event()  # the output of the value event in flight was sent
        self._answered.set()
        self._in_flight: tuple[Hashable | None, float] = (None, 0.0)  # its control, when taken
        #: each control's last value event taken (its text): the same again is a repeat
        self._last: dict[Hashable, str] = {}
        #: how many value events a later one superseded
        self.superseded = 0

    async def read(self) -> None:
        """Read the socket until it closes, as fast as messages come and room allows."""
        most, most_bytes = MAX_WAITING
        while True:
            while len(self._waiting) >= most or self._bytes >= most_bytes:
                self._room.clear()
                await self._room.wait()
            try:
                message = await self._receive()
            except Exception:  # the server's socket failed: the page's handlers see it close
                message = {"type": "websocket.disconnect", "code": 1011}
            self._put(message)
            if message.get("type") == "websocket.disconnect":
                return

    def _put(self, message: dict[str, Any]) -> None:
        key = value_key(message)
        size = len(message.get("text") or "")
        if key is not None and self._waiting and self._waiting[-1][1] == key:
            self._bytes -= self._waiting.pop()[2]
            self.superseded += 1
        self._waiting.append((message, key, size))
        self._bytes += size
        self._arrived.set()

    async def take(self) -> dict[str, Any]:
        """The next message (waiting for one if none has arrived, and a value event for the
        previous one's output)."""
        while True:
            while not self._waiting:
                self._arrived.clear()
                await self._arrived.wait()
            key, (in_flight, since) = self._waiting[0][1], self._in_flight
            if key is None or key != in_flight or self._answered.is_set():
                break
            left = since + HOLD_S - time.monotonic()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._answered.wait(), left)
        message, key, size = self._waiting.popleft()
        self._bytes -= size
        self._room.set()
        if key is not None and self._last.get(key) != message["text"]:
            self._answered.clear()
            self._in_flight = key, time.monotonic()
            self._last[key] = message["text"]
        return message

    def sent(self, message: dict[str, Any]) -> None:
        """The server sends ``message`` on the socket: a socket.io event answers the value
        event in flight."""
        text = message.get("text")
        if isinstance(text, str) and text.startswith("42"):
            self._answered.set()


class Inbox(WebsocketMiddleware):
    """ASGI middleware: each websocket's messages read as they arrive, a slider's superseded
    values dropped (see the module's description)."""

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        queue = _Queue(receive)
        reader = asyncio.create_task(queue.read())

        async def sending(message: dict[str, Any]) -> None:
            queue.sent(message)
            await send(message)

        try:
            await self.app(scope, queue.take, sending)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
