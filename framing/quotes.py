"""Quotation spans, their kind and speaker, and the voice of any span of text.

A loaded word inside a quotation is the source's word; in narration it is the
outlet's.  :func:`find_quotes` finds the quotations of a cleaned document,
:class:`QuoteIndex` answers "whose voice is this?" for hits and sentences in
O(log n) per query.  The rules are documented in ``docs/voice.md``; speakers
come from :mod:`framing.speakers`.

Typical use, once per document::

    quotes = find_quotes(text)
    index = QuoteIndex(quotes, text)
    voice, speaker, quote_id = index.voice_of_span(hit_start, hit_end)
    voice, speaker, quote_id = index.sentence_voice(sent_start, sent_end)
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

from framing.schema import QUOTE_COLUMNS, HitVoice, QuoteKind, SentenceVoice
from framing.speakers import SCARE_MAX_WORDS, Attribution, SpanInfo, attribute, verb_info
from framing.text import WORD_RE, count_words, paragraph_spans

__all__ = [
    "Quote",
    "QuoteIndex",
    "find_quotes",
    "voice_of_span",
    "sentence_voice",
    "quotes_frame",
    "SCARE_MAX_WORDS",
    "LABEL_MAX_WORDS",
]

logger = logging.getLogger(__name__)

#: A quotation right after a label cue (its, their, Russia's, so-called) is a
#: scare quote if it has at most this many words ("its 'Western partners'");
#: longer ones are speech even after a possessive.
LABEL_MAX_WORDS = 6
#: Without the document text, a gap of at most this many characters between a
#: sentence edge and a quotation is taken to be punctuation, not words (only used
#: by :meth:`QuoteIndex.sentence_voice` when the index was built without text).
MAX_PUNCT_GAP = 2

_OPEN, _CLOSE, _AMBIG = 1, 2, 0
_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‛‹"
_SINGLE_CLOSE = "’›"
_DOUBLE = '"' + _DOUBLE_OPEN + _DOUBLE_CLOSE
_SINGLE = "'" + _SINGLE_OPEN + _SINGLE_CLOSE
_QUOTE_CHARS = _DOUBLE + _SINGLE
#: Two single marks (or backticks) that stand for one double mark in wire copy and
#: PTB/LaTeX text: ``“It’s not a mystery,’’ said ...``, ```` ``Yes,'' he said ````.
#: ``‘‘`` and ````` open; ``’’`` and ``''`` count only after a double mark in the
#: same paragraph, so British nested quotes (``‘They call it ‘murder’’``) stay singles.
_PAIR_OPEN = "‘`"
_PAIR_ANY = "'’"
_BACKTICK = "`"
#: Characters after which a mark opens a quotation (besides white space).
_OPEN_CONTEXT = frozenset("([{<—–-/" + _QUOTE_CHARS)
#: Characters before which a mark closes a quotation (besides white space).
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>—–-…/*" + _QUOTE_CHARS)
#: Elisions that start with an apostrophe and are not opening quote marks.
_ELISIONS = frozenset({"em", "til", "cause", "n", "tis", "twas", "bout", "round", "cos", "ol", "nuff"})
#: A single mark before digits that is an apostrophe: elided years and decades
#: (``'90s``, ``’08``); other digits open a quotation (``‘2024 will be ...’``).
_ELIDED_YEAR_RE = re.compile(r"\d\d(?:s\b|\b(?!\d))")
_MULTI_SENTENCE_RE = re.compile(r"\w[.!?]['’\"”]?\s+['‘\"“]?[A-Z]")


@dataclass(frozen=True)
class Quote:
    """One quotation.

    Attributes
    ----------
    quote_id : int
        Position in the document's list of quotations (document order, from 0).
    start, end : int
        Offsets into the cleaned text; ``text[start:end]`` includes the quote marks.
        A quotation not closed by the end of its paragraph ends there (no closing mark).
    kind : {"speech", "scare", "unknown"}
        ``speech``: reported words of a speaker; ``scare``: a label in the outlet's
        own voice ("its 'Western partners'"); ``unknown``: not closed, or empty.
    speaker : str or None
        Who says it, as written in the attribution but without leading articles
        and titles ("Emmanuel Macron", "Russian Defense Ministry", "French defense
        officials"); pronouns are resolved to their antecedent.  None for scare
        quotes and when no rule finds one.
    speaker_start, speaker_end : int
        Where ``speaker`` is written in the text (the antecedent for a pronoun);
        -1 when there is no speaker.
    verb : str or None
        The reporting verb in lower case as written ("said", "claimed",
        "according to"); may be set while ``speaker`` is None ("he said" without
        antecedent).
    text : str
        The quoted words: the span without its marks (and without the opening
        marks that continue it at the start of later paragraphs).
    parent : int
        ``quote_id`` of the enclosing quotation for nested quotes, -1 at top level.
    para_id : int
        Paragraph (from 0) where the quotation opens.
    reason : str
        Why the kind and speaker are what they are (which rule fired).
    """

    quote_id: int
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    verb: str | None = None
    text: str = ""
    parent: int = -1
    para_id: int = -1
    reason: str = ""


@dataclass
class _Raw:
    start: int
    end: int
    closed: bool
    first_para: int
    last_para: int
    double: bool
    conts: tuple[int, ...] = ()


# ------------------------------------------------------------------------ marks


def _direction(text: str, i: int, is_double: bool, width: int = 1) -> int:
    """Opening, closing or ambiguous, from the characters around the mark at ``i``
    (``width`` 2 for a pair of marks read as one double mark, ``’’``)."""
    n = len(text)
    left = text[i - 1] if i > 0 else " "
    right = text[i + width] if i + width < n else " "
    lo = left.isspace() or left in _OPEN_CONTEXT
    rc = right.isspace() or right in _CLOSE_CONTEXT
    ch = text[i]
    if width == 2:
        if lo != rc:
            return _OPEN if lo else _CLOSE
        return _OPEN if ch in _PAIR_OPEN else _CLOSE if ch == "’" else _AMBIG
    if not is_double:
        if lo and not rc:
            if right.isdigit() and _ELIDED_YEAR_RE.match(text, i + 1):
                return _AMBIG  # '90s, ’08: an apostrophe
            j = i + 1
            while j < n and text[j].isalpha():
                j += 1
            if text[i + 1:j].lower() in _ELISIONS and (j >= n or text[j] in " ,.'’"):
                return _AMBIG  # 'em, rock 'n' roll
            return _OPEN
        if rc and not lo:
            return _CLOSE
        return _AMBIG
    if lo and not rc:
        return _OPEN
    if rc and not lo:
        return _CLOSE
    if ch in _DOUBLE_OPEN:
        return _OPEN
    if ch in _DOUBLE_CLOSE:
        return _CLOSE
    return _AMBIG


def _continues(text: str, p_end: int, nxt: tuple[int, int], marks: list[tuple[int, int]]) -> str:
    """How an unclosed quotation continues into the next paragraph, if it does.

    ``"mark"``: the next paragraph opens with a quote mark (the standard
    convention); ``"nomark"``: the paragraph break cut a sentence (the previous
    paragraph does not end a sentence, the next starts in lower case and its
    first mark closes); ``""``: it does not continue.
    """
    ns = nxt[0]
    if marks and marks[0][0] == ns and marks[0][1] != _CLOSE:
        return "mark"
    last = text[p_end - 1]
    if (last.isalnum() or last in ",;-–—") and text[ns].islower() and marks and marks[0][1] != _OPEN:
        return "nomark"
    return ""


def _nested_pairs(pm: list[tuple[int, int]], idx: int,
                  open_at_start: bool) -> list[tuple[int, int]] | None:
    """The marks ``pm[idx:]`` of one paragraph read with nesting, if that reading is
    needed and holds.

    An opening mark opens (one more level), a closing mark closes the innermost
    open quotation, an ambiguous mark closes one if any is open.  Returns
    ``(opening offset, closing offset)`` pairs (opening -1: the quotation open at
    the paragraph's start) when some mark opened a quotation inside an open one
    and every quotation is closed by the paragraph's end; else None, and the flat
    reading applies (a new opening mark closes the open quotation).  Also None
    when an ambiguous mark would open a quotation (``... the president."The
    revelation``): text that lost its spaces and paragraph breaks, where a
    balanced nesting is chance and would turn narration into speech.
    """
    stack = [-1] if open_at_start else []
    pairs: list[tuple[int, int]] = []
    nested = False
    for pos, d in pm[idx:]:
        if d == _OPEN or (d == _AMBIG and not stack):
            if d == _AMBIG:
                return None
            nested = nested or bool(stack)
            stack.append(pos)
        elif stack:
            pairs.append((stack.pop(), pos))
        # a closing mark with nothing open is stray, as in the flat reading
    return pairs if nested and not stack else None


def _pair_doubles(text: str, paras: list[tuple[int, int]], marks: list[list[tuple[int, int]]],
                  wide: frozenset[int]) -> tuple[list[_Raw], list[_Raw]]:
    """Double quotations: the top-level ones in document order, and the nested ones."""
    raws: list[_Raw] = []
    inner: list[_Raw] = []
    cur: _Raw | None = None
    conts: list[int] = []
    for p, (_, pe) in enumerate(paras):
        pm = marks[p]
        idx = 0
        if cur is not None and pm and pm[0][0] == paras[p][0] and pm[0][1] != _CLOSE:
            conts.append(pm[0][0])  # continuation mark: skip it
            idx = 1
        # the flat reading; the nested one is tried only if a mark opened while a
        # quotation was open (so the common paragraph costs nothing more)
        entry, entry_conts, n_raws = cur, conts, len(raws)  # conts is rebound, never changed
        opened_inside = False
        for pos, d in pm[idx:]:
            if cur is None:
                if d == _CLOSE:
                    logger.debug("stray closing quote mark at %d", pos)
                    continue
                cur = _Raw(pos, -1, False, p, p, True)
                conts = []
            elif d == _OPEN:
                # a new opening mark while one is open: the earlier one never closed
                opened_inside = True
                end = pos
                while end > cur.start + 1 and text[end - 1].isspace():
                    end -= 1
                cur.end, cur.last_para, cur.conts = end, p, tuple(conts)
                raws.append(cur)
                cur = _Raw(pos, -1, False, p, p, True)
                conts = []
            else:
                end = pos + (2 if pos in wide else 1)
                cur.end, cur.closed, cur.last_para, cur.conts = end, True, p, tuple(conts)
                raws.append(cur)
                cur = None
        nested = _nested_pairs(pm, idx, entry is not None) if opened_inside else None
        if nested is not None:
            # '"It is not a "special operation", it is a war," he said.': the marks
            # balance as nesting, so the outer quotation runs to its own closing mark
            del raws[n_raws:]
            cur, local = None, []
            for op, pos in nested:
                end = pos + (2 if pos in wide else 1)
                if op < 0 and entry is not None:
                    entry.end, entry.closed, entry.last_para = end, True, p
                    entry.conts = tuple(entry_conts)
                    raws.append(entry)
                else:
                    local.append(_Raw(op, end, True, p, p, True))
            local.sort(key=lambda r: (r.start, -r.end))
            for r in local:  # top level unless inside the last top-level quotation
                (inner if raws and r.start < raws[-1].end else raws).append(r)
            continue
        if cur is not None:
            mode = _continues(text, pe, paras[p + 1], marks[p + 1]) if p + 1 < len(paras) else ""
            if not mode:
                cur.end, cur.last_para, cur.conts = pe, p, tuple(conts)
                raws.append(cur)
                cur = None
    return raws, inner


def _pair_singles(text: str, paras: list[tuple[int, int]], marks: list[list[tuple[int, int]]],
                  doubles: list[_Raw]) -> list[_Raw]:
    """Pair single marks within the same paragraph and the same enclosing top-level
    double quote (``doubles``: the top-level ones, in order)."""
    outer = doubles
    d_starts = [r.start for r in outer]
    raws: list[_Raw] = []
    for p, pm in enumerate(marks):
        boxes = []
        for pos, _ in pm:
            j = bisect_right(d_starts, pos) - 1
            boxes.append(j if j >= 0 and pos < outer[j].end else -1)
        pending: dict[int, int] = {}
        real_later: list[bool] | None = None
        for i, (pos, d) in enumerate(pm):
            box = boxes[i]
            if d == _OPEN:
                pending[box] = pos
            elif d == _CLOSE and box in pending:
                if _apostrophe_like(text, pos):
                    if real_later is None:
                        real_later = _real_close_later(text, pm, boxes)
                    if real_later[i]:
                        continue  # "the workers' rights are safe.'": wait for the real closer
                op = pending.pop(box)
                if WORD_RE.search(text, op + 1, pos) and pos - op > 2:
                    raws.append(_Raw(op, pos + 1, True, p, p, False))
    return raws


def _apostrophe_like(text: str, pos: int) -> bool:
    """A closing-looking mark that may be an apostrophe: a plural genitive
    (``workers'``) or a dropped g (``nothin’``), before a lower-case word."""
    if not (pos + 2 < len(text) and text[pos + 1] == " " and text[pos + 2].islower()):
        return False
    return text[pos - 1] in "sS" or (text[pos - 2:pos] == "in" and text[pos - 3:pos - 2].isalpha())


def _real_close_later(text: str, marks: list[tuple[int, int]], boxes: list[int]) -> list[bool]:
    """For each mark of a paragraph: does a closing mark that is no apostrophe
    (:func:`_apostrophe_like`) follow in the same box before the box's next opening
    mark?  In ``‘thugs’ and claimed the workers’ leaders were ‘terrorists’`` the
    mark after ``thugs`` has none (``workers’`` may be an apostrophe), so it closes;
    in ``'the workers' rights are safe.'`` the mark after ``workers`` has one."""
    out = [False] * len(marks)
    state: dict[int, bool] = {}  # box -> answer for a mark before the current one
    for i in range(len(marks) - 1, -1, -1):
        box = boxes[i]
        out[i] = state.get(box, False)
        pos, d = marks[i]
        if d == _OPEN:
            state[box] = False
        elif d == _CLOSE and not _apostrophe_like(text, pos):
            state[box] = True
    return out


def _mark_positions(text: str) -> list[int]:
    """Offsets of all quote characters (and backticks), ascending.

    ``str.find`` per mark character: much faster than a regular expression, whose
    engine tests every character of the text against the class of 14 marks.
    """
    found = []
    for c in _QUOTE_CHARS + _BACKTICK:
        j = text.find(c)
        while j >= 0:
            found.append(j)
            j = text.find(c, j + 1)
    found.sort()
    return found


def _is_word(ch: str) -> bool:
    """``ch`` matches the regular expression ``\\w``."""
    return ch.isalnum() or ch == "_"


def _scan_marks(text: str, paras: list[tuple[int, int]]):
    """Quote marks of each paragraph as ``(offset, direction)``: doubles, singles,
    and the offsets of the double marks written with two characters (``’’``).

    Every double mark counts; a single mark between two word characters is an
    apostrophe (Russia's, don't), and ambiguous single marks are dropped, as are
    both marks of ``’n’`` (rock ’n’ roll) and a backtick not doubled.
    """
    dbl: list[list[tuple[int, int]]] = [[] for _ in paras]
    sgl: list[list[tuple[int, int]]] = [[] for _ in paras]
    wide: set[int] = set()
    p_starts = [s for s, _ in paras]
    n = len(text)
    skip = -1
    for pos in _mark_positions(text):
        if pos <= skip:
            continue
        ch = text[pos]
        double = ch in _DOUBLE
        nxt = text[pos + 1] if pos + 1 < n else " "
        if not double and pos > 0 and _is_word(text[pos - 1]) and _is_word(nxt):
            continue
        p = bisect_right(p_starts, pos) - 1
        if p < 0 or pos >= paras[p][1]:
            continue
        if double:
            dbl[p].append((pos, _direction(text, pos, True)))
        elif nxt == ch and (ch in _PAIR_OPEN or (ch in _PAIR_ANY and dbl[p])):
            wide.add(pos)  # ’’ closing wire copy, `` opening PTB text: one double mark
            dbl[p].append((pos, _direction(text, pos, True, 2)))
            skip = pos + 1
        elif ch == _BACKTICK:
            continue
        elif (nxt in "nN" and text[pos + 2:pos + 3] in _SINGLE and pos + 2 < paras[p][1]
              and not (pos > 0 and _is_word(text[pos - 1]))
              and not (pos + 3 < n and _is_word(text[pos + 3]))):
            skip = pos + 2  # rock ’n’ roll: both marks are apostrophes
        else:
            d = _direction(text, pos, False)
            if d != _AMBIG:
                sgl[p].append((pos, d))
    return dbl, sgl, frozenset(wide)


# ---------------------------------------------------------------------- quotes


def _inner_text(text: str, r: _Raw, wide: frozenset[int]) -> str:
    a = r.start + (2 if r.start in wide else 1)
    b = r.end if not r.closed else r.end - (2 if r.end - 2 in wide else 1)
    if b < a:
        return ""
    if not r.conts:
        return text[a:b]
    parts = []
    for c in r.conts:
        parts.append(text[a:c])
        a = c + (2 if c in wide else 1)
    parts.append(text[a:b])
    return "".join(parts)


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[Quote]:
    """Find the quotations of a document, with their kind and speaker.

    Parameters
    ----------
    text : str
        Cleaned document text, paragraphs separated by blank lines.
    paragraphs : sequence of (int, int), optional
        Paragraph offsets; default :func:`framing.text.paragraph_spans` of ``text``.

    Returns
    -------
    list of Quote
        In document order (by ``start``); spans of different quotations are either
        disjoint or nested (``parent``).  Never raises on odd or unbalanced marks:
        a quotation still open at the end of its paragraph and not continued by an
        opening mark at the start of the next one is closed there with kind
        ``unknown``, so one stray mark never changes the voice of later paragraphs.
    """
    if not text or not any(c in text for c in _QUOTE_CHARS + _BACKTICK):
        return []
    paras = list(paragraphs) if paragraphs is not None else paragraph_spans(text)
    if not paras:
        return []
    dbl_marks, sgl_marks, wide = _scan_marks(text, paras)
    doubles, inner = _pair_doubles(text, paras, dbl_marks, wide)
    singles = _pair_singles(text, paras, sgl_marks, doubles)
    raws = _nest(sorted(doubles + inner + singles, key=lambda r: (r.start, -r.end)))
    if not raws:
        return []
    # attribution for top-level quotations
    top = [i for i, (_, parent) in enumerate(raws) if parent < 0]
    infos = []
    texts = [_inner_text(text, r, wide) for r, _ in raws]
    nwords = [count_words(t) for t in texts]
    for i in top:
        r = raws[i][0]
        infos.append(SpanInfo(r.start, r.end, r.first_para, r.last_para, texts[i], nwords[i]))
    atts = dict(zip(top, attribute(text, infos, paras), strict=True))
    out = []
    for i, (r, parent) in enumerate(raws):
        att = atts.get(i)
        kind, reason = _kind(r, texts[i], nwords[i], att)
        if kind == "scare" or att is None or att.speaker is None:
            spk, ss, se = None, -1, -1
        else:
            spk, ss, se = att.speaker, att.speaker_start, att.speaker_end
        verb = att.verb if att is not None and kind != "scare" else None
        out.append(Quote(i, r.start, r.end, kind, spk, ss, se, verb, texts[i], parent,
                         r.first_para, reason))
    return out


def _nest(raws: list[_Raw]) -> list[tuple[_Raw, int]]:
    """Assign parents; drop spans that cross an earlier one (keeps proper nesting)."""
    out: list[tuple[_Raw, int]] = []
    stack: list[int] = []  # indices into out
    for r in raws:
        while stack and out[stack[-1]][0].end <= r.start:
            stack.pop()
        if stack and r.end > out[stack[-1]][0].end:
            logger.debug("dropping quotation %d-%d crossing another", r.start, r.end)
            continue
        parent = stack[-1] if stack else -1
        out.append((r, parent))
        stack.append(len(out) - 1)
    return out


def _kind(r: _Raw, inner: str, n: int, att: Attribution | None) -> tuple[QuoteKind, str]:
    """Speech, scare or unknown, with the reason (see docs/voice.md)."""
    if n == 0:
        return "unknown", "no words inside the marks"
    if att is None:  # nested
        if n <= SCARE_MAX_WORDS:
            return "scare", f"nested, {n} words"
        return "speech", f"nested, {n} words"
    who = _who(att)
    if not r.closed:
        return "unknown", "not closed before the end of its paragraph" + who
    if att.label_cue and n <= LABEL_MAX_WORDS:
        return "scare", f"label after {att.label_cue!r}, {n} words"
    if n <= LABEL_MAX_WORDS and _habitual(att):
        return "scare", f"habitual label: an institution '{att.verb}' it so, {n} words"
    if n > SCARE_MAX_WORDS:
        return "speech", f"{n} words" + who
    if _MULTI_SENTENCE_RE.search(inner):
        return "speech", "several sentences" + who
    if att.standalone:
        return "speech", "a whole sentence by itself" + who
    if att.rule and att.rule != "carry":
        return "speech", f"short ({n} words) with speaker cue" + who
    return "scare", f"short ({n} words), no speaker cue"


def _habitual(att: Attribution) -> bool:
    """An institution's standing name for something, not a reported utterance.

    A characterising verb in the present tense ("calls", "describes ... as")
    whose subject is an organisation, place or "it": "what it calls 'the
    realities on the ground'", "The Élysée calls this posture 'strategic
    ambiguity'".  ("Macron calls it 'bizarre'" has a person as subject: speech.)
    """
    if att.verb is None or att.rule not in ("before", "later"):
        return False
    info = verb_info(att.verb)
    return (info is not None and info[1] == "characterise" and info[2]
            and att.speaker_type == "organisation")


def _who(att: Attribution) -> str:
    if not att.rule:
        return "; no speaker cue"
    s = f"; speaker by rule {att.rule!r}"
    if att.verb:
        s += f" ({att.verb})"
    if att.note:
        s += f", {att.note}"
    return s


# ------------------------------------------------------------------------ voice


class QuoteIndex:
    """Fast voice lookup over the top-level quotations of one document.

    Parameters
    ----------
    quotes : iterable of Quote
        The document's quotations (from :func:`find_quotes`); nested ones are
        ignored, since a nested quotation belongs to its outer speaker.
    text : str, optional
        The document text.  Needed by :meth:`sentence_voice` to tell words from
        punctuation outside a quotation; without it, gaps of at most
        :data:`MAX_PUNCT_GAP` characters are taken to be punctuation.
    unknown_voice : {"quoted", "author"}
        Voice of words inside ``unknown`` quotations (unclosed marks).  Default
        ``"quoted"``: quote marks are a claim that the words are someone else's.
    """

    def __init__(self, quotes: Iterable[Quote], text: str | None = None, *,
                 unknown_voice: Literal["quoted", "author"] = "quoted") -> None:
        top = sorted((q for q in quotes if q.parent < 0), key=lambda q: q.start)
        self.quotes = top
        self.text = text
        self.unknown_voice = unknown_voice
        self._starts = [q.start for q in top]
        self._ends = [q.end for q in top]

    @classmethod
    def from_text(cls, text: str, paragraphs: Sequence[tuple[int, int]] | None = None,
                  **kwargs) -> QuoteIndex:
        """Find the quotations of ``text`` and index them."""
        return cls(find_quotes(text, paragraphs), text, **kwargs)

    def __len__(self) -> int:
        return len(self.quotes)

    def quote_at(self, pos: int) -> Quote | None:
        """The top-level quotation whose span contains offset ``pos``, or None."""
        j = bisect_right(self._starts, pos) - 1
        if j >= 0 and pos < self._ends[j]:
            return self.quotes[j]
        return None

    def is_quoted(self, q: Quote) -> bool:
        """True if the words of ``q`` count as quoted (speech, or unknown by default)."""
        return q.kind == "speech" or (q.kind == "unknown" and self.unknown_voice == "quoted")

    def quoted_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of the top-level quotations whose words count as quoted."""
        return [(q.start, q.end) for q in self.quotes if self.is_quoted(q)]

    def voice_of_span(self, start: int, end: int) -> tuple[HitVoice, str | None, int]:
        """Voice of a hit ``[start, end)``: decided by the quotation its first character is in.

        Returns
        -------
        tuple
            ``(voice, speaker, quote_id)``: ``("quoted", speaker, id)`` inside speech
            (speaker may be None), ``("scare_quote", None, id)`` inside a scare quote,
            ``("author", None, -1)`` otherwise.
        """
        q = self.quote_at(start)
        if q is None:
            return "author", None, -1
        if q.kind == "scare":
            return "scare_quote", None, q.quote_id
        if self.is_quoted(q):
            return "quoted", q.speaker, q.quote_id
        return "author", None, -1

    def voices(self, starts: Iterable[int], ends: Iterable[int]) -> list[tuple[HitVoice, str | None, int]]:
        """:meth:`voice_of_span` for many hits (e.g. the columns of a hits frame)."""
        return [self.voice_of_span(s, e) for s, e in zip(starts, ends, strict=True)]

    def sentence_voice(self, start: int, end: int) -> tuple[SentenceVoice, str | None, int]:
        """Voice of a sentence ``[start, end)``.

        ``quoted`` if every word is inside speech quotations (marks, spaces and
        punctuation outside do not count), ``author`` if none is, ``mixed``
        otherwise.  Scare quotes count as the author's words.

        Returns
        -------
        tuple
            ``(voice, speaker, quote_id)``: speaker and id of the first speech
            quotation overlapping the sentence; for ``author``, the id of the first
            overlapping quotation whose words are the author's (a scare quote; an
            unknown one with ``unknown_voice="author"``) or -1, and speaker None
            (a speech quotation that only a mark of the sentence touches is no
            part of it).
        """
        j = max(bisect_right(self._starts, start) - 1, 0)
        k = bisect_left(self._starts, end)
        first_q: Quote | None = None
        first_any = -1
        inside = False
        outside = False
        pos = start
        for q in self.quotes[j:k]:
            if q.end <= start:
                continue
            if not self.is_quoted(q):
                if first_any < 0:
                    first_any = q.quote_id
                continue
            a, b = max(q.start, start), min(q.end, end)
            if not inside and self._has_words(a, b, inner=True):
                inside = True
            if first_q is None:
                first_q = q
            if not outside and a > pos and self._has_words(pos, a):
                outside = True
            pos = max(pos, b)
        if first_q is None or not inside:  # most sentences: no word search needed
            return "author", None, (first_any if first_any >= 0 else -1)
        if not outside and end > pos and self._has_words(pos, end):
            outside = True
        voice: SentenceVoice = "mixed" if outside else "quoted"
        return voice, first_q.speaker, first_q.quote_id

    def _has_words(self, a: int, b: int, inner: bool = False) -> bool:
        if b <= a:
            return False
        if self.text is None:
            return inner or (b - a) > MAX_PUNCT_GAP
        return WORD_RE.search(self.text, a, b) is not None


def _index(quotes: Sequence[Quote] | QuoteIndex, text: str | None) -> QuoteIndex:
    return quotes if isinstance(quotes, QuoteIndex) else QuoteIndex(quotes, text)


def voice_of_span(quotes: Sequence[Quote] | QuoteIndex, start: int, end: int
                  ) -> tuple[HitVoice, str | None, int]:
    """Voice of the span ``[start, end)``; see :meth:`QuoteIndex.voice_of_span`.

    Pass a :class:`QuoteIndex` when looking up many spans of one document (a
    list of quotes is indexed on every call).
    """
    return _index(quotes, None).voice_of_span(start, end)


def sentence_voice(quotes: Sequence[Quote] | QuoteIndex, start: int, end: int,
                   text: str | None = None) -> tuple[SentenceVoice, str | None, int]:
    """Voice of the sentence ``[start, end)``; see :meth:`QuoteIndex.sentence_voice`.

    ``text`` is used when ``quotes`` is a list; an index uses its own text.
    """
    return _index(quotes, text).sentence_voice(start, end)


def quotes_frame(quotes: Iterable[Quote], doc_id: str, *, extra: bool = False) -> pd.DataFrame:
    """Tidy frame of quotations with the columns of :data:`framing.schema.QUOTE_COLUMNS`.

    Parameters
    ----------
    quotes : iterable of Quote
        From :func:`find_quotes`.
    doc_id : str
        The document id to fill in.
    extra : bool
        Also return ``parent``, ``para_id`` and ``reason``.
    """
    rows = [dict(asdict(q), doc_id=doc_id) for q in quotes]
    cols = QUOTE_COLUMNS + (["parent", "para_id", "reason"] if extra else [])
    if not rows:
        from framing.schema import empty_frame

        return empty_frame(cols)
    return pd.DataFrame(rows, columns=cols)
