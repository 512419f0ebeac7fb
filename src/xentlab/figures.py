"""Static figures of the explorer's sections (PNG or SVG), drawn from the same lesson views.

Each ``draw_<section>`` takes the section's lesson ``View`` and an empty Matplotlib ``Figure``
and draws what the page's chart shows; :func:`write_all` renders every section at its default
inputs. Only the object-oriented Matplotlib API is used (no pyplot, no global state).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from xentlab import coding
from xentlab.content import load
from xentlab.lessons import (
    applications,
    bce,
    binary_vs_categorical,
    ce_vs_mse,
    entropy_kl,
    imbalance,
    landscape,
    likelihood,
    slow_mse,
    softmax_ce,
    stability,
    wrong_code,
)

__all__ = ["FORMATS", "SECTIONS", "render", "write_all"]

FORMATS = ("png", "svg")
BLUE, RED, GREEN, AMBER = "#2563eb", "#dc2626", "#059669", "#d97706"


def _curves(
    fig: Figure,
    x: Any,
    ys: list[tuple[Any, str, str]],
    xlabel: str,
    ylabel: str,
    ymax: float | None = None,
) -> Any:
    ax = fig.add_subplot()
    for y, label, color in ys:
        ax.plot(x, y, label=label, color=color, lw=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ymax is not None:
        ax.set_ylim(0, ymax)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    return ax


def draw_bce(v: bce.View, fig: Figure) -> None:
    ax = _curves(
        fig,
        v.curve_x,
        [(v.curve_if_1, "−ln ŷ  (y = 1)", BLUE), (v.curve_if_0, "−ln(1 − ŷ)  (y = 0)", RED)],
        "ŷ",
        "loss",
        5,
    )
    ax.plot([float(np.exp(-v.loss))], [v.loss], "o", color="black")


def draw_softmax_ce(v: softmax_ce.View, fig: Figure) -> None:
    ax = fig.add_subplot()
    k = np.arange(len(v.probs))
    ax.bar(k - 0.2, v.probs, 0.4, label="softmax ŷ", color=BLUE)
    ax.bar(k + 0.2, v.one_hot, 0.4, label="one-hot y", color="#94a3b8")
    ax.plot(k, v.grad, "o-", color=RED, label="∂L/∂z = ŷ − y")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(k, [f"class {i}" for i in k])
    ax.legend(frameon=False)


def draw_ce_vs_mse(v: ce_vs_mse.View, fig: Figure) -> None:
    _curves(
        fig,
        v.curve_x,
        [(v.ce_curve, "cross-entropy", BLUE), (v.mse_curve, "squared error", RED)],
        "ŷ (true label 1)",
        "loss",
        5,
    )


def draw_slow_mse(v: slow_mse.View, fig: Figure) -> None:
    _curves(
        fig,
        v.curve_x,
        [(v.ce_curve, "|∂CE/∂z|", BLUE), (v.mse_curve, "|∂MSE/∂z|", RED)],
        "ŷ (true label 1)",
        "gradient at the logit",
        1.05,
    )


def draw_likelihood(v: likelihood.View, fig: Figure) -> None:
    _curves(
        fig,
        v.curve_x,
        [(v.likelihood_curve, "likelihood", GREEN), (v.loss_curve, "−log-likelihood = loss", BLUE)],
        "ŷ",
        "value",
        5,
    )


def draw_binary_vs_categorical(v: binary_vs_categorical.View, fig: Figure) -> None:
    _curves(
        fig,
        v.curve_x,
        [
            (v.bce_curve, "sigmoid + BCE = 2-class softmax + CE", BLUE),
            (v.ce_k_curve, "K-class softmax + CE", AMBER),
        ],
        "logit z",
        "loss",
    )


def draw_entropy_kl(v: entropy_kl.View, fig: Figure) -> None:
    ax, bar = fig.subplots(1, 2, width_ratios=[2, 1])
    k = np.arange(len(v.p))
    ax.bar(k - 0.2, v.p, 0.4, label="P", color=BLUE)
    ax.bar(k + 0.2, v.q, 0.4, label="Q", color=RED)
    ax.set_xticks(k, [str(i + 1) for i in k])
    ax.set_ylabel("probability")
    ax.legend(frameon=False)
    bar.bar([0], [v.entropy], color=BLUE, label="H(P)")
    bar.bar([0], [v.kl], bottom=[v.entropy], color=AMBER, label="D_KL(P‖Q)")
    bar.set_xticks([0], ["H(P, Q)"])
    bar.set_ylabel(v.unit)
    bar.legend(loc="lower center")


def draw_wrong_code(v: wrong_code.View, fig: Figure) -> None:
    ax = fig.add_subplot()
    k = np.arange(len(coding.ALPHABET))
    ax.bar(k - 0.2, v.source_probs, 0.4, label=v.cost.source, color=BLUE)
    ax.bar(k + 0.2, v.code_probs, 0.4, label=v.cost.code_language, color=RED)
    ax.set_xticks(k, list(coding.ALPHABET))
    ax.set_ylabel("letter probability")
    ax.set_title(
        f"{v.cost.source} with {v.cost.code_language}'s Huffman code: "
        f"{v.cost.wrong_length:.3f} vs {v.cost.own_length:.3f} bits/letter",
        fontsize=10,
    )
    ax.legend(frameon=False)


def draw_landscape(v: landscape.View, fig: Figure) -> None:
    curve_ax, heat_ax = fig.subplots(1, 2)
    curve_ax.plot(v.grid, v.entropy_curve, color=BLUE, lw=2)
    curve_ax.set_xlabel("p")
    curve_ax.set_ylabel("H(p), bits")
    curve_ax.set_title("Binary entropy", fontsize=10)
    curve_ax.grid(alpha=0.3)
    extent = (float(v.grid[0]), float(v.grid[-1]), float(v.grid[0]), float(v.grid[-1]))
    image = heat_ax.imshow(v.surface, origin="lower", extent=extent, cmap="viridis", vmax=7)
    heat_ax.plot(v.grid, v.grid, "w--", lw=1, label="q = p (minimum)")
    heat_ax.set_xlabel("model q")
    heat_ax.set_ylabel("true p")
    heat_ax.set_title("Cross-entropy H(p, q), bits", fontsize=10)
    heat_ax.legend(frameon=False, labelcolor="white", loc="upper center")
    fig.colorbar(image, ax=heat_ax)


def draw_stability(v: stability.View, fig: Figure) -> None:
    ax = _curves(
        fig,
        v.scales,
        [
            (v.curve_stable, "log-sum-exp softmax", BLUE),
            (v.curve_naive64, "naive e^z / Σe^z, float64", RED),
        ],
        "logit scale",
        "probability of class 0",
        1.05,
    )
    ax.set_xscale("log")
    ax.axvline(v.overflow64, color="black", lw=0.8, ls=":")


def draw_imbalance(v: imbalance.View, fig: Figure) -> None:
    _curves(
        fig,
        v.focal_x,
        [
            (v.focal_ce, "cross-entropy", BLUE),
            (v.focal_loss, "focal loss", RED),
            (v.modulating, "(1 − p_t)^γ", GREEN),
        ],
        "probability of the true class p_t",
        "loss",
        3,
    )


def draw_applications(v: applications.View, fig: Figure) -> None:
    ax = fig.add_subplot()
    k = np.arange(len(v.teacher_probs))
    ax.bar(k - 0.2, v.teacher_probs, 0.4, label="teacher", color=BLUE)
    ax.bar(k + 0.2, v.student_probs, 0.4, label="student", color=RED)
    ax.set_xticks(k, [f"class {i}" for i in k])
    ax.set_title(f"distillation loss T²·KL = {v.distillation_loss:.4f}", fontsize=10)
    ax.legend(frameon=False)


#: section key → (lesson module, drawing function)
SECTIONS: dict[str, tuple[Any, Callable[[Any, Figure], None]]] = {
    "bce": (bce, draw_bce),
    "softmax_ce": (softmax_ce, draw_softmax_ce),
    "ce_vs_mse": (ce_vs_mse, draw_ce_vs_mse),
    "slow_mse": (slow_mse, draw_slow_mse),
    "likelihood": (likelihood, draw_likelihood),
    "binary_vs_categorical": (binary_vs_categorical, draw_binary_vs_categorical),
    "entropy_kl": (entropy_kl, draw_entropy_kl),
    "wrong_code": (wrong_code, draw_wrong_code),
    "landscape": (landscape, draw_landscape),
    "stability": (stability, draw_stability),
    "imbalance": (imbalance, draw_imbalance),
    "applications": (applications, draw_applications),
}


def render(key: str, inputs: Any = None) -> Figure:
    """The figure of section ``key`` at ``inputs`` (the section's defaults when None)."""
    if key not in SECTIONS:
        raise ValueError(f"section must be one of {', '.join(SECTIONS)}, got {key!r}")
    module, draw = SECTIONS[key]
    view = module.compute(inputs if inputs is not None else module.Inputs())
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    content = load(key)
    fig.suptitle(f"{content['number']}. {content['title']}")
    draw(view, fig)
    return fig


def write_all(
    out_dir: Path, fmt: str = "png", progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Write one figure per section into ``out_dir`` as ``NN-slug.fmt``; returns the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for key in SECTIONS:
        content = load(key)
        path = out_dir / f"{content['number']:02d}-{content['slug']}.{fmt}"
        render(key).savefig(path, format=fmt, dpi=110)
        paths.append(path)
        if progress is not None:
            progress(str(path))
    return paths
