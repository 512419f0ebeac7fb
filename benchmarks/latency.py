"""Explorer responsiveness: key press → number text updated, and → chart redrawn.

Serves the real app in a subprocess, drives headless Chromium (Debian's /usr/bin/chromium)
with Playwright, and presses an arrow key 100 times on each section's main slider. Times are
taken inside the page with performance.now(): from the keydown event to the first DOM
mutation of the watched number, and to ECharts' next "finished" event (the redraw is done).
Prints p50/p95 per section and the cold start (server launch → first page rendered).

Run: python benchmarks/latency.py [--steps 100]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.machine import CHROMIUM, CHROMIUM_ARGS, free_port, server_env


@dataclass(frozen=True)
class Target:
    """A section page (with a start state that leaves room both ways), its slider and number."""

    path: str
    slider: str
    number: str


TARGETS = [
    Target("/binary?yhat=0.5&y=1", "yhat", "loss"),
    Target("/softmax?logits=2,1,-1&T=2.5&target=0", "temperature", "loss"),
    Target("/ce-vs-mse?yhat=0.5&y=1", "yhat", "ce"),
    Target("/slow-mse?yhat=0.5&y=1", "yhat", "ce_grad"),
    Target("/likelihood?yhat=0.5&y=1", "yhat", "loss"),
    Target("/binary-vs-categorical?z=0&y=1&k=4", "z", "bce"),
]

INSTRUMENT = """([slider, number]) => {
  const state = {t0: 0, number: 0, chart: 0};
  window.__xl = state;
  const target = document.querySelector(`[data-testid="${number}"]`);
  new MutationObserver(() => { if (state.t0 && !state.number) state.number = performance.now(); })
    .observe(target, {childList: true, characterData: true, subtree: true});
  const chartEl = document.querySelector('[data-testid="chart"]');
  getElement(chartEl.id.slice(1)).chart.on('finished', () => {
    if (state.t0 && !state.chart) state.chart = performance.now();
  });
  document.querySelector(`[data-testid="${slider}"]`).addEventListener('keydown', () => {
    state.t0 = performance.now(); state.number = 0; state.chart = 0;
  }, {capture: true});
}"""


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server at {url} not ready after {timeout} s")


def open_page(page: Page, url: str, number: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.did_handshake === true")
    page.get_by_test_id(number).wait_for()
    page.wait_for_function(
        "id => document.querySelector(`[data-testid='${id}']`).textContent.length > 0", arg=number
    )


def measure(page: Page, base: str, target: Target, steps: int) -> tuple[list[float], list[float]]:
    """Per-step (number, chart) latencies in ms for ``steps`` arrow-key presses."""
    open_page(page, base + target.path, target.number)
    page.evaluate(INSTRUMENT, [target.slider, target.number])
    handle = page.get_by_test_id(target.slider).locator("[tabindex='0']").first
    handle.focus()
    numbers: list[float] = []
    charts: list[float] = []
    for i in range(steps):
        key = "ArrowRight" if (i // 20) % 2 == 0 else "ArrowLeft"  # stay inside the range
        handle.press(key)
        page.wait_for_function("() => __xl.number > 0 && __xl.chart > 0", timeout=5000)
        t0, t_number, t_chart = page.evaluate("() => [__xl.t0, __xl.number, __xl.chart]")
        numbers.append(t_number - t0)
        charts.append(t_chart - t0)
    return numbers, charts


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="key presses per section")
    args = parser.parse_args()
    from xentlab.app.pages.widgets import SLIDER_THROTTLE_S

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "xentlab.app", "--port", str(port), "--no-browser"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_ready(base + "/", server)
            ready = time.perf_counter() - start
            open_page(page, base + TARGETS[0].path, TARGETS[0].number)
            page.get_by_test_id("chart").locator("canvas").wait_for()
            first_render = time.perf_counter() - start
            print(f"slider throttle: {SLIDER_THROTTLE_S * 1000:.0f} ms; {args.steps} steps/section")
            print(f"cold start: server up {ready:.2f} s, first page rendered {first_render:.2f} s")
            print(f"{'section':<24}{'number p50':>11}{'p95':>8}{'chart p50':>11}{'p95':>8}  (ms)")
            all_n: list[float] = []
            all_c: list[float] = []
            for target in TARGETS:
                numbers, charts = measure(page, base, target, args.steps)
                all_n += numbers
                all_c += charts
                name = target.path.split("?")[0].strip("/")
                print(
                    f"{name:<24}{pct(numbers, 50):>11.1f}{pct(numbers, 95):>8.1f}"
                    f"{pct(charts, 50):>11.1f}{pct(charts, 95):>8.1f}"
                )
            print(
                f"{'all sections':<24}{pct(all_n, 50):>11.1f}{pct(all_n, 95):>8.1f}"
                f"{pct(all_c, 50):>11.1f}{pct(all_c, 95):>8.1f}"
            )
        finally:
            browser.close()
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
