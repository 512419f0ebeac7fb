"""``xentlab loss``, and with ``--calibration``: whole outputs compared, every bad file a one-line
error."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from xentlab import cli
from xentlab.reports import prediction_files as files

# ---------------------------------------------------------------------------- xentlab loss


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_loss_report_for_class_probabilities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred = _write(
        tmp_path / "p.csv",
        "p0,p1,p2\n0.7,0.2,0.1\n0.1,0.8,0.1\n0.6,0.3,0.1\n0.2,0.2,0.6\n0.05,0.9,0.05\n",
    )
    labels = _write(tmp_path / "y.csv", "0\n1\n2\n2\n0\n")
    assert cli.main(["loss", pred, labels]) == 0
    # loss = −(ln .7 + ln .8 + ln .1 + ln .6 + ln .05) / 5 = 1.2778; perplexity e^1.2778
    assert capsys.readouterr().out == (
        "5 rows, 3 classes, predictions are probabilities\n"
        "loss (mean)  1.2778\n"
        "accuracy     0.6000  (3 of 5)\n"
        "perplexity   3.5887  (e^mean loss)\n"
        "\n"
        "per class (by true class)\n"
        "  class   rows    loss  accuracy\n"
        "      0      2  1.6762    0.5000\n"
        "      1      1  0.2231    1.0000\n"
        "      2      2  1.4067    0.5000\n"
        "\n"
        "most confidently wrong (2 of 2)\n"
        "    row  label  predicted  confidence    loss\n"
        "      4      0          1      0.9000  2.9957\n"
        "      2      2          0      0.6000  2.3026\n"
    )


def test_loss_report_for_binary_logits_per_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    np.save(tmp_path / "z.npy", np.array([2.0, -1.0, 0.5]))
    np.save(tmp_path / "y.npy", np.array([1, 1, 0]))
    argv = ["loss", str(tmp_path / "z.npy"), str(tmp_path / "y.npy"), "--from-logits"]
    assert cli.main([*argv, "--reduction", "none", "--label-smoothing", "0.1"]) == 0
    # targets smoothed to 0.95, 0.95, 0.05: row 1 costs 0.95·ln(1 + e) + 0.05·ln(1 + e⁻¹)
    assert capsys.readouterr().out == (
        "3 rows, 1 column (binary), predictions are logits\n"
        "loss (none, label smoothing 0.1)  one per row, below\n"
        "accuracy                          0.3333  (1 of 3)\n"
        "perplexity                        2.2549  (e^mean loss)\n"
        "\n"
        "per class (by true class)\n"
        "  class   rows    loss  accuracy\n"
        "      0      1  0.9491    0.0000\n"
        "      1      2  0.7451    0.5000\n"
        "\n"
        "most confidently wrong (2 of 2)\n"
        "    row  label  predicted  confidence    loss\n"
        "      1      1          0      0.7311  1.2633\n"
        "      2      0          1      0.6225  0.9491\n"
        "\n"
        "loss per row\n"
        "    row    loss\n"
        "      0  0.2269\n"
        "      1  1.2633\n"
        "      2  0.9491\n"
    )


def test_loss_with_probability_labels_and_sum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    np.save(tmp_path / "z.npy", np.array([[2.0, 0.0], [0.0, 2.0]]))
    np.save(tmp_path / "y.npy", np.array([[1.0, 0.0], [0.5, 0.5]]))
    argv = ["loss", str(tmp_path / "z.npy"), str(tmp_path / "y.npy"), "--from-logits"]
    assert cli.main([*argv, "--reduction", "sum"]) == 0
    # ln(1 + e⁻²) + [ln(1 + e²) − 1] = 0.1269 + 1.1269, perplexity e^(1.2539 / 2);
    # the soft label (0.5, 0.5) counts as class 0 (argmax)
    assert capsys.readouterr().out == (
        "2 rows, 2 classes, predictions are logits\n"
        "loss (sum)  1.2539\n"
        "accuracy    0.5000  (1 of 2)\n"
        "perplexity  1.8719  (e^mean loss)\n"
        "\n"
        "per class (by true class)\n"
        "  class   rows    loss  accuracy\n"
        "      0      2  0.6269    0.5000\n"
        "\n"
        "most confidently wrong (1 of 1)\n"
        "    row  label  predicted  confidence    loss\n"
        "      1      0          1      0.8808  1.1269\n"
    )


def test_loss_lists_at_most_ten_wrong_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    np.save(tmp_path / "p.npy", np.linspace(0.6, 0.99, 12))
    np.save(tmp_path / "y.npy", np.zeros(12, dtype=np.int64))
    assert cli.main(["loss", str(tmp_path / "p.npy"), str(tmp_path / "y.npy")]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("most confidently wrong (10 of 12)")
    assert [int(line.split()[0]) for line in lines[start + 2 :]] == list(range(11, 1, -1))


@pytest.mark.parametrize(
    ("pred", "labels", "message"),
    [
        (
            "missing.npy",
            "y.csv",
            "{d}/missing.npy: cannot read the file (No such file or directory)",
        ),
        ("p.txt", "y.csv", "{d}/p.txt: expected a .npy or .csv file"),
        ("garbage.npy", "y.csv", "{d}/garbage.npy: not a numeric .npy file"),
        ("text.csv", "y.csv", "{d}/text.csv: cannot read 'abc' as a number (line 3)"),
        ("ragged.csv", "y.csv", "{d}/ragged.csv: line 2 has 2 values, expected 3"),
        ("p.csv", "y4.csv", "labels must have 3 rows like the predictions, got shape (4,)"),
        ("p.csv", "y_big.csv", "labels must be class indices in [0, 3), got 7 at row 1"),
        (
            "p.csv",
            "y_half.csv",
            "labels must be class indices (whole numbers) or probabilities of shape (3, 3), "
            "got 0.5 at row 2",
        ),
        ("p_nan.csv", "y.csv", "predictions must not contain NaN, got NaN at row 1, column 2"),
        (
            "p_big.csv",
            "y.csv",
            "predictions must be probabilities in [0, 1] (or logits with --from-logits), "
            "got 1.5 at row 0, column 0",
        ),
        (
            "p_sum.csv",
            "y.csv",
            "predictions must be probabilities whose rows sum to 1 (or logits with "
            "--from-logits), got a sum of 0.9 at row 2",
        ),
        (
            "b.csv",
            "y.csv",
            "labels of binary predictions must be 0, 1 or probabilities in [0, 1], got 2 at row 2",
        ),
        (
            "b.csv",
            "p.csv",
            "labels must have shape (3,) for one column of (binary) predictions, got (3, 3)",
        ),
        (
            "p.csv",
            "y_sum2.csv",
            "labels must be probabilities whose rows sum to 1, got a sum of 1.5 at row 0",
        ),
        (
            "semicolons.csv",
            "y.csv",
            "{d}/semicolons.csv: cannot read '0.7;0.2;0.1' as a number (line 2) "
            "(values must be separated by commas)",
        ),
    ],
)
def test_loss_bad_data_is_a_one_line_error_with_status_1(
    pred: str, labels: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "p.txt": "0.5\n",
        "text.csv": "a,b,c\n1,2,3\nabc,1,2\n",
        "ragged.csv": "1,2,3\n1,2\n",
        "p.csv": "0.7,0.2,0.1\n0.1,0.8,0.1\n0.3,0.3,0.4\n",
        "p_nan.csv": "0.7,0.2,0.1\n0.1,0.8,nan\n0.3,0.3,0.4\n",
        "p_big.csv": "1.5,0.2,0.1\n0.1,0.8,0.1\n0.3,0.3,0.4\n",
        "p_sum.csv": "0.7,0.2,0.1\n0.1,0.8,0.1\n0.3,0.3,0.3\n",
        "b.csv": "0.9\n0.2\n0.4\n",
        "y.csv": "0\n1\n2\n",
        "y4.csv": "0\n1\n2\n0\n",
        "y_big.csv": "0\n7\n2\n",
        "y_half.csv": "0\n1\n0.5\n",
        "y_sum2.csv": "0.5,0.5,0.5\n0.5,0.5,0.5\n0.5,0.5,0.5\n",
        "semicolons.csv": "a;b;c\n0.7;0.2;0.1\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "garbage.npy").write_bytes(b"not an array")
    assert cli.main(["loss", str(tmp_path / pred), str(tmp_path / labels)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    expected = "xentlab loss: error: " + message.format(d=tmp_path)
    assert err.startswith(expected)


def test_loss_errors_never_show_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "y.csv").write_text("0\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "xentlab",
            "loss",
            str(tmp_path / "no.csv"),
            str(tmp_path / "y.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"xentlab loss: error: {tmp_path / 'no.csv'}: cannot read the file "
        "(No such file or directory)\n"
    )
    assert done.stdout == ""


def test_loss_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["loss", "p.npy", "y.npy", "--reduction", "batchmean"])
    assert exit_.value.code == 2
    # the list of choices that follows is argparse's wording, which varies across Pythons
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("xentlab loss: error: argument --reduction: invalid choice: 'batchmean'")
    )


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    pred, labels = tmp_path / "p.npy", tmp_path / "y.npy"
    np.save(pred, np.full((50_000, 2), 0.5))
    np.save(labels, np.zeros(50_000, dtype=int))
    cmd = f"{sys.executable} -m xentlab loss {pred} {labels} --reduction none | head -1"
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False)
    assert done.stdout.startswith("50000 rows, 2 classes")
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ xentlab loss --calibration

# the rows of tests/library/test_calibration.py's worked top-label case
PROBS = "p0,p1,p2\n0.6,0.3,0.1\n0.5,0.4,0.1\n0.2,0.7,0.1\n0.1,0.1,0.8\n0.9,0.05,0.05\n"
LABELS = "0\n1\n1\n2\n2\n"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_calibration_report_of_class_probabilities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred, labels = _write(tmp_path / "p.csv", PROBS), _write(tmp_path / "y.csv", LABELS)
    code, out, err = _run(["loss", pred, labels, "--calibration", "--bins", "5"], capsys)
    assert (code, err) == (0, "")
    # confidences .6 .5 .7 .8 .9, right 1 0 1 1 0; bins of width .2 closed on the right:
    #   (.4, .6]: conf .55 acc .5; (.6, .8]: conf .75 acc 1; (.8, 1]: conf .9 acc 0
    # ECE = (2·.05 + 2·.25 + .9) / 5 = .3, MCE = .9
    # Brier = (.26 + .62 + .14 + .06 + 1.715) / 5 = .559
    # NLL = −(ln .6 + ln .4 + ln .7 + ln .8 + ln .05) / 5 = 1.0005
    assert out[out.index("calibration:") :] == (
        "calibration: 5 equal-width bins of the top-label confidence\n"
        "ECE          0.3000  (Σ rows/N · |gap| over the bins)\n"
        "MCE          0.9000  (largest |gap| of a bin)\n"
        "Brier score  0.5590\n"
        "NLL          1.0005  (nats, no label smoothing)\n"
        "\n"
        "reliability (gap = accuracy − confidence; below 0: overconfident)\n"
        "  bin                rows  confidence   accuracy      gap\n"
        "  (0.4000, 0.6000]      2      0.5500     0.5000  -0.0500\n"
        "  (0.6000, 0.8000]      2      0.7500     1.0000  +0.2500\n"
        "  (0.8000, 1.0000]      1      0.9000     0.0000  -0.9000\n"
        "  (2 empty bins not shown)\n"
    )
    # the loss report comes first, unchanged
    assert out.startswith("5 rows, 3 classes, predictions are probabilities\nloss (mean)  1.0005\n")


def test_temperature_scaling_of_binary_logits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred = _write(tmp_path / "z.csv", "4\n4\n4\n4\n4\n")
    labels = _write(tmp_path / "y.csv", "1\n1\n1\n1\n0\n")
    argv = ["loss", pred, labels, "--from-logits", "--calibration", "--bins", "4"]
    code, out, err = _run([*argv, "--fit-temperature"], capsys)
    assert (code, err) == (0, "")
    # every row says σ(4) = .982 for class 1, and 4 of 5 are class 1: ECE = MCE = .182;
    # Brier (4·.018² + .982²) / 5 = .1931. The NLL is least where σ(4/T) = .8: T = 4 / ln 4,
    # NLL from (4 ln(1 + e⁻⁴) + ln(1 + e⁴)) / 5 = .8181 to H(.8) = .5004; Brier then .16
    assert out[out.index("calibration:") :] == (
        "calibration: 4 equal-width bins of the probability of class 1\n"
        "ECE          0.1820  (Σ rows/N · |gap| over the bins)\n"
        "MCE          0.1820  (largest |gap| of a bin)\n"
        "Brier score  0.1931\n"
        "NLL          0.8181  (nats, no label smoothing)\n"
        "\n"
        "reliability (gap = frequency − p(class 1))\n"
        "  bin                rows  p(class 1)  frequency      gap\n"
        "  (0.7500, 1.0000]      5      0.9820     0.8000  -0.1820\n"
        "  (3 empty bins not shown)\n"
        "\n"
        "temperature scaling: T = 2.8854 (fitted by NLL on these rows)\n"
        "             before   after\n"
        "NLL          0.8181  0.5004\n"
        "ECE          0.1820  0.0000\n"
        "MCE          0.1820  0.0000\n"
        "Brier score  0.1931  0.1600\n"
        "\n"
        "reliability after temperature scaling\n"
        "  bin                rows  p(class 1)  frequency      gap\n"
        "  (0.7500, 1.0000]      5      0.8000     0.8000  +0.0000\n"
        "  (3 empty bins not shown)\n"
    )


def test_quantile_bins_hold_equal_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.save(tmp_path / "p.npy", np.array([0.1, 0.2, 0.3, 0.4]))
    np.save(tmp_path / "y.npy", np.array([0, 0, 1, 1]))
    argv = ["loss", str(tmp_path / "p.npy"), str(tmp_path / "y.npy"), "--calibration"]
    code, out, _ = _run([*argv, "--bins", "2", "--binning", "quantile"], capsys)
    assert code == 0
    # edges: the 0, 50, 100 % quantiles .1, .25, .4; ECE (|0 − .15| + |1 − .35|) / 2 = .4
    lines = out[out.index("calibration:") :].splitlines()
    assert lines[:2] == [
        "calibration: 2 equal-mass (quantile) bins of the probability of class 1",
        "ECE          0.4000  (Σ rows/N · |gap| over the bins)",
    ]
    assert lines[-2:] == [
        "  [0.1000, 0.2500]      2      0.1500     0.0000  -0.1500",
        "  (0.2500, 0.4000]      2      0.3500     1.0000  +0.6500",
    ]


def test_out_writes_the_reliability_diagram(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred, labels = _write(tmp_path / "p.csv", PROBS), _write(tmp_path / "y.csv", LABELS)
    out_dir = tmp_path / "report" / "new"
    argv = ["loss", pred, labels, "--calibration", "--fit-temperature", "--out", str(out_dir)]
    code, out, err = _run(argv, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"wrote {out_dir / 'reliability.png'}"
    assert (out_dir / "reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _without(modules: tuple[str, ...], argv: list[str]) -> subprocess.CompletedProcess[str]:
    """``xentlab`` run in a fresh interpreter in which ``modules`` cannot be imported."""
    hide = "".join(f"sys.modules[{name!r}] = None\n" for name in modules)
    code = f"import sys\n{hide}from xentlab.cli import main\nsys.exit(main({argv!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_out_without_the_lab_extra_is_the_one_line_extra_message(tmp_path: Path) -> None:
    pred, labels = _write(tmp_path / "p.csv", PROBS), _write(tmp_path / "y.csv", LABELS)
    argv = ["loss", pred, labels, "--calibration", "--fit-temperature"]
    done = _without(("matplotlib",), [*argv, "--out", str(tmp_path / "out")])
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        'xentlab: the reliability diagram (--out) needs the "lab" extra: '
        'pip install "xentlab[lab]"\n'
    )
    # without --out the report needs NumPy only
    heavy = ("nicegui", "latex2mathml", "sklearn", "scipy", "matplotlib", "rich", "numba")
    done = _without(heavy, argv)
    assert (done.returncode, done.stderr) == (0, "")
    assert "temperature scaling: T = " in done.stdout


def test_out_that_is_a_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    argv = ["loss", "missing.npy", "y.npy", "--calibration", "--out", str(blocker)]
    assert _run(argv, capsys) == (
        1,
        "",
        f"xentlab loss: error: cannot write to {blocker}: it is a file, not a folder\n",
    )


def _npy_claiming(shape: tuple[int, ...], payload: bytes) -> bytes:
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + payload


BAD = [
    ("p.csv", "y_big.csv", "labels must be class indices in [0, 3), got 7 at row 1"),
    ("p.csv", "y4.csv", "labels must have 5 rows like the predictions, got shape (4,)"),
    ("p_nan.csv", "y.csv", "predictions must not contain NaN, got NaN at row 1, column 2"),
    (
        "p_sum.csv",
        "y.csv",
        "predictions must be probabilities whose rows sum to 1 (or logits with "
        "--from-logits), got a sum of 0.9 at row 2",
    ),
    (
        "p_col.csv",
        "y.csv",
        "predictions must be probabilities in [0, 1] (or logits with --from-logits), "
        "got 2 at row 0",
    ),
    (
        "p.csv",
        "y_soft.csv",
        "labels must be class indices for calibration, got probabilities of shape (5, 3)",
    ),
    (
        "b.csv",
        "y_half.csv",
        "labels of binary predictions must be 0 or 1 for calibration, got 0.5 at row 2",
    ),
    (
        "big.npy",
        "y.csv",
        "{d}/big.npy: the file is 25.0 MB, more than the 20 MB limit",
    ),
    (
        "lying.npy",
        "y.csv",
        "{d}/lying.npy: the .npy header promises shape (1000,) of float64 "
        "(8000 bytes), but 16 bytes follow it",
    ),
    (
        "huge.npy",
        "y.csv",
        "{d}/huge.npy: the .npy header promises more data than the 20 MB limit",
    ),
    ("z_inf.csv", "y.csv", "predictions must be finite logits, got -inf at row 1"),
    ("objects.npy", "y.csv", "{d}/objects.npy: not a numeric .npy file (it holds Python objects)"),
    ("garbage.npy", "y.csv", "{d}/garbage.npy: not a numeric .npy file"),
    ("p.csv", "y.txt", "{d}/y.txt: expected a .npy or .csv file"),
]


def _bad_files(d: Path) -> None:
    texts = {
        "p.csv": PROBS,
        "p_nan.csv": PROBS.replace("0.5,0.4,0.1", "0.5,0.4,nan"),
        "p_sum.csv": PROBS.replace("0.2,0.7,0.1", "0.2,0.6,0.1"),
        "p_col.csv": "2\n0.5\n0.5\n0.5\n0.5\n",
        "b.csv": "0.9\n0.2\n0.4\n0.3\n0.8\n",
        "z_inf.csv": "2\n-inf\n1\n0\n3\n",
        "y.csv": LABELS,
        "y4.csv": "0\n1\n1\n2\n",
        "y_big.csv": "0\n7\n1\n2\n2\n",
        "y_soft.csv": PROBS,
        "y_half.csv": "1\n0\n0.5\n0\n1\n",
        "y.txt": LABELS,
    }
    for name, text in texts.items():
        (d / name).write_text(text)
    with (d / "big.npy").open("wb") as f:
        f.truncate(25_000_000)  # sparse: the size is checked before anything is read
    (d / "lying.npy").write_bytes(_npy_claiming((1000,), b"\0" * 16))
    # a shape whose product overflows a float: 10^400 elements
    (d / "huge.npy").write_bytes(_npy_claiming((10**200, 10**200), b"\0" * 16))
    np.save(d / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    (d / "garbage.npy").write_bytes(b"not an array")


@pytest.mark.parametrize(("pred", "labels", "message"), BAD, ids=[m[:40] for _, _, m in BAD])
def test_bad_data_is_a_one_line_error_with_status_1(
    pred: str, labels: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_files(tmp_path)
    argv = ["loss", str(tmp_path / pred), str(tmp_path / labels), "--calibration"]
    if pred.startswith("z_"):
        argv.append("--from-logits")
    expected = "xentlab loss: error: " + message.format(d=tmp_path) + "\n"
    assert _run(argv, capsys) == (1, "", expected)


@pytest.mark.parametrize(
    ("pred", "labels", "message"),
    [
        (
            "0.9,0.1\n0.0,1.0\n0.3,0.7\n",
            "0\n1\n0\n",
            "fitting a temperature needs every probability above 0 (and below 1 for one column) "
            "to give a finite logit, got -inf at row 1, column 0; give logits with --from-logits "
            "(from scikit-learn: decision_function or predict_log_proba), or clip the "
            "probabilities with --clip EPS",
        ),
        (
            "0.9,0.1\n0.2,0.8\n",
            "0\n1\n",
            "no temperature T > 0 minimises the NLL: it falls as T → 0 (every row is "
            "classified correctly)",
        ),
        (
            "0.9,0.1\n0.2,0.8\n",
            "1\n0\n",
            "no temperature T > 0 minimises the NLL: it falls as T → ∞ (the labels' logits are "
            "on average no higher than their rows' mean logit)",
        ),
    ],
    ids=["zero probability", "all right", "all wrong"],
)
def test_a_temperature_that_cannot_be_fitted_is_a_one_line_error(
    pred: str, labels: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["loss", _write(tmp_path / "p.csv", pred), _write(tmp_path / "y.csv", labels)]
    code, out, err = _run([*argv, "--calibration", "--fit-temperature"], capsys)
    assert (code, out, err) == (1, "", f"xentlab loss: error: {message}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bins", "10"], "argument --bins: needs --calibration"),
        (["--fit-temperature"], "argument --fit-temperature: needs --calibration"),
        (["--binning", "quantile"], "argument --binning: needs --calibration"),
        (["--out", "dir"], "argument --out: needs --calibration"),
        (
            ["--calibration", "--bins", "0"],
            "argument --bins: expected a whole number in [1, 50], got '0'",
        ),
        (
            ["--calibration", "--bins", "2.5"],
            "argument --bins: expected a whole number in [1, 50], got '2.5'",
        ),
        (
            ["--calibration", "--bins", "1000000000"],
            "argument --bins: expected a whole number in [1, 50], got '1000000000'",
        ),
        (
            ["--from-logits", "--clip", "0.01"],
            "argument --clip: clips probabilities, not logits (--from-logits)",
        ),
        (["--clip", "0"], "argument --clip: expected a number in (0, 0.1], got '0'"),
        (["--clip", "0.5"], "argument --clip: expected a number in (0, 0.1], got '0.5'"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred, labels = _write(tmp_path / "p.csv", PROBS), _write(tmp_path / "y.csv", LABELS)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["loss", pred, labels, *argv])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"xentlab loss: error: {message}"


def test_clip_says_how_many_values_it_changed_and_then_the_fit_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # scikit-learn's predict_proba gives exact 0 and 1: no logit, so no temperature, until clipped
    pred = _write(tmp_path / "p.csv", "1.0,0.0,0.0\n0.2,0.8,0.0\n0.1,0.1,0.8\n0.0,1.0,0.0\n")
    labels = _write(tmp_path / "y.csv", "0\n1\n2\n0\n")
    argv = ["loss", pred, labels, "--calibration", "--fit-temperature"]
    code, _, err = _run(argv, capsys)
    assert code == 1 and "--clip EPS" in err
    code, out, err = _run([*argv, "--clip", "1e-6"], capsys)
    assert (code, err) == (0, "")
    # the zeros of rows 0, 1 and 3 (5 of them) rise to 1e-6; the 1.0s of rows 0 and 3 fall
    assert out.splitlines()[0] == "clipped 7 of 12 probabilities to [1e-06, 1 − 1e-06]"
    assert "temperature scaling: T = " in out


def test_class_names_in_a_labels_file_are_named_as_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred, labels = _write(tmp_path / "p.csv", PROBS), _write(tmp_path / "y.csv", "dog\ncat\n")
    assert _run(["loss", pred, labels], capsys) == (
        1,
        "",
        f"xentlab loss: error: {labels}: cannot read 'cat' as a number (line 2); values must be "
        "numbers: class labels as indices 0, 1, …, not names (line 1, 'dog', was taken for a "
        "header)\n",
    )


def test_unknown_binning_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["loss", "p.csv", "y.csv", "--calibration", "--binning", "equal"])
    assert exit_.value.code == 2
    # the list of choices that follows is argparse's wording, which varies across Pythons
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("xentlab loss: error: argument --binning: invalid choice: 'equal'")
    )


def test_a_byte_order_mark_is_not_a_lost_first_row() -> None:
    # a spreadsheet's UTF-8 CSV starts with a BOM; without the header, row 0 must stay
    assert files.parse_array("y.csv", "\ufeff0\n1\n".encode()).tolist() == [0.0, 1.0]
    assert files.parse_array("y.csv", "\ufefflabel\n0\n1\n".encode()).tolist() == [0.0, 1.0]


def test_the_size_limit_is_stated_in_the_help_and_on_the_command_line(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "xentlab", "loss", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "of at most 20 MB.\n" in help_text
    assert files.MAX_FILE_BYTES == 20_000_000 and files.MAX_FILE_SIZE == "20 MB"
    big = tmp_path / "p.npy"
    with big.open("wb") as f:
        f.truncate(files.MAX_FILE_BYTES + 1)
    (tmp_path / "y.csv").write_text("0\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "xentlab",
            "loss",
            str(big),
            str(tmp_path / "y.csv"),
            "--calibration",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"xentlab loss: error: {big}: the file is 20.0 MB, more than the 20 MB limit\n"
    )
    assert os.path.getsize(big) == files.MAX_FILE_BYTES + 1


def test_a_masked_class_cannot_be_scaled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # −inf logits (masked classes) are scored, but temperature scaling needs finite logits
    pred = _write(tmp_path / "z.csv", "2,0,1\n-inf,1,0\n0,0,3\n")
    labels = _write(tmp_path / "y.csv", "0\n1\n1\n")
    argv = ["loss", pred, labels, "--from-logits", "--calibration"]
    assert _run(argv, capsys)[0] == 0
    assert _run([*argv, "--fit-temperature"], capsys) == (
        1,
        "",
        "xentlab loss: error: fitting a temperature needs finite logits, got -inf at row 1, "
        "column 0\n",
    )
