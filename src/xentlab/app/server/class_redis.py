"""A class store in Redis: the classes of ``xentlab serve --class`` over several machines.

The keys of class ``C`` all start ``xentlab:class:{C}:`` (the braces: Redis Cluster's hash tag,
one slot for a class; and since a code a class is opened with holds no brace, no code a
visitor sends can name another class's key):

- ``…:info``, a hash: the teacher token's ``digest``, the ``follow`` address, ``created``;
- ``…:members``, a set of member ids;
- ``…:records:<member>``, a hash per member: ``["section", "task"]`` → ``[done, "choice"]``
  (JSON both).

Besides: ``xentlab:classes``, a sorted set of the codes in the order they were opened (scored
by ``xentlab:opened``, a counter: servers that start together agree on the oldest), and
``xentlab:joins:<address>``, a counter of join attempts that expires a minute after the first.
What must be checked and written together (a join's capacity, a record's membership, a leave
and its records) runs as one Lua script, which Redis runs alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable
from typing import Any

import redis

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

__all__ = ["CLASSES_KEY", "PREFIX", "RedisStore"]

PREFIX = "xentlab:"
#: the codes of the classes, by when they started
CLASSES_KEY = f"{PREFIX}classes"
OPENED_KEY = f"{PREFIX}opened"
#: seconds of the join limit's window, and of a connection's wait for a slow server
MINUTE_S = 60
TIMEOUT_S = 5.0

# KEYS: info, members; ARGV: member, most members
JOIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
return redis.call('SADD', KEYS[2], ARGV[1])
"""
# KEYS: members, the member's records; ARGV: member
LEAVE = """
if redis.call('SREM', KEYS[1], ARGV[1]) == 1 then redis.call('DEL', KEYS[2]) end
return 0
"""
# KEYS: members, the member's records; ARGV: member, field, value, most records
RECORD = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4])
    and redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
# KEYS: info, the classes, the counter of opened classes; ARGV: digest, created, code
OPEN = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'created', ARGV[2])
redis.call('ZADD', KEYS[2], 'NX', redis.call('INCR', KEYS[3]), ARGV[3])
return 1
"""
# KEYS: info; ARGV: field, value ('' and a third argument '1': remove the field)
SET_FIELD = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] == '1' then redis.call('HDEL', KEYS[1], ARGV[1])
else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
"""
# KEYS: info, members; ARGV: the records keys' prefix
DELETE = """
for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    redis.call('DEL', ARGV[1] .. member)
end
redis.call('DEL', KEYS[1], KEYS[2])
return 0
"""
# KEYS: the address's counter; ARGV: the window in seconds
COUNT_JOIN = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def _reply(value: Awaitable[Any] | Any) -> Any:
    """A reply of the synchronous client (redis-py types the replies of its synchronous and
    asynchronous clients as one: ``Awaitable[Any] | Any``)."""
    return value


def class_key(code: str, part: str) -> str:
    """The key of ``part`` (``info``, ``members``, ``records:<member>``) of class ``code``."""
    return f"{PREFIX}class:{{{code}}}:{part}"


class RedisStore:
    """The shared state of classes in the Redis server at ``url`` (``redis://host:port/db``).

    The server is asked to answer (PING) at once: a wrong address fails here, not at the first
    student's join.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._redis = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S
        )
        self._redis.ping()
        script = self._redis.register_script
        self._join, self._leave, self._record = script(JOIN), script(LEAVE), script(RECORD)
        self._open, self._set_field, self._delete = script(OPEN), script(SET_FIELD), script(DELETE)
        self._count_join = script(COUNT_JOIN)

    def open_class(self, code: str, token_digest: str) -> None:
        check_code(code)
        check_key("token digest", token_digest)
        keys = [class_key(code, "info"), CLASSES_KEY, OPENED_KEY]
        self._open(keys=keys, args=[token_digest, repr(time.time()), code])

    def set_teacher(self, code: str, token_digest: str) -> None:
        check_key("code", code)
        check_key("token digest", token_digest)
        self._set_field(keys=[class_key(code, "info")], args=["digest", token_digest, "0"])

    def teacher_digest(self, code: str) -> str | None:
        info = class_key(check_key("code", code), "info")
        found: str | None = _reply(self._redis.hget(info, "digest"))
        return found

    def codes(self) -> list[str]:
        return list(_reply(self._redis.zrange(CLASSES_KEY, 0, -1)))

    def join(self, code: str) -> str | None:
        check_key("code", code)
        member = new_member()
        keys = [class_key(code, "info"), class_key(code, "members")]
        return member if self._join(keys=keys, args=[member, MAX_MEMBERS]) else None

    def is_member(self, code: str, member: str) -> bool:
        members = class_key(check_key("code", code), "members")
        return bool(_reply(self._redis.sismember(members, check_key("member", member))))

    def leave(self, code: str, member: str) -> None:
        check_key("code", code)
        check_key("member", member)
        keys = [class_key(code, "members"), class_key(code, f"records:{member}")]
        self._leave(keys=keys, args=[member])

    def record(
        self, code: str, member: str, section: str, task: str, *, done: bool, choice: str | None
    ) -> None:
        check_key("code", code)
        check_key("member", member)
        field = json.dumps([check_key("section", section), check_key("task", task)])
        value = json.dumps([bool(done), None if choice is None else check_key("choice", choice)])
        keys = [class_key(code, "members"), class_key(code, f"records:{member}")]
        self._record(keys=keys, args=[member, field, value, MAX_RECORDS])

    def tally(self, code: str) -> Tally:
        check_key("code", code)
        members = sorted(_reply(self._redis.smembers(class_key(code, "members"))))
        with self._redis.pipeline(transaction=False) as pipe:
            for member in members:
                pipe.hgetall(class_key(code, f"records:{member}"))
            records: list[dict[str, str]] = pipe.execute()
        solved: dict[tuple[str, str], int] = {}
        choices: dict[tuple[str, str], dict[str, int]] = {}
        for field, value in (item for kept in records for item in kept.items()):
            section, task = json.loads(field)
            done, choice = json.loads(value)
            if done:
                solved[section, task] = solved.get((section, task), 0) + 1
            if choice is not None:
                spread = choices.setdefault((section, task), {})
                spread[choice] = spread.get(choice, 0) + 1
        return Tally(len(members), solved, choices)

    def set_follow(self, code: str, where: str | None) -> None:
        check_key("code", code)
        check_follow(where)
        stop = "1" if where is None else "0"
        self._set_field(keys=[class_key(code, "info")], args=["follow", where or "", stop])

    def follow(self, code: str) -> str | None:
        info = class_key(check_key("code", code), "info")
        found: str | None = _reply(self._redis.hget(info, "follow"))
        return found

    def allow_join(self, address: str) -> bool:
        key = f"{PREFIX}joins:{check_key('address', address)}"
        return int(self._count_join(keys=[key], args=[MINUTE_S])) <= JOINS_PER_MINUTE

    def delete(self, code: str) -> None:
        check_key("code", code)
        keys = [class_key(code, "info"), class_key(code, "members")]
        self._delete(keys=keys, args=[class_key(code, "records:")])
        _reply(self._redis.zrem(CLASSES_KEY, code))

    def close(self) -> None:
        self._redis.close()
