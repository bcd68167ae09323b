"""Load a corpus into the ``documents`` frame and a ``manifest`` that accounts for every item.

>>> corpus = load_corpus("corpora/sample")           # doctest: +SKIP
>>> documents, manifest = corpus                     # doctest: +SKIP

Each input item (a file, or a row of a table file) gets one manifest row with
``status`` accepted, rejected or duplicate and a ``reason``; accepted items may
carry warnings in ``reason`` (a missing date, an encoding guess).  Exact
duplicates (the same text after normalising case and whitespace) are recorded
as ``duplicate`` with the ``doc_id`` of the document they repeat, and are not
counted twice.  With ``strict=True`` the first rejection or warning raises a
:class:`~framing.errors.CorpusError` instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Mapping
from typing import NamedTuple

import pandas as pd

from framing.clean import CleaningOptions, clean_text
from framing.errors import CorpusError
from framing.header import parse_date
from framing.items import RawItem, SourceOptions
from framing.progress import progress
from framing.schema import DOCUMENT_COLUMNS, MANIFEST_COLUMNS
from framing.sources import iter_items

__all__ = ["Corpus", "load_corpus", "iter_corpus", "make_doc_id", "manifest_summary"]

log = logging.getLogger(__name__)

#: Documents per batch yielded by :func:`iter_corpus` (bounded memory when streaming).
DEFAULT_BATCH_SIZE = 1000


class Corpus(NamedTuple):
    """The result of :func:`load_corpus`: unpacks as ``documents, manifest``."""

    documents: pd.DataFrame
    manifest: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Per-outlet counts: documents, words, first and last date, rejected and duplicates."""
        return manifest_summary(self.documents, self.manifest)

    def _repr_html_(self) -> str:  # pragma: no cover - Jupyter display
        return self.summary().to_html()


def make_doc_id(text: str) -> str:
    """Stable, content-derived id: 16 hex digits of SHA-256 of the normalised text."""
    key = " ".join(text.casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _manifest_row(item: RawItem, outlet: object, status: str, reason: str, doc_id: str | None) -> dict:
    return {"item": item.item, "path": item.path, "line": item.line, "outlet": outlet,
            "status": status, "reason": reason, "doc_id": doc_id}


class _Accepter:
    """Turns raw items into document and manifest rows; remembers texts already seen."""

    def __init__(self, cleaning: CleaningOptions, strict: bool) -> None:
        self.cleaning = cleaning
        self.strict = strict
        self.seen: dict[str, str] = {}  # doc_id -> "source (outlet)" of its first occurrence

    def __call__(self, item: RawItem) -> tuple[dict | None, dict]:
        outlet = item.fields.get("outlet")
        if item.error is not None:
            return self._reject(item, outlet, item.error)
        fields = item.fields
        text = clean_text(str(fields.get("text", "")), self.cleaning)
        if not text.strip():
            return self._reject(item, outlet, CorpusError(
                "no text left after cleaning", path=item.path, line=item.line,
                hint="check that the item holds the article text"))
        if not outlet or not str(outlet).strip():
            return self._reject(item, outlet, CorpusError(
                "no outlet", path=item.path, line=item.line, field="outlet",
                hint="add an outlet column, put the file in an outlet folder, or pass outlet=..."))
        warnings = list(item.notes)
        date = parse_date(fields.get("date"))
        if fields.get("date") is None:
            warnings.append(item.no_date or "no date (add a date line, front matter or a date column)")
        elif date is None:
            warnings.append(f"date {str(fields['date'])[:40]!r} not understood (write it as 2024-04-04 or 4 April 2024)")
        if item.encoding not in (None, "utf-8", "ascii"):
            warnings.append(f"decoded as {item.encoding}")
        doc_id = make_doc_id(text)
        source = item.item
        if doc_id in self.seen:
            return None, _manifest_row(item, outlet, "duplicate", f"same text as {self.seen[doc_id]}", doc_id)
        if self.strict and warnings:
            raise CorpusError("; ".join(warnings), path=item.path, line=item.line,
                              hint="fix the input, or run without --strict to record warnings and go on")
        self.seen[doc_id] = f"{source} ({outlet})"
        document = {
            "doc_id": doc_id, "outlet": str(outlet).strip(), "title": fields.get("title"),
            "author": fields.get("author"), "date": date, "url": fields.get("url"),
            "text": text, "source": source, "source_id": fields.get("id"),
        }
        # info (an outlet taken from a folder name) is shown but is no problem in strict mode
        return document, _manifest_row(item, outlet, "accepted", "; ".join(warnings + item.info), doc_id)

    def _reject(self, item: RawItem, outlet: object, error: CorpusError) -> tuple[None, dict]:
        if self.strict:
            raise error
        log.warning("rejected %s", error)
        return None, _manifest_row(item, outlet, "rejected", str(error), None)


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _manifest_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    return frame


def iter_corpus(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    cleaning: CleaningOptions | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Corpus]:
    """Read a corpus in batches (streaming): yields ``Corpus(documents, manifest)`` pieces.

    Parameters are those of :func:`load_corpus`, plus ``batch_size`` (input items per batch).
    Duplicates are detected across batches.
    """
    if batch_size < 1:
        from framing.errors import ParameterError

        raise ParameterError(f"batch_size must be at least 1, got {batch_size}", field="batch_size",
                             hint=f"give a number of input items per batch, e.g. {DEFAULT_BATCH_SIZE}")
    options = SourceOptions(columns=dict(columns or {}), outlet=outlet, encoding=encoding)
    accept = _Accepter(cleaning or CleaningOptions(), strict)
    documents: list[dict] = []
    manifest: list[dict] = []
    for item in progress(iter_items(path, options), desc="reading", unit="items"):
        document, row = accept(item)
        manifest.append(row)
        if document is not None:
            documents.append(document)
        if len(manifest) >= batch_size:
            yield Corpus(_documents_frame(documents), _manifest_frame(manifest))
            documents, manifest = [], []
    if manifest or not accept.seen:
        yield Corpus(_documents_frame(documents), _manifest_frame(manifest))


def load_corpus(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    cleaning: CleaningOptions | None = None,
    strict: bool = False,
) -> Corpus:
    """Read every article under ``path`` into the documents frame and the manifest.

    Parameters
    ----------
    path : str or path-like
        A folder tree ``<root>/<outlet>/*.txt|*.html|...``, or one CSV, TSV,
        JSONL, JSON, Parquet, text or HTML file.
    columns : mapping, optional
        Our field name -> column name in table files, e.g.
        ``{"outlet": "source", "text": "content_original"}``.
    outlet : str, optional
        Outlet for items that do not name one.
    encoding : str, optional
        Force an encoding instead of detecting it per file.
    cleaning : CleaningOptions, optional
        Cleaning steps and boilerplate patterns (see :mod:`framing.clean`).
    strict : bool
        Raise on the first rejected item or warning instead of recording it.

    Returns
    -------
    Corpus
        ``documents`` (columns :data:`framing.schema.DOCUMENT_COLUMNS`) and
        ``manifest`` (columns :data:`framing.schema.MANIFEST_COLUMNS`).

    Raises
    ------
    MissingFileError
        If ``path`` does not exist.
    CorpusError
        In strict mode, for the first problem found.
    """
    parts = list(iter_corpus(path, columns=columns, outlet=outlet, encoding=encoding,
                             cleaning=cleaning, strict=strict, batch_size=1 << 62))
    documents = pd.concat([p.documents for p in parts], ignore_index=True)
    manifest = pd.concat([p.manifest for p in parts], ignore_index=True)
    return Corpus(documents, manifest)


def manifest_summary(documents: pd.DataFrame, manifest: pd.DataFrame) -> pd.DataFrame:
    """Per-outlet counts of a corpus: one row per outlet and a ``total`` row.

    Columns: ``outlet, documents, words, first_date, last_date, undated, rejected, duplicates``.
    """
    from framing.text import count_words

    docs = documents.assign(words=documents["text"].map(count_words))
    per_outlet = docs.groupby("outlet", sort=True).agg(
        documents=("doc_id", "size"), words=("words", "sum"),
        first_date=("date", "min"), last_date=("date", "max"),
        undated=("date", lambda s: int(s.isna().sum())),
    )
    status = manifest.assign(outlet=manifest["outlet"].fillna("(unknown)").astype(str))
    counts = pd.crosstab(status["outlet"], status["status"])
    for name in ("rejected", "duplicate"):
        per_outlet = per_outlet.join(
            counts[name].rename("duplicates" if name == "duplicate" else name)
            if name in counts else pd.Series(dtype="int64", name="duplicates" if name == "duplicate" else name),
            how="outer",
        )
    per_outlet = per_outlet.fillna({"documents": 0, "words": 0, "undated": 0, "rejected": 0, "duplicates": 0})
    int_cols = ["documents", "words", "undated", "rejected", "duplicates"]
    per_outlet[int_cols] = per_outlet[int_cols].astype("int64")
    total = per_outlet[int_cols].sum().to_dict()
    total.update(first_date=per_outlet["first_date"].min(), last_date=per_outlet["last_date"].max())
    per_outlet.loc["total"] = pd.Series(total)
    per_outlet[int_cols] = per_outlet[int_cols].astype("int64")
    return per_outlet.reset_index(names="outlet")
