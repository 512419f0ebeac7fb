"""Which class store a server's processes share, from one string they all inherit: a Redis
address (``redis://``, ``rediss://`` or ``unix://``) or the path of an SQLite file.

The Redis client is imported only when a Redis address is given: a class on one machine needs
no more than Python's own ``sqlite3``.
"""

from __future__ import annotations

from xentlab._src.extras import require
from xentlab.app.server.class_sqlite import SqliteStore
from xentlab.app.server.classroom import ClassStore

__all__ = ["REDIS_SCHEMES", "open_store"]

#: the schemes of the addresses redis-py opens (``Redis.from_url``)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def open_store(spec: str) -> ClassStore:
    """The store ``spec`` names: a :class:`~xentlab.app.server.class_redis.RedisStore` for a
    Redis address, else a :class:`~xentlab.app.server.class_sqlite.SqliteStore` of that file.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     store = open_store(f"{folder}/class.sqlite")
        ...     print(type(store).__name__)
        ...     store.close()
        SqliteStore
    """
    if not spec:
        raise ValueError("a class store must be a redis:// address or a file path, got ''")
    if spec.startswith(REDIS_SCHEMES):
        require("class", "a class kept in Redis")  # (a one-line "pip install" when missing)
        from xentlab.app.server.class_redis import RedisStore

        return RedisStore(spec)
    return SqliteStore(spec)
