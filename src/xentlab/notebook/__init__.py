"""xentlab in a notebook: each section of the explorer as a live widget, the Lab's race with
live curves, and each section's static figure.

In a cell, ``xn.section("binary", yhat=0.3, y=0)`` as the cell's last line shows the
section's controls, read-out and charts; from Python:

    >>> import math
    >>> import xentlab.notebook as xn
    >>> w = xn.section("binary", yhat=0.3, y=0)
    >>> seen = []
    >>> w.observe(lambda change: seen.append(change.new.loss), names="view")
    >>> w.set(yhat=0.4)
    >>> math.isclose(w.view.loss, -math.log(1 - 0.4)), seen == [w.view.loss]
    (True, True)

``xn.lab(dataset="breast-cancer", epochs=30)`` runs the Lab's race with live curves and returns
its metrics; ``xn.figure("softmax", logits=(2, 1, -1))`` the static figure, for notebooks
exported to PDF or HTML.

The controls come from each lesson's declared inputs, and every number is computed in the
kernel by the same lesson the web page uses; the browser only draws (ECharts, vendored in the
package: nothing is fetched from a CDN). It needs the "notebook" extra
(``pip install "xentlab[notebook]"``); without it, importing this module says so in one line.
"""

from __future__ import annotations

import io
from typing import Any

from xentlab._src.extras import require

require("notebook", "xentlab.notebook")

from matplotlib.figure import Figure  # noqa: E402

from xentlab.course.sections import SECTIONS  # noqa: E402
from xentlab.course.sections import section as _section  # noqa: E402
from xentlab.lab import LabOptions, RaceEpoch  # noqa: E402
from xentlab.notebook import _controls  # noqa: E402
from xentlab.notebook._widget import LabWidget, SectionWidget  # noqa: E402

__all__ = ["SECTIONS", "LabWidget", "SectionWidget", "figure", "lab", "section"]

#: the resolution of a figure shown as a cell's value (a notebook's cell is ~900 px wide)
FIGURE_DPI = 80


def section(name: str, *, lang: str = "en", **inputs: Any) -> SectionWidget:
    """The widget of section ``name`` (its key or slug: ``"bce"`` or ``"binary"``), with the
    inputs named in ``inputs`` and the defaults for the rest; shown when it is the value of a
    cell (or with ``display(w)``).

    Raises:
        ValueError: for an unknown section or input, or a value its declaration refuses (in
            the words of the web page's checks).
    """
    s = _section(name)
    return SectionWidget(s, _controls.replace(s.lesson.Inputs(), **inputs), lang)


def lab(*, lang: str = "en", show: bool = True, **options: Any) -> list[RaceEpoch]:
    """Race cross-entropy against squared error with the Lab's ``options`` (the fields of
    :class:`xentlab.lab.LabOptions`: ``dataset``, ``model``, ``learning_rate``, ``epochs``,
    …), drawing the curves live in the cell's output (unless ``show`` is False); returns
    every epoch's metrics, one :class:`xentlab.lab.RaceEpoch` per epoch.

    Interrupting the kernel stops the race after the current epoch and returns the epochs so
    far.

    Raises:
        ValueError: for an option its declaration refuses (the Lab page's message).
    """
    chosen = _controls.replace(LabOptions(), **options)
    widget = LabWidget(chosen, lang)
    if show:
        from IPython.display import display

        display(widget)
    return widget.run()


def figure(name: str, *, lang: str = "en", **inputs: Any) -> Figure:
    """The static Matplotlib figure of section ``name`` at ``inputs`` (the defaults for the
    rest): the same View the widget shows, for notebooks exported to PDF or HTML."""
    from xentlab.figures import render

    s = _section(name)
    fig = render(s.key, _controls.replace(s.lesson.Inputs(), **inputs), lang)
    # shown as a PNG when it is a cell's value, with or without pyplot's inline backend
    setattr(fig, "_repr_png_", lambda: _png(fig))  # noqa: B010
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return buffer.getvalue()
