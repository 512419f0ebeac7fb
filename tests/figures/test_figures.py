"""Static figures: one per explorer section, from the lesson views, in PNG and SVG."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from xentlab import cli, figures
from xentlab.course.lessons import (
    applications,
    bce,
    binary_vs_categorical,
    entropy_kl,
    imbalance,
    landscape,
    likelihood,
    stability,
    wrong_code,
)
from xentlab.course.sections import SECTIONS, Section, section


@pytest.mark.parametrize("s", SECTIONS, ids=[s.key for s in SECTIONS])
def test_every_section_draws_its_own_figure(s: Section) -> None:
    fig = figures.render(s.key)
    # titled with its own number and title, and something drawn on every axis
    assert fig.get_suptitle() == f"{s.number}. {s.content()['title']}"
    assert fig.axes, s.figure
    for ax in fig.axes:
        drawn = ax.get_lines() + ax.patches + ax.collections + ax.images + ax.texts + ax.tables
        assert drawn, f"{s.key}: an empty axis ({ax.get_title()!r})"


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


@pytest.mark.parametrize(("yhat", "y"), [(0.3, 0), (0.85, 1)])
def test_likelihood_figure_draws_three_curves_and_their_points(yhat: float, y: int) -> None:
    view = likelihood.compute(likelihood.Inputs(yhat=yhat, y=y))
    chart = section("likelihood").content()["chart"]
    left, right = figures.render("likelihood", likelihood.Inputs(yhat=yhat, y=y)).axes
    loss, log_lik, loss_point, log_lik_point = left.get_lines()
    lik, lik_point = right.get_lines()
    assert (loss_point.get_xydata()[0].tolist(), log_lik_point.get_xydata()[0].tolist()) == (
        list(view.loss_point),
        list(view.log_likelihood_point),
    )
    assert lik_point.get_xydata()[0].tolist() == list(view.likelihood_point)
    np.testing.assert_array_equal(log_lik.get_ydata(), view.log_likelihood_curve)
    np.testing.assert_array_equal(lik.get_ydata(), view.likelihood_curve)
    np.testing.assert_array_equal(loss.get_ydata(), view.loss_curve)
    # the two axes share their zero line: [−5, 5] on the left, [−1, 1] on the right
    assert (left.get_ylim(), right.get_ylim()) == ((-5, 5), (-1, 1))
    legend = [t.get_text() for t in left.get_legend().get_texts()]
    assert legend == [chart["loss"], chart["log_likelihood"], chart["likelihood"]]
    assert (left.get_xlabel(), left.get_ylabel()) == (chart["x"], chart["y"])


@pytest.mark.parametrize(("k", "name"), [(2, "ce_k_same"), (3, "ce_k")])
def test_binary_figure_shows_both_curves_where_they_coincide(k: int, name: str) -> None:
    chart = section("binary_vs_categorical").content()["chart"]
    (ax,) = figures.render("binary_vs_categorical", binary_vs_categorical.Inputs(k=k)).axes
    band, dashed = ax.get_lines()[:2]
    # the binary curve is a broad pale band under the dashed K-class curve
    assert band.get_linewidth() > 2 * dashed.get_linewidth()
    assert band.get_alpha() is not None and band.get_alpha() < 1
    assert dashed.get_linestyle() == "--"
    assert dashed.get_label() == chart[name].format(k=k)


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
    # on the map, exactly at (q, p); the 50 cells, centred on 0.01, 0.03, …, 0.99, span [0, 1]
    _, marker = heat_ax.get_lines()
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (0.91, 0.11)
    (image,) = heat_ax.get_images()
    assert tuple(image.get_extent()) == (0.0, 1.0, 0.0, 1.0)
    at_point = figures.render("landscape", landscape.Inputs(p=0.3, q=0.7)).axes[1].get_lines()[1]
    assert (at_point.get_xdata()[0], at_point.get_ydata()[0]) == (0.7, 0.3)  # between two cells


def test_entropy_kl_figure_draws_an_infinite_kl_as_an_unbounded_bar() -> None:
    # Q = (1, 0) misses P's second outcome: KL is infinite, and its bar runs from H(P) = 1 bit
    # to the axis end (the next half unit above 2·H(P), 2.5 bits), hatched and marked ∞
    inputs = entropy_kl.Inputs(p=(1, 1), q=(1, 0))
    view = entropy_kl.compute(inputs)
    assert view.kl == math.inf
    _, stack = figures.render("entropy_kl", inputs).axes
    entropy, kl = stack.patches
    assert entropy.get_height() == pytest.approx(1.0)  # H(½, ½) = 1 bit
    assert (kl.get_y(), kl.get_height()) == (pytest.approx(1.0), pytest.approx(1.5))
    assert kl.get_hatch() == "//" and stack.get_ylim() == (0, 2.5)
    assert [t.get_text() for t in stack.texts] == ["∞"]
    # a finite KL is drawn as it is, without hatching or mark
    _, finite = figures.render("entropy_kl").axes
    default_kl = entropy_kl.compute(entropy_kl.Inputs()).kl
    assert finite.patches[1].get_height() == pytest.approx(default_kl)
    assert finite.patches[1].get_hatch() is None and len(finite.texts) == 0


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
    stable, naive, mark32, mark64, scale = ax.get_lines()
    np.testing.assert_array_equal(stable.get_ydata(), view.curve_stable)
    np.testing.assert_array_equal(naive.get_ydata(), view.curve_naive64)
    # where e^z overflows: float32 past ln(3.4e38) = 88.72, float64 past ln(1.8e308) = 709.78
    assert mark32.get_xdata()[0] == view.overflow32 == pytest.approx(88.72, abs=0.01)
    assert mark64.get_xdata()[0] == view.overflow64 == pytest.approx(709.78, abs=0.01)
    texts = [t.get_text() for t in ax.texts]
    assert texts == [chart["limit32"].format(x="88.72"), chart["limit64"].format(x="709.78")]
    assert scale.get_xdata()[0] == view.scale  # the current scale, 10^1 at the defaults
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale()) == (chart["x"], chart["y"], "log")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [chart["stable"], chart["naive"]]


def test_imbalance_figure_draws_the_views_focal_curves() -> None:
    chart = section("imbalance").content()["chart"]
    inputs = imbalance.Inputs(gamma=0.5, alpha=0.75, pt=0.4)
    view = imbalance.compute(inputs)
    ax, _ = figures.render("imbalance", inputs).axes
    *curves, ce_point, focal_point = ax.get_lines()
    expected = (view.focal_ce, view.focal_loss, view.modulating)
    for line, curve in zip(curves, expected, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), curve)
    # the focal loss read at the chosen p_t, on both curves
    drawn = [(line.get_xdata()[0], line.get_ydata()[0]) for line in (ce_point, focal_point)]
    assert drawn == list(view.pt_points)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (chart["focal_x"], chart["focal_y"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [chart["ce"], chart["focal"], chart["modulating"]]


def test_imbalance_figure_draws_the_smoothing_curves_and_floor() -> None:
    chart = section("imbalance").content()["chart"]
    view = imbalance.compute(imbalance.Inputs(smoothing=0.2))
    _, ax = figures.render("imbalance", imbalance.Inputs(smoothing=0.2)).axes
    plain, smoothed, best, floor = ax.get_lines()
    np.testing.assert_array_equal(plain.get_ydata(), view.smooth_plain)
    np.testing.assert_array_equal(smoothed.get_ydata(), view.smooth_loss)
    assert (best.get_xdata()[0], best.get_ydata()[0]) == view.smooth_best
    assert list(floor.get_ydata()) == [view.smoothing_floor] * 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    shown = chart["floor"].format(floor=f"{view.smoothing_floor:.4f}")
    assert legend == [chart["plain"], chart["smoothed"], shown]


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
