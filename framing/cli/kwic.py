"""``framing kwic``: keyword-in-context lines for a term in a corpus, in the terminal."""

from __future__ import annotations

import argparse
import shutil

from framing.cli.common import DEFAULT_LEXICONS, parse_pairs
from framing.errors import EXIT_OK, ParameterError

#: Lines printed when --limit is not given.
DEFAULT_LIMIT = 100


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``kwic`` subcommand."""
    p = sub.add_parser(
        "kwic", help="show every occurrence of a term with its context, voice and speaker",
        description="Search PATH for TERM (a word or phrase; case-insensitive, whole words, a "
                    "trailing * matches any ending, e.g. 'imperialis*') and print one line per "
                    "occurrence: outlet, voice (author / quoted / scare_quote, from the quotation "
                    "finder), left context, the match, right context.  With --loaded, TERM is "
                    "looked up among the loaded-term hits of the lexicons instead (entry or "
                    "matched text; TERM may be omitted with --category).",
    )
    p.add_argument("path", metavar="PATH",
                   help="corpus folder (<root>/<outlet>/*.txt|html) or a CSV/TSV/JSONL/JSON/Parquet file")
    p.add_argument("term", metavar="TERM", nargs="?", help="word or phrase to show in context")
    p.add_argument("--window", type=int, default=8, metavar="N",
                   help="words of context on each side, within the paragraph (default: 8)")
    p.add_argument("--outlet", action="append", default=None, metavar="X",
                   help="only this outlet (repeatable; an outlet the corpus does not have is an error)")
    p.add_argument("--voice", choices=["all", "author", "quoted", "scare_quote"], default="all",
                   help="only lines in this voice; 'author' includes scare quotes (default: all)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"print at most N lines (default: {DEFAULT_LIMIT}; 0 prints all)")
    p.add_argument("--loaded", action="store_true",
                   help="show loaded-term hits of the lexicons (TERM filters entry or match)")
    p.add_argument("--category", action="append", default=None, metavar="C",
                   help="with --loaded: only hits of this category (repeatable)")
    p.add_argument("--lexicon", action="append", default=None, metavar="NAME|FILE",
                   help="lexicon for --loaded (repeatable; default: the built-in loaded_language)")
    p.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                   help="table column holding a field, e.g. --column text=content_original "
                        "--column outlet=source")
    p.add_argument("--encoding", help="force this text encoding instead of detecting it")
    p.add_argument("--width", type=int, default=None, metavar="N",
                   help="line width (default: the terminal width)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the score cache")
    p.set_defaults(func=run_kwic)


def run_kwic(args: argparse.Namespace) -> int:
    """Handler of ``framing kwic``."""
    from framing.keyword_context import kwic
    from framing.scoring import score_corpus

    if args.term is None and not (args.loaded and args.category):
        raise ParameterError("TERM is required (or --loaded with --category)", field="TERM",
                             hint="e.g. framing kwic corpora/sample regime")
    for name in ("window", "limit", "width"):
        if (getattr(args, name) or 0) < 0:
            raise ParameterError(f"--{name} must be 0 or more, got {getattr(args, name)}",
                                 field=f"--{name}", hint=f"give a count, or leave --{name} out for "
                                                          "the default")
    if args.category and not args.loaded:
        raise ParameterError("--category needs --loaded", field="--category",
                             hint="add --loaded to filter loaded-term hits by category")
    columns = parse_pairs(args.column, "--column")
    if args.outlet:  # a mistyped outlet is an error before scoring, not "0 occurrence(s)"
        from framing.report_params import check_outlets, corpus_outlets

        check_outlets(args.outlet, corpus_outlets(args.path, columns), "--outlet", str(args.path))
    scores = score_corpus(
        args.path, lexicons=tuple(args.lexicon or DEFAULT_LEXICONS), targets=None,
        columns=columns, encoding=args.encoding, cache=not args.no_cache,
    )
    common = {"window": args.window, "outlet": args.outlet, "voice": args.voice}
    if args.loaded:
        lines = kwic(scores.documents, scores.hits, term=args.term, category=args.category,
                     **common)
    else:
        lines = kwic(scores.documents, args.term, sentences=scores.sentences,
                     quotes=scores.quotes, **common)
    width = args.width or shutil.get_terminal_size((120, 24)).columns
    limit = None if args.limit == 0 else args.limit
    print(lines.to_text(width=width, max_rows=limit))
    what = f"{args.term!r}" if args.term else f"category {', '.join(args.category)}"
    print(f"{len(lines)} occurrence(s) of {what} in {lines['doc_id'].nunique()} document(s) "
          f"of {len(scores.documents)}")
    return EXIT_OK
