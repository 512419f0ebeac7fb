"""Section 13 driven by NiceGUI's simulated user: typed logits, targets, switches and sliders;
every shown value against xentlab.conventions (and xentlab's torch-semantics losses), computed
here from the inputs, not read from the lesson."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import choose, move, one, text, url_becomes
from xentlab import conventions as cv
from xentlab.course.content import load
from xentlab.course.lessons.frameworks import WEIGHT, printed

Simulate = Callable[..., None]
F32 = np.float32
LOGITS = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0], [0.0, 18.0, 0.0]], dtype=F32)


def cell(user: User, row: str, lib: str) -> str:
    return text(user, f"cell-{row}-{lib}")


def test_defaults_match_each_framework(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/frameworks")
        target, w = np.array([0, 1, 0]), np.array(WEIGHT, dtype=F32)
        assert cell(user, "default", "torch") == printed(xl.cross_entropy(LOGITS, target))
        assert cell(user, "weights", "torch") == printed(xl.cross_entropy(LOGITS, target, w))
        keras_weights = cv.keras_sparse_categorical_crossentropy(
            target, LOGITS, True, sample_weight=w[target]
        )
        assert cell(user, "weights", "keras") == printed(keras_weights)
        per_example = cv.optax_softmax_cross_entropy_with_integer_labels(LOGITS, target)
        assert cell(user, "default", "optax") == printed(per_example) == "[ 0.3490  0.1967 18.0000]"
        assert cell(user, "weights", "optax") == printed(np.mean(w[target] * per_example))
        # σ(20) is 1 in float32: BCELoss's clamp against Keras' clip
        p = xl.sigmoid(np.array([20.0], F32))
        assert cell(user, "bce_probs", "torch") == printed(xl.binary_cross_entropy(p, 0 * p))
        assert cell(user, "bce_probs", "keras") == printed(cv.keras_binary_crossentropy(0 * p, p))
        assert cell(user, "bce_probs", "optax") == load("frameworks")["labels"]["no_option"]
        # the highlighted cells are those that differ from PyTorch's
        assert "bg-amber-100" in one(user, "cell-weights-keras").classes
        assert "bg-amber-100" not in one(user, "cell-weights-torch").classes
        # and marked in writing too, not by colour alone (WCAG 1.4.1)
        mark = load("frameworks")["labels"]["differs_mark"]
        assert text(user, "sign-weights-keras") == mark
        assert text(user, "sign-weights-torch") == ""
        notes = one(user, "notes-weights")
        assert isinstance(notes, ui.markdown) and "= 4;" in notes.content
        code = one(user, "code-torch")
        assert isinstance(code, ui.code)
        assert "torch.tensor([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0], [0.0, 18.0, 0.0]])" in code.content
        lines = text(user, "output-torch").splitlines()
        assert lines[1] == "weights " + cell(user, "weights", "torch")

    simulate(scenario)


def test_weights_off_then_every_target_ignored(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/frameworks")
        choose(user, "w", 0)
        # no class weights: Σ w[tₙ] = N, every framework divides the same
        assert cell(user, "weights", "torch") == cell(user, "weights", "keras")
        assert "bg-amber-100" not in one(user, "cell-weights-keras").classes
        for n in range(3):
            choose(user, f"target-{n}", -100)
        assert cell(user, "default", "torch") == "nan"  # torch: 0 / 0
        assert cell(user, "default", "keras") == "0.0000"  # Keras' ignore_class: 0
        assert cell(user, "default", "optax") == "[0.0000 0.0000 0.0000]"
        notes = one(user, "notes-default")
        assert isinstance(notes, ui.markdown)
        assert load("frameworks")["notes"]["all_ignored"] in notes.content
        code = one(user, "code-torch")
        assert isinstance(code, ui.code) and "torch.tensor([-100, -100, -100])" in code.content
        await url_becomes(
            urls,
            "?logits=2,1,-1,0.5,2.5,0,0,18,0&t=-100,-100,-100&w=0&eps=0.1&reduction=mean"
            "&z=20&y=0&pw=2",
        )

    simulate(scenario)


def test_typed_logit_smoothing_and_reduction(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/frameworks")
        user.find(marker="logit-2-1").clear().type("abc")
        await user.should_see(load("ui")["logit_problems"]["not_a_number"])
        # the last good logits stay: (0.3490 + 0.1967 + 18.0000) / 3
        assert cell(user, "default", "torch") == "6.1819"
        user.find(marker="logit-2-1").clear().type("3")
        logits = LOGITS.copy()
        logits[2, 1] = 3.0
        target, w = np.array([0, 1, 0]), np.array(WEIGHT, dtype=F32)
        assert cell(user, "default", "torch") == printed(xl.cross_entropy(logits, target))
        move(user, "eps", 0.3)
        choose(user, "reduction", "none")
        smoothed = xl.cross_entropy(logits, target, w, reduction="none", label_smoothing=0.3)
        assert cell(user, "smoothing", "torch") == printed(smoothed)
        onehot = xl.one_hot(target, 3).astype(F32)
        keras = cv.keras_categorical_crossentropy(
            onehot, logits, True, 0.3, sample_weight=w[target], reduction=None
        )
        assert cell(user, "smoothing", "keras") == printed(keras)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        bars = {s["id"]: s["data"] for s in chart.options["series"]}
        assert bars["torch"] == [round(float(x), 4) for x in smoothed]
        move(user, "z", -20.0)
        choose(user, "y", 1)
        # σ(−20) = 2.1e−9 stays above 0: torch's log is exact, Keras' clip caps it at 16.1181
        assert cell(user, "bce_probs", "torch") == "20.0000"
        assert cell(user, "bce_probs", "keras") == "16.1181"
        move(user, "pw", 3.5)
        z, y = np.array([-20.0], F32), np.array([1.0], F32)
        exact = xl.binary_cross_entropy_with_logits(z, y, pos_weight=3.5)
        assert cell(user, "bce_logits", "torch") == printed(exact) == "70.0000"  # 3.5 × 20
        await url_becomes(
            urls,
            "?logits=2,1,-1,0.5,2.5,0,0,3,0&t=0,1,0&w=1&eps=0.3&reduction=none&z=-20&y=1&pw=3.5",
        )

    simulate(scenario)


def test_bad_link_shows_defaults_and_notice(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/frameworks?t=0,-5,0&eps=9&reduction=avg")
        await user.should_see(marker="notice")
        for key in ("t", "eps", "reduction"):
            assert key in text(user, "notice")
        # the defaults: (1·0.3490 + 2·0.1967 + 1·18.0000) / (1 + 2 + 1)
        assert cell(user, "weights", "torch") == "4.6856"
        await url_becomes(
            urls,
            "?logits=2,1,-1,0.5,2.5,0,0,18,0&t=0,1,0&w=1&eps=0.1&reduction=mean&z=20&y=0&pw=2",
        )

    simulate(scenario)
