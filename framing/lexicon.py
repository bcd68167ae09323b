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
    One pattern per line, ``#`` at the start of a line or after whitespace starts
    a comment (``regime  # political sense``); the category is a parameter, else
    a leading ``# category: NAME`` line, else the file stem.  Leading
    ``# key: value`` lines set metadata.

Patterns are case-insensitive literal text: single words, multi-word phrases, and
``*`` at the end of a word (``imperialis*``) for "any word characters".  Regex
metacharacters (``U.S.``, ``C++``) are plain text.  Entries of the category
``exclude`` list neutral senses ("tax regime") that block shorter entries in the
matcher without producing hits.  Weights run from 0 to 1.  Errors name the file and
line (:class:`~framing.errors.LexiconError`).  The readers live in
:mod:`framing.lexicon_formats`.  See ``docs/lexicon.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from framing.clean import normalize_unicode
from framing.errors import LexiconError, MissingFileError, closest_name, did_you_mean

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
    "lexicon_not_found",
    "read_lexicon",
    "check_lexicon",
    "list_builtin_lexicons",
    "builtin_lexicon_file",
    "as_lexicons",
    "exclusions_only_note",
]

LexiconFormat = Literal["yaml", "csv", "tsv", "dic", "wordlist"]

logger = logging.getLogger("framing.lexicon")

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

_METADATA_KEYS = ("name", "version", "licence", "source", "description")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
_SPACE_RE = re.compile(r"\s+")
_WORD_CHAR_RE = re.compile(r"\w")
_BAD_WILDCARD_RE = re.compile(r"(?<!\w)\*|\*(?! |$)")
_CATEGORY_RE = re.compile(r"^[A-Za-z][\w\-]*$")


def normalize_pattern(pattern: str) -> str:
    """Return the canonical form of a pattern, or raise :class:`LexiconError`.

    Applies the Unicode cleaning of corpus texts (:func:`framing.clean.normalize_unicode`:
    NFC, soft hyphens and zero-width characters removed, exotic spaces made plain),
    so that a pattern copied in decomposed form (``nai\u0308ve``, as macOS tools and
    PDF copies give it) or with a soft hyphen from a web page matches the cleaned
    text; then lower-cases, maps curly apostrophes to ``'``, trims and collapses
    whitespace, and checks that the pattern has a word character and that every
    ``*`` ends a word (follows a word character and precedes a space or the end).

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
    # "İ".lower() is "i" + a combining dot, which the matcher's one-character lower-casing
    # of the text never produces: "İstanbul" would match nothing
    norm = normalize_unicode(pattern).translate(_APOSTROPHES).replace("\u0130", "i").lower()
    norm = _SPACE_RE.sub(" ", norm).strip()
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
                                   path=self.path, field="entries",
                                   hint="build entries with LexiconEntry(pattern, category, weight)")
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

    def canonical_entries(self) -> list[LexiconEntry]:
        """The entries sorted by ``(pattern, category, weight, notes)``: the order
        :attr:`sha256` hashes and the matcher breaks ties in, so two files with the
        same entries in another order give the same hash and the same hits."""
        return sorted(self.entries, key=lambda e: (e.pattern, e.category, float(e.weight), e.notes))

    def canonical_json(self) -> str:
        """The canonical JSON text hashed by :attr:`sha256`."""
        doc = {"hash_format": HASH_FORMAT}
        doc.update({key: getattr(self, key) for key in _METADATA_KEYS})
        doc["entries"] = [[e.pattern, e.category, float(e.weight), e.notes]
                          for e in self.canonical_entries()]
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
        Category of every entry of a plain word list (default: the list's
        ``# category: NAME`` line, else the file stem).

    Returns
    -------
    Lexicon
    """
    path = Path(path)
    from framing.lexicon_formats import format_of, parse_text

    fmt = format_of(path, format)
    lexicon, _ = parse_text(_read_text(path), str(path), path.stem, fmt, category, strict=True)
    return lexicon  # type: ignore[return-value]  # strict mode raises instead of None


def check_lexicon(path: str | Path, *, format: LexiconFormat | None = None,
                  category: str | None = None) -> tuple[Lexicon | None, list[LexiconError]]:
    """Validate a lexicon file and return ``(lexicon or None, every problem found)``.

    A path that does not exist raises :class:`MissingFileError` (:func:`lexicon_not_found`).
    """
    from framing.lexicon_formats import format_of, parse_text

    path = Path(path)
    if not path.exists():  # "not found", not a format problem of a name without extension
        raise lexicon_not_found(str(path), field="file")
    try:
        fmt = format_of(path, format)
        text = _read_text(path)
    except LexiconError as err:
        return None, [err]
    return parse_text(text, str(path), path.stem, fmt, category, strict=False)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingFileError("lexicon file not found", path=path,
                               hint="check the path, or use a built-in name: "
                                    + ", ".join(BUILTIN_LEXICONS)) from None
    except OSError as err:
        raise MissingFileError(f"cannot read lexicon file: {err.strerror}", path=path,
                               hint="check that the path is a readable file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LexiconError(f"not UTF-8 text ({err.reason} at byte {err.start})", path=path,
                           line=line, hint="save the file as UTF-8") from None
    # the universal newlines of Path.read_text: line numbers count \r\n and \r as one break
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def builtin_lexicon_file(name: str) -> Path:
    """The installed file of the built-in lexicon ``name`` (a key of ``BUILTIN_LEXICONS``),
    to check, copy or extend."""
    return Path(str(resources.files("framing.data").joinpath(BUILTIN_LEXICONS[name])))


@cache
def _load_builtin(name: str) -> Lexicon:
    from framing.lexicon_formats import parse_text

    text = builtin_lexicon_file(name).read_text("utf-8")
    lexicon, _ = parse_text(text, f"framing/data/{BUILTIN_LEXICONS[name]}",
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
        A built-in name (``"loaded_language"``, optionally ``"loaded_language@1.1"``),
        a path to a ``.yaml``/``.yml``, ``.csv``, ``.tsv``, ``.dic`` or ``.txt`` file,
        or a :class:`Lexicon` (returned as it is).  A built-in name always means the
        built-in lexicon, whatever files or folders of that name exist, unless
        ``format`` is given and a file of that name exists.
    format : {"yaml", "csv", "tsv", "dic", "wordlist"}, optional
        Override the format implied by the file extension.
    category : str, optional
        Category for plain word lists (default: the list's ``# category: NAME``
        line, else the file stem).

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        Invalid file (names file and line), or a built-in name with another version.
    MissingFileError
        Neither a built-in name nor an existing path (:func:`lexicon_not_found`).
    """
    if isinstance(source, Lexicon):
        return source
    if not isinstance(source, (str, Path)):
        raise LexiconError(f"cannot load a lexicon from {type(source).__name__}", field="lexicon",
                           hint="give a built-in name, a path or a Lexicon")
    text = str(source)
    name, _, version = text.partition("@")
    # a built-in name means the built-in, even when a folder or a file without a lexicon
    # extension has that name in the working directory (an output folder named after
    # it); an extension-less file is read only when its format is given
    if name in BUILTIN_LEXICONS and not (format is not None and Path(text).is_file()):
        lexicon = _load_builtin(name)
        if version and version != lexicon.version:
            raise LexiconError(f"built-in lexicon {name!r} is version {lexicon.version}, "
                               f"not {version}", field="lexicon",
                               hint=f"use {lexicon.id!r} or just {name!r}")
        return lexicon
    path = Path(source)
    if not path.exists():
        raise lexicon_not_found(text)
    return read_lexicon(path, format=format, category=category)


def lexicon_not_found(text: str, field: str = "lexicon") -> MissingFileError:
    """The error for a lexicon name that is neither a built-in nor an existing file.

    It lists the built-in names and offers the closest one ("did you mean"),
    compared with the whole name and with the file stem (``loaded_languag.yaml``
    -> ``loaded_language``).  A :class:`MissingFileError`: exit code 2, as for
    every usage error.
    """
    names = list_builtin_lexicons()
    stem = Path(text.partition("@")[0]).stem
    mean = did_you_mean(closest_name(text, names) or closest_name(stem, names))
    return MissingFileError(
        f"lexicon {text!r} not found: neither a built-in lexicon nor an existing file{mean}",
        field=field, hint="built-in lexicons: " + ", ".join(names)
                          + "; or give the path of a lexicon file (.yaml, .csv, .tsv, .dic, .txt)")


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
    for lex in lexicons:
        note = exclusions_only_note(lex)
        if note:
            logger.warning("%s", note)
    return lexicons


def exclusions_only_note(lexicon: Lexicon) -> str | None:
    """Why a lexicon of ``exclude`` entries only changes no result, or None for other lexicons.

    Exclusions block shorter entries of their own lexicon only (lexicons are matched
    independently), so a separate list of neutral senses ("brutal honesty") added
    next to ``loaded_language`` removes none of its hits.
    """
    if not lexicon.entries or any(e.category != EXCLUDE_CATEGORY for e in lexicon.entries):
        return None
    return (f"lexicon {lexicon.id} has only '{EXCLUDE_CATEGORY}' entries: an exclusion blocks "
            "shorter entries of its own lexicon only, so it changes no hit of another lexicon; "
            "add the exclusions to a copy of that lexicon's file (for the built-in: framing "
            "lexicon show loaded_language prints its path) and use the copy instead")
