"""The one rule for intervals: enough documents contributing to the cell's denominator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import compare_outlets, loaded_rates
from framing.resample import MIN_DOCS_FOR_CI, contributing_docs, has_interval
from framing.stance_stats import stance_summary
from framing.timeseries import rates_over_time, stance_over_time

N_DOCS = 10  # per outlet
X_QUOTING = 3  # documents of outlet X with quotations (Y: all of them)
X_RUSSIA = 2  # documents of X that mention Russia (NATO: all; Y: all for both)


def two_outlets():
    """X and Y with 10 documents each, all in March 2024.

    Every document has an author-voice sentence (20 words, 0-2 hits) and a second
    sentence: quoted (10 of 12 words, one quoted hit in X, every other document
    in Y) in the first 3 documents of X and in every document of Y, otherwise
    narration.  Russia is mentioned in 2 documents of X and in all of Y; NATO in
    all documents of both.
    """
    docs, sents, hits, stance = [], [], [], []
    for outlet in ("X", "Y"):
        for i in range(N_DOCS):
            d = f"{outlet}{i}"
            docs.append((d, outlet, pd.Timestamp("2024-03-01") + pd.Timedelta(days=i), f"text {d}"))
            quoting = outlet == "Y" or i < X_QUOTING
            sents.append((d, 0, 20, 0))
            sents.append((d, 1, 12, 10 if quoting else 0))
            hits.extend((d, 0, "p", "author") for _ in range(i % 3))
            if quoting and (outlet == "X" or i % 2):
                hits.append((d, 1, "p", "quoted"))
            score = ((i % 5) - 2) / 4
            label = "against" if score < 0 else "favor" if score > 0 else "neutral"
            if outlet == "Y" or i < X_RUSSIA:
                stance.append((d, 0, "Russia", score, label, "author"))
            stance.append((d, 0, "NATO", -score, label, "author"))
    documents = pd.DataFrame(docs, columns=["doc_id", "outlet", "date", "text"])
    sentences = pd.DataFrame(sents, columns=["doc_id", "sent_id", "n_tokens", "n_quoted_tokens"])
    hits = pd.DataFrame(hits, columns=["doc_id", "sent_id", "category", "voice"])
    stance = pd.DataFrame(stance, columns=["doc_id", "sent_id", "target", "score", "label",
                                           "voice"])
    return documents, sentences, hits, stance


def _one(frame, **keys):
    mask = np.ones(len(frame), dtype=bool)
    for k, v in keys.items():
        mask &= frame[k].to_numpy() == v
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


def test_the_rule():
    den = np.array([[0.0, 1.0], [2.0, 0.0], [3.0, 0.0]])
    assert contributing_docs(den).tolist() == [2, 1]
    assert MIN_DOCS_FOR_CI == 5
    assert has_interval(np.array([4, 5, 6])).tolist() == [False, True, True]
    assert has_interval(np.array([5, 9]), np.array([4, 5])).tolist() == [False, True]  # both sides


def test_rates_quoted_voice_counts_only_documents_with_quotations():
    d, s, h, _ = two_outlets()
    rates = loaded_rates(d, s, h, by=(), voice=("author", "quoted"), n_boot=200)
    xq = _one(rates, outlet="X", voice="quoted")
    assert xq.n_docs == X_QUOTING and xq.hits == X_QUOTING and xq.rate_per_1000 > 0
    assert xq[["ci_low", "ci_high", "share_ci_low", "share_ci_high"]].isna().all()
    xa = _one(rates, outlet="X", voice="author")  # the author voice is unchanged
    assert xa.n_docs == N_DOCS and xa.ci_low <= xa.rate_per_1000 <= xa.ci_high
    yq = _one(rates, outlet="Y", voice="quoted")
    assert yq.n_docs == N_DOCS and yq.ci_low <= yq.rate_per_1000 <= yq.ci_high
    assert rates.attrs["n_no_interval"] == 1 and rates.attrs["no_interval_outlets"] == []
    quoted_only = loaded_rates(d, s, h, by=(), voice="quoted", n_boot=50)
    assert quoted_only.attrs["no_interval_outlets"] == ["X"]  # X has no interval at all


def test_rates_per_target_count_documents_mentioning_it():
    d, s, h, st = two_outlets()
    rates = loaded_rates(d, s, h, stance=st, by=("target",), voice="author", n_boot=100)
    xr = _one(rates, outlet="X", target="Russia")
    assert xr.n_docs == X_RUSSIA and np.isnan(xr.ci_low)
    xn = _one(rates, outlet="X", target="NATO")
    assert xn.n_docs == N_DOCS and np.isfinite(xn.ci_low)


def test_rate_ratios_need_contributing_documents_on_each_side():
    d, s, h, _ = two_outlets()
    out = compare_outlets(d, s, h, by=(), voice=("author", "quoted"), n_boot=200, n_perm=50)
    quoted = out[out.voice == "quoted"]
    assert len(quoted) == 3  # X vs Y, X vs rest, Y vs rest (rest = X: 3 quoting documents)
    assert quoted[["rr_ci_low", "rr_ci_high"]].isna().all().all()
    assert quoted.p_value.notna().all()  # the tests are not affected
    author = out[out.voice == "author"]
    assert author[["rr_ci_low", "rr_ci_high"]].notna().all().all()
    assert out.attrs["n_no_interval"] == 3 and out.attrs["min_docs_for_ci"] == MIN_DOCS_FOR_CI


def test_stance_interval_needs_documents_that_mention_the_target():
    d, s, _, st = two_outlets()
    out = stance_summary(d, s, st, voice="author", n_boot=200, seed=4)
    xr = _one(out, outlet="X", target="Russia")
    assert xr.n_docs == X_RUSSIA and np.isfinite(xr.mean_score)
    assert np.isnan(xr.ci_low) and np.isnan(xr.ci_high)  # 2 of X's 10 articles
    for outlet, target in (("X", "NATO"), ("Y", "Russia")):
        row = _one(out, outlet=outlet, target=target)
        assert row.n_docs == N_DOCS and row.ci_low <= row.mean_score <= row.ci_high
    assert out.attrs["n_no_interval"] == 1 and out.attrs["min_docs_for_ci"] == MIN_DOCS_FOR_CI
    assert out.attrs["ci"] == 0.95 and out.attrs["n_boot"] == 200 and out.attrs["seed"] == 4


def test_time_series_cells_count_contributing_documents_per_metric():
    d, s, h, st = two_outlets()
    out = stance_over_time(d, s, st, freq="M", voice="author", n_boot=100)
    russia = _one(out, outlet="X", metric="stance:Russia")
    assert russia.n_docs == X_RUSSIA and np.isnan(russia.ci_low)
    coverage = _one(out, outlet="X", metric="coverage:Russia")
    assert coverage.n_docs == N_DOCS and coverage.ci_low <= coverage.value <= coverage.ci_high
    assert out.attrs["n_no_interval"] == 1
    quoted = rates_over_time(d, s, h, freq="M", voice="quoted", n_boot=100)
    assert _one(quoted, outlet="X").n_docs == X_QUOTING and np.isnan(_one(quoted, outlet="X").ci_low)
    assert np.isfinite(_one(quoted, outlet="Y").ci_low)
    author = rates_over_time(d, s, h, freq="M", voice="author", n_boot=100)
    assert author.n_docs.tolist() == [N_DOCS, N_DOCS] and author.ci_low.notna().all()


@pytest.mark.parametrize("weights", [None, {"X0": 0.5, "Y3": 2.0}])
def test_weights_do_not_change_which_documents_contribute(weights):
    d, s, h, _ = two_outlets()
    rates = loaded_rates(d, s, h, by=(), voice="quoted", n_boot=20, doc_weights=weights)
    assert rates.set_index("outlet").n_docs.to_dict() == {"X": X_QUOTING, "Y": N_DOCS}
