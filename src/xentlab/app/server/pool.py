"""A bounded pool of worker processes with a first-in, first-out queue (the Lab under a class).

A job (a picklable generator function, such as :func:`xentlab.lab.race`, and its arguments)
runs in a worker process at a lower CPU priority than the server, so it cannot starve other
students' sliders. At most ``capacity`` jobs run at once (the cores this process may use, or
``XENTLAB_LAB_WORKERS``); the others wait in line, told their place as it moves. An owner (a
browser tab) has one live job at most (:class:`Busy`). The worker
(:mod:`~xentlab.app.server.pool_worker`) sends back what the job yields, in batches, and stops it
between two items once cancelled; a job still running ``grace_s`` after :meth:`Job.cancel`, or
``time_limit_s`` after it started (:class:`TimedOut`), has its worker killed. In the event loop:
``job = pool.submit(tab_id, race, options)``, then ``async for event in job.events()`` gets
``Waiting(position)``, ``Started()`` and ``Progress(items)`` until the job ends.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import os
import pickle
import subprocess
import sys
from collections import deque
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any, Generic, Literal, TypeVar

from xentlab._src.messages import Phrase
from xentlab.app.server.jobs import Busy, Event, Progress, Started, TimedOut, Waiting, WorkerDied

__all__ = [
    "CANCEL_GRACE_S",
    "ENV",
    "TIME_LIMIT_S",
    "Busy",
    "Event",
    "Job",
    "Pool",
    "Progress",
    "Started",
    "TimedOut",
    "Waiting",
    "WorkerDied",
    "default_capacity",
    "shared_pool",
]

T = TypeVar("T")
State = Literal["queued", "running", "done", "failed", "cancelled"]

#: the environment variable that sets the number of concurrent trainings (tests set it to 1)
ENV = "XENTLAB_LAB_WORKERS"
#: seconds a cancelled job may run on (it stops at its next item) before its worker is killed
CANCEL_GRACE_S = 5.0

#: a worker: a fresh interpreter (never a fork of the threaded server, and never a re-run of
#: its main script) with the server's import path, one BLAS thread, serving the pipe's fd
#: (:func:`xentlab.app.server.pool_worker.work`)
BOOT = (
    "import sys; sys.path[:] = sys.argv[2:]; import xentlab.app.server.pool_worker as w; w.work()"
)
ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}

_ids = itertools.count(1)


def default_capacity() -> int:
    """``XENTLAB_LAB_WORKERS`` if set, else the number of cores this process may run on."""
    if value := os.environ.get(ENV, "").strip():
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{ENV} must be a whole number >= 1, got {value!r}")
        return int(value)
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Job(Generic[T]):
    """One submitted job: its state, its place in line, and the events it sends."""

    def __init__(
        self, pool: Pool, owner: Hashable, payload: bytes, time_limit_s: float | None = None
    ) -> None:
        self.id = next(_ids)
        self.owner = owner
        self.state: State = "queued"
        #: the place in line while queued (1 = next), else None
        self.position: int | None = None
        #: why it failed (also raised by :meth:`events`)
        self.error: BaseException | None = None
        self._pool = pool
        self._payload = payload
        self.time_limit_s = time_limit_s
        self._timer: asyncio.TimerHandle | None = None
        self._events: asyncio.Queue[Event | None] = asyncio.Queue()

    @property
    def finished(self) -> bool:
        """Done, failed or cancelled: no more events come."""
        return self.state in ("done", "failed", "cancelled")

    def cancel(self) -> None:
        """Leave the line, or stop running at the next item; nothing happens once finished."""
        self._pool._cancel(self)

    async def events(self) -> AsyncIterator[Event]:
        """Every event until the job finishes; a failed job then raises its error."""
        while (event := await self._events.get()) is not None:
            yield event
        if self.error is not None:
            raise self.error

    def _emit(self, event: Event) -> None:
        if not self.finished:
            self._events.put_nowait(event)

    def _end(self, state: State, error: BaseException | None = None) -> None:
        if not self.finished:
            self.state, self.error, self.position = state, error, None
            self._payload = b""
            if self._timer is not None:
                self._timer.cancel()
            self._events.put_nowait(None)
            if self._pool._owners.get(self.owner) is self:
                del self._pool._owners[self.owner]


@dataclass(eq=False)
class _Worker:
    """A worker process, the parent's end of its pipe, and the job it runs; a job given to a
    worker that is still starting is sent once the worker says it is ready (waiting in
    ``recv``), so that sending a large job never blocks the server's loop on a busy reader."""

    process: subprocess.Popen[bytes]
    conn: Connection
    job: Job[Any] | None = None
    ready: bool = False


class Pool:
    """At most ``capacity`` jobs running in worker processes, the rest queued first come, first
    served. Create it, and use it, inside the event loop that is to receive its events."""

    def __init__(
        self,
        capacity: int | None = None,
        *,
        grace_s: float = CANCEL_GRACE_S,
        what: str = "training",
    ) -> None:
        self.capacity = default_capacity() if capacity is None else capacity
        #: what its jobs are, for their messages: "training" (the Lab) or "work" (a page's)
        self.what = what
        if self.capacity < 1:
            raise ValueError(f"capacity must be >= 1, got {self.capacity}")
        self.grace_s = grace_s
        self.loop = asyncio.get_running_loop()
        self._queue: deque[Job[Any]] = deque()
        self._owners: dict[Hashable, Job[Any]] = {}
        self._workers: list[_Worker] = []
        self._closed = False

    @property
    def running(self) -> int:
        """Slots in use (a cancelled job holds its slot until its worker has stopped it)."""
        return sum(w.job is not None for w in self._workers)

    @property
    def waiting(self) -> int:
        """Jobs in line."""
        return len(self._queue)

    @property
    def processes(self) -> int:
        """Worker processes alive (started on demand, at most ``capacity``)."""
        return len(self._workers)

    def job_of(self, owner: Hashable) -> Job[Any] | None:
        """The owner's job that is still queued or running, if any."""
        job = self._owners.get(owner)
        return None if job is None or job.finished else job

    def submit(
        self,
        owner: Hashable,
        fn: Callable[..., Iterable[T]],
        *args: Any,
        time_limit_s: float | None = None,
    ) -> Job[T]:
        """Queue ``fn(*args)`` for ``owner``; :class:`Busy` if the owner has a live job. A job
        still running ``time_limit_s`` seconds after it started fails with :class:`TimedOut`.

        Raises:
            Busy: ``owner`` already has a job queued or running.
            pickle.PicklingError, TypeError, AttributeError: ``fn`` or ``args`` cannot be sent
                to a worker process.
        """
        if self._closed:
            raise RuntimeError("the pool is closed")
        if self.job_of(owner) is not None:
            raise Busy(f"{owner!r} already has a training queued or running")
        job: Job[T] = Job(self, owner, pickle.dumps((fn, args)), time_limit_s)
        self._owners[owner] = job
        self._queue.append(job)
        self._dispatch()
        return job

    def close(self) -> None:
        """Cancel every job and terminate every worker (callable outside the loop, too)."""
        self._closed = True
        for job in [*self._queue, *(w.job for w in self._workers if w.job is not None)]:
            job._end("cancelled")
        self._queue.clear()
        for worker in list(self._workers):
            self._discard(worker)

    def _dispatch(self) -> None:
        """Start queued jobs while a slot is free, then tell the rest their places."""
        while self._queue and not self._closed and self.running < self.capacity:
            job = self._queue.popleft()
            worker = next((w for w in self._workers if w.job is None), None)
            fresh = worker is None
            try:
                worker = worker or self._spawn()
                if worker.ready:
                    worker.conn.send(("job", job.id, job._payload))
            except OSError as exc:  # no process could start, or an idle one had died
                if worker is not None:
                    self._discard(worker)
                if fresh:
                    phrase = Phrase("pool_no_start", what=Phrase(f"pool_{self.what}"), reason=exc)
                    job._end("failed", WorkerDied(phrase))
                else:
                    self._queue.appendleft(job)  # try again with another worker
                continue
            worker.job = job
            job.state, job.position = "running", None
            if job.time_limit_s is not None:
                job._timer = self.loop.call_later(job.time_limit_s, self._overtime, worker, job)
            job._emit(Started())
        for position, job in enumerate(self._queue, 1):
            if job.position != position:
                job.position = position
                job._emit(Waiting(position))

    def _spawn(self) -> _Worker:
        ours, theirs = Pipe()
        cmd = [sys.executable, "-c", BOOT, str(fd := theirs.fileno()), *sys.path]
        env = {**os.environ, **ONE_THREAD}
        try:
            process = subprocess.Popen(cmd, pass_fds=(fd,), stdin=subprocess.DEVNULL, env=env)
        finally:
            theirs.close()
        self._workers.append(worker := _Worker(process, ours))
        self.loop.add_reader(ours.fileno(), self._readable, worker)
        # uvloop's add_reader makes the socket non-blocking: a large result would then raise
        # BlockingIOError halfway through. Blocking, a read takes what the worker is writing.
        os.set_blocking(ours.fileno(), True)
        return worker

    def _readable(self, worker: _Worker) -> None:
        try:
            while worker in self._workers and worker.conn.poll():
                kind, job_id, payload = worker.conn.recv()
                self._received(worker, kind, job_id, payload)
        except (EOFError, OSError):  # the process is gone
            if worker in self._workers:
                job = worker.job
                self._discard(worker)
                if job is not None:
                    code = worker.process.returncode
                    phrase = Phrase(f"pool_{self.what}_ended", code=code)
                    job._end("failed", WorkerDied(phrase))
                self._dispatch()

    def _received(self, worker: _Worker, kind: str, job_id: int, payload: Any) -> None:
        job = worker.job
        if kind == "ready":  # started: send it the job it was given, if still wanted
            worker.ready = True
            if job is None:
                self._dispatch()
                return
            with contextlib.suppress(OSError):  # it died just now: its end of file fails the job
                worker.conn.send(("job", job.id, job._payload))
            return
        if job is None or job.id != job_id:
            return
        if kind == "items":
            if job.state == "running":
                job._emit(Progress(tuple(payload)))
            return
        # "done" or "error": the slot is free
        worker.job = None
        job._end("done" if kind == "done" else "failed", payload)  # payload: None, or the error
        self._dispatch()

    def _cancel(self, job: Job[Any]) -> None:
        if job.finished:
            return
        if job.state == "queued":
            self._queue.remove(job)
            job._end("cancelled")
            self._dispatch()
            return
        job._end("cancelled")  # its owner hears no more; the slot frees when the worker stops
        worker = next(w for w in self._workers if w.job is job)
        if not worker.ready:  # never sent: the worker takes the next job once it is ready
            worker.job = None
            return
        try:
            worker.conn.send(("cancel", job.id, None))
        except OSError:
            return  # the worker is gone: its pipe's end of file frees the slot
        self.loop.call_later(self.grace_s, self._overdue, worker, job)

    def _overdue(self, worker: _Worker, job: Job[Any]) -> None:
        """A cancelled job still running after the grace: kill its worker (else nothing)."""
        if worker in self._workers and worker.job is job:
            self._discard(worker)
            self._dispatch()

    def _overtime(self, worker: _Worker, job: Job[Any]) -> None:
        """A job still running at its time limit: it fails, and its worker is killed."""
        if worker in self._workers and worker.job is job:
            limit = Phrase(f"pool_{self.what}_time_limit", seconds=job.time_limit_s)
            job._end("failed", TimedOut(limit))
            self._discard(worker)
            self._dispatch()

    def _discard(self, worker: _Worker) -> None:
        """Forget a worker and end its process."""
        self._workers.remove(worker)
        worker.job = None
        with contextlib.suppress(Exception):  # the loop may be closed already
            self.loop.remove_reader(worker.conn.fileno())
        worker.conn.close()
        if worker.process.poll() is None:
            worker.process.kill()
        worker.process.wait()


#: the longest a job may run: a Lab training (2000 epochs of the largest network take minutes),
#: and a page's work on a visitor's data (reading a file, scoring it, fitting a temperature:
#: seconds at the 20 MB limit)
TIME_LIMIT_S = {"training": 15 * 60.0, "work": 60.0}

_shared: dict[str, Pool] = {}


def shared_pool(what: str = "training") -> Pool:
    """This process's pool of ``what`` ("training": the Lab's; "work": the pages' work on a
    visitor's data) for the running event loop (a new one, the old one closed, if the loop
    changed, as it does between simulated-user tests)."""
    loop = asyncio.get_running_loop()
    pool = _shared.get(what)
    if pool is None or pool.loop is not loop:
        if not _shared:
            atexit.register(_close_all)  # no orphans
        if pool is not None:
            pool.close()
        pool = _shared[what] = Pool(what=what)
    return pool


def _close_all() -> None:
    for pool in _shared.values():
        pool.close()
