"""The version of xentlab, written once: pyproject.toml and ``xentlab.__version__`` read it here."""

__version__ = "0.1.0"
