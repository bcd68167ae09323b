"""A compiled lexicon matcher: Aho-Corasick over lower-cased text, token-bounded.

Rules (documented in ``docs/lexicon.md``):

* **Case and apostrophes.** Matching is case-insensitive; curly apostrophes
  equal straight ones; any single whitespace character (space, newline, tab,
  no-break space) separates the words of a phrase.  Offsets are exact in the
  original text even where lower-casing changes length (``"İ"``).
* **Tokens.** A token is a :data:`framing.text.WORD_RE` word, so hyphenated and
  apostrophe compounds (``neo-fascist``, ``don't``) are single tokens.  A match
  must not start or end inside a token: ``fascist`` does not match inside
  ``neo-fascist`` and ``war`` not inside ``warship``.  One exception: a possessive
  ``'s`` after a match is part of it (``regime's``).
* **Wildcards.** ``imperialis*`` matches any word characters after the stem, up
  to the end of the word (never across a hyphen or apostrophe into another word).
* **Inflection.** With ``inflect=True`` (the default) the last word of a pattern
  without wildcard that ends in a letter also matches with ``-s``, ``-es``, and
  ``-y`` -> ``-ies`` (``threat`` -> ``threats``, ``atrocity`` -> ``atrocities``).
  Past tense, ``-ing`` and irregular forms must be listed or use a wildcard.
* **Overlaps.** Within one lexicon the longest match (in characters) wins; at equal
  length the earlier start, then an exact entry over an inflected form over a
  wildcard, then the longer literal stem.  Lexicons are resolved independently:
  several lexicons may each report a hit on the same span.  A pattern listed
  under several categories (LIWC) gives one hit per category.  Entries of the
  category ``exclude`` (neutral senses such as "tax regime") take part in this
  resolution, so they block shorter entries, but produce no hit.
* **Negation.** A hit is ``negated`` when one of :data:`NEGATORS` (or a word
  ending in ``n't``) occurs among the :data:`NEGATION_WINDOW` words before it,
  not counting words before the last clause punctuation (:data:`CLAUSE_BREAKS`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from framing.lexicon import EXCLUDE_CATEGORY, Lexicon, as_lexicons
from framing.text import WORD_RE

__all__ = [
    "Hit",
    "Matcher",
    "compile_matcher",
    "NEGATORS",
    "NEGATION_WINDOW",
    "CLAUSE_BREAKS",
]

#: Words before a hit searched for a negator.  Three, as in VADER (Hutto and
#: Gilbert 2014), which found it the best window for English sentiment negation.
NEGATION_WINDOW = 3
#: Characters before a hit searched for the window's words (bounds the work per hit;
#: three words of news English fit comfortably).
NEGATION_LOOKBACK_CHARS = 80
#: Negators: tokens that put what follows in the scope of negation (tokens ending
#: in ``n't`` also count).  Based on VADER's negation list, reduced to the
#: unambiguous items, plus ``without``.
NEGATORS = frozenset({
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing",
    "nowhere", "hardly", "barely", "scarcely", "seldom", "rarely", "cannot",
    "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt",
    "wont", "wouldnt", "shouldnt", "aint", "hasnt", "havent", "hadnt",
})
#: Punctuation that ends a negation scope (clause and sentence punctuation, dashes).
CLAUSE_BREAKS = ",;:.!?()[]{}\u2014\u2013"

_CONNECTORS = "'-"  # inner connectors of WORD_PATTERN once apostrophes are normalised
_NORMALISE = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2032", "'"),
              ("\n", " "), ("\t", " "), ("\r", " "), ("\xa0", " "), ("\u2009", " "),
              ("\u202f", " "), ("\f", " "), ("\v", " "))

# Kinds of automaton key.
_LITERAL, _EXTEND, _REGEX = 0, 1, 2
# Priorities at equal span (lower wins).
_EXACT, _INFLECTED, _WILD = 0, 1, 2


class Hit(NamedTuple):
    """One match of a lexicon entry.

    ``start``/``end`` are offsets into the text given to :meth:`Matcher.find`
    (so ``text[start:end] == match``); ``entry`` is the lexicon pattern,
    ``lexicon`` is ``name@version``.
    """

    start: int
    end: int
    match: str
    entry: str
    category: str
    weight: float
    lexicon: str
    negated: bool


def _isw(c: str) -> bool:
    return c.isalnum() or c == "_"


def _lower_exact(text: str) -> str:
    """Lower-case ``text`` keeping one character per character (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    low = text.replace("\u0130", "i").lower()  # 'İ'.lower() is two characters
    if len(low) == len(text):
        return low
    return "".join((c.lower() or c)[0] for c in text)


def _normalise(text: str) -> str:
    low = _lower_exact(text)
    if not low.isascii() or "\n" in low or "\t" in low or "\r" in low:
        for old, new in _NORMALISE:
            if old in low:
                low = low.replace(old, new)
    return low


def _cuts_token(low: str, p: int) -> bool:
    """Whether position ``p`` lies strictly inside a WORD_RE token of ``low``."""
    n = len(low)
    if p <= 0 or p >= n:
        return False
    a, b = low[p - 1], low[p]
    wa, wb = _isw(a), _isw(b)
    if wa and wb:
        return True
    if wa and b in _CONNECTORS and p + 1 < n and _isw(low[p + 1]):
        return True
    return a in _CONNECTORS and wb and p >= 2 and _isw(low[p - 2])


def _end_of(low: str, e: int) -> int:
    """Accepted end of a match ending at ``e`` (a possessive ``'s`` is absorbed), or -1."""
    if not _cuts_token(low, e):
        return e
    if low.startswith("'s", e) and not _cuts_token(low, e + 2):
        return e + 2
    return -1


def _plural_forms(pattern: str) -> list[str]:
    """Inflected forms of the last word of a literal pattern (see module docstring)."""
    last = pattern.rsplit(" ", 1)[-1]
    if not last[-1].isalpha():
        return []
    forms = [pattern + "s", pattern + "es"]
    if len(last) > 2 and last[-1] == "y" and last[-2] not in "aeiou":
        forms.append(pattern[:-1] + "ies")
    return forms


def _wildcard_regex(pattern: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in pattern.split("*")]
    return re.compile(r"\w*".join(parts))


class Matcher:
    """Find lexicon entries in text, compiled once from one or several lexicons.

    Parameters
    ----------
    lexicons : str, Path, Lexicon, or a sequence of them
        Built-in names (``"loaded_language"``), lexicon file paths or
        :class:`~framing.lexicon.Lexicon` objects.
    inflect : bool, default True
        Also match ``-s``/``-es``/``-ies`` forms of the last word of literal patterns.
    negation_window : int, default NEGATION_WINDOW
        Words before a hit searched for a negator (0 disables negation marking).

    Notes
    -----
    The matcher pickles as its lexicons and parameters and is rebuilt on
    unpickling (a few milliseconds per thousand entries), so it can be sent to
    worker processes.

    Examples
    --------
    >>> m = Matcher("loaded_language")
    >>> [h.match for h in m.find("The regime's propaganda was not brutal.")]
    ["regime's", 'propaganda', 'brutal']
    """

    def __init__(self, lexicons: str | Path | Lexicon | Iterable[str | Path | Lexicon] = (
            "loaded_language",), *, inflect: bool = True,
            negation_window: int = NEGATION_WINDOW) -> None:
        self.lexicons: tuple[Lexicon, ...] = as_lexicons(lexicons)
        self.inflect = bool(inflect)
        self.negation_window = int(negation_window)
        self._build()

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        keys: dict[str, list[tuple]] = {}
        for li, lex in enumerate(self.lexicons):
            for ei, entry in enumerate(lex.entries):
                pat = entry.pattern
                if "*" not in pat:
                    keys.setdefault(pat, []).append((li, ei, _LITERAL, _EXACT, None))
                    if self.inflect:
                        for form in _plural_forms(pat):
                            keys.setdefault(form, []).append((li, ei, _LITERAL, _INFLECTED, None))
                elif pat.index("*") == len(pat) - 1:
                    keys.setdefault(pat[:-1], []).append((li, ei, _EXTEND, _WILD, None))
                else:
                    stem = pat[: pat.index("*")]
                    keys.setdefault(stem, []).append(
                        (li, ei, _REGEX, _WILD, _wildcard_regex(pat)))
        auto = ahocorasick.Automaton()
        for key, targets in keys.items():
            first = 1 if _isw(key[0]) else 2 if key[0] in _CONNECTORS else 0
            auto.add_word(key, (len(key), first, tuple(targets)))
        if keys:
            auto.make_automaton()
        self._automaton = auto
        self._empty = not keys
        self._entries = [lex.entries for lex in self.lexicons]
        self._ids = [lex.id for lex in self.lexicons]
        self._n_entries = sum(len(lex.entries) for lex in self.lexicons)

    def __getstate__(self) -> dict:
        return {"lexicons": self.lexicons, "inflect": self.inflect,
                "negation_window": self.negation_window}

    def __setstate__(self, state: dict) -> None:
        self.lexicons = state["lexicons"]
        self.inflect = state["inflect"]
        self.negation_window = state["negation_window"]
        self._build()

    def __repr__(self) -> str:
        ids = ", ".join(self._ids)
        return f"Matcher([{ids}], {self._n_entries} entries, inflect={self.inflect})"

    @property
    def lexicon_ids(self) -> tuple[str, ...]:
        """``name@version`` of each lexicon, in order."""
        return tuple(self._ids)

    # ------------------------------------------------------------------ match
    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Return the hits in ``text[start:end]``, sorted by start then lexicon.

        Parameters
        ----------
        text : str
            The text (for instance a whole document).
        start, end : int
            The region to search (for instance one sentence); characters outside
            it are ignored, so the region edges count as word boundaries.

        Returns
        -------
        list of Hit
            Offsets are into ``text`` (not into the region).
        """
        n_text = len(text)
        end = n_text if end is None else min(end, n_text)
        start = max(0, start)
        if self._empty or end <= start:
            return []
        seg = text[start:end] if (start or end != n_text) else text
        low = _normalise(seg)
        found = self._candidates(low)
        if not found:
            return []
        hits = []
        negation_cache: dict[int, bool] = {}
        for s, e, li, ei in self._resolve(found):
            entry = self._entries[li][ei]
            if entry.category == EXCLUDE_CATEGORY:
                continue
            neg = negation_cache.get(s)
            if neg is None:
                neg = negation_cache[s] = self._negated(low, s)
            hits.append(Hit(start + s, start + e, seg[s:e], entry.pattern, entry.category,
                            entry.weight, self._ids[li], neg))
        return hits

    __call__ = find

    def _candidates(self, low: str) -> list[tuple[int, int, int, int, int, int, int]]:
        found = []
        n = len(low)
        for last, (klen, first, targets) in self._automaton.iter(low):
            s = last + 1 - klen
            if s and first == 1:  # key starts with a word character: inlined _cuts_token
                a = low[s - 1]
                if a.isalnum() or a == "_":
                    continue
                if (a == "'" or a == "-") and s >= 2 and _isw(low[s - 2]):
                    continue
            elif s and first == 2 and _cuts_token(low, s):
                continue
            for li, ei, kind, prio, rx in targets:
                e = last + 1
                if kind == _EXTEND:
                    while e < n and (low[e].isalnum() or low[e] == "_"):
                        e += 1
                elif kind == _REGEX:
                    m = rx.match(low, s)
                    if m is None:
                        continue
                    e = m.end()
                if e < n:
                    e = _end_of(low, e)
                    if e < 0:
                        continue
                found.append((li, e - s, s, e, prio, klen, ei))
        return found

    def _resolve(self, found: list) -> list[tuple[int, int, int, int]]:
        """Longest-first non-overlapping selection, separately for each lexicon."""
        if len(found) == 1:
            li, _, s, e, _, _, ei = found[0]
            return [(s, e, li, ei)]
        found.sort(key=lambda c: (c[0], -c[1], c[2], c[4], -c[5], c[6]))
        chosen: list[tuple[int, int, int, int]] = []
        starts: list[int] = []
        ends: dict[int, int] = {}
        lex = -1
        best: tuple[int, int, int, str] | None = None
        for li, _, s, e, _, _, ei in found:
            if li != lex:
                lex, starts, ends, best = li, [], {}, None
            pattern = self._entries[li][ei].pattern
            if best is not None and best == (s, e, li, pattern):
                chosen.append((s, e, li, ei))  # same pattern, another category (LIWC)
                continue
            i = bisect_left(starts, e)
            if i and ends[starts[i - 1]] > s:
                continue
            insort(starts, s)
            ends[s] = e
            best = (s, e, li, pattern)
            chosen.append((s, e, li, ei))
        chosen.sort()
        return chosen

    def _negated(self, low: str, s: int) -> bool:
        if self.negation_window <= 0 or s == 0:
            return False
        pre = low[max(0, s - NEGATION_LOOKBACK_CHARS): s]
        cut = max(pre.rfind(c) for c in CLAUSE_BREAKS)
        words = WORD_RE.findall(pre, cut + 1)[-self.negation_window:]
        return any(w in NEGATORS or w.endswith("n't") for w in words)


def compile_matcher(*lexicons: str | Path | Lexicon, inflect: bool = True,
                    negation_window: int = NEGATION_WINDOW) -> Matcher:
    """Build a :class:`Matcher` from lexicon names, paths or objects (default: the built-in).

    Parameters
    ----------
    *lexicons : str, Path or Lexicon
        One or more lexicons; none means ``"loaded_language"``.
    inflect, negation_window
        As in :class:`Matcher`.

    Returns
    -------
    Matcher
    """
    return Matcher(lexicons or ("loaded_language",), inflect=inflect,
                   negation_window=negation_window)
