"""Property tests (hypothesis) for the lexicon readers and the matcher.

* Readers: arbitrary file content in every format gives a lexicon or
  :class:`LexiconError` records that name the file and a line, never another
  exception.
* Matcher: for random lexicons and texts, :class:`framing.matcher.Matcher`
  finds exactly what a slow reference finds.  The reference below is written
  from the rules in ``docs/lexicon.md`` ("Matching rules"), plainly: it tries
  every pattern form at every position of the text, character by character.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from framing.errors import LexiconError, MissingFileError
from framing.lexicon import Lexicon, LexiconEntry, check_lexicon, read_lexicon
from framing.lexicon_formats import parse_text
from framing.matcher import Matcher
from framing.text import WORD_RE

# ----------------------------------------------------------------------------- readers

_PIECES = {
    "yaml": ["name: x", "version: '1'", "version: 1.10", "entries:", "categories:", "  label:",
             "    weight: 0.5", "    weight: 2", "    - regime", "  - regime", "  - {pattern: war}",
             "  - {pattern: war, category: label, weight: .nan}", "- pattern: '*x'", "  exclude:",
             "licence: MIT", "license: MIT", "date: 2024-13-45", "x: 0000-01-01", "- 2024-13-45",
             "  - 0000-01-01", "{", "[", "]", ": ", "&a", "*a", "!!binary abc", "!!int x", "'", '"',
             "\t", "  ", "- ", "pattern:", "notes: n", "category: label", "  - [a, b]",
             "  - {pattern: war, weight: [1]}"],
    "csv": ["# name: x", "# version: 1", "pattern,category,weight,notes", "pattern,category",
            "regime,label,0.5,", "war,label", "war,hedge", '"a,b",label', '"unclosed,label',
            "x*,label,1,", "*x,label", ",label", "regime,,", "regime,label,abc", "regime,label,-1",
            "regime,label,nan", "é,lâbel", "a b c", ",,,,", "\x00"],
    "dic": ["%", "1\tposemo", "2\tnegemo", "x\tbad", "3", "hate*\t2\t3", "kind of\t1", "good 1 2",
            "bad\t9", "love*\t1", "*x\t1", "x\t", "2\t2", "\t1", "a\tb\tc", "99999999999999999999\tbig"],
    "wordlist": ["# name: x", "# version: 2", "regime", "war*", "*war", "so-called", "#", "",
                 "!!!", "regime", "Regime", "a b", "x*y", "\x00"],
}
_PIECES["tsv"] = [piece.replace(",", "\t") for piece in _PIECES["csv"]] + ["a,b\tlabel"]
_SEPARATORS = st.sampled_from(["\n", "\r\n", "\n\n", " ", ""])


@st.composite
def lexicon_file(draw) -> tuple[str, str]:
    fmt = draw(st.sampled_from(sorted(_PIECES)))
    pieces = st.sampled_from(_PIECES[fmt]) | st.text(max_size=8)
    parts = draw(st.lists(st.tuples(pieces, _SEPARATORS), max_size=20))
    return fmt, "".join(p + s for p, s in parts)


def _check_problems(problems: list[LexiconError], path: str) -> None:
    assert problems
    for err in problems:
        assert isinstance(err, LexiconError)
        assert err.path == path, err
        assert err.line is not None and err.line >= 1, f"no line number: {err}"
        assert str(err).startswith(f"{path}:{err.line}")


@given(lexicon_file())
@example(("yaml", "name: x\nversion: '1'\nentries:\n  label:\n    - 2024-13-45\n"))
@example(("yaml", "name: x\nversion: '1'\ndate: 0000-01-01\nentries:\n  label: [a]\n"))
@example(("yaml", "name: x\nversion: '1'\nentries:\n  - {pattern: a, category: b, weight: !!int x}\n"))
@example(("yaml", "[" * 5000))
@example(("yaml", "name: x\nversion: '1'\n"))
@example(("yaml", "name: 'a@b'\nversion: '1'\nentries: {label: [a]}\n"))
@example(("wordlist", "# only a comment\n"))
@example(("csv", "pattern,category\n"))
@example(("dic", "%\n1\tx\n%\n99999999999999999999\t1\n"))
def test_lexicon_readers_parse_or_report_lines(case):
    fmt, text = case
    path = f"lex.{fmt}"
    lexicon, problems = parse_text(text, path, "lex", fmt, None, strict=False)
    if lexicon is None:
        _check_problems(problems, path)
        with pytest.raises(LexiconError) as info:  # strict mode raises the first problem
            parse_text(text, path, "lex", fmt, None, strict=True)
        assert info.value.line == problems[0].line
    else:
        assert not problems and isinstance(lexicon, Lexicon) and len(lexicon) > 0
        assert parse_text(text, path, "lex", fmt, None, strict=True)[0] == lexicon


_EXTENSION = {"yaml": ".yaml", "csv": ".csv", "tsv": ".tsv", "dic": ".dic", "wordlist": ".txt"}


@given(lexicon_file(), st.binary(max_size=4))
def test_lexicon_files_with_any_bytes(case, junk):
    """Through the file API: undecodable bytes are a LexiconError too."""
    fmt, text = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"lex{_EXTENSION[fmt]}"
        path.write_bytes(text.encode("utf-8") + junk)
        lexicon, problems = check_lexicon(path)
        if lexicon is None:
            assert problems and all(isinstance(e, LexiconError) for e in problems)
            with pytest.raises(LexiconError):
                read_lexicon(path)
        else:
            assert read_lexicon(path) == lexicon


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(MissingFileError) as info:
        read_lexicon(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value)


# ----------------------------------------------------------------------------- the reference matcher

#: Characters that may separate the words of a phrase (docs: space, line break, tab, no-break space).
_PHRASE_SEPARATORS = " \n\t\r\f\v\xa0\u2009\u202f"
#: Docs: curly apostrophes equal straight ones; the Unicode hyphens U+2010, U+2011 count as "-".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
                              "\u2010": "-", "\u2011": "-"})
_NEGATORS = {"not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing",
             "nowhere", "hardly", "barely", "scarcely", "seldom", "rarely", "cannot"}
_CLAUSE = set(",;:.!?()[]{}\u2014\u2013\u2026")
_CONTRAST = {"but", "yet", "although", "though", "whereas"}
_EXACT, _INFLECTED, _WILD = 0, 1, 2


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _forms(pattern: str, inflect: bool) -> list[tuple[str, int, int]]:
    """(form, priority, literal stem length) of a pattern, as the docs define them."""
    if "*" in pattern:
        return [(pattern, _WILD, pattern.index("*"))]
    forms = [(pattern, _EXACT, len(pattern))]
    last = pattern.split(" ")[-1]
    if inflect and last[-1].isalpha():
        forms.append((pattern + "s", _INFLECTED, len(pattern) + 1))
        if last.endswith(("s", "x", "z", "ch", "sh", "o")):  # "taxes", "heroes", not "rates"
            forms.append((pattern + "es", _INFLECTED, len(pattern) + 2))
        if len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
            forms.append((pattern[:-1] + "ies", _INFLECTED, len(pattern) + 2))
    return forms


def _match_at(form: str, low: str, s: int) -> int | None:
    """End of ``form`` matched at ``low[s:]``, or None: literal characters, one
    separator character per space, ``*`` = any run of word characters."""
    i = s
    for c in form:
        if c == "*":
            while i < len(low) and _word_char(low[i]):
                i += 1
        elif i < len(low) and (low[i] == c or (c == " " and low[i] in _PHRASE_SEPARATORS)):
            i += 1
        else:
            return None
    return i


def _negated(low: str, text: str, s: int, window: int) -> bool:
    """Docs: a negator among the ``window`` words before the hit; the scope stops at clause
    punctuation, a contrast word, a blank line (a line of spaces is blank too) and the region edge."""
    blank_lines = [m.end() for m in re.finditer(r"\n[ \t]*\n", text[:s])]
    scope = low[blank_lines[-1]:s] if blank_lines else low[:s]
    tokens = re.findall(WORD_RE.pattern + "|[" + re.escape("".join(_CLAUSE)) + "]", scope)
    for words, token in enumerate(reversed(tokens), start=1):
        if token in _CLAUSE or token in _CONTRAST:
            return False
        if token in _NEGATORS or token.endswith("n't"):
            return True
        if words >= window:
            return False
    return False


def reference_find(lexicons, text: str, *, inflect: bool = True, window: int = 3):
    """Every hit of ``lexicons`` in ``text`` as (start, end, entry, category, lexicon id, negated)."""
    low = "".join((c.lower() or c)[0] for c in text).translate(_APOSTROPHES)
    inside = set()  # positions strictly inside a WORD_RE token
    for m in WORD_RE.finditer(low):
        inside.update(range(m.start() + 1, m.end()))
    hits = []
    for lex in lexicons:
        candidates = []
        for ei, entry in enumerate(lex.entries):
            for form, priority, stem in _forms(entry.pattern, inflect):
                for s in range(len(low)):
                    e = _match_at(form, low, s)
                    if e is None or s in inside:
                        continue
                    if e in inside:  # a possessive 's belongs to the match, nothing else may follow
                        if low.startswith("'s", e) and e + 2 not in inside:
                            e += 2
                        else:
                            continue
                    candidates.append((-(e - s), s, priority, -stem, ei, e))
        chosen: list[tuple[int, int, int]] = []
        winner_of: dict[tuple[int, int], str] = {}
        for _, s, _, _, ei, e in sorted(candidates):
            pattern = lex.entries[ei].pattern
            if (s, e) in winner_of:
                if winner_of[(s, e)] == pattern and (s, e, ei) not in chosen:
                    chosen.append((s, e, ei))  # the same pattern in another category
                continue
            if any(s < ce and cs < e for cs, ce, _ in chosen):
                continue
            winner_of[(s, e)] = pattern
            chosen.append((s, e, ei))
        for s, e, ei in chosen:
            entry = lex.entries[ei]
            if entry.category != "exclude":
                hits.append((s, e, entry.pattern, entry.category, lex.id,
                             window > 0 and _negated(low, text, s, window)))
    return sorted(hits)


# ----------------------------------------------------------------------------- matcher vs reference

_STEMS = ["war", "regime", "change", "threat", "city", "day", "box", "u.s.", "(so-called)",
          "neo-fascist", "a", "ss", "i", "imperialis", "hunt", "witch", "c++", "x_y", "élan",
          "İzmir", "-backed", "don't"]


@st.composite
def pattern(draw) -> str:
    words = draw(st.lists(st.sampled_from(_STEMS), min_size=1, max_size=3))
    if draw(st.booleans()):  # a wildcard may end any word whose last character is a word character
        i = draw(st.integers(0, len(words) - 1))
        if _word_char(words[i][-1]):
            words[i] += "*"
    return " ".join(words)


@st.composite
def lexicon_set(draw) -> list[Lexicon]:
    lexicons = []
    for n in range(draw(st.integers(1, 2))):
        entries: dict[tuple[str, str], LexiconEntry] = {}
        for p in draw(st.lists(pattern(), min_size=1, max_size=6)):
            category = draw(st.sampled_from(["label", "hedge", "exclude"]))
            entries.setdefault((LexiconEntry(p, category).pattern, category),
                               LexiconEntry(p, category, draw(st.sampled_from([0.2, 1.0]))))
        lexicons.append(Lexicon(f"lex{n}", "1", tuple(entries.values())))
    return lexicons


_TEXT_WORDS = ["war", "wars", "War", "WAR", "warship", "war-torn", "anti-war", "regime", "regime's",
               "Regime’s", "regimes", "change", "changes", "threat", "threats", "city", "cities",
               "citys", "day", "days", "daies", "box", "boxes", "U.S.", "U.S.-backed", "u.s", "so-called",
               "(so-called)", "x(so-called)", "neo-fascist", "neo‘fascist", "fascist", "a", "as", "A's",
               "ss", "sses", "İ", "i", "is", "imperialism", "imperialists", "imperialist-backed",
               "witch", "hunt", "hunts", "C++", "c++s", "x_y", "x_yz", "élan", "ÉLAN", "not", "no",
               "don't", "won’t", "never", "but", "very", "'s", "_", "İZMİR", "izmir", "war-backed",
               "U.S.-backed", "neo\u2011fascist", "war\u2010torn"]
_TEXT_SEPARATORS = [" ", " ", " ", "\n", "\t", "\xa0", "", ",", ", ", ". ", "-", "'", "’", "\n\n",
                    "  ", "—", "(", ")", "\u2026 ", "\u2011"]

texts = st.lists(st.tuples(st.sampled_from(_TEXT_WORDS), st.sampled_from(_TEXT_SEPARATORS)),
                 max_size=25).map(lambda parts: "".join(w + s for w, s in parts))


@st.composite
def _written(draw, pattern: str) -> str:
    """A text form of a pattern: cased, wildcards filled, words joined, something appended."""
    words = []
    for word in pattern.split(" "):
        if word.endswith("*"):
            word = word[:-1] + draw(st.sampled_from(["", "ism", "ists", "e", "-x", "'s", "_"]))
        words.append(draw(st.sampled_from([word, word.upper(), word.title()])))
    joined = "".join(w + draw(st.sampled_from([" "] * 6 + ["\n", "\xa0", "\t", "  ", "-", ", "]))
                     for w in words[:-1]) + words[-1]
    return joined + draw(st.sampled_from(["", "", "", "s", "es", "'s", "’s", "-x", "x", "ies"]))


@st.composite
def lexicons_and_text(draw) -> tuple[list[Lexicon], str]:
    """Lexicons and a text made largely of their own patterns, negators and punctuation."""
    lexicons = draw(lexicon_set())
    patterns = sorted({e.pattern for lex in lexicons for e in lex.entries})
    parts = []
    for _ in range(draw(st.integers(0, 20))):
        kind = draw(st.sampled_from(["pattern", "pattern", "word", "negator"]))
        if kind == "pattern":
            parts.append(draw(_written(draw(st.sampled_from(patterns)))))
        elif kind == "negator":
            parts.append(draw(st.sampled_from(["not", "Never", "don't", "no", "but", "nor", "without"])))
        else:
            parts.append(draw(st.sampled_from(_TEXT_WORDS)))
        parts.append(draw(st.sampled_from(_TEXT_SEPARATORS)))
    return lexicons, "".join(parts)


def _as_tuples(hits) -> list[tuple]:
    return sorted((h.start, h.end, h.entry, h.category, h.lexicon, h.negated) for h in hits)


def _one(pattern: str) -> list[Lexicon]:
    return [Lexicon("l", "1", (LexiconEntry(pattern, "c"),))]


@given(lexicons_and_text() | st.tuples(lexicon_set(), texts), st.booleans())
@example((_one("(so-called)"), "x(so-called) y"), True)  # punctuation may start a pattern
@example((_one("war"), "not " + "a" * 70 + " war"), True)  # three words, more than 60 characters
@example((_one("war"), "not\n \nwar"), True)  # a blank line holding a space ends the scope
@example((_one("İzmir"), "İZMİR, İzmir and izmir"), True)  # "İ".lower() is two characters
@example((_one("witch u.s."), "witch u.s.s war"), True)  # a match ending in "." before a word
def test_matcher_equals_reference(case, inflect):
    lexicons, text = case
    matcher = Matcher(lexicons, inflect=inflect)
    hits = matcher.find(text)
    for h in hits:
        assert text[h.start:h.end] == h.match
    assert _as_tuples(hits) == reference_find(lexicons, text, inflect=inflect)


@given(lexicons_and_text(), st.data())
def test_matcher_region_equals_reference_on_the_region(case, data):
    """``find(text, start, end)`` sees only the region: its edges are word boundaries."""
    lexicons, text = case
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = _as_tuples(Matcher(lexicons).find(text, start, end))
    want = [(s + start, e + start, *rest) for s, e, *rest in reference_find(lexicons, text[start:end])]
    assert got == want
