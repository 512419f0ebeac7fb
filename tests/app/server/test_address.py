"""What `xentlab serve` says when it starts: where to open it, and who else can."""

from __future__ import annotations

import ipaddress
import signal
import subprocess
import sys

import pytest

import xentlab.app.server.address as address
from support.machine import free_port, server_env


def test_localhost_gets_one_line() -> None:
    assert address.announcement("127.0.0.1", 9000) == [
        "xentlab explorer running at http://127.0.0.1:9000/  (Ctrl-C to stop)"
    ]
    assert address.announcement("::1", 9000)[0].startswith(
        "xentlab explorer running at http://[::1]:9000/"
    )


def test_every_interface_names_the_address_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(address, "network_address", lambda: "192.168.1.23")
    assert address.announcement("0.0.0.0", 8080) == [
        "xentlab explorer running at http://127.0.0.1:8080/  (Ctrl-C to stop)",
        "Students on your network open http://192.168.1.23:8080/",
        "Listening on all interfaces (0.0.0.0): anyone who can reach this machine can use the "
        "explorer. Use --host 127.0.0.1 to keep it to yourself.",
    ]
    monkeypatch.setattr(address, "network_address", lambda: None)
    assert (
        address.announcement("::", 8080)[1] == "Others open http://<this machine's address>:8080/"
    )


def test_network_address_is_an_outward_ipv4_address_or_none() -> None:
    found = address.network_address()
    if found is not None:
        parsed = ipaddress.IPv4Address(found)
        assert not parsed.is_loopback and not parsed.is_unspecified


def test_serving_on_every_interface_prints_the_warning() -> None:
    port = free_port()
    env = server_env()
    cmd = [sys.executable, "-m", "xentlab", "serve", "--host", "0.0.0.0", "--port", str(port)]
    with subprocess.Popen(
        [*cmd, "--no-browser"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline().rstrip("\n") for _ in range(3)]
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
    assert lines[0] == f"xentlab explorer running at http://127.0.0.1:{port}/  (Ctrl-C to stop)"
    assert lines[1].endswith(f":{port}/")
    assert lines[2].startswith("Listening on all interfaces (0.0.0.0): anyone who can reach")
