"""Long fuzzing run of the property tests (readers, headers, cleaning, segmentation,
lexicon readers, matcher against its reference, statistics).

Usage::

    python benchmarks/fuzz.py [--examples 5000] [--rounds 3] [-k matcher]

Runs ``tests/test_properties_*.py`` with the hypothesis ``nightly`` profile
(``tests/conftest.py``) and ``--examples`` examples per test, ``--rounds`` times
with a fresh random seed each time (``--hypothesis-seed``), and prints, per
round, the seed, the wall time and the pytest summary.  Failing examples are
stored in ``.hypothesis/`` and replayed first by the next run of the test suite,
so a failure found here shows up in CI until it is fixed.  Exit code 1 if any
round failed.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000, help="examples per property test")
    parser.add_argument("--rounds", type=int, default=1, help="runs, each with a new random seed")
    parser.add_argument("-k", default=None, help="only tests matching this pytest expression")
    args = parser.parse_args()
    tests = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests").glob("test_properties_*.py"))
    env = {**os.environ, "HYPOTHESIS_PROFILE": "nightly", "FRAMING_FUZZ_EXAMPLES": str(args.examples)}
    failed = 0
    for round_no in range(1, args.rounds + 1):
        seed = random.SystemRandom().randrange(2**32)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
                   *tests]
        if args.k:
            command += ["-k", args.k]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(no output)"
        print(f"round {round_no}: seed {seed}, {args.examples} examples per test, {seconds:.0f} s: {summary}",
              flush=True)
        if result.returncode != 0:
            failed += 1
            print(result.stdout[-6000:], result.stderr[-2000:], sep="\n")
    print(f"{failed} of {args.rounds} round(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
