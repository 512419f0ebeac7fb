"""A simulated NiceGUI user (no browser) driving the explorer's pages.

NiceGUI's own ``user`` fixture is async and needs an asyncio pytest plugin; these tests stay
synchronous instead: each one hands an async scenario to ``simulate``, which runs it against
a fresh app with every page registered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from nicegui import core, ui
from nicegui.testing.user import User
from nicegui.testing.user_simulation import user_simulation

from support.machine import run_apart
from xentlab.app import register_pages
from xentlab.app.server.stack import install

Scenario = Callable[[User, list[str]], Awaitable[None]]

#: logged by NiceGUI's teardown of a simulated app when its own housekeeping tasks (timers, the
#: outbox loop) take over 2 s to cancel on a busy machine, though every task then ended: it names
#: no task still running (a message that does name one still fails the test)
SLOW_TEARDOWN = re.compile(r"Could not cancel \d+ tasks within timeout: $")

URL_CALL = re.compile(r"""history\.replaceState\(history\.state, '', "(.*)"\)""")


@asynccontextmanager
async def explorer_user() -> AsyncIterator[User]:
    """A user of a fresh explorer app."""
    async with user_simulation() as user:
        register_pages()
        install(core.app)  # the middleware `xentlab serve` runs
        yield user


@pytest.fixture
def simulate(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Scenario], None]:
    """Run an async scenario ``(user, urls) -> None``; fail on any ERROR logged meanwhile.

    ``urls`` collects, in order, every query the page wrote to the address bar.
    """
    urls: list[str] = []
    original = ui.run_javascript

    def run_javascript(code: str, *args: Any, **kwargs: Any) -> Any:
        if match := URL_CALL.fullmatch(code):
            urls.append(match.group(1))
            return None
        return original(code, *args, **kwargs)

    monkeypatch.setattr(ui, "run_javascript", run_javascript)

    def run(scenario: Scenario) -> None:
        async def main() -> None:
            async with explorer_user() as user:
                await scenario(user, urls)

        with caplog.at_level(logging.WARNING):
            run_apart(main())
        errors = [
            message
            for r in caplog.records
            if r.levelno >= logging.ERROR and not SLOW_TEARDOWN.match(message := r.getMessage())
        ]
        assert not errors, errors

    return run
