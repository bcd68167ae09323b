"""The analysed documents as aligned arrays, in an order that does not depend on the input.

:func:`prepare_documents` turns the ``documents`` frame into a :class:`DocSet`
(ids, outlets, dates, weights, text hashes) after leaving out excluded or
zero-weight documents; :func:`canonical_order` sorts documents before any
random draw: by outlet, then by a SHA-256 hash of the document text (of the
doc_id when there is no text), then by every count the statistic uses.  Neither
the row order of the input frames nor (with texts) the ``doc_id`` strings
influence the draws (:mod:`framing.resample`), so results are exactly invariant
to both, and an outlet's draws do not depend on the voices or splits requested.  The column helpers (:func:`positions`,
:func:`str_values`, :func:`int_values`, :func:`float_values`,
:func:`require_columns`) read the pipeline's frames as numpy arrays.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError

__all__ = [
    "DocSet",
    "prepare_documents",
    "canonical_order",
    "require_columns",
    "positions",
    "str_values",
    "int_values",
    "float_values",
]

logger = logging.getLogger(__name__)

#: Prefix of the ordering key of a document without text (its doc_id is hashed instead).
_NO_TEXT = "\x00doc_id:"


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str, *,
                    hint: str | None = None) -> None:
    """Raise :class:`InputError` unless ``frame`` is a DataFrame with every one of ``columns``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame to check.
    columns : iterable of str
        Required columns.
    name : str
        The frame's name in messages (``"hits"``, ``"rates"``).
    hint : str, optional
        Where a correct frame comes from (default: the pipeline, see :mod:`framing.schema`).
    """
    hint = hint or f"pass the {name} frame produced by the pipeline (see framing.schema)"
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}",
                         field=name, hint=hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"the {name} frame has no column {missing[0]!r} (missing: {', '.join(missing)})",
            field=missing[0], hint=hint,
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


def _order_key(text, doc_id: str | None) -> str:
    """SHA-256 of the text; without a text, of the (prefixed) doc_id.

    An order by counts alone would depend on which voices and splits were
    requested, so the doc_id stands in; the prefix keeps it apart from texts.
    """
    if isinstance(text, str):
        source = text
    elif doc_id is not None:
        source = _NO_TEXT + doc_id
    else:
        return ""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


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
        of the text, used for canonical ordering; a document without a text
        (no ``text`` column, or a missing value) is keyed by a hash of its
        ``doc_id`` instead, so its place does not depend on the counts of a
        particular selection of voices, categories or targets.
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
    texts = (documents["text"].to_numpy() if "text" in documents.columns
             else np.full(len(doc_id), None, dtype=object))
    text_key = np.array([_order_key(t, d) for t, d in zip(texts, doc_id, strict=True)],
                        dtype=object)
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
    order among them gives the same result.  Without texts the key is a hash
    of the ``doc_id`` (:func:`prepare_documents`): the order then no longer
    depends on row order or on the selection (voices, ``by``), but it does
    depend on the doc_id strings.

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


def str_values(series: pd.Series) -> np.ndarray:
    """Column as a new (writable) object array of str; ids compare equal whatever the dtype."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return np.array(series.to_numpy(dtype=object, na_value=None), dtype=object, copy=True)
    return _object_strings(series.to_numpy())


def int_values(series: pd.Series, column: str, name: str) -> np.ndarray:
    """Column as int64; :class:`InputError` naming ``name``, ``column`` and the row if not integral."""
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
    """Column as float, missing or non-numeric values as 0."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.nan_to_num(values, nan=0.0)
