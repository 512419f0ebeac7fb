"""The class a server runs (``xentlab serve --class``), started once by the command and read by
every explorer process from its environment: the join code and where the store is.

The command (:func:`start_class`) opens the store, starts the class and sets
:data:`ENV_CODE` and :data:`ENV_STORE`, which ``--workers`` processes inherit; each process
opens the store on first use (:func:`running`). The teacher's token is printed once, in the
teacher's link, and kept only as a digest.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xentlab.app.server.class_store import open_store
from xentlab.app.server.classroom import ClassStore, digest, new_code, new_token

__all__ = [
    "ENV_BASE",
    "ENV_CODE",
    "ENV_STORE",
    "ENV_TOKEN",
    "RunningClass",
    "StartedClass",
    "running",
    "start_class",
]

#: the environment that tells an explorer process its class
ENV_CODE = "XENTLAB_CLASS_CODE"
ENV_STORE = "XENTLAB_CLASS_STORE"
#: the address students open (the machine's on its network, when it listens on all of them)
ENV_BASE = "XENTLAB_CLASS_BASE"
#: a teacher's token the servers of one class share (several machines, one Redis store): each
#: server that starts takes up the class with it; without it, each start makes a new token
ENV_TOKEN = "XENTLAB_TEACHER_TOKEN"


@dataclass(frozen=True)
class RunningClass:
    """The class this process serves: its join code, its store, and the address students
    open ("" when the page's own will do)."""

    code: str
    store: ClassStore
    base: str = ""


@lru_cache(maxsize=1)
def running() -> RunningClass | None:
    """The class this process serves, or None (no ``--class``)."""
    code, spec = os.environ.get(ENV_CODE), os.environ.get(ENV_STORE)
    if not code or not spec:
        return None
    return RunningClass(code, open_store(spec), os.environ.get(ENV_BASE, ""))


@dataclass
class StartedClass:
    """A class the command started: the teacher's token, and how to end it."""

    code: str
    token: str
    spec: str
    keep: bool
    folder: Path | None

    def teacher_path(self) -> str:
        """The teacher page's address (path and query), with the token."""
        return f"/teacher?token={self.token}"

    def join_path(self) -> str:
        """The students' join address."""
        return f"/join/{self.code}"

    def stop(self) -> None:
        """End the class: its data is deleted unless the command was asked to keep it."""
        if not self.keep:
            store = open_store(self.spec)
            try:
                store.delete(self.code)
            finally:
                store.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        for name in (ENV_CODE, ENV_STORE, ENV_BASE):
            os.environ.pop(name, None)
        running.cache_clear()


def start_class(
    class_file: str | None = None, store: str | None = None, base: str = ""
) -> StartedClass:
    """Open the store (``store``, a ``redis://`` address; else the SQLite file ``class_file``;
    else a new SQLite file in a temporary state folder), start a class in it, and set this
    process's environment so that it and its workers serve the class; ``base`` is the address
    students open, where it is not the one the teacher's browser uses.

    A ``class_file`` or a Redis ``store`` that already holds a class takes it up: the same code,
    the teacher's token :data:`ENV_TOKEN` if set (so that several servers share one), else a
    new one. Servers that start together on an empty store agree on one class: each opens one,
    then keeps the oldest (``ClassStore.codes``) and deletes its own. Only a class in a
    temporary file is deleted on :meth:`StartedClass.stop`: a file named keeps it, and so does
    a Redis store, which other servers of the class may still use (``deploy/compose.yaml`` runs
    Redis without persistence: the class ends with it).
    """
    folder = None
    if store is None:
        if class_file is None:
            folder = Path(tempfile.mkdtemp(prefix="xentlab-class-"))
            spec = str(folder / "class.sqlite")
        else:
            spec = str(Path(class_file).resolve())
    else:
        spec = store
    opened = open_store(spec)
    try:
        token = os.environ.get(ENV_TOKEN) or new_token()
        code = _kept_code(opened) if folder is None else None
        if code is None:
            mine = code = new_code()
            opened.open_class(mine, digest(token))
            if folder is None:  # servers starting together on one store keep the oldest class
                code = _kept_code(opened) or mine
                if code != mine:
                    opened.delete(mine)
        opened.set_teacher(code, digest(token))
    finally:
        opened.close()
    os.environ[ENV_CODE], os.environ[ENV_STORE], os.environ[ENV_BASE] = code, spec, base
    running.cache_clear()
    return StartedClass(code, token, spec, keep=folder is None, folder=folder)


def _kept_code(store: ClassStore) -> str | None:
    """The code of a class a kept file already holds (the first, if several)."""
    codes = store.codes()
    return codes[0] if codes else None
