"""The command line: whole outputs compared, errors on one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from xentlab import cli
from xentlab.cli import lab as cli_lab
from xentlab.course.params import Param
from xentlab.lab import LabOptions, race_view


def test_demo_prints_the_worked_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    # numbers: −ln 0.7, −1/0.7, 0.3², softmax(2, 1, −1), −ln 0.7054, ŷ − y
    assert capsys.readouterr().out == (
        "Binary cross-entropy at ŷ = 0.70, y = 1\n"
        "  loss   −ln ŷ            = 0.3567\n"
        "  dL/dŷ  −1/ŷ             = -1.4286\n"
        "  squared error (ŷ − y)²  = 0.0900\n"
        "Softmax of logits (2, 1, −1), true class 0\n"
        "  probabilities           = 0.7054 / 0.2595 / 0.0351\n"
        "  cross-entropy           = 0.3490\n"
        "  gradient ŷ − y          = -0.2946 / +0.2595 / +0.0351\n"
    )


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["serve", "--help"], ["demo", "--help"], ["lab", "--help"], ["loss", "--help"]],
)
def test_help_exits_zero_with_an_example(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xentlab", *argv], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "\nexample:\n  xentlab" in done.stdout or "\nexamples:\n  xentlab" in done.stdout


def test_bad_port_is_a_one_line_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xentlab", "serve", "--port", "abc"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "xentlab serve: error: argument --port: expected a port number, got 'abc'"
    )


# ---------------------------------------------------------------------------- xentlab lab


def test_lab_prints_the_race_summary(capsys: pytest.CaptureFixture[str]) -> None:
    # not a terminal under capsys: no progress bar, only the header line and the table. The
    # numbers are those of race(LabOptions(epochs=3)), pinned: training must not change them
    # (its gradients are checked against torch autograd in tests/lab)
    assert cli.main(["lab", "--epochs", "3"]) == 0
    assert capsys.readouterr().out == (
        "xentlab lab: digits, mlp (32 hidden units), full batch, learning rate 0.5, "
        "init scale 4, seed 0, 3 epochs\n"
        "                                   cross-entropy  squared error\n"
        "epochs to 50% test accuracy                    2              —\n"
        "epochs to 80% test accuracy                    —              —\n"
        "epochs to 90% test accuracy                    —              —\n"
        "epochs to 95% test accuracy                    —              —\n"
        "final train loss                          2.2332         1.4169\n"
        "final test loss                           3.0732         1.4637\n"
        "final train accuracy                      0.6437         0.2056\n"
        "final test accuracy                       0.6267         0.2000\n"
        "final mean |∂L/∂z| at the output          0.7441         0.2003\n"
        "(after 3 epochs; — : not reached)\n"
    )


def test_lab_writes_metrics_and_curves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run" / "one"
    argv = ["lab", "--dataset", "breast-cancer", "--model", "logreg", "--epochs", "2"]
    argv += ["--batch-size", "64", "--init-scale", "1", "--focal-gamma", "2"]
    argv += ["--class-weights", "balanced", "--label-smoothing", "0.1", "--seed", "2"]
    assert cli.main([*argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        "xentlab lab: breast-cancer, logreg, batch size 64, learning rate 0.5, init scale 1, "
        "label smoothing 0.1, balanced class weights, focal γ 2, seed 2, 2 epochs"
    )
    assert printed[1] == "                                      focal loss  squared error"
    assert printed[-1] == f"wrote {out / 'metrics.csv'} and {out / 'curves.png'}"
    rows = (out / "metrics.csv").read_text().splitlines()
    assert rows[0] == "loss,epoch,train_loss,test_loss,train_accuracy,test_accuracy,output_grad"
    assert [r.split(",")[:2] for r in rows[1:]] == [
        ["ce", "1"],
        ["mse", "1"],
        ["ce", "2"],
        ["mse", "2"],
    ]
    final_ce_accuracy = float(printed[-4].split()[-2])
    assert round(float(rows[3].split(",")[5]), 4) == final_ce_accuracy
    assert (out / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--focal-gamma", "2"],
            "--focal-gamma applies to the binary set 'breast-cancer' only, got 2 with --dataset "
            "'digits'",
        ),
        (["--epochs", "0"], "argument --epochs: expected a whole number in [1, 2000], got '0'"),
        (["--lr", "fast"], "argument --lr: expected a number > 0, got 'fast'"),
        (["--seed", "-1"], "argument --seed: expected a whole number in [0, 999999], got '-1'"),
        (
            ["--batch-size", "1.5"],
            "argument --batch-size: expected None (written full) or a whole number "
            "in [1, 100000], got '1.5'",
        ),
        (
            ["--class-weights", "inverse"],
            "argument --class-weights: expected None (written none) or one of balanced, "
            "got 'inverse'",
        ),
        (
            ["--label-smoothing", "1"],
            "argument --label-smoothing: expected a number in [0, 1), got '1'",
        ),
        (["--init-scale", "-1"], "argument --init-scale: expected a number > 0, got '-1'"),
    ],
)
def test_lab_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["lab", *argv])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"xentlab lab: error: {message}"


@pytest.mark.parametrize("p", LabOptions.params(), ids=lambda p: p.name)
def test_each_lab_flag_is_read_by_the_declared_option(
    p: Param, capsys: pytest.CaptureFixture[str]
) -> None:
    # the flag refuses a value with the rule a link to the explorer's Lab is checked against
    flag = cli_lab.LAB_FLAGS[p.name][0]
    with pytest.raises(SystemExit):
        cli.main(["lab", flag, "nonsense"])
    message = f"xentlab lab: error: argument {flag}: expected {p.spec.expects}, got 'nonsense'"
    assert capsys.readouterr().err.splitlines()[-1] == message
    assert race_view.from_query({p.key: "nonsense"})[1] == (p.key,)


def test_lab_flags_default_to_the_options_defaults() -> None:
    args = cli.build_parser().parse_args(["lab"])
    assert LabOptions(**{p.name: getattr(args, p.name) for p in LabOptions.params()}) == (
        LabOptions()
    )
    args = cli.build_parser().parse_args(["lab", "--batch-size", "full", "--class-weights", "none"])
    assert args.batch_size is None and args.class_weights is None


def test_lab_divergence_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lab", "--epochs", "2", "--lr", "1e300"]) == 1
    assert capsys.readouterr().err == (
        "xentlab lab: error: training with ce diverged in epoch 1 (the logits overflowed); "
        "try a smaller learning rate or init scale\n"
    )


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


def test_lab_checks_its_output_folder_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["lab", "--epochs", "2000", "--out", str(blocker)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # nothing trained
    assert err == f"xentlab lab: error: cannot write to {blocker}: it is a file, not a folder\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import xentlab

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"xentlab {xentlab.__version__}\n"
