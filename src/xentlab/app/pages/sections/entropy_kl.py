"""Section 7 page: entropy, cross-entropy and KL of two editable distributions."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    SLIDER_THROTTLE_S,
    Chart,
    Readout,
    ThumbSlider,
    choice_toggle,
    resize_buttons,
    testid,
)
from xentlab.app.server.limits import NUMBER_CHARS
from xentlab.course.charts import entropy_kl as parts
from xentlab.course.charts import renew
from xentlab.course.lessons.entropy_kl import WEIGHTS, Inputs, View
from xentlab.course.theme import BLUE, RED

#: how far a dragged bar moves per step
BAR_STEP = 0.01
#: the colour of each distribution's probabilities under its sliders (as its bars)
PROB_CLASSES = {"p": f"text-[{BLUE}]", "q": f"text-[{RED}]"}


def as_weight(text: object) -> float | None:
    """The weight typed as ``text`` if it is a number in the declared range, else None."""
    try:
        value = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) and WEIGHTS.lo <= value <= WEIGHTS.hi else None


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Bars and boxes of P and Q, the unit switch, beside the bar charts and the read-out (its
    rows and the charts' options shared with the notebook widget:
    :mod:`xentlab.course.charts.entropy_kl`)."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[30rem] gap-2"):
            show_probs = _editors(state, c)
            choice_toggle(state, "unit", labels["unit"], labels)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            show_charts = _charts_card(state, c)

    def show(v: View) -> None:
        show_charts(v)
        show_probs(v)

    return show


@dataclass
class _Columns:
    """The controls of the outcomes, by distribution: each weight's bar and box, and the
    probability it becomes."""

    bars: dict[str, list[ui.slider]] = field(default_factory=lambda: {"p": [], "q": []})
    boxes: dict[str, list[ui.input]] = field(default_factory=lambda: {"p": [], "q": []})
    probs: dict[str, list[ui.label]] = field(default_factory=lambda: {"p": [], "q": []})


def _editors(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The weights of P and Q as bars and boxes, with the buttons that add, remove and swap
    outcomes (rebuilt when they do); returns what writes each weight's probability."""
    labels = c["labels"]
    texts = {"p": [f"{w:g}" for w in state.inputs.p], "q": [f"{w:g}" for w in state.inputs.q]}
    columns = _Columns()
    echo = {"on": False}  # on while a dragged bar writes its value into its box

    def set_weight(name: str, i: int, value: object, *, typed: bool = False) -> None:
        """A typed or dragged weight: update the other control of the pair and the inputs.

        Only a typed weight moves its bar: writing a dragged bar's value back from the server
        could land after a newer key press and move the bar back. The box a dragged bar writes
        into does not report that change back as typing.
        """
        w = as_weight(value)
        if w is None or (typed and echo["on"]):
            return
        weights = list(getattr(state.inputs, name))
        weights[i] = w
        texts[name][i] = f"{w:g}"
        if typed:
            columns.bars[name][i].value = w
        elif as_weight(columns.boxes[name][i].value) != w:
            echo["on"] = True
            columns.boxes[name][i].value = texts[name][i]
            echo["on"] = False
        state.set(**{name: tuple(weights)})

    def reset(p: tuple[float, ...], q: tuple[float, ...]) -> None:
        texts["p"], texts["q"] = [f"{w:g}" for w in p], [f"{w:g}" for w in q]
        state.set(p=p, q=q)
        editors.refresh()

    def resize(n: int) -> None:
        now = state.inputs
        grow = max(0, n - len(now.p))
        reset(tuple(now.p[:n]) + (0.5,) * grow, tuple(now.q[:n]) + (0.5,) * grow)

    @ui.refreshable
    def editors() -> None:
        n = len(texts["p"])
        _outcome_grid(columns, texts, _probs(state.view, c), labels, set_weight)
        ui.label(labels["normalised"]).classes("text-xs text-gray-500")
        with ui.row().classes("gap-2"):
            resize_buttons(labels, n, WEIGHTS.sizes, resize, "outcome")
            sw = ui.button(
                labels["swap"],
                icon="swap_vert",
                on_click=lambda: reset(state.inputs.q, state.inputs.p),
            )
            testid(sw.props("outline no-caps size=sm"), "swap")

    editors()

    def show(v: View) -> None:
        for name, probs in _probs(v, c).items():
            for label, text in zip(columns.probs[name], probs, strict=False):
                label.set_text(text)

    return show


def _probs(v: View, c: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """P's and Q's probabilities as the page writes them, by distribution."""
    rows = parts.probabilities(v, c).body
    return {"p": rows[0][1:], "q": rows[1][1:]}


def _outcome_grid(
    columns: _Columns,
    texts: dict[str, list[str]],
    probs: dict[str, tuple[str, ...]],
    labels: dict[str, str],
    set_weight: Callable[..., None],
) -> None:
    """One column per outcome: for P, then Q, a bar and a box for each weight, then the
    probability each weight becomes once the row is divided by its sum."""
    n = len(texts["p"])
    columns.bars["p"], columns.bars["q"] = [], []
    columns.boxes["p"], columns.boxes["q"] = [], []
    columns.probs["p"], columns.probs["q"] = [], []
    # columns as wide as a weight box at least (3rem, or its number where that is wider: wider
    # letter spacing): more outcomes than fit (5 on a phone, 8 beside the charts) scroll inside
    # the card, with its cue
    grid = ui.grid(columns=f"auto repeat({n}, minmax(min-content, 1fr))")
    with grid.classes("w-full gap-x-1.5 gap-y-1 items-center xl-scroll"):
        ui.label(labels["outcomes"]).classes("text-xs text-gray-500")
        for i in range(n):
            ui.label(str(i + 1)).classes("text-center text-gray-600")
        for name, color in (("p", "primary"), ("q", "red")):
            ui.label(labels[f"{name}_weights"]).classes("text-sm text-gray-700")
            for i in range(n):
                bar = _bar_slider(name, i, float(texts[name][i]), color, set_weight, labels)
                columns.bars[name].append(bar)
            ui.label("")
            for i in range(n):
                box = ui.input(
                    value=texts[name][i],
                    validation=lambda t: None if as_weight(t) is not None else labels["bad_weight"],
                    on_change=lambda e, name=name, i=i: set_weight(name, i, e.value, typed=True),
                )
                name_i = labels["weight_box"].format(weights=labels[f"{name}_weights"], i=i + 1)
                box.props(f'dense outlined maxlength={NUMBER_CHARS} aria-label="{name_i}"').classes(
                    "w-full min-w-[3rem] xl-narrow-input"
                )
                columns.boxes[name].append(testid(box, f"{name}-{i}"))
            ui.label(labels[f"{name}_probs"]).classes("text-xs text-gray-500")
            for i in range(n):
                shown = probs[name][i]
                prob = ui.label(shown).classes(
                    f"text-center font-mono text-xs tabular-nums {PROB_CLASSES[name]}"
                )
                columns.probs[name].append(testid(prob, f"{name}-prob-{i}"))


def _charts_card(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The bars of P and Q, their entropies stacked, the read-out, and the warning shown when Q
    misses an outcome of P."""
    labels = c["labels"]
    bars = Chart(parts.bars(state.view, c), classes="w-full h-[16rem]")
    stack = Chart(parts.stack(state.view, c), key="stack-chart", classes="w-full h-[8rem]")
    readout = Readout(parts.row_labels(state.inputs.unit, c), parts.rows(c))
    misses = testid(
        ui.label(labels["misses"]).classes("rounded bg-rose-50 text-rose-900 px-3 py-2"),
        "misses",
    )

    def show(v: View) -> None:
        readout.show(v)
        names = parts.row_labels(v.unit, c)
        for key in ("perplexity_p", "perplexity_pq"):  # the base named is the unit's: 2 or e
            readout.names[key].set_text(names[key])
        misses.set_visibility(v.q_misses_p)
        renew(bars.options, parts.bars(v, c))
        bars.update()
        renew(stack.options, parts.stack(v, c))
        stack.update()

    return show


def _bar_slider(
    name: str,
    i: int,
    value: float,
    color: str,
    on_move: Callable[[str, int, float], None],
    labels: dict[str, str],
) -> ui.slider:
    """A vertical slider standing in for a draggable bar of the distribution."""
    s = ThumbSlider(min=WEIGHTS.lo, max=WEIGHTS.hi, step=BAR_STEP, value=value)
    # no value pin: the box below shows the weight (and a pin would stick out of a scroll box)
    s.props(f'vertical reverse color={color} aria-label="{labels[name + "_weights"]} {i + 1}"')
    s.classes("h-28 justify-self-center")
    testid(s, f"{name}-bar-{i}")
    s.on(
        "update:model-value",
        lambda e: on_move(name, i, e.args) if isinstance(e.args, int | float) else None,
        throttle=SLIDER_THROTTLE_S,
    )
    return s
