"""Article headers in plain-text files, and dates in the forms news text uses.

Two header styles are recognised at the top of a ``.txt`` file:

* YAML front matter between ``---`` lines, with keys ``title``, ``author``
  (or ``authors``), ``date``, ``url``, ``outlet`` and ``id``, read as written (no
  YAML 1.1 booleans or octal numbers: ``no``, ``on``, ``0012`` stay text).  A block naming
  none of these keys is not front matter: it stays in the article text, with a
  problem reported.  Other keys of front matter are reported as not used.
* A block of labelled lines, ``Title: ...``, ``Date: ...``, ``Author: ...``
  (the same keys as front matter, any case), one per line, ended by a blank
  line: the form many archives and hand-made corpora export.  Every line of the
  block must be ``Key: value`` and one key at least must be known; other keys are
  named in ``info`` as not used.
* A plain block like the seed article: a title line, then an author line and/or
  a date line, each on its own line, before the first paragraph of prose.  The
  block is taken as a header when its first line reads as a title (at most
  :data:`TITLE_MAX_WORDS` words, no final period) and either an author or a date
  line follows, or the title stands alone before a blank line.  A line standing
  alone is weaker evidence: it is taken as a title only if it does not end as a
  sentence or a quotation does (``.``, ``!``, ``?`` or ``…``, then any closing
  quotes or brackets; or a closing quote in a line that opens with a quote), since
  a short opening paragraph looks just like it; except a question or exclamation
  in title case or capitals ("Who Will Pay for the Transition?"), which a lede is
  not written in.  Keeping a real headline in the body costs less than losing a
  lede, so a sentence-case question headline stays in the body.

Dates: ISO (``2024-04-04``, ``2024-04-04T10:30:00Z``), ``4 April 2024``,
``April 4, 2024``, abbreviated months with or without a period, an optional
weekday (``Thursday, 4 April 2024``) and ``Published``/``Updated`` prefixes.
Numeric day/month forms such as ``04/05/2024`` are ambiguous and are parsed only
when the day is above 12 or the year comes first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import yaml

from framing.packaged import plain_string_resolvers

__all__ = ["Header", "parse_date", "parse_dates", "split_header"]

#: A title line has at most this many words (news headlines rarely exceed 25).
TITLE_MAX_WORDS = 30
#: An author line has at most this many words ("By Jane Q. Public and John Roe").
AUTHOR_MAX_WORDS = 10
#: Lines of a plain header block looked at before the body starts.
HEADER_MAX_LINES = 5
#: A lone line ending in "?" or "!" is a title only in title case and with at least
#: this many words: "Why Now?" could as well open the article.
TITLE_CASE_MIN_WORDS = 3
#: Words that title case leaves in lower case (articles, short conjunctions and
#: prepositions, as the AP and Chicago styles do).
TITLE_CASE_MINOR_WORDS = frozenset({
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in",
    "of", "off", "on", "per", "to", "up", "via", "vs", "vs.", "with", "from", "into", "onto",
    "over", "than", "upon",
})
# closing quotes and brackets after the final punctuation of a line
_CLOSERS = "\"'”’»)]"
#: Keys of YAML front matter that become document fields (``authors`` becomes ``author``).
FRONT_MATTER_KEYS = frozenset({"title", "author", "authors", "date", "url", "outlet", "id"})

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PREFIX = r"^(?:(?:published|updated|posted|date)\s*(?:on)?\s*:?\s*)?(?:[A-Za-z]{3,9}\.?,?\s+)??"
_DATE_PATTERNS = [
    re.compile(_PREFIX + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    re.compile(_PREFIX + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
]
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
# what YAML 1.1 reads as a timestamp (front matter dates were, before keys and values
# were read as written): a space before the UTC offset, an offset of hours only
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_YAML_TIMESTAMP_RE = next(pattern for tag, pattern in yaml.SafeLoader.yaml_implicit_resolvers["2"]
                          if tag == _TIMESTAMP_TAG)
_YAML_TIMESTAMPS = yaml.constructor.SafeConstructor()
_YMD_RE = re.compile(r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})$")
_DMY_RE = re.compile(r"^(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})$")
_AUTHOR_RE = re.compile(r"^(?:by\s+)?[A-ZÀ-Ý][\w.'’-]*(?:[\s,]+(?:and\s+|&\s+)?[A-ZÀ-Ý][\w.'’-]*)*$")
# how a sentence or a quotation ends: final punctuation, then closing quotes or brackets;
# a bare closing quote only in a line that opens with a quote ("“Not now,” he said, “no”"):
# a headline may end in a quoted word ("Putin calls the West 'imperialist'")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$|^[\"'“‘«„].*[\"'”’»][)\]]*$")
_KEY_LINE_RE = re.compile(r"^\s*([A-Za-z_]+)\s*:")
# a labelled header line: "Title: ...", "Date: 2024-04-01", "Published date: ...",
# "Editor's note: ...", "Author:" (an empty value); a key of 1-3 words of letters,
# apostrophes, hyphens and underscores
_LABEL_WORD = r"[A-Za-z][A-Za-z_'’-]{0,29}"
_LABEL_RE = re.compile(rf"^\s*({_LABEL_WORD}(?:[ \t]+{_LABEL_WORD}){{0,2}})[ \t]*:(?:[ \t]+(.*?)|)\s*$")
# how a metadata key is written (front matter of static-site generators): "slug", "og_title"
_FIELD_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def parse_date(value: object) -> pd.Timestamp | None:
    """Parse a date written in one of the forms news text uses.

    Parameters
    ----------
    value : object
        A string, ``datetime``/``date``, ``pandas.Timestamp`` or ``None``.

    Returns
    -------
    pandas.Timestamp or None
        A timezone-naive timestamp (UTC for ISO datetimes with an offset, also
        written as YAML timestamps are: ``2024-04-04 10:30:00 +02:00``), or
        ``None`` if ``value`` is empty or not understood.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return _naive_us(pd.Timestamp(value))
    return _read_date(str(value).strip())[1]


def parse_dates(texts: Sequence[str]) -> np.ndarray:
    """:func:`parse_date` of many strings, with one vectorised parse of the ISO ones.

    Parameters
    ----------
    texts : sequence of str

    Returns
    -------
    numpy.ndarray of datetime64[us]
        What :func:`parse_date` gives for each string, NaT where it gives
        ``None``.  ISO strings (most of a real column) are read by one
        ``pandas.to_datetime(..., format="ISO8601", utc=True)`` call; the others,
        and ISO strings it cannot read, one by one; each distinct string once.
        (100,000 strings: about 0.3 s when all are distinct ISO dates and times,
        half the time of :func:`parse_date` on each.)
    """
    codes, uniques = pd.factorize(pd.Series([t.strip() for t in texts], dtype=object))
    stripped = list(uniques)  # each distinct string parsed once (dates repeat in a corpus)
    out = np.full(len(stripped), np.datetime64("NaT", "us"), dtype="datetime64[us]")
    iso = np.array([bool(_ISO_RE.match(t)) for t in stripped], dtype=bool)
    if iso.any():
        fast = pd.to_datetime(pd.Series([t for t, ok in zip(stripped, iso, strict=True) if ok],
                                        dtype=object),
                              format="ISO8601", utc=True, errors="coerce")
        out[iso] = fast.dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    for i in np.flatnonzero(np.isnat(out)):  # not ISO, or an ISO string pandas did not read
        ts = _read_date(stripped[i])[1]
        if ts is not None:
            out[i] = ts.asm8
    return out[codes]


def _read_date(text: str) -> tuple[bool, pd.Timestamp | None]:
    """Whether ``text`` is written as a date, and the date (``None`` when the form
    matches but the value does not exist or is ambiguous: "30 February 2024")."""
    if not text:
        return False, None
    if _ISO_RE.match(text):
        try:
            return True, _naive_us(pd.Timestamp(text))
        except ValueError:
            return True, None
    if _YAML_TIMESTAMP_RE.match(text):  # "2024-04-04 10:30:00 +02:00", "... 10:30:00 -5"
        try:
            value = _YAML_TIMESTAMPS.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP_TAG, text))
        except ValueError:  # no such date or time
            return True, None
        return True, _naive_us(pd.Timestamp(value))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m and m.group("month").lower() in _MONTHS and len(text) - m.end() < 30:
            return True, _make(m.group("year"), _MONTHS[m.group("month").lower()], m.group("day"))
    m = _YMD_RE.match(text)
    if m:
        return True, _make(m.group("year"), m.group("month"), m.group("day"))
    m = _DMY_RE.match(text)
    if m:
        if int(m.group("day")) > 12:  # otherwise day and month are ambiguous
            return True, _make(m.group("year"), m.group("month"), m.group("day"))
        return True, None
    return False, None


def _naive_us(ts: pd.Timestamp) -> pd.Timestamp:
    """Timezone-naive, microsecond resolution: a column mixing a nanosecond timestamp
    with a date beyond 2262 would not fit the nanosecond range."""
    ts = ts.tz_convert(None) if ts.tzinfo is not None else ts
    return ts.as_unit("us") if ts.unit == "ns" else ts


def _make(year: object, month: object, day: object) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(dt.date(int(year), int(month), int(day)))
    except ValueError:
        return None


@dataclass
class Header:
    """Metadata found at the top of a text file, and the body that follows.

    ``problems`` lists header lines that looked like metadata but could not be
    used (invalid front matter, a ``---`` block kept as text), as ``(line,
    message)``; ``info`` lists what was read but not used (front matter keys
    framing has no field for), which strict mode does not count as a problem.  A date
    line written as a date whose value does not exist (``30 February 2024``) or
    is ambiguous (``04/05/2024``) is kept as the raw string in ``meta["date"]``.
    """

    meta: dict[str, object] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[tuple[int, str]] = field(default_factory=list)
    info: list[tuple[int, str]] = field(default_factory=list)


def _is_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= TITLE_MAX_WORDS and line[-1] not in ".,;:"


def _is_title_case_call(line: str) -> bool:
    """A question or exclamation written in title case or capitals ("Who Will Pay for
    the Transition?", "ENOUGH IS ENOUGH!"), as headlines are and a one-line lede ("Who
    will pay?") is not: at least :data:`TITLE_CASE_MIN_WORDS` words, and every word but
    the short ones of :data:`TITLE_CASE_MINOR_WORDS` starts with a capital or a digit."""
    if line.rstrip(_CLOSERS)[-1:] not in ("?", "!"):
        return False
    words = [w.strip(_CLOSERS + "“‘«„(") for w in line.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    return len(words) >= TITLE_CASE_MIN_WORDS and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_CASE_MINOR_WORDS for w in words)


def _is_author(line: str) -> bool:
    return len(line.split()) <= AUTHOR_MAX_WORDS and bool(_AUTHOR_RE.match(line)) and not any(
        c.isdigit() for c in line
    )


def _front_matter(text: str) -> Header | None:
    """Front matter at the top of ``text``, or ``None`` when there is none.

    A block between ``---`` lines is front matter if it is a mapping that names a
    key of :data:`FRONT_MATTER_KEYS` or whose keys are all lower-case identifiers
    (``slug``, ``tags``, ``published``) with no value written as a sentence
    (``update: police have named the victim.``); otherwise (prose such as ``Paris: the
    minister said ...``, a list, a lone line) it is article text and stays in the
    body, with a problem saying so.  Keys of front matter that are not used are
    named in ``info``, so no line of the file vanishes without a trace.
    """
    m = _FRONT_MATTER_RE.match(text)
    if m is None:
        return None
    block = m.group(1)
    first = text[: m.start(1)].count("\n") + 1  # file line of the block's first line
    header = Header(body=text[m.end():], body_line=text[: m.end()].count("\n") + 1)
    try:
        data = yaml.load(block, Loader=_AsWritten)  # a SafeLoader: builds no objects
    except (yaml.YAMLError, ValueError, RecursionError) as err:
        # ValueError: a value with an explicit tag that does not hold (!!int x);
        # RecursionError: deep nesting
        if not any(key in FRONT_MATTER_KEYS for _, key in _key_names(block, first)):
            return _not_front_matter(text)
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + first) if mark is not None else 1
        message = str(err) if isinstance(err, yaml.YAMLError) else f"{type(err).__name__}: {err}"
        header.problems.append((line, f"front matter is not valid YAML: {message}"))
        return header
    if not _is_metadata(data):
        return _not_front_matter(text)
    unused = []
    for key, value in data.items():
        key = str(key).lower()
        if key == "authors":
            key = "author"
            value = ", ".join(map(str, value)) if isinstance(value, list) else value
        if key not in FRONT_MATTER_KEYS:
            unused.append(str(key))
        elif value is not None:
            header.meta[key] = value if key == "date" else str(value)
    if unused:
        line = next((n for n, name in _key_names(block, first) if name == unused[0]), first)
        header.info.append((line, _not_used("front matter key(s)", unused)))
    return header


def _not_used(what: str, keys: list[str]) -> str:
    """The ``info`` note on metadata keys framing has no field for."""
    return (f"{what} {', '.join(repr(k) for k in keys)} not used (known: "
            f"{', '.join(sorted(FRONT_MATTER_KEYS - {'authors'}))}); rename a key that holds "
            "one of these fields, other keys are not read")


def _labelled(text: str) -> Header | None:
    """A block of ``Key: value`` lines at the top of ``text`` naming a key of
    :data:`FRONT_MATTER_KEYS` (``Title: ...``, ``Date: ...``), or ``None``.

    The block is the run of ``Key: value`` lines from the first non-blank line
    (keys of 1-3 words; an empty value, ``Author:``, is allowed and ignored), and
    it ends right after the *last* line whose key is known, in any case.  Later
    lines are body, label-like or not (a transcript's ``Q:`` / ``A:`` lines, the
    first paragraph when no blank line follows the block), except label lines
    that are metadata: a run of them up to a blank line (or the end) with no value
    written as a sentence (``Keywords: x``, ``Tags: war``, ``Editor's note:
    updated``) stays in the block, so tags are not read as the author's words.
    One blank line after the block is skipped.  A key of several words
    whose last word is known (``Published date``) gives that field when no line
    names it exactly.  Unknown keys inside the block are named in ``info``.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    pairs: list[tuple[int, str, str]] = []  # (file line, key, value)
    for line in lines[start:]:
        m = _LABEL_RE.match(line) if line.strip() else None
        if m is None:
            break
        key = " ".join(m.group(1).lower().split())
        pairs.append((start + len(pairs) + 1, key, (m.group(2) or "").strip()))
    known = [k for k, (_, key, _) in enumerate(pairs) if _known_key(key) is not None]
    if not known:
        return None
    # label lines after the last known key stay in the block only as metadata
    # ("Keywords: x", "Tags: war"): when a blank line (or the end) follows them and no
    # value reads as a sentence; otherwise they are body ("Q: Will Russia attack?")
    after = start + len(pairs)
    trailing = pairs[known[-1] + 1:]
    if trailing and not ((after == len(lines) or not lines[after].strip())
                         and not any(_SENTENCE_END_RE.search(v) for _, _, v in trailing)):
        pairs = pairs[: known[-1] + 1]
    end = start + len(pairs)  # index of the first line after the block
    if end < len(lines) and not lines[end].strip():
        end += 1
    header = Header(body="\n".join(lines[end:]), body_line=end + 1)
    exact = {key for _, key, _ in pairs}
    unused = []
    for line, key, value in pairs:
        field = _known_key(key)
        if field is None:
            unused.append((line, key))
            continue
        if not value or field in header.meta or (key != field and field in exact):
            continue  # an empty value; a field given before, or by its exact key
        if field == "date":
            date = parse_date(value)
            header.meta["date"] = value if date is None else date  # the raw date is warned about
        else:
            header.meta[field] = value
    if unused:
        header.info.append((unused[0][0], _not_used("header line(s)", [k for _, k in unused])))
    return header


def _known_key(key: str) -> str | None:
    """The document field a labelled header key names (``authors`` and ``published
    date`` too), or None."""
    last = key.rsplit(" ", 1)[-1]
    if last not in FRONT_MATTER_KEYS:
        return None
    return "author" if last == "authors" else last


class _AsWritten(yaml.SafeLoader):
    """YAML's safe loader that reads plain scalars as strings, as written: YAML 1.1
    would make ``no:`` the key False and ``yes``/``on``/``off`` booleans (a key
    ``no`` became 'false'), read ``0012`` as the octal number 10 and ``1:30`` as 90.
    Only an empty value (``~``, ``null``) still means none; dates are read from
    their text by :func:`parse_date`."""


_AsWritten.yaml_implicit_resolvers = plain_string_resolvers(yaml.SafeLoader)


def _key_names(block: str, first: int) -> list[tuple[int, str]]:
    """``(file line, lower-case key)`` of each line of a front matter block that starts a
    key; the block's first line is line ``first`` of the file."""
    found = []
    for number, line in enumerate(block.split("\n"), start=first):
        m = _KEY_LINE_RE.match(line)
        if m:
            found.append((number, m.group(1).lower()))
    return found


def _is_metadata(data: object) -> bool:
    """Whether parsed YAML is front matter: a mapping that names a known key, or whose
    keys are all lower-case field names with no value written as a sentence."""
    if not isinstance(data, dict) or not data:
        return False
    return (any(str(k).lower() in FRONT_MATTER_KEYS for k in data)
            or all(isinstance(k, str) and _FIELD_NAME_RE.match(k) and not _is_sentence(v)
                   for k, v in data.items()))


def _is_sentence(value: object) -> bool:
    """A value written as prose ("update: police have named the victim."), which
    metadata values are not: such a block is article text."""
    return isinstance(value, str) and len(value.split()) >= 4 and bool(_SENTENCE_END_RE.search(value))


def _not_front_matter(text: str) -> Header:
    return Header(body=text, problems=[(1, (
        "the block between '---' lines at the top names none of the front matter keys "
        f"({', '.join(sorted(FRONT_MATTER_KEYS))}), so it was kept as article text; "
        "if it is metadata, use these keys"))])


def split_header(text: str) -> Header:
    """Split a plain-text article into its header metadata and its body.

    Parameters
    ----------
    text : str
        The decoded file content.

    Returns
    -------
    Header
        ``meta`` may hold ``title``, ``author``, ``date`` (a Timestamp, or the raw
        string if it could not be parsed), ``url``, ``outlet``, ``id``.
    """
    front = _front_matter(text)
    if front is not None:
        return front
    labelled = _labelled(text)
    if labelled is not None:
        return labelled
    lines = text.split("\n")
    candidates: list[tuple[int, str]] = []  # (line index, stripped line) before the body
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if len(candidates) == HEADER_MAX_LINES or not (_is_title(line) or _read_date(line)[0]):
            break
        candidates.append((i, line))
    if not candidates:
        return Header(body=text)
    header = Header()
    (title_index, title), rest = candidates[0], candidates[1:]
    if _read_date(title)[0]:
        return Header(body=text)
    last = title_index
    for index, line in rest:
        is_date, date = _read_date(line)
        if is_date and "date" not in header.meta:
            # a date line whose value does not exist ("30 February 2024") is still the
            # date line: kept as written, so the manifest warning can name it
            header.meta["date"] = line if date is None else date
        elif _is_author(line) and "author" not in header.meta:
            author = re.sub(r"^by\s+", "", line, flags=re.I)
            header.meta["author"] = author
        else:
            break
        last = index
    # a lone line could be a one-sentence lede: only a line that does not end as a
    # sentence or a quotation, or a question or exclamation in title case, is taken
    # as a title without a byline or date after it
    title_alone = (last == title_index and title_index + 1 < len(lines)
                   and not lines[title_index + 1].strip()
                   and (not _SENTENCE_END_RE.search(title) or _is_title_case_call(title)))
    if last == title_index and not title_alone:
        return Header(body=text)
    header.meta["title"] = title
    header.body = "\n".join(lines[last + 1:])
    header.body_line = last + 2
    return header
