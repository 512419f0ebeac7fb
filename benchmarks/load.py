"""A class on one server: simulated students drag section 1's slider over NiceGUI's websocket.

Ramp (default): 1 → 10 → 25 → 50 → 100 → 200 students, each dragging at ``--rate`` steps per
second for ``--duration`` seconds per level; students stay connected from one level to the
next (any that dropped are replaced). Per level it prints the event → update latency
(p50/p95/p99), steps superseded by a later one and lost (a drag's final value never shown),
disconnects, the server's CPU (% of one core, and ms per step sent) and RSS, its garbage
collections of the oldest generation (count, longest pause; and the longest of any), and the
load generator's own CPU and event-loop lag (it shares the machine: a lagging generator delays
the steps it sends). ``--churn MINUTES``: instead, a student joins every ``--every`` seconds,
drags for ``--stay`` (20) s and leaves; every 30 s it prints the same for the interval.

The server is started here (``xentlab serve``, wrapped to log its GC pauses; ``--src DIR``
serves the xentlab in DIR, e.g. an older checkout, to compare) unless ``--url`` names a running
one (cookies of the page request go with the socket, so a cookie-sticky proxy works); give
``--pid`` (repeatable) for its CPU and RSS then.

``--reference``: the same ramp then runs against the least a NiceGUI page can do per step
(``_reference_page.py``: the same slider and one label, no lesson, no chart), started the same
way, and a last table prints the explorer's CPU per step as a ratio of the reference's.

``--class``: the levels (default: 50 students) run twice, on a server started without a class
and on one started with ``xentlab serve --class`` (its default store: a new SQLite file; the
teacher's follow-me off, as it is until a teacher turns it on). There every student first
opens the join link (``/join/CODE``) and then the page, which tells the server, once its socket
is up, that its browser joined (the ``xl_class`` event the page's script sends); a student counts
as in the class once the server shows the page's class bar as a member's. A last table prints,
per level, both servers' latency (p50/p95/p99), CPU, CPU per step and RSS, and the ratio of the
p95s (class / no class). A level starts a second after its joins, so on the first the join
pages (never connected) are still held, as NiceGUI keeps them for 60 s: as in a class that just
joined. Not with ``--url``, ``--churn`` or ``--reference``.

``--record`` drags the slider in headless Chromium (Playwright, /usr/bin/chromium) and saves
the websocket frames to benchmarks/browser_frames.json; ``--verify`` has one simulated student
do the same and compares its frames with the recording.
Run: python benchmarks/load.py [--levels 1,10,25,50,100,200] [--rate 10] [--duration 20]
     python benchmarks/load.py --class [--levels 50] [--duration 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from _server import Server, class_code, start_server, stop_server
from _students import Student, Tally, frame_record, kind, shape, url_shape, values

HERE = Path(__file__).resolve().parent
FRAMES = HERE / "browser_frames.json"
REFERENCE = HERE / "_reference_page.py"
PATH = "/binary?yhat=0.5&y=1"
TICK = os.sysconf("SC_CLK_TCK")
LEVELS = [1, 10, 25, 50, 100, 200]
CLASS_LEVELS = [50]


def own_cpu() -> float:
    return sum(resource.getrusage(resource.RUSAGE_SELF)[:2])


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q)) if xs else float("nan")


@dataclass(frozen=True)
class Measured:
    """One level's figures: step latency (ms), the server's CPU (% of one core, ms per step),
    its RSS (MB), and how many students the server showed as in the class."""

    p50: float
    p95: float
    p99: float
    cpu: float
    ms_per_step: float
    rss: float
    students: int
    in_class: int


class Window:
    """What the server and the load generator did from :meth:`open` to :meth:`close`."""

    HEADER = (
        f"{'p50':>7} {'p95':>7} {'p99':>7} {'steps':>6} {'supersd':>7} {'lost':>4} {'disc':>4}"
        f" {'fail':>4} {'CPU%':>5} {'ms/step':>7} {'RSS MB':>6} {'GC2':>4} {'maxGC2':>6}"
        f" {'maxGC':>6} {'gen%':>5} {'lag99':>6}"
    )

    def __init__(self, server: Server) -> None:
        self.server, self.lags = server, [0.0]
        self.task = asyncio.create_task(self._lag())
        self.open()

    async def _lag(self) -> None:  # how late a 20 ms sleep of the load generator wakes up
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(0.02)
            self.lags.append((loop.time() - t - 0.02) * 1000)

    def open(self) -> None:
        self.lags = [0.0]
        self.cpu, self.gen = self.server.cpu(), own_cpu()
        self.t, self.since = time.perf_counter(), time.monotonic()

    def close(self) -> None:
        self.wall = time.perf_counter() - self.t
        self.cpu, self.gen = self.server.cpu() - self.cpu, own_cpu() - self.gen
        self.lag = pct(self.lags, 99)

    def ms_per_step(self, tally: Tally) -> float:
        return 1000 * self.cpu / max(tally.steps, 1)

    def measured(self, tally: Tally, students: list[Student]) -> Measured:
        lat = tally.latencies
        return Measured(
            pct(lat, 50),
            pct(lat, 95),
            pct(lat, 99),
            100 * self.cpu / self.wall,
            self.ms_per_step(tally),
            self.server.rss_mb(),
            len(students),
            sum(s.in_class for s in students),
        )

    def columns(self, tally: Tally) -> str:
        lat, steps = tally.latencies, max(tally.steps, 1)
        pauses = self.server.pauses(self.since)
        full = [ms for g, ms in pauses if g == 2]
        longest = max((ms for _, ms in pauses), default=0.0)
        return (
            f"{pct(lat, 50):>7.1f} {pct(lat, 95):>7.1f} {pct(lat, 99):>7.1f} {tally.steps:>6}"
            f" {100 * tally.superseded / steps:>6.1f}% {tally.lost:>4} {tally.disconnects:>4}"
            f" {tally.failed_joins:>4} {100 * self.cpu / self.wall:>5.0f}"
            f" {self.ms_per_step(tally):>7.2f} {self.server.rss_mb():>6.0f} {len(full):>4}"
            f" {max(full, default=0.0):>6.0f} {longest:>6.0f} {100 * self.gen / self.wall:>5.0f}"
            f" {self.lag:>6.1f}"
        )


async def drag(student: Student, rate: float, seconds: float, rng: random.Random) -> None:
    """Move the slider ``rate`` times a second for ``seconds``, from a random point of a sweep."""
    assert student.page is not None
    loop = asyncio.get_running_loop()
    sweep = values(student.page, rng.randrange(1000))
    last = student.page.value
    t = loop.time() + rng.random() / rate
    end = loop.time() + seconds
    while t < end and student.connected:
        await asyncio.sleep(max(0.0, t - loop.time()))
        value = next(sweep)
        if value == last:  # an unchanged value sends nothing back: no step to time
            value = next(sweep)
        student.move(value)
        last = value
        t += 1 / rate


async def settle(students: list[Student], patience: float) -> None:
    """Wait until every step was answered (or ``patience`` ran out); count what was not."""
    deadline = time.monotonic() + patience
    while any(s.pending and s.connected for s in students) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for s in students:
        s.settle()


async def join_all(
    url: str, testid: str, n: int, tally: Tally, code: str | None = None
) -> list[Student]:
    """``n`` students open ``url`` (having joined the class ``code`` first, if given)."""
    students = [Student(url, testid, tally, code=code) for _ in range(n)]
    joined: list[Student] = []
    for i in range(0, n, 10):  # ten tabs at a time
        batch = students[i : i + 10]
        ok = await asyncio.gather(*(s.join() for s in batch))
        joined += [s for s, good in zip(batch, ok, strict=True) if good]
    return joined


async def ramp(
    url: str, server: Server, args: argparse.Namespace, code: str | None = None
) -> dict[int, Measured]:
    """Run the levels (every student in the class ``code`` first, if given); print a row per
    level; return each level's figures."""
    costs: dict[int, Measured] = {}
    rng = random.Random(1)
    window = Window(server)
    students: list[Student] = []
    print(f"{args.rate:g} steps/s per student, {args.duration:g} s per level; times in ms")
    print(f"{'students':>8} {Window.HEADER}", flush=True)
    for level in args.levels:
        tally = Tally()
        for s in students:
            if not s.connected:
                await s.leave()
        students = [s for s in students if s.connected]
        for s in students:
            s.tally = tally
        students += await join_all(url, args.slider, level - len(students), tally, code)
        await asyncio.sleep(1.0)  # let the joins' page loads and first updates pass
        window.open()
        await asyncio.gather(*(drag(s, args.rate, args.duration, rng) for s in students))
        window.close()
        await settle(students, args.patience)
        print(f"{level:>8} {window.columns(tally)}", flush=True)
        if tally.closes:
            print(f"{'':>8} disconnects: {dict(Counter(tally.closes))}")
        costs[level] = window.measured(tally, students)
        if code is not None:
            print(f"{'':>8} in the class: {costs[level].in_class} of {len(students)}")
    for s in students:
        await s.leave()
    return costs


def compare(ours: dict[int, Measured], reference: dict[int, Measured]) -> None:
    print("\nserver CPU per step (ms): the explorer's section 1 against the reference page")
    print(f"{'students':>8} {'explorer':>9} {'reference':>9} {'ratio':>6}")
    for level, measured in ours.items():
        cost = measured.ms_per_step
        ref = reference[level].ms_per_step if level in reference else float("nan")
        ratio = cost / ref if ref > 0 else float("nan")
        print(f"{level:>8} {cost:>9.2f} {ref:>9.2f} {ratio:>6.2f}")


def compare_class(plain: dict[int, Measured], klass: dict[int, Measured]) -> None:
    """Per level, both servers' figures and the ratio of their p95s (class / no class)."""
    print("\none process, students dragging: without a class, and all joined to one (ms)")
    print(
        f"{'students':>8} {'server':<8} {'p50':>7} {'p95':>7} {'p99':>7} {'CPU%':>5}"
        f" {'ms/step':>7} {'RSS MB':>6} {'in class':>8} {'p95 ratio':>9}"
    )
    for level, alone in plain.items():
        for name, m in (("no class", alone), ("class", klass.get(level))):
            if m is None:
                continue
            joined = f"{m.in_class}/{m.students}" if name == "class" else "-"
            ratio = f"{m.p95 / alone.p95:>9.2f}" if name == "class" and alone.p95 > 0 else ""
            print(
                f"{level:>8} {name:<8} {m.p50:>7.1f} {m.p95:>7.1f} {m.p99:>7.1f} {m.cpu:>5.0f}"
                f" {m.ms_per_step:>7.2f} {m.rss:>6.0f} {joined:>8} {ratio:>9}"
            )


async def churn(url: str, server: Server, args: argparse.Namespace) -> None:
    rng = random.Random(2)
    tally = Tally()
    tasks: set[asyncio.Task[None]] = set()

    async def visit() -> None:
        student = Student(url, args.slider, tally)
        if await student.join():
            await drag(student, args.rate, args.stay, rng)
            await settle([student], args.patience)
        await student.leave()

    print(f"churn: a student every {args.every:g} s drags {args.stay:g} s at {args.rate:g}/s")
    start_rss = server.rss_mb()
    print(f"{'min':>5} {'tabs':>5} {Window.HEADER}\n{0:>5.1f} {0:>5} RSS {start_rss:.0f} MB")
    window = Window(server)
    t_start = next_arrival = time.monotonic()
    while time.monotonic() < t_start + args.churn * 60:
        if time.monotonic() >= next_arrival:
            task = asyncio.create_task(visit())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            next_arrival += args.every
        if time.monotonic() - window.since >= 30:
            window.close()
            minutes = (time.monotonic() - t_start) / 60
            print(f"{minutes:>5.1f} {len(tasks):>5} {window.columns(tally)}", flush=True)
            tally.reset()
            window.open()
        await asyncio.sleep(0.05)
    await asyncio.gather(*tasks)
    await asyncio.sleep(15)  # NiceGUI deletes a closed tab's client after the 10 s grace
    end_rss = server.rss_mb()
    change = 100 * (end_rss / start_rss - 1)
    print(f"RSS: {start_rss:.0f} MB at the start, {end_rss:.0f} MB at the end ({change:+.0f} %)")


async def record(url: str) -> None:
    from playwright.async_api import async_playwright

    frames: list[dict[str, Any]] = []
    t0 = time.perf_counter()

    def on_socket(ws: Any) -> None:
        frames.append({"t": 0.0, "dir": "open", "data": url_shape(ws.url)})
        for event, direction in (("framesent", "sent"), ("framereceived", "recv")):
            ws.on(
                event,
                lambda f, d=direction: frames.append(frame_record(f, d, time.perf_counter() - t0)),
            )

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("websocket", on_socket)
        await page.goto(url + "/binary?yhat=0.3&y=1")
        await page.wait_for_function("() => window.did_handshake === true")
        box = await page.get_by_test_id("yhat").bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        await page.mouse.move(box["x"] + box["width"] * 0.3, y)
        await page.mouse.down()
        for i in range(80):  # as fast as Playwright moves a mouse: about a real drag's pace
            await page.mouse.move(box["x"] + box["width"] * (0.3 + i * 0.005), y)
        await page.mouse.up()
        await asyncio.sleep(10)  # an ack (3 s) and a ping (8 s) happen meanwhile
        await browser.close()
    FRAMES.write_text(json.dumps(frames, indent=0) + "\n")
    sent = [f for f in frames if f["dir"] == "sent" and '"event"' in f["data"]]
    seconds = sent[-1]["t"] - sent[0]["t"]
    print(
        f"recorded {len(frames)} frames to {FRAMES}; slider events: {len(sent)} in {seconds:.2f} s"
    )


async def verify(url: str, wait: float = 10.0) -> list[str]:
    """Differences between one simulated student's frames and the recorded browser's
    (``wait``: seconds after the drag, for an ack and the server's ping to pass)."""
    recorded = json.loads(FRAMES.read_text())
    student = Student(url + "/binary?yhat=0.3&y=1", "yhat", Tally(), record=True)
    assert await student.join()
    sweep = (round(0.31 + i * 0.01, 2) for i in range(40))
    for value in sweep:
        student.move(value)
        await asyncio.sleep(1 / 30)
    await asyncio.sleep(wait)
    await student.leave()
    assert student.frames is not None and student.ws is not None
    ours = {
        "sent": {shape(d) for k, d in student.frames if k == "sent"},
        "recv": {kind(d) for k, d in student.frames if k == "recv"},
    }
    theirs = {
        "sent": {shape(f["data"]) for f in recorded if f["dir"] == "sent"},
        "recv": {kind(f["data"]) for f in recorded if f["dir"] == "recv"},
    }
    problems = [f"{k}: only the student: {s}" for k in ours for s in ours[k] - theirs[k]]
    problems += [f"{k}: only the browser: {s}" for k in ours for s in theirs[k] - ours[k]]
    browser_url = next(f["data"] for f in recorded if f["dir"] == "open")
    if url_shape(student.socket_url) != browser_url:
        problems.append(f"socket URL {student.socket_url} differs from {browser_url}")
    if student.tally.latencies == [] or student.tally.disconnects:
        problems.append("no step was shown, or the socket closed")
    return problems


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ints = lambda text: [int(x) for x in text.split(",")]  # noqa: E731
    parser.add_argument(
        "--levels", type=ints, help=f"default {LEVELS}, with --class {CLASS_LEVELS}"
    )
    parser.add_argument("--rate", type=float, default=10.0, help="steps per second per student")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per level")
    parser.add_argument("--patience", type=float, default=15.0, help="s to wait for late steps")
    parser.add_argument("--churn", type=float, metavar="MINUTES", help="churn run instead")
    parser.add_argument("--every", type=float, default=1.0, help="churn: s between arrivals")
    parser.add_argument("--stay", type=float, default=20.0, help="churn: s each student drags")
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url")
    parser.add_argument("--src", help="serve the xentlab checkout in this directory")
    parser.add_argument("--logs", help="keep the server's output and GC log in this directory")
    parser.add_argument("--path", default=PATH, help="the page students open")
    parser.add_argument("--slider", default="yhat", help="data-testid of the slider to drag")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also ramp a bare NiceGUI page (at section 1's path, whatever --path); compare CPU",
    )
    parser.add_argument(
        "--class",
        dest="class_mode",
        action="store_true",
        help="run the levels without a class, then with serve --class, every student joined",
    )
    parser.add_argument("--record", action="store_true", help="record Chromium's frames")
    parser.add_argument("--verify", action="store_true", help="compare with the recording")
    args = parser.parse_args()
    if args.class_mode and (args.url or args.churn or args.reference):
        parser.error("--class starts its own two servers: not with --url, --churn or --reference")
    args.levels = args.levels or (CLASS_LEVELS if args.class_mode else LEVELS)
    return args


def main() -> None:
    args = arguments()
    process = None
    with tempfile.TemporaryDirectory(prefix="xentlab-load-") as tmp:
        if args.logs:
            tmp = args.logs
            Path(tmp).mkdir(parents=True, exist_ok=True)
        if args.url:
            url, server = args.url.rstrip("/"), Server(args.pid)
        else:
            process, url, server = start_server(args.src, Path(tmp))
        try:
            if args.record:
                asyncio.run(record(url))
            elif args.verify:
                problems = asyncio.run(verify(url))
                print("\n".join(problems) or "the student's frames match the browser's")
                raise SystemExit(1 if problems else 0)
            elif args.churn:
                asyncio.run(churn(url + args.path, server, args))
            elif args.class_mode:
                print("without a class:")
                plain = asyncio.run(ramp(url + args.path, server, args))
                stop_server(process)
                process = None
                print("\nwith a class (serve --class), every student joined:")
                logs = Path(tmp) / "class"
                logs.mkdir(exist_ok=True)
                process, url, server = start_server(args.src, logs, serve=["--class"])
                code = class_code(logs)
                klass = asyncio.run(ramp(url + args.path, server, args, code))
                compare_class(plain, klass)
            else:
                ours = asyncio.run(ramp(url + args.path, server, args))
                if args.reference:
                    stop_server(process)
                    process = None
                    print("\nthe reference page (benchmarks/_reference_page.py):")
                    logs = Path(tmp) / "reference"
                    logs.mkdir(exist_ok=True)
                    process, url, server = start_server(None, logs, script=REFERENCE)
                    reference = asyncio.run(ramp(url + PATH, server, args))
                    compare(ours, reference)
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
