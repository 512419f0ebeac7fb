"""The explorer: a NiceGUI web app with one page per section, served on localhost.

``run()`` serves it (the ``xentlab`` / ``xentlab serve`` command calls it);
``register_pages()`` adds its routes to a NiceGUI app (the tests use it). Both need the "app"
extra (NiceGUI) and say so in one line when it is missing; importing this package needs nothing.
"""

from __future__ import annotations

import contextlib
import gc
import socket

from xentlab._extras import require

__all__ = ["announcement", "network_address", "register_pages", "run", "tame_garbage_collection"]

#: what the message names when the "app" extra is missing
WHAT = "the explorer"


def register_pages(lang: str | None = None) -> None:
    """Register every page with NiceGUI (call once per app, before ``ui.run``); ``lang`` is the
    language of a link that names none (default: the browser's preferred one)."""
    require("app", WHAT)
    from xentlab.app import pages

    pages.register_pages(lang)


def run(
    host: str = "127.0.0.1", port: int = 8080, show: bool = True, lang: str | None = None
) -> None:
    """Serve the explorer at http://host:port/ until Ctrl-C; open a browser tab if ``show``;
    ``lang`` is the language of a link that names none (default: the browser's preferred one)."""
    require("app", WHAT)
    from nicegui import ui

    _check_can_bind(host, port)
    register_pages(lang)
    from nicegui import app

    from xentlab.app.inbox import Inbox
    from xentlab.app.limits import (
        UploadLimit,
        limit_websocket_messages,
        long_link_protocol,
        quiet_client_logs,
    )
    from xentlab.app.workers import add_health_route

    app.add_middleware(UploadLimit)
    websocket_limit = limit_websocket_messages(app)
    quiet_client_logs()
    app.add_middleware(Inbox)  # outermost: reads each socket as its messages arrive
    add_health_route(app)  # GET /healthz, for HAProxy's and Docker's health checks
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


#: the addresses that mean "every interface of this machine"
WILDCARDS = ("0.0.0.0", "::", "")


def announcement(host: str, port: int) -> list[str]:
    """What ``xentlab serve`` prints on start: where to open the explorer, and, when it listens
    on every interface, the address others should open and that anyone on the network can.

    Example:
        >>> announcement("127.0.0.1", 8080)
        ['xentlab explorer running at http://127.0.0.1:8080/  (Ctrl-C to stop)']
    """
    if host not in WILDCARDS:
        return [f"xentlab explorer running at http://{_url_host(host)}:{port}/  (Ctrl-C to stop)"]
    lines = [f"xentlab explorer running at http://127.0.0.1:{port}/  (Ctrl-C to stop)"]
    address = network_address()
    if address is not None:
        lines.append(f"Students on your network open http://{address}:{port}/")
    else:
        lines.append(f"Others open http://<this machine's address>:{port}/")
    lines.append(
        f"Listening on all interfaces ({host or '0.0.0.0'}): anyone who can reach this machine "
        "can use the explorer. Use --host 127.0.0.1 to keep it to yourself."
    )
    return lines


def network_address() -> str | None:
    """This machine's address on its outward network, or None when it has none.

    Connecting a UDP socket sends nothing; it only asks the kernel which interface would route
    to a public address.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere for real
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else str(address)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _check_can_bind(host: str, port: int) -> None:
    """Raise OSError now (e.g. port in use) rather than after announcing the URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        s.bind((host, port))
