r"""The lab's models in NumPy: logistic regression and a one-hidden-layer ReLU network.

A :class:`Network` is a stack of affine layers with ReLU between them. :func:`forward` keeps the
activations that :func:`backward` needs, and :func:`backward` turns the gradient at the logits
(which :mod:`xentlab.lab.objective` gets from ``xentlab.grad``) into gradients of every weight:

.. math:: \frac{\partial L}{\partial W_l} = a_{l-1}^\top \delta_l, \quad
    \frac{\partial L}{\partial b_l} = \textstyle\sum_n \delta_{l,n}, \quad
    \delta_{l-1} = (\delta_l W_l^\top) \odot [z_{l-1} > 0]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["MODELS", "Network", "backward", "forward", "init_network", "step"]

FloatArray = NDArray[np.floating[Any]]

MODELS = ("logreg", "mlp")


@dataclass(frozen=True, eq=False)
class Network:
    """Weights (fan_in, fan_out) and biases (fan_out) of each affine layer, input to output."""

    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]

    @property
    def n_outputs(self) -> int:
        """Number of output units: C for a softmax output, 1 for a sigmoid output."""
        return int(self.weights[-1].shape[1])


def init_network(
    n_features: int, n_outputs: int, hidden_units: int | None, scale: float, seed: int
) -> Network:
    r"""Random weights W ~ N(0, scale² / fan_in), zero biases.

    ``scale = 1`` is LeCun's initialisation; a large scale makes the logits large from the start,
    so the softmax (or sigmoid) outputs begin saturated.

    Args:
        n_features: input width.
        n_outputs: output width (C classes, or 1 for a binary sigmoid output).
        hidden_units: width of the hidden ReLU layer, or None for logistic regression.
        scale: the initial weight scale.
        seed: seed of the generator that draws the weights.

    Returns:
        The :class:`Network`.

    Example:
        >>> net = init_network(64, 10, 32, scale=1.0, seed=0)
        >>> [w.shape for w in net.weights]
        [(64, 32), (32, 10)]
    """
    rng = np.random.default_rng(seed)
    widths = [n_features, *([hidden_units] if hidden_units else []), n_outputs]
    weights = tuple(
        rng.normal(0.0, scale / np.sqrt(fan_in), size=(fan_in, fan_out))
        for fan_in, fan_out in itertools.pairwise(widths)
    )
    biases = tuple(np.zeros(fan_out) for fan_out in widths[1:])
    return Network(weights, biases)


def forward(net: Network, x: FloatArray) -> tuple[FloatArray, list[FloatArray]]:
    """The logits of a batch, and the input of every layer (kept for :func:`backward`).

    Args:
        net: the network.
        x: inputs of shape (N, n_features).

    Returns:
        Logits of shape (N, n_outputs), and the list of each layer's input.
    """
    inputs: list[FloatArray] = []
    a = x
    last = len(net.weights) - 1
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        inputs.append(a)
        z = a @ w + b
        a = np.maximum(z, 0.0) if i < last else z
    return a, inputs


def backward(net: Network, inputs: list[FloatArray], dlogits: FloatArray) -> Network:
    """Gradients of the loss with respect to every weight and bias, given ∂L/∂logits.

    Args:
        net: the network that produced the logits.
        inputs: the layer inputs returned by :func:`forward`.
        dlogits: ∂L/∂logits of shape (N, n_outputs).

    Returns:
        A :class:`Network` holding the gradients (same shapes as ``net``).
    """
    dws: list[FloatArray] = []
    dbs: list[FloatArray] = []
    delta = dlogits
    for i in range(len(net.weights) - 1, -1, -1):
        a = inputs[i]
        dws.append(a.T @ delta)
        dbs.append(delta.sum(axis=0))
        if i > 0:
            # a = relu(z) of the previous layer, so relu'(z) = [a > 0]
            delta = (delta @ net.weights[i].T) * (a > 0)
    return Network(tuple(reversed(dws)), tuple(reversed(dbs)))


def step(net: Network, grads: Network, learning_rate: float) -> Network:
    """One gradient-descent step θ ← θ − η ∂L/∂θ.

    Example:
        >>> net = init_network(2, 1, None, scale=1.0, seed=0)
        >>> moved = step(net, net, 0.5)  # a "gradient" equal to the weights halves them
        >>> bool(np.allclose(moved.weights[0], net.weights[0] / 2))
        True
    """

    def move(params: tuple[FloatArray, ...], grad: tuple[FloatArray, ...]) -> Any:
        return tuple(p - learning_rate * g for p, g in zip(params, grad, strict=True))

    return Network(move(net.weights, grads.weights), move(net.biases, grads.biases))
