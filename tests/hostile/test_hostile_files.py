"""Hostile files on the command line: each refused in one line, quickly, before it is read or
allocated (the files of issue 20's probe: a header promising 10^400 elements, a named pipe, a
device behind a symbolic link, a folder, logits near the largest float, sizes nobody can
afford). Run as a user runs it: ``python -m xentlab`` in a subprocess with a time limit."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from support.machine import server_env
from xentlab.reports.prediction_files import parse_array

#: far more than any of these needs: a hang (reading a pipe, a search that never ends) fails
LIMIT_S = 60


def npy_claiming(shape: tuple[int, ...], data: bytes) -> bytes:
    """A version 1.0 .npy file whose header promises float64 ``shape``, followed by ``data``."""
    header = f"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data


def xentlab(*argv: str | Path) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "xentlab", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        env=server_env(),
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "y.csv").write_text("2\n0\n1\n")
    (tmp_path / "huge.npy").write_bytes(npy_claiming((10**200, 10**200), b"\0" * 16))
    (tmp_path / "empty_dims.npy").write_bytes(npy_claiming((0, 10**200), b""))
    os.mkfifo(tmp_path / "fifo.npy")
    (tmp_path / "zero.npy").symlink_to("/dev/zero")
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "max.csv").write_text("1e308,1e308,0\n1e308,0,0\n1e308,0,0\n")
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["huge.npy", "y.csv"],
            "{d}/huge.npy: the .npy header promises more data than the 20 MB limit",
        ),
        (["empty_dims.npy", "y.csv"], "{d}/empty_dims.npy: not a numeric .npy file"),
        (["fifo.npy", "y.csv"], "{d}/fifo.npy: not a regular file (a named pipe)"),
        (["zero.npy", "y.csv"], "{d}/zero.npy: not a regular file (a device)"),
        (["folder.csv", "y.csv"], "{d}/folder.csv: not a regular file (a folder)"),
        (
            ["max.csv", "y.csv", "--from-logits", "--calibration", "--fit-temperature"],
            "no temperature T > 0 minimises the NLL: it falls as T → ∞ (the labels' logits "
            "are on average no higher than their rows' mean logit)",
        ),
    ],
)
def test_a_hostile_file_is_one_line_and_status_1(
    files: Path, argv: list[str], message: str
) -> None:
    code, out, err = xentlab("loss", *(files / a if "." in a else a for a in argv))
    assert (code, out, err) == (1, "", f"xentlab loss: error: {message.format(d=files)}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["lab", "--hidden", "1000000000000", "--epochs", "1"],
            "xentlab lab: error: argument --hidden: expected a whole number in [1, 1024], "
            "got '1000000000000'",
        ),
        (
            ["lab", "--epochs", "1" + "0" * 400],
            "xentlab lab: error: argument --epochs: expected a whole number in [1, 2000], "
            "got '1" + "0" * 400 + "'",
        ),
        (
            ["loss", "p.csv", "y.csv", "--calibration", "--bins", "1000000000"],
            "xentlab loss: error: argument --bins: expected a whole number in [1, 50], "
            "got '1000000000'",
        ),
    ],
)
def test_a_size_nobody_can_afford_is_a_usage_error(argv: list[str], message: str) -> None:
    code, _, err = xentlab(*argv)
    assert code == 2 and err.splitlines()[-1] == message


def test_the_same_bytes_are_refused_from_an_upload() -> None:
    # the page reads uploads with parse_array (in a worker): the same one-line refusals
    with pytest.raises(ValueError, match=r"^huge\.npy: the \.npy header promises more data"):
        parse_array("huge.npy", npy_claiming((10**200, 10**200), b"\0" * 16))
    with pytest.raises(ValueError, match=r"^e\.npy: not a numeric \.npy file$"):
        parse_array("e.npy", npy_claiming((0, 10**200), b""))


def test_running_out_of_memory_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from xentlab import cli

    def exhausted(*_: object) -> int:
        raise MemoryError("Unable to allocate 466. TiB")

    monkeypatch.setattr(cli, "run_lab", exhausted)
    assert cli.main(["lab", "--epochs", "1"]) == 1
    assert capsys.readouterr().err == "xentlab: error: out of memory\n"
