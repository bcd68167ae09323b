"""Outlet comparison statistics for loaded terms: rates, tests, effect sizes.

Sentences of one article are not independent, so every interval here comes from
a document-level (cluster) bootstrap and every test from permuting outlet labels
between whole documents.  The work is done on per-document counts
(:func:`doc_counts`): hits, words and sentences per document x target x
category x voice, aggregated once; resampling is a matrix product of a
(resamples x documents) weight matrix with those counts.

Rates are ratio estimators, ``1000 * sum(hits) / sum(words)`` over the
(resampled) documents of an outlet, so long articles weigh more, as they do in
the outlet's output.  See ``docs/statistics.md`` for the methods.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from framing.doccounts import VOICES, By, CountTable, Voice, count_table
from framing.errors import ParameterError, check_whole_number
from framing.resample import (
    DEFAULT_ALPHA,
    DEFAULT_CI,
    DEFAULT_N_BOOT,
    DEFAULT_N_PERM,
    DEFAULT_SEED,
    MIN_DOCS_FOR_CI,
    benjamini_hochberg,
    bootstrap_weights,
    check_resampling,
    child_rng,
    contributing_docs,
    has_interval,
    percentile_interval,
    permutation_pvalue,
    random_subsets,
    record_resampling,
    resolve_seed,
    safe_ratio,
)

__all__ = [
    "RATE_COLUMNS",
    "COMPARISON_COLUMNS",
    "MIN_DOCS_TEST",
    "loaded_rates",
    "compare_outlets",
    "split_half_null",
    "benjamini_hochberg",
]

logger = logging.getLogger(__name__)

#: Outlets with fewer documents are left out of tests: with 4 or fewer documents
#: a two-outlet permutation test has too few distinct label arrangements to
#: reach p < 0.05 after any correction, and would only enlarge the BH family.
MIN_DOCS_TEST = 5
#: The smallest ``min_docs`` accepted: a permutation test needs two documents.
#: (Rate-ratio intervals still need ``MIN_DOCS_FOR_CI`` documents on each side.)
MIN_DOCS_PERMUTATION = 2

RATE_COLUMNS = [
    "outlet", "category", "voice", "n_docs", "n_words", "hits", "rate_per_1000",
    "ci_low", "ci_high", "n_sentences", "sentences_with_hit", "share_sentences",
    "share_ci_low", "share_ci_high",
]
COMPARISON_COLUMNS = [
    "family", "outlet_a", "outlet_b", "category", "voice", "rate_a", "rate_b",
    "rate_ratio", "rr_ci_low", "rr_ci_high", "p_value", "p_adjusted", "significant",
]
_PER_WORDS = 1000.0  # rates are per 1,000 words


def _assemble(parts: list[dict], cells: pd.DataFrame, columns: list[str]) -> dict:
    """Columns from per-block dicts (arrays of one value per cell, or scalars)."""
    k = len(cells)
    cell_cols = {c: cells[c].to_numpy(dtype=object) for c in cells.columns}
    data: dict[str, np.ndarray] = {}
    for col in columns:
        if col in cell_cols:
            data[col] = np.tile(cell_cols[col], len(parts))
        elif parts:
            data[col] = np.concatenate([np.broadcast_to(np.asarray(p[col]), (k,)) for p in parts])
        else:
            data[col] = np.zeros(0, dtype=object)
    return data


def _boot_sums(table: CountTable, seed: int, n_boot: int, matrices: list[np.ndarray]):
    """Outlet -> (point sums, bootstrap sums) of the weighted ``matrices``, stacked."""
    w = table.docs.weight[:, None]
    stacked = np.concatenate([m * w for m in matrices], axis=1)
    out = {}
    for outlet, rows in table.outlet_blocks().items():
        values = stacked[rows]
        weights = bootstrap_weights(child_rng(seed, "boot", outlet), len(rows), n_boot)
        out[outlet] = (values.sum(axis=0), weights @ values)
    return out


def loaded_rates(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Loaded-term rates per outlet with document-level bootstrap intervals.

    Parameters
    ----------
    documents, sentences, hits : pandas.DataFrame
        The pipeline's frames.
    stance : pandas.DataFrame, optional
        Needed for ``by`` with ``"target"``.
    by : sequence of {"category", "target"}
        Splits; rows with category ``"all"`` always come first.
    voice : str or sequence of str
        Voices (:data:`VOICES`), one row each.
    n_boot : int
        Bootstrap resamples of each outlet's documents.
    seed : int or None
        Base seed; None draws fresh entropy (not reproducible).
    ci : float
        Confidence level of the percentile intervals.
    exclude_docs, doc_weights
        Syndication control, see :func:`doc_counts`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RATE_COLUMNS` (``target`` after ``outlet`` when split by
        target).  Category ``all`` counts each matched span once
        (:data:`framing.doccounts.SPAN_KEY`): a LIWC entry listed under several
        categories is one hit there and one in each of its category rows, which
        then add up to more than ``all``.  ``rate_per_1000 = 1000 * hits / n_words``; ``share_sentences =
        sentences_with_hit / n_sentences``; with ``doc_weights`` the sums are
        weighted.  ``n_docs`` counts the documents that contribute to the row:
        those with words in the voice (and, split by target, in sentences about
        the target), e.g. only the documents with quotations for voice
        ``quoted``.  Intervals are NaN where fewer than
        :data:`MIN_DOCS_FOR_CI` (5) documents contribute (percentile intervals
        from so few clusters cover the truth far less often than their level
        says); ``attrs["n_no_interval"]`` counts those rows, outlets without
        any interval are listed in ``attrs["no_interval_outlets"]`` (and a
        warning is logged), and ``attrs["min_docs_for_ci"]`` records the
        threshold.  ``attrs["ci"]``, ``attrs["n_boot"]`` and ``attrs["seed"]``
        (the base seed used, also when drawn fresh) record the resampling, so
        figures can name the interval level.
    """
    check_resampling(n_boot, ci)
    seed = resolve_seed(seed)
    table = count_table(
        documents, sentences, hits, stance=stance, by=by, voice=voice,
        exclude_docs=exclude_docs, doc_weights=doc_weights,
    )
    k = len(table.cells)
    sums = _boot_sums(
        table, seed, n_boot, [table.hits, table.words, table.sentences_with_hit, table.sentences]
    )
    blocks = table.outlet_blocks()
    parts, small, n_no_interval = [], [], 0
    for outlet, (point, boot) in sums.items():
        h, w, sh, s = (point[i * k:(i + 1) * k] for i in range(4))
        lo, hi = percentile_interval(_PER_WORDS * safe_ratio(boot[:, :k], boot[:, k:2 * k]), ci)
        slo, shi = percentile_interval(safe_ratio(boot[:, 2 * k:3 * k], boot[:, 3 * k:]), ci)
        n_docs = contributing_docs(table.words[blocks[outlet]])
        ok = has_interval(n_docs)
        ok_share = has_interval(contributing_docs(table.sentences[blocks[outlet]]))
        lo, hi = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
        slo, shi = np.where(ok_share, slo, np.nan), np.where(ok_share, shi, np.nan)
        n_no_interval += int((~ok).sum())
        if not ok.any():
            small.append(outlet)
        parts.append({
            "outlet": outlet, "n_docs": n_docs, "n_words": w, "hits": h,
            "rate_per_1000": _PER_WORDS * safe_ratio(h, w), "ci_low": lo, "ci_high": hi,
            "n_sentences": s, "sentences_with_hit": sh, "share_sentences": safe_ratio(sh, s),
            "share_ci_low": slo, "share_ci_high": shi,
        })
    columns = RATE_COLUMNS[:1] + (["target"] if "target" in table.cells else []) + RATE_COLUMNS[1:]
    out = pd.DataFrame(_assemble(parts, table.cells, columns), columns=columns)
    out.attrs["no_interval_outlets"] = small
    record_resampling(
        out, ci=ci, n_boot=n_boot, seed=seed, n_no_interval=n_no_interval, rows=k * len(parts),
        what="rows", log=logger,
        detail=(" (words in the voice" + (" and target" if "target" in table.cells else "") + ")"
                + (f"; outlets without any interval: {', '.join(small)}" if small else "")),
    )
    return out


# --- tests between outlets -------------------------------------------------------------


def _pair_pvalues(pool: np.ndarray, n_a: int, k: int, rng, n_perm: int) -> np.ndarray:
    """Permutation p-values of |rate_a - rate_b| for a pool of two groups (a first)."""
    total = pool.sum(axis=0)
    obs = np.abs(safe_ratio(pool[:n_a, :k].sum(0), pool[:n_a, k:].sum(0))
                 - safe_ratio(pool[n_a:, :k].sum(0), pool[n_a:, k:].sum(0)))
    a = random_subsets(rng, len(pool), n_a, n_perm) @ pool
    b = total - a
    null = np.abs(safe_ratio(a[:, :k], a[:, k:]) - safe_ratio(b[:, :k], b[:, k:]))
    return permutation_pvalue(obs, null)


def _dispersion(sums: np.ndarray, pooled: np.ndarray, k: int) -> np.ndarray:
    """Word-weighted dispersion of group rates around the pooled rate.

    ``sums`` has shape (..., groups, 2k) (hits then words); returns (..., k).
    """
    rates = safe_ratio(sums[..., :k], sums[..., k:])
    return np.nansum(sums[..., k:] * (rates - pooled) ** 2, axis=-2)


def _rate_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b`` with x / 0 = inf for x > 0, and NaN for 0 / 0 or undefined rates."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isnan(a) | np.isnan(b) | ((a == 0) & (b == 0)), np.nan, a / b)


def _contrast_rows(rate_a, rate_b, boot_a, boot_b, p, ci, k, n_docs):
    """Columns rate_a, rate_b, rate_ratio, rr_ci_low, rr_ci_high, p_value for k cells.

    The interval comes from independent bootstraps of the two sides; a resample
    in which side b has no hit gives an infinite ratio (kept: the upper limit
    may be inf), one in which neither side has a hit is left out.  A side with
    no hit at all is 0 in every resample, so the bootstrap cannot bound the
    ratio on that side: the upper limit (no hit in a) or the lower limit (no
    hit in b) is NaN rather than a degenerate 0 or inf.  ``n_docs``: the
    contributing documents of each side per cell (:func:`contributing_docs` of
    its words); with fewer than ``MIN_DOCS_FOR_CI`` on either side the interval
    is NaN (counted in the ``no_interval`` entry of the result).
    """
    ratio_boot = _rate_ratio(safe_ratio(boot_a[:, :k], boot_a[:, k:]),
                             safe_ratio(boot_b[:, :k], boot_b[:, k:]))
    lo, hi = percentile_interval(ratio_boot, ci)
    hi = np.where(rate_a == 0, np.nan, hi)
    lo = np.where(rate_b == 0, np.nan, lo)
    ok = np.broadcast_to(has_interval(*n_docs), (k,))
    lo, hi = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
    return {
        "no_interval": int((~ok).sum()),
        "rate_a": _PER_WORDS * rate_a,
        "rate_b": _PER_WORDS * rate_b,
        "rate_ratio": _rate_ratio(rate_a, rate_b),
        "rr_ci_low": lo,
        "rr_ci_high": hi,
        "p_value": p,
    }


def _finish(parts: list[dict], cells: pd.DataFrame, family_by, alpha, extra=()):
    """Assemble comparison rows, then Benjamini-Hochberg within each family."""
    target = ["target"] if "target" in cells.columns else []
    columns = COMPARISON_COLUMNS[:3] + target + COMPARISON_COLUMNS[3:] + list(extra)
    data = _assemble(parts, cells, [c for c in columns if c not in ("p_adjusted", "significant")])
    family = data["family"].astype(object)
    for col in family_by:
        if col not in ("category", "voice", "target") or col not in data:
            raise ParameterError(
                f"family_by may name category, voice or target (when split), got {col!r}",
                field="family_by",
                hint="e.g. family_by=('voice',)",
            )
        family = family + f"|{col}=" + data[col].astype(str).astype(object)
    data["family"] = family
    p = data["p_value"].astype(float)
    adjusted = np.full(len(p), np.nan)
    codes = pd.factorize(family)[0] if len(family) else np.zeros(0, dtype=int)
    for code in np.unique(codes):
        rows = codes == code
        adjusted[rows] = benjamini_hochberg(p[rows])
    data["p_adjusted"] = adjusted
    data["significant"] = adjusted <= alpha
    return pd.DataFrame(data, columns=columns)


def _tested_outlets(table: CountTable, min_docs: int) -> tuple[dict, list[str]]:
    min_docs = check_whole_number("min_docs", min_docs, minimum=MIN_DOCS_PERMUTATION,
                                  hint=f"the default is {MIN_DOCS_TEST}")
    blocks = table.outlet_blocks()
    skipped = [o for o, rows in blocks.items() if len(rows) < min_docs]
    if skipped:
        logger.warning(
            "%d outlet(s) with fewer than %d documents left out of the tests: %s",
            len(skipped), min_docs, ", ".join(skipped),
        )
    return {o: r for o, r in blocks.items() if len(r) >= min_docs}, skipped


def compare_outlets(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    pairs: Literal["all", "none"] | Sequence[tuple[str, str]] = "all",
    vs_rest: bool = True,
    omnibus: bool = True,
    family_by: Sequence[str] = (),
    n_boot: int = DEFAULT_N_BOOT,
    n_perm: int = DEFAULT_N_PERM,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    alpha: float = DEFAULT_ALPHA,
    min_docs: int = MIN_DOCS_TEST,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Pairwise, one-vs-rest and all-outlets tests of loaded-term rates.

    Parameters
    ----------
    documents, sentences, hits, stance, by, voice
        As in :func:`loaded_rates`.
    pairs : "all", "none" or sequence of (outlet_a, outlet_b)
        Pairwise contrasts (``"all"``: every pair, names in sorted order).
    vs_rest : bool
        Each outlet against the pooled documents of all other tested outlets.
    omnibus : bool
        One test per cell that all tested outlets share one rate (needs >= 3 outlets).
    family_by : sequence of {"category", "voice", "target"}
        Split Benjamini-Hochberg families further; by default one family per
        kind of comparison (``pairwise``, ``vs_rest``, ``omnibus``).
    n_boot, n_perm, seed, ci
        Resampling options; ``alpha`` sets ``significant = p_adjusted <= alpha``.
    min_docs : int
        Outlets with fewer documents are left out of every test and listed in
        ``result.attrs["skipped_outlets"]`` (at least 2).  A rate-ratio
        interval needs :data:`MIN_DOCS_FOR_CI` (5) contributing documents
        (with words in the voice) on each side; with ``min_docs`` below that,
        contrasts of smaller outlets have a p-value but NaN interval limits.
    exclude_docs, doc_weights
        Syndication control, see :func:`doc_counts`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARISON_COLUMNS`.  ``rate_ratio = rate_a / rate_b`` with a
        percentile interval from independent bootstraps of each side (the rest
        is resampled within each of its outlets); ``p_value`` from permuting
        outlet labels between documents (statistic ``|rate_a - rate_b|``; for
        the omnibus the word-weighted dispersion of outlet rates around the
        pooled rate).  Omnibus rows have ``outlet_a = outlet_b = "all"``, the
        highest and lowest outlet rate as ``rate_a``/``rate_b`` and no interval.
        A ratio's interval is NaN where either side has fewer than
        :data:`MIN_DOCS_FOR_CI` documents contributing to the cell (with words
        in the voice, e.g. documents with quotations for voice ``quoted``);
        ``attrs["n_no_interval"]`` counts those rows and
        ``attrs["min_docs_for_ci"]`` records the threshold.
    """
    check_resampling(n_boot, ci, n_perm=n_perm)
    seed = resolve_seed(seed)
    table = count_table(
        documents, sentences, hits, stance=stance, by=by, voice=voice,
        exclude_docs=exclude_docs, doc_weights=doc_weights,
    )
    blocks, skipped = _tested_outlets(table, min_docs)
    names = sorted(blocks)
    if pairs == "all":
        pair_list = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    elif pairs == "none" or pairs is None:
        pair_list = []
    else:
        pair_list = [tuple(p) for p in pairs]
        for a, b in pair_list:
            for o in (a, b):
                if o not in blocks:
                    raise ParameterError(
                        f"outlet {o!r} in pairs is not among the tested outlets {names}",
                        field="pairs",
                        hint=f"check the name; outlets need >= min_docs={min_docs} documents",
                    )
    k = len(table.cells)
    w = table.docs.weight[:, None]
    data = np.concatenate([table.hits * w, table.words * w], axis=1)
    sums = _boot_sums(table, seed, n_boot, [table.hits, table.words])
    n_contrib = {o: contributing_docs(table.words[r]) for o, r in blocks.items()}
    parts = []

    def frame(kind, a, b, cols):
        return {"family": kind, "outlet_a": a, "outlet_b": b, **cols}

    for a, b in pair_list:
        if a == b:
            raise ParameterError(f"pair ({a!r}, {b!r}) compares an outlet with itself",
                                 field="pairs", hint="use split_half_null for that")
        first, second = sorted((a, b))  # the same draws whichever way the pair is written
        pool = np.concatenate([data[blocks[first]], data[blocks[second]]])
        rng = child_rng(seed, "perm", first, second)
        p = _pair_pvalues(pool, len(blocks[first]), k, rng, n_perm)
        (pa, ba), (pb, bb) = sums[a], sums[b]
        cols = _contrast_rows(safe_ratio(pa[:k], pa[k:]), safe_ratio(pb[:k], pb[k:]), ba, bb, p, ci, k,
                              (n_contrib[a], n_contrib[b]))
        parts.append(frame("pairwise", a, b, cols))

    if (vs_rest and len(names) >= 2) or (omnibus and len(names) >= 3):
        rows = np.concatenate([blocks[o] for o in names])
        labels = np.repeat(np.arange(len(names)), [len(blocks[o]) for o in names])
        x = data[rows]
        total = x.sum(axis=0)
        rng = child_rng(seed, "perm", "global")
        perm = rng.permuted(np.broadcast_to(labels, (n_perm, len(labels))).copy(), axis=1)
        flat = (perm + (np.arange(n_perm) * len(names))[:, None]).ravel()
        group = np.empty((n_perm, len(names), x.shape[1]))
        for j in range(x.shape[1]):
            group[:, :, j] = np.bincount(
                flat, weights=np.broadcast_to(x[:, j], perm.shape).ravel(),
                minlength=n_perm * len(names),
            ).reshape(n_perm, len(names))
        observed = np.stack([x[labels == g].sum(axis=0) for g in range(len(names))])
        boot_total = sum(sums[o][1] for o in names)
        if vs_rest and len(names) >= 2:
            for g, o in enumerate(names):
                own, rest = observed[g], total - observed[g]
                obs = np.abs(safe_ratio(own[:k], own[k:]) - safe_ratio(rest[:k], rest[k:]))
                a_null, r_null = group[:, g], total - group[:, g]
                null = np.abs(safe_ratio(a_null[:, :k], a_null[:, k:]) - safe_ratio(r_null[:, :k], r_null[:, k:]))
                cols = _contrast_rows(
                    safe_ratio(own[:k], own[k:]), safe_ratio(rest[:k], rest[k:]),
                    sums[o][1], boot_total - sums[o][1], permutation_pvalue(obs, null), ci, k,
                    (n_contrib[o], sum(n_contrib[x] for x in names) - n_contrib[o]),
                )
                parts.append(frame("vs_rest", o, "rest", cols))
        if omnibus and len(names) >= 3:
            pooled = safe_ratio(total[:k], total[k:])
            obs = np.where(np.isnan(pooled), np.nan, _dispersion(observed, pooled, k))
            p = permutation_pvalue(obs, _dispersion(group, pooled, k))
            rates = safe_ratio(observed[:, :k], observed[:, k:])
            with np.errstate(all="ignore"):
                hi_rate, lo_rate = np.nanmax(rates, axis=0), np.nanmin(rates, axis=0)
            parts.append(frame("omnibus", "all", "all", {
                "rate_a": _PER_WORDS * hi_rate, "rate_b": _PER_WORDS * lo_rate,
                "rate_ratio": _rate_ratio(hi_rate, lo_rate), "rr_ci_low": np.nan,
                "rr_ci_high": np.nan, "p_value": p,
            }))
    out = _finish(parts, table.cells, family_by, alpha)
    out.attrs["skipped_outlets"] = skipped
    _record(out, parts, ci, n_boot, n_perm, seed)
    return out


def _record(out: pd.DataFrame, parts: list[dict], ci: float, n_boot: int, n_perm: int,
            seed: int | None) -> None:
    """:func:`~framing.resample.record_resampling` of a contrasts frame: rate ratios
    without an interval for lack of contributing documents on a side."""
    record_resampling(out, ci=ci, n_boot=n_boot, n_perm=n_perm, seed=seed,
                      n_no_interval=sum(p.get("no_interval", 0) for p in parts), rows=len(out),
                      what="rate ratios", log=logger, detail=" on a side (words in the voice)")


def split_half_null(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    stance: pd.DataFrame | None = None,
    by: Sequence[By] | By = ("category",),
    voice: Sequence[Voice] | Voice = VOICES,
    outlets: Sequence[str] | None = None,
    n_splits: int = 1,
    family_by: Sequence[str] = (),
    n_boot: int = DEFAULT_N_BOOT,
    n_perm: int = DEFAULT_N_PERM,
    seed: int | None = DEFAULT_SEED,
    ci: float = DEFAULT_CI,
    alpha: float = DEFAULT_ALPHA,
    min_docs: int = MIN_DOCS_TEST,
    exclude_docs: Iterable[str] | None = None,
    doc_weights: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """Each outlet against itself: what "no difference" looks like.

    The outlet's documents are split at random into two halves (sizes
    ``n // 2`` and ``n - n // 2``) and compared exactly as
    :func:`compare_outlets` compares two outlets.  Rate ratios should scatter
    around 1 with intervals covering 1, and p-values should look uniform.

    Parameters
    ----------
    outlets : sequence of str, optional
        Outlets to split (default: every outlet with at least ``min_docs`` and
        at least ``2 * MIN_DOCS_FOR_CI`` = 10 documents, so that each half has
        the documents an interval needs).
    n_splits : int
        Independent random splits per outlet.
    Other parameters
        As in :func:`compare_outlets`.

    Returns
    -------
    pandas.DataFrame
        :data:`COMPARISON_COLUMNS` with ``family = "split_half"`` and
        ``outlet_a = outlet_b = outlet``; when ``n_splits > 1`` a last column
        ``split`` (0-based) tells the splits apart.
    """
    check_resampling(n_boot, ci, n_perm=n_perm)
    n_splits = check_whole_number("n_splits", n_splits, minimum=1, hint="e.g. n_splits=1")
    seed = resolve_seed(seed)
    table = count_table(
        documents, sentences, hits, stance=stance, by=by, voice=voice,
        exclude_docs=exclude_docs, doc_weights=doc_weights,
    )
    needed = max(min_docs, 2 * MIN_DOCS_FOR_CI) if isinstance(min_docs, int) else min_docs
    blocks, _ = _tested_outlets(table, needed)
    chosen = sorted(blocks) if outlets is None else list(outlets)
    for o in chosen:
        if o not in blocks:
            raise ParameterError(
                f"outlet {o!r} has fewer than {needed} documents or does not exist",
                field="outlets", hint=f"choose among {sorted(blocks)}",
            )
    k = len(table.cells)
    w = table.docs.weight[:, None]
    data = np.concatenate([table.hits * w, table.words * w], axis=1)
    parts = []
    for o in chosen:
        rows = blocks[o]
        for s in range(n_splits):
            perm = child_rng(seed, "split", o, s).permutation(len(rows))
            half_a = np.sort(rows[perm[: len(rows) // 2]])
            half_b = np.sort(rows[perm[len(rows) // 2:]])
            boots = [
                bootstrap_weights(child_rng(seed, "split-boot", o, s, h), len(idx), n_boot)
                @ data[idx]
                for h, idx in enumerate((half_a, half_b))
            ]
            pool = np.concatenate([data[half_a], data[half_b]])
            p = _pair_pvalues(pool, len(half_a), k, child_rng(seed, "split-perm", o, s), n_perm)
            pa, pb = data[half_a].sum(0), data[half_b].sum(0)
            cols = _contrast_rows(safe_ratio(pa[:k], pa[k:]), safe_ratio(pb[:k], pb[k:]), *boots, p, ci, k,
                                  (contributing_docs(table.words[half_a]),
                                   contributing_docs(table.words[half_b])))
            parts.append({"family": "split_half", "outlet_a": o, "outlet_b": o, **cols,
                          "split": s})
    out = _finish(parts, table.cells, family_by, alpha, extra=("split",) if n_splits > 1 else ())
    _record(out, parts, ci, n_boot, n_perm, seed)
    return out
