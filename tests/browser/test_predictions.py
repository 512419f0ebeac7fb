"""The "Your predictions" page in headless Chromium: real files uploaded through the file
input, the library's numbers shown, and every bad file a one-line message while the page,
the server and other users go on."""

from __future__ import annotations

import http.client
import io
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect

import xentlab as xl
from xentlab import calibration
from xentlab.app.pages.widgets import fmt
from xentlab.app.server.limits import UPLOAD_LIMIT

pytestmark = pytest.mark.browser

#: the first visit may train the bundled example (the server warms it up at start)
TRAINING_MS = 60_000


def npy(arr: np.ndarray, allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=allow_pickle)
    return buffer.getvalue()


def open_page(page: Page, url: str) -> None:
    response = page.goto(url + "/predictions")
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("source")).to_contain_text("450 rows", timeout=TRAINING_MS)
    page.wait_for_function("() => window.did_handshake === true")


def send(page: Page, what: str, name: str, data: bytes) -> None:
    """Choose a file in the uploader's own file input, as a user's file dialog would."""
    uploader = page.get_by_test_id(f"upload-{what}")
    uploader.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )


def test_an_uploaded_npy_shows_the_librarys_ece(
    page: Page, base_url: str, screenshots: Path
) -> None:
    rng = np.random.default_rng(7)
    z = rng.normal(0, 3, (300, 5))
    y = np.array([rng.choice(5, p=p) for p in xl.softmax(z / 2, axis=1)])
    curve = calibration.reliability_curve(xl.softmax(z, axis=1), y)
    fit = calibration.fit_temperature(z, y)
    open_page(page, base_url)
    page.get_by_test_id("tab-upload").click()
    send(page, "predictions", "logits.npy", npy(z))
    expect(page.get_by_test_id("received-predictions")).to_contain_text("logits.npy")
    send(page, "labels", "labels.npy", npy(y))
    source = page.get_by_test_id("source")
    expect(source).to_contain_text("logits.npy and labels.npy: 300 rows, 5 classes")
    expect(source).to_contain_text("read as logits")
    expect(page.get_by_test_id("ece")).to_have_text(fmt(curve.ece))
    expect(page.get_by_test_id("temperature")).to_have_text(fmt(fit.temperature))
    expect(page.get_by_test_id("nll_after")).to_have_text(fmt(fit.nll_after))
    expect(page.get_by_test_id("error")).to_have_text("")
    page.screenshot(path=str(screenshots / "predictions-upload.png"), full_page=True)


BAD = [
    (
        "nan",
        ("p.npy", npy(np.array([[0.2, 0.8], [np.nan, 0.5]]))),
        "predictions must not contain NaN, got NaN at row 1, column 0",
    ),
    (
        "labels out of range",
        ("p.npy", npy(np.array([[0.2, 0.8], [0.5, 0.5]]))),
        "labels must be class indices in [0, 2), got 3 at row 1",
    ),
    (
        "too large",
        ("big.npy", bytes(21_000_000)),
        "big.npy: the file is 21.0 MB, more than the 20 MB limit",
    ),
    (
        "pickle",
        ("p.npy", npy(np.array([{"x": 1}, None], dtype=object), allow_pickle=True)),
        "p.npy: not a numeric .npy file (it holds Python objects)",
    ),
]


def test_each_bad_file_is_a_one_line_message_and_the_page_goes_on(
    page: Page, browser: Browser, base_url: str, screenshots: Path
) -> None:
    open_page(page, base_url)
    page.get_by_test_id("tab-upload").click()
    error, ece = page.get_by_test_id("error"), page.get_by_test_id("ece")
    for case, (name, data), message in BAD:
        labels = np.array([0, 3]) if case == "labels out of range" else np.array([0, 1])
        send(page, "labels", "y.npy", npy(labels))
        expect(page.get_by_test_id("received-labels")).to_contain_text("y.npy")
        send(page, "predictions", name, data)
        expect(error).to_have_text(message)
        box = error.bounding_box()
        assert box is not None and box["height"] < 2 * 20 + 1  # one line (two on a phone)
        assert page.get_by_text("Traceback").count() == 0
        if case == "nan":
            page.screenshot(path=str(screenshots / "predictions-error.png"), full_page=True)
    # another user, meanwhile, sees the example as usual
    other_context = browser.new_context(viewport={"width": 420, "height": 900})
    try:
        other = other_context.new_page()
        open_page(other, base_url)
        expect(other.get_by_test_id("error")).to_have_text("")
    finally:
        other_context.close()
    # and this page still scores good files
    send(page, "predictions", "good.csv", b"0.9,0.1\n0.2,0.8\n0.6,0.4\n")
    send(page, "labels", "good.csv", b"0\n1\n1\n")
    expect(page.get_by_test_id("source")).to_contain_text("good.csv and good.csv: 3 rows")
    expect(error).to_have_text("")
    p, y = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), np.array([0, 1, 1])
    expect(ece).to_have_text(fmt(calibration.reliability_curve(p, y).ece))


@pytest.mark.parametrize("declared", [UPLOAD_LIMIT + 1, None])
def test_an_oversized_upload_is_refused_before_its_body_is_read(
    base_url: str, declared: int | None
) -> None:
    # a hand-made request, not the page's uploader: the server must refuse it from its headers
    host, port = urlsplit(base_url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/_nicegui/client/someone/upload/1")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    if declared is None:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(declared))
    connection.endheaders()  # no body follows: a server that waited for it would time out
    response = connection.getresponse()
    assert response.status == 413
    assert response.read().decode() == "uploads are limited to 20 MB"
    connection.close()
