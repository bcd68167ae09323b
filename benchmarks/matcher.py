"""Matcher throughput (MB/s) by lexicon size, against a naive one-regex-per-entry baseline.

Usage::

    python benchmarks/matcher.py [PATH] [--repeats 9] [--baseline-mb 0.1]

``PATH`` is a JSONL file (field ``content_original``, else ``text``) or a plain
text file; default: the AllSides test articles.  Exits 0 with a message when
the default data are absent.

Two families of lexicons:

``scaling``
    50 entries sampled from the built-in ``loaded_language``; 2,000 and 5,000 =
    the same 50 plus generated entries (pseudo-words of 4-12 random letters,
    two-word phrases and ``*`` stems of them).  The hits stay the same, so the
    ratio 5,000 vs 50 measures how the matcher's cost grows with lexicon size
    alone (target: at least 0.80).
``realistic``
    every built-in entry (about 1,600), then the built-in plus words that occur
    at most twice in the text (and phrases and stems of them) up to 5,000: more
    real words also mean more hits, which cost time; shown for information.

Modes: ``document`` calls ``Matcher.find(text)`` once per document; ``sentence``
calls ``find(text, start, end)`` once per sentence (spans from
:func:`framing.text.segment`, computed before timing).  The naive baseline
applies one compiled, case-insensitive, word-bounded regex per entry of the
2,000-entry scaling lexicon to every sentence (on the first ``--baseline-mb`` MB
only: it is slow).  Figures are medians over ``--repeats`` runs of CPU time
(``time.process_time``, steadier than wall time on a shared machine); MB are
megabytes of UTF-8 text.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import string
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_PATH = Path("/work/shared/data/allsides-article-bias/test_articles.jsonl")
SIZES = (50, 2000, 5000)
SEED = 20240404


def read_texts(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        texts = []
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    texts.append(rec.get("content_original") or rec.get("text") or "")
        return [t for t in texts if t]
    return [path.read_text(encoding="utf-8")]


def synthetic_lexicons(texts: list[str]) -> dict[str, object]:
    """Return ``{label: Lexicon}`` for the scaling and realistic families (see module doc)."""
    from framing.lexicon import Lexicon, LexiconEntry, load_lexicon
    from framing.text import WORD_RE

    rng = random.Random(SEED)
    real = [e for e in load_lexicon("loaded_language").entries if e.category != "exclude"]
    taken = {e.pattern for e in real}
    counts = Counter(w.lower() for t in texts for w in WORD_RE.findall(t))
    rare = sorted(w for w, c in counts.items()
                  if c <= 2 and w.isalpha() and len(w) >= 4 and w not in taken)
    rng.shuffle(rare)

    def pseudo() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12)))

    def fill(entries: list, size: int, word) -> tuple:
        out = {e.pattern: e for e in entries}
        while len(out) < size:
            kind = len(out) % 4
            w = word()
            pattern = (f"{w} {word()}" if kind == 1 else
                       w[:-1] + "*" if kind == 2 and len(w) >= 7 else w)
            if pattern not in out:
                out[pattern] = LexiconEntry(pattern, "generated", 0.5)
        return tuple(out.values())

    words = iter(rare)
    base = rng.sample(real, 50)
    lexicons = {"scaling 50": Lexicon(name="scaling50", version="bench", entries=tuple(base))}
    for size in (2000, 5000):
        lexicons[f"scaling {size}"] = Lexicon(name=f"scaling{size}", version="bench",
                                              entries=fill(base, size, pseudo))
    lexicons[f"realistic {len(real)}"] = Lexicon(name="builtin", version="bench",
                                                 entries=tuple(real))
    lexicons["realistic 5000"] = Lexicon(name="realistic5000", version="bench",
                                         entries=fill(real, 5000, lambda: next(words)))
    return lexicons


def naive_regexes(lexicon) -> list[re.Pattern[str]]:
    out = []
    for e in lexicon.entries:
        body = r"\w*".join(re.escape(p) for p in e.pattern.split("*"))
        out.append(re.compile(rf"(?<![\w'-]){body}(?![\w])", re.IGNORECASE))
    return out


def timed(fn, repeats: int) -> float:
    """Median CPU seconds of this process (steadier than wall time on a shared machine)."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--baseline-mb", type=float, default=0.1,
                        help="MB of text for the naive baseline (default 0.1)")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"skip: {args.path} not found")
        return 0

    from framing.matcher import Matcher
    from framing.text import segment

    texts = read_texts(args.path)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    spans = [list(segment(t)) for t in texts]
    n_sent = sum(len(s) for s in spans)
    print(f"{args.path}: {len(texts)} documents, {n_sent} sentences, {mb:.2f} MB; "
          f"medians of {args.repeats} runs")
    lexicons = synthetic_lexicons(texts)

    print("\nbuilding matchers and counting hits...")
    jobs = {}
    for label, lex in lexicons.items():
        t0 = time.perf_counter()
        matcher = Matcher(lex)
        build = time.perf_counter() - t0

        def by_document(matcher=matcher):
            return sum(len(matcher.find(t)) for t in texts)

        def by_sentence(matcher=matcher):
            return sum(len(matcher.find(t, s, e)) for t, sp in zip(texts, spans, strict=True)
                       for _, s, e in sp)

        for mode, fn in (("document", by_document), ("sentence", by_sentence)):
            jobs[(label, mode)] = (fn, fn(), build, len(lex))
    # Interleave the runs so that load changes on a shared machine hit every lexicon
    # alike: each repeat times every lexicon of a mode in order, then in reverse order
    # (A B C C B A), and ratios are taken within a repeat, then their median.
    # The set-up objects (texts, spans, lexicons) are frozen so that garbage
    # collections triggered by the hits do not traverse them.
    gc.collect()
    gc.freeze()
    labels = list(lexicons)
    times: dict[tuple[str, str], list[float]] = {key: [] for key in jobs}
    for _ in range(args.repeats):
        for mode in ("document", "sentence"):
            spent = dict.fromkeys(labels, 0.0)
            for label in labels + labels[::-1]:
                fn = jobs[(label, mode)][0]
                t0 = time.process_time()
                fn()
                spent[label] += (time.process_time() - t0) / 2
            for label in labels:
                times[(label, mode)].append(spent[label])
    results = {key: mb / statistics.median(ts) for key, ts in times.items()}

    def ratio(slow: str, fast: str, mode: str) -> float:
        """Median over repeats of the within-repeat throughput ratio."""
        return statistics.median(f / s for f, s in zip(times[(fast, mode)],
                                                      times[(slow, mode)], strict=True))

    print(f"\n{'lexicon':>16s} {'entries':>8s} {'build s':>8s} {'mode':>9s} {'MB/s':>7s} "
          f"{'hits':>7s}")
    for (label, mode), (_, n_hits, build, size) in jobs.items():
        print(f"{label:>16s} {size:8d} {build:8.3f} {mode:>9s} {results[(label, mode)]:7.2f} "
              f"{n_hits:7d}")

    # naive baseline on a prefix of the corpus
    sample, sample_spans, size_mb = [], [], 0.0
    for t, sp in zip(texts, spans, strict=True):
        if size_mb >= args.baseline_mb:
            break
        sample.append(t)
        sample_spans.append(sp)
        size_mb += len(t.encode("utf-8")) / 1e6
    sentences = [t[s:e] for t, sp in zip(sample, sample_spans, strict=True) for _, s, e in sp]
    naive = naive_regexes(lexicons["scaling 2000"])

    def run_naive():
        return sum(1 for sent in sentences for rx in naive for _ in rx.finditer(sent))

    naive_secs = timed(run_naive, max(1, min(3, args.repeats)))
    naive_rate = size_mb / naive_secs
    print(f"\nnaive baseline (2,000 regexes per sentence, {size_mb:.2f} MB): "
          f"{naive_rate:.4f} MB/s")

    realistic = [k for k in lexicons if k.startswith("realistic")]
    print("\nratios (medians of within-repeat ratios):")
    for mode in ("document", "sentence"):
        r = ratio("scaling 5000", "scaling 50", mode)
        print(f"  {mode}: scaling 5,000 vs 50 entries = {r:.2f} (target >= 0.80)")
        r = results[("scaling 2000", mode)] / naive_rate
        print(f"  {mode}: scaling 2,000 entries vs naive baseline = {r:.0f}x (target >= 20x)")
        r = ratio(realistic[-1], "scaling 50", mode)
        print(f"  {mode}: realistic 5,000 vs scaling 50 = {r:.2f} (more hits; information)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
