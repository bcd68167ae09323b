"""Speed of the comparison statistics, and a larger simulation study of their validity.

Usage::

    python benchmarks/compare.py [--scores DIR] [--n-boot 1000] [--n-perm 1000]
                                 [--repeats 3] [--uniform] [--validate]

Speed (default).  The goal: on the scores of the 1,300-article AllSides file (29
outlets), the full set of comparisons with 1,000 bootstrap resamples runs in
under 20 s on one core.  Without ``--scores`` the scores are simulated with
:func:`framing.simulate_corpus`: 1,300 documents over 29 outlets with the
AllSides outlet sizes (101, 100, ..., eight outlets of one document), about 950
words per document (45 sentences of 21 words, as in the AllSides texts), 8
loaded-term categories, 4 targets, 5% of documents undated.  ``--uniform``
spreads the 1,300 documents evenly (45 per outlet), so all 406 outlet pairs are
tested: a heavier case.  ``--scores DIR`` reads ``documents.parquet``,
``sentences.parquet``, ``hits.parquet`` and ``stance.parquet`` written by
``framing score``.  BLAS runs on one thread (set before numpy is imported).

Each step is timed ``--repeats`` times; the script prints the median wall and
CPU time (``time.process_time``, steadier on a shared machine) of each step and
of the total.  The steps: per-document counts, rates (category x voice), rates
per target, all comparisons (every pair, each outlet vs the rest, omnibus; 3
voices x categories), the split-half null, stance summary, distinctive terms
(lexicon and open vocabulary), rates and stance by month.

Validation (``--validate``): the CI tests of ``tests/test_stats_validation.py``
at a larger scale, plus the omnibus and one-vs-rest tests, interval coverage by
corpus size, and, for contrast, a naive interval that treats sentences as
independent (Poisson counts per word), which ignores the clustering of hits in
documents.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.compare import compare_outlets, loaded_rates, split_half_null  # noqa: E402
from framing.distinctive import distinctive_terms  # noqa: E402
from framing.doccounts import count_table  # noqa: E402
from framing.simulate import simulate_corpus  # noqa: E402
from framing.stance_stats import stance_summary  # noqa: E402
from framing.timeseries import rates_over_time, stance_over_time  # noqa: E402

#: Documents per outlet in the AllSides test split (29 outlets, 1,300 articles).
ALLSIDES_SIZES = [101, 100, 100, 100, 98, 98, 98, 98, 97, 97, 93, 88, 83, 20, 9,
                  2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
SEED = 20240404


def simulated_scores(uniform: bool):
    sizes = [45] * 28 + [40] if uniform else ALLSIDES_SIZES
    categories = {f"cat{c}": tuple(f"loaded{c}x{e}" for e in "abcd") for c in range(8)}
    c = simulate_corpus(outlets=[f"outlet {i:02d}" for i in range(len(sizes))], n_docs=sizes,
                        sentences_per_doc=45, words_per_sentence=21, categories=categories,
                        rate_per_1000=12.0, mention_rate=0.08, undated_share=0.05,
                        days=730, seed=SEED)
    return c.documents, c.sentences, c.hits, c.stance


def read_scores(path: Path):
    frames = []
    for name in ("documents", "sentences", "hits", "stance"):
        file = path / f"{name}.parquet"
        if not file.exists():
            sys.exit(f"{file} not found: --scores needs the output directory of `framing score`")
        frames.append(pd.read_parquet(file))
    return tuple(frames)


def timed(fn, repeats: int):
    walls, cpus = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def speed(args) -> None:
    docs, sents, hits, stance = (read_scores(Path(args.scores)) if args.scores
                                 else simulated_scores(args.uniform))
    print(f"corpus: {len(docs)} documents, {docs['outlet'].nunique()} outlets, "
          f"{len(sents)} sentences, {len(hits)} hits, {len(stance)} stance rows; "
          f"n_boot={args.n_boot}, n_perm={args.n_perm}, repeats={args.repeats}, "
          f"BLAS threads={os.environ['OPENBLAS_NUM_THREADS']}")
    kw = dict(n_boot=args.n_boot, seed=0)
    steps = [
        ("doc_counts (category x voice)", lambda: count_table(docs, sents, hits)),
        ("loaded_rates (category x voice)", lambda: loaded_rates(docs, sents, hits, **kw)),
        ("loaded_rates (target x category x voice)",
         lambda: loaded_rates(docs, sents, hits, stance=stance, by=("category", "target"), **kw)),
        ("compare_outlets (pairs, vs rest, omnibus)",
         lambda: compare_outlets(docs, sents, hits, n_perm=args.n_perm, **kw)),
        ("split_half_null", lambda: split_half_null(docs, sents, hits, n_perm=args.n_perm, **kw)),
        ("stance_summary", lambda: stance_summary(docs, sents, stance, **kw)),
        ("distinctive_terms (lexicon)", lambda: distinctive_terms(docs, sents, hits)),
        ("distinctive_terms (open vocabulary)",
         lambda: distinctive_terms(docs, sents, vocabulary="open")),
        ("rates_over_time (month)", lambda: rates_over_time(docs, sents, hits, **kw)),
        ("stance_over_time (month)", lambda: stance_over_time(docs, sents, stance, **kw)),
    ]
    total_wall = total_cpu = 0.0
    print(f"{'step':45s} {'wall s':>8s} {'cpu s':>8s}  rows")
    for name, fn in steps:
        wall, cpu, result = timed(fn, args.repeats)
        total_wall += wall
        total_cpu += cpu
        rows = len(result) if isinstance(result, pd.DataFrame) else result.hits.size
        print(f"{name:45s} {wall:8.2f} {cpu:8.2f}  {rows}")
        if name.startswith("compare_outlets"):
            fam = result["family"].value_counts().to_dict()
            print(f"{'':45s} tests per family: {fam}; skipped outlets "
                  f"(< 5 documents): {len(result.attrs['skipped_outlets'])}")
    print(f"{'total (sum of step medians)':45s} {total_wall:8.2f} {total_cpu:8.2f}")
    print(f"goal: total under 20 s on one core -> {'met' if total_wall < 20 else 'NOT met'}")


def _pairs(n):
    names = [f"c{i:05d}_{s}" for i in range(n) for s in "ab"]
    return names, [(f"c{i:05d}_a", f"c{i:05d}_b") for i in range(n)]


def _naive_poisson_ratio_ci(corpus, pairs, z=1.959964):
    """Interval on log(rate ratio) with Poisson variance 1/hits_a + 1/hits_b: the
    textbook interval that treats every word (hence sentence) as independent."""
    table = count_table(corpus.documents, corpus.sentences, corpus.hits, by=(), voice="author")
    blocks = table.outlet_blocks()
    out = []
    for a, b in pairs:
        ha, wa = table.hits[blocks[a], 0].sum(), table.words[blocks[a], 0].sum()
        hb, wb = table.hits[blocks[b], 0].sum(), table.words[blocks[b], 0].sum()
        log_rr = np.log((ha / wa) / (hb / wb))
        se = np.sqrt(1 / ha + 1 / hb)
        out.append((np.exp(log_rr - z * se), np.exp(log_rr + z * se)))
    return np.array(out)


def validate(args) -> None:
    corpus = dict(sentences_per_doc=5, words_per_sentence=10, rate_per_1000=40.0,
                  heterogeneity=2.0, mention_rate=0.0)
    n = args.n_corpora
    print(f"validation: {n} simulated two-outlet corpora per line (per-document Gamma(2) "
          f"heterogeneity, ~50 words and ~2 hits per document), alpha = 0.05")
    print(f"{'check':58s} {'docs/outlet':>11s} {'figure':>8s}")
    names, pairs = _pairs(n)
    for n_docs in (10, 20, 40):
        c = simulate_corpus(outlets=names, n_docs=n_docs, seed=SEED + n_docs, **corpus)
        out = compare_outlets(c.documents, c.sentences, c.hits, by=(), voice="author",
                              pairs=pairs, vs_rest=False, omnibus=False, n_perm=199, n_boot=10,
                              seed=1)
        print(f"{'pairwise permutation test: false-positive rate':58s} {n_docs:11d} "
              f"{(out.p_value <= 0.05).mean():8.3f}")
    for n_docs in (10, 20, 40, 100):
        c = simulate_corpus(outlets=names, n_docs=n_docs, rate_ratio={b: 2.0 for _, b in pairs},
                            seed=SEED + 1000 + n_docs, **corpus)
        flipped = [(b, a) for a, b in pairs]
        out = compare_outlets(c.documents, c.sentences, c.hits, by=(), voice="author",
                              pairs=flipped, vs_rest=False, omnibus=False, n_perm=1,
                              n_boot=args.n_boot, seed=2)
        cover = ((out.rr_ci_low <= 2) & (out.rr_ci_high >= 2)).mean()
        naive = _naive_poisson_ratio_ci(c, flipped)
        naive_cover = ((naive[:, 0] <= 2) & (naive[:, 1] >= 2)).mean()
        print(f"{'cluster bootstrap 95% CI covers planted ratio 2':58s} {n_docs:11d} {cover:8.3f}")
        print(f"{'  naive Poisson 95% CI (sentences independent) covers it':58s} {n_docs:11d} "
              f"{naive_cover:8.3f}")
    c = simulate_corpus(outlets=names, n_docs=20, seed=SEED + 7, **corpus)
    sh = split_half_null(c.documents, c.sentences, c.hits, by=(), voice="author", n_perm=199,
                         n_boot=args.n_boot, seed=3)
    print(f"{'split-half null: false-positive rate':58s} {10:11d} {(sh.p_value <= 0.05).mean():8.3f}")
    print(f"{'split-half null: rate-ratio CI covers 1':58s} {10:11d} "
          f"{((sh.rr_ci_low <= 1) & (sh.rr_ci_high >= 1)).mean():8.3f}")
    n_multi = max(n // 10, 50)
    vs_rest, omni = [], []
    for i in range(n_multi):
        c = simulate_corpus(outlets=4, n_docs=20, seed=SEED + 5000 + i, **corpus)
        out = compare_outlets(c.documents, c.sentences, c.hits, by=(), voice="author",
                              pairs="none", n_perm=199, n_boot=10, seed=i)
        vs_rest.append(out.loc[out.family == "vs_rest", "p_value"].iloc[0])
        omni.append(out.loc[out.family == "omnibus", "p_value"].iloc[0])
    print(f"{'one outlet vs rest (4 outlets): false-positive rate':58s} {20:11d} "
          f"{np.mean(np.array(vs_rest) <= 0.05):8.3f}   ({n_multi} corpora)")
    print(f"{'omnibus, 4 outlets: false-positive rate':58s} {20:11d} "
          f"{np.mean(np.array(omni) <= 0.05):8.3f}   ({n_multi} corpora)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scores", help="directory with the Parquet frames of `framing score`")
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--n-perm", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--uniform", action="store_true",
                        help="simulate 29 outlets of equal size (every pair tested)")
    parser.add_argument("--validate", action="store_true",
                        help="run the simulation study instead of the timing")
    parser.add_argument("--n-corpora", type=int, default=2000,
                        help="simulated corpora per validation line")
    args = parser.parse_args(argv)
    if args.validate:
        validate(args)
    else:
        speed(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
