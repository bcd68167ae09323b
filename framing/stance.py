"""Transparent lexicon stance toward targets, one (sentence, target) pair at a time.

The method (details and rationale in ``docs/stance.md``):

1. The sentence is split into word tokens (:data:`framing.text.WORD_RE`) and
   into clauses at ``; : — ( )`` and contrast conjunctions ("but", "however").
2. Valence comes from VADER's lexicon (``vader_lexicon.txt`` read from the
   installed ``vaderSentiment`` package) and from loaded-term hits, which count
   as negative valence (``-LOADED_VALENCE * weight``) toward the target they
   attach to, or positive for a praising category (:data:`POSITIVE_CATEGORIES`).  A valence word preceded by a negator within
   :data:`NEGATION_WINDOW` tokens is multiplied by VADER's ``N_SCALAR`` (-0.74);
   VADER's booster words add ``B_INCR``; VADER's "but" rule halves valence before
   the contrast word and multiplies it by 1.5 after it.
3. Each valence word counts toward a target with a **distance-weighted window**
   around the target's nearest mention: weight ``DECAY ** (d - 1)`` for a token
   distance ``d`` (commas add :data:`COMMA_COST`), zero beyond :data:`WINDOW`,
   times :data:`CROSS_CLAUSE` when the word is in another clause than the
   mention, times :data:`COMPETING` when another target's mention is nearer.
4. **Role rules**: when the target is the agent of a role word ("rejected",
   "offered", "refusal"), its stance from that word is the word's polarity
   times the sign of its object's valence ("rejected peace talks" -> against,
   "offered talks" -> favor), weighted :data:`ROLE_VALENCE`.
5. **Whose words and which role** (``stance_rules.yaml``): a harm word ("attack",
   "war") counts in full only for its agent (:data:`NON_AGENT` otherwise); a
   target named as a place ("in Moscow") takes :data:`PLACE`; words in a short
   quotation weigh :data:`QUOTED_PHRASE`; what a target says or is told, and
   reporting verbs of other speakers, are not a view of it (:data:`SPEAKER`);
   a target right after "against" gets :data:`OPPOSED`.
6. The sum ``x`` of contributions is squashed as VADER does,
   ``x / sqrt(x**2 + ALPHA)``, into [-1, 1]; ``|score| >= THRESHOLD`` is
   favor/against, anything else neutral.

Valence is only computed for sentences that mention a target.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from framing.errors import ParameterError
from framing.schema import STANCE_COLUMNS
from framing.stance_words import (
    StanceRules,
    Token,
    stance_rules,
    tokenize,
    vader_lexicon,
    vader_rules,
)
from framing.targets import Mention

__all__ = [
    "LexiconStance",
    "Contribution",
    "StanceRow",
    "stance_frame",
    "label_from_score",
    "WINDOW",
    "DECAY",
    "THRESHOLD",
    "LOADED_VALENCE",
]

# ---- tunable numbers (each used once, as a default of LexiconStance) ----
#: Tokens around a mention that can carry valence toward it; tuned by grid search on
#: NewsMTSC train.jsonl (``benchmarks/eval_stance.py --tune``), never on dev.
WINDOW = 30
#: Weight of a token at distance d is DECAY ** (d - 1); tuned on NewsMTSC train.
DECAY = 0.9
#: Extra distance for each comma between a word and the mention (clauses joined by commas).
COMMA_COST = 2
#: Weight factor for a valence word in another clause than the mention; tuned on train.
CROSS_CLAUSE = 0.35
#: Weight factor when another target's mention is nearer to the word; tuned on train.
COMPETING = 0.7
#: |score| at or above which a pair is favor/against; tuned on NewsMTSC train (macro-F1).
THRESHOLD = 0.02
#: Valence (VADER units, -4..4) of a loaded term of weight 1 toward the target it attaches to.
#: Lexicon weights run 0.2-1.0 (most entries 0.3-0.6), so a typical hit weighs 1.8-3.6, as
#: much as a clearly evaluative VADER word ("threat" -2.4); tuned on NewsMTSC train with the
#: built-in lexicon's hits (macro-F1 2.0: 0.5929, 4.0: 0.5973, 6.0: 0.5990, 8.0: 0.5992).
LOADED_VALENCE = 6.0
#: Lexicon categories whose terms praise rather than disparage ("hero", "brave", "visionary"
#: in the built-in ``glorifying``): their hits count as positive valence.
POSITIVE_CATEGORIES: tuple[str, ...] = ("glorifying",)
#: Valence (VADER units) of a role rule ("rejected peace talks"): a clearly evaluative word.
ROLE_VALENCE = 1.0
#: VADER words with |valence| below this are skipped: weak entries ("top" 0.8,
#: "authority" 0.3, "legal" 0.5) are mostly descriptive in news; tuned on NewsMTSC train.
MIN_VALENCE = 0.8
#: Weight factor for words in what a target is reported to say ("Trump said the deal
#: was terrible" is Trump's view, not the author's view of Trump); tuned on NewsMTSC train.
SPEAKER = 0.0
#: A reporting verb at most this many tokens after the speaker mention ("Putin also said").
SPEAKER_GAP = 3
#: A negator this many tokens before a valence word flips it (VADER uses 3).
NEGATION_WINDOW = 3
#: Tokens after a role word searched for its object's valence.
ROLE_OBJECT_WINDOW = 6
#: Tokens before a role word searched for its agent (the target mention).
ROLE_AGENT_WINDOW = 8
#: VADER's normalisation constant (vaderSentiment.normalize, alpha=15).
ALPHA = 15.0

#: Weight factor of a harm word ("attack", "war", "massacre": ``harm_words`` in
#: stance_rules.yaml) for a target that is not its agent (a victim, a place, a
#: bystander); tuned on NewsMTSC train.
NON_AGENT = 0.5
#: Weight factor for a target whose mentions all name a place ("in Moscow"); tuned on
#: NewsMTSC train (72 % of its targets after "in" are neutral).
PLACE = 0.0
#: Weight factor of a word inside a short quoted phrase (at most
#: :data:`QUOTED_PHRASE_WORDS` words: a scare quote or a speaker's word, not the
#: outlet's own evaluation); tuned on NewsMTSC train.
QUOTED_PHRASE = 0.5
#: Valence (VADER units) against a target right after "against" ("protests against X",
#: "sanctions against Russia"); tuned on NewsMTSC train (85 % of its targets right
#: after "against" are labelled negative).
OPPOSED = 1.0
#: Longest quotation (in words) treated as a quoted phrase.
QUOTED_PHRASE_WORDS = 4
#: Tokens before a nominal harm word searched for a copula ("Russia is not a threat").
COPULA_WINDOW = 4

# A short quotation: an opening mark after a space or the start, up to 60 characters
# without another quote mark, a closing mark not followed by a letter.
_QUOTED = re.compile(r"(?<!\w)[\"“‘'«]([^\"“”‘’'«»\n]{1,60})[\"”’'»](?!\w)")
_AGAINST = frozenset({"against"})
#: Mention spans of a target above which :class:`_SpanIndex` searches by position
#: (a plain scan is faster for the few mentions of an ordinary sentence).
_INDEX_MIN_SPANS = 16
_COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being", "remains", "remain",
                     "became", "become", "becomes", "'s"})


def label_from_score(score: float, threshold: float = THRESHOLD) -> str:
    """Map a score in [-1, 1] to ``against`` / ``neutral`` / ``favor``."""
    if score >= threshold:
        return "favor"
    if score <= -threshold:
        return "against"
    return "neutral"


@dataclass(frozen=True)
class Contribution:
    """One word's (or loaded term's, or role rule's) push on a target's score.

    ``contribution = valence * weight * modifier`` in VADER units; the score is
    ``sum / sqrt(sum**2 + ALPHA)``.
    """

    target: str
    word: str
    start: int
    end: int
    source: str  # "valence", "loaded" or "role"
    valence: float
    distance: float
    weight: float
    modifier: float
    contribution: float
    note: str


@dataclass(frozen=True)
class StanceRow:
    """One (sentence, target) result with :data:`framing.schema.STANCE_COLUMNS`."""

    doc_id: str | None
    sent_id: int | None
    target: str
    alias: str
    start: int
    end: int
    score: float
    label: str
    method: str
    voice: str | None
    speaker: str | None

    def as_row(self) -> dict[str, Any]:
        """The row as a dict in :data:`framing.schema.STANCE_COLUMNS` order."""
        return {c: getattr(self, c) for c in STANCE_COLUMNS}


@dataclass
class _Item:
    """A valence item (VADER word or loaded term) before it is weighted per target."""

    first: int
    last: int
    valence: float
    source: str
    word: str
    start: int
    end: int
    modifier: float
    note: str
    quoted: bool = False
    speaker: str | None = None  # reporting verb: its subject target ("" if none)
    agent: str | None = None  # harm word: its agent target ("" if none)
    inside: str | None = None  # the target whose mention holds the item
    namer: str | None = None  # quoted naming: the target that names ("X called it '...'")


class LexiconStance:
    """Transparent lexicon stance scorer (the default method, ``method="lexicon"``).

    Parameters
    ----------
    window : int
        Maximum (comma-weighted) token distance between a valence word and the mention.
    decay : float
        Weight of a word at distance ``d`` is ``decay ** (d - 1)``.
    cross_clause : float
        Factor for words in another clause than the mention.
    competing : float
        Factor when another target's mention is nearer to the word.
    threshold : float
        ``|score| >= threshold`` -> favor/against.
    loaded_valence : float
        Valence of a loaded term of weight 1 (VADER units): negative, or positive for a
        term of one of ``positive_categories``.
    positive_categories : tuple of str
        Lexicon categories whose terms praise (default the built-in ``glorifying``).
    role_valence : float
        Valence of a role rule (0 switches role rules off).
    min_valence : float
        VADER words with a smaller absolute valence are skipped.
    speaker : float
        Factor for words in what the target is reported to say (target as speaker or
        addressee).
    non_agent : float
        Factor of a harm word ("attack", "war") for a target that is not its agent.
    place : float
        Factor for a target whose mentions all name a place ("in Moscow").
    quoted_phrase : float
        Factor of a word inside a short quoted phrase (scare quote, speaker's word).
    opposed : float
        Negative valence for a target right after "against" ("protests against X").
    loaded_terms : iterable of str, optional
        Loaded words or phrases to match in the sentence when the pipeline passes
        no hits (case-insensitive whole words; weight 1).

    Notes
    -----
    The scorer keeps no learned state; ``fit`` is not needed.  Stance rows use
    ``method="lexicon"``.
    """

    method = "lexicon"

    def __init__(self, *, window: int = WINDOW, decay: float = DECAY,
                 cross_clause: float = CROSS_CLAUSE, competing: float = COMPETING,
                 threshold: float = THRESHOLD, loaded_valence: float = LOADED_VALENCE,
                 role_valence: float = ROLE_VALENCE, min_valence: float = MIN_VALENCE,
                 speaker: float = SPEAKER, non_agent: float = NON_AGENT,
                 place: float = PLACE, quoted_phrase: float = QUOTED_PHRASE,
                 opposed: float = OPPOSED,
                 positive_categories: tuple[str, ...] = POSITIVE_CATEGORIES,
                 loaded_terms: Iterable[str] | None = None) -> None:
        self.window = window
        self.decay = decay
        self.cross_clause = cross_clause
        self.competing = competing
        self.threshold = threshold
        self.loaded_valence = loaded_valence
        self.role_valence = role_valence
        self.min_valence = min_valence
        self.speaker = speaker
        self.non_agent = non_agent
        self.place = place
        self.quoted_phrase = quoted_phrase
        self.opposed = opposed
        self.positive_categories = positive_categories
        self.loaded_terms = loaded_terms

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters as a dict (scikit-learn convention)."""
        return {k: getattr(self, k) for k in ("window", "decay", "cross_clause", "competing",
                                              "threshold", "loaded_valence", "role_valence",
                                              "min_valence", "speaker", "non_agent", "place",
                                              "quoted_phrase", "opposed", "positive_categories",
                                              "loaded_terms")}

    def set_params(self, **params: Any) -> LexiconStance:
        """Set parameters (scikit-learn convention)."""
        for key, value in params.items():
            if key not in self.get_params():
                raise ParameterError(f"unknown parameter {key!r}", field=key)
            setattr(self, key, value)
        self.__dict__.pop("_loaded_re", None)
        return self

    # ------------------------------------------------------------------ public API

    def score_sentence(self, text: str, sent_start: int, sent_end: int,
                       mentions: Sequence[Mention], hits: Any = None, *,
                       doc_id: str | None = None, sent_id: int | None = None) -> list[dict]:
        """Score every target mentioned in one sentence.

        Parameters
        ----------
        text : str
            The document text (offsets of mentions and hits are into it).
        sent_start, sent_end : int
            The sentence's offsets.
        mentions : sequence of Mention
            Target mentions inside the sentence (from :func:`framing.find_mentions`),
            with ``voice``/``speaker`` filled if known.
        hits : DataFrame or iterable, optional
            Loaded-term hits in the sentence: a frame with ``start``, ``end`` and
            optional ``weight``, ``category``, ``match`` columns, or mappings/objects
            with those fields.  Without hits, ``loaded_terms`` (if set) are matched.
        doc_id, sent_id : optional
            Copied into the rows.

        Returns
        -------
        list of dict
            One row per target with :data:`framing.schema.STANCE_COLUMNS`.  When a
            target has several mentions in the sentence, ``alias``/``start``/``end``
            are the first mention's, the score uses all of them (each word counts
            from the target's nearest mention), ``voice`` is the mentions' common
            voice or ``"mixed"``, and ``speaker`` the first quoted speaker.
        """
        mentions = [m for m in mentions if sent_start <= m.start and m.end <= sent_end]
        contribs = self._contributions(text, sent_start, sent_end, mentions, hits)
        rows = []
        for target, group in _group(mentions).items():
            total = sum(c.contribution for c in contribs if c.target == target)
            score = total / math.sqrt(total * total + ALPHA) if total else 0.0
            voices = {m.voice for m in group}
            voice = voices.pop() if len(voices) == 1 else "mixed"
            speaker = next((m.speaker for m in group if m.speaker), None)
            first = group[0]
            rows.append(StanceRow(doc_id, sent_id, target, first.alias, first.start, first.end,
                                  score, label_from_score(score, self.threshold), self.method,
                                  voice, speaker).as_row())
        return rows

    def score_sentences(self, text: str, sentences: Sequence[tuple], *,
                        doc_id: str | None = None) -> list[dict]:
        """:meth:`score_sentence` for several sentences of ``text``.

        ``sentences`` holds ``(sent_id, start, end, mentions, hits)`` per sentence
        (the interface :class:`framing.stance_model.ModelStance` shares, which
        predicts them all at once).
        """
        return [row for sent_id, start, end, mentions, hits in sentences
                for row in self.score_sentence(text, start, end, mentions, hits,
                                               doc_id=doc_id, sent_id=sent_id)]

    def explain(self, text: str, sent_start: int = 0, sent_end: int | None = None,
                mentions: Sequence[Mention] = (), hits: Any = None, *,
                target: str | None = None) -> pd.DataFrame:
        """Return the contributions behind each target's score, one row per word.

        Parameters
        ----------
        text, sent_start, sent_end, mentions, hits
            As in :meth:`score_sentence`.
        target : str, optional
            Keep only this target's contributions.

        Returns
        -------
        DataFrame
            Columns ``target, word, start, end, source, valence, distance, weight,
            modifier, contribution, note``.  ``source`` is ``valence`` (VADER word),
            ``loaded`` (loaded-term hit) or ``role`` (role rule); ``contribution =
            valence * weight * modifier``; the target's score is
            ``sum / sqrt(sum**2 + ALPHA)``.
        """
        sent_end = len(text) if sent_end is None else sent_end
        contribs = self._contributions(text, sent_start, sent_end, mentions, hits)
        if target is not None:
            contribs = [c for c in contribs if c.target == target]
        columns = list(Contribution.__dataclass_fields__)
        return pd.DataFrame([c.__dict__ for c in contribs], columns=columns)

    def score_spans(self, sentence: str, spans: Sequence[tuple[str, int, int]],
                    hits: Any = None) -> dict[str, float]:
        """Score a bare sentence given ``(target, start, end)`` spans (used in evaluation).

        Returns
        -------
        dict
            target -> score in [-1, 1].
        """
        mentions = [Mention(t, sentence[s:e], s, e) for t, s, e in spans]
        rows = self.score_sentence(sentence, 0, len(sentence), mentions, hits)
        return {r["target"]: r["score"] for r in rows}

    # ------------------------------------------------------------------ internals

    def _contributions(self, text: str, s0: int, s1: int, mentions: Sequence[Mention],
                       hits: Any) -> list[Contribution]:
        mentions = [m for m in mentions if s0 <= m.start and m.end <= s1]
        if not mentions:
            return []
        rules = stance_rules()
        negate, boosters, n_scalar, b_incr = vader_rules()
        lexicon = vader_lexicon()
        toks = tokenize(text, s0, s1, rules.contrast)
        if not toks:
            return []
        starts = [t.start for t in toks]
        ends = [t.end for t in toks]

        def token_span(a: int, b: int) -> tuple[int, int] | None:
            i, j = bisect_right(ends, a), bisect_left(starts, b) - 1
            return (i, j) if i <= j else None

        mspans: list[tuple[str, int, int]] = []
        in_mention = [False] * len(toks)
        for m in mentions:
            span = token_span(m.start, m.end)
            if span:
                mspans.append((m.target, span[0], span[1]))
                for i in range(span[0], span[1] + 1):
                    in_mention[i] = True
        if not mspans:
            return []
        targets = list(dict.fromkeys(t for t, _, _ in mspans))
        quoted = [False] * len(toks)
        for q in _QUOTED.finditer(text, s0, s1):
            span = token_span(q.start(1), q.end(1))
            if span and span[1] - span[0] < QUOTED_PHRASE_WORDS:
                for i in range(span[0], span[1] + 1):
                    quoted[i] = True
        items: list[_Item] = []
        covered = [False] * len(toks)
        loaded = [0.0] * len(toks)  # valence of the hit covering each token, for role objects
        for h_start, h_end, weight, label, category in self._hits(text, s0, s1, hits):
            span = token_span(h_start, h_end)
            if not span:
                continue
            first, last = span
            for i in range(first, last + 1):
                covered[i] = True
            praise = category in self.positive_categories
            modifier = toks[first].side
            notes = [f"loaded term{f' praising ({category})' if praise else ''} (weight {weight:g})"]
            # negation flips an evaluative loaded term ("not a threat"), not a label
            # ("not a regime" still uses the frame): evaluative = scored by VADER
            if any(toks[k].low in lexicon for k in range(first, last + 1)):
                neg = _negator(toks, first, negate)
                if neg is not None:
                    modifier *= n_scalar
                    notes.append(f"negated by {neg!r}")
            valence = self.loaded_valence * weight * (1 if praise else -1)
            loaded[first:last + 1] = [valence] * (last - first + 1)
            items.append(_Item(first, last, valence, "loaded", label,
                               h_start, h_end, modifier, "; ".join(notes)))
        for i, tok in enumerate(toks):
            if covered[i] or tok.low in negate or tok.low in rules.ignore:
                continue
            val = lexicon.get(tok.low)
            if val is None or abs(val) < self.min_valence:
                continue
            notes = []
            modifier = tok.side
            if tok.side != 1.0:
                notes.append(f"contrast x{tok.side:g}")
            if i and toks[i - 1].low in boosters:
                val += math.copysign(b_incr, val) * (1 if boosters[toks[i - 1].low] > 0 else -1)
                notes.append(f"boosted by {toks[i - 1].low!r}")
            neg = _negator(toks, i, negate)
            if neg is not None:
                modifier *= n_scalar
                notes.append(f"negated by {neg!r}")
            items.append(_Item(i, i, val, "valence", text[tok.start:tok.end], tok.start,
                               tok.end, modifier, "; ".join(notes)))
        owner = [""] * len(toks)  # target whose mention holds the token
        for t, a, b in mspans:
            for i in range(a, b + 1):
                owner[i] = t
        mentions_at = _SpanIndex(mspans, at=1)
        for item in items:
            item.inside = owner[item.first] or None
            item.quoted = any(quoted[item.first:item.last + 1])
            if item.quoted:
                item.namer = _namer(toks, item.first, quoted, mentions_at, rules)
            low = toks[item.first].low
            if low in rules.reporting:
                item.speaker = _subject(toks, item.first, mentions_at, rules) or ""
            elif any(toks[k].low in rules.harm for k in range(item.first, item.last + 1)):
                item.agent = _harm_agent(toks, item.first, item.last, mentions_at, rules) or ""
        roles, consumed = self._roles(toks, mentions_at, in_mention, lexicon, negate, n_scalar,
                                      rules, loaded)
        out: list[Contribution] = list(roles)
        for target in targets:
            own = [(a, b) for t, a, b in mspans if t == target]
            said = _reported_region(toks, own, rules)
            others = [(a, b) for t, a, b in mspans if t != target]
            own_index, others_index = _SpanIndex(own, self.window), _SpanIndex(others, self.window)
            # "in Russia's war": the object of "in" is the war, Russia its possessor (agent)
            place = all(_governed(toks, a, rules.locative, rules.determiners)
                        and not toks[b].low.endswith("'s") for a, b in own)
            # "war against Ukraine" is harm done to it (rule 7), not opposition to it
            opposed = next((a for a, _ in own if _governed(toks, a, _AGAINST, rules.determiners)
                            and not _after_harm(toks, a, rules)), None)
            if opposed is not None and self.opposed:
                k = opposed - 1 if toks[opposed - 1].low == "against" else opposed - 2
                out.append(Contribution(target, toks[k].low, toks[k].start, toks[k].end, "role",
                                        -self.opposed, 1.0, 1.0, toks[k].side,
                                        -self.opposed * toks[k].side,
                                        "target of 'against' (someone acts against it)"))
            for it in items:
                if (target, it.first) in consumed:
                    continue
                if it.speaker is not None and it.speaker != target:
                    continue  # a reporting verb characterises its speaker only
                if it.inside is not None and it.inside != target:
                    continue  # a word inside another target's mention describes that target
                d, anchor = _nearest(toks, it.first, it.last, own_index.near(it.first, it.last))
                if d > self.window:
                    continue
                weight = self.decay ** max(d - 1, 0)
                notes = [it.note] if it.note else []
                if toks[it.first].clause != toks[anchor].clause:
                    weight *= self.cross_clause
                    notes.append("other clause")
                if said is not None and said[0] <= it.first <= said[1]:
                    weight *= self.speaker
                    notes.append("in what the target is reported to say or told")
                if it.agent is not None and it.agent != target:
                    weight *= self.non_agent
                    notes.append("harm word; target not its agent")
                if it.quoted:
                    weight *= self.quoted_phrase
                    notes.append("in a short quotation")
                    if it.namer == target:
                        weight *= self.speaker
                        notes.append("the target's own words about something else")
                if place:
                    weight *= self.place
                    notes.append("target named as a place")
                if others:
                    d_other, _ = _nearest(toks, it.first, it.last,
                                          others_index.near(it.first, it.last))
                    if d_other < d:
                        weight *= self.competing
                        notes.append("nearer to another target")
                out.append(Contribution(target, it.word, it.start, it.end, it.source, it.valence,
                                        d, weight, it.modifier,
                                        it.valence * weight * it.modifier, "; ".join(notes)))
        return out

    def _roles(self, toks, mentions_at, in_mention, lexicon, negate, n_scalar, rules, loaded):
        """Role-rule contributions and the (target, token) pairs they consume.

        The object's valence counts loaded terms (``loaded``: valence of the hit covering
        each token, 0 if none) and harm words ("supported the invasion") as well as
        VADER words."""
        out: list[Contribution] = []
        consumed: set[tuple[str, int]] = set()
        is_role = [rules.role_polarity(t.low) for t in toks]
        for i, tok in enumerate(toks):
            polarity = is_role[i]
            if polarity is None or in_mention[i]:
                continue
            passive = i > 0 and toks[i - 1].low in rules.passive
            agent = None
            if passive:
                for j in range(i + 1, min(i + 3, len(toks))):
                    if toks[j].low == "by" and j + 1 < len(toks):
                        agent = next((t for t, a, _ in mentions_at.starting(j + 1, j + 1)
                                      if a == j + 1), None)
                        break
            else:
                agent = _subject(toks, i, mentions_at, rules)
            if agent is None:
                continue
            obj_val = 0.0
            obj_idx = []
            end = i + 1
            for j in range(i + 1, min(i + 1 + ROLE_OBJECT_WINDOW, len(toks))):
                if (toks[j].clause != tok.clause or toks[j].comma != tok.comma
                        or toks[j].low in rules.object_stop):
                    break
                end = j + 1
                if in_mention[j]:
                    continue
                low = toks[j].low
                v = loaded[j] or (0.0 if low in rules.ignore or low in negate
                                  else lexicon.get(low, 0.0))
                if not v and low in rules.harm:
                    v = -1.0
                if low in rules.cooperative:
                    v = max(v, 1.0)
                if v:
                    obj_val += v
                    obj_idx.append(j)
            sign = -1.0 if obj_val < 0 else 1.0
            neg = _negator(toks, i, negate)
            modifier = tok.side * (n_scalar if neg else 1.0)
            val = polarity * sign * self.role_valence
            if not val:
                continue
            note = (f"agent of {tok.low!r} ({'+' if polarity > 0 else '-'}) with "
                    f"{'negative' if sign < 0 else 'positive or neutral'} object")
            if neg:
                note += f"; negated by {neg!r}"
            out.append(Contribution(agent, tok.low, tok.start, tok.end, "role", val, 0.0, 1.0,
                                    modifier, val * modifier, note))
            consumed.add((agent, i))
            consumed.update((agent, j) for j in obj_idx)
            # the role word describes what the agent does; it is not a judgement of a
            # target in its object ("France rejected Russia's offer": not against Russia)
            consumed.update((t, i) for t, a, _ in mentions_at.starting(i + 1, end - 1)
                            if t != agent and i < a < end)
        return out, consumed

    def _hits(self, text: str, s0: int, s1: int,
              hits: Any) -> list[tuple[int, int, float, str, str | None]]:
        """``(start, end, weight, label, category)`` of the loaded terms in ``text[s0:s1]``."""
        out: list[tuple[int, int, float, str, str | None]] = []
        if hits is None:
            if self.loaded_terms:
                pattern = self._loaded_pattern()
                for m in pattern.finditer(text, s0, s1):
                    out.append((m.start(), m.end(), 1.0, m.group(0), None))
            return out
        if isinstance(hits, pd.DataFrame):
            records: Iterable[Any] = hits.to_dict("records")
        else:
            records = hits
        for h in records:
            get = h.get if isinstance(h, Mapping) else (lambda k, d=None, h=h: getattr(h, k, d))
            start, end = int(get("start")), int(get("end"))
            if start < s0 or end > s1:
                continue
            weight = get("weight", 1.0)
            weight = 1.0 if weight is None or pd.isna(weight) else float(weight)
            label = get("match", None) or text[start:end]
            category = get("category", None)
            out.append((start, end, weight, str(label), None if category is None else str(category)))
        return out

    def _loaded_pattern(self) -> re.Pattern:
        pattern = self.__dict__.get("_loaded_re")
        if pattern is None:
            terms = sorted({t.strip() for t in self.loaded_terms or () if t.strip()},
                           key=len, reverse=True)
            alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
            pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
            self.__dict__["_loaded_re"] = pattern
        return pattern

    def __repr__(self) -> str:
        defaults = LexiconStance().get_params() if type(self) is LexiconStance else {}
        changed = {k: v for k, v in self.get_params().items() if defaults.get(k) != v}
        return "LexiconStance(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"


def _reported_region(toks: list[Token], own: list[tuple[int, int]],
                     rules: StanceRules) -> tuple[int, int] | None:
    """Token range of what the target is reported to say or is told, if any.

    "<target> (also) said ...": the tokens after the verb; "..., said <target>" and
    "according to <target>": the tokens before; '"...," <target> said (on Tuesday).'
    and "..., <target> said, ...": the whole sentence; "told <target> (that) ...": the
    tokens after the target (the addressee hears the speaker's words).
    """
    for a, b in own:
        if a >= 1 and toks[a - 1].low in rules.addressing and b + 1 < len(toks):
            return (b + 1, len(toks) - 1)
        for i in range(b + 1, min(b + 1 + SPEAKER_GAP, len(toks))):
            if toks[i].low in rules.reporting and toks[i].clause == toks[b].clause:
                if a >= 1 and toks[a].comma > toks[a - 1].comma:  # attribution after a comma
                    return (0, len(toks) - 1)
                return (i + 1, len(toks) - 1)
        if a >= 2 and toks[a - 1].low in rules.reporting:
            return (0, a - 2)
        if a >= 2 and toks[a - 2].low == "according" and toks[a - 1].low == "to":
            return (0, a - 3) if a > 2 else None
    return None


def _negator(toks: list[Token], i: int, negate: frozenset[str]) -> str | None:
    """The negator up to NEGATION_WINDOW tokens before token ``i`` in its clause."""
    for j in range(max(0, i - NEGATION_WINDOW), i):
        if toks[j].low in negate and toks[j].clause == toks[i].clause:
            return toks[j].low
    return None


def _governed(toks: list[Token], a: int, preps: frozenset[str],
              determiners: frozenset[str]) -> bool:
    """Whether the mention starting at token ``a`` follows one of ``preps`` (+ determiner)."""
    if a >= 1 and toks[a - 1].low in preps:
        return True
    return a >= 2 and toks[a - 1].low in determiners and toks[a - 2].low in preps


def _after_harm(toks: list[Token], a: int, rules: StanceRules) -> bool:
    """Whether "against" before the mention at token ``a`` follows a harm word ("war
    against", "crimes against", "aggression against the")."""
    k = a - 1 if toks[a - 1].low == "against" else a - 2
    return k >= 1 and toks[k - 1].low in rules.harm


def _subject(toks: list[Token], i: int, mentions_at: _SpanIndex,
             rules: StanceRules) -> str | None:
    """The target that is the subject of the word at token ``i``, if any.

    The nearest target mention before ``i`` in the same clause, at most
    ROLE_AGENT_WINDOW tokens away, not governed by a preposition ("to Moscow").
    """
    best = None
    for t, a, b in mentions_at.starting(i - ROLE_AGENT_WINDOW - mentions_at.longest, i - 1):
        if b < i and i - b <= ROLE_AGENT_WINDOW and toks[b].clause == toks[i].clause \
                and (best is None or b > best[0]):
            best = (b, a, t)
    if best is None or _governed(toks, best[1], rules.prepositions, rules.determiners):
        return None
    return best[2]


def _namer(toks: list[Token], first: int, quoted: list[bool],
           mentions_at: _SpanIndex, rules: StanceRules) -> str | None:
    """The subject target of a naming verb before the quotation holding token ``first``."""
    q = first
    while q > 0 and quoted[q - 1]:
        q -= 1
    for k in range(q - 1, max(-1, q - 1 - SPEAKER_GAP - 2), -1):
        if toks[k].clause != toks[q].clause:
            break
        if toks[k].low in rules.naming:
            return _subject(toks, k, mentions_at, rules)
    return None


def _harm_agent(toks: list[Token], first: int, last: int, mentions_at: _SpanIndex,
                rules: StanceRules) -> str | None:
    """The target that is the agent of the harm word at tokens first..last, if any.

    An adjacent mention before it ("Russian aggression") or overlapping it; the mention
    after "by" ("the attack by ..."); for a verbal or predicative form, the subject
    (:func:`_subject`).  A nominal form (after a determiner or preposition) has no
    other agent unless it follows a copula ("Russia is a threat") or a light verb
    ("launched an attack"); after a passive auxiliary the subject is the victim.
    """
    for t, a, b in mentions_at.starting(first - 1 - mentions_at.longest, last):
        if b == first - 1 or a <= first <= b or a <= last <= b:
            return t
    j = last + 1
    if j < len(toks) and toks[j].low == "by":
        for t, a, _ in mentions_at.starting(j + 1, j + 2):
            if a == j + 1 or (a == j + 2 and toks[j + 1].low in rules.determiners):
                return t
    prev = toks[first - 1].low if first else ""
    if prev in rules.passive:
        return None
    closed = rules.determiners | rules.prepositions
    nominal = prev in closed or (first >= 2 and toks[first - 2].low in closed)
    det = next((k for k in range(first - 1, max(-1, first - 4), -1)
                if toks[k].low in rules.determiners), None)
    if nominal and det is not None and det > 0 and toks[det - 1].low in rules.light:
        nominal = False  # "launched an attack": the subject's act
    if nominal:
        back = range(first - 1, max(-1, first - 1 - COPULA_WINDOW), -1)
        copula = next((k for k in back if toks[k].low in _COPULA
                       and toks[k].clause == toks[first].clause), None)
        if copula is None or any(toks[k].low in rules.prepositions
                                 for k in range(copula + 1, first)):
            return None
    return _subject(toks, first, mentions_at, rules)


class _SpanIndex:
    """Token spans searchable by start position, in their original order.

    ``spans`` are tuples whose start and end token are at positions ``at`` and
    ``at + 1`` (``(a, b)`` or ``(target, a, b)``).  :meth:`starting` returns the
    spans that start in a range, still in list order, so a loop over them finds
    what a loop over all spans finds whenever its condition implies such a range.
    With thousands of mentions in one sentence (a text without full stops) this
    keeps the rules linear instead of quadratic; for the few mentions of an
    ordinary sentence it returns the list itself.

    :meth:`near` is for :func:`_nearest`: a span whose start is more than ``reach``
    tokens after the range, or which ends more than ``reach`` tokens before it, is
    farther than ``reach`` (commas only add to a distance), so the nearest span
    is found whenever it lies within ``reach``: the only case callers use.
    """

    __slots__ = ("spans", "reach", "order", "starts", "longest")

    def __init__(self, spans: list[tuple], reach: float = 0, at: int = 0) -> None:
        self.spans, self.reach, self.order, self.longest = spans, reach, None, 0
        if len(spans) > _INDEX_MIN_SPANS:
            self.order = sorted(range(len(spans)), key=lambda i: spans[i][at])
            self.starts = [spans[i][at] for i in self.order]
            self.longest = max(span[at + 1] - span[at] for span in spans)

    def starting(self, lo: float, hi: float) -> list[tuple]:
        """The spans that start at a token in ``lo..hi`` (all spans when few), in list order."""
        if self.order is None:
            return self.spans
        found = self.order[bisect_left(self.starts, lo):bisect_right(self.starts, hi)]
        return [self.spans[i] for i in sorted(found)]

    def near(self, first: int, last: int) -> list[tuple]:
        """The spans that may lie within ``reach`` of tokens ``first..last``, in list order."""
        return self.starting(first - self.reach - self.longest, last + self.reach)


def _nearest(toks: list[Token], first: int, last: int,
             spans: list[tuple[int, int]]) -> tuple[float, int]:
    """Comma-weighted token distance from item [first, last] to the nearest span, and its anchor."""
    best = (math.inf, first)
    for a, b in spans:
        if last < a:
            d = a - last + COMMA_COST * (toks[a].comma - toks[last].comma)
            anchor = a
        elif first > b:
            d = first - b + COMMA_COST * (toks[first].comma - toks[b].comma)
            anchor = b
        else:
            d, anchor = 1, a  # overlaps the mention (a loaded label on the name)
        if d < best[0]:
            best = (d, anchor)
    return best


def _group(mentions: Sequence[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        groups.setdefault(m.target, []).append(m)
    return groups


def stance_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a stance frame (:data:`framing.schema.STANCE_COLUMNS`) from scorer rows."""
    rows = list(rows)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in STANCE_COLUMNS})
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)
