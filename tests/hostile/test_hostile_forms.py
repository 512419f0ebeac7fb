"""Requests a page could not have sent, against the served explorer: upload forms without a
file name, of another encoding or of no declared length; an upload cut off by its browser;
forged log messages over the page's socket. Each gets a 4xx (never a 500), or is ignored, and
the server logs neither an error nor a traceback (checked when it stops)."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.machine import run_apart
from support.served import marked, served_explorer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _students import Student, Tally
from _students import page_elements as page_parts

BOUNDARY = "xentlabboundary"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with served_explorer() as url:  # stops cleanly afterwards: no logged error or traceback
        yield url


def upload_url(base: str) -> str:
    """The predictions upload of a fresh /predictions page."""
    with urllib.request.urlopen(base + "/predictions", timeout=30) as response:
        client_id, elements = page_parts(response.read().decode())
    return f"{base}/_nicegui/client/{client_id}/upload/{marked(elements, 'upload-predictions')}"


def post(url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def multipart(disposition: str, data: bytes) -> bytes:
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n".encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


FORM = f"multipart/form-data; boundary={BOUNDARY}"


def test_a_real_upload_is_taken(base: str) -> None:
    body = multipart('name="file"; filename="p.csv"', b"0.9,0.1\n")
    assert post(upload_url(base), body, FORM) == (200, '{"upload":"success"}')


@pytest.mark.parametrize(
    ("body", "content_type", "answer"),
    [
        # a file part without a file name reaches NiceGUI as text (it raised: 500 before)
        (multipart('name="file"', b"0.9,0.1\n"), FORM, "expected a form with one file"),
        (b"file=0.9,0.1", "application/x-www-form-urlencoded", "expected a multipart"),
        (b"0.9,0.1", "text/csv", "expected a multipart"),
        (b"--nothing--", FORM, ""),  # Starlette's own 400: "Invalid multipart data."
    ],
)
def test_a_form_the_page_could_not_send_gets_400(
    base: str, body: bytes, content_type: str, answer: str
) -> None:
    status, text = post(upload_url(base), body, content_type)
    assert status == 400 and text.startswith(answer)


def test_an_upload_of_undeclared_length_gets_413(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    path = upload_url(base).removeprefix(base)
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {FORM}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".encode()
        )
        assert s.recv(64).startswith(b"HTTP/1.1 413")


def test_an_upload_cut_off_by_its_browser_is_forgotten(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    path = upload_url(base).removeprefix(base)
    head = multipart('name="file"; filename="p.csv"', b"0.5,0.5\n" * 200_000)
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {FORM}\r\n"
            f"Content-Length: {len(head)}\r\n\r\n".encode()
            + head[: len(head) // 3]
        )
    # the server stays up for everyone else (and logs no traceback: checked at its stop)
    with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
        assert response.read() == b"ok"


def test_forged_log_messages_are_not_written_as_the_servers_errors(base: str) -> None:
    async def forge() -> None:
        student = Student(base + "/binary", "yhat", Tally())
        assert await student.join()
        assert student.page is not None
        for level in ("error", "critical", "warning"):
            message = {
                "client_id": student.page.client_id,
                "level": level,
                "message": "ERROR: forged\nTraceback (most recent call last):\n  boom",
            }
            await student._send("42" + json.dumps(["log", message]))
        await student._send('42["log","not even a dict"]')
        await asyncio.sleep(0.5)
        assert student.connected
        await student.leave()

    run_apart(forge())
