"""The Lab under a class: slider latency while the training pool is full, against while it is idle.

One run serves the explorer (its training pool as big as the cores, or ``--workers N``), lets
``--students`` simulated students (``benchmarks/_students.py``: load.py's websocket protocol)
drag section 1's slider at ``--rate`` steps per second, and alternates, ``--rounds`` times:
*idle*, ``--duration`` s of dragging with no training; *full*, ``--trainers`` simulated Lab tabs
press Train within a second (the default race: digits, MLP, 200 epochs) and, once each of them
trains or waits in line, ``--duration`` s of dragging; then the tabs close (which cancels their
runs). Alternating keeps a busy machine's other load from favouring one phase.

Per phase: event → update p50/p95/p99 (ms), steps lost, disconnects, the server process's CPU
and its training processes' CPU (% of one core), the server's full garbage collections (count,
longest pause in ms), this load generator's CPU and event-loop lag (p99, ms), and how long the
server waited for a CPU (ms per second, from /proc schedstat). Then all idle and all full steps
pooled, and the ratio of their p95s. ``--src DIR`` serves the checkout in DIR instead (e.g. one
from before the pool: ``git archive <commit> src | tar -x -C DIR``).

Run: python benchmarks/lab_pool.py [--students 10] [--trainers 30] [--rounds 2] [--duration 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np

from _server import Server, start_server, stop_server
from _students import Student, Tally, event_frame, socket_url, values

SLIDER_PATH, SLIDER = "/binary?yhat=0.5&y=1", "yhat"
LAB_PATH = "/lab?dataset=digits&model=mlp&epochs=200"
TICK = os.sysconf("SC_CLK_TCK")
ELEMENTS = re.compile(r"parseElements\(String\.raw`(.*?)`\)", re.S)
CLIENT_ID = re.compile(r"'client_id': '([0-9a-f-]+)'")
REQUEST_ID = re.compile(r'"request_id":\s*"([^"]+)"')
STATUS = [
    ("done", re.compile(r"Finished \d+ epochs|Stopped at epoch")),
    ("running", re.compile(r"Epoch \d+ of \d+|Starting")),
    ("waiting", re.compile(r"Waiting: \d+")),
]


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def waited_s(pid: int) -> float:
    """Seconds the process's threads have spent runnable but waiting for a CPU (schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(task.read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Trainer:
    """A Lab tab that presses Train, then follows its status line (and keeps its socket alive)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.state = "opened"
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.task: asyncio.Task[None] | None = None
        self.why = "closed"

    async def press_train(self) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        async with self.session.get(self.url + LAB_PATH) as response:
            html = await response.text()
        client = CLIENT_ID.search(html)
        raw = ELEMENTS.search(html)
        assert client is not None and raw is not None, "not a NiceGUI page"
        self.client_id = client.group(1)
        text = raw.group(1)
        for escaped, char in (("&#36;", "$"), ("&#96;", "`"), ("&gt;", ">"), ("&lt;", "<")):
            text = text.replace(escaped, char)
        elements: dict[str, Any] = json.loads(text.replace("&amp;", "&"))
        clicks: list[tuple[int, str]] = []
        drawer: list[tuple[int, str]] = []
        for key, element in elements.items():
            for e in element.get("events", []):
                if element.get("props", {}).get("data-testid") == "train" and e["type"] == "click":
                    clicks.append((int(key), e["listener_id"]))
                if element.get("tag") == "q-drawer" and e["type"] == "update:modelValue":
                    drawer.append((int(key), e["listener_id"]))
        self.ws = await self.session.ws_connect(
            socket_url(self.url, self.client_id), compress=15, autoping=False, max_msg_size=0
        )
        await self.ws.receive()  # engine.io's open
        await self.ws.send_str("40")
        await self.ws.receive()  # socket.io's connect
        self.task = asyncio.create_task(self._read())
        for key, listener in drawer[:1]:
            await self.ws.send_str(event_frame(key, self.client_id, listener, ["true"]))
        for key, listener in clicks:
            await self.ws.send_str(event_frame(key, self.client_id, listener, []))
        self.state = "pressed"

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await self._received(message.data)
                else:
                    self.why = f"{message.type.name} {message.data!r}"[:120]
        except (aiohttp.ClientError, ConnectionError) as exc:
            self.why = repr(exc)[:120]
        self.state = "disconnected"
        print(f"a trainer's socket closed ({self.why}, {self.ws.exception()!r})", flush=True)

    async def _received(self, data: str) -> None:
        assert self.ws is not None
        if data == "2":  # engine.io's ping
            await self.ws.send_str("3")
            return
        if data.startswith('42["run_javascript"') and (req := REQUEST_ID.search(data)):
            result = "__IS_DRAWER_OPEN__" in data or None  # the drawer's state query
            payload = {"request_id": req.group(1), "client_id": self.client_id, "result": result}
            await self.ws.send_str("42" + json.dumps(["javascript_response", payload]))
        for state, pattern in STATUS:
            if pattern.search(data):
                self.state = state
                return

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()


async def drag(student: Student, rate: float, seconds: float, rng: random.Random) -> None:
    """Move the slider ``rate`` times a second for ``seconds`` (as load.py's students do)."""
    assert student.page is not None
    loop = asyncio.get_running_loop()
    sweep = values(student.page, rng.randrange(1000))
    t = loop.time() + rng.random() / rate
    end = loop.time() + seconds
    while t < end and student.connected:
        await asyncio.sleep(max(0.0, t - loop.time()))
        student.move(next(sweep))
        t += 1 / rate


async def rejoin(url: str, students: list[Student]) -> list[Student]:
    """The students, those whose socket closed replaced by new ones."""
    for s in students:
        if not s.connected:
            await s.leave()
    fresh = [Student(url + SLIDER_PATH, SLIDER, Tally()) for s in students if not s.connected]
    await asyncio.gather(*(s.join() for s in fresh))
    return [s for s in students if s.connected] + [s for s in fresh if s.connected]


async def phase(
    name: str, students: list[Student], served: Server, args: argparse.Namespace
) -> Tally:
    tally = Tally()
    for s in students:
        s.tally = tally
    rng = random.Random(1)
    server = served.pids[0]
    workers = children(server)
    cpu0, work0, t0 = cpu_s(server), sum(map(cpu_s, workers)), time.perf_counter()
    since, own0, wait0 = time.monotonic(), time.process_time(), waited_s(server)
    lags: list[float] = []
    lag = asyncio.create_task(measure_lag(lags))
    await asyncio.gather(*(drag(s, args.rate, args.duration, rng) for s in students))
    lag.cancel()
    own, wait = time.process_time() - own0, waited_s(server) - wait0
    wall = time.perf_counter() - t0
    cpu, work = cpu_s(server) - cpu0, sum(map(cpu_s, workers)) - work0
    deadline = time.monotonic() + 15
    while any(s.pending and s.connected for s in students) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for s in students:
        s.settle()
    pauses = served.full_collections(since)
    lat = tally.latencies
    p = [float(np.percentile(lat, q)) if lat else float("nan") for q in (50, 95, 99)]
    print(
        f"{name:<6} {p[0]:>7.1f} {p[1]:>7.1f} {p[2]:>7.1f} {tally.steps:>6} {tally.lost:>5}"
        f" {tally.disconnects:>5} {100 * cpu / wall:>7.0f} {100 * work / wall:>9.0f}"
        f" {len(workers):>8} {len(pauses):>4} {max(pauses, default=0):>6.0f}"
        f" {100 * own / wall:>4.0f} {np.percentile(lags, 99) if lags else np.nan:>5.0f}"
        f" {1000 * wait / wall:>6.0f}",
        flush=True,
    )
    return tally


async def measure_lag(lags: list[float]) -> None:
    """How late this process's 20 ms sleeps wake up (ms): a lagging load generator would delay
    the students' steps and the reading of the answers, not the server."""
    loop = asyncio.get_running_loop()
    while True:
        t = loop.time()
        await asyncio.sleep(0.02)
        lags.append((loop.time() - t - 0.02) * 1000)


def states(trainers: list[Trainer]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in trainers:
        out[t.state] = out.get(t.state, 0) + 1
    return out


async def fill_pool(url: str, n: int) -> list[Trainer]:
    """``n`` Lab tabs press Train at once; returns when each one runs or waits in line."""
    trainers = [Trainer(url) for _ in range(n)]
    t0 = time.monotonic()
    await asyncio.gather(*(t.press_train() for t in trainers))
    pressed = time.monotonic() - t0
    deadline = time.monotonic() + 60
    while any(t.state in ("opened", "pressed") for t in trainers) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    print(f"       {n} tabs pressed Train within {pressed:.2f} s: {states(trainers)}", flush=True)
    return trainers


def pooled(name: str, tallies: list[Tally]) -> float:
    """Print p50/p95/p99 of all the phases' steps together; return the p95."""
    lat = [x for t in tallies for x in t.latencies]
    p = [float(np.percentile(lat, q)) if lat else float("nan") for q in (50, 95, 99)]
    lost, disc = sum(t.lost for t in tallies), sum(t.disconnects for t in tallies)
    print(f"{name:<6} {p[0]:>7.1f} {p[1]:>7.1f} {p[2]:>7.1f} {len(lat):>6} {lost:>5} {disc:>5}")
    return p[1]


async def main(args: argparse.Namespace) -> None:
    logs = Path(tempfile.mkdtemp(prefix="lab_pool-"))
    env = {"XENTLAB_LAB_WORKERS": str(args.workers)} if args.workers else {}
    process, url, server = start_server(args.src, logs, env)
    students: list[Student] = []
    trainers: list[Trainer] = []
    idle: list[Tally] = []
    full: list[Tally] = []
    try:
        students = [Student(url + SLIDER_PATH, SLIDER, Tally()) for _ in range(args.students)]
        assert all(await asyncio.gather(*(s.join() for s in students))), "a student failed"
        rng = random.Random(0)
        await asyncio.gather(*(drag(s, args.rate, 2.0, rng) for s in students))  # warm up
        await asyncio.sleep(1.0)
        print(
            f"{args.students} students dragging at {args.rate:g} steps/s, {args.duration:g} s per"
            f" phase, {args.rounds} rounds; {args.trainers} Lab tabs pressing Train ({LAB_PATH})"
            "; times in ms"
        )
        print(
            f"{'phase':<6} {'p50':>7} {'p95':>7} {'p99':>7} {'steps':>6} {'lost':>5} {'disc':>5}"
            f" {'server%':>7} {'training%':>9} {'children':>8} {'GC2':>4} {'maxGC2':>6}"
            f" {'gen%':>4} {'lag99':>5} {'wait':>6}"
        )
        for _ in range(args.rounds):
            students = await rejoin(url, students)
            idle.append(await phase("idle", students, server, args))
            trainers = await fill_pool(url, args.trainers)
            students = await rejoin(url, students)
            full.append(await phase("full", students, server, args))
            print(f"       at the end: {states(trainers)}", flush=True)
            for t in trainers:  # the tabs close: their runs are cancelled, the pool empties
                await t.close()
            trainers = []
            await asyncio.sleep(3.0)
        print("all rounds:")
        ratio = pooled("full", full) / pooled("idle", idle)
        print(f"slider p95, pool full / idle: {ratio:.2f}")
    finally:
        for t in trainers:
            await t.close()
        for s in students:
            await s.leave()
        stop_server(process, timeout=20)
    print(f"server log: {logs / 'server.log'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=10, help="students dragging a slider")
    parser.add_argument("--trainers", type=int, default=30, help="Lab tabs pressing Train")
    parser.add_argument("--rate", type=float, default=10.0, help="steps per second per student")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    parser.add_argument("--rounds", type=int, default=2, help="idle then full, this many times")
    parser.add_argument("--workers", type=int, help="trainings at once (default: the cores)")
    parser.add_argument("--src", help="serve the xentlab checkout in this directory")
    asyncio.run(main(parser.parse_args()))
