"""The load benchmark's simulated students speak the page's protocol (benchmarks/load.py):
their frames have the shapes of those recorded from Chromium dragging the same slider, a
student who joined a class tells its page what Chromium tells it, and their bookkeeping of
steps (answered, superseded, lost) is right."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.machine import CHROMIUM, CHROMIUM_ARGS, run_apart
from support.served import ClassServer, served_class, served_explorer
from xentlab.course.content import load as load_content

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from _students import (  # noqa: E402
    POINT_X,
    Page,
    Student,
    Tally,
    Throttle,
    js_number,
    kept_membership,
    parse_page,
    values,
)

PAGE = (
    "<script>createApp(parseElements(String.raw`"
    '{"0": {"tag": "q-layout"}, "16": {"tag": "q-drawer", "events": [{"listener_id": "d",'
    ' "type": "update:modelValue", "throttle": 0}]}, "42": {"tag": "q-slider", "props":'
    ' {"min": 0.01, "max": 0.99, "step": 0.01, "model-value": 0.5, "data-testid": "yhat"},'
    ' "events": [{"listener_id": "a", "type": "update:modelValue", "throttle": 0.05},'
    ' {"listener_id": "b", "type": "update:modelValue", "throttle": 0.015}]}}'
    "`), {query: {'client_id': 'c0ffee00-1234-4abc-8def-0123456789ab', 'next_message_id': 0}})"
)


def test_a_page_gives_the_client_id_slider_and_drawer() -> None:
    page = parse_page(PAGE, "yhat")
    assert page.client_id == "c0ffee00-1234-4abc-8def-0123456789ab"
    assert (page.slider, page.drawer) == (42, (16, "d"))
    assert [(li.id, li.throttle) for li in page.listeners] == [("a", 0.05), ("b", 0.015)]
    assert (page.lo, page.hi, page.step, page.value) == (0.01, 0.99, 0.01, 0.5)


def test_a_join_page_gives_what_its_script_keeps() -> None:
    """The join page's script (class_pages.join_page) keeps JSON text in a quoted string."""
    kept = json.dumps({"code": "K7Q2MX", "member": "a-b_c", "follow": True})
    html = (
        f"<script>localStorage.setItem('xentlab.class', {json.dumps(kept)});"
        ' location.replace("/");</script>'
    )
    assert kept_membership(html) == {"code": "K7Q2MX", "member": "a-b_c", "follow": True}
    with pytest.raises(ValueError, match="kept no membership"):
        kept_membership("<div>Wrong code</div>")


def test_numbers_are_written_as_javascript_writes_them() -> None:
    assert [js_number(x) for x in (0.31, 0.4, 1.0, -2.0, 0.1 + 0.2)] == [
        "0.31",
        "0.4",
        "1",
        "-2",
        "0.30000000000000004",
    ]


def test_the_current_point_is_read_from_whole_and_partial_updates() -> None:
    whole = '42["update",{"74":{"props":{"options":{"series":[{"id":"point","name":"now",'
    whole += '"type":"scatter","data":[[0.7,0.356675]]}]}}}}]'
    partial = '42["update",{"75":{"tag":"nicegui-chart_patch","props":{"target":74,"patches":'
    partial += '[{"series":[{"id":"point","data":[[0.71,0.3]]}]}]},"update_method":"apply"}}]'
    label = (
        r'42["update",{"5":{"tag":"div","text":"{\"id\": \"point\", \"data\": [[0.72, 0.28]]}"}}]'
    )
    found = [POINT_X.search(f).group(1) for f in (whole, partial, label)]  # type: ignore[union-attr]
    assert found == ["0.7", "0.71", "0.72"]


def test_a_drag_goes_back_and_forth_one_step_at_a_time() -> None:
    page = Page("c", 42, (), 0.01, 0.99, 0.01, 0.5, None)
    sweep = values(page, 0)
    moves = [next(sweep) for _ in range(200)]
    assert min(moves) == 0.06 and max(moves) == 0.94
    assert all(abs(round(b - a, 10)) == 0.01 for a, b in itertools.pairwise(moves))


def test_the_throttle_sends_the_first_call_and_the_last_of_each_interval() -> None:
    sent: list[int] = []

    async def main() -> None:
        throttle = Throttle(0.05)
        for i in range(5):
            throttle(lambda i=i: sent.append(i))
        await asyncio.sleep(0.08)
        throttle(lambda: sent.append(5))

    run_apart(main())
    assert sent == [0, 4, 5]


def test_steps_are_answered_superseded_or_lost() -> None:
    tally = Tally()
    student = Student("http://unused", "yhat", tally)
    student.pending.extend([(0.1, 0.0), (0.2, 0.0), (0.3, 0.0), (0.4, 0.0)])
    student.shown(0.3, 0.5)  # the server skipped 0.1 and 0.2 for 0.3
    student.shown(0.9, 0.6)  # a value never sent is ignored
    student.settle()  # 0.4, the drag's last step, never came back
    assert (tally.latencies, tally.superseded, tally.lost) == ([500.0], 2, 1)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The explorer served in a subprocess (outside pytest's view: NiceGUI reads its env)."""
    with served_explorer() as url:
        yield url


@pytest.mark.slow
def test_a_student_sends_the_frames_chromium_sends(server: str) -> None:
    """One simulated drag against the real server, compared with benchmarks/browser_frames.json
    (recorded by ``python benchmarks/load.py --record``): the socket URL, every kind of frame
    sent (handshake, drawer, slider events of both listeners, the drawer query's answer, ack,
    pong) and received."""
    from load import verify

    assert run_apart(verify(server, wait=9.0)) == []


def test_a_last_step_the_page_already_shows_is_not_lost() -> None:
    """A drag that comes back to the shown value while the steps between were superseded sends
    a value that changes nothing: the server rightly answers nothing."""
    for showing, lost in ((0.5, 0), (0.4, 1), (None, 1)):
        tally = Tally()
        student = Student("http://127.0.0.1:1/binary", "yhat", tally)
        student.pending.extend([(0.5, 0.0), (0.6, 0.0), (0.5, 0.0)])
        student.showing = showing
        student.settle()
        assert (tally.lost, tally.superseded, len(student.pending)) == (lost, 2, 0)


def masked(frame: str, page: Page, member: str) -> str:
    """``frame`` with what differs from one tab to the next (its client id, its listener's
    id, the member id its browser was given) replaced by names."""
    assert page.class_listener is not None
    for value, name in ((page.client_id, "CLIENT"), (page.class_listener, "LISTENER")):
        frame = frame.replace(value, name)
    return frame.replace(member, "MEMBER")


def sent_to(frames: list[str], page: Page) -> list[str]:
    """The frames of ``frames`` sent to the page's class listener."""
    assert page.class_listener is not None
    return [f for f in frames if f.startswith('42["event"') and page.class_listener in f]


async def chromium_tells(served: ClassServer, path: str) -> str:
    """Headless Chromium opens the class's join link, then ``path``: the frame its page sent
    to the class listener (masked), once the page's class bar says it is in the class."""
    from playwright.async_api import async_playwright, expect

    sent: list[str] = []
    in_class = load_content("ui", "en")["class"]["in_class"].format(code=served.code)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = await browser.new_page(viewport={"width": 1280, "height": 900})
        await tab.goto(served.join)
        await tab.wait_for_url(re.compile(r"/(\?.*)?$"))  # the join page goes home
        tab.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(data)))
        response = await tab.goto(served.url + path)
        assert response is not None
        page = parse_page(await response.text(), "yhat")
        await expect(tab.get_by_test_id("class-status")).to_have_text(in_class)
        kept = await tab.evaluate("JSON.parse(localStorage.getItem('xentlab.class'))")
        await browser.close()
    (frame,) = sent_to([f for f in sent if isinstance(f, str)], page)
    return masked(frame, page, kept["member"])


async def student_tells(served: ClassServer, path: str) -> tuple[str, bool]:
    """A simulated student joins by the code and opens ``path``: the frame it sent to the
    class listener (masked), and whether the server showed its page as in the class."""
    student = Student(served.url + path, "yhat", Tally(), record=True, code=served.code)
    assert await student.join()
    for _ in range(100):
        if student.in_class:
            break
        await asyncio.sleep(0.1)
    await student.leave()
    assert student.frames is not None and student.page is not None and student.member
    (frame,) = sent_to([f for d, f in student.frames if d == "sent"], student.page)
    return masked(frame, student.page, student.member["member"]), student.in_class


@pytest.mark.slow
@pytest.mark.browser
def test_a_student_in_a_class_tells_its_page_what_chromium_tells_it() -> None:
    """``serve --class``: Chromium and a simulated student each open the join link, then
    section 1. The frame each page's script sends once its socket is up (``emitEvent
    ('xl_class', …)``) is the same text, but for the tab's ids and the member id; the server
    takes both as members (the class bar says "In class CODE")."""
    from load import PATH

    with served_class() as served:
        browser = run_apart(chromium_tells(served, PATH))
        student, in_class = run_apart(student_tells(served, PATH))
    assert student == browser
    assert in_class
