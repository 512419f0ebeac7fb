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


probabilities = st.floats(0.0, 1.0, allow_nan=False)


@given(arrays(np.float64, (5,), elements=probabilities))
def test_the_sigmoid_inverts_the_logit(p: np.ndarray) -> None:
    # the logit's rounding error, a few ulp of |ln p|, moves σ by at most (1 − p)·p times it
    np.testing.assert_allclose(xl.sigmoid(xl.logit(p)), p, rtol=1e-12, atol=1e-300)
    # logit(p) = −logit(1 − p) where 1 − p is exact (p ≥ 1/2, Sterbenz)
    upper = p[p >= 0.5]
    np.testing.assert_allclose(xl.logit(upper), -xl.logit(1 - upper), rtol=1e-14, atol=1e-15)


@given(logits_and_labels(), st.floats(0.0, 1.0), st.sampled_from(["none", "mean", "sum"]))
def test_label_smoothing_is_cross_entropy_with_smoothed_one_hot_targets(
    case: tuple[np.ndarray, np.ndarray], eps: float, reduction: str
) -> None:
    x, y = case
    smoothed = xl.smooth_labels(xl.one_hot(y, x.shape[1]), eps)
    np.testing.assert_allclose(smoothed.sum(axis=1), 1.0, rtol=1e-15)
    assert np.array_equal(np.argmax(xl.one_hot(y, x.shape[1]), axis=1), y)
    np.testing.assert_allclose(
        xl.cross_entropy(x, smoothed, reduction=reduction),
        xl.cross_entropy(x, y, reduction=reduction, label_smoothing=eps),
        rtol=1e-12,
        atol=1e-12,
    )


@given(arrays(np.int64, st.integers(1, 8), elements=st.integers(1, 10**6)), st.integers(2, 1000))
def test_class_weights_balance_the_classes(counts: np.ndarray, k: int) -> None:
    # every class then carries the same total weight N/C, and only frequencies matter
    w = xl.class_weights(counts)
    n, c = counts.sum(), counts.size
    np.testing.assert_allclose(w * counts, np.full(c, n / c), rtol=1e-14)
    np.testing.assert_allclose(xl.class_weights(k * counts), w, rtol=1e-14)


@given(arrays(np.float64, (6,), elements=probabilities), st.floats(0.0, 8.0))
def test_focal_factor_fades_with_confidence(p_t: np.ndarray, gamma: float) -> None:
    m = xl.focal_factor(np.sort(p_t), gamma)
    assert np.all((m >= 0) & (m <= 1))
    assert np.all(np.diff(m) <= 0)  # a surer prediction keeps less of its loss
    np.testing.assert_array_equal(xl.focal_factor(p_t, 0.0), 1.0)


@given(logits_and_labels(), arrays(np.float64, (7,), elements=finite), finite)
def test_backward_passes_are_consistent(
    case: tuple[np.ndarray, np.ndarray], g_row: np.ndarray, shift: float
) -> None:
    x, _ = case
    g = np.broadcast_to(g_row[: x.shape[1]], x.shape)
    dz = xl.softmax_backward(x, g, axis=1)
    # the softmax is shift-invariant: its gradient sums to 0, and ignores a constant in g
    np.testing.assert_allclose(dz.sum(axis=1), 0, atol=1e-12 * (1 + np.abs(g).max()))
    np.testing.assert_allclose(xl.softmax_backward(x, g + shift, axis=1), dz, atol=1e-12 * 32)
    # σ' is even and positive
    np.testing.assert_array_equal(xl.sigmoid_backward(x, g), xl.sigmoid_backward(-x, g))
    assert np.all(xl.sigmoid_backward(x, 1.0) > 0)
