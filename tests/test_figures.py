"""Static figures: one per explorer section, from the lesson views, in PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import pytest

from xentlab import cli, figures
from xentlab.content import load


def test_every_section_has_a_figure_in_reading_order() -> None:
    numbers = [load(key)["number"] for key in figures.SECTIONS]
    assert numbers == list(range(1, 13))


def test_landscape_figure_has_the_entropy_curve_and_the_surface() -> None:
    fig = figures.render("landscape")
    titles = [ax.get_title() for ax in fig.axes]
    assert "Binary entropy" in titles and "Cross-entropy H(p, q), bits" in titles
    assert len(fig.axes[1].get_images()) == 1  # the heat map of H(p, q)


def test_cli_writes_every_figure_and_names_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["figures", "--out", str(tmp_path), "--format", "png"]) == 0
    expected = [
        tmp_path / f"{load(key)['number']:02d}-{load(key)['slug']}.png" for key in figures.SECTIONS
    ]
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
