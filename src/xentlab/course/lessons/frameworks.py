"""Section 13 — the same batch under PyTorch's, Keras' and optax's rules.

Three examples over three classes (logits and class indices, −100 marks an ignored example),
fixed class weights switched on or off, a label smoothing ε and a reduction; beside them one
binary example (a logit z, a label y and a pos_weight). Each row of the table is one
convention, each column one framework; every value comes from :mod:`xentlab.conventions` (or,
for PyTorch, from xentlab's own losses) in float32, the frameworks' default, and is exactly what
the page's code snippets print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Template
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl
from xentlab import conventions as cv
from xentlab.course.lessons.softmax_ce import LOGITS as TYPED_LOGIT
from xentlab.course.params import Choice, Conflict, Declared, Real, Reals, Whole, param

__all__ = [
    "CLASSES",
    "EXAMPLES",
    "IGNORE",
    "LIBRARIES",
    "ROWS",
    "SCRIPTS",
    "WEIGHT",
    "Inputs",
    "Row",
    "View",
    "compute",
    "printed",
    "snippets",
]

EXAMPLES, CLASSES = 3, 3
#: the target that marks an ignored example (torch's default ignore_index)
IGNORE = -100
#: the class weights of the "weights on" switch
WEIGHT = (1.0, 2.0, 0.5)
#: the columns of the table
LIBRARIES = ("torch", "keras", "optax")
#: the rows of the table: one convention each
ROWS = (
    "default",
    "weights",
    "smoothing",
    "probabilities",
    "bce_probs",
    "bce_logits",
    "bce_smoothing",
)
#: the code snippets, each printing the named values (``tf`` runs TensorFlow's low-level op)
SCRIPTS = ("torch", "keras", "tf", "optax")
#: the lines each snippet prints, in order: a row of the table, or an extra value
PRINTS = {
    "torch": (
        "default",
        "weights",
        "nll",
        "smoothing",
        "probabilities",
        "bce_probs",
        "bce_logits",
    ),
    "keras": ROWS,
    "tf": ("softmax_cross_entropy_with_logits",),
    "optax": tuple(r for r in ROWS if r != "bce_probs"),
}

F32 = np.float32
#: a value as a framework returns it: float32, 0-d (reduced) or one per example
Array = NDArray[np.floating[Any]]
#: each row's value under each framework (None: the framework has no such option)
Cells = dict[str, Mapping[str, Array | None]]


@dataclass(frozen=True)
class Inputs(Declared):
    """A batch of logits and targets with the options, and one binary example."""

    logits: tuple[float, ...] = param(
        Reals(TYPED_LOGIT.lo, TYPED_LOGIT.hi, (EXAMPLES * CLASSES,) * 2),
        (2.0, 1.0, -1.0, 0.5, 2.5, 0.0, 0.0, 18.0, 0.0),
    )
    targets: tuple[int, ...] = param(
        Reals(IGNORE, CLASSES - 1, (EXAMPLES, EXAMPLES), whole=True), (0, 1, 0), key="t"
    )
    weighted: int = param(Whole(0, 1), 1, key="w")
    smoothing: float = param(Real(0.0, 0.5, 0.05), 0.1, key="eps")
    reduction: str = param(Choice(("mean", "sum", "none")), "mean")
    z: float = param(Real(-30.0, 30.0, 0.5), 20.0)
    y: int = param(Whole(0, 1), 0)
    pos_weight: float = param(Real(0.5, 5.0, 0.5), 2.0, key="pw")

    def check(self) -> None:
        for i, t in enumerate(self.targets):
            if not (0 <= t < CLASSES or t == IGNORE):
                raise Conflict(
                    ("targets",),
                    f"targets must be class indices in [0, {CLASSES}) or {IGNORE} (ignored), "
                    f"got {t} at position {i}",
                )


@dataclass(frozen=True, eq=False)
class Row:
    """One convention under each framework's rules.

    ``cells`` maps a library to its value (None: the library has no such option);
    ``differs`` names the libraries whose printed value is not PyTorch's; ``notes`` are the
    keys of the one-line explanations that apply.
    """

    key: str
    cells: Mapping[str, Array | None]
    differs: frozenset[str]
    notes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class View:
    """Everything section 13 shows: the table, what each snippet prints, the chart's bars and
    the numbers the explanations quote."""

    rows: tuple[Row, ...]
    prints: Mapping[str, tuple[tuple[str, Array], ...]]
    fill: Mapping[str, str]  # the snippets' placeholders: the inputs written as Python
    reduction: str
    per_example: Mapping[str, Array] = field(repr=False)  # the chart: smoothing row, "none"
    quoted: Mapping[str, str] = field(repr=False)  # the numbers the notes quote

    def row(self, key: str) -> Row:
        """The row of convention ``key``."""
        return next(r for r in self.rows if r.key == key)


def printed(value: Any) -> str:
    """A value as the snippets print it: ``np.array2string`` with 4 fixed decimals, tiny
    numbers as 0.0000 and −0.0 as 0.0 (frameworks differ in the sign of a zero)."""
    values = np.asarray(value) + 0.0
    return np.array2string(values, precision=4, floatmode="fixed", suppress_small=True)


def snippets(code: Mapping[str, Any], view: View) -> dict[str, str]:
    """Each snippet of ``code`` (the section's ``[code]`` content: one template per script and
    the optax reduction per reduction) with the current inputs filled in."""
    keras_divides = code["keras_divides"][view.reduction].format(**view.quoted)
    fill = {
        **view.fill,
        "optax_reduce": code["optax_reduce"][view.reduction],
        "keras_divides": keras_divides,
    }
    return {name: Template(code[name]).substitute(fill) for name in SCRIPTS}


def _optax_reduce(loss: Array, kept: np.ndarray, reduction: str) -> Array:
    # the caller's own reduction after optax, over the kept examples (jnp.mean(where=kept)):
    # optax itself never reduces
    if reduction == "none":
        return np.where(kept, loss, 0).astype(F32)
    total = loss[kept].sum(dtype=F32)
    if reduction == "sum":
        return np.asarray(total, dtype=F32)
    return np.asarray(total / F32(kept.sum()) if kept.any() else np.nan, dtype=F32)


def compute(inputs: Inputs) -> View:
    """The table, the snippets' outputs and the chart for ``inputs``; every loss from the
    library, in float32."""
    b = _Batch(inputs)
    cells = {**_class_cells(b), **_binary_cells(b, inputs.pos_weight)}
    facts = _facts(b, inputs.weighted, inputs.y)
    return View(
        rows=tuple(_row(key, cells[key], _notes(key, facts, b.r)) for key in ROWS),
        prints=_prints(b, cells),
        fill=_fill(inputs, b.eps, b.keras_r),
        reduction=b.r,
        per_example=_smoothing(b, "none", None),
        quoted=_quoted(b, inputs.y, cells),
    )


class _Batch:
    """The inputs as the frameworks take them (float32), and what several cells share."""

    def __init__(self, inputs: Inputs) -> None:
        self.z = np.asarray(inputs.logits, dtype=F32).reshape(EXAMPLES, CLASSES)
        self.t = np.asarray(inputs.targets)
        self.kept = self.t != IGNORE
        self.safe = np.where(self.kept, self.t, 0)  # an ignored example's target as class 0
        self.onehot = (xl.one_hot(self.safe, CLASSES) * self.kept[:, None]).astype(F32)
        self.weight = np.asarray(WEIGHT if inputs.weighted else (1.0,) * CLASSES, dtype=F32)
        self.w = self.weight[self.safe]  # each example's class weight, as Keras and optax take it
        self.eps, self.r = inputs.smoothing, inputs.reduction
        keras_names = {"mean": "sum_over_batch_size", "sum": "sum"}
        self.keras_r = None if self.r == "none" else keras_names[self.r]
        self.probs = xl.softmax(self.z, axis=1)
        with np.errstate(divide="ignore"):
            self.log_probs = np.log(self.probs)  # what a model with a softmax layer hands over
        self.smooth = xl.smooth_labels(self.onehot, self.eps)
        self.ce_kept = cv.optax_softmax_cross_entropy_with_integer_labels(
            self.z, self.t, where=self.kept
        )
        # the binary example
        self.zb = np.asarray([inputs.z], dtype=F32)
        self.yb = np.asarray([float(inputs.y)], dtype=F32)
        self.pb = xl.sigmoid(self.zb)
        self.pos = np.asarray(inputs.pos_weight if inputs.y == 1 else 1.0, dtype=F32)
        y = np.asarray([1.0 - inputs.y, inputs.y], dtype=F32)  # (1 − y, y), smoothed toward 1/2
        self.y_smooth = xl.smooth_labels(y, self.eps)[1:]


def _class_cells(b: _Batch) -> Cells:
    """The rows of the three-class batch, each framework's value."""
    z, t, kept, r, keras_r = b.z, b.t, b.kept, b.r, b.keras_r
    keras_sparse = cv.keras_sparse_categorical_crossentropy
    return {
        "default": {
            "torch": xl.cross_entropy(z, t, ignore_index=IGNORE),
            "keras": keras_sparse(t, z, from_logits=True, ignore_class=IGNORE),
            "optax": b.ce_kept,
        },
        "weights": {
            "torch": xl.cross_entropy(z, t, weight=b.weight, ignore_index=IGNORE, reduction=r),
            "keras": keras_sparse(t, z, True, IGNORE, sample_weight=b.w, reduction=keras_r),
            "optax": _optax_reduce(b.w * b.ce_kept, kept, r),
        },
        "smoothing": _smoothing(b, r, keras_r),
        "probabilities": {
            "torch": xl.nll_loss(b.log_probs, t, ignore_index=IGNORE, reduction=r),
            "keras": keras_sparse(t, b.probs, False, IGNORE, reduction=keras_r),
            "optax": _optax_reduce(
                cv.optax_softmax_cross_entropy_with_integer_labels(b.log_probs, t, where=kept),
                kept,
                r,
            ),
        },
    }


def _binary_cells(b: _Batch, pos_weight: float) -> Cells:
    """The rows of the binary example, each framework's value."""
    zb, yb = b.zb, b.yb
    return {
        "bce_probs": {
            "torch": xl.binary_cross_entropy(b.pb, yb),
            "keras": cv.keras_binary_crossentropy(yb, b.pb),
            "optax": None,
        },
        "bce_logits": {
            "torch": xl.binary_cross_entropy_with_logits(zb, yb, pos_weight=pos_weight),
            "keras": cv.keras_binary_crossentropy(yb, zb, True, sample_weight=b.pos[None]),
            "optax": np.asarray(np.mean(b.pos * cv.optax_sigmoid_binary_cross_entropy(zb, yb))),
        },
        "bce_smoothing": {
            "torch": None,
            "keras": cv.keras_binary_crossentropy(yb, zb, True, b.eps),
            "optax": np.asarray(np.mean(cv.optax_sigmoid_binary_cross_entropy(zb, b.y_smooth))),
        },
    }


def _facts(b: _Batch, weighted: int, y: int) -> dict[str, bool]:
    """What holds for these inputs, each the cause of one kind of difference between cells."""
    n_kept = int(b.kept.sum())
    sum_w = float(b.w[b.kept].sum())
    mean, p1 = b.r == "mean", float(b.pb[0])
    return {
        "all_ignored": n_kept == 0,
        "divides": mean and n_kept > 0 and not np.isclose(sum_w, n_kept),
        "keras_counts_ignored": mean and 0 < n_kept < EXAMPLES,
        "weighted_smoothing": bool(weighted) and b.eps > 0 and n_kept > 0,
        "clipped": bool(np.any(b.probs[b.kept, b.safe[b.kept]] < cv.KERAS_EPSILON)),
        "all_kept": n_kept == EXAMPLES,
        # σ(z) rounded to the wrong side of the label: ln 0, clamped (the right side costs 0)
        "clamped": bool(b.pb[0] == (0.0 if y == 1 else 1.0)),
        # p beyond Keras' clip on the wrong side of the label: the loss stops at the clip
        "bce_clipped": (y == 1 and p1 < cv.KERAS_EPSILON) or (y == 0 and p1 > 1 - cv.KERAS_EPSILON),
    }


def _prints(b: _Batch, cells: Cells) -> dict[str, tuple[tuple[str, Array], ...]]:
    """What each snippet prints: rows of the table and the values only a snippet shows."""
    extra = {
        "nll": xl.nll_loss(
            xl.log_softmax(b.z, axis=1), b.t, weight=b.weight, ignore_index=IGNORE, reduction=b.r
        ),
        "softmax_cross_entropy_with_logits": cv.tf_softmax_cross_entropy_with_logits(b.onehot, b.z),
    }
    return {
        script: tuple(
            (name, np.asarray(extra[name] if name in extra else cells[name][script]))
            for name in PRINTS[script]
        )
        for script in SCRIPTS
    }


def _smoothing(b: _Batch, r: str, keras_r: str | None) -> dict[str, Array]:
    """The smoothing row under the reduction ``r`` (Keras': ``keras_r``); "none": the chart."""
    z, kept = b.z, b.kept
    return {
        "torch": xl.cross_entropy(z, b.t, weight=b.weight, reduction=r, label_smoothing=b.eps),
        "keras": cv.keras_categorical_crossentropy(
            b.onehot, z, True, b.eps, sample_weight=b.w * kept, reduction=keras_r
        ),
        "optax": _optax_reduce(
            b.w * cv.optax_softmax_cross_entropy(z, b.smooth, where=kept), kept, r
        ),
    }


def _quoted(b: _Batch, y: int, cells: Cells) -> dict[str, str]:
    """The numbers the notes quote, as they print them."""
    unit = xl.smooth_labels(xl.one_hot(np.array(0), CLASSES), b.eps)  # class 0 of C, smoothed
    return {
        "n": str(EXAMPLES),
        "n_kept": str(int(b.kept.sum())),
        "sum_w": f"{float(b.w[b.kept].sum()):g}",
        "eps": f"{b.eps:g}",
        "smooth_true": f"{float(unit[0]):.4f}",
        "smooth_other": f"{float(unit[1]):.4f}",
        "y": str(y),
        "y_smooth": f"{float(b.y_smooth[0]):.4f}",
        "clip_cost": printed(cv.keras_binary_crossentropy(np.ones(1, F32), np.zeros(1, F32))),
        "bce_clip_cost": printed(cells["bce_probs"]["keras"]),
        "exact": printed(xl.binary_cross_entropy_with_logits(b.zb, b.yb)),
    }


def _row(key: str, cells: Mapping[str, Array | None], notes: tuple[str, ...]) -> Row:
    torch = cells["torch"]
    differs = frozenset(
        lib
        for lib, value in cells.items()
        if torch is not None and value is not None and printed(value) != printed(torch)
    )
    return Row(
        key, {k: None if v is None else np.asarray(v) for k, v in cells.items()}, differs, notes
    )


def _notes(key: str, facts: Mapping[str, bool], reduction: str) -> tuple[str, ...]:
    """The explanations that apply to row ``key`` (``agree`` when none does)."""
    mean = reduction == "mean"
    candidates = {
        "default": ["per_example", "all_ignored" if facts["all_ignored"] else ""],
        "weights": [
            "all_ignored" if mean and facts["all_ignored"] else "",
            "divides" if facts["divides"] else "",
        ],
        "smoothing": [
            "weighted_smoothing" if facts["weighted_smoothing"] else "",
            "all_ignored" if mean and facts["all_ignored"] else "",
            # CategoricalCrossentropy has no ignore_class: Keras divides by every example
            ("divides" if facts["all_kept"] else "divides_all") if facts["divides"] else "",
            "keras_counts_ignored" if facts["keras_counts_ignored"] else "",
        ],
        "probabilities": [
            "clipped" if facts["clipped"] else "",
            "all_ignored" if mean and facts["all_ignored"] else "",
        ],
        "bce_probs": [
            "clamped" if facts["clamped"] else "",
            "bce_clipped" if facts["bce_clipped"] else "",
            "logits_only",
        ],
        "bce_logits": ["pos_weight"],
        "bce_smoothing": ["toward_half"],
    }[key]
    notes = tuple(n for n in candidates if n)
    return notes or ("agree",)


def _floats(values: Any) -> str:
    """Numbers written as a Python list of floats (each with its point: a float tensor)."""
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def _fill(inputs: Inputs, eps: float, keras_reduction: str | None) -> dict[str, str]:
    rows = [inputs.logits[i * CLASSES : (i + 1) * CLASSES] for i in range(EXAMPLES)]
    weight = WEIGHT if inputs.weighted else (1.0,) * CLASSES
    return {
        "logits": "[" + ", ".join(_floats(row) for row in rows) + "]",
        "target": repr([int(t) for t in inputs.targets]),
        "weight": _floats(weight),
        "eps": repr(float(eps)),
        "reduction": inputs.reduction,
        "keras_reduction": "None" if keras_reduction is None else f'"{keras_reduction}"',
        "z": repr(float(inputs.z)),
        "y": repr(float(inputs.y)),
        "pos_weight": repr(float(inputs.pos_weight)),
    }
