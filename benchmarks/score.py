"""Scoring throughput (segmentation + quotes and voice + loaded-term matching) by lexicon size.

Usage::

    python benchmarks/score.py [PATH] [--repeats 3] [--baseline-docs 40]

``PATH``: a JSONL file (field ``content_original``, else ``text``) or any corpus
``framing.load_corpus`` reads; default: the AllSides test articles (skips cleanly
when absent).  For each lexicon of ``benchmarks/matcher.py`` (50 entries, 2,000
and 5,000 with the same hits, the built-in ~1,600, and 5,000 real words) it
prints sentences/s and MB/s of :meth:`framing.pipeline.Scorer.score` without
targets (so: segmentation, quotation spans and speakers, voice of every sentence
and hit, matching), as the median CPU time of ``--repeats`` runs.  In the same
run, the naive baseline does the same segmentation and voice work but matches by
applying one compiled regex per entry of the 2,000-entry lexicon to every
sentence (on the first ``--baseline-docs`` documents: it is slow).  Goals
(issue 3): 5,000 entries at least 80% of the throughput of 50; at least 20x the
naive baseline at 2,000 entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matcher import DEFAULT_PATH, naive_regexes, read_texts, synthetic_lexicons, timed  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-docs", type=int, default=40)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"skipped: {args.path} not found (pass a corpus path)")
        return 0
    import pandas as pd

    from framing.clean import clean_text
    from framing.pipeline import Scorer, ScoreSettings
    from framing.progress import set_progress
    from framing.quotes import QuoteIndex, find_quotes
    from framing.text import paragraph_spans, segment

    set_progress(False)
    texts = [clean_text(t) for t in read_texts(args.path)]
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    mb = sum(len(t.encode()) for t in texts) / 1e6
    lexicons = synthetic_lexicons(texts)
    print(f"{len(texts)} documents, {mb:.1f} MB; median CPU time of {args.repeats} runs")
    results = {}
    for label, lexicon in lexicons.items():
        scorer = Scorer(ScoreSettings(lexicons=(lexicon,), targets=None))
        frames = scorer.score(documents.iloc[:20])  # warm up caches
        seconds = timed(lambda s=scorer: s.score(documents), args.repeats)
        frames = scorer.score(documents)
        n_sent = len(frames["sentences"])
        results[label] = mb / seconds
        print(f"  {label:>16} entries: {mb / seconds:5.2f} MB/s, {n_sent / seconds:7.0f} sentences/s, "
              f"{len(frames['hits'])} hits")
    print(f"5,000 vs 50 entries (same hits): {results['scaling 5000'] / results['scaling 50']:.2f} (goal >= 0.80)")
    real5000 = next(k for k in results if k == "realistic 5000")
    print(f"5,000 real words vs 50: {results[real5000] / results['scaling 50']:.2f} (information: more hits)")

    regexes = naive_regexes(lexicons["scaling 2000"])
    base = texts[: args.baseline_docs]
    base_mb = sum(len(t.encode()) for t in base) / 1e6

    def naive() -> None:
        for text in base:
            index = QuoteIndex(find_quotes(text, paragraph_spans(text)), text)
            for _, s, e in segment(text):
                index.sentence_voice(s, e)
                sentence = text[s:e]
                for rx in regexes:
                    for m in rx.finditer(sentence):
                        index.voice_of_span(s + m.start(), s + m.end())

    start = time.process_time()
    naive()
    naive_mbs = base_mb / (time.process_time() - start)
    print(f"naive baseline, 2,000 regexes per sentence (first {len(base)} documents): {naive_mbs:.3f} MB/s")
    print(f"scoring with 2,000 entries / naive: {results['scaling 2000'] / naive_mbs:.0f}x (goal >= 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
