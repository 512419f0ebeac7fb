"""Section 13's tasks: with class weights the frameworks differ only in what the mean divides
by, and from a probability float32 loses the loss only where σ(z) rounds to 1."""

from __future__ import annotations

from xentlab.course.lessons.frameworks import Inputs, View, compute, printed
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's defaults: class weights on, a mean, and a confidently wrong binary example
DEFAULT_INPUTS = Inputs()
DEFAULT = compute(DEFAULT_INPUTS)
#: the class weights as the snippets write them when the switch is on
WEIGHTED = compute(Inputs(weighted=1)).fill["weight"]


def _weighted(v: View) -> bool:
    """Whether the class weights are switched on."""
    return v.fill["weight"] == WEIGHTED


def _cell(v: View, row: str, lib: str) -> str:
    """A cell of the table as the snippets print it."""
    return printed(v.row(row).cells[lib])


def _keras_agrees(v: View) -> bool:
    """Whether Keras' loss with the class weights prints as PyTorch's."""
    return "keras" not in v.row("weights").differs


def _same_mean(v: View) -> bool:
    """A weighted mean that Keras and PyTorch agree on, while the weights still change it."""
    return (
        v.reduction == "mean"
        and _weighted(v)
        and int(v.quoted["n_kept"]) > 0
        and _keras_agrees(v)
        and _cell(v, "weights", "torch") != _cell(v, "default", "torch")
    )


def _flipped(v: View) -> bool:
    """Whether the binary example is as wrong as at the defaults, the other way round."""
    return v.quoted["y"] == "1" and float(v.fill["z"]) <= -DEFAULT_INPUTS.z


def _from_probability(v: View) -> str:
    """What PyTorch's BCELoss on σ(z) gives: its clamp, the exact loss or neither."""
    if "clamped" in v.row("bce_probs").notes:
        return "clamp"
    return "exact" if _cell(v, "bce_probs", "torch") == v.quoted["exact"] else "off"


TASKS: tuple[Task, ...] = (
    Predict(
        "sum_agrees",
        choices=("agree", "differ"),
        observed=lambda v: v.reduction == "sum" and _weighted(v),
        answer=lambda v: "agree" if _keras_agrees(v) else "differ",
        witness={"reduction": "sum"},
        facts=lambda v: {
            "torch": _cell(v, "weights", "torch"),
            "keras": _cell(v, "weights", "keras"),
            "sum_w": v.quoted["sum_w"],
            "n_kept": v.quoted["n_kept"],
        },
        given={
            "torch": _cell(DEFAULT, "weights", "torch"),
            "keras": _cell(DEFAULT, "weights", "keras"),
        },
    ),
    Goal(
        "same_mean",
        reached=_same_mean,
        witness={"targets": (1, 2, 2)},
        facts=lambda v: {
            "sum_w": v.quoted["sum_w"],
            "n_kept": v.quoted["n_kept"],
            "mean": _cell(v, "weights", "torch"),
            "plain": _cell(v, "default", "torch"),
        },
    ),
    Predict(
        "flipped_label",
        choices=("clamp", "exact", "off"),
        observed=_flipped,
        answer=_from_probability,
        witness={"y": 1, "z": -20.0},
        facts=lambda v: {
            "torch": _cell(v, "bce_probs", "torch"),
            "keras": _cell(v, "bce_probs", "keras"),
        },
        given={
            "z": f"{DEFAULT_INPUTS.z:g}",
            "y": str(DEFAULT_INPUTS.y),
            "clamp": f"{float(_cell(DEFAULT, 'bce_probs', 'torch')):g}",
        },
    ),
)
