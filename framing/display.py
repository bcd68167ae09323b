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
    parts = [f"{hit.get('entry', '')!s} [{hit.get('category', '')!s}]"]
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


def _render(
    text: str,
    offset: int,
    hits: list[dict],
    quotes: list[dict],
    colours: Mapping[str, str],
) -> str:
    """Escaped HTML of ``text`` (document offsets ``offset`` .. ``offset+len``) with spans."""
    end_all = offset + len(text)
    items: list[tuple[int, int, str, dict]] = []
    for h in hits:
        s, e = max(int(h["start"]), offset), min(int(h["end"]), end_all)
        if s < e:
            items.append((s, e, "hit", h))
    for q in quotes:
        s, e = max(int(q["start"]), offset), min(int(q["end"]), end_all)
        if s < e:
            items.append((s, e, "quote", q))
    bounds = sorted({offset, end_all, *(s for s, _, _, _ in items), *(e for _, e, _, _ in items)})
    out: list[str] = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        piece = _esc(text[a - offset : b - offset])
        cover = [(s, e, kind, it) for s, e, kind, it in items if s <= a and b <= e]
        if not cover:
            out.append(piece)
            continue
        covering_hits = sorted(
            (it for s, e, k, it in cover if k == "hit"),
            key=lambda h: (int(h["end"]) - int(h["start"]), str(h.get("category", ""))),
        )
        in_quote = [it for _, _, k, it in cover if k == "quote"]
        classes, style, titles = [], "", []
        if in_quote:
            classes.append("fr-quote")
            q = in_quote[0]
            titles.append(f"quotation ({q.get('kind', 'speech')}), speaker {q.get('speaker') or 'unknown'}")
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
        Document offset of ``text[0]`` (a sentence's ``start``).
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
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}", field="text",
                             hint="pass a document's text, e.g. documents.text.iloc[0]")
    hit_rows = _doc_frames(hits)
    quote_rows = _records(quotes, ["start", "end"], "quotes")
    end = start + len(text)
    shown = [h for h in hit_rows if int(h["start"]) < end and int(h["end"]) > start]
    colours = (category_colours(h.get("category") for h in shown) if colours is None
               else _check_colours(colours))
    body = _render(text, start, shown, quote_rows, colours)
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

    if sent_rows:
        parts, pos = [], 0
        for s in sorted(sent_rows, key=lambda r: int(r["start"])):
            a, b = int(s["start"]), int(s["end"])
            if a < pos:  # overlapping sentence rows: skip rather than duplicate text
                continue
            parts.append(_render(text[pos:a], pos, doc_hits, doc_quotes, colours))
            tip = f"sentence {s.get('sent_id', '')}, voice {s.get('voice', '')}"
            if s.get("speaker") is not None and not _isna(s.get("speaker")):
                tip += f", speaker {s.get('speaker')}"
            parts.append(f'<span class="fr-sent" title="{_esc(tip)}">'
                         f"{_render(text[a:b], a, doc_hits, doc_quotes, colours)}</span>")
            pos = b
        parts.append(_render(text[pos:], pos, doc_hits, doc_quotes, colours))
        body = "".join(parts)
    else:
        body = _render(text, 0, doc_hits, doc_quotes, colours)

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
