"""The worker's side of the training pool (:mod:`xentlab.app.server.pool`): a process that
runs one job after another, sending back what each yields, until the server closes its pipe.

Started by the pool as a fresh interpreter (``pool.BOOT``); it ignores Ctrl-C (the
server's, which stops it by closing the pipe), runs at the lowest CPU priority, and says
``ready`` before it takes its first job. A job that raises ``ValueError`` (input it refuses)
sends that error back; any other failure (out of memory, say) is one phrased line, never a
traceback.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

from xentlab._src.messages import Phrase
from xentlab.app.server.pool import WorkerDied

__all__ = ["FLUSH_S", "NICE", "work"]

#: the workers' CPU priority (``nice``): the lowest, so that the server wins any core it wants
NICE = 19
#: the longest a worker holds yielded items before sending them
FLUSH_S = 0.05


def work() -> None:
    """A worker process (``pool.BOOT``): run jobs one after the other until the pipe
    closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    with contextlib.suppress(OSError):
        os.nice(NICE)
    conn = Connection(int(sys.argv[1]))
    with contextlib.suppress(EOFError, OSError):  # the server has gone: so do we
        conn.send(("ready", 0, None))
        while True:
            kind, job_id, payload = conn.recv()
            if kind == "job":  # (a cancel that arrives here is for a job that already ended)
                _run(conn, job_id, payload)


def _run(conn: Connection, job_id: int, payload: bytes) -> None:
    """Run one job, sending its items in batches; stop early if it is cancelled."""
    batch: list[Any] = []
    sent = float("-inf")  # the first item goes at once
    items: Any = None
    end: tuple[str, Any] = ("done", None)
    try:
        fn, args = pickle.loads(payload)
        for item in (items := iter(fn(*args))):
            batch.append(item)
            if _cancelled(conn):
                batch = []
                break
            if time.monotonic() - sent >= FLUSH_S:
                conn.send(("items", job_id, batch))
                batch, sent = [], time.monotonic()
    except ValueError as exc:  # the job refused its input (had the pipe, the sends fail too)
        end = ("error", _sendable(exc))
    except Exception as exc:  # it broke, out of memory say: a line, never a traceback
        end = ("error", WorkerDied(Phrase("pool_job_error", error=type(exc).__name__)))
    finally:
        getattr(items, "close", lambda: None)()
    if batch:  # what it made before it ended (or failed)
        conn.send(("items", job_id, batch))
    conn.send((end[0], job_id, end[1]))


def _cancelled(conn: Connection) -> bool:
    """Whether a cancel has arrived (only cancels of the running job arrive while it runs)."""
    arrived = [conn.recv()[0] for _ in iter(conn.poll, False)]
    return "cancel" in arrived


def _sendable(exc: Exception) -> Exception:
    """The exception itself if it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
