"""What the lesson tests share: the values a slider can take."""

import numpy as np


def slider_values(rng: np.random.Generator, n: int) -> list[float]:
    """``n`` values the ŷ slider can take (whole hundredths in [0.01, 0.99])."""
    return [round(int(k) / 100, 2) for k in rng.integers(1, 100, size=n)]
