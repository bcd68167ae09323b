"""Shared parameter checks of framing.errors."""

import numpy as np
import pytest

from framing.compare import compare_outlets, split_half_null
from framing.errors import ParameterError, check_whole_number, closest_name
from framing.simulate import simulate_corpus


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_whole_numbers_of_any_integer_type_pass_as_int(value):
    out = check_whole_number("n", value, minimum=1, hint="e.g. n=3")
    assert out == 3 and type(out) is int


@pytest.mark.parametrize("value", [True, 2.0, "3", 0, -1, None, np.float64(3)])
def test_other_values_name_the_parameter_and_the_minimum(value):
    with pytest.raises(ParameterError) as info:
        check_whole_number("n_boot", value, minimum=1, hint="use e.g. n_boot=1000")
    err = info.value
    assert err.field == "n_boot" and "at least 1" in str(err) and repr(value) in str(err)
    assert err.hint == "use e.g. n_boot=1000"


def test_none_only_where_allowed():
    assert check_whole_number("seed", None, minimum=0, hint="", allow_none=True) is None
    with pytest.raises(ParameterError, match="or None"):
        check_whole_number("seed", -1, minimum=0, hint="", allow_none=True)


def test_callers_accept_numpy_integers_and_refuse_bad_counts():
    """compare took only Python ints for n_splits and min_docs: np.int64 read from a
    frame or a YAML-built array was refused."""
    c = simulate_corpus(outlets=2, n_docs=20, sentences_per_doc=6, seed=6)
    out = split_half_null(c.documents, c.sentences, c.hits, by=(), voice="all",
                          n_splits=np.int64(2), n_perm=20, n_boot=20)
    assert set(out["split"]) == {0, 1}
    comp = compare_outlets(c.documents, c.sentences, c.hits, by=(), voice="all",
                           min_docs=np.int64(5), n_perm=20, n_boot=20)
    assert len(comp) > 0
    with pytest.raises(ParameterError, match="n_splits must be a whole number of at least 1"):
        split_half_null(c.documents, c.sentences, c.hits, n_splits=0)


def test_closest_name_offers_only_close_names():
    assert closest_name("northbrige_wire", ["northbridge_wire", "civic_ledger"]) == "northbridge_wire"
    assert closest_name("xyz", ["northbridge_wire"]) is None
