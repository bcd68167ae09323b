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
