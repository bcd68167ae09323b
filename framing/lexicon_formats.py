"""Lexicon file formats: the readers behind :func:`framing.lexicon.load_lexicon`.

One reader per format (YAML, CSV/TSV, LIWC ``.dic``, word list), each feeding a
builder that collects entries with their line numbers and every problem found
(duplicates, conflicts, invalid patterns or weights), so that
``framing lexicon check`` can list them all.  The formats are documented in
``docs/lexicon.md`` and in the :mod:`framing.lexicon` module docstring.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from framing.errors import LexiconError
from framing.lexicon import (
    _METADATA_KEYS,
    DEFAULT_WEIGHT,
    UNVERSIONED,
    Lexicon,
    LexiconCategory,
    LexiconEntry,
    LexiconFormat,
    _check_category,
)

__all__ = ["EXTENSIONS", "format_of", "parse_text"]

logger = logging.getLogger("framing.lexicon")

#: File extension -> format.
EXTENSIONS: dict[str, LexiconFormat] = {
    ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv", ".dic": "dic",
    ".txt": "wordlist", ".lst": "wordlist", ".wordlist": "wordlist",
}
_YAML_KEYS = set(_METADATA_KEYS) | {"categories", "entries"}
_CSV_COLUMNS = ("pattern", "category", "weight", "notes")
#: libyaml's parser when PyYAML was built with it (about 15x faster), else pure Python.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_STR = "tag:yaml.org,2002:str"
_YAML_NULL = "tag:yaml.org,2002:null"
#: A comment in a word list: '#' after whitespace, to the end of the line ("regime  # political
#: sense" is the pattern "regime"); a '#' inside a word ("c#") is text.
_INLINE_COMMENT_RE = re.compile(r"\s#.*$")
_META_COMMENT_RE = re.compile(
    r"^#\s*(name|version|licence|source|description|category)\s*:\s*(.*?)\s*$")


class _Builder:
    """Collects entries from a reader, with line numbers, and every problem found."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.errors: list[LexiconError] = []
        self.entries: list[LexiconEntry] = []
        # pattern -> (line, frozenset of (category, weight)) of the first line that listed it
        self._first: dict[str, tuple[int | None, frozenset[tuple[str, float]]]] = {}
        #: metadata key -> line it was read from (errors about the lexicon as a whole point there)
        self.meta_lines: dict[str, int] = {}

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
            self.error(err, err.line or self.meta_lines.get(err.field or "", 1))
        if not self.entries and not self.errors:
            self.error("the lexicon has no entries", 1, hint="add at least one entry")
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

class _BadValue(Exception):
    """A YAML node that parses but cannot be built (``2024-13-45``, ``!!int x``)."""

    def __init__(self, node: yaml.Node, error: Exception) -> None:
        super().__init__(str(error))
        self.node = node


def _read_yaml(text: str, b: _Builder, stem: str) -> tuple[dict[str, Any], list[LexiconCategory]]:
    try:
        return _read_yaml_nodes(text, b, stem)
    except _BadValue as err:  # a bad value where the reader cannot go on (a key, a category)
        b.error(f"invalid YAML value: {err}", err.node.start_mark.line + 1,
                hint="quote the value to make it text, or correct it")
        return {}, []


def _read_yaml_nodes(text: str, b: _Builder,
                     stem: str) -> tuple[dict[str, Any], list[LexiconCategory]]:
    loader = _YAML_LOADER(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as err:  # RecursionError: the pure-Python parser
        mark = getattr(err, "problem_mark", None)
        b.error(f"invalid YAML: {getattr(err, 'problem', None) or err}",
                1 if mark is None else mark.line + 1, hint="fix the YAML syntax")
        return {}, []
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        b.error("a YAML lexicon must be a mapping with 'name', 'version' and 'entries'",
                1 if root is None else root.start_mark.line + 1)
        return {}, []

    def value(node: yaml.Node) -> Any:
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as err:
            # yaml raises ValueError for timestamps that are no dates, TypeError for odd tags
            raise _BadValue(node, err) from None

    def line_of(node: yaml.Node) -> int:
        return node.start_mark.line + 1

    def text(node: yaml.Node) -> Any:
        """A text field (pattern, category, notes, key) as written.

        YAML 1.1 reads the plain scalars ``no``, ``off``, ``yes``, ``1_000`` and ``12:30``
        as false, true and numbers; a pattern is text, so a plain scalar (style None, or
        "" from libyaml) keeps its written text.  An empty value or ``~`` stays null.
        """
        if (isinstance(node, yaml.ScalarNode) and not node.style
                and node.tag not in (_YAML_STR, _YAML_NULL)):
            return node.value
        return value(node)

    def unique(node: yaml.MappingNode, where: str):
        """``(key, key node, value node)`` of a mapping; a repeated key is reported and skipped
        (PyYAML would keep the last value and drop the first without a word)."""
        first: dict[str, int] = {}
        for key_node, val_node in node.value:
            key = str(text(key_node))
            if key in first:
                b.error(f"duplicate key {key!r}{where} (first at line {first[key]})",
                        line_of(key_node), hint="merge the two blocks into one, or rename one")
                continue
            first[key] = line_of(key_node)
            yield key, key_node, val_node

    meta: dict[str, Any] = {"name": stem}
    categories: dict[str, LexiconCategory] = {}
    entries_node = None
    for key, key_node, val_node in unique(root, ""):
        if key not in _YAML_KEYS:
            b.error(f"unknown key {key!r}", line_of(key_node),
                    hint=f"allowed keys: {', '.join(sorted(_YAML_KEYS))}")
        elif key in _METADATA_KEYS:
            b.meta_lines[key] = line_of(key_node)
            raw = value(val_node) if key == "version" else text(val_node)
            if key == "version" and not isinstance(raw, str):
                b.error(f"version {raw!r} is not text", line_of(val_node), hint=(
                    'quote it, as in version: "1.10" (unquoted 1.10 reads as the number 1.1)'))
            meta[key] = "" if raw is None else str(raw)
        elif key == "categories":
            categories = _yaml_categories(val_node, value, text, unique, line_of, b)
        else:
            entries_node = val_node
    if entries_node is None:
        b.error("missing 'entries'", 1, hint="add an 'entries' list or mapping")
        return meta, list(categories.values())

    def add(item: yaml.Node, category: str | None) -> None:
        try:
            add_entry(item, category)
        except _BadValue as err:
            b.error(f"invalid YAML value: {err}", line_of(err.node),
                    hint="quote the value to make it text, or correct it")

    def add_entry(item: yaml.Node, category: str | None) -> None:
        if isinstance(item, yaml.MappingNode):
            fields = {key: v for key, _, v in unique(item, " in an entry")}
            unknown = set(fields) - {"pattern", "category", "weight", "notes"}
            if unknown:
                b.error(f"unknown entry key(s) {sorted(unknown)}", line_of(item),
                        hint="entry keys: pattern, category, weight, notes")
                return
            if "pattern" not in fields:
                b.error("entry without 'pattern'", line_of(item), hint="add pattern: ...")
                return
            pattern = text(fields["pattern"])
            cat = text(fields["category"]) if "category" in fields else category
        elif isinstance(item, yaml.ScalarNode):
            fields, pattern, cat = {}, text(item), category
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
        notes = text(fields["notes"]) if "notes" in fields else ""
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
                add(item, str(text(cat_node)))
    else:
        b.error("'entries' must be a list or a mapping of category -> list",
                line_of(entries_node))
    return meta, list(categories.values())


def _yaml_categories(node, value, text, unique, line_of,
                     b: _Builder) -> dict[str, LexiconCategory]:
    out: dict[str, LexiconCategory] = {}
    if not isinstance(node, yaml.MappingNode):
        b.error("'categories' must be a mapping of name -> {weight, description}", line_of(node))
        return out
    for name, key_node, val_node in unique(node, " under 'categories'"):
        try:
            if isinstance(val_node, yaml.MappingNode):
                spec = {k: (text(v) if k == "description" else value(v))
                        for k, _, v in unique(val_node, f" in category {name!r}")}
            else:
                spec = value(val_node) or {}
        except _BadValue as err:
            b.error(f"invalid YAML value: {err}", line_of(err.node),
                    hint="quote the value to make it text, or correct it")
            continue
        if not isinstance(spec, dict) or set(spec) - {"weight", "description"}:
            b.error(f"category {name!r} must be a mapping with 'weight' and/or "
                    "'description'", line_of(val_node))
            continue
        try:
            out[name] = LexiconCategory(name, spec.get("weight", DEFAULT_WEIGHT),
                                        str(spec.get("description") or ""))
        except LexiconError as err:
            b.error(err, line_of(key_node))
    return out


def _leading_metadata(lines: list[str], meta: dict[str, Any], b: _Builder,
                      keys: tuple[str, ...] = _METADATA_KEYS) -> int:
    """Read ``# key: value`` lines at the top; return the index of the first other line.

    Only ``keys`` are metadata; other ``#`` lines (``# category:`` outside a word list)
    are comments.
    """
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        m = _META_COMMENT_RE.match(lines[i].strip())
        if m and m.group(1) in keys:
            meta[m.group(1)] = m.group(2)
            b.meta_lines[m.group(1)] = i + 1
        i += 1
    return i


def _read_csv(text: str, b: _Builder, stem: str, delimiter: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": stem, "version": UNVERSIONED}
    lines = text.splitlines(keepends=True)
    skip = _leading_metadata(lines, meta, b)
    tsv = delimiter == "\t"
    # TSV has no quoting (IANA text/tab-separated-values): '"' is text, as in '6" gun'
    reader = csv.reader(io.StringIO("".join(lines[skip:])), delimiter=delimiter, strict=True,
                        quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL)
    done = 0  # lines of the table read by complete rows (the header included)
    try:
        header = next(reader, None)
        if header is None:
            b.error("no header row", skip + 1, hint=f"first row: {delimiter.join(_CSV_COLUMNS)}")
            return meta
        columns = [h.strip().lower() for h in header]
        missing = {"pattern", "category"} - set(columns)
        unknown = set(columns) - set(_CSV_COLUMNS)
        twice = sorted({c for c in columns if columns.count(c) > 1})
        if missing or unknown or twice:
            b.error(f"bad header {header!r}" + (f": missing {sorted(missing)}" if missing else "")
                    + (f": unknown {sorted(unknown)}" if unknown else "")
                    + "".join(f": column {c!r} appears twice" for c in twice), skip + 1,
                    hint=f"columns: {', '.join(_CSV_COLUMNS)} (weight and notes optional), "
                         "each once")
            return meta
        done = reader.line_num
        for row in reader:
            line = skip + done + 1  # where the row starts (a quoted field may span lines)
            done = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                b.error(f"expected {len(columns)} fields, found {len(row)}", line,
                        hint="a TSV field cannot contain a tab" if tsv
                        else "quote fields that contain the delimiter")
                continue
            rec = dict(zip(columns, row, strict=True))
            weight = rec.get("weight", "").strip() or DEFAULT_WEIGHT
            b.add_line(rec["pattern"], [(rec["category"], weight, rec.get("notes", ""))], line)
    except csv.Error as err:
        line = skip + done + 1  # the row being read starts after the last complete one
        if "unexpected end of data" in str(err):
            b.error(f"invalid CSV: a quote opened in the row at line {line} is never closed "
                    "(the rest of the file was read into that field)", line,
                    hint='close the quote, or double a quote inside a quoted field ("")')
        else:
            b.error(f"invalid CSV in the row at line {line}: {err}", line,
                    hint='quote a field that holds a quote, and double the quote inside ("")')
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
    declared: dict[str, dict[str, int]] = {"id": {}, "name": {}}  # -> line that declared it
    for i in range(percent[0] + 1, percent[1]):
        raw = lines[i].strip()
        if not raw:
            continue
        # 'id<TAB>name' (further tab fields ignored), or 'id name' with spaces; a name of
        # several words ('Positive Emotion') is kept whole, its spaces turned into '_'
        fields = ([f for f in raw.split("\t") if f.strip()] if "\t" in raw
                  else raw.split(None, 1))
        code = fields[0].strip()
        name = "_".join(fields[1].split()) if len(fields) > 1 else ""
        if not code.isdigit() or not name:
            b.error(f"bad category line {lines[i]!r}", i + 1, hint="write 'id<TAB>name'")
            continue
        key = str(int(code))
        for what, value in (("id", key), ("name", name)):
            if value in declared[what]:
                b.error(f"category {what} {value!r} is declared twice (first at line "
                        f"{declared[what][value]})", i + 1,
                        hint="give each category its own id and its own name")
                break
        else:
            declared["id"][key] = declared["name"][name] = i + 1
            ids[key] = name
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
    start = _leading_metadata(lines, meta, b, (*_METADATA_KEYS, "category"))
    written = meta.pop("category", None)
    cat = category or written or stem
    try:  # checked once for the file, not once per line
        _check_category(cat)
    except LexiconError as err:
        if category:
            where, line, fix = "the category given", 1, "pass another category="
        elif written:
            where, line, fix = "the '# category:' line", b.meta_lines["category"], "correct it"
        else:
            where, line, fix = (f"the file name ({stem!r})", 1,
                                "add a line '# category: NAME' at the top, pass category=NAME "
                                "(framing lexicon check/show --category NAME), or rename the file")
        b.error(f"{err.message}, which comes from {where}", line,
                hint=f"{fix}; a category is letters, digits, '_' or '-', starting with a letter")
        return meta
    for i in range(start, len(lines)):
        # '#' at the start of a line or after whitespace starts a comment, as in YAML
        s = _INLINE_COMMENT_RE.sub("", lines[i]).strip()
        if s and not s.startswith("#"):
            b.add_line(s, [(cat, DEFAULT_WEIGHT, "")], i + 1)
    return meta


def format_of(path: Path, fmt: LexiconFormat | None) -> LexiconFormat:
    """The format named by ``fmt``, else the one implied by the extension of ``path``."""
    if fmt is not None:
        if fmt not in ("yaml", "csv", "tsv", "dic", "wordlist"):
            raise LexiconError(f"unknown lexicon format {fmt!r}", path=path, field="format",
                               hint="use yaml, csv, tsv, dic or wordlist")
        return fmt
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise LexiconError(f"cannot tell the lexicon format from the extension {path.suffix!r}",
                           path=path, hint=f"use one of {', '.join(sorted(EXTENSIONS))}")
    return found


def parse_text(text: str, path: str, stem: str, fmt: LexiconFormat, category: str | None,
               strict: bool) -> tuple[Lexicon | None, list[LexiconError]]:
    """Parse lexicon file content; return ``(lexicon or None, every problem found)``.

    With ``strict=True`` the first problem is raised as :class:`LexiconError` instead.
    ``path`` names the file in errors; ``stem`` is the default lexicon name.
    """
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
    meta.setdefault("name", stem)  # an empty or non-mapping YAML file gives no metadata
    meta.setdefault("version", "")
    lexicon = b.finish(meta, categories, strict)
    return lexicon, b.errors
