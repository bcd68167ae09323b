"""Speed of quotation detection with speaker attribution (``find_quotes``).

Usage::

    python benchmarks/quotes_speed.py [PATH] [--repeat 3] [--profile]

``PATH`` is the AllSides JSONL file (default: the test articles under
``/work/shared``; exits 0 with a message when it is absent).  The texts are read
and cleaned once with :func:`framing.load_corpus` (``columns={"text":
"content_original", "outlet": "source"}``), the way the pipeline sees them;
cleaning is not timed.

Printed: CPU seconds (``time.process_time``, median of ``--repeat`` runs, so
other jobs on the shared machine disturb it little) for

``baseline``
    :func:`framing.text.paragraph_spans` plus one pass of
    :data:`framing.text.WORD_RE` over each text: the least any per-document
    text pass costs (a floor reference, not a competitor);
``find_quotes``
    :func:`framing.quotes.find_quotes` on each text, in MB/s of UTF-8 text and
    as a ratio to the baseline of the same run.

``--profile`` also prints the top functions of one ``cProfile`` run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import load_corpus  # noqa: E402
from framing.quotes import find_quotes  # noqa: E402
from framing.text import WORD_RE, paragraph_spans  # noqa: E402

DEFAULT_PATH = Path("/work/shared/data/allsides-article-bias/test_articles.jsonl")


def load_texts(path: Path) -> list[str]:
    """Cleaned texts of the AllSides JSONL file, as the pipeline reads them."""
    docs = load_corpus(path, columns={"text": "content_original", "outlet": "source"}).documents
    return [str(t) for t in docs["text"]]


def baseline(texts: list[str]) -> None:
    for t in texts:
        paragraph_spans(t)
        for _ in WORD_RE.finditer(t):
            pass


def quotes(texts: list[str]) -> None:
    for t in texts:
        find_quotes(t)


def timed(fn, texts: list[str], repeat: int) -> float:
    """Median CPU seconds of ``repeat`` runs of ``fn(texts)``."""
    runs = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn(texts)
        runs.append(time.process_time() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="AllSides JSONL file")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (median)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile summary")
    args = ap.parse_args(argv)
    path = Path(args.path)
    if not path.exists():
        print(f"{path} not found; nothing to measure", file=sys.stderr)
        return 0
    texts = load_texts(path)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    quotes(texts[:50])  # warm-up: word lists, regex compilation, tag cache
    tb = timed(baseline, texts, args.repeat)
    tq = timed(quotes, texts, args.repeat)
    n_quotes = sum(len(find_quotes(t)) for t in texts)
    print(f"{len(texts)} documents, {mb:.2f} MB UTF-8, {n_quotes:,} quotations; "
          f"CPU seconds, median of {args.repeat} runs, one core")
    print(f"  baseline (paragraphs + word regex): {tb:6.3f} s  ({mb / tb:6.1f} MB/s)")
    print(f"  find_quotes:                        {tq:6.3f} s  ({mb / tq:6.2f} MB/s, "
          f"{tq / tb:.1f}x baseline)")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(quotes, texts)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
