"""What the explorer's server does with a request whose browser went away before its answer
started (xentlab.app.server.limits.AnswerGone): it is answered, so that NiceGUI's own middleware
(Starlette's BaseHTTPMiddleware) never logs "No response returned" as a server error."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from support.machine import run_apart
from xentlab.app.server.limits import AnswerGone

SCOPE = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "http",
    "path": "/_nicegui/static/quasar.js",
    "raw_path": b"/_nicegui/static/quasar.js",
    "root_path": "",
    "query_string": b"",
    "headers": [],
    "server": ("127.0.0.1", 8080),
    "client": ("127.0.0.1", 50000),
}


class LikeNiceGUI(BaseHTTPMiddleware):
    """A middleware of the kind NiceGUI puts around the app (it sets headers on the response)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        return await call_next(request)


async def file_that_hears_the_disconnect(scope: Any, receive: Any, send: Any) -> None:
    """A file response whose browser left first: it stops without a word, as Starlette's do."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def request_then_gone(app: Any) -> list[dict[str, Any]]:
    """What ``app`` sends for a GET whose browser disconnects before any answer."""
    arrived = [
        {"type": "http.request", "body": b"", "more_body": False},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if arrived:
            return arrived.pop(0)
        await asyncio.Event().wait()  # nothing more ever comes
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(dict(SCOPE), receive, send)
    return sent


def test_a_request_whose_browser_left_is_answered_and_nothing_is_raised() -> None:
    app = LikeNiceGUI(AnswerGone(file_that_hears_the_disconnect))
    sent = run_apart(request_then_gone(app))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 400


def test_without_it_starlette_calls_the_browsers_leaving_a_server_error() -> None:
    # the failure AnswerGone exists for: if Starlette stops raising it, AnswerGone can go
    app = LikeNiceGUI(file_that_hears_the_disconnect)
    with pytest.raises(RuntimeError, match="No response returned"):
        run_apart(request_then_gone(app))


def test_an_answered_request_passes_untouched() -> None:
    async def answered(scope: Any, receive: Any, send: Any) -> None:
        await Response("ok")(scope, receive, send)

    sent = run_apart(request_then_gone(LikeNiceGUI(AnswerGone(answered))))
    assert sent[0]["status"] == 200
    assert next(m.get("body") for m in sent if m["type"] == "http.response.body") == b"ok"
