"""The "Your predictions" page with NiceGUI's simulated user: the bundled example, uploads,
pasted text, options, and every bad input as a one-line message."""

from __future__ import annotations

import asyncio
import io
import sys
import time
from collections.abc import Callable

import numpy as np
import pytest
from nicegui import ui
from nicegui.testing.user import User
from starlette.formparsers import MultiPartParser

import xentlab as xl
from support.driving import choose, move, one, text, url_becomes
from support.driving import until as wait_until
from xentlab import calibration
from xentlab.app.pages.widgets import fmt, percent
from xentlab.app.server import pool as training_pool
from xentlab.app.server.work import _once
from xentlab.course.content import load
from xentlab.reports.prediction_files import MAX_FILE_BYTES
from xentlab.reports.view import MAX_PASTE_CHARS, Options, compute, example

Simulate = Callable[..., None]

#: how long a result of the work pool may take: its first job starts a worker process (NumPy
#: and xentlab imported), which a busy machine can stretch to seconds
WORK_S = 30.0


async def until(condition: Callable[[], bool], what: str, patience: float = WORK_S) -> None:
    await wait_until(condition, what, patience)


#: how long training an example may take on a busy machine
TRAINING_S = 60.0
LABELS = load("predictions")["labels"]


@pytest.fixture(scope="module", autouse=True)
def trained() -> None:
    """The default example, trained before the pages open (as the server's warm-up does)."""
    example(Options())


def npy(arr: np.ndarray, allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=allow_pickle)
    return buffer.getvalue()


async def upload(user: User, what: str, name: str, data: bytes) -> None:
    """What the browser's upload of one file makes the server do."""
    element = one(user, f"upload-{what}")
    assert isinstance(element, ui.upload)
    await element.handle_uploads(
        [ui.upload.SmallFileUpload(name, "application/octet-stream", data)]
    )


def chart(user: User, key: str) -> ui.echart:
    element = one(user, f"chart-{key}")
    assert isinstance(element, ui.echart)
    return element


def series(user: User, key: str, sid: str) -> list[list[float]]:
    (s,) = [s for s in chart(user, key).options["series"] if s["id"] == sid]
    return list(s["data"])


def test_the_example_shows_the_libraries_numbers(simulate: Simulate) -> None:
    data = example(Options())
    z, y = data.values, data.labels
    fit = calibration.fit_temperature(z, y)
    curve = calibration.reliability_curve(xl.softmax(z, axis=1), y)
    after = calibration.reliability_curve(
        xl.softmax(calibration.apply_temperature(z, fit.temperature), axis=1), y
    )
    view = compute(data, Options())

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        assert text(user, "ece") == fmt(curve.ece)
        assert text(user, "temperature") == fmt(fit.temperature)
        assert text(user, "nll_before") == fmt(fit.nll_before)
        assert text(user, "nll_after") == fmt(fit.nll_after)
        assert text(user, "ece_after") == fmt(after.ece)
        assert text(user, "loss") == fmt(float(xl.cross_entropy(z, y)))
        assert text(user, "accuracy") == percent(float(np.mean(z.argmax(axis=1) == y)), 1)
        assert text(user, "perplexity") == fmt(float(xl.info.perplexity_of_loss(view.loss)), 3)
        assert "the digits model trained with cross-entropy: 450 rows" in text(user, "source")
        assert series(user, "before", "bars") == view.before.bars
        assert view.after is not None
        assert series(user, "after", "points") == view.after.points
        assert text(user, "before-title") == f"Reliability: ECE {fmt(curve.ece)}"
        # per class: digit 0's rows and loss; the most confidently wrong row first
        assert text(user, "class-0-1") == str(int(np.sum(y == 0)))
        assert text(user, "wrong-0-0") == str(view.wrong[0].row)
        assert text(user, "wrong-0-3") == fmt(view.wrong[0].confidence)

    simulate(scenario)


def test_home_and_menu_link_the_page(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/")
        link = one(user, "open-predictions")
        assert isinstance(link, ui.link) and link.props["href"] == "/predictions"
        await user.should_see(load("predictions")["teaches"])
        await user.open("/lab")
        (menu,) = user.find(kind=ui.link, content=load("ui")["predictions"]).elements
        assert isinstance(menu, ui.link) and menu.props["href"] == "/predictions"
        # an upload up to the limit is kept in memory (Starlette spools above 1 MB to disk)
        assert MultiPartParser.spool_max_size > MAX_FILE_BYTES

    simulate(scenario)


def test_squared_error_and_options_move_the_numbers_and_the_url(simulate: Simulate) -> None:
    mse = example(Options(example="mse"))

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        choose(user, "example", "mse")
        fit = calibration.fit_temperature(mse.values, mse.labels)
        await until(
            lambda: text(user, "temperature") == fmt(fit.temperature), "the MSE model", TRAINING_S
        )
        assert fit.temperature < 1  # underconfident
        await url_becomes(urls, "?example=mse&eps=0&kind=auto&bins=15&binning=uniform&fit=1")
        move(user, "bins", 5)
        curve = calibration.reliability_curve(xl.softmax(mse.values, axis=1), mse.labels, 5)
        await until(lambda: text(user, "ece") == fmt(curve.ece), "5 bins")
        assert len(series(user, "before", "points")) == np.count_nonzero(curve.count)
        choose(user, "binning", "quantile")
        q = calibration.reliability_curve(xl.softmax(mse.values, axis=1), mse.labels, 5, "quantile")
        await until(lambda: text(user, "ece") == fmt(q.ece), "equal-mass bins")
        with user:
            switch = one(user, "fit")
            assert isinstance(switch, ui.switch)
            switch.value = False
        await until(lambda: text(user, "temperature") == "—", "no fit")
        assert series(user, "after", "bars") == []
        assert text(user, "fit-problem") == LABELS["no_fit"]
        await url_becomes(urls, "?example=mse&eps=0&kind=auto&bins=5&binning=quantile&fit=0")

    simulate(scenario)


@pytest.mark.slow  # trains the example's network with the new smoothing: about 4 s
def test_a_new_label_smoothing_trains_while_the_page_says_so(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions?eps=0.05")
        await user.should_see(LABELS["training"])
        await until(lambda: "label smoothing 0.05" in text(user, "source"), "training", TRAINING_S)
        assert text(user, "status") == ""
        smooth = example(Options(smoothing=0.05))
        fit = calibration.fit_temperature(smooth.values, smooth.labels)
        assert text(user, "temperature") == fmt(fit.temperature)

    simulate(scenario)


def test_uploaded_files_are_scored(simulate: Simulate) -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, (200, 3))
    y = rng.integers(0, 3, 200)
    p = xl.softmax(z, axis=1)

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        await upload(user, "predictions", "probs.npy", npy(p))
        # read in the work pool, which a busy machine may start slowly (10 tries a second)
        await user.should_see("predictions: probs.npy", retries=int(WORK_S * 10))
        csv = "label\n" + "\n".join(map(str, y))
        await upload(user, "labels", "labels.csv", csv.encode())
        await until(lambda: "probs.npy and labels.csv" in text(user, "source"), "the files")
        assert text(user, "ece") == fmt(calibration.reliability_curve(p, y).ece)
        assert "3 classes, read as probabilities" in text(user, "source")
        assert text(user, "error") == ""

    simulate(scenario)


BAD_FILES = {
    "nan": (
        ("p.npy", npy(np.array([[0.5, 0.5], [np.nan, 1.0]]))),
        ("y.npy", npy(np.array([0, 1]))),
        "predictions must not contain NaN, got NaN at row 1, column 0",
    ),
    "labels out of range": (
        ("p.csv", b"0.5,0.5\n0.9,0.1\n"),
        ("y.csv", b"0\n7\n"),
        "labels must be class indices in [0, 2), got 7 at row 1",
    ),
    "not summing to 1": (
        ("p.csv", b"0.5,0.4\n0.9,0.1\n"),
        ("y.csv", b"0\n1\n"),
        "predictions must be probabilities whose rows sum to 1 (or logits with "
        "“read as: logits”), got a sum of 0.9 at row 0",
    ),
    "shape": (
        ("p.npy", npy(np.zeros((2, 2, 2)))),
        ("y.npy", npy(np.array([0, 1]))),
        "predictions must have shape (N) or (N, C), got (2, 2, 2)",
    ),
    "pickle": (
        ("p.npy", npy(np.array([{"a": 1}], dtype=object), allow_pickle=True)),
        ("y.npy", npy(np.array([0]))),
        "p.npy: not a numeric .npy file (it holds Python objects)",
    ),
    "too large": (
        ("p.csv", b"0.5,0.5\n" * 2_500_001),
        ("y.csv", b"0\n"),
        "p.csv: the file is 20.0 MB, more than the 20 MB limit",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_a_one_line_message_and_the_page_goes_on(
    simulate: Simulate, case: str
) -> None:
    (p_name, p_data), (y_name, y_data), message = BAD_FILES[case]

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        shown = text(user, "ece")
        await upload(user, "labels", y_name, y_data)
        await upload(user, "predictions", p_name, p_data)
        await until(lambda: text(user, "error") == message, f"{message!r}")
        assert text(user, "ece") == shown  # the last good result stays
        # the page goes on: good files are scored
        await upload(user, "predictions", "p.csv", b"0.8,0.2\n0.3,0.7\n0.6,0.4\n")
        await upload(user, "labels", "y.csv", b"0\n1\n1\n")
        await until(lambda: text(user, "error") == "", "the message cleared")
        await until(lambda: "p.csv and y.csv" in text(user, "source"), "the good files")

    simulate(scenario)


def test_a_file_the_browser_refuses_is_named(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        refused = [{"name": "huge.npy", "size": 25_000_000}]
        user.find(marker="upload-predictions").trigger("rejected", refused)
        await until(
            lambda: (
                text(user, "error") == "huge.npy: the file is 25.0 MB, more than the 20 MB limit"
            ),
            "the size message",
        )
        user.find(marker="upload-labels").trigger("rejected", [{"name": "y.txt", "size": 10}])
        # each file's message stays until that file is replaced
        both = "huge.npy: the file is 25.0 MB, more than the 20 MB limit\n" + (
            "y.txt: expected a .npy or .csv file"
        )
        await until(lambda: text(user, "error") == both, "both messages")

    simulate(scenario)


def test_pasted_text_is_scored_and_limited(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        boxes = one(user, "paste-predictions"), one(user, "paste-labels")
        with user:
            boxes[0].value = "p0,p1\n0.9,0.1\n0.2,0.8\n0.4,0.6"  # type: ignore[attr-defined]
            boxes[1].value = "0\n1\n0"  # type: ignore[attr-defined]
        user.find(marker="score").click()
        await until(lambda: "the pasted text: 3 rows" in text(user, "source"), "the pasted rows")
        p = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]])
        ece = calibration.reliability_curve(p, np.array([0, 1, 0])).ece
        assert text(user, "ece") == fmt(ece)
        with user:
            boxes[1].value = "x" * (MAX_PASTE_CHARS + 1)  # type: ignore[attr-defined]
        user.find(marker="score").click()
        await until(lambda: "a paste box takes" in text(user, "error"), "the paste limit")
        assert "the pasted text: 3 rows" in text(user, "source")

    simulate(scenario)


def test_a_bad_link_falls_back_with_a_notice(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions?bins=500&binning=weird")
        await user.should_see(marker="notice")
        await url_becomes(urls, "?example=ce&eps=0&kind=auto&bins=15&binning=uniform&fit=1")

    simulate(scenario)


def test_without_the_lab_extra_uploads_still_work(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # as if scikit-learn were not installed

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions?example=mse&eps=0.2")
        message = 'The bundled example needs the "lab" extra: pip install "xentlab[lab]"'
        await until(lambda: text(user, "error") == message, "the missing extra")
        await upload(user, "predictions", "p.csv", b"0.8,0.2\n0.3,0.7\n")
        await upload(user, "labels", "y.csv", b"0\n1\n")
        await until(lambda: "p.csv and y.csv" in text(user, "source"), "the files")

    simulate(scenario)


def test_work_waits_in_line_and_stops_at_its_time_limit(
    simulate: Simulate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(training_pool.ENV, "1")  # one worker: the next job waits in line

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        busy = training_pool.shared_pool("work").submit("another tab", _once, time.sleep, 600)
        await upload(user, "predictions", "p.csv", b"0.8,0.2\n0.3,0.7\n")
        await until(
            lambda: text(user, "status") == "Waiting for a free worker: 1 in line", "the line"
        )
        busy.cancel()
        await until(lambda: "p.csv (0.0 kB)" in text(user, "received-predictions"), "the file")
        # a job past the time limit is stopped, and the page says so in one line: a million
        # lines of labels take a second or more to read, ten times the limit
        monkeypatch.setitem(training_pool.TIME_LIMIT_S, "work", 0.1)
        await upload(user, "labels", "y.csv", b"0\n1\n" * 500_000)
        await until(
            lambda: (
                text(user, "error")
                == "stopped after 0.1 s, the server's limit for working on one upload or paste; "
                "try a smaller file"
            ),
            "the time limit",
        )
        assert text(user, "status") == ""

    simulate(scenario)


def test_a_page_closed_while_its_file_is_read_logs_nothing(simulate: Simulate) -> None:
    rows = 500_000

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/predictions")
        client = user.client
        assert client is not None
        await upload(user, "predictions", "p.csv", b"0.9,0.1\n" * rows)
        await until(lambda: "p.csv (" in text(user, "received-predictions"), "the predictions", 30)
        # half a million labels take a while to read: the page is gone before they are, and
        # nothing is drawn into it afterwards
        reading = asyncio.create_task(upload(user, "labels", "y.csv", b"0\n" * rows))
        await until(lambda: text(user, "status").startswith("Reading y.csv"), "the reading")
        client.delete()
        await reading
        pool = training_pool.shared_pool("work")
        await until(lambda: pool.running == 0, "the work to end", patience=30.0)
        # (an ERROR logged meanwhile, such as "parent slot deleted", fails the test)

    simulate(scenario)
