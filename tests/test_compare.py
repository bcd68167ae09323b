"""Rates, tests between outlets, Benjamini-Hochberg, split-half null, syndication control."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import (
    COMPARISON_COLUMNS,
    RATE_COLUMNS,
    compare_outlets,
    loaded_rates,
    split_half_null,
)
from framing.doccounts import count_table, doc_counts
from framing.errors import InputError, ParameterError
from framing.resample import (
    benjamini_hochberg,
    bootstrap_weights,
    child_rng,
    percentile_interval,
    permutation_pvalue,
)
from framing.simulate import simulate_corpus
from framing.timeseries import rates_over_time


@pytest.fixture
def intervals_from_two_docs(monkeypatch):
    """Bootstrap intervals from 2 documents on, to check the resampling by hand on tiny().

    The library draws no interval below MIN_DOCS_FOR_CI = 5 documents (tested in
    test_no_interval_below_five_documents); the arithmetic is the same above it.
    """
    import framing.compare
    import framing.resample

    monkeypatch.setattr(framing.resample, "MIN_DOCS_FOR_CI", 2)  # the rule and attrs
    monkeypatch.setattr(framing.compare, "MIN_DOCS_FOR_CI", 2)  # split halves


def tiny():
    """Two outlets, five documents; counts small enough to check by hand.

    A: a1 (2 sentences: 10 author words with 1 pejorative hit; 5 quoted words with 1
       quoted alarm hit), a2 (1 sentence: 20 author words, no hit)
    B: b1 (10 author words, 2 pejorative hits in one sentence), b2 (10 words, 1 alarm
       hit in scare quotes), b3 (10 words, no hit)
    """
    documents = pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2", "b3"],
        "outlet": ["A", "A", "B", "B", "B"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", None, "2024-02-01"]),
        "text": ["text a1", "text a2", "text b1", "text b2", "text b3"],
    })
    sentences = pd.DataFrame({
        "doc_id": ["a1", "a1", "a2", "b1", "b2", "b3"],
        "sent_id": [0, 1, 0, 0, 0, 0],
        "n_tokens": [10, 5, 20, 10, 10, 10],
        "n_quoted_tokens": [0, 5, 0, 0, 0, 0],
        "voice": ["author", "quoted", "author", "author", "author", "author"],
        "text": ["x"] * 6,
    })
    hits = pd.DataFrame({
        "doc_id": ["a1", "a1", "b1", "b1", "b2"],
        "sent_id": [0, 1, 0, 0, 0],
        "entry": ["regime", "crisis", "regime", "puppet", "crisis"],
        "category": ["pejorative", "alarm", "pejorative", "pejorative", "alarm"],
        "voice": ["author", "quoted", "author", "author", "scare_quote"],
    })
    return documents, sentences, hits


def _row(frame, **keys):
    mask = np.ones(len(frame), dtype=bool)
    for k, v in keys.items():
        mask &= frame[k].to_numpy() == v
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


def test_doc_counts_by_hand():
    docs, sents, hits = tiny()
    dc = doc_counts(docs, sents, hits)
    a1 = dc[dc.doc_id == "a1"].set_index(["category", "voice"])
    assert a1.loc[("all", "all"), ["words", "hits", "n_sentences", "sentences_with_hit"]].tolist() \
        == [15, 2, 2, 2]
    assert a1.loc[("all", "author"), ["words", "hits", "n_sentences"]].tolist() == [10, 1, 1]
    assert a1.loc[("all", "quoted"), ["words", "hits", "n_sentences"]].tolist() == [5, 1, 1]
    assert a1.loc[("alarm", "quoted"), "hits"] == 1
    assert a1.loc[("alarm", "author"), "hits"] == 0
    b1 = dc[dc.doc_id == "b1"].set_index(["category", "voice"])
    # two hits in one sentence: 2 hits, 1 sentence with a hit
    assert b1.loc[("pejorative", "author"), ["hits", "sentences_with_hit"]].tolist() == [2, 1]
    b2 = dc[dc.doc_id == "b2"].set_index(["category", "voice"])
    assert b2.loc[("alarm", "author"), "hits"] == 1  # scare quotes are the outlet's voice
    assert len(dc) == 5 * 3 * 3  # docs x (all + 2 categories) x voices


def test_loaded_rates_are_ratio_estimators(intervals_from_two_docs):
    docs, sents, hits = tiny()
    rates = loaded_rates(docs, sents, hits, n_boot=200)
    assert list(rates.columns) == RATE_COLUMNS
    a = _row(rates, outlet="A", category="all", voice="all")
    assert a.n_docs == 2 and a.n_words == 35 and a.hits == 2
    assert a.rate_per_1000 == pytest.approx(1000 * 2 / 35)  # not the mean of doc rates
    assert a.share_sentences == pytest.approx(2 / 3)
    b = _row(rates, outlet="B", category="pejorative", voice="author")
    assert b.rate_per_1000 == pytest.approx(1000 * 2 / 30)
    q = _row(rates, outlet="B", category="all", voice="quoted")
    assert q.n_words == 0 and np.isnan(q.rate_per_1000)
    # A's quotations are all in a1: one contributing document, no interval (here >= 2)
    aq = _row(rates, outlet="A", category="all", voice="quoted")
    assert aq.n_docs == 1 and aq.rate_per_1000 == pytest.approx(200.0) and np.isnan(aq.ci_low)
    for r in rates.itertuples():
        assert np.isnan(r.ci_low) == (r.n_docs < 2)
        if not np.isnan(r.ci_low):
            assert r.ci_low <= r.rate_per_1000 + 1e-9 and r.rate_per_1000 <= r.ci_high + 1e-9


def test_a_span_under_several_categories_counts_once_in_all(caplog):
    """A LIWC entry with two categories gives two hit rows for one word: the 'all' rows of
    loaded_rates, compare_outlets and rates_over_time counted it twice (2 hits in 10 words,
    a warning said so); they count it once, as a word, and each category row once."""
    docs, sents, _ = tiny()
    hits = pd.DataFrame({"doc_id": ["a1", "a1"], "sent_id": [0, 0], "start": [3, 3], "end": [8, 8],
                         "lexicon": ["liwc@unversioned"] * 2, "entry": ["happy", "happy"],
                         "category": ["posemo", "affect"], "voice": ["author", "author"]})
    with caplog.at_level("WARNING", logger="framing.compare"):
        rates = loaded_rates(docs, sents, hits, n_boot=20)
    assert "repeat a span" not in caplog.text
    for category in ("all", "posemo", "affect"):
        row = _row(rates, outlet="A", category=category, voice="author")
        assert row.hits == 1 and row.rate_per_1000 == pytest.approx(1000 / 30)
    assert _row(rates, outlet="A", category="all", voice="all").hits == 1
    # the other tables read the same counts
    comp = compare_outlets(docs, sents, hits, n_boot=20, n_perm=20, min_docs=2, voice="author")
    pair = comp[(comp["family"] == "pairwise") & (comp["category"] == "all")].iloc[0]
    rate_a = pair.rate_a if pair.outlet_a == "A" else pair.rate_b
    assert rate_a == pytest.approx(1000 / 30)
    over_time = rates_over_time(docs, sents, hits, freq="M", category="all", voice="author",
                                n_boot=20)
    jan_a = over_time[(over_time["outlet"] == "A") & (over_time["period"] == "2024-01")]
    assert jan_a["value"].iloc[0] == pytest.approx(1000 / 30)


def test_no_interval_below_five_documents(caplog):
    # percentile intervals from 2-4 documents cover the truth 51-82% of the time
    # (docs/statistics.md): the rates, the rate ratios and the split halves have none
    docs, sents, hits = tiny()  # A: 2 documents, B: 3
    with caplog.at_level("WARNING", logger="framing.compare"):
        rates = loaded_rates(docs, sents, hits, n_boot=50)
    assert rates[["ci_low", "ci_high", "share_ci_low", "share_ci_high"]].isna().all().all()
    assert rates.attrs["no_interval_outlets"] == ["A", "B"]
    assert rates.attrs["min_docs_for_ci"] == 5
    assert "fewer than 5 documents" in caplog.text
    pair = compare_outlets(docs, sents, hits, by=(), voice="all", vs_rest=False, omnibus=False,
                           min_docs=2, n_perm=20, n_boot=50).iloc[0]
    assert np.isfinite(pair.p_value) and np.isnan(pair.rr_ci_low) and np.isnan(pair.rr_ci_high)
    c = simulate_corpus(outlets=2, n_docs=5, seed=3)
    five = loaded_rates(c.documents, c.sentences, c.hits, by=(), voice="all", n_boot=50)
    assert five[["ci_low", "ci_high"]].notna().all().all()
    assert five.attrs["no_interval_outlets"] == []
    # split halves need 5 documents each: an outlet of 9 is not split, one of 10 is
    c9 = simulate_corpus(outlets=2, n_docs=9, seed=3)
    assert split_half_null(c9.documents, c9.sentences, c9.hits, n_boot=20, n_perm=20).empty
    c10 = simulate_corpus(outlets=1, n_docs=10, seed=3)
    halves = split_half_null(c10.documents, c10.sentences, c10.hits, by=(), voice="all",
                             n_boot=20, n_perm=20)
    assert len(halves) == 1 and halves[["rr_ci_low", "rr_ci_high"]].notna().all().all()


def test_frames_record_their_resampling_settings():
    c = simulate_corpus(outlets=2, n_docs=6, seed=4)
    rates = loaded_rates(c.documents, c.sentences, c.hits, by=(), n_boot=30, seed=5, ci=0.9)
    assert (rates.attrs["ci"], rates.attrs["n_boot"], rates.attrs["seed"]) == (0.9, 30, 5)
    tests = compare_outlets(c.documents, c.sentences, c.hits, by=(), n_boot=30, n_perm=40, seed=5)
    assert (tests.attrs["ci"], tests.attrs["n_boot"], tests.attrs["n_perm"]) == (0.95, 30, 40)


def test_bootstrap_matches_naive_loop(intervals_from_two_docs):
    docs, sents, hits = tiny()
    rates = loaded_rates(docs, sents, hits, by=(), voice="all", n_boot=300, seed=7)
    table = count_table(docs, sents, hits, by=(), voice="all")
    rows = table.outlet_blocks()["B"]
    h, w = table.hits[rows, 0], table.words[rows, 0]
    weights = bootstrap_weights(child_rng(7, "boot", "B"), len(rows), 300)
    naive = []
    for b in range(300):  # a resample is a multiset of documents
        picks = np.repeat(np.arange(len(rows)), weights[b].astype(int))
        naive.append(1000 * h[picks].sum() / w[picks].sum())
    lo, hi = np.quantile(naive, [0.025, 0.975])
    got = _row(rates, outlet="B", category="all", voice="all")
    assert got.ci_low == pytest.approx(lo) and got.ci_high == pytest.approx(hi)


def test_bootstrap_weights_are_resamples():
    w = bootstrap_weights(np.random.default_rng(0), 7, 500)
    assert w.shape == (500, 7)
    assert (w.sum(axis=1) == 7).all()
    assert abs(w.mean() - 1) < 0.05


def test_reproducible_and_seed_sensitive():
    c = simulate_corpus(outlets=2, n_docs=15, sentences_per_doc=6, seed=1)
    args = (c.documents, c.sentences, c.hits)
    r1 = loaded_rates(*args, n_boot=100, seed=3)
    r2 = loaded_rates(*args, n_boot=100, seed=3)
    r3 = loaded_rates(*args, n_boot=100, seed=4)
    pd.testing.assert_frame_equal(r1, r2)
    assert not np.allclose(r1["ci_low"], r3["ci_low"], equal_nan=True)


def test_invariant_to_row_order_and_doc_id_renaming():
    c = simulate_corpus(outlets=3, n_docs=12, sentences_per_doc=6, rate_ratio={"outlet_01": 2},
                        seed=5)
    docs, sents, hits = c.documents, c.sentences, c.hits
    rename = {d: f"renamed-{i:03d}" for i, d in enumerate(docs["doc_id"][::-1])}
    shuffled = [
        f.assign(doc_id=f["doc_id"].map(rename)).sample(frac=1.0, random_state=9)
        for f in (docs, sents, hits)
    ]
    kw = dict(n_boot=150, n_perm=150, seed=11)
    pd.testing.assert_frame_equal(
        loaded_rates(docs, sents, hits, n_boot=150, seed=11),
        loaded_rates(*shuffled, n_boot=150, seed=11))
    pd.testing.assert_frame_equal(compare_outlets(docs, sents, hits, **kw),
                                  compare_outlets(*shuffled, **kw))


def test_outlet_draws_do_not_depend_on_other_outlets():
    c = simulate_corpus(outlets=3, n_docs=10, sentences_per_doc=5, seed=2)
    full = loaded_rates(c.documents, c.sentences, c.hits, n_boot=100)
    only = c.documents[c.documents.outlet != "outlet_02"]
    part = loaded_rates(only, c.sentences, c.hits, n_boot=100)
    pd.testing.assert_frame_equal(full[full.outlet != "outlet_02"].reset_index(drop=True),
                                  part.reset_index(drop=True))


def test_exclude_and_weights():
    docs, sents, hits = tiny()
    excl = loaded_rates(docs, sents, hits, by=(), voice="all", exclude_docs=["b1"], n_boot=50)
    assert _row(excl, outlet="B").hits == 1 and _row(excl, outlet="B").n_docs == 2
    weighted = loaded_rates(docs, sents, hits, by=(), voice="all",
                            doc_weights={"b1": 0.5}, n_boot=50)
    b = _row(weighted, outlet="B")
    assert b.hits == pytest.approx(0.5 * 2 + 1) and b.n_words == pytest.approx(25)
    assert b.rate_per_1000 == pytest.approx(1000 * 2 / 25)
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, exclude_docs="b1")
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, doc_weights={"b1": -1.0})


def test_syndication_control_with_the_duplicates_frame():
    from framing.syndication import doc_weights, exclusion_set

    c = simulate_corpus(outlets=["A", "B"], n_docs=10, sentences_per_doc=5, n_wire_stories=6,
                        copies_per_story=1, seed=14)
    dup = c.truth.duplicates
    excluded = exclusion_set(dup)
    assert excluded == set(dup.loc[~dup.is_first, "doc_id"])
    plain = loaded_rates(c.documents, c.sentences, c.hits, by=(), voice="all", n_boot=20)
    kept = loaded_rates(c.documents, c.sentences, c.hits, by=(), voice="all", n_boot=20,
                        exclude_docs=excluded)
    assert plain.n_docs.sum() == len(c.documents) == 32
    assert kept.n_docs.sum() == 32 - 6
    weights = doc_weights(dup)
    weighted = loaded_rates(c.documents, c.sentences, c.hits, by=(), voice="all", n_boot=20,
                            doc_weights=weights)
    counts = doc_counts(c.documents, c.sentences, c.hits, by=(), voice="all")
    expected = (counts.words * counts.doc_id.map(weights).fillna(1.0)).groupby(counts.outlet).sum()
    np.testing.assert_allclose(weighted.set_index("outlet").n_words, expected)


def test_one_document_outlet_has_no_interval():
    docs, sents, hits = tiny()
    docs = docs[docs.doc_id != "a2"]
    rates = loaded_rates(docs, sents, hits, by=(), n_boot=50)
    a = _row(rates, outlet="A", voice="all")
    assert a.n_docs == 1 and np.isnan(a.ci_low) and not np.isnan(a.rate_per_1000)


def test_input_errors_name_the_field():
    docs, sents, hits = tiny()
    with pytest.raises(InputError) as err:
        loaded_rates(docs, sents.drop(columns="n_quoted_tokens"), hits)
    assert err.value.field == "n_quoted_tokens"
    # without quoted/author voices the column is not needed
    assert len(loaded_rates(docs, sents.drop(columns="n_quoted_tokens"), hits, voice="all",
                            n_boot=10))
    with pytest.raises(InputError):
        loaded_rates(pd.concat([docs, docs.iloc[:1]]), sents, hits)
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, n_boot=0)
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, ci=95)
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, by=("voice",))
    with pytest.raises(ParameterError):
        loaded_rates(docs, sents, hits, by=("target",))  # needs stance


def test_rates_per_target_use_sentences_mentioning_it():
    docs, sents, hits = tiny()
    stance = pd.DataFrame({"doc_id": ["a1", "b1", "b1"], "sent_id": [0, 0, 0],
                           "target": ["Russia", "Russia", "NATO"]})
    rates = loaded_rates(docs, sents, hits, stance=stance, by=("target",), voice="all",
                         n_boot=20)
    assert list(rates.columns[:2]) == ["outlet", "target"]
    r = _row(rates, outlet="A", target="Russia", category="all")
    assert r.n_words == 10 and r.hits == 1
    n = _row(rates, outlet="B", target="NATO", category="all")
    assert n.n_words == 10 and n.hits == 2 and n.sentences_with_hit == 1


def test_compare_identical_outlets_gives_no_difference():
    c = simulate_corpus(outlets=["A"], n_docs=12, sentences_per_doc=5, seed=4)
    docs = c.documents
    copy = docs.assign(doc_id=docs.doc_id + "-b", outlet="B", text=docs.text + " ")
    both = pd.concat([docs, copy])
    sents = pd.concat([c.sentences, c.sentences.assign(doc_id=c.sentences.doc_id + "-b")])
    hits = pd.concat([c.hits, c.hits.assign(doc_id=c.hits.doc_id + "-b")])
    out = compare_outlets(both, sents, hits, by=(), n_perm=99, n_boot=50, omnibus=False)
    pair = out[out.family == "pairwise"]
    assert np.allclose(pair.rate_ratio, 1.0) and np.allclose(pair.p_value, 1.0)


def test_compare_detects_planted_difference_and_adjusts_per_family():
    c = simulate_corpus(outlets=3, n_docs=30, sentences_per_doc=8,
                        rate_ratio={"outlet_02": 3.0}, seed=8)
    out = compare_outlets(c.documents, c.sentences, c.hits, n_perm=199, n_boot=200)
    assert list(out.columns) == COMPARISON_COLUMNS
    assert set(out.family) == {"pairwise", "vs_rest", "omnibus"}
    n_cells = 3 * 5  # voices x (all + 4 categories)
    assert (out.family == "pairwise").sum() == 3 * n_cells
    assert (out.family == "vs_rest").sum() == 3 * n_cells
    assert (out.family == "omnibus").sum() == n_cells
    assert out.p_value.min() >= 1 / 200
    for _, fam in out.groupby("family"):
        np.testing.assert_allclose(fam.p_adjusted, benjamini_hochberg(fam.p_value.to_numpy()))
    strong = _row(out, family="vs_rest", outlet_a="outlet_02", category="all", voice="author")
    assert strong.significant and strong.rr_ci_low > 1.5
    assert _row(out, family="omnibus", category="all", voice="author").p_value < 0.01
    assert (out.p_adjusted >= out.p_value - 1e-12).all()
    # the quoted voice has no planted difference
    quoted = _row(out, family="omnibus", category="all", voice="quoted")
    assert quoted.p_value > 0.01


def test_family_by_and_pairs_options():
    c = simulate_corpus(outlets=3, n_docs=8, sentences_per_doc=5, seed=3)
    out = compare_outlets(c.documents, c.sentences, c.hits, by=(), family_by=("voice",),
                          pairs=[("outlet_00", "outlet_02")], vs_rest=False, omnibus=False,
                          n_perm=20, n_boot=20)
    assert set(out.family) == {"pairwise|voice=all", "pairwise|voice=author",
                               "pairwise|voice=quoted"}
    with pytest.raises(ParameterError):
        compare_outlets(c.documents, c.sentences, c.hits, pairs=[("outlet_00", "nope")])
    with pytest.raises(ParameterError):
        compare_outlets(c.documents, c.sentences, c.hits, family_by=("outlet",))


def test_small_outlets_are_left_out_of_tests():
    c = simulate_corpus(outlets=3, n_docs=[10, 10, 3], sentences_per_doc=5, seed=3)
    out = compare_outlets(c.documents, c.sentences, c.hits, by=(), n_perm=20, n_boot=20)
    assert out.attrs["skipped_outlets"] == ["outlet_02"]
    assert "outlet_02" not in set(out.outlet_a) | set(out.outlet_b)
    assert "omnibus" not in set(out.family)  # two tested outlets only


def test_split_half_null():
    c = simulate_corpus(outlets=2, n_docs=20, sentences_per_doc=6, seed=6)
    out = split_half_null(c.documents, c.sentences, c.hits, by=(), voice="all", n_perm=99,
                          n_boot=100)
    assert list(out.columns) == COMPARISON_COLUMNS
    assert (out.family == "split_half").all() and (out.outlet_a == out.outlet_b).all()
    assert len(out) == 2
    many = split_half_null(c.documents, c.sentences, c.hits, by=(), voice="all", n_splits=3,
                           n_perm=20, n_boot=20)
    assert list(many.columns) == COMPARISON_COLUMNS + ["split"] and len(many) == 6
    assert many.groupby("outlet_a").rate_ratio.nunique().min() > 1  # different splits


def test_benjamini_hochberg_known_values():
    np.testing.assert_allclose(benjamini_hochberg([0.01, 0.04, 0.03, 0.005]),
                               [0.02, 0.04, 0.04, 0.02])
    np.testing.assert_allclose(benjamini_hochberg([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05] * 5)
    out = benjamini_hochberg([0.5, np.nan, 0.01])
    assert np.isnan(out[1]) and out[0] == pytest.approx(0.5) and out[2] == pytest.approx(0.02)
    assert len(benjamini_hochberg([])) == 0
    with pytest.raises(ParameterError):
        benjamini_hochberg([1.5])


def test_percentile_interval_and_pvalue_helpers():
    x = np.random.default_rng(0).normal(size=(999, 3))
    lo, hi = percentile_interval(x, 0.9)
    np.testing.assert_allclose(lo, np.quantile(x, 0.05, axis=0))
    np.testing.assert_allclose(hi, np.quantile(x, 0.95, axis=0))
    with_nan = np.array([1.0, 2.0, np.nan, 3.0])
    assert percentile_interval(with_nan, 0.5) == pytest.approx((1.5, 2.5))
    assert np.isnan(percentile_interval(np.array([np.nan, np.nan]), 0.95)[0])
    assert percentile_interval(np.array([1.0, np.inf, np.inf]), 0.5)[1] == np.inf
    # a quantile exactly on a sample is that sample, even with inf next to it (not inf * 0)
    forty = np.append(np.arange(1.0, 41.0), np.inf)
    assert percentile_interval(forty, 0.95) == pytest.approx((2.0, 40.0))
    p = permutation_pvalue(np.array([0.5, 0.0, np.nan]), np.array([[0.1, 0.0, 1.0]] * 9))
    assert p[0] == pytest.approx(0.1) and p[1] == pytest.approx(1.0) and np.isnan(p[2])


# --- stance summaries (framing.stance_stats) -----------------------------------------


def test_stance_summary_by_hand(intervals_from_two_docs):
    from framing.stance_stats import STANCE_SUMMARY_COLUMNS, stance_summary

    docs, sents, _ = tiny()
    stance = pd.DataFrame({
        "doc_id": ["a1", "a1", "a2", "b1", "b1"], "sent_id": [0, 1, 0, 0, 0],
        "target": ["Russia", "Russia", "Russia", "Russia", "NATO"],
        "score": [-0.5, 0.5, -1.0, 0.25, np.nan],
        "label": ["against", "favor", "against", "favor", "neutral"],
        "voice": ["author", "quoted", "author", "author", "author"],
    })
    out = stance_summary(docs, sents, stance, n_boot=200)
    assert list(out.columns) == STANCE_SUMMARY_COLUMNS
    a = _row(out, outlet="A", target="Russia", voice="all")
    assert a.n_mentions == 3 and a.n_docs == 2 and a.n_sentences == 3
    assert a.sentences_with_target == 3 and a.coverage == pytest.approx(1.0)
    assert a.mean_score == pytest.approx(-1.0 / 3)
    assert (a.n_against, a.n_neutral, a.n_favor) == (2, 0, 1)
    assert a.share_against == pytest.approx(2 / 3)
    assert a.ci_low <= a.mean_score <= a.ci_high
    author = _row(out, outlet="A", target="Russia", voice="author")
    assert author.n_mentions == 2 and author.mean_score == pytest.approx(-0.75)
    assert author.n_sentences == 2 and author.coverage == pytest.approx(1.0)
    quoted = _row(out, outlet="A", target="Russia", voice="quoted")
    assert quoted.n_mentions == 1 and quoted.n_docs == 1
    # one document behind the mean: no interval (was the degenerate 0.5 - 0.5)
    assert np.isnan(quoted.ci_low) and np.isnan(quoted.ci_high)
    nato = _row(out, outlet="B", target="NATO", voice="all")
    assert nato.n_mentions == 1 and np.isnan(nato.mean_score)  # no score: no mean
    assert nato.n_docs == 0  # a mention without a score does not contribute
    assert out.attrs["min_docs_for_ci"] == 2 and out.attrs["ci"] == 0.95
    assert out.attrs["n_no_interval"] == int((out.n_docs < 2).sum())
    assert nato.coverage == pytest.approx(1 / 3) and nato.n_neutral == 1
    none = _row(out, outlet="A", target="NATO", voice="all")
    assert none.n_mentions == 0 and none.coverage == 0 and np.isnan(none.mean_score)
    listed = stance_summary(docs, sents, stance, targets=["France"], voice="all", n_boot=10)
    assert (listed.coverage == 0).all() and set(listed.target) == {"France"}
    weighted = stance_summary(docs, sents, stance, voice="all", doc_weights={"a2": 0.0},
                              n_boot=10)
    assert _row(weighted, outlet="A", target="Russia").mean_score == pytest.approx(0.0)


def test_stance_summary_uses_the_rates_bootstrap_draws():
    from framing.stance_stats import stance_summary

    c = simulate_corpus(outlets=2, n_docs=25, sentences_per_doc=8, mention_rate=0.3, seed=4)
    st = stance_summary(c.documents, c.sentences, c.stance, targets=["Russia"], voice="all",
                        n_boot=300, seed=5)
    table = count_table(c.documents, c.sentences, c.hits, by=(), voice="all")
    rows = table.outlet_blocks()["outlet_01"]
    weights = bootstrap_weights(child_rng(5, "boot", "outlet_01"), len(rows), 300)
    score = c.stance[c.stance.target == "Russia"].groupby("doc_id").score.agg(["sum", "count"])
    per_doc = score.reindex(table.docs.doc_id[rows]).fillna(0)
    boot = (weights @ per_doc["sum"].to_numpy()) / (weights @ per_doc["count"].to_numpy())
    lo, hi = np.quantile(boot, [0.025, 0.975])
    got = _row(st, outlet="outlet_01")
    assert got.ci_low == pytest.approx(lo) and got.ci_high == pytest.approx(hi)


def test_rate_ratio_with_a_side_without_hits_is_kept_with_an_open_interval(
        intervals_from_two_docs):
    docs, sents, hits = tiny()
    only_a = hits[hits.doc_id.str.startswith("a")]
    out = compare_outlets(docs, sents, only_a, by=(), voice="all", vs_rest=False, omnibus=False,
                          min_docs=2, n_perm=20, n_boot=50)
    row = out.iloc[0]
    assert (row.outlet_a, row.outlet_b) == ("A", "B")
    assert row.rate_b == 0 and row.rate_ratio == np.inf and row.rr_ci_high == np.inf
    assert np.isnan(row.rr_ci_low)  # nothing bounds it from below: not a degenerate inf
    only_b = hits[hits.doc_id.str.startswith("b")]
    zero_a = compare_outlets(docs, sents, only_b, by=(), voice="all", vs_rest=False, omnibus=False,
                             min_docs=2, n_perm=20, n_boot=50).iloc[0]
    assert zero_a.rate_a == 0 and zero_a.rate_ratio == 0 and zero_a.rr_ci_low == 0
    assert np.isnan(zero_a.rr_ci_high)  # not the degenerate 0-0 of a side without hits
    none = compare_outlets(docs, sents, only_a.iloc[:0], by=(), voice="all", vs_rest=False,
                           omnibus=False, min_docs=2, n_perm=20, n_boot=50)
    assert np.isnan(none.rate_ratio.iloc[0]) and none.p_value.iloc[0] == 1.0


def test_other_statistics_are_invariant_to_row_order_and_renaming():
    from framing.stance_stats import stance_summary

    c = simulate_corpus(outlets=2, n_docs=12, sentences_per_doc=6, mention_rate=0.3, seed=15)
    rename = {d: f"x{i}" for i, d in enumerate(c.documents["doc_id"])}
    frames = (c.documents, c.sentences, c.hits, c.stance)
    moved = [f.assign(doc_id=f["doc_id"].map(rename)).sample(frac=1.0, random_state=3)
             for f in frames]
    kw = dict(n_boot=100, seed=2)
    pd.testing.assert_frame_equal(stance_summary(c.documents, c.sentences, c.stance, **kw),
                                  stance_summary(moved[0], moved[1], moved[3], **kw))
    pd.testing.assert_frame_equal(split_half_null(*frames[:3], n_perm=50, **kw),
                                  split_half_null(*moved[:3], n_perm=50, **kw))
    one = compare_outlets(*frames[:3], by=(), pairs=[("outlet_00", "outlet_01")], vs_rest=False,
                          n_perm=99, **kw)
    other = compare_outlets(*frames[:3], by=(), pairs=[("outlet_01", "outlet_00")], vs_rest=False,
                            n_perm=99, **kw)
    np.testing.assert_allclose(one.p_value, other.p_value)
    np.testing.assert_allclose(one.rate_ratio, 1 / other.rate_ratio)
    with pytest.raises(ParameterError):
        compare_outlets(*frames[:3], pairs=[("outlet_00", "outlet_00")])


def test_object_columns_with_missing_categories():
    docs, sents, hits = tiny()
    hits = hits.astype({"category": object, "voice": object, "doc_id": object})
    hits.loc[0, "category"] = None
    rates = loaded_rates(docs.astype({"doc_id": object}), sents, hits, voice="all", n_boot=10)
    assert "uncategorised" in set(rates.category)
    assert _row(rates, outlet="A", category="uncategorised").hits == 1
