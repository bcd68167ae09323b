"""Rates and stance by week or month, with undated documents reported."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.simulate import simulate_corpus
from framing.timeseries import TIMESERIES_COLUMNS, period_start, rates_over_time, stance_over_time


def test_period_start_weeks_and_months():
    dates = np.array(["2024-04-03T15:00", "2024-04-07", "2024-04-08", "NaT"],
                     dtype="datetime64[ns]")
    weeks = period_start(dates, "W")
    assert list(pd.to_datetime(weeks[:3]).strftime("%Y-%m-%d")) == [
        "2024-04-01", "2024-04-01", "2024-04-08"]  # Monday starts
    assert np.isnat(weeks[3])
    months = period_start(dates, "M")
    assert pd.Timestamp(months[0]) == pd.Timestamp("2024-04-01")
    with pytest.raises(ParameterError):
        period_start(dates, "D")


def small():
    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "outlet": ["X", "X", "X", "Y"],
        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-02", None]),
        "text": ["ta", "tb", "tc", "td"],
    })
    sentences = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "sent_id": [0] * 4,
                              "n_tokens": [100, 300, 50, 10], "n_quoted_tokens": [0] * 4})
    hits = pd.DataFrame({"doc_id": ["a", "b", "b", "c"], "sent_id": [0] * 4,
                         "category": ["p", "p", "q", "q"], "voice": ["author"] * 4})
    return documents, sentences, hits


def test_rates_over_time_by_hand_and_undated_reported(caplog, monkeypatch):
    import framing.resample
    import framing.timeseries

    docs, sents, hits = small()
    with caplog.at_level(logging.WARNING, logger="framing.timeseries"):
        default = rates_over_time(docs, sents, hits, freq="M", n_boot=100)
    # no interval below 5 documents (percentile intervals of 2-4 cover 51-82%)
    assert default[["ci_low", "ci_high"]].isna().all().all()
    assert default.attrs["n_no_interval"] == 2 and default.attrs["min_docs_for_ci"] == 5
    assert "fewer than 5 documents contributing: no interval" in caplog.text
    # check the arithmetic by hand
    monkeypatch.setattr(framing.resample, "MIN_DOCS_FOR_CI", 2)
    with caplog.at_level(logging.WARNING, logger="framing.timeseries"):
        out = rates_over_time(docs, sents, hits, freq="M", n_boot=100)
    assert list(out.columns) == TIMESERIES_COLUMNS
    assert out.attrs["n_undated"] == 1 and out.attrs["undated_by_outlet"] == {"Y": 1}
    assert "without a date" in caplog.text
    jan = out[out.period == pd.Timestamp("2024-01-01")].iloc[0]
    assert jan.outlet == "X" and jan.n_docs == 2 and jan.metric == "rate_per_1000"
    assert jan.value == pytest.approx(1000 * 3 / 400)
    assert jan.ci_low <= jan.value <= jan.ci_high
    feb = out[out.period == pd.Timestamp("2024-02-01")].iloc[0]
    assert feb.value == pytest.approx(1000 * 1 / 50) and np.isnan(feb.ci_low)  # one document
    q = rates_over_time(docs, sents, hits, category="q", metrics=("rate_per_1000",
                                                                  "share_sentences"), n_boot=10)
    assert set(q.metric) == {"rate_per_1000:q", "share_sentences:q"}
    assert q[(q.metric == "rate_per_1000:q") & (q.period == "2024-01-01")].value.iloc[0] == \
        pytest.approx(1000 * 1 / 400)
    with pytest.raises(ParameterError):
        rates_over_time(docs, sents, hits, category="nope")
    with pytest.raises(ParameterError):
        rates_over_time(docs, sents, hits, voice=("all", "author"))
    excluded = rates_over_time(docs, sents, hits, exclude_docs=["b"], n_boot=10)
    assert excluded[excluded.period == "2024-01-01"].n_docs.iloc[0] == 1


def test_stance_over_time_weeks():
    c = simulate_corpus(outlets=2, n_docs=40, days=28, undated_share=0.1,
                        stance_mean={"outlet_01": {"Russia": -0.4}}, mention_rate=0.2, seed=2)
    out = stance_over_time(c.documents, c.sentences, c.stance, targets=["Russia"], freq="W",
                           n_boot=100)
    assert set(out.metric) == {"stance:Russia", "coverage:Russia"}
    assert (out.freq == "W").all() and (out.period.dt.day_of_week == 0).all()
    undated = int(c.documents.date.isna().sum())
    assert out.attrs["n_undated"] == undated > 0
    stance = out[out.metric == "stance:Russia"]
    dated = c.documents[c.documents.date.notna()]
    # n_docs of a stance row: documents with a scored mention; of a coverage row: every
    # dated document (all have sentences)
    mentioning = dated[dated.doc_id.isin(c.stance[c.stance.target == "Russia"].doc_id)]
    assert stance.groupby("outlet").n_docs.sum().to_dict() == \
        mentioning.groupby("outlet").size().to_dict()
    assert out[out.metric == "coverage:Russia"].groupby("outlet").n_docs.sum().to_dict() == \
        dated.groupby("outlet").size().to_dict()
    assert out.attrs["n_no_interval"] == int((out.n_docs < 5).sum())
    assert out[out.n_docs < 5][["ci_low", "ci_high"]].isna().all().all()
    b = stance[stance.outlet == "outlet_01"]
    assert b.value.mean() < -0.2 and (b.ci_low <= b.value).all() and (b.value <= b.ci_high).all()
    cov = out[out.metric == "coverage:Russia"]
    assert cov.value.between(0.1, 0.3).all()


def test_time_series_invariant_to_row_order_and_renaming():
    c = simulate_corpus(outlets=2, n_docs=30, days=60, seed=8)
    rename = {d: f"y{i}" for i, d in enumerate(c.documents["doc_id"])}
    moved = [f.assign(doc_id=f["doc_id"].map(rename)).sample(frac=1.0, random_state=1)
             for f in (c.documents, c.sentences, c.hits)]
    a = rates_over_time(c.documents, c.sentences, c.hits, n_boot=100, seed=4)
    b = rates_over_time(*moved, n_boot=100, seed=4)
    pd.testing.assert_frame_equal(a, b)


def test_one_metric_or_target_may_be_given_as_a_string():
    # the reviewer's case: metrics="stance" failed with "unknown metric 's'"
    c = simulate_corpus(outlets=2, n_docs=12, days=40, seed=4)
    d, s, h, st = c.documents, c.sentences, c.hits, c.stance
    one = stance_over_time(d, s, st, metrics="stance", targets="Russia", n_boot=20)
    both = stance_over_time(d, s, st, metrics=("stance",), targets=["Russia"], n_boot=20)
    assert set(one.metric) == {"stance:Russia"}
    pd.testing.assert_frame_equal(one, both)
    rates = rates_over_time(d, s, h, metrics="share_sentences", n_boot=20)
    assert set(rates.metric) == {"share_sentences"}
    for bad, call in [("s", stance_over_time), ("rate", rates_over_time)]:
        with pytest.raises(ParameterError, match=f"unknown metric '{bad}'"):
            call(d, s, st if call is stance_over_time else h, metrics=bad, n_boot=20)
    with pytest.raises(ParameterError, match="metrics is empty"):
        stance_over_time(d, s, st, metrics=(), n_boot=20)
