"""The Lab's training pool without a browser: capacity, FIFO places, one job per owner, cancel
(queued, running, overdue), failures that free their slot. The jobs run in real processes."""

from __future__ import annotations

import asyncio
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from support.machine import run_apart
from xentlab._src.messages import translate
from xentlab.app.server.pool import (
    ENV,
    Busy,
    Event,
    Job,
    Pool,
    Progress,
    Started,
    TimedOut,
    Waiting,
    WorkerDied,
    default_capacity,
)

#: generous: the first job of a pool waits for a worker process to start (imports numpy)
PATIENCE_S = 30.0


# -- jobs (module-level, so that a worker process can import them) -----------------------------


def count(n: int, pause: float = 0.0) -> Iterator[int]:
    """0, 1, …, n − 1, one every ``pause`` seconds."""
    for i in range(n):
        time.sleep(pause)
        yield i


def pids(n: int, pause: float) -> Iterator[int]:
    """The worker's process id, n times."""
    for _ in range(n):
        time.sleep(pause)
        yield os.getpid()


def fail_after(n: int) -> Iterator[int]:
    yield from range(n)
    raise ValueError("training diverged")


def stall(seconds: float) -> Iterator[int]:
    """One item, then nothing for a long time (a cancel cannot be seen until it ends)."""
    yield 0
    time.sleep(seconds)
    yield 1


def crash() -> Iterator[int]:
    yield 0
    os._exit(3)


def out_of_memory() -> Iterator[int]:
    yield 0
    raise MemoryError("Unable to allocate 466. TiB")


def echo(data: bytes) -> Iterator[bytes]:
    """The job's payload back, reversed (a result as large as the job)."""
    yield data[::-1]


# -- helpers -----------------------------------------------------------------------------------


def in_loop(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run ``scenario`` in a new event loop, in a thread of its own (the browser tests' Playwright
    may hold an event loop in the main thread)."""

    async def bounded() -> None:
        await asyncio.wait_for(scenario(), PATIENCE_S * 2)

    run_apart(bounded())


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        await asyncio.sleep(0.01)


class Log:
    """Every event of a job, as it arrives, and how the job ended."""

    def __init__(self, job: Job[Any]) -> None:
        self.job = job
        self.events: list[Event] = []
        self.error: BaseException | None = None
        self.task = asyncio.create_task(self._collect())

    async def _collect(self) -> None:
        try:
            async for event in self.job.events():
                self.events.append(event)
        except Exception as exc:
            self.error = exc

    @property
    def items(self) -> list[Any]:
        return [i for e in self.events if isinstance(e, Progress) for i in e.items]

    @property
    def places(self) -> list[int]:
        return [e.position for e in self.events if isinstance(e, Waiting)]

    def started(self) -> bool:
        return any(isinstance(e, Started) for e in self.events)


# -- tests -------------------------------------------------------------------------------------


def test_capacity_is_respected_and_the_line_moves_first_come_first_served() -> None:
    async def scenario() -> None:
        pool = Pool(2)
        try:
            logs = [Log(pool.submit(f"tab{i}", count, 4, 0.1)) for i in range(5)]
            assert [log.job.state for log in logs] == ["running"] * 2 + ["queued"] * 3
            assert [log.job.position for log in logs] == [None, None, 1, 2, 3]
            most = 0
            while not all(log.task.done() for log in logs):
                most = max(most, pool.running)
                assert pool.processes <= 2
                await asyncio.sleep(0.005)
            assert most == 2
            assert all(log.job.state == "done" and log.items == [0, 1, 2, 3] for log in logs)
            # each waiting job heard every place it moved through, then started
            assert [log.places for log in logs] == [[], [], [1], [2, 1], [3, 2, 1]]
            assert all(isinstance(log.events[len(log.places)], Started) for log in logs)
        finally:
            pool.close()

    in_loop(scenario)


def test_one_job_per_owner() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            job = pool.submit("tab", count, 100, 0.05)
            with pytest.raises(Busy):
                pool.submit("tab", count, 1)
            assert pool.job_of("tab") is job and pool.waiting == 0
            other = pool.submit("other tab", count, 1)  # another owner may queue
            assert other.position == 1
            job.cancel()
            again = Log(pool.submit("tab", count, 2))  # once cancelled, the owner may train again
            await until(lambda: again.task.done(), "the owner's second job")
            assert again.job.state == "done" and again.items == [0, 1]
            assert pool.job_of("tab") is None
        finally:
            pool.close()

    in_loop(scenario)


def test_a_queued_job_cancelled_leaves_the_line_and_the_next_moves_up() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            first, second, third = (Log(pool.submit(t, count, 3, 0.2)) for t in "abc")
            await asyncio.sleep(0)
            second.job.cancel()
            await until(lambda: second.task.done(), "the cancelled job's events to end")
            assert second.job.state == "cancelled" and second.items == []
            assert not second.started()
            assert third.places == [2, 1]
            await until(lambda: third.task.done(), "the third job")
            assert first.job.state == third.job.state == "done"
            assert third.items == [0, 1, 2]
        finally:
            pool.close()

    in_loop(scenario)


def test_a_running_job_cancelled_stops_at_its_next_item_in_the_same_worker() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            running = Log(pool.submit("a", pids, 10_000, 0.01))
            queued = Log(pool.submit("b", pids, 2, 0.0))
            await until(lambda: len(running.items) > 0, "the first items")
            running.job.cancel()
            await until(lambda: running.task.done(), "the cancelled job's events to end")
            assert running.job.state == "cancelled" and len(running.items) < 10_000
            await until(lambda: queued.task.done(), "the next job")
            assert queued.job.state == "done"
            assert set(queued.items) == set(running.items)  # the same process ran both
            assert pool.processes == 1
        finally:
            pool.close()

    in_loop(scenario)


def test_a_cancelled_job_that_does_not_stop_has_its_worker_terminated() -> None:
    async def scenario() -> None:
        pool = Pool(1, grace_s=0.3)
        try:
            stuck = Log(pool.submit("a", stall, 600))
            await until(lambda: stuck.items == [0], "the first item")
            stuck.job.cancel()
            assert pool.running == 1  # the slot is held until the worker stops…
            await until(lambda: pool.running == 0, "the slot to free")  # …or is terminated
            assert pool.processes == 0
            after = Log(pool.submit("b", count, 2))
            await until(lambda: after.task.done(), "a job after the terminated one")
            assert after.job.state == "done" and after.items == [0, 1]
        finally:
            pool.close()

    in_loop(scenario)


def test_a_failing_job_reports_its_error_and_frees_its_slot() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            failing = Log(pool.submit("a", fail_after, 2))
            crashing = Log(pool.submit("b", crash))
            last = Log(pool.submit("c", count, 1))
            await until(lambda: last.task.done(), "the job after two failures")
            assert failing.job.state == "failed" and failing.items == [0, 1]
            assert isinstance(failing.error, ValueError)
            assert str(failing.error) == "training diverged"
            assert failing.job.error is failing.error
            assert crashing.job.state == "failed" and isinstance(crashing.error, WorkerDied)
            assert "exit code 3" in str(crashing.error)
            assert "退出码 3" in translate(crashing.error, "zh")  # shown in the page's language
            assert last.job.state == "done" and last.items == [0]
            assert pool.running == 0 and pool.waiting == 0
        finally:
            pool.close()

    in_loop(scenario)


def test_a_job_past_its_time_limit_fails_in_a_line_and_its_worker_is_killed() -> None:
    async def scenario() -> None:
        pool = Pool(1, what="work")
        try:
            stuck = Log(pool.submit("a", stall, 600, time_limit_s=1.0))
            waiting = Log(pool.submit("b", count, 2, time_limit_s=1.0))
            await until(lambda: stuck.task.done(), "the time limit")
            assert stuck.job.state == "failed" and isinstance(stuck.error, TimedOut)
            assert str(stuck.error) == (
                "stopped after 1 s, the server's limit for working on one upload or paste; "
                "try a smaller file"
            )
            assert "1 秒" in translate(stuck.error, "zh")
            # the next in line gets a fresh worker and its own time
            await until(lambda: waiting.task.done(), "the job after it")
            assert waiting.job.state == "done" and waiting.items == [0, 1]
            assert pool.running == 0
        finally:
            pool.close()

    in_loop(scenario)


def test_a_job_that_breaks_is_a_one_line_failure_not_its_traceback() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            broken = Log(pool.submit("a", out_of_memory))
            await until(lambda: broken.task.done(), "the failure")
            assert isinstance(broken.error, WorkerDied) and broken.items == [0]
            assert str(broken.error) == (
                "the work failed on the server (MemoryError); try again, or with smaller data"
            )
        finally:
            pool.close()

    in_loop(scenario)


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_large_jobs_and_results_cross_the_pipe_whole(loop: str) -> None:
    # 8 MB each way: more than a socket's buffer, so reading and sending must not break off
    # halfway; uvloop (what uvicorn runs the server on) makes a watched socket non-blocking
    data = os.urandom(8_000_000)

    async def scenario() -> None:
        pool = Pool(2)
        try:
            logs = [Log(pool.submit(owner, echo, data)) for owner in "ab"]
            await until(lambda: all(log.task.done() for log in logs), "both echoes")
            assert [log.job.state for log in logs] == ["done", "done"]
            assert all(log.items == [data[::-1]] for log in logs)
        finally:
            pool.close()

    if loop == "asyncio":
        in_loop(scenario)
        return
    import uvloop

    with ThreadPoolExecutor(1) as thread:  # beside Playwright's loop, as in_loop
        thread.submit(uvloop.run, asyncio.wait_for(scenario(), PATIENCE_S * 2)).result()


def test_a_job_that_cannot_reach_a_worker_is_refused_at_once() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        try:
            with pytest.raises((pickle.PicklingError, AttributeError)):
                pool.submit("a", lambda: iter([1]))  # a lambda cannot be pickled
            assert pool.job_of("a") is None and pool.waiting == 0 and pool.processes == 0
        finally:
            pool.close()

    in_loop(scenario)


def test_closing_the_pool_ends_every_job() -> None:
    async def scenario() -> None:
        pool = Pool(1)
        running = Log(pool.submit("a", count, 10_000, 0.01))
        queued = Log(pool.submit("b", count, 1))
        await until(lambda: len(running.items) > 0, "the first items")
        pool.close()
        await until(lambda: running.task.done() and queued.task.done(), "both jobs to end")
        assert running.job.state == queued.job.state == "cancelled"
        assert pool.processes == 0
        with pytest.raises(RuntimeError, match="closed"):
            pool.submit("c", count, 1)

    in_loop(scenario)


def test_the_capacity_is_the_cores_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert default_capacity() == len(os.sched_getaffinity(0))
    monkeypatch.setenv(ENV, "3")
    assert default_capacity() == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(ENV, bad)
        with pytest.raises(ValueError, match=ENV):
            default_capacity()


def test_a_script_without_a_main_guard_can_use_the_pool(tmp_path: Path) -> None:
    """Workers are fresh interpreters: the server's own script is never run again in them."""
    script = tmp_path / "serve.py"
    script.write_text(
        "import asyncio\n"
        "from xentlab.app.server.pool import Pool\n"
        "from xentlab.lab import LabOptions, race\n"
        "async def main():\n"
        "    pool = Pool(1)\n"
        "    opts = LabOptions(dataset='breast-cancer', model='logreg', epochs=3)\n"
        "    job = pool.submit('tab', race, opts)\n"
        "    print([e for e in [ev async for ev in job.events()] if hasattr(e, 'items')])\n"
        "    pool.close()\n"
        "asyncio.run(main())\n"  # no `if __name__ == "__main__":`
    )
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=PATIENCE_S * 2
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("RaceEpoch(epoch=") == 3, out.stdout
