"""Tests for framing.doccounts (per-document counts) input checks."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.doccounts import doc_counts
from framing.errors import InputError
from framing.simulate import simulate_corpus


def test_repeated_sentences_raise_input_error_naming_the_pair():
    sim = simulate_corpus(outlets=2, n_docs=6, seed=3)
    docs, sents, hits = sim.documents, sim.sentences, sim.hits
    assert len(doc_counts(docs, sents, hits))  # one run: fine
    twice = pd.concat([sents, sents], ignore_index=True)  # two runs concatenated
    first = sents.iloc[0]
    with pytest.raises(InputError, match="repeated") as err:
        doc_counts(docs, twice, hits)
    message = str(err.value)
    assert repr((str(first["doc_id"]), int(first["sent_id"]))) in message
    assert "drop_duplicates" in message
    # repeats of sentences of documents that are not analysed are ignored
    other = sents.assign(doc_id="not-analysed")
    assert len(doc_counts(docs, pd.concat([sents, other, other]), hits))


def _liwc_frames():
    """One document, one 10-word sentence; 'happy' (a LIWC entry in posemo and affect) gives two
    hit rows for one word, 'sad' (affect) one, and a second lexicon matches 'happy' too."""
    docs = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text": ["I am happy and sad ..."]})
    sents = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "n_tokens": [10], "n_quoted_tokens": [0]})
    hits = pd.DataFrame({
        "doc_id": ["d"] * 4, "sent_id": [0] * 4, "start": [5, 5, 15, 5], "end": [10, 10, 18, 10],
        "lexicon": ["liwc@unversioned"] * 3 + ["other@1"],
        "category": ["posemo", "affect", "affect", "label"], "voice": ["author"] * 4,
    })
    return docs, sents, hits


def _hits(counts, category, voice="all", **extra):
    rows = counts[(counts["category"] == category) & (counts["voice"] == voice)]
    for col, value in extra.items():
        rows = rows[rows[col] == value]
    assert len(rows) == 1
    return rows["hits"].iloc[0]


def test_pooled_rows_count_a_span_once_category_rows_unchanged():
    """Rows of category 'all' counted hit rows: a word listed in two categories of a LIWC
    dictionary was two hits there (rate 200 per 1,000 words where the word rate is 100).
    They count each (doc_id, start, end, lexicon) span once; category rows are as before."""
    docs, sents, hits = _liwc_frames()
    counts = doc_counts(docs, sents, hits)
    # happy (liwc) + sad (liwc) + happy (other lexicon): 3 spans, not 4 hit rows
    for voice in ("all", "author"):
        assert _hits(counts, "all", voice) == 3
    assert (_hits(counts, "posemo"), _hits(counts, "affect"), _hits(counts, "label")) == (1, 2, 1)
    assert counts.loc[counts["category"] == "all", "sentences_with_hit"].tolist() == [1, 1, 0]
    # without the category split (rates_over_time of 'all'): the same pooled count
    assert doc_counts(docs, sents, hits, by=())["hits"].tolist() == [3, 3, 0]
    # the order of the repeated rows does not matter; a target split counts each span once per
    # target its sentence mentions
    assert _hits(doc_counts(docs, sents, hits.iloc[::-1]), "all") == 3
    stance = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 0], "target": ["A", "B"]})
    by_target = doc_counts(docs, sents, hits, stance=stance, by=("category", "target"))
    assert [_hits(by_target, "all", target=t) for t in ("A", "B")] == [3, 3]
    assert [_hits(by_target, "affect", target=t) for t in ("A", "B")] == [2, 2]
    # hits without span columns cannot be told apart: every row counts
    assert _hits(doc_counts(docs, sents, hits.drop(columns=["start", "end"])), "all") == 4


def test_one_row_per_span_pooled_counts_equal_the_hit_rows():
    """Hits with one row per span (the built-in lexicon lists no word under two categories, and
    simulated corpora neither): the 'all' rows count every hit row, as before the span rule."""
    sim = simulate_corpus(outlets=2, n_docs=6, seed=3)
    counts = doc_counts(sim.documents, sim.sentences, sim.hits, voice="all")
    assert counts.loc[counts["category"] == "all", "hits"].sum() == len(sim.hits)
