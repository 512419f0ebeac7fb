"""The middleware every explorer server runs, outermost first; ``serve`` and the tests install
the same stack with :func:`install`."""

from __future__ import annotations

from typing import Any

__all__ = ["install"]


def install(app: Any) -> int:
    """Add the explorer's middleware and health route to NiceGUI's ``app`` (before it serves):

    1. :class:`~xentlab.app.server.steps.Inbox`: each socket read as its messages arrive, a
       slider's superseded values dropped;
    2. :class:`~xentlab.app.server.limits.WebsocketGuard` and the capped socket.io messages;
    3. :class:`~xentlab.app.server.limits.UploadLimit`: uploads refused past their limit;
    4. :class:`~xentlab.app.server.limits.AnswerGone`: a request whose browser went away before
       its answer started is answered all the same (NiceGUI's middleware needs an answer);

    and ``GET /healthz``. A page's log messages are quieted. Returns the largest websocket
    message, for uvicorn's ``ws_max_size``.
    """
    from xentlab.app.server.limits import (
        AnswerGone,
        UploadLimit,
        limit_websocket_messages,
        quiet_client_logs,
    )
    from xentlab.app.server.steps import Inbox
    from xentlab.app.server.workers import add_health_route

    # Starlette runs the middleware added last first
    app.add_middleware(AnswerGone)
    app.add_middleware(UploadLimit)
    websocket_limit = limit_websocket_messages(app)
    quiet_client_logs()
    app.add_middleware(Inbox)
    add_health_route(app)  # GET /healthz, for HAProxy's and Docker's health checks
    return websocket_limit
