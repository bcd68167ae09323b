"""``framing lexicon``: check, show and list lexicons.

* ``framing lexicon check FILE`` validates a lexicon file (or a built-in's installed
  file) and prints its entry and category counts and content hash, or every problem
  with ``file:line`` (exit 1); a name that is neither a file nor a built-in exits 2.
* ``framing lexicon show NAME|FILE`` prints metadata, categories with counts and
  weights, and a few example entries per category.
* ``framing lexicon list`` lists the built-in lexicons.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from framing.errors import EXIT_OK, EXIT_PROBLEMS, ParameterError
from framing.lexicon import (
    BUILTIN_LEXICONS,
    EXCLUDE_CATEGORY,
    Lexicon,
    builtin_lexicon_file,
    check_lexicon,
    exclusions_only_note,
    list_builtin_lexicons,
    load_lexicon,
)

#: Example entries printed per category by ``framing lexicon show`` (default).
SHOW_EXAMPLES = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``lexicon`` command and its ``check``/``show``/``list`` subcommands."""
    parser = subparsers.add_parser(
        "lexicon", help="check, show and list lexicons",
        description="Validate lexicon files, show their contents, list built-in lexicons.")
    sub = parser.add_subparsers(dest="lexicon_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _usage(parser))

    check = sub.add_parser("check", help="validate a lexicon file",
                           description="Validate a lexicon file (.yaml, .csv, .tsv, .dic, "
                                       ".txt) or a built-in lexicon's installed file; exit 1 "
                                       "if it has problems, 2 if it is not found.")
    check.add_argument("file", help="lexicon file or built-in name")
    check.add_argument("--category", default=None,
                       help="category of a plain word list (default: its '# category:' line, "
                            "else the file stem)")
    check.set_defaults(func=_check)

    show = sub.add_parser("show", help="show a lexicon's metadata, categories and examples")
    show.add_argument("lexicon", help="built-in name (see `framing lexicon list`) or file")
    show.add_argument("--examples", type=int, default=SHOW_EXAMPLES, metavar="N",
                      help=f"example entries per category (default {SHOW_EXAMPLES})")
    show.add_argument("--category", default=None,
                      help="category of a plain word list (default: its '# category:' line, "
                           "else the file stem)")
    show.set_defaults(func=_show)

    lst = sub.add_parser("list", help="list built-in lexicons")
    lst.set_defaults(func=_list)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _summary(lex: Lexicon) -> list[str]:
    counts = lex.category_counts()
    n_exclude = counts.pop(EXCLUDE_CATEGORY, 0)
    lines = [f"{lex.id}: {len(lex) - n_exclude} entries in {len(counts)} categories"
             + (f" (+{n_exclude} exclusions)" if n_exclude else ""),
             f"sha256: {lex.sha256}"]
    return lines


def _check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.file in BUILTIN_LEXICONS and not path.exists():  # a built-in name: its installed file
        path = builtin_lexicon_file(args.file)
    lexicon, errors = check_lexicon(path, category=args.category)
    if errors:
        for err in errors:
            print(str(err), file=sys.stderr)
        print(f"{args.file}: {len(errors)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    if lexicon is None:  # pragma: no cover - no errors always means a lexicon was built
        return EXIT_PROBLEMS
    print(f"{args.file}: ok")
    for line in _summary(lexicon):
        print(line)
    note = exclusions_only_note(lexicon)
    if note:
        print(f"note: {note}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    if args.examples < 0:
        raise ParameterError(f"--examples must be 0 or more, got {args.examples}",
                             field="--examples", hint="give 0 to show no examples")
    lex = load_lexicon(args.lexicon, category=args.category)
    for line in _summary(lex):
        print(line)
    for key in ("licence", "source", "description"):
        value = getattr(lex, key)
        if value:
            print(f"{key}: {value}")
    builtin = lex is load_lexicon(lex.name) if lex.name in BUILTIN_LEXICONS else False
    if builtin:  # the installed file, to copy and extend (lex.path names it in the package)
        print(f"path: {builtin_lexicon_file(lex.name)}")
    elif lex.path:
        print(f"path: {lex.path}")
    by_cat: dict[str, list] = defaultdict(list)
    for entry in lex.entries:
        by_cat[entry.category].append(entry)
    print("\ncategories (entries, default weight, mean weight):")
    for cat in lex.categories:
        entries = by_cat.get(cat.name, [])
        mean = sum(e.weight for e in entries) / len(entries) if entries else 0.0
        print(f"  {cat.name:24s} {len(entries):5d}  {cat.weight:4.2f}  {mean:4.2f}"
              + (f"  {cat.description}" if cat.description else ""))
    if args.examples > 0:
        print("\nexamples:")
        for cat in lex.categories:
            sample = by_cat.get(cat.name, [])[: args.examples]
            if sample:
                shown = ", ".join(f"{e.pattern} ({e.weight:g})" for e in sample)
                print(f"  {cat.name}: {shown}")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    for name in list_builtin_lexicons():
        lex = load_lexicon(name)
        n = sum(1 for e in lex.entries if e.category != EXCLUDE_CATEGORY)
        print(f"{name}\t{lex.version}\t{n} entries\t{lex.licence}\t{lex.description[:60]}")
    return EXIT_OK
