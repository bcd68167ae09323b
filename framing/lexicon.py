"""Lexicons as data: entries with provenance, file formats, validation and a content hash.

A lexicon is a named, versioned list of :class:`LexiconEntry` records (pattern,
category, weight, notes) with its licence and source.  Four file formats are
read, chosen by extension:

``.yaml`` / ``.yml``
    The native format: a header (``name``, ``version``, ``licence``, ``source``,
    ``description``, ``categories`` with default weights and descriptions), then
    ``entries`` either as a list of mappings or grouped by category.
``.csv`` / ``.tsv``
    A header row with the columns ``pattern``, ``category`` and optionally
    ``weight`` and ``notes``.  Leading ``# key: value`` lines set metadata.
``.dic``
    LIWC dictionaries: a ``%``-delimited block of ``id<TAB>name`` category lines,
    then ``pattern<TAB>id<TAB>id...`` lines; a pattern with several ids becomes
    one entry per category.
``.txt`` (and any other extension given ``format="wordlist"``)
    One pattern per line, ``#`` starts a comment line; the category is a
    parameter (default: the file stem).  Leading ``# key: value`` lines set metadata.

Patterns are case-insensitive literal text: single words, multi-word phrases, and
``*`` at the end of a word (``imperialis*``) for "any word characters".  Regex
metacharacters (``U.S.``, ``C++``) are plain text.  Entries of the category
``exclude`` list neutral senses ("tax regime") that block shorter entries in the
matcher without producing hits.  Weights run from 0 to 1.  Errors name the file and
line (:class:`~framing.errors.LexiconError`).  See ``docs/lexicon.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from framing.errors import LexiconError, MissingFileError

__all__ = [
    "LexiconEntry",
    "LexiconCategory",
    "Lexicon",
    "LexiconFormat",
    "BUILTIN_LEXICONS",
    "WEIGHT_MIN",
    "WEIGHT_MAX",
    "DEFAULT_WEIGHT",
    "EXCLUDE_CATEGORY",
    "normalize_pattern",
    "load_lexicon",
    "read_lexicon",
    "check_lexicon",
    "list_builtin_lexicons",
    "as_lexicons",
]

logger = logging.getLogger(__name__)

LexiconFormat = Literal["yaml", "csv", "tsv", "dic", "wordlist"]

#: Weights are intensities on a closed 0..1 scale (0 = listed but not loaded,
#: 1 = the most loaded terms); the sentence loaded-score is a sum of weights.
WEIGHT_MIN = 0.0
WEIGHT_MAX = 1.0
#: Weight of an entry whose file gives none (and whose category gives none).
DEFAULT_WEIGHT = 1.0
#: Entries of this category mark neutral senses ("tax regime"): they take part in
#: longest-match resolution, so they block shorter entries, but never produce a hit.
EXCLUDE_CATEGORY = "exclude"
#: Version given to lexicons read from formats without one (LIWC ``.dic``, bare CSV).
UNVERSIONED = "unversioned"
#: Version of the canonical serialisation hashed by :attr:`Lexicon.sha256`.
HASH_FORMAT = 1

#: Built-in lexicons: name -> data file under ``framing/data``.
BUILTIN_LEXICONS: dict[str, str] = {
    "loaded_language": "loaded_language.yaml",
}

_EXTENSIONS: dict[str, LexiconFormat] = {
    ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv", ".dic": "dic",
    ".txt": "wordlist", ".lst": "wordlist", ".wordlist": "wordlist",
}
_METADATA_KEYS = ("name", "version", "licence", "source", "description")
_YAML_KEYS = set(_METADATA_KEYS) | {"categories", "entries"}
_CSV_COLUMNS = ("pattern", "category", "weight", "notes")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
_SPACE_RE = re.compile(r"\s+")
#: libyaml's parser when PyYAML was built with it (about 15x faster), else pure Python.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORD_CHAR_RE = re.compile(r"\w")
_BAD_WILDCARD_RE = re.compile(r"(?<!\w)\*|\*(?! |$)")
_CATEGORY_RE = re.compile(r"^[A-Za-z][\w\-]*$")
_META_COMMENT_RE = re.compile(r"^#\s*(name|version|licence|source|description)\s*:\s*(.*?)\s*$")


def normalize_pattern(pattern: str) -> str:
    """Return the canonical form of a pattern, or raise :class:`LexiconError`.

    Lower-cases, maps curly apostrophes to ``'``, trims and collapses whitespace,
    then checks that the pattern has a word character and that every ``*`` ends
    a word (follows a word character and precedes a space or the end).

    Parameters
    ----------
    pattern : str
        A pattern as written in a lexicon file.

    Returns
    -------
    str
        The canonical pattern (what matching and hashing use).
    """
    if not isinstance(pattern, str):
        raise LexiconError(f"pattern must be text, got {type(pattern).__name__} {pattern!r}",
                           field="pattern", hint="quote the pattern")
    norm = _SPACE_RE.sub(" ", pattern.translate(_APOSTROPHES).lower()).strip()
    if not norm:
        raise LexiconError("empty pattern", field="pattern", hint="remove the line or write a term")
    if not _WORD_CHAR_RE.search(norm):
        raise LexiconError(f"pattern {pattern!r} has no letter or digit", field="pattern",
                           hint="patterns must contain at least one word character")
    if _BAD_WILDCARD_RE.search(norm):
        raise LexiconError(
            f"wildcard not at the end of a word in {pattern!r}", field="pattern",
            hint="'*' may only end a word, as in 'imperialis*'; suffix and infix wildcards "
                 "are not supported")
    return norm


def _check_weight(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise LexiconError(f"weight {value!r} is not a number", field="weight",
                           hint=f"use a number from {WEIGHT_MIN} to {WEIGHT_MAX}")
    try:
        weight = float(value)
    except ValueError:
        raise LexiconError(f"weight {value!r} is not a number", field="weight",
                           hint=f"use a number from {WEIGHT_MIN} to {WEIGHT_MAX}") from None
    if math.isnan(weight) or not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise LexiconError(f"weight {value!r} is outside {WEIGHT_MIN}..{WEIGHT_MAX}",
                           field="weight", hint=f"use a number from {WEIGHT_MIN} to {WEIGHT_MAX}")
    return weight


def _check_category(value: Any) -> str:
    name = "" if value is None else str(value).strip()
    if not _CATEGORY_RE.match(name):
        raise LexiconError(f"invalid category name {value!r}", field="category",
                           hint="use a name of letters, digits, '_' or '-', starting with a letter")
    return name


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon entry.

    Parameters
    ----------
    pattern : str
        A word, a multi-word phrase, or a word ending in ``*`` (prefix wildcard).
        Stored in canonical form (see :func:`normalize_pattern`).
    category : str
        Category name.
    weight : float
        Intensity from :data:`WEIGHT_MIN` to :data:`WEIGHT_MAX`.
    notes : str
        Free text (sense, source, caveats).
    line : int or None
        Line in the source file (not part of equality or the hash).
    """

    pattern: str
    category: str
    weight: float = DEFAULT_WEIGHT
    notes: str = ""
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", normalize_pattern(self.pattern))
        object.__setattr__(self, "category", _check_category(self.category))
        object.__setattr__(self, "weight", _check_weight(self.weight))
        object.__setattr__(self, "notes", "" if self.notes is None else str(self.notes).strip())

    @property
    def is_wildcard(self) -> bool:
        """Whether the pattern contains a ``*`` wildcard."""
        return "*" in self.pattern

    @property
    def n_words(self) -> int:
        """Number of space-separated words in the pattern."""
        return self.pattern.count(" ") + 1


@dataclass(frozen=True)
class LexiconCategory:
    """A category declared in a lexicon header: default weight and description."""

    name: str
    weight: float = DEFAULT_WEIGHT
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _check_category(self.name))
        object.__setattr__(self, "weight", _check_weight(self.weight))


@dataclass(frozen=True)
class Lexicon:
    """A named, versioned lexicon with provenance.

    Parameters
    ----------
    name, version : str
        Identity; :attr:`id` is ``name@version``.
    entries : tuple of LexiconEntry
        No two entries share both pattern and category.
    licence, source, description : str
        Provenance (licence identifier, where it comes from, what it is for).
    categories : tuple of LexiconCategory
        Declared categories; categories used by entries but not declared are added
        with the default weight.
    path : str or None
        File it was read from (not part of equality or the hash).
    """

    name: str
    version: str
    entries: tuple[LexiconEntry, ...]
    licence: str = ""
    source: str = ""
    description: str = ""
    categories: tuple[LexiconCategory, ...] = ()
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for key in ("name", "version", "licence", "source", "description"):
            value = getattr(self, key)
            object.__setattr__(self, key, "" if value is None else str(value).strip())
        if not self.name or "@" in self.name:
            raise LexiconError(f"invalid lexicon name {self.name!r}", path=self.path,
                               field="name", hint="give a non-empty name without '@'")
        if not self.version:
            raise LexiconError("lexicon version is empty", path=self.path, field="version",
                               hint="give a version such as \"1.0\"")
        entries = tuple(self.entries)
        seen: dict[tuple[str, str], LexiconEntry] = {}
        for entry in entries:
            if not isinstance(entry, LexiconEntry):
                raise LexiconError(f"entries must be LexiconEntry objects, got {entry!r}",
                                   path=self.path)
            key = (entry.pattern, entry.category)
            if key in seen:
                raise LexiconError(f"duplicate entry {entry.pattern!r} in category "
                                   f"{entry.category!r}", path=self.path, line=entry.line,
                                   hint="list each pattern once per category")
            seen[key] = entry
        declared = {c.name: c for c in self.categories}
        for entry in entries:
            declared.setdefault(entry.category, LexiconCategory(entry.category))
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "categories", tuple(declared.values()))

    @property
    def id(self) -> str:
        """``name@version``, the identifier written into every hit."""
        return f"{self.name}@{self.version}"

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the canonical serialisation of metadata and entries.

        Equal content gives an equal hash whatever the file format and entry order:
        the serialisation holds ``name``, ``version``, ``licence``, ``source``,
        ``description`` and the sorted ``(pattern, category, weight, notes)`` of
        every entry.  Category descriptions, default weights (already resolved
        into the entries), source file and line numbers are not part of it.
        """
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def canonical_json(self) -> str:
        """The canonical JSON text hashed by :attr:`sha256`."""
        doc = {"hash_format": HASH_FORMAT}
        doc.update({key: getattr(self, key) for key in _METADATA_KEYS})
        doc["entries"] = sorted([e.pattern, e.category, float(e.weight), e.notes]
                                for e in self.entries)
        return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def category_names(self) -> tuple[str, ...]:
        """Category names in declaration order."""
        return tuple(c.name for c in self.categories)

    def category_counts(self) -> dict[str, int]:
        """Number of entries per category (declared categories included, possibly 0)."""
        counts = dict.fromkeys(self.category_names, 0)
        for entry in self.entries:
            counts[entry.category] += 1
        return counts

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return (f"Lexicon({self.id!r}, {len(self.entries)} entries, "
                f"{len(self.categories)} categories, sha256={self.sha256[:12]})")


# --------------------------------------------------------------------------- building

class _Builder:
    """Collects entries from a reader, with line numbers, and every problem found."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.errors: list[LexiconError] = []
        self.entries: list[LexiconEntry] = []
        # pattern -> (line, frozenset of (category, weight)) of the first line that listed it
        self._first: dict[str, tuple[int | None, frozenset[tuple[str, float]]]] = {}

    def error(self, err: LexiconError | str, line: int | None, hint: str | None = None) -> None:
        if isinstance(err, LexiconError):
            self.errors.append(LexiconError(err.message, path=self.path, line=line,
                                            field=err.field, hint=err.hint))
        else:
            self.errors.append(LexiconError(err, path=self.path, line=line, hint=hint))

    def add_line(self, pattern: Any, items: Sequence[tuple[Any, Any, Any]],
                 line: int | None) -> None:
        """Add the entries of one source line: ``items`` are ``(category, weight, notes)``."""
        try:
            built = [LexiconEntry(pattern, cat, weight, notes, line)
                     for cat, weight, notes in items]
        except LexiconError as err:
            self.error(err, line)
            return
        if not built:
            return
        key = built[0].pattern
        signature = frozenset((e.category, e.weight) for e in built)
        if key in self._first:
            first_line, first_sig = self._first[key]
            where = f"line {first_line}" if first_line is not None else "an earlier entry"
            if signature == first_sig:
                logger.warning("%s:%s: duplicate entry %r (same as %s) ignored",
                               self.path, line, key, where)
            else:
                self.error(f"duplicate entry {key!r} conflicts with {where} "
                           f"(category or weight differs)", line,
                           hint="keep one line per pattern; list several categories on one "
                                "line only in LIWC .dic files")
            return
        self._first[key] = (line, signature)
        self.entries.extend(built)

    def finish(self, metadata: dict[str, Any], categories: Sequence[LexiconCategory],
               strict: bool) -> Lexicon | None:
        lexicon = None
        try:
            lexicon = Lexicon(entries=tuple(self.entries), categories=tuple(categories),
                              path=self.path, **metadata)
        except LexiconError as err:
            self.error(err, err.line)
        if not self.entries and not self.errors:
            self.error("the lexicon has no entries", None, hint="add at least one entry")
        if self.errors and strict:
            first = self.errors[0]
            more = len(self.errors) - 1
            hint = first.hint or ""
            if more:
                hint = (hint + "; " if hint else "") + (
                    f"{more} more problem(s): run `framing lexicon check {self.path}`")
            raise LexiconError(first.message, path=first.path, line=first.line,
                               field=first.field, hint=hint or None)
        return None if self.errors else lexicon


# --------------------------------------------------------------------------- readers

def _read_yaml(text: str, b: _Builder, stem: str) -> tuple[dict[str, Any], list[LexiconCategory]]:
    loader = _YAML_LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        b.error(f"invalid YAML: {getattr(err, 'problem', None) or err}",
                None if mark is None else mark.line + 1, hint="fix the YAML syntax")
        return {}, []
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        b.error("a YAML lexicon must be a mapping with 'name', 'version' and 'entries'",
                None if root is None else root.start_mark.line + 1)
        return {}, []

    def value(node: yaml.Node) -> Any:
        return loader.construct_object(node, deep=True)

    def line_of(node: yaml.Node) -> int:
        return node.start_mark.line + 1

    meta: dict[str, Any] = {"name": stem}
    categories: dict[str, LexiconCategory] = {}
    entries_node = None
    for key_node, val_node in root.value:
        key = str(value(key_node))
        if key not in _YAML_KEYS:
            b.error(f"unknown key {key!r}", line_of(key_node),
                    hint=f"allowed keys: {', '.join(sorted(_YAML_KEYS))}")
        elif key in _METADATA_KEYS:
            raw = value(val_node)
            if key == "version" and not isinstance(raw, str):
                b.error(f"version {raw!r} is not text", line_of(val_node), hint=(
                    'quote it, as in version: "1.10" (unquoted 1.10 reads as the number 1.1)'))
            meta[key] = "" if raw is None else str(raw)
        elif key == "categories":
            categories = _yaml_categories(val_node, value, line_of, b)
        else:
            entries_node = val_node
    if entries_node is None:
        b.error("missing 'entries'", None, hint="add an 'entries' list or mapping")
        return meta, list(categories.values())

    def add(item: yaml.Node, category: str | None) -> None:
        if isinstance(item, yaml.MappingNode):
            fields = {str(value(k)): v for k, v in item.value}
            unknown = set(fields) - {"pattern", "category", "weight", "notes"}
            if unknown:
                b.error(f"unknown entry key(s) {sorted(unknown)}", line_of(item),
                        hint="entry keys: pattern, category, weight, notes")
                return
            if "pattern" not in fields:
                b.error("entry without 'pattern'", line_of(item), hint="add pattern: ...")
                return
            pattern = value(fields["pattern"])
            cat = value(fields["category"]) if "category" in fields else category
        elif isinstance(item, yaml.ScalarNode):
            fields, pattern, cat = {}, value(item), category
        else:
            b.error("an entry must be a pattern or a mapping", line_of(item))
            return
        if cat is None:
            b.error(f"entry {pattern!r} has no category", line_of(item),
                    hint="add 'category:' or group entries under a category")
            return
        cat = str(cat)
        if categories and cat not in categories:
            b.error(f"unknown category {cat!r}", line_of(item),
                    hint=f"declare it under 'categories' or use one of {sorted(categories)}")
            return
        default = categories[cat].weight if cat in categories else DEFAULT_WEIGHT
        weight = value(fields["weight"]) if "weight" in fields else default
        notes = value(fields["notes"]) if "notes" in fields else ""
        if pattern is not None and not isinstance(pattern, str):
            pattern = str(pattern)
        b.add_line(pattern if pattern is not None else "", [(cat, weight, notes)], line_of(item))

    if isinstance(entries_node, yaml.SequenceNode):
        for item in entries_node.value:
            add(item, None)
    elif isinstance(entries_node, yaml.MappingNode):
        for cat_node, items in entries_node.value:
            if not isinstance(items, yaml.SequenceNode):
                b.error("entries of a category must be a list", line_of(items))
                continue
            for item in items.value:
                add(item, str(value(cat_node)))
    else:
        b.error("'entries' must be a list or a mapping of category -> list",
                line_of(entries_node))
    return meta, list(categories.values())


def _yaml_categories(node, value, line_of, b: _Builder) -> dict[str, LexiconCategory]:
    out: dict[str, LexiconCategory] = {}
    if not isinstance(node, yaml.MappingNode):
        b.error("'categories' must be a mapping of name -> {weight, description}", line_of(node))
        return out
    for key_node, val_node in node.value:
        spec = value(val_node) or {}
        if not isinstance(spec, dict) or set(spec) - {"weight", "description"}:
            b.error(f"category {value(key_node)!r} must be a mapping with 'weight' and/or "
                    "'description'", line_of(val_node))
            continue
        try:
            out[str(value(key_node))] = LexiconCategory(
                str(value(key_node)), spec.get("weight", DEFAULT_WEIGHT),
                str(spec.get("description") or ""))
        except LexiconError as err:
            b.error(err, line_of(key_node))
    return out


def _leading_metadata(lines: list[str], meta: dict[str, Any]) -> int:
    """Read ``# key: value`` lines at the top; return the index of the first other line."""
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        m = _META_COMMENT_RE.match(lines[i].strip())
        if m:
            meta[m.group(1)] = m.group(2)
        i += 1
    return i


def _read_csv(text: str, b: _Builder, stem: str, delimiter: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": stem, "version": UNVERSIONED}
    lines = text.splitlines(keepends=True)
    skip = _leading_metadata(lines, meta)
    reader = csv.reader(io.StringIO("".join(lines[skip:])), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            b.error("no header row", skip + 1, hint=f"first row: {delimiter.join(_CSV_COLUMNS)}")
            return meta
        columns = [h.strip().lower() for h in header]
        missing = {"pattern", "category"} - set(columns)
        unknown = set(columns) - set(_CSV_COLUMNS)
        if missing or unknown:
            b.error(f"bad header {header!r}" + (f": missing {sorted(missing)}" if missing else "")
                    + (f": unknown {sorted(unknown)}" if unknown else ""), skip + 1,
                    hint=f"columns: {', '.join(_CSV_COLUMNS)} (weight and notes optional)")
            return meta
        for row in reader:
            line = skip + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                b.error(f"expected {len(columns)} fields, found {len(row)}", line,
                        hint="quote fields that contain the delimiter")
                continue
            rec = dict(zip(columns, row, strict=True))
            weight = rec.get("weight", "").strip() or DEFAULT_WEIGHT
            b.add_line(rec["pattern"], [(rec["category"], weight, rec.get("notes", ""))], line)
    except csv.Error as err:
        b.error(f"invalid CSV: {err}", skip + reader.line_num, hint="fix the quoting")
    return meta


def _read_dic(text: str, b: _Builder, stem: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": stem, "version": UNVERSIONED}
    lines = text.splitlines()
    percent = [i for i, s in enumerate(lines) if s.strip() == "%"]
    if len(percent) < 2:
        b.error("missing the '%' category block", 1,
                hint="start with '%', one 'id<TAB>name' line per category, then '%'")
        return meta
    ids: dict[str, str] = {}
    for i in range(percent[0] + 1, percent[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[0].isdigit():
            b.error(f"bad category line {lines[i]!r}", i + 1, hint="write 'id<TAB>name'")
            continue
        ids[str(int(parts[0]))] = parts[1]
    for i in range(percent[1] + 1, len(lines)):
        raw = lines[i]
        if not raw.strip():
            continue
        if "\t" in raw:
            parts = [p.strip() for p in raw.split("\t")]
            pattern, codes = parts[0], [p for p in parts[1:] if p]
        else:  # space-separated: trailing numeric fields are ids
            parts = raw.split()
            n = len(parts)
            while n > 1 and parts[n - 1].isdigit():
                n -= 1
            pattern, codes = " ".join(parts[:n]), parts[n:]
        if not codes:
            b.error(f"entry {pattern!r} has no category id", i + 1,
                    hint="write 'pattern<TAB>id<TAB>id...'")
            continue
        items = []
        for code in codes:
            key = str(int(code)) if code.isdigit() else code
            if key not in ids:
                b.error(f"unknown category id {code!r}", i + 1,
                        hint=f"declare it in the '%' block (known ids: {', '.join(ids)})")
                items = []
                break
            if all(c != ids[key] for c, _, _ in items):
                items.append((ids[key], DEFAULT_WEIGHT, ""))
        if items:
            b.add_line(pattern, items, i + 1)
    return meta


def _read_wordlist(text: str, b: _Builder, stem: str, category: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": stem, "version": UNVERSIONED}
    lines = text.splitlines()
    start = _leading_metadata(lines, meta)
    cat = category or stem
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            b.add_line(s, [(cat, DEFAULT_WEIGHT, "")], i + 1)
    return meta


def _format_of(path: Path, fmt: LexiconFormat | None) -> LexiconFormat:
    if fmt is not None:
        if fmt not in ("yaml", "csv", "tsv", "dic", "wordlist"):
            raise LexiconError(f"unknown lexicon format {fmt!r}", path=path, field="format",
                               hint="use yaml, csv, tsv, dic or wordlist")
        return fmt
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise LexiconError(f"cannot tell the lexicon format from the extension {path.suffix!r}",
                           path=path, hint=f"use one of {', '.join(sorted(_EXTENSIONS))}")
    return found


def _parse(text: str, path: str, stem: str, fmt: LexiconFormat, category: str | None,
           strict: bool) -> tuple[Lexicon | None, list[LexiconError]]:
    b = _Builder(path)
    categories: list[LexiconCategory] = []
    text = text.lstrip("\ufeff")
    if fmt == "yaml":
        meta, categories = _read_yaml(text, b, stem)
    elif fmt in ("csv", "tsv"):
        meta = _read_csv(text, b, stem, "," if fmt == "csv" else "\t")
    elif fmt == "dic":
        meta = _read_dic(text, b, stem)
    else:
        meta = _read_wordlist(text, b, stem, category)
    if fmt == "yaml" and b.errors and any(e.message.startswith("invalid YAML") for e in b.errors):
        meta = {"name": stem, "version": UNVERSIONED}
    meta.setdefault("version", "")
    lexicon = b.finish(meta, categories, strict)
    return lexicon, b.errors


def read_lexicon(path: str | Path, *, format: LexiconFormat | None = None,
                 category: str | None = None) -> Lexicon:
    """Read a lexicon file, raising :class:`LexiconError` on the first problem.

    Parameters
    ----------
    path : str or Path
        The file; the format comes from the extension unless ``format`` is given.
    format : {"yaml", "csv", "tsv", "dic", "wordlist"}, optional
        Override the extension.
    category : str, optional
        Category of every entry of a plain word list (default: the file stem).

    Returns
    -------
    Lexicon
    """
    path = Path(path)
    fmt = _format_of(path, format)
    lexicon, _ = _parse(_read_text(path), str(path), path.stem, fmt, category, strict=True)
    return lexicon  # type: ignore[return-value]  # strict mode raises instead of None


def check_lexicon(path: str | Path, *, format: LexiconFormat | None = None,
                  category: str | None = None) -> tuple[Lexicon | None, list[LexiconError]]:
    """Validate a lexicon file and return ``(lexicon or None, every problem found)``."""
    path = Path(path)
    try:
        fmt = _format_of(path, format)
    except LexiconError as err:
        return None, [err]
    return _parse(_read_text(path), str(path), path.stem, fmt, category, strict=False)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingFileError("lexicon file not found", path=path,
                               hint="check the path, or use a built-in name: "
                                    + ", ".join(BUILTIN_LEXICONS)) from None
    except UnicodeDecodeError as err:
        raise LexiconError(f"not UTF-8 text ({err.reason} at byte {err.start})", path=path,
                           hint="save the file as UTF-8") from None
    except OSError as err:
        raise MissingFileError(f"cannot read lexicon file: {err.strerror}", path=path) from None


@cache
def _load_builtin(name: str) -> Lexicon:
    resource = resources.files("framing.data").joinpath(BUILTIN_LEXICONS[name])
    lexicon, _ = _parse(resource.read_text("utf-8"), f"framing/data/{BUILTIN_LEXICONS[name]}",
                        name, "yaml", None, strict=True)
    return lexicon  # type: ignore[return-value]


def list_builtin_lexicons() -> list[str]:
    """Names of the lexicons shipped with ``framing`` (usable in :func:`load_lexicon`)."""
    return sorted(BUILTIN_LEXICONS)


def load_lexicon(source: str | Path | Lexicon, *, format: LexiconFormat | None = None,
                 category: str | None = None) -> Lexicon:
    """Load a built-in lexicon by name, or a lexicon file by path.

    Parameters
    ----------
    source : str, Path or Lexicon
        A built-in name (``"loaded_language"``, optionally ``"loaded_language@1.0"``),
        a path to a ``.yaml``/``.yml``, ``.csv``, ``.tsv``, ``.dic`` or ``.txt`` file,
        or a :class:`Lexicon` (returned as it is).
    format : {"yaml", "csv", "tsv", "dic", "wordlist"}, optional
        Override the format implied by the file extension.
    category : str, optional
        Category for plain word lists (default: the file stem).

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        Invalid file (names file and line) or unknown built-in name.
    MissingFileError
        The path does not exist.
    """
    if isinstance(source, Lexicon):
        return source
    if not isinstance(source, (str, Path)):
        raise LexiconError(f"cannot load a lexicon from {type(source).__name__}",
                           hint="give a built-in name, a path or a Lexicon")
    text = str(source)
    name, _, version = text.partition("@")
    if name in BUILTIN_LEXICONS and not Path(text).exists():
        lexicon = _load_builtin(name)
        if version and version != lexicon.version:
            raise LexiconError(f"built-in lexicon {name!r} is version {lexicon.version}, "
                               f"not {version}", field="lexicon",
                               hint=f"use {lexicon.id!r} or just {name!r}")
        return lexicon
    path = Path(source)
    if not path.suffix and not path.exists():
        raise LexiconError(f"unknown lexicon {text!r}", field="lexicon",
                           hint="built-in lexicons: " + ", ".join(list_builtin_lexicons())
                                + "; or give a path to a lexicon file")
    return read_lexicon(path, format=format, category=category)


def as_lexicons(sources: str | Path | Lexicon | Iterable[str | Path | Lexicon]) -> tuple[Lexicon, ...]:
    """Load one source or several (names, paths, or :class:`Lexicon` objects)."""
    if isinstance(sources, (str, Path, Lexicon)):
        sources = [sources]
    lexicons = tuple(load_lexicon(s) for s in sources)
    if not lexicons:
        raise LexiconError("no lexicon given", field="lexicons",
                           hint="give at least one lexicon name or path")
    ids = [lex.id for lex in lexicons]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise LexiconError(f"lexicon(s) given twice: {', '.join(dupes)}", field="lexicons",
                           hint="give each lexicon once, or change the name or version")
    return lexicons
