"""Helpers the report notebooks call: saving figures and tables, readable tables, report sections.

Saving helpers (:func:`save_figure`, :func:`save_table`, :func:`save_json`,
:func:`show_figure`) write into the ``output_dir`` parameter the report runner
injects; with ``output_dir == ""`` (an interactive session) they write nothing.
Display helpers (:func:`show_title`, :func:`note`, :func:`heading`,
:func:`readable`, :func:`log_notes`) return escaped HTML for the page.  The
report analysis helpers (:func:`select_documents`, :func:`corpus_overview`,
:func:`top_speakers`, :func:`top_terms`, :func:`term_hits`,
:func:`choose_freq`) shape the library's frames for a report's sections;
:func:`whisker_note` and :func:`band_note` say in a caption why a point has no
interval.

In a notebook: ``import framing.report_tools as fr``.
"""

from __future__ import annotations

import datetime
import html
import io
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import ParameterError
from framing.io import atomic_path, safe_name, write_csv, write_json

__all__ = [
    "FIGURE_DPI", "DISPLAY_DIGITS", "DISPLAY_ROWS", "Table",
    "save_figure", "save_table", "save_json", "show_figure", "file_stem", "NAME_HASH_DIGITS", "show_title", "note", "heading",
    "readable", "setup_notebook", "log_notes", "select_documents", "corpus_overview", "LEFT_OUT_ROW",
    "pick_article",
    "top_speakers", "top_terms", "term_hits", "choose_freq", "stance_method_text",
    "whisker_note", "band_note", "comparison_note", "distinctive_note", "period_note",
]

logger = logging.getLogger("framing.report")

#: Resolution of saved figures (dots per inch): sharp on screens, small files.
FIGURE_DPI = 120
#: Digits kept by :func:`readable` for display (the CSV tables keep all).
DISPLAY_DIGITS = 3


#: Hex digits of the name's hash that :func:`file_stem` appends to a changed name.
NAME_HASH_DIGITS = 8


def file_stem(name: str) -> str:
    """The file name (without extension) of an output called ``name``.

    ``name`` itself when it is already file-safe (letters, digits, ``-``, ``_``);
    otherwise :func:`framing.io.safe_name` of it plus ``_`` and the first
    :data:`NAME_HASH_DIGITS` hex digits of its SHA-256, so names that differ only
    in other characters ("Le Monde", "Le/Monde", "Le_Monde"; "RT", "RT.") get
    different files instead of overwriting each other.
    """
    import hashlib

    safe = safe_name(name)
    if safe == name:
        return safe
    digest = hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:NAME_HASH_DIGITS]
    return f"{safe_name(name, max_length=80 - NAME_HASH_DIGITS - 1)}_{digest}"


def save_figure(fig: Any, name: str, output_dir: str | os.PathLike[str] | None, *,
                dpi: int = FIGURE_DPI) -> Path | None:
    """Save a figure (or the figure of an Axes) as ``output_dir/figures/<name>.png``.

    The file name is :func:`file_stem` of ``name``.

    Returns the path, or ``None`` when ``output_dir`` is empty (interactive use).
    """
    if not output_dir:
        return None
    figure = getattr(fig, "figure", None) if not hasattr(fig, "savefig") else fig
    if figure is None and hasattr(fig, "get_figure"):
        figure = fig.get_figure()
    if figure is None or not hasattr(figure, "savefig"):
        raise ParameterError(f"cannot save {type(fig).__name__} as a figure", field="fig",
                             hint="pass a matplotlib Figure or Axes")
    path = Path(output_dir) / "figures" / f"{file_stem(name)}.png"
    with atomic_path(path) as tmp:
        figure.savefig(tmp, format="png", dpi=dpi, bbox_inches="tight")
    return path


def save_table(frame: Any, name: str, output_dir: str | os.PathLike[str] | None) -> Path | None:
    """Save a frame as ``output_dir/tables/<name>.csv`` (full precision); ``None`` if no folder."""
    if not output_dir:
        return None
    return write_csv(frame, Path(output_dir) / "tables" / f"{file_stem(name)}.csv")


def save_json(data: Any, name: str, output_dir: str | os.PathLike[str] | None) -> Path | None:
    """Save ``data`` as ``output_dir/<name>.json``; ``None`` if no folder.

    A report's ``provenance.json`` saved this way is copied into ``run.json``.
    """
    if not output_dir:
        return None
    return write_json(data, Path(output_dir) / f"{file_stem(name)}.json")


def show_title(title: str, subtitle: str = ""):
    """The report title as an ``<h1>`` (escaped) with an optional subtitle line."""
    from framing.display import HTML

    sub = f'<p class="framing-note">{html.escape(subtitle)}</p>' if subtitle else ""
    return HTML(f'<h1 id="title">{html.escape(str(title))}</h1>{sub}')


def note(text: str):
    """A one-sentence explanation under a figure or table (escaped)."""
    from framing.display import HTML

    return HTML(f'<p class="framing-note">{html.escape(str(text))}</p>')


#: Rows shown by a :func:`readable` table (the saved CSV keeps them all).
DISPLAY_ROWS = 60


@dataclass(frozen=True)
class Table:
    """A frame shown for reading: no index, numbers rounded and aligned right, text escaped.

    ``frame`` is the (unrounded) data; Jupyter and the HTML reports show
    ``_repr_html_``, the terminal shows the frame's text form.
    """

    frame: Any
    digits: int = DISPLAY_DIGITS
    max_rows: int = DISPLAY_ROWS

    def _cell(self, value: Any) -> tuple[str, bool]:
        import numbers

        import numpy as np
        import pandas as pd

        if value is None or (not isinstance(value, (str, list, dict, tuple)) and pd.isna(value)):
            return "–", True
        if isinstance(value, bool):
            return str(value).lower(), False
        if isinstance(value, numbers.Integral):
            return f"{value:,}", True
        if isinstance(value, numbers.Real):
            if np.isinf(value):  # e.g. a rate ratio whose reference has no hit
                return ("∞" if value > 0 else "−∞"), True
            if float(value).is_integer() and abs(value) >= 10 ** self.digits:
                return f"{value:,.0f}", True
            return f"{value:,.{self.digits}f}", True
        if isinstance(value, (datetime.date, np.datetime64)):
            return _date_texts([value])[0], False
        return str(value), False

    def _repr_html_(self) -> str:
        import pandas as pd

        frame = self.frame
        head = "".join(
            f'<th style="text-align:{"right" if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) else "left"}">'
            f"{html.escape(str(c))}</th>" for c in frame.columns)
        rows = []
        integral = {c for c in frame.columns if _integral_floats(frame[c])}
        shown = frame.head(self.max_rows)
        dates = {i: _date_texts(shown.iloc[:, i]) for i, c in enumerate(frame.columns)
                 if _is_date_column(shown.iloc[:, i])}
        for r, record in enumerate(shown.itertuples(index=False)):
            cells = []
            for i, (column, value) in enumerate(zip(frame.columns, record, strict=True)):
                if column in integral and value == value:
                    value = int(value)
                text, numeric = (dates[i][r], False) if i in dates else self._cell(value)
                align = "right" if numeric else "left"
                cells.append(f'<td style="text-align:{align}">{html.escape(text)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        more = (f'<p class="framing-note">showing {self.max_rows} of {len(frame):,} rows</p>'
                if len(frame) > self.max_rows else "")
        return (f'<table class="framing-table"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>{more}")

    def __repr__(self) -> str:
        return self.frame.head(self.max_rows).to_string(index=False)


def _is_date_column(series: Any) -> bool:
    """A datetime column, or an object column whose values are all dates or datetimes."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    if series.dtype != object:
        return False
    present = series.dropna()
    return bool(len(present)) and all(isinstance(v, (datetime.date, np.datetime64)) for v in present)


def _date_texts(values: Any) -> list[str]:
    """Dates for reading: ``2024-04-04``; with ``HH:MM`` only if some value has a time of day.

    Time-zone aware values show their own wall-clock time; missing values show "–".
    """
    import pandas as pd

    stamps = [None if v is None or pd.isna(v) else pd.Timestamp(v) for v in values]
    stamps = [s if s is None or s.tzinfo is None else s.tz_localize(None) for s in stamps]
    timed = any(s is not None and s != s.normalize() for s in stamps)
    form = "%Y-%m-%d %H:%M" if timed else "%Y-%m-%d"
    return ["–" if s is None else s.strftime(form) for s in stamps]


def _integral_floats(series: Any) -> bool:
    """A float column of whole numbers (shown as integers); ``±inf`` is not one."""
    import numpy as np
    import pandas as pd

    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.dropna().to_numpy(dtype=float)
    return bool(len(values)) and bool(np.isfinite(values).all()) and bool(
        (values == np.round(values)).all())


def readable(frame: Any, digits: int = DISPLAY_DIGITS, max_rows: int = DISPLAY_ROWS) -> Table:
    """A frame for reading in a report: ``digits`` decimals, counts as integers, no index.

    Missing values show as "–", infinite ones as "∞" and "−∞".

    Every cell is escaped (text from articles, outlet and speaker names shows as
    text).  For reading only; :func:`save_table` keeps full precision.
    """
    return Table(frame.reset_index(drop=True), digits, max_rows)


def heading(text: str, level: int = 3):
    """A heading (escaped) for a data-dependent title inside a section; levels 2-3 enter the contents."""
    from framing.display import HTML

    level = min(max(int(level), 2), 6)
    return HTML(f"<h{level}>{html.escape(str(text))}</h{level}>")


# ------------------------------------------------------------- report analysis


def select_documents(scores: Any, *, outlets: list[str] | tuple[str, ...] = (), date_from: str = "",
                     date_to: str = "", min_docs: int = 1, required: dict[str, str] | None = None,
                     allow_empty: bool = False) -> Any:
    """The scores of the documents a report is about, every frame filtered alike.

    Parameters
    ----------
    scores : Scores
        From :func:`framing.score_corpus`.
    outlets : sequence of str
        Keep these outlets (empty: all).
    date_from, date_to : str
        ISO dates, inclusive; with either one, undated documents are left out.
    min_docs : int
        Leave out outlets with fewer documents (after the other filters).
    required : dict of str to str, optional
        Outlets the report is about, by the parameter naming them
        (``{"focus": focus}``; empty values are skipped): each must keep at
        least one document.
    allow_empty : bool, default False
        Return an empty selection instead of raising.

    Returns
    -------
    Scores
        Same frames filtered by ``doc_id`` (the manifest is kept whole);
        ``metadata["selection"]`` records the filters and what they removed.

    Raises
    ------
    ParameterError
        When no document is left (unless ``allow_empty``), or an outlet of
        ``required`` has none: the message names the filter that removed the
        last documents, the counts before and after each filter, and how to fix
        it.  A report on nothing would show empty sections whose captions blame
        other causes, and count as a success.
    """
    import dataclasses

    import pandas as pd

    from framing.docset import document_dates

    docs = scores.documents
    before = len(docs)
    steps: list[tuple[str, str, int, int]] = []  # (parameter, what it asked, before, after)
    largest = 0  # documents of the largest outlet before min_docs
    if outlets:
        kept = docs[docs["outlet"].isin(list(outlets))]
        steps.append(("outlets", ", ".join(map(str, outlets)), len(docs), len(kept)))
        docs = kept
    dates = pd.Series(document_dates(docs), index=docs.index)
    undated = int(dates.isna().sum())
    if date_from or date_to:
        inside = dates.notna()
        if date_from:
            inside &= dates >= pd.Timestamp(date_from)
        if date_to:
            inside &= dates < pd.Timestamp(date_to) + pd.Timedelta(days=1)
        steps.append(("date_from/date_to", f"{date_from or '…'} to {date_to or '…'}", len(docs),
                      int(inside.sum())))
        docs, dates = docs[inside], dates[inside]
    counts = docs["outlet"].value_counts()
    largest = int(counts.max()) if len(counts) else 0
    small = sorted(counts[counts < min_docs].index.astype(str))
    if small:
        kept = docs[~docs["outlet"].isin(small)]
        steps.append(("min_docs", str(min_docs), len(docs), len(kept)))
        docs = kept
    missing = {name: o for name, o in (required or {}).items() if o and o not in set(docs["outlet"])}
    if (docs.empty and not allow_empty) or missing:
        raise _empty_selection(scores, steps, missing, largest,
                               all_dates=pd.Series(document_dates(scores.documents)))
    keep = set(docs["doc_id"])
    frames = {name: frame[frame["doc_id"].isin(keep)].reset_index(drop=True)
              for name, frame in scores.frames().items() if name not in ("documents", "manifest")}
    selection = {"outlets": list(outlets), "date_from": date_from, "date_to": date_to, "min_docs": min_docs,
                 "documents_before": before, "documents_after": len(docs),
                 "undated_left_out": undated if (date_from or date_to) else 0, "small_outlets_left_out": small}
    return dataclasses.replace(scores, documents=docs.reset_index(drop=True), **frames,
                               metadata={**scores.metadata, "selection": selection})


def _articles(n: int) -> str:
    return f"{n:,} article{'' if n == 1 else 's'}"


def _empty_selection(scores: Any, steps: list[tuple[str, str, int, int]], missing: dict[str, str],
                     largest: int, all_dates: Any) -> ParameterError:
    """The error of :func:`select_documents`: which filter emptied what, and the fix."""
    docs, manifest = scores.documents, scores.manifest
    trail = "; ".join(f"{name} ({asked}) kept {after} of {n}" for name, asked, n, after in steps)
    corpus = f"the corpus has {_articles(len(docs))} accepted"
    if missing:
        field, outlet = next(iter(missing.items()))
        items = manifest[manifest["outlet"].astype(str) == outlet]["status"].value_counts()
        if not (docs["outlet"] == outlet).any():
            seen = ", ".join(f"{n} {status}" for status, n in items.items()) or "no item"
            return ParameterError(f"outlet {outlet!r} has no accepted article in the corpus "
                                  f"(manifest: {seen})", field=field,
                                  hint=f"see the manifest's reasons, or choose another {field}")
        return ParameterError(f"outlet {outlet!r} has no article left after the filters: {trail}",
                              field=field, hint=f"widen the filters (date_from/date_to, min_docs) or "
                                                f"choose another {field}")
    if not steps or not len(docs):
        return ParameterError(f"no article to report on: {corpus} ({len(manifest):,} items in the "
                              "manifest)", field="corpus",
                              hint="see the manifest's reasons for the rejected items")
    name, asked, n, _ = next(step for step in steps if step[3] == 0)
    message = f"the parameters select no article: {trail}; {corpus}"
    if name == "outlets":
        known = set(manifest["outlet"].dropna().astype(str))
        hint = ("every item of these outlets was rejected (see the manifest)"
                if known & set(asked.split(", ")) else "no such outlet in the corpus")
        hint += "; outlets with articles: " + ", ".join(sorted(map(str, docs["outlet"].unique())))
    elif name == "date_from/date_to":
        dated = all_dates.dropna()
        hint = ("no article is dated; leave date_from and date_to empty" if dated.empty else
                f"the dated articles run from {dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}; "
                "choose dates in that span, or leave date_from and date_to empty")
    else:
        hint = (f"the largest outlet has {_articles(largest)} after the other filters; "
                f"set min_docs to at most {largest}")
    return ParameterError(message, field=name.split("/")[0], hint=hint)


def pick_article(documents: Any, article: int) -> str:
    """The ``doc_id`` of row ``article`` of the documents table (the ``article`` parameter).

    Raises
    ------
    ParameterError
        When there is no such row, naming the rows there are (``iloc`` raised
        pandas' IndexError, and a negative row silently counted from the end).
    """
    n = len(documents)
    if isinstance(article, bool) or not isinstance(article, int) or not 0 <= article < n:
        raise ParameterError(f"article {article!r} is out of range: the corpus has {_articles(n)}",
                             field="article", hint=f"give a row from 0 to {max(n - 1, 0)}")
    return str(documents["doc_id"].iloc[article])


def stance_method_text(metadata: Any) -> str:
    """One sentence naming how a run scored stance, for the report's text.

    Parameters
    ----------
    metadata : mapping
        ``Scores.metadata`` (``stance_method`` and, for a trained model, ``stance_model``).

    Returns
    -------
    str
        The lexicon rules, or the model's id, file, hash and training data; or
        that no stance was scored.
    """
    method = metadata.get("stance_method")
    if not method:
        return "Stance method: none (no targets were given, so no stance was scored)."
    if method == "lexicon":
        return ("Stance method: the transparent lexicon rules (valence words and loaded terms near each "
                "mention, negation, clause boundaries, roles), framing's default.")
    model = metadata.get("stance_model") or {}
    training = model.get("training") or {}
    text = f"Stance method: a trained classifier, {method}"
    if model.get("path"):
        text += f" (file {Path(model['path']).name}, sha256 {str(model.get('sha256', ''))[:12]})"
    if training.get("n_train"):
        source = training.get("data_source")
        text += (f", trained on {training['n_train']:,} labelled targets"
                 + (f" from {Path(str(source)).name}" if source else "")
                 + f" (data sha256 {str(training.get('data_sha256', ''))[:12]})")
    return text + "."


#: ``outlet`` of the :func:`corpus_overview` row counting what the report's filters left out.
LEFT_OUT_ROW = "(left out by the filters)"


def corpus_overview(scores: Any, duplicates: Any = None) -> Any:
    """Per-outlet counts of a report's documents, with the manifest's rejections and duplicates.

    Columns ``outlet, documents, sentences, words, first_date, last_date, undated,
    rejected, duplicates`` (exact copies, from the manifest) and ``syndicated``
    (near-duplicate copies left out of the comparisons).

    Rows: one per outlet of the report's documents, and one per outlet of the
    manifest without any accepted document (every item rejected: documents 0,
    rejected n), unless an ``outlets`` filter leaves it out; then the ``total``
    of those rows.  When the report's filters (``outlets``, ``date_from`` /
    ``date_to``, ``min_docs``, recorded in ``scores.metadata["selection"]`` by
    :func:`select_documents`) left anything out, a last row :data:`LEFT_OUT_ROW`
    counts the accepted documents left out and the rejected and duplicate items
    of the outlets not shown (words, sentences and dates empty): ``total`` plus
    that row accounts for every manifest item.
    """
    import pandas as pd

    from framing.corpus import manifest_summary

    docs = scores.documents
    manifest = scores.manifest
    chosen = [str(o) for o in ((getattr(scores, "metadata", None) or {}).get("selection") or {})
              .get("outlets") or []]
    names = manifest["outlet"].astype(str).where(manifest["outlet"].notna(), "(unknown)")
    accepted_outlets = set(names[manifest["status"] == "accepted"])
    # outlets without an accepted document were not left out by any filter but the outlet list
    empty = set(names) - accepted_outlets
    shown = set(docs["outlet"].astype(str)) | {o for o in empty if not chosen or o in chosen}
    in_view = names.isin(shown)
    table = manifest_summary(docs, manifest[in_view])
    sentences = scores.sentences.merge(docs[["doc_id", "outlet"]], on="doc_id").groupby("outlet").size()
    table.insert(2, "sentences", table["outlet"].map(sentences).fillna(0).astype("int64"))
    copies = {}
    if duplicates is not None and len(duplicates):
        copies = duplicates[~duplicates["is_first"].astype(bool)].groupby("outlet").size()
    table["syndicated"] = table["outlet"].map(copies).fillna(0).astype("int64") if len(copies) else 0
    total = table["outlet"] == "total"
    table.loc[total, "sentences"] = int(table.loc[~total, "sentences"].sum())
    table.loc[total, "syndicated"] = int(table.loc[~total, "syndicated"].sum())
    selected = set(docs["doc_id"])
    status = manifest["status"]
    left = {"documents": int(((status == "accepted") & ~manifest["doc_id"].isin(selected)).sum()),
            "rejected": int(((status == "rejected") & ~in_view).sum()),
            "duplicates": int(((status == "duplicate") & ~in_view).sum())}
    if any(left.values()):
        row = pd.DataFrame([{"outlet": LEFT_OUT_ROW, **left}])
        table = pd.concat([table, row], ignore_index=True)
        counts = ["sentences", "words", "undated", "syndicated"]
        table[counts] = table[counts].astype("Int64")  # empty (not 0) in the left-out row
    return table


def top_speakers(hits: Any, documents: Any, *, n: int = 10, terms: int = 5) -> Any:
    """Named speakers whose quoted words contain the most loaded terms.

    A surname written alone in some documents ("Macron") is counted under the one
    full name the corpus's speakers give it ("Emmanuel Macron"; the rule of
    :func:`framing.speaker_names.fuller_names`: a surname that two full names end
    with stays as written). Only one-word names are merged, and only into names of
    two or three capitalised words that start with a first name of the census
    lists or an initial: "Iran" is not "Iraq and Iran", "James Comey" not "A.M.
    James Comey". A known place or organisation word ("Washington", "Reuters") is
    not merged, nor a word that starts an organisation's name among the speakers
    ("Fox" when "Fox News" speaks too: not "Jeff Fox"). (Within a document, :mod:`framing.speakers` has already given a
    surname the full name the document writes.)

    Parameters
    ----------
    hits : pandas.DataFrame
        The hits frame (``doc_id, voice, speaker, entry``), or a hits-like frame
        such as :func:`term_hits` lines; an ``outlet`` column it holds is ignored
        (the outlet comes from ``documents``).
    documents : pandas.DataFrame
        The documents frame (``doc_id, outlet``).
    n : int, default 10
        Rows returned: the speakers with most hits.
    terms : int, default 5
        Lexicon entries listed per speaker.

    Returns
    -------
    pandas.DataFrame
        One row per speaker: ``speaker, hits, documents, outlets`` (outlets
        quoting them, with hit counts), ``top_terms`` (their most frequent
        lexicon entries) and ``also_named`` (the short names counted under
        ``speaker``, "" for none).
    """
    import pandas as pd

    from framing.quote_tags import cues
    from framing.speaker_names import fuller_names, is_first_name

    quoted = hits[(hits["voice"] == "quoted") & hits["speaker"].notna()]
    names = quoted["speaker"].astype(str).str.strip()
    quoted = quoted[names != ""]
    columns = ["speaker", "hits", "documents", "outlets", "top_terms", "also_named"]
    if quoted.empty:
        return pd.DataFrame(columns=columns)
    written = names[names != ""]
    unique = written.unique()
    longer = [w for w in unique if len(w.split()) > 1]
    names_ok = [w for w in longer if _full_name(w.split(), is_first_name)]
    # the other longer names still make a surname ambiguous ("Jeb Bush": "jeb" is no
    # census name) unless they end with the name taken ("Democrat Joe Biden")
    places = cues().places | cues().organisation_heads  # "Washington said", "Reuters reported"
    # a word that starts an organisation's name among the speakers ("Fox News", "Fox
    # News's motion") may be that organisation written short: "Fox" is not "Jeff Fox"
    places |= {ws[0].lower() for ws in map(str.split, longer)
               if any(_bare(w) in cues().organisation_heads for w in ws[1:])}
    full = fuller_names([w for w in unique if len(w.split()) == 1 and w.lower() not in places],
                        names_ok, others=set(longer) - set(names_ok))
    quoted = quoted.assign(written=written, speaker=written.map(lambda w: full.get(w, w)))
    # the documents frame says which outlet a document is from; hits-like frames that
    # carry an outlet already (kwic lines, term_hits) would give outlet_x / outlet_y
    quoted = quoted.drop(columns="outlet", errors="ignore").merge(
        documents[["doc_id", "outlet"]], on="doc_id", how="left")
    rows = []
    for speaker, group in quoted.groupby("speaker", sort=False):
        by_outlet = group["outlet"].value_counts()
        rows.append({
            "speaker": speaker, "hits": len(group), "documents": group["doc_id"].nunique(),
            "outlets": ", ".join(f"{o} ({c})" for o, c in by_outlet.items()),
            "top_terms": ", ".join(group["entry"].value_counts().head(terms).index.astype(str)),
            "also_named": ", ".join(sorted(set(group["written"]) - {speaker})),
        })
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["hits", "speaker"], ascending=[False, True]).head(n).reset_index(drop=True)


def _bare(word: str) -> str:
    """Lower-case ``word`` without a genitive ending ("News's" -> "news")."""
    return re.sub(r"['\u2019]s?$", "", word.lower())


def _full_name(words: list[str], is_first_name: Any) -> bool:
    """Two or three capitalised words from a first name on ("Emmanuel Macron",
    "George W. Bush", "Marine Le Pen"): what a surname is merged into."""
    return (2 <= len(words) <= 3 and is_first_name(words[0])
            and all(w[:1].isupper() for w in words[1:]))


#: Longest date span (days) drawn in weekly periods by :func:`choose_freq`; longer spans use months.
WEEKLY_MAX_DAYS = 16 * 7


def _dated(documents: Any, freq: str) -> tuple[Any, str, int]:
    """The documents' dates (NaT dropped), the period (``"W"``/``"M"``; ``freq`` or, for
    ``"auto"``, chosen by the span) and how many periods they fall into."""
    import pandas as pd

    from framing.docset import document_dates

    dates = pd.Series(document_dates(documents)).dropna()
    if dates.empty:
        return dates, freq, 0
    if freq == "auto":
        freq = "W" if (dates.max() - dates.min()).days <= WEEKLY_MAX_DAYS else "M"
    return dates, freq, dates.dt.to_period("W-SUN" if freq == "W" else "M").nunique()


def choose_freq(documents: Any, freq: str = "auto") -> str | None:
    """Period for time series: ``"W"`` or ``"M"``, or ``None`` when dates span one period only."""
    _, freq, periods = _dated(documents, freq)
    return freq if periods >= 2 else None


def _lacking(frame: Any, estimate: str, min_docs: int) -> tuple[int, int]:
    """(rows drawn without an interval for lack of documents, rows drawn)."""
    import numpy as np

    from framing.plot_common import lacks_interval

    drawn = np.isfinite(frame[estimate].to_numpy(dtype=float))
    return int(lacks_interval(frame, estimate, min_docs).sum()), int(drawn.sum())


def whisker_note(summary: Any) -> str:
    """Caption sentence for the stance rows of ``summary`` shown without whiskers ("" if none).

    Only rows drawn (a finite ``mean_score``) count, so rows without any value
    (or no rows) give ``""``.

    Parameters
    ----------
    summary : pandas.DataFrame
        The ``stance_summary`` rows a figure or table shows.
    """
    from framing.plot_common import min_docs_for_ci

    min_docs = min_docs_for_ci(summary)
    if not _lacking(summary, "mean_score", min_docs)[0]:
        return ""
    return (f" A dot without whiskers (– in the table) has fewer than {min_docs} articles "
            "mentioning the target, too few for an interval.")


def band_note(series: Any, *, metric: str, outlets: list[str] | None = None,
              period: str = "week") -> str:
    """Caption sentence on the interval bands of one metric of a time series.

    Parameters
    ----------
    series : pandas.DataFrame
        The ``timeseries`` frame.
    metric : str
        The metric drawn (``"rate_per_1000"``, ``"stance:Russia"``).
    outlets : list of str, optional
        The outlets drawn (default all).
    period : str
        ``"week"`` or ``"month"``.

    Returns
    -------
    str
        That bands are drawn; that they are drawn only where an outlet has
        enough contributing articles in the period; or, when no row has an
        interval, that none could be drawn and why; ``""`` when no row of the
        metric (and outlets) has a value, so nothing is drawn (an empty frame,
        a target never mentioned, undated articles only).  The level comes from
        ``series.attrs["ci"]``; a frame that records none (``pd.concat`` drops
        attrs that differ between its inputs) gets "confidence intervals"
        without a level.
    """
    from framing.plot_common import ci_level, min_docs_for_ci

    rows = series[series["metric"] == metric]
    if outlets is not None:
        rows = rows[rows["outlet"].isin(list(outlets))]
    min_docs = min_docs_for_ci(series)
    lacking, drawn = _lacking(rows, "value", min_docs)
    if not drawn:  # no finite value: nothing drawn, no band to explain
        return ""
    level = ci_level(series)
    intervals = f"{level} intervals" if level else "confidence intervals"
    articles = (f"articles mentioning {metric.split(':', 1)[1]}" if metric.startswith("stance:")
                else "articles")
    if not lacking:
        return f" Bands are {intervals}."
    if lacking == drawn:
        return (f" No band: no outlet has the {min_docs} {articles} in one {period} that an "
                "interval needs.")
    return (f" Bands are {intervals}, drawn where an outlet has at least {min_docs} "
            f"{articles} in the {period}.")


def _one_outlet(name: Any, what: str) -> str:
    """The note for a report of one outlet (``name``; None for none): nothing to ``what``."""
    only = f", {name}," if name is not None else ""
    return f"Only one outlet{only} is in this report: there is no other outlet to {what}."


def _outlet_list(names: Any) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def comparison_note(tests: Any, documents: Any, *, exclude_docs: Any = (), min_docs: int | None = None) -> str:
    """Why the tests of outlets against each other gave no row ("" when there are rows).

    Parameters
    ----------
    tests : pandas.DataFrame
        From :func:`framing.compare.compare_outlets`.
    documents : pandas.DataFrame
        The documents tested.
    exclude_docs : collection of str
        Documents left out of the tests (syndicated copies).
    min_docs : int, optional
        Articles an outlet needs to be tested (default
        :data:`framing.compare.MIN_DOCS_TEST`).

    Returns
    -------
    str
        That there is only one outlet (nothing to test it against), or which
        outlets have the articles a test needs and which do not.
    """
    from framing.compare import MIN_DOCS_TEST

    if len(tests):
        return ""
    need = MIN_DOCS_TEST if min_docs is None else min_docs
    kept = documents[~documents["doc_id"].isin(set(exclude_docs))]
    counts = kept["outlet"].astype(str).value_counts()
    if len(counts) < 2:
        return _one_outlet(counts.index[0] if len(counts) else None, "test it against")
    enough = list(counts[counts >= need].index)
    have = (f"only {_outlet_list(enough)} has {need} or more" if enough else
            f"the largest has {int(counts.max())}")
    return (f"A test needs two outlets with at least {need} articles each (syndicated copies counted "
            f"once); {have}.")


def distinctive_note(distinctive: Any, documents: Any, outlet: str | None = None, *,
                     outlets: list[str] | None = None, reference: str = "rest", voice: str = "all") -> str:
    """Why there are no distinctive terms to show ("" when there are).

    Parameters
    ----------
    distinctive : pandas.DataFrame
        From :func:`framing.distinctive.distinctive_terms`.
    documents : pandas.DataFrame
        The documents compared.
    outlet : str, optional
        One outlet (its figure): "" when it has a score (a finite ``z``).  Without
        it, the table of :func:`top_terms`: "" when an outlet of ``outlets`` (default
        all) uses a term more than its comparison group (``z > 0``).
    reference, voice : str
        As given to ``distinctive_terms``.

    Returns
    -------
    str
        That only one outlet is in the report (nothing to compare with), that an
        outlet or its comparison group has no words in the voice, or that no term
        is used more.
    """
    import numpy as np

    n_outlets = documents["outlet"].nunique()
    if reference == "rest" and n_outlets < 2:
        return _one_outlet(documents["outlet"].iloc[0] if n_outlets else None,
                           "compare its words with, so no term is distinctive")
    rows = distinctive if outlet is None else distinctive[distinctive["outlet"] == outlet]
    if outlet is None and outlets:
        rows = rows[rows["outlet"].isin(list(outlets))]
    z = rows["z"].to_numpy(dtype=float) if len(rows) else np.array([])
    group = "the other outlets" if reference == "rest" else reference
    words = "words" if voice == "all" else f"words in the {voice} voice"
    who = f"{outlet} or {group}" if outlet is not None else f"these outlets or {group}"
    if not np.isfinite(z).any():
        return f"No distinctive terms: {who} {'has' if outlet is not None else 'have'} no {words}."
    if outlet is None and not (z > 0).any():
        return f"No loaded term is used more per word by these outlets than by {group}."
    return ""


def period_note(documents: Any, freq: str = "auto") -> str:
    """Why :func:`choose_freq` gives no period for a time series ("" when it gives one)."""
    dates, freq, periods = _dated(documents, freq)
    if periods >= 2:
        return ""
    if dates.empty:
        return "No article has a date: no time series."
    if dates.min().normalize() == dates.max().normalize():
        return f"Every dated article is of {dates.min():%Y-%m-%d}: no time series."
    return (f"The dated articles ({dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}) fall into one "
            f"{'week' if freq == 'W' else 'month'}: no time series.")


def top_terms(distinctive: Any, *, n: int = 10, outlets: list[str] | None = None) -> Any:
    """The ``n`` most distinctive terms of each outlet (positive ``z`` only), one row per outlet."""
    import pandas as pd

    frame = distinctive[distinctive["z"] > 0]
    if outlets:
        frame = frame[frame["outlet"].isin(outlets)]
    rows = []
    for (outlet, reference), group in frame.groupby(["outlet", "reference"], sort=True):
        best = group.sort_values("z", ascending=False).head(n)
        rows.append({"outlet": outlet, "reference": reference,
                     "terms": ", ".join(f"{t} ({z:.1f})" for t, z in zip(best["term"], best["z"], strict=True))})
    return pd.DataFrame(rows, columns=["outlet", "reference", "terms"])


def term_hits(scores: Any, *, term: str = "", category: str = "", window: int | None = None,
              mode: str = "word", lexicons: Any = None) -> Any:
    """Hits of one lexicon term or category, or matches of any word or phrase, as a hits-like frame.

    Parameters
    ----------
    scores : Scores
        From :func:`framing.score_corpus` (or :func:`select_documents`).
    term : str
        A word or phrase; a ``*`` at the end of a word matches a stem (``"imperialis*"``).
    category : str
        A lexicon category: its hits (and, with ``term``, only those of the term).
    window : int, optional
        Words of context (default: that of :func:`framing.keyword_context.kwic`).
    mode : {"word", "entry"}, default "word"
        For a lexicon term: ``"word"`` counts every hit whose entry or matched text
        contains the term as a word, so ``"regime"`` also counts the hits of
        longer entries such as "Kyiv regime" or "regime change" (the matcher's
        longest match swallows the bare entry there); ``"entry"`` counts only the
        hits of the entry itself.
    lexicons : sequence of str, Path or Lexicon, optional
        The lexicons the corpus was scored with.  Default: reloaded from the ids
        in ``scores.metadata`` (built-in lexicons; a lexicon read from a file
        cannot be reloaded by its id, see Notes).

    Returns
    -------
    KwicFrame
        :func:`framing.keyword_context.kwic` lines: the ``hits`` columns the statistics
        use (``doc_id, sent_id, start, end, match, entry, category, voice, speaker``)
        with ``outlet``, ``left`` and ``right``; voice ``mixed`` is counted as
        ``author``.  ``attrs["source"]`` is ``"hits"`` or ``"text"`` (below) and
        ``attrs["entries"]`` lists the lexicon entries counted (for a text search,
        the term alone); ``category`` is the term itself for text matches.

    Notes
    -----
    Whether the term is a lexicon term is decided from the lexicons, never from
    the hits of the documents at hand, so the answer does not change with the
    corpus, the outlets or the dates selected: the term is a lexicon term when the
    scoring lexicons match the term itself (written without its ``*``) as one
    hit.  A lexicon term is counted through the hits (exclusions such as "tax
    regime", longest match and inflection as in scoring; no hit gives no line).
    Any other word or phrase is searched in the texts, its voice and speaker taken
    from the quotes.  When a scoring lexicon cannot be reloaded (a file, known to
    ``scores.metadata`` only by its id) and the term would be searched as text,
    a warning says so: pass ``lexicons=``.
    """
    from framing.keyword_context import kwic

    if not term and not category:
        raise ParameterError("give a term or a category", field="term", hint='e.g. term="regime"')
    if mode not in ("word", "entry"):
        raise ParameterError(f"unknown mode {mode!r}", field="mode",
                             hint="use 'word' (every hit containing the term) or 'entry'")
    context = {} if window is None else {"window": window}
    if category or _is_lexicon_term(term, scores, lexicons):
        lines = kwic(scores.documents, scores.hits, term=term or None, category=category or None,
                     mode=mode, **context)
        source, entries = "hits", sorted(set(lines["entry"].dropna()))
    else:
        lines = kwic(scores.documents, term, quotes=scores.quotes, sentences=scores.sentences, **context)
        lines["entry"] = term
        lines["category"] = term
        source, entries = "text", [term]
    lines["voice"] = lines["voice"].where(lines["voice"] != "mixed", "author")
    lines = lines.reset_index(drop=True)
    lines.attrs.update(source=source, entries=entries)
    return lines


def _is_lexicon_term(term: str, scores: Any, lexicons: Any) -> bool:
    """Whether the scoring lexicons match ``term`` itself (its words without ``*``) as one hit."""
    from framing.errors import FramingError
    from framing.lexicon import as_lexicons, load_lexicon
    from framing.matcher import Matcher

    unknown: list[str] = []
    if lexicons is not None:
        loaded = list(as_lexicons(lexicons))
    else:
        loaded = []
        for record in (getattr(scores, "metadata", None) or {}).get("lexicons", []):
            try:
                lexicon = load_lexicon(record["id"])
            except FramingError:
                unknown.append(record["id"])
                continue
            if record.get("sha256") not in (None, lexicon.sha256):
                unknown.append(record["id"])  # scored with another content under this id
                continue
            loaded.append(lexicon)
    text = " ".join(word.rstrip("*") for word in term.split())
    if loaded and text and any(hit.start == 0 and hit.end == len(text)
                               for hit in Matcher(loaded).find(text)):
        return True
    if unknown:
        logger.warning("term %r: searched in the texts as a word that is no lexicon entry, but "
                       "lexicon(s) %s cannot be reloaded from their id to check; if it is one of "
                       "their entries, pass lexicons=[<their files>] to term_hits", term,
                       ", ".join(unknown))
    return False


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if (record.levelname, message) not in self.messages:
            self.messages.append((record.levelname, message))


_COLLECTOR = _Collector()


def setup_notebook(*, dpi: int = 100, max_rows: int = 60, progress: bool = False) -> None:
    """Display settings for report notebooks, and collect ``framing`` log messages.

    Warnings and notes logged by ``framing`` (outlets left out of tests, undated
    documents...) are kept for :func:`log_notes` instead of being printed
    between figures.  Progress bars are off unless ``progress=True`` (for
    interactive notebooks): an executed report notebook (``framing report``, or
    papermill run by hand) would keep their debris.
    """
    import matplotlib
    import pandas as pd

    from framing.progress import set_progress

    set_progress(None if progress else False)

    matplotlib.rcParams["figure.dpi"] = dpi
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.width", 200)
    log = logging.getLogger("framing")
    if _COLLECTOR not in log.handlers:
        log.addHandler(_COLLECTOR)
    log.setLevel(logging.INFO)
    log.propagate = False


def log_notes():
    """The messages ``framing`` logged since :func:`setup_notebook`, as an escaped list."""
    from framing.display import HTML

    if not _COLLECTOR.messages:
        return HTML('<p class="framing-note">No warnings were raised during the analysis.</p>')
    items = "".join(f"<li><b>{html.escape(level.lower())}</b>: {html.escape(text)}</li>"
                    for level, text in _COLLECTOR.messages)
    return HTML(f"<ul>{items}</ul>")


def show_figure(fig: Any, name: str, output_dir: str | os.PathLike[str] | None, caption: str = "") -> None:
    """Show a figure with ``caption`` under it, save it as ``figures/<name>.png``, close it.

    The PNG is rendered once and used for both the file and the display.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    figure = fig if hasattr(fig, "savefig") else fig.figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
    plt.close(figure)
    png = buffer.getvalue()
    if output_dir:
        with atomic_path(Path(output_dir) / "figures" / f"{file_stem(name)}.png") as tmp:
            tmp.write_bytes(png)
    display(Image(data=png, format="png"))
    if caption:
        display(note(caption))
