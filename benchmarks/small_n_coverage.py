"""Coverage of the cluster-bootstrap percentile interval of one outlet's rate, by corpus size.

Why ``framing.resample.MIN_DOCS_FOR_CI`` is 5: with fewer documents the 95%
percentile interval of a rate covers the truth far less often than 95%.  Each
replicate simulates one outlet (``framing.simulate_corpus``: Gamma(2) document
rate factors, author-voice rate 10 per 1,000 words), resamples its documents as
``framing.loaded_rates`` does (same seeds, same draws) and checks whether the
interval covers 10.  The library no longer reports intervals below 5
documents, so the interval is computed here from the same primitives.

    python benchmarks/small_n_coverage.py --reps 300 --n-boot 400   # about a minute

No network, no data files.
"""

from __future__ import annotations

import argparse
import logging

import numpy as np

from framing.doccounts import count_table
from framing.resample import bootstrap_weights, child_rng, percentile_interval
from framing.simulate import simulate_corpus

SIZES = (2, 3, 5, 10, 20, 40)
TRUE_RATE = 10.0  # per 1,000 author-voice words, as planted


def coverage(n_docs: int, reps: int, n_boot: int, ci: float) -> float:
    """Share of ``reps`` simulated outlets of ``n_docs`` documents whose interval covers the truth."""
    covered = 0
    for seed in range(reps):
        sim = simulate_corpus(outlets=1, n_docs=n_docs, seed=seed, rate_per_1000=TRUE_RATE)
        table = count_table(sim.documents, sim.sentences, sim.hits, by=(), voice="author")
        (outlet, rows), = table.outlet_blocks().items()
        weights = bootstrap_weights(child_rng(seed, "boot", outlet), len(rows), n_boot)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = 1000.0 * (weights @ table.hits[rows, 0]) / (weights @ table.words[rows, 0])
        low, high = percentile_interval(rates, ci)
        covered += bool(low <= TRUE_RATE <= high)
    return covered / reps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=300, help="simulated outlets per size")
    parser.add_argument("--n-boot", type=int, default=400, help="bootstrap resamples")
    parser.add_argument("--ci", type=float, default=0.95, help="confidence level")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="documents per outlet")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    print(f"documents per outlet -> coverage of the {args.ci:.0%} interval ({args.reps} outlets)")
    for n in args.sizes:
        print(f"{n:4d}  {coverage(n, args.reps, args.n_boot, args.ci):.3f}")


if __name__ == "__main__":
    main()
