"""Where the explorer listens: whether the address can be bound, and what ``xentlab serve``
prints on start (the address others on the network open)."""

from __future__ import annotations

import socket

__all__ = ["announcement", "check_can_bind", "network_address"]

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


def check_can_bind(host: str, port: int) -> None:
    """Raise OSError now (e.g. port in use) rather than after announcing the URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        s.bind((host, port))
