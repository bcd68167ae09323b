"""Property tests (hypothesis) for the statistical helpers not covered elsewhere.

``tests/test_compare.py`` checks known values and invariance to row order and
doc-id renaming of the comparison statistics; here the small building blocks are
checked against plain references for any input: Benjamini-Hochberg against its
defining formula, the percentile interval against :func:`numpy.nanquantile`,
permutation p-values against their counting definition.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from framing.resample import benjamini_hochberg, percentile_interval, permutation_pvalue

_p = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 0.05, 0.05, np.nan]))


@given(st.lists(_p, max_size=30))
def test_benjamini_hochberg_equals_its_formula(pvalues):
    got = benjamini_hochberg(pvalues)
    valid = [p for p in pvalues if p == p]
    m = len(valid)
    ranked = sorted(valid)
    for i, p in enumerate(pvalues):
        if p != p:
            assert np.isnan(got[i])
            continue
        # p_adj = min over p_j >= p of m * p_j / rank_j (rank of p_j among the sorted values)
        want = min(min(1.0, m * q / (j + 1)) for j, q in enumerate(ranked) if q >= p)
        assert got[i] == want or abs(got[i] - want) <= 1e-12 * max(1.0, want)
        assert p <= got[i] + 1e-15 <= 1.0 + 1e-15


@given(st.lists(_p, min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_benjamini_hochberg_is_order_invariant_and_monotone(pvalues, rnd):
    order = list(range(len(pvalues)))
    rnd.shuffle(order)
    got = benjamini_hochberg(pvalues)
    shuffled = benjamini_hochberg([pvalues[i] for i in order])
    np.testing.assert_array_equal(shuffled, got[order])
    pairs = [(p, a) for p, a in zip(pvalues, got, strict=True) if p == p]
    for p1, a1 in pairs:
        for p2, a2 in pairs:
            if p1 <= p2:
                assert a1 <= a2


_samples = hnp.arrays(float, st.tuples(st.integers(1, 40), st.integers(1, 3)),
                      elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan)))


@given(_samples, st.sampled_from([0.5, 0.9, 0.95, 0.99]))
def test_percentile_interval_equals_nanquantile(samples, ci):
    low, high = percentile_interval(samples, ci)
    tail = (1 - ci) / 2
    for k in range(samples.shape[1]):
        column = samples[:, k]
        if np.isnan(column).all():
            assert np.isnan(low[k]) and np.isnan(high[k])
            continue
        want = np.nanquantile(column, [tail, 1 - tail])
        np.testing.assert_allclose([low[k], high[k]], want, rtol=1e-12, atol=1e-9)
        assert np.nanmin(column) <= low[k] <= high[k] <= np.nanmax(column)


@given(hnp.arrays(float, st.integers(1, 5), elements=st.floats(0, 10) | st.just(np.nan)),
       st.integers(1, 30), st.data())
def test_permutation_pvalue_counts_as_documented(observed, n_perm, data):
    null = data.draw(hnp.arrays(float, (n_perm, len(observed)),
                                elements=st.floats(0, 10) | st.just(np.nan)))
    got = permutation_pvalue(observed, null)
    for k, obs in enumerate(observed):
        if np.isnan(obs):
            assert np.isnan(got[k])
            continue
        extreme = sum(1 for x in null[:, k] if x == x and x >= obs - 1e-9 * abs(obs))
        assert got[k] == (1 + extreme) / (1 + n_perm)
        assert 0 < got[k] <= 1
