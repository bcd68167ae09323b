"""``framing ingest`` and ``framing sentences``: read a corpus, summarise it, write frames."""

from __future__ import annotations

import argparse
import sys

from framing.cli.common import add_corpus_arguments, corpus_kwargs
from framing.errors import EXIT_OK


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


def print_problems(manifest, stream=None, limit: int = 20) -> None:
    """Print rejected items and accepted items with warnings (first ``limit`` of each)."""
    stream = stream or sys.stdout
    rejected = manifest[manifest["status"] == "rejected"]
    warned = manifest[(manifest["status"] == "accepted") & (manifest["reason"].fillna("") != "")]
    for title, rows in (("rejected", rejected), ("warnings", warned)):
        if len(rows):
            print(f"\n{title} ({len(rows)}):", file=stream)
            for item, reason in zip(rows["item"].head(limit), rows["reason"].head(limit), strict=True):
                # rejection reasons already name the file and line
                print(f"  {reason}" if title == "rejected" else f"  {item}: {reason}", file=stream)
            if len(rows) > limit:
                print(f"  ... and {len(rows) - limit} more (write them with --manifest)", file=stream)


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
