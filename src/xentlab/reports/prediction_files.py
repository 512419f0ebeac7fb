"""Prediction and label files that may come from anyone: ``.npy`` without pickle, or CSV.

:func:`parse_array` reads bytes already in memory (an upload, never written to disk) and
:func:`read_array` a file on disk, the same way. A file is refused with a one-line
:class:`~xentlab._src.messages.Problem` (a ``ValueError``; its message can be shown in any
language) that names it and the problem: larger than :data:`MAX_FILE_BYTES`, neither
``.npy`` nor ``.csv``, a ``.npy`` that needs pickle or whose header promises a different
amount of data than follows it (checked before any array is allocated), a CSV value that is
not a number, a ragged CSV, or an array that does not hold numbers.
"""

from __future__ import annotations

import io
import math
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np
from numpy.lib import format as npy
from numpy.typing import NDArray

from xentlab._src.messages import Phrase, Problem

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_SIZE", "parse_array", "read_array"]

MAX_FILE_BYTES = 20_000_000
MAX_FILE_SIZE = "20 MB"  # MAX_FILE_BYTES as the help texts state it

SUFFIXES = (".npy", ".csv")


def _check_size(name: str, n_bytes: int) -> None:
    if n_bytes > MAX_FILE_BYTES:
        raise Problem("file_too_big", name=name, megabytes=n_bytes / 1e6, limit=MAX_FILE_SIZE)


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parse_csv(name: str, text: str) -> NDArray[np.float64]:
    rows: list[list[float]] = []
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    header = ""
    for k, (lineno, line) in enumerate(lines):
        fields = [f.strip() for f in line.split(",")]
        try:
            rows.append([float(f) for f in fields])
        except ValueError:
            if k == 0:
                header = line.strip()
                continue  # a header line
            bad = next(f for f in fields if not _is_float(f))
            hint: str = ""
            if ";" in bad or "\t" in bad:
                hint = Phrase("hint_commas")
            elif len(fields) == 1 and header and bad.replace(" ", "").isalpha():
                # one column of words: class names ('dog'), the first taken for a header
                hint = Phrase("hint_names", header=header[:40])
            raise Problem("csv_not_number", name=name, bad=bad, line=lineno, hint=hint) from None
        if len(rows[-1]) != len(rows[0]):
            count, expected = len(rows[-1]), len(rows[0])
            raise Problem("csv_ragged", name=name, line=lineno, count=count, expected=expected)
    if not rows:
        raise Problem("no_numbers", name=name)
    arr = np.array(rows, dtype=np.float64)
    return arr[:, 0] if arr.shape[1] == 1 else arr


def _parse_npy(name: str, data: bytes) -> NDArray[Any]:
    """The array of a ``.npy`` file, refusing pickles and headers that lie about the size."""
    buffer = io.BytesIO(data)
    try:
        version = npy.read_magic(buffer)
        if version == (1, 0):
            shape, _, dtype = npy.read_array_header_1_0(buffer)
        elif version in ((2, 0), (3, 0)):
            shape, _, dtype = npy.read_array_header_2_0(buffer)
        else:
            raise ValueError(f"unknown .npy version {version}")
    except (ValueError, SyntaxError, TypeError, EOFError):
        raise Problem("npy_not_numeric", name=name) from None
    if dtype.hasobject:
        raise Problem("npy_objects", name=name)
    # exact in Python's integers: a header may promise (10**200, 10**200)
    expected = math.prod(shape) * dtype.itemsize
    if expected > MAX_FILE_BYTES:
        raise Problem("npy_header_too_big", name=name, limit=MAX_FILE_SIZE)
    held = len(data) - buffer.tell()
    if expected != held:
        size = {"shape": shape, "dtype": dtype, "expected": expected, "held": held}
        raise Problem("npy_size", name=name, **size)
    buffer.seek(0)
    try:
        return np.asarray(np.load(buffer, allow_pickle=False))
    except (ValueError, EOFError, OverflowError, MemoryError):  # (0, 10**200): too many dims
        raise Problem("npy_not_numeric", name=name) from None


def parse_array(name: str, data: bytes) -> NDArray[Any]:
    """Read a numeric array from the bytes of a ``.npy`` or comma-separated ``.csv`` file.

    A CSV may start with one header line (and a UTF-8 byte-order mark); a single column
    becomes a 1-D array.

    Args:
        name: the file's name: its suffix says how to read it, and errors start with it.
        data: the file's contents, at most :data:`MAX_FILE_BYTES`.

    Returns:
        The array (a ``.npy`` file keeps its dtype; a CSV gives float64).

    Example:
        >>> parse_array("y.csv", b"label\\n0\\n2\\n")
        array([0., 2.])
        >>> parse_array("y.npy", b"not an array")
        Traceback (most recent call last):
        ...
        xentlab._src.messages.Problem: y.npy: not a numeric .npy file
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Problem("file_type", name=name)
    _check_size(name, len(data))
    if suffix == ".npy":
        arr = _parse_npy(name, data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Problem("not_text", name=name) from None
        arr = _parse_csv(name, text)
    if arr.dtype.kind not in "biuf":
        raise Problem("not_numbers", name=name, dtype=arr.dtype)
    return arr


def read_array(path: str | Path) -> NDArray[Any]:
    """Read a numeric array from a ``.npy`` file or a comma-separated ``.csv`` file.

    As :func:`parse_array`; the size is checked before the file is read.

    Args:
        path: the file.

    Returns:
        The array (a ``.npy`` file keeps its dtype; a CSV gives float64).

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
        >>> _ = f.write_text("p0,p1\\n0.9,0.1\\n0.2,0.8\\n")
        >>> read_array(f)
        array([[0.9, 0.1],
               [0.2, 0.8]])
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise Problem("file_type", name=str(path))
    try:
        data = _read_regular(path)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return parse_array(str(path), data)


#: what a path that is not a regular file is, by the kind ``stat`` gives it
NOT_FILES = (
    (stat.S_ISDIR, "kind_directory"),
    (stat.S_ISFIFO, "kind_fifo"),
    (stat.S_ISCHR, "kind_device"),
    (stat.S_ISBLK, "kind_device"),
    (stat.S_ISSOCK, "kind_socket"),
)


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`, read without blocking.

    Opened without blocking (a named pipe with no writer would wait forever in ``open``), then
    refused from ``fstat`` unless it is a regular file (a directory, a pipe, a device such as
    /dev/zero behind a symbolic link); at most the limit and one byte are ever read, so a file
    that grows while it is read is refused too.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in NOT_FILES if test(info.st_mode)), "kind_other")
            raise Problem("not_a_file", name=str(path), kind=Phrase(kind))
        _check_size(str(path), info.st_size)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        data = f.read(MAX_FILE_BYTES + 1)
    _check_size(str(path), len(data))
    return data
