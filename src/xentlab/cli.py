"""The command line: ``xentlab [serve]`` opens the explorer; ``xentlab demo`` prints a tour.

Thin by design: parse, call the library or the app, print, and exit non-zero with a one-line
message on error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

__all__ = ["main"]

EPILOG_SERVE = """example:
  xentlab serve --port 8080 --no-browser
"""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"expected a port in 1..65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xentlab",
        description="See, compute and trust cross-entropy loss. "
        "With no command, serves the interactive explorer.",
        epilog="example:\n  xentlab            # open the explorer in your browser",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = sub.add_parser(
        "serve",
        help="serve the interactive explorer (the default)",
        description="Serve the interactive explorer and open it in the browser.",
        epilog=EPILOG_SERVE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_serve_options(serve)
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
    if args.command == "demo":
        print(demo())
        return 0
    from xentlab.app import run

    try:
        run(host=args.host, port=args.port, show=not args.no_browser)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(
            f"xentlab: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
