"""Hypothesis properties: the identities the library must respect for every input."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import xentlab as xl

settings.register_profile("xentlab", max_examples=80, deadline=None)
settings.load_profile("xentlab")

finite = st.floats(-30, 30, allow_nan=False, allow_infinity=False)


@st.composite
def logits_and_labels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 6))
    c = draw(st.integers(2, 7))
    x = draw(arrays(np.float64, (n, c), elements=finite))
    y = draw(arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    return x, y


@st.composite
def distribution_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    c = draw(st.integers(2, 8))
    raw = draw(arrays(np.float64, (2, c), elements=st.floats(0.0, 1.0)))
    raw[:, 0] += 1e-3  # never all zero
    p, q = raw / raw.sum(axis=1, keepdims=True)
    return p, q


@given(logits_and_labels(), st.sampled_from(["none", "mean", "sum"]), st.sampled_from([0.0, 0.25]))
def test_integer_labels_equal_one_hot_probabilities(
    case: tuple[np.ndarray, np.ndarray], reduction: str, label_smoothing: float
) -> None:
    x, y = case
    one_hot = np.eye(x.shape[1])[y]
    kw = {"reduction": reduction, "label_smoothing": label_smoothing}
    np.testing.assert_allclose(
        xl.cross_entropy(x, y, **kw), xl.cross_entropy(x, one_hot, **kw), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(
        xl.grad.cross_entropy(x, y, **kw),
        xl.grad.cross_entropy(x, one_hot, **kw),
        rtol=1e-12,
        atol=1e-15,
    )


@given(logits_and_labels(), st.floats(-1e3, 1e3), st.floats(0.1, 10))
def test_softmax_is_shift_invariant(
    case: tuple[np.ndarray, np.ndarray], shift: float, temperature: float
) -> None:
    x, y = case
    np.testing.assert_allclose(
        xl.softmax(x + shift, temperature=temperature),
        xl.softmax(x, temperature=temperature),
        rtol=1e-9,
        atol=1e-12,
    )
    np.testing.assert_allclose(
        xl.cross_entropy(x + shift, y), xl.cross_entropy(x, y), rtol=1e-9, atol=1e-9
    )


@given(distribution_pairs(), st.sampled_from([None, 2.0]))
def test_cross_entropy_is_entropy_plus_kl_and_kl_is_nonnegative(
    pq: tuple[np.ndarray, np.ndarray], base: float | None
) -> None:
    p, q = pq
    h = xl.info.entropy(p, base=base)
    ce = xl.info.cross_entropy(p, q, base=base)
    kl = xl.info.kl_divergence(p, q, base=base)
    assert kl >= 0
    if np.isfinite(ce):
        np.testing.assert_allclose(ce, h + kl, rtol=1e-12, atol=1e-12)
    else:
        assert kl == np.inf
    assert float(xl.info.kl_divergence(p, p)) == 0.0


@given(
    arrays(np.float64, (3, 4), elements=st.sampled_from([-1e9, 1e9, 0.0, 1.0, -1.0])),
    arrays(np.int64, (3,), elements=st.integers(0, 3)),
)
def test_logits_of_a_billion_stay_finite(x: np.ndarray, y: np.ndarray) -> None:
    for dtype in (np.float32, np.float64):
        xd = x.astype(dtype)
        assert np.all(np.isfinite(xl.log_softmax(xd)))
        assert np.all(np.isfinite(xl.logsumexp(xd)))
        assert np.isfinite(xl.cross_entropy(xd, y))
        assert np.all(np.isfinite(xl.grad.cross_entropy(xd, y)))
        y01 = (x > 0).astype(dtype)
        assert np.all(np.isfinite(xl.binary_cross_entropy_with_logits(xd, y01, reduction="none")))
        assert np.all(np.isfinite(xl.log_sigmoid(xd)))
