"""The SQLite class store (xentlab.app.server.class_sqlite) beyond the contract the stores share
(tests/app/server/test_classroom.py): the file in WAL mode, kept across openings and shared by
connections, a writer that waits for another instead of failing, threads sharing one store,
and the join limit's minute, on a clock of the test's own."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from xentlab.app.server.class_sqlite import SqliteStore
from xentlab.app.server.classroom import JOINS_PER_MINUTE, Tally, digest

CODE = "ACDEFG"


def test_the_file_is_in_wal_mode_and_shared_by_every_connection(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    first, second = SqliteStore(path), SqliteStore(path)
    first.open_class(CODE, digest("teacher"))
    member = second.join(CODE)
    assert member is not None and first.is_member(CODE, member)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert (tmp_path / "class.sqlite-wal").exists()
    first.close()
    second.close()


def test_a_class_is_kept_in_its_file_when_the_store_closes(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    store = SqliteStore(path)
    store.open_class(CODE, digest("teacher"))
    member = store.join(CODE)
    assert member is not None
    store.record(CODE, member, "bce", "one_nat", done=True, choice=None)
    store.close()
    again = SqliteStore(path)
    assert again.codes() == [CODE]
    assert again.tally(CODE) == Tally(1, {("bce", "one_nat"): 1}, {})
    again.close()


def test_a_writer_waits_for_another_process_s_write_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    store = SqliteStore(path)
    store.open_class(CODE, digest("teacher"))
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # another writer holds the file's write lock
    joined: list[str | None] = []
    waiting = threading.Thread(target=lambda: joined.append(store.join(CODE)))
    waiting.start()
    waiting.join(timeout=0.5)
    assert waiting.is_alive() and joined == []  # it waits (busy_timeout) ...
    raw.execute("COMMIT")
    waiting.join(timeout=10)
    assert len(joined) == 1 and joined[0] is not None  # ... and joins once the lock is free
    raw.close()
    store.close()


def test_threads_may_share_one_store(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "class.sqlite")
    store.open_class(CODE, digest("teacher"))
    joined: list[str | None] = []

    def join_fifty() -> None:
        joined.extend(store.join(CODE) for _ in range(50))

    threads = [threading.Thread(target=join_fifty) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert None not in joined and len(set(joined)) == 200
    assert store.tally(CODE).members == 200
    store.close()


def test_the_join_limit_counts_the_last_sixty_seconds_and_forgets_older_attempts(
    tmp_path: Path,
) -> None:
    now = [1000.0]
    store = SqliteStore(tmp_path / "class.sqlite", clock=lambda: now[0])
    assert all(store.allow_join("203.0.113.7") for _ in range(JOINS_PER_MINUTE))
    now[0] = 1059.9
    assert not store.allow_join("203.0.113.7")
    now[0] = 1060.0  # the first twenty are a minute old
    assert store.allow_join("203.0.113.7")
    with sqlite3.connect(tmp_path / "class.sqlite") as raw:
        assert raw.execute("SELECT count(*) FROM joins").fetchone() == (1,)
    store.close()


def test_a_deleted_class_leaves_no_address_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    store = SqliteStore(path)
    store.open_class(CODE, digest("teacher"))
    assert store.allow_join("203.0.113.7")  # a wrong code's address, kept for the join limit
    store.delete(CODE)
    store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM joins").fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM classes").fetchone() == (0,)


def test_a_kept_file_holds_no_address_older_than_the_join_limit_s_minute(tmp_path: Path) -> None:
    now = [1000.0]
    store = SqliteStore(tmp_path / "class.sqlite", clock=lambda: now[0])
    store.open_class(CODE, digest("teacher"))
    assert store.allow_join("203.0.113.7")
    now[0] = 1060.0
    assert store.allow_join("198.51.100.2")  # forgets the first address, counts this one
    now[0] = 1120.0
    store.close()  # serve --class-file stops: the class is kept, the second address is not
    with sqlite3.connect(tmp_path / "class.sqlite") as raw:
        assert raw.execute("SELECT count(*) FROM joins").fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM classes").fetchone() == (1,)
