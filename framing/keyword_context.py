"""Keyword in context: every occurrence of a term with the words around it.

Two ways in:

* **From the hits frame** (terms already matched by a lexicon):
  ``kwic(documents, hits, term="regime")`` keeps hits whose ``entry`` or
  ``match`` equals the term (case-insensitive; a trailing ``*`` matches a
  prefix), or ``category="threat"``.  With ``mode="word"`` it also keeps the
  hits of longer entries that contain the term as a word ("Kyiv regime",
  "regime change" for ``regime``): the matcher's longest match swallows the
  shorter entry there, so ``mode="entry"`` (the default) leaves them out.
  Voice and speaker come with the hits.
* **For any term or phrase** not in a lexicon: ``kwic(documents, "bankrupt*")``
  searches the document texts.  The search follows the lexicon matcher's rules
  (:mod:`framing.matcher`): case-insensitive, regex metacharacters are literal,
  a match never starts or ends inside a word (``fascist`` does not match inside
  ``neo-fascist``), a possessive ``'s`` is absorbed, curly and straight
  apostrophes are equal, the words of a phrase may be separated by any
  whitespace but not by a paragraph break, and a trailing ``*`` on a word matches
  any word characters (``imperialis*``).  Voice and speaker come from, in order
  of precedence, ``span_voice`` (a callable), ``quotes`` (the span is inside a
  speech quotation: ``quoted`` and its speaker; inside a scare quote:
  ``scare_quote``; else ``author``) or ``sentences`` (the voice of the sentence
  containing the match: ``author``, ``quoted`` or ``mixed``).

Context is ``window`` words on each side (default :data:`DEFAULT_WINDOW`),
taken from the same paragraph only: a paragraph break in news text usually
changes speaker or topic, so context from the next paragraph would mislead.
Punctuation attached to the outermost context words is kept; whitespace is
collapsed to single spaces.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from framing.clean import normalize_unicode
from framing.display import VOICE_COLOURS, _plain, _tint
from framing.docset import require_columns
from framing.errors import InputError, ParameterError, check_whole_number
from framing.text import WORD_RE, paragraph_spans, segment

__all__ = ["KWIC_COLUMNS", "DEFAULT_WINDOW", "TermMode", "KwicFrame", "kwic", "term_pattern"]

#: Columns of the frame :func:`kwic` returns.
KWIC_COLUMNS = [
    "doc_id", "outlet", "sent_id", "left", "match", "right", "voice", "speaker",
    "category", "entry", "start", "end",
]

#: Words of context on each side.  quanteda's ``kwic`` uses 5; 8 words show a
#: whole clause on each side of a news sentence, which is what one needs to judge
#: the sense of an ambiguous term ("regime", "bankruptcy") and who is speaking.
DEFAULT_WINDOW = 8

#: Rows rendered by the Jupyter HTML view (the frame keeps them all).
HTML_MAX_ROWS = 200

#: Default width of :meth:`KwicFrame.to_text` when the terminal size is unknown.
TEXT_WIDTH = 120

_WS_RE = re.compile(r"\s+")
_PARA_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_VOICE_FILTERS = {
    "all": None,
    "author": {"author", "scare_quote"},  # as in the statistics: scare quotes are the outlet's
    "quoted": {"quoted"},
    "scare_quote": {"scare_quote"},
    "mixed": {"mixed"},
}

#: How a term selects hits: ``"entry"``, the hit's entry or matched text equals the
#: term; ``"word"``, the hit's entry or matched text contains the term as a word
#: (or phrase) by the rules of :func:`term_pattern`.
TermMode = Literal["entry", "word"]
_TERM_MODES = ("entry", "word")

SpanVoice = Callable[[str, int, int], "tuple[str | None, str | None]"]


class KwicFrame(pd.DataFrame):
    """A DataFrame of KWIC lines (columns :data:`KWIC_COLUMNS`) that renders as a
    concordance: an HTML table in Jupyter, aligned text with :meth:`to_text`."""

    @property
    def _constructor(self):
        return KwicFrame

    def _has_kwic_columns(self) -> bool:
        return {"left", "match", "right"}.issubset(self.columns)

    def _repr_html_(self) -> str | None:
        if not self._has_kwic_columns():
            return super()._repr_html_()
        return kwic_html(self)

    def to_text(self, width: int | None = None, *, max_rows: int | None = None) -> str:
        """Plain-text concordance with aligned columns and the match in the middle.

        Parameters
        ----------
        width : int, optional
            Line width in terminal columns (default: the terminal width, else
            :data:`TEXT_WIDTH`).  Columns are aligned by display width, not by
            characters: East Asian wide and full-width characters (CJK, most
            emoji) take two columns, combining marks and format characters
            (zero-width joiner) none (``unicodedata.east_asian_width``).
        max_rows : int, optional
            Show at most this many lines.

        Returns
        -------
        str
            One line per row: outlet, voice, left context (right-aligned, cut on the
            left), the match, right context (cut on the right).
        """
        if not self._has_kwic_columns():
            return self.to_string()
        if width is None:
            width = shutil.get_terminal_size((TEXT_WIDTH, 24)).columns
        frame = self if max_rows is None else self.head(max_rows)
        if frame.empty:
            return "(no matches)"
        outlets = [_plain(v) for v in frame.get("outlet", pd.Series([""] * len(frame)))]
        voices = [_plain(v) for v in frame.get("voice", pd.Series([""] * len(frame)))]
        matches = [_plain(v) for v in frame["match"]]
        ow = min(max(map(_display_width, outlets), default=0), 16)
        vw = min(max(map(_display_width, voices), default=0), 11)
        mw = min(max(map(_display_width, matches), default=0), 30)
        rest = max(width - ow - vw - mw - 6, 20)
        lw, rw = rest // 2, rest - rest // 2
        lines = []
        for out, voice, left, match, right in zip(
            outlets, voices, frame["left"], matches, frame["right"], strict=True
        ):
            left = _cut_left(_plain(left), lw)
            right = _cut(_plain(right), rw)
            lines.append(
                f"{_pad(_cut(out, ow), ow)} {_pad(_cut(voice, vw), vw)} "
                f"{_pad(left, lw, right_align=True)}  {_pad(_cut(match, mw), mw)}  {right}"
                .rstrip()
            )
        if max_rows is not None and len(self) > max_rows:
            lines.append(f"... {len(self) - max_rows} more lines")
        return "\n".join(lines)


def _char_width(char: str) -> int:
    """Terminal columns of one character: 2 for East Asian wide / full-width, 0 for
    combining marks and format characters, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _display_width(text: str) -> int:
    """Terminal columns ``text`` takes (see :func:`_char_width`); ASCII is its length."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def _cut(text: str, width: int) -> str:
    """``text`` cut on the right to at most ``width`` columns, ending in "…" if cut."""
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = _char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…" if width > 0 else ""


def _cut_left(text: str, width: int) -> str:
    """``text`` cut on the left to at most ``width`` columns, starting with "…" if cut."""
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for char in reversed(text):
        w = _char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    while out and _char_width(out[-1]) == 0:  # no combining mark without its base
        out.pop()
    return "…" + "".join(reversed(out)) if width > 0 else ""


def _pad(text: str, width: int, *, right_align: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left if ``right_align``)."""
    fill = " " * max(width - _display_width(text), 0)
    return fill + text if right_align else text + fill


def _voice_class(voice: object) -> str:
    v = _plain(voice)
    return v if v in VOICE_COLOURS else "other"


def kwic_html(frame: pd.DataFrame, max_rows: int = HTML_MAX_ROWS) -> str:
    """HTML table of KWIC lines: left context right-aligned, the match in a
    ``<mark>`` coloured by voice, everything escaped."""
    esc = html.escape
    css = "".join(
        f".framing-kwic mark.kwic-{v} {{background:{_tint(c)};}}" for v, c in VOICE_COLOURS.items()
    )
    rows = []
    for r in frame.head(max_rows).itertuples(index=False):
        d = r._asdict()
        where = f"{_plain(d.get('doc_id'))}:{_plain(d.get('sent_id'))}"
        tip = ", ".join(
            f"{k} {_plain(d.get(k))}" for k in ("entry", "category", "speaker") if _plain(d.get(k))
        )
        rows.append(
            "<tr>"
            f'<td class="kwic-meta">{esc(_plain(d.get("outlet")))}</td>'
            f'<td class="kwic-meta">{esc(_plain(d.get("voice")))}</td>'
            f'<td class="kwic-meta">{esc(_plain(d.get("speaker")))}</td>'
            f'<td class="kwic-left">{esc(_plain(d.get("left")))}</td>'
            f'<td class="kwic-match"><mark class="kwic-{_voice_class(d.get("voice"))}" '
            f'title="{esc(tip)}">{esc(_plain(d.get("match")))}</mark></td>'
            f'<td class="kwic-right">{esc(_plain(d.get("right")))}</td>'
            f'<td class="kwic-meta">{esc(where)}</td>'
            "</tr>"
        )
    more = (f'<p class="kwic-more">showing {max_rows} of {len(frame)} lines</p>'
            if len(frame) > max_rows else "")
    return (
        "<style>.framing-kwic td{padding:1px 6px;white-space:nowrap;}"
        ".framing-kwic td.kwic-left{text-align:right;}"
        ".framing-kwic td.kwic-right{text-align:left;}"
        ".framing-kwic td.kwic-match{text-align:center;}"
        ".framing-kwic mark.kwic-other{background:#ddd;}"
        ".framing-kwic td.kwic-meta{color:#555;font-size:0.85em;}"
        f"{css}</style>"
        '<table class="framing-kwic"><thead><tr><th>outlet</th><th>voice</th><th>speaker</th>'
        '<th style="text-align:right">left</th><th>match</th><th style="text-align:left">right</th>'
        "<th>doc:sent</th></tr></thead><tbody>"
        f'{"".join(rows)}</tbody></table>{more}'
        f"<p>{len(frame)} lines</p>"
    )


def term_pattern(term: str) -> re.Pattern[str]:
    """Compile a search term into a token-bounded, case-insensitive pattern.

    Parameters
    ----------
    term : str
        A word or phrase; regex metacharacters are literal; a ``*`` at the end of a
        word matches any further word characters.  Unicode-normalised first, as
        corpus texts are (:func:`framing.clean.normalize_unicode`).

    Returns
    -------
    re.Pattern
    """
    words = normalize_unicode(term).split()  # as corpus texts: NFC, no soft hyphens
    if not words or all(w.strip("*") == "" for w in words):
        raise ParameterError(f"empty search term {term!r}", field="term",
                             hint="give a word or phrase, e.g. 'regime' or 'imperialis*'")
    parts = []
    for w in words:
        wild = w.endswith("*")
        w = w.rstrip("*")
        piece = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in w)
        parts.append(piece + (r"\w*" if wild else ""))
    body = r"\s+".join(parts)
    # not inside a token on the left (WORD_PATTERN: \w+ joined by ' ’ -)
    left = r"(?<!\w)(?<!\w['’\-])"
    right = r"(?:['’]s)?(?!\w)(?!['’\-]\w)"
    return re.compile(left + body + right, re.IGNORECASE)


class _Layout:
    """Paragraph and word offsets of one document (computed once per document)."""

    def __init__(self, text: str) -> None:
        self.paras = paragraph_spans(text) or [(0, len(text))]
        self.para_starts = [p[0] for p in self.paras]
        spans = [m.span() for m in WORD_RE.finditer(text)]
        self.w_starts = [w[0] for w in spans]
        self.w_ends = [w[1] for w in spans]


def _context(text: str, layout: _Layout, start: int, end: int, window: int) -> tuple[str, str]:
    """Left and right context of ``text[start:end]`` within its paragraph."""
    k = max(bisect_right(layout.para_starts, start) - 1, 0)
    p_start, p_end = layout.paras[k]
    w_starts, w_ends = layout.w_starts, layout.w_ends
    first_in_para = bisect_left(w_starts, p_start)
    last_in_para = bisect_left(w_starts, p_end)  # exclusive
    n_before = bisect_right(w_ends, start)  # words ending at or before start
    i = max(first_in_para, n_before - window)
    left_start = w_starts[i] if i < n_before else start
    while left_start > p_start and not text[left_start - 1].isspace():
        left_start -= 1
    j = bisect_left(w_starts, end)
    last = min(j + window, last_in_para)
    right_end = w_ends[last - 1] if last > j else end
    while right_end < p_end and not text[right_end].isspace():
        right_end += 1
    left = _WS_RE.sub(" ", text[max(left_start, p_start) : start]).strip()
    right = _WS_RE.sub(" ", text[end:right_end]).strip()
    return left, right


def _check_documents(documents: pd.DataFrame) -> None:
    require_columns(documents, ("doc_id", "text"), "documents",
                    hint="pass the documents frame from framing.load_corpus()")


def _as_set(value: str | Sequence[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else {str(v) for v in value}


def _contains_term(values: pd.Series, pattern: re.Pattern[str]) -> np.ndarray:
    """Whether each value contains ``pattern`` (missing values: no); searched once per distinct value."""
    found = {v: pattern.search(v) is not None for v in values.dropna().unique() if isinstance(v, str)}
    return values.map(found).fillna(False).to_numpy(bool)


def _filter_hits(hits: pd.DataFrame, term: str | None, category: str | Sequence[str] | None,
                 mode: TermMode = "entry"):
    require_columns(hits, ("doc_id", "start", "end"), "hits")
    keep = pd.Series(True, index=hits.index)
    if term is not None:
        columns = [c for c in ("entry", "match") if c in hits]
        if mode == "word":
            pattern = term_pattern(term)
            ok = [_contains_term(hits[c], pattern) for c in columns]
        else:
            t = term.casefold().strip()
            fields = [hits[c].astype("string").str.casefold() for c in columns]
            if t.endswith("*"):
                stem = t.rstrip("*")
                ok = [f.str.startswith(stem).fillna(False).to_numpy(bool) for f in fields]
            else:
                ok = [(f == t).fillna(False).to_numpy(bool) for f in fields]
        keep &= np.logical_or.reduce(ok) if ok else False
    cats = _as_set(category)
    if cats is not None:
        if "category" not in hits.columns:
            raise InputError("hits frame has no category column", field="category",
                             hint="pass the hits frame of framing.score_corpus(), or leave category= out")
        low = {c.casefold() for c in cats}
        keep &= hits["category"].astype("string").str.casefold().isin(low).fillna(False)
    return hits[keep]


def _search(documents: pd.DataFrame, term: str) -> pd.DataFrame:
    pattern = term_pattern(term)
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        if not isinstance(text, str):
            continue
        for m in pattern.finditer(text):
            if _PARA_BREAK_RE.search(m.group(0)):
                continue
            rows.append((doc_id, m.start(), m.end(), m.group(0)))
    frame = pd.DataFrame(rows, columns=["doc_id", "start", "end", "match"])
    frame["entry"] = term
    frame["category"] = None
    return frame


def _locate(found: pd.DataFrame, texts: dict, sentences, quotes, span_voice):
    """Fill sent_id, voice and speaker of search results."""
    n = len(found)
    sent_id = np.full(n, -1, dtype=np.int64)
    voice = np.array([None] * n, dtype=object)
    speaker = np.array([None] * n, dtype=object)
    by_doc_sent: dict = {}
    if sentences is not None and len(sentences):
        require_columns(sentences, ("doc_id", "sent_id", "start", "end"), "sentences",
                        hint="pass the sentences frame of framing.score_corpus()")
        for d, g in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
            by_doc_sent[d] = g
    by_doc_quote: dict = {}
    if quotes is not None and len(quotes):
        require_columns(quotes, ("doc_id", "start", "end"), "quotes",
                        hint="pass the quotes frame of framing.score_corpus()")
        by_doc_quote = dict(tuple(quotes.groupby("doc_id", sort=False)))
    seg_cache: dict = {}
    for i, (d, s, e) in enumerate(zip(found["doc_id"], found["start"], found["end"], strict=True)):
        g = by_doc_sent.get(d)
        if g is not None:
            k = np.searchsorted(g["start"].to_numpy(), s, side="right") - 1
            if k >= 0 and s < g["end"].iloc[k]:
                row = g.iloc[k]
                sent_id[i] = int(row["sent_id"])
                voice[i] = row.get("voice")
                speaker[i] = row.get("speaker")
        else:
            if d not in seg_cache:
                seg_cache[d] = [st for _, st, _ in segment(texts[d])]
            sent_id[i] = max(bisect_right(seg_cache[d], s) - 1, 0)
        q = by_doc_quote.get(d)
        if quotes is not None and q is None:
            voice[i], speaker[i] = "author", None
        elif q is not None:
            inside = q[(q["start"] <= s) & (q["end"] >= e)]
            if len(inside):
                row = inside.iloc[0]
                scare = str(row.get("kind", "")) == "scare"
                voice[i] = "scare_quote" if scare else "quoted"
                speaker[i] = None if scare else row.get("speaker")
            else:
                voice[i], speaker[i] = "author", None
        if span_voice is not None:
            voice[i], speaker[i] = span_voice(d, int(s), int(e))
    found = found.assign(sent_id=sent_id, voice=voice, speaker=speaker)
    return found


def kwic(
    documents: pd.DataFrame,
    hits_or_term: pd.DataFrame | str,
    *,
    term: str | None = None,
    category: str | Sequence[str] | None = None,
    mode: TermMode = "entry",
    window: int = DEFAULT_WINDOW,
    outlet: str | Sequence[str] | None = None,
    voice: str | None = None,
    sentences: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    span_voice: SpanVoice | None = None,
    limit: int | None = None,
) -> KwicFrame:
    """Keyword-in-context lines for loaded-term hits or for any search term.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` frame (``doc_id``, ``text``; ``outlet`` used when present).
    hits_or_term : DataFrame or str
        The ``hits`` frame (lines for matched loaded terms), or a word or phrase to
        search for in the texts (see the module docstring for the rules).
    term : str, optional
        With a hits frame: keep hits whose ``entry`` or ``match`` equals ``term``
        (case-insensitive; ``"imperialis*"`` keeps those starting with the stem),
        or, with ``mode="word"``, contains it.
    category : str or sequence of str, optional
        With a hits frame: keep these categories (case-insensitive).
    mode : {"entry", "word"}, default "entry"
        With a hits frame and ``term``: ``"entry"`` keeps the hits of that entry
        (entry or matched text equal to ``term``); ``"word"`` also keeps hits of
        longer entries whose entry or matched text contains ``term`` as a word or
        phrase, by the rules of :func:`term_pattern` (``"regime"`` keeps "Kyiv
        regime" and "regime change").
    window : int, default :data:`DEFAULT_WINDOW`
        Words of context on each side, within the paragraph.
    outlet : str or sequence of str, optional
        Keep these outlets; each must be an outlet of ``documents`` (a mistyped name
        is an error, not "no occurrence").
    voice : {"all", "author", "quoted", "scare_quote", "mixed"}, optional
        Keep lines in this voice; ``"author"`` includes scare quotes (as in the
        statistics).  With a search term, voice needs ``sentences``, ``quotes`` or
        ``span_voice``.
    sentences, quotes : DataFrame, optional
        With a search term: give each line its ``sent_id`` and its voice and speaker
        (``quotes`` gives span-level voice and wins over ``sentences``).  Without
        ``sentences``, ``sent_id`` is computed with :func:`framing.text.segment`.
    span_voice : callable, optional
        With a search term: ``span_voice(doc_id, start, end) -> (voice, speaker)``;
        wins over ``quotes`` and ``sentences``.
    limit : int, optional
        Return at most this many lines (in document order).

    Returns
    -------
    KwicFrame
        Columns :data:`KWIC_COLUMNS`, one row per occurrence, sorted by document
        (in ``documents`` order) and offset.  Displays as a concordance in Jupyter;
        ``.to_text()`` for the terminal.

    Raises
    ------
    ParameterError
        For a bad ``window``, ``voice`` or ``limit``, an outlet that ``documents``
        does not have (naming its outlets and the closest one), an empty term, or
        ``term``/``category`` given with a search string.
    InputError
        If a frame lacks required columns.

    Examples
    --------
    >>> kwic(documents, hits, term="regime", voice="author")     # doctest: +SKIP
    >>> kwic(documents, "western partner*", quotes=quotes).to_text()  # doctest: +SKIP
    """
    window = check_whole_number("window", window, minimum=0, hint="e.g. window=8")
    if mode not in _TERM_MODES:
        raise ParameterError(f"unknown mode {mode!r}", field="mode",
                             hint="use 'entry' (hits of that entry) or 'word' (hits containing the word)")
    if voice is not None and voice not in _VOICE_FILTERS:
        raise ParameterError(f"unknown voice {voice!r}", field="voice",
                             hint=f"use one of {', '.join(_VOICE_FILTERS)}")
    if limit is not None and (not isinstance(limit, (int, np.integer)) or limit < 0):
        raise ParameterError(f"limit must be a non-negative integer, got {limit!r}", field="limit",
                             hint="give a number of lines, or None for all")
    _check_documents(documents)
    docs = documents.drop_duplicates("doc_id")
    outlets = _as_set(outlet)
    if outlets is not None:
        if "outlet" not in docs.columns:
            raise InputError("documents frame has no outlet column", field="outlet",
                             hint="pass the documents frame of framing.load_corpus(), or leave outlet= out")
        from framing.report_params import check_outlets

        present = docs["outlet"].dropna().astype(str)
        check_outlets(sorted(outlets), sorted(set(present)), "outlet", "the documents frame")
        docs = docs[docs["outlet"].astype(str).isin(outlets)]
    order = {d: k for k, d in enumerate(docs["doc_id"])}

    if isinstance(hits_or_term, pd.DataFrame):
        found = _filter_hits(hits_or_term, term, category, mode)
        found = found[found["doc_id"].isin(order)]
    elif isinstance(hits_or_term, str):
        if term is not None or category is not None:
            raise ParameterError("term= and category= filter a hits frame; with a search string "
                                 "pass the term as the second argument only", field="term",
                                 hint="kwic(documents, 'regime') or kwic(documents, hits, term='regime')")
        texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
        found = _search(docs, hits_or_term)
        if voice not in (None, "all") and sentences is None and quotes is None and span_voice is None:
            raise ParameterError("voice filter on a search term needs sentences=, quotes= or "
                                 "span_voice=", field="voice",
                                 hint="pass the sentences or quotes frame of the corpus")
        found = _locate(found, texts, sentences, quotes, span_voice)
    else:
        raise ParameterError(
            f"expected a hits frame or a search string, got {type(hits_or_term).__name__}",
            field="hits_or_term", hint="kwic(documents, 'regime') or kwic(documents, hits)")

    keep = _VOICE_FILTERS.get(voice or "all")
    if keep is not None:
        found = found[found["voice"].isin(keep)] if "voice" in found.columns else found.iloc[:0]
    found = found.assign(_order=found["doc_id"].map(order)).sort_values(
        ["_order", "start", "end"], kind="stable")
    if limit is not None:
        found = found.head(limit)

    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    outlet_of = dict(zip(docs["doc_id"], docs["outlet"], strict=True)) if "outlet" in docs else {}
    cache: dict = {}
    lefts, rights, matches = [], [], []
    for d, s, e in zip(found["doc_id"], found["start"], found["end"], strict=True):
        text = texts[d]
        if d not in cache:
            cache[d] = _Layout(text)
        s, e = int(s), int(e)
        left, right = _context(text, cache[d], s, e, int(window))
        lefts.append(left)
        rights.append(right)
        matches.append(_WS_RE.sub(" ", text[s:e]))
    out = pd.DataFrame({
        "doc_id": found["doc_id"].to_numpy(),
        "outlet": [outlet_of.get(d) for d in found["doc_id"]],
        "sent_id": found["sent_id"].to_numpy() if "sent_id" in found else None,
        "left": lefts,
        "match": matches,
        "right": rights,
        "voice": found["voice"].to_numpy() if "voice" in found else None,
        "speaker": found["speaker"].to_numpy() if "speaker" in found else None,
        "category": found["category"].to_numpy() if "category" in found else None,
        "entry": found["entry"].to_numpy() if "entry" in found else None,
        "start": found["start"].to_numpy(dtype=np.int64),
        "end": found["end"].to_numpy(dtype=np.int64),
    }, columns=KWIC_COLUMNS)
    return KwicFrame(out.reset_index(drop=True))
