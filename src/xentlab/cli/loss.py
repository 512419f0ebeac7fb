"""The ``xentlab loss`` command: its flags and its run, in the style of :mod:`xentlab.cli`.

Thin: read the files (:mod:`xentlab.reports.prediction_files`), score them
(:mod:`xentlab.reports.scoring`, and with ``--calibration``
:mod:`xentlab.reports.calibration_report`), print; a one-line message and status 1 for bad data,
argparse's status 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xentlab._src.extras import MissingExtra, require
from xentlab.calibration import N_BINS, STRATEGIES
from xentlab.cli.arguments import typed, unwritable_folder
from xentlab.course.params import Number
from xentlab.reports.calibration_report import BINS
from xentlab.reports.prediction_files import MAX_FILE_SIZE

__all__ = ["CALIBRATION_FLAGS", "EPILOG_LOSS", "add_loss_parser", "run_loss"]

EPILOG_LOSS = f"""examples:
  xentlab loss probs.npy labels.npy
  xentlab loss logits.csv labels.csv --from-logits --label-smoothing 0.1
  xentlab loss logits.npy labels.npy --from-logits --calibration --fit-temperature --out report

PRED holds one row per example: N x C class probabilities (or logits with
--from-logits), or one column of probabilities (or logits) of class 1 for a binary
problem. LABELS holds class indices (N), probabilities (N x C), or 0/1 labels for a
binary problem; --calibration needs class indices (or 0/1). Files are .npy (read
without pickle) or .csv (comma-separated, one optional header line) of at most {MAX_FILE_SIZE}.
Rows are numbered from 0. Exit status: 0 success, 1 bad data, 2 bad usage.
"""

#: --clip's range: above 0 (else nothing changes), at most 0.1 (else it changes the scores)
CLIP = Number(0, 0.1, lo_open=True)

#: the flags that refine --calibration (and need it)
CALIBRATION_FLAGS = ("--bins", "--binning", "--fit-temperature", "--out")


def add_loss_parser(sub: Any) -> None:
    loss = sub.add_parser(
        "loss",
        help="score your predictions: loss, accuracy, perplexity, worst rows, calibration",
        description="Cross-entropy of predictions against labels, with accuracy, perplexity,\n"
        "the loss of each class and the ten most confidently wrong rows; with\n"
        "--calibration, how far the confidence can be trusted.",
        epilog=EPILOG_LOSS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = loss.add_argument
    add("pred", metavar="PRED", help="predictions, .npy or .csv")
    add("labels", metavar="LABELS", help="labels, .npy or .csv")
    add("--from-logits", action="store_true", help="PRED holds logits, not probabilities")
    add(
        "--reduction",
        choices=["mean", "sum", "none"],
        default="mean",
        help="how the loss is reduced over rows (default %(default)s)",
    )
    add(
        "--label-smoothing",
        metavar="EPS",
        type=typed(Number(0, 1)),
        default=0.0,
        help="ε in [0, 1]",
    )
    add(
        "--calibration",
        action="store_true",
        help="also report ECE, MCE, Brier score, NLL and the reliability table",
    )
    # the refinements default to None, so that giving one without --calibration is caught
    add(
        "--bins",
        metavar="N",
        type=typed(BINS),
        help=f"bins of the reliability table, {BINS.lo} to {BINS.hi} (default {N_BINS})",
    )
    add(
        "--binning",
        choices=STRATEGIES,
        help="uniform: equal-width bins (the default); quantile: equal-mass bins",
    )
    add(
        "--fit-temperature",
        action="store_true",
        help="fit a temperature T to these rows by NLL; report before and after",
    )
    add("--out", metavar="DIR", help="write the reliability diagram reliability.png into DIR")
    add(
        "--clip",
        metavar="EPS",
        type=typed(CLIP),
        help="clip probabilities to [EPS, 1 − EPS] (rows renormalised) and say how many changed;"
        " for scikit-learn's predict_proba, whose exact 0 and 1 have no logit",
    )
    loss.set_defaults(usage_error=loss.error)


def _check_usage(args: argparse.Namespace) -> None:
    """Refinements of --calibration without it are a usage error (exits with status 2)."""
    given = [
        f for f in CALIBRATION_FLAGS if getattr(args, f[2:].replace("-", "_")) not in (None, False)
    ]
    if given and not args.calibration:
        args.usage_error(f"argument {given[0]}: needs --calibration")


def run_loss(args: argparse.Namespace) -> int:
    """``xentlab loss``: print the report, or a one-line error and exit status 1."""
    from xentlab.reports import calibration_report as cr
    from xentlab.reports import scoring

    _check_usage(args)
    out = Path(args.out) if args.out else None
    if out is not None:
        try:
            require("lab", "the reliability diagram (--out)")
        except MissingExtra as exc:
            print(f"xentlab: {exc}", file=sys.stderr)
            return 1
        problem = unwritable_folder(out)
        if problem:
            print(f"xentlab loss: error: cannot write to {out}: {problem}", file=sys.stderr)
            return 1
    if args.clip is not None and args.from_logits:
        args.usage_error("argument --clip: clips probabilities, not logits (--from-logits)")
    try:
        pred = scoring.read_array(args.pred)
        labels = scoring.read_array(args.labels)
        if args.clip is not None:
            pred, changed = scoring.clip_probabilities(pred, args.clip)
            bounds = f"[{args.clip:g}, 1 − {args.clip:g}]"
            print(f"clipped {changed} of {pred.size} probabilities to {bounds}")
        result = scoring.loss_report(
            pred,
            labels,
            from_logits=args.from_logits,
            reduction=args.reduction,
            label_smoothing=args.label_smoothing,
        )
        calibration = None
        if args.calibration:
            calibration = cr.calibration_report(
                pred,
                labels,
                from_logits=args.from_logits,
                n_bins=args.bins or N_BINS,
                strategy=args.binning or "uniform",
                fit_temperature=args.fit_temperature,
            )
    except (ValueError, TypeError) as exc:
        print(f"xentlab loss: error: {exc}", file=sys.stderr)
        return 1
    print(scoring.format_loss_report(result))
    if calibration is None:
        return 0
    print(f"\n{cr.format_calibration_report(calibration)}")
    if out is not None:
        try:
            cr.plot_reliability(out / "reliability.png", calibration)
        except OSError as exc:
            print(
                f"xentlab loss: error: cannot write to {out}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 1
        print(f"wrote {out / 'reliability.png'}")
    return 0
