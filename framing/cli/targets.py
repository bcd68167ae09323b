"""``framing targets check FILE``: validate a targets file and list its targets."""

from __future__ import annotations

import argparse
import sys

from framing.errors import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``targets`` command."""
    parser = subparsers.add_parser("targets", help="check stance target files",
                                   description="Validate and list stance targets.")
    sub = parser.add_subparsers(dest="targets_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    check = sub.add_parser("check", help="validate a targets YAML file and list its targets",
                           description="Validate a targets YAML file and list its targets. "
                                       "Warns (exit code 0) about an exclusion whose wildcard "
                                       "word follows an alias ('Moscow attack*'): it also "
                                       "blocks the alias as a verb's subject "
                                       "('Moscow attacked').")
    check.add_argument("file", nargs="?", default="sample",
                       help="targets file or built-in name (default: sample)")
    check.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from framing.targets import exclusion_warnings, load_targets

    targets = load_targets(args.file)
    for warning in exclusion_warnings(targets):
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{targets.path}: {targets.id} ok, {len(targets)} targets, sha256 {targets.sha256}")
    for target in targets:
        aliases = ", ".join(a.text for a in target.aliases)
        line = f"  {target.name}: {aliases}"
        if target.exclude:
            line += f" (excluding: {', '.join(a.text for a in target.exclude)})"
        print(line)
    return EXIT_OK
