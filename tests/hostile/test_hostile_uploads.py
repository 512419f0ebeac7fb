"""Twenty students upload 5 MB CSV files at once while another drags section 1's slider: every
upload is answered on its page and the dragging student is never disconnected (issue 20: before
the work pool, the CSV files were read in threads of the server's process, which held its
interpreter lock, and the dragging student's updates stalled for seconds)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from support.machine import run_apart
from support.served import served_explorer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _students import Student, Tally, upload, values

UPLOADERS = 20
#: 5 MB of one column: the kind of file that takes longest to read (about 700,000 lines)
CSV = b"".join(b"%d\n" % (i % 10) for i in range(2_500_000))[:5_000_000]
#: how long an upload may take to be answered on its page
PATIENCE_S = 120.0

pytestmark = pytest.mark.slow  # 20 files of 5 MB read on two cores: about 15 s


def test_twenty_uploads_while_a_student_drags() -> None:
    with served_explorer() as base:

        async def scenario() -> None:
            tally = Tally()
            student = Student(base + "/binary?yhat=0.5&y=1", "yhat", tally)
            assert await student.join()
            assert student.page is not None
            done = False

            async def drag() -> None:
                for value in values(student.page, 0):
                    if done:
                        return
                    student.move(value)
                    await asyncio.sleep(0.1)

            dragging = asyncio.create_task(drag())
            uploads = [upload(base, "y.csv", CSV, PATIENCE_S) for _ in range(UPLOADERS)]
            answered = [t for t in await asyncio.gather(*uploads) if t is not None]
            done = True
            await dragging
            await asyncio.sleep(1.0)  # the last step's answer
            assert len(answered) == UPLOADERS
            assert tally.disconnects == 0 and student.connected, tally.closes
            assert len(tally.latencies) > 0.5 * tally.steps  # the drag was answered meanwhile
            await student.leave()

        run_apart(scenario())
