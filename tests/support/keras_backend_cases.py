"""Keras' three losses against ``xentlab.conventions`` on the backend ``KERAS_BACKEND`` names,
run as a script in a process of its own (a process imports Keras with one backend only):
``KERAS_BACKEND=tensorflow python tests/support/keras_backend_cases.py``.

Every combination of: loss (binary, categorical, sparse), logits or probabilities, label
smoothing, labels of shape (N) or (N, 1), ``ignore_class``, sample weights (none, (N), (N, 1),
one number), every reduction, and a batch of one; in float32 on random inputs with extremes (a
logit gap of 30 reaches the 1e-7 clip, a probability of 1e-8 the sparse loss's backend rule).
Prints one line per disagreement and a last line with the count; exits 1 if any disagree.
tests/library/test_keras_losses.py runs it for each backend.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

#: float32, normwise: relative to the largest loss compared (as support.helpers.assert_close)
TOLERANCE = 2e-6


def inputs(n: int, seed: int) -> dict[str, Any]:
    import numpy as np

    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(n, 4)) * 4).astype(np.float32)
    z[0] = (0.0, 30.0, 0.0, 0.0)
    labels = rng.integers(0, 4, n)
    labels[0] = 0
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = (p / p.sum(axis=1, keepdims=True)).astype(np.float32)
    p[-1] = (1e-8, 0.03, 0.02, 0.95 - 1e-8)  # a class below the clip
    zb = (rng.normal(size=(n, 1)) * 6).astype(np.float32)
    zb[0] = 20.0
    return {
        "z": z,
        "p": p,
        "labels": labels,
        "onehot": np.eye(4, dtype=np.float32)[labels],
        "zb": zb,
        "pb": (1 / (1 + np.exp(-zb))).astype(np.float32),
        "yb": rng.integers(0, 2, (n, 1)).astype(np.float32),
        "w": rng.uniform(0.2, 3.0, n).astype(np.float32),
    }


def weights(x: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    yield "no weights", None
    yield "weights (N)", x["w"]
    yield "weights (N,1)", x["w"][:, None]
    yield "one weight", 2.5


def cases(backend: str) -> Iterator[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(name, xentlab's call, Keras' call) for every combination."""
    import keras

    from xentlab import conventions as cv

    reductions = ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", None]
    for n, r, logits in itertools.product((1, 5), reductions, (True, False)):
        x = inputs(n, seed=n)
        for (wname, w), eps in itertools.product(weights(x), (0.0, 0.1)):
            tag = f"n={n} {r} {'logits' if logits else 'probs'} {wname} ε={eps}"
            pb, pc = (x["zb"], x["z"]) if logits else (x["pb"], x["p"])
            bce = keras.losses.BinaryCrossentropy(logits, eps, reduction=r)
            yield (
                f"binary (N,1) {tag}",
                lambda pb=pb, w=w, r=r, logits=logits, eps=eps, x=x: cv.keras_binary_crossentropy(
                    x["yb"], pb, logits, eps, sample_weight=w, reduction=r
                ),
                lambda bce=bce, pb=pb, w=w, x=x: bce(x["yb"], pb, sample_weight=w),
            )
            cce = keras.losses.CategoricalCrossentropy(logits, eps, reduction=r)
            yield (
                f"categorical {tag}",
                lambda pc=pc, w=w, r=r, logits=logits, eps=eps, x=x: (
                    cv.keras_categorical_crossentropy(
                        x["onehot"], pc, logits, eps, sample_weight=w, reduction=r
                    )
                ),
                lambda cce=cce, pc=pc, w=w, x=x: cce(x["onehot"], pc, sample_weight=w),
            )
            if eps:
                continue  # the sparse loss has no smoothing
            for shape, ignore in itertools.product(("(N)", "(N,1)"), (None, 3)):
                labels = x["labels"] if shape == "(N)" else x["labels"][:, None]
                sparse = keras.losses.SparseCategoricalCrossentropy(
                    logits, ignore_class=ignore, reduction=r
                )
                yield (
                    f"sparse labels {shape} ignore {ignore} {tag}",
                    lambda pc=pc, w=w, r=r, logits=logits, labels=labels, ignore=ignore: (
                        cv.keras_sparse_categorical_crossentropy(
                            labels, pc, logits, ignore, w, r, backend=backend
                        )
                    ),
                    lambda sparse=sparse, pc=pc, w=w, labels=labels: sparse(
                        labels, pc, sample_weight=w
                    ),
                )


def main() -> int:
    import keras
    import numpy as np

    backend = keras.backend.backend()
    checked, wrong, refused = 0, 0, []
    for name, ours, theirs in cases(backend):
        try:
            ref = np.asarray(keras.ops.convert_to_numpy(theirs()))
        except RuntimeError as exc:  # Keras' own failure on this backend: nothing to compare
            refused.append(f"{name}: Keras raises {type(exc).__name__}: {exc}")
            continue
        got = np.asarray(ours())
        checked += 1
        scale = max(float(np.max(np.abs(ref), initial=0.0)), 1e-30)
        err = float(np.max(np.abs(got - ref), initial=0.0)) / scale if got.shape == ref.shape else 1
        if err > TOLERANCE:
            wrong += 1
            print(f"{name}: xentlab {got.shape} {got.ravel()[:4]},", end=" ")
            print(f"keras {ref.shape} {ref.ravel()[:4]}")
    for line in refused:
        print(line)
    print(f"{backend}: {checked - wrong} of {checked} cases agree; Keras raises in {len(refused)}")
    return 1 if wrong else 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.exit(main())
