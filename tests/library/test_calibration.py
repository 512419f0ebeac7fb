"""xentlab.calibration: worked cases, scikit-learn and PyTorch references, properties, errors."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

import xentlab as xl
from xentlab import calibration as cal

# ---------------------------------------------------------------- worked cases (by hand)


def test_ece_of_binary_probabilities_by_hand() -> None:
    # two bins [0, .5] and (.5, 1]:
    #   [0, .5]:  p = .1, .3, labels 0, 1 -> mean p .2, fraction of class 1 .5, gap .3
    #   (.5, 1]:  p = .8, .9, labels 1, 1 -> mean p .85, fraction 1, gap .15
    # ECE = 2/4 · .3 + 2/4 · .15 = .225; MCE = .3
    p, y = np.array([0.1, 0.3, 0.8, 0.9]), np.array([0, 1, 1, 1])
    curve = cal.reliability_curve(p, y, n_bins=2)
    np.testing.assert_allclose(curve.edges, [0, 0.5, 1])
    np.testing.assert_allclose(curve.confidence, [0.2, 0.85])
    np.testing.assert_allclose(curve.accuracy, [0.5, 1.0])
    assert curve.count.tolist() == [2, 2] and curve.binary
    assert cal.expected_calibration_error(p, y, n_bins=2) == pytest.approx(0.225, abs=1e-15)
    assert cal.maximum_calibration_error(p, y, n_bins=2) == pytest.approx(0.3, abs=1e-15)


def test_ece_of_top_label_confidence_by_hand() -> None:
    # row  probabilities        label  argmax  confidence  right
    #   0  .6  .3  .1             0      0        .6          1
    #   1  .5  .4  .1             1      0        .5          0
    #   2  .2  .7  .1             1      1        .7          1
    #   3  .1  .1  .8             2      2        .8          1
    #   4  .9  .05 .05            2      0        .9          0
    # five bins of width .2, closed on the right: .5 and .6 fall in (.4, .6], .7 and .8 in
    # (.6, .8] (.8 is that bin's right edge, not the next bin's left), .9 in (.8, 1]:
    #   (.4, .6]: conf .55, acc 1/2 -> gap .05 ·2
    #   (.6, .8]: conf .75, acc 1   -> gap .25 ·2
    #   (.8, 1]:  conf .9,  acc 0   -> gap .9  ·1
    # ECE = (.1 + .5 + .9) / 5 = .3; MCE = .9
    p = np.array(
        [[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]]
    )
    y = np.array([0, 1, 1, 2, 2])
    curve = cal.reliability_curve(p, y, n_bins=5)
    assert curve.count.tolist() == [0, 0, 2, 2, 1] and not curve.binary
    np.testing.assert_allclose(curve.confidence[2:], [0.55, 0.75, 0.9])
    np.testing.assert_allclose(curve.accuracy[2:], [0.5, 1.0, 0.0])
    assert np.isnan(curve.confidence[:2]).all() and np.isnan(curve.accuracy[:2]).all()
    assert curve.ece == pytest.approx(0.3, abs=1e-15)
    assert curve.mce == pytest.approx(0.9, abs=1e-15)


def test_one_bin_is_the_gap_between_mean_accuracy_and_mean_confidence() -> None:
    # confidences .7, .6, .9; right, wrong, right: |2/3 − 2.2/3| = .2/3
    p = np.array([[0.7, 0.3], [0.4, 0.6], [0.9, 0.1]])
    y = np.array([0, 0, 0])
    assert cal.expected_calibration_error(p, y, n_bins=1) == pytest.approx(0.2 / 3, abs=1e-15)


def test_quantile_bins_by_hand() -> None:
    # 2 equal-mass bins of p = .1, .2, .3, .4: edges are the 0, 50, 100 % quantiles
    # .1, .25, .4; bins [.1, .25] = {.1, .2} and (.25, .4] = {.3, .4}
    # labels 0, 0, 1, 1: gaps |0 − .15| and |1 − .35|; ECE = (.15 + .65) / 2 = .4
    p, y = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0, 0, 1, 1])
    curve = cal.reliability_curve(p, y, n_bins=2, strategy="quantile")
    np.testing.assert_allclose(curve.edges, [0.1, 0.25, 0.4])
    np.testing.assert_allclose(curve.confidence, [0.15, 0.35])
    assert curve.ece == pytest.approx(0.4, abs=1e-15)
    assert curve.strategy == "quantile"


def test_brier_score_by_hand() -> None:
    # rows (.7, .2, .1) label 0 and (.2, .5, .3) label 2:
    # (.3² + .2² + .1²) + (.2² + .5² + .7²) = .14 + .78, mean .46
    p = np.array([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]])
    assert cal.brier_score(p, np.array([0, 2])) == pytest.approx(0.46, abs=1e-15)
    # one column: ((.8 − 1)² + (.3 − 0)²) / 2 = .065
    assert cal.brier_score(np.array([0.8, 0.3]), np.array([1, 0])) == pytest.approx(0.065)


def test_temperature_of_equal_margins_by_hand() -> None:
    # every row has margin 4 and 4 of 5 are right: σ(4/T) = 4/5 at the optimum, T = 4 / ln 4
    z = np.array([[4.0, 0.0]] * 5)
    fit = cal.fit_temperature(z, np.array([0, 0, 0, 0, 1]))
    assert fit.temperature == pytest.approx(4 / math.log(4), rel=1e-12)
    # the binary form with logits of class 1 gives the same T
    fit1 = cal.fit_temperature(np.array([4.0, 4.0, 4.0, 4.0, 4.0]), np.array([1, 1, 1, 1, 0]))
    assert fit1.temperature == pytest.approx(4 / math.log(4), rel=1e-12)
    h = -(0.8 * math.log(0.8) + 0.2 * math.log(0.2))
    assert fit.nll_after == pytest.approx(h, rel=1e-12)
    assert fit1.nll_after == pytest.approx(h, rel=1e-12)


def test_curve_arrays_are_read_only() -> None:
    curve = cal.reliability_curve(np.array([0.2, 0.9]), np.array([0, 1]))
    for arr in (curve.edges, curve.confidence, curve.accuracy, curve.count):
        assert not arr.flags.writeable
    assert curve.n_bins == cal.N_BINS == 15


# ---------------------------------------------------------------- scikit-learn references


def _binary_sample(seed: int, n: int, rounded: bool) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.beta(0.7, 0.7, size=n)
    if rounded:  # ties, and values on the bin edges
        p = np.round(p, 1)
    y = (rng.random(n) < p**1.5).astype(np.int64)  # miscalibrated on purpose
    return p, y


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 2, 5, 10, 15])
@pytest.mark.parametrize("rounded", [False, True], ids=["continuous", "ties"])
def test_curve_matches_sklearn_calibration_curve(strategy: str, n_bins: int, rounded: bool) -> None:
    # scikit-learn returns the non-empty bins only; ours keeps empty bins with count 0
    for seed in range(3):
        p, y = _binary_sample(seed, 500, rounded)
        prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        curve = cal.reliability_curve(p, y, n_bins=n_bins, strategy=strategy)
        full = curve.count > 0
        np.testing.assert_allclose(curve.accuracy[full], prob_true, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(curve.confidence[full], prob_pred, rtol=1e-12, atol=1e-15)
        assert curve.count.sum() == len(p)


def test_tied_quantile_bins_can_be_empty_as_in_sklearn() -> None:
    # 5 quantile bins of a sample that is 70 % the value 0.9: edges repeat, and the bins
    # between equal edges hold nothing; scikit-learn drops them, we keep them with count 0
    p = np.array([0.1, 0.2, 0.3] + [0.9] * 7)
    y = np.array([0, 0, 1, 1, 1, 1, 1, 1, 0, 1])
    curve = cal.reliability_curve(p, y, n_bins=5, strategy="quantile")
    prob_true, _ = calibration_curve(y, p, n_bins=5, strategy="quantile")
    assert (curve.count == 0).sum() == 5 - len(prob_true) > 0
    np.testing.assert_allclose(curve.accuracy[curve.count > 0], prob_true)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_top_label_curve_is_sklearn_curve_of_confidence_and_correctness(strategy: str) -> None:
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.full(4, 0.5), size=400)
    y = rng.integers(0, 4, size=400)
    confidence = p.max(axis=1)
    right = (p.argmax(axis=1) == y).astype(int)
    prob_true, prob_pred = calibration_curve(right, confidence, n_bins=10, strategy=strategy)
    curve = cal.reliability_curve(p, y, n_bins=10, strategy=strategy)
    full = curve.count > 0
    np.testing.assert_allclose(curve.accuracy[full], prob_true, rtol=1e-12)
    np.testing.assert_allclose(curve.confidence[full], prob_pred, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_brier_score_matches_sklearn(dtype: Any) -> None:
    rtol = 1e-6 if dtype == np.float32 else 1e-12  # we compute in float64, sklearn in dtype
    rng = np.random.default_rng(1)
    p1 = rng.random(300).astype(dtype)
    y1 = rng.integers(0, 2, size=300)
    # binary, one column: sklearn's scale_by_half="auto" keeps the one-column form
    assert cal.brier_score(p1, y1) == pytest.approx(brier_score_loss(y1, p1), rel=rtol)
    p = rng.dirichlet(np.ones(5), size=300).astype(dtype)
    y = rng.integers(0, 5, size=300)
    # multi-class: Σ over classes, as Brier (1950) and sklearn >= 1.7
    expected = brier_score_loss(y, p, labels=np.arange(5))
    assert cal.brier_score(p, y) == pytest.approx(expected, rel=rtol)
    # the two-column score of binary predictions is twice the one-column score
    p2 = np.stack([1 - p1.astype(np.float64), p1], axis=1)
    assert cal.brier_score(p2, y1) == pytest.approx(2 * cal.brier_score(p1, y1), rel=1e-12)


def test_nll_matches_sklearn_log_loss_and_torch() -> None:
    rng = np.random.default_rng(2)
    z = rng.normal(size=(200, 6)) * 3
    y = rng.integers(0, 6, size=200)
    expected = log_loss(y, xl.softmax(z, axis=1), labels=np.arange(6))
    assert cal.nll(z, y) == pytest.approx(expected, rel=1e-12)
    z1 = rng.normal(size=200) * 3
    y1 = rng.integers(0, 2, size=200)
    ref = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(z1), torch.tensor(y1, dtype=torch.float64)
    )
    assert cal.nll(z1, y1) == pytest.approx(float(ref), rel=1e-12)


# ---------------------------------------------------------------- PyTorch LBFGS reference


def _torch_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """T fitted by PyTorch: LBFGS with a strong-Wolfe line search on log T, float64."""
    zt, yt = torch.tensor(z), torch.tensor(y)
    log_t = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS(
        [log_t],
        lr=1,
        max_iter=500,
        tolerance_grad=1e-14,
        tolerance_change=1e-16,
        line_search_fn="strong_wolfe",
    )

    def closure() -> torch.Tensor:
        opt.zero_grad()
        x = zt / torch.exp(log_t)
        if z.ndim == 1:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(x, yt.double())
        else:
            loss = torch.nn.functional.cross_entropy(x, yt)
        loss.backward()
        return loss

    opt.step(closure)
    return float(torch.exp(log_t.detach()))


def _miscalibrated(seed: int, n: int, c: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from softmax(true logits); the model reports true logits × scale."""
    rng = np.random.default_rng(seed)
    if c == 1:
        true = rng.normal(size=n) * 2
        y = (rng.random(n) < xl.sigmoid(true)).astype(np.int64)
    else:
        true = rng.normal(size=(n, c)) * 2
        p = xl.softmax(true, axis=1)
        y = (rng.random((n, 1)) > np.cumsum(p, axis=1)).sum(axis=1)
    return true * scale, y


@pytest.mark.parametrize(
    ("seed", "n", "c", "scale"),
    [
        (0, 500, 1, 3.0),  # binary, overconfident
        (1, 300, 1, 0.4),  # binary, underconfident
        (2, 1000, 3, 2.5),
        (3, 400, 10, 0.5),
        (4, 2000, 10, 4.0),
        (5, 50, 5, 1.0),  # about right
    ],
)
def test_temperature_matches_torch_lbfgs(seed: int, n: int, c: int, scale: float) -> None:
    z, y = _miscalibrated(seed, n, c, scale)
    fit = cal.fit_temperature(z, y)
    t_torch = _torch_temperature(z, y)
    assert abs(fit.temperature - t_torch) <= 1e-4
    # and the NLL after is torch's at our T
    zt = torch.tensor(z) / fit.temperature
    if c == 1:
        ref = torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(y).double())
    else:
        ref = torch.nn.functional.cross_entropy(zt, torch.tensor(y))
    assert fit.nll_after == pytest.approx(float(ref), rel=1e-12)
    assert fit.nll_after <= fit.nll_before


def test_float32_logits_fit_like_float64() -> None:
    z, y = _miscalibrated(6, 500, 4, 2.0)
    t64 = cal.fit_temperature(z, y).temperature
    t32 = cal.fit_temperature(z.astype(np.float32), y).temperature
    assert t32 == pytest.approx(t64, rel=1e-6)


# ---------------------------------------------------------------- properties


@st.composite
def calibrated_probabilities(draw: st.DrawFn) -> tuple[int, float, int]:
    """(C, Dirichlet concentration, seed); C = 1 means one column of class-1 probabilities."""
    return (
        draw(st.sampled_from([1, 2, 3, 5, 10])),
        draw(st.floats(0.2, 5.0)),
        draw(st.integers(0, 2**32 - 1)),
    )


@settings(max_examples=20, deadline=None)
@given(calibrated_probabilities(), st.sampled_from(["uniform", "quantile"]))
def test_a_calibrated_sample_has_ece_shrinking_to_zero(
    case: tuple[int, float, int], strategy: str
) -> None:
    # Labels drawn from the stated probabilities: in each bin, accuracy − confidence is a mean
    # of n_b independent terms of mean 0 and variance ≤ 1/4, so E|gap_b| ≤ 1/(2√n_b) and
    # E[ECE] ≤ Σ_b √n_b / (2N) ≤ ½√(B/N) (Cauchy–Schwarz). One label moves the ECE by at most
    # 1/N, so (McDiarmid) P(ECE > E[ECE] + √(10/N)) ≤ e^(−20): a tolerance that shrinks
    # like 1/√N and that a calibrated sample exceeds with probability below 3e-9.
    c, alpha, seed = case
    bins = 15
    rng = np.random.default_rng(seed)
    for n in (1_000, 10_000, 100_000):
        if c == 1:
            p = rng.beta(alpha, alpha, size=n)
            y = (rng.random(n) < p).astype(np.int64)
        else:
            p = rng.dirichlet(np.full(c, alpha), size=n)
            y = (rng.random((n, 1)) > np.cumsum(p, axis=1)).sum(axis=1).clip(max=c - 1)
        tolerance = 0.5 * math.sqrt(bins / n) + math.sqrt(10 / n)
        assert cal.expected_calibration_error(p, y, bins, strategy) <= tolerance


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 20), st.integers(2, 6)), elements=st.floats(-50, 50)
    )
)
def test_temperature_one_leaves_logits_unchanged(z: np.ndarray) -> None:
    assert np.array_equal(cal.apply_temperature(z, 1.0), z)
    assert np.array_equal(cal.apply_temperature(z[:, 0], 1), z[:, 0])
    z32 = z.astype(np.float32)
    assert cal.apply_temperature(z32, 1.0).dtype == np.float32
    assert np.array_equal(cal.apply_temperature(z32, 1.0), z32)


@st.composite
def logits_and_labels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 40))
    c = draw(st.sampled_from([1, 2, 3, 7]))
    shape = (n,) if c == 1 else (n, c)
    z = draw(arrays(np.float64, shape, elements=st.floats(-20, 20)))
    y = draw(arrays(np.int64, (n,), elements=st.integers(0, max(c, 2) - 1)))
    return z, y


def _nll_at(z: np.ndarray, y: np.ndarray, t: float) -> float:
    return cal.nll(cal.apply_temperature(z, t), y)


@settings(max_examples=200, deadline=None)
@given(logits_and_labels())
def test_fitted_temperature_never_increases_nll(case: tuple[np.ndarray, np.ndarray]) -> None:
    z, y = case
    try:
        fit = cal.fit_temperature(z, y)
    except ValueError as exc:
        # the NLL has no minimiser at a finite T > 0: check the reason the message gives
        zz = z if z.ndim == 2 else np.stack([np.zeros_like(z), z], axis=1)
        label_logit = zz[np.arange(len(y)), y]
        if "T → 0" in str(exc):
            assert (label_logit == zz.max(axis=1)).all()  # every row right
        elif "within floating point" in str(exc):  # T* underflows or overflows
            assert (label_logit < zz.max(axis=1)).any()
        else:
            assert "T → ∞" in str(exc)
            # L'(0), the mean gap z_c − z_y, is ≥ 0 (up to its rounding: ties sit at 0)
            gaps = zz - label_logit[:, None]
            assert gaps.mean() >= -1e-15 * np.abs(gaps).max()
        return
    assert fit.nll_before == pytest.approx(cal.nll(z, y), rel=1e-15)
    assert fit.nll_after <= fit.nll_before + 1e-12
    # a minimum: T a little larger or smaller does no better
    for t in (fit.temperature * 0.99, fit.temperature * 1.01):
        assert _nll_at(z, y, t) >= fit.nll_after - 1e-12


# most random cases have no finite optimal T (every row right, or no signal): filtering them
# out is the point, so the filter health check would fail this test at random
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(logits_and_labels(), st.floats(0.05, 20.0))
def test_scaling_the_logits_scales_the_temperature(
    case: tuple[np.ndarray, np.ndarray], k: float
) -> None:
    z, y = case
    # rows of equal logits have no temperature to scale (T = 1 whatever k), and gaps near
    # the smallest float would underflow when scaled
    zz = z if z.ndim == 2 else np.stack([np.zeros_like(z), z], axis=1)
    gaps = np.abs(zz - zz[np.arange(len(y)), y][:, None])
    assume(gaps.max() > 1e-3 and gaps[gaps > 0].min() > 1e-100)
    try:
        t = cal.fit_temperature(z, y).temperature
    except ValueError:
        assume(False)
    # far outside the logits' scale the optimum is ill-conditioned: L' is a difference of
    # terms of the logits' size that cancel to a few ulps near the root
    assume(1e-3 <= t <= 1e3)
    assert cal.fit_temperature(k * z, y).temperature == pytest.approx(k * t, rel=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(2, 5)), elements=st.floats(0, 1)),
    st.integers(1, 20),
    st.sampled_from(["uniform", "quantile"]),
    st.integers(0, 2**32 - 1),
)
def test_ece_lies_between_zero_and_mce(
    raw: np.ndarray, bins: int, strategy: str, seed: int
) -> None:
    raw[:, 0] += 1e-3
    p = raw / raw.sum(axis=1, keepdims=True)
    y = np.random.default_rng(seed).integers(0, p.shape[1], size=len(p))
    curve = cal.reliability_curve(p, y, bins, strategy)
    assert curve.count.sum() == len(p) and curve.n_bins == bins
    assert 0 <= curve.ece <= curve.mce + 1e-15 <= 1 + 1e-15


EXTREME = st.sampled_from([1e308, -1e308, 1.7e308, 1e300, -1e-300, 5e-324, 0.0, 1.0, -3.0])


@st.composite
def extreme_logits_and_labels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Logits near the largest float (their gaps and sums overflow), subnormal ones, all-equal
    rows and single rows: the inputs that made the fit search forever."""
    n = draw(st.integers(1, 6))
    c = draw(st.sampled_from([1, 2, 3]))
    shape = (n,) if c == 1 else (n, c)
    z = draw(arrays(np.float64, shape, elements=EXTREME | st.floats(-1e308, 1e308)))
    if draw(st.booleans()) and z.ndim == 2:
        z[:] = z[:, :1]  # every row's logits equal
    y = draw(arrays(np.int64, (n,), elements=st.integers(0, max(c, 2) - 1)))
    return z, y


# the counter is set up anew in every example (monkeypatch.context), so the fixture is safe
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=extreme_logits_and_labels())
def test_fit_on_extreme_logits_returns_or_refuses_within_a_bound(
    monkeypatch: pytest.MonkeyPatch, case: tuple[np.ndarray, np.ndarray]
) -> None:
    from xentlab._src import temperature as _temperature

    z, y = case
    calls = 0
    made = _temperature._derivatives

    def counted(d: np.ndarray) -> Callable[[float], tuple[float, float]]:
        derivatives = made(d)

        def count(beta: float) -> tuple[float, float]:
            nonlocal calls
            calls += 1
            assert calls <= bound, "the fit ran past its bound"
            return derivatives(beta)

        return count

    # the bracket on both sides of β = 1, then the bracketed search
    bound = 1 + 2 * _temperature.MAX_BRACKET_STEPS + _temperature.MAX_STEPS
    with monkeypatch.context() as m:
        m.setattr(_temperature, "_derivatives", counted)
        try:
            fit = cal.fit_temperature(z, y)
        except ValueError as exc:
            assert str(exc).startswith(("no temperature", "the temperature fit")), exc
            return
    assert 0 < fit.temperature < math.inf


def test_overflowing_gaps_are_refused_in_a_line() -> None:
    # the rows: z_c − z_y and their sum overflow; the mean gap is > 0 (T → ∞)
    z = np.array([[1e308, 1e308, 0], [1e308, 0, 0], [1e308, 0, 0]])
    with pytest.raises(ValueError, match="it falls as T → ∞"):
        cal.fit_temperature(z, np.array([2, 0, 1]))


def test_equal_logits_leave_the_temperature_at_one() -> None:
    fit = cal.fit_temperature(np.full((4, 3), 2.0), np.array([0, 1, 2, 0]))
    assert fit.temperature == 1.0 and fit.nll_after == fit.nll_before == pytest.approx(math.log(3))


# ---------------------------------------------------------------- pinned error messages

P3 = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
Z3 = np.array([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]])

ERRORS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "label out of range",
        lambda: cal.expected_calibration_error(P3, np.array([0, 7])),
        ValueError,
        "labels must hold class indices in [0, 3), got 7 at position 1",
    ),
    (
        "binary label out of range",
        lambda: cal.brier_score(np.array([0.2, 0.9, 0.4]), np.array([0, 1, 2])),
        ValueError,
        "labels must hold class indices in [0, 2), got 2 at position 2",
    ),
    (
        "float labels",
        lambda: cal.reliability_curve(P3, np.array([0.0, 1.0])),
        TypeError,
        "labels must be an integer array of class indices, got dtype float64",
    ),
    (
        "labels shape",
        lambda: cal.brier_score(P3, np.array([0, 1, 2])),
        ValueError,
        "labels must have shape (2,), one class index per row of probs (2, 3), got (3,)",
    ),
    (
        "rows not summing to 1",
        lambda: cal.reliability_curve(np.array([[0.7, 0.2, 0.1], [0.5, 0.3, 0.1]]), [0, 1]),
        ValueError,
        "probs must sum to 1 along each row (within 1e-06), got a sum of 0.9 at row 1",
    ),
    (
        "NaN probability",
        lambda: cal.brier_score(np.array([[0.7, np.nan], [0.5, 0.5]]), [0, 1]),
        ValueError,
        "probs must not contain NaN, got NaN at position (0, 1)",
    ),
    (
        "probability above 1",
        lambda: cal.expected_calibration_error(np.array([0.2, 1.5]), [0, 1]),
        ValueError,
        "probs must hold probabilities in [0, 1], got 1.5 at position 1",
    ),
    (
        "probs shape",
        lambda: cal.reliability_curve(np.ones((2, 1)), [0, 0]),
        ValueError,
        "probs must have shape (N, C) with C >= 2, or (N,) for class 1 of a binary problem, "
        "got (2, 1)",
    ),
    (
        "no rows",
        lambda: cal.nll(np.zeros((0, 3)), np.zeros(0, dtype=int)),
        ValueError,
        "logits must hold at least one row, got shape (0, 3)",
    ),
    (
        "NaN logit",
        lambda: cal.fit_temperature(np.array([[0.0, np.nan]]), [0]),
        ValueError,
        "logits must not contain NaN, got NaN at position (0, 1)",
    ),
    (
        "+inf logit",
        lambda: cal.nll(np.array([[0.0, np.inf]]), [0]),
        ValueError,
        "logits must be finite (or -inf to mask a class), got +inf at position (0, 1)",
    ),
    (
        "infinite logit of class 1",
        lambda: cal.nll(np.array([0.0, -np.inf]), [0, 1]),
        ValueError,
        "logits of class 1 must be finite, got -inf at position 1",
    ),
    (
        "-inf logit in a temperature fit",
        lambda: cal.fit_temperature(np.array([[2.0, 0.0], [0.0, -np.inf]]), [0, 0]),
        ValueError,
        "logits must be finite to fit a temperature, got -inf at position (1, 1)",
    ),
    (
        "every row right",
        lambda: cal.fit_temperature(Z3, [0, 1]),
        ValueError,
        "no temperature T > 0 minimises the NLL: it falls as T → 0 (every row is classified "
        "correctly)",
    ),
    (
        "labels' logits below the mean",
        lambda: cal.fit_temperature(Z3, [2, 0]),
        ValueError,
        "no temperature T > 0 minimises the NLL: it falls as T → ∞ (the labels' logits are on "
        "average no higher than their rows' mean logit)",
    ),
    (
        "bins",
        lambda: cal.reliability_curve(P3, [0, 1], n_bins=0),
        ValueError,
        "n_bins must be a whole number >= 1, got 0",
    ),
    (
        "bins type",
        lambda: cal.reliability_curve(P3, [0, 1], n_bins=2.5),  # type: ignore[arg-type]
        TypeError,
        "n_bins must be a whole number >= 1, got 2.5",
    ),
    (
        "strategy",
        lambda: cal.reliability_curve(P3, [0, 1], strategy="equal"),
        ValueError,
        "strategy must be one of 'uniform', 'quantile', got 'equal'",
    ),
    (
        "temperature",
        lambda: cal.apply_temperature(Z3, 0.0),
        ValueError,
        "temperature must be a positive finite number, got 0.0",
    ),
]


@pytest.mark.parametrize(
    ("what", "call", "kind", "message"), ERRORS, ids=[case[0] for case in ERRORS]
)
def test_error_messages_are_pinned(
    what: str, call: Callable[[], Any], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=f"^{re.escape(message)}$"):
        call()
