"""The Lab page's pure logic: options through the URL, and curves from the race's metrics."""

from __future__ import annotations

from xentlab.lab import LabOptions, race
from xentlab.lessons import lab_race


def test_options_round_trip_through_the_url() -> None:
    options = LabOptions(
        dataset="breast-cancer",
        model="logreg",
        learning_rate=0.1,
        epochs=30,
        batch_size=32,
        init_scale=1.0,
        label_smoothing=0.1,
        class_weights="balanced",
        focal_gamma=2.0,
        seed=3,
    )
    again, bad = lab_race.from_query(lab_race.to_query(options))
    assert again == options and bad == ()
    assert lab_race.from_query(lab_race.to_query(LabOptions())) == (LabOptions(), ())


def test_bad_values_fall_back_to_the_defaults_and_are_named() -> None:
    query = {"lr": "abc", "epochs": "99999", "model": "transformer", "batch": "1.5", "seed": "2"}
    options, bad = lab_race.from_query(query)
    assert sorted(bad) == ["batch", "epochs", "lr", "model"]
    assert options == LabOptions(seed=2)
    # focal γ is refused on the 10-class set: the dataset comes first in the query order
    options, bad = lab_race.from_query({"dataset": "digits", "gamma": "2"})
    assert bad == ("gamma",) and options.focal_gamma == 0.0


def test_curves_are_the_race_metrics() -> None:
    history = list(race(LabOptions(dataset="breast-cancer", model="logreg", epochs=3)))
    curves = lab_race.curves(history)
    ce, mse = curves.test_accuracy
    assert ce == [[r.epoch, round(r.ce.test_accuracy, 6)] for r in history]
    assert mse == [[r.epoch, round(r.mse.test_accuracy, 6)] for r in history]
    assert [p[0] for p in curves.output_grad[1]] == [1, 2, 3]
    first_ce = next((r.epoch for r in history if r.ce.test_accuracy >= 0.8), None)
    assert lab_race.reached(history, 0.8)[0] == first_ce
