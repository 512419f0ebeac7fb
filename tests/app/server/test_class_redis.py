"""The Redis class store (xentlab.app.server.class_redis) beyond the contract the stores share
(tests/app/server/test_classroom.py): where its keys are, that deleting a class leaves none of
them, the join limit's expiring counter, and a server that does not answer."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis

from support.machine import free_port
from support.redis_server import redis_server
from xentlab.app.server.class_redis import CLASSES_KEY, OPENED_KEY, RedisStore
from xentlab.app.server.classroom import JOINS_PER_MINUTE, digest

CODE, OTHER = "ACDEFG", "HJKMNP"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    """A client of the emptied server, to look at the keys themselves."""
    with redis.Redis.from_url(redis_url, decode_responses=True) as opened:
        opened.flushall()
        yield opened


@pytest.fixture
def store(redis_url: str, client: redis.Redis) -> Iterator[RedisStore]:
    opened = RedisStore(redis_url)
    yield opened
    opened.close()


def fill(store: RedisStore, code: str) -> None:
    """Start class ``code`` with two members who recorded a task, and a follow address."""
    store.open_class(code, digest(code))
    for _ in range(2):
        member = store.join(code)
        assert member is not None
        store.record(code, member, "bce", "one_nat", done=True, choice="a")
    store.set_follow(code, "/bce")


def test_the_keys_of_a_class_share_its_prefix(store: RedisStore, client: redis.Redis) -> None:
    fill(store, CODE)
    keys = set(client.keys("*"))
    assert {CLASSES_KEY, OPENED_KEY} <= keys
    prefix = f"xentlab:class:{{{CODE}}}:"
    assert all(key.startswith(prefix) for key in keys - {CLASSES_KEY, OPENED_KEY})
    # the codes and the count of classes opened; the class's info and members; two records
    assert len(keys) == 2 + 2 + 2


def test_deleting_a_class_leaves_no_key_of_it(store: RedisStore, client: redis.Redis) -> None:
    fill(store, OTHER)
    store_wide = {CLASSES_KEY, OPENED_KEY}
    untouched = {key: client.dump(key) for key in client.keys("*") if key not in store_wide}
    fill(store, CODE)
    store.delete(CODE)
    left = set(client.keys("*"))
    assert left - store_wide == set(untouched)
    assert {key: client.dump(key) for key in untouched} == untouched
    assert client.zrange(CLASSES_KEY, 0, -1) == [OTHER]


def test_the_join_limit_is_a_counter_that_expires_a_minute_after_the_first_try(
    store: RedisStore, client: redis.Redis
) -> None:
    key = "xentlab:joins:203.0.113.7"
    assert store.allow_join("203.0.113.7")
    assert 0 < client.ttl(key) <= 60
    assert [store.allow_join("203.0.113.7") for _ in range(JOINS_PER_MINUTE)][-2:] == [True, False]
    assert 0 < client.ttl(key) <= 60  # later tries do not push the minute back
    client.pexpire(key, 1)  # the minute is over
    deadline = time.monotonic() + 5
    while client.exists(key) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert store.allow_join("203.0.113.7")


def test_a_server_that_does_not_answer_fails_when_the_store_opens() -> None:
    with pytest.raises(redis.ConnectionError):
        RedisStore(f"redis://127.0.0.1:{free_port()}/0")


def test_the_tally_reads_records_written_by_another_client(
    redis_url: str, store: RedisStore
) -> None:
    fill(store, CODE)
    other = RedisStore(redis_url)
    member = other.join(CODE)
    assert member is not None
    other.record(CODE, member, "bce", "one_nat", done=False, choice="b")
    assert store.tally(CODE).choices == {("bce", "one_nat"): {"a": 2, "b": 1}}
    other.close()
