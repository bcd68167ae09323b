"""The words the lexicon stance method reads: valence, rule lists and sentence tokens.

* :func:`vader_lexicon` and :func:`vader_rules`: VADER's valence lexicon, negators
  and boosters, read from the installed ``vaderSentiment`` package (no network);
* :func:`stance_rules`: the word lists of ``framing/data/stance_rules.yaml`` (role
  words, reporting verbs, harm words, prepositions, ...);
* :func:`tokenize`: a sentence's word tokens with their clause, comma count and
  contrast side, the unit :class:`framing.stance.LexiconStance` and
  :mod:`framing.stance_features` score on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from framing.memo import BoundedMemo
from framing.packaged import packaged_yaml
from framing.text import WORD_RE

__all__ = ["vader_lexicon", "vader_rules", "WordSet", "StanceRules", "stance_rules", "Token",
           "tokenize", "CONTRAST_BEFORE", "CONTRAST_AFTER"]

#: VADER's "but" rule: valence before the contrast word x0.5, after it x1.5.
CONTRAST_BEFORE = 0.5
CONTRAST_AFTER = 1.5
#: Entries of each per-word memo of rule-list membership (emptied when full).
_MEMO_SIZE = 200_000
_CLAUSE_PUNCT = re.compile(r"[;:—–()\[\]]| - ")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """Return VADER's word -> mean valence (-4..4) from the installed package.

    Read with :mod:`importlib.resources` from ``vaderSentiment/vader_lexicon.txt``
    (vaderSentiment, MIT licence, Hutto and Gilbert 2014); no network.
    """
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    lexicon: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return lexicon


@lru_cache(maxsize=1)
def vader_rules() -> tuple[frozenset[str], dict[str, float], float, float]:
    """VADER's negators (plus no, never, without, nor), boosters, ``N_SCALAR`` and ``B_INCR``."""
    from vaderSentiment.vaderSentiment import B_INCR, BOOSTER_DICT, N_SCALAR, NEGATE

    negate = frozenset(w.lower() for w in NEGATE) | {"no", "never", "without", "nor"}
    boosters = {k.lower(): float(v) for k, v in BOOSTER_DICT.items()}
    return negate, boosters, float(N_SCALAR), float(B_INCR)


class WordSet:
    """A word list of whole words plus ``prefix*`` entries; ``word in wordset``.

    Parameters
    ----------
    entries : iterable of str
        Lower-case words; an entry ending in ``*`` matches every word it starts.
    """

    def __init__(self, entries: Iterable[str]) -> None:
        entries = list(entries)
        self.words = frozenset(e for e in entries if not e.endswith("*"))
        self.prefixes = tuple(e[:-1] for e in entries if e.endswith("*"))
        self._memo: BoundedMemo[str, bool] = BoundedMemo(self._lookup, _MEMO_SIZE)

    def _lookup(self, word: str) -> bool:
        return word in self.words or (bool(self.prefixes) and word.startswith(self.prefixes))

    def __contains__(self, word: str) -> bool:
        return self._memo[word]


@dataclass(frozen=True)
class StanceRules:
    """The word lists of ``stance_rules.yaml``, one attribute per list."""

    roles: tuple[tuple[WordSet, float], ...]
    cooperative: WordSet
    passive: frozenset[str]
    contrast: frozenset[str]
    ignore: frozenset[str]
    reporting: WordSet
    object_stop: frozenset[str]
    harm: WordSet
    light: WordSet
    naming: frozenset[str]
    prepositions: frozenset[str]
    determiners: frozenset[str]
    locative: frozenset[str]
    addressing: frozenset[str]
    version: str
    _role_memo: BoundedMemo = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_role_memo", BoundedMemo(self._role_family, _MEMO_SIZE))

    def _role_family(self, word: str) -> float | None:
        return next((p for words, p in self.roles if word in words), None)

    def role_polarity(self, word: str) -> float | None:
        """Polarity of the role family ``word`` belongs to, or None."""
        return self._role_memo[word]


@lru_cache(maxsize=1)
def stance_rules() -> StanceRules:
    """Load ``framing/data/stance_rules.yaml`` once."""
    data = packaged_yaml("stance_rules.yaml")
    roles = tuple((WordSet(spec["words"]), float(spec["polarity"]))
                  for spec in data["roles"].values())
    return StanceRules(roles=roles, cooperative=WordSet(data["cooperative_terms"]),
                       passive=frozenset(data["passive_auxiliaries"]),
                       contrast=frozenset(data["contrast_words"]),
                       ignore=frozenset(data["ignore"]), reporting=WordSet(data["reporting_verbs"]),
                       object_stop=frozenset(data["object_stop"]),
                       harm=WordSet(data["harm_words"]),
                       light=WordSet(data["light_verbs"]),
                       naming=frozenset(WordSet(data["naming_verbs"]).words),
                       prepositions=frozenset(data["prepositions"]),
                       determiners=frozenset(data["determiners"]),
                       locative=frozenset(data["locative_prepositions"]),
                       addressing=frozenset(data["addressing_verbs"]),
                       version=str(data["version"]))


@dataclass(slots=True)
class Token:
    """A word of a sentence as the stance rules see it."""

    start: int
    end: int
    low: str
    clause: int
    comma: int  # commas before this token in the sentence
    side: float  # contrast factor (1.0 if no contrast word in the sentence)


#: Contrast words that are sentence adverbs: they contrast with an earlier sentence, so
#: they join two clauses only after a semicolon, colon or dash ("...; however, ...");
#: ", however," after a subject is parenthetical.
_SENTENCE_ADVERBS = frozenset({"however", "nevertheless", "nonetheless"})


def _joins_clauses(low: str, gap: str, previous: str) -> bool:
    """Whether the contrast word ``low`` (after ``gap`` and the word ``previous``) is a
    conjunction between clauses. "yet" is one after a comma or semicolon or "and" ("..., yet
    Moscow refused"); elsewhere it is an adverb ("not yet a threat", "has yet to")."""
    if low == "yet":
        return "," in gap or ";" in gap or previous == "and"
    if low in _SENTENCE_ADVERBS:
        return _CLAUSE_PUNCT.search(gap) is not None
    return True


def tokenize(text: str, s0: int, s1: int, contrast: frozenset[str]) -> list[Token]:
    """Word tokens of ``text[s0:s1]`` (:data:`framing.text.WORD_RE`, lower-cased, curly
    apostrophes straightened) with their clause (a new one after ``; : — ( ) [ ] -``
    and after each word of ``contrast`` that joins clauses: not the adverbs "not yet",
    ", however,"), the commas before them, and their contrast
    side: :data:`CONTRAST_BEFORE` before the first contrast word ("but"; not
    although, though, whereas), :data:`CONTRAST_AFTER` after it, 1.0 without one.
    """
    toks: list[Token] = []
    clause = 0
    commas = 0
    prev_end = s0
    contrast_at = None
    for m in WORD_RE.finditer(text, s0, s1):
        start = m.start()
        gap = " "
        if start - prev_end != 1 or text[prev_end] != " ":  # fast path: one space
            gap = text[prev_end:start]
            if toks and _CLAUSE_PUNCT.search(gap):
                clause += 1
            commas += gap.count(",")
        low = m.group(0).lower()
        if "’" in low or "‘" in low:
            low = low.translate(_APOSTROPHES)
        if low in contrast and toks and _joins_clauses(low, gap, toks[-1].low):
            clause += 1
            if contrast_at is None and low not in ("although", "though", "whereas"):
                contrast_at = len(toks)
        toks.append(Token(start, m.end(), low, clause, commas, 1.0))
        prev_end = m.end()
    if contrast_at is not None:
        for i, t in enumerate(toks):
            t.side = CONTRAST_BEFORE if i < contrast_at else CONTRAST_AFTER
    return toks
