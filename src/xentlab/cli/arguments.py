"""What the command line's flags accept: a port, a worker count, a value declared by a
:class:`~xentlab.course.params.Spec`, a folder to write to. Each refusal is argparse's one line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xentlab.course.params import Spec

__all__ = ["port", "typed", "unwritable_folder", "workers"]


def port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"expected a port in 1..65535, got {port}")
    return port


def workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}") from None
    if workers < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 process, got {workers}")
    return workers


def typed(spec: Spec) -> Callable[[str], Any]:
    """An argparse ``type=`` that reads a value by ``spec``, so a bad value is refused with the
    rule the spec declares (the same rule a link to the explorer is checked against)."""

    def parse(text: str) -> Any:
        try:
            return spec.parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {spec.expects}, got {text!r}") from None

    return parse


def unwritable_folder(path: Path) -> str | None:
    """Why ``path`` cannot be used as an output folder (created if missing), or None."""
    if path.exists() and not path.is_dir():
        return "it is a file, not a folder"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return str(exc.strerror or exc)
    if not os.access(path, os.W_OK):
        return "the folder is not writable"
    return None
