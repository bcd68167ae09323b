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
from itertools import compress

from framing.memo import BoundedMemo
from framing.packaged import packaged_yaml
from framing.punkt import OfflinePunkt

__all__ = [
    "WORD_PATTERN",
    "WORD_RE",
    "paragraph_spans",
    "sentence_spans",
    "word_spans",
    "count_words",
    "count_word_starts",
    "segment",
]

#: A word: letters/digits/underscore, with inner apostrophes or hyphens
#: ("don't", "neo-fascist", "Kremlin’s").  Used for word counts (rates per
#: 1,000 words), ``n_tokens`` and token boundaries in lexicon matching.
WORD_PATTERN = r"\w+(?:['’\-]\w+)*"
WORD_RE = re.compile(WORD_PATTERN)
# Where a WORD_RE match begins in a left-to-right scan of the whole text: a word
# character that does not continue a word, i.e. follows neither a word character nor
# an inner apostrophe or hyphen after one (WORD_RE is greedy and never backtracks).
_WORD_START_RE = re.compile(r"(?<!\w)(?<!\w['’\-])\w")
# A character after which a region may begin inside a word.
_WORD_OR_JOINER_RE = re.compile(r"[\w'’\-]")


#: WORD_RE matches in a white-space-delimited chunk that is not one plain word
#: ("said,", "don't", "(2024)"), computed once per distinct chunk and looked up with
#: ``map`` at C speed.
_CHUNK_WORDS: BoundedMemo[str, int] = BoundedMemo(lambda chunk: len(WORD_RE.findall(chunk)),
                                                  200_000)
_NOT_PLAIN = bytes([1, 0]) + bytes(254)  # bytes.translate table swapping 0 and 1

_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@lru_cache(maxsize=1)
def _punkt() -> OfflinePunkt:
    data = packaged_yaml("segmentation.yaml")  # word lists are checked to be text
    return OfflinePunkt(data["abbreviations"], data["sentence_starters"])


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
    for s, e in _punkt().spans(region):
        spans.extend(_strip_span(text, start + s, start + e))
    return _merge_fragments(text, spans)


#: Closing quote marks and brackets that may follow a sentence's ``?`` or ``!``.
_CLOSERS = frozenset("\"'”’»)]}")


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join Punkt's sentences where they continue one sentence.

    A span is attached to the sentence before it when it

    * has no word (a lone ``...`` or ``)``);
    * starts with a lower-case letter after ``?`` or ``!`` (then any closing quote
      marks or brackets): ``"Who is the aggressor here?" asked Lavrov.``, ``He
      asked "why now?" and left.``, ``Officials at Yahoo! said ...`` (Punkt, like
      nltk, always ends a sentence there), or with closing marks and then ``,``,
      ``;`` or ``:`` there (``He yelled "Stop!", and left.``: Punkt leaves the
      closing marks to the next piece when no space follows them);
    * starts with a digit after the word ``No.``: ``No. 10 Downing Street``, ``the
      FBI's No. 2 official``; ``No`` is no abbreviation in ``segmentation.yaml``,
      so the answer ``... is easy to answer: No. The owners ...`` still ends there.
    """
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            first = text[s]
            if (((first.islower() or _continues_after_closers(text, s, e))
                 and _ends_question(text, ps, pe))
                    or (first.isdigit() and _ends_number_sign(text, ps, pe))
                    or WORD_RE.search(text, s, e) is None):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def _ends_question(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends with ``?`` or ``!``, then any closing marks."""
    j = end - 1
    while j > start and text[j] in _CLOSERS:
        j -= 1
    return text[j] in "?!"


def _continues_after_closers(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` opens with closing marks, then ``,`` ``;`` or ``:``."""
    j = start
    while j < end and text[j] in _CLOSERS:
        j += 1
    return start < j < end and text[j] in ",;:"


def _ends_number_sign(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends with the word ``No.`` (``no.``)."""
    return (end - start >= 3 and text[end - 1] == "." and text[end - 2] == "o"
            and text[end - 3] in "Nn" and (end - start == 3 or not text[end - 4].isalnum()))


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every word (:data:`WORD_PATTERN`) in ``text[start:end]``."""
    end = len(text) if end is None else end
    return [m.span() for m in WORD_RE.finditer(text, start, end)]


def count_words(text: str) -> int:
    """Number of words in ``text`` by :data:`WORD_PATTERN`."""
    return count_word_starts(text, 0, len(text))


def count_word_starts(text: str, start: int, end: int) -> int:
    """Number of words of ``text`` that start in ``[start, end)``.

    Parameters
    ----------
    text : str
        The document text.
    start, end : int
        The region; a word is counted where it starts, as if :data:`WORD_RE` were
        run over the whole text, so a word cut by ``start`` is not counted and a
        word cut by ``end`` is.

    Returns
    -------
    int
        The count, without building a list of match objects.
    """
    if start > 0 and _WORD_OR_JOINER_RE.match(text, start - 1):  # may start inside a word
        return len(_WORD_START_RE.findall(text, start, end))
    # words never contain white space, and the region starts outside any word
    chunks = text[start:end].split()
    plain = bytes(map(str.isalnum, chunks))  # 1 for a chunk that is one plain word
    other = compress(chunks, plain.translate(_NOT_PLAIN))
    return plain.count(1) + sum(map(_CHUNK_WORDS.__getitem__, other))


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
