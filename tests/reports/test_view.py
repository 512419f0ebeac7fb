"""The "Your predictions" page's pure logic against the library, scikit-learn and by hand."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss

import xentlab as xl
from xentlab import calibration
from xentlab.reports.prediction_files import parse_array
from xentlab.reports.view import (
    MAX_CLASSES_SHOWN,
    MAX_PASTE_CHARS,
    Options,
    Predictions,
    compute,
    example,
    from_text,
    size_problem,
    uploaded,
)


def npy(arr: np.ndarray, allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=allow_pickle)
    return buffer.getvalue()


def random_logits(seed: int, n: int = 400, c: int = 4) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2.5, (n, c))
    y = np.array([rng.choice(c, p=p) for p in xl.softmax(z / 1.5, axis=1)])
    return z, y


def test_a_worked_case_by_hand() -> None:
    # rows right, right, wrong; top-label confidences 0.9, 0.7, 0.6, all in the bin (0.5, 1]
    p = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]])
    v = compute(Predictions("by hand", p, np.array([0, 1, 1])), Options(bins=2, fit=0))
    assert v.loss == pytest.approx(-(math.log(0.9) + math.log(0.7) + math.log(0.4)) / 3)
    assert v.accuracy == pytest.approx(2 / 3) and v.n_correct == 2 and v.n_wrong == 1
    assert v.perplexity == pytest.approx(math.exp(v.loss))
    # ECE = |2/3 − (0.9 + 0.7 + 0.6)/3| = 0.0667; one bin, so MCE the same
    assert v.before.ece == pytest.approx(abs(2 / 3 - 2.2 / 3))
    assert v.before.mce == pytest.approx(v.before.ece)
    # the bar of bin (0.5, 1] at accuracy 2/3, outlined along its edges; its dot at 0.7333
    assert v.before.bars == [[0.5, 0.0], [0.5, 0.666667], [1.0, 0.666667], [1.0, 0.0]]
    assert v.before.points == [[0.73333, 0.666667, 3, 1.0]]
    (w,) = v.wrong
    assert (w.row, w.label, w.predicted, w.confidence) == (2, 1, 0, 0.6)
    assert [r.name for r in v.classes] == ["0", "1"]
    assert v.classes[1].loss == pytest.approx(-(math.log(0.7) + math.log(0.4)) / 2)
    assert v.temperature is None and v.after is None and v.fit_problem is None


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("binning", ["uniform", "quantile"])
def test_numbers_match_scikit_learn_and_the_library(seed: int, binning: str) -> None:
    z, y = random_logits(seed)
    v = compute(Predictions("random", z, y), Options(bins=10, binning=binning))
    p = xl.softmax(z, axis=1)
    assert v.from_logits  # values outside [0, 1]: read as logits
    assert v.loss == pytest.approx(log_loss(y, p, labels=range(4)), rel=1e-12)
    assert v.accuracy == pytest.approx(accuracy_score(y, p.argmax(axis=1)))
    assert v.perplexity == pytest.approx(float(xl.info.perplexity_of_loss(v.loss)))
    curve = calibration.reliability_curve(p, y, 10, binning)
    assert v.before.ece == curve.ece and v.before.mce == curve.mce
    assert v.before.brier == pytest.approx(calibration.brier_score(p, y))
    # the dots are scikit-learn's curve of "top-label prediction is right" against confidence
    right = (p.argmax(axis=1) == y).astype(int)
    prob_true, prob_pred = calibration_curve(right, p.max(axis=1), n_bins=10, strategy=binning)
    assert np.allclose([pt[1] for pt in v.before.points], prob_true, atol=1e-6)
    assert np.allclose([pt[0] for pt in v.before.points], prob_pred, atol=1e-5)
    assert sum(pt[2] for pt in v.before.points) == len(y)
    fit = calibration.fit_temperature(z, y)
    assert v.temperature == fit.temperature
    assert v.after is not None
    assert v.after.nll == pytest.approx(fit.nll_after) and v.before.nll == fit.nll_before
    scaled = xl.softmax(calibration.apply_temperature(z, fit.temperature), axis=1)
    assert v.after.ece == calibration.reliability_curve(scaled, y, 10, binning).ece


def test_binary_predictions_are_one_column_of_class_1() -> None:
    rng = np.random.default_rng(3)
    p1 = rng.uniform(0.01, 0.99, 300)
    y = (rng.uniform(size=300) < p1).astype(int)
    v = compute(Predictions("binary", p1, y), Options(bins=5))
    assert v.binary and not v.from_logits and v.n_classes == 2
    assert v.loss == pytest.approx(log_loss(y, p1))
    assert v.before.brier == pytest.approx(brier_score_loss(y, p1))
    prob_true, _ = calibration_curve(y, p1, n_bins=5)
    assert np.allclose([pt[1] for pt in v.before.points], prob_true, atol=1e-6)


def test_the_kind_decides_how_values_are_read() -> None:
    z, y = random_logits(4)
    probs = xl.softmax(z, axis=1)
    assert not compute(Predictions("p", probs, y), Options()).from_logits
    as_logits = compute(Predictions("p", probs, y), Options(kind="logits"))
    assert as_logits.from_logits  # the same numbers as logits give another loss
    assert as_logits.loss == pytest.approx(float(xl.cross_entropy(probs, y)))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\] \(or logits with “read as"):
        compute(Predictions("z", z, y), Options(kind="probabilities"))


@pytest.mark.parametrize(
    ("values", "labels", "message"),
    [
        (
            np.array([[0.5, 0.5], [np.nan, 0.2]]),
            np.array([0, 1]),
            "predictions must not contain NaN, got NaN at row 1, column 0",
        ),
        (
            np.array([[0.5, 0.5], [0.8, 0.2]]),
            np.array([0, 2]),
            "labels must be class indices in [0, 2), got 2 at row 1",
        ),
        (
            np.array([[0.5, 0.4], [0.8, 0.2]]),
            np.array([0, 1]),
            "predictions must be probabilities whose rows sum to 1 (or logits with "
            "“read as: logits”), got a sum of 0.9 at row 0",
        ),
        (
            np.zeros((2, 2, 2)),
            np.array([0, 1]),
            "predictions must have shape (N) or (N, C), got (2, 2, 2)",
        ),
        (
            np.array([[0.5, 0.5], [0.8, 0.2]]),
            np.array([0, 1, 1]),
            "labels must have 2 rows like the predictions, got shape (3,)",
        ),
    ],
)
def test_bad_data_is_a_one_line_message(
    values: np.ndarray, labels: np.ndarray, message: str
) -> None:
    with pytest.raises(ValueError) as info:
        compute(Predictions("bad", values, labels), Options())
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_no_temperature_is_a_note_not_an_error() -> None:
    # every row right: the NLL keeps falling as T → 0
    z, y = np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([0, 1])
    v = compute(Predictions("all right", z, y), Options())
    assert v.temperature is None and v.after is None
    assert v.fit_problem is not None and "T → 0" in v.fit_problem
    assert v.before.ece == calibration.reliability_curve(xl.softmax(z, axis=1), y).ece


def test_many_classes_list_those_with_the_highest_loss() -> None:
    z, y = random_logits(5, n=2000, c=30)
    v = compute(Predictions("30 classes", z, y), Options(fit=0))
    assert v.classes_cut and len(v.classes) == MAX_CLASSES_SHOWN
    losses = [r.loss for r in v.classes]
    assert losses == sorted(losses, reverse=True)
    per_row = np.asarray(xl.cross_entropy(z, y, reduction="none"))
    worst = max(range(30), key=lambda c: per_row[y == c].mean())
    assert v.classes[0].name == str(worst)


def test_uploaded_bytes_and_pasted_text_give_the_same_view() -> None:
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]])
    y = np.array([0, 1, 0, 2])
    labels = "\n".join(map(str, y))
    files = uploaded(
        ("p.npy", parse_array("p.npy", npy(p))),
        ("y.csv", parse_array("y.csv", f"label\n{labels}\n".encode())),
    )
    pasted = from_text("\n".join(",".join(map(str, row)) for row in p), labels)
    a, b = compute(files, Options(bins=4)), compute(pasted, Options(bins=4))
    assert files.source == "p.npy and y.csv" and pasted.source == "the pasted text"
    assert (a.loss, a.before.ece, a.temperature) == (b.loss, b.before.ece, b.temperature)


def test_paste_and_size_limits() -> None:
    with pytest.raises(ValueError, match=f"more than the {MAX_PASTE_CHARS} a paste box takes"):
        from_text("0.5," * MAX_PASTE_CHARS, "0")
    with pytest.raises(ValueError, match=r"^pasted labels: the box is empty$"):
        from_text("0.5,0.5", "  ")
    with pytest.raises(ValueError, match=r"^pasted predictions\.csv: cannot read 'x'"):
        from_text("0.5,0.5\n0.5,x", "0\n1")
    assert size_problem("ok.npy", 20_000_000) is None
    assert size_problem("big.csv", 20_000_001) == (
        "big.csv: the file is 20.0 MB, more than the 20 MB limit"
    )


def test_options_read_from_a_link() -> None:
    options, bad = Options.from_query({"example": "mse", "eps": "0.1", "bins": "99"})
    assert (options.example, options.smoothing, options.bins) == ("mse", 0.1, 15)
    assert bad == ("bins",)
    assert Options().to_query() == {
        "example": "ce",
        "eps": "0",
        "kind": "auto",
        "bins": "15",
        "binning": "uniform",
        "fit": "1",
    }


@pytest.mark.slow  # trains the digits network three times: about 20 s
def test_the_bundled_example_shows_ce_overconfident_and_mse_underconfident() -> None:
    views = {}
    for key, options in {
        "ce": Options(),
        "mse": Options(example="mse"),
        "smooth": Options(smoothing=0.1),
    }.items():
        data = example(options)
        assert example(options) is data  # trained once
        views[key] = compute(data, options)
        p = xl.softmax(data.values, axis=1)
        assert views[key].before.ece == calibration.reliability_curve(p, data.labels).ece
        assert views[key].n_rows == 450 and views[key].class_names[:2] == ("0", "1")
    ce, mse, smooth = views["ce"], views["mse"], views["smooth"]
    # the numbers README.md states (15 equal-width bins, T fitted on the same 450 rows)
    assert ce.temperature is not None and round(ce.temperature, 3) == 1.267
    assert mse.temperature is not None and round(mse.temperature, 3) == 0.848
    assert smooth.temperature is not None and round(smooth.temperature, 3) == 0.586
    assert (round(ce.before.ece, 4), round(mse.before.ece, 4)) == (0.0137, 0.0248)
    assert smooth.after is not None and smooth.after.ece < smooth.before.ece
    assert "squared error" in mse.source and "label smoothing 0.1" in smooth.source
