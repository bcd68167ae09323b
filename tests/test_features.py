"""LoadedTermCounter: the scikit-learn transformer contract and its counts."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from framing.errors import ParameterError
from framing.features import LoadedTermCounter
from framing.lexicon import Lexicon, LexiconEntry

LEX = Lexicon("toy", "1", (
    LexiconEntry("regime", "label", 0.5),
    LexiconEntry("junta", "label", 0.9),
    LexiconEntry("brutal*", "emotive", 0.6),
    LexiconEntry("tax regime", "exclude", 0.0),
))
TEXTS = [
    "The regime and the junta were brutal.",  # 7 words: label 2, emotive 1
    "A quiet day.",
    "",
    "Not brutal, the tax regime.",  # emotive 1 (negated), the excluded sense gives nothing
]


def test_counts_by_category():
    t = LoadedTermCounter(lexicons=[LEX], normalize=None)
    X = t.fit_transform(TEXTS)
    assert isinstance(X, np.ndarray)
    assert list(t.get_feature_names_out()) == ["toy:label", "toy:emotive"]
    np.testing.assert_array_equal(X, [[2, 1], [0, 0], [0, 0], [0, 1]])


def test_per_1000_words_weighted_and_negated():
    X = LoadedTermCounter(lexicons=[LEX]).fit_transform(TEXTS)
    np.testing.assert_allclose(X[0], [2 / 7 * 1000, 1 / 7 * 1000])
    np.testing.assert_allclose(X[3], [0, 1 / 5 * 1000])
    W = LoadedTermCounter(lexicons=[LEX], normalize=None, weighted=True).fit_transform(TEXTS)
    np.testing.assert_allclose(W[0], [1.4, 0.6])
    N = LoadedTermCounter(lexicons=[LEX], normalize=None, include_negated=False).fit_transform(TEXTS)
    np.testing.assert_array_equal(N[3], [0, 0])


def test_by_entry_is_sparse():
    t = LoadedTermCounter(lexicons=[LEX], normalize=None, by="entry").fit(TEXTS)
    assert list(t.get_feature_names_out()) == ["toy:regime", "toy:junta", "toy:brutal*"]
    X = t.transform(TEXTS)
    assert sp.issparse(X)
    np.testing.assert_array_equal(X.toarray(), [[1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 1]])


def test_not_fitted_and_sklearn_contract():
    t = LoadedTermCounter(lexicons=[LEX])
    with pytest.raises(NotFittedError):
        t.transform(TEXTS)
    with pytest.raises(NotFittedError):
        check_is_fitted(t)
    params = t.get_params()
    assert params == {"by": "category", "include_negated": True, "lexicons": [LEX],
                      "normalize": "per_1000_words", "weighted": False}
    c = clone(t.set_params(by="entry"))
    assert c.get_params()["by"] == "entry"
    assert not hasattr(c, "matcher_")
    with pytest.raises(TypeError):
        LoadedTermCounter([LEX])  # keyword-only parameters


def test_default_builtin_lexicon_and_pickle():
    t = LoadedTermCounter().fit(["x"])
    names = list(t.get_feature_names_out())
    assert "loaded_language:ideological_label" in names
    assert all(not n.endswith(":exclude") for n in names)
    X = t.transform(["The imperialist regime's propaganda was horrific."])
    assert X.shape == (1, len(names))
    assert X.sum() > 0
    again = pickle.loads(pickle.dumps(t))
    np.testing.assert_array_equal(again.transform(["regime propaganda"]),
                                  t.transform(["regime propaganda"]))


def test_inside_a_pipeline():
    texts = ["the brutal regime", "a brutal junta", "a quiet day", "the calm sea"] * 5
    y = [1, 1, 0, 0] * 5
    pipe = Pipeline([("terms", LoadedTermCounter(lexicons=[LEX], normalize=None)),
                     ("model", LogisticRegression())])
    pipe.fit(texts, y)
    assert list(pipe.predict(["a brutal regime", "a calm day"])) == [1, 0]
    assert list(pipe[:-1].get_feature_names_out()) == ["toy:label", "toy:emotive"]
    assert clone(pipe).get_params()["terms__normalize"] is None


@pytest.mark.parametrize("bad", [{"normalize": "per_word"}, {"by": "sentence"}])
def test_bad_parameters_fail_at_fit(bad):
    with pytest.raises(ParameterError):
        LoadedTermCounter(lexicons=[LEX], **bad).fit(TEXTS)


def test_bad_input():
    t = LoadedTermCounter(lexicons=[LEX]).fit(TEXTS)
    with pytest.raises(ParameterError, match="single string"):
        t.transform("the regime")
    with pytest.raises(ParameterError, match="X\\[1\\]"):
        t.transform(["the regime", None])


def test_an_entry_in_several_liwc_categories_counts_once_by_entry(tmp_path):
    """The matcher gives one hit per category of a LIWC entry; by entry, 'happy' (ids 1 and 2)
    occurs once in 'I am happy and sad.', not twice."""
    path = tmp_path / "liwc.dic"
    path.write_text("%\n1\tposemo\n2\taffect\n%\nhappy\t1\t2\nsad\t2\n")
    by_entry = LoadedTermCounter(lexicons=[str(path)], by="entry", normalize=None).fit([])
    counts = by_entry.transform(["I am happy and sad. Happy!"]).toarray()[0]
    assert dict(zip(by_entry.get_feature_names_out(), counts, strict=True)) == {
        "liwc:happy": 2.0, "liwc:sad": 1.0}
    by_cat = LoadedTermCounter(lexicons=[str(path)], normalize=None).fit([])
    counts = by_cat.transform(["I am happy and sad. Happy!"])[0]
    assert dict(zip(by_cat.get_feature_names_out(), counts, strict=True)) == {
        "liwc:posemo": 2.0, "liwc:affect": 3.0}


def test_raw_texts_are_unicode_normalised_like_corpus_texts():
    lex = Lexicon("u", "1", (LexiconEntry("naïve", "label"), LexiconEntry("regime", "label")))
    t = LoadedTermCounter(lexicons=[lex], normalize=None, by="entry").fit([])
    counts = t.transform(["A nai\u0308ve re\u00adgime."]).toarray()[0]
    assert dict(zip(t.get_feature_names_out(), counts, strict=True)) == {"u:naïve": 1, "u:regime": 1}


def test_two_versions_of_one_lexicon_have_distinct_feature_names():
    old = Lexicon("mine", "1", (LexiconEntry("regime", "label"),))
    new = Lexicon("mine", "2", (LexiconEntry("regime", "label", 0.5),))
    t = LoadedTermCounter(lexicons=[old, new, LEX], normalize=None).fit([])
    assert list(t.get_feature_names_out()) == ["mine@1:label", "mine@2:label", "toy:label",
                                               "toy:emotive"]
    np.testing.assert_array_equal(t.transform(["The regime fell."]), [[1, 1, 1, 0]])
