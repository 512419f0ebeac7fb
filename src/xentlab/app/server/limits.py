"""Limits on what a browser may send: an upload larger than the page accepts is refused from its
declared size, before its body is read, so it never fills memory or a temporary file, and a
form the page could not have sent is answered 400 (never a 500); a websocket message larger
than any the page sends closes that one socket (its page would reconnect), and one the page
could not have sent (not engine.io, not socket.io, not shaped as NiceGUI's events) is dropped
quietly, before it can raise in NiceGUI's handlers; what a page's script reports to the
server's log is written as one escaped line at debug level, never as the server's own error;
and a link too long to read gets the page's defaults with a notice. Either way the other
clients of the process see nothing."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from xentlab.reports.prediction_files import MAX_FILE_BYTES
from xentlab.reports.view import MAX_PASTE_CHARS

__all__ = [
    "ASGI",
    "LONG_LINK_KEY",
    "MAX_LINK_CHARS",
    "NUMBER_CHARS",
    "UPLOAD_LIMIT",
    "WEBSOCKET_LIMIT",
    "AnswerGone",
    "Receive",
    "Scope",
    "Send",
    "UploadLimit",
    "WebsocketGuard",
    "WebsocketMiddleware",
    "limit_websocket_messages",
    "list_chars",
    "long_link_protocol",
    "plausible_frame",
    "quiet_client_logs",
]

#: the largest upload request accepted: one file of the page's limit plus multipart framing
UPLOAD_LIMIT = MAX_FILE_BYTES + 64 * 1024

#: the largest websocket message accepted, in bytes: the longest text a page sends is a full
#: paste box (MAX_PASTE_CHARS characters, at most 3 bytes each in UTF-8 and JSON for any
#: character of the Basic Multilingual Plane, newlines and tabs included) plus the event around
#: it; every other box holds a few dozen characters
WEBSOCKET_LIMIT = 3 * MAX_PASTE_CHARS + 64 * 1024

#: the longest text a box for one number accepts (any number one writes by hand fits)
NUMBER_CHARS = 32

#: the longest query a link to a page may have: more than the explorer ever writes (its longest
#: state, §8's 2,000 characters of text, is at most 24,000 percent-encoded; a test checks every
#: section's), less than the HTTP parser reads (64 KiB); a longer link opens the page with its
#: defaults and a notice, and ``serve --workers`` sizes HAProxy's buffer for it
MAX_LINK_CHARS = 32_768
#: the query key of a page opened after its link was too long to read (see LongLinkProtocol)
LONG_LINK_KEY = "long_link"


def list_chars(count: int) -> int:
    """The longest text a box for ``count`` comma-separated numbers accepts."""
    return count * (NUMBER_CHARS + 2)


#: what a malformed message raises in python-socketio's decoding or NiceGUI's handlers
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def limit_websocket_messages(app: Any, limit: int = WEBSOCKET_LIMIT) -> int:
    """Guard NiceGUI's socket: engine.io refuses a message over ``limit`` bytes (closing that
    socket), :class:`WebsocketGuard` drops frames the page never sends, and a message that
    socket.io cannot decode or whose payload NiceGUI cannot read is ignored. Returns
    ``limit``, for uvicorn's ``ws_max_size``: uvicorn then refuses an oversized message as it
    arrives (its default lets one grow to 16 MiB before engine.io sees it)."""
    from xentlab.app.server.nicegui_compat import engineio, socketio_events

    engineio().max_http_buffer_size = limit  # also a long-polling POST's largest body
    handlers = engineio().handlers
    handlers["message"] = _ignoring_malformed(handlers["message"])
    events = socketio_events()
    for name in [n for n in events if n not in ("connect", "disconnect")]:
        events[name] = _ignoring_malformed(events[name], needs_client=True)
    app.add_middleware(WebsocketGuard)
    return limit


def _ignoring_malformed(handler: Callable[..., Any], needs_client: bool = False) -> Any:
    """``handler`` that answers None to a payload that is not a dict naming a client (with
    ``needs_client``), and to one it fails to read. A handler guarded already is returned as it
    is (the tests install the stack on one NiceGUI socket for many apps)."""
    if getattr(handler, "ignores_malformed", False):
        return handler

    def readable(args: tuple[Any, ...]) -> bool:
        payload = args[1] if len(args) > 1 else None
        return not needs_client or (
            isinstance(payload, dict) and isinstance(payload.get("client_id"), str)
        )

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def guarded_async(*args: Any) -> Any:
            if not readable(args):
                return None
            try:
                return await handler(*args)
            except MALFORMED:
                return None

        guarded_async.ignores_malformed = True  # type: ignore[attr-defined]
        return guarded_async

    @functools.wraps(handler)
    def guarded(*args: Any) -> Any:
        if not readable(args):
            return None
        try:
            return handler(*args)
        except MALFORMED:
            return None

    guarded.ignores_malformed = True  # type: ignore[attr-defined]
    return guarded


def plausible_frame(text: str | None) -> bool:
    """Whether a websocket frame could come from NiceGUI's page: text, starting with an
    engine.io packet type (0–6), a message (4) carrying a socket.io packet that is not binary.

    Example:
        >>> [plausible_frame(t) for t in ["2", '42["event",{}]', "45-", "9", "", None]]
        [True, True, False, False, False, False]
    """
    if not text or text[0] not in "0123456":
        return False
    return text[0] != "4" or text[1:2] in ("0", "1", "2", "3", "4")


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _answer(send: Send, status: int, text: str) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})


class AnswerGone:
    """ASGI middleware: a request whose browser went away before its answer started (a page
    closed while its files load: a file response stops when it hears the disconnect) gets an
    empty 400 that nobody reads. Without an answer, NiceGUI's own middleware (Starlette's
    ``BaseHTTPMiddleware``) logs "No response returned" as a server error."""

    def __init__(self, app: ASGI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = gone = False

        async def heard() -> Any:
            nonlocal gone
            message = await receive()
            gone = gone or message["type"] == "http.disconnect"
            return message

        async def tracked(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, heard, tracked)
        if gone and not started:
            await _answer(send, 400, "")


class UploadLimit:
    """ASGI middleware for uploads (``POST …/upload/…``): 413 to one that does not declare its
    length or declares more than ``limit`` bytes; 400 to one that is not a multipart form, or
    whose form NiceGUI cannot read (a ``file`` part without a file name, say), or whose
    browser went away mid-upload (nobody reads that answer, but nothing is logged either)."""

    def __init__(self, app: ASGI, limit: int = UPLOAD_LIMIT) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http" and scope["method"] == "POST" and "/upload/" in scope["path"]
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if not declared.isdigit() or int(declared) > self.limit:
            await _answer(send, 413, f"uploads are limited to {MAX_FILE_BYTES // 1_000_000} MB")
            return
        if not headers.get(b"content-type", b"").startswith(b"multipart/form-data"):
            await _answer(send, 400, "expected a multipart/form-data upload")
            return
        from starlette.requests import ClientDisconnect

        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except (ClientDisconnect, *MALFORMED):
            if started:
                raise
            # for a browser gone mid-upload, nobody reads it, but NiceGUI's middleware around
            # this one needs an answer (else it logs "No response returned" as an error)
            await _answer(send, 400, "expected a form with one file, as the upload box sends")


class WebsocketMiddleware:
    """ASGI middleware that acts on websockets only (its :meth:`websocket`); every other
    connection passes to ``app`` untouched."""

    def __init__(self, app: ASGI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        await self.websocket(scope, receive, send)

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one websocket (through ``self.app``)."""
        raise NotImplementedError


class WebsocketGuard(WebsocketMiddleware):
    """ASGI middleware: of a websocket's incoming frames, pass on only :func:`plausible_frame`
    ones (binary frames, empty ones and unknown packet types are dropped)."""

    async def websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def plausible() -> Any:
            while True:
                message = await receive()
                if message["type"] != "websocket.receive" or plausible_frame(message.get("text")):
                    return message

        await self.app(scope, plausible, send)


def quiet_client_logs() -> None:
    """What a page's script sends to the server's log (any client can send anything, at any
    level) is written as one escaped line of at most 200 characters at debug level."""
    import logging

    from xentlab.app.server.nicegui_compat import socketio_events

    logger = logging.getLogger("xentlab.client")

    def client_log(_: str, message: Any) -> None:
        text = message.get("message") if isinstance(message, dict) else message
        logger.debug("a page reported: %s", ascii(str(text))[:200])

    socketio_events()["log"] = client_log


def _long_link_target(url: bytes) -> bytes:
    """Where a link too long to read is sent: its page (the path, if it is one of ours) with
    the notice key, and its language if the readable start of the link names one.

    Example:
        >>> _long_link_target(b"/binary?lang=zh&yhat=" + b"9" * 70000)
        b'/binary?long_link=1&lang=zh'
        >>> _long_link_target(b"/" + b"a" * 70000)
        b'/?long_link=1'
    """
    from xentlab.course.content import LANGUAGES

    path, _, query = url.partition(b"?")
    if len(path) > 64 or not path.startswith(b"/") or not path[1:].replace(b"-", b"").isalnum():
        path = b"/"
    target = path + b"?" + LONG_LINK_KEY.encode() + b"=1"
    lang = next((p[5:] for p in query.split(b"&") if p.startswith(b"lang=")), b"")
    return target + b"&lang=" + lang if lang.decode("ascii", "replace") in LANGUAGES else target


def long_link_protocol() -> Any:
    """uvicorn's HTTP protocol (httptools, as NiceGUI's uvicorn[standard] brings) whose answer
    to a request it cannot read is, when the request was a link too long to read (the parser
    stops at 64 KiB), a redirect to the page with a notice instead of a bare 400."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class LongLinks(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            url = getattr(self, "url", b"")
            if len(url) <= MAX_LINK_CHARS or not url.startswith(b"/"):
                super().send_400_response(msg)
                return
            location = _long_link_target(url)
            self.transport.write(
                b"HTTP/1.1 303 See Other\r\nlocation: " + location + b"\r\n"
                b"content-length: 0\r\nconnection: close\r\n\r\n"
            )
            self.transport.close()

    return LongLinks
