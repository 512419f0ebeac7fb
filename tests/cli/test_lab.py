"""``xentlab lab``: whole outputs compared, every flag read by its declared option, errors on one
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from xentlab import cli
from xentlab.cli import lab as cli_lab
from xentlab.course.params import Param
from xentlab.lab import LabOptions, race_view


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


def test_lab_checks_its_output_folder_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["lab", "--epochs", "2000", "--out", str(blocker)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # nothing trained
    assert err == f"xentlab lab: error: cannot write to {blocker}: it is a file, not a folder\n"
