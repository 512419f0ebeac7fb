"""Section 13 lesson: the conventions table against PyTorch, the notes that explain it, and every
code snippet run by the real framework, printing exactly the values the page shows."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from xentlab.course.content import load
from xentlab.course.lessons import frameworks as fw

DEFAULT = fw.Inputs()
#: states the snippets are run at: the defaults; no weights, per-example losses, one target
#: ignored and a confidently wrong positive; every target ignored; sums, a wide logit gap
STATES = {
    "defaults": DEFAULT,
    "none": replace(
        DEFAULT,
        weighted=0,
        reduction="none",
        smoothing=0.0,
        targets=(2, -100, 1),
        z=-20.0,
        y=1,
        pos_weight=3.5,
    ),
    "all_ignored": replace(DEFAULT, targets=(-100, -100, -100), smoothing=0.25, z=0.5, y=1),
    "sum": replace(
        DEFAULT,
        reduction="sum",
        logits=(0.0, 0.0, 40.0, 5.0, -3.0, 1.0, 1.5, -2.0, 0.0),
        targets=(0, 2, 1),
        smoothing=0.5,
        z=-7.5,
        y=0,
    ),
}


def torch_batch(inputs: fw.Inputs) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    logits = torch.tensor(inputs.logits, dtype=torch.float32).reshape(3, 3)
    weight = torch.tensor(fw.WEIGHT if inputs.weighted else (1.0, 1.0, 1.0))
    return logits, torch.tensor(inputs.targets), weight


def shown(x: object) -> str:
    return fw.printed(np.asarray(x, dtype=np.float32))


# ------------------------------------------------------------------------------ the table


def test_defaults_worked_out() -> None:
    view = fw.compute(DEFAULT)
    # ℓ = (0.3490, 0.1967, 18.0000): logits (2, 1, −1) → 0.3490; (0.5, 2.5, 0) for class 1 →
    # ln(1 + e^−2 + e^−2.5) = 0.1967; (0, 18, 0) for class 0 → 18 + ln(1 + 2e^−18) = 18.0000
    cells = {
        r.key: {lib: shown(v) if v is not None else None for lib, v in r.cells.items()}
        for r in view.rows
    }
    assert cells["default"] == {
        "torch": "6.1819",
        "keras": "6.1819",
        "optax": "[ 0.3490  0.1967 18.0000]",
    }
    # w[t] = (1, 2, 1): Σ w·ℓ = 0.3490 + 0.3934 + 18.0000 = 18.7424; ÷ Σw = 4 or ÷ N = 3
    assert cells["weights"] == {"torch": "4.6856", "keras": "6.2475", "optax": "6.2475"}
    # Keras clips p = e^−18/(2 + e^−18) = 7.6e−9 up to 1e−7: (0.3490 + 0.1967 + 16.1181) / 3
    assert cells["probabilities"] == {"torch": "6.1819", "keras": "5.5546", "optax": "6.1819"}
    # σ(20) rounds to 1 in float32: torch clamps ln 0 at −100; Keras clips p to 1 − 2^−23
    # (−ln 2^−23 = 15.9424); from the logit: 20 + ln(1 + e^−20) = 20.0000
    assert cells["bce_probs"] == {"torch": "100.0000", "keras": "15.9424", "optax": None}
    assert cells["bce_logits"] == {"torch": "20.0000", "keras": "20.0000", "optax": "20.0000"}
    # the label 0 smoothed toward 0.5 is 0.05: 0.95·20 + ln(1 + e^−20) = 19.0000
    assert cells["bce_smoothing"] == {"torch": None, "keras": "19.0000", "optax": "19.0000"}
    differs = {r.key: sorted(r.differs) for r in view.rows}
    assert differs == {
        "default": ["optax"],
        "weights": ["keras", "optax"],
        "smoothing": ["keras", "optax"],
        "probabilities": ["keras"],
        "bce_probs": ["keras"],
        "bce_logits": [],
        "bce_smoothing": [],
    }
    assert {r.key: r.notes for r in view.rows} == {
        "default": ("per_example",),
        "weights": ("divides",),
        "smoothing": ("weighted_smoothing", "divides"),
        "probabilities": ("clipped",),
        "bce_probs": ("clamped", "bce_clipped", "logits_only"),
        "bce_logits": ("pos_weight",),
        "bce_smoothing": ("toward_half",),
    }
    assert view.quoted["sum_w"] == "4" and view.quoted["n_kept"] == "3"
    assert (view.quoted["smooth_true"], view.quoted["smooth_other"]) == ("0.9333", "0.0333")
    assert view.quoted["y_smooth"] == "0.0500" and view.quoted["clip_cost"] == "16.1181"


@pytest.mark.parametrize("name", list(STATES))
def test_pytorch_column_is_pytorch(name: str) -> None:
    inputs = STATES[name]
    view = fw.compute(inputs)
    logits, target, weight = torch_batch(inputs)
    r, eps = inputs.reduction, inputs.smoothing
    z, y = torch.tensor([inputs.z]), torch.tensor([float(inputs.y)])
    expected = {
        "default": F.cross_entropy(logits, target),
        "weights": F.cross_entropy(logits, target, weight=weight, reduction=r),
        "smoothing": F.cross_entropy(
            logits, target, weight=weight, reduction=r, label_smoothing=eps
        ),
        "probabilities": F.nll_loss(torch.log(F.softmax(logits, dim=1)), target, reduction=r),
        "bce_probs": F.binary_cross_entropy(torch.sigmoid(z), y),
        "bce_logits": F.binary_cross_entropy_with_logits(
            z, y, pos_weight=torch.tensor(inputs.pos_weight)
        ),
    }
    for key, value in expected.items():
        assert shown(view.row(key).cells["torch"]) == shown(value.numpy()), key
    assert view.row("bce_smoothing").cells["torch"] is None  # BCE has no label_smoothing
    # the chart: the smoothing row before the reduction
    per_example = F.cross_entropy(
        logits, target, weight=weight, reduction="none", label_smoothing=eps
    )
    assert shown(view.per_example["torch"]) == shown(per_example.numpy())


def test_without_weights_or_with_a_sum_the_divisors_agree() -> None:
    view = fw.compute(replace(DEFAULT, weighted=0))
    assert view.row("weights").notes == ("agree",) and not view.row("weights").differs
    assert view.row("smoothing").notes == ("agree",)
    view = fw.compute(replace(DEFAULT, reduction="sum"))
    assert view.row("weights").notes == ("agree",)
    # torch's smoothing term still carries each class's weight
    assert view.row("smoothing").notes == ("weighted_smoothing",)
    assert view.row("smoothing").differs == {"keras", "optax"}


def test_every_target_ignored() -> None:
    view = fw.compute(STATES["all_ignored"])
    default = view.row("default")
    assert math.isnan(float(default.cells["torch"]))  # 0 / 0, as torch
    assert shown(default.cells["keras"]) == "0.0000"  # Keras' divide_no_nan
    assert shown(default.cells["optax"]) == "[0.0000 0.0000 0.0000]"
    assert default.notes == ("per_example", "all_ignored")
    weights = view.row("weights")
    assert [shown(weights.cells[lib]) for lib in fw.LIBRARIES] == ["nan", "0.0000", "nan"]
    assert weights.differs == {"keras"} and weights.notes == ("all_ignored",)


def test_one_ignored_example_counts_in_keras_categorical_mean() -> None:
    view = fw.compute(replace(DEFAULT, weighted=0, smoothing=0.0, targets=(0, -100, 0)))
    # sparse with ignore_class: (0.3490 + 18.0000) / 2 in every library
    assert view.row("weights").notes == ("agree",)
    # CategoricalCrossentropy has no ignore_class: the same sum / 3
    smoothing = view.row("smoothing")
    assert smoothing.notes == ("keras_counts_ignored",) and smoothing.differs == {"keras"}
    assert float(smoothing.cells["keras"]) == pytest.approx(
        float(smoothing.cells["torch"]) * 2 / 3, rel=1e-6
    )


def test_a_confident_positive_is_clipped_but_not_clamped() -> None:
    view = fw.compute(replace(DEFAULT, z=-20.0, y=1))
    # σ(−20) = 2.1e−9 is representable: torch's ln is exact (20.0000); Keras clips it to 1e−7
    row = view.row("bce_probs")
    assert (shown(row.cells["torch"]), shown(row.cells["keras"])) == ("20.0000", "16.1181")
    assert row.notes == ("bce_clipped", "logits_only")
    assert fw.compute(replace(DEFAULT, z=0.0)).row("bce_probs").notes == ("logits_only",)


# ---------------------------------------------------------------------------- the inputs


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"targets": (0, -5, 0)},
            "targets must be class indices in [0, 3) or -100 (ignored), got -5 at position 1",
        ),
        (
            {"targets": (0, 5, 0)},
            "targets must be 3 whole numbers in [-100, 2], got (0, 5, 0)",
        ),
        ({"targets": (0, 1)}, "targets must be 3 whole numbers in [-100, 2], got (0, 1)"),
        ({"reduction": "avg"}, "reduction must be one of mean, sum, none, got 'avg'"),
        ({"smoothing": 0.75}, "smoothing must be a number in [0, 0.5], got 0.75"),
        ({"weighted": 2}, "weighted must be a whole number in [0, 1], got 2"),
        ({"pos_weight": 0.0}, "pos_weight must be a number in [0.5, 5], got 0.0"),
    ],
)
def test_bad_inputs_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        replace(DEFAULT, **changes)


def test_links() -> None:
    assert fw.Inputs.from_query({"t": "0,-5,0", "eps": "0.2"}) == (
        replace(DEFAULT, smoothing=0.2),
        ("t",),
    )
    query = {"t": "-100,-100,-100", "reduction": "none", "w": "0", "pw": "3.5"}
    inputs, bad = fw.Inputs.from_query(query)
    assert bad == () and inputs.targets == (-100, -100, -100) and inputs.pos_weight == 3.5
    assert fw.Inputs.from_query({"logits": "1,2"}) == (DEFAULT, ("logits",))


# -------------------------------------------------------------------------- the snippets

#: runs each file named on the command line as a script, a separator line after each
RUNNER = (
    "import runpy, sys\n"
    "for path in sys.argv[1:]:\n"
    "    runpy.run_path(path, run_name='__main__')\n"
    "    print('=' * 10, flush=True)\n"
)


def run_snippets(script: str, tmp_path: Path) -> list[str]:
    """Each state's ``script`` snippet run by its framework: what it printed, per state."""
    code = load("frameworks")["code"]
    paths = []
    for name, inputs in STATES.items():
        path = tmp_path / f"{script}_{name}.py"
        path.write_text(fw.snippets(code, fw.compute(inputs))[script])
        paths.append(str(path))
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *paths],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outputs = done.stdout.split("=" * 10 + "\n")
    assert outputs[-1] == ""
    return outputs[:-1]


def expected_output(script: str, inputs: fw.Inputs) -> str:
    """What the page shows under the snippet: one line per value."""
    view = fw.compute(inputs)
    return "".join(f"{name} {fw.printed(value)}\n" for name, value in view.prints[script])


# each snippet runs in a Python of its own that imports its framework: TensorFlow about 6 s,
# Keras 5 s, optax 3 s, PyTorch 1.5 s
@pytest.mark.slow
@pytest.mark.parametrize("script", ["torch", "keras", "tf", "optax"])
def test_every_snippet_prints_what_the_page_shows(script: str, tmp_path: Path) -> None:
    printed = run_snippets(script, tmp_path)
    for (name, inputs), output in zip(STATES.items(), printed, strict=True):
        assert output == expected_output(script, inputs), name


def test_snippets_fill_every_placeholder() -> None:
    code = load("frameworks")["code"]
    for inputs in STATES.values():
        for script, text in fw.snippets(code, fw.compute(inputs)).items():
            assert "$" not in text, script
            compile(text, script, "exec")
    torch_code = fw.snippets(code, fw.compute(STATES["none"]))["torch"]
    assert 'reduction="none"' in torch_code and "torch.tensor([2, -100, 1])" in torch_code
    keras_code = fw.snippets(code, fw.compute(STATES["none"]))["keras"]
    assert "reduction=None" in keras_code


# ------------------------------------------------------------ the notes, against the cells


@st.composite
def any_inputs(draw: st.DrawFn) -> fw.Inputs:
    """Inputs anywhere in the declared ranges (logits on a coarse grid, to reach ties and
    saturation as often as ordinary values)."""
    grid = st.sampled_from([-30.0, -2.5, 0.0, 1.0, 2.0, 18.0, 30.0])
    logits = draw(st.lists(grid, min_size=9, max_size=9))
    return fw.Inputs(
        logits=tuple(logits),
        targets=tuple(draw(st.lists(st.sampled_from([-100, 0, 1, 2]), min_size=3, max_size=3))),
        weighted=draw(st.integers(0, 1)),
        smoothing=draw(st.sampled_from([0.0, 0.1, 0.5])),
        reduction=draw(st.sampled_from(["mean", "sum", "none"])),
        z=draw(st.sampled_from([-30.0, -20.0, -16.5, -3.0, 0.0, 3.0, 16.5, 20.0, 30.0])),
        y=draw(st.integers(0, 1)),
        pos_weight=draw(st.sampled_from([0.5, 2.0, 5.0])),
    )


@settings(max_examples=300, deadline=None)
@given(any_inputs())
def test_every_note_is_true_of_the_cells_beside_it(inputs: fw.Inputs) -> None:
    view = fw.compute(inputs)
    q, kept = view.quoted, sum(t != -100 for t in inputs.targets)
    smoothing = view.row("smoothing")
    keras_sum = float(np.sum(view.per_example["keras"]))
    if "divides" in smoothing.notes:  # "Keras … divide by the number of examples, {n_kept}"
        assert float(smoothing.cells["keras"]) == pytest.approx(
            keras_sum / int(q["n_kept"]), rel=1e-5, abs=1e-6
        )
    if "divides_all" in smoothing.notes:  # "Keras divides by all N = {n}"
        assert kept < fw.EXAMPLES and int(q["n"]) == fw.EXAMPLES
        assert float(smoothing.cells["keras"]) == pytest.approx(
            keras_sum / fw.EXAMPLES, rel=1e-5, abs=1e-6
        )
    assert int(q["n_kept"]) == kept
    bce = view.row("bce_probs")
    if "clamped" in bce.notes:  # "a loss of 100"
        assert shown(bce.cells["torch"]) == "100.0000"
    elif bce.cells["torch"] is not None:
        assert float(bce.cells["torch"]) < 100
    if "bce_clipped" in bce.notes:  # "the loss stops at {bce_clip_cost}"
        assert q["bce_clip_cost"] == shown(bce.cells["keras"])
        assert float(bce.cells["keras"]) > 15  # the clip's cost, not a loss near 0
    code = fw.snippets(load("frameworks")["code"], view)["keras"]
    comment = code.split('show("weights"', 1)[1].splitlines()[0]
    if inputs.reduction == "mean":  # the weights row: sparse with ignore_class
        assert f"divided by the examples kept, {kept}" in comment
        weights = view.row("weights")
        summed = fw.compute(replace(inputs, reduction="sum")).row("weights").cells["keras"]
        if kept:
            assert float(weights.cells["keras"]) == pytest.approx(
                float(np.sum(summed)) / kept, rel=1e-5, abs=1e-6
            )
    else:
        assert "divided by" not in comment
