"""Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi and Quinn 2008)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.distinctive import DISTINCTIVE_COLUMNS, distinctive_terms, log_odds_dirichlet
from framing.errors import ParameterError
from framing.simulate import simulate_corpus


def toy():
    documents = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2", "c1"],
                              "outlet": ["A", "A", "B", "B", "C"]})
    sentences = pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "b2", "c1"], "sent_id": [0] * 5,
        "n_tokens": [100, 100, 100, 100, 50], "n_quoted_tokens": [0, 0, 0, 50, 0],
        "voice": ["author", "author", "author", "mixed", "author"],
        "text": [
            "The regime and the regime again, said the imperialist press.",
            "The regime spoke of sanctions and sanctions.",
            "A crisis, a crisis, a crisis: the regime blamed sanctions.",
            "Crisis talk: sanctions, sanctions.",
            "Sanctions and the crisis.",
        ],
    })
    hits = pd.DataFrame({
        "doc_id": ["a1", "a1", "a1", "a2", "b1", "b1", "b1", "b1", "b2"],
        "sent_id": [0] * 9,
        "entry": ["regime", "regime", "imperialist", "regime", "crisis", "crisis", "crisis",
                  "regime", "crisis"],
        "category": ["pejorative"] * 4 + ["alarm"] * 3 + ["pejorative", "alarm"],
        "voice": ["author"] * 8 + ["quoted"],
    })
    return documents, sentences, hits


def by_hand(y_i, y_j, y_total, alpha0, n_i=None, n_j=None):
    """Monroe et al. (2008) eq. 16 and 22, written out term by term.

    ``n_i``, ``n_j``: the words of each side (default: the sum of its counts); the
    words outside the vocabulary are one more cell with a prior at the same scale.
    """
    n_i = sum(y_i.values()) if n_i is None else n_i
    n_j = sum(y_j.values()) if n_j is None else n_j
    scale = alpha0 / sum(y_total.values())
    a0 = scale * (n_i + n_j)  # the prior of every cell, the "other words" included
    out = {}
    for w in y_total:
        a = scale * y_total[w]
        d = (math.log((y_i[w] + a) / (n_i + a0 - y_i[w] - a))
             - math.log((y_j[w] + a) / (n_j + a0 - y_j[w] - a)))
        se = math.sqrt(1 / (y_i[w] + a) + 1 / (y_j[w] + a))
        out[w] = (d, se, d / se)
    return out


def test_lexicon_vocabulary_matches_the_formula_and_keeps_rare_terms():
    docs, sents, hits = toy()
    out = distinctive_terms(docs, sents, hits, alpha0=10.0)
    assert list(out.columns) == DISTINCTIVE_COLUMNS
    assert set(out.outlet) == {"A", "B", "C"}  # C has no hits: every term is rarer there
    total = {"regime": 4, "imperialist": 1, "crisis": 4}
    a = {"regime": 3, "imperialist": 1, "crisis": 0}
    rest = {w: total[w] - a[w] for w in total}
    # totals are words: A has 200, B and C together 250
    expected = by_hand(a, rest, total, 10.0, n_i=200, n_j=250)
    rows = out[out.outlet == "A"].set_index("term")
    for w, (d, se, z) in expected.items():
        assert rows.loc[w, "log_odds"] == pytest.approx(d)
        assert rows.loc[w, "se"] == pytest.approx(se)
        assert rows.loc[w, "z"] == pytest.approx(z)
    # a word used once is kept (no min_df), with its category and count
    assert rows.loc["imperialist", "count"] == 1 and rows.loc["imperialist", "category"] == "pejorative"
    assert rows.loc["regime", "freq_per_1000"] == pytest.approx(1000 * 3 / 200)
    assert rows.loc["regime", "count_reference"] == 1
    # sorted by z within outlet
    assert (np.diff(out[out.outlet == "A"]["z"].to_numpy()) <= 1e-12).all()
    assert out[out.outlet == "A"]["term"].iloc[0] == "regime"
    assert out[out.outlet == "B"]["term"].iloc[0] == "crisis"


def test_reference_outlet_voice_and_weights():
    docs, sents, hits = toy()
    ref = distinctive_terms(docs, sents, hits, reference="B", alpha0=10.0)
    assert set(ref.outlet) == {"A", "C"} and set(ref.reference) == {"B"}
    a = ref[ref.outlet == "A"].set_index("term")
    assert a.loc["crisis", "count_reference"] == 4 and a.loc["regime", "count_reference"] == 1
    author = distinctive_terms(docs, sents, hits, voice="author")
    assert author[(author.outlet == "B") & (author.term == "crisis")]["count"].iloc[0] == 3
    weighted = distinctive_terms(docs, sents, hits, doc_weights={"a1": 0.5})
    assert weighted[(weighted.outlet == "A") & (weighted.term == "regime")]["count"].iloc[0] == 2
    with pytest.raises(ParameterError):
        distinctive_terms(docs, sents, hits, reference="Z")
    with pytest.raises(ParameterError):
        distinctive_terms(docs, sents, hits, alpha0=0)
    with pytest.raises(ParameterError):
        distinctive_terms(docs, sents, None)


def test_z_compares_usage_per_word_not_shares_of_the_hits():
    # A uses "regime" 20 times in 1,000 words, B 10 times in 1,000 words; A also
    # has 180 hits of "invasion", so "regime" is a smaller share of A's hits.
    # Per word (what Monroe et al. compare, and what "more in A" means) A uses
    # "regime" twice as often: its z must be positive.
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"]})
    sents = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "n_tokens": [1000, 1000]})
    hits = pd.DataFrame({"doc_id": ["a"] * 200 + ["b"] * 10,
                         "entry": ["regime"] * 20 + ["invasion"] * 180 + ["regime"] * 10,
                         "voice": "author"})
    out = distinctive_terms(docs, sents, hits, reference="B").set_index("term")
    assert out.loc["regime", "z"] > 0 and out.loc["invasion", "z"] > 0
    total = {"regime": 30, "invasion": 180}
    d, se, z = by_hand({"regime": 20, "invasion": 180}, {"regime": 10, "invasion": 0}, total,
                       100.0, n_i=1000, n_j=1000)["regime"]
    assert out.loc["regime", "log_odds"] == pytest.approx(d)
    assert out.loc["regime", "z"] == pytest.approx(z)
    # the same hits in ten times more words of A: now A uses "regime" less per word
    longer = distinctive_terms(docs, sents.assign(n_tokens=[10000, 1000]), hits, reference="B")
    assert longer.set_index("term").loc["regime", "z"] < 0


def test_a_side_without_words_in_the_voice_gets_no_score():
    # A quotes nobody: with voice="quoted" the prior alone gave it z = +0.95 for
    # "x", and top_terms would have listed "x" as distinctive of A.
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A", "B", "C"]})
    sents = pd.DataFrame({"doc_id": ["a", "b", "c"], "sent_id": 0, "n_tokens": [1000] * 3,
                          "n_quoted_tokens": [0, 1000, 1000]})
    hits = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 70 + ["c"] * 70,
                         "entry": ["x"] * 5 + ["x"] * 60 + ["y"] * 10 + ["x"] * 30 + ["y"] * 40,
                         "voice": ["author"] * 5 + ["quoted"] * 140})
    for reference in ("C", "rest"):
        out = distinctive_terms(docs, sents, hits, voice="quoted", reference=reference)
        a = out[out.outlet == "A"]
        assert len(a) == 2 and a[["log_odds", "se", "z"]].isna().all().all()
        assert out[out.outlet == "B"]["z"].notna().all()
    assert list(out.outlet) == ["A", "A", "B", "B", "C", "C"]
    # the reference side without words: no outlet gets a score against it
    against_a = distinctive_terms(docs, sents, hits, voice="quoted", reference="A")
    assert against_a["z"].isna().all() and set(against_a.outlet) == {"B", "C"}
    # the one outlet with words against an empty rest
    alone = distinctive_terms(docs, sents.assign(n_quoted_tokens=[0, 1000, 0]),
                              hits[hits.doc_id != "c"], voice="quoted")
    assert alone["z"].isna().all()


def test_open_vocabulary_thresholds_and_stop_words():
    docs, sents, _ = toy()
    out = distinctive_terms(docs, sents, vocabulary="open", min_count=2, min_docs=2)
    terms = set(out.term)
    assert "the" not in terms and "and" not in terms  # stop words
    assert {"regime", "sanctions", "crisis"} <= terms
    assert "imperialist" not in terms  # once in the corpus: below min_count
    assert "again" not in terms
    assert out["category"].isna().all()
    assert set(out.outlet) == {"A", "B", "C"}
    loose = distinctive_terms(docs, sents, vocabulary="open", min_count=1, min_docs=1,
                              stop_words=None)
    assert {"the", "imperialist"} <= set(loose.term)
    author = distinctive_terms(docs, sents, vocabulary="open", min_count=1, min_docs=1,
                               voice="author")
    # b2 is a mixed sentence: only in voice "all"
    b = author[author.outlet == "B"].set_index("term")
    assert b.loc["crisis", "count"] == 3
    top = distinctive_terms(docs, sents, vocabulary="open", min_count=1, min_docs=1, top_n=2)
    assert top.groupby("outlet").size().max() == 2


def test_planted_category_is_distinctive_for_every_outlet_in_one_call():
    c = simulate_corpus(outlets=4, n_docs=30, rate_ratio={"outlet_02": {"pejorative": 4.0}},
                        seed=21)
    out = distinctive_terms(c.documents, c.sentences, c.hits)
    assert set(out.outlet) == {f"outlet_0{i}" for i in range(4)}
    top = out[out.outlet == "outlet_02"].head(5)
    assert (top.category == "pejorative").all() and (top.z > 1).all() and top.z.iloc[0] > 2
    others = out[(out.outlet != "outlet_02") & (out.category == "pejorative")]
    assert (others.z < 0).mean() >= 0.7 and others.z.mean() < 0


def test_log_odds_dirichlet_vectorised():
    y_i = np.array([[3.0, 1.0, 0.0]])
    y_j = np.array([[1.0, 0.0, 4.0]])
    prior = np.array([4.0, 1.0, 4.0])
    d, se, z = log_odds_dirichlet(y_i, y_j, prior, 9.0)
    hand = by_hand({"r": 3, "i": 1, "c": 0}, {"r": 1, "i": 0, "c": 4}, {"r": 4, "i": 1, "c": 4}, 9.0)
    np.testing.assert_allclose(z[0], [hand["r"][2], hand["i"][2], hand["c"][2]])


def test_a_word_listed_in_two_categories_counts_once():
    # a LIWC lexicon lists "happy" under posemo and affect: two hit rows, one use
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"]})
    sents = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "n_tokens": [100, 100]})
    once = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"], "start": [0, 10, 20, 0], "end": [5, 15, 25, 5],
                         "lexicon": "liwc", "entry": "happy", "category": "posemo", "voice": "author"})
    twice = pd.concat([once, once.assign(category="affect")], ignore_index=True)
    a = distinctive_terms(docs, sents, once, reference="B").set_index("term")
    b = distinctive_terms(docs, sents, twice, reference="B").set_index("term")
    assert b.loc["happy", "count"] == a.loc["happy", "count"] == 3
    assert b.loc["happy", "z"] == pytest.approx(a.loc["happy", "z"])
