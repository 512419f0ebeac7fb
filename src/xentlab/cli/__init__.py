"""The command line: ``xentlab [serve]`` opens the explorer; also ``lab``, ``loss``,
``figures`` and ``demo`` (see ``--help`` of each).

Thin by design: parse, call the library or the app, print, and exit non-zero with a one-line
message on error: 1 for bad data or a failed run, 2 for bad usage (argparse's convention).
The ``loss`` and ``lab`` commands have a module each (:mod:`xentlab.cli.loss`,
:mod:`xentlab.cli.lab`); what the flags accept is :mod:`xentlab.cli.arguments`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from xentlab import __version__
from xentlab._src.extras import MissingExtra, require
from xentlab.cli.arguments import port, workers
from xentlab.cli.lab import add_lab_parser, run_lab
from xentlab.cli.loss import add_loss_parser, run_loss
from xentlab.course.content import LANGUAGES

__all__ = ["main"]

EPILOG_SERVE = """examples:
  xentlab serve --port 8080 --no-browser
  xentlab serve --host 0.0.0.0 --workers 2    # a class: two processes behind HAProxy
  xentlab serve --host 0.0.0.0 --class        # tasks counted live on a teacher's page
  xentlab serve --class --class-file class.sqlite   # the class kept after serve stops
"""

EPILOG_FIGURES = """examples:
  xentlab figures --out figures
  xentlab figures --out figures --format svg
  xentlab figures --out figures-zh --lang zh

Writes one figure per explorer section (NN-slug.png), drawn from the same lesson views the
explorer shows, at each section's default settings. Chinese labels (--lang zh) need a CJK
font (Debian/Ubuntu: apt-get install fonts-noto-cjk).
"""


class _Parser(argparse.ArgumentParser):
    """The parser of the command and of each subcommand (``add_parser`` makes one of the same
    class), whose description and epilog (the examples) keep their line breaks."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(**kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xentlab",
        description="See, compute and trust cross-entropy loss. "
        "With no command, serves the interactive explorer.",
        epilog="example:\n  xentlab            # open the explorer in your browser",
    )
    parser.add_argument("--version", action="version", version=f"xentlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve",
        help="serve the interactive explorer (the default)",
        description="Serve the interactive explorer and open it in the browser.",
        epilog=EPILOG_SERVE,
    )
    _add_serve_options(serve)
    add_lab_parser(sub)
    add_loss_parser(sub)
    figures = sub.add_parser(
        "figures",
        help="write a static figure of every explorer section (PNG or SVG)",
        description="Write a static figure of every explorer section.",
        epilog=EPILOG_FIGURES,
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
    )
    _add_serve_options(parser)
    return parser


def _add_serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=port, default=8080, help="port to listen on (default 8080)")
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
        type=workers,
        default=1,
        metavar="N",
        help="serve from N processes behind HAProxy, for a class larger than one core serves "
        "(default 1: one process, no HAProxy; needs Debian's haproxy package)",
    )
    parser.add_argument(
        "--class",
        dest="class_mode",
        action="store_true",
        help="run a class: print a teacher's link (with a secret token) whose page shows a join "
        "code and, live, how many students joined and solved each task; students join by the "
        "code or link. The class is deleted when serve stops (see --class-file)",
    )
    parser.add_argument(
        "--class-file",
        metavar="PATH",
        default=None,
        help="keep the class in this SQLite file after serve stops (implies --class)",
    )
    parser.add_argument(
        "--class-store",
        metavar="URL",
        default=os.environ.get("XENTLAB_CLASS_STORE_URL") or None,
        help="keep the class in this Redis server (redis://host:port/0), for explorer servers "
        "on several machines, which take up the same class (implies --class; default: "
        "$XENTLAB_CLASS_STORE_URL; give them one $XENTLAB_TEACHER_TOKEN)",
    )


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
        return run_loss(args)
    if args.command == "lab":
        return run_lab(args)
    if args.command == "figures":
        return run_figures(args)
    started = _start_class(args)
    try:
        return _serve(args)
    finally:
        if started is not None:
            started.stop()


def _start_class(args: argparse.Namespace) -> Any:
    """The class ``--class`` (or its file or store) asks for, started and announced; None when
    none is asked for."""
    if not (args.class_mode or args.class_file or args.class_store):
        return None
    from xentlab.app.server.address import WILDCARDS, network_address
    from xentlab.app.server.class_session import start_class

    public = network_address() if args.host in WILDCARDS else None
    base = f"http://{public}:{args.port}" if public else ""
    started = start_class(args.class_file, args.class_store, base)
    local = "127.0.0.1" if args.host in WILDCARDS else args.host
    print(f"Class {started.code}: students join at {base or f'http://{local}:{args.port}'}"
          f"{started.join_path()}", flush=True)  # fmt: skip
    print("Your teacher's page (keep this link to yourself): "
          f"http://{local}:{args.port}{started.teacher_path()}", flush=True)  # fmt: skip
    return started


def _serve(args: argparse.Namespace) -> int:
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
    from xentlab.app.server.workers import MissingHAProxy, serve_workers

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
