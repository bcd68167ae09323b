"""Entry point of the ``framing`` command: builds the parser from the command modules.

Each module in :data:`COMMAND_MODULES` defines ``register(subparsers)``, which adds
its subcommand(s) and sets ``func`` (a callable taking the parsed ``args`` and
returning an exit code) as the parser default.  User errors (:class:`FramingError`)
are printed as one ``error: ...`` line without a traceback unless ``--debug`` is
given; so are operating-system errors (an output folder that is a file, a full
disk, an unreachable scheduler), with exit code 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module

from framing import __version__
from framing.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, FramingError

#: Subcommand modules under ``framing.cli`` (one line each).
COMMAND_MODULES = [
    "ingest",
    "score",
    "cache",
    "lexicon",
    "report",
    "kwic",
    "stance", "targets",
]


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description=(
            "Media framing analysis: ingest a corpus, score loaded terms and stance "
            "toward targets, compare outlets, and write reports."
        ),
        epilog="Exit codes: 0 ok, 1 problems (strict mode, failed run), 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks for errors"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0,
        help="log warnings (-v) or progress details (-vv) to standard error",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(f"framing.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``framing`` command and return its exit code.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 on problems found in strict mode or a failed run,
        2 on usage errors.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    # problems are summarised by each command; the log repeats them only on request
    level = {0: logging.ERROR, 1: logging.WARNING}.get(args.verbose, logging.INFO)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("framing").setLevel(level)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or EXIT_OK)
    except FramingError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as err:  # an output folder that cannot be written, a full disk, a network
        if args.debug:
            raise
        print(f"error: {_os_error_text(err)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _os_error_text(err: OSError) -> str:
    """One line for an operating-system error: the file, what went wrong, how to fix it."""
    what = err.strerror or str(err) or type(err).__name__
    if err.filename is None:
        return f"{what} (fix: check the paths and addresses given; --debug shows where it failed)"
    names = f"{err.filename} -> {err.filename2}" if err.filename2 else str(err.filename)
    return f"{names}: {what} (fix: check that the path exists, is the right kind (file or folder) " \
           "and is writable)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
