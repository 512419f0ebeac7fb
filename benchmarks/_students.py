"""Simulated students for ``benchmarks/load.py``: the browser's half of NiceGUI's protocol,
spoken over a plain websocket, without a browser.

What a page does, and so what a student does (``load.py --verify`` compares the frames with
ones recorded from Chromium, ``benchmarks/browser_frames.json``):

1. GET the page (cookies kept, so a cookie-sticky proxy sends the socket to the same worker);
   the HTML holds the client id and every element with its event listeners.
2. Open ``/_nicegui_ws/socket.io/?client_id=…&next_message_id=0&implicit_handshake=true&
   document_id=…&tab_id=…&old_tab_id=null&EIO=4&transport=websocket`` (engine.io 4, websocket
   only, per-message deflate as browsers offer it); answer engine.io's open packet with
   socket.io's ``40``; reply ``3`` to each ping ``2``.
3. Send the drawer's ``update:modelValue`` ``true`` (a desktop-wide window opens it), answer
   every ``run_javascript`` that carries a ``request_id`` (older pages asked whether the drawer
   is open), and ``ack`` the last message id every 3 s.
4. In a class (``xentlab serve --class``), a student first GETs the join link ``/join/CODE``,
   whose script keeps ``{code, member, follow}`` in ``localStorage['xentlab.class']``; every page
   of a class server (its header's class bar) then sends, once its socket is up, what the
   browser holds (the shell's script: ``emitEvent('xl_class', {member, teacher, followed,
   address})``): an ``event`` frame to the layout (element 0) for its ``xl_class`` listener,
   args ``[JSON.stringify({...})]``; the server answers with the bar's "In class CODE"
   (tests/test_load_protocol.py compares the frame with the one headless Chromium sends).
5. Drag: for each slider value, an ``event`` frame per listener of the slider's
   ``update:modelValue`` (one today; the page's own and NiceGUI's before issue 12), each
   through nicegui.js's throttle (leading and trailing calls, the listener's own interval),
   args ``[JSON.stringify(value)]``.

A step's latency runs from sending the (last) event with value v to the first frame whose chart
shows its current point at x = v (the ``point`` series; on section 1 its x is ŷ). A step never
shown is *superseded* when a later one was; a drag's final value never shown is *lost*.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

#: the current point's x in an update of the whole chart or of its patch (partial options), or
#: in a label's text (the reference page of ``load.py --reference``; escaped in the frame, hence
#: the optional backslashes)
POINT_X = re.compile(r'\\?"id\\?":\s*\\?"point\\?"[^\]]*?\\?"data\\?":\s*\[\[(-?[0-9.eE+-]+)')
MESSAGE_ID = re.compile(r'"_id":\s*(\d+)')
REQUEST_ID = re.compile(r'"request_id":\s*"([^"]+)"')
DRAWER_QUERY = "__IS_DRAWER_OPEN__"
#: what the join page's script keeps (a JavaScript string literal: JSON text, quoted)
CLASS_KEPT = re.compile(r"localStorage\.setItem\('xentlab\.class', (\"(?:[^\"\\]|\\.)*\")\)")
#: the global event every page of a class server sends once its socket is up (classroom.py)
CLASS_EVENT = "xl_class"
ACK_EVERY_S = 3.0
#: how long a socket may take to open and to close; none for a message to arrive
WS_TIMEOUT = aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10.0)


@dataclass(frozen=True)
class Listener:
    id: str
    throttle: float


@dataclass(frozen=True)
class Page:
    """What a student needs from a page's HTML."""

    client_id: str
    slider: int
    listeners: tuple[Listener, ...]
    lo: float
    hi: float
    step: float
    value: float
    drawer: tuple[int, str] | None
    #: the layout's listener of the class event (None: no class runs) and the class bar's status
    class_listener: str | None = None
    class_status: int | None = None


def parse_page(html: str, testid: str) -> Page:
    """The client id, the slider marked ``testid``, the drawer and the class bar of a NiceGUI
    page."""
    client_id, elements = page_elements(html)
    slider = drawer = status = None
    for key, element in elements.items():
        if element.get("props", {}).get("data-testid") == testid:
            slider = (int(key), element)
        if element.get("props", {}).get("data-testid") == "class-status":
            status = int(key)
        if element.get("tag") == "q-drawer" and drawer is None:
            events = [e for e in element.get("events", []) if e["type"] == "update:modelValue"]
            drawer = (int(key), events[0]["listener_id"]) if events else None
    if slider is None:
        raise ValueError(f"no element with data-testid={testid!r} on the page")
    layout = elements.get("0", {}).get("events", [])
    klass = next((e["listener_id"] for e in layout if e["type"] == CLASS_EVENT), None)
    slider_id, props = slider[0], slider[1]["props"]
    listeners = tuple(
        Listener(e["listener_id"], float(e["throttle"]))
        for e in slider[1]["events"]
        if e["type"] == "update:modelValue"
    )
    return Page(
        client_id,
        slider_id,
        listeners,
        float(props["min"]),
        float(props["max"]),
        float(props["step"]),
        float(props["model-value"]),
        drawer,
        klass,
        status,
    )


def js_number(x: float) -> str:
    """``JSON.stringify(x)`` of a JavaScript number (shortest round trip, no ``.0``)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def socket_url(base: str, client_id: str) -> str:
    """The socket.io URL the page's JS opens (``nicegui.js`` ``createApp``)."""
    query = (
        f"client_id={client_id}&next_message_id=0&implicit_handshake=true"
        f"&document_id={uuid.uuid4()}&tab_id={uuid.uuid4()}&old_tab_id=null"
        "&EIO=4&transport=websocket"
    )
    return base.replace("http", "ws", 1).rstrip("/") + "/_nicegui_ws/socket.io/?" + query


def event_frame(element: int, client_id: str, listener: str, args: list[str]) -> str:
    payload = {"id": element, "client_id": client_id, "listener_id": listener, "args": args}
    return "42" + json.dumps(["event", payload], separators=(",", ":"))


def js_json(x: Any) -> str:
    """``JSON.stringify(x)`` of plain data (no spaces, non-ASCII as is)."""
    return json.dumps(x, separators=(",", ":"), ensure_ascii=False)


def kept_membership(html: str) -> dict[str, Any]:
    """What the join page's script keeps in ``localStorage['xentlab.class']``, as the page's
    script reads it back (``JSON.parse``): ``{code, member, follow}``."""
    kept = CLASS_KEPT.search(html)
    if kept is None:
        raise ValueError("the join page kept no membership (a wrong code, or the class is full)")
    member: dict[str, Any] = json.loads(json.loads(kept.group(1)))
    return member


def class_frame(page: Page, member: dict[str, Any] | None, address: str) -> str:
    """What a page of a class server sends once its socket is up (shell.js): the browser's
    membership (None: not joined), no teacher's token, no address followed, and its own."""
    assert page.class_listener is not None
    told = {"member": member, "teacher": None, "followed": None, "address": address}
    return event_frame(0, page.client_id, page.class_listener, [js_json(told)])


@dataclass
class Tally:
    """What students measured (one per level or interval; students add to it)."""

    latencies: list[float] = field(default_factory=list)
    steps: int = 0
    superseded: int = 0
    lost: int = 0
    disconnects: int = 0
    failed_joins: int = 0
    closes: list[str] = field(default_factory=list)  # why each disconnect happened

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


class Throttle:
    """nicegui.js ``throttle``: the first call runs at once and blocks for ``interval``; the
    last call made while blocked runs when the block ends."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.blocked = False
        self.trailing: Any = None

    def __call__(self, callback: Any) -> None:
        if self.interval <= 0:
            callback()
        elif self.blocked:
            self.trailing = callback
        else:
            callback()
            self.blocked = True
            asyncio.get_running_loop().call_later(self.interval, self._release)

    def _release(self) -> None:
        callback, self.trailing, self.blocked = self.trailing, None, False
        if callback is not None:
            callback()


class Student:
    """One browser tab on ``url``, dragging the slider marked ``testid``; given a class's
    ``code``, a browser that joined it first (the join link)."""

    def __init__(
        self, url: str, testid: str, tally: Tally, *, record: bool = False, code: str | None = None
    ) -> None:
        self.url, self.testid, self.tally, self.code = url, testid, tally, code
        self.member: dict[str, Any] | None = None  # what the join link kept
        self.in_class = False  # the server showed this page as a member's
        self.page: Page | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.session: aiohttp.ClientSession | None = None
        self.socket_url = ""
        self.pending: deque[tuple[float, float]] = deque()  # (value, time sent), unanswered
        self.showing: float | None = None  # the x the page's chart shows now
        self.next_id = 0
        self.acked = -1
        self.closing = False
        self.connected = False
        self.frames: list[tuple[str, str]] | None = [] if record else None
        self._tasks: list[asyncio.Task[None]] = []
        self._throttles: list[Throttle] = []

    async def join(self, timeout: float = 60.0) -> bool:
        """Load the page and open its socket; False (and a failed join counted) on failure."""
        # keep cookies of IP-address hosts too; no total timeout (it would close the socket);
        # the socket on a connection of its own, as browsers open it (on the page's kept-alive
        # connection, uvicorn's 5 s keep-alive timer closes it)
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout),
        )
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.url))
        try:
            if self.code is not None:
                join = f"{origin}/join/{self.code}"
                async with self.session.get(join, timeout=aiohttp.ClientTimeout(timeout)) as res:
                    res.raise_for_status()
                    self.member = kept_membership(await res.text())
            async with self.session.get(
                self.url, timeout=aiohttp.ClientTimeout(timeout)
            ) as response:
                response.raise_for_status()
                html = await response.text()
            self.page = parse_page(html, self.testid)
            base = str(response.url.origin())
            self.socket_url = socket_url(base, self.page.client_id)
            # per-message deflate as browsers offer it; aiohttp answers uvicorn's pings as they do
            self.ws = await self.session.ws_connect(
                self.socket_url, compress=15, max_msg_size=0, timeout=WS_TIMEOUT
            )
            await self._expect(b"0")
            await self._send("40")
            await self._expect(b"40")
        except (aiohttp.ClientError, TimeoutError, ValueError, ConnectionError):
            self.tally.failed_joins += 1
            await self.leave()
            return False
        self.connected, self.joined = True, time.monotonic()
        self._throttles = [Throttle(listener.throttle) for listener in self.page.listeners]
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._ack())]
        if self.page.drawer is not None:
            drawer, listener = self.page.drawer
            await self._send(event_frame(drawer, self.page.client_id, listener, ["true"]))
        if self.page.class_listener is not None:
            parts = urlsplit(self.url)  # location.pathname + location.search
            address = parts.path + (f"?{parts.query}" if parts.query else "")
            await self._send(class_frame(self.page, self.member, address))
        return True

    async def _expect(self, prefix: bytes) -> None:
        assert self.ws is not None
        message = await asyncio.wait_for(self.ws.receive(), 30)
        data = message.data.encode() if isinstance(message.data, str) else b""
        self._log("recv", message.data)
        if not data.startswith(prefix):
            raise ConnectionError(f"expected {prefix!r}, got {message.type} {data[:80]!r}")

    async def _send(self, text: str) -> None:
        if self.ws is not None and not self.ws.closed:
            self._log("sent", text)
            await self.ws.send_str(text)

    def _send_soon(self, text: str) -> None:
        if self.ws is not None and not self.ws.closed:
            self._log("sent", text)
            task = asyncio.ensure_future(self.ws.send_str(text))
            task.add_done_callback(lambda t: t.exception())  # a closed socket is counted elsewhere

    def _log(self, direction: str, data: Any) -> None:
        if self.frames is not None and isinstance(data, str):
            self.frames.append((direction, data))

    def move(self, value: float) -> None:
        """What a drag over ``value`` sends: one event per listener, each through its throttle;
        the page's own listener is the last one (NiceGUI's value listener comes first)."""
        assert self.page is not None
        args = [js_number(value)]
        for listener, throttle in zip(self.page.listeners, self._throttles, strict=True):
            frame = event_frame(self.page.slider, self.page.client_id, listener.id, args)
            throttle(lambda frame=frame: self._send_soon(frame))
        self.pending.append((round(value, 5), time.perf_counter()))
        self.tally.steps += 1

    def shown(self, x: float, now: float) -> None:
        """The server shows x: the oldest unanswered step with that value is answered, the
        steps before it were superseded."""
        for i, (value, _) in enumerate(self.pending):
            if abs(value - x) < 1e-7:
                for _ in range(i):
                    self.pending.popleft()
                    self.tally.superseded += 1
                self.tally.latencies.append((now - self.pending.popleft()[1]) * 1000)
                return

    def settle(self) -> None:
        """End of a drag: an unanswered last step is lost, earlier ones were superseded; a last
        step whose value the page already shows (a drag that came back to it while the steps
        between were superseded) gets no answer, since nothing changes, and is not lost."""
        if self.pending:
            value, _ = self.pending[-1]
            if self.showing is None or abs(value - self.showing) >= 1e-7:
                self.tally.lost += 1
            self.tally.superseded += len(self.pending) - 1
            self.pending.clear()

    async def _read(self) -> None:
        assert self.ws is not None and self.page is not None
        try:
            async for message in self.ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                now = time.perf_counter()
                data: str = message.data
                self._log("recv", message.data)
                if data == "2":
                    await self._send("3")
                    continue
                if ids := MESSAGE_ID.findall(data[-40:]):
                    self.next_id = int(ids[-1]) + 1
                if data.startswith('42["run_javascript"') and (req := REQUEST_ID.search(data)):
                    result = DRAWER_QUERY in data or None
                    payload = {
                        "request_id": req.group(1),
                        "client_id": self.page.client_id,
                        "result": result,
                    }
                    await self._send("42" + json.dumps(["javascript_response", payload]))
                if self._says_in_class(data):
                    self.in_class = True
                # the last point of a frame is what its page shows (a chart's patches go in order)
                for point in POINT_X.finditer(data):
                    self.showing = float(point.group(1))
                    if self.pending:
                        self.shown(self.showing, now)
        except (aiohttp.ClientError, ConnectionError):
            pass
        if not self.closing:
            self.tally.disconnects += 1
            age = time.monotonic() - self.joined
            self.tally.closes.append(f"{self.ws.close_code} {self.ws.exception() or ''} {age:.0f}s")
            self.connected = False

    def _says_in_class(self, data: str) -> bool:
        """Whether ``data`` updates the class bar's status with the class's code."""
        status = self.page.class_status if self.page is not None else None
        member = self.member or {}
        code = member.get("code")
        return (
            status is not None and isinstance(code, str) and f'"{status}":' in data and code in data
        )

    async def _ack(self) -> None:
        assert self.page is not None
        while True:
            await asyncio.sleep(ACK_EVERY_S)
            if self.next_id > self.acked:
                payload = {"client_id": self.page.client_id, "next_message_id": self.next_id}
                await self._send("42" + json.dumps(["ack", payload]))
                self.acked = self.next_id

    async def leave(self) -> None:
        """Close the tab."""
        self.closing = True
        for task in self._tasks:
            task.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()


def values(page: Page, phase: int, margin: int = 5) -> Any:
    """An endless back-and-forth drag over the slider's grid, one grid step at a time,
    starting ``phase`` steps into the sweep; consecutive values always differ."""
    n = round((page.hi - page.lo) / page.step)
    a, b = margin, n - margin
    span = b - a
    k = phase % (2 * span)
    while True:
        i = a + (k if k < span else 2 * span - k)
        yield round(page.lo + i * page.step, 10)
        k = (k + 1) % (2 * span)


# ---- frames compared with the browser's (load.py --verify) ----------------------------------

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")


def skeleton(x: Any) -> Any:
    """A frame's payload with its values replaced by their kinds (uuids, numbers, …)."""
    if isinstance(x, dict):
        return {k: skeleton(v) for k, v in sorted(x.items())}
    if isinstance(x, list):
        return [skeleton(v) for v in x[:1]]
    if isinstance(x, str):
        return "<uuid>" if UUID.fullmatch(x) else "<num>" if NUMBER.fullmatch(x) else x[:24]
    return type(x).__name__


def shape(frame: str) -> str:
    if frame.startswith("42["):
        name, *payload = json.loads(frame[2:])
        return f"42 {name} " + json.dumps(skeleton(payload[0] if payload else None))
    return frame[:2] if frame.startswith("4") else frame[:1]


def kind(frame: str) -> str:
    """A received frame's kind: the engine.io packet, or socket.io's event name."""
    match = re.match(r'42\["(\w+)"', frame)
    return f"42 {match.group(1)}" if match else frame[:2] if frame.startswith("4") else frame[:1]


def frame_record(data: Any, direction: str, t: float) -> dict[str, Any]:
    """A recorded frame; a received one only as its start and length (updates are large)."""
    text = data if isinstance(data, str) else ""
    if direction == "recv":
        return {"t": round(t, 4), "dir": direction, "data": text[:100], "chars": len(text)}
    return {"t": round(t, 4), "dir": direction, "data": text}


def url_shape(url: str) -> str:
    return UUID.sub("<uuid>", re.sub(r"^wss?://[^/]+", "", url))


def page_elements(html: str) -> tuple[str, dict[str, Any]]:
    """A page's client id and its elements (id → tag, props, events) from its HTML."""
    client_id = re.search(r"'client_id': '([0-9a-f-]+)'", html)
    raw = re.search(r"parseElements\(String\.raw`(.*?)`\)", html, re.S)
    if client_id is None or raw is None:
        raise ValueError("not a NiceGUI page (no client id or elements)")
    text = raw.group(1)
    for escaped, char in (("&#36;", "$"), ("&#96;", "`"), ("&gt;", ">"), ("&lt;", "<")):
        text = text.replace(escaped, char)
    return client_id.group(1), json.loads(text.replace("&amp;", "&"))


async def upload(base: str, name: str, data: bytes, patience: float = 120.0) -> float | None:
    """What a student on "Your predictions" does to upload a predictions file: open the page
    and its socket, post the file as the upload box does, and wait until the page says it was
    received (or refused). Returns the seconds that took, or None if it never did."""
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))
    try:
        async with session.get(base + "/predictions") as response:
            client_id, elements = page_elements(await response.text())
        (box,) = [
            k
            for k, e in elements.items()
            if e.get("props", {}).get("data-testid") == "upload-predictions"
        ]
        ws = await session.ws_connect(socket_url(base, client_id), max_msg_size=0)
        await ws.receive()
        await ws.send_str("40")
        start = time.monotonic()
        form = aiohttp.FormData()
        form.add_field("file", io.BytesIO(data), filename=name, content_type="text/csv")
        async with session.post(f"{base}/_nicegui/client/{client_id}/upload/{box}", data=form):
            pass
        received = f"{name} ({len(data) / 1e3:.1f} kB)"

        async def answer() -> float | None:
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    return None
                if message.data == "2":
                    await ws.send_str("3")
                elif received in message.data or f"{name}: " in message.data:
                    return time.monotonic() - start
            return None

        try:
            return await asyncio.wait_for(answer(), patience)
        except TimeoutError:
            return None
        finally:
            await ws.close()
    finally:
        await session.close()
