"""Canonical document order: independent of row order, and of the selection without texts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.compare import loaded_rates
from framing.docset import canonical_order, prepare_documents
from framing.simulate import simulate_corpus
from framing.stance_summary import stance_summary


def _corpus():
    c = simulate_corpus(outlets=3, n_docs=[12, 8, 1], seed=3)  # the reviewer's corpus
    return c.documents, c.sentences, c.hits, c.stance


def test_without_text_draws_do_not_depend_on_the_selection():
    # the reviewer's case: outlet_00's author interval was (6.447, 13.681) with
    # voice="author" but (6.271, 13.515) with all voices, because documents without
    # a text were ordered by counts of the requested voices
    d, s, h, st = _corpus()
    d = d.drop(columns="text")
    alone = loaded_rates(d, s, h, voice="author", by=(), n_boot=200)
    every = loaded_rates(d, s, h, by=(), n_boot=200)
    every = every[every.voice == "author"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone[["outlet", "ci_low", "ci_high"]],
                                  every[["outlet", "ci_low", "ci_high"]])
    assert np.isfinite(alone.ci_low[0])  # outlet_00, 12 documents
    split = loaded_rates(d, s, h, voice="author", by=("category",), n_boot=200)
    split = split[split.category == "all"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone[["outlet", "ci_low", "ci_high"]],
                                  split[["outlet", "ci_low", "ci_high"]])
    one = stance_summary(d, s, st, voice="quoted", n_boot=200)
    three = stance_summary(d, s, st, n_boot=200)
    three = three[three.voice == "quoted"].reset_index(drop=True)
    pd.testing.assert_frame_equal(one, three, check_like=False)


def test_without_text_order_is_invariant_to_row_order():
    d, s, h, _ = _corpus()
    d = d.drop(columns="text")
    base = loaded_rates(d, s, h, n_boot=100)
    shuffled = loaded_rates(d.sample(frac=1, random_state=1), s.sample(frac=1, random_state=2),
                            h.sample(frac=1, random_state=3), n_boot=100)
    pd.testing.assert_frame_equal(base, shuffled)


def test_order_keys():
    docs = prepare_documents(pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["X", "X", "X"], "text": ["same", None, "same"]}))
    assert docs.text_key[0] == docs.text_key[2] != docs.text_key[1] != ""  # text, or doc_id
    no_text = prepare_documents(pd.DataFrame({"doc_id": ["b"], "outlet": ["X"]}))
    assert no_text.text_key[0] == docs.text_key[1]  # missing text = no text column
    order = canonical_order(docs, np.array([[1.0], [0.0], [2.0]]))
    assert sorted(order.tolist()) == [0, 1, 2]
    # with texts the doc_ids play no part: a and c tie on the text and are ordered by counts
    assert order.tolist().index(0) < order.tolist().index(2)
