"""Which optional packages each use of xentlab needs, and the one-line message when one is missing.

``pip install xentlab`` installs NumPy only: the library. The explorer, the lab, the fast
kernels and the notebook widgets each come with an extra (see
``[project.optional-dependencies]`` in pyproject.toml, which names the distributions; here
are the modules they provide).
"""

from __future__ import annotations

from importlib.util import find_spec

from xentlab._src.messages import Phrase

__all__ = ["EXTRAS", "MissingExtra", "missing", "require"]

#: extra → the modules it installs (scikit-learn installs ``sklearn``)
EXTRAS = {
    "app": ("nicegui", "latex2mathml", "httptools", "segno"),
    "lab": ("sklearn", "matplotlib", "rich"),
    "fast": ("numba",),
    "notebook": ("anywidget", "sklearn", "matplotlib"),
    "class": ("redis",),
}


class MissingExtra(ImportError):
    """A use of xentlab whose extra is not installed; the message says what to install."""


def missing(extra: str) -> tuple[str, ...]:
    """The modules of ``extra`` that cannot be imported (found without importing them)."""
    return tuple(name for name in EXTRAS[extra] if not _found(name))


def _found(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):  # a finder that refuses the name; a module without spec
        return False


def require(extra: str, what: str) -> None:
    """Raise :class:`MissingExtra` (saying that ``what`` needs it) unless ``extra`` is installed;
    its message is a :class:`~xentlab._src.messages.Phrase` (``what`` may be one too)."""
    if missing(extra):
        raise MissingExtra(Phrase("missing_extra", what=what, extra=extra))
