"""``framing ingest`` and ``framing sentences``: read a corpus, summarise it, write frames."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING, TextIO

from framing.cli.common import add_corpus_arguments, corpus_kwargs
from framing.errors import EXIT_OK

if TYPE_CHECKING:
    import pandas as pd

    from framing.tables import FolderOutlet


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` and ``sentences`` subcommands."""
    p = sub.add_parser(
        "ingest", help="read a corpus, print a per-outlet summary, write the documents frame",
        description="Read every article under PATH, clean it, and print per outlet: documents, "
                    "sentences, words, undated, rejected, duplicates. Rejected items and warnings "
                    "are listed with file, line and reason.",
    )
    add_corpus_arguments(p)
    p.add_argument("--out", metavar="FILE.parquet", help="write the documents frame here")
    p.add_argument("--manifest", metavar="FILE.parquet|csv", help="write the manifest here")
    p.set_defaults(func=run_ingest)

    s = sub.add_parser(
        "sentences", help="split a corpus into sentences with offsets",
        description="Write the sentences frame (doc_id, sent_id, para_id, start, end, text, ...) of PATH.",
    )
    add_corpus_arguments(s)
    s.add_argument("--out", metavar="FILE.parquet", required=True, help="write the sentences frame here")
    s.set_defaults(func=run_sentences)


def _write(frame, path: str) -> None:
    from framing.io import write_csv, write_parquet

    (write_csv if path.lower().endswith(".csv") else write_parquet)(frame, path)


def print_problems(manifest: pd.DataFrame, stream: TextIO | None = None, limit: int = 20) -> None:
    """Print rejected items, accepted items with warnings, and the table rows that take
    their outlet from a folder name (first ``limit`` lines of each).

    Rows of one table file with the same warnings (an encoding guess, no date) are one
    line, and so are its rows that take their outlet from the folder name, so that
    a file's repeated note does not crowd the others out of the listing.

    Parameters
    ----------
    manifest : pandas.DataFrame
        The manifest of a corpus (:data:`framing.schema.MANIFEST_COLUMNS`).
    stream : file-like, optional
        Where to print (default: standard output).
    limit : int
        Lines printed per section; the rest are counted ("... and N more").
    """
    from framing.tables import split_folder_outlet

    stream = stream or sys.stdout
    rejected = manifest[manifest["status"] == "rejected"]
    warned: dict[tuple[str, str], list[tuple[str, object]]] = {}  # (path, warnings) -> rows
    from_folder: dict[tuple[str, FolderOutlet], list[object]] = {}  # (path, note) -> lines
    accepted = manifest[(manifest["status"] == "accepted") & (manifest["reason"].fillna("") != "")]
    split = functools.cache(split_folder_outlet)  # the rows of a table repeat their reasons
    columns = [accepted[name].tolist() for name in ("item", "path", "line", "reason")]
    for item, path, line, reason in zip(*columns, strict=True):
        rest, note = split(reason)
        if note is not None:
            from_folder.setdefault((path, note), []).append(line)
        if rest:
            warned.setdefault((path, rest), []).append((item, line))
    warnings = [f"{rows[0][0]}: {rest}" if len(rows) == 1
                else f"{path}: {len(rows)} rows ({_lines([line for _, line in rows])}): {rest}"
                for (path, rest), rows in warned.items()]
    notes = [_folder_outlet_line(path, note, lines) for (path, note), lines in from_folder.items()]
    n_warned = sum(map(len, warned.values()))
    n_from_folder = sum(map(len, from_folder.values()))
    for title, lines in ((f"rejected ({len(rejected)})", list(map(str, rejected["reason"].tolist()))),
                         (f"warnings ({n_warned})", warnings),
                         (f"outlets taken from folder names ({n_from_folder} rows)", notes)):
        if lines:
            print(f"\n{title}:", file=stream)
            for text in lines[:limit]:  # rejection reasons already name the file and line
                print(f"  {text}", file=stream)
            if len(lines) > limit:
                print(f"  ... and {len(lines) - limit} more (write them with --manifest)", file=stream)


def _lines(numbers: list[object]) -> str:
    """``line(s) 2, 3, 4, 5, 6, ...``: the first five of a file's line numbers."""
    return "line(s) " + ", ".join(str(n) for n in numbers[:5]) + (", ..." if len(numbers) > 5 else "")


def _folder_outlet_line(path: str, note: FolderOutlet, lines: list[object]) -> str:
    """One listing line for the rows of a table file that take their outlet from its folder."""
    from framing.tables import FOLDER_OUTLET_HINT

    rows = f"{len(lines)} row takes" if len(lines) == 1 else f"{len(lines)} rows take"
    if note.no_column:
        why = f"no '{note.column}' column"
    else:
        why = f"'{note.column}' is empty on {_lines(lines)}"
    return f"{path}: {rows} their outlet {note.outlet} from the folder name ({why}; {FOLDER_OUTLET_HINT})"


def run_ingest(args: argparse.Namespace) -> int:
    """Handler of ``framing ingest``."""
    from framing.corpus import load_corpus
    from framing.sentences import sentences_frame

    corpus = load_corpus(args.path, **corpus_kwargs(args))
    summary = corpus.summary()
    sentences = sentences_frame(corpus.documents)
    per_outlet = sentences.merge(corpus.documents[["doc_id", "outlet"]], on="doc_id").groupby("outlet").size()
    summary.insert(2, "sentences", summary["outlet"].map(per_outlet).fillna(0).astype("int64"))
    summary.loc[summary["outlet"] == "total", "sentences"] = len(sentences)
    print(summary.to_string(index=False))
    print_problems(corpus.manifest)
    if args.out:
        _write(corpus.documents, args.out)
        print(f"\ndocuments written to {args.out}")
    if args.manifest:
        _write(corpus.manifest, args.manifest)
        print(f"manifest written to {args.manifest}")
    return EXIT_OK


def run_sentences(args: argparse.Namespace) -> int:
    """Handler of ``framing sentences``."""
    from framing.corpus import load_corpus
    from framing.sentences import sentences_frame

    corpus = load_corpus(args.path, **corpus_kwargs(args))
    sentences = sentences_frame(corpus.documents)
    _write(sentences, args.out)
    print(f"{len(sentences)} sentences from {len(corpus.documents)} documents written to {args.out}")
    print_problems(corpus.manifest)
    return EXIT_OK
