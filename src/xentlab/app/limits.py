"""Limits on what a browser may send: an upload larger than the page accepts is refused from its
declared size, before its body is read, so it never fills memory or a temporary file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from xentlab.files import MAX_FILE_BYTES

__all__ = ["UPLOAD_LIMIT", "UploadLimit"]

#: the largest upload request accepted: one file of the page's limit plus multipart framing
UPLOAD_LIMIT = MAX_FILE_BYTES + 64 * 1024

Scope = MutableMapping[str, Any]
ASGI = Callable[
    [Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]


class UploadLimit:
    """ASGI middleware: answer 413 to an upload (``POST …/upload/…``) that does not declare its
    length or declares more than ``limit`` bytes."""

    def __init__(self, app: ASGI, limit: int = UPLOAD_LIMIT) -> None:
        self.app, self.limit = app, limit

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and "/upload/" in scope["path"]:
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if not declared.isdigit() or int(declared) > self.limit:
                body = f"uploads are limited to {MAX_FILE_BYTES // 1_000_000} MB".encode()
                headers = [(b"content-type", b"text/plain; charset=utf-8")]
                await send({"type": "http.response.start", "status": 413, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
