"""Which store a spec names (xentlab.app.server.class_store.open_store): a Redis address opens
RedisStore, anything else the SQLite file of that path; Redis's client is imported only then."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.redis_server import redis_server
from xentlab.app.server.class_redis import RedisStore
from xentlab.app.server.class_sqlite import SqliteStore
from xentlab.app.server.class_store import open_store


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def test_a_redis_address_opens_the_redis_store(redis_url: str) -> None:
    store = open_store(redis_url)
    assert isinstance(store, RedisStore) and store.url == redis_url
    store.close()


def test_a_path_opens_the_sqlite_store_of_that_file(tmp_path: Path) -> None:
    path = tmp_path / "redis:" / "class.sqlite"  # a folder named like a scheme is still a path
    path.parent.mkdir()
    store = open_store(str(path))
    assert isinstance(store, SqliteStore) and store.path == path
    assert path.exists()
    store.close()


def test_an_empty_spec_is_refused() -> None:
    with pytest.raises(ValueError) as error:
        open_store("")
    assert str(error.value) == "a class store must be a redis:// address or a file path, got ''"


def test_a_class_on_one_machine_does_not_import_redis(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom xentlab.app.server.class_store import open_store\n"
        f"open_store({str(tmp_path / 'c.sqlite')!r}).close()\nprint('redis' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
