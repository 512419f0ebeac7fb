"""The Lab page's pure logic: options through the URL and the form, curves from the metrics."""

from __future__ import annotations

import pytest

from xentlab.lab import LabOptions, race, race_view
from xentlab.lab.training import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_HIDDEN_UNITS, MAX_SEED

QUICK_BINARY = LabOptions(dataset="breast-cancer", model="logreg", epochs=3, init_scale=1.0)


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
    assert race_view.from_query(options.to_query()) == (options, ())
    assert race_view.from_query(LabOptions().to_query()) == (LabOptions(), ())


def test_the_url_keys_are_kept() -> None:
    # links written before the declared parameters must still open the same run
    assert list(LabOptions().to_query()) == [
        "dataset", "model", "lr", "epochs", "batch", "init", "hidden", "ls", "cw", "gamma", "seed"
    ]  # fmt: skip
    assert LabOptions().to_query()["batch"] == "full" and LabOptions().to_query()["cw"] == "none"


@pytest.mark.parametrize("raw", ["full", "0", ""])
def test_a_full_batch_is_written_full_and_read_from_its_old_spellings(raw: str) -> None:
    options, bad = race_view.from_query({"batch": raw, "seed": "4"})
    assert (options.batch_size, options.seed, bad) == (None, 4, ())


def test_bad_values_fall_back_to_the_defaults_and_are_named() -> None:
    query = {"lr": "abc", "epochs": "99999", "model": "transformer", "batch": "1.5", "seed": "2"}
    options, bad = race_view.from_query(query)
    assert sorted(bad) == ["batch", "epochs", "lr", "model"]
    assert options == LabOptions(seed=2)
    # focal γ is refused on the 10-class set, and only γ falls back: the dataset stays
    options, bad = race_view.from_query({"dataset": "digits", "gamma": "2"})
    assert bad == ("gamma",) and options == LabOptions()


@pytest.mark.parametrize(
    ("field", "largest"),
    [
        ("epochs", MAX_EPOCHS),
        ("hidden_units", MAX_HIDDEN_UNITS),
        ("batch_size", MAX_BATCH_SIZE),
        ("seed", MAX_SEED),
    ],
)
def test_every_size_has_one_declared_bound_for_link_form_and_options(
    field: str, largest: int
) -> None:
    key = LabOptions.param(field).key
    assert getattr(LabOptions(**{field: largest}), field) == largest
    assert race_view.from_query({key: str(largest)})[1] == ()
    rule = rf"^{field} must be .*a whole number in \[\d, {largest}\]"
    with pytest.raises(ValueError, match=rule):
        LabOptions(**{field: largest + 1})
    assert race_view.from_query({key: str(largest + 1)})[1] == (key,)
    assert race_view.from_query({key: "1" + "0" * 400})[1] == (key,)
    with pytest.raises(ValueError, match=rf"^{field} must be .*{largest}\]"):
        race_view.from_form({field: float(largest + 1)})


def test_the_form_is_read_by_the_same_declaration() -> None:
    form = {
        "dataset": "breast-cancer",
        "model": "logreg",
        "learning_rate": 0.1,
        "epochs": 30.0,  # a box may hold a whole number as a float
        "batch_size": 0,  # the box's 0 is the full batch (a box of whole numbers holds ints)
        "init_scale": 1.0,
        "hidden_units": 8.0,
        "label_smoothing": 0.05,
        "class_weights": "balanced",
        "focal_gamma": 2.0,
        "seed": 7.0,
    }
    assert race_view.from_form(form) == LabOptions(
        dataset="breast-cancer",
        model="logreg",
        learning_rate=0.1,
        epochs=30,
        batch_size=None,
        init_scale=1.0,
        hidden_units=8,
        label_smoothing=0.05,
        class_weights="balanced",
        focal_gamma=2.0,
        seed=7,
    )
    assert race_view.from_form({**form, "class_weights": "none"}).class_weights is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": -1}, "learning_rate must be a number > 0, got -1"),
        ({"learning_rate": None}, "learning_rate must be a number > 0, got None"),  # an empty box
        ({"hidden_units": 0.0}, "hidden_units must be a whole number in [1, 1024], got 0"),
        ({"epochs": 2.5}, "epochs must be a whole number in [1, 2000], got 2.5"),
        ({"epochs": 2001.0}, "epochs must be a whole number in [1, 2000], got 2001"),
    ],
)
def test_a_bad_form_names_the_field_and_its_rule(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as err:
        race_view.from_form(changes)
    assert str(err.value) == message


def test_curves_are_the_race_metrics() -> None:
    history = list(race(QUICK_BINARY))
    curves = race_view.curves(history)
    for name in ("test_accuracy", "train_loss", "output_grad"):
        ce, mse = getattr(curves, name)
        assert ce == [[r.epoch, round(getattr(r.ce, name), 6)] for r in history]
        assert mse == [[r.epoch, round(getattr(r.mse, name), 6)] for r in history]


@pytest.mark.parametrize("mark", race_view.MARKS)
def test_reached_is_the_first_epoch_at_the_mark(mark: float) -> None:
    history = list(race(QUICK_BINARY))
    first_ce = next((r.epoch for r in history if r.ce.test_accuracy >= mark), None)
    first_mse = next((r.epoch for r in history if r.mse.test_accuracy >= mark), None)
    assert race_view.reached(history, mark) == (first_ce, first_mse)
