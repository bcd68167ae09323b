"""Offline segmentation and tokenization with exact character offsets.

Paragraphs are runs of text separated by blank lines.  Sentences come from
nltk's Punkt algorithm with parameters shipped in ``framing/data/segmentation.yaml``
(an abbreviation list and frequent sentence starters), so nothing is downloaded.
Words are matched by one regular expression (:data:`WORD_PATTERN`), applied
through :class:`nltk.tokenize.RegexpTokenizer` semantics but with ``re`` directly
for speed.

Quotations that run over several sentences are split at their sentence
boundaries like any other text; the sentences keep one shared ``quote_id``
(see :mod:`framing.quotes`), so a quotation is never lost or cut in the middle
of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import yaml
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = [
    "WORD_PATTERN",
    "WORD_RE",
    "paragraph_spans",
    "sentence_spans",
    "word_spans",
    "count_words",
    "segment",
]

#: A word: letters/digits/underscore, with inner apostrophes or hyphens
#: ("don't", "neo-fascist", "Kremlin’s").  Used for word counts (rates per
#: 1,000 words), ``n_tokens`` and token boundaries in lexicon matching.
WORD_PATTERN = r"\w+(?:['’\-]\w+)*"
WORD_RE = re.compile(WORD_PATTERN)

_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


_PUNKT_PUNCTUATION = frozenset(";:,.!?")
_PUNKT_SENT_END = frozenset(".?!")
_PUNKT_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
_PUNKT_ELLIPSIS = re.compile(r"\.\.+$")
_PUNKT_INITIAL = re.compile(r"[^\W\d]\.$")


def _punkt_type(token: str, sentbreak: bool) -> str:
    typ = _PUNKT_NUMERIC.sub("##number##", token.lower())
    return typ[:-1] if sentbreak and len(typ) > 1 and typ[-1] == "." else typ


class _FastPunkt(PunktSentenceTokenizer):
    """Punkt with the same decisions, 2-3x faster for parameters without learned statistics.

    nltk builds a ``PunktToken`` object for every token of every candidate
    context; with our shipped parameters (no collocations, no orthographic
    context) the decision reduces to the rules below, applied to nltk's own
    word tokens.  ``tests/test_text.py`` checks that the spans equal nltk's on
    random text; contexts spanning a line break use nltk's code unchanged.
    """

    def text_contains_sentbreak(self, text: str) -> bool:
        # only built by _punkt() with parameters that have no learned statistics
        if "\n" in text:
            return super().text_contains_sentbreak(text)
        tokens = self._lang_vars.word_tokenize(text)
        abbrev, starters = self._params.abbrev_types, self._params.sent_starters
        first = []  # first pass: (sentbreak, abbreviation or ellipsis)
        for tok in tokens:
            if tok in _PUNKT_SENT_END:
                first.append((True, False))
            elif _PUNKT_ELLIPSIS.match(tok):
                first.append((False, True))
            elif tok.endswith(".") and not tok.endswith(".."):
                low = tok[:-1].lower()
                is_abbrev = low in abbrev or low.split("-")[-1] in abbrev
                first.append((not is_abbrev, is_abbrev))
            else:
                first.append((False, False))
        for i in range(len(tokens) - 1):  # second pass on (token, next token)
            tok, nxt = tokens[i], tokens[i + 1]
            sentbreak, abbr_or_ellipsis = first[i]
            if tok.endswith("."):
                initial = _PUNKT_INITIAL.match(tok) is not None
                next_upper = nxt[0].isupper()
                # orthographic heuristic with no context: False for punctuation or lower case
                next_not_starter = nxt in _PUNKT_PUNCTUATION or nxt[0].islower()
                if abbr_or_ellipsis and not initial and next_upper and \
                        _punkt_type(nxt, first[i + 1][0]) in starters:
                    sentbreak = True
                elif initial or _punkt_type(tok, True) == "##number##":
                    if next_not_starter or (initial and next_upper):
                        sentbreak = False
            if sentbreak:
                return True
        return False


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    data = yaml.safe_load(
        resources.files("framing.data").joinpath("segmentation.yaml").read_text("utf-8")
    )
    params = PunktParameters()
    params.abbrev_types = {str(a).lower() for a in data["abbreviations"]}
    params.sent_starters = {str(s).lower() for s in data["sentence_starters"]}
    return _FastPunkt(params)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each paragraph, without surrounding whitespace.

    Parameters
    ----------
    text : str
        Cleaned document text; paragraphs are separated by one or more blank lines.

    Returns
    -------
    list of tuple of int
        Offsets such that ``text[start:end]`` is a paragraph; empty paragraphs are skipped.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK_RE.finditer(text):
        spans.extend(_strip_span(text, pos, m.start()))
        pos = m.end()
    spans.extend(_strip_span(text, pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences with Punkt and return absolute offsets.

    Parameters
    ----------
    text : str
        The document text.
    start, end : int
        The region to split (usually one paragraph).

    Returns
    -------
    list of tuple of int
        ``(start, end)`` offsets into ``text``; spans do not overlap and carry no
        leading or trailing whitespace.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    spans = []
    for s, e in _punkt().span_tokenize(region):
        spans.extend(_strip_span(text, start + s, start + e))
    return _merge_fragments(text, spans)


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Attach fragments without any word (a lone ``...`` or ``)``) to the sentence before."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and WORD_RE.search(text, s, e) is None:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every word (:data:`WORD_PATTERN`) in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [m.span() for m in WORD_RE.finditer(text, start, end)]


def count_words(text: str) -> int:
    """Number of words in ``text`` by :data:`WORD_PATTERN`."""
    return sum(1 for _ in WORD_RE.finditer(text))


def segment(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(para_id, start, end)`` for every sentence of ``text`` in order.

    Parameters
    ----------
    text : str
        Cleaned document text.

    Yields
    ------
    tuple of int
        Paragraph index (from 0) and sentence offsets into ``text``.
    """
    for para_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for s, e in sentence_spans(text, p_start, p_end):
            yield para_id, s, e
