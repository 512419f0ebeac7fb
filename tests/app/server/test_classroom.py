"""The class store's contract (xentlab.app.server.classroom.ClassStore), run against each store:
SQLite (a file) and Redis (a real redis-server on a free port). The same tests, the same
answers: open, join, leave, record, tally, follow, the join limit, delete, every bound, and
two processes joining one class at once. Also the shared helpers: codes, tokens, the checks."""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from support.redis_server import redis_server
from xentlab.app.server.class_store import open_store
from xentlab.app.server.classroom import (
    CODE_ALPHABET,
    CODE_LENGTH,
    JOINS_PER_MINUTE,
    MAX_FOLLOW_CHARS,
    MAX_KEY_CHARS,
    MAX_MEMBERS,
    MAX_RECORDS,
    ClassStore,
    Tally,
    check_code,
    check_follow,
    check_key,
    digest,
    new_code,
    new_member,
    new_token,
    token_matches,
)

CODE, OTHER = "ACDEFG", "HJKMNP"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh, empty store is: an SQLite file, or the Redis server emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "class.sqlite")
    url: str = request.getfixturevalue("redis_url")
    with redis.Redis.from_url(url) as client:
        client.flushall()
    return url


@pytest.fixture
def store(spec: str) -> Iterator[ClassStore]:
    opened = open_store(spec)
    yield opened
    opened.close()


@pytest.fixture
def opened(store: ClassStore) -> ClassStore:
    """A store with class CODE started."""
    store.open_class(CODE, digest("teacher"))
    return store


# ---- the helpers -----------------------------------------------------------------------------


def test_a_new_code_is_six_letters_of_the_alphabet_and_passes_the_check() -> None:
    codes = [new_code() for _ in range(200)]
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert [check_code(c) for c in codes] == codes
    assert len(set(codes)) > 190  # 25**6 codes: a repeat among 200 is rare


def test_the_alphabet_leaves_out_the_letters_misread_on_a_projector() -> None:
    assert set(CODE_ALPHABET).isdisjoint("0O1IL2Z5S8B")
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


def test_the_digest_is_sha256_of_the_token_and_matches_only_that_token() -> None:
    # FIPS 180-2's first example: SHA-256("abc")
    assert digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    token = new_token()
    assert len(token) == 43  # 32 bytes in URL-safe base64, unpadded
    assert token_matches(token, digest(token))
    assert not token_matches(token + "x", digest(token))
    assert hashlib.sha256(token.encode()).hexdigest() == digest(token)


def test_a_member_id_is_sixteen_url_safe_characters() -> None:
    ids = {new_member() for _ in range(100)}
    assert len(ids) == 100
    assert all(
        len(m) == 16 and set(m) <= set(string.ascii_letters + string.digits + "-_") for m in ids
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 65, "section must be at most 64 characters, got 65"),
        ("a\x00b", r"section must be printable, got '\x00' in it"),
        ("\ud800", r"section must be printable, got '\ud800' in it"),
    ],
)
def test_a_bad_key_is_refused_saying_what_was_expected_and_received(
    value: str, message: str
) -> None:
    with pytest.raises(ValueError) as error:
        check_key("section", value)
    assert str(error.value) == message


def test_a_key_of_the_largest_length_and_any_script_passes() -> None:
    assert check_key("task", "x" * MAX_KEY_CHARS) == "x" * MAX_KEY_CHARS
    assert check_key("choice", "交叉熵 b") == "交叉熵 b"
    with pytest.raises(TypeError, match=r"^task must be a string, got int$"):
        check_key("task", 7)


def test_the_follow_address_and_the_code_are_checked() -> None:
    assert check_follow(None) is None
    assert check_follow("/bce?p=" + "1" * (MAX_FOLLOW_CHARS - 7)) is not None
    with pytest.raises(
        ValueError, match=r"^follow address must be at most 2000 characters, got 2001$"
    ):
        check_follow("/" * 2001)
    with pytest.raises(
        ValueError, match=r"^code must be 6 letters of ACDEFGHJKMNPQRTUVWXY34679, got 'ACDEF0'$"
    ):
        check_code("ACDEF0")


# ---- the contract, against each store --------------------------------------------------------


def test_a_class_keeps_its_teacher_digest_and_a_second_open_changes_nothing(
    store: ClassStore,
) -> None:
    assert store.teacher_digest(CODE) is None
    assert store.codes() == []
    store.open_class(CODE, digest("first"))
    store.open_class(CODE, digest("second"))
    assert store.teacher_digest(CODE) == digest("first")
    store.open_class(OTHER, digest("other"))
    assert store.codes() == [CODE, OTHER]


def test_a_new_teacher_token_replaces_the_old_one_and_starts_no_class(opened: ClassStore) -> None:
    opened.set_teacher(CODE, digest("new"))
    assert opened.teacher_digest(CODE) == digest("new")
    opened.set_teacher(OTHER, digest("new"))
    assert opened.teacher_digest(OTHER) is None
    assert opened.codes() == [CODE]


def test_a_class_that_does_not_exist_has_no_members_and_takes_none(store: ClassStore) -> None:
    assert store.join(CODE) is None
    assert store.tally(CODE) == Tally(0, {}, {})
    store.set_follow(CODE, "/bce")
    assert store.follow(CODE) is None
    assert store.codes() == []


def test_members_join_with_ids_of_their_own_and_leave(opened: ClassStore) -> None:
    opened.open_class(OTHER, digest("other"))
    first, second = opened.join(CODE), opened.join(CODE)
    assert first is not None and second is not None and first != second
    assert opened.is_member(CODE, first) and opened.is_member(CODE, second)
    assert not opened.is_member(OTHER, first)
    assert not opened.is_member(CODE, new_member())
    opened.leave(CODE, first)
    opened.leave(CODE, new_member())  # not a member: nothing changes
    assert not opened.is_member(CODE, first)
    assert opened.is_member(CODE, second)
    assert opened.tally(CODE).members == 1


def test_a_later_record_of_a_task_replaces_the_earlier(opened: ClassStore) -> None:
    member = opened.join(CODE)
    assert member is not None
    opened.record(CODE, member, "bce", "one_nat", done=False, choice="a")
    opened.record(CODE, member, "bce", "one_nat", done=True, choice="b")
    assert opened.tally(CODE) == Tally(1, {("bce", "one_nat"): 1}, {("bce", "one_nat"): {"b": 1}})
    opened.record(CODE, member, "bce", "one_nat", done=True, choice=None)
    assert opened.tally(CODE) == Tally(1, {("bce", "one_nat"): 1}, {})


def test_a_record_of_a_stranger_or_of_one_who_left_is_ignored(opened: ClassStore) -> None:
    member = opened.join(CODE)
    assert member is not None
    opened.record(CODE, new_member(), "bce", "one_nat", done=True, choice="a")
    opened.record(OTHER, member, "bce", "one_nat", done=True, choice="a")
    assert opened.tally(CODE) == Tally(1, {}, {})
    opened.record(CODE, member, "bce", "one_nat", done=True, choice="a")
    opened.leave(CODE, member)
    assert opened.tally(CODE) == Tally(0, {}, {})
    opened.record(CODE, member, "bce", "one_nat", done=True, choice="a")
    assert opened.tally(CODE) == Tally(0, {}, {})


def test_the_tally_counts_the_last_record_of_each_member_and_task(opened: ClassStore) -> None:
    draw = random.Random(25)
    members = [opened.join(CODE) for _ in range(12)]
    tasks = [("bce", "one_nat"), ("bce", "same_loss"), ("softmax_ce", "know_nothing")]
    last: dict[tuple[str, str, str], tuple[bool, str | None]] = {}
    for _ in range(150):
        member, (section, task) = draw.choice(members), draw.choice(tasks)
        assert member is not None
        done, choice = draw.random() < 0.5, draw.choice(["a", "b", "c", None])
        opened.record(CODE, member, section, task, done=done, choice=choice)
        last[member, section, task] = (done, choice)
    gone = members[0]
    assert gone is not None
    opened.leave(CODE, gone)
    kept = {key: value for key, value in last.items() if key[0] != gone}
    solved = Counter((s, t) for (_, s, t), (done, _) in kept.items() if done)
    spread: dict[tuple[str, str], Counter[str]] = {}
    for (_, s, t), (_, choice) in kept.items():
        if choice is not None:
            spread.setdefault((s, t), Counter())[choice] += 1
    assert opened.tally(CODE) == Tally(11, dict(solved), {k: dict(v) for k, v in spread.items()})


def test_the_follow_address_is_set_read_and_stopped(opened: ClassStore) -> None:
    assert opened.follow(CODE) is None
    opened.set_follow(CODE, "/bce?yhat=0.9")
    assert opened.follow(CODE) == "/bce?yhat=0.9"
    longest = "/" + "a" * (MAX_FOLLOW_CHARS - 1)
    opened.set_follow(CODE, longest)
    assert opened.follow(CODE) == longest
    opened.set_follow(CODE, None)
    assert opened.follow(CODE) is None
    with pytest.raises(
        ValueError, match=r"^follow address must be at most 2000 characters, got 2001$"
    ):
        opened.set_follow(CODE, longest + "a")


def test_an_address_may_try_to_join_twenty_times_a_minute(store: ClassStore) -> None:
    allowed = [store.allow_join("203.0.113.7") for _ in range(JOINS_PER_MINUTE + 3)]
    assert allowed == [True] * JOINS_PER_MINUTE + [False] * 3
    assert store.allow_join("2001:db8::7")


def test_deleting_a_class_forgets_it_and_leaves_the_others(opened: ClassStore) -> None:
    opened.open_class(OTHER, digest("other"))
    member, other = opened.join(CODE), opened.join(OTHER)
    assert member is not None and other is not None
    opened.record(CODE, member, "bce", "one_nat", done=True, choice="a")
    opened.record(OTHER, other, "bce", "one_nat", done=True, choice="a")
    opened.set_follow(CODE, "/bce")
    opened.delete(CODE)
    assert (opened.teacher_digest(CODE), opened.follow(CODE)) == (None, None)
    assert not opened.is_member(CODE, member)
    assert opened.tally(CODE) == Tally(0, {}, {})
    assert opened.join(CODE) is None
    assert opened.codes() == [OTHER]
    assert opened.tally(OTHER) == Tally(1, {("bce", "one_nat"): 1}, {("bce", "one_nat"): {"a": 1}})
    opened.open_class(CODE, digest("again"))  # a class started anew starts empty
    assert opened.tally(CODE) == Tally(0, {}, {})


def test_a_full_class_refuses_the_next_member(opened: ClassStore) -> None:
    members = [opened.join(CODE) for _ in range(MAX_MEMBERS)]
    assert None not in members and len(set(members)) == MAX_MEMBERS
    assert opened.join(CODE) is None
    assert opened.tally(CODE).members == MAX_MEMBERS
    first = members[0]
    assert first is not None
    opened.leave(CODE, first)
    assert opened.join(CODE) is not None  # a seat left free is taken again
    assert opened.join(CODE) is None


def test_a_member_keeps_at_most_max_records_and_may_still_change_them(
    opened: ClassStore,
) -> None:
    member = opened.join(CODE)
    assert member is not None
    for i in range(MAX_RECORDS + 1):
        opened.record(CODE, member, "s", f"t{i}", done=True, choice=None)
    solved = opened.tally(CODE).solved
    assert len(solved) == MAX_RECORDS and ("s", f"t{MAX_RECORDS}") not in solved
    opened.record(CODE, member, "s", "t0", done=False, choice="a")
    assert opened.tally(CODE).choices == {("s", "t0"): {"a": 1}}
    assert len(opened.tally(CODE).solved) == MAX_RECORDS - 1


TOO_LONG = "x" * (MAX_KEY_CHARS + 1)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda s: s.open_class(CODE, TOO_LONG), "token digest"),
        (lambda s: s.set_teacher(TOO_LONG, digest("t")), "code"),
        (lambda s: s.teacher_digest(TOO_LONG), "code"),
        (lambda s: s.join(TOO_LONG), "code"),
        (lambda s: s.is_member(CODE, TOO_LONG), "member"),
        (lambda s: s.leave(CODE, TOO_LONG), "member"),
        (lambda s: s.record(CODE, "m", TOO_LONG, "t", done=True, choice=None), "section"),
        (lambda s: s.record(CODE, "m", "s", TOO_LONG, done=True, choice=None), "task"),
        (lambda s: s.record(CODE, "m", "s", "t", done=True, choice=TOO_LONG), "choice"),
        (lambda s: s.tally(TOO_LONG), "code"),
        (lambda s: s.set_follow(TOO_LONG, None), "code"),
        (lambda s: s.follow(TOO_LONG), "code"),
        (lambda s: s.allow_join(TOO_LONG), "address"),
        (lambda s: s.delete(TOO_LONG), "code"),
    ],
)
def test_every_method_refuses_a_key_that_is_too_long(
    store: ClassStore, call: Any, name: str
) -> None:
    with pytest.raises(ValueError) as error:
        call(store)
    assert str(error.value) == f"{name} must be at most 64 characters, got 65"


def test_a_class_is_started_only_with_a_join_code(store: ClassStore) -> None:
    with pytest.raises(ValueError, match=r"^code must be 6 letters of .*, got 'acdefg'$"):
        store.open_class("acdefg", digest("t"))
    assert store.codes() == []


def join_many(spec: str, code: str, start: Any, out: Any) -> None:
    """In a process of its own: open the store; twice, wait for the other process and join 50
    members at once with it (the second time into the last seats of the class)."""
    store = open_store(spec)
    try:
        for turn in (1, 2):
            start.wait(timeout=30)
            out.put((turn, [store.join(code) for _ in range(50)]))
    except Exception as error:  # said to the test at once, and the other process let go
        out.put((0, repr(error)))
        start.abort()
    finally:
        store.close()


def test_two_processes_joining_at_once_make_one_class_and_fill_it_exactly(spec: str) -> None:
    store = open_store(spec)
    store.open_class(CODE, digest("teacher"))
    seated = [store.join(CODE) for _ in range(MAX_MEMBERS - 160)]
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(2), context.Queue()
    processes = [context.Process(target=join_many, args=(spec, CODE, start, out)) for _ in "ab"]
    for process in processes:
        process.start()
    joined: dict[int, list[str | None]] = {1: [], 2: []}
    for _ in range(4):
        turn, members = out.get(timeout=30)
        if turn == 0:
            pytest.fail(f"a process failed: {members}")
        joined[turn] += members
    for process in processes:
        process.join(timeout=30)
    assert [p.exitcode for p in processes] == [0, 0]
    # the first turn: 100 members join, none lost or doubled
    assert None not in joined[1] and len(set(joined[1])) == 100
    # the second: 100 tries for the last 60 seats, exactly 60 taken
    taken = [m for m in joined[2] if m is not None]
    assert len(taken) == 60 and len(set(taken) | set(joined[1]) | set(seated)) == MAX_MEMBERS
    assert store.tally(CODE).members == MAX_MEMBERS
    assert all(store.is_member(CODE, m) for m in joined[1] + taken if m is not None)
    store.close()


@pytest.mark.parametrize("code", [CODE + "}:info", CODE + "}", "*", "{" + CODE, f"{CODE}:members"])
def test_a_code_made_to_look_like_a_key_touches_no_class(opened: ClassStore, code: str) -> None:
    member = opened.join(CODE)
    assert member is not None
    opened.record(CODE, member, "bce", "one_nat", done=True, choice="a")
    opened.set_follow(CODE, "/bce")
    before = (opened.teacher_digest(CODE), opened.follow(CODE), opened.tally(CODE))
    assert opened.join(code) is None
    opened.set_follow(code, "/elsewhere")
    opened.set_teacher(code, digest("intruder"))
    opened.leave(code, member)
    opened.record(code, member, "bce", "one_nat", done=False, choice="b")
    opened.delete(code)
    assert (opened.teacher_digest(CODE), opened.follow(CODE), opened.tally(CODE)) == before
    assert opened.codes() == [CODE]
