"""How the simulated-user tests drive and read a page: find, read, move, choose, wait; a series
of its chart, and the library's numbers it shows."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl

#: how long a condition may take to become true before the test fails
PATIENCE_S = 5.0


async def until(condition: Callable[[], bool], what: str, patience: float = PATIENCE_S) -> None:
    """Wait, polling, until ``condition()`` holds; fail naming ``what`` if it never does."""
    deadline = time.monotonic() + patience
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {patience} s for {what}")
        await asyncio.sleep(0.02)


async def url_becomes(urls: list[str], expected: str) -> None:
    """Wait until the page has written ``expected`` into the address bar (it waits for a pause
    in the changes before writing)."""
    await until(lambda: urls[-1:] == [expected], f"the URL {expected!r}, seen {urls[-3:]}")


def one(user: User, marker: str) -> ui.element:
    """The single element carrying ``marker``."""
    (element,) = user.find(marker=marker).elements
    return element


def text(user: User, marker: str) -> str:
    """The text of the label carrying ``marker``."""
    element = one(user, marker)
    assert isinstance(element, ui.label)
    return element.text


def move(user: User, marker: str, value: float) -> None:
    """What a dragged slider sends: an ``update:model-value`` event with the new value."""
    user.find(marker=marker).trigger("update:modelValue", value)


def choose(user: User, marker: str, value: object) -> None:
    """Set the toggle carrying ``marker`` to ``value``, as a click would."""
    with user:
        element = one(user, marker)
        assert isinstance(element, ui.toggle)
        element.value = value


def num(x: object) -> float:
    """The one number in a library result."""
    return float(np.asarray(x).item())


def bce(p: float, y: float) -> float:
    return float(xl.binary_cross_entropy(np.array([p]), np.array([y])))


def series(user: User, sid: str) -> dict:
    """The series ``sid`` of the page's chart, as the browser receives it."""
    chart = one(user, "chart")
    assert isinstance(chart, ui.echart)
    (found,) = [s for s in chart.options["series"] if s.get("id") == sid]
    return found
