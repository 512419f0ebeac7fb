"""Uploads under a class: one student drags section 1's slider while others upload files.

Reference first, in the same run and on the same server: the student drags alone for
``--seconds``; then again while ``--uploaders`` students upload a 5 MB one-column CSV each (the
kind of file slowest to read) at once. Prints the drag's step latency (p50/p95/max) in both
phases and their ratio, the steps lost and disconnects, and how long each upload took to be
answered on its page. The server is started here (``xentlab serve``; ``--src DIR`` serves the
xentlab in DIR, e.g. an older checkout, to compare).

Run: python benchmarks/uploads.py [--uploaders 20] [--seconds 20] [--src DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
from pathlib import Path

import numpy as np

from _server import start_server, stop_server
from _students import Student, Tally, upload, values

CSV = b"".join(b"%d\n" % (i % 10) for i in range(2_500_000))[:5_000_000]


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q)) if xs else float("nan")


async def drag(student: Student, stop: asyncio.Event) -> None:
    assert student.page is not None
    for value in values(student.page, 0):
        if stop.is_set():
            return
        student.move(value)
        await asyncio.sleep(0.1)


async def phase(url: str, seconds: float, uploaders: int) -> tuple[Tally, list[float | None]]:
    tally = Tally()
    student = Student(url + "/binary?yhat=0.5&y=1", "yhat", tally)
    if not await student.join():
        raise SystemExit("the student could not join")
    stop = asyncio.Event()
    dragging = asyncio.create_task(drag(student, stop))
    answers: list[float | None] = []
    if uploaders:
        answers = list(await asyncio.gather(*(upload(url, "y.csv", CSV) for _ in range(uploaders))))
    await asyncio.sleep(max(0.0, seconds - (max(filter(None, answers), default=0.0))))
    stop.set()
    await dragging
    await asyncio.sleep(1.0)
    student.settle()
    await student.leave()
    return tally, answers


def row(name: str, tally: Tally) -> str:
    lat = tally.latencies
    return (
        f"{name:<22} {pct(lat, 50):>7.1f} {pct(lat, 95):>7.1f} {max(lat, default=0):>8.1f}"
        f" {tally.steps:>6} {tally.lost:>4} {tally.disconnects:>4}"
    )


async def main(args: argparse.Namespace) -> None:
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        process, url, _ = start_server(args.src, Path(tmp))
        try:
            alone, _ = await phase(url, args.seconds, 0)
            loaded, answers = await phase(url, args.seconds, args.uploaders)
        finally:
            stop_server(process)
    print(
        f"{'drag (ms)':<22} {'p50':>7} {'p95':>7} {'max':>8} {'steps':>6} {'lost':>4} {'disc':>4}"
    )
    print(row("alone (reference)", alone))
    print(row(f"{args.uploaders} uploads of 5 MB", loaded))
    ratio = pct(loaded.latencies, 95) / pct(alone.latencies, 95)
    print(f"p95 with the uploads / alone: {ratio:.1f}x")
    done = sorted(a for a in answers if a is not None)
    print(
        f"uploads answered: {len(done)} of {len(answers)}; seconds to the page's answer:"
        f" first {done[0]:.1f}, median {pct(done, 50):.1f}, last {done[-1]:.1f}"
        if done
        else "no upload was answered"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploaders", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="the least each phase drags")
    parser.add_argument("--src", help="serve the xentlab of this checkout instead")
    asyncio.run(main(parser.parse_args()))
