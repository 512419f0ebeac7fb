"""Section 2 — softmax and categorical cross-entropy over 2 to 10 logits.

ŷ = softmax(z / T),  L = −ln ŷ_c for the true class c,  ∂L/∂z_i = (ŷ_i − y_i) / T.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, check_label, fmt_param, item, query_float, query_int

__all__ = [
    "LOGIT_LIMIT",
    "MAX_CLASSES",
    "MIN_CLASSES",
    "Inputs",
    "View",
    "compute",
    "logit_problem",
    "parse_logit",
]

MIN_CLASSES, MAX_CLASSES = 2, 10
#: typed logits must lie in [−LOGIT_LIMIT, LOGIT_LIMIT]
LOGIT_LIMIT = 1000.0
T_MIN, T_MAX, T_STEP = 0.1, 5.0, 0.1
DEFAULT_LOGITS: tuple[float, ...] = (2.0, 1.0, -1.0)


def logit_problem(text: str) -> str | None:
    """Why ``text`` is not a usable logit (``empty``, ``not_a_number``, ``too_large``), or None."""
    text = text.strip().replace("−", "-")
    if not text:
        return "empty"
    try:
        value = float(text)
    except ValueError:
        return "not_a_number"
    if math.isnan(value):
        return "not_a_number"
    if not abs(value) <= LOGIT_LIMIT:
        return "too_large"
    return None


def parse_logit(text: str) -> float:
    """The logit typed as ``text``; ValueError (message = the problem key) when it is unusable."""
    problem = logit_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return float(text.strip().replace("−", "-"))


@dataclass(frozen=True)
class Inputs:
    """Logits z, softmax temperature T and the index of the true class."""

    logits: tuple[float, ...] = DEFAULT_LOGITS
    temperature: float = 1.0
    target: int = 0

    def __post_init__(self) -> None:
        n = len(self.logits)
        if not MIN_CLASSES <= n <= MAX_CLASSES:
            raise ValueError(f"logits must hold {MIN_CLASSES} to {MAX_CLASSES} values, got {n}")
        for i, z in enumerate(self.logits):
            if not (isinstance(z, int | float) and abs(z) <= LOGIT_LIMIT):
                raise ValueError(f"logits must be numbers in ±{LOGIT_LIMIT:g}, got {z!r} at {i}")
        if not T_MIN - 1e-9 <= self.temperature <= T_MAX + 1e-9:
            raise ValueError(f"temperature must be in [{T_MIN}, {T_MAX}], got {self.temperature}")
        check_label("target", self.target, n)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs read from a URL query (``logits=2,1,-1&T=1&target=0``); bad values → defaults.

        Returns the inputs and the keys whose values were rejected.
        """
        bad: list[str] = []
        logits: tuple[float, ...] = DEFAULT_LOGITS
        raw = query.get("logits")
        if raw is not None:
            parts = raw.split(",")
            if MIN_CLASSES <= len(parts) <= MAX_CLASSES and not any(map(logit_problem, parts)):
                logits = tuple(parse_logit(p) for p in parts)
            else:
                bad.append("logits")
        temperature = query_float(query, "T", 1.0, T_MIN, T_MAX, T_STEP, bad)
        target = query_int(query, "target", 0, 0, len(logits) - 1, bad)
        return cls(logits=logits, temperature=temperature, target=target), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {
            "logits": ",".join(fmt_param(z) for z in self.logits),
            "T": fmt_param(self.temperature),
            "target": str(self.target),
        }


@dataclass(frozen=True, eq=False)
class View:
    """Everything section 2 shows for one set of logits."""

    probs: FloatArray = field(repr=False)
    one_hot: FloatArray = field(repr=False)
    grad: FloatArray = field(repr=False)  # ∂L/∂z_i = (ŷ_i − y_i) / T
    loss: float
    predicted: int
    confidence: float
    right: bool


def compute(inputs: Inputs) -> View:
    """Softmax, loss and gradient for ``inputs``; every number from the library."""
    z = np.asarray(inputs.logits, dtype=np.float64)
    t = inputs.temperature
    target = np.asarray([inputs.target])
    probs = np.asarray(xl.softmax(z, temperature=t), dtype=np.float64)
    scaled = (z / t)[None, :]
    # L(z) = CE(z / T), so by the chain rule ∂L/∂z = ∂CE/∂(z/T) · 1/T = (ŷ − y) / T
    grad = np.asarray(xl.grad.cross_entropy(scaled, target), dtype=np.float64)[0] / t
    predicted = int(np.argmax(probs))
    return View(
        probs=probs,
        one_hot=np.eye(len(z))[inputs.target],
        grad=grad,
        loss=item(xl.cross_entropy(scaled, target)),
        predicted=predicted,
        confidence=float(probs[predicted]),
        right=predicted == inputs.target,
    )
