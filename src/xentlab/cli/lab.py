"""The ``xentlab lab`` command: its flags (read from :class:`~xentlab.lab.LabOptions`'s
declared fields) and its run, which races the losses and prints each epoch."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xentlab.cli.arguments import typed, unwritable_folder
from xentlab.course.params import Choice, OrNone, Spec

__all__ = ["EPILOG_LAB", "LAB_FLAGS", "add_lab_parser", "run_lab"]


EPILOG_LAB = """examples:
  xentlab lab --dataset digits --model mlp --epochs 200 --out runs/digits
  xentlab lab --dataset breast-cancer --model logreg --focal-gamma 2 --class-weights balanced

Both runs start from the same weights (drawn from --seed) and see the same mini-batches.
The defaults start saturated (--init-scale 4): watch squared error stall while
cross-entropy learns. --init-scale 1 is the ordinary (LeCun) start.
"""


#: LabOptions field → (flag, metavar, help), so that option errors name what the user typed
LAB_FLAGS = {
    "dataset": ("--dataset", None, "bundled data set"),
    "model": ("--model", None, "network"),
    "epochs": ("--epochs", "N", "passes"),
    "learning_rate": ("--lr", "ETA", "learning rate"),
    "batch_size": ("--batch-size", "N", "mini-batch size, or full"),
    "init_scale": ("--init-scale", "S", "initial weight scale; large values saturate the outputs"),
    "hidden_units": ("--hidden", "N", "hidden units of the mlp"),
    "label_smoothing": ("--label-smoothing", "EPS", "label smoothing ε of the targets"),
    "class_weights": ("--class-weights", None, "balanced: weigh each class by N / (C · N_c)"),
    "focal_gamma": (
        "--focal-gamma",
        "GAMMA",
        "focal loss γ in place of cross-entropy (breast-cancer only)",
    ),
    "seed": ("--seed", "N", "seed of weights and batches"),
}


def _in_flags(message: str) -> str:
    for field, (flag, _, _) in LAB_FLAGS.items():
        message = message.replace(field, flag)
    return message


def add_lab_parser(sub: Any) -> None:
    from xentlab.lab import LabOptions

    lab = sub.add_parser(
        "lab",
        help="train one network with cross-entropy and with squared error, and compare",
        description="Train the same small network on bundled data twice, with cross-entropy\n"
        "and with squared error, from the same initial weights, and compare the runs.",
        epilog=EPILOG_LAB,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # every flag reads its value by the option's declared spec, and defaults to its default
    for p in LabOptions.params():
        flag, metavar, what = LAB_FLAGS[p.name]
        words = _words(p.spec)
        lab.add_argument(
            flag,
            dest=p.name,
            type=typed(p.spec),
            default=p.default,
            metavar=metavar or "{" + ",".join(words) + "}",
            help=f"{what} (default {p.spec.format(p.default)})",
        )
    lab.add_argument(
        "--out", metavar="DIR", help="write metrics.csv and curves.png into DIR (created)"
    )
    lab.set_defaults(usage_error=lab.error)


def _words(spec: Spec) -> tuple[str, ...]:
    """The words a choice accepts, as written on the command line (none for a number)."""
    if isinstance(spec, Choice):
        return spec.options
    if isinstance(spec, OrNone) and isinstance(spec.spec, Choice):
        return (spec.words[0], *spec.spec.options)
    return ()


def run_lab(args: argparse.Namespace) -> int:
    """``xentlab lab``: race the two losses, show progress on a terminal, print the summary."""
    from xentlab.lab import LabOptions, RaceEpoch, race
    from xentlab.lab import report as lab_report

    try:
        options = LabOptions(**{p.name: getattr(args, p.name) for p in LabOptions.params()})
    except ValueError as exc:  # options that are each valid but not together
        args.usage_error(_in_flags(str(exc)))  # exits with status 2
    out = Path(args.out) if args.out else None
    if out is not None:
        # find out before a long run that the results could not be written
        problem = unwritable_folder(out)
        if problem:
            print(f"xentlab lab: error: cannot write to {out}: {problem}", file=sys.stderr)
            return 1
    title = lab_report.describe(options)
    print(f"xentlab lab: {title}, {options.epochs} epochs")
    history: list[RaceEpoch] = []
    try:
        if sys.stdout.isatty():
            lab_report.race_with_progress(options, history)
        else:
            history.extend(race(options))
    except ValueError as exc:
        print(f"xentlab lab: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("xentlab lab: interrupted", file=sys.stderr)
        return 130
    print(lab_report.summary_table(options, history))
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            lab_report.write_metrics_csv(out / "metrics.csv", history)
            lab_report.plot_curves(out / "curves.png", options, history)
        except OSError as exc:
            print(
                f"xentlab lab: error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr
            )
            return 1
        print(f"wrote {out / 'metrics.csv'} and {out / 'curves.png'}")
    return 0
