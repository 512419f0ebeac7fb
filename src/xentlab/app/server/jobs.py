"""What a job in a :class:`~xentlab.app.server.pool.Pool` tells its page: the events of its
life (waiting in line, started, items yielded) and the ways it fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Busy", "Event", "Progress", "Started", "TimedOut", "Waiting", "WorkerDied"]

T = TypeVar("T")


class Busy(RuntimeError):
    """The owner already has a job waiting or running."""


class WorkerDied(RuntimeError):
    """The process that ran the job ended without finishing it, or the job failed with an
    error that is not a ``ValueError`` (out of memory, say). The message is a
    :class:`~xentlab._src.messages.Phrase`, so the page shows it in its language."""


class TimedOut(WorkerDied):
    """The job ran longer than its time limit, and its worker was stopped."""


@dataclass(frozen=True)
class Waiting:
    """The job waits in line: ``position`` 1 starts next."""

    position: int


@dataclass(frozen=True)
class Started:
    """The job has a worker (its first items follow)."""


@dataclass(frozen=True)
class Progress(Generic[T]):
    """Items the job yielded, in order."""

    items: tuple[T, ...]


Event = Waiting | Started | Progress[Any]
