"""A class started by the command: its environment, the digest kept (never the token), its
data deleted on stop unless a file keeps it, and a kept class taken up again by a new token."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from support.redis_server import redis_server
from xentlab.app.server import class_session
from xentlab.app.server.class_store import open_store
from xentlab.app.server.classroom import digest, token_matches


@pytest.fixture(autouse=True)
def no_class_before_or_after() -> object:
    for name in (class_session.ENV_CODE, class_session.ENV_STORE, class_session.ENV_BASE):
        os.environ.pop(name, None)
    class_session.running.cache_clear()
    yield
    for name in (class_session.ENV_CODE, class_session.ENV_STORE, class_session.ENV_BASE):
        os.environ.pop(name, None)
    class_session.running.cache_clear()


def test_no_class_runs_without_one() -> None:
    assert class_session.running() is None


def test_a_started_class_is_served_and_deleted_on_stop() -> None:
    started = class_session.start_class(base="http://10.0.0.5:8080")
    assert started.folder is not None and started.folder.exists()
    klass = class_session.running()
    assert klass is not None and klass.code == started.code
    assert klass.base == "http://10.0.0.5:8080"
    kept = klass.store.teacher_digest(started.code)
    assert kept == digest(started.token) != started.token
    assert token_matches(started.token, kept) and not token_matches("guess", kept)
    assert started.teacher_path() == f"/teacher?token={started.token}"
    assert started.join_path() == f"/join/{started.code}"
    member = klass.store.join(started.code)
    assert member is not None
    klass.store.close()
    started.stop()
    assert not started.folder.exists()
    assert class_session.running() is None


def test_a_class_file_keeps_the_class_and_takes_it_up_with_a_new_token(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    first = class_session.start_class(class_file=str(path))
    store = open_store(str(path))
    member = store.join(first.code)
    store.close()
    first.stop()
    assert path.exists()

    again = class_session.start_class(class_file=str(path))
    assert again.code == first.code and again.token != first.token
    store = open_store(str(path))
    assert member is not None and store.is_member(again.code, member)
    kept = store.teacher_digest(again.code)
    assert kept is not None and token_matches(again.token, kept)
    assert not token_matches(first.token, kept)
    store.close()
    again.stop()


def _start_after(barrier: Any, spec: str, kind: str, codes: Any) -> None:
    """A server process: wait for the others, then start the class on the shared store."""
    barrier.wait()
    if kind == "redis":
        started = class_session.start_class(store=spec)
    else:
        started = class_session.start_class(class_file=spec)
    codes.put(started.code)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_servers_starting_together_on_an_empty_store_share_one_class(
    kind: str, tmp_path: Path
) -> None:
    # deploy/compose.yaml starts its explorer containers at once on one empty Redis
    servers = 6
    with contextlib.ExitStack() as stack:
        if kind == "redis":
            spec = stack.enter_context(redis_server(tmp_path))
        else:
            spec = str(tmp_path / "class.sqlite")
        context = multiprocessing.get_context("spawn")
        barrier, codes = context.Barrier(servers), context.Queue()
        processes = [
            context.Process(target=_start_after, args=(barrier, spec, kind, codes))
            for _ in range(servers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
            assert process.exitcode == 0
        started = {codes.get(timeout=5) for _ in range(servers)}
        store = open_store(spec)
        assert len(started) == 1 and store.codes() == sorted(started)
        store.close()
