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
:func:`require_columns`) read the pipeline's frames as numpy arrays, and
:func:`document_dates` reads the ``date`` column, also when it holds strings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError
from framing.header import parse_dates

__all__ = [
    "DocSet",
    "document_dates",
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


_NAT = np.datetime64("NaT", "ns")
_DATE_HINT = ("give dates as strings such as '2024-04-01' or '2024-04-01T09:30:00+02:00', "
              "or as datetime values; convert numbers first, e.g. "
              "pd.to_datetime(documents['date'], unit='s') for Unix seconds or "
              "pd.to_datetime(documents['date'].astype(str), format='%Y') for years")


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, (float, np.floating)) and np.isnan(value)) or (
        isinstance(value, np.datetime64) and np.isnat(value))


def document_dates(documents: pd.DataFrame, *, column: str = "date") -> np.ndarray:
    """The documents' dates as naive UTC ``datetime64[ns]``, NaT where there is none.

    The one place where a documents frame's dates are read (statistics, time
    series and syndication).  The pipeline writes a ``datetime64`` column; a
    frame built by hand (e.g. from a JSONL file) may hold strings, read value by
    value as :func:`framing.header.parse_date` reads header dates: ISO with any
    precision and UTC offset (``2024-04-03``, ``2024-04-05 10:00``,
    ``2024-04-06T08:15:00Z``, ``...+02:00``), ``4 April 2024``, ``April 4,
    2024``; numeric day/month forms only when unambiguous.  (``pandas.to_datetime``
    would guess one format from the first string and turn the others into NaT.)

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents frame.
    column : str
        The date column (``"date"``).

    Returns
    -------
    numpy.ndarray of datetime64[ns]
        One date per row, time-zone aware values converted to UTC; NaT for
        missing values and empty strings (and no column), and for strings that
        are not understood as a date, which are also counted in a logged warning
        with the first of them.

    Raises
    ------
    InputError
        A number (``2024``, a Unix time) or another object that is not a date,
        named with its document, or a date outside 1677-2262 (the range of
        ``datetime64[ns]``).
    """
    n = len(documents)
    if column not in documents.columns:
        return np.full(n, _NAT, dtype="datetime64[ns]")
    col = documents[column]
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(col.dtype):
        return _as_ns(documents, column, col.to_numpy().astype("datetime64[us]"))
    values = col.to_numpy(dtype=object)
    out = np.full(n, np.datetime64("NaT", "us"), dtype="datetime64[us]")
    strings: list[int] = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            strings.append(i)
        elif _is_missing(v):
            continue
        elif isinstance(v, (dt.date, np.datetime64)):
            ts = pd.Timestamp(v)
            out[i] = (ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts).asm8
        else:
            what = "a number" if isinstance(v, (int, float, np.number)) else type(v).__name__
            _raise_date(documents, column, i, f"the date {v!r} is {what}, not a date")
    parsed = parse_dates([values[i] for i in strings])
    out[strings] = parsed
    unread = [i for i, ts in zip(strings, parsed, strict=True)
              if np.isnat(ts) and values[i].strip()]
    if unread:
        logger.warning("%d document date(s) are not understood as dates and count as undated "
                       "(first: %r); write them as ISO dates (2024-04-01) or '4 April 2024'",
                       len(unread), values[unread[0]])
    return _as_ns(documents, column, out)


#: The range of datetime64[ns] (1677-09-21 to 2262-04-11), in microseconds.
_NS_RANGE = (np.datetime64(pd.Timestamp.min.ceil("us").to_datetime64(), "us"),
             np.datetime64(pd.Timestamp.max.floor("us").to_datetime64(), "us"))


def _as_ns(documents: pd.DataFrame, column: str, dates: np.ndarray) -> np.ndarray:
    """``datetime64[us]`` -> ``[ns]``; a date outside the ns range is an error, not an overflow."""
    outside = ~np.isnat(dates) & ((dates < _NS_RANGE[0]) | (dates > _NS_RANGE[1]))
    if outside.any():
        row = int(np.argmax(outside))
        _raise_date(documents, column, row, f"the date {dates[row]} is outside the range "
                    "1677-2262 of framing's datetime64[ns] dates",
                    hint="correct the date (a typo in the year?) or leave it empty")
    return dates.astype("datetime64[ns]")


def _raise_date(documents: pd.DataFrame, column: str, row: int, message: str, *,
                hint: str = _DATE_HINT):
    where = (f"document {documents['doc_id'].iloc[row]!r}" if "doc_id" in documents.columns
             else f"row {row}")
    raise InputError(f"{message} ({where}, documents column {column!r})",
                     field=column, hint=hint)


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
        particular selection of voices, categories or targets.  Dates are read
        by :func:`document_dates` (strings value by value; time-zone aware dates
        converted to UTC and made naive).

    Raises
    ------
    InputError
        Missing columns, duplicate ``doc_id``, missing outlet, a date that is a
        number or another non-date object (:func:`document_dates`).
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
    date = document_dates(documents)
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


def int_values(series: pd.Series, column: str, name: str, *, hint: str | None = None) -> np.ndarray:
    """Column as int64; :class:`InputError` naming ``name``, ``column`` and the row if not
    integral (``hint``: how to fix it; default: use the pipeline's frame)."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) | (values != np.round(values))
    if bad.any():
        row = int(np.argmax(bad))
        value = series.iloc[row]
        value = value.item() if isinstance(value, np.generic) else value  # nan, not np.float64(nan)
        raise InputError(
            f"{name} column {column!r} must hold integers; row {row} has {value!r}",
            field=column,
            hint=hint or f"pass the {name} frame produced by the pipeline",
        )
    return values.astype(np.int64)


def float_values(series: pd.Series) -> np.ndarray:
    """Column as float, missing or non-numeric values as 0."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.nan_to_num(values, nan=0.0)
