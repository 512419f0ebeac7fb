"""The bundled sets: shapes, standardisation, the fixed stratified split, no download."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from xentlab.lab import data


# scikit-learn's sets: 1797 digits of 8×8 pixels in 10 classes, 569 tumours of 30 features in
# 2; a 25 % test split holds ⌈0.25·1797⌉ = 450 and ⌈0.25·569⌉ = 143 of them
@pytest.mark.parametrize(
    ("name", "n_train", "n_test", "n_features", "n_classes"),
    [("digits", 1797 - 450, 450, 8 * 8, 10), ("breast-cancer", 569 - 143, 143, 30, 2)],
)
def test_shapes_and_split(
    name: str, n_train: int, n_test: int, n_features: int, n_classes: int
) -> None:
    ds = data.load(name)
    assert ds.x_train.shape == (n_train, n_features)
    assert ds.x_test.shape == (n_test, n_features)
    assert ds.y_train.shape == (n_train,) and ds.y_test.shape == (n_test,)
    assert ds.x_train.dtype == np.float64 and ds.y_train.dtype == np.int64
    assert ds.n_classes == n_classes and ds.binary == (n_classes == 2)
    # stratified: each class's share differs by at most one example between the two parts
    train_share = np.bincount(ds.y_train) / n_train
    test_share = np.bincount(ds.y_test) / n_test
    assert np.abs(train_share - test_share).max() < 1.5 / n_test


@pytest.mark.parametrize("name", data.DATASETS)
def test_standardised_with_training_statistics(name: str) -> None:
    ds = data.load(name)
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0, atol=1e-12)
    std = ds.x_train.std(axis=0)
    # constant features (border pixels of the digits) stay 0 rather than becoming 0/0
    np.testing.assert_allclose(std[std > 0], 1, rtol=1e-12)
    assert np.isfinite(ds.x_test).all()
    assert not ds.x_train.flags.writeable


def test_loading_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the lab tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    data.load.cache_clear()
    for name in data.DATASETS:
        assert data.load(name).x_train.size > 0


def test_the_split_is_fixed() -> None:
    first = data.load("digits")
    data.load.cache_clear()
    again = data.load("digits")
    assert first is not again
    assert np.array_equal(first.x_train, again.x_train)
    assert np.array_equal(first.y_test, again.y_test)


def test_unknown_dataset_is_refused() -> None:
    with pytest.raises(ValueError) as err:
        data.load("iris")
    assert str(err.value) == "dataset must be one of 'digits', 'breast-cancer', got 'iris'"
