"""What the lesson modules share: the ŷ slider's declaration and scalar plumbing."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from xentlab.course.params import Real, Whole

FloatArray = NDArray[np.float64]

#: every ŷ slider of the explorer: the design's [0.01, 0.99] in steps of 0.01
YHAT = Real(0.01, 0.99, 0.01)
#: a true label of a binary prediction
LABEL = Whole(0, 1)
#: ŷ values at which the curves are drawn: the slider's range, finely sampled
YHAT_GRID: FloatArray = np.linspace(YHAT.lo, YHAT.hi, 197).copy()  # owns its values
YHAT_GRID.setflags(write=False)

#: a prediction counts as "confident" when it gives its predicted class at least this probability
CONFIDENT = 0.8


def vec(*values: float) -> FloatArray:
    """The given numbers as a 1-D float64 array, the form the library takes."""
    return np.asarray(values, dtype=np.float64)


def item(x: object) -> float:
    """The single number held by a library result (a 0-d or one-element array)."""
    return float(np.asarray(x).item())
