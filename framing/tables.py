"""Read the rows of table files (CSV, TSV, JSONL, JSON, Parquet) into raw records.

Every row becomes one :class:`~framing.items.RawItem`, with its fields or with the
error that stopped it from being read (:func:`read_table`); a row without an outlet
takes its folder's name and says so (:func:`split_folder_outlet` reads that note
back from a manifest reason).  CSV, TSV and JSONL files are read line by line
(:class:`~framing.text_lines.TextLines`) in the encoding found in their first MiB,
so that a row with bad bytes, or a damaged line of a UTF-16/32 file, costs only
that row.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from framing.decode import bom_encoding, decode_bytes, utf16_without_bom
from framing.errors import CorpusError
from framing.items import FIELDS, RawItem, SourceOptions
from framing.text_lines import TextLines

__all__ = ["FOLDER_OUTLET_HINT", "FolderOutlet", "TABLE_CHUNK_ROWS", "read_table", "split_folder_outlet"]

#: Rows read from a table file at a time (bounded memory on big exports).
TABLE_CHUNK_ROWS = 5000
# a whole article may sit in one CSV cell: lift the csv module's 128 KiB field limit
# (process-wide; only ever raised)
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
#: Bytes of a table file used to detect its encoding.
_ENCODING_SNIFF_BYTES = 1 << 20


def _row_fields(row: Mapping[str, object], options: SourceOptions, path: Path,
                line: int) -> dict[str, object]:
    """The known fields of a table row; a value that is not a scalar (a list, an
    object, raw bytes) is an error naming its field, not its Python repr as text."""
    fields: dict[str, object] = {}
    for name in FIELDS:
        column = options.column(name)
        value = row.get(column)
        if value is None or (isinstance(value, float) and value != value):
            continue
        if isinstance(value, (bytes, bytearray, list, tuple, dict, set)):
            kind = "bytes" if isinstance(value, (bytes, bytearray)) else type(value).__name__
            raise CorpusError(f"field '{column}' holds {kind}, not text", path=path, line=line,
                              field=column,
                              hint=f"store '{column}' as a string column (decode bytes, "
                                   "join lists) and export again")
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        fields[name] = value if name in {"date", "text"} else str(value)
    return fields


def read_table(path: Path, outlet: str, options: SourceOptions) -> Iterator[RawItem]:
    """One :class:`~framing.items.RawItem` per row of the table file ``path`` (by its
    suffix), or one for the file when it has no rows or cannot be read; ``outlet``
    (the folder's name) goes to rows that name none, with a note."""
    suffix = path.suffix.lower()
    readers = {".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows, ".json": _json_rows,
               ".parquet": _parquet_rows, ".csv": _csv_rows, ".tsv": _csv_rows}
    text_col, date_column = options.column("text"), options.column("date")
    n_rows = last_line = 0
    file_notes: list[str] = []  # warnings for every row (an encoding guess), set by the reader
    try:
        for line, row in readers[suffix](path, options, file_notes):
            n_rows, last_line = n_rows + 1, line
            item = RawItem(item=f"{path}:{line}", path=str(path), line=line)
            if isinstance(row, CorpusError):
                item.error = row
            elif text_col not in row:
                item.error = CorpusError(
                    f"no '{text_col}' field", path=path, line=line, field=text_col,
                    hint="give each row the text column, or name it with columns={'text': ...} / --column text=NAME",
                )
            else:
                try:
                    item.fields = _row_fields(row, options, path, line)
                except CorpusError as err:  # this row only
                    item.error = err
                else:
                    _table_outlet(item, row, outlet, options)
                    item.notes.extend(file_notes)
                    if "date" not in item.fields and date_column in row:
                        item.no_date = f"no date (the '{date_column}' cell is empty)"
            yield item
        if n_rows == 0:  # a header without rows, "[]", blank lines: the file is still an item
            yield RawItem(item=str(path), path=str(path), error=CorpusError(
                "table file has no rows", path=path, hint="add rows, or remove the file"))
    except CorpusError as err:
        yield RawItem(item=str(path) if err.line is None else f"{path}:{err.line}", path=str(path),
                      line=err.line, error=err)
    except UnicodeDecodeError as err:  # UTF-16/32 codecs cannot step over bad bytes
        yield RawItem(item=f"{path}:{last_line + 1}", path=str(path), line=last_line + 1,
                      error=CorpusError(
                          f"not valid {err.encoding} text ({err.reason}): the file could not be "
                          f"read from line {last_line + 1} on", path=path, line=last_line + 1,
                          hint="re-save the file as UTF-8, or give its encoding with --encoding"))
    except OSError as err:
        yield RawItem(item=str(path), path=str(path), error=CorpusError(
            f"cannot read file: {err.strerror or err}", path=path,
            hint="check that the file is readable"))


def _table_outlet(item: RawItem, row: Mapping[str, object], folder_outlet: str,
                  options: SourceOptions) -> None:
    """Give a table row without an outlet value the ``--outlet`` or its folder's name; the
    folder name is a guess (a table usually names its outlets), so the manifest says so."""
    if "outlet" in item.fields:
        return
    if options.outlet:
        item.fields["outlet"] = options.outlet
        return
    column = options.column("outlet")
    item.fields["outlet"] = folder_outlet
    why = f"'{column}' is empty in this row" if column in row else f"no '{column}' column"
    item.info.append(f"{why}: outlet {folder_outlet!r} taken from the folder name ({FOLDER_OUTLET_HINT})")


#: How to give a table row its outlet, in the note of a row that took a folder name.
FOLDER_OUTLET_HINT = "set it with an outlet column, --column outlet=NAME or --outlet NAME"
# that note as _table_outlet writes it, found again at the end of a manifest reason
# (information comes after warnings there)
_FOLDER_OUTLET_RE = re.compile(
    r"(?:^|; )(?:no '(?P<absent>(?:(?!; ).)*)' column|'(?P<empty>(?:(?!; ).)*)' is empty in this row)"
    rf": outlet (?P<outlet>.*?) taken from the folder name \({re.escape(FOLDER_OUTLET_HINT)}\)$", re.S)


@dataclass(frozen=True)
class FolderOutlet:
    """The note of a table row whose outlet is the name of its folder: ``outlet`` as
    written in the note (quoted), the outlet ``column`` looked for, and whether the
    file has no such column (``no_column``) or only this row's cell is empty."""

    outlet: str
    column: str
    no_column: bool


def split_folder_outlet(reason: str) -> tuple[str, FolderOutlet | None]:
    """Split a manifest ``reason`` into the rest and its folder-outlet note.

    Every row of a table without an outlet column carries the same note; a listing
    sums them up per file (``framing ingest``) instead of repeating it per row.

    Parameters
    ----------
    reason : str
        The ``reason`` of a manifest row.

    Returns
    -------
    tuple of (str, FolderOutlet or None)
        ``reason`` without the note (``""`` if the note was all of it) and the note;
        or ``reason`` unchanged and ``None`` when it holds no such note.
    """
    m = _FOLDER_OUTLET_RE.search(reason)
    if m is None:
        return reason, None
    absent = m.group("absent")
    return reason[:m.start()], FolderOutlet(
        m.group("outlet"), absent if absent is not None else m.group("empty"), absent is not None)


def _missing_column(path: Path, columns: list[str], options: SourceOptions) -> CorpusError | None:
    wanted = options.column("text")
    if wanted in columns:
        return None
    return CorpusError(
        f"no text column '{wanted}' (columns: {', '.join(map(str, columns))})", path=path, line=1,
        field=wanted, hint="name the text column with columns={'text': ...} or --column text=NAME",
    )


def _sniff_encoding(path: Path, options: SourceOptions, notes: list[str]) -> str:
    """The encoding of a table file read line by line (CSV, TSV, JSONL): ``--encoding``
    if given, else detected by :mod:`framing.decode` on the file's first MiB."""
    if options.encoding:
        return options.encoding
    with open(path, "rb") as fh:
        sample = fh.read(_ENCODING_SNIFF_BYTES)
    # decided before decoding: the sample may end inside a character, and a damaged
    # file is read line by line (framing.text_lines.TextLines); UTF-16 without a
    # byte-order mark is valid UTF-8 too, NUL bytes and all
    wide = bom_encoding(sample) or utf16_without_bom(sample)
    if wide is not None:
        return wide
    try:
        sample.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as err:
        # a character cut by the end of the sample (only when the file goes on)
        if len(sample) == _ENCODING_SNIFF_BYTES and err.start > len(sample) - 4:
            return "utf-8-sig"
    decoded = decode_bytes(sample, path=str(path))
    # a UTF-8 file's lines that are not UTF-8 are rejected one by one instead of noted
    if decoded.note and decoded.encoding != "utf-8":
        notes.append(decoded.note)
    return decoded.encoding


def _csv_rows(path: Path, options: SourceOptions,
              notes: list[str]) -> Iterator[tuple[int, dict | CorpusError]]:
    """Rows of a CSV/TSV file, one at a time: a malformed row is rejected alone.

    Read with the standard library's reader (quoted fields may hold newlines and
    separators); a row with another number of fields than the header, or with
    bytes that are not text in the file's encoding, becomes a rejection naming
    its line, and the rows around it are still read.  Each row is numbered by the
    file line it starts on (the header is line 1).  In a damaged UTF-16/32 file
    (:class:`~framing.text_lines.TextLines`), a row ends at a damaged line, which may
    have lost the quote that closed a field, and a fresh reader starts on the line
    after it: a row's damage costs only that row.
    """
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    encoding = _sniff_encoding(path, options, notes)
    # undecodable bytes stay as lone surrogates, so one bad row does not end the file
    source = TextLines(path, encoding, newline="")
    with source as lines:
        segments = _UntilDamage(lines, source)
        reader = csv.reader(segments, delimiter=sep, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as err:
            if _damage_in(source, 1, reader.line_num):
                raise _not_text("the header", encoding, path, 1, source, reader.line_num) from None
            raise CorpusError(f"table header cannot be parsed: {err}", path=path, line=1,
                              hint="check the first line's quoting") from None
        if header is None or not any(cell.strip() for cell in header):
            raise CorpusError("empty table file", path=path, hint="remove it or add rows")
        header = [cell.lstrip("\ufeff") if i == 0 else cell for i, cell in enumerate(header)]
        if any(_has_surrogates(cell) for cell in header):
            raise _not_text("the header", encoding, path, 1, source, reader.line_num)
        repeated = sorted({c for c in header if header.count(c) > 1})
        if repeated:
            raise CorpusError(f"column {repeated[0]!r} appears more than once in the header",
                              path=path, line=1, field=repeated[0],
                              hint="rename one of the columns")
        error = _missing_column(path, header, options)
        if error is not None:
            raise error
        done = 0  # lines read by the readers before this one
        while True:
            # the record starts on the line after those read so far: the file line a
            # user opens, even when quoted fields before it hold newlines
            line = done + reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                if segments.finished:
                    return
                # stopped after a damaged line: the next row starts on the line after it
                done, reader = segments.number, csv.reader(segments, delimiter=sep, strict=True)
                continue
            except csv.Error as err:
                last = done + reader.line_num
                if _damage_in(source, line, last):  # the damage cut the row short
                    yield line, _not_text(f"the row starting on this line{_lines_read(line, last)}",
                                          encoding, path, line, source, last)
                elif "unexpected end of data" in str(err):  # every later row went into this one
                    yield line, CorpusError(
                        f"the row starting on this line opens a quote that is never closed: the "
                        f"rest of the file (to line {last}) was read into it", path=path, line=line,
                        hint='close the quote; write a quote inside a quoted field as ""')
                    return
                else:
                    yield line, CorpusError(
                        f"the row starting on this line cannot be parsed: {err}"
                        f"{_lines_read(line, last)}", path=path, line=line,
                        hint='check the quoting of that row (a quote inside a quoted field is "")')
                continue
            last = done + reader.line_num
            if not fields:  # a blank line
                continue
            if _damage_in(source, line, last) or any(_has_surrogates(cell) for cell in fields):
                # first: the damage may cause the rest
                yield line, _not_text(f"the row starting on this line{_lines_read(line, last)}",
                                      encoding, path, line, source, last)
                continue
            if len(fields) != len(header):
                yield line, CorpusError(
                    f"the row starting on this line has {len(fields)} fields, the header "
                    f"{len(header)}{_lines_read(line, last)}", path=path, line=line,
                    hint=f"quote fields that contain the separator {sep!r} (\"like, this\")")
                continue
            yield line, dict(zip(header, fields, strict=True))


class _UntilDamage:
    """The lines of a :class:`~framing.text_lines.TextLines` source for a csv reader, which
    stop (end of input for that reader) after each damaged line, so that a row ends
    there; iterating again goes on with the next line.  ``number`` counts the lines
    given so far, ``finished`` says the file has ended."""

    def __init__(self, lines: Iterator[str], source: TextLines) -> None:
        self.lines = lines
        self.source = source
        self.number = 0
        self.finished = False
        self._stop = False

    def __iter__(self) -> _UntilDamage:
        return self

    def __next__(self) -> str:
        if self._stop:
            self._stop = False
            raise StopIteration
        try:
            line = next(self.lines)
        except StopIteration:
            self.finished = True
            raise
        self.number += 1
        self._stop = self.number in self.source.damaged
        return line


def _lines_read(first: int, last: int) -> str:
    """Names the lines a rejected CSV row took up when they are more than one (a quote
    left open reads the rows after it into its field), so none is lost without a trace."""
    return f" (lines {first}-{last})" if last > first else ""


def _damage_in(source: TextLines, first: int, last: int) -> list[int]:
    """The damaged lines of a UTF-16/32 file from ``first`` to ``last`` (asked for every
    row: an undamaged file is answered without looking at its lines)."""
    damaged = source.damaged
    return [n for n in range(first, last + 1) if n in damaged] if damaged else []


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a byte ``errors="surrogateescape"`` could not decode
    (encoding to UTF-8 is the fastest test: a copy at C speed for clean text)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _not_text(what: str, encoding: str, path: Path, line: int, source: TextLines,
              last: int | None = None) -> CorpusError:
    """The rejection of a header, row or line (from ``line`` to ``last``) holding bytes
    that are not text in ``encoding``: in a damaged UTF-16/32 file, what is wrong with
    each damaged line (``TextLines.damaged``), else the encoding to try."""
    damaged = _damage_in(source, line, line if last is None else last)
    if not damaged:
        name = "UTF-8" if encoding.lower().replace("_", "-").startswith("utf-8") else encoding
        return CorpusError(f"{what} is not valid {name} text", path=path, line=line,
                           hint="give the file's encoding with --encoding (e.g. cp1252)")
    damage = "; ".join(source.damaged[n] if damaged == [line] else f"line {n}: {source.damaged[n]}"
                       for n in damaged)
    after = ("re-export the file, or fix its first line" if what == "the header" else
             "the lines after it are read; re-export the file, or fix or remove the damaged line")
    return CorpusError(f"{what} is damaged: {damage}", path=path, line=line,
                       hint=f"the file is damaged here: {after}")


def _jsonl_rows(path: Path, options: SourceOptions,
                notes: list[str]) -> Iterator[tuple[int, dict | CorpusError]]:
    """Objects of a JSONL file, one per line: a malformed line is rejected alone.

    The encoding is detected as for CSV (byte-order mark, UTF-8, UTF-16, legacy
    code pages; ``--encoding`` overrides); line numbers count ``\\n`` line ends.
    """
    encoding = _sniff_encoding(path, options, notes)
    # undecodable bytes stay as lone surrogates, so one bad line does not end the file
    source = TextLines(path, encoding, newline="\n")
    with source as lines:
        for number, raw in enumerate(lines, start=1):
            if number == 1:  # a BOM the forced encoding did not remove
                raw = raw.lstrip("\ufeff")
            if not raw.strip():
                continue
            if _has_surrogates(raw):
                yield number, _not_text("this line", encoding, path, number, source)
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as err:
                yield number, CorpusError(f"malformed JSON line: {err}", path=path, line=number,
                                          hint="fix or remove the line; each line must be one JSON object")
                continue
            if not isinstance(row, dict):
                yield number, CorpusError("JSON line is not an object", path=path, line=number,
                                          hint="each line must be a JSON object with a text field")
                continue
            yield number, row


def _json_rows(path: Path, options: SourceOptions,
               notes: list[str]) -> Iterator[tuple[int, dict | CorpusError]]:
    decoded = decode_bytes(path.read_bytes(), path=str(path), encoding=options.encoding)
    if decoded.note:
        notes.append(decoded.note)
    text = decoded.text
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusError(f"invalid JSON: {err.msg}", path=path, line=err.lineno,
                          hint="a .json corpus file must hold a list of objects (or use JSONL)") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise CorpusError("JSON file must hold a list of objects", path=path, line=1,
                          hint="put the articles in a list, or write one object per line (JSONL)")
    for number, row in enumerate(data, start=1):
        yield number, row if isinstance(row, dict) else CorpusError(
            f"entry {number} is not an object", path=path, line=number, hint="each entry must be an object")


def _parquet_rows(path: Path, options: SourceOptions,
                  notes: list[str]) -> Iterator[tuple[int, dict | CorpusError]]:
    # notes stay empty: Parquet strings are UTF-8 by format, nothing is guessed
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises several types for corrupt files
        raise CorpusError(f"not a readable Parquet file: {err}", path=path,
                          hint="re-export the table as Parquet, CSV or JSONL") from None
    error = _missing_column(path, parquet.schema_arrow.names, options)
    if error is not None:
        raise error
    # row group by row group, so damage in one loses only its rows, each accounted for
    first = 0
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        number = first
        try:
            for batch in parquet.iter_batches(batch_size=TABLE_CHUNK_ROWS, row_groups=[group]):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row
        except Exception as err:  # a damaged page: pyarrow raises OSError or ValueError
            problem = CorpusError(
                f"Parquet row group {group + 1} (rows {first + 1}-{first + size}) is damaged: "
                f"{err}; its rows from row {number + 1} could not be read",
                path=path, line=number + 1, hint="re-export the table (Parquet, CSV or JSONL)")
            for lost in range(number + 1, first + size + 1):
                yield lost, problem
        first += size
