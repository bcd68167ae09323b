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
  without wildcard that ends in a letter also matches with ``-s``, with ``-es``
  after :data:`ES_ENDINGS` (s, x, z, ch, sh, o), and ``-y`` -> ``-ies``
  (``threat`` -> ``threats``, ``witch hunt`` -> ``witch hunts``, ``hoax`` ->
  ``hoaxes``, ``atrocity`` -> ``atrocities``).
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
  not counting words before the last clause punctuation (:data:`CLAUSE_BREAKS`),
  contrast word (:data:`SCOPE_END_WORDS`) or paragraph break (blank line), nor
  words outside the searched region.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from framing.lexicon import EXCLUDE_CATEGORY, Lexicon, as_lexicons
from framing.text import WORD_PATTERN

__all__ = [
    "Hit",
    "Matcher",
    "compile_matcher",
    "NEGATORS",
    "NEGATION_WINDOW",
    "CLAUSE_BREAKS",
    "SCOPE_END_WORDS",
    "ES_ENDINGS",
]

#: Words before a hit searched for a negator.  Three, as in VADER (Hutto and
#: Gilbert 2014), which found it the best window for English sentiment negation.
NEGATION_WINDOW = 3
#: Characters before a hit searched for the window's words (bounds the work per hit;
#: three words of news English fit comfortably).
NEGATION_LOOKBACK_CHARS = 60
#: Negators: tokens that put what follows in the scope of negation (tokens ending
#: in ``n't`` also count: "don't", "isn't", "won't").  Based on VADER's negation
#: list, reduced to the unambiguous items, plus ``without``; spellings without the
#: apostrophe ("dont") are not recognised.
NEGATORS = frozenset({
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing",
    "nowhere", "hardly", "barely", "scarcely", "seldom", "rarely", "cannot",
})
#: Punctuation that ends a negation scope (clause and sentence punctuation, dashes, the
#: ellipsis character, which ends a clause as "..." does).
CLAUSE_BREAKS = ",;:.!?()[]{}\u2014\u2013\u2026"
#: Endings after which English forms a plural (or third person) with ``-es``: the
#: sibilants (``tax`` -> "taxes", ``witch`` -> "witches", ``clash`` -> "clashes") and
#: ``o`` (``hero`` -> "heroes"; "ghettos" comes from ``-s``).  After any other ending
#: ``-es`` only made false matches (``rat`` -> "rates", ``grim`` -> "Grimes").
ES_ENDINGS = ("s", "x", "z", "ch", "sh", "o")
#: Words that end a negation scope: a contrast starts a new clause ("not cheap but brutal").
SCOPE_END_WORDS = frozenset({"but", "yet", "although", "though", "whereas"})

_CONNECTORS = "'-"  # inner connectors of WORD_PATTERN once apostrophes are normalised
_NORMALISE = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2032", "'"),
              ("\u2010", "-"), ("\u2011", "-"),  # Unicode hyphens, as framing.clean does
              ("\n", " "), ("\t", " "), ("\r", " "), ("\xa0", " "), ("\u2009", " "),
              ("\u202f", " "), ("\f", " "), ("\v", " "))

#: Substrings of every negator (a cheap test before tokenising the window).
_NEGATOR_HINTS = ("no", "n't", "never", "without", "neither", "hardly", "barely",
                  "scarcely", "seldom", "rarely")
_SCOPE_TOKEN_RE = re.compile(WORD_PATTERN + "|[" + re.escape(CLAUSE_BREAKS) + "]")
#: A blank line (a paragraph break, as in :mod:`framing.text`) ends a negation scope.
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_WORD_CHAR_RE = re.compile(r"\w")
#: ASCII punctuation (not ``_``, a word character).
_ASCII_PUNCTUATION = "".join(c for c in map(chr, range(33, 127)) if not (c.isalnum() or c == "_"))

#: ASCII non-word characters -> space (fast path of the haystack for ASCII text).
_ASCII_NONWORD = str.maketrans({chr(i): " " for i in range(128)
                                if not (chr(i).isalnum() or chr(i) == "_")})

#: Characters other than ASCII word characters and space (candidates for replacement).
_NOT_ASCII_WORD_RE = re.compile(r"[^a-z0-9_ ]")

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
    forms = [pattern + "s"]
    if last.endswith(ES_ENDINGS):
        forms.append(pattern + "es")
    if len(last) > 2 and last[-1] == "y" and last[-2] not in "aeiou":
        forms.append(pattern[:-1] + "ies")
    return forms


def _anchor(text: str) -> str:
    """``text`` with every non-word character replaced by a space (automaton key body)."""
    return "".join(c if _isw(c) else " " for c in text)


def _check_text(text: str) -> str | None:
    """Literal text to verify after a key match, or None if the key match is enough.

    A key match guarantees the word characters; spaces and punctuation of the
    pattern must be checked against the text.
    """
    return None if all(_isw(c) for c in text) else text


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
        Also match ``-s``/``-es``/``-ies`` forms of the last word of literal patterns
        (``-es`` only after :data:`ES_ENDINGS`).
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

        def add(text: str, target: tuple) -> None:
            # the key starts at the pattern's first word character ("(so-called)" -> " so called "),
            # ``lead`` characters after the pattern's own start
            lead = next(i for i, c in enumerate(text) if _isw(c))
            keys.setdefault(" " + _anchor(text[lead:]), []).append((*target, lead))

        # entries in canonical order: which of two same-span entries wins, and the order
        # of hits, must not depend on the order of lines in the file (the hash does not)
        entries = [lex.canonical_entries() for lex in self.lexicons]
        for li, lex_entries in enumerate(entries):
            for ei, entry in enumerate(lex_entries):
                pat = entry.pattern
                if "*" not in pat:
                    add(pat, (li, ei, _LITERAL, _EXACT, len(pat), _check_text(pat)))
                    if self.inflect:
                        for form in _plural_forms(pat):
                            add(form, (li, ei, _LITERAL, _INFLECTED, len(form), _check_text(form)))
                elif pat.index("*") == len(pat) - 1:
                    stem = pat[:-1]
                    add(stem, (li, ei, _EXTEND, _WILD, len(stem), _check_text(stem)))
                else:
                    stem = pat[: pat.index("*")]
                    add(stem, (li, ei, _REGEX, _WILD, len(stem), _wildcard_regex(pat)))
        auto = ahocorasick.Automaton()
        for key, targets in keys.items():
            # most specific first: exact, then inflected, then wildcard; longer stems first
            targets.sort(key=lambda t: (t[3], -t[4]))
            auto.add_word(key, (len(key), tuple(targets)))
        if keys:
            auto.make_automaton()
        self._automaton = auto
        self._empty = not keys
        self._info = [[(e.pattern, e.category, e.weight, lex.id, e.category == EXCLUDE_CATEGORY)
                       for e in lex_entries] for lex, lex_entries in zip(self.lexicons, entries, strict=True)]
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
            The text (for instance a whole document), Unicode-normalised as corpus
            texts are (:func:`framing.clean.normalize_unicode`: NFC, no soft hyphens
            or zero-width characters), because patterns are stored that way: a
            decomposed "nai\u0308ve" or a soft hyphen inside a word does not match.
            The text is not normalised here, since that would move the offsets.
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
        new = tuple.__new__
        info = self._info
        window = self.negation_window
        neg_cache: dict[int, bool] = {}
        for s, li, ei, e in self._resolve(found):
            pattern, category, weight, lexicon_id, excluded = info[li][ei]
            if excluded:
                continue
            neg = neg_cache.get(s)
            if neg is None:
                neg = neg_cache[s] = window > 0 and _negated(seg, low, s, window)
            hits.append(new(Hit, (start + s, start + e, seg[s:e], pattern, category, weight,
                                  lexicon_id, neg)))
        return hits

    __call__ = find

    def _candidates(self, low: str) -> list[tuple]:
        """Accepted matches as ``(lexicon, -length, start, priority, -stem, entry, end)``.

        The automaton runs over ``" " + low`` with every non-word character
        replaced by a space, and every key starts with a space, so keys can only
        match at the start of a word (and the automaton's failure chains stay
        short whatever the lexicon size).  Position ``i`` of that haystack is
        position ``i - 1`` of ``low``, so a key of length ``k`` ending at haystack
        index ``last`` starts at ``low[last + 1 - k]``.
        """
        if low.isascii():
            hay = low.translate(_ASCII_NONWORD)
        else:
            hay = low
            for c in set(_NOT_ASCII_WORD_RE.findall(low)):
                if not c.isalnum():
                    hay = hay.replace(c, " ")
        found = []
        n = len(low)
        for last, (klen, targets) in self._automaton.iter(" " + hay):
            s = last + 1 - klen
            if s >= 2 and (low[s - 1] == "'" or low[s - 1] == "-") and _isw(low[s - 2]):
                continue  # inside a hyphenated or apostrophe compound
            for li, ei, kind, prio, size, check, lead in targets:
                start = s
                if lead:  # the pattern starts with punctuation before its first word
                    start = s - lead
                    if start < 0 or _cuts_token(low, start):
                        continue
                e = start + size
                if kind == _REGEX:
                    m = check.match(low, start)
                    if m is None:
                        continue
                    e = m.end()
                else:
                    if check is not None and not low.startswith(check, start):
                        continue
                    if kind == _EXTEND:
                        while e < n and (low[e].isalnum() or low[e] == "_"):
                            e += 1
                if e < n:
                    c = low[e]
                    if c.isalnum() or c == "_":
                        if _isw(low[e - 1]):
                            continue  # the word goes on
                        if (low[e - 1] == "'" or low[e - 1] == "-") and e >= 2 and _isw(low[e - 2]):
                            continue  # a pattern ending in "-" or "'" inside a compound
                        # a match ending in punctuation ("u.s.") is followed by a new word
                    if (c == "'" or c == "-") and e + 1 < n and _isw(low[e + 1]):
                        e = _end_of(low, e)  # a compound goes on, unless possessive 's
                        if e < 0:
                            continue
                found.append((li, start - e, start, prio, -size, ei, e))
        return found

    def _resolve(self, found: list[tuple]) -> list[tuple[int, int, int, int]]:
        """Longest-first non-overlapping selection, separately for each lexicon.

        Returns ``(start, lexicon, entry, end)`` sorted by start then lexicon.
        """
        if len(found) == 1:
            li, _, s, _, _, ei, e = found[0]
            return [(s, li, ei, e)]
        found.sort()
        chosen = []
        info = self._info
        lex = -1
        starts: list[int] = []
        ends: list[int] = []
        best = (-1, -1, "")
        for li, _, s, _, _, ei, e in found:
            if li != lex:
                lex, starts, ends, best = li, [], [], (-1, -1, "")
            if s == best[0] and e == best[1] and info[li][ei][0] == best[2]:
                chosen.append((s, li, ei, e))  # same pattern in another category (LIWC)
                continue
            i = bisect_left(starts, e)
            if i and ends[i - 1] > s:
                continue
            starts.insert(i, s)
            ends.insert(i, e)
            best = (s, e, info[li][ei][0])
            chosen.append((s, li, ei, e))
        chosen.sort()
        return chosen


def _negated(seg: str, low: str, s: int, window: int) -> bool:
    """Whether a negator is among the ``window`` words before ``s`` in the same clause.

    ``seg`` is the original text (a blank line ends the scope), ``low`` its normalised copy.
    The look-back covers :data:`NEGATION_LOOKBACK_CHARS` characters, and more when the
    window's words do not fit in them (very long words).
    """
    span = NEGATION_LOOKBACK_CHARS
    while True:
        lo = max(0, s - span)
        complete = lo == 0  # whether the scope starts inside the look-back
        if seg.find("\n", lo, s) >= 0:
            for m in _BLANK_LINE_RE.finditer(seg, lo, s):
                lo, complete = m.end(), True
        pre = low[lo:s]
        for hint in _NEGATOR_HINTS:
            if hint in pre:
                break
        else:
            if complete or _window_fits(pre, window):
                return False
        tokens = _SCOPE_TOKEN_RE.findall(pre)
        if not complete and tokens and _isw(low[lo - 1]) and _isw(low[lo]):
            tokens = tokens[1:]  # the look-back starts inside a word: drop the fragment
        for n_words, token in enumerate(reversed(tokens), start=1):
            if token in CLAUSE_BREAKS or token in SCOPE_END_WORDS:
                return False
            if token in NEGATORS or token.endswith("n't"):
                return True
            if n_words >= window:
                return False
        if complete:
            return False
        span *= 4  # fewer than ``window`` words in the look-back: look further


def _window_fits(pre: str, window: int) -> bool:
    """Cheap sufficient test that the last ``window`` words before a hit lie in ``pre``.

    True when each of the last ``window`` whitespace-separated chunks of ``pre`` (complete
    chunks: a chunk cut by the look-back's start is not counted) holds a word character.
    """
    parts = pre.rsplit(None, window)
    if len(parts) <= window:
        return False
    for part in parts[1:]:
        if part.isascii():
            rest = part.strip(_ASCII_PUNCTUATION)
            if not rest or not _isw(rest[0]):
                return False
        elif _WORD_CHAR_RE.search(part) is None:
            return False
    return True


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
