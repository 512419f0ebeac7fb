"""A class store in one SQLite file: the classes of ``xentlab serve --class`` on one machine.

Every explorer process opens the same file, each with one connection of its own. The file is
in WAL mode: readers never wait for the writer, and one writer at a time waits for another
(``busy_timeout``) instead of failing. Each call is short; where two statements must agree (a
join's capacity check and its insert) they run in one ``BEGIN IMMEDIATE`` transaction, which
takes the write lock before it reads.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from xentlab.app.server.classroom import (
    JOINS_PER_MINUTE,
    MAX_MEMBERS,
    MAX_RECORDS,
    Tally,
    check_code,
    check_follow,
    check_key,
    new_member,
)

__all__ = ["BUSY_TIMEOUT_MS", "SqliteStore"]

#: how long a writer waits for another process's write before it fails
BUSY_TIMEOUT_MS = 5000
#: the window of the join limit
MINUTE_S = 60.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY, token_digest TEXT NOT NULL, follow TEXT, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS members (
    code TEXT NOT NULL, member TEXT NOT NULL, joined REAL NOT NULL, PRIMARY KEY (code, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
    code TEXT NOT NULL, member TEXT NOT NULL, section TEXT NOT NULL, task TEXT NOT NULL,
    done INTEGER NOT NULL, choice TEXT, PRIMARY KEY (code, member, section, task)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS joins (address TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS joins_by_address ON joins (address, at);
CREATE INDEX IF NOT EXISTS joins_by_time ON joins (at);
"""
MEMBER = "SELECT 1 FROM members WHERE code = ? AND member = ?"
#: how many records a member keeps, and whether one is of the given section and task
KEPT = "SELECT count(*), sum(section = ? AND task = ?) FROM records WHERE code = ? AND member = ?"


class SqliteStore:
    """The shared state of classes in the SQLite file at ``path`` (created when missing).

    ``clock`` gives the time in seconds (the join limit's minute; tests pass their own).

    Example:
        >>> import tempfile
        >>> from xentlab.app.server.classroom import digest
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SqliteStore(f"{folder.name}/class.sqlite")
        >>> store.open_class("ACDEFG", digest("token"))
        >>> member = store.join("ACDEFG")
        >>> store.record("ACDEFG", member, "bce", "one_nat", done=True, choice="b")
        >>> store.tally("ACDEFG")
        Tally(members=1, solved={('bce', 'one_nat'): 1}, choices={('bce', 'one_nat'): {'b': 1}})
        >>> store.close(); folder.cleanup()
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        # one connection per store; NiceGUI calls it from its event loop's thread, and a lock
        # keeps a call from any other thread (run.io_bound) from interleaving with it
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        # busy_timeout first: switching to WAL waits for a process that opens the file too
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        with self._transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)

    @contextmanager
    def _transaction(self, kind: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction (``IMMEDIATE``: the write lock from the start;
        ``DEFERRED``: a read that sees one state), committed at the end, rolled back on error."""
        with self._lock:
            self._db.execute(f"BEGIN {kind}")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: object) -> tuple[object, ...] | None:
        """The first row of a one-statement read."""
        with self._lock:
            row: tuple[object, ...] | None = self._db.execute(sql, args).fetchone()
        return row

    def open_class(self, code: str, token_digest: str) -> None:
        check_code(code)
        check_key("token digest", token_digest)
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO classes (code, token_digest, created) VALUES (?, ?, ?)",
                (code, token_digest, self._clock()),
            )

    def set_teacher(self, code: str, token_digest: str) -> None:
        check_key("code", code)
        check_key("token digest", token_digest)
        with self._transaction() as db:
            db.execute("UPDATE classes SET token_digest = ? WHERE code = ?", (token_digest, code))

    def teacher_digest(self, code: str) -> str | None:
        row = self._one("SELECT token_digest FROM classes WHERE code = ?", check_key("code", code))
        return None if row is None else str(row[0])

    def codes(self) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT code FROM classes ORDER BY created, code").fetchall()
        return [str(code) for (code,) in rows]

    def join(self, code: str) -> str | None:
        check_key("code", code)
        member = new_member()
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone() is None:
                return None
            (count,) = db.execute("SELECT count(*) FROM members WHERE code = ?", (code,)).fetchone()
            if count >= MAX_MEMBERS:
                return None
            db.execute("INSERT INTO members VALUES (?, ?, ?)", (code, member, self._clock()))
        return member

    def is_member(self, code: str, member: str) -> bool:
        return self._one(MEMBER, check_key("code", code), check_key("member", member)) is not None

    def leave(self, code: str, member: str) -> None:
        key = (check_key("code", code), check_key("member", member))
        with self._transaction() as db:
            db.execute("DELETE FROM records WHERE code = ? AND member = ?", key)
            db.execute("DELETE FROM members WHERE code = ? AND member = ?", key)

    def record(
        self, code: str, member: str, section: str, task: str, *, done: bool, choice: str | None
    ) -> None:
        who = (check_key("code", code), check_key("member", member))
        which = (check_key("section", section), check_key("task", task))
        if choice is not None:
            check_key("choice", choice)
        with self._transaction() as db:
            if not db.execute(MEMBER, who).fetchone():
                return
            count, again = db.execute(KEPT, which + who).fetchone()
            if count >= MAX_RECORDS and not again:
                return
            db.execute(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?)",
                (*who, *which, int(done), choice),
            )

    def tally(self, code: str) -> Tally:
        check_key("code", code)
        with self._transaction("DEFERRED") as db:  # the three counts of one state
            (members,) = db.execute(
                "SELECT count(*) FROM members WHERE code = ?", (code,)
            ).fetchone()
            solved = db.execute(
                "SELECT section, task, count(*) FROM records WHERE code = ? AND done "
                "GROUP BY section, task",
                (code,),
            ).fetchall()
            chosen = db.execute(
                "SELECT section, task, choice, count(*) FROM records "
                "WHERE code = ? AND choice IS NOT NULL GROUP BY section, task, choice",
                (code,),
            ).fetchall()
        choices: dict[tuple[str, str], dict[str, int]] = {}
        for section, task, choice, count in chosen:
            choices.setdefault((section, task), {})[choice] = count
        return Tally(members, {(s, t): n for s, t, n in solved}, choices)

    def set_follow(self, code: str, where: str | None) -> None:
        check_key("code", code)
        check_follow(where)
        with self._transaction() as db:
            db.execute("UPDATE classes SET follow = ? WHERE code = ?", (where, code))

    def follow(self, code: str) -> str | None:
        row = self._one("SELECT follow FROM classes WHERE code = ?", check_key("code", code))
        return None if row is None or row[0] is None else str(row[0])

    def allow_join(self, address: str) -> bool:
        check_key("address", address)
        now = self._clock()
        with self._transaction() as db:
            db.execute("DELETE FROM joins WHERE at <= ?", (now - MINUTE_S,))
            sql = "SELECT count(*) FROM joins WHERE address = ?"
            (count,) = db.execute(sql, (address,)).fetchone()
            if count >= JOINS_PER_MINUTE:  # a refused attempt is not kept: the table stays small
                return False
            db.execute("INSERT INTO joins VALUES (?, ?)", (address, now))
        return True

    def delete(self, code: str) -> None:
        check_key("code", code)
        with self._transaction() as db:
            for table in ("records", "members", "classes"):
                db.execute(f"DELETE FROM {table} WHERE code = ?", (code,))
            db.execute("DELETE FROM joins")  # the join limit's addresses go with the class

    def close(self) -> None:
        # a kept file (--class-file) holds no address older than the join limit's minute
        with self._transaction() as db:
            db.execute("DELETE FROM joins WHERE at <= ?", (self._clock() - MINUTE_S,))
        with self._lock:
            self._db.close()
