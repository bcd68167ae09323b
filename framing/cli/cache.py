"""``framing cache info`` and ``framing cache clear``."""

from __future__ import annotations

import argparse

from framing.errors import EXIT_OK, ParameterError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cache`` subcommand group."""
    p = sub.add_parser("cache", help="inspect or clear the score cache",
                       description="The score cache keeps scored frames keyed by content hashes "
                                   "(document texts, lexicons, targets, model, framing code) and "
                                   "whole runs by the relative path and SHA-256 of every input "
                                   "file (its contents, not its size or modification time), so "
                                   "unchanged corpora are not scored twice and an edited file is "
                                   "re-scored even if its time was kept (--no-cache re-reads "
                                   "everything). Location: $FRAMING_CACHE_DIR, "
                                   "else $XDG_CACHE_HOME/framing, else ~/.cache/framing.")
    p.add_argument("--dir", metavar="DIR", help="cache folder (default: see above)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="entries and size")
    info.set_defaults(func=run_info)
    clear = actions.add_parser("clear", help="remove entries")
    clear.add_argument("--older-than", type=float, metavar="DAYS",
                       help="only entries not used for this many days")
    clear.set_defaults(func=run_clear)


def run_info(args: argparse.Namespace) -> int:
    """Handler of ``framing cache info``."""
    from framing.cache import ScoreCache

    cache = ScoreCache(args.dir)
    info = cache.info()
    print(f"cache: {cache.root}")
    print(info.assign(megabytes=(info["bytes"] / 1e6).round(2)).drop(columns="bytes").to_string(index=False))
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    """Handler of ``framing cache clear``."""
    from framing.cache import ScoreCache

    if args.older_than is not None and not args.older_than >= 0:  # also NaN
        raise ParameterError(f"--older-than must be 0 or more days, got {args.older_than}",
                             field="--older-than", hint="e.g. --older-than 30, or leave it out "
                                                       "to remove every entry")
    cache = ScoreCache(args.dir)
    removed = cache.clear(older_than_days=args.older_than)
    print(f"removed {removed} entries from {cache.root}")
    return EXIT_OK
