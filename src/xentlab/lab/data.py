"""The lab's data: scikit-learn's bundled digits and breast-cancer sets, split and standardised.

Both sets ship inside scikit-learn (no download). The split is stratified with a fixed seed, and
the features are standardised with the training set's mean and standard deviation only, so the
test set never leaks into training.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["DATASETS", "SPLIT_SEED", "TEST_FRACTION", "Dataset", "load"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

DATASETS = ("digits", "breast-cancer")
TEST_FRACTION = 0.25
SPLIT_SEED = 0


@dataclass(frozen=True, eq=False)
class Dataset:
    """A standardised, stratified train/test split of one bundled set (arrays are read-only)."""

    name: str
    class_names: tuple[str, ...]
    x_train: FloatArray = field(repr=False)
    y_train: IndexArray = field(repr=False)
    x_test: FloatArray = field(repr=False)
    y_test: IndexArray = field(repr=False)

    @property
    def n_classes(self) -> int:
        """Number of classes C (2 for the binary set)."""
        return len(self.class_names)

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return int(self.x_train.shape[1])

    @property
    def binary(self) -> bool:
        """Whether the set has two classes (one sigmoid output rather than a softmax)."""
        return self.n_classes == 2


def _read_only(arr: NDArray[Any]) -> NDArray[Any]:
    arr.setflags(write=False)
    return arr


@lru_cache(maxsize=len(DATASETS))
def load(name: str) -> Dataset:
    r"""Load a bundled set: a fixed stratified split, features standardised with train statistics.

    .. math:: x' = (x - \mu_{train}) / \sigma_{train} \quad (\sigma = 0 \mapsto 1)

    Args:
        name: ``"digits"`` (1797 8×8 images, 10 classes) or ``"breast-cancer"`` (569 tumours,
            30 features, classes malignant / benign).

    Returns:
        The :class:`Dataset`; a 25 % test split, stratified, seed 0. Cached: the same object
        (with read-only arrays) is returned on every call.

    Example:
        >>> from xentlab.lab import data
        >>> ds = data.load("digits")
        >>> ds.x_train.shape, ds.x_test.shape, ds.n_classes
        ((1347, 64), (450, 64), 10)
    """
    from sklearn.datasets import load_breast_cancer, load_digits
    from sklearn.model_selection import train_test_split

    if name == "digits":
        bunch = load_digits()
        class_names = tuple(str(c) for c in bunch.target_names)
    elif name == "breast-cancer":
        bunch = load_breast_cancer()
        class_names = tuple(str(c) for c in bunch.target_names)
    else:
        known = ", ".join(repr(d) for d in DATASETS)
        raise ValueError(f"dataset must be one of {known}, got {name!r}")
    x = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_FRACTION, stratify=y, random_state=SPLIT_SEED
    )
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    # a feature constant on the training set (a border pixel of the digits) is only centred
    std = np.where(std > 0, std, 1.0)
    return Dataset(
        name=name,
        class_names=class_names,
        x_train=_read_only((x_train - mean) / std),
        y_train=_read_only(y_train),
        x_test=_read_only((x_test - mean) / std),
        y_test=_read_only(y_test),
    )
