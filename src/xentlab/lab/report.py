"""What ``xentlab lab`` shows of a race: its progress on a terminal, then a summary table, the
metrics as CSV, the curves as PNG.

The summary is plain text (no colour, fixed widths) so that it reads the same in a terminal, a
log file and a test.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from xentlab.lab.training import EpochMetrics, LabOptions, RaceEpoch, epochs_to_reach, race

__all__ = [
    "ACCURACY_MARKS",
    "RUN_NAMES",
    "describe",
    "loss_names",
    "plot_curves",
    "race_with_progress",
    "run_kinds",
    "summary_table",
    "write_metrics_csv",
]

ACCURACY_MARKS = (0.5, 0.8, 0.9, 0.95)


#: what the command line calls each run (the pages read their language's ``lab.names``)
RUN_NAMES = {"ce": "cross-entropy", "focal": "focal loss", "mse": "squared error"}


def run_kinds(options: LabOptions) -> dict[str, str]:
    """Which loss each run trains: the "ce" run trains the focal loss when γ > 0.

    Example:
        >>> run_kinds(LabOptions(dataset="breast-cancer", focal_gamma=2.0))
        {'ce': 'focal', 'mse': 'mse'}
    """
    return {"ce": "focal" if options.focal_gamma else "ce", "mse": "mse"}


def loss_names(options: LabOptions) -> dict[str, str]:
    """What each run is called (:data:`RUN_NAMES` of its :func:`run_kinds`).

    Example:
        >>> loss_names(LabOptions(dataset="breast-cancer", focal_gamma=2.0))["ce"]
        'focal loss'
    """
    return {run: RUN_NAMES[kind] for run, kind in run_kinds(options).items()}


def describe(options: LabOptions) -> str:
    """One line naming the run's settings.

    Example:
        >>> describe(LabOptions())
        'digits, mlp (32 hidden units), full batch, learning rate 0.5, init scale 4, seed 0'
    """
    net = f"mlp ({options.hidden_units} hidden units)" if options.model == "mlp" else "logreg"
    batch = f"batch size {options.batch_size}" if options.batch_size else "full batch"
    parts = [
        options.dataset,
        net,
        batch,
        f"learning rate {options.learning_rate:g}",
        f"init scale {options.init_scale:g}",
    ]
    if options.label_smoothing:
        parts.append(f"label smoothing {options.label_smoothing:g}")
    if options.class_weights:
        parts.append(f"{options.class_weights} class weights")
    if options.focal_gamma:
        parts.append(f"focal γ {options.focal_gamma:g}")
    parts.append(f"seed {options.seed}")
    return ", ".join(parts)


def race_with_progress(options: LabOptions, history: list[RaceEpoch]) -> None:
    """Run the race with a progress bar per run on the terminal (rich's, gone when done),
    appending each epoch to ``history`` as it ends (an interrupted race keeps what it ran)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
    )
    names = loss_names(options)
    with Progress(*columns, transient=True) as progress:
        ce = progress.add_task(names["ce"], total=options.epochs, status="")
        mse = progress.add_task(names["mse"], total=options.epochs, status="")
        for r in race(options):
            history.append(r)
            for task, m in ((ce, r.ce), (mse, r.mse)):
                status = f"test accuracy {m.test_accuracy:.3f}  loss {m.train_loss:.4f}"
                progress.update(task, completed=r.epoch, status=status)


def summary_table(
    options: LabOptions, history: Sequence[RaceEpoch], marks: Sequence[float] = ACCURACY_MARKS
) -> str:
    """The race's result: epochs to reach each test accuracy, final loss and accuracy of each run.

    Args:
        options: the race's options (they name the runs).
        history: the race's epochs, in order.
        marks: the test accuracies to report the first epoch of.

    Returns:
        A fixed-width table; "—" where a run never reached the mark.
    """
    ce = [r.ce for r in history]
    mse = [r.mse for r in history]
    label_width = 34

    def row(label: str, a: str, b: str) -> str:
        return f"{label:<{label_width}}{a:>14}{b:>15}"

    def reached(runs: list[EpochMetrics], mark: float) -> str:
        epoch = epochs_to_reach(runs, mark)
        return "—" if epoch is None else str(epoch)

    names = loss_names(options)
    lines = [row("", names["ce"], names["mse"])]
    lines += [
        row(f"epochs to {mark:.0%} test accuracy", reached(ce, mark), reached(mse, mark))
        for mark in marks
    ]
    last_ce, last_mse = ce[-1], mse[-1]
    for label, name in [
        ("train loss", "train_loss"),
        ("test loss", "test_loss"),
        ("train accuracy", "train_accuracy"),
        ("test accuracy", "test_accuracy"),
        ("mean |∂L/∂z| at the output", "output_grad"),
    ]:
        a, b = getattr(last_ce, name), getattr(last_mse, name)
        lines.append(row(f"final {label}", f"{a:.4f}", f"{b:.4f}"))
    lines.append(f"(after {len(history)} epochs; — : not reached)")
    return "\n".join(lines)


def write_metrics_csv(path: str | Path, history: Sequence[RaceEpoch]) -> None:
    """Write one row per epoch per loss: loss, epoch, train/test loss and accuracy, output_grad.

    Floats are written in full (``repr``) so that a rerun can be compared exactly.
    """
    fields = [f.name for f in dataclasses.fields(EpochMetrics)]
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(fields)
        for race_epoch in history:
            for m in (race_epoch.ce, race_epoch.mse):
                writer.writerow(
                    [repr(v) if isinstance(v, float) else v for v in dataclasses.astuple(m)]
                )


def plot_curves(path: str | Path, options: LabOptions, history: Sequence[RaceEpoch]) -> None:
    """Draw loss, train/test accuracy and output-gradient size against the epoch to a PNG.

    Uses Matplotlib's object interface with the Agg canvas: no window, no global state.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13, 4), layout="constrained")
    FigureCanvasAgg(fig)
    ax_loss, ax_acc, ax_grad = fig.subplots(1, 3)
    epochs = [r.epoch for r in history]
    names = loss_names(options)
    for key, colour in (("ce", "tab:blue"), ("mse", "tab:orange")):
        runs = [getattr(r, key) for r in history]
        name = names[key]
        ax_loss.plot(epochs, [m.train_loss for m in runs], color=colour, label=f"{name}, train")
        ax_loss.plot(epochs, [m.test_loss for m in runs], "--", color=colour, label="test")
        ax_acc.plot(epochs, [m.test_accuracy for m in runs], color=colour, label=f"{name}, test")
        ax_acc.plot(epochs, [m.train_accuracy for m in runs], ":", color=colour, label="train")
        ax_grad.plot(epochs, [m.output_grad for m in runs], color=colour, label=name)
    ax_loss.set(title="loss (each on its own scale)", xlabel="epoch", yscale="log")
    ax_acc.set(title="accuracy", xlabel="epoch", ylim=(0, 1))
    ax_grad.set(title="mean |∂L/∂z| at the output layer", xlabel="epoch", yscale="log")
    for ax in (ax_loss, ax_acc, ax_grad):
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(describe(options))
    fig.savefig(Path(path), dpi=100)
