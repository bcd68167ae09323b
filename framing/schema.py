"""Column names of every frame that crosses a module boundary: one home for each name.

All offsets (``start``, ``end``) are character offsets into the cleaned document
``text`` of the ``documents`` frame, so ``text[start:end]`` is the span.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

__all__ = [
    "DOCUMENT_COLUMNS",
    "MANIFEST_COLUMNS",
    "SENTENCE_COLUMNS",
    "QUOTE_COLUMNS",
    "HIT_COLUMNS",
    "MENTION_COLUMNS",
    "STANCE_COLUMNS",
    "Status",
    "SentenceVoice",
    "HitVoice",
    "QuoteKind",
    "StanceLabel",
    "empty_frame",
]

Status = Literal["accepted", "rejected", "duplicate"]
SentenceVoice = Literal["author", "quoted", "mixed"]
HitVoice = Literal["author", "quoted", "scare_quote"]
QuoteKind = Literal["speech", "scare", "unknown"]
StanceLabel = Literal["against", "neutral", "favor"]

#: documents: one row per accepted document.
#: ``doc_id`` is derived from the normalised text (16 hex digits of SHA-256);
#: ``source`` is ``path`` or ``path:line`` of the input item it came from;
#: ``source_id`` is the item's own identifier (an ``id`` column or front-matter key), if any.
DOCUMENT_COLUMNS = [
    "doc_id", "outlet", "title", "author", "date", "url", "text", "source", "source_id",
]

#: manifest: one row per input item (file, or row of a table file).
#: accepted + rejected + duplicate rows equal the number of input items.
MANIFEST_COLUMNS = ["item", "path", "line", "outlet", "status", "reason", "doc_id"]

#: sentences: ``sent_id`` counts from 0 within a document; ``para_id`` likewise.
#: ``quote_id`` is the first speech quotation overlapping the sentence (quoted / mixed)
#: or, for an author sentence, its first scare quote; -1 if none.
#: ``n_tokens`` counts words (:data:`framing.text.WORD_PATTERN`); ``n_quoted_tokens``
#: those inside speech quotations (the quoted voice), so author-voice words are
#: ``n_tokens - n_quoted_tokens`` (scare quotes count as the author's).
SENTENCE_COLUMNS = [
    "doc_id", "sent_id", "para_id", "start", "end", "text",
    "voice", "speaker", "quote_id", "n_tokens", "n_quoted_tokens",
]

#: quotes: one row per quotation span; ``start``/``end`` include the quote marks.
QUOTE_COLUMNS = [
    "doc_id", "quote_id", "start", "end", "kind", "speaker", "speaker_start",
    "speaker_end", "verb", "text",
]

#: hits: one row per loaded-term match.  ``lexicon`` is ``name@version``.
HIT_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "match", "entry", "category", "weight",
    "lexicon", "voice", "speaker", "negated",
]

#: mentions of stance targets.
MENTION_COLUMNS = ["doc_id", "sent_id", "target", "alias", "start", "end", "voice", "speaker"]

#: stance: one row per (sentence, target) pair.
STANCE_COLUMNS = [
    "doc_id", "sent_id", "target", "alias", "start", "end", "score", "label",
    "method", "voice", "speaker",
]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """Return an empty frame with ``columns`` (used so empty results keep their schema)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
