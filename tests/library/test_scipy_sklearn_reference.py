"""Numerics and information theory against SciPy; probability-space losses against scikit-learn."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats
from sklearn.metrics import log_loss

import xentlab as xl
from helpers import assert_close

DTYPES = [np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_logsumexp_softmax_log_softmax_match_scipy(axis: int, dtype: Any) -> None:
    rng = np.random.default_rng(3)
    x = (rng.normal(size=(5, 4, 6)) * 10).astype(dtype)
    assert_close(xl.logsumexp(x, axis=axis), sp.logsumexp(x, axis=axis), dtype, "lse")
    assert_close(xl.softmax(x, axis=axis), sp.softmax(x, axis=axis), dtype, "softmax")
    assert_close(xl.log_softmax(x, axis=axis), sp.log_softmax(x, axis=axis), dtype, "log_softmax")


def test_logsumexp_keepdims_matches_scipy() -> None:
    x = np.random.default_rng(0).normal(size=(3, 4))
    assert_close(
        xl.logsumexp(x, axis=0, keepdims=True),
        sp.logsumexp(x, axis=0, keepdims=True),
        np.float64,
    )


def _distributions(seed: int, shape: tuple[int, ...], zeros: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    q = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    if zeros:
        p = np.where(p < 0.08, 0, p)
        p = p / p.sum(axis=-1, keepdims=True)
    return p, q


@pytest.mark.parametrize("zeros", [False, True], ids=["dense", "with zeros"])
@pytest.mark.parametrize("shape", [(6,), (4, 6)], ids=str)
def test_entropy_cross_entropy_kl_match_scipy(shape: tuple[int, ...], zeros: bool) -> None:
    for seed in range(5):
        p, q = _distributions(seed, shape, zeros)
        assert_close(xl.info.entropy(p), sp.entr(p).sum(axis=-1), np.float64, "entr")
        assert_close(
            xl.info.entropy(p, base=2), scipy.stats.entropy(p, base=2, axis=-1), np.float64, "H2"
        )
        assert_close(
            xl.info.kl_divergence(p, q), sp.rel_entr(p, q).sum(axis=-1), np.float64, "rel_entr"
        )
        assert_close(
            xl.info.kl_divergence(p, q, base=2),
            scipy.stats.entropy(p, q, base=2, axis=-1),
            np.float64,
            "KL2",
        )
        # H(P, Q) = H(P) + D_KL(P‖Q), each side from SciPy
        expected = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(p, q, axis=-1)
        assert_close(xl.info.cross_entropy(p, q), expected, np.float64, "H(P,Q)")
        assert_close(
            xl.info.perplexity(p), np.exp(scipy.stats.entropy(p, axis=-1)), np.float64, "PP"
        )


def test_kl_is_infinite_where_q_misses_mass_of_p_like_scipy() -> None:
    p, q = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
    assert float(xl.info.kl_divergence(p, q)) == float(sp.rel_entr(p, q).sum()) == np.inf
    assert float(xl.info.cross_entropy(p, q)) == np.inf
    # q = 0 where p = 0 costs nothing
    assert float(xl.info.kl_divergence(q, p)) == pytest.approx(np.log(2), rel=1e-15)


@pytest.mark.parametrize("n_classes", [2, 5])
def test_cross_entropy_of_probabilities_matches_sklearn_log_loss(n_classes: int) -> None:
    rng = np.random.default_rng(n_classes)
    probs = rng.dirichlet(np.ones(n_classes), size=50)
    labels = rng.integers(0, n_classes, size=50)
    labels[:n_classes] = np.arange(n_classes)  # every class present, as log_loss requires
    expected = log_loss(labels, probs, labels=list(range(n_classes)))
    # log-probabilities are logits whose log_softmax is themselves
    assert_close(xl.cross_entropy(np.log(probs), labels), expected, np.float64, "log_loss")
    assert_close(xl.nll_loss(np.log(probs), labels), expected, np.float64, "log_loss nll")


def test_binary_cross_entropy_matches_sklearn_log_loss() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0.01, 0.99, size=40)
    y = rng.integers(0, 2, size=40)
    y[:2] = [0, 1]
    expected = log_loss(y, p)
    assert_close(xl.binary_cross_entropy(p, y.astype(float)), expected, np.float64, "bce log_loss")
