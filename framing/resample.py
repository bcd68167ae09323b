"""The numpy core shared by every comparison statistic: seeds, resampling, intervals, tests.

Everything here works on per-document arrays (one row per document, already
aggregated from sentences and hits by :mod:`framing.doccounts`), never on
sentences, so a bootstrap of 1,000 resamples is a handful of matrix products.

Reproducibility and invariance
------------------------------
Random draws come from :func:`numpy.random.default_rng` seeded by a
:class:`numpy.random.SeedSequence` built from the user's ``seed`` and stable
keys (the outlet name, the pair of outlets, the period), see :func:`child_rng`.
So an outlet's bootstrap draws do not depend on which other outlets are in the
corpus, and :func:`framing.loaded_rates` and :func:`framing.compare_outlets`
resample an outlet's documents identically for the same seed.  Documents are
put in a canonical order before any draw (:func:`framing.docset.canonical_order`),
so neither the row order of the input frames nor the ``doc_id`` strings
influence the draws.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from typing import Any

import numpy as np

from framing.errors import ParameterError, check_whole_number

__all__ = [
    "record_resampling",
    "safe_ratio",
    "DEFAULT_N_BOOT",
    "DEFAULT_N_PERM",
    "DEFAULT_SEED",
    "DEFAULT_CI",
    "DEFAULT_ALPHA",
    "MIN_DOCS_FOR_CI",
    "contributing_docs",
    "has_interval",
    "benjamini_hochberg",
    "child_rng",
    "resolve_seed",
    "bootstrap_weights",
    "percentile_interval",
    "random_subsets",
    "permutation_pvalue",
    "check_resampling",
]

#: Bootstrap resamples: 1,000 keeps the Monte Carlo error of a 95% percentile
#: limit near 1% of the interval width (Efron and Tibshirani 1993, ch. 19).
DEFAULT_N_BOOT = 1000
#: Permutations: 1,000 gives p-values in steps of 1/1001 (smallest 0.001).
DEFAULT_N_PERM = 1000
#: Default seed: results are reproducible unless the caller passes ``seed=None``.
DEFAULT_SEED = 0
#: Confidence level of every interval.
DEFAULT_CI = 0.95
#: Significance level for the ``significant`` column (after Benjamini-Hochberg).
DEFAULT_ALPHA = 0.05
#: Fewest documents (clusters) behind a bootstrap interval; with fewer the
#: interval is NaN.  Percentile intervals of a rate from 2, 3 or 5 documents cover
#: the truth in only 51%, 69% and 82% of simulated corpora (nominal 95%; 85% at
#: 10, 92% at 20, 94% at 40 documents: ``python benchmarks/small_n_coverage.py``,
#: docs/statistics.md), so below 5 they are not reported; 5 is also the
#: fewest documents an outlet needs to be tested (``compare.MIN_DOCS_TEST``).
#: The documents counted are those that contribute to the cell's denominator
#: (:func:`contributing_docs`, :func:`has_interval`).
MIN_DOCS_FOR_CI = 5

_HASH_BYTES = 8  # 64-bit keys for SeedSequence entropy and ordering


def _stable_int(key: str | int) -> int:
    """A 64-bit integer from ``key`` that is the same in every Python process."""
    if isinstance(key, (int, np.integer)):
        return int(key) & 0xFFFFFFFFFFFFFFFF
    digest = hashlib.sha256(str(key).encode("utf-8")).digest()
    return int.from_bytes(digest[:_HASH_BYTES], "little")


def resolve_seed(seed: int | None) -> int:
    """Return ``seed`` checked, or fresh entropy when ``seed`` is None.

    Call once per public function so all draws of one call share one base seed.
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy) & 0xFFFFFFFFFFFFFFFF
    check_whole_number("seed", seed, minimum=0, hint="pass e.g. seed=0 for reproducible results",
                       allow_none=True)
    return int(seed)


def child_rng(seed: int, *keys: str | int) -> np.random.Generator:
    """A generator for one stratum, determined by ``seed`` and stable ``keys``.

    Parameters
    ----------
    seed : int
        Base seed (from :func:`resolve_seed`).
    *keys : str or int
        Purpose and stratum, e.g. ``("boot", outlet)`` or ``("perm", a, b)``.

    Returns
    -------
    numpy.random.Generator
    """
    entropy = [int(seed)] + [_stable_int(k) for k in keys]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def check_resampling(n_boot: int, ci: float, *, n_perm: int | None = None) -> None:
    """Raise :class:`ParameterError` for a bad ``n_boot``, ``n_perm`` or ``ci``."""
    for name, value in (("n_boot", n_boot), ("n_perm", n_perm)):
        if value is None:
            continue
        check_whole_number(name, value, minimum=1, hint=f"use e.g. {name}=1000")
    if not isinstance(ci, (float, int)) or not 0.0 < float(ci) < 1.0:
        raise ParameterError(
            f"ci must be a confidence level strictly between 0 and 1, got {ci!r}",
            field="ci",
            hint="use e.g. ci=0.95",
        )


def contributing_docs(denominators: np.ndarray) -> np.ndarray:
    """Documents that contribute to a ratio's denominator, per cell.

    A document whose denominator is 0 in a cell (no quoted words for a
    quoted-voice rate, no scored mention of a target for its mean stance, no
    sentence about a target for a per-target rate) adds nothing to either sum
    of the ratio: it is not a cluster behind that cell's estimate.

    Parameters
    ----------
    denominators : numpy.ndarray, shape (n_docs,) or (n_docs, n_cells)
        Per-document denominators (unweighted or weighted: documents of weight
        0 are never analysed).

    Returns
    -------
    numpy.ndarray of int, shape () or (n_cells,)
        Number of documents with a positive denominator.
    """
    return (np.asarray(denominators, dtype=float) > 0).sum(axis=0)


def has_interval(*n_docs: np.ndarray | int) -> np.ndarray:
    """The one rule for reporting an interval: enough contributing documents.

    A bootstrap interval is reported only where every resampled group behind it
    (one outlet, one (outlet, period), each side of a rate ratio) has at least
    :data:`MIN_DOCS_FOR_CI` documents with a positive denominator in the cell
    (:func:`contributing_docs`); elsewhere the limits are NaN.

    Parameters
    ----------
    *n_docs : numpy.ndarray or int
        Contributing documents of each group, per cell (broadcast together).

    Returns
    -------
    numpy.ndarray of bool
        True where the interval is reported.
    """
    ok = np.asarray(True)
    for n in n_docs:
        ok = ok & (np.asarray(n) >= MIN_DOCS_FOR_CI)
    return ok


def record_resampling(out: Any, *, ci: float, n_boot: int, seed: int | None,
                      n_no_interval: int, rows: int, what: str, log: logging.Logger,
                      n_perm: int | None = None, detail: str = "") -> None:
    """Record in ``out.attrs`` how a statistics frame was resampled, and log the
    rows left without an interval (:func:`has_interval`).

    ``attrs``: ``ci``, ``n_boot``, ``seed`` (and ``n_perm`` when given), which the
    figures read their labels from; ``n_no_interval`` and ``min_docs_for_ci``.
    The warning reads "<n_no_interval> of <rows> <what> have fewer than 5
    documents contributing<detail>: no interval".
    """
    out.attrs["n_no_interval"] = int(n_no_interval)
    out.attrs["min_docs_for_ci"] = MIN_DOCS_FOR_CI
    out.attrs.update(ci=float(ci), n_boot=int(n_boot), seed=seed)
    if n_perm is not None:
        out.attrs["n_perm"] = int(n_perm)
    if n_no_interval:
        log.warning("%d of %d %s have fewer than %d documents contributing%s: no interval",
                    n_no_interval, rows, what, MIN_DOCS_FOR_CI, detail)


def bootstrap_weights(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """Multiplicities of ``n`` documents in ``n_boot`` resamples with replacement.

    Returns
    -------
    numpy.ndarray of float, shape (n_boot, n)
        Row ``b`` counts how often each document is drawn in resample ``b``
        (each row sums to ``n``), so ``weights @ values`` sums resampled values.
    """
    if n == 0:
        return np.zeros((n_boot, 0))
    draws = rng.integers(0, n, size=(n_boot, n))
    flat = draws + (np.arange(n_boot) * n)[:, None]
    return np.bincount(flat.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(float)


def random_subsets(rng: np.random.Generator, n: int, k: int, n_perm: int) -> np.ndarray:
    """Indicators of ``n_perm`` random subsets of size ``k`` among ``n`` items.

    This is a permutation of group labels between two groups of sizes ``k`` and
    ``n - k``: row ``p`` marks the items that receive the first label.

    Returns
    -------
    numpy.ndarray of float, shape (n_perm, n)
    """
    base = np.zeros(n)
    base[:k] = 1.0
    return rng.permuted(np.broadcast_to(base, (n_perm, n)).copy(), axis=1)


def permutation_pvalue(observed: np.ndarray, null: np.ndarray) -> np.ndarray:
    """Two-sided Monte Carlo p-values ``(1 + #{null >= observed}) / (1 + n_perm)``.

    Parameters
    ----------
    observed : numpy.ndarray, shape (k,)
        Observed statistics (non-negative, larger means more different); NaN
        where the statistic is undefined.
    null : numpy.ndarray, shape (n_perm, k)
        The statistic under permuted labels; NaN entries count as not extreme.

    Returns
    -------
    numpy.ndarray, shape (k,)
        NaN where ``observed`` is NaN.  The +1 in numerator and denominator keeps
        the test exact (Phipson and Smyth 2010).
    """
    observed = np.asarray(observed, dtype=float)
    # relative tolerance so that ties broken by floating-point rounding count as ties
    tol = 1e-9 * np.abs(observed)
    with np.errstate(invalid="ignore"):
        extreme = (null >= observed - tol).sum(axis=0)
    p = (1.0 + extreme) / (1.0 + null.shape[0])
    return np.where(np.isnan(observed), np.nan, p)


def safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` elementwise, NaN where ``den`` is not positive (a rate or share of
    sums over documents, observed or resampled)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def percentile_interval(samples: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of bootstrap ``samples`` along axis 0.

    NaN samples (a ratio 0/0 in a resample) are left out; ``inf`` samples (x/0)
    are kept and can make a limit infinite.  Linear interpolation as in
    :func:`numpy.quantile`; a quantile that falls exactly on a sample is that
    sample, even when the next one is ``inf``.

    Returns
    -------
    low, high : numpy.ndarray
        Arrays of the shape of ``samples[0]``; NaN where no sample is defined.
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim == 1:
        samples = samples[:, None]
        low, high = percentile_interval(samples, ci)
        return low[0], high[0]
    tail = (1.0 - ci) / 2.0
    ordered = np.sort(samples, axis=0)  # NaN sorts last
    n_valid = (~np.isnan(samples)).sum(axis=0)
    out = []
    for q in (tail, 1.0 - tail):
        pos = q * np.maximum(n_valid - 1, 0)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, np.maximum(n_valid - 1, 0))
        frac = pos - lo
        v_lo = np.take_along_axis(ordered, lo[None, ...], axis=0)[0]
        v_hi = np.take_along_axis(ordered, hi[None, ...], axis=0)[0]
        with np.errstate(invalid="ignore"):
            # frac == 0 is exactly v_lo, even when the next value is inf (inf * 0 is NaN)
            value = np.where((v_lo == v_hi) | (frac == 0), v_lo, v_lo + (v_hi - v_lo) * frac)
        out.append(np.where(n_valid > 0, value, np.nan))
    return out[0], out[1]


def benjamini_hochberg(pvalues: Iterable[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (false discovery rate).

    Parameters
    ----------
    pvalues : array-like of float
        One family of p-values; NaN entries are ignored (they stay NaN and do not
        count in the family size).

    Returns
    -------
    numpy.ndarray
        ``p_adj[i] = min_{j: p_j >= p_i} min(1, m * p_j / rank_j)``, in input order.

    Raises
    ------
    ParameterError
        If a p-value is outside [0, 1].
    """
    p = np.asarray(list(pvalues) if not isinstance(pvalues, np.ndarray) else pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = ~np.isnan(p)
    if np.any((p[valid] < 0) | (p[valid] > 1)):
        raise ParameterError(
            "p-values must lie in [0, 1]", field="pvalues", hint="pass raw p-values"
        )
    m = int(valid.sum())
    if m == 0:
        return out
    pv = p[valid]
    order = np.argsort(pv, kind="stable")
    scaled = pv[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[valid] = result
    return out
