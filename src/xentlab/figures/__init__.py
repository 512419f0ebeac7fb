"""Static figures of the explorer's sections (PNG or SVG), drawn from the same lesson views.

Each ``draw_<section>`` takes the section's lesson ``View`` and an empty Matplotlib ``Figure``
and draws what the page's chart shows; :func:`write_all` renders every section at its default
inputs. Only the object-oriented Matplotlib API is used (no pyplot, no global state).

Every word drawn comes from the section's content in the chosen language; a Chinese figure's
texts get a CJK font (see :mod:`xentlab.figures.fonts`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.text import Text

from xentlab import coding
from xentlab.course.lessons import (
    applications,
    bce,
    binary_vs_categorical,
    ce_vs_mse,
    entropy_kl,
    frameworks,
    imbalance,
    landscape,
    likelihood,
    slow_mse,
    softmax_ce,
    stability,
    wrong_code,
)
from xentlab.course.sections import SECTIONS, section
from xentlab.course.theme import (
    AMBER,
    BLUE,
    FRAMEWORKS,
    GREEN,
    GREY,
    HEAT,
    HEAT_POINT,
    INK,
    RED,
    VIOLET,
)
from xentlab.figures.fonts import MissingFont, cjk_font, families

__all__ = ["FORMATS", "MissingFont", "cjk_font", "render", "write_all"]

FORMATS = ("png", "svg")

#: the content of a section (its chart labels under ``chart``), as the page reads it
Content = dict[str, Any]


def _curves(
    fig: Figure, chart: Content, x: Any, ys: list[tuple[Any, str, str]], ymax: float | None = None
) -> Any:
    """Curves over ``x``, each (values, label, colour), on axes labelled ``chart["x"]`` and
    ``chart["y"]`` (from 0 up to ``ymax`` if given); returns the axes."""
    ax = fig.add_subplot()
    for y, label, color in ys:
        ax.plot(x, y, label=label, color=color, lw=2)
    ax.set_xlabel(chart["x"])
    ax.set_ylabel(chart["y"])
    if ymax is not None:
        ax.set_ylim(0, ymax)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    return ax


def _bars(ax: Any, groups: list[tuple[Any, str, str]], ticks: list[str]) -> Any:
    """Grouped bars: at each tick one bar per group, each (heights, label, colour), side by side
    within 0.8 of the ticks' spacing; returns the ticks' positions."""
    k = np.arange(len(ticks))
    width = 0.8 / len(groups)
    for i, (heights, label, color) in enumerate(groups):
        ax.bar(k + (i - (len(groups) - 1) / 2) * width, heights, width, label=label, color=color)
    ax.set_xticks(k, ticks)
    return k


def draw_bce(v: bce.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    curves = [(v.curve_if_1, chart["if_1"], BLUE), (v.curve_if_0, chart["if_0"], RED)]
    ax = _curves(fig, chart, v.curve_x, curves, 5)
    x, y = v.point
    ax.plot([x], [y], "o", color=INK)


def draw_softmax_ce(v: softmax_ce.View, fig: Figure, c: Content) -> None:
    chart, labels = c["chart"], c["labels"]
    ax = fig.add_subplot()
    bars = [(v.probs, chart["probs"], BLUE), (v.one_hot, chart["target"], GREY)]
    k = _bars(ax, bars, [labels["class_name"].format(i=i) for i in range(len(v.probs))])
    ax.plot(k, v.grad, "o-", color=RED, label=chart["grad"])
    ax.axhline(0, color=INK, lw=0.8)
    ax.legend(frameon=False)


def _pair(v: ce_vs_mse.View | slow_mse.View, fig: Figure, c: Content, y_max: float) -> None:
    """Cross-entropy and squared error (their losses or their gradients) with the points."""
    chart = c["chart"]
    curves = [(v.ce_curve, chart["ce"], BLUE), (v.mse_curve, chart["mse"], RED)]
    ax = _curves(fig, chart, v.curve_x, curves, y_max)
    for (x, y), color in ((v.ce_point, BLUE), (v.mse_point, RED)):
        ax.plot([x], [y], "o", color=color)


def draw_ce_vs_mse(v: ce_vs_mse.View, fig: Figure, c: Content) -> None:
    _pair(v, fig, c, 5)


def draw_slow_mse(v: slow_mse.View, fig: Figure, c: Content) -> None:
    _pair(v, fig, c, 1.05)


def draw_likelihood(v: likelihood.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    # the loss and the log-likelihood, mirror images about 0, on the left axis; the likelihood
    # on a right axis in [0, 1] whose 0 sits on the same line, as on the page
    curves = [
        (v.loss_curve, chart["loss"], RED),
        (v.log_likelihood_curve, chart["log_likelihood"], VIOLET),
    ]
    ax = _curves(fig, chart, v.curve_x, curves)
    ax.set_ylim(-5, 5)
    right = ax.twinx()
    right.plot(v.curve_x, v.likelihood_curve, color=GREEN, lw=2, label=chart["likelihood"])
    right.set_ylim(-1, 1)
    right.set_yticks([0, 0.5, 1])
    right.set_ylabel(chart["likelihood"])
    for (x, y), color in ((v.loss_point, RED), (v.log_likelihood_point, VIOLET)):
        ax.plot([x], [y], "o", color=color)
    x, y = v.likelihood_point
    right.plot([x], [y], "o", color=GREEN)
    lines = ax.get_lines()[:2] + right.get_lines()[:1]
    ax.legend(lines, [line.get_label() for line in lines], frameon=False, loc="lower right")


def draw_binary_vs_categorical(v: binary_vs_categorical.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    k_name = chart["ce_k_same" if v.curves_coincide else "ce_k"].format(k=v.k)
    curves = [(v.bce_curve, chart["bce"], BLUE), (v.ce_k_curve, k_name, VIOLET)]
    ax = _curves(fig, chart, v.curve_x, curves)
    # a broad pale band under a dashed line: both stay visible where they coincide (K = 2)
    ax.lines[0].set(linewidth=6, alpha=0.45)
    ax.lines[1].set_linestyle("--")
    ax.axhline(v.chance_k, color=GREY, lw=0.8, ls="--", label=chart["chance"])
    for (x, y), color, size in ((v.bce_point, BLUE, 11), (v.ce_k_point, VIOLET, 6)):
        ax.plot([x], [y], "o", color=color, markersize=size)
    ax.legend(frameon=False)


def draw_entropy_kl(v: entropy_kl.View, fig: Figure, c: Content) -> None:
    chart, labels = c["chart"], c["labels"]
    ax, bar = fig.subplots(1, 2, width_ratios=[2, 1])
    _bars(
        ax,
        [(v.p, labels["p"], BLUE), (v.q, labels["q"], RED)],
        [str(i + 1) for i in range(len(v.p))],
    )
    ax.set_xlabel(chart["bars_x"])
    ax.set_ylabel(chart["bars_y"])
    ax.legend(frameon=False)
    bar.bar([0], [v.entropy], color=BLUE, label=chart["stack_entropy"])
    # an infinite KL runs to the axis end, striped and marked ∞
    hatch = "//" if v.kl_infinite else None
    bar.bar([0], [v.kl_bar], bottom=[v.entropy], color=AMBER, hatch=hatch, label=chart["stack_kl"])
    if v.kl_infinite:
        mark = {"fc": "white", "ec": "none", "pad": 1}
        bar.text(0, v.stack_top, labels["infinite"], ha="center", va="top", fontsize=20, bbox=mark)
    bar.set_ylim(0, v.stack_top)
    bar.set_xticks([0], [labels["cross_entropy"]])
    bar.set_ylabel(chart[f"stack_axis_{v.unit}"])
    bar.legend(loc="lower center")


def draw_wrong_code(v: wrong_code.View, fig: Figure, c: Content) -> None:
    chart, cost, names = c["chart"], v.cost, c["languages"]
    source, code = names[cost.source], names[cost.code_language]  # the library's keys, shown
    ax = fig.add_subplot()
    _bars(ax, [(v.source_probs, source, BLUE), (v.code_probs, code, RED)], list(coding.ALPHABET))
    ax.set_xlabel(chart["x"])
    ax.set_ylabel(chart["y"])
    title = chart["figure_title"].format(
        source=source, code=code, wrong=cost.wrong_length, own=cost.own_length
    )
    ax.set_title(title, fontsize=10)
    ax.legend(frameon=False)


def draw_landscape(v: landscape.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    curve_ax, heat_ax = fig.subplots(1, 2)
    curve_ax.plot(v.grid, v.entropy_curve, color=BLUE, lw=2)
    curve_ax.plot(*v.curve_point, "o", color=INK)
    curve_ax.set_xlabel(chart["curve_x"])
    curve_ax.set_ylabel(chart["curve_y"])
    curve_ax.set_title(chart["curve_title"], fontsize=10)
    curve_ax.grid(alpha=0.3)
    lo, hi = v.heat_extent  # the cells' outer edges: each cell centred on its grid value
    heat = LinearSegmentedColormap.from_list("heat", HEAT)
    image = heat_ax.imshow(
        v.surface, origin="lower", extent=(lo, hi, lo, hi), cmap=heat, vmin=0, vmax=v.surface_max
    )
    heat_ax.plot([lo, hi], [lo, hi], "w--", lw=1, label=chart["diagonal"])
    q, p = v.heat_point  # exactly at (q, p), as the page marks it
    heat_ax.plot([q], [p], "o", color=HEAT_POINT, mec="white")
    heat_ax.set_xlabel(chart["heat_x"])
    heat_ax.set_ylabel(chart["heat_y"])
    heat_ax.set_title(chart["heat_title"], fontsize=10)
    heat_ax.legend(frameon=False, labelcolor="white", loc="upper center")
    fig.colorbar(image, ax=heat_ax)


#: a limit's label: up its mark, to the left of it
LIMIT_TEXT: dict[str, Any] = {"rotation": 90, "ha": "right", "va": "center", "fontsize": 9}


def draw_stability(v: stability.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    curves = [(v.curve_stable, chart["stable"], BLUE), (v.curve_naive64, chart["naive"], RED)]
    ax = _curves(fig, chart, v.scales, curves, 1.05)
    ax.set_xscale("log")
    for x, key, color in ((v.overflow32, "limit32", AMBER), (v.overflow64, "limit64", RED)):
        ax.axvline(x, color=color, lw=1, ls="--")
        text = chart[key].format(x=f"{x:.2f}")
        where = {"xytext": (-3, 0), "textcoords": "offset points", "color": color}
        ax.annotate(text, (x, 0.5), **where, **LIMIT_TEXT)
    ax.axvline(v.scale, color=INK, lw=1)


def draw_imbalance(v: imbalance.View, fig: Figure, c: Content) -> None:
    chart = c["chart"]
    focal, smooth = fig.subplots(1, 2)
    for curve, label, color in (
        (v.focal_ce, chart["ce"], BLUE),
        (v.focal_loss, chart["focal"], RED),
        (v.modulating, chart["modulating"], GREEN),
    ):
        focal.plot(v.focal_x, curve, label=label, color=color, lw=2)
    for (x, y), color in zip(v.pt_points, (BLUE, RED), strict=True):  # the loss read at p_t
        focal.plot([x], [y], "o", color=color, mec="white")
    focal.set_xlabel(chart["focal_x"])
    focal.set_ylabel(chart["focal_y"])
    focal.set_ylim(0, 3)
    focal.grid(alpha=0.3)
    focal.legend(frameon=False)
    smooth.plot(v.smooth_x, v.smooth_plain, label=chart["plain"], color=BLUE, lw=2)
    smooth.plot(v.smooth_x, v.smooth_loss, label=chart["smoothed"], color=RED, lw=2)
    smooth.plot(*v.smooth_best, "o", color=RED, mec="white")
    floor = chart["floor"].format(floor=f"{v.smoothing_floor:.4f}")
    smooth.axhline(v.smoothing_floor, color=GREY, ls="--", lw=1, label=floor)
    smooth.set_xlabel(chart["smooth_x"])
    smooth.set_ylabel(chart["smooth_y"])
    smooth.set_ylim(0, 3)
    smooth.grid(alpha=0.3)
    smooth.legend(frameon=False)


def draw_applications(v: applications.View, fig: Figure, c: Content) -> None:
    chart, labels = c["chart"], c["labels"]
    ax = fig.add_subplot()
    bars = [(v.teacher_probs, labels["teacher"], BLUE), (v.student_probs, labels["student"], RED)]
    _bars(ax, bars, [chart["class_name"].format(i=i) for i in range(len(v.teacher_probs))])
    ax.set_ylabel(chart["y"])
    ax.set_title(f"{labels['distill']} = {v.distillation_loss:.4f}", fontsize=10)
    ax.legend(frameon=False)


def draw_frameworks(v: frameworks.View, fig: Figure, c: Content) -> None:
    chart, libs = c["chart"], c["libraries"]
    ax = fig.add_subplot()
    bars = [(v.per_example[lib], libs[lib], FRAMEWORKS[lib]) for lib in frameworks.LIBRARIES]
    _bars(ax, bars, [chart["example"].format(n=n + 1) for n in range(frameworks.EXAMPLES)])
    ax.set_xlabel(chart["x"])
    ax.set_ylabel(chart["y"])
    ax.set_title(chart["title"], fontsize=10)
    ax.legend(frameon=False)


def render(key: str, inputs: Any = None, lang: str = "en") -> Figure:
    """The figure of section ``key`` (key or slug) at ``inputs`` (its defaults when None),
    labelled in ``lang``.

    Raises:
        ValueError: for an unknown section or language.
        MissingFont: when ``lang`` needs a font that is not installed.
    """
    s = section(key)
    fonts = families(lang)
    view = s.lesson.compute(inputs if inputs is not None else s.lesson.Inputs())
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    content = s.content(lang)
    fig.suptitle(f"{s.number}. {content['title']}")
    s.draw()(view, fig, content)
    if fonts is not None:
        # this figure's texts only; tick labels made later copy the first tick's, set here
        for text in fig.findobj(Text):
            text.set_fontfamily(fonts)
    return fig


def write_all(
    out_dir: Path,
    fmt: str = "png",
    progress: Callable[[str], None] | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write one figure per section into ``out_dir`` as ``NN-slug.fmt``, labelled in ``lang``;
    returns the paths.

    Raises:
        ValueError: for an unknown format or language.
        MissingFont: when ``lang`` needs a font that is not installed (before writing anything).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    families(lang)  # before writing anything
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in SECTIONS:
        path = out_dir / f"{s.number:02d}-{s.slug}.{fmt}"
        render(s.key, lang=lang).savefig(path, format=fmt, dpi=110)
        paths.append(path)
        if progress is not None:
            progress(str(path))
    return paths
