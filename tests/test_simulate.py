"""The synthetic corpus generator: schemas, offsets, planted truth, wire copies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare import loaded_rates
from framing.errors import ParameterError
from framing.schema import HIT_COLUMNS, SENTENCE_COLUMNS, STANCE_COLUMNS
from framing.simulate import simulate_corpus
from framing.stance_stats import stance_summary
from framing.text import count_words


@pytest.fixture(scope="module")
def corpus():
    return simulate_corpus(outlets=["A", "B", "C"], n_docs=[20, 15, 10], n_wire_stories=4,
                           copies_per_story=2, undated_share=0.2, seed=3)


def test_frames_follow_the_schemas(corpus):
    assert list(corpus.sentences.columns) == SENTENCE_COLUMNS
    assert list(corpus.hits.columns) == HIT_COLUMNS
    assert list(corpus.stance.columns) == STANCE_COLUMNS
    assert corpus.documents["doc_id"].is_unique
    assert len(corpus.documents) == 20 + 15 + 10 + 4 * 3
    assert corpus.documents["date"].dtype.kind == "M"
    assert set(corpus.hits["voice"]) == {"author", "quoted", "scare_quote"}
    assert set(corpus.stance["label"]) <= {"against", "neutral", "favor"}
    assert corpus.stance["score"].between(-1, 1).all()


def test_offsets_and_token_counts_match_the_text(corpus):
    text = dict(zip(corpus.documents.doc_id, corpus.documents.text, strict=True))
    for r in corpus.sentences.itertuples():
        assert text[r.doc_id][r.start:r.end] == r.text
        assert count_words(r.text) == r.n_tokens
        assert r.n_quoted_tokens == (r.n_tokens if r.voice == "quoted" else 0)
    for r in corpus.hits.itertuples():
        assert text[r.doc_id][r.start:r.end] == r.match
        assert r.match.lower() == r.entry
    for r in corpus.stance.itertuples():
        assert text[r.doc_id][r.start:r.end] == r.alias
    scare = corpus.hits[corpus.hits.voice == "scare_quote"].iloc[0]
    t = text[scare.doc_id]
    assert t[scare.start - 1] == "\u201c" and t[scare.end] == "\u201d"


def test_wire_copies_are_recorded(corpus):
    dup = corpus.truth.duplicates
    assert {"doc_id", "outlet", "cluster_id", "similarity", "is_first", "n_outlets", "is_copy",
            "source_doc_id"} <= set(dup.columns)
    assert dup["cluster_id"].nunique() == 4 and len(dup) == 12
    assert (dup.groupby("cluster_id")["is_first"].sum() == 1).all()
    assert (dup["n_outlets"] == 3).all()
    text = dict(zip(corpus.documents.doc_id, corpus.documents.text, strict=True))
    for r in dup[dup.is_copy].itertuples():
        original = text[r.source_doc_id]
        copy = text[r.doc_id]
        # the copy repeats the original's opening and ends with the credit line
        assert copy[:200] == original[:200] and copy.endswith(f"wire service to {r.outlet}.")
        assert 0.5 < r.similarity <= 1.0
    assert len(corpus.truth.copies) == 8


def test_undated_share_and_reproducibility(corpus):
    undated = corpus.documents["date"].isna().mean()
    assert 0.05 < undated < 0.4
    again = simulate_corpus(outlets=["A", "B", "C"], n_docs=[20, 15, 10], n_wire_stories=4,
                            copies_per_story=2, undated_share=0.2, seed=3)
    pd.testing.assert_frame_equal(corpus.hits, again.hits)
    other = simulate_corpus(outlets=["A", "B", "C"], n_docs=[20, 15, 10], seed=4)
    assert corpus.documents.text.iloc[0] != other.documents.text.iloc[0]


def test_planted_rates_and_stance_are_recovered():
    c = simulate_corpus(outlets=["A", "B"], n_docs=150, sentences_per_doc=15,
                        rate_ratio={"B": 2.0}, stance_mean={"B": {"Russia": -0.5}},
                        mention_rate=0.2, seed=12)
    truth = c.truth
    assert truth.rate_ratio("B", "A", voice="author") == pytest.approx(2.0)
    assert truth.rate_ratio("B", "A", voice="quoted") == pytest.approx(1.0)
    rates = loaded_rates(c.documents, c.sentences, c.hits, by=(), n_boot=50)
    r = rates.set_index(["outlet", "voice"])["rate_per_1000"]
    expected = truth.rates.set_index(["outlet", "category", "voice"])["rate_per_1000"]
    for outlet in "AB":
        for voice in ("all", "author", "quoted"):
            assert r[(outlet, voice)] == pytest.approx(expected[(outlet, "all", voice)], rel=0.2)
    st = stance_summary(c.documents, c.sentences, c.stance, targets=["Russia"], voice="all",
                        n_boot=50).set_index("outlet")
    assert st.loc["B", "mean_score"] == pytest.approx(-0.5, abs=0.06)
    assert st.loc["A", "mean_score"] == pytest.approx(0.0, abs=0.06)
    assert st.loc["A", "coverage"] == pytest.approx(0.2, abs=0.03)


def test_heterogeneity_makes_documents_differ():
    def spread(h):
        c = simulate_corpus(outlets=1, n_docs=200, sentences_per_doc=20, heterogeneity=h,
                            seed=1)
        per_doc = c.hits.groupby("doc_id").size().reindex(c.documents.doc_id, fill_value=0)
        return per_doc.var() / per_doc.mean()

    assert spread(0.5) > 2 * spread(None)


def test_parameter_errors():
    with pytest.raises(ParameterError):
        simulate_corpus(outlets=["A", "A"])
    with pytest.raises(ParameterError):
        simulate_corpus(quoted_share=1.5)
    with pytest.raises(ParameterError):
        simulate_corpus(outlets=2, n_wire_stories=1, copies_per_story=2)
    with pytest.raises(ParameterError):
        simulate_corpus(outlets=["A"], stance_mean={"A": {"Russia": 0.9}}, stance_doc_spread=0.2)
    with pytest.raises(ParameterError):
        simulate_corpus(outlets=["A"], rate_ratio={"A": {"nope": 2.0}})
    assert np.isfinite(simulate_corpus(outlets=1, n_docs=1).hits["start"]).all()


@pytest.mark.parametrize(("kwargs", "field", "says"), [
    # a typo in a key would plant nothing and leave the truth describing another corpus
    ({"outlets": ["a", "b"], "rate_ratio": {"A": 2.0}}, "rate_ratio", "did you mean 'a'"),
    ({"outlets": ["a", "b"], "stance_mean": {"a": {"russia": 0.5}}}, "stance_mean",
     "did you mean 'Russia'"),
    ({"outlets": ["a", "b"], "stance_mean": {"z": {"Russia": 0.5}}}, "stance_mean", "'z'"),
    ({"outlets": ["a", "b"], "mention_rate": {"a": {"Nato": 0.2}}}, "mention_rate",
     "did you mean 'NATO'"),
    ({"outlets": ["a", "b"], "mention_rate": {"c": 0.2}}, "mention_rate", "'c'"),
    ({"outlets": ["a", "b"], "n_docs": {"a": 5, "B": 5}}, "n_docs", "did you mean 'b'"),
    # impossible values
    ({"rate_per_1000": -5}, "rate_per_1000", "at least 0"),
    ({"rate_per_1000": 5000}, "rate_per_1000", "at most 1000"),
    ({"quoted_rate_per_1000": -1}, "quoted_rate_per_1000", "at least 0"),
    ({"outlets": ["a"], "rate_ratio": {"a": -1}}, "rate_ratio", "at least 0"),
    ({"outlets": ["a"], "rate_per_1000": 600, "rate_ratio": {"a": 2}}, "rate_ratio",
     "more loaded terms than words"),
    ({"mention_rate": 2.0}, "mention_rate", "[0, 1]"),
    ({"mention_rate": -1.0}, "mention_rate", "[0, 1]"),
    ({"heterogeneity": -1}, "heterogeneity", "above 0"),
    ({"heterogeneity": 0}, "heterogeneity", "above 0"),
    ({"stance_doc_spread": 5}, "stance_doc_spread", "[0, 1)"),
    ({"n_docs": 0}, "n_docs", "no document"),
    ({"n_docs": -1}, "n_docs", "at least 0"),
    ({"n_wire_stories": -2}, "n_wire_stories", "at least 0"),
    ({"days": 0}, "days", "at least 1"),
    ({"start": "yesterday"}, "start", "not a date"),
    ({"outlets": "abc"}, "outlets", "one outlet per character"),
    ({"sentences_per_doc": float("nan")}, "sentences_per_doc", ">= 1"),
    ({"categories": {}}, "categories", "at least 1"),
    ({"categories": {"x": "regime"}}, "categories", "list of one or more"),
])
def test_unknown_names_and_impossible_values_are_parameter_errors(kwargs, field, says):
    with pytest.raises(ParameterError) as err:
        simulate_corpus(**kwargs)
    assert err.value.field == field
    assert says in str(err.value)
    assert err.value.hint  # each says how to fix it


def test_valid_partial_mappings_and_no_targets_still_work():
    c = simulate_corpus(outlets=["a", "b"], n_docs={"a": 5}, n_wire_stories=2, copies_per_story=1,
                        mention_rate={"a": 0.3, "b": {"NATO": 0.5}}, targets={"NATO": ["NATO"]},
                        seed=1)
    cover = c.truth.stance.set_index("outlet")["coverage"]
    assert cover.to_dict() == {"a": 0.3, "b": 0.5}
    assert (c.documents["outlet"] == "a").sum() >= 5
    none = simulate_corpus(outlets=2, n_docs=3, targets={}, seed=1)
    assert none.stance.empty and none.truth.stance.empty
