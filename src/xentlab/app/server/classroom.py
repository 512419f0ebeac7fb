"""A class: what ``xentlab serve --class`` shares between its processes, in a real store.

A teacher starts a class; students join it by its short code (or its link), and leave with
one click. What the teacher's page shows is counts only: how many joined, and per task how
many solved it and how the answers to a prediction are spread. Nothing personal is kept: a
member is a random id the student's browser holds; no name, no address, no free text. The
one address a store sees is that of a wrong join code, kept a minute for the join limit.

Everything several ``--workers`` processes must agree on lives in a :class:`ClassStore`, never
in one process's memory (:func:`xentlab.app.server.class_store.open_store` opens one):

- :class:`~xentlab.app.server.class_sqlite.SqliteStore` — one machine: an SQLite file in WAL
  mode (many readers, one writer at a time, every process opens the same file), under the
  server's state folder, deleted when ``serve`` stops unless ``--class-file`` names it;
- :class:`~xentlab.app.server.class_redis.RedisStore` — several machines: a Redis server
  (``deploy/compose.yaml`` starts one).

Both keep the same bounds: at most :data:`MAX_MEMBERS` members, :data:`MAX_RECORDS` records a
member, keys of at most :data:`MAX_KEY_CHARS` characters, a follow address of at most
:data:`MAX_FOLLOW_CHARS`; join attempts limited per address (:data:`JOINS_PER_MINUTE`). This
module holds what they share: the bounds, the checks of what a caller sends, the contract.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "JOINS_PER_MINUTE",
    "MAX_FOLLOW_CHARS",
    "MAX_KEY_CHARS",
    "MAX_MEMBERS",
    "MAX_RECORDS",
    "ClassStore",
    "Tally",
    "check_code",
    "check_follow",
    "check_key",
    "digest",
    "new_code",
    "new_member",
    "new_token",
    "token_matches",
]

#: a join code's letters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B to misread on a projector
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
#: members of one class at most (a lecture hall)
MAX_MEMBERS = 1000
#: a section or task key, a choice key, a member id: at most this long
MAX_KEY_CHARS = 64
#: the follow-me address (a path and its query) at most this long
MAX_FOLLOW_CHARS = 2000
#: records (tasks solved or answered) of one member at most: every task of the course, with room
#: to grow; a record of a further task is ignored
MAX_RECORDS = 200
#: join attempts one address may make in a minute
JOINS_PER_MINUTE = 20


def new_code() -> str:
    """A fresh join code (:data:`CODE_LENGTH` letters of :data:`CODE_ALPHABET`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """A fresh teacher token (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def new_member() -> str:
    """A fresh member id (URL-safe, 96 bits): all a store knows of a student."""
    return secrets.token_urlsafe(12)


def digest(token: str) -> str:
    """What the store keeps of a teacher token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(given: str, kept_digest: str) -> bool:
    """Whether ``given`` is the token whose digest is ``kept_digest`` (constant time)."""
    return hmac.compare_digest(digest(given), kept_digest)


def check_key(name: str, value: object, most: int = MAX_KEY_CHARS) -> str:
    """``value`` when it is a printable string of at most ``most`` characters (a key: a code, a
    member id, a section, task or choice key, an address), else a ValueError naming ``name``.

    Example:
        >>> check_key("section", "bce")
        'bce'
        >>> check_key("section", "x" * 70)
        Traceback (most recent call last):
        ValueError: section must be at most 64 characters, got 70
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if len(value) > most:
        raise ValueError(f"{name} must be at most {most} characters, got {len(value)}")
    if not value.isprintable():  # control characters, and lone surrogates no store can encode
        bad = next(c for c in value if not c.isprintable())
        raise ValueError(f"{name} must be printable, got {bad!r} in it")
    return value


def check_follow(where: str | None) -> str | None:
    """``where`` when it is None or a follow address of at most :data:`MAX_FOLLOW_CHARS`."""
    return None if where is None else check_key("follow address", where, MAX_FOLLOW_CHARS)


def check_code(code: str) -> str:
    """``code`` when it is a join code as :func:`new_code` makes them (what a class is started
    with), else a ValueError.

    Example:
        >>> check_code("abc")
        Traceback (most recent call last):
        ValueError: code must be 6 letters of ACDEFGHJKMNPQRTUVWXY34679, got 'abc'
    """
    check_key("code", code)
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        raise ValueError(f"code must be {CODE_LENGTH} letters of {CODE_ALPHABET}, got {code!r}")
    return code


@dataclass(frozen=True)
class Tally:
    """What the teacher's page shows of a class: counts only.

    Attributes:
        members: how many students are in the class now.
        solved: per (section key, task key), how many members solved it.
        choices: per (section key, task key), how many members locked in each choice.
    """

    members: int
    solved: Mapping[tuple[str, str], int] = field(default_factory=dict)
    choices: Mapping[tuple[str, str], Mapping[str, int]] = field(default_factory=dict)


class ClassStore(Protocol):
    """The shared state of classes. Every method is safe to call from several processes at
    once; a key longer than :data:`MAX_KEY_CHARS` (or not printable) raises ValueError
    (:func:`check_key`). A method about a class that does not exist changes nothing."""

    def open_class(self, code: str, token_digest: str) -> None:
        """Start the class ``code`` (a join code, :func:`check_code`) whose teacher holds the
        token with ``token_digest`` (again: nothing changes)."""

    def set_teacher(self, code: str, token_digest: str) -> None:
        """Give class ``code`` a new teacher token (its digest): the old one no longer works."""

    def teacher_digest(self, code: str) -> str | None:
        """The teacher token's digest of class ``code``; None when there is no such class."""

    def codes(self) -> list[str]:
        """The codes of the classes in the store, oldest first."""

    def join(self, code: str) -> str | None:
        """A new member id in class ``code``; None when there is no such class or it is full
        (:data:`MAX_MEMBERS`)."""

    def is_member(self, code: str, member: str) -> bool:
        """Whether ``member`` is in class ``code``."""

    def leave(self, code: str, member: str) -> None:
        """Take ``member`` out of class ``code``, with everything it recorded."""

    def record(
        self, code: str, member: str, section: str, task: str, *, done: bool, choice: str | None
    ) -> None:
        """Keep that ``member`` solved (``done``) task ``task`` of ``section`` and/or locked in
        ``choice``; a later record of the same task replaces it. Ignored for a non-member, and
        for a task beyond the member's :data:`MAX_RECORDS`."""

    def tally(self, code: str) -> Tally:
        """The counts of class ``code`` (zero members when there is no such class)."""

    def set_follow(self, code: str, where: str | None) -> None:
        """The address every following student is shown (a path and query), or None to stop
        (ValueError when longer than :data:`MAX_FOLLOW_CHARS`)."""

    def follow(self, code: str) -> str | None:
        """The address set by :meth:`set_follow`, or None."""

    def allow_join(self, address: str) -> bool:
        """Count a join attempt from ``address``; False once it made :data:`JOINS_PER_MINUTE`
        in the last minute."""

    def delete(self, code: str) -> None:
        """Forget class ``code`` and everything about it."""

    def close(self) -> None:
        """Release the store's connections."""
