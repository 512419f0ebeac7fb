"""Tolerance-checked comparison against a reference that records the largest error seen."""

from __future__ import annotations

from typing import Any

import numpy as np

# rtol of the issue: 1e-6 relative for float32, 1e-12 for float64 (normwise: relative to the
# largest magnitude in the expected array, so tiny entries are not held to impossible digits)
RTOL = {np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-12}

worst: dict[str, tuple[float, str]] = {}


def assert_close(ours: Any, ref: Any, dtype: Any, what: str = "") -> None:
    """Assert ours ≈ ref (same shape and dtype) and record the normwise relative error."""
    ours, ref = np.asarray(ours), np.asarray(ref)
    dt = np.dtype(dtype)
    assert ours.dtype == dt, f"{what}: dtype {ours.dtype}, expected {dt}"
    assert ours.shape == ref.shape, f"{what}: shape {ours.shape}, expected {ref.shape}"
    both_nan = np.isnan(ours) & np.isnan(ref)
    assert np.array_equal(np.isnan(ours), np.isnan(ref)), f"{what}: NaN pattern differs"
    same_inf = np.isinf(ref) & (ours == ref)
    assert np.array_equal(np.isinf(ours), np.isinf(ref)), f"{what}: inf pattern differs"
    mask = ~(both_nan | same_inf)
    if not mask.any():
        return
    a, b = ours[mask].astype(np.float64), ref[mask].astype(np.float64)
    scale = max(float(np.max(np.abs(b))), np.finfo(dt).tiny)
    err = float(np.max(np.abs(a - b))) / scale
    key = str(dt)
    if err > worst.get(key, (0.0, ""))[0]:
        worst[key] = (err, what)
    assert err <= RTOL[dt], f"{what}: normwise relative error {err:.3g} > {RTOL[dt]:g}"
