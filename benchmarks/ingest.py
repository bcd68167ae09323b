"""Ingestion + segmentation throughput, and memory as the corpus grows.

Usage::

    python benchmarks/ingest.py [CORPUS] [--column text=content_original --column outlet=source]
                                [--repeat 3] [--scale 10]

Default corpus: ../shared/data/allsides-article-bias/test_articles.jsonl (skips
cleanly if absent).  Prints documents/s and MB/s (median of ``--repeat`` runs,
each in a fresh process so peak RSS is measured per run), then the same for a
corpus ``--scale`` times larger made by repeating the input with a copy number
appended to each text (so duplicate detection does not short-circuit it), and
the ratio of peak RSS between the two: streaming means the ratio stays near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "allsides-article-bias" / "test_articles.jsonl"
DEFAULT_COLUMNS = ["text=content_original", "outlet=source"]


def run_once(path: str, columns: dict[str, str]) -> dict:
    """Stream the corpus in batches, segment every document, return counts and timings."""
    from framing.corpus import iter_corpus
    from framing.progress import set_progress
    from framing.sentences import sentences_frame

    set_progress(False)
    start = time.perf_counter()
    docs = sentences = 0
    for batch in iter_corpus(path, columns=columns):
        docs += len(batch.documents)
        sentences += len(sentences_frame(batch.documents))
    seconds = time.perf_counter() - start
    return {"docs": docs, "sentences": sentences, "seconds": seconds,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(path: Path, columns: list[str], repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--child", str(path), *sum((["--column", c] for c in columns), [])],
                             check=True, capture_output=True, text=True, cwd=REPO)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    mb = path.stat().st_size / 1e6
    secs = statistics.median(r["seconds"] for r in runs)
    return {"mb": mb, "docs": runs[0]["docs"], "sentences": runs[0]["sentences"], "seconds": secs,
            "docs_per_s": runs[0]["docs"] / secs, "mb_per_s": mb / secs,
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs)}


def scaled_copy(path: Path, scale: int, text_column: str) -> Path:
    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for copy in range(scale):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        row[text_column] = f"{row.get(text_column, '')}\n\n(copy {copy})"
                        out.write(json.dumps(row) + "\n")
    return Path(tmp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--column", action="append", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    columns = args.column if args.column is not None else (DEFAULT_COLUMNS if args.corpus == str(DEFAULT) else [])
    colmap = dict(c.split("=", 1) for c in columns)
    if args.child:
        print(json.dumps(run_once(args.corpus, colmap)))
        return 0
    path = Path(args.corpus)
    if not path.exists():
        print(f"skipped: corpus {path} not found (pass a corpus path)")
        return 0
    base = measure(path, columns, args.repeat)
    print(f"corpus: {path} ({base['mb']:.1f} MB, {base['docs']} documents, {base['sentences']} sentences)")
    print(f"ingest+segment: median {base['seconds']:.2f} s over {args.repeat} runs = "
          f"{base['docs_per_s']:.0f} documents/s, {base['mb_per_s']:.2f} MB/s, peak RSS {base['peak_rss_mb']:.0f} MB")
    if args.scale > 1 and path.suffix == ".jsonl":
        big = scaled_copy(path, args.scale, colmap.get("text", "text"))
        try:
            large = measure(big, columns, 1)
        finally:
            big.unlink()
        print(f"{args.scale}x corpus ({large['mb']:.0f} MB, {large['docs']} documents): {large['seconds']:.1f} s = "
              f"{large['mb_per_s']:.2f} MB/s, peak RSS {large['peak_rss_mb']:.0f} MB "
              f"(ratio to 1x: {large['peak_rss_mb'] / base['peak_rss_mb']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
