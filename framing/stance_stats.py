"""Stance toward each target per outlet, with coverage beside framing.

How favourable an outlet is toward a target means little without how often it
mentions the target, so every row carries both: ``coverage`` (share of the
outlet's sentences that mention the target) next to ``mean_score`` (mean stance
of those mentions, -1..1) and the against / neutral / favor distribution.
Intervals come from the same document-level bootstrap as the loaded-term rates
(the same draws for the same seed): the mean score is a ratio estimator,
``sum(scores) / number of scored mentions`` over the resampled documents.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.doccounts import VOICES, Voice, check_voices, sentence_arrays, voice_masks
from framing.docset import (
    DocSet,
    canonical_order,
    int_values,
    positions,
    prepare_documents,
    require_columns,
    str_values,
)
from framing.errors import InputError, ParameterError
from framing.resample import (
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    DEFAULT_SEED,
    bootstrap_weights,
    check_resampling,
    child_rng,
    contributing_docs,
    has_interval,
    percentile_interval,
    record_resampling,
    resolve_seed,
    safe_ratio,
)

logger = logging.getLogger(__name__)

__all__ = ["STANCE_SUMMARY_COLUMNS", "LABELS", "StanceTable", "stance_table", "stance_summary"]

#: Stance labels, in the order of the ``n_*`` and ``share_*`` columns.
LABELS = ("against", "neutral", "favor")
#: Distinct unknown labels named in the error message (the rest are counted).
MAX_LABELS_LISTED = 5

STANCE_SUMMARY_COLUMNS = [
    "outlet", "target", "voice", "n_docs", "n_mentions", "n_sentences",
    "sentences_with_target", "coverage", "mean_score", "ci_low", "ci_high",
    "n_against", "n_neutral", "n_favor", "share_against", "share_neutral", "share_favor",
]


@dataclass(frozen=True)
class StanceTable:
    """Per-document stance counts in canonical order (cells: target x voice).

    Attributes
    ----------
    docs : DocSet
    cells : pandas.DataFrame
        ``target, voice`` for each column of the matrices.
    mentions, scored, score_sum, sentences_with_target, sentences : numpy.ndarray
        Shape ``(n_docs, n_cells)``: stance rows, rows with a score, sum of
        scores, sentences mentioning the target, sentences in the voice.
    labels : numpy.ndarray
        Shape ``(n_docs, n_cells, 3)``: counts of :data:`LABELS`.
    """

    docs: DocSet
    cells: pd.DataFrame
    mentions: np.ndarray
    scored: np.ndarray
    score_sum: np.ndarray
    sentences_with_target: np.ndarray
    sentences: np.ndarray
    labels: np.ndarray


def stance_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    stance: pd.DataFrame,
    *,
    targets: str | Sequence[str] | None = None,
    voice: Sequence[Voice] | Voice = VOICES,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> StanceTable:
    """Aggregate the stance frame to per-document counts (see :func:`stance_summary`).

    Stance rows are sorted (document, ``sent_id``, target, score) before their
    scores are summed, so the float sums, and every result built on them, are
    exactly the same for any row order of the input frames.
    """
    voices = check_voices(voice)
    docs = prepare_documents(documents, exclude_docs=exclude_docs, doc_weights=doc_weights)
    need_quoted = any(v != "all" for v in voices)
    require_columns(
        sentences,
        ["doc_id", "sent_id", "n_tokens"] + (["n_quoted_tokens"] if need_quoted else []),
        "sentences",
    )
    require_columns(stance, ["doc_id", "sent_id", "target", "score", "label", "voice"], "stance")
    n = len(docs)
    s_doc, lookup, _, voice_sent = sentence_arrays(docs, sentences, need_quoted)
    st_doc = positions(docs.doc_id, str_values(stance["doc_id"]))
    keep = np.flatnonzero(st_doc >= 0)
    st_doc = st_doc[keep]
    sent_id = int_values(stance["sent_id"].iloc[keep], "sent_id", "stance")
    st_sent = lookup(st_doc, sent_id)
    st_target = str_values(stance["target"].iloc[keep])
    if isinstance(targets, str):  # one target, not its letters
        targets = [targets]
    names = sorted(set(st_target)) if targets is None else _check_targets(targets)
    if targets is not None:
        _warn_spelling(names, str_values(stance["target"]))
    t_code = positions(names, st_target)
    score = pd.to_numeric(stance["score"].iloc[keep], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan)
    label = positions(list(LABELS), _check_labels(str_values(stance["label"]))[keep])
    masks = voice_masks(str_values(stance["voice"].iloc[keep]))
    # the scores of a cell are summed in one order whatever the row order of the input
    # (a float sum depends on its order): by document, sentence id, target, score
    rows = np.lexsort((score, t_code, sent_id, st_doc))
    st_doc, st_sent, t_code, score, label = (a[rows] for a in (st_doc, st_sent, t_code, score, label))
    masks = {v: m[rows] for v, m in masks.items()}

    n_t, n_v = len(names), len(voices)
    k = n_t * n_v
    mentions, scored, score_sum = (np.zeros(n * k) for _ in range(3))
    labels = np.zeros((n * k, len(LABELS)))
    swt = np.zeros(n * k)
    sent_counts = np.zeros((n, n_v))
    for vi, v in enumerate(voices):
        sel = masks[v] & (t_code >= 0)
        key = st_doc[sel] * k + t_code[sel] * n_v + vi
        mentions += np.bincount(key, minlength=n * k)
        has = ~np.isnan(score[sel])
        scored += np.bincount(key[has], minlength=n * k)
        score_sum += np.bincount(key[has], weights=score[sel][has], minlength=n * k)
        for li in range(len(LABELS)):
            labels[:, li] += np.bincount(key[label[sel] == li], minlength=n * k)
        # each sentence counts once per target, and only if it has words in the voice
        in_voice = (st_sent[sel] >= 0) & voice_sent[v][np.maximum(st_sent[sel], 0)]
        pairs = np.unique(np.stack([st_sent[sel][in_voice], key[in_voice]], axis=1), axis=0)
        swt += np.bincount(pairs[:, 1], minlength=n * k) if len(pairs) else 0.0
        sent_counts[:, vi] = np.bincount(s_doc, weights=voice_sent[v].astype(float), minlength=n)

    def shaped(a):
        return a.reshape(n, k)

    sentences_in_voice = np.tile(sent_counts, (1, n_t))  # column t * n_v + v
    cells = pd.DataFrame([(t, v) for t in names for v in voices], columns=["target", "voice"])
    lab = labels.reshape(n, k, len(LABELS))
    order = canonical_order(docs, shaped(mentions), shaped(scored), shaped(score_sum),
                            lab.reshape(n, k * len(LABELS)), shaped(swt), sentences_in_voice)
    return StanceTable(
        docs=docs.take(order), cells=cells, mentions=shaped(mentions)[order],
        scored=shaped(scored)[order], score_sum=shaped(score_sum)[order],
        sentences_with_target=shaped(swt)[order], sentences=sentences_in_voice[order],
        labels=lab[order],
    )


def _check_targets(targets: Sequence[str]) -> list[str]:
    """The requested target names; a :class:`ParameterError` naming a repeated one
    (each name is one block of rows: a repeat cannot be given two sets of rows)."""
    names = [str(t) for t in targets]
    repeated = [name for name in dict.fromkeys(names) if names.count(name) > 1]
    if repeated:
        raise ParameterError(
            f"targets lists {', '.join(map(repr, repeated))} more than once: {names!r}",
            field="targets",
            hint="name each target once, e.g. targets=list(dict.fromkeys(targets))",
        )
    return names


def _check_labels(labels: np.ndarray) -> np.ndarray:
    """``labels`` unchanged; an :class:`InputError` naming any label other than
    :data:`LABELS` (a missing label is an unlabelled mention)."""
    values = pd.Series(labels, dtype=object)
    unknown = values[values.notna() & ~values.isin(LABELS)]
    if len(unknown):
        counts = unknown.value_counts(sort=True)
        listed = ", ".join(f"{v!r} ({c} row{'s' if c > 1 else ''})"
                           for v, c in counts.iloc[:MAX_LABELS_LISTED].items())
        more = (f" and {len(counts) - MAX_LABELS_LISTED} more"
                if len(counts) > MAX_LABELS_LISTED else "")
        raise InputError(
            f"stance labels must be one of {', '.join(map(repr, LABELS))}; the stance frame "
            f"has {listed}{more}",
            field="label",
            hint="map them first, e.g. stance.assign(label=stance['label'].str.strip()"
                 ".str.lower().replace({'positive': 'favor', 'negative': 'against'})); "
                 "a missing label (None) counts as an unlabelled mention",
        )
    return labels


def _warn_spelling(requested: Sequence[str], known: np.ndarray) -> None:
    """Warn about requested targets that match a target of the stance frame only
    when case and surrounding spaces are ignored (they would get coverage 0)."""
    folded: dict[str, set[str]] = {}
    for name in set(known) - {None}:
        folded.setdefault(name.strip().casefold(), set()).add(name)
    present = set(known)
    for name in requested:
        if name not in present and name.strip().casefold() in folded:
            spelling = sorted(folded[name.strip().casefold()])
            logger.warning("target %r is not in the stance frame, which has %s: targets match "
                           "exactly, so %r gets coverage 0 (write it as in the stance frame)",
                           name, " and ".join(map(repr, spelling)), name)


def stance_summary(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    stance: pd.DataFrame,
    *,
    targets: str | Sequence[str] | None = None,
    voice: Sequence[Voice] | Voice = VOICES,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Mean stance, label distribution and coverage per outlet x target x voice.

    Parameters
    ----------
    documents, sentences, stance : pandas.DataFrame
        The pipeline's frames (:mod:`framing.schema`).
    targets : str or sequence of str, optional
        Target(s) to report, each once (default: every target in ``stance``); a
        listed target that is never mentioned gets rows with zero coverage.  Names match
        exactly; one that matches a target of ``stance`` only when case is ignored
        (``"russia"`` for ``"Russia"``) is reported in a logged warning naming the
        frame's spelling.
    voice : str or sequence of {"all", "author", "quoted"}
        ``author``: mentions with voice ``author``/``scare_quote`` among sentences
        with author-voice words; ``quoted``: mentions with voice ``quoted`` among
        sentences with quoted words; ``all``: every mention among all sentences.
    n_boot, seed, ci
        Document-level bootstrap of each outlet (same draws as
        :func:`framing.loaded_rates` for the same seed).
    exclude_docs, doc_weights
        Syndication control, see :func:`framing.doc_counts`.

    Returns
    -------
    pandas.DataFrame
        :data:`STANCE_SUMMARY_COLUMNS`.  ``n_docs``: documents with at least one
        scored mention of the target in the voice (the documents that
        contribute to ``mean_score``, the clusters behind its interval);
        ``n_mentions``: stance rows; ``n_sentences``: the outlet's sentences in
        the voice; ``coverage = sentences_with_target / n_sentences``;
        ``mean_score`` over mentions with a score; ``share_*``: share of the
        labelled mentions with each label.  With ``doc_weights`` counts are
        weighted sums.  The interval of ``mean_score`` is NaN where ``n_docs``
        is below :data:`~framing.resample.MIN_DOCS_FOR_CI` (5), however many
        documents the outlet has (a target mentioned in 2 of 30 articles has
        none); ``attrs["n_no_interval"]`` counts those rows and
        ``attrs["min_docs_for_ci"]`` records the threshold; ``attrs["ci"]``,
        ``attrs["n_boot"]`` and ``attrs["seed"]`` record the resampling.

    Raises
    ------
    ParameterError
        A target named twice in ``targets``, or an invalid ``voice``, ``n_boot``
        or ``ci``.
    InputError
        Missing columns, or a ``label`` other than ``against``, ``neutral`` or
        ``favor`` (``"Against"``, ``"positive"``): the error names them.  A
        missing label (None/NaN) is an unlabelled mention: it counts in
        ``n_mentions`` and ``mean_score`` but in no ``share_*``.
    """
    check_resampling(n_boot, ci)
    seed = resolve_seed(seed)
    table = stance_table(documents, sentences, stance, targets=targets, voice=voice,
                         exclude_docs=exclude_docs, doc_weights=doc_weights)
    k = len(table.cells)
    w = table.docs.weight[:, None]
    rows, n_no_interval = [], 0
    for outlet, idx in table.docs.blocks().items():
        score_sum, scored = (table.score_sum[idx] * w[idx]), (table.scored[idx] * w[idx])
        boot = bootstrap_weights(child_rng(seed, "boot", outlet), len(idx), n_boot)
        lo, hi = percentile_interval(safe_ratio(boot @ score_sum, boot @ scored), ci)
        n_docs = contributing_docs(table.scored[idx])
        ok = has_interval(n_docs)
        lo, hi = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
        n_no_interval += int((~ok).sum())
        mentions = (table.mentions[idx] * w[idx]).sum(0)
        labels = (table.labels[idx] * w[idx][:, :, None]).sum(0)
        swt = (table.sentences_with_target[idx] * w[idx]).sum(0)
        n_sent = (table.sentences[idx] * w[idx]).sum(0)
        row = {
            "outlet": np.full(k, outlet, dtype=object),
            "n_docs": n_docs,
            "n_mentions": mentions, "n_sentences": n_sent, "sentences_with_target": swt,
            "coverage": safe_ratio(swt, n_sent),
            "mean_score": safe_ratio(score_sum.sum(0), scored.sum(0)), "ci_low": lo, "ci_high": hi,
        }
        labelled = labels.sum(1)
        for li, name in enumerate(LABELS):
            row[f"n_{name}"] = labels[:, li]
            row[f"share_{name}"] = safe_ratio(labels[:, li], labelled)
        rows.append(row)
    data = {c: np.concatenate([r[c] for r in rows]) if rows else np.zeros(0)
            for c in STANCE_SUMMARY_COLUMNS if c not in ("target", "voice")}
    data["target"] = np.tile(table.cells["target"].to_numpy(dtype=object), len(rows))
    data["voice"] = np.tile(table.cells["voice"].to_numpy(dtype=object), len(rows))
    out = pd.DataFrame(data, columns=STANCE_SUMMARY_COLUMNS)
    record_resampling(out, ci=ci, n_boot=n_boot, seed=seed, n_no_interval=n_no_interval,
                      rows=len(out), what="stance rows", log=logger,
                      detail=" (a scored mention of the target)")
    return out
