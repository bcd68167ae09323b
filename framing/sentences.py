"""The ``sentences`` frame: one row per sentence with offsets into the document text."""

from __future__ import annotations

import pandas as pd

from framing.schema import SENTENCE_COLUMNS
from framing.text import WORD_RE, segment

__all__ = ["document_sentences", "sentences_frame"]


def document_sentences(doc_id: str, text: str) -> list[dict]:
    """Sentence rows of one document (voice columns default to the author's voice).

    Parameters
    ----------
    doc_id : str
        The document id.
    text : str
        The cleaned document text.

    Returns
    -------
    list of dict
        Rows with the keys of :data:`framing.schema.SENTENCE_COLUMNS`; ``voice``,
        ``speaker``, ``quote_id`` and ``n_quoted_tokens`` are filled by the quote
        step of the pipeline.
    """
    rows = []
    for sent_id, (para_id, start, end) in enumerate(segment(text)):
        rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "para_id": para_id, "start": start, "end": end,
            "text": text[start:end], "voice": "author", "speaker": None, "quote_id": -1,
            "n_tokens": sum(1 for _ in WORD_RE.finditer(text, start, end)), "n_quoted_tokens": 0,
        })
    return rows


def sentences_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """Segment every document of ``documents`` into the ``sentences`` frame.

    Parameters
    ----------
    documents : pandas.DataFrame
        With at least ``doc_id`` and ``text``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`framing.schema.SENTENCE_COLUMNS`, ordered by document then sentence.
    """
    rows = [row for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True)
            for row in document_sentences(doc_id, text)]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
