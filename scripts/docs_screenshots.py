"""Take the documentation's screenshots of the explorer.

Serves the explorer (``xentlab serve --no-browser`` on a free port, as a subprocess), opens each
section of :data:`xentlab.course.sections.SECTIONS` at its defaults, in English, in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), waits until the page has settled
(its socket is up, every chart is drawn and has its words), closes the section menu (so that
the section has the whole width, its chart beside its controls) and saves the top of the page
(the viewport, 1100×800) as ``docs/images/sections/<slug>.webp``. It also saves §1 at 1280×800,
the menu open beside it, as ``docs/images/explorer.webp``, the picture the README shows. The
server is stopped at the end, even when a page fails.

Run it from the repository's root, with the ``dev`` extra installed::

    python scripts/docs_screenshots.py

Motion is reduced, animations are stopped and the text caret is hidden, so that a rerun draws
the same pictures.
"""

from __future__ import annotations

import io
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from PIL import Image
from playwright.sync_api import Browser, ViewportSize, sync_playwright

from xentlab.course.sections import SECTIONS

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
#: Debian's chromium (never `playwright install`)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECTION_SIZE = ViewportSize(width=1100, height=800)
EXPLORER_SIZE = ViewportSize(width=1280, height=800)
#: the most bytes a section's picture and the README's may take
SECTION_BUDGET = 60 * 1024
EXPLORER_BUDGET = 80 * 1024
#: the page has settled: its socket is up, and every chart is drawn and has its words (a
#: chart's aria-label is written once the page's changes pause, after it is computed)
SETTLED = """() => {
    if (window.did_handshake !== true) return false;
    const charts = [...document.querySelectorAll('.nicegui-echart')];
    return charts.length > 0 && charts.every(el => {
        let chart = null;
        try { chart = getElement(el.id.slice(1)).chart; } catch (e) { return false; }
        return chart && el.getAttribute('aria-label') && el.querySelector('canvas, svg');
    });
}"""
#: the section menu is closed (slid out of view) and every chart has its container's size
MENU_CLOSED = """() => {
    const drawer = document.querySelector('.q-drawer');
    if (drawer && drawer.getBoundingClientRect().right > 0) return false;
    return [...document.querySelectorAll('.nicegui-echart')].every(el => {
        const chart = getElement(el.id.slice(1)).chart;
        return chart.getWidth() === el.clientWidth && chart.getHeight() === el.clientHeight;
    });
}"""
#: time left after the settled signal for the last messages and a frame to land (ms)
PAUSE_MS = 800
#: lossy WebP's quality: the first, stepped down to the last while a picture is over its budget
WEBP_QUALITIES = (70, 65, 60, 55, 50)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers 200; raise if the server exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {timeout:.0f} s")


@contextmanager
def served(log: IO[bytes]) -> Iterator[str]:
    """``xentlab serve`` on a free port, its output in ``log``; yield its URL; stop it after."""
    port = free_port()
    cmd = [sys.executable, "-m", "xentlab", "serve", "--no-browser", "--port", str(port)]
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/healthz", process)
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def webp(image: Image.Image, **options: Any) -> bytes:
    """``image`` encoded as WebP with ``options`` (and the slowest, smallest method)."""
    out = io.BytesIO()
    image.save(out, "WEBP", method=6, **options)
    return out.getvalue()


def to_webp(png: bytes, path: Path, budget: int) -> int:
    """Save the PNG ``png`` as WebP at ``path``; return its size in bytes.

    The smaller of a lossless encoding and a lossy one at the first of :data:`WEBP_QUALITIES`
    (a page of flat colours and text is often smaller, and sharper, lossless); while that is
    over ``budget`` bytes, the lossy quality steps down."""
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("RGB")
    best = min(
        webp(image, lossless=True, quality=100), webp(image, quality=WEBP_QUALITIES[0]), key=len
    )
    for quality in WEBP_QUALITIES[1:]:
        if len(best) <= budget:
            break
        best = min(best, webp(image, quality=quality), key=len)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(best)
    return len(best)


@dataclass(frozen=True)
class Shot:
    """A picture to take: the page's address, the viewport's size, the file, and whether the
    section menu is closed first (a section's own picture: the menu beside it would push its
    chart below the fold at 1100 pixels)."""

    url: str
    size: ViewportSize
    path: Path
    close_menu: bool
    budget: int


def shoot(browser: Browser, shot: Shot) -> int:
    """Open ``shot``'s page in a fresh context, wait until it settles, save the viewport as
    WebP; return the file's size in bytes."""
    url = shot.url
    context = browser.new_context(
        viewport=shot.size,
        device_scale_factor=1,
        reduced_motion="reduce",
        locale="en-US",
        timezone_id="UTC",
    )
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        response = page.goto(url)
        if response is None or response.status != 200:
            raise RuntimeError(f"{url} answered {response.status if response else 'nothing'}")
        page.wait_for_function(SETTLED, polling=100)
        if shot.close_menu:
            page.get_by_role("banner").get_by_role("button").first.click()
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            page.mouse.move(shot.size["width"] // 2, 20)  # (the header's empty middle)
            page.wait_for_function(MENU_CLOSED, polling=100)
        page.wait_for_timeout(PAUSE_MS)
        png = page.screenshot(animations="disabled", caret="hide")
    finally:
        context.close()
    return to_webp(png, shot.path, shot.budget)


def shots(url: str) -> list[Shot]:
    """What to take from the explorer at ``url``: each section alone, then §1 as the README
    shows the explorer (the menu open beside it)."""
    sections = [
        Shot(
            url=f"{url}{s.path}?lang=en",
            size=SECTION_SIZE,
            path=IMAGES / "sections" / f"{s.slug}.webp",
            close_menu=True,
            budget=SECTION_BUDGET,
        )
        for s in SECTIONS
    ]
    return [
        *sections,
        Shot(
            url=f"{url}/binary?lang=en",
            size=EXPLORER_SIZE,
            path=IMAGES / "explorer.webp",
            close_menu=False,
            budget=EXPLORER_BUDGET,
        ),
    ]


def main() -> int:
    """Take every screenshot; print each file's path and size."""
    with tempfile.TemporaryFile() as log:
        try:
            with served(log) as url, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for shot in shots(url):
                        n = shoot(browser, shot)
                        print(f"{shot.path.relative_to(ROOT)}  {n / 1024:.1f} KB", flush=True)
                finally:
                    browser.close()
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace"))
            raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
