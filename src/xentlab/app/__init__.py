"""The explorer: a NiceGUI web app with one page per section, served on localhost.

``run()`` serves it (the ``xentlab`` / ``xentlab serve`` command calls it);
``register_pages()`` adds its routes to a NiceGUI app (the tests use it). Both need the "app"
extra (NiceGUI) and say so in one line when it is missing; importing this package needs nothing.
"""

from __future__ import annotations

import contextlib
import gc

from xentlab._src.extras import require

__all__ = ["register_pages", "run", "tame_garbage_collection"]

#: what the message names when the "app" extra is missing
WHAT = "the explorer"


def register_pages(lang: str | None = None) -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``); ``lang`` is the
    language of a link that names none (default: the browser's preferred one)."""
    require("app", WHAT)
    from xentlab.app.pages import routes

    routes.register_pages(lang)


def run(
    host: str = "127.0.0.1", port: int = 8080, show: bool = True, lang: str | None = None
) -> None:
    """Serve the explorer at http://host:port/ until Ctrl-C; open a browser tab if ``show``;
    ``lang`` is the language of a link that names none (default: the browser's preferred one)."""
    require("app", WHAT)
    from nicegui import ui

    from xentlab.app.server.address import announcement, check_can_bind

    check_can_bind(host, port)
    register_pages(lang)
    from nicegui import app

    from xentlab.app.server.limits import long_link_protocol
    from xentlab.app.server.stack import install

    websocket_limit = install(app)
    app.on_startup(tame_garbage_collection)
    for line in announcement(host, port):
        print(line, flush=True)
    # Ctrl-C: uvicorn shuts the server down, then asyncio re-raises KeyboardInterrupt
    with contextlib.suppress(KeyboardInterrupt):
        ui.run(
            host=host,
            port=port,
            show=show,
            reload=False,
            title="xentlab",
            favicon="📈",
            show_welcome_message=False,
            uvicorn_logging_level="warning",
            reconnect_timeout=10.0,
            ws_max_size=websocket_limit,
            http=long_link_protocol(),
        )
    print("xentlab explorer stopped.", flush=True)


def tame_garbage_collection() -> None:
    """Keep the server's full garbage collections short: collect once, then freeze what the
    start created (modules, pages, NiceGUI itself: most of the process's objects) so that no
    later collection walks it again; a full collection then walks only the open pages' objects
    (on a 10-minute churn of 20 pages at a time, pauses of 25–70 ms instead of 80–170 ms).

    The second collection, of next to nothing, resets what Python's full collections wait for
    (survivors into the oldest generation reaching a quarter of what the last one left): left
    at the whole start's count, they would not come for many minutes while closed pages' cycles
    piled up. Raising the thresholds did the same (RSS grew without bound), so Python's stay.
    """
    gc.collect()
    gc.freeze()
    gc.collect()
