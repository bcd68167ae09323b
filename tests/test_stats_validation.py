"""Simulation-based validation of the comparison statistics (small and fast for CI).

Each two-outlet "corpus" is a pair of outlets drawn independently from the same
generative model (per-document Gamma heterogeneity, so sentences of an article
are correlated).  Many such pairs are generated in one
:func:`framing.simulate_corpus` call and tested in one
:func:`framing.compare_outlets` call with ``pairs=`` (a pairwise test only uses
the documents of its two outlets, and each pair has its own random stream), so
every pair is an independent simulated corpus.

Larger versions (more corpora, the omnibus and one-vs-rest tests, coverage by
corpus size, a naive sentence-level interval for contrast) run in
``benchmarks/compare.py --validate``; figures are in ``docs/statistics.md``.
"""

from __future__ import annotations

import numpy as np
import pytest

from framing.compare import compare_outlets, split_half_null
from framing.simulate import simulate_corpus

#: Simulated two-outlet corpora per check: with 400, the false-positive rate's
#: standard error at 0.05 is 0.011, so [0.02, 0.08] is +-2.7 standard errors.
N_CORPORA = 400
ALPHA = 0.05
FPR_RANGE = (0.02, 0.08)
MIN_COVERAGE = 0.90
# small corpora: 20 documents per outlet, ~50 words each, ~2 hits per document
CORPUS = dict(n_docs=20, sentences_per_doc=5, words_per_sentence=10, rate_per_1000=40.0,
              heterogeneity=2.0, mention_rate=0.0)
N_PERM = 199  # p-values in steps of 1/200: P(p <= 0.05) is exactly 0.05 under the null
N_BOOT = 400


def _pairs(n):
    names = [f"c{i:04d}_{side}" for i in range(n) for side in "ab"]
    return names, [(f"c{i:04d}_a", f"c{i:04d}_b") for i in range(n)]


@pytest.fixture(scope="module")
def null_corpora():
    names, pairs = _pairs(N_CORPORA)
    return simulate_corpus(outlets=names, seed=2024, **CORPUS), pairs


def test_permutation_false_positive_rate(null_corpora):
    corpus, pairs = null_corpora
    out = compare_outlets(corpus.documents, corpus.sentences, corpus.hits, by=(), voice="author",
                          pairs=pairs, vs_rest=False, omnibus=False, n_perm=N_PERM, n_boot=10,
                          seed=1)
    assert len(out) == N_CORPORA
    fpr = float((out["p_value"] <= ALPHA).mean())
    assert FPR_RANGE[0] <= fpr <= FPR_RANGE[1], fpr
    # p-values are roughly uniform: a quarter of them below 0.25
    assert 0.18 <= float((out["p_value"] <= 0.25).mean()) <= 0.32


def test_split_half_false_positive_rate(null_corpora):
    corpus, _ = null_corpora
    out = split_half_null(corpus.documents, corpus.sentences, corpus.hits, by=(), voice="author",
                          n_perm=N_PERM, n_boot=N_BOOT, seed=3)
    assert len(out) == 2 * N_CORPORA  # every outlet against itself
    fpr = float((out["p_value"] <= ALPHA).mean())
    assert FPR_RANGE[0] <= fpr <= FPR_RANGE[1], fpr
    # the rate-ratio intervals of an outlet against itself mostly cover 1 (with only 10
    # documents per half, percentile intervals are a little narrow: docs/statistics.md)
    covers = (out["rr_ci_low"] <= 1) & (out["rr_ci_high"] >= 1)
    assert float(covers.mean()) >= 0.85


def test_bootstrap_interval_covers_planted_rate_ratio():
    names, pairs = _pairs(N_CORPORA)
    corpus = simulate_corpus(outlets=names, rate_ratio={b: 2.0 for _, b in pairs}, seed=7,
                             **CORPUS)
    truth = corpus.truth.rate_ratio(pairs[0][1], pairs[0][0], voice="author")
    assert truth == pytest.approx(2.0)
    flipped = [(b, a) for a, b in pairs]
    out = compare_outlets(corpus.documents, corpus.sentences, corpus.hits, by=(), voice="author",
                          pairs=flipped, vs_rest=False, omnibus=False, n_perm=1, n_boot=N_BOOT,
                          seed=5)
    covered = (out["rr_ci_low"] <= truth) & (truth <= out["rr_ci_high"])
    coverage = float(covered.mean())
    assert coverage >= MIN_COVERAGE, coverage
    # the estimates centre on the truth (ratio estimators are consistent)
    assert np.median(out["rate_ratio"]) == pytest.approx(truth, rel=0.1)
    # and the intervals are informative: most exclude a ratio of 1
    assert float((out["rr_ci_low"] > 1).mean()) > 0.5
