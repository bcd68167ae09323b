"""``framing score``: score a corpus and write every frame as Parquet, plus run.json."""

from __future__ import annotations

import argparse
import os

from framing.cli.common import (
    add_corpus_arguments,
    add_scoring_arguments,
    corpus_kwargs,
    scoring_kwargs,
)
from framing.errors import EXIT_OK, EXIT_PROBLEMS


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``score`` subcommand."""
    p = sub.add_parser(
        "score", help="score a corpus: sentences, quotes, loaded-term hits, target mentions, stance",
        description="Read PATH, score every sentence for loaded terms (with voice and speaker) and "
                    "stance toward targets, and write DIR/{documents,manifest,sentences,quotes,hits,"
                    "mentions,stance}.parquet (Parquet datasets: folders of part files that "
                    "pandas.read_parquet reads as one frame) and DIR/run.json (lexicon and target "
                    "hashes, parameters, package versions).",
    )
    add_corpus_arguments(p)
    p.add_argument("--out", metavar="DIR", required=True, help="output folder")
    add_scoring_arguments(p)
    p.set_defaults(func=run_score)


def run_score(args: argparse.Namespace) -> int:
    """Handler of ``framing score``."""
    from framing.scoring import write_scores

    meta = write_scores(args.path, args.out, **corpus_kwargs(args), **scoring_kwargs(args))
    counts, status = meta["counts"], meta["status"]
    if meta.get("cache") == "hit":
        print("read from the score cache: files, options, lexicons, targets and framing are "
              "unchanged since a previous run (--no-cache scores again)")
    print(f"{counts['documents']} documents scored ({', '.join(f'{v} {k}' for k, v in sorted(status.items()))}): "
          f"{counts['sentences']} sentences, {counts['hits']} loaded-term hits, {counts['quotes']} quotations, "
          f"{counts['mentions']} target mentions, {counts['stance']} stance rows "
          f"in {meta['seconds']:.1f} s")
    lexicons = ", ".join(f"{x['id']} (sha256 {x['sha256'][:12]})" for x in meta["lexicons"])
    print(f"lexicons: {lexicons}")
    if meta.get("targets"):
        print(f"targets: {meta['targets']['id']} (sha256 {meta['targets']['sha256'][:12]}); "
              f"stance method: {meta['stance_method']}")
    print(f"corpus manifest sha256 {meta['manifest_sha256'][:12]}")
    print(f"written to {os.path.join(args.out, '')} (run.json records parameters, hashes and versions)")
    return EXIT_PROBLEMS if args.strict and status.get("rejected") else EXIT_OK
