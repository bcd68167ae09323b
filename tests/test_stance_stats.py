"""stance_summary: labels, target spellings, order independence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.stance_stats import stance_summary


def _frames(labels, targets="Russia"):
    n = len(labels)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": "A",
                         "text": [f"t{i}" for i in range(n)]})
    sents = pd.DataFrame([(f"d{i}", 0, 20, 0) for i in range(n)],
                         columns=["doc_id", "sent_id", "n_tokens", "n_quoted_tokens"])
    stance = pd.DataFrame({"doc_id": docs.doc_id, "sent_id": 0, "target": targets,
                           "score": np.linspace(-0.5, 0.6, n), "label": labels,
                           "voice": "author"})
    return docs, sents, stance


def test_labels_other_than_the_three_are_an_input_error_naming_them():
    # the reviewer's case: 6 mentions gave n_against=1 and share_against=1.0
    labels = ["Against", "AGAINST", "neutral ", "Favor", "positive", "against"]
    with pytest.raises(InputError, match=r"'Against' \(1 row\).*'positive' \(1 row\).*fix: map") as e:
        stance_summary(*_frames(labels), voice="all", n_boot=10)
    assert e.value.field == "label" and "'against' (" not in str(e.value)


def test_a_missing_label_is_an_unlabelled_mention():
    out = stance_summary(*_frames(["against", None, "favor", np.nan, "neutral", "against"]),
                         voice="all", n_boot=10)
    row = out.iloc[0]
    assert row.n_mentions == 6 and row.n_against == 2 and row.n_favor == 1 and row.n_neutral == 1
    assert row.share_against == 0.5
    assert row.mean_score == pytest.approx(np.linspace(-0.5, 0.6, 6).mean())


def test_a_target_that_matches_only_ignoring_case_is_warned_about(caplog):
    frames = _frames(["against"] * 6)
    with caplog.at_level("WARNING", logger="framing.stance_stats"):
        out = stance_summary(*frames, targets=["russia", "NATO"], voice="all", n_boot=10)
    assert "target 'russia' is not in the stance frame, which has 'Russia'" in caplog.text
    assert "NATO" not in caplog.text  # not mentioned at all: coverage 0 without a warning
    assert (out.coverage == 0).all()
    caplog.clear()
    with caplog.at_level("WARNING", logger="framing.stance_stats"):
        stance_summary(*frames, targets=["Russia"], voice="all", n_boot=10)
    assert "is not in the stance frame" not in caplog.text


def test_a_target_named_twice_is_a_parameter_error_naming_it():
    # reviewer rev16d finding 9: a pandas InvalidIndexError from deep inside
    frames = _frames(["against"] * 6)
    with pytest.raises(ParameterError, match=r"targets lists 'Russia' more than once") as e:
        stance_summary(*frames, targets=["Russia", "NATO", "Russia"], voice="all", n_boot=10)
    assert e.value.field == "targets" and "dict.fromkeys" in str(e.value)
    from framing.timeseries import stance_over_time  # shares stance_table and its check

    docs = frames[0].assign(date=pd.Timestamp("2024-04-01"))
    with pytest.raises(ParameterError, match="more than once"):
        stance_over_time(docs, frames[1], frames[2], targets=["Russia", "Russia"])


def _shuffled(frame, seed):
    return frame.iloc[np.random.default_rng(seed).permutation(len(frame))].reset_index(drop=True)


def test_results_are_exactly_equal_on_shuffled_rows():
    # the reviewer's case: mean_score differed by ~5e-17 between row orders (a float
    # sum depends on its order); assert_frame_equal's default tolerance hid it
    from framing.simulate import simulate_corpus
    from framing.timeseries import stance_over_time

    c = simulate_corpus(outlets=3, n_docs=12, seed=5)
    d, s, st = c.documents, c.sentences, c.stance
    assert st.groupby(["doc_id", "target"]).size().max() > 3  # several scores per cell
    base = stance_summary(d, s, st, n_boot=50)
    base_t = stance_over_time(d, s, st, freq="M", n_boot=50)
    for seed in range(3):
        d2, s2, st2 = (_shuffled(f, seed + k) for k, f in enumerate((d, s, st)))
        pd.testing.assert_frame_equal(stance_summary(d2, s2, st2, n_boot=50), base,
                                      check_exact=True)
        pd.testing.assert_frame_equal(stance_over_time(d2, s2, st2, freq="M", n_boot=50), base_t,
                                      check_exact=True)
