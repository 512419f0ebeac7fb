r"""The two losses the lab races, on the network's output logits, with their logit gradients.

Every loss and every output-layer gradient comes from :mod:`xentlab` and :mod:`xentlab.grad`:

- ``"ce"`` — softmax + cross-entropy (``xl.cross_entropy``) for C classes; sigmoid +
  binary cross-entropy (``xl.binary_cross_entropy_with_logits``) or, with γ > 0, the focal loss
  (``xl.sigmoid_focal_loss``, α off) for a binary set.
- ``"mse"`` — squared error between the softmax (or sigmoid) probabilities and the target,
  summed over classes and averaged over examples (the Brier score), ``xl.mse_loss``; its
  gradient ``xl.grad.mse_loss`` is chained through the softmax or sigmoid Jacobian
  (``xl.softmax_backward``, ``xl.sigmoid_backward``):

.. math:: \frac{\partial L}{\partial z_c} = p_c \Big(g_c - \sum_k g_k p_k\Big), \qquad
    \frac{\partial L}{\partial z} = g\,\sigma(z)(1 - \sigma(z)), \qquad g = \partial L/\partial p

which vanishes when p saturates at 0 or 1: squared error's slow start.

Class weights weigh each example by w[yₙ] in a weighted mean Σ wₙ ℓₙ / Σ wₙ (torch's rule for
``cross_entropy``, applied to every loss here). Label smoothing ε makes the targets
(1 − ε)·onehot + ε/C (``xl.smooth_labels``), for both losses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl

__all__ = ["LOSSES", "Objective"]

FloatArray = NDArray[np.floating[Any]]
IndexArray = NDArray[np.int64]

LOSSES = ("ce", "mse")


@dataclass(frozen=True, eq=False)
class Objective:
    """A loss on the output logits: which loss, and the options that shape its targets."""

    loss: str
    n_classes: int
    label_smoothing: float = 0.0
    class_weight: FloatArray | None = field(default=None, repr=False)
    focal_gamma: float = 0.0

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of 'ce', 'mse', got {self.loss!r}")

    @property
    def binary(self) -> bool:
        """Two classes: one sigmoid output unit instead of a softmax over two."""
        return self.n_classes == 2

    @cached_property
    def _class_targets(self) -> FloatArray:
        """Row c is the target of class c, (1 − ε)·onehot(c) + ε/C: smoothed once, not per batch."""
        classes = np.arange(self.n_classes)
        return xl.smooth_labels(xl.one_hot(classes, self.n_classes), self.label_smoothing)

    def _targets(self, y: IndexArray) -> FloatArray:
        """(1 − ε)·onehot(y) + ε/C, of shape (N, C); (N,) probabilities of class 1 if binary."""
        t = self._class_targets[y]
        return t[:, 1] if self.binary else t

    def _example_weights(self, y: IndexArray) -> FloatArray:
        """sₙ = w[yₙ] / Σ w[y]: the weight of each example in the (weighted) mean."""
        w = self.class_weight[y] if self.class_weight is not None else np.ones(len(y))
        out: FloatArray = w / w.sum()
        return out

    def value_and_grad(self, logits: FloatArray, y: IndexArray) -> tuple[float, FloatArray]:
        """The batch loss L and ∂L/∂logits.

        Args:
            logits: shape (N, C), or (N, 1) for a binary set.
            y: class indices of shape (N).

        Returns:
            The loss (a float) and its gradient with the logits' shape.

        Example:
            >>> obj = Objective("mse", n_classes=3)
            >>> loss, g = obj.value_and_grad(np.array([[30.0, 0.0, 0.0]]), np.array([1]))
            >>> round(loss, 4), bool(np.abs(g).max() < 1e-8)  # confidently wrong: no gradient
            (2.0, True)
        """
        if self.binary:
            loss, grad = self._binary(logits[:, 0], y)
            return loss, grad[:, None]
        if self.loss == "ce":
            args = (logits, y, self.class_weight)
            ce = float(xl.cross_entropy(*args, label_smoothing=self.label_smoothing))
            return ce, xl.grad.cross_entropy(*args, label_smoothing=self.label_smoothing)
        p, t, s = xl.softmax(logits, axis=1), self._targets(y), self._example_weights(y)
        mse = float((s * xl.mse_loss(p, t, reduction="none").sum(axis=1)).sum())
        g = xl.grad.mse_loss(p, t, reduction="none") * s[:, None]
        return mse, xl.softmax_backward(logits, g, axis=1)

    def _binary(self, z: FloatArray, y: IndexArray) -> tuple[float, FloatArray]:
        t, s = self._targets(y), self._example_weights(y)
        terms: FloatArray
        g: FloatArray
        if self.loss == "mse":
            p = xl.sigmoid(z)
            terms = xl.mse_loss(p, t, reduction="none")
            g = xl.sigmoid_backward(z, xl.grad.mse_loss(p, t, reduction="none"))
        elif self.focal_gamma > 0:
            terms = xl.sigmoid_focal_loss(z, t, alpha=-1, gamma=self.focal_gamma)
            g = xl.grad.sigmoid_focal_loss(z, t, alpha=-1, gamma=self.focal_gamma)
        else:
            terms = xl.binary_cross_entropy_with_logits(z, t, reduction="none")
            g = xl.grad.binary_cross_entropy_with_logits(z, t, reduction="none")
        return float((s * terms).sum()), s * g

    def predict(self, logits: FloatArray) -> IndexArray:
        """The predicted class: argmax of the logits, or logit > 0 for a binary set."""
        if self.binary:
            return (logits[:, 0] > 0).astype(np.int64)
        out: NDArray[np.int64] = np.argmax(logits, axis=1).astype(np.int64)
        return out
