"""``python -m xentlab.app [--host H] [--port P] [--no-browser] [--lang L]``: serve the explorer."""

from __future__ import annotations

import argparse
import sys

from xentlab._src.extras import MissingExtra
from xentlab.app import run
from xentlab.course.content import LANGUAGES


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m xentlab.app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    parser.add_argument(
        "--lang", choices=LANGUAGES, help="language of a link that names none (default: browser's)"
    )
    args = parser.parse_args(argv)
    try:
        run(host=args.host, port=args.port, show=not args.no_browser, lang=args.lang)
    except MissingExtra as exc:
        sys.exit(f"{parser.prog}: {exc}")


if __name__ == "__main__":
    main()
