"""Changes that wait while the page's previous output waits: the latest value wins.

A dragged slider sends tens of values a second. While the server keeps up, each is applied
as it comes. When it falls behind, the events of a page pile up faster than their output
leaves; applying each one would only add output that the next one replaces, and the backlog
would grow until the socket's ping times out. A :class:`Gate` applies a change at once unless
the output of the page's previous change has not been sent yet; such a change waits, merged
with any that follow (the latest value of each input wins), and is applied once the outbox has
sent. A drag's intermediate values may so be dropped, never its last one.

Changes made one after another by the same task (one handler, or a test driving the page) are
applied in order, each at once: only changes arriving as separate events wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from nicegui import Client

__all__ = ["Gate"]

#: how often a waiting change checks whether the previous output has been sent
RETRY_S = 0.01


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop running
        return None


class Gate:
    """Applies the changes of one page's client, holding back those that would pile up."""

    def __init__(self, client: Client, apply: Callable[[dict[str, Any]], None]) -> None:
        self._client = client
        self._apply = apply
        self.waiting: dict[str, Any] | None = None
        self._task: asyncio.Task[Any] | None = None  # the task of the last change applied
        self._mark = -1  # the outbox's message id when it was applied

    def __call__(self, changes: dict[str, Any]) -> None:
        """Apply ``changes`` now, or once the previous change's output has been sent."""
        if self.waiting is not None:
            self.waiting.update(changes)
            return
        task = _current_task()
        if task is not self._task and self._behind():
            self.waiting = dict(changes)
            asyncio.get_running_loop().call_later(RETRY_S, self._drain)
            return
        self._task = task
        self._run(changes)

    def _behind(self) -> bool:
        """Whether the outbox still holds output and has sent nothing since the last change."""
        outbox = self._client.outbox
        return outbox.next_message_id == self._mark and bool(outbox.updates or outbox.messages)

    def _run(self, changes: dict[str, Any]) -> None:
        self._mark = self._client.outbox.next_message_id
        self._apply(changes)

    def _drain(self) -> None:
        if self._client.is_deleted:
            self.waiting = None
            return
        if self._behind():
            asyncio.get_running_loop().call_later(RETRY_S, self._drain)
            return
        changes, self.waiting, self._task = self.waiting or {}, None, None
        self._client.safe_invoke(lambda: self._run(changes))
