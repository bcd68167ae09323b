"""Options shared by several subcommands, defined once."""

from __future__ import annotations

import argparse

from framing.errors import ParameterError

#: Lexicons the commands use when no --lexicon is given.
DEFAULT_LEXICONS = ("loaded_language",)

__all__ = ["add_corpus_arguments", "corpus_kwargs", "parse_pairs", "add_scoring_arguments", "scoring_kwargs"]


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """Add PATH and the options of :func:`framing.load_corpus` to ``parser``."""
    parser.add_argument("path", metavar="PATH",
                        help="corpus folder (<root>/<outlet>/*.txt|html) or a CSV/TSV/JSONL/JSON/Parquet file")
    parser.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                        help="table column holding a field, e.g. --column text=content_original "
                             "--column outlet=source (fields: outlet, text, title, author, date, url, id)")
    parser.add_argument("--outlet", help="outlet for items that do not name one")
    parser.add_argument("--encoding", help="force this text encoding instead of detecting it")
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first rejected item or warning (exit code 1)")


def parse_pairs(values: list[str], option: str) -> dict[str, str]:
    """Parse ``NAME=VALUE`` strings; a malformed one is a usage error naming ``option``."""
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise ParameterError(f"expected NAME=VALUE, got {value!r}", field=option,
                                 hint=f"write e.g. {option} text=content")
        pairs[name.strip()] = rest.strip()
    return pairs


def corpus_kwargs(args: argparse.Namespace) -> dict:
    """Keyword arguments for :func:`framing.load_corpus` from parsed arguments."""
    from framing.sources import FIELDS

    columns = parse_pairs(args.column, "--column")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ParameterError(f"unknown field(s) {', '.join(unknown)}", field="--column",
                             hint=f"fields are: {', '.join(FIELDS)}")
    return {"columns": columns, "outlet": args.outlet, "encoding": args.encoding, "strict": args.strict}


def add_scoring_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of :func:`framing.score_corpus` (lexicons, targets, engine, cache)."""
    parser.add_argument("--lexicon", action="append", default=None, metavar="NAME|FILE",
                        help="lexicon to match (repeatable; default: the built-in loaded_language)")
    parser.add_argument("--targets", default="sample", metavar="NAME|FILE",
                        help="targets YAML file or built-in list (default: sample); 'none' skips stance")
    parser.add_argument("--stance-model", metavar="MODEL",
                        help="trained stance model (framing stance train); default: the lexicon method")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="worker processes (default: all cores)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="where to score (dask needs framing[dask])")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="dask scheduler address, e.g. tcp://10.0.0.1:8786 (default: a LocalCluster)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the score cache")


def scoring_kwargs(args: argparse.Namespace) -> dict:
    """Keyword arguments for :func:`framing.score_corpus` / ``write_scores`` from parsed arguments."""
    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs must be at least 1, got {args.jobs}", field="--jobs",
                             hint="give the number of worker processes, or leave --jobs out to use "
                                  "every core")
    targets = None if str(args.targets).lower() == "none" else args.targets
    if targets is None and args.stance_model:
        raise ParameterError("--stance-model scores stance toward targets, but --targets is none",
                             field="--stance-model", hint="drop --targets none or --stance-model")
    return {"lexicons": tuple(args.lexicon or DEFAULT_LEXICONS), "targets": targets,
            "stance_model": args.stance_model, "jobs": args.jobs, "engine": args.engine,
            "scheduler": args.scheduler, "cache": not args.no_cache}
