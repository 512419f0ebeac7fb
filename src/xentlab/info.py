"""Information theory of discrete distributions: entropy, cross-entropy, KL divergence, perplexity.

Arguments are probability vectors (or stacks of them along ``axis``), not logits. The
conventions are the mathematical ones: 0·log 0 = 0, and q = 0 where p > 0 gives +inf.
Inputs that are not distributions raise ``ValueError``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_float_array_without_nan,
    check_no_nan,
    first_bad_position,
    sum_tolerance,
)

__all__ = ["cross_entropy", "entropy", "kl_divergence", "perplexity", "perplexity_of_loss"]


def _distribution(value: ArrayLike, name: str, axis: int) -> FloatArray:
    arr = as_float_array(value, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be a probability vector (at least 1-D), got a scalar")
    check_no_nan(arr, name)
    negative = arr < 0
    if negative.any():
        value_at = float(arr.ravel()[np.flatnonzero(negative.ravel())[0]])
        raise ValueError(
            f"{name} must be a probability distribution (entries >= 0), got {value_at:g} at "
            f"position {first_bad_position(negative)}"
        )
    if np.isinf(arr).any():
        raise ValueError(f"{name} must be a probability distribution, got an infinite entry")
    total = arr.sum(axis=axis)
    tol = sum_tolerance(arr.dtype)
    off = np.abs(total - 1) > tol
    if np.any(off):
        worst = float(np.ravel(total)[np.flatnonzero(np.ravel(off))[0]])
        raise ValueError(
            f"{name} must sum to 1 along axis {axis} (within {tol:g}), got a sum of {worst:.6g}"
        )
    return arr


def _pair(p: ArrayLike, q: ArrayLike, axis: int) -> tuple[FloatArray, FloatArray]:
    pa, qa = _distribution(p, "p", axis), _distribution(q, "q", axis)
    if pa.shape != qa.shape:
        raise ValueError(f"q must have the same shape as p {pa.shape}, got {qa.shape}")
    dtype = np.result_type(pa.dtype, qa.dtype)
    return pa.astype(dtype, copy=False), qa.astype(dtype, copy=False)


def _log_base(base: float | None) -> float:
    """ln(base), the size of one unit of ``base`` in nats (1 for None, i.e. nats)."""
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, int | float | np.number):
        raise TypeError(f"base must be a number such as 2 or e, got {base!r}")
    if not (np.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    return float(np.log(base))


def _in_base(nats: FloatArray, base: float | None) -> FloatArray:
    return nats if base is None else nats / nats.dtype.type(_log_base(base))


def _xlogy(x: FloatArray, y: FloatArray) -> FloatArray:
    """x·log y with 0·log y = 0 for every y (0 included)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0, x * np.log(y)).astype(x.dtype)


def entropy(p: ArrayLike, base: float | None = None, axis: int = -1) -> FloatArray:
    r"""Shannon entropy of a distribution: the average surprise of its own outcomes.

    .. math:: H(P) = -\sum_i p_i \log p_i \qquad (0 \log 0 = 0)

    Args:
        p: probabilities along ``axis`` (non-negative, summing to 1).
        base: ``None`` for nats, 2 for bits, or any base > 0 other than 1.
        axis: the outcome axis.

    Returns:
        H ≥ 0: p's shape without ``axis``, p's float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(float(xl.info.entropy([0.5, 0.25, 0.25, 0.0], base=2)))
        1.5

    Reference: ``scipy.stats.entropy(p, base=base)``.
    """
    pa = _distribution(p, "p", axis)
    return _in_base(-_xlogy(pa, pa).sum(axis=axis), base)


def cross_entropy(
    p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1
) -> FloatArray:
    r"""Cross-entropy H(P, Q): the average surprise of P's outcomes under the model Q.

    .. math:: H(P, Q) = -\sum_i p_i \log q_i \qquad (+\infty \text{ if } q_i = 0 < p_i)

    Args:
        p: the true distribution P along ``axis`` (non-negative, summing to 1).
        q: the model Q, p's shape.
        base: ``None`` for nats, 2 for bits, or any base > 0 other than 1.
        axis: the outcome axis.

    Returns:
        H(P, Q) ≥ H(P): p's shape without ``axis``, in the common float dtype of p and q.

    Example:
        >>> import xentlab as xl
        >>> # (−log2 0.25 − log2 0.75) / 2 = (2 + 0.415) / 2
        >>> print(round(float(xl.info.cross_entropy([0.5, 0.5], [0.25, 0.75], base=2)), 4))
        1.2075

    Reference: ``scipy.stats.entropy(p) + scipy.stats.entropy(p, q)`` (H(P) + D_KL(P‖Q));
    Cover & Thomas, *Elements of Information Theory* (2006), chapter 2.
    """
    pa, qa = _pair(p, q, axis)
    return _in_base(-_xlogy(pa, qa).sum(axis=axis), base)


def kl_divergence(
    p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1
) -> FloatArray:
    r"""Kullback–Leibler divergence D_KL(P‖Q) = H(P, Q) − H(P) ≥ 0.

    .. math:: D_{KL}(P \,\|\, Q) = \sum_i p_i \log \frac{p_i}{q_i}

    Args:
        p: the true distribution P along ``axis`` (non-negative, summing to 1).
        q: the model Q, p's shape (the order matters: D_KL(Q‖P) is another number).
        base: ``None`` for nats, 2 for bits, or any base > 0 other than 1.
        axis: the outcome axis.

    Returns:
        D ≥ 0 (+inf where q = 0 < p): p's shape without ``axis``, in the common float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(round(float(xl.info.kl_divergence([0.5, 0.5], [0.9, 0.1])), 4))
        0.5108

    Reference: ``scipy.stats.entropy(p, q)``, ``scipy.special.rel_entr``.
    """
    pa, qa = _pair(p, q, axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        # p·log(p/q) written as p·log p − p·log q keeps q = 0 < p at +inf, p = 0 at 0
        terms = np.where(pa == 0, 0, pa * (np.log(pa) - np.log(qa)))
    # Gibbs: KL >= 0; rounding (p, q within an ulp of 1 elsewhere) can leave a tiny negative sum
    kl = np.maximum(terms.sum(axis=axis), 0).astype(pa.dtype)
    return _in_base(kl, base)


def perplexity(p: ArrayLike, q: ArrayLike | None = None, axis: int = -1) -> FloatArray:
    r"""Perplexity: the effective number of equally likely outcomes, e^H (or e^{H(P,Q)}).

    .. math:: \operatorname{PP}(P) = e^{H(P)}, \qquad \operatorname{PP}(P, Q) = e^{H(P, Q)}

    The same in every base (2^{H in bits} = e^{H in nats}).

    Args:
        p: a distribution along ``axis`` (non-negative, summing to 1).
        q: a model of p's shape: the perplexity of q on outcomes drawn from p (None: of p).
        axis: the outcome axis.

    Returns:
        PP ≥ 1: p's shape without ``axis``, p's float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(round(float(xl.info.perplexity([0.25, 0.25, 0.25, 0.25])), 6))
        4.0

    Reference: Jelinek et al., *Perplexity — a measure of the difficulty of speech
    recognition tasks* (1977); e^{cross-entropy} of a language model.
    """
    h = entropy(p, axis=axis) if q is None else cross_entropy(p, q, axis=axis)
    return np.exp(h)


def perplexity_of_loss(loss: ArrayLike, base: float | None = None) -> FloatArray:
    r"""Perplexity of a mean cross-entropy loss, e^L (b^L for a loss measured in base b).

    The number of equally likely outcomes that would be as surprising as the loss says.

    .. math:: \operatorname{PP} = b^{L}, \qquad b = e \text{ for nats}, 2 \text{ for bits}

    A uniform guess over K outcomes has loss log_b K, so its perplexity is K.

    Args:
        loss: cross-entropy value(s) ≥ 0, any shape (e.g. a language model's mean token loss).
        base: the base the loss is measured in: None (nats) or e.g. 2 (bits).

    Returns:
        PP ≥ 1, loss's shape, float64 unless loss is float32.

    Example:
        >>> import math, xentlab as xl
        >>> print(round(float(xl.info.perplexity_of_loss(math.log(50))), 6))
        50.0
        >>> print(float(xl.info.perplexity_of_loss(3.0, base=2)))
        8.0

    Reference: the perplexity reported for language models, ``torch.exp(F.cross_entropy(...))``.
    """
    arr = as_float_array_without_nan(loss, "loss")
    if np.any(arr < 0):
        raise ValueError(
            f"loss must be a cross-entropy ≥ 0, got {float(arr[arr < 0].flat[0])!r} "
            f"at position {first_bad_position(arr < 0)}"
        )
    _log_base(base)  # validates the base
    with np.errstate(over="ignore"):
        return np.exp(arr) if base is None else np.power(arr.dtype.type(base), arr)
