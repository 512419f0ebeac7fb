"""Static figures: one per explorer section, its panel's charts drawn from the same options as
the page, in PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from xentlab import cli, figures
from xentlab.course.sections import SECTIONS, Section


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_every_section_draws_its_own_figure(s: Section) -> None:
    fig = figures.render(s.key)
    # titled with its own number and title, and something drawn on every axis
    assert fig.get_suptitle() == f"{s.number}. {s.content()['title']}"
    assert fig.axes, s.key
    for ax in fig.axes:
        drawn = ax.get_lines() + ax.patches + ax.collections + ax.images + ax.texts + ax.tables
        assert drawn, f"{s.key}: an empty axis ({ax.get_title()!r})"


def _drawn_lines(fig: Figure) -> list[np.ndarray]:
    return [
        np.asarray(line.get_xydata(), dtype=float) for ax in fig.axes for line in ax.get_lines()
    ]


def _points(data: list[list[float | None]]) -> np.ndarray:
    """A series' points as the figure draws them: a gap (None, JSON null) as NaN."""
    return np.array([[np.nan if v is None else v for v in d] for d in data], dtype=float)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_every_chart_of_the_panel_is_drawn_with_its_points_and_names(s: Section, lang: str) -> None:
    """The figure draws the panel's charts (the page's description): every line and scatter
    series with its points, every bar series with its heights, the axis names."""
    view = s.lesson.compute(s.lesson.Inputs())
    charts = s.panel(view, lang).charts
    fig = figures.render(s.key, lang=lang)
    lines = _drawn_lines(fig)
    sizes = {round(abs(v), 6) for ax in fig.axes for b in ax.patches for v in b.get_bbox().size}
    labels = {t for ax in fig.axes for t in (ax.get_xlabel(), ax.get_ylabel())}
    for chart in charts:
        for series in chart.options["series"]:
            data = series.get("data") or []
            if series["type"] in ("line", "scatter") and data and isinstance(data[0], list):
                points = _points(data)
                drawn = any(np.array_equal(points, line, equal_nan=True) for line in lines)
                assert drawn, (chart.key, series["id"])
            elif series["type"] == "bar":
                for d in data:
                    value = d["value"] if isinstance(d, dict) else d
                    if isinstance(value, int | float) and value:
                        assert round(abs(value), 6) in sizes, (chart.key, series["id"], value)
        axes = [chart.options.get("xAxis"), chart.options.get("yAxis")]
        for axis in [a for group in axes for a in (group if isinstance(group, list) else [group])]:
            if axis and axis.get("name") and axis.get("show", True):
                assert axis["name"] in labels, (chart.key, axis["name"])


def test_cli_writes_every_figure_and_names_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "png"]) == 0
    expected = [tmp_path / f"{s.number:02d}-{s.slug}.png" for s in SECTIONS]
    assert capsys.readouterr().out == "".join(f"wrote {p}\n" for p in expected)
    for path in expected:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_format(tmp_path: Path) -> None:
    (path,) = [p for p in figures.write_all(tmp_path, "svg") if p.name.startswith("07-")]
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_unknown_format_and_section_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^format must be one of png, svg, got 'gif'$"):
        figures.write_all(tmp_path, "gif")
    with pytest.raises(ValueError, match=r"^section must be one of bce, "):
        figures.render("nope")


def test_unwritable_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["figures", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"xentlab figures: error: cannot write to {blocker / 'sub'}: ")
    assert err.count("\n") == 1
