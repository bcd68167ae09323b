"""Per-document counts: the one home of doc-level aggregation of sentences and hits.

Every comparison statistic resamples documents, so sentences and hits are first
summed per document (:func:`count_table`, the arrays; :func:`doc_counts`, the
same as a tidy frame): words, hits, sentences and sentences with a hit, per
document x [target] x category x voice.  Documents come out in canonical
order (:func:`framing.docset.canonical_order`), ready for :mod:`framing.resample`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from framing.docset import (
    DocSet,
    canonical_order,
    float_values,
    int_values,
    positions,
    prepare_documents,
    require_columns,
    str_values,
)
from framing.errors import InputError, ParameterError

__all__ = [
    "Voice",
    "By",
    "VOICES",
    "AUTHOR_VOICES",
    "QUOTED_VOICES",
    "ALL",
    "CountTable",
    "check_voices",
    "sentence_arrays",
    "voice_masks",
    "SPAN_KEY",
    "first_of_span",
    "count_table",
    "doc_counts",
]

Voice = Literal["all", "author", "quoted"]
By = Literal["category", "target"]

#: The voices statistics are split by.  ``author``: hits in the outlet's own voice
#: (voice ``author`` or ``scare_quote``) per author-voice word
#: (``n_tokens - n_quoted_tokens``); ``quoted``: hits inside quotations per quoted
#: word (``n_quoted_tokens``); ``all``: every hit per word.
VOICES: tuple[Voice, ...] = ("all", "author", "quoted")
#: Hit (and mention) voices that count as the outlet's own voice.
AUTHOR_VOICES = frozenset({"author", "scare_quote"})
#: Hit (and mention) voices that count as quoted speech.
QUOTED_VOICES = frozenset({"quoted"})
#: Category label of rows that pool all categories (and of hits without a category).
ALL = "all"


@dataclass(frozen=True)
class CountTable:
    """Per-document counts in canonical order (the input of every resampling).

    Attributes
    ----------
    docs : DocSet
        The documents, sorted by :func:`canonical_order` (hence by outlet first).
    cells : pandas.DataFrame
        One row per column of the matrices: ``target`` (only when split by
        target), ``category``, ``voice``.
    hits, words, sentences, sentences_with_hit : numpy.ndarray
        Unweighted counts, shape ``(n_docs, n_cells)``.
    """

    docs: DocSet
    cells: pd.DataFrame
    hits: np.ndarray
    words: np.ndarray
    sentences: np.ndarray
    sentences_with_hit: np.ndarray

    def outlet_blocks(self) -> dict[str, np.ndarray]:
        """Outlet -> positions of its documents (contiguous, canonical order)."""
        return self.docs.blocks()


def check_voices(voice: str | Sequence[str]) -> tuple[str, ...]:
    """The voices asked for as a tuple; :class:`ParameterError` for unknown or repeated ones."""
    voices = (voice,) if isinstance(voice, str) else tuple(voice)
    bad = [v for v in voices if v not in VOICES]
    if bad or not voices or len(set(voices)) != len(voices):
        raise ParameterError(
            f"voice must be one or more distinct of {VOICES}, got {voice!r}",
            field="voice",
            hint="e.g. voice='author' or voice=('all', 'author', 'quoted')",
        )
    return voices


def _check_by(by: str | Sequence[str]) -> tuple[str, ...]:
    items = (by,) if isinstance(by, str) else tuple(by)
    for item in items:
        if item == "voice":
            raise ParameterError(
                "voices are chosen with the voice= option, not by=",
                field="by",
                hint="drop 'voice' from by and pass voice=('all', 'author', 'quoted')",
            )
        if item not in ("category", "target"):
            raise ParameterError(
                f"by may contain 'category' and 'target', got {item!r}",
                field="by",
                hint="e.g. by=('category',) or by=('category', 'target')",
            )
    return items


def _sentence_lookup(sent_docpos: np.ndarray, sent_ids: np.ndarray, doc_ids: np.ndarray):
    """Integer key (doc position, sent_id) -> sentence row, as a lookup function.

    ``doc_ids`` (by document position) names a repeated (doc_id, sent_id) pair in
    the :class:`InputError` raised when a sentence occurs more than once.
    """
    span = int(sent_ids.max()) + 1 if len(sent_ids) else 1
    index = pd.Index(sent_docpos.astype(np.int64) * span + sent_ids.astype(np.int64))
    if not index.is_unique:
        row = int(np.flatnonzero(index.duplicated())[0])
        pair = (str(doc_ids[sent_docpos[row]]), int(sent_ids[row]))
        n_rep = int(index.duplicated().sum())
        raise InputError(
            f"sentences has {n_rep} repeated (doc_id, sent_id) row(s), e.g. {pair!r}; "
            "each sentence must occur once",
            field="sentences",
            hint="pass the sentences of one scoring run (two runs concatenated repeat "
                 "every sentence): drop repeats with "
                 "sentences.drop_duplicates(['doc_id', 'sent_id'])",
        )

    def lookup(docpos: np.ndarray, sid: np.ndarray) -> np.ndarray:
        ok = (docpos >= 0) & (sid >= 0) & (sid < span)
        key = np.where(ok, docpos.astype(np.int64) * span + sid.astype(np.int64), -1)
        rows = index.get_indexer(key)
        return np.where(ok, rows, -1)

    return lookup


def sentence_arrays(docs: DocSet, sentences: pd.DataFrame, need_quoted: bool):
    """Sentences of the analysed documents as arrays.

    Returns
    -------
    s_doc : numpy.ndarray
        Document position of each kept sentence.
    lookup : callable
        ``lookup(doc_positions, sent_ids)`` -> kept-sentence row (-1 if none).
    voice_words, voice_sent : dict
        Voice -> words of each sentence in that voice, and whether the sentence
        has any word in that voice (the denominators of rates and shares).

    Raises
    ------
    InputError
        If a (doc_id, sent_id) pair of the analysed documents occurs more than once.
    """
    s_doc = positions(docs.doc_id, str_values(sentences["doc_id"]))
    keep = np.flatnonzero(s_doc >= 0)
    s_doc = s_doc[keep]
    lookup = _sentence_lookup(
        s_doc, int_values(sentences["sent_id"].iloc[keep], "sent_id", "sentences"),
        np.asarray(docs.doc_id))
    n_tok = float_values(sentences["n_tokens"].iloc[keep])
    n_q = (float_values(sentences["n_quoted_tokens"].iloc[keep]) if need_quoted
           else np.zeros(len(keep)))
    voice_words = {"all": n_tok, "author": np.maximum(n_tok - n_q, 0.0), "quoted": n_q}
    voice_sent = {
        "all": np.ones(len(keep), dtype=bool),
        "author": voice_words["author"] > 0,
        "quoted": n_q > 0,
    }
    return s_doc, lookup, voice_words, voice_sent


def voice_masks(values: np.ndarray) -> dict[str, np.ndarray]:
    """Voice -> which hits (or mentions) with these ``voice`` values count in it."""
    return {
        "all": np.ones(len(values), dtype=bool),
        "author": positions(sorted(AUTHOR_VOICES), values) >= 0,
        "quoted": positions(sorted(QUOTED_VOICES), values) >= 0,
    }


#: Columns that identify one matched span: a hit row repeating them is the same word of the
#: same lexicon under another category (a LIWC entry listed in several categories).
SPAN_KEY = ("doc_id", "start", "end", "lexicon")


def first_of_span(hits: pd.DataFrame) -> np.ndarray:
    """Whether each hit row is the first of its span (:data:`SPAN_KEY`).

    The pooled (category ``all``) counts take only these rows, so a word counts
    once however many categories of its lexicon list it.  Without the span
    columns every row counts as its own span.
    """
    if not set(SPAN_KEY).issubset(hits.columns):
        return np.ones(len(hits), dtype=bool)
    return ~hits.duplicated(list(SPAN_KEY)).to_numpy()


def count_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> CountTable:
    """Aggregate sentences and hits to per-document counts (see :func:`doc_counts`)."""
    by = _check_by(by)
    voices = check_voices(voice)
    docs = prepare_documents(documents, exclude_docs=exclude_docs, doc_weights=doc_weights)
    need_quoted = any(v != "all" for v in voices)
    require_columns(
        sentences,
        ["doc_id", "sent_id", "n_tokens"] + (["n_quoted_tokens"] if need_quoted else []),
        "sentences",
    )
    require_columns(hits, ["doc_id", "sent_id", "voice"] + ["category"] * ("category" in by), "hits")
    n = len(docs)

    s_doc, lookup, voice_words, voice_sent = sentence_arrays(docs, sentences, need_quoted)
    n_sents = len(s_doc)

    h_doc = positions(docs.doc_id, str_values(hits["doc_id"]))
    keep = np.flatnonzero(h_doc >= 0)
    h_doc = h_doc[keep]
    n_hits = len(keep)
    h_sent = lookup(h_doc, int_values(hits["sent_id"].iloc[keep], "sent_id", "hits"))
    voice_ok = voice_masks(str_values(hits["voice"].iloc[keep]))
    h_first = first_of_span(hits.iloc[keep])
    if "category" in by:
        h_cat_str = str_values(hits["category"].iloc[keep])
        h_cat_str[pd.isna(h_cat_str)] = "uncategorised"
        codes, uniques = pd.factorize(h_cat_str, sort=True)
        categories = [str(c) for c in uniques if c != ALL]
        h_cat = positions(categories, uniques)[codes] + 1
    else:
        categories, h_cat = [], np.zeros(n_hits, dtype=np.int64)

    if "target" in by:
        if stance is None:
            raise ParameterError(
                "by='target' needs the stance frame (which sentences mention which target)",
                field="stance",
                hint="pass stance=<the pipeline's stance frame>",
            )
        require_columns(stance, ["doc_id", "sent_id", "target"], "stance")
        st_doc = positions(docs.doc_id, str_values(stance["doc_id"]))
        keep = np.flatnonzero(st_doc >= 0)
        st_rows = lookup(st_doc[keep], int_values(stance["sent_id"].iloc[keep], "sent_id", "stance"))
        t_code, targets = pd.factorize(str_values(stance["target"].iloc[keep]), sort=True)
        targets = [str(t) for t in targets]
        pairs = np.unique(np.stack([st_rows, t_code], axis=1)[st_rows >= 0], axis=0)
        pair_sent, pair_t = pairs[:, 0], pairs[:, 1]
        # hits reach every target their sentence mentions (pairs are sorted by sentence)
        lo = np.searchsorted(pair_sent, h_sent, side="left")
        reps = np.where(h_sent >= 0, np.searchsorted(pair_sent, h_sent, side="right") - lo, 0)
        hp = np.repeat(np.arange(n_hits), reps)
        offset = np.arange(len(hp)) - np.repeat(np.cumsum(reps) - reps, reps)
        hp_t = pair_t[np.repeat(lo, reps) + offset]
    else:
        targets = [None]
        pair_sent, pair_t = np.arange(n_sents), np.zeros(n_sents, dtype=np.int64)
        hp, hp_t = np.arange(n_hits), np.zeros(n_hits, dtype=np.int64)

    n_t, n_c, n_v = len(targets), len(categories) + 1, len(voices)
    k = n_t * n_c * n_v
    base_words = np.zeros((n, n_t, n_v))
    base_sent = np.zeros((n, n_t, n_v))
    key = s_doc[pair_sent] * n_t + pair_t
    for vi, v in enumerate(voices):
        base_words[:, :, vi] = np.bincount(
            key, weights=voice_words[v][pair_sent], minlength=n * n_t
        ).reshape(n, n_t)
        base_sent[:, :, vi] = np.bincount(
            key, weights=voice_sent[v][pair_sent].astype(float), minlength=n * n_t
        ).reshape(n, n_t)
    words = np.broadcast_to(base_words[:, :, None, :], (n, n_t, n_c, n_v)).reshape(n, k).copy()
    n_sent = np.broadcast_to(base_sent[:, :, None, :], (n, n_t, n_c, n_v)).reshape(n, k).copy()

    hit_counts = np.zeros(n * k)
    swh_keys = []
    hp_doc, hp_sent, hp_cat = h_doc[hp], h_sent[hp], h_cat[hp]
    levels = [np.zeros(len(hp), dtype=np.int64)] + ([hp_cat] if categories else [])
    for vi, v in enumerate(voices):
        ok = voice_ok[v][hp]
        in_voice = np.zeros(len(hp), dtype=bool)
        in_voice[hp_sent >= 0] = voice_sent[v][hp_sent[hp_sent >= 0]]
        for li, level in enumerate(levels):
            # level 0 pools the hits, each span once (a LIWC entry with several categories
            # gives one hit row per category); the category level skips hits labelled "all"
            sel = ok & h_first[hp] if li == 0 else ok & (level > 0)
            cell = (hp_t * n_c + level) * n_v + vi
            hit_counts += np.bincount(hp_doc[sel] * k + cell[sel], minlength=n * k)
            both = sel & in_voice
            swh_keys.append(np.stack([hp_sent[both], hp_doc[both] * k + cell[both]], axis=1))
    swh = np.zeros(n * k)
    if swh_keys:
        uniq = np.unique(np.concatenate(swh_keys), axis=0)
        swh = np.bincount(uniq[:, 1], minlength=n * k).astype(float)
    hit_counts = hit_counts.reshape(n, k)
    swh = swh.reshape(n, k)

    combos = [(t, c, v) for t in targets for c in [ALL, *categories] for v in voices]
    cells = pd.DataFrame(
        [combo if "target" in by else combo[1:] for combo in combos],
        columns=["target", "category", "voice"] if "target" in by else ["category", "voice"],
    )
    order = canonical_order(docs, words, n_sent, hit_counts, swh)
    return CountTable(
        docs=docs.take(order),
        cells=cells,
        hits=hit_counts[order],
        words=words[order],
        sentences=n_sent[order],
        sentences_with_hit=swh[order],
    )


def doc_counts(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Per-document counts behind every rate: the one home of doc-level aggregation.

    Parameters
    ----------
    documents, sentences, hits : pandas.DataFrame
        The pipeline's frames (:mod:`framing.schema`).  ``documents`` defines the
        analysed documents: rows of the other frames for other doc_ids are ignored.
    stance : pandas.DataFrame, optional
        Needed with ``by`` containing ``"target"``: its (sentence, target) pairs
        say which sentences mention which target.
    by : sequence of {"category", "target"}
        Splits besides voice; rows with category ``"all"`` are always included.
        They count each matched span once (:data:`SPAN_KEY`: a LIWC entry listed
        in several categories is one hit there, and one in each of its categories).
    voice : str or sequence of {"all", "author", "quoted"}
        Voices to count (see :data:`VOICES`).
    exclude_docs : iterable of str, optional
        doc_ids to leave out (e.g. :func:`framing.exclusion_set` of the duplicates).
    doc_weights : mapping or Series, optional
        doc_id -> weight (e.g. :func:`framing.doc_weights` of the duplicates:
        1 / cluster size); unlisted documents weigh 1.

    Returns
    -------
    pandas.DataFrame
        One row per document x [target] x category x voice: ``doc_id, outlet, date,
        weight, [target], category, voice, words, hits, n_sentences,
        sentences_with_hit`` (unweighted counts).  With a target split, words and
        sentences are those of the sentences mentioning the target.

    Raises
    ------
    InputError
        A required column is missing, a doc_id repeats in ``documents``, or a
        (doc_id, sent_id) pair repeats in ``sentences`` (e.g. the sentences of two
        runs concatenated; the error names the first repeated pair).
    ParameterError
        An unknown ``by`` or ``voice``, or invalid weights.
    """
    table = count_table(
        documents, sentences, hits, stance=stance, by=by, voice=voice,
        exclude_docs=exclude_docs, doc_weights=doc_weights,
    )
    n, k = table.hits.shape
    rows = np.repeat(np.arange(n), k)
    columns = {
        "doc_id": table.docs.doc_id[rows],
        "outlet": table.docs.outlet[rows],
        "date": table.docs.date[rows],
        "weight": table.docs.weight[rows],
    }
    for col in table.cells.columns:
        columns[col] = np.tile(table.cells[col].to_numpy(dtype=object), n)
    columns["words"] = table.words.ravel()
    columns["hits"] = table.hits.ravel()
    columns["n_sentences"] = table.sentences.ravel()
    columns["sentences_with_hit"] = table.sentences_with_hit.ravel()
    out = pd.DataFrame(columns)
    return out
