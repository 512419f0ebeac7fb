"""The command line: ``xentlab [serve]`` opens the explorer; also ``lab``, ``loss``,
``figures`` and ``demo`` (see ``--help`` of each).

Thin by design: parse, call the library or the app, print, and exit non-zero with a one-line
message on error: 1 for bad data or a failed run, 2 for bad usage (argparse's convention).
The ``loss`` command, the largest, has its own module, :mod:`xentlab._cli_loss`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from xentlab import __version__
from xentlab._extras import MissingExtra, require
from xentlab.content import LANGUAGES
from xentlab.params import Choice, OrNone, Spec

__all__ = ["main"]

EPILOG_SERVE = """examples:
  xentlab serve --port 8080 --no-browser
  xentlab serve --host 0.0.0.0 --workers 2    # a class: two processes behind HAProxy
"""

EPILOG_LAB = """examples:
  xentlab lab --dataset digits --model mlp --epochs 200 --out runs/digits
  xentlab lab --dataset breast-cancer --model logreg --focal-gamma 2 --class-weights balanced

Both runs start from the same weights (drawn from --seed) and see the same mini-batches.
The defaults start saturated (--init-scale 4): watch squared error stall while
cross-entropy learns. --init-scale 1 is the ordinary (LeCun) start.
"""

EPILOG_FIGURES = """examples:
  xentlab figures --out figures
  xentlab figures --out figures --format svg
  xentlab figures --out figures-zh --lang zh

Writes one figure per explorer section (NN-slug.png), drawn from the same lesson views the
explorer shows, at each section's default settings. Chinese labels (--lang zh) need a CJK
font (Debian/Ubuntu: apt-get install fonts-noto-cjk).
"""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"expected a port in 1..65535, got {port}")
    return port


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}") from None
    if workers < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 process, got {workers}")
    return workers


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xentlab",
        description="See, compute and trust cross-entropy loss. "
        "With no command, serves the interactive explorer.",
        epilog="example:\n  xentlab            # open the explorer in your browser",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"xentlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve",
        help="serve the interactive explorer (the default)",
        description="Serve the interactive explorer and open it in the browser.",
        epilog=EPILOG_SERVE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_serve_options(serve)
    _add_lab_parser(sub)
    from xentlab._cli_loss import add_loss_parser

    add_loss_parser(sub)
    figures = sub.add_parser(
        "figures",
        help="write a static figure of every explorer section (PNG or SVG)",
        description="Write a static figure of every explorer section.",
        epilog=EPILOG_FIGURES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    figures.add_argument("--out", metavar="DIR", required=True, help="folder to write (created)")
    figures.add_argument(
        "--format", choices=["png", "svg"], default="png", help="file format (default png)"
    )
    figures.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the labels (default en)"
    )
    sub.add_parser(
        "demo",
        help="print a short tour of the library in the terminal",
        description="Print the design's worked numbers, computed by the library.",
        epilog="example:\n  xentlab demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_serve_options(parser)
    return parser


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8080, help="port to listen on (default 8080)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of a page whose link names none (default: each browser's preferred one, "
        "else en); a link's lang=… always wins",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="serve from N processes behind HAProxy, for a class larger than one core serves "
        "(default 1: one process, no HAProxy; needs Debian's haproxy package)",
    )


def _typed(spec: Spec) -> Callable[[str], Any]:
    """An argparse ``type=`` that reads a value by ``spec``, so a bad value is refused with the
    rule the spec declares (the same rule a link to the explorer is checked against)."""

    def parse(text: str) -> Any:
        try:
            return spec.parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {spec.expects}, got {text!r}") from None

    return parse


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


def _add_lab_parser(sub: Any) -> None:
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
            type=_typed(p.spec),
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
        problem = _unwritable_folder(out)
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


def _unwritable_folder(path: Path) -> str | None:
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


def run_figures(args: argparse.Namespace) -> int:
    """``xentlab figures``: one file per section, each path printed as it is written."""
    from xentlab import figures

    try:
        figures.write_all(
            Path(args.out), args.format, lambda path: print(f"wrote {path}"), lang=args.lang
        )
    except figures.MissingFont as exc:  # before anything is written
        print(f"xentlab: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(
            f"xentlab figures: error: cannot write to {args.out}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return 0


def demo() -> str:
    """The design's worked numbers, each computed by the library."""
    import xentlab as xl

    yhat, y = np.array(0.7), np.array(1.0)
    logits = np.array([2.0, 1.0, -1.0])
    probs = xl.softmax(logits)
    lines = [
        "Binary cross-entropy at ŷ = 0.70, y = 1",
        f"  loss   −ln ŷ            = {float(xl.binary_cross_entropy(yhat, y)):.4f}",
        f"  dL/dŷ  −1/ŷ             = {float(xl.grad.binary_cross_entropy(yhat, y)):.4f}",
        f"  squared error (ŷ − y)²  = {float(xl.mse_loss(yhat, y)):.4f}",
        "Softmax of logits (2, 1, −1), true class 0",
        "  probabilities           = " + " / ".join(f"{p:.4f}" for p in probs),
        f"  cross-entropy           = {float(xl.cross_entropy(logits, np.array(0))):.4f}",
        "  gradient ŷ − y          = "
        + " / ".join(f"{g:+.4f}" for g in xl.grad.cross_entropy(logits, np.array(0))),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except MemoryError:  # no size a user can type gets here; a machine short of memory might
        print("xentlab: error: out of memory", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (e.g. `xentlab loss … | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


#: command → (the extra it needs, what the message calls it); the explorer is the default
NEEDS = {
    "lab": ("lab", "the lab"),
    "figures": ("lab", "the figures command"),
    "serve": ("app", "the explorer"),
    None: ("app", "the explorer"),
}


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in NEEDS:
        try:
            require(*NEEDS[args.command])
        except MissingExtra as exc:
            print(f"xentlab: {exc}", file=sys.stderr)
            return 1
    if args.command == "demo":
        print(demo())
        return 0
    if args.command == "loss":
        from xentlab._cli_loss import run_loss

        return run_loss(args)
    if args.command == "lab":
        return run_lab(args)
    if args.command == "figures":
        return run_figures(args)
    if args.workers > 1:
        return _serve_workers(args)
    from xentlab.app import run

    try:
        run(host=args.host, port=args.port, show=not args.no_browser, lang=args.lang)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(
            f"xentlab: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return 0


def _serve_workers(args: argparse.Namespace) -> int:
    from xentlab.app.workers import MissingHAProxy, serve_workers

    extra = ["--lang", args.lang] if getattr(args, "lang", None) else []
    try:
        return serve_workers(args.host, args.port, args.workers, not args.no_browser, extra)
    except MissingHAProxy as exc:
        print(f"xentlab: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"xentlab: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
