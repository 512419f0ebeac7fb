"""A page's work on a visitor's data, away from the server: bounded, time-limited, supersedable.

Reading an uploaded or pasted file, scoring it, fitting a temperature and training the bundled
example all run in the process's shared "work" pool (:mod:`xentlab.app.server.pool`): at most
one worker process per core, each at the lowest CPU priority, so no visitor can take the cores
or the event loop from a class; a job still running after ``TIME_LIMIT_S["work"]`` seconds has
its worker killed and fails with a one-line :class:`~xentlab.app.server.pool.TimedOut`; and
shutting the server down kills the workers instead of waiting for them.

Each page names its kinds of work (``owner``: the tab and what the work is for); a new request
of the same kind replaces the one before it, which then raises :class:`Superseded`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

from xentlab.app.server.pool import TIME_LIMIT_S, Progress, Waiting, shared_pool

__all__ = ["Superseded", "run"]

T = TypeVar("T")


class Superseded(Exception):
    """A newer request of the same kind (or the page closing) replaced this one."""


def _once(fn: Callable[..., T], *args: Any) -> Iterator[T]:
    """A job of one item: ``fn(*args)`` (module-level, so that a worker can unpickle it)."""
    yield fn(*args)


async def run(
    owner: Hashable,
    fn: Callable[..., T],
    *args: Any,
    on_wait: Callable[[int], None] | None = None,
) -> T:
    """``fn(*args)`` computed in a worker of the work pool, replacing ``owner``'s job if it has
    one; ``on_wait(position)`` is told each place in line while every worker is busy.

    Raises:
        ValueError: ``fn`` refused its input (its one-line message, a phrase).
        WorkerDied: the work broke, ran past its time limit, or its process ended.
        Superseded: a newer request of ``owner`` came first.
    """
    pool = shared_pool("work")
    if (old := pool.job_of(owner)) is not None:
        old.cancel()
    job = pool.submit(owner, _once, fn, *args, time_limit_s=TIME_LIMIT_S["work"])
    results: list[T] = []
    async for event in job.events():
        if isinstance(event, Waiting) and on_wait is not None:
            on_wait(event.position)
        elif isinstance(event, Progress):
            results.extend(event.items)
    if not results:
        raise Superseded
    return results[0]
