"""Section 9 lesson (the landscape): the point and the surface against SciPy, the slider snapping
and the heat map's cells."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from xentlab.course.lessons import (
    landscape,
)


def test_section9_point_and_surface_match_scipy() -> None:
    v = landscape.compute(landscape.Inputs(p=0.3, q=0.7))
    p, q = [0.3, 0.7], [0.7, 0.3]
    assert v.entropy == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12)
    assert v.kl == pytest.approx(scipy.stats.entropy(p, q, base=2), rel=1e-12)
    # −(0.3·log2 0.7 + 0.7·log2 0.3)
    assert v.cross_entropy == pytest.approx(-(0.3 * math.log2(0.7) + 0.7 * math.log2(0.3)))
    # the minimum of every row of the surface lies on the diagonal, where it equals H(p)
    assert np.array_equal(np.argmin(v.surface, axis=1), np.arange(len(v.grid)))
    np.testing.assert_allclose(np.diag(v.surface), v.entropy_curve, rtol=1e-12)


def test_section9_link_is_snapped_to_the_sliders() -> None:
    assert landscape.Inputs.from_query({"p": "0.123", "q": "0.5"}) == (
        landscape.Inputs(p=0.12, q=0.5),
        (),
    )


def test_section9_view_carries_the_drawn_points() -> None:
    v = landscape.compute(landscape.Inputs(p=0.11, q=0.91))
    # the map's point is (q, p) itself, across and up, placed on the value axes
    assert v.heat_point == (0.91, 0.11)
    assert v.curve_point == (0.11, v.entropy)
    # the colour scale's top: the highest point H(0.99, 0.01) = 6.58 bits, rounded up
    assert v.surface_max == math.ceil(-(0.99 * math.log2(0.01) + 0.01 * math.log2(0.99)))


def test_section9_heat_point_is_exactly_the_slider_values() -> None:
    for k in range(1, 100):
        p = round(k / 100, 2)
        q = round(1 - p, 2)
        assert landscape.compute(landscape.Inputs(p=p, q=q)).heat_point == (q, p)


def test_section9_cells_tile_the_value_axes() -> None:
    # 50 cells of width 0.02 centred on 0.01, 0.03, …, 0.99: their edges run 0, 0.02, …, 1, so
    # on value axes over [0, 1] cell i's centre sits at GRID[i] and a point lands where it is
    v = landscape.compute(landscape.Inputs())
    assert v.heat_extent == (0.0, 1.0)
    lo, hi = v.heat_extent
    centres = lo + (np.arange(len(v.grid)) + 0.5) * (hi - lo) / len(v.grid)
    np.testing.assert_allclose(v.grid, centres, atol=1e-12)
    np.testing.assert_allclose(v.grid, np.arange(0.01, 1, 0.02), atol=1e-12)
