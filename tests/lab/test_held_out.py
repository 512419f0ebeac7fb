"""The bundled calibration example: held-out logits of the digits model trained with each loss."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from xentlab import calibration as cal
from xentlab.lab import LabOptions, held_out_logits, held_out_predictions, load
from xentlab.lab.held_out import CALIBRATION_EXAMPLE


def test_the_example_is_cached_read_only_and_the_test_split() -> None:
    ce = held_out_predictions("ce")
    assert held_out_predictions("ce") is ce  # trained once per process
    ds = load("digits")
    assert ce.logits.shape == (450, 10) and np.array_equal(ce.labels, ds.y_test)
    assert not ce.logits.flags.writeable and not ce.labels.flags.writeable
    assert ce.options == CALIBRATION_EXAMPLE and ce.loss == "ce"
    # deterministic: a fresh run with the same options gives the same logits
    assert np.array_equal(held_out_logits(CALIBRATION_EXAMPLE, "ce"), ce.logits)


def test_a_binary_set_gives_one_column_of_class_1_logits() -> None:
    options = LabOptions(dataset="breast-cancer", model="logreg", epochs=2, init_scale=1.0)
    h = held_out_predictions("mse", options)
    assert h.logits.shape == (143,) and h.class_names == ("malignant", "benign")
    assert cal.fit_temperature(h.logits, h.labels).temperature > 0


def test_cross_entropy_is_overconfident_and_squared_error_underconfident() -> None:
    # what the example is for (the numbers are those of the README's note): both near 97 %
    # accurate, the CE model's NLL falls when its logits are cooled (T > 1), the MSE model's
    # when they are sharpened (T < 1)
    fits = {}
    for loss in ("ce", "mse"):
        h = held_out_predictions(loss)
        assert np.mean(h.logits.argmax(axis=1) == h.labels) > 0.96
        fits[loss] = cal.fit_temperature(h.logits, h.labels)
    assert fits["ce"].temperature == pytest.approx(1.2667, abs=1e-4)
    assert fits["mse"].temperature == pytest.approx(0.8481, abs=1e-4)
    assert all(f.nll_after < f.nll_before for f in fits.values())


def test_label_smoothing_makes_the_cross_entropy_model_underconfident() -> None:
    h = held_out_predictions("ce", replace(CALIBRATION_EXAMPLE, label_smoothing=0.1))
    assert cal.fit_temperature(h.logits, h.labels).temperature < 0.7


def test_an_unknown_loss_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^loss must be one of 'ce', 'mse', got 'hinge'$"):
        held_out_predictions("hinge")
