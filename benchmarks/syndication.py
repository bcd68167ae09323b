"""Benchmark of near-duplicate detection (framing.syndication.find_duplicates).

Prints, for the AllSides test split (1,300 articles; skipped when absent):
- median wall time of ``find_duplicates`` over repeats, and MB/s;
- the clusters found in the corpus as it is;
- recall on planted copies: a random sample of articles is republished with
  light edits (a sentence added, three one-word edits, punctuation and quote
  marks changed, paragraphs joined); a copy counts as found when it lands in
  the same cluster as its original;
- false clusters: clusters that mix documents that are neither planted pairs
  nor clusters found in the unedited corpus.
And for a synthetic corpus of ``--synthetic N`` documents (default 20,000;
random word sequences drawn from the corpus vocabulary, or from a Zipf
vocabulary when the data is absent), the time and candidate throughput, to
show the work grows linearly, not with all pairs.

Usage::

    python benchmarks/syndication.py [--data PATH] [--planted 100] [--repeats 3]
                                     [--synthetic 20000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.syndication import DEFAULT_THRESHOLD, find_duplicates

DEFAULT_DATA = Path("/work/shared/data/allsides-article-bias/test_articles.jsonl")
ADDED_SENTENCE = "The report could not be independently verified on Thursday."


def light_edit(text: str, rng: np.random.Generator) -> str:
    """A republished copy: one sentence added, three words changed, punctuation changed."""
    paras = text.split("\n\n")
    k = int(rng.integers(len(paras)))
    paras.insert(k, ADDED_SENTENCE)
    words = "\n".join(paras).split(" ")  # paragraphs joined into lines
    for _ in range(3):
        words[int(rng.integers(len(words)))] = "reportedly"
    out = " ".join(words)
    return out.replace("'", "’").replace('"', "”").replace(" - ", " — ").replace(";", ",")


def time_it(docs: pd.DataFrame, repeats: int) -> tuple[float, pd.DataFrame]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = find_duplicates(docs)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def allsides(path: Path, n_planted: int, repeats: int, rng: np.random.Generator) -> list[str]:
    raw = pd.read_json(path, lines=True)
    docs = pd.DataFrame(
        {
            "doc_id": raw["ID"].astype(str),
            "outlet": raw["source"].astype(str),
            "date": pd.to_datetime(raw["date"], errors="coerce"),
            "text": raw["content_original"].fillna("").astype(str),
        }
    )
    mb = docs["text"].str.len().sum() / 1e6
    find_duplicates(docs.head(5))  # warm-up (character tables)
    t, dups = time_it(docs, repeats)
    print(f"AllSides test split: {len(docs)} articles, {mb:.1f} M characters")
    print(f"  find_duplicates: median {t:.3f} s over {repeats} runs ({mb / t:.1f} M chars/s)")
    print(f"  clusters found: {dups['cluster_id'].nunique()} "
          f"({len(dups)} documents; cross-outlet clusters: "
          f"{dups.loc[dups.n_outlets > 1, 'cluster_id'].nunique()})")
    for cid, g in dups.groupby("cluster_id"):
        sims = ", ".join(f"{s:.2f}" for s in g["similarity"])
        print(f"    cluster {cid}: {', '.join(g['outlet'])}  similarity to first: {sims}")

    sample = rng.choice(len(docs), size=min(n_planted, len(docs)), replace=False)
    copies = docs.iloc[sample].copy()
    copies["text"] = [light_edit(t, rng) for t in copies["text"]]
    copies["outlet"] = "Planted copy"
    copies["doc_id"] = "copy-" + copies["doc_id"]
    copies["date"] = copies["date"] + pd.Timedelta(days=1)
    both = pd.concat([docs, copies], ignore_index=True)
    t2, dups2 = time_it(both, 1)
    cluster_of = dict(zip(dups2["doc_id"], dups2["cluster_id"], strict=True))
    found = sum(
        1
        for orig in docs["doc_id"].iloc[sample]
        if orig in cluster_of and cluster_of.get("copy-" + orig) == cluster_of[orig]
    )
    planted_pairs = {("copy-" + o) for o in docs["doc_id"].iloc[sample]}
    expected_ids = set(dups["doc_id"]) | planted_pairs | set(docs["doc_id"].iloc[sample])
    stray = set(dups2["doc_id"]) - expected_ids
    sims = dups2.loc[dups2["doc_id"].isin(planted_pairs), "similarity"]
    print(f"  planted copies: {len(sample)}; recall {found}/{len(sample)} = "
          f"{found / len(sample):.3f} at threshold {DEFAULT_THRESHOLD} "
          f"(time {t2:.3f} s for {len(both)} documents)")
    print(f"    similarity of planted copies to their original: min {sims.min():.3f}, "
          f"median {sims.median():.3f}")
    print(f"    documents clustered that are neither planted nor found before: {len(stray)}")
    return [w for t in docs["text"].head(300) for w in t.split()]


def synthetic(n: int, vocab: list[str], rng: np.random.Generator) -> None:
    words = np.array(vocab)
    texts = []
    for _ in range(n):
        size = int(rng.integers(300, 1200))
        texts.append(" ".join(words[rng.integers(len(words), size=size)]))
    n_copies = max(1, n // 100)
    src = rng.choice(n, size=n_copies, replace=False)
    texts += [light_edit(texts[i], rng) for i in src]
    docs = pd.DataFrame(
        {
            "doc_id": [f"s{i:07d}" for i in range(len(texts))],
            "outlet": [f"outlet{i % 29}" for i in range(len(texts))],
            "text": texts,
        }
    )
    mb = docs["text"].str.len().sum() / 1e6
    t, dups = time_it(docs, 1)
    found = dups.groupby("cluster_id").size().eq(2).sum()
    print(f"Synthetic corpus: {len(docs)} documents ({n} random + {n_copies} planted copies), "
          f"{mb:.0f} M characters")
    print(f"  find_duplicates: {t:.1f} s ({mb / t:.1f} M chars/s); "
          f"pairs found {found}/{n_copies}; documents clustered {len(dups)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--planted", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    vocab: list[str] = []
    if args.data.exists():
        vocab = allsides(args.data, args.planted, args.repeats, rng)
    else:
        print(f"skipped AllSides part: {args.data} not found")
    if args.synthetic:
        if not vocab:
            vocab = [f"w{i}" for i in range(20_000)]
        synthetic(args.synthetic, vocab, rng)


if __name__ == "__main__":
    main()
