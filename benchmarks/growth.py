"""How scoring time grows with document length, on shapes that once made it quadratic.

Usage::

    python benchmarks/growth.py [--sizes 5000 50000 100000] [--repeat 3]

Scores one document of each shape at each size (characters) with the default
:class:`framing.pipeline.Scorer` (built-in lexicon and targets, stance on) and
prints CPU seconds (median of ``--repeat``) and, between consecutive sizes, the
time ratio against the size ratio.  Linear work gives a time ratio close to the
size ratio; the last column divides the two (about 1: linear, about the size
ratio: quadratic).  The reference shape is ordinary news text (the sample
corpus's articles joined into one long document), scored in the same run.

Shapes (found by property-based fuzzing; each was quadratic before the fix
named):

``quotes_one_sentence``
    ``"Russia is a threat," he said, `` repeated: many quotations in one
    sentence (subject search before each verb: bounded to
    ``quote_tags.SUBJECT_MAX_TOKENS``);
``comma_list``
    ``Anna Berg, `` repeated, then ``Bob Smith said "war is bad."`` (the same);
``according_to``
    ``according to Macron "war" `` repeated (``rule_according``: cue positions
    found once per paragraph);
``pronoun_quotes``
    ``"Yes," he said. "No," she said.`` repeated in one paragraph (token offsets
    located by bisection over the paragraph's runs).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from framing.pipeline import Scorer  # noqa: E402

SHAPES = {
    "quotes_one_sentence": lambda n: ('"Russia is a threat," he said, ' * (n // 20 + 1))[:n],
    "comma_list": lambda n: "Anna Berg, " * max((n - 30) // 11, 1) + 'Bob Smith said "war is bad."',
    "according_to": lambda n: ('according to Macron "war" ' * (n // 20 + 1))[:n],
    "pronoun_quotes": lambda n: ('"Yes," he said. "No," she said. ' * (n // 20 + 1))[:n],
}


def news_text(n: int) -> str:
    """The sample corpus's article texts joined (paragraphs kept) and cut to ``n`` characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "sample").glob("*/*.txt"))]
    joined = "\n\n".join(texts)
    return (joined * (n // len(joined) + 1))[:n]


def cpu_seconds(scorer: Scorer, text: str, repeat: int) -> float:
    frame = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    times = []
    for _ in range(repeat):
        started = time.process_time()
        scorer.score(frame)
        times.append(time.process_time() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # long documents warn; not what is measured
    scorer = Scorer()
    cpu_seconds(scorer, news_text(2000), 1)  # load lexicons, targets and word lists
    shapes = {"news_reference": news_text, **SHAPES}
    print(f"{'shape':22s}" + "".join(f"{n:>12,d}" for n in args.sizes) + "   growth (time ratio / size ratio)")
    for name, make in shapes.items():
        secs = [cpu_seconds(scorer, make(n), args.repeat) for n in args.sizes]
        growth = [(b / a) / (m / n) if a > 0 else float("nan")
                  for a, b, n, m in zip(secs, secs[1:], args.sizes, args.sizes[1:], strict=False)]
        print(f"{name:22s}" + "".join(f"{s:11.3f}s" for s in secs) + "   "
              + "  ".join(f"{g:.2f}" for g in growth))


if __name__ == "__main__":
    main()
