"""Who says a quotation: speaker, reporting verb, and the rule that found them.

The rules are explainable patterns over a *skeleton* of each paragraph: its
words tagged with one character each (see :func:`_tag_word`), with every
top-level quotation replaced by a single ``Q`` token, so that verbs and names
inside quotations never count as attribution cues.  Regular expressions over
these tag strings find noun phrases and ``speaker + verb`` pairs.  Word lists
are data (``framing/data/reporting_verbs.yaml`` and ``speaker_cues.yaml``).

Tags: ``P`` pronoun, ``D`` determiner, ``S`` possessive determiner, ``G``
genitive (``Russia's``), ``C`` capitalised word, ``c`` name particle, ``N``
speaker noun (officials, minister, statement), ``V`` reporting verb, ``W`` a
word that is both (reports), ``M`` other word, ``A`` adverb or auxiliary,
``K`` "according", ``O`` "to", ``f`` of/for/at/from, ``R`` other preposition,
``&`` conjunction, ``H`` relative (that/who/which), ``L`` label cue (so-called),
``.`` sentence end, ``,`` ``:`` punctuation, ``X`` other punctuation, ``Q`` quotation.

The rules, tried in this order for each quotation (docs/voice.md has examples):

``after``       ``"...," X said`` / ``"...," said X`` / ``"...," according to X``
``before``      the nearest reporting verb before the quote in its sentence, with
                its subject (``X said: "..."``, ``X told Y that "..."``,
                ``X attacked ... as "..."``); after ``and`` or a participle
                (``..., saying: "..."``) the subject is the sentence's subject
``according``   ``according to X, "..."`` when no reporting verb precedes
``name``        ``X "recalled that ..."``: a name right before a long quote that
                starts in lower case
``colon``       ``X: "..."``
``colon-para``  a quote opening a paragraph after a paragraph ending in ``X said:``
``later``       a reporting verb with its subject later in the same sentence
Pronouns (he, she, it, they) and bare titles (the minister, officials) are
resolved to the last compatible sentence subject or quote speaker in the
paragraph or the :data:`ANTECEDENT_PARAGRAPHS` before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple

import yaml

__all__ = [
    "Attribution",
    "Mention",
    "SpanInfo",
    "attribute",
    "reporting_verbs",
    "ANTECEDENT_PARAGRAPHS",
    "MAX_NP_MODIFIERS",
    "MAX_APPOSITIVE_TOKENS",
    "ATTRIBUTION_TAIL_TOKENS",
    "SCARE_MAX_WORDS",
]

SpeakerType = Literal["person", "plural", "organisation", "unknown"]

#: Paragraphs before the current one searched for a pronoun's antecedent.  News
#: style names a speaker again after a few paragraphs; 2 keeps "he said" from
#: reaching back to a different story section.
ANTECEDENT_PARAGRAPHS = 2
#: Words allowed before the head of a speaker noun phrase ("French defense
#: officials", "Russian defence minister Sergei Shoigu" has 3 before the name).
MAX_NP_MODIFIERS = 5
#: Longest appositive skipped between a speaker and a verb ("Smith, a Democrat
#: from Ohio who chairs the committee, said").
MAX_APPOSITIVE_TOKENS = 15
#: After a quotation that ends with a full stop, ``X said`` counts as its
#: attribution only if the sentence ends within this many tokens of the verb
#: (``"We go." Smith said.`` yes, ``"We go." Smith said the plan ...`` no).
ATTRIBUTION_TAIL_TOKENS = 6
#: A quotation of at most this many words is short: without a speaker cue it is
#: a scare quote (framing.quotes), and it cannot take its speaker from a bare
#: name right before it (rule ``name``) nor from the previous quotation (rule
#: ``carry``).  4 covers the labels of the seed article ("Western partners",
#: "peaceful coexistence with imperialism") while a 5-word fragment is almost
#: always a reported utterance.
SCARE_MAX_WORDS = 4


class SpanInfo(NamedTuple):
    """A top-level quotation as the attribution rules see it."""

    start: int
    end: int
    first_para: int
    last_para: int
    text: str
    n_words: int


@dataclass(frozen=True)
class Mention:
    """A speaker mention: normalised name, its offsets in the text, and its type."""

    name: str
    start: int
    end: int
    type: SpeakerType
    anaphor: str | None = None  # "he", "the minister": to be resolved
    plural_soft: bool = False  # bare plural noun ("officials"): resolve if possible


@dataclass(frozen=True)
class Attribution:
    """Result of the attribution rules for one quotation.

    ``speaker`` is None when no rule fired or a pronoun could not be resolved;
    ``speaker_start``/``speaker_end`` are -1 then.  ``rule`` names the rule (see
    the module docstring), ``label_cue`` the word right before the quote that
    marks a label (its, so-called, Russia's) or None, ``note`` a short
    explanation such as ``"he -> Hollande"``.
    """

    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    verb: str | None = None
    rule: str = ""
    label_cue: str | None = None
    note: str = ""
    speaker_type: SpeakerType = "unknown"


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Cues:
    verb_forms: dict[str, str]  # form -> class
    verb_lemmas: dict[str, str]  # form -> lemma
    pronouns: frozenset[str]
    determiners: frozenset[str]
    possessives: frozenset[str]
    label_cues: frozenset[str]
    np_prepositions: frozenset[str]
    prepositions: frozenset[str]
    conjunctions: frozenset[str]
    relatives: frozenset[str]
    adverbs: frozenset[str]
    not_adverbs: frozenset[str]
    weekdays: frozenset[str]
    sentence_words: frozenset[str]
    name_particles: frozenset[str]
    titles: frozenset[str]
    person_nouns: frozenset[str]
    plural_nouns: frozenset[str]
    org_nouns: frozenset[str]
    doc_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    org_heads: frozenset[str]
    places: frozenset[str]


def _load_yaml(name: str) -> dict:
    return yaml.safe_load(resources.files("framing.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    rv = _load_yaml("reporting_verbs.yaml")
    sc = _load_yaml("speaker_cues.yaml")
    forms: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    for cls, entries in rv["verbs"].items():
        for lemma, fs in entries.items():
            for f in fs:
                forms[str(f).lower()] = cls
                lemmas[str(f).lower()] = lemma

    def fs(key: str) -> frozenset[str]:
        return frozenset(str(x).lower() for x in sc[key])

    nouns = sc["speaker_nouns"]
    person = frozenset(nouns["person"])
    plural = frozenset(nouns["plural"])
    org = frozenset(nouns["organisation"])
    doc = frozenset(nouns["document"])
    return _Cues(
        verb_forms=forms,
        verb_lemmas=lemmas,
        pronouns=fs("pronouns"),
        determiners=fs("determiners"),
        possessives=fs("possessives"),
        label_cues=fs("label_cues"),
        np_prepositions=fs("np_prepositions"),
        prepositions=fs("prepositions"),
        conjunctions=fs("conjunctions"),
        relatives=fs("relatives"),
        adverbs=fs("adverbs"),
        not_adverbs=fs("not_adverbs"),
        weekdays=fs("weekdays"),
        sentence_words=fs("sentence_words"),
        name_particles=fs("name_particles"),
        titles=fs("titles"),
        person_nouns=person,
        plural_nouns=plural,
        org_nouns=org,
        doc_nouns=doc,
        speaker_nouns=person | plural | org | doc,
        org_heads=fs("organisation_heads"),
        places=fs("places"),
    )


def reporting_verbs() -> dict[str, str]:
    """Map every reporting-verb form (lower case) to its class.

    Returns
    -------
    dict of str to str
        ``{"said": "neutral", "claimed": "evaluative", "called": "characterise", ...}``
        from ``framing/data/reporting_verbs.yaml``.
    """
    return dict(_cues().verb_forms)


# ------------------------------------------------------------------------ tokens


_TITLE_ABBREV = (
    "Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Rev|Gen|Lt|Col|Maj|Capt|Sgt|Sen|Rep|Gov|Adm|Cmdr|Pres|Amb"
    "|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Ave|Blvd|Gov"
)
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    rf"|\b(?:{_TITLE_ABBREV})\.(?=\s)"  # Mr., Sen., Jan.
    r"|\b[A-Z]\.(?=\s+[A-Z])"  # initials: George W. Bush
    r"|\w+(?:['’\-]\w+)*(?:(?<=[sS])['’](?!\w))?"  # words, officials'
    r"|[^\w\s]"
)
_PUNCT_TAGS = {".": ".", "!": ".", "?": ".", ";": ".", "…": ".", ",": ",", ":": ":"}
_CONTRACTION_HOSTS = frozenset(
    {"it", "he", "she", "that", "there", "what", "who", "here", "let", "where", "how"}
)


def _tag_word(w: str, cues: _Cues) -> str:
    """One-character tag of a token (see the module docstring)."""
    if not (w[0].isalnum() or w[0] == "_"):
        return _PUNCT_TAGS.get(w, "X")
    lw = w.lower()
    if lw in cues.pronouns:
        return "P"
    if lw in cues.possessives:
        return "S"
    if lw in cues.determiners:
        return "D"
    if lw == "according":
        return "K"
    if lw == "to":
        return "O"
    if lw in cues.conjunctions:
        return "&"
    if lw in cues.relatives:
        return "H"
    if lw in cues.np_prepositions:
        return "f"
    if lw in cues.prepositions:
        return "R"
    if lw in cues.label_cues:
        return "L"
    if lw in cues.weekdays or lw in cues.adverbs:
        return "A"
    if lw.endswith(("'s", "’s", "s'", "s’")):
        if lw[:-2] in _CONTRACTION_HOSTS:
            return "A"
        return "G"
    if w[0].isupper():
        return "v" if lw in cues.verb_forms else "C"
    if "-" in w and w.rsplit("-", 1)[1][:1].isupper():
        return "C"  # then-British, pro-Kremlin, ex-President
    if lw in cues.verb_forms:
        return "W" if lw in cues.speaker_nouns else "V"
    if lw.endswith("ly") and lw not in cues.not_adverbs:
        return "A"
    if lw in cues.speaker_nouns:
        return "N"
    if lw in cues.name_particles:
        return "c"
    return "M"


class _Skeleton:
    """Tagged tokens of one paragraph with top-level quotations folded to ``Q``."""

    __slots__ = ("para", "tags", "words", "starts", "ends", "qtok", "qid", "sents")

    def __init__(self, para: int) -> None:
        self.para = para
        self.tags = ""
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.qtok: dict[int, int] = {}  # quote index -> token index
        self.qid: dict[int, int] = {}  # token index -> quote index
        self.sents: list[int] = [0]  # token index where each sentence starts

    def sentence(self, k: int) -> tuple[int, int]:
        """``(start, end)`` token indices of the sentence containing token ``k``."""
        i = bisect_right(self.sents, k) - 1
        s = self.sents[i]
        e = self.sents[i + 1] if i + 1 < len(self.sents) else len(self.tags)
        return s, e


# ------------------------------------------------------------------ tag patterns

# A modifier inside a noun phrase: a capitalised word, a genitive, a speaker
# noun, a name particle before a capitalised word, or a lower-case word only when
# a noun head follows ("French defense officials", not "Hollande went on France").
_MOD = r"(?:[CGN]|c(?=c*C)|M(?=[CMG]{0,3}[NW]))"
_CORE = rf"(?:P|[DS]?{_MOD}{{0,{MAX_NP_MODIFIERS}}}[CNW])"
_TAIL = rf"(?:f[DS]?{_MOD}{{0,3}}[CNW])?"
_NP = _CORE + _TAIL
_NPX = rf"{_NP}(?:(?:,{_NP})*,?&{_NP})?"
_APPOS = rf"(?:,[^,.:Q]{{1,{MAX_APPOSITIVE_TOKENS}}},)?"
_ADV = r"(?:RA|A)*"

_SUBJ_BEFORE_RE = re.compile(rf"({_NPX}){_APPOS}{_ADV}$")
_REL_SUBJ_RE = re.compile(rf"({_NPX}),?H{_ADV}$")
_COORD_RE = re.compile(rf"(?:&|,){_ADV}$")
_NP_RE = re.compile(_NP)
_NPX_RE = re.compile(_NPX)
_NP_END_RE = re.compile(rf"({_NP})$")
_COLON_RE = re.compile(rf"({_NPX}):$")
_AFTER_SV_RE = re.compile(rf",?({_NPX}){_APPOS}{_ADV}([VW])")
_AFTER_VS_RE = re.compile(rf",?A*([VW])A?({_NP})")
_AFTER_ACC_RE = re.compile(rf",?KO({_NP})")
_ACC_RE = re.compile(rf"KO({_NP})")
_LEADING_ADVERBIAL = frozenset("RAVvLKX")
_NOT_BEFORE_SUBJECT = frozenset("RfOK")  # a noun phrase after a preposition is no subject


def _subject_before(tags: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Token span of the subject of a verb at ``hi``, searching ``tags[lo:hi]``."""
    m = _SUBJ_BEFORE_RE.search(tags, lo, hi) or _REL_SUBJ_RE.search(tags, lo, hi)
    if m is None:
        return None
    a = m.start(1)
    if a > lo and tags[a - 1] in _NOT_BEFORE_SUBJECT:
        return None
    return a, m.end(1)
#: A quotation followed by its attribution ends with one of these inside the
#: marks (or is followed by a comma): '"...," X said', '"...?" he asked'.
_AFTER_PUNCT = (",", ".", "?", "!", "…", "—", "–", "-")
_FINAL_PUNCT_RE = re.compile(r"[.!?…]['’‘\"”]?\s*$")


# ------------------------------------------------------------------- attribution


def attribute(
    text: str, spans: list[SpanInfo], paragraphs: list[tuple[int, int]]
) -> list[Attribution]:
    """Find the speaker of each top-level quotation.

    Parameters
    ----------
    text : str
        Cleaned document text.
    spans : list of SpanInfo
        Top-level quotations in document order (from :func:`framing.quotes.find_quotes`).
    paragraphs : list of tuple of int
        Paragraph ``(start, end)`` offsets, as used to find the quotations.

    Returns
    -------
    list of Attribution
        One per span, in the same order.
    """
    return _Attributor(text, spans, paragraphs).run()


class _Attributor:
    def __init__(
        self, text: str, spans: list[SpanInfo], paragraphs: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.spans = spans
        self.paras = paragraphs
        self.cues = _cues()
        self.tag_cache: dict[str, str] = {}
        self.skeletons: dict[int, _Skeleton] = {}
        self.para_quotes: dict[int, list[int]] = {}
        for i, sp in enumerate(spans):
            for p in range(sp.first_para, sp.last_para + 1):
                self.para_quotes.setdefault(p, []).append(i)
        self.subjects: dict[tuple[int, int], Mention | None] = {}
        self.resolving: set[tuple[int, int]] = set()
        self.speakers: list[tuple[int, Mention]] = []  # (char position, mention) of quotes
        self.results: list[Attribution] = []

    # -- skeletons -----------------------------------------------------------

    def skeleton(self, p: int) -> _Skeleton:
        sk = self.skeletons.get(p)
        if sk is None:
            sk = self._build(p)
            self.skeletons[p] = sk
        return sk

    def _build(self, p: int) -> _Skeleton:
        ps, pe = self.paras[p]
        sk = _Skeleton(p)
        tags: list[str] = []
        pos = ps
        for qi in self.para_quotes.get(p, ()):
            sp = self.spans[qi]
            self._tokens(sk, tags, pos, max(pos, sp.start))
            sk.qtok[qi] = len(tags)
            sk.qid[len(tags)] = qi
            tags.append("Q")
            sk.words.append(sp.text)
            sk.starts.append(sp.start)
            sk.ends.append(sp.end)
            pos = min(max(pos, sp.end), pe)
        self._tokens(sk, tags, pos, pe)
        sk.tags = "".join(tags)
        # sentence starts
        words = sk.words
        for i, t in enumerate(tags):
            if t == ".":
                sk.sents.append(i + 1)
            elif t == "Q" and i + 1 < len(tags):
                nxt = words[i + 1]
                if _FINAL_PUNCT_RE.search(words[i]) and (tags[i + 1] == "Q" or nxt[:1].isupper()):
                    sk.sents.append(i + 1)
        if sk.sents[-1] >= len(tags) and len(sk.sents) > 1:
            sk.sents.pop()
        return sk

    def _tokens(self, sk: _Skeleton, tags: list[str], a: int, b: int) -> None:
        if b <= a:
            return
        cache = self.tag_cache
        cues = self.cues
        for m in _TOKEN_RE.finditer(self.text, a, b):
            w = m.group()
            t = cache.get(w)
            if t is None:
                t = _tag_word(w, cues)
                cache[w] = t
            if t == "v":  # capitalised verb form: a verb only at the start of a sentence
                t = "V" if (not tags or tags[-1] in ".Q") else "C"
            tags.append(t)
            sk.words.append(w)
            sk.starts.append(m.start())
            sk.ends.append(m.end())

    # -- noun phrases ----------------------------------------------------------

    def mention(self, sk: _Skeleton, a: int, b: int) -> Mention | None:
        """Normalised speaker mention for tokens ``[a, b)`` of ``sk`` (an NP match)."""
        cues = self.cues
        tags = sk.tags[a:b]
        words = sk.words[a:b]
        if tags == "P":
            lw = words[0].lower()
            typ: SpeakerType = {"he": "person", "she": "person", "it": "organisation",
                                "they": "plural"}.get(lw, "unknown")  # type: ignore[assignment]
            return Mention(lw, sk.starts[a], sk.ends[a], typ, anaphor=lw)
        # drop leading determiners / possessives
        i = 0
        while i < len(tags) and tags[i] in "DS":
            i += 1
        if i >= len(tags):
            return None
        if "&" in tags:
            return Mention(self.text[sk.starts[a + i]:sk.ends[b - 1]], sk.starts[a + i],
                           sk.ends[b - 1], "plural")
        had_det = i > 0 and words[i - 1].lower() == "the"
        # core (before a following of/for/at/from phrase) and its head
        f = tags.find("f", i)
        core_end = f if f > i else len(tags)
        head = core_end - 1
        runs = _cap_runs(tags, i, core_end)
        if tags[head] in "NW":
            noun = words[head].lower()
            if runs and runs[-1][1] == head and (noun in cues.doc_nouns or noun in cues.org_nouns):
                # "the Russian Defense Ministry statement" -> the ministry
                r0, r1 = runs[-1]
                return self._name_mention(sk, a + r0, a + r1, had_det and r0 == i)
            # "French defense officials", "Lecornu's office", "a spokesman for the Pentagon"
            return self._noun_mention(sk, a + i, a + len(tags), noun,
                                      bare=(len(tags) - i == 1), definite=had_det)
        if core_end < len(tags) and runs and _cap_runs(tags, core_end, len(tags)):
            # "Secretary of State Antony Blinken", "Bank of England"
            return self._name_mention(sk, a + runs[-1][0], a + len(tags), had_det)
        if not runs:
            return None
        r0, r1 = runs[-1]
        return self._name_mention(sk, a + r0, a + r1, had_det and r0 == i)

    def _noun_mention(self, sk: _Skeleton, a: int, b: int, head: str, *,
                      bare: bool = False, definite: bool = False) -> Mention:
        cues = self.cues
        if head in cues.plural_nouns:
            typ: SpeakerType = "plural"
        elif head in cues.person_nouns:
            typ = "person"
        elif head in cues.org_nouns or head in cues.doc_nouns:
            typ = "organisation"
        else:
            typ = "unknown"
        name = self.text[sk.starts[a]:sk.ends[b - 1]]
        if bare and definite and typ in ("person", "organisation"):
            return Mention(name, sk.starts[a], sk.ends[b - 1], typ, anaphor="the " + head)
        if bare and typ == "plural":
            return Mention(name, sk.starts[a], sk.ends[b - 1], typ, plural_soft=True)
        return Mention(name, sk.starts[a], sk.ends[b - 1], typ)

    def _name_mention(self, sk: _Skeleton, a: int, b: int, after_the: bool) -> Mention:
        """Name from the capitalised run ``[a, b)``: drop sentence words and titles."""
        cues = self.cues
        words = sk.words
        lows = [words[j].lower() for j in range(a, b)]
        i = 0
        while i < len(lows) - 1 and lows[i] in cues.sentence_words:
            i += 1
        org = any(w in cues.org_heads for w in lows[i:]) or any(
            words[j].isupper() and len(words[j]) > 1 and words[j].isalpha()
            for j in range(a + i, b)
        )
        if not org:
            # strip titles up to the last title word ("French President Emmanuel Macron")
            last_title = -1
            for j in range(i, len(lows)):
                if lows[j] in cues.titles or lows[j] in cues.person_nouns:
                    last_title = j
            if last_title == len(lows) - 1:
                head = lows[-1]
                typ: SpeakerType = "plural" if head in cues.plural_nouns else "person"
                name = self.text[sk.starts[a + i]:sk.ends[b - 1]]
                return Mention(name, sk.starts[a + i], sk.ends[b - 1], typ,
                               anaphor="the " + head)
            if last_title >= i:
                i = last_title + 1
                while i < len(lows) - 1 and (lows[i] in cues.name_particles or lows[i] == "of"):
                    i += 1
        if len(lows) - i == 1 and lows[i] in cues.plural_nouns:
            name = words[a + i]
            return Mention(name, sk.starts[a + i], sk.ends[a + i], "plural", plural_soft=True)
        single = lows[i] if len(lows) - i == 1 else ""
        place = bool(single) and (
            single in cues.places or single.endswith(("ia", "land", "stan"))
        )
        typ = "organisation" if (org or place or (after_the and i == 0)) else "person"
        return Mention(self.text[sk.starts[a + i]:sk.ends[b - 1]], sk.starts[a + i],
                       sk.ends[b - 1], typ)

    # -- sentence subjects and antecedents -------------------------------------

    def subject(self, p: int, s: int, e: int) -> tuple[int, int] | None:
        """Token span of the subject of the sentence ``[s, e)`` of paragraph ``p``."""
        sk = self.skeleton(p)
        tags = sk.tags
        i = s
        if i < e and tags[i] == "Q":  # '"...," X said.'
            i += 1
            if i < e and tags[i] == ",":
                i += 1
        elif i < e and tags[i] in _LEADING_ADVERBIAL:
            c = tags.find(",", i, e)
            if c < 0:
                return None
            i = c + 1
        m = _NPX_RE.match(tags, i, e)
        if m is None or m.end() == m.start():
            return None
        return m.start(), m.end()

    def subject_mention(self, p: int, s: int, e: int) -> Mention | None:
        """Resolved mention of the subject of sentence ``[s, e)`` of paragraph ``p`` (cached)."""
        key = (p, s)
        if key in self.subjects:
            return self.subjects[key]
        if key in self.resolving:  # a cycle: give up on this sentence
            return None
        self.resolving.add(key)
        try:
            men = None
            span = self.subject(p, s, e)
            if span is not None:
                men = self.mention(self.skeleton(p), span[0], span[1])
                if men is not None and (men.anaphor or men.plural_soft):
                    men = self.resolve(men, p, span[0])
        finally:
            self.resolving.discard(key)
        self.subjects[key] = men
        return men

    def resolve(self, men: Mention, p: int, k: int) -> Mention | None:
        """Resolve an anaphoric mention at token ``k`` of paragraph ``p``.

        Candidates are the subjects of earlier sentences and the speakers of
        earlier quotations in this paragraph and the :data:`ANTECEDENT_PARAGRAPHS`
        before it; the last one of a compatible type wins (he/she: person, it:
        organisation, they: plural then organisation).  Returns the antecedent
        (its ``anaphor`` set to the pronoun or title), the mention itself for
        titles and bare plurals without antecedent, and None for an unresolved
        pronoun.
        """
        sk0 = self.skeleton(p)
        pos = sk0.starts[k] if k < len(sk0.starts) else self.paras[p][1]
        cands: list[tuple[int, Mention]] = []
        for pp in range(max(0, p - ANTECEDENT_PARAGRAPHS), p + 1):
            sk = self.skeleton(pp)
            for si, s in enumerate(sk.sents):
                if pp == p and s >= k:
                    break
                e = sk.sents[si + 1] if si + 1 < len(sk.sents) else len(sk.tags)
                m = self.subject_mention(pp, s, e)
                if m is not None and m.start < pos:
                    cands.append((m.start, m))
        first = self.paras[max(0, p - ANTECEDENT_PARAGRAPHS)][0]
        cands.extend((c, m) for c, m in self.speakers if first <= c < pos)
        cands.sort(key=lambda x: x[0])
        order = {"plural": ("plural", "organisation"), "organisation": ("organisation",),
                 "person": ("person",)}.get(men.type, ())
        for typ in order:
            for _, m in reversed(cands):
                if m.type == typ:
                    return Mention(m.name, m.start, m.end, m.type, anaphor=men.anaphor or men.name)
        if men.plural_soft or (men.anaphor and men.anaphor.startswith("the ")):
            return Mention(men.name, men.start, men.end, men.type)
        return None

    # -- rules -----------------------------------------------------------------

    def run(self) -> list[Attribution]:
        out = self.results
        for qi, sp in enumerate(self.spans):
            att = self.one(qi, sp)
            out.append(att)
            if att.speaker is not None:
                self.speakers.append((sp.start, Mention(
                    att.speaker, att.speaker_start, att.speaker_end, att.speaker_type)))
        return out

    def one(self, qi: int, sp: SpanInfo) -> Attribution:
        sk1 = self.skeleton(sp.first_para)
        k1 = sk1.qtok[qi]
        s1, _ = sk1.sentence(k1)
        label = None
        if k1 > s1 and sk1.tags[k1 - 1] in "SGL":
            label = sk1.words[k1 - 1]
        sk2 = self.skeleton(sp.last_para)
        k2 = sk2.qtok[qi]
        found = (
            self.rule_after(sk2, k2, sp)
            or self.rule_before(sk1, s1, k1)
            or self.rule_according(sk1, s1, k1)
            or self.rule_name(sk1, s1, k1, sp)
            or self.rule_colon(sk1, s1, k1)
            or self.rule_colon_para(sp.first_para, k1)
            or self.rule_later(sk2, k2)
        )
        if found is None:
            carried = self.rule_carry(qi, sp, sk1, s1, k1)
            if carried is not None:
                return replace(carried, label_cue=label)
        if found is None:
            return Attribution(label_cue=label)
        rule, p, a, b, verb = found
        men = self.mention(self.skeleton(p), a, b)
        if men is None:
            return Attribution(label_cue=label, verb=verb, rule=rule)
        note = ""
        if men.anaphor or men.plural_soft:
            res = self.resolve(men, p, a)
            if res is None:
                return Attribution(label_cue=label, verb=verb, rule=rule,
                                   note=f"{men.anaphor} -> ?")
            if res.anaphor:
                note = f"{res.anaphor} -> {res.name}"
            men = res
        return Attribution(men.name, men.start, men.end, verb, rule, label, note, men.type)

    def rule_carry(self, qi: int, sp: SpanInfo, sk: _Skeleton, s: int, k: int):
        """A long quotation opening its sentence continues the previous speaker.

        ``"...," he said. "More words."``: the speaker of the previous quotation in
        the paragraph; at the start of a paragraph, the speaker of a quotation in
        the last sentence of the previous paragraph.
        """
        if k != s or sp.n_words <= SCARE_MAX_WORDS or qi == 0:
            return None
        prev = self.results[qi - 1]
        psp = self.spans[qi - 1]
        if prev.speaker is None:
            return None
        if k > 0:
            if psp.last_para != sp.first_para:
                return None
        else:
            if psp.last_para != sp.first_para - 1:
                return None
            psk = self.skeleton(psp.last_para)
            n = len(psk.tags)
            if n == 0 or psk.sentence(psk.qtok[qi - 1])[0] != psk.sentence(n - 1)[0]:
                return None
        return replace(prev, rule="carry", label_cue=None,
                       note=f"continues quote at {psp.start}")

    def rule_after(self, sk: _Skeleton, k: int, sp: SpanInfo):
        tags = sk.tags
        j = k + 1
        if j >= len(tags):
            return None
        p = sp.last_para
        inner = sp.text.rstrip(" '’\"”")
        if not (inner.endswith(_AFTER_PUNCT) or tags[j] == ","):
            return None
        final_stop = inner.endswith(".")
        for rx, kind in ((_AFTER_SV_RE, "sv"), (_AFTER_VS_RE, "vs"), (_AFTER_ACC_RE, "acc")):
            m = rx.match(tags, j)
            if m is None:
                continue
            if kind == "sv":
                a, b, v = m.start(1), m.end(1), m.start(2)
            elif kind == "vs":
                a, b, v = m.start(2), m.end(2), m.start(1)
            else:
                a, b, v = m.start(1), m.end(1), -1
            if final_stop and not _ends_soon(tags, m.end()):
                continue
            if "Q" in tags[j:m.end()]:
                continue
            verb = "according to" if v < 0 else sk.words[v].lower()
            return ("after", p, a, b, verb)
        return None

    def rule_before(self, sk: _Skeleton, s: int, k: int):
        tags = sk.tags
        p = sk.para
        for v in range(k - 1, s - 1, -1):
            if tags[v] not in "VW":
                continue
            verb = sk.words[v].lower()
            pre = tags[s:v]
            subj = _subject_before(tags, s, v)
            if subj is not None:
                return ("before", p, subj[0], subj[1], verb)
            participle = verb.endswith("ing") and (not pre.strip("A") or pre.endswith(","))
            if participle or (pre and _COORD_RE.search(pre)):
                e = sk.sentence(s)[1]
                span = self.subject(p, s, e)
                if span is not None and span[0] != v:
                    return ("before", p, span[0], span[1], verb)
            m = _NP_RE.match(tags, v + 1, k)  # inverted: ', said the minister: "'
            if m is not None and m.end() > m.start() and (
                m.end() == k or tags[m.end()] in ",:"
            ) and not _has_verb_between(tags, m.end(), k):
                return ("before", p, m.start(), m.end(), verb)
        return None

    def rule_according(self, sk: _Skeleton, s: int, k: int):
        last = None
        for m in _ACC_RE.finditer(sk.tags, s, k):
            last = m
        if last is None:
            return None
        return ("according", sk.para, last.start(1), last.end(1), "according to")

    def rule_name(self, sk: _Skeleton, s: int, k: int, sp: SpanInfo):
        if sp.n_words <= SCARE_MAX_WORDS or not sp.text[:1].islower():
            return None
        if k == s or sk.tags[k - 1] != "C":
            return None
        m = _NP_END_RE.search(sk.tags, s, k)
        if m is None:
            return None
        return ("name", sk.para, m.start(1), m.end(1), None)

    def rule_colon(self, sk: _Skeleton, s: int, k: int):
        m = _COLON_RE.search(sk.tags, s, k)
        if m is None:
            return None
        return ("colon", sk.para, m.start(1), m.end(1), None)

    def rule_colon_para(self, p: int, k: int):
        if k != 0 or p == 0:
            return None
        prev = self.skeleton(p - 1)
        if not prev.tags.endswith(":"):
            return None
        n = len(prev.tags) - 1
        s = prev.sentence(n)[0]
        found = self.rule_before(prev, s, n) or self.rule_according(prev, s, n) or \
            self.rule_colon(prev, s, n + 1)
        if found is None:
            return None
        return ("colon-para",) + found[1:]

    def rule_later(self, sk: _Skeleton, k: int):
        tags = sk.tags
        _, e = sk.sentence(k)
        for v in range(k + 1, e):
            if tags[v] not in "VW":
                continue
            if "Q" in tags[k + 1:v]:
                return None
            subj = _subject_before(tags, k + 1, v)
            if subj is not None:
                return ("later", sk.para, subj[0], subj[1], sk.words[v].lower())
        return None


def _cap_runs(tags: str, a: int, b: int) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with inner name particles) in ``tags[a:b]``."""
    runs = []
    j = a
    while j < b:
        if tags[j] == "C":
            r0 = j
            j += 1
            while j < b and (tags[j] == "C" or (tags[j] == "c" and "C" in tags[j:b])):
                if tags[j] == "c":
                    n = j
                    while n < b and tags[n] == "c":
                        n += 1
                    if n >= b or tags[n] != "C":
                        break
                j += 1
            runs.append((r0, j))
        else:
            j += 1
    return runs


def _ends_soon(tags: str, j: int) -> bool:
    """True if the sentence ends within ATTRIBUTION_TAIL_TOKENS tokens from ``j``."""
    stop = tags.find(".", j)
    tail = tags[j:stop if stop >= 0 else len(tags)]
    return len(tail) <= ATTRIBUTION_TAIL_TOKENS and "Q" not in tail


def _has_verb_between(tags: str, a: int, b: int) -> bool:
    return any(t in "VW" for t in tags[a:b])
