"""Canonical document order: independent of row order, and of the selection without texts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from framing.compare import loaded_rates
from framing.docset import canonical_order, document_dates, prepare_documents
from framing.errors import InputError
from framing.simulate import simulate_corpus
from framing.stance_stats import stance_summary


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


def test_string_dates_of_mixed_precision_and_offsets_are_read_value_by_value():
    # the reviewer's case: pandas guessed one format from the first string and
    # turned the other ISO precisions into NaT; mixed UTC offsets raised
    docs = pd.DataFrame({"doc_id": list("abcdef"), "outlet": "A",
                         "date": ["2024-04-03", "2024-04-05 10:00", "2024-04-06T08:15:00Z",
                                  "2024-05-01T10:00+02:00", "4 April 2024", None]})
    expected = np.array(["2024-04-03", "2024-04-05T10:00", "2024-04-06T08:15",
                         "2024-05-01T08:00", "2024-04-04", "NaT"], dtype="datetime64[ns]")
    np.testing.assert_array_equal(document_dates(docs), expected)
    np.testing.assert_array_equal(prepare_documents(docs).date, expected)


def test_datetime_columns_and_objects_become_naive_utc():
    docs = pd.DataFrame({"doc_id": list("abcd"), "outlet": "A", "date": [
        pd.Timestamp("2024-04-01T09:00", tz="America/New_York"), dt.date(2024, 4, 2),
        np.datetime64("2024-04-03"), pd.NaT]})
    np.testing.assert_array_equal(
        document_dates(docs),
        np.array(["2024-04-01T13:00", "2024-04-02", "2024-04-03", "NaT"], dtype="datetime64[ns]"))
    aware = docs.assign(date=pd.to_datetime(["2024-01-01"] * 4).tz_localize("Europe/Paris"))
    assert (document_dates(aware) == np.datetime64("2023-12-31T23:00", "ns")).all()
    assert np.isnat(document_dates(docs.drop(columns="date"))).all()
    assert np.isnat(document_dates(docs.assign(date=np.nan))).all()


@pytest.mark.parametrize("value", [2024, 1.7e9, True, ["2024-04-01"]])
def test_a_date_that_is_a_number_or_object_is_an_input_error(value):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": "A", "date": ["2024-04-01", None]})
    docs["date"] = docs["date"].astype(object)
    docs.at[1, "date"] = value
    with pytest.raises(InputError, match=r"document 'b'.*fix: .*to_datetime") as info:
        prepare_documents(docs)
    assert info.value.field == "date"


def test_integer_years_are_refused_not_read_as_1970():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": "A", "date": [2023, 2024]})
    with pytest.raises(InputError, match="the date 2023 is a number"):
        document_dates(docs)


def test_a_date_outside_the_datetime64_ns_range_is_an_input_error():
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": "A", "date": ["3024-04-01"]})
    with pytest.raises(InputError, match="outside the range 1677-2262"):
        document_dates(docs)


def test_strings_not_understood_count_as_undated_with_a_warning(caplog):
    docs = pd.DataFrame({"doc_id": list("abc"), "outlet": "A",
                         "date": ["01/04/2024", "yesterday", " "]})
    with caplog.at_level("WARNING", logger="framing.docset"):
        assert np.isnat(document_dates(docs)).all()
    assert "2 document date(s) are not understood" in caplog.text and "'01/04/2024'" in caplog.text
