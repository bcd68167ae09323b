"""Evaluate quotation detection and voice/speaker attribution on a gold CSV.

Usage::

    python benchmarks/eval_voice.py [GOLD_CSV] [--allsides PATH] [--repeat N]

``GOLD_CSV`` (default ``benchmarks/data/voice_gold.csv``) has the columns
``file, phrase, voice, speaker, note``: ``phrase`` occurs once in ``file``;
``voice`` is author / quoted / scare_quote; ``speaker`` is given for quoted rows.

Each file is read with :func:`framing.load_corpus` (the same cleaning as the
pipeline), the phrase is located in the cleaned text (or, failing that, in the
title), quotations are found with :func:`framing.quotes.find_quotes` and the
phrase's voice comes from :meth:`framing.quotes.QuoteIndex.voice_of_span`.

Printed: voice accuracy, a confusion table (gold rows x predicted columns),
speaker accuracy on the rows with a gold speaker, and every miss.

Speaker match rule: after collapsing white space and ignoring case, the gold
speaker is a substring of the predicted one or the predicted one is a substring
of the gold ("Macron" matches "Emmanuel Macron"; "Russian Defense Ministry"
matches "the Russian Defense Ministry").  A speaker counts as correct only when
the predicted voice is ``quoted`` too.

``--allsides PATH`` also times quote detection and voice lookup over the
``content_original`` texts of the AllSides JSONL file (CPU time of this process,
median of ``--repeat`` runs, so other jobs on the machine disturb it little),
next to a baseline in the same run: paragraph splitting plus one
regular-expression pass over the words (the least any per-document text pass
costs).  Voice lookup is timed for every word (as if each were a hit: an upper
bound, real hits are a few per cent of the words) and every paragraph (as a
stand-in for sentences).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import load_corpus  # noqa: E402
from framing.quotes import QuoteIndex, find_quotes  # noqa: E402
from framing.text import WORD_RE, paragraph_spans  # noqa: E402

DEFAULT_GOLD = ROOT / "benchmarks" / "data" / "voice_gold.csv"
DEFAULT_ALLSIDES = Path("/work/shared/data/allsides-article-bias/test_articles.jsonl")
VOICES = ["author", "quoted", "scare_quote"]


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def speaker_matches(gold: str, predicted: str | None) -> bool:
    """The documented match rule: case-insensitive substring either way."""
    if not predicted:
        return False
    g, p = _norm(gold), _norm(predicted)
    return bool(g) and bool(p) and (g in p or p in g)


def _load(path: Path, cache: dict) -> tuple[str, str]:
    if path not in cache:
        docs, _ = load_corpus(path, outlet=path.parent.name)
        if len(docs) != 1:
            raise SystemExit(f"{path}: expected one document, load_corpus gave {len(docs)}")
        cache[path] = (str(docs["text"].iloc[0]), str(docs["title"].iloc[0] or ""))
    return cache[path]


def evaluate(gold_path: Path) -> int:
    with open(gold_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cache: dict = {}
    indexes: dict = {}
    confusion: Counter = Counter()
    misses = []
    n_voice_ok = n_spk = n_spk_ok = n_unlocated = 0
    for r in rows:
        path = ROOT / r["file"]
        text, title = _load(path, cache)
        phrase = r["phrase"]
        where = "text"
        if text.count(phrase) == 1:
            doc = text
        elif title.count(phrase) == 1:
            doc, where = title, "title"
        else:
            n_unlocated += 1
            misses.append((r, "not located once in cleaned text or title", None, None))
            continue
        key = (path, where)
        if key not in indexes:
            indexes[key] = QuoteIndex(find_quotes(doc), doc)
        start = doc.index(phrase)
        voice, speaker, qid = indexes[key].voice_of_span(start, start + len(phrase))
        confusion[(r["voice"], voice)] += 1
        ok_voice = voice == r["voice"]
        n_voice_ok += ok_voice
        ok_spk = True
        if r["speaker"]:
            n_spk += 1
            ok_spk = voice == "quoted" and speaker_matches(r["speaker"], speaker)
            n_spk_ok += ok_spk
        if not (ok_voice and ok_spk):
            q = indexes[key].quotes[[x.quote_id for x in indexes[key].quotes].index(qid)] \
                if qid >= 0 else None
            misses.append((r, f"predicted {voice} / {speaker!r}", q, where))

    n = len(rows)
    print(f"gold file: {gold_path.relative_to(ROOT) if gold_path.is_relative_to(ROOT) else gold_path}")
    print(f"rows: {n}  (not located: {n_unlocated})")
    print(f"voice accuracy: {n_voice_ok}/{n} = {n_voice_ok / n:.3f}" if n else "no rows")
    if n_spk:
        print(f"speaker accuracy (rows with a gold speaker; voice must be quoted, "
              f"substring match either way, case-insensitive): {n_spk_ok}/{n_spk} = "
              f"{n_spk_ok / n_spk:.3f}")
    print("\nconfusion (rows: gold, columns: predicted)")
    print(f"{'':>12}" + "".join(f"{v:>13}" for v in VOICES))
    for g in VOICES:
        print(f"{g:>12}" + "".join(f"{confusion[(g, p)]:>13}" for p in VOICES))
    print(f"\nmisses: {len(misses)}")
    for r, what, q, where in misses:
        print(f"- {Path(r['file']).parent.name}/{Path(r['file']).name[:10]} {r['phrase']!r}: gold "
              f"{r['voice']}/{r['speaker']!r}; {what}" + (f" [{where}]" if where == "title" else ""))
        if q is not None:
            print(f"    quote {q.quote_id} {q.kind}: {q.reason}")
    return 0


def bench_allsides(path: Path, repeat: int) -> None:
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["content_original"])
    n_chars = sum(len(t) for t in texts)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)

    def baseline() -> None:
        for t in texts:
            paragraph_spans(t)
            sum(1 for _ in WORD_RE.finditer(t))

    def quotes_only() -> None:
        for t in texts:
            find_quotes(t)

    stats = Counter()

    def full() -> None:
        for t in texts:
            qs = find_quotes(t)
            idx = QuoteIndex(qs, t)
            for m in WORD_RE.finditer(t):
                idx.voice_of_span(m.start(), m.end())
            for s, e in paragraph_spans(t):
                idx.sentence_voice(s, e)

    def timed(fn) -> float:
        runs = []
        for _ in range(repeat):
            t0 = time.process_time()
            fn()
            runs.append(time.process_time() - t0)
        return statistics.median(runs)

    for t in texts:
        for q in find_quotes(t):
            stats[q.kind] += 1
            if q.parent < 0 and q.kind == "speech":
                stats["top_speech"] += 1
                stats["speech_with_speaker"] += q.speaker is not None
    n_words = sum(1 for t in texts for _ in WORD_RE.finditer(t))
    tb, tq, tf = timed(baseline), timed(quotes_only), timed(full)
    print(f"\nAllSides speed ({len(texts)} articles, {n_chars:,} characters, "
          f"{n_bytes / 1e6:.1f} MB UTF-8, {n_words:,} words; CPU seconds, median of {repeat} "
          f"runs, one core)")
    print(f"  baseline (paragraphs + word regex): {tb:.2f} s")
    print(f"  find_quotes:                        {tq:.2f} s  ({n_bytes / 1e6 / tq:.1f} MB/s, "
          f"{tq / tb:.1f}x baseline)")
    print(f"  find_quotes + QuoteIndex + voice of every word and paragraph: {tf:.2f} s  "
          f"({tf / tb:.1f}x baseline)")
    kinds = {k: stats[k] for k in ("speech", "scare", "unknown")}
    print(f"  quotations (nested included): {kinds}")
    if stats["top_speech"]:
        print(f"  top-level speech quotations with a speaker: {stats['speech_with_speaker']}/"
              f"{stats['top_speech']} = {stats['speech_with_speaker'] / stats['top_speech']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD), help="gold CSV")
    ap.add_argument("--allsides", nargs="?", const=str(DEFAULT_ALLSIDES), default=None,
                    help="also time the AllSides JSONL (default path if no value)")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (median)")
    args = ap.parse_args(argv)
    gold = Path(args.gold).resolve()
    if not gold.exists():
        print(f"gold file not found: {gold}; nothing to evaluate", file=sys.stderr)
        rc = 0
    else:
        rc = evaluate(gold)
    if args.allsides:
        p = Path(args.allsides)
        if p.exists():
            bench_allsides(p, args.repeat)
        else:
            print(f"AllSides file not found: {p}; skipping the speed run", file=sys.stderr)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
