"""The explorer's sections as pure functions: a frozen ``Inputs`` dataclass → a ``View``.

Each module holds one section: ``Inputs`` (validated; ``from_query`` reads a URL query and
falls back to the defaults, naming the keys it rejected; ``to_query`` writes it back),
``View`` (numbers, curve arrays, a verdict key) and ``compute(inputs) -> View``, which calls
the library for every number. No module here imports the UI.
"""

from xentlab.lessons import (
    applications,
    bce,
    binary_vs_categorical,
    ce_vs_mse,
    entropy_kl,
    imbalance,
    landscape,
    likelihood,
    slow_mse,
    softmax_ce,
    stability,
    wrong_code,
)

__all__ = [
    "applications",
    "bce",
    "binary_vs_categorical",
    "ce_vs_mse",
    "entropy_kl",
    "imbalance",
    "landscape",
    "likelihood",
    "slow_mse",
    "softmax_ce",
    "stability",
    "wrong_code",
]
