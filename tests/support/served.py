"""The real explorer served in a subprocess, for the tests that drive it (browser tests, raw
websocket clients, the workers)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.machine import children, command_line, free_port, server_env


def start_server(port: int, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """``python -m xentlab.app`` on ``port``, outside pytest's view (NiceGUI reads its env),
    with ``env`` added to the environment."""
    env = server_env(env)
    cmd = [sys.executable, "-m", "xentlab.app", "--port", str(port), "--no-browser"]
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_until_ready(url: str, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers 200; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server at {url} not ready after {timeout} s")


def stop_server(process: subprocess.Popen[str], timeout: float = 20.0) -> tuple[int, str]:
    """Ctrl-C the server and return its exit code and output (killed after ``timeout`` s)."""
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return process.returncode, output


#: logged by Starlette when a browser drops a request it no longer needs (a page closed while
#: an asset was loading): the client went away, the server is fine
CLIENT_WENT_AWAY = "RuntimeError: No response returned."


def server_errors(output: str) -> list[str]:
    """The server's logged errors, each with its traceback, less client disconnects."""
    blocks = output.split("ERROR:")[1:]
    return [b for b in blocks if CLIENT_WENT_AWAY not in b]


def without_client_disconnects(output: str) -> str:
    """The server's output less the logged client disconnects (and their tracebacks)."""
    before, *blocks = output.split("ERROR:")
    return "ERROR:".join([before, *server_errors(output)]) if blocks else before


@contextmanager
def served_explorer(env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve the explorer on a free port (``env`` added to its environment); yield its URL;
    afterwards it must stop cleanly (exit code 0, no logged error, no traceback)."""
    port = free_port()
    process = start_server(port, env)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(url + "/", process)
    yield url
    code, output = stop_server(process)
    assert code == 0, output
    assert server_errors(output) == [], output
    assert "Traceback" not in without_client_disconnects(output), output


def serve_until_announced(args: Sequence[str]) -> tuple[subprocess.Popen[str], str, str]:
    """``xentlab serve <args>`` on a free port, read until it announces itself (once HAProxy
    and every worker answer); its process, its URL and what it printed before."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "xentlab", "serve", *args, "--port", str(port), "--no-browser"],
        env=server_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    url = f"http://127.0.0.1:{port}"
    before: list[str] = []
    while not (line := process.stdout.readline()).startswith(f"xentlab explorer running at {url}/"):
        assert line, f"serve {' '.join(args)} exited with {process.wait()}:\n{''.join(before)}"
        before.append(line)
    return process, url, "".join(before)


@contextmanager
def served_workers(workers: int = 2) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``xentlab serve --workers N`` (HAProxy in front) on a free port; yield its URL and
    process; afterwards it must stop cleanly on Ctrl-C (exit code 0, no logged error)."""
    process, url, _ = serve_until_announced(["--workers", str(workers)])
    yield url, process
    code, output = stop_server(process, timeout=60)
    assert code == 0, output
    assert server_errors(output) == [], output
    assert output.splitlines()[-1] == "xentlab explorer stopped.", output


def marked(elements: dict[str, Any], testid: str) -> int:
    """The id of the element marked ``data-testid=testid``."""
    (found,) = [
        int(k) for k, e in elements.items() if e.get("props", {}).get("data-testid") == testid
    ]
    return found


@dataclass(frozen=True)
class ClassServer:
    """``xentlab serve --class`` running: its address, its process, its class's code and the
    teacher's and the students' links it printed."""

    url: str
    process: subprocess.Popen[str]
    code: str
    teacher: str
    join: str


@contextmanager
def served_class(workers: int = 1, extra: Sequence[str] = ()) -> Iterator[ClassServer]:
    """``xentlab serve --class`` (``--workers N`` when N > 1, then ``extra``) on a free port;
    yield it once it answers; afterwards it must stop cleanly on Ctrl-C."""
    more = ["--workers", str(workers)] if workers > 1 else []
    process, url, printed = serve_until_announced(["--class", *more, *extra])
    # the class's lines come first, the explorer's announcement last
    code = re.search(r"^Class (\w+): students join at (\S+)$", printed, re.M)
    teacher = re.search(r"^Your teacher's page .*: (\S+)$", printed, re.M)
    assert code is not None and teacher is not None, printed
    try:
        wait_until_ready(url + "/", process)
        yield ClassServer(url, process, code[1], teacher[1], code[2])
    finally:  # (a failed test stops its server too)
        returncode, output = stop_server(process, timeout=60)
    assert returncode == 0, output
    assert server_errors(output) == [], output  # (a page a follow-me left may drop a request)


def haproxy_config(supervisor: subprocess.Popen[str]) -> str:
    """The HAProxy configuration ``serve --workers`` wrote (named on HAProxy's command line)."""
    for pid in children(supervisor.pid):
        argv = command_line(pid)
        if argv and argv[0].endswith("haproxy"):
            return Path(argv[argv.index("-f") + 1]).read_text(encoding="utf-8")
    raise AssertionError("no haproxy among the supervisor's children")


def worker_pid(supervisor: subprocess.Popen[str], cookie: str) -> int:
    """The worker process of ``serve --workers`` that HAProxy names ``cookie`` (w1, w2, …)."""
    config = haproxy_config(supervisor)
    found = re.search(rf"^\s*server {cookie} 127\.0\.0\.1:(\d+) ", config, re.M)
    assert found is not None, config
    for pid in children(supervisor.pid):
        argv = command_line(pid)
        if "serve" in argv and argv[argv.index("--port") + 1] == found[1]:
            return pid
    raise AssertionError(f"no worker process for {cookie}")
