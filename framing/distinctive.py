"""Distinctive terms of each outlet: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi and Quinn (2008), "Fightin' Words", Political Analysis 16(4),
section 3.5 (eqs. 16, 19-22).  For a term ``w``, an outlet ``i`` and a
reference ``j`` (all other outlets, or one chosen outlet), with counts
``y_wi``, totals ``n_i`` (the **words** of the voice, so usage is compared per
word) and prior pseudo-counts ``a_w`` taken from the whole corpus::

    delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
            - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
    var(delta_w) ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
    z_w = delta_w / sqrt(var(delta_w))

The words that are not in the vocabulary form one extra "other words" cell
(``n_i - sum_w y_wi``), so the counts of each side add up to its words.  The
prior is the corpus distribution over the vocabulary scaled to ``alpha0``
(``a_w = alpha0 * y_w / sum_v y_v``), and the "other words" cell gets a prior at
the same scale; ``a_0`` is the sum of all prior cells.

Two vocabularies: ``"lexicon"`` counts loaded-term hits by lexicon ``entry``
(fixed vocabulary, no frequency threshold, so a rare loaded word such as
"imperialist" is kept however seldom it occurs); ``"open"`` counts every word of
the sentence texts (:data:`framing.text.WORD_PATTERN`, lower-cased), without
scikit-learn's English stop words, keeping words seen at least ``min_count``
times in at least ``min_docs`` documents.

The z-scores treat words as independent draws; words of one article are not,
so read them as a ranking of distinctiveness, and use
:func:`framing.compare_outlets` (document-level tests) for claims of difference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from framing.doccounts import (
    AUTHOR_VOICES,
    QUOTED_VOICES,
    Voice,
    check_voices,
    first_of_span,
    voice_masks,
)
from framing.docset import float_values, positions, prepare_documents, require_columns, str_values
from framing.errors import ParameterError
from framing.text import WORD_PATTERN

__all__ = [
    "DISTINCTIVE_COLUMNS",
    "DEFAULT_ALPHA0",
    "OPEN_MIN_COUNT",
    "OPEN_MIN_DOCS",
    "distinctive_terms",
    "log_odds_dirichlet",
]

DISTINCTIVE_COLUMNS = [
    "outlet", "reference", "term", "category", "count", "count_reference",
    "freq_per_1000", "log_odds", "se", "z",
]
#: Total prior pseudo-count alpha0: the whole-corpus term distribution scaled to
#: 100 counts.  A project choice (Monroe et al. leave alpha0 to the analyst): it
#: shrinks the log-odds of terms seen a few times in a lexicon-sized count table
#: (thousands of hits) and barely touches frequent terms or open vocabularies.
#: Some implementations use the full corpus counts as prior (alpha0 = the
#: corpus count of the vocabulary), which shrinks far more; pass ``alpha0=`` to
#: reproduce them.  The words outside the vocabulary get a prior at the same
#: scale (see :func:`distinctive_terms`).
DEFAULT_ALPHA0 = 100.0
#: Open vocabulary: keep words seen at least this often in the whole corpus ...
OPEN_MIN_COUNT = 5
#: ... and in at least this many documents (a word of one article is that
#: article's, not its outlet's).
OPEN_MIN_DOCS = 2
_PER_WORDS = 1000.0


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, prior: np.ndarray, alpha0: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio, standard error and z-score (Monroe et al. 2008, eqs. 16, 20-22).

    Parameters
    ----------
    y_i, y_j : numpy.ndarray
        Term counts of the group and of its reference, shape ``(..., n_terms)``.
        The totals ``n_i``, ``n_j`` are their sums over the last axis: to compare
        usage per word, include a last cell with the words outside the
        vocabulary (as :func:`distinctive_terms` does).
    prior : numpy.ndarray
        Prior pseudo-counts ``a_w`` (summing to ``alpha0``), shape ``(n_terms,)``.
    alpha0 : float
        Sum of the prior.

    Returns
    -------
    log_odds, se, z : numpy.ndarray
    """
    n_i = y_i.sum(axis=-1, keepdims=True)
    n_j = y_j.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(y_i + prior) - np.log(n_i + alpha0 - y_i - prior)
                 - np.log(y_j + prior) + np.log(n_j + alpha0 - y_j - prior))
        se = np.sqrt(1.0 / (y_i + prior) + 1.0 / (y_j + prior))
        return delta, se, delta / se


def _lexicon_counts(docs, sentences, hits, voice):
    require_columns(hits, ["doc_id", "entry", "voice"], "hits")
    h_doc = positions(docs.doc_id, str_values(hits["doc_id"]))
    keep = np.flatnonzero((h_doc >= 0) & voice_masks(str_values(hits["voice"]))[voice])
    entries = str_values(hits["entry"].iloc[keep])
    codes, terms = pd.factorize(entries, sort=True)
    if "category" in hits.columns and len(keep):  # each entry's most frequent category
        cat_codes, cat_names = pd.factorize(str_values(hits["category"].iloc[keep]), sort=True)
        table = np.bincount(codes * len(cat_names) + cat_codes,
                            minlength=len(terms) * len(cat_names)).reshape(len(terms), -1)
        category = np.asarray(cat_names, dtype=object)[table.argmax(axis=1)]
    else:
        category = np.full(len(terms), None, dtype=object)
    # a word a lexicon lists under several categories (LIWC) is one hit row per category:
    # count each span once, as the rate tables do
    once = first_of_span(hits.iloc[keep])
    counts = np.bincount(h_doc[keep][once] * len(terms) + codes[once],
                         minlength=len(docs) * len(terms)).reshape(len(docs), len(terms))
    counts = counts.astype(float)
    # words of the voice: as in the rates (author = n_tokens - n_quoted_tokens)
    need_quoted = voice != "all"
    require_columns(sentences, ["doc_id", "n_tokens"] + ["n_quoted_tokens"] * need_quoted,
                    "sentences")
    s_doc = positions(docs.doc_id, str_values(sentences["doc_id"]))
    ok = s_doc >= 0
    n_tok = float_values(sentences["n_tokens"])
    n_q = float_values(sentences["n_quoted_tokens"]) if need_quoted else np.zeros(len(n_tok))
    words = {"all": n_tok, "author": np.maximum(n_tok - n_q, 0), "quoted": n_q}[voice]
    doc_words = np.bincount(s_doc[ok], weights=words[ok], minlength=len(docs))
    return counts, np.asarray(terms, dtype=object), category, doc_words


def _open_counts(docs, sentences, voice, min_count, min_docs, stop_words):
    # scikit-learn is imported here, not at module import: it takes about a second
    # and only the open vocabulary needs it (report kernels start faster)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    require_columns(sentences, ["doc_id", "text", "n_tokens"] + ["voice"] * (voice != "all"),
                    "sentences")
    s_doc = positions(docs.doc_id, str_values(sentences["doc_id"]))
    ok = s_doc >= 0
    if voice != "all":
        wanted = AUTHOR_VOICES if voice == "author" else QUOTED_VOICES
        ok &= positions(sorted(wanted), str_values(sentences["voice"])) >= 0
    rows = np.flatnonzero(ok)
    texts = sentences["text"].iloc[rows].fillna("").astype(str).to_numpy(dtype=object)
    doc_words = np.bincount(s_doc[rows], weights=float_values(sentences["n_tokens"].iloc[rows]),
                            minlength=len(docs))
    joined = pd.Series(texts).groupby(s_doc[rows]).agg("\n".join)
    doc_texts = np.full(len(docs), "", dtype=object)
    doc_texts[joined.index.to_numpy()] = joined.to_numpy(dtype=object)
    vectorizer = CountVectorizer(token_pattern=WORD_PATTERN, lowercase=True, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(doc_texts)
    except ValueError:  # empty vocabulary: no words at all
        return np.zeros((len(docs), 0)), np.zeros(0, dtype=object), np.zeros(0, object), doc_words
    terms = vectorizer.get_feature_names_out().astype(object)
    stops = set() if stop_words is None else (
        ENGLISH_STOP_WORDS if stop_words == "english" else {str(w).lower() for w in stop_words})
    total = np.asarray(matrix.sum(axis=0)).ravel()
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    kept_word = np.fromiter((t not in stops for t in terms), dtype=bool, count=len(terms))
    keep = (total >= min_count) & (df >= min_docs) & kept_word
    matrix = matrix[:, np.flatnonzero(keep)]
    return matrix, terms[keep], np.full(int(keep.sum()), None, dtype=object), doc_words


def distinctive_terms(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame | None = None,
    *,
    vocabulary: Literal["lexicon", "open"] = "lexicon",
    reference: str = "rest",
    voice: Voice = "all",
    alpha0: float = DEFAULT_ALPHA0,
    min_count: int = OPEN_MIN_COUNT,
    min_docs: int = OPEN_MIN_DOCS,
    stop_words: Literal["english"] | Iterable[str] | None = "english",
    top_n: int | None = None,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Terms that distinguish each outlet from the rest (or from a reference outlet).

    Parameters
    ----------
    documents, sentences : pandas.DataFrame
        The pipeline's frames.
    hits : pandas.DataFrame, optional
        Needed for ``vocabulary="lexicon"``.
    vocabulary : {"lexicon", "open"}
        Lexicon entries from ``hits.entry`` (no frequency threshold), or every
        word of the sentence texts (``min_count``, ``min_docs``, ``stop_words``).
    reference : str
        ``"rest"``: each outlet against all others pooled (one call covers every
        outlet); an outlet name: every other outlet against that one.
    voice : {"all", "author", "quoted"}
        Lexicon: hits of that voice, per words of that voice.  Open vocabulary:
        sentences whose ``voice`` is ``author`` (or ``quoted``); ``mixed``
        sentences only count in ``"all"``.
    alpha0 : float
        Total of the informative prior over the vocabulary (the corpus term
        distribution scaled to it); the words outside the vocabulary get a prior
        at the same scale, so every side's total is its number of words.
    min_count, min_docs : int
        Open vocabulary thresholds on corpus-wide count and document frequency.
    stop_words : "english", iterable of str or None
        Words removed from the open vocabulary (scikit-learn's English list by default).
    top_n : int, optional
        Keep the ``top_n`` highest z-scores per outlet (default: every term).
    exclude_docs, doc_weights
        Syndication control; weights multiply each document's counts.

    Returns
    -------
    pandas.DataFrame
        :data:`DISTINCTIVE_COLUMNS`, sorted by outlet then ``z`` descending.
        ``z > 0``: the outlet uses the term more per word of the voice than
        its reference does.  ``log_odds``, ``se`` and ``z`` are NaN for an
        outlet when it or its reference has no words in the voice (an outlet
        that quotes nobody, with ``voice="quoted"``): the prior alone would
        otherwise give it non-zero scores.  NaN rows sort last.
        ``count`` and ``count_reference`` are the (weighted) counts,
        ``freq_per_1000`` the outlet's count per 1,000 words of the voice;
        ``category`` is the entry's category (the most frequent one among its
        hits) or None for the open vocabulary.
    """
    voice = check_voices(voice)[0] if isinstance(voice, str) else voice
    if not isinstance(voice, str):
        raise ParameterError("voice must be a single voice here", field="voice",
                             hint="e.g. voice='author'")
    if not np.isfinite(alpha0) or alpha0 <= 0:
        raise ParameterError(f"alpha0 must be a positive number, got {alpha0!r}",
                             field="alpha0", hint=f"the default is {DEFAULT_ALPHA0:g}")
    docs = prepare_documents(documents, exclude_docs=exclude_docs, doc_weights=doc_weights)
    if vocabulary == "lexicon":
        if hits is None:
            raise ParameterError("vocabulary='lexicon' needs the hits frame", field="hits",
                                 hint="pass hits=..., or use vocabulary='open'")
        counts, terms, category, doc_words = _lexicon_counts(docs, sentences, hits, voice)
    elif vocabulary == "open":
        counts, terms, category, doc_words = _open_counts(
            docs, sentences, voice, min_count, min_docs, stop_words)
    else:
        raise ParameterError(f"vocabulary must be 'lexicon' or 'open', got {vocabulary!r}",
                             field="vocabulary", hint="e.g. vocabulary='lexicon'")
    blocks = docs.blocks()
    names = list(blocks)
    if reference != "rest" and reference not in blocks:
        raise ParameterError(f"reference outlet {reference!r} is not in the documents",
                             field="reference", hint=f"use 'rest' or one of {names}")
    if hasattr(counts, "multiply"):  # sparse (open vocabulary)
        weighted = counts.multiply(docs.weight[:, None]).tocsr()
    else:
        weighted = counts * docs.weight[:, None]
    y = np.zeros((len(names), len(terms)))
    for g, rows in enumerate(blocks.values()):
        y[g] = np.asarray(weighted[rows].sum(axis=0)).ravel()
    words = np.array([(doc_words[rows] * docs.weight[rows]).sum() for rows in blocks.values()])
    total = y.sum(axis=0)
    present = total > 0
    y, total, terms, category = y[:, present], total[present], terms[present], category[present]
    # The vocabulary plus one "other words" cell, so that each side's total is its
    # number of words in the voice: the statistic compares usage per word, not
    # shares of the counted terms.  (Multi-word hits can outnumber the words of a
    # tiny outlet: the remainder is then 0.)
    y = np.concatenate([y, np.maximum(words - y.sum(axis=1), 0.0)[:, None]], axis=1)
    total_all = y.sum(axis=0)
    # prior: the corpus distribution of the vocabulary scaled to alpha0, and the
    # remainder at the same scale, so a_w / y_w is one constant for every cell
    scale = alpha0 / total.sum() if total.sum() > 0 else 0.0
    prior = scale * total_all
    if reference == "rest":
        groups, y_ref, words_ref = names, total_all - y, words.sum() - words
    else:
        r = names.index(reference)
        groups = [o for o in names if o != reference]
        y_ref = np.broadcast_to(y[r], (len(groups), y.shape[1]))
        words_ref = np.full(len(groups), words[r])
        y, words = np.delete(y, r, axis=0), np.delete(words, r)
    ref_names = [reference] * len(groups)
    delta, se, z = (a[:, :-1] for a in log_odds_dirichlet(y, y_ref, prior, float(prior.sum())))
    # A side without words in the voice has no usage to compare: the prior alone
    # would give it a non-zero z (the corpus distribution against the other side).
    empty = (words <= 0) | (words_ref <= 0)
    delta[empty], se[empty], z[empty] = np.nan, np.nan, np.nan
    y, y_ref = y[:, :-1], np.asarray(y_ref)[:, :-1]
    v = len(terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        freq = _PER_WORDS * y / words[:, None]
    out = pd.DataFrame({
        "outlet": np.repeat(np.asarray(groups, dtype=object), v),
        "reference": np.repeat(np.asarray(ref_names, dtype=object), v),
        "term": np.tile(terms, len(groups)),
        "category": np.tile(category, len(groups)),
        "count": y.ravel(), "count_reference": np.asarray(y_ref).ravel(),
        "freq_per_1000": freq.ravel(), "log_odds": delta.ravel(), "se": se.ravel(), "z": z.ravel(),
    }, columns=DISTINCTIVE_COLUMNS)
    out = out.sort_values(["outlet", "z", "term"], ascending=[True, False, True], kind="stable")
    if top_n is not None:
        out = out.groupby("outlet", sort=False).head(int(top_n))
    return out.reset_index(drop=True)
