"""Full-pipeline throughput, the naive baseline, cache hits and memory as the corpus grows.

Usage::

    python benchmarks/throughput.py [--source JSONL] [--mb 100] [--big-mb 1000]
                                    [--baseline-mb 2] [--repeat 3] [--skip-big]

Builds a corpus of ``--mb`` megabytes from ``--source`` (default: the AllSides
articles in ../shared/data, skipped cleanly when absent) by replicating its
articles with light word substitutions (so neither the cache nor duplicate
detection short-circuits the work), then prints in one run:

* MB/s and sentences/s of the full pipeline (ingest, segmentation, quotes and
  voice, loaded terms with a 2,000-entry lexicon, stance for the built-in
  targets) at ``--jobs 1`` and ``--jobs 2`` (median of ``--repeat`` runs each, in
  alternating order, since a run on a shared machine varies by about 10%), and at
  ``--jobs 1`` on one pass
  over the source alone (replicated articles repeat most paragraphs, which
  flatters the per-string caches of segmentation and quote detection);
* the same for a naive baseline pipeline (nltk Punkt with default parameters,
  one compiled regex per lexicon entry applied to each sentence, VADER on every
  sentence), measured on ``--baseline-mb`` of the same text;
* the time of a cache hit (re-running with nothing changed) against the
  scoring time;
* peak resident memory (process tree) for ``--mb`` and ``--big-mb`` of input,
  and their ratio.

Every figure comes from one run on one machine: compare ratios, not absolute
numbers across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "allsides-article-bias" / "test_articles.jsonl"
COLUMNS = {"text": "content_original", "outlet": "source", "date": "date", "title": "title"}
#: Columns of the built corpus (it is written with our own field names).
OUR_COLUMNS = {"text": "text", "outlet": "outlet", "date": "date", "title": "title"}
#: Words swapped in replicated articles so that every copy is a new document.
SUBSTITUTIONS = [("the", "this"), ("said", "stated"), ("government", "administration"),
                 ("people", "citizens"), ("new", "recent"), ("year", "season"), ("report", "account")]
LEXICON_SIZE = 2000


def build_corpus(source: Path, megabytes: float, out: Path, seed: int = 0,
                 copies: int | None = None) -> tuple[int, float]:
    """Write a JSONL corpus of about ``megabytes`` MB (at most ``copies`` passes over the source); return (documents, MB)."""
    rows = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    written = docs = 0
    with out.open("w", encoding="utf-8") as fh:
        copy = 0
        while written < megabytes * 1e6 and (copies is None or copy < copies):
            for row in rows:
                text = row.get(COLUMNS["text"]) or ""
                if copy:
                    old, new = SUBSTITUTIONS[rng.randrange(len(SUBSTITUTIONS))]
                    text = re.sub(rf"\b{old}\b", new, text, count=1 + copy % 3) + f"\n\n(Edition {copy}.)"
                # only the fields the pipeline reads: MB/s then means MB of article text and metadata
                line = json.dumps({**{k: row.get(v) for k, v in COLUMNS.items()}, "text": text}) + "\n"
                fh.write(line)
                written += len(line.encode())
                docs += 1
                if written >= megabytes * 1e6:
                    break
            copy += 1
    return docs, written / 1e6


def build_lexicon(out: Path, size: int = LEXICON_SIZE, seed: int = 0) -> Path:
    """A lexicon of ``size`` entries: the built-in entries plus generated words and phrases."""
    from framing.lexicon import load_lexicon

    builtin = load_lexicon("loaded_language")
    patterns = [e.pattern for e in builtin.entries][:size]
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen = set(patterns)
    while len(patterns) < size:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(5, 10)))
        pattern = word if rng.random() < 0.7 else f"{word} {rng.choice(['policy', 'crisis', 'plan'])}"
        if pattern not in seen:
            seen.add(pattern)
            patterns.append(pattern)
    lines = ["pattern,category,weight"] + [f'"{p}",synthetic,0.5' for p in patterns]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


class PeakRSS:
    """Sample the resident memory of a process and its children every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[int]:
        pids, frontier = [self.pid], [self.pid]
        while frontier:
            pid = frontier.pop()
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            pids += map(int, children)
            frontier += map(int, children)
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_child(args: list[str]) -> tuple[dict, int]:
    """Run this script in ``--child`` mode; return its JSON result and peak RSS (bytes)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE,
                            text=True, cwd=REPO, env={**os.environ, "FRAMING_PROGRESS": "0"})
    with PeakRSS(proc.pid) as rss:
        out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child failed: {args}")
    return json.loads(out.strip().splitlines()[-1]), rss.peak


def child(mode: str, corpus: str, lexicon: str, jobs: int, cache: str) -> dict:
    """One measurement in a fresh process."""
    if mode == "naive":
        return naive(corpus, lexicon)
    from framing.scoring import write_scores

    out = tempfile.mkdtemp(prefix="framing-bench-")
    start = time.perf_counter()
    meta = write_scores(corpus, out, lexicons=(lexicon,), columns=OUR_COLUMNS, jobs=jobs,
                        cache=cache if cache else False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "sentences": meta["counts"]["sentences"], "documents": meta["counts"]["documents"]}


def naive(corpus: str, lexicon: str) -> dict:
    """The baseline: default Punkt, one regex per lexicon entry per sentence, VADER on every sentence."""
    import csv

    from nltk.tokenize.punkt import PunktSentenceTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    with open(lexicon, encoding="utf-8") as fh:
        patterns = [row["pattern"] for row in csv.DictReader(fh)]
    regexes = [re.compile(r"\b" + re.escape(p).replace(r"\*", r"\w*") + r"\b", re.I) for p in patterns]
    punkt, vader = PunktSentenceTokenizer(), SentimentIntensityAnalyzer()
    start = time.perf_counter()
    sentences = hits = 0
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            for sentence in punkt.tokenize(text):
                sentences += 1
                hits += sum(1 for rx in regexes for _ in rx.finditer(sentence))
                vader.polarity_scores(sentence)
    return {"seconds": time.perf_counter() - start, "sentences": sentences, "hits": hits}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=str(DEFAULT_SOURCE))
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--big-mb", type=float, default=1000)
    parser.add_argument("--baseline-mb", type=float, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs per --jobs setting (median)")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, lexicon, jobs, cache = args.child
        print(json.dumps(child(mode, corpus, lexicon, int(jobs), cache)))
        return 0
    source = Path(args.source)
    if not source.exists():
        print(f"skipped: source corpus {source} not found (pass --source)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="framing-throughput-"))
    lexicon = str(build_lexicon(work / "lexicon2000.csv"))
    corpus = work / "corpus.jsonl"
    docs, mb = build_corpus(source, args.mb, corpus)
    small = work / "baseline.jsonl"
    _, small_mb = build_corpus(source, args.baseline_mb, small)
    print(f"corpus: {docs} documents, {mb:.1f} MB (from {source.name}); lexicon: {LEXICON_SIZE} entries")

    runs: dict[int, list[float]] = {1: [], 2: []}
    sentences, rss = 0, {}
    for r in range(max(args.repeat, 1)):
        for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):  # alternate: drift hits both alike
            res, peak = run_child(["full", str(corpus), lexicon, str(jobs), ""])
            runs[jobs].append(res["seconds"])
            sentences = res["sentences"]
            rss[jobs] = max(peak, rss.get(jobs, 0))
    results = {jobs: statistics.median(seconds) for jobs, seconds in runs.items()}
    for jobs, seconds in results.items():
        each = ", ".join(f"{s:.1f}" for s in runs[jobs])
        print(f"full pipeline --jobs {jobs}: median {seconds:.1f} s ({each}) = {mb / seconds:.2f} MB/s, "
              f"{sentences / seconds:.0f} sentences/s, peak RSS {rss[jobs] / 1e6:.0f} MB")
    print(f"  --jobs 2 / --jobs 1 speed-up (medians): {results[1] / results[2]:.2f}x")
    # Replicated articles repeat most paragraphs, which flatters per-string caches
    # (sentence-break decisions, token chunks): measure the source text once, too.
    unique = work / "unique.jsonl"
    _, unique_mb = build_corpus(source, args.mb, unique, copies=1)
    res, _ = run_child(["full", str(unique), lexicon, "1", ""])
    print(f"full pipeline --jobs 1 on the source alone ({unique_mb:.1f} MB, no repeated text): "
          f"{unique_mb / res['seconds']:.2f} MB/s, {res['sentences'] / res['seconds']:.0f} sentences/s")
    res, _ = run_child(["naive", str(small), lexicon, "1", ""])
    naive_mbs = small_mb / res["seconds"]
    print(f"naive baseline (on {small_mb:.1f} MB): {res['seconds']:.1f} s = {naive_mbs:.3f} MB/s, "
          f"{res['sentences'] / res['seconds']:.0f} sentences/s")
    print(f"  full pipeline (1 job) / naive: {mb / results[1] / naive_mbs:.1f}x")

    cache = str(work / "cache")
    cold, _ = run_child(["cached", str(corpus), lexicon, "2", cache])
    warm, _ = run_child(["cached", str(corpus), lexicon, "2", cache])
    print(f"cache: cold run {cold['seconds']:.1f} s, hit {warm['seconds']:.2f} s "
          f"({100 * warm['seconds'] / cold['seconds']:.1f}% of the scoring time)")

    if not args.skip_big:
        big = work / "big.jsonl"
        _, big_mb = build_corpus(source, args.big_mb, big)
        _, rss_small = run_child(["full", str(corpus), lexicon, "2", ""])
        res, rss_big = run_child(["full", str(big), lexicon, "2", ""])
        big.unlink()
        print(f"memory: peak RSS {rss_small / 1e6:.0f} MB at {mb:.0f} MB input, {rss_big / 1e6:.0f} MB at "
              f"{big_mb:.0f} MB input (ratio {rss_big / rss_small:.2f}); big run {big_mb / res['seconds']:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
