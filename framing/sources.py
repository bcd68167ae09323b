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
"""

from __future__ import annotations

import codecs
import configparser
import csv
import functools
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from framing.decode import TextLines, bom_encoding, decode_bytes, utf16_without_bom
from framing.errors import CorpusError, MissingFileError, ParameterError
from framing.header import split_header

__all__ = [
    "FIELDS",
    "FOLDER_OUTLET_HINT",
    "FolderOutlet",
    "RawItem",
    "SourceOptions",
    "iter_items",
    "corpus_files",
    "split_folder_outlet",
    "TEXT_EXTENSIONS",
    "HTML_EXTENSIONS",
    "TABLE_EXTENSIONS",
]

#: Document fields a source can provide (our names).
FIELDS = ("outlet", "title", "author", "date", "url", "id", "text")

TEXT_EXTENSIONS = (".txt", ".text")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
TABLE_EXTENSIONS = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
#: Documentation files, not corpus items: these names with any extension
#: (``README.md``, ``LICENSE``, ``PROVENANCE.txt``); an article file merely starting
#: so ("licence-fee-rise.txt") is read.
_DOCUMENTATION_NAMES = frozenset({"readme", "license", "licence", "provenance", "changelog"})
SIDECAR_NAME = "metadata.csv"

#: An HTML page is an article only if trafilatura finds at least this many words in
#: its prose (lines that end as sentences do, with the lines running into them): more
#: than an error page's "Sorry, this page does not exist." or "We're sorry, but the
#: page you were looking for doesn't exist.", less than a one-sentence news brief
#: (news sentences average some 20 words).  Scripts that put no spaces between words
#: count by characters: two Chinese or Japanese characters make a word, and
#: :data:`UNSPACED_LETTERS_PER_WORD` letters of Thai, Lao, Khmer or Myanmar.
MIN_HTML_PROSE_WORDS = 12
#: Letters of Thai, Lao, Khmer and Myanmar per word (their average word length;
#: vowel and tone marks are not counted).
UNSPACED_LETTERS_PER_WORD = 4
#: Thai and Lao mark the end of a sentence with a space or not at all, so a line in
#: those scripts (or Khmer, Myanmar) without final punctuation counts as prose when
#: it holds at least this many of their letters (some ten words): more than an error
#: notice ("ไม่พบหน้าที่คุณต้องการ", page not found: 16) ...
UNSPACED_LINE_MIN_LETTERS = 40
#: ... in runs between spaces of this many letters on average: clauses, not the
#: entries of a menu ("หน้าแรก ข่าว กีฬา", home, news, sport: 4 to 6) ...
UNSPACED_MIN_RUN = 10
#: ... when it is as long as a paragraph, this many letters or two runs of
#: :data:`UNSPACED_MIN_RUN` (two clauses), not a headline (a section front of linked
#: headlines, "ตลาดหุ้นไทยปิดบวกสิบจุดรับแรงซื้อจากนักลงทุนต่างชาติที่กลับเข้ามา": 49 letters
#: in one run) ...
UNSPACED_PARAGRAPH_LETTERS = 100
#: ... and when its last run of those letters is followed by at most this many words
#: (a figure or a name ending the sentence: "ร้อยละ 2.6%", "ตามรายงานของ Reuters").
UNSPACED_MAX_TAIL_WORDS = 3
# how a line ends as a sentence: final punctuation (Latin, CJK, Arabic, Urdu, Hindi,
# Myanmar, Khmer, Thai), then any closing quotes, brackets or spaces (French ". »",
# German ".“")
_SENTENCE_PUNCT = frozenset(".!?…。！？؟۔।။។៕๚๛")
_CLOSERS = " \t\u00a0\"'”’»“)]）」』"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
_UNSPACED_RE = re.compile(f"[{_UNSPACED}]+")
_PROSE_WORD_RE = re.compile(  # "doesn't" is one word
    f"[^\\W{_CJK}{_UNSPACED}]+(?:['’][^\\W{_CJK}{_UNSPACED}]+)*")
#: A line runs into the next (a paragraph broken with ``<br>``) only if it has at
#: least this many words and the next starts in lower case: menu entries do not.
_RUN_ON_MIN_WORDS = 4


def _prose_words(text: str) -> int:
    """Words in the lines of ``text`` that end as sentences, and in the lines that
    run into them, counted by :data:`_PROSE_WORD_RE` (CJK characters by two, Thai,
    Lao, Khmer and Myanmar letters by :data:`UNSPACED_LETTERS_PER_WORD`)."""
    lines = [line.strip() for line in text.split("\n")]
    words = 0
    cjk = 0
    unspaced = 0
    ends_as_sentence = False  # of the line after this one, with the lines it runs into
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        n_words = len(_PROSE_WORD_RE.findall(line))
        runs = _UNSPACED_RE.findall(line)
        n_unspaced = sum(c.isalpha() for run in runs for c in run)
        runs_on = (i + 1 < len(lines) and lines[i + 1][:1].islower()
                   and n_words >= _RUN_ON_MIN_WORDS)
        if not runs_on:
            end = line.rstrip(_CLOSERS)[-1:]
            ends_as_sentence = end in _SENTENCE_PUNCT or _unspaced_prose(line, runs, n_unspaced)
        if ends_as_sentence:
            words += n_words
            cjk += len(_CJK_RE.findall(line))
            unspaced += n_unspaced
    return words + cjk // 2 + unspaced // UNSPACED_LETTERS_PER_WORD


def _unspaced_prose(line: str, runs: list[str], letters: int) -> bool:
    """Whether a line with ``letters`` letters of Thai, Lao, Khmer or Myanmar in
    ``runs`` (between spaces) is a paragraph of prose without final punctuation."""
    if letters < max(UNSPACED_LINE_MIN_LETTERS, UNSPACED_MIN_RUN * len(runs)):
        return False
    clauses = sum(sum(c.isalpha() for c in run) >= UNSPACED_MIN_RUN for run in runs)
    if letters < UNSPACED_PARAGRAPH_LETTERS and clauses < 2:
        return False
    tail = line[line.rindex(runs[-1]) + len(runs[-1]):]
    return len(tail.split()) <= UNSPACED_MAX_TAIL_WORDS


#: Rows read from a table file at a time (bounded memory on big exports).
TABLE_CHUNK_ROWS = 5000
# a whole article may sit in one CSV cell: lift the csv module's 128 KiB field limit
# (process-wide; only ever raised)
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
#: Bytes of a table file used to detect its encoding.
_ENCODING_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class SourceOptions:
    """How to read input items.

    Parameters
    ----------
    columns : mapping of str to str
        Our field name -> the column name in table files, e.g.
        ``{"outlet": "source", "text": "content_original"}``.  Fields not given
        use their own name (``outlet``, ``text``, ``title``, ``author``, ``date``,
        ``url``, ``id``).
    outlet : str, optional
        Outlet for every item that does not name one.
    encoding : str, optional
        Force this encoding for every file instead of detecting it.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    outlet: str | None = None
    encoding: str | None = None

    def column(self, name: str) -> str:
        """The table column that holds field ``name``."""
        return self.columns.get(name, name)


@dataclass
class RawItem:
    """One input item as read, before cleaning and de-duplication.

    ``notes`` are problems found while reading (warnings; fatal in strict mode);
    ``info`` says where a field came from when that is a guess worth seeing (an
    outlet taken from a folder name).  Both end up in the manifest's ``reason``.
    ``no_date`` is the warning for an item without a date when the reader knows
    better than "no date" why (a table row whose date cell is empty).
    """

    item: str
    path: str
    line: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    error: CorpusError | None = None
    encoding: str | None = None
    no_date: str | None = None


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
        yield from _read_table(path, outlet, options)
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
            fields = _html_fields(decoded.text, path)
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


@functools.cache
def _trafilatura_config() -> configparser.ConfigParser:
    """trafilatura's settings without its extensive date search, which takes a page
    without a date for one published on 1 January of its footer's copyright year
    ("© 2024"); dates in meta tags, <time> elements, bylines and URLs are still read."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _html_fields(html: str, path: Path) -> dict[str, object]:
    import trafilatura  # slow to import: only when HTML is read

    result = trafilatura.extract(html, output_format="json", with_metadata=True,
                                 include_comments=False, favor_recall=True,
                                 config=_trafilatura_config())
    if not result:
        raise CorpusError("no article text found in the HTML page", path=path,
                          hint="check that the page holds the article, not only navigation")
    data = json.loads(result)
    # an error page, a menu or a section front still yields text (link labels,
    # headlines, "Page not found"): what it lacks is sentences of prose
    text: str = data.get("text") or ""
    prose = _prose_words(text)
    if prose < MIN_HTML_PROSE_WORDS:
        preview = " / ".join(line.strip() for line in text.split("\n") if line.strip())
        preview = preview if len(preview) <= 80 else preview[:77] + "..."
        raise CorpusError(
            f"no article body in the HTML page: {prose} words in sentences (at least "
            f"{MIN_HTML_PROSE_WORDS} needed); extracted text: {preview!r}", path=path,
            hint="check that the page is the article, not an error page, a menu or a section "
                 "front; save a very short article's text as .txt")
    # trafilatura puts one paragraph per line: make them blank-line separated
    fields: dict[str, object] = {"text": text.replace("\n", "\n\n")}
    for ours, theirs in (("title", "title"), ("author", "author"), ("date", "date"), ("url", "source")):
        if data.get(theirs):
            fields[ours] = data[theirs]
    return fields


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


def _read_table(path: Path, outlet: str, options: SourceOptions) -> Iterator[RawItem]:
    suffix = path.suffix.lower()
    readers = {".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows, ".json": _json_rows,
               ".parquet": _parquet_rows, ".csv": _csv_rows, ".tsv": _csv_rows}
    text_col = options.column("text")
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
                    date_column = options.column("date")
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
    # file is read line by line (framing.decode.TextLines); UTF-16 without a
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
    (:class:`~framing.decode.TextLines`), a row ends at a damaged line, which may
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
    """The lines of a :class:`~framing.decode.TextLines` source for a csv reader, which
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
    """The damaged lines of a UTF-16/32 file from ``first`` to ``last``."""
    return [n for n in range(first, last + 1) if n in source.damaged]


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
