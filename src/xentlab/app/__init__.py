"""The explorer: a NiceGUI web app with one page per section, served on localhost.

``run()`` serves it (the ``xentlab`` / ``xentlab serve`` command calls it);
``register_pages()`` adds its routes to a NiceGUI app (the tests use it). Both need the "app"
extra (NiceGUI) and say so in one line when it is missing; importing this package needs nothing.
"""

from __future__ import annotations

import contextlib
import socket

from xentlab._extras import require

__all__ = ["register_pages", "run"]

#: what the message names when the "app" extra is missing
WHAT = "the explorer"


def register_pages() -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``)."""
    require("app", WHAT)
    from xentlab.app import pages

    pages.register_pages()


def run(host: str = "127.0.0.1", port: int = 8080, show: bool = True) -> None:
    """Serve the explorer at http://host:port/ until Ctrl-C; open a browser tab if ``show``."""
    require("app", WHAT)
    from nicegui import ui

    _check_can_bind(host, port)
    register_pages()
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    print(f"xentlab explorer running at http://{shown_host}:{port}/  (Ctrl-C to stop)", flush=True)
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
        )
    print("xentlab explorer stopped.", flush=True)


def _check_can_bind(host: str, port: int) -> None:
    """Raise OSError now (e.g. port in use) rather than after announcing the URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        s.bind((host, port))
