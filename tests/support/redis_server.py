"""A real Redis server for the tests of the class stores: Debian's ``redis-server`` on a free
port, with nothing saved to disk, started for a test module and stopped after it.

A machine without ``redis-server`` fails the test that needs it, saying what to install (CI
fails on a skip: scripts/test.sh installs the package).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.machine import free_port, stop_process

__all__ = ["REDIS_SERVER", "pings", "redis_server"]

#: Debian's package redis-server installs it here
REDIS_SERVER = "/usr/bin/redis-server"
#: how long a fresh server may take to answer
READY_S = 10.0


def pings(port: int) -> bool:
    """Whether the Redis server on ``port`` of this machine answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(folder: Path | None = None) -> Iterator[str]:
    """A Redis server on a free port of 127.0.0.1 (its log in ``folder``, else in a temporary
    folder), as its address ``redis://127.0.0.1:<port>/0``; stopped at the end."""
    if folder is None:
        with (
            tempfile.TemporaryDirectory(prefix="xentlab-redis-") as temporary,
            redis_server(Path(temporary)) as url,
        ):
            yield url
        return
    binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            f"redis-server is not installed ({REDIS_SERVER} is missing): the Redis class store's "
            "tests need it; install Debian's package redis-server (scripts/test.sh does)",
            pytrace=False,
        )
    port = free_port()
    log = folder / "redis.log"
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    command += ["no", "--dir", str(folder), "--logfile", str(log)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + READY_S
        while not pings(port):
            if process.poll() is not None or time.monotonic() > deadline:
                why = f"exited with {process.returncode}" if process.poll() is not None else ""
                text = log.read_text("utf-8", "replace") if log.exists() else ""
                pytest.fail(f"redis-server did not answer on port {port} {why}:\n{text}")
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_process(process, grace=10)
