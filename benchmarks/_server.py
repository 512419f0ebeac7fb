"""The explorer served for a benchmark: started in a subprocess that logs its garbage
collections, and its CPU, RSS and pauses read from /proc (Linux)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from xentlab.app.server.workers import free_port

__all__ = ["BOOT", "Server", "class_code", "start_server", "stop_server"]

TICK = os.sysconf("SC_CLK_TCK")

#: the server, wrapped: every collection of generation 1 or 2 (and any slower than 5 ms) is
#: logged with its pause, then ``xentlab serve`` runs as usual, with any arguments after the
#: third (or, given a third argument, that script: the reference page of ``load.py
#: --reference``)
BOOT = """
import gc, sys, time
log, start = open(sys.argv[1], "a", buffering=1), [0.0]
def timing(phase, info):
    if phase == "start":
        start[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - start[0]) * 1000
    if info["generation"] > 0 or ms > 5:
        log.write(f"{time.monotonic():.3f} {info['generation']} {ms:.3f}\\n")
gc.callbacks.append(timing)
import xentlab
if sys.argv[3]:
    import runpy
    print("serving", sys.argv[3], flush=True)
    sys.argv = [sys.argv[3], sys.argv[2]]
    runpy.run_path(sys.argv[0], run_name="__main__")
    sys.exit(0)
print("serving", xentlab.__file__, flush=True)
from xentlab.cli import main
sys.exit(main(["serve", "--port", sys.argv[2], "--no-browser", *sys.argv[4:]]))
"""


class Server:
    """CPU, RSS and GC pauses of the server's processes (none known: all read as NaN)."""

    def __init__(self, pids: list[int], gc_log: Path | None = None) -> None:
        self.pids, self.gc_log = pids, gc_log

    def cpu(self) -> float:
        total = 0.0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        return total if self.pids else float("nan")

    def rss_mb(self) -> float:
        total = 0.0
        for pid in self.pids:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
        return total if self.pids else float("nan")

    def pauses(self, since: float) -> list[tuple[int, float]]:
        """(generation, ms) of the collections logged since ``since`` (monotonic)."""
        if self.gc_log is None or not self.gc_log.exists():
            return []
        rows = (line.split() for line in self.gc_log.read_text().splitlines())
        return [(int(g), float(ms)) for t, g, ms in rows if float(t) >= since]

    def full_collections(self, since: float) -> list[float]:
        """The pauses (ms) of the collections of the oldest generation since ``since``."""
        return [ms for g, ms in self.pauses(since) if g == 2]


def start_server(
    src: str | None,
    log_dir: Path,
    env: Mapping[str, str] | None = None,
    script: Path | None = None,
    serve: Sequence[str] = (),
) -> tuple[subprocess.Popen[bytes], str, Server]:
    """``xentlab serve`` (of ``src``'s checkout if given; ``env`` added to its environment;
    ``serve`` added to its arguments, e.g. ``["--class"]``), or the NiceGUI app ``script``, on
    a free port, its output in ``log_dir/server.log`` and its collections in ``gc.log``."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))},
        **(env or {}),
    }
    if src:
        if not (Path(src) / "src" / "xentlab").is_dir():
            raise SystemExit(f"no xentlab in {src}/src")
        env["PYTHONPATH"] = str(Path(src).resolve() / "src")
    gc_log = log_dir / "gc.log"
    out = open(log_dir / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    cmd = [sys.executable, "-c", BOOT, str(gc_log), str(port), str(script or ""), *serve]
    process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"server did not start; see {log_dir / 'server.log'}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                break
        except urllib.error.HTTPError:
            break  # it answers (the reference page has no "/")
        except OSError:
            time.sleep(0.1)
    print((log_dir / "server.log").read_text().splitlines()[0])  # serving …/xentlab/__init__.py
    return process, url, Server([process.pid], gc_log)


def class_code(log_dir: Path) -> str:
    """The join code a server started with ``--class`` printed (``Class CODE: students join
    at …``) in ``log_dir/server.log``."""
    printed = (log_dir / "server.log").read_text()
    found = re.search(r"^Class (\w+): students join at \S+$", printed, re.M)
    if found is None:
        raise SystemExit(f"the server printed no class; see {log_dir / 'server.log'}")
    return found.group(1)


def stop_server(process: subprocess.Popen[bytes] | None, timeout: float = 30.0) -> None:
    """Ctrl-C a server from :func:`start_server` (if any) and wait for it; kill it after
    ``timeout`` seconds."""
    if process is None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
