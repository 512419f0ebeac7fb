"""Static figures of the explorer's sections (PNG or SVG): each section's charts, drawn from
the same description as its page and notebook widget.

:func:`render` draws a section's panel (:mod:`xentlab.course.charts.panel`) of a View: each of
its charts' ECharts options through :func:`xentlab.figures.draw.draw`, one below the other;
:func:`write_all` renders every section at its default inputs. Only the object-oriented
Matplotlib API is used (no pyplot, no global state).

Every word drawn comes from the section's content in the chosen language; a Chinese figure's
texts get a CJK font (see :mod:`xentlab.figures.fonts`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.text import Text

from xentlab.course.sections import SECTIONS, section
from xentlab.figures.draw import draw
from xentlab.figures.fonts import MissingFont, cjk_font, families

__all__ = ["FORMATS", "MissingFont", "cjk_font", "draw", "render", "write_all"]

FORMATS = ("png", "svg")
#: a chart's height on the page (pixels) → the figure's height (inches)
PIXELS_PER_INCH = 80


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
    charts = s.panel(view, lang).charts
    heights = [c.height for c in charts]
    fig = Figure(figsize=(9, max(3.0, sum(heights) / PIXELS_PER_INCH)), layout="constrained")
    fig.suptitle(f"{s.number}. {s.content(lang)['title']}")
    spec = fig.add_gridspec(len(charts), 1, height_ratios=heights)
    for i, chart in enumerate(charts):
        draw(chart.options, fig.add_subfigure(spec[i]) if len(charts) > 1 else fig)
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
