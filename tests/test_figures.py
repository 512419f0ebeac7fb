"""Static figures: one per explorer section, from the lesson views, in PNG and SVG."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from xentlab import cli, figures
from xentlab.lessons import (
    applications,
    bce,
    entropy_kl,
    imbalance,
    landscape,
    stability,
    wrong_code,
)
from xentlab.sections import SECTIONS, section


def test_every_section_has_a_figure_in_reading_order() -> None:
    assert [s.number for s in SECTIONS] == list(range(1, len(SECTIONS) + 1))
    for s in SECTIONS:
        assert callable(s.draw()), s.figure


@pytest.mark.parametrize(("yhat", "y"), [(0.2, 0), (0.2, 1), (0.85, 0), (0.85, 1)])
def test_binary_point_sits_on_the_curve_of_the_true_label(yhat: float, y: int) -> None:
    view = bce.compute(bce.Inputs(yhat=yhat, y=y))
    (ax,) = figures.render("bce", bce.Inputs(yhat=yhat, y=y)).axes
    *curves, point = ax.get_lines()
    assert point.get_xdata()[0] == yhat  # not exp(−loss), which is ŷ only when y = 1
    assert point.get_ydata()[0] == view.loss
    on = curves[0] if y == 1 else curves[1]  # −ln ŷ for y = 1, −ln(1 − ŷ) for y = 0
    x, curve = on.get_xdata(), on.get_ydata()
    i = int(abs(x - yhat).argmin())
    assert curve[i] == pytest.approx(view.loss, rel=1e-9)


@pytest.mark.parametrize(
    ("key", "inputs", "points", "names"),
    [
        ("ce_vs_mse", {"yhat": 0.2, "y": 0}, ("ce_point", "mse_point"), ("ce", "mse")),
        ("slow_mse", {"yhat": 0.85, "y": 1}, ("ce_point", "mse_point"), ("ce", "mse")),
        (
            "likelihood",
            {"yhat": 0.3, "y": 0},
            ("likelihood_point", "loss_point"),
            ("likelihood", "loss"),
        ),
        (
            "binary_vs_categorical",
            {"z": -2.0, "y": 0, "k": 5},
            ("bce_point", "ce_k_point"),
            ("bce", "ce_k", "chance"),
        ),
    ],
)
def test_sections_3_to_6_draw_the_views_points_under_the_pages_labels(
    key: str, inputs: dict[str, float], points: tuple[str, str], names: tuple[str, ...]
) -> None:
    s = section(key)
    view = s.lesson.compute(s.lesson.Inputs(**inputs))
    (ax,) = figures.render(key, s.lesson.Inputs(**inputs)).axes
    drawn = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines()[-2:]]
    assert drawn == [getattr(view, p) for p in points]
    chart = s.content()["chart"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == (chart["x"], chart["y"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [chart[n].format(k=inputs.get("k")) for n in names]


def test_landscape_figure_has_the_entropy_curve_the_surface_and_the_point() -> None:
    chart = section("landscape").content()["chart"]
    curve_ax, heat_ax, _ = figures.render("landscape", landscape.Inputs(p=0.11, q=0.91)).axes
    assert curve_ax.get_title() == chart["curve_title"]
    assert heat_ax.get_title() == chart["heat_title"]
    assert len(heat_ax.get_images()) == 1  # the heat map of H(p, q)
    # the point on the curve: (p, H(p)) with H(0.11) = −(0.11 log2 0.11 + 0.89 log2 0.89)
    *_, point = curve_ax.get_lines()
    assert point.get_xdata()[0] == 0.11
    assert point.get_ydata()[0] == pytest.approx(-(0.11 * math.log2(0.11) + 0.89 * math.log2(0.89)))
    # on the map, in the cell of (q, p): the grid runs 0.01, 0.03, …, 0.99, so both are on it
    _, marker = heat_ax.get_lines()
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (0.91, 0.11)


def test_entropy_kl_figure_stacks_no_infinite_bar() -> None:
    # Q = (1, 0) misses P's second outcome: KL is infinite and the stacked bar shows H(P) alone
    inputs = entropy_kl.Inputs(p=(1, 1), q=(1, 0))
    assert entropy_kl.compute(inputs).kl == math.inf
    _, stack = figures.render("entropy_kl", inputs).axes
    entropy, kl = stack.patches
    assert entropy.get_height() == pytest.approx(1.0)  # H(½, ½) = 1 bit
    assert kl.get_height() == 0


def test_wrong_code_figure_title_names_both_codes() -> None:
    cost = wrong_code.compute(wrong_code.Inputs(source="German", code="Spanish")).cost
    (ax,) = figures.render("wrong_code", wrong_code.Inputs(source="German", code="Spanish")).axes
    expected = (
        f"German with Spanish's Huffman code: {cost.wrong_length:.3f} vs "
        f"{cost.own_length:.3f} bits/letter"
    )
    assert ax.get_title() == expected


def test_stability_figure_draws_the_views_curves_and_overflow_mark() -> None:
    chart = section("stability").content()["chart"]
    view = stability.compute(stability.Inputs())
    (ax,) = figures.render("stability").axes
    stable, naive, mark = ax.get_lines()
    np.testing.assert_array_equal(stable.get_ydata(), view.curve_stable)
    np.testing.assert_array_equal(naive.get_ydata(), view.curve_naive64)
    assert mark.get_xdata()[0] == view.overflow64  # where float64's e^z overflows
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale()) == (chart["x"], chart["y"], "log")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [chart["stable"], chart["naive"]]


def test_imbalance_figure_draws_the_views_focal_curves() -> None:
    chart = section("imbalance").content()["chart"]
    view = imbalance.compute(imbalance.Inputs(gamma=0.5, alpha=0.75))
    (ax,) = figures.render("imbalance", imbalance.Inputs(gamma=0.5, alpha=0.75)).axes
    expected = (view.focal_ce, view.focal_loss, view.modulating)
    for line, curve in zip(ax.get_lines(), expected, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), curve)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (chart["focal_x"], chart["focal_y"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [chart["ce"], chart["focal"], chart["modulating"]]


def test_applications_figure_draws_the_views_distributions() -> None:
    c = section("applications").content()
    view = applications.compute(applications.Inputs(temperature=4.0))
    (ax,) = figures.render("applications", applications.Inputs(temperature=4.0)).axes
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [*view.teacher_probs, *view.student_probs]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [c["labels"]["teacher"], c["labels"]["student"]]
    assert ax.get_title() == f"{c['labels']['distill']} = {view.distillation_loss:.4f}"


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
