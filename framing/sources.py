"""Find the input items of a corpus path and read each into a raw record.

An *input item* is one file (plain text, HTML) or one row of a table file (CSV,
TSV, JSONL, JSON, Parquet).  Every item becomes exactly one :class:`RawItem`:
either with its fields, or with the ``error`` that stopped it from being read.
Nothing is skipped without a trace, except documentation files that are not
corpus items (files named ``README``, ``LICENSE``/``LICENCE``, ``PROVENANCE`` or
``CHANGELOG`` with any extension, ``metadata.csv`` sidecars) and hidden files and
folders.

Folder layout: ``corpus/<outlet>/...``: the first folder level below the corpus
root names the outlet (files directly in the root, or a file given as the path,
take the name of the folder holding them), unless a header, a sidecar or a table
column says otherwise.  A table row that takes its outlet from a folder name
says so in the manifest (``RawItem.info``).

Table files are read by :mod:`framing.tables`, HTML pages by
:mod:`framing.html_pages`; :class:`RawItem`, :class:`SourceOptions` and
:data:`FIELDS` live in :mod:`framing.items` (all importable from here).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from framing.decode import decode_bytes
from framing.errors import CorpusError, MissingFileError, ParameterError
from framing.header import split_header
from framing.html_pages import html_fields
from framing.items import FIELDS, RawItem, SourceOptions
from framing.tables import read_table

__all__ = [
    "FIELDS",
    "RawItem",
    "SourceOptions",
    "iter_items",
    "corpus_files",
    "TEXT_EXTENSIONS",
    "HTML_EXTENSIONS",
    "TABLE_EXTENSIONS",
]

TEXT_EXTENSIONS = (".txt", ".text")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
TABLE_EXTENSIONS = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
#: Documentation files, not corpus items: these names with any extension
#: (``README.md``, ``LICENSE``, ``PROVENANCE.txt``); an article file merely starting
#: so ("licence-fee-rise.txt") is read.
_DOCUMENTATION_NAMES = frozenset({"readme", "license", "licence", "provenance", "changelog"})
SIDECAR_NAME = "metadata.csv"


def _is_documentation(path: Path) -> bool:
    """The metadata sidecar or a documentation file (never a folder: an outlet folder
    named "provenance-post" is read)."""
    return path.name == SIDECAR_NAME or path.name.split(".")[0].lower() in _DOCUMENTATION_NAMES


def corpus_files(root: str | os.PathLike[str]) -> list[Path]:
    """Every path reading a corpus folder visits, in order: its files (symbolic links
    followed, as when reading) and the paths it reports as unreadable.

    The cache fingerprints these, so it sees exactly the files ingestion reads.
    """
    return [path for path, _ in _walk(Path(root))]


def _walk(root: Path) -> Iterator[tuple[Path, CorpusError | None]]:
    """Yield every file below ``root`` in sorted order; links are followed once."""
    seen: set[str] = set()

    def visit(folder: Path) -> Iterator[tuple[Path, CorpusError | None]]:
        real = os.path.realpath(folder)
        if real in seen:
            yield folder, CorpusError(
                "symbolic link loop: this folder was already read", path=folder,
                hint="remove the link or point it outside the corpus",
            )
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            yield folder, CorpusError(f"cannot list folder: {err.strerror}", path=folder,
                                      hint="check the folder's permissions")
            return
        for entry in entries:
            path = Path(entry.path)
            if path.name.startswith("."):  # hidden files and folders
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                exists = is_dir or entry.is_file(follow_symlinks=True)
            except OSError as err:  # e.g. ELOOP on a link pointing to itself
                yield path, CorpusError(f"cannot follow link: {err.strerror}", path=path,
                                        hint="remove or fix the symbolic link")
                continue
            if not is_dir and _is_documentation(path):
                continue
            if is_dir:
                yield from visit(path)
            elif exists:
                yield path, None
            elif entry.is_symlink() and not os.path.exists(path):
                yield path, CorpusError("broken symbolic link", path=path,
                                        hint="remove the link or restore its target")
            else:  # never opened: reading a FIFO would wait forever
                yield path, CorpusError("not a regular file (a FIFO, socket or device)", path=path,
                                        hint="move it out of the corpus folder")

    yield from visit(root)


def _outlet_for(root: Path, path: Path) -> str:
    rel = path.relative_to(root).parts
    return rel[0] if len(rel) > 1 else root.resolve().name


def _read_sidecars(root: Path) -> dict[Path, dict[str, object]]:
    """``metadata.csv`` files anywhere below ``root``: file name -> fields."""
    meta: dict[Path, dict[str, object]] = {}
    for sidecar in sorted(root.rglob(SIDECAR_NAME)):
        try:
            data = sidecar.read_bytes()
        except OSError as err:
            raise CorpusError(f"cannot read the metadata sidecar: {err.strerror}", path=sidecar,
                              hint="check its permissions, or remove it") from None
        text = decode_bytes(data, path=str(sidecar)).text
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise CorpusError(
                f"sidecar has no 'file' column (columns: {', '.join(reader.fieldnames or [])})",
                path=sidecar, line=1, hint="name the column holding file names 'file'",
            )
        for row in reader:
            name = (row.pop("file") or "").strip()
            fields = {k: v.strip() for k, v in row.items() if k in FIELDS and v and v.strip()}
            meta[(sidecar.parent / name).resolve()] = fields
    return meta


def iter_items(path: str | os.PathLike[str], options: SourceOptions | None = None) -> Iterator[RawItem]:
    """Yield one :class:`RawItem` per input item under ``path``, in a stable order.

    Parameters
    ----------
    path : str or path-like
        A corpus folder, or one text, HTML or table file.
    options : SourceOptions, optional
        Column names, fixed outlet, forced encoding.

    Yields
    ------
    RawItem
        Read items; unreadable ones carry ``error`` instead of fields.

    Raises
    ------
    MissingFileError
        If ``path`` does not exist.
    ParameterError
        If ``options.encoding`` is not a known encoding.
    """
    options = options or SourceOptions()
    if options.encoding is not None:
        # checked once here: a misspelt name would otherwise reject every file,
        # or end a table read with a traceback
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise ParameterError(f"unknown encoding {options.encoding!r}", field="encoding",
                                 hint="give a Python codec name such as utf-8, cp1252, latin-1 "
                                      "or utf-16, or leave it out to detect the encoding") from None
    root = Path(path)
    if not root.exists():
        raise MissingFileError("corpus path does not exist", path=root,
                               hint="give a folder of articles or a CSV/JSONL/Parquet/HTML/text file")
    if root.is_file():
        yield from _read_file(root, root.resolve().parent.name, {}, options)
        return
    sidecars = _read_sidecars(root)
    for file, error in _walk(root):
        if error is not None:
            yield RawItem(item=str(file), path=str(file), error=error,
                          fields={"outlet": options.outlet or _outlet_for(root, file)})
            continue
        yield from _read_file(file, _outlet_for(root, file), sidecars.get(file.resolve(), {}), options)


def _read_file(path: Path, outlet: str, sidecar: dict[str, object], options: SourceOptions) -> Iterator[RawItem]:
    suffix = path.suffix.lower()
    if suffix in TABLE_EXTENSIONS:
        yield from read_table(path, outlet, options)
        return
    item = RawItem(item=str(path), path=str(path), fields={"outlet": options.outlet or outlet})
    if suffix not in TEXT_EXTENSIONS + HTML_EXTENSIONS:
        item.error = CorpusError(
            f"unsupported file type '{suffix or '(none)'}'", path=path,
            hint="convert it to .txt/.html/.csv/.jsonl/.parquet, or move it out of the corpus folder",
        )
        yield item
        return
    try:
        data = path.read_bytes()
        decoded = decode_bytes(data, path=str(path), encoding=options.encoding)
        item.encoding = decoded.encoding
        if decoded.note:
            item.notes.append(decoded.note)
        if suffix in HTML_EXTENSIONS:
            fields = html_fields(decoded.text, path)
        else:
            fields = _text_fields(decoded.text, path, item)
    except CorpusError as err:
        item.error = err
        yield item
        return
    except OSError as err:
        item.error = CorpusError(f"cannot read file: {err.strerror}", path=path,
                                 hint="check that the file exists and is readable")
        yield item
        return
    fields.setdefault("outlet", options.outlet or outlet)
    fields.update(sidecar)
    item.fields = fields
    yield item


def _text_fields(text: str, path: Path, item: RawItem) -> dict[str, object]:
    header = split_header(text)
    for line, message in header.problems:
        item.notes.append(f"line {line}: {message}")
    for line, message in header.info:  # shown in the manifest, no problem in strict mode
        item.info.append(f"line {line}: {message}")
    fields = dict(header.meta)
    fields["text"] = header.body
    return fields
