"""The Matplotlib drawing of ECharts options: each feature the sections' charts use."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from xentlab.figures.draw import draw


def _value_axis(name: str = "", **more: object) -> dict[str, object]:
    return {"type": "value", "name": name, **more}


def test_lines_take_their_colour_dash_opacity_and_the_axis_bounds() -> None:
    (ax,) = draw(
        {
            "xAxis": _value_axis("x", min=0, max=2),
            "yAxis": _value_axis("y", min=0, max=5),
            "series": [
                {
                    "id": "a",
                    "name": "A",
                    "type": "line",
                    "data": [[0, 1], [2, 3]],
                    "color": "#112233",
                    "lineStyle": {"type": "dashed", "opacity": 0.3, "width": 4},
                }
            ],
        },
        Figure(),
    )
    (line,) = ax.get_lines()
    assert line.get_color() == "#112233"
    assert (line.get_linestyle(), line.get_alpha(), line.get_linewidth()) == ("--", 0.3, 4.0)
    assert ax.get_xlim() == (0, 2) and ax.get_ylim() == (0, 5)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")


def test_the_legend_lists_what_the_options_legend_lists_each_name_once() -> None:
    series = [
        {"id": "c", "name": "curve", "type": "line", "data": [[0, 0], [1, 1]]},
        {"id": "p", "name": "curve", "type": "scatter", "data": [[0.5, 0.5]]},
        {"id": "q", "name": "point", "type": "scatter", "data": [[0.2, 0.2]]},
    ]
    options = {"xAxis": _value_axis(), "yAxis": _value_axis(), "series": series}
    (ax,) = draw(options, Figure())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["curve", "point"]
    (ax,) = draw({**options, "legend": {"data": ["curve"]}}, Figure())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["curve"]


def test_bars_side_by_side_stacked_and_horizontal() -> None:
    categories = {"type": "category", "data": ["a", "b"]}
    (ax,) = draw(
        {
            "xAxis": categories,
            "yAxis": _value_axis(),
            "series": [
                {"id": "p", "type": "bar", "data": [0.25, 0.75]},
                {"id": "q", "type": "bar", "data": [{"value": 0.5}, 0.5]},
            ],
        },
        Figure(),
    )
    p, q = ax.patches[:2], ax.patches[2:]
    assert [b.get_height() for b in p] == [0.25, 0.75] and [b.get_height() for b in q] == [0.5, 0.5]
    assert p[0].get_x() + p[0].get_width() == pytest.approx(q[0].get_x())  # side by side
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    (ax,) = draw(
        {
            "xAxis": _value_axis(min=0),
            "yAxis": {"type": "category", "data": ["H"]},
            "series": [
                {"id": "h", "type": "bar", "stack": "s", "data": [1.5]},
                {"id": "kl", "type": "bar", "stack": "s", "data": [0.25]},
            ],
        },
        Figure(),
    )
    h, kl = ax.patches
    assert (h.get_width(), kl.get_x(), kl.get_width()) == (1.5, 1.5, 0.25)  # stacked along x


def test_two_grids_are_two_axes_top_to_bottom_with_their_series() -> None:
    top, bottom = draw(
        {
            "grid": [{"top": 40, "height": "60%"}, {"bottom": 10, "height": "20%"}],
            "xAxis": [_value_axis(gridIndex=0), _value_axis(gridIndex=1)],
            "yAxis": [_value_axis(gridIndex=0), {"type": "log", "gridIndex": 1}],
            "series": [
                {"id": "a", "type": "line", "data": [[0, 1], [1, 2]]},
                {"id": "b", "type": "line", "xAxisIndex": 1, "yAxisIndex": 1, "data": [[0, 10]]},
            ],
        },
        Figure(),
    )
    assert top.get_position().y0 > bottom.get_position().y0
    assert top.get_position().height > 2 * bottom.get_position().height
    assert bottom.get_yscale() == "log" and top.get_yscale() == "linear"
    assert bottom.get_lines()[0].get_ydata().tolist() == [10.0]


def test_a_heatmap_fills_the_value_axes_span_coloured_by_the_visual_map() -> None:
    cells = [[j, i, float(i * 2 + j)] for i in range(2) for j in range(2)]
    hidden = {"type": "category", "data": ["0", "1"], "show": False}
    (ax,) = draw(
        {
            "xAxis": [hidden, _value_axis("q", min=0.1, max=0.9)],
            "yAxis": [hidden, _value_axis("p", min=0.1, max=0.9)],
            "visualMap": {"min": 0, "max": 6, "inRange": {"color": ["#ffffff", "#000000"]}},
            "series": [
                {"id": "s", "type": "heatmap", "data": cells},
                {
                    "id": "pt",
                    "type": "scatter",
                    "xAxisIndex": 1,
                    "yAxisIndex": 1,
                    "data": [[0.3, 0.7]],
                },
            ],
        },
        Figure(),
    )
    (image,) = ax.images
    assert image.get_extent() == [0.1, 0.9, 0.1, 0.9]
    assert image.get_clim() == (0, 6)
    assert np.asarray(image.get_array()).tolist() == [[0.0, 1.0], [2.0, 3.0]]  # row = y index
    assert ax.get_lines()[0].get_xydata().tolist() == [[0.3, 0.7]]


def test_mark_lines_at_an_x_and_a_y_with_their_labels() -> None:
    (ax,) = draw(
        {
            "xAxis": _value_axis(),
            "yAxis": _value_axis(),
            "series": [
                {
                    "id": "a",
                    "type": "line",
                    "data": [[0, 0], [1, 1]],
                    "markLine": {
                        "data": [{"xAxis": 0.25}, {"yAxis": 0.5, "label": {"formatter": "floor"}}]
                    },
                }
            ],
        },
        Figure(),
    )
    _, vertical, horizontal = ax.get_lines()
    assert list(vertical.get_xdata()) == [0.25, 0.25]
    assert list(horizontal.get_ydata()) == [0.5, 0.5]
    assert [t.get_text() for t in ax.texts] == ["floor"]


def test_dashes_and_markers_tell_curves_and_points_apart() -> None:
    line = {"type": "line", "data": [[0, 1], [1, 2]]}
    (ax,) = draw(
        {
            "xAxis": _value_axis(),
            "yAxis": _value_axis(),
            "series": [
                {**line, "id": "a", "lineStyle": {"type": "dotted"}, "symbol": "triangle"},
                {**line, "id": "b", "lineStyle": {"type": "dashed"}, "showSymbol": False},
                {**line, "id": "c", "color": "#112233"},  # ECharts' default: a hollow circle
                {"id": "p", "type": "scatter", "data": [[0.5, 1.5]], "symbol": "diamond"},
                {"id": "q", "type": "scatter", "data": [[0.5, 1.0]], "symbol": "rect"},
                {"id": "r", "type": "scatter", "data": [[0.5, 0.5]]},  # a circle
            ],
        },
        Figure(),
    )
    a, b, c, p, q, r = ax.get_lines()
    assert (a.get_linestyle(), a.get_marker()) == (":", "^")
    assert (b.get_linestyle(), b.get_marker()) == ("--", "None")  # a long curve: no markers
    assert (c.get_linestyle(), c.get_marker(), c.get_markerfacecolor()) == ("-", "o", "white")
    assert c.get_markeredgecolor() == "#112233"
    assert [x.get_marker() for x in (p, q, r)] == ["D", "s", "o"]
    assert all(x.get_linestyle() == "None" for x in (p, q, r))


def test_a_bar_series_pattern_is_a_white_hatch() -> None:
    stripes = {"symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [2, 4], "rotation": 0.785}
    (ax,) = draw(
        {
            "xAxis": {"type": "category", "data": ["a"]},
            "yAxis": _value_axis(),
            "series": [
                {"id": "plain", "name": "plain", "type": "bar", "data": [1.0]},
                {
                    "id": "s",
                    "name": "s",
                    "type": "bar",
                    "data": [2.0],
                    "itemStyle": {"decal": stripes},
                },
                {
                    "id": "t",
                    "name": "t",
                    "type": "bar",
                    "data": [3.0],
                    "itemStyle": {"decal": {**stripes, "rotation": -0.785}},
                },
                {
                    "id": "d",
                    "name": "d",
                    "type": "bar",
                    "data": [4.0],
                    "itemStyle": {"decal": {"symbol": "circle", "symbolSize": 0.8}},
                },
            ],
        },
        Figure(),
    )
    assert [b.get_hatch() for b in ax.patches] == [None, "//", "\\\\", ".."]
    assert ax.patches[1].get_hatchcolor() == (1.0, 1.0, 1.0, 1.0)
    # the legend shows each series' pattern as well as its colour
    assert [h.get_hatch() for h in ax.get_legend().legend_handles] == [None, "//", "\\\\", ".."]
