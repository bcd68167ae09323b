"""Who says a quotation: speaker, reporting verb, and the rule that found them.

Explainable rules over a tagged *skeleton* of each paragraph (see
:mod:`framing.quote_tags`), in which every top-level quotation is one ``Q``
token.  Tried in this order for each quotation (``docs/voice.md`` has examples):

``after``       ``"...," X said`` / ``"...," said X`` / ``"...," according to X``
                (verbs of saying only; "calls for" after a quote is no attribution)
``before``      the nearest reporting verb before the quote in its sentence, with
                its subject (``X said: "..."``, ``X told Y that "..."``,
                ``X attacked ... as "..."``); after ``and``, a participle
                (``..., saying: "..."``) or ``to`` (``nothing better to say than``)
                the subject is the sentence's subject.  When a quotation has both,
                ``before`` wins if ``that`` stands between its verb and the quote
                (relayed speech: ``Lecornu told Shoigu that France "...", the
                ministry said`` is Lecornu's), otherwise ``after`` wins.
``according``   ``according to X, "..."`` when no reporting verb precedes
``words``       ``In her words, ... "..."``
``colon``       ``X: "..."``
``colon-para``  a quote opening a paragraph after a paragraph ending ``X said:``
``later``       a reporting verb with its subject later in the same sentence
                (``Lecornu "recalled that ..." with Russia, they added``)
``name``        ``X "recalled that ..."``: a name right before a long quote that
                starts in lower case
``carry``       a long quote opening its sentence continues the previous speaker
                (``"...," he said. "..."``)

Pronouns (he, she, it, they, him, her) and definite descriptions (the minister,
the ministry, officials) are resolved to the last compatible sentence subject,
source named in narration (``according to X``, an inserted ``, said X`` or
``, X said``) or quote speaker in the paragraph or the
:data:`ANTECEDENT_PARAGRAPHS` before it (of a long paragraph, the last
:data:`ANTECEDENT_SENTENCES`); ``according to X`` inside or closing a sentence
ranks below that sentence's subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import NamedTuple

from framing.quote_tags import (
    ACC_RE,
    AFTER_ACC_RE,
    AFTER_SV_RE,
    AFTER_VS_RE,
    COLON_RE,
    COORD_RE,
    INFINITIVE_RE,
    INSERTED_SV_RE,
    INSERTED_VS_RE,
    LEADING_ADVERBIAL,
    NP_END_RE,
    NP_RE,
    NPX_RE,
    NPX_TAGS,
    Mention,
    Skeleton,
    SpeakerType,
    cues,
    make_mention,
    reporting_verbs,
    subject_before,
    verb_info,
)
from framing.speaker_names import (
    Sex,
    follow_chains,
    fuller_names,
    names_ending_with,
    pronoun_sex,
    sex_of,
)
from framing.text import WORD_RE

__all__ = [
    "Attribution",
    "SpanInfo",
    "attribute",
    "reporting_verbs",
    "verb_info",
    "ANTECEDENT_PARAGRAPHS",
    "ANTECEDENT_SENTENCES",
    "ATTRIBUTION_TAIL_TOKENS",
    "SCARE_MAX_WORDS",
]

#: Paragraphs before the current one searched for a pronoun's antecedent.  News
#: style names a speaker again after a few paragraphs; 2 keeps "he said" from
#: reaching back into a different part of the story.
ANTECEDENT_PARAGRAPHS = 2
#: ... and of a long paragraph only the last this many sentences (subjects and
#: sources) and quotations before the pronoun: a news paragraph has a handful, and
#: a paragraph of thousands (a transcript, an export that lost its line breaks)
#: made every pronoun read all of them.
ANTECEDENT_SENTENCES = 30
#: After a quotation that ends with a full stop, ``X said`` counts as its
#: attribution only if the sentence ends within this many tokens of it
#: (``"We go." Smith said.`` yes; ``"We go." Smith said the plan ...`` no).
ATTRIBUTION_TAIL_TOKENS = 6
#: A quotation of at most this many words is short: without a speaker cue it is
#: a scare quote (:mod:`framing.quotes`), and it takes no speaker from a bare
#: name before it (rule ``name``) or from the previous quotation (rule
#: ``carry``).  4 covers the seed article's labels ("Western partners",
#: "peaceful coexistence with imperialism"); 5-word fragments are nearly always
#: reported speech.
SCARE_MAX_WORDS = 4
#: Inside the marks, a quotation followed by its attribution ends with one of
#: these (or a comma follows it): '"...," X said', '"...?" he asked'.
_AFTER_PUNCT = (",", ".", "?", "!", "…", "—", "–", "-")
#: A paragraph of at most this many characters that does not end like a
#: sentence is a heading, photo credit or "Advertisement" line: never an
#: antecedent.  100 characters is a long headline.
MAX_HEADING_CHARS = 100
#: ... and so is a short paragraph of fewer words than this.
MIN_SENTENCE_WORDS = 4
_SENTENCE_END = frozenset(".!?:;\"”’')…")
_DASHES = frozenset({"—", "–", "-", "―"})
_PASSIVE_AUX = frozenset({"was", "were", "is", "are", "be", "been", "being", "get", "got"})
_POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "their": "they", "its": "it"}
_START = itemgetter(0)
_RANKED = itemgetter(0, 1)
#: Verbs (lemmas) whose inverted form in narration names a source: "The talks
#: failed, said the spokesman." / "..., added Smith."
_INVERTED_LEMMAS = frozenset({"say", "add"})
#: A cheap test for the tags ACC_RE, INSERTED_VS_RE and INSERTED_SV_RE need.
_SOURCE_CUE_RE = re.compile(r"KO|,A*[VW]|[VW](?:[,.]|$)")
#: Heads of sources in narration that are no agent a later pronoun could mean
#: ("according to reports / court records / the data"); the document nouns of
#: ``speaker_cues.yaml`` (statement, report, poll, ...) are added when used.
_NON_AGENT_NOUNS = frozenset({
    "reports", "documents", "data", "polls", "polling", "estimates", "figures", "records",
    "sources", "source", "statistics", "stats", "surveys", "studies", "numbers", "findings",
    "results", "filings", "files", "tallies", "calculations", "projections", "forecasts",
    "reporting", "research", "papers", "notes", "minutes", "logs", "emails", "messages",
    "texts", "transcripts", "accounts", "reviews", "analyses", "models", "maps", "images",
    "footage", "photos", "videos", "charts", "tables", "rankings", "ratings"})
_NAME_START_RE = re.compile(r"(?<![CcD])C")
#: Antecedent types tried, in order, for each type of anaphor.
_ANTECEDENT_ORDER = {"plural": ("plural", "organisation"), "organisation": ("organisation",),
                     "person": ("person",)}


class SpanInfo(NamedTuple):
    """A top-level quotation as the attribution rules see it."""

    start: int
    end: int
    first_para: int
    last_para: int
    text: str
    n_words: int


class Attribution(NamedTuple):
    """Result of the attribution rules for one quotation (a named tuple: cheap to build).

    ``speaker`` is None when no rule fired or a pronoun could not be resolved;
    ``speaker_start``/``speaker_end`` are -1 then.  ``rule`` names the rule that
    fired (see the module docstring; "" if none), ``label_cue`` the word right
    before the quote that marks a label (its, so-called, Russia's) or None,
    ``note`` explains a resolution ("he -> Hollande"), ``speaker_type`` is
    person / plural / organisation / unknown, ``standalone`` is True when the
    quotation is a whole sentence by itself (``"Nothing else matters."``).
    """

    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    verb: str | None = None
    rule: str = ""
    label_cue: str | None = None
    note: str = ""
    speaker_type: SpeakerType = "unknown"
    standalone: bool = False
    sex: Sex | None = None  # of the speaker as the attribution writes it ("he", "Mrs. X")


class _Source(NamedTuple):
    """A source named in narration (:meth:`_Attributor.sources`), as written: resolved
    only when it is picked as an antecedent (:meth:`_Attributor.source_mention`)."""

    men: Mention
    para: int
    tok: int  # its first token
    aside: bool  # "according to X" inside or after its sentence
    bare: bool  # "according to" a bare plural ("according to officials / people ...")


class _Found(NamedTuple):
    rule: str
    para: int
    a: int  # speaker tokens [a, b)
    b: int
    verb: str | None
    v: int = -1  # verb token index (-1 if none)


def attribute(text: str, spans: list[SpanInfo],
              paragraphs: list[tuple[int, int]]) -> list[Attribution]:
    """Find the speaker of each top-level quotation.

    Parameters
    ----------
    text : str
        Cleaned document text.
    spans : list of SpanInfo
        Top-level quotations in document order.
    paragraphs : list of tuple of int
        Paragraph ``(start, end)`` offsets used to find the quotations.

    Returns
    -------
    list of Attribution
        One per span, in the same order.
    """
    return _Attributor(text, spans, paragraphs).run()


class _Attributor:
    def __init__(self, text: str, spans: list[SpanInfo],
                 paragraphs: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans
        self.paras = paragraphs
        self.skeletons: dict[int, Skeleton] = {}
        self.para_quotes: dict[int, list[tuple[int, int, int, str]]] = {}
        for i, sp in enumerate(spans):
            for p in range(sp.first_para, sp.last_para + 1):
                self.para_quotes.setdefault(p, []).append((i, sp.start, sp.end, sp.text))
        self.subjects: dict[tuple[int, int], Mention | None] = {}
        self.name_cache: dict[int, list[Mention]] = {}
        # also the paragraphs :meth:`prepare_window` has done
        self.subject_lists: dict[int, list[tuple[int, int, Mention]]] = {}
        self.source_lists: dict[tuple[int, int], list[_Source]] = {}
        self.source_para_lists: dict[int, list[tuple[int, int, _Source]]] = {}
        self.resolved_sources: dict[tuple[int, int], Mention | None] = {}
        self.subjects_done: dict[int, int] = {}  # paragraph -> sentences with subjects known
        self.headings: dict[int, bool] = {}
        self.words_cues: dict[int, list[int]] = {}  # paragraph -> "in her words" positions
        self.according_cues: dict[int, list[int]] = {}  # paragraph -> "according to" positions
        self.mentions: dict[tuple[int, int, int], Mention | None] = {}
        # (quote start, 1, resolved speaker): candidates of :meth:`resolve`
        self.speakers: list[tuple[int, int, Mention]] = []
        self.results: list[Attribution] = []

    def skeleton(self, p: int) -> Skeleton:
        sk = self.skeletons.get(p)
        if sk is None:
            sk = Skeleton(self.text, p, self.paras[p], self.para_quotes.get(p, []))
            self.skeletons[p] = sk
        return sk

    def mention(self, p: int, a: int, b: int) -> Mention | None:
        """:func:`make_mention` of tokens ``[a, b)`` of paragraph ``p`` (cached)."""
        key = (p, a, b)
        if key not in self.mentions:
            self.mentions[key] = make_mention(self.text, self.skeleton(p), a, b)
        return self.mentions[key]

    # -- subjects and antecedents ----------------------------------------------

    def subject(self, sk: Skeleton, s: int, e: int) -> tuple[int, int] | None:
        """Token span of the subject of sentence ``[s, e)``, after a leading adverbial."""
        tags = sk.tags
        i = s
        if i < e and tags[i] == "&":  # "But despite all this, Mr Comey ..."
            i += 1
        if i < e and tags[i] == "Q":  # '"...," X said.'
            i += 1
            if i < e and tags[i] == ",":
                i += 1
        else:
            # skip leading adverbials: "Yesterday, ...", "Speaking on radio, ...",
            # "In April, when Comey was promoting his book, Lynch ..."
            while i < e and (tags[i] in LEADING_ADVERBIAL
                             or (tags[i] == "C" and sk.words[i].endswith("ing"))):
                c = _next_comma(sk, i, e)
                if c < 0:
                    return None
                i = c + 1
        m = NPX_RE.match(tags, i, e)
        if m is None or m.end() == m.start():
            return None
        return m.start(), m.end()

    def subject_mention(self, p: int, s: int, e: int) -> Mention | None:
        """Resolved subject of sentence ``[s, e)`` of paragraph ``p`` (cached)."""
        key = (p, s)
        if key in self.subjects:
            return self.subjects[key]
        self.subjects[key] = None  # a cycle ends here: no subject
        men = None
        span = self.subject(self.skeleton(p), s, e)
        if span is not None:
            men = self.mention(p, span[0], span[1])
            if men is not None and (men.anaphor or men.soft):
                men = self.resolve(men, p, span[0])
        self.subjects[key] = men
        return men

    def resolve(self, men: Mention, p: int, k: int, *, nested: bool = False) -> Mention | None:
        """Resolve an anaphoric mention at token ``k`` of paragraph ``p``.

        The last compatible candidate wins (he/she/the minister: person; it/the
        ministry: organisation; they/officials: plural, then organisation); for
        a description ("the president") a candidate written with the same noun
        ("President Emmanuel Macron") is preferred.  Candidates are sentence
        subjects, quote speakers and sources named in narration; "according to
        X" inside or after its sentence ("Trump, according to Ryan, ...", "...,
        according to Reuters.") ranks below the subject of its sentence, a
        sentence-initial "According to X," stands where it is written.  A
        source that is itself a pronoun or description is resolved only when
        picked, and with ``nested`` (resolving such a source) those sources are
        no candidates: a chain of them is not followed one by one.  Returns the
        antecedent, the mention itself for descriptions and bare plurals without
        antecedent, and None for a pronoun without antecedent.
        """
        self.prepare_window(p)
        sk = self.skeleton(p)
        pos = sk.start(k) if k < len(sk.words) else self.paras[p][1]
        # (sort position, rank, candidate): at one position rank 0 comes first, so
        # is picked after the rank-1 candidates there (the sentence's subject)
        cands: list[tuple[int, int, Mention | _Source]] = []
        sources: list[tuple[int, int, _Source]] = []
        near = -ANTECEDENT_SENTENCES
        for pp in range(max(0, p - ANTECEDENT_PARAGRAPHS), p):
            if not self.is_heading(pp):
                cands += self.para_subjects(pp)[near:]
                sources += self.para_sources(pp)[near:]
        ranges = sk.sentence_ranges()
        n = bisect_left(ranges, k, key=_START)  # the sentences starting before token k
        # the subjects of all of them, in order, once: each may resolve against the
        # ones before it, and resolving them from the first keeps that recursion flat
        done = self.subjects_done.get(p, 0)
        for s, e in ranges[done:n]:
            self.subject_mention(p, s, e)
        self.subjects_done[p] = max(done, n)
        for s, e in ranges[max(0, n - ANTECEDENT_SENTENCES):n]:
            m = self.subject_mention(p, s, e)
            if m is not None and m.start < pos:
                cands.append((m.start, 1, m))
            sources += [c for c in self._keyed_sources(p, s, e, m) if c[2].men.start < pos]
        first = self.paras[max(0, p - ANTECEDENT_PARAGRAPHS)][0]
        # sorted by start: quotations are attributed in document order
        said = self.speakers
        lo, hi = bisect_left(said, first, key=_START), bisect_left(said, pos, key=_START)
        cands += said[max(lo, hi - ANTECEDENT_SENTENCES):hi]
        order = _ANTECEDENT_ORDER.get(men.type, ())
        if men.soft:  # "officials" stands for earlier officials, not for an institution
            order = ("plural",)
        head = men.anaphor[4:] if men.anaphor and men.anaphor.startswith("the ") else ""
        noun = head or (men.name.rsplit(maxsplit=1)[-1].lower() if men.soft else "")
        if noun:
            # a description or bare plural stands for a source only when written with its
            # noun: "the lawmakers write" is not "according to GOP sources"
            sources = [c for c in sources if noun in c[2].men.raw.lower()]
        else:
            # a pronoun does not stand for "according to officials / people familiar
            # with the matter": unnamed and unspecific ("the officials said" may)
            sources = [c for c in sources if not c[2].bare]
        if nested:
            sources = [c for c in sources if not (c[2].men.anaphor or c[2].men.soft)]
        cands += sources
        cands.sort(key=_RANKED)
        passes = ((True, False) if head else (False,))
        sex = pronoun_sex(men.anaphor)
        found = self._pick(cands, order, passes, head, sex)
        if found is None and not head:
            # no compatible subject: any name in the window ("a condemnation from
            # Bishop Mariann Budde. ... she said")
            found = self._pick_name(p, pos, order, sex)
        if found is not None:
            return Mention(found.name, found.start, found.end, found.type,
                           anaphor=men.anaphor or men.name, raw=found.raw)
        if men.soft or head:
            return men._replace(anaphor=None, soft=False)
        return None

    def _pick(self, cands: list[tuple[int, int, Mention | _Source]], order: tuple[str, ...],
              passes: tuple[bool, ...], head: str, sex: Sex | None) -> Mention | None:
        for need_head in passes:
            for typ in order:
                for _, _, m in reversed(cands):
                    if isinstance(m, _Source):
                        m = self.source_mention(m, typ)
                        if m is None:
                            continue
                    if (m.type == typ and (not need_head or head in m.raw.lower())
                            and _agrees(m, sex)):
                        return m
        return None

    def source_mention(self, src: _Source, typ: str) -> Mention | None:
        """The mention a source stands for, if it can be of type ``typ``: a name as
        written; a pronoun or description resolved (nested, cached) only now."""
        men = src.men
        if not (men.anaphor or men.soft):
            return men
        if typ != men.type and typ not in _ANTECEDENT_ORDER.get(men.type, ()):
            return None  # it resolves to its own type or one its pronoun allows
        key = (src.para, src.tok)
        if key not in self.resolved_sources:
            self.resolved_sources[key] = None  # a cycle ends here
            self.resolved_sources[key] = self.resolve(men, src.para, src.tok, nested=True)
        return self.resolved_sources[key]

    def _pick_name(self, p: int, pos: int, order: tuple[str, ...], sex: Sex | None) -> Mention | None:
        """The last name before offset ``pos`` in the window of paragraph ``p`` of the
        first type in ``order`` that has one; paragraphs are read from the last, so
        earlier ones are not read once a name is found."""
        for typ in order:
            for pp in range(p, max(0, p - ANTECEDENT_PARAGRAPHS) - 1, -1):
                if pp != p and self.is_heading(pp):
                    continue
                for m in reversed(self.names(pp)):
                    if m.start < pos and m.type == typ and _agrees(m, sex):
                        return m
        return None

    def prepare_window(self, p: int) -> None:
        """Find the subjects of the paragraphs a resolution in paragraph ``p`` may
        read, from the first, so that the recursion stays a few calls deep.

        A resolution reads the subjects of the paragraphs in its window; a pronoun
        or description subject among them is resolved in turn, reading its own
        window, and so is a pronoun or description source such a resolution picks
        (nested: its own candidates are never such sources).  Asked for on demand,
        from the last, this went back one paragraph per call: a thousand
        paragraphs opening "He ..." before a "he said" exceeded Python's recursion
        limit.  Found here in document order, each resolution finds the
        paragraphs before it done.  A subject depends only on what is written
        before it (and the speakers of the quotations before it, attributed by
        then), so the order does not change it; the paragraphs read are those
        asked for on demand and a few more (the window of a paragraph with a
        pronoun source that is never picked).  A paragraph whose subjects are known
        (:meth:`para_subjects`) was found here, with all it may read.
        """
        todo = []
        reach = p - ANTECEDENT_PARAGRAPHS
        resolver = p  # the nearest paragraph after pp whose resolution may pick its sources
        pp = p - 1
        while pp >= max(0, reach):
            if pp not in self.subject_lists and not self.is_heading(pp):
                todo.append(pp)
                if self.anaphoric_subject(pp):
                    resolver = pp
                    reach = min(reach, pp - ANTECEDENT_PARAGRAPHS)
                elif pp >= resolver - ANTECEDENT_PARAGRAPHS and self.anaphoric_source(pp):
                    reach = min(reach, pp - ANTECEDENT_PARAGRAPHS)
            pp -= 1
        for pp in reversed(todo):
            self.para_subjects(pp)

    def anaphoric_subject(self, p: int) -> bool:
        """Whether a sentence subject of paragraph ``p`` is a pronoun, description or
        bare plural: finding it resolves it."""
        sk = self.skeleton(p)
        for s, e in sk.sentence_ranges():
            span = self.subject(sk, s, e)
            if span is not None:
                men = self.mention(p, span[0], span[1])
                if men is not None and (men.anaphor or men.soft):
                    return True
        return False

    def anaphoric_source(self, p: int) -> bool:
        """Whether a source paragraph ``p`` names in narration is a pronoun,
        description or bare plural: resolved when picked as an antecedent."""
        sk = self.skeleton(p)
        return _may_name_source(sk.tags, 0, len(sk.tags)) and any(
            src.men.anaphor or src.men.soft
            for s, e in sk.sentence_ranges() for src in self.sources(p, s, e))

    def para_subjects(self, p: int) -> list[tuple[int, int, Mention]]:
        """``(start, 1, subject)`` of the sentences of paragraph ``p`` that have one, as
        candidates of :meth:`resolve` (cached).  Asked only while resolving a later
        paragraph, whose sentences the subjects of ``p`` never depend on: the list
        is final."""
        got = self.subject_lists.get(p)
        if got is None:
            got = []
            for s, e in self.skeleton(p).sentence_ranges():
                m = self.subject_mention(p, s, e)
                if m is not None:
                    got.append((m.start, 1, m))
            self.subject_lists[p] = got
        return got

    def para_sources(self, p: int) -> list[tuple[int, int, _Source]]:
        """:meth:`_keyed_sources` of every sentence of paragraph ``p`` (cached; final,
        as :meth:`para_subjects`)."""
        got = self.source_para_lists.get(p)
        if got is None:
            sk = self.skeleton(p)
            got = [c for s, e in sk.sentence_ranges()
                   for c in self._keyed_sources(p, s, e, self.subject_mention(p, s, e))] \
                if _may_name_source(sk.tags, 0, len(sk.tags)) else []
            self.source_para_lists[p] = got
        return got

    def _keyed_sources(self, p: int, s: int, e: int,
                       subject: Mention | None) -> list[tuple[int, int, _Source]]:
        """:meth:`sources` of sentence ``[s, e)`` with their place among the candidates:
        "according to X" inside or after the sentence right below its ``subject``
        (the sentence is not about X: "Trump, according to Paul Ryan, would veto the
        bill.", "The ministry closed the border, according to Reuters."); any other
        where it is written: a sentence-initial "According to X," before the
        subject, an inserted ", said X" / ", X said" after it (X speaks the sentence,
        as a quote speaker speaks a quotation)."""
        got = self.sources(p, s, e)
        if not got:
            return []
        below = self.skeleton(p).start(s)
        if subject is not None:
            below = min(below, subject.start)
        return [(below, 0, src) if src.aside else (src.men.start, 1, src) for src in got]

    def sources(self, p: int, s: int, e: int) -> list[_Source]:
        """The sources sentence ``[s, e)`` of paragraph ``p`` names in narration
        besides its subject, as written (cached): ``according to X`` and an inserted
        ``, said X`` / ``, X said``.  They are antecedents too: 'According to the
        spokesman, the talks failed. "...," he said.'  Left out: an indefinite
        source ("according to a source") and one that is no agent ("according to
        reports / the documents / court records / the statement"); "according to"
        a bare plural ("officials", "people familiar with ...") is marked ``bare``:
        no antecedent of a pronoun."""
        key = (p, s)
        got = self.source_lists.get(key)
        if got is not None:
            return got
        sk = self.skeleton(p)
        tags, words = sk.tags, sk.words
        got = self.source_lists[key] = []
        if not _may_name_source(tags, s, e):  # most sentences: no need for the patterns
            return got
        initial = {s, s + 1} if tags[s] == "&" else {s}  # "(But) according to X, ..."
        spans = [(m.span(1), m.start() not in initial, True) for m in ACC_RE.finditer(tags, s, e)]
        # inverted only after 'say' and 'add': with other verbs the comma usually
        # closes an appositive and a verb with its object follows ("Limbaugh, the
        # most listened-to voice, similarly mentioned Ciaramella.")
        spans += [(m.span(2), False, False) for m in INSERTED_VS_RE.finditer(tags, s, e)
                  if (verb_info(words[m.start(1)]) or ("",))[0] in _INVERTED_LEMMAS]
        spans += [(m.span(1), False, False) for m in INSERTED_SV_RE.finditer(tags, s, e)
                  if _says(words[m.start(2)]) and words[m.start(2) - 1].lower() not in _PASSIVE_AUX]
        for (a, b), aside, according in sorted(set(spans)):
            if words[a].lower() in ("a", "an"):
                # an anonymous informant ("according to a source, he told CNN ..."):
                # rarely who a later pronoun means
                continue
            men = self.mention(p, a, b)
            if men is None or _no_agent(sk, a, b, men):
                continue
            got.append(_Source(men, p, a, aside, according and _bare_plural(sk, a, b, men)))
        return got

    def names(self, p: int) -> list[Mention]:
        """Every name (capitalised noun phrase) of paragraph ``p``, in order (cached)."""
        got = self.name_cache.get(p)
        if got is None:
            sk = self.skeleton(p)
            tags = sk.tags
            got = []
            for c in _NAME_START_RE.finditer(tags):  # a capital not after C, c or D
                a = c.start()
                m = NPX_RE.match(tags, a)
                if m is not None and tags[m.end() - 1] == "C":
                    men = self.mention(p, a, m.end())
                    if men is not None and not men.anaphor and not men.soft:
                        got.append(men)
            self.name_cache[p] = got
        return got

    def is_heading(self, p: int) -> bool:
        """A short paragraph without final punctuation or of a few words only
        ("Advertisement", "3. Impeachment?", a photo credit); cached."""
        got = self.headings.get(p)
        if got is None:
            ps, pe = self.paras[p]
            got = self.headings[p] = pe - ps <= MAX_HEADING_CHARS and (
                self.text[pe - 1] not in _SENTENCE_END
                or len(WORD_RE.findall(self.text, ps, pe)) < MIN_SENTENCE_WORDS)
        return got

    # -- rules -------------------------------------------------------------------

    def run(self) -> list[Attribution]:
        for qi, sp in enumerate(self.spans):
            att, men = self.one(qi, sp)
            self.results.append(att)
            if men is not None:
                self.speakers.append((sp.start, 1, men))
        return self.full_names(self.results)

    def full_names(self, atts: list[Attribution]) -> list[Attribution]:
        """Person speakers written short ("Macron") take the one full name the
        document gives them ("Emmanuel Macron"; :mod:`framing.speaker_names`),
        pointing at its nearest writing before the quotation."""
        short = {a.speaker for a in atts if a.speaker is not None and a.speaker_type == "person"}
        if not short:
            return atts
        written = names_ending_with(self.text, short)
        # {the quote's sex: {short name: full name}}: a "he said" is no "Melania Trump"
        full: dict[Sex | None, dict[str, str]] = {}
        places: dict[str, list[tuple[int, int]]] = {}
        for w in written.values():
            for f, at in w.persons.items():
                places.setdefault(f, []).extend(at)
        for name, sex in {(a.speaker, a.sex) for a in atts if a.speaker in written}:
            w = written[name]
            persons = {f: at for f, at in w.persons.items() if sex is None or w.sexes.get(f) in (None, sex)}
            full.setdefault(sex, {}).update(fuller_names([name], persons, others=w.others))
        full = {sex: follow_chains(names) for sex, names in full.items() if names}
        if not full:
            return atts
        for at in places.values():
            at.sort()
        out = []
        for sp, att in zip(self.spans, atts, strict=True):
            name = (full.get(att.sex, {}).get(att.speaker)  # type: ignore[arg-type]
                    if att.speaker_type == "person" else None)
            if name is not None:
                at = places[name]
                i = bisect_left(at, (sp.start,))  # the nearest writing before the quote
                s, e = at[i - 1] if i else at[0]
                note = f"{att.speaker} -> {name} (named in full in the document)"
                att = att._replace(speaker=name, speaker_start=s, speaker_end=e,
                                   note=f"{att.note}, {note}" if att.note else note)
            out.append(att)
        return out

    def one(self, qi: int, sp: SpanInfo) -> tuple[Attribution, Mention | None]:
        sk1 = self.skeleton(sp.first_para)
        k1 = sk1.qtok[qi]
        s1, e1 = sk1.sentence(k1)
        label = sk1.words[k1 - 1] if k1 > s1 and sk1.tags[k1 - 1] in "SGL" else None
        sk2 = self.skeleton(sp.last_para)
        k2 = sk2.qtok[qi]
        alone = k1 == s1 and (e1 == k1 + 1 or (e1 == k1 + 2 and sk1.tags[k1 + 1] == "."))
        after = self.rule_after(sk2, k2, sp)
        before = self.rule_before(sk1, s1, k1)
        if after and before and "H" in sk1.tags[before.v + 1:k1]:
            after = None  # relayed speech: the inner speaker
        found = (after or before or self.rule_according(sk1, s1, k1)
                 or self.rule_words(sk1, s1, k1) or self.rule_colon(sk1, s1, k1)
                 or self.rule_colon_para(sp.first_para, k1) or self.rule_later(sk2, k2)
                 or self.rule_name(sk1, s1, k1, sp))
        if found is None:
            carried = self.rule_carry(qi, sp, sk1, s1, k1, alone)
            if carried is not None:
                return carried._replace(label_cue=label, standalone=alone), None
            return Attribution(label_cue=label, standalone=alone), None
        men = self.mention(found.para, found.a, found.b)
        if men is None:
            return Attribution(verb=found.verb, rule=found.rule, label_cue=label,
                               standalone=alone), None
        note = ""
        sex = pronoun_sex(men.anaphor) or sex_of(men.name or "", men.raw)
        if men.anaphor or men.soft:
            res = self.resolve(men, found.para, found.a)
            if res is None:
                return Attribution(verb=found.verb, rule=found.rule, label_cue=label,
                                   note=f"{men.anaphor} -> ?", speaker_type=men.type,
                                   standalone=alone), None
            if res.anaphor:
                note = f"{res.anaphor} -> {res.name}"
            men = res
            sex = sex or sex_of(men.name, men.raw)  # what the antecedent's name tells
        att = Attribution(men.name, men.start, men.end, found.verb, found.rule, label, note,
                          men.type, alone, sex)
        return att, men

    def rule_after(self, sk: Skeleton, k: int, sp: SpanInfo) -> _Found | None:
        tags = sk.tags
        j = k + 1
        if j >= len(tags):
            return None
        if sk.words[j] in _DASHES:  # '"He did not get any sun." -- Christie's spokesperson'
            d = j + 1 if j + 1 < len(tags) and sk.words[j + 1] in _DASHES else j
            m = NP_RE.match(tags, d + 1)
            if m is not None and m.end() > m.start():
                return _Found("after", sk.para, m.start(), m.end(), None)
        inner = sp.text.rstrip(" '’\"”")
        if not (inner.endswith(_AFTER_PUNCT) or tags[j] == ","):
            return None
        final_stop = inner.endswith(".")
        for rx, kind in ((AFTER_SV_RE, "sv"), (AFTER_VS_RE, "vs"), (AFTER_ACC_RE, "acc")):
            m = rx.match(tags, j)
            if m is None or "Q" in tags[j:m.end()]:
                continue
            if kind == "sv":
                a, b, v = m.start("np"), m.end("np"), m.start("verb")
            elif kind == "vs":
                a, b, v = m.start(2), m.end(2), m.start(1)
                if "C" not in tags[a:b] and b < len(tags) and tags[b] == ",":
                    n = NP_RE.match(tags, b + 1)  # 'said the protesters' leader, Anna Berg'
                    if n is not None and n.end() > n.start() and tags[n.end() - 1] == "C":
                        a, b = n.start(), n.end()
            else:
                a, b, v = m.start(1), m.end(1), -1
            if v >= 0:
                info = verb_info(sk.words[v])
                if info is None or info[1] == "characterise":
                    continue  # '"...", Hollande calls for a break': no attribution
            if final_stop and not _ends_soon(tags, m.end()):
                continue
            verb = "according to" if v < 0 else sk.words[v].lower()
            return _Found("after", sk.para, a, b, verb, v)
        return None

    def rule_before(self, sk: Skeleton, s: int, k: int) -> _Found | None:
        tags = sk.tags
        for v in _verbs_back(tags, s, k):
            verb = sk.words[v].lower()
            gerund = verb.endswith("ing")
            if not gerund and v > s and sk.words[v - 1].lower() in _PASSIVE_AUX:
                continue  # "he was told": the subject is the addressee
            subj = subject_before(tags, s, v, after_preposition=gerund)
            if subj is not None:
                return _Found("before", sk.para, subj[0], subj[1], verb, v)
            pre = tags[s:v]
            if pre.endswith(","):  # parenthetical "The protesters, says Mattis, are ..."
                m = NP_RE.match(tags, v + 1, k)
                if m is not None and m.end() > m.start() and m.end() < k and tags[m.end()] == ",":
                    return _Found("before", sk.para, m.start(), m.end(), verb, v)
            # participle ("..., saying:", "a statement saying that"), coordination
            # ("and said:") or infinitive ("to say"): the sentence's subject speaks
            if gerund or COORD_RE.search(pre) or INFINITIVE_RE.search(pre):
                span = self.subject(sk, s, sk.sentence(s)[1])
                if span is not None and not span[0] <= v < span[1]:
                    return _Found("before", sk.para, span[0], span[1], verb, v)
            m = NP_RE.match(tags, v + 1, k)  # inverted: ', said the minister: "'
            if (m is not None and m.end() > m.start()
                    and (m.end() == k or tags[m.end()] in ",:")
                    and not any(t in "VW" for t in tags[m.end():k])):
                return _Found("before", sk.para, m.start(), m.end(), verb, v)
        return None

    @staticmethod
    def _cues(table: dict[int, list[int]], sk: Skeleton,
              find: Callable[[Skeleton], list[int]]) -> list[int]:
        """The cue positions ``find`` gives for ``sk``'s paragraph, found once per paragraph."""
        found = table.get(sk.para)
        if found is None:
            found = table[sk.para] = find(sk)
        return found

    def rule_according(self, sk: Skeleton, s: int, k: int) -> _Found | None:
        """The last ``according to <source>`` in ``tags[s:k]``.

        The "according to" tokens of a paragraph are found once; the pattern is
        tried at those in ``[s, k)`` from the last (a scan of the sentence for every
        quotation was quadratic in the quotations of one sentence).  A match cannot
        hold another "according to", so the last one that matches is the last match.
        """
        found = self._cues(self.according_cues, sk, _according_cues)
        for j in range(bisect_left(found, k) - 1, bisect_left(found, s) - 1, -1):
            m = ACC_RE.match(sk.tags, found[j], k)
            if m is not None:
                return _Found("according", sk.para, m.start(1), m.end(1), "according to")
        return None

    def rule_words(self, sk: Skeleton, s: int, k: int) -> _Found | None:
        """``In her words, ... "..."``: the possessive names the source.

        The cues of a paragraph are found once and looked up by bisection: a
        scan from the sentence start for every quotation was quadratic in the
        quotations of one sentence (a quoted JSON blob of 16,000 took 53 s).
        """
        found = self._cues(self.words_cues, sk, _words_cues)
        i = bisect_left(found, s)
        if i < len(found) and found[i] < k - 2:
            return _Found("words", sk.para, found[i] + 1, found[i] + 2, None)
        return None

    def rule_colon(self, sk: Skeleton, s: int, k: int) -> _Found | None:
        tags = sk.tags
        if k <= s or tags[k - 1] != ":":
            return None  # COLON_RE ends with ":" at k: no need to search
        # the match lies in the run of noun-phrase tags before the colon: search
        # from its start, not from the sentence start (quadratic, as above)
        lo = k - 1
        while lo > s and tags[lo - 1] in NPX_TAGS:
            lo -= 1
        m = COLON_RE.search(tags, lo, k)
        if m is None:
            return None
        return _Found("colon", sk.para, m.start(1), m.end(1), None)

    def rule_colon_para(self, p: int, k: int) -> _Found | None:
        if k != 0 or p == 0:
            return None
        ps, pe = self.paras[p - 1]
        if not self.text[ps:pe].rstrip().endswith(":"):
            return None  # no final colon token without a final colon: no need to tag it
        prev = self.skeleton(p - 1)
        if not prev.tags.endswith(":"):
            return None
        n = len(prev.tags) - 1
        s = prev.sentence(n)[0]
        found = (self.rule_before(prev, s, n) or self.rule_according(prev, s, n)
                 or self.rule_colon(prev, s, n + 1))
        return found._replace(rule="colon-para") if found else None

    def rule_later(self, sk: Skeleton, k: int) -> _Found | None:
        tags = sk.tags
        e = sk.sentence(k)[1]
        for v in range(k + 1, e):
            if tags[v] == "Q":
                return None
            if tags[v] in "VW":
                subj = subject_before(tags, k + 1, v)
                if subj is not None:
                    return _Found("later", sk.para, subj[0], subj[1], sk.words[v].lower(), v)
        return None

    def rule_name(self, sk: Skeleton, s: int, k: int, sp: SpanInfo) -> _Found | None:
        if sp.n_words <= SCARE_MAX_WORDS or not sp.text[:1].islower():
            return None
        if k == s or sk.tags[k - 1] != "C":
            return None
        m = NP_END_RE.search(sk.tags, s, k)
        return _Found("name", sk.para, m.start(1), m.end(1), None) if m else None

    def rule_carry(self, qi: int, sp: SpanInfo, sk: Skeleton, s: int,
                   k: int, alone: bool) -> Attribution | None:
        """A quotation opening its sentence continues the previous speaker.

        It must be long, or a whole sentence by itself; the previous quotation
        must be in the same paragraph, or, for a quotation opening a paragraph,
        in the last sentence of the previous paragraph.
        """
        if k != s or (sp.n_words <= SCARE_MAX_WORDS and not alone) or qi == 0:
            return None
        prev, psp = self.results[qi - 1], self.spans[qi - 1]
        if prev.speaker is None:
            return None
        if k > 0:
            if psp.last_para != sp.first_para:
                return None
        else:
            if psp.last_para != sp.first_para - 1:
                return None
            psk = self.skeleton(psp.last_para)
            if psk.sentence(psk.qtok[qi - 1])[0] != psk.sentence(len(psk.tags) - 1)[0]:
                return None
        return prev._replace(rule="carry", note=f"continues the quotation at {psp.start}")


def _agrees(men: Mention, sex: Sex | None) -> bool:
    """A candidate for "he" / "she" is not a person known to be of the other sex."""
    if sex is None or men.type != "person":
        return True
    known = sex_of(men.name, men.raw)
    return known is None or known == sex


def _bare_plural(sk: Skeleton, a: int, b: int, men: Mention) -> bool:
    """A plural noun without determiner and not a name: "officials", "people
    familiar with the matter", "Western officials" (not "Senate Democrats")."""
    return (men.type == "plural" and sk.tags[a] not in "DS" and not men.anaphor
            and sk.words[b - 1][:1].islower())


def _no_agent(sk: Skeleton, a: int, b: int, men: Mention) -> bool:
    """Whether the source at tokens ``[a, b)`` is a noun that is no agent a pronoun
    could mean ("reports", "the documents", "court records": the tagger may end the
    noun phrase before "records", so the word after it counts too)."""
    heads = [sk.words[b - 1].lower()]
    if b < len(sk.tags) and sk.tags[b] in "MNW":
        heads.append(sk.words[b].lower())
    document = cues().document_nouns
    return any(h in _NON_AGENT_NOUNS or h in document for h in heads) \
        and men.name.rsplit(maxsplit=1)[-1].lower() in heads


def _may_name_source(tags: str, s: int, e: int) -> bool:
    """Whether tokens ``[s, e)`` hold what :meth:`_Attributor.sources` looks for:
    "according to", a reporting verb after a comma, or one before a comma or the end."""
    return _SOURCE_CUE_RE.search(tags, s, e) is not None


def _says(word: str) -> bool:
    """A verb of saying, not of characterising (", called the spokesman" names no source)."""
    info = verb_info(word)
    return info is not None and info[1] != "characterise"


def _next_comma(sk: Skeleton, i: int, e: int) -> int:
    """Index of the next comma token, or of a quotation ending with a comma inside
    its marks (US style: '... his book "A Higher Loyalty," Lynch issued'); -1 if none."""
    for j in range(i, e):
        t = sk.tags[j]
        if t == "," or (t == "Q" and sk.words[j].rstrip().endswith(",")):
            return j
    return -1


_KO_RE = re.compile("KO")  # "according to"


def _according_cues(sk: Skeleton) -> list[int]:
    """Token positions of ``according to`` in a paragraph."""
    return [m.start() for m in _KO_RE.finditer(sk.tags)]


def _words_cues(sk: Skeleton) -> list[int]:
    """Token positions of ``in <his/her/its/their> <source noun>`` in a paragraph."""
    words, tags = sk.words, sk.tags
    nouns = cues().source_nouns
    out = []
    j = tags.find("RS")
    while 0 <= j < len(tags) - 2:
        if (words[j].lower() == "in" and words[j + 2].lower() in nouns
                and words[j + 1].lower() in _POSSESSIVE_PRONOUN):
            out.append(j)
        j = tags.find("RS", j + 1)
    return out


def _verbs_back(tags: str, s: int, k: int) -> Iterator[int]:
    """Positions of the verb tags (V, W) in ``tags[s:k]``, from the last; found with
    ``str.rfind`` instead of testing every tag."""
    v = k
    while True:
        v = max(tags.rfind("V", s, v), tags.rfind("W", s, v))
        if v < 0:
            return
        yield v


def _ends_soon(tags: str, j: int) -> bool:
    """True if the sentence ends within :data:`ATTRIBUTION_TAIL_TOKENS` tokens of ``j``."""
    stop = tags.find(".", j)
    tail = tags[j:stop if stop >= 0 else len(tags)]
    return len(tail) <= ATTRIBUTION_TAIL_TOKENS and "Q" not in tail
