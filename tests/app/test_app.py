"""The explorer's process: the server's garbage collections are tamed."""

from __future__ import annotations

import gc
from collections.abc import Callable

from xentlab.app import tame_garbage_collection

Simulate = Callable[..., None]


# ---- under overload, the latest value wins --------------------------------------------------


def test_the_server_freezes_its_start_and_collects_the_rest_as_python_does() -> None:
    thresholds = gc.get_threshold()
    try:
        tame_garbage_collection()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == thresholds
        assert gc.get_count()[2] == 0  # the full collection after the freeze started afresh
    finally:
        gc.unfreeze()
