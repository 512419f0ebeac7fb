"""Information theory (xentlab.info): entropy, cross-entropy and KL against SciPy, and the
perplexity of a loss."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats
import torch
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_perplexity_of_loss_is_what_language_models_report(dtype: type) -> None:
    rng = np.random.default_rng(11)
    logits = rng.normal(size=(64, 50)).astype(dtype)
    target = rng.integers(0, 50, size=64)
    loss = xl.cross_entropy(logits, target)
    reference = torch.exp(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(target)))
    assert_close(xl.info.perplexity_of_loss(loss), reference.numpy(), dtype, "perplexity")


def test_perplexity_of_loss_in_any_base_matches_the_distribution_form() -> None:
    rng = np.random.default_rng(12)
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    expected = xl.info.perplexity(p, q)
    for base in (None, 2, 10):
        h = xl.info.cross_entropy(p, q, base=base)
        assert xl.info.perplexity_of_loss(h, base=base) == pytest.approx(expected, rel=1e-12)
    # a uniform guess over K outcomes: loss ln K, perplexity K (worked by hand)
    assert xl.info.perplexity_of_loss(np.log(7.0)) == pytest.approx(7.0, rel=1e-14)


def test_perplexity_of_loss_rejects_a_negative_loss() -> None:
    with pytest.raises(
        ValueError, match=r"^loss must be a cross-entropy ≥ 0, got -0\.5 at position 1$"
    ):
        xl.info.perplexity_of_loss([1.0, -0.5])


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
