"""Word tags, paragraph skeletons and speaker noun phrases for quote attribution.

Internal helpers of :mod:`framing.speakers`.  Each token of a paragraph gets a
one-character tag; every top-level quotation is folded into one ``Q`` token, so
words inside quotations are never taken for attribution cues.  Regular
expressions over the tag string then find noun phrases and ``speaker + verb``
pairs, and :func:`make_mention` turns a noun phrase into a normalised speaker
name.  Word lists come from ``framing/data/reporting_verbs.yaml`` and
``framing/data/speaker_cues.yaml``.

Tags::

    P pronoun          D determiner       S possessive (its)   G genitive (Russia's)
    C capitalised word c name particle    N speaker noun       V reporting verb
    W noun and verb    M other word       E word in -ed        A adverb/auxiliary
    K "according"
    O "to"             f of/for/at/from   R preposition        B subordinator
    & conjunction      H that/who/which   L label cue          Q quotation
    . sentence end     , comma            : colon              X other punctuation
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import chain
from typing import Literal, NamedTuple

from framing.memo import BoundedMemo
from framing.packaged import packaged_yaml

__all__ = [
    "MAX_NP_MODIFIERS",
    "MAX_APPOSITIVE_TOKENS",
    "Mention",
    "Skeleton",
    "cues",
    "reporting_verbs",
    "verb_info",
]

SpeakerType = Literal["person", "plural", "organisation", "unknown"]

#: Words allowed before the last word of a speaker noun phrase ("White House
#: national security spokesman John Kirby" has six before "Kirby").
MAX_NP_MODIFIERS = 7
#: Longest appositive skipped between a speaker and its verb ("Smith, a Democrat
#: from Ohio who chairs the committee, said").
MAX_APPOSITIVE_TOKENS = 15


class Cues:
    """Word lists loaded from the data files (all lower case).

    ``verb_class`` maps a verb form to neutral / evaluative / characterise,
    ``verb_lemma`` to its lemma; every list of ``speaker_cues.yaml`` is an
    attribute holding a frozenset (``pronouns``, ``titles``, ...), and
    ``<kind>_nouns`` holds each kind of speaker noun.
    """

    def __init__(self, verb_class: dict[str, str], verb_lemma: dict[str, str],
                 sets: dict[str, frozenset[str]]) -> None:
        self.verb_class = verb_class
        self.verb_lemma = verb_lemma
        self.sets = sets
        for k, v in sets.items():
            setattr(self, k, v)
        self.list_tags = _list_tags(sets)


#: The word lists that tag a word by membership, in order of precedence (a word
#: in two lists takes the tag of the first); "according" and "to" rank between
#: the determiners and the conjunctions.
_LIST_TAG_ORDER = (("P", "pronouns"), ("S", "possessives"), ("D", "determiners"),
                   ("K", None), ("O", None), ("&", "conjunctions"), ("H", "relatives"),
                   ("f", "np_prepositions"), ("R", "prepositions"), ("B", "subordinators"),
                   ("L", "label_cues"), ("A", "weekdays"), ("A", "adverbs"))
_LIST_TAG_WORDS = {"K": ("according",), "O": ("to",)}


def _list_tags(sets: dict[str, frozenset[str]]) -> dict[str, str]:
    """Lower-case word -> tag of the first list of :data:`_LIST_TAG_ORDER` holding
    it: one dict lookup per word instead of one set lookup per list."""
    out: dict[str, str] = {}
    for tag, key in _LIST_TAG_ORDER:
        for w in sets[key] if key is not None else _LIST_TAG_WORDS[tag]:
            out.setdefault(w, tag)
    return out


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load the reporting verbs and speaker cue lists once."""
    rv = packaged_yaml("reporting_verbs.yaml")
    sc = packaged_yaml("speaker_cues.yaml")
    vclass: dict[str, str] = {}
    vlemma: dict[str, str] = {}
    for cls, entries in rv["verbs"].items():
        for lemma, forms in entries.items():
            for f in forms:
                vclass[str(f).lower()] = cls
                vlemma[str(f).lower()] = str(lemma)
    sets = {k: frozenset(str(x).lower() for x in v) for k, v in sc.items() if isinstance(v, list)}
    for k, v in sc["speaker_nouns"].items():
        sets[f"{k}_nouns"] = frozenset(str(x).lower() for x in v)
    sets["speaker_nouns"] = frozenset().union(*(sets[f"{k}_nouns"] for k in sc["speaker_nouns"]))
    return Cues(vclass, vlemma, sets)


def reporting_verbs() -> dict[str, str]:
    """Map every reporting-verb form (lower case) to its class.

    Returns
    -------
    dict of str to str
        ``{"said": "neutral", "claimed": "evaluative", "called": "characterise", ...}``
        from ``framing/data/reporting_verbs.yaml``.
    """
    return dict(cues().verb_class)


def verb_info(form: str) -> tuple[str, str, bool] | None:
    """``(lemma, class, present)`` of a reporting-verb form, or None if it is not one.

    ``present`` is True for the base and third-person forms ("call", "calls"),
    the tenses of habitual naming ("which it calls its ...").
    """
    c = cues()
    f = form.lower()
    if f not in c.verb_class:
        return None
    lemma = c.verb_lemma[f]
    return lemma, c.verb_class[f], f in (lemma, lemma + "s", lemma + "es")


# ------------------------------------------------------------------------ tokens

#: Abbreviations whose period does not end a sentence ("Sen. John Smith said").
_ABBREV = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Rev", "Gen", "Lt", "Col", "Maj", "Capt",
    "Sgt", "Sen", "Rep", "Gov", "Adm", "Cmdr", "Pres", "Amb", "Inc", "Corp", "Co", "Ltd", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mt", "Ft",
    "Ave", "Blvd",
})
# A token is U.S. or U.K.; an initial (George W. Bush); a word, with a plural
# genitive (officials'); or one other non-space character.  Plainly written:
#
#     (?:[A-Z]\.){2,} | [A-Z]\.(?=\s+[A-Z]) | \w+(?:['’\-]\w+)*(?:(?<=[sS])['’](?!\w))? | [^\w\s]
#
# TOKEN_RE matches exactly the same tokens about 1.5x faster: it starts with one
# character class (the regex engine then skips white space quickly), tests that
# first character with lookbehinds instead of trying each alternative, and uses
# "X|" for "X?" and a lookahead before "(...)+" so that a plain word never enters
# the engine's slow general repeat.
_WORD_REST = (r"\w*(?:(?=['’\-])(?:(?:['’\-]\w+)+(?:(?<=[sS])['’](?!\w)|)"
              r"|(?<=[sS])['’](?!\w))|)")
TOKEN_RE = re.compile(
    r"\S(?:"
    rf"(?<=[^\WA-Z]){_WORD_REST}"  # a word not starting with A-Z
    rf"|(?<=[A-Z])(?:\.(?:(?:[A-Z]\.)+|(?=\s+[A-Z]))|{_WORD_REST})"  # U.S., W., or a word
    r"|)"  # punctuation
)
#: Word -> tag, shared by all documents (tags do not depend on context); cleared
#: when it grows past this many entries.
_TAG_CACHE: dict[str, str] = {}
_TAG_CACHE_MAX = 500_000
_PUNCT = {".": ".", "!": ".", "?": ".", ";": ".", "…": ".", ",": ",", ":": ":"}
_CONTRACTED = frozenset({"it", "he", "she", "that", "there", "what", "who", "here", "let",
                         "where", "how"})
_PRONOUN_TYPE: dict[str, SpeakerType] = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "it": "organisation", "they": "plural", "them": "plural",
    "his": "person", "its": "organisation", "their": "plural",  # "in his words"
}


def tag_word(w: str, c: Cues) -> str:
    """One-character tag of a token (see the module docstring); ``v`` is a
    capitalised verb form, made ``V`` or ``C`` by its position."""
    if not (w[0].isalnum() or w[0] == "_"):
        return _PUNCT.get(w, "X")
    lw = w.lower()
    listed = c.list_tags.get(lw)
    if listed is not None:
        return listed
    if lw.endswith(("'s", "’s", "s'", "s’")):
        return "A" if lw[:-2] in _CONTRACTED else "G"
    if w[0].isupper():
        return "v" if lw in c.verb_class else "C"
    if "-" in w and w.rsplit("-", 1)[1][:1].isupper():
        return "C"  # then-British, pro-Kremlin, ex-President
    if lw in c.verb_class:
        return "W" if lw in c.speaker_nouns else "V"
    if lw.endswith("ly") and lw not in c.not_adverbs:
        return "A"
    if lw in c.speaker_nouns:
        return "N"
    if lw in c.name_particles:
        return "c"
    if lw.endswith("ed") and len(lw) > 4:
        return "E"  # past tense or participle: "scolded" (verb) or "unnamed" (adjective)
    return "M"


def _positions(s: str, x: str) -> list[int]:
    """Offsets of the character ``x`` in ``s``, ascending (``str.find`` runs at C speed)."""
    out = []
    j = s.find(x)
    while j >= 0:
        out.append(j)
        j = s.find(x, j + 1)
    return out


def _tag(w: str) -> str:
    """Tag of a token, from the tag cache or computed once and cached."""
    got = _TAG_CACHE.get(w)
    if got is None:
        got = _TAG_CACHE[w] = tag_word(w, cues())
    return got


_FINAL_PUNCT_RE = re.compile(r"[.!?…]['’‘\"”]?\s*$")
#: Tokens and tag string of every white-space-delimited chunk seen ("said," ->
#: ("said", ",") and "V,"): chunks recur, so a run of text is tokenized and
#: tagged by two C-level dict lookups per chunk, and TOKEN_RE and the word tags
#: run once per distinct chunk.  Cleared together when they grow past
#: _TAG_CACHE_MAX entries.
_CHUNK_TOKENS: dict[str, tuple[str, ...]] = {}
_CHUNK_TAGS: dict[str, str] = {}
#: A token at most this many tokens from an end of its run is located by walking
#: from that end, token by token.
_WALK_TOKENS = 3
#: Chunks whose tokens end with an initial and a period ("W."): before a
#: capital those two are one token ("George W. Bush"), so they depend on the
#: next chunk.
_INITIAL_CHUNKS: set[str] = set()


def _chunk_tokens(c: str) -> tuple[str, ...]:
    """TOKEN_RE tokens of the chunk ``c`` on its own, "Sen." merged."""
    if c.isalnum():
        return (c,)
    toks = TOKEN_RE.findall(c)
    for j in range(len(toks) - 1, 0, -1):  # merging never cascades: "Sen." is no period
        if toks[j] == "." and toks[j - 1] in _ABBREV:
            toks[j - 1] += "."
            del toks[j]
    return tuple(toks)


def _learn_chunks(chunks: list[str]) -> None:
    """Add the tokens and tags of the chunks not seen yet to the chunk caches."""
    if len(_CHUNK_TAGS) > _TAG_CACHE_MAX:
        _CHUNK_TAGS.clear()
        _CHUNK_TOKENS.clear()
        _INITIAL_CHUNKS.clear()
    if len(_TAG_CACHE) > _TAG_CACHE_MAX:
        _TAG_CACHE.clear()
    for c in chunks:
        if c in _CHUNK_TAGS:
            continue
        toks = _CHUNK_TOKENS[c] = _chunk_tokens(c)
        _CHUNK_TAGS[c] = "".join(map(_tag, toks))
        if len(toks) > 1 and toks[-1] == "." and len(toks[-2]) == 1 and "A" <= toks[-2] <= "Z":
            _INITIAL_CHUNKS.add(c)


def _split_tokens(chunks: list[str]) -> list[str]:
    """The tokens of a run of known chunks: their TOKEN_RE tokens, with "Sen." as one
    token and an initial ("W.") as one token before a capital
    (``[A-Z]\\.(?=\\s+[A-Z])``), the only token that depends on the next chunk."""
    if _INITIAL_CHUNKS.isdisjoint(chunks):
        return list(chain.from_iterable(map(_CHUNK_TOKENS.__getitem__, chunks)))
    words: list[str] = []
    last = len(chunks) - 1
    for j, c in enumerate(chunks):
        toks = _CHUNK_TOKENS[c]
        if j < last and c in _INITIAL_CHUNKS and "A" <= chunks[j + 1][0] <= "Z":
            toks = toks[:-2] + (toks[-2] + ".",)  # "George W. Bush"
        words += toks
    return words


class Skeleton:
    """Tagged tokens of one paragraph with top-level quotations folded to ``Q``.

    Parameters
    ----------
    text : str
        Document text.
    para : int
        Paragraph index.
    span : tuple of int
        Paragraph offsets.
    quotes : list of (int, int, int, str)
        ``(quote index, start, end, inner text)`` of the top-level quotations that
        overlap the paragraph, in order.

    Attributes
    ----------
    tags : str
        One tag per token.
    words : list of str
        The tokens as written (a ``Q`` token holds the quoted words).
    start, end : method
        Offsets of token ``i`` in the text: ``start(i)``, ``end(i)``.
    qtok : dict of int to int
        Quote index -> token index.
    sents, ranges : list
        First token of every sentence; ``(start, end)`` token indices of every sentence.
    """

    __slots__ = ("para", "text", "tags", "words", "qtok", "sents", "ranges", "_runs", "_spans",
                 "_starts", "_run_firsts")

    def __init__(self, text: str, para: int, span: tuple[int, int],
                 quotes: list[tuple[int, int, int, str]]) -> None:
        self.para = para
        self.text = text
        self.words: list[str] = []
        self.qtok: dict[int, int] = {}
        # offsets are asked for a few tokens only: those of quotations are known,
        # the others are found on demand for a whole run of tokens between quotations
        self._spans: dict[int, tuple[int, int]] = {}  # of quotations
        self._runs: list[tuple[int, int, int, int]] = []  # (first token, n tokens, offsets)
        pieces: list[str] = []  # tag strings of the runs, and "Q"s
        ps, pe = span
        pos = ps
        for qi, qs, qe, inner in quotes:
            self._tokens(text, pieces, pos, max(pos, qs))
            self.qtok[qi] = len(self.words)
            self._spans[len(self.words)] = (qs, qe)
            pieces.append("Q")
            self.words.append(inner)
            pos = min(max(pos, qe), pe)
        self._tokens(text, pieces, pos, pe)
        self.tags = t = "".join(pieces)
        # a sentence ends after "." and after a quotation ending like a sentence
        # when a quotation or a capital follows; only those tokens are visited
        words = self.words
        last = len(t) - 1
        ends = [i for i in _positions(t, ".") if i < last]
        ends += [i for i in self.qtok.values() if i < last and _FINAL_PUNCT_RE.search(words[i])
                 and (t[i + 1] == "Q" or words[i + 1][:1].isupper())]
        ends.sort()
        self.sents = [0] + [i + 1 for i in ends]
        self.ranges = list(zip(self.sents, self.sents[1:] + [len(t)], strict=True))
        self._starts = [-1] * len(words)  # token offsets, -1 until located
        self._run_firsts = [run[0] for run in self._runs]  # for bisection in _locate

    def _tokens(self, text: str, pieces: list[str], a: int, b: int) -> None:
        """Tokenize and tag ``text[a:b]``; append its tag string to ``pieces``."""
        chunks = text[a:b].split() if b > a else []
        if not chunks:
            return
        try:
            t = "".join(map(_CHUNK_TAGS.__getitem__, chunks))
        except KeyError:  # some chunk not seen before
            _learn_chunks(chunks)
            t = "".join(map(_CHUNK_TAGS.__getitem__, chunks))
        words = _split_tokens(chunks)
        if len(words) != len(t):  # an initial merged with its period: tag by token
            t = "".join(map(_tag, words))
        if "v" in t:  # a capitalised verb form is a verb only at a sentence start
            tags = list(t)
            for j in _positions(t, "v"):
                prev = tags[j - 1] if j else (pieces[-1][-1] if pieces else ".")
                tags[j] = "V" if prev in ".Q" else "C"
            t = "".join(tags)
        pieces.append(t)
        self._runs.append((len(self.words), len(words), a, b))
        self.words.extend(words)

    def start(self, i: int) -> int:
        """Offset in the text where token ``i`` starts."""
        span = self._spans.get(i)
        if span is not None:
            return span[0]
        s = self._starts[i]
        return s if s >= 0 else self._locate(i)

    def end(self, i: int) -> int:
        """Offset in the text where token ``i`` ends."""
        span = self._spans.get(i)
        if span is not None:
            return span[1]
        return self.start(i) + len(self.words[i])

    def _locate(self, i: int) -> int:
        """Offset of token ``i``: each token is the first occurrence of its text after
        the previous one (only white space lies between tokens).  Most tokens asked
        for are next to a quotation, at an end of their run, so the walk starts
        from that end and stops at ``i``; other tokens locate their whole run."""
        j = bisect_right(self._run_firsts, i) - 1  # the run holding i (runs are in order)
        if j >= 0 and i < self._run_firsts[j] + self._runs[j][1]:
            first, n, a, b = self._runs[j]
            last = first + n - 1
            starts, words = self._starts, self.words
            if last - i <= _WALK_TOKENS < i - first:  # near the end only: walk back
                pos = b
                for k in range(last, i - 1, -1):
                    pos = starts[k] = self.text.rfind(words[k], a, pos)
                return starts[i]
            # from the start: up to i when it is near, else the whole run, once
            pos = a
            for k in range(first, i + 1 if i - first <= _WALK_TOKENS else last + 1):
                pos = starts[k] = self.text.find(words[k], pos)
                pos += len(words[k])
            return starts[i]
        raise IndexError(i)

    def sentence(self, k: int) -> tuple[int, int]:
        """``(start, end)`` token indices of the sentence containing token ``k``."""
        i = bisect_right(self.sents, k) - 1
        e = self.sents[i + 1] if i + 1 < len(self.sents) else len(self.tags)
        return self.sents[i], e

    def sentence_ranges(self) -> list[tuple[int, int]]:
        """``(start, end)`` token indices of every sentence, in order."""
        return self.ranges


# ------------------------------------------------------------------ tag patterns

# A modifier inside a noun phrase: a capitalised word, a genitive, a speaker noun,
# a name particle before a capitalised word, or a lower-case word only when a
# noun head follows ("French defense officials", not "Hollande went on France").
_MOD = r"(?:[CGN]|c(?=c*C)|M(?=[CMG]{0,3}[NW]))"
# A word in -ed may only open a noun phrase ("unnamed officials", "a retired
# general"), never follow a name ("Trump scolded governors"); after a determiner
# any two lower-case words may ("the state-run China Daily").
_CORE = (rf"(?:P|(?:[DS][ME]{{0,2}}|E(?=[CMG]{{0,3}}[NW]))?"
         rf"{_MOD}{{0,{MAX_NP_MODIFIERS}}}[CNW])")
_TAIL = rf"(?:f[DS]?{_MOD}{{0,3}}[CNW]){{0,2}}"
NP = _CORE + _TAIL
# with coordination: "Macron and Hollande", "Macron, Hollande(,) and others"; but "the
# regime, and Peskov said" joins two clauses (a comma before "and" only ends a list)
NPX = rf"{NP}(?:(?:,{NP})+,?&{NP}|&{NP})?"
#: The tags a match of ``NPX`` can hold (every tag letter the pattern names; the
#: digits and braces of its quantifiers are no tags, a comma is one anyway).
NPX_TAGS = frozenset(re.findall(r"[A-Za-z&,]", NPX))
APPOS = rf"(?:,(?P<appos>[^,.:Q]{{1,{MAX_APPOSITIVE_TOKENS}}}),)?"
ADV = r"(?:RA|A)*"  # adverbs, auxiliaries, "on Tuesday"

SUBJ_BEFORE_RE = re.compile(rf"(?P<np>{NPX}){APPOS}{ADV}$")
REL_SUBJ_RE = re.compile(rf"({NPX}),?H{ADV}$")
COORD_RE = re.compile(rf"(?:&|,){ADV}$")
INFINITIVE_RE = re.compile(rf"O{ADV}$")
NP_RE = re.compile(NP)
NPX_RE = re.compile(NPX)
NP_END_RE = re.compile(rf"({NP})$")
COLON_RE = re.compile(rf"({NPX}):$")
AFTER_SV_RE = re.compile(rf",?(?P<np>{NPX}){APPOS}{ADV}(?P<verb>[VW])")
AFTER_VS_RE = re.compile(rf",?A*([VW])A?({NP})")
AFTER_ACC_RE = re.compile(rf",?KO({NP}|S)")
ACC_RE = re.compile(rf"KO({NP}|S)")
# An attribution inserted in narration after a comma, up to the next comma or the
# sentence end: "The talks failed, said the spokesman." (verb, source) and "The
# talks, the spokesman said, failed." (source, verb); a source besides the subject.
INSERTED_VS_RE = re.compile(rf",A*([VW])A?({NP})(?=[,.]|$)")
INSERTED_SV_RE = re.compile(rf",({NPX}){ADV}([VW])(?=[,.]|$)")
LEADING_ADVERBIAL = frozenset("RBAVvLKXfO")
# What may stand right before a subject: punctuation, a conjunction, subordinator,
# relative pronoun, adverb, quotation, or a verb ("said he told").  Not a
# preposition ("of the Moscow attack") nor any word of a longer noun phrase
# ("a published account claiming").
_BEFORE_SUBJECT = frozenset(",:&BHAQX.VW")
#: ... and, for the subject of a gerund, a preposition if the subject ends in a name.
_BEFORE_SUBJECT_PREP = _BEFORE_SUBJECT | frozenset("RfO")
#: Longest subject searched before a verb, in tokens (noun phrase, appositive and
#: relative clause; the longest found in the AllSides test articles has 23).
SUBJECT_MAX_TOKENS = 64
#: One tag of :data:`_BEFORE_SUBJECT` (of :data:`_BEFORE_SUBJECT_PREP`).
_BEFORE_SUBJECT_RE = re.compile("[" + re.escape("".join(sorted(_BEFORE_SUBJECT))) + "]")
_BEFORE_SUBJECT_PREP_RE = re.compile("[" + re.escape("".join(sorted(_BEFORE_SUBJECT_PREP))) + "]")


def subject_before(tags: str, lo: int, hi: int, *,
                   after_preposition: bool = False) -> tuple[int, int] | None:
    """Token span of the subject of a verb at ``hi``, searching ``tags[lo:hi]``.

    The noun phrase must end right before the verb (adverbs, an appositive or
    a relative pronoun may stand between) and start the sentence or follow one
    of :data:`_BEFORE_SUBJECT`; the longest such noun phrase wins.
    ``after_preposition`` also allows a preposition before a name (the subject
    of a gerund: "with Mr Trump labelling the press ...", but not "with a
    published account claiming ...").
    """
    # Both patterns start with the subject and end at hi.  The leftmost start that
    # matches and follows an allowed tag wins; matching only at the positions after
    # an allowed tag (found by one regex scan) finds it without trying the pattern
    # at every position.
    if hi <= lo:
        return None
    before = _BEFORE_SUBJECT_PREP_RE if after_preposition else _BEFORE_SUBJECT_RE
    # A subject starts at most SUBJECT_MAX_TOKENS before its verb: the work per call
    # stays bounded in a long sentence of many quotations (it was quadratic there).
    far = hi - SUBJECT_MAX_TOKENS
    starts = ([lo] if lo >= far else []) + [
        m.end() for m in before.finditer(tags, max(lo, far - 1), hi - 1)]
    for rx in (SUBJ_BEFORE_RE, REL_SUBJ_RE):
        for s in starts:
            m = rx.match(tags, s, hi)
            if m is None:
                continue
            if s == lo or tags[s - 1] in _BEFORE_SUBJECT or tags[m.end(1) - 1] == "C":
                if rx is SUBJ_BEFORE_RE and m.group("appos") and "C" not in m.group("np"):
                    # "The minister, Anna Berg, said": the name in the appositive
                    n = NP_RE.fullmatch(tags, m.start("appos"), m.end("appos"))
                    if n is not None and tags[n.end() - 1] == "C":
                        return n.start(), n.end()
                return s, m.end(1)
    return None


def cap_runs(tags: str, a: int, b: int) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with inner name particles) in ``tags[a:b]``."""
    return [m.span() for m in _CAP_RUN_RE.finditer(tags, a, b)]


_CAP_RUN_RE = re.compile(r"C(?:[cC]*C|)")  # = C(?:c*C)*, without the engine's slow repeat


# ---------------------------------------------------------------------- mentions


class Mention(NamedTuple):
    """A speaker mention: normalised name, its offsets in the text, and its type.

    ``anaphor`` is set for pronouns ("he") and definite descriptions ("the
    minister") that should be resolved to an antecedent; ``soft`` marks bare
    plurals ("officials") that are resolved when an antecedent exists.  ``raw`` is
    the noun phrase as written (with titles), used to prefer "President Macron"
    as the antecedent of "the president".
    """

    name: str
    start: int
    end: int
    type: SpeakerType
    anaphor: str | None = None
    soft: bool = False
    raw: str = ""


class _Shape(NamedTuple):
    """A mention with token indices relative to its noun phrase instead of text:
    the name is written at tokens ``[lo, hi)``, the raw noun phrase from token
    ``raw_lo`` to the end; ``word`` is set for a pronoun (its token as written)."""

    lo: int
    hi: int
    raw_lo: int
    type: SpeakerType
    anaphor: str | None = None
    soft: bool = False
    word: str | None = None


def make_mention(text: str, sk: Skeleton, a: int, b: int) -> Mention | None:
    """Normalised speaker mention for the noun phrase at tokens ``[a, b)`` of ``sk``.

    Leading articles, possessives, sentence words ("But") and titles ("French
    President") are dropped; an institution followed by a document noun keeps
    the institution ("the Russian Defense Ministry statement" -> "Russian Defense
    Ministry"); a noun phrase without a name keeps its modifiers ("French defense
    officials").
    """
    shape = _SHAPES[sk.tags[a:b], tuple(sk.words[a:b]), sk.tags[b:b + 1]]
    if shape is None:
        return None
    if shape.word is not None:
        return Mention(shape.anaphor, sk.start(a), sk.end(a), shape.type,
                       anaphor=shape.anaphor, raw=shape.word)
    s, e = sk.start(a + shape.lo), sk.end(a + shape.hi - 1)
    raw = text[sk.start(a + shape.raw_lo):sk.end(b - 1)]
    return Mention(text[s:e], s, e, shape.type, shape.anaphor, shape.soft, raw)


def _mention_shape(tags: str, words: tuple[str, ...], after: str) -> _Shape | None:
    """:func:`make_mention` of a noun phrase with tags ``tags``, followed by the tag
    ``after`` ("" at the end of the paragraph)."""
    c = cues()
    if tags == "P" or (tags == "S" and words[0].lower() in _PRONOUN_TYPE):
        lw = words[0].lower()
        return _Shape(0, 1, 0, _PRONOUN_TYPE.get(lw, "unknown"), anaphor=lw, word=words[0])
    n = len(tags)
    i = 0
    while i < n and tags[i] in "DS":
        i += 1
    if i >= n:
        return None
    definite = i > 0 and words[i - 1].lower() == "the"
    if "&" in tags[i:]:
        return _Shape(i, n, i, "plural")
    f = tags.find("f", i)
    core_end = f if f > i else n
    head = core_end - 1
    runs = cap_runs(tags, i, core_end)
    if tags[head] in "NW":
        noun = words[head].lower()
        if runs and runs[-1][1] == head and (noun in c.document_nouns or noun in c.organisation_nouns):
            r0, r1 = runs[-1]  # "the Russian Defense Ministry statement"
            return _name_shape(words, r0, r1, definite and r0 == i, i)
        # "The judge in the case, a Bush appointee, ..." introduces someone new
        introduces = after != "" and after in ",Rf"
        return _noun_shape(i, n, noun, definite and not introduces,
                           bare=(n - i == 1), named_tail="C" in tags[core_end:])
    if not runs:
        return None
    r0, r1 = runs[-1]
    if core_end < n and (tail := cap_runs(tags, core_end, n)):
        lows = [w.lower() for w in words[r0:r1]]
        if all(w in c.titles for w in lows) or any(w in c.organisation_heads for w in lows):
            # "Secretary of State Antony Blinken", "Bank of England"
            return _name_shape(words, r0, tail[-1][1], definite and r0 == i, i)
    return _name_shape(words, r0, r1, definite and r0 == i, i)


#: Shape of the mention of a noun phrase, by its tags, its words and the tag after
#: it: the same speakers are named again and again.
_SHAPES: BoundedMemo[tuple[str, tuple[str, ...], str], _Shape | None] = BoundedMemo(
    lambda key: _mention_shape(*key), _TAG_CACHE_MAX)


def _noun_shape(lo: int, hi: int, head: str, definite: bool, *,
                bare: bool, named_tail: bool) -> _Shape:
    """A noun phrase without a name, written at ``[lo, hi)``."""
    c = cues()
    if head in c.plural_nouns:
        typ: SpeakerType = "plural"
    elif head in c.person_nouns:
        typ = "person"
    elif head in c.organisation_nouns or head in c.document_nouns:
        typ = "organisation"
    else:
        typ = "unknown"
    if definite and typ in ("person", "organisation") and not named_tail:
        # "the president", "the head of state" (not "the spokesman for the Pentagon")
        return _Shape(lo, hi, lo, typ, anaphor="the " + head)
    if typ == "plural" and (bare or definite):
        return _Shape(lo, hi, lo, typ, soft=True)  # "officials"
    return _Shape(lo, hi, lo, typ)


def _name_shape(words: tuple[str, ...], a: int, b: int, after_the: bool, raw_lo: int) -> _Shape:
    """Name from the capitalised run ``[a, b)``: drop sentence words and titles."""
    c = cues()
    lows = [words[j].lower() for j in range(a, b)]
    i = 0
    while i < len(lows) - 1 and lows[i] in c.sentence_words:
        i += 1

    # is_org(lo): an organisation word or an acronym (AFP) among the words from lo on
    last_org = -1
    for j in range(len(lows)):
        w = words[a + j]
        if lows[j] in c.organisation_heads or (w.isupper() and len(w) > 1 and w.isalpha()):
            last_org = j

    def is_org(lo: int) -> bool:
        return last_org >= lo

    last_title = -1
    for j in range(i, len(lows)):
        if lows[j] in c.titles or lows[j] in c.person_nouns:
            last_title = j
    stripped = False
    if last_title == len(lows) - 1 and not is_org(i):  # only titles: "the President"
        head = lows[-1]
        if head in c.plural_nouns:
            return _Shape(a + i, b, raw_lo, "plural", soft=True)
        return _Shape(a + i, b, raw_lo, "person", anaphor="the " + head)
    if i <= last_title < len(lows) - 1 and not is_org(last_title + 1):
        # "French President Emmanuel Macron", "Port Authority Executive Director
        # Patrick Foye" -> the name after the last title (unless that is an
        # institution: "Russian Defense Ministry")
        i = last_title + 1
        stripped = True
        while i < len(lows) - 1 and (lows[i] in c.name_particles or lows[i] == "of"):
            i += 1
    org = is_org(i)
    if len(lows) - i == 1 and lows[i] in c.plural_nouns:
        return _Shape(a + i, b, raw_lo, "plural", soft=True)
    single = lows[i] if len(lows) - i == 1 else ""
    place = bool(single) and (single in c.places or single.endswith(("ia", "land", "stan")))
    typ: SpeakerType = "organisation" if (org or place or (after_the and not stripped)) else "person"
    return _Shape(a + i, b, raw_lo, typ)
