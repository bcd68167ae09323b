"""Loaded-term rates and stance over time, by week or month, with intervals.

Documents are binned by their ``date`` into periods (weeks starting on Monday,
or calendar months); each (outlet, period) is a stratum resampled on its own
with the document-level bootstrap.  Documents without a date cannot be placed
in a period: they are counted, logged and reported in the result's ``attrs``
(``n_undated`` and ``undated_by_outlet``), never dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from framing.doccounts import Voice, count_table
from framing.docset import DocSet
from framing.errors import ParameterError
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
from framing.stance_stats import stance_table

__all__ = ["TIMESERIES_COLUMNS", "FREQS", "period_start", "rates_over_time", "stance_over_time"]

logger = logging.getLogger(__name__)

Freq = Literal["W", "M"]
RateMetric = Literal["rate_per_1000", "share_sentences"]
StanceMetric = Literal["stance", "coverage"]
#: Period lengths: ``W`` weeks (Monday to Sunday), ``M`` calendar months.
FREQS: tuple[Freq, ...] = ("W", "M")
TIMESERIES_COLUMNS = ["period", "freq", "outlet", "metric", "value", "ci_low", "ci_high", "n_docs"]
_PERIOD_ALIAS = {"W": "W-SUN", "M": "M"}  # pandas period aliases (W-SUN: weeks end on Sunday)
_PER_WORDS = 1000.0


def period_start(dates: np.ndarray | pd.Series, freq: Freq) -> np.ndarray:
    """Start of the week (Monday 00:00) or month of each date; NaT stays NaT.

    Parameters
    ----------
    dates : array-like of datetime64
    freq : {"W", "M"}

    Returns
    -------
    numpy.ndarray of datetime64[ns]
    """
    if freq not in FREQS:
        raise ParameterError(f"freq must be one of {FREQS}, got {freq!r}", field="freq",
                             hint="use freq='W' (weeks) or freq='M' (months)")
    index = pd.DatetimeIndex(pd.to_datetime(np.asarray(dates, dtype="datetime64[ns]")))
    out = np.full(len(index), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = ~index.isna()
    if ok.any():
        starts = index[ok].to_period(_PERIOD_ALIAS[freq]).start_time
        out[ok] = starts.to_numpy(dtype="datetime64[ns]")
    return out


def _strata(docs: DocSet, freq: Freq):
    """(outlet, period) -> document positions, plus undated counts per outlet."""
    periods = period_start(docs.date, freq)
    undated = np.isnat(periods)
    by_outlet = {o: int(undated[rows].sum()) for o, rows in docs.blocks().items()}
    by_outlet = {o: n for o, n in by_outlet.items() if n}
    if by_outlet:
        logger.warning("%d document(s) without a date are left out of the time series "
                       "(per outlet: %s)", sum(by_outlet.values()), by_outlet)
    strata: dict[tuple[str, np.datetime64], np.ndarray] = {}
    dated = np.flatnonzero(~undated)
    if len(dated):
        frame = pd.DataFrame({"outlet": docs.outlet[dated], "period": periods[dated],
                              "row": dated})
        for (outlet, period), group in frame.groupby(["outlet", "period"], sort=True):
            strata[(str(outlet), np.datetime64(period, "ns"))] = group["row"].to_numpy()
    return strata, by_outlet


def _metric_names(metrics: str | Sequence[str], allowed: tuple[str, ...]) -> list[str]:
    """``metrics`` as a list (one name may be given as a string), checked against ``allowed``."""
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    choices = " and/or ".join(map(repr, allowed))
    if not names:
        raise ParameterError("metrics is empty", field="metrics", hint=f"use {choices}")
    for name in names:
        if name not in allowed:
            raise ParameterError(f"unknown metric {name!r}", field="metrics",
                                 hint=f"use {choices}, e.g. metrics={allowed[0]!r}")
    return names


def _series(strata, num, den, weight, seed, n_boot, ci, metrics, freq, scales):
    """Rows of ratio metrics ``sum(num[:, m]) / sum(den[:, m])`` per stratum, with intervals.

    One set of bootstrap draws per stratum serves every metric (the draws depend
    on the seed, outlet and period only, as the outlet draws of the rates do).
    ``n_docs`` of a row counts the stratum's documents with a positive
    denominator for that metric; the interval needs :data:`MIN_DOCS_FOR_CI` of them.
    """
    rows = []
    scales = np.asarray(scales, dtype=float)
    for (outlet, period), idx in strata.items():
        n, d = num[idx] * weight[idx, None], den[idx] * weight[idx, None]
        boot = bootstrap_weights(child_rng(seed, "time", freq, outlet, str(period)), len(idx),
                                 n_boot)
        samples = safe_ratio(scales * (boot @ n), boot @ d)
        values = safe_ratio(scales * n.sum(axis=0), d.sum(axis=0))
        lo, hi = percentile_interval(samples, ci)
        n_docs = contributing_docs(den[idx])
        ok = has_interval(n_docs)
        lo, hi = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
        stamp = pd.Timestamp(period)
        rows.extend((stamp, freq, outlet, m, values[j], lo[j], hi[j], int(n_docs[j]))
                    for j, m in enumerate(metrics))
    return rows


def _frame(rows, by_outlet, ci, n_boot, seed) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=TIMESERIES_COLUMNS)
    out["period"] = pd.to_datetime(out["period"])
    out = out.sort_values(["metric", "outlet", "period"], kind="stable").reset_index(drop=True)
    out.attrs["n_undated"] = int(sum(by_outlet.values()))
    out.attrs["undated_by_outlet"] = dict(by_outlet)
    small = ~has_interval(out["n_docs"].to_numpy())
    record_resampling(out, ci=ci, n_boot=n_boot, seed=seed, n_no_interval=int(small.sum()),
                      rows=len(out), what="rows (metric x outlet x period)", log=logger)
    return out


def rates_over_time(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    freq: Freq = "M",
    category: str = "all",
    voice: Voice = "all",
    metrics: RateMetric | Sequence[RateMetric] = ("rate_per_1000",),
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Loaded-term rate (and share of sentences with a hit) per outlet and period.

    Parameters
    ----------
    documents, sentences, hits : pandas.DataFrame
        The pipeline's frames; ``documents.date`` places documents in periods.
    freq : {"W", "M"}
        Weeks (starting Monday) or calendar months.
    category : str
        One lexicon category, or ``"all"``.
    voice : {"all", "author", "quoted"}
        One voice (see :data:`framing.VOICES`).
    metrics : str or sequence of {"rate_per_1000", "share_sentences"}
        One metric name or several.  Metric names in the result are suffixed with ``:<category>`` unless the
        category is ``"all"``.
    n_boot, seed, ci, exclude_docs, doc_weights
        As in :func:`framing.loaded_rates`.

    Returns
    -------
    pandas.DataFrame
        :data:`TIMESERIES_COLUMNS`, one row per metric x outlet x period with
        documents.  ``attrs["n_undated"]`` and ``attrs["undated_by_outlet"]``
        count the documents without a date (left out).  ``n_docs`` counts the
        period's documents that contribute to the row's metric (with words in
        the voice; for ``stance:<target>`` with a scored mention of the
        target); intervals are NaN where it is below ``MIN_DOCS_FOR_CI`` (5).
        ``attrs["n_no_interval"]`` counts those rows and
        ``attrs["min_docs_for_ci"]`` records the threshold; ``attrs["ci"]``,
        ``attrs["n_boot"]`` and ``attrs["seed"]`` the resampling.
    """
    check_resampling(n_boot, ci)
    seed = resolve_seed(seed)
    if not isinstance(voice, str):
        raise ParameterError("voice must be a single voice here", field="voice",
                             hint="call once per voice, e.g. voice='author'")
    table = count_table(documents, sentences, hits, by=() if category == "all" else ("category",),
                        voice=voice, exclude_docs=exclude_docs, doc_weights=doc_weights)
    match = np.flatnonzero(table.cells["category"].to_numpy(dtype=object) == category)
    if not len(match):
        raise ParameterError(f"category {category!r} has no hits in this corpus", field="category",
                             hint=f"choose among {sorted(set(table.cells['category']))}")
    j = match[0]
    strata, by_outlet = _strata(table.docs, freq)
    suffix = "" if category == "all" else f":{category}"
    metrics = _metric_names(metrics, ("rate_per_1000", "share_sentences"))
    nums, dens, scales = [], [], []
    for metric in metrics:
        if metric == "rate_per_1000":
            nums.append(table.hits[:, j]), dens.append(table.words[:, j])
            scales.append(_PER_WORDS)
        else:  # share_sentences
            nums.append(table.sentences_with_hit[:, j]), dens.append(table.sentences[:, j])
            scales.append(1.0)
    names = [m + suffix for m in metrics]
    rows = _series(strata, np.stack(nums, axis=1), np.stack(dens, axis=1), table.docs.weight,
                   seed, n_boot, ci, names, freq, scales)
    return _frame(rows, by_outlet, ci, n_boot, seed)


def stance_over_time(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    stance: pd.DataFrame,
    *,
    targets: str | Sequence[str] | None = None,
    freq: Freq = "M",
    voice: Voice = "all",
    metrics: StanceMetric | Sequence[StanceMetric] = ("stance", "coverage"),
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Mean stance and coverage of each target per outlet and period.

    Parameters
    ----------
    documents, sentences, stance : pandas.DataFrame
        The pipeline's frames.
    targets : str or sequence of str, optional
        One target or several (default: every target in ``stance``).
    freq, voice, n_boot, seed, ci, exclude_docs, doc_weights
        As in :func:`rates_over_time`.
    metrics : str or sequence of {"stance", "coverage"}
        One metric name or several.  ``stance:<target>`` is the mean score of the mentions, ``coverage:<target>``
        the share of sentences (in the voice) that mention the target.

    Returns
    -------
    pandas.DataFrame
        :data:`TIMESERIES_COLUMNS`; ``n_docs`` and ``attrs`` as in
        :func:`rates_over_time` (``n_docs`` of a ``stance:<target>`` row: the
        period's documents with a scored mention of the target; of a
        ``coverage:<target>`` row: those with sentences in the voice).
    """
    check_resampling(n_boot, ci)
    seed = resolve_seed(seed)
    if not isinstance(voice, str):
        raise ParameterError("voice must be a single voice here", field="voice",
                             hint="call once per voice, e.g. voice='author'")
    metrics = _metric_names(metrics, ("stance", "coverage"))
    table = stance_table(documents, sentences, stance, targets=targets, voice=voice,
                         exclude_docs=exclude_docs, doc_weights=doc_weights)
    strata, by_outlet = _strata(table.docs, freq)
    nums, dens, names = [], [], []
    for j, target in enumerate(table.cells["target"].to_numpy(dtype=object)):
        for metric in metrics:
            if metric == "stance":
                nums.append(table.score_sum[:, j]), dens.append(table.scored[:, j])
            else:  # coverage
                nums.append(table.sentences_with_target[:, j]), dens.append(table.sentences[:, j])
            names.append(f"{metric}:{target}")
    n = len(table.docs)
    rows = _series(strata, np.stack(nums, axis=1) if nums else np.zeros((n, 0)),
                   np.stack(dens, axis=1) if dens else np.zeros((n, 0)), table.docs.weight,
                   seed, n_boot, ci, names, freq, np.ones(len(names)))
    return _frame(rows, by_outlet, ci, n_boot, seed)
