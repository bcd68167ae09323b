"""Jupyter display: sentences and documents with loaded-term hits highlighted.

Every piece of text that reaches the HTML (document text, outlet names,
titles, speakers, entries, categories, lexicon names) goes through
:func:`html.escape`, so a ``<script>`` in an article shows as text.

Rendering rules
---------------
* **Colour = category.** Each category gets a background tint from the
  Okabe-Ito palette (:data:`OKABE_ITO`, safe for the common colour-vision
  deficiencies), assigned in sorted order of the categories shown (or pass
  ``colours=``); a legend lists them.
* **Style = voice.** Author-voice hits are plain highlights; hits inside speech
  quotations (``quoted``) are italic with a dashed underline; scare-quote hits
  (``scare_quote``, the outlet's voice marked by quote marks) have a wavy
  underline.
* **Tooltip.** Hovering shows entry, category, weight, lexicon, voice, speaker
  and whether the hit is negated, for every hit covering that character.
* **Overlaps.** The text is cut at every hit boundary into pieces; each piece
  is one ``<span>`` listing all hits that cover it (several categories show as
  horizontal stripes), so overlapping and nested hits from several lexicons
  never produce crossed tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from framing.docset import require_columns
from framing.errors import InputError, ParameterError

__all__ = [
    "OKABE_ITO",
    "VOICE_COLOURS",
    "HTML",
    "category_colours",
    "highlight",
    "show_document",
    "preview",
]

#: Okabe and Ito (2008), "Color Universal Design": eight colours distinguishable
#: with protanopia, deuteranopia and tritanopia.  Black is left out of the
#: highlight cycle (it would hide the text).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
_CYCLE = [OKABE_ITO[k] for k in
          ("orange", "sky_blue", "bluish_green", "yellow", "reddish_purple", "vermillion", "blue")]

#: Background opacity of highlights: tints light enough that black text keeps a
#: contrast ratio above 7:1 (WCAG AAA) on every palette colour.
TINT_ALPHA = 0.45

#: Colour of each voice (KWIC marks, legend); unknown voices are grey.
VOICE_COLOURS: dict[str, str] = {
    "author": OKABE_ITO["orange"],
    "scare_quote": OKABE_ITO["reddish_purple"],
    "quoted": OKABE_ITO["sky_blue"],
    "mixed": OKABE_ITO["yellow"],
}
_GREY = "#BBBBBB"

#: Characters of text kept by :func:`preview` (default ``width``).
PREVIEW_WIDTH = 80

_CSS = """<style>
.framing-hl {font-family: Georgia, serif; line-height: 1.6; white-space: pre-wrap;
  max-width: 52em; color: #111;}
.framing-hl .fr-hit {border-radius: 2px; padding: 0 1px;}
.framing-hl .fr-v-quoted {font-style: italic; text-decoration: underline dashed #444;
  text-underline-offset: 3px;}
.framing-hl .fr-v-scare_quote {text-decoration: underline wavy #444; text-underline-offset: 3px;}
.framing-hl .fr-quote {color: #1f4e79;}
.framing-hl .fr-sent:hover {outline: 1px dotted #999;}
.framing-hl-legend {font-family: sans-serif; font-size: 0.85em; margin: 0.3em 0 0.6em 0;}
.framing-hl-legend span {margin-right: 0.8em; padding: 0 4px; border-radius: 2px;}
.framing-hl-head {font-family: sans-serif; margin-bottom: 0.3em;}
.framing-hl-head .fr-meta {color: #555; font-size: 0.9em;}
</style>"""


@dataclass(frozen=True)
class HTML:
    """An HTML fragment that Jupyter renders; ``str()`` and ``.data`` give the markup."""

    data: str

    def _repr_html_(self) -> str:
        return self.data

    def __str__(self) -> str:
        return self.data


def _esc(value: object) -> str:
    """HTML-escape any value (``None``/NaN become an empty string)."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


_HEX_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


def _tint(hex_colour: str, alpha: float = TINT_ALPHA) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _check_colours(colours: Mapping[str, str]) -> Mapping[str, str]:
    """``colours=`` must map categories to ``#RRGGBB`` (it goes into style attributes)."""
    if not isinstance(colours, Mapping):
        raise ParameterError(f"colours must be a mapping of category -> '#RRGGBB', got "
                             f"{type(colours).__name__}", field="colours",
                             hint="use framing.display.category_colours(categories)")
    for category, colour in colours.items():
        if not isinstance(colour, str) or not _HEX_COLOUR_RE.fullmatch(colour):
            raise ParameterError(f"colour {colour!r} of category {category!r} is not '#RRGGBB'",
                                 field="colours", hint="give hex colours such as '#E69F00'")
    return colours


def category_colours(categories: Iterable[object]) -> dict[str, str]:
    """Assign palette colours to categories in sorted order (cycling after seven).

    Parameters
    ----------
    categories : iterable
        Category names (duplicates and missing values are ignored).

    Returns
    -------
    dict
        Category -> hex colour.  Pass it as ``colours=`` to keep colours fixed
        across calls that show different subsets of categories.
    """
    names = sorted({str(c) for c in categories if c is not None and not _isna(c)})
    return {c: _CYCLE[i % len(_CYCLE)] for i, c in enumerate(names)}


def _isna(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _legend(colours: Mapping[str, str], voices: Iterable[str]) -> str:
    chips = [f'<span style="background:{_tint(c)}">{_esc(cat)}</span>' for cat, c in colours.items()]
    styles = {"author": "author's voice", "quoted": "quoted", "scare_quote": "scare quote"}
    chips += [
        f'<span class="fr-v-{v}" style="border:1px solid #ccc">{styles[v]}</span>'
        for v in styles if v in set(voices)
    ]
    return f'<div class="framing-hl-legend">{"".join(chips)}</div>' if chips else ""


def _hit_title(hit: Mapping[str, object]) -> str:
    parts = [f"{_plain(hit.get('entry'))} [{_plain(hit.get('category'))}]"]
    weight = hit.get("weight")
    if weight is not None and not _isna(weight):
        parts.append(f"weight {weight}")
    for key in ("lexicon", "voice"):
        value = hit.get(key)
        if value is not None and not _isna(value):
            parts.append(f"{key} {value}")
    speaker = hit.get("speaker")
    if speaker is not None and not _isna(speaker) and str(speaker):
        parts.append(f"speaker {speaker}")
    if bool(hit.get("negated")) and not _isna(hit.get("negated")):
        parts.append("negated")
    return ", ".join(parts)


def _records(frame: pd.DataFrame | None, required: Sequence[str], name: str) -> list[dict]:
    if frame is None or len(frame) == 0:
        return []
    require_columns(frame, required, name)
    return frame.to_dict("records")


def _plain(value: object, default: str = "") -> str:
    """``str(value)`` for tooltips, ``default`` for None, NaN or an empty string (frames read
    back from Parquet or the cache hold NaN where fresh ones hold None)."""
    if value is None or _isna(value):
        return default
    return str(value) or default


#: One highlighted thing: (document start, document end, "hit" or "quote", its row, rank),
#: where rank is its place among the hits and then the quotations as given (ties in a
#: tooltip are listed in that order).
_Item = tuple[int, int, str, dict, int]


def _items(hits: list[dict], quotes: list[dict]) -> list[_Item]:
    """Hits then quotations as items, sorted by start; empty spans left out."""
    rows = [(kind, r) for kind, frame in (("hit", hits), ("quote", quotes)) for r in frame]
    items = [(int(r["start"]), int(r["end"]), kind, r, rank) for rank, (kind, r) in enumerate(rows)]
    items = [it for it in items if it[0] < it[1]]
    items.sort(key=lambda it: it[0])
    return items


class _Sweep:
    """Items sorted by start, handed out for consecutive ranges of increasing offsets.

    :meth:`overlapping` returns the items that overlap ``[a, b)``; each item is
    taken in once and dropped once it ends, so a document's sentences get their
    items in time linear in the number of items (plus those spanning several
    sentences, which are rendered in each)."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.next = 0
        self.active: list[_Item] = []

    def overlapping(self, a: int, b: int) -> list[_Item]:
        while self.next < len(self.items) and self.items[self.next][0] < b:
            self.active.append(self.items[self.next])
            self.next += 1
        self.active = [it for it in self.active if it[1] > a]
        return list(self.active)


def _render(text: str, offset: int, items: list[_Item], colours: Mapping[str, str]) -> str:
    """Escaped HTML of ``text`` (document offsets ``offset`` .. ``offset+len``) with spans.

    ``items`` are sorted by start (:func:`_items`); those outside the text are
    ignored and those crossing its edges are cut.  One sweep over the piece
    boundaries keeps the set of items covering the current piece, so the work is
    linear in the pieces and the items (not their product)."""
    end_all = offset + len(text)
    clipped = [(max(s, offset), min(e, end_all), kind, it, rank) for s, e, kind, it, rank in items
               if s < end_all and e > offset]
    bounds = sorted({offset, end_all, *(it[0] for it in clipped), *(it[1] for it in clipped)})
    out: list[str] = []
    active: list[int] = []  # indices into clipped (sorted by start) of items open at the piece
    nxt = 0
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        piece = _esc(text[a - offset : b - offset])
        while nxt < len(clipped) and clipped[nxt][0] <= a:
            active.append(nxt)
            nxt += 1
        active = [i for i in active if clipped[i][1] > a]  # every end is a bound: covers [a, b)
        if not active:
            out.append(piece)
            continue
        cover = sorted((clipped[i] for i in active), key=lambda it: it[4])
        covering_hits = sorted(
            (it for _, _, k, it, _ in cover if k == "hit"),
            key=lambda h: (int(h["end"]) - int(h["start"]), str(h.get("category", ""))),
        )
        in_quote = [it for _, _, k, it, _ in cover if k == "quote"]
        classes, style, titles = [], "", []
        if in_quote:
            classes.append("fr-quote")
            q = in_quote[0]
            titles.append(f"quotation ({_plain(q.get('kind'), 'speech')}), "
                          f"speaker {_plain(q.get('speaker'), 'unknown')}")
        if covering_hits:
            classes.append("fr-hit")
            cats = list(dict.fromkeys(str(h.get("category", "")) for h in covering_hits))
            tints = [_tint(colours.get(c, _GREY)) for c in cats]
            if len(tints) == 1:
                style = f"background:{tints[0]}"
            else:  # stripes, one per category
                step = 100 / len(tints)
                stops = ", ".join(
                    f"{t} {i * step:.1f}% {(i + 1) * step:.1f}%" for i, t in enumerate(tints)
                )
                style = f"background:linear-gradient(to bottom, {stops})"
            voice = str(covering_hits[0].get("voice", "author"))
            if voice in ("quoted", "scare_quote"):
                classes.append(f"fr-v-{voice}")
            titles.extend(_hit_title(h) for h in covering_hits)
        attr_style = f' style="{style}"' if style else ""
        out.append(
            f'<span class="{" ".join(classes)}"{attr_style} title="{_esc(chr(10).join(titles))}">'
            f"{piece}</span>"
        )
    return "".join(out)


def _doc_frames(hits: pd.DataFrame | None) -> list[dict]:
    return _records(hits, ["start", "end"], "hits")


def _check_alignment(text: str, start: int, hits: list[dict]) -> None:
    """:class:`ParameterError` when a hit's ``match`` is not the text at its offsets.

    Hits carry document offsets; a sentence's text passed without its
    ``start=`` (or hits of another document) would otherwise highlight other
    words, silently.  Compared case-insensitively, on the part of the hit inside
    the text; hits without a ``match`` (or whose ``match`` is not as long as
    their span) are not checked."""
    end = start + len(text)
    for h in hits:
        match = h.get("match")
        s, e = int(h["start"]), int(h["end"])
        if not isinstance(match, str) or len(match) != e - s:
            continue
        a, b = max(s, start), min(e, end)
        here = text[a - start : b - start]
        if here.casefold() != match[a - s : b - s].casefold():
            raise ParameterError(
                f"hits do not line up with this text: the hit {match!r} at document offsets "
                f"{s}-{e} falls on {here!r} with start={start}",
                field="start",
                hint="pass start= the document offset of text[0] (for a sentence, its start: "
                     "highlight(row.text, hits, start=row.start)) and the hits of this "
                     "text's document only (hits[hits.doc_id == row.doc_id])")


def highlight(
    text: str,
    hits: pd.DataFrame | None,
    *,
    start: int = 0,
    quotes: pd.DataFrame | None = None,
    colours: Mapping[str, str] | None = None,
    legend: bool = True,
) -> HTML:
    """Render ``text`` as HTML with loaded-term hits highlighted.

    Parameters
    ----------
    text : str
        A sentence, paragraph or whole document text.
    hits : DataFrame or None
        Rows of the ``hits`` frame (``start``, ``end`` required; ``entry``,
        ``category``, ``weight``, ``lexicon``, ``voice``, ``speaker``, ``negated``
        used when present) whose offsets are document offsets.  Filter it to the
        document yourself; hits outside the text are ignored and hits that cross
        its edges are cut.
    start : int, default 0
        Document offset of ``text[0]``: for a sentence, its ``start`` (with the
        default 0 the hits' document offsets would fall on other words).
    quotes : DataFrame, optional
        Rows of the ``quotes`` frame (``start``, ``end``, ``kind``, ``speaker``):
        quoted passages are shown in blue with the speaker in the tooltip.
    colours : mapping, optional
        Category -> colour (default :func:`category_colours` of the hits shown).
    legend : bool, default True
        Show the category and voice legend above the text.

    Returns
    -------
    HTML
        Displays in Jupyter; ``str()`` or ``.data`` is the HTML string.

    Raises
    ------
    ParameterError
        When a hit shown has a ``match`` that differs (ignoring case) from the
        text at its offsets: ``start=`` is missing or wrong, or the hits are of
        another document.  Hits with no ``match`` column are not checked.
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}", field="text",
                             hint="pass a document's text, e.g. documents.text.iloc[0]")
    hit_rows = _doc_frames(hits)
    quote_rows = _records(quotes, ["start", "end"], "quotes")
    end = start + len(text)
    shown = [h for h in hit_rows if int(h["start"]) < end and int(h["end"]) > start]
    _check_alignment(text, start, shown)
    colours = (category_colours(h.get("category") for h in shown) if colours is None
               else _check_colours(colours))
    body = _render(text, start, _items(shown, quote_rows), colours)
    used = {str(h.get("category", "")) for h in shown}
    head = _legend({c: v for c, v in colours.items() if c in used},
                   (str(h.get("voice", "")) for h in shown)) if legend else ""
    return HTML(f'{_CSS}{head}<div class="framing-hl">{body}</div>')


def show_document(
    documents: pd.DataFrame,
    hits: pd.DataFrame | None,
    doc_id: str,
    *,
    sentences: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    colours: Mapping[str, str] | None = None,
) -> HTML:
    """Render one document with its title, outlet, date and highlighted hits.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` frame (``doc_id``, ``text``; ``title``, ``outlet``,
        ``date``, ``author``, ``url`` shown when present).
    hits : DataFrame or None
        The ``hits`` frame (all documents; filtered to ``doc_id`` here).
    doc_id : str
        The document to show.
    sentences : DataFrame, optional
        The ``sentences`` frame: each sentence becomes a span whose tooltip gives
        its ``sent_id``, voice and speaker.
    quotes : DataFrame, optional
        The ``quotes`` frame: quoted passages are shown in blue.
    colours : mapping, optional
        Category -> colour; default assigns colours over all categories in
        ``hits`` so they match across documents.

    Returns
    -------
    HTML

    Raises
    ------
    InputError
        If ``doc_id`` is not in ``documents``.
    """
    require_columns(documents, ("doc_id", "text"), "documents",
                    hint="pass the documents frame from framing.load_corpus()")
    rows = documents[documents["doc_id"].astype(str) == str(doc_id)]
    if rows.empty:
        raise InputError(f"doc_id {doc_id!r} is not in the documents frame", field="doc_id",
                         hint="pick a doc_id from documents['doc_id']")
    doc = rows.iloc[0]
    text = str(doc["text"])

    def for_doc(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None or len(frame) == 0:
            return frame
        return frame[frame["doc_id"].astype(str) == str(doc_id)]

    if colours is None:
        colours = category_colours(hits["category"]) if hits is not None and "category" in getattr(
            hits, "columns", []) else {}
    else:
        colours = _check_colours(colours)
    doc_hits = _doc_frames(for_doc(hits))
    doc_quotes = _records(for_doc(quotes), ["start", "end"], "quotes")
    sent_rows = _records(for_doc(sentences), ["start", "end"], "sentences")
    items = _items(doc_hits, doc_quotes)

    if sent_rows:
        # sentences in order, each (and each gap) rendered with only the items that
        # overlap it: linear in the document, not sentences x items
        sweep = _Sweep(items)
        parts, pos = [], 0
        for s in sorted(sent_rows, key=lambda r: int(r["start"])):
            a, b = int(s["start"]), int(s["end"])
            if a < pos:  # overlapping sentence rows: skip rather than duplicate text
                continue
            parts.append(_render(text[pos:a], pos, sweep.overlapping(pos, a), colours))
            tip = f"sentence {_plain(s.get('sent_id'))}, voice {_plain(s.get('voice'))}"
            if _plain(s.get("speaker")):
                tip += f", speaker {s.get('speaker')}"
            parts.append(f'<span class="fr-sent" title="{_esc(tip)}">'
                         f"{_render(text[a:b], a, sweep.overlapping(a, b), colours)}</span>")
            pos = b
        parts.append(_render(text[pos:], pos, sweep.overlapping(pos, len(text)), colours))
        body = "".join(parts)
    else:
        body = _render(text, 0, items, colours)

    title = doc.get("title")
    meta = [doc.get(k) for k in ("outlet", "author", "date", "url")]
    date = meta[2]
    if hasattr(date, "strftime") and not _isna(date) and (date.hour, date.minute, date.second) == (0, 0, 0):
        meta[2] = date.strftime("%Y-%m-%d")  # a day, not midnight
    meta_txt = " · ".join(_esc(m) for m in meta if m is not None and not _isna(m) and str(m))
    head = (f'<div class="framing-hl-head"><b>{_esc(title) or _esc(doc_id)}</b><br>'
            f'<span class="fr-meta">{meta_txt} · {_esc(doc_id)}</span></div>')
    used = {str(h.get("category", "")) for h in doc_hits}
    legend = _legend({c: v for c, v in colours.items() if c in used},
                     (str(h.get("voice", "")) for h in doc_hits))
    return HTML(f'{_CSS}{head}{legend}<div class="framing-hl">{body}</div>')


_WS_RE = re.compile(r"\s+")


def preview(
    frame: pd.DataFrame,
    *,
    width: int = PREVIEW_WIDTH,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return a copy of ``frame`` that displays without giant text cells.

    The ``text`` column is replaced, at the same position, by a ``preview``
    column: the first ``width`` characters with whitespace collapsed and an
    ellipsis when cut.  Other long string columns are shortened in place.

    Parameters
    ----------
    frame : DataFrame
        E.g. the ``documents`` or ``sentences`` frame.
    width : int, default :data:`PREVIEW_WIDTH`
        Characters kept per cell (the ellipsis included).
    columns : sequence of str, optional
        Columns to shorten (default: ``text`` and every other string column with
        a value longer than ``width``).

    Returns
    -------
    DataFrame
        A copy; ``frame`` is not changed.
    """
    if not isinstance(width, int) or width < 2:
        raise ParameterError(f"width must be an integer >= 2, got {width!r}", field="width",
                             hint=f"e.g. width={PREVIEW_WIDTH}")
    out = frame.copy()
    if columns is None:
        columns = []
        for c in out.columns:
            col = out[c]
            if c == "text" or (
                (col.dtype == object or pd.api.types.is_string_dtype(col))
                and col.map(lambda v: isinstance(v, str) and len(v) > width).any()
            ):
                columns.append(c)
    for c in columns:
        if c not in out.columns:
            raise ParameterError(f"no column {c!r} to shorten", field="columns",
                                 hint=f"columns are: {', '.join(map(str, out.columns))}")
        short = out[c].map(lambda v: _shorten(v, width))
        if c == "text":
            pos = out.columns.get_loc("text")
            out = out.drop(columns="text")
            out.insert(pos, "preview", short)
        else:
            out[c] = short
    return out


def _shorten(value: object, width: int) -> object:
    if not isinstance(value, str):
        return value
    flat = _WS_RE.sub(" ", value).strip()
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
