"""The numpy core shared by every comparison statistic: documents, seeds, resampling.

Everything here works on per-document arrays (one row per document, already
aggregated from sentences and hits), never on sentences, so a bootstrap of 1,000
resamples is a handful of matrix products.

Reproducibility and invariance
------------------------------
Random draws come from :func:`numpy.random.default_rng` seeded by a
:class:`numpy.random.SeedSequence` built from the user's ``seed`` and stable
keys (the outlet name, the pair of outlets, the period), see :func:`child_rng`.
So an outlet's bootstrap draws do not depend on which other outlets are in the
corpus, and :func:`framing.loaded_rates` and :func:`framing.compare_outlets`
resample an outlet's documents identically for the same seed.

Documents are put in a canonical order before any draw (:func:`canonical_order`):
by outlet, then by a SHA-256 hash of the document text, then by every count the
statistic uses.  Neither the row order of the input frames nor the ``doc_id``
strings influence the draws, so results are exactly invariant to both.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError

__all__ = [
    "DEFAULT_N_BOOT",
    "DEFAULT_N_PERM",
    "DEFAULT_SEED",
    "DEFAULT_CI",
    "DEFAULT_ALPHA",
    "MIN_DOCS_FOR_CI",
    "benjamini_hochberg",
    "child_rng",
    "resolve_seed",
    "bootstrap_weights",
    "percentile_interval",
    "random_subsets",
    "permutation_pvalue",
    "DocSet",
    "prepare_documents",
    "canonical_order",
    "check_resampling",
    "require_columns",
    "positions",
    "str_values",
    "int_values",
    "float_values",
    "sentence_arrays",
    "voice_masks",
    "check_voices",
    "VOICES",
    "CountTable",
    "count_table",
    "doc_counts",
]

logger = logging.getLogger(__name__)

#: Bootstrap resamples: 1,000 keeps the Monte Carlo error of a 95% percentile
#: limit near 1% of the interval width (Efron and Tibshirani 1993, ch. 19).
DEFAULT_N_BOOT = 1000
#: Permutations: 1,000 gives p-values in steps of 1/1001 (smallest 0.001).
DEFAULT_N_PERM = 1000
#: Default seed: results are reproducible unless the caller passes ``seed=None``.
DEFAULT_SEED = 0
#: Confidence level of every interval.
DEFAULT_CI = 0.95
#: Significance level for the ``significant`` column (after Benjamini-Hochberg).
DEFAULT_ALPHA = 0.05
#: A resampled statistic needs at least two documents; with fewer the interval is NaN.
MIN_DOCS_FOR_CI = 2

_HASH_BYTES = 8  # 64-bit keys for SeedSequence entropy and ordering


def _stable_int(key: str | int) -> int:
    """A 64-bit integer from ``key`` that is the same in every Python process."""
    if isinstance(key, (int, np.integer)):
        return int(key) & 0xFFFFFFFFFFFFFFFF
    digest = hashlib.sha256(str(key).encode("utf-8")).digest()
    return int.from_bytes(digest[:_HASH_BYTES], "little")


def resolve_seed(seed: int | None) -> int:
    """Return ``seed`` checked, or fresh entropy when ``seed`` is None.

    Call once per public function so all draws of one call share one base seed.
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy) & 0xFFFFFFFFFFFFFFFF
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(
            f"seed must be a non-negative integer or None, got {seed!r}",
            field="seed",
            hint="pass e.g. seed=0 for reproducible results",
        )
    return int(seed)


def child_rng(seed: int, *keys: str | int) -> np.random.Generator:
    """A generator for one stratum, determined by ``seed`` and stable ``keys``.

    Parameters
    ----------
    seed : int
        Base seed (from :func:`resolve_seed`).
    *keys : str or int
        Purpose and stratum, e.g. ``("boot", outlet)`` or ``("perm", a, b)``.

    Returns
    -------
    numpy.random.Generator
    """
    entropy = [int(seed)] + [_stable_int(k) for k in keys]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def check_resampling(n_boot: int, ci: float, *, n_perm: int | None = None) -> None:
    """Raise :class:`ParameterError` for a bad ``n_boot``, ``n_perm`` or ``ci``."""
    for name, value in (("n_boot", n_boot), ("n_perm", n_perm)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError(
                f"{name} must be a positive integer, got {value!r}",
                field=name,
                hint=f"use e.g. {name}=1000",
            )
    if not isinstance(ci, (float, int)) or not 0.0 < float(ci) < 1.0:
        raise ParameterError(
            f"ci must be a confidence level strictly between 0 and 1, got {ci!r}",
            field="ci",
            hint="use e.g. ci=0.95",
        )


def bootstrap_weights(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """Multiplicities of ``n`` documents in ``n_boot`` resamples with replacement.

    Returns
    -------
    numpy.ndarray of float, shape (n_boot, n)
        Row ``b`` counts how often each document is drawn in resample ``b``
        (each row sums to ``n``), so ``weights @ values`` sums resampled values.
    """
    if n == 0:
        return np.zeros((n_boot, 0))
    draws = rng.integers(0, n, size=(n_boot, n))
    flat = draws + (np.arange(n_boot) * n)[:, None]
    return np.bincount(flat.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(float)


def random_subsets(rng: np.random.Generator, n: int, k: int, n_perm: int) -> np.ndarray:
    """Indicators of ``n_perm`` random subsets of size ``k`` among ``n`` items.

    This is a permutation of group labels between two groups of sizes ``k`` and
    ``n - k``: row ``p`` marks the items that receive the first label.

    Returns
    -------
    numpy.ndarray of float, shape (n_perm, n)
    """
    base = np.zeros(n)
    base[:k] = 1.0
    return rng.permuted(np.broadcast_to(base, (n_perm, n)).copy(), axis=1)


def permutation_pvalue(observed: np.ndarray, null: np.ndarray) -> np.ndarray:
    """Two-sided Monte Carlo p-values ``(1 + #{null >= observed}) / (1 + n_perm)``.

    Parameters
    ----------
    observed : numpy.ndarray, shape (k,)
        Observed statistics (non-negative, larger means more different); NaN
        where the statistic is undefined.
    null : numpy.ndarray, shape (n_perm, k)
        The statistic under permuted labels; NaN entries count as not extreme.

    Returns
    -------
    numpy.ndarray, shape (k,)
        NaN where ``observed`` is NaN.  The +1 in numerator and denominator keeps
        the test exact (Phipson and Smyth 2010).
    """
    observed = np.asarray(observed, dtype=float)
    # relative tolerance so that ties broken by floating-point rounding count as ties
    tol = 1e-9 * np.abs(observed)
    with np.errstate(invalid="ignore"):
        extreme = (null >= observed - tol).sum(axis=0)
    p = (1.0 + extreme) / (1.0 + null.shape[0])
    return np.where(np.isnan(observed), np.nan, p)


def percentile_interval(samples: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of bootstrap ``samples`` along axis 0.

    NaN samples (a ratio 0/0 in a resample) are left out; ``inf`` samples (x/0)
    are kept and can make a limit infinite.  Linear interpolation as in
    :func:`numpy.quantile`.

    Returns
    -------
    low, high : numpy.ndarray
        Arrays of the shape of ``samples[0]``; NaN where no sample is defined.
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim == 1:
        samples = samples[:, None]
        low, high = percentile_interval(samples, ci)
        return low[0], high[0]
    tail = (1.0 - ci) / 2.0
    ordered = np.sort(samples, axis=0)  # NaN sorts last
    n_valid = (~np.isnan(samples)).sum(axis=0)
    out = []
    for q in (tail, 1.0 - tail):
        pos = q * np.maximum(n_valid - 1, 0)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, np.maximum(n_valid - 1, 0))
        frac = pos - lo
        v_lo = np.take_along_axis(ordered, lo[None, ...], axis=0)[0]
        v_hi = np.take_along_axis(ordered, hi[None, ...], axis=0)[0]
        with np.errstate(invalid="ignore"):
            value = np.where(v_lo == v_hi, v_lo, v_lo + (v_hi - v_lo) * frac)
        out.append(np.where(n_valid > 0, value, np.nan))
    return out[0], out[1]


def benjamini_hochberg(pvalues: Iterable[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (false discovery rate).

    Parameters
    ----------
    pvalues : array-like of float
        One family of p-values; NaN entries are ignored (they stay NaN and do not
        count in the family size).

    Returns
    -------
    numpy.ndarray
        ``p_adj[i] = min_{j: p_j >= p_i} min(1, m * p_j / rank_j)``, in input order.

    Raises
    ------
    ParameterError
        If a p-value is outside [0, 1].
    """
    p = np.asarray(list(pvalues) if not isinstance(pvalues, np.ndarray) else pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = ~np.isnan(p)
    if np.any((p[valid] < 0) | (p[valid] > 1)):
        raise ParameterError(
            "p-values must lie in [0, 1]", field="pvalues", hint="pass raw p-values"
        )
    m = int(valid.sum())
    if m == 0:
        return out
    pv = p[valid]
    order = np.argsort(pv, kind="stable")
    scaled = pv[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[valid] = result
    return out


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise :class:`InputError` naming the first missing column of ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"{name} must be a pandas DataFrame, got {type(frame).__name__}",
            field=name,
            hint=f"pass the pipeline's {name} frame",
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"the {name} frame has no column {missing[0]!r} (missing: {', '.join(missing)})",
            field=missing[0],
            hint=f"pass the {name} frame produced by the pipeline (see framing.schema)",
        )


@dataclass(frozen=True)
class DocSet:
    """The analysed documents as aligned numpy arrays (see :func:`prepare_documents`).

    Attributes
    ----------
    doc_id, outlet, text_key : numpy.ndarray of object (str)
    date : numpy.ndarray of datetime64[ns] (NaT when unknown)
    weight : numpy.ndarray of float
    """

    doc_id: np.ndarray
    outlet: np.ndarray
    date: np.ndarray
    weight: np.ndarray
    text_key: np.ndarray

    def __len__(self) -> int:
        return len(self.doc_id)

    def take(self, rows: np.ndarray) -> DocSet:
        """The documents at positions ``rows``, in that order."""
        return DocSet(*(getattr(self, f)[rows] for f in
                        ("doc_id", "outlet", "date", "weight", "text_key")))

    def blocks(self) -> dict[str, np.ndarray]:
        """Outlet -> positions of its documents, outlets in sorted order."""
        codes, names = pd.factorize(self.outlet, sort=True)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        return {str(o): order[bounds[i]:bounds[i + 1]] for i, o in enumerate(names)}


def positions(keys, values) -> np.ndarray:
    """Position of each of ``values`` in ``keys`` (-1 when absent), exact str match.

    Both sides are used as object arrays so pandas does not convert them to its
    string dtype (slow for the many small lookups of a simulation study).
    """
    index = pd.Index(np.asarray(keys, dtype=object), dtype=object)
    return index.get_indexer(pd.Index(np.asarray(values, dtype=object), dtype=object))


def _object_strings(values) -> np.ndarray:
    return np.array([None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                     else str(v) for v in values], dtype=object)


def prepare_documents(
    documents: pd.DataFrame,
    *,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> DocSet:
    """The analysed documents: ids, outlets, dates, weights and text hashes.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents frame (``doc_id``, ``outlet``; ``date`` and ``text`` optional).
    exclude_docs : iterable of str, optional
        Documents to leave out (e.g. syndicated copies:
        :func:`framing.exclusion_set` of the ``duplicates`` frame).
    doc_weights : mapping or Series doc_id -> weight, optional
        Down-weighting (e.g. ``1 / cluster size`` from
        :func:`framing.doc_weights` of the ``duplicates`` frame); documents not
        listed weigh 1;
        documents of weight 0 are left out.

    Returns
    -------
    DocSet
        One entry per kept document, in input order; ``text_key`` is the SHA-256
        of the text (empty when there is no text), used for canonical ordering.
        Time-zone aware dates are converted to UTC and made naive.

    Raises
    ------
    InputError
        Missing columns, duplicate ``doc_id``, missing outlet.
    ParameterError
        Negative or non-finite weights, ``exclude_docs`` given as one string.
    """
    require_columns(documents, ["doc_id", "outlet"], "documents")
    doc_id = _object_strings(documents["doc_id"].to_numpy())
    outlet = _object_strings(documents["outlet"].to_numpy())
    seen = pd.Index(doc_id, dtype=object)
    if seen.has_duplicates:
        raise InputError(
            f"doc_id {seen[seen.duplicated()][0]!r} occurs more than once in documents",
            field="doc_id",
            hint="doc_id must be unique; deduplicate the documents frame",
        )
    missing = np.array([o is None for o in outlet], dtype=bool)
    if missing.any():
        raise InputError(
            f"document {doc_id[np.argmax(missing)]!r} has no outlet",
            field="outlet",
            hint="give every document an outlet name (or drop it)",
        )
    if "date" in documents.columns:
        dates = pd.to_datetime(documents["date"], errors="coerce")
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        date = dates.to_numpy(dtype="datetime64[ns]")
    else:
        date = np.full(len(doc_id), np.datetime64("NaT"), dtype="datetime64[ns]")
    if "text" in documents.columns:
        text_key = np.array([
            hashlib.sha256(t.encode("utf-8")).hexdigest() if isinstance(t, str) else ""
            for t in documents["text"].to_numpy()
        ], dtype=object)
    else:
        text_key = np.full(len(doc_id), "", dtype=object)
    weight = np.ones(len(doc_id))
    if doc_weights is not None:
        weights = pd.Series(doc_weights, dtype=float)
        if (~np.isfinite(weights.to_numpy())).any() or (weights.to_numpy() < 0).any():
            raise ParameterError(
                "doc_weights must be finite and non-negative",
                field="doc_weights",
                hint="use e.g. framing.doc_weights(duplicates)",
            )
        pos = positions(_object_strings(weights.index), doc_id)
        weight = np.where(pos >= 0, weights.to_numpy()[np.maximum(pos, 0)], 1.0)
    keep = weight > 0
    if exclude_docs is not None:
        if isinstance(exclude_docs, str):
            raise ParameterError(
                "exclude_docs must be a collection of doc_ids, not one string",
                field="exclude_docs",
                hint="wrap a single id in a list: exclude_docs=[doc_id]",
            )
        dropped = positions(_object_strings(list(exclude_docs)), doc_id) >= 0
        logger.info("excluding %d of %d documents", int(dropped.sum()), len(doc_id))
        keep &= ~dropped
    return DocSet(doc_id, outlet, date, weight, text_key).take(np.flatnonzero(keep))


def canonical_order(docs: DocSet, *fingerprints: np.ndarray) -> np.ndarray:
    """Order of ``docs`` that is independent of input row order and doc ids.

    Sorted by outlet, text hash, weight, date, then every column of the
    ``fingerprints`` (per-document counts used by the statistic).  Documents
    that tie on all of these are interchangeable for the statistic, so any
    order among them gives the same result.

    Returns
    -------
    numpy.ndarray of int
        Positions into ``docs``.
    """
    if len(docs) == 0:
        return np.arange(0)
    keys: list[np.ndarray] = []
    for fp in reversed(fingerprints):
        fp = np.asarray(fp, dtype=float).reshape(len(docs), -1)
        keys.extend(fp[:, j] for j in reversed(range(fp.shape[1])))
    keys.append(docs.date.astype(np.int64))
    keys.append(docs.weight)
    keys.append(pd.factorize(docs.text_key, sort=True)[0])
    keys.append(pd.factorize(docs.outlet, sort=True)[0])
    return np.lexsort(keys)  # the last key is the primary one


# --- per-document counts: the one home of doc-level aggregation -------------------

Voice = Literal["all", "author", "quoted"]
By = Literal["category", "target"]

#: The voices statistics are split by.  ``author``: hits in the outlet's own voice
#: (voice ``author`` or ``scare_quote``) per author-voice word
#: (``n_tokens - n_quoted_tokens``); ``quoted``: hits inside quotations per quoted
#: word (``n_quoted_tokens``); ``all``: every hit per word.
VOICES: tuple[Voice, ...] = ("all", "author", "quoted")
#: Hit (and mention) voices that count as the outlet's own voice.
AUTHOR_VOICES = frozenset({"author", "scare_quote"})
#: Hit (and mention) voices that count as quoted speech.
QUOTED_VOICES = frozenset({"quoted"})
#: Category label of rows that pool all categories (and of hits without a category).
ALL = "all"
@dataclass(frozen=True)
class CountTable:
    """Per-document counts in canonical order (the input of every resampling).

    Attributes
    ----------
    docs : DocSet
        The documents, sorted by :func:`canonical_order` (hence by outlet first).
    cells : pandas.DataFrame
        One row per column of the matrices: ``target`` (only when split by
        target), ``category``, ``voice``.
    hits, words, sentences, sentences_with_hit : numpy.ndarray
        Unweighted counts, shape ``(n_docs, n_cells)``.
    """

    docs: DocSet
    cells: pd.DataFrame
    hits: np.ndarray
    words: np.ndarray
    sentences: np.ndarray
    sentences_with_hit: np.ndarray

    def outlet_blocks(self) -> dict[str, np.ndarray]:
        """Outlet -> positions of its documents (contiguous, canonical order)."""
        return self.docs.blocks()


def check_voices(voice: str | Sequence[str]) -> tuple[str, ...]:
    voices = (voice,) if isinstance(voice, str) else tuple(voice)
    bad = [v for v in voices if v not in VOICES]
    if bad or not voices or len(set(voices)) != len(voices):
        raise ParameterError(
            f"voice must be one or more distinct of {VOICES}, got {voice!r}",
            field="voice",
            hint="e.g. voice='author' or voice=('all', 'author', 'quoted')",
        )
    return voices


def _check_by(by: str | Sequence[str]) -> tuple[str, ...]:
    items = (by,) if isinstance(by, str) else tuple(by)
    for item in items:
        if item == "voice":
            raise ParameterError(
                "voices are chosen with the voice= option, not by=",
                field="by",
                hint="drop 'voice' from by and pass voice=('all', 'author', 'quoted')",
            )
        if item not in ("category", "target"):
            raise ParameterError(
                f"by may contain 'category' and 'target', got {item!r}",
                field="by",
                hint="e.g. by=('category',) or by=('category', 'target')",
            )
    return items


def sentence_lookup(sent_docpos: np.ndarray, sent_ids: np.ndarray, n_docs: int):
    """Integer key (doc position, sent_id) -> sentence row, as a lookup function."""
    span = int(sent_ids.max()) + 1 if len(sent_ids) else 1
    index = pd.Index(sent_docpos.astype(np.int64) * span + sent_ids.astype(np.int64))

    def lookup(docpos: np.ndarray, sid: np.ndarray) -> np.ndarray:
        ok = (docpos >= 0) & (sid >= 0) & (sid < span)
        key = np.where(ok, docpos.astype(np.int64) * span + sid.astype(np.int64), -1)
        rows = index.get_indexer(key)
        return np.where(ok, rows, -1)

    return lookup


def str_values(series: pd.Series) -> np.ndarray:
    """Column as a new (writable) object array of str; ids compare equal whatever the dtype."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return np.array(series.to_numpy(dtype=object, na_value=None), dtype=object, copy=True)
    return _object_strings(series.to_numpy())


def int_values(series: pd.Series, column: str, name: str) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) | (values != np.round(values))
    if bad.any():
        row = int(np.argmax(bad))
        raise InputError(
            f"{name} column {column!r} must hold integers; row {row} has {series.iloc[row]!r}",
            field=column,
            hint=f"pass the {name} frame produced by the pipeline",
        )
    return values.astype(np.int64)


def float_values(series: pd.Series) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.nan_to_num(values, nan=0.0)


def sentence_arrays(docs: DocSet, sentences: pd.DataFrame, need_quoted: bool):
    """Sentences of the analysed documents as arrays.

    Returns
    -------
    s_doc : numpy.ndarray
        Document position of each kept sentence.
    lookup : callable
        ``lookup(doc_positions, sent_ids)`` -> kept-sentence row (-1 if none).
    voice_words, voice_sent : dict
        Voice -> words of each sentence in that voice, and whether the sentence
        has any word in that voice (the denominators of rates and shares).
    """
    s_doc = positions(docs.doc_id, str_values(sentences["doc_id"]))
    keep = np.flatnonzero(s_doc >= 0)
    s_doc = s_doc[keep]
    lookup = sentence_lookup(
        s_doc, int_values(sentences["sent_id"].iloc[keep], "sent_id", "sentences"), len(docs))
    n_tok = float_values(sentences["n_tokens"].iloc[keep])
    n_q = (float_values(sentences["n_quoted_tokens"].iloc[keep]) if need_quoted
           else np.zeros(len(keep)))
    voice_words = {"all": n_tok, "author": np.maximum(n_tok - n_q, 0.0), "quoted": n_q}
    voice_sent = {
        "all": np.ones(len(keep), dtype=bool),
        "author": voice_words["author"] > 0,
        "quoted": n_q > 0,
    }
    return s_doc, lookup, voice_words, voice_sent


def voice_masks(values: np.ndarray) -> dict[str, np.ndarray]:
    """Voice -> which hits (or mentions) with these ``voice`` values count in it."""
    return {
        "all": np.ones(len(values), dtype=bool),
        "author": positions(sorted(AUTHOR_VOICES), values) >= 0,
        "quoted": positions(sorted(QUOTED_VOICES), values) >= 0,
    }


def count_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> CountTable:
    """Aggregate sentences and hits to per-document counts (see :func:`doc_counts`)."""
    by = _check_by(by)
    voices = check_voices(voice)
    docs = prepare_documents(documents, exclude_docs=exclude_docs, doc_weights=doc_weights)
    need_quoted = any(v != "all" for v in voices)
    require_columns(
        sentences,
        ["doc_id", "sent_id", "n_tokens"] + (["n_quoted_tokens"] if need_quoted else []),
        "sentences",
    )
    require_columns(hits, ["doc_id", "sent_id", "voice"] + ["category"] * ("category" in by), "hits")
    n = len(docs)

    s_doc, lookup, voice_words, voice_sent = sentence_arrays(docs, sentences, need_quoted)
    n_sents = len(s_doc)

    h_doc = positions(docs.doc_id, str_values(hits["doc_id"]))
    keep = np.flatnonzero(h_doc >= 0)
    h_doc = h_doc[keep]
    n_hits = len(keep)
    h_sent = lookup(h_doc, int_values(hits["sent_id"].iloc[keep], "sent_id", "hits"))
    voice_ok = voice_masks(str_values(hits["voice"].iloc[keep]))
    if "category" in by:
        h_cat_str = str_values(hits["category"].iloc[keep])
        h_cat_str[pd.isna(h_cat_str)] = "uncategorised"
        codes, uniques = pd.factorize(h_cat_str, sort=True)
        categories = [str(c) for c in uniques if c != ALL]
        h_cat = positions(categories, uniques)[codes] + 1
    else:
        categories, h_cat = [], np.zeros(n_hits, dtype=np.int64)

    if "target" in by:
        if stance is None:
            raise ParameterError(
                "by='target' needs the stance frame (which sentences mention which target)",
                field="stance",
                hint="pass stance=<the pipeline's stance frame>",
            )
        require_columns(stance, ["doc_id", "sent_id", "target"], "stance")
        st_doc = positions(docs.doc_id, str_values(stance["doc_id"]))
        keep = np.flatnonzero(st_doc >= 0)
        st_rows = lookup(st_doc[keep], int_values(stance["sent_id"].iloc[keep], "sent_id", "stance"))
        t_code, targets = pd.factorize(str_values(stance["target"].iloc[keep]), sort=True)
        targets = [str(t) for t in targets]
        pairs = np.unique(np.stack([st_rows, t_code], axis=1)[st_rows >= 0], axis=0)
        pair_sent, pair_t = pairs[:, 0], pairs[:, 1]
        # hits reach every target their sentence mentions (pairs are sorted by sentence)
        lo = np.searchsorted(pair_sent, h_sent, side="left")
        reps = np.where(h_sent >= 0, np.searchsorted(pair_sent, h_sent, side="right") - lo, 0)
        hp = np.repeat(np.arange(n_hits), reps)
        offset = np.arange(len(hp)) - np.repeat(np.cumsum(reps) - reps, reps)
        hp_t = pair_t[np.repeat(lo, reps) + offset]
    else:
        targets = [None]
        pair_sent, pair_t = np.arange(n_sents), np.zeros(n_sents, dtype=np.int64)
        hp, hp_t = np.arange(n_hits), np.zeros(n_hits, dtype=np.int64)

    n_t, n_c, n_v = len(targets), len(categories) + 1, len(voices)
    k = n_t * n_c * n_v
    base_words = np.zeros((n, n_t, n_v))
    base_sent = np.zeros((n, n_t, n_v))
    key = s_doc[pair_sent] * n_t + pair_t
    for vi, v in enumerate(voices):
        base_words[:, :, vi] = np.bincount(
            key, weights=voice_words[v][pair_sent], minlength=n * n_t
        ).reshape(n, n_t)
        base_sent[:, :, vi] = np.bincount(
            key, weights=voice_sent[v][pair_sent].astype(float), minlength=n * n_t
        ).reshape(n, n_t)
    words = np.broadcast_to(base_words[:, :, None, :], (n, n_t, n_c, n_v)).reshape(n, k).copy()
    n_sent = np.broadcast_to(base_sent[:, :, None, :], (n, n_t, n_c, n_v)).reshape(n, k).copy()

    hit_counts = np.zeros(n * k)
    swh_keys = []
    hp_doc, hp_sent, hp_cat = h_doc[hp], h_sent[hp], h_cat[hp]
    levels = [np.zeros(len(hp), dtype=np.int64)] + ([hp_cat] if categories else [])
    for vi, v in enumerate(voices):
        ok = voice_ok[v][hp]
        in_voice = np.zeros(len(hp), dtype=bool)
        in_voice[hp_sent >= 0] = voice_sent[v][hp_sent[hp_sent >= 0]]
        for li, level in enumerate(levels):
            # level 0 pools every hit; the category level skips hits labelled "all"
            sel = ok if li == 0 else ok & (level > 0)
            cell = (hp_t * n_c + level) * n_v + vi
            hit_counts += np.bincount(hp_doc[sel] * k + cell[sel], minlength=n * k)
            both = sel & in_voice
            swh_keys.append(np.stack([hp_sent[both], hp_doc[both] * k + cell[both]], axis=1))
    swh = np.zeros(n * k)
    if swh_keys:
        uniq = np.unique(np.concatenate(swh_keys), axis=0)
        swh = np.bincount(uniq[:, 1], minlength=n * k).astype(float)
    hit_counts = hit_counts.reshape(n, k)
    swh = swh.reshape(n, k)

    combos = [(t, c, v) for t in targets for c in [ALL, *categories] for v in voices]
    cells = pd.DataFrame(
        [combo if "target" in by else combo[1:] for combo in combos],
        columns=["target", "category", "voice"] if "target" in by else ["category", "voice"],
    )
    order = canonical_order(docs, words, n_sent, hit_counts, swh)
    return CountTable(
        docs=docs.take(order),
        cells=cells,
        hits=hit_counts[order],
        words=words[order],
        sentences=n_sent[order],
        sentences_with_hit=swh[order],
    )


def doc_counts(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Per-document counts behind every rate: the one home of doc-level aggregation.

    Parameters
    ----------
    documents, sentences, hits : pandas.DataFrame
        The pipeline's frames (:mod:`framing.schema`).  ``documents`` defines the
        analysed documents: rows of the other frames for other doc_ids are ignored.
    stance : pandas.DataFrame, optional
        Needed with ``by`` containing ``"target"``: its (sentence, target) pairs
        say which sentences mention which target.
    by : sequence of {"category", "target"}
        Splits besides voice; rows with category ``"all"`` are always included.
    voice : str or sequence of {"all", "author", "quoted"}
        Voices to count (see :data:`VOICES`).
    exclude_docs : iterable of str, optional
        doc_ids to leave out (e.g. :func:`framing.exclusion_set` of the duplicates).
    doc_weights : mapping or Series, optional
        doc_id -> weight (e.g. :func:`framing.doc_weights` of the duplicates:
        1 / cluster size); unlisted documents weigh 1.

    Returns
    -------
    pandas.DataFrame
        One row per document x [target] x category x voice: ``doc_id, outlet, date,
        weight, [target], category, voice, words, hits, n_sentences,
        sentences_with_hit`` (unweighted counts).  With a target split, words and
        sentences are those of the sentences mentioning the target.
    """
    table = count_table(
        documents, sentences, hits, stance=stance, by=by, voice=voice,
        exclude_docs=exclude_docs, doc_weights=doc_weights,
    )
    n, k = table.hits.shape
    rows = np.repeat(np.arange(n), k)
    columns = {
        "doc_id": table.docs.doc_id[rows],
        "outlet": table.docs.outlet[rows],
        "date": table.docs.date[rows],
        "weight": table.docs.weight[rows],
    }
    for col in table.cells.columns:
        columns[col] = np.tile(table.cells[col].to_numpy(dtype=object), n)
    columns["words"] = table.words.ravel()
    columns["hits"] = table.hits.ravel()
    columns["n_sentences"] = table.sentences.ravel()
    columns["sentences_with_hit"] = table.sentences_with_hit.ravel()
    out = pd.DataFrame(columns)
    return out


