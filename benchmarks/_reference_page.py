"""The reference for ``load.py --reference``: the least a NiceGUI page can do per slider step.

One page at the path the students open, with a slider like the explorer's (the same range, step,
throttle and no loopback) and one label that shows the point in the form the students look for
(``{"id": "point", "data": [[x, y]]}``): per step, one value event in and one element update
out, with no lesson, no chart and nothing of xentlab. Started by ``_server.start_server``.

Run alone: python benchmarks/_reference_page.py PORT
"""

from __future__ import annotations

import json
import sys

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from xentlab.app.server.nicegui_compat import throttle_value_events
from xentlab.app.server.steps import SLIDER_THROTTLE_S

PATH = "/binary"  # section 1's, which load.py opens


class Slider(ui.slider):
    LOOPBACK = False  # as the explorer's ThumbSlider: the browser moves the thumb itself


@ui.page(PATH)
def page() -> None:
    shown = ui.label()

    def show(e: ValueChangeEventArguments[float]) -> None:
        shown.set_text(json.dumps({"id": "point", "data": [[e.value, 1 - e.value]]}))

    slider = Slider(min=0.0, max=1.0, step=0.01, value=0.5, on_change=show)
    slider.props("data-testid=yhat")
    throttle_value_events(slider, SLIDER_THROTTLE_S)


if __name__ in {"__main__", "__mp_main__"}:
    ui.run(host="127.0.0.1", port=int(sys.argv[1]), show=False, reload=False, title="reference")
