"""Notebook responsiveness: a drag of section 1's ŷ slider in JupyterLab → the read-out updated,
and → the chart redrawn.

Starts a real JupyterLab headless (as the notebook's browser test does: tests/support/
lab_server.py), runs a cell that shows ``xn.section("binary")`` through JupyterLab's UI, then
holds the mouse on the slider and moves it one position at a time (``--steps`` moves, back and
forth). Times are taken inside the page with performance.now(): from the slider's ``input``
event (the browser has moved the thumb) to the first change of the read-out, which the kernel
computed and sent back, and to ECharts' next "finished" event (the chart is redrawn).

The reference, measured in the same JupyterLab: the smallest anywidget round trip, a bare
range input whose value the kernel writes back as text (no lesson, no chart). Both run twice:
with JupyterLab as installed, and with TCP_NODELAY set on the kernel websockets (Jupyter Server
leaves Nagle's algorithm on, so each small message written after the kernel's "busy" status
waits for the browser's delayed acknowledgement, about 40 ms on Linux; lab_server.NODELAY is
the server configuration that turns it off). Also printed: the cold start (notebook opened →
widget drawn) and what the kernel spends per slider value.

Run: python benchmarks/notebook_latency.py [--steps 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))  # the JupyterLab the tests start (tests/support/lab_server.py)
from support import lab_server, machine  # noqa: E402


@dataclass(frozen=True)
class Target:
    """A cell showing a widget, what says it is drawn, its slider, its read-out, its chart."""

    name: str
    cell: str
    ready: str
    slider: str
    readout: str
    chart: str | None


XENTLAB = Target(
    "xentlab section 1",
    "import xentlab.notebook as xn\nw = xn.section('binary', yhat=0.5, y=1)\nw",
    ".xl-nb[data-ready='true']",
    ".xl-nb [data-testid='yhat']",
    ".xl-nb [data-testid='readout']",
    ".xl-nb [data-testid='chart']",
)

# the reference: a slider whose value the kernel sends back as text, nothing else
ECHO = Target(
    "bare anywidget round trip",
    '''import anywidget, traitlets

class Echo(anywidget.AnyWidget):
    _esm = """export default { render({ model, el }) {
      const input = Object.assign(document.createElement('input'), {type: 'range', max: 100});
      const out = Object.assign(document.createElement('div'), {className: 'echo-out'});
      input.className = 'echo-in';
      input.oninput = () => { model.set('v', Number(input.value)); model.save_changes(); };
      model.on('change:out', () => { out.textContent = model.get('out'); });
      el.append(input, out);
    } }"""
    v = traitlets.Float(0).tag(sync=True)
    out = traitlets.Unicode('').tag(sync=True)

    @traitlets.observe('v')
    def _echo(self, change):
        self.out = f"{change['new']:.4f}"

Echo()''',
    ".echo-in",
    ".echo-in",
    ".echo-out",
    None,
)

INSTRUMENT = """async ([slider, readout, chart]) => {
  const state = {t0: 0, number: 0, chart: 0};
  window.__xlb = state;
  new MutationObserver(() => { if (state.t0 && !state.number) state.number = performance.now(); })
    .observe(document.querySelector(readout),
             {childList: true, characterData: true, subtree: true});
  if (chart) {
    const echarts = await globalThis.__xentlabECharts.module;
    echarts.getInstanceByDom(document.querySelector(chart)).on('finished', () => {
      if (state.t0 && !state.chart) state.chart = performance.now();
    });
  }
  document.querySelector(slider).addEventListener('input', () => {
    state.t0 = performance.now(); state.number = 0; state.chart = chart ? 0 : -1;
  }, {capture: true});
}"""


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(page: Page, target: Target, steps: int) -> tuple[list[float], list[float]]:
    """Per-move (read-out, chart) latencies in ms for ``steps`` mouse moves on the slider."""
    page.evaluate(INSTRUMENT, [target.slider, target.readout, target.chart])
    box = page.locator(target.slider).bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    # 21 positions from 30 % to 70 % of the track, a few slider steps apart, back and forth
    xs = [box["x"] + box["width"] * (0.3 + 0.02 * i) for i in range(21)]
    page.mouse.move(xs[0], y)
    page.mouse.down()
    time.sleep(0.5)
    numbers: list[float] = []
    charts: list[float] = []
    for i in range(steps):
        k = i % 40
        page.mouse.move(xs[k + 1 if k < 20 else 39 - k], y)
        page.wait_for_function("() => __xlb.number > 0 && __xlb.chart !== 0", timeout=5000)
        t0, t_number, t_chart = page.evaluate("() => [__xlb.t0, __xlb.number, __xlb.chart]")
        numbers.append(t_number - t0)
        charts.append(t_chart - t0)
    page.mouse.up()
    return numbers, charts


def kernel_ms(repeats: int = 200) -> float:
    """Milliseconds the kernel spends on one slider value: validate, compute, build the panel."""
    import xentlab.notebook as xn

    w = xn.section("binary", yhat=0.5, y=1)
    start = time.perf_counter()
    for i in range(repeats):
        w.values = {**w.values, "yhat": round(0.3 + 0.01 * (i % 40), 2)}
    return (time.perf_counter() - start) / repeats * 1000


def run(steps: int, *, nodelay: bool) -> None:
    """Measure both targets in a fresh JupyterLab and print a line for each."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        lab = lab_server.start(Path(tmp), nodelay=nodelay)
        browser = p.chromium.launch(executable_path=machine.CHROMIUM, args=machine.CHROMIUM_ARGS)
        try:
            for i, target in enumerate((XENTLAB, ECHO)):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                url = lab.notebook(f"latency-{i}.ipynb", target.cell)
                opened = time.perf_counter()
                lab_server.run_first_cell(page, lab, url, ready=target.ready)
                drawn = time.perf_counter() - opened
                if target.chart:
                    page.locator(f"{target.chart} canvas").wait_for()
                numbers, charts = measure(page, target, steps)
                chart = f"{pct(charts, 50):>11.1f}{pct(charts, 95):>8.1f}" if target.chart else ""
                print(
                    f"  {target.name:<28}{pct(numbers, 50):>13.1f}{pct(numbers, 95):>8.1f}"
                    f"{chart:<19}   (notebook opened → widget drawn {drawn:.1f} s)"
                )
                page.close()
        finally:
            browser.close()
            lab_server.stop(lab)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="mouse moves on each slider")
    args = parser.parse_args()
    print(f"kernel per slider value (validate, compute, build the panel): {kernel_ms():.2f} ms")
    print(f"{args.steps} slider moves each; times in ms")
    print(f"  {'':<28}{'read-out p50':>13}{'p95':>8}{'chart p50':>11}{'p95':>8}")
    for nodelay in (False, True):
        print(
            "JupyterLab with TCP_NODELAY on its websockets"
            if nodelay
            else "JupyterLab as installed"
        )
        run(args.steps, nodelay=nodelay)


if __name__ == "__main__":
    main()
